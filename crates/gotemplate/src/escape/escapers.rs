//! The escaping functions of html/template, one per context: what a value becomes in HTML
//! text, an attribute, a URL, JavaScript or CSS.

use super::is_html_space;
use crate::value::{Safe, Value};

/// How Go prints a value before escaping it: nil as nothing, as html/template does.
pub(super) fn value_text(value: &Value) -> String {
    match value {
        Value::Nil => String::new(),
        other => other.to_text(),
    }
}

/// Go's `htmlEscaper`.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '+' => out.push_str("&#43;"),
            '\0' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Go's `htmlNospaceEscaper`, for unquoted attribute values.
pub(super) fn nospace_escape(s: &str, safe: Option<Safe>) -> String {
    let text = if safe == Some(Safe::Html) {
        strip_tags(s)
    } else {
        s.to_string()
    };
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '+' => out.push_str("&#43;"),
            '=' => out.push_str("&#61;"),
            '`' => out.push_str("&#96;"),
            ' ' => out.push_str("&#32;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\x0b' => out.push_str("&#11;"),
            '\x0c' => out.push_str("&#12;"),
            '\r' => out.push_str("&#13;"),
            '\0' => out.push_str("&#xfffd;"),
            c => out.push(c),
        }
    }
    if out.is_empty() {
        "ZgotmplZ".into()
    } else {
        out
    }
}

/// Text with its tags left out.
pub fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Go's `isSafeURL`: no scheme, or http, https, mailto.
pub(super) fn is_safe_url(s: &str) -> bool {
    match s.find(':') {
        Some(i) if !s[..i].contains('/') => {
            let scheme = s[..i].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// Go's URL normalizer (`normalize`: reserved characters and `%` kept) and escaper.
pub fn percent(s: &str, normalize: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~')
            || normalize
                && matches!(
                    b,
                    b'!' | b'#'
                        | b'$'
                        | b'&'
                        | b'*'
                        | b'+'
                        | b','
                        | b'/'
                        | b':'
                        | b';'
                        | b'='
                        | b'?'
                        | b'@'
                        | b'['
                        | b']'
                        | b'%'
                );
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02x}"));
        }
    }
    out
}

/// Go's `srcsetFilterAndEscaper`: each comma-separated candidate keeps a safe URL (normalized)
/// and a descriptor of letters, digits and spaces only; any other candidate is `#ZgotmplZ`.
pub(super) fn srcset(s: &str, safe: Option<Safe>) -> String {
    match safe {
        Some(Safe::Srcset) => return s.to_string(),
        Some(Safe::Url) => return percent(s, true).replace(',', "%2c"),
        _ => {}
    }
    s.split(',')
        .map(|candidate| {
            let trimmed = candidate.trim_start_matches(is_html_space);
            let lead = &candidate[..candidate.len() - trimmed.len()];
            let url_end = trimmed.find(is_html_space).unwrap_or(trimmed.len());
            let (url, metadata) = trimmed.split_at(url_end);
            let metadata_ok = metadata
                .chars()
                .all(|c| is_html_space(c) || c.is_ascii_alphanumeric());
            if is_safe_url(url) && metadata_ok {
                format!("{lead}{}{metadata}", percent(url, true))
            } else {
                "#ZgotmplZ".to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Go's `jsValEscaper`: the value as a JavaScript expression (JSON, with `<`, `>`, `&` and
/// friends as `\u` escapes), padded with spaces where it could run into a neighbouring token.
pub(super) fn js_value(value: &Value) -> String {
    let json = match value {
        Value::Safe(Safe::Js, s) => return s.to_string(),
        Value::Safe(Safe::JsStr, s) => format!("\"{s}\""),
        Value::Nil => return " null ".into(),
        other => json(other),
    };
    let json = json
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
    let mut out = String::new();
    if ident(json.chars().next()) {
        out.push(' ');
    }
    out.push_str(&json);
    if ident(json.chars().last()) {
        out.push(' ');
    }
    out
}

/// A value as JSON, as Go's `encoding/json` writes it.
pub fn json(value: &Value) -> String {
    let mut out = String::new();
    write_json(value, &mut out);
    out
}

fn write_json(value: &Value, out: &mut String) {
    match value {
        Value::Nil => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&json_float(*f)),
        Value::Str(s) | Value::Safe(_, s) => json_string(s, out),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        Value::Map(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(k, out);
                out.push(':');
                write_json(v, out);
            }
            out.push('}');
        }
        Value::Object(o) => match o.items() {
            Some(items) => write_json(&Value::list(items), out),
            None => json_string(&o.to_text(), out),
        },
    }
}

fn json_float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e21 {
        return format!("{f:.0}");
    }
    let abs = f.abs();
    if !(1e-6..1e21).contains(&abs) {
        let s = format!("{f:e}");
        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
        let e: i32 = e.parse().unwrap_or(0);
        return format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    }
    format!("{f}")
}

/// `encoding/json`'s string, with its HTML-safe escapes.
fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Go's `jsStrEscaper`.
pub(super) fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\0' => out.push_str("\\u0000"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\x0b' => out.push_str("\\u000b"),
            '\x0c' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '"' => out.push_str("\\u0022"),
            '&' => out.push_str("\\u0026"),
            '\'' => out.push_str("\\u0027"),
            '+' => out.push_str("\\u002b"),
            '/' => out.push_str("\\/"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '\\' => out.push_str("\\\\"),
            '`' => out.push_str("\\u0060"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn js_regexp(s: &str) -> String {
    let mut out = String::new();
    for c in js_string(s).chars() {
        if "$()*.?[]^{|}".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    if out.is_empty() { "(?:)".into() } else { out }
}

/// Go's `cssValueFilter`: what could break out of a CSS value becomes `ZgotmplZ`.
pub(super) fn css_value(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    let unsafe_char = s.chars().any(|c| {
        matches!(
            c,
            '\0' | '"'
                | '\''
                | '('
                | ')'
                | '/'
                | ';'
                | '@'
                | '['
                | '\\'
                | ']'
                | '`'
                | '{'
                | '}'
                | '<'
                | '>'
        )
    });
    if unsafe_char
        || lower.contains("expression")
        || lower.contains("mozbinding")
        || s.contains("--") && !s.starts_with("--")
    {
        return "ZgotmplZ".into();
    }
    s.to_string()
}

/// Go's `cssEscaper`.
pub(super) fn css_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\0' | '\t' | '\n' | '\x0c' | '\r' | '"' | '&' | '\'' | '(' | ')' | '+' | '/' | ':'
            | ';' | '<' | '>' | '\\' | '{' | '}' => {
                out.push_str(&format!("\\{:x}", c as u32));
                if matches!(c, '\0'..='\x7f') {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
    out
}
