//! Hugo's config keys and front matter conventions, each on a small site of its own.

mod common;

use common::build_files;

const POST: &str = "---\ntitle: Post\ndate: 2024-01-02\n---\nBody text.\n";

#[test]
fn no_config_at_all_uses_defaults() {
    let b = build_files(&[("content/posts/a.md", POST)], &[]);
    assert!(b.succeeded(), "{}", b.stderr());
    let home = b.html("index.html");
    assert_eq!(home.text(".site-title"), "Site");
    assert_eq!(home.attr("html", "lang"), "en");
    assert!(b.exists("posts/a/index.html"));
}

#[test]
fn yaml_and_json_config_files_with_case_insensitive_keys() {
    let yaml = build_files(
        &[
            (
                "config.yaml",
                "baseurl: https://y.example/\nTitle: From YAML\npaginate: 1\n",
            ),
            ("content/posts/a.md", POST),
            ("content/posts/b.md", POST),
        ],
        &[],
    );
    assert!(yaml.succeeded(), "{}", yaml.stderr());
    assert_eq!(yaml.html("index.html").text(".site-title"), "From YAML");
    assert!(
        yaml.exists("page/2/index.html"),
        "old `paginate` key ignored"
    );
    assert!(
        yaml.file("sitemap.xml")
            .contains("https://y.example/posts/a/")
    );

    let json = build_files(
        &[
            ("hugo.json", "{\"title\": \"From JSON\"}"),
            ("content/a.md", POST),
        ],
        &[],
    );
    assert!(json.succeeded(), "{}", json.stderr());
    assert_eq!(json.html("index.html").text(".site-title"), "From JSON");
}

#[test]
fn inkstone_toml_is_read_on_top_of_hugo_config() {
    let b = build_files(
        &[
            (
                "hugo.toml",
                "title = \"Hugo title\"\n[params]\ndescription = \"kept\"\n",
            ),
            ("inkstone.toml", "title = \"Inkstone title\"\n"),
            ("content/a.md", POST),
        ],
        &[],
    );
    let home = b.html("index.html");
    assert_eq!(home.text(".site-title"), "Inkstone title");
    assert_eq!(home.text(".hero .lead"), "kept");
}

#[test]
fn publish_dir_and_disable_kinds() {
    let b = build_files(
        &[
            (
                "hugo.toml",
                "publishDir = \"docs\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\"]\n",
            ),
            (
                "content/posts/a.md",
                "---\ntitle: A\ntags: [x]\n---\nbody\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let docs = b.site().join("docs");
    assert!(docs.join("posts/a/index.html").exists());
    assert!(!b.site().join("public").exists());
    assert!(!docs.join("tags").exists());
    assert!(!docs.join("index.xml").exists());
    assert!(!docs.join("sitemap.xml").exists());
}

#[test]
fn expired_pages_need_the_expired_flag() {
    let files = [
        (
            "content/old.md",
            "---\ntitle: Old\nexpiryDate: 2001-01-01\n---\nx\n",
        ),
        ("content/new.md", POST),
    ];
    let b = build_files(&files, &[]);
    assert!(b.succeeded());
    assert!(!b.exists("old/index.html"));
    let with = build_files(&files, &["-E"]);
    assert!(with.exists("old/index.html"));
    let future = build_files(
        &[(
            "content/f.md",
            "---\ntitle: F\npublishDate: 2999-01-01\n---\nx\n",
        )],
        &[],
    );
    assert!(!future.exists("f/index.html"));
    let future = build_files(
        &[(
            "content/f.md",
            "---\ntitle: F\npublishDate: 2999-01-01\n---\nx\n",
        )],
        &["--buildFuture"],
    );
    assert!(future.exists("f/index.html"));
}

#[test]
fn dates_without_zone_use_the_site_time_zone() {
    let b = build_files(
        &[
            ("hugo.toml", "timeZone = \"Asia/Shanghai\"\n"),
            (
                "content/a.md",
                "---\ntitle: A\ndate: 2020-08-31 08:27:17\n---\nx\n",
            ),
            (
                "content/b.md",
                "+++\ntitle = \"B\"\ndate = 2020-05-08\n+++\nx\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert_eq!(
        b.html("a/index.html").attr(".post-header time", "datetime"),
        "2020-08-31T08:27:17+08:00"
    );
    assert_eq!(
        b.html("b/index.html").attr(".post-header time", "datetime"),
        "2020-05-08T00:00:00+08:00"
    );
}

#[test]
fn raw_html_is_omitted_when_unsafe_is_off() {
    let b = build_files(
        &[
            ("hugo.toml", "[markup.goldmark.renderer]\nunsafe = false\n"),
            (
                "content/a.md",
                "---\ntitle: A\n---\n<div class=\"raw\">x</div>\n",
            ),
        ],
        &[],
    );
    let html = b.file("a/index.html");
    assert!(!html.contains("<div class=\"raw\">"));
    assert!(html.contains("raw HTML omitted"));
}

#[test]
fn has_cjk_language_false_counts_like_english() {
    let text = "---\ntitle: A\n---\n云原生社区 成立了\n";
    let cjk = build_files(
        &[(
            "content/a.md",
            &*text.replace("title: A", "title: A\ndate: 2024-01-01"),
        )],
        &[],
    );
    let words = cjk.html("a/index.html").texts(".post-header .meta span");
    assert!(words.contains(&"8 words".to_owned()), "{words:?}");
    let latin = build_files(
        &[
            ("hugo.toml", "hasCJKLanguage = false\n"),
            (
                "content/a.md",
                &*text.replace("title: A", "title: A\ndate: 2024-01-01"),
            ),
        ],
        &[],
    );
    let words = latin.html("a/index.html").texts(".post-header .meta span");
    assert!(words.contains(&"2 words".to_owned()), "{words:?}");
}

#[test]
fn permalink_tokens() {
    let b = build_files(
        &[
            (
                "hugo.toml",
                "[permalinks]\nposts = \"/:section/:year/:month/:day/:filename/\"\n[permalinks.page]\nbundles = \"/b/:contentbasename/\"\n",
            ),
            (
                "content/posts/my-file.md",
                "---\ntitle: Some Title\ndate: 2021-03-04\n---\nx\n",
            ),
            (
                "content/bundles/folder/index.md",
                "---\ntitle: In a bundle\n---\nx\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(b.exists("posts/2021/03/04/my-file/index.html"));
    assert!(b.exists("b/folder/index.html"));
}

#[test]
fn url_may_name_a_file_and_paths_are_lowercased() {
    let b = build_files(
        &[
            ("content/Some Post.md", "---\ntitle: X\n---\nx\n"),
            (
                "content/feed.md",
                "---\ntitle: Y\nurl: /custom/page.html\n---\ny\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(b.exists("some-post/index.html"));
    assert!(b.exists("custom/page.html"));
}

#[test]
fn site_templates_replace_built_in_ones_by_name_type_and_layout() {
    let b = build_files(
        &[
            ("content/posts/a.md", "---\ntitle: A\n---\nbody A\n"),
            (
                "content/posts/b.md",
                "---\ntitle: B\ntype: special\n---\nbody B\n",
            ),
            (
                "content/posts/c.md",
                "---\ntitle: C\nlayout: wide\n---\nbody C\n",
            ),
            (
                "templates/partials/footer.html",
                "<footer id=\"mine\">{{ site.title }}</footer>\n",
            ),
            (
                "templates/special/page.html",
                "<p id=\"special\">{{ page.title }}</p>\n",
            ),
            (
                "templates/wide.html",
                "<div id=\"wide\">{{ page.content }}</div>\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert_eq!(b.html("posts/a/index.html").text("footer#mine"), "Site");
    assert_eq!(b.html("posts/b/index.html").text("#special"), "B");
    assert_eq!(b.html("posts/c/index.html").text("#wide"), "body C");
}

#[test]
fn sections_nest_only_with_an_index_file() {
    let b = build_files(
        &[
            ("content/docs/_index.md", "---\ntitle: Docs\n---\n"),
            ("content/docs/guide/_index.md", "---\ntitle: Guide\n---\n"),
            (
                "content/docs/guide/install.md",
                "---\ntitle: Install\n---\nx\n",
            ),
            ("content/docs/loose/page.md", "---\ntitle: Loose\n---\nx\n"),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    // `loose/` has no _index.md: its page belongs to Docs but keeps its path.
    assert!(b.exists("docs/loose/page/index.html"));
    let docs = b.html("docs/index.html");
    assert_eq!(
        docs.attrs(".card-title a", "href"),
        vec!["/docs/loose/page/"]
    );
    assert_eq!(docs.attrs(".subsections a", "href"), vec!["/docs/guide/"]);
    let guide = b.html("docs/guide/index.html");
    assert_eq!(
        guide.attrs(".card-title a", "href"),
        vec!["/docs/guide/install/"]
    );
}

#[test]
fn lists_follow_hugos_default_order_through_ties() {
    // Weight first (0 means none, so last), then newest date, then title, then file path.
    let page = |title: &str, extra: &str| format!("---\ntitle: {title}\n{extra}---\nx\n");
    let b = build_files(
        &[
            ("content/notes/a.md", &page("Same", "date: 2024-05-01\n")),
            ("content/notes/b.md", &page("Same", "date: 2024-05-01\n")),
            ("content/notes/c.md", &page("Alpha", "date: 2024-05-01\n")),
            ("content/notes/d.md", &page("Newest", "date: 2024-06-01\n")),
            ("content/notes/e.md", &page("Undated", "")),
            (
                "content/notes/f.md",
                &page("Heavy", "weight: 2\ndate: 2020-01-01\n"),
            ),
            (
                "content/notes/g.md",
                &page("Light", "weight: 1\ndate: 2019-01-01\n"),
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert_eq!(
        b.html("notes/index.html").attrs(".card-title a", "href"),
        vec![
            "/notes/g/",
            "/notes/f/",
            "/notes/d/",
            "/notes/c/",
            "/notes/a/",
            "/notes/b/",
            "/notes/e/",
        ]
    );
    // Older/newer links follow the same order.
    let alpha = b.html("notes/c/index.html");
    let links = alpha.attrs("a[rel=prev], a[rel=next]", "href");
    assert!(links.contains(&"/notes/d/".to_owned()), "{links:?}");
    assert!(links.contains(&"/notes/a/".to_owned()), "{links:?}");
}

#[test]
fn base_url_flag_and_sub_folder_sites() {
    let b = build_files(
        &[("content/a.md", POST)],
        &["--baseURL", "https://example.org/blog"],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let page = b.html("a/index.html");
    assert_eq!(
        page.attr("link[rel=canonical]", "href"),
        "https://example.org/blog/a/"
    );
    assert_eq!(page.attr(".site-title", "href"), "/blog/");
    assert_eq!(
        page.attr("link[rel=stylesheet][href$=\"inkstone.css\"]", "href"),
        "/blog/assets/inkstone.css"
    );
}

#[test]
fn hugo_config_folder_with_per_key_files_and_production_overrides() {
    let b = build_files(
        &[
            (
                "config/_default/hugo.toml",
                "title = \"Folder config\"\nbaseURL = \"https://dev.example/\"\n",
            ),
            (
                "config/_default/params.toml",
                "description = \"From params.toml\"\n",
            ),
            (
                "config/_default/menus.yaml",
                "main:\n  - name: Home\n    url: /\n",
            ),
            (
                "config/production/hugo.toml",
                "baseURL = \"https://prod.example/\"\n",
            ),
            ("content/a.md", POST),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let home = b.html("index.html");
    assert_eq!(home.text(".site-title"), "Folder config");
    assert_eq!(home.text(".hero .lead"), "From params.toml");
    assert_eq!(home.texts(".site-nav a"), vec!["Home"]);
    assert_eq!(
        home.attr("link[rel=canonical]", "href"),
        "https://prod.example/"
    );
}

#[test]
fn editor_leftovers_are_ignored_but_static_dotfiles_kept() {
    let b = build_files(
        &[
            ("content/a.md", POST),
            ("content/a.md~", POST),
            ("content/.#a.md", POST),
            ("static/.nojekyll", ""),
            (
                "static/.well-known/security.txt",
                "Contact: mailto:a@example.org\n",
            ),
            ("static/notes.txt.swp", "x"),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(b.stdout().contains("Built 1 pages"), "{}", b.stdout());
    assert!(b.exists(".nojekyll"));
    assert!(b.exists(".well-known/security.txt"));
    assert!(!b.exists("notes.txt.swp"));
}

#[test]
fn outputs_choose_which_lists_get_feeds() {
    let b = build_files(
        &[
            (
                "hugo.toml",
                "[outputs]\nhome = [\"HTML\", \"RSS\"]\nsection = [\"HTML\"]\nterm = [\"html\"]\n",
            ),
            (
                "content/posts/a.md",
                "---\ntitle: A\ntags: [x]\n---\nbody\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(b.exists("index.xml"));
    assert!(!b.exists("posts/index.xml"));
    assert!(!b.exists("tags/x/index.xml"));
}

#[test]
fn new_site_builds_and_ignores_its_output_and_cache() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("blog");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_inkstone"))
            .args(args)
            .output()
            .unwrap()
    };
    let site_arg = site.to_str().unwrap();
    assert!(run(&["new", "site", site_arg]).status.success());
    let gitignore = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(gitignore.contains("/public/") && gitignore.contains("/.inkstone-cache/"));
    let built = run(&["build", "-s", site_arg, "-D"]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert!(site.join("public/posts/hello-world/index.html").exists());
    // A second `new site` into the same folder refuses to overwrite it.
    assert!(!run(&["new", "site", site_arg]).status.success());
}
