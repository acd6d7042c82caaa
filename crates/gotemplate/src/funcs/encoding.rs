//! Escaping and safe content, JSON, base64, hashes, paths and times.

use base64::Engine as _;
use md5::Digest as _;

use super::{Args, Out, arg, string, text, to_int, want};
use crate::escape;
use crate::time::{self, Duration, Time};
use crate::value::{Safe, Value};

pub(super) fn call(name: &str, args: Args) -> Option<Out> {
    let safe = |kind: Safe| arg(args, 0).and_then(string).map(|s| Value::safe(kind, s));
    let hash = |f: fn(&[u8]) -> String| {
        arg(args, 0)
            .and_then(string)
            .map(|s| Value::from(f(s.as_bytes())))
    };
    Some(match name {
        "safeHTML" => safe(Safe::Html),
        "safeHTMLAttr" => safe(Safe::HtmlAttr),
        "safeCSS" => safe(Safe::Css),
        "safeJS" => safe(Safe::Js),
        "safeJSStr" => safe(Safe::JsStr),
        "safeURL" => safe(Safe::Url),
        "safeSrcset" => safe(Safe::Srcset),
        // html/template takes `html` at the end of a pipeline for its own escaper, so what it
        // gives is not escaped again.
        "html" => Ok(Value::safe(
            Safe::Html,
            go_html(&args.iter().map(text).collect::<String>()),
        )),
        "urlquery" => Ok(Value::from(super::collections::query_escape(
            &args.iter().map(text).collect::<String>(),
        ))),
        "print" => Ok(Value::from(sprint(args))),
        "println" => Ok(Value::from(
            args.iter().map(text_go).collect::<Vec<_>>().join(" ") + "\n",
        )),
        "printf" => match args.split_first() {
            Some((format, rest)) => Ok(Value::from(super::fmt::sprintf(&text(format), rest))),
            None => Err("printf needs a format".into()),
        },
        "htmlEscape" => arg(args, 0)
            .and_then(string)
            .map(|s| Value::from(html_escape(&s))),
        "htmlUnescape" => arg(args, 0)
            .and_then(string)
            .map(|s| Value::from(html_unescape(&s))),
        "transform.XMLEscape" => arg(args, 0)
            .and_then(string)
            .map(|s| Value::from(html_escape(&s))),
        "plainify" => arg(args, 0)
            .and_then(string)
            .map(|s| Value::from(plainify(&s))),
        "jsonify" => jsonify(args),
        "base64Encode" => arg(args, 0)
            .and_then(string)
            .map(|s| Value::from(base64::engine::general_purpose::STANDARD.encode(s))),
        "base64Decode" => arg(args, 0).and_then(string).and_then(|s| {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(s.trim())
                .map_err(|e| e.to_string())?;
            Ok(Value::from(String::from_utf8_lossy(&bytes).into_owned()))
        }),
        "md5" => hash(|b| hex(&md5::Md5::digest(b))),
        "sha1" => hash(|b| hex(&sha1::Sha1::digest(b))),
        "sha256" => hash(|b| hex(&sha2::Sha256::digest(b))),
        "crypto.FNV32a" => arg(args, 0)
            .and_then(string)
            .map(|s| Value::Int(i64::from(fnv32a(s.as_bytes())))),
        "path.Base" => path(args, |p| {
            let p = p.trim_end_matches('/');
            if p.is_empty() {
                "/".into()
            } else {
                p.rsplit('/').next().unwrap_or(p).to_string()
            }
        }),
        "path.Dir" => path(args, |p| match p.rfind('/') {
            Some(0) => "/".into(),
            Some(i) => clean(&p[..i]),
            None => ".".into(),
        }),
        "path.Ext" => path(args, |p| {
            let base = p.rsplit('/').next().unwrap_or(p);
            base.rfind('.')
                .map(|i| base[i..].to_string())
                .unwrap_or_default()
        }),
        "path.Clean" => path(args, clean),
        "path.Join" => {
            let parts: Vec<String> = args
                .iter()
                .flat_map(|a| a.items().unwrap_or_else(|| vec![a.clone()]))
                .map(|a| text(&a))
                .filter(|p| !p.is_empty())
                .collect();
            Ok(Value::from(if parts.is_empty() {
                String::new()
            } else {
                clean(&parts.join("/"))
            }))
        }
        "path.Split" => path(args, |p| p.to_string()).map(|v| {
            let p = text(&v);
            let i = p.rfind('/').map_or(0, |i| i + 1);
            Value::object(DirFile {
                dir: p[..i].to_string(),
                file: p[i..].to_string(),
            })
        }),
        "time" => arg(args, 0).and_then(as_time).map(Time::value),
        "dateFormat" => want(args, 2).and_then(|()| {
            let zoned = as_time(arg(args, 1)?)?;
            Ok(Value::from(time::format(&zoned, &string(arg(args, 0)?)?)))
        }),
        "time.ParseDuration" => arg(args, 0)
            .and_then(string)
            .and_then(|s| parse_duration(&s))
            .map(|n| Value::object(Duration(n))),
        "duration" => want(args, 2).and_then(|()| {
            let unit = string(arg(args, 0)?)?;
            let n = to_int(arg(args, 1)?)?;
            let scale: i64 = match unit.as_str() {
                "nanosecond" | "ns" => 1,
                "microsecond" | "us" | "µs" => 1_000,
                "millisecond" | "ms" => 1_000_000,
                "second" | "s" => 1_000_000_000,
                "minute" | "m" => 60_000_000_000,
                "hour" | "h" => 3_600_000_000_000,
                other => return Err(format!("{other:?} is not a valid duration unit")),
            };
            Ok(Value::object(Duration(n.saturating_mul(scale))))
        }),
        _ => return None,
    })
}

/// What `path.Split` gives: `.Dir` and `.File`, printed as Hugo prints it, `Dir|File`.
#[derive(Debug, Clone)]
struct DirFile {
    dir: String,
    file: String,
}

impl crate::Object for DirFile {
    fn type_name(&self) -> &str {
        "paths.DirFile"
    }

    fn get(&self, name: &str, _: &[Value]) -> Option<Result<Value, String>> {
        match name {
            "Dir" => Some(Ok(Value::str(&self.dir))),
            "File" => Some(Ok(Value::str(&self.file))),
            _ => None,
        }
    }

    fn to_text(&self) -> String {
        format!("{}|{}", self.dir, self.file)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// Go's `fmt.Sprint`: a space between two operands when neither is a string.
fn sprint(args: Args) -> String {
    let mut out = String::new();
    let is_str = |v: &Value| v.as_str().is_some();
    let mut previous: Option<&Value> = None;
    for a in args {
        if previous.is_some_and(|p| !is_str(p)) && !is_str(a) {
            out.push(' ');
        }
        out.push_str(&text_go(a));
        previous = Some(a);
    }
    out
}

/// As `fmt` prints a value: nil as `<nil>`.
fn text_go(value: &Value) -> String {
    value.to_text()
}

fn as_time(value: &Value) -> Result<jiff::Zoned, String> {
    if let Some(t) = value.downcast::<Time>() {
        return Ok(t.0.clone());
    }
    if let Value::Int(seconds) = value {
        return jiff::Timestamp::from_second(*seconds)
            .map(|ts| ts.to_zoned(jiff::tz::TimeZone::UTC))
            .map_err(|e| e.to_string());
    }
    let s = string(value)?;
    time::parse(&s, &jiff::tz::TimeZone::UTC).ok_or_else(|| format!("unable to parse date: {s}"))
}

fn jsonify(args: Args) -> Out {
    let (options, value) = match args {
        [value] => (None, value),
        [Value::Map(options), value] => (Some(options), value),
        _ => return Err("jsonify needs a value, after its options".into()),
    };
    let json = escape::json(value);
    let indent = options.and_then(|o| o.get("indent")).map(text);
    let prefix = options
        .and_then(|o| o.get("prefix"))
        .map(text)
        .unwrap_or_default();
    let json = match indent {
        Some(indent) if !indent.is_empty() || !prefix.is_empty() => pretty(&json, &prefix, &indent),
        _ => json,
    };
    Ok(Value::safe(Safe::Html, json))
}

/// Go's `json.MarshalIndent` layout over compact JSON.
fn pretty(json: &str, prefix: &str, indent: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = json.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(prefix);
        out.push_str(&indent.repeat(depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                if chars.peek().is_some_and(|n| *n == '}' || *n == ']') {
                    if let Some(close) = chars.next() {
                        out.push(close);
                    }
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c => out.push(c),
        }
    }
    out
}

/// Go's `html.EscapeString`.
fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('\'', "&#39;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&#34;")
}

/// Go's `template.HTMLEscapeString`, the `html` function.
fn go_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('\'', "&#39;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&#34;")
        .replace('\0', "\u{fffd}")
}

/// Character references back to characters: numeric ones and the named ones markup uses.
pub fn html_unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                "hellip" => Some('…'),
                "mdash" => Some('—'),
                "ndash" => Some('–'),
                "copy" => Some('©'),
                _ => name.strip_prefix('#').and_then(|n| {
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => n.parse().ok(),
                    };
                    code.and_then(char::from_u32)
                }),
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, used)) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Hugo's `plainify`: tags out, and a line break where a paragraph or `<br>` ended.
fn plainify(s: &str) -> String {
    let s = s
        .replace('\n', " ")
        .replace("</p>", "\n")
        .replace("<br>", "\n")
        .replace("<br />", "\n");
    crate::escape::strip_tags(&s)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn fnv32a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}

fn path(args: Args, f: impl Fn(&str) -> String) -> Out {
    let p = string(arg(args, 0)?)?.replace('\\', "/");
    Ok(Value::from(f(&p)))
}

/// Go's `path.Clean`.
fn clean(p: &str) -> String {
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            part => parts.push(part),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

/// Go's `time.ParseDuration`: `1h30m`, `1.5s`, `300ms`.
fn parse_duration(s: &str) -> Result<i64, String> {
    let bad = || format!("time: invalid duration {s:?}");
    let (negative, mut rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    if rest == "0" {
        return Ok(0);
    }
    let mut total = 0f64;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(bad)?;
        let n: f64 = rest[..num_len].parse().map_err(|_| bad())?;
        rest = &rest[num_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let scale = match &rest[..unit_len] {
            "ns" => 1.0,
            "us" | "µs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 6e10,
            "h" => 3.6e12,
            _ => return Err(bad()),
        };
        total += n * scale;
        rest = &rest[unit_len..];
    }
    Ok(if negative {
        -(total as i64)
    } else {
        total as i64
    })
}
