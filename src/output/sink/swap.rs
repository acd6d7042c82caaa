//! Putting a new site in place of the old one at once. The new site is made in a second folder
//! on the same file system — the *shadow*, in the site's cache folder — and the two are exchanged
//! by one `renameat2(RENAME_EXCHANGE)`: at every instant the output folder holds either the whole
//! old site or the whole new one. After the exchange the shadow holds the old site, which the
//! next build brings up to date by changing only what differs, so a build that changes a few
//! files costs a few files, not a copy of the site.
//!
//! An output folder that is a mount point cannot be exchanged: the new site is then made inside
//! it and exchanged entry by entry, which keeps every top-level entry whole but not the site.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use super::{MANIFEST, STAGING_DIR};

/// The new site's folder inside an output folder that cannot be exchanged.
pub(crate) const INSIDE_NEXT: &str = ".inkstone-next";
/// Where the old site waits, for a moment, on systems that cannot exchange two folders.
const OLD: &str = "inkstone-old";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// The shadow is a folder of its own and replaces the output folder whole.
    Beside,
    /// The output folder is a mount point: the new site is made inside it, from nothing.
    Inside,
}

/// Where a build makes the new site, and where it goes.
#[derive(Debug)]
pub(crate) struct Prepared {
    /// The live site: the output folder, or what it links to.
    pub live: PathBuf,
    /// Where this build makes the new site.
    pub next: PathBuf,
    pub layout: Layout,
    old: PathBuf,
    /// Whether the shadow outlives the build, holding the old site for the next one.
    pub keeps_shadow: bool,
}

/// Finds where the new site is made, undoing what a killed build left half done. The shadow is
/// kept in `cache_dir` when there is one on the output folder's file system; else it is made
/// beside the output folder for this build alone.
pub(crate) fn prepare(dest: &Path, cache_dir: Option<&Path>) -> io::Result<Prepared> {
    let live = resolve(dest)?;
    let (Some(parent), Some(name)) = (live.parent(), live.file_name()) else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the output folder cannot be the root of the file system",
        ));
    };
    let name = name.to_string_lossy().into_owned();
    std::fs::create_dir_all(parent)?;
    let old = parent.join(format!(".{name}.{OLD}"));
    let beside = parent.join(format!(".{name}.inkstone-next"));
    if std::fs::symlink_metadata(&live).is_err() && old.is_dir() {
        // Killed between the two renames that stand in for an exchange.
        std::fs::rename(&old, &live)?;
    }
    let in_cache = cache_dir.and_then(|dir| shadow_in_cache(&live, parent, dir));
    let leftovers = [
        Some(old.clone()),
        Some(live.join(INSIDE_NEXT)),
        Some(live.join(STAGING_DIR)),
        in_cache.is_some().then(|| beside.clone()),
    ];
    for leftover in leftovers.into_iter().flatten() {
        if std::fs::symlink_metadata(&leftover).is_ok() {
            remove_any(&leftover)?;
        }
    }
    if is_mount_point(&live) {
        let next = live.join(INSIDE_NEXT);
        std::fs::create_dir(&next)?;
        return Ok(Prepared {
            live,
            next,
            layout: Layout::Inside,
            old,
            keeps_shadow: false,
        });
    }
    let keeps_shadow = in_cache.is_some();
    let next = in_cache.unwrap_or(beside);
    std::fs::create_dir_all(&next)?;
    Ok(Prepared {
        live,
        next,
        layout: Layout::Beside,
        old,
        keeps_shadow,
    })
}

/// The shadow's place in the site's cache folder, out of sight, if that is on the output
/// folder's file system.
fn shadow_in_cache(live: &Path, parent: &Path, cache_dir: &Path) -> Option<PathBuf> {
    let key = crate::hash::hash_of(&live.to_string_lossy());
    let ready = std::fs::create_dir_all(cache_dir).is_ok() && ignore_in_git(cache_dir);
    (ready && same_file_system(cache_dir, parent))
        .then(|| cache_dir.join(format!("output-{key:016x}")))
}

/// The cache folder is inkstone's own: a `.gitignore` in it keeps it out of the site's
/// repository without asking the user to list it.
fn ignore_in_git(cache_dir: &Path) -> bool {
    let file = cache_dir.join(".gitignore");
    file.exists() || std::fs::write(file, "*\n").is_ok()
}

/// The output folder as an absolute path; when it is itself a link, the folder it links to, as
/// Hugo writes through it.
fn resolve(dest: &Path) -> io::Result<PathBuf> {
    let dest = std::path::absolute(dest)?;
    match std::fs::symlink_metadata(&dest) {
        Ok(meta) if meta.file_type().is_symlink() => std::fs::canonicalize(&dest),
        Ok(meta) if !meta.is_dir() => Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} is a file, not a folder", dest.display()),
        )),
        _ => Ok(dest),
    }
}

#[cfg(unix)]
fn same_file_system(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file_system(_a: &Path, _b: &Path) -> bool {
    false
}

fn is_mount_point(dir: &Path) -> bool {
    let parent = dir.parent().unwrap_or(dir);
    dir.is_dir() && !same_file_system(dir, parent)
}

/// Puts back what a build moved into the shadow just before an exchange that did not happen.
pub(crate) fn move_back(place: &Prepared, moved: &[String]) -> io::Result<()> {
    for name in moved {
        let (moved, home) = (place.next.join(name), place.live.join(name));
        if std::fs::symlink_metadata(&home).is_err() && std::fs::symlink_metadata(&moved).is_ok() {
            std::fs::rename(moved, home)?;
        }
    }
    Ok(())
}

/// Puts back every folder a killed build left in a shadow kept in `cache_dir`, before the cache
/// is removed: they are the user's.
pub fn restore_moved_folders(cache_dir: &Path) -> io::Result<()> {
    let Ok(names) = names_in(cache_dir) else {
        return Ok(());
    };
    for name in names {
        let shadow = cache_dir.join(&name);
        if !name.to_string_lossy().starts_with("output-") {
            continue;
        }
        let Some(manifest) = super::manifest::read(&shadow) else {
            continue;
        };
        let Some(live) = manifest.live else {
            continue;
        };
        for moved in &manifest.moved {
            let (from, home) = (shadow.join(moved), live.join(moved));
            if std::fs::symlink_metadata(&home).is_err() && std::fs::symlink_metadata(&from).is_ok()
            {
                std::fs::rename(from, home)?;
            }
        }
    }
    Ok(())
}

/// Carries into the new site what the old one holds at its top that inkstone did not write —
/// a `CNAME`, a `.git` folder — unless this build wrote the same name. Files are linked; folders
/// are named in the returned list, to be moved in by [`move_in`] once the new site is complete.
/// `current` are the top-level names of this build's files; `ours`, those and the last build's.
/// With `clean` (Hugo's `--cleanDestinationDir`) only hidden folders (`.git`) are carried, as
/// Hugo keeps them.
pub(crate) fn carry_over_foreign(
    place: &Prepared,
    current: &HashSet<&str>,
    ours: &HashSet<&str>,
    clean: bool,
) -> io::Result<Vec<String>> {
    // What the shadow holds at its top that this build did not make is from an older build.
    for name in names_in(&place.next)? {
        let text = name.to_string_lossy();
        if !current.contains(text.as_ref()) {
            remove_any(&place.next.join(&name))?;
        }
    }
    let mut moved = Vec::new();
    let live_names = match names_in(&place.live) {
        Ok(names) => names,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(moved),
        Err(e) => return Err(e),
    };
    for name in live_names {
        let text = name.to_string_lossy().into_owned();
        if ours.contains(text.as_str()) || is_ours_at_top(&name) {
            continue;
        }
        let from = place.live.join(&name);
        let kind = std::fs::symlink_metadata(&from)?.file_type();
        if clean && !(kind.is_dir() && text.starts_with('.')) {
            continue;
        }
        if kind.is_dir() {
            moved.push(text);
        } else {
            carry(&from, &place.next.join(&name), kind)?;
        }
    }
    Ok(moved)
}

/// Moves the old site's folders named in `moved` into the new one. A kill between this and the
/// exchange leaves them in the shadow, whose manifest names them: the next build moves them back.
pub(crate) fn move_in(place: &Prepared, moved: &[String]) -> io::Result<()> {
    for name in moved {
        if let Err(e) = std::fs::rename(place.live.join(name), place.next.join(name)) {
            let _ = move_back(place, moved);
            return Err(e);
        }
    }
    Ok(())
}

fn is_ours_at_top(name: &std::ffi::OsStr) -> bool {
    name == MANIFEST || name == INSIDE_NEXT || name == STAGING_DIR
}

fn carry(from: &Path, to: &Path, kind: std::fs::FileType) -> io::Result<()> {
    if kind.is_symlink() {
        let target = std::fs::read_link(from)?;
        return make_link(&target, to);
    }
    if kind.is_file() {
        return std::fs::hard_link(from, to).or_else(|_| std::fs::copy(from, to).map(|_| ()));
    }
    // Sockets and pipes are not a site's files.
    Ok(())
}

#[cfg(unix)]
fn make_link(target: &Path, at: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(target, at)
}

#[cfg(not(unix))]
fn make_link(_target: &Path, _at: &Path) -> io::Result<()> {
    Ok(())
}

/// Puts the new site in place of the old one. The old one stays in the shadow's place, for the
/// next build to bring up to date; inside a mount point it is removed.
pub(crate) fn put_in_place(place: &Prepared) -> io::Result<()> {
    match place.layout {
        Layout::Beside => replace_whole(place),
        Layout::Inside => replace_entries(place),
    }
}

fn replace_whole(place: &Prepared) -> io::Result<()> {
    if std::fs::symlink_metadata(&place.live).is_err() {
        return std::fs::rename(&place.next, &place.live);
    }
    if exchange(&place.next, &place.live).is_err() {
        std::fs::rename(&place.live, &place.old)?;
        std::fs::rename(&place.next, &place.live)?;
        std::fs::rename(&place.old, &place.next)?;
    }
    match place.keeps_shadow {
        true => Ok(()),
        false => std::fs::remove_dir_all(&place.next),
    }
}

/// Exchanges each top-level entry of the new site with the old one's, then removes what is
/// left of the old site.
fn replace_entries(place: &Prepared) -> io::Result<()> {
    let new_names: HashSet<_> = names_in(&place.next)?.into_iter().collect();
    for name in &new_names {
        let (new, live) = (place.next.join(name), place.live.join(name));
        if std::fs::symlink_metadata(&live).is_err() {
            std::fs::rename(&new, &live)?;
        } else if exchange(&new, &live).is_err() {
            remove_any(&live)?;
            std::fs::rename(&new, &live)?;
        }
    }
    // What only the old site had goes into the folder about to be removed.
    for name in names_in(&place.live)? {
        if name != INSIDE_NEXT && !new_names.contains(&name) {
            std::fs::rename(place.live.join(&name), place.next.join(&name))?;
        }
    }
    std::fs::remove_dir_all(&place.next)
}

#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

fn names_in(dir: &Path) -> io::Result<Vec<std::ffi::OsString>> {
    std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.file_name()))
        .collect()
}

/// Removes a file, a link or a folder with everything in it.
pub(crate) fn remove_any(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path)?.is_dir() {
        true => std::fs::remove_dir_all(path),
        false => std::fs::remove_file(path),
    }
}
