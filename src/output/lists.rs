//! List pages: the home page and sections, taxonomies and their terms, each paginated.

use std::sync::Arc;

use minijinja::Value;

use crate::cache::keys::{self, SectionInputs, TermInputs};
use crate::format::get_ci;
use crate::site::{Output, pager_path};

use super::writer::{Lists, Writer};

impl Writer<'_> {
    /// Pager `number` of the home page (section 0) or a section.
    pub(super) fn section(&self, s: usize, number: usize, lists: &Lists<'_>) {
        let section = &self.site.sections[s];
        let sp = &self.site.pages[section.page];
        let entries = if s == 0 {
            &self.site.home_pages
        } else {
            &section.pages
        };
        let path = pager_path(&sp.path, number);
        let names = if s == 0 {
            vec!["index.html".to_owned(), "home.html".to_owned()]
        } else {
            let dir = sp.page.top_section();
            let mut names = vec![format!("{dir}/section.html")];
            if self.site.books.place(section.page).is_some() {
                names.push("book.html".to_owned());
            }
            names.push("section.html".to_owned());
            names
        };
        let subsection_pages: Vec<usize> = section
            .subsections
            .iter()
            .map(|&sub| self.site.sections[sub].page)
            .collect();
        let shown = self.pager_slice(entries, number);
        let key = keys::section_key(&SectionInputs {
            own_page: lists.page_keys[section.page],
            number,
            count: entries.len(),
            subsections: lists.keys(&subsection_pages),
            shown: lists.keys(shown),
        });
        let made_by = Some(Output::Section { s, number });
        self.render_keyed(
            self.templates.pick(&names),
            key,
            &path,
            &sp.path,
            made_by,
            || {
                let page = match lists.texts.get(&section.page) {
                    Some(text) => self.ctx.page_value(section.page, Arc::clone(text)),
                    None => lists.summary(&self.ctx, section.page),
                };
                let subsections: Vec<Value> = subsection_pages
                    .iter()
                    .map(|&p| self.ctx.summary_value(p, None))
                    .collect();
                let paginator = self
                    .ctx
                    .paginator(&sp.path, entries, number, &|i| lists.summary(&self.ctx, i));
                lists.with_site(vec![
                    ("page", page),
                    ("paginator", paginator),
                    ("subsections", Value::from(subsections)),
                ])
            },
        );
        if number == 1 {
            self.first_pager_redirect(&sp.path, lists.site_value);
        }
    }

    /// A taxonomy's page: every term, alphabetically and most used first.
    pub(super) fn taxonomy(&self, t: usize, lists: &Lists<'_>) {
        let tax = &self.site.taxonomies[t];
        let terms: Vec<Value> = tax
            .terms
            .iter()
            .map(|term| {
                Value::from_pairs([
                    ("name", Value::from(term.name.clone())),
                    ("url", Value::from(self.ctx.url(&term.path))),
                    ("count", Value::from(term.pages.len())),
                ])
            })
            .collect();
        // The same terms, most used first (ties by name): for a counted list.
        let mut by_count: Vec<usize> = (0..tax.terms.len()).collect();
        by_count.sort_by_key(|&k| std::cmp::Reverse(tax.terms[k].pages.len()));
        let by_count: Vec<Value> = by_count.iter().map(|&k| terms[k].clone()).collect();
        let title = tax
            .title
            .clone()
            .unwrap_or_else(|| crate::text::capitalize(&tax.plural));
        let page = self.list_page(&tax.path, &title, "taxonomy");
        let ctx = lists.with_site(vec![
            ("page", page),
            ("taxonomy", self.taxonomy_value(t, Some(terms))),
            ("terms_by_count", Value::from(by_count)),
        ]);
        let names = vec![
            format!("{}/taxonomy.html", tax.plural),
            "taxonomy.html".to_owned(),
        ];
        self.render_to(self.templates.pick(&names), ctx, &tax.path, &tax.path);
    }

    /// Pager `number` of term `k` of taxonomy `t`.
    pub(super) fn term(&self, t: usize, k: usize, number: usize, lists: &Lists<'_>) {
        let tax = &self.site.taxonomies[t];
        let term = &tax.terms[k];
        let names = vec![format!("{}/term.html", tax.plural), "term.html".to_owned()];
        let path = pager_path(&term.path, number);
        let card = self.author_card_page(t, k);
        let key = keys::term_key(&TermInputs {
            name: &term.name,
            title: &term.title,
            path: &term.path,
            number,
            count: term.pages.len(),
            shown: lists.keys(self.pager_slice(&term.pages, number)),
            card: card.map(|i| lists.page_keys[i]),
            site_key: lists.site_key,
        });
        let made_by = Some(Output::Term { t, k, number });
        self.render_keyed(
            self.templates.pick(&names),
            key,
            &path,
            &term.path,
            made_by,
            || {
                let page = self.list_page(&term.path, &term.title, "term");
                let term_value = Value::from_pairs([
                    ("name", Value::from(term.name.clone())),
                    ("url", Value::from(self.ctx.url(&term.path))),
                    ("count", Value::from(term.pages.len())),
                    (
                        "author_page",
                        card.map_or(Value::from(()), |i| self.ctx.summary_value(i, None)),
                    ),
                ]);
                let paginator = self.ctx.paginator(&term.path, &term.pages, number, &|i| {
                    lists.summary(&self.ctx, i)
                });
                lists.with_site(vec![
                    ("page", page),
                    ("taxonomy", self.taxonomy_value(t, None)),
                    ("term", term_value),
                    ("paginator", paginator),
                ])
            },
        );
        if number == 1 {
            self.first_pager_redirect(&term.path, lists.site_value);
        }
    }

    /// The entries shown on page `number` of a list.
    fn pager_slice<'e>(&self, entries: &'e [usize], number: usize) -> &'e [usize] {
        let size = self.config.pager_size.max(1);
        let start = ((number - 1) * size).min(entries.len());
        &entries[start..(start + size).min(entries.len())]
    }

    fn taxonomy_value(&self, t: usize, terms: Option<Vec<Value>>) -> Value {
        let tax = &self.site.taxonomies[t];
        Value::from_pairs([
            ("name", Value::from(tax.plural.clone())),
            ("title", Value::from(tax.title.clone())),
            ("singular", Value::from(tax.singular.clone())),
            ("url", Value::from(self.ctx.url(&tax.path))),
            ("terms", Value::from(terms.unwrap_or_default())),
        ])
    }

    /// For a term of the `authors` taxonomy: the newest of its pages that gives the author's
    /// `profile` or `avatar`, whose card the term's page shows.
    fn author_card_page(&self, t: usize, k: usize) -> Option<usize> {
        let tax = &self.site.taxonomies[t];
        if tax.plural != "authors" {
            return None;
        }
        tax.terms[k].pages.iter().copied().find(|&i| {
            let params = &self.site.pages[i].page.params;
            get_ci(params, "profile").is_some() || get_ci(params, "avatar").is_some()
        })
    }
}
