//! Every file a site writes is claimed once. Two pages, lists or terms claiming one file are an
//! error naming both. What Hugo builds anyway is a warning, resolved as Hugo resolves it: a
//! generated file (a feed, the sitemap, the 404 page, `robots.txt`) wins over a page whose URL
//! names it, and an alias meeting another claimant is dropped.

use std::collections::HashMap;

use super::{Site, has_feed, pager_path, urls};
use crate::config::Config;
use crate::content::page::Render;
use crate::diagnostics::Diagnostic;

/// Who writes a file, described only when two claim the same one.
#[derive(Clone)]
enum Claimant {
    /// A file the site makes of its own accord.
    Generated(String),
    /// A name the output folder keeps for inkstone's bookkeeping.
    Reserved,
    Page(usize),
    Pager {
        page: usize,
        number: usize,
    },
    Taxonomy(usize),
    Term {
        taxonomy: usize,
        term: usize,
    },
    Alias(usize),
}

impl Claimant {
    fn describe(&self, site: &Site) -> String {
        let page = |i: usize| {
            let sp = &site.pages[i];
            if sp.page.file.as_os_str().is_empty() {
                format!("the section {}", sp.path)
            } else {
                sp.page.file.display().to_string()
            }
        };
        match self {
            Claimant::Generated(what) => what.clone(),
            Claimant::Reserved => "inkstone's record of the files it wrote".to_owned(),
            Claimant::Page(i) => page(*i),
            Claimant::Pager { page: i, number } => format!("page {number} of {}", page(*i)),
            Claimant::Taxonomy(t) => format!("the {} taxonomy", site.taxonomies[*t].plural),
            Claimant::Term { taxonomy, term } => {
                let tax = &site.taxonomies[*taxonomy];
                format!("the {} term {:?}", tax.singular, tax.terms[*term].name)
            }
            Claimant::Alias(a) => {
                let alias = &site.aliases[*a];
                format!("the alias {} of {}", alias.path, alias.target)
            }
        }
    }

    fn is_made_by_inkstone(&self) -> bool {
        matches!(self, Claimant::Generated(_) | Claimant::Reserved)
    }
}

#[derive(Default)]
struct Claims {
    by_file: HashMap<String, Claimant>,
    problems: Vec<Diagnostic>,
    dropped_aliases: Vec<usize>,
    dropped_pages: Vec<usize>,
}

impl Claims {
    fn claim(&mut self, site: &Site, path: &str, who: Claimant) {
        let file = urls::output_file(path);
        let reserved = file.starts_with(".inkstone");
        let first = match self.by_file.get(&file) {
            Some(first) => first.clone(),
            None if reserved => Claimant::Reserved,
            None => {
                self.by_file.insert(file, who);
                return;
            }
        };
        let (first_is, who_is) = (first.describe(site), who.describe(site));
        match who {
            Claimant::Alias(a) => {
                self.problems.push(
                    Diagnostic::warning(format!("{who_is} is dropped: {first_is} writes {file}"))
                        .with_hint("remove the alias, or give it another path"),
                );
                self.dropped_aliases.push(a);
            }
            Claimant::Page(i) if first.is_made_by_inkstone() => {
                self.problems.push(
                    Diagnostic::warning(format!(
                        "this page is not written: its URL names {file}, where {first_is} goes, as in Hugo"
                    ))
                    .in_file(&site.pages[i].page.file)
                    .with_hint("give the page another `url` or `slug`"),
                );
                self.dropped_pages.push(i);
            }
            _ => self.problems.push(
                Diagnostic::error(format!("{first_is} and {who_is} both write {file}"))
                    .with_hint("give one of them another `slug` or `url`"),
            ),
        }
    }
}

/// Checks every file the site will write has one claimant; drops the aliases and pages that
/// yield to another, as Hugo does.
pub(super) fn check(site: &mut Site, config: &Config) -> Vec<Diagnostic> {
    let mut claims = Claims::default();
    for (path, what) in generated(site, config) {
        claims.claim(site, &path, Claimant::Generated(what));
    }
    for (i, sp) in site.pages.iter().enumerate() {
        // A page without a file of its own (`build.render: never`) claims no path.
        if sp.page.meta.build.render != Render::Always {
            continue;
        }
        claims.claim(site, &sp.path, Claimant::Page(i));
    }
    for (s, section) in site.sections.iter().enumerate() {
        let count = if s == 0 {
            site.home_pages.len()
        } else {
            section.pages.len()
        };
        let page = section.page;
        for number in 2..=Site::pager_count(count, config.pager_size) {
            let path = pager_path(&site.pages[page].path, number);
            claims.claim(site, &path, Claimant::Pager { page, number });
        }
    }
    for (t, tax) in site.taxonomies.iter().enumerate() {
        claims.claim(site, &tax.path, Claimant::Taxonomy(t));
        for (term, entry) in tax.terms.iter().enumerate() {
            claims.claim(site, &entry.path, Claimant::Term { taxonomy: t, term });
        }
    }
    for (a, alias) in site.aliases.iter().enumerate() {
        claims.claim(site, &alias.path, Claimant::Alias(a));
    }
    for &i in &claims.dropped_pages {
        std::sync::Arc::make_mut(&mut site.pages[i].page)
            .meta
            .build
            .render = Render::Never;
    }
    let mut a = 0;
    site.aliases.retain(|_| {
        a += 1;
        !claims.dropped_aliases.contains(&(a - 1))
    });
    claims.problems
}

/// The files the site makes of its own accord, with what they are: feeds, sitemap, 404 page,
/// `robots.txt`.
fn generated(site: &Site, config: &Config) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for (s, section) in site.sections.iter().enumerate() {
        let sp = &site.pages[section.page];
        let kind = if s == 0 { "home" } else { "section" };
        let written = sp.page.meta.build.render == Render::Always && config.kind_enabled(kind);
        if written && has_feed(site, config, s) {
            let what = match s {
                0 => "the site's feed".to_owned(),
                _ => format!("the feed of the section {}", sp.path),
            };
            files.push((urls::feed_path(&sp.path), what));
        }
    }
    for tax in &site.taxonomies {
        if config.kind_enabled("taxonomy") && config.feed_enabled("taxonomy") {
            files.push((
                urls::feed_path(&tax.path),
                format!("the feed of the {} taxonomy", tax.plural),
            ));
        }
        if config.kind_enabled("term") && config.feed_enabled("term") {
            for term in &tax.terms {
                let what = format!("the feed of the {} term {:?}", tax.singular, term.name);
                files.push((urls::feed_path(&term.path), what));
            }
        }
    }
    if config.kind_enabled("sitemap") {
        files.push((config.sitemap_path(), "the sitemap".to_owned()));
    }
    if config.kind_enabled("404") {
        files.push((config.lang_path("/404.html"), "the 404 page".to_owned()));
    }
    if config.language == 0 {
        files.push(("/robots.txt".to_owned(), "robots.txt".to_owned()));
        if config.sitemap_path() != "/sitemap.xml" {
            files.push(("/sitemap.xml".to_owned(), "the sitemap index".to_owned()));
        }
    }
    files
}
