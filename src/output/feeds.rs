//! RSS feeds: of the home page, of each section (its subsections' pages included), of each
//! taxonomy (its terms) and of each term.

use minijinja::Value;

use crate::cache::keys;
use crate::site::{self, urls};

use super::writer::{Lists, Writer};

impl Writer<'_> {
    pub(super) fn section_feed(&self, s: usize, lists: &Lists<'_>) {
        let section = &self.site.sections[s];
        let sp = &self.site.pages[section.page];
        let entries = if s == 0 {
            self.site.home_pages.clone()
        } else {
            self.section_tree_pages(s)
        };
        let title = if s == 0 {
            self.config.title.clone()
        } else {
            format!("{} on {}", sp.page.meta.title, self.config.title)
        };
        self.feed(&sp.path, &title, &entries, lists);
    }

    pub(super) fn term_feed(&self, t: usize, k: usize, lists: &Lists<'_>) {
        let term = &self.site.taxonomies[t].terms[k];
        let title = format!("{} on {}", term.name, self.config.title);
        self.feed(&term.path, &title, &term.pages, lists);
    }

    /// A taxonomy's feed, as Hugo writes `/tags/index.xml`: an item per term, dated by the term's
    /// newest page, newest first.
    pub(super) fn taxonomy_feed(&self, t: usize, lists: &Lists<'_>) {
        let tax = &self.site.taxonomies[t];
        let title = format!(
            "{} on {}",
            tax.title_or_default(self.config),
            self.config.title
        );
        let mut terms: Vec<(&site::Term, Option<&jiff::Zoned>)> = tax
            .terms
            .iter()
            .map(|term| {
                let newest = term
                    .pages
                    .iter()
                    .filter_map(|&i| self.site.pages[i].page.meta.date.as_ref())
                    .max();
                (term, newest)
            })
            .collect();
        terms.sort_by(|a, b| b.1.cmp(&a.1));
        let limit = self.config.rss_limit.unwrap_or(usize::MAX);
        terms.truncate(limit);
        let shown: Vec<(&str, &str, Option<i128>)> = terms
            .iter()
            .map(|(term, date)| {
                let nanos = date.map(|d| d.timestamp().as_nanosecond());
                (term.path.as_str(), term.title.as_str(), nanos)
            })
            .collect();
        let feed_path = urls::feed_path(&tax.path);
        let key = keys::taxonomy_feed_key(&title, &shown, lists.site_key);
        self.render_keyed("rss.xml", key, &feed_path, &feed_path, None, || {
            let rfc2822 =
                |d: Option<&jiff::Zoned>| d.and_then(|d| jiff::fmt::rfc2822::to_string(d).ok());
            let items: Vec<Value> = terms
                .iter()
                .map(|(term, date)| {
                    Value::from_pairs([
                        ("title", Value::from(term.title.clone())),
                        (
                            "link",
                            Value::from(urls::encode(&self.ctx.permalink(&term.path))),
                        ),
                        ("pub_date", Value::from(rfc2822(*date))),
                        ("summary", Value::from("")),
                    ])
                })
                .collect();
            let updated = rfc2822(terms.iter().filter_map(|(_, d)| *d).max());
            self.channel([&title, &tax.path, &feed_path], updated, items, lists)
        });
    }

    /// Regular pages of a section and all its subsections, newest first.
    fn section_tree_pages(&self, s: usize) -> Vec<usize> {
        let mut pages = Vec::new();
        let mut stack = vec![s];
        while let Some(current) = stack.pop() {
            let section = &self.site.sections[current];
            pages.extend(section.pages.iter().copied());
            stack.extend(section.subsections.iter().copied());
        }
        pages.sort_by(|&a, &b| site::default_order(&self.site.pages[a], &self.site.pages[b]));
        pages
    }

    fn feed(&self, base: &str, title: &str, entries: &[usize], lists: &Lists<'_>) {
        let limit = self.config.rss_limit.unwrap_or(usize::MAX);
        let shown = &entries[..entries.len().min(limit)];
        let feed_path = urls::feed_path(base);
        let key = keys::feed_key(title, base, lists.keys(entries), lists.site_key);
        self.render_keyed("rss.xml", key, &feed_path, &feed_path, None, || {
            self.feed_value(base, title, &feed_path, entries, shown, lists)
        });
    }

    fn feed_value(
        &self,
        base: &str,
        title: &str,
        feed_path: &str,
        entries: &[usize],
        shown: &[usize],
        lists: &Lists<'_>,
    ) -> Value {
        let items: Vec<Value> = shown
            .iter()
            .map(|&i| {
                let sp = &self.site.pages[i];
                let pub_date = sp
                    .page
                    .meta
                    .date
                    .as_ref()
                    .and_then(|d| jiff::fmt::rfc2822::to_string(d).ok());
                let summary = lists
                    .digests
                    .get(i)
                    .map(|d| d.summary.to_string())
                    .unwrap_or_default();
                Value::from_pairs([
                    ("title", Value::from(sp.page.meta.title.clone())),
                    (
                        "link",
                        Value::from(urls::encode(&self.ctx.permalink(&sp.path))),
                    ),
                    ("pub_date", Value::from(pub_date)),
                    ("summary", Value::from(summary)),
                ])
            })
            .collect();
        let updated = entries
            .iter()
            .filter_map(|&i| self.site.pages[i].page.meta.date.as_ref())
            .max()
            .and_then(|d| jiff::fmt::rfc2822::to_string(d).ok());
        self.channel([title, base, feed_path], updated, items, lists)
    }

    /// What `rss.xml` is given: the channel (`[title, list path, feed path]`) and its items.
    fn channel(
        &self,
        [title, base, feed_path]: [&str; 3],
        updated: Option<String>,
        items: Vec<Value>,
        lists: &Lists<'_>,
    ) -> Value {
        let feed = Value::from_pairs([
            ("title", Value::from(title)),
            ("link", Value::from(urls::encode(&self.ctx.permalink(base)))),
            (
                "url",
                Value::from(urls::encode(&self.ctx.permalink(feed_path))),
            ),
            (
                "description",
                Value::from(format!("Recent content on {title}")),
            ),
            ("updated", Value::from(updated)),
            ("items", Value::from(items)),
        ]);
        Value::from_pairs([("site", lists.site_value.clone()), ("feed", feed)])
    }
}
