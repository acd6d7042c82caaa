//! Finding a page from a path as content writes it: Hugo's `ref` and `relref`.
//!
//! A path with a leading `/` starts at `content/`; one without is tried beside the page that
//! names it, then from `content/`; a bare name (`my-post`) may name the one page of that file or
//! bundle name. Extensions, `index`/`_index` and language suffixes may be left out.

use std::collections::HashMap;

use super::Site;

/// Pages by content path and by bare name, built on first use.
#[derive(Debug, Clone, Default)]
pub struct RefIndex {
    by_path: HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum RefError {
    NotFound,
    /// A bare name that several pages have.
    Ambiguous(Vec<String>),
}

impl RefIndex {
    pub fn of(site: &Site) -> Self {
        let mut index = RefIndex::default();
        for (i, sp) in site.pages.iter().enumerate() {
            if sp.page.file.as_os_str().is_empty() {
                continue;
            }
            let key = content_key(&sp.page.rel_path, &sp.page.lang);
            let name = key.rsplit('/').next().unwrap_or(&key).to_owned();
            index.by_path.insert(key, i);
            if !name.is_empty() {
                index.by_name.entry(name).or_default().push(i);
            }
        }
        index
    }
}

/// The page `wanted` names, as seen from page `from`.
pub fn find(site: &Site, from: usize, wanted: &str) -> Result<usize, RefError> {
    let index = site.refs.get_or_init(|| RefIndex::of(site));
    let lang = site.pages.get(from).map_or("", |sp| sp.page.lang.as_str());
    if let Some(rooted) = wanted.strip_prefix('/') {
        return index
            .by_path
            .get(&content_key(rooted, lang))
            .copied()
            .ok_or(RefError::NotFound);
    }
    let mut bases: Vec<String> = Vec::new();
    if let Some(sp) = site.pages.get(from) {
        let dir = sp.page.dir();
        bases.push(dir.to_owned());
        // A bundle's page sits in its folder; its neighbours are beside the folder.
        if sp.page.is_leaf_bundle() {
            bases.push(dir.rsplit_once('/').map_or("", |(d, _)| d).to_owned());
        }
    }
    bases.push(String::new());
    for base in &bases {
        let joined = if base.is_empty() {
            wanted.to_owned()
        } else {
            format!("{base}/{wanted}")
        };
        if let Some(path) = normalize(&joined)
            && let Some(&i) = index.by_path.get(&content_key(&path, lang))
        {
            return Ok(i);
        }
    }
    if wanted.contains('/') {
        return Err(RefError::NotFound);
    }
    match index
        .by_name
        .get(&content_key(wanted, lang))
        .map(Vec::as_slice)
    {
        Some([one]) => Ok(*one),
        Some(many) if !many.is_empty() => Err(RefError::Ambiguous(
            many.iter()
                .filter_map(|&i| site.pages.get(i).map(|sp| sp.page.rel_path.clone()))
                .collect(),
        )),
        _ => Err(RefError::NotFound),
    }
}

/// `a/./b/../c` as `a/c`; `None` when `..` climbs out of `content/`.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// A content path as refs may write it: no extension, no `index`/`_index`, no language suffix.
fn content_key(path: &str, lang: &str) -> String {
    let path = path.trim_matches('/');
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let mut stem = match name.rsplit_once('.') {
        Some((stem, ext)) if is_content_extension(ext) => stem,
        _ => name,
    };
    if !lang.is_empty()
        && let Some(s) = stem.strip_suffix(lang).and_then(|s| s.strip_suffix('.'))
    {
        stem = s;
    }
    match (dir, stem) {
        (dir, "index" | "_index") => dir.to_owned(),
        ("", stem) => stem.to_owned(),
        (dir, stem) => format!("{dir}/{stem}"),
    }
}

fn is_content_extension(ext: &str) -> bool {
    matches!(
        ext.to_ascii_lowercase().as_str(),
        "md" | "markdown" | "mdown" | "html" | "htm"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_keys() {
        assert_eq!(content_key("posts/other.md", "en"), "posts/other");
        assert_eq!(content_key("/posts/other", "en"), "posts/other");
        assert_eq!(content_key("posts/b/index.md", "en"), "posts/b");
        assert_eq!(content_key("posts/_index.zh.md", "zh"), "posts");
        assert_eq!(content_key("_index.md", "en"), "");
        assert_eq!(content_key("v1.2", "en"), "v1.2");
        assert_eq!(normalize("a/./b/../c"), Some("a/c".into()));
        assert_eq!(normalize("../x"), None);
    }
}
