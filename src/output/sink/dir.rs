//! The output folder of `build`. The new site is made whole in a shadow folder and takes the old
//! one's place at once ([`super::swap`]), so a build that fails or is killed at any instant
//! leaves the previous site as it was. A file the last build wrote the same is not written
//! again: the shadow gets a hard link to it, unless it already holds the same bytes. A build that
//! changes nothing touches nothing.

use std::collections::{HashMap, HashSet};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use rayon::prelude::*;

use super::manifest::{self, Entry};
use super::swap::{self, Prepared};
use super::{Sink, Stamp, checked};
use crate::site::Output;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placed {
    /// Written into the new site by this build.
    Written,
    /// The same as the live site's file, which the new site links to when it is made.
    Kept,
}

/// What a kept file is checked against when the build must not trust the manifest alone.
enum Expected<'a> {
    Bytes(&'a [u8]),
    SameAs(&'a Path),
}

/// The destination folder of a build. The live site is not changed before
/// [`OutputDir::commit`]; [`OutputDir::abandon`] leaves it as it was.
pub struct OutputDir {
    place: Prepared,
    /// What the live site's manifest lists.
    previous: HashMap<String, Entry>,
    /// What the shadow holds, by its manifest: an older build of the site.
    shadow: HashMap<String, Entry>,
    /// Set once this build has changed the shadow, whose manifest then no longer holds.
    shadow_changed: AtomicBool,
    /// `--no-cache`: a file is kept only if its bytes are the ones this build would write.
    verify: bool,
    interrupt: Option<Arc<AtomicBool>>,
    /// What this build put at each path; a path written twice holds the last.
    files: Mutex<HashMap<String, (Entry, Placed)>>,
    /// Folders known to exist in the shadow, so each is made once.
    made_dirs: Mutex<HashSet<PathBuf>>,
    /// The first write that failed: the build stops there.
    failure: OnceLock<String>,
    /// Files whose write failed half way, gone from the shadow.
    failed: Mutex<Vec<String>>,
    /// Whether files of the output folder that inkstone did not write are dropped.
    clean_foreign: bool,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Committed {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

impl OutputDir {
    /// Prepares a build into `dest`, with its shadow kept in `cache_dir` when there is one;
    /// `verify` compares bytes before keeping any file, and a raised `interrupt` stops the build
    /// at its next write.
    pub fn open(
        dest: &Path,
        cache_dir: Option<&Path>,
        verify: bool,
        interrupt: Option<Arc<AtomicBool>>,
    ) -> io::Result<OutputDir> {
        let place = swap::prepare(dest, cache_dir)?;
        let previous = manifest::read(&place.live)
            .map(|m| m.files)
            .unwrap_or_default();
        let shadow = read_shadow(&place, verify)?;
        Ok(OutputDir {
            previous,
            shadow,
            shadow_changed: AtomicBool::new(false),
            place,
            verify,
            interrupt,
            files: Mutex::new(HashMap::new()),
            made_dirs: Mutex::new(HashSet::new()),
            failure: OnceLock::new(),
            failed: Mutex::new(Vec::new()),
            clean_foreign: false,
        })
    }

    /// Hugo's `--cleanDestinationDir`: what the output folder holds that no build of inkstone
    /// wrote (a `CNAME`, stray files) is not carried into the new site; hidden folders are.
    pub fn cleaning_foreign_files(mut self, clean: bool) -> OutputDir {
        self.clean_foreign = clean;
        self
    }

    /// Writes `bytes` at `rel`, a `/`-separated path below the destination.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.guarded(rel, || {
            let stamp = Stamp::of(bytes);
            if self.keep_if(rel, stamp, Some(Expected::Bytes(bytes))) {
                return Ok(());
            }
            if let Some(entry) = self.in_shadow(rel, stamp) {
                self.record(rel, entry, Placed::Written);
                return Ok(());
            }
            let to = self.new_file(rel)?;
            let modified = write_file(&to, bytes)?;
            self.record(rel, Entry { stamp, modified }, Placed::Written);
            Ok(())
        })
    }

    /// Copies a file, recognised as unchanged by its size and modification time, so that a site's
    /// images are not read again on every build.
    pub fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        self.guarded(rel, || {
            let stamp = Stamp::of_file(from)?;
            if self.keep_if(rel, stamp, Some(Expected::SameAs(from))) {
                return Ok(());
            }
            if let Some(entry) = self.in_shadow(rel, stamp) {
                self.record(rel, entry, Placed::Written);
                return Ok(());
            }
            let to = self.new_file(rel)?;
            std::fs::copy(from, &to)?;
            let modified = std::fs::symlink_metadata(&to)
                .ok()
                .and_then(|m| manifest::modified(&m));
            self.record(rel, Entry { stamp, modified }, Placed::Written);
            Ok(())
        })
    }

    /// Keeps the file the previous build wrote at `rel`, if it is still there as it was written:
    /// the caller knows its bytes would be the same.
    pub fn keep(&self, rel: &str) -> bool {
        if self.stopped() {
            return false;
        }
        match self.previous.get(rel) {
            Some(entry) => self.keep_if(rel, entry.stamp, None),
            None => false,
        }
    }

    /// Whether the build should stop: a write failed, or the user asked it to.
    pub fn stopped(&self) -> bool {
        self.failure.get().is_some() || self.interrupted()
    }

    fn interrupted(&self) -> bool {
        self.interrupt
            .as_ref()
            .is_some_and(|flag| flag.load(Ordering::Relaxed))
    }

    /// Why the build stopped: the first write that failed, or an interruption.
    pub fn failure(&self) -> Option<String> {
        match self.failure.get() {
            Some(failure) => Some(failure.clone()),
            None => self
                .interrupted()
                .then(|| "the build was interrupted".to_owned()),
        }
    }

    /// Runs one write; the first to fail stops the build and is the one reported.
    fn guarded(&self, rel: &str, write: impl FnOnce() -> io::Result<()>) -> io::Result<()> {
        if self.stopped() {
            return Err(io::Error::other("the build has stopped"));
        }
        checked(rel)?;
        write().inspect_err(|e| {
            let path = self.place.live.join(rel);
            let _ = self
                .failure
                .set(format!("cannot write {}: {e}", path.display()));
            let _ = std::fs::remove_file(self.place.next.join(rel));
            lock(&self.failed).push(rel.to_owned());
        })
    }

    fn keep_if(&self, rel: &str, stamp: Stamp, expected: Option<Expected<'_>>) -> bool {
        let Some(entry) = self.previous.get(rel) else {
            return false;
        };
        if entry.stamp != stamp || checked(rel).is_err() {
            return false;
        }
        // A kept file is only ever linked from, never written through: a folder someone made
        // a link since gives, at worst, a file of the same length and time of writing.
        let old = self.place.live.join(rel);
        let Some(modified) = as_written(&old, entry) else {
            return false;
        };
        if self.verify {
            let same = match expected {
                Some(Expected::Bytes(bytes)) => std::fs::read(&old).is_ok_and(|b| b == bytes),
                Some(Expected::SameAs(path)) => same_contents(path, &old),
                None => true,
            };
            if !same {
                return false;
            }
        }
        self.record(rel, Entry { stamp, modified }, Placed::Kept);
        true
    }

    /// The shadow's file at `rel`, if it holds the bytes of `stamp` as it was written.
    fn in_shadow(&self, rel: &str, stamp: Stamp) -> Option<Entry> {
        let entry = self.shadow.get(rel).filter(|e| e.stamp == stamp)?;
        let modified = as_written(&self.place.next.join(rel), entry)?;
        Some(Entry { stamp, modified })
    }

    fn record(&self, rel: &str, entry: Entry, placed: Placed) {
        lock(&self.files).insert(rel.to_owned(), (entry, placed));
    }

    /// The path of `rel` in the shadow, its folders made and whatever was there removed: the
    /// shadow's files may be links to the live site's, never to be written through.
    fn new_file(&self, rel: &str) -> io::Result<PathBuf> {
        if !self.shadow_changed.swap(true, Ordering::Relaxed) {
            // From here on the shadow is not what its manifest says.
            remove_if_there(&self.place.next.join(super::MANIFEST))?;
        }
        let to = self.place.next.join(rel);
        if let Some(parent) = to.parent() {
            self.make_dir(parent)?;
        }
        // An empty manifest means an emptied shadow (see `read_shadow`): nothing to clear.
        if !self.shadow.is_empty() {
            remove_if_there(&to)?;
        }
        Ok(to)
    }

    fn make_dir(&self, dir: &Path) -> io::Result<()> {
        if lock(&self.made_dirs).contains(dir) {
            return Ok(());
        }
        create_dirs(dir)?;
        lock(&self.made_dirs).insert(dir.to_path_buf());
        Ok(())
    }

    /// Makes the new site whole and puts it in place of the old one, unless it would be the same.
    pub fn commit(self) -> io::Result<Committed> {
        let files: Vec<(String, Entry, Placed)> = std::mem::take(&mut *lock(&self.files))
            .into_iter()
            .map(|(rel, (entry, placed))| (rel, entry, placed))
            .collect();
        let current: HashSet<&str> = files.iter().map(|(rel, ..)| rel.as_str()).collect();
        let committed = Committed {
            written: files.iter().filter(|f| f.2 == Placed::Written).count(),
            unchanged: files.iter().filter(|f| f.2 == Placed::Kept).count(),
            removed: self
                .previous
                .keys()
                .filter(|rel| !current.contains(rel.as_str()))
                .count(),
        };
        // With --cleanDestinationDir, the output folder is made anew even when no file changed:
        // what it holds that inkstone did not write goes.
        if committed.written == 0 && committed.removed == 0 && !self.clean_foreign {
            if !self.place.keeps_shadow {
                std::fs::remove_dir_all(&self.place.next)?;
            }
            return Ok(committed);
        }
        let moved = self.finish(&files, &current)?;
        if let Err(e) = swap::put_in_place(&self.place) {
            let _ = swap::move_back(&self.place, &moved);
            return Err(e);
        }
        Ok(committed)
    }

    /// Brings the shadow to the new site: links to the kept files it lacks, without the files
    /// the new site lacks, with what inkstone did not write carried over, and its manifest.
    /// Returns the folders moved in from the live site.
    fn finish(
        &self,
        files: &[(String, Entry, Placed)],
        current: &HashSet<&str>,
    ) -> io::Result<Vec<String>> {
        self.shadow_changed.store(true, Ordering::Relaxed);
        remove_if_there(&self.place.next.join(super::MANIFEST))?;
        files
            .par_iter()
            // The same stamp and time of writing: the shadow's file is the live one, linked.
            .filter(|(rel, entry, placed)| {
                *placed == Placed::Kept && self.shadow.get(rel.as_str()) != Some(entry)
            })
            .try_for_each(|(rel, ..)| {
                let (from, to) = (self.place.live.join(rel), self.new_file(rel)?);
                // Some file systems cannot link; a copy is as good, only slower.
                std::fs::hard_link(&from, &to).or_else(|_| std::fs::copy(&from, &to).map(|_| ()))
            })?;
        for rel in self
            .shadow
            .keys()
            .filter(|rel| !current.contains(rel.as_str()))
        {
            let path = self.place.next.join(rel);
            remove_if_there(&path)?;
            remove_empty_parents(&self.place.next, &path);
        }
        let top = |rel: &'_ str| rel.split('/').next().unwrap_or_default().to_owned();
        let current_top: HashSet<String> = current.iter().map(|rel| top(rel)).collect();
        let mut ours = current_top.clone();
        ours.extend(self.previous.keys().map(|rel| top(rel)));
        let moved = swap::carry_over_foreign(
            &self.place,
            &current_top.iter().map(String::as_str).collect(),
            &ours.iter().map(String::as_str).collect(),
            self.clean_foreign,
        )?;
        let entries: Vec<(&str, Entry)> = files
            .iter()
            .map(|(rel, entry, _)| (rel.as_str(), *entry))
            .collect();
        manifest::write(&self.place.next, &entries, &moved, &self.place.live)?;
        swap::move_in(&self.place, &moved)?;
        Ok(moved)
    }

    /// Undoes the build: the live site is left as it was, and the shadow's manifest says what
    /// the shadow holds now, so the next build need not start it again.
    pub fn abandon(self) {
        if !self.place.keeps_shadow {
            let _ = std::fs::remove_dir_all(&self.place.next);
            return;
        }
        if !self.shadow_changed.load(Ordering::Relaxed) {
            return;
        }
        let failed: HashSet<String> = std::mem::take(&mut *lock(&self.failed))
            .into_iter()
            .collect();
        let mut holds = self.shadow.clone();
        for (rel, (entry, placed)) in std::mem::take(&mut *lock(&self.files)) {
            if placed == Placed::Written {
                holds.insert(rel, entry);
            }
        }
        holds.retain(|rel, _| !failed.contains(rel));
        let entries: Vec<(&str, Entry)> = holds.iter().map(|(r, e)| (r.as_str(), *e)).collect();
        // Without a manifest the next build starts the shadow again: slower, never wrong.
        let _ = manifest::write(&self.place.next, &entries, &[], &self.place.live);
    }
}

/// What the shadow holds, by its manifest; a shadow whose manifest is missing (a killed build)
/// or not to be trusted (`--no-cache`) is emptied.
fn read_shadow(place: &Prepared, verify: bool) -> io::Result<HashMap<String, Entry>> {
    let found = manifest::read(&place.next);
    if let Some(shadow) = &found {
        swap::move_back(place, &shadow.moved)?;
    }
    match found {
        Some(shadow) if !verify && place.keeps_shadow => Ok(shadow.files),
        _ => {
            let empty = std::fs::read_dir(&place.next)?.next().is_none();
            if !empty {
                std::fs::remove_dir_all(&place.next)?;
                std::fs::create_dir(&place.next)?;
            }
            Ok(HashMap::new())
        }
    }
}

/// The modification time of the file at `path`, if it is still as `entry` says it was written.
fn as_written(path: &Path, entry: &Entry) -> Option<Option<u64>> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    let modified = manifest::modified(&meta);
    let same = meta.is_file()
        && meta.len() == entry.stamp.len
        && entry.modified.is_none_or(|m| Some(m) == modified);
    same.then_some(modified)
}

fn remove_if_there(path: &Path) -> io::Result<()> {
    match swap::remove_any(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

impl Sink for OutputDir {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        OutputDir::write(self, rel, bytes)
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        OutputDir::copy(self, rel, from)
    }

    fn keep(&self, rel: &str, _made_by: Option<Output>) -> bool {
        OutputDir::keep(self, rel)
    }

    fn stopped(&self) -> bool {
        OutputDir::stopped(self)
    }

    fn written(&self, rel: &str) -> bool {
        lock(&self.files).contains_key(rel)
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Writes a new file and says when it was written.
fn write_file(path: &Path, bytes: &[u8]) -> io::Result<Option<u64>> {
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    Ok(manifest::modified(&file.metadata()?))
}

fn same_contents(a: &Path, b: &Path) -> bool {
    match (std::fs::read(a), std::fs::read(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// `create_dir_all` that tries the folder itself first: in a new tree that is one system call
/// per folder.
fn create_dirs(dir: &Path) -> io::Result<()> {
    let mut result = std::fs::create_dir(dir);
    if let Err(e) = &result
        && e.kind() == io::ErrorKind::NotFound
        && let Some(up) = dir.parent()
    {
        create_dirs(up)?;
        result = std::fs::create_dir(dir);
    }
    match result {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            if std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
                // Another rendering thread has just made it.
                return Ok(());
            }
            // An older build's file where this one needs a folder.
            std::fs::remove_file(dir)?;
            std::fs::create_dir(dir)
        }
        other => other,
    }
}
