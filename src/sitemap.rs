//! `sitemap.xml` with `xhtml:link` alternates for every translation, and `robots.txt`.

use crate::config::Config;
use crate::html::escape;
use crate::library::{GroupId, Library, RouteKind};
use std::fmt::Write as _;

/// The XML site map: every real translation, each listing its alternates. Written into one
/// string reserved up front (untouched capacity costs no memory), so a large map is never
/// copied into a bigger buffer nor held twice.
pub fn xml(config: &Config, lib: &Library) -> String {
    let base = escape(&config.base_url);
    let locales = config.locales.len();
    let mut out = String::with_capacity(lib.group_ids().count() * locales * (locales + 2) * (base.len() + 128) + 256);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for gi in lib.group_ids() {
        group_urls(&mut out, config, lib, &base, gi);
    }
    out.push_str("</urlset>\n");
    out
}

/// The `<url>` entries of one group: one per real translation. `base` is the escaped base URL.
fn group_urls(out: &mut String, config: &Config, lib: &Library, base: &str, gi: GroupId) {
    let real: Vec<(&str, String)> = config
        .locale_ids()
        .filter_map(|id| lib.route(gi, id).filter(|r| r.kind == RouteKind::Translated).map(|r| (config.locale(id).code.as_str(), escape(&r.url))))
        .collect();
    let lastmod = lib.shown(gi, config.default_locale_id()).and_then(|s| s.date);
    let x_default = real.iter().find(|(c, _)| *c == config.default_locale).map(|(_, d)| d);
    for (_, url) in &real {
        let _ = write!(out, "  <url>\n    <loc>{base}{url}</loc>\n");
        if let Some(date) = lastmod {
            let _ = writeln!(out, "    <lastmod>{date}</lastmod>");
        }
        if real.len() > 1 {
            for (code, alt) in &real {
                let _ = writeln!(out, "    <xhtml:link rel=\"alternate\" hreflang=\"{code}\" href=\"{base}{alt}\"/>");
            }
            if let Some(d) = x_default {
                let _ = writeln!(out, "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{base}{d}\"/>");
            }
        }
        out.push_str("  </url>\n");
    }
}

/// `robots.txt` pointing at the site map.
pub fn robots(config: &Config) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n", config.base_url)
}
