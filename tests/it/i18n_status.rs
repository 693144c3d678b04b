//! `haven i18n status`: the report in text and JSON over a fixture with translations in every
//! state, the change summary from git history, and `--strict`'s exit code.

use crate::common::{assert_contains, Site};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn haven(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_haven")).args(args).output().expect("haven runs")
}

fn status_json(root: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["i18n", "status", "--format", "json", "--root", root.to_str().unwrap()];
    args.extend(extra);
    let out = haven(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("status prints JSON")
}

fn status_text(root: &Path) -> String {
    let out = haven(&["i18n", "status", "--root", root.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn locale<'a>(report: &'a Value, code: &str) -> &'a Value {
    report["locales"].as_array().unwrap().iter().find(|l| l["code"] == code).unwrap_or_else(|| panic!("no locale {code} in {report}"))
}

fn item<'a>(l: &'a Value, key: &str) -> &'a Value {
    l["pages"]["items"].as_array().unwrap().iter().find(|i| i["key"] == key).unwrap_or_else(|| panic!("no page {key}"))
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect()
}

fn git(root: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn fixture_hash_is_genuinely_stale() {
    // The Spanish guide records the hash of history/guide.v1.md, which the English source no longer is.
    let root = crate::common::repo().join("tests/fixtures/i18n_status");
    let parse = |rel: &str| haven::frontmatter::parse(&std::fs::read_to_string(root.join(rel)).unwrap()).unwrap();
    let hash = |p: &haven::frontmatter::Parsed| haven::translation::hash::source_hash(&p.front.title, &p.front.description, &p.body);
    let recorded = parse("content/guide.es.md").front.source_hash.unwrap();
    assert_eq!(recorded, hash(&parse("history/guide.v1.md")));
    assert_ne!(recorded, hash(&parse("content/guide.md")));
}

#[test]
fn json_reports_pages_translated_missing_outdated_and_review() {
    let s = Site::fixture("i18n_status");
    let r = status_json(&s.root(), &[]);
    assert_eq!(r["version"], 1);
    assert_eq!(r["default_locale"], "en");
    let es = locale(&r, "es");
    let p = &es["pages"];
    assert_eq!((p["total"].as_u64(), p["translated"].as_u64(), p["missing"].as_u64()), (Some(4), Some(2), Some(2)));
    assert_eq!((p["outdated"].as_u64(), p["current"].as_u64(), p["unknown_version"].as_u64()), (Some(1), Some(1), Some(0)));
    assert_eq!(strs(&p["orphaned"]), ["content/retired.es.md"]);
    // Most important first: home, then by weight (contact 2 before about 5).
    let keys: Vec<&str> = p["items"].as_array().unwrap().iter().map(|i| i["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["_index.md", "guide.md", "contact.md", "about.md"]);
    let guide = item(es, "guide.md");
    assert_eq!(guide["state"], "outdated");
    assert_eq!(guide["translation"], "content/guide.es.md");
    assert_ne!(guide["recorded_hash"], guide["source_hash"]);
    assert_eq!(item(es, "about.md")["state"], "missing");
    assert_eq!(item(es, "about.md")["translation"], Value::Null);
    let fr = locale(&r, "fr");
    assert_eq!(item(fr, "guide.md")["state"], "unknown-version");
    assert_eq!(item(fr, "guide.md")["needs_review"], true);
    assert_eq!((fr["pages"]["needs_review"].as_u64(), fr["pages"]["missing"].as_u64()), (Some(1), Some(1)));
}

#[test]
fn json_reports_missing_extra_untranslated_and_broken_strings() {
    let s = Site::fixture("i18n_status");
    let r = status_json(&s.root(), &[]);
    let es = &locale(&r, "es")["strings"];
    assert_eq!((es["total"].as_u64(), es["translated"].as_u64()), (Some(4), Some(3)));
    assert_eq!(strs(&es["missing"]), ["welcome"]);
    assert_eq!(strs(&es["extra"]), ["es-only"]);
    let broken: Vec<(&str, &str, &str)> =
        es["broken"].as_array().unwrap().iter().map(|b| (b["id"].as_str().unwrap(), b["kind"].as_str().unwrap(), b["file"].as_str().unwrap())).collect();
    assert_eq!(broken, [("hello", "unknown-variable", "locales/es/main.ftl"), ("made-by", "missing-reference", "locales/es/main.ftl")]);
    assert_contains(es["broken"][1]["message"].as_str().unwrap(), "-brand");
    let fr = &locale(&r, "fr")["strings"];
    assert_eq!(strs(&fr["untranslated"]), ["items"]);
    let syntax = &fr["broken"][0];
    assert_eq!((syntax["kind"].as_str(), syntax["line"].as_u64(), syntax["column"].as_u64()), (Some("syntax"), Some(15), Some(1)));
    assert!(r["default_locale_broken"].as_array().unwrap().is_empty());
    assert!(locale(&r, "es")["done_percent"].as_f64().unwrap() < locale(&r, "fr")["done_percent"].as_f64().unwrap());
}

#[test]
fn text_report_has_an_aligned_table_then_what_to_do() {
    let s = Site::fixture("i18n_status");
    let text = status_text(&s.root());
    let table: Vec<&str> = text.lines().skip_while(|l| !l.starts_with("locale")).take(3).collect();
    assert_eq!(
        table[0].split_whitespace().collect::<Vec<_>>(),
        ["locale", "pages", "missing", "outdated", "review", "strings", "missing", "to", "do", "extra", "broken", "done", "language"]
    );
    assert_eq!(table[1].split_whitespace().collect::<Vec<_>>(), ["es", "2/4", "2", "1", "0", "3/4", "1", "0", "1", "2", "21.8%", "Español"]);
    assert_eq!(table[2].split_whitespace().take(4).collect::<Vec<_>>(), ["fr", "3/4", "1", "1*"]);
    // Aligned: every row's "done" column ends at the same place.
    let end = |l: &str| l.find('%').unwrap_or_else(|| l.find("done").unwrap() + 3);
    assert_eq!(end(table[1]), end(table[2]));
    assert_eq!(end(table[0]), end(table[1]));
    let contact = text.find("1. content/contact.md -> content/contact.es.md").expect("contact listed first");
    let about = text.find("2. content/about.md -> content/about.es.md").expect("about listed second");
    assert!(contact < about);
    assert_contains(&text, "content/guide.es.md: source changed (no history available");
    assert_contains(&text, "content/guide.fr.md: it records no source version");
    assert_contains(&text, "missing from locales/es/ (1): welcome");
    assert_contains(&text, "extra, not in the default locale (remove or rename) (1): es-only");
    assert_contains(&text, "locales/es/main.ftl:4: `made-by` refers to the term `-brand`");
    assert_contains(&text, "locales/fr/main.ftl:15:1: Fluent syntax error in `goodbye`");
    assert_contains(&text, "still marked TODO(translate) (1): items");
    assert_contains(&text, "content/retired.es.md");
}

#[test]
fn outdated_page_summarises_source_changes_from_git_history() {
    let s = Site::fixture("i18n_status");
    let root = s.root();
    let current = std::fs::read_to_string(root.join("content/guide.md")).unwrap();
    // History: the guide as it was when the Spanish hash was recorded, then the edit.
    std::fs::copy(root.join("history/guide.v1.md"), root.join("content/guide.md")).unwrap();
    git(&root, &["init", "-q"]);
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-q", "-m", "first version"]);
    std::fs::write(root.join("content/guide.md"), current).unwrap();
    git(&root, &["commit", "-q", "-am", "reword the guide"]);

    let r = status_json(&root, &["--locale", "es"]);
    assert_eq!(r["locales"].as_array().unwrap().len(), 1);
    let changes = &item(locale(&r, "es"), "guide.md")["changes"];
    assert_eq!(changes["available"], true, "{changes}");
    assert_eq!(changes["since_commit"].as_str().unwrap().len(), 12);
    let kinds: Vec<&str> = changes["changes"].as_array().unwrap().iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["paragraphs", "heading-changed"]);
    assert_eq!(changes["changes"][0]["section"], "Where to start");
    assert_eq!((changes["changes"][0]["changed"].as_u64(), changes["changes"][0]["added"].as_u64()), (Some(1), Some(1)));
    let text = status_text(&root);
    assert_contains(&text, "content/guide.es.md: content/guide.md changed since commit");
    assert_contains(&text, "- under \"Where to start\": 1 paragraph changed, 1 added");
    assert_contains(&text, "- heading \"Costs\" changed to \"What it costs\"");
}

#[test]
fn strict_exits_1_when_anything_is_missing_or_outdated() {
    let s = Site::fixture("i18n_status");
    let root = s.root();
    let root = root.to_str().unwrap();
    assert_eq!(haven(&["i18n", "status", "--root", root]).status.code(), Some(0));
    assert_eq!(haven(&["i18n", "status", "--root", root, "--strict"]).status.code(), Some(1));
    assert_eq!(haven(&["i18n", "status", "--root", root, "--strict", "--format", "json"]).status.code(), Some(1));
    let done = Site::fixture("i18n_plurals");
    let out = haven(&["i18n", "status", "--root", done.root().to_str().unwrap(), "--strict"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert_contains(&String::from_utf8_lossy(&out.stdout), "Nothing to do");
}

#[test]
fn strict_fails_on_an_outdated_page_alone() {
    let s = Site::fixture("i18n_plurals");
    let root = s.root();
    let strict = || haven(&["i18n", "status", "--root", root.to_str().unwrap(), "--strict"]).status.code();
    assert_eq!(strict(), Some(0));
    s.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n\nWelcome, and a new sentence.\n");
    assert_eq!(strict(), Some(1));
}

#[test]
fn unknown_or_default_locale_and_bad_format_are_errors() {
    let s = Site::fixture("i18n_status");
    let root = s.root();
    let root = root.to_str().unwrap();
    let err = |args: &[&str]| {
        let out = haven(args);
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert_contains(&err(&["i18n", "status", "--root", root, "--locale", "de"]), "not configured");
    assert_contains(&err(&["i18n", "status", "--root", root, "--locale", "en"]), "default locale");
    // A format clap does not know is a usage error (exit 2), naming the option and the choices.
    let bad = haven(&["i18n", "status", "--root", root, "--format", "yaml"]);
    assert_eq!(bad.status.code(), Some(2));
    let bad = String::from_utf8_lossy(&bad.stderr);
    assert!(bad.contains("--format") && bad.contains("json"), "{bad}");
}

/// `haven i18n status | head -1`: a reader that goes away ends the command quietly with success
/// (it used to panic in `print!`, exit 101).
#[test]
fn a_closed_pipe_ends_quietly_with_success() {
    let s = Site::fixture("i18n_status");
    let mut child = Command::new(env!("CARGO_BIN_EXE_haven"))
        .args(["i18n", "status", "--no-history", "--root", s.root().to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("haven runs");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("haven ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}
