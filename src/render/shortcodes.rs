//! What renders a page's shortcodes: a template `shortcodes/NAME.html` (the site's own, or the
//! theme's — figure, details, callouts, embeds, tabs…), else one of the built-ins written here
//! because they need more than a template can reach: `ref`, `relref`, `param`, `highlight`, `qr`,
//! `mermaid`.

#![allow(
    clippy::indexing_slicing,
    reason = "pages refer to each other by indices into the site's own vectors, made by the site stage from those vectors and never shrunk: an index out of range is a bug of inkstone, never something a site can cause"
)]

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use inkstone_shortcodes::{Args, Value as Arg};
use minijinja::Value;
use serde_json::Value as Json;

use crate::diagnostics::Diagnostic;
use crate::format::get_ci;
use crate::markdown::shortcodes::{Call, Expansion, Host, Problem};
use crate::markdown::{self, CodeOptions, code_block_with};
use crate::site::refs::{self, RefError};

use super::hugo::Shared;
use super::hugo::contexts::Shortcode as GoShortcode;
use super::hugo::functions::SiteFunctions;
use super::hugo::values::{Page as GoPage, Site as GoSite};
use super::{Context, Templates};

/// The built-in shortcodes that show what is between their tags, and mean nothing without it.
const PAIRED: &[&str] = &[
    "details",
    "highlight",
    "mermaid",
    "callout",
    "admonition",
    "notice",
    "alert",
    "hint",
    "tabs",
    "tabpane",
    "tab",
    "cards",
    "steps",
    "table",
];

/// The shortcodes of page `page`.
pub struct PageShortcodes<'a> {
    templates: &'a Templates,
    ctx: &'a Context,
    site_value: &'a Value,
    page: usize,
    page_value: OnceLock<Value>,
    looked_up: Arc<AtomicBool>,
    /// What the site's Go templates share, made when the first one runs.
    go_shared: OnceLock<Arc<Shared>>,
    /// Each Go shortcode's `.Scratch`, by where it starts in the body (a child reaches its
    /// parent's as `.Parent.Scratch`); the page's own under `usize::MAX`.
    scratches: Mutex<HashMap<usize, inkstone_gotemplate::Value>>,
    /// What `warnf` said, with where the shortcode starts.
    go_warnings: Mutex<Vec<Problem>>,
    /// The page's inline shortcodes (`{{< x.inline >}}…{{< /x.inline >}}`), for their lone uses.
    inline: Mutex<HashMap<String, String>>,
}

impl<'a> PageShortcodes<'a> {
    pub fn new(
        templates: &'a Templates,
        ctx: &'a Context,
        site_value: &'a Value,
        page: usize,
    ) -> Self {
        PageShortcodes {
            templates,
            ctx,
            site_value,
            page,
            page_value: OnceLock::new(),
            looked_up: Arc::new(AtomicBool::new(false)),
            go_shared: OnceLock::new(),
            scratches: Mutex::new(HashMap::new()),
            go_warnings: Mutex::new(Vec::new()),
            inline: Mutex::new(HashMap::new()),
        }
    }

    /// The files the site's Go templates published (`resources.Get`, `ExecuteAsTemplate`),
    /// by their path in the output folder.
    pub fn take_published(&self) -> Vec<(String, super::hugo::values::Published)> {
        self.go_shared
            .get()
            .map(|s| s.publisher.take())
            .unwrap_or_default()
    }

    /// The warnings the site's Go templates gave (`warnf`), each at its shortcode.
    pub fn take_warnings(&self) -> Vec<Problem> {
        self.go_warnings
            .lock()
            .map(|mut w| std::mem::take(&mut *w))
            .unwrap_or_default()
    }

    fn shared(&self) -> &Arc<Shared> {
        self.go_shared.get_or_init(|| {
            let go = &self.templates.go;
            Arc::new(Shared {
                ctx: self.ctx.clone(),
                data: go.data.clone(),
                source: go.source.clone(),
                asset_dirs: go.asset_dirs.clone(),
                publisher: Arc::default(),
                contents: go.contents.clone(),
            })
        })
    }

    fn scratch(&self, at: usize) -> inkstone_gotemplate::Value {
        match self.scratches.lock() {
            Ok(mut map) => map
                .entry(at)
                .or_insert_with(inkstone_gotemplate::funcs::Scratch::value)
                .clone(),
            Err(_) => inkstone_gotemplate::funcs::Scratch::value(),
        }
    }

    /// This page for Go templates, with its `.Scratch` shared by all of them.
    pub(super) fn go_page(&self) -> inkstone_gotemplate::Value {
        inkstone_gotemplate::Value::object(GoPage {
            shared: self.shared().clone(),
            index: self.page,
            scratch: Some(self.scratch(usize::MAX)),
        })
    }

    /// The file a shortcode or hook is in, for `.Position`.
    pub(super) fn position(&self) -> String {
        self.ctx.site.pages[self.page]
            .page
            .file
            .display()
            .to_string()
    }

    /// Runs Go template `name` with `data`; what it warned is kept for the build's report.
    pub(super) fn run_go(
        &self,
        name: &str,
        data: &inkstone_gotemplate::Value,
        at: usize,
    ) -> Result<String, Diagnostic> {
        self.run_go_with(name, None, data, at, false)
            .map(|(html, _)| html)
    }

    /// Like [`Self::run_go`]; `inline` is the template's own text, for inline shortcodes.
    /// `protect`: the output is read as Markdown, and what `.RenderString` gave is returned
    /// apart, marked in it.
    fn run_go_with(
        &self,
        name: &str,
        inline: Option<&str>,
        data: &inkstone_gotemplate::Value,
        at: usize,
        protect: bool,
    ) -> Result<(String, Vec<String>), Diagnostic> {
        self.looked_up.store(true, Ordering::Relaxed);
        let functions = SiteFunctions {
            shared: self.shared(),
            page: self.page,
            page_value: self.go_page(),
            warnings: Mutex::new(Vec::new()),
            hooks: self,
            protected: protect.then(|| Mutex::new(Vec::new())),
        };
        let result = match inline {
            Some(source) => self
                .templates
                .go
                .render_inline(name, source, data, &functions),
            None => self.templates.go.render(name, data, &functions),
        };
        let warnings = functions.warnings.into_inner().unwrap_or_default();
        if !warnings.is_empty()
            && let Ok(mut kept) = self.go_warnings.lock()
        {
            kept.extend(warnings.into_iter().map(|message| Problem {
                at,
                diagnostic: Diagnostic::warning(message),
            }));
        }
        let protected = functions
            .protected
            .and_then(|p| p.into_inner().ok())
            .unwrap_or_default();
        result.map(|html| (html, protected))
    }

    /// A Go shortcode's output as the expander takes it.
    fn go_expansion((output, protected): (String, Vec<String>)) -> Expansion {
        if protected.is_empty() {
            Expansion::Markup(output)
        } else {
            Expansion::Protected {
                markdown: output,
                html: protected,
            }
        }
    }

    /// Hugo's inline shortcodes: the text between the tags is the template, run where it is
    /// written and again wherever `{{< name.inline />}}` follows; only with
    /// `enableInlineShortcodes`, as in Hugo.
    fn inline_shortcode(&self, call: &Call<'_>) -> Result<Expansion, Diagnostic> {
        let enabled = crate::format::get_ci(&self.ctx.config.raw, "enableInlineShortcodes")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false);
        if !enabled {
            return Err(Diagnostic::warning(format!(
                "the inline shortcode `{}` is not run and shows nothing, as in Hugo: set enableInlineShortcodes = true in the config to run it",
                call.name
            ))
            .with_hint("set enableInlineShortcodes = true in the config to run it"));
        }
        let source = match call.inner {
            Some(inner) => {
                if let Ok(mut inline) = self.inline.lock() {
                    inline.insert(call.name.to_owned(), inner.to_owned());
                }
                inner.to_owned()
            }
            None => self
                .inline
                .lock()
                .ok()
                .and_then(|inline| inline.get(call.name).cloned())
                .ok_or_else(|| {
                    Diagnostic::error(format!(
                        "the inline shortcode `{}` is used before it is written",
                        call.name
                    ))
                })?,
        };
        let context = self.go_context(call);
        let ran = self.run_go_with(call.name, Some(&source), &context, call.at, call.markdown)?;
        Ok(Self::go_expansion(ran))
    }

    fn go_shortcode(&self, call: &Call<'_>) -> Result<Expansion, Diagnostic> {
        let context = self.go_context(call);
        let name = format!("shortcodes/{}.html", call.name);
        let ran = self.run_go_with(&name, None, &context, call.at, call.markdown)?;
        Ok(Self::go_expansion(ran))
    }

    fn go_context(&self, call: &Call<'_>) -> inkstone_gotemplate::Value {
        let page = self.go_page();
        let site = GoSite::value(self.shared());
        let parent = call.parent.map(|p| {
            Arc::new(GoShortcode {
                name: p.name.clone(),
                args: p.args.clone(),
                inner: None,
                ordinal: 0,
                position: self.position(),
                page: page.clone(),
                site: site.clone(),
                scratch: self.scratch(p.span.start),
                parent: None,
            })
        });
        let context = GoShortcode {
            name: call.name.to_owned(),
            args: call.args.clone(),
            inner: call.inner_html.or(call.inner).map(str::to_owned),
            ordinal: call.ordinal,
            position: self.position(),
            page,
            site,
            scratch: self.scratch(call.at),
            parent,
        };
        inkstone_gotemplate::Value::object(context)
    }

    /// Whether a shortcode used other pages than this one (`ref`, `children`).
    pub fn looked_up_pages(&self) -> bool {
        self.looked_up.load(Ordering::Relaxed)
    }

    pub(super) fn templates(&self) -> &Templates {
        self.templates
    }

    /// The page, as shortcodes and hooks see it: everything but its own text.
    pub(super) fn page_value(&self) -> Value {
        self.page_value
            .get_or_init(|| self.ctx.summary_value(self.page, None))
            .clone()
    }

    pub(super) fn site_value(&self) -> Value {
        self.site_value.clone()
    }

    fn template_values(&self, call: &Call<'_>) -> Value {
        let page = self.page_value();
        let ctx = self.ctx.clone();
        let index = self.page;
        let resource_url =
            Value::from_function(move |src: String| ctx.asset_url(&ctx.site.pages[index], &src));
        let ctx = self.ctx.clone();
        let looked_up = Arc::clone(&self.looked_up);
        let children = Value::from_function(move || {
            looked_up.store(true, Ordering::Relaxed);
            children(&ctx, index)
        });
        Value::from_pairs([
            ("name", Value::from(call.name)),
            ("args", args_value(call.args)),
            (
                "inner",
                call.inner
                    .map_or(Value::from(()), |i| Value::from_safe_string(i.to_owned())),
            ),
            ("markdown", Value::from(call.markdown)),
            ("ordinal", Value::from(call.ordinal)),
            ("parent", Value::from(call.parent.map(|p| p.name.as_str()))),
            ("page", page),
            ("site", self.site_value.clone()),
            ("resource_url", resource_url),
            ("children", children),
        ])
    }

    fn builtin(&self, call: &Call<'_>) -> Result<Expansion, Diagnostic> {
        let html = match call.name {
            "ref" => self.reference(call, true)?,
            "relref" => self.reference(call, false)?,
            "param" => self.param(call)?,
            "highlight" => {
                let lang = text_arg(call.args, 0, "lang").unwrap_or_default();
                let code = call.inner.unwrap_or("").trim_matches(['\n', '\r']);
                let options =
                    CodeOptions::parse(&text_arg(call.args, 1, "options").unwrap_or_default());
                let mut html = String::new();
                code_block_with(&mut html, code, &lang, &options);
                html
            }
            "qr" => qr(call)?,
            // Drawn as a ```mermaid fence is, warnings and all.
            "mermaid" => {
                let diagram = call.inner.unwrap_or("").trim_matches(['\n', '\r']);
                return Ok(Expansion::Markdown(format!(
                    "\n```mermaid\n{diagram}\n```\n"
                )));
            }
            _ => return Ok(Expansion::Unknown),
        };
        Ok(Expansion::Html(html))
    }

    /// `ref` gives the page's permalink, `relref` its URL from the site's root.
    fn reference(&self, call: &Call<'_>, absolute: bool) -> Result<String, Diagnostic> {
        let written = text_arg(call.args, 0, "path").unwrap_or_default();
        let (path, fragment) = match written.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (written.as_str(), None),
        };
        let site = &self.ctx.site;
        self.looked_up.store(true, Ordering::Relaxed);
        let target = if path.is_empty() {
            Ok(self.page)
        } else {
            refs::find(site, self.page, path)
        };
        let target = target.map_err(|e| match e {
            RefError::NotFound => {
                Diagnostic::error(format!("{}: no page is found at {written:?}", call.name))
                    .with_hint(
                        "write the path from content/ (\"/posts/my-post\") or beside this page",
                    )
            }
            RefError::Ambiguous(pages) => Diagnostic::error(format!(
                "{}: {written:?} could be any of {}",
                call.name,
                pages.join(", ")
            ))
            .with_hint("write the page's path from content/ to say which"),
        })?;
        let path = &site.pages[target].path;
        let mut url = if absolute {
            self.ctx.permalink(path)
        } else {
            self.ctx.url(path)
        };
        if let Some(fragment) = fragment {
            url.push('#');
            url.push_str(fragment);
        }
        Ok(url)
    }

    /// A page's parameter, else the site's; `a.b` reaches into maps.
    fn param(&self, call: &Call<'_>) -> Result<String, Diagnostic> {
        let key = text_arg(call.args, 0, "name")
            .ok_or_else(|| Diagnostic::error("param: no parameter is named"))?;
        let page = Json::Object(self.ctx.site.pages[self.page].page.params.clone());
        let site = self.ctx.config.params();
        [page, site]
            .iter()
            .find_map(|params| dotted(params, &key))
            .map(|v| match v {
                Json::String(s) => s.clone(),
                other => other.to_string(),
            })
            .ok_or_else(|| {
                Diagnostic::error(format!("param: neither the page nor the site has {key:?}"))
                    .with_hint("set it in the page's front matter or under [params] in the config")
            })
    }
}

impl Host for PageShortcodes<'_> {
    fn unsafe_html(&self) -> bool {
        self.ctx.config.unsafe_html
    }

    fn hooks(&self) -> &dyn crate::markdown::hooks::Hooks {
        self
    }

    fn expand(&self, call: &Call<'_>) -> Result<Expansion, Diagnostic> {
        if call.name.ends_with(".inline") {
            return self.inline_shortcode(call);
        }
        let name = format!("shortcodes/{}.html", call.name);
        // The site's minijinja template first, then its Go one (Hugo's `layouts/`), then the
        // theme's and inkstone's own.
        let site_template = self.templates.has(&name) && !self.templates.is_theme_template(&name);
        let go = !site_template && self.templates.go.has_shortcode(call.name);
        // Hugo's rule for a site's shortcodes: one whose template reads what is between its
        // tags must have them. The theme's own say so by name, since some (`badge`, `card`)
        // take inner text only when given.
        let needs_inner = if site_template {
            self.templates.uses(&name, "inner")
        } else if go {
            self.templates.go.shortcode_reads_inner(call.name)
        } else {
            PAIRED.contains(&call.name)
        };
        if call.unclosed && needs_inner {
            return Err(Diagnostic::error(format!(
                "the shortcode `{0}` is never closed, and it shows what is between its tags",
                call.name
            ))
            .with_hint(format!(
                "add {{{{< /{0} >}}}} after its content, or write {{{{< {0} /> }}}} if it has none",
                call.name
            )));
        }
        if go {
            return self.go_shortcode(call);
        }
        if !self.templates.has(&name) {
            return self.builtin(call);
        }
        let html = self.templates.render(&name, self.template_values(call))?;
        // The theme's shortcodes give finished HTML whichever way they are written; a site's
        // `{{% %}}` gives Markdown, as in Hugo.
        Ok(if self.templates.is_theme_template(&name) {
            Expansion::Html(html)
        } else {
            Expansion::Markup(html)
        })
    }
}

fn args_value(args: &Args) -> Value {
    let one = |v: &Arg| match v {
        Arg::Text(s) => Value::from(s.clone()),
        Arg::Int(n) => Value::from(*n),
        Arg::Float(f) => Value::from(*f),
        Arg::Bool(b) => Value::from(*b),
    };
    match args {
        Args::None => Value::from(Vec::<Value>::new()),
        Args::Positional(values) => Value::from(values.iter().map(one).collect::<Vec<_>>()),
        Args::Named(pairs) => Value::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), one(v)))),
    }
}

/// Argument `index` if positional, `name` if named.
fn text_arg(args: &Args, index: usize, name: &str) -> Option<String> {
    args.get_index(index)
        .or_else(|| args.get_named(name))
        .map(Arg::to_text)
}

fn dotted<'j>(value: &'j Json, key: &str) -> Option<&'j Json> {
    key.split('.').try_fold(value, |v, part| match v {
        Json::Object(map) => get_ci(map, part),
        _ => None,
    })
}

/// The pages below a section page, or beside a regular one: its section's subsections, then
/// its pages, as lists show them.
fn children(ctx: &Context, index: usize) -> Value {
    let site = &ctx.site;
    let section = site
        .sections
        .iter()
        .position(|s| s.page == index)
        .or(site.pages[index].section);
    let Some(section) = section.and_then(|s| site.sections.get(s)) else {
        return Value::from(Vec::<Value>::new());
    };
    let pages: Vec<Value> = section
        .subsections
        .iter()
        .filter_map(|&s| site.sections.get(s).map(|s| s.page))
        .chain(section.pages.iter().copied())
        .filter(|&p| p != index)
        .map(|p| ctx.summary_value(p, None))
        .collect();
    Value::from(pages)
}

/// What a `data:` URL in a quoted attribute cannot hold as it is.
const DATA_URL: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b' ');

/// A QR code of `text` (or the inner text) as an SVG picture, drawn at build time.
fn qr(call: &Call<'_>) -> Result<String, Diagnostic> {
    let text = call
        .args
        .get_named("text")
        .or_else(|| call.args.get_index(0))
        .map(Arg::to_text)
        .or_else(|| call.inner.map(|i| i.trim().to_owned()))
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Diagnostic::error("qr: nothing to encode; give text=\"…\""))?;
    let level = match call.args.get_named("level").map(Arg::to_text).as_deref() {
        Some("low") => qrcode::EcLevel::L,
        Some("quartile") => qrcode::EcLevel::Q,
        Some("high") => qrcode::EcLevel::H,
        _ => qrcode::EcLevel::M,
    };
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), level)
        .map_err(|e| Diagnostic::error(format!("qr: cannot encode this text: {e}")))?;
    // One unit a module: the picture is small, and the browser scales it without blur.
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .build();
    let svg = svg.split_once("?>").map_or(svg.as_str(), |(_, rest)| rest);
    let attr = |name: &str| call.args.get_named(name).map(Arg::to_text);
    let mut html = String::from("<img src=\"data:image/svg+xml,");
    html.push_str(&percent_encoding::utf8_percent_encode(svg, DATA_URL).to_string());
    html.push('"');
    let side = (code.width() + 8) * 4;
    html.push_str(&format!(" width=\"{side}\" height=\"{side}\""));
    let alt = attr("alt").unwrap_or_else(|| format!("QR code: {text}"));
    for (name, value) in [
        ("alt", Some(alt)),
        ("class", attr("class")),
        ("id", attr("id")),
        ("title", attr("title")),
    ] {
        if let Some(value) = value {
            html.push_str(&format!(" {name}=\""));
            let _ = pulldown_cmark_escape::escape_html(&mut html, &value);
            html.push('"');
        }
    }
    html.push('>');
    Ok(html)
}

/// A block of Markdown as HTML, for shortcodes' inner text: `{{ inner | markdown }}`.
pub fn markdown_block(text: &str, unsafe_html: bool) -> Value {
    let options = markdown::Options {
        unsafe_html,
        summary_length: 0,
        has_cjk: Some(false),
        emoji: false,
        math: markdown::math::Delimiters::default(),
        extensions: markdown::Extensions::default(),
        alert_titles: None,
    };
    Value::from_safe_string(markdown::render_markdown(text, &options).html)
}
