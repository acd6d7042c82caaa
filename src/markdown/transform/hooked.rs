//! Elements a site's render hooks write, inside other elements: images in a link's text,
//! links and footnote references in a footnote, a blockquote or a heading a hook renders.

use pulldown_cmark::{Event, Tag};

use super::{Transform, html_of, plain_text, take_until_end};
use crate::markdown::hooks::Hook;

impl Transform<'_> {
    /// The hook for a blockquote: Hugo's `render-blockquote-alert` or `-regular` first, then
    /// `render-blockquote`.
    pub(super) fn blockquote_hook(&self, alert: bool) -> Option<&'static str> {
        let specific = if alert {
            "render-blockquote-alert"
        } else {
            "render-blockquote-regular"
        };
        [specific, "render-blockquote"]
            .into_iter()
            .find(|name| self.hooks.has(name))
    }

    pub(super) fn hooked_image(&mut self, src: &str, title: &str, inner: Vec<Event<'_>>) -> String {
        let alt: String = inner.iter().filter_map(plain_text).collect();
        let text = html_of(inner);
        let ordinal = self.ordinal("render-image");
        self.hook(
            "render-image",
            &Hook::Image {
                destination: src,
                title,
                text: &text,
                plain_text: &alt,
                is_block: false,
                ordinal,
            },
        )
    }

    /// HTML of `inner` (a link's text, a footnote) with the site's image and link hooks
    /// applied to the images and links in it, as Hugo applies them.
    pub(super) fn hooked_html(&mut self, inner: Vec<Event<'_>>) -> String {
        let has_notes = inner
            .iter()
            .any(|e| matches!(e, Event::FootnoteReference(_)));
        if !has_notes && !self.hooks.has("render-image") && !self.hooks.has("render-link") {
            return html_of(inner);
        }
        let mut events: Vec<Event<'_>> = Vec::with_capacity(inner.len());
        let mut iter = inner.into_iter();
        while let Some(event) = iter.next() {
            match event {
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) if self.hooks.has("render-image") => {
                    let image = take_until_end(&mut iter);
                    let html = self.hooked_image(&dest_url, &title, image);
                    events.push(Event::InlineHtml(html.into()));
                }
                Event::Start(Tag::Link {
                    dest_url, title, ..
                }) if self.hooks.has("render-link") => {
                    let link = take_until_end(&mut iter);
                    let plain: String = link.iter().filter_map(plain_text).collect();
                    let text = self.hooked_html(link);
                    let ordinal = self.ordinal("render-link");
                    let html = self.hook(
                        "render-link",
                        &Hook::Link {
                            destination: &dest_url,
                            title: &title,
                            text: &text,
                            plain_text: &plain,
                            ordinal,
                        },
                    );
                    events.push(Event::InlineHtml(html.into()));
                }
                Event::FootnoteReference(label) => {
                    let html = self.footnotes.reference(&label);
                    events.push(Event::InlineHtml(html.into()));
                }
                other => events.push(other),
            }
        }
        html_of(events)
    }
}
