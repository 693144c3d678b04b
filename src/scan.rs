//! Reads a rendered page once and records what the checks need: ids, links, image references,
//! resources from other origins, and the safety elements every page must carry. It uses the small tokenizer
//! of `htmltok`; tests check it against lol_html's reading of the same pages.

use crate::htmltok::{self, Tag};
#[cfg(test)]
use lol_html::{element, text, HtmlRewriter, Settings};
use std::borrow::Cow;
#[cfg(test)]
use std::cell::RefCell;
use url::Url;

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
    /// The `href` of a `<base>` on the site's own origin (one elsewhere is in `external`): it
    /// changes where every relative URL of the page goes, so it is reported too.
    pub base: Option<String>,
    pub csp: Option<String>,
    pub referrer: Option<String>,
    pub inline_scripts: usize,
    /// The images the page loads, as [`crate::images::refs::in_page`] finds them.
    pub images: Vec<String>,
    /// What the page-weight budget counts, decoded, in page order: `<img src>`, `<video poster>`,
    /// `<script src>`, style sheets and the CSS `url()`s of `style` attributes and `<style>`.
    pub loads: Vec<String>,
}

impl PageScan {
    /// True when the checks will point at the source line of something on the page (a request
    /// to another origin, a `<base>`), so the page's body is worth reading back.
    pub fn has_findings_with_lines(&self) -> bool {
        !self.external.is_empty() || self.base.is_some()
    }
}

/// Link relations that make the browser fetch something (or connect ahead of time).
const FETCHING_RELS: &[&str] =
    &["stylesheet", "icon", "preconnect", "dns-prefetch", "preload", "prefetch", "modulepreload", "manifest", "prerender", "apple-touch-icon"];

/// Elements whose `src`, `poster`, `data-src` and `srcset` are loaded with the page.
const MEDIA: &[&str] = &["img", "iframe", "frame", "embed", "video", "audio", "source", "track"];

/// SVG elements whose `href` / `xlink:href` the browser fetches (`<image>` is also HTML's `<img>`).
const SVG_FETCHING: &[&str] = &["image", "use", "feimage", "script"];

/// Scans `html`; `origin` is the site's own (`https://example.org`).
pub fn scan(html: &str, origin: &str) -> PageScan {
    scan_at(html, url::Url::parse(origin).ok().as_ref())
}

fn scan_at(html: &str, base: Option<&Url>) -> PageScan {
    let mut out = PageScan::default();
    let mut style_text = String::new();
    htmltok::tokenize(html, |tag| visit(tag, base, &mut out), |css| style_text.push_str(css));
    finish(&style_text, base, &mut out);
    out
}

/// Adds what the page's `<style>` text loads, and drops `data:` and empty image references.
fn finish(style_text: &str, base: Option<&Url>, out: &mut PageScan) {
    css_refs(style_text, "<style>", base, out);
    let urls = css_urls(style_text);
    out.images.extend(urls.iter().cloned());
    out.loads.extend(urls);
    out.images.retain(|u| !u.starts_with("data:") && !u.is_empty());
}

/// Records each reference of `css` that leaves the site, labelled `<where> url()` and so on.
fn css_refs(css: &str, place: &str, base: Option<&Url>, out: &mut PageScan) {
    for (construct, u) in css_references(css) {
        if leaves(&u, base) {
            out.external.push((format!("{place} {construct}"), u));
        }
    }
}

/// The attributes the checks read, raw, found in one pass over a tag's attributes (the first of
/// each name counts, as in browsers): a tag then costs one comparison per attribute instead of
/// one search of its attributes per name the checks ask about.
#[derive(Default)]
struct Known<'a> {
    id: Option<&'a str>,
    name: Option<&'a str>,
    href: Option<&'a str>,
    xlink_href: Option<&'a str>,
    exit: Option<&'a str>,
    src: Option<&'a str>,
    kind: Option<&'a str>,
    http_equiv: Option<&'a str>,
    content: Option<&'a str>,
    style: Option<&'a str>,
    background: Option<&'a str>,
    poster: Option<&'a str>,
    data_src: Option<&'a str>,
    srcset: Option<&'a str>,
    data: Option<&'a str>,
    action: Option<&'a str>,
    formaction: Option<&'a str>,
    ping: Option<&'a str>,
    rel: Option<&'a str>,
    imagesrcset: Option<&'a str>,
    srcdoc: Option<&'a str>,
    /// Whether any of the above is there: a tag with none (`<div class>`) adds nothing.
    any: bool,
}

impl<'a> Known<'a> {
    fn of(tag: &Tag<'a>) -> Known<'a> {
        let mut k = Known::default();
        for (name, value) in &tag.attrs {
            let slot = match name.as_ref() {
                "id" => &mut k.id,
                "name" => &mut k.name,
                "href" => &mut k.href,
                "xlink:href" => &mut k.xlink_href,
                "data-haven-exit" => &mut k.exit,
                "src" => &mut k.src,
                "type" => &mut k.kind,
                "http-equiv" => &mut k.http_equiv,
                "content" => &mut k.content,
                "style" => &mut k.style,
                "background" => &mut k.background,
                "poster" => &mut k.poster,
                "data-src" => &mut k.data_src,
                "srcset" => &mut k.srcset,
                "data" => &mut k.data,
                "action" => &mut k.action,
                "formaction" => &mut k.formaction,
                "ping" => &mut k.ping,
                "rel" => &mut k.rel,
                "imagesrcset" => &mut k.imagesrcset,
                "srcdoc" => &mut k.srcdoc,
                _ => continue,
            };
            k.any = true;
            slot.get_or_insert(value);
        }
        k
    }
}

/// A raw attribute value with character references decoded, without a copy when it has none.
/// Most values have no `&`; html_escape would still walk them a character at a time.
fn decoded(value: &str) -> Cow<'_, str> {
    if memchr::memchr(b'&', value.as_bytes()).is_none() {
        return Cow::Borrowed(value);
    }
    html_escape::decode_html_entities(value)
}

/// [`decoded`], owned.
fn owned(value: Option<&str>) -> Option<String> {
    value.map(|v| decoded(v).into_owned())
}

/// What one start tag adds. `scan_lol` feeds lol_html's reading of the same tags through it.
fn visit(tag: &Tag, base: Option<&Url>, out: &mut PageScan) {
    // Most tags (`<p>`, `<li>`, `<div class>`) carry no attribute a check reads: only a bare
    // `<script>` counts then.
    if tag.attrs.is_empty() && tag.name != "script" {
        return;
    }
    let a = Known::of(tag);
    if !a.any && tag.name != "script" {
        return;
    }
    record_parts(tag, &a, out);
    crate::images::refs::tag_refs(tag, &mut out.images);
    record_loads(tag, &a, &mut out.loads);
    requests(tag, &a, base, &mut out.external);
    if tag.name == "iframe" {
        if let Some(doc) = owned(a.srcdoc) {
            for (what, u) in scan_at(&doc, base).external {
                out.external.push((format!("<iframe srcdoc> {what}"), u));
            }
        }
    }
    if tag.name == "base" {
        match owned(a.href) {
            Some(href) if leaves(&href, base) => out.external.push(("<base href>".into(), href)),
            Some(href) => out.base = Some(href),
            None => {}
        }
    }
    if let Some(style) = a.style.map(decoded) {
        css_refs(&style, "style attribute", base, out);
    }
}

/// What one start tag adds to the page's weight: its image, poster, script or style sheet, then
/// the `url()`s of its `style` attribute.
fn record_loads(tag: &Tag, a: &Known, loads: &mut Vec<String>) {
    let wanted = match tag.name.as_str() {
        "img" | "script" => a.src,
        "video" => a.poster,
        "link" if a.rel.map(decoded).is_some_and(|r| r.split_whitespace().any(|r| r.eq_ignore_ascii_case("stylesheet"))) => a.href,
        _ => None,
    };
    loads.extend(owned(wanted));
    if let Some(style) = a.style.map(decoded) {
        loads.extend(css_urls(&style));
    }
}

/// Ids, links, exit links, inline scripts and the safety `<meta>`s of one tag.
fn record_parts(tag: &Tag, a: &Known, out: &mut PageScan) {
    let t = tag.name.as_str();
    out.ids.extend(owned(a.id));
    if t == "a" {
        out.ids.extend(owned(a.name));
    }
    if t == "a" || t == "area" {
        // Following a link is the visitor's choice, so links are not requests (a `ping` is).
        if let Some(href) = owned(a.href) {
            if a.exit.is_some() {
                out.exit_links.push(href.clone());
            }
            out.links.push(href);
        }
    }
    let svg_script = a.href.is_some() || a.xlink_href.is_some();
    if t == "script" && a.src.is_none() && !svg_script && !a.kind.map(decoded).unwrap_or_default().contains("json") {
        out.inline_scripts += 1;
    }
    if t == "meta" {
        if a.http_equiv.map(decoded).is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy")) {
            out.csp = owned(a.content);
        }
        if a.name == Some("referrer") {
            out.referrer = owned(a.content);
        }
    }
}

/// (construct, URL) of everything this tag makes the browser request or go to by itself on
/// another origin than `base`'s, appended to `external` (`<iframe srcdoc>`, `<base>` and `style`
/// are handled by `visit`).
fn requests(tag: &Tag, a: &Known, base: Option<&Url>, external: &mut Vec<(String, String)>) {
    let t = tag.name.as_str();
    let mut add = |what: &dyn Fn() -> String, url: &str| {
        if leaves(url, base) {
            external.push((what(), url.to_string()));
        }
    };
    let media = MEDIA.contains(&t) || (t == "input" && a.kind.is_some_and(|v| v.eq_ignore_ascii_case("image")));
    let none = (None, None, None);
    let (src, poster, data_src) = if media { (a.src, a.poster, a.data_src) } else { none };
    let own = match t {
        "script" => a.src,
        "object" => a.data,
        "form" => a.action,
        "button" | "input" => a.formaction,
        _ => None,
    };
    let own_name = match t {
        "script" => "src",
        "object" => "data",
        "form" => "action",
        _ => "formaction",
    };
    let (href, xlink_href) = if SVG_FETCHING.contains(&t) { (a.href, a.xlink_href) } else { (None, None) };
    let named =
        [("background", a.background), ("src", src), ("poster", poster), ("data-src", data_src), (own_name, own), ("href", href), ("xlink:href", xlink_href)];
    for (name, value) in named {
        if let Some(url) = value.map(decoded) {
            add(&|| format!("<{t} {name}>"), &url);
        }
    }
    if media {
        for u in srcset_urls(&a.srcset.map(decoded).unwrap_or_default()) {
            add(&|| format!("<{t} srcset>"), u);
        }
    }
    if t == "a" || t == "area" {
        for u in a.ping.map(decoded).unwrap_or_default().split_whitespace() {
            add(&|| format!("<{t} ping>"), u);
        }
    }
    if t == "link" {
        let rel = a.rel.map(decoded).unwrap_or_default().to_ascii_lowercase();
        if rel.split_whitespace().any(|r| FETCHING_RELS.contains(&r)) {
            if let Some(href) = a.href.map(decoded) {
                add(&|| format!("<link rel=\"{rel}\">"), &href);
            }
            for u in srcset_urls(&a.imagesrcset.map(decoded).unwrap_or_default()) {
                add(&|| format!("<link rel=\"{rel}\" imagesrcset>"), u);
            }
        }
    }
    if t == "meta" && a.http_equiv.map(decoded).is_some_and(|v| v.eq_ignore_ascii_case("refresh")) {
        if let Some(target) = refresh_target(&a.content.map(decoded).unwrap_or_default()) {
            add(&|| "<meta http-equiv=\"refresh\">".into(), target);
        }
    }
}

/// The URLs of a `srcset` (`a.png 1x, b.png 2x`).
fn srcset_urls(set: &str) -> impl Iterator<Item = &str> {
    set.split(',').filter_map(|part| part.split_whitespace().next())
}

/// Where `<meta http-equiv="refresh" content="5; url='x'">` sends the browser, if anywhere.
fn refresh_target(content: &str) -> Option<&str> {
    let (_, rest) = content.split_once([';', ','])?;
    let rest = rest.trim_start();
    let rest = if rest.len() >= 3 && rest[..3].eq_ignore_ascii_case("url") {
        rest[3..].trim_start().strip_prefix('=').unwrap_or(&rest[3..]).trim_start()
    } else {
        rest
    };
    let target = rest.trim_matches(['"', '\'']).trim();
    (!target.is_empty()).then_some(target)
}

/// The same scan with lol_html's reading of the tags, the reference the tokenizer is tested against.
#[cfg(test)]
fn scan_lol(html: &str, origin: &str) -> PageScan {
    let base = url::Url::parse(origin).ok();
    let state = RefCell::new(PageScan::default());
    let style_text = RefCell::new(String::new());
    let handlers = vec![
        element!("*", |el| {
            let attrs: Vec<(String, String)> = el.attributes().iter().map(|a| (a.name().to_ascii_lowercase(), a.value())).collect();
            let tag = Tag { name: el.tag_name().to_ascii_lowercase(), attrs: attrs.iter().map(|(n, v)| (Cow::Borrowed(n.as_str()), v.as_str())).collect() };
            visit(&tag, base.as_ref(), &mut state.borrow_mut());
            Ok(())
        }),
        text!("style", |t| {
            style_text.borrow_mut().push_str(t.as_str());
            Ok(())
        }),
    ];
    let mut rewriter = HtmlRewriter::new(Settings { element_content_handlers: handlers, ..Settings::new() }, |_: &[u8]| {});
    // lol_html only fails on memory limits or handler errors; ours return Ok.
    let _ = rewriter.write(html.as_bytes());
    let _ = rewriter.end();
    let mut out = state.into_inner();
    finish(&style_text.borrow(), base.as_ref(), &mut out);
    out
}

/// True for URLs that make the browser contact another origin than `origin`: `https://other/`,
/// protocol-relative `//other/`, and what browsers read the same way (`/\other/`, `http:other`).
pub fn is_external(url: &str, origin: &str) -> bool {
    leaves(url, url::Url::parse(origin).ok().as_ref())
}

/// [`is_external`] against a parsed origin: resolves `url` as a browser would (WHATWG rules)
/// and compares origins. `data:`, `mailto:` and other schemes that fetch nothing stay.
fn leaves(url: &str, base: Option<&Url>) -> bool {
    let Some(base) = base else { return false };
    let url = url.trim();
    if stays_by_its_form(url) {
        return false;
    }
    match base.join(url) {
        Ok(u) => matches!(u.scheme(), "http" | "https" | "ws" | "wss" | "ftp") && u.origin() != base.origin(),
        Err(_) => false,
    }
}

/// True for a URL that WHATWG rules resolve against the site's http(s) base without leaving its
/// origin: no scheme (no `:`), no space or control character (a tab or newline inside is dropped,
/// which can make `//`), and not starting `//`, `/\` or `\` (browsers may read another host
/// there): a path, query or fragment. It spares the URL parser the site's own links and files.
fn stays_by_its_form(url: &str) -> bool {
    let b = url.as_bytes();
    let other_host = b.starts_with(b"//") || b.starts_with(b"/\\") || b.starts_with(b"\\");
    !other_host && b.iter().all(|&c| c > b' ' && c != b':')
}

/// URLs in CSS `url(...)` and `@import "..."`.
pub fn css_urls(css: &str) -> Vec<String> {
    css_references(css).into_iter().map(|(_, u)| u).collect()
}

/// (construct, URL) of each reference in CSS: `url(...)`, `@import "..."` and the bare strings
/// of `image-set(...)` (the `url()`s inside it are found as `url()`).
fn css_references(css: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    // Every construct needs a `(` or an `@`; most `style` attributes (`text-align: left`) have neither.
    if memchr::memchr2(b'(', b'@', css.as_bytes()).is_none() {
        return out;
    }
    let lower = css.to_ascii_lowercase();
    for (i, _) in lower.match_indices("url(") {
        let rest = &css[i + 4..];
        if let Some(end) = rest.find(')') {
            out.push(("url()", rest[..end].trim().trim_matches(['"', '\'']).to_string()));
        }
    }
    for (i, _) in lower.match_indices("@import") {
        let rest = css[i + 7..].trim_start();
        if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            if let Some(end) = rest[1..].find(q) {
                out.push(("@import", rest[1..1 + end].to_string()));
            }
        }
    }
    for (i, _) in lower.match_indices("image-set(") {
        out.extend(top_level_strings(&css[i + "image-set(".len()..]).into_iter().map(|s| ("image-set()", s)));
    }
    out
}

/// The quoted strings directly inside a parenthesis whose content starts `css`, up to its close.
fn top_level_strings(css: &str) -> Vec<String> {
    let b = css.as_bytes();
    let (mut out, mut depth, mut i) = (Vec::new(), 1, 0);
    while i < b.len() {
        match b[i] {
            b'(' => depth += 1,
            b')' if depth == 1 => break,
            b')' => depth -= 1,
            q @ (b'"' | b'\'') => {
                let end = css[i + 1..].find(q as char).map_or(css.len(), |e| i + 1 + e);
                if depth == 1 {
                    out.push(css[i + 1..end].to_string());
                }
                i = end;
            }
            _ => {}
        }
        i += 1;
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
        assert_eq!(s.images, crate::images::refs::in_page(html), "one pass finds the images the image check's own pass finds");
        assert_eq!(s.images, vec!["/local.png", "//img.example.com/a.png"]);
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
            r#"<meta http-equiv=Refresh content="0; URL='https://r.example/'"><base href="//b.example/"><link rel=dns-prefetch href="//d.example">
<a href="https://ok.example/" ping="https://p.example/ /local"><svg><image xlink:href="https://i.example/a.png"/><use href="https://u.example/s.svg#i"/>
<filter><feImage href="https://f.example/x.png"/></filter><script href="https://sv.example/s.js"></script></svg><table background="https://bg.example/t.png">
<iframe srcdoc="&lt;img src=&quot;https://sd.example/x.png&quot;&gt;"></iframe><embed src="https://e.example/"><video poster="https://v.example/p.jpg"><track src="https://t.example/a.vtt"></video>
<div style="background-image: image-set('https://is.example/a.png' 1x, url(https://is2.example/b.png) 2x)"></div><button formaction="https://fa.example/">x</button>"#,
            // The first of two attributes of one name counts; capitals and `&` in names and values.
            r#"<a HREF="/first&amp;x" href="/second" ID=one id=two Data-Haven-Exit>x</a><div class=c style="text-align:left"></div>
<img SRC="https://one.example/a.png" src="https://two.example/b.png"><td style="TEXT-ALIGN:right;background:URL(https://bg.example/u.png)"></td>
<meta NAME=referrer name=other CONTENT="no-referrer"><input TYPE=IMAGE src="https://in.example/i.png" formaction="https://fa.example/">"#,
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
    fn every_request_to_another_origin_is_found_and_links_are_not() {
        let html = r#"<meta http-equiv="refresh" content="0;url=https://other.example/r"><base href="https://base.example/">
<link rel="preconnect" href="https://pc.example"><link rel="prerender" href="/local/"><link rel="alternate" href="https://alt.example/">
<a href="https://nav.example/" ping="//ping.example/p">go</a><svg><image href="https://img.example/i.png"/><use xlink:href="//use.example/s.svg#a"/>
<feImage href="https://fe.example/f.png"/><script href="https://svgs.example/s.js"></script></svg><object data="https://obj.example/o"></object>
<embed src="https://emb.example/e"><iframe srcdoc="<p style='background:url(https://sd.example/b.png)'>x</p>"></iframe>
<video poster="https://poster.example/p.jpg"><track src="https://track.example/t.vtt"></video><input type="IMAGE" src="https://inp.example/i.png">
<form action="https://form.example/post"></form><td background="https://bgattr.example/b.png"></td><img src="/\slash.example/x.png" alt="">
<style>@import "https://imp.example/a.css"; p{background:image-set("https://set.example/a.png" 1x, "/local.png" 2x)}</style>"#;
        let s = scan(html, "https://x.org");
        let hosts: Vec<String> =
            s.external.iter().map(|(_, u)| Url::parse("https://x.org").unwrap().join(u).unwrap().host_str().unwrap_or_default().to_string()).collect();
        let want =
            ["other", "base", "pc", "ping", "img", "use", "fe", "svgs", "obj", "emb", "sd", "poster", "track", "inp", "form", "bgattr", "slash", "imp", "set"];
        assert_eq!(hosts, want.iter().map(|h| format!("{h}.example")).collect::<Vec<_>>(), "{:#?}", s.external);
        assert!(s.external.iter().any(|(w, _)| w == "<iframe srcdoc> style attribute url()"), "{:#?}", s.external);
        assert_eq!(s.inline_scripts, 0, "an SVG script with href is not inline");
    }

    #[test]
    fn loads_are_what_the_page_weight_counts() {
        let html = r#"<link rel="Preload StyleSheet" href="/a.css?v=1&amp;x"><link rel="icon" href="/f.png"><script src="/j.js"></script>
<img src="/i.png#original" style="background:url(/bg.png)"><picture><source srcset="/s.webp"></picture><video poster="/p.jpg"></video>
<script type="text/plain">"<img src='/in-script.png'>"</script><style>p{background:url('/st.png')}</style>"#;
        assert_eq!(scan(html, "https://x.org").loads, ["/a.css?v=1&x", "/j.js", "/i.png#original", "/bg.png", "/p.jpg", "/st.png"]);
    }

    #[test]
    fn urls_spared_the_parser_are_the_ones_it_keeps_on_the_site() {
        let base = Url::parse("https://x.org/es/").unwrap();
        let urls = [
            "/a", "a/b", "../../c", "?q", "#f", "/%2F%2Fx", "\\\\h/x", "/\\h/x", "//h/x", "/\t/h", "a\nb", "a:b", "mailto:x", "/é", "./:x", " /a", "\\a",
            "%2F%2Fh", "///h", "/..//h", "..//h", "\u{7f}/x",
        ];
        for u in urls {
            if stays_by_its_form(u) {
                let joined = base.join(u).unwrap();
                assert_eq!(joined.origin(), base.origin(), "{u:?}");
            }
        }
        assert!(stays_by_its_form("/a/b.css") && stays_by_its_form("x.png") && !stays_by_its_form("//cdn/x"));
    }

    #[test]
    fn refresh_targets() {
        assert_eq!(refresh_target("0;url=https://a.example/"), Some("https://a.example/"));
        assert_eq!(refresh_target("5; URL = 'https://a.example/'"), Some("https://a.example/"));
        assert_eq!(refresh_target("30"), None);
    }

    #[test]
    fn own_origin_is_not_external() {
        assert!(!is_external("https://x.org/a.css", "https://x.org"));
        assert!(is_external("https://x.org.evil.com/a.css", "https://x.org"));
        assert!(!is_external("/a.css", "https://x.org"));
        assert!(is_external("//cdn.example/a.css", "https://x.org"));
        assert!(is_external("/\\cdn.example/a.css", "https://x.org"), "browsers read /\\ as //");
        assert!(is_external("HTTP:cdn.example/a.css", "https://x.org"));
        assert!(is_external(" https://cdn.example", "https://x.org"));
        assert!(!is_external("data:image/png;base64,AAAA", "https://x.org"));
        assert!(!is_external("https://x.org:443/a", "https://x.org"));
        assert!(is_external("/\t/cdn.example/a.css", "https://x.org"), "a tab inside is dropped, leaving //");
        assert!(is_external("\\\\cdn.example/a.css", "https://x.org"));
        for local in ["/a.css", "a/b.png", "../c.png", "?q=1", "#top", "/caf%C3%A9/", "/é/"] {
            assert!(!is_external(local, "https://x.org"), "{local}");
        }
    }
}
