//! `dict`, `slice`, `index`, `where`, `sort`, `first`, `in`… and Hugo's `Scratch`.

use std::any::Any;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use super::compare::compare;
use super::strings::regex;
use super::{Args, Out, arg, text, to_int, want};
use crate::value::{Map, Object, Value};

pub(super) fn call(name: &str, args: Args) -> Option<Out> {
    Some(match name {
        "dict" => dict(args),
        "slice" => Ok(Value::list(args.to_vec())),
        "index" => index(args),
        "first" => take(args, |items, n| items.iter().take(n).cloned().collect()),
        "last" => take(args, |items, n| {
            items
                .iter()
                .skip(items.len().saturating_sub(n))
                .cloned()
                .collect()
        }),
        "after" => take(args, |items, n| items.iter().skip(n).cloned().collect()),
        "in" => in_(args),
        "isset" => isset(args),
        "where" => where_(args),
        "sort" => sort(args),
        "seq" => seq(args),
        "uniq" => {
            arg(args, 0).and_then(|original| Ok(same_kind(original, unique(items(Ok(original))?))))
        }
        "union" => sets(args, |a, b| unique(a.into_iter().chain(b).collect())),
        "intersect" => sets(args, |a, b| {
            unique(a.into_iter().filter(|x| b.contains(x)).collect())
        }),
        "symdiff" => sets(args, |a, b| {
            let mut out: Vec<Value> = b.iter().filter(|x| !a.contains(x)).cloned().collect();
            out.extend(a.iter().filter(|x| !b.contains(x)).cloned());
            out
        }),
        "complement" => complement(args),
        "append" => append(args),
        "merge" => merge(args),
        "delimit" => delimit(args),
        "collections.Reverse" => arg(args, 0).and_then(|original| {
            let mut all = items(Ok(original))?;
            all.reverse();
            Ok(same_kind(original, all))
        }),
        // Hugo shuffles at random; a build that gives the same site twice is worth more here.
        "shuffle" => items(arg(args, 0)).map(Value::list),
        "querify" => querify(args),
        "newScratch" => Ok(Scratch::value()),
        "keyVals" => key_vals(args),
        _ => return None,
    })
}

/// `items` as the kind of collection `original` was.
fn same_kind(original: &Value, items: Vec<Value>) -> Value {
    match original {
        Value::Object(o) => o.like(items.clone()).unwrap_or_else(|| Value::list(items)),
        _ => Value::list(items),
    }
}

fn key_vals(args: Args) -> Out {
    let (key, values) = args.split_first().ok_or("keyVals needs a key")?;
    let mut map = Map::new();
    map.insert("Key".into(), key.clone());
    map.insert("Values".into(), Value::list(values.to_vec()));
    Ok(Value::map(map))
}

fn items(value: Result<&Value, String>) -> Result<Vec<Value>, String> {
    let value = value?;
    match value {
        Value::Nil => Ok(Vec::new()),
        other => other
            .items()
            .ok_or_else(|| format!("can't iterate over {}", other.type_name())),
    }
}

fn unique(items: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::with_capacity(items.len());
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

fn dict(args: Args) -> Out {
    if !args.len().is_multiple_of(2) {
        return Err("invalid dictionary call: an even number of arguments is needed".into());
    }
    let mut map = Map::new();
    for pair in args.chunks(2) {
        let [key, value] = pair else { continue };
        match key {
            // A list of keys makes nested maps: `dict (slice "a" "b") 1` is {a: {b: 1}}.
            Value::List(path) => {
                let keys: Vec<String> = path.iter().map(text).collect();
                insert_path(&mut map, &keys, value.clone());
            }
            key => {
                let key = key.as_str().ok_or_else(|| {
                    format!("dictionary keys must be strings, not {}", key.type_name())
                })?;
                map.insert(Arc::from(key), value.clone());
            }
        }
    }
    Ok(Value::map(map))
}

fn insert_path(map: &mut Map, keys: &[String], value: Value) {
    match keys {
        [] => {}
        [last] => {
            map.insert(Arc::from(last.as_str()), value);
        }
        [first, rest @ ..] => {
            let mut inner = match map.get(first.as_str()) {
                Some(Value::Map(m)) => m.as_ref().clone(),
                _ => Map::new(),
            };
            insert_path(&mut inner, rest, value);
            map.insert(Arc::from(first.as_str()), Value::map(inner));
        }
    }
}

/// `index COLLECTION KEY…`: a list's item or a map's value, one key after another; a
/// missing map key is nil.
fn index(args: Args) -> Out {
    let (collection, keys) = args.split_first().ok_or("index needs a collection")?;
    let keys: Vec<Value> = match keys {
        [Value::List(list)] => list.as_ref().clone(),
        keys => keys.to_vec(),
    };
    let mut current = collection.clone();
    for key in &keys {
        current = match &current {
            Value::Nil => return Ok(Value::Nil),
            Value::List(items) => {
                let i = to_int(key)?;
                let found = usize::try_from(i).ok().and_then(|i| items.get(i));
                found
                    .cloned()
                    .ok_or_else(|| format!("index out of range: {i}"))?
            }
            Value::Str(s) | Value::Safe(_, s) => {
                let i = to_int(key)?;
                let found = usize::try_from(i).ok().and_then(|i| s.as_bytes().get(i));
                Value::Int(
                    found
                        .map(|b| i64::from(*b))
                        .ok_or_else(|| format!("index out of range: {i}"))?,
                )
            }
            Value::Map(map) => {
                let key = text(key);
                map.get(key.as_str()).cloned().unwrap_or(Value::Nil)
            }
            Value::Object(object) => match object.items() {
                Some(items) => {
                    let i = to_int(key)?;
                    usize::try_from(i)
                        .ok()
                        .and_then(|i| items.get(i).cloned())
                        .unwrap_or(Value::Nil)
                }
                None => object
                    .get(&text(key), &[])
                    .and_then(Result::ok)
                    .unwrap_or(Value::Nil),
            },
            other => return Err(format!("can't index item of type {}", other.type_name())),
        };
    }
    Ok(current)
}

/// `first N COLLECTION` and its kin.
fn take(args: Args, pick: fn(&[Value], usize) -> Vec<Value>) -> Out {
    want(args, 2)?;
    let n = to_int(arg(args, 0)?)?;
    let n = usize::try_from(n).map_err(|_| "can't take a negative number of items".to_string())?;
    let all = items(Ok(arg(args, 1)?))?;
    Ok(same_kind(arg(args, 1)?, pick(&all, n)))
}

fn in_(args: Args) -> Out {
    want(args, 2)?;
    let (set, item) = (arg(args, 0)?, arg(args, 1)?);
    Ok(Value::Bool(match set {
        Value::Str(s) | Value::Safe(_, s) => s.contains(text(item).as_str()),
        Value::Nil => false,
        other => other.items().is_some_and(|items| items.contains(item)),
    }))
}

fn isset(args: Args) -> Out {
    want(args, 2)?;
    Ok(Value::Bool(match arg(args, 0)? {
        Value::Map(map) => {
            let key = text(arg(args, 1)?);
            map.keys().any(|k| k.eq_ignore_ascii_case(&key))
        }
        Value::List(items) => to_int(arg(args, 1)?)
            .ok()
            .and_then(|i| usize::try_from(i).ok())
            .is_some_and(|i| i < items.len()),
        Value::Object(o) => o
            .get(&text(arg(args, 1)?), &[])
            .is_some_and(|v| v.is_ok_and(|v| !v.is_nil())),
        _ => false,
    }))
}

/// The value at a dotted path (`Params.tags`, `.Section`) of an item.
pub fn path_value(item: &Value, path: &str) -> Value {
    let mut current = item.clone();
    for part in path
        .trim_start_matches('.')
        .split('.')
        .filter(|p| !p.is_empty())
    {
        current = match current.field(part, &[]) {
            Some(Ok(v)) => v,
            _ => return Value::Nil,
        };
    }
    current
}

fn where_(args: Args) -> Out {
    let (collection, key) = (arg(args, 0)?, text(arg(args, 1)?));
    let (op, matching) = match args.len() {
        3 => ("eq".to_string(), arg(args, 2)?.clone()),
        4 => (text(arg(args, 2)?), arg(args, 3)?.clone()),
        _ => return Err("where needs a collection, a key, maybe an operator, and a value".into()),
    };
    let all = items(Ok(collection))?;
    let mut out = Vec::new();
    for item in all {
        let value = path_value(&item, &key);
        if matches_op(&op, &value, &matching)? {
            out.push(item);
        }
    }
    Ok(same_kind(collection, out))
}

fn matches_op(op: &str, value: &Value, matching: &Value) -> Result<bool, String> {
    let contains = |set: &Value, item: &Value| match set {
        Value::Str(s) | Value::Safe(_, s) => s.contains(text(item).as_str()),
        other => other.items().is_some_and(|items| items.contains(item)),
    };
    Ok(match op.trim() {
        "=" | "==" | "eq" | "" => value == matching,
        "!=" | "<>" | "ne" => value != matching,
        ">=" | "ge" => {
            compare(value, matching).is_some_and(|o| o != Ordering::Less) && !value.is_nil()
        }
        ">" | "gt" => compare(value, matching) == Some(Ordering::Greater),
        "<=" | "le" => {
            compare(value, matching).is_some_and(|o| o != Ordering::Greater) && !value.is_nil()
        }
        "<" | "lt" => compare(value, matching) == Some(Ordering::Less) && !value.is_nil(),
        "in" => contains(matching, value),
        "not in" => !contains(matching, value),
        "intersect" => value
            .items()
            .is_some_and(|items| items.iter().any(|i| contains(matching, i))),
        "like" => regex(&text(matching))?.is_match(&text(value)),
        other => return Err(format!("where: unknown operator {other:?}")),
    })
}

fn sort(args: Args) -> Out {
    let collection = arg(args, 0)?;
    let mut all = items(Ok(collection))?;
    let key = args.get(1).map(text).filter(|k| k != "value");
    let descending = args
        .get(2)
        .map(text)
        .or_else(|| args.get(1).map(text).filter(|k| k == "desc" || k == "asc"))
        .is_some_and(|o| o.eq_ignore_ascii_case("desc"));
    let key = key.filter(|k| k != "desc" && k != "asc");
    let keyed = |v: &Value| {
        key.as_deref()
            .map_or_else(|| v.clone(), |k| path_value(v, k))
    };
    all.sort_by(|a, b| {
        let o = sort_order(&keyed(a), &keyed(b));
        if descending { o.reverse() } else { o }
    });
    Ok(same_kind(collection, all))
}

/// Strings sort as Hugo's collator sorts them: letters before case, then by bytes.
pub fn sort_order(a: &Value, b: &Value) -> Ordering {
    match (a.as_str(), b.as_str()) {
        (Some(x), Some(y)) => x
            .to_lowercase()
            .cmp(&y.to_lowercase())
            .then_with(|| x.cmp(y)),
        _ => compare(a, b).unwrap_or(Ordering::Equal),
    }
}

const SEQ_LIMIT: i64 = 2000;

fn seq(args: Args) -> Out {
    let nums: Vec<i64> = args.iter().map(to_int).collect::<Result<_, _>>()?;
    let (first, step, last) = match nums.as_slice() {
        [last] if *last < 0 => (-1, -1, *last),
        [last] => (1, 1, *last),
        [first, last] => (*first, if first <= last { 1 } else { -1 }, *last),
        [first, step, last] => (*first, *step, *last),
        _ => return Err("seq needs 1 to 3 numbers".into()),
    };
    if step == 0 || (last - first).signum() * step.signum() < 0 {
        return Ok(Value::list(Vec::new()));
    }
    if (last - first) / step > SEQ_LIMIT * 1000 {
        return Err("size of result exceeds limit".into());
    }
    let mut out = Vec::new();
    let mut n = first;
    while (step > 0 && n <= last) || (step < 0 && n >= last) {
        out.push(Value::Int(n));
        n += step;
    }
    Ok(Value::list(out))
}

fn sets(args: Args, combine: fn(Vec<Value>, Vec<Value>) -> Vec<Value>) -> Out {
    want(args, 2)?;
    Ok(Value::list(combine(
        items(Ok(arg(args, 0)?))?,
        items(Ok(arg(args, 1)?))?,
    )))
}

/// `complement SET… COLLECTION`: what the last has that none of the others have.
fn complement(args: Args) -> Out {
    let (collection, sets) = args.split_last().ok_or("complement needs a collection")?;
    let excluded: Vec<Value> = sets.iter().filter_map(Value::items).flatten().collect();
    Ok(Value::list(
        items(Ok(collection))?
            .into_iter()
            .filter(|v| !excluded.contains(v))
            .collect(),
    ))
}

/// `append ITEM… COLLECTION`, or `append LIST COLLECTION` to join two lists.
fn append(args: Args) -> Out {
    let (collection, added) = args.split_last().ok_or("append needs a collection")?;
    let mut all = items(Ok(collection))?;
    match added {
        [Value::List(list)] => all.extend(list.iter().cloned()),
        added => all.extend(added.iter().cloned()),
    }
    Ok(Value::list(all))
}

/// `merge MAP… `: later maps win, maps inside maps merged too.
fn merge(args: Args) -> Out {
    want(args, 2)?;
    let mut out = Map::new();
    for value in args {
        match value {
            Value::Map(map) => deep_merge(&mut out, map),
            Value::Nil => {}
            other => return Err(format!("merge: {} is not a map", other.type_name())),
        }
    }
    Ok(Value::map(out))
}

fn deep_merge(into: &mut Map, from: &Map) {
    for (key, value) in from {
        match (into.get(key), value) {
            (Some(Value::Map(old)), Value::Map(new)) => {
                let mut merged = old.as_ref().clone();
                deep_merge(&mut merged, new);
                into.insert(key.clone(), Value::map(merged));
            }
            _ => {
                into.insert(key.clone(), value.clone());
            }
        }
    }
}

fn delimit(args: Args) -> Out {
    let all = items(arg(args, 0))?;
    let sep = text(arg(args, 1)?);
    let last_sep = args.get(2).map(text);
    // What is not a string, number or boolean joins as nothing, as Hugo's cast gives.
    let texts: Vec<String> = all
        .iter()
        .map(|v| {
            if matches!(v, Value::List(_) | Value::Map(_) | Value::Object(_)) {
                String::new()
            } else {
                text(v)
            }
        })
        .collect();
    let joined = match (last_sep, texts.split_last()) {
        (Some(last_sep), Some((last, rest))) if !rest.is_empty() => {
            format!("{}{last_sep}{last}", rest.join(&sep))
        }
        _ => texts.join(&sep),
    };
    Ok(Value::from(joined))
}

fn querify(args: Args) -> Out {
    let pairs: BTreeMap<String, String> = match args {
        [Value::Map(map)] => map.iter().map(|(k, v)| (k.to_string(), text(v))).collect(),
        [Value::List(list)] => list.chunks(2).map(pair_text).collect(),
        args => {
            if !args.len().is_multiple_of(2) {
                return Err("querify needs pairs of keys and values".into());
            }
            args.chunks(2).map(pair_text).collect()
        }
    };
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", query_escape(k), query_escape(v)))
        .collect();
    Ok(Value::from(query.join("&")))
}

fn pair_text(pair: &[Value]) -> (String, String) {
    (
        pair.first().map(text).unwrap_or_default(),
        pair.get(1).map(text).unwrap_or_default(),
    )
}

/// Go's `url.QueryEscape`.
pub(crate) fn query_escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Hugo's `Scratch` (also a page's `.Scratch` and `.Store`): a map templates write to.
#[derive(Debug, Default)]
pub struct Scratch(Mutex<Map>);

impl Scratch {
    pub fn value() -> Value {
        Value::object(Scratch::default())
    }

    fn with<T>(&self, f: impl FnOnce(&mut Map) -> T) -> T {
        let mut guard = match self.0.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        f(&mut guard)
    }
}

impl Object for Scratch {
    fn type_name(&self) -> &str {
        "*maps.Scratch"
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let key = args.first().map(text).unwrap_or_default();
        let key: Arc<str> = Arc::from(key.as_str());
        Some(Ok(match name {
            "Get" => self.with(|m| m.get(&key).cloned().unwrap_or_default()),
            "Set" => {
                let value = args.get(1).cloned().unwrap_or_default();
                self.with(|m| m.insert(key, value));
                Value::str("")
            }
            "Add" => {
                let added = args.get(1).cloned().unwrap_or_default();
                let result = self.with(|m| {
                    let sum = match (m.get(&key), &added) {
                        (None, v) => Ok(v.clone()),
                        (Some(Value::List(old)), new) => {
                            let mut all = old.as_ref().clone();
                            match new {
                                Value::List(l) => all.extend(l.iter().cloned()),
                                v => all.push(v.clone()),
                            }
                            Ok(Value::list(all))
                        }
                        (Some(old), new) => super::math::arithmetic('+', old, new),
                    };
                    sum.map(|sum| {
                        m.insert(key, sum);
                    })
                });
                if let Err(e) = result {
                    return Some(Err(e));
                }
                Value::str("")
            }
            "SetInMap" => {
                let (inner, value) = (
                    args.get(1).map(text).unwrap_or_default(),
                    args.get(2).cloned().unwrap_or_default(),
                );
                self.with(|m| {
                    let mut map = match m.get(&key) {
                        Some(Value::Map(old)) => old.as_ref().clone(),
                        _ => Map::new(),
                    };
                    map.insert(Arc::from(inner.as_str()), value);
                    m.insert(key, Value::map(map));
                });
                Value::str("")
            }
            "DeleteInMap" => {
                let inner = args.get(1).map(text).unwrap_or_default();
                self.with(|m| {
                    if let Some(Value::Map(old)) = m.get(&key) {
                        let mut map = old.as_ref().clone();
                        map.remove(inner.as_str());
                        m.insert(key, Value::map(map));
                    }
                });
                Value::str("")
            }
            "Delete" => {
                self.with(|m| m.remove(&key));
                Value::str("")
            }
            "GetSortedMapValues" => self.with(|m| match m.get(&key) {
                Some(Value::Map(map)) => Value::list(map.values().cloned().collect()),
                _ => Value::Nil,
            }),
            "Values" => self.with(|m| Value::map(m.clone())),
            _ => return None,
        }))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
