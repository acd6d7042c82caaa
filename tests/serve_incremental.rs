//! `serve`'s incremental rebuilds must never differ from a full build: after each kind of change,
//! the site a long-lived session rebuilt is compared, file by file and byte for byte, with the
//! site a fresh session builds from the same files.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::{copy_dir, repo_path, write_files};
use inkstone::pipeline::{self, Rebuilt, Session, SiteView};

struct Live {
    _dir: tempfile::TempDir,
    site: PathBuf,
    session: Session,
}

fn options(site: &Path) -> pipeline::Options {
    pipeline::Options {
        source: site.to_path_buf(),
        origin: Some("http://localhost:1313".into()),
        ..pipeline::Options::default()
    }
}

fn start(example: &str) -> Live {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&repo_path(example), &site);
    let site = site.canonicalize().unwrap();
    let mut session = Session::new(options(&site));
    let first = session.rebuild(&[]);
    assert!(
        first.outcome.summary.is_some(),
        "{:?}",
        first.outcome.diagnostics
    );
    Live {
        _dir: dir,
        site,
        session,
    }
}

/// Every file of a served site with its bytes, rendering those it does not keep.
fn contents(site: &SiteView) -> Vec<(String, Vec<u8>)> {
    site.files
        .paths()
        .into_iter()
        .map(|rel| {
            let bytes = match site.read(rel) {
                Ok(Some(bytes)) => bytes,
                _ => panic!("{rel} is listed but cannot be read"),
            };
            (rel.to_owned(), bytes)
        })
        .collect()
}

fn assert_same_site(incremental: &SiteView, full: &SiteView, what: &str) {
    let (a, b) = (contents(incremental), contents(full));
    let paths = |c: &[(String, Vec<u8>)]| c.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&a), paths(&b), "{what}: different files");
    for ((path, left), (_, right)) in a.iter().zip(&b) {
        if left != right {
            panic!(
                "{what}: {path} differs\n--- incremental\n{}\n--- full\n{}",
                String::from_utf8_lossy(left),
                String::from_utf8_lossy(right)
            );
        }
    }
}

impl Live {
    fn path(&self, rel: &str) -> PathBuf {
        self.site.join(rel)
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.path(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    /// Rebuilds after `changed` (paths as the watcher reports them), checks the result against a
    /// fresh full build, and returns what the rebuild did.
    fn rebuild(&mut self, changed: &[&str], what: &str) -> Rebuilt {
        let paths: Vec<PathBuf> = changed.iter().map(|rel| self.path(rel)).collect();
        let rebuilt = self.session.rebuild(&paths);
        assert!(
            rebuilt.outcome.summary.is_some(),
            "{what}: {:?}",
            rebuilt.outcome.diagnostics
        );
        // As `serve` does once the edit is shown.
        self.session.refresh_search();
        let mut fresh = Session::new(options(&self.site));
        let full = fresh.rebuild(&[]);
        assert!(
            full.outcome.summary.is_some(),
            "{what}: the full build failed"
        );
        assert_same_site(&self.session.view(), &fresh.view(), what);
        rebuilt
    }
}

fn changed_pages(rebuilt: &Rebuilt) -> Vec<&str> {
    rebuilt
        .changes
        .changed
        .iter()
        .map(String::as_str)
        .filter(|p| p.ends_with(".html"))
        .collect()
}

#[test]
fn incremental_rebuilds_equal_full_builds_after_every_kind_of_change() {
    let mut live = start("examples/blog");

    let r = live.rebuild(&[], "nothing changed");
    assert_eq!(r.rendered, 0);
    assert!(r.changes.changed.is_empty() && r.changes.removed.is_empty());

    let post = "content/posts/hello-bundle/index.md";
    live.edit(post, "Nothing else,", "Nothing more,");
    let r = live.rebuild(&[post], "a body changed after <!--more-->");
    let pages = changed_pages(&r);
    assert_eq!(pages.len(), 1, "{pages:?}");
    assert!(pages[0].ends_with("/a-post-with-its-own-pictures/index.html"));

    let post = "content/posts/code-tour.md";
    live.edit(
        post,
        "title: \"A Tour of Code Blocks\"",
        "title: \"Code Blocks, Toured\"",
    );
    let r = live.rebuild(&[post], "a title changed");
    let pages = changed_pages(&r);
    assert!(pages.contains(&"index.html"), "{pages:?}");
    assert!(r.changes.changed.iter().any(|p| p == "index.xml"));

    let post = "content/posts/cjk-notes.md";
    live.edit(
        post,
        "date: 2023-11-05T20:00:00+08:00",
        "date: 2024-05-05T20:00:00+08:00",
    );
    live.rebuild(&[post], "a date changed the order");
    live.edit(
        post,
        "tags: [\"community\", \"云原生\"]",
        "tags: [\"community\", \"meetups\"]",
    );
    let r = live.rebuild(&[post], "tags changed");
    assert!(
        r.changes
            .removed
            .iter()
            .any(|p| p.starts_with("tags/云原生/"))
    );

    write_files(
        &live.site,
        &[(
            "content/posts/new.md",
            "---\ntitle: Brand New\ndate: 2024-06-01\ntags: [hugo]\n---\nFresh.\n",
        )],
    );
    let r = live.rebuild(&["content/posts/new.md"], "a post added");
    assert!(
        r.changes
            .changed
            .iter()
            .any(|p| p.ends_with("/brand-new/index.html")),
        "{:?}",
        r.changes.changed
    );

    std::fs::remove_file(live.path("content/posts/toml-post.md")).unwrap();
    live.rebuild(&["content/posts/toml-post.md"], "a post deleted");

    std::fs::create_dir(live.path("content/moved")).unwrap();
    std::fs::rename(
        live.path("content/posts/new.md"),
        live.path("content/moved/new.md"),
    )
    .unwrap();
    let r = live.rebuild(
        &[
            "content/posts/new.md",
            "content/moved",
            "content/moved/new.md",
        ],
        "a post moved to another section",
    );
    let removed = &r.changes.removed;
    assert!(
        removed.iter().any(|p| p.ends_with("/brand-new/index.html")),
        "{removed:?}"
    );
    assert!(
        r.changes
            .changed
            .iter()
            .any(|p| p == "moved/new/index.html")
    );

    let draft = "content/posts/draft.md";
    live.edit(draft, "draft: true", "draft: false");
    live.rebuild(&[draft], "a draft published");

    let footer = "templates/partials/footer.html";
    write_files(&live.site, &[(footer, "<footer>custom footer</footer>\n")]);
    let r = live.rebuild(&[footer], "a template added");
    assert!(r.rendered > 20);

    live.edit(
        "hugo.toml",
        "title = \"Field Notes\"",
        "title = \"Field Notes, Renamed\"",
    );
    let r = live.rebuild(&["hugo.toml"], "the config changed");
    assert!(r.rendered > 20);

    let image = "static/images/avatar.svg";
    write_files(
        &live.site,
        &[(image, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")],
    );
    let r = live.rebuild(&[image], "a static file changed");
    assert_eq!(r.rendered, 0, "a static file re-rendered pages");
    assert_eq!(r.changes.changed, ["images/avatar.svg"]);

    let css = "static/assets/inkstone.css";
    write_files(&live.site, &[(css, "body { color: teal }\n")]);
    let r = live.rebuild(&[css], "the stylesheet replaced");
    assert_eq!(r.changes.changed, ["assets/inkstone.css"]);

    let cover = "content/posts/hello-bundle/cover.svg";
    write_files(
        &live.site,
        &[(cover, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")],
    );
    live.rebuild(&[cover], "a bundle file changed");
}

#[test]
fn a_failed_rebuild_keeps_the_last_good_site_until_the_file_is_fixed() {
    let mut live = start("examples/blog");
    let before = live.session.site();
    let post = "content/posts/older-post.md";
    let good = std::fs::read_to_string(live.path(post)).unwrap();
    std::fs::write(
        live.path(post),
        good.replacen("\"title\":", "\"title\" [", 1),
    )
    .unwrap();

    let broken = live.session.rebuild(&[live.path(post)]);
    assert!(broken.outcome.summary.is_none());
    let error = broken
        .outcome
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .unwrap();
    assert!(error.file.as_ref().unwrap().ends_with(post));
    assert!(error.position.is_some());
    assert!(Arc::ptr_eq(&before, &live.session.site()));
    assert!(broken.changes.changed.is_empty());

    std::fs::write(
        live.path(post),
        good.replacen("in JSON", "in JSON, fixed", 1),
    )
    .unwrap();
    live.rebuild(&[post], "the broken file fixed");
}

#[test]
fn the_site_in_memory_is_the_site_build_writes() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&repo_path("examples/blog"), &site);
    let site = site.canonicalize().unwrap();
    let out = dir.path().join("out");
    let outcome = pipeline::run(
        &pipeline::Options {
            source: site.clone(),
            destination: Some(out.clone()),
            no_cache: true,
            ..pipeline::Options::default()
        },
        None,
    );
    assert!(outcome.summary.is_some(), "{:?}", outcome.diagnostics);
    let mut session = Session::new(pipeline::Options {
        source: site.clone(),
        ..pipeline::Options::default()
    });
    assert!(session.rebuild(&[]).outcome.summary.is_some());
    let memory = session.view();
    let mut on_disk: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&out).unwrap();
            rel.to_string_lossy().replace('\\', "/")
        })
        .filter(|rel| !rel.starts_with(".inkstone"))
        .collect();
    on_disk.sort();
    assert_eq!(memory.files.paths(), on_disk);
    for rel in &on_disk {
        let written = std::fs::read(out.join(rel)).unwrap();
        let kept = memory.read(rel).ok().flatten().unwrap();
        assert!(written == kept, "{rel} differs");
    }
}

/// A site with deep pagination, a nested section and shared terms, so that one page shows up on
/// many list pages and feeds.
fn paginated_site() -> Live {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let mut files = vec![
        (
            "hugo.toml".to_owned(),
            "baseURL = \"https://example.org/\"\ntitle = \"Pages\"\n[pagination]\npagerSize = 3\n"
                .to_owned(),
        ),
        (
            "content/blog/2023/_index.md".to_owned(),
            "---\ntitle: Twenty twenty-three\n---\nThe year's posts.\n".to_owned(),
        ),
    ];
    for i in 0..40 {
        let folder = if i % 4 == 0 { "blog/2023" } else { "blog" };
        let body = if i % 5 == 0 {
            "云原生社区的第一篇文章，讲服务网格。".repeat(20)
        } else {
            format!("Post {i} says something. ").repeat(30)
        };
        files.push((
            format!("content/{folder}/post-{i:02}.md"),
            format!(
                "---\ntitle: Post {i}\ndate: 2023-01-{:02}\ntags: [all, t{}]\n---\n{body}\n",
                i % 28 + 1,
                i % 3
            ),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    write_files(&site, &refs);
    let site = site.canonicalize().unwrap();
    let mut session = Session::new(options(&site));
    assert!(session.rebuild(&[]).outcome.summary.is_some());
    Live {
        _dir: dir,
        site,
        session,
    }
}

fn served(site: &SiteView, rel: &str) -> String {
    let Ok(Some(bytes)) = site.read(rel) else {
        panic!("{rel} is not served")
    };
    String::from_utf8(bytes).unwrap()
}

#[test]
fn an_edit_is_shown_first_and_then_found_by_search() {
    let mut live = paginated_site();
    let post = "content/blog/post-01.md";
    let meta = "search-index/meta.json";
    let before = served(&live.session.view(), meta);
    live.edit(post, "Post 1 says", "Post 1 zanzibarishly says");
    let rebuilt = live.session.rebuild(&[live.path(post)]);
    assert!(rebuilt.outcome.summary.is_some());
    // The page and its fragment at once; the index's terms after.
    let index_files: Vec<&String> = rebuilt
        .changes
        .changed
        .iter()
        .filter(|p| p.starts_with("search-index/") && !p.starts_with("search-index/f/"))
        .collect();
    assert!(index_files.is_empty(), "{index_files:?}");
    assert_eq!(served(&live.session.view(), meta), before);
    assert!(live.session.refresh_search());
    assert_ne!(served(&live.session.view(), meta), before);
    assert!(!live.session.refresh_search(), "made twice");
}

#[test]
fn text_edits_render_only_what_shows_the_page_and_still_equal_full_builds() {
    let mut live = paginated_site();
    for (i, folder) in [
        (1, "blog"),
        (0, "blog/2023"),
        (17, "blog"),
        (25, "blog"),
        (36, "blog/2023"),
    ] {
        let post = format!("content/{folder}/post-{i:02}.md");
        // A new opening sentence: the summary every list and feed shows changes.
        let text = std::fs::read_to_string(live.path(&post)).unwrap();
        let (front, body) = text.rsplit_once("---\n").unwrap();
        std::fs::write(
            live.path(&post),
            format!("{front}---\nFresh opening {i}. {body}"),
        )
        .unwrap();
        let r = live.rebuild(&[&post], &format!("the text of {post} changed"));
        // The page, its pager on the home page, the section and each term, and their feeds.
        assert!(r.rendered <= 12, "{post}: {} outputs rendered", r.rendered);
        let pages = changed_pages(&r);
        assert!(
            pages.iter().any(|p| p.contains(&format!("post-{i:02}/"))),
            "{pages:?}"
        );
    }
    // Front matter edits take the long way, and give the same site too.
    let post = "content/blog/post-05.md";
    live.edit(post, "title: Post 5", "title: Post five");
    let r = live.rebuild(&[post], "a title changed");
    assert!(r.rendered > 12);
    live.edit(post, "tags: [all, t2]", "tags: [all, t0]");
    live.rebuild(&[post], "a page's terms changed");
    let section = "content/blog/2023/_index.md";
    live.edit(section, "The year's posts.", "All of the year's posts.");
    live.rebuild(&[section], "a section's own text changed");
}

#[test]
fn a_changed_go_shortcode_or_the_asset_it_reads_renders_its_pages_again() {
    let mut live = start("examples/blog");
    let shortcode = "layouts/shortcodes/stamp.html";
    let asset = "assets/note.txt";
    let page = "content/posts/stamped.md";
    write_files(
        &live.site,
        &[
            (
                shortcode,
                "<b class=\"stamp\">v1 {{ (resources.Get \"note.txt\").Content }}</b>",
            ),
            (asset, "first"),
            (
                page,
                "---\ntitle: Stamped\nurl: /stamped/\n---\nHere: {{< stamp >}}\n",
            ),
        ],
    );
    live.rebuild(&[shortcode, asset, page], "a Go shortcode added");
    let shown = |live: &Live| match live.session.view().read("stamped/index.html") {
        Ok(Some(bytes)) => String::from_utf8(bytes).unwrap(),
        _ => panic!("the page is not served"),
    };
    assert!(shown(&live).contains("v1 first"));

    live.edit(shortcode, "v1", "v2");
    let r = live.rebuild(&[shortcode], "the Go shortcode changed");
    assert!(
        changed_pages(&r).contains(&"stamped/index.html"),
        "{:?}",
        changed_pages(&r)
    );
    assert!(shown(&live).contains("v2 first"));

    write_files(&live.site, &[(asset, "second")]);
    live.rebuild(&[asset], "the asset it reads changed");
    assert!(shown(&live).contains("v2 second"));
}
