//! `inkstone new site DIR`: a folder ready to write in, with nothing to configure.

use std::io;
use std::path::Path;

const FILES: &[(&str, &str)] = &[
    (
        "hugo.toml",
        "baseURL = \"https://example.org/\"\ntitle = \"My New Site\"\nlanguageCode = \"en\"\n\n[params]\ndescription = \"A site built with inkstone.\"\n",
    ),
    (
        "content/_index.md",
        "---\ntitle: \"My New Site\"\n---\n\nWelcome! Edit `content/_index.md` to change this text.\n",
    ),
    (
        "content/posts/hello-world.md",
        "---\ntitle: \"Hello, World\"\ndate: 2024-01-01\ntags: [\"first\"]\ndraft: true\n---\n\nThis is a draft: build with `inkstone build -D` to see it, or set `draft: false`.\n",
    ),
    ("static/.gitkeep", ""),
    ("templates/.gitkeep", ""),
    (".gitignore", "/public/\n/.inkstone-cache/\n"),
];

/// Writes a new site into `dir`, which must not exist or be empty.
pub fn new_site(dir: &Path) -> io::Result<()> {
    let occupied = dir
        .read_dir()
        .map(|mut entries| entries.next().is_some())
        .unwrap_or(false);
    if occupied {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} already exists and is not empty", dir.display()),
        ));
    }
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    Ok(())
}
