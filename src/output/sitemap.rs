//! Sitemaps: each language's `sitemap.xml`, and with several languages the index of them at
//! the root.

use minijinja::Value;

use crate::cache::keys;
use crate::config::Config;
use crate::content::PageKind;
use crate::diagnostics::Diagnostic;
use crate::render::Templates;
use crate::site::urls;

use super::Sink;
use super::writer::{Lists, Writer};

impl Writer<'_> {
    pub(super) fn sitemap(&self, lists: &Lists<'_>) {
        if !self.config.kind_enabled("sitemap") {
            return;
        }
        let key = keys::sitemap_key(self.site, lists.site_key);
        self.render_keyed(
            "sitemap.xml",
            key,
            &self.config.sitemap_path(),
            "sitemap.xml",
            None,
            || self.sitemap_value(lists),
        );
    }

    fn sitemap_value(&self, lists: &Lists<'_>) -> Value {
        let entry = |path: &str, lastmod: Option<&jiff::Zoned>| {
            Value::from_pairs([
                ("loc", Value::from(urls::encode(&self.ctx.permalink(path)))),
                (
                    "lastmod",
                    Value::from(lastmod.map(crate::content::dates::rfc3339)),
                ),
            ])
        };
        let mut entries: Vec<Value> = Vec::new();
        let enabled = |kind: PageKind| match kind {
            PageKind::Home => self.config.kind_enabled("home"),
            PageKind::Section => self.config.kind_enabled("section"),
            PageKind::Page => self.config.kind_enabled("page"),
        };
        let written = |sp: &&crate::site::SitePage| {
            sp.page.meta.build.render == crate::content::page::Render::Always
                && sp.page.meta.build.list != crate::content::page::List::Never
        };
        for sp in self
            .site
            .pages
            .iter()
            .filter(|sp| enabled(sp.page.kind))
            .filter(written)
        {
            let mut value = entry(&sp.path, sp.page.meta.lastmod.as_ref());
            if !sp.translations.is_empty() {
                // Search engines learn each language's version from the sitemap too.
                let own = (self.config.language, sp.path.clone());
                let alternates: Vec<Value> = std::iter::once(&own)
                    .chain(&sp.translations)
                    .filter_map(|(l, path)| {
                        let tag = &self.config.languages.get(*l)?.tag;
                        Some(Value::from_pairs([
                            ("lang", Value::from(tag.clone())),
                            ("loc", Value::from(urls::encode(&self.ctx.permalink(path)))),
                        ]))
                    })
                    .collect();
                value = Value::from_pairs([
                    ("loc", value.get_attr("loc").unwrap_or_default()),
                    ("lastmod", value.get_attr("lastmod").unwrap_or_default()),
                    ("alternates", Value::from(alternates)),
                ]);
            }
            entries.push(value);
        }
        for tax in &self.site.taxonomies {
            if self.config.kind_enabled("taxonomy") {
                entries.push(entry(&tax.path, None));
            }
            if self.config.kind_enabled("term") {
                entries.extend(tax.terms.iter().map(|t| entry(&t.path, None)));
            }
        }
        Value::from_pairs([
            ("site", lists.site_value.clone()),
            ("entries", Value::from(entries)),
        ])
    }
}

/// With several languages, `/sitemap.xml` lists each language's own sitemap.
pub fn write_sitemap_index(
    languages: &[&Config],
    templates: &Templates,
    output: &dyn Sink,
) -> Result<(), Diagnostic> {
    let Some(first) = languages.first() else {
        return Ok(());
    };
    if languages.len() < 2 || !first.kind_enabled("sitemap") {
        return Ok(());
    }
    let sitemaps: Vec<String> = languages
        .iter()
        .map(|l| urls::encode(&l.absolute_url(&l.sitemap_path())))
        .collect();
    let ctx = Value::from_pairs([("sitemaps", Value::from(sitemaps))]);
    let xml = templates.render("sitemapindex.xml", ctx)?;
    output
        .write("sitemap.xml", xml.as_bytes())
        .map_err(|e| Diagnostic::error(format!("cannot write sitemap.xml: {e}")))
}
