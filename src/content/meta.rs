//! What a page's front matter means: its dates, terms, build options and the rest of [`Meta`],
//! read from the keys Hugo knows; and where in the file a key was set, for diagnostics.

use std::path::Path;

use jiff::Zoned;
use serde_json::{Map, Value};

use super::{Found, PageKind, dates, frontmatter, page, stem, term_names};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::format::{as_bool, as_i64, describe, get_ci, key_line, scalar_string, string_list};
use page::Meta;

pub(super) struct Located<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    pub front: &'a str,
    pub front_line: usize,
}

impl Located<'_> {
    /// A diagnostic at the line of the front matter where `key` is set.
    fn error_at_key(&self, key: &str, message: String, hint: &str) -> Diagnostic {
        self.at_key(Diagnostic::error(message), key).with_hint(hint)
    }

    fn at_key(&self, diagnostic: Diagnostic, key: &str) -> Diagnostic {
        let line = key_line(self.front, key).map_or(1, |l| l + self.front_line - 1);
        diagnostic.in_file(self.file).at(self.text, line, 1)
    }
}

/// Keys Hugo reads as text: a list or table there is no title, no slug, no URL.
const TEXT_KEYS: &[&str] = &[
    "title",
    "linkTitle",
    "subtitle",
    "description",
    "summary",
    "slug",
    "url",
    "type",
    "layout",
];

/// Values of Hugo's own keys that Hugo reads without a word but that look like mistakes: a
/// warning each, at the key's line, saying what is expected and what the value is taken for.
pub(super) fn check_types(
    params: &Map<String, Value>,
    config: &Config,
    at: &Located<'_>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut warn = |key: &str, message: String, hint: String| {
        problems.push(at.at_key(Diagnostic::warning(message), key).with_hint(hint));
    };
    for key in TEXT_KEYS {
        if let Some(value @ (Value::Array(_) | Value::Object(_))) = get_ci(params, key) {
            warn(
                key,
                format!(
                    "`{key}` is {}, where text is expected; it is ignored, as in Hugo",
                    describe(value)
                ),
                format!("write {key}: \"…\""),
            );
        }
    }
    if let Some(value) = get_ci(params, "weight")
        && !value.is_null()
        && as_i64(Some(value)).is_none()
    {
        warn(
            "weight",
            format!(
                "`weight` is {}, not a whole number; the page is weighted 0, as in Hugo",
                describe(value)
            ),
            "write a whole number, such as weight: 10".to_owned(),
        );
    }
    for key in ["draft", "headless"] {
        if let Some(value) = get_ci(params, key)
            && !value.is_null()
            && as_bool(Some(value)).is_none()
        {
            warn(
                key,
                format!(
                    "`{key}` is {}, not true or false; it is read as false, as in Hugo",
                    describe(value)
                ),
                format!("write {key}: true or {key}: false"),
            );
        }
    }
    let list_keys = config.all_taxonomies.iter().map(|t| t.plural.as_str());
    for key in list_keys.chain(["aliases", "keywords"]) {
        if let Some(value @ Value::Object(_)) = get_ci(params, key) {
            warn(
                key,
                format!(
                    "`{key}` is {}, where a list is expected; it is ignored",
                    describe(value)
                ),
                format!("write {key}: [\"one\", \"two\"]"),
            );
        }
    }
    problems
}

/// A diagnostic pointing at the front matter line of `file` that sets `key`, for problems found
/// after the file was read (the file is read again: this is the error path).
pub fn at_key(diagnostic: Diagnostic, file: &Path, key: &str) -> Diagnostic {
    let diagnostic = diagnostic.in_file(file);
    let Ok(text) = std::fs::read_to_string(file) else {
        return diagnostic;
    };
    let Ok(split) = frontmatter::split(&text) else {
        return diagnostic;
    };
    match key_line(split.front, key) {
        Some(line) => diagnostic.at(&text, line + split.front_line - 1, 1),
        None => diagnostic,
    }
}

pub(super) fn meta_from(
    params: &Map<String, Value>,
    found: &Found,
    config: &Config,
    at: &Located<'_>,
) -> Result<Meta, Vec<Diagnostic>> {
    let text = |key: &str| {
        get_ci(params, key)
            .and_then(scalar_string)
            .filter(|s| !s.is_empty())
    };
    let mut problems = Vec::new();
    let mut date = |key: &str| -> Option<Zoned> {
        let value = get_ci(params, key)?;
        if let Some(seconds) = value.as_i64() {
            return dates::from_unix(seconds);
        }
        let raw = scalar_string(value)?;
        if raw.trim().is_empty() {
            return None;
        }
        match dates::parse(&raw, &config.time_zone) {
            Ok(d) => Some(d),
            Err(e) => {
                problems.push(at.error_at_key(
                    key,
                    format!("`{key}`: {e}"),
                    "write dates as 2024-05-01, 2024-05-01T10:00:00 or 2024-05-01T10:00:00+08:00",
                ));
                None
            }
        }
    };
    let own_date = date("date");
    let publish_date = date("publishDate")
        .or_else(|| date("pubdate"))
        .or_else(|| date("published"));
    let lastmod = date("lastmod").or_else(|| date("modified"));
    let expiry_date = date("expiryDate").or_else(|| date("unpublishdate"));
    if !problems.is_empty() {
        return Err(problems);
    }
    // Hugo's defaults: date falls back to publishDate then lastmod, and so on.
    let date = own_date
        .clone()
        .or_else(|| publish_date.clone())
        .or_else(|| lastmod.clone());
    let publish_date = publish_date.or_else(|| own_date.clone());
    let lastmod = lastmod.or_else(|| date.clone());

    let terms = config
        .all_taxonomies
        .iter()
        .map(|t| {
            let mut names = term_names(get_ci(params, &t.plural));
            // Community sites write `author: "[Name](https://…)"`; an `authors` taxonomy files
            // such pages under the name.
            if names.is_empty() && t.plural == "authors" {
                names = string_list(get_ci(params, "author"))
                    .iter()
                    .map(|a| link_text(a).to_owned())
                    .collect();
            }
            (t.plural.clone(), names)
        })
        .filter(|(_, terms)| !terms.is_empty())
        .collect();
    let mut authors = string_list(get_ci(params, "authors"));
    if authors.is_empty() {
        authors = string_list(get_ci(params, "author"));
    }
    let images = page_images(params);
    let show_toc = !as_bool(get_ci(params, "notoc")).unwrap_or(false)
        && as_bool(get_ci(params, "toc")).unwrap_or(true);
    let title = text("title").unwrap_or_else(|| default_title(found));

    Ok(Meta {
        title,
        link_title: text("linkTitle"),
        subtitle: text("subtitle"),
        date,
        publish_date,
        lastmod,
        expiry_date,
        draft: as_bool(get_ci(params, "draft")).unwrap_or(false),
        description: text("description"),
        summary: text("summary"),
        keywords: string_list(get_ci(params, "keywords")),
        slug: text("slug"),
        url: text("url"),
        aliases: string_list(get_ci(params, "aliases")),
        weight: as_i64(get_ci(params, "weight")).unwrap_or(0),
        page_type: text("type"),
        layout: text("layout"),
        terms,
        images,
        authors,
        show_toc,
        build: build_options(params, found),
    })
}

/// The images a page names as its own, in the order themes look for them: `image`, `images`,
/// PaperMod's `cover` (`cover.image` or a plain string), Ananke's `featured_image`.
fn page_images(params: &Map<String, Value>) -> Vec<String> {
    let mut images = Vec::new();
    let mut add = |value: Option<&Value>| {
        for image in string_list(value) {
            if !image.trim().is_empty() && !images.contains(&image) {
                images.push(image);
            }
        }
    };
    add(get_ci(params, "image"));
    add(get_ci(params, "images"));
    match get_ci(params, "cover") {
        Some(Value::Object(cover)) => add(get_ci(cover, "image")),
        other => add(other),
    }
    add(get_ci(params, "featured_image"));
    add(get_ci(params, "featureImage"));
    images
}

/// `build: {render, list, publishResources}` (Hugo's older `_build`, and the booleans it used to
/// take), and `headless: true` on a leaf bundle.
fn build_options(params: &Map<String, Value>, found: &Found) -> page::BuildOptions {
    let mut options = page::BuildOptions::default();
    let headless = found.kind == PageKind::Page
        && found.bundle.is_some()
        && as_bool(get_ci(params, "headless")).unwrap_or(false);
    if headless {
        options.render = page::Render::Never;
        options.list = page::List::Never;
    }
    let Some(build) = get_ci(params, "build")
        .or_else(|| get_ci(params, "_build"))
        .and_then(Value::as_object)
    else {
        return options;
    };
    let word = |key: &str| {
        get_ci(build, key).map(|v| match v {
            Value::Bool(true) => "always".to_owned(),
            Value::Bool(false) => "never".to_owned(),
            other => scalar_string(other)
                .unwrap_or_default()
                .to_ascii_lowercase(),
        })
    };
    match word("render").as_deref() {
        Some("never") => options.render = page::Render::Never,
        Some("link") => options.render = page::Render::Link,
        Some("always") => options.render = page::Render::Always,
        _ => {}
    }
    match word("list").as_deref() {
        Some("never") => options.list = page::List::Never,
        Some("local") => options.list = page::List::Local,
        Some("always") => options.list = page::List::Always,
        _ => {}
    }
    if let Some(publish) = as_bool(get_ci(build, "publishResources")) {
        options.publish_resources = publish;
    }
    options
}

/// The text of a Markdown link (`[Name](url)` → `Name`), or the whole text when it is not one.
fn link_text(text: &str) -> &str {
    let text = text.trim();
    text.strip_prefix('[')
        .and_then(|rest| rest.split_once("]("))
        .map_or(text, |(name, _)| name.trim())
}

/// A page without a title is named after its file or folder ("my-first-post" → "My first post").
/// The home page and sections are named by the site stage, as Hugo names them.
fn default_title(found: &Found) -> String {
    let name = match found.kind {
        PageKind::Home | PageKind::Section => return String::new(),
        PageKind::Page if found.bundle.is_some() => found.rel_path.rsplit('/').nth(1),
        PageKind::Page => found.rel_path.rsplit('/').next().map(stem),
    };
    crate::text::humanize(name.unwrap_or(""))
}
