//! html/template's contextual escaping. Go works the context of every action out before the
//! template runs; here the template's own text moves a state machine as it is written, and a
//! value is escaped for the state the text left. Only template text moves the state, never a
//! printed value, which is what makes the two agree: the context of an action depends on the
//! template alone.
//!
//! As in Go, comments in template text (`<!-- -->`, and JS/CSS comments in `<script>` and
//! `<style>`) are not written.

mod escapers;

use crate::value::{Safe, Value};
use escapers::{
    css_escape, css_value, is_safe_url, js_regexp, js_string, js_value, nospace_escape, srcset,
    value_text,
};
pub use escapers::{html_escape, json, percent, strip_tags};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Text,
    /// Inside a start tag, where an attribute name may come.
    Tag,
    /// Just after an attribute name: `=` or another attribute.
    AfterName,
    /// After `=`, before the value.
    BeforeValue,
    /// An attribute value of a plain attribute.
    Attr,
    Url,
    Srcset,
    Js,
    JsDqStr,
    JsSqStr,
    JsTmplLit,
    JsRegexp,
    JsBlockCmt,
    JsLineCmt,
    Css,
    CssDqStr,
    CssSqStr,
    CssBlockCmt,
    HtmlCmt,
    /// `<textarea>` and `<title>`: text, but no tags.
    Rcdata,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Delim {
    None,
    Double,
    Single,
    Space,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Element {
    None,
    Script,
    Style,
    Textarea,
    Title,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AttrKind {
    Plain,
    Url,
    Srcset,
    Js,
    Css,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UrlPart {
    /// Nothing of the URL written yet: a value here may set its scheme.
    None,
    PreQuery,
    QueryOrFrag,
}

/// Whether a `/` in JavaScript starts a regular expression or divides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slash {
    Regexp,
    Div,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    state: State,
    delim: Delim,
    element: Element,
    attr: AttrKind,
    url: UrlPart,
    slash: Slash,
}

impl Default for Context {
    fn default() -> Context {
        Context {
            state: State::Text,
            delim: Delim::None,
            element: Element::None,
            attr: AttrKind::Plain,
            url: UrlPart::None,
            slash: Slash::Regexp,
        }
    }
}

impl Context {
    /// Writes template text to `out`, without its comments, and moves on.
    pub fn text(&mut self, text: &str, out: &mut String) {
        let mut rest = text;
        while !rest.is_empty() {
            let (used, keep) = self.step(rest);
            let used = next_boundary(rest, used);
            match keep {
                Emit::Keep => out.push_str(&rest[..used]),
                Emit::Drop => {}
                Emit::Space => out.push(' '),
                Emit::Lt => out.push_str("&lt;"),
            }
            rest = &rest[used..];
        }
    }

    /// One move of the state machine over the start of `s`: how many bytes it read and whether
    /// they are written.
    fn step(&mut self, s: &str) -> (usize, Emit) {
        match self.state {
            State::Text => self.in_text(s),
            State::Rcdata => match self.element_end(s) {
                0 => self.in_text(s),
                _ if s.starts_with('<') => (1, Emit::Lt),
                end => (end.min(s.find('<').unwrap_or(end)), Emit::Keep),
            },
            State::HtmlCmt => match s.find("-->") {
                Some(i) => {
                    self.state = State::Text;
                    (i + 3, Emit::Drop)
                }
                None => (s.len(), Emit::Drop),
            },
            State::Tag => self.in_tag(s),
            State::AfterName => {
                let trimmed = s.trim_start_matches(is_html_space);
                let spaces = s.len() - trimmed.len();
                if spaces > 0 {
                    return (spaces, Emit::Keep);
                }
                if s.starts_with('=') {
                    self.state = State::BeforeValue;
                    return (1, Emit::Keep);
                }
                self.state = State::Tag;
                self.in_tag(s)
            }
            State::BeforeValue => {
                let trimmed = s.trim_start_matches(is_html_space);
                let spaces = s.len() - trimmed.len();
                if spaces > 0 {
                    return (spaces, Emit::Keep);
                }
                let (delim, used) = match s.as_bytes().first() {
                    Some(b'"') => (Delim::Double, 1),
                    Some(b'\'') => (Delim::Single, 1),
                    _ => (Delim::Space, 0),
                };
                self.open_value(delim);
                (used, Emit::Keep)
            }
            _ if self.delim != Delim::None => self.in_value(s),
            _ => self.in_element(s),
        }
    }

    fn in_text(&mut self, s: &str) -> (usize, Emit) {
        let Some(lt) = s.find('<') else {
            return (s.len(), Emit::Keep);
        };
        if lt > 0 {
            return (lt, Emit::Keep);
        }
        if s.starts_with("<!--") {
            self.state = State::HtmlCmt;
            return (4, Emit::Drop);
        }
        let after = &s[1..];
        let closing = after.starts_with('/');
        let name_start = if closing { &after[1..] } else { after };
        let name_len = name_start
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
            .unwrap_or(name_start.len());
        if name_len == 0 || !name_start.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let doctype = s
                .get(..9)
                .is_some_and(|d| d.eq_ignore_ascii_case("<!doctype"));
            return (1, if doctype { Emit::Keep } else { Emit::Lt });
        }
        let name = name_start[..name_len].to_ascii_lowercase();
        self.state = State::Tag;
        self.element = if closing {
            Element::None
        } else {
            match name.as_str() {
                "script" => Element::Script,
                "style" => Element::Style,
                "textarea" => Element::Textarea,
                "title" => Element::Title,
                _ => Element::None,
            }
        };
        (1 + usize::from(closing) + name_len, Emit::Keep)
    }

    fn in_tag(&mut self, s: &str) -> (usize, Emit) {
        let trimmed = s.trim_start_matches(is_html_space);
        let spaces = s.len() - trimmed.len();
        if spaces > 0 {
            return (spaces, Emit::Keep);
        }
        if s.starts_with('>') {
            self.state = match self.element {
                Element::Script => State::Js,
                Element::Style => State::Css,
                Element::Textarea | Element::Title => State::Rcdata,
                Element::None => State::Text,
            };
            self.slash = Slash::Regexp;
            self.delim = Delim::None;
            return (1, Emit::Keep);
        }
        if s.starts_with('/') {
            return (1, Emit::Keep);
        }
        let len = s
            .find(|c: char| is_html_space(c) || c == '=' || c == '>' || c == '/')
            .unwrap_or(s.len())
            .max(1);
        let len = (1..=len)
            .rev()
            .find(|&i| s.is_char_boundary(i))
            .unwrap_or(s.len());
        self.attr = attr_kind(&s[..len]);
        self.state = State::AfterName;
        (len, Emit::Keep)
    }

    fn open_value(&mut self, delim: Delim) {
        self.delim = delim;
        self.url = UrlPart::None;
        self.slash = Slash::Regexp;
        self.state = match self.attr {
            AttrKind::Plain => State::Attr,
            AttrKind::Url => State::Url,
            AttrKind::Srcset => State::Srcset,
            AttrKind::Js => State::Js,
            AttrKind::Css => State::Css,
        };
    }

    /// Inside an attribute value: up to its closing quote (or, unquoted, a space or `>`).
    fn in_value(&mut self, s: &str) -> (usize, Emit) {
        let quoted = self.delim != Delim::Space;
        let end = match self.delim {
            Delim::Double => s.find('"'),
            Delim::Single => s.find('\''),
            _ => s.find(|c: char| is_html_space(c) || c == '>'),
        };
        self.walk_value(&s[..end.unwrap_or(s.len())]);
        let Some(i) = end else {
            return (s.len(), Emit::Keep);
        };
        self.state = State::Tag;
        self.delim = Delim::None;
        if quoted {
            return (i + 1, Emit::Keep);
        }
        // The space or `>` that ends an unquoted value belongs to the tag.
        let (used, keep) = self.in_tag(&s[i..]);
        (i + used, keep)
    }

    /// What a value's text does to the state inside it (a URL's part, JS and CSS states).
    fn walk_value(&mut self, value: &str) {
        match self.state {
            State::Url => self.walk_url(value),
            State::Attr | State::Srcset => {}
            _ => {
                let mut rest = value;
                while !rest.is_empty() {
                    let (used, _) = self.in_element(rest);
                    rest = &rest[next_boundary(rest, used)..];
                }
            }
        }
    }

    fn walk_url(&mut self, text: &str) {
        if text.contains(['?', '#']) {
            self.url = UrlPart::QueryOrFrag;
        } else if !text.is_empty() && self.url == UrlPart::None {
            self.url = UrlPart::PreQuery;
        }
    }

    /// Where `</script`, `</style`, `</textarea` or `</title` ends the element's text.
    fn element_end(&mut self, s: &str) -> usize {
        let tag = match self.element {
            Element::Script => "</script",
            Element::Style => "</style",
            Element::Textarea => "</textarea",
            Element::Title => "</title",
            Element::None => return s.len(),
        };
        let lower = s.to_ascii_lowercase();
        match lower.find(tag) {
            Some(0) => {
                self.state = State::Text;
                self.element = Element::None;
                0
            }
            Some(i) => i,
            None => s.len(),
        }
    }

    /// JavaScript and CSS, in an element or an attribute.
    fn in_element(&mut self, s: &str) -> (usize, Emit) {
        if self.delim == Delim::None && self.element != Element::None {
            let end = self.element_end(s);
            if end == 0 {
                return self.in_text(s);
            }
            if end < s.len() {
                let (used, keep) = self.in_code(&s[..end]);
                return (used.min(end), keep);
            }
        }
        self.in_code(s)
    }

    fn in_code(&mut self, s: &str) -> (usize, Emit) {
        match self.state {
            State::Js => self.in_js(s),
            State::JsDqStr => self.in_quoted(s, '"', State::Js),
            State::JsSqStr => self.in_quoted(s, '\'', State::Js),
            State::JsTmplLit => self.in_quoted(s, '`', State::Js),
            State::JsRegexp => self.in_regexp(s),
            State::JsBlockCmt => self.comment_end(s, "*/", State::Js),
            State::JsLineCmt => self.line_end(s, State::Js),
            State::Css => self.in_css(s),
            State::CssDqStr => self.in_quoted(s, '"', State::Css),
            State::CssSqStr => self.in_quoted(s, '\'', State::Css),
            State::CssBlockCmt => self.comment_end(s, "*/", State::Css),
            _ => (s.len(), Emit::Keep),
        }
    }

    fn in_js(&mut self, s: &str) -> (usize, Emit) {
        let Some(i) = s.find(['"', '\'', '`', '/']) else {
            self.note_js_tail(s);
            return (s.len(), Emit::Keep);
        };
        if i > 0 {
            self.note_js_tail(&s[..i]);
            return (i, Emit::Keep);
        }
        match s.as_bytes().first() {
            Some(b'"') => self.state = State::JsDqStr,
            Some(b'\'') => self.state = State::JsSqStr,
            Some(b'`') => self.state = State::JsTmplLit,
            _ if s.starts_with("//") => {
                self.state = State::JsLineCmt;
                return (2, Emit::Drop);
            }
            _ if s.starts_with("/*") => {
                self.state = State::JsBlockCmt;
                return (2, Emit::Drop);
            }
            _ => {
                if self.slash == Slash::Regexp {
                    self.state = State::JsRegexp;
                } else {
                    self.slash = Slash::Regexp;
                }
            }
        }
        (1, Emit::Keep)
    }

    /// Whether what ends this run of JS leaves a `/` dividing (after a name, number or `)`).
    fn note_js_tail(&mut self, s: &str) {
        if let Some(last) = s.trim_end().chars().last() {
            self.slash = if last.is_alphanumeric() || matches!(last, '_' | '$' | ')' | ']') {
                let word_start = s
                    .trim_end()
                    .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'));
                let word = &s.trim_end()[word_start.map_or(0, |i| i + 1)..];
                if matches!(
                    word,
                    "return"
                        | "typeof"
                        | "case"
                        | "do"
                        | "else"
                        | "in"
                        | "instanceof"
                        | "new"
                        | "throw"
                        | "void"
                        | "delete"
                ) {
                    Slash::Regexp
                } else {
                    Slash::Div
                }
            } else {
                Slash::Regexp
            };
        }
    }

    fn in_quoted(&mut self, s: &str, quote: char, back: State) -> (usize, Emit) {
        let mut escaped = false;
        for (i, c) in s.char_indices() {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == quote {
                self.state = back;
                self.slash = Slash::Div;
                return (i + 1, Emit::Keep);
            }
        }
        (s.len(), Emit::Keep)
    }

    fn in_regexp(&mut self, s: &str) -> (usize, Emit) {
        let mut escaped = false;
        let mut class = false;
        for (i, c) in s.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '[' => class = true,
                ']' => class = false,
                '/' if !class => {
                    self.state = State::Js;
                    self.slash = Slash::Div;
                    return (i + 1, Emit::Keep);
                }
                _ => {}
            }
        }
        (s.len(), Emit::Keep)
    }

    fn comment_end(&mut self, s: &str, end: &str, back: State) -> (usize, Emit) {
        match s.find(end) {
            Some(i) => {
                self.state = back;
                (i + end.len(), Emit::Space)
            }
            None => (s.len(), Emit::Drop),
        }
    }

    fn line_end(&mut self, s: &str, back: State) -> (usize, Emit) {
        match s.find(['\n', '\r']) {
            Some(0) => {
                self.state = back;
                self.in_code(s)
            }
            Some(i) => {
                self.state = back;
                (i, Emit::Drop)
            }
            None => (s.len(), Emit::Drop),
        }
    }

    fn in_css(&mut self, s: &str) -> (usize, Emit) {
        let Some(i) = s.find(['"', '\'', '/']) else {
            return (s.len(), Emit::Keep);
        };
        if i > 0 {
            return (i, Emit::Keep);
        }
        if s.starts_with("/*") {
            self.state = State::CssBlockCmt;
            return (2, Emit::Drop);
        }
        match s.as_bytes().first() {
            Some(b'"') => self.state = State::CssDqStr,
            Some(b'\'') => self.state = State::CssSqStr,
            _ => {}
        }
        (1, Emit::Keep)
    }

    /// Writes a value escaped for where the template's text left off.
    pub fn value(&mut self, value: &Value, out: &mut String) {
        if self.state == State::BeforeValue {
            self.open_value(Delim::Space);
        }
        if self.state == State::AfterName {
            self.state = State::Tag;
        }
        let text = value_text(value);
        let safe = match value {
            Value::Safe(kind, _) => Some(*kind),
            _ => None,
        };
        let escaped = match self.state {
            State::Text => match safe {
                Some(Safe::Html) => text.clone(),
                _ => html_escape(&text),
            },
            State::Rcdata => html_escape(&text),
            State::Tag => match safe {
                Some(Safe::HtmlAttr) => text.clone(),
                _ if !text.is_empty()
                    && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') =>
                {
                    text.clone()
                }
                _ => "ZgotmplZ".into(),
            },
            State::HtmlCmt | State::JsBlockCmt | State::JsLineCmt | State::CssBlockCmt => {
                String::new()
            }
            State::Attr => match safe {
                Some(Safe::Html) => html_escape(&strip_tags(&text)).replace("&amp;", "&"),
                _ => html_escape(&text),
            },
            State::Url => self.url_value(&text, safe),
            State::Srcset => srcset(&text, safe),
            State::Js => js_value(value),
            State::JsDqStr | State::JsSqStr | State::JsTmplLit => match safe {
                Some(Safe::JsStr) => text.clone(),
                _ => js_string(&text),
            },
            State::JsRegexp => js_regexp(&text),
            State::Css => match safe {
                Some(Safe::Css) => text.clone(),
                _ => css_value(&text),
            },
            State::CssDqStr | State::CssSqStr => css_escape(&text),
            State::AfterName | State::BeforeValue => text.clone(),
        };
        let escaped = match self.delim {
            Delim::None => escaped,
            Delim::Space if self.state == State::Attr => nospace_escape(&text, safe),
            Delim::Space => nospace_escape(&escaped, None),
            _ if self.state == State::Attr => escaped,
            _ => html_escape(&escaped),
        };
        out.push_str(&escaped);
    }

    fn url_value(&mut self, text: &str, safe: Option<Safe>) -> String {
        let part = self.url;
        if part == UrlPart::None && !text.is_empty() {
            self.url = UrlPart::PreQuery;
        }
        match part {
            UrlPart::None => {
                if safe != Some(Safe::Url) && !is_safe_url(text) {
                    return "#ZgotmplZ".into();
                }
                percent(text, true)
            }
            UrlPart::PreQuery => percent(text, true),
            UrlPart::QueryOrFrag => percent(text, false),
        }
    }
}

/// At least one character on, and on a character boundary.
fn next_boundary(s: &str, used: usize) -> usize {
    let used = used.max(1).min(s.len());
    (used..=s.len())
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(s.len())
}

fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c')
}

/// Go's `attrType`: which attributes hold URLs, scripts, styles.
fn attr_kind(name: &str) -> AttrKind {
    let mut name = name.to_ascii_lowercase();
    if let Some(rest) = name.strip_prefix("data-") {
        name = rest.to_string();
    } else if let Some((prefix, local)) = name.split_once(':') {
        if prefix == "xmlns" {
            return AttrKind::Url;
        }
        name = local.to_string();
    }
    match name.as_str() {
        "accept" | "accept-charset" | "alt" | "autocomplete" | "checked" | "class" | "cols"
        | "colspan" | "content" | "dir" | "disabled" | "for" | "height" | "hidden" | "id"
        | "label" | "lang" | "max" | "maxlength" | "media" | "method" | "min" | "multiple"
        | "name" | "pattern" | "placeholder" | "readonly" | "rel" | "required" | "rows"
        | "rowspan" | "selected" | "size" | "span" | "step" | "tabindex" | "target" | "title"
        | "type" | "value" | "width" | "wrap" | "loading" | "decoding" | "role" | "aria-label"
        | "charset" | "sizes" | "datetime" | "download" | "hreflang" | "headers" | "high"
        | "low" | "open" | "optimum" | "scope" | "shape" | "start" | "summary" | "translate"
        | "async" | "autofocus" | "controls" | "default" | "defer" | "draggable" | "form"
        | "kind" | "list" | "loop" | "muted" | "novalidate" | "reversed" | "spellcheck"
        | "srclang" | "accesskey" | "contenteditable" | "contextmenu" | "enctype"
        | "allowfullscreen" | "frameborder" | "crossorigin" | "integrity" | "referrerpolicy"
        | "sandbox" | "property" => AttrKind::Plain,
        "action" | "background" | "cite" | "classid" | "codebase" | "data" | "formaction"
        | "href" | "icon" | "longdesc" | "manifest" | "poster" | "profile" | "src" | "usemap"
        | "xmlns" => AttrKind::Url,
        "srcset" => AttrKind::Srcset,
        "style" => AttrKind::Css,
        _ if name.starts_with("on") => AttrKind::Js,
        _ if name.contains("src") || name.contains("uri") || name.contains("url") => AttrKind::Url,
        _ => AttrKind::Plain,
    }
}

/// What becomes of the text one move of the state machine read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Emit {
    Keep,
    /// A comment.
    Drop,
    /// A block comment in JS or CSS, which Go leaves as one space.
    Space,
    /// A `<` in text that starts no tag: Go writes it `&lt;`.
    Lt,
}
