//! How single elements are written where inkstone writes them itself: code blocks, alerts,
//! tables for render hooks, heading attributes, emoji.

use pulldown_cmark::{Event, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;

use super::code_lines::{self, CodeOptions};
use super::highlight;
use super::hooks::Cell;

/// A block of code as fenced code shows it: highlighted when `lang` is known.
pub fn code_block_html(out: &mut String, code: &str, lang: &str) {
    code_block_with(out, code, lang, &CodeOptions::default());
}

/// Like [`code_block_html`], with lines numbered or marked as `options` ask.
pub fn code_block_with(out: &mut String, code: &str, lang: &str, options: &CodeOptions) {
    let highlighted = if lang.is_empty() {
        None
    } else {
        highlight::highlight(code, lang)
    };
    out.push_str("<pre");
    if !lang.is_empty() {
        out.push_str(" data-lang=\"");
        let _ = escape_html(&mut *out, lang);
        out.push('"');
    }
    let body = match highlighted {
        Some(html) => {
            out.push_str(" class=\"highlight\"><code class=\"language-");
            let _ = escape_html(&mut *out, lang);
            out.push_str("\">");
            html
        }
        None => {
            out.push_str("><code>");
            let mut escaped = String::with_capacity(code.len());
            let _ = escape_html(&mut escaped, code);
            escaped
        }
    };
    if options.is_plain() {
        out.push_str(&body);
    } else {
        out.push_str(&code_lines::lines(&body, options));
    }
    out.push_str("</code></pre>\n");
}

/// `:smile:` as 😄, for the names GitHub and Hugo know; other `:words:` stay.
pub fn emojify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(':') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-')))
            .unwrap_or(after.len());
        let emoji = after[name_len..]
            .starts_with(':')
            .then(|| emojis::get_by_shortcode(&after[..name_len]))
            .flatten();
        match emoji {
            Some(emoji) if name_len > 0 => {
                out.push_str(emoji.as_str());
                rest = &after[name_len + 1..];
            }
            _ => {
                out.push(':');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether `{…}` (with what precedes it) holds attributes as Goldmark reads them.
pub(super) fn are_attributes(written: &str) -> bool {
    let inside = written
        .trim()
        .strip_prefix('{')
        .and_then(|w| w.strip_suffix('}'))
        .unwrap_or("");
    inside.split_whitespace().all(|piece| {
        piece.starts_with('#')
            || piece.starts_with('.')
            || piece.split_once('=').is_some_and(|(k, _)| {
                !k.is_empty()
                    && k.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '-' | '.'))
            })
    })
}

/// A table's header and body rows, each cell's HTML with its column's alignment.
pub(super) fn table_cells(
    aligns: &[pulldown_cmark::Alignment],
    events: Vec<Event<'_>>,
) -> (Vec<Vec<Cell>>, Vec<Vec<Cell>>) {
    use pulldown_cmark::Alignment;
    let (mut head, mut body) = (Vec::new(), Vec::new());
    let mut row: Vec<Cell> = Vec::new();
    let mut cell: Vec<Event<'_>> = Vec::new();
    let mut in_head = false;
    for event in events {
        match event {
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                head.push(std::mem::take(&mut row));
            }
            Event::Start(Tag::TableRow | Tag::TableCell) => {}
            Event::End(TagEnd::TableRow) => body.push(std::mem::take(&mut row)),
            Event::End(TagEnd::TableCell) => {
                let mut text = String::new();
                pulldown_cmark::html::push_html(&mut text, cell.drain(..));
                let alignment = match aligns.get(row.len()) {
                    Some(Alignment::Left) => "left",
                    Some(Alignment::Center) => "center",
                    Some(Alignment::Right) => "right",
                    _ => "",
                };
                row.push(Cell { text, alignment });
            }
            other => cell.push(other),
        }
    }
    let _ = in_head;
    (head, body)
}

/// The class and title of a GitHub alert: the same markup as the theme's callouts.
pub(super) fn alert(kind: pulldown_cmark::BlockQuoteKind) -> (&'static str, &'static str) {
    use pulldown_cmark::BlockQuoteKind as K;
    match kind {
        K::Note => ("note", "Note"),
        K::Tip => ("tip", "Tip"),
        K::Important => ("important", "Important"),
        K::Warning => ("warning", "Warning"),
        K::Caution => ("caution", "Caution"),
    }
}
