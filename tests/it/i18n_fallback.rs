//! Content fallback with the default theme: a page without a translation is published in every
//! locale with the source text under a translated notice, marked with the source's language,
//! canonical to the source and kept out of search engines; `fallback = false` leaves it out.

use crate::common::{assert_contains, Site};

/// The notice the theme shows, as the site's own strings word it in `locale`.
fn notice(s: &Site, locale: &str, language: &str) -> String {
    let config = haven::config::Config::load(&s.root()).unwrap();
    let (strings, _) = haven::i18n::load(&config);
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("language", language);
    let text = strings.get(locale, "fallback-notice", Some(&args));
    assert_ne!(text, "fallback-notice", "the theme's strings define the notice");
    format!("<p class=\"notice notice--fallback\">{}</p>", haven::markdown::escape(&text))
}

#[test]
fn fallback_page_shows_source_text_under_a_translated_notice() {
    let s = Site::fixture("i18n_fallback").build().ok();
    let page = s.read("uk/only-english/index.html");
    assert_contains(&page, "<html lang=\"uk\" dir=\"ltr\">");
    assert_contains(&page, &notice(&s, "uk", "Українська"));
    assert_contains(&page, "<article class=\"page\" lang=\"en\" dir=\"ltr\">");
    assert_contains(&page, "<h1>Only in English</h1>");
    assert_contains(&page, "<link rel=\"canonical\" href=\"https://fallback.example/only-english/\">");
    assert_contains(&page, "<meta name=\"robots\" content=\"noindex\">");
    assert!(!page.contains("hreflang=\"uk\" href=\"https://fallback.example/uk/only-english/\""), "a fallback is not an alternate");
}

#[test]
fn rtl_locale_marks_ltr_source_content_with_its_language() {
    let s = Site::fixture("i18n_fallback").build().ok();
    let page = s.read("ar/only-english/index.html");
    assert_contains(&page, "<html lang=\"ar\" dir=\"rtl\">");
    assert_contains(&page, &notice(&s, "ar", "العربية"));
    assert_contains(&page, "<article class=\"page\" lang=\"en\" dir=\"ltr\">");
    // The translated page is an ordinary page.
    let guide = s.read("ar/al-dalil/index.html");
    assert!(!guide.contains("notice--fallback") && !guide.contains("noindex"));
    assert_contains(&guide, "<article class=\"page\">");
}

#[test]
fn switcher_and_sitemap_say_which_pages_are_real_translations() {
    let s = Site::fixture("i18n_fallback").build().ok();
    let note = "<span class=\"languages__note\"";
    let en = s.read("only-english/index.html");
    assert_contains(&en, &format!("<a href=\"/uk/only-english/\" lang=\"uk\" hreflang=\"uk\" dir=\"ltr\">Українська {note}"));
    assert_contains(&en, &format!("<a href=\"/ar/only-english/\" lang=\"ar\" hreflang=\"ar\" dir=\"rtl\">العربية {note}"));
    assert!(!en.contains(&format!("English {note}")), "the source itself is not marked");
    let guide = s.read("uk/posibnyk/index.html");
    assert!(!guide.contains(note), "every locale has the guide");
    let xml = s.read("sitemap.xml");
    assert_contains(&xml, "<loc>https://fallback.example/uk/posibnyk/</loc>");
    assert!(!xml.contains("/uk/only-english/") && !xml.contains("/ar/only-english/"), "fallback pages are not in the sitemap");
    // Navigation in every locale is complete.
    assert_contains(&s.read("uk/index.html"), "href=\"/uk/only-english/\"");
}

#[test]
fn fallback_off_leaves_the_page_out_and_links_point_to_the_source() {
    let s = Site::fixture("i18n_fallback");
    let cfg = std::fs::read_to_string(s.root().join("site.toml")).unwrap();
    s.write("site.toml", &cfg.replace("default_locale = \"en\"\n", "default_locale = \"en\"\nfallback = false\n"));
    let s = s.build().ok();
    assert!(!s.exists("uk/only-english/index.html") && !s.exists("ar/only-english/index.html"));
    assert!(s.exists("only-english/index.html") && s.exists("uk/posibnyk/index.html"));
    let home = s.read("uk/index.html");
    assert_contains(&home, "<a href=\"/only-english/\">сторінку лише англійською</a>");
    assert!(!home.contains("/uk/only-english/"), "no link to an absent page");
    // The switcher on the source page sends Ukrainian readers to their home page, marked.
    assert_contains(&s.read("only-english/index.html"), "<a href=\"/uk/\" lang=\"uk\" hreflang=\"uk\" dir=\"ltr\">Українська <span class=\"languages__note\"");
}
