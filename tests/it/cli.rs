//! The `haven` binary: exit codes (0 ok, 1 build errors, 2 usage errors) and useful help.

use crate::common::Site;
use std::process::Command;

fn haven(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_haven")).args(args).output().expect("haven runs")
}

#[test]
fn help_lists_the_commands() {
    let out = haven(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for cmd in ["build", "serve", "check", "i18n"] {
        assert!(text.contains(cmd), "{cmd} in {text}");
    }
    let build_help = String::from_utf8_lossy(&haven(&["build", "--help"]).stdout).to_string();
    for opt in ["--root", "--output", "--drafts", "--strict"] {
        assert!(build_help.contains(opt), "{opt} in {build_help}");
    }
}

#[test]
fn usage_error_exits_2() {
    assert_eq!(haven(&["build", "--no-such-flag"]).status.code(), Some(2));
    assert_eq!(haven(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn build_errors_exit_1_and_success_exits_0() {
    let bad = Site::fixture("bad_front_matter");
    let out = haven(&["build", "--root", bad.root().to_str().unwrap(), "--output", bad.out().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("content/broken.md:3"), "{err}");
    assert!(!bad.out().exists(), "nothing written");

    let good = Site::fixture("minimal");
    let out = haven(&["build", "--root", good.root().to_str().unwrap(), "--output", good.out().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(good.out().join("index.html").exists());
}

#[test]
fn missing_config_exits_1_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = haven(&["build", "--root", tmp.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("site.toml"));
}

#[test]
fn check_turns_lint_findings_into_errors() {
    let s = Site::fixture("lint");
    let out = haven(&["check", "--root", s.root().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[img-alt]"));
}
