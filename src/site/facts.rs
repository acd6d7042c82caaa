//! What `build --print-pages json` prints: each page's URL, kind and the front-matter facts that
//! decide where it goes and what links to it, in the shape `compat/` prints from Hugo, so that
//! the two can be compared page by page.

use std::collections::BTreeMap;

use jiff::Zoned;
use serde::Serialize;

use super::Site;
use super::menus::MenuEntry;
use crate::config::Config;
use crate::content::PageKind;

#[derive(Debug, Serialize)]
pub struct PageFacts {
    pub url: String,
    pub kind: &'static str,
    pub lang: String,
    pub title: String,
    pub date: String,
    pub lastmod: String,
    pub draft: bool,
    pub section: String,
    /// Below the content folder; empty for a list without a file.
    pub file: String,
    /// The term pages this page is listed on, per taxonomy.
    pub terms: BTreeMap<String, Vec<String>>,
    pub translations: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct MenuFacts {
    pub lang: String,
    pub menu: String,
    pub identifier: String,
    pub name: String,
    pub url: String,
    pub weight: i64,
    pub parent: String,
}

/// Every page, taxonomy and term page of one language's site.
pub fn pages(site: &Site, config: &Config) -> Vec<PageFacts> {
    let base = config.base_path().trim_end_matches('/');
    let url = |path: &str| format!("{base}{path}");
    let lang = config.lang().code.clone();
    let mut facts = Vec::with_capacity(site.pages.len());
    // As Hugo's side of compat/ sees them: pages that are written.
    let written = site
        .pages
        .iter()
        .filter(|sp| sp.page.meta.build.render == crate::content::page::Render::Always);
    for sp in written {
        let page = &sp.page;
        let meta = &page.meta;
        let terms = meta
            .terms
            .iter()
            .filter_map(|(plural, names)| {
                let taxonomy = site.taxonomies.iter().find(|t| &t.plural == plural)?;
                // Names that differ only in case are one term, found by its path.
                let lower = !config.disable_path_to_lower;
                let paths: Vec<String> = names
                    .iter()
                    .map(|name| {
                        let slug = super::urls::term_slug(name, lower);
                        format!("{}{slug}/", taxonomy.path)
                    })
                    .filter(|path| taxonomy.terms.iter().any(|t| &t.path == path))
                    .map(|path| url(&path))
                    .collect();
                (!paths.is_empty()).then(|| (plural.clone(), paths))
            })
            .collect();
        let section = match page.kind {
            PageKind::Home => String::new(),
            _ => page.top_section().to_owned(),
        };
        // A list without dates of its own has those of its newest page, as in Hugo.
        // Only a list with no date of its own, not even one from Git: Hugo keeps those.
        let has_dates = meta.date.is_some() || meta.lastmod.is_some();
        let newest = match (page.kind, sp.section) {
            (PageKind::Page, _) | (_, None) => Newest::default(),
            _ if has_dates => Newest::default(),
            (PageKind::Home, _) => Newest::of(site, site.regular_pages.iter().copied()),
            (PageKind::Section, Some(s)) => Newest::of(site, section_tree(site, s)),
        };
        facts.push(PageFacts {
            url: url(&sp.path),
            kind: match page.kind {
                PageKind::Home => "home",
                PageKind::Section => "section",
                PageKind::Page => "page",
            },
            lang: lang.clone(),
            title: meta.title.clone(),
            date: date(meta.date.as_ref().or(newest.date.as_ref())),
            lastmod: date(
                meta.lastmod
                    .as_ref()
                    .or(meta.date.as_ref())
                    .or(newest.lastmod.as_ref()),
            ),
            draft: meta.draft,
            section,
            file: file_below_content(page),
            terms,
            translations: sp.translations.iter().map(|(_, path)| url(path)).collect(),
        });
    }
    for taxonomy in &site.taxonomies {
        let title = taxonomy.title_or_default(config);
        let all = taxonomy.terms.iter().flat_map(|t| t.pages.iter().copied());
        let newest = match taxonomy.own_file {
            Some(_) => Newest::default(),
            None => Newest::of(site, all),
        };
        let mut fact = list_facts(
            url(&taxonomy.path),
            ("taxonomy", &lang),
            title,
            &taxonomy.plural,
            newest,
        );
        fact.file = taxonomy.own_file.clone().unwrap_or_default();
        facts.push(fact);
        for term in &taxonomy.terms {
            let newest = match term.own_file {
                Some(_) => Newest::default(),
                None => Newest::of(site, term.pages.iter().copied()),
            };
            let mut fact = list_facts(
                url(&term.path),
                ("term", &lang),
                term.title.clone(),
                &taxonomy.plural,
                newest,
            );
            fact.file = term.own_file.clone().unwrap_or_default();
            facts.push(fact);
        }
    }
    facts
}

/// Links each taxonomy and term page to the same list in the other languages, as Hugo does: the
/// same path once each language's prefix (`/fr`) is taken off. `prefixes` are the languages'
/// prefixes, with the site's base path.
pub fn link_list_translations(facts: &mut [PageFacts], prefixes: &[(String, String)]) {
    let unprefixed = |f: &PageFacts| {
        let prefix = prefixes
            .iter()
            .find(|(lang, _)| *lang == f.lang)
            .map_or("", |(_, p)| p.as_str());
        f.url.strip_prefix(prefix).unwrap_or(&f.url).to_owned()
    };
    let mut groups: BTreeMap<(String, &'static str), Vec<usize>> = BTreeMap::new();
    for (i, f) in facts.iter().enumerate() {
        if f.kind == "taxonomy" || f.kind == "term" {
            groups.entry((unprefixed(f), f.kind)).or_default().push(i);
        }
    }
    for members in groups.values().filter(|m| m.len() > 1) {
        for &i in members {
            let others: Vec<String> = members
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| facts[j].url.clone())
                .collect();
            facts[i].translations = others;
        }
    }
}

/// The newest date and lastmod among some pages.
#[derive(Default)]
struct Newest {
    date: Option<Zoned>,
    lastmod: Option<Zoned>,
}

impl Newest {
    fn of(site: &Site, pages: impl Iterator<Item = usize>) -> Newest {
        let mut newest = Newest::default();
        for i in pages {
            let sp = &site.pages[i];
            let meta = &sp.page.meta;
            // A section listed under a term is dated by its own newest page when it has no date.
            let own = match (sp.page.kind, sp.section) {
                (PageKind::Section, Some(s)) if meta.date.is_none() => {
                    Newest::of(site, section_tree(site, s))
                }
                _ => Newest {
                    date: meta.date.clone(),
                    lastmod: meta.lastmod.clone().or_else(|| meta.date.clone()),
                },
            };
            if own.date > newest.date {
                newest.date = own.date;
            }
            if own.lastmod > newest.lastmod {
                newest.lastmod = own.lastmod;
            }
        }
        newest
    }
}

/// The regular pages of a section and of all its subsections.
fn section_tree(site: &Site, s: usize) -> impl Iterator<Item = usize> + '_ {
    let mut stack = vec![s];
    let mut pages = Vec::new();
    while let Some(current) = stack.pop() {
        pages.extend(site.sections[current].pages.iter().copied());
        stack.extend(site.sections[current].subsections.iter().copied());
    }
    pages.into_iter()
}

fn list_facts(
    url: String,
    (kind, lang): (&'static str, &str),
    title: String,
    section: &str,
    newest: Newest,
) -> PageFacts {
    PageFacts {
        url,
        kind,
        lang: lang.to_owned(),
        title,
        date: date(newest.date.as_ref()),
        lastmod: date(newest.lastmod.as_ref()),
        draft: false,
        section: section.to_owned(),
        file: String::new(),
        terms: BTreeMap::new(),
        translations: Vec::new(),
    }
}

/// The page's file below its content folder, as written (`about.fr.md`); empty for a list
/// that has no file.
fn file_below_content(page: &crate::content::Page) -> String {
    if page.file.as_os_str().is_empty() {
        return String::new();
    }
    super::facts_file(page)
}

/// Every menu entry of one language's site, children after their parent.
pub fn menus(site: &Site, config: &Config) -> Vec<MenuFacts> {
    let mut facts = Vec::new();
    for (menu, entries) in &site.menus {
        for entry in entries {
            push_entry(&mut facts, &config.lang().code, menu, entry);
        }
    }
    // Paths inside the site are kept without the base URL's path; Hugo's `.URL` has it.
    let base = config.base_path().trim_end_matches('/');
    for fact in &mut facts {
        if fact.url.starts_with('/') {
            fact.url = format!("{base}{}", fact.url);
        }
    }
    facts
}

fn push_entry(facts: &mut Vec<MenuFacts>, lang: &str, menu: &str, entry: &MenuEntry) {
    facts.push(MenuFacts {
        lang: lang.to_owned(),
        menu: menu.to_owned(),
        identifier: entry.identifier.clone(),
        name: entry.name.clone(),
        url: entry.url.clone(),
        weight: entry.weight,
        parent: entry.parent.clone().unwrap_or_default(),
    });
    for child in &entry.children {
        push_entry(facts, lang, menu, child);
    }
}

/// As Go's `2006-01-02T15:04:05Z07:00`: `Z` for UTC, else the offset.
fn date(value: Option<&Zoned>) -> String {
    let Some(zoned) = value else {
        return String::new();
    };
    let offset = zoned.offset().seconds();
    let clock = zoned.strftime("%Y-%m-%dT%H:%M:%S").to_string();
    if offset == 0 {
        format!("{clock}Z")
    } else {
        format!("{clock}{}", zoned.strftime("%:z"))
    }
}
