//! The built-in theme's layouts and reading aids, from the HTML it writes: books (a section laid
//! out as a handbook), social cards, share links, comments, the site's own additions.

mod common;

use common::{build_files, example};

#[test]
fn a_book_lists_its_chapters_by_weight_and_marks_the_page_being_read() {
    let page = example().html("handbook/writing/front-matter/index.html");
    assert_eq!(
        page.texts(".book-tree > ul > li > a, .book-tree > ul > li > .book-entry > a"),
        ["📦Install", "Writing", "Publishing"]
    );
    assert_eq!(
        page.attr(".book-tree a[aria-current=page]", "href"),
        "/handbook/writing/front-matter/"
    );
    // The chapter holding the page is open; a collapsed chapter stays closed elsewhere...
    let open = page.attrs(".book-tree .book-section", "data-open");
    assert_eq!(open, ["true", "false"]);
    // ...and opens when the reader is inside it.
    let deploy = example().html("handbook/publishing/deploy/index.html");
    assert_eq!(
        deploy.attrs(".book-tree .book-section", "data-open"),
        ["true", "true"]
    );
    // Breadcrumbs from the home page down to the chapter.
    assert_eq!(
        page.attrs(".breadcrumbs a", "href"),
        ["/", "/handbook/", "/handbook/writing/"]
    );
    assert_eq!(
        page.text(".breadcrumbs [aria-current=page]"),
        "Front matter"
    );
    assert_eq!(
        page.attr(".book-meta time", "datetime"),
        "2024-05-10T00:00:00+02:00"
    );
}

#[test]
fn a_book_is_read_in_order_across_its_chapters() {
    let b = example();
    let order = [
        "handbook/",
        "handbook/install/",
        "handbook/writing/",
        "handbook/writing/front-matter/",
        "handbook/writing/pictures/",
        "handbook/publishing/",
        "handbook/publishing/deploy/",
    ];
    for (n, rel) in order.iter().enumerate() {
        let page = b.html(&format!("{rel}index.html"));
        let prev = page.attrs(".book-pager a[rel=prev]", "href");
        let next = page.attrs(".book-pager a[rel=next]", "href");
        let want_prev: Vec<String> = n
            .checked_sub(1)
            .map(|p| format!("/{}", order[p]))
            .into_iter()
            .collect();
        let want_next: Vec<String> = order
            .get(n + 1)
            .map(|r| format!("/{r}"))
            .into_iter()
            .collect();
        assert_eq!(prev, want_prev, "{rel}");
        assert_eq!(next, want_next, "{rel}");
    }
    // A hidden page has the book's layout but no place in the tree or the order.
    let hidden = b.html("handbook/drafts-of-chapters/index.html");
    assert_eq!(hidden.select(".book-nav").len(), 1);
    assert!(hidden.select(".book-pager").is_empty());
    let tree = b.html("handbook/index.html").attrs(".book-tree a", "href");
    assert!(
        !tree.iter().any(|h| h.contains("drafts-of-chapters")),
        "{tree:?}"
    );
    // Chapters are not posts: the archive leaves them out.
    let archive = b.html("archives/index.html").attrs(".archive a", "href");
    assert!(
        !archive.iter().any(|h| h.starts_with("/handbook/")),
        "{archive:?}"
    );
    // A blog post keeps the blog layout.
    assert!(
        b.html("2021/09/front-matter-in-toml/index.html")
            .select(".book")
            .is_empty()
    );
}

#[test]
fn sections_become_books_by_config_or_layout_and_pages_get_an_edit_link() {
    let b = build_files(
        &[
            (
                "hugo.toml",
                "baseURL = 'https://example.org/'\ntitle = 'Docs'\n[params]\nbookSections = ['docs']\neditURL = 'https://github.com/ada/site/edit/main/content'\n",
            ),
            ("content/docs/_index.md", "---\ntitle: Docs\n---\n"),
            ("content/docs/b.md", "---\ntitle: B\nweight: 2\n---\nB.\n"),
            ("content/docs/a.md", "---\ntitle: A\nweight: 1\n---\nA.\n"),
            (
                "content/guide/_index.md",
                "---\ntitle: Guide\nlayout: book\n---\n",
            ),
            ("content/guide/one.md", "---\ntitle: One\n---\nOne.\n"),
            (
                "content/posts/p.md",
                "---\ntitle: P\ndate: 2024-01-01\n---\nP.\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let a = b.html("docs/a/index.html");
    assert_eq!(
        a.attrs(".book-tree a", "href"),
        ["/docs/", "/docs/a/", "/docs/b/"]
    );
    assert_eq!(
        a.attr(".book-meta a", "href"),
        "https://github.com/ada/site/edit/main/content/docs/a.md"
    );
    assert_eq!(b.html("guide/one/index.html").select(".book-nav").len(), 1);
    assert!(b.html("posts/p/index.html").select(".book-nav").is_empty());
}

#[test]
fn social_cards_use_the_first_image_a_theme_would_find_as_an_absolute_url() {
    let b = build_files(
        &[
            (
                "hugo.toml",
                "baseURL = 'https://example.org/blog/'\ntitle = 'S'\nauthor = 'Site Author'\n[params]\nimages = ['site-card.png']\n",
            ),
            (
                "content/posts/cover.md",
                "---\ntitle: Cover\ndate: 2024-01-01\ncover:\n  image: /img/c.png\n---\nx\n",
            ),
            (
                "content/posts/featured.md",
                "---\ntitle: Featured\ndate: 2024-01-02\nfeatured_image: img/f.jpg\n---\nx\n",
            ),
            (
                "content/posts/big.md",
                "---\ntitle: Big\ndate: 2024-01-03\nbigimg: [{src: /img/b.jpg, desc: B}]\n---\nx\n",
            ),
            (
                "content/posts/plain.md",
                "---\ntitle: Plain & simple\ndate: 2024-01-04\nauthors: [Ada, Grace]\n---\nTom &amp; Jerry <em>run</em>.\n",
            ),
            (
                "content/posts/bundle/index.md",
                "---\ntitle: Bundle\ndate: 2024-01-05\n---\nx\n",
            ),
            ("content/posts/bundle/my-cover.png", "not really a png"),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let og = |rel: &str| b.html(rel).meta("og:image");
    let cases = [
        (
            "posts/cover/index.html",
            "https://example.org/blog/img/c.png",
        ),
        (
            "posts/featured/index.html",
            "https://example.org/blog/img/f.jpg",
        ),
        ("posts/big/index.html", "https://example.org/blog/img/b.jpg"),
        (
            "posts/bundle/index.html",
            "https://example.org/blog/posts/bundle/my-cover.png",
        ),
        (
            "posts/plain/index.html",
            "https://example.org/blog/site-card.png",
        ),
    ];
    for (rel, want) in cases {
        assert_eq!(og(rel).as_deref(), Some(want), "{rel}");
        assert_eq!(
            b.html(rel).meta("twitter:image").as_deref(),
            Some(want),
            "{rel}"
        );
    }
    // The cover shows on the page too; the site's card image does not.
    assert_eq!(
        b.html("posts/cover/index.html").attr("img.cover", "src"),
        "/blog/img/c.png"
    );
    assert!(
        b.html("posts/plain/index.html")
            .select("img.cover")
            .is_empty()
    );

    let plain = b.html("posts/plain/index.html");
    let ld: serde_json::Value =
        serde_json::from_str(&plain.text("script[type='application/ld+json']")).unwrap();
    assert_eq!(ld["author"][1]["name"], "Grace");
    assert_eq!(ld["image"][0], "https://example.org/blog/site-card.png");
    let cover = b.html("posts/cover/index.html");
    let ld: serde_json::Value =
        serde_json::from_str(&cover.text("script[type='application/ld+json']")).unwrap();
    assert_eq!(ld["author"][0]["name"], "Site Author");
    // The summary's `&amp;` is one `&` in the description, written once escaped.
    assert_eq!(
        plain.meta("description").as_deref(),
        Some("Tom & Jerry run.")
    );
    let raw = std::fs::read_to_string(b.public().join("posts/plain/index.html")).unwrap();
    assert!(!raw.contains("&amp;amp;"), "escaped twice");
}

#[test]
fn posts_have_share_links_and_comments_only_when_configured() {
    let files = |params: &str| {
        vec![
            (
                "hugo.toml".to_owned(),
                format!("baseURL = 'https://example.org/'\ntitle = 'S'\n{params}"),
            ),
            (
                "content/posts/a.md".to_owned(),
                "---\ntitle: A & B\ndate: 2024-01-01\n---\nx\n".to_owned(),
            ),
            (
                "content/posts/quiet.md".to_owned(),
                "---\ntitle: Quiet\ndate: 2024-01-02\ncomments: false\n---\nx\n".to_owned(),
            ),
        ]
    };
    let build = |params: &str| {
        let owned = files(params);
        let borrowed: Vec<(&str, &str)> = owned
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let b = build_files(&borrowed, &[]);
        assert!(b.succeeded(), "{}", b.stderr());
        b
    };
    let plain = build("");
    let a = plain.html("posts/a/index.html");
    let share = a.attrs(".share a", "href");
    assert_eq!(share.len(), 6, "{share:?}");
    assert!(
        share.contains(
            &"https://news.ycombinator.com/submitlink?u=https%3A//example.org/posts/a/&t=A%20%26%20B"
                .to_owned()
        ),
        "{share:?}"
    );
    assert_eq!(
        a.attr(".share-copy", "data-url"),
        "https://example.org/posts/a/"
    );
    assert!(a.select(".comments").is_empty(), "no service, no comments");

    let chosen = build(
        "[params]\nShareButtons = ['x', 'email']\n[params.comments]\nprovider = 'giscus'\n[params.comments.giscus]\nrepo = 'ada/site'\nrepoID = 'R_1'\ncategory = 'Comments'\ncategoryID = 'C_1'\n",
    );
    let a = chosen.html("posts/a/index.html");
    assert_eq!(a.select(".share a").len(), 2);
    assert_eq!(
        a.attr(".comments", "data-script"),
        "https://giscus.app/client.js"
    );
    assert_eq!(a.attr(".comments", "data-attr-data-repo"), "ada/site");
    assert_eq!(a.attr(".comments", "data-attr-data-category-id"), "C_1");
    // Nothing is loaded with the page: the script tag is made when the reader gets there.
    assert!(a.select("script[src*='giscus']").is_empty());
    assert!(
        chosen
            .html("posts/quiet/index.html")
            .select(".comments")
            .is_empty()
    );

    let off = build("[params]\nshare = false\n[services.disqus]\nshortname = 'adasite'\n");
    let a = off.html("posts/a/index.html");
    assert!(a.select(".share").is_empty());
    assert_eq!(
        a.attr(".comments", "data-script"),
        "https://adasite.disqus.com/embed.js"
    );
}

#[test]
fn a_sites_own_head_and_footer_additions_are_included() {
    let b = build_files(
        &[
            ("hugo.toml", "title = 'S'\n"),
            ("content/a.md", "---\ntitle: A\n---\nx\n"),
            (
                "templates/partials/extend_head.html",
                "<meta name=\"site-own\" content=\"{{ page.title }}\">\n",
            ),
            (
                "templates/partials/extend_footer.html",
                "<p class=\"site-own-footer\">Thanks</p>\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let a = b.html("a/index.html");
    assert_eq!(a.meta("site-own").as_deref(), Some("A"));
    assert_eq!(a.text(".site-own-footer"), "Thanks");
    // Without them, nothing is missing.
    assert!(
        example()
            .html("index.html")
            .select(".site-own-footer")
            .is_empty()
    );
}

#[test]
#[ignore = "needs chromium and the npm packages of tests/browser (.ci/run installs them)"]
fn the_books_menus_copy_buttons_and_image_viewer_work_in_a_browser() {
    theme_works_in_chromium(&example().public());
}

#[test]
#[ignore = "needs chromium and the npm packages of tests/browser (.ci/run installs them)"]
fn the_theme_works_the_same_when_minified() {
    let b = common::build_copy(&common::repo_path("examples/blog"), &["--minify"]);
    assert!(b.succeeded(), "{}", b.stderr());
    let js = b.file("assets/inkstone.js");
    assert!(!js.contains("\n  "), "inkstone.js is minified");
    theme_works_in_chromium(&b.public());
}

fn theme_works_in_chromium(public: &std::path::Path) {
    let out = std::process::Command::new("node")
        .arg(common::repo_path("tests/browser/theme.mjs"))
        .arg(public)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("theme in chromium: ok"), "{stdout}");
}

#[test]
fn the_author_card_links_the_sites_social_accounts_with_icons() {
    let post = example().html("2024/03/a-post-with-its-own-pictures/index.html");
    assert_eq!(
        post.attrs(".author-card .author-social a", "aria-label"),
        ["GitHub", "Mastodon", "Email"]
    );
    assert_eq!(
        post.select(".author-card .author-social a svg[aria-hidden=true]")
            .len(),
        3
    );
}

#[test]
fn a_site_without_base_url_offers_no_share_links_it_cannot_fill() {
    // Without a baseURL a page's address is only its path: X or LinkedIn could do nothing
    // with `/posts/a/`. The copy button stays; the script completes the address.
    let b = build_files(
        &[(
            "content/posts/a.md",
            "---\ntitle: A\ndate: 2024-01-01\n---\nx\n",
        )],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let a = b.html("posts/a/index.html");
    assert!(a.attrs(".share a", "href").is_empty());
    assert_eq!(a.attr(".share-copy", "data-url"), "/posts/a/");
}
