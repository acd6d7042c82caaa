//! Watches the site's folders and hands the rebuild loop batches of changed paths.
//!
//! Debouncing is done here rather than by a debouncer crate because it is tied to rebuilding:
//! a batch closes when the files have been quiet for [`QUIET`], so that an editor's
//! write-rename-chmod sequence or a `git checkout` of a thousand files is one rebuild; and events
//! that arrive while a rebuild runs wait in the channel and form the next batch.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::event::{EventKind, MetadataKind, ModifyKind};
use notify::{Event, PollWatcher, RecursiveMode};

/// How long the files must be quiet before a batch is rebuilt.
const QUIET: Duration = Duration::from_millis(8);
/// The longest a batch waits for quiet, so that a file rewritten without pause still shows.
const LONGEST_WAIT: Duration = Duration::from_millis(1000);
/// The folders of a site that feed the build.
const WATCHED: &[&str] = &[
    "content",
    "templates",
    "layouts",
    "assets",
    "static",
    "data",
    "i18n",
    "config",
    "themes",
];

pub struct Watcher {
    inner: Box<dyn notify::Watcher + Send>,
    events: Receiver<notify::Result<Event>>,
    source: PathBuf,
    watched: HashSet<PathBuf>,
}

impl Watcher {
    /// Watches the site's folders, and the site's own folder (not below it) for config files
    /// and for those folders appearing; by the system's events, or by looking every `poll`.
    pub fn start(
        source: &Path,
        content_dirs: &[PathBuf],
        poll: Option<Duration>,
    ) -> notify::Result<Watcher> {
        let (sender, events) = channel();
        let inner: Box<dyn notify::Watcher + Send> = match poll {
            Some(interval) => Box::new(PollWatcher::new(
                sender,
                notify::Config::default().with_poll_interval(interval),
            )?),
            None => Box::new(notify::recommended_watcher(sender)?),
        };
        let mut watcher = Watcher {
            inner,
            events,
            source: source.to_path_buf(),
            watched: HashSet::new(),
        };
        watcher.inner.watch(source, RecursiveMode::NonRecursive)?;
        for name in WATCHED {
            watcher.watch_folder(&source.join(name));
        }
        for dir in content_dirs {
            watcher.watch_folder(dir);
        }
        Ok(watcher)
    }

    fn watch_folder(&mut self, dir: &Path) {
        if dir.is_dir()
            && !self.watched.contains(dir)
            && self.inner.watch(dir, RecursiveMode::Recursive).is_ok()
        {
            self.watched.insert(dir.to_path_buf());
        }
    }

    /// Waits for changes, then returns the paths changed until the files were quiet. `None` when
    /// the watcher stopped.
    pub fn next_batch(&mut self) -> Option<Vec<PathBuf>> {
        let first = self.events.recv().ok()?;
        let mut paths = BTreeSet::new();
        self.take(first, &mut paths);
        let deadline = Instant::now() + LONGEST_WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            match self.events.recv_timeout(QUIET.min(left)) {
                Ok(event) => self.take(event, &mut paths),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
            }
        }
        Some(paths.into_iter().collect())
    }

    fn take(&mut self, event: notify::Result<Event>, paths: &mut BTreeSet<PathBuf>) {
        let event = match event {
            Ok(e) if !e.need_rescan() => e,
            // Events were lost: the site's own folder stands for "anything may have changed".
            _ => {
                paths.insert(self.source.clone());
                return;
            }
        };
        match event.kind {
            EventKind::Access(_) => return,
            EventKind::Modify(ModifyKind::Metadata(kind)) => {
                // A new modification time is how the polling watcher reports a write; a folder's
                // says only that its entries changed, and they are reported themselves.
                if kind != MetadataKind::WriteTime {
                    return;
                }
                let files: Vec<PathBuf> = event.paths.into_iter().filter(|p| !p.is_dir()).collect();
                paths.extend(files);
                return;
            }
            _ => {}
        }
        for path in event.paths {
            let is_new_site_folder = path.parent() == Some(self.source.as_path())
                && path
                    .file_name()
                    .is_some_and(|n| WATCHED.iter().any(|w| n == *w));
            if is_new_site_folder {
                self.watch_folder(&path);
            }
            paths.insert(path);
        }
    }
}
