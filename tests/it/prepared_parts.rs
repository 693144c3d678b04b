//! Parts of the default theme rendered once per locale instead of on every page (the footer and
//! the header, `html.footer` and `html.header`) print exactly what the theme's partials print, and give way to a site's own
//! partial; a site's partial gets every variable it reads, though the default theme's pages
//! leave out of their context what they never read.

use crate::common::{assert_contains, Site};
use std::path::Path;

/// Every HTML file under `dir`, relative to it, sorted.
fn pages(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                out.push(path.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}

fn built_in(partial: &str) -> String {
    std::fs::read_to_string(crate::common::repo().join("themes/default/templates/partials").join(partial)).unwrap()
}

/// Unchanged copies of the footer and the header are included on every page as they are: the
/// pages are the same as with them rendered once per locale, the about page and the home pages
/// (their links marked current) too.
#[test]
fn the_footer_rendered_once_matches_the_partial_on_every_page() {
    let plain = Site::fixture("brand_site").build().ok();
    assert_contains(&plain.read("who-we-are/index.html"), "<a href=\"/who-we-are/\" aria-current=\"page\">About this site</a>");
    assert_contains(&plain.read("index.html"), "<bdi dir=\"ltr\">https://brand.example/</bdi></p>\n</div>\n</footer>\n");
    let copy = Site::fixture("brand_site");
    for partial in ["footer.html", "header.html"] {
        copy.write(&format!("templates/partials/{partial}"), &format!("{}{{# A site's copy: included on each page. #}}", built_in(partial)));
    }
    let copy = copy.build().ok();
    let names = pages(&plain.out());
    assert!(names.len() > 5, "{names:?}");
    assert_eq!(pages(&copy.out()), names);
    for page in &names {
        assert_eq!(copy.read(page), plain.read(page), "{page}");
    }
}

/// A site's own footer and header are the ones printed, and the footer reads variables (`translations`,
/// `alternates`, `nav`) that the default theme's own templates never read.
#[test]
fn a_sites_own_footer_is_used_with_every_variable_it_reads() {
    let own = Site::fixture("brand_site");
    let counts = "<p class=\"own-counts\">{{ translations | length }} {{ alternates | length }} {{ nav | length > 0 }}</p>\n</footer>";
    own.write("templates/partials/footer.html", &built_in("footer.html").replace("</footer>", counts));
    own.write("templates/partials/header.html", &built_in("header.html").replace("<header class=\"site-header\">", "<header class=\"site-header own\">"));
    let own = own.build().ok();
    for page in ["index.html", "es/index.html", "who-we-are/index.html"] {
        let html = own.read(page);
        assert_contains(&html, "<p class=\"own-counts\">2 3 true</p>\n</footer>");
        assert_contains(&html, "<header class=\"site-header own\">");
    }
}
