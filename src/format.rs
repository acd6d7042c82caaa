//! TOML, YAML and JSON documents parsed into one value type, with positioned errors.
//!
//! Config files and front matter share this: both are "a mapping in one of Hugo's three formats".

use serde_json::{Map, Value};
use serde_saphyr::options::DuplicateKeyPolicy;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
    Json,
}

impl Format {
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext {
            "toml" => Some(Format::Toml),
            "yaml" | "yml" => Some(Format::Yaml),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Toml => "TOML",
            Format::Yaml => "YAML",
            Format::Json => "JSON",
        }
    }
}

/// Where in the parsed text something is, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineColumn {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone)]
pub struct ParseError {
    pub message: String,
    pub at: Option<LineColumn>,
}

/// Something the format's own rules refuse but Hugo's parser reads, read as Hugo reads it.
#[derive(Debug, Clone)]
pub struct Tolerated {
    pub message: String,
    pub hint: &'static str,
    pub at: Option<LineColumn>,
}

#[derive(Debug, Default)]
pub struct Document {
    pub map: Map<String, Value>,
    pub tolerated: Vec<Tolerated>,
}

pub fn parse(format: Format, text: &str) -> Result<Document, ParseError> {
    let value = match format {
        Format::Toml => return parse_toml(text),
        Format::Json => serde_json::from_str::<Value>(text).map_err(|e| ParseError {
            message: strip_position(&e.to_string()),
            at: Some(LineColumn {
                line: e.line(),
                column: e.column(),
            }),
        })?,
        Format::Yaml => return parse_yaml(text),
    };
    into_document(value, Vec::new())
}

fn parse_toml(text: &str) -> Result<Document, ParseError> {
    match toml::from_str::<toml::Table>(text) {
        Ok(table) => Ok(Document {
            map: table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
            tolerated: Vec::new(),
        }),
        Err(e) => Err(ParseError {
            message: e.message().trim().to_owned(),
            at: e.span().map(|span| {
                let (line, column) = crate::diagnostics::line_column(text, span.start);
                LineColumn { line, column }
            }),
        }),
    }
}

/// YAML as Hugo's parser reads it, which is more lenient than YAML 1.2 in two ways real sites
/// rely on; each is read as Hugo reads it and reported.
fn parse_yaml(text: &str) -> Result<Document, ParseError> {
    if text.trim().is_empty() {
        return Ok(Document::default());
    }
    match parse_yaml_keys(text) {
        Err(e) if e.message.contains("indentation in multiline quoted scalar") => {
            let Some((indented, line)) = indent_quoted_continuations(text) else {
                return Err(e);
            };
            let mut doc = parse_yaml_keys(&indented).map_err(|_| e)?;
            doc.tolerated.push(Tolerated {
                message: "a quoted value continues on a line that is not indented; it is read \
                          as one line, as Hugo reads it"
                    .to_owned(),
                hint: "indent the continued line: YAML requires it, and other tools refuse it",
                at: Some(LineColumn { line, column: 1 }),
            });
            Ok(doc)
        }
        result => result,
    }
}

/// Real sites repeat keys in YAML front matter, and older Hugo accepted it: keep the last value
/// and report the repeat rather than refuse the page.
fn parse_yaml_keys(text: &str) -> Result<Document, ParseError> {
    // YAML 1.2's booleans, as Hugo's YAML reads them: `yes`, `no`, `on`, `y` are words (a tag
    // `y` is the term `y`, `draft: yes` is no boolean).
    let strict = serde_saphyr::options! {
        duplicate_keys: DuplicateKeyPolicy::Error,
        strict_booleans: true,
    };
    let result = serde_saphyr::from_str_with_options::<Value>(text, strict);
    let duplicate = match &result {
        Err(e) => match e.without_snippet() {
            serde_saphyr::Error::DuplicateMappingKey { key, location } => {
                Some((key.clone(), *location))
            }
            _ => None,
        },
        Ok(_) => None,
    };
    match (result, duplicate) {
        (Ok(value), _) => into_document(value, Vec::new()),
        (Err(_), Some((key, location))) => {
            let lenient = serde_saphyr::options! {
                duplicate_keys: DuplicateKeyPolicy::LastWins,
                strict_booleans: true,
            };
            let value =
                serde_saphyr::from_str_with_options::<Value>(text, lenient).map_err(yaml_error)?;
            let duplicate = Tolerated {
                message: format!(
                    "the key `{}` is given more than once; the last value is used",
                    key.unwrap_or_else(|| "?".to_owned())
                ),
                hint: "remove the earlier line; current Hugo refuses such front matter",
                at: Some(LineColumn {
                    line: location.line() as usize,
                    column: location.column() as usize,
                }),
            };
            into_document(value, vec![duplicate])
        }
        (Err(e), None) => Err(yaml_error(e)),
    }
}

/// Go's YAML reads a quoted scalar whose continuation lines start at column 0 (an editor's line
/// wrap in a long title); YAML 1.2 refuses them. A space in front of such a line changes nothing
/// in the value, since a continuation line's leading white space is folded away. Returns the
/// mended text and the first line mended, or `None` when no line needed it.
fn indent_quoted_continuations(text: &str) -> Option<(String, usize)> {
    let mut out = String::with_capacity(text.len() + 16);
    let mut open: Option<char> = None;
    let mut first = None;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if open.is_some() && line.starts_with(|c: char| !c.is_whitespace()) {
            out.push(' ');
            first.get_or_insert(n + 1);
        }
        out.push_str(line);
        open = quote_open_after(line, open);
    }
    first.map(|line| (out, line))
}

/// Whether a quoted scalar is still open at the end of `line`, given the one open at its start.
fn quote_open_after(line: &str, mut open: Option<char>) -> Option<char> {
    let mut chars = line.chars().peekable();
    // The last character outside quotes that was not a space: a quote opens a scalar only where
    // a value can start (a line's start, after `: `, `- `, `[`, `{` or `,`).
    let mut before: Option<char> = None;
    let mut spaced = true;
    while let Some(c) = chars.next() {
        match open {
            Some('"') => match c {
                '\\' => {
                    chars.next();
                }
                '"' => open = None,
                _ => {}
            },
            Some(_) => {
                if c == '\'' {
                    if chars.peek() == Some(&'\'') {
                        chars.next();
                    } else {
                        open = None;
                    }
                }
            }
            None => {
                let value_starts = match before {
                    None => true,
                    Some(':' | '-' | '?') => spaced,
                    Some('[' | '{' | ',') => true,
                    Some(_) => false,
                };
                if (c == '"' || c == '\'') && value_starts {
                    open = Some(c);
                } else if c == '#' && spaced {
                    return None;
                } else if !c.is_whitespace() {
                    before = Some(c);
                }
                spaced = c.is_whitespace();
            }
        }
    }
    open
}

fn yaml_error(e: serde_saphyr::Error) -> ParseError {
    let at = e.location().map(|l| LineColumn {
        line: l.line() as usize,
        column: l.column() as usize,
    });
    let message = strip_position(&e.without_snippet().to_string());
    ParseError { message, at }
}

fn into_document(value: Value, tolerated: Vec<Tolerated>) -> Result<Document, ParseError> {
    match value {
        Value::Object(map) => Ok(Document { map, tolerated }),
        Value::Null => Ok(Document {
            map: Map::new(),
            tolerated,
        }),
        other => Err(ParseError {
            message: format!(
                "expected a mapping of keys to values, found {}",
                kind(&other)
            ),
            at: Some(LineColumn { line: 1, column: 1 }),
        }),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// Parsers append " at line X column Y"; the diagnostic shows the position itself.
fn strip_position(message: &str) -> String {
    let message = message.lines().next().unwrap_or(message);
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// TOML dates become strings in RFC 3339 form, which is what YAML and JSON front matter give too.
pub fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

/// Hugo reads keys case-insensitively (`baseURL`, `baseurl`); so does inkstone.
pub fn get_ci<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// A value Hugo allows as either one string or a list of them (`tags: foo` or `tags: [foo]`).
pub fn string_list(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) if !s.trim().is_empty() => vec![s.trim().to_owned()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(scalar_string)
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().to_owned())
            .collect(),
        _ => Vec::new(),
    }
}

/// A scalar as text: numbers and booleans in front matter are often meant as strings.
pub fn scalar_string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub fn as_bool(value: Option<&Value>) -> Option<bool> {
    match value? {
        Value::Bool(b) => Some(*b),
        // Go's strconv.ParseBool, which Hugo's casts use: `"yes"` is not a boolean.
        Value::String(s) => match s.trim() {
            "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
            "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

pub fn as_i64(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The line (1-based, within `front`) that sets `key`, in any of the three formats: where a
/// diagnostic about the key's value points.
pub fn key_line(front: &str, key: &str) -> Option<usize> {
    front
        .lines()
        .position(|line| {
            let line = line.trim_start().trim_start_matches('"');
            let (Some(name), Some(rest)) = (line.get(..key.len()), line.get(key.len()..)) else {
                return false;
            };
            name.eq_ignore_ascii_case(key)
                && rest
                    .trim_start_matches('"')
                    .trim_start()
                    .starts_with([':', '='])
        })
        .map(|i| i + 1)
}

/// How a value reads in a diagnostic: `the text "yes"`, `a list`.
pub fn describe(value: &Value) -> String {
    match value {
        Value::String(s) => format!("the text {s:?}"),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "a table".to_owned(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::Null => "empty".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the `front_matter` fuzz target: a key's line is looked for in a front matter
    /// whose line holds a multi-byte character where the key would end.
    #[test]
    fn a_key_is_found_whatever_characters_the_lines_hold() {
        let front = "ti\u{feff}tle: On\ndate: --\ntitle: x\n";
        assert_eq!(key_line(front, "date"), Some(2));
        assert_eq!(key_line(front, "title"), Some(3));
        assert_eq!(key_line("é: 1\n", "e"), None);
    }

    #[test]
    fn only_lines_inside_an_open_quote_are_indented() {
        let (mended, line) =
            indent_quoted_continuations("title: \"a\nb\"\nnote: it's \"fine\nnext: 1\n").unwrap();
        assert_eq!(line, 2);
        // A quote inside a plain value opens nothing, so `next` stays a key.
        assert_eq!(mended, "title: \"a\n b\"\nnote: it's \"fine\nnext: 1\n");
        assert!(indent_quoted_continuations("a: 1 # \"not a quote\nb: 2\n").is_none());
        let (mended, _) = indent_quoted_continuations("t: 'it''s\nx'\n").unwrap();
        assert_eq!(mended, "t: 'it''s\n x'\n");
    }

    #[test]
    fn tolerated_yaml_reads_as_hugo_reads_it() {
        let doc = parse(Format::Yaml, "title: \"A long\ntitle\"\nn: 1\n").unwrap();
        assert_eq!(doc.map["title"], "A long title");
        assert_eq!(doc.tolerated.len(), 1);
        let doc = parse(Format::Yaml, "a: 1\na: 2\n").unwrap();
        assert_eq!(doc.map["a"], 2);
        assert!(
            doc.tolerated[0]
                .message
                .contains("`a` is given more than once")
        );
    }
}
