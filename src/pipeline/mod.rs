//! The pipeline: runs the stages in order — config, content, site, then markdown, render and
//! output per page and list — and decides what to make. `build` runs it once; `serve` keeps a
//! [`Session`] alive between rebuilds.

#![allow(
    clippy::indexing_slicing,
    reason = "pages, sections, taxonomies and terms refer to each other by indices into the site's own vectors, made by the site stage from those vectors and never shrunk: an index out of range is a bug of inkstone, never something a site can cause"
)]

mod arrange;
mod jobs;
mod render;
mod session;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use indicatif::ProgressBar;

use crate::cache::BuildCache;
use crate::cache::keys::{self, Flags};
use crate::check::{self, CheckOptions, Collector};
use crate::config::{self, Config};
use crate::content::cache::FrontMatterCache;
use crate::content::{self, Include, PageKind};
use crate::diagnostics::Diagnostic;
use crate::files::CACHE_DIR;
use crate::output::{self, Minifying, OutputDir, Sink, Target};
use crate::render::Templates;
use crate::site::{self, Site};
pub use arrange::LangSite;
use arrange::arrange;
pub use render::RenderOneError;
use render::{PageState, render_site};
pub use session::{Rebuilt, Session, SiteView, Touched};

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub source: PathBuf,
    pub destination: Option<PathBuf>,
    pub drafts: bool,
    pub future: bool,
    pub expired: bool,
    pub base_url: Option<String>,
    /// For `serve`: the scheme, host and port the site is served at; the configured base URL's
    /// path is kept, as Hugo's server does. `base_url` wins over it.
    pub origin: Option<String>,
    /// Neither read nor write the build cache.
    pub no_cache: bool,
    /// Gather every page's facts into [`Summary::facts`], for `--print-pages`.
    pub page_facts: bool,
    /// Raised (by a signal) to stop the build; the output folder is then left as it was.
    pub interrupt: Option<Arc<AtomicBool>>,
    /// Hugo's `--panicOnWarning`: any warning fails the build, which then writes nothing.
    pub warnings_fail: bool,
    /// Check the built site's links, anchors and images; a broken one fails the build.
    pub check: Option<CheckOptions>,
    /// Build in memory only, for `check`: no output and no render cache is written (the
    /// front-matter cache is, as by any run that reads the content).
    pub dry_run: bool,
    /// Hugo's `--environment`: which folder of `config/` is read over `config/_default/`,
    /// instead of `production` (build) or `development` (serve).
    pub environment: Option<String>,
    /// Hugo's `--config`: config files read instead of `hugo.toml`, later ones winning.
    pub config_files: Vec<PathBuf>,
    /// Hugo's `--minify`: pages, stylesheets, scripts, feeds and sitemaps written without what
    /// only people read.
    pub minify: bool,
    /// Hugo's `--cleanDestinationDir`: files in the output folder that inkstone did not write
    /// are not kept (hidden folders such as `.git` are).
    pub clean_destination: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub pages: usize,
    pub sections: usize,
    pub terms: usize,
    pub static_files: usize,
    pub aliases: usize,
    pub skipped: usize,
    pub files_written: usize,
    pub files_unchanged: usize,
    pub files_removed: usize,
    pub destination: PathBuf,
    pub elapsed: Duration,
    /// How long each stage took, in order: where the time of a slow build went.
    pub stages: Vec<(&'static str, Duration)>,
    /// Every page's URL, kind and front-matter facts, and every menu entry, when asked for.
    pub facts: Option<serde_json::Value>,
}

/// What a build did: a summary when it succeeded, and every problem it found either way.
#[derive(Debug, Default)]
pub struct Outcome {
    pub summary: Option<Summary>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Outcome {
    fn failed(diagnostics: Vec<Diagnostic>) -> Outcome {
        Outcome {
            summary: None,
            diagnostics,
        }
    }
}

/// Builds the site. `progress`, when given, is advanced once per page rendered.
pub fn run(options: &Options, progress: Option<&ProgressBar>) -> Outcome {
    let started = Instant::now();
    let config = match load_config(options, config::PRODUCTION) {
        Ok(c) => Arc::new(c),
        Err(problems) => return Outcome::failed(problems),
    };
    let destination = options
        .destination
        .clone()
        .unwrap_or_else(|| options.source.join(&config.publish_dir));
    let mut stages = Stages::starting(started);
    let read = read_site(options, &config, &mut stages);
    let (languages, templates, mut diagnostics, skipped) = (
        read.languages,
        read.templates,
        read.diagnostics,
        read.skipped,
    );
    let (Some(languages), Some(templates)) = (languages, templates) else {
        return Outcome::failed(diagnostics);
    };
    // Even with broken pages, the rest is rendered (and thrown away) so that template errors
    // are reported in the same run.
    let content_failed = diagnostics.iter().any(Diagnostic::is_error);
    if let Some(bar) = progress {
        bar.set_length(languages.iter().map(|l| l.site.pages.len() as u64).sum());
    }
    if options.dry_run {
        return check_in_memory(options, &languages, &templates, diagnostics, &config);
    }
    if let Err(d) = check_destination(&destination, &options.source) {
        diagnostics.push(d);
        return Outcome::failed(diagnostics);
    }
    let cache_dir = options.source.join(CACHE_DIR);
    let output = match OutputDir::open(
        &destination,
        (!options.no_cache).then_some(cache_dir.as_path()),
        options.no_cache,
        options.interrupt.clone(),
    ) {
        Ok(s) => s.cleaning_foreign_files(options.clean_destination),
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(format!("cannot prepare the output folder: {e}"))
                    .in_file(&destination),
            );
            return Outcome::failed(diagnostics);
        }
    };
    let key = build_key(&config, options, &destination.to_string_lossy(), &templates);
    let build_cache = BuildCache::open(&options.source, key, !options.no_cache);
    let minifying = options.minify.then(|| Minifying::new(&output));
    let written: &dyn Sink = match &minifying {
        Some(m) => m,
        None => &output,
    };
    let collector = options
        .check
        .as_ref()
        .map(|_| Collector::new(Some(written), Some(destination.clone())));
    let sink: &dyn Sink = match &collector {
        Some(c) => c,
        None => written,
    };
    let mut all = render_languages(
        &languages,
        &templates,
        sink,
        &build_cache,
        &options.source,
        progress,
    );
    stages.done("render and write");
    diagnostics.append(&mut all.problems);
    if let Some(failure) = output.failure() {
        diagnostics.push(
            Diagnostic::error(failure)
                .with_hint("nothing was changed: the output folder holds the previous build"),
        );
    }
    if let (Some(collector), Some(check_options)) = (collector, &options.check) {
        diagnostics.extend(link_problems(
            collector,
            &languages,
            &config,
            &options.source,
            check_options,
        ));
        stages.done("check links");
    }
    let static_files = all.static_files;
    promote_warnings(options, &mut diagnostics);
    if content_failed || diagnostics.iter().any(Diagnostic::is_error) {
        output.abandon();
        return Outcome::failed(diagnostics);
    }
    let committed = match output.commit() {
        Ok(c) => c,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(format!("cannot move the new site into place: {e}"))
                    .in_file(&destination),
            );
            return Outcome::failed(diagnostics);
        }
    };
    stages.done("commit");
    if let Err(e) = build_cache.save() {
        diagnostics.push(
            Diagnostic::warning(format!("cannot save the build cache: {e}"))
                .in_file(options.source.join(CACHE_DIR))
                .with_hint("the site was built; the next build will render everything again"),
        );
    }
    let mut summary = Summary::of(&languages, skipped, static_files);
    summary.files_written = committed.written;
    summary.files_unchanged = committed.unchanged;
    summary.files_removed = committed.removed;
    summary.destination = destination;
    if options.page_facts {
        summary.facts = Some(page_facts(&languages));
    }
    stages.done("save cache");
    drop_in_background(languages);
    summary.elapsed = started.elapsed();
    summary.stages = stages.finished;
    Outcome {
        summary: Some(summary),
        diagnostics,
    }
}

/// The site read and arranged — config, content and site stages — with nothing rendered or
/// written: what `list` prints. Broken pages are problems, as in a build.
pub fn arranged(options: &Options) -> Result<Vec<LangSite>, Vec<Diagnostic>> {
    let config = Arc::new(load_config(options, config::PRODUCTION)?);
    let read = read_site(options, &config, &mut Stages::starting(Instant::now()));
    match read.languages {
        Some(languages) if !read.diagnostics.iter().any(Diagnostic::is_error) => Ok(languages),
        _ => Err(read.diagnostics),
    }
}

/// The content stage and the site stage: the site's pages read and arranged per language, its
/// templates loaded, with every problem found (the config's warnings first).
struct ReadSite {
    languages: Option<Vec<LangSite>>,
    templates: Option<Arc<Templates>>,
    diagnostics: Vec<Diagnostic>,
    /// Pages left out: drafts, future or expired.
    skipped: usize,
}

fn read_site(options: &Options, config: &Arc<Config>, stages: &mut Stages) -> ReadSite {
    let templates = load_templates(&options.source, config);
    let front_matter = FrontMatterCache::open(&options.source, !options.no_cache);
    let loaded = content::load(&options.source, config, &include(options), &front_matter);
    // Parses stay valid whatever becomes of this build, so they are saved at once. A cache that
    // cannot be written only makes the next build slower: not worth a warning on every build
    // of a read-only checkout (the render cache warns).
    let _ = front_matter.save();
    stages.done("read");
    let skipped = loaded.skipped;
    let (languages, templates, mut diagnostics) =
        arrange(loaded, config, templates, &options.source);
    diagnostics.splice(0..0, config.warnings.clone());
    stages.done("arrange");
    ReadSite {
        languages,
        templates,
        diagnostics,
        skipped,
    }
}

/// Hugo's `--panicOnWarning`: every problem is an error.
fn promote_warnings(options: &Options, diagnostics: &mut [Diagnostic]) {
    if options.warnings_fail {
        for d in diagnostics {
            d.severity = crate::diagnostics::Severity::Error;
        }
    }
}

/// Renders the site into nothing but a [`Collector`] and reports what its links lead to: the
/// build `inkstone check` runs, which writes no output and no render cache.
fn check_in_memory(
    options: &Options,
    languages: &[LangSite],
    templates: &Arc<Templates>,
    mut diagnostics: Vec<Diagnostic>,
    config: &Config,
) -> Outcome {
    let key = build_key(config, options, "", templates);
    let build_cache = BuildCache::open(&options.source, key, false);
    let collector = Collector::new(None, None);
    let mut all = render_languages(
        languages,
        templates,
        &collector,
        &build_cache,
        &options.source,
        None,
    );
    diagnostics.append(&mut all.problems);
    let check_options = options.check.clone().unwrap_or_default();
    diagnostics.extend(link_problems(
        collector,
        languages,
        config,
        &options.source,
        &check_options,
    ));
    promote_warnings(options, &mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Outcome::failed(diagnostics);
    }
    Outcome {
        summary: Some(Summary::of(languages, 0, all.static_files)),
        diagnostics,
    }
}

fn link_problems(
    collector: Collector<'_>,
    languages: &[LangSite],
    config: &Config,
    source: &Path,
    options: &CheckOptions,
) -> Vec<Diagnostic> {
    let mut found = collector.into_found();
    found
        .files
        .extend(languages.iter().flat_map(|l| check::planned(&l.site)));
    let sources = languages
        .iter()
        .flat_map(|l| check::sources(&l.site))
        .collect();
    let mut elsewhere = config.files.clone();
    for dir in ["templates", "layouts"] {
        let listing = crate::files::files_below(&source.join(dir), crate::files::is_editor_temp);
        elsewhere.extend(listing.files.into_iter().map(|(_, path)| path));
    }
    check::problems(&found, &sources, &elsewhere, &config.base_url, options)
}

fn page_facts(languages: &[LangSite]) -> serde_json::Value {
    let mut pages = Vec::new();
    let mut menus = Vec::new();
    let mut prefixes = Vec::new();
    for language in languages {
        pages.extend(site::facts::pages(&language.site, &language.config));
        menus.extend(site::facts::menus(&language.site, &language.config));
        let base = language.config.base_path().trim_end_matches('/');
        let prefix = format!("{base}{}", language.config.lang().prefix);
        prefixes.push((language.config.lang().code.clone(), prefix));
    }
    site::facts::link_list_translations(&mut pages, &prefixes);
    serde_json::json!({ "pages": pages, "menus": menus })
}

/// The output folder is replaced whole by each build: it must not hold the site's own files.
fn check_destination(destination: &Path, source: &Path) -> Result<(), Diagnostic> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (dest, source) = (absolute(destination), absolute(source));
    let dest = std::fs::canonicalize(&dest).unwrap_or(dest);
    let source = std::fs::canonicalize(&source).unwrap_or(source);
    if source.starts_with(&dest) {
        return Err(Diagnostic::error(format!(
            "the output folder {} holds the site itself",
            destination.display()
        ))
        .with_hint("choose an output folder inside the site or beside it, such as public"));
    }
    Ok(())
}

/// Freeing every page of a large site is a visible part of a build that renders little; the
/// command is about to exit, and does not wait for this thread.
fn drop_in_background<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

struct Stages {
    last: Instant,
    finished: Vec<(&'static str, Duration)>,
}

impl Stages {
    fn starting(at: Instant) -> Stages {
        Stages {
            last: at,
            finished: Vec::new(),
        }
    }

    fn done(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.finished.push((stage, now - self.last));
        self.last = now;
    }
}

impl Summary {
    fn of(languages: &[LangSite], skipped: usize, static_files: usize) -> Summary {
        let sum = |count: &dyn Fn(&Site) -> usize| languages.iter().map(|l| count(&l.site)).sum();
        Summary {
            pages: sum(&|site| {
                site.pages
                    .iter()
                    .filter(|p| p.page.kind == PageKind::Page)
                    .count()
            }),
            sections: sum(&|site| site.sections.len() - 1),
            terms: sum(&|site| site.taxonomies.iter().map(|t| t.terms.len()).sum()),
            static_files,
            aliases: sum(&|site| site.aliases.len()),
            skipped,
            ..Summary::default()
        }
    }
}

/// What rendering every language of a site into one sink gave.
struct AllRendered {
    problems: Vec<Diagnostic>,
    rendered: usize,
    static_files: usize,
    /// Each language's pages as lists know them, in the order of the languages.
    states: Vec<PageState>,
}

/// Renders each language's site into `output`, and the sitemap index over them.
fn render_languages(
    languages: &[LangSite],
    templates: &Templates,
    output: &dyn Sink,
    cache: &BuildCache,
    source: &Path,
    progress: Option<&ProgressBar>,
) -> AllRendered {
    let mut all = AllRendered {
        problems: Vec::new(),
        rendered: 0,
        static_files: 0,
        states: Vec::with_capacity(languages.len()),
    };
    for language in languages {
        let target = Target {
            site: &language.site,
            config: &language.config,
            templates,
            output,
            cache,
            source,
            revised: None,
        };
        let (mut rendering, state) = render_site(&target, progress);
        all.problems.append(&mut rendering.problems);
        all.rendered += rendering.rendered;
        all.static_files += rendering.static_files;
        all.states.push(state);
    }
    let configs: Vec<&Config> = languages.iter().map(|l| l.config.as_ref()).collect();
    if let Err(d) = output::write_sitemap_index(&configs, templates, output) {
        all.problems.push(d);
    }
    all
}

/// The site's config for `environment`, with the command line's base URL on top.
fn load_config(options: &Options, environment: &str) -> Result<Config, Vec<Diagnostic>> {
    // Nothing is made, not even the cache, for a folder that is not there.
    if !options.source.is_dir() {
        return Err(vec![
            Diagnostic::error("there is no site folder here")
                .in_file(&options.source)
                .with_hint("give --source the folder that holds content/ and the config, or run `inkstone new site` to make one"),
        ]);
    }
    let environment = options.environment.as_deref().unwrap_or(environment);
    let mut config = config::load_with(&options.source, environment, &options.config_files)?;
    let (strings, problems) = crate::render::i18n::load(
        &options.source,
        &config.i18n_dirs,
        &config.content_language(),
    );
    if !problems.is_empty() {
        return Err(problems);
    }
    config.i18n = strings;
    if let (Some(origin), None) = (&options.origin, &options.base_url) {
        config.base_url = format!("{}{}", origin.trim_end_matches('/'), config.base_path());
    }
    if let Some(url) = &options.base_url {
        config.base_url = if url.ends_with('/') {
            url.clone()
        } else {
            format!("{url}/")
        };
    }
    Ok(config)
}

/// The site's templates over the built-in theme, with their warnings, or what keeps them from
/// loading.
type LoadedTemplates = Result<(Arc<Templates>, Vec<Diagnostic>), Vec<Diagnostic>>;

fn load_templates(source: &Path, config: &Config) -> LoadedTemplates {
    Templates::load(source, config).map(|(t, warnings)| (Arc::new(t), warnings))
}

fn include(options: &Options) -> Include {
    Include {
        drafts: options.drafts,
        future: options.future,
        expired: options.expired,
        now: jiff::Timestamp::now(),
    }
}

/// The build cache's key for this build: see [`keys::build_key`].
fn build_key(config: &Config, options: &Options, destination: &str, templates: &Templates) -> u64 {
    let flags = Flags {
        drafts: options.drafts,
        future: options.future,
        expired: options.expired,
        minify: options.minify,
    };
    keys::build_key(config, flags, destination, templates.fingerprint)
}
