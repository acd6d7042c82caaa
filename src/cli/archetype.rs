//! `inkstone new content SECTION/NAME.md`: a new content file (or bundle) from the site's
//! archetypes, found and run as Hugo finds and runs them.
//!
//! Hugo looks for `archetypes/KIND.md` (the `--kind`, else the file's section), then
//! `archetypes/default.md`, in the site's folder and then each theme's; a folder instead of a
//! file (`archetypes/gallery/`) is a bundle archetype, copied whole with its content files run as
//! templates. An archetype is a Go template (text/template) over Hugo's archetype data: `.Date`,
//! `.Name`, `.Type`, `.Section`, `.Site` and `.File`.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use inkstone_gotemplate::{Map, NoFunctions, Templates, Value};

use crate::config::Config;
use crate::render::hugo::values::from_json;

/// What Hugo writes when a site has no archetype at all.
const BUILT_IN: &str = "---\ntitle: \"{{ replace .File.ContentBaseName \"-\" \" \" | title }}\"\ndate: {{ .Date }}\ndraft: true\n---\n\n";

/// What `new content` made: one file, or a bundle's folder.
#[derive(Debug)]
pub enum Created {
    File(PathBuf),
    Bundle(PathBuf),
}

/// Creates `path` (relative to the content folder; `content/` in front is allowed) in the site at
/// `source`. `kind` chooses the archetype instead of the section; `force` overwrites a file.
pub fn new_content(
    source: &Path,
    config: &Config,
    path: &str,
    kind: Option<&str>,
    force: bool,
) -> Result<Created, String> {
    let content_dir = content_dir(config);
    let rel = relative_path(path, content_dir)?;
    let section = section_of(&rel);
    let name = kind.map_or(section.as_str(), |k| k);
    let archetype = find(source, config, name, &rel);
    let target = source.join(content_dir).join(&rel);
    let data = ArchetypeData {
        config,
        rel: &rel,
        section: &section,
        kind,
    };
    match archetype {
        Archetype::Bundle(dir) => create_bundle(&dir, &target, &data, force),
        Archetype::File(file) => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("cannot read the archetype {}: {e}", file.display()))?;
            let name = file.to_string_lossy();
            create_file(&target, &run(&name, &text, &data.value())?, force)?;
            Ok(Created::File(target))
        }
        Archetype::BuiltIn => {
            let text = run("the built-in archetype", BUILT_IN, &data.value())?;
            create_file(&target, &text, force)?;
            Ok(Created::File(target))
        }
    }
}

fn content_dir(config: &Config) -> &str {
    config
        .content_mounts
        .iter()
        .find(|m| m.target.is_empty() && m.lang.is_none())
        .or_else(|| config.content_mounts.first())
        .map_or("content", |m| m.source.as_str())
}

/// The new file's path below the content folder, `/`-separated; never outside it.
fn relative_path(path: &str, content_dir: &str) -> Result<String, String> {
    let normal = path.replace('\\', "/");
    let trimmed = normal.trim_start_matches("./");
    let rel = trimmed
        .strip_prefix(&format!("{content_dir}/"))
        .unwrap_or(trimmed)
        .trim_end_matches('/');
    let inside = !rel.is_empty()
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    match inside {
        true => Ok(rel.to_owned()),
        false => Err(format!(
            "{path:?} is not a path inside {content_dir}/: give one like posts/my-first-post.md"
        )),
    }
}

/// The first folder of the path, as Hugo's `.Section`: empty for a file at the top.
fn section_of(rel: &str) -> String {
    match rel.split_once('/') {
        Some((first, _)) => first.to_owned(),
        None => String::new(),
    }
}

enum Archetype {
    File(PathBuf),
    Bundle(PathBuf),
    BuiltIn,
}

/// `NAME.EXT` or the folder `NAME/`, then `default.EXT` or `default/`, in each archetype folder
/// (the site's first, then its themes').
fn find(source: &Path, config: &Config, name: &str, rel: &str) -> Archetype {
    let ext = Path::new(rel)
        .extension()
        .map_or_else(|| "md".to_owned(), |e| e.to_string_lossy().into_owned());
    let names = [name, "default"];
    for name in names.iter().filter(|n| !n.is_empty()) {
        for dir in &config.archetype_dirs {
            let dir = source.join(dir);
            let folder = dir.join(name);
            if is_bundle(&folder) {
                return Archetype::Bundle(folder);
            }
            let file = dir.join(format!("{name}.{ext}"));
            if file.is_file() {
                return Archetype::File(file);
            }
        }
    }
    Archetype::BuiltIn
}

fn is_bundle(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let path = e.path();
            path.file_stem()
                .is_some_and(|s| s == "index" || s == "_index")
                && is_content_file(&path)
        })
    })
}

fn is_content_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "md" | "markdown" | "html" | "htm"))
}

/// Hugo's archetype data for one new file.
struct ArchetypeData<'a> {
    config: &'a Config,
    rel: &'a str,
    section: &'a str,
    kind: Option<&'a str>,
}

impl ArchetypeData<'_> {
    fn value(&self) -> Value {
        self.value_for(self.rel)
    }

    /// The data seen by the file at `rel`: a bundle's files each see their own `.File`, and the
    /// bundle's name as `.Name`.
    fn value_for(&self, rel: &str) -> Value {
        let file = file_value(rel);
        let name = content_base_name(rel);
        let kind = self.kind.filter(|k| !k.is_empty());
        let page_type = kind.or(Some(self.section).filter(|s| !s.is_empty()));
        let mut map = Map::new();
        map.insert("Date".into(), Value::str(now_rfc3339()));
        map.insert("Name".into(), Value::str(&name));
        map.insert("Type".into(), Value::str(page_type.unwrap_or("page")));
        map.insert("Section".into(), Value::str(self.section));
        map.insert("File".into(), file);
        map.insert("Site".into(), site_value(self.config));
        Value::map(map)
    }
}

/// Hugo's `.File` of a content file at `rel`, as Hugo names its parts.
fn file_value(rel: &str) -> Value {
    let path = Path::new(rel);
    let logical = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let base = path
        .file_stem()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let ext = path
        .extension()
        .map_or_else(String::new, |e| e.to_string_lossy().into_owned());
    let dir = match rel.rfind('/') {
        Some(at) => format!("{}/", &rel[..at]),
        None => String::new(),
    };
    let fields: [(&str, String); 7] = [
        ("Path", rel.to_owned()),
        ("Dir", dir),
        ("LogicalName", logical.clone()),
        ("BaseFileName", base),
        ("ContentBaseName", content_base_name(rel)),
        ("Ext", ext),
        ("Filename", logical),
    ];
    Value::map(
        fields
            .into_iter()
            .map(|(k, v)| (Arc::from(k), Value::str(v)))
            .collect(),
    )
}

/// The file's name without its extension, or its folder's name for a bundle's index file.
fn content_base_name(rel: &str) -> String {
    let path = Path::new(rel);
    let stem = path
        .file_stem()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let is_index = stem == "index" || stem == "_index";
    match (is_index, path.parent().and_then(|p| p.file_name())) {
        (true, Some(folder)) => folder.to_string_lossy().into_owned(),
        _ => stem,
    }
}

fn site_value(config: &Config) -> Value {
    let mut language = Map::new();
    language.insert("Lang".into(), Value::str(&config.lang().code));
    language.insert("LanguageName".into(), Value::str(&config.lang().name));
    let mut map = Map::new();
    map.insert("Title".into(), Value::str(&config.title));
    map.insert("BaseURL".into(), Value::str(&config.base_url));
    map.insert("LanguageCode".into(), Value::str(&config.language_code));
    map.insert("Params".into(), from_json(&config.params()));
    map.insert("Language".into(), Value::map(language));
    Value::map(map)
}

/// Now, in the machine's time zone, as Go's RFC 3339 layout writes it.
fn now_rfc3339() -> String {
    super::list::go_time(Some(&jiff::Zoned::now()))
}

fn run(name: &str, text: &str, data: &Value) -> Result<String, String> {
    let mut templates = Templates::text();
    templates
        .add(name, text, &NoFunctions)
        .and_then(|()| templates.execute(name, data, &NoFunctions))
        .map_err(|e| format!("the archetype cannot be run: {e}"))
}

fn create_file(target: &Path, text: &str, force: bool) -> Result<(), String> {
    if target.exists() && !force {
        return Err(format!(
            "{} already exists: choose another name, or give --force to overwrite it",
            target.display()
        ));
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(target, text).map_err(|e| format!("cannot write {}: {e}", target.display()))
}

/// Copies the bundle archetype at `dir` to `target`, running its content files as templates.
/// Every template runs before anything is written, so a broken archetype leaves nothing behind.
fn create_bundle(
    dir: &Path,
    target: &Path,
    data: &ArchetypeData<'_>,
    force: bool,
) -> Result<Created, String> {
    if target.exists() && !force {
        return Err(format!(
            "{} already exists: choose another name, or give --force to overwrite it",
            target.display()
        ));
    }
    let mut made: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry =
            entry.map_err(|e| format!("cannot read the archetype {}: {e}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let inner = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let inner_rel = inner.to_string_lossy().replace('\\', "/");
        let bytes = std::fs::read(entry.path())
            .map_err(|e| format!("cannot read {}: {e}", entry.path().display()))?;
        let bytes = match (is_content_file(entry.path()), String::from_utf8(bytes)) {
            (true, Ok(text)) => {
                let rel = format!("{}/{inner_rel}", data.rel);
                let name = entry.path().to_string_lossy();
                run(&name, &text, &data.value_for(&rel))?.into_bytes()
            }
            (_, Ok(text)) => text.into_bytes(),
            (_, Err(e)) => e.into_bytes(),
        };
        made.push((target.join(inner), bytes));
    }
    for (path, bytes) in &made {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(Created::Bundle(target.to_path_buf()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_content_folder() {
        assert_eq!(
            relative_path("posts/a.md", "content").as_deref(),
            Ok("posts/a.md")
        );
        assert_eq!(
            relative_path("content/posts/a.md", "content").as_deref(),
            Ok("posts/a.md")
        );
        assert!(relative_path("../a.md", "content").is_err());
        assert!(relative_path("posts/../../a.md", "content").is_err());
        assert!(relative_path("/etc/a.md", "content").is_err());
        assert!(relative_path("", "content").is_err());
    }

    #[test]
    fn a_bundle_is_named_by_its_folder() {
        assert_eq!(content_base_name("posts/trip/index.md"), "trip");
        assert_eq!(content_base_name("posts/my-post.md"), "my-post");
        assert_eq!(section_of("posts/x/y.md"), "posts");
        assert_eq!(section_of("about.md"), "");
    }
}
