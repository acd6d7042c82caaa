//! Hugo's `strings` namespace and its aliases, regular expressions included (Go's RE2
//! syntax is what the `regex` crate reads).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use regex::Regex;

use super::{Args, Out, arg, string, text, to_int, want};
use crate::value::{Safe, Value};

pub(super) fn call(name: &str, args: Args) -> Option<Out> {
    Some(match name {
        "lower" => one(args, |s| s.to_lowercase()),
        "upper" => one(args, |s| s.to_uppercase()),
        "title" => one(args, |s| title(&s)),
        "humanize" | "inflect.Humanize" => one(args, |s| humanize(&s)),
        "strings.FirstUpper" => one(args, |s| {
            let mut chars = s.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }),
        "replace" => replace(args),
        "replaceRE" => replace_re(args),
        "findRE" => find_re(args, false),
        "findRESubmatch" => find_re(args, true),
        "split" => {
            two(args).map(|(s, sep)| Value::list(s.split(sep.as_str()).map(Value::str).collect()))
        }
        "substr" => substr(args),
        "slicestr" => slicestr(args),
        "trim" => {
            two(args).map(|(s, cut)| Value::from(s.trim_matches(|c| cut.contains(c)).to_string()))
        }
        "strings.TrimLeft" => cutset(args, |s, cut| {
            s.trim_start_matches(|c| cut.contains(c)).to_string()
        }),
        "strings.TrimRight" => cutset(args, |s, cut| {
            s.trim_end_matches(|c| cut.contains(c)).to_string()
        }),
        "strings.TrimPrefix" => cutset(args, |s, p| s.strip_prefix(p).unwrap_or(s).to_string()),
        "strings.TrimSuffix" => cutset(args, |s, p| s.strip_suffix(p).unwrap_or(s).to_string()),
        "strings.TrimSpace" => one(args, |s| s.trim().to_string()),
        "chomp" => arg(args, 0).and_then(|v| {
            let s = string(v)?.trim_end_matches(['\r', '\n']).to_string();
            Ok(match v {
                Value::Safe(kind, _) => Value::safe(*kind, s),
                _ => Value::from(s),
            })
        }),
        "truncate" => truncate(args),
        "countwords" => arg(args, 0)
            .and_then(string)
            .map(|s| Value::Int(count_words(&s) as i64)),
        "countrunes" => arg(args, 0)
            .and_then(string)
            .map(|s| Value::Int(s.chars().filter(|c| !c.is_whitespace()).count() as i64)),
        "strings.RuneCount" => arg(args, 0)
            .and_then(string)
            .map(|s| Value::Int(s.chars().count() as i64)),
        "strings.Count" => two(args).map(|(sub, s)| {
            Value::Int(if sub.is_empty() {
                s.chars().count() as i64 + 1
            } else {
                s.matches(sub.as_str()).count() as i64
            })
        }),
        "strings.Contains" => two(args).map(|(s, sub)| Value::Bool(s.contains(sub.as_str()))),
        "strings.ContainsAny" => {
            two(args).map(|(s, any)| Value::Bool(s.contains(|c| any.contains(c))))
        }
        "strings.ContainsNonSpace" => arg(args, 0)
            .and_then(string)
            .map(|s| Value::Bool(s.chars().any(|c| !c.is_whitespace()))),
        "hasPrefix" => two(args).map(|(s, p)| Value::Bool(s.starts_with(p.as_str()))),
        "hasSuffix" => two(args).map(|(s, p)| Value::Bool(s.ends_with(p.as_str()))),
        "strings.Repeat" => want(args, 2).and_then(|()| {
            let n = usize::try_from(to_int(arg(args, 0)?)?)
                .map_err(|_| "negative repeat count".to_string())?;
            let s = string(arg(args, 1)?)?;
            if n.saturating_mul(s.len()) > 10_000_000 {
                return Err("repeat count too large".into());
            }
            Ok(Value::from(s.repeat(n)))
        }),
        "strings.Diff" => Err("strings.Diff is not supported".into()),
        _ => return None,
    })
}

/// Hugo's `humanize`: words split at `-`, `_`, spaces and lower-to-upper case changes,
/// lowercased, the first capitalised (`my-firstPost` → `My first post`); a number becomes its
/// ordinal (`52` → `52nd`).
fn humanize(s: &str) -> String {
    if let Ok(n) = s.trim().parse::<i64>() {
        let suffix = match (n.rem_euclid(100), n.rem_euclid(10)) {
            (11..=13, _) => "th",
            (_, 1) => "st",
            (_, 2) => "nd",
            (_, 3) => "rd",
            _ => "th",
        };
        return format!("{n}{suffix}");
    }
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut after_lower = false;
    for c in s.chars() {
        if c == '-' || c == '_' || c.is_whitespace() {
            words.push(std::mem::take(&mut word));
            after_lower = false;
            continue;
        }
        if c.is_uppercase() && after_lower {
            words.push(std::mem::take(&mut word));
        }
        word.extend(c.to_lowercase());
        after_lower = c.is_lowercase() || c.is_ascii_digit();
    }
    words.push(word);
    let joined = words
        .into_iter()
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn one(args: Args, f: impl Fn(String) -> String) -> Out {
    Ok(Value::from(f(string(arg(args, 0)?)?)))
}

fn two(args: Args) -> Result<(String, String), String> {
    want(args, 2)?;
    Ok((string(arg(args, 0)?)?, string(arg(args, 1)?)?))
}

/// Hugo's `strings.TrimLeft CUTSET STRING` and kin: the cut set first.
fn cutset(args: Args, f: fn(&str, &str) -> String) -> Out {
    let (cut, s) = two(args)?;
    Ok(Value::from(f(&s, &cut)))
}

/// Compiled patterns, kept: templates run the same few patterns on every page.
pub(crate) fn regex(pattern: &str) -> Result<Arc<Regex>, String> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Mutex::default);
    if let Ok(cache) = cache.lock()
        && let Some(found) = cache.get(pattern)
    {
        return Ok(found.clone());
    }
    let compiled = Arc::new(
        Regex::new(pattern).map_err(|e| format!("invalid regular expression {pattern:?}: {e}"))?,
    );
    if let Ok(mut cache) = cache.lock() {
        if cache.len() > 512 {
            cache.clear();
        }
        cache.insert(pattern.to_string(), compiled.clone());
    }
    Ok(compiled)
}

fn replace(args: Args) -> Out {
    want(args, 3)?;
    let (s, old, new) = (
        string(arg(args, 0)?)?,
        string(arg(args, 1)?)?,
        string(arg(args, 2)?)?,
    );
    Ok(Value::from(match args.get(3) {
        Some(limit) => s.replacen(
            old.as_str(),
            &new,
            usize::try_from(to_int(limit)?).unwrap_or(0),
        ),
        None => s.replace(old.as_str(), &new),
    }))
}

fn replace_re(args: Args) -> Out {
    want(args, 3)?;
    let (pattern, replacement, s) = (
        string(arg(args, 0)?)?,
        string(arg(args, 1)?)?,
        string(arg(args, 2)?)?,
    );
    let re = regex(&pattern)?;
    let limit = match args.get(3) {
        Some(limit) => usize::try_from(to_int(limit)?).unwrap_or(0),
        None => 0,
    };
    Ok(Value::from(
        re.replacen(&s, limit, replacement.as_str()).into_owned(),
    ))
}

fn find_re(args: Args, submatches: bool) -> Out {
    want(args, 2)?;
    let (pattern, s) = (string(arg(args, 0)?)?, string(arg(args, 1)?)?);
    let re = regex(&pattern)?;
    let limit = match args.get(2) {
        Some(limit) => usize::try_from(to_int(limit)?).unwrap_or(usize::MAX),
        None => usize::MAX,
    };
    let found: Vec<Value> = if submatches {
        re.captures_iter(&s)
            .take(limit)
            .map(|caps| {
                Value::list(
                    caps.iter()
                        .map(|m| Value::str(m.map_or("", |m| m.as_str())))
                        .collect(),
                )
            })
            .collect()
    } else {
        re.find_iter(&s)
            .take(limit)
            .map(|m| Value::str(m.as_str()))
            .collect()
    };
    Ok(Value::list(found))
}

/// Hugo's `substr`: runes from `start` (negative counts from the end), `length` of them
/// (negative leaves that many off the end).
fn substr(args: Args) -> Out {
    let s: Vec<char> = string(arg(args, 0)?)?.chars().collect();
    let len = s.len() as i64;
    let mut start = match args.get(1) {
        Some(v) => to_int(v)?,
        None => 0,
    };
    if start < 0 {
        start = (len + start).max(0);
    }
    let start = start.min(len);
    let end = match args.get(2) {
        None => len,
        Some(v) => {
            let n = to_int(v)?;
            if n < 0 {
                (len + n).max(start)
            } else {
                (start + n).min(len)
            }
        }
    };
    Ok(Value::from(
        s.iter()
            .skip(start as usize)
            .take((end.max(start) - start) as usize)
            .collect::<String>(),
    ))
}

fn slicestr(args: Args) -> Out {
    let s: Vec<char> = string(arg(args, 0)?)?.chars().collect();
    let len = s.len() as i64;
    let start = match args.get(1) {
        Some(v) => to_int(v)?,
        None => 0,
    };
    let end = match args.get(2) {
        Some(v) => to_int(v)?,
        None => len,
    };
    if start < 0 || end > len || start > end {
        return Err("slice bounds out of range".into());
    }
    Ok(Value::from(
        s.iter()
            .skip(start as usize)
            .take((end - start) as usize)
            .collect::<String>(),
    ))
}

/// `truncate SIZE [ELLIPSIS] TEXT`: at most SIZE characters, cut after a whole word, and
/// ` …` (or ELLIPSIS) after.
fn truncate(args: Args) -> Out {
    let (size, ellipsis, input) = match args {
        [size, input] => (size, Value::str(" …"), input),
        [size, ellipsis, input] => (size, ellipsis.clone(), input),
        _ => return Err("truncate needs a size and a text".into()),
    };
    let size = usize::try_from(to_int(size)?).unwrap_or(0);
    let s = string(input)?;
    let html = matches!(input, Value::Safe(Safe::Html, _))
        || matches!(ellipsis, Value::Safe(Safe::Html, _));
    if s.chars().count() <= size {
        return Ok(input.clone());
    }
    let cut: String = s.chars().take(size).collect();
    let at_word = s.chars().nth(size).is_some_and(char::is_whitespace);
    let kept = if at_word {
        cut.trim_end().to_string()
    } else {
        match cut.rfind(char::is_whitespace) {
            Some(i) => cut[..i].trim_end().to_string(),
            None => cut,
        }
    };
    let out = format!("{kept}{}", text(&ellipsis));
    Ok(if html {
        Value::safe(Safe::Html, out)
    } else {
        Value::from(out)
    })
}

/// Words separated by spaces; each CJK character a word of its own.
fn count_words(s: &str) -> usize {
    s.split_whitespace()
        .map(|word| {
            let cjk = word.chars().filter(|c| is_cjk(*c)).count();
            let rest = word.chars().any(|c| !is_cjk(c));
            cjk + usize::from(rest)
        })
        .sum()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff | 0x20000..=0x2ffff)
}

/// Hugo's default title case (AP style): every word capitalised but short articles,
/// conjunctions and prepositions, unless first or last.
fn title(s: &str) -> String {
    const SMALL: &[&str] = &[
        "a", "an", "and", "as", "at", "but", "by", "en", "for", "if", "in", "nor", "of", "on",
        "or", "per", "the", "to", "vs", "vs.", "via", "up", "yet", "so",
    ];
    let words: Vec<&str> = s.split(' ').collect();
    let last = words.len().saturating_sub(1);
    words
        .iter()
        .enumerate()
        .map(|(i, word)| {
            let lower = word.to_lowercase();
            if i != 0 && i != last && SMALL.contains(&lower.as_str()) {
                return lower;
            }
            let mut chars = word.chars();
            match chars.next() {
                Some(c) => c.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
