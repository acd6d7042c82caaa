//! The output stage: files are written to a staging folder inside the destination and moved into
//! place only when the whole build succeeded, so a failed build leaves the previous site as it was.
//! Files inkstone did not write (a `CNAME`, a `.git` folder) are never touched.

use std::collections::HashSet;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

const STAGING_DIR: &str = ".inkstone-staging";
/// The files the last build wrote, so the next one can remove those it no longer writes.
const MANIFEST: &str = ".inkstone-manifest";

pub struct Staging {
    dest: PathBuf,
    /// Whether this build created the destination, so a failure can leave no trace at all.
    created_dest: bool,
    dir: PathBuf,
    files: Mutex<Vec<String>>,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Committed {
    pub written: usize,
    pub removed: usize,
}

impl Staging {
    pub fn new(dest: &Path) -> io::Result<Staging> {
        let created_dest = !dest.exists();
        let dir = dest.join(STAGING_DIR);
        if dir.exists() {
            // Left by a build that was killed; it never reached the live site.
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Staging {
            dest: dest.to_path_buf(),
            created_dest,
            dir,
            files: Mutex::new(Vec::new()),
        })
    }

    /// Writes `bytes` at `rel` (a `/`-separated path below the destination).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let target = self.staged_path(rel)?;
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, bytes)?;
        self.record(rel);
        Ok(())
    }

    pub fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        let target = self.staged_path(rel)?;
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(from, &target)?;
        self.record(rel);
        Ok(())
    }

    pub fn count(&self) -> usize {
        self.lock().len()
    }

    fn record(&self, rel: &str) {
        self.lock().push(rel.to_owned());
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<String>> {
        self.files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The last guard against writing outside the destination, whatever the caller checked.
    fn staged_path(&self, rel: &str) -> io::Result<PathBuf> {
        let path = Path::new(rel);
        let safe = !rel.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
        if safe {
            Ok(self.dir.join(path))
        } else {
            Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write {rel:?}: it is not a path inside the output folder"),
            ))
        }
    }

    /// Moves every staged file into place and removes the files of the previous build that this
    /// one did not write.
    pub fn commit(self) -> io::Result<Committed> {
        let files = std::mem::take(&mut *self.lock());
        let written: HashSet<&str> = files.iter().map(String::as_str).collect();
        for rel in &files {
            let from = self.dir.join(rel);
            let to = self.dest.join(rel);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)?;
            }
            if to.is_dir() {
                std::fs::remove_dir_all(&to)?;
            }
            std::fs::rename(&from, &to)?;
        }
        let mut removed = 0;
        for old in read_manifest(&self.dest) {
            if !written.contains(old.as_str()) && self.staged_path(&old).is_ok() {
                let path = self.dest.join(&old);
                if path.is_file() && std::fs::remove_file(&path).is_ok() {
                    removed += 1;
                    remove_empty_parents(&self.dest, &path);
                }
            }
        }
        let mut sorted: Vec<&str> = written.into_iter().collect();
        sorted.sort_unstable();
        std::fs::write(self.dest.join(MANIFEST), sorted.join("\n"))?;
        std::fs::remove_dir_all(&self.dir)?;
        Ok(Committed {
            written: files.len(),
            removed,
        })
    }

    /// Throws the staged files away; the destination stays as the last good build left it.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        if self.created_dest {
            let _ = std::fs::remove_dir(&self.dest);
        }
    }
}

fn read_manifest(dest: &Path) -> Vec<String> {
    std::fs::read_to_string(dest.join(MANIFEST))
        .map(|text| {
            text.lines()
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
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

/// Every file below `dir`, as `/`-separated paths relative to it, skipping editors' temporary
/// files but keeping dotfiles such as `.nojekyll` and `.well-known/`.
pub fn files_below(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| !crate::content::is_editor_temp(&e.file_name().to_string_lossy()))
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            Some((rel, e.path().to_path_buf()))
        })
        .collect()
}
