//! Shortcodes in a page's body, expanded as Hugo does before the Markdown is read.
//!
//! `{{% name %}}` gives Markdown: its output goes into the text, to be read with it. `{{< name >}}`
//! gives HTML: its output waits behind a token (a plain word no Markdown rule changes), and the
//! token is replaced once the Markdown is HTML — alone in a paragraph, the paragraph goes with it,
//! as in Hugo. A shortcode no template renders leaves its inner content if paired, nothing if lone;
//! inside code it stays as written, since there it is surely an example.
//!
//! What renders a shortcode (templates, the site's pages) belongs to later stages: they hand it
//! in as a [`Host`].

use inkstone_shortcodes::{self as syntax, Args, Node, Shortcode};

use super::math::{self, Delimiters};
use crate::diagnostics::Diagnostic;

/// One use of a shortcode, as its renderer sees it.
pub struct Call<'a> {
    pub name: &'a str,
    pub args: &'a Args,
    /// What lies between the tags of a paired shortcode, its own shortcodes expanded.
    pub inner: Option<&'a str>,
    /// The same with what its `{{< >}}` shortcodes gave in their place, as Hugo gives `.Inner`
    /// (in `inner` they wait behind tokens until the page is HTML).
    pub inner_html: Option<&'a str>,
    /// Written `{{% %}}`: the output is read as Markdown.
    pub markdown: bool,
    /// Lone without saying so (no closing tag, not `/>`): an error for shortcodes that need
    /// what is between their tags, as in Hugo.
    pub unclosed: bool,
    /// Byte offset of the shortcode in the body.
    pub at: usize,
    /// How many shortcodes came before it beside it (in the body, or in the same parent),
    /// counting from 0: Hugo's `.Ordinal`.
    pub ordinal: usize,
    /// The shortcode it is nested in.
    pub parent: Option<&'a Shortcode>,
}

pub enum Expansion {
    /// HTML if the shortcode was written `{{< >}}`, Markdown if `{{% %}}`.
    Markup(String),
    /// HTML however it was written.
    Html(String),
    /// Markdown however it was written, read with the page's text.
    Markdown(String),
    /// Markdown (the shortcode was written `{{% %}}`) holding finished HTML that must not be
    /// read as Markdown again (a template's `.RenderString`): each `PROTECTED_START n
    /// PROTECTED_END` in the text stands for `html[n]`.
    Protected { markdown: String, html: Vec<String> },
    /// No template renders this name.
    Unknown,
}

/// Marks, in a host's Markdown, where one of its finished pieces of HTML goes.
pub const PROTECTED_START: char = '\u{E000}';
pub const PROTECTED_END: char = '\u{E001}';

/// Renders shortcodes: the site's templates and inkstone's own.
pub trait Host: Sync {
    /// The problem is the renderer's own (a template error, a page `ref` cannot find); the
    /// caller adds the place in the content file.
    fn expand(&self, call: &Call<'_>) -> Result<Expansion, Diagnostic>;

    /// Whether raw HTML in the page's Markdown is kept (Hugo's `unsafe`), for the inner text
    /// this stage converts itself.
    fn unsafe_html(&self) -> bool {
        false
    }

    /// The site's render hooks, for the inner text this stage converts itself.
    fn hooks(&self) -> &dyn super::hooks::Hooks {
        &super::hooks::NoHooks
    }
}

/// A problem with one shortcode, at a byte offset of the body.
#[derive(Debug)]
pub struct Problem {
    pub at: usize,
    pub diagnostic: Diagnostic,
}

/// A use of a shortcode nothing renders, at a line and column of the content file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownUse {
    pub name: String,
    /// Byte offset in the body.
    pub at: usize,
}

enum Slot {
    Html(String),
    /// A formula: its MathML, or its TeX as code when it cannot be drawn.
    Math {
        html: String,
        written: String,
    },
    Unknown {
        name: String,
        at: usize,
        written: String,
    },
}

/// A body with its shortcodes expanded: the text for the Markdown reader, and what its tokens
/// stand for.
#[derive(Default)]
pub struct Expanded {
    pub text: String,
    slots: Vec<Slot>,
    pub problems: Vec<Problem>,
    /// Paired shortcodes nothing renders; lone ones are found when their token is resolved.
    pub unknown: Vec<UnknownUse>,
    /// Where text of the body was copied into `text` as it was: (offset in `text`, offset in
    /// the body), in order.
    anchors: Vec<(usize, usize)>,
}

const TOKEN_START: &str = "inkstoneSC";
const TOKEN_END: char = 'x';

impl Expanded {
    /// A body with no shortcodes.
    pub fn plain(text: String) -> Self {
        Expanded {
            text,
            ..Expanded::default()
        }
    }

    /// Expands every shortcode of `body` with `host`, and draws its formulas.
    pub fn of(body: String, host: &dyn Host, math: Delimiters) -> Self {
        if !body.contains("{{") {
            if !math.may_occur(&body) {
                return Expanded::plain(body);
            }
            let mut out = Expanded::default();
            out.text = out.with_math(&body, 0, math);
            return out;
        }
        let nodes = match syntax::parse(&body) {
            Ok(nodes) => nodes,
            Err(e) => {
                return Expanded {
                    problems: vec![Problem {
                        at: e.at,
                        diagnostic: Diagnostic::error(e.message),
                    }],
                    text: body,
                    ..Expanded::default()
                };
            }
        };
        let mut expander = Expander {
            body: &body,
            host,
            math,
            ordinal: 0,
            out: Expanded::default(),
        };
        let text = expander.nodes(&nodes, None);
        let mut out = expander.out;
        out.text = text;
        out
    }

    /// `text` (at byte `offset` of the body) with its formulas behind tokens.
    fn with_math(&mut self, text: &str, offset: usize, math: Delimiters) -> String {
        if !math.may_occur(text) {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for formula in math::find(text, math) {
            out.push_str(&text[last..formula.span.start]);
            let tex = &text[formula.tex.clone()];
            let html = match math::to_mathml(tex, formula.display) {
                Ok(html) => html,
                Err(e) => {
                    self.problems.push(Problem {
                        at: offset + formula.span.start,
                        diagnostic: Diagnostic::warning(format!(
                            "this formula cannot be drawn ({e}); it is shown as its TeX"
                        ))
                        .with_hint("check the formula's braces and commands"),
                    });
                    math::as_code(tex, formula.display)
                }
            };
            let written = text[formula.span.clone()].to_owned();
            let token = self.token(Slot::Math { html, written });
            out.push_str(&token);
            last = formula.span.end;
        }
        out.push_str(&text[last..]);
        out
    }

    /// The body's offset for an offset of `text`: exact in text copied from the body before
    /// any formula on its line, close elsewhere.
    pub fn body_offset(&self, text_at: usize) -> usize {
        match self.anchors.iter().rev().find(|(t, _)| *t <= text_at) {
            Some((t, b)) => b + (text_at - t),
            None => text_at,
        }
    }

    pub fn has_tokens(&self) -> bool {
        !self.slots.is_empty()
    }

    /// Code as it should show: shortcodes nothing renders stay as written. The others are
    /// replaced with the rest of the page, after highlighting.
    pub fn in_code(&self, code: &str) -> String {
        if self.slots.is_empty() {
            return code.to_owned();
        }
        self.replace(code, &mut |slot| match slot {
            Slot::Unknown { written, .. } | Slot::Math { written, .. } => Some(written.clone()),
            Slot::Html(_) => None,
        })
    }

    /// `html` with every token replaced by what it stands for; a token alone in a paragraph
    /// takes the paragraph's place. Lone shortcodes nothing renders are added to `unknown`.
    pub fn resolve(&self, html: &str, unknown: &mut Vec<UnknownUse>) -> String {
        if self.slots.is_empty() {
            return html.to_owned();
        }
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(start) = rest.find("<p>") {
            out.push_str(&self.resolve_inline(&rest[..start], unknown));
            let after = &rest[start + 3..];
            match token_at(after) {
                Some((n, len))
                    if after[len..].starts_with("</p>")
                        && let Some(slot) = self.slots.get(n) =>
                {
                    out.push_str(&self.slot_text(slot, unknown));
                    rest = after[len + 4..]
                        .strip_prefix('\n')
                        .unwrap_or(&after[len + 4..]);
                }
                _ => {
                    out.push_str("<p>");
                    rest = after;
                }
            }
        }
        out.push_str(&self.resolve_inline(rest, unknown));
        out
    }

    fn resolve_inline(&self, text: &str, unknown: &mut Vec<UnknownUse>) -> String {
        self.replace(text, &mut |slot| Some(self.slot_text(slot, unknown)))
    }

    fn slot_text(&self, slot: &Slot, unknown: &mut Vec<UnknownUse>) -> String {
        match slot {
            Slot::Html(html) => self.resolve(html, unknown),
            Slot::Math { html, .. } => html.clone(),
            Slot::Unknown { name, at, .. } => {
                unknown.push(UnknownUse {
                    name: name.clone(),
                    at: *at,
                });
                String::new()
            }
        }
    }

    /// Plain text with tokens dropped, for headings' ids and titles.
    pub fn without_tokens(&self, text: &str) -> String {
        if self.slots.is_empty() {
            return text.to_owned();
        }
        self.replace(text, &mut |_| Some(String::new()))
    }

    /// `text` with each token replaced by what `each` makes of its slot (`None`: kept).
    fn replace(&self, text: &str, each: &mut dyn FnMut(&Slot) -> Option<String>) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find(TOKEN_START) {
            out.push_str(&rest[..start]);
            let from = &rest[start..];
            match token_at(from).and_then(|(n, len)| Some((self.slots.get(n)?, len))) {
                Some((slot, len)) => {
                    match each(slot) {
                        Some(piece) => out.push_str(&piece),
                        None => out.push_str(&from[..len]),
                    }
                    rest = &from[len..];
                }
                None => {
                    out.push_str(TOKEN_START);
                    rest = &from[TOKEN_START.len()..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    fn token(&mut self, slot: Slot) -> String {
        self.slots.push(slot);
        format!("{TOKEN_START}{}{TOKEN_END}", self.slots.len() - 1)
    }
}

/// The slot number and length of a token at the start of `text`.
fn token_at(text: &str) -> Option<(usize, usize)> {
    let digits = text.strip_prefix(TOKEN_START)?;
    let len = digits.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 || !digits[len..].starts_with(TOKEN_END) {
        return None;
    }
    let n = digits[..len].parse().ok()?;
    Some((n, TOKEN_START.len() + len + 1))
}

impl Expander<'_> {
    /// Each marked piece of finished HTML behind a token, which Markdown leaves alone.
    fn protect(&mut self, markdown: &str, html: Vec<String>) -> String {
        let mut out = String::with_capacity(markdown.len());
        let mut rest = markdown;
        while let Some(start) = rest.find(PROTECTED_START) {
            out.push_str(&rest[..start]);
            let after = &rest[start + PROTECTED_START.len_utf8()..];
            let Some(end) = after.find(PROTECTED_END) else {
                rest = after;
                continue;
            };
            if let Some(piece) = after[..end].parse::<usize>().ok().and_then(|n| html.get(n)) {
                out.push_str(&self.out.token(Slot::Html(piece.clone())));
            }
            rest = &after[end + PROTECTED_END.len_utf8()..];
        }
        out.push_str(rest);
        out
    }

    fn inner_markdown(&self, text: &str) -> String {
        let options = super::Options {
            unsafe_html: self.host.unsafe_html(),
            summary_length: 0,
            has_cjk: Some(false),
            emoji: false,
            math: super::math::Delimiters::default(),
            extensions: super::Extensions::default(),
            alert_titles: None,
        };
        let html = super::render_markdown_with(
            &Expanded::plain(text.to_owned()),
            &options,
            &|_| super::Picture::default(),
            self.host.hooks(),
        )
        .html;
        if text.contains('\n') {
            return html;
        }
        let trimmed = html.trim_end_matches('\n');
        match trimmed
            .strip_prefix("<p>")
            .and_then(|t| t.strip_suffix("</p>"))
        {
            Some(inside) => inside.to_owned(),
            None => html,
        }
    }
}

struct Expander<'b> {
    body: &'b str,
    host: &'b dyn Host,
    math: Delimiters,
    ordinal: usize,
    out: Expanded,
}

impl Expander<'_> {
    fn nodes(&mut self, nodes: &[Node], parent: Option<&Shortcode>) -> String {
        // Ordinals count the shortcodes of one parent.
        let outer_ordinal = std::mem::replace(&mut self.ordinal, 0);
        let text = self.nodes_text(nodes, parent);
        self.ordinal = outer_ordinal;
        text
    }

    fn nodes_text(&mut self, nodes: &[Node], parent: Option<&Shortcode>) -> String {
        let mut text = String::new();
        for node in nodes {
            match node {
                Node::Text(range) => {
                    if parent.is_none() {
                        self.out.anchors.push((text.len(), range.start));
                    }
                    let written = self.body.get(range.clone()).unwrap_or("");
                    let with_math = self.out.with_math(written, range.start, self.math);
                    text.push_str(&with_math);
                }
                Node::Escaped { text: written, .. } => text.push_str(written),
                Node::Shortcode(sc) => {
                    let expanded = self.shortcode(sc, parent);
                    text.push_str(&expanded);
                }
            }
        }
        text
    }

    fn shortcode(&mut self, sc: &Shortcode, parent: Option<&Shortcode>) -> String {
        let ordinal = self.ordinal;
        self.ordinal += 1;
        let inner = sc
            .inner
            .as_ref()
            .map(|inner| self.nodes(&inner.nodes, Some(sc)));
        // Hugo converts the inner text of a `{{% %}}` shortcode inside another one before the
        // template sees it (a paragraph around one line of it dropped); at the top, the
        // shortcode's output joins the page's Markdown instead.
        let inner = match inner {
            Some(text) if sc.markdown && parent.is_some() => Some(self.inner_markdown(&text)),
            other => other,
        };
        let inner_html = inner.as_deref().map(|text| {
            self.out.replace(text, &mut |slot| match slot {
                Slot::Html(html) => Some(html.clone()),
                _ => None,
            })
        });
        let call = Call {
            name: &sc.name,
            args: &sc.args,
            inner: inner.as_deref(),
            inner_html: inner_html.as_deref(),
            markdown: sc.markdown,
            unclosed: sc.inner.is_none() && !sc.self_closed,
            at: sc.span.start,
            ordinal,
            parent,
        };
        match self.host.expand(&call) {
            Ok(Expansion::Markup(output)) if sc.markdown => output,
            Ok(Expansion::Protected { markdown, html }) => self.protect(&markdown, html),
            Ok(Expansion::Markdown(output)) => output,
            Ok(Expansion::Markup(output) | Expansion::Html(output)) => {
                self.out.token(Slot::Html(output))
            }
            Ok(Expansion::Unknown) => match inner {
                Some(inner) => {
                    self.out.unknown.push(UnknownUse {
                        name: sc.name.clone(),
                        at: sc.span.start,
                    });
                    inner
                }
                None => {
                    let written = self.body.get(sc.span.clone()).unwrap_or("").to_owned();
                    self.out.token(Slot::Unknown {
                        name: sc.name.clone(),
                        at: sc.span.start,
                        written,
                    })
                }
            },
            Err(diagnostic) => {
                self.out.problems.push(Problem {
                    at: sc.span.start,
                    diagnostic,
                });
                String::new()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Box_;

    impl Host for Box_ {
        fn expand(&self, call: &Call<'_>) -> Result<Expansion, Diagnostic> {
            match call.name {
                "box" => Ok(Expansion::Markup(format!(
                    "<div class=\"box\">{}</div>\n",
                    call.inner.unwrap_or("")
                ))),
                "md" => Ok(Expansion::Markup(format!(
                    "**{}**",
                    call.args
                        .get_index(0)
                        .map(|v| v.to_text())
                        .unwrap_or_default()
                ))),
                "fail" => Err(Diagnostic::error("it failed")),
                _ => Ok(Expansion::Unknown),
            }
        }
    }

    #[test]
    fn html_output_waits_behind_a_token_and_markdown_output_is_text() {
        let e = Expanded::of(
            "a {{< box >}}x{{< /box >}} {{% md \"b\" %}}".into(),
            &Box_,
            Delimiters::default(),
        );
        assert_eq!(e.text, "a inkstoneSC0x **b**");
        let mut unknown = Vec::new();
        assert_eq!(
            e.resolve("<p>a inkstoneSC0x</p>", &mut unknown),
            "<p>a <div class=\"box\">x</div>\n</p>"
        );
        assert_eq!(
            e.resolve("<p>inkstoneSC0x</p>\n<p>b</p>", &mut unknown),
            "<div class=\"box\">x</div>\n<p>b</p>"
        );
        assert!(unknown.is_empty());
    }

    #[test]
    fn nested_tokens_resolve_inside_outputs() {
        let e = Expanded::of(
            "{{< box >}}{{< box >}}in{{< /box >}}{{< /box >}}".into(),
            &Box_,
            Delimiters::default(),
        );
        let mut unknown = Vec::new();
        assert_eq!(
            e.resolve(&format!("<p>{}</p>", e.text), &mut unknown),
            "<div class=\"box\"><div class=\"box\">in</div>\n</div>\n"
        );
    }

    #[test]
    fn unknown_shortcodes_leave_inner_or_nothing_and_stay_in_code() {
        let e = Expanded::of(
            "{{< nope >}}kept{{< /nope >}} {{< gone >}}".into(),
            &Box_,
            Delimiters::default(),
        );
        assert_eq!(e.unknown.len(), 1);
        assert_eq!(e.text, "kept inkstoneSC0x");
        assert_eq!(e.in_code(&e.text), "kept {{< gone >}}");
        let mut unknown = Vec::new();
        assert_eq!(
            e.resolve("<p>kept inkstoneSC0x</p>", &mut unknown),
            "<p>kept </p>"
        );
        assert_eq!(unknown[0].name, "gone");
        assert_eq!(unknown[0].at, 30);
    }

    #[test]
    fn problems_and_escapes() {
        let e = Expanded::of(
            "x {{< fail >}} {{</* box */>}}".into(),
            &Box_,
            Delimiters::default(),
        );
        assert_eq!(e.problems.len(), 1);
        assert_eq!(e.problems[0].at, 2);
        assert_eq!(e.text, "x  {{< box >}}");
        let e = Expanded::of(
            "{{< box \"unclosed >}}".into(),
            &Box_,
            Delimiters::default(),
        );
        assert_eq!(e.problems.len(), 1);
    }

    #[test]
    fn text_like_a_token_is_left_alone() {
        let e = Expanded::of(
            "{{< box />}} inkstoneSC9x inkstoneSCx".into(),
            &Box_,
            Delimiters::default(),
        );
        let mut unknown = Vec::new();
        assert_eq!(
            e.resolve("inkstoneSC9x inkstoneSCx", &mut unknown),
            "inkstoneSC9x inkstoneSCx"
        );
    }
}
