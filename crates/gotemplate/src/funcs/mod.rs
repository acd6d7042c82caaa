//! Hugo's template functions that need nothing of a site, by Hugo's names and aliases
//! (`lower` is `strings.ToLower`), with Hugo's leniencies: `eq` compares numbers by value,
//! `index` of a missing key is nil, `default` takes the first non-empty value.

mod collections;
mod compare;
mod encoding;
pub mod fmt;
mod math;
mod strings;

pub use collections::{Scratch, path_value, sort_order as compare_values};
pub use encoding::html_unescape;

use crate::exec::Call;
use crate::value::{Safe, Value};

/// Hugo's own functions. A caller with a site wraps this and answers for the rest (`relURL`,
/// `T`, `site`, `resources.Get`…).
pub struct Hugo;

type Args<'a> = &'a [Value];
pub(crate) type Out = Result<Value, String>;

/// Every name a template may call here, with Hugo's aliases: the first name of each group is
/// the one implemented.
const NAMES: &[&[&str]] = &[
    // Go's built-ins, as Hugo replaces or keeps them.
    &["not"],
    &["len"],
    &["index", "collections.Index"],
    &["slice", "collections.Slice"],
    &["print", "fmt.Print"],
    &["printf", "fmt.Printf"],
    &["println", "fmt.Println"],
    &["html"],
    &["urlquery"],
    &["and"],
    &["or"],
    // compare
    &["eq", "compare.Eq"],
    &["ne", "compare.Ne"],
    &["lt", "compare.Lt"],
    &["le", "compare.Le"],
    &["gt", "compare.Gt"],
    &["ge", "compare.Ge"],
    &["default", "compare.Default"],
    &["cond", "compare.Conditional"],
    // collections
    &["dict", "collections.Dictionary"],
    &["first", "collections.First"],
    &["last", "collections.Last"],
    &["after", "collections.After"],
    &["in", "collections.In"],
    &["isset", "collections.IsSet"],
    &["where", "collections.Where"],
    &["sort", "collections.Sort"],
    &["seq", "collections.Seq"],
    &["uniq", "collections.Uniq"],
    &["union", "collections.Union"],
    &["intersect", "collections.Intersect"],
    &["complement", "collections.Complement"],
    &["symdiff", "collections.SymDiff"],
    &["append", "collections.Append"],
    &["merge", "collections.Merge"],
    &["delimit", "collections.Delimit"],
    &["collections.Reverse"],
    &["querify", "collections.Querify"],
    &["shuffle", "collections.Shuffle"],
    &["newScratch", "collections.NewScratch"],
    &["keyVals", "collections.KeyVals"],
    // strings
    &["lower", "strings.ToLower"],
    &["upper", "strings.ToUpper"],
    &["title", "strings.Title"],
    &["humanize", "inflect.Humanize"],
    &["strings.FirstUpper"],
    &["replace", "strings.Replace"],
    &["replaceRE", "strings.ReplaceRE"],
    &["findRE", "strings.FindRE"],
    &["findRESubmatch", "strings.FindRESubmatch"],
    &["split", "strings.Split"],
    &["substr", "strings.Substr"],
    &["slicestr", "strings.SliceString"],
    &["trim", "strings.Trim"],
    &["strings.TrimLeft"],
    &["strings.TrimRight"],
    &["strings.TrimPrefix"],
    &["strings.TrimSuffix"],
    &["strings.TrimSpace"],
    &["chomp", "strings.Chomp"],
    &["truncate", "strings.Truncate"],
    &["countwords", "strings.CountWords"],
    &["countrunes", "strings.CountRunes"],
    &["strings.RuneCount"],
    &["strings.Count"],
    &["strings.Contains"],
    &["strings.ContainsAny"],
    &["strings.ContainsNonSpace"],
    &["hasPrefix", "strings.HasPrefix"],
    &["hasSuffix", "strings.HasSuffix"],
    &["strings.Repeat"],
    &["strings.Diff"],
    // math and casts
    &["add", "math.Add"],
    &["sub", "math.Sub"],
    &["mul", "math.Mul"],
    &["div", "math.Div"],
    &["mod", "math.Mod"],
    &["modBool", "math.ModBool"],
    &["math.Round"],
    &["math.Floor"],
    &["math.Ceil"],
    &["math.Abs"],
    &["math.Sqrt"],
    &["math.Pow"],
    &["math.Log"],
    &["math.Max"],
    &["math.Min"],
    &["math.Sum"],
    &["math.Product"],
    &["math.Counter"],
    &["int", "cast.ToInt"],
    &["float", "cast.ToFloat"],
    &["string", "cast.ToString"],
    // safe content
    &["safeHTML", "safe.HTML"],
    &["safeHTMLAttr", "safe.HTMLAttr"],
    &["safeCSS", "safe.CSS"],
    &["safeJS", "safe.JS"],
    &["safeJSStr", "safe.JSStr"],
    &["safeURL", "safe.URL"],
    &["safeSrcset", "safe.Srcset"],
    // transform, encoding, hashes
    &["htmlEscape", "transform.HTMLEscape"],
    &["htmlUnescape", "transform.HTMLUnescape"],
    &["plainify", "transform.Plainify"],
    &["transform.XMLEscape"],
    &["jsonify", "encoding.Jsonify"],
    &["base64Encode", "encoding.Base64Encode"],
    &["base64Decode", "encoding.Base64Decode"],
    &["md5", "crypto.MD5"],
    &["sha1", "crypto.SHA1"],
    &["sha256", "crypto.SHA256"],
    &["crypto.FNV32a", "hash.FNV32a"],
    &["path.Base"],
    &["path.Dir"],
    &["path.Ext"],
    &["path.Join"],
    &["path.Clean"],
    &["path.Split"],
    // time
    &["time", "time.AsTime"],
    &["dateFormat", "time.Format"],
    &["time.ParseDuration"],
    &["duration", "time.Duration"],
    // templates
    &["partial", "partials.Include"],
    &["partialCached", "partials.IncludeCached"],
    &["templates.Exists"],
    &["errorf", "fmt.Errorf"],
    &["warnf", "fmt.Warnf"],
    &["erroridf", "fmt.Erroridf"],
    &["warnidf", "fmt.Warnidf"],
    &["try"],
    &["apply", "collections.Apply"],
    &["reflect.IsMap"],
    &["reflect.IsSlice"],
];

/// The implemented name for a name or alias.
fn canonical(name: &str) -> Option<&'static str> {
    NAMES
        .iter()
        .find(|group| group.contains(&name))
        .and_then(|group| group.first().copied())
}

impl Hugo {
    pub fn has(&self, name: &str) -> bool {
        canonical(name).is_some()
    }

    /// Every name this library answers for, aliases included.
    pub fn names() -> impl Iterator<Item = &'static str> {
        NAMES.iter().flat_map(|group| group.iter().copied())
    }

    pub fn call(&self, name: &str, args: &[Value], call: &mut Call<'_>) -> Out {
        let Some(name) = canonical(name) else {
            return Err(format!("function {name:?} not defined"));
        };
        compare::call(name, args)
            .or_else(|| collections::call(name, args))
            .or_else(|| strings::call(name, args))
            .or_else(|| math::call(name, args))
            .or_else(|| encoding::call(name, args))
            .unwrap_or_else(|| templates(name, args, call))
    }
}

/// Functions that run templates, report, or only pass values on.
fn templates(name: &str, args: Args, call: &mut Call<'_>) -> Out {
    match name {
        "partial" | "partialCached" => {
            let (Some(partial), data) = (
                args.first().map(text),
                args.get(1).cloned().unwrap_or_default(),
            ) else {
                return Err("partial needs a name".into());
            };
            let found = partial_name(&partial, call)
                .ok_or_else(|| format!("partial {partial:?} not found"))?;
            let executed = call.run(&found, &data)?;
            Ok(match executed.returned {
                Some(value) => value,
                None if call.is_html() => Value::safe(Safe::Html, executed.text),
                None => Value::from(executed.text),
            })
        }
        "templates.Exists" => Ok(Value::Bool(
            args.first().is_some_and(|n| call.exists(&text(n))),
        )),
        "errorf" | "erroridf" => {
            let args = if name == "erroridf" {
                args.get(1..).unwrap_or_default()
            } else {
                args
            };
            let (format, rest) = args.split_first().ok_or("errorf needs a format")?;
            Err(fmt::sprintf(&text(format), rest))
        }
        // Without a site to report to, a warning has nowhere to go; the site's functions
        // answer for these first.
        "warnf" | "warnidf" => Ok(Value::str("")),
        "try" => Ok(args.first().cloned().unwrap_or_default()),
        "apply" => apply(args, call),
        "reflect.IsMap" => Ok(Value::Bool(matches!(args.first(), Some(Value::Map(_))))),
        "reflect.IsSlice" => Ok(Value::Bool(matches!(args.first(), Some(Value::List(_))))),
        other => Err(format!("function {other:?} is not implemented")),
    }
}

/// `apply COLLECTION "function" ARGS…`: the function called for each item, with `"."` among
/// the arguments standing for the item.
fn apply(args: Args, call: &mut Call<'_>) -> Out {
    let (collection, rest) = args.split_first().ok_or("apply needs a collection")?;
    let (function, params) = rest.split_first().ok_or("apply needs a function's name")?;
    let function = text(function);
    if function == "apply" {
        return Err("apply cannot apply itself".into());
    }
    let items = collection
        .items()
        .ok_or_else(|| format!("can't apply over {}", collection.type_name()))?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let given: Vec<Value> = params
            .iter()
            .map(|p| {
                if p.as_str() == Some(".") {
                    item.clone()
                } else {
                    p.clone()
                }
            })
            .collect();
        out.push(call.function(&function, &given)?);
    }
    Ok(Value::list(out))
}

/// Hugo finds `partial "x"` as `partials/x`, `partials/x.html`, or by the name as given.
fn partial_name(name: &str, call: &Call<'_>) -> Option<String> {
    let name = name.trim_start_matches('/');
    let bare = name.strip_prefix("partials/").unwrap_or(name);
    [
        format!("partials/{bare}"),
        format!("partials/{bare}.html"),
        name.to_string(),
    ]
    .into_iter()
    .find(|n| call.exists(n))
}

/// A value as Hugo's `cast.ToString` makes it; lists and maps as Go prints them.
pub fn text(value: &Value) -> String {
    match value {
        Value::Nil => String::new(),
        other => other.to_text(),
    }
}

fn arg(args: Args<'_>, i: usize) -> Result<&Value, String> {
    args.get(i)
        .ok_or_else(|| format!("missing argument {}", i + 1))
}

fn want(args: Args, n: usize) -> Result<(), String> {
    if args.len() < n {
        return Err(format!("wrong number of args: want {n} got {}", args.len()));
    }
    Ok(())
}

/// Hugo's `cast.ToInt`: numbers, numeric strings, booleans.
fn to_int(value: &Value) -> Result<i64, String> {
    match value {
        Value::Int(i) => Ok(*i),
        Value::Float(f) => Ok(*f as i64),
        Value::Bool(b) => Ok(i64::from(*b)),
        Value::Nil => Ok(0),
        v => match v.as_str() {
            Some(s) => {
                let s = s.trim();
                s.parse::<i64>()
                    .or_else(|_| s.parse::<f64>().map(|f| f as i64))
                    .map_err(|_| format!("unable to cast {s:?} of type string to int"))
            }
            None => Err(format!(
                "unable to cast {} of type {} to int",
                v.to_text(),
                v.type_name()
            )),
        },
    }
}

fn to_float(value: &Value) -> Result<f64, String> {
    match value {
        Value::Int(i) => Ok(*i as f64),
        Value::Float(f) => Ok(*f),
        Value::Bool(b) => Ok(f64::from(u8::from(*b))),
        Value::Nil => Ok(0.0),
        v => match v.as_str() {
            Some(s) => s
                .trim()
                .parse::<f64>()
                .map_err(|_| format!("unable to cast {s:?} of type string to float64")),
            None => Err(format!(
                "unable to cast {} of type {} to float64",
                v.to_text(),
                v.type_name()
            )),
        },
    }
}

/// A string argument: strings, safe content, numbers and booleans as text.
fn string(value: &Value) -> Result<String, String> {
    match value {
        Value::List(_) | Value::Map(_) => Err(format!(
            "unable to cast {} of type {} to string",
            value.to_text(),
            value.type_name()
        )),
        other => Ok(text(other)),
    }
}
