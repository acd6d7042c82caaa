//! Renders a site into a [`Sink`]: every page, list, feed, redirect and copied file, skipping the
//! ones whose cache key says the sink already holds the same bytes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use indicatif::ProgressBar;
use minijinja::Value;
use rayon::prelude::*;

use crate::cache::{self, BuildCache};
use crate::config::Config;
use crate::content::{self, BodyFormat, PageKind};
use crate::diagnostics::Diagnostic;
use crate::files;
use crate::markdown::{self, Rendered};
use crate::output::Sink;
use crate::render::{Context, Digest, Templates, theme};
use crate::site::{self, Output, Site, pager_path, urls};

/// What rendering a site into a sink found and did.
pub struct Rendering {
    pub problems: Vec<Diagnostic>,
    /// Files rendered from a template rather than kept from the previous build.
    pub rendered: usize,
    pub static_files: usize,
}

/// What lists know of every page after a build: what a later patch of a few pages starts from.
#[derive(Clone)]
pub struct PageState {
    pub site_hash: u64,
    pub page_keys: Vec<u64>,
    pub digests: Arc<Vec<Digest>>,
}

/// What a render reads: the site, its config and templates; where it writes and what it
/// remembers.
pub struct Target<'a> {
    pub site: &'a Arc<Site>,
    pub config: &'a Arc<Config>,
    pub templates: &'a Templates,
    pub output: &'a dyn Sink,
    pub cache: &'a BuildCache,
    /// The site's folder, for the images pages show.
    pub source: &'a Path,
    /// Pages whose text was edited since the site was arranged (front matter unchanged), as
    /// read now: `serve` records them here instead of copying the whole site for each save.
    pub revised: Option<&'a Revised>,
}

/// Pages read again after their text alone changed, by index in the site.
pub type Revised = HashMap<usize, Arc<crate::content::Page>>;

impl<'a> Target<'a> {
    fn writer(&self) -> Writer<'a> {
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
            ctx: Context {
                site: Arc::clone(self.site),
                config: Arc::clone(self.config),
            },
        }
    }
}

/// Renders everything of the site into the target's sink. `progress`, when given, is advanced
/// once per page.
pub fn render_site(
    target: &Target<'_>,
    source: &Path,
    progress: Option<&ProgressBar>,
) -> (Rendering, PageState) {
    let writer = target.writer();
    let site = target.site;
    let site_value = writer.ctx.site_value();
    let site_hash = cache::hash_serialized(&site_value);
    let page_keys: Vec<u64> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| writer.page_key(i, site_hash))
        .collect();
    let (digests, texts) = writer.render_pages(&site_value, &page_keys, progress);
    let digests = Arc::new(digests);
    writer.render_lists(&Lists {
        site_value: &site_value,
        site_hash,
        page_keys: &page_keys,
        digests: Arc::clone(&digests),
        texts,
    });
    // Static files and the theme's assets are shared by every language; the first copies them.
    let static_files = if target.config.language == 0 {
        writer.copy_files(source)
    } else {
        0
    };
    let rendered = writer.rendered.load(Ordering::Relaxed);
    let rendering = Rendering {
        problems: writer.take_problems(),
        rendered,
        static_files,
    };
    let state = PageState {
        site_hash,
        page_keys,
        digests,
    };
    (rendering, state)
}

/// Why one output could not be rendered again.
pub enum RenderOneError {
    /// A source file it reads is no longer the one the site was built from.
    SourceChanged,
    Failed(Vec<Diagnostic>),
}

/// Renders `output` again into the target's sink, for `serve`, which keeps pages and lists out
/// of memory; refuses when a source it reads is no longer the one the site was built from.
pub fn render_one(
    target: &Target<'_>,
    state: &PageState,
    output: Output,
) -> Result<(), RenderOneError> {
    let writer = target.writer();
    let site = target.site;
    let mut reads = Vec::new();
    match output {
        Output::Page(i) => reads.push(i),
        Output::Section { s, .. } => reads.push(site.sections[s].page),
        _ => {}
    }
    if !reads.iter().all(|&i| writer.source_unchanged(i)) {
        return Err(RenderOneError::SourceChanged);
    }
    let site_value = writer.ctx.site_value();
    let options = writer.markdown_options();
    let mut texts = ListTexts::new();
    if let Output::Section { s, .. } = output {
        let i = site.sections[s].page;
        if let PageResult::List(_, text) =
            writer.render_page(i, &options, &site_value, state.page_keys[i])
        {
            texts.insert(i, text);
        }
    }
    let lists = Lists {
        site_value: &site_value,
        site_hash: state.site_hash,
        page_keys: &state.page_keys,
        digests: Arc::clone(&state.digests),
        texts,
    };
    writer.run_job(&output, &lists);
    let problems = writer.take_problems();
    if problems.iter().any(Diagnostic::is_error) {
        return Err(RenderOneError::Failed(problems));
    }
    Ok(())
}

/// Renders again what shows the pages `changed`, whose text changed but not their front matter
/// (so not their title, date, terms or place in any list): each page itself, the list pages that
/// show it, the feeds that list it. Nothing else shows a page's text: neighbours link to it by
/// title, the sitemap lists paths and dates, and `site` holds no page's text. Returns `None`,
/// having rendered nothing, when the site-wide values differ from those `state` was made with.
pub fn render_changed_text(
    target: &Target<'_>,
    state: &mut PageState,
    changed: &[usize],
) -> Option<Rendering> {
    let writer = target.writer();
    let site_value = writer.ctx.site_value();
    let site_hash = cache::hash_serialized(&site_value);
    if site_hash != state.site_hash || state.page_keys.len() != target.site.pages.len() {
        return None;
    }
    for &i in changed {
        state.page_keys[i] = writer.page_key(i, site_hash);
    }
    let jobs = writer.jobs_showing(changed);
    let mut pages = changed.to_vec();
    for job in &jobs {
        if let Output::Section { s, .. } = job {
            pages.push(writer.site.sections[*s].page);
        }
    }
    pages.sort_unstable();
    pages.dedup();
    let options = writer.markdown_options();
    let results: Vec<(usize, PageResult)> = pages
        .par_iter()
        .map(|&i| {
            let result = writer.render_page(i, &options, &site_value, state.page_keys[i]);
            (i, result)
        })
        .collect();
    let digests = Arc::make_mut(&mut state.digests);
    let mut texts = ListTexts::new();
    for (i, result) in results {
        match result {
            PageResult::Done(d) => digests[i] = d,
            PageResult::List(d, text) => {
                digests[i] = d;
                texts.insert(i, text);
            }
            PageResult::Failed => digests[i] = Digest::default(),
        }
    }
    let lists = Lists {
        site_value: &site_value,
        site_hash,
        page_keys: &state.page_keys,
        digests: Arc::clone(&state.digests),
        texts,
    };
    jobs.par_iter().for_each(|job| writer.run_job(job, &lists));
    let rendered = writer.rendered.load(Ordering::Relaxed);
    Some(Rendering {
        problems: writer.take_problems(),
        rendered,
        static_files: 0,
    })
}

/// What a sitemap entry shows of a page: its path, date and translations.
type SitemapEntryKey<'a> = (&'a str, Option<i128>, &'a [(usize, String)]);

/// A month of the archive: its number and its pages.
type ArchiveMonth = (i8, Vec<Value>);

/// The converted text of home and section pages, by page index.
type ListTexts = HashMap<usize, Arc<Rendered>>;

/// What one page's rendering leaves for the lists.
enum PageResult {
    Done(Digest),
    /// Home and sections: rendered with their lists later, so their text is kept until then.
    List(Digest, Arc<Rendered>),
    Failed,
}

struct Writer<'a> {
    config: &'a Config,
    cache: &'a BuildCache,
    site: &'a Site,
    templates: &'a Templates,
    output: &'a dyn Sink,
    source: &'a Path,
    revised: Option<&'a Revised>,
    problems: Mutex<Vec<Diagnostic>>,
    template_failures: Mutex<HashMap<FailureKey, (Diagnostic, String, usize)>>,
    rendered: AtomicUsize,
    ctx: Context,
}

/// Where a template failed and how: the same failure on many pages is one problem.
type FailureKey = (Option<PathBuf>, Option<(usize, usize)>, String);

impl Writer<'_> {
    fn problem(&self, d: Diagnostic) {
        self.problems
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(d);
    }

    /// Writes a rendered output, saying what made it so that a sink may make it again.
    fn write_output(&self, rel: &str, bytes: &[u8], made_by: Option<Output>) {
        let written = match made_by {
            Some(output) => self.output.write_output(rel, bytes, output),
            None => self.output.write(rel, bytes),
        };
        if let Err(e) = written {
            self.problem(Diagnostic::error(format!("cannot write {rel}: {e}")));
        }
    }

    fn write(&self, rel: &str, bytes: &[u8]) {
        if let Err(e) = self.output.write(rel, bytes) {
            self.problem(Diagnostic::error(format!("cannot write {rel}: {e}")));
        }
    }

    /// Renders `template` to the file for `path`, unless the previous build rendered the same
    /// template with the same values there.
    fn render_to(&self, template: &str, ctx: Value, path: &str, what: &str) {
        let key = cache::hash_of(&(template, cache::hash_serialized(&ctx)));
        self.render_keyed(template, key, path, what, None, || ctx);
    }

    /// Like [`Self::render_to`], for values costly to build: `key` must change whenever they
    /// would, and `make_ctx` is only called when the file has to be rendered.
    fn render_keyed(
        &self,
        template: &str,
        key: u64,
        path: &str,
        what: &str,
        made_by: Option<Output>,
        make_ctx: impl FnOnce() -> Value,
    ) {
        let rel = urls::output_file(path);
        let key = cache::hash_of(&(template, key));
        if self.cache.hit(&rel, key).is_some() && self.output.keep(&rel, made_by) {
            self.cache.record(&rel, key, None);
            return;
        }
        self.rendered.fetch_add(1, Ordering::Relaxed);
        match self.templates.render(template, make_ctx()) {
            Ok(html) => {
                self.write_output(&rel, html.as_bytes(), made_by);
                self.cache.record(&rel, key, None);
            }
            Err(d) => self.template_problem(d, what),
        }
    }

    /// A broken template fails every page it renders; report it once, with how many it failed.
    fn template_problem(&self, d: Diagnostic, what: &str) {
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

    fn take_problems(self) -> Vec<Diagnostic> {
        let mut problems = self
            .problems
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
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

    fn markdown_options(&self) -> markdown::Options {
        markdown::Options {
            unsafe_html: self.config.unsafe_html,
            summary_length: self.config.summary_length,
            has_cjk: self.config.has_cjk_language,
        }
    }

    /// Every page's body, converted and, for regular pages, rendered and written at once, so
    /// that only its digest outlives this step.
    fn render_pages(
        &self,
        site_value: &Value,
        page_keys: &[u64],
        progress: Option<&ProgressBar>,
    ) -> (Vec<Digest>, ListTexts) {
        let options = self.markdown_options();
        let results: Vec<PageResult> = (0..self.site.pages.len())
            .into_par_iter()
            .map(|i| {
                let result = self.render_page(i, &options, site_value, page_keys[i]);
                if let Some(bar) = progress {
                    bar.inc(1);
                }
                result
            })
            .collect();
        let mut digests = Vec::with_capacity(results.len());
        let mut lists = Vec::new();
        for (i, result) in results.into_iter().enumerate() {
            match result {
                PageResult::Done(d) => digests.push(d),
                PageResult::List(d, r) => {
                    digests.push(d);
                    lists.push((i, r));
                }
                PageResult::Failed => digests.push(Digest::default()),
            }
        }
        (digests, lists.into_iter().collect())
    }

    /// The size of an image page `i` shows, found as Hugo resolves it: a path from the site's
    /// root in `static/`, a relative one among a bundle's files.
    fn image_size(&self, i: usize, src: &str) -> Option<(u32, u32)> {
        let src = src.split(['?', '#']).next()?;
        if src.contains("://") || src.starts_with("//") || src.starts_with("data:") {
            return None;
        }
        let src = percent_encoding::percent_decode_str(src)
            .decode_utf8()
            .ok()?;
        if !files::is_raster_image(&src) || src.split('/').any(|part| part == "..") {
            return None;
        }
        let page = &self.site.pages[i].page;
        let path = match src.strip_prefix('/') {
            Some(rest) => self.source.join("static").join(rest),
            None if page.bundle.is_some() => page.file.parent()?.join(src.trim_start_matches("./")),
            None => return None,
        };
        let size = imagesize::size(path).ok()?;
        Some((
            u32::try_from(size.width).ok()?,
            u32::try_from(size.height).ok()?,
        ))
    }

    /// Page `i` as its file was last read: its text may have been revised since the site was
    /// arranged.
    fn source(&self, i: usize) -> &crate::content::Page {
        self.revised
            .and_then(|r| r.get(&i))
            .unwrap_or(&self.site.pages[i].page)
    }

    /// Whether page `i`'s file still holds what the site was built from.
    fn source_unchanged(&self, i: usize) -> bool {
        let page = self.source(i);
        if page.file.as_os_str().is_empty() {
            return true;
        }
        std::fs::read(&page.file).is_ok_and(|bytes| cache::hash_of(&bytes) == page.source_hash)
    }

    fn read_body(&self, i: usize) -> Result<String, Diagnostic> {
        let page = self.source(i);
        if page.file.as_os_str().is_empty() {
            return Ok(String::new());
        }
        let bytes = std::fs::read(&page.file).map_err(|e| {
            Diagnostic::error(format!("cannot read this file: {e}")).in_file(&page.file)
        })?;
        let text = content::decode(&bytes).map_err(|d| d.in_file(&page.file))?;
        Ok(text.get(page.body_offset..).unwrap_or_default().to_owned())
    }

    fn render_page(
        &self,
        i: usize,
        options: &markdown::Options,
        site_value: &Value,
        key: u64,
    ) -> PageResult {
        let sp = &self.site.pages[i];
        let rel = urls::output_file(&sp.path);
        let is_regular = sp.page.kind == PageKind::Page;
        if is_regular
            && self.config.kind_enabled("page")
            && let Some(Some(digest)) = self.cache.hit(&rel, key)
            && self.output.keep(&rel, Some(Output::Page(i)))
        {
            self.cache.record(&rel, key, Some(digest.clone()));
            self.copy_bundle(i);
            return PageResult::Done(digest.clone());
        }
        let body = match self.read_body(i) {
            Ok(b) => b,
            Err(d) => {
                self.problem(d);
                return PageResult::Failed;
            }
        };
        let image_size = |src: &str| self.image_size(i, src);
        let rendered = match sp.page.format {
            BodyFormat::Markdown => markdown::render_markdown_with(&body, options, &image_size),
            BodyFormat::Html => markdown::render_html(&body, options),
        };
        let digest = Digest::from(&rendered);
        if sp.page.kind != PageKind::Page {
            return PageResult::List(digest, Arc::new(rendered));
        }
        if self.config.kind_enabled("page") {
            let page = self.ctx.page_value(i, Arc::new(rendered));
            let ctx = Value::from_pairs([("site", site_value.clone()), ("page", page)]);
            let names = self.page_templates(i);
            self.rendered.fetch_add(1, Ordering::Relaxed);
            match self.templates.render(self.templates.pick(&names), ctx) {
                Ok(html) => {
                    self.write_output(&rel, html.as_bytes(), Some(Output::Page(i)));
                    self.cache.record(&rel, key, Some(digest.clone()));
                }
                Err(d) => self.template_problem(d, &sp.page.rel_path),
            }
            self.copy_bundle(i);
        }
        PageResult::Done(digest)
    }

    /// Everything a regular page's file depends on besides the build key: its source, where it
    /// sits, its neighbours and the site-wide values every page shows.
    fn page_key(&self, i: usize, site_hash: u64) -> u64 {
        let sp = &self.site.pages[i];
        let link = |n: Option<usize>| {
            n.map(|n| {
                let p = &self.site.pages[n];
                (p.page.meta.title.as_str(), p.path.as_str())
            })
        };
        let section = sp.section.map(|s| self.site.sections[s].page);
        let related: Vec<_> = sp
            .related
            .iter()
            .map(|&j| (link(Some(j)), self.site.pages[j].page.meta.date.as_ref()))
            .collect();
        let series: Vec<(&str, Vec<_>)> = self
            .site
            .series_of(i)
            .into_iter()
            .map(|(term, pages)| {
                (
                    term.path.as_str(),
                    pages.iter().map(|&j| link(Some(j))).collect(),
                )
            })
            .collect();
        cache::hash_of(&(
            self.source(i).source_hash,
            &sp.page.rel_path,
            &sp.path,
            link(section),
            link(sp.older),
            link(sp.newer),
            related,
            series,
            &sp.translations,
            self.bundle_stamps(i),
            self.site.static_images,
            site_hash,
        ))
    }

    /// A bundle's files with their sizes and times: a replaced image changes its size on the page.
    fn bundle_stamps(&self, i: usize) -> Vec<(&str, Option<(u64, u128)>)> {
        let page = &self.site.pages[i].page;
        let (Some(bundle), Some(dir)) = (&page.bundle, page.file.parent()) else {
            return Vec::new();
        };
        bundle
            .resources
            .iter()
            .map(|r| (r.as_str(), files::stamp(&dir.join(r))))
            .collect()
    }

    /// Hugo-style lookup: a page's `type` (its section unless set) and `layout` pick the template.
    fn page_templates(&self, i: usize) -> Vec<String> {
        let meta = &self.site.pages[i].page.meta;
        let page_type = meta
            .page_type
            .clone()
            .unwrap_or_else(|| self.site.pages[i].page.top_section().to_owned());
        let mut names = Vec::new();
        if let Some(layout) = &meta.layout {
            if !page_type.is_empty() {
                names.push(format!("{page_type}/{layout}.html"));
            }
            names.push(format!("{layout}.html"));
        }
        if !page_type.is_empty() {
            names.push(format!("{page_type}/page.html"));
        }
        names.push("page.html".to_owned());
        names
    }

    fn copy_bundle(&self, i: usize) {
        let sp = &self.site.pages[i];
        let Some(bundle) = &sp.page.bundle else {
            return;
        };
        let Some(dir) = sp.page.file.parent() else {
            return;
        };
        let base = urls::output_file(&sp.path);
        let out_dir = base.rsplit_once('/').map_or("", |(d, _)| d);
        for resource in &bundle.resources {
            let is_content = resource.ends_with(".md") || resource.ends_with(".markdown");
            if is_content {
                continue;
            }
            let rel = if out_dir.is_empty() {
                resource.clone()
            } else {
                format!("{out_dir}/{resource}")
            };
            if let Err(e) = self.output.copy(&rel, &dir.join(resource)) {
                self.problem(
                    Diagnostic::error(format!("cannot copy the bundle file {resource}: {e}"))
                        .in_file(&sp.page.file),
                );
            }
        }
    }

    /// Home, sections, taxonomies and terms with their pagination, feeds, sitemap, aliases, 404
    /// and robots.txt, rendered in parallel.
    fn render_lists(&self, lists: &Lists<'_>) {
        let mut jobs: Vec<Output> = Vec::new();
        let size = self.config.pager_size;
        for (s, section) in self.site.sections.iter().enumerate() {
            let is_home = s == 0;
            let kind = if is_home { "home" } else { "section" };
            if !self.config.kind_enabled(kind) {
                continue;
            }
            let entries = if is_home {
                &self.site.home_pages
            } else {
                &section.pages
            };
            for n in 1..=Site::pager_count(entries.len(), size) {
                jobs.push(Output::Section { s, number: n });
            }
            if self.config.feed_enabled(kind) {
                jobs.push(Output::SectionFeed { s });
            }
        }
        for (t, tax) in self.site.taxonomies.iter().enumerate() {
            if self.config.kind_enabled("taxonomy") {
                jobs.push(Output::Taxonomy { t });
            }
            if !self.config.kind_enabled("term") {
                continue;
            }
            for (k, term) in tax.terms.iter().enumerate() {
                for n in 1..=Site::pager_count(term.pages.len(), size) {
                    jobs.push(Output::Term { t, k, number: n });
                }
                if self.config.feed_enabled("term") {
                    jobs.push(Output::TermFeed { t, k });
                }
            }
        }
        jobs.extend((0..self.site.aliases.len()).map(|a| Output::Alias { a }));
        jobs.extend([Output::NotFound, Output::Sitemap, Output::Robots]);
        if self.site.archive_path().is_some() {
            jobs.push(Output::Archive);
        }
        jobs.par_iter().for_each(|job| self.run_job(job, lists));
    }

    /// For a term of the `authors` taxonomy: the newest of its pages that gives the author's
    /// `profile` or `avatar`, whose card the term's page shows.
    fn author_card_page(&self, t: usize, k: usize) -> Option<usize> {
        let tax = &self.site.taxonomies[t];
        if tax.plural != "authors" {
            return None;
        }
        tax.terms[k].pages.iter().copied().find(|&i| {
            let params = &self.site.pages[i].page.params;
            crate::format::get_ci(params, "profile").is_some()
                || crate::format::get_ci(params, "avatar").is_some()
        })
    }

    /// The list and feed jobs whose output shows any of `pages` (regular pages).
    fn jobs_showing(&self, pages: &[usize]) -> Vec<Output> {
        let size = self.config.pager_size.max(1);
        let number_of = |entries: &[usize], i: usize| {
            entries.iter().position(|&p| p == i).map(|at| at / size + 1)
        };
        let mut jobs = Vec::new();
        for &i in pages {
            if let Some(number) = number_of(&self.site.home_pages, i) {
                if self.config.kind_enabled("home") {
                    jobs.push(Output::Section { s: 0, number });
                }
                if self.config.feed_enabled("home") {
                    jobs.push(Output::SectionFeed { s: 0 });
                }
            }
            let mut section = self.site.pages[i].section.filter(|&s| s != 0);
            if let Some(s) = section
                && let Some(number) = number_of(&self.site.sections[s].pages, i)
                && self.config.kind_enabled("section")
            {
                jobs.push(Output::Section { s, number });
            }
            // A section's feed lists the pages of its subsections too.
            while let Some(s) = section {
                if self.config.feed_enabled("section") {
                    jobs.push(Output::SectionFeed { s });
                }
                section = self.site.sections[s].parent.filter(|&p| p != 0);
            }
            for (t, tax) in self.site.taxonomies.iter().enumerate() {
                for (k, term) in tax.terms.iter().enumerate() {
                    let Some(number) = number_of(&term.pages, i) else {
                        continue;
                    };
                    if self.config.kind_enabled("term") {
                        jobs.push(Output::Term { t, k, number });
                        if self.config.feed_enabled("term") {
                            jobs.push(Output::TermFeed { t, k });
                        }
                    }
                }
            }
        }
        let mut unique = Vec::with_capacity(jobs.len());
        for job in jobs {
            if !unique.contains(&job) {
                unique.push(job);
            }
        }
        unique
    }

    fn run_job(&self, job: &Output, lists: &Lists<'_>) {
        let site_value = lists.site_value;
        let with_site = |extra: Vec<(&'static str, Value)>| {
            let mut pairs = vec![("site", site_value.clone())];
            pairs.extend(extra);
            Value::from_pairs(pairs)
        };
        match *job {
            // Pages are rendered by `render_pages` in a build; this is for rendering one again.
            Output::Page(i) => {
                let options = self.markdown_options();
                self.render_page(i, &options, site_value, lists.page_keys[i]);
            }
            Output::Section { s, number } => {
                let section = &self.site.sections[s];
                let sp = &self.site.pages[section.page];
                let entries = if s == 0 {
                    &self.site.home_pages
                } else {
                    &section.pages
                };
                let path = pager_path(&sp.path, number);
                let names = if s == 0 {
                    vec!["index.html".to_owned(), "home.html".to_owned()]
                } else {
                    let dir = sp.page.top_section();
                    vec![format!("{dir}/section.html"), "section.html".to_owned()]
                };
                let subsection_pages: Vec<usize> = section
                    .subsections
                    .iter()
                    .map(|&sub| self.site.sections[sub].page)
                    .collect();
                let shown = self.pager_slice(entries, number);
                let key = cache::hash_of(&(
                    "section",
                    lists.page_keys[section.page],
                    number,
                    entries.len(),
                    lists.keys(&subsection_pages),
                    lists.keys(shown),
                ));
                let made_by = Some(*job);
                self.render_keyed(
                    self.templates.pick(&names),
                    key,
                    &path,
                    &sp.path,
                    made_by,
                    || {
                        let page = match lists.texts.get(&section.page) {
                            Some(text) => self.ctx.page_value(section.page, Arc::clone(text)),
                            None => lists.summary(&self.ctx, section.page),
                        };
                        let subsections: Vec<Value> = subsection_pages
                            .iter()
                            .map(|&p| self.ctx.summary_value(p, None))
                            .collect();
                        let paginator = self
                            .ctx
                            .paginator(&sp.path, entries, number, &|i| lists.summary(&self.ctx, i));
                        with_site(vec![
                            ("page", page),
                            ("paginator", paginator),
                            ("subsections", Value::from(subsections)),
                        ])
                    },
                );
                if number == 1 {
                    // `/page/1/` is the list's first page under another name, as in Hugo.
                    self.redirect(&format!("{}page/1/", sp.path), &sp.path, site_value);
                }
            }
            Output::SectionFeed { s } => {
                let section = &self.site.sections[s];
                let sp = &self.site.pages[section.page];
                let entries = if s == 0 {
                    self.site.home_pages.clone()
                } else {
                    self.section_tree_pages(s)
                };
                let title = if s == 0 {
                    self.config.title.clone()
                } else {
                    format!("{} on {}", sp.page.meta.title, self.config.title)
                };
                self.feed(&sp.path, &title, &entries, lists);
            }
            Output::Taxonomy { t } => {
                let tax = &self.site.taxonomies[t];
                let terms: Vec<Value> = tax
                    .terms
                    .iter()
                    .map(|term| {
                        Value::from_pairs([
                            ("name", Value::from(term.name.clone())),
                            ("url", Value::from(self.ctx.url(&term.path))),
                            ("count", Value::from(term.pages.len())),
                        ])
                    })
                    .collect();
                // The same terms, most used first (ties by name): for a counted list.
                let mut by_count: Vec<usize> = (0..tax.terms.len()).collect();
                by_count.sort_by_key(|&k| std::cmp::Reverse(tax.terms[k].pages.len()));
                let by_count: Vec<Value> = by_count.iter().map(|&k| terms[k].clone()).collect();
                let page =
                    self.list_page(&tax.path, &crate::text::capitalize(&tax.plural), "taxonomy");
                let ctx = with_site(vec![
                    ("page", page),
                    ("taxonomy", self.taxonomy_value(t, Some(terms))),
                    ("terms_by_count", Value::from(by_count)),
                ]);
                let names = vec![
                    format!("{}/taxonomy.html", tax.plural),
                    "taxonomy.html".to_owned(),
                ];
                self.render_to(self.templates.pick(&names), ctx, &tax.path, &tax.path);
            }
            Output::Term { t, k, number } => {
                let tax = &self.site.taxonomies[t];
                let term = &tax.terms[k];
                let names = vec![format!("{}/term.html", tax.plural), "term.html".to_owned()];
                let path = pager_path(&term.path, number);
                let card = self.author_card_page(t, k);
                let key = cache::hash_of(&(
                    "term",
                    &term.name,
                    &term.path,
                    number,
                    term.pages.len(),
                    lists.keys(self.pager_slice(&term.pages, number)),
                    card.map(|i| lists.page_keys[i]),
                    lists.site_hash,
                ));
                let made_by = Some(*job);
                self.render_keyed(
                    self.templates.pick(&names),
                    key,
                    &path,
                    &term.path,
                    made_by,
                    || {
                        let page = self.list_page(&term.path, &term.name, "term");
                        let term_value = Value::from_pairs([
                            ("name", Value::from(term.name.clone())),
                            ("url", Value::from(self.ctx.url(&term.path))),
                            ("count", Value::from(term.pages.len())),
                            (
                                "author_page",
                                card.map_or(Value::from(()), |i| self.ctx.summary_value(i, None)),
                            ),
                        ]);
                        let paginator = self.ctx.paginator(&term.path, &term.pages, number, &|i| {
                            lists.summary(&self.ctx, i)
                        });
                        with_site(vec![
                            ("page", page),
                            ("taxonomy", self.taxonomy_value(t, None)),
                            ("term", term_value),
                            ("paginator", paginator),
                        ])
                    },
                );
                if number == 1 {
                    self.redirect(&format!("{}page/1/", term.path), &term.path, site_value);
                }
            }
            Output::TermFeed { t, k } => {
                let tax = &self.site.taxonomies[t];
                let term = &tax.terms[k];
                let title = format!("{} on {}", term.name, self.config.title);
                self.feed(&term.path, &title, &term.pages, lists);
            }
            Output::Alias { a } => {
                let alias = &self.site.aliases[a];
                self.redirect(&alias.path, &alias.target, site_value);
            }
            Output::NotFound => {
                if self.config.kind_enabled("404") {
                    let not_found = self.config.lang_path("/404.html");
                    let page = self.list_page(&not_found, "Page not found", "404");
                    self.render_to(
                        "404.html",
                        with_site(vec![("page", page)]),
                        &not_found,
                        &not_found,
                    );
                }
            }
            Output::Sitemap => {
                if self.config.kind_enabled("sitemap") {
                    self.sitemap(lists);
                }
            }
            Output::Archive => self.archive(lists),
            Output::Robots => {
                // One robots.txt, at the root, from the default language.
                if self.config.kind_enabled("robotstxt") && self.config.language == 0 {
                    let sitemap = self
                        .config
                        .base_url
                        .contains("://")
                        .then(|| urls::encode(&self.ctx.permalink("/sitemap.xml")));
                    // With several languages, `/sitemap.xml` is the index of theirs.
                    let ctx = with_site(vec![("sitemap", Value::from(sitemap))]);
                    self.render_to("robots.txt", ctx, "/robots.txt", "robots.txt");
                }
            }
        }
    }

    /// The entries shown on page `number` of a list.
    fn pager_slice<'e>(&self, entries: &'e [usize], number: usize) -> &'e [usize] {
        let size = self.config.pager_size.max(1);
        let start = ((number - 1) * size).min(entries.len());
        &entries[start..(start + size).min(entries.len())]
    }

    /// Regular pages of a section and all its subsections, newest first.
    fn section_tree_pages(&self, s: usize) -> Vec<usize> {
        let mut pages = Vec::new();
        let mut stack = vec![s];
        while let Some(current) = stack.pop() {
            let section = &self.site.sections[current];
            pages.extend(section.pages.iter().copied());
            stack.extend(section.subsections.iter().copied());
        }
        pages.sort_by(|&a, &b| site::default_order(&self.site.pages[a], &self.site.pages[b]));
        pages
    }

    fn taxonomy_value(&self, t: usize, terms: Option<Vec<Value>>) -> Value {
        let tax = &self.site.taxonomies[t];
        Value::from_pairs([
            ("name", Value::from(tax.plural.clone())),
            ("singular", Value::from(tax.singular.clone())),
            ("url", Value::from(self.ctx.url(&tax.path))),
            ("terms", Value::from(terms.unwrap_or_default())),
        ])
    }

    /// The `page` value for pages that have no content file: taxonomy lists, terms, 404.
    fn list_page(&self, path: &str, title: &str, kind: &str) -> Value {
        Value::from_pairs([
            ("kind", Value::from(kind)),
            ("title", Value::from(title)),
            ("url", Value::from(self.ctx.url(path))),
            ("permalink", Value::from(self.ctx.permalink(path))),
        ])
    }

    fn redirect(&self, from: &str, to: &str, site_value: &Value) {
        let target = self.ctx.url(to);
        let ctx = Value::from_pairs([
            ("site", site_value.clone()),
            ("target", Value::from(target)),
        ]);
        self.render_to("alias.html", ctx, from, from);
    }

    fn feed(&self, base: &str, title: &str, entries: &[usize], lists: &Lists<'_>) {
        let limit = self.config.rss_limit.unwrap_or(usize::MAX);
        let shown = &entries[..entries.len().min(limit)];
        let feed_path = format!("{base}index.xml");
        // `updated` is the newest date of all entries, not only the shown ones.
        let key = cache::hash_of(&("feed", title, base, lists.keys(entries), lists.site_hash));
        self.render_keyed("rss.xml", key, &feed_path, &feed_path, None, || {
            self.feed_value(base, title, &feed_path, entries, shown, lists)
        });
    }

    fn feed_value(
        &self,
        base: &str,
        title: &str,
        feed_path: &str,
        entries: &[usize],
        shown: &[usize],
        lists: &Lists<'_>,
    ) -> Value {
        let items: Vec<Value> = shown
            .iter()
            .map(|&i| {
                let sp = &self.site.pages[i];
                let pub_date = sp
                    .page
                    .meta
                    .date
                    .as_ref()
                    .and_then(|d| jiff::fmt::rfc2822::to_string(d).ok());
                let summary = lists
                    .digests
                    .get(i)
                    .map(|d| d.summary.to_string())
                    .unwrap_or_default();
                Value::from_pairs([
                    ("title", Value::from(sp.page.meta.title.clone())),
                    (
                        "link",
                        Value::from(urls::encode(&self.ctx.permalink(&sp.path))),
                    ),
                    ("pub_date", Value::from(pub_date)),
                    ("summary", Value::from(summary)),
                ])
            })
            .collect();
        let updated = entries
            .iter()
            .filter_map(|&i| self.site.pages[i].page.meta.date.as_ref())
            .max()
            .and_then(|d| jiff::fmt::rfc2822::to_string(d).ok());
        let feed = Value::from_pairs([
            ("title", Value::from(title)),
            ("link", Value::from(urls::encode(&self.ctx.permalink(base)))),
            (
                "url",
                Value::from(urls::encode(&self.ctx.permalink(feed_path))),
            ),
            (
                "description",
                Value::from(format!("Recent content on {title}")),
            ),
            ("updated", Value::from(updated)),
            ("items", Value::from(items)),
        ]);
        Value::from_pairs([("site", lists.site_value.clone()), ("feed", feed)])
    }

    /// Years, newest first, each with its months and their pages: keyed by every dated page's
    /// title, path and date.
    fn archive(&self, lists: &Lists<'_>) {
        let mut pages: Vec<usize> = self
            .site
            .regular_pages
            .iter()
            .copied()
            .filter(|&i| self.site.pages[i].page.meta.date.is_some())
            .collect();
        pages.sort_by_key(|&i| {
            let date = self.site.pages[i].page.meta.date.as_ref();
            std::cmp::Reverse(date.map(|d| d.timestamp()))
        });
        let listed: Vec<(&str, &str, Option<i128>)> = pages
            .iter()
            .map(|&i| {
                let sp = &self.site.pages[i];
                let date = sp.page.meta.date.as_ref();
                (
                    sp.page.meta.title.as_str(),
                    sp.path.as_str(),
                    date.map(|d| d.timestamp().as_nanosecond()),
                )
            })
            .collect();
        let key = cache::hash_of(&("archive", listed, lists.site_hash));
        let Some(path) = self.site.archive_path() else {
            return;
        };
        let path = path.as_str();
        self.render_keyed("archives.html", key, path, path, None, || {
            let mut years: Vec<(i16, Vec<ArchiveMonth>)> = Vec::new();
            for &i in &pages {
                let Some(date) = self.site.pages[i].page.meta.date.as_ref() else {
                    continue;
                };
                let (year, month) = (date.year(), date.month());
                if years.last().is_none_or(|(y, _)| *y != year) {
                    years.push((year, Vec::new()));
                }
                if let Some((_, months)) = years.last_mut() {
                    if months.last().is_none_or(|(m, _)| *m != month) {
                        months.push((month, Vec::new()));
                    }
                    if let Some((_, entries)) = months.last_mut() {
                        entries.push(self.ctx.summary_value(i, None));
                    }
                }
            }
            let years: Vec<Value> = years
                .into_iter()
                .map(|(year, months)| {
                    let months: Vec<Value> = months
                        .into_iter()
                        .map(|(month, entries)| {
                            Value::from_pairs([
                                ("month", Value::from(month)),
                                ("pages", Value::from(entries)),
                            ])
                        })
                        .collect();
                    Value::from_pairs([
                        ("year", Value::from(year)),
                        ("months", Value::from(months)),
                    ])
                })
                .collect();
            let page = self.list_page(path, "Archives", "archive");
            Value::from_pairs([
                ("site", lists.site_value.clone()),
                ("page", page),
                ("years", Value::from(years)),
                ("count", Value::from(pages.len())),
            ])
        });
    }

    /// Keyed by what it lists, every path with its date: a new, moved or re-dated page changes
    /// it, an edited text does not.
    fn sitemap(&self, lists: &Lists<'_>) {
        let terms: Vec<&str> = self
            .site
            .taxonomies
            .iter()
            .flat_map(|t| t.terms.iter().map(|term| term.path.as_str()))
            .collect();
        let pages: Vec<SitemapEntryKey<'_>> = self
            .site
            .pages
            .iter()
            .map(|sp| {
                let lastmod = sp.page.meta.lastmod.as_ref();
                (
                    sp.path.as_str(),
                    lastmod.map(|d| d.timestamp().as_nanosecond()),
                    sp.translations.as_slice(),
                )
            })
            .collect();
        let key = cache::hash_of(&("sitemap", pages, terms, lists.site_hash));
        self.render_keyed(
            "sitemap.xml",
            key,
            &self.config.sitemap_path(),
            "sitemap.xml",
            None,
            || self.sitemap_value(lists),
        );
    }

    fn sitemap_value(&self, lists: &Lists<'_>) -> Value {
        let entry = |path: &str, lastmod: Option<&jiff::Zoned>| {
            Value::from_pairs([
                ("loc", Value::from(urls::encode(&self.ctx.permalink(path)))),
                (
                    "lastmod",
                    Value::from(lastmod.map(crate::content::dates::rfc3339)),
                ),
            ])
        };
        let mut entries: Vec<Value> = Vec::new();
        let enabled = |kind: PageKind| match kind {
            PageKind::Home => self.config.kind_enabled("home"),
            PageKind::Section => self.config.kind_enabled("section"),
            PageKind::Page => self.config.kind_enabled("page"),
        };
        for sp in self.site.pages.iter().filter(|sp| enabled(sp.page.kind)) {
            let mut value = entry(&sp.path, sp.page.meta.lastmod.as_ref());
            if !sp.translations.is_empty() {
                // Search engines learn each language's version from the sitemap too.
                let own = (self.config.language, sp.path.clone());
                let alternates: Vec<Value> = std::iter::once(&own)
                    .chain(&sp.translations)
                    .filter_map(|(l, path)| {
                        let tag = &self.config.languages.get(*l)?.tag;
                        Some(Value::from_pairs([
                            ("lang", Value::from(tag.clone())),
                            ("loc", Value::from(urls::encode(&self.ctx.permalink(path)))),
                        ]))
                    })
                    .collect();
                value = Value::from_pairs([
                    ("loc", value.get_attr("loc").unwrap_or_default()),
                    ("lastmod", value.get_attr("lastmod").unwrap_or_default()),
                    ("alternates", Value::from(alternates)),
                ]);
            }
            entries.push(value);
        }
        for tax in &self.site.taxonomies {
            if self.config.kind_enabled("taxonomy") {
                entries.push(entry(&tax.path, None));
            }
            if self.config.kind_enabled("term") {
                entries.extend(tax.terms.iter().map(|t| entry(&t.path, None)));
            }
        }
        Value::from_pairs([
            ("site", lists.site_value.clone()),
            ("entries", Value::from(entries)),
        ])
    }

    /// `static/`, then the theme's assets the site did not replace. Returns the number of
    /// static files copied.
    fn copy_files(&self, source: &Path) -> usize {
        let statics = files::files_below(&source.join("static"), files::is_editor_temp);
        for (rel, path) in &statics {
            if let Err(e) = self.output.copy(rel, path) {
                self.problem(
                    Diagnostic::error(format!("cannot copy this static file: {e}")).in_file(path),
                );
            }
        }
        let overridden = |name: &str| statics.iter().any(|(rel, _)| rel == name);
        for (name, text) in theme::ASSETS {
            let rel = format!("assets/{name}");
            if !overridden(&rel) {
                self.write(&rel, text.as_bytes());
            }
        }
        if !overridden(theme::SYNTAX_CSS) {
            self.write(
                theme::SYNTAX_CSS,
                markdown::highlight::stylesheet().as_bytes(),
            );
        }
        statics.len()
    }
}

/// What the list jobs share: site values, and each page's cache key and digest.
struct Lists<'a> {
    site_value: &'a Value,
    site_hash: u64,
    page_keys: &'a [u64],
    digests: Arc<Vec<Digest>>,
    texts: ListTexts,
}

impl Lists<'_> {
    /// A page as lists show it. Built for each list rather than kept: every page appears in
    /// several lists, but holding all of them would make memory grow with the site.
    fn summary(&self, ctx: &Context, i: usize) -> Value {
        ctx.summary_value(i, Some(Arc::clone(&self.digests)))
    }

    /// One key for a list of pages: each page's key, in order.
    fn keys(&self, pages: &[usize]) -> u64 {
        let keys: Vec<u64> = pages.iter().map(|&i| self.page_keys[i]).collect();
        cache::hash_of(&keys)
    }
}
