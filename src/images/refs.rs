//! Every image a page or a style sheet asks for: `<img src>`, `srcset` (also on `<picture>
//! <source>`), `<video poster>`, `<input type=image>`, SVG `<image href>` and CSS `url()` in
//! `<style>`, `style` attributes and the theme's and site's `.css` files. The local ones are
//! checked against the output like links.

use crate::htmltok::{self, Tag};
use std::collections::HashSet;

/// Elements whose `src` / `srcset` / `poster` is an image the page loads.
const IMAGE_ELEMENTS: &[&str] = &["img", "source", "video", "input", "image"];

/// The URLs of the images `html` loads, as written (decoded), on this site or elsewhere.
/// A build takes them from its one reading of the page (`scan::PageScan::images`).
pub fn in_page(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut css = String::new();
    htmltok::tokenize(html, |t| tag_refs(t, &mut out), |s| css.push_str(s));
    out.extend(crate::scan::css_urls(&css));
    out.retain(|u| !u.starts_with("data:") && !u.is_empty());
    out
}

fn attr(tag: &Tag, name: &str) -> Option<String> {
    tag.get(name).map(|v| html_escape::decode_html_entities(v).into_owned())
}

/// The images one start tag loads (its `style` attribute's too), appended to `out`.
pub(crate) fn tag_refs(tag: &Tag, out: &mut Vec<String>) {
    if let Some(style) = attr(tag, "style") {
        out.extend(crate::scan::css_urls(&style));
    }
    let t = tag.name.as_str();
    if !IMAGE_ELEMENTS.contains(&t) || (t == "input" && !tag.get("type").is_some_and(|v| v.eq_ignore_ascii_case("image"))) {
        return;
    }
    let names: &[&str] = match t {
        "video" => &["poster"],
        "image" => &["href", "xlink:href"],
        "source" => &["srcset"],
        _ => &["src", "srcset"],
    };
    for n in names {
        let Some(v) = attr(tag, n) else { continue };
        if n.ends_with("srcset") {
            out.extend(v.split(',').filter_map(|p| p.split_whitespace().next()).map(str::to_string));
        } else {
            out.push(v.trim().to_string());
        }
    }
}

/// (line, URL) of each local `url()` of the style sheet published at `sheet_url` whose file is
/// not among `files` (output paths such as `/img/a.png`).
pub fn missing_in_css(css: &str, sheet_url: &str, files: &HashSet<String>) -> Vec<(usize, String)> {
    let dir = &sheet_url[..sheet_url.rfind('/').map_or(0, |i| i + 1)];
    let mut out = Vec::new();
    for u in crate::scan::css_urls(css) {
        if u.is_empty() || u.starts_with("data:") || u.starts_with('#') || u.contains(':') || u.starts_with("//") {
            continue;
        }
        let path = u.split(['?', '#']).next().unwrap_or("");
        let joined = if path.starts_with('/') { path.to_string() } else { format!("{dir}{path}") };
        let target = super::srcset::normalise_path(&crate::urlpath::percent_decode(&joined));
        if !files.contains(&target) {
            let line = css.find(u.as_str()).map_or(1, |i| css[..i].matches('\n').count() + 1);
            out.push((line, u));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_kind_of_image_reference() {
        let html = r#"<img src="/a.jpg" srcset="/a-480w.jpg 480w, /a.jpg 900w"><picture><source srcset="/b.webp"></picture><video poster="/p.png"></video><div style="background:url('/bg.png')"></div><style>p{background:url(/s.png)}</style><img src="data:image/png;base64,AA">"#;
        assert_eq!(in_page(html), vec!["/a.jpg", "/a-480w.jpg", "/a.jpg", "/b.webp", "/p.png", "/bg.png", "/s.png"]);
    }

    #[test]
    fn css_files_resolve_against_their_own_folder() {
        let files = HashSet::from(["/img/ok.png".to_string()]);
        let css = "a{background:url(../img/ok.png)}\nb{background:url(\"../img/gone.png\")}";
        assert_eq!(missing_in_css(css, "/css/site.css", &files), vec![(2, "../img/gone.png".to_string())]);
    }
}
