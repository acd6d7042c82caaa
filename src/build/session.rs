//! A build kept alive between rebuilds, for `serve`: the site lives in memory, and a rebuild
//! reads again only what the changed files can affect.
//!
//! What depends on what is decided in two explicit steps. Here, a changed file is sorted by
//! [`Touched`]: the config (or anything read with it) drops everything loaded; a template drops
//! the templates, and with them every cache key; a content file is read again, alone; a static
//! file needs nothing reloaded. Then the build cache decides which outputs to render again: each
//! output's key covers what its bytes depend on (a page its source, path and neighbours; a list
//! the keys of the pages it shows), so only outputs whose inputs changed are rendered, and only
//! outputs whose bytes changed are reported.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use super::{
    LoadedTemplates, Options, Outcome, Summary, arrange, build_key, include, load_config,
    load_templates, render_site,
};
use crate::cache::{BuildCache, CACHE_DIR, Recorded};
use crate::config::{self, Config};
use crate::content::{self, ReadCache};
use crate::diagnostics::Diagnostic;
use crate::output::memory::{Changes, MemoryBuild, MemorySite};

/// What a changed file can affect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Touched {
    /// Not part of the site: the output folder, the cache, editor files, anything unknown.
    Nothing,
    /// `static/`: the file is re-served; nothing else changes.
    Static,
    /// A file under `content/`: its page, and the lists that show it.
    Content,
    /// `templates/`: every output.
    Templates,
    /// The config files, `config/`, `data/`, `i18n/`: everything.
    Config,
}

impl Touched {
    /// Sorts `path`, a file or folder of the site at `source` (both as the watcher reports them).
    pub fn of(source: &Path, path: &Path, publish_dir: &str) -> Touched {
        let Ok(rel) = path.strip_prefix(source) else {
            return Touched::Nothing;
        };
        let Some(first) = rel.components().next() else {
            return Touched::Config;
        };
        let first = first.as_os_str().to_string_lossy();
        let name = rel
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        if crate::files::is_editor_temp(&name) || first == publish_dir || first == CACHE_DIR {
            return Touched::Nothing;
        }
        if config::is_config_file(rel) {
            return Touched::Config;
        }
        match first.as_ref() {
            "content" => Touched::Content,
            "templates" => Touched::Templates,
            "static" => Touched::Static,
            "data" | "i18n" => Touched::Config,
            _ => Touched::Nothing,
        }
    }
}

/// The outcome of one rebuild, and what it changed in the served site.
pub struct Rebuilt {
    pub outcome: Outcome,
    /// Empty when the build failed: the previous site is still the one served.
    pub changes: Changes,
    /// Outputs rendered again (the others were kept from the previous build).
    pub rendered: usize,
}

pub struct Session {
    options: Options,
    config: Option<Arc<Config>>,
    templates: Option<LoadedTemplates>,
    reads: ReadCache,
    recorded: Option<Recorded>,
    site: Arc<MemorySite>,
}

impl Session {
    /// A session that has built nothing yet: the first [`Session::rebuild`] builds everything.
    pub fn new(options: Options) -> Session {
        Session {
            options,
            config: None,
            templates: None,
            reads: ReadCache::default(),
            recorded: None,
            site: Arc::new(MemorySite::default()),
        }
    }

    /// The last site that built without errors.
    pub fn site(&self) -> Arc<MemorySite> {
        Arc::clone(&self.site)
    }

    /// The config of the last build, if it could be read.
    pub fn config(&self) -> Option<Arc<Config>> {
        self.config.clone()
    }

    pub fn source(&self) -> &Path {
        &self.options.source
    }

    /// Sorts a changed path by what it can affect.
    pub fn touched(&self, path: &Path) -> Touched {
        let publish_dir = self
            .config
            .as_ref()
            .map_or("public", |c| c.publish_dir.as_str());
        Touched::of(&self.options.source, path, publish_dir)
    }

    /// Builds the site again after `changed` files changed (all of it, the first time). A
    /// failed build changes nothing that is served.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Rebuilt {
        let started = Instant::now();
        let mut stale = HashSet::new();
        for path in changed {
            match self.touched(path) {
                Touched::Config => self.forget_everything(),
                Touched::Templates => self.templates = None,
                Touched::Content => {
                    stale.insert(path.clone());
                }
                Touched::Static | Touched::Nothing => {}
            }
        }
        let config = match self.config.clone() {
            Some(c) => c,
            None => match load_config(&self.options, config::DEVELOPMENT) {
                Ok(c) => {
                    let c = Arc::new(c);
                    self.config = Some(Arc::clone(&c));
                    c
                }
                Err(problems) => return failed(problems),
            },
        };
        let templates = self
            .templates
            .get_or_insert_with(|| load_templates(&self.options.source))
            .clone();
        let loaded = content::load_reusing(
            &self.options.source.join("content"),
            &config,
            &include(&self.options),
            &mut self.reads,
            |file| stale.contains(file),
        );
        let skipped = loaded.skipped;
        let (site, templates, mut diagnostics) =
            arrange(loaded, &config, templates, &self.options.source);
        let (Some(site), Some(templates)) = (site, templates) else {
            return failed(diagnostics);
        };
        let content_failed = diagnostics.iter().any(Diagnostic::is_error);
        let key = build_key(&config, &self.options, "memory", &templates);
        let cache = BuildCache::in_memory(key, self.recorded.as_ref());
        let build = MemoryBuild::new(Arc::clone(&self.site));
        let mut rendering = render_site(
            &site,
            &config,
            &templates,
            &build,
            &cache,
            &self.options.source,
            None,
        );
        diagnostics.append(&mut rendering.problems);
        if content_failed || diagnostics.iter().any(Diagnostic::is_error) {
            return failed(diagnostics);
        }
        let (built, changes) = build.finish();
        self.site = Arc::new(built);
        self.recorded = Some(cache.into_recorded());
        let mut summary = Summary::of(&site, skipped, rendering.static_files);
        summary.files_written = changes.changed.len();
        summary.files_unchanged = changes.unchanged;
        summary.files_removed = changes.removed.len();
        summary.elapsed = started.elapsed();
        Rebuilt {
            outcome: Outcome {
                summary: Some(summary),
                diagnostics,
            },
            changes,
            rendered: rendering.rendered,
        }
    }

    fn forget_everything(&mut self) {
        self.config = None;
        self.templates = None;
        self.reads = ReadCache::default();
        self.recorded = None;
    }
}

fn failed(diagnostics: Vec<Diagnostic>) -> Rebuilt {
    Rebuilt {
        outcome: Outcome::failed(diagnostics),
        changes: Changes::default(),
        rendered: 0,
    }
}
