//! The site kept in memory, for `serve`: what a build would write, without touching the disk.
//!
//! Pages and list pages are not kept at all: only a stamp of their bytes (to tell what a rebuild
//! changed) and what made them, to render them again when asked for — so memory holds the site's
//! model, not its output, at any size. Other rendered files (feeds, the sitemap, redirects) are
//! kept LZ4-compressed; copied files (static files, bundle images) as the path they come from.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::{Sink, Stamp, checked};
use crate::site::Output;

#[derive(Debug, Clone)]
enum Body {
    Compressed(Arc<[u8]>),
    File(Arc<Path>),
    /// Not kept: rendered again when asked for, from the site it was built from.
    Deferred(Output),
}

#[derive(Debug, Clone)]
struct Stored {
    body: Body,
    stamp: Stamp,
}

/// The files of one successful build, by `/`-separated path below the site's root: those of
/// the last full build, shared, with what later partial builds changed on top — so a save that
/// changes a few files does not copy a table of every file of the site.
#[derive(Debug, Default)]
pub struct MemorySite {
    base: Arc<HashMap<String, Stored>>,
    overlay: HashMap<String, Stored>,
}

/// Beyond this many files changed by partial builds, they are folded into the shared table.
const MAX_OVERLAY: usize = 2048;

/// A file's bytes as served: taken from memory, the source file a copied one points at, or
/// what to render again.
pub enum Served {
    Bytes(Vec<u8>),
    File(PathBuf),
    Render(Output),
}

impl MemorySite {
    fn lookup(&self, rel: &str) -> Option<&Stored> {
        self.overlay.get(rel).or_else(|| self.base.get(rel))
    }

    pub fn get(&self, rel: &str) -> Option<Served> {
        let stored = self.lookup(rel)?;
        match &stored.body {
            Body::Compressed(data) => lz4_flex::decompress_size_prepended(data)
                .ok()
                .map(Served::Bytes),
            Body::File(path) => Some(Served::File(path.to_path_buf())),
            Body::Deferred(output) => Some(Served::Render(*output)),
        }
    }

    pub fn contains(&self, rel: &str) -> bool {
        self.lookup(rel).is_some()
    }

    pub fn len(&self) -> usize {
        let added = self
            .overlay
            .keys()
            .filter(|rel| !self.base.contains_key(*rel));
        self.base.len() + added.count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every path, sorted.
    pub fn paths(&self) -> Vec<&str> {
        let added = self
            .overlay
            .keys()
            .filter(|rel| !self.base.contains_key(*rel));
        let mut paths: Vec<&str> = self.base.keys().chain(added).map(String::as_str).collect();
        paths.sort_unstable();
        paths
    }
}

/// A build in progress on top of the last good [`MemorySite`], which it never changes: the
/// server goes on serving that one until [`MemoryBuild::finish`] hands over the new one.
pub struct MemoryBuild {
    previous: Arc<MemorySite>,
    next: Mutex<HashMap<String, Stored>>,
    /// A build of some outputs only: what it does not put is kept from the previous site.
    patch: bool,
    /// Pages and lists are not kept but rendered again on request: memory then holds the
    /// site's model, not its output, at any size.
    defer: bool,
}

/// What a build changed: the paths whose bytes differ from the previous build's, and the ones it
/// no longer has.
#[derive(Debug, Default, Clone)]
pub struct Changes {
    pub changed: Vec<String>,
    pub removed: Vec<String>,
    pub unchanged: usize,
}

impl MemoryBuild {
    /// A build of the whole site: what it does not put is gone when it finishes.
    pub fn new(previous: Arc<MemorySite>) -> MemoryBuild {
        MemoryBuild {
            previous,
            next: Mutex::new(HashMap::new()),
            patch: false,
            defer: false,
        }
    }

    /// A build of some outputs, on top of the previous site.
    pub fn patch(previous: Arc<MemorySite>) -> MemoryBuild {
        MemoryBuild {
            patch: true,
            ..MemoryBuild::new(previous)
        }
    }

    /// Keeps only the stamps of pages and lists, to be rendered again when asked for.
    pub fn deferring(self) -> MemoryBuild {
        MemoryBuild {
            defer: true,
            ..self
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Stored>> {
        self.next
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Stores `stamp` at `rel`, reusing what the previous build stored there when the stamps
    /// agree, so unchanged files are neither compressed again nor reported as changed.
    fn put(&self, rel: &str, stamp: Stamp, body: impl FnOnce() -> Body) -> io::Result<()> {
        checked(rel)?;
        let stored = match self.previous.lookup(rel) {
            Some(old) if old.stamp == stamp => old.clone(),
            _ => Stored {
                body: body(),
                stamp,
            },
        };
        self.lock().insert(rel.to_owned(), stored);
        Ok(())
    }

    /// The new site, and what changed since the previous one.
    pub fn finish(self) -> (MemorySite, Changes) {
        let next = self
            .next
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut changes = Changes::default();
        for (rel, stored) in &next {
            match self.previous.lookup(rel) {
                Some(old) if old.stamp == stored.stamp => changes.unchanged += 1,
                _ => changes.changed.push(rel.clone()),
            }
        }
        let site = if self.patch {
            let mut overlay = self.previous.overlay.clone();
            overlay.extend(next);
            let mut base = Arc::clone(&self.previous.base);
            if overlay.len() > MAX_OVERLAY {
                Arc::make_mut(&mut base).extend(overlay.drain());
            }
            MemorySite { base, overlay }
        } else {
            changes.removed = self
                .previous
                .paths()
                .into_iter()
                .filter(|rel| !next.contains_key(*rel))
                .map(str::to_owned)
                .collect();
            MemorySite {
                base: Arc::new(next),
                overlay: HashMap::new(),
            }
        };
        changes.unchanged = site.len() - changes.changed.len();
        changes.changed.sort_unstable();
        changes.removed.sort_unstable();
        (site, changes)
    }
}

impl Sink for MemoryBuild {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.put(rel, Stamp::of(bytes), || {
            Body::Compressed(lz4_flex::compress_prepend_size(bytes).into())
        })
    }

    fn write_output(&self, rel: &str, bytes: &[u8], made_by: Output) -> io::Result<()> {
        if !self.defer {
            return self.write(rel, bytes);
        }
        checked(rel)?;
        // Never the previous build's entry, even with the same bytes: its indices may name
        // other pages in the new site.
        let stored = Stored {
            body: Body::Deferred(made_by),
            stamp: Stamp::of(bytes),
        };
        self.lock().insert(rel.to_owned(), stored);
        Ok(())
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        let stamp = Stamp::of_file(from)?;
        self.put(rel, stamp, || Body::File(from.into()))
    }

    fn written(&self, rel: &str) -> bool {
        self.lock().contains_key(rel)
    }

    fn keep(&self, rel: &str, made_by: Option<Output>) -> bool {
        let Some(old) = self.previous.lookup(rel) else {
            return false;
        };
        let body = match (&old.body, made_by) {
            (Body::File(path), _) if Stamp::of_file(path).ok() != Some(old.stamp) => return false,
            // Same bytes, made from this build's site.
            (Body::Deferred(_), Some(output)) => Body::Deferred(output),
            (Body::Deferred(_), None) => return false,
            (body, _) => body.clone(),
        };
        let stored = Stored {
            body,
            stamp: old.stamp,
        };
        self.lock().insert(rel.to_owned(), stored);
        true
    }
}

/// A sink that keeps one file and drops the rest: for rendering one output again.
pub struct Capture {
    rel: String,
    bytes: Mutex<Option<Vec<u8>>>,
}

impl Capture {
    pub fn new(rel: &str) -> Capture {
        Capture {
            rel: rel.to_owned(),
            bytes: Mutex::new(None),
        }
    }

    pub fn take(self) -> Option<Vec<u8>> {
        self.bytes
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Sink for Capture {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        if rel == self.rel {
            let mut kept = self
                .bytes
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            *kept = Some(bytes.to_vec());
        }
        Ok(())
    }

    fn copy(&self, _rel: &str, _from: &Path) -> io::Result<()> {
        Ok(())
    }

    fn keep(&self, _rel: &str, _made_by: Option<Output>) -> bool {
        false
    }
}
