//! `inkstone check` and `build --check`: every broken internal link, missing anchor and missing
//! image is reported where it is written, and the exit code says whether there was any.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{run_command, write_files};

/// A post whose links are all good, one with one broken thing per line, and a menu entry
/// (on every page) that leads nowhere.
const SITE: &[(&str, &str)] = &[
    (
        "hugo.toml",
        "baseURL = 'https://example.org/blog/'\ntitle = 'Links'\n[[menu.main]]\nname = 'Gone'\nurl = '/blog/gone/'\n",
    ),
    (
        "content/posts/good.md",
        "---\ntitle: Good\ndate: 2024-01-02\n---\n\n## Usage\n\nSee [bad](/blog/posts/bad/), [its part](../bad/#the-part), [here](#usage), [top](#top),\n[mail](mailto:a@example.org), ![shown](/blog/images/present.png) and ![beside](photo.png).\n",
    ),
    (
        "content/posts/good-bundle/index.md",
        "---\ntitle: Bundle\ndate: 2024-01-03\n---\n\n![beside](photo.png)\n",
    ),
    ("content/posts/good-bundle/photo.png", "not really a png"),
    (
        "content/posts/bad.md",
        "---\ntitle: Bad\ndate: 2024-01-01\n---\n\n## The part\n\nA [missing page](/blog/posts/missing/).\nAn [anchor that is not there](/blog/posts/good/#usge).\n![missing](/blog/images/absent.png)\nA [link outside the site](/elsewhere/).\n",
    ),
    ("static/images/present.png", "png"),
];

fn site(files: &[(&str, &str)]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    write_files(&site, files);
    (dir, site)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The diagnostic blocks of stderr, one per problem.
fn problems(stderr: &str) -> Vec<&str> {
    stderr
        .split("\n\n")
        .filter(|b| b.starts_with("error") || b.starts_with("warning"))
        .collect()
}

fn block_with<'a>(blocks: &[&'a str], needle: &str) -> &'a str {
    blocks
        .iter()
        .find(|b| b.contains(needle))
        .unwrap_or_else(|| {
            panic!(
                "no problem mentions {needle:?} in:\n{}",
                blocks.join("\n\n")
            )
        })
}

#[test]
fn check_reports_every_broken_link_where_it_is_written() {
    let (_dir, site) = site(SITE);
    let out = run_command(&site, "check", &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let blocks = problems(&stderr);
    let bad = Path::new("content").join("posts").join("bad.md");
    let bad = bad.to_string_lossy();
    let missing_page = block_with(&blocks, "nothing at /posts/missing/");
    assert!(missing_page.contains("broken link"), "{missing_page}");
    assert!(
        missing_page.contains(&format!("{bad}:8:")),
        "{missing_page}"
    );
    let anchor = block_with(&blocks, "\"usge\"");
    assert!(anchor.contains("missing anchor"), "{anchor}");
    assert!(anchor.contains(&format!("{bad}:9:")), "{anchor}");
    assert!(anchor.contains("did you mean #usage"), "{anchor}");
    let image = block_with(&blocks, "nothing at /images/absent.png");
    assert!(image.contains("missing image"), "{image}");
    assert!(image.contains(&format!("{bad}:10:")), "{image}");
    let outside = block_with(&blocks, "\"/elsewhere/\"");
    assert!(outside.contains(&format!("{bad}:11:")), "{outside}");
    // The photo next to good.md is not in a bundle: Hugo publishes nothing there either.
    let photo = block_with(&blocks, "nothing at /posts/good/photo.png");
    assert!(photo.contains("good.md:9:"), "{photo}");
    // The menu's link is on every page: one problem, not one per page.
    let menu: Vec<_> = blocks.iter().filter(|b| b.contains("/gone/")).collect();
    assert_eq!(menu.len(), 1, "{stderr}");
    assert!(menu[0].contains("pages"), "{}", menu[0]);
    // Found in the config, where Hugo's rule for menu URLs is what went wrong: /blog/ twice.
    assert!(menu[0].contains("hugo.toml:5:"), "{}", menu[0]);
    assert!(menu[0].contains("write it without /blog/"), "{}", menu[0]);
    assert_eq!(blocks.len(), 6, "{stderr}");
    assert!(stderr.contains("Check found 6 problems."), "{stderr}");
    // Nothing good was reported: the bundle's image, relative links, #top, mailto.
    let messages: Vec<&str> = blocks.iter().filter_map(|b| b.lines().next()).collect();
    for fine in ["good-bundle", "the-part", "present.png", "mailto", "usage"] {
        assert!(
            !messages.iter().any(|m| m.contains(fine)),
            "{fine} reported:\n{stderr}"
        );
    }
    assert!(!site.join("public").exists(), "check writes no site");
}

#[test]
fn build_check_fails_and_leaves_the_output_as_it_was() {
    let (_dir, site) = site(SITE);
    let plain = run_command(&site, "build", &[]);
    assert!(plain.status.success(), "{}", text(&plain.stderr));
    let before = common::snapshot(&site.join("public"));
    // Nothing changed: every page is kept from the last build, and still read for the check.
    let kept = run_command(&site, "build", &["--check"]);
    let kept_err = text(&kept.stderr);
    assert_eq!(kept.status.code(), Some(1), "{kept_err}");
    assert!(
        kept_err.contains("nothing at /posts/missing/"),
        "{kept_err}"
    );
    assert!(
        kept_err.contains("Build failed with 6 errors"),
        "{kept_err}"
    );
    std::fs::write(
        site.join("content/posts/good.md"),
        "---\ntitle: Good, edited\ndate: 2024-01-02\n---\n\nNow [broken](/blog/nope/).\n",
    )
    .unwrap();
    let checked = run_command(&site, "build", &["--check"]);
    let stderr = text(&checked.stderr);
    assert_eq!(checked.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("nothing at /nope/"), "{stderr}");
    assert!(
        stderr.contains("the output folder was left as it was"),
        "{stderr}"
    );
    assert_eq!(common::snapshot(&site.join("public")), before);
}

#[test]
fn a_sound_site_passes() {
    let fine: Vec<(&str, &str)> = SITE
        .iter()
        .copied()
        .filter(|(path, _)| *path != "content/posts/bad.md" && *path != "hugo.toml")
        .map(|(path, text)| match path {
            "content/posts/good.md" => (
                path,
                "---\ntitle: Good\n---\n\n## Usage\n\n[Here](#usage), [bundle](/blog/posts/good-bundle/), ![i](/blog/images/present.png)\n",
            ),
            _ => (path, text),
        })
        .chain([("hugo.toml", "baseURL = 'https://example.org/blog/'\n")])
        .collect();
    let (_dir, site) = site(&fine);
    let out = run_command(&site, "check", &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("Checked 2 pages"), "{stdout}");
    let built = run_command(&site, "build", &["--check"]);
    assert!(built.status.success(), "{}", text(&built.stderr));
    assert!(site.join("public/posts/good/index.html").is_file());
}

/// A server on this machine that answers `/ok` with 200 and anything else with 404, counting
/// the requests it gets.
fn answering_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&asked);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            counter.fetch_add(1, Ordering::SeqCst);
            let mut reader = BufReader::new(&stream);
            let mut request = String::new();
            reader.read_line(&mut request).unwrap_or_default();
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let status = if request.contains(" /ok ") {
                "200 OK"
            } else {
                "404 Not Found"
            };
            let mut stream = &stream;
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            );
        }
    });
    (origin, asked)
}

#[test]
fn external_links_are_asked_for_only_with_external() {
    let (origin, asked) = answering_server();
    let post = format!(
        "---\ntitle: Out\n---\n\nA [fine]({origin}/ok#a) link, [twice]({origin}/ok#b).\nA [gone]({origin}/gone) one.\n"
    );
    let (_dir, site) = site(&[
        ("hugo.toml", "baseURL = 'https://example.org/'\n"),
        ("content/out.md", &post),
    ]);
    let quiet = run_command(&site, "check", &[]);
    assert!(quiet.status.success(), "{}", text(&quiet.stderr));
    assert_eq!(
        asked.load(Ordering::SeqCst),
        0,
        "no request without --external"
    );

    let out = run_command(&site, "check", &["--external", "--timeout", "5"]);
    let stderr = text(&out.stderr);
    // /ok once (HEAD answered), /gone twice (HEAD refused, then GET): one request per page.
    assert_eq!(asked.load(Ordering::SeqCst), 3, "{stderr}");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let blocks = problems(&stderr);
    assert_eq!(blocks.len(), 1, "{stderr}");
    assert!(blocks[0].contains("answers 404"), "{stderr}");
    assert!(blocks[0].contains(&format!("{origin}/gone")), "{stderr}");
    assert!(blocks[0].contains("out.md:6:"), "{stderr}");

    let skipped = run_command(
        &site,
        "check",
        &["--external", "--skip", &format!("{origin}/gone")],
    );
    assert!(skipped.status.success(), "{}", text(&skipped.stderr));
}

#[test]
fn pages_that_are_never_rendered_are_never_linked() {
    // Hugo's headless bundles: `_common` holds snippets other pages include; the glossary's
    // entries are shown on its own page only. Neither has a file, so nothing may link to them.
    let (_dir, site) = site(&[
        ("hugo.toml", "baseURL = 'https://example.org/'\n"),
        (
            "content/_common/_index.md",
            "---\ncascade:\n  build:\n    list: never\n    render: never\n---\n",
        ),
        (
            "content/_common/snippet.md",
            "---\ntitle: Snippet\n---\nShared text.\n",
        ),
        (
            "content/glossary/_index.md",
            "---\ntitle: Glossary\ncascade:\n  build:\n    render: never\n---\n",
        ),
        (
            "content/glossary/term.md",
            "---\ntitle: Term\ndate: 2024-01-01\n---\nA term.\n",
        ),
        (
            "content/posts/a.md",
            "---\ntitle: A\ndate: 2024-01-02\n---\nA post.\n",
        ),
    ]);
    let out = run_command(&site, "check", &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let built = run_command(&site, "build", &[]);
    assert!(built.status.success(), "{}", text(&built.stderr));
    for page in ["index.html", "posts/index.html", "archives/index.html"] {
        let html = std::fs::read_to_string(site.join("public").join(page)).unwrap();
        for never in ["/_common/", "/glossary/"] {
            assert!(
                !html.contains(&format!("href=\"{never}")),
                "{page} links {never}"
            );
        }
    }
    assert!(!site.join("public/glossary/term/index.html").exists());
}
