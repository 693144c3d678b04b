//! `[[menu.<locale>]]` in `site.toml`: a locale's main menu as the site lists it (pages by
//! `page = "@/x.md"`, other addresses by `url`); without a list, the top-level pages by weight.

use crate::context::NavItem;
use crate::diagnostics::Diagnostic;
use crate::library::Library;
use crate::render::RenderEnv;
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
                out.push(Diagnostic::error("broken-link", msg).in_file("site.toml"));
            }
        }
    }
    out
}

impl RenderEnv<'_> {
    /// The listed menu of `locale`; `chain` is the current page and its parents.
    pub(crate) fn listed_menu(&self, entries: &[MenuEntry], chain: &[usize], locale: &str) -> Vec<NavItem> {
        entries.iter().filter_map(|e| self.menu_item(e, chain, locale)).collect()
    }

    fn menu_item(&self, e: &MenuEntry, chain: &[usize], locale: &str) -> Option<NavItem> {
        let own = self.lang(locale);
        let Some(page) = &e.page else {
            let url = e.url.clone()?;
            return Some(NavItem { title: e.name.clone().unwrap_or_default(), description: String::new(), url, active: false, lang: own.code.clone(), dir: own.dir });
        };
        let g = group_of(self.lib, page)?;
        let (route, s) = (self.lib.route(g, locale)?, self.lib.shown(g, locale)?);
        let (lang, dir) = match &e.name {
            Some(_) => (own.code.clone(), own.dir),
            None => self.text_lang(s),
        };
        let title = e.name.clone().or_else(|| s.front.extra.get("menu_title").and_then(|v| v.as_str()).map(str::to_string)).unwrap_or_else(|| s.front.title.clone());
        Some(NavItem { title, description: s.front.description.clone(), url: route.url.clone(), active: chain.contains(&g), lang, dir })
    }
}
