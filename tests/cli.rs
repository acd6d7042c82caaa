//! The command line as a Hugo user reaches for it: flags by Hugo's names.

mod common;

use common::build_files;

const WARNED: &[(&str, &str)] = &[
    // A menu entry under a parent no entry is: Hugo makes the heading silently; inkstone too,
    // with a warning.
    (
        "hugo.toml",
        "title = 'S'\n[[menu.main]]\nname = 'X'\nurl = '/x/'\nparent = 'Nowhere'\n",
    ),
    ("content/a.md", "---\ntitle: A\n---\nA.\n"),
];

#[test]
fn a_warning_is_a_line_and_the_build_goes_on() {
    let b = build_files(WARNED, &[]);
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(b.stderr().contains("Nowhere"), "{}", b.stderr());
    assert!(b.exists("a/index.html"));
}

#[test]
fn panic_on_warning_fails_the_build_and_writes_nothing() {
    for flag in ["--panicOnWarning", "--panic-on-warning"] {
        let b = build_files(WARNED, &[flag]);
        assert!(!b.succeeded(), "{flag}");
        assert!(b.stderr().contains("Nowhere"), "{}", b.stderr());
        assert!(
            b.stderr().contains("Build failed with 1 error"),
            "{}",
            b.stderr()
        );
        assert!(!b.public().exists(), "{flag}: nothing is written");
    }
}

fn inkstone(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_inkstone"))
        .args(args)
        .output()
        .expect("the inkstone binary runs")
}

#[test]
fn version_and_env_say_what_runs() {
    let want = format!("inkstone {}", env!("CARGO_PKG_VERSION"));
    for args in [&["version"][..], &["--version"]] {
        let out = inkstone(args);
        assert!(out.status.success());
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            want,
            "{args:?}"
        );
    }
    let env = inkstone(&["env"]);
    assert!(env.status.success());
    let text = String::from_utf8_lossy(&env.stdout);
    assert!(text.starts_with(&want), "{text}");
    assert!(
        text.contains(&format!("os=\"{}\"", std::env::consts::OS)),
        "{text}"
    );
    assert!(text.contains("threads="), "{text}");
}

#[test]
fn server_is_serve_as_hugo_spells_it() {
    let out = inkstone(&["server", "--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--port",
        "--disableLiveReload",
        "--navigateToChanged",
        "--renderToDisk",
        "--renderToMemory",
        "--poll",
        "--environment",
    ] {
        assert!(help.contains(flag), "{flag}: {help}");
    }
    let bad_poll = inkstone(&["server", "--poll", "soon"]);
    assert!(!bad_poll.status.success());
    assert!(String::from_utf8_lossy(&bad_poll.stderr).contains("700ms"));
    assert!(inkstone(&["build", "--help"]).status.success());
    let build_help = String::from_utf8_lossy(&inkstone(&["build", "--help"]).stdout).into_owned();
    assert!(build_help.contains("--panicOnWarning"), "{build_help}");
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs inkstone in `dir` with `args`.
fn inkstone_in(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_inkstone"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the inkstone binary runs")
}

fn new_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = inkstone_in(dir.path(), &["new", "site", "blog"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let site = dir.path().join("blog");
    (dir, site)
}

#[test]
fn a_new_site_publishes_its_first_post_and_can_deploy_to_pages() {
    let (_dir, site) = new_site();
    let built = inkstone_in(&site, &["build"]);
    assert!(built.status.success(), "{}", text(&built.stderr));
    assert!(site.join("public/posts/hello-world/index.html").is_file());
    let workflow = std::fs::read_to_string(site.join(".github/workflows/pages.yml")).unwrap();
    let parsed: serde_json::Value = serde_saphyr::from_str(&workflow).unwrap();
    let steps = parsed["jobs"]["build"]["steps"].as_array().unwrap();
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(
        uses.iter()
            .any(|u| u.starts_with("actions/upload-pages-artifact")),
        "{uses:?}"
    );
    assert_eq!(
        parsed["jobs"]["deploy"]["steps"][0]["uses"],
        "actions/deploy-pages@v4"
    );
    // The build step runs a command this binary accepts, and it builds the site.
    let run = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .find(|r| r.starts_with("inkstone build"))
        .unwrap();
    let command = run.replace(
        "\"${{ steps.pages.outputs.base_url }}/\"",
        "https://someone.github.io/blog/",
    );
    let args: Vec<&str> = command.split_whitespace().skip(1).collect();
    let deployed = inkstone_in(&site, &args);
    assert!(
        deployed.status.success(),
        "{run}: {}",
        text(&deployed.stderr)
    );
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("https://someone.github.io/blog/"), "{home}");
}

#[test]
fn new_content_runs_the_archetypes_hugo_would_pick() {
    let (_dir, site) = new_site();
    // The site's default archetype, as `new site` wrote it.
    let out = inkstone_in(&site, &["new", "content", "posts/the-lord-of-the-rings.md"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let made = site.join("content/posts/the-lord-of-the-rings.md");
    assert!(text(&out.stdout).contains(&format!("Content \"{}\" created", made.display())));
    let post = std::fs::read_to_string(&made).unwrap();
    assert!(post.contains("title: \"The Lord of the Rings\""), "{post}");
    assert!(post.contains("draft: true"), "{post}");
    let today = jiff::Zoned::now().strftime("%Y-%m-%d").to_string();
    assert!(post.contains(&format!("date: {today}T")), "{post}");
    // A second time is an error, and the file is left as it was; --force overwrites.
    let again = inkstone_in(&site, &["new", "posts/the-lord-of-the-rings.md"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        text(&again.stderr).contains("already exists"),
        "{}",
        text(&again.stderr)
    );
    assert!(
        inkstone_in(&site, &["new", "-f", "posts/the-lord-of-the-rings.md"])
            .status
            .success()
    );

    // A section's archetype, with Hugo's archetype data; `new PATH` as Hugo's shortcut.
    common::write_files(
        &site,
        &[
            (
                "archetypes/notes.md",
                "---\ntitle: \"{{ .Name | humanize }}\"\ntype_is: {{ .Type }}\nsection: {{ .Section }}\nsite: {{ .Site.Title }}\nfile: {{ .File.Path }} {{ .File.ContentBaseName }}\n---\n",
            ),
            (
                "archetypes/gallery/index.md",
                "---\ntitle: \"{{ .Name }}\"\n---\nPhotos.\n",
            ),
            ("archetypes/gallery/images/.keep", ""),
        ],
    );
    let note = inkstone_in(&site, &["new", "notes/first-note.md"]);
    assert!(note.status.success(), "{}", text(&note.stderr));
    let note = std::fs::read_to_string(site.join("content/notes/first-note.md")).unwrap();
    for want in [
        "type_is: notes",
        "section: notes",
        "site: My New Site",
        "file: notes/first-note.md first-note",
    ] {
        assert!(note.contains(want), "{want} in {note}");
    }
    // A bundle archetype, chosen by --kind, makes a folder.
    let bundle = inkstone_in(
        &site,
        &["new", "content", "--kind", "gallery", "trips/iceland"],
    );
    assert!(bundle.status.success(), "{}", text(&bundle.stderr));
    assert!(text(&bundle.stdout).contains("Content dir"));
    let index = std::fs::read_to_string(site.join("content/trips/iceland/index.md")).unwrap();
    assert!(index.contains("title: \"iceland\""), "{index}");
    assert!(site.join("content/trips/iceland/images/.keep").is_file());
    // No path outside the content folder.
    let outside = inkstone_in(&site, &["new", "../escape.md"]);
    assert!(!outside.status.success());
    assert!(!site.join("escape.md").exists() && !site.parent().unwrap().join("escape.md").exists());
    assert!(inkstone_in(&site, &["build", "-D"]).status.success());
}

#[test]
fn new_content_without_archetypes_writes_hugos_default() {
    let dir = tempfile::tempdir().unwrap();
    common::write_files(
        dir.path(),
        &[("content/_index.md", "---\ntitle: Home\n---\n")],
    );
    let out = inkstone_in(dir.path(), &["new", "content", "posts/my-first-post.md"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let post = std::fs::read_to_string(dir.path().join("content/posts/my-first-post.md")).unwrap();
    assert!(
        post.starts_with("---\ntitle: \"My First Post\"\ndate: "),
        "{post}"
    );
    assert!(post.ends_with("draft: true\n---\n\n"), "{post}");
}

const LISTED: &[(&str, &str)] = &[
    (
        "hugo.toml",
        "baseURL = 'https://example.org/'\ntitle = 'S'\n",
    ),
    (
        "content/posts/old.md",
        "---\ntitle: \"Old, but good\"\ndate: 2020-01-01\nslug: oldie\n---\n",
    ),
    (
        "content/posts/draft.md",
        "---\ntitle: Draft\ndate: 2024-01-01\ndraft: true\n---\n",
    ),
    (
        "content/posts/later.md",
        "---\ntitle: Later\ndate: 2999-01-01T10:00:00+08:00\n---\n",
    ),
    (
        "content/gone.md",
        "---\ntitle: Gone\ndate: 2019-01-01\nexpiryDate: 2019-06-01\n---\n",
    ),
];

#[test]
fn list_prints_the_csv_hugo_prints() {
    let dir = tempfile::tempdir().unwrap();
    common::write_files(dir.path(), LISTED);
    let list = |which: &str| {
        let out = inkstone_in(dir.path(), &["list", which]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let header = "path,slug,title,date,expiryDate,publishDate,draft,permalink,kind,section\n";
    assert_eq!(
        list("all"),
        format!(
            "{header}content/posts/later.md,,Later,2999-01-01T10:00:00+08:00,0001-01-01T00:00:00Z,2999-01-01T10:00:00+08:00,false,https://example.org/posts/later/,page,posts\n\
             content/posts/draft.md,,Draft,2024-01-01T00:00:00Z,0001-01-01T00:00:00Z,2024-01-01T00:00:00Z,true,https://example.org/posts/draft/,page,posts\n\
             content/posts/old.md,oldie,\"Old, but good\",2020-01-01T00:00:00Z,0001-01-01T00:00:00Z,2020-01-01T00:00:00Z,false,https://example.org/posts/oldie/,page,posts\n\
             content/gone.md,,Gone,2019-01-01T00:00:00Z,2019-06-01T00:00:00Z,2019-01-01T00:00:00Z,false,https://example.org/gone/,page,\n"
        )
    );
    let paths = |csv: String| -> Vec<String> {
        csv.lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap().to_owned())
            .collect()
    };
    assert_eq!(paths(list("drafts")), ["content/posts/draft.md"]);
    assert_eq!(paths(list("future")), ["content/posts/later.md"]);
    assert_eq!(paths(list("expired")), ["content/gone.md"]);
    assert_eq!(paths(list("published")), ["content/posts/old.md"]);
}

#[test]
fn config_prints_the_effective_config_and_follows_environment_and_config_flags() {
    let dir = tempfile::tempdir().unwrap();
    common::write_files(
        dir.path(),
        &[
            (
                "hugo.toml",
                "baseURL = 'https://example.org/'\ntitle = 'Main'\n[params]\nColor = 'red'\n",
            ),
            ("other.toml", "title = 'Other'\n[params]\ncolor = 'blue'\n"),
            ("more.toml", "title = 'More'\n"),
            ("config/staging/hugo.toml", "title = 'Staging'\n"),
            ("content/a.md", "---\ntitle: A\n---\n{{< param color >}}\n"),
        ],
    );
    let config = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["config", "--format", "json"];
        all.extend_from_slice(args);
        let out = inkstone_in(dir.path(), &all);
        assert!(out.status.success(), "{}", text(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let main = config(&[]);
    assert_eq!(main["title"], "Main");
    assert_eq!(main["baseurl"], "https://example.org/");
    assert_eq!(main["params"]["color"], "red");
    assert_eq!(main["environment"], "production");
    assert_eq!(main["taxonomies"]["tag"], "tags");
    assert_eq!(config(&["-e", "staging"])["title"], "Staging");
    // Hugo's environment variable, when no flag is given.
    let from_env = std::process::Command::new(env!("CARGO_BIN_EXE_inkstone"))
        .current_dir(dir.path())
        .env("HUGO_ENVIRONMENT", "staging")
        .args(["config", "--format", "json"])
        .output()
        .unwrap();
    let from_env: serde_json::Value = serde_json::from_slice(&from_env.stdout).unwrap();
    assert_eq!(from_env["title"], "Staging");
    assert_eq!(from_env["environment"], "staging");
    assert_eq!(
        config(&["--config", "other.toml,more.toml"])["title"],
        "More"
    );
    assert_eq!(
        config(&["--config", "other.toml"])["params"]["color"],
        "blue"
    );
    let toml = inkstone_in(dir.path(), &["config"]);
    assert!(
        text(&toml.stdout).contains("title = \"Main\""),
        "{}",
        text(&toml.stdout)
    );
    let missing = inkstone_in(dir.path(), &["config", "--config", "nope.toml"]);
    assert!(!missing.status.success());
    assert!(text(&missing.stderr).contains("nope.toml"));

    // The build reads the same: the environment's title, the --config file's params.
    let built = inkstone_in(
        dir.path(),
        &["build", "-e", "staging", "--config", "other.toml"],
    );
    assert!(built.status.success(), "{}", text(&built.stderr));
    let page = std::fs::read_to_string(dir.path().join("public/a/index.html")).unwrap();
    assert!(
        page.contains("<title>A | Staging</title>") || page.contains("Staging"),
        "{page}"
    );
    assert!(page.contains("blue"), "{page}");
}

#[test]
fn completion_scripts_name_the_commands() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = inkstone(&["completion", shell]);
        assert!(out.status.success(), "{shell}");
        let script = text(&out.stdout);
        for command in ["build", "serve", "check", "list"] {
            assert!(script.contains(command), "{shell} lacks {command}");
        }
    }
}

#[test]
fn minify_writes_smaller_pages_stylesheets_and_scripts() {
    let plain = common::build_copy(&common::repo_path("examples/blog"), &[]);
    let small = common::build_copy(&common::repo_path("examples/blog"), &["--minify"]);
    assert!(small.succeeded(), "{}", small.stderr());
    for file in [
        "index.html",
        "assets/inkstone.css",
        "assets/inkstone.js",
        "index.xml",
        "sitemap.xml",
    ] {
        let (before, after) = (plain.file(file).len(), small.file(file).len());
        assert!(after < before, "{file}: {before} -> {after}");
    }
    let post = "2024/03/a-post-with-its-own-pictures/index.html";
    let page = small.html(post);
    assert_eq!(page.text("h1"), plain.html(post).text("h1"));
    // Feeds and sitemaps say the same, in fewer bytes.
    for (file, tag) in [
        ("index.xml", "title"),
        ("index.xml", "description"),
        ("sitemap.xml", "loc"),
    ] {
        assert_eq!(
            common::xml_texts(&small.file(file), tag),
            common::xml_texts(&plain.file(file), tag),
            "{file} {tag}"
        );
    }
    // Code keeps its lines.
    let code = |b: &common::Built| {
        b.html("2024/02/a-tour-of-code-blocks/index.html")
            .texts("pre code")
    };
    assert_eq!(code(&small), code(&plain));
}

#[test]
fn clean_destination_dir_drops_what_inkstone_did_not_write() {
    let b = build_files(WARNED, &[]);
    let public = b.public();
    std::fs::write(public.join("stray.txt"), "x").unwrap();
    std::fs::create_dir_all(public.join(".git")).unwrap();
    std::fs::write(public.join(".git/HEAD"), "ref").unwrap();
    let kept = b.rebuild(&[]);
    assert!(kept.status.success());
    assert!(
        public.join("stray.txt").exists(),
        "kept without the flag, as Hugo keeps it"
    );
    let cleaned = b.rebuild(&["--cleanDestinationDir"]);
    assert!(cleaned.status.success(), "{}", text(&cleaned.stderr));
    assert!(!public.join("stray.txt").exists());
    assert!(
        public.join(".git/HEAD").exists(),
        "hidden folders stay, as in Hugo"
    );
    assert!(public.join("a/index.html").exists());
}

#[test]
fn hugos_build_flags_are_accepted() {
    let b = build_files(
        WARNED,
        &[
            "--printPathWarnings",
            "--logLevel",
            "warn",
            "-e",
            "production",
        ],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(
        b.stderr().contains("Nowhere"),
        "warnings are printed at warn"
    );
}

#[test]
fn log_level_error_is_quiet_and_debug_is_verbose() {
    let quiet = build_files(WARNED, &["--logLevel", "error"]);
    assert!(quiet.succeeded());
    assert!(!quiet.stderr().contains("Nowhere"), "{}", quiet.stderr());
    assert!(quiet.stdout().is_empty(), "{}", quiet.stdout());
    let loud = build_files(WARNED, &["--logLevel", "debug"]);
    assert!(loud.stdout().contains("Stages:"), "{}", loud.stdout());
    assert!(loud.stderr().contains("Nowhere"));
}

#[test]
fn a_missing_source_folder_is_an_error_that_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope");
    for command in ["build", "check", "list all", "config"] {
        let mut args: Vec<&str> = command.split(' ').collect();
        args.extend(["-s", missing.to_str().unwrap()]);
        let out = inkstone(&args);
        assert!(!out.status.success(), "{command}");
        assert!(!missing.exists(), "{command} created the folder");
    }
}
