//! `inkstone serve`: builds the site into memory, serves it on loopback, and rebuilds what a
//! saved file affects, telling open pages over a WebSocket what to reload.

mod guard;
mod http;
mod live;
mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Instant;

use tokio::sync::broadcast;

use crate::pipeline::{Options, Rebuilt, Session, SiteView};

/// How to serve: the build's options, and where to listen.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: Options,
    pub bind: IpAddr,
    /// 0 lets the system choose a free port.
    pub port: u16,
    /// Open the site in the default browser once it is built.
    pub open: bool,
    /// Hugo's `--disableLiveReload`: pages are served as built, with no script added.
    pub live_reload: bool,
    /// Hugo's `--navigateToChanged`: open pages go to the page whose file was saved.
    pub navigate_to_changed: bool,
    /// Hugo's `--poll`: watch by looking at the files this often, for file systems that send
    /// no events (network drives, some containers).
    pub poll: Option<std::time::Duration>,
    /// Hugo's `--renderToDisk`: after each build, the site is also written to the output folder.
    pub render_to_disk: bool,
}

/// What the server shows: the last site that built, and the problems of the last build if it
/// failed (shown over every page until a build succeeds).
pub struct Snapshot {
    pub site: SiteView,
    pub base_path: String,
    pub failure: Option<live::Message>,
    /// Counts rebuilds. A page carries the number it was served at; a page whose socket opens
    /// after a rebuild it never heard of reloads (a save while it was loading is not lost).
    pub generation: u64,
}

pub struct Shared {
    current: RwLock<Arc<Snapshot>>,
    events: broadcast::Sender<live::Message>,
    /// Whether pages get the live-reload script.
    live_reload: bool,
}

/// What the rebuild loop does besides rebuilding, as the server's flags ask.
struct Follow {
    navigate: bool,
    /// The build that writes the site to disk after each rebuild, for `--renderToDisk`.
    to_disk: Option<Options>,
}

/// Writes the site to its output folder, as `build` does (incrementally, through the cache).
fn write_to_disk(options: &Options) {
    let outcome = crate::pipeline::run(options, None);
    if outcome.summary.is_none() {
        eprintln!("the site could not be written to disk; it is still served from memory");
    }
}

impl Shared {
    fn snapshot(&self) -> Arc<Snapshot> {
        let guard = self
            .current
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(&guard)
    }

    fn replace(&self, snapshot: Snapshot) {
        let mut guard = self
            .current
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *guard = Arc::new(snapshot);
    }
}

/// Ports tried after the one asked for, when it is taken.
const PORT_ATTEMPTS: u16 = 20;

pub fn run(options: ServeOptions) -> Result<(), String> {
    let source = options.build.source.canonicalize().map_err(|e| {
        format!(
            "cannot open the site folder {}: {e}",
            options.build.source.display()
        )
    })?;
    let listener = bind(options.bind, options.port)?;
    let address = listener
        .local_addr()
        .map_err(|e| format!("cannot read the address listened on: {e}"))?;
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach this machine can read the site, drafts included",
            options.bind
        );
    }
    let mut build_options = options.build.clone();
    build_options.source = source.clone();
    build_options.origin = Some(origin(address));
    let mut session = Session::new(build_options);
    // Watching starts before the first build, so that a file saved during it is not missed.
    let watcher = watch::Watcher::start(&source, &language_content_dirs(&source), options.poll)
        .map_err(|e| format!("cannot watch {} for changes: {e}", source.display()))?;
    let started = Instant::now();
    let first = session.rebuild(&[]);
    report_problems(&first);
    let shared = Arc::new(Shared {
        current: RwLock::new(Arc::new(snapshot_of(&session, &first, 0))),
        events: broadcast::channel(64).0,
        live_reload: options.live_reload,
    });
    let to_disk = options.render_to_disk.then(|| {
        let mut disk = options.build.clone();
        disk.source = source.clone();
        disk.origin = Some(origin(address));
        disk.environment = Some(
            disk.environment
                .unwrap_or_else(|| crate::config::DEVELOPMENT.to_owned()),
        );
        disk
    });
    if let Some(disk) = &to_disk {
        write_to_disk(disk);
    }
    let url = format!(
        "{}{}",
        origin(address),
        base_path(&session).trim_start_matches('/')
    );
    let url = if url.ends_with('/') {
        url
    } else {
        format!("{url}/")
    };
    match &first.outcome.summary {
        Some(s) => println!(
            "Built {} pages in {} ms; serving at {url} (Ctrl+C to stop)",
            s.pages,
            started.elapsed().as_millis()
        ),
        None => println!(
            "The build failed; serving at {url} anyway, with the problems shown on every page (Ctrl+C to stop)"
        ),
    }
    let serving = Arc::clone(&shared);
    std::thread::spawn(move || {
        if let Err(e) = http::serve(listener, serving) {
            eprintln!("the server stopped: {e}");
            std::process::exit(1);
        }
    });
    if options.open {
        open_in_browser(&url);
    }
    // Rebuilds run on the thread that made the first build: its allocations are reused rather
    // than left in another thread's memory arena.
    let follow = Follow {
        navigate: options.navigate_to_changed,
        to_disk,
    };
    rebuild_loop(session, watcher, &shared, &follow);
    Err("the file watcher stopped".to_owned())
}

/// The content folders (`contentDir`, module mounts), to watch besides `content/`.
fn language_content_dirs(source: &Path) -> Vec<PathBuf> {
    crate::config::load(source, crate::config::DEVELOPMENT)
        .map(|c| {
            c.content_mounts
                .iter()
                .map(|m| source.join(&m.source))
                .collect()
        })
        .unwrap_or_default()
}

/// Binds `port`, or the next free one if it is taken (saying so).
fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, String> {
    let mut last_error = None;
    let attempts = if port == 0 { 1 } else { PORT_ATTEMPTS };
    for offset in 0..attempts {
        let Some(candidate) = port.checked_add(offset) else {
            break;
        };
        match TcpListener::bind(SocketAddr::new(ip, candidate)) {
            Ok(listener) => {
                if offset > 0 {
                    eprintln!("port {port} is taken; using {candidate} instead");
                }
                return Ok(listener);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => last_error = Some(e),
            Err(e) => return Err(format!("cannot listen on {ip}:{candidate}: {e}")),
        }
    }
    Err(format!(
        "cannot listen on {ip}: ports {port} to {} are taken ({})",
        port.saturating_add(attempts - 1),
        last_error.map(|e| e.to_string()).unwrap_or_default()
    ))
}

/// The scheme, host and port pages link to when served. An address that listens everywhere is
/// reached as `localhost` from this machine.
fn origin(address: SocketAddr) -> String {
    let ip = address.ip();
    if ip.is_loopback() || ip.is_unspecified() {
        format!("http://localhost:{}", address.port())
    } else {
        format!("http://{address}")
    }
}

fn base_path(session: &Session) -> String {
    session
        .config()
        .map_or_else(|| "/".to_owned(), |c| c.base_path().to_owned())
}

fn snapshot_of(session: &Session, rebuilt: &Rebuilt, generation: u64) -> Snapshot {
    let failed = rebuilt.outcome.summary.is_none();
    Snapshot {
        site: session.view(),
        base_path: base_path(session),
        failure: failed
            .then(|| live::Message::failure(&rebuilt.outcome.diagnostics, session.source())),
        generation,
    }
}

fn rebuild_loop(
    mut session: Session,
    mut watcher: watch::Watcher,
    shared: &Shared,
    follow: &Follow,
) {
    while let Some(batch) = watcher.next_batch() {
        let changed: Vec<PathBuf> = batch
            .into_iter()
            .filter(|p| session.touched(p) != crate::pipeline::Touched::Nothing)
            .collect();
        if changed.is_empty() {
            continue;
        }
        let started = Instant::now();
        let rebuilt = session.rebuild(&changed);
        let generation = shared.snapshot().generation + 1;
        let snapshot = snapshot_of(&session, &rebuilt, generation);
        let message = match &snapshot.failure {
            Some(failure) => failure.clone(),
            None => {
                let navigate = follow
                    .navigate
                    .then(|| changed.iter().find_map(|p| session.page_url(p)))
                    .flatten();
                live::Message::changes(&rebuilt.changes, &snapshot.base_path, navigate)
            }
        };
        shared.replace(snapshot);
        // No receiver means no page is open: nothing to tell.
        let _ = shared.events.send(message);
        report_problems(&rebuilt);
        report_rebuild(session.source(), &changed, &rebuilt, started);
        if let (Some(disk), Some(_)) = (&follow.to_disk, &rebuilt.outcome.summary) {
            write_to_disk(disk);
        }
        // The edited page is shown; the search index follows, for the next query. No page
        // shows the index, so nothing is told.
        if session.refresh_search() {
            shared.replace(Snapshot {
                site: session.view(),
                base_path: base_path(&session),
                failure: None,
                generation,
            });
        }
        release_free_memory();
    }
}

/// Hands memory freed by a rebuild back to the system. Each rebuild frees the structures the
/// previous one built, scattered among those still in use; glibc keeps such holes mapped, so a
/// server that rebuilds all day would grow without this.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn release_free_memory() {
    unsafe extern "C" {
        fn malloc_trim(pad: usize) -> i32;
    }
    // SAFETY: malloc_trim only returns unused pages of glibc's own heap to the kernel.
    unsafe {
        malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release_free_memory() {}

fn report_problems(rebuilt: &Rebuilt) {
    let styled = std::io::IsTerminal::is_terminal(&std::io::stderr());
    for d in &rebuilt.outcome.diagnostics {
        eprintln!("{}\n", d.render(styled));
    }
}

/// One line per rebuild: what changed, what was rendered, how long it took.
fn report_rebuild(source: &Path, changed: &[PathBuf], rebuilt: &Rebuilt, started: Instant) {
    let first = changed
        .first()
        .map(|p| p.strip_prefix(source).unwrap_or(p).display().to_string())
        .unwrap_or_default();
    let what = match changed.len() {
        0 | 1 => first,
        n => format!("{first} and {} more", n - 1),
    };
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    match &rebuilt.outcome.summary {
        Some(_) => println!(
            "changed {what}: {} re-rendered, {} files changed, {} removed, in {ms:.1} ms",
            plural(rebuilt.rendered, "output"),
            rebuilt.changes.changed.len(),
            rebuilt.changes.removed.len()
        ),
        None => {
            let errors = rebuilt
                .outcome
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .count();
            println!(
                "changed {what}: the build failed with {}, in {ms:.1} ms; the previous site is still served",
                plural(errors, "error")
            );
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn open_in_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = command {
        eprintln!("cannot open a browser ({e}); open {url} yourself");
    }
}
