//! The built-in theme's own features, driven by `params`: the home page's author, social links,
//! related posts, the archive, the favicon, the accent colour, analytics and what can be hidden.

mod common;

use common::{build_files, example};

#[test]
fn the_home_page_shows_the_author_with_bio_and_social_links() {
    let home = example().html("index.html");
    assert_eq!(home.attr(".hero-avatar", "src"), "/images/avatar.svg");
    // The bio is Markdown.
    assert_eq!(home.text(".bio strong"), "open source");
    assert_eq!(
        home.attrs(".hero .social a", "href"),
        [
            "https://github.com/ada-writer",
            "https://example.social/@ada",
            "mailto:ada@example.org"
        ]
    );
    assert_eq!(
        home.texts(".site-footer .social a"),
        ["GitHub", "Mastodon", "Email"]
    );
    assert_eq!(home.attr("link[rel=icon]", "href"), "/favicon.svg");
}

#[test]
fn posts_list_related_posts_by_shared_tags_and_keywords() {
    let post = example().html("2021/09/front-matter-in-toml/index.html");
    // Two shared tags outrank one.
    assert_eq!(
        post.texts(".related li a"),
        ["A Post With Its Own Pictures", "Front Matter in JSON"]
    );
    let lonely = example().html("2023/11/notes-from-shanghai/index.html");
    assert!(lonely.select(".related").is_empty());
}

#[test]
fn images_keep_their_place_before_they_load() {
    let post = example().html("2024/03/a-post-with-its-own-pictures/index.html");
    let img = post.one(".prose img[src$=\"/gradient.png\"]");
    assert_eq!(img.value().attr("width"), Some("640"));
    assert_eq!(img.value().attr("height"), Some("360"));
    assert_eq!(img.value().attr("loading"), Some("lazy"));
}

#[test]
fn the_archive_lists_every_dated_post_by_year_and_month() {
    let b = example();
    let archive = b.html("archives/index.html");
    let years = archive.texts(".archive h2");
    assert_eq!(years.first().map(String::as_str), Some("2024"));
    let mut sorted = years.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(years, sorted, "newest year first");
    assert_eq!(
        archive.texts("section[aria-labelledby=year-2024] h3"),
        ["March", "February"]
    );
    let links = archive.attrs(".archive a", "href");
    assert!(links.contains(&"/2021/09/front-matter-in-toml/".to_owned()));
    assert!(
        !links.iter().any(|l| l.contains("unfinished")),
        "drafts stay out"
    );
    let home = b.html("index.html");
    assert!(
        home.attrs(".site-footer a", "href")
            .contains(&"/archives/".to_owned())
    );
}

#[test]
fn nothing_is_loaded_from_another_host_unless_configured() {
    let home = example().html("index.html");
    let outside: Vec<String> = home
        .attrs("script[src], link[href]", "src")
        .into_iter()
        .chain(home.attrs("link[rel=stylesheet]", "href"))
        .filter(|u| u.contains("://"))
        .collect();
    assert!(outside.is_empty(), "{outside:?}");
}

const POST: &str =
    "---\ntitle: One\ndate: 2024-01-02\ntags: [a]\n---\n## First\n\ntext\n\n## Second\n\nmore\n";
const OTHER: &str = "---\ntitle: Two\ndate: 2024-01-01\ntags: [a]\n---\nother\n";

#[test]
fn params_hide_parts_and_set_the_accent_and_analytics() {
    let config = "title = \"T\"\ngoogleAnalytics = \"G-TEST123\"\n[params]\nshowToc = false\nshowreadingtime = false\nshowRelated = false\naccent = \"#c0392b\"\nlogo = \"logo.svg\"\nfooter = \"Written by *me*\"\n";
    let b = build_files(
        &[
            ("hugo.toml", config),
            ("content/posts/one.md", POST),
            ("content/posts/two.md", OTHER),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let post = b.html("posts/one/index.html");
    assert!(post.select(".toc").is_empty());
    assert!(post.select(".related").is_empty());
    assert!(!post.text(".meta").contains("min read"));
    assert!(post.text(".meta").contains("words"));
    assert!(
        b.file("posts/one/index.html")
            .contains(":root{--accent:#c0392b}")
    );
    assert_eq!(post.attr(".site-title .logo", "src"), "/logo.svg");
    assert_eq!(post.text(".footer-text em"), "me");
    let gtag = post.attr("script[async]", "src");
    assert_eq!(
        gtag,
        "https://www.googletagmanager.com/gtag/js?id=G-TEST123"
    );

    let plain = build_files(
        &[
            ("content/posts/one.md", POST),
            ("content/posts/two.md", OTHER),
        ],
        &[],
    );
    let post = plain.html("posts/one/index.html");
    assert!(!post.select(".toc").is_empty(), "the TOC shows by default");
    assert_eq!(post.texts(".related li a"), ["Two"]);
    assert!(
        post.select("script[async]").is_empty(),
        "no analytics by default"
    );
}

#[test]
fn a_page_of_the_site_at_archives_replaces_the_built_in_one() {
    let b = build_files(
        &[
            ("content/posts/one.md", POST),
            (
                "content/archives.md",
                "---\ntitle: My own archive\n---\nHand made.\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert_eq!(b.html("archives/index.html").text("h1"), "My own archive");
}

const CHINESE_POST: &str = "---\ntitle: 新的开始\ndate: 2020-08-31T10:00:00+08:00\ntags: [云原生]\n---\n今天是我在蚂蚁集团的最后一天。\n\n<!--more-->\n\n## 第一节\n\n正文。\n\n## 第二节\n\n更多。\n";

#[test]
fn a_chinese_site_gets_the_theme_in_chinese_with_chinese_dates() {
    let b = build_files(
        &[
            (
                "hugo.toml",
                "title = \"云原生社区\"\nlanguageCode = \"zh-CN\"\n",
            ),
            ("content/posts/new.md", CHINESE_POST),
            (
                "content/posts/other.md",
                "---\ntitle: 另一篇\ndate: 2020-08-01\ntags: [云原生]\n---\n正文。\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let post = b.html("posts/new/index.html");
    assert_eq!(post.text(".post-header time"), "2020年8月31日");
    assert_eq!(post.text(".toc summary"), "目录");
    assert!(post.text(".post-header .meta").contains("阅读约 1 分钟"));
    assert_eq!(post.text(".related h2"), "相关文章");
    assert_eq!(post.text(".terms-label"), "标签:");
    assert_eq!(post.text(".skip-link"), "跳到正文");
    let home = b.html("index.html");
    assert_eq!(
        home.texts(".read-more")
            .first()
            .map(|t| t.starts_with("阅读全文")),
        Some(true)
    );
    let archive = b.html("archives/index.html");
    assert_eq!(archive.text("h1"), "归档");
    assert_eq!(archive.texts(".archive h3"), ["8月"]);
    assert_eq!(b.html("404.html").text("h1"), "页面不存在");
}

#[test]
fn a_sites_i18n_files_replace_the_theme_strings_and_unknown_languages_read_english() {
    let b = build_files(
        &[
            (
                "hugo.toml",
                "title = \"Blog\"\ndefaultContentLanguage = \"fr\"\nlanguageCode = \"fr-FR\"\n",
            ),
            (
                "i18n/fr.toml",
                "readMore = \"Lire la suite\"\n[readingTime]\none = \"1 minute\"\nother = \"{{ .Count }} minutes\"\n",
            ),
            (
                "content/posts/one.md",
                "---\ntitle: Un\ndate: 2024-01-02\n---\nPremier.\n\n<!--more-->\n\nSuite.\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let home = b.html("index.html");
    assert!(home.text(".read-more").starts_with("Lire la suite"));
    assert_eq!(home.text(".card .meta span"), "1 minute");
    // What the site does not translate stays English.
    assert_eq!(
        b.html("posts/one/index.html").text(".post-header time"),
        "January 2, 2024"
    );

    let broken = build_files(
        &[
            ("i18n/en.toml", "readMore = \n"),
            ("content/one.md", "---\ntitle: One\n---\nText.\n"),
        ],
        &[],
    );
    assert!(!broken.succeeded());
    assert!(
        broken.stderr().contains("i18n/en.toml:1:"),
        "{}",
        broken.stderr()
    );
}

#[test]
fn each_post_of_a_series_lists_the_series_in_reading_order() {
    let post = example().html("2024/03/a-post-with-its-own-pictures/index.html");
    assert_eq!(post.attr(".series p a", "href"), "/series/getting-started/");
    assert_eq!(
        post.texts(".series li"),
        ["A Tour of Code Blocks", "A Post With Its Own Pictures"]
    );
    assert_eq!(
        post.text(".series [aria-current=page]"),
        "A Post With Its Own Pictures"
    );
    let other = example().html("2024/02/a-tour-of-code-blocks/index.html");
    assert_eq!(
        other.attrs(".series li a", "href"),
        ["/2024/03/a-post-with-its-own-pictures/"]
    );
}

#[test]
fn an_authors_taxonomy_gives_each_author_a_page_with_their_card() {
    let post = |name: &str, date: &str, author: &str, extra: &str| {
        format!("---\ntitle: {name}\ndate: {date}\nauthor: \"{author}\"\n{extra}---\nText.\n")
    };
    let jimmy = "[Jimmy Song](https://jimmysong.io)";
    let b = build_files(
        &[
            (
                "hugo.toml",
                "[taxonomies]\ntag = \"tags\"\nauthor = \"authors\"\n",
            ),
            (
                "content/blog/a.md",
                &post(
                    "A",
                    "2020-01-01",
                    jimmy,
                    "profile: \"Founder\"\navatar: \"/images/jimmy.png\"\n",
                ),
            ),
            ("content/blog/b.md", &post("B", "2020-02-01", jimmy, "")),
            ("content/blog/c.md", &post("C", "2020-03-01", "Ada", "")),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let jimmy_page = b.html("authors/jimmy-song/index.html");
    assert_eq!(jimmy_page.text("h1"), "Jimmy Song");
    assert_eq!(jimmy_page.text(".lead"), "2 posts");
    assert_eq!(jimmy_page.text(".author-profile"), "Founder");
    assert_eq!(
        jimmy_page.attr(".author-card .avatar", "src"),
        "/images/jimmy.png"
    );
    assert_eq!(
        jimmy_page.attr(".author-name a", "href"),
        "https://jimmysong.io"
    );
    assert_eq!(jimmy_page.texts(".card-title"), ["B", "A"]);
    let ada = b.html("authors/ada/index.html");
    assert!(ada.select(".author-card").is_empty(), "no profile, no card");
    assert_eq!(
        b.html("authors/index.html").texts(".term-cloud a"),
        ["Ada 1", "Jimmy Song 2"]
    );
}

#[test]
fn a_menu_entry_is_marked_when_the_page_is_one_of_its_children() {
    let config = r#"
[[menu.main]]
name = "Guides"
url = "/guides/"
identifier = "guides"
[[menu.main]]
name = "Install"
pageRef = "/docs/install.md"
parent = "guides"
"#;
    let b = build_files(
        &[
            ("hugo.toml", config),
            (
                "content/docs/install.md",
                "---\ntitle: Install\n---\nSteps.\n",
            ),
            ("content/posts/other.md", "---\ntitle: Other\n---\nText.\n"),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let page = b.html("docs/install/index.html");
    assert_eq!(
        page.attr(".site-nav a[href=\"/docs/install/\"]", "aria-current"),
        "page"
    );
    assert_eq!(
        page.attr(".site-nav a[href=\"/guides/\"]", "aria-current"),
        "true"
    );
    let other = b.html("posts/other/index.html");
    assert!(other.select(".site-nav a[aria-current]").is_empty());
}
