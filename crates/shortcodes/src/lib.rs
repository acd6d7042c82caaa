//! Hugo's shortcode syntax, parsed: `{{< name args >}}` (its inner text as written) and
//! `{{% name args %}}` (its inner text is Markdown), paired with `{{< /name >}}` or lone,
//! self-closed `{{< name />}}`, nested, and escaped `{{</* name */>}}` (printed as the shortcode
//! itself). Arguments are positional or named, quoted (`"a b"`, with `\"`), raw (`` `a b` ``),
//! or bare words, numbers and booleans.
//!
//! Every node keeps its byte range in the source, so that a problem can name the line and column
//! of the content file, not of some intermediate text.

// What a content file holds may never panic the parser.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::ops::Range;

mod args;
mod tags;

pub use args::{Args, Value};

/// A piece of a content file.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// Text outside any shortcode, as a range of the source.
    Text(Range<usize>),
    /// An escaped shortcode, to be printed as `text` (the shortcode without `/*` and `*/`).
    Escaped {
        span: Range<usize>,
        text: String,
    },
    Shortcode(Shortcode),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Shortcode {
    pub name: String,
    pub args: Args,
    /// Written `{{% … %}}`: the inner text is Markdown, and so is what the shortcode gives.
    pub markdown: bool,
    /// The whole shortcode, from its opening tag to the end of its closing tag.
    pub span: Range<usize>,
    /// What lies between the tags of a paired shortcode; `None` for a lone one.
    pub inner: Option<Inner>,
    /// Written `{{< name />}}`: lone on purpose, not for want of a closing tag.
    pub self_closed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Inner {
    /// The inner text, as a range of the source.
    pub span: Range<usize>,
    pub nodes: Vec<Node>,
}

/// Why a content file's shortcodes cannot be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Byte offset in the source.
    pub at: usize,
    pub message: String,
}

/// Shortcodes nest no deeper than this: deeper is surely a mistake, and must not exhaust the
/// stack of whatever renders them.
pub const MAX_DEPTH: usize = 64;

/// Parses every shortcode of `source`.
pub fn parse(source: &str) -> Result<Vec<Node>, Error> {
    build(tags::tokens(source)?)
}

/// What a paired shortcode's children are, while its closing tag is looked for.
struct Open {
    tag: tags::Tag,
    nodes: Vec<Node>,
}

fn build(tokens: Vec<tags::Token>) -> Result<Vec<Node>, Error> {
    let closed_later = closes_ahead(&tokens);
    let mut top: Vec<Node> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    for (token, closed_later) in tokens.into_iter().zip(closed_later) {
        let into = match stack.last_mut() {
            Some(open) => &mut open.nodes,
            None => &mut top,
        };
        match token {
            tags::Token::Text(range) => into.push(Node::Text(range)),
            tags::Token::Escaped { span, text } => into.push(Node::Escaped { span, text }),
            // Self-closed, or never closed further on: lone at once, so that a page of a
            // thousand figures nests nothing.
            tags::Token::Open(tag) if tag.self_closed || !closed_later => {
                into.push(Node::Shortcode(lone(tag)));
            }
            tags::Token::Open(tag) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(Error {
                        at: tag.span.start,
                        message: format!("shortcodes are nested more than {MAX_DEPTH} deep here"),
                    });
                }
                stack.push(Open {
                    tag,
                    nodes: Vec::new(),
                });
            }
            tags::Token::Close(close) => close_one(&mut top, &mut stack, close)?,
        }
    }
    // What is still open had no closing tag: each is lone, followed by what came after it.
    while let Some(open) = stack.pop() {
        let into = match stack.last_mut() {
            Some(outer) => &mut outer.nodes,
            None => &mut top,
        };
        into.push(Node::Shortcode(lone(open.tag)));
        into.extend(open.nodes);
    }
    Ok(top)
}

/// For each token, whether it opens a shortcode that some later tag closes.
fn closes_ahead(tokens: &[tags::Token]) -> Vec<bool> {
    let mut closes: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut ahead = vec![false; tokens.len()];
    for (token, closed) in tokens.iter().zip(ahead.iter_mut()).rev() {
        match token {
            tags::Token::Close(tag) => *closes.entry(tag.name.as_str()).or_default() += 1,
            tags::Token::Open(tag) => {
                *closed = closes.get(tag.name.as_str()).is_some_and(|n| *n > 0);
            }
            _ => {}
        }
    }
    ahead
}

/// Closes the innermost open shortcode of the same name; those opened inside it and never
/// closed are lone.
fn close_one(top: &mut Vec<Node>, stack: &mut Vec<Open>, close: tags::Tag) -> Result<(), Error> {
    let Some(at) = stack.iter().rposition(|o| o.tag.name == close.name) else {
        return Err(Error {
            at: close.span.start,
            message: format!(
                "`{{{{< /{} >}}}}` closes a shortcode that was never opened",
                close.name
            ),
        });
    };
    while stack.len() > at + 1 {
        let Some(unclosed) = stack.pop() else { break };
        let Some(outer) = stack.last_mut() else { break };
        outer.nodes.push(Node::Shortcode(lone(unclosed.tag)));
        outer.nodes.extend(unclosed.nodes);
    }
    let Some(open) = stack.pop() else {
        return Ok(());
    };
    let inner_span = open.tag.span.end..close.span.start;
    let shortcode = Shortcode {
        name: open.tag.name,
        args: open.tag.args,
        markdown: open.tag.markdown,
        span: open.tag.span.start..close.span.end,
        inner: Some(Inner {
            span: inner_span,
            nodes: open.nodes,
        }),
        self_closed: false,
    };
    match stack.last_mut() {
        Some(outer) => outer.nodes.push(Node::Shortcode(shortcode)),
        None => top.push(Node::Shortcode(shortcode)),
    }
    Ok(())
}

fn lone(tag: tags::Tag) -> Shortcode {
    Shortcode {
        name: tag.name,
        args: tag.args,
        markdown: tag.markdown,
        span: tag.span,
        inner: None,
        self_closed: tag.self_closed,
    }
}

/// The 1-based line and column (in characters) of byte `at` of `source`.
pub fn line_column(source: &str, at: usize) -> (usize, usize) {
    let before = source.get(..at).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests;
