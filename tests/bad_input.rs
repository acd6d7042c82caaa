//! Bad input gets a clear diagnostic, every problem is reported in one run, and a failed build
//! leaves the output folder exactly as it was.

mod common;

use common::{Built, build_files, snapshot, write_files};

const GOOD_POST: &str = "---\ntitle: Good\ndate: 2024-01-02\n---\nFine.\n";

fn assert_failed_with(b: &Built, needles: &[&str]) {
    assert!(
        !b.succeeded(),
        "the build should fail; stdout:\n{}",
        b.stdout()
    );
    let stderr = b.stderr();
    for needle in needles {
        assert!(stderr.contains(needle), "missing {needle:?} in:\n{stderr}");
    }
}

#[test]
fn broken_yaml_front_matter_names_file_line_and_column() {
    let b = build_files(
        &[(
            "content/posts/broken.md",
            "---\ntitle: \"Broken\ndate: 2020-01-01\n---\nbody\n",
        )],
        &[],
    );
    assert_failed_with(
        &b,
        &[
            "invalid YAML front matter",
            "content/posts/broken.md:3:1",
            "help: fix the YAML syntax",
        ],
    );
    assert!(
        !b.public().exists(),
        "a failed first build created the output folder"
    );
}

#[test]
fn broken_toml_and_json_front_matter() {
    let b = build_files(
        &[
            ("content/a.md", "+++\ntitle = \"x\"\ndate = \n+++\nbody\n"),
            (
                "content/b.md",
                "{\n  \"title\": \"x\",\n  \"tags\": [\"a\",]\n}\nbody\n",
            ),
        ],
        &[],
    );
    assert_failed_with(
        &b,
        &[
            "invalid TOML front matter",
            "content/a.md:3:",
            "invalid JSON front matter",
            "content/b.md:3:",
        ],
    );
}

#[test]
fn unparsable_date_points_at_its_key() {
    let b = build_files(
        &[(
            "content/post.md",
            "---\ntitle: Dates\ndate: 2020-13-45\n---\nbody\n",
        )],
        &[],
    );
    assert_failed_with(
        &b,
        &[
            "\"2020-13-45\" is not a date",
            "content/post.md:3:1",
            "date: 2020-13-45",
        ],
    );
}

#[test]
fn non_utf8_file_is_reported_with_position() {
    let b = build_files(&[("content/good.md", GOOD_POST)], &[]);
    std::fs::write(
        b.site().join("content/latin1.md"),
        b"---\ntitle: Latin1\n---\ncaf\xe9\n",
    )
    .unwrap();
    let out = b.rebuild(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("not UTF-8"), "{stderr}");
    assert!(stderr.contains("latin1.md:4:4"), "{stderr}");
}

#[test]
fn unclosed_front_matter() {
    let b = build_files(
        &[("content/post.md", "+++\ntitle = \"never closed\"\n\nbody\n")],
        &[],
    );
    assert_failed_with(
        &b,
        &[
            "never closed",
            "content/post.md:1:1",
            "add a line with only `+++`",
        ],
    );
}

#[test]
fn template_errors_name_the_template_line() {
    let b = build_files(
        &[
            ("content/post.md", GOOD_POST),
            ("content/other.md", GOOD_POST),
            (
                "templates/page.html",
                "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title | nosuchfilter }}\n{% endblock %}\n",
            ),
        ],
        &[],
    );
    assert_failed_with(
        &b,
        &["unknown filter", "templates/page.html:3:", "and 1 more"],
    );
    // Reported once, not once per page.
    assert_eq!(
        b.stderr().matches("nosuchfilter is unknown").count(),
        1,
        "{}",
        b.stderr()
    );

    let syntax = build_files(
        &[
            ("content/post.md", GOOD_POST),
            ("templates/page.html", "{% if %}\n"),
        ],
        &[],
    );
    assert_failed_with(&syntax, &["syntax error", "templates/page.html:1:"]);
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let b = build_files(
        &[
            (
                "content/a.md",
                "---\ntitle: \"Broken\ndate: 2020-01-01\n---\n",
            ),
            ("content/b.md", "---\ndate: yesterday\n---\n"),
            ("content/c.md", "---\ntitle: never closed\n"),
            ("content/d.md", GOOD_POST),
            ("templates/page.html", "{{ page.title | nosuchfilter }}\n"),
        ],
        &[],
    );
    assert_failed_with(
        &b,
        &[
            "content/a.md",
            "content/b.md",
            "content/c.md",
            "templates/page.html",
            "Build failed with 4 errors",
        ],
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let b = build_files(
        &[
            ("content/post.md", GOOD_POST),
            (
                "content/other.md",
                GOOD_POST.replace("Good", "Other").as_str(),
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let before = snapshot(&b.public());
    assert!(!before.is_empty());

    write_files(
        &b.site(),
        &[("content/other.md", "---\ntitle: [unclosed\n---\n")],
    );
    let out = b.rebuild(&[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("left as it was"));
    assert_eq!(
        snapshot(&b.public()),
        before,
        "a failed build changed public/"
    );

    // A failure found only while rendering also leaves everything as it was.
    write_files(
        &b.site(),
        &[
            ("content/other.md", GOOD_POST),
            ("templates/page.html", "{{ nosuch() }}"),
        ],
    );
    let out = b.rebuild(&[]);
    assert!(!out.status.success());
    assert_eq!(
        snapshot(&b.public()),
        before,
        "a failed render changed public/"
    );
}

#[test]
fn files_inkstone_did_not_write_survive_and_stale_ones_go() {
    let b = build_files(
        &[
            ("content/post.md", GOOD_POST),
            ("content/old.md", GOOD_POST),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    write_files(
        &b.public(),
        &[
            ("CNAME", "example.org\n"),
            (".git/HEAD", "ref: refs/heads/gh-pages\n"),
        ],
    );
    assert!(b.exists("old/index.html"));

    std::fs::remove_file(b.site().join("content/old.md")).unwrap();
    let out = b.rebuild(&[]);
    assert!(out.status.success());
    assert_eq!(b.file("CNAME"), "example.org\n");
    assert_eq!(b.file(".git/HEAD"), "ref: refs/heads/gh-pages\n");
    assert!(
        !b.exists("old/index.html"),
        "a page deleted from content/ is still published"
    );
    assert!(b.exists("post/index.html"));
    assert!(!b.exists(".inkstone-staging"));
}

#[test]
fn duplicate_yaml_keys_warn_and_the_last_wins() {
    let b = build_files(
        &[(
            "content/post.md",
            "---\ntitle: First\ntags: [a]\ntitle: Second\n---\nbody\n",
        )],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(
        b.stderr()
            .contains("warning: the key `title` is given more than once"),
        "{}",
        b.stderr()
    );
    assert!(b.stderr().contains("content/post.md:4:1"), "{}", b.stderr());
    assert_eq!(b.html("post/index.html").text("article h1"), "Second");
}

#[test]
fn paths_that_leave_the_output_folder_are_errors() {
    for (key, value) in [
        ("url", "../../escape/"),
        ("slug", "../../escape"),
        ("aliases", "[\"../../escape/\"]"),
    ] {
        let front = format!("---\ntitle: Escape\n{key}: {value}\n---\nx\n");
        let b = build_files(&[("content/post.md", front.as_str())], &[]);
        assert_failed_with(
            &b,
            &[
                "would write outside the site's output folder",
                "content/post.md:3:1",
            ],
        );
        assert!(!b.dir.path().join("escape").exists());
        assert!(!b.site().join("escape").exists());
    }
}

#[test]
fn two_pages_claiming_one_path_are_both_named() {
    let b = build_files(
        &[
            ("content/posts/a.md", "---\ntitle: A\nslug: same\n---\n"),
            ("content/posts/b.md", "---\ntitle: B\nslug: same\n---\n"),
        ],
        &[],
    );
    assert_failed_with(
        &b,
        &[
            "content/posts/a.md and ",
            "content/posts/b.md both write posts/same/index.html",
        ],
    );
}

#[test]
fn broken_config_is_reported_with_position() {
    let b = build_files(
        &[
            ("hugo.toml", "title = \"x\"\nbaseURL = \n"),
            ("content/post.md", GOOD_POST),
        ],
        &[],
    );
    assert_failed_with(&b, &["invalid TOML", "hugo.toml:2:"]);
}
