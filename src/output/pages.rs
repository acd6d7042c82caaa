//! Regular pages: each page's body converted and rendered with its template, written at once,
//! so that only its digest outlives this step; home and section pages keep their text for the
//! lists they head.

use std::sync::Arc;

use indicatif::ProgressBar;
use minijinja::Value;
use rayon::prelude::*;

use crate::cache::keys;
use crate::content::page::Render;
use crate::content::{self, BodyFormat, Page, PageKind};
use crate::diagnostics::Diagnostic;
use crate::files;
use crate::hash::hash_of;
use crate::markdown::shortcodes::Expanded;
use crate::markdown::{self, Digest};
use crate::render::shortcodes::PageShortcodes;
use crate::site::{Output, urls};

use super::writer::{ListTexts, PageResult, Writer};

impl Writer<'_> {
    /// Every regular page's cache key: what its file depends on besides the build key.
    pub fn page_key(&self, i: usize, site_key: u64) -> u64 {
        let source = self.source(i);
        let source_hash = crate::hash::hash_of(&(source.source_hash, source.outside_hash));
        keys::page_key(self.site, i, source_hash, site_key)
    }

    /// Every page's body, converted and, for regular pages, rendered and written at once, so
    /// that only its digest outlives this step.
    pub fn render_pages(
        &self,
        site_value: &Value,
        page_keys: &[u64],
        progress: Option<&ProgressBar>,
    ) -> (Vec<Digest>, ListTexts) {
        let options = self.markdown_options();
        let results: Vec<PageResult> = (0..self.site.pages.len())
            .into_par_iter()
            .map(|i| {
                if self.output.stopped() {
                    return PageResult::Failed;
                }
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
            Some(rest) => self
                .config
                .static_dirs
                .iter()
                .map(|d| self.source.join(d).join(rest))
                .find(|p| p.is_file())?,
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
    fn source(&self, i: usize) -> &Page {
        self.revised
            .and_then(|r| r.get(&i))
            .unwrap_or(&self.site.pages[i].page)
    }

    /// Whether page `i`'s file still holds what the site was built from.
    pub fn source_unchanged(&self, i: usize) -> bool {
        let page = self.source(i);
        if page.file.as_os_str().is_empty() {
            return true;
        }
        std::fs::read(&page.file).is_ok_and(|bytes| hash_of(&bytes) == page.source_hash)
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

    pub fn render_page(
        &self,
        i: usize,
        options: &markdown::Options,
        site_value: &Value,
        key: u64,
    ) -> PageResult {
        let sp = &self.site.pages[i];
        let rel = urls::output_file(&sp.path);
        let is_regular = sp.page.kind == PageKind::Page;
        let has_file = sp.page.meta.build.render == Render::Always;
        if is_regular
            && has_file
            && self.config.kind_enabled("page")
            && let Some(Some(digest)) = self.cache.hit(&rel, key)
            && digest
                .site_lookups
                .is_none_or(|h| h == self.ctx.site.lookup_hash())
            && self.output.keep(&rel, Some(Output::Page(i)))
            && (!self.searchable(i) || self.keep_fragment(i, key))
        {
            self.cache.record(&rel, key, Some(digest.clone()));
            self.page_notes(i, digest);
            self.copy_bundle(i);
            return PageResult::Done(digest.clone());
        }
        let Some(Converted {
            expanded,
            rendered,
            host,
        }) = self.convert(i, options, site_value)
        else {
            return PageResult::Failed;
        };
        let mut digest = Digest::from(&rendered);
        if self.searchable(i) {
            digest.search = Some(Arc::new(self.search_doc(i, &rendered, key)));
        }
        if self
            .shortcode_problems(i, &expanded, &rendered, &mut digest)
            .is_err()
        {
            return PageResult::Failed;
        }
        if host.looked_up_pages() {
            digest.site_lookups = Some(self.ctx.site.lookup_hash());
        }
        // What the page's templates published is written by the build that renders the page:
        // such a page is rendered on every build, never taken from the cache.
        let published = host.take_published();
        let cacheable = published.is_empty();
        for (path, what) in published {
            match what {
                crate::render::hugo::values::Published::Bytes(text) => {
                    self.write_output(&path, text.as_bytes(), None);
                }
                crate::render::hugo::values::Published::File(file) => {
                    if let Err(e) = self.output.copy(&path, &file) {
                        self.problem(Diagnostic::error(format!(
                            "cannot copy {}: {e}",
                            file.display()
                        )));
                    }
                }
            }
        }
        self.page_notes(i, &digest);
        if sp.page.kind != PageKind::Page {
            // A branch bundle's files (an image beside `_index.md`) are published as a leaf's.
            self.copy_bundle(i);
            return PageResult::List(digest, Arc::new(rendered));
        }
        if !has_file {
            // `build.render: never` or `link`: no file; lists may still show it.
            self.copy_bundle(i);
            return PageResult::Done(digest);
        }
        if self.config.kind_enabled("page") {
            let page = self.ctx.page_value(i, Arc::new(rendered));
            let ctx = Value::from_pairs([("site", site_value.clone()), ("page", page)]);
            let names = self.page_templates(i);
            self.count_rendered();
            match self.templates.render(self.templates.pick(&names), ctx) {
                Ok(html) => {
                    self.write_output(&rel, html.as_bytes(), Some(Output::Page(i)));
                    if cacheable {
                        self.cache.record(&rel, key, Some(digest.clone()));
                    }
                }
                Err(d) => self.template_problem(d, &sp.page.rel_path),
            }
            self.copy_bundle(i);
        }
        PageResult::Done(digest)
    }

    /// Page `i`'s body converted to HTML, its shortcodes run; `None` when its file cannot be
    /// read (reported).
    pub(super) fn convert<'s>(
        &'s self,
        i: usize,
        options: &markdown::Options,
        site_value: &'s Value,
    ) -> Option<Converted<'s>> {
        let body = match self.read_body(i) {
            Ok(b) => b,
            Err(d) => {
                self.problem(d);
                return None;
            }
        };
        let sp = &self.site.pages[i];
        let pictures = |src: &str| markdown::Picture {
            src: self.ctx.bundle_file_url(sp, src),
            size: self.image_size(i, src),
        };
        let host = PageShortcodes::new(self.templates, &self.ctx, site_value, i);
        let mut expanded = Expanded::of(body, &host, options.math);
        let mut rendered = match self.site.pages[i].page.format {
            BodyFormat::Markdown => {
                markdown::render_markdown_with(&expanded, options, &pictures, &host)
            }
            BodyFormat::Html => markdown::render_html(&expanded, options),
        };
        expanded.problems.extend(host.take_warnings());
        let toc_token = crate::render::hugo::values::TOC_TOKEN;
        if rendered.html.contains(toc_token) {
            let toc = crate::render::hugo::values::toc_html(&rendered.toc, &self.config.raw);
            rendered.html = rendered.html.replace(toc_token, &toc);
            rendered.summary = rendered.summary.replace(toc_token, &toc);
        }
        let page_url = self.ctx.url(&self.site.pages[i].path);
        rendered.summary = markdown::summary_links::root_relative(&rendered.summary, &page_url);
        Some(Converted {
            expanded,
            rendered,
            host,
        })
    }

    /// Reports the shortcodes of page `i` that failed, each at its place in the content file,
    /// and records in `digest` what is reported again on builds that keep the page: shortcodes
    /// nothing renders, formulas that cannot be drawn. `Err` when a shortcode failed.
    fn shortcode_problems(
        &self,
        i: usize,
        expanded: &Expanded,
        rendered: &markdown::Rendered,
        digest: &mut Digest,
    ) -> Result<(), ()> {
        let unknown = expanded.unknown.iter().chain(&rendered.unknown_shortcodes);
        if expanded.problems.is_empty()
            && rendered.problems.is_empty()
            && rendered.warnings.is_empty()
            && unknown.clone().next().is_none()
        {
            return Ok(());
        }
        let page = self.source(i);
        let bytes = std::fs::read(&page.file).unwrap_or_default();
        let text = content::decode(&bytes).unwrap_or_default();
        let in_file =
            |at: usize| crate::diagnostics::line_column(text, page.body_offset.saturating_add(at));
        let mut failed = false;
        for problem in &expanded.problems {
            let d = &problem.diagnostic;
            let (line, column) = in_file(problem.at);
            if !d.is_error() {
                digest.warnings.push((d.message.clone(), line, column));
                continue;
            }
            failed = true;
            self.problem(in_content(d, &page.file).at(text, line, column));
        }
        for d in &rendered.problems {
            failed = true;
            self.problem(in_content(d, &page.file));
        }
        for (message, at) in &rendered.warnings {
            let (line, column) = at.map_or((0, 0), |at| in_file(expanded.body_offset(at)));
            digest.warnings.push((message.clone(), line, column));
        }
        if failed {
            return Err(());
        }
        digest.unknown_shortcodes = unknown
            .map(|u| {
                let (line, column) = in_file(u.at);
                (u.name.clone(), line, column)
            })
            .collect();
        Ok(())
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
        if self.site.books.place(i).is_some() {
            names.push("book.html".to_owned());
        }
        names.push("page.html".to_owned());
        names
    }
}

/// A page's body as HTML, with what its shortcodes left to report.
pub(super) struct Converted<'s> {
    pub expanded: Expanded,
    pub rendered: markdown::Rendered,
    pub host: PageShortcodes<'s>,
}

/// A template's failure while rendering a content file's shortcode or hook: reported at the
/// content file, naming the template's line.
fn in_content(d: &Diagnostic, content_file: &std::path::Path) -> Diagnostic {
    let mut message = d.message.clone();
    if let Some(template) = &d.file {
        let line = d.position.map_or(String::new(), |p| format!(":{}", p.line));
        message = format!("{message} (in {}{line})", template.display());
    }
    let mut diagnostic = Diagnostic::error(message).in_file(content_file);
    diagnostic.hint.clone_from(&d.hint);
    diagnostic
}
