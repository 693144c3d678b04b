//! Tags: each locale's pages grouped by the tags in their front matter, with a page per tag.
//! A tag's key is the slug of its name; `tag-<key>` in a locale's Fluent files translates it.

use crate::config::{Config, LocaleId};
use crate::content::Source;
use crate::context::TagLink;
use crate::diagnostics::{Diagnostic, Rule};
use crate::i18n::Strings;
use crate::library::{GroupId, Library, SourceId};
use crate::slug::slugify;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

/// One tag of one locale.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub url: String,
    /// Groups of the pages carrying it, in site order.
    pub groups: Vec<GroupId>,
}

/// Every locale's tags, by key.
#[derive(Debug, Default)]
pub struct Tags {
    by_locale: HashMap<String, BTreeMap<String, Tag>>,
    /// The key of every tag as written in some page (`Self care` -> `self-care`), so a page's
    /// links need no slugify.
    keys: HashMap<String, String>,
}

impl Tags {
    /// Collects the tags of the text each page shows in each locale. Two spellings of a tag
    /// with one slug (`Self care`, `self-care`) would share one page: an error naming both.
    /// Locales are collected in parallel: each reads every page's tags and nothing of the others.
    pub fn collect(config: &Config, lib: &Library, strings: &Strings) -> (Tags, Vec<Diagnostic>) {
        let keys = tag_keys(lib);
        let ids: Vec<LocaleId> = config.locale_ids().collect();
        let per_locale: Vec<(BTreeMap<String, Tag>, Vec<Diagnostic>)> = ids.par_iter().map(|&id| locale_tags(config, lib, strings, &keys, id)).collect();
        let mut by_locale: HashMap<String, BTreeMap<String, Tag>> = HashMap::with_capacity(config.locales.len());
        let mut diags = Vec::new();
        for (&id, (tags, d)) in ids.iter().zip(per_locale) {
            by_locale.insert(config.locale(id).code.clone(), tags);
            diags.extend(d);
        }
        diags.sort();
        diags.dedup();
        let keys = keys.into_iter().map(|(raw, key)| (raw.to_string(), key)).collect();
        (Tags { by_locale, keys }, diags)
    }

    /// The key of a tag as written: looked up when some page has it, made otherwise.
    fn key_of<'a>(&'a self, raw: &str) -> std::borrow::Cow<'a, str> {
        match self.keys.get(raw) {
            Some(key) => std::borrow::Cow::Borrowed(key),
            None => std::borrow::Cow::Owned(slugify(raw)),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_locale.values().all(BTreeMap::is_empty)
    }

    /// The tags of a locale, by name.
    pub fn of(&self, locale: &str) -> Vec<&Tag> {
        let mut v: Vec<&Tag> = self.by_locale.get(locale).map(|m| m.values().collect()).unwrap_or_default();
        v.sort_by_key(|t| t.name.to_lowercase());
        v
    }

    /// Whether a locale has a tag page at `url`.
    pub fn has_url(&self, locale: &str, url: &str) -> bool {
        self.by_locale.get(locale).is_some_and(|m| m.values().any(|t| t.url == url))
    }

    /// Links for the tags written in a page's front matter.
    pub fn links(&self, locale: &str, raw: &[String]) -> Vec<TagLink> {
        let Some(map) = self.by_locale.get(locale) else { return vec![] };
        raw.iter()
            .filter_map(|r| map.get(self.key_of(r).as_ref()))
            .map(|t| TagLink { name: t.name.clone(), url: t.url.clone(), count: t.groups.len() })
            .collect()
    }

    /// All tags of a locale as links with their page counts.
    pub fn list(&self, locale: &str) -> Vec<TagLink> {
        self.of(locale).into_iter().map(|t| TagLink { name: t.name.clone(), url: t.url.clone(), count: t.groups.len() }).collect()
    }
}

/// A tag of one locale while it is collected: its first spelling and where that was written.
struct Collected<'a> {
    raw: &'a str,
    at: SourceId,
    tag: Tag,
}

/// The tags of the text each page shows in locale `id`, by key, and the spelling collisions.
fn locale_tags(config: &Config, lib: &Library, strings: &Strings, keys: &FxHashMap<&str, String>, id: LocaleId) -> (BTreeMap<String, Tag>, Vec<Diagnostic>) {
    let code = config.locale(id).code.as_str();
    let mut found: FxHashMap<&str, Collected> = FxHashMap::default();
    let mut diags = Vec::new();
    for gi in lib.group_ids() {
        let Some(index) = lib.route(gi, id).map(|r| r.source) else { continue };
        let src = lib.source(index);
        for raw in &src.front.tags {
            let Some(key) = keys.get(raw.as_str()) else { continue };
            match found.entry(key) {
                Entry::Occupied(e) if e.get().raw != raw => diags.push(same_slug(lib.source(e.get().at), e.get().raw, src, raw, key)),
                Entry::Occupied(mut e) => e.get_mut().tag.groups.push(gi),
                Entry::Vacant(e) => {
                    let tag = Tag { name: display_name(strings, code, key, raw), url: format!("{}/tags/{key}/", config.locale_prefix(code)), groups: vec![gi] };
                    e.insert(Collected { raw, at: index, tag });
                }
            }
        }
    }
    (found.into_iter().map(|(key, c)| (key.to_string(), c.tag)).collect(), diags)
}

/// The key of every distinct tag spelling of every source, each slugified once.
fn tag_keys(lib: &Library) -> FxHashMap<&str, String> {
    let mut keys: FxHashMap<&str, String> = FxHashMap::default();
    for raw in lib.sources().iter().flat_map(|s| &s.front.tags) {
        if !keys.contains_key(raw.as_str()) {
            keys.insert(raw.as_str(), slugify(raw));
        }
    }
    keys
}

fn same_slug(a: &Source, a_raw: &str, b: &Source, b_raw: &str, key: &str) -> Diagnostic {
    let message =
        format!("the tags {b_raw:?} and {a_raw:?} (in {}:{}) both make the tag page `tags/{key}/`; spell them the same", a.file.display(), a.lines.tags);
    Diagnostic::error(Rule::TagCollision, message).in_file(&b.file).at(b.lines.tags, None)
}

fn display_name(strings: &Strings, locale: &str, key: &str, raw: &str) -> String {
    let id = format!("tag-{key}");
    if strings.has(locale, &id) {
        strings.get(locale, &id, None)
    } else {
        raw.to_string()
    }
}
