//! Math in Markdown, drawn at build time as MathML (pulldown-latex): no script, no font from
//! elsewhere. `$$…$$` is always display math; `\[…\]`, `\(…\)` and `$…$` are math when the site's
//! Hugo config names them as passthrough delimiters (`markup.goldmark.extensions.passthrough`),
//! as a Hugo site with math does — elsewhere `\[1\]` is just an escaped bracket.
//!
//! Formulas are found before the Markdown is read (its rules would eat their backslashes), in
//! text outside fenced and inline code.

use std::ops::Range;

use pulldown_cmark_escape::escape_html;
use pulldown_latex::config::DisplayMode;
use pulldown_latex::{Parser, RenderConfig, Storage, push_mathml};

/// Which delimiters mean math besides `$$…$$`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delimiters {
    /// `\[…\]` and `\(…\)`.
    pub backslash: bool,
    /// `$…$`.
    pub dollar: bool,
}

/// A formula found in text.
#[derive(Debug, PartialEq, Eq)]
pub struct Formula {
    /// The formula with its delimiters.
    pub span: Range<usize>,
    /// The TeX between them.
    pub tex: Range<usize>,
    pub display: bool,
}

impl Delimiters {
    /// Whether `text` may hold a formula at all: most pages hold none, and are not scanned.
    pub fn may_occur(self, text: &str) -> bool {
        text.contains("$$")
            || (self.backslash && (text.contains("\\(") || text.contains("\\[")))
            || (self.dollar && text.contains('$'))
    }
}

/// Every formula of `text`, in order.
pub fn find(text: &str, delimiters: Delimiters) -> Vec<Formula> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut line_start = true;
    let mut fence: Option<(u8, usize)> = None;
    while i < bytes.len() {
        if line_start {
            if let Some(end) = fence_line(text, i, &mut fence) {
                i = end;
                continue;
            }
            if fence.is_some() {
                i = line_end(text, i);
                continue;
            }
        }
        let Some(&b) = bytes.get(i) else { break };
        line_start = b == b'\n';
        match b {
            b'\\' if delimiters.backslash => {
                let close = match bytes.get(i + 1) {
                    Some(b'[') => Some(("\\]", true)),
                    Some(b'(') => Some(("\\)", false)),
                    _ => None,
                };
                if let Some((close, display)) = close
                    && let Some(end) = text.get(i + 2..).and_then(|rest| rest.find(close))
                {
                    let tex = i + 2..i + 2 + end;
                    if display || !spans_paragraphs(&text[tex.clone()]) {
                        found.push(Formula {
                            span: i..tex.end + 2,
                            tex,
                            display,
                        });
                        i += 2 + end + 2;
                        continue;
                    }
                }
                i += 2;
            }
            b'\\' => i += 2,
            b'`' => i = after_code_span(text, i),
            b'$' if bytes.get(i + 1) == Some(&b'$') => {
                match text.get(i + 2..).and_then(|rest| rest.find("$$")) {
                    Some(end) => {
                        let tex = i + 2..i + 2 + end;
                        let next = tex.end + 2;
                        found.push(Formula {
                            span: i..next,
                            tex,
                            display: true,
                        });
                        i = next;
                    }
                    None => i += 2,
                }
            }
            b'$' if delimiters.dollar => match inline_dollar(text, i) {
                Some(end) => {
                    found.push(Formula {
                        span: i..end + 1,
                        tex: i + 1..end,
                        display: false,
                    });
                    i = end + 1;
                }
                None => i += 1,
            },
            _ => i += 1,
        }
    }
    found
}

/// A `$…$` formula starting at `start`: the opening `$` not followed by a space, the closing
/// one not preceded by one (nor by a backslash), within a paragraph. Gives the closing `$`.
fn inline_dollar(text: &str, start: usize) -> Option<usize> {
    let rest = text.get(start + 1..)?;
    if rest.starts_with(char::is_whitespace) || rest.is_empty() {
        return None;
    }
    let mut prev = '$';
    for (offset, c) in rest.char_indices() {
        // As in Pandoc: a `$` right before a digit is a price, not the end of a formula.
        let before_digit = rest
            .get(offset + 1..)
            .is_some_and(|r| r.starts_with(|d: char| d.is_ascii_digit()));
        if c == '$' && !prev.is_whitespace() && prev != '\\' && offset > 0 && !before_digit {
            return Some(start + 1 + offset);
        }
        if c == '\n'
            && rest
                .get(offset + 1..)?
                .trim_start_matches([' ', '\t'])
                .starts_with('\n')
        {
            return None;
        }
        prev = c;
    }
    None
}

fn spans_paragraphs(tex: &str) -> bool {
    tex.contains("\n\n")
}

fn line_end(text: &str, from: usize) -> usize {
    text.get(from..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |n| from + n + 1)
}

/// A fence line at `from` opens or closes a code block: gives where the next line starts.
fn fence_line(text: &str, from: usize, fence: &mut Option<(u8, usize)>) -> Option<usize> {
    let line = text.get(from..line_end(text, from))?;
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let marker = *trimmed.as_bytes().first()?;
    if marker != b'`' && marker != b'~' {
        return None;
    }
    let run = trimmed.bytes().take_while(|&b| b == marker).count();
    if run < 3 {
        return None;
    }
    match *fence {
        None => *fence = Some((marker, run)),
        Some((m, n)) if m == marker && run >= n && trimmed[run..].trim().is_empty() => {
            *fence = None;
        }
        Some(_) => return None,
    }
    Some(from + line.len())
}

/// Past the inline code span whose backticks start at `from` (or past the backticks, if no
/// run of the same length closes it).
fn after_code_span(text: &str, from: usize) -> usize {
    let Some(rest) = text.get(from..) else {
        return text.len();
    };
    let run = rest.bytes().take_while(|&b| b == b'`').count();
    let ticks = &rest[..run];
    let mut search = run;
    while let Some(found) = rest.get(search..).and_then(|r| r.find(ticks)) {
        let at = search + found;
        let len = rest[at..].bytes().take_while(|&b| b == b'`').count();
        if len == run {
            return from + at + run;
        }
        search = at + len;
    }
    from + run
}

/// `tex` as MathML; the error says what pulldown-latex could not read.
pub fn to_mathml(tex: &str, display: bool) -> Result<String, String> {
    match draw(tex, display) {
        // Display math may break lines with `\\` outside any environment, as KaTeX and MathJax
        // allow; pulldown-latex wants an environment around them.
        Err(_) if display && tex.contains("\\\\") && !tex.contains("\\begin") => {
            let environment = if tex.contains('&') {
                "aligned"
            } else {
                "gathered"
            };
            draw(
                &format!("\\begin{{{environment}}}{tex}\\end{{{environment}}}"),
                display,
            )
            .map(|html| {
                html.replace(&format!("\\begin{{{environment}}}"), "")
                    .replace(&format!("\\end{{{environment}}}"), "")
            })
        }
        drawn => drawn,
    }
}

fn draw(tex: &str, display: bool) -> Result<String, String> {
    let storage = Storage::new();
    let events: Vec<_> = Parser::new(tex, &storage).collect();
    if let Some(Err(e)) = events.iter().find(|e| e.is_err()) {
        // The first line says what is wrong; the rest draws the formula around it.
        let message = e.to_string();
        let first = message.lines().next().unwrap_or_default();
        return Err(first
            .trim_start_matches("parsing error: ")
            .trim_end_matches(':')
            .to_owned());
    }
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        annotation: Some(tex.trim()),
        ..RenderConfig::default()
    };
    let mut html = String::new();
    push_mathml(&mut html, events.into_iter(), config).map_err(|e| e.to_string())?;
    Ok(html)
}

/// A formula that could not be drawn, shown as its TeX.
pub fn as_code(tex: &str, display: bool) -> String {
    let mut html = String::from(if display {
        "<pre class=\"math-error\"><code>"
    } else {
        "<code class=\"math-error\">"
    });
    let _ = escape_html(&mut html, tex);
    html.push_str(if display { "</code></pre>" } else { "</code>" });
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: Delimiters = Delimiters {
        backslash: true,
        dollar: true,
    };

    fn texts(text: &str, d: Delimiters) -> Vec<&str> {
        find(text, d).into_iter().map(|f| &text[f.tex]).collect()
    }

    #[test]
    fn finds_formulas_outside_code() {
        let text = "a $$x^2\\\\y$$ b \\(z\\) `$$no$$` \\[w\\]\n```\n$$no$$\n```\n$$yes$$";
        assert_eq!(texts(text, ALL), ["x^2\\\\y", "z", "w", "yes"]);
        assert_eq!(
            texts(text, Delimiters::default()),
            ["x^2\\\\y", "yes"],
            "\\( and \\[ are escapes unless the site says otherwise"
        );
    }

    #[test]
    fn single_dollars_need_tight_delimiters() {
        assert_eq!(texts("costs $5 and $6, ok", ALL), Vec::<&str>::new());
        assert_eq!(texts("a $5$10 b", ALL), Vec::<&str>::new());
        assert_eq!(texts("so $x+1$ ok", ALL), ["x+1"]);
        assert_eq!(texts("$a\n\nb$", ALL), Vec::<&str>::new());
        assert_eq!(texts("$a$", Delimiters::default()), Vec::<&str>::new());
    }

    #[test]
    fn mathml_or_an_error() {
        let ml = to_mathml("x^2", false).unwrap();
        assert!(ml.starts_with("<math"), "{ml}");
        assert!(ml.contains("<msup>"), "{ml}");
        assert!(to_mathml("\\frac{1}{", true).is_err());
    }
}
