//! A build that fails, is killed or interrupted, or runs out of disk leaves the output folder as
//! the last good build left it; files inkstone did not make are kept; nothing is written
//! outside the site but its output folder and its cache.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use common::{Tree, copy_dir, repo_path, run, tree, tree_difference as describe};

/// The example site, and what it becomes in its second version: a post edited, one removed,
/// one added, a static file changed.
struct Versions {
    _dir: tempfile::TempDir,
    /// A clean build of each version, files inkstone did not make aside.
    first: Tree,
    second: Tree,
}

fn make_second(site: &Path) {
    let post = site.join("content/notes/second.md");
    let text = std::fs::read_to_string(&post).unwrap();
    std::fs::write(
        &post,
        text.replace("The second note.", "The second note, v2."),
    )
    .unwrap();
    std::fs::remove_file(site.join("content/notes/first.md")).unwrap();
    std::fs::write(
        site.join("content/notes/third.md"),
        "---\ntitle: Third\ndate: 2024-05-01\n---\nA third note.\n",
    )
    .unwrap();
    std::fs::write(site.join("static/favicon.svg"), "<svg/>").unwrap();
}

fn versions() -> &'static Versions {
    static VERSIONS: std::sync::OnceLock<Versions> = std::sync::OnceLock::new();
    VERSIONS.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let one = dir.path().join("one");
        let two = dir.path().join("two");
        copy_dir(&repo_path("examples/blog"), &one);
        copy_dir(&repo_path("examples/blog"), &two);
        make_second(&two);
        for site in [&one, &two] {
            let out = run(site, &[]);
            assert!(out.status.success(), "{}", stderr(&out));
        }
        Versions {
            first: tree(&one.join("public")),
            second: tree(&two.join("public")),
            _dir: dir,
        }
    })
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A copy of the example site built once, with files of the user's own in its output folder.
fn site_at_first_version() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&repo_path("examples/blog"), &site);
    let out = run(&site, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    add_foreign_files(&site.join("public"));
    (dir, site)
}

fn add_foreign_files(public: &Path) {
    std::fs::create_dir_all(public.join(".git/refs")).unwrap();
    std::fs::write(public.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    std::fs::write(public.join("google1234.html"), "verification").unwrap();
}

const HEAD: &[u8] = b"ref: refs/heads/gh-pages\n";

/// The output folder without the user's own files, which every state must also hold.
fn site_files(public: &Path) -> Tree {
    let mut files = tree(public);
    let head = files.remove(Path::new(".git/HEAD"));
    let verification = files.remove(Path::new("google1234.html"));
    assert_eq!(head.as_deref(), Some(HEAD));
    assert_eq!(verification.as_deref(), Some(&b"verification"[..]));
    files
}

/// Whether the user's `.git` folder is in a shadow in the site's cache: moved there to go into
/// the new site, when the build was killed before the exchange.
fn git_folder_in_a_shadow(site: &Path) -> bool {
    let cache = site.join(".inkstone-cache");
    std::fs::read_dir(cache)
        .unwrap()
        .any(|e| std::fs::read(e.unwrap().path().join(".git/HEAD")).is_ok_and(|b| b == HEAD))
}

/// The output folder holds the whole first version or the whole second, and nothing of a build
/// is left beside it.
fn assert_whole(site: &Path, when: &str) -> bool {
    let v = versions();
    let public = site.join("public");
    if !public.join(".git").exists() {
        // The one moment a folder of the user's is not in the output folder; the next build
        // (or `inkstone clean`) puts it back.
        assert!(
            git_folder_in_a_shadow(site),
            "{when}: the .git folder is gone"
        );
        let out = Command::new(env!("CARGO_BIN_EXE_inkstone"))
            .args(["clean", "--source"])
            .arg(site)
            .output()
            .unwrap();
        assert!(out.status.success(), "{when}: {}", stderr(&out));
    }
    let files = site_files(&public);
    let first = files == v.first;
    assert!(
        first || files == v.second,
        "{when}: neither version: against the first {}; against the second {}",
        describe(&files, &v.first),
        describe(&files, &v.second)
    );
    let beside: Vec<_> = std::fs::read_dir(site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(
        beside.is_empty(),
        "{when}: left beside the output: {beside:?}"
    );
    first
}

/// A build to the second version succeeds and gives exactly what a clean build gives.
fn assert_next_build_completes(site: &Path, when: &str) {
    let out = run(site, &[]);
    assert!(out.status.success(), "{when}: {}", stderr(&out));
    assert!(!assert_whole(site, when), "{when}: still the first version");
}

fn strace_can_inject() -> bool {
    Command::new("strace")
        .args([
            "-f",
            "-o",
            "/dev/null",
            "-e",
            "inject=getpid:error=EPERM",
            "true",
        ])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The system calls that change files, which a kill may interrupt.
const WRITING_CALLS: &[&str] = &[
    "openat",
    "write",
    "mkdir",
    "linkat",
    "unlink",
    "unlinkat",
    "rmdir",
    "rename",
    "renameat2",
];

/// The example site at its first version, built (twice more with an edit and its undoing when
/// `warmed`, so that a shadow of an older build exists), with the second version's files.
fn ready_to_build_the_second_version(warmed: bool) -> (tempfile::TempDir, PathBuf) {
    let (dir, site) = site_at_first_version();
    if warmed {
        let about = site.join("content/about.md");
        let text = std::fs::read_to_string(&about).unwrap();
        std::fs::write(&about, format!("{text}\nA paragraph more.\n")).unwrap();
        assert!(run(&site, &[]).status.success());
        std::fs::write(&about, text).unwrap();
        assert!(run(&site, &[]).status.success());
    }
    make_second(&site);
    (dir, site)
}

/// Builds under strace, with two rendering threads whatever the machine, so that calls are
/// counted the same way on every machine.
fn build_under_strace(site: &Path, strace_args: &[String]) -> Output {
    Command::new("strace")
        .env("RAYON_NUM_THREADS", "2")
        .args(["-f", "-o"])
        .args(strace_args)
        .arg(env!("CARGO_BIN_EXE_inkstone"))
        .args(["build", "--quiet", "--source"])
        .arg(site)
        .output()
        .unwrap()
}

/// How many times the build to the second version makes each writing call, counted by strace.
fn calls_made(warmed: bool) -> Vec<(&'static str, usize)> {
    let (dir, site) = ready_to_build_the_second_version(warmed);
    let counts = dir.path().join("counts");
    let args = [counts.to_string_lossy().into_owned(), "-c".to_owned()];
    assert!(build_under_strace(&site, &args).status.success());
    let table = std::fs::read_to_string(counts).unwrap();
    WRITING_CALLS
        .iter()
        .filter_map(|call| {
            let row = table
                .lines()
                .find(|l| l.split_whitespace().last() == Some(call))?;
            // `% time, seconds, usecs/call, calls, [errors,] syscall`
            let calls = row.split_whitespace().nth(3)?.parse().ok()?;
            Some((*call, calls))
        })
        .collect()
}

#[test]
#[ignore = "needs strace"]
fn a_build_killed_at_any_step_leaves_the_old_site_or_the_new_one() {
    assert!(strace_can_inject(), "strace cannot inject faults here");
    // Each system call that changes files, killed at its first, a middle and a late call: first
    // with no shadow yet (every kept file is linked into it), then with one (the files that
    // differ are removed from it and written).
    let mut cases = 0;
    for warmed in [false, true] {
        for (call, count) in calls_made(warmed) {
            // strace counts calls per thread, and the build spreads its writes over the main
            // thread and two workers: the busiest makes at least a third of them, so a quarter
            // of the count is a late call that is surely made.
            let mut moments = vec![1, count.div_ceil(8), count.div_ceil(4)];
            moments.sort_unstable();
            moments.dedup();
            for nth in moments {
                let (_dir, site) = ready_to_build_the_second_version(warmed);
                let when = format!("killed at {call} #{nth} of {count} (shadow kept: {warmed})");
                let args = ["/dev/null".to_owned(), "-e".to_owned()];
                let inject = format!("inject={call}:signal=KILL:when={nth}");
                let killed = build_under_strace(&site, &[&args[..], &[inject]].concat());
                assert!(
                    !killed.status.success(),
                    "{when}: the build was not killed: {}",
                    stderr(&killed)
                );
                assert_whole(&site, &when);
                assert_next_build_completes(&site, &when);
                cases += 1;
            }
        }
    }
    assert!(cases >= 12, "only {cases} moments to kill at");
    eprintln!("killed at {cases} moments");
}

#[test]
fn a_build_killed_at_timed_moments_leaves_the_old_site_or_the_new_one() {
    let mut saw_first = false;
    for delay in [5, 20, 40, 80, 120, 200, 300, 500] {
        // Back to a first-version output each time, so there is something to lose.
        let (_dir, site) = site_at_first_version();
        make_second(&site);
        let mut child = Command::new(env!("CARGO_BIN_EXE_inkstone"))
            .args(["build", "--quiet", "--source"])
            .arg(&site)
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        let when = format!("killed after {delay} ms");
        saw_first |= assert_whole(&site, &when);
        assert_next_build_completes(&site, &when);
    }
    assert!(
        saw_first,
        "no kill came before the exchange: the test proves nothing"
    );
}

#[test]
fn an_interrupted_build_stops_cleanly_and_changes_nothing() {
    for delay in [30, 60, 100, 150, 250] {
        let (_dir, site) = site_at_first_version();
        make_second(&site);
        let child = Command::new(env!("CARGO_BIN_EXE_inkstone"))
            .args(["build", "--source"])
            .arg(&site)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let out = child.wait_with_output().unwrap();
        if out.status.success() {
            // Finished before the signal came: try an earlier moment.
            continue;
        }
        assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
        assert!(stderr(&out).contains("interrupted"), "{}", stderr(&out));
        assert!(
            assert_whole(&site, "interrupted"),
            "an interrupted build changed the site"
        );
        assert_next_build_completes(&site, "after an interruption");
        return;
    }
    panic!("every build finished before the signal: the test proves nothing");
}

#[test]
fn files_the_user_put_in_the_output_folder_outlive_every_build() {
    let (_dir, site) = site_at_first_version();
    let public = site.join("public");
    #[cfg(unix)]
    std::os::unix::fs::symlink("index.html", public.join("home.html")).unwrap();
    make_second(&site);
    assert!(run(&site, &[]).status.success());
    assert!(run(&site, &["--no-cache"]).status.success());
    std::fs::write(
        site.join("content/notes/fourth.md"),
        "---\ntitle: Four\n---\nx\n",
    )
    .unwrap();
    assert!(run(&site, &[]).status.success());
    // site_files checks the user's files are there and unchanged.
    let files = site_files(&public);
    assert!(files.contains_key(Path::new("notes/fourth/index.html")));
    #[cfg(unix)]
    assert_eq!(
        std::fs::read_link(public.join("home.html")).unwrap(),
        Path::new("index.html")
    );
    // A file the site now makes at the same path as the user's replaces it, as in Hugo.
    std::fs::write(site.join("static/google1234.html"), "from static").unwrap();
    assert!(run(&site, &[]).status.success());
    assert_eq!(
        std::fs::read_to_string(public.join("google1234.html")).unwrap(),
        "from static"
    );
}

#[test]
fn a_damaged_output_file_is_written_again() {
    let (_dir, site) = site_at_first_version();
    let page = site.join("public/about/index.html");
    let good = std::fs::read(&page).unwrap();
    // Same length, other bytes: changed by hand after the build.
    let damaged = vec![b'x'; good.len()];
    std::fs::write(&page, &damaged).unwrap();
    assert!(run(&site, &[]).status.success());
    assert_eq!(std::fs::read(&page).unwrap(), good);

    // Damage that even keeps the time of writing is found when asked to verify.
    let modified = std::fs::metadata(&page).unwrap().modified().unwrap();
    let file = std::fs::OpenOptions::new().write(true).open(&page).unwrap();
    std::io::Write::write_all(&mut &file, &damaged).unwrap();
    file.set_modified(modified).unwrap();
    drop(file);
    assert!(run(&site, &["--no-cache"]).status.success());
    assert_eq!(std::fs::read(&page).unwrap(), good);
}

#[test]
fn an_output_folder_that_holds_the_site_is_refused() {
    let (_dir, site) = site_at_first_version();
    let before = tree(&site);
    for dest in [site.clone(), site.parent().unwrap().to_path_buf()] {
        let out = run(&site, &["--destination", dest.to_str().unwrap()]);
        assert!(!out.status.success());
        assert!(
            stderr(&out).contains("holds the site itself"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(tree(&site), before);
}

#[test]
fn the_shadow_stays_out_of_the_sites_repository() {
    let (dir, site) = site_at_first_version();
    let cache = site.join(".inkstone-cache");
    assert_eq!(
        std::fs::read_to_string(cache.join(".gitignore")).unwrap(),
        "*\n"
    );
    let beside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, ["site"]);
}

/// A small file system of its own, mounted for the test; `None` where mounting is not allowed.
struct SmallDisk {
    path: PathBuf,
    /// Removed once unmounted.
    _dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(size: &str) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output()
            .is_ok_and(|o| o.status.success());
        mounted.then(|| SmallDisk {
            path: dir.path().to_path_buf(),
            _dir: dir,
        })
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}

#[test]
fn a_full_disk_stops_the_build_at_once_and_leaves_nothing() {
    let Some(disk) = SmallDisk::mount("3m") else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    };
    let (_dir, site) = site_at_first_version();
    let public = disk.path.join("public");
    let dest = ["--destination", public.to_str().unwrap()];
    let out = run(&site, &dest);
    assert!(out.status.success(), "{}", stderr(&out));
    add_foreign_files(&public);
    let before = tree(&public);
    // More than the disk holds.
    std::fs::write(site.join("static/big.bin"), vec![7u8; 4 << 20]).unwrap();
    make_second(&site);
    let out = run(&site, &dest);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(err.matches("No space left on device").count(), 1, "{err}");
    assert!(err.contains("big.bin") || err.contains("public"), "{err}");
    assert_eq!(tree(&public), before);
    let left: Vec<_> = std::fs::read_dir(&disk.path)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["public"], "the failed build left files on the disk");
}

#[test]
fn an_output_folder_that_is_a_mount_point_is_replaced_entry_by_entry() {
    let Some(disk) = SmallDisk::mount("20m") else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    };
    let (_dir, site) = site_at_first_version();
    let dest = ["--destination", disk.path.to_str().unwrap()];
    assert!(run(&site, &dest).status.success());
    add_foreign_files(&disk.path);
    assert_eq!(site_files(&disk.path), versions().first);
    make_second(&site);
    let out = run(&site, &dest);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(site_files(&disk.path), versions().second);
    let leftovers: Vec<_> = std::fs::read_dir(&disk.path)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("inkstone-next"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
