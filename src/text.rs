//! Text measures and names that must treat Chinese, Japanese and Korean as well as English.

/// Han, kana and Hangul: the scripts in which every character counts as a word.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0x20000..=0x2FA1F) // Extensions B and later
}

/// Full-width and CJK punctuation (`，。：；！？「」（）` …), which never ends a URL.
pub fn is_cjk_punctuation(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF65 | 0xFE30..=0xFE4F)
}

pub fn contains_cjk(text: &str) -> bool {
    text.chars().any(is_cjk)
}

/// Byte offsets at which words start. With `cjk`, each CJK character is a word of its own, as
/// Hugo counts with `hasCJKLanguage`, while runs of other letters still count once. Punctuation
/// alone is not a word.
fn word_starts(text: &str, cjk: bool) -> impl Iterator<Item = usize> + '_ {
    let mut in_word = false;
    text.char_indices().filter_map(move |(i, c)| {
        // Most characters of most pages: decided without the Unicode tables.
        if c.is_ascii() {
            if matches!(c, ' ' | '\t'..='\r') {
                in_word = false;
            } else if !in_word && c.is_ascii_alphanumeric() {
                in_word = true;
                return Some(i);
            }
            return None;
        }
        if cjk && is_cjk(c) {
            in_word = false;
            Some(i)
        } else if c.is_whitespace() || (cjk && is_cjk_punctuation(c)) {
            in_word = false;
            None
        } else if !in_word && c.is_alphanumeric() {
            in_word = true;
            Some(i)
        } else {
            None
        }
    })
}

pub fn word_count(text: &str, cjk: bool) -> usize {
    word_starts(text, cjk).count()
}

/// Words in a text, and how many of them are CJK characters; counts of parts add up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub words: usize,
    pub cjk_chars: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.words += other.words;
        self.cjk_chars += other.cjk_chars;
    }
}

impl Counts {
    /// Counts `text` in one pass, as [`word_count`] does.
    pub fn of(text: &str, cjk: bool) -> Counts {
        let mut counts = Counts::default();
        let bytes = text.as_bytes();
        for start in word_starts(text, cjk) {
            counts.words += 1;
            // CJK characters are three or four bytes long and never ASCII.
            let wide = bytes.get(start).is_some_and(|b| *b >= 0xE3);
            let first = text.get(start..).and_then(|rest| rest.chars().next());
            if cjk && wide && first.is_some_and(is_cjk) {
                counts.cjk_chars += 1;
            }
        }
        counts
    }

    /// Minutes to read: Hugo's 213 words a minute, and 501 CJK characters a minute, summed so
    /// that an English post quoting a few Chinese names is not read at Chinese speed.
    pub fn reading_time(self) -> usize {
        let other_words = self.words - self.cjk_chars;
        let minutes = other_words as f64 / 213.0 + self.cjk_chars as f64 / 501.0;
        minutes.ceil() as usize
    }
}

pub fn reading_time(text: &str, cjk: bool) -> usize {
    Counts::of(text, cjk).reading_time()
}

/// The byte length of the first `limit` words of `text`, counted as [`word_count`] does;
/// `None` when the text is no longer than that.
pub fn truncate_words(text: &str, limit: usize, cjk: bool) -> Option<usize> {
    word_starts(text, cjk).nth(limit)
}

/// A heading id as Hugo's default (GitHub-style) anchors make them: letters and digits of any
/// script kept and lower-cased, spaces to hyphens, other punctuation dropped.
pub fn anchor(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            id.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            id.push('-');
        }
    }
    id
}

/// Hugo's `urlize` for URL segments of terms, slugs and titles: lower-cased, spaces to hyphens,
/// letters of every script kept (`反向代理` stays as it is).
pub fn urlize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_hyphen = false;
    for c in text.trim().chars() {
        let keep = c.is_alphanumeric() || matches!(c, '_' | '.' | '+' | '~' | '@');
        if keep {
            out.extend(c.to_lowercase());
            last_hyphen = false;
        } else if (c.is_whitespace() || c == '-' || c == '/') && !last_hyphen && !out.is_empty() {
            out.push('-');
            last_hyphen = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The first letter in upper case: `tags` → `Tags`.
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Words a title keeps in lower case unless first or last, as Hugo's default `titleCaseStyle`
/// (AP) does: `war of the worlds` → `War of the Worlds`.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "en", "for", "if", "in", "nor", "of", "on", "or",
    "per", "the", "to", "v", "v.", "via", "vs", "vs.",
];

/// Hugo's title case for the titles it makes up (sections, taxonomies, terms): each word's first
/// letter upper-cased, the rest as written (`iPhone tips` → `IPhone Tips`), small words lower
/// case inside the title; spaces kept as they are.
pub fn title_case(text: &str) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let last = words.iter().rposition(|w| !w.is_empty()).unwrap_or(0);
    let first = words.iter().position(|w| !w.is_empty()).unwrap_or(0);
    words
        .iter()
        .enumerate()
        .map(|(i, word)| {
            let small = SMALL_WORDS.contains(&word.to_lowercase().as_str());
            if small && i != first && i != last {
                word.to_lowercase()
            } else {
                capitalize(word)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The title Hugo gives a section without one: its folder's name, plural and title-cased
/// (`blog` → `Blogs`), as `pluralizeListTitles` and `capitalizeListTitles` ask.
pub fn section_title(name: &str, pluralize: bool, capitalize: bool) -> String {
    let name = if pluralize {
        cruet::to_plural(name)
    } else {
        name.to_owned()
    };
    if capitalize { title_case(&name) } else { name }
}

/// A readable title from a file or folder name: `my-first_post` → `My first post`.
pub fn humanize(name: &str) -> String {
    capitalize(&name.replace(['-', '_'], " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_up_titles_are_cased_as_hugo_cases_them() {
        // Each checked against Hugo 0.168's titles for terms and sections without a title.
        assert_eq!(title_case("war of the worlds"), "War of the Worlds");
        assert_eq!(title_case("the lord of the rings"), "The Lord of the Rings");
        assert_eq!(title_case("go is for lovers"), "Go Is for Lovers");
        assert_eq!(title_case("iPhone tips"), "IPhone Tips");
        assert_eq!(title_case("api  gateway"), "Api  Gateway");
        assert_eq!(title_case("TUN/TAP"), "TUN/TAP");
        assert_eq!(title_case("中文 标签"), "中文 标签");
        for (name, title) in [
            ("blog", "Blogs"),
            ("news", "News"),
            ("docs", "Docs"),
            ("category", "Categories"),
            ("person", "People"),
            ("series", "Series"),
            ("quiz", "Quizzes"),
            ("life", "Lives"),
        ] {
            assert_eq!(section_title(name, true, true), title, "{name}");
        }
        assert_eq!(section_title("blog", false, true), "Blog");
        assert_eq!(section_title("blog", false, false), "blog");
    }

    #[test]
    fn counts_cjk_characters_as_words() {
        assert_eq!(word_count("Hello world", true), 2);
        assert_eq!(word_count("云原生社区成立", true), 7);
        assert_eq!(word_count("Jimmy Song(宋净超) is here", true), 7);
        assert_eq!(word_count("云原生社区成立", false), 1);
    }

    #[test]
    fn reading_time_blends_scripts() {
        assert_eq!(reading_time(&"word ".repeat(213), false), 1);
        assert_eq!(reading_time(&"word ".repeat(214), false), 2);
        assert_eq!(reading_time(&"字".repeat(1000), true), 2);
        assert_eq!(reading_time("", true), 0);
    }

    #[test]
    fn truncates_at_word_boundaries() {
        assert_eq!(truncate_words("one two three", 2, false), Some(8));
        assert_eq!(truncate_words("一二三四", 2, true), Some(6));
        assert_eq!(truncate_words("one two", 2, false), None);
    }

    #[test]
    fn names_for_people() {
        assert_eq!(capitalize("tags"), "Tags");
        assert_eq!(humanize("my-first_post"), "My first post");
        assert_eq!(humanize(""), "");
    }

    #[test]
    fn anchors_and_urls_like_hugo() {
        assert_eq!(anchor("Cloud Native Books"), "cloud-native-books");
        assert_eq!(anchor("What's new in 2.0?"), "whats-new-in-20");
        assert_eq!(anchor("云原生 社区"), "云原生-社区");
        assert_eq!(urlize("cloud native"), "cloud-native");
        assert_eq!(urlize("反向代理"), "反向代理");
        assert_eq!(urlize("C++ / Rust"), "c++-rust");
    }
}
