//! `haven i18n status`: for each locale, which pages and interface strings are translated,
//! missing, outdated or broken, as plain data (printed by `report`, serialised as JSON).

use super::changes::ChangeSummary;
use super::hash;
use super::history::HistoryCache;
use super::interface::{self, Broken, Strings};
use super::messages::{self, LocaleMessages};
use super::slash_path;
use crate::config::Config;
use crate::content::Source;
use anyhow::{bail, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The version of the JSON shape; it changes only when a field changes meaning or goes away.
pub const JSON_VERSION: u32 = 1;

/// The whole report (`--format json`; its shape is docs/i18n-status.schema.json).
#[derive(Debug, Serialize)]
pub struct Report {
    /// The schema version, [`JSON_VERSION`] (documented in docs/translating.md).
    pub schema: u32,
    /// The same number, under its first name (kept for readers written before `schema`).
    pub version: u32,
    pub default_locale: String,
    pub locales: Vec<LocaleReport>,
    /// Problems in the default locale's own strings (every locale inherits them).
    pub default_locale_broken: Vec<Broken>,
    /// Content files that could not be read (they count as absent).
    pub warnings: Vec<String>,
}

/// One locale other than the default.
#[derive(Debug, Serialize)]
pub struct LocaleReport {
    pub code: String,
    pub name: String,
    /// Share of the source's words (pages and strings) translated and up to date, 0 to 100.
    pub done_percent: f64,
    pub pages: Pages,
    pub strings: Strings,
    /// The helpline word file (`data/helplines.<code>.toml`); `null` when the site has no helplines.
    pub helplines: Option<super::joiner::HelplineWords>,
    /// The locale's own `title`, `description` and `quick_exit_url` in site.toml.
    pub fields: super::joiner::Fields,
    /// Whose words the vague-link lint uses for this locale: `own` or `default-locale`.
    pub vague_link_words: super::joiner::LintWords,
}

#[derive(Debug, Default, Serialize)]
pub struct Pages {
    pub total: usize,
    /// Pages with a translation file, whatever its state.
    pub translated: usize,
    pub current: usize,
    pub outdated: usize,
    pub unknown_version: usize,
    pub missing: usize,
    pub needs_review: usize,
    /// Every source page, most important first (home, then by depth, weight and title).
    pub items: Vec<PageItem>,
    /// Translations whose source no longer exists.
    pub orphaned: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageState {
    Current,
    Outdated,
    /// The translation records no `source_hash`: nobody knows what it was translated from.
    UnknownVersion,
    Missing,
}

#[derive(Debug, Serialize)]
pub struct PageItem {
    /// The translation-group key, e.g. `support/family.md`.
    pub key: String,
    pub title: String,
    pub source: String,
    pub translation: Option<String>,
    pub state: PageState,
    pub needs_review: bool,
    pub weight: i64,
    pub words: usize,
    pub source_hash: String,
    pub recorded_hash: Option<String>,
    /// For outdated pages: what changed in the source since the recorded version.
    pub changes: Option<ChangeSummary>,
}

/// Options of a status run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only this locale.
    pub locale: Option<String>,
    /// Summarise outdated pages' changes from git (off: no git is run).
    pub history: bool,
}

impl Report {
    /// True when anything is missing, outdated, untranslated or broken.
    pub fn has_work(&self) -> bool {
        !self.default_locale_broken.is_empty() || self.locales.iter().any(LocaleReport::has_work)
    }
}

impl LocaleReport {
    /// True when a page is missing or outdated, or a string missing, untranslated or broken.
    pub fn has_work(&self) -> bool {
        let (p, s) = (&self.pages, &self.strings);
        let helplines = self.helplines.as_ref().map_or(0, |h| h.missing.len());
        p.missing + p.outdated + p.unknown_version + s.missing.len() + s.untranslated.len() + s.broken.len() + helplines + self.fields.todo() > 0
    }
}

/// Builds the report of the site in `root`.
pub fn status(root: &Path, opts: &Options) -> Result<Report> {
    let config = Config::load(root)?;
    let locales = chosen_locales(&config, opts.locale.as_deref())?;
    let (content, diags) = crate::content::load(&config, false);
    let sources: Vec<&Source> = content.sources.iter().chain(&content.snippets).collect();
    let default = messages::load(&config, &config.default_locale);
    let mut history = HistoryCache::new(root, opts.history);
    let locales = locales
        .into_iter()
        .map(|l| {
            let pages = pages(&config, &sources, &l.code, &mut history);
            let strings = interface::strings(&default, &messages::load(&config, &l.code));
            let done_percent = done_percent(&pages, &strings, &default);
            let helplines = super::joiner::helpline_words(&config, &l.code);
            let fields = super::joiner::fields(&config, &l.code);
            let vague_link_words = super::joiner::lint_words(&config, &l.code);
            LocaleReport { code: l.code.clone(), name: l.name.clone(), done_percent, pages, strings, helplines, fields, vague_link_words }
        })
        .collect();
    let default_locale_broken = interface::broken(&default, None);
    let warnings = diags.iter().map(ToString::to_string).collect();
    Ok(Report { schema: JSON_VERSION, version: JSON_VERSION, default_locale: config.default_locale.clone(), locales, default_locale_broken, warnings })
}

fn chosen_locales<'c>(config: &'c Config, only: Option<&str>) -> Result<Vec<&'c crate::config::Locale>> {
    let others = config.locales.iter().filter(|l| l.code != config.default_locale);
    let Some(code) = only else { return Ok(others.collect()) };
    if code.eq_ignore_ascii_case(&config.default_locale) {
        bail!("{code:?} is the default locale: it is the source of every translation, not a translation");
    }
    match others.clone().find(|l| l.code.eq_ignore_ascii_case(code)) {
        Some(l) => Ok(vec![l]),
        None => {
            let known: Vec<&str> = others.map(|l| l.code.as_str()).collect();
            bail!("locale {code:?} is not configured in site.toml (translated locales: {})", known.join(", "))
        }
    }
}

fn pages(config: &Config, sources: &[&Source], locale: &str, history: &mut HistoryCache) -> Pages {
    let of = |code: &str| -> BTreeMap<&str, &Source> { sources.iter().filter(|s| s.locale == code).map(|s| (s.key.as_str(), *s)).collect() };
    let (originals, translations) = (of(&config.default_locale), of(locale));
    let mut originals: Vec<&Source> = originals.into_values().collect();
    originals.sort_by_key(|s| importance(s));
    let mut out = Pages::default();
    for src in originals {
        let item = page_item(src, translations.get(src.key.as_str()).copied(), history);
        count(&mut out, &item);
        out.items.push(item);
    }
    let known: Vec<&str> = out.items.iter().map(|i| i.key.as_str()).collect();
    out.orphaned = translations.values().filter(|t| !known.contains(&t.key.as_str())).map(|t| slash_path(&t.file)).collect();
    out
}

/// Home first, then shallower pages, then by weight and title.
fn importance(s: &Source) -> (usize, i64, String) {
    let depth = s.key.matches('/').count() + usize::from(!s.key.ends_with("_index.md"));
    (depth, s.front.weight, s.front.title.to_lowercase())
}

fn page_item(src: &Source, tr: Option<&Source>, history: &mut HistoryCache) -> PageItem {
    let current = hash::of_source(src);
    let recorded = tr.and_then(|t| t.front.source_hash.clone());
    let state = match (tr, &recorded) {
        (None, _) => PageState::Missing,
        (Some(_), None) => PageState::UnknownVersion,
        (Some(_), Some(r)) if *r == current => PageState::Current,
        (Some(_), Some(_)) => PageState::Outdated,
    };
    let changes = match (&recorded, state) {
        (Some(r), PageState::Outdated) => Some(history.summary(src, r)),
        _ => None,
    };
    PageItem {
        key: src.key.clone(),
        title: src.front.title.clone(),
        source: slash_path(&src.file),
        translation: tr.map(|t| slash_path(&t.file)),
        state,
        needs_review: tr.is_some_and(|t| t.front.needs_review),
        weight: src.front.weight,
        words: words(src),
        source_hash: current,
        recorded_hash: recorded,
        changes,
    }
}

fn words(s: &Source) -> usize {
    (s.front.title.split_whitespace().count() + s.body.loaded().unwrap_or_default().split_whitespace().count()).max(1)
}

fn count(p: &mut Pages, item: &PageItem) {
    p.total += 1;
    p.needs_review += usize::from(item.needs_review);
    match item.state {
        PageState::Current => p.current += 1,
        PageState::Outdated => p.outdated += 1,
        PageState::UnknownVersion => p.unknown_version += 1,
        PageState::Missing => p.missing += 1,
    }
    p.translated = p.total - p.missing;
}

/// Words of the source done (current pages, translated strings) over all of them.
fn done_percent(pages: &Pages, strings: &Strings, default: &LocaleMessages) -> f64 {
    let page_done: usize = pages.items.iter().filter(|i| i.state == PageState::Current).map(|i| i.words).sum();
    let page_all: usize = pages.items.iter().map(|i| i.words).sum();
    let not_done = |id: &String| strings.missing.contains(id) || strings.untranslated.contains(id);
    let msgs: Vec<&messages::Entry> = default.entries.values().filter(|e| !e.is_term).collect();
    let str_all: usize = msgs.iter().map(|e| e.words).sum();
    let str_done: usize = msgs.iter().filter(|e| !not_done(&e.id)).map(|e| e.words).sum();
    let (done, all) = (page_done + str_done, page_all + str_all);
    if all == 0 {
        return 100.0;
    }
    // Rounded down, so that 100 means everything.
    (done as f64 * 1000.0 / all as f64).floor() / 10.0
}
