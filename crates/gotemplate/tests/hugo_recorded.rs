//! The engine against what the real Hugo printed for the same templates: every case in
//! `tests/hugo/cases/` run here must give exactly `tests/hugo/expected/` (recorded by
//! `tests/hugo/record` with Hugo; the test that needs Hugo checks the recording is current).

use std::fs;
use std::path::{Path, PathBuf};

use inkstone_gotemplate::{NoFunctions, Templates, Value};

fn dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hugo")
        .join(name)
}

fn templates() -> Templates {
    let mut templates = Templates::html();
    for entry in fs::read_dir(dir("partials")).expect("partials") {
        let path = entry.expect("entry").path();
        let name = format!(
            "partials/{}",
            path.file_name().and_then(|n| n.to_str()).expect("name")
        );
        let source = fs::read_to_string(&path).expect("read");
        templates
            .add(&name, &source, &NoFunctions)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    templates
}

fn cases() -> Vec<(String, String)> {
    let mut cases: Vec<(String, String)> = fs::read_dir(dir("cases"))
        .expect("cases")
        .map(|e| {
            let path = e.expect("entry").path();
            let name = path
                .file_stem()
                .and_then(|n| n.to_str())
                .expect("name")
                .to_string();
            (name, fs::read_to_string(&path).expect("read"))
        })
        .collect();
    cases.sort();
    cases
}

/// Each differing line, with its number, so that a failure says where.
fn differences(expected: &str, actual: &str) -> Vec<String> {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let mut out = Vec::new();
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (
            e.get(i).copied().unwrap_or("<none>"),
            a.get(i).copied().unwrap_or("<none>"),
        );
        if x != y {
            out.push(format!(
                "  line {}:\n    hugo:     {x:?}\n    inkstone: {y:?}",
                i + 1
            ));
        }
    }
    out
}

#[test]
fn every_case_prints_what_hugo_printed() {
    let mut failures = Vec::new();
    for (name, source) in cases() {
        let mut templates = templates();
        let file = format!("case-{name}.html");
        let result = templates
            .add(&file, &source, &NoFunctions)
            .and_then(|()| templates.execute(&file, &Value::Nil, &NoFunctions));
        let expected = fs::read_to_string(dir("expected").join(format!("{name}.html")))
            .expect("expected output");
        match result {
            Ok(actual) if actual == expected => {}
            Ok(actual) => failures.push(format!(
                "{name}:\n{}",
                differences(&expected, &actual).join("\n")
            )),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) differ from Hugo:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
#[ignore = "needs hugo"]
fn the_recording_is_what_hugo_prints_today() {
    let out = std::env::temp_dir().join(format!("gotemplate-record-{}", std::process::id()));
    let status = std::process::Command::new(dir("record"))
        .arg(&out)
        .status()
        .expect("run tests/hugo/record");
    assert!(status.success(), "Hugo failed on the cases");
    for (name, _) in cases() {
        let fresh = fs::read_to_string(out.join(format!("{name}.html"))).expect("fresh");
        let kept = fs::read_to_string(dir("expected").join(format!("{name}.html"))).expect("kept");
        assert_eq!(
            fresh, kept,
            "{name}: Hugo prints something else now; run tests/hugo/record tests/hugo/expected"
        );
    }
    let _ = fs::remove_dir_all(out);
}
