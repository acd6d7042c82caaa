//! What a shortcode's or a render hook's template is run with, as Hugo names it: `.Get`,
//! `.Inner`, `.Page`… for shortcodes; `.Destination`, `.Text`, `.Level`… for hooks.

use std::any::Any;
use std::sync::Arc;

use inkstone_gotemplate::{Map, Object, Safe, Value};
use inkstone_shortcodes::{Args, Value as Arg};

use crate::markdown::hooks::{Cell, Hook};

fn arg_value(arg: &Arg) -> Value {
    match arg {
        Arg::Text(s) => Value::str(s),
        Arg::Int(n) => Value::Int(*n),
        Arg::Float(f) => Value::Float(*f),
        Arg::Bool(b) => Value::Bool(*b),
    }
}

/// A shortcode call as its template sees it.
#[derive(Debug, Clone)]
pub struct Shortcode {
    pub name: String,
    pub args: Args,
    pub inner: Option<String>,
    pub ordinal: usize,
    /// `file:line:col` of the call, for `.Position`.
    pub position: String,
    pub page: Value,
    pub site: Value,
    /// This call's `.Scratch`/`.Store`.
    pub scratch: Value,
    pub parent: Option<Arc<Shortcode>>,
}

impl Shortcode {
    fn get(&self, key: &Value) -> Value {
        let found = match key {
            Value::Int(i) => usize::try_from(*i)
                .ok()
                .and_then(|i| self.args.get_index(i)),
            other => other.as_str().and_then(|name| self.args.get_named(name)),
        };
        found.map_or(Value::Nil, arg_value)
    }

    fn params(&self) -> Value {
        match &self.args {
            Args::None => Value::Nil,
            Args::Positional(values) => Value::list(values.iter().map(arg_value).collect()),
            Args::Named(pairs) => Value::map(
                pairs
                    .iter()
                    .map(|(k, v)| (Arc::from(k.as_str()), arg_value(v)))
                    .collect(),
            ),
        }
    }
}

/// Hugo's `.InnerDeindent`: the inner text with the indentation all its lines share removed.
fn deindent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    text.lines()
        .map(|l| l.get(indent..).unwrap_or(l.trim_start()))
        .collect::<Vec<_>>()
        .join("\n")
        + if text.ends_with('\n') { "\n" } else { "" }
}

impl Object for Shortcode {
    fn type_name(&self) -> &str {
        "*hugolib.ShortcodeWithPage"
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let inner = self.inner.as_deref().unwrap_or("");
        Some(Ok(match name {
            "Get" => match args.first() {
                Some(key) => self.get(key),
                None => return Some(Err("Get needs an index or a name".into())),
            },
            "Params" => self.params(),
            "IsNamedParams" => Value::Bool(matches!(self.args, Args::Named(_))),
            "Inner" => Value::safe(Safe::Html, inner),
            "InnerDeindent" => Value::safe(Safe::Html, deindent(inner)),
            "Ordinal" => Value::Int(self.ordinal as i64),
            "Name" => Value::str(&self.name),
            "Position" => Value::str(&self.position),
            "Page" => self.page.clone(),
            "Site" => self.site.clone(),
            "Parent" => self
                .parent
                .as_ref()
                .map_or(Value::Nil, |p| Value::Object(p.clone())),
            "Scratch" | "Store" => self.scratch.clone(),
            "Ref" | "RelRef" => return self.page.field(name, args),
            _ => return None,
        }))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn html(text: &str) -> Value {
    Value::safe(Safe::Html, text)
}

fn map(pairs: Vec<(&str, Value)>) -> Value {
    Value::map(
        pairs
            .into_iter()
            .map(|(k, v)| (Arc::from(k), v))
            .collect::<Map>(),
    )
}

fn rows(rows: &[Vec<Cell>]) -> Value {
    Value::list(
        rows.iter()
            .map(|row| {
                Value::list(
                    row.iter()
                        .map(|c| {
                            map(vec![
                                ("Text", html(&c.text)),
                                ("Alignment", Value::str(c.alignment)),
                            ])
                        })
                        .collect(),
                )
            })
            .collect(),
    )
}

/// Goldmark reads `true`, `false` and numbers in attributes as such.
fn attribute_value(text: &str) -> Value {
    match text {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => text
            .parse::<i64>()
            .map(Value::Int)
            .or_else(|_| text.parse::<f64>().map(Value::Float))
            .unwrap_or_else(|_| Value::str(text)),
    }
}

/// What Hugo's highlighter reads from a fence's `{…}`; the rest are `.Attributes`.
const HIGHLIGHT_OPTIONS: &[&str] = &[
    "linenos",
    "hl_lines",
    "linenostart",
    "anchorlinenos",
    "lineanchors",
    "linenumbersintable",
    "hl_inline",
    "noclasses",
    "style",
    "tabwidth",
    "guesssyntax",
    "codefences",
    "wrapperclass",
];

/// `{filename="x.toml", linenos=true}` after a fence's language, as `.Options` (the
/// highlighting ones) or `.Attributes` (the others).
fn fence_attributes(info: &str, options: bool) -> Value {
    let inside = info
        .trim()
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or("");
    let mut out = Map::new();
    let mut rest = inside.trim();
    while !rest.is_empty() {
        let Some((key, after)) = rest.split_once('=') else {
            break;
        };
        let key = key.trim().trim_start_matches(',').trim();
        let after = after.trim_start();
        let (value, remaining) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let body = &after[1..];
                let end = body.find(q).unwrap_or(body.len());
                (Value::str(&body[..end]), body.get(end + 1..).unwrap_or(""))
            }
            _ => {
                let end = after.find([',', ' ']).unwrap_or(after.len());
                (attribute_value(&after[..end]), &after[end..])
            }
        };
        if HIGHLIGHT_OPTIONS.contains(&key.to_ascii_lowercase().as_str()) == options
            && !key.is_empty()
        {
            out.insert(Arc::from(key), value);
        }
        rest = remaining.trim_start_matches([',', ' ']);
    }
    Value::map(out)
}

/// A render hook's context, with Hugo's field names.
pub fn hook(hook: &Hook<'_>, page: Value, position: String) -> Value {
    let mut fields = match hook {
        Hook::Link {
            destination,
            title,
            text,
            plain_text,
            ordinal,
        } => vec![
            ("Destination", Value::str(destination)),
            ("Title", Value::str(title)),
            ("Text", html(text)),
            ("PlainText", Value::str(plain_text)),
            ("Ordinal", Value::Int(*ordinal as i64)),
        ],
        Hook::Image {
            destination,
            title,
            text,
            plain_text,
            is_block,
            ordinal,
        } => vec![
            ("Destination", Value::str(destination)),
            ("Title", Value::str(title)),
            ("Text", html(text)),
            ("PlainText", Value::str(plain_text)),
            ("IsBlock", Value::Bool(*is_block)),
            ("Ordinal", Value::Int(*ordinal as i64)),
            ("Attributes", Value::map(Map::new())),
        ],
        Hook::Heading {
            level,
            anchor,
            text,
            plain_text,
            attributes,
            ordinal,
        } => vec![
            ("Level", Value::Int(i64::from(*level))),
            ("Anchor", Value::str(anchor)),
            ("Text", html(text)),
            ("PlainText", Value::str(plain_text)),
            ("Ordinal", Value::Int(*ordinal as i64)),
            (
                "Attributes",
                Value::map(
                    std::iter::once((Arc::from("id"), Value::str(anchor)))
                        .chain(
                            attributes
                                .iter()
                                .map(|(k, v)| (Arc::from(k.as_str()), attribute_value(v))),
                        )
                        .collect(),
                ),
            ),
        ],
        Hook::CodeBlock {
            lang,
            inner,
            info,
            ordinal,
        } => vec![
            ("Type", Value::str(lang)),
            ("Inner", Value::str(inner)),
            ("Options", fence_attributes(info, true)),
            ("Attributes", fence_attributes(info, false)),
            ("Info", Value::str(info)),
            ("Ordinal", Value::Int(*ordinal as i64)),
        ],
        Hook::Blockquote {
            quote_type,
            alert_type,
            text,
            ordinal,
        } => vec![
            ("Type", Value::str(quote_type)),
            ("AlertType", Value::str(alert_type)),
            ("AlertTitle", html("")),
            ("AlertSign", Value::str("")),
            ("Text", html(text)),
            ("Attributes", Value::map(Map::new())),
            ("Ordinal", Value::Int(*ordinal as i64)),
        ],
        Hook::Table {
            thead,
            tbody,
            ordinal,
        } => vec![
            ("THead", rows(thead)),
            ("TBody", rows(tbody)),
            ("Attributes", Value::map(Map::new())),
            ("Ordinal", Value::Int(*ordinal as i64)),
        ],
    };
    fields.push(("PageInner", page.clone()));
    fields.push(("Page", page));
    fields.push(("Position", Value::str(position)));
    map(fields)
}
