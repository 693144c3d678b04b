//! Visitor safety in the output: exit links, CSP and referrer on every page; no third parties.

use crate::common::{assert_contains, Site};

#[test]
fn every_page_in_every_locale_carries_exit_links_csp_and_referrer() {
    let s = Site::fixture("multilingual").build().ok();
    let pages = s.html_files();
    assert!(pages.len() >= 15, "{pages:?}");
    for p in &pages {
        let html = s.read(p);
        let exit = if p.starts_with("es/") { "https://tiempo.example/" } else { "https://weather.example/" };
        let exits = html.matches(&format!("href=\"{exit}\"")).count();
        assert!(exits >= 2, "{p}: {exits} exit links to {exit}");
        assert!(html.contains("rel=\"nofollow noreferrer\""), "{p}: exit links must not send a referrer");
        assert_contains(&html, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; script-src &#39;self&#39;");
        assert_contains(&html, "<meta name=\"referrer\" content=\"no-referrer\">");
    }
}

#[test]
fn exit_link_is_the_first_focusable_element() {
    let s = Site::fixture("minimal").build().ok();
    let html = s.read("index.html");
    let body = &html[html.find("<body").unwrap()..];
    let first = ["<a ", "<button", "<input", "<select", "<textarea", "tabindex="].iter().filter_map(|t| body.find(t)).min().expect("a focusable element");
    let exit = "<a class=\"skip-link exit-skip\" href=\"https://www.bbc.co.uk/weather\" rel=\"nofollow noreferrer\"";
    assert!(body[first..].starts_with(exit), "first focusable element: {}", &body[first..body.len().min(first + 200)]);
}

#[test]
fn third_party_resources_fail_the_build_naming_their_source() {
    let s = Site::fixture("third_party").build();
    assert!(!s.report().written);
    let d = s.findings("third-party");
    let msgs: Vec<String> = d.iter().map(|d| d.to_string()).collect();
    let font = d.iter().find(|d| d.message.contains("fonts.googleapis.com")).unwrap_or_else(|| panic!("{msgs:#?}"));
    assert!(font.file.as_ref().unwrap().ends_with("templates/page.html"), "{font}");
    assert!(d.iter().any(|d| d.message.contains("cdn.jsdelivr.net") && d.message.contains("<script src>")), "{msgs:#?}");
    let pixel = d.iter().find(|d| d.message.contains("tracker.example")).unwrap_or_else(|| panic!("{msgs:#?}"));
    assert!(pixel.file.as_ref().unwrap().ends_with("content/page.md"));
    assert_eq!(pixel.line, Some(8));
}

#[test]
fn a_theme_that_drops_the_exit_links_fails_the_build() {
    let s = Site::fixture("minimal");
    s.write("templates/page.html", "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1>{% endblock content %}");
    s.write("templates/partials/exit.html", "");
    let s = s.build();
    assert!(!s.findings("quick-exit").is_empty());
    assert!(!s.report().written);
}

#[test]
fn helplines_are_tel_and_sms_links_and_stale_entries_warn() {
    let s = Site::fixture("shortcodes").build().ok();
    let page = s.read("page/index.html");
    assert_contains(&page, "href=\"tel:+18883737888\"");
    assert_contains(&page, "1-888-373-7888");
    let stale = s.findings("helpline-stale");
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert!(stale[0].message.contains("old-line"));
}
