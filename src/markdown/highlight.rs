//! Code highlighting with CSS classes, so one page serves both the light and the dark scheme.

use std::sync::LazyLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
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
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

/// The stylesheet for highlighted code: a light theme, and a dark one applied both when the
/// reader's system prefers dark and when the page is switched to dark.
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let light = themes
        .themes
        .get("InspiredGitHub")
        .and_then(|t| css_for_theme_with_class_style(t, CLASS_STYLE).ok())
        .unwrap_or_default();
    let dark = themes
        .themes
        .get("base16-ocean.dark")
        .and_then(|t| css_for_theme_with_class_style(t, CLASS_STYLE).ok())
        .unwrap_or_default();
    let light = strip_comments(&light);
    let dark = strip_comments(&dark);
    format!(
        "{light}\n{forced}\n@media (prefers-color-scheme: dark) {{\n{system}\n}}\n",
        forced = scoped(&dark, ":root[data-theme=\"dark\"]"),
        system = scoped(&dark, ":root:not([data-theme=\"light\"])"),
    )
}

/// Prefixes every selector line of syntect's CSS with `scope`.
fn scoped(css: &str, scope: &str) -> String {
    css.lines()
        .map(|line| {
            if line.starts_with('.') {
                format!("{scope} {line}")
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
