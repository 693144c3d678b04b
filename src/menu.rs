//! `[[menu.<locale>]]` in `site.toml`: a locale's main menu as the site lists it (pages by
//! `page = "@/x.md"`, other addresses by `url`); without a list, the top-level pages by weight.

use crate::context::NavItem;
use crate::diagnostics::Diagnostic;
use crate::library::Library;
use crate::site::Loaded;
use anyhow::{bail, Result};
use serde::Deserialize;
use std::collections::BTreeMap;

/// One entry as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MenuEntry {
    /// A content page, `@/get-help.md`.
    pub page: Option<String>,
    /// Any other address: `/search/` on this site, or `https://...`.
    pub url: Option<String>,
    /// The text shown; for a page, its `menu_title` or title when left out.
    pub name: Option<String>,
}

/// Locale code -> its menu.
pub type Menus = BTreeMap<String, Vec<MenuEntry>>;

/// Checks what can be checked without the content: known locales, one target per entry, a name for URLs.
pub fn validate(menus: &Menus, locales: &[&str]) -> Result<()> {
    for (code, entries) in menus {
        if !locales.contains(&code.as_str()) {
            bail!("key `menu.{code}`: {code:?} is not one of the configured locales");
        }
        for (i, e) in entries.iter().enumerate() {
            let key = format!("menu.{code}[{i}]");
            match (&e.page, &e.url) {
                (Some(_), Some(_)) => bail!("key `{key}`: give `page` or `url`, not both"),
                (None, None) => bail!("key `{key}`: give `page = \"@/x.md\"` or `url = \"...\"`"),
                (Some(p), None) if !p.starts_with("@/") => bail!("key `{key}.page`: {p:?} must start with @/ (a file below content/)"),
                (None, Some(u)) if !(u.starts_with('/') || u.starts_with("https://")) => bail!("key `{key}.url`: {u:?} must start with / or https://"),
                (None, Some(_)) if e.name.as_deref().is_none_or(|n| n.trim().is_empty()) => bail!("key `{key}.name`: an entry with `url` needs a name"),
                _ => {}
            }
        }
    }
    Ok(())
}

/// The group of a `page = "@/x.md"` target.
fn group_of(lib: &Library, page: &str) -> Option<usize> {
    lib.group_index(page.strip_prefix("@/")?.trim_start_matches('/'))
}

/// Menu pages that do not exist: errors in site.toml naming the key, as broken links are.
pub fn check_pages(menus: &Menus, lib: &Library) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (code, entries) in menus {
        for (i, e) in entries.iter().enumerate() {
            let Some(p) = &e.page else { continue };
            if group_of(lib, p).is_none() {
                let msg = format!("key `menu.{code}[{i}].page`: there is no content/{}", p.trim_start_matches("@/"));
                out.push(Diagnostic::error(crate::diagnostics::Rule::BrokenLink, msg).in_file("site.toml"));
            }
        }
    }
    out
}

/// The listed menu of `locale`; `chain` is the current page and its parents.
pub(crate) fn listed_menu(site: &Loaded, entries: &[MenuEntry], chain: &[usize], locale: &str) -> Vec<NavItem> {
    entries.iter().filter_map(|e| menu_item(site, e, chain, locale)).collect()
}

fn menu_item(site: &Loaded, e: &MenuEntry, chain: &[usize], locale: &str) -> Option<NavItem> {
    use crate::render::context as cx;
    let own = cx::lang(site, locale);
    let Some(page) = &e.page else {
        let url = e.url.clone()?;
        return Some(NavItem {
            title: e.name.clone().unwrap_or_default(),
            description: String::new(),
            url,
            active: false,
            lang: own.code.clone(),
            dir: own.dir,
        });
    };
    let g = group_of(&site.lib, page)?;
    let (route, s) = (site.lib.route(g, locale)?, site.lib.shown(g, locale)?);
    let (lang, dir) = match &e.name {
        Some(_) => (own.code.clone(), own.dir),
        None => cx::text_lang(site, s),
    };
    let title =
        e.name.clone().or_else(|| s.front.extra.get("menu_title").and_then(|v| v.as_str()).map(str::to_string)).unwrap_or_else(|| s.front.title.clone());
    Some(NavItem { title, description: s.front.description.clone(), url: site.config.public_url(&route.url), active: chain.contains(&g), lang, dir })
}
