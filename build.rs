//! Embeds every file of the built-in theme, so adding a template needs no list kept by hand.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    // Read when the script runs, not baked in when it is compiled: a build of another checkout
    // sharing this target folder must not embed that checkout's theme.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut code = String::new();
    for (constant, folder) in [("TEMPLATES", "theme/templates"), ("ASSETS", "theme/assets")] {
        println!("cargo:rerun-if-changed={folder}");
        let mut files = Vec::new();
        collect(Path::new(folder), Path::new(folder), &mut files);
        files.sort();
        writeln!(code, "pub const {constant}: &[(&str, &str)] = &[").unwrap();
        for (name, path) in files {
            let absolute = Path::new(&manifest_dir).join(path);
            writeln!(
                code,
                "    ({name:?}, include_str!({:?})),",
                absolute.display().to_string()
            )
            .unwrap();
        }
        writeln!(code, "];").unwrap();
    }
    std::fs::write(Path::new(&out_dir).join("theme_files.rs"), code).expect("OUT_DIR is writable");
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, std::path::PathBuf)>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("theme folder entries are readable").path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(root, &path, files);
        } else {
            let name = path
                .strip_prefix(root)
                .expect("inside the theme folder")
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.push((name, path));
        }
    }
}
