//! Hugo's `enableGitInfo`: a page's `lastmod` is the date of the last commit that changed its
//! file, before any date its front matter gives (Hugo's default `lastmod` order starts with
//! `:git`). One `git log` for the whole site; without Git or a repository, dates stay as written.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use jiff::Zoned;

/// The last commit date of every file Git knows below `source`, by path.
pub fn last_commit_dates(source: &Path) -> HashMap<PathBuf, Zoned> {
    let output = Command::new("git")
        .arg("-C")
        .arg(source)
        .args([
            "log",
            "--relative",
            "--name-only",
            "--no-renames",
            "--format=%x00%aI",
        ])
        .output();
    let Ok(output) = output else {
        return HashMap::new();
    };
    if !output.status.success() {
        return HashMap::new();
    }
    parse_log(&String::from_utf8_lossy(&output.stdout), source)
}

/// `git log` lists commits newest first: a file's first appearance is its last change.
fn parse_log(log: &str, source: &Path) -> HashMap<PathBuf, Zoned> {
    let mut dates = HashMap::new();
    for commit in log.split('\0').filter(|c| !c.trim().is_empty()) {
        let mut lines = commit.lines();
        let date = lines
            .next()
            .and_then(|d| super::dates::parse(d.trim(), &jiff::tz::TimeZone::UTC).ok());
        let Some(date) = date else {
            continue;
        };
        for file in lines.map(str::trim).filter(|l| !l.is_empty()) {
            dates
                .entry(source.join(file))
                .or_insert_with(|| date.clone());
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_files_newest_commit_gives_its_date() {
        let log = "\u{0}2024-03-01T10:00:00+08:00\n\ncontent/a.md\n\u{0}2023-01-01T00:00:00Z\n\ncontent/a.md\ncontent/b.md\n";
        let dates = parse_log(log, Path::new("/site"));
        let a = &dates[Path::new("/site/content/a.md")];
        assert_eq!(a.strftime("%Y-%m-%d").to_string(), "2024-03-01");
        let b = &dates[Path::new("/site/content/b.md")];
        assert_eq!(b.strftime("%Y").to_string(), "2023");
    }
}
