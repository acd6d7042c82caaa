//! `eq`, `ne`, `lt`, `le`, `gt`, `ge`, `default`, `cond`, `not`, `len` as Hugo has them.

use std::cmp::Ordering;

use super::{Args, Out, arg, want};
use crate::time::Time;
use crate::value::Value;

pub(super) fn call(name: &str, args: Args) -> Option<Out> {
    Some(match name {
        "eq" => eq(args),
        "ne" => eq(args).map(|v| Value::Bool(!v.truthy())),
        "lt" => order(args, |o| o == Ordering::Less),
        "le" => order(args, |o| o != Ordering::Greater),
        "gt" => order(args, |o| o == Ordering::Greater),
        "ge" => order(args, |o| o != Ordering::Less),
        "default" => default(args),
        "cond" => want(args, 3).and_then(|()| {
            Ok(if arg(args, 0)?.truthy() {
                arg(args, 1)?.clone()
            } else {
                arg(args, 2)?.clone()
            })
        }),
        "not" => arg(args, 0).map(|v| Value::Bool(!v.truthy())),
        "len" => arg(args, 0).and_then(len),
        _ => return None,
    })
}

/// `eq a b c…`: whether `a` equals any of the others.
fn eq(args: Args) -> Out {
    want(args, 2)?;
    let (first, rest) = args.split_first().ok_or("eq needs arguments")?;
    Ok(Value::Bool(rest.iter().any(|other| first == other)))
}

fn order(args: Args, holds: fn(Ordering) -> bool) -> Out {
    want(args, 2)?;
    let first = arg(args, 0)?;
    for other in args.get(1..).unwrap_or_default() {
        match compare(first, other) {
            Some(o) if holds(o) => {}
            Some(_) => return Ok(Value::Bool(false)),
            None => {
                return Err(format!(
                    "incompatible types for comparison: {} and {}",
                    first.type_name(),
                    other.type_name()
                ));
            }
        }
    }
    Ok(Value::Bool(true))
}

/// How Hugo orders two values: numbers by value, strings by bytes, times by instant; nil
/// counts as the zero of the other side.
pub(crate) fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Nil, Value::Nil) => Some(Ordering::Equal),
        (Value::Nil, other) => compare(&zero_like(other), other),
        (other, Value::Nil) => compare(other, &zero_like(other)),
        _ => {
            if let (Some(x), Some(y)) = (a.as_float(), b.as_float()) {
                return x.partial_cmp(&y);
            }
            if let (Some(x), Some(y)) = (a.as_str(), b.as_str()) {
                return Some(x.cmp(y));
            }
            if let (Some(x), Some(y)) = (a.downcast::<Time>(), b.downcast::<Time>()) {
                return Some(x.0.timestamp().cmp(&y.0.timestamp()));
            }
            if let (Value::Bool(x), Value::Bool(y)) = (a, b) {
                return Some(x.cmp(y));
            }
            // A number and a numeric string, as Hugo compares them.
            let num = |v: &Value| {
                v.as_float()
                    .or_else(|| v.as_str().and_then(|s| s.trim().parse::<f64>().ok()))
            };
            num(a)?.partial_cmp(&num(b)?)
        }
    }
}

fn zero_like(value: &Value) -> Value {
    match value {
        Value::Int(_) | Value::Float(_) => Value::Int(0),
        Value::Bool(_) => Value::Bool(false),
        _ => Value::str(""),
    }
}

/// Hugo's `default`: the value when it is set — a boolean always is, a number when not zero,
/// a string, list or map when not empty — else the default.
fn default(args: Args) -> Out {
    let fallback = arg(args, 0)?.clone();
    let Some(given) = args.get(1) else {
        return Ok(fallback);
    };
    let set = match given {
        Value::Nil => false,
        Value::Bool(_) => true,
        Value::Object(o) => match o.as_any().downcast_ref::<Time>() {
            Some(_) => given.truthy(),
            None => o.items().is_none_or(|items| !items.is_empty()),
        },
        other => other.truthy(),
    };
    Ok(if set { given.clone() } else { fallback })
}

fn len(value: &Value) -> Out {
    Ok(Value::Int(match value {
        Value::Nil => 0,
        Value::Str(s) | Value::Safe(_, s) => s.len() as i64,
        Value::List(items) => items.len() as i64,
        Value::Map(map) => map.len() as i64,
        Value::Object(o) => match o.items() {
            Some(items) => items.len() as i64,
            None => return Err(format!("len of type {}", o.type_name())),
        },
        other => return Err(format!("len of type {}", other.type_name())),
    }))
}
