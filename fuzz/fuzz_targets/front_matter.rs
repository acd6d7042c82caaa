//! Any bytes as a content file: split, parsed and read as a page without a panic; every
//! diagnostic renders; the page's path, when it has one, stays inside the output folder.
#![no_main]

use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use inkstone::config::{self, Config};
use inkstone::content::cache::FrontMatterCache;
use inkstone::content::{Bundle, Found, PageKind, page_from_bytes};
use inkstone::site::urls;
use libfuzzer_sys::fuzz_target;

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        config::load(dir.path(), config::PRODUCTION).expect("the default config")
    })
}

fuzz_target!(|data: &[u8]| {
    let kinds = [PageKind::Page, PageKind::Section, PageKind::Home];
    let kind = kinds[data.first().map_or(0, |b| usize::from(*b) % 3)];
    let found = Found {
        file: PathBuf::from("content/posts/fuzzed.md"),
        rel_path: "posts/fuzzed.md".to_owned(),
        lang: "en".to_owned(),
        kind,
        bundle: (kind != PageKind::Page).then(Bundle::default),
    };
    let cache = FrontMatterCache::disabled();
    match page_from_bytes(found, data, config(), &cache, serde_json::Map::new()) {
        Ok((page, warnings)) => {
            for d in &warnings {
                let _ = d.render(false);
            }
            if let Ok(path) = urls::page_path(&page, config()) {
                let file = urls::output_file(&path);
                let inside = Path::new(&file)
                    .components()
                    .all(|c| matches!(c, Component::Normal(_)));
                assert!(inside, "{path:?} leaves the output folder as {file:?}");
            }
        }
        Err(problems) => {
            assert!(!problems.is_empty());
            for d in &problems {
                let _ = d.render(false);
            }
        }
    }
});
