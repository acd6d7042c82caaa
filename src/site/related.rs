//! Related pages, as Hugo's default related config finds them: pages sharing keywords (weight
//! 100) and tags (weight 80) with a page, the best five, newer first among equals; within a
//! term shared by many pages, among the [`WINDOW`] nearest on either side.

use std::collections::HashMap;

use rayon::prelude::*;

use super::Site;
use crate::content::PageKind;

const SHOWN: usize = 5;
const KEYWORD_WEIGHT: u32 = 100;
const TAG_WEIGHT: u32 = 80;

/// How far, in a term's list, candidates are looked for on either side of the page: a tag on
/// thousands of pages would otherwise make finding related pages quadratic in the site's size.
/// Lists are in Hugo's default order (newest first), so these are the pages nearest in time.
/// The work per page grows with this until terms have this many pages on either side: at 200,
/// a 100k-page site spent 2.7 times as long per page here as a 10k one.
const WINDOW: usize = 100;

/// The related pages of every page (empty for all but regular pages), by page index.
pub fn find(site: &Site) -> Vec<Vec<usize>> {
    let n = site.pages.len();
    // Every list a page can share with others, with its weight: each tag's pages, and the
    // pages of each keyword.
    let mut lists: Vec<(&[usize], u32)> = Vec::new();
    if let Some(tags) = site.taxonomies.iter().find(|t| t.plural == "tags") {
        lists.extend(tags.terms.iter().map(|t| (t.pages.as_slice(), TAG_WEIGHT)));
    }
    let mut by_keyword: HashMap<String, Vec<usize>> = HashMap::new();
    for &i in &site.regular_pages {
        for keyword in &site.pages[i].page.meta.keywords {
            by_keyword
                .entry(keyword.to_lowercase())
                .or_default()
                .push(i);
        }
    }
    lists.extend(
        by_keyword
            .values()
            .map(|pages| (pages.as_slice(), KEYWORD_WEIGHT)),
    );
    // For each page, the lists it is in and where.
    let mut member_of: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (l, (pages, _)) in lists.iter().enumerate() {
        for (at, &i) in pages.iter().enumerate() {
            member_of[i].push((l, at));
        }
    }
    let dates: Vec<Option<i64>> = site
        .pages
        .iter()
        .map(|sp| {
            sp.page
                .meta
                .date
                .as_ref()
                .map(|d| d.timestamp().as_second())
        })
        .collect();
    (0..n)
        .into_par_iter()
        // Scores in a dense table per worker thread, reset after each page through the list of
        // entries it touched: a hash map per page cost more than everything else here.
        .map_init(
            || (vec![0u32; n], Vec::new()),
            |(table, touched), i| {
                if site.pages[i].page.kind != PageKind::Page {
                    return Vec::new();
                }
                for &(l, at) in &member_of[i] {
                    let (pages, weight) = lists[l];
                    let near =
                        &pages[at.saturating_sub(WINDOW)..(at + WINDOW + 1).min(pages.len())];
                    for &j in near.iter().filter(|&&j| j != i) {
                        if table[j] == 0 {
                            touched.push(j);
                        }
                        table[j] += weight;
                    }
                }
                // The best few by a bounded insertion: sorting every candidate of every page
                // (hundreds for a popular tag) cost more than the rest of finding them.
                let better = |a: (usize, u32), b: (usize, u32)| {
                    let (ma, mb) = (&site.pages[a.0].page.meta, &site.pages[b.0].page.meta);
                    b.1.cmp(&a.1)
                        .then_with(|| dates[b.0].cmp(&dates[a.0]))
                        .then_with(|| ma.title.cmp(&mb.title))
                        .then_with(|| a.0.cmp(&b.0))
                        .is_lt()
                };
                let mut best: Vec<(usize, u32)> = Vec::with_capacity(SHOWN + 1);
                for j in touched.drain(..) {
                    let candidate = (j, std::mem::take(&mut table[j]));
                    // Most candidates lose to the fifth best already: one comparison rejects them.
                    if best.len() == SHOWN && !better(candidate, best[SHOWN - 1]) {
                        continue;
                    }
                    let at = best
                        .iter()
                        .position(|&b| better(candidate, b))
                        .unwrap_or(best.len());
                    if at < SHOWN {
                        best.insert(at, candidate);
                        best.truncate(SHOWN);
                    }
                }
                best.into_iter().map(|(j, _)| j).collect()
            },
        )
        .collect()
}
