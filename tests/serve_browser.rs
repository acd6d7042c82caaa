//! `inkstone serve` in headless Chromium (Debian's, driven by playwright-core from
//! tests/browser/): a saved edit shows without a manual reload at the same scroll position, a
//! broken file shows an overlay until it is fixed, a stylesheet is swapped in place.

mod common;

use std::process::Command;

use common::repo_path;
use common::server::serve;

#[test]
#[ignore = "needs chromium and the npm packages of tests/browser (.ci/run installs them)"]
fn edits_show_in_the_open_page_and_errors_as_an_overlay() {
    let server = serve("examples/blog");
    let url = format!(
        "http://localhost:{}/2024/02/a-tour-of-code-blocks/",
        server.port
    );
    let out = Command::new("node")
        .arg(repo_path("tests/browser/serve.mjs"))
        .arg(&url)
        .arg(&server.site)
        .arg("content/posts/code-tour.md")
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("serve in chromium: ok"), "{stdout}");
}
