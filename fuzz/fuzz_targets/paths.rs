//! Any text as a term, a file name, a `url`, a `slug` or an alias: the paths made from it never
//! leave the output folder, whatever the text holds.
#![no_main]

use std::path::{Component, Path};

use inkstone::site::urls;
use libfuzzer_sys::fuzz_target;

fn assert_inside(site_path: &str, from: &str) {
    let file = urls::output_file(site_path);
    let inside = !file.is_empty()
        && Path::new(&file)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    assert!(inside, "{from:?} gives {site_path:?}, written to {file:?}");
}

fuzz_target!(|text: &str| {
    for lower in [true, false] {
        let slug = urls::term_slug(text, lower);
        if !slug.is_empty() {
            assert_inside(&format!("/tags/{slug}/"), text);
        }
    }
    // A file or folder name, which holds no `/`, and is neither `.` nor `..`.
    if !text.contains('/') && text.trim() != "." && text.trim() != ".." {
        let segment = urls::segment(text);
        assert!(
            !segment.contains('/'),
            "{text:?} gives the segment {segment:?}"
        );
        if !segment.is_empty() && segment != "." && segment != ".." {
            assert_inside(&format!("/posts/{segment}/"), text);
        }
    }
    // What the site stage accepts as a `url` or `slug` is written inside the output folder.
    if urls::check_path("url", text).is_ok() {
        let path = urls::normalize(text);
        if path != "/" {
            assert_inside(&path, text);
        }
    }
});
