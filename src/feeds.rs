//! An Atom feed per locale of the dated pages (campaign news), newest first.

use crate::config::Config;
use crate::html::escape;
use crate::library::{Library, RouteKind};

/// The feed of `locale`, or `None` when feeds are off.
pub fn atom(config: &Config, lib: &Library, locale: &str, today: chrono::NaiveDate) -> Option<String> {
    if !config.feeds {
        return None;
    }
    let id = config.locale_id(locale)?;
    let loc = config.locale(id);
    let mut entries: Vec<(chrono::NaiveDate, &str, &crate::content::Source)> = lib
        .group_ids()
        .filter_map(|gi| {
            let r = lib.route(gi, id).filter(|r| r.kind == RouteKind::Translated)?;
            let s = lib.source(r.source);
            Some((s.date?, r.url.as_str(), s))
        })
        .collect();
    entries.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    entries.truncate(config.feed_limit);
    let base = &config.base_url;
    let prefix = config.locale_prefix(locale);
    let updated = entries.first().map(|e| e.0.to_string()).unwrap_or_else(|| today.format("%Y-%m-%d").to_string());
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{code}\">\n  <title>{title}</title>\n  <subtitle>{sub}</subtitle>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{base}{prefix}/atom.xml\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{base}{prefix}/\"/>\n  <id>{base}{prefix}/</id>\n  <updated>{updated}T00:00:00Z</updated>\n  <author><name>{title}</name></author>\n  <generator>Haven</generator>\n",
        code = escape(locale),
        title = escape(&loc.title),
        sub = escape(&loc.description),
    );
    for (date, url, s) in entries {
        out.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{base}{url}\"/>\n    <id>{base}{url}</id>\n    <published>{date}T00:00:00Z</published>\n    <updated>{date}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            escape(&s.front.title),
            escape(&s.front.description),
        ));
    }
    out.push_str("</feed>\n");
    Some(out)
}
