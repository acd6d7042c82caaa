//! The markdown stage: Markdown (or HTML content) to HTML, with table of contents, summary,
//! word count and reading time.

pub mod diagrams;
pub mod highlight;
pub mod hooks;
pub mod math;
pub mod shortcodes;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use linkify::{LinkFinder, LinkKind};

use crate::diagnostics::Diagnostic;
use crate::text;
use hooks::{Cell, Hook, Hooks, NoHooks};
use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, Options as CmarkOptions, Parser, Tag, TagEnd,
    TextMergeStream,
};
use pulldown_cmark_escape::{escape_href, escape_html};
use serde::Serialize;
use shortcodes::{Expanded, UnknownUse};

const MORE_MARKER: &str = "<!--more-->";

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub unsafe_html: bool,
    pub summary_length: usize,
    /// `None` detects CJK text page by page.
    pub has_cjk: Option<bool>,
    /// `:smile:` as 😄 (Hugo's `enableEmoji`).
    pub emoji: bool,
    pub math: math::Delimiters,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub summary: String,
    /// Whether the summary leaves part of the content out (so a "Read more" is worth showing).
    pub truncated: bool,
    pub word_count: usize,
    pub reading_time: usize,
    pub is_cjk: bool,
    /// Lone shortcodes no template renders, outside code.
    pub unknown_shortcodes: Vec<UnknownUse>,
    /// Render hooks that failed.
    pub problems: Vec<Diagnostic>,
    /// What is worth a warning (a diagram that cannot be drawn), with where it is in the text
    /// given to the Markdown reader, when known.
    pub warnings: Vec<(String, Option<usize>)>,
}

/// What lists need of a rendered page, kept after its full text is dropped (and across builds,
/// in the build cache).
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct Digest {
    /// Shared: every list and the build cache hold the same text.
    pub summary: Arc<str>,
    pub truncated: bool,
    pub reading_time: usize,
    pub word_count: usize,
    pub is_cjk: bool,
    /// Shortcodes nothing renders, by name, line and column in the content file: reported
    /// again by every build, whether or not it renders the page.
    pub unknown_shortcodes: Vec<(String, usize, usize)>,
    /// Warnings about the page's text (a formula that cannot be drawn), with line and column.
    pub warnings: Vec<(String, usize, usize)>,
    /// When shortcodes looked up other pages (`ref`, `children`): the hash of the site's pages
    /// then, so the page is rendered again when they move or are renamed.
    pub site_lookups: Option<u64>,
}

impl From<&Rendered> for Digest {
    fn from(r: &Rendered) -> Self {
        Digest {
            summary: Arc::from(r.summary.as_str()),
            truncated: r.truncated,
            reading_time: r.reading_time,
            word_count: r.word_count,
            is_cjk: r.is_cjk,
            unknown_shortcodes: Vec::new(),
            warnings: Vec::new(),
            site_lookups: None,
        }
    }
}

pub fn render_markdown(source: &str, options: &Options) -> Rendered {
    render_markdown_with(
        &Expanded::plain(source.to_owned()),
        options,
        &|_| None,
        &NoHooks,
    )
}

/// The size of an image in pixels, from its `src` as written, when the file can be found.
pub type ImageSize<'a> = &'a (dyn Fn(&str) -> Option<(u32, u32)> + Sync);

/// Like [`render_markdown`], giving images whose size `image_size` knows their width and height,
/// so the page keeps their place before they load.
pub fn render_markdown_with(
    expanded: &Expanded,
    options: &Options,
    image_size: ImageSize<'_>,
    hooks: &dyn Hooks,
) -> Rendered {
    let source = expanded.text.as_str();
    let mut events: Vec<Event> = TextMergeStream::new(Parser::new_ext(source, cmark())).collect();
    if !options.unsafe_html {
        drop_dangerous_urls(&mut events);
    }

    let is_cjk = options
        .has_cjk
        .unwrap_or_else(|| text::contains_cjk(source));
    let mut transform = Transform::new(options, is_cjk, image_size, expanded, hooks);
    transform.run(events);
    transform.finish()
}

/// The Markdown extensions Hugo's Goldmark turns on by default.
fn cmark() -> CmarkOptions {
    let mut cmark = CmarkOptions::empty();
    cmark.insert(CmarkOptions::ENABLE_TABLES);
    cmark.insert(CmarkOptions::ENABLE_FOOTNOTES);
    cmark.insert(CmarkOptions::ENABLE_STRIKETHROUGH);
    cmark.insert(CmarkOptions::ENABLE_TASKLISTS);
    cmark.insert(CmarkOptions::ENABLE_HEADING_ATTRIBUTES);
    cmark.insert(CmarkOptions::ENABLE_DEFINITION_LIST);
    cmark.insert(CmarkOptions::ENABLE_SMART_PUNCTUATION);
    // GitHub's `> [!NOTE]` alerts.
    cmark.insert(CmarkOptions::ENABLE_GFM);
    cmark
}

/// Goldmark's list of link targets that run code or read local files: dropped (the link kept,
/// its target empty) unless the site allows raw HTML. Images may still be inline pictures.
pub fn is_dangerous_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    let picture = [
        "data:image/png",
        "data:image/gif",
        "data:image/jpeg",
        "data:image/webp",
    ]
    .iter()
    .any(|p| lower.starts_with(p));
    !picture
        && ["javascript:", "vbscript:", "file:", "data:"]
            .iter()
            .any(|p| lower.starts_with(p))
}

fn drop_dangerous_urls(events: &mut [Event<'_>]) {
    for event in events {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event
            && is_dangerous_url(dest_url)
        {
            *dest_url = "".into();
        }
    }
}

/// `markdownify`: a field's Markdown as HTML, without the paragraph around a single one. Raw
/// HTML and dangerous links go as they do in content when the site does not allow them.
pub fn inline(source: &str, unsafe_html: bool) -> String {
    let mut events: Vec<Event> = Parser::new_ext(source, cmark()).collect();
    if !unsafe_html {
        drop_dangerous_urls(&mut events);
        for event in &mut events {
            if let Event::Html(_) | Event::InlineHtml(_) = event {
                *event = Event::Html("<!-- raw HTML omitted -->".into());
            }
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let trimmed = html.trim();
    trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        .filter(|s| !s.contains("<p>"))
        .unwrap_or(trimmed)
        .to_owned()
}

/// HTML content files: the body is the page as written, its shortcodes expanded.
pub fn render_html(expanded: &Expanded, options: &Options) -> Rendered {
    let mut unknown_shortcodes = Vec::new();
    let html = expanded.resolve(&expanded.text, &mut unknown_shortcodes);
    let source = html.as_str();
    let plain = strip_tags(source);
    let is_cjk = options
        .has_cjk
        .unwrap_or_else(|| text::contains_cjk(&plain));
    let (summary, truncated) = match source.find(MORE_MARKER) {
        Some(i) => (source[..i].to_owned(), true),
        None => plain_summary(&plain, options.summary_length, is_cjk),
    };
    Rendered {
        toc: Vec::new(),
        summary,
        truncated,
        word_count: text::word_count(&plain, is_cjk),
        reading_time: text::Counts::of(&plain, is_cjk).reading_time(),
        is_cjk,
        unknown_shortcodes,
        html,
        problems: Vec::new(),
        warnings: Vec::new(),
    }
}

fn plain_summary(plain: &str, limit: usize, cjk: bool) -> (String, bool) {
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::new();
    match text::truncate_words(&plain, limit, cjk) {
        Some(end) => {
            let _ = escape_html(&mut out, plain[..end].trim_end());
            out.push('…');
            (out, true)
        }
        None => {
            let _ = escape_html(&mut out, &plain);
            (out, false)
        }
    }
}

/// Text between tags, for counting the words of HTML content and summaries.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// One top-level block of the document: where its HTML and its text start and end, and its words.
struct Block {
    html_start: usize,
    html_end: usize,
    plain_start: usize,
    plain_end: usize,
    is_paragraph: bool,
    counts: text::Counts,
}

struct Transform<'o> {
    options: &'o Options,
    is_cjk: bool,
    html: String,
    plain: String,
    headings: Vec<(u8, String, String)>,
    ids: HashMap<String, usize>,
    blocks: Vec<Block>,
    more_at: Option<usize>,
    linker: LinkFinder,
    image_size: ImageSize<'o>,
    shortcodes: &'o Expanded,
    footnotes: Footnotes,
    /// Heading lines that end in `}`: where attributes may be written.
    braced_headings: Vec<&'o str>,
    hooks: &'o dyn Hooks,
    /// How many elements each hook has rendered, by hook name.
    ordinals: HashMap<&'static str, usize>,
    problems: Vec<Diagnostic>,
    warnings: Vec<(String, Option<usize>)>,
}

/// Footnotes as Goldmark makes them: numbered in the order first referred to, gathered at the
/// end, each with a link back to every place that refers to it.
#[derive(Default)]
struct Footnotes {
    /// Label → (number, how many references so far).
    numbers: HashMap<String, (usize, usize)>,
    /// Label → the definition's HTML.
    definitions: HashMap<String, String>,
}

impl<'o> Transform<'o> {
    fn new(
        options: &'o Options,
        is_cjk: bool,
        image_size: ImageSize<'o>,
        shortcodes: &'o Expanded,
        hooks: &'o dyn Hooks,
    ) -> Self {
        let mut linker = LinkFinder::new();
        linker.kinds(&[LinkKind::Url, LinkKind::Email]);
        Transform {
            options,
            is_cjk,
            html: String::new(),
            plain: String::new(),
            headings: Vec::new(),
            ids: HashMap::new(),
            blocks: Vec::new(),
            more_at: None,
            linker,
            image_size,
            shortcodes,
            footnotes: Footnotes::default(),
            braced_headings: shortcodes
                .text
                .lines()
                .filter(|l| l.trim_start().starts_with('#') && l.trim_end().ends_with('}'))
                .collect(),
            hooks,
            ordinals: HashMap::new(),
            problems: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The next ordinal of hook `name`'s elements.
    fn ordinal(&mut self, name: &'static str) -> usize {
        let n = self.ordinals.entry(name).or_insert(0);
        *n += 1;
        *n - 1
    }

    /// Renders `hook` with the template `name`; a failure is kept, and gives nothing.
    fn hook(&mut self, name: &str, hook: &Hook<'_>) -> String {
        match self.hooks.render(name, hook) {
            Ok(html) => html,
            Err(d) => {
                self.problems.push(d);
                String::new()
            }
        }
    }

    /// The `{…}` written after a heading whose text is `plain`, with the space before it.
    fn written_braces(&self, plain: &str) -> Option<String> {
        self.braced_headings.iter().find_map(|line| {
            let text = line.trim().trim_start_matches('#').trim_start();
            let rest = text.strip_prefix(plain)?;
            let braces = rest.trim_start();
            braces.starts_with('{').then(|| rest.to_owned())
        })
    }

    /// Walks the events one top-level block at a time, rewriting what inkstone renders itself
    /// (headings with ids, highlighted code, images, bare links) and passing the rest to
    /// pulldown-cmark's HTML writer.
    fn run(&mut self, events: Vec<Event<'_>>) {
        let mut depth = 0usize;
        let mut block_start = 0usize;
        let mut block_plain_start = 0usize;
        let mut is_paragraph = false;
        let mut pending: Vec<Event> = Vec::new();
        let mut iter = events.into_iter();
        while let Some(event) = iter.next() {
            if depth == 0 {
                block_start = self.html.len();
                block_plain_start = self.plain.len();
                is_paragraph = matches!(event, Event::Start(Tag::Paragraph));
            }
            match event {
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => {
                    let inner = take_until_end(&mut iter);
                    self.flush(&mut pending);
                    self.heading(level, id, classes, attrs, inner);
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let inner = take_until_end(&mut iter);
                    self.flush(&mut pending);
                    self.code_block(kind, inner);
                }
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => {
                    let inner = take_until_end(&mut iter);
                    self.flush(&mut pending);
                    self.image(&dest_url, &title, inner);
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let inner = take_until_end(&mut iter);
                    for e in &inner {
                        self.count(e);
                    }
                    let mut html = String::new();
                    pulldown_cmark::html::push_html(&mut html, inner.into_iter());
                    self.footnotes.definitions.insert(label.to_string(), html);
                }
                Event::FootnoteReference(label) => {
                    let html = self.footnotes.reference(&label);
                    pending.push(Event::InlineHtml(html.into()));
                }
                Event::Start(Tag::BlockQuote(Some(kind)))
                    if !self.hooks.has("render-blockquote") =>
                {
                    depth += 1;
                    self.flush(&mut pending);
                    let (class, title) = alert(kind);
                    let _ = write!(
                        self.html,
                        "<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">{title}</p>\n"
                    );
                }
                Event::End(TagEnd::BlockQuote(Some(_))) => {
                    depth = depth.saturating_sub(1);
                    self.flush(&mut pending);
                    self.html.push_str("</div>\n");
                }
                Event::Start(Tag::Link {
                    ref dest_url,
                    ref title,
                    ..
                }) if self.hooks.has("render-link") => {
                    let inner = take_until_end(&mut iter);
                    for e in &inner {
                        self.count(e);
                    }
                    let plain: String = inner.iter().filter_map(plain_text).collect();
                    let mut text = String::new();
                    pulldown_cmark::html::push_html(&mut text, inner.into_iter());
                    let ordinal = self.ordinal("render-link");
                    let html = self.hook(
                        "render-link",
                        &Hook::Link {
                            destination: dest_url,
                            title,
                            text: &text,
                            plain_text: &plain,
                            ordinal,
                        },
                    );
                    pending.push(Event::InlineHtml(html.into()));
                }
                Event::Start(Tag::BlockQuote(kind)) if self.hooks.has("render-blockquote") => {
                    let inner = take_until_end(&mut iter);
                    for e in &inner {
                        self.count(e);
                    }
                    self.flush(&mut pending);
                    let mut text = String::new();
                    pulldown_cmark::html::push_html(&mut text, inner.into_iter());
                    let ordinal = self.ordinal("render-blockquote");
                    let html = self.hook(
                        "render-blockquote",
                        &Hook::Blockquote {
                            quote_type: if kind.is_some() { "alert" } else { "regular" },
                            alert_type: kind.map_or("", |k| alert(k).0),
                            text: &text,
                            ordinal,
                        },
                    );
                    self.html.push_str(&html);
                }
                Event::Start(Tag::Table(aligns)) if self.hooks.has("render-table") => {
                    let inner = take_until_end(&mut iter);
                    for e in &inner {
                        self.count(e);
                    }
                    self.flush(&mut pending);
                    let (thead, tbody) = table_cells(&aligns, inner);
                    let ordinal = self.ordinal("render-table");
                    let html = self.hook(
                        "render-table",
                        &Hook::Table {
                            thead,
                            tbody,
                            ordinal,
                        },
                    );
                    self.html.push_str(&html);
                }
                Event::Start(Tag::Link { .. }) => {
                    depth += 1;
                    let inner = take_until_end(&mut iter);
                    for e in &inner {
                        self.count(e);
                    }
                    pending.push(event);
                    pending.extend(inner);
                    pending.push(Event::End(TagEnd::Link));
                    depth -= 1;
                }
                Event::Start(_) => {
                    depth += 1;
                    pending.push(event);
                }
                Event::End(_) => {
                    depth = depth.saturating_sub(1);
                    pending.push(event);
                }
                Event::Text(t) => {
                    let t = if self.options.emoji && t.contains(':') {
                        CowStr::from(emojify(&t))
                    } else {
                        t
                    };
                    self.push_plain(&t);
                    self.linkify(&t, &mut pending);
                }
                Event::Code(t) if self.shortcodes.has_tokens() => {
                    let code = self.shortcodes.in_code(&t);
                    self.push_plain(&code);
                    pending.push(Event::Code(code.into()));
                }
                Event::Html(h) | Event::InlineHtml(h) => {
                    if h.trim() == MORE_MARKER && self.more_at.is_none() {
                        self.flush(&mut pending);
                        self.more_at = Some(self.html.len());
                    } else if self.options.unsafe_html {
                        pending.push(Event::Html(h));
                    } else {
                        pending.push(Event::Html("<!-- raw HTML omitted -->".into()));
                    }
                }
                // A task's checkbox says what it shows, for screen readers.
                Event::TaskListMarker(done) => {
                    let state = if done {
                        "checked aria-label=\"Done\""
                    } else {
                        "aria-label=\"Not done\""
                    };
                    let input = format!("<input type=\"checkbox\" disabled {state}> ");
                    pending.push(Event::InlineHtml(input.into()));
                }
                other => {
                    self.count(&other);
                    pending.push(other);
                }
            }
            if depth == 0 {
                self.flush(&mut pending);
                let counts = text::Counts::of(&self.plain[block_plain_start..], self.is_cjk);
                self.blocks.push(Block {
                    html_start: block_start,
                    html_end: self.html.len(),
                    plain_start: block_plain_start,
                    plain_end: self.plain.len(),
                    is_paragraph,
                    counts,
                });
            }
        }
        self.flush(&mut pending);
    }

    fn flush(&mut self, pending: &mut Vec<Event<'_>>) {
        if !pending.is_empty() {
            pulldown_cmark::html::push_html(&mut self.html, pending.drain(..));
        }
    }

    fn count(&mut self, event: &Event<'_>) {
        if let Event::Text(t) | Event::Code(t) = event {
            self.push_plain(t);
        }
    }

    /// Text for counting words, without the tokens shortcodes left.
    fn push_plain(&mut self, text: &str) {
        if self.shortcodes.has_tokens() {
            let text = self.shortcodes.without_tokens(text);
            self.plain.push_str(&text);
        } else {
            self.plain.push_str(text);
        }
        self.plain.push(' ');
    }

    fn heading(
        &mut self,
        level: HeadingLevel,
        mut id: Option<CowStr<'_>>,
        mut classes: Vec<CowStr<'_>>,
        mut attrs: Vec<(CowStr<'_>, Option<CowStr<'_>>)>,
        mut inner: Vec<Event<'_>>,
    ) {
        // Goldmark takes `{…}` as attributes only when each is `#id`, `.class` or `key=value`;
        // otherwise (`std{in,out,err}`) it is text, and stays in the heading.
        if !self.braced_headings.is_empty() {
            let plain: String = inner.iter().filter_map(plain_text).collect();
            if let Some(written) = self.written_braces(&plain)
                && !are_attributes(&written)
            {
                id = None;
                classes.clear();
                attrs.clear();
                inner.push(Event::Text(written.into()));
            }
        }
        let title: String = inner.iter().filter_map(plain_text).collect();
        let title = self.shortcodes.without_tokens(&title);
        self.push_plain(&title);
        let base = id.map(|i| i.to_string()).unwrap_or_else(|| {
            let a = text::anchor(&title);
            if a.is_empty() {
                "heading".to_owned()
            } else {
                a
            }
        });
        let id = self.unique_id(base);
        let level_num = level as u8;
        let start = self.html.len();
        let _ = write!(self.html, "<h{level_num} id=\"");
        let _ = escape_html(&mut self.html, &id);
        self.html.push('"');
        if !classes.is_empty() {
            self.html.push_str(" class=\"");
            let _ = escape_html(&mut self.html, &classes.join(" "));
            self.html.push('"');
        }
        for (name, value) in attrs {
            self.html.push(' ');
            let _ = escape_html(&mut self.html, &name);
            if let Some(value) = value {
                self.html.push_str("=\"");
                let _ = escape_html(&mut self.html, &value);
                self.html.push('"');
            }
        }
        if self.hooks.has("render-heading") {
            self.html.truncate(start);
            let mut text = String::new();
            pulldown_cmark::html::push_html(&mut text, inner.into_iter());
            let ordinal = self.ordinal("render-heading");
            let html = self.hook(
                "render-heading",
                &Hook::Heading {
                    level: level_num,
                    anchor: &id,
                    text: &text,
                    plain_text: &title,
                    ordinal,
                },
            );
            self.html.push_str(&html);
            self.headings.push((level_num, id, title));
            return;
        }
        self.html.push('>');
        let mut pending = Vec::new();
        let mut in_link = 0usize;
        for event in inner {
            match event {
                Event::Text(t) if in_link == 0 => self.linkify(&t, &mut pending),
                Event::Start(Tag::Link { .. }) => {
                    in_link += 1;
                    pending.push(event);
                }
                Event::End(TagEnd::Link) => {
                    in_link -= 1;
                    pending.push(event);
                }
                other => pending.push(other),
            }
        }
        self.flush(&mut pending);
        let _ = writeln!(self.html, "</h{level_num}>");
        self.headings.push((level_num, id, title));
    }

    /// Hugo numbers repeated heading ids: `intro`, `intro-1`, `intro-2`.
    fn unique_id(&mut self, base: String) -> String {
        let n = self.ids.entry(base.clone()).or_insert(0);
        let id = if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        *n += 1;
        if id != base {
            self.ids.insert(id.clone(), 1);
        }
        id
    }

    fn code_block(&mut self, kind: CodeBlockKind<'_>, inner: Vec<Event<'_>>) {
        let code: String = inner
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let code = self.shortcodes.in_code(&code);
        self.push_plain(&code);
        let lang = match &kind {
            CodeBlockKind::Fenced(info) => info
                .split(|c: char| c.is_whitespace() || c == '{' || c == ',')
                .next()
                .unwrap_or("")
                .to_owned(),
            CodeBlockKind::Indented => String::new(),
        };
        let specific = format!("render-codeblock-{lang}");
        let name = if !lang.is_empty() && self.hooks.has(&specific) {
            Some(specific.as_str())
        } else if self.hooks.has("render-codeblock") {
            Some("render-codeblock")
        } else {
            None
        };
        if let Some(name) = name {
            let info = match &kind {
                CodeBlockKind::Fenced(info) => info.get(lang.len()..).unwrap_or("").trim(),
                CodeBlockKind::Indented => "",
            };
            let ordinal = self.ordinal("render-codeblock");
            let html = self.hook(
                name,
                &Hook::CodeBlock {
                    lang: &lang,
                    inner: &code,
                    info,
                    ordinal,
                },
            );
            self.html.push_str(&html);
            return;
        }
        if lang == "mermaid" {
            self.diagram(&code);
            return;
        }
        code_block_html(&mut self.html, &code, &lang);
    }

    /// A Mermaid diagram as a picture, or as code with a warning when it cannot be drawn.
    fn diagram(&mut self, code: &str) {
        let n = self.ordinal("mermaid");
        // Unique among the diagrams of any list that shows several pages' summaries.
        let id = format!(
            "mermaid-{:x}",
            crate::hash::hash_of(&(code, n)) & 0xffff_ffff
        );
        match diagrams::mermaid(code, &id) {
            Ok(svg) => self.html.push_str(&diagrams::figure(&svg)),
            Err(e) => {
                let at = self.shortcodes.text.find(code.trim_end());
                self.warnings.push((
                    format!("this Mermaid diagram cannot be drawn ({e}); it is shown as code"),
                    at,
                ));
                code_block_html(&mut self.html, code, "mermaid");
            }
        }
    }

    /// Images load lazily and decode off the main thread; their alt text is the plain text of
    /// the Markdown description.
    fn image(&mut self, src: &str, title: &str, inner: Vec<Event<'_>>) {
        let alt: String = inner
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        if self.hooks.has("render-image") {
            let mut text = String::new();
            pulldown_cmark::html::push_html(&mut text, inner.into_iter());
            let ordinal = self.ordinal("render-image");
            let html = self.hook(
                "render-image",
                &Hook::Image {
                    destination: src,
                    title,
                    text: &text,
                    plain_text: &alt,
                    is_block: false,
                    ordinal,
                },
            );
            self.html.push_str(&html);
            return;
        }
        self.html.push_str("<img src=\"");
        let _ = escape_href(&mut self.html, src);
        self.html.push_str("\" alt=\"");
        let _ = escape_html(&mut self.html, &alt);
        self.html.push('"');
        if !title.is_empty() {
            self.html.push_str(" title=\"");
            let _ = escape_html(&mut self.html, title);
            self.html.push('"');
        }
        if let Some((width, height)) = (self.image_size)(src) {
            self.html
                .push_str(&format!(" width=\"{width}\" height=\"{height}\""));
        }
        self.html.push_str(" loading=\"lazy\" decoding=\"async\">");
    }

    /// Bare URLs and e-mail addresses become links; a URL ends before CJK punctuation, so
    /// `社区：https://example.org/。` links exactly `https://example.org/`.
    fn linkify<'e>(&self, text: &str, out: &mut Vec<Event<'e>>) {
        let mut last = 0;
        for link in self.linker.links(text) {
            let raw = link.as_str();
            let end = raw.find(text::is_cjk_punctuation).unwrap_or(raw.len());
            let url = &raw[..end];
            if url.is_empty() || url.ends_with("://") {
                continue;
            }
            if link.start() > last {
                out.push(Event::Text(text[last..link.start()].to_owned().into()));
            }
            let href = match link.kind() {
                LinkKind::Email => format!("mailto:{url}"),
                _ => url.to_owned(),
            };
            let mut tag = String::from("<a href=\"");
            let _ = escape_href(&mut tag, &href);
            tag.push_str("\">");
            let _ = escape_html(&mut tag, url);
            tag.push_str("</a>");
            out.push(Event::InlineHtml(tag.into()));
            last = link.start() + end;
        }
        if last < text.len() {
            out.push(Event::Text(text[last..].to_owned().into()));
        }
    }

    fn finish(self) -> Rendered {
        let mut counts = text::Counts::default();
        for block in &self.blocks {
            counts += block.counts;
        }
        let (summary, truncated) = match self.more_at {
            Some(at) => (
                self.html[..at].trim_end().to_owned(),
                at < self.html.trim_end().len(),
            ),
            None => self.auto_summary(),
        };
        let mut html = self.html;
        self.footnotes.write(&mut html);
        let mut unknown_shortcodes = Vec::new();
        let html = self.shortcodes.resolve(&html, &mut unknown_shortcodes);
        let summary = self.shortcodes.resolve(&summary, &mut Vec::new());
        Rendered {
            toc: build_toc(&self.headings),
            html,
            summary,
            truncated,
            word_count: counts.words,
            reading_time: counts.reading_time(),
            is_cjk: self.is_cjk,
            unknown_shortcodes,
            problems: self.problems,
            warnings: self.warnings,
        }
    }

    /// The opening paragraphs, whole, until `summary_length` words are reached or another kind
    /// of block (heading, code, list) interrupts them. A first paragraph well over the limit
    /// (common in Chinese, where paragraphs run long) is cut at the limit instead.
    fn auto_summary(&self) -> (String, bool) {
        let limit = self.options.summary_length;
        let mut summary = String::new();
        let mut words = 0;
        let mut used = 0;
        for (i, block) in self.blocks.iter().enumerate() {
            let block_words = block.counts.words;
            if !block.is_paragraph || block_words == 0 {
                if words > 0 {
                    break;
                }
                continue;
            }
            if words == 0 && block_words > limit + limit / 4 {
                let plain = &self.plain[block.plain_start..block.plain_end];
                return plain_summary(plain, limit, self.is_cjk);
            }
            summary.push_str(&self.html[block.html_start..block.html_end]);
            words += block_words;
            used = i + 1;
            if words >= limit {
                break;
            }
        }
        let truncated = self
            .blocks
            .iter()
            .skip(used)
            .any(|b| b.counts.words > 0 || !b.is_paragraph);
        (summary.trim_end().to_owned(), truncated)
    }
}

/// A block of code as fenced code shows it: highlighted when `lang` is known.
pub fn code_block_html(out: &mut String, code: &str, lang: &str) {
    let highlighted = if lang.is_empty() {
        None
    } else {
        highlight::highlight(code, lang)
    };
    out.push_str("<pre");
    if !lang.is_empty() {
        out.push_str(" data-lang=\"");
        let _ = escape_html(&mut *out, lang);
        out.push('"');
    }
    match highlighted {
        Some(html) => {
            out.push_str(" class=\"highlight\"><code class=\"language-");
            let _ = escape_html(&mut *out, lang);
            out.push_str("\">");
            out.push_str(&html);
        }
        None => {
            out.push_str("><code>");
            let _ = escape_html(&mut *out, code);
        }
    }
    out.push_str("</code></pre>\n");
}

/// `:smile:` as 😄, for the names GitHub and Hugo know; other `:words:` stay.
fn emojify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(':') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-')))
            .unwrap_or(after.len());
        let emoji = after[name_len..]
            .starts_with(':')
            .then(|| emojis::get_by_shortcode(&after[..name_len]))
            .flatten();
        match emoji {
            Some(emoji) if name_len > 0 => {
                out.push_str(emoji.as_str());
                rest = &after[name_len + 1..];
            }
            _ => {
                out.push(':');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn plain_text<'e>(event: &'e Event<'_>) -> Option<&'e str> {
    match event {
        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
        _ => None,
    }
}

/// Whether `{…}` (with what precedes it) holds attributes as Goldmark reads them.
fn are_attributes(written: &str) -> bool {
    let inside = written
        .trim()
        .strip_prefix('{')
        .and_then(|w| w.strip_suffix('}'))
        .unwrap_or("");
    inside.split_whitespace().all(|piece| {
        piece.starts_with('#')
            || piece.starts_with('.')
            || piece.split_once('=').is_some_and(|(k, _)| {
                !k.is_empty()
                    && k.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '-' | '.'))
            })
    })
}

/// A table's header and body rows, each cell's HTML with its column's alignment.
fn table_cells(
    aligns: &[pulldown_cmark::Alignment],
    events: Vec<Event<'_>>,
) -> (Vec<Vec<Cell>>, Vec<Vec<Cell>>) {
    use pulldown_cmark::Alignment;
    let (mut head, mut body) = (Vec::new(), Vec::new());
    let mut row: Vec<Cell> = Vec::new();
    let mut cell: Vec<Event<'_>> = Vec::new();
    let mut in_head = false;
    for event in events {
        match event {
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                head.push(std::mem::take(&mut row));
            }
            Event::Start(Tag::TableRow | Tag::TableCell) => {}
            Event::End(TagEnd::TableRow) => body.push(std::mem::take(&mut row)),
            Event::End(TagEnd::TableCell) => {
                let mut text = String::new();
                pulldown_cmark::html::push_html(&mut text, cell.drain(..));
                let alignment = match aligns.get(row.len()) {
                    Some(Alignment::Left) => "left",
                    Some(Alignment::Center) => "center",
                    Some(Alignment::Right) => "right",
                    _ => "",
                };
                row.push(Cell { text, alignment });
            }
            other => cell.push(other),
        }
    }
    let _ = in_head;
    (head, body)
}

/// The class and title of a GitHub alert: the same markup as the theme's callouts.
fn alert(kind: pulldown_cmark::BlockQuoteKind) -> (&'static str, &'static str) {
    use pulldown_cmark::BlockQuoteKind as K;
    match kind {
        K::Note => ("note", "Note"),
        K::Tip => ("tip", "Tip"),
        K::Important => ("important", "Important"),
        K::Warning => ("warning", "Warning"),
        K::Caution => ("caution", "Caution"),
    }
}

impl Footnotes {
    fn reference(&mut self, label: &str) -> String {
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
    fn write(&self, html: &mut String) {
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

/// Events up to the end of the element whose start was just read.
fn take_until_end<'a>(iter: &mut impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut depth = 0usize;
    let mut inner = Vec::new();
    for event in iter.by_ref() {
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => break,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        inner.push(event);
    }
    inner
}

/// Nests the flat heading list: each heading holds the deeper ones that follow it.
fn build_toc(headings: &[(u8, String, String)]) -> Vec<TocEntry> {
    fn take(headings: &[(u8, String, String)], i: &mut usize, level: u8) -> Vec<TocEntry> {
        let mut entries = Vec::new();
        while let Some((lvl, id, title)) = headings.get(*i).filter(|h| h.0 >= level) {
            *i += 1;
            let children = take(headings, i, lvl + 1);
            entries.push(TocEntry {
                level: *lvl,
                id: id.clone(),
                title: title.clone(),
                children,
            });
        }
        entries
    }
    let min = headings.iter().map(|h| h.0).min().unwrap_or(1);
    let mut i = 0;
    take(headings, &mut i, min)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTIONS: Options = Options {
        unsafe_html: true,
        summary_length: 70,
        has_cjk: None,
        emoji: false,
        math: math::Delimiters {
            backslash: false,
            dollar: false,
        },
    };

    #[test]
    fn bare_url_after_full_width_colon_links_and_stops_before_cjk_punctuation() {
        let r = render_markdown("社区成员：https://cloudnative.to/en/team/。谢谢", &OPTIONS);
        assert!(
            r.html.contains("成员：<a href=\"https://cloudnative.to/en/team/\">https://cloudnative.to/en/team/</a>。谢谢"),
            "{}",
            r.html
        );
    }

    #[test]
    fn links_are_not_linkified_twice() {
        let r = render_markdown(
            "[https://a.example](https://a.example) and <b@c.org>",
            &OPTIONS,
        );
        assert_eq!(r.html.matches("<a ").count(), 2, "{}", r.html);
    }

    #[test]
    fn heading_ids_are_unique_and_keep_unicode() {
        let r = render_markdown(
            "## Intro\n\n## Intro\n\n### 云原生 社区\n\n## Custom {#mine}\n",
            &OPTIONS,
        );
        assert!(r.html.contains("<h2 id=\"intro\">Intro</h2>"));
        assert!(r.html.contains("<h2 id=\"intro-1\">Intro</h2>"));
        assert!(r.html.contains("<h3 id=\"云原生-社区\">"));
        assert!(r.html.contains("<h2 id=\"mine\">"));
        assert_eq!(r.toc.len(), 3);
        assert_eq!(r.toc[1].children[0].id, "云原生-社区");
    }

    #[test]
    fn code_is_highlighted_or_plain() {
        let r = render_markdown(
            "```yaml\nkey: value\n```\n\n```nosuchlang\n<x>\n```\n",
            &OPTIONS,
        );
        assert!(r.html.contains("<pre data-lang=\"yaml\" class=\"highlight\"><code class=\"language-yaml\"><span class=\"hl-"));
        assert!(
            r.html
                .contains("<pre data-lang=\"nosuchlang\"><code>&lt;x&gt;\n</code></pre>")
        );
    }

    #[test]
    fn raw_html_passes_unless_unsafe_is_off() {
        let md = "<p align=\"center\">hi</p>\n";
        assert!(
            render_markdown(md, &OPTIONS)
                .html
                .contains("<p align=\"center\">hi</p>")
        );
        let safe = Options {
            unsafe_html: false,
            ..OPTIONS
        };
        assert!(render_markdown(md, &safe).html.contains("raw HTML omitted"));
    }

    #[test]
    fn summaries() {
        let r = render_markdown("First.\n\n<!--more-->\n\nSecond.", &OPTIONS);
        assert_eq!(r.summary, "<p>First.</p>");
        assert!(r.truncated);
        let short = Options {
            summary_length: 3,
            ..OPTIONS
        };
        let r = render_markdown("One two.\n\nThree four.\n\nFive six.", &short);
        assert_eq!(r.summary, "<p>One two.</p>\n<p>Three four.</p>");
        let r = render_markdown(&"云原生".repeat(40), &short);
        assert_eq!(r.summary, "云原生…");
        assert!(r.is_cjk);
        assert_eq!(r.word_count, 120);
    }
}
