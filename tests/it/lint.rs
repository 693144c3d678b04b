//! The content lint: each rule fires with its file and line; --strict makes them errors.

use crate::common::Site;
use std::collections::BTreeSet;

fn at(s: &Site, rule: &str, file: &str) -> Vec<usize> {
    s.findings(rule).iter().filter(|d| d.file.as_ref().unwrap().ends_with(file)).map(|d| d.line.unwrap()).collect()
}

#[test]
fn each_rule_reports_file_and_line() {
    let s = Site::fixture("lint").build();
    assert!(s.report().written, "lint findings are warnings by default: {:?}", s.errors());
    assert_eq!(at(&s, "multiple-h1", "content/page.md"), vec![6]);
    assert_eq!(at(&s, "heading-skip", "content/page.md"), vec![10]);
    assert_eq!(at(&s, "img-alt", "content/page.md"), vec![12]);
    assert_eq!(at(&s, "link-text", "content/page.md"), vec![14], "\"aquí\" is not vague English");
    assert_eq!(at(&s, "table-header", "content/page.md"), vec![16]);
    assert_eq!(at(&s, "html-lang", "content/page.md"), vec![20]);
    // Vague link text in the page's own language.
    assert_eq!(at(&s, "link-text", "content/page.es.md"), vec![6]);
}

#[test]
fn strict_turns_lint_warnings_into_errors() {
    let lax = Site::fixture("lint").build();
    let warned: BTreeSet<(String, Option<usize>)> = lax.warnings().iter().filter(|d| d.rule.is_lint()).map(|d| (d.rule.to_string(), d.line)).collect();
    assert!(warned.len() >= 7, "{warned:?}");
    let s = Site::fixture("lint").build_with(|o| o.strict = true);
    assert!(!s.report().written);
    let errors: BTreeSet<(String, Option<usize>)> = s.errors().iter().map(|d| (d.rule.to_string(), d.line)).collect();
    assert!(warned.is_subset(&errors), "still warnings under --strict: {:?}", warned.difference(&errors).collect::<Vec<_>>());
}

/// Derived from the rule table: a lint rule added to `Rule` without a case in the fixture fails here.
#[test]
fn strict_makes_every_lint_rule_an_error() {
    let lints: Vec<haven::Rule> = haven::Rule::ALL.iter().copied().filter(|r| r.is_lint()).collect();
    assert!(!lints.is_empty());
    let plain = Site::fixture("lint").build();
    for r in &lints {
        assert!(plain.warnings().iter().any(|d| d.rule == *r), "the lint fixture has no `{r}` warning: add a case for it");
    }
    let strict = Site::fixture("lint").build_with(|o| o.strict = true);
    for r in &lints {
        assert!(strict.errors().iter().any(|d| d.rule == *r), "--strict left `{r}` a warning: {:?}", strict.warnings());
    }
    assert!(strict.warnings().iter().all(|d| !d.rule.is_lint()), "{:?}", strict.warnings());
}
