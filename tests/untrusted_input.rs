//! A site is untrusted input: links, markup and paths in it publish nothing from outside the
//! site and overwrite nothing the build makes.

mod common;

use common::{build_files, run, write_files};

#[cfg(unix)]
#[test]
fn links_in_a_sites_folders_are_skipped_with_a_warning_and_never_followed() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "TOP SECRET").unwrap();
    std::fs::write(
        outside.path().join("post.md"),
        "---\ntitle: Outside\n---\nTOP SECRET\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    write_files(
        &site,
        &[
            ("content/posts/real.md", "---\ntitle: Real\n---\nHello.\n"),
            ("other/inside.md", "---\ntitle: Inside\n---\nInside.\n"),
            ("static/ok.txt", "fine"),
            ("templates/partials/x.html", ""),
        ],
    );
    let links = [
        ("content/posts/outside.md", outside.path().join("post.md")),
        ("content/posts/inside.md", site.join("other/inside.md")),
        ("content/loop", ".".into()),
        ("content/elsewhere", outside.path().to_path_buf()),
        ("static/secret.txt", outside.path().join("secret.txt")),
        ("static/all", "/".into()),
        ("templates/base.html", outside.path().join("secret.txt")),
    ];
    for (at, to) in &links {
        symlink(to, site.join(at)).unwrap();
    }
    let out = run(&site, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    for (at, _) in &links {
        let named = stderr.lines().any(|l| l.contains(&format!("site/{at}")));
        assert!(named, "no warning names {at}:\n{stderr}");
    }
    assert_eq!(
        stderr.matches("skipped this symbolic link").count(),
        links.len()
    );
    let public = site.join("public");
    let mut published = 0;
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        assert!(!entry.path_is_symlink(), "{}", entry.path().display());
        if entry.file_type().is_file() {
            published += 1;
            let bytes = std::fs::read(entry.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("TOP SECRET"), "{}", entry.path().display());
        }
    }
    assert!(published < 60, "{published} files: a link was followed");
    assert!(public.join("posts/real/index.html").is_file());
    assert!(!public.join("posts/inside/index.html").exists());
    assert_eq!(
        std::fs::read_to_string(public.join("ok.txt")).unwrap(),
        "fine"
    );
}

#[test]
fn a_plain_site_has_no_link_warnings() {
    let b = build_files(&[("content/a.md", "---\ntitle: A\n---\nA\n")], &[]);
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(!b.stderr().contains("symbolic link"), "{}", b.stderr());
}

const UNTRUSTED_POST: &str = "---
title: Post
authors: [\"<script>alert(1)</script> Bob\"]
summary: \"<img src=x onerror=alert(2)> sum\"
---
[x](javascript:alert(1)) [y](JAVASCRIPT:y) [f](file:///etc/passwd) [d](data:text/html,hi)
![pic](data:image/png;base64,AAAA) [ok](https://example.org/) <javascript:alert(3)>

<b>bold</b> and <script>alert(4)</script>
";

#[test]
fn with_unsafe_off_no_field_or_link_carries_script() {
    let b = build_files(
        &[
            (
                "hugo.toml",
                "title = \"T\"\n[markup.goldmark.renderer]\nunsafe = false\n",
            ),
            ("content/posts/p.md", UNTRUSTED_POST),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    for rel in ["posts/p/index.html", "index.html", "posts/index.html"] {
        let html = b.file(rel);
        let lower = html.to_ascii_lowercase();
        for bad in [
            "<script>alert",
            "href=\"javascript",
            "onerror",
            "file:///",
            "data:text",
        ] {
            assert!(!lower.contains(bad), "{rel} has {bad}");
        }
    }
    let page = b.html("posts/p/index.html");
    // As Goldmark writes them: the link stays, its target is empty.
    let hrefs = page.attrs("article a", "href");
    assert!(
        hrefs.iter().filter(|h| h.is_empty()).count() >= 5,
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"https://example.org/".to_owned()),
        "{hrefs:?}"
    );
    assert_eq!(
        page.attr("article img[alt=pic]", "src"),
        "data:image/png;base64,AAAA"
    );
    assert!(
        b.file("posts/p/index.html")
            .contains("<!-- raw HTML omitted -->")
    );
}

#[test]
fn with_unsafe_on_raw_html_passes_as_in_hugo() {
    let b = build_files(
        &[
            (
                "hugo.toml",
                "title = \"T\"\n[markup.goldmark.renderer]\nunsafe = true\n",
            ),
            ("content/posts/p.md", UNTRUSTED_POST),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let html = b.file("posts/p/index.html");
    assert!(html.contains("<b>bold</b>"));
    assert!(html.contains("href=\"javascript:alert(1)\""));
}

#[test]
fn a_page_never_replaces_a_file_the_site_generates() {
    let page = |url: &str| format!("---\ntitle: Page at {url}\nurl: {url}\n---\nHello.\n");
    let urls = [
        "/index.xml",
        "/sitemap.xml",
        "/404.html",
        "/robots.txt",
        "/posts/index.xml",
        "/.inkstone-manifest",
    ];
    let mut files: Vec<(String, String)> = urls
        .iter()
        .enumerate()
        .map(|(n, url)| (format!("content/p{n}.md"), page(url)))
        .collect();
    files.push((
        "content/posts/a.md".into(),
        "---\ntitle: A\ntags: [\".\", \"..\", ok]\n---\nA\n".into(),
    ));
    files.push(("content/mine.md".into(), page("/mine.txt")));
    files.push(("static/mine.txt".into(), "from static".into()));
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let b = build_files(&files, &[]);
    assert!(b.succeeded(), "{}", b.stderr());
    let stderr = b.stderr();
    for n in 0..urls.len() {
        assert!(
            stderr.contains(&format!("content/p{n}.md")),
            "p{n}:\n{stderr}"
        );
    }
    assert_eq!(
        stderr.matches("this page is not written").count(),
        urls.len()
    );
    // Each generated file is what the site makes, not a page.
    assert!(b.file("index.xml").contains("<rss"));
    assert!(b.file("posts/index.xml").contains("<rss"));
    assert!(b.file("sitemap.xml").contains("<urlset"));
    assert!(b.file("robots.txt").starts_with("User-agent"));
    assert!(!b.file("404.html").contains("Page at"));
    // A page wins over a static file, as in Hugo, with a warning.
    assert!(b.file("mine.txt").contains("Page at /mine.txt"));
    assert!(stderr.contains("static file is not copied"), "{stderr}");
    assert!(b.exists("tags/ok/index.html"));
    // The manifest stayed inkstone's: the next build works and writes nothing.
    let again = b.rebuild(&["-v"]);
    assert!(again.status.success());
    let out = String::from_utf8_lossy(&again.stdout);
    assert!(out.contains("Wrote 0 files"), "{out}");
}
