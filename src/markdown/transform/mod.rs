//! The walk over a page's Markdown events that makes its HTML: headings with ids (and the table
//! of contents), code (highlighted, diagrams), images, bare links, footnotes, alerts, render hooks,
//! and the blocks the summary and word counts are taken from.

use std::collections::HashMap;
use std::fmt::Write as _;

use linkify::{LinkFinder, LinkKind};

mod hooked;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

use super::code_lines::CodeOptions;
use super::elements::{
    alert, are_attributes, code_block_html, code_block_with, emojify, table_cells,
};
use super::footnotes::Footnotes;
use super::hooks::{Hook, Hooks};
use super::shortcodes::Expanded;
use super::{
    MORE_MARKER, Options, PageText, Pictures, Rendered, build_toc, diagrams, plain_summary,
};
use crate::diagnostics::Diagnostic;
use crate::text;

/// One top-level block of the document: where its HTML and its text start and end, and its words.
struct Block {
    html_start: usize,
    html_end: usize,
    plain_start: usize,
    plain_end: usize,
    is_paragraph: bool,
    counts: text::Counts,
}

pub(super) struct Transform<'o> {
    options: &'o Options,
    is_cjk: bool,
    html: String,
    plain: String,
    headings: Vec<(u8, String, String)>,
    ids: HashMap<String, usize>,
    blocks: Vec<Block>,
    more_at: Option<usize>,
    linker: LinkFinder,
    pictures: Pictures<'o>,
    shortcodes: &'o Expanded,
    footnotes: Footnotes,
    /// Heading lines that end in `}`: where attributes may be written.
    braced_headings: Vec<&'o str>,
    hooks: &'o dyn Hooks,
    /// How many elements each hook has rendered, by hook name.
    ordinals: HashMap<&'static str, usize>,
    problems: Vec<Diagnostic>,
    warnings: Vec<(String, Option<usize>)>,
    /// Where each heading's text starts in `plain`, in the order of `headings`.
    heading_plain_at: Vec<usize>,
    /// Whether the HTML holds text `plain` does not: raw HTML, or a render hook's output.
    text_beyond_plain: bool,
}

impl<'o> Transform<'o> {
    pub(super) fn new(
        options: &'o Options,
        is_cjk: bool,
        pictures: Pictures<'o>,
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
            pictures,
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
            heading_plain_at: Vec::new(),
            text_beyond_plain: false,
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
        self.text_beyond_plain = true;
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
    pub(super) fn run(&mut self, events: Vec<Event<'_>>) {
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
                    let html = self.hooked_html(inner);
                    self.footnotes.definitions.insert(label.to_string(), html);
                }
                Event::FootnoteReference(label) => {
                    let html = self.footnotes.reference(&label);
                    pending.push(Event::InlineHtml(html.into()));
                }
                Event::Start(Tag::BlockQuote(Some(kind)))
                    if self.blockquote_hook(true).is_none() =>
                {
                    depth += 1;
                    self.flush(&mut pending);
                    let (class, english) = alert(kind);
                    let title = self
                        .options
                        .alert_titles
                        .as_ref()
                        .and_then(|titles| titles.get(class))
                        .map_or(english, String::as_str);
                    let _ = write!(
                        self.html,
                        "<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">"
                    );
                    let _ = escape_html(&mut self.html, title);
                    self.html.push_str("</p>\n");
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
                    let text = self.hooked_html(inner);
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
                Event::Start(Tag::BlockQuote(kind))
                    if self.blockquote_hook(kind.is_some()).is_some() =>
                {
                    let name = self
                        .blockquote_hook(kind.is_some())
                        .unwrap_or("render-blockquote");
                    let inner = take_until_end(&mut iter);
                    for e in &inner {
                        self.count(e);
                    }
                    self.flush(&mut pending);
                    let text = self.hooked_html(inner);
                    let ordinal = self.ordinal("render-blockquote");
                    let html = self.hook(
                        name,
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
                Event::SoftBreak if self.options.extensions.hard_wraps => {
                    pending.push(Event::HardBreak);
                }
                Event::Html(h) | Event::InlineHtml(h) => {
                    if h.trim() == MORE_MARKER && self.more_at.is_none() {
                        self.flush(&mut pending);
                        self.more_at = Some(self.html.len());
                    } else if self.options.unsafe_html {
                        self.text_beyond_plain = true;
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
        // Goldmark reads `{class="a b" data-x='y'}`: quotes around a value are not part of it,
        // and a `class` written so joins the `.class`es.
        let mut attrs: Vec<(CowStr<'_>, Option<CowStr<'_>>)> = attrs
            .into_iter()
            .map(|(k, v)| {
                let v = v.map(|v| {
                    let unquoted = v
                        .strip_prefix('"')
                        .and_then(|s| s.strip_suffix('"'))
                        .or_else(|| v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')));
                    unquoted.map_or(v.clone(), |s| CowStr::from(s.to_owned()))
                });
                (k, v)
            })
            .collect();
        attrs.retain(|(k, v)| {
            if &**k == "class" {
                classes.extend(v.iter().flat_map(|v| {
                    v.split_whitespace()
                        .map(|c| CowStr::from(c.to_owned()))
                        .collect::<Vec<_>>()
                }));
                false
            } else {
                true
            }
        });
        let title: String = inner.iter().filter_map(plain_text).collect();
        let title = self.shortcodes.without_tokens(&title);
        self.heading_plain_at.push(self.plain.len());
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
        let heading_attrs: Vec<(String, String)> = attrs
            .iter()
            .map(|(k, v)| (k.to_string(), v.as_deref().unwrap_or("").to_owned()))
            .collect();
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
            let mut attributes: Vec<(String, String)> = Vec::new();
            if !classes.is_empty() {
                attributes.push(("class".to_owned(), classes.join(" ")));
            }
            attributes.extend(heading_attrs.iter().map(|(k, v)| (k.clone(), v.clone())));
            let text = self.hooked_html(inner);
            let ordinal = self.ordinal("render-heading");
            let html = self.hook(
                "render-heading",
                &Hook::Heading {
                    level: level_num,
                    anchor: &id,
                    text: &text,
                    plain_text: &title,
                    attributes: &attributes,
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
                    // Hugo's `.Inner` is without the newline that ends the last line.
                    inner: code.strip_suffix('\n').unwrap_or(&code),
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
        let options = match &kind {
            CodeBlockKind::Fenced(info) => CodeOptions::parse(info.get(lang.len()..).unwrap_or("")),
            CodeBlockKind::Indented => CodeOptions::default(),
        };
        code_block_with(&mut self.html, &code, &lang, &options);
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
        if self.hooks.has("render-image") {
            let html = self.hooked_image(src, title, inner);
            self.html.push_str(&html);
            return;
        }
        let alt: String = inner.iter().filter_map(plain_text).collect();
        let picture = (self.pictures)(src);
        self.html.push_str("<img src=\"");
        let _ = escape_href(&mut self.html, picture.src.as_deref().unwrap_or(src));
        self.html.push_str("\" alt=\"");
        let _ = escape_html(&mut self.html, &alt);
        self.html.push('"');
        if !title.is_empty() {
            self.html.push_str(" title=\"");
            let _ = escape_html(&mut self.html, title);
            self.html.push('"');
        }
        if let Some((width, height)) = picture.size {
            self.html
                .push_str(&format!(" width=\"{width}\" height=\"{height}\""));
        }
        self.html.push_str(" loading=\"lazy\" decoding=\"async\">");
    }

    /// Bare URLs and e-mail addresses become links; a URL ends before CJK punctuation, so
    /// `社区：https://example.org/。` links exactly `https://example.org/`.
    fn linkify<'e>(&mut self, text: &str, out: &mut Vec<Event<'e>>) {
        if !self.options.extensions.linkify {
            out.push(Event::Text(text.to_owned().into()));
            return;
        }
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
            // The typographer ran before links were found; Goldmark finds them first, so a URL
            // keeps its `...` and `--`.
            let written = if self.options.extensions.typographer {
                url.replace('…', "...")
                    .replace('—', "---")
                    .replace('–', "--")
            } else {
                url.to_owned()
            };
            let url = written.as_str();
            let href = match link.kind() {
                LinkKind::Email => format!("mailto:{url}"),
                _ => url.to_owned(),
            };
            // Hugo gives autolinks to the link render hook too.
            let tag = if self.hooks.has("render-link") {
                let mut text = String::new();
                let _ = escape_html(&mut text, url);
                let ordinal = self.ordinal("render-link");
                self.hook(
                    "render-link",
                    &Hook::Link {
                        destination: &href,
                        title: "",
                        text: &text,
                        plain_text: url,
                        ordinal,
                    },
                )
            } else {
                let mut tag = String::from("<a href=\"");
                let _ = escape_href(&mut tag, &href);
                tag.push_str("\">");
                let _ = escape_html(&mut tag, url);
                tag.push_str("</a>");
                tag
            };
            out.push(Event::InlineHtml(tag.into()));
            last = link.start() + end;
        }
        if last < text.len() {
            out.push(Event::Text(text[last..].to_owned().into()));
        }
    }

    pub(super) fn finish(self) -> Rendered {
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
        let toc = build_toc(&self.headings);
        let complete = !self.text_beyond_plain && !self.shortcodes.has_tokens();
        let text = complete.then(|| PageText {
            headings: self
                .heading_plain_at
                .iter()
                .zip(self.headings)
                .map(|(&at, (_, id, title))| (at, id, title))
                .collect(),
            text: self.plain,
        });
        Rendered {
            toc,
            text,
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

fn plain_text<'e>(event: &'e Event<'_>) -> Option<&'e str> {
    match event {
        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
        _ => None,
    }
}

/// Events as pulldown-cmark's writer makes them HTML, for what a hook or a footnote receives.
fn html_of(events: Vec<Event<'_>>) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}
