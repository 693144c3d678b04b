//! The site's structure: translation groups, sections and their pages, and the URL every
//! page has in every locale (translated, shown as a fallback, or absent).

use crate::config::{Config, LocaleId};
use crate::content::{is_bundle, Source};
use crate::diagnostics::{Diagnostic, Rule};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

pub mod fallback;

/// A translation group: an index into the library's groups, made only by the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupId(u32);

/// A source file: an index into the library's sources, made only by the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceId(u32);

impl GroupId {
    fn new(i: usize) -> Self {
        Self(u32::try_from(i).expect("fewer than 2^32 groups"))
    }

    fn index(self) -> usize {
        self.0 as usize
    }

    /// The group's place in reading order, as a sort key for stages below the library (search).
    pub fn order(self) -> usize {
        self.index()
    }
}

impl SourceId {
    fn new(i: usize) -> Self {
        Self(u32::try_from(i).expect("fewer than 2^32 sources"))
    }

    fn index(self) -> usize {
        self.0 as usize
    }
}

/// How a page exists in one locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteKind {
    /// The locale has its own translation.
    Translated,
    /// The locale shows the default locale's text under a notice.
    Fallback,
}

/// A page or section as it is published in one locale.
#[derive(Debug, Clone)]
pub struct Route {
    pub url: String,
    /// The source of the text shown.
    pub source: SourceId,
    pub kind: RouteKind,
}

/// All locales' versions of one source file (same key).
#[derive(Debug, Clone)]
pub struct Group {
    pub key: String,
    pub is_section: bool,
    pub parent: Option<GroupId>,
    pub pages: Vec<GroupId>,
    pub sections: Vec<GroupId>,
    /// locale code -> the source in that locale.
    pub sources: BTreeMap<String, SourceId>,
    /// One per configured locale, in config order; `None` where the page is absent.
    pub routes: Vec<Option<Route>>,
}

/// The resolved site structure.
#[derive(Debug)]
pub struct Library {
    sources: Vec<Source>,
    groups: Vec<Group>,
    by_key: HashMap<String, GroupId>,
    pub home: GroupId,
}

impl Library {
    /// The group with this key (`guides/_index.md`), if there is one.
    pub fn group_by_key(&self, key: &str) -> Option<GroupId> {
        self.by_key.get(key).copied()
    }

    pub fn group(&self, id: GroupId) -> &Group {
        &self.groups[id.index()]
    }

    pub fn source(&self, id: SourceId) -> &Source {
        &self.sources[id.index()]
    }

    /// Replaces a source's parsed text in place (the dev server's incremental rebuild).
    pub fn replace_source(&mut self, id: SourceId, source: Source) {
        self.sources[id.index()] = source;
    }

    /// Every group, in the order their first source was read.
    pub fn group_ids(&self) -> impl Iterator<Item = GroupId> + '_ {
        (0..self.groups.len()).map(GroupId::new)
    }

    /// Every group with its id.
    pub fn groups(&self) -> impl Iterator<Item = (GroupId, &Group)> + '_ {
        self.groups.iter().enumerate().map(|(i, g)| (GroupId::new(i), g))
    }

    /// Every source, in the order they were read.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The source read from this file (relative to the site root), if any.
    pub fn source_of_file(&self, file: &std::path::Path) -> Option<SourceId> {
        self.sources.iter().position(|s| s.file == file).map(SourceId::new)
    }

    /// How a group is published in a locale, if it is.
    pub fn route(&self, group: GroupId, locale: LocaleId) -> Option<&Route> {
        self.group(group).routes.get(locale.index())?.as_ref()
    }

    /// The URL of a group in a locale, or in the default locale when it is absent there.
    pub fn url_in(&self, group: GroupId, locale: LocaleId, default_locale: LocaleId) -> Option<&str> {
        self.route(group, locale).or_else(|| self.route(group, default_locale)).map(|r| r.url.as_str())
    }

    /// The source shown for a group in a locale.
    pub fn shown(&self, group: GroupId, locale: LocaleId) -> Option<&Source> {
        self.route(group, locale).map(|r| self.source(r.source))
    }

    /// Child pages then sections of a section, as shown in a locale, ordered by weight then title.
    pub fn children(&self, section: GroupId, locale: LocaleId) -> Vec<GroupId> {
        let g = self.group(section);
        let mut kids: Vec<GroupId> = g.pages.iter().chain(g.sections.iter()).copied().filter(|&c| self.route(c, locale).is_some()).collect();
        kids.sort_by(|&a, &b| {
            let (sa, sb) = (self.shown(a, locale).expect("filtered"), self.shown(b, locale).expect("filtered"));
            sa.front.weight.cmp(&sb.front.weight).then_with(|| sa.front.title.cmp(&sb.front.title))
        });
        kids
    }
}

/// Groups the sources, links sections and assigns URLs. Collisions and orphans become diagnostics.
pub fn build(config: &Config, sources: Vec<Source>) -> (Option<Library>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut by_key: HashMap<String, GroupId> = HashMap::new();
    for (i, s) in sources.iter().enumerate() {
        let gi = *by_key.entry(s.key.clone()).or_insert_with(|| {
            groups.push(Group {
                key: s.key.clone(),
                is_section: s.is_section,
                parent: None,
                pages: vec![],
                sections: vec![],
                sources: BTreeMap::new(),
                routes: vec![],
            });
            GroupId::new(groups.len() - 1)
        });
        groups[gi.index()].sources.insert(s.locale.clone(), SourceId::new(i));
    }
    let Some(&home) = by_key.get("_index.md") else {
        diags.push(
            Diagnostic::error(Rule::Structure, "content/_index.md is missing or a draft: every site needs a home page (drafts are built only with --drafts)")
                .in_file("content/_index.md"),
        );
        return (None, diags);
    };
    link_sections(&mut groups, &by_key);
    let mut lib = Library { sources, groups, by_key, home };
    assign_routes(config, &mut lib, &mut diags);
    let homeless = homeless_locales(config, &lib);
    if !homeless.is_empty() {
        diags.extend(homeless);
        return (None, diags);
    }
    (Some(lib), diags)
}

/// Every locale must have a home page (its own, or the default locale's as a fallback): it roots
/// the navigation and the site map. A missing or draft `_index.md` is an error naming the file.
fn homeless_locales(config: &Config, lib: &Library) -> Vec<Diagnostic> {
    let have: Vec<String> = lib.group(lib.home).sources.values().map(|&i| lib.source(i).file.display().to_string()).collect();
    config
        .locale_ids()
        .filter(|&l| lib.route(lib.home, l).is_none())
        .map(|l| config.locale(l))
        .map(|l| {
            let file = if l.code == config.default_locale { "content/_index.md".to_string() } else { format!("content/_index.{}.md", l.code) };
            let msg = format!("{file} is missing or a draft, so the `{}` site has no home page (found only {})", l.code, have.join(", "));
            Diagnostic::error(Rule::Structure, msg).in_file(file)
        })
        .collect()
}

fn link_sections(groups: &mut [Group], by_key: &HashMap<String, GroupId>) {
    for gi in 0..groups.len() {
        let key = groups[gi].key.clone();
        if key == "_index.md" {
            continue;
        }
        let mut dir = living_dir(&key, groups[gi].is_section);
        let parent = loop {
            if let Some(&p) = by_key.get(&format!("{dir}_index.md")) {
                break p;
            }
            dir = parent_dir(&dir);
        };
        groups[gi].parent = Some(parent);
        let child = GroupId::new(gi);
        if groups[gi].is_section {
            groups[parent.index()].sections.push(child);
        } else {
            groups[parent.index()].pages.push(child);
        }
    }
}

/// The folder a group sits in, where its parent section is looked for: `a/b.md` -> `a/`;
/// a section `a/b/_index.md` and a bundle `a/b/index.md` -> `a/`.
fn living_dir(key: &str, is_section: bool) -> String {
    if is_section || is_bundle(key) {
        parent_dir(&dir_of(key))
    } else {
        dir_of(key)
    }
}

/// The folder a group's own children live in: `a/_index.md` -> `a/`, the home page -> ``.
fn own_folder(key: &str) -> String {
    dir_of(key)
}

/// `a/b/c.md` -> `a/b/`; `c.md` -> ``.
fn dir_of(key: &str) -> String {
    key.rsplit_once('/').map(|(d, _)| format!("{d}/")).unwrap_or_default()
}

/// `a/b/` -> `a/`; `a/` -> ``.
fn parent_dir(dir: &str) -> String {
    dir.trim_end_matches('/').rsplit_once('/').map(|(d, _)| format!("{d}/")).unwrap_or_default()
}

/// Gives every group its route in every locale. A locale's URLs depend on that locale's only,
/// so the locales are made side by side; URL collisions are then found across all of them.
fn assign_routes(config: &Config, lib: &mut Library, diags: &mut Vec<Diagnostic>) {
    let ids: Vec<LocaleId> = config.locale_ids().collect();
    let per_locale: Vec<(Vec<Option<Route>>, Vec<Diagnostic>)> = {
        let lib = &*lib;
        ids.par_iter().map(|&id| locale_routes(config, lib, id)).collect()
    };
    let mut columns = Vec::with_capacity(per_locale.len());
    for (routes, d) in per_locale {
        diags.extend(d);
        columns.push(routes.into_iter());
    }
    for group in &mut lib.groups {
        group.routes = columns.iter_mut().map(|c| c.next().flatten()).collect();
    }
    diags.extend(collisions(lib));
}

/// The route of every group (by group index) in locale `id`, and the URLs that would leave
/// the output folder (those groups get no route).
fn locale_routes(config: &Config, lib: &Library, id: LocaleId) -> (Vec<Option<Route>>, Vec<Diagnostic>) {
    let locale = config.locale(id);
    let mut urls: Urls = vec![None; lib.groups.len()];
    let mut diags = Vec::new();
    let routes = lib
        .group_ids()
        .map(|gi| {
            let own = lib.group(gi).sources.get(&locale.code).copied();
            let route = match own {
                Some(src) => Some(Route { url: url_of(config, lib, gi, &locale.code, &mut urls).to_string(), source: src, kind: RouteKind::Translated }),
                None if config.fallback && fallback::allowed(lib, gi, &config.default_locale) => lib
                    .group(gi)
                    .sources
                    .get(&config.default_locale)
                    .map(|&src| Route { url: url_of(config, lib, gi, &locale.code, &mut urls).to_string(), source: src, kind: RouteKind::Fallback }),
                None => None,
            };
            route.filter(|r| confined(lib, r, &mut diags))
        })
        .collect();
    (routes, diags)
}

/// Two routes with one URL, in reading order (groups, then locales): an error at the second.
fn collisions(lib: &Library) -> Vec<Diagnostic> {
    let mut taken: FxHashMap<&str, SourceId> = FxHashMap::with_capacity_and_hasher(lib.sources.len() * 2, Default::default());
    let mut diags = Vec::new();
    for r in lib.groups.iter().flat_map(|g| g.routes.iter().flatten()) {
        match taken.entry(r.url.as_str()) {
            Entry::Occupied(other) => diags.push(
                Diagnostic::error(
                    Rule::UrlCollision,
                    format!("{} and {} both map to the URL {}", lib.source(*other.get()).file.display(), lib.source(r.source).file.display(), r.url),
                )
                .in_file(&lib.source(r.source).file),
            ),
            Entry::Vacant(slot) => {
                slot.insert(r.source);
            }
        }
    }
    diags
}

/// Whether a route's URL makes a file inside the output folder; if not, an error at its `slug` line.
fn confined(lib: &Library, r: &Route, diags: &mut Vec<Diagnostic>) -> bool {
    let Err(e) = crate::outpath::OutputPath::from_url(&r.url) else { return true };
    let src = lib.source(r.source);
    diags.push(Diagnostic::error(Rule::OutputPath, format!("the URL {e}; check the file name and `slug`")).in_file(&src.file).at(src.lines.slug, None));
    false
}

/// The URL of each group in one locale, by group index, as far as made.
type Urls = Vec<Option<String>>;

/// The URL path of a group in a locale: its parent's URL, the folders without a section
/// between them (kept as they are named, `guides/a.md` -> `/guides/a/`), then its own slug.
/// Each group's URL is made once per locale (in `made`), so a page costs its own segments only.
fn url_of<'a>(config: &Config, lib: &Library, gi: GroupId, locale: &str, made: &'a mut Urls) -> &'a str {
    let mut chain = Vec::new();
    let mut cur = Some(gi);
    while let Some(g) = cur.filter(|g| made[g.index()].is_none()) {
        chain.push(g);
        cur = lib.group(g).parent;
    }
    for g in chain.into_iter().rev() {
        let group = lib.group(g);
        let mut url = match group.parent.and_then(|p| made[p.index()].as_deref()) {
            Some(above) if g != lib.home => above.to_string(),
            _ => format!("{}/", config.locale_prefix(locale)),
        };
        if g != lib.home {
            let above = group.parent.map(|p| own_folder(&lib.group(p).key)).unwrap_or_default();
            let living = living_dir(&group.key, group.is_section);
            for segment in living.strip_prefix(above.as_str()).unwrap_or("").split('/').filter(|s| !s.is_empty()) {
                url.push_str(&crate::slug::path_slug(segment));
                url.push('/');
            }
            url.push_str(&slug_of(config, lib, g, locale));
            url.push('/');
        }
        made[g.index()] = Some(url);
    }
    made[gi.index()].as_deref().unwrap_or_default()
}

fn slug_of(config: &Config, lib: &Library, gi: GroupId, locale: &str) -> String {
    let g = lib.group(gi);
    let from = |code: &str| g.sources.get(code).and_then(|&i| lib.source(i).front.slug.clone());
    if let Some(slug) = from(locale).or_else(|| from(&config.default_locale)) {
        return slug.trim_matches('/').to_string();
    }
    let key = g.key.trim_end_matches(".md");
    let name = if g.is_section {
        key.trim_end_matches("/_index").rsplit('/').next()
    } else if is_bundle(&g.key) {
        key.trim_end_matches("/index").rsplit('/').next()
    } else {
        key.rsplit('/').next()
    };
    crate::slug::path_slug(name.unwrap_or(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dirs() {
        assert_eq!(dir_of("a/b/c.md"), "a/b/");
        assert_eq!(dir_of("c.md"), "");
        assert_eq!(parent_dir("a/b/"), "a/");
        assert_eq!(parent_dir("a/"), "");
        assert_eq!(living_dir("a/b/index.md", false), "a/");
        assert_eq!(living_dir("a/b/c.md", false), "a/b/");
        assert_eq!(living_dir("a/b/_index.md", true), "a/");
        assert!(is_bundle("a/index.md") && !is_bundle("a/reindex.md"));
    }
}
