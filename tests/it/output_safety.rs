//! Where `haven build` writes and what it deletes: the guard on real paths, the marker, `--force`,
//! the lock, the clean-up after killed builds and the write-access checks, through the binary.
//! Every refusal exits 1, names the folder, and leaves the folder and everything beside it as it was.
#![cfg(unix)]

use crate::common::Site;
use haven::output::{MARKER, MARKER_TEXT};
use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn haven(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_haven")).args(args).output().expect("haven runs")
}

/// `haven build --root <site> --output <out>` plus `extra`.
fn build(s: &Site, out: &Path, extra: &[&str]) -> Output {
    let root = s.root();
    let mut args = vec!["build", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()];
    args.extend(extra);
    haven(&args)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

#[derive(Debug, PartialEq)]
enum Entry {
    Dir,
    File(Vec<u8>),
    Link(PathBuf),
}

/// Every path under `dir` (symlinks not followed) with its bytes or link target.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Entry> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .map(|e| {
            let entry = if e.path_is_symlink() {
                Entry::Link(fs::read_link(e.path()).unwrap())
            } else if e.file_type().is_dir() {
                Entry::Dir
            } else {
                Entry::File(fs::read(e.path()).unwrap())
            };
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), entry)
        })
        .collect()
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    v.sort();
    v
}

/// Asserts a refusal: exit code 1, every `needles` in the message, and nothing changed under the temp folder.
#[track_caller]
fn assert_refused(s: &Site, out: &Path, extra: &[&str], needles: &[&str]) {
    let before = tree(s.tmp.path());
    let o = build(s, out, extra);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for n in needles {
        assert!(err.contains(n), "expected {n:?} in: {err}");
    }
    assert!(before == tree(s.tmp.path()), "the refused build changed files: {err}");
}

#[track_caller]
fn assert_built(o: &Output) {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
}

/// A pid no process has (one that just ended).
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn output_is_the_root() {
    let s = Site::fixture("minimal");
    assert_refused(&s, &s.root(), &["--force"], &["is the site's root", s.root().to_str().unwrap()]);
}

#[test]
fn output_is_a_source_folder_or_inside_one() {
    let s = Site::fixture("minimal");
    for d in ["content", "content/guide", "locales", "themes", "themes/default", "data"] {
        assert_refused(&s, &s.root().join(d), &["--force"], &["inside the source folder", d]);
    }
}

#[test]
fn output_is_a_parent_of_the_root() {
    let s = Site::fixture("minimal");
    assert_refused(&s, s.tmp.path(), &["--force"], &["contains the site's root"]);
    assert_refused(&s, Path::new("/"), &[], &["contains the site's root"]);
}

#[test]
fn dotdot_after_a_symlink_is_resolved_like_the_os_does() {
    let s = Site::fixture("minimal");
    let t = s.tmp.path();
    fs::create_dir_all(t.join("d")).unwrap();
    fs::create_dir_all(t.join("elsewhere")).unwrap();
    symlink(t.join("elsewhere"), t.join("d/L")).unwrap();
    symlink(s.root().join("locales"), t.join("d/L2")).unwrap();
    // Lexically d/site and d/content; for the OS the site's root and its content/.
    assert_refused(&s, &t.join("d/L/../site"), &["--force"], &["is the site's root", "d/L/../site"]);
    assert_refused(&s, &t.join("d/L2/../content"), &["--force"], &["inside the source folder", "d/L2/../content"]);
    assert!(s.root().join("content/_index.md").is_file());
}

#[test]
fn output_that_is_a_symlink_is_refused_and_its_target_kept() {
    let s = Site::fixture("minimal");
    let mine = s.tmp.path().join("mine");
    fs::create_dir_all(&mine).unwrap();
    fs::write(mine.join("notes.txt"), "my notes").unwrap();
    symlink(&mine, s.out()).unwrap();
    assert_refused(&s, &s.out(), &[], &["is a symbolic link", s.out().to_str().unwrap()]);
    assert_refused(&s, &s.out(), &["--force"], &["is a symbolic link"]);
    assert_eq!(fs::read_to_string(mine.join("notes.txt")).unwrap(), "my notes");
}

#[test]
fn a_folder_without_the_marker_is_refused_then_replaced_with_force() {
    let s = Site::fixture("minimal");
    fs::create_dir_all(s.out().join("sub")).unwrap();
    fs::write(s.out().join("notes.txt"), "my notes").unwrap();
    fs::write(s.out().join("sub/more.txt"), "more").unwrap();
    assert_refused(&s, &s.out(), &[], &[s.out().to_str().unwrap(), "not built by Haven", "--force"]);
    assert_built(&build(&s, &s.out(), &["--force"]));
    assert!(s.exists("index.html") && !s.exists("notes.txt") && !s.exists("sub"));
    assert_eq!(names(s.tmp.path()), ["out", "site"], "no staging, old folder or lock file beside it");
}

#[test]
fn an_empty_or_missing_folder_is_built_into() {
    let s = Site::fixture("minimal");
    assert_built(&build(&s, &s.out(), &[]));
    let empty = s.tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    assert_built(&build(&s, &empty, &[]));
    assert!(empty.join("index.html").is_file());
}

#[test]
fn a_marked_output_is_replaced_and_the_marker_names_nothing() {
    let s = Site::fixture("minimal");
    assert_built(&build(&s, &s.out(), &[]));
    let marker = fs::read(s.out().join(MARKER)).unwrap();
    assert_eq!(marker, MARKER_TEXT.as_bytes());
    let text = String::from_utf8(marker).unwrap();
    assert!(!text.contains('/') && !text.chars().any(|c| c.is_ascii_digit()), "no path, no time: {text}");
    fs::write(s.out().join("stale.html"), "from an earlier build").unwrap();
    assert_built(&build(&s, &s.out(), &[]));
    assert!(!s.exists("stale.html") && s.exists("index.html") && s.exists(MARKER));
    assert_eq!(names(s.tmp.path()), ["out", "site"]);
}

#[test]
fn an_earlier_haven_build_without_marker_needs_force_once() {
    let s = Site::fixture("minimal");
    assert_built(&build(&s, &s.out(), &[]));
    fs::remove_file(s.out().join(MARKER)).unwrap();
    assert_refused(&s, &s.out(), &[], &["looks like a build by an earlier Haven", "--force", s.out().to_str().unwrap()]);
    assert_built(&build(&s, &s.out(), &["--force"]));
    assert_built(&build(&s, &s.out(), &[]));
}

#[test]
fn leftovers_of_killed_builds_are_removed_by_the_next_build() {
    let s = Site::fixture("minimal");
    assert_built(&build(&s, &s.out(), &[]));
    let t = s.tmp.path();
    let (a, b) = (dead_pid(), dead_pid());
    fs::create_dir_all(t.join(format!(".out.haven-staging-{a}/es"))).unwrap();
    fs::write(t.join(format!(".out.haven-staging-{a}/es/index.html")), "half").unwrap();
    fs::create_dir_all(t.join(format!(".out.haven-staging-{a}.old"))).unwrap();
    fs::write(t.join(format!(".out.haven-staging-{a}.old/index.html")), "old").unwrap();
    // A leftover that is a symlink goes; its target stays.
    fs::create_dir_all(t.join("keep")).unwrap();
    fs::write(t.join("keep/file.txt"), "keep").unwrap();
    symlink(t.join("keep"), t.join(format!(".out.haven-staging-{b}"))).unwrap();
    fs::write(t.join(".out.haven-lock"), "").unwrap(); // left by a build killed while it held the lock
    assert_built(&build(&s, &s.out(), &[]));
    assert_eq!(names(t), ["keep", "out", "site"]);
    assert_eq!(fs::read_to_string(t.join("keep/file.txt")).unwrap(), "keep");
}

#[test]
fn a_build_killed_between_the_two_renames_gets_the_previous_site_back() {
    let s = Site::fixture("bad_front_matter");
    let t = s.tmp.path();
    let pid = dead_pid();
    let old = t.join(format!(".out.haven-staging-{pid}.old"));
    fs::create_dir_all(&old).unwrap();
    fs::write(old.join(MARKER), MARKER_TEXT).unwrap();
    fs::write(old.join("previous.html"), "previous build").unwrap();
    fs::create_dir_all(t.join(format!(".out.haven-staging-{pid}"))).unwrap();
    let previous = tree(&old);
    let o = build(&s, &s.out(), &[]);
    assert_eq!(o.status.code(), Some(1), "this site has errors: {}", stderr(&o));
    assert!(tree(&s.out()) == previous, "the previous site is back, byte for byte");
    assert_eq!(names(t), ["out", "site"]);
}

#[test]
fn a_second_build_is_refused_while_one_holds_the_lock() {
    let s = Site::fixture("minimal");
    assert_built(&build(&s, &s.out(), &[]));
    let lock_path = s.tmp.path().join(".out.haven-lock");
    let lock = fs::File::create(&lock_path).unwrap();
    lock.try_lock().unwrap();
    assert_refused(&s, &s.out(), &["--force"], &["another haven build is writing", s.out().to_str().unwrap()]);
    drop(lock);
    assert_built(&build(&s, &s.out(), &[]));
    assert!(!lock_path.exists(), "the build removes the lock file it held");
}

#[test]
fn a_build_killed_at_any_moment_leaves_nothing_the_next_build_does_not_clean_up() {
    let s = Site::fixture("minimal");
    let root = s.root();
    let out = s.out();
    assert_built(&build(&s, &out, &[]));
    for ms in [0, 20, 60, 120, 200, 300, 400, 550, 700] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_haven"))
            .args(["build", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(ms));
        child.kill().unwrap(); // SIGKILL: no clean-up of its own
        child.wait().unwrap();
        assert_built(&build(&s, &out, &[]));
        assert_eq!(names(s.tmp.path()), ["out", "site"], "after a kill at {ms} ms");
        assert!(s.exists("index.html") && s.exists(MARKER), "after a kill at {ms} ms");
    }
}

#[test]
fn two_builds_at_once_leave_one_whole_site() {
    let s = Site::fixture("minimal");
    let reference = s.tmp.path().join("reference");
    assert_built(&build(&s, &reference, &[]));
    let (root, out) = (s.root(), s.out());
    let spawn = || Command::new(env!("CARGO_BIN_EXE_haven")).args(["build", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()]).output();
    let (a, b) = std::thread::scope(|sc| {
        let a = sc.spawn(spawn);
        let b = sc.spawn(spawn);
        (a.join().unwrap().unwrap(), b.join().unwrap().unwrap())
    });
    for o in [&a, &b] {
        assert!(o.status.success() || stderr(o).contains("another haven build is writing"), "{}", stderr(o));
    }
    assert!(a.status.success() || b.status.success());
    assert!(tree(&out) == tree(&reference), "the output is one whole build");
    assert_eq!(names(s.tmp.path()), ["out", "reference", "site"]);
}

/// Whether permission bits stop this process from writing (not so for root).
fn bits_bind() -> bool {
    let tmp = tempfile::tempdir().unwrap();
    fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o555)).unwrap();
    let blocked = fs::write(tmp.path().join("x"), "x").is_err();
    fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o755)).unwrap();
    blocked
}

const NOBODY: u32 = 65534;

/// Runs the build as an unprivileged user when the tests run as root, so that permission bits
/// bind; `writable` are the folders that user must be able to write in (chowned to it).
fn build_unprivileged(s: &Site, out: &Path, writable: &[&Path]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_haven"));
    cmd.args(["build", "--root", s.root().to_str().unwrap(), "--output", out.to_str().unwrap()]);
    if !bits_bind() {
        use std::os::unix::process::CommandExt;
        fs::set_permissions(s.tmp.path(), fs::Permissions::from_mode(0o755)).unwrap();
        for dir in writable {
            for e in walkdir::WalkDir::new(dir) {
                std::os::unix::fs::lchown(e.unwrap().path(), Some(NOBODY), Some(NOBODY)).unwrap();
            }
        }
        cmd.uid(NOBODY).gid(NOBODY);
    }
    cmd.output().expect("haven runs")
}

#[test]
fn a_read_only_parent_is_refused_before_anything_moves() {
    let s = Site::fixture("minimal");
    let parent = s.tmp.path().join("ro");
    let out = parent.join("out");
    assert_built(&build(&s, &out, &[]));
    fs::set_permissions(&parent, fs::Permissions::from_mode(0o555)).unwrap();
    let before = tree(s.tmp.path());
    let o = build_unprivileged(&s, &out, &[]);
    fs::set_permissions(&parent, fs::Permissions::from_mode(0o755)).unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot write in") && err.contains(parent.to_str().unwrap()), "{err}");
    assert!(before == tree(s.tmp.path()), "nothing moved: {err}");
}

#[test]
fn a_read_only_output_is_refused_before_anything_moves() {
    let s = Site::fixture("minimal");
    let out = s.out();
    assert_built(&build(&s, &out, &[]));
    fs::set_permissions(&out, fs::Permissions::from_mode(0o555)).unwrap();
    let before = tree(s.tmp.path());
    let o = build_unprivileged(&s, &out, &[s.tmp.path()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot write in") && err.contains("the output folder") && err.contains(out.to_str().unwrap()), "{err}");
    // Ownership may have changed (root only), the bytes not.
    assert!(before == tree(s.tmp.path()), "nothing moved: {err}");
    // The same user builds once the folder is writable: the refusal was the permission.
    fs::set_permissions(&out, fs::Permissions::from_mode(0o755)).unwrap();
    let o = build_unprivileged(&s, &out, &[s.tmp.path()]);
    assert_built(&o);
}

#[test]
fn check_builds_elsewhere_and_leaves_the_site_alone() {
    let s = Site::fixture("minimal");
    fs::create_dir_all(s.root().join("public")).unwrap();
    fs::write(s.root().join("public/notes.txt"), "not Haven's").unwrap();
    let before = tree(s.tmp.path());
    let o = haven(&["check", "--root", s.root().to_str().unwrap()]);
    assert_built(&o);
    assert!(before == tree(s.tmp.path()), "check wrote beside or into the site");
}
