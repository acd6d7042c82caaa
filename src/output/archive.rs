//! The archive page: every dated page by year and month, newest first; a book's pages are
//! chapters rather than posts, and stay out of it.

use minijinja::Value;

use crate::cache::keys;

use super::writer::{Lists, Writer};

/// A month of the archive: its number and its pages.
type ArchiveMonth = (i8, Vec<Value>);

impl Writer<'_> {
    /// Years, newest first, each with its months and their pages.
    pub(super) fn archive(&self, lists: &Lists<'_>) {
        let mut pages: Vec<usize> = self
            .site
            .regular_pages
            .iter()
            .copied()
            .filter(|&i| {
                self.site.pages[i].page.meta.date.is_some() && self.site.books.place(i).is_none()
            })
            .collect();
        pages.sort_by_key(|&i| {
            let date = self.site.pages[i].page.meta.date.as_ref();
            std::cmp::Reverse(date.map(|d| d.timestamp()))
        });
        let key = keys::archive_key(self.site, &pages, lists.site_key);
        let Some(path) = self.site.archive_path() else {
            return;
        };
        let path = path.as_str();
        self.render_keyed("archives.html", key, path, path, None, || {
            let mut years: Vec<(i16, Vec<ArchiveMonth>)> = Vec::new();
            for &i in &pages {
                let Some(date) = self.site.pages[i].page.meta.date.as_ref() else {
                    continue;
                };
                let (year, month) = (date.year(), date.month());
                if years.last().is_none_or(|(y, _)| *y != year) {
                    years.push((year, Vec::new()));
                }
                if let Some((_, months)) = years.last_mut() {
                    if months.last().is_none_or(|(m, _)| *m != month) {
                        months.push((month, Vec::new()));
                    }
                    if let Some((_, entries)) = months.last_mut() {
                        entries.push(self.ctx.summary_value(i, None));
                    }
                }
            }
            let years: Vec<Value> = years
                .into_iter()
                .map(|(year, months)| {
                    let months: Vec<Value> = months
                        .into_iter()
                        .map(|(month, entries)| {
                            Value::from_pairs([
                                ("month", Value::from(month)),
                                ("pages", Value::from(entries)),
                            ])
                        })
                        .collect();
                    Value::from_pairs([
                        ("year", Value::from(year)),
                        ("months", Value::from(months)),
                    ])
                })
                .collect();
            let page = self.list_page(path, "Archives", "archive");
            Value::from_pairs([
                ("site", lists.site_value.clone()),
                ("page", page),
                ("years", Value::from(years)),
                ("count", Value::from(pages.len())),
            ])
        });
    }
}
