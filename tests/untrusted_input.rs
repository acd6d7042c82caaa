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

#[test]
fn front_matter_of_the_wrong_type_builds_as_in_hugo_with_a_warning_at_its_line() {
    let b = build_files(
        &[
            (
                "content/posts/a.md",
                "+++\ntitle = [\"x\"]\nweight = \"heavy\"\ndraft = \"yes\"\ntags = {a = 1}\ndate = 5\nexpiryDate = 9999-12-31\n+++\nBody.\n",
            ),
            (
                "content/posts/b.md",
                "---\ntitle: B\nweight: \"5\"\ndraft: \"false\"\n---\nB\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let stderr = b.stderr();
    for (key, line) in [("title", 2), ("weight", 3), ("draft", 4), ("tags", 5)] {
        let at = format!("content/posts/a.md:{line}:1");
        let warned = stderr.split("\n\n").any(|d| {
            d.starts_with("warning:") && d.contains(&format!("`{key}`")) && d.contains(&at)
        });
        assert!(warned, "no warning for {key} at {at}:\n{stderr}");
    }
    // Hugo's readings of the same values: no draft, a number of seconds for a date, a date
    // past every other for "never expires"; numbers and booleans written as text are read.
    assert!(b.exists("posts/a/index.html"));
    assert!(b.file("posts/a/index.html").contains("1970"));
    assert!(!stderr.contains("content/posts/b.md"), "{stderr}");
}

#[test]
fn config_values_of_the_wrong_type_fail_where_hugo_fails_and_warn_where_it_goes_on() {
    let post = ("content/a.md", "---\ntitle: A\n---\nA\n");
    for (config, fails, says) in [
        ("languages = []\n", true, "`languages` is a list"),
        (
            "[pagination]\npagerSize = \"ten\"\n",
            true,
            "`pagination.pagerSize`",
        ),
        ("enableGitInfo = \"yes\"\n", true, "`enableGitInfo`"),
        ("title = [\"x\"]\n", true, "`title` is a list"),
        ("params = 5\n", true, "`params` is the number 5"),
        ("baseURL = 5\n", false, "`baseURL` is the number 5"),
        ("paginate = \"ten\"\n", false, "`paginate`"),
    ] {
        let b = build_files(&[("hugo.toml", config), post], &[]);
        assert_eq!(b.succeeded(), !fails, "{config}: {}", b.stderr());
        assert!(b.stderr().contains(says), "{config}: {}", b.stderr());
        assert!(
            b.stderr().contains("hugo.toml:"),
            "{config}: no line: {}",
            b.stderr()
        );
    }
}

#[test]
fn a_site_folder_that_does_not_exist_is_an_error_and_is_not_made() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-site");
    let out = run(&missing, &[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no site folder here"));
    assert!(!missing.exists());
}

/// Every input a fuzz target once crashed on (`fuzz/regressions/`), as a content file: the
/// build ends with a result, never a panic.
#[test]
fn inputs_that_once_crashed_a_fuzz_target_build_without_a_panic() {
    let dir = common::repo_path("fuzz/regressions");
    let mut tried = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let site = tempfile::tempdir().unwrap();
        let file = site.path().join("content/posts/fuzzed.md");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, &bytes).unwrap();
        let out = run(site.path(), &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.code().is_some(), "{}: killed", path.display());
        assert!(!stderr.contains("panicked"), "{}: {stderr}", path.display());
        tried += 1;
    }
    assert!(tried > 0);
}

#[test]
fn front_matter_with_old_mac_line_endings_is_text_with_a_warning() {
    let b = build_files(
        &[("content/posts/mac.md", "---\rtitle: Mac\r---\rBody.\r")],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(
        b.stderr().contains("lone carriage return"),
        "{}",
        b.stderr()
    );
    assert!(
        b.stderr().contains("content/posts/mac.md"),
        "{}",
        b.stderr()
    );
}
