//! Where a build puts its files: the output folder for `build` ([`dir`]), memory for `serve`
//! ([`memory`]). Both refuse any path that is not inside the site.

use std::hash::Hasher;
use std::io;
use std::path::{Component, Path};

use crate::site::Output;

pub mod dir;
mod manifest;
pub mod memory;
mod minify;
mod swap;

pub use dir::{Committed, OutputDir};
pub use minify::Minifying;
pub use swap::restore_moved_folders;

/// Where a build puts its files: the output folder for `build`, memory for `serve`. Paths are
/// `/`-separated and relative to the site's root.
pub trait Sink: Sync {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;
    /// Writes what rendering `made_by` gave; a sink that can have it rendered again on request
    /// need not keep the bytes.
    fn write_output(&self, rel: &str, bytes: &[u8], made_by: Output) -> io::Result<()> {
        let _ = made_by;
        self.write(rel, bytes)
    }
    /// Puts the file at `from` at `rel`.
    fn copy(&self, rel: &str, from: &Path) -> io::Result<()>;
    /// Keeps what the previous build put at `rel`, if it is still there: the caller knows its
    /// bytes would be the same (made by `made_by` this time, for a rendered output). False when
    /// there is nothing to keep.
    fn keep(&self, rel: &str, made_by: Option<Output>) -> bool;
    /// Whether nothing more will be written: a write failed or the build was interrupted. What
    /// is left to render need not be.
    fn stopped(&self) -> bool {
        false
    }
    /// Whether this build has already put a file at `rel`.
    fn written(&self, rel: &str) -> bool {
        let _ = rel;
        false
    }
}

/// Where versions before the atomic output kept files to replace, removed if found.
pub(crate) const STAGING_DIR: &str = ".inkstone-staging";
/// What the last build wrote, with each file's hash and length: the next build removes what it
/// no longer writes and leaves alone what has not changed.
pub(crate) const MANIFEST: &str = ".inkstone-manifest";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub(crate) hash: u64,
    pub(crate) len: u64,
}

impl Stamp {
    pub(crate) fn of(bytes: &[u8]) -> Stamp {
        // A new binary hashing differently only causes a rewrite, never a missed one.
        let mut hasher = crate::hash::hasher();
        hasher.write(bytes);
        Stamp {
            hash: hasher.finish(),
            len: bytes.len() as u64,
        }
    }

    /// A copied file is recognised by its size and modification time, not its bytes.
    pub(crate) fn of_file(path: &Path) -> io::Result<Stamp> {
        let meta = std::fs::metadata(path)?;
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        Ok(Stamp {
            hash: crate::hash::hash_of(&("copied", meta.len(), modified)),
            len: meta.len(),
        })
    }
}

/// The last guard against writing outside the destination, whatever the caller checked.
pub(crate) fn checked(rel: &str) -> io::Result<&Path> {
    let path = Path::new(rel);
    let safe = !rel.is_empty()
        && rel != MANIFEST
        && path.components().all(|c| matches!(c, Component::Normal(_)))
        && path
            .components()
            .next()
            .is_some_and(|c| c.as_os_str() != STAGING_DIR && c.as_os_str() != swap::INSIDE_NEXT);
    if safe {
        Ok(path)
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write {rel:?}: it is not a path inside the output folder"),
        ))
    }
}
