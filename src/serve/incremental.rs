//! Decides what an edited content file affects. When the edit keeps the set of pages as it was
//! (same files, slugs, drafts, translation state and tag pages), the source is replaced in the
//! loaded site and only the pages that show what changed are rendered again: the page in every
//! locale, and for a title, weight, date or description its section, the pages below it (their
//! breadcrumbs), the generated pages (tags, site map) and the feeds. Anything else asks for a
//! full build.

use crate::config::LocaleId;
use crate::content::{self, Source};
use crate::diagnostics::{Diagnostic, Rule};
use crate::library::GroupId;
use crate::site::Loaded;
use crate::taxonomy::Tags;
use std::path::Path;

/// What an edit needs.
#[derive(Debug)]
pub(super) enum Plan {
    /// Render these (group, locale) pages again; `site_files`: also `sitemap.xml` and the feeds;
    /// `listings: Some(tags)`: also each locale's site map page, these tags' pages and the feeds.
    Pages { pages: Vec<(GroupId, LocaleId)>, site_files: bool, listings: Option<Vec<String>> },
    /// The structure may have changed: build everything.
    Full(&'static str),
}

/// What of a page's listing (its card in lists, tag pages, the site map, feeds) an edit changed.
#[derive(Debug, Clone, Copy)]
struct Listing {
    /// Title, weight or menu title: the page's place and name in lists, the site map, the
    /// menu and breadcrumbs.
    named: bool,
    /// The description, which cards, the menu and the feed show.
    described: bool,
    /// The date, which cards and the feed show.
    dated: bool,
}

impl Listing {
    fn of(old: &Source, new: &Source) -> Listing {
        let (a, b) = (&old.front, &new.front);
        let menu_title = a.extra.get("menu_title") != b.extra.get("menu_title");
        Listing { named: a.title != b.title || a.weight != b.weight || menu_title, described: a.description != b.description, dated: old.date != new.date }
    }

    fn any(self) -> bool {
        self.named || self.described || self.dated
    }
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
    let Some(group) = site.lib.group_by_key(&old.key) else {
        return Ok(Plan::Full("a file without a translation group"));
    };
    let listing = Listing::of(old, &new);
    let tagged = !old.front.tags.is_empty() || !new.front.tags.is_empty();
    let tags_changed = old.front.tags != new.front.tags;
    if let Some(why) = needs_full(site, group, listing) {
        return Ok(Plan::Full(why));
    }
    if listing.named && !old.front.aliases.is_empty() {
        return Ok(Plan::Full("a redirect page shows the title"));
    }
    let mut tags: Vec<String> = old.front.tags.iter().chain(&new.front.tags).cloned().collect();
    tags.sort();
    tags.dedup();
    if site.lazy_bodies {
        new.body = crate::content::Body::OnDisk;
    }
    site.lib.replace_source(index, new);
    if tags_changed || (tagged && listing.any()) {
        // Tag pages list their pages' titles, descriptions and dates: collect them again. A tag
        // page that appears, goes or changes its count (shown on every page carrying the tag)
        // takes the full build and its checks.
        let (new_tags, diags) = Tags::collect(&site.config, &site.lib, &site.strings);
        if !diags.is_empty() || !same_tag_pages(site, &new_tags) {
            return Ok(Plan::Full("the tags changed"));
        }
        site.tags = new_tags;
    }
    // sitemap.xml has each page's date but no title; the feeds are written with the listings.
    let listings = (listing.any() || tags_changed).then_some(tags);
    Ok(Plan::Pages { pages: affected(site, group, listing), site_files: listing.dated, listings })
}

/// Why an edit to `group` with this listing change takes a full build, if it does: what every
/// page shows (the menu, the home page in breadcrumbs) changed.
fn needs_full(site: &Loaded, group: GroupId, listing: Listing) -> Option<&'static str> {
    if !listing.named && !listing.described {
        return None;
    }
    let parent = site.lib.group(group).parent;
    if group == site.lib.home && listing.named {
        return Some("every page's breadcrumbs show the home page's title");
    }
    if parent == Some(site.lib.home) {
        return Some("the menu of every page shows the title and description");
    }
    let in_menu = site.config.menu.values().flatten().filter_map(|e| e.page.as_deref()).any(|p| crate::menu::group_of(&site.lib, p) == Some(group));
    in_menu.then_some("the menu of every page shows the title and description")
}

/// The (group, locale) pages that show what changed: the page itself, and with a listing change
/// its section; with a new title or weight also every page below it (breadcrumbs).
fn affected(site: &Loaded, group: GroupId, listing: Listing) -> Vec<(GroupId, LocaleId)> {
    let mut pages = shown_in(site, group);
    if listing.any() {
        if let Some(p) = site.lib.group(group).parent {
            pages.extend(shown_in(site, p));
        }
    }
    if listing.named && site.lib.group(group).is_section {
        for g in site.lib.group_ids().filter(|&g| g != group && is_below(site, g, group)) {
            pages.extend(shown_in(site, g));
        }
    }
    pages
}

/// Whether `group` has `ancestor` among its parents.
fn is_below(site: &Loaded, group: GroupId, ancestor: GroupId) -> bool {
    let mut at = site.lib.group(group).parent;
    while let Some(p) = at {
        if p == ancestor {
            return true;
        }
        at = site.lib.group(p).parent;
    }
    false
}

/// Whether `new` has the same tag pages as the site's current tags: the same names, addresses
/// and page counts in every locale.
fn same_tag_pages(site: &Loaded, new: &Tags) -> bool {
    let key = |tags: &Tags, l: &str| tags.list(l).into_iter().map(|t| (t.name, t.url, t.count)).collect::<Vec<_>>();
    site.config.locales.iter().all(|l| key(&site.tags, &l.code) == key(new, &l.code))
}

/// The (group, locale) pages a group has.
fn shown_in(site: &Loaded, group: GroupId) -> Vec<(GroupId, LocaleId)> {
    site.config.locale_ids().filter(|&l| site.lib.route(group, l).is_some()).map(|l| (group, l)).collect()
}

/// Why an edit may change the set of pages or what every page shows, if it may.
fn structural_change(old: &Source, new: &Source) -> Option<&'static str> {
    let (a, b) = (&old.front, &new.front);
    if a.slug != b.slug {
        Some("the slug changed")
    } else if a.draft != b.draft {
        Some("the draft state changed")
    } else if a.aliases != b.aliases {
        Some("the redirects changed")
    } else if a.needs_review != b.needs_review || a.source_hash != b.source_hash {
        Some("the translation state changed")
    } else {
        None
    }
}
