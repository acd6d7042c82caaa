//! The build cache's keys: for each kind of output, a hash of everything its bytes depend on.
//!
//! Kept in one place so that what invalidates what can be read at a glance. A key that misses
//! an input serves stale bytes; one that covers too much only renders again, so when in doubt
//! a key takes the input. Whatever every output depends on is in [`build_key`], and a change
//! there drops the whole cache.

#![allow(
    clippy::indexing_slicing,
    reason = "pages, sections, taxonomies and terms refer to each other by indices into the site's own vectors, made by the site stage from those vectors and never shrunk: an index out of range is a bug of inkstone, never something a site can cause"
)]

use std::path::Path;

use minijinja::Value;
use serde::Serialize;

use crate::config::Config;
use crate::content::Page;
use crate::files;
use crate::hash::{binary_identity, hash_of, hash_serialized};
use crate::site::Site;

/// What a build was asked for besides the site's files: the command line's choices.
#[derive(Debug, Clone, Copy, Hash)]
pub struct Flags {
    pub drafts: bool,
    pub future: bool,
    pub expired: bool,
    /// `--minify`: the same page is other bytes.
    pub minify: bool,
}

/// Everything every output file depends on: a change here renders the whole site again.
pub fn build_key(
    config: &Config,
    flags: Flags,
    destination: &str,
    templates_fingerprint: u64,
) -> u64 {
    hash_of(&(
        binary_identity(),
        hash_serialized(&config.raw),
        &config.base_url,
        flags,
        destination,
        templates_fingerprint,
    ))
}

/// The site-wide values every template sees (title, menus, languages, params…).
pub fn site_key(site_value: &Value) -> u64 {
    hash_serialized(site_value)
}

/// The images of `static/` with their sizes and times: pages show their width and height.
pub fn static_images(source: &Path, static_dirs: &[String]) -> u64 {
    let dirs: Vec<_> = static_dirs.iter().map(|d| source.join(d)).collect();
    let images: Vec<(String, Option<(u64, u128)>)> =
        files::files_below_all(&dirs, files::is_editor_temp)
            .files
            .into_iter()
            .filter(|(rel, _)| files::is_raster_image(rel))
            .map(|(rel, path)| (rel, files::stamp(&path)))
            .collect();
    hash_of(&images)
}

/// A regular page: its source (`source_hash`, as last read), where it sits, its neighbours and
/// the site-wide values every page shows.
pub fn page_key(site: &Site, i: usize, source_hash: u64, site_key: u64) -> u64 {
    let sp = &site.pages[i];
    let link = |n: Option<usize>| {
        n.map(|n| {
            let p = &site.pages[n];
            (p.page.meta.title.as_str(), p.path.as_str())
        })
    };
    let section = sp.section.map(|s| site.sections[s].page);
    let related: Vec<_> = sp
        .related
        .iter()
        .map(|&j| (link(Some(j)), site.pages[j].page.meta.date.as_ref()))
        .collect();
    let series: Vec<(&str, Vec<_>)> = site
        .series_of(i)
        .into_iter()
        .map(|(term, pages)| {
            (
                term.path.as_str(),
                pages.iter().map(|&j| link(Some(j))).collect(),
            )
        })
        .collect();
    hash_of(&(
        source_hash,
        &sp.page.rel_path,
        &sp.path,
        link(section),
        link(sp.older),
        link(sp.newer),
        related,
        series,
        &sp.translations,
        bundle_stamps(&sp.page),
        (site.static_images, site_key, site.books.fingerprint_of(i)),
    ))
}

/// A bundle's files with their sizes and times: a replaced image changes its size on the page.
fn bundle_stamps(page: &Page) -> Vec<(&str, Option<(u64, u128)>)> {
    let (Some(bundle), Some(dir)) = (&page.bundle, page.file.parent()) else {
        return Vec::new();
    };
    bundle
        .resources
        .iter()
        .map(|r| (r.as_str(), files::stamp(&dir.join(r))))
        .collect()
}

/// A list of pages: each page's key, in order.
pub fn list_key(page_keys: &[u64], pages: &[usize]) -> u64 {
    let keys: Vec<u64> = pages.iter().map(|&i| page_keys[i]).collect();
    hash_of(&keys)
}

/// One pager of the home page or a section: the section's own page, its subsections and the
/// pages shown, and how many there are in all (the pager's links).
pub struct SectionInputs {
    pub own_page: u64,
    pub number: usize,
    pub count: usize,
    pub subsections: u64,
    pub shown: u64,
}

pub fn section_key(inputs: &SectionInputs) -> u64 {
    hash_of(&(
        "section",
        inputs.own_page,
        inputs.number,
        inputs.count,
        inputs.subsections,
        inputs.shown,
    ))
}

/// One pager of a term: the term, the pages shown, the page whose author card it shows.
pub struct TermInputs<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub path: &'a str,
    pub number: usize,
    pub count: usize,
    pub shown: u64,
    pub card: Option<u64>,
    pub site_key: u64,
}

pub fn term_key(inputs: &TermInputs<'_>) -> u64 {
    hash_of(&(
        "term",
        inputs.name,
        inputs.title,
        inputs.path,
        inputs.number,
        inputs.count,
        inputs.shown,
        inputs.card,
        inputs.site_key,
    ))
}

/// A feed: its title and place, and every entry's key (`updated` is the newest date of all
/// entries, not only the shown ones).
pub fn feed_key(title: &str, base: &str, entries: u64, site_key: u64) -> u64 {
    hash_of(&("feed", title, base, entries, site_key))
}

/// A taxonomy's feed: each term shown, with its path, title and date.
pub fn taxonomy_feed_key(title: &str, terms: &[(&str, &str, Option<i128>)], site_key: u64) -> u64 {
    hash_of(&("taxonomy-feed", title, terms, site_key))
}

/// The archive: every dated page's title, path and date, in the archive's order.
pub fn archive_key(site: &Site, pages: &[usize], site_key: u64) -> u64 {
    let listed: Vec<(&str, &str, Option<i128>)> = pages
        .iter()
        .map(|&i| {
            let sp = &site.pages[i];
            let date = sp.page.meta.date.as_ref();
            (
                sp.page.meta.title.as_str(),
                sp.path.as_str(),
                date.map(|d| d.timestamp().as_nanosecond()),
            )
        })
        .collect();
    hash_of(&("archive", listed, site_key))
}

/// What a sitemap entry shows of a page: its path, date and translations.
type SitemapEntry<'a> = (&'a str, Option<i128>, &'a [(usize, String)]);

/// The sitemap: every path with its date and translations. A new, moved or re-dated page changes
/// it, an edited text does not.
pub fn sitemap_key(site: &Site, site_key: u64) -> u64 {
    let terms: Vec<&str> = site
        .taxonomies
        .iter()
        .flat_map(|t| t.terms.iter().map(|term| term.path.as_str()))
        .collect();
    let pages: Vec<SitemapEntry<'_>> = site
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
    hash_of(&("sitemap", pages, terms, site_key))
}

/// An output whose whole template context is cheap to build: the context itself is the key.
pub fn value_key<T: Serialize + ?Sized>(ctx: &T) -> u64 {
    hash_serialized(ctx)
}

/// The key an output is recorded under: its own key and the template that rendered it.
pub fn output_key(template: &str, key: u64) -> u64 {
    hash_of(&(template, key))
}
