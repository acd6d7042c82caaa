//! What a build wrote into a site folder: each file's stamp (hash and length of its bytes) and
//! the modification time it had once written, and the folders it moved in that inkstone did not
//! make. The next build keeps what it would write the same, and carries over whatever is not
//! listed.

use std::collections::HashMap;
use std::io;
use std::path::Path;

use super::{MANIFEST, Stamp};

const HEADER_V1: &str = "inkstone manifest 1";
const HEADER: &str = "inkstone manifest 2";

/// One file the last build wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub stamp: Stamp,
    /// When the file was written, in nanoseconds: a file changed by hand since then has another.
    /// Unknown in manifests of older versions.
    pub modified: Option<u64>,
}

/// Marks a line naming a folder inkstone did not make, moved from the old site into this one.
const MOVED: &str = "moved ";
/// Marks the line naming the output folder such folders came from.
const LIVE: &str = "live ";

#[derive(Debug, Default)]
pub(crate) struct Manifest {
    pub files: HashMap<String, Entry>,
    /// Top-level folders of the old site that were moved into this one.
    pub moved: Vec<String>,
    /// The output folder they were moved from, when any were.
    pub live: Option<std::path::PathBuf>,
}

/// The manifest of the site in `dir`; `None` when there is none, or none this version reads.
pub(crate) fn read(dir: &Path) -> Option<Manifest> {
    let text = std::fs::read_to_string(dir.join(MANIFEST)).ok()?;
    let mut lines = text.lines();
    let with_times = match lines.next() {
        Some(HEADER) => true,
        Some(HEADER_V1) => false,
        _ => return None,
    };
    let fields = if with_times { 4 } else { 3 };
    let mut manifest = Manifest::default();
    let files = lines
        .filter_map(|line| {
            if let Some(name) = line.strip_prefix(MOVED) {
                manifest.moved.push(name.to_owned());
                return None;
            }
            if let Some(path) = line.strip_prefix(LIVE) {
                manifest.live = Some(path.into());
                return None;
            }
            let mut parts = line.splitn(fields, ' ');
            let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
            let len = parts.next()?.parse().ok()?;
            let modified = match with_times {
                true => Some(parts.next()?.parse().ok()?),
                false => None,
            };
            let rel = parts.next()?.to_owned();
            let stamp = Stamp { hash, len };
            Some((rel, Entry { stamp, modified }))
        })
        .collect();
    manifest.files = files;
    Some(manifest)
}

/// Writes the manifest of the site in `dir`, with the folders `moved` into it from `live`.
pub(crate) fn write(
    dir: &Path,
    files: &[(&str, Entry)],
    moved: &[String],
    live: &Path,
) -> io::Result<()> {
    use std::fmt::Write as _;
    let mut sorted: Vec<&(&str, Entry)> = files.iter().collect();
    sorted.sort_unstable_by_key(|(rel, _)| *rel);
    let mut text = String::with_capacity(sorted.len() * 72);
    text.push_str(HEADER);
    text.push('\n');
    for (rel, entry) in sorted {
        let Stamp { hash, len } = entry.stamp;
        let modified = entry.modified.unwrap_or(0);
        // Writing to a String cannot fail.
        let _ = writeln!(text, "{hash:016x} {len} {modified} {rel}");
    }
    for name in moved {
        let _ = writeln!(text, "{MOVED}{name}");
    }
    if !moved.is_empty() {
        let _ = writeln!(text, "{LIVE}{}", live.display());
    }
    std::fs::write(dir.join(MANIFEST), text)
}

/// A file's modification time in nanoseconds since 1970, the way the manifest records it.
pub(crate) fn modified(meta: &std::fs::Metadata) -> Option<u64> {
    let since = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    u64::try_from(since.as_nanos()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_what_was_written() {
        let dir = tempfile::tempdir().unwrap();
        let entry = Entry {
            stamp: Stamp::of(b"<p>hi</p>"),
            modified: Some(1_700_000_000_123_456_789),
        };
        let moved = vec![".git".to_owned()];
        let live = Path::new("/site/public");
        write(dir.path(), &[("posts/a b/index.html", entry)], &moved, live).unwrap();
        let read = read(dir.path()).unwrap();
        assert_eq!(read.files.get("posts/a b/index.html"), Some(&entry));
        assert_eq!(read.moved, moved);
        assert_eq!(read.live.as_deref(), Some(live));
    }

    #[test]
    fn a_manifest_of_the_first_format_has_no_times() {
        let dir = tempfile::tempdir().unwrap();
        let text = "inkstone manifest 1\n00000000000000ff 12 index.html\n";
        std::fs::write(dir.path().join(MANIFEST), text).unwrap();
        let entry = read(dir.path()).unwrap().files["index.html"];
        assert_eq!(entry.stamp.len, 12);
        assert_eq!(entry.modified, None);
    }
}
