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

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Calls `each` with every term of `text`, in order, repeats included.
pub fn for_each_term(text: &str, stemmer: Option<&Stemmer>, mut each: impl FnMut(&str)) {
    let mut word = String::new();
    let mut cjk: Vec<char> = Vec::new();
    let mut pair = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if is_word_char(c) {
            flush_cjk(&mut cjk, &mut pair, &mut each);
            word.extend(c.to_lowercase());
        } else if is_cjk(c) {
            flush_word(&mut word, stemmer, &mut each);
            cjk.push(c);
        } else {
            flush_word(&mut word, stemmer, &mut each);
            flush_cjk(&mut cjk, &mut pair, &mut each);
        }
    }
}

fn flush_word(word: &mut String, stemmer: Option<&Stemmer>, each: &mut impl FnMut(&str)) {
    if word.is_empty() {
        return;
    }
    if word.chars().count() <= MAX_WORD_CHARS {
        match stemmer {
            Some(s) if word.bytes().all(|b| b.is_ascii_lowercase()) => each(&s.stem(word)),
            _ => each(word),
        }
    }
    word.clear();
}

fn flush_cjk(run: &mut Vec<char>, pair: &mut String, each: &mut impl FnMut(&str)) {
    match run.len() {
        0 => return,
        1 => {
            pair.clear();
            pair.push(run[0]);
            each(pair);
        }
        _ => {
            for two in run.windows(2) {
                pair.clear();
                pair.extend(two);
                each(pair);
            }
        }
    }
    run.clear();
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
