//! Branding without forking: `[brand]` (organisation, logo, stylesheet, colours checked for
//! contrast), `[extra]` reaching templates, page roles instead of magic file names, the footer's
//! publisher line, the favicon and the marks on untranslated menu entries.

use crate::common::{assert_contains, Site};
use std::process::Command;

fn haven_build(s: &Site) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_haven"))
        .args(["build", "--root", s.root().to_str().unwrap(), "--output", s.out().to_str().unwrap()])
        .output()
        .expect("haven runs")
}

#[test]
fn brand_colours_become_a_linked_stylesheet_after_the_themes() {
    let s = Site::fixture("brand_site").build().ok();
    let css = s.read("css/brand.css");
    assert_contains(&css, ":root{--accent:#5a2d82;--accent-text:#ffffff;--link:#5a2d82;--link-hover:#5a2d82;--bg:#fbfaf7;}");
    // A key set in one scheme only is written in the other with the theme's colour, so the light
    // link never shows on the dark background.
    assert_contains(
        &css,
        "@media (prefers-color-scheme:dark){:root{--accent:#d7b8f3;--accent-text:#1a1022;--link:#7fd3dc;--link-hover:#b5eaef;--bg:#1a1022;}}",
    );
    let html = s.read("index.html");
    let theme = html.find("href=\"/css/haven.css\"").expect("theme stylesheet");
    let brand = html.find("<link rel=\"stylesheet\" href=\"/css/brand.css\">").expect("brand stylesheet linked");
    let own = html.find("<link rel=\"stylesheet\" href=\"/css/site.css\">").expect("site stylesheet linked");
    assert!(theme < brand && brand < own, "order: theme, brand colours, the site's own");
    assert!(!html.contains("style=") && !html.contains("<style"), "no inline styles (the CSP forbids them)");
    assert_eq!(s.read("css/site.css"), ".site-title{letter-spacing:.01em}\n");
}

#[test]
fn a_site_without_brand_colours_gets_no_brand_stylesheet() {
    let s = Site::fixture("minimal").build().ok();
    assert!(!s.exists("css/brand.css"));
    assert!(!s.read("index.html").contains("brand.css"));
}

#[test]
fn the_logo_is_in_the_header_with_the_organisation_as_alt_text() {
    let s = Site::fixture("brand_site").build().ok();
    let html = s.read("es/index.html");
    assert_contains(&html, "<a class=\"site-title\" href=\"/es/\" aria-current=\"page\"><img class=\"site-title__logo\" src=\"/img/logo.svg\" alt=\"Safe Harbour Collective\" height=\"40\" decoding=\"async\">Brand</a>");
    assert!(s.exists("img/logo.svg"));
}

#[test]
fn contrast_below_the_minimum_is_an_error_naming_the_key_in_both_schemes() {
    let s = Site::fixture("brand_contrast");
    let out = haven_build(&s);
    assert_eq!(out.status.code(), Some(1), "the build must fail");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_contains(&err, "site.toml");
    assert_contains(&err, "key `brand.light.link`: link #aaaaaa on background #fbfaf7 has contrast 2.23:1, below the 4.5:1 text need (light scheme)");
    assert_contains(&err, "key `brand.dark.accent_text`: accent_text #6fc3cc on accent #7fd3dc has contrast 1.18:1, below the 4.5:1 text need (dark scheme)");
    assert!(!s.out().exists(), "nothing is written");
}

#[test]
fn an_accent_too_pale_for_controls_is_named_with_the_three_to_one_rule() {
    let s = Site::fixture("brand_contrast");
    let text = std::fs::read_to_string(s.root().join("site.toml")).unwrap();
    let text =
        text.replace("link = \"#aaaaaa\"", "accent = \"#b0b0b0\"\naccent_text = \"#000\"").replace("accent_text = \"#6fc3cc\"", "accent_text = \"#000\"");
    s.write("site.toml", &text);
    let err = String::from_utf8_lossy(&haven_build(&s).stderr).to_string();
    assert_contains(&err, "key `brand.light.accent`: accent #b0b0b0 on background #fbfaf7 has contrast 2.");
    assert_contains(&err, "below the 3:1 controls (button borders, focus ring) need (light scheme)");
    assert!(!err.contains("brand.dark"), "{err}");
}

#[test]
fn a_colour_that_is_not_hex_is_named() {
    let s = Site::fixture("brand_contrast");
    let text = std::fs::read_to_string(s.root().join("site.toml")).unwrap().replace("#aaaaaa", "pale grey");
    s.write("site.toml", &text);
    let err = String::from_utf8_lossy(&haven_build(&s).stderr).to_string();
    assert_contains(&err, "key `brand.light.link`: \"pale grey\" is not a colour; write #rgb or #rrggbb");
}

#[test]
fn a_missing_logo_or_stylesheet_is_an_error_naming_the_key() {
    for (key, file) in [("logo", "static/img/logo.svg"), ("stylesheet", "static/css/site.css")] {
        let s = Site::fixture("brand_site");
        std::fs::remove_file(s.root().join(file)).unwrap();
        let out = haven_build(&s);
        assert_eq!(out.status.code(), Some(1));
        assert_contains(&String::from_utf8_lossy(&out.stderr), &format!("key `brand.{key}`: there is no file {file} in the site or its theme"));
    }
    let s = Site::fixture("brand_site");
    let text = std::fs::read_to_string(s.root().join("site.toml")).unwrap().replace("img/logo.svg", "img/logo.gif");
    s.write("site.toml", &text);
    assert_contains(&String::from_utf8_lossy(&haven_build(&s).stderr), "key `brand.logo`: \"img/logo.gif\" must end in .svg or .png");
}

#[test]
fn site_and_page_extra_reach_templates() {
    let s = Site::fixture("brand_site").build().ok();
    let page = s.main("stay-safe/index.html");
    assert_contains(&page, "<p class=\"site-extra\">Site extra reaches templates</p>");
    assert_contains(&page, "<p class=\"page-extra\">Page extra reaches templates</p>");
    assert!(!s.main("find-help/index.html").contains("page-extra"));
}

#[test]
fn roles_not_file_names_find_the_help_safety_and_about_pages() {
    let s = Site::fixture("brand_site").build().ok();
    assert!(s.warnings().is_empty(), "{:?}", s.warnings());
    for (page, about) in [("index.html", "/who-we-are/"), ("es/index.html", "/es/quienes-somos/"), ("es/stay-safe/index.html", "/es/quienes-somos/")] {
        let html = s.read(page);
        let prefix = if page.starts_with("es/") { "/es" } else { "" };
        assert_contains(&html, &format!("<p class=\"help-now__more\"><a href=\"{prefix}/find-help/\">"));
        assert_contains(&html, &format!("<li><a href=\"{prefix}/stay-safe/\">"));
        assert_contains(&html, &format!("<a href=\"{about}\""));
    }
    let en = s.read("index.html");
    assert_contains(&en, "<p class=\"site-footer__publisher\">Published by Safe Harbour Collective <span aria-hidden=\"true\">·</span> <a href=\"/who-we-are/\">About this site</a></p>");
    assert_contains(&s.read("who-we-are/index.html"), "<a href=\"/who-we-are/\" aria-current=\"page\">About this site</a>");
    assert_contains(&s.read("es/index.html"), "Publicado por Safe Harbour Collective");
}

#[test]
fn a_site_without_help_or_safety_pages_is_warned_what_visitors_lose() {
    let s = Site::fixture("minimal").build().ok();
    let roles: Vec<String> = s.findings("role").iter().map(|d| d.to_string()).collect();
    assert_eq!(roles.len(), 2, "{roles:?}");
    assert!(roles.iter().all(|r| r.contains("warning")), "{roles:?}");
    assert!(roles.iter().any(|r| r.contains("no page has `role = \"help\"`") && r.contains("no link to all helplines")), "{roles:?}");
    assert!(roles.iter().any(|r| r.contains("no page has `role = \"safety\"`") && r.contains("how to hide their visit")), "{roles:?}");
    let html = s.read("index.html");
    assert!(!html.contains("site-footer__publisher"), "no organisation and no about page: no publisher line");
}

#[test]
fn a_file_named_get_help_without_the_role_is_not_linked() {
    let s = Site::fixture("minimal");
    s.write("content/get-help.md", "+++\ntitle = \"Get help\"\n+++\n\nText.\n");
    let s = s.build().ok();
    assert!(!s.read("index.html").contains("help-now__more"));
}

#[test]
fn two_pages_with_one_role_is_an_error_naming_both_files() {
    let s = Site::fixture("brand_site");
    s.write("content/more-help.md", "+++\ntitle = \"More help\"\nrole = \"help\"\n+++\n\nText.\n");
    let s = s.build();
    let errs: Vec<String> = s.findings("role").iter().map(|d| d.to_string()).collect();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].contains("content/more-help.md") && errs[0].contains("content/find-help.md") && errs[0].contains("error"), "{errs:?}");
}

#[test]
fn an_unknown_role_is_a_front_matter_error_with_its_line() {
    let s = Site::fixture("brand_site");
    s.write("content/who-we-are.md", "+++\ntitle = \"Who we are\"\nrole = \"contact\"\n+++\n\nText.\n");
    let s = s.build();
    let errs: Vec<String> = s.errors().iter().map(|d| d.to_string()).collect();
    assert!(errs.iter().any(|e| e.contains("content/who-we-are.md:3") && e.contains("contact")), "{errs:?}");
}

#[test]
fn untranslated_menu_entries_carry_their_languages_name() {
    let s = Site::fixture("brand_site").build().ok();
    let es = s.read("es/index.html");
    assert_contains(&es, "<a href=\"/es/find-help/\" lang=\"en\" dir=\"ltr\">Find help <span class=\"untranslated\">English</span></a>");
    assert_contains(&es, "<a href=\"/es/quienes-somos/\">Quiénes somos</a>");
}

#[test]
fn the_favicon_is_shipped_and_linked_so_no_page_asks_for_a_missing_file() {
    let s = Site::fixture("minimal").build().ok();
    assert!(s.read("favicon.svg").starts_with("<svg"));
    let ico = std::fs::read(s.out().join("favicon.ico")).unwrap();
    assert_eq!(&ico[..4], &[0, 0, 1, 0], "an ICO header");
    for page in s.html_files() {
        assert_contains(&s.read(&page), "<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">");
    }
}

#[test]
fn every_flagship_page_says_who_publishes_it_and_links_the_about_page() {
    let s = Site::flagship().build().ok();
    let pages = s.html_files();
    assert!(pages.len() > 50, "{pages:?}");
    let about = [("", "/about/"), ("es/", "/es/acerca-de/"), ("fr/", "/fr/a-propos/"), ("uk/", "/uk/pro-sait/"), ("ar/", "/ar/hawl-al-mawqi/")];
    for page in &pages {
        let html = s.read(page);
        let (_, url) = about.iter().rev().find(|(p, _)| page.starts_with(p)).unwrap();
        assert_contains(&html, "<p class=\"site-footer__publisher\">");
        assert!(html.contains("The Haven project"), "{page}: no publisher");
        assert!(html.contains(&format!("<a href=\"{url}\"")), "{page}: no link to {url}");
    }
    assert_contains(&s.main("about/index.html"), "demonstration campaign");
}

fn with_menu(menu: &str) -> Site {
    let s = Site::fixture("brand_site");
    let text = std::fs::read_to_string(s.root().join("site.toml")).unwrap();
    s.write("site.toml", &format!("{text}\n{menu}"));
    s
}

#[test]
fn a_listed_menu_replaces_the_top_level_pages_in_its_locale_only() {
    let s = with_menu("[[menu.es]]\npage = \"@/who-we-are.md\"\n\n[[menu.es]]\npage = \"@/find-help.md\"\nname = \"Ayuda\"\n\n[[menu.es]]\nurl = \"https://www.example.org/\"\nname = \"Otra web\"\n").build().ok();
    let es = s.read("es/quienes-somos/index.html");
    let nav = &es[es.find("<ul class=\"site-nav__list\"").unwrap()..];
    let nav = &nav[..nav.find("</ul>").unwrap()];
    assert_contains(nav, "<li><a href=\"/es/quienes-somos/\" aria-current=\"page\">Quiénes somos</a></li>");
    assert_contains(nav, "<li><a href=\"/es/find-help/\">Ayuda</a></li>");
    assert_contains(nav, "<li><a href=\"https://www.example.org/\">Otra web</a></li>");
    assert!(!nav.contains("stay-safe"), "only the listed entries: {nav}");
    assert!(nav.find("quienes-somos").unwrap() < nav.find("find-help").unwrap(), "in the listed order");
    // English keeps the default: top-level pages by weight.
    let en = s.read("index.html");
    assert!(en.find("href=\"/find-help/\"").unwrap() < en.find("href=\"/stay-safe/\"").unwrap());
}

#[test]
fn a_menu_entry_for_an_unknown_page_is_an_error_naming_the_key() {
    let s = with_menu("[[menu.en]]\npage = \"@/nowhere.md\"\n").build();
    let errs: Vec<String> = s.errors().iter().map(|d| d.to_string()).collect();
    assert!(errs.iter().any(|e| e.contains("site.toml") && e.contains("key `menu.en[0].page`: there is no content/nowhere.md")), "{errs:?}");
    assert!(!s.report().written);
}

#[test]
fn malformed_menus_are_configuration_errors_naming_the_key() {
    for (menu, needle) in [
        ("[[menu.de]]\npage = \"@/find-help.md\"\n", "key `menu.de`: \"de\" is not one of the configured locales"),
        ("[[menu.en]]\nurl = \"/x/\"\n", "key `menu.en[0].name`: an entry with `url` needs a name"),
        ("[[menu.en]]\nname = \"X\"\n", "key `menu.en[0]`: give `page"),
        ("[[menu.en]]\npage = \"find-help.md\"\n", "key `menu.en[0].page`: \"find-help.md\" must start with @/"),
        ("[[menu.en]]\nurl = \"javascript:alert(1)\"\nname = \"X\"\n", "key `menu.en[0].url`"),
    ] {
        let out = haven_build(&with_menu(menu));
        assert_eq!(out.status.code(), Some(1), "{menu}");
        assert_contains(&String::from_utf8_lossy(&out.stderr), needle);
    }
}

#[test]
fn footnotes_are_notes_under_a_heading_with_back_links_in_the_pages_language() {
    let s = Site::fixture("minimal");
    s.write("content/notes.md", "+++\ntitle = \"Notes\"\n+++\n\nFirst.[^b] Second.[^a] Again.[^b]\n\n[^a]: Note A.\n[^b]: Note B.\n");
    s.write("site.toml", &(std::fs::read_to_string(s.root().join("site.toml")).unwrap() + "\n[[locales]]\ncode = \"es\"\nname = \"Español\"\n"));
    s.write("content/notes.es.md", "+++\ntitle = \"Notas\"\n+++\n\nUno.[^1]\n\n[^1]: Nota.\n");
    let s = s.build().ok();
    let main = s.main("notes/index.html");
    // Numbered in reading order; only the first reference of a note carries the back link's target.
    assert_contains(&main, "First.<sup class=\"footnote-ref\"><a href=\"#fn-b\" id=\"fnref-b\">1</a></sup> Second.<sup class=\"footnote-ref\"><a href=\"#fn-a\" id=\"fnref-a\">2</a></sup> Again.<sup class=\"footnote-ref\"><a href=\"#fn-b\">1</a></sup>");
    assert_contains(&main, "<h2 id=\"notes-title\" class=\"footnotes__title\">Notes</h2>");
    let b = main.find("<li id=\"fn-b\">").expect("note b");
    let a = main.find("<li id=\"fn-a\">").expect("note a");
    assert!(b < a, "notes in the order they are referenced");
    assert_contains(&main, "<p>Note B. <a class=\"footnote-back\" href=\"#fnref-b\" aria-label=\"Back to the text\">↩</a></p>");
    let es = s.main("es/notes/index.html");
    assert_contains(&es, ">Notas</h2>");
    assert_contains(&es, "aria-label=\"Volver al texto\"");
    assert!(s.findings("broken-link").is_empty(), "the in-page anchors resolve: {:?}", s.findings("broken-link"));
}

#[test]
fn a_site_file_where_the_brand_colours_go_is_an_error_not_a_race() {
    let s = Site::fixture("brand_site");
    s.write("static/css/brand.css", "body{}\n");
    let out = haven_build(&s);
    assert_eq!(out.status.code(), Some(1));
    assert_contains(&String::from_utf8_lossy(&out.stderr), "key `brand`: static/css/brand.css is where Haven writes the [brand] colours");
}

#[test]
fn a_background_the_focus_ring_cannot_show_on_is_named() {
    let s = Site::fixture("brand_contrast");
    let text = std::fs::read_to_string(s.root().join("site.toml"))
        .unwrap()
        .replace("link = \"#aaaaaa\"", "background = \"#2a2a2a\"\ntext = \"#ffffff\"\nlink = \"#ffffff\"\naccent = \"#ffffff\"\naccent_text = \"#000\"");
    s.write("site.toml", &text);
    let err = String::from_utf8_lossy(&haven_build(&s).stderr).to_string();
    assert_contains(&err, "key `brand.light.background`: focus #1d2a2f on background #2a2a2a has contrast 1.");
}
