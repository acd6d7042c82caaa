//! The source cut into text and shortcode tags: `{{<` … `>}}` and `{{%` … `%}}`, the end of a tag
//! looked for outside quoted arguments, so that `title=">}}"` does not end it.

use std::ops::Range;

use crate::Error;
use crate::args::{self, Args};

/// One opening or closing tag.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tag {
    pub name: String,
    pub args: Args,
    pub markdown: bool,
    pub self_closed: bool,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token {
    Text(Range<usize>),
    Escaped { span: Range<usize>, text: String },
    Open(Tag),
    Close(Tag),
}

pub(crate) fn tokens(source: &str) -> Result<Vec<Token>, Error> {
    let mut tokens = Vec::new();
    let mut text_start = 0;
    let mut from = 0;
    while let Some(found) = source.get(from..).and_then(|s| s.find("{{")) {
        let start = from + found;
        let opener = source.get(start + 2..start + 3);
        let markdown = match opener {
            Some("<") => false,
            Some("%") => true,
            _ => {
                from = start + 2;
                continue;
            }
        };
        let body_start = start + 3;
        let closer = if markdown { "%}}" } else { ">}}" };
        // An escape runs to the first `*/` before a closer, whatever lies between: Hugo prints
        // `{{</* a >}} text {{< /a */>}}` as the two tags and the text, unescaped.
        if let Some(escaped) = escaped_region(source, body_start, closer) {
            if text_start < start {
                tokens.push(Token::Text(text_start..start));
            }
            let (open, close) = if markdown {
                ("{{%", "%}}")
            } else {
                ("{{<", ">}}")
            };
            tokens.push(Token::Escaped {
                span: start..escaped.end,
                text: format!("{open}{}{close}", escaped.inside),
            });
            text_start = escaped.end;
            from = text_start;
            continue;
        }
        let end = find_end(source, body_start, closer).ok_or_else(|| Error {
            at: start,
            message: format!("this shortcode is never closed with `{closer}`"),
        })?;
        if text_start < start {
            tokens.push(Token::Text(text_start..start));
        }
        let span = start..end + closer.len();
        let body = source.get(body_start..end).unwrap_or_default();
        tokens.push(token(body, body_start, markdown, span)?);
        text_start = end + closer.len();
        from = text_start;
    }
    if text_start < source.len() {
        tokens.push(Token::Text(text_start..source.len()));
    }
    Ok(tokens)
}

struct EscapedRegion<'s> {
    inside: &'s str,
    /// Just after its closer.
    end: usize,
}

/// `{{</* … */>}}` starting at `from` (just after `{{<`): what lies between `/*` and `*/`.
fn escaped_region<'s>(source: &'s str, from: usize, closer: &str) -> Option<EscapedRegion<'s>> {
    let body = source.get(from..)?;
    let lead = body.len() - body.trim_start().len();
    let after_open = body.get(lead..)?.strip_prefix("/*")?;
    let inside_start = from + lead + 2;
    let mut search = 0;
    while let Some(found) = after_open.get(search..)?.find("*/") {
        let star = search + found;
        let rest = after_open.get(star + 2..)?;
        let spaces = rest.len() - rest.trim_start().len();
        if rest.get(spaces..)?.starts_with(closer) {
            let inside = source.get(inside_start..inside_start + star)?;
            return Some(EscapedRegion {
                inside,
                end: inside_start + star + 2 + spaces + closer.len(),
            });
        }
        search = star + 2;
    }
    None
}

/// Where `closer` ends the tag whose body starts at `from`, outside quotes.
fn find_end(source: &str, from: usize, closer: &str) -> Option<usize> {
    let body = source.get(from..)?;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None if c == '"' || c == '`' => quote = Some(c),
            None if body.get(i..).is_some_and(|rest| rest.starts_with(closer)) => {
                return Some(from + i);
            }
            None => {}
        }
    }
    None
}

fn token(
    body: &str,
    body_start: usize,
    markdown: bool,
    span: Range<usize>,
) -> Result<Token, Error> {
    let trimmed = body.trim();
    if let Some(inside) = trimmed
        .strip_prefix("/*")
        .and_then(|t| t.strip_suffix("*/"))
    {
        // Hugo prints an escaped shortcode as it would be written unescaped.
        let (open, close) = if markdown {
            ("{{%", "%}}")
        } else {
            ("{{<", ">}}")
        };
        return Ok(Token::Escaped {
            span,
            text: format!("{open}{inside}{close}"),
        });
    }
    let lead = body.len() - body.trim_start().len();
    if let Some(name) = trimmed.strip_prefix('/') {
        let name = name.trim();
        if !is_name(name) {
            return Err(Error {
                at: body_start + lead,
                message: format!("`/{name}` is not a shortcode to close"),
            });
        }
        return Ok(Token::Close(Tag {
            name: name.to_owned(),
            args: Args::None,
            markdown,
            self_closed: false,
            span,
        }));
    }
    let (rest, self_closed) = match trimmed.strip_suffix('/') {
        Some(before) => (before, true),
        None => (trimmed, false),
    };
    let name_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let (name, args_text) = rest.split_at(name_end);
    if !is_name(name) {
        return Err(Error {
            at: body_start + lead,
            message: format!("{name:?} is not a shortcode name"),
        });
    }
    let args_at = body_start + lead + name_end;
    let args = args::parse(args_text).map_err(|(at, message)| Error {
        at: args_at + at,
        message,
    })?;
    Ok(Token::Open(Tag {
        name: name.to_owned(),
        args,
        markdown,
        self_closed,
        span,
    }))
}

/// Hugo's shortcode names: letters, digits, `_`, `-`, `.` and `/` (a shortcode in a folder).
fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
}
