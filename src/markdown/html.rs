//! HTML content files (`.html` in `content/`): the body is the page, its shortcodes expanded;
//! only counts and a summary are taken from it.

use super::shortcodes::Expanded;
use super::{MORE_MARKER, Options, Rendered, plain_summary};
use crate::text;

/// HTML content files: the body is the page as written, its shortcodes expanded.
pub fn render_html(expanded: &Expanded, options: &Options) -> Rendered {
    let mut unknown_shortcodes = Vec::new();
    let html = expanded.resolve(&expanded.text, &mut unknown_shortcodes);
    let source = html.as_str();
    let plain = strip_tags(source);
    let is_cjk = options
        .has_cjk
        .unwrap_or_else(|| text::contains_cjk(&plain));
    let (summary, truncated) = match source.find(MORE_MARKER) {
        Some(i) => (source[..i].to_owned(), true),
        None => plain_summary(&plain, options.summary_length, is_cjk),
    };
    Rendered {
        toc: Vec::new(),
        text: None,
        summary,
        truncated,
        word_count: text::word_count(&plain, is_cjk),
        reading_time: text::Counts::of(&plain, is_cjk).reading_time(),
        is_cjk,
        unknown_shortcodes,
        html,
        problems: Vec::new(),
        warnings: Vec::new(),
    }
}

/// Text between tags, for counting the words of HTML content and summaries.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
