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

fn ok(value: Value) -> Option<Result<Value, String>> {
    Some(Ok(value))
}

fn text_arg(args: &[Value], i: usize) -> String {
    args.get(i)
        .map(inkstone_gotemplate::funcs::text)
        .unwrap_or_default()
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
        Value::list(indices.into_iter().map(|i| self.other(i)).collect())
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
    fn param(&self, key: &str) -> Value {
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
                None => Value::list(Vec::new()),
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
            "Summary" | "Content" | "Plain" | "TableOfContents" | "RawContent" => Value::str(""),
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
            "Pages" | "AllPages" => Value::list((0..site.pages.len()).map(page).collect()),
            "RegularPages" => Value::list(site.regular_pages.iter().map(|&i| page(i)).collect()),
            "Sections" => Value::list(
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
            let pages = Value::list(term.pages.iter().map(|&i| Page::value(shared, i)).collect());
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

/// A page bundle's files: `.Resources`.
#[derive(Clone)]
pub struct Resources {
    ctx: crate::render::Context,
    index: usize,
}

impl std::fmt::Debug for Resources {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("resources")
    }
}

impl Resources {
    pub fn value(ctx: &crate::render::Context, index: usize) -> Value {
        Value::object(Resources {
            ctx: ctx.clone(),
            index,
        })
    }

    fn all(&self) -> Vec<Resource> {
        let sp = &self.ctx.site.pages[self.index];
        let Some(bundle) = &sp.page.bundle else {
            return Vec::new();
        };
        let dir = sp
            .page
            .file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        // A file the translations share is published once, beside the page of the first
        // language (as Hugo does, and as the output stage copies it): its URL is there.
        let config = &self.ctx.config;
        let first = sp
            .translations
            .iter()
            .filter(|(language, _)| *language < config.language)
            .min_by_key(|(language, _)| *language)
            .map(|(_, path)| path.as_str());
        let own_language = |name: &str| {
            let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
            stem.rsplit_once('.').is_some_and(|(_, code)| {
                config
                    .languages
                    .iter()
                    .any(|l| l.code.eq_ignore_ascii_case(code))
            })
        };
        let path_of = |name: &str| match first {
            Some(path) if !own_language(name) => {
                format!("{path}{}", crate::site::urls::encode_file_name(name))
            }
            _ => format!("{}{}", sp.path, crate::site::urls::encode_file_name(name)),
        };
        bundle
            .resources
            .iter()
            .map(|name| Resource {
                name: name.clone(),
                file: dir.join(name),
                url: self.ctx.url(&path_of(name)),
                permalink: self.ctx.config.absolute_url(&path_of(name)),
                minified: false,
                content: None,
                publisher: None,
            })
            .collect()
    }
}

impl Object for Resources {
    fn type_name(&self) -> &str {
        "resource.Resources"
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let all = self.all();
        let pattern = text_arg(args, 0);
        let value = match name {
            "GetMatch" | "Get" => all
                .into_iter()
                .find(|r| {
                    if name == "Get" {
                        r.name == pattern
                    } else {
                        glob(&pattern, &r.name)
                    }
                })
                .map_or(Value::Nil, Value::object),
            "Match" => Value::list(
                all.into_iter()
                    .filter(|r| glob(&pattern, &r.name))
                    .map(Value::object)
                    .collect(),
            ),
            "ByType" => Value::list(
                all.into_iter()
                    .filter(|r| r.kind() == pattern)
                    .map(Value::object)
                    .collect(),
            ),
            "Len" => Value::Int(all.len() as i64),
            _ => return None,
        };
        ok(value)
    }

    fn items(&self) -> Option<Vec<Value>> {
        Some(self.all().into_iter().map(Value::object).collect())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Hugo's resource globs: `*` within a path segment, `**` across them, `?` one character,
/// case-insensitive.
pub fn glob(pattern: &str, name: &str) -> bool {
    fn matches(p: &[char], n: &[char]) -> bool {
        match (p.first(), n.first()) {
            (None, None) => true,
            (Some('*'), _) if p.get(1) == Some(&'*') => {
                (0..=n.len()).any(|i| matches(&p[2..], &n[i..]))
            }
            (Some('*'), _) => (0..=n.len())
                .take_while(|&i| i == 0 || n[i - 1] != '/')
                .any(|i| matches(&p[1..], &n[i..])),
            (Some('?'), Some(c)) if *c != '/' => matches(&p[1..], &n[1..]),
            (Some(a), Some(b)) => a == b && matches(&p[1..], &n[1..]),
            _ => false,
        }
    }
    let p: Vec<char> = pattern
        .trim_start_matches('/')
        .to_lowercase()
        .chars()
        .collect();
    let n: Vec<char> = name.to_lowercase().chars().collect();
    p.len() <= 256 && matches(&p, &n)
}

/// Files templates made or reached in `assets/` whose URL they used: the output stage writes
/// them, as Hugo publishes a resource when its `.RelPermalink` is read.
#[derive(Debug, Default)]
pub struct Publisher(std::sync::Mutex<Vec<(String, Published)>>);

#[derive(Debug, Clone)]
pub enum Published {
    Bytes(Arc<str>),
    File(std::path::PathBuf),
}

impl Publisher {
    pub fn take(&self) -> Vec<(String, Published)> {
        self.0
            .lock()
            .map(|mut v| std::mem::take(&mut *v))
            .unwrap_or_default()
    }

    fn publish(&self, path: &str, what: Published) {
        if let Ok(mut published) = self.0.lock()
            && !published.iter().any(|(p, _)| p == path)
        {
            published.push((path.to_owned(), what));
        }
    }
}

/// One file: of a bundle, of `assets/` (`resources.Get`), or made by a template
/// (`resources.ExecuteAsTemplate`, `resources.FromString`).
#[derive(Debug, Clone)]
pub struct Resource {
    pub name: String,
    pub file: std::path::PathBuf,
    /// What a template made, instead of a file's bytes.
    pub content: Option<Arc<str>>,
    /// Where to say its URL was used; none for a bundle's files, which are always published.
    pub publisher: Option<Arc<Publisher>>,
    pub url: String,
    pub permalink: String,
    /// Through `minify`: JSON loses its spaces (what else Hugo's minifier does to CSS, JS and
    /// HTML is not done).
    pub minified: bool,
}

impl Resource {
    fn kind(&self) -> &'static str {
        let mime = mime_guess::from_path(&self.name)
            .first_raw()
            .unwrap_or("application/octet-stream");
        match mime.split('/').next() {
            Some("image") => "image",
            Some("text") => "text",
            Some("video") => "video",
            Some("audio") => "audio",
            _ if self.name.ends_with(".md") => "page",
            _ => "application",
        }
    }
}

impl Object for Resource {
    fn type_name(&self) -> &str {
        "resource.Resource"
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let value = match name {
            "Name" | "Title" => Value::str(&self.name),
            "RelPermalink" | "Permalink" => {
                if let Some(publisher) = &self.publisher {
                    let what = match &self.content {
                        Some(text) => Published::Bytes(text.clone()),
                        None => Published::File(self.file.clone()),
                    };
                    publisher.publish(&self.name, what);
                }
                Value::str(if name == "RelPermalink" {
                    &self.url
                } else {
                    &self.permalink
                })
            }
            "ResourceType" => Value::str(self.kind()),
            "MediaType" => {
                let mime = mime_guess::from_path(&self.name)
                    .first_raw()
                    .unwrap_or("application/octet-stream");
                let (main, sub) = mime.split_once('/').unwrap_or((mime, ""));
                let mut map = Map::new();
                map.insert("Type".into(), Value::str(mime));
                map.insert("MainType".into(), Value::str(main));
                map.insert("SubType".into(), Value::str(sub));
                Value::map(map)
            }
            "Content" if self.content.is_some() => {
                Value::str(self.content.as_deref().unwrap_or(""))
            }
            "Content" => match std::fs::read_to_string(&self.file) {
                Ok(text) if self.minified && self.name.ends_with(".json") => {
                    let compact = serde_json::from_str::<Json>(&text)
                        .ok()
                        .and_then(|j| serde_json::to_string(&j).ok());
                    Value::str(compact.unwrap_or(text))
                }
                Ok(text) => Value::str(text),
                Err(e) => return Some(Err(format!("cannot read {}: {e}", self.name))),
            },
            "Width" | "Height" => {
                let size = imagesize::size(&self.file).ok();
                Value::Int(
                    size.map_or(0, |s| if name == "Width" { s.width } else { s.height }) as i64,
                )
            }
            "Params" | "Data" | "Exif" => Value::map(Map::new()),
            // Image processing is not done: the image itself stands for its resized forms.
            "Resize" | "Fit" | "Fill" | "Crop" | "Process" | "Filter" => {
                Value::object(self.clone())
            }
            "Key" => Value::str(&self.name),
            _ => {
                let _ = args;
                return None;
            }
        };
        ok(value)
    }

    fn to_text(&self) -> String {
        self.name.clone()
    }

    fn identity(&self) -> Option<String> {
        Some(self.file.display().to_string())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
