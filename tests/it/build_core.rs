//! The build core over fixture sites: output layout, URLs, translations, Markdown, sitemaps.

use crate::common::{assert_contains, Site};

#[test]
fn builds_minimal_site_with_pretty_urls() {
    let s = Site::fixture("minimal").build().ok();
    for f in [
        "index.html",
        "first/index.html",
        "guide/index.html",
        "guide/step/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "sitemap/index.html",
        "atom.xml",
        "css/haven.css",
        "js/haven.js",
    ] {
        assert!(s.exists(f), "{f} missing; have {:?}", s.html_files());
    }
    let home = s.read("index.html");
    assert_contains(&home, "<html lang=\"en\" dir=\"ltr\"");
    assert_contains(&home, "href=\"/first/\"");
    assert_contains(&home, "href=\"/guide/\"");
}

#[test]
fn renders_gfm_and_toc_and_resolves_relative_md_links() {
    let s = Site::fixture("minimal");
    s.write("content/long.md", "+++\ntitle = \"Long\"\n+++\n\n## First part\n\nA.\n\n### A detail\n\nB.\n\n## Second part\n\nC.\n\n## Third part\n\nD.\n");
    let s = s.build().ok();
    let long = s.main("long/index.html");
    let toc = &long[long.find("<nav class=\"toc\"").unwrap_or_else(|| panic!("no table of contents: {long}"))..];
    let toc = &toc[..toc.find("</nav>").unwrap()];
    for entry in [
        "<li><a href=\"#first-part\">First part</a>\n<ul>\n<li><a href=\"#a-detail\">A detail</a></li>\n</ul></li>",
        "<a href=\"#second-part\">Second part</a>",
        "<a href=\"#third-part\">Third part</a>",
    ] {
        assert_contains(toc, entry);
    }
    assert_contains(&long, "<h3 id=\"a-detail\">A detail</h3>");
    let step = s.read("guide/step/index.html");
    for needle in ["<table>", "<th>Column</th>", "<del>Old</del>", "“quoted”", "footnote", "<h2 id=\"details\">Details</h2>"] {
        assert_contains(&step, needle);
    }
    assert_contains(&s.read("first/index.html"), "href=\"/guide/step/#details\"");
}

#[test]
fn orders_section_pages_by_weight_then_title() {
    let s = Site::fixture("minimal").build().ok();
    let home = s.read("index.html");
    let guide = home.find("href=\"/guide/\"").unwrap();
    let first = home.find("href=\"/first/\"").unwrap();
    assert!(guide < first, "weight 1 (guide) must come before weight 2 (first)");
}

#[test]
fn every_locale_gets_its_prefix_direction_and_translated_slug() {
    let s = Site::fixture("multilingual").build().ok();
    assert_contains(&s.read("es/tratamiento/index.html"), "<html lang=\"es\" dir=\"ltr\"");
    let ar = s.read("ar/al-ilaj/index.html");
    assert_contains(&ar, "<html lang=\"ar\" dir=\"rtl\"");
    assert_contains(&ar, "id=\"الرعاية-الطبية\"");
    assert_contains(&s.read("ar/index.html"), "dir=\"rtl\"");
    // Internal links resolve in the page's own locale.
    assert_contains(&s.read("es/index.html"), "href=\"/es/tratamiento/\"");
    assert_contains(&s.read("ar/index.html"), "href=\"/ar/al-ilaj/\"");
}

#[test]
fn pages_carry_alternates_canonical_and_language_switcher() {
    let s = Site::fixture("multilingual").build().ok();
    let page = s.read("treatment/index.html");
    assert_contains(&page, "<link rel=\"canonical\" href=\"https://multi.example/treatment/\">");
    assert_contains(&page, "hreflang=\"es\" href=\"https://multi.example/es/tratamiento/\"");
    assert_contains(&page, "hreflang=\"ar\" href=\"https://multi.example/ar/al-ilaj/\"");
    assert_contains(&page, "hreflang=\"x-default\" href=\"https://multi.example/treatment/\"");
    assert_contains(&page, "<meta name=\"description\" content=\"Treatment page.\">");
    // Each language name in its own language, marked with lang.
    assert_contains(&page, "lang=\"ar\"");
    assert_contains(&page, "العربية");
    assert_contains(&page, "href=\"/es/tratamiento/\"");
}

#[test]
fn missing_translation_falls_back_with_notice_and_noindex() {
    let s = Site::fixture("multilingual").build().ok();
    let page = s.read("es/only-english/index.html");
    assert_contains(&page, "<html lang=\"es\"");
    assert_contains(&page, "noindex");
    assert_contains(&page, "lang=\"en\"");
    assert_contains(&page, "<link rel=\"canonical\" href=\"https://multi.example/only-english/\">");
    assert_contains(&page, "Not translated yet.");
    // Menus that show untranslated titles mark their language.
    assert_contains(&s.read("ar/index.html"), "<a href=\"/ar/only-english/\" lang=\"en\" dir=\"ltr\"");
}

#[test]
fn sitemap_lists_alternates_of_real_translations_only() {
    let s = Site::fixture("multilingual").build().ok();
    let xml = s.read("sitemap.xml");
    assert_contains(&xml, "<loc>https://multi.example/es/tratamiento/</loc>");
    assert_contains(&xml, "<xhtml:link rel=\"alternate\" hreflang=\"ar\" href=\"https://multi.example/ar/al-ilaj/\"/>");
    assert!(!xml.contains("/es/only-english/"), "fallback pages are not in the sitemap");
    assert_contains(&s.read("robots.txt"), "Sitemap: https://multi.example/sitemap.xml");
    assert!(s.exists("es/404.html") && s.exists("ar/404.html"));
}

#[test]
fn fallback_off_leaves_page_out_and_links_point_to_source() {
    let s = Site::fixture("multilingual");
    let cfg = std::fs::read_to_string(s.root().join("site.toml")).unwrap();
    s.write("site.toml", &cfg.replace("default_locale = \"en\"", "default_locale = \"en\"\nfallback = false"));
    let s = s.build().ok();
    assert!(!s.exists("es/only-english/index.html"));
    assert_contains(&s.read("es/index.html"), "href=\"/only-english/\"");
}

#[test]
fn default_locale_in_subdir_gets_a_root_chooser() {
    let s = Site::fixture("subdir_default").build().ok();
    assert!(s.exists("en/index.html") && s.exists("es/index.html"));
    let root = s.read("index.html");
    assert_contains(&root, "href=\"/en/\"");
    assert_contains(&root, "href=\"/es/\"");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let s = Site::fixture("minimal");
    s.write("content/draft.md", "+++\ntitle = \"Draft\"\ndraft = true\n+++\nSecret.\n");
    let s = s.build().ok();
    assert!(!s.exists("draft/index.html"));
    let s2 = Site::fixture("minimal");
    s2.write("content/draft.md", "+++\ntitle = \"Draft\"\ndraft = true\n+++\nSecret.\n");
    let s2 = s2.build_with(|o| o.drafts = true).ok();
    assert!(s2.exists("draft/index.html"));
}

#[test]
fn site_templates_override_theme_templates() {
    let s = Site::fixture("minimal");
    s.write("templates/404.html", "{% extends \"base.html\" %}{% block content %}<h1>Custom missing page</h1>{% endblock content %}");
    let s = s.build().ok();
    assert_contains(&s.read("404.html"), "Custom missing page");
}

#[test]
fn autoescapes_front_matter_in_templates() {
    let s = Site::fixture("minimal");
    s.write("content/x.md", "+++\ntitle = \"<script>alert(1)</script>\"\n+++\n");
    let s = s.build().ok();
    let page = s.read("x/index.html");
    assert!(!page.contains("<script>alert(1)</script>"));
    assert_contains(&page, "&lt;script&gt;");
}

#[test]
fn sharing_metadata_carries_title_locale_alternates_and_image() {
    let s = Site::fixture("multilingual");
    s.write(
        "content/treatment.es.md",
        &std::fs::read_to_string(s.root().join("content/treatment.es.md"))
            .unwrap()
            .replace("weight = 1\n", "weight = 1\n[extra]\nshare_image = \"/images/tratamiento.png\"\n"),
    );
    std::fs::create_dir_all(s.root().join("static/images")).unwrap();
    std::fs::write(s.root().join("static/images/tratamiento.png"), crate::common::TINY_PNG).unwrap();
    let s = s.build().ok();
    let es = s.read("es/tratamiento/index.html");
    assert_contains(&es, "<meta property=\"og:title\" content=\"Tratamiento\">");
    assert_contains(&es, "<meta property=\"og:locale\" content=\"es\">");
    assert_contains(&es, "<meta property=\"og:locale:alternate\" content=\"ar\">");
    assert_contains(&es, "<meta property=\"og:image\" content=\"https://multi.example/images/tratamiento.png\">");
    assert_contains(&es, "<meta name=\"twitter:card\" content=\"summary_large_image\">");
    assert!(!s.read("treatment/index.html").contains("og:image"), "no image unless one is set");
}

/// The root language chooser takes its direction from the default locale, not a hard-coded ltr.
#[test]
fn root_chooser_of_an_rtl_default_locale_is_rtl() {
    let s = Site::fixture("rtl_root").build().ok();
    assert_contains(&s.read("index.html"), "<html lang=\"ar\" dir=\"rtl\">");
    assert_contains(&s.read("ar/index.html"), "<html lang=\"ar\" dir=\"rtl\">");
}

#[test]
fn locale_ids_name_configured_locales_with_the_default_first() {
    let tmp = tempfile::tempdir().unwrap();
    let text = "title = \"T\"\nbase_url = \"https://x.org/\"\ndefault_locale = \"es\"\n[[locales]]\ncode = \"en\"\nname = \"English\"\n[[locales]]\ncode = \"es\"\nname = \"Español\"\n";
    let config = haven::config::Config::parse(tmp.path(), text).unwrap();
    let codes: Vec<&str> = config.locale_ids().map(|id| config.locale(id).code.as_str()).collect();
    assert_eq!(codes, ["es", "en"]);
    assert_eq!(config.locale_id("es"), Some(config.default_locale_id()));
    let en = config.locale_id("en").expect("en is configured");
    assert_eq!(config.locale(en).name, "English");
    assert_eq!(config.locale_id("fr"), None);
}
