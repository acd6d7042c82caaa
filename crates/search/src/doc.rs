//! One page as the index knows it: what a result shows (title, section, date, text for the
//! excerpt, headings to link to) and the page's terms with how much each weighs.

use std::collections::HashMap;

use rust_stemmers::Stemmer;
use serde::{Deserialize, Serialize};

use crate::extract::extract;
use crate::tokens::for_each_term;

/// How much of a page's text a result can quote from: the excerpt is cut around the first
/// match inside it, and the page's fragment file (fetched per result shown) stays small.
pub const TEXT_LIMIT_CHARS: usize = 4000;

/// A word of the title counts as this many in the body; a word of a heading as this many.
const TITLE_WEIGHT: u32 = 8;
const HEADING_WEIGHT: u32 = 2;

/// What a caller knows of a page.
pub struct PageInput<'a> {
    /// As the browser links to it (the site's base path included).
    pub url: &'a str,
    pub title: &'a str,
    /// The title of the section the page is in, shown with the result.
    pub section: &'a str,
    /// Shown with the result as written, e.g. `2024-05-01`.
    pub date: &'a str,
    /// The page's content, as HTML.
    pub html: &'a str,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Doc {
    pub url: String,
    pub title: String,
    pub section: String,
    pub date: String,
    /// The page's text, cut at [`TEXT_LIMIT_CHARS`].
    pub text: String,
    /// Headings within `text`: where each starts (in UTF-16 units, as the browser counts),
    /// its id and its title.
    pub headings: Vec<(u32, String, String)>,
    /// The page's distinct terms, sorted, separated by spaces; `weights` in the same order.
    pub terms: String,
    pub weights: Vec<u32>,
    /// How many terms the page's body has, repeats included.
    pub length: u32,
}

impl Doc {
    pub fn new(page: &PageInput<'_>, stemmer: Option<&Stemmer>) -> Doc {
        let extracted = extract(page.html);
        let mut weights: HashMap<String, u32> = HashMap::new();
        let mut add = |term: &str, weight: u32| match weights.get_mut(term) {
            Some(w) => *w = w.saturating_add(weight),
            None => {
                weights.insert(term.to_owned(), weight);
            }
        };
        let mut length = 0u32;
        for_each_term(&extracted.text, stemmer, |t| {
            length = length.saturating_add(1);
            add(t, 1);
        });
        for_each_term(page.title, stemmer, |t| add(t, TITLE_WEIGHT));
        for heading in &extracted.headings {
            for_each_term(&heading.title, stemmer, |t| add(t, HEADING_WEIGHT - 1));
        }
        let mut sorted: Vec<(String, u32)> = weights.into_iter().collect();
        sorted.sort_unstable();
        let terms = sorted
            .iter()
            .map(|(t, _)| t.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let text = cut(&extracted.text, TEXT_LIMIT_CHARS);
        let headings = extracted
            .headings
            .into_iter()
            .filter(|h| h.at < text.len())
            .map(|h| (utf16_len(&text[..h.at]), h.id, h.title))
            .collect();
        Doc {
            url: page.url.to_owned(),
            title: page.title.to_owned(),
            section: page.section.to_owned(),
            date: page.date.to_owned(),
            text: text.to_owned(),
            headings,
            terms,
            weights: sorted.into_iter().map(|(_, w)| w).collect(),
            length,
        }
    }

    /// The page's terms with their weights.
    pub fn weighted_terms(&self) -> impl Iterator<Item = (&str, u32)> {
        self.terms
            .split(' ')
            .filter(|t| !t.is_empty())
            .zip(self.weights.iter().copied())
    }
}

/// `text` up to `limit` characters, ended at a space when one is near.
fn cut(text: &str, limit: usize) -> &str {
    let Some((end, _)) = text.char_indices().nth(limit) else {
        return text;
    };
    let head = &text[..end];
    match head.rfind(' ') {
        Some(space) if space + 200 > end => &head[..space],
        _ => head,
    }
}

fn utf16_len(s: &str) -> u32 {
    u32::try_from(s.encode_utf16().count()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::stemmer_for;

    #[test]
    fn title_and_heading_words_weigh_more_than_body_words() {
        let stemmer = stemmer_for("en");
        let doc = Doc::new(
            &PageInput {
                url: "/a/",
                title: "Gardening",
                section: "Posts",
                date: "",
                html: "<p>Gardens and gardening.</p><h2 id=\"soil\">Soil</h2><p>Dig.</p>",
            },
            stemmer.as_ref(),
        );
        let weights: HashMap<&str, u32> = doc.weighted_terms().collect();
        assert_eq!(weights["garden"], 2 + TITLE_WEIGHT);
        assert_eq!(weights["soil"], HEADING_WEIGHT);
        assert_eq!(weights["dig"], 1);
        assert_eq!(doc.length, 5);
        assert_eq!(doc.headings, [(23, "soil".to_owned(), "Soil".to_owned())]);
    }

    #[test]
    fn long_text_is_cut_and_offsets_count_utf16_units() {
        let body = format!("<p>{}</p><h2 id=\"x\">𝒳 end</h2>", "中文 ".repeat(3000));
        let doc = Doc::new(
            &PageInput {
                url: "/b/",
                title: "",
                section: "",
                date: "",
                html: &body,
            },
            None,
        );
        assert!(doc.text.chars().count() <= TEXT_LIMIT_CHARS);
        assert!(doc.headings.is_empty());
        let doc = Doc::new(
            &PageInput {
                url: "/c/",
                title: "",
                section: "",
                date: "",
                html: "<p>𝒳</p><h2 id=\"y\">Y</h2>",
            },
            None,
        );
        assert_eq!(doc.headings[0].0, 3);
    }
}
