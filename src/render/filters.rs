//! Filters and functions that templates get besides minijinja's own.

use minijinja::{AutoEscape, Error, ErrorKind, Output, State, Value};

use crate::text::urlize;

/// `{{ page.date | date("%Y-%m-%d") }}`: formats an RFC 3339 date with strftime directives; with
/// no format, as the site's language writes dates (`dateFormat` of its strings).
pub fn date(state: &State, value: Value, format: Option<String>) -> Result<String, Error> {
    let Some(text) = value.as_str() else {
        return Ok(String::new());
    };
    let zoned = crate::content::dates::parse(text, &jiff::tz::TimeZone::UTC)
        .map_err(|e| Error::new(ErrorKind::InvalidOperation, e))?;
    let format = format
        .or_else(|| string_form(state, "dateformat", None))
        .unwrap_or_else(|| "%B %-d, %Y".to_owned());
    jiff::fmt::strtime::format(format.as_str(), &zoned)
        .map_err(|e| Error::new(ErrorKind::InvalidOperation, e.to_string()))
}

/// `{{ i18n("readingTime", 3) }}`: the theme's string `key` in the site's language, the `one`
/// form for a count of 1, with `{{ .Count }}` (and `{{ .Name }}`, `{{ .Total }}` from
/// `name=`/`total=`) filled in. A key with no string gives the key itself.
pub fn i18n(
    state: &State,
    key: String,
    count: Option<Value>,
    kwargs: minijinja::value::Kwargs,
) -> Result<Value, Error> {
    let count = count.and_then(|c| i64::try_from(c).ok());
    let name: Option<String> = kwargs.get("name")?;
    let total: Option<Value> = kwargs.get("total")?;
    kwargs.assert_all_used()?;
    let Some(text) = string_form(state, &key.to_ascii_lowercase(), count) else {
        return Ok(Value::from(key));
    };
    let mut text = text;
    for (placeholder, value) in [
        ("Count", count.map(|c| c.to_string())),
        ("Name", name),
        ("Total", total.map(|t| t.to_string())),
    ] {
        if let Some(value) = value {
            text = text
                .replace(&format!("{{{{ .{placeholder} }}}}"), &value)
                .replace(&format!("{{{{.{placeholder}}}}}"), &value);
        }
    }
    Ok(Value::from(text))
}

/// The form of string `key` for `count`, from `site.i18n` of the template's context.
fn string_form(state: &State, key: &str, count: Option<i64>) -> Option<String> {
    let strings = state.lookup("site")?.get_attr("i18n").ok()?;
    let entry = strings.get_attr(key).ok().filter(|e| !e.is_undefined())?;
    let form = |name: &str| {
        entry
            .get_attr(name)
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_none())
            .and_then(|v| v.as_str().map(str::to_owned))
    };
    match count {
        Some(1) => form("one").or_else(|| form("other")),
        _ => form("other"),
    }
}

/// `{{ text | markdownify }}`: inline Markdown to HTML, without the paragraph around it; raw
/// HTML only where the site allows it.
pub fn markdownify(value: &str, unsafe_html: bool) -> Value {
    Value::from_safe_string(crate::markdown::inline(value, unsafe_html))
}

pub fn urlize_filter(value: String) -> String {
    urlize(&value)
}

/// `{{ text | plainify }}`: the text of some HTML, for attributes and meta tags. Character
/// references are decoded, since the template escapes the text again where it is written.
pub fn plainify(value: String) -> String {
    let mut out = String::with_capacity(value.len());
    let mut in_tag = false;
    for c in value.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let text = out.split_whitespace().collect::<Vec<_>>().join(" ");
    inkstone_gotemplate::funcs::html_unescape(&text)
}

/// `{{ text | truncate(160) }}`: at most `length` characters, cut at a word where possible,
/// ending in `…` when anything was cut.
pub fn truncate(value: String, length: Option<usize>) -> String {
    let length = length.unwrap_or(255);
    if value.chars().count() <= length {
        return value;
    }
    let cut: String = value.chars().take(length.saturating_sub(1)).collect();
    let at_word = match cut.rfind(' ') {
        Some(i) if i > cut.len() / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", at_word.trim_end())
}

/// HTML escaping of the five characters that matter, leaving `/` alone: minijinja's own escaping
/// turns every URL into `&#x2f;`-soup, valid but unreadable in the page source.
pub fn html_formatter(out: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    match value.as_str() {
        Some(text) if *state.auto_escape() == AutoEscape::Html && !value.is_safe() => {
            let mut last = 0;
            for (i, c) in text.char_indices() {
                let entity = match c {
                    '&' => "&amp;",
                    '<' => "&lt;",
                    '>' => "&gt;",
                    '"' => "&quot;",
                    '\'' => "&#39;",
                    _ => continue,
                };
                out.write_str(&text[last..i])?;
                out.write_str(entity)?;
                last = i + 1;
            }
            out.write_str(&text[last..])?;
            Ok(())
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}
