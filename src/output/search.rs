//! The built-in search's index, a folder per language (`/search-index/`, `/zh/search-index/`):
//! each searchable page's document, made from its HTML when the page is rendered (or kept
//! from the last build with the page), indexed by `inkstone-search` into small files the
//! theme's script fetches as a query needs them. A page's fragment (what its result shows) is
//! written or kept with the page. A build where no page's document changed keeps the whole
//! folder; otherwise only files whose bytes changed are written.

use std::borrow::Cow;
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use inkstone_search::extract::Heading;
use inkstone_search::{Doc, PageInput};

use crate::content::PageKind;
use crate::content::page::{List, Render};
use crate::diagnostics::Diagnostic;
use crate::hash::hash_of;
use crate::markdown::Rendered;

use super::writer::{Lists, Writer};

/// Which pages the index holds, from `[params.search]`.
pub(super) struct SearchFilter {
    enabled: bool,
    /// The index's folder as output paths start (`search-index/`); none when a page is there.
    dir: Option<String>,
    exclude: Option<GlobSet>,
    /// Patterns that are not globs, reported once by the index's output.
    bad_patterns: Vec<String>,
}

impl SearchFilter {
    fn new(settings: &crate::config::SearchSettings, dir: Option<String>) -> SearchFilter {
        let mut builder = GlobSetBuilder::new();
        let mut bad_patterns = Vec::new();
        for pattern in &settings.exclude {
            let rooted = if pattern.starts_with('/') {
                pattern.clone()
            } else {
                format!("/{pattern}")
            };
            match Glob::new(&rooted) {
                Ok(glob) => {
                    builder.add(glob);
                }
                Err(_) => bad_patterns.push(pattern.clone()),
            }
        }
        SearchFilter {
            enabled: settings.enabled && dir.is_some(),
            dir,
            exclude: (!settings.exclude.is_empty())
                .then(|| builder.build().ok())
                .flatten(),
            bad_patterns,
        }
    }
}

impl Writer<'_> {
    fn search_filter(&self) -> &SearchFilter {
        self.search_filter.get_or_init(|| {
            let dir = self
                .site
                .search_path()
                .map(|p| p.trim_start_matches('/').to_owned());
            SearchFilter::new(&self.config.search(), dir)
        })
    }

    /// Whether page `i` goes in the search index: a page that is published and listed, not a
    /// draft, not `search: false` in its front matter, not excluded by `params.search.exclude`.
    pub(super) fn searchable(&self, i: usize) -> bool {
        let filter = self.search_filter();
        if !filter.enabled {
            return false;
        }
        let sp = &self.site.pages[i];
        let meta = &sp.page.meta;
        if meta.draft || meta.build.render != Render::Always || meta.build.list == List::Never {
            return false;
        }
        let opted_out = crate::format::get_ci(&sp.page.params, "search")
            .is_some_and(|v| matches!(v, serde_json::Value::Bool(false)));
        if opted_out {
            return false;
        }
        let Some(exclude) = &filter.exclude else {
            return true;
        };
        let prefix = &self.config.lang().prefix;
        let unprefixed = sp.path.strip_prefix(prefix.as_str()).unwrap_or(&sp.path);
        !(exclude.is_match(&sp.path) || exclude.is_match(unprefixed))
    }

    /// Where page `i`'s fragment (what a search result shows of it) is written.
    pub(super) fn fragment_out(&self, i: usize) -> Option<String> {
        let dir = self.search_filter().dir.as_deref()?;
        let url = self.ctx.url(&self.site.pages[i].path);
        Some(format!("{dir}{}", inkstone_search::fragment_path(&url)))
    }

    /// What the index keeps of page `i`, from its text as the Markdown stage read it, or from
    /// its HTML when shortcodes, hooks or raw HTML added to it; its fragment is written now,
    /// with the page, recorded under the page's own key.
    pub(super) fn search_doc(&self, i: usize, rendered: &Rendered, key: u64) -> Doc {
        let sp = &self.site.pages[i];
        let section = sp
            .section
            .filter(|&s| s != 0)
            .map(|s| {
                self.site.pages[self.site.sections[s].page]
                    .page
                    .meta
                    .title
                    .as_str()
            })
            .unwrap_or_default();
        let date = sp
            .page
            .meta
            .date
            .as_ref()
            .map(|d| d.date().to_string())
            .unwrap_or_default();
        let stemmer = inkstone_search::stemmer_for(&self.config.lang().code);
        let extracted;
        let (text, headings): (&str, Cow<'_, [Heading]>) = match &rendered.text {
            Some(read) => {
                let headings = read.headings.iter().map(|(at, id, title)| Heading {
                    at: *at,
                    id: id.clone(),
                    title: title.clone(),
                });
                (&read.text, Cow::Owned(headings.collect()))
            }
            None => {
                extracted = inkstone_search::extract::extract(&rendered.html);
                (&extracted.text, Cow::Borrowed(&extracted.headings))
            }
        };
        let (doc, fragment) = Doc::new(
            &PageInput {
                url: &self.ctx.url(&sp.path),
                title: &sp.page.meta.title,
                section,
                date: &date,
                text,
                headings: &headings,
            },
            stemmer.as_ref(),
        );
        // A section without text of its own is left out of the index (see `search_docs`).
        let listed = sp.page.kind == PageKind::Page || doc.length > 0;
        if let Some(out) = self.fragment_out(i).filter(|_| listed) {
            self.write_output(&out, &fragment, None);
            self.cache.record(&out, key, None);
        }
        doc
    }

    /// Keeps page `i`'s fragment from the last build, with the page; false when it is gone.
    pub(super) fn keep_fragment(&self, i: usize, key: u64) -> bool {
        let Some(out) = self.fragment_out(i) else {
            return true;
        };
        let kept = self.cache.hit(&out, key).is_some() && self.output.keep(&out, None);
        if kept {
            self.cache.record(&out, key, None);
        }
        kept
    }

    pub(super) fn search_index(&self, lists: &Lists<'_>) {
        let Some(prefix) = self.search_filter().dir.clone() else {
            return;
        };
        for pattern in &self.search_filter().bad_patterns {
            self.problem(Diagnostic::warning(format!(
                "params.search.exclude: `{pattern}` is not a glob pattern; no page is left out by it"
            )));
        }
        let lang = self.config.lang().code.clone();
        let pages: Vec<usize> = (0..self.site.pages.len())
            .filter(|&i| self.searchable(i))
            .collect();
        let key = hash_of(&(
            inkstone_search::index::FORMAT,
            &lang,
            pages
                .iter()
                .map(|&i| (&self.site.pages[i].path, lists.page_keys[i]))
                .collect::<Vec<_>>(),
        ));
        let prefix = prefix.as_str();
        let meta = format!("{prefix}meta.json");
        if self.cache.hit(&meta, key).is_some() {
            // Fragments are kept or written with their pages.
            let fragments = format!("{prefix}f/");
            let previous: Vec<(&str, u64)> = self
                .cache
                .outputs_under(prefix)
                .into_iter()
                .filter(|(out, _)| !out.starts_with(&fragments))
                .collect();
            if previous.iter().all(|(out, _)| self.output.keep(out, None)) {
                for (out, file_key) in previous {
                    self.cache.record(out, file_key, None);
                }
                return;
            }
        }
        let docs = self.search_docs(&pages, lists);
        let mut refs: Vec<&Doc> = docs.iter().map(|(_, _, d)| d.as_ref()).collect();
        refs.sort_by(|a, b| a.url.cmp(&b.url));
        let stemmed = inkstone_search::stemmer_for(&lang).map(|_| "english");
        for file in inkstone_search::build(&refs, &lang, stemmed) {
            let out = format!("{prefix}{}", file.path);
            let file_key = if out == meta {
                key
            } else {
                hash_of(&file.bytes)
            };
            if out == meta
                || self.cache.hit(&out, file_key).is_none()
                || !self.output.keep(&out, None)
            {
                self.write_output(&out, &file.bytes, None);
            }
            self.cache.record(&out, file_key, None);
        }
        self.cache.record_search(&lang, docs);
    }

    /// Every page's document: made when it was rendered, or kept by the cache since the build
    /// that did; made now for a page that has neither (the cache's copy was lost).
    fn search_docs(&self, pages: &[usize], lists: &Lists<'_>) -> Vec<(String, u64, Arc<Doc>)> {
        let lang = &self.config.lang().code;
        let mut kept = None;
        let options = self.markdown_options();
        pages
            .iter()
            .filter_map(|&i| {
                let sp = &self.site.pages[i];
                let key = lists.page_keys[i];
                let doc = lists.digests[i].search.clone().or_else(|| {
                    let kept = kept.get_or_insert_with(|| self.cache.search_docs(lang));
                    kept.get(&sp.path)
                        .filter(|(k, _)| *k == key)
                        .map(|(_, d)| Arc::clone(d))
                });
                let doc = match doc {
                    Some(doc) => doc,
                    None => {
                        let converted = self.convert(i, &options, lists.site_value)?;
                        Arc::new(self.search_doc(i, &converted.rendered, key))
                    }
                };
                if sp.page.kind != PageKind::Page && doc.length == 0 {
                    return None;
                }
                Some((sp.path.clone(), key, doc))
            })
            .collect()
    }
}
