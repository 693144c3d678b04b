//! Reads a rendered page once and records what the checks need: ids, links, resources from
//! other origins, and the safety elements every page must carry. It uses the small tokenizer
//! of `htmltok`; tests check it against lol_html's reading of the same pages.

use crate::htmltok::{self, Tag};
#[cfg(test)]
use lol_html::{element, text, HtmlRewriter, Settings};
#[cfg(test)]
use std::cell::RefCell;

/// What one page holds.
#[derive(Debug, Default, PartialEq)]
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
    let mut out = PageScan::default();
    let mut style_text = String::new();
    htmltok::tokenize(html, |tag| visit(tag, origin, &mut out), |css| style_text.push_str(css));
    for u in css_urls(&style_text) {
        if is_external(&u, origin) {
            out.external.push(("<style> url()".to_string(), u));
        }
    }
    out
}

/// What one start tag adds, in the order of lol_html's handlers in `scan_lol`.
fn visit(tag: &Tag, origin: &str, out: &mut PageScan) {
    let get = |name: &str| tag.get(name).map(|v| html_escape::decode_html_entities(v).into_owned());
    let ext = |out: &mut PageScan, what: String, url: &str| {
        if is_external(url, origin) {
            out.external.push((what, url.to_string()));
        }
    };
    let t = tag.name.as_str();
    if let Some(id) = get("id") {
        out.ids.push(id);
    }
    if t == "a" {
        if let Some(n) = get("name") {
            out.ids.push(n);
        }
    }
    if t == "a" || t == "area" {
        if let Some(href) = get("href") {
            if tag.get("data-haven-exit").is_some() {
                out.exit_links.push(href.clone());
            }
            out.links.push(href);
        }
    }
    if t == "script" {
        match get("src") {
            Some(src) => ext(out, "<script src>".into(), &src),
            None if !get("type").unwrap_or_default().contains("json") => out.inline_scripts += 1,
            None => {}
        }
    }
    if t == "link" {
        if let Some(href) = get("href") {
            let rel = get("rel").unwrap_or_default().to_ascii_lowercase();
            if rel.split_whitespace().any(|r| FETCHING_RELS.contains(&r)) {
                ext(out, format!("<link rel=\"{rel}\">"), &href);
            }
        }
    }
    let media = matches!(t, "img" | "iframe" | "frame" | "embed" | "video" | "audio" | "source" | "track") || (t == "input" && tag.get("type") == Some("image"));
    if media {
        for name in ["src", "poster", "data-src"] {
            if let Some(v) = get(name) {
                ext(out, format!("<{t} {name}>"), &v);
            }
        }
        if let Some(set) = get("srcset") {
            for part in set.split(',') {
                if let Some(u) = part.split_whitespace().next() {
                    ext(out, format!("<{t} srcset>"), u);
                }
            }
        }
    }
    if t == "object" {
        if let Some(d) = get("data") {
            ext(out, "<object data>".into(), &d);
        }
    }
    if t == "form" {
        if let Some(a) = get("action") {
            ext(out, "<form action>".into(), &a);
        }
    }
    if let Some(style) = get("style") {
        for u in css_urls(&style) {
            ext(out, "style attribute url()".into(), &u);
        }
    }
    if t == "meta" {
        if get("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy")) {
            out.csp = get("content");
        }
        if tag.get("name") == Some("referrer") {
            out.referrer = get("content");
        }
    }
}

/// The same scan with lol_html, the reference the tokenizer is tested against.
#[cfg(test)]
fn scan_lol(html: &str, origin: &str) -> PageScan {
    let state = RefCell::new(PageScan::default());
    let ext = |what: &str, url: &str| {
        if is_external(url, origin) {
            state.borrow_mut().external.push((what.to_string(), url.to_string()));
        }
    };
    let handlers = vec![
        element!("[id]", |el| {
            if let Some(id) = attr(el, "id") {
                state.borrow_mut().ids.push(id);
            }
            Ok(())
        }),
        element!("a[name]", |el| {
            if let Some(n) = attr(el, "name") {
                state.borrow_mut().ids.push(n);
            }
            Ok(())
        }),
        element!("a[href], area[href]", |el| {
            let href = attr(el, "href").unwrap_or_default();
            if el.has_attribute("data-haven-exit") {
                state.borrow_mut().exit_links.push(href.clone());
            }
            state.borrow_mut().links.push(href);
            Ok(())
        }),
        element!("script", |el| {
            match attr(el, "src") {
                Some(src) => ext("<script src>", &src),
                None => {
                    let t = attr(el, "type").unwrap_or_default();
                    if !t.contains("json") {
                        state.borrow_mut().inline_scripts += 1;
                    }
                }
            }
            Ok(())
        }),
        element!("link[href]", |el| {
            let rel = attr(el, "rel").unwrap_or_default().to_ascii_lowercase();
            if rel.split_whitespace().any(|r| FETCHING_RELS.contains(&r)) {
                ext(&format!("<link rel=\"{rel}\">"), &attr(el, "href").unwrap_or_default());
            }
            Ok(())
        }),
        element!("img, iframe, frame, embed, video, audio, source, track, input[type=image]", |el| {
            let tag = el.tag_name();
            for name in ["src", "poster", "data-src"] {
                if let Some(v) = attr(el, name) {
                    ext(&format!("<{tag} {name}>"), &v);
                }
            }
            if let Some(set) = attr(el, "srcset") {
                for part in set.split(',') {
                    if let Some(u) = part.split_whitespace().next() {
                        ext(&format!("<{tag} srcset>"), u);
                    }
                }
            }
            Ok(())
        }),
        element!("object[data]", |el| {
            ext("<object data>", &attr(el, "data").unwrap_or_default());
            Ok(())
        }),
        element!("form[action]", |el| {
            ext("<form action>", &attr(el, "action").unwrap_or_default());
            Ok(())
        }),
        element!("[style]", |el| {
            for u in css_urls(&attr(el, "style").unwrap_or_default()) {
                ext("style attribute url()", &u);
            }
            Ok(())
        }),
        element!("meta[http-equiv]", |el| {
            if attr(el, "http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy")) {
                state.borrow_mut().csp = attr(el, "content");
            }
            Ok(())
        }),
        element!("meta[name=referrer]", |el| {
            state.borrow_mut().referrer = attr(el, "content");
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
#[cfg(test)]
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
    fn tokenizer_reads_tricky_pages_like_lol_html() {
        let pages = [
            r#"<!DOCTYPE html><html><head><META HTTP-EQUIV="content-security-policy" CONTENT="default-src 'self'"><meta name=referrer content=no-referrer>
<link rel="preload stylesheet" href="//cdn.example/x.css"><style>@import 'https://f.example/a.css'; p{background:url(/a.png)}</style>
<script type="application/ld+json">{"a":"<a href='/nope'>"}</script><script>var s = "</scr" + "ipt><a href=/no>";</script></head>
<body><!-- <a href="/commented"> --><a href="/a?x=1&amp;y=2#top" id=first name="n">a</a><AREA HREF='/b'>
<img src="https://img.example/a.png" srcset="https://img.example/a.png 1x, /b.png 2x" style="background:url('https://bg.example/x')">
<input type=image src="https://i.example/b.png"><textarea><a href="/in-textarea"></textarea><title>x</title>
<form action="https://post.example/"></form><object data="https://o.example/"></object><a href=/unquoted/ data-haven-exit>x</a>
<p id="">empty id</p><iframe src="/frame"><a href="/in-iframe"></iframe><a href="/end""#,
            "<a href='/x'/><a href=\"/y\"\n  id=\"z\"\n>",
            "<scriptx src='https://s.example/'></scriptx><a href=/after>",
        ];
        for html in pages {
            assert_eq!(scan(html, "https://x.org"), scan_lol(html, "https://x.org"), "{html}");
        }
    }

    #[test]
    fn tokenizer_reads_the_flagship_site_like_lol_html() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = tempfile::tempdir().unwrap();
        let mut opts = crate::BuildOptions::new(root);
        opts.output = out.path().join("public");
        let report = crate::build(&opts).unwrap();
        let dir = if report.written { opts.output.clone() } else { return };
        let mut n = 0;
        for e in walkdir::WalkDir::new(&dir).into_iter().filter_map(Result::ok).filter(|e| e.path().extension().is_some_and(|x| x == "html")) {
            let html = std::fs::read_to_string(e.path()).unwrap();
            assert_eq!(scan(&html, "https://haven.example.org"), scan_lol(&html, "https://haven.example.org"), "{}", e.path().display());
            n += 1;
        }
        assert!(n > 10);
    }

    #[test]
    fn own_origin_is_not_external() {
        assert!(!is_external("https://x.org/a.css", "https://x.org"));
        assert!(is_external("https://x.org.evil.com/a.css", "https://x.org"));
        assert!(!is_external("/a.css", "https://x.org"));
    }
}
