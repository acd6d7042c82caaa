//! Hugo's options for a block of code — `linenos`, `linenostart`, `hl_lines` — as a fence writes
//! them (```` ```go {linenos=true,hl_lines=[2,"4-5"]} ````) or the `highlight` shortcode
//! (`"linenos=table,hl_lines=2 4-5"`): each line of the block in its own span, numbered and
//! marked as asked.

use std::fmt::Write as _;
use std::ops::RangeInclusive;

/// What the options ask of a block's lines.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct CodeOptions {
    pub line_numbers: bool,
    /// The first line's number.
    pub start: usize,
    /// Lines to mark, counted from 1 whatever `start` is (as in Hugo).
    pub marked: Vec<RangeInclusive<usize>>,
}

impl CodeOptions {
    /// Reads `linenos=…, linenostart=…, hl_lines=…` from a fence's `{…}` or the shortcode's
    /// second argument; other options are left alone.
    pub fn parse(written: &str) -> Self {
        let written = written.trim();
        let inner = written
            .strip_prefix('{')
            .and_then(|w| w.strip_suffix('}'))
            .unwrap_or(written);
        let mut options = CodeOptions {
            start: 1,
            ..CodeOptions::default()
        };
        for (key, value) in pairs(inner) {
            match key.to_ascii_lowercase().as_str() {
                "linenos" => options.line_numbers = !matches!(value.as_str(), "false" | ""),
                "linenostart" => options.start = value.parse().unwrap_or(1),
                "hl_lines" => options.marked = line_ranges(&value),
                _ => {}
            }
        }
        options
    }

    pub fn is_plain(&self) -> bool {
        !self.line_numbers && self.marked.is_empty()
    }

    fn is_marked(&self, line: usize) -> bool {
        self.marked.iter().any(|r| r.contains(&line))
    }
}

/// `key=value` pairs separated by commas outside brackets and quotes.
fn pairs(text: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut depth = 0usize;
    let mut quoted = false;
    let mut current = String::new();
    let mut push = |piece: &str| {
        if let Some((k, v)) = piece.split_once('=') {
            pairs.push((k.trim().to_owned(), v.trim().trim_matches('"').to_owned()));
        }
    };
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth = depth.saturating_sub(1),
            ',' if !quoted && depth == 0 => {
                push(&current);
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    push(&current);
    pairs
}

/// `[2,"4-5"]` or `2 4-5`: single lines and ranges.
fn line_ranges(value: &str) -> Vec<RangeInclusive<usize>> {
    value
        .trim_matches(['[', ']'])
        .split([',', ' '])
        .map(|item| item.trim().trim_matches('"'))
        .filter_map(|item| match item.split_once('-') {
            Some((a, b)) => Some(a.trim().parse().ok()?..=b.trim().parse().ok()?),
            None => {
                let n = item.parse().ok()?;
                Some(n..=n)
            }
        })
        .collect()
}

/// `html` (a block's code as HTML, spans possibly running over line ends) with each line in a
/// `<span class="line">` — `line hl` when marked — led by its number when asked; line breaks
/// stay between the lines' spans. A span open at
/// a line's end is closed there and opened again on the next line, so every line is whole.
pub fn lines(html: &str, options: &CodeOptions) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 2);
    let mut open: Vec<&str> = Vec::new();
    // Spans closed after the last line break close what each line closes anyway; left in,
    // they would make a line of their own.
    let mut text = html;
    while let Some(before) = text.strip_suffix("</span>") {
        text = before;
    }
    let text = text.strip_suffix('\n').unwrap_or(text);
    for (i, line) in text.split('\n').enumerate() {
        let number = i + 1;
        out.push_str(if options.is_marked(number) {
            "<span class=\"line hl\">"
        } else {
            "<span class=\"line\">"
        });
        if options.line_numbers {
            let _ = write!(
                out,
                "<span class=\"ln\" aria-hidden=\"true\">{}</span>",
                options.start + i
            );
        }
        for tag in &open {
            out.push_str(tag);
        }
        let mut rest = line;
        while let Some(at) = rest.find('<') {
            out.push_str(&rest[..at]);
            let tail = &rest[at..];
            let end = tail.find('>').map_or(tail.len(), |e| e + 1);
            let tag = &tail[..end];
            if tag.starts_with("</span") {
                open.pop();
            } else if tag.starts_with("<span") {
                open.push(tag);
            }
            out.push_str(tag);
            rest = &tail[end..];
        }
        out.push_str(rest);
        for _ in &open {
            out.push_str("</span>");
        }
        out.push_str("</span>\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_as_fences_and_the_shortcode_write_them() {
        let fence = CodeOptions::parse("{linenos=true,hl_lines=[2,\"4-5\"],linenostart=10}");
        assert!(fence.line_numbers);
        assert_eq!(fence.start, 10);
        assert_eq!(fence.marked, vec![2..=2, 4..=5]);
        let shortcode = CodeOptions::parse("linenos=table,hl_lines=8 15-17");
        assert!(shortcode.line_numbers);
        assert_eq!(shortcode.marked, vec![8..=8, 15..=17]);
        assert!(CodeOptions::parse("{.class title=\"x\"}").is_plain());
    }

    #[test]
    fn spans_over_line_ends_are_closed_and_opened_again() {
        let options = CodeOptions {
            line_numbers: true,
            start: 1,
            marked: vec![2..=2],
        };
        let html = lines("<span class=\"a\">x\ny</span>\nz\n", &options);
        assert_eq!(
            html,
            "<span class=\"line\"><span class=\"ln\" aria-hidden=\"true\">1</span><span class=\"a\">x</span></span>\n\
             <span class=\"line hl\"><span class=\"ln\" aria-hidden=\"true\">2</span><span class=\"a\">y</span></span>\n\
             <span class=\"line\"><span class=\"ln\" aria-hidden=\"true\">3</span>z</span>\n"
        );
    }
}
