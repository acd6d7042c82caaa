//! The pages of one language → the files a browser fetches, each only when a query needs it:
//!
//! - `meta.json`: the number of pages, whether words are stemmed, the first term of each index
//!   chunk (a few KB even at 10,000 pages), and a `build` stamp added to the other files' URLs
//!   so a browser never mixes two builds.
//! - `i/N.bin`: the terms, sorted, cut into chunks of about [`CHUNK_BYTES`]; a query fetches
//!   only the chunk that holds its term (the next ones too while the term is a prefix).
//!   Each entry: the length of the prefix shared with the previous term (varint), the rest's
//!   length (varint) and bytes, the number of pages (varint), then each page as the gap from
//!   the previous page's id (varint) and its score (one byte, BM25 scaled to 1–255).
//! - `p/K.json`: pages `K × TABLE_PAGES` onwards, by id: the names of their fragments.
//! - `f/NAME.json` (made with each page, see [`crate::doc`]): what a result shows.

use foldhash::HashMap;
use rayon::prelude::*;
use serde::Serialize;

use crate::doc::{Doc, fragment_name, stable_hash};

/// About how large an index chunk grows before the next starts. A term that alone is larger
/// (a word in every page of a large site) is a chunk of its own.
pub const CHUNK_BYTES: usize = 12 * 1024;

/// Pages per page table: a result costs the browser one table of about 2 KB.
pub const TABLE_PAGES: usize = 128;

/// The format of the files, checked by the browser's script.
pub const FORMAT: u32 = 2;

const BM25_K1: f64 = 1.2;
const BM25_B: f64 = 0.75;

/// One file of the index, its path relative to the index's folder.
#[derive(Debug)]
pub struct IndexFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

#[derive(Serialize)]
struct Meta<'a> {
    format: u32,
    language: &'a str,
    stemmer: Option<&'a str>,
    pages: usize,
    table: usize,
    build: String,
    chunks: Vec<&'a str>,
}

/// Each term → the pages holding it, by id in increasing order, with the term's weight there.
type Postings<'d> = HashMap<&'d str, Vec<(u32, u32)>>;

/// The index of `docs` (whose ids are their positions) for `language`; `stemmed` names the
/// stemmer their terms went through, which the browser applies to queries too.
pub fn build(docs: &[&Doc], language: &str, stemmed: Option<&str>) -> Vec<IndexFile> {
    let postings = invert(docs);
    let mut terms: Vec<&str> = postings.keys().copied().collect();
    terms.par_sort_unstable();
    let scores = Scorer::new(docs, &postings);
    // Each entry is encoded on its own (its front coding needs only the term before it), in
    // parallel; then they are cut into chunks in order.
    let entries: Vec<Vec<u8>> = terms
        .par_iter()
        .enumerate()
        .map(|(n, term)| {
            let previous = n.checked_sub(1).map_or("", |p| terms[p]);
            entry(previous, term, &postings[term], docs, &scores)
        })
        .collect();
    let mut files = Vec::new();
    let mut firsts: Vec<&str> = Vec::new();
    let mut chunk: Vec<u8> = Vec::new();
    for (n, mut bytes) in entries.into_iter().enumerate() {
        if chunk.is_empty() {
            firsts.push(terms[n]);
            // A chunk's first term is whole: the browser reads each chunk alone.
            bytes = entry("", terms[n], &postings[terms[n]], docs, &scores);
        }
        chunk.extend_from_slice(&bytes);
        if chunk.len() >= CHUNK_BYTES {
            files.push(chunk_file(files.len(), std::mem::take(&mut chunk)));
        }
    }
    if !chunk.is_empty() {
        files.push(chunk_file(files.len(), chunk));
    }
    for (k, table) in docs.chunks(TABLE_PAGES).enumerate() {
        let names: Vec<String> = table.iter().map(|d| fragment_name(&d.url)).collect();
        files.push(IndexFile {
            path: format!("p/{k}.json"),
            bytes: serde_json::to_vec(&names).unwrap_or_default(),
        });
    }
    let stamp = stamp(&files, docs);
    let meta = Meta {
        format: FORMAT,
        language,
        stemmer: stemmed,
        pages: docs.len(),
        table: TABLE_PAGES,
        build: format!("{stamp:016x}"),
        chunks: firsts,
    };
    files.push(IndexFile {
        path: "meta.json".to_owned(),
        bytes: serde_json::to_vec(&meta).unwrap_or_default(),
    });
    files
}

/// One term's entry in a chunk, front-coded against `previous`.
fn entry(
    previous: &str,
    term: &str,
    pages: &[(u32, u32)],
    docs: &[&Doc],
    scores: &Scorer,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(term.len() + 4 + 3 * pages.len());
    let idf = scores.idf(pages.len());
    let shared = common_prefix(previous, term);
    push_varint(&mut out, shared);
    push_varint(&mut out, term.len() - shared);
    out.extend_from_slice(&term.as_bytes()[shared..]);
    push_varint(&mut out, pages.len());
    let mut last = 0u32;
    for &(id, weight) in pages {
        push_varint(&mut out, (id - last) as usize);
        last = id;
        out.push(scores.byte(docs[id as usize], weight, idf));
    }
    out
}

/// Inverted in parallel over runs of pages; runs are joined in order, so ids stay increasing.
fn invert<'d>(docs: &[&'d Doc]) -> Postings<'d> {
    docs.par_chunks(512)
        .enumerate()
        .map(|(n, run)| {
            let mut postings = Postings::default();
            for (k, doc) in run.iter().enumerate() {
                let id = u32::try_from(n * 512 + k).unwrap_or(u32::MAX);
                for (term, weight) in doc.weighted_terms() {
                    postings.entry(term).or_default().push((id, weight));
                }
            }
            postings
        })
        .reduce(Postings::default, |mut left, right| {
            for (term, pages) in right {
                left.entry(term).or_default().extend(pages);
            }
            left
        })
}

/// Changes whenever any file of the index or any page's fragment does.
fn stamp(files: &[IndexFile], docs: &[&Doc]) -> u64 {
    let mut hashes: Vec<u64> = files.par_iter().map(|f| stable_hash(&f.bytes)).collect();
    hashes.extend(docs.iter().map(|d| d.fragment_hash));
    let bytes: Vec<u8> = hashes.iter().flat_map(|h| h.to_le_bytes()).collect();
    stable_hash(&bytes)
}

/// BM25, the ranking full-text engines use: rare terms and terms frequent in a short page
/// score high. Scores are scaled to a byte so that a page costs two or three bytes a term.
struct Scorer {
    pages: f64,
    average_length: f64,
    top: f64,
}

impl Scorer {
    fn new(docs: &[&Doc], postings: &Postings<'_>) -> Scorer {
        let pages = docs.len() as f64;
        let total: f64 = docs.iter().map(|d| f64::from(d.length)).sum();
        let average_length = (total / pages.max(1.0)).max(1.0);
        let mut scorer = Scorer {
            pages,
            average_length,
            top: 0.0,
        };
        let lists: Vec<&Vec<(u32, u32)>> = postings.values().collect();
        scorer.top = lists
            .par_iter()
            .map(|list| {
                let idf = scorer.idf(list.len());
                list.iter()
                    .map(|&(id, weight)| scorer.score(docs[id as usize], weight, idf))
                    .fold(0.0, f64::max)
            })
            .reduce(|| 0.0, f64::max);
        scorer
    }

    /// How rare a term in `pages_with_term` pages is.
    fn idf(&self, pages_with_term: usize) -> f64 {
        let df = pages_with_term as f64;
        (1.0 + (self.pages - df + 0.5) / (df + 0.5)).ln()
    }

    fn score(&self, doc: &Doc, weight: u32, idf: f64) -> f64 {
        let tf = f64::from(weight);
        let norm = 1.0 - BM25_B + BM25_B * f64::from(doc.length) / self.average_length;
        idf * tf * (BM25_K1 + 1.0) / (tf + BM25_K1 * norm)
    }

    fn byte(&self, doc: &Doc, weight: u32, idf: f64) -> u8 {
        if self.top <= 0.0 {
            return 1;
        }
        let scaled = (self.score(doc, weight, idf) / self.top * 255.0).round();
        // Saturating: the value is within 1..=255 by construction.
        scaled.clamp(1.0, 255.0) as u8
    }
}

fn chunk_file(n: usize, bytes: Vec<u8>) -> IndexFile {
    IndexFile {
        path: format!("i/{n}.bin"),
        bytes,
    }
}

fn common_prefix(a: &str, b: &str) -> usize {
    let mut n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    // Whole characters only: the rest must be valid UTF-8 on its own.
    while !b.is_char_boundary(n) {
        n -= 1;
    }
    n
}

fn push_varint(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let low = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{PageInput, fragment_name};
    use crate::tokens::stemmer_for;

    fn doc(url: &str, title: &str, html: &str) -> Doc {
        let stemmer = stemmer_for("en");
        let page = crate::extract::extract(html);
        let (doc, _) = Doc::new(
            &PageInput {
                url,
                title,
                section: "Posts",
                date: "",
                text: &page.text,
                headings: &page.headings,
            },
            stemmer.as_ref(),
        );
        doc
    }

    /// Reads a chunk back: term → (id, score) pairs.
    fn read_chunk(bytes: &[u8]) -> Vec<(String, Vec<(u32, u8)>)> {
        fn varint(bytes: &[u8], at: &mut usize) -> usize {
            let (mut n, mut shift) = (0usize, 0);
            loop {
                let b = bytes[*at];
                *at += 1;
                n |= usize::from(b & 0x7f) << shift;
                if b < 0x80 {
                    return n;
                }
                shift += 7;
            }
        }
        let mut out: Vec<(String, Vec<(u32, u8)>)> = Vec::new();
        let mut at = 0;
        let mut previous = String::new();
        while at < bytes.len() {
            let shared = varint(bytes, &mut at);
            let len = varint(bytes, &mut at);
            let mut term = previous[..shared].to_owned();
            term.push_str(std::str::from_utf8(&bytes[at..at + len]).unwrap());
            at += len;
            let count = varint(bytes, &mut at);
            let mut id = 0u32;
            let mut pages = Vec::new();
            for _ in 0..count {
                id += varint(bytes, &mut at) as u32;
                pages.push((id, bytes[at]));
                at += 1;
            }
            previous.clone_from(&term);
            out.push((term, pages));
        }
        out
    }

    #[test]
    fn terms_are_sorted_front_coded_and_point_at_their_pages() {
        let a = doc("/a/", "Cats", "<p>Cats sleep. Cats run.</p>");
        let b = doc("/b/", "Dogs", "<p>Dogs run and catch.</p>");
        let files = build(&[&a, &b], "en", Some("english"));
        let chunk = files.iter().find(|f| f.path == "i/0.bin").unwrap();
        let entries = read_chunk(&chunk.bytes);
        let terms: Vec<&str> = entries.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(terms, ["and", "cat", "catch", "dog", "run", "sleep"]);
        let run = &entries[4].1;
        assert_eq!(run.iter().map(|p| p.0).collect::<Vec<_>>(), [0, 1]);
        let cat = &entries[1].1;
        assert_eq!(cat.len(), 1);
        assert!(cat[0].1 > run[0].1, "a title word outranks a common one");
        let meta: serde_json::Value = serde_json::from_slice(&files.last().unwrap().bytes).unwrap();
        assert_eq!(meta["pages"], 2);
        assert_eq!(meta["chunks"], serde_json::json!(["and"]));
        let table: Vec<String> =
            serde_json::from_slice(&files.iter().find(|f| f.path == "p/0.json").unwrap().bytes)
                .unwrap();
        assert_eq!(table, [fragment_name("/a/"), fragment_name("/b/")]);
    }

    #[test]
    fn a_large_index_is_cut_into_chunks_each_starting_with_its_first_term() {
        let docs: Vec<Doc> = (0..400)
            .map(|i| {
                let words: String = (0..60).map(|w| format!("w{i}x{w} ")).collect();
                doc(&format!("/p{i}/"), "", &format!("<p>{words}</p>"))
            })
            .collect();
        let refs: Vec<&Doc> = docs.iter().collect();
        let files = build(&refs, "en", Some("english"));
        let meta: serde_json::Value = serde_json::from_slice(&files.last().unwrap().bytes).unwrap();
        let firsts = meta["chunks"].as_array().unwrap();
        assert!(firsts.len() > 10);
        for (n, first) in firsts.iter().enumerate() {
            let chunk = files
                .iter()
                .find(|f| f.path == format!("i/{n}.bin"))
                .unwrap();
            assert!(chunk.bytes.len() < CHUNK_BYTES + 200);
            assert_eq!(read_chunk(&chunk.bytes)[0].0, first.as_str().unwrap());
        }
    }
}
