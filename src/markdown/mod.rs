//! The markdown stage: Markdown (or HTML content) to HTML, with table of contents, summary,
//! word count and reading time.

mod code_lines;
pub mod diagrams;
mod elements;
mod footnotes;
pub mod highlight;
pub mod hooks;
mod html;
pub mod math;
pub mod shortcodes;
pub mod summary_links;
mod transform;

pub use crate::config::Extensions;
pub use code_lines::CodeOptions;
pub use elements::{code_block_html, code_block_with, emojify};
pub use html::render_html;

use std::collections::HashMap;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::text;
use hooks::{Hooks, NoHooks};
use pulldown_cmark::{Event, Options as CmarkOptions, Parser, Tag, TextMergeStream};
use pulldown_cmark_escape::escape_html;
use serde::Serialize;
use shortcodes::{Expanded, UnknownUse};
use transform::Transform;

const MORE_MARKER: &str = "<!--more-->";

#[derive(Debug, Clone)]
pub struct Options {
    pub unsafe_html: bool,
    pub summary_length: usize,
    /// `None` detects CJK text page by page.
    pub has_cjk: Option<bool>,
    /// `:smile:` as 😄 (Hugo's `enableEmoji`).
    pub emoji: bool,
    pub math: math::Delimiters,
    pub extensions: Extensions,
    /// GitHub alerts' titles in the page's language, by kind (`note`); English otherwise.
    pub alert_titles: Option<Arc<HashMap<String, String>>>,
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
    /// The page's text as it was read, when it is all the HTML shows (no shortcode, render
    /// hook or raw HTML added to it): what the search index reads instead of the HTML.
    pub text: Option<PageText>,
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

/// A page's words in reading order, and where each heading starts among them: (byte offset
/// in `text`, id, title).
#[derive(Debug, Clone, Default)]
pub struct PageText {
    pub text: String,
    pub headings: Vec<(usize, String, String)>,
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
    /// What the search index keeps of the page, when it is searchable. Not in the build
    /// cache's file (it would be read on every build): the cache keeps it apart.
    #[serde(skip)]
    pub search: Option<Arc<inkstone_search::Doc>>,
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
            search: None,
        }
    }
}

pub fn render_markdown(source: &str, options: &Options) -> Rendered {
    render_markdown_with(
        &Expanded::plain(source.to_owned()),
        options,
        &|_| Picture::default(),
        &NoHooks,
    )
}

/// What the page knows of an image it shows, from its `src` as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Picture {
    /// The address to write instead: a bundle file's own, which holds wherever the page's text
    /// is shown (a summary on a list page, a feed).
    pub src: Option<String>,
    /// Its width and height in pixels, when the file can be found.
    pub size: Option<(u32, u32)>,
}

pub type Pictures<'a> = &'a (dyn Fn(&str) -> Picture + Sync);

/// Like [`render_markdown`], with what `pictures` knows of each image: its own address and its
/// width and height, so the page keeps its place before it loads.
pub fn render_markdown_with(
    expanded: &Expanded,
    options: &Options,
    pictures: Pictures<'_>,
    hooks: &dyn Hooks,
) -> Rendered {
    let source = expanded.text.as_str();
    let mut events: Vec<Event> =
        TextMergeStream::new(Parser::new_ext(source, cmark(options.extensions))).collect();
    if !options.unsafe_html {
        drop_dangerous_urls(&mut events);
    }

    let is_cjk = options
        .has_cjk
        .unwrap_or_else(|| text::contains_cjk(source));
    let mut transform = Transform::new(options, is_cjk, pictures, expanded, hooks);
    transform.run(events);
    transform.finish()
}

/// The Markdown extensions Hugo's Goldmark turns on, as the site's config leaves them.
fn cmark(extensions: Extensions) -> CmarkOptions {
    let mut cmark = CmarkOptions::empty();
    for (on, option) in [
        (extensions.tables, CmarkOptions::ENABLE_TABLES),
        (extensions.footnotes, CmarkOptions::ENABLE_FOOTNOTES),
        (extensions.strikethrough, CmarkOptions::ENABLE_STRIKETHROUGH),
        (extensions.task_lists, CmarkOptions::ENABLE_TASKLISTS),
        (
            extensions.definition_lists,
            CmarkOptions::ENABLE_DEFINITION_LIST,
        ),
        (
            extensions.typographer,
            CmarkOptions::ENABLE_SMART_PUNCTUATION,
        ),
        (true, CmarkOptions::ENABLE_HEADING_ATTRIBUTES),
        // GitHub's `> [!NOTE]` alerts.
        (true, CmarkOptions::ENABLE_GFM),
    ] {
        if on {
            cmark.insert(option);
        }
    }
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
/// Markdown a template converts (`markdownify`, `.RenderString`), through the site's render
/// hooks; `block` keeps a single paragraph's `<p>`, which Hugo drops otherwise.
pub fn fragment(source: &str, unsafe_html: bool, hooks: &dyn Hooks, block: bool) -> String {
    let options = Options {
        unsafe_html,
        summary_length: 0,
        has_cjk: Some(false),
        emoji: false,
        math: math::Delimiters::default(),
        extensions: Extensions::default(),
        alert_titles: None,
    };
    let html = render_markdown_with(
        &Expanded::plain(source.to_owned()),
        &options,
        &|_| Picture::default(),
        hooks,
    )
    .html;
    if block {
        return html;
    }
    let trimmed = html.trim_end_matches('\n');
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inside) if !inside.contains("<p>") => inside.to_owned(),
        _ => html,
    }
}

pub fn inline(source: &str, unsafe_html: bool) -> String {
    let mut events: Vec<Event> = Parser::new_ext(source, cmark(Extensions::default())).collect();
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

pub(crate) fn plain_summary(plain: &str, limit: usize, cjk: bool) -> (String, bool) {
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
        extensions: Extensions::HUGO,
        alert_titles: None,
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
