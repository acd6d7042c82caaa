//! A shortcode's arguments: all positional (`"a" 2 true`) or all named (`src="a" width=2`), as
//! Hugo requires. Quoted values are text whatever they hold; bare ones are read as booleans and
//! numbers when they are written as such.

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Value {
    /// The value as Hugo prints it into a template.
    pub fn to_text(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Int(n) => n.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Bool(b) => b.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub enum Args {
    #[default]
    None,
    Positional(Vec<Value>),
    Named(Vec<(String, Value)>),
}

impl Args {
    /// `.Get 0` or `.Get "name"`.
    pub fn get_index(&self, index: usize) -> Option<&Value> {
        match self {
            Args::Positional(values) => values.get(index),
            _ => None,
        }
    }

    pub fn get_named(&self, name: &str) -> Option<&Value> {
        match self {
            Args::Named(pairs) => pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// One argument as written, before it is known whether the shortcode's are named.
enum Written {
    Positional(Value),
    Named(String, Value),
}

/// Reads the arguments in `text`; the error says what is wrong and at which byte of `text`.
pub(crate) fn parse(text: &str) -> Result<Args, (usize, String)> {
    let mut written = Vec::new();
    let mut rest = text;
    loop {
        let trimmed = rest.trim_start();
        let at = text.len() - trimmed.len();
        if trimmed.is_empty() {
            break;
        }
        let (arg, after) = one(trimmed).map_err(|m| (at, m))?;
        written.push((at, arg));
        rest = after;
    }
    let named = written
        .iter()
        .filter(|(_, a)| matches!(a, Written::Named(..)))
        .count();
    if named == 0 && written.is_empty() {
        return Ok(Args::None);
    }
    if named == 0 {
        let values = written
            .into_iter()
            .filter_map(|(_, a)| match a {
                Written::Positional(v) => Some(v),
                Written::Named(..) => None,
            })
            .collect();
        return Ok(Args::Positional(values));
    }
    if let Some((at, _)) = written
        .iter()
        .find(|(_, a)| matches!(a, Written::Positional(_)))
    {
        return Err((
            *at,
            "a shortcode's arguments are all named or all positional, not both".to_owned(),
        ));
    }
    let pairs = written
        .into_iter()
        .filter_map(|(_, a)| match a {
            Written::Named(k, v) => Some((k, v)),
            Written::Positional(_) => None,
        })
        .collect();
    Ok(Args::Named(pairs))
}

/// One argument at the start of `text`, and what follows it.
fn one(text: &str) -> Result<(Written, &str), String> {
    if let Some((key, after_eq)) = key_and_rest(text) {
        let (value, rest) = value(after_eq)?;
        return Ok((Written::Named(key.to_owned(), value), rest));
    }
    let (value, rest) = value(text)?;
    Ok((Written::Positional(value), rest))
}

/// `key=` at the start of `text`: the key and what follows the `=`.
fn key_and_rest(text: &str) -> Option<(&str, &str)> {
    let end = text.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))?;
    let (key, rest) = text.split_at(end);
    (!key.is_empty()).then_some(())?;
    rest.strip_prefix('=').map(|after| (key, after))
}

fn value(text: &str) -> Result<(Value, &str), String> {
    if let Some(quoted) = text.strip_prefix('"') {
        let mut out = String::new();
        let mut chars = quoted.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, '"')) => out.push('"'),
                    Some((_, '\\')) => out.push('\\'),
                    Some((_, other)) => {
                        out.push('\\');
                        out.push(other);
                    }
                    None => out.push('\\'),
                },
                '"' => return Ok((Value::Text(out), quoted.get(i + 1..).unwrap_or(""))),
                other => out.push(other),
            }
        }
        return Err("this quoted argument is never closed with `\"`".to_owned());
    }
    if let Some(raw) = text.strip_prefix('`') {
        return match raw.split_once('`') {
            Some((inside, rest)) => Ok((Value::Text(inside.to_owned()), rest)),
            None => Err("this raw argument is never closed with a backquote".to_owned()),
        };
    }
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    let (word, rest) = text.split_at(end);
    Ok((bare(word), rest))
}

fn bare(word: &str) -> Value {
    match word {
        "true" => return Value::Bool(true),
        "false" => return Value::Bool(false),
        _ => {}
    }
    if let Ok(n) = word.parse::<i64>() {
        return Value::Int(n);
    }
    let looks_numeric = word
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == '-');
    if looks_numeric && let Ok(f) = word.parse::<f64>() {
        return Value::Float(f);
    }
    Value::Text(word.to_owned())
}
