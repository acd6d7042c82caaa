//! A summary is shown on other pages (home, sections, terms, feeds), where a link written
//! relative to its own page would lead somewhere else: `#usage` to the list page itself,
//! `../other/` from the list's folder. Its relative links are written from the site's root.

use url::Url;

/// `summary` with each relative `href="…"` and `src="…"` resolved against `page_url`, the
/// page's own root-relative URL (`/blog/posts/a/`). Only double-quoted attributes are read:
/// the Markdown stage writes no other kind.
pub fn root_relative(summary: &str, page_url: &str) -> String {
    let Some(base) = Url::parse("http://site.invalid/")
        .ok()
        .and_then(|root| root.join(page_url).ok())
    else {
        return summary.to_owned();
    };
    let mut out = String::with_capacity(summary.len() + 64);
    let mut rest = summary;
    while let Some((at, name_len)) = next_attribute(rest) {
        let value_start = at + name_len;
        let Some(value_len) = rest[value_start..].find('"') else {
            break;
        };
        out.push_str(&rest[..value_start]);
        let value = &rest[value_start..value_start + value_len];
        match resolved(&base, value) {
            Some(absolute) => out.push_str(&absolute),
            None => out.push_str(value),
        }
        rest = &rest[value_start + value_len..];
    }
    out.push_str(rest);
    out
}

/// Where the next ` href="` or ` src="` starts in `html`, and the length of that text.
fn next_attribute(html: &str) -> Option<(usize, usize)> {
    [" href=\"", " src=\""]
        .iter()
        .filter_map(|name| html.find(name).map(|at| (at, name.len())))
        .min()
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
        assert_eq!(
            out,
            r##"<p>See <a href="/blog/posts/a/#usage">below</a>, <a href="/blog/posts/b/">b</a>, <img src="/blog/posts/a/cat.png" alt="">, <a href="/c/">c</a>, <a href="https://x.org/">x</a>, <a href="mailto:a@b.c">m</a>.</p>"##
        );
    }
}
