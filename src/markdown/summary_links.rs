//! A summary is shown on other pages (home, sections, terms, feeds), where a link written
//! relative to its own page would lead somewhere else: `#usage` to the list page itself,
//! `../other/` from the list's folder. Its relative links are written from the site's root.

use url::Url;

/// `summary` with each relative `href="…"` and `src="…"` resolved against `page_url`, the
/// page's own root-relative URL (`/blog/posts/a/`). Only attributes of tags are read — text,
/// code included, has its `<` escaped, so a `<` starts a tag — and only double-quoted ones: the
/// Markdown stage writes no other kind.
pub fn root_relative(summary: &str, page_url: &str) -> String {
    let Some(base) = Url::parse("http://site.invalid/")
        .ok()
        .and_then(|root| root.join(page_url).ok())
    else {
        return summary.to_owned();
    };
    let mut out = String::with_capacity(summary.len() + 64);
    let mut copied = 0;
    let mut in_tag = false;
    let mut quote: Option<char> = None;
    let mut chars = summary.char_indices();
    while let Some((at, c)) = chars.next() {
        match (in_tag, quote) {
            (false, _) => in_tag = c == '<',
            (true, Some(q)) => {
                if c == q {
                    quote = None;
                }
            }
            (true, None) if c == '>' => in_tag = false,
            (true, None) if c == '"' || c == '\'' => quote = Some(c),
            (true, None) if c.is_ascii_whitespace() => {
                let Some((value_start, value_end)) = link_value(summary, at + 1) else {
                    continue;
                };
                let value = summary.get(value_start..value_end).unwrap_or_default();
                out.push_str(summary.get(copied..value_start).unwrap_or_default());
                out.push_str(&resolved(&base, value).unwrap_or_else(|| value.to_owned()));
                copied = value_end;
                // Past the value and its closing quote.
                for (next, _) in chars.by_ref() {
                    if next >= value_end {
                        break;
                    }
                }
            }
            (true, None) => {}
        }
    }
    out.push_str(summary.get(copied..).unwrap_or_default());
    out
}

/// Where the value of an `href="` or `src="` starting at `at` begins and ends (before its
/// closing quote).
fn link_value(html: &str, at: usize) -> Option<(usize, usize)> {
    let rest = html.get(at..)?;
    let name_len = ["href=\"", "src=\""]
        .iter()
        .find(|name| rest.starts_with(*name))?
        .len();
    let start = at + name_len;
    let end = start + html.get(start..)?.find('"')?;
    Some((start, end))
}

fn resolved(base: &Url, value: &str) -> Option<String> {
    let relative = !value.is_empty()
        && !value.starts_with('/')
        && !value.starts_with('?')
        && !has_scheme(value);
    if !relative {
        return None;
    }
    // Entities in the attribute (`&amp;`) are kept as written: only the path part is resolved.
    let joined = base.join(value).ok()?;
    let mut path = joined.path().to_owned();
    if let Some(query) = joined.query() {
        path.push('?');
        path.push_str(query);
    }
    if let Some(fragment) = joined.fragment() {
        path.push('#');
        path.push_str(fragment);
    }
    Some(path)
}

/// `mailto:`, `https:`, `data:`…: a scheme before any `/`, `?` or `#`.
fn has_scheme(value: &str) -> bool {
    match value.find(':') {
        Some(colon) => !value[..colon].contains(['/', '?', '#']),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_are_written_from_the_root() {
        let summary = r##"<p>See <a href="#usage">below</a>, <a href="../b/">b</a>, <img src="cat.png" alt="">, <a href="/c/">c</a>, <a href="https://x.org/">x</a>, <a href="mailto:a@b.c">m</a>.</p>"##;
        let out = root_relative(summary, "/blog/posts/a/");
        let code = r#"<p><code>&lt;img src="y.png"&gt;</code> <img alt='a > b' src="z.png"></p>"#;
        assert_eq!(
            root_relative(code, "/p/"),
            r#"<p><code>&lt;img src="y.png"&gt;</code> <img alt='a > b' src="/p/z.png"></p>"#
        );
        assert_eq!(
            out,
            r##"<p>See <a href="/blog/posts/a/#usage">below</a>, <a href="/blog/posts/b/">b</a>, <img src="/blog/posts/a/cat.png" alt="">, <a href="/c/">c</a>, <a href="https://x.org/">x</a>, <a href="mailto:a@b.c">m</a>.</p>"##
        );
    }
}
