//! A page's HTML → the text a reader sees, and where its headings start in that text, so a
//! result can link to the part of the page that matched.

/// Text of the page and its headings with ids.
#[derive(Debug, Default, PartialEq)]
pub struct Extracted {
    pub text: String,
    pub headings: Vec<Heading>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// Byte offset in `text` where the heading's own text starts.
    pub at: usize,
    pub id: String,
    pub title: String,
}

/// Elements whose content is not read as text: code for machines, pictures, formulas.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "svg" | "math" | "template" | "noscript"
    )
}

/// Elements that end a run of words: text on either side is not one word.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "tr"
            | "td"
            | "th"
            | "table"
            | "pre"
            | "blockquote"
            | "section"
            | "article"
            | "aside"
            | "figure"
            | "figcaption"
            | "details"
            | "summary"
            | "hr"
            | "img"
            | "header"
            | "footer"
            | "nav"
            | "main"
    )
}

/// The text of `html`, whitespace collapsed; headings `h1`–`h6` with an `id` are recorded.
pub fn extract(html: &str) -> Extracted {
    let mut out = Extracted::default();
    let mut rest = html;
    let mut skipping: Option<String> = None;
    let mut open_heading: Option<(u8, usize, String)> = None;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if skipping.is_none() {
                push_text(&mut out.text, rest);
            }
            break;
        };
        if skipping.is_none() {
            push_text(&mut out.text, &rest[..lt]);
        }
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let Some(end) = tag_end(rest) else {
            if skipping.is_none() {
                push_text(&mut out.text, rest);
            }
            break;
        };
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        let closing = tag.starts_with('/');
        let written = tag_name(tag.trim_start_matches('/'));
        // Generated HTML is lowercase; a hand-written page may not be.
        let lowered;
        let name = if written.bytes().any(|b| b.is_ascii_uppercase()) {
            lowered = written.to_ascii_lowercase();
            lowered.as_str()
        } else {
            written
        };
        if let Some(skipped) = &skipping {
            if closing && name == skipped {
                skipping = None;
            }
            continue;
        }
        if !closing && is_skipped(name) && !tag.ends_with('/') {
            skipping = Some(name.to_owned());
            continue;
        }
        let level = heading_level(name);
        if let Some(level) = level {
            if closing {
                if let Some((open, at, id)) = open_heading.take_if(|(l, _, _)| *l == level) {
                    let _ = open;
                    let title = out.text[at..].trim().to_owned();
                    out.headings.push(Heading { at, id, title });
                }
            } else if let Some(id) = attribute(tag, "id") {
                separate(&mut out.text);
                open_heading = Some((level, out.text.len(), id));
            }
        }
        if level.is_some() || is_block(name) {
            separate(&mut out.text);
        }
    }
    let trimmed = out.text.trim_end().len();
    out.text.truncate(trimmed);
    out
}

/// The index of the `>` ending the tag `rest` starts with, quoted values skipped.
fn tag_end(rest: &str) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, b) in rest.bytes().enumerate().skip(1) {
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(i),
            _ => {}
        }
    }
    None
}

fn tag_name(tag: &str) -> &str {
    let end = tag
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(tag.len());
    &tag[..end]
}

fn heading_level(name: &str) -> Option<u8> {
    let bytes = name.as_bytes();
    match bytes {
        [h, d] if h.eq_ignore_ascii_case(&b'h') && (b'1'..=b'6').contains(d) => Some(d - b'0'),
        _ => None,
    }
}

/// The value of attribute `name` in a start tag's text, entities decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut rest = &tag[tag_name(tag).len()..];
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let key_end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let key = &rest[..key_end];
        rest = rest[key_end..].trim_start();
        let mut value = "";
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, next) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let inner = &after[1..];
                    let end = inner.find(q).unwrap_or(inner.len());
                    (&inner[..end], inner.get(end + 1..).unwrap_or_default())
                }
                _ => {
                    let end = after
                        .find(|c: char| c.is_ascii_whitespace())
                        .unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = v;
            rest = next;
        }
        if key.eq_ignore_ascii_case(name) {
            let mut decoded = String::new();
            push_decoded(&mut decoded, value);
            return Some(decoded);
        }
    }
}

/// Ends the current run of words, unless the text already ends with a space.
fn separate(text: &mut String) {
    if !text.is_empty() && !text.ends_with(' ') {
        text.push(' ');
    }
}

/// Appends text between tags: entities decoded, whitespace collapsed to single spaces.
fn push_text(text: &mut String, raw: &str) {
    if raw.contains('&') {
        let mut decoded = String::with_capacity(raw.len());
        push_decoded(&mut decoded, raw);
        push_collapsed(text, &decoded);
    } else {
        push_collapsed(text, raw);
    }
}

fn push_collapsed(text: &mut String, raw: &str) {
    let bytes = raw.as_bytes();
    if bytes.first().is_some_and(u8::is_ascii_whitespace) {
        separate(text);
    }
    let mut pieces = raw.split_ascii_whitespace();
    if let Some(first) = pieces.next() {
        text.push_str(first);
    }
    for piece in pieces {
        text.push(' ');
        text.push_str(piece);
    }
    if bytes.last().is_some_and(u8::is_ascii_whitespace) {
        separate(text);
    }
}

fn push_decoded(out: &mut String, raw: &str) {
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match entity(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// The character an entity at the start of `s` stands for, and its length. Only what HTML
/// writers (pulldown-cmark, minijinja, Go's html/template) produce is known.
fn entity(s: &str) -> Option<(char, usize)> {
    let semi = s.get(..12.min(s.len()))?.find(';')?;
    let body = &s[1..semi];
    let c = match body {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let digits = body.strip_prefix('#')?;
            let code = match digits.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => digits.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, semi + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_between_tags_with_blocks_separated_and_entities_decoded() {
        let e = extract(
            "<p>Hello <em>wor</em>ld &amp; <a href=\"/x?a=1&amp;b=2\">friends</a></p><ul><li>one</li><li>two</li></ul>",
        );
        assert_eq!(e.text, "Hello world & friends one two");
    }

    #[test]
    fn scripts_formulas_and_comments_are_not_text() {
        let e = extract(
            "a<script>var x = '<p>';</script> b <!-- note --> c<math><mi>x</mi></math> d<svg><text>label</text></svg>",
        );
        assert_eq!(e.text, "a b c d");
    }

    #[test]
    fn headings_with_ids_are_recorded_where_their_text_starts() {
        let e = extract(
            "<p>Intro</p><h2 id=\"set-up\">Set <code>up</code></h2><p>Steps</p><h3>No id</h3>",
        );
        assert_eq!(e.text, "Intro Set up Steps No id");
        assert_eq!(
            e.headings,
            [Heading {
                at: 6,
                id: "set-up".into(),
                title: "Set up".into()
            }]
        );
    }

    #[test]
    fn a_broken_tag_is_kept_as_text() {
        assert_eq!(extract("1 < 2 and <b").text, "1 < 2 and <b");
    }
}
