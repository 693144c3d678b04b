//! `[[menu.<locale>]]` in `site.toml` against the content: every `page = "@/x.md"` must exist.
//! The entries and their checks without the content are in `config`; the menu as shown, in
//! `render::context`.

pub use crate::config::{MenuEntry, Menus};
use crate::diagnostics::Diagnostic;
use crate::library::{GroupId, Library};

/// The group of a `page = "@/x.md"` target.
pub(crate) fn group_of(lib: &Library, page: &str) -> Option<GroupId> {
    lib.group_by_key(page.strip_prefix("@/")?.trim_start_matches('/'))
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
