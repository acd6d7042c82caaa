//! One page as the index knows it — its terms with how much each weighs — and the page's
//! fragment: what a result shows (title, section, date, text for the excerpt, headings to link
//! to), a file of its own named after the page's URL, so that it is written with the page and
//! kept with it while the page does not change.

use rust_stemmers::Stemmer;
use serde::{Deserialize, Serialize};

use crate::extract::Heading;
use crate::tokens::{TermSink, for_each_token, with_stem};

/// How much of a page's text a result can quote from: the excerpt is cut around the first
/// match inside it, and the page's fragment file (fetched per result shown) stays small.
pub const TEXT_LIMIT_CHARS: usize = 2500;

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
    /// The page's text (from [`crate::extract::extract`] of its HTML, or as its Markdown was
    /// read) and its headings, where each starts in `text`.
    pub text: &'a str,
    pub headings: &'a [Heading],
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Doc {
    pub url: String,
    /// The page's distinct terms separated by spaces; `weights` in the same order.
    pub terms: String,
    pub weights: Vec<u32>,
    /// How many terms the page's body has, repeats included.
    pub length: u32,
    /// A hash of the page's fragment: the index's stamp changes when any fragment does.
    pub fragment_hash: u64,
}

/// What a result shows of a page, as the browser reads it (`f/NAME.json`).
#[derive(Serialize)]
struct Fragment<'a> {
    url: &'a str,
    title: &'a str,
    section: &'a str,
    date: &'a str,
    /// The page's text, cut at [`TEXT_LIMIT_CHARS`].
    text: &'a str,
    /// Headings within `text`: where each starts (in UTF-16 units, as the browser counts),
    /// its id and its title.
    headings: Vec<(u32, String, String)>,
}

impl Doc {
    /// The page's document, and its fragment's bytes (to write at [`fragment_path`]).
    pub fn new(page: &PageInput<'_>, stemmer: Option<&Stemmer>) -> (Doc, Vec<u8>) {
        let mut counts = Counts::default();
        let mut length = 0u32;
        counts.add_text(page.text, 1, &mut length);
        let mut ignored = 0u32;
        counts.add_text(page.title, TITLE_WEIGHT, &mut ignored);
        for heading in page.headings {
            counts.add_text(&heading.title, HEADING_WEIGHT - 1, &mut ignored);
        }
        let (terms, term_weights) = counts.into_terms(stemmer);
        let (text, headings) = shown_text(page.text, page.headings, TEXT_LIMIT_CHARS);
        let fragment = Fragment {
            url: page.url,
            title: page.title,
            section: page.section,
            date: page.date,
            text: &text,
            headings,
        };
        // Strings and numbers always serialize.
        let bytes = serde_json::to_vec(&fragment).unwrap_or_default();
        let doc = Doc {
            url: page.url.to_owned(),
            terms,
            weights: term_weights,
            length,
            fragment_hash: stable_hash(&bytes),
        };
        (doc, bytes)
    }

    /// The page's terms with their weights.
    pub fn weighted_terms(&self) -> impl Iterator<Item = (&str, u32)> {
        self.terms
            .split(' ')
            .filter(|t| !t.is_empty())
            .zip(self.weights.iter().copied())
    }
}

/// How much each term of a page weighs, CJK terms kept as their characters so that counting
/// them makes no string.
struct Counts {
    /// Words as written (lowercased), with their weight and whether they are stemmed.
    words: foldhash::HashMap<String, (u32, bool)>,
    /// Keyed by the two characters' code points (the second 0 for a lone character).
    cjk: foldhash::HashMap<u64, u32>,
    /// What each term of the text being read adds, and how many terms it had.
    weight: u32,
    seen: u32,
}

impl Default for Counts {
    fn default() -> Counts {
        // About what a long post has: no growing while it is read.
        Counts {
            words: foldhash::HashMap::with_capacity_and_hasher(512, Default::default()),
            cjk: foldhash::HashMap::with_capacity_and_hasher(512, Default::default()),
            weight: 0,
            seen: 0,
        }
    }
}

impl TermSink for Counts {
    fn word(&mut self, word: &str, stemmable: bool) {
        self.seen = self.seen.saturating_add(1);
        match self.words.get_mut(word) {
            Some((w, _)) => *w = w.saturating_add(self.weight),
            None => {
                self.words.insert(word.to_owned(), (self.weight, stemmable));
            }
        }
    }

    fn cjk(&mut self, first: char, second: Option<char>) {
        self.seen = self.seen.saturating_add(1);
        let key = (u64::from(first) << 32) | second.map_or(0, u64::from);
        let w = self.cjk.entry(key).or_insert(0);
        *w = w.saturating_add(self.weight);
    }
}

impl Counts {
    fn add_text(&mut self, text: &str, weight: u32, length: &mut u32) {
        self.weight = weight;
        self.seen = 0;
        for_each_token(text, self);
        *length = length.saturating_add(self.seen);
    }

    /// The terms separated by spaces, in no order (the index sorts every page's together),
    /// and their weights in the same order.
    fn into_terms(self, stemmer: Option<&Stemmer>) -> (String, Vec<u32>) {
        // Words with the same stem are one term.
        let mut stemmed: foldhash::HashMap<String, u32> =
            foldhash::HashMap::with_capacity_and_hasher(self.words.len(), Default::default());
        for (word, (weight, stemmable)) in self.words {
            let mut add = |term: &str| match stemmed.get_mut(term) {
                Some(w) => *w = w.saturating_add(weight),
                None => {
                    stemmed.insert(term.to_owned(), weight);
                }
            };
            match stemmer {
                Some(s) if stemmable => with_stem(s, &word, &mut add),
                _ => add(&word),
            }
        }
        let size: usize = stemmed.keys().map(|t| t.len() + 1).sum::<usize>() + 7 * self.cjk.len();
        let mut terms = String::with_capacity(size);
        let mut weights = Vec::with_capacity(stemmed.len() + self.cjk.len());
        let push = |terms: &mut String| {
            if !terms.is_empty() {
                terms.push(' ');
            }
        };
        for (word, weight) in stemmed {
            push(&mut terms);
            terms.push_str(&word);
            weights.push(weight);
        }
        for (key, weight) in self.cjk {
            let first = char::from_u32((key >> 32) as u32);
            let second = char::from_u32((key & 0xffff_ffff) as u32).filter(|&c| c != '\0');
            push(&mut terms);
            terms.extend(first);
            terms.extend(second);
            weights.push(weight);
        }
        (terms, weights)
    }
}

/// Where a page's fragment goes in the index's folder: named after its URL, so that it stays
/// the same file while the page is not edited, whichever pages are added or removed.
pub fn fragment_path(url: &str) -> String {
    format!("f/{}.json", fragment_name(url))
}

/// The name [`fragment_path`] gives the page at `url`, as the index's page tables list it.
pub fn fragment_name(url: &str) -> String {
    // 48 bits: no two of a hundred thousand pages share one but once in about 50,000 sites.
    format!("{:012x}", stable_hash(url.as_bytes()) >> 16)
}

/// The same on every machine and run, as file names and stamps must be.
pub fn stable_hash(bytes: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x696e_6b73_746f_6e65).hash_one(bytes)
}

/// What a result can quote: `text` up to `limit` characters, whitespace collapsed, ended at a
/// space when one is near; with the headings inside it, at their places in UTF-16 units.
fn shown_text(
    text: &str,
    headings: &[Heading],
    limit: usize,
) -> (String, Vec<(u32, String, String)>) {
    let end = text
        .char_indices()
        .nth(limit)
        .map_or(text.len(), |(at, _)| at);
    let part = &text[..end];
    let mut shown = String::with_capacity(part.len());
    let mut units = 0u32;
    let mut marks = Vec::new();
    let mut next = headings.iter().peekable();
    for piece in part.split_whitespace() {
        let at = piece.as_ptr() as usize - part.as_ptr() as usize;
        if !shown.is_empty() {
            shown.push(' ');
            units += 1;
        }
        while let Some(h) = next.next_if(|h| h.at < at + piece.len()) {
            marks.push((units, h));
        }
        shown.push_str(piece);
        units += if piece.is_ascii() {
            u32::try_from(piece.len()).unwrap_or(u32::MAX)
        } else {
            utf16_len(piece)
        };
    }
    if end < text.len()
        && let Some(cut) = shown.rfind(' ').filter(|&c| c + 200 > shown.len())
    {
        shown.truncate(cut);
    }
    let end = utf16_len(&shown);
    let headings = marks
        .into_iter()
        .filter(|(at, _)| *at < end)
        .map(|(at, h)| (at, h.id.clone(), h.title.clone()))
        .collect();
    (shown, headings)
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
        let page = crate::extract::extract(
            "<p>Gardens and gardening.</p><h2 id=\"soil\">Soil</h2><p>Dig.</p>",
        );
        let (doc, fragment) = Doc::new(
            &PageInput {
                url: "/a/",
                title: "Gardening",
                section: "Posts",
                date: "",
                text: &page.text,
                headings: &page.headings,
            },
            stemmer.as_ref(),
        );
        let weights: std::collections::HashMap<&str, u32> = doc.weighted_terms().collect();
        assert_eq!(weights["garden"], 2 + TITLE_WEIGHT);
        assert_eq!(weights["soil"], HEADING_WEIGHT);
        assert_eq!(weights["dig"], 1);
        assert_eq!(doc.length, 5);
        let fragment: serde_json::Value = serde_json::from_slice(&fragment).unwrap();
        assert_eq!(
            fragment["headings"],
            serde_json::json!([[23, "soil", "Soil"]])
        );
        assert_eq!(fragment["text"], "Gardens and gardening. Soil Dig.");
    }

    fn fragment_of(html: &str) -> serde_json::Value {
        let page = crate::extract::extract(html);
        let (_, bytes) = Doc::new(
            &PageInput {
                url: "/b/",
                title: "",
                section: "",
                date: "",
                text: &page.text,
                headings: &page.headings,
            },
            None,
        );
        serde_json::from_slice(&bytes).unwrap()
    }

    #[test]
    fn long_text_is_cut_and_offsets_count_utf16_units() {
        let long = fragment_of(&format!(
            "<p>{}</p><h2 id=\"x\">𝒳 end</h2>",
            "中文 ".repeat(3000)
        ));
        assert!(long["text"].as_str().unwrap().chars().count() <= TEXT_LIMIT_CHARS);
        assert_eq!(long["headings"], serde_json::json!([]));
        let short = fragment_of("<p>𝒳</p><h2 id=\"y\">Y</h2>");
        assert_eq!(short["headings"][0][0], 3);
    }

    #[test]
    fn text_read_from_markdown_has_its_whitespace_collapsed_and_headings_placed() {
        let text = "Intro  text\n\n    code line\nSetup steps";
        let headings = [Heading {
            at: text.find("Setup").unwrap(),
            id: "setup".into(),
            title: "Setup".into(),
        }];
        let (shown, marks) = shown_text(text, &headings, 1000);
        assert_eq!(shown, "Intro text code line Setup steps");
        assert_eq!(marks, [(21, "setup".to_owned(), "Setup".to_owned())]);
    }

    #[test]
    fn fragment_names_are_stable_and_differ_by_url() {
        assert_eq!(fragment_name("/a/"), fragment_name("/a/"));
        assert_ne!(fragment_name("/a/"), fragment_name("/b/"));
        assert_eq!(fragment_path("/a/").len(), "f/.json".len() + 12);
    }
}
