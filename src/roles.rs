//! The page roles (`role = "help" | "safety" | "about"` in front matter): which page carries
//! each, and their URLs in each locale, so the theme links them without a fixed file name.

use crate::config::LocaleId;
use crate::diagnostics::Diagnostic;
use crate::frontmatter::Role;
use crate::library::{GroupId, Library};
use serde::Serialize;

/// The groups that carry each role.
#[derive(Debug, Clone, Default)]
pub struct Roles {
    help: Option<GroupId>,
    safety: Option<GroupId>,
    about: Option<GroupId>,
}

/// The URLs of the role pages in one locale (`site.roles`), "" where there is none.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RoleUrls {
    pub help: String,
    pub safety: String,
    pub about: String,
}

impl Roles {
    /// Finds the role pages (by the default locale's front matter); warns where one is missing
    /// and errors where two pages claim the same role.
    pub fn find(lib: &Library, default_locale: &str) -> (Roles, Vec<Diagnostic>) {
        let mut roles = Roles::default();
        let mut diags = Vec::new();
        for (g, group) in lib.groups() {
            let Some(src) = group.sources.get(default_locale).map(|&i| lib.source(i)) else { continue };
            let Some(role) = src.front.role else { continue };
            let slot = roles.slot(role);
            match *slot {
                Some(other) => {
                    let first = lib.group(other).sources.get(default_locale).map(|&i| lib.source(i).file.display().to_string()).unwrap_or_default();
                    diags.push(
                        Diagnostic::error(crate::diagnostics::Rule::Role, format!("`role = \"{}\"` is already set on {first}: one page per role", role.name()))
                            .in_file(&src.file),
                    );
                }
                None => *slot = Some(g),
            }
        }
        // An about page is wanted but not required: the footer still names the organisation.
        for role in [Role::Help, Role::Safety] {
            if roles.get(role).is_none() {
                diags.push(Diagnostic::warning(
                    crate::diagnostics::Rule::Role,
                    format!("no page has `role = \"{}\"` in its front matter: {}", role.name(), role.missing()),
                ));
            }
        }
        (roles, diags)
    }

    fn slot(&mut self, role: Role) -> &mut Option<GroupId> {
        match role {
            Role::Help => &mut self.help,
            Role::Safety => &mut self.safety,
            Role::About => &mut self.about,
        }
    }

    fn get(&self, role: Role) -> Option<GroupId> {
        match role {
            Role::Help => self.help,
            Role::Safety => self.safety,
            Role::About => self.about,
        }
    }

    /// The role pages' URLs in `locale` (their fallback pages where not translated).
    pub fn urls(&self, lib: &Library, locale: LocaleId, default_locale: LocaleId) -> RoleUrls {
        let url = |r: Role| self.get(r).and_then(|g| lib.url_in(g, locale, default_locale)).unwrap_or("").to_string();
        RoleUrls { help: url(Role::Help), safety: url(Role::Safety), about: url(Role::About) }
    }
}
