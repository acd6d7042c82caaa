//! `--minify`: what a build writes, made smaller on its way to the sink behind — pages with their
//! inline styles and scripts, stylesheets, scripts, feeds and sitemaps. Copied files (`static/`,
//! bundles) go as they are, as Hugo leaves them.

use std::io;
use std::path::Path;

use super::Sink;
use crate::site::Output;

pub struct Minifying<'a> {
    inner: &'a dyn Sink,
}

impl<'a> Minifying<'a> {
    pub fn new(inner: &'a dyn Sink) -> Minifying<'a> {
        Minifying { inner }
    }
}

/// `bytes` minified when `rel` is a kind of file that can be, else `None`. A file the minifier
/// cannot read is written as it was: minifying is never worth failing a build for.
pub fn minified(rel: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    let ext = rel.rsplit_once('.').map(|(_, ext)| ext)?;
    let text = std::str::from_utf8(bytes).ok()?;
    match ext {
        "html" | "htm" => {
            let mut minifier = html_minifier::HTMLMinifier::new();
            minifier.digest(text).ok()?;
            minifier.into_html().ok()
        }
        "css" => minifier::css::minify(text)
            .ok()
            .map(|m| m.to_string().into_bytes()),
        "js" => minifier::js::minify(text)
            .ok()
            .map(|m| m.to_string().into_bytes()),
        "xml" => xml(text),
        _ => None,
    }
}

/// XML without the indentation between its elements, and without comments. Spaces next to
/// text or an entity are text (`&lt;p&gt;\n&lt;em&gt;` in a feed's escaped HTML): only spaces
/// between two tags go.
fn xml(text: &str) -> Option<Vec<u8>> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(text.len()));
    let mut spaces: Option<Event<'_>> = None;
    loop {
        let event = reader.read_event().ok()?;
        match &event {
            Event::Text(t) if t.trim().is_empty() => {
                spaces = Some(event);
                continue;
            }
            Event::Text(_) | Event::GeneralRef(_) | Event::CData(_) => {
                if let Some(kept) = spaces.take() {
                    writer.write_event(kept).ok()?;
                }
            }
            _ => spaces = None,
        }
        match event {
            Event::Eof => break,
            Event::Comment(_) => {}
            event => writer.write_event(event).ok()?,
        }
    }
    Some(writer.into_inner())
}

impl Sink for Minifying<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        match minified(rel, bytes) {
            Some(small) => self.inner.write(rel, &small),
            None => self.inner.write(rel, bytes),
        }
    }

    fn write_output(&self, rel: &str, bytes: &[u8], made_by: Output) -> io::Result<()> {
        match minified(rel, bytes) {
            Some(small) => self.inner.write_output(rel, &small, made_by),
            None => self.inner.write_output(rel, bytes, made_by),
        }
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        self.inner.copy(rel, from)
    }

    fn keep(&self, rel: &str, made_by: Option<Output>) -> bool {
        self.inner.keep(rel, made_by)
    }

    fn stopped(&self) -> bool {
        self.inner.stopped()
    }

    fn written(&self, rel: &str) -> bool {
        self.inner.written(rel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_lose_their_spaces_but_not_their_code() {
        let page = "<!doctype html>\n<html>\n  <body>\n    <p>Some   text</p>\n    <pre><code>keep\n    this</code></pre>\n    <!-- a comment -->\n  </body>\n</html>\n";
        let small = String::from_utf8(minified("a/index.html", page.as_bytes()).unwrap()).unwrap();
        assert!(small.len() < page.len(), "{small}");
        assert!(
            small.contains("<pre><code>keep\n    this</code></pre>"),
            "{small}"
        );
        assert!(!small.contains("a comment"), "{small}");
        let css = minified("s.css", b"a {\n  color: red;\n}\n/* note */\n").unwrap();
        assert_eq!(String::from_utf8(css).unwrap(), "a{color:red;}");
        let feed = b"<?xml version=\"1.0\"?>\n<rss>\n  <!-- made by inkstone -->\n  <item>\n    <title>A &amp; B</title>\n    <description>&lt;p&gt;Some  text&lt;/p&gt;</description>\n  </item>\n</rss>\n";
        let small = String::from_utf8(minified("index.xml", feed).unwrap()).unwrap();
        assert_eq!(
            small,
            "<?xml version=\"1.0\"?><rss><item><title>A &amp; B</title><description>&lt;p&gt;Some  text&lt;/p&gt;</description></item></rss>"
        );
        let escaped = b"<d>\n  <e>&lt;p&gt;\n&lt;em&gt;</e>\n</d>";
        let small = String::from_utf8(minified("a.xml", escaped).unwrap()).unwrap();
        assert_eq!(small, "<d><e>&lt;p&gt;\n&lt;em&gt;</e></d>");
        assert_eq!(minified("photo.png", b"png"), None);
    }
}
