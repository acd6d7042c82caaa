//! The values templates compute with, as Go's reflection would see Hugo's: nil, booleans,
//! numbers, strings, content marked safe for a context, lists, maps (iterated in key order, as
//! Go's templates iterate maps) and objects with fields and methods (a page, a site, a time).

use std::any::Any;
use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::sync::Arc;

pub type Map = BTreeMap<Arc<str>, Value>;

/// What `safeHTML`, `safeURL`… mark a string as: html/template then prints it as is in that
/// context (Go's `template.HTML`, `template.URL`…).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Safe {
    Html,
    HtmlAttr,
    Js,
    JsStr,
    Css,
    Url,
    Srcset,
}

#[derive(Debug, Clone, Default)]
pub enum Value {
    #[default]
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Arc<str>),
    Safe(Safe, Arc<str>),
    List(Arc<Vec<Value>>),
    Map(Arc<Map>),
    Object(Arc<dyn Object>),
}

/// A value with fields and methods, as a Go struct in Hugo is: `.Title`, `.Get 0`,
/// `.Resources.GetMatch "*.png"`.
pub trait Object: Send + Sync + fmt::Debug {
    /// Go's type name, for messages (`*hugolib.pageState`).
    fn type_name(&self) -> &str;
    /// A field or method by name, with the arguments given to it; `None` when there is none.
    fn get(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>>;
    /// A method that needs the running template's functions (a page's `.RenderString`);
    /// asked before [`Object::get`] when a template calls it.
    fn method(
        &self,
        name: &str,
        args: &[Value],
        call: &mut crate::Call<'_>,
    ) -> Option<Result<Value, String>> {
        let _ = (name, args, call);
        None
    }
    /// How `{{ . }}` prints it.
    fn to_text(&self) -> String {
        format!("{{{}}}", self.type_name())
    }
    /// What `range` walks over, for collections (a list of pages).
    fn items(&self) -> Option<Vec<Value>> {
        None
    }
    fn truthy(&self) -> bool {
        true
    }
    /// A collection of the same kind holding `items` (what `where` or `first` give back for a
    /// list of pages is a list of pages, with its methods).
    fn like(&self, items: Vec<Value>) -> Option<Value> {
        let _ = items;
        None
    }
    /// The number it stands for, if any (a `time.Month` counts as 1 to 12).
    fn number(&self) -> Option<i64> {
        None
    }
    /// What makes two of them equal for `eq` (a page's path); none means only itself.
    fn identity(&self) -> Option<String> {
        None
    }
    fn as_any(&self) -> &dyn Any;
}

impl Value {
    pub fn str(s: impl AsRef<str>) -> Value {
        Value::Str(Arc::from(s.as_ref()))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Arc::new(items))
    }

    pub fn map(map: Map) -> Value {
        Value::Map(Arc::new(map))
    }

    pub fn safe(kind: Safe, s: impl AsRef<str>) -> Value {
        Value::Safe(kind, Arc::from(s.as_ref()))
    }

    pub fn object(object: impl Object + 'static) -> Value {
        Value::Object(Arc::new(object))
    }

    /// Go's truth: false, 0, nil, and empty strings, lists and maps are false.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) | Value::Safe(_, s) => !s.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Map(m) => !m.is_empty(),
            Value::Object(o) => o.truthy(),
        }
    }

    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    /// Go's `%T`-like name, for messages.
    pub fn type_name(&self) -> String {
        match self {
            Value::Nil => "<nil>".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) => "int".into(),
            Value::Float(_) => "float64".into(),
            Value::Str(_) => "string".into(),
            Value::Safe(kind, _) => format!("template.{kind:?}")
                .replace("Html", "HTML")
                .replace("Url", "URL")
                .replace("Css", "CSS")
                .replace("Js", "JS"),
            Value::List(_) => "[]interface {}".into(),
            Value::Map(_) => "map[string]interface {}".into(),
            Value::Object(o) => o.type_name().to_string(),
        }
    }

    /// The string inside, for a string or safe content.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) | Value::Safe(_, s) => Some(s),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Float(f) if f.fract() == 0.0 => Some(*f as i64),
            Value::Object(o) => o.number(),
            _ => None,
        }
    }

    pub fn as_float(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            Value::Object(o) => o.number().map(|n| n as f64),
            _ => None,
        }
    }

    /// The items `range`, `len`, `first`… see: a list's, a map's values in key order, an
    /// object's collection.
    pub fn items(&self) -> Option<Vec<Value>> {
        match self {
            Value::List(l) => Some(l.as_ref().clone()),
            Value::Map(m) => Some(m.values().cloned().collect()),
            Value::Object(o) => o.items(),
            _ => None,
        }
    }

    pub fn downcast<T: 'static>(&self) -> Option<&T> {
        match self {
            Value::Object(o) => o.as_any().downcast_ref::<T>(),
            _ => None,
        }
    }

    /// A field of a map (Hugo's maps answer to any case of a key, as `.Params.Foo` does for
    /// `foo`) or an object; `None` when there is no such field.
    pub fn field(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        match self {
            Value::Map(map) => {
                let found = map.get(name).or_else(|| {
                    map.iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case(name))
                        .map(|(_, v)| v)
                });
                if !args.is_empty() {
                    return Some(Err(format!("{name} is not a method but has arguments")));
                }
                Some(Ok(found.cloned().unwrap_or(Value::Nil)))
            }
            Value::Object(o) => o.get(name, args),
            // What Hugo's collections answer whatever made them (`where` gives a list here).
            Value::List(items) => match name {
                "Len" => Some(Ok(Value::Int(items.len() as i64))),
                "Reverse" => Some(Ok(Value::list(items.iter().rev().cloned().collect()))),
                _ => None,
            },
            _ => None,
        }
    }

    /// As Go's `fmt.Sprint` prints it.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.write_text(&mut out);
        out
    }

    fn write_text(&self, out: &mut String) {
        match self {
            Value::Nil => out.push_str("<nil>"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Value::Float(f) => out.push_str(&format_float(*f)),
            Value::Str(s) | Value::Safe(_, s) => out.push_str(s),
            Value::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    item.write_text(out);
                }
                out.push(']');
            }
            Value::Map(map) => {
                out.push_str("map[");
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(k);
                    out.push(':');
                    v.write_text(out);
                }
                out.push(']');
            }
            Value::Object(o) => out.push_str(&o.to_text()),
        }
    }
}

/// Go's `%v` for a float64: the shortest digits that read back the same, in exponent form
/// below 1e-4 or from 1e6 up (`fmt` prints `1e+06`).
pub fn format_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    let sci = format!("{f:e}");
    let Some((mantissa, exp)) = sci.split_once('e') else {
        return sci;
    };
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..6).contains(&exp) {
        return format!("{f}");
    }
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exp.abs())
}

impl PartialEq for Value {
    /// Go's `eq` as Hugo makes it: numbers by value whatever their type, strings with safe
    /// content of the same text, lists and maps item by item, objects by identity.
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Nil, Value::Nil) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (a, b) if a.as_float().is_some() && b.as_float().is_some() => {
                a.as_float() == b.as_float()
            }
            (a, b) if a.as_str().is_some() && b.as_str().is_some() => a.as_str() == b.as_str(),
            (Value::List(a), Value::List(b)) => a == b,
            (Value::Map(a), Value::Map(b)) => a == b,
            (Value::Object(a), Value::Object(b)) => match (a.identity(), b.identity()) {
                (Some(x), Some(y)) => x == y,
                _ => Arc::ptr_eq(a, b),
            },
            _ => false,
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::str(s)
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Str(Arc::from(s))
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::Float(f)
    }
}

impl From<Vec<Value>> for Value {
    fn from(items: Vec<Value>) -> Value {
        Value::list(items)
    }
}

impl From<Map> for Value {
    fn from(map: Map) -> Value {
        Value::map(map)
    }
}
