//! The flagship campaign site is the largest fixture: it builds with zero errors and zero
//! warnings, every page exists in all five locales, and every internal link resolves.

use crate::common::{assert_contains, repo};
use haven::{build, BuildOptions};

const LOCALES: [(&str, &str); 5] = [("en", "ltr"), ("es", "ltr"), ("fr", "ltr"), ("uk", "ltr"), ("ar", "rtl")];

fn build_flagship() -> (tempfile::TempDir, haven::BuildReport) {
    let tmp = tempfile::tempdir().unwrap();
    let mut opts = BuildOptions::new(repo());
    opts.output = tmp.path().join("public");
    opts.strict = true;
    let report = build(&opts).expect("the flagship build starts");
    (tmp, report)
}

#[test]
fn flagship_builds_with_zero_errors_and_zero_warnings() {
    let (_tmp, report) = build_flagship();
    let all: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(all.is_empty(), "{} findings:\n{}", all.len(), all.join("\n"));
    assert!(report.written);
}

#[test]
fn every_flagship_page_is_translated_into_every_locale() {
    let root = repo().join("content");
    let sources: Vec<_> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().strip_prefix(&root).unwrap().to_string_lossy().to_string())
        .filter(|p| p.matches('.').count() == 1 && !p.starts_with("_snippets"))
        .collect();
    assert!(sources.len() >= 10, "{sources:?}");
    for src in &sources {
        for (code, _) in &LOCALES[1..] {
            let t = root.join(src.replace(".md", &format!(".{code}.md")));
            assert!(t.exists(), "{} has no {code} translation", src);
        }
    }
}

#[test]
fn each_locale_home_has_lang_and_dir() {
    let (tmp, _) = build_flagship();
    for (code, dir) in LOCALES {
        let path = if code == "en" { "index.html".to_string() } else { format!("{code}/index.html") };
        let html = std::fs::read_to_string(tmp.path().join("public").join(&path)).unwrap();
        assert_contains(&html, &format!("<html lang=\"{code}\" dir=\"{dir}\""));
    }
}
