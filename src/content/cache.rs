//! Parsed front matter kept across runs, keyed by the front matter's text.
//!
//! A second build reads every content file again (that is how it knows what changed), but YAML
//! parsing is most of that cost: about 13 µs for a short front matter, against under 1 µs to
//! read the same mapping back as JSON. The parse depends on nothing but the text and the binary,
//! so entries stay valid whatever the build does with the pages, and the file is written as soon
//! as content is loaded — its memory is given back before rendering starts.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use serde_json::{Map, Value};

use crate::files::CACHE_DIR;
use crate::format::{self, Document, Format, ParseError};
use crate::hash::{binary_identity, hash_of};

const FILE: &str = "front-matter.jsonl";
const FORMAT: u32 = 1;

pub struct FrontMatterCache {
    /// None when the cache is off: every front matter is parsed.
    file: Option<PathBuf>,
    /// The previous run's entries, as their JSON text: only the ones this run meets are parsed,
    /// by the thread that meets them.
    previous: HashMap<u64, String, foldhash::fast::RandomState>,
    used: Mutex<Vec<u64>>,
    added: Mutex<Vec<(u64, String)>>,
}

impl FrontMatterCache {
    pub fn disabled() -> FrontMatterCache {
        FrontMatterCache {
            file: None,
            previous: HashMap::default(),
            used: Mutex::new(Vec::new()),
            added: Mutex::new(Vec::new()),
        }
    }

    /// The cache under `source`; with `enabled` false it neither reads nor writes.
    pub fn open(source: &Path, enabled: bool) -> FrontMatterCache {
        if !enabled {
            return FrontMatterCache::disabled();
        }
        let file = source.join(CACHE_DIR).join(FILE);
        FrontMatterCache {
            previous: read(&file).unwrap_or_default(),
            file: Some(file),
            used: Mutex::new(Vec::new()),
            added: Mutex::new(Vec::new()),
        }
    }

    /// [`format::parse`], answered from the cache when this text was parsed before. Only
    /// clean parses are kept: errors and repeated keys are reported from a real parse.
    pub fn parse(&self, format: Format, text: &str) -> Result<Document, ParseError> {
        if self.file.is_none() || format == Format::Json {
            return format::parse(format, text);
        }
        let key = hash_of(&(format.name(), text));
        if let Some(map) = self
            .previous
            .get(&key)
            .and_then(|json| serde_json::from_str::<Map<String, Value>>(json).ok())
        {
            lock(&self.used).push(key);
            return Ok(Document {
                map,
                tolerated: Vec::new(),
            });
        }
        let doc = format::parse(format, text)?;
        if doc.tolerated.is_empty()
            && let Ok(json) = serde_json::to_string(&doc.map)
        {
            lock(&self.added).push((key, json));
        }
        Ok(doc)
    }

    /// Writes what this run parsed or reused, unless that is exactly what the file holds.
    pub fn save(self) -> io::Result<()> {
        let Some(file) = self.file else {
            return Ok(());
        };
        let mut used = self.used.into_inner().unwrap_or_else(|e| e.into_inner());
        let added = self.added.into_inner().unwrap_or_else(|e| e.into_inner());
        used.sort_unstable();
        used.dedup();
        if added.is_empty() && used.len() == self.previous.len() {
            return Ok(());
        }
        let dir = file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let temp = dir.join(format!("{FILE}.tmp"));
        let mut out = io::BufWriter::new(std::fs::File::create(&temp)?);
        writeln!(out, "{FORMAT} {}", binary_identity())?;
        let reused = used
            .iter()
            .filter_map(|key| Some((*key, self.previous.get(key)?.as_str())));
        let added = added.iter().map(|(key, json)| (*key, json.as_str()));
        let mut written = std::collections::HashSet::new();
        for (key, json) in reused.chain(added) {
            if written.insert(key) {
                writeln!(out, "{key} {json}")?;
            }
        }
        out.into_inner().map_err(|e| e.into_error())?;
        std::fs::rename(&temp, file)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Lines of `<key> <json>` after a header of `<format> <binary>`; a cache written by another
/// binary or format is ignored, and a damaged line only loses that entry.
fn read(file: &Path) -> Option<HashMap<u64, String, foldhash::fast::RandomState>> {
    let text = std::fs::read_to_string(file).ok()?;
    let mut lines = text.lines();
    let header = lines.next()?;
    if header != format!("{FORMAT} {}", binary_identity()) {
        return None;
    }
    let lines: Vec<&str> = lines.collect();
    Some(
        lines
            .par_iter()
            .filter_map(|line| {
                let (key, json) = line.split_once(' ')?;
                Some((key.parse().ok()?, json.to_owned()))
            })
            .collect(),
    )
}
