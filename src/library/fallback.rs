//! Per-page fallback: `fallback = false` in a page's front matter (or in a section's
//! `_index.md`, for the section and everything below it) keeps its untranslated copies out of
//! the other locales, for pages that only make sense in one place (a country's services).

use crate::library::{GroupId, Library};

/// True when group `group` may be shown in the default locale's text where it has no
/// translation: neither its own source nor a section above it says `fallback = false`.
pub fn allowed(lib: &Library, group: GroupId, default_locale: &str) -> bool {
    let mut cur = Some(group);
    while let Some(g) = cur {
        let says_no = lib.group(g).sources.get(default_locale).is_some_and(|&s| lib.source(s).front.fallback == Some(false));
        if says_no {
            return false;
        }
        cur = lib.group(g).parent;
    }
    true
}
