//! A site large enough that its generated files are made in parallel pieces (the site map in
//! chunks of groups, tag pages page by page): the pieces come back in reading order, complete.

use crate::common::*;
use std::collections::BTreeSet;

const PAGES: usize = 700;

/// The multilingual fixture with `PAGES` dated pages under `bulk/`, every third translated into
/// Spanish; even pages are tagged `alpha`, odd ones `beta`.
fn bulk_site() -> Site {
    let s = Site::fixture("multilingual");
    for i in 0..PAGES {
        let tag = if i % 2 == 0 { "alpha" } else { "beta" };
        let front = |title: &str| format!("+++\ntitle = \"{title} {i}\"\ndate = 2026-01-{:02}\ntags = [\"{tag}\"]\n+++\nText {i}.\n", i % 28 + 1);
        s.write(&format!("content/bulk/p{i:04}.md"), &front("Page"));
        if i % 3 == 0 {
            s.write(&format!("content/bulk/p{i:04}.es.md"), &front("Página"));
        }
    }
    s
}

#[test]
fn sitemap_lists_every_translation_of_many_groups_in_reading_order() {
    let s = bulk_site().build().ok();
    let xml = s.read("sitemap.xml");
    let locs: Vec<&str> = xml.lines().filter_map(|l| l.trim().strip_prefix("<loc>")?.strip_suffix("</loc>")).filter(|u| u.contains("/bulk/")).collect();
    let expected: Vec<String> = (0..PAGES)
        .flat_map(|i| {
            let en = format!("https://multi.example/bulk/p{i:04}/");
            let es = (i % 3 == 0).then(|| format!("https://multi.example/es/bulk/p{i:04}/"));
            std::iter::once(en).chain(es)
        })
        .collect();
    assert_eq!(locs, expected);
    assert_eq!(xml.matches("<url>").count(), xml.matches("</url>").count());
    assert!(xml.ends_with("</urlset>\n"));
    assert_contains(&xml, "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://multi.example/bulk/p0699/\"/>");
}

#[test]
fn tag_pages_of_many_pages_list_exactly_the_pages_carrying_the_tag() {
    let s = bulk_site().build().ok();
    // Spanish shows its own translation or, on a fallback page, the English text and its tags.
    for (tag, parity, prefix) in [("alpha", 0, ""), ("beta", 1, ""), ("alpha", 0, "es/")] {
        let page = s.read(&format!("{prefix}tags/{tag}/index.html"));
        // The cards only: the menu lists every page of the home section.
        let cards = page.split_once("class=\"card-list\"").and_then(|(_, rest)| rest.split_once("</ul>")).map(|(c, _)| c).unwrap_or_default();
        let listed: BTreeSet<&str> =
            cards.match_indices("href=\"").filter_map(|(i, _)| cards[i + 6..].split('"').next()).filter(|h| h.contains("/bulk/p")).collect();
        let expected: Vec<String> = (0..PAGES).filter(|i| i % 2 == parity).map(|i| format!("/{prefix}bulk/p{i:04}/")).collect();
        assert_eq!(listed, expected.iter().map(String::as_str).collect(), "{prefix}tags/{tag}/");
    }
}
