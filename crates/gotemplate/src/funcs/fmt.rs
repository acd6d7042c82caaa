//! Go's `fmt.Sprintf`, for `printf`: verbs, flags, width, precision and argument indexes, and
//! Go's way of saying an argument does not fit (`%!d(string=x)`).

use crate::value::{Value, format_float};

#[derive(Default, Clone, Copy)]
struct Spec {
    minus: bool,
    plus: bool,
    space: bool,
    zero: bool,
    sharp: bool,
    width: Option<usize>,
    precision: Option<usize>,
}

pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut next = 0usize;
    let mut reordered = false;
    let mut chars = format.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = Spec::default();
        while let Some(&(_, f)) = chars.peek() {
            match f {
                '-' => spec.minus = true,
                '+' => spec.plus = true,
                ' ' => spec.space = true,
                '0' => spec.zero = true,
                '#' => spec.sharp = true,
                _ => break,
            }
            chars.next();
        }
        if let Some(index) = arg_index(&mut chars) {
            next = index;
            reordered = true;
        }
        spec.width = digits(&mut chars);
        if chars.peek().is_some_and(|&(_, c)| c == '.') {
            chars.next();
            spec.precision = Some(digits(&mut chars).unwrap_or(0));
        }
        if let Some(index) = arg_index(&mut chars) {
            next = index;
            reordered = true;
        }
        let Some((_, verb)) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.get(next) else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        next += 1;
        out.push_str(&format_one(verb, arg, spec));
    }
    if !reordered && next < args.len() {
        let extra: Vec<String> = args
            .iter()
            .skip(next)
            .map(|a| format!("{}={}", a.type_name(), a.to_text()))
            .collect();
        out.push_str(&format!("%!(EXTRA {})", extra.join(", ")));
    }
    out
}

fn digits(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>) -> Option<usize> {
    let mut n: Option<usize> = None;
    while let Some(&(_, c)) = chars.peek() {
        let Some(d) = c.to_digit(10) else { break };
        n = Some(
            n.unwrap_or(0)
                .saturating_mul(10)
                .saturating_add(d as usize)
                .min(10_000),
        );
        chars.next();
    }
    n
}

/// `[n]`, Go's explicit argument index (1-based).
fn arg_index(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>) -> Option<usize> {
    if chars.peek().is_none_or(|&(_, c)| c != '[') {
        return None;
    }
    chars.next();
    let n = digits(chars);
    if chars.peek().is_some_and(|&(_, c)| c == ']') {
        chars.next();
    }
    n.map(|n| n.saturating_sub(1))
}

fn format_one(verb: char, arg: &Value, spec: Spec) -> String {
    if let (Value::Object(o), 'd' | 'x' | 'X' | 'o' | 'b') = (arg, verb)
        && let Some(n) = o.number()
    {
        return format_one(verb, &Value::Int(n), spec);
    }
    let body = match (verb, arg) {
        ('v', _) => match arg {
            Value::Float(f) => float(*f, 'g', spec.precision, spec),
            Value::Int(i) => int(*i, 10, false, spec),
            other => other.to_text(),
        },
        ('s', Value::Int(_) | Value::Float(_) | Value::Bool(_)) => return bad(verb, arg),
        ('s', _) => {
            let text = arg.to_text();
            match spec.precision {
                Some(p) => text.chars().take(p).collect(),
                None => text,
            }
        }
        ('q', Value::Int(i)) => format!("'{}'", char::from_u32(*i as u32).unwrap_or('\u{fffd}')),
        ('q', v) if v.as_str().is_some() => quote(v.as_str().unwrap_or("")),
        ('d', Value::Int(i)) => int(*i, 10, false, spec),
        ('x', Value::Int(i)) => int(*i, 16, false, spec),
        ('X', Value::Int(i)) => int(*i, 16, true, spec),
        ('o', Value::Int(i)) => int(*i, 8, false, spec),
        ('b', Value::Int(i)) => int(*i, 2, false, spec),
        ('c', Value::Int(i)) => char::from_u32(*i as u32)
            .map(String::from)
            .unwrap_or_default(),
        ('U', Value::Int(i)) => format!("U+{:04X}", i),
        ('x' | 'X', v) if v.as_str().is_some() => {
            let hex: String = v
                .as_str()
                .unwrap_or("")
                .bytes()
                .map(|b| format!("{b:02x}"))
                .collect();
            if verb == 'X' { hex.to_uppercase() } else { hex }
        }
        ('f' | 'F' | 'e' | 'E' | 'g' | 'G', v) if v.as_float().is_some() => {
            float(v.as_float().unwrap_or(0.0), verb, spec.precision, spec)
        }
        ('t', Value::Bool(b)) => b.to_string(),
        ('T', v) => v.type_name(),
        _ => return bad(verb, arg),
    };
    pad(body, spec)
}

fn bad(verb: char, arg: &Value) -> String {
    format!("%!{verb}({}={})", arg.type_name(), arg.to_text())
}

fn int(i: i64, radix: u32, upper: bool, spec: Spec) -> String {
    let magnitude = i.unsigned_abs();
    let digits = match radix {
        16 if upper => format!("{magnitude:X}"),
        16 => format!("{magnitude:x}"),
        8 => format!("{magnitude:o}"),
        2 => format!("{magnitude:b}"),
        _ => magnitude.to_string(),
    };
    let digits = match spec.precision {
        Some(p) if digits.len() < p => format!("{}{digits}", "0".repeat(p - digits.len())),
        _ => digits,
    };
    let prefix = match (spec.sharp, radix) {
        (true, 16) if upper => "0X",
        (true, 16) => "0x",
        (true, 8) => "0",
        _ => "",
    };
    let sign = sign(i < 0, spec);
    zero_pad(format!("{prefix}{digits}"), sign, spec)
}

fn sign(negative: bool, spec: Spec) -> &'static str {
    if negative {
        "-"
    } else if spec.plus {
        "+"
    } else if spec.space {
        " "
    } else {
        ""
    }
}

/// Zeros go between the sign and the digits when `0` is given and the text is not left-aligned.
fn zero_pad(digits: String, sign: &str, spec: Spec) -> String {
    match spec.width {
        Some(w) if spec.zero && !spec.minus && sign.len() + digits.len() < w => {
            format!(
                "{sign}{}{digits}",
                "0".repeat(w - sign.len() - digits.len())
            )
        }
        _ => format!("{sign}{digits}"),
    }
}

fn float(f: f64, verb: char, precision: Option<usize>, spec: Spec) -> String {
    if !f.is_finite() {
        let text = if f.is_nan() {
            "NaN"
        } else if f > 0.0 {
            "+Inf"
        } else {
            "-Inf"
        };
        return if f > 0.0 && !spec.plus {
            "+Inf".trim_start_matches('+').to_string()
        } else {
            text.to_string()
        };
    }
    let negative = f.is_sign_negative() && f != 0.0;
    let abs = f.abs();
    let digits = match verb {
        'f' | 'F' => format!("{abs:.*}", precision.unwrap_or(6)),
        'e' | 'E' => {
            let text = exponent(abs, precision.unwrap_or(6));
            if verb == 'E' {
                text.to_uppercase()
            } else {
                text
            }
        }
        _ => match precision {
            None => format_float(abs),
            Some(p) => general(abs, p.max(1)),
        },
    };
    zero_pad(digits, sign(negative, spec), spec)
}

/// `%e`: `1.234560e+03`.
fn exponent(f: f64, precision: usize) -> String {
    let text = format!("{f:.precision$e}");
    let (mantissa, exp) = text.split_once('e').unwrap_or((&text, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    format!(
        "{mantissa}e{}{:02}",
        if exp < 0 { '-' } else { '+' },
        exp.abs()
    )
}

/// `%.Ng`: N significant digits, exponent form when the exponent is below -4 or at least N.
fn general(f: f64, precision: usize) -> String {
    if f == 0.0 {
        return "0".into();
    }
    let sci = format!("{f:.*e}", precision - 1);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let trim = |s: &str| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s.to_string()
        }
    };
    if exp < -4 || exp >= precision as i32 {
        format!(
            "{}e{}{:02}",
            trim(mantissa),
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        )
    } else {
        let decimals = (precision as i32 - 1 - exp).max(0) as usize;
        trim(&format!("{f:.decimals$}"))
    }
}

fn pad(body: String, spec: Spec) -> String {
    let len = body.chars().count();
    match spec.width {
        Some(w) if len < w => {
            let fill = " ".repeat(w - len);
            if spec.minus {
                format!("{body}{fill}")
            } else if spec.zero
                && body.starts_with(|c: char| c == '-' || c == '+' || c.is_ascii_digit())
            {
                body
            } else {
                format!("{fill}{body}")
            }
        }
        _ => body,
    }
}

/// Go's `strconv.Quote`.
pub fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
