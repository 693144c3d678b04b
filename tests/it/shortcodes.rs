//! Shortcodes: help box, callout, content note and shared snippets, per locale.

use crate::common::{assert_contains, Site};

#[test]
fn shortcodes_render_in_place() {
    let s = Site::fixture("shortcodes").build().ok();
    let page = s.read("page/index.html");
    assert_contains(&page, "Test Helpline");
    assert_contains(&page, "<strong>careful</strong>");
    assert_contains(&page, "<details");
    assert_contains(&page, "This part describes violence.");
    assert_contains(&page, "This snippet is <strong>shared</strong>");
    assert!(!page.contains("haven-shortcode"), "no placeholder left");
}

#[test]
fn snippets_follow_the_page_locale() {
    let s = Site::fixture("shortcodes").build().ok();
    assert_contains(&s.read("es/page/index.html"), "Este fragmento está <strong>traducido</strong>");
}

#[test]
fn unknown_shortcode_and_unclosed_block_name_file_and_line() {
    let s = Site::fixture("shortcodes");
    s.write("content/bad.md", "+++\ntitle = \"Bad\"\n+++\n\n{{ nope() }}\n\n{% callout(kind=\"info\") %}\nnever closed\n");
    let s = s.build();
    let d = s.findings("shortcode");
    assert!(d.iter().any(|d| d.file.as_ref().unwrap().ends_with("content/bad.md") && d.line == Some(7)), "{d:?}");
}
