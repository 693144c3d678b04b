//! `sitemap.xml` with `xhtml:link` alternates for every translation, and `robots.txt`.

use crate::config::Config;
use crate::html::escape;
use crate::library::{Library, RouteKind};

/// The XML site map: every real translation, each listing its alternates.
pub fn xml(config: &Config, lib: &Library) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for gi in lib.group_ids() {
        let real: Vec<(&str, &str)> = config
            .locale_ids()
            .map(|id| (config.locale(id), id))
            .filter_map(|(l, id)| lib.route(gi, id).filter(|r| r.kind == RouteKind::Translated).map(|r| (l.code.as_str(), r.url.as_str())))
            .collect();
        for (_, url) in &real {
            out.push_str(&format!("  <url>\n    <loc>{}{}</loc>\n", escape(&config.base_url), escape(url)));
            if let Some(date) = lib.shown(gi, config.default_locale_id()).and_then(|s| s.date.as_ref()) {
                out.push_str(&format!("    <lastmod>{date}</lastmod>\n"));
            }
            if real.len() > 1 {
                for (code, alt) in &real {
                    out.push_str(&format!("    <xhtml:link rel=\"alternate\" hreflang=\"{code}\" href=\"{}{}\"/>\n", escape(&config.base_url), escape(alt)));
                }
                if let Some((_, d)) = real.iter().find(|(c, _)| *c == config.default_locale) {
                    out.push_str(&format!("    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}{}\"/>\n", escape(&config.base_url), escape(d)));
                }
            }
            out.push_str("  </url>\n");
        }
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt` pointing at the site map.
pub fn robots(config: &Config) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n", config.base_url)
}
