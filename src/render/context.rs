//! What templates receive: the site, pages, lists and feeds as template values.

use minijinja::Value;
use serde_json::Value as Json;

use crate::config::Config;
use crate::content::PageKind;
use crate::content::dates::rfc3339;
use crate::format::{get_ci, scalar_string, string_list};
use crate::markdown::Rendered;
use crate::site::{Site, SitePage, pager_path};
use crate::text::urlize;

use super::filters::{markdownify, plainify};

/// What lists need of a rendered page, kept after its full text is dropped (and across builds,
/// in the build cache).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Digest {
    pub summary: String,
    pub truncated: bool,
    pub reading_time: usize,
    pub word_count: usize,
    pub is_cjk: bool,
}

impl From<&Rendered> for Digest {
    fn from(r: &Rendered) -> Self {
        Digest {
            summary: r.summary.clone(),
            truncated: r.truncated,
            reading_time: r.reading_time,
            word_count: r.word_count,
            is_cjk: r.is_cjk,
        }
    }
}

pub struct Context<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
}

fn ser<T: serde::Serialize>(value: &T) -> Value {
    Value::from(minijinja::value::Serde(value))
}

fn pairs(items: Vec<(&'static str, Value)>) -> Value {
    Value::from_pairs(items)
}

fn opt_str(s: Option<&str>) -> Value {
    s.map_or(Value::from(()), Value::from)
}

impl Context<'_> {
    pub fn url(&self, path: &str) -> String {
        self.config.relative_url(path)
    }

    pub fn permalink(&self, path: &str) -> String {
        self.config.absolute_url(path)
    }

    /// The site-wide values, built once per build.
    pub fn site_value(&self) -> Value {
        let site = self.site;
        let sections: Vec<Value> = site.sections[0]
            .subsections
            .iter()
            .map(|&s| self.link(site.sections[s].page))
            .collect();
        let taxonomies: Vec<Value> = site
            .taxonomies
            .iter()
            .map(|t| {
                pairs(vec![
                    ("name", Value::from(t.plural.clone())),
                    ("singular", Value::from(t.singular.clone())),
                    ("url", Value::from(self.url(&t.path))),
                    ("count", Value::from(t.terms.len())),
                ])
            })
            .collect();
        let raw = &self.config.raw;
        pairs(vec![
            ("title", Value::from(self.config.title.clone())),
            ("base_url", Value::from(self.config.base_url.clone())),
            ("home_url", Value::from(self.url("/"))),
            (
                "language_code",
                Value::from(self.config.language_code.clone()),
            ),
            ("params", ser(&self.config.params())),
            ("author", get_ci(raw, "author").map_or(Value::from(()), ser)),
            (
                "copyright",
                opt_str(get_ci(raw, "copyright").and_then(Json::as_str)),
            ),
            ("config", ser(raw)),
            ("sections", Value::from(sections)),
            ("taxonomies", Value::from(taxonomies)),
            ("main_sections", ser(&site.main_sections)),
            ("menus", ser(&self.menus_with_urls())),
            ("rss_url", Value::from(self.url("/index.xml"))),
            ("year", Value::from(jiff::Zoned::now().year())),
            (
                "generator",
                Value::from(concat!("inkstone ", env!("CARGO_PKG_VERSION"))),
            ),
            ("css_url", Value::from(self.url("/assets/inkstone.css"))),
            (
                "syntax_css_url",
                Value::from(self.url("/assets/syntax.css")),
            ),
            ("js_url", Value::from(self.url("/assets/inkstone.js"))),
        ])
    }

    /// Menus with site paths turned into URLs under the base URL.
    fn menus_with_urls(&self) -> crate::site::menus::Menus {
        fn fix(entries: &mut [crate::site::menus::MenuEntry], ctx: &Context<'_>) {
            for e in entries {
                if e.url.starts_with('/') {
                    e.url = ctx.url(&e.url);
                }
                fix(&mut e.children, ctx);
            }
        }
        let mut menus = self.site.menus.clone();
        for entries in menus.values_mut() {
            fix(entries, self);
        }
        menus
    }

    fn link(&self, i: usize) -> Value {
        let sp = &self.site.pages[i];
        pairs(vec![
            ("title", Value::from(sp.page.meta.title.clone())),
            ("url", Value::from(self.url(&sp.path))),
        ])
    }

    /// A URL for an image or file named in front matter: bundle resources resolve beside the
    /// page, other relative paths against the site root, as Hugo themes do with `absURL`.
    pub fn asset_url(&self, sp: &SitePage, value: &str) -> String {
        let value = value.trim();
        if value.contains("://") || value.starts_with("//") || value.starts_with("data:") {
            return value.to_owned();
        }
        if let Some(rooted) = value.strip_prefix('/') {
            return self.url(&format!("/{rooted}"));
        }
        let in_bundle = sp
            .page
            .bundle
            .as_ref()
            .is_some_and(|b| b.resources.iter().any(|r| r == value));
        if in_bundle {
            self.url(&format!("{}{}", sp.path, value))
        } else {
            self.url(&format!("/{value}"))
        }
    }

    fn terms(&self, sp: &SitePage) -> Vec<(String, Value)> {
        self.site
            .taxonomies
            .iter()
            .map(|tax| {
                let names = sp
                    .page
                    .meta
                    .terms
                    .iter()
                    .find(|(t, _)| *t == tax.plural)
                    .map(|(_, names)| names.as_slice())
                    .unwrap_or_default();
                let links: Vec<Value> = names
                    .iter()
                    .map(|name| {
                        let url = self.url(&format!("{}{}/", tax.path, urlize(name)));
                        pairs(vec![
                            ("name", Value::from(name.clone())),
                            ("url", Value::from(url)),
                        ])
                    })
                    .collect();
                (tax.plural.clone(), Value::from(links))
            })
            .collect()
    }

    /// A page as lists show it: everything but its full text.
    pub fn summary_value(&self, i: usize, digest: Option<&Digest>) -> Value {
        self.page_value(i, digest, None)
    }

    /// A page for its own template; `rendered` carries its content and table of contents.
    pub fn page_value(
        &self,
        i: usize,
        digest: Option<&Digest>,
        rendered: Option<&Rendered>,
    ) -> Value {
        let sp = &self.site.pages[i];
        let meta = &sp.page.meta;
        let params = &sp.page.params;
        let param_str = |key: &str| {
            get_ci(params, key)
                .and_then(scalar_string)
                .filter(|s| !s.trim().is_empty())
        };
        let date = |d: &Option<jiff::Zoned>| {
            d.as_ref()
                .map_or(Value::from(()), |d| Value::from(rfc3339(d)))
        };
        let images: Vec<String> = meta
            .images
            .iter()
            .map(|img| self.asset_url(sp, img))
            .collect();
        let bg_image = param_str("bg_image").map(|v| self.asset_url(sp, &v));
        let bigimg: Vec<Value> = bigimg(params)
            .into_iter()
            .map(|(src, desc)| {
                pairs(vec![
                    ("src", Value::from(self.asset_url(sp, &src))),
                    ("desc", opt_str(desc.as_deref())),
                ])
            })
            .collect();
        let authors: Vec<Value> = meta
            .authors
            .iter()
            .map(|a| {
                let html = markdownify(a.clone());
                let name = plainify(html.as_str().unwrap_or_default().to_owned());
                pairs(vec![("name", Value::from(name)), ("html", html)])
            })
            .collect();
        let kind = match sp.page.kind {
            PageKind::Home => "home",
            PageKind::Section => "section",
            PageKind::Page => "page",
        };
        let mut items = vec![
            ("kind", Value::from(kind)),
            ("title", Value::from(meta.title.clone())),
            (
                "link_title",
                Value::from(
                    meta.link_title
                        .clone()
                        .unwrap_or_else(|| meta.title.clone()),
                ),
            ),
            ("subtitle", opt_str(meta.subtitle.as_deref())),
            ("description", opt_str(meta.description.as_deref())),
            ("url", Value::from(self.url(&sp.path))),
            ("permalink", Value::from(self.permalink(&sp.path))),
            ("date", date(&meta.date)),
            ("lastmod", date(&meta.lastmod)),
            ("publish_date", date(&meta.publish_date)),
            ("draft", Value::from(meta.draft)),
            ("weight", Value::from(meta.weight)),
            (
                "type",
                Value::from(
                    meta.page_type
                        .clone()
                        .unwrap_or_else(|| sp.page.top_section().to_owned()),
                ),
            ),
            ("layout", opt_str(meta.layout.as_deref())),
            (
                "section",
                sp.section
                    .map_or(Value::from(()), |s| self.link(self.site.sections[s].page)),
            ),
            ("images", ser(&images)),
            ("image", opt_str(images.first().map(String::as_str))),
            ("bg_image", opt_str(bg_image.as_deref())),
            ("bigimg", Value::from(bigimg)),
            ("authors", Value::from(authors)),
            ("profile", opt_str(param_str("profile").as_deref())),
            (
                "avatar",
                opt_str(
                    param_str("avatar")
                        .map(|a| self.asset_url(sp, &a))
                        .as_deref(),
                ),
            ),
            ("keywords", ser(&meta.keywords)),
            ("show_toc", Value::from(meta.show_toc)),
            ("taxonomies", Value::from_pairs(self.terms(sp))),
            ("params", ser(params)),
            ("file", Value::from(sp.page.rel_path.clone())),
        ];
        if let Some(d) = digest {
            let summary = meta.summary.as_ref().map_or_else(
                || d.summary.clone(),
                |s| {
                    markdownify(s.clone())
                        .as_str()
                        .unwrap_or_default()
                        .to_owned()
                },
            );
            items.extend([
                ("summary", Value::from_safe_string(summary)),
                (
                    "truncated",
                    Value::from(d.truncated || meta.summary.is_some()),
                ),
                ("reading_time", Value::from(d.reading_time)),
                ("word_count", Value::from(d.word_count)),
                ("is_cjk", Value::from(d.is_cjk)),
            ]);
        }
        if let Some(r) = rendered {
            let neighbour = |n: Option<usize>| n.map_or(Value::from(()), |n| self.link(n));
            items.extend([
                ("content", Value::from_safe_string(r.html.clone())),
                ("toc", ser(&r.toc)),
                ("older", neighbour(sp.older)),
                ("newer", neighbour(sp.newer)),
            ]);
        }
        pairs(items)
    }

    /// One page of a paginated list of `entries`, `number` counting from 1; `summary` gives a
    /// page's value as lists show it.
    pub fn paginator(
        &self,
        base: &str,
        entries: &[usize],
        number: usize,
        summary: &dyn Fn(usize) -> Value,
    ) -> Value {
        let size = self.config.pager_size;
        let total = Site::pager_count(entries.len(), size);
        let start = (number - 1) * size;
        let items: Vec<Value> = entries
            .iter()
            .skip(start)
            .take(size)
            .map(|&i| summary(i))
            .collect();
        let url = |n: usize| Value::from(self.url(&pager_path(base, n)));
        pairs(vec![
            ("pages", Value::from(items)),
            ("number", Value::from(number)),
            ("total_pages", Value::from(total)),
            ("total_items", Value::from(entries.len())),
            ("first", url(1)),
            ("last", url(total)),
            (
                "prev",
                if number > 1 {
                    url(number - 1)
                } else {
                    Value::from(())
                },
            ),
            (
                "next",
                if number < total {
                    url(number + 1)
                } else {
                    Value::from(())
                },
            ),
        ])
    }
}

/// `bigimg: [{src: …, desc: …}]` as the seeds and Hugo's Beautiful Hugo theme write it; a plain
/// string or list of strings works too.
fn bigimg(params: &serde_json::Map<String, Json>) -> Vec<(String, Option<String>)> {
    match get_ci(params, "bigimg") {
        Some(Json::Array(items)) => items
            .iter()
            .filter_map(|item| match item {
                Json::Object(m) => Some((
                    get_ci(m, "src").and_then(scalar_string)?,
                    get_ci(m, "desc").and_then(scalar_string),
                )),
                other => scalar_string(other).map(|s| (s, None)),
            })
            .collect(),
        other => string_list(other).into_iter().map(|s| (s, None)).collect(),
    }
}
