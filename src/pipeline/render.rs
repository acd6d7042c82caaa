//! Drives the output stage for one site: page keys first, then every page in parallel, then
//! the lists that show them; or, for `serve`, one output again, or what shows a few edited
//! pages.

use std::sync::Arc;

use indicatif::ProgressBar;
use rayon::prelude::*;

use crate::cache::keys;
use crate::diagnostics::Diagnostic;
use crate::markdown::Digest;
use crate::output::{ListTexts, Lists, PageResult, Target};
use crate::site::Output;

use super::jobs;

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
    pub site_key: u64,
    pub page_keys: Vec<u64>,
    pub digests: Arc<Vec<Digest>>,
}

/// Renders everything of the site into the target's sink. `progress`, when given, is advanced
/// once per page.
pub fn render_site(target: &Target<'_>, progress: Option<&ProgressBar>) -> (Rendering, PageState) {
    let writer = target.writer();
    let site = target.site;
    let site_value = writer.ctx.site_value();
    let site_key = keys::site_key(&site_value);
    let page_keys: Vec<u64> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| writer.page_key(i, site_key))
        .collect();
    let (digests, texts) = writer.render_pages(&site_value, &page_keys, progress);
    let digests = Arc::new(digests);
    let lists = Lists {
        site_value: &site_value,
        site_key,
        page_keys: &page_keys,
        digests: Arc::clone(&digests),
        texts,
    };
    jobs::list_outputs(site, target.config)
        .par_iter()
        .for_each(|output| writer.make(output, &lists));
    // Static files and the theme's assets are shared by every language; the first copies them.
    let static_files = if target.config.language == 0 {
        writer.copy_files(target.source)
    } else {
        0
    };
    let rendered = writer.rendered();
    let rendering = Rendering {
        problems: writer.take_problems(),
        rendered,
        static_files,
    };
    let state = PageState {
        site_key,
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
        site_key: state.site_key,
        page_keys: &state.page_keys,
        digests: Arc::clone(&state.digests),
        texts,
    };
    writer.make(&output, &lists);
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
    let site_key = keys::site_key(&site_value);
    if site_key != state.site_key || state.page_keys.len() != target.site.pages.len() {
        return None;
    }
    for &i in changed {
        state.page_keys[i] = writer.page_key(i, site_key);
    }
    let jobs = jobs::outputs_showing(target.site, target.config, changed);
    let mut pages = changed.to_vec();
    for job in &jobs {
        if let Output::Section { s, .. } = job {
            pages.push(target.site.sections[*s].page);
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
        site_key,
        page_keys: &state.page_keys,
        digests: Arc::clone(&state.digests),
        texts,
    };
    jobs.par_iter().for_each(|job| writer.make(job, &lists));
    let rendered = writer.rendered();
    Some(Rendering {
        problems: writer.take_problems(),
        rendered,
        static_files: 0,
    })
}
