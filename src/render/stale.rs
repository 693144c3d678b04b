//! The notice on a translation whose source changed after it was last marked current: the
//! translation's `source_hash` differs from the source's hash now. Its date is the source's
//! `date` front matter, else the last git commit of the source file, else the file's
//! modification time (all the same between two builds of the same files).

use crate::config::LocaleId;
use crate::content::hash;
use crate::context::StaleCtx;
use crate::library::{GroupId, RouteKind};
use crate::site::Loaded;
use std::path::Path;

/// The notice for group `group` in `locale`, when that page is a translation that is out of date.
pub fn for_page(site: &Loaded, group: GroupId, id: LocaleId) -> Option<StaleCtx> {
    let config = &site.config;
    let route = site.lib.route(group, id)?;
    let locale = config.locale(id).code.as_str();
    if !config.stale_notice || route.kind != RouteKind::Translated || locale == config.default_locale {
        return None;
    }
    let tr = site.lib.source(route.source);
    let recorded = tr.front.source_hash.as_deref()?;
    let src = site.lib.source(*site.lib.group(group).sources.get(&config.default_locale)?);
    let body = crate::render::body::source_body(site, src).ok()?;
    if hash::source_hash(&src.front.title, &src.front.description, &body) == recorded {
        return None;
    }
    let lang = crate::render::context::lang(site, &src.locale);
    let date = src.date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_else(|| changed_on(&config.root, &src.file));
    let source_url = format!("{}{}", config.base_url, config.locale_id(&src.locale).and_then(|l| site.lib.route(group, l)).map_or("/", |r| r.url.as_str()));
    Some(StaleCtx {
        source_lang: lang.code.clone(),
        source_name: lang.name.clone(),
        source_dir: lang.dir,
        source_url,
        date_display: crate::dates::format_date(&date, locale),
        date,
    })
}

/// The day `file` (relative to `root`) last changed: its last commit in git, else its mtime (UTC).
fn changed_on(root: &Path, file: &Path) -> String {
    let git = std::process::Command::new("git").arg("-C").arg(root).args(["log", "-1", "--format=%cs", "--"]).arg(file).output();
    if let Ok(out) = git {
        let day = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if out.status.success() && day.len() == 10 {
            return day;
        }
    }
    let modified = std::fs::metadata(root.join(file)).and_then(|m| m.modified());
    modified.map(|t| chrono::DateTime::<chrono::Utc>::from(t).format("%Y-%m-%d").to_string()).unwrap_or_default()
}
