//! The build cache must never change what a build writes: after each kind of change, a build that
//! reuses the cache is compared, byte for byte, with a clean build of the same files.

mod common;

use std::path::Path;

use common::{Built, assert_same_tree, build_copy, repo_path, write_files};

fn edit(site: &Path, rel: &str, from: &str, to: &str) {
    let path = site.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} does not contain {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn wrote(stdout: &[u8]) -> usize {
    let text = String::from_utf8_lossy(stdout);
    let line = text
        .lines()
        .find(|l| l.starts_with("Wrote "))
        .expect("a Wrote line");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Rebuilds `b` with its cache, builds a fresh copy without one, and compares the two outputs.
fn assert_matches_clean(b: &Built, what: &str) -> usize {
    let out = b.rebuild(&["-v"]);
    assert!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let clean = build_copy(&b.site(), &["--no-cache"]);
    assert!(clean.succeeded(), "{what}: {}", clean.stderr());
    assert_same_tree(&b.public(), &clean.public());
    wrote(&out.stdout)
}

#[test]
fn cached_builds_equal_clean_builds_after_every_kind_of_change() {
    let b = build_copy(&repo_path("examples/blog"), &[]);
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(b.site().join(".inkstone-cache").is_dir());
    let site = b.site();

    assert_eq!(assert_matches_clean(&b, "nothing changed"), 0);

    edit(
        &site,
        "content/posts/hello-bundle/index.md",
        "Nothing else,",
        "Nothing more,",
    );
    // The page, and of the search index: its meta, the chunk of the changed word, the page's
    // fragment.
    assert_eq!(
        assert_matches_clean(&b, "a body changed after <!--more-->"),
        1 + 3
    );

    edit(
        &site,
        "content/posts/code-tour.md",
        "title: \"A Tour of Code Blocks\"",
        "title: \"Code Blocks, Toured\"",
    );
    assert!(assert_matches_clean(&b, "a title changed") > 3);

    edit(
        &site,
        "content/posts/cjk-notes.md",
        "date: 2023-11-05T20:00:00+08:00",
        "date: 2024-05-05T20:00:00+08:00",
    );
    assert_matches_clean(&b, "a date changed the order");

    edit(
        &site,
        "content/posts/cjk-notes.md",
        "tags: [\"community\", \"云原生\"]",
        "tags: [\"community\", \"meetups\"]",
    );
    assert_matches_clean(&b, "tags changed");

    write_files(
        &site,
        &[(
            "content/posts/new.md",
            "---\ntitle: Brand New\ndate: 2024-06-01\ntags: [hugo]\n---\nFresh.\n",
        )],
    );
    assert_matches_clean(&b, "a post added");

    std::fs::remove_file(site.join("content/posts/toml-post.md")).unwrap();
    assert_matches_clean(&b, "a post deleted");

    edit(
        &site,
        "content/posts/draft.md",
        "draft: true",
        "draft: false",
    );
    assert_matches_clean(&b, "a draft published");

    write_files(
        &site,
        &[(
            "templates/partials/footer.html",
            "<footer>custom footer</footer>\n",
        )],
    );
    assert!(assert_matches_clean(&b, "a template added") > 20);

    edit(
        &site,
        "hugo.toml",
        "title = \"Field Notes\"",
        "title = \"Field Notes, Renamed\"",
    );
    assert!(assert_matches_clean(&b, "the config changed") > 20);

    write_files(
        &site,
        &[(
            "static/images/avatar.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
        )],
    );
    assert_matches_clean(&b, "a static file changed");

    write_files(
        &site,
        &[(
            "content/posts/hello-bundle/cover.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
        )],
    );
    assert_matches_clean(&b, "a bundle file changed");

    std::fs::remove_file(b.public().join("about/index.html")).unwrap();
    assert_eq!(
        assert_matches_clean(&b, "an output file deleted by hand"),
        1
    );
}

#[test]
fn clean_removes_the_cache_and_no_cache_ignores_it() {
    let b = build_copy(&repo_path("examples/blog"), &[]);
    let cache = b.site().join(".inkstone-cache");
    assert!(cache.is_dir());
    // A damaged cache only costs time: a torn log, then files that are not caches at all.
    let log = std::fs::read(cache.join("render.jsonl")).unwrap();
    std::fs::write(cache.join("render.jsonl"), &log[..log.len() / 2]).unwrap();
    assert_matches_clean(&b, "a torn render cache");
    std::fs::write(cache.join("render.jsonl"), "not json\n").unwrap();
    std::fs::write(cache.join("front-matter.jsonl"), "not json\n").unwrap();
    assert_matches_clean(&b, "a damaged cache");
    // Without what the search index kept of each page, an edit still gives the whole index.
    std::fs::write(cache.join("search-en.jsonl"), "not json\n").unwrap();
    let post = b.site().join("content/posts/hello-bundle/index.md");
    let text = std::fs::read_to_string(&post).unwrap();
    std::fs::write(&post, text.replacen("Nothing else,", "Nothing more,", 1)).unwrap();
    assert_matches_clean(&b, "a damaged search cache");

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_inkstone"))
        .args(["clean", "--source"])
        .arg(b.site())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!cache.exists());

    let no_cache = b.rebuild(&["--no-cache"]);
    assert!(no_cache.status.success());
    assert!(!cache.exists(), "--no-cache wrote a cache");
}

#[test]
fn front_matter_read_from_the_cache_still_warns_and_fails_as_parsed() {
    let b = common::build_files(
        &[
            (
                "content/twice.md",
                "---\ntitle: One\ntitle: Two\n---\nBody.\n",
            ),
            ("content/fine.md", "---\ntitle: Fine\n---\nBody.\n"),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(
        b.stderr().contains("given more than once"),
        "{}",
        b.stderr()
    );
    let again = b.rebuild(&[]);
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("given more than once"), "{stderr}");

    write_files(
        &b.site(),
        &[("content/fine.md", "---\ntitle: [Fine\n---\nBody.\n")],
    );
    let broken = b.rebuild(&[]);
    assert!(!broken.status.success(), "a broken front matter built");
    assert!(String::from_utf8_lossy(&broken.stderr).contains("fine.md:2"));

    write_files(
        &b.site(),
        &[("content/fine.md", "---\ntitle: Fine\n---\nBody.\n")],
    );
    assert!(b.rebuild(&[]).status.success());
    assert_eq!(b.html("fine/index.html").text("h1"), "Fine");
}
