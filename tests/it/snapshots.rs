//! Snapshots of the `<main>` of representative pages, so that a change to the theme, the
//! Markdown rendering or the shortcodes shows as a reviewable diff (insta, `tests/it/snapshots/`).
//!
//! In CI (`CI` set, and `.ci/run` also sets `INSTA_UPDATE=no`) a changed or missing snapshot
//! fails the test and nothing is written. Locally a mismatch fails too and leaves a `.snap.new`
//! beside the snapshot: accept it with `cargo insta review` (or `INSTA_UPDATE=always`) once
//! the diff is what you meant.

use crate::common::Site;

/// The flagship site, built cleanly with a fixed date.
fn flagship() -> Site {
    Site::flagship().build().ok()
}

#[test]
fn flagship_home_page() {
    insta::assert_snapshot!(flagship().main("index.html"));
}

#[test]
fn flagship_article_with_toc_and_callout() {
    let s = flagship();
    let main = s.main("browse-safely/index.html");
    // What this snapshot is for: a table of contents and a rendered shortcode, no placeholder.
    assert!(main.contains("class=\"toc\"") && main.contains("callout"), "{main}");
    assert!(!main.contains("{%") && !main.contains("haven-shortcode"), "{main}");
    insta::assert_snapshot!(main);
}

#[test]
fn flagship_rtl_article() {
    let s = flagship();
    crate::common::assert_contains(&s.read("ar/al-tasaffuh-bi-aman/index.html"), "<html lang=\"ar\" dir=\"rtl\"");
    insta::assert_snapshot!(s.main("ar/al-tasaffuh-bi-aman/index.html"));
}

#[test]
fn flagship_not_found_page() {
    insta::assert_snapshot!(flagship().main("404.html"));
}

#[test]
fn flagship_search_page() {
    insta::assert_snapshot!(flagship().main("search/index.html"));
}

#[test]
fn tag_page() {
    let s = Site::fixture("tags").build().ok();
    insta::assert_snapshot!(s.main("tags/recovery/index.html"));
}

#[test]
fn multilingual_rtl_home_page() {
    let s = Site::fixture("multilingual").build().ok();
    insta::assert_snapshot!(s.main("ar/index.html"));
}
