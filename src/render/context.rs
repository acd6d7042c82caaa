//! What templates receive: the site, pages, lists and feeds as template values.

#![allow(
    clippy::indexing_slicing,
    reason = "pages, sections, taxonomies and terms refer to each other by indices into the site's own vectors, made by the site stage from those vectors and never shrunk: an index out of range is a bug of inkstone, never something a site can cause"
)]

use std::sync::Arc;

use minijinja::Value;
use minijinja::value::{Enumerator, Object};
use serde_json::Value as Json;

use crate::config::Config;
use crate::content::PageKind;
use crate::content::dates::rfc3339;
use crate::format::{get_ci, scalar_string, string_list};
use crate::markdown::{Digest, Rendered};
use crate::site::urls::{self, term_slug};
use crate::site::{Site, SitePage, pager_path};

use super::filters::{markdownify, plainify};

/// The site and config, shared by every template value that refers to them.
#[derive(Clone)]
pub struct Context {
    pub site: Arc<Site>,
    pub config: Arc<Config>,
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

impl Context {
    pub fn url(&self, path: &str) -> String {
        self.config.relative_url(path)
    }

    pub fn permalink(&self, path: &str) -> String {
        self.config.absolute_url(path)
    }

    /// The site-wide values, built once per build.
    pub fn site_value(&self) -> Value {
        let site = &self.site;
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
            (
                "home_url",
                Value::from(self.url(&self.config.lang_path("/"))),
            ),
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
            (
                "rss_url",
                Value::from(self.url(&self.config.lang_path("/index.xml"))),
            ),
            ("language_tag", Value::from(self.config.lang().tag.clone())),
            (
                "language_name",
                Value::from(self.config.lang().name.clone()),
            ),
            ("languages", self.languages_value()),
            ("language", Value::from(self.config.content_language())),
            ("i18n", ser(&self.config.i18n)),
            (
                "theme",
                ser(&super::settings::Settings::from_config(&self.config)
                    .with_urls(|p| self.url(p))),
            ),
            (
                "archive_url",
                Value::from(site.archive_path().map(|p| self.url(&p))),
            ),
            (
                "favicon_url",
                Value::from(site.favicon.as_deref().map(|p| self.url(p))),
            ),
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
            (
                "search_url",
                Value::from(
                    site.search_path()
                        .filter(|_| self.config.search().enabled)
                        .map(|p| self.url(&p)),
                ),
            ),
            ("search_js_url", Value::from(self.url("/assets/search.js"))),
        ])
    }

    /// Menus with site paths turned into URLs under the base URL.
    fn menus_with_urls(&self) -> crate::site::menus::Menus {
        fn fix(entries: &mut [crate::site::menus::MenuEntry], ctx: &Context) {
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

    /// Every language of the site with its home page, for the language switcher.
    fn languages_value(&self) -> Value {
        let languages: Vec<Value> = self
            .config
            .languages
            .iter()
            .enumerate()
            .map(|(l, language)| {
                pairs(vec![
                    ("code", Value::from(language.code.clone())),
                    ("name", Value::from(language.name.clone())),
                    ("tag", Value::from(language.tag.clone())),
                    (
                        "url",
                        Value::from(self.url(&format!("{}/", language.prefix))),
                    ),
                    ("current", Value::from(l == self.config.language)),
                ])
            })
            .collect();
        Value::from(languages)
    }

    /// Another page as a page lists it: its title and URL, and one more value.
    fn entry(&self, i: usize, extra: (&'static str, Value)) -> Value {
        let sp = &self.site.pages[i];
        pairs(vec![
            ("title", Value::from(sp.page.meta.title.clone())),
            ("url", Value::from(self.url(&sp.path))),
            extra,
        ])
    }

    fn link(&self, i: usize) -> Value {
        let sp = &self.site.pages[i];
        pairs(vec![
            ("title", Value::from(sp.page.meta.title.clone())),
            ("url", Value::from(self.page_url(sp))),
        ])
    }

    /// A page's URL, or `""` for one that is never rendered (`build.render: never`), as Hugo's
    /// `.RelPermalink` is: there is nothing to link to.
    pub fn page_url(&self, sp: &SitePage) -> String {
        match sp.page.meta.build.render {
            crate::content::page::Render::Never => String::new(),
            _ => self.url(&sp.path),
        }
    }

    /// A URL for an image or file named in front matter: bundle resources resolve beside the
    /// page, other relative paths against the site root, as Hugo themes do with `absURL`.
    pub fn asset_url(&self, sp: &SitePage, value: &str) -> String {
        match asset_path(sp, value, self.config.language) {
            Some(path) => self.url(&path),
            None => value.trim().to_owned(),
        }
    }

    /// The same, absolute, for what other sites read (social cards, structured data).
    pub fn asset_permalink(&self, sp: &SitePage, value: &str) -> String {
        match asset_path(sp, value, self.config.language) {
            Some(path) => self.permalink(&path),
            None => value.trim().to_owned(),
        }
    }

    /// The URL of the bundle file that page `sp` names with a relative path (`cover.png`,
    /// `./img/a.png`), so that it still shows where the page's text is shown on another page
    /// (a summary in a list, a feed) — what Hugo's built-in image hook does. `None` for
    /// anything else.
    pub fn bundle_file_url(&self, sp: &SitePage, src: &str) -> Option<String> {
        if src.starts_with(['/', '#', '?']) || src.contains(':') {
            return None;
        }
        let (path, rest) = match src.find(['?', '#']) {
            Some(at) => src.split_at(at),
            None => (src, ""),
        };
        let decoded = percent_encoding::percent_decode_str(path)
            .decode_utf8()
            .ok()?;
        let name = decoded.trim_start_matches("./");
        let bundle = sp.page.bundle.as_ref()?;
        if !bundle.resources.iter().any(|r| r == name) {
            return None;
        }
        let home = bundle_home(sp, self.config.language);
        let encoded: Vec<String> = name.split('/').map(urls::encode_file_name).collect();
        Some(format!(
            "{}{rest}",
            self.url(&format!("{home}{}", encoded.join("/")))
        ))
    }

    fn terms(&self, sp: &SitePage) -> Vec<(String, Value)> {
        // Computed only when a template asks for `page.taxonomies`.
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
                        let slug = term_slug(name, !self.config.disable_path_to_lower);
                        let url = self.url(&format!("{}{slug}/", tax.path));
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
    pub fn summary_value(&self, i: usize, digests: Option<Arc<Vec<Digest>>>) -> Value {
        let text = digests.map_or(Text::None, Text::Digests);
        Value::from_object(PageObject {
            ctx: self.clone(),
            index: i,
            text,
        })
    }

    /// A page for its own template, with its content and table of contents.
    pub fn page_value(&self, i: usize, rendered: Arc<Rendered>) -> Value {
        Value::from_object(PageObject {
            ctx: self.clone(),
            index: i,
            text: Text::Rendered(rendered),
        })
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

/// What menus and trees call a page: its `linkTitle`, else its title.
fn menu_title(meta: &crate::content::page::Meta) -> String {
    meta.link_title
        .clone()
        .unwrap_or_else(|| meta.title.clone())
}

/// Where the files a bundle's translations share are published: beside the page of the first
/// language that has it, as Hugo does (see `output::copied`).
fn bundle_home(sp: &SitePage, language: usize) -> &str {
    sp.translations
        .iter()
        .filter(|(l, _)| *l < language)
        .min_by_key(|(l, _)| *l)
        .map_or(sp.path.as_str(), |(_, path)| path.as_str())
}

/// The site path of a file named in front matter, or `None` when it is on another host.
fn asset_path(sp: &SitePage, value: &str, language: usize) -> Option<String> {
    let value = value.trim();
    if value.contains("://") || value.starts_with("//") || value.starts_with("data:") {
        return None;
    }
    if let Some(rooted) = value.strip_prefix('/') {
        return Some(format!("/{rooted}"));
    }
    let in_bundle = sp
        .page
        .bundle
        .as_ref()
        .is_some_and(|b| b.resources.iter().any(|r| r == value));
    Some(if in_bundle {
        format!(
            "{}{}",
            bundle_home(sp, language),
            urls::encode_file_name(value)
        )
    } else {
        format!("/{value}")
    })
}

/// A bundle's images named as Hugo's own Open Graph template looks for them.
fn bundle_feature_images(sp: &SitePage) -> Vec<&str> {
    let Some(bundle) = sp.page.bundle.as_ref() else {
        return Vec::new();
    };
    bundle
        .resources
        .iter()
        .filter(|r| {
            let name = r.rsplit('/').next().unwrap_or(r).to_ascii_lowercase();
            crate::files::is_raster_image(r) && (name.contains("feature") || name.contains("cover"))
        })
        .map(String::as_str)
        .collect()
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

/// What a page object knows of the page's converted text.
enum Text {
    None,
    /// The page's own rendering: content, table of contents, counts.
    Rendered(Arc<Rendered>),
    /// Every page's digest, for pages shown in lists.
    Digests(Arc<Vec<Digest>>),
}

/// A page as templates see it. Fields are computed when a template reads them, so a list that
/// shows ten titles and summaries does not build the thirty other fields of each page.
struct PageObject {
    ctx: Context,
    index: usize,
    text: Text,
}

impl std::fmt::Debug for PageObject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "page {}", self.ctx.site.pages[self.index].page.rel_path)
    }
}

const PAGE_FIELDS: &[&str] = &[
    "kind",
    "title",
    "link_title",
    "subtitle",
    "description",
    "url",
    "permalink",
    "date",
    "lastmod",
    "publish_date",
    "draft",
    "weight",
    "type",
    "layout",
    "section",
    "images",
    "image",
    "social_images",
    "bg_image",
    "bigimg",
    "authors",
    "profile",
    "avatar",
    "keywords",
    "book",
    "breadcrumbs",
    "show_toc",
    "taxonomies",
    "params",
    "file",
    "summary",
    "truncated",
    "reading_time",
    "word_count",
    "is_cjk",
    "content",
    "toc",
    "older",
    "newer",
];

struct Counted<'a> {
    summary: &'a str,
    truncated: bool,
    reading_time: usize,
    word_count: usize,
    is_cjk: bool,
}

impl PageObject {
    fn page(&self) -> &SitePage {
        &self.ctx.site.pages[self.index]
    }

    fn counted(&self) -> Option<Counted<'_>> {
        match &self.text {
            Text::None => None,
            Text::Rendered(r) => Some(Counted {
                summary: &r.summary,
                truncated: r.truncated,
                reading_time: r.reading_time,
                word_count: r.word_count,
                is_cjk: r.is_cjk,
            }),
            Text::Digests(d) => d.get(self.index).map(|d| Counted {
                summary: &d.summary,
                truncated: d.truncated,
                reading_time: d.reading_time,
                word_count: d.word_count,
                is_cjk: d.is_cjk,
            }),
        }
    }

    fn param(&self, key: &str) -> Option<String> {
        get_ci(&self.page().page.params, key)
            .and_then(scalar_string)
            .filter(|s| !s.trim().is_empty())
    }

    /// The page's own images: those its front matter names, else its bundle's feature or
    /// cover image.
    fn own_images(&self) -> Vec<&str> {
        let sp = self.page();
        let named: Vec<&str> = sp.page.meta.images.iter().map(String::as_str).collect();
        if named.is_empty() {
            bundle_feature_images(sp)
        } else {
            named
        }
    }

    fn images(&self) -> Vec<String> {
        let sp = self.page();
        self.own_images()
            .into_iter()
            .map(|img| self.ctx.asset_url(sp, img))
            .collect()
    }

    /// The book this page is in: its tree with this page marked, and the pages before and
    /// after it in reading order.
    fn book(&self) -> Option<Value> {
        let ctx = &self.ctx;
        let place = ctx.site.books.place(self.index)?;
        let book = place.book;
        let tree: Vec<Value> = book.tree.iter().map(|n| self.book_node(n)).collect();
        let neighbour = |n: Option<usize>| n.map_or(Value::from(()), |n| self.book_link(n));
        // What a chapter's own page lists: the entries just below it.
        let below = if book.root == self.index {
            Some(book.tree.as_slice())
        } else {
            crate::site::book::find_node(&book.tree, self.index).map(|n| n.children.as_slice())
        };
        let children: Vec<Value> = below
            .unwrap_or_default()
            .iter()
            .map(|n| self.book_link(n.page))
            .collect();
        Some(pairs(vec![
            (
                "title",
                Value::from(ctx.site.pages[book.root].page.meta.title.clone()),
            ),
            ("url", Value::from(ctx.url(&ctx.site.pages[book.root].path))),
            ("current", Value::from(book.root == self.index)),
            ("tree", Value::from(tree)),
            ("children", Value::from(children)),
            ("prev", neighbour(place.prev)),
            ("next", neighbour(place.next)),
        ]))
    }

    fn book_link(&self, i: usize) -> Value {
        let sp = &self.ctx.site.pages[i];
        let meta = &sp.page.meta;
        pairs(vec![
            ("title", Value::from(menu_title(meta))),
            ("url", Value::from(self.ctx.url(&sp.path))),
        ])
    }

    fn book_node(&self, node: &crate::site::book::Node) -> Value {
        let sp = &self.ctx.site.pages[node.page];
        let meta = &sp.page.meta;
        let inside = crate::site::book::contains(node, self.index);
        let icon = get_ci(&sp.page.params, "icon")
            .and_then(scalar_string)
            .filter(|s| !s.trim().is_empty());
        let (icon_text, icon_url) = match icon {
            Some(icon) if icon.contains('/') || icon.contains('.') => {
                (None, Some(self.ctx.asset_url(sp, &icon)))
            }
            Some(icon) => (Some(icon), None),
            None => (None, None),
        };
        pairs(vec![
            ("title", Value::from(menu_title(meta))),
            ("url", Value::from(self.ctx.url(&sp.path))),
            ("current", Value::from(node.page == self.index)),
            ("open", Value::from(!node.collapsed || inside)),
            ("icon", opt_str(icon_text.as_deref())),
            ("icon_url", opt_str(icon_url.as_deref())),
            (
                "children",
                Value::from(
                    node.children
                        .iter()
                        .map(|c| self.book_node(c))
                        .collect::<Vec<_>>(),
                ),
            ),
        ])
    }

    /// The sections above this page, from the home page down.
    fn breadcrumbs(&self) -> Vec<Value> {
        let site = &self.ctx.site;
        let mut up = self.page().section;
        if up.is_some_and(|s| site.sections[s].page == self.index) {
            up = up.and_then(|s| site.sections[s].parent);
        }
        let mut trail = Vec::new();
        while let Some(s) = up {
            trail.push(self.book_link(site.sections[s].page));
            up = site.sections[s].parent;
        }
        trail.reverse();
        trail
    }

    /// Absolute image URLs for social cards: the page's own images, the first of its `bigimg`,
    /// else the site's `params.images`.
    fn social_images(&self) -> Vec<String> {
        let sp = self.page();
        let ctx = &self.ctx;
        let mut images: Vec<String> = self
            .own_images()
            .into_iter()
            .map(|img| ctx.asset_permalink(sp, img))
            .collect();
        if images.is_empty()
            && let Some((src, _)) = bigimg(&sp.page.params).into_iter().next()
        {
            images.push(ctx.asset_permalink(sp, &src));
        }
        if images.is_empty() {
            let params = ctx.config.params();
            images = string_list(params.as_object().and_then(|p| get_ci(p, "images")))
                .iter()
                .map(|img| ctx.asset_permalink(sp, img))
                .collect();
        }
        images
    }

    fn field(&self, key: &str) -> Option<Value> {
        let ctx = &self.ctx;
        let sp = self.page();
        let meta = &sp.page.meta;
        let date = |d: &Option<jiff::Zoned>| {
            d.as_ref()
                .map_or(Value::from(()), |d| Value::from(rfc3339(d)))
        };
        let value = match key {
            "kind" => Value::from(match sp.page.kind {
                PageKind::Home => "home",
                PageKind::Section => "section",
                PageKind::Page => "page",
            }),
            "title" => Value::from(meta.title.clone()),
            "link_title" => Value::from(menu_title(meta)),
            "subtitle" => opt_str(meta.subtitle.as_deref()),
            "description" => opt_str(meta.description.as_deref()),
            "url" => Value::from(ctx.page_url(sp)),
            "permalink" => Value::from(match sp.page.meta.build.render {
                crate::content::page::Render::Never => String::new(),
                _ => ctx.permalink(&sp.path),
            }),
            "date" => date(&meta.date),
            "lastmod" => date(&meta.lastmod),
            "publish_date" => date(&meta.publish_date),
            "draft" => Value::from(meta.draft),
            "weight" => Value::from(meta.weight),
            "type" => Value::from(
                meta.page_type
                    .clone()
                    .unwrap_or_else(|| sp.page.top_section().to_owned()),
            ),
            "layout" => opt_str(meta.layout.as_deref()),
            "section" => sp
                .section
                .map_or(Value::from(()), |s| ctx.link(ctx.site.sections[s].page)),
            "images" => ser(&self.images()),
            "image" => opt_str(self.images().first().map(String::as_str)),
            "social_images" => ser(&self.social_images()),
            "bg_image" => opt_str(
                self.param("bg_image")
                    .map(|v| ctx.asset_url(sp, &v))
                    .as_deref(),
            ),
            "bigimg" => Value::from(
                bigimg(&sp.page.params)
                    .into_iter()
                    .map(|(src, desc)| {
                        pairs(vec![
                            ("src", Value::from(ctx.asset_url(sp, &src))),
                            ("desc", opt_str(desc.as_deref())),
                        ])
                    })
                    .collect::<Vec<_>>(),
            ),
            "authors" => Value::from(
                meta.authors
                    .iter()
                    .map(|a| {
                        let html = markdownify(a, ctx.config.unsafe_html);
                        let name = plainify(html.as_str().unwrap_or_default().to_owned());
                        pairs(vec![("name", Value::from(name)), ("html", html)])
                    })
                    .collect::<Vec<_>>(),
            ),
            "profile" => opt_str(self.param("profile").as_deref()),
            "avatar" => opt_str(
                self.param("avatar")
                    .map(|a| ctx.asset_url(sp, &a))
                    .as_deref(),
            ),
            "keywords" => ser(&meta.keywords),
            "translations" => Value::from(
                sp.translations
                    .iter()
                    .filter_map(|(l, path)| {
                        let language = ctx.config.languages.get(*l)?;
                        Some(pairs(vec![
                            ("code", Value::from(language.code.clone())),
                            ("name", Value::from(language.name.clone())),
                            ("tag", Value::from(language.tag.clone())),
                            ("url", Value::from(ctx.url(path))),
                            ("permalink", Value::from(ctx.permalink(path))),
                        ]))
                    })
                    .collect::<Vec<_>>(),
            ),
            "series" => Value::from(
                ctx.site
                    .series_of(self.index)
                    .into_iter()
                    .map(|(term, pages)| {
                        let entries: Vec<Value> = pages
                            .iter()
                            .map(|&j| ctx.entry(j, ("current", Value::from(j == self.index))))
                            .collect();
                        pairs(vec![
                            ("name", Value::from(term.name.clone())),
                            ("url", Value::from(ctx.url(&term.path))),
                            ("pages", Value::from(entries)),
                        ])
                    })
                    .collect::<Vec<_>>(),
            ),
            "related" => Value::from(
                sp.related
                    .iter()
                    .map(|&j| ctx.entry(j, ("date", date(&ctx.site.pages[j].page.meta.date))))
                    .collect::<Vec<_>>(),
            ),
            "book" => self.book()?,
            "breadcrumbs" => Value::from(self.breadcrumbs()),
            "show_toc" => Value::from(meta.show_toc),
            "taxonomies" => Value::from_pairs(ctx.terms(sp)),
            "params" => ser(&sp.page.params),
            "file" => Value::from(sp.page.rel_path.clone()),
            "summary" => {
                let counted = self.counted()?;
                let summary = match &meta.summary {
                    Some(s) => markdownify(s, ctx.config.unsafe_html)
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                    None => counted.summary.to_owned(),
                };
                Value::from_safe_string(summary)
            }
            "truncated" => Value::from(self.counted()?.truncated || meta.summary.is_some()),
            "reading_time" => Value::from(self.counted()?.reading_time),
            "word_count" => Value::from(self.counted()?.word_count),
            "is_cjk" => Value::from(self.counted()?.is_cjk),
            "content" | "toc" | "older" | "newer" => {
                let Text::Rendered(r) = &self.text else {
                    return None;
                };
                let neighbour = |n: Option<usize>| n.map_or(Value::from(()), |n| ctx.link(n));
                match key {
                    "content" => Value::from_safe_string(r.html.clone()),
                    "toc" => ser(&r.toc),
                    "older" => neighbour(sp.older),
                    _ => neighbour(sp.newer),
                }
            }
            _ => return None,
        };
        Some(value)
    }
}

impl Object for PageObject {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.field(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        self.field(key)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(PAGE_FIELDS)
    }
}
