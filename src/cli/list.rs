//! `inkstone list drafts|future|expired|published|all`: the site's pages as CSV, with Hugo's
//! columns in Hugo's order, so scripts written for `hugo list` read it unchanged.

use std::path::Path;

use jiff::{Timestamp, Zoned};

use crate::pipeline::LangSite;
use crate::site::{SitePage, default_order};

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// Pages marked `draft: true`.
    Drafts,
    /// Pages whose publish date is still to come.
    Future,
    /// Pages past their expiry date.
    Expired,
    /// Pages a build without -D, -F or -E publishes.
    Published,
    /// Every page.
    All,
}

const HEADER: &str = "path,slug,title,date,expiryDate,publishDate,draft,permalink,kind,section";

/// The CSV `hugo list` prints for these sites (read with drafts, future and expired pages).
pub fn csv(languages: &[LangSite], source: &Path, which: Which, now: Timestamp) -> String {
    let mut out = String::from(HEADER);
    out.push('\n');
    for language in languages {
        let mut pages: Vec<&SitePage> = language
            .site
            .pages
            .iter()
            .filter(|p| p.page.kind == crate::content::PageKind::Page)
            .filter(|p| is_listed(p, which, now))
            .collect();
        pages.sort_by(|a, b| default_order(a, b));
        for sp in pages {
            let row = row(sp, language, source);
            let fields: Vec<String> = row.iter().map(|f| quoted(f)).collect();
            out.push_str(&fields.join(","));
            out.push('\n');
        }
    }
    out
}

fn is_listed(sp: &SitePage, which: Which, now: Timestamp) -> bool {
    let meta = &sp.page.meta;
    let published = meta.publish_date.as_ref().or(meta.date.as_ref());
    let future = published.is_some_and(|d| d.timestamp() > now);
    let expired = meta
        .expiry_date
        .as_ref()
        .is_some_and(|d| d.timestamp() <= now);
    match which {
        Which::Drafts => meta.draft,
        Which::Future => future,
        Which::Expired => expired,
        Which::Published => !meta.draft && !future && !expired,
        Which::All => true,
    }
}

fn row(sp: &SitePage, language: &LangSite, source: &Path) -> [String; 10] {
    let meta = &sp.page.meta;
    let path = sp
        .page
        .file
        .strip_prefix(source)
        .unwrap_or(&sp.page.file)
        .to_string_lossy()
        .replace('\\', "/");
    let section = sp
        .page
        .rel_path
        .split_once('/')
        .map_or("", |(first, _)| first);
    [
        path,
        meta.slug.clone().unwrap_or_default(),
        meta.title.clone(),
        go_time(meta.date.as_ref()),
        go_time(meta.expiry_date.as_ref()),
        go_time(meta.publish_date.as_ref().or(meta.date.as_ref())),
        meta.draft.to_string(),
        language.config.absolute_url(&sp.path),
        "page".to_owned(),
        section.to_owned(),
    ]
}

/// A time as Go's RFC 3339 layout writes it (`Z` for UTC); Go's zero time when there is none.
pub fn go_time(time: Option<&Zoned>) -> String {
    let Some(time) = time else {
        return "0001-01-01T00:00:00Z".to_owned();
    };
    let zone = if time.offset().seconds() == 0 {
        "Z".to_owned()
    } else {
        time.strftime("%:z").to_string()
    };
    format!("{}{zone}", time.strftime("%Y-%m-%dT%H:%M:%S"))
}

/// A field as Go's encoding/csv writes it: quoted when it holds a comma, a quote or a line
/// break, or starts with a space, quotes doubled.
fn quoted(field: &str) -> String {
    let needs = field.contains([',', '"', '\n', '\r']) || field.starts_with([' ', '\t']);
    if needs {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_as_go_quotes_them() {
        assert_eq!(quoted("plain"), "plain");
        assert_eq!(quoted("Pub, with comma"), "\"Pub, with comma\"");
        assert_eq!(quoted("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quoted(" lead"), "\" lead\"");
    }

    #[test]
    fn times_are_written_as_go_writes_rfc3339() {
        let utc: Zoned = "2024-05-01T00:00:00+00:00[UTC]".parse().unwrap();
        assert_eq!(go_time(Some(&utc)), "2024-05-01T00:00:00Z");
        let east: Zoned = "2026-12-04T21:41:25+08:00[+08:00]".parse().unwrap();
        assert_eq!(go_time(Some(&east)), "2026-12-04T21:41:25+08:00");
        assert_eq!(go_time(None), "0001-01-01T00:00:00Z");
    }
}
