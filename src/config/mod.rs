//! Site configuration: Hugo's config files and keys, all optional.

mod checks;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use serde_json::{Map, Value};

use crate::diagnostics::Diagnostic;
use crate::format::{self, Format, as_bool, as_i64, get_ci, scalar_string};

/// Files read, in Hugo's order of preference; `inkstone.toml` is read on top of whichever is found.
const HUGO_CONFIG_FILES: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
];
const INKSTONE_CONFIG_FILE: &str = "inkstone.toml";

#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// The front matter key and URL segment, e.g. `tags`.
    pub plural: String,
    pub singular: String,
}

/// One language of a site, from `[languages.<code>]` (or the only one, when there is none).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Language {
    /// As the config names it, lowercased: `zh`, `en`, `pt-br`.
    pub code: String,
    pub name: String,
    /// For `<html lang>` and `hreflang`: `languageCode` of the language, else its code.
    pub tag: String,
    pub weight: i64,
    /// Its own content folder (`contentDir`), relative to the site's folder.
    pub content_dir: Option<String>,
    /// What its URLs start with: `""`, or `"/zh"` for a language other than the default one
    /// (and for every language with `defaultContentLanguageInSubdir`).
    pub prefix: String,
}

/// A folder whose files are content: `content/` by default, else what `contentDir` or Hugo's
/// `[[module.mounts]]` (`source = "content/en"`, `target = "content"`) say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentMount {
    /// Relative to the site's folder.
    pub source: String,
    /// Where its files go below the content root: `""`, or `blog` for `target = "content/blog"`.
    pub target: String,
    /// The language of its files (a file's own suffix wins); the default language when `None`.
    pub lang: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Config {
    /// What looks wrong in the config but builds, as it does with Hugo.
    pub warnings: Vec<Diagnostic>,
    /// Always ends with `/`; `/` when the site does not say.
    pub base_url: String,
    pub title: String,
    pub language_code: String,
    pub default_language: String,
    /// `None` when the config does not say: each page is then checked for CJK text.
    pub has_cjk_language: Option<bool>,
    pub pager_size: usize,
    pub summary_length: usize,
    pub taxonomies: Vec<Taxonomy>,
    /// The taxonomies of every language (a language may name its own, `[languages.fa.taxonomies]`):
    /// what the content stage reads from front matter before pages are sorted by language.
    pub all_taxonomies: Vec<Taxonomy>,
    /// Hugo's `pluralizeListTitles` and `capitalizeListTitles`: how titles are made up for
    /// sections, taxonomies and terms without one.
    pub pluralize_list_titles: bool,
    pub capitalize_list_titles: bool,
    /// Hugo's `enableGitInfo`: pages are last modified when Git last committed their file.
    pub enable_git_info: bool,
    /// Hugo's `disableAliases`: no redirect files (a site that makes its own, e.g. Netlify's).
    pub disable_aliases: bool,
    /// Hugo's `disablePathToLower`: paths keep the case their names are written in.
    pub disable_path_to_lower: bool,
    /// Section name to permalink pattern, for regular pages.
    pub permalinks: Vec<(String, String)>,
    pub time_zone: TimeZone,
    pub unsafe_html: bool,
    /// The Markdown extensions Hugo's config turns on or off.
    pub markup: Markup,
    pub rss_limit: Option<usize>,
    pub disabled_kinds: HashSet<String>,
    /// Page kinds (`home`, `section`, `taxonomy`, `term`) that get an RSS feed: Hugo's `outputs`.
    pub rss_kinds: HashSet<String>,
    pub publish_dir: String,
    /// Every key of the config as written, for templates.
    pub raw: Map<String, Value>,
    /// The theme's strings in the site's language (`i18n/`), filled in by the build.
    pub i18n: Map<String, Value>,
    pub files: Vec<PathBuf>,
    /// Every language of the site, the default one first; one when the config names none.
    pub languages: Vec<Language>,
    /// The folders content is read from, in the order they are walked.
    pub content_mounts: Vec<ContentMount>,
    /// Hugo's environment: `production` for `build`, `development` for `serve`.
    pub environment: String,
    /// The folders whose files are published as they are, relative to the site's folder: its
    /// own `static/` first (it wins), then each theme's (`theme`, `module.imports`) below
    /// `themesDir`, as Hugo merges them. inkstone uses none of a theme's templates, but posts
    /// link to a theme's images and icons.
    pub static_dirs: Vec<String>,
    /// Where Hugo's Go templates are (`layouts/`, then each theme's): a site's shortcodes,
    /// render hooks and the partials they call run from there.
    pub layout_dirs: Vec<String>,
    /// Where `.Site.Data` is read from (`data/`, then each theme's).
    pub data_dirs: Vec<String>,
    /// Where translations are read from (`i18n/`, then each theme's).
    pub i18n_dirs: Vec<String>,
    /// Where `new content` finds archetypes (`archetypes/`, then each theme's).
    pub archetype_dirs: Vec<String>,
    /// Whether the config names its languages (`[languages]`): the site is multilingual.
    pub multilingual: bool,
    /// Which of `languages` this config is for (see [`Config::for_language`]).
    pub language: usize,
}

/// What `[params.search]` says.
#[derive(Debug, Clone, Default)]
pub struct SearchSettings {
    pub enabled: bool,
    pub exclude: Vec<String>,
}

fn get_ci_value<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    match value {
        Value::Object(map) => get_ci(map, key),
        _ => None,
    }
}

impl Config {
    /// The language this config is for.
    pub fn lang(&self) -> &Language {
        // A config always has its default language; the fallback is for a config made by hand.
        static NONE: std::sync::OnceLock<Language> = std::sync::OnceLock::new();
        self.languages
            .get(self.language)
            .or_else(|| self.languages.last())
            .unwrap_or_else(|| NONE.get_or_init(Language::default))
    }

    /// Where this language's sitemap goes: `/sitemap.xml`, or `/<code>/sitemap.xml` when there
    /// are several languages and `/sitemap.xml` is the index of theirs.
    pub fn sitemap_path(&self) -> String {
        if self.multilingual && self.languages.len() > 1 {
            format!("/{}/sitemap.xml", self.lang().code)
        } else {
            "/sitemap.xml".to_owned()
        }
    }

    /// `path` (from the site's root, `/posts/`) inside this language's part of the site.
    pub fn lang_path(&self, path: &str) -> String {
        format!("{}{path}", self.lang().prefix)
    }

    /// The config as language `index` sees it: its title, `languageCode`, params (over the
    /// site's) and menus (instead of the site's) from `[languages.<code>]`.
    pub fn for_language(&self, index: usize) -> Config {
        let mut config = self.clone();
        config.language = index;
        let code = config.lang().code.clone();
        let Some(table) = language_table(&self.raw, &code) else {
            return config;
        };
        let text = |key: &str| get_ci(table, key).and_then(scalar_string);
        if let Some(title) = text("title") {
            config.title = title;
        }
        if let Some(code) = text("languageCode") {
            config.language_code = code;
        }
        if let Some(Value::Object(params)) = get_ci(table, "params") {
            let mut merged = match get_ci(&config.raw, "params") {
                Some(Value::Object(p)) => p.clone(),
                _ => Map::new(),
            };
            merge(&mut merged, params.clone());
            set_ci(&mut config.raw, "params", Value::Object(merged));
        }
        // Any other key (`copyright`, `author`, …) is the language's own value of the site's.
        const LANGUAGE_KEYS: &[&str] = &[
            "languagename",
            "languagecode",
            "languagedirection",
            "weight",
            "contentdir",
            "title",
            "params",
            "menus",
            "menu",
        ];
        for (key, value) in table {
            if !LANGUAGE_KEYS.contains(&key.to_ascii_lowercase().as_str()) {
                set_ci(&mut config.raw, key, value.clone());
            }
        }
        if get_ci(table, "taxonomies").is_some() {
            config.taxonomies = taxonomies(table);
        }
        if get_ci(table, "permalinks").is_some() {
            config.permalinks = permalinks(table);
        }
        if let Some(menus) = get_ci(table, "menus").or_else(|| get_ci(table, "menu")) {
            config
                .raw
                .retain(|k, _| !k.eq_ignore_ascii_case("menus") && !k.eq_ignore_ascii_case("menu"));
            config.raw.insert("menus".to_owned(), menus.clone());
        }
        config
    }
    /// The language the site is written in, as i18n files name it: `defaultContentLanguage`,
    /// else the language of `languageCode` (`zh-CN` → `zh-cn`).
    pub fn content_language(&self) -> String {
        if self.multilingual {
            return self.lang().code.clone();
        }
        let explicit = get_ci(&self.raw, "defaultContentLanguage").is_some();
        let tag = if explicit {
            &self.default_language
        } else {
            &self.language_code
        };
        tag.trim().to_ascii_lowercase().replace('_', "-")
    }

    /// The config as the build uses it: every key as written, and the values inkstone settled
    /// on (defaults, the command line's base URL) under Hugo's names. What `inkstone config`
    /// prints.
    pub fn effective(&self) -> Map<String, Value> {
        let mut map = self.raw.clone();
        let taxonomies: Map<String, Value> = self
            .taxonomies
            .iter()
            .map(|t| (t.singular.clone(), Value::String(t.plural.clone())))
            .collect();
        let mut disabled: Vec<&str> = self.disabled_kinds.iter().map(String::as_str).collect();
        disabled.sort();
        let settled = [
            ("baseURL", Value::String(self.base_url.clone())),
            ("title", Value::String(self.title.clone())),
            ("languageCode", Value::String(self.language_code.clone())),
            (
                "defaultContentLanguage",
                Value::String(self.default_language.clone()),
            ),
            ("publishDir", Value::String(self.publish_dir.clone())),
            ("summaryLength", Value::from(self.summary_length)),
            ("taxonomies", Value::Object(taxonomies)),
            ("disableKinds", Value::from(disabled)),
            ("environment", Value::String(self.environment.clone())),
        ];
        for (key, value) in settled {
            set_ci(&mut map, key, value);
        }
        let mut pagination = match get_ci(&map, "pagination") {
            Some(Value::Object(p)) => p.clone(),
            _ => Map::new(),
        };
        set_ci(&mut pagination, "pagerSize", Value::from(self.pager_size));
        set_ci(&mut map, "pagination", Value::Object(pagination));
        map
    }

    pub fn params(&self) -> Value {
        get_ci(&self.raw, "params")
            .cloned()
            .unwrap_or_else(|| Value::Object(Map::new()))
    }

    /// The built-in search (`[params.search]`): on unless `enable = false` or `disableKinds`
    /// names `search`; `exclude` holds globs of page paths (`/drafts/**`) left out of it.
    pub fn search(&self) -> SearchSettings {
        let params = self.params();
        let table = get_ci_value(&params, "search");
        let enabled = as_bool(table.and_then(|t| get_ci_value(t, "enable"))).unwrap_or(true);
        let exclude = match table.and_then(|t| get_ci_value(t, "exclude")) {
            Some(Value::Array(items)) => items.iter().filter_map(scalar_string).collect(),
            Some(one) => scalar_string(one).into_iter().collect(),
            None => Vec::new(),
        };
        SearchSettings {
            enabled: enabled && self.kind_enabled("search"),
            exclude,
        }
    }

    pub fn kind_enabled(&self, kind: &str) -> bool {
        !self.disabled_kinds.contains(kind)
    }

    /// Whether pages of `kind` get a feed: RSS is on and `outputs` lists it for the kind.
    pub fn feed_enabled(&self, kind: &str) -> bool {
        self.kind_enabled("rss") && self.rss_kinds.contains(kind)
    }

    /// A site-absolute URL for `path` (which starts with `/`), under the base URL.
    pub fn absolute_url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }

    /// The path part of the base URL, so sites served from a sub-folder link correctly.
    pub fn base_path(&self) -> &str {
        match self.base_url.find("://") {
            Some(i) => {
                let rest = &self.base_url[i + 3..];
                rest.find('/').map_or("/", |j| &rest[j..])
            }
            None => &self.base_url,
        }
    }

    /// A URL relative to the host, for links inside the site.
    pub fn relative_url(&self, path: &str) -> String {
        format!("{}{}", self.base_path(), path.trim_start_matches('/'))
    }
}

/// Hugo's environments: `build` reads `config/production/`, `serve` reads `config/development/`.
pub const PRODUCTION: &str = "production";
pub const DEVELOPMENT: &str = "development";

/// Whether a file (relative to the site's folder) is one [`load`] reads or may read.
pub fn is_config_file(rel: &Path) -> bool {
    let mut parts = rel.components();
    match (parts.next(), parts.next()) {
        (Some(first), None) => {
            let name = first.as_os_str().to_string_lossy();
            HUGO_CONFIG_FILES.contains(&name.as_ref()) || name == INKSTONE_CONFIG_FILE
        }
        (Some(first), Some(_)) => first.as_os_str() == "config",
        _ => false,
    }
}

/// Reads the site's config files from `source` for `environment` (a folder of `config/` read
/// after `config/_default/`); with none, derives everything from defaults.
pub fn load(source: &Path, environment: &str) -> Result<Config, Vec<Diagnostic>> {
    load_with(source, environment, &[])
}

/// Like [`load`], reading `files` (Hugo's `--config a.toml,b.toml`: later ones win; relative to
/// the site's folder) instead of `hugo.toml` or `config.toml`. The config folder is still read
/// on top, as Hugo does.
pub fn load_with(
    source: &Path,
    environment: &str,
    files_given: &[PathBuf],
) -> Result<Config, Vec<Diagnostic>> {
    let mut raw = Map::new();
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let hugo_files: Vec<PathBuf> = if files_given.is_empty() {
        HUGO_CONFIG_FILES
            .iter()
            .map(|name| source.join(name))
            .find(|path| path.is_file())
            .into_iter()
            .collect()
    } else {
        files_given.iter().map(|f| source.join(f)).collect()
    };
    for missing in hugo_files.iter().filter(|f| !f.is_file()) {
        problems.push(
            Diagnostic::error("there is no config file here")
                .in_file(missing)
                .with_hint(
                    "--config takes config files, comma-separated, relative to the site's folder",
                ),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let inkstone_file = Some(source.join(INKSTONE_CONFIG_FILE)).filter(|p| p.is_file());
    let layered = config_dir_files(&source.join("config"), environment);
    let plain = hugo_files.into_iter().map(|p| (p, None));
    let top = inkstone_file.into_iter().map(|p| (p, None));
    for (path, key) in plain.chain(layered).chain(top) {
        match read_config_file(&path) {
            Ok(map) => match key {
                Some(key) => merge(&mut raw, Map::from_iter([(key, Value::Object(map))])),
                None => merge(&mut raw, map),
            },
            Err(diagnostic) => problems.push(diagnostic),
        }
        files.push(path);
    }
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = checks::check(&raw, &files)
        .into_iter()
        .partition(Diagnostic::is_error);
    problems.extend(errors);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut config = from_map(raw, files, source).map_err(|d| vec![d])?;
    config.warnings = warnings;
    config.environment = environment.to_owned();
    Ok(config)
}

/// Hugo's config folder: `config/_default/` and then `config/production/` (what `hugo` builds),
/// where `hugo.toml` or `config.toml` holds top-level keys and any other file the key it is named
/// after (`params.toml` → `params`, `menus.toml` → `menus`).
fn config_dir_files(dir: &Path, environment: &str) -> Vec<(PathBuf, Option<String>)> {
    let mut found = Vec::new();
    for folder in ["_default", environment] {
        let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .filter(|p| {
                p.extension()
                    .and_then(|e| e.to_str())
                    .and_then(Format::from_extension)
                    .is_some()
            })
            .collect();
        files.sort();
        for path in files {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let key = (stem != "hugo" && stem != "config").then_some(stem);
            found.push((path, key));
        }
    }
    found
}

/// Reads a TOML, YAML or JSON file (by its extension) into a map, with a diagnostic pointing at
/// what keeps it from parsing.
pub fn read_config_file(path: &Path) -> Result<Map<String, Value>, Diagnostic> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let format = Format::from_extension(ext).unwrap_or(Format::Toml);
    let text = std::fs::read_to_string(path).map_err(|e| {
        Diagnostic::error(format!("cannot read the config file: {e}")).in_file(path)
    })?;
    match format::parse(format, &text) {
        Ok(doc) => Ok(doc.map),
        Err(e) => {
            let mut d = Diagnostic::error(format!("invalid {}: {}", format.name(), e.message))
                .in_file(path)
                .with_hint(format!("fix the {} syntax at this place", format.name()));
            if let Some(at) = e.at {
                d = d.at(&text, at.line, at.column);
            }
            Err(d)
        }
    }
}

fn language_table<'a>(raw: &'a Map<String, Value>, code: &str) -> Option<&'a Map<String, Value>> {
    match get_ci(raw, "languages") {
        Some(Value::Object(languages)) => match get_ci(languages, code) {
            Some(Value::Object(table)) => Some(table),
            _ => None,
        },
        _ => None,
    }
}

/// Sets `key`, replacing the entry whatever the case it was written in.
fn set_ci(map: &mut Map<String, Value>, key: &str, value: Value) {
    map.retain(|k, _| !k.eq_ignore_ascii_case(key));
    map.insert(key.to_owned(), value);
}

/// The languages the config names, default first then by weight (unweighted last) and code;
/// or the one language of a site that names none.
fn languages(raw: &Map<String, Value>, default: &str) -> (Vec<Language>, bool) {
    let in_subdir = as_bool(get_ci(raw, "defaultContentLanguageInSubdir")).unwrap_or(false);
    let Some(Value::Object(tables)) = get_ci(raw, "languages") else {
        let only = Language {
            code: default.to_owned(),
            name: default.to_owned(),
            tag: default.to_owned(),
            weight: 0,
            content_dir: None,
            prefix: String::new(),
        };
        return (vec![only], false);
    };
    let mut languages: Vec<Language> = tables
        .iter()
        .map(|(code, table)| {
            let code = code.to_ascii_lowercase();
            let table = table.as_object();
            let text = |key: &str| table.and_then(|t| get_ci(t, key)).and_then(scalar_string);
            Language {
                name: text("languageName").unwrap_or_else(|| code.clone()),
                tag: text("languageCode").unwrap_or_else(|| code.clone()),
                weight: as_i64(table.and_then(|t| get_ci(t, "weight"))).unwrap_or(0),
                content_dir: text("contentDir")
                    .map(|d| d.trim_matches('/').to_owned())
                    .filter(|d| !d.is_empty()),
                prefix: String::new(),
                code,
            }
        })
        .collect();
    languages.sort_by_key(|l| {
        (
            l.code != default,
            if l.weight == 0 { i64::MAX } else { l.weight },
            l.code.clone(),
        )
    });
    if languages.is_empty() {
        return self::languages(&Map::new(), default);
    }
    // The first is the default language, even when `defaultContentLanguage` names none of them.
    for (i, language) in languages.iter_mut().enumerate() {
        language.prefix = if i == 0 && !in_subdir {
            String::new()
        } else {
            format!("/{}", language.code)
        };
    }
    (languages, true)
}

/// Later files win key by key, tables merged deeply, as Hugo merges its config layers.
fn merge(into: &mut Map<String, Value>, from: Map<String, Value>) {
    for (key, value) in from {
        match (into.get_mut(&key), value) {
            (Some(Value::Object(existing)), Value::Object(incoming)) => merge(existing, incoming),
            (_, value) => {
                into.insert(key, value);
            }
        }
    }
}

fn from_map(
    raw: Map<String, Value>,
    files: Vec<PathBuf>,
    source: &Path,
) -> Result<Config, Diagnostic> {
    let text = |key: &str| get_ci(&raw, key).and_then(scalar_string);
    let config_file = files
        .first()
        .cloned()
        .unwrap_or_else(|| source.to_path_buf());

    let base_url = normalize_base_url(&text("baseURL").unwrap_or_default());
    let title = text("title").unwrap_or_else(|| title_from_folder(source));
    let language_code = text("languageCode").unwrap_or_else(|| "en".to_owned());
    let default_language = text("defaultContentLanguage").unwrap_or_else(|| "en".to_owned());
    let (languages, multilingual) = languages(&raw, &default_language.to_ascii_lowercase());
    let pager_size = get_ci(&raw, "pagination")
        .and_then(|p| p.as_object())
        .and_then(|p| as_i64(get_ci(p, "pagerSize")))
        .or_else(|| as_i64(get_ci(&raw, "paginate")))
        .filter(|n| *n > 0)
        .unwrap_or(10) as usize;
    let summary_length = as_i64(get_ci(&raw, "summaryLength"))
        .filter(|n| *n > 0)
        .unwrap_or(70) as usize;
    let time_zone = match text("timeZone") {
        Some(name) => TimeZone::get(&name).map_err(|e| {
            Diagnostic::error(format!("unknown timeZone {name:?}: {e}"))
                .in_file(&config_file)
                .with_hint("use an IANA name such as \"Asia/Shanghai\" or \"UTC\"")
        })?,
        None => TimeZone::UTC,
    };
    let unsafe_html = nested(&raw, &["markup", "goldmark", "renderer", "unsafe"])
        .and_then(|v| as_bool(Some(v)))
        // Hugo omits raw HTML unless told otherwise; real content (the seeds among it) relies on
        // it, so inkstone passes it through unless the site turns it off.
        .unwrap_or(true);
    let rss_limit = nested(&raw, &["services", "rss", "limit"])
        .and_then(|v| as_i64(Some(v)))
        .or_else(|| as_i64(get_ci(&raw, "rssLimit")))
        .filter(|n| *n > 0)
        .map(|n| n as usize);
    let disabled_kinds = format::string_list(get_ci(&raw, "disableKinds"))
        .into_iter()
        .map(|k| k.to_ascii_lowercase())
        .collect();
    let publish_dir = text("publishDir").unwrap_or_else(|| "public".to_owned());
    let rss_kinds = rss_kinds(&raw);

    let content_mounts = content_mounts(&raw, &languages);
    let static_dirs = site_and_theme_dirs(&raw, "static");
    let layout_dirs = site_and_theme_dirs(&raw, "layouts");
    let data_dirs = site_and_theme_dirs(&raw, "data");
    let i18n_dirs = site_and_theme_dirs(&raw, "i18n");
    let archetype_dirs = site_and_theme_dirs(&raw, "archetypes");
    Ok(Config {
        warnings: Vec::new(),
        base_url,
        title,
        language_code,
        default_language,
        has_cjk_language: as_bool(get_ci(&raw, "hasCJKLanguage")),
        pager_size,
        summary_length,
        taxonomies: taxonomies(&raw),
        all_taxonomies: all_taxonomies(&raw, &languages),
        disable_path_to_lower: as_bool(get_ci(&raw, "disablePathToLower")).unwrap_or(false),
        disable_aliases: as_bool(get_ci(&raw, "disableAliases")).unwrap_or(false),
        enable_git_info: as_bool(get_ci(&raw, "enableGitInfo")).unwrap_or(false),
        pluralize_list_titles: as_bool(get_ci(&raw, "pluralizeListTitles")).unwrap_or(true),
        capitalize_list_titles: as_bool(get_ci(&raw, "capitalizeListTitles")).unwrap_or(true),
        permalinks: permalinks(&raw),
        time_zone,
        unsafe_html,
        markup: Markup::of(&raw),
        rss_limit,
        disabled_kinds,
        rss_kinds,
        publish_dir,
        raw,
        files,
        i18n: Map::new(),
        content_mounts,
        environment: PRODUCTION.to_owned(),
        static_dirs,
        layout_dirs,
        data_dirs,
        i18n_dirs,
        archetype_dirs,
        languages,
        multilingual,
        language: 0,
    })
}

/// What the site's config says of Markdown beyond raw HTML.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Markup {
    /// `enableEmoji`: `:smile:` as 😄.
    pub emoji: bool,
    /// Passthrough delimiters `\[…\]` / `\(…\)` name math.
    pub math_backslash: bool,
    /// Passthrough delimiters `$…$` name math.
    pub math_dollar: bool,
    pub extensions: Extensions,
}

/// Goldmark's extensions, each on unless the config turns it off, as in Hugo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extensions {
    pub typographer: bool,
    pub footnotes: bool,
    pub definition_lists: bool,
    pub tables: bool,
    pub strikethrough: bool,
    pub task_lists: bool,
    /// Bare URLs as links.
    pub linkify: bool,
    /// `renderer.hardWraps`: a line break in a paragraph is a `<br>`.
    pub hard_wraps: bool,
}

impl Extensions {
    /// Hugo's defaults.
    pub const HUGO: Extensions = Extensions {
        typographer: true,
        footnotes: true,
        definition_lists: true,
        tables: true,
        strikethrough: true,
        task_lists: true,
        linkify: true,
        hard_wraps: false,
    };
}

impl Default for Extensions {
    fn default() -> Self {
        Extensions::HUGO
    }
}

impl Markup {
    fn of(raw: &Map<String, Value>) -> Self {
        let passthrough = nested(raw, &["markup", "goldmark", "extensions", "passthrough"]);
        let enabled = passthrough
            .and_then(|p| p.as_object())
            .and_then(|p| as_bool(get_ci(p, "enable")))
            .unwrap_or(false);
        let pairs = |kind: &str| -> Vec<(String, String)> {
            let Some(Value::Array(list)) = passthrough
                .and_then(|p| p.as_object())
                .and_then(|p| nested(p, &["delimiters", kind]))
            else {
                return Vec::new();
            };
            list.iter()
                .filter_map(|pair| match pair.as_array()?.as_slice() {
                    [open, close] => Some((open.as_str()?.to_owned(), close.as_str()?.to_owned())),
                    _ => None,
                })
                .collect()
        };
        let all: Vec<(String, String)> =
            pairs("block").into_iter().chain(pairs("inline")).collect();
        let has = |open: &str, close: &str| all.iter().any(|(o, c)| o == open && c == close);
        let extensions =
            nested(raw, &["markup", "goldmark", "extensions"]).and_then(Value::as_object);
        let on = |key: &str| {
            extensions
                .and_then(|e| as_bool(get_ci(e, key)))
                .unwrap_or(true)
        };
        // `typographer = false` in old configs, `typographer.disable = true` since Hugo 0.112.
        let typographer = match extensions.and_then(|e| get_ci(e, "typographer")) {
            Some(Value::Object(t)) => !as_bool(get_ci(t, "disable")).unwrap_or(false),
            Some(other) => as_bool(Some(other)).unwrap_or(true),
            None => true,
        };
        Markup {
            extensions: Extensions {
                typographer,
                footnotes: on("footnote"),
                definition_lists: on("definitionList"),
                tables: on("table"),
                strikethrough: on("strikethrough"),
                task_lists: on("taskList"),
                linkify: on("linkify"),
                hard_wraps: nested(raw, &["markup", "goldmark", "renderer", "hardWraps"])
                    .and_then(|v| as_bool(Some(v)))
                    .unwrap_or(false),
            },
            emoji: as_bool(get_ci(raw, "enableEmoji")).unwrap_or(false),
            math_backslash: enabled && (has("\\[", "\\]") || has("\\(", "\\)")),
            math_dollar: enabled && pairs("inline").iter().any(|(o, c)| o == "$" && c == "$"),
        }
    }
}

fn nested<'a>(map: &'a Map<String, Value>, path: &[&str]) -> Option<&'a Value> {
    let (first, rest) = path.split_first()?;
    let value = get_ci(map, first)?;
    if rest.is_empty() {
        Some(value)
    } else {
        nested(value.as_object()?, rest)
    }
}

/// Hugo's `[outputs]`: every list kind has a feed unless its entry leaves RSS out.
fn rss_kinds(raw: &Map<String, Value>) -> HashSet<String> {
    let outputs = get_ci(raw, "outputs").and_then(Value::as_object);
    ["home", "section", "taxonomy", "term"]
        .into_iter()
        .filter(|kind| match outputs.and_then(|o| get_ci(o, kind)) {
            Some(formats) => format::string_list(Some(formats))
                .iter()
                .any(|f| f.eq_ignore_ascii_case("rss")),
            None => true,
        })
        .map(str::to_owned)
        .collect()
}

fn normalize_base_url(url: &str) -> String {
    let url = url.trim();
    if url.is_empty() {
        "/".to_owned()
    } else if url.ends_with('/') {
        url.to_owned()
    } else {
        format!("{url}/")
    }
}

/// "my-blog" → "My Blog": a site with no config still gets a readable title.
fn title_from_folder(source: &Path) -> String {
    let name = std::fs::canonicalize(source)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "My Site".to_owned());
    name.split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(crate::text::capitalize)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Hugo's rule: mounts the site's `module.mounts` give for `content` replace the default one;
/// without them each language reads its `contentDir`, else the site's, else `content/`.
fn content_mounts(raw: &Map<String, Value>, languages: &[Language]) -> Vec<ContentMount> {
    let declared: Vec<ContentMount> = nested(raw, &["module", "mounts"])
        .and_then(Value::as_array)
        .map(|mounts| {
            mounts
                .iter()
                .filter_map(Value::as_object)
                .filter_map(|mount| {
                    let text = |key: &str| get_ci(mount, key).and_then(scalar_string);
                    let source = text("source")?.trim_matches('/').to_owned();
                    let target = text("target")?;
                    let target = target.trim_matches('/');
                    let below = if target == "content" {
                        ""
                    } else {
                        target.strip_prefix("content/")?
                    };
                    Some(ContentMount {
                        source,
                        target: below.to_owned(),
                        lang: text("lang").map(|l| l.to_ascii_lowercase()),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    if !declared.is_empty() {
        return declared;
    }
    let site_dir = get_ci(raw, "contentDir")
        .and_then(scalar_string)
        .map(|d| d.trim_matches('/').to_owned())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| "content".to_owned());
    let mut mounts: Vec<ContentMount> = Vec::new();
    for language in languages {
        let source = language
            .content_dir
            .clone()
            .unwrap_or_else(|| site_dir.clone());
        if !mounts.iter().any(|m| m.source == source) {
            mounts.push(ContentMount {
                source,
                target: String::new(),
                lang: Some(language.code.clone()),
            });
        }
    }
    mounts
}

/// The folders of the site's themes (`theme`, `module.imports`) below `themesDir`, in Hugo's
/// order: the first wins.
fn theme_dirs(raw: &Map<String, Value>) -> Vec<String> {
    let themes_dir = get_ci(raw, "themesDir")
        .and_then(scalar_string)
        .map(|d| d.trim_end_matches('/').to_owned())
        .unwrap_or_else(|| "themes".to_owned());
    let mut themes = format::string_list(get_ci(raw, "theme"));
    if let Some(imports) = nested(raw, &["module", "imports"]).and_then(Value::as_array) {
        for import in imports {
            let path = match import {
                Value::Object(map) => get_ci(map, "path").and_then(scalar_string),
                other => scalar_string(other),
            };
            themes.extend(path);
        }
    }
    let mut dirs: Vec<String> = Vec::new();
    for theme in themes {
        // A theme named outside `themesDir` is not looked for.
        if theme.split('/').any(|part| part == ".." || part.is_empty()) {
            continue;
        }
        let dir = format!("{themes_dir}/{theme}");
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    dirs
}

/// The site's own `NAME/` folder first, then each theme's.
fn site_and_theme_dirs(raw: &Map<String, Value>, name: &str) -> Vec<String> {
    let mut dirs = vec![name.to_owned()];
    dirs.extend(
        theme_dirs(raw)
            .into_iter()
            .map(|theme| format!("{theme}/{name}")),
    );
    dirs
}

fn all_taxonomies(raw: &Map<String, Value>, languages: &[Language]) -> Vec<Taxonomy> {
    let mut all = taxonomies(raw);
    for language in languages {
        let Some(table) = language_table(raw, &language.code) else {
            continue;
        };
        if get_ci(table, "taxonomies").is_none() {
            continue;
        }
        for taxonomy in taxonomies(table) {
            if !all.iter().any(|t| t.plural == taxonomy.plural) {
                all.push(taxonomy);
            }
        }
    }
    all
}

fn taxonomies(raw: &Map<String, Value>) -> Vec<Taxonomy> {
    match get_ci(raw, "taxonomies").and_then(Value::as_object) {
        Some(map) => map
            .iter()
            .filter_map(|(singular, plural)| {
                Some(Taxonomy {
                    singular: singular.to_lowercase(),
                    plural: scalar_string(plural)?.to_lowercase(),
                })
            })
            .collect(),
        None => vec![
            Taxonomy {
                singular: "tag".into(),
                plural: "tags".into(),
            },
            Taxonomy {
                singular: "category".into(),
                plural: "categories".into(),
            },
        ],
    }
}

/// Both Hugo forms: `[permalinks] blog = "…"` and `[permalinks.page] blog = "…"`.
fn permalinks(raw: &Map<String, Value>) -> Vec<(String, String)> {
    let Some(map) = get_ci(raw, "permalinks").and_then(Value::as_object) else {
        return Vec::new();
    };
    let page_patterns = get_ci(map, "page").and_then(Value::as_object);
    let flat = map.iter().filter(|(_, v)| v.is_string());
    flat.chain(page_patterns.into_iter().flatten())
        .filter_map(|(section, pattern)| {
            Some((section.to_lowercase(), pattern.as_str()?.to_owned()))
        })
        .collect()
}
