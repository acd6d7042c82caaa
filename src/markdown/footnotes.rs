//! Footnotes as Goldmark makes them: numbered in the order first referred to, gathered at the
//! end of the page, each with a link back to every place that refers to it.

use std::collections::HashMap;
use std::fmt::Write as _;

/// Footnotes as Goldmark makes them: numbered in the order first referred to, gathered at the
/// end, each with a link back to every place that refers to it.
#[derive(Default)]
pub(super) struct Footnotes {
    /// Label → (number, how many references so far).
    numbers: HashMap<String, (usize, usize)>,
    /// Label → the definition's HTML.
    pub(super) definitions: HashMap<String, String>,
}

impl Footnotes {
    pub(super) fn reference(&mut self, label: &str) -> String {
        let next = self.numbers.len() + 1;
        let (number, seen) = self.numbers.entry(label.to_owned()).or_insert((next, 0));
        let id = match *seen {
            0 => format!("fnref:{number}"),
            k => format!("fnref{k}:{number}"),
        };
        *seen += 1;
        format!(
            "<sup id=\"{id}\"><a href=\"#fn:{number}\" class=\"footnote-ref\" role=\"doc-noteref\">{number}</a></sup>"
        )
    }

    /// The footnotes referred to, in order, after the page's text.
    pub(super) fn write(&self, html: &mut String) {
        if self.numbers.is_empty() {
            return;
        }
        let mut order: Vec<(&String, &(usize, usize))> = self.numbers.iter().collect();
        order.sort_by_key(|(_, (n, _))| *n);
        html.push_str("<div class=\"footnotes\" role=\"doc-endnotes\">\n<hr>\n<ol>\n");
        for (label, &(number, refs)) in order {
            let mut back = String::new();
            for k in 0..refs {
                let id = match k {
                    0 => format!("fnref:{number}"),
                    k => format!("fnref{k}:{number}"),
                };
                let _ = write!(
                    back,
                    "&#160;<a href=\"#{id}\" class=\"footnote-backref\" role=\"doc-backlink\">&#x21a9;&#xfe0e;</a>"
                );
            }
            let definition = self.definitions.get(label).map_or("", |d| d.trim_end());
            let _ = writeln!(html, "<li id=\"fn:{number}\">");
            match definition.strip_suffix("</p>") {
                Some(body) => {
                    let _ = writeln!(html, "{body}{back}</p>");
                }
                None => {
                    let _ = writeln!(html, "{definition}<p>{back}</p>");
                }
            }
            html.push_str("</li>\n");
        }
        html.push_str("</ol>\n</div>\n");
    }
}
