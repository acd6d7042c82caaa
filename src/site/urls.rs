//! URLs as Hugo computes them, and the files they are written to.

use crate::config::Config;
use crate::content::{Page, PageKind};
use crate::text::urlize;

/// A path segment from a file or folder name, as Hugo makes it: lower-cased, spaces to
/// hyphens, letters and digits of any script and `. _ - + ~ # @` kept, `%` only before two hex
/// digits, anything else dropped (`Hello World!.md` → `hello-world`).
pub fn segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    push_sanitized(&mut out, name.trim(), true);
    out
}

/// Hugo's path sanitizing, shared by page and term paths. `#` is kept, written `%23`: it is part
/// of the path, not a fragment (the file on disk keeps the `#`, see [`output_file`]).
fn push_sanitized(out: &mut String, name: &str, lower: bool) {
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let escape = c == '%'
            && chars.get(i + 1).is_some_and(char::is_ascii_hexdigit)
            && chars.get(i + 2).is_some_and(char::is_ascii_hexdigit);
        if c.is_whitespace() {
            out.push('-');
        } else if c == '#' {
            out.push_str("%23");
        } else if escape
            || c.is_alphanumeric()
            || is_mark(c)
            || matches!(c, '.' | '_' | '-' | '+' | '~' | '@' | '\\' | '/')
        {
            if lower {
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
        }
    }
}

/// Combining marks, which Hugo keeps in paths (Devanagari vowel signs, accents written apart).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0900..=0x0DFF | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// A term's path below its taxonomy, as Hugo makes it: each space a hyphen (none merged or
/// trimmed: `api  gateway` → `api--gateway`), letters and digits of any script and `. _ - + ~ #
/// @ \\ /` kept (`TUN/TAP` → `tun/tap`), anything else dropped (`it's, ok` → `its-ok`),
/// lower-cased unless `disablePathToLower`. `.` and `..` segments are dropped, so that no term
/// reaches outside its taxonomy.
pub fn term_slug(name: &str, lower: bool) -> String {
    let mut slug = String::with_capacity(name.len());
    push_sanitized(&mut slug, name, lower);
    let segments: Vec<&str> = slug
        .split('/')
        .filter(|s| !s.is_empty() && *s != "." && *s != "..")
        .collect();
    segments.join("/")
}

fn dir_path(dir: &str) -> String {
    dir.split('/')
        .filter(|s| !s.is_empty())
        .map(segment)
        .collect::<Vec<_>>()
        .join("/")
}

/// Joins segments into a site path that starts and ends with `/`.
fn join(parts: &[&str]) -> String {
    let inner: Vec<&str> = parts
        .iter()
        .flat_map(|p| p.split('/'))
        .filter(|s| !s.is_empty())
        .collect();
    if inner.is_empty() {
        "/".to_owned()
    } else {
        format!("/{}/", inner.join("/"))
    }
}

/// Why a URL a page asks for cannot be used.
#[derive(Debug)]
pub struct UnsafeUrl {
    pub key: &'static str,
    pub value: String,
}

/// Refuses anything that would leave the output folder or is not a path at all.
pub fn check_path(key: &'static str, value: &str) -> Result<(), UnsafeUrl> {
    // Checked as it is used: trimmed (` .` is `.`).
    let trimmed = value.trim();
    let bad = trimmed.contains("://")
        || value.contains('\\')
        || value.contains('\0')
        || trimmed.split('/').any(|s| s == ".." || s == ".");
    if bad {
        Err(UnsafeUrl {
            key,
            value: value.to_owned(),
        })
    } else {
        Ok(())
    }
}

/// The page's path below the site root, starting with `/`.
pub fn page_path(page: &Page, config: &Config) -> Result<String, UnsafeUrl> {
    match page.kind {
        PageKind::Home => Ok("/".to_owned()),
        PageKind::Section => {
            if let Some(url) = &page.meta.url {
                check_path("url", url)?;
                return Ok(normalize(url));
            }
            Ok(join(&[&dir_path(page.dir())]))
        }
        PageKind::Page => {
            if let Some(url) = &page.meta.url {
                check_path("url", url)?;
                return Ok(normalize(url));
            }
            if let Some(slug) = &page.meta.slug {
                check_path("slug", slug)?;
            }
            let section = page.top_section();
            if let Some((_, pattern)) = config.permalinks.iter().find(|(s, _)| s == section) {
                let expanded = expand_permalink(pattern, page);
                check_path("permalinks", &expanded)?;
                return Ok(normalize(&expanded));
            }
            let name = match &page.meta.slug {
                Some(slug) => slug.clone(),
                None => segment(page.content_base_name()),
            };
            Ok(join(&[&dir_path(page.container_dir()), &name]))
        }
    }
}

/// `/about` and `about/` both mean `/about/`; a path ending in a file name stays a file.
pub fn normalize(url: &str) -> String {
    let trimmed = url.trim();
    let with_slash = if trimmed.starts_with('/') {
        trimmed.to_owned()
    } else {
        format!("/{trimmed}")
    };
    if with_slash.ends_with('/') || has_extension(&with_slash) {
        with_slash
    } else {
        format!("{with_slash}/")
    }
}

/// Where Hugo writes an alias of the page at `page_path`: relative to the page's folder unless
/// it starts with `/`; a file only when it ends in `.html` or `.htm`, else a folder (so
/// `/blog/istio-0.8-notes` and `/old.php` are folders with an `index.html`).
pub fn alias_path(alias: &str, page_path: &str) -> String {
    let alias = alias.trim();
    let absolute = if alias.starts_with('/') {
        alias.to_owned()
    } else {
        let folder = page_path
            .trim_end_matches('/')
            .rsplit_once('/')
            .map_or("", |(folder, _)| folder);
        format!("{folder}/{alias}")
    };
    let lower = absolute.to_ascii_lowercase();
    if absolute.ends_with('/') || lower.ends_with(".html") || lower.ends_with(".htm") {
        absolute
    } else {
        format!("{absolute}/")
    }
}

fn has_extension(path: &str) -> bool {
    path.rsplit('/').next().is_some_and(|last| {
        last.rsplit_once('.')
            .is_some_and(|(stem, ext)| !stem.is_empty() && !ext.is_empty())
    })
}

/// Where the feed of the list at `base` (`/posts/`) goes: `/posts/index.xml`, as in Hugo.
pub fn feed_path(base: &str) -> String {
    format!("{base}index.xml")
}

/// The file below the output folder for a site path: `/a/b/` → `a/b/index.html`; `%23` in the
/// path is the `#` of a name (`/tags/c%23/` → `tags/c#/index.html`), as Hugo writes it.
pub fn output_file(path: &str) -> String {
    let trimmed = path.trim_start_matches('/').replace("%23", "#");
    if trimmed.is_empty() {
        "index.html".to_owned()
    } else if path.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed
    }
}

/// A file's name as it goes in a URL: the characters that would end the path (`#`, `?`) or
/// start an escape (`%`) written as escapes.
pub fn encode_file_name(name: &str) -> String {
    name.replace('%', "%25")
        .replace('#', "%23")
        .replace('?', "%3F")
}

/// Hugo's permalink tokens, expanded for one page.
pub fn expand_permalink(pattern: &str, page: &Page) -> String {
    let date = page.meta.date.as_ref();
    let fmt = |f: &str| date.map_or_else(|| "0001".to_owned(), |d| d.strftime(f).to_string());
    let slug = page
        .meta
        .slug
        .clone()
        .unwrap_or_else(|| urlize(&page.meta.title));
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(start) = rest.find(':') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let len = after
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(after.len());
        let token = &after[..len];
        let value = match token {
            "year" => fmt("%Y"),
            "month" => date.map_or_else(|| "01".to_owned(), |d| d.strftime("%m").to_string()),
            "monthname" => fmt("%B").to_lowercase(),
            "day" => date.map_or_else(|| "01".to_owned(), |d| d.strftime("%d").to_string()),
            "weekday" => fmt("%w"),
            "weekdayname" => fmt("%A").to_lowercase(),
            "yearday" => fmt("%j"),
            "section" => segment(page.top_section()),
            "sections" => dir_path(page.container_dir()),
            "title" => urlize(&page.meta.title),
            "slug" => slug.clone(),
            "filename" | "contentbasename" => segment(page.content_base_name()),
            "slugorfilename" | "slugorcontentbasename" => page
                .meta
                .slug
                .clone()
                .unwrap_or_else(|| segment(page.content_base_name())),
            _ => format!(":{token}"),
        };
        out.push_str(&value);
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

/// Percent-encodes what a URL may not hold literally, for XML outputs (feeds, sitemaps) whose
/// readers expect ASCII URLs; HTML keeps the readable form.
pub fn encode(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_ascii() && !c.is_ascii_whitespace() && c != '"' && c != '<' && c != '>' {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Inputs the `paths` fuzz target found, kept as they were found.
    #[test]
    fn a_url_of_dots_and_spaces_is_refused() {
        for url in [" .", ". ", " .. ", "a/ ../", ".", ".."] {
            let checked = check_path("url", url);
            let kept = checked.is_ok()
                && std::path::Path::new(&output_file(&normalize(url)))
                    .components()
                    .all(|c| matches!(c, std::path::Component::Normal(_)));
            assert!(checked.is_err() || kept, "{url:?}");
        }
        assert!(check_path("url", " .").is_err());
    }

    #[test]
    fn names_are_sanitized_as_hugo_does() {
        assert_eq!(segment("Hello World!(x)"), "hello-worldx");
        assert_eq!(segment("100%-sure"), "100-sure");
        assert_eq!(segment("100%25"), "100%25");
        assert_eq!(segment("c#-tips"), "c%23-tips");
        assert_eq!(output_file("/posts/c%23-tips/"), "posts/c#-tips/index.html");
    }
}
