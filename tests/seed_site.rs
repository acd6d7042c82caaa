//! The seed site (../shared/seed-site): four real files from a Hugo blog, no config. Every front
//! matter key must mean something on the rendered page.

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use common::{Built, build_copy, xml_texts};

fn seed_dir() -> Option<PathBuf> {
    let dir = common::repo_path("../shared/seed-site");
    dir.join("content").is_dir().then_some(dir)
}

/// One build shared by the tests of this file; `None` where the seed site is not checked out.
fn built() -> Option<&'static Built> {
    static BUILT: OnceLock<Option<Built>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let built = build_copy(&seed_dir()?, &[]);
            assert!(
                built.succeeded(),
                "seed site failed to build:\n{}",
                built.stderr()
            );
            Some(built)
        })
        .as_ref()
}

macro_rules! seed_or_skip {
    () => {
        match built() {
            Some(b) => b,
            None => {
                eprintln!("../shared/seed-site is not here; skipping");
                return;
            }
        }
    };
}

#[test]
fn builds_every_page_at_hugo_urls() {
    let b = seed_or_skip!();
    for rel in [
        "index.html",
        "about/index.html",
        "blog/index.html",
        "blog/cncf-ambassador/index.html",
        "blog/goodbye-ant-hello-tetrate/index.html",
        "blog/cloud-native-community/index.html",
        "tags/index.html",
        "tags/cloud-native/index.html",
        "tags/community/index.html",
        "categories/cloud-native/index.html",
        "categories/private/index.html",
        "categories/other/index.html",
        "404.html",
        "index.xml",
        "sitemap.xml",
        "robots.txt",
    ] {
        assert!(b.exists(rel), "{rel} is missing");
    }
    assert!(b.stdout().contains("Built 4 pages"), "{}", b.stdout());
}

#[test]
fn title_subtitle_and_date() {
    let b = seed_or_skip!();
    let page = b.html("blog/cncf-ambassador/index.html");
    assert_eq!(
        page.text("article h1"),
        "Joined the CNCF Ambassador program"
    );
    assert_eq!(
        page.text(".post-header .subtitle"),
        "Honored to be a CNCF Ambassador"
    );
    assert_eq!(
        page.attr(".post-header time", "datetime"),
        "2018-08-11T11:37:36+08:00"
    );
    assert_eq!(page.text(".post-header time"), "August 11, 2018");
    assert!(
        page.text("title")
            .starts_with("Joined the CNCF Ambassador program")
    );
}

#[test]
fn description_goes_to_meta_and_open_graph() {
    let b = seed_or_skip!();
    let page = b.html("blog/goodbye-ant-hello-tetrate/index.html");
    let description =
        "Today is my last day at Ant and tomorrow I'm starting a new career at Tetrate.";
    assert_eq!(page.meta("description").as_deref(), Some(description));
    assert_eq!(page.meta("og:description").as_deref(), Some(description));
    let about = b.html("about/index.html");
    assert_eq!(
        about.meta("description").as_deref(),
        Some("Jimmy Song's profile.")
    );
}

#[test]
fn bg_image_is_the_title_background() {
    let b = seed_or_skip!();
    for rel in ["about/index.html", "blog/cloud-native-community/index.html"] {
        let page = b.html(rel);
        let src = page.attr(".post-header.has-bg img.post-header-bg", "src");
        assert_eq!(src, "/images/backgrounds/page-title.jpg", "{rel}");
    }
    // A post without bg_image gets the plain header.
    let plain = b.html("blog/cncf-ambassador/index.html");
    assert!(plain.select(".post-header.has-bg").is_empty());
}

#[test]
fn image_is_cover_and_og_image() {
    let b = seed_or_skip!();
    let page = b.html("blog/goodbye-ant-hello-tetrate/index.html");
    assert_eq!(
        page.attr("img.cover", "src"),
        "/images/banner/new-beginning.jpg"
    );
    assert_eq!(
        page.meta("og:image").as_deref(),
        Some("/images/banner/new-beginning.jpg")
    );
    let community = b.html("blog/cloud-native-community/index.html");
    assert_eq!(
        community.attr("img.cover", "src"),
        "/images/blog/blog-2.jpg"
    );
    // The seed site has no such file: a cover that fails removes itself before any script runs,
    // leaving no empty frame.
    assert_eq!(page.attr("img.cover", "onerror"), "this.remove()");
    assert_eq!(
        page.attr(".post-header-bg", "onerror"),
        "this.parentNode.classList.remove('has-bg');this.remove()"
    );
    // Lists show it as the card cover.
    let home = b.html("index.html");
    assert!(
        home.attrs(".card-cover img", "src")
            .contains(&"/images/blog/blog-2.jpg".to_owned())
    );
}

#[test]
fn bigimg_becomes_header_images_with_captions() {
    let b = seed_or_skip!();
    let page = b.html("blog/cncf-ambassador/index.html");
    assert_eq!(
        page.attr(".bigimg figure img", "src"),
        "https://ws4.sinaimg.cn/large/0069RVTdly1fu5o2o62prj31e00jw46d.jpg"
    );
    assert_eq!(
        page.text(".bigimg figcaption"),
        "West Lake | Hangzhou | Aug 5,2018"
    );
}

#[test]
fn author_is_markdown_with_profile_and_avatar_card() {
    let b = seed_or_skip!();
    let page = b.html("blog/cloud-native-community/index.html");
    let card = page.one(".author-card");
    let link = page.one(".author-card .author-name a");
    assert_eq!(link.value().attr("href"), Some("https://jimmysong.io"));
    assert_eq!(common::text_of(link), "Jimmy Song");
    assert_eq!(
        page.text(".author-card .author-profile"),
        "Cloud Native Community founder"
    );
    assert_eq!(
        page.attr(".author-card img.avatar", "src"),
        "/images/profile/jimmysong.jpg"
    );
    assert!(
        !common::text_of(card).contains('['),
        "author left as raw Markdown"
    );
}

#[test]
fn tags_and_categories_are_linked() {
    let b = seed_or_skip!();
    let page = b.html("blog/cncf-ambassador/index.html");
    assert_eq!(
        page.attrs(".terms-tags a", "href"),
        vec!["/tags/cloud-native/"]
    );
    assert_eq!(
        page.attrs(".terms-categories a", "href"),
        vec!["/categories/cloud-native/"]
    );
    let term = b.html("tags/cloud-native/index.html");
    // Hugo titles a term without a page of its own in title case.
    assert_eq!(term.text("h1"), "Cloud Native");
    assert_eq!(
        term.attrs(".card-title a", "href"),
        vec!["/blog/cncf-ambassador/"]
    );
    let other = b.html("categories/other/index.html");
    assert_eq!(
        other.attrs(".card-title a", "href"),
        vec!["/blog/cloud-native-community/"]
    );
}

#[test]
fn notoc_hides_the_table_of_contents() {
    let b = seed_or_skip!();
    let hidden = b.html("blog/cncf-ambassador/index.html");
    assert!(
        hidden.select(".toc").is_empty(),
        "notoc: true still shows a TOC"
    );
    let shown = b.html("blog/goodbye-ant-hello-tetrate/index.html");
    let entries = shown.attrs(".toc a", "href");
    assert_eq!(
        entries,
        vec![
            "#antalibaba-and-the-cloud-native-community",
            "#joining-tetrate",
            "#more"
        ]
    );
}

#[test]
fn type_and_draft_keys_take_effect() {
    let b = seed_or_skip!();
    // `type: post` selects the template family and marks the page.
    let page = b.html("blog/goodbye-ant-hello-tetrate/index.html");
    assert!(page.attr("body", "class").contains("type-post"));
    // `draft: false` pages are published.
    assert!(b.exists("about/index.html"));
}

#[test]
fn bare_url_after_full_width_colon_is_a_link() {
    let b = seed_or_skip!();
    let page = b.html("blog/cloud-native-community/index.html");
    let hrefs = page.attrs(".prose a", "href");
    assert!(
        hrefs.contains(&"https://cloudnative.to/en/team/".to_owned()),
        "{hrefs:?}"
    );
}

#[test]
fn raw_html_is_kept() {
    let b = seed_or_skip!();
    let page = b.html("blog/cloud-native-community/index.html");
    let img = page.one(".prose p[align=\"center\"] img");
    assert_eq!(img.value().attr("src"), Some("/contact/qrcode.jpg"));
    assert_eq!(img.value().attr("alt"), Some("云原生社区微信公众号二维码"));
}

#[test]
fn mailto_and_malformed_links_survive() {
    let b = seed_or_skip!();
    let page = b.html("blog/goodbye-ant-hello-tetrate/index.html");
    let hrefs = page.attrs(".prose a", "href");
    assert!(hrefs.contains(&"mailto:careers@tetrate.io".to_owned()));
    assert!(
        hrefs.contains(&"https://tetrate.io".to_owned()),
        "leading space in a link target"
    );
    // `[Envoy](https:/ /envoyproxy.io)` is not a link in CommonMark; its text stays readable.
    assert!(
        page.text(".prose")
            .contains("[Envoy](https:/ /envoyproxy.io)")
    );
}

#[test]
fn summaries_and_reading_time_on_lists() {
    let b = seed_or_skip!();
    let home = b.html("index.html");
    let titles = home.texts(".card-title");
    // Newest first.
    assert_eq!(
        titles,
        vec![
            "New Beginning - Goodbye Ant, Hello Tetrate",
            "Establishment of the Cloud Native Community",
            "Joined the CNCF Ambassador program"
        ]
    );
    let summaries = home.texts(".card-summary");
    assert!(
        summaries[2].starts_with("Today I am honored to announce"),
        "{}",
        summaries[2]
    );
    assert!(
        home.texts(".card .meta span")
            .iter()
            .all(|s| s.ends_with("min read"))
    );
}

#[test]
fn feeds_and_sitemap() {
    let b = seed_or_skip!();
    let feed = b.file("index.xml");
    let titles = xml_texts(&feed, "title");
    assert!(
        titles.contains(&"Joined the CNCF Ambassador program".to_owned()),
        "{titles:?}"
    );
    assert_eq!(xml_texts(&feed, "item").len(), 3);
    let dates = xml_texts(&feed, "pubDate");
    assert!(
        dates.contains(&"Sat, 11 Aug 2018 11:37:36 +0800".to_owned()),
        "{dates:?}"
    );
    let locs = xml_texts(&b.file("sitemap.xml"), "loc");
    for path in [
        "/",
        "/about/",
        "/blog/cncf-ambassador/",
        "/tags/cloud-native/",
    ] {
        assert!(
            locs.contains(&path.to_owned()),
            "{path} not in sitemap: {locs:?}"
        );
    }
    let tag_feed = b.file("tags/community/index.xml");
    assert_eq!(xml_texts(&tag_feed, "item").len(), 1);
}

#[test]
fn site_title_comes_from_the_folder_without_config() {
    let b = seed_or_skip!();
    let home = b.html("index.html");
    assert_eq!(home.text(".site-title"), "Site");
}
