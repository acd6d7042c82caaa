//! What every kind of output shares: the site being written, the sink it goes to, the build
//! cache that says which files need no rendering, and the problems found on the way.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use minijinja::Value;

use crate::cache::{BuildCache, keys};
use crate::config::Config;
use crate::content::Page;
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Digest, Rendered};
use crate::render::{Context, Templates};
use crate::site::{Output, Site, urls};

use super::Sink;

/// What a render reads: the site, its config and templates; where it writes and what it
/// remembers.
pub struct Target<'a> {
    pub site: &'a Arc<Site>,
    pub config: &'a Arc<Config>,
    pub templates: &'a Templates,
    pub output: &'a dyn Sink,
    pub cache: &'a BuildCache,
    /// The site's folder, for the images pages show and the static files.
    pub source: &'a Path,
    /// Pages whose text was edited since the site was arranged (front matter unchanged), as
    /// read now: `serve` records them here instead of copying the whole site for each save.
    pub revised: Option<&'a Revised>,
}

/// Pages read again after their text alone changed, by index in the site.
pub type Revised = HashMap<usize, Arc<Page>>;

/// The converted text of home and section pages, by page index.
pub type ListTexts = HashMap<usize, Arc<Rendered>>;

/// What one page's rendering leaves for the lists.
pub enum PageResult {
    Done(Digest),
    /// Home and sections: rendered with their lists later, so their text is kept until then.
    List(Digest, Arc<Rendered>),
    Failed,
}

/// What the list outputs share: site values, and each page's cache key and digest.
pub struct Lists<'a> {
    pub site_value: &'a Value,
    pub site_key: u64,
    pub page_keys: &'a [u64],
    pub digests: Arc<Vec<Digest>>,
    pub texts: ListTexts,
}

impl Lists<'_> {
    /// A page as lists show it. Built for each list rather than kept: every page appears in
    /// several lists, but holding all of them would make memory grow with the site.
    pub(super) fn summary(&self, ctx: &Context, i: usize) -> Value {
        ctx.summary_value(i, Some(Arc::clone(&self.digests)))
    }

    pub(super) fn keys(&self, pages: &[usize]) -> u64 {
        keys::list_key(self.page_keys, pages)
    }

    /// A template context: the site values and `extra`.
    pub(super) fn with_site(&self, extra: Vec<(&'static str, Value)>) -> Value {
        let mut pairs = vec![("site", self.site_value.clone())];
        pairs.extend(extra);
        Value::from_pairs(pairs)
    }
}

/// Where a template failed and how: the same failure on many pages is one problem.
type FailureKey = (Option<PathBuf>, Option<(usize, usize)>, String);

/// Makes the outputs of one site; each kind of output adds its methods in its own file.
pub struct Writer<'a> {
    pub(super) config: &'a Config,
    pub(super) cache: &'a BuildCache,
    pub(super) site: &'a Site,
    pub(super) templates: &'a Templates,
    pub(super) output: &'a dyn Sink,
    pub(super) source: &'a Path,
    pub(super) revised: Option<&'a Revised>,
    problems: Mutex<Vec<Diagnostic>>,
    template_failures: Mutex<HashMap<FailureKey, (Diagnostic, String, usize)>>,
    rendered: AtomicUsize,
    /// Shortcodes nothing renders: by name, the first place used and how many times.
    unknown_shortcodes: Mutex<BTreeMap<String, (PathBuf, usize, usize, usize)>>,
    pub(super) search_filter: std::sync::OnceLock<super::search::SearchFilter>,
    pub ctx: Context,
}

impl<'a> Target<'a> {
    pub fn writer(&self) -> Writer<'a> {
        Writer {
            config: self.config,
            cache: self.cache,
            site: self.site,
            templates: self.templates,
            output: self.output,
            source: self.source,
            revised: self.revised,
            problems: Mutex::new(Vec::new()),
            template_failures: Mutex::new(HashMap::new()),
            rendered: AtomicUsize::new(0),
            unknown_shortcodes: Mutex::new(BTreeMap::new()),
            search_filter: std::sync::OnceLock::new(),
            ctx: Context {
                site: Arc::clone(self.site),
                config: Arc::clone(self.config),
            },
        }
    }
}

impl Writer<'_> {
    /// Makes `output`. Pages are made by [`Writer::render_pages`] in a build; this is for
    /// making one again.
    pub fn make(&self, output: &Output, lists: &Lists<'_>) {
        match *output {
            Output::Page(i) => {
                let options = self.markdown_options();
                self.render_page(i, &options, lists.site_value, lists.page_keys[i]);
            }
            Output::Section { s, number } => self.section(s, number, lists),
            Output::SectionFeed { s } => self.section_feed(s, lists),
            Output::Taxonomy { t } => self.taxonomy(t, lists),
            Output::Term { t, k, number } => self.term(t, k, number, lists),
            Output::TermFeed { t, k } => self.term_feed(t, k, lists),
            Output::TaxonomyFeed { t } => self.taxonomy_feed(t, lists),
            Output::Alias { a } => self.alias(a, lists.site_value),
            Output::NotFound => self.not_found(lists),
            Output::Sitemap => self.sitemap(lists),
            Output::Archive => self.archive(lists),
            Output::Robots => self.robots(lists),
            Output::Search => self.search_index(lists),
        }
    }

    /// How many outputs were rendered from a template rather than kept from the last build.
    pub fn rendered(&self) -> usize {
        self.rendered.load(Ordering::Relaxed)
    }

    pub(super) fn count_rendered(&self) {
        self.rendered.fetch_add(1, Ordering::Relaxed);
    }

    pub(super) fn problem(&self, d: Diagnostic) {
        self.problems
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(d);
    }

    /// A write that failed; once the sink has stopped, it reports the first failure itself.
    pub(super) fn write_problem(&self, d: Diagnostic) {
        if !self.output.stopped() {
            self.problem(d);
        }
    }

    /// Writes a rendered output, saying what made it so that a sink may make it again.
    pub(super) fn write_output(&self, rel: &str, bytes: &[u8], made_by: Option<Output>) {
        let written = match made_by {
            Some(output) => self.output.write_output(rel, bytes, output),
            None => self.output.write(rel, bytes),
        };
        if let Err(e) = written {
            self.write_problem(Diagnostic::error(format!("cannot write {rel}: {e}")));
        }
    }

    /// Renders `template` to the file for `path`, unless the previous build rendered the same
    /// template with the same values there.
    pub(super) fn render_to(&self, template: &str, ctx: Value, path: &str, what: &str) {
        let key = keys::value_key(&ctx);
        self.render_keyed(template, key, path, what, None, || ctx);
    }

    /// Like [`Self::render_to`], for values costly to build: `key` must change whenever they
    /// would, and `make_ctx` is only called when the file has to be rendered.
    pub(super) fn render_keyed(
        &self,
        template: &str,
        key: u64,
        path: &str,
        what: &str,
        made_by: Option<Output>,
        make_ctx: impl FnOnce() -> Value,
    ) {
        let rel = urls::output_file(path);
        let key = keys::output_key(template, key);
        if self.cache.hit(&rel, key).is_some() && self.output.keep(&rel, made_by) {
            self.cache.record(&rel, key, None);
            return;
        }
        self.count_rendered();
        match self.templates.render(template, make_ctx()) {
            Ok(html) => {
                self.write_output(&rel, html.as_bytes(), made_by);
                self.cache.record(&rel, key, None);
            }
            Err(d) => self.template_problem(d, what),
        }
    }

    /// A broken template fails every page it renders; report it once, with how many it failed.
    pub(super) fn template_problem(&self, d: Diagnostic, what: &str) {
        let key = (
            d.file.clone(),
            d.position.map(|p| (p.line, p.column)),
            d.message.clone(),
        );
        let mut seen = self
            .template_failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match seen.get_mut(&key) {
            Some((_, _, count)) => *count += 1,
            None => {
                seen.insert(key, (d, what.to_owned(), 0));
            }
        }
    }

    /// Reports what the digest of page `i` says is wrong with its text; shortcodes nothing
    /// renders are gathered, to be reported once a name.
    pub(super) fn page_notes(&self, i: usize, digest: &Digest) {
        let file = &self.site.pages[i].page.file;
        for (message, line, column) in &digest.warnings {
            let mut d = Diagnostic::warning(message.clone()).in_file(file);
            if *line > 0 {
                d.position = Some(crate::diagnostics::Position {
                    line: *line,
                    column: *column,
                });
            }
            self.problem(d);
        }
        if digest.unknown_shortcodes.is_empty() {
            return;
        }
        let mut seen = self
            .unknown_shortcodes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (name, line, column) in &digest.unknown_shortcodes {
            let place = (file.clone(), *line, *column);
            match seen.get_mut(name) {
                Some((f, l, c, count)) => {
                    *count += 1;
                    if (&place.0, place.1, place.2) < (&*f, *l, *c) {
                        (*f, *l, *c) = place;
                    }
                }
                None => {
                    seen.insert(name.clone(), (place.0, place.1, place.2, 1));
                }
            }
        }
    }

    /// Every problem found, template failures counted once each.
    pub fn take_problems(self) -> Vec<Diagnostic> {
        let mut problems = self
            .problems
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let unknown = self
            .unknown_shortcodes
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (name, (file, line, column, count)) in unknown {
            let times = match count {
                1 => String::new(),
                n => format!(" (used {n} times; the first is here)"),
            };
            let mut d = Diagnostic::warning(format!(
                "no template renders the shortcode `{name}`{times}: a paired one shows what it holds, a lone one nothing"
            ))
            .in_file(&file)
            .with_hint(format!(
                "add templates/shortcodes/{name}.html, or write {{{{</* {name} */>}}}} to show it as text"
            ));
            d.position = Some(crate::diagnostics::Position { line, column });
            problems.push(d);
        }
        let failures = self
            .template_failures
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (_, (mut d, what, more)) in failures {
            d.message = match more {
                0 => format!("{} (while rendering {what})", d.message),
                n => format!("{} (while rendering {what} and {n} more)", d.message),
            };
            problems.push(d);
        }
        problems
    }

    pub fn markdown_options(&self) -> markdown::Options {
        markdown::Options {
            unsafe_html: self.config.unsafe_html,
            summary_length: self.config.summary_length,
            has_cjk: self.config.has_cjk_language,
            emoji: self.config.markup.emoji,
            math: markdown::math::Delimiters {
                backslash: self.config.markup.math_backslash,
                dollar: self.config.markup.math_dollar,
            },
            extensions: self.config.markup.extensions,
            alert_titles: Some(Arc::new(self.alert_titles())),
        }
    }

    /// The theme's words for GitHub alerts' kinds (`note`…) in the site's language.
    fn alert_titles(&self) -> HashMap<String, String> {
        ["note", "tip", "important", "warning", "caution"]
            .into_iter()
            .filter_map(|kind| {
                let title = self.config.i18n.get(kind)?.get("other")?.as_str()?;
                Some((kind.to_owned(), title.to_owned()))
            })
            .collect()
    }

    /// The `page` value for pages that have no content file: taxonomy lists, terms, 404.
    pub(super) fn list_page(&self, path: &str, title: &str, kind: &str) -> Value {
        Value::from_pairs([
            ("kind", Value::from(kind)),
            ("title", Value::from(title)),
            ("url", Value::from(self.ctx.url(path))),
            ("permalink", Value::from(self.ctx.permalink(path))),
        ])
    }
}
