//! Browser tests (quick exit, keyboard, axe-core, privacy) in Debian's headless Chromium,
//! driven by playwright-core from tests/browser/. They run over the flagship site, built with
//! its quick-exit links pointed at a local address the tests serve.
//!
//! Without Chromium, Node or the npm packages the test says so and passes, except in CI
//! (`CI` set), where a missing browser is a failure.

mod common;
use common::{copy_dir, repo};
use std::path::Path;
use std::process::Command;

/// Where the browser tests serve their neutral "exit" page.
const LOCAL_EXIT: &str = "http://127.0.0.1:1/neutral";

fn missing_tools() -> Vec<String> {
    let mut missing = vec![];
    let chromium = std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        missing.push(format!("Chromium ({chromium})"));
    }
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("node".into());
    }
    if !repo().join("tests/browser/node_modules/playwright-core").exists() {
        missing.push("npm packages (run `npm ci` in tests/browser)".into());
    }
    missing
}

/// A copy of the flagship site whose exits lead to the local neutral page.
fn flagship_with_local_exit(tmp: &Path) -> std::path::PathBuf {
    let site = tmp.join("site");
    for dir in ["content", "locales", "themes", "data"] {
        copy_dir(&repo().join(dir), &site.join(dir));
    }
    let cfg = std::fs::read_to_string(repo().join("site.toml")).unwrap();
    let cfg: String = cfg
        .lines()
        .map(|l| {
            let key = l.split('=').next().unwrap_or("").trim();
            if key == "url" || key == "quick_exit_url" { format!("{key} = \"{LOCAL_EXIT}\"") } else { l.to_string() }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(site.join("site.toml"), cfg).unwrap();
    site
}

/// tests/fixtures/pub_subpath (a site below /site/, with the default theme) whose exit leads to
/// the local neutral page: tests/browser/subpath.test.mjs serves it with `haven serve --base-url`.
fn subpath_site_with_local_exit(tmp: &Path) -> std::path::PathBuf {
    let site = tmp.join("subpath");
    copy_dir(&repo().join("tests/fixtures/pub_subpath"), &site);
    for dir in ["locales", "themes"] {
        copy_dir(&repo().join(dir), &site.join(dir));
    }
    let cfg = std::fs::read_to_string(site.join("site.toml")).unwrap().replace("url = \"https://neutral.example/\"", &format!("url = \"{LOCAL_EXIT}\""));
    std::fs::write(site.join("site.toml"), cfg).unwrap();
    site
}

#[test]
fn browser_tests_in_headless_chromium() {
    let missing = missing_tools();
    if !missing.is_empty() {
        if std::env::var_os("CI").is_some() {
            panic!("browser tests cannot run in CI: missing {}", missing.join(", "));
        }
        eprintln!("SKIPPED browser tests: missing {} (.ci/run installs them)", missing.join(", "));
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let site = flagship_with_local_exit(tmp.path());
    let mut opts = haven::BuildOptions::new(&site);
    opts.output = tmp.path().join("public");
    let report = haven::build(&opts).unwrap();
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    let subpath = subpath_site_with_local_exit(tmp.path());
    let out = Command::new("node")
        .arg("--test")
        .arg("--test-reporter=spec")
        .arg("--test-timeout=240000")
        .current_dir(repo().join("tests/browser"))
        .env("HAVEN_SITE_DIR", &opts.output)
        .env("HAVEN_EXIT_URL", LOCAL_EXIT)
        .env("HAVEN_BIN", env!("CARGO_BIN_EXE_haven"))
        .env("HAVEN_SUBPATH_SITE", &subpath)
        .output()
        .expect("node runs");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    println!("{text}");
    assert!(out.status.success(), "browser tests failed:\n{text}");
}
