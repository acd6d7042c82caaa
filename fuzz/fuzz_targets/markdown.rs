//! Any body through the markdown stage as a page goes: shortcodes expanded (a host that knows
//! some names, fails on one, and renders nested output), formulas with every delimiter on,
//! footnotes, alerts, heading attributes, emoji. Never a panic; every problem inside the body.
#![no_main]

use inkstone::diagnostics::Diagnostic;
use inkstone::markdown::hooks::NoHooks;
use inkstone::markdown::math::Delimiters;
use inkstone::markdown::shortcodes::{Call, Expanded, Expansion, Host};
use inkstone::markdown::{Options, render_markdown_with};
use libfuzzer_sys::fuzz_target;

struct Some_;

impl Host for Some_ {
    fn expand(&self, call: &Call<'_>) -> Result<Expansion, Diagnostic> {
        match call.name {
            "box" => Ok(Expansion::Html(format!("<div>{}</div>", call.inner.unwrap_or("")))),
            "md" => Ok(Expansion::Markup(format!("*{}*", call.inner.unwrap_or("")))),
            "fail" => Err(Diagnostic::error("failed")),
            _ => Ok(Expansion::Unknown),
        }
    }
}

fuzz_target!(|body: &str| {
    let math = Delimiters {
        backslash: true,
        dollar: true,
    };
    let expanded = Expanded::of(body.to_owned(), &Some_, math);
    for problem in &expanded.problems {
        assert!(problem.at <= body.len());
    }
    let options = Options {
        unsafe_html: false,
        summary_length: 20,
        has_cjk: None,
        emoji: true,
        math,
        extensions: inkstone::markdown::Extensions {
            hard_wraps: true,
            ..Default::default()
        },
        alert_titles: None,
    };
    let rendered = render_markdown_with(&expanded, &options, &|_| None, &NoHooks);
    for unknown in &rendered.unknown_shortcodes {
        assert!(unknown.at <= body.len());
    }
});
