//! The command line: Hugo's commands and flag names.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

mod archetype;
mod list;
mod scaffold;

use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use crate::pipeline::{self, Outcome, Summary};

#[derive(Parser, Debug)]
#[command(
    name = "inkstone",
    version,
    about = "Turns a folder of Hugo-style Markdown into a complete website"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// With no command, inkstone builds the site, as `hugo` does.
    #[command(flatten)]
    build: BuildArgs,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Build the site into memory and serve it, rebuilding what each saved change affects.
    #[command(alias = "server")]
    Serve(ServeArgs),
    /// Build the site in memory and report every broken internal link, missing anchor and
    /// missing image or file, each where it is written; exits non-zero when there is any.
    Check(CheckArgs),
    /// List the site's pages as CSV, as `hugo list` does: drafts, future, expired, published
    /// or all.
    List {
        #[arg(value_enum)]
        which: list::Which,
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Print the site's config as the build reads it: every key, and the values settled on.
    Config {
        #[command(flatten)]
        site: SiteArgs,
        /// How to print it.
        #[arg(long, value_enum, default_value = "toml")]
        format: ConfigFormat,
    },
    /// Print a script that completes inkstone's commands and flags in a shell:
    /// `inkstone completion bash > /etc/bash_completion.d/inkstone`.
    Completion {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print inkstone's version.
    Version,
    /// Print the version and what inkstone runs on: system, architecture, threads.
    Env,
    /// Create something new: `inkstone new site DIR`, `inkstone new content posts/NAME.md`
    /// (or just `inkstone new posts/NAME.md`).
    New(NewArgs),
    /// Remove the build cache (.inkstone-cache/ in the site's folder).
    Clean {
        /// The site's folder.
        #[arg(short = 's', long, value_name = "DIR", default_value = ".")]
        source: PathBuf,
    },
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
struct NewArgs {
    #[command(subcommand)]
    what: Option<New>,
    #[command(flatten)]
    content: ContentArgs,
}

#[derive(Subcommand, Debug)]
enum New {
    /// A new site in DIR: config, a first post, an archetype, a GitHub Pages workflow, and a
    /// .gitignore for the output and the cache.
    Site { dir: PathBuf },
    /// A new content file (or page bundle) from the site's archetypes, as `hugo new content`.
    Content(ContentArgs),
}

#[derive(Args, Debug)]
struct ContentArgs {
    /// The new file, below the content folder: posts/my-first-post.md (a bundle archetype makes
    /// a folder: gallery/my-trip).
    path: Option<String>,
    /// The archetype to use instead of the section's (archetypes/KIND.md or archetypes/KIND/).
    #[arg(short = 'k', long)]
    kind: Option<String>,
    /// Overwrite the file if it exists.
    #[arg(short = 'f', long)]
    force: bool,
    #[command(flatten)]
    site: SiteArgs,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy)]
enum ConfigFormat {
    Toml,
    Json,
}

/// Which site, and which of its configs: shared by every command that reads a site.
#[derive(Args, Debug, Clone)]
struct SiteArgs {
    /// The site's folder.
    #[arg(short = 's', long, value_name = "DIR", default_value = ".")]
    source: PathBuf,
    /// The folder of config/ read over config/_default/ (default: production for build,
    /// development for serve; also $HUGO_ENVIRONMENT).
    #[arg(short = 'e', long, value_name = "ENV")]
    environment: Option<String>,
    /// Config files to read instead of hugo.toml, comma-separated; later ones win.
    #[arg(long, value_name = "FILES", value_delimiter = ',')]
    config: Vec<PathBuf>,
}

impl SiteArgs {
    fn environment(&self) -> Option<String> {
        self.environment
            .clone()
            .or_else(|| std::env::var("HUGO_ENVIRONMENT").ok())
            .or_else(|| std::env::var("HUGO_ENV").ok())
            .filter(|e| !e.trim().is_empty())
    }

    /// Build options reading this site, with `pages`' choices.
    fn options(&self, pages: &PageArgs) -> pipeline::Options {
        pipeline::Options {
            source: self.source.clone(),
            environment: self.environment(),
            config_files: self.config.clone(),
            drafts: pages.drafts,
            future: pages.future,
            expired: pages.expired,
            base_url: pages.base_url.clone(),
            ..pipeline::Options::default()
        }
    }
}

#[derive(Args, Debug, Clone)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Where to write the site (default: public/ inside the source, or the config's publishDir).
    #[arg(short = 'd', long, value_name = "DIR")]
    destination: Option<PathBuf>,
    #[command(flatten)]
    pages: PageArgs,
    /// Write pages, stylesheets, scripts, feeds and sitemaps without the spaces and comments only
    /// people read.
    #[arg(long)]
    minify: bool,
    /// Drop what the output folder holds that inkstone did not write (a CNAME, stray files);
    /// hidden folders such as .git stay.
    #[arg(long = "cleanDestinationDir", alias = "clean-destination-dir")]
    clean_destination_dir: bool,
    /// Render everything again, neither reading nor writing the build cache.
    #[arg(long = "no-cache")]
    no_cache: bool,
    /// Fail the build on any warning, writing nothing (Hugo's flag).
    #[arg(long = "panicOnWarning", alias = "panic-on-warning")]
    panic_on_warning: bool,
    /// Check the site's links, anchors and images as `inkstone check` does; any broken one fails
    /// the build, which then writes nothing.
    #[arg(long)]
    check: bool,
    #[command(flatten)]
    links: LinkArgs,
    /// Print nothing but errors.
    #[arg(long, conflicts_with = "verbose")]
    quiet: bool,
    /// Say more about what the build does.
    #[arg(short = 'v', long)]
    verbose: bool,
    /// How much to say: error is --quiet, info and debug are --verbose.
    #[arg(
        long = "logLevel",
        alias = "log-level",
        value_enum,
        value_name = "LEVEL"
    )]
    log_level: Option<LogLevel>,
    /// Accepted for Hugo's scripts: two pages writing one file are always reported.
    #[arg(long = "printPathWarnings", alias = "print-path-warnings")]
    print_path_warnings: bool,
    /// Print every page's URL, kind, title, dates, section, terms and translations, and every
    /// menu entry, as JSON on standard output instead of the summary.
    #[arg(long = "print-pages", value_name = "FORMAT", value_enum)]
    print_pages: Option<PrintFormat>,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum LogLevel {
    Debug,
    Info,
    Warn,
    Error,
}

impl BuildArgs {
    fn quiet(&self) -> bool {
        self.quiet || self.log_level == Some(LogLevel::Error)
    }

    fn verbose(&self) -> bool {
        self.verbose || matches!(self.log_level, Some(LogLevel::Info | LogLevel::Debug))
    }
}

#[derive(Args, Debug, Clone)]
struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    #[command(flatten)]
    pages: PageArgs,
    #[command(flatten)]
    links: LinkArgs,
    /// Fail on any warning too (Hugo's flag).
    #[arg(long = "panicOnWarning", alias = "panic-on-warning")]
    panic_on_warning: bool,
}

/// How links to other sites are checked: shared by `check` and `build --check`.
#[derive(Args, Debug, Clone)]
struct LinkArgs {
    /// Also check links to other sites (off by default: it asks every one of them).
    #[arg(long)]
    external: bool,
    /// External URLs not to ask for: a prefix (https://twitter.com/) or a glob
    /// (*://*.linkedin.com/*). Repeat it or separate with commas.
    #[arg(long, value_name = "URL", value_delimiter = ',')]
    skip: Vec<String>,
    /// Seconds to wait for each external URL.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    timeout: u64,
    /// How many external URLs are asked for at once.
    #[arg(long, value_name = "N", default_value_t = 8)]
    concurrency: usize,
}

impl LinkArgs {
    fn options(&self) -> crate::check::CheckOptions {
        crate::check::CheckOptions {
            external: self.external,
            skip: self.skip.clone(),
            timeout: Duration::from_secs(self.timeout.max(1)),
            concurrency: self.concurrency.max(1),
        }
    }
}

#[derive(clap::ValueEnum, Debug, Clone, Copy)]
enum PrintFormat {
    Json,
}

/// Which pages a build includes and where they link to: shared by `build` and `serve`.
#[derive(Args, Debug, Clone)]
struct PageArgs {
    /// Include pages marked `draft: true`.
    #[arg(short = 'D', long = "drafts", alias = "buildDrafts")]
    drafts: bool,
    /// Include pages dated in the future.
    #[arg(short = 'F', long = "future", alias = "buildFuture")]
    future: bool,
    /// Include pages past their expiryDate.
    #[arg(short = 'E', long = "expired", alias = "buildExpired")]
    expired: bool,
    /// The URL pages link to, instead of the config's baseURL (or, for serve, the server's).
    #[arg(short = 'b', long = "base-url", alias = "baseURL", value_name = "URL")]
    base_url: Option<String>,
}

#[derive(Args, Debug, Clone)]
struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// The address to listen on. Only loopback addresses keep the site to this machine.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// The port to listen on (the next free one if it is taken; 0 picks any).
    #[arg(short = 'p', long, default_value_t = 1313)]
    port: u16,
    #[command(flatten)]
    pages: PageArgs,
    /// Open the site in the default browser once it is built.
    #[arg(short = 'O', long = "open", alias = "openBrowser")]
    open: bool,
    /// Serve pages as built, without the script that reloads them on a change.
    #[arg(long = "disableLiveReload", alias = "disable-live-reload")]
    disable_live_reload: bool,
    /// On each saved content file, open pages go to the page it makes.
    #[arg(long = "navigateToChanged", alias = "navigate-to-changed")]
    navigate_to_changed: bool,
    /// Also write the site to the output folder after each build (it is served from memory).
    #[arg(
        long = "renderToDisk",
        alias = "render-to-disk",
        conflicts_with = "render_to_memory"
    )]
    render_to_disk: bool,
    /// Keep the site in memory only: what serve always does unless --renderToDisk.
    #[arg(short = 'M', long = "renderToMemory", alias = "render-to-memory")]
    render_to_memory: bool,
    /// Where --renderToDisk writes (default: public/ inside the source).
    #[arg(short = 'd', long, value_name = "DIR")]
    destination: Option<PathBuf>,
    /// Watch by looking at the files' modification times (to the second) at this interval
    /// (700ms, 2s) instead of the system's events: for network drives and containers that send
    /// none.
    #[arg(long, value_name = "INTERVAL", value_parser = parse_interval)]
    poll: Option<Duration>,
}

/// An interval as Hugo's `--poll` takes it: `700ms`, `2s`, `1m`.
fn parse_interval(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not an interval: write 700ms, 2s or 1m"))?;
    let seconds = match unit.trim() {
        "ms" => number / 1000.0,
        "" | "s" => number,
        "m" => number * 60.0,
        _ => {
            return Err(format!(
                "{text:?} is not an interval: write 700ms, 2s or 1m"
            ));
        }
    };
    if !(0.01..=3600.0).contains(&seconds) {
        return Err(format!(
            "{text:?} is too short or too long for a poll interval"
        ));
    }
    Ok(Duration::from_secs_f64(seconds))
}

fn run_serve(args: &ServeArgs) -> ExitCode {
    let mut build = args.site.options(&args.pages);
    build.destination = args.destination.clone();
    let options = crate::serve::ServeOptions {
        build,
        bind: args.bind,
        port: args.port,
        open: args.open,
        live_reload: !args.disable_live_reload,
        navigate_to_changed: args.navigate_to_changed,
        poll: args.poll,
        render_to_disk: args.render_to_disk,
    };
    match crate::serve::run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Build(args)) => run_build(&args),
        Some(Command::Serve(args)) => run_serve(&args),
        Some(Command::Clean { source }) => run_clean(&source),
        Some(Command::Check(args)) => run_check(&args),
        Some(Command::List { which, site }) => run_list(&site, which),
        Some(Command::Config { site, format }) => run_config(&site, format),
        Some(Command::Completion { shell }) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "inkstone", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Some(Command::Version) => {
            println!("{}", version_line());
            ExitCode::SUCCESS
        }
        Some(Command::Env) => {
            println!("{}", version_line());
            println!("os=\"{}\"", std::env::consts::OS);
            println!("arch=\"{}\"", std::env::consts::ARCH);
            println!("threads={}", rayon::current_num_threads());
            ExitCode::SUCCESS
        }
        Some(Command::New(NewArgs {
            what: Some(New::Content(args)),
            ..
        })) => run_new_content(&args),
        Some(Command::New(NewArgs {
            what: None,
            content,
        })) => run_new_content(&content),
        Some(Command::New(NewArgs {
            what: Some(New::Site { dir }),
            ..
        })) => match scaffold::new_site(&dir) {
            Ok(()) => {
                println!(
                    "Created a new site in {0}. See it with: inkstone serve -s {0}",
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("cannot create the site: {e}");
                ExitCode::FAILURE
            }
        },
        None => run_build(&cli.build),
    }
}

/// Prints every problem, styled when standard error is a terminal.
fn print_problems(diagnostics: &[crate::diagnostics::Diagnostic]) {
    let styled = std::io::stderr().is_terminal();
    for d in diagnostics {
        eprintln!("{}\n", d.render(styled));
    }
}

fn run_list(site: &SiteArgs, which: list::Which) -> ExitCode {
    let options = site.options(&PageArgs {
        drafts: true,
        future: true,
        expired: true,
        base_url: None,
    });
    match pipeline::arranged(&options) {
        Ok(languages) => {
            let now = jiff::Timestamp::now();
            print!("{}", list::csv(&languages, &site.source, which, now));
            ExitCode::SUCCESS
        }
        Err(problems) => {
            print_problems(&problems);
            ExitCode::FAILURE
        }
    }
}

fn run_config(site: &SiteArgs, format: ConfigFormat) -> ExitCode {
    let config = match load_config(site) {
        Ok(config) => config,
        Err(code) => return code,
    };
    let effective = lowercase_keys(serde_json::Value::Object(config.effective()));
    let text = match format {
        ConfigFormat::Json => serde_json::to_string_pretty(&effective).map_err(|e| e.to_string()),
        ConfigFormat::Toml => toml::to_string_pretty(&effective).map_err(|e| e.to_string()),
    };
    match text {
        Ok(text) => {
            println!("{}", text.trim_end());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: the config cannot be printed as {format:?}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Keys as Hugo prints them, lowercased at every level (Hugo reads them case-insensitively).
fn lowercase_keys(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => serde_json::Value::Object(
            map.into_iter()
                .map(|(k, v)| (k.to_lowercase(), lowercase_keys(v)))
                .collect(),
        ),
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(lowercase_keys).collect())
        }
        other => other,
    }
}

fn run_check(args: &CheckArgs) -> ExitCode {
    let mut options = args.site.options(&args.pages);
    options.warnings_fail = args.panic_on_warning;
    options.check = Some(args.links.options());
    options.dry_run = true;
    let outcome = pipeline::run(&options, None);
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    print_problems(&outcome.diagnostics);
    match &outcome.summary {
        Some(summary) => {
            let external = if args.links.external {
                ", and every link to another site answers"
            } else {
                " (links to other sites were not checked: --external checks them)"
            };
            println!(
                "Checked {} pages, {} sections and {} terms: every link, anchor and image leads somewhere{external}.",
                summary.pages, summary.sections, summary.terms
            );
            ExitCode::SUCCESS
        }
        None => {
            let plural = if errors == 1 { "" } else { "s" };
            eprintln!("Check found {errors} problem{plural}.");
            ExitCode::FAILURE
        }
    }
}

fn run_new_content(args: &ContentArgs) -> ExitCode {
    let Some(path) = &args.path else {
        eprintln!(
            "error: say what to create: inkstone new content posts/my-first-post.md, or inkstone new site DIR"
        );
        return ExitCode::from(2);
    };
    let config = match load_config(&args.site) {
        Ok(config) => config,
        Err(code) => return code,
    };
    match archetype::new_content(
        &args.site.source,
        &config,
        path,
        args.kind.as_deref(),
        args.force,
    ) {
        Ok(created) => {
            let absolute = |p: &std::path::Path| std::path::absolute(p).unwrap_or(p.to_path_buf());
            match created {
                archetype::Created::File(path) => {
                    println!("Content \"{}\" created", absolute(&path).display());
                }
                archetype::Created::Bundle(path) => {
                    println!("Content dir \"{}\" created", absolute(&path).display());
                }
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The site's config for commands that read it without building, its problems printed.
fn load_config(site: &SiteArgs) -> Result<crate::config::Config, ExitCode> {
    if !site.source.is_dir() {
        eprintln!(
            "error: there is no site folder at {}; give --source the folder that holds content/ and the config",
            site.source.display()
        );
        return Err(ExitCode::FAILURE);
    }
    let environment = site
        .environment()
        .unwrap_or_else(|| crate::config::PRODUCTION.to_owned());
    crate::config::load_with(&site.source, &environment, &site.config).map_err(|problems| {
        print_problems(&problems);
        ExitCode::FAILURE
    })
}

fn version_line() -> String {
    concat!("inkstone ", env!("CARGO_PKG_VERSION")).to_owned()
}

fn run_clean(source: &std::path::Path) -> ExitCode {
    let cache_dir = source.join(crate::files::CACHE_DIR);
    if let Err(e) = crate::output::restore_moved_folders(&cache_dir) {
        eprintln!(
            "cannot put back a folder of the output folder kept in {}: {e}; the cache was left",
            cache_dir.display()
        );
        return ExitCode::FAILURE;
    }
    match crate::files::remove_cache_dir(source) {
        Ok(true) => {
            println!("Removed {}", source.join(crate::files::CACHE_DIR).display());
            ExitCode::SUCCESS
        }
        Ok(false) => {
            println!("No build cache in {}", source.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot remove the build cache: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run_build(args: &BuildArgs) -> ExitCode {
    let options = pipeline::Options {
        destination: args.destination.clone(),
        no_cache: args.no_cache,
        page_facts: args.print_pages.is_some(),
        interrupt: Some(stop_on_signals()),
        warnings_fail: args.panic_on_warning,
        check: (args.check || args.links.external).then(|| args.links.options()),
        minify: args.minify,
        clean_destination: args.clean_destination_dir,
        ..args.site.options(&args.pages)
    };
    let terminal = std::io::stderr().is_terminal();
    let progress = (terminal && !args.quiet()).then(progress_bar);
    let outcome = pipeline::run(&options, progress.as_ref());
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    let code = report(&outcome, args, terminal);
    let interrupted = options
        .interrupt
        .is_some_and(|flag| flag.load(std::sync::atomic::Ordering::Relaxed));
    match interrupted && outcome.summary.is_none() {
        // What shells expect of a program stopped by Ctrl-C.
        true => ExitCode::from(130),
        false => code,
    }
}

/// A flag raised by Ctrl-C or SIGTERM: the build stops at its next write and leaves the output
/// folder as it was. A second signal ends the process at once.
fn stop_on_signals() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // Without a handler the signal ends the build at once, which also leaves the output
        // folder whole; only the cleanup is lost.
        let _ = signal_hook::flag::register_conditional_shutdown(signal, 130, Arc::clone(&flag));
        let _ = signal_hook::flag::register(signal, Arc::clone(&flag));
    }
    flag
}

fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} rendering {pos}/{len} pages {wide_bar}")
    {
        bar.set_style(style);
    }
    // Small sites finish before the bar would be worth drawing.
    bar.enable_steady_tick(Duration::from_millis(250));
    bar
}

fn report(outcome: &Outcome, args: &BuildArgs, styled: bool) -> ExitCode {
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    for d in &outcome.diagnostics {
        if d.is_error() || !args.quiet() {
            eprintln!("{}\n", d.render(styled));
        }
    }
    match &outcome.summary {
        Some(summary) => {
            if let Some(facts) = &summary.facts {
                println!("{facts:#}");
            } else if !args.quiet() {
                print_summary(summary, args.verbose());
            }
            ExitCode::SUCCESS
        }
        None => {
            let plural = if errors == 1 { "" } else { "s" };
            eprintln!(
                "Build failed with {errors} error{plural}; the output folder was left as it was."
            );
            ExitCode::FAILURE
        }
    }
}

fn print_summary(s: &Summary, verbose: bool) {
    println!(
        "Built {} pages, {} sections, {} terms, {} static files, {} aliases in {} ms",
        s.pages,
        s.sections,
        s.terms,
        s.static_files,
        s.aliases,
        s.elapsed.as_millis()
    );
    if verbose {
        println!(
            "Wrote {} files to {} ({} unchanged, {} stale removed); left out {} draft, future or expired pages",
            s.files_written,
            s.destination.display(),
            s.files_unchanged,
            s.files_removed,
            s.skipped
        );
        let stages: Vec<String> = s
            .stages
            .iter()
            .map(|(stage, took)| format!("{stage} {} ms", took.as_millis()))
            .collect();
        println!("Stages: {}", stages.join(", "));
    }
}
