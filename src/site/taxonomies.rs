//! Taxonomies and their terms: which pages each term lists, their paths and titles, and the
//! `_index.md` files in `content/<plural>/` that give a taxonomy or a term its front matter.

use std::collections::HashMap;
use std::sync::Arc;

use super::{Site, Taxonomy, Term, facts_file, urls};
use crate::config::Config;
use crate::content::page::List;
use crate::content::{Page, PageKind};

/// `content/<plural>/_index.md` and `content/<plural>/<term>/_index.md` give a taxonomy or a
/// term its front matter, as in Hugo; they are not sections. Keyed by taxonomy and the term's
/// slug (empty for the taxonomy's own page).
pub(super) type TaxonomyPages = HashMap<(String, String), Arc<Page>>;

pub(super) fn take_taxonomy_pages(
    pages: Vec<Arc<Page>>,
    config: &Config,
) -> (Vec<Arc<Page>>, TaxonomyPages) {
    let mut own = TaxonomyPages::new();
    if config.taxonomies.is_empty() {
        return (pages, own);
    }
    let mut kept = Vec::with_capacity(pages.len());
    for page in pages {
        let key = (page.kind == PageKind::Section)
            .then(|| {
                let mut parts = page.dir().splitn(2, '/');
                let plural = parts.next()?.to_lowercase();
                let term = parts.next().unwrap_or("");
                let known = config.taxonomies.iter().any(|t| t.plural == plural);
                let lower = !config.disable_path_to_lower;
                known.then(|| (plural, urls::term_slug(term, lower)))
            })
            .flatten();
        match key {
            Some(key) => {
                own.insert(key, page);
            }
            None => kept.push(page),
        }
    }
    (kept, own)
}

pub(super) fn give_titles(taxonomies: &mut [Taxonomy], own: &TaxonomyPages) {
    if own.is_empty() {
        return;
    }
    let title_of = |plural: &str, slug: String| {
        own.get(&(plural.to_owned(), slug))
            .map(|p| p.meta.title.clone())
            .filter(|t| !t.is_empty())
    };
    let file_of =
        |plural: &str, slug: String| own.get(&(plural.to_owned(), slug)).map(|p| facts_file(p));
    for tax in taxonomies {
        tax.title = title_of(&tax.plural, String::new());
        tax.own_file = file_of(&tax.plural, String::new());
        for term in &mut tax.terms {
            let slug = term
                .path
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_owned();
            term.own_file = file_of(&tax.plural, slug.clone());
            if let Some(title) = title_of(&tax.plural, slug) {
                term.title = title;
            }
        }
    }
}

pub(super) fn build_taxonomies(site: &Site, config: &Config) -> Vec<Taxonomy> {
    config
        .taxonomies
        .iter()
        .map(|t| {
            let base = format!("/{}/", urls::segment(&t.plural));
            // Terms that urlize alike ("Cloud Native", "cloud native") are one term, named as
            // first written.
            let mut by_slug: HashMap<String, usize> = HashMap::new();
            // Each name as written is urlized once, not once per page that names it.
            let mut by_name: HashMap<&str, Option<usize>> = HashMap::new();
            let mut terms: Vec<Term> = Vec::new();
            // A section's own page files itself under its terms too, as in Hugo.
            let sections = site.sections.iter().map(|s| s.page).filter(|&i| {
                site.pages[i].page.meta.build.list == List::Always
                    && !site.pages[i].page.meta.terms.is_empty()
            });
            for i in site.regular_pages.iter().copied().chain(sections) {
                let meta = &site.pages[i].page.meta;
                let Some((_, names)) = meta.terms.iter().find(|(tax, _)| *tax == t.plural) else {
                    continue;
                };
                for name in names {
                    let term = *by_name.entry(name.as_str()).or_insert_with(|| {
                        let slug = urls::term_slug(name, !config.disable_path_to_lower);
                        if slug.is_empty() {
                            return None;
                        }
                        Some(*by_slug.entry(slug).or_insert_with_key(|slug| {
                            let title = if config.capitalize_list_titles {
                                crate::text::title_case(name)
                            } else {
                                name.clone()
                            };
                            terms.push(Term {
                                name: name.clone(),
                                title,
                                own_file: None,
                                path: format!("{base}{slug}/"),
                                pages: Vec::new(),
                            });
                            terms.len() - 1
                        }))
                    });
                    let Some(idx) = term else {
                        continue;
                    };
                    if terms[idx].pages.last() != Some(&i) {
                        terms[idx].pages.push(i);
                    }
                }
            }
            terms.sort_by_key(|t| t.name.to_lowercase());
            Taxonomy {
                plural: t.plural.clone(),
                singular: t.singular.clone(),
                title: None,
                own_file: None,
                path: base,
                terms,
            }
        })
        .collect()
}
