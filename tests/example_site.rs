//! The example site (examples/blog) exercises every feature of `inkstone build`.

mod common;

use common::{build_copy, example, repo_path, xml_texts};

#[test]
fn permalinks_slug_and_url() {
    let b = example();
    // `[permalinks] posts = "/:year/:month/:slug/"`, :slug falling back to the title.
    assert!(b.exists("2024/03/a-post-with-its-own-pictures/index.html"));
    assert!(b.exists("2024/02/a-tour-of-code-blocks/index.html"));
    // `slug` in JSON front matter.
    assert!(b.exists("2022/06/json-front-matter/index.html"));
    // `url` in front matter, outside the permalink pattern.
    assert!(b.exists("notes/start-here/index.html"));
    // Other sections keep Hugo's default: folder and file name.
    assert!(b.exists("notes/second/index.html"));
    let notes = b.html("notes/index.html");
    // Weighted pages in weight order.
    assert_eq!(
        notes.attrs(".card-title a", "href"),
        vec!["/notes/start-here/", "/notes/second/", "/notes/raw/"]
    );
}

#[test]
fn aliases_redirect() {
    let b = example();
    for (alias, target) in [
        ("me/index.html", "/about/"),
        ("who/index.html", "/about/"),
        (
            "posts/old-json-post/index.html",
            "/2022/06/json-front-matter/",
        ),
    ] {
        let page = b.html(alias);
        assert_eq!(page.attr("link[rel=canonical]", "href"), target);
        assert_eq!(
            page.attr("meta[http-equiv=refresh]", "content"),
            format!("0; url={target}")
        );
    }
}

#[test]
fn pagination_of_home_sections_and_terms() {
    let b = example();
    // pagerSize = 3; the home page lists the 5 published posts of the main section.
    let first = b.html("index.html");
    assert_eq!(first.select(".card").len(), 3);
    assert_eq!(first.attr(".pagination a[rel=next]", "href"), "/page/2/");
    let second = b.html("page/2/index.html");
    assert_eq!(second.select(".card").len(), 2);
    assert_eq!(second.attr(".pagination a[rel=prev]", "href"), "/");
    assert!(!b.exists("page/3/index.html"));
    // /page/1/ redirects to the first page, as in Hugo.
    let page_one = b.html("page/1/index.html");
    assert_eq!(page_one.attr("link[rel=canonical]", "href"), "/");
    assert!(b.exists("posts/page/2/index.html"));
    let hugo = b.html("tags/hugo/index.html");
    assert_eq!(hugo.select(".card").len(), 3);
    assert!(b.exists("tags/hugo/page/1/index.html"));
}

#[test]
fn drafts_and_future_pages_are_left_out_unless_asked() {
    let b = example();
    let home = b.html("index.html");
    let all: Vec<String> = home
        .texts(".card-title")
        .into_iter()
        .chain(b.html("page/2/index.html").texts(".card-title"))
        .collect();
    assert!(
        !all.iter()
            .any(|t| t == "Unfinished Thoughts" || t == "Letter to the Future")
    );
    let with_flags = build_copy(&repo_path("examples/blog"), &["--drafts", "--future"]);
    assert!(with_flags.succeeded(), "{}", with_flags.stderr());
    assert!(with_flags.exists("2024/01/unfinished-thoughts/index.html"));
    assert!(with_flags.exists("2999/01/letter-to-the-future/index.html"));
}

#[test]
fn taxonomies_with_hugo_urls_and_chinese_terms() {
    let b = example();
    let tags = b.html("tags/index.html");
    let hrefs = tags.attrs(".term-cloud a", "href");
    assert!(hrefs.contains(&"/tags/云原生/".to_owned()), "{hrefs:?}");
    assert!(b.exists("tags/云原生/index.html"));
    // A configured taxonomy beyond tags and categories.
    let series = b.html("series/getting-started/index.html");
    assert_eq!(series.select(".card").len(), 2);
    // Sitemaps and feeds carry the term URL percent-encoded; with two languages, each has its
    // own sitemap.
    let locs = xml_texts(&b.file("en/sitemap.xml"), "loc");
    assert!(
        locs.contains(&"https://blog.example.org/tags/%E4%BA%91%E5%8E%9F%E7%94%9F/".to_owned())
    );
}

#[test]
fn feeds_honour_the_limit() {
    let b = example();
    let feed = b.file("index.xml");
    assert_eq!(xml_texts(&feed, "item").len(), 5);
    let links = xml_texts(&feed, "link");
    assert_eq!(links[0], "https://blog.example.org/");
    assert_eq!(
        links[1],
        "https://blog.example.org/2024/03/a-post-with-its-own-pictures/"
    );
    assert!(b.exists("posts/index.xml"));
    assert!(b.exists("tags/rust/index.xml"));
    assert!(b.exists("series/getting-started/index.xml"));
    let robots = b.file("robots.txt");
    assert!(
        robots.contains("Sitemap: https://blog.example.org/sitemap.xml"),
        "{robots}"
    );
}

#[test]
fn bundles_and_static_files_are_copied() {
    let b = example();
    assert!(b.exists("2024/03/a-post-with-its-own-pictures/cover.svg"));
    let post = b.html("2024/03/a-post-with-its-own-pictures/index.html");
    assert_eq!(
        post.attr("img.cover", "src"),
        "/2024/03/a-post-with-its-own-pictures/cover.svg"
    );
    // Bundle images get their own address, which holds wherever the text is shown: a summary
    // on the home page, the Chinese translation (whose shared files are published beside the
    // English page, as Hugo does).
    let own = [
        "/2024/03/a-post-with-its-own-pictures/cover.svg",
        "/2024/03/a-post-with-its-own-pictures/gradient.png",
    ];
    assert_eq!(post.attrs(".prose img", "src"), own);
    let zh = b.html("zh/2024/03/a-post-with-its-own-pictures/index.html");
    assert_eq!(zh.attr("img.cover", "src"), own[0]);
    let home = b.html("index.html");
    assert!(
        home.attrs("img", "src").iter().any(|src| src == own[0]),
        "{:?}",
        home.attrs("img", "src")
    );
    assert!(
        !home
            .attrs("img", "src")
            .iter()
            .any(|src| src == "cover.svg")
    );
    assert!(b.exists("2024/03/a-post-with-its-own-pictures/gradient.png"));
    assert!(b.exists("images/avatar.svg"));
    assert_eq!(b.file("CNAME").trim(), "blog.example.org");
    assert!(b.exists("assets/inkstone.css"));
    assert!(b.file("assets/syntax.css").contains(".hl-"));
}

#[test]
fn markdown_features() {
    let b = example();
    let post = b.html("2024/02/a-tour-of-code-blocks/index.html");
    assert!(
        !post
            .select("pre.highlight code.language-rust span[class^=hl-]")
            .is_empty()
    );
    assert_eq!(post.select("pre.highlight code.language-yaml").len(), 1);
    // Unknown languages fall back to a plain block.
    assert_eq!(post.text("pre[data-lang=klingon] code"), "Qapla'");
    assert_eq!(
        post.texts(".prose table th"),
        vec!["Tool", "Language", "Stars"]
    );
    assert_eq!(post.select(".prose del").len(), 1);
    assert_eq!(post.select(".prose input[type=checkbox]").len(), 2);
    // Footnotes as Hugo writes them: at the end, each with a way back to where it was cited.
    assert_eq!(post.select(".prose .footnotes li[id='fn:1']").len(), 1);
    assert_eq!(
        post.select(".prose sup[id='fnref:1'] a[href='#fn:1']")
            .len(),
        1
    );
    assert_eq!(
        post.select(".footnotes a.footnote-backref[href='#fnref:1']")
            .len(),
        1
    );
    assert_eq!(
        post.meta("keywords").as_deref(),
        Some("syntax highlighting, code")
    );
}

#[test]
fn summaries_from_front_matter_more_marker_and_words() {
    let b = example();
    let posts = b.html("posts/page/2/index.html");
    let summaries = posts.texts(".card-summary");
    assert!(summaries.contains(
        &"A summary written by hand, in front matter, wins over the automatic one.".to_owned()
    ));
    let home = b.html("index.html");
    let first = home.text(".card:first-child .card-summary");
    assert!(
        first.starts_with("This post lives in a folder of its own"),
        "{first}"
    );
    assert!(
        !first.contains("Why bundles"),
        "text after <!--more--> in the summary: {first}"
    );
    // 40 words, counting each Chinese character as one.
    let cjk = home.texts(".card-summary")[2].clone();
    assert_eq!(
        cjk.chars()
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .count(),
        40
    );
    assert!(cjk.ends_with('…'), "{cjk}");
}

#[test]
fn toc_headings_and_reading_time() {
    let b = example();
    let post = b.html("2023/11/notes-from-shanghai/index.html");
    assert_eq!(post.attr(".prose h2", "id"), "感谢");
    let link = post.one(".prose a[href=\"https://meetup.example.org/shanghai/\"]");
    assert_eq!(
        common::text_of(link),
        "https://meetup.example.org/shanghai/"
    );
    let meta = post.texts(".post-header .meta span");
    assert_eq!(meta[0], "1 min read");
    let bundle = b.html("2024/03/a-post-with-its-own-pictures/index.html");
    assert_eq!(
        bundle.attrs(".toc a", "href"),
        vec!["#why-bundles", "#what-else-is-in-here"]
    );
}

#[test]
fn html_content_is_passed_through() {
    let b = example();
    let page = b.html("notes/raw/index.html");
    assert_eq!(page.text(".prose strong"), "HTML");
    assert_eq!(page.text("article h1"), "A Page Written in HTML");
}

#[test]
fn older_and_newer_links_within_a_section() {
    let b = example();
    let middle = b.html("2024/02/a-tour-of-code-blocks/index.html");
    assert_eq!(
        middle.attr(".post-nav a[rel=next]", "href"),
        "/2024/03/a-post-with-its-own-pictures/"
    );
    assert_eq!(
        middle.attr(".post-nav a[rel=prev]", "href"),
        "/2023/11/notes-from-shanghai/"
    );
}

#[test]
fn structured_data_and_404() {
    let b = example();
    let post = b.html("2024/02/a-tour-of-code-blocks/index.html");
    let json = post
        .one("script[type=\"application/ld+json\"]")
        .inner_html();
    let data: serde_json::Value = serde_json::from_str(&json).expect("JSON-LD parses");
    assert_eq!(data["@type"], "BlogPosting");
    assert_eq!(data["headline"], "A Tour of Code Blocks");
    let not_found = b.html("404.html");
    assert_eq!(not_found.attr(".not-found a", "href"), "/");
}

#[test]
fn menus_from_config_and_front_matter() {
    let b = example();
    let page = b.html("notes/second/index.html");
    let top: Vec<String> = page
        .select(".site-nav > ul > li > a")
        .into_iter()
        .map(common::text_of)
        .collect();
    assert_eq!(top, vec!["Posts", "Notes", "Tags", "About"]);
    assert_eq!(
        page.attrs(".site-nav > ul > li > a", "href"),
        vec!["/posts/", "/notes/", "/tags/", "/about/"]
    );
    // A child entry nests under its parent, its pageRef resolved to the page's URL.
    assert_eq!(
        page.attrs(".site-nav li ul a", "href"),
        vec!["/notes/start-here/"]
    );
    // The section of the page being read is marked.
    assert_eq!(page.attr(".site-nav a[aria-current]", "href"), "/notes/");
    assert_eq!(
        b.html("index.html").attrs(".footer-menu a", "href"),
        vec!["/about/"]
    );
}

/// The example's guide to what a post can embed renders each thing it explains.
#[test]
fn the_guide_to_embedding_renders_what_it_explains() {
    let b = example();
    let p = b.html("guide/writing-with-shortcodes/index.html");
    assert_eq!(p.select(".prose figure figcaption h4").len(), 1);
    assert_eq!(p.select(".prose details summary em").len(), 1);
    assert_eq!(
        p.attrs(".prose p a", "href")[1..3],
        ["/about/", "https://blog.example.org/about/"]
    );
    assert_eq!(
        p.attrs(".prose .callout", "class"),
        vec![
            "callout callout-note",
            "callout callout-tip",
            "callout callout-warning",
            "callout callout-caution"
        ]
    );
    assert_eq!(p.select(".tabs section.tab").len(), 2);
    assert_eq!(p.select(".sc-cards a.sc-card").len(), 2);
    assert_eq!(p.texts(".steps h3"), vec!["Write", "Build"]);
    // Players (YouTube, Vimeo, Bilibili) wait for a click; posts are links.
    assert_eq!(p.select(".embed[data-player]").len(), 3);
    assert_eq!(
        p.select(".embed-x, .embed-instagram, .embed-github-gist")
            .len(),
        3
    );
    assert!(p.select("iframe, script[src^=http]").is_empty());
    assert_eq!(p.select(".prose math").len(), 2);
    if cfg!(feature = "diagrams") {
        assert_eq!(p.select(".prose figure.mermaid svg").len(), 1);
    }
    assert_eq!(p.select(".footnotes li").len(), 1);
    assert_eq!(p.select(".prose dl dt").len(), 2);
    assert!(p.text(".prose > p:first-of-type").contains('🎉'));
    // Only the escaped example prints as a shortcode.
    let html = b.file("guide/writing-with-shortcodes/index.html");
    assert_eq!(html.matches("{{&lt;").count(), 2, "{html}");
    assert!(html.contains("<code>{{&lt; param version &gt;}}</code>"));
}
