//! Which files on disk belong to a site, shared by every stage that walks a folder.

use std::io;
use std::path::{Path, PathBuf};

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

/// Every file below `dir` that `skip` does not reject by name, as `/`-separated paths relative
/// to `dir`, in name order; links are followed.
/// The files of several folders merged: a path found in an earlier folder hides the same path
/// in later ones (a site's `static/` over its theme's).
pub fn files_below_all(dirs: &[PathBuf], skip: fn(&str) -> bool) -> Vec<(String, PathBuf)> {
    let mut seen = std::collections::HashSet::new();
    let mut all = Vec::new();
    for dir in dirs {
        for (rel, path) in files_below(dir, skip) {
            if seen.insert(rel.clone()) {
                all.push((rel, path));
            }
        }
    }
    all
}

pub fn files_below(dir: &Path, skip: fn(&str) -> bool) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| !skip(&e.file_name().to_string_lossy()))
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
