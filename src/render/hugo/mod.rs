//! A Hugo site's own Go templates: its shortcodes (`layouts/shortcodes/`,
//! `layouts/_shortcodes/`), render hooks (`layouts/_default/_markup/`, `layouts/_markup/`) and
//! the partials they call (`layouts/partials/`, `layouts/_partials/`), from the site and then its
//! themes, run by `inkstone-gotemplate` over the values in `values.rs` with the functions in
//! `functions.rs`. A minijinja template of the same name in `templates/` is used first.

pub mod contexts;
pub mod functions;
pub mod pages;
pub mod resources;
pub mod values;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use inkstone_gotemplate::{Templates as GoTemplates, Value};

use crate::diagnostics::Diagnostic;
use crate::render::Context;

/// What every value of one page's templates shares.
pub struct Shared {
    pub ctx: Context,
    pub data: Value,
    /// The site's folder, for `readFile`.
    pub source: PathBuf,
    /// `assets/` of the site, then of each theme, for `resources.Get`.
    pub asset_dirs: Vec<PathBuf>,
    pub publisher: Arc<values::Publisher>,
    /// Other pages' text as HTML, made when a template first asks (see [`GoLayouts`]).
    pub contents: Contents,
}

/// Pages' text as HTML by the hash of their file: kept for the whole build (and for `serve`'s
/// builds while the templates stay), so a sidebar that reads every page's `.Content` on every
/// page converts each once.
pub type Contents = Arc<std::sync::Mutex<HashMap<u64, Arc<str>>>>;

impl Shared {
    pub fn content_of(&self, index: usize) -> Arc<str> {
        let Some(sp) = self.ctx.site.pages.get(index) else {
            return Arc::from("");
        };
        let key = sp.page.source_hash;
        if let Ok(contents) = self.contents.lock()
            && let Some(found) = contents.get(&key)
        {
            return found.clone();
        }
        let html: Arc<str> = Arc::from(values::content_without_shortcodes(
            sp,
            self.ctx.config.unsafe_html,
        ));
        if let Ok(mut contents) = self.contents.lock() {
            if contents.len() > 200_000 {
                contents.clear();
            }
            contents.insert(key, html.clone());
        }
        html
    }
}

/// A template file, for diagnostics.
#[derive(Debug, Clone)]
struct Origin {
    file: PathBuf,
    source: Arc<str>,
}

#[derive(Debug, Clone, Default)]
pub struct GoLayouts {
    templates: GoTemplates,
    origins: HashMap<String, Origin>,
    /// Templates that did not parse: reported when something runs them.
    broken: HashMap<String, Diagnostic>,
    /// The names of the shortcodes and render hooks there are, asked about on every element.
    shortcodes: std::collections::HashSet<String>,
    hooks: std::collections::HashSet<String>,
    /// `.Site.Data`: every file of `data/`, by its path.
    pub data: Value,
    pub source: PathBuf,
    pub asset_dirs: Vec<PathBuf>,
    /// Hash of every template's name and text and of the data, for the build cache.
    pub fingerprint: u64,
    pub contents: Contents,
}

/// Whether a file below `layouts/` is one inkstone runs (a shortcode, a render hook, a partial).
pub fn is_used_layout(relative: &str) -> bool {
    canonical_name(relative).is_some()
}

/// The name a layout file is known by here, or none for a file shortcodes and hooks never use
/// (a page layout: inkstone's own theme renders pages).
fn canonical_name(relative: &str) -> Option<String> {
    let relative = relative.replace('\\', "/");
    let (kind, rest) = relative.split_once('/')?;
    match kind {
        "shortcodes" | "_shortcodes" if rest.ends_with(".html") => {
            Some(format!("shortcodes/{rest}"))
        }
        "partials" | "_partials" => Some(format!("partials/{rest}")),
        "_markup" if rest.starts_with("render-") && rest.ends_with(".html") => {
            Some(format!("_markup/{rest}"))
        }
        "_default" => {
            let hook = rest.strip_prefix("_markup/")?;
            (hook.starts_with("render-") && hook.ends_with(".html"))
                .then(|| format!("_markup/{hook}"))
        }
        _ => None,
    }
}

impl GoLayouts {
    /// Reads the layouts below `layout_dirs` (the site's first: a name it has hides a theme's)
    /// and the data below `data_dirs`.
    pub fn load(
        source: &Path,
        layout_dirs: &[String],
        data_dirs: &[String],
        asset_dirs: Vec<PathBuf>,
    ) -> (GoLayouts, Vec<Diagnostic>) {
        let mut layouts = GoLayouts {
            templates: GoTemplates::html(),
            source: source.to_path_buf(),
            asset_dirs,
            ..GoLayouts::default()
        };
        let mut problems = Vec::new();
        let mut named: Vec<(String, Arc<str>)> = Vec::new();
        for dir in layout_dirs {
            let listing =
                crate::files::files_below(&source.join(dir), crate::files::is_hidden_or_temp);
            for (relative, file) in listing.files {
                let Some(name) = canonical_name(&relative) else {
                    continue;
                };
                if layouts.origins.contains_key(&name) {
                    continue;
                }
                match std::fs::read_to_string(&file) {
                    Ok(text) => {
                        let text: Arc<str> = Arc::from(text);
                        named.push((name.clone(), text.clone()));
                        layouts.origins.insert(name, Origin { file, source: text });
                    }
                    Err(e) => problems.push(
                        Diagnostic::error(format!("cannot read this template: {e}")).in_file(&file),
                    ),
                }
            }
        }
        named.sort();
        for (name, _) in &named {
            if let Some(shortcode) = name
                .strip_prefix("shortcodes/")
                .and_then(|n| n.strip_suffix(".html"))
            {
                layouts.shortcodes.insert(shortcode.to_owned());
            }
            if let Some(hook) = name
                .strip_prefix("_markup/")
                .and_then(|n| n.strip_suffix(".html"))
            {
                layouts.hooks.insert(hook.to_owned());
            }
        }
        for (name, text) in &named {
            if let Err(e) = layouts.templates.add(name, text, &Known) {
                let diagnostic = layouts.diagnostic(&e, name);
                layouts.broken.insert(name.clone(), diagnostic);
            }
        }
        // Data and assets are read only by Go templates: a site without any reads neither.
        if layouts.origins.is_empty() {
            return (layouts, problems);
        }
        let (data, data_problems) = load_data(source, data_dirs);
        problems.extend(data_problems);
        // What templates may read from `assets/` counts too: a changed file renders the pages
        // again.
        let assets: Vec<(String, Option<(u64, u128)>)> = layouts
            .asset_dirs
            .iter()
            .flat_map(|dir| crate::files::files_below(dir, crate::files::is_hidden_or_temp).files)
            .map(|(rel, file)| (rel, crate::files::stamp(&file)))
            .collect();
        layouts.fingerprint = crate::hash::hash_of(&(&named, data.to_text(), &assets));
        layouts.data = data;
        (layouts, problems)
    }

    pub fn has_shortcode(&self, name: &str) -> bool {
        self.shortcodes.contains(name)
    }

    pub fn has_hook(&self, name: &str) -> bool {
        self.hooks.contains(name)
    }

    /// Whether a shortcode's template reads `.Inner`: Hugo's sign that it must be closed.
    pub fn shortcode_reads_inner(&self, name: &str) -> bool {
        self.origins
            .get(&format!("shortcodes/{name}.html"))
            .is_some_and(|o| o.source.contains(".Inner"))
    }

    /// Runs template `name` over `data`.
    pub fn render(
        &self,
        name: &str,
        data: &Value,
        functions: &functions::SiteFunctions<'_>,
    ) -> Result<String, Diagnostic> {
        if let Some(broken) = self.broken.get(name) {
            return Err(broken.clone());
        }
        self.templates
            .execute(name, data, functions)
            .map_err(|e| self.diagnostic(&e, name))
    }

    /// Runs an inline shortcode's template, written in the content file.
    pub fn render_inline(
        &self,
        name: &str,
        source: &str,
        data: &Value,
        functions: &functions::SiteFunctions<'_>,
    ) -> Result<String, Diagnostic> {
        self.templates
            .execute_source(name, source, data, functions)
            .map_err(|e| {
                Diagnostic::error(format!("inline shortcode {name}: {}", e.message))
                    .with_hint("the template is the text between the shortcode's tags")
            })
    }

    fn diagnostic(&self, error: &inkstone_gotemplate::Error, name: &str) -> Diagnostic {
        let place = error.place.as_ref();
        let file_name = place.map_or(name, |p| &*p.file);
        let diagnostic = Diagnostic::error(format!("Go template: {}", error.message)).with_hint(
            "fix the template, or replace it with a minijinja one of the same name in templates/ (templates/shortcodes/NAME.html, templates/_markup/render-KIND.html), which inkstone uses first",
        );
        match (self.origins.get(file_name), place) {
            (Some(origin), Some(place)) => {
                diagnostic
                    .in_file(&origin.file)
                    .at(&origin.source, place.line, place.column)
            }
            (Some(origin), None) => diagnostic.in_file(&origin.file),
            _ => diagnostic,
        }
    }
}

/// The names templates may call, for parsing (a page's functions answer at run time).
struct Known;

impl inkstone_gotemplate::Functions for Known {
    fn has(&self, name: &str) -> bool {
        functions::known(name)
    }

    fn call(
        &self,
        name: &str,
        _: &[Value],
        _: &mut inkstone_gotemplate::Call<'_>,
    ) -> Result<Value, String> {
        Err(format!("{name} cannot run while templates load"))
    }
}

/// Every `data/` file as a map by its path (`data/a/b.yaml` is `.Site.Data.a.b`); a theme's
/// files first, the site's over them.
fn load_data(source: &Path, data_dirs: &[String]) -> (Value, Vec<Diagnostic>) {
    let mut root = serde_json::Map::new();
    let mut problems = Vec::new();
    for dir in data_dirs.iter().rev() {
        let listing = crate::files::files_below(&source.join(dir), crate::files::is_hidden_or_temp);
        for (relative, file) in listing.files {
            let relative = relative.replace('\\', "/");
            let Some((stem, ext)) = relative.rsplit_once('.') else {
                continue;
            };
            let Some(format) = crate::format::Format::from_extension(ext) else {
                continue;
            };
            let value = std::fs::read_to_string(&file)
                .map_err(|e| e.to_string())
                .and_then(|text| data_value(format, &text));
            match value {
                Ok(value) => insert_path(&mut root, &stem.split('/').collect::<Vec<_>>(), value),
                Err(message) => problems.push(
                    Diagnostic::warning(format!("this data file is not read: {message}"))
                        .in_file(&file),
                ),
            }
        }
    }
    (
        values::from_json(&serde_json::Value::Object(root)),
        problems,
    )
}

/// A data file's value: a map, or (YAML and JSON) a list or a scalar.
fn data_value(format: crate::format::Format, text: &str) -> Result<serde_json::Value, String> {
    match format {
        crate::format::Format::Json => serde_json::from_str(text).map_err(|e| e.to_string()),
        crate::format::Format::Yaml => serde_saphyr::from_str(text).map_err(|e| e.to_string()),
        crate::format::Format::Toml => crate::format::parse(format, text)
            .map(|d| serde_json::Value::Object(d.map))
            .map_err(|e| e.message),
    }
}

fn insert_path(
    map: &mut serde_json::Map<String, serde_json::Value>,
    path: &[&str],
    value: serde_json::Value,
) {
    match path {
        [] => {}
        [last] => {
            map.insert((*last).to_owned(), value);
        }
        [first, rest @ ..] => {
            let entry = map
                .entry((*first).to_owned())
                .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
            if !entry.is_object() {
                *entry = serde_json::Value::Object(serde_json::Map::new());
            }
            if let serde_json::Value::Object(inner) = entry {
                insert_path(inner, rest, value);
            }
        }
    }
}
