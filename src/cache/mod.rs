//! The build cache: what the previous build rendered, so that a page whose inputs have not
//! changed is neither converted nor rendered again.
//!
//! Every output file is recorded with a key: a hash of everything its bytes depend on. The whole
//! cache is dropped when anything global changes — the binary, the config, the command-line flags
//! or any template — so a key only has to cover what is particular to one file.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::files::CACHE_DIR;
use crate::markdown::Digest;
use inkstone_search::Doc;

pub mod keys;

const CACHE_FILE: &str = "render.jsonl";
/// What the search index keeps of each page, apart, a file per language (`search-en.jsonl`):
/// read only by a build whose index of that language changes.
const SEARCH_FILE: &str = "search";
const FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Header {
    format: u32,
    build_key: u64,
}

#[derive(Clone, Serialize, Deserialize)]
struct Entry {
    out: String,
    key: u64,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    digest: Option<Digest>,
}

/// One page's search document as the cache file holds it.
#[derive(Serialize, Deserialize)]
struct SearchEntry {
    out: String,
    key: u64,
    doc: Arc<Doc>,
}

/// Search documents by output file: the key they were made under, and the document.
pub type SearchDocs = HashMap<String, (u64, Arc<Doc>)>;

/// What one build recorded, kept by `serve` for the next rebuild.
#[derive(Clone)]
pub struct Recorded {
    build_key: u64,
    entries: Arc<HashMap<String, Entry>>,
}

pub struct BuildCache {
    /// None for a cache that lives in memory only, across the rebuilds of `serve`.
    file: Option<PathBuf>,
    build_key: u64,
    enabled: bool,
    previous: Arc<HashMap<String, Entry>>,
    next: Mutex<Vec<Entry>>,
    /// Lines of the cache file as read; it is a log, rewritten only when mostly outdated.
    lines_in_file: usize,
    /// The previous build's search documents by language, each read when first asked for.
    previous_search: Mutex<HashMap<String, Arc<SearchDocs>>>,
    /// This build's, by language, for the indexes it made; saved in place of the previous.
    next_search: Mutex<HashMap<String, Vec<SearchEntry>>>,
}

impl BuildCache {
    /// Opens the cache under `source`; with `enabled` false it neither reads nor writes.
    pub fn open(source: &Path, build_key: u64, enabled: bool) -> BuildCache {
        let file = source.join(CACHE_DIR).join(CACHE_FILE);
        let (previous, lines_in_file) = if enabled {
            read(&file, build_key).unwrap_or_default()
        } else {
            (HashMap::new(), 0)
        };
        BuildCache {
            file: Some(file),
            build_key,
            enabled,
            previous: Arc::new(previous),
            next: Mutex::new(Vec::new()),
            lines_in_file,
            previous_search: Mutex::new(HashMap::new()),
            next_search: Mutex::new(HashMap::new()),
        }
    }

    /// A cache kept in memory: `recorded` is what the previous build recorded, if any; it is
    /// used only when it was recorded under the same build key.
    pub fn in_memory(build_key: u64, recorded: Option<Recorded>) -> BuildCache {
        let previous = recorded
            .filter(|r| r.build_key == build_key)
            .map(|r| r.entries)
            .unwrap_or_default();
        BuildCache {
            file: None,
            build_key,
            enabled: true,
            previous,
            next: Mutex::new(Vec::new()),
            lines_in_file: 0,
            // In memory, digests keep their search documents themselves.
            previous_search: Mutex::new(HashMap::new()),
            next_search: Mutex::new(HashMap::new()),
        }
    }

    fn take_next(&self) -> Vec<Entry> {
        std::mem::take(&mut *self.lock())
    }

    /// After a build of the whole site: exactly what it recorded.
    pub fn into_recorded(self) -> Recorded {
        let entries = self
            .take_next()
            .into_iter()
            .map(|e| (e.out.clone(), e))
            .collect();
        Recorded {
            build_key: self.build_key,
            entries: Arc::new(entries),
        }
    }

    /// After a build of some outputs only: what the previous build recorded, with this one's
    /// records on top.
    pub fn into_patched(self) -> Recorded {
        let next = self.take_next();
        let mut previous = self.previous;
        let entries = Arc::make_mut(&mut previous);
        for entry in next {
            entries.insert(entry.out.clone(), entry);
        }
        Recorded {
            build_key: self.build_key,
            entries: previous,
        }
    }

    /// After a failed build: what the previous build recorded, untouched.
    pub fn into_previous(self) -> Recorded {
        Recorded {
            build_key: self.build_key,
            entries: self.previous,
        }
    }

    /// The digest the previous build recorded for `out` under the same `key`, if any.
    pub fn hit(&self, out: &str, key: u64) -> Option<Option<&Digest>> {
        self.previous
            .get(out)
            .filter(|e| e.key == key)
            .map(|e| e.digest.as_ref())
    }

    /// The outputs under `prefix` the previous build recorded, with their keys: the files of
    /// one output made of many (the search index), kept together.
    pub fn outputs_under(&self, prefix: &str) -> Vec<(&str, u64)> {
        self.previous
            .iter()
            .filter(|(out, _)| out.starts_with(prefix))
            .map(|(out, e)| (out.as_str(), e.key))
            .collect()
    }

    /// The search documents the previous build made for language `lang`, by output file.
    pub fn search_docs(&self, lang: &str) -> Arc<SearchDocs> {
        let mut loaded = self
            .previous_search
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let docs = loaded.entry(lang.to_owned()).or_insert_with(|| {
            let docs = self
                .file
                .as_ref()
                .filter(|_| self.enabled)
                .and_then(|f| read_search(&search_file(f, lang), self.build_key));
            Arc::new(docs.unwrap_or_default())
        });
        Arc::clone(docs)
    }

    /// The search documents of the index this build made for `lang`; the next build reads
    /// them back for the pages it does not render again.
    pub fn record_search(&self, lang: &str, docs: Vec<(String, u64, Arc<Doc>)>) {
        if !self.enabled || self.file.is_none() {
            return;
        }
        let entries = docs
            .into_iter()
            .map(|(out, key, doc)| SearchEntry { out, key, doc })
            .collect();
        self.next_search
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(lang.to_owned(), entries);
    }

    pub fn record(&self, out: &str, key: u64, digest: Option<Digest>) {
        if self.enabled {
            self.lock().push(Entry {
                out: out.to_owned(),
                key,
                digest,
            });
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Entry>> {
        self.next
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Saves what this build recorded; called only after the build succeeded. The file is a
    /// log: a build appends the entries whose key changed, and later lines win when it is read.
    /// Entries of outputs that are gone stay behind, harmless — a key covers all an output
    /// depends on — until the log is more than half outdated and is written afresh.
    pub fn save(self) -> io::Result<()> {
        let Some(file) = self.file.as_ref().filter(|_| self.enabled) else {
            return Ok(());
        };
        let search = std::mem::take(
            &mut *self
                .next_search
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        for (lang, entries) in search {
            write_search(&search_file(file, &lang), self.build_key, &entries)?;
        }
        let mut entries = std::mem::take(&mut *self.lock());
        let changed: Vec<&Entry> = entries
            .iter()
            .filter(|e| self.previous.get(&e.out).is_none_or(|p| p.key != e.key))
            .collect();
        let exists = self.lines_in_file > 0 && file.exists();
        if exists && changed.is_empty() {
            return Ok(());
        }
        if exists && self.lines_in_file + changed.len() <= 2 * entries.len() {
            let lines = to_lines(&changed);
            let mut out = std::fs::OpenOptions::new().append(true).open(file)?;
            return out.write_all(lines.as_bytes());
        }
        entries.par_sort_unstable_by(|a, b| a.out.cmp(&b.out));
        let dir = file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let temp = dir.join(format!("{CACHE_FILE}.tmp"));
        // Streamed: the whole log as one string would add its size to the build's peak memory.
        let mut out = io::BufWriter::new(std::fs::File::create(&temp)?);
        let header = Header {
            format: FORMAT,
            build_key: self.build_key,
        };
        serde_json::to_writer(&mut out, &header)?;
        out.write_all(b"\n")?;
        for entry in &entries {
            serde_json::to_writer(&mut out, entry)?;
            out.write_all(b"\n")?;
        }
        // No fsync: the cache only saves time, and a torn file loses only its damaged lines.
        out.into_inner().map_err(|e| e.into_error())?;
        std::fs::rename(&temp, file)
    }
}

/// One JSON line per entry, serialized in parallel: the few a rebuild appends.
fn to_lines(entries: &[&Entry]) -> String {
    let lines: Vec<String> = entries
        .par_iter()
        .filter_map(|entry| serde_json::to_string(entry).ok())
        .collect();
    let mut text = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    for line in lines {
        text.push_str(&line);
        text.push('\n');
    }
    text
}

fn search_file(cache_file: &Path, lang: &str) -> PathBuf {
    let lang: String = lang
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    cache_file.with_file_name(format!("{SEARCH_FILE}-{lang}.jsonl"))
}

/// Writes the search documents afresh: one header line, then a line per document.
fn write_search(file: &Path, build_key: u64, entries: &[SearchEntry]) -> io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let temp = file.with_extension("tmp");
    let mut out = io::BufWriter::new(std::fs::File::create(&temp)?);
    let header = Header {
        format: FORMAT,
        build_key,
    };
    serde_json::to_writer(&mut out, &header)?;
    out.write_all(b"\n")?;
    // Serialized in parallel, a slice at a time so that the text never all sits in memory.
    for slice in entries.chunks(1024) {
        let lines: Vec<Vec<u8>> = slice
            .par_iter()
            .filter_map(|entry| serde_json::to_vec(entry).ok())
            .collect();
        for line in lines {
            out.write_all(&line)?;
            out.write_all(b"\n")?;
        }
    }
    out.into_inner().map_err(|e| e.into_error())?;
    std::fs::rename(&temp, file)
}

/// The lines after a cache file's header, if the header is this format's and this build's.
fn lines_after_header(text: &str, build_key: u64) -> Option<Vec<&str>> {
    let mut lines = text.lines();
    let header: Header = serde_json::from_str(lines.next()?).ok()?;
    if header.format != FORMAT || header.build_key != build_key {
        return None;
    }
    Some(lines.collect())
}

fn read_search(file: &Path, build_key: u64) -> Option<SearchDocs> {
    let text = std::fs::read_to_string(file).ok()?;
    let lines = lines_after_header(&text, build_key)?;
    let docs = lines
        .par_iter()
        .filter_map(|line| serde_json::from_str::<SearchEntry>(line).ok())
        .map(|e| (e.out, (e.key, e.doc)))
        .collect();
    Some(docs)
}

/// The entries of the cache file, later lines winning, and how many lines it has.
fn read(file: &Path, build_key: u64) -> Option<(HashMap<String, Entry>, usize)> {
    let text = std::fs::read_to_string(file).ok()?;
    let lines = lines_after_header(&text, build_key)?;
    // A damaged line (a torn write) only costs its own entry: that output is rendered again.
    let parsed: Vec<Option<Entry>> = lines
        .par_iter()
        .map(|line| serde_json::from_str::<Entry>(line).ok())
        .collect();
    let mut entries = HashMap::with_capacity(parsed.len());
    for entry in parsed.into_iter().flatten() {
        entries.insert(entry.out.clone(), entry);
    }
    Some((entries, lines.len().max(1)))
}
