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
    /// A URL inside the site, starting with `/`, or an outside one.
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

pub fn build(config: &Config, site: &Site) -> Result<Menus, Vec<Diagnostic>> {
    let mut flat: BTreeMap<String, Vec<MenuEntry>> = BTreeMap::new();
    let mut problems = Vec::new();
    let config_file = config.files.first().cloned().unwrap_or_default();
    let configured = get_ci(&config.raw, "menus").or_else(|| get_ci(&config.raw, "menu"));
    if let Some(Value::Object(menus)) = configured {
        for (menu, entries) in menus {
            for entry in entries.as_array().into_iter().flatten() {
                let Some(fields) = entry.as_object() else {
                    continue;
                };
                match config_entry(fields, site) {
                    Ok(e) => flat.entry(menu.clone()).or_default().push(e),
                    Err(message) => problems.push(
                        Diagnostic::error(format!("menu `{menu}`: {message}"))
                            .in_file(&config_file)
                            .with_hint("pageRef names a content file, such as \"/about\" or \"posts/_index.md\""),
                    ),
                }
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
    for (name, entries) in flat {
        match nest(entries) {
            Ok(tree) => {
                menus.insert(name, tree);
            }
            Err(parent) => problems.push(
                Diagnostic::error(format!("menu `{name}`: no entry has the identifier or name `{parent}` given as a parent"))
                    .in_file(&config_file)
                    .with_hint("set `parent` to the `identifier` (or `name`) of another entry of the same menu"),
            ),
        }
    }
    if problems.is_empty() {
        Ok(menus)
    } else {
        Err(problems)
    }
}

fn config_entry(fields: &Map<String, Value>, site: &Site) -> Result<MenuEntry, String> {
    let text = |key: &str| get_ci(fields, key).and_then(scalar_string);
    let url = match (text("pageRef"), text("url")) {
        (Some(page_ref), _) => resolve_page_ref(&page_ref, site)
            .ok_or_else(|| format!("pageRef {page_ref:?} names no page of the site"))?,
        (None, Some(url)) => url,
        (None, None) => return Err("an entry has neither `url` nor `pageRef`".to_owned()),
    };
    let name = text("name").unwrap_or_else(|| url.clone());
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
    Ok(entry)
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
    site.pages
        .iter()
        .find(|sp| strip(&sp.page.rel_path) == wanted || sp.path.trim_matches('/') == wanted)
        .map(|sp| sp.path.clone())
}

/// Builds the tree from `parent` links, each level sorted by weight (unweighted last), then name.
fn nest(entries: Vec<MenuEntry>) -> Result<Vec<MenuEntry>, String> {
    let known = |p: &str| entries.iter().any(|e| e.identifier == p || e.name == p);
    if let Some(missing) = entries
        .iter()
        .filter_map(|e| e.parent.as_deref())
        .find(|p| !known(p))
    {
        return Err(missing.to_owned());
    }
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
    Ok(children_of(None, &entries, 0))
}
