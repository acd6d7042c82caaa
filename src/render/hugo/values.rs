//! The site as Hugo's templates see it: pages, the site, files, languages, resources and
//! menus as objects with Hugo's field and method names, each field computed when a template
//! reads it.

#![allow(
    clippy::indexing_slicing,
    reason = "pages refer to each other by indices into the site's own vectors, made by the site stage from those vectors and never shrunk: an index out of range is a bug of inkstone, never something a site can cause"
)]

use std::any::Any;
use std::path::Path;
use std::sync::Arc;

use inkstone_gotemplate::time::Time;
use inkstone_gotemplate::{Map, Object, Value};
use serde_json::Value as Json;

use super::Shared;
pub use super::pages::{PageGroup, Pages};
pub use super::resources::{
    Published, Publisher, Resource, ResourceList, ResourceMeta, Resources, glob, resource_meta,
};
use crate::content::PageKind;
use crate::format::get_ci;
use crate::site::menus::MenuEntry;
use crate::site::refs;

/// JSON (front matter, config, data files) as template values.
pub fn from_json(json: &Json) -> Value {
    match json {
        Json::Null => Value::Nil,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => n
            .as_i64()
            .map_or_else(|| Value::Float(n.as_f64().unwrap_or(0.0)), Value::Int),
        Json::String(s) => Value::str(s),
        Json::Array(items) => Value::list(items.iter().map(from_json).collect()),
        Json::Object(map) => Value::map(
            map.iter()
                .map(|(k, v)| (Arc::from(k.as_str()), from_json(v)))
                .collect(),
        ),
    }
}

fn time(date: Option<&jiff::Zoned>) -> Value {
    match date {
        Some(d) => Time::value(d.clone()),
        // Go's zero time, which `.IsZero` reports and `with` skips… as Hugo's does not: a page
        // without a date still has a time value.
        None => Time::value(
            jiff::civil::date(1, 1, 1)
                .to_zoned(jiff::tz::TimeZone::UTC)
                .unwrap_or_default(),
        ),
    }
}

pub(super) fn ok(value: Value) -> Option<Result<Value, String>> {
    Some(Ok(value))
}

pub(super) fn text_arg(args: &[Value], i: usize) -> String {
    args.get(i)
        .map(inkstone_gotemplate::funcs::text)
        .unwrap_or_default()
}

/// A page's text as written, after its front matter.
fn raw_body(sp: &crate::site::SitePage) -> String {
    let bytes = std::fs::read(&sp.page.file).unwrap_or_default();
    let text = crate::content::decode(&bytes).unwrap_or_default();
    text.get(sp.page.body_offset..)
        .unwrap_or_default()
        .to_owned()
}

/// A page's Markdown as HTML with its shortcodes left out (the inner text of paired ones
/// kept), for other pages' `.Content`.
pub fn content_without_shortcodes(sp: &crate::site::SitePage, unsafe_html: bool) -> String {
    fn text_of(body: &str, nodes: &[inkstone_shortcodes::Node], out: &mut String) {
        for node in nodes {
            match node {
                inkstone_shortcodes::Node::Text(range) => {
                    out.push_str(body.get(range.clone()).unwrap_or(""))
                }
                inkstone_shortcodes::Node::Escaped { text, .. } => out.push_str(text),
                inkstone_shortcodes::Node::Shortcode(sc) => {
                    if let Some(inner) = &sc.inner {
                        text_of(body, &inner.nodes, out);
                    }
                }
            }
        }
    }
    let body = raw_body(sp);
    let mut text = String::new();
    match inkstone_shortcodes::parse(&body) {
        Ok(nodes) => text_of(&body, &nodes, &mut text),
        Err(_) => text = body.clone(),
    }
    crate::render::shortcodes::markdown_block(&text, unsafe_html)
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// What stands for the page's table of contents until the page is HTML.
pub const TOC_TOKEN: &str = "inkstoneTOCx";

/// Hugo's `.TableOfContents`: the headings from `markup.tableOfContents.startLevel` (2) to
/// `endLevel` (3), nested as Goldmark nests them (a level skipped is an item without a link).
pub fn toc_html(
    entries: &[crate::markdown::TocEntry],
    raw: &serde_json::Map<String, Json>,
) -> String {
    fn flatten<'e>(
        entries: &'e [crate::markdown::TocEntry],
        out: &mut Vec<&'e crate::markdown::TocEntry>,
    ) {
        for entry in entries {
            out.push(entry);
            flatten(&entry.children, out);
        }
    }
    fn list(
        items: &[(usize, &crate::markdown::TocEntry)],
        depth: usize,
        tag: &str,
        out: &mut String,
    ) {
        out.push_str(&format!("<{tag}>\n"));
        let mut i = 0;
        while i < items.len() {
            out.push_str("<li>");
            if let Some((level, entry)) = items.get(i).filter(|(level, _)| *level == depth) {
                let _ = level;
                out.push_str("<a href=\"#");
                out.push_str(&inkstone_gotemplate::escape::html_escape(&entry.id));
                out.push_str("\">");
                out.push_str(&inkstone_gotemplate::escape::html_escape(&entry.title));
                out.push_str("</a>");
                i += 1;
            }
            let start = i;
            while items.get(i).is_some_and(|(level, _)| *level > depth) {
                i += 1;
            }
            if start < i {
                list(&items[start..i], depth + 1, tag, out);
            }
            out.push_str("</li>\n");
        }
        out.push_str(&format!("</{tag}>\n"));
    }
    let settings = get_ci(raw, "markup")
        .and_then(|m| m.as_object())
        .and_then(|m| get_ci(m, "tableOfContents"))
        .and_then(|t| t.as_object());
    let number = |key: &str, default: u8| {
        settings
            .and_then(|t| get_ci(t, key))
            .and_then(Json::as_u64)
            .and_then(|n| u8::try_from(n).ok())
            .unwrap_or(default)
    };
    let (start, end) = (number("startLevel", 2), number("endLevel", 3));
    let ordered = settings
        .and_then(|t| get_ci(t, "ordered"))
        .and_then(Json::as_bool)
        .unwrap_or(false);
    let mut all = Vec::new();
    flatten(entries, &mut all);
    let items: Vec<(usize, &crate::markdown::TocEntry)> = all
        .into_iter()
        .filter(|e| (start..=end).contains(&e.level))
        .map(|e| (usize::from(e.level - start), e))
        .collect();
    let mut out = String::from("<nav id=\"TableOfContents\">\n");
    if !items.is_empty() {
        list(&items, 0, if ordered { "ol" } else { "ul" }, &mut out);
    }
    out.push_str("</nav>");
    out
}

/// A page. `scratch` is the page's `.Scratch`/`.Store`, shared by every shortcode of the page.
#[derive(Clone)]
pub struct Page {
    pub shared: Arc<Shared>,
    pub index: usize,
    pub scratch: Option<Value>,
}

impl std::fmt::Debug for Page {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "page {}",
            self.shared.ctx.site.pages[self.index].page.rel_path
        )
    }
}

impl Page {
    pub fn value(shared: &Arc<Shared>, index: usize) -> Value {
        Value::object(Page {
            shared: shared.clone(),
            index,
            scratch: None,
        })
    }

    fn other(&self, index: usize) -> Value {
        Page::value(&self.shared, index)
    }

    fn pages(&self, indices: impl IntoIterator<Item = usize>) -> Value {
        Pages::value(indices.into_iter().map(|i| self.other(i)).collect())
    }

    fn section_of_page(&self) -> Option<usize> {
        self.shared
            .ctx
            .site
            .sections
            .iter()
            .position(|s| s.page == self.index)
    }

    /// `.Param "a.b"`: the page's parameter, else the site's.
    pub(super) fn param(&self, key: &str) -> Value {
        let sp = &self.shared.ctx.site.pages[self.index];
        let page = Json::Object(sp.page.params.clone());
        let site = self.shared.ctx.config.params();
        [page, site]
            .iter()
            .find_map(|params| {
                key.split('.').try_fold(params, |v, part| match v {
                    Json::Object(map) => get_ci(map, part),
                    _ => None,
                })
            })
            .map_or(Value::Nil, from_json)
    }
}

impl Object for Page {
    fn type_name(&self) -> &str {
        "*hugolib.pageState"
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let shared = &self.shared;
        let ctx = &shared.ctx;
        let site = &ctx.site;
        let sp = &site.pages[self.index];
        let meta = &sp.page.meta;
        let value = match name {
            "Title" => Value::str(&meta.title),
            "LinkTitle" => Value::str(meta.link_title.as_deref().unwrap_or(&meta.title)),
            "Description" => Value::str(meta.description.as_deref().unwrap_or("")),
            "Params" => from_json(&Json::Object(sp.page.params.clone())),
            "Param" => self.param(&text_arg(args, 0)),
            "Date" => time(meta.date.as_ref()),
            "Lastmod" => time(meta.lastmod.as_ref().or(meta.date.as_ref())),
            "PublishDate" => time(meta.publish_date.as_ref().or(meta.date.as_ref())),
            "ExpiryDate" => time(None),
            "Permalink" => Value::str(ctx.permalink(&sp.path)),
            "RelPermalink" => Value::str(ctx.url(&sp.path)),
            "Path" => Value::str(logical_path(&sp.page.rel_path)),
            "Section" => Value::str(sp.page.top_section()),
            "Kind" => Value::str(kind(sp.page.kind)),
            "Type" => Value::str(meta.page_type.clone().unwrap_or_else(|| {
                let top = sp.page.top_section();
                if top.is_empty() {
                    "page".to_owned()
                } else {
                    top.to_owned()
                }
            })),
            "Layout" => Value::str(meta.layout.as_deref().unwrap_or("")),
            "Draft" => Value::Bool(meta.draft),
            "Weight" => Value::Int(meta.weight),
            "Keywords" => Value::list(meta.keywords.iter().map(Value::str).collect()),
            "Lang" => Value::str(&sp.page.lang),
            "Language" => language(ctx, ctx.config.language),
            "Site" => Site::value(shared),
            "File" => file(&sp.page.rel_path, &sp.page.file, &sp.page.lang),
            "Resources" => Resources::value(ctx, self.index),
            "IsPage" => Value::Bool(sp.page.kind == PageKind::Page),
            "IsSection" => Value::Bool(sp.page.kind == PageKind::Section),
            "IsHome" => Value::Bool(sp.page.kind == PageKind::Home),
            "IsNode" => Value::Bool(sp.page.kind != PageKind::Page),
            "IsTranslated" => Value::Bool(!sp.translations.is_empty()),
            "Parent" | "CurrentSection" => {
                let own = if name == "CurrentSection" {
                    self.section_of_page()
                } else {
                    None
                };
                match own.or(sp.section).map(|s| site.sections[s].page) {
                    Some(p) if p != self.index || name == "CurrentSection" => self.other(p),
                    _ => Value::Nil,
                }
            }
            "FirstSection" => {
                let mut section = self.section_of_page().or(sp.section);
                while let Some(s) = section {
                    match site.sections[s].parent {
                        Some(parent) if parent != 0 => section = Some(parent),
                        _ => break,
                    }
                }
                section.map_or(Value::Nil, |s| self.other(site.sections[s].page))
            }
            "BundleType" => Value::str(match (sp.page.kind, &sp.page.bundle) {
                (PageKind::Page, Some(_)) => "leaf",
                (PageKind::Section | PageKind::Home, _) => "branch",
                _ => "",
            }),
            "Pages" | "RegularPages" | "Sections" => match self.section_of_page() {
                Some(s) => {
                    let section = &site.sections[s];
                    let subsections = section.subsections.iter().map(|&c| site.sections[c].page);
                    match name {
                        "Sections" => self.pages(subsections),
                        "RegularPages" => self.pages(section.pages.iter().copied()),
                        _ => self.pages(subsections.chain(section.pages.iter().copied())),
                    }
                }
                None => Pages::value(Vec::new()),
            },
            "Next" | "NextInSection" => sp.newer.map_or(Value::Nil, |p| self.other(p)),
            "Prev" | "PrevInSection" => sp.older.map_or(Value::Nil, |p| self.other(p)),
            "Translations" | "AllTranslations" => Value::list(
                sp.translations
                    .iter()
                    .map(|(l, path)| {
                        let mut map = Map::new();
                        map.insert("RelPermalink".into(), Value::str(ctx.url(path)));
                        map.insert("Permalink".into(), Value::str(ctx.permalink(path)));
                        map.insert("Language".into(), language(ctx, *l));
                        map.insert(
                            "Lang".into(),
                            Value::str(
                                ctx.config.languages.get(*l).map_or("", |l| l.code.as_str()),
                            ),
                        );
                        Value::map(map)
                    })
                    .collect(),
            ),
            "Scratch" | "Store" => self
                .scratch
                .clone()
                .unwrap_or_else(inkstone_gotemplate::funcs::Scratch::value),
            "GetPage" => get_page(shared, self.index, &text_arg(args, 0)),
            "Ref" | "RelRef" => {
                let wanted = match args.first() {
                    Some(Value::Map(m)) => m
                        .get("path")
                        .map(inkstone_gotemplate::funcs::text)
                        .unwrap_or_default(),
                    Some(other) => inkstone_gotemplate::funcs::text(other),
                    None => String::new(),
                };
                return Some(reference(ctx, self.index, &wanted, name == "Ref").map(Value::str));
            }
            "Eq" => Value::Bool(
                args.first()
                    .and_then(|a| a.downcast::<Page>())
                    .is_some_and(|p| p.index == self.index),
            ),
            "HasShortcode" => Value::Bool(false),
            "Aliases" => Value::list(Vec::new()),
            // The page's own table of contents is not made yet: a token stands for it, put in
            // place once the page is HTML (`toc_html`).
            "TableOfContents" if self.scratch.is_some() => {
                Value::safe(inkstone_gotemplate::Safe::Html, TOC_TOKEN)
            }
            "RawContent" => Value::str(raw_body(sp)),
            // Another page's text, converted without its shortcodes: enough for what templates
            // test and count (`with .Content`, `.WordCount`), not its finished HTML.
            "Content" | "Summary" if self.scratch.is_none() => Value::safe(
                inkstone_gotemplate::Safe::Html,
                shared.content_of(self.index),
            ),
            "Plain" if self.scratch.is_none() => Value::str(
                inkstone_gotemplate::escape::strip_tags(&shared.content_of(self.index)),
            ),
            "WordCount" | "FuzzyWordCount" if self.scratch.is_none() => {
                Value::Int(crate::text::word_count(
                    &inkstone_gotemplate::escape::strip_tags(&shared.content_of(self.index)),
                    false,
                ) as i64)
            }
            "Summary" | "Content" | "Plain" | "TableOfContents" => Value::str(""),
            "WordCount" | "ReadingTime" | "FuzzyWordCount" => Value::Int(0),
            "Truncated" => Value::Bool(false),
            "OutputFormats" | "AlternativeOutputFormats" => Value::list(Vec::new()),
            "Sitemap" => Value::map(Map::new()),
            "Data" => Value::map(Map::new()),
            _ => return None,
        };
        ok(value)
    }

    fn method(
        &self,
        name: &str,
        args: &[Value],
        call: &mut inkstone_gotemplate::Call<'_>,
    ) -> Option<Result<Value, String>> {
        // `.RenderString "text"`, `.RenderString (dict "display" "block") "text"`: Markdown
        // through the site's hooks, which the template's functions know.
        (name == "RenderString").then(|| call.function("inkstone.RenderString", args))
    }

    fn to_text(&self) -> String {
        format!(
            "Page({})",
            logical_path(&self.shared.ctx.site.pages[self.index].page.rel_path)
        )
    }

    fn identity(&self) -> Option<String> {
        Some(format!(
            "page:{}",
            self.shared.ctx.site.pages[self.index].path
        ))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn kind(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Home => "home",
        PageKind::Section => "section",
        PageKind::Page => "page",
    }
}

/// Hugo's `.Path`: the file's path below `content/` without its extension and bundle index,
/// lowercased: `/posts/my-post`.
fn logical_path(rel_path: &str) -> String {
    let without_ext = rel_path.rsplit_once('.').map_or(rel_path, |(stem, _)| stem);
    let trimmed = without_ext
        .strip_suffix("/index")
        .or_else(|| without_ext.strip_suffix("/_index"))
        .unwrap_or(if without_ext == "_index" || without_ext == "index" {
            ""
        } else {
            without_ext
        });
    format!("/{}", trimmed.to_lowercase())
}

fn file(rel_path: &str, full: &Path, lang: &str) -> Value {
    let (dir, base) = rel_path
        .rsplit_once('/')
        .map_or(("", rel_path), |(d, b)| (d, b));
    let (stem, ext) = base.rsplit_once('.').unwrap_or((base, ""));
    let content_base = if stem == "index" || stem == "_index" {
        dir.rsplit('/').next().unwrap_or(stem)
    } else {
        stem
    };
    let mut map = Map::new();
    let mut put = |k: &str, v: String| {
        map.insert(Arc::from(k), Value::from(v));
    };
    put("Path", rel_path.to_owned());
    put("Filename", full.display().to_string());
    put(
        "Dir",
        if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        },
    );
    put("LogicalName", base.to_owned());
    put("BaseFileName", stem.to_owned());
    put(
        "TranslationBaseName",
        stem.split('.').next().unwrap_or(stem).to_owned(),
    );
    put("ContentBaseName", content_base.to_owned());
    put("Ext", ext.to_owned());
    put("Lang", lang.to_owned());
    put("UniqueID", format!("{:x}", crate::hash::hash_of(&rel_path)));
    Value::map(map)
}

pub fn language(ctx: &crate::render::Context, index: usize) -> Value {
    let Some(language) = ctx.config.languages.get(index) else {
        return Value::Nil;
    };
    let mut map = Map::new();
    map.insert("Lang".into(), Value::str(&language.code));
    map.insert("LanguageName".into(), Value::str(&language.name));
    map.insert("LanguageCode".into(), Value::str(&language.tag));
    map.insert("Label".into(), Value::str(&language.name));
    map.insert("LanguageDirection".into(), Value::str(""));
    map.insert("Weight".into(), Value::Int(language.weight));
    Value::map(map)
}

/// `.GetPage "/posts/x"` and `site.GetPage`: a page as `ref` finds it, or nil.
pub fn get_page(shared: &Arc<Shared>, from: usize, wanted: &str) -> Value {
    let wanted = wanted.trim();
    let site = &shared.ctx.site;
    if wanted.is_empty() || wanted == "/" {
        return Page::value(shared, site.home);
    }
    match refs::find(site, from, wanted) {
        Ok(found) => Page::value(shared, found),
        Err(_) => Value::Nil,
    }
}

pub fn reference(
    ctx: &crate::render::Context,
    from: usize,
    written: &str,
    absolute: bool,
) -> Result<String, String> {
    let (path, fragment) = written
        .split_once('#')
        .map_or((written, None), |(p, f)| (p, Some(f)));
    let target = if path.is_empty() {
        Ok(from)
    } else {
        refs::find(&ctx.site, from, path)
    };
    let target = target.map_err(|_| format!("page not found: {written:?}"))?;
    let path = &ctx.site.pages[target].path;
    let mut url = if absolute {
        ctx.permalink(path)
    } else {
        ctx.url(path)
    };
    if let Some(fragment) = fragment {
        url.push('#');
        url.push_str(fragment);
    }
    Ok(url)
}

/// The site: `.Site` and `site`.
#[derive(Clone)]
pub struct Site {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("site")
    }
}

impl Site {
    pub fn value(shared: &Arc<Shared>) -> Value {
        Value::object(Site {
            shared: shared.clone(),
        })
    }
}

impl Object for Site {
    fn type_name(&self) -> &str {
        "page.Site"
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let shared = &self.shared;
        let ctx = &shared.ctx;
        let site = &ctx.site;
        let config = &ctx.config;
        let page = |i: usize| Page::value(shared, i);
        let value = match name {
            "Title" => Value::str(&config.title),
            "BaseURL" => Value::str(&config.base_url),
            "Params" => from_json(&config.params()),
            "Param" => {
                let key = text_arg(args, 0);
                let params = config.params();
                key.split('.')
                    .try_fold(&params, |v, part| match v {
                        Json::Object(map) => get_ci(map, part),
                        _ => None,
                    })
                    .map_or(Value::Nil, from_json)
            }
            "Language" => language(ctx, config.language),
            "LanguageCode" => Value::str(&config.language_code),
            "Languages" => Value::list(
                (0..config.languages.len())
                    .map(|l| language(ctx, l))
                    .collect(),
            ),
            "IsMultiLingual" => Value::Bool(config.multilingual),
            "Home" => page(site.home),
            "Pages" | "AllPages" => Pages::value((0..site.pages.len()).map(page).collect()),
            "RegularPages" => Pages::value(site.regular_pages.iter().map(|&i| page(i)).collect()),
            "Sections" => Pages::value(
                site.sections[0]
                    .subsections
                    .iter()
                    .map(|&s| page(site.sections[s].page))
                    .collect(),
            ),
            "MainSections" => Value::list(site.main_sections.iter().map(Value::str).collect()),
            "Taxonomies" => taxonomies(shared),
            "Menus" => Value::map(
                site.menus
                    .iter()
                    .map(|(k, entries)| (Arc::from(k.as_str()), menu(ctx, entries)))
                    .collect(),
            ),
            "Data" => shared.data.clone(),
            "GetPage" => get_page(shared, site.home, &text_arg(args, 0)),
            "Copyright" => get_ci(&config.raw, "copyright").map_or(Value::str(""), from_json),
            "Author" => get_ci(&config.raw, "author").map_or(Value::map(Map::new()), from_json),
            "Config" => Value::map(Map::new()),
            "Lastmod" => time(None),
            "Hugo" => hugo(shared),
            "Store" => inkstone_gotemplate::funcs::Scratch::value(),
            _ => return None,
        };
        ok(value)
    }

    fn identity(&self) -> Option<String> {
        Some("site".into())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

pub fn hugo(shared: &Shared) -> Value {
    let mut map = Map::new();
    let environment = shared.ctx.config.environment.clone();
    map.insert("Version".into(), Value::str("0.168.0"));
    map.insert("Environment".into(), Value::str(&environment));
    map.insert(
        "IsProduction".into(),
        Value::Bool(environment == "production"),
    );
    map.insert(
        "IsDevelopment".into(),
        Value::Bool(environment == "development"),
    );
    map.insert("IsServer".into(), Value::Bool(environment == "development"));
    map.insert("IsExtended".into(), Value::Bool(true));
    map.insert(
        "IsMultilingual".into(),
        Value::Bool(shared.ctx.config.multilingual),
    );
    map.insert("IsMultihost".into(), Value::Bool(false));
    map.insert(
        "Generator".into(),
        Value::safe(
            inkstone_gotemplate::Safe::Html,
            concat!(
                r#"<meta name="generator" content="inkstone "#,
                env!("CARGO_PKG_VERSION"),
                r#"">"#
            ),
        ),
    );
    map.insert("Data".into(), shared.data.clone());
    Value::map(map)
}

fn taxonomies(shared: &Arc<Shared>) -> Value {
    let site = &shared.ctx.site;
    let mut out = Map::new();
    for taxonomy in &site.taxonomies {
        let mut terms = Map::new();
        for term in &taxonomy.terms {
            let pages = Pages::value(term.pages.iter().map(|&i| Page::value(shared, i)).collect());
            terms.insert(Arc::from(term.name.to_lowercase().as_str()), pages);
        }
        out.insert(Arc::from(taxonomy.plural.as_str()), Value::map(terms));
    }
    Value::map(out)
}

fn menu(ctx: &crate::render::Context, entries: &[MenuEntry]) -> Value {
    Value::list(
        entries
            .iter()
            .map(|e| {
                let mut map = Map::new();
                let url = if e.url.starts_with('/') {
                    ctx.url(&e.url)
                } else {
                    e.url.clone()
                };
                map.insert("Name".into(), Value::str(&e.name));
                map.insert("Title".into(), Value::str(&e.name));
                map.insert("URL".into(), Value::str(url));
                map.insert("Identifier".into(), Value::str(&e.identifier));
                map.insert("Weight".into(), Value::Int(e.weight));
                map.insert(
                    "Pre".into(),
                    Value::safe(
                        inkstone_gotemplate::Safe::Html,
                        e.pre.as_deref().unwrap_or(""),
                    ),
                );
                map.insert(
                    "Post".into(),
                    Value::safe(
                        inkstone_gotemplate::Safe::Html,
                        e.post.as_deref().unwrap_or(""),
                    ),
                );
                map.insert("Params".into(), from_json(&e.params));
                map.insert("HasChildren".into(), Value::Bool(!e.children.is_empty()));
                map.insert("Children".into(), menu(ctx, &e.children));
                Value::map(map)
            })
            .collect(),
    )
}
