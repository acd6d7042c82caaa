//! How the output folder is written: only what changed, and identical to a clean build.

mod common;

use common::{build_copy, repo_path};

fn written(stdout: &[u8]) -> String {
    let text = String::from_utf8_lossy(stdout);
    text.lines()
        .find(|l| l.starts_with("Wrote "))
        .unwrap_or_else(|| panic!("no 'Wrote' line in {text}"))
        .to_owned()
}

#[test]
fn a_rebuild_writes_only_what_changed_and_matches_a_clean_build() {
    let b = build_copy(&repo_path("examples/blog"), &["-v"]);
    assert!(b.succeeded(), "{}", b.stderr());

    let again = b.rebuild(&["-v"]);
    assert!(
        written(&again.stdout).starts_with("Wrote 0 files"),
        "{}",
        written(&again.stdout)
    );

    // Text after <!--more--> shows on the page alone.
    let bundle = b.site().join("content/posts/hello-bundle/index.md");
    let text = std::fs::read_to_string(&bundle).unwrap();
    std::fs::write(&bundle, text.replace("Nothing else,", "Nothing more,")).unwrap();
    let edited = b.rebuild(&["-v"]);
    // The page, and the search index's meta, chunk and the page's fragment.
    assert!(
        written(&edited.stdout).starts_with("Wrote 4 files"),
        "{}",
        written(&edited.stdout)
    );
    assert!(
        b.file("2024/03/a-post-with-its-own-pictures/index.html")
            .contains("Nothing more,")
    );

    // A note's only paragraph is its summary: its section list and feed change with it.
    let note = b.site().join("content/notes/second.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(
        &note,
        text.replace("The second note.", "The second note, edited."),
    )
    .unwrap();
    let edited = b.rebuild(&["-v"]);
    assert!(
        written(&edited.stdout).starts_with("Wrote 6 files"),
        "{}",
        written(&edited.stdout)
    );
    for rel in [
        "notes/second/index.html",
        "notes/index.html",
        "notes/index.xml",
    ] {
        assert!(b.file(rel).contains("The second note, edited."), "{rel}");
    }

    // The incrementally written folder holds exactly what a clean build of the same files writes.
    let clean = build_copy(&b.site(), &[]);
    assert!(clean.succeeded());
    common::assert_same_tree(&b.public(), &clean.public());
}
