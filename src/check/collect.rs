//! A sink that reads each HTML file as the build writes it, keeping its links and anchors but
//! not its bytes, and passes every file on to the sink behind it, if any (`build --check`
//! writes the site too; `check` alone keeps nothing but what it read).

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::scan::{self, Scanned};
use crate::output::Sink;
use crate::site::Output;

pub struct Collector<'a> {
    inner: Option<&'a dyn Sink>,
    /// The output folder, where a file the inner sink keeps from the last build is read.
    kept_in: Option<PathBuf>,
    found: Mutex<Found>,
}

/// Every file the build made, and what each HTML one links to.
#[derive(Debug, Default)]
pub struct Found {
    pub files: HashSet<String>,
    pub pages: HashMap<String, Scanned>,
}

impl<'a> Collector<'a> {
    /// Reads what passes to `inner`; with `kept_in` (the output folder `inner` writes), files it
    /// keeps from the last build are read there, so an incremental build is checked whole.
    pub fn new(inner: Option<&'a dyn Sink>, kept_in: Option<PathBuf>) -> Collector<'a> {
        Collector {
            inner,
            kept_in,
            found: Mutex::new(Found::default()),
        }
    }

    pub fn into_found(self) -> Found {
        self.found
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn record(&self, rel: &str, scanned: Option<Scanned>) {
        let mut found = self
            .found
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        found.files.insert(rel.to_owned());
        if let Some(scanned) = scanned {
            found.pages.insert(rel.to_owned(), scanned);
        }
    }

    fn read(&self, rel: &str, bytes: &[u8]) {
        let scanned = is_html(rel).then(|| scan::scan(&String::from_utf8_lossy(bytes)));
        self.record(rel, scanned);
    }
}

fn is_html(rel: &str) -> bool {
    rel.ends_with(".html") || rel.ends_with(".htm")
}

impl Sink for Collector<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.read(rel, bytes);
        match self.inner {
            Some(sink) => sink.write(rel, bytes),
            None => Ok(()),
        }
    }

    fn write_output(&self, rel: &str, bytes: &[u8], made_by: Output) -> io::Result<()> {
        self.read(rel, bytes);
        match self.inner {
            Some(sink) => sink.write_output(rel, bytes, made_by),
            None => Ok(()),
        }
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        // A copied HTML file (a static page) is read for its links too; other files only exist.
        match is_html(rel).then(|| std::fs::read(from)) {
            Some(Ok(bytes)) => self.read(rel, &bytes),
            _ => self.record(rel, None),
        }
        match self.inner {
            Some(sink) => sink.copy(rel, from),
            None => Ok(()),
        }
    }

    /// A file is kept from the previous build only where it can be read again; otherwise it must
    /// be rendered to be read.
    fn keep(&self, rel: &str, made_by: Option<Output>) -> bool {
        let (Some(sink), Some(dir)) = (self.inner, &self.kept_in) else {
            return false;
        };
        if !sink.keep(rel, made_by) {
            return false;
        }
        match std::fs::read(dir.join(rel)) {
            Ok(bytes) => self.read(rel, &bytes),
            // Kept but unreadable: it still exists, its links unread.
            Err(_) => self.record(rel, None),
        }
        true
    }

    fn stopped(&self) -> bool {
        self.inner.is_some_and(|sink| sink.stopped())
    }

    fn written(&self, rel: &str) -> bool {
        match self.inner {
            Some(sink) => sink.written(rel),
            None => self
                .found
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .files
                .contains(rel),
        }
    }
}
