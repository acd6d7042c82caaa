//! The output folder of `build`: written so that a failed build leaves the previous site as it
//! was, and a build that changes little writes little. Files inkstone did not write (a `CNAME`,
//! a `.git` folder) are never touched.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{MANIFEST, MANIFEST_HEADER, STAGING_DIR, Sink, Stamp, checked};
use crate::site::Output;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placed {
    /// Same bytes as the last build wrote: not written at all.
    Unchanged,
    /// No file was there: written in place, removed again if the build fails.
    Created,
    /// Replaces a file: written to the staging folder, moved into place when the build succeeds.
    Staged,
}

#[derive(Default)]
struct Ledger {
    files: Vec<(String, Stamp, Placed)>,
    /// Folders this build created, to remove again if it fails.
    created_dirs: Vec<PathBuf>,
    /// Folders known to exist, and whether this build created them.
    known_dirs: HashMap<PathBuf, bool>,
}

/// The destination folder of a build. Nothing reaches the live site's existing files until
/// [`OutputDir::commit`]; [`OutputDir::abandon`] restores the folder as it was.
pub struct OutputDir {
    dest: PathBuf,
    /// Whether this build created the destination, so a failure can leave no trace at all.
    created_dest: bool,
    staging: PathBuf,
    previous: HashMap<String, Stamp>,
    ledger: Mutex<Ledger>,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Committed {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

impl OutputDir {
    pub fn open(dest: &Path) -> io::Result<OutputDir> {
        let created_dest = !dest.exists();
        std::fs::create_dir_all(dest)?;
        let staging = dest.join(STAGING_DIR);
        if staging.exists() {
            // Left by a build that was killed; it never reached the live site.
            std::fs::remove_dir_all(&staging)?;
        }
        Ok(OutputDir {
            dest: dest.to_path_buf(),
            created_dest,
            previous: read_manifest(dest),
            staging,
            ledger: Mutex::new(Ledger::default()),
        })
    }

    /// Writes `bytes` at `rel`, a `/`-separated path below the destination.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.place(rel, bytes, Stamp::of(bytes))
    }

    /// Copies a file, recognised as unchanged by its size and modification time, so that a site's
    /// images are not read again on every build.
    pub fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        let stamp = Stamp::of_file(from)?;
        if self.keep_if(rel, stamp) {
            return Ok(());
        }
        self.place(rel, &std::fs::read(from)?, stamp)
    }

    /// Keeps the file the previous build wrote at `rel`, if it is still there as it was written:
    /// the caller knows its bytes would be the same.
    pub fn keep(&self, rel: &str) -> bool {
        match self.previous.get(rel) {
            Some(stamp) => self.keep_if(rel, *stamp),
            None => false,
        }
    }

    fn keep_if(&self, rel: &str, stamp: Stamp) -> bool {
        if self.previous.get(rel) != Some(&stamp) || checked(rel).is_err() {
            return false;
        }
        let on_disk = std::fs::symlink_metadata(self.dest.join(rel));
        if !on_disk.is_ok_and(|m| m.is_file() && m.len() == stamp.len) {
            return false;
        }
        self.lock()
            .files
            .push((rel.to_owned(), stamp, Placed::Unchanged));
        true
    }

    fn place(&self, rel: &str, bytes: &[u8], stamp: Stamp) -> io::Result<()> {
        let rel_path = checked(rel)?;
        let target = self.dest.join(rel_path);
        // A folder this build has just created holds nothing yet: no need to look for the file.
        let folder_is_new = self.ensure_parent(&target, true)?;
        let existing = if folder_is_new {
            None
        } else {
            std::fs::symlink_metadata(&target).ok()
        };
        let placed = match existing {
            Some(m)
                if self.previous.get(rel) == Some(&stamp)
                    && m.is_file()
                    && m.len() == stamp.len =>
            {
                Placed::Unchanged
            }
            Some(_) => {
                let staged = self.staging.join(rel_path);
                self.ensure_parent(&staged, false)?;
                std::fs::write(&staged, bytes)?;
                Placed::Staged
            }
            None => {
                std::fs::write(&target, bytes)?;
                Placed::Created
            }
        };
        self.lock().files.push((rel.to_owned(), stamp, placed));
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Ledger> {
        self.ledger
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Creates the folders above `path`, each only once per build, and says whether this build
    /// created the nearest one. `record` remembers the ones created in the live destination so
    /// a failed build can remove them.
    fn ensure_parent(&self, path: &Path, record: bool) -> io::Result<bool> {
        let Some(parent) = path.parent() else {
            return Ok(false);
        };
        if let Some(&created) = self.lock().known_dirs.get(parent) {
            return Ok(created);
        }
        let mut created = Vec::new();
        create_dirs(parent, &mut created)?;
        let is_new = created.last().is_some_and(|d| d == parent);
        let mut ledger = self.lock();
        if record {
            ledger.created_dirs.extend(created);
        }
        ledger.known_dirs.insert(parent.to_path_buf(), is_new);
        Ok(is_new)
    }

    /// Moves the staged files into place, removes the files of the previous build that this one
    /// did not write, and records what is there now.
    pub fn commit(self) -> io::Result<Committed> {
        let ledger = std::mem::take(&mut *self.lock());
        let mut committed = Committed::default();
        for (rel, _, placed) in &ledger.files {
            match placed {
                Placed::Unchanged => committed.unchanged += 1,
                Placed::Created => committed.written += 1,
                Placed::Staged => {
                    let to = self.dest.join(rel);
                    if to.is_dir() {
                        std::fs::remove_dir_all(&to)?;
                    }
                    std::fs::rename(self.staging.join(rel), &to)?;
                    committed.written += 1;
                }
            }
        }
        let current: HashMap<&str, Stamp> = ledger
            .files
            .iter()
            .map(|(rel, stamp, _)| (rel.as_str(), *stamp))
            .collect();
        for old in self.previous.keys() {
            if current.contains_key(old.as_str()) || checked(old).is_err() {
                continue;
            }
            let path = self.dest.join(old);
            if path.is_file() && std::fs::remove_file(&path).is_ok() {
                committed.removed += 1;
                remove_empty_parents(&self.dest, &path);
            }
        }
        let unchanged = committed.written == 0
            && committed.removed == 0
            && current.len() == self.previous.len();
        if !unchanged {
            write_manifest(&self.dest, &current)?;
        }
        if self.staging.exists() {
            std::fs::remove_dir_all(&self.staging)?;
        }
        Ok(committed)
    }

    /// Undoes the build: the destination is left as the last good build left it.
    pub fn abandon(self) {
        let ledger = std::mem::take(&mut *self.lock());
        for (rel, _, placed) in &ledger.files {
            if *placed == Placed::Created {
                let _ = std::fs::remove_file(self.dest.join(rel));
            }
        }
        let mut dirs = ledger.created_dirs;
        dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for dir in dirs {
            let _ = std::fs::remove_dir(dir);
        }
        let _ = std::fs::remove_dir_all(&self.staging);
        if self.created_dest {
            let _ = std::fs::remove_dir(&self.dest);
        }
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
}

fn read_manifest(dest: &Path) -> HashMap<String, Stamp> {
    let Ok(text) = std::fs::read_to_string(dest.join(MANIFEST)) else {
        return HashMap::new();
    };
    let mut lines = text.lines();
    if lines.next() != Some(MANIFEST_HEADER) {
        return HashMap::new();
    }
    lines
        .filter_map(|line| {
            let mut parts = line.splitn(3, ' ');
            let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
            let len = parts.next()?.parse().ok()?;
            Some((parts.next()?.to_owned(), Stamp { hash, len }))
        })
        .collect()
}

fn write_manifest(dest: &Path, files: &HashMap<&str, Stamp>) -> io::Result<()> {
    use std::fmt::Write as _;
    let mut sorted: Vec<(&&str, &Stamp)> = files.iter().collect();
    sorted.sort_unstable_by_key(|(rel, _)| **rel);
    let mut text = String::with_capacity(sorted.len() * 64);
    text.push_str(MANIFEST_HEADER);
    text.push('\n');
    for (rel, stamp) in sorted {
        // Writing to a String cannot fail.
        let _ = writeln!(text, "{:016x} {} {rel}", stamp.hash, stamp.len);
    }
    std::fs::write(dest.join(MANIFEST), text)
}

/// `create_dir_all` that lists the folders it created, outermost first. It tries the folder
/// itself first: on a clean build that is one system call per folder.
fn create_dirs(dir: &Path, created: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut result = std::fs::create_dir(dir);
    if let Err(e) = &result
        && e.kind() == io::ErrorKind::NotFound
        && let Some(up) = dir.parent()
    {
        create_dirs(up, created)?;
        result = std::fs::create_dir(dir);
    }
    match result {
        Ok(()) => {
            created.push(dir.to_path_buf());
            Ok(())
        }
        // Another rendering thread may have just made it; a file in the way is an error.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(e) => Err(e),
    }
}

fn remove_empty_parents(dest: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == dest || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}
