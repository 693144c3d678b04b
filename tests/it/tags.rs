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
