//! Sites in several languages: the bilingual example (translations by file name) and a fixture
//! with a content folder per language.

mod common;

use common::{build_files, example, xml_texts};

const EN_POST: &str = "2023/11/notes-from-shanghai/index.html";
const ZH_POST: &str = "zh/2023/11/shanghai-notes/index.html";

#[test]
fn each_language_has_its_own_urls_home_sections_and_terms() {
    let b = example();
    // The default language stays at the root; Chinese lives under /zh/.
    assert_eq!(b.html("index.html").text(".hero h1"), "Field Notes");
    assert_eq!(b.html("zh/index.html").text(".hero h1"), "田野笔记");
    assert_eq!(b.html("zh/index.html").text(".site-title"), "田野笔记");
    assert!(b.exists(EN_POST) && b.exists(ZH_POST));
    assert!(b.exists("zh/posts/index.html"));
    assert!(b.exists("zh/tags/社区/index.html"));
    assert!(b.exists("zh/about/index.html"));
    assert!(
        !b.exists("zh/notes/index.html"),
        "nothing in Chinese under notes"
    );
    // Lists show their own language only.
    let zh_posts = b.html("zh/posts/index.html");
    assert_eq!(
        zh_posts.texts(".card-title"),
        ["图文同住的文章", "上海笔记"]
    );
    let en_posts = b.html("posts/index.html");
    assert!(
        !en_posts
            .texts(".card-title")
            .iter()
            .any(|t| t.contains("上海笔记"))
    );
    // A bundle's two languages share its files, published once beside the first language's
    // page (as Hugo does), which the translation's images point to.
    let zh_bundle = b.html("zh/2024/03/a-post-with-its-own-pictures/index.html");
    assert_eq!(
        zh_bundle.attrs(".prose img", "src"),
        ["/2024/03/a-post-with-its-own-pictures/cover.svg"]
    );
    assert!(b.exists("2024/03/a-post-with-its-own-pictures/cover.svg"));
    assert!(!b.exists("zh/2024/03/a-post-with-its-own-pictures/cover.svg"));
}

#[test]
fn translations_link_each_other_and_pages_without_one_link_the_other_home() {
    let b = example();
    let en = b.html(EN_POST);
    assert_eq!(
        en.attr(".language-switch a[hreflang=zh-CN]", "href"),
        "/zh/2023/11/shanghai-notes/"
    );
    assert_eq!(en.text(".language-switch [aria-current]"), "English");
    let zh = b.html(ZH_POST);
    assert_eq!(
        zh.attr(".language-switch a[hreflang=en]", "href"),
        "/2023/11/notes-from-shanghai/"
    );
    assert_eq!(zh.attr("html", "lang"), "zh-CN");
    assert_eq!(
        zh.attrs("link[rel=alternate][hreflang]", "href"),
        [
            "https://blog.example.org/zh/2023/11/shanghai-notes/",
            "https://blog.example.org/2023/11/notes-from-shanghai/"
        ]
    );
    // The code tour has no translation: its switcher offers the Chinese home page.
    let lonely = b.html("2024/02/a-tour-of-code-blocks/index.html");
    assert_eq!(
        lonely.attr(".language-switch a[hreflang=zh-CN]", "href"),
        "/zh/"
    );
    assert!(lonely.select("link[rel=alternate][hreflang]").is_empty());
    // Homes and sections are translations of each other too.
    assert_eq!(
        b.html("zh/posts/index.html")
            .attr(".language-switch a", "href"),
        "/posts/"
    );
}

#[test]
fn chinese_pages_speak_chinese_with_their_own_menus() {
    let b = example();
    let zh = b.html(ZH_POST);
    assert_eq!(zh.text(".post-header time"), "2023年11月5日");
    assert_eq!(zh.text(".skip-link"), "跳到正文");
    assert_eq!(
        zh.texts(".site-nav a"),
        ["文章", "标签", "关于"],
        "the Chinese menu: from [languages.zh.menus] and the About page's front matter"
    );
    assert_eq!(zh.attr(".site-nav a[aria-current]", "href"), "/zh/posts/");
    let en = b.html(EN_POST);
    assert!(en.texts(".site-nav a").contains(&"Posts".to_owned()));
    // Params of the language over the site's.
    assert_eq!(b.html("zh/index.html").text(".bio strong"), "开源");
    assert_eq!(b.html("zh/archives/index.html").text("h1"), "归档");
    // Other keys of [languages.zh] are its own values of the site's.
    assert!(
        b.html("zh/index.html")
            .text(".site-footer")
            .contains("文字采用")
    );
    assert!(
        !b.html("index.html")
            .text(".site-footer")
            .contains("文字采用")
    );
}

#[test]
fn each_language_has_its_feed_and_sitemap_with_an_index_at_the_root() {
    let b = example();
    let zh_feed = b.file("zh/index.xml");
    let links = xml_texts(&zh_feed, "link");
    assert_eq!(links[0], "https://blog.example.org/zh/");
    assert!(
        links
            .iter()
            .any(|l| l.contains("/zh/2023/11/shanghai-notes/"))
    );
    assert!(!links.iter().any(|l| l.contains("notes-from-shanghai")));
    assert_eq!(
        xml_texts(&b.file("sitemap.xml"), "loc"),
        [
            "https://blog.example.org/en/sitemap.xml",
            "https://blog.example.org/zh/sitemap.xml"
        ]
    );
    let zh_locs = xml_texts(&b.file("zh/sitemap.xml"), "loc");
    assert!(
        zh_locs
            .iter()
            .all(|l| l.starts_with("https://blog.example.org/zh/")),
        "{zh_locs:?}"
    );
    // Each page's entry names its translations.
    let zh_sitemap = b.file("zh/sitemap.xml");
    let entry = zh_sitemap
        .split("<url>")
        .find(|u| u.contains("<loc>https://blog.example.org/zh/2023/11/shanghai-notes/</loc>"))
        .unwrap_or_default();
    assert!(
        entry.contains(r#"<xhtml:link rel="alternate" hreflang="en" href="https://blog.example.org/2023/11/notes-from-shanghai/"/>"#),
        "{entry}"
    );
    let en_locs = xml_texts(&b.file("en/sitemap.xml"), "loc");
    assert!(!en_locs.iter().any(|l| l.contains("/zh/")));
    assert!(
        b.file("robots.txt")
            .contains("Sitemap: https://blog.example.org/sitemap.xml")
    );
    assert!(b.exists("zh/404.html"));
}

const FOLDERS_CONFIG: &str = r#"
title = "Docs"
defaultContentLanguage = "zh"
defaultContentLanguageInSubdir = true
[languages.zh]
languageName = "中文"
contentDir = "content/zh"
weight = 1
[languages.en]
languageName = "English"
contentDir = "content/en"
title = "Docs in English"
weight = 2
"#;

#[test]
fn a_content_folder_per_language_with_every_language_in_a_subfolder() {
    let b = build_files(
        &[
            ("hugo.toml", FOLDERS_CONFIG),
            (
                "content/zh/guide/install.md",
                "---\ntitle: 安装\ndate: 2024-01-01\n---\n先安装。\n",
            ),
            (
                "content/en/guide/install.md",
                "---\ntitle: Install\ndate: 2024-01-01\n---\nInstall first.\n",
            ),
            (
                "content/en/guide/extra.md",
                "---\ntitle: Extra\ndate: 2024-01-02\n---\nOnly in English.\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(b.exists("zh/guide/install/index.html"));
    assert!(b.exists("en/guide/install/index.html"));
    assert!(b.exists("en/guide/extra/index.html"));
    assert!(
        !b.exists("guide/install/index.html"),
        "even the default language is in its folder"
    );
    let zh = b.html("zh/guide/install/index.html");
    assert_eq!(zh.attr(".language-switch a", "href"), "/en/guide/install/");
    assert_eq!(zh.text(".post-header time"), "2024年1月1日");
    assert_eq!(
        b.html("en/index.html").text(".site-title"),
        "Docs in English"
    );
}

#[test]
fn a_language_folder_inside_content_belongs_to_that_language_only() {
    let config =
        "[languages.en]\nweight = 1\n[languages.zh]\ncontentDir = \"content/zh\"\nweight = 2\n";
    let b = build_files(
        &[
            ("hugo.toml", config),
            ("content/posts/one.md", "---\ntitle: One\n---\nText.\n"),
            ("content/zh/posts/one.md", "---\ntitle: 一\n---\n正文。\n"),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(b.exists("posts/one/index.html"));
    assert!(b.exists("zh/posts/one/index.html"));
    assert!(!b.exists("zh/index.html") || !b.file("zh/index.html").contains(">One<"));
    assert!(!b.exists("zh/zh/posts/one/index.html") && !b.exists("zh/posts/one/zh/index.html"));
    assert!(
        !b.file("posts/index.html").contains("一"),
        "the Chinese page is not English too"
    );
}

#[test]
fn bad_language_input_is_reported() {
    let config = "[languages.en]\nweight = 1\n[languages.zh]\nweight = 2\n";
    let b = build_files(
        &[
            ("hugo.toml", config),
            ("content/about.fr.md", "---\ntitle: À propos\n---\nTexte.\n"),
            (
                "content/a.zh.md",
                "---\ntitle: 甲\ntranslationKey: same\n---\n甲。\n",
            ),
            (
                "content/b.zh.md",
                "---\ntitle: 乙\ntranslationKey: same\n---\n乙。\n",
            ),
        ],
        &[],
    );
    let err = b.stderr();
    assert!(!b.succeeded());
    // An unknown language suffix is part of the name, with a warning naming the file.
    assert!(err.contains("about.fr.md"), "{err}");
    assert!(err.contains("no language `fr`"), "{err}");
    // Two pages of one language claiming one translationKey: an error at the key's line.
    assert!(err.contains("translationKey \"same\""), "{err}");
    assert!(
        err.contains("b.zh.md:3:") || err.contains("a.zh.md:3:"),
        "{err}"
    );
}

#[test]
fn the_seed_site_is_not_touched_by_languages() {
    // A site without [languages] has no language switcher, no /en/ and one sitemap.
    let b = build_files(
        &[("content/posts/one.md", "---\ntitle: One\n---\nText.\n")],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let page = b.html("posts/one/index.html");
    assert!(page.select(".language-switch").is_empty());
    assert!(page.select("link[hreflang]").is_empty());
    assert!(b.file("sitemap.xml").contains("<urlset"));
    assert!(!b.exists("en"));
}
