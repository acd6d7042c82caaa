//! Menus from the config (`[[menu.main]]`) and from front matter (`menu: main`), as Hugo reads them.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};

use super::Site;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::format::{as_i64, get_ci, scalar_string};

#[derive(Debug, Clone, Serialize)]
pub struct MenuEntry {
    pub name: String,
    /// A URL inside the site, starting with `/`, or an outside one; empty for an entry that
    /// only heads its children.
    pub url: String,
    pub weight: i64,
    pub identifier: String,
    pub parent: Option<String>,
    pub pre: Option<String>,
    pub post: Option<String>,
    pub params: Value,
    pub children: Vec<MenuEntry>,
}

pub type Menus = BTreeMap<String, Vec<MenuEntry>>;

/// The menus of a site, with warnings about entries that link nowhere. Hugo builds every menu
/// it can read, and so does inkstone.
pub fn build(config: &Config, site: &Site) -> (Menus, Vec<Diagnostic>) {
    let mut flat: BTreeMap<String, Vec<MenuEntry>> = BTreeMap::new();
    let mut warnings = Vec::new();
    let config_file = config.files.first().cloned().unwrap_or_default();
    let configured = get_ci(&config.raw, "menus").or_else(|| get_ci(&config.raw, "menu"));
    if let Some(Value::Object(menus)) = configured {
        for (menu, entries) in menus {
            for entry in entries.as_array().into_iter().flatten() {
                let Some(fields) = entry.as_object() else {
                    continue;
                };
                let (entry, unresolved) = config_entry(fields, site);
                if let Some(page_ref) = unresolved {
                    warnings.push(
                        Diagnostic::warning(format!(
                            "menu `{menu}`: pageRef {page_ref:?} names no page{}; the entry `{}` has no link",
                            language_note(config),
                            entry.name
                        ))
                        .in_file(&config_file)
                        .with_hint("pageRef names a content file, such as \"/about\" or \"posts/_index.md\""),
                    );
                }
                flat.entry(menu.clone()).or_default().push(entry);
            }
        }
    }
    for sp in &site.pages {
        let Some(value) =
            get_ci(&sp.page.params, "menu").or_else(|| get_ci(&sp.page.params, "menus"))
        else {
            continue;
        };
        let base = MenuEntry {
            name: sp
                .page
                .meta
                .link_title
                .clone()
                .unwrap_or_else(|| sp.page.meta.title.clone()),
            url: sp.path.clone(),
            weight: sp.page.meta.weight,
            identifier: sp.page.rel_path.clone(),
            parent: None,
            pre: None,
            post: None,
            params: Value::Null,
            children: Vec::new(),
        };
        for (menu, fields) in front_matter_menus(value) {
            let mut entry = base.clone();
            if let Some(fields) = fields {
                apply_fields(&mut entry, &fields);
            }
            flat.entry(menu).or_default().push(entry);
        }
    }
    let mut menus = Menus::new();
    for (name, mut entries) in flat {
        for parent in add_missing_parents(&mut entries) {
            warnings.push(
                Diagnostic::warning(format!("menu `{name}`: no entry has the identifier or name `{parent}` given as a parent; a heading `{parent}` is made for its children, as Hugo does"))
                    .in_file(&config_file)
                    .with_hint("set `parent` to the `identifier` (or `name`) of another entry of the same menu"),
            );
        }
        menus.insert(name, nest(entries));
    }
    (menus, warnings)
}

/// An entry of the config's menus, and its `pageRef` when that names no page. An entry with
/// neither `url` nor `pageRef` is a heading for its children, as in Hugo; so is one whose
/// `pageRef` names a page this language lacks, which Hugo leaves without a URL.
fn config_entry(fields: &Map<String, Value>, site: &Site) -> (MenuEntry, Option<String>) {
    let text = |key: &str| get_ci(fields, key).and_then(scalar_string);
    let (url, unresolved) = match (text("pageRef"), text("url")) {
        (Some(page_ref), _) => match resolve_page_ref(&page_ref, site) {
            Some(url) => (url, None),
            None => (String::new(), Some(page_ref)),
        },
        (None, Some(url)) => (url, None),
        (None, None) => (String::new(), None),
    };
    let name = text("name")
        .or_else(|| text("identifier"))
        .unwrap_or_else(|| url.clone());
    let mut entry = MenuEntry {
        identifier: text("identifier").unwrap_or_else(|| name.clone()),
        name,
        url,
        weight: 0,
        parent: None,
        pre: None,
        post: None,
        params: Value::Null,
        children: Vec::new(),
    };
    apply_fields(&mut entry, fields);
    (entry, unresolved)
}

/// " in this language" on a site of several: the page may exist in another.
fn language_note(config: &Config) -> String {
    if config.multilingual {
        format!(" in {}", config.content_language())
    } else {
        String::new()
    }
}

fn apply_fields(entry: &mut MenuEntry, fields: &Map<String, Value>) {
    let text = |key: &str| get_ci(fields, key).and_then(scalar_string);
    if let Some(name) = text("name") {
        entry.name = name;
    }
    if let Some(weight) = as_i64(get_ci(fields, "weight")) {
        entry.weight = weight;
    }
    if let Some(identifier) = text("identifier") {
        entry.identifier = identifier;
    }
    entry.parent = text("parent").or(entry.parent.take());
    entry.pre = text("pre").or(entry.pre.take());
    entry.post = text("post").or(entry.post.take());
    if let Some(params) = get_ci(fields, "params") {
        entry.params = params.clone();
    }
}

/// `menu: main`, `menu: [main, footer]` or `menu: {main: {weight: 2}}`.
fn front_matter_menus(value: &Value) -> Vec<(String, Option<Map<String, Value>>)> {
    match value {
        Value::String(name) => vec![(name.clone(), None)],
        Value::Array(names) => names
            .iter()
            .filter_map(scalar_string)
            .map(|n| (n, None))
            .collect(),
        Value::Object(menus) => menus
            .iter()
            .map(|(name, fields)| (name.clone(), fields.as_object().cloned()))
            .collect(),
        _ => Vec::new(),
    }
}

/// Hugo's `pageRef`: a content path, with or without extension or leading slash.
fn resolve_page_ref(page_ref: &str, site: &Site) -> Option<String> {
    let wanted = page_ref.trim().trim_matches('/');
    let strip = |rel: &str| -> String {
        let no_ext = rel.rsplit_once('.').map_or(rel, |(stem, _)| stem);
        no_ext
            .trim_end_matches("_index")
            .trim_end_matches("/index")
            .trim_end_matches('/')
            .to_owned()
    };
    let wanted = strip(wanted);
    let page = site
        .pages
        .iter()
        .find(|sp| strip(&sp.page.rel_path) == wanted || sp.path.trim_matches('/') == wanted)
        .map(|sp| sp.path.clone());
    // Taxonomy and term pages have no content file, but Hugo finds them by their path too
    // (`pageRef = "/tags/"`). Their paths carry the language's prefix; `wanted` does not.
    let list_path = |path: &str| {
        path.strip_prefix(&site.prefix)
            .unwrap_or(path)
            .trim_matches('/')
            .to_owned()
    };
    page.or_else(|| {
        site.taxonomies.iter().find_map(|tax| {
            if list_path(&tax.path) == wanted {
                return Some(tax.path.clone());
            }
            tax.terms
                .iter()
                .find(|t| list_path(&t.path) == wanted)
                .map(|t| t.path.clone())
        })
    })
}

/// Hugo makes an entry with no link for a `parent` that names no entry, and puts the children
/// under it. Returns the parents made.
fn add_missing_parents(entries: &mut Vec<MenuEntry>) -> Vec<String> {
    let mut made: Vec<String> = Vec::new();
    for i in 0..entries.len() {
        let Some(parent) = entries[i].parent.clone() else {
            continue;
        };
        let known = entries
            .iter()
            .any(|e| e.identifier == parent || e.name == parent);
        if !known {
            entries.push(MenuEntry {
                name: parent.clone(),
                url: String::new(),
                weight: 0,
                identifier: parent.clone(),
                parent: None,
                pre: None,
                post: None,
                params: Value::Null,
                children: Vec::new(),
            });
            made.push(parent);
        }
    }
    made
}

/// Builds the tree from `parent` links, each level sorted by weight (unweighted last), then name.
fn nest(entries: Vec<MenuEntry>) -> Vec<MenuEntry> {
    fn children_of(parent: Option<&MenuEntry>, all: &[MenuEntry], depth: usize) -> Vec<MenuEntry> {
        let mut level: Vec<MenuEntry> = all
            .iter()
            .filter(|e| match (parent, &e.parent) {
                (None, None) => true,
                (Some(p), Some(name)) => *name == p.identifier || *name == p.name,
                _ => false,
            })
            .cloned()
            .collect();
        // Guards against a parent cycle, which would otherwise recurse forever.
        if depth < 8 {
            for entry in &mut level {
                entry.children = children_of(Some(&entry.clone()), all, depth + 1);
            }
        }
        level.sort_by(|a, b| {
            let w = |w: i64| if w == 0 { i64::MAX } else { w };
            w(a.weight)
                .cmp(&w(b.weight))
                .then_with(|| a.name.cmp(&b.name))
        });
        level
    }
    children_of(None, &entries, 0)
}
