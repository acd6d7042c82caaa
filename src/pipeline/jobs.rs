//! Which outputs a site has: every list, feed and special file of a full build, and the few
//! that show a page whose text changed.

use crate::config::Config;
use crate::content::page::Render;
use crate::site::{Output, Site, has_feed};

/// Home, sections, taxonomies and terms with their pagination, feeds, aliases, 404, sitemap,
/// robots.txt and the archive: every output but the pages themselves.
pub fn list_outputs(site: &Site, config: &Config) -> Vec<Output> {
    let mut jobs: Vec<Output> = Vec::new();
    let size = config.pager_size;
    for (s, section) in site.sections.iter().enumerate() {
        let is_home = s == 0;
        let kind = if is_home { "home" } else { "section" };
        if !config.kind_enabled(kind) || !has_file(site, section.page) {
            continue;
        }
        let entries = if is_home {
            &site.home_pages
        } else {
            &section.pages
        };
        for n in 1..=Site::pager_count(entries.len(), size) {
            jobs.push(Output::Section { s, number: n });
        }
        if has_feed(site, config, s) {
            jobs.push(Output::SectionFeed { s });
        }
    }
    for (t, tax) in site.taxonomies.iter().enumerate() {
        if config.kind_enabled("taxonomy") {
            jobs.push(Output::Taxonomy { t });
            if config.feed_enabled("taxonomy") {
                jobs.push(Output::TaxonomyFeed { t });
            }
        }
        if !config.kind_enabled("term") {
            continue;
        }
        for (k, term) in tax.terms.iter().enumerate() {
            for n in 1..=Site::pager_count(term.pages.len(), size) {
                jobs.push(Output::Term { t, k, number: n });
            }
            if config.feed_enabled("term") {
                jobs.push(Output::TermFeed { t, k });
            }
        }
    }
    jobs.extend((0..site.aliases.len()).map(|a| Output::Alias { a }));
    jobs.extend([Output::NotFound, Output::Sitemap, Output::Robots]);
    if site.archive_path().is_some() {
        jobs.push(Output::Archive);
    }
    if has_search(site, config) {
        jobs.push(Output::Search);
    }
    jobs
}

/// Whether the site has a search index. Not among the outputs showing an edited page: `serve`
/// makes the index again after the page is shown (see `Session::refresh_search`).
pub fn has_search(site: &Site, config: &Config) -> bool {
    config.search().enabled && site.search_path().is_some()
}

/// Whether page `i` is written (Hugo's `build.render`): a section that is not has no list or feed.
fn has_file(site: &Site, i: usize) -> bool {
    site.pages[i].page.meta.build.render == Render::Always
}

/// The list and feed outputs that show any of `pages` (regular pages).
pub fn outputs_showing(site: &Site, config: &Config, pages: &[usize]) -> Vec<Output> {
    let size = config.pager_size.max(1);
    let number_of =
        |entries: &[usize], i: usize| entries.iter().position(|&p| p == i).map(|at| at / size + 1);
    let mut jobs = Vec::new();
    for &i in pages {
        if let Some(number) = number_of(&site.home_pages, i) {
            if config.kind_enabled("home") {
                jobs.push(Output::Section { s: 0, number });
            }
            if has_feed(site, config, 0) {
                jobs.push(Output::SectionFeed { s: 0 });
            }
        }
        let mut section = site.pages[i].section.filter(|&s| s != 0);
        if let Some(s) = section
            && let Some(number) = number_of(&site.sections[s].pages, i)
            && config.kind_enabled("section")
            && has_file(site, site.sections[s].page)
        {
            jobs.push(Output::Section { s, number });
        }
        // A section's feed lists the pages of its subsections too.
        while let Some(s) = section {
            if has_feed(site, config, s) && has_file(site, site.sections[s].page) {
                jobs.push(Output::SectionFeed { s });
            }
            section = site.sections[s].parent.filter(|&p| p != 0);
        }
        for (t, tax) in site.taxonomies.iter().enumerate() {
            for (k, term) in tax.terms.iter().enumerate() {
                let Some(number) = number_of(&term.pages, i) else {
                    continue;
                };
                if config.kind_enabled("term") {
                    jobs.push(Output::Term { t, k, number });
                    if config.feed_enabled("term") {
                        jobs.push(Output::TermFeed { t, k });
                    }
                }
                // The taxonomy's feed dates each term by its newest page.
                if config.kind_enabled("taxonomy") && config.feed_enabled("taxonomy") {
                    jobs.push(Output::TaxonomyFeed { t });
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
