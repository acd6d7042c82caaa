//! The page model: what one content file says, typed where Hugo types it.

use std::path::PathBuf;

use jiff::Zoned;
use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKind {
    Home,
    Section,
    Page,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFormat {
    Markdown,
    /// `.html` content: the body is passed through as it is.
    Html,
}

/// A page bundle's files other than the page itself, copied beside the rendered page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bundle {
    /// Paths relative to the bundle's folder, with `/` separators.
    pub resources: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub file: PathBuf,
    /// Path below `content/`, `/`-separated: `blog/post/index.md`.
    pub rel_path: String,
    /// The code of the language it is written in.
    pub lang: String,
    pub kind: PageKind,
    pub format: BodyFormat,
    /// Where the body starts in the file, so it can be read again when rendered.
    pub body_offset: usize,
    /// 1-based line of the file on which the body starts, for diagnostics in the body.
    pub body_line: usize,
    pub meta: Meta,
    /// Every front matter key as written.
    pub params: Map<String, Value>,
    pub bundle: Option<Bundle>,
    /// Hash of the whole file: the build cache's record of what the page was made from.
    pub source_hash: u64,
    /// Hash of what the page takes from outside its file (a cascade's keys, a Git date): `0`
    /// when nothing. Page keys include it; `source_hash` stays the file's own, which serve
    /// compares with the file on disk.
    pub outside_hash: u64,
}

/// Hugo's `build.render`: whether the page gets a file of its own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Render {
    #[default]
    Always,
    /// No file, but a URL others may link to.
    Link,
    Never,
}

/// Hugo's `build.list`: which lists the page appears in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum List {
    #[default]
    Always,
    /// Only its own section's list.
    Local,
    Never,
}

/// Hugo's build options (`build:` in front matter, often cascaded; `headless: true` on a leaf
/// bundle is render and list never).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BuildOptions {
    pub render: Render,
    pub list: List,
    /// Whether a bundle's files are copied to the output.
    pub publish_resources: bool,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            render: Render::Always,
            list: List::Always,
            publish_resources: true,
        }
    }
}

impl BuildOptions {
    /// Neither rendered nor listed: a page that only other pages read.
    pub fn is_headless(&self) -> bool {
        self.render != Render::Always && self.list == List::Never
    }
}

#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub title: String,
    pub link_title: Option<String>,
    pub subtitle: Option<String>,
    pub date: Option<Zoned>,
    pub publish_date: Option<Zoned>,
    pub lastmod: Option<Zoned>,
    pub expiry_date: Option<Zoned>,
    pub draft: bool,
    pub description: Option<String>,
    pub summary: Option<String>,
    pub keywords: Vec<String>,
    pub slug: Option<String>,
    pub url: Option<String>,
    pub aliases: Vec<String>,
    pub weight: i64,
    pub page_type: Option<String>,
    pub layout: Option<String>,
    /// Terms per taxonomy, in the site's taxonomy order: `("tags", ["cloud native"])`.
    pub terms: Vec<(String, Vec<String>)>,
    pub images: Vec<String>,
    pub authors: Vec<String>,
    pub show_toc: bool,
    pub build: BuildOptions,
}

impl Page {
    /// The folder holding this page's file, below `content/` (`""` at the top).
    pub fn dir(&self) -> &str {
        self.rel_path.rsplit_once('/').map_or("", |(dir, _)| dir)
    }

    pub fn file_stem(&self) -> &str {
        let name = self.rel_path.rsplit('/').next().unwrap_or(&self.rel_path);
        name.rsplit_once('.').map_or(name, |(stem, _)| stem)
    }

    pub fn is_leaf_bundle(&self) -> bool {
        self.kind == PageKind::Page && self.file_stem() == "index"
    }

    /// Hugo's `contentbasename`: the bundle's folder name, else the file's name.
    pub fn content_base_name(&self) -> &str {
        if self.is_leaf_bundle() {
            self.dir().rsplit('/').next().unwrap_or("")
        } else {
            self.file_stem()
        }
    }

    /// The folder that holds this page as content: a leaf bundle's parent, else the file's folder.
    pub fn container_dir(&self) -> &str {
        if self.is_leaf_bundle() {
            parent_dir(self.dir())
        } else {
            self.dir()
        }
    }

    /// The top-level section a page belongs to (`blog` for `blog/2020/x.md`).
    pub fn top_section(&self) -> &str {
        self.container_dir().split('/').next().unwrap_or("")
    }
}

pub fn parent_dir(dir: &str) -> &str {
    dir.rsplit_once('/').map_or("", |(parent, _)| parent)
}
