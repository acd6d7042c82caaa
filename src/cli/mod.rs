//! The command line: Hugo's commands and flag names.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

mod archetype;
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
    /// The site's folder.
    #[arg(short = 's', long, value_name = "DIR", default_value = ".")]
    source: PathBuf,
}

#[derive(Args, Debug, Clone)]
struct BuildArgs {
    /// The site's folder.
    #[arg(short = 's', long, value_name = "DIR", default_value = ".")]
    source: PathBuf,
    /// Where to write the site (default: public/ inside the source, or the config's publishDir).
    #[arg(short = 'd', long, value_name = "DIR")]
    destination: Option<PathBuf>,
    #[command(flatten)]
    pages: PageArgs,
    /// Render everything again, neither reading nor writing the build cache.
    #[arg(long = "no-cache")]
    no_cache: bool,
    /// Fail the build on any warning, writing nothing (Hugo's flag).
    #[arg(long = "panicOnWarning", alias = "panic-on-warning")]
    panic_on_warning: bool,
    /// Print nothing but errors.
    #[arg(long, conflicts_with = "verbose")]
    quiet: bool,
    /// Say more about what the build does.
    #[arg(short = 'v', long)]
    verbose: bool,
    /// Print every page's URL, kind, title, dates, section, terms and translations, and every
    /// menu entry, as JSON on standard output instead of the summary.
    #[arg(long = "print-pages", value_name = "FORMAT", value_enum)]
    print_pages: Option<PrintFormat>,
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
    /// The site's folder.
    #[arg(short = 's', long, value_name = "DIR", default_value = ".")]
    source: PathBuf,
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
}

fn run_serve(args: &ServeArgs) -> ExitCode {
    let options = crate::serve::ServeOptions {
        build: pipeline::Options {
            source: args.source.clone(),
            drafts: args.pages.drafts,
            future: args.pages.future,
            expired: args.pages.expired,
            base_url: args.pages.base_url.clone(),
            ..pipeline::Options::default()
        },
        bind: args.bind,
        port: args.port,
        open: args.open,
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
        Some(Command::New(NewArgs { what: None, content })) => run_new_content(&content),
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

fn run_new_content(args: &ContentArgs) -> ExitCode {
    let Some(path) = &args.path else {
        eprintln!(
            "error: say what to create: inkstone new content posts/my-first-post.md, or inkstone new site DIR"
        );
        return ExitCode::from(2);
    };
    let config = match load_config(&args.source) {
        Ok(config) => config,
        Err(code) => return code,
    };
    match archetype::new_content(
        &args.source,
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
fn load_config(source: &std::path::Path) -> Result<crate::config::Config, ExitCode> {
    if !source.is_dir() {
        eprintln!(
            "error: there is no site folder at {}; give --source the folder that holds content/ and the config",
            source.display()
        );
        return Err(ExitCode::FAILURE);
    }
    crate::config::load(source, crate::config::PRODUCTION).map_err(|problems| {
        for d in &problems {
            eprintln!("{}\n", d.render(std::io::stderr().is_terminal()));
        }
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
        source: args.source.clone(),
        destination: args.destination.clone(),
        drafts: args.pages.drafts,
        future: args.pages.future,
        expired: args.pages.expired,
        base_url: args.pages.base_url.clone(),
        origin: None,
        no_cache: args.no_cache,
        page_facts: args.print_pages.is_some(),
        interrupt: Some(stop_on_signals()),
        warnings_fail: args.panic_on_warning,
    };
    let terminal = std::io::stderr().is_terminal();
    let progress = (terminal && !args.quiet).then(progress_bar);
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
        if d.is_error() || !args.quiet {
            eprintln!("{}\n", d.render(styled));
        }
    }
    match &outcome.summary {
        Some(summary) => {
            if let Some(facts) = &summary.facts {
                println!("{facts:#}");
            } else if !args.quiet {
                print_summary(summary, args.verbose);
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
