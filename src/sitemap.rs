//! `sitemap.xml` with `xhtml:link` alternates for every translation, and `robots.txt`.

use crate::config::Config;
use crate::html::escape;
use crate::library::{GroupId, Library, RouteKind};
use rayon::prelude::*;

/// The XML site map: every real translation, each listing its alternates. Written into one
/// string reserved up front (untouched capacity costs no memory), so a large map is never
/// copied into a bigger buffer nor held twice. Groups are made in parallel a wave at a time,
/// so at most a wave's text is held twice.
pub fn xml(config: &Config, lib: &Library) -> String {
    let base = escape(&config.base_url);
    let locales = config.locales.len();
    let groups: Vec<GroupId> = lib.group_ids().collect();
    let mut out = String::with_capacity(groups.len() * locales * (locales + 2) * (base.len() + 128) + 256);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for wave in groups.chunks(WAVE) {
        let pieces: Vec<String> = wave
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut piece = String::with_capacity(chunk.len() * locales * (locales + 2) * (base.len() + 96));
                chunk.iter().for_each(|&gi| group_urls(&mut piece, config, lib, &base, gi));
                piece
            })
            .collect();
        pieces.iter().for_each(|p| out.push_str(p));
    }
    out.push_str("</urlset>\n");
    out
}

/// Groups a thread makes in one go: enough to outweigh the hand-over.
const CHUNK: usize = 256;
/// Groups made between two appends to the map (a few MB of text at 5 locales).
const WAVE: usize = 16 * CHUNK;

/// The `<url>` entries of one group: one per real translation. `base` is the escaped base URL.
fn group_urls(out: &mut String, config: &Config, lib: &Library, base: &str, gi: GroupId) {
    let real: Vec<(&str, String)> = config
        .locale_ids()
        .filter_map(|id| lib.route(gi, id).filter(|r| r.kind == RouteKind::Translated).map(|r| (config.locale(id).code.as_str(), escape(&r.url))))
        .collect();
    let lastmod = lib.shown(gi, config.default_locale_id()).and_then(|s| s.date).map(|d| d.to_string());
    let x_default = real.iter().find(|(c, _)| *c == config.default_locale).map(|(_, d)| d);
    for (_, url) in &real {
        out.extend(["  <url>\n    <loc>", base, url, "</loc>\n"]);
        if let Some(date) = &lastmod {
            out.extend(["    <lastmod>", date, "</lastmod>\n"]);
        }
        if real.len() > 1 {
            for (code, alt) in &real {
                alternate(out, code, base, alt);
            }
            if let Some(d) = x_default {
                alternate(out, "x-default", base, d);
            }
        }
        out.push_str("  </url>\n");
    }
}

/// One `xhtml:link` line: the page in language `code` (or `x-default`) at `base` + `url`.
fn alternate(out: &mut String, code: &str, base: &str, url: &str) {
    out.extend(["    <xhtml:link rel=\"alternate\" hreflang=\"", code, "\" href=\"", base, url, "\"/>\n"]);
}

/// `robots.txt` pointing at the site map.
pub fn robots(config: &Config) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n", config.base_url)
}
