//! Code highlighting with CSS classes, so one page serves both the light and the dark scheme.

use std::sync::LazyLock;

use syntect::highlighting::{Color, Theme, ThemeSet};
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

#[cfg(test)]
mod tests {
    use super::*;

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
