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

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use super::arrange::{LangSite, arrange};
use super::render::{PageState, RenderOneError, render_changed_text, render_one};
use super::{
    LoadedTemplates, Options, Outcome, Summary, build_key, include, load_config, load_templates,
};
use crate::cache::{BuildCache, Recorded};
use crate::config::{self, Config};
use crate::content::cache::FrontMatterCache;
use crate::content::{self, PageKind, ReadCache};
use crate::diagnostics::Diagnostic;
use crate::files::CACHE_DIR;
use crate::output::sink::memory::{Capture, Changes, MemoryBuild, MemorySite, Served};
use crate::output::{Revised, Target};
use crate::render::Templates;
use crate::site::{Output, Site};

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
            // Hugo's Go templates and the files they read are templates as much as minijinja's;
            // page layouts in `layouts/` are not used.
            "layouts" => match rel.strip_prefix("layouts").ok().and_then(Path::to_str) {
                Some(inside) if crate::render::hugo::is_used_layout(inside) => Touched::Templates,
                _ => Touched::Nothing,
            },
            "templates" | "assets" => Touched::Templates,
            "static" => Touched::Static,
            "data" | "i18n" | "themes" => Touched::Config,
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
    renderer: Option<Arc<SiteRenderer>>,
    last: Option<Last>,
    /// Pages' text changed since the search index was made: `refresh_search` makes it again.
    search_stale: bool,
    /// Each content file's page URL, every language's, for `--navigateToChanged`.
    page_urls: HashMap<PathBuf, String>,
}

/// What the last good build arranged, kept so that an edit to a page's text alone is rendered
/// without arranging the site again.
struct Last {
    site: Arc<Site>,
    /// Pages whose text changed since `site` was arranged, as read now.
    revised: Arc<Revised>,
    templates: Arc<Templates>,
    state: PageState,
    /// Each content file's page in `site`.
    by_file: HashMap<PathBuf, usize>,
    skipped: usize,
    static_files: usize,
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
            renderer: None,
            last: None,
            search_stale: false,
            page_urls: HashMap::new(),
        }
    }

    /// The files of the last site that built without errors.
    pub fn site(&self) -> Arc<MemorySite> {
        Arc::clone(&self.site)
    }

    /// The last site that built without errors, as served.
    pub fn view(&self) -> SiteView {
        SiteView {
            files: Arc::clone(&self.site),
            renderer: self.renderer.clone(),
        }
    }

    /// The config of the last build, if it could be read.
    pub fn config(&self) -> Option<Arc<Config>> {
        self.config.clone()
    }

    pub fn source(&self) -> &Path {
        &self.options.source
    }

    /// The URL path of the page made from the content file `file` in the last good build that
    /// arranged the site (an edit to a page's text moves no page).
    pub fn page_url(&self, file: &Path) -> Option<String> {
        self.page_urls.get(file).cloned()
    }

    /// Sorts a changed path by what it can affect.
    pub fn touched(&self, path: &Path) -> Touched {
        let publish_dir = self
            .config
            .as_ref()
            .map_or("public", |c| c.publish_dir.as_str());
        match Touched::of(&self.options.source, path, publish_dir) {
            Touched::Nothing if self.content_dirs().iter().any(|d| path.starts_with(d)) => {
                Touched::Content
            }
            touched => touched,
        }
    }

    /// The content folders (`contentDir`, module mounts), besides `content/`.
    pub fn content_dirs(&self) -> Vec<PathBuf> {
        self.config.as_ref().map_or_else(Vec::new, |c| {
            c.content_mounts
                .iter()
                .map(|m| self.options.source.join(&m.source))
                .collect()
        })
    }

    /// Builds the site again after `changed` files changed (all of it, the first time). A
    /// failed build changes nothing that is served.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Rebuilt {
        let started = Instant::now();
        if let Some(rebuilt) = self.rebuild_text(changed, started) {
            return rebuilt;
        }
        self.last = None;
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
            .get_or_insert_with(|| load_templates(&self.options.source, &config))
            .clone();
        // The first load reads front matter from the cache `build` keeps; later ones read only
        // the files that changed.
        let front_matter = if self.reads.is_empty() {
            FrontMatterCache::open(&self.options.source, !self.options.no_cache)
        } else {
            FrontMatterCache::disabled()
        };
        let loaded = content::load_reusing(
            &self.options.source,
            &config,
            &include(&self.options),
            &mut self.reads,
            &front_matter,
            |file| stale.contains(file),
        );
        let _ = front_matter.save();
        let skipped = loaded.skipped;
        let (languages, templates, mut diagnostics) =
            arrange(loaded, &config, templates, &self.options.source);
        diagnostics.splice(0..0, config.warnings.iter().cloned());
        let (Some(languages), Some(templates)) = (languages, templates) else {
            return failed(diagnostics);
        };
        let content_failed = diagnostics.iter().any(Diagnostic::is_error);
        let key = build_key(&config, &self.options, MEMORY, &templates);
        let cache = BuildCache::in_memory(key, self.recorded.take());
        // Pages are rendered on request only for a site of one language: an output names its
        // page by its place in one site.
        let single = languages.len() == 1;
        let mut build = MemoryBuild::new(Arc::clone(&self.site));
        if single {
            build = build.deferring();
        }
        let mut all = super::render_languages(
            &languages,
            &templates,
            &build,
            &cache,
            &self.options.source,
            None,
        );
        diagnostics.append(&mut all.problems);
        let (static_files, rendered, mut states) = (all.static_files, all.rendered, all.states);
        if content_failed || diagnostics.iter().any(Diagnostic::is_error) {
            self.recorded = Some(cache.into_previous());
            return failed(diagnostics);
        }
        let (built, changes) = build.finish();
        self.site = Arc::new(built);
        self.recorded = Some(cache.into_recorded());
        let mut summary = Summary::of(&languages, skipped, static_files);
        self.page_urls = languages
            .iter()
            .flat_map(|l| {
                l.site
                    .pages
                    .iter()
                    .filter(|sp| !sp.page.file.as_os_str().is_empty())
                    .map(|sp| (sp.page.file.clone(), l.config.relative_url(&sp.path)))
            })
            .collect();
        self.renderer = None;
        if let (true, Some(language), Some(state)) = (single, languages.first(), states.pop()) {
            let site = Arc::clone(&language.site);
            self.renderer = Some(Arc::new(SiteRenderer {
                source: self.options.source.clone(),
                revised: Arc::default(),
                site: Arc::clone(&site),
                config: Arc::clone(&language.config),
                templates: Arc::clone(&templates),
                state: state.clone(),
            }));
            let by_file = site
                .pages
                .iter()
                .enumerate()
                .filter(|(_, sp)| !sp.page.file.as_os_str().is_empty())
                .map(|(i, sp)| (sp.page.file.clone(), i))
                .collect();
            self.last = Some(Last {
                site,
                revised: Arc::default(),
                templates,
                state,
                by_file,
                skipped,
                static_files,
            });
        }
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
            rendered,
        }
    }

    /// The quick way, for the most common change: the text of a few regular pages edited, their
    /// front matter as it was. Then the site's arrangement cannot have changed, so it is kept,
    /// and only the pages and the lists and feeds that show them are rendered. `None` (having
    /// changed nothing served) when the change is anything else.
    fn rebuild_text(&mut self, changed: &[PathBuf], started: Instant) -> Option<Rebuilt> {
        if changed.is_empty() {
            return None;
        }
        let config = self.config.clone()?;
        let mut indices = Vec::with_capacity(changed.len());
        if changed.iter().any(|p| self.touched(p) != Touched::Content) {
            return None;
        }
        let last = self.last.as_mut()?;
        for path in changed {
            let &i = last.by_file.get(path)?;
            let is_regular = last.site.pages[i].page.kind == PageKind::Page;
            if !is_regular || !path.is_file() {
                return None;
            }
            indices.push(i);
        }
        let mut pages = Vec::with_capacity(changed.len());
        let mut diagnostics = Vec::new();
        for (path, &i) in changed.iter().zip(&indices) {
            let (now, was) = self.reads.reread(path, &config)?;
            let (Ok((page, warnings)), Ok((old, old_warnings))) = (now, was) else {
                return None;
            };
            let same_front_matter = page.params == old.params
                && page.kind == old.kind
                && page.rel_path == old.rel_path
                && warnings.len() == old_warnings.len();
            if !same_front_matter {
                return None;
            }
            diagnostics.extend(warnings);
            pages.push((i, page));
        }
        // The arrangement stays as it is; the pages read again are recorded beside it. (Only
        // the served renderer shares the record: a copy of it is small.)
        let revised = Arc::make_mut(&mut last.revised);
        for (i, page) in pages {
            revised.insert(i, page);
        }
        let key = build_key(&config, &self.options, MEMORY, &last.templates);
        let cache = BuildCache::in_memory(key, self.recorded.take());
        let build = MemoryBuild::patch(Arc::clone(&self.site)).deferring();
        let target = Target {
            site: &last.site,
            config: &config,
            templates: &last.templates,
            output: &build,
            cache: &cache,
            source: &self.options.source,
            revised: Some(&last.revised),
        };
        let Some(mut rendering) = render_changed_text(&target, &mut last.state, &indices) else {
            self.recorded = Some(cache.into_previous());
            return None;
        };
        diagnostics.append(&mut rendering.problems);
        if diagnostics.iter().any(Diagnostic::is_error) {
            self.recorded = Some(cache.into_previous());
            self.last = None;
            return Some(failed(diagnostics));
        }
        let (built, changes) = build.finish();
        self.site = Arc::new(built);
        self.recorded = Some(cache.into_patched());
        self.search_stale = super::jobs::has_search(&last.site, &config);
        self.renderer = Some(Arc::new(SiteRenderer {
            source: self.options.source.clone(),
            revised: Arc::clone(&last.revised),
            site: Arc::clone(&last.site),
            config: Arc::clone(&config),
            templates: Arc::clone(&last.templates),
            state: last.state.clone(),
        }));
        let current = [LangSite {
            config: Arc::clone(&config),
            site: Arc::clone(&last.site),
        }];
        let mut summary = Summary::of(&current, last.skipped, last.static_files);
        summary.files_written = changes.changed.len();
        summary.files_unchanged = changes.unchanged;
        summary.elapsed = started.elapsed();
        Some(Rebuilt {
            outcome: Outcome {
                summary: Some(summary),
                diagnostics,
            },
            changes,
            rendered: rendering.rendered,
        })
    }

    /// Makes the search index again after an edit to pages' text, which [`Session::rebuild`]
    /// shows at once without it: the index is for the next query, the page for the reader now.
    /// Returns whether the served site changed.
    pub fn refresh_search(&mut self) -> bool {
        if !std::mem::take(&mut self.search_stale) {
            return false;
        }
        let (Some(config), Some(last)) = (self.config.clone(), self.last.as_ref()) else {
            return false;
        };
        let key = build_key(&config, &self.options, MEMORY, &last.templates);
        let cache = BuildCache::in_memory(key, self.recorded.take());
        let build = MemoryBuild::patch(Arc::clone(&self.site));
        let target = Target {
            site: &last.site,
            config: &config,
            templates: &last.templates,
            output: &build,
            cache: &cache,
            source: &self.options.source,
            revised: Some(&last.revised),
        };
        if render_one(&target, &last.state, Output::Search).is_err() {
            self.recorded = Some(cache.into_previous());
            return false;
        }
        let (built, changes) = build.finish();
        self.recorded = Some(cache.into_patched());
        if changes.changed.is_empty() {
            return false;
        }
        self.site = Arc::new(built);
        true
    }

    fn forget_everything(&mut self) {
        self.config = None;
        self.templates = None;
        self.reads = ReadCache::default();
        self.recorded = None;
        self.last = None;
    }
}

/// What renders again, on request, the pages and lists a session's site does not keep in
/// memory: the site as that build arranged it.
pub struct SiteRenderer {
    source: PathBuf,
    revised: Arc<Revised>,
    site: Arc<Site>,
    config: Arc<Config>,
    templates: Arc<Templates>,
    state: PageState,
}

impl SiteRenderer {
    /// The bytes the build made at `rel` from `output`.
    pub fn render(&self, output: Output, rel: &str) -> Result<Vec<u8>, RenderOneError> {
        let capture = Capture::new(rel);
        let cache = BuildCache::in_memory(0, None);
        let target = Target {
            site: &self.site,
            config: &self.config,
            templates: &self.templates,
            output: &capture,
            cache: &cache,
            source: &self.source,
            revised: Some(&self.revised),
        };
        render_one(&target, &self.state, output)?;
        capture
            .take()
            .ok_or_else(|| RenderOneError::Failed(Vec::new()))
    }
}

/// A served site: the files of the last good build, and what renders those it does not keep.
#[derive(Clone, Default)]
pub struct SiteView {
    pub files: Arc<MemorySite>,
    pub renderer: Option<Arc<SiteRenderer>>,
}

impl SiteView {
    /// The bytes at `rel`, however they are kept.
    pub fn read(&self, rel: &str) -> Result<Option<Vec<u8>>, RenderOneError> {
        match self.files.get(rel) {
            None => Ok(None),
            Some(Served::Bytes(bytes)) => Ok(Some(bytes)),
            Some(Served::File(path)) => Ok(std::fs::read(path).ok()),
            Some(Served::Render(output)) => match &self.renderer {
                Some(renderer) => renderer.render(output, rel).map(Some),
                None => Ok(None),
            },
        }
    }
}

/// The destination the build key names for a site in memory.
const MEMORY: &str = "memory";

fn failed(diagnostics: Vec<Diagnostic>) -> Rebuilt {
    Rebuilt {
        outcome: Outcome::failed(diagnostics),
        changes: Changes::default(),
        rendered: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_paths_are_sorted_by_what_they_can_affect() {
        let site = Path::new("/site");
        let of = |rel: &str| Touched::of(site, &site.join(rel), "public");
        assert_eq!(of("content/posts/a.md"), Touched::Content);
        assert_eq!(of("content/posts/bundle/cover.png"), Touched::Content);
        assert_eq!(of("templates/page.html"), Touched::Templates);
        for go in [
            "layouts/shortcodes/note.html",
            "layouts/_default/_markup/render-link.html",
            "layouts/_partials/x.html",
            "assets/data.json",
        ] {
            assert_eq!(of(go), Touched::Templates, "{go}");
        }
        assert_eq!(of("static/images/a.png"), Touched::Static);
        for config in [
            "hugo.toml",
            "config.yaml",
            "inkstone.toml",
            "config/_default/params.toml",
            "i18n/zh.toml",
            "data/authors.json",
        ] {
            assert_eq!(of(config), Touched::Config, "{config}");
        }
        // The site's own folder stands for "anything may have changed" (lost events).
        assert_eq!(Touched::of(site, site, "public"), Touched::Config);
        for ignored in [
            "public/index.html",
            ".inkstone-cache/render.jsonl",
            "content/posts/.a.md.swp",
            "content/posts/a.md~",
            "README.md",
            "layouts/index.html",
            "layouts/_default/single.html",
        ] {
            assert_eq!(of(ignored), Touched::Nothing, "{ignored}");
        }
        assert_eq!(
            Touched::of(site, Path::new("/elsewhere/a.md"), "public"),
            Touched::Nothing
        );
        assert_eq!(
            Touched::of(site, &site.join("docs/index.html"), "docs"),
            Touched::Nothing
        );
    }
}
