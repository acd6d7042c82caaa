//! Related pages, as Hugo's default related config finds them: pages sharing keywords (weight
//! 100) and tags (weight 80) with a page, the best five, newer first among equals.

use std::cmp::Reverse;
use std::collections::HashMap;

use rayon::prelude::*;

use super::Site;
use crate::content::PageKind;

const SHOWN: usize = 5;
const KEYWORD_WEIGHT: u32 = 100;
const TAG_WEIGHT: u32 = 80;

/// The related pages of every page (empty for all but regular pages), by page index.
pub fn find(site: &Site) -> Vec<Vec<usize>> {
    let mut tags_of: Vec<Vec<usize>> = vec![Vec::new(); site.pages.len()];
    let tags = site.taxonomies.iter().find(|t| t.plural == "tags");
    if let Some(tags) = tags {
        for (k, term) in tags.terms.iter().enumerate() {
            for &i in &term.pages {
                tags_of[i].push(k);
            }
        }
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
    (0..site.pages.len())
        .into_par_iter()
        .map(|i| {
            if site.pages[i].page.kind != PageKind::Page {
                return Vec::new();
            }
            let mut scores: HashMap<usize, u32> = HashMap::new();
            let mut add = |pages: &[usize], weight: u32| {
                for &j in pages.iter().filter(|&&j| j != i) {
                    *scores.entry(j).or_default() += weight;
                }
            };
            if let Some(tags) = tags {
                for &k in &tags_of[i] {
                    add(&tags.terms[k].pages, TAG_WEIGHT);
                }
            }
            for keyword in &site.pages[i].page.meta.keywords {
                if let Some(pages) = by_keyword.get(&keyword.to_lowercase()) {
                    add(pages, KEYWORD_WEIGHT);
                }
            }
            let mut ranked: Vec<(usize, u32)> = scores.into_iter().collect();
            ranked.sort_by(|&(a, sa), &(b, sb)| {
                let meta = |p: usize| &site.pages[p].page.meta;
                let date = |p: usize| meta(p).date.as_ref().map(|d| Reverse(d.timestamp()));
                sb.cmp(&sa)
                    .then_with(|| date(a).cmp(&date(b)))
                    .then_with(|| meta(a).title.cmp(&meta(b).title))
                    .then_with(|| a.cmp(&b))
            });
            ranked.into_iter().take(SHOWN).map(|(j, _)| j).collect()
        })
        .collect()
}
