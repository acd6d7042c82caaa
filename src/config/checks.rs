//! Hugo's own config keys given a value of the wrong type: an error where Hugo stops too, a
//! warning where Hugo goes on without a word, each at the line of the file that sets the key.

use std::path::PathBuf;

use serde_json::{Map, Value};

use crate::diagnostics::Diagnostic;
use crate::format::{as_bool, as_i64, describe, get_ci, key_line};

#[derive(Clone, Copy)]
enum Expect {
    Bool,
    WholeNumber,
    /// Text; a number or boolean is read as its text.
    Text,
    /// A URL: only text will do.
    Url,
    Table,
}

struct Rule {
    path: &'static [&'static str],
    expect: Expect,
    /// Whether Hugo refuses the site over it; else it reads the value as nothing.
    hugo_stops: bool,
}

const fn rule(path: &'static [&'static str], expect: Expect, hugo_stops: bool) -> Rule {
    Rule {
        path,
        expect,
        hugo_stops,
    }
}

/// What Hugo 0.168 does with each key given a value of the wrong type, tried one by one.
const RULES: &[Rule] = &[
    rule(&["enableGitInfo"], Expect::Bool, true),
    rule(&["enableEmoji"], Expect::Bool, true),
    rule(&["hasCJKLanguage"], Expect::Bool, true),
    rule(&["buildDrafts"], Expect::Bool, true),
    rule(&["buildFuture"], Expect::Bool, true),
    rule(&["buildExpired"], Expect::Bool, true),
    rule(&["pluralizeListTitles"], Expect::Bool, true),
    rule(&["capitalizeListTitles"], Expect::Bool, true),
    rule(&["disablePathToLower"], Expect::Bool, true),
    rule(&["disableAliases"], Expect::Bool, true),
    rule(&["enableRobotsTXT"], Expect::Bool, true),
    rule(&["summaryLength"], Expect::WholeNumber, true),
    rule(&["pagination", "pagerSize"], Expect::WholeNumber, true),
    rule(&["paginate"], Expect::WholeNumber, false),
    rule(&["rssLimit"], Expect::WholeNumber, false),
    rule(&["title"], Expect::Text, true),
    rule(&["baseURL"], Expect::Url, false),
    rule(&["params"], Expect::Table, true),
    rule(&["menus"], Expect::Table, true),
    rule(&["permalinks"], Expect::Table, true),
    rule(&["languages"], Expect::Table, true),
    rule(&["taxonomies"], Expect::Table, false),
];

/// Every key of `raw` whose value Hugo would refuse or ignore; `files` are the config files
/// read, to point at the one that sets the key.
pub fn check(raw: &Map<String, Value>, files: &[PathBuf]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for rule in RULES {
        let Some(value) = lookup(raw, rule.path) else {
            continue;
        };
        if fits(value, rule.expect) {
            continue;
        }
        let key = rule.path.join(".");
        let expected = match rule.expect {
            Expect::Bool => "true or false",
            Expect::WholeNumber => "a whole number",
            Expect::Text => "text",
            Expect::Url => "a URL such as \"https://example.org/\"",
            Expect::Table => "a table of keys",
        };
        let message = format!(
            "`{key}` is {}, where {expected} is expected",
            describe(value)
        );
        let diagnostic = if rule.hugo_stops {
            Diagnostic::error(format!("{message}; Hugo stops here too"))
        } else {
            let read_as = match (rule.expect, crate::format::scalar_string(value)) {
                (Expect::Url | Expect::Text, Some(text)) => format!("read as {text:?}"),
                _ => "ignored".to_owned(),
            };
            Diagnostic::warning(format!("{message}; it is {read_as}, as in Hugo"))
        };
        problems.push(at_key(diagnostic, files, rule.path).with_hint(format!(
            "give `{key}` {expected}, or remove it to use the default"
        )));
    }
    problems
}

fn lookup<'a>(raw: &'a Map<String, Value>, path: &[&str]) -> Option<&'a Value> {
    let (last, parents) = path.split_last()?;
    let mut map = raw;
    for key in parents {
        map = get_ci(map, key)?.as_object()?;
    }
    get_ci(map, last).filter(|v| !v.is_null())
}

fn fits(value: &Value, expect: Expect) -> bool {
    match expect {
        // Hugo reads a number as a boolean (non-zero is true).
        Expect::Bool => value.is_number() || as_bool(Some(value)).is_some(),
        Expect::WholeNumber => as_i64(Some(value)).is_some(),
        Expect::Text => !value.is_array() && !value.is_object(),
        Expect::Url => value.is_string(),
        Expect::Table => value.is_object(),
    }
}

/// The diagnostic in the config file that sets the key, at its line, when one can be found.
fn at_key(diagnostic: Diagnostic, files: &[PathBuf], path: &[&str]) -> Diagnostic {
    let Some(key) = path.last() else {
        return diagnostic;
    };
    // Later files override earlier ones: the last that sets the key gave the value.
    for file in files.iter().rev() {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        if let Some(line) = key_line(&text, key) {
            return diagnostic.in_file(file).at(&text, line, 1);
        }
    }
    match files.first() {
        Some(file) => diagnostic.in_file(file),
        None => diagnostic,
    }
}
