//! The command line as a Hugo user reaches for it: flags by Hugo's names.

mod common;

use common::build_files;

const WARNED: &[(&str, &str)] = &[
    // A menu entry under a parent no entry is: Hugo makes the heading silently; inkstone too,
    // with a warning.
    (
        "hugo.toml",
        "title = 'S'\n[[menu.main]]\nname = 'X'\nurl = '/x/'\nparent = 'Nowhere'\n",
    ),
    ("content/a.md", "---\ntitle: A\n---\nA.\n"),
];

#[test]
fn a_warning_is_a_line_and_the_build_goes_on() {
    let b = build_files(WARNED, &[]);
    assert!(b.succeeded(), "{}", b.stderr());
    assert!(b.stderr().contains("Nowhere"), "{}", b.stderr());
    assert!(b.exists("a/index.html"));
}

#[test]
fn panic_on_warning_fails_the_build_and_writes_nothing() {
    for flag in ["--panicOnWarning", "--panic-on-warning"] {
        let b = build_files(WARNED, &[flag]);
        assert!(!b.succeeded(), "{flag}");
        assert!(b.stderr().contains("Nowhere"), "{}", b.stderr());
        assert!(
            b.stderr().contains("Build failed with 1 error"),
            "{}",
            b.stderr()
        );
        assert!(!b.public().exists(), "{flag}: nothing is written");
    }
}

fn inkstone(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_inkstone"))
        .args(args)
        .output()
        .expect("the inkstone binary runs")
}

#[test]
fn version_and_env_say_what_runs() {
    let want = format!("inkstone {}", env!("CARGO_PKG_VERSION"));
    for args in [&["version"][..], &["--version"]] {
        let out = inkstone(args);
        assert!(out.status.success());
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            want,
            "{args:?}"
        );
    }
    let env = inkstone(&["env"]);
    assert!(env.status.success());
    let text = String::from_utf8_lossy(&env.stdout);
    assert!(text.starts_with(&want), "{text}");
    assert!(
        text.contains(&format!("os=\"{}\"", std::env::consts::OS)),
        "{text}"
    );
    assert!(text.contains("threads="), "{text}");
}

#[test]
fn server_is_serve_as_hugo_spells_it() {
    let out = inkstone(&["server", "--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("--port"), "{help}");
    assert!(inkstone(&["build", "--help"]).status.success());
    let build_help = String::from_utf8_lossy(&inkstone(&["build", "--help"]).stdout).into_owned();
    assert!(build_help.contains("--panicOnWarning"), "{build_help}");
}
