//! `haven i18n export` and `haven i18n import`: a locale's pages as PO or XLIFF files for
//! translation tools, and those files written back into `page.<locale>.md`.

use super::hash;
use super::segment::{Piece, Segment};
use super::units::{self, Unit, UnitKind};
use super::{helpline_units, po, slash_path, xliff};
use crate::config::Config;
use crate::content::Source;
use anyhow::{anyhow, bail, Context, Result};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Exchange file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Po,
    Xliff,
}

impl Format {
    fn ext(self) -> &'static str {
        match self {
            Format::Po => "po",
            Format::Xliff => "xlf",
        }
    }
}

/// A unit's translation state in an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum State {
    Translated,
    /// A translation exists, but its page's source changed since it was marked current.
    NeedsReview,
    Untranslated,
}

/// Where one occurrence of an entry's text is.
#[derive(Debug, Clone)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub kind: UnitKind,
    pub heading: Option<String>,
}

/// One entry of an export: identical source texts share one.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    pub source: Segment,
    pub target: Option<Segment>,
    pub state: State,
    pub locations: Vec<Location>,
}

/// What one export file holds.
#[derive(Debug, Clone)]
pub struct ExchangeDoc {
    pub locale: String,
    pub source_locale: String,
    /// The source pages (site-relative path) and their version (`source_hash`) at export.
    pub sources: Vec<(String, String)>,
    pub entries: Vec<Entry>,
}

/// A file read back for import.
#[derive(Debug)]
pub struct Imported {
    pub locale: String,
    pub source_locale: Option<String>,
    pub sources: Vec<(String, String)>,
    pub entries: Vec<ImportedEntry>,
}

#[derive(Debug)]
pub struct ImportedEntry {
    pub id: String,
    /// The source text as the file shows it (PO placeholders).
    pub source_text: String,
    pub target: Option<Vec<Piece>>,
    /// Translated and not marked fuzzy / needing review.
    pub reviewed: bool,
    /// Where in the file, for messages (`line 12`).
    pub at: String,
}

/// A unit's stable id: `u` and 12 hex characters of the BLAKE3 hash of the source page's path
/// and the unit's source text (PO form). It survives edits elsewhere in the page and moves of
/// the unit; it changes when the unit's own text changes.
pub fn unit_id(source_file: &str, text: &str) -> String {
    let mut h = blake3::Hasher::new();
    h.update(source_file.as_bytes());
    h.update(&[0]);
    h.update(text.as_bytes());
    format!("u{}", &h.finalize().to_hex()[..12])
}

/// A source page with its units and the current translation's, aligned.
struct PageUnits<'c> {
    source: &'c Source,
    hash: String,
    units: Vec<Unit>,
    existing: Vec<Option<Segment>>,
    translation: Option<&'c Source>,
    /// The translation's headings, paragraphs, lists and tables are not laid out as the source's.
    reshaped: bool,
}

impl PageUnits<'_> {
    fn path(&self) -> String {
        slash_path(&self.source.file)
    }

    /// The translation records the current version of its source (`needs_review`, a native
    /// speaker's review still to come, is a separate matter and is left as it is).
    fn current(&self) -> bool {
        self.translation.and_then(|t| t.front.source_hash.as_deref()) == Some(self.hash.as_str())
    }
}

fn load_pages<'c>(config: &Config, content: &'c crate::content::Content, locale: &str) -> Vec<PageUnits<'c>> {
    let all: Vec<&Source> = content.sources.iter().chain(&content.snippets).collect();
    let mut sources: Vec<&Source> = all.iter().copied().filter(|s| s.locale == config.default_locale).collect();
    sources.sort_by(|a, b| a.key.cmp(&b.key));
    sources
        .into_iter()
        .map(|source| {
            let translation = all.iter().copied().find(|t| t.key == source.key && t.locale == locale);
            let units = units::of_page(&source.front, source.body.loaded().unwrap_or(""));
            let tr_units = translation.map(|t| units::of_page(&t.front, t.body.loaded().unwrap_or("")));
            let existing = match &tr_units {
                Some(t) => units::align(&units, t),
                None => vec![None; units.len()],
            };
            let reshaped = tr_units.is_some_and(|t| units::shape(&t) != units::shape(&units));
            PageUnits { source, hash: hash::of_source(source), units, existing, translation, reshaped }
        })
        .collect()
}

fn checked_locale(config: &Config, code: &str) -> Result<String> {
    if code.eq_ignore_ascii_case(&config.default_locale) {
        bail!("{code:?} is the default locale: it is the source of every translation, not a translation");
    }
    match config.locales.iter().find(|l| l.code.eq_ignore_ascii_case(code)) {
        Some(l) => Ok(l.code.clone()),
        None => {
            let known: Vec<&str> = config.locales.iter().filter(|l| l.code != config.default_locale).map(|l| l.code.as_str()).collect();
            bail!("locale {code:?} is not configured in site.toml (translated locales: {})", known.join(", "))
        }
    }
}

/// The units of one file of the site (a page, or the helplines' words) for an export.
struct Part<'a> {
    path: String,
    hash: String,
    units: &'a [Unit],
    existing: &'a [Option<Segment>],
    current: bool,
    /// Added to a body unit's line (the body's first line in the file, less one).
    line_offset: usize,
}

impl<'a> Part<'a> {
    fn of_page(p: &'a PageUnits) -> Part<'a> {
        Part {
            path: p.path(),
            hash: p.hash.clone(),
            units: &p.units,
            existing: &p.existing,
            current: p.current(),
            line_offset: p.source.body_line.saturating_sub(1),
        }
    }

    /// Helplines have no recorded version: a word that is translated counts as current.
    fn of_helplines(h: &'a helpline_units::HelplineUnits) -> Part<'a> {
        Part { path: slash_path(&h.file), hash: h.hash.clone(), units: &h.units, existing: &h.existing, current: true, line_offset: 0 }
    }
}

/// The entries of some parts, identical source texts merged into the first one's entry.
fn entries(parts: &[Part]) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    let mut by_text: BTreeMap<String, usize> = BTreeMap::new();
    for p in parts {
        let page_current = p.current;
        for (u, existing) in p.units.iter().zip(p.existing) {
            let text = u.segment.po_text();
            let state = match existing {
                None => State::Untranslated,
                Some(_) if page_current => State::Translated,
                Some(_) => State::NeedsReview,
            };
            let line = if u.span.is_some() {
                u.line + p.line_offset
            } else if u.line > 0 {
                u.line
            } else {
                2
            };
            let loc = Location { file: p.path.clone(), line, kind: u.kind, heading: u.heading.clone() };
            if let Some(&i) = by_text.get(&text) {
                let e = &mut out[i];
                e.locations.push(loc);
                if state < e.state || e.target.is_none() {
                    (e.state, e.target) = (state.min(e.state), existing.clone().or(e.target.take()));
                }
                continue;
            }
            by_text.insert(text.clone(), out.len());
            out.push(Entry { id: unit_id(&p.path, &text), source: u.segment.clone(), target: existing.clone(), state, locations: vec![loc] });
        }
    }
    out
}

/// Counts of an export, for the report.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub files: usize,
    pub entries: usize,
    pub translated: usize,
    pub needs_review: usize,
    pub untranslated: usize,
}

/// Writes the export files of `locale` under `out` (one per page, or one for the site);
/// returns what was written.
pub fn export(root: &Path, locale: &str, format: Format, single: bool, out: &Path) -> Result<(Counts, Vec<PathBuf>)> {
    let config = Config::load(root)?;
    let locale = checked_locale(&config, locale)?;
    let (content, diags) = crate::content::load(&config, true);
    if let Some(d) = diags.iter().find(|d| d.is_error()) {
        bail!("the content cannot be read: {d}");
    }
    let pages = load_pages(&config, &content, &locale);
    let helplines = helpline_units::load(&config.root, config.helplines.as_deref(), &locale)?;
    let mut parts: Vec<(PathBuf, Part)> = pages.iter().map(|p| (Path::new(&p.source.key).with_extension(format.ext()), Part::of_page(p))).collect();
    if let Some(h) = &helplines {
        parts.push((h.file.with_extension(format.ext()), Part::of_helplines(h)));
    }
    let groups: Vec<(PathBuf, Vec<Part>)> = if single {
        vec![(out.join(format!("{locale}.{}", format.ext())), parts.into_iter().map(|(_, p)| p).collect())]
    } else {
        parts.into_iter().map(|(rel, p)| (out.join(&locale).join(rel), vec![p])).collect()
    };
    let mut counts = Counts::default();
    let mut written = Vec::new();
    for (file, group) in groups {
        let doc = ExchangeDoc {
            locale: locale.clone(),
            source_locale: config.default_locale.clone(),
            sources: group.iter().map(|p| (p.path.clone(), p.hash.clone())).collect(),
            entries: entries(&group),
        };
        for e in &doc.entries {
            counts.entries += 1;
            match e.state {
                State::Translated => counts.translated += 1,
                State::NeedsReview => counts.needs_review += 1,
                State::Untranslated => counts.untranslated += 1,
            }
        }
        let text = match format {
            Format::Po => po::write(&doc),
            Format::Xliff => xliff::write(&doc),
        };
        crate::fsutil::write(&file, text)?;
        counts.files += 1;
        written.push(file);
    }
    Ok((counts, written))
}

/// Reads an exchange file, by its content (XML is XLIFF, anything else PO).
pub fn read_file(path: &Path) -> Result<Imported> {
    let text = crate::fsutil::read_text(path)?;
    let parsed = if text.trim_start().starts_with('<') { xliff::read(&text) } else { po::read(&text) };
    parsed.with_context(|| format!("{}: cannot be read", path.display()))
}

/// What an import did or would do.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// (translation file, units written from the file, units in the page, marked current)
    pub pages: Vec<(PathBuf, usize, usize, bool)>,
    /// Units not applied because their source changed since the export.
    pub stale: Vec<String>,
}

impl ImportReport {
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (file, from_file, total, current) in &self.pages {
            let state = if *current { "marked current".to_string() } else { "not marked current: some units are untranslated or need review".to_string() };
            let _ = writeln!(out, "{}: {from_file} of {total} units from the file; {state}", slash_path(file));
        }
        for s in &self.stale {
            let _ = writeln!(out, "not applied: {s}");
        }
        out
    }
}

/// Writes the translations of an exchange file into the locale's pages. Every problem is
/// collected first; when there is one, nothing is written.
pub fn import(root: &Path, file: &Path, restructure: bool) -> Result<ImportReport> {
    let imported = read_file(file)?;
    let config = Config::load(root)?;
    let locale = checked_locale(&config, &imported.locale).with_context(|| format!("{}: its language (trgLang / Language)", file.display()))?;
    if let Some(src) = imported.source_locale.as_deref().filter(|s| !s.eq_ignore_ascii_case(&config.default_locale)) {
        bail!("{}: it was exported from {src:?}, but the site's default locale is {}", file.display(), config.default_locale);
    }
    let (content, diags) = crate::content::load(&config, true);
    if let Some(d) = diags.iter().find(|d| d.is_error()) {
        bail!("the content cannot be read: {d}");
    }
    let pages = load_pages(&config, &content, &locale);
    let helplines = helpline_units::load(&config.root, config.helplines.as_deref(), &locale)?;
    let mut errors = Vec::new();
    let mut scope: Vec<(&PageUnits, &str)> = Vec::new();
    let mut words: Option<&helpline_units::HelplineUnits> = None;
    let mut parts: Vec<(Part, &str)> = Vec::new();
    for (path, exported_hash) in &imported.sources {
        if let Some(h) = helplines.as_ref().filter(|h| slash_path(&h.file) == *path) {
            words = Some(h);
            parts.push((Part::of_helplines(h), exported_hash));
            continue;
        }
        match pages.iter().find(|p| p.path() == *path) {
            Some(p) => {
                scope.push((p, exported_hash));
                parts.push((Part::of_page(p), exported_hash));
            }
            None => errors.push(format!("{path}: no such source page in the default locale ({})", config.default_locale)),
        }
    }
    let (by_text, stale) = check_entries(&imported, &parts, &mut errors);
    let mut plans = Vec::new();
    let mut report = ImportReport { stale, ..ImportReport::default() };
    for (page, _) in &scope {
        if page.reshaped && !restructure {
            let tr = page.translation.map(|t| slash_path(&t.file)).unwrap_or_default();
            errors.push(format!("{tr}: its sections, lists or tables differ from its source's ({}), so importing would replace them with the source's layout; check it, then import with --restructure", page.path()));
            continue;
        }
        match plan_page(&config, page, &locale, &by_text) {
            Ok(Some(p)) => plans.push(p),
            Ok(None) => {}
            Err(e) => errors.push(format!("{e:#}")),
        }
    }
    if let Some(h) = words {
        match plan_words(&config, h, &by_text) {
            Ok(Some(p)) => plans.push(p),
            Ok(None) => {}
            Err(e) => errors.push(format!("{e:#}")),
        }
    }
    if !errors.is_empty() {
        bail!("{}: rejected, nothing was written:\n  {}", file.display(), errors.join("\n  "));
    }
    for p in plans {
        crate::fsutil::write(&config.root.join(&p.file), &p.text)?;
        report.pages.push((p.file, p.from_file, p.total, p.current));
    }
    Ok(report)
}

/// The checked translations by source text; the units not applied because their source
/// changed. Unknown ids and broken placeholders go to `errors`, naming the unit.
fn check_entries<'i>(imported: &'i Imported, scope: &[(Part, &str)], errors: &mut Vec<String>) -> (BTreeMap<String, &'i ImportedEntry>, Vec<String>) {
    let mut known: BTreeMap<String, &Segment> = BTreeMap::new();
    for (p, _) in scope {
        for u in p.units {
            known.entry(unit_id(&p.path, &u.segment.po_text())).or_insert(&u.segment);
        }
    }
    let mut by_text = BTreeMap::new();
    let mut stale = Vec::new();
    for e in &imported.entries {
        let Some(segment) = known.get(&e.id) else {
            let changed = scope.iter().find(|(p, exported)| p.hash != *exported && unit_id(&p.path, &e.source_text) == e.id);
            match changed {
                Some((p, _)) if e.target.is_some() => {
                    stale.push(format!("unit {} ({}): its source changed since the export: {:?}", e.id, p.path, e.source_text))
                }
                Some(_) => {}
                None => errors.push(format!("{}: unit {}: unknown id (not a unit of the pages this file names)", e.at, e.id)),
            }
            continue;
        };
        let Some(target) = &e.target else { continue };
        if let Err(m) = segment.check(target) {
            errors.push(format!("{}: unit {}: {m} (source: {:?})", e.at, e.id, segment.po_text()));
            continue;
        }
        by_text.insert(segment.po_text(), e);
    }
    (by_text, stale)
}

/// A file to write.
struct PagePlan {
    file: PathBuf,
    text: String,
    from_file: usize,
    total: usize,
    current: bool,
}

/// The new text of a page's translation: the source's body with each unit replaced by its
/// translation (from the file, else the one already there, else the source's text).
fn plan_page(config: &Config, page: &PageUnits, locale: &str, by_text: &BTreeMap<String, &ImportedEntry>) -> Result<Option<PagePlan>> {
    let mut body = page.source.body.loaded().unwrap_or("").to_string();
    let mut front: BTreeMap<UnitKind, String> = BTreeMap::new();
    let (mut from_file, mut reviewed) = (0, 0);
    let mut order: Vec<(&Unit, &Option<Segment>)> = page.units.iter().zip(&page.existing).collect();
    order.sort_by_key(|(u, _)| std::cmp::Reverse(u.span.as_ref().map_or(0, |s| s.start)));
    for (u, existing) in order {
        let entry = by_text.get(&u.segment.po_text());
        // A translation's own markup (a link to a page in its language) is kept where it lines up.
        let codes_of = existing.as_ref().filter(|e| e.codes.iter().all(|c| u.segment.code(c.n).is_some_and(|s| s.kind == c.kind))).unwrap_or(&u.segment);
        let md = match (entry.and_then(|e| e.target.as_ref()), existing) {
            (Some(t), _) => {
                from_file += 1;
                reviewed += usize::from(entry.is_some_and(|e| e.reviewed));
                codes_of.markdown_with(t)
            }
            (None, Some(e)) => e.markdown_with(&e.pieces),
            (None, None) => u.segment.markdown_with(&u.segment.pieces),
        };
        match &u.span {
            Some(span) if u.kind == UnitKind::ShortcodeArg && md.contains('"') => {
                bail!("{}: unit {}: a shortcode's text cannot contain a double quote (\")", page.path(), unit_id(&page.path(), &u.segment.po_text()))
            }
            Some(span) => body.replace_range(span.clone(), &md),
            None => {
                front.insert(u.kind, md);
            }
        }
    }
    if from_file == 0 {
        return Ok(None);
    }
    let new_units = units::of_body(&body);
    if units::shape(&new_units) != units::shape(&page.units) {
        bail!("{}: the translations would change the page's structure (a translated unit starts a list, heading or quote?); nothing was written", page.path());
    }
    let current = reviewed == page.units.len();
    let file = translation_path(page, locale);
    let old = match page.translation {
        Some(t) => Some(crate::fsutil::read_text(&config.root.join(&t.file))?),
        None => None,
    };
    let source_text = crate::fsutil::read_text(&config.root.join(&page.source.file))?;
    let front_text = front_matter(old.as_deref().unwrap_or(&source_text), old.is_none(), &front, current.then_some(page.hash.as_str()))
        .with_context(|| format!("{}: front matter", slash_path(&file)))?;
    Ok(Some(PagePlan { file, text: format!("+++\n{front_text}+++\n{body}"), from_file, total: page.units.len(), current }))
}

/// The helplines' word file with the file's translations set (words with none are left out,
/// so the data file's own words show).
fn plan_words(config: &Config, h: &helpline_units::HelplineUnits, by_text: &BTreeMap<String, &ImportedEntry>) -> Result<Option<PagePlan>> {
    let mut values = Vec::new();
    let mut reviewed = 0;
    for (u, key) in h.units.iter().zip(&h.keys) {
        let Some(e) = by_text.get(&u.segment.po_text()) else { continue };
        let Some(t) = &e.target else { continue };
        reviewed += usize::from(e.reviewed);
        values.push((key, u.segment.markdown_with(t)));
    }
    if values.is_empty() {
        return Ok(None);
    }
    let path = config.root.join(&h.words_file);
    let old = if path.exists() { Some(crate::fsutil::read_text(&path)?) } else { None };
    let text = helpline_units::write_words(old.as_deref(), &values).with_context(|| format!("{}: cannot update it", slash_path(&h.words_file)))?;
    Ok(Some(PagePlan { file: h.words_file.clone(), text, from_file: values.len(), total: h.units.len(), current: reviewed == h.units.len() }))
}

fn translation_path(page: &PageUnits, locale: &str) -> PathBuf {
    if let Some(t) = page.translation {
        return t.file.clone();
    }
    let key = page.source.key.strip_suffix(".md").unwrap_or(&page.source.key);
    PathBuf::from("content").join(format!("{key}.{locale}.md"))
}

/// The translation's front matter (or, for a new translation, the source's without `slug`)
/// with the translated title, description and menu title, and `source_hash` when current.
fn front_matter(file_text: &str, is_new: bool, front: &BTreeMap<UnitKind, String>, hash: Option<&str>) -> Result<String> {
    let (fm, _, _) = crate::frontmatter::split(file_text).map_err(|e| anyhow!("line {}: {}", e.line, e.message))?;
    let mut doc: toml_edit::DocumentMut = fm.replace("\r\n", "\n").parse().map_err(|e| anyhow!("{e}"))?;
    if is_new {
        doc.remove("slug");
        doc.remove("source_hash");
    }
    for (kind, text) in front {
        match kind {
            UnitKind::Title => doc["title"] = toml_edit::value(text.as_str()),
            UnitKind::Description => doc["description"] = toml_edit::value(text.as_str()),
            UnitKind::MenuTitle => {
                if doc.get("extra").is_none() {
                    doc["extra"] = toml_edit::table();
                }
                doc["extra"]["menu_title"] = toml_edit::value(text.as_str());
            }
            _ => {}
        }
    }
    if let Some(h) = hash {
        doc["source_hash"] = toml_edit::value(h);
    }
    Ok(doc.to_string())
}
