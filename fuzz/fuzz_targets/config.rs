//! Any bytes as a site's config file (TOML, YAML or JSON, chosen by the first byte): loaded
//! without a panic, every language's config made, every diagnostic rendered.
#![no_main]

use std::sync::OnceLock;

use inkstone::config;
use libfuzzer_sys::fuzz_target;

fn site() -> &'static tempfile::TempDir {
    static SITE: OnceLock<tempfile::TempDir> = OnceLock::new();
    SITE.get_or_init(|| tempfile::tempdir().expect("a temporary folder"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&choice, text)) = data.split_first() else {
        return;
    };
    let names = ["hugo.toml", "hugo.yaml", "hugo.json"];
    let dir = site().path();
    for name in names {
        let _ = std::fs::remove_file(dir.join(name));
    }
    if std::fs::write(dir.join(names[usize::from(choice) % 3]), text).is_err() {
        return;
    }
    match config::load(dir, config::PRODUCTION) {
        Ok(config) => {
            for d in &config.warnings {
                let _ = d.render(false);
            }
            for index in 0..config.languages.len() {
                let language = config.for_language(index);
                let _ = language.relative_url("/posts/");
                let _ = language.sitemap_path();
            }
        }
        Err(problems) => {
            for d in &problems {
                let _ = d.render(false);
            }
        }
    }
});
