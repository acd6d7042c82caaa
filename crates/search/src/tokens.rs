//! Text → the terms the index is keyed by. The browser splits a query with the same rules
//! (`theme/assets/search.js`), so any change here must be made there too; the agreement test
//! in `tests/` runs both over the same words.
//!
//! - Letters and digits in a row are a word, lowercased; everything else separates words.
//! - A word of ASCII letters is stemmed when the language has a stemmer (English: Porter2), so
//!   "running" and "runs" find "run".
//! - Chinese, Japanese and Korean are written without spaces between words: a run of such
//!   characters gives every pair of neighbours (two-character "bigrams"), so a word of any
//!   length inside running text is found by the pairs it is made of, with no dictionary.

use rust_stemmers::{Algorithm, Stemmer};

/// Words longer than this are not words (hashes, base64): never indexed.
pub const MAX_WORD_CHARS: usize = 40;

/// The stemmer for a language code (`en`, `en-us`), if the browser side has one too.
pub fn stemmer_for(lang: &str) -> Option<Stemmer> {
    let primary = lang.split(['-', '_']).next().unwrap_or_default();
    primary
        .eq_ignore_ascii_case("en")
        .then(|| Stemmer::create(Algorithm::English))
}

/// Characters of scripts written without spaces between words (Han, kana, Hangul).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}')
}

/// What receives the terms of a text, as [`for_each_token`] reads them.
pub trait TermSink {
    /// A word, lowercased; `stemmable` when it is ASCII letters only, what a stemmer stems.
    fn word(&mut self, word: &str, stemmable: bool);
    /// A pair of neighbouring CJK characters, or a lone one.
    fn cjk(&mut self, first: char, second: Option<char>);
}

/// Calls `each` with every term of `text`, in order, repeats included.
pub fn for_each_term(text: &str, stemmer: Option<&Stemmer>, each: impl FnMut(&str)) {
    struct Strings<'s, F> {
        each: F,
        pair: String,
        stemmer: Option<&'s Stemmer>,
    }
    impl<F: FnMut(&str)> TermSink for Strings<'_, F> {
        fn word(&mut self, word: &str, stemmable: bool) {
            match self.stemmer {
                Some(stemmer) if stemmable => with_stem(stemmer, word, &mut self.each),
                _ => (self.each)(word),
            }
        }
        fn cjk(&mut self, first: char, second: Option<char>) {
            self.pair.clear();
            self.pair.push(first);
            self.pair.extend(second);
            (self.each)(&self.pair);
        }
    }
    let mut sink = Strings {
        each,
        pair: String::new(),
        stemmer,
    };
    for_each_token(text, &mut sink);
}

/// Like [`for_each_term`], with words not yet stemmed (a page stems each distinct word once)
/// and the terms of CJK text given as their characters (no string is made for each): what
/// counting a page's terms needs.
pub fn for_each_token(text: &str, sink: &mut impl TermSink) {
    let mut word = Word::default();
    let mut run = CjkRun::default();
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        if b.is_ascii_alphanumeric() {
            // Most text is ASCII: a run of letters and digits is taken at once.
            run.end(sink);
            let start = at;
            while bytes.get(at).is_some_and(u8::is_ascii_alphanumeric) {
                at += 1;
            }
            word.push_ascii(&text[start..at]);
        } else if b.is_ascii() {
            run.end(sink);
            word.flush(sink);
            at += 1;
        } else {
            let Some(c) = text[at..].chars().next() else {
                break;
            };
            at += c.len_utf8();
            if is_cjk(c) {
                word.flush(sink);
                run.push(c, sink);
            } else {
                run.end(sink);
                if c.is_alphanumeric() {
                    word.push(c);
                } else {
                    word.flush(sink);
                }
            }
        }
    }
    run.end(sink);
    word.flush(sink);
}

/// The CJK run being read: its last character, and whether it made a pair yet.
#[derive(Default)]
struct CjkRun {
    last: Option<char>,
    paired: bool,
}

impl CjkRun {
    fn push(&mut self, c: char, sink: &mut impl TermSink) {
        if let Some(previous) = self.last {
            sink.cjk(previous, Some(c));
            self.paired = true;
        }
        self.last = Some(c);
    }

    /// A run of one character is a term of its own.
    fn end(&mut self, sink: &mut impl TermSink) {
        if let Some(last) = self.last.take()
            && !self.paired
        {
            sink.cjk(last, None);
        }
        self.paired = false;
    }
}

/// The word being read, lowercased, with what deciding its term needs.
#[derive(Default)]
struct Word {
    text: String,
    chars: usize,
    /// Only ASCII letters: what the stemmer stems.
    letters_only: bool,
}

impl Word {
    fn push_ascii(&mut self, letters_and_digits: &str) {
        if self.chars == 0 {
            self.letters_only = true;
        }
        self.letters_only &= letters_and_digits.bytes().all(|b| b.is_ascii_alphabetic());
        let start = self.text.len();
        self.text.push_str(letters_and_digits);
        self.text[start..].make_ascii_lowercase();
        self.chars += letters_and_digits.len();
    }

    fn push(&mut self, c: char) {
        self.text.extend(c.to_lowercase());
        self.letters_only = false;
        self.chars += 1;
    }

    fn flush(&mut self, sink: &mut impl TermSink) {
        if self.chars == 0 {
            return;
        }
        if self.chars <= MAX_WORD_CHARS {
            sink.word(&self.text, self.letters_only);
        }
        self.text.clear();
        self.chars = 0;
    }
}

/// Distinct words this thread has stemmed, and their stems: a site's vocabulary is small next
/// to its text, and stemming is most of the cost of reading a page.
const STEM_CACHE_WORDS: usize = 200_000;

thread_local! {
    static STEMS: std::cell::RefCell<foldhash::HashMap<String, String>> =
        std::cell::RefCell::new(foldhash::HashMap::default());
}

/// Calls `each` with the stem of `word`.
pub fn with_stem(stemmer: &Stemmer, word: &str, each: &mut impl FnMut(&str)) {
    STEMS.with(|cell| {
        let mut stems = cell.borrow_mut();
        if let Some(stem) = stems.get(word) {
            each(stem);
            return;
        }
        let stem = stemmer.stem(word).into_owned();
        each(&stem);
        if stems.len() >= STEM_CACHE_WORDS {
            stems.clear();
        }
        stems.insert(word.to_owned(), stem);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str, lang: &str) -> Vec<String> {
        let stemmer = stemmer_for(lang);
        let mut out = Vec::new();
        for_each_term(text, stemmer.as_ref(), |t| out.push(t.to_owned()));
        out
    }

    #[test]
    fn english_words_are_lowercased_and_stemmed() {
        assert_eq!(
            terms("The Runners were RUNNING, node.js v2", "en"),
            ["the", "runner", "were", "run", "node", "js", "v2"]
        );
        assert_eq!(terms("running", "fr"), ["running"]);
    }

    #[test]
    fn cjk_runs_become_pairs_of_neighbours() {
        assert_eq!(
            terms("静态网站生成器 is fast", "zh"),
            ["静态", "态网", "网站", "站生", "生成", "成器", "is", "fast"]
        );
        assert_eq!(terms("书，Rust语言", "zh"), ["书", "rust", "语言"]);
        assert_eq!(terms("すばやい", "ja"), ["すば", "ばや", "やい"]);
    }

    #[test]
    fn overlong_words_are_left_out() {
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(terms(&format!("{long} ok"), "de"), ["ok"]);
    }
}
