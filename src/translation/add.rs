//! `haven i18n add <locale>`: adds the locale to `site.toml` (keeping its comments and layout)
//! and gives it a copy of every default-locale message, each marked for translation.

use super::autonyms::autonym;
use super::messages::{self, TODO_MARK};
use super::status::{self, PageState};
use crate::config::{self, Config, Direction};
use anyhow::{anyhow, bail, Context, Result};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// How many pages the "translate next" list shows.
const NEXT_PAGES: usize = 10;

/// A `.ftl` file to create; `text` is `None` when the file exists already and is kept.
struct NewFile {
    path: PathBuf,
    text: Option<String>,
    entries: usize,
}

/// Adds the locale `code` to the site in `root`; returns what was done and what to translate next.
pub fn add_locale(root: &Path, code: &str, name: Option<&str>, dir: Option<&str>) -> Result<String> {
    let config = Config::load(root)?;
    let code = config::validate_locale_code(code)?;
    if let Some(l) = config.locales.iter().find(|l| l.code.eq_ignore_ascii_case(&code)) {
        bail!("locale {:?} is already in site.toml (as {:?}, {})", code, l.code, l.name);
    }
    let name = match name {
        Some(n) if !n.trim().is_empty() => n.trim().to_string(),
        _ => autonym(&code).map(str::to_string).ok_or_else(|| anyhow!("give the language's name in itself with --name, e.g. `haven i18n add {code} --name \"...\"`"))?,
    };
    let dir = explicit_dir(&code, dir)?;
    let toml_path = config.root.join("site.toml");
    let new_toml = append_locale(&crate::fsutil::read_text(&toml_path)?, &code, &name, dir)?;
    Config::parse(&config.root, &new_toml).context("site.toml would not be valid with the new locale; it was left as it was")?;
    let files = ftl_copies(&config, &code)?;
    for f in &files {
        if let Some(text) = &f.text {
            crate::fsutil::write(&f.path, text)?;
        }
    }
    crate::fsutil::write(&toml_path, new_toml)?;
    next_steps(&config, &code, &name, &files)
}

/// The `dir` to write: only one that differs from what the code implies.
fn explicit_dir(code: &str, dir: Option<&str>) -> Result<Option<&'static str>> {
    let wanted = match dir {
        None => return Ok(None),
        Some("ltr") => Direction::Ltr,
        Some("rtl") => Direction::Rtl,
        Some(other) => bail!("--dir {other:?}: use ltr or rtl"),
    };
    Ok((config::direction_of(code) != wanted).then_some(wanted.as_str()))
}

/// `site.toml` with a `[[locales]]` entry appended after the last one, all else unchanged.
pub fn append_locale(text: &str, code: &str, name: &str, dir: Option<&str>) -> Result<String> {
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| anyhow!("site.toml: {e}"))?;
    let mut entry = toml_edit::Table::new();
    entry.insert("code", toml_edit::value(code));
    entry.insert("name", toml_edit::value(name));
    if let Some(d) = dir {
        entry.insert("dir", toml_edit::value(d));
    }
    match doc.get_mut("locales") {
        Some(toml_edit::Item::ArrayOfTables(list)) => {
            entry.decor_mut().set_prefix("\n");
            list.push(entry);
        }
        Some(toml_edit::Item::Value(toml_edit::Value::Array(list))) => list.push(entry.into_inline_table()),
        _ => bail!("site.toml: `locales` is not a list of [[locales]] tables"),
    }
    Ok(doc.to_string())
}

/// Every default-locale `.ftl` file (the site's, and the theme's unless the theme already has
/// this locale), copied into `locales/<code>/` with each message marked for translation.
/// A file already there (a translator got ahead) is kept as it is.
fn ftl_copies(config: &Config, code: &str) -> Result<Vec<NewFile>> {
    let dest = config.root.join("locales").join(code);
    let is_ftl = |f: &crate::theme::LayerFile| f.rel.ends_with(".ftl");
    let mut sources: Vec<_> = crate::theme::site_files(config, &format!("locales/{}", config.default_locale), false).into_iter().filter(is_ftl).collect();
    // The theme's (on disk or built in), unless the theme already has this locale.
    if !crate::theme::theme_files(config, &format!("locales/{code}"), false).iter().any(is_ftl) {
        sources.extend(crate::theme::theme_files(config, &format!("locales/{}", config.default_locale), false).into_iter().filter(is_ftl));
    }
    let mut out: Vec<NewFile> = Vec::new();
    for src in sources {
        let file_name = src.rel.clone();
        let mut path = dest.join(&file_name);
        if out.iter().any(|f| f.path == path) {
            path = dest.join(format!("theme-{file_name}"));
        }
        if path.exists() {
            out.push(NewFile { path, text: None, entries: 0 });
            continue;
        }
        let from = super::slash_path(&src.shown);
        let (text, entries) = mark_for_translation(&src.text()?, &from, code);
        out.push(NewFile { path, text: Some(text), entries });
    }
    Ok(out)
}

/// The file with a `# TODO(translate)` line right above each message and term (so it joins
/// the entry's own comment), under a note saying where the copy came from.
pub fn mark_for_translation(text: &str, from: &str, code: &str) -> (String, usize) {
    let ids: Vec<String> = match fluent_syntax::parser::parse(text) {
        Ok(r) | Err((r, _)) => r.body.iter().filter_map(messages::entry_id).collect(),
    };
    let lines = messages::entry_lines(text, &ids);
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = format!(
        "### Copied from {from} by `haven i18n add {code}`: translate each message marked{eol}### {TODO_MARK}, then delete that mark. `haven i18n status` counts the marks left.{eol}{eol}"
    );
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if lines.contains(&(i + 1)) {
            out.push_str(&format!("# {TODO_MARK}{eol}"));
        }
        out.push_str(line);
    }
    (out, ids.len())
}

fn next_steps(config: &Config, code: &str, name: &str, files: &[NewFile]) -> Result<String> {
    let mut out = format!("Added the locale {code} ({name}) to site.toml.\n");
    for f in files {
        let rel = f.path.strip_prefix(&config.root).unwrap_or(&f.path);
        let _ = match f.text {
            Some(_) => writeln!(out, "Created {}: {} messages to translate, each marked {TODO_MARK}.", rel.display(), f.entries),
            None => writeln!(out, "Kept {}, which exists already.", rel.display()),
        };
    }
    if config.fallback {
        let _ = writeln!(out, "The site builds in {name} right away: untranslated pages show the {} text under a notice.", config.default_locale);
    } else {
        let _ = writeln!(out, "Fallback is off in site.toml: a page appears in {name} once it is translated.");
    }
    out.push_str("\nWhat to translate next:\n");
    let _ = writeln!(out, "  1. The interface strings in locales/{code}/: translate each message, then delete its {TODO_MARK} line.");
    let report = status::status(&config.root, &status::Options { locale: Some(code.to_string()), history: false })?;
    let missing: Vec<_> = report.locales.iter().flat_map(|l| &l.pages.items).filter(|i| i.state == PageState::Missing).collect();
    let _ = writeln!(out, "  2. The pages ({} in all), most important first:", missing.len());
    for i in missing.iter().take(NEXT_PAGES) {
        let target = format!("content/{}.{code}.md", i.key.strip_suffix(".md").unwrap_or(&i.key));
        let _ = writeln!(out, "       {} -> {target}  {:?} ({} words)", i.source, i.title, i.words);
    }
    if missing.len() > NEXT_PAGES {
        let _ = writeln!(out, "       ... and {} more", missing.len() - NEXT_PAGES);
    }
    let _ = writeln!(out, "  3. After translating a page, record the source version it matches:\n       haven i18n mark-current content/<page>.{code}.md");
    let _ = writeln!(out, "Run `haven i18n status --locale {code}` to see what is left.");
    Ok(out)
}
