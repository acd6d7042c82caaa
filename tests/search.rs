//! The built-in search: which pages the index holds, per language, how it is turned off, and —
//! with Node and Chromium — that the browser finds English and Chinese words on a site served
//! under a sub-path, and splits queries exactly as the index splits pages.

mod common;

use std::collections::BTreeSet;
use std::process::Command;

use common::{Built, build_files, repo_path};
use serde_json::Value;

const SITE: &[(&str, &str)] = &[
    (
        "hugo.toml",
        "baseURL = \"https://example.org/blog/\"\ntitle = \"Search fixture\"\n\
         [params.search]\nexclude = [\"/notes/private-*/\"]\n",
    ),
    (
        "content/posts/garden.md",
        "---\ntitle: Notes from the allotment\ndate: 2024-03-01\n---\n\
         We spent the weekend replanting tomatoes. The hedgehogs were wandering between the beds.\n\n\
         ## Watering\n\nWatering early keeps the leaves dry.\n",
    ),
    (
        "content/posts/bread.md",
        "---\ntitle: Sourdough diary\ndate: 2024-04-01\n---\n\
         A loaf rises slowly overnight; the starter smells of apples.\n",
    ),
    (
        "content/posts/zh-notes.md",
        "---\ntitle: 社区聚会回顾\ndate: 2024-05-01\n---\n\
         上周我们在杭州举办了一次开源社区聚会，大家讨论了静态网站生成器的未来和文档翻译。\n",
    ),
    (
        "content/posts/draft.md",
        "---\ntitle: Unfinished\ndraft: true\n---\nhedgehogs in a draft\n",
    ),
    (
        "content/posts/hidden.md",
        "---\ntitle: Private\nsearch: false\n---\nhedgehogs kept out\n",
    ),
    (
        "content/notes/private-diary.md",
        "---\ntitle: Diary\n---\nhedgehogs excluded by a glob\n",
    ),
    (
        "content/notes/_index.md",
        "---\ntitle: Notes\n---\nShort notes on gardening.\n",
    ),
];

/// Every page's fragment, by id, found as the browser finds them: through the page tables.
fn fragments(b: &Built, dir: &str) -> Vec<Value> {
    let meta: Value = serde_json::from_str(&b.file(&format!("{dir}meta.json"))).unwrap();
    let pages = meta["pages"].as_u64().unwrap() as usize;
    let per_table = meta["table"].as_u64().unwrap() as usize;
    (0..pages)
        .map(|id| {
            let table: Vec<String> =
                serde_json::from_str(&b.file(&format!("{dir}p/{}.json", id / per_table))).unwrap();
            let name = &table[id % per_table];
            serde_json::from_str(&b.file(&format!("{dir}f/{name}.json"))).unwrap()
        })
        .collect()
}

fn urls(fragments: &[Value]) -> BTreeSet<String> {
    fragments
        .iter()
        .map(|f| f["url"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_index_holds_published_searchable_pages_with_their_text_and_headings() {
    // Drafts are built with -D, and still never indexed.
    let b = build_files(SITE, &["-D"]);
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(b.exists("posts/draft/index.html"));
    let meta: Value = serde_json::from_str(&b.file("search-index/meta.json")).unwrap();
    assert_eq!(meta["format"], 2);
    assert_eq!(meta["stemmer"], "english");
    assert!(b.exists("search-index/i/0.bin"));
    let all = fragments(&b, "search-index/");
    assert_eq!(
        urls(&all),
        BTreeSet::from(
            [
                "/blog/notes/",
                "/blog/posts/bread/",
                "/blog/posts/garden/",
                "/blog/posts/zh-notes/"
            ]
            .map(String::from)
        )
    );
    let garden = all
        .iter()
        .find(|f| f["url"] == "/blog/posts/garden/")
        .unwrap();
    assert_eq!(garden["title"], "Notes from the allotment");
    assert_eq!(garden["section"], "Posts");
    assert_eq!(garden["date"], "2024-03-01");
    assert!(
        garden["text"]
            .as_str()
            .unwrap()
            .starts_with("We spent the weekend replanting tomatoes.")
    );
    let heading = &garden["headings"][0];
    assert_eq!(heading[1], "watering");
    assert_eq!(heading[2], "Watering");
    let at = heading[0].as_u64().unwrap() as usize;
    assert!(garden["text"].as_str().unwrap()[at..].starts_with("Watering"));

    // The page's search box points at the index under the base path.
    let page = b.html("posts/garden/index.html");
    assert_eq!(
        page.attr(".site-search", "data-index"),
        "/blog/search-index/"
    );
    assert_eq!(
        page.attr(".site-search", "data-script"),
        "/blog/assets/search.js"
    );
    assert!(b.exists("assets/search.js"));
}

#[test]
fn each_language_has_its_own_index() {
    let b = build_files(
        &[
            (
                "hugo.toml",
                "baseURL = \"https://example.org/\"\ndefaultContentLanguage = \"en\"\n\
                 [languages.en]\nweight = 1\n[languages.zh]\nweight = 2\nlanguageName = \"中文\"\n",
            ),
            (
                "content/hello.md",
                "---\ntitle: Hello\n---\nRunning notes.\n",
            ),
            (
                "content/hello.zh.md",
                "---\ntitle: 你好\n---\n我们在杭州见面。\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let en = fragments(&b, "search-index/");
    let zh = fragments(&b, "zh/search-index/");
    assert_eq!(urls(&en), BTreeSet::from(["/hello/".to_owned()]));
    assert_eq!(urls(&zh), BTreeSet::from(["/zh/hello/".to_owned()]));
    let zh_meta: Value = serde_json::from_str(&b.file("zh/search-index/meta.json")).unwrap();
    assert_eq!(zh_meta["language"], "zh");
    assert_eq!(zh_meta["stemmer"], Value::Null);
    assert_eq!(
        b.html("zh/hello/index.html")
            .attr(".site-search", "data-index"),
        "/zh/search-index/"
    );
    assert_eq!(
        b.html("zh/hello/index.html")
            .attr("#search-input", "placeholder"),
        "搜索本站"
    );
}

#[test]
fn search_is_turned_off_by_a_config_key_or_disable_kinds() {
    for config in [
        "title = \"Off\"\n[params.search]\nenable = false\n",
        "title = \"Off\"\ndisableKinds = [\"search\"]\n",
    ] {
        let b = build_files(
            &[
                ("hugo.toml", config),
                ("content/a.md", "---\ntitle: A\n---\nText.\n"),
            ],
            &[],
        );
        assert!(b.succeeded(), "{}", b.stderr());
        assert!(!b.exists("search-index/meta.json"), "{config}");
        assert!(
            b.html("a/index.html").select(".site-search").is_empty(),
            "{config}"
        );
    }
}

#[test]
fn a_site_with_pages_where_the_index_would_go_keeps_them() {
    let b = build_files(
        &[(
            "content/search-index/_index.md",
            "---\ntitle: Mine\n---\nMy own page.\n",
        )],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(b.file("search-index/index.html").contains("My own page."));
    assert!(!b.exists("search-index/meta.json"));
    assert!(
        b.html("index.html").select(".site-search").is_empty(),
        "a search box with no index"
    );
}

#[test]
#[ignore = "needs chromium and the npm packages of tests/browser (.ci/run installs them)"]
fn the_browser_finds_english_and_chinese_words_under_a_sub_path() {
    let b = build_files(SITE, &["-D"]);
    assert!(b.succeeded(), "{}", b.stderr());
    search_works_in_chromium(&b);
}

/// Runs tests/browser/search.mjs over the built site, served under /blog/.
fn search_works_in_chromium(b: &common::Built) {
    let out = Command::new("node")
        .arg(repo_path("tests/browser/search.mjs"))
        .arg(b.public())
        .arg("/blog/")
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("search in chromium: ok"), "{stdout}");
}

/// Words to split both ways: the repository's own prose, and English words built to reach every
/// step of the stemmer.
fn sample_text() -> String {
    let mut text = String::new();
    for dir in ["examples", "compat/fixtures"] {
        for entry in walkdir::WalkDir::new(repo_path(dir)) {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "md") {
                text.push_str(&std::fs::read_to_string(entry.path()).unwrap());
                text.push('\n');
            }
        }
    }
    for doc in ["README.md", "ARCHITECTURE.md"] {
        text.push_str(&std::fs::read_to_string(repo_path(doc)).unwrap());
        text.push('\n');
    }
    let roots = [
        "run",
        "hop",
        "hope",
        "generat",
        "communit",
        "arsen",
        "relat",
        "rational",
        "condition",
        "nation",
        "digit",
        "sensitiv",
        "hopeful",
        "electric",
        "formal",
        "adjust",
        "depend",
        "defens",
        "effect",
        "prob",
        "happ",
        "cry",
        "sky",
        "agree",
        "feed",
        "plaster",
        "bled",
        "sing",
        "fizz",
        "controll",
        "roll",
        "bake",
        "univers",
        "organ",
        "past",
        "emerg",
        "later",
        "say",
        "yell",
        "enjoy",
        "idl",
        "gentl",
        "ugl",
        "earl",
        "onl",
        "singl",
        "tie",
        "die",
        "lie",
        "news",
        "atlas",
        "cosmos",
        "bias",
        "andes",
        "inn",
        "out",
        "cann",
        "herr",
        "earr",
        "proceed",
        "exceed",
        "succeed",
        "ski",
        "analog",
        "geolog",
        "fulli",
        "lessli",
        "hop",
    ];
    let suffixes = [
        "", "s", "es", "ies", "ied", "sses", "us", "ss", "ed", "edly", "eed", "eedly", "ing",
        "ingly", "y", "ly", "li", "ally", "ness", "ful", "fulness", "ation", "ational", "tional",
        "izer", "ization", "ement", "ment", "ent", "able", "ible", "ity", "iviti", "iveness",
        "ousness", "ousli", "alism", "aliti", "alli", "enci", "anci", "abli", "entli", "biliti",
        "bli", "ogi", "ative", "alize", "icate", "iciti", "ical", "ance", "ence", "er", "ers",
        "ic", "ant", "ism", "ate", "iti", "ous", "ive", "ize", "ion", "sion", "tion", "al", "e",
        "le", "ll", "at", "bl", "iz", "ying", "yed", "ys",
    ];
    for root in roots {
        let line: Vec<String> = suffixes.iter().map(|s| format!("{root}{s}")).collect();
        text.push_str(&line.join(" "));
        text.push('\n');
    }
    text.push_str("中文搜索，日本語のテキスト、한국어 검색 and 𠀀𠀁 mixed123 ÉCOLE naïve straße\n");
    text
}

#[test]
#[ignore = "needs node (.ci/run installs it with the browser tests)"]
fn the_browser_splits_and_stems_text_exactly_as_the_index_does() {
    let text = sample_text();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("text.txt");
    std::fs::write(&file, &text).unwrap();
    let out = Command::new("node")
        .arg(repo_path("tests/browser/terms.mjs"))
        .arg(&file)
        .arg("1")
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let from_js = String::from_utf8(out.stdout).unwrap();
    let stemmer = inkstone_search::stemmer_for("en");
    let mut differences = Vec::new();
    let mut compared = 0;
    for (line, js) in text.split('\n').zip(from_js.split('\n')) {
        let js: Vec<String> = serde_json::from_str(js).unwrap();
        let mut rust = Vec::new();
        inkstone_search::tokens::for_each_term(line, stemmer.as_ref(), |t| {
            rust.push(t.to_owned());
        });
        compared += rust.len();
        if rust != js {
            for (r, j) in rust.iter().zip(&js) {
                if r != j {
                    differences.push(format!("{r} (index) vs {j} (browser)"));
                }
            }
            if rust.len() != js.len() {
                differences.push(format!("{} vs {} terms in {line:?}", rust.len(), js.len()));
            }
        }
    }
    differences.sort();
    differences.dedup();
    assert!(compared > 10_000, "only {compared} terms compared");
    assert!(
        differences.is_empty(),
        "{} differences, e.g. {:?}",
        differences.len(),
        &differences[..differences.len().min(40)]
    );
}

#[test]
#[ignore = "needs chromium and the npm packages of tests/browser (.ci/run installs them)"]
fn search_works_the_same_in_a_minified_site() {
    let b = build_files(SITE, &["-D", "--minify"]);
    assert!(b.succeeded(), "{}", b.stderr());
    let js = b.file("assets/search.js");
    assert!(!js.contains("\n  "), "search.js is minified");
    search_works_in_chromium(&b);
}
