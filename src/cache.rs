//! The build cache: what the previous build rendered, so that a page whose inputs have not
//! changed is neither converted nor rendered again.
//!
//! Every output file is recorded with a key: a hash of everything its bytes depend on. The whole
//! cache is dropped when anything global changes — the binary, the config, the command-line flags
//! or any template — so a key only has to cover what is particular to one file.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher};
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::render::Digest;

pub const CACHE_DIR: &str = ".inkstone-cache";
const CACHE_FILE: &str = "render.jsonl";
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
    /// Whether any file got a key other than the one the previous build recorded for it.
    changed: std::sync::atomic::AtomicBool,
}

impl BuildCache {
    /// Opens the cache under `source`; with `enabled` false it neither reads nor writes.
    pub fn open(source: &Path, build_key: u64, enabled: bool) -> BuildCache {
        let file = source.join(CACHE_DIR).join(CACHE_FILE);
        let previous = if enabled {
            read(&file, build_key).unwrap_or_default()
        } else {
            HashMap::new()
        };
        let previous = Arc::new(previous);
        BuildCache {
            file: Some(file),
            build_key,
            enabled,
            previous,
            next: Mutex::new(Vec::new()),
            changed: std::sync::atomic::AtomicBool::new(false),
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
            changed: std::sync::atomic::AtomicBool::new(false),
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

    pub fn record(&self, out: &str, key: u64, digest: Option<Digest>) {
        if self.enabled {
            if self.previous.get(out).is_none_or(|e| e.key != key) {
                self.changed
                    .store(true, std::sync::atomic::Ordering::Relaxed);
            }
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

    /// Saves what this build recorded; called only after the build succeeded. A build that
    /// recorded exactly what the previous one did leaves the file alone.
    pub fn save(self) -> io::Result<()> {
        let Some(file) = self.file.as_ref().filter(|_| self.enabled) else {
            return Ok(());
        };
        let mut entries = std::mem::take(&mut *self.lock());
        let same = !self.changed.load(std::sync::atomic::Ordering::Relaxed)
            && entries.len() == self.previous.len()
            && file.exists();
        if same {
            return Ok(());
        }
        entries.sort_unstable_by(|a, b| a.out.cmp(&b.out));
        let dir = file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let temp = dir.join(format!("{CACHE_FILE}.tmp"));
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
        // No fsync: the cache only saves time, and a torn file is read up to its first bad line.
        out.into_inner().map_err(|e| e.into_error())?;
        std::fs::rename(&temp, file)
    }
}

fn read(file: &Path, build_key: u64) -> Option<HashMap<String, Entry>> {
    let mut lines = io::BufReader::new(std::fs::File::open(file).ok()?).lines();
    let header: Header = serde_json::from_str(&lines.next()?.ok()?).ok()?;
    if header.format != FORMAT || header.build_key != build_key {
        return None;
    }
    let mut entries = HashMap::new();
    for line in lines {
        // A damaged cache is only a slower build: stop reading, keep what was read.
        let Ok(entry) = serde_json::from_str::<Entry>(&line.ok()?) else {
            break;
        };
        entries.insert(entry.out.clone(), entry);
    }
    Some(entries)
}

/// Removes the cache folder under `source`; `Ok(false)` when there was none.
pub fn clean(source: &Path) -> io::Result<bool> {
    let dir = source.join(CACHE_DIR);
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
        Ok(true)
    } else {
        Ok(false)
    }
}

/// The hasher for every key and stamp: fast on long inputs (whole source files), and seeded with
/// a constant so that keys are the same from one run to the next.
pub fn hasher() -> impl Hasher {
    foldhash::quality::FixedState::with_seed(0x696e_6b73_746f_6e65).build_hasher()
}

/// Hashes anything serializable, through its JSON form, without building the string.
pub fn hash_serialized<T: Serialize + ?Sized>(value: &T) -> u64 {
    let mut writer = HashWriter(hasher());
    // Writing to a hasher cannot fail; a value that cannot serialize hashes as what was written.
    let _ = serde_json::to_writer(&mut writer, value);
    writer.0.finish()
}

pub fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = hasher();
    value.hash(&mut hasher);
    hasher.finish()
}

struct HashWriter<H>(H);

impl<H: Hasher> Write for HashWriter<H> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Identifies the running binary: a rebuilt inkstone must not trust a cache written by another.
pub fn binary_identity() -> u64 {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .ok()
        .map(|m| (m.len(), m.modified().ok()));
    hash_of(&(env!("CARGO_PKG_VERSION"), format!("{exe:?}")))
}
