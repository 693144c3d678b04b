//! Decides what an edited content file affects. When the edit leaves the site's structure as it
//! was (same title, weight, slug, tags, draft state), the source is replaced in the loaded site
//! and only the affected pages are rendered again; anything else asks for a full build.

use crate::config::LocaleId;
use crate::content::{self, Source};
use crate::diagnostics::{Diagnostic, Rule};
use crate::library::GroupId;
use crate::site::Loaded;
use std::path::Path;

/// What an edit needs.
#[derive(Debug)]
pub(super) enum Plan {
    /// Render these (group, locale) pages again; `site_files`: also the site map and feeds.
    Pages { pages: Vec<(GroupId, LocaleId)>, site_files: bool },
    /// The structure may have changed: build everything.
    Full(&'static str),
}

/// Plans the rebuild for the edited Markdown file `rel` (relative to the root, `content/x.md`),
/// updating `site` when the edit is local. `Err`: the file does not parse (shown as an overlay).
pub(super) fn plan(site: &mut Loaded, rel: &Path) -> Result<Plan, Diagnostic> {
    let Some(index) = site.lib.source_of_file(rel) else {
        return Ok(Plan::Full("a new, removed, draft or snippet file"));
    };
    let root = site.config.root.clone();
    if !root.join(rel).is_file() {
        return Ok(Plan::Full("a removed file"));
    }
    let below = rel.strip_prefix("content").map_err(|_| Diagnostic::error(Rule::Read, "not below content/").in_file(rel))?;
    let mut new = content::read_source(&site.config, &root.join("content"), below)?;
    let old = site.lib.source(index);
    if let Some(why) = structural_change(old, &new) {
        return Ok(Plan::Full(why));
    }
    let description_changed = old.front.description != new.front.description;
    let date_changed = old.date != new.date;
    let Some(group) = site.lib.group_by_key(&old.key) else {
        return Ok(Plan::Full("a file without a translation group"));
    };
    let parent = site.lib.group(group).parent;
    if description_changed && parent == Some(site.lib.home) {
        return Ok(Plan::Full("the menu of every page shows the description"));
    }
    if (description_changed || date_changed) && !new.front.tags.is_empty() {
        return Ok(Plan::Full("tag pages show the description and date"));
    }
    if site.lazy_bodies {
        new.body = crate::content::Body::OnDisk;
    }
    site.lib.replace_source(index, new);
    let mut pages = shown_in(site, group);
    if description_changed || date_changed {
        if let Some(p) = parent {
            pages.extend(shown_in(site, p));
        }
    }
    Ok(Plan::Pages { pages, site_files: description_changed || date_changed })
}

/// The (group, locale) pages a group has.
fn shown_in(site: &Loaded, group: GroupId) -> Vec<(GroupId, LocaleId)> {
    site.config.locale_ids().filter(|&l| site.lib.route(group, l).is_some()).map(|l| (group, l)).collect()
}

/// Why an edit may change the structure, if it may.
fn structural_change(old: &Source, new: &Source) -> Option<&'static str> {
    let (a, b) = (&old.front, &new.front);
    if a.title != b.title {
        Some("the title changed")
    } else if a.weight != b.weight {
        Some("the weight changed")
    } else if a.slug != b.slug {
        Some("the slug changed")
    } else if a.draft != b.draft {
        Some("the draft state changed")
    } else if a.tags != b.tags {
        Some("the tags changed")
    } else if a.needs_review != b.needs_review || a.source_hash != b.source_hash {
        Some("the translation state changed")
    } else {
        None
    }
}
