//! The built-in theme's settings, read from `params` whatever the case of their keys (Hugo
//! lowercases params, so `showToc` and `showtoc` are the same), with the theme's defaults.

use serde::Serialize;
use serde_json::{Map, Value as Json};

use crate::config::Config;
use crate::format::{as_bool, get_ci, scalar_string};

#[derive(Debug, Serialize)]
pub struct Settings {
    pub avatar: Option<String>,
    /// Markdown.
    pub bio: Option<String>,
    pub logo: Option<String>,
    /// A CSS colour for links and highlights.
    pub accent: Option<String>,
    /// Markdown, shown in the footer.
    pub footer: Option<String>,
    pub social: Vec<SocialLink>,
    pub show_reading_time: bool,
    pub show_word_count: bool,
    pub show_toc: bool,
    pub show_related: bool,
    pub show_author_card: bool,
    /// Google Analytics measurement id: `params.analytics.google`, or Hugo's `googleAnalytics`
    /// or `services.googleAnalytics.id`. Nothing is loaded without one.
    pub google_analytics: Option<String>,
    /// The share links posts show, in the theme's order; empty when turned off.
    pub share: Vec<&'static str>,
    /// A comment service, shown on posts that do not say `comments: false`.
    pub comments: Option<Comments>,
    /// "Edit this page": the file's path below `content/` is appended to it.
    pub edit_url: Option<String>,
}

/// `[params.comments] provider = "giscus"` with `[params.comments.giscus]`, as Stack spells it;
/// utterances and Disqus likewise (Disqus also from Hugo's `services.disqus.shortname`).
#[derive(Debug, Serialize, Default)]
pub struct Comments {
    pub provider: &'static str,
    pub repo: Option<String>,
    pub repo_id: Option<String>,
    pub category: Option<String>,
    pub category_id: Option<String>,
    pub mapping: String,
    pub label: Option<String>,
    pub shortname: Option<String>,
    pub lang: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SocialLink {
    pub kind: &'static str,
    pub label: &'static str,
    pub url: String,
}

/// The networks the theme knows, in the order it shows them, with how a bare name becomes a URL.
const NETWORKS: &[(&str, &str, &str)] = &[
    ("github", "GitHub", "https://github.com/"),
    ("x", "X", "https://x.com/"),
    ("twitter", "X", "https://x.com/"),
    ("linkedin", "LinkedIn", "https://www.linkedin.com/in/"),
    ("mastodon", "Mastodon", ""),
    ("email", "Email", "mailto:"),
    ("wechat", "WeChat", ""),
];

impl Settings {
    pub fn from_config(config: &Config) -> Settings {
        let empty = Map::new();
        let params = match get_ci(&config.raw, "params") {
            Some(Json::Object(map)) => map,
            _ => &empty,
        };
        let text = |key: &str| {
            get_ci(params, key)
                .and_then(scalar_string)
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        let flag = |key: &str| as_bool(get_ci(params, key)).unwrap_or(true);
        Settings {
            avatar: text("avatar"),
            bio: text("bio"),
            logo: text("logo"),
            accent: text("accent").filter(|c| is_css_colour(c)),
            footer: text("footer"),
            social: social_links(get_ci(params, "social")),
            show_reading_time: flag("showReadingTime"),
            show_word_count: flag("showWordCount"),
            show_toc: flag("showToc"),
            show_related: flag("showRelated"),
            show_author_card: flag("showAuthorCard"),
            google_analytics: google_analytics(config, params),
            share: share_links(params),
            comments: comments(config, params),
            edit_url: edit_url(params),
        }
    }
}

impl Settings {
    /// Makes the images named by site-relative paths (`images/me.png`) into URLs of the site.
    pub fn with_urls(mut self, url: impl Fn(&str) -> String) -> Settings {
        let fix = |value: &mut Option<String>| {
            if let Some(v) = value.as_mut()
                && !v.contains("://")
                && !v.starts_with("//")
                && !v.starts_with("data:")
            {
                *v = url(v);
            }
        };
        fix(&mut self.avatar);
        fix(&mut self.logo);
        for link in &mut self.social {
            if link.kind == "wechat" && !link.url.contains("://") {
                link.url = url(&link.url);
            }
        }
        self
    }
}

fn social_links(value: Option<&Json>) -> Vec<SocialLink> {
    let Some(Json::Object(map)) = value else {
        return Vec::new();
    };
    let mut links: Vec<SocialLink> = Vec::new();
    for &(kind, label, prefix) in NETWORKS {
        let Some(raw) = get_ci(map, kind).and_then(scalar_string) else {
            continue;
        };
        let raw = raw.trim();
        if raw.is_empty() || links.iter().any(|l| l.label == label) {
            continue;
        }
        let url = if raw.contains("://")
            || raw.starts_with('/')
            || raw.starts_with("mailto:")
            || kind == "wechat"
        {
            raw.to_owned()
        } else if kind == "mastodon" {
            mastodon_url(raw)
        } else {
            format!("{prefix}{}", raw.trim_start_matches('@'))
        };
        links.push(SocialLink { kind, label, url });
    }
    links
}

/// The share links the theme can make, in the order it shows them.
const SHARE: &[&str] = &[
    "x",
    "linkedin",
    "weibo",
    "telegram",
    "hackernews",
    "email",
    "copy",
];

/// On unless `params.share = false` (or PaperMod's `ShowShareButtons = false`); PaperMod's
/// `ShareButtons = ["x", "linkedin"]` keeps only those.
fn share_links(params: &Map<String, Json>) -> Vec<&'static str> {
    let on = as_bool(get_ci(params, "share"))
        .or_else(|| as_bool(get_ci(params, "showShareButtons")))
        .unwrap_or(true);
    if !on {
        return Vec::new();
    }
    let wanted: Vec<String> = crate::format::string_list(get_ci(params, "shareButtons"))
        .iter()
        .map(|s| match s.trim().to_ascii_lowercase().as_str() {
            "twitter" => "x".to_owned(),
            "ycombinator" | "hn" => "hackernews".to_owned(),
            other => other.to_owned(),
        })
        .collect();
    SHARE
        .iter()
        .copied()
        .filter(|kind| wanted.is_empty() || wanted.iter().any(|w| w == kind))
        .collect()
}

fn comments(config: &Config, params: &Map<String, Json>) -> Option<Comments> {
    let table = match get_ci(params, "comments") {
        Some(Json::Object(t)) => Some(t),
        _ => None,
    };
    let disqus_shortname = || {
        let hugo = match get_ci(&config.raw, "services") {
            Some(Json::Object(services)) => match get_ci(services, "disqus") {
                Some(Json::Object(d)) => get_ci(d, "shortname").and_then(scalar_string),
                _ => None,
            },
            _ => None,
        };
        hugo.or_else(|| get_ci(&config.raw, "disqusShortname").and_then(scalar_string))
            .filter(|s| !s.trim().is_empty())
    };
    let Some(table) = table else {
        return disqus_shortname().map(|shortname| Comments {
            provider: "disqus",
            shortname: Some(shortname),
            ..Comments::default()
        });
    };
    if as_bool(get_ci(table, "enabled")) == Some(false) {
        return None;
    }
    let provider = get_ci(table, "provider").and_then(scalar_string)?;
    let provider = match provider.trim().to_ascii_lowercase().as_str() {
        "giscus" => "giscus",
        "utterances" => "utterances",
        "disqus" => "disqus",
        _ => return None,
    };
    let empty = Map::new();
    let own = match get_ci(table, provider) {
        Some(Json::Object(t)) => t,
        _ => &empty,
    };
    let text = |key: &str| {
        get_ci(own, key)
            .and_then(scalar_string)
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    };
    let comments = Comments {
        provider,
        repo: text("repo"),
        repo_id: text("repoID"),
        category: text("category"),
        category_id: text("categoryID"),
        mapping: text("mapping")
            .or_else(|| text("issueTerm"))
            .unwrap_or_else(|| "pathname".to_owned()),
        label: text("label"),
        shortname: text("shortname").or_else(disqus_shortname),
        lang: text("lang"),
    };
    let complete = match provider {
        "giscus" => {
            comments.repo.is_some() && comments.repo_id.is_some() && comments.category_id.is_some()
        }
        "utterances" => comments.repo.is_some(),
        _ => comments.shortname.is_some(),
    };
    complete.then_some(comments)
}

/// `params.editURL` (or PaperMod's `editPost.URL`), ending in `/`: the content file's path is
/// appended to it.
fn edit_url(params: &Map<String, Json>) -> Option<String> {
    let nonempty = |v: Option<&Json>| {
        v.and_then(scalar_string)
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    };
    let url = nonempty(get_ci(params, "editURL")).or_else(|| match get_ci(params, "editPost") {
        Some(Json::Object(post)) => nonempty(get_ci(post, "URL")),
        _ => None,
    })?;
    Some(if url.ends_with('/') {
        url
    } else {
        format!("{url}/")
    })
}

/// `@name@example.social` → `https://example.social/@name`.
fn mastodon_url(handle: &str) -> String {
    let handle = handle.trim_start_matches('@');
    match handle.split_once('@') {
        Some((name, host)) => format!("https://{host}/@{name}"),
        None => format!("https://mastodon.social/@{handle}"),
    }
}

fn google_analytics(config: &Config, params: &Map<String, Json>) -> Option<String> {
    let from_params = match get_ci(params, "analytics") {
        Some(Json::Object(a)) => get_ci(a, "google").and_then(scalar_string),
        _ => None,
    };
    let hugo_old = get_ci(&config.raw, "googleAnalytics").and_then(scalar_string);
    let hugo_new = match get_ci(&config.raw, "services") {
        Some(Json::Object(services)) => match get_ci(services, "googleAnalytics") {
            Some(Json::Object(ga)) => get_ci(ga, "id").and_then(scalar_string),
            _ => None,
        },
        _ => None,
    };
    from_params
        .or(hugo_old)
        .or(hugo_new)
        .map(|id| id.trim().to_owned())
        .filter(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

/// A colour safe to put in a style attribute: a hex colour, or a name or function without
/// characters that could end the declaration.
fn is_css_colour(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 64
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "#(),.% -".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn social_names_become_urls() {
        let value: Json = serde_json::json!({
            "GitHub": "ada", "twitter": "@ada", "Mastodon": "@ada@example.social",
            "email": "ada@example.org", "linkedin": "https://www.linkedin.com/in/ada-w/"
        });
        let links = social_links(Some(&value));
        let urls: Vec<&str> = links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://github.com/ada",
                "https://x.com/ada",
                "https://www.linkedin.com/in/ada-w/",
                "https://example.social/@ada",
                "mailto:ada@example.org"
            ]
        );
    }

    #[test]
    fn only_plain_colours_reach_the_style_attribute() {
        assert!(is_css_colour("#0a7"));
        assert!(is_css_colour("rgb(10, 120, 90)"));
        assert!(!is_css_colour("red; background: url(x)"));
        assert!(!is_css_colour("red}</style>"));
    }
}
