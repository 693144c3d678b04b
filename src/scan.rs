//! Reads a rendered page once (lol_html) and records what the checks need: ids, links,
//! resources from other origins, and the safety elements every page must carry.

use lol_html::{element, text, HtmlRewriter, Settings};
use std::cell::RefCell;

/// What one page holds.
#[derive(Debug, Default)]
pub struct PageScan {
    pub ids: Vec<String>,
    /// `href`s of `<a>` and `<area>`.
    pub links: Vec<String>,
    /// (element or CSS construct, URL) of resources loaded from another origin.
    pub external: Vec<(String, String)>,
    /// `href`s of links marked `data-haven-exit`.
    pub exit_links: Vec<String>,
    pub csp: Option<String>,
    pub referrer: Option<String>,
    pub inline_scripts: usize,
}

/// Link relations that make the browser fetch something.
const FETCHING_RELS: &[&str] = &["stylesheet", "icon", "preconnect", "dns-prefetch", "preload", "prefetch", "modulepreload", "manifest", "prerender", "apple-touch-icon"];

/// Scans `html`; `origin` is the site's own (`https://example.org`).
pub fn scan(html: &str, origin: &str) -> PageScan {
    let state = RefCell::new(PageScan::default());
    let ext = |what: &str, url: &str| {
        if is_external(url, origin) {
            state.borrow_mut().external.push((what.to_string(), url.to_string()));
        }
    };
    let handlers = vec![
        element!("[id]", |el| {
            if let Some(id) = attr(&el, "id") {
                state.borrow_mut().ids.push(id);
            }
            Ok(())
        }),
        element!("a[name]", |el| {
            if let Some(n) = attr(&el, "name") {
                state.borrow_mut().ids.push(n);
            }
            Ok(())
        }),
        element!("a[href], area[href]", |el| {
            let href = attr(&el, "href").unwrap_or_default();
            if el.has_attribute("data-haven-exit") {
                state.borrow_mut().exit_links.push(href.clone());
            }
            state.borrow_mut().links.push(href);
            Ok(())
        }),
        element!("script", |el| {
            match attr(&el, "src") {
                Some(src) => ext("<script src>", &src),
                None => {
                    let t = attr(&el, "type").unwrap_or_default();
                    if !t.contains("json") {
                        state.borrow_mut().inline_scripts += 1;
                    }
                }
            }
            Ok(())
        }),
        element!("link[href]", |el| {
            let rel = attr(&el, "rel").unwrap_or_default().to_ascii_lowercase();
            if rel.split_whitespace().any(|r| FETCHING_RELS.contains(&r)) {
                ext(&format!("<link rel=\"{rel}\">"), &attr(&el, "href").unwrap_or_default());
            }
            Ok(())
        }),
        element!("img, iframe, frame, embed, video, audio, source, track, input[type=image]", |el| {
            let tag = el.tag_name();
            for name in ["src", "poster", "data-src"] {
                if let Some(v) = attr(&el, name) {
                    ext(&format!("<{tag} {name}>"), &v);
                }
            }
            if let Some(set) = attr(&el, "srcset") {
                for part in set.split(',') {
                    if let Some(u) = part.split_whitespace().next() {
                        ext(&format!("<{tag} srcset>"), u);
                    }
                }
            }
            Ok(())
        }),
        element!("object[data]", |el| {
            ext("<object data>", &attr(&el, "data").unwrap_or_default());
            Ok(())
        }),
        element!("form[action]", |el| {
            ext("<form action>", &attr(&el, "action").unwrap_or_default());
            Ok(())
        }),
        element!("[style]", |el| {
            for u in css_urls(&attr(&el, "style").unwrap_or_default()) {
                ext("style attribute url()", &u);
            }
            Ok(())
        }),
        element!("meta[http-equiv]", |el| {
            if attr(&el, "http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy")) {
                state.borrow_mut().csp = attr(&el, "content");
            }
            Ok(())
        }),
        element!("meta[name=referrer]", |el| {
            state.borrow_mut().referrer = attr(&el, "content");
            Ok(())
        }),
    ];
    let style_text = RefCell::new(String::new());
    let mut all = handlers;
    let text_handlers = vec![text!("style", |t| {
        style_text.borrow_mut().push_str(t.as_str());
        Ok(())
    })];
    let _ = &mut all;
    let mut rewriter = HtmlRewriter::new(
        Settings { element_content_handlers: all.into_iter().chain(text_handlers).collect(), ..Settings::new() },
        |_: &[u8]| {},
    );
    // lol_html only fails on memory limits or handler errors; ours return Ok.
    let _ = rewriter.write(html.as_bytes());
    let _ = rewriter.end();
    for u in css_urls(&style_text.borrow()) {
        ext("<style> url()", &u);
    }
    state.into_inner()
}

/// An attribute's value with character references decoded (lol_html gives the raw text).
fn attr(el: &lol_html::html_content::Element, name: &str) -> Option<String> {
    el.get_attribute(name).map(|v| html_escape::decode_html_entities(&v).into_owned())
}

/// True for URLs that leave `origin`: `https://other`, `//other`.
pub fn is_external(url: &str, origin: &str) -> bool {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    if lower.starts_with("//") {
        return !format!("https:{lower}").starts_with(&origin.to_ascii_lowercase()) && !format!("http:{lower}").starts_with(&origin.to_ascii_lowercase());
    }
    if lower.starts_with("http://") || lower.starts_with("https://") {
        let o = origin.to_ascii_lowercase();
        return !(lower == o || lower.starts_with(&format!("{o}/")) || lower.starts_with(&format!("{o}?")) || lower.starts_with(&format!("{o}#")));
    }
    false
}

/// URLs in CSS `url(...)` and `@import "..."`.
pub fn css_urls(css: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = css.to_ascii_lowercase();
    for (i, _) in lower.match_indices("url(") {
        let rest = &css[i + 4..];
        if let Some(end) = rest.find(')') {
            out.push(rest[..end].trim().trim_matches(['"', '\'']).to_string());
        }
    }
    for (i, _) in lower.match_indices("@import") {
        let rest = css[i + 7..].trim_start();
        if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            if let Some(end) = rest[1..].find(q) {
                out.push(rest[1..1 + end].to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_external_resources_and_safety_parts() {
        let html = r#"<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'self'">
<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto"><link rel="alternate" href="https://x.org/es/">
<script src="https://cdn.example.com/lib.js"></script><style>body{background:url("//img.example.com/a.png")}</style></head>
<body><a data-haven-exit href="https://weather.example">Exit</a><h2 id="a">A</h2><img src="/local.png" alt="x">
<a href="https://elsewhere.org">an ordinary link</a></body></html>"#;
        let s = scan(html, "https://x.org");
        let urls: Vec<&str> = s.external.iter().map(|(_, u)| u.as_str()).collect();
        assert_eq!(urls, vec!["https://fonts.googleapis.com/css?family=Roboto", "https://cdn.example.com/lib.js", "//img.example.com/a.png"]);
        assert_eq!(s.exit_links, vec!["https://weather.example"]);
        assert_eq!(s.ids, vec!["a"]);
        assert!(s.csp.is_some());
    }

    #[test]
    fn own_origin_is_not_external() {
        assert!(!is_external("https://x.org/a.css", "https://x.org"));
        assert!(is_external("https://x.org.evil.com/a.css", "https://x.org"));
        assert!(!is_external("/a.css", "https://x.org"));
    }
}
