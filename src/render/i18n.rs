//! The theme's strings in the site's language: English and Simplified Chinese built in, any of
//! them replaced by the site's `i18n/<language>.toml|yaml|json` (Hugo's format: `key = "text"`
//! or a table with `one` and `other`). A language with no strings falls back to English.

use std::path::Path;

use serde_json::{Map, Value};

use crate::diagnostics::Diagnostic;

const BUILT_IN: &[(&str, &str)] = &[
    ("en", include_str!("../../theme/i18n/en.toml")),
    ("zh", include_str!("../../theme/i18n/zh.toml")),
];
const EXTENSIONS: &[&str] = &["toml", "yaml", "yml", "json"];

/// The strings for `language` (`zh-cn` is looked up as `zh-cn`, then `zh`), each as
/// `{one?, other}`, with the problems of the site's files that could not be read.
pub fn load(
    source: &Path,
    dirs: &[String],
    language: &str,
) -> (Map<String, Value>, Vec<Diagnostic>) {
    let mut strings = Map::new();
    let mut problems = Vec::new();
    // Least specific first: English, then the language, then its regional form.
    let mut chain = vec!["en".to_owned()];
    if let Some((primary, _)) = language.split_once('-') {
        chain.push(primary.to_owned());
    }
    chain.push(language.to_owned());
    chain.dedup();
    for code in &chain {
        if let Some((_, text)) = BUILT_IN.iter().find(|(c, _)| c == code)
            && let Ok(doc) = crate::format::parse(crate::format::Format::Toml, text)
        {
            add(&mut strings, doc.map);
        }
        // The themes' strings first (`i18n/` of each theme), the site's over them.
        for dir in dirs.iter().rev() {
            for ext in EXTENSIONS {
                // Hugo finds `zh-CN.toml` for `zh-cn`.
                let Some(file) = file_for(&source.join(dir), code, ext) else {
                    continue;
                };
                match listed(&file).map_or_else(|| crate::config::read_config_file(&file), Ok) {
                    Ok(map) => add(&mut strings, map),
                    Err(d) => problems.push(d),
                }
            }
        }
    }
    (strings, problems)
}

/// `DIR/CODE.EXT`, whatever the case of its name.
fn file_for(dir: &Path, code: &str, ext: &str) -> Option<std::path::PathBuf> {
    let exact = dir.join(format!("{code}.{ext}"));
    if exact.is_file() {
        return Some(exact);
    }
    let wanted = format!("{code}.{ext}");
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.is_file()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.eq_ignore_ascii_case(&wanted))
        })
}

/// A file in go-i18n's older form, which Hugo reads too: a list of `{id, translation}`.
fn listed(file: &Path) -> Option<Map<String, Value>> {
    let text = std::fs::read_to_string(file).ok()?;
    if !text.trim_start().starts_with(['-', '[']) {
        return None;
    }
    let value: Value = match file.extension().and_then(|e| e.to_str()) {
        Some("json") => serde_json::from_str(&text).ok()?,
        Some("yaml" | "yml") => serde_saphyr::from_str(&text).ok()?,
        _ => return None,
    };
    let Value::Array(items) = value else {
        return None;
    };
    Some(
        items
            .into_iter()
            .filter_map(|item| {
                let id = item.get("id")?.as_str()?.to_owned();
                Some((id, item.get("translation")?.clone()))
            })
            .collect(),
    )
}

/// Adds the entries of one file, each made `{one?, other}`; plain strings are `other`.
fn add(strings: &mut Map<String, Value>, file: Map<String, Value>) {
    for (key, value) in file {
        let entry = match value {
            Value::String(text) => Map::from_iter([("other".to_owned(), Value::String(text))]),
            Value::Object(forms) => forms
                .into_iter()
                .filter(|(_, v)| v.is_string())
                .map(|(k, v)| (k.to_ascii_lowercase(), v))
                .collect(),
            _ => continue,
        };
        if !entry.is_empty() {
            strings.insert(key.to_ascii_lowercase(), Value::Object(entry));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_falls_back_to_english_and_regional_forms_to_the_language() {
        let (zh, problems) = load(Path::new("/nonexistent"), &["i18n".to_owned()], "zh-cn");
        assert!(problems.is_empty());
        assert_eq!(zh["readmore"]["other"], "阅读全文");
        let (fr, _) = load(Path::new("/nonexistent"), &["i18n".to_owned()], "fr");
        assert_eq!(fr["readmore"]["other"], "Read more");
        assert_eq!(fr["readingtime"]["one"], "1 min read");
    }
}
