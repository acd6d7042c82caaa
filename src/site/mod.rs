//! The site stage: pages arranged into sections and taxonomies, with URLs, pagination, order
//! and aliases decided. Nothing here reads page bodies.

#![allow(
    clippy::indexing_slicing,
    reason = "pages, sections, taxonomies and terms refer to each other by indices into the site's own vectors, made by the site stage from those vectors and never shrunk: an index out of range is a bug of inkstone, never something a site can cause"
)]

pub mod book;
mod collisions;
pub mod facts;
pub mod menus;
pub mod refs;
pub mod related;
mod taxonomies;
pub mod urls;

use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::Map;

use crate::config::Config;
use crate::content::page::{List, Render};
use crate::content::{self, Meta, Page, PageKind};
use crate::diagnostics::Diagnostic;
use crate::format::string_list;
use taxonomies::{build_taxonomies, give_titles, take_taxonomy_pages};

/// A page with its place in the site.
#[derive(Debug, Clone)]
pub struct SitePage {
    /// Shared with the content stage's cache, so a rebuild reuses pages it did not re-read.
    pub page: Arc<Page>,
    /// Path below the site root, starting with `/`.
    pub path: String,
    /// The section whose list this page appears in.
    pub section: Option<usize>,
    /// Neighbours in the section's order: `older` is published before this page.
    pub older: Option<usize>,
    pub newer: Option<usize>,
    /// Pages sharing keywords and tags with this one, best first.
    pub related: Vec<usize>,
    /// The same page in the site's other languages: `(language index, path)`.
    pub translations: Vec<(usize, String)>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub page: usize,
    pub parent: Option<usize>,
    pub subsections: Vec<usize>,
    /// Regular pages directly in this section, in Hugo's default order.
    pub pages: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    /// The name, unless the term's own `_index.md` gives a title.
    pub title: String,
    /// The term's own `_index.md`, below the content folder, when it has one.
    pub own_file: Option<String>,
    pub path: String,
    pub pages: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub plural: String,
    pub singular: String,
    /// From the taxonomy's own `content/<plural>/_index.md`, if it has one.
    pub title: Option<String>,
    /// That `_index.md`, below the content folder.
    pub own_file: Option<String>,
    pub path: String,
    /// Sorted by name.
    pub terms: Vec<Term>,
}

impl Taxonomy {
    /// Its own `_index.md`'s title, else its name as Hugo titles it (`tags` → `Tags`).
    pub fn title_or_default(&self, config: &Config) -> String {
        self.title.clone().unwrap_or_else(|| {
            if config.capitalize_list_titles {
                crate::text::title_case(&self.plural)
            } else {
                self.plural.clone()
            }
        })
    }
}

/// A redirect from an old path to a page.
#[derive(Debug, Clone)]
pub struct Alias {
    pub path: String,
    pub target: String,
}

/// A file the render stage makes from the site: a page, or one of the lists, feeds and other
/// files made from many pages. `s`, `t`, `k` and `a` index sections, taxonomies, terms and aliases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Page(usize),
    /// Page `number` (from 1) of a section's list; section 0 is the home page.
    Section {
        s: usize,
        number: usize,
    },
    SectionFeed {
        s: usize,
    },
    Taxonomy {
        t: usize,
    },
    Term {
        t: usize,
        k: usize,
        number: usize,
    },
    TermFeed {
        t: usize,
        k: usize,
    },
    /// A taxonomy's feed: its terms, newest first.
    TaxonomyFeed {
        t: usize,
    },
    Alias {
        a: usize,
    },
    NotFound,
    Sitemap,
    Robots,
    /// Every regular page by year and month, at [`ARCHIVE_PATH`].
    Archive,
    /// The built-in search's index, at [`SEARCH_PATH`] in the language's part of the site.
    Search,
}

/// Where the archive page goes, unless a page of the site is there.
pub const ARCHIVE_PATH: &str = "/archives/";

/// The folder of the search index's files, unless a page of the site is there.
pub const SEARCH_PATH: &str = "/search-index/";

pub fn pager_path(base: &str, number: usize) -> String {
    if number <= 1 {
        base.to_owned()
    } else {
        format!("{base}page/{number}/")
    }
}

#[derive(Debug, Clone)]
pub struct Site {
    pub pages: Vec<SitePage>,
    pub home: usize,
    pub sections: Vec<Section>,
    pub taxonomies: Vec<Taxonomy>,
    pub aliases: Vec<Alias>,
    /// The regular pages the home page lists: those of the main sections, newest first.
    pub home_pages: Vec<usize>,
    /// Every regular page, in Hugo's default order.
    pub regular_pages: Vec<usize>,
    pub main_sections: Vec<String>,
    pub menus: menus::Menus,
    /// The site's icon among its static files (`/favicon.svg`, `.png` or `.ico`), if any.
    pub favicon: Option<String>,
    /// What this language's paths start with (`""` or `/zh`).
    pub prefix: String,
    /// `disableKinds = ["archive"]` turns the built-in archive page off.
    pub archive_enabled: bool,
    /// A hash of the static images' sizes and times: pages give images their width and height,
    /// so a replaced image renders its pages again.
    pub static_images: u64,
    /// Sections laid out as books, and where each of their pages stands.
    pub books: book::Books,
    /// Pages by the paths `ref` and `relref` name them with, made on first use.
    pub refs: std::sync::OnceLock<refs::RefIndex>,
    /// What pages that look others up show of them; see [`Site::lookup_hash`].
    lookup_hash: std::sync::OnceLock<u64>,
}

impl Site {
    /// A hash of what a page may show of the others through shortcodes (`ref`, `children`):
    /// their files, URLs, titles and descriptions, and the sections they are in.
    pub fn lookup_hash(&self) -> u64 {
        *self.lookup_hash.get_or_init(|| {
            let pages: Vec<_> = self
                .pages
                .iter()
                .map(|sp| {
                    let meta = &sp.page.meta;
                    (
                        &sp.page.rel_path,
                        &sp.path,
                        &meta.title,
                        &meta.description,
                        sp.section,
                    )
                })
                .collect();
            crate::hash::hash_of(&pages)
        })
    }

    /// The series (terms of the `series` taxonomy) page `i` belongs to, each with its pages in
    /// reading order: oldest first.
    pub fn series_of(&self, i: usize) -> Vec<(&Term, Vec<usize>)> {
        let Some(series) = self.taxonomies.iter().find(|t| t.plural == "series") else {
            return Vec::new();
        };
        series
            .terms
            .iter()
            .filter(|term| term.pages.contains(&i))
            .map(|term| {
                let mut pages = term.pages.clone();
                pages.sort_by_key(|&p| {
                    let date = self.pages[p].page.meta.date.as_ref();
                    (date.map(|d| d.timestamp()), p)
                });
                (term, pages)
            })
            .collect()
    }

    /// Where the built-in archive page goes: when the site has dated pages and no page of its
    /// own at [`ARCHIVE_PATH`].
    pub fn archive_path(&self) -> Option<String> {
        if !self.archive_enabled {
            return None;
        }
        let path = format!("{}{ARCHIVE_PATH}", self.prefix);
        let taken = self.pages.iter().any(|sp| sp.path == path);
        let dated = self
            .regular_pages
            .iter()
            .any(|&i| self.pages[i].page.meta.date.is_some());
        (dated && !taken).then_some(path)
    }

    /// The folder of this language's search index, unless a page of the site is in it.
    pub fn search_path(&self) -> Option<String> {
        let path = format!("{}{SEARCH_PATH}", self.prefix);
        let taken = self.pages.iter().any(|sp| sp.path.starts_with(&path));
        (!taken).then_some(path)
    }

    /// Pages per list page and the number of list pages for `count` entries.
    pub fn pager_count(count: usize, size: usize) -> usize {
        count.div_ceil(size.max(1)).max(1)
    }
}

/// Arranges one language's pages into a site, with the warnings found on the way; or every
/// problem that keeps it from being built.
pub fn build(
    pages: Vec<Arc<Page>>,
    config: &Config,
) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let (pages, own_pages) = take_taxonomy_pages(pages, config);
    let paths: Vec<(Arc<Page>, Result<String, urls::UnsafeUrl>)> = pages
        .into_par_iter()
        .map(|page| {
            let path = urls::page_path(&page, config);
            (page, path)
        })
        .collect();
    let mut site_pages = Vec::with_capacity(paths.len() + 8);
    for (page, path) in paths {
        match path {
            Ok(path) => site_pages.push(SitePage {
                page,
                path,
                section: None,
                older: None,
                newer: None,
                related: Vec::new(),
                translations: Vec::new(),
            }),
            Err(bad) => problems.push(content::at_key(
                Diagnostic::error(format!(
                    "`{}: {}` would write outside the site's output folder",
                    bad.key, bad.value
                ))
                .with_hint("use a path inside the site, such as /posts/my-post/"),
                &page.file,
                bad.key,
            )),
        }
    }

    let mut site = Site {
        pages: site_pages,
        home: 0,
        sections: Vec::new(),
        taxonomies: Vec::new(),
        aliases: Vec::new(),
        home_pages: Vec::new(),
        regular_pages: Vec::new(),
        main_sections: Vec::new(),
        menus: menus::Menus::new(),
        favicon: None,
        static_images: 0,
        prefix: config.lang().prefix.clone(),
        archive_enabled: config.kind_enabled("archive"),
        books: book::Books::default(),
        refs: std::sync::OnceLock::new(),
        lookup_hash: std::sync::OnceLock::new(),
    };
    arrange_sections(&mut site);
    name_lists(&mut site, config);
    sort_and_link(&mut site);
    site.main_sections = main_sections(&site, config);
    site.home_pages = site
        .regular_pages
        .par_iter()
        .copied()
        .filter(|&i| {
            site.main_sections
                .iter()
                .any(|s| s == site.pages[i].page.top_section())
        })
        .collect();
    if config.kind_enabled("taxonomy") || config.kind_enabled("term") {
        site.taxonomies = build_taxonomies(&site, config);
        give_titles(&mut site.taxonomies, &own_pages);
    }
    if !site.prefix.is_empty() {
        add_prefix(&mut site);
    }
    site.books = book::find(&site, config);
    let found = related::find(&site);
    for (sp, related) in site.pages.iter_mut().zip(found) {
        sp.related = related;
    }
    if !config.disable_aliases {
        collect_aliases(&mut site, &mut problems);
    }
    if let Some(alias) = default_language_redirect(config) {
        site.aliases.push(alias);
    }
    let (menus, mut warnings) = menus::build(config, &site);
    site.menus = menus;
    problems.append(&mut warnings);
    problems.extend(collisions::check(&mut site, config));
    if problems.iter().any(Diagnostic::is_error) {
        Err(problems)
    } else {
        Ok((site, problems))
    }
}

/// Whether section `s` (0: home) has a feed: its own front matter's `outputs`, when it lists
/// them, else the config's `outputs` for its kind.
pub fn has_feed(site: &Site, config: &Config, s: usize) -> bool {
    let page = &site.pages[site.sections[s].page].page;
    let own = string_list(crate::format::get_ci(&page.params, "outputs"));
    if own.is_empty() {
        config.feed_enabled(if s == 0 { "home" } else { "section" })
    } else {
        config.kind_enabled("rss") && own.iter().any(|f| f.eq_ignore_ascii_case("rss"))
    }
}

/// Puts a language's pages and lists under its prefix (`/zh/posts/`); a page whose front matter
/// gives its `url` stays where it says.
fn add_prefix(site: &mut Site) {
    let prefix = site.prefix.clone();
    for sp in &mut site.pages {
        if sp.page.meta.url.is_none() {
            sp.path = format!("{prefix}{}", sp.path);
        }
    }
    for tax in &mut site.taxonomies {
        tax.path = format!("{prefix}{}", tax.path);
        for term in &mut tax.terms {
            term.path = format!("{prefix}{}", term.path);
        }
    }
}

/// Links the pages of the languages' sites that are translations of each other: the same
/// `translationKey`, else the same file name below the content folder. Two pages of one language
/// claiming one key are an error naming both.
pub fn link_translations(sites: &mut [Site]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut by_key: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (l, site) in sites.iter().enumerate() {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, sp) in site.pages.iter().enumerate() {
            let explicit = crate::format::get_ci(&sp.page.params, "translationKey")
                .and_then(crate::format::scalar_string);
            let key = match &explicit {
                Some(k) => format!("key:{k}"),
                None => format!("path:{}", sp.page.rel_path),
            };
            if let Some(&other) = seen.get(&key) {
                if explicit.is_some() {
                    let first = &site.pages[other].page.file;
                    problems.push(
                        content::at_key(
                            Diagnostic::error(format!(
                                "two pages in `{}` have the translationKey {:?}: this one and {}",
                                sp.page.lang,
                                explicit.as_deref().unwrap_or_default(),
                                first.display()
                            ))
                            .with_hint("give each translation of a page the same key, and other pages other keys"),
                            &sp.page.file,
                            "translationKey",
                        ),
                    );
                }
                continue;
            }
            seen.insert(key.clone(), i);
            by_key.entry(key).or_default().push((l, i));
        }
    }
    for group in by_key.values().filter(|g| g.len() > 1) {
        for &(l, i) in group {
            let others: Vec<(usize, String)> = group
                .iter()
                .filter(|(ol, _)| *ol != l)
                .map(|&(ol, oi)| (ol, sites[ol].pages[oi].path.clone()))
                .collect();
            sites[l].pages[i].translations = others;
        }
    }
    problems
}

/// A stand-in for a section or home page that has no `_index.md`; [`name_lists`] titles it.
fn virtual_page(kind: PageKind, dir: &str) -> Page {
    let rel_path = if dir.is_empty() {
        "_index.md".to_owned()
    } else {
        format!("{dir}/_index.md")
    };
    Page {
        file: PathBuf::new(),
        rel_path,
        lang: String::new(),
        kind,
        format: crate::content::BodyFormat::Markdown,
        body_offset: 0,
        body_line: 1,
        meta: Meta {
            show_toc: true,
            ..Meta::default()
        },
        params: Map::new(),
        bundle: None,
        source_hash: 0,
        outside_hash: 0,
    }
}

/// Titles for the home page and sections that give none, as Hugo makes them: the site's title,
/// and the folder's name (`blog` → `Blogs`).
fn name_lists(site: &mut Site, config: &Config) {
    for s in 0..site.sections.len() {
        let i = site.sections[s].page;
        if !site.pages[i].page.meta.title.is_empty() {
            continue;
        }
        let title = if s == 0 {
            config.title.clone()
        } else {
            let page = &site.pages[i].page;
            let name = page.dir().rsplit('/').next().unwrap_or("");
            crate::text::section_title(
                name,
                config.pluralize_list_titles,
                config.capitalize_list_titles,
            )
        };
        Arc::make_mut(&mut site.pages[i].page).meta.title = title;
    }
}

/// Hugo's rule: every top-level folder is a section; deeper folders only with an `_index.md`.
/// A page belongs to the nearest folder above it that is a section.
fn arrange_sections(site: &mut Site) {
    let mut section_of_dir: HashMap<String, usize> = HashMap::new();
    let add_section =
        |site: &mut Site, dirs: &mut HashMap<String, usize>, page: usize, dir: String| {
            let idx = site.sections.len();
            site.sections.push(Section {
                page,
                parent: None,
                subsections: Vec::new(),
                pages: Vec::new(),
            });
            site.pages[page].section = Some(idx);
            dirs.insert(dir, idx);
        };

    match site
        .pages
        .iter()
        .position(|p| p.page.kind == PageKind::Home)
    {
        Some(home) => site.home = home,
        None => {
            site.pages.push(SitePage {
                page: Arc::new(virtual_page(PageKind::Home, "")),
                path: "/".to_owned(),
                section: None,
                older: None,
                newer: None,
                related: Vec::new(),
                translations: Vec::new(),
            });
            site.home = site.pages.len() - 1;
        }
    }
    add_section(site, &mut section_of_dir, site.home, String::new());

    let declared: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].page.kind == PageKind::Section)
        .collect();
    for i in declared {
        let dir = site.pages[i].page.dir().to_owned();
        add_section(site, &mut section_of_dir, i, dir);
    }
    // Top-level folders holding pages are sections even without an `_index.md`.
    let mut implied: Vec<String> = site
        .pages
        .iter()
        .filter(|p| p.page.kind == PageKind::Page)
        .map(|p| p.page.top_section().to_owned())
        .filter(|s| !s.is_empty() && !section_of_dir.contains_key(s))
        .collect();
    implied.sort();
    implied.dedup();
    for dir in implied {
        let page = Arc::new(virtual_page(PageKind::Section, &dir));
        let path = format!("/{}/", urls::segment(&dir));
        site.pages.push(SitePage {
            page,
            path,
            section: None,
            older: None,
            newer: None,
            related: Vec::new(),
            translations: Vec::new(),
        });
        let idx = site.pages.len() - 1;
        add_section(site, &mut section_of_dir, idx, dir);
    }

    let nearest = |dir: &str| -> usize {
        let mut d = dir;
        loop {
            if let Some(&s) = section_of_dir.get(d) {
                return s;
            }
            if d.is_empty() {
                return 0;
            }
            d = crate::content::page::parent_dir(d);
        }
    };
    for s in 1..site.sections.len() {
        let dir = site.pages[site.sections[s].page].page.dir().to_owned();
        let parent = nearest(crate::content::page::parent_dir(&dir));
        site.sections[s].parent = Some(parent);
        site.sections[parent].subsections.push(s);
    }
    for i in 0..site.pages.len() {
        if site.pages[i].page.kind == PageKind::Page {
            let s = nearest(site.pages[i].page.container_dir());
            site.pages[i].section = Some(s);
            // `build.list: never` keeps a page out of every list, its section's too.
            if site.pages[i].page.meta.build.list != List::Never {
                site.sections[s].pages.push(i);
            }
        }
    }
}

/// Hugo's default order: weight (unweighted last), then newest first, then title, then path.
pub fn default_order(a: &SitePage, b: &SitePage) -> Ordering {
    order_key(&a.page).cmp(&order_key(&b.page))
}

/// What [`default_order`] compares, in that order.
type OrderKey<'a> = (
    i64,
    std::cmp::Reverse<Option<jiff::Timestamp>>,
    &'a str,
    &'a str,
);

fn order_key(page: &Page) -> OrderKey<'_> {
    let meta = &page.meta;
    let weight = if meta.weight == 0 {
        i64::MAX
    } else {
        meta.weight
    };
    (
        weight,
        std::cmp::Reverse(meta.date.as_ref().map(jiff::Zoned::timestamp)),
        &meta.title,
        &page.rel_path,
    )
}

/// Sorts `items` in [`default_order`] of the page each stands for. The keys are taken out
/// first, titles and paths as borrowed strings: comparing through every page's `Arc` missed the
/// cache at each step, and pages sharing a date (a day with no time, or many pages of one day)
/// are common enough that ties are compared often.
fn sort_in_default_order(
    pages: &[SitePage],
    items: &mut [usize],
    page_of: impl Fn(usize) -> usize + Sync,
) {
    let mut keyed: Vec<(OrderKey<'_>, usize)> = items
        .par_iter()
        .map(|&item| (order_key(&pages[page_of(item)].page), item))
        .collect();
    keyed.par_sort_unstable();
    for (slot, (_, item)) in items.iter_mut().zip(keyed) {
        *slot = item;
    }
}

fn sort_and_link(site: &mut Site) {
    let pages = &site.pages;
    let section_page: Vec<usize> = site.sections.iter().map(|s| s.page).collect();
    for section in &mut site.sections {
        sort_in_default_order(pages, &mut section.pages, |i| i);
        sort_in_default_order(pages, &mut section.subsections, |s| section_page[s]);
    }
    let mut links = Vec::new();
    for section in &site.sections {
        for pair in section.pages.windows(2) {
            links.push((pair[0], pair[1]));
        }
    }
    for (newer, older) in links {
        site.pages[newer].older = Some(older);
        site.pages[older].newer = Some(newer);
    }
    // Only pages listed everywhere (`build.list: always`) are the site's: `local` ones show in
    // their section's list alone.
    let mut regular: Vec<usize> = (0..site.pages.len())
        .filter(|&i| {
            let page = &site.pages[i].page;
            page.kind == PageKind::Page && page.meta.build.list == List::Always
        })
        .collect();
    sort_in_default_order(&site.pages, &mut regular, |i| i);
    site.regular_pages = regular;
}

/// `params.mainSections` when given, else Hugo's default: the section with the most pages.
fn main_sections(site: &Site, config: &Config) -> Vec<String> {
    let params = config.params();
    let configured = string_list(
        params
            .get("mainSections")
            .or_else(|| params.get("mainsections")),
    );
    if !configured.is_empty() {
        return configured;
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for &i in &site.regular_pages {
        let s = site.pages[i].page.top_section();
        if !s.is_empty() {
            *counts.entry(s).or_default() += 1;
        }
    }
    let mut best: Vec<(&str, usize)> = counts.into_iter().collect();
    best.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    best.first()
        .map(|(s, _)| vec![(*s).to_owned()])
        .unwrap_or_default()
}

/// A page's file below the content folder, as written (`categories/Go/_index.fr.md`).
pub fn facts_file(page: &Page) -> String {
    let name = page
        .file
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    match page.rel_path.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{name}"),
        None => name.into_owned(),
    }
}

/// Hugo's redirect between the site's root and the default language's: `/en/` → `/`, or with
/// `defaultContentLanguageInSubdir`, `/` → `/en/`; unless `disableDefaultLanguageRedirect`.
fn default_language_redirect(config: &Config) -> Option<Alias> {
    let several = config.multilingual && config.languages.len() > 1;
    let disabled = crate::format::as_bool(crate::format::get_ci(
        &config.raw,
        "disableDefaultLanguageRedirect",
    ))
    .unwrap_or(false);
    if !several || disabled || config.language != 0 {
        return None;
    }
    let code = &config.lang().code;
    let own = format!("/{code}/");
    Some(if config.lang().prefix.is_empty() {
        Alias {
            path: own,
            target: "/".to_owned(),
        }
    } else {
        Alias {
            path: "/".to_owned(),
            target: own,
        }
    })
}

/// Every page's `aliases`, as Hugo places them: one without a leading `/` is relative to the
/// folder the page is in, and one ending in neither `/` nor `.html` is a folder. An alias of a
/// page's own URL is dropped (the page wins, as in Hugo) with a warning.
fn collect_aliases(site: &mut Site, problems: &mut Vec<Diagnostic>) {
    let prefix = site.prefix.clone();
    for sp in site
        .pages
        .iter()
        .filter(|sp| sp.page.meta.build.render == Render::Always)
    {
        for alias in &sp.page.meta.aliases {
            if let Err(bad) = urls::check_path("aliases", alias) {
                problems.push(content::at_key(
                    Diagnostic::error(format!(
                        "alias `{}` would write outside the site's output folder",
                        bad.value
                    ))
                    .with_hint("aliases are paths inside the site, such as /old/path/"),
                    &sp.page.file,
                    "aliases",
                ));
                continue;
            }
            let mut path = urls::alias_path(alias, &sp.path);
            // A rooted alias is inside the page's language, as Hugo places it: `/old/` of a
            // French page is `/fr/old/`.
            if alias.starts_with('/')
                && !prefix.is_empty()
                && !path.starts_with(&format!("{prefix}/"))
            {
                path = format!("{prefix}{path}");
            }
            if path == sp.path {
                problems.push(content::at_key(
                    Diagnostic::warning(format!(
                        "alias `{alias}` is the page's own URL; it is ignored"
                    ))
                    .with_hint("remove it from `aliases`"),
                    &sp.page.file,
                    "aliases",
                ));
                continue;
            }
            site.aliases.push(Alias {
                path,
                target: sp.path.clone(),
            });
        }
    }
}
