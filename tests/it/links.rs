//! Link checking: broken pages and anchors are errors naming the source file and line.

use crate::common::Site;

#[test]
fn broken_links_and_anchors_name_file_and_line() {
    let s = Site::fixture("broken_link").build();
    assert!(!s.report().written);
    let d = s.findings("broken-link");
    let lines: Vec<(String, Option<usize>)> =
        d.iter().filter(|d| d.file.as_ref().unwrap().ends_with("content/page.md")).map(|d| (d.message.clone(), d.line)).collect();
    assert!(lines.iter().any(|(m, l)| m.contains("content/missing.md") && *l == Some(8)), "{lines:#?}");
    assert!(lines.iter().any(|(m, l)| m.contains("no-such-heading") && *l == Some(9)), "{lines:#?}");
    assert!(lines.iter().any(|(m, l)| m.contains("/nowhere/") && *l == Some(9)), "{lines:#?}");
    assert!(!lines.iter().any(|(m, _)| m.contains("#real-heading")), "a good anchor is fine: {lines:#?}");
}
