//! Reading what a built HTML file links to and which anchors it has, with html5ever's tokenizer:
//! tags and attributes as a browser reads them, with no tree built.

use std::cell::RefCell;
use std::collections::HashSet;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// What a link asks for, which says what its failure is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LinkKind {
    /// `<a href>`, `<area href>`, `<iframe src>`: a page or file a reader goes to.
    Link,
    /// `<img src>`, `srcset`, `<video poster>`: a picture the page shows.
    Image,
    /// Stylesheets, scripts, media: a file the page loads.
    Resource,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub kind: LinkKind,
    pub url: String,
}

/// One HTML file's links, in the order they appear, and its anchors.
#[derive(Debug, Default)]
pub struct Scanned {
    pub links: Vec<Link>,
    pub ids: HashSet<Box<str>>,
}

pub fn scan(html: &str) -> Scanned {
    let sink = Collector::default();
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink.found.into_inner()
}

#[derive(Default)]
struct Collector {
    found: RefCell<Scanned>,
}

impl TokenSink for Collector {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind == TagKind::EndTag {
            return TokenSinkResult::Continue;
        }
        self.found.borrow_mut().read_tag(&tag);
        // The tokenizer alone does not know which elements hold raw text: a `<` inside a
        // script or a style is not a tag.
        match &*tag.name {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            _ => TokenSinkResult::Continue,
        }
    }
}

impl Scanned {
    fn read_tag(&mut self, tag: &Tag) {
        let attr = |name: &str| {
            tag.attrs
                .iter()
                .find(|a| &*a.name.local == name)
                .map(|a| a.value.to_string())
        };
        if let Some(id) = attr("id") {
            self.ids.insert(id.into());
        }
        if &*tag.name == "a"
            && let Some(name) = attr("name")
        {
            self.ids.insert(name.into());
        }
        let name = &*tag.name;
        let mut push = |kind, url: Option<String>| {
            if let Some(url) = url {
                self.links.push(Link { kind, url });
            }
        };
        match name {
            "a" | "area" => push(LinkKind::Link, attr("href")),
            "iframe" => push(LinkKind::Link, attr("src")),
            "img" => {
                push(LinkKind::Image, attr("src"));
                for url in srcset(attr("srcset").as_deref()) {
                    push(LinkKind::Image, Some(url));
                }
            }
            "source" => {
                push(LinkKind::Resource, attr("src"));
                for url in srcset(attr("srcset").as_deref()) {
                    push(LinkKind::Image, Some(url));
                }
            }
            "video" => {
                push(LinkKind::Resource, attr("src"));
                push(LinkKind::Image, attr("poster"));
            }
            "audio" | "track" | "embed" | "script" => push(LinkKind::Resource, attr("src")),
            "link" => {
                let rel = attr("rel").unwrap_or_default().to_ascii_lowercase();
                // Hints to a browser (preconnect, dns-prefetch) name hosts, not files.
                let loads = rel.split_ascii_whitespace().any(|r| {
                    matches!(
                        r,
                        "stylesheet" | "icon" | "apple-touch-icon" | "manifest" | "preload"
                    )
                });
                let kind = if loads {
                    LinkKind::Resource
                } else {
                    LinkKind::Link
                };
                if loads || matches!(rel.as_str(), "alternate" | "prev" | "next" | "canonical") {
                    push(kind, attr("href"));
                }
            }
            _ => {}
        }
    }
}

/// The URLs of a `srcset`: candidates separated by commas, each a URL and a width or density.
fn srcset(value: Option<&str>) -> Vec<String> {
    value
        .map(|v| {
            v.split(',')
                .filter_map(|candidate| candidate.split_ascii_whitespace().next())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_anchors_are_read_as_a_browser_reads_them() {
        let html = r#"<!doctype html><title>a <a href="/no/"> b</title>
<script>if (a < b) { x = "<a href='/no2/'>"; }</script>
<style>a > b { }</style>
<h2 id="intro">Intro</h2><a name="old"></a>
<a href="/posts/a/#intro">x</a> <img src="cat.png" srcset="cat-2x.png 2x, cat-3x.png 3x">
<link rel="stylesheet" href="/s.css"><link rel="preconnect" href="https://cdn.example">
<pre><code>&lt;a href="/in-code/"&gt;</code></pre>"#;
        let found = scan(html);
        let urls: Vec<(&str, LinkKind)> = found
            .links
            .iter()
            .map(|l| (l.url.as_str(), l.kind))
            .collect();
        assert_eq!(
            urls,
            [
                ("/posts/a/#intro", LinkKind::Link),
                ("cat.png", LinkKind::Image),
                ("cat-2x.png", LinkKind::Image),
                ("cat-3x.png", LinkKind::Image),
                ("/s.css", LinkKind::Resource),
            ]
        );
        assert!(found.ids.contains("intro") && found.ids.contains("old"));
    }
}
