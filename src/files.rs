//! Which files on disk belong to a site, shared by every stage that walks a folder.

use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// Where the caches of a site live, beside its content: never part of the site, never watched.
pub const CACHE_DIR: &str = ".inkstone-cache";

/// Files editors leave beside the ones being edited; never part of a site, even in `static/`.
pub fn is_editor_temp(name: &str) -> bool {
    name.starts_with('#')
        || name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == ".DS_Store"
}

/// Content and templates skip dotfiles as well; `static/` keeps them (`.nojekyll`, `.well-known/`).
pub fn is_hidden_or_temp(name: &str) -> bool {
    name.starts_with('.') || is_editor_temp(name)
}

/// What a walk of a site's folder found: its files, by `/`-separated path below the folder, in
/// name order, and the symbolic links it skipped.
#[derive(Debug, Default)]
pub struct Listing {
    pub files: Vec<(String, PathBuf)>,
    pub links: Vec<PathBuf>,
}

/// The files of several folders merged: a path found in an earlier folder hides the same path
/// in later ones (a site's `static/` over its theme's).
pub fn files_below_all(dirs: &[PathBuf], skip: fn(&str) -> bool) -> Listing {
    let mut seen = std::collections::HashSet::new();
    let mut all = Listing::default();
    for dir in dirs {
        let listing = files_below(dir, skip);
        for (rel, path) in listing.files {
            if seen.insert(rel.clone()) {
                all.files.push((rel, path));
            }
        }
        all.links.extend(listing.links);
    }
    all
}

/// Every file below `dir` that `skip` does not reject by name. Links below `dir` are not
/// followed, as Hugo follows none: they could publish any file of the machine, or loop.
pub fn files_below(dir: &Path, skip: fn(&str) -> bool) -> Listing {
    let mut listing = Listing::default();
    if !dir.is_dir() {
        return listing;
    }
    let walk = walkdir::WalkDir::new(dir)
        .follow_root_links(true)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.depth() > 0 && !skip(&e.file_name().to_string_lossy()));
    for entry in walk {
        if entry.path_is_symlink() {
            listing.links.push(entry.path().to_path_buf());
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        listing.files.push((rel, entry.path().to_path_buf()));
    }
    listing
}

/// The warning for a symbolic link found in a site's folder, which the build skips.
pub fn skipped_link(link: &Path) -> Diagnostic {
    let target = std::fs::read_link(link)
        .map(|t| format!(" (to {})", t.display()))
        .unwrap_or_default();
    Diagnostic::warning(format!(
        "skipped this symbolic link{target}: links in a site's folders are not followed, as in Hugo"
    ))
    .in_file(link)
    .with_hint("copy the file or folder here, or mount its folder with [[module.mounts]]")
}

/// A file's size and modification time: what tells a changed file without reading it.
pub fn stamp(path: &Path) -> Option<(u64, u128)> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some((meta.len(), modified))
}

/// Images whose size a page may show, by extension.
pub fn is_raster_image(name: &str) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        ext.as_deref(),
        Some("png" | "jpg" | "jpeg" | "gif" | "webp" | "avif" | "bmp" | "ico" | "tif" | "tiff")
    )
}

/// Removes the cache folder under `source`; `Ok(false)` when there was none.
pub fn remove_cache_dir(source: &Path) -> io::Result<bool> {
    let dir = source.join(CACHE_DIR);
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
        Ok(true)
    } else {
        Ok(false)
    }
}
