//! `haven i18n mark-current`: records the source's current version in a translation's front
//! matter, byte for byte otherwise, and refuses files that are not translations.

use crate::common::{assert_contains, Site};
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn haven(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_haven")).args(["i18n", "mark-current", "--root", root.to_str().unwrap()]).args(args).output().expect("haven runs")
}

/// The hash of a source file, computed through the library.
fn hash_of(path: &Path) -> String {
    let p = haven::frontmatter::parse(&fs::read_to_string(path).unwrap()).unwrap();
    haven::translation::hash::source_hash(&p.front.title, &p.front.description, &p.body)
}

fn state(root: &Path, locale: &str, key: &str) -> String {
    let opts = haven::translation::status::Options { locale: Some(locale.into()), history: false };
    let report = haven::translation::status::status(root, &opts).unwrap();
    let item = report.locales[0].pages.items.iter().find(|i| i.key == key).unwrap();
    serde_json::to_value(item.state).unwrap().as_str().unwrap().to_string()
}

#[test]
fn replaces_a_stale_hash_and_changes_nothing_else() {
    let s = Site::fixture("i18n_status");
    let root = s.root();
    let before = fs::read_to_string(root.join("content/guide.es.md")).unwrap();
    assert_eq!(state(&root, "es", "guide.md"), "outdated");
    let out = haven(&root, &["content/guide.es.md"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_contains(&String::from_utf8_lossy(&out.stdout), "content/guide.es.md: marked current");
    let after = fs::read_to_string(root.join("content/guide.es.md")).unwrap();
    let new_hash = hash_of(&root.join("content/guide.md"));
    assert_eq!(after, before.replace("source_hash = \"06f93fa429a7\"", &format!("source_hash = \"{new_hash}\"")));
    assert_ne!(after, before);
    assert_eq!(state(&root, "es", "guide.md"), "current");
    // Running it again changes nothing.
    let again = haven(&root, &["content/guide.es.md"]);
    assert_contains(&String::from_utf8_lossy(&again.stdout), "already current");
    assert_eq!(fs::read_to_string(root.join("content/guide.es.md")).unwrap(), after);
}

#[test]
fn adds_the_hash_to_a_translation_without_one_through_the_library() {
    let s = Site::fixture("i18n_status");
    let root = s.root();
    let before = fs::read_to_string(root.join("content/guide.fr.md")).unwrap();
    assert_eq!(state(&root, "fr", "guide.md"), "unknown-version");
    let report = haven::translation::mark_current(&root, &[root.join("content/guide.fr.md")]).unwrap();
    assert_contains(&report, "still marked needs_review = true");
    let hash = hash_of(&root.join("content/guide.md"));
    let after = fs::read_to_string(root.join("content/guide.fr.md")).unwrap();
    assert_eq!(after, before.replace("needs_review = true\n", &format!("needs_review = true\nsource_hash = \"{hash}\"\n")));
    assert_eq!(state(&root, "fr", "guide.md"), "current");
}

#[test]
fn refuses_sources_orphans_and_unknown_files_and_writes_nothing() {
    let s = Site::fixture("i18n_status");
    let root = s.root();
    let before = fs::read_to_string(root.join("content/guide.es.md")).unwrap();
    let out = haven(&root, &["content/guide.es.md", "content/guide.md", "content/retired.es.md", "content/nope.es.md"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_contains(&err, "nothing was changed");
    assert_contains(&err, "content/guide.md: not a translation");
    assert_contains(&err, "content/retired.es.md: its source content/retired.md does not exist");
    assert_contains(&err, "content/nope.es.md: no such file");
    assert_eq!(fs::read_to_string(root.join("content/guide.es.md")).unwrap(), before, "a valid file in a failed run is left alone");
}

#[test]
fn marked_fixture_translations_match_their_sources() {
    // The fixtures' "current" translations were marked with this command; their hashes still hold.
    let root = crate::common::repo().join("tests/fixtures/i18n_fallback");
    for (tr, src) in [("_index.uk.md", "_index.md"), ("guide.ar.md", "guide.md")] {
        let p = haven::frontmatter::parse(&fs::read_to_string(root.join("content").join(tr)).unwrap()).unwrap();
        assert_eq!(p.front.source_hash.as_deref(), Some(hash_of(&root.join("content").join(src)).as_str()), "{tr}");
    }
}
