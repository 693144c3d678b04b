//! Browser tests (quick exit, keyboard, axe-core, privacy) in Debian's headless Chromium,
//! driven by playwright-core from tests/browser/. They run over the flagship site, built with
//! its quick-exit links pointed at a local address the tests serve.
//!
//! Without Chromium, Node or the npm packages the test says so and passes, except in CI
//! (`CI` set), where a missing browser is a failure.

use crate::common::{repo, Site};
use std::path::Path;
use std::process::Command;

/// Where the built site's exits lead. `.example` never resolves, and `routeOutside` in
/// tests/browser/lib.mjs answers every request off the site's origin with a local neutral page,
/// so nothing leaves the machine. It must be an https address of another site: `site.toml`
/// refuses any other quick-exit URL (no escape hatch for tests).
const LOCAL_EXIT: &str = "https://neutral.example/weather";

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
fn flagship_with_local_exit() -> Site {
    let s = Site::flagship();
    let cfg = std::fs::read_to_string(s.root().join("site.toml")).unwrap();
    let cfg: String = cfg
        .lines()
        .map(|l| {
            let key = l.split('=').next().unwrap_or("").trim();
            if key == "url" || key == "quick_exit_url" {
                format!("{key} = \"{LOCAL_EXIT}\"")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    s.write("site.toml", &cfg);
    s
}

/// tests/fixtures/pub_subpath (a site below /site/, with the default theme) whose exit leads to
/// the local neutral page: tests/browser/subpath.test.mjs serves it with `haven serve --base-url`.
fn subpath_site_with_local_exit() -> Site {
    let s = Site::fixture("pub_subpath");
    let cfg = std::fs::read_to_string(s.root().join("site.toml")).unwrap().replace("url = \"https://neutral.example/\"", &format!("url = \"{LOCAL_EXIT}\""));
    assert!(cfg.contains(LOCAL_EXIT), "the fixture's exit is pointed at the local page");
    s.write("site.toml", &cfg);
    s
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
    let site = flagship_with_local_exit().build().ok();
    let subpath = subpath_site_with_local_exit();
    let out = Command::new("node")
        .arg("--test")
        .arg("--test-reporter=spec")
        // A guard against a hung browser, not a speed check: on this shared 2-core machine the axe
        // file alone took over 240 s under load (every page, two colour schemes).
        .arg("--test-timeout=900000")
        .current_dir(repo().join("tests/browser"))
        .env("HAVEN_SITE_DIR", site.out())
        .env("HAVEN_EXIT_URL", LOCAL_EXIT)
        .env("HAVEN_BIN", env!("CARGO_BIN_EXE_haven"))
        .env("HAVEN_SUBPATH_SITE", subpath.root())
        .output()
        .expect("node runs");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    println!("{text}");
    assert!(out.status.success(), "browser tests failed:\n{text}");
}
