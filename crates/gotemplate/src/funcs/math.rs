//! Hugo's arithmetic (integers stay integers; a float makes the result a float; `add` joins
//! strings), the `math` namespace and the casts.

use super::{Args, Out, arg, string, to_float, to_int, want};
use crate::value::Value;

pub(super) fn call(name: &str, args: Args) -> Option<Out> {
    let float = |f: fn(f64) -> f64| arg(args, 0).and_then(to_float).map(|x| Value::Float(f(x)));
    Some(match name {
        "add" => fold(args, '+'),
        "sub" => fold(args, '-'),
        "mul" => fold(args, '*'),
        "div" => fold(args, '/'),
        "mod" => want(args, 2).and_then(|()| {
            let (a, b) = (to_int(arg(args, 0)?)?, to_int(arg(args, 1)?)?);
            if b == 0 {
                return Err("the number can't be divided by zero at modulo operation".into());
            }
            Ok(Value::Int(a.wrapping_rem(b)))
        }),
        "modBool" => want(args, 2).and_then(|()| {
            let (a, b) = (to_int(arg(args, 0)?)?, to_int(arg(args, 1)?)?);
            if b == 0 {
                return Err("the number can't be divided by zero at modulo operation".into());
            }
            Ok(Value::Bool(a.wrapping_rem(b) == 0))
        }),
        "math.Round" => float(|x| x.round()),
        "math.Floor" => float(f64::floor),
        "math.Ceil" => float(f64::ceil),
        "math.Abs" => float(f64::abs),
        "math.Sqrt" => float(f64::sqrt),
        "math.Log" => float(f64::ln),
        "math.Pow" => want(args, 2).and_then(|()| {
            Ok(Value::Float(
                to_float(arg(args, 0)?)?.powf(to_float(arg(args, 1)?)?),
            ))
        }),
        "math.Max" => extreme(args, f64::max),
        "math.Min" => extreme(args, f64::min),
        "math.Sum" => flat(args).map(|n| sum_or_product(n, '+')),
        "math.Product" => flat(args).map(|n| sum_or_product(n, '*')),
        "math.Counter" => {
            Err("math.Counter is not supported: a build renders pages in parallel".into())
        }
        "int" => arg(args, 0).and_then(|v| match v {
            // Hugo reads a string with a leading 0 as octal… but only when it is all digits.
            Value::Str(s)
                if s.len() > 1 && s.starts_with('0') && s.bytes().all(|b| b.is_ascii_digit()) =>
            {
                i64::from_str_radix(s, 8)
                    .map(Value::Int)
                    .map_err(|e| e.to_string())
            }
            v => to_int(v).map(Value::Int),
        }),
        "float" => arg(args, 0).and_then(to_float).map(Value::Float),
        "string" => arg(args, 0).and_then(string).map(Value::from),
        _ => return None,
    })
}

fn fold(args: Args, op: char) -> Out {
    want(args, 2)?;
    let mut acc = arg(args, 0)?.clone();
    for next in args.get(1..).unwrap_or_default() {
        acc = arithmetic(op, &acc, next)?;
    }
    Ok(acc)
}

pub(crate) fn arithmetic(op: char, a: &Value, b: &Value) -> Out {
    if op == '+'
        && let (Some(x), Some(y)) = (a.as_str(), b.as_str())
    {
        return Ok(Value::from(format!("{x}{y}")));
    }
    let number = |v: &Value| -> Result<Value, String> {
        match v {
            Value::Int(_) | Value::Float(_) => Ok(v.clone()),
            Value::Nil => Ok(Value::Int(0)),
            other => match other.as_str().map(str::trim) {
                Some(s) if s.parse::<i64>().is_ok() => Ok(Value::Int(s.parse().unwrap_or(0))),
                Some(s) if s.parse::<f64>().is_ok() => Ok(Value::Float(s.parse().unwrap_or(0.0))),
                _ => Err(format!(
                    "can't apply the operator to the values: {} and {}",
                    a.type_name(),
                    b.type_name()
                )),
            },
        }
    };
    match (number(a)?, number(b)?) {
        (Value::Int(x), Value::Int(y)) => Ok(Value::Int(
            match op {
                '+' => x.checked_add(y),
                '-' => x.checked_sub(y),
                '*' => x.checked_mul(y),
                _ if y == 0 => return Err("can't divide the value by 0".into()),
                _ => x.checked_div(y),
            }
            .ok_or("integer overflow")?,
        )),
        (x, y) => {
            let (x, y) = (x.as_float().unwrap_or(0.0), y.as_float().unwrap_or(0.0));
            Ok(Value::Float(match op {
                '+' => x + y,
                '-' => x - y,
                '*' => x * y,
                _ if y == 0.0 => return Err("can't divide the value by 0".into()),
                _ => x / y,
            }))
        }
    }
}

/// Numbers given one by one or in lists, all together.
fn flat(args: Args) -> Result<Vec<f64>, String> {
    let mut out = Vec::new();
    for a in args {
        match a {
            Value::List(items) => {
                for item in items.iter() {
                    out.push(to_float(item)?);
                }
            }
            other => out.push(to_float(other)?),
        }
    }
    if out.is_empty() {
        return Err("no numbers given".into());
    }
    Ok(out)
}

fn extreme(args: Args, pick: fn(f64, f64) -> f64) -> Out {
    let nums = flat(args)?;
    Ok(Value::Float(
        nums.iter().copied().reduce(pick).unwrap_or(0.0),
    ))
}

fn sum_or_product(nums: Vec<f64>, op: char) -> Value {
    let result = if op == '+' {
        nums.iter().sum()
    } else {
        nums.iter().product()
    };
    Value::Float(result)
}
