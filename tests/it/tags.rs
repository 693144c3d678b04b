//! Taxonomies: tag pages per locale, with tag names translated through Fluent.

use crate::common::{assert_contains, Site};

#[test]
fn tag_pages_exist_per_locale_with_translated_names() {
    let s = Site::fixture("tags");
    // The theme's built-in strings plus a translated tag name for Spanish.
    s.write("locales/es/site-tags.ftl", "tag-family-support = Apoyo familiar\n");
    let s = s.build().ok();
    let en = s.read("tags/recovery/index.html");
    assert_contains(&en, "href=\"/family/\"");
    assert_contains(&en, "href=\"/care/\"");
    assert_contains(&s.read("tags/index.html"), "href=\"/tags/family-support/\"");
    let es = s.read("es/tags/family-support/index.html");
    assert_contains(&es, "Apoyo familiar");
    assert_contains(&es, "href=\"/es/familias/\"");
    // The Spanish translation of family.md has no "Recovery" tag; care.md falls back to English and keeps it.
    let page = s.read("es/tags/recovery/index.html");
    let es_recovery = &page[page.find("<main").unwrap()..page.find("</main>").unwrap()];
    assert!(!es_recovery.contains("/es/familias/"), "{es_recovery}");
    assert_contains(es_recovery, "href=\"/es/care/\"");
}

#[test]
fn a_tag_only_one_locale_has_switches_to_the_other_locales_tag_lists() {
    let s = Site::fixture("tags").build().ok();
    let page = s.read("es/tags/solo-español/index.html");
    assert_contains(&page, "href=\"/tags/\" lang=\"en\"");
    assert!(!s.exists("tags/solo-español/index.html"));
}

/// The text of a page's `<title>`.
fn title(html: &str) -> &str {
    let start = html.find("<title>").expect("a <title>") + "<title>".len();
    &html[start..start + html[start..].find("</title>").expect("</title>")]
}

/// WCAG 2.4.2: every generated page says what it is in its `<title>`, not "Page not found".
#[test]
fn generated_pages_have_true_titles() {
    let s = Site::fixture("tags").build().ok();
    assert_eq!(title(&s.read("404.html")), "Page not found – Multi");
    assert_eq!(title(&s.read("search/index.html")), "Search this site – Multi");
    assert_eq!(title(&s.read("sitemap/index.html")), "Site map – Multi");
    assert_eq!(title(&s.read("tags/index.html")), "Topics – Multi");
    let tag = title(&s.read("tags/recovery/index.html")).to_string();
    assert!(tag.starts_with("Pages about “") && tag.contains("Recovery") && tag.ends_with("” – Multi"), "{tag}");
    assert_eq!(title(&s.read("es/search/index.html")), format!("{} – Multi ES", es_string(&s, "search-title")));
    assert_contains(&s.read("search/index.html"), "<meta property=\"og:title\" content=\"Search this site\">");
}

/// The Spanish interface string `key`, as the fixture's locale files have it.
fn es_string(s: &Site, key: &str) -> String {
    let ftl: String = std::fs::read_dir(s.root().join("locales/es")).unwrap().map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap()).collect();
    let line = ftl.lines().find(|l| l.starts_with(&format!("{key} ="))).expect("the string");
    line.split_once(" = ").unwrap().1.trim().to_string()
}

/// The default theme's cards and site map are made in Rust (`html.cards`, `html.tree`) only
/// while `partials/macros.html` is the theme's own: a site's copy of the macros is called as it
/// is, and an unchanged copy prints exactly what the Rust-made markup is.
#[test]
fn a_sites_own_card_macro_is_used_and_the_built_in_cards_match_it() {
    let built_in = std::fs::read_to_string(crate::common::repo().join("themes/default/templates/partials/macros.html")).unwrap();
    let plain = Site::fixture("tags").build().ok();
    let pages = ["index.html", "tags/recovery/index.html", "es/tags/family-support/index.html"];
    for page in pages {
        assert_contains(&plain.read(page), "<li class=\"card\"><h");
    }
    let own = Site::fixture("tags");
    own.write("templates/partials/macros.html", &built_in.replace("<li class=\"card\"", "<li class=\"card card--site\""));
    let own = own.build().ok();
    for page in pages {
        let html = own.read(page);
        assert_contains(&html, "<li class=\"card card--site\"><h");
        assert!(!html.contains("<li class=\"card\""), "{page}: {html}");
    }
    let copy = Site::fixture("tags");
    copy.write("templates/partials/macros.html", &format!("{built_in}\n{{#- A site's copy: the macros are then called. -#}}\n"));
    let copy = copy.build().ok();
    for page in pages.into_iter().chain(["sitemap/index.html", "es/sitemap/index.html"]) {
        assert_eq!(copy.read(page), plain.read(page), "{page}");
    }
}
