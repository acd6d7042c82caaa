//! Content that real Hugo 0.168 builds, built as Hugo builds it: never stricter than Hugo. Each
//! case was run through the real Hugo binary first; the expected paths and values are what it
//! gave. Where Hugo is silent about something that looks like a mistake, inkstone builds and
//! warns with the file and line.

mod common;

use common::build_files;

#[test]
fn a_one_digit_hour_is_read_as_go_reads_it() {
    let b = build_files(
        &[(
            "content/posts/a.md",
            "---\ntitle: A\ndate: 2019-05-28T7:15:43+08:00\n---\nBody.\n",
        )],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let page = b.html("posts/a/index.html");
    assert_eq!(
        page.attr("article time[datetime], time[datetime]", "datetime"),
        "2019-05-28T07:15:43+08:00"
    );
}

#[test]
fn a_quoted_title_continued_at_column_zero_is_one_line_and_a_warning() {
    let b = build_files(
        &[(
            "content/posts/a.md",
            "---\ntitle: \"A long title\ncontinued here\"\ndate: 2020-01-01\n---\nBody.\n",
        )],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert_eq!(
        b.html("posts/a/index.html").text("h1"),
        "A long title continued here"
    );
    let stderr = b.stderr();
    assert!(
        stderr.contains("warning: a quoted value continues"),
        "{stderr}"
    );
    assert!(stderr.contains("content/posts/a.md:3:1"), "{stderr}");
}

#[test]
fn a_quoted_value_never_closed_is_still_an_error() {
    let b = build_files(
        &[(
            "content/posts/a.md",
            "---\ntitle: \"Broken\ndate: 2020-01-01\n---\nBody.\n",
        )],
        &[],
    );
    assert!(!b.succeeded());
    assert!(b.stderr().contains("invalid YAML front matter"));
}

const MENU_CONFIG: &str = r#"
baseURL = "https://example.org/"
title = "Menus"
[[menus.main]]
name = "Docs"
identifier = "docs"
weight = 1
[[menus.main]]
name = "Intro"
parent = "docs"
pageRef = "/posts/a"
[[menus.main]]
name = "Gone"
pageRef = "/posts/nope"
weight = 2
"#;

#[test]
fn menu_headings_without_a_link_and_page_refs_to_missing_pages_build() {
    let b = build_files(
        &[
            ("hugo.toml", MENU_CONFIG),
            ("content/posts/a.md", "---\ntitle: A\n---\nA.\n"),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let home = b.html("index.html");
    assert_eq!(
        home.texts("nav .menu-heading"),
        vec!["Docs".to_owned(), "Gone".to_owned()]
    );
    assert!(
        home.attrs("nav a", "href")
            .iter()
            .any(|h| h.ends_with("/posts/a/")),
        "the child entry links to its page"
    );
    let stderr = b.stderr();
    assert!(
        stderr.contains("pageRef \"/posts/nope\" names no page; the entry `Gone` has no link"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("Docs"),
        "a heading entry is Hugo's documented pattern, not a mistake: {stderr}"
    );
}

#[test]
fn aliases_are_placed_as_hugo_places_them() {
    let b = build_files(
        &[
            ("content/blog/_index.md", "---\ntitle: Blog\n---\n"),
            (
                "content/blog/d.md",
                "---\ntitle: D\naliases: [\"d-old/\", \"/blog/istio-0.8-notes\", \"/x/y.html\", \"/c/d.xml\", \"/blog/d/\"]\n---\nD.\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    // Relative to the page's folder; a folder unless it ends in .html or .htm.
    for redirect in [
        "blog/d-old/index.html",
        "blog/istio-0.8-notes/index.html",
        "x/y.html",
        "c/d.xml/index.html",
    ] {
        let page = b.html(redirect);
        assert!(
            page.attr("link[rel=canonical]", "href")
                .ends_with("/blog/d/"),
            "{redirect} redirects to the page"
        );
    }
    // The alias of the page's own URL: the page wins, with a warning at the key.
    assert_eq!(b.html("blog/d/index.html").text("h1"), "D");
    let stderr = b.stderr();
    assert!(
        stderr.contains("alias `/blog/d/` is the page's own URL; it is ignored"),
        "{stderr}"
    );
    assert!(stderr.contains("content/blog/d.md:3"), "{stderr}");
}

#[test]
fn an_alias_on_another_pages_url_builds_with_a_warning() {
    let b = build_files(
        &[
            ("content/blog/_index.md", "---\ntitle: Blog\n---\n"),
            ("content/blog/c.md", "---\ntitle: C\n---\nC.\n"),
            (
                "content/posts/b.md",
                "---\ntitle: B\naliases: [\"/blog/\"]\n---\nB.\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(
        b.stderr()
            .contains("the alias /blog/ of /posts/b/ is dropped"),
        "{}",
        b.stderr()
    );
    assert!(b.exists("blog/index.html"));
}

#[test]
fn a_menu_parent_that_names_no_entry_becomes_a_heading() {
    let b = build_files(
        &[
            (
                "hugo.toml",
                "[[menu.main]]\nname = \"Orphan\"\nurl = \"/x/\"\nparent = \"nobody\"\n",
            ),
            ("content/post.md", "---\ntitle: P\n---\n"),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let home = b.html("index.html");
    assert_eq!(home.texts("nav .menu-heading"), vec!["nobody".to_owned()]);
    assert_eq!(home.text("nav .menu-heading + ul a"), "Orphan");
    let stderr = b.stderr();
    assert!(stderr.contains("`nobody` given as a parent"), "{stderr}");
    assert!(stderr.contains("hugo.toml"), "{stderr}");
}

#[test]
fn a_terms_own_index_gives_its_title_and_is_no_section() {
    let b = build_files(
        &[
            (
                "content/categories/_index.md",
                "---\ntitle: All the categories\n---\n",
            ),
            (
                "content/categories/Foo/_index.md",
                "---\ntitle: The Foo category\n---\nAbout foo.\n",
            ),
            (
                "content/posts/c.md",
                "---\ntitle: C\ncategories: [Foo]\n---\nC.\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let term = b.html("categories/foo/index.html");
    assert_eq!(term.text("h1"), "The Foo category");
    assert!(
        term.attrs("main a", "href")
            .iter()
            .any(|h| h.ends_with("/posts/c/"))
    );
    assert_eq!(
        b.html("categories/index.html").text("h1"),
        "All the categories"
    );
    // Not a section: the home page lists no "categories" section.
    let home = b.html("index.html");
    assert!(
        !home
            .texts("nav a")
            .iter()
            .any(|t| t == "All the categories")
    );
}

#[test]
fn front_matter_after_blank_lines_is_front_matter() {
    let b = build_files(
        &[
            (
                "content/posts/draft.md",
                "\n\n---\ntitle: Hidden\ndraft: true\n---\nNot yet.\n",
            ),
            (
                "content/posts/shown.md",
                "\n+++\ntitle = \"Shown\"\ndate = 2020-01-01\n+++\nHello.\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(!b.exists("posts/draft/index.html"), "a draft stays a draft");
    assert_eq!(b.html("posts/shown/index.html").text("h1"), "Shown");
}
