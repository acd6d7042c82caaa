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
