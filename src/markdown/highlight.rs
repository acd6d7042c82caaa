//! Code highlighting with CSS classes, so one page serves both the light and the dark scheme.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::LazyLock;

use syntect::highlighting::{Color, Theme, ThemeSet};
use syntect::html::{ClassStyle, css_for_theme_with_class_style, line_tokens_to_classed_spans};
use syntect::parsing::{ParseState, ScopeStack, ScopeStackOp, SyntaxSet};
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Loaded once per process and shared by every rendering thread.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Highlights `code` as `lang`; `None` when the language is unknown, so the caller falls back to
/// a plain block.
pub fn highlight(code: &str, lang: &str) -> Option<String> {
    let syntax = SYNTAXES
        .find_syntax_by_token(lang)
        .or_else(|| SYNTAXES.find_syntax_by_extension(lang))?;
    let mut state = ParseState::new(syntax);
    let mut scopes = ScopeStack::new();
    let mut html = String::with_capacity(code.len() * 3);
    let mut open_spans = 0isize;
    PARSED_LINES.with_borrow_mut(|cache| -> Option<()> {
        for line in LinesWithEndings::from(code) {
            let ops = cache.parse(&mut state, line)?;
            let (spans, delta) =
                line_tokens_to_classed_spans(line, &ops, CLASS_STYLE, &mut scopes).ok()?;
            open_spans += delta;
            html.push_str(&spans);
        }
        Some(())
    })?;
    for _ in 0..open_spans {
        html.push_str("</span>");
    }
    Some(html)
}

thread_local! {
    static PARSED_LINES: RefCell<LineCache> = RefCell::new(LineCache::default());
}

/// Parsing is most of highlighting's cost, and code blocks across a site repeat lines (closing
/// braces, imports, config keys, shell prompts). The parse of a line is a pure function of the
/// parser's state before it and the line's text, so the result is reused when both are equal.
/// The state holds the syntax's context ids, so one language's lines never match another's.
#[derive(Default)]
struct LineCache {
    lines: HashMap<String, Vec<ParsedLine>, foldhash::fast::RandomState>,
    entries: usize,
}

struct ParsedLine {
    before: ParseState,
    ops: std::rc::Rc<[(usize, ScopeStackOp)]>,
    after: ParseState,
}

/// Bounds the cache to a few megabytes per rendering thread.
const MAX_CACHED_LINES: usize = 1_024;
/// Longer lines rarely repeat and would make the cache's memory unpredictable.
const MAX_CACHED_LINE_LEN: usize = 160;

impl LineCache {
    fn parse(
        &mut self,
        state: &mut ParseState,
        line: &str,
    ) -> Option<std::rc::Rc<[(usize, ScopeStackOp)]>> {
        if line.len() > MAX_CACHED_LINE_LEN {
            return Some(state.parse_line(line, &SYNTAXES).ok()?.into());
        }
        if let Some(hit) = self
            .lines
            .get(line)
            .and_then(|parsed| parsed.iter().find(|p| p.before == *state))
        {
            state.clone_from(&hit.after);
            return Some(hit.ops.clone());
        }
        let before = state.clone();
        let ops: std::rc::Rc<[_]> = state.parse_line(line, &SYNTAXES).ok()?.into();
        if self.entries >= MAX_CACHED_LINES {
            self.lines.clear();
            self.entries = 0;
        }
        self.entries += 1;
        self.lines
            .entry(line.to_owned())
            .or_default()
            .push(ParsedLine {
                before,
                ops: ops.clone(),
                after: state.clone(),
            });
        Some(ops)
    }
}

/// The stylesheet for highlighted code: a light theme, and a dark one applied both when the
/// reader's system prefers dark and when the page is switched to dark.
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let css = |name: &str, background: Color| {
        themes
            .themes
            .get(name)
            .map(|t| readable(t.clone(), background))
            .and_then(|t| css_for_theme_with_class_style(&t, CLASS_STYLE).ok())
            .unwrap_or_default()
    };
    let light = css("InspiredGitHub", LIGHT_CODE_BACKGROUND);
    let dark = css("base16-ocean.dark", DARK_CODE_BACKGROUND);
    let light = strip_comments(&light);
    let dark = strip_comments(&dark);
    format!(
        "{light}\n{forced}\n@media (prefers-color-scheme: dark) {{\n{system}\n}}\n",
        forced = scoped(&dark, ":root[data-theme=\"dark\"]"),
        system = scoped(&dark, ":root:not([data-theme=\"light\"])"),
    )
}

/// The code block backgrounds of the built-in stylesheet (`--code-bg`), light and dark.
const LIGHT_CODE_BACKGROUND: Color = Color {
    r: 0xf6,
    g: 0xf8,
    b: 0xfa,
    a: 0xff,
};
const DARK_CODE_BACKGROUND: Color = Color {
    r: 0x16,
    g: 0x1b,
    b: 0x22,
    a: 0xff,
};
/// WCAG AA for normal text is 4.5; a little more survives rounding in the browser.
const MIN_CONTRAST: f64 = 4.6;

/// The theme with every text colour darkened (on a light background) or lightened (on a dark
/// one) until it reads against `background` at WCAG AA contrast. Syntect's stock themes have
/// several colours that do not (InspiredGitHub's green tags: 2.8).
fn readable(mut theme: Theme, background: Color) -> Theme {
    let fix = |c: &mut Color| *c = with_contrast(*c, background);
    if let Some(c) = theme.settings.foreground.as_mut() {
        fix(c);
    }
    for item in &mut theme.scopes {
        if let Some(c) = item.style.foreground.as_mut() {
            fix(c);
        }
    }
    theme
}

fn with_contrast(mut colour: Color, background: Color) -> Color {
    let dark_background = luminance(background) < 0.5;
    for _ in 0..40 {
        if contrast(colour, background) >= MIN_CONTRAST {
            break;
        }
        let step = |v: u8| {
            let v = f64::from(v);
            let moved = if dark_background {
                v + (255.0 - v) * 0.08
            } else {
                v * 0.92
            };
            moved.round().clamp(0.0, 255.0) as u8
        };
        colour = Color {
            r: step(colour.r),
            g: step(colour.g),
            b: step(colour.b),
            a: colour.a,
        };
    }
    colour
}

/// WCAG relative luminance.
fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Prefixes every selector line of syntect's CSS with `scope`.
fn scoped(css: &str, scope: &str) -> String {
    css.lines()
        .map(|line| {
            if line.starts_with('.') {
                // A rule can name several selectors; each is scoped, or the dark colours of the
                // later ones would apply in light mode too.
                line.split(", ")
                    .map(|selector| format!("{scope} {selector}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// syntect's CSS carries a banner comment per theme; it is noise in the shipped stylesheet.
fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        match rest[start..].find("*/") {
            Some(end) => rest = &rest[start + end + 2..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out.lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What syntect's own generator makes of `code`, without the line cache.
    fn uncached(code: &str, lang: &str) -> String {
        let syntax = SYNTAXES.find_syntax_by_token(lang).unwrap();
        let mut generator = syntect::html::ClassedHTMLGenerator::new_with_class_style(
            syntax,
            &SYNTAXES,
            CLASS_STYLE,
        );
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .unwrap();
        }
        generator.finalize()
    }

    #[test]
    fn a_cached_line_is_highlighted_as_its_state_says_not_as_it_was_last_time() {
        let plain = "let x = 1;\n";
        let in_comment = "/*\nlet x = 1;\n*/\nlet x = 1;\n";
        let in_string = "let s = \"\nlet x = 1;\n\";\n";
        for _ in 0..2 {
            for code in [plain, in_comment, in_string] {
                assert_eq!(highlight(code, "rust").unwrap(), uncached(code, "rust"));
            }
        }
        let commented = highlight(in_comment, "rust").unwrap();
        assert!(commented.contains("hl-comment"), "{commented}");
        let yaml = "a: 1\nb: |\n  a: 1\nc: 2\n";
        assert_eq!(highlight(yaml, "yaml").unwrap(), uncached(yaml, "yaml"));
        // The same text in another language is parsed as that language.
        assert_eq!(
            highlight("a: 1\n", "python").unwrap(),
            uncached("a: 1\n", "python")
        );
    }

    #[test]
    fn every_selector_of_a_dark_rule_is_scoped() {
        assert_eq!(
            scoped(".a.b, .c {\n color: #fff;\n}", ":root.dark"),
            ":root.dark .a.b, :root.dark .c {\n color: #fff;\n}"
        );
    }

    #[test]
    fn every_code_colour_reads_at_wcag_aa_on_its_background() {
        let css = stylesheet();
        let themes = ThemeSet::load_defaults();
        for (name, background) in [
            ("InspiredGitHub", LIGHT_CODE_BACKGROUND),
            ("base16-ocean.dark", DARK_CODE_BACKGROUND),
        ] {
            let theme = readable(themes.themes[name].clone(), background);
            for item in &theme.scopes {
                if let Some(c) = item.style.foreground {
                    let ratio = contrast(c, background);
                    assert!(ratio >= 4.5, "{name}: {c:?} at {ratio:.2}");
                }
            }
        }
        assert!(
            !css.contains("#63a35c"),
            "InspiredGitHub's 2.8:1 green is gone"
        );
    }
}
