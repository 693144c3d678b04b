//! Parts of the default theme rendered once per locale instead of on every page (the footer,
//! `html.footer`) print exactly what the theme's partial prints, and give way to a site's own
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

fn built_in_footer() -> String {
    std::fs::read_to_string(crate::common::repo().join("themes/default/templates/partials/footer.html")).unwrap()
}

/// An unchanged copy of the footer is included on every page as it is: the pages are the same
/// as with the footer rendered once per locale, the about page (its link marked current) too.
#[test]
fn the_footer_rendered_once_matches_the_partial_on_every_page() {
    let plain = Site::fixture("brand_site").build().ok();
    assert_contains(&plain.read("who-we-are/index.html"), "<a href=\"/who-we-are/\" aria-current=\"page\">About this site</a>");
    assert_contains(&plain.read("index.html"), "<bdi dir=\"ltr\">https://brand.example/</bdi></p>\n</div>\n</footer>\n");
    let copy = Site::fixture("brand_site");
    copy.write("templates/partials/footer.html", &format!("{}{{# A site's copy: included on each page. #}}", built_in_footer()));
    let copy = copy.build().ok();
    let names = pages(&plain.out());
    assert!(names.len() > 5, "{names:?}");
    assert_eq!(pages(&copy.out()), names);
    for page in &names {
        assert_eq!(copy.read(page), plain.read(page), "{page}");
    }
}

/// A site's own footer is the one printed, and reads variables (`translations`, `alternates`,
/// `nav`) that the default theme's own templates never read.
#[test]
fn a_sites_own_footer_is_used_with_every_variable_it_reads() {
    let own = Site::fixture("brand_site");
    let counts = "<p class=\"own-counts\">{{ translations | length }} {{ alternates | length }} {{ nav | length > 0 }}</p>\n</footer>";
    own.write("templates/partials/footer.html", &built_in_footer().replace("</footer>", counts));
    let own = own.build().ok();
    for page in ["index.html", "es/index.html", "who-we-are/index.html"] {
        assert_contains(&own.read(page), "<p class=\"own-counts\">2 3 true</p>\n</footer>");
    }
}
