//! Render hooks: a site's templates for how links, images, headings, code blocks, block quotes
//! and tables are written (Hugo's `layouts/_markup/render-*.html`, here `templates/_markup/`).
//! Without one, inkstone writes the element itself.
//!
//! The templates belong to a later stage; it hands them in as [`Hooks`].

use crate::diagnostics::Diagnostic;

/// One element, as its hook's template sees it (Hugo's fields, in snake case).
#[derive(Debug)]
pub enum Hook<'a> {
    Link {
        destination: &'a str,
        title: &'a str,
        /// The link's text as HTML.
        text: &'a str,
        plain_text: &'a str,
        ordinal: usize,
    },
    Image {
        destination: &'a str,
        title: &'a str,
        /// The description as HTML, and as plain text (the alt text).
        text: &'a str,
        plain_text: &'a str,
        /// Alone in its paragraph.
        is_block: bool,
        ordinal: usize,
    },
    Heading {
        level: u8,
        anchor: &'a str,
        text: &'a str,
        plain_text: &'a str,
        /// What `{…}` after the heading gave, but its id: `class` and `key=value`s.
        attributes: &'a [(String, String)],
        ordinal: usize,
    },
    CodeBlock {
        /// The language, as Hugo's `.Type`.
        lang: &'a str,
        /// The code.
        inner: &'a str,
        /// What follows the language on the fence line (`{linenos=true}`, a title).
        info: &'a str,
        ordinal: usize,
    },
    Blockquote {
        /// `regular` or `alert`.
        quote_type: &'a str,
        /// `note`, `tip`, `important`, `warning`, `caution` for alerts.
        alert_type: &'a str,
        text: &'a str,
        ordinal: usize,
    },
    Table {
        /// Each header cell's HTML and alignment (`left`, `center`, `right` or empty).
        thead: Vec<Vec<Cell>>,
        tbody: Vec<Vec<Cell>>,
        ordinal: usize,
    },
}

#[derive(Debug)]
pub struct Cell {
    pub text: String,
    pub alignment: &'static str,
}

/// The hooks a page is rendered with.
pub trait Hooks: Sync {
    /// Whether the site has the hook `name` (`render-link`, `render-codeblock-mermaid`).
    fn has(&self, name: &str) -> bool;
    /// Renders `hook` with the template `name`.
    fn render(&self, name: &str, hook: &Hook<'_>) -> Result<String, Diagnostic>;
}

/// No hooks: every element as inkstone writes it.
pub struct NoHooks;

impl Hooks for NoHooks {
    fn has(&self, _: &str) -> bool {
        false
    }

    fn render(&self, _: &str, _: &Hook<'_>) -> Result<String, Diagnostic> {
        Ok(String::new())
    }
}
