//! `haven i18n add <locale>`: adds the locale to `site.toml` (keeping its comments and layout,
//! with its title, description and exit marked for translation) and gives it what it still
//! lacks: a copy of every default-locale message and a helpline word file, each marked for
//! translation. Run again for a locale already there, it only creates what is missing.

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
        return complete_locale(&config, l);
    }
    let name = match name {
        Some(n) if !n.trim().is_empty() => n.trim().to_string(),
        _ => autonym(&code)
            .map(str::to_string)
            .ok_or_else(|| anyhow!("give the language's name in itself with --name, e.g. `haven i18n add {code} --name \"...\"`"))?,
    };
    let dir = explicit_dir(&code, dir)?;
    let toml_path = config.root.join("site.toml");
    let new_toml = append_locale(&crate::fsutil::read_text(&toml_path)?, &code, &name, dir, &site_fields(&config))?;
    let new_config = Config::parse(&config.root, &new_toml).context("site.toml would not be valid with the new locale; it was left as it was")?;
    let files = missing_files(&config, &code)?;
    write_new(&files)?;
    crate::fsutil::write(&toml_path, new_toml)?;
    let mut out = format!("Added the locale {code} ({name}) to site.toml, its title, description and quick_exit_url marked {TODO_MARK}.\n");
    out.push_str(&exit_warning(&new_config, &code));
    next_steps(&config, &code, &name, &files, out)
}

/// `haven i18n add` for a locale `site.toml` has already: creates only the files it still lacks.
fn complete_locale(config: &Config, l: &config::Locale) -> Result<String> {
    let files = missing_files(config, &l.code)?;
    write_new(&files)?;
    let mut out = format!("The locale {} ({}) is in site.toml already: created only what it still lacked.\n", l.code, l.name);
    out.push_str(&exit_warning(config, &l.code));
    next_steps(config, &l.code, &l.name, &files, out)
}

/// The string files and the helpline word file the locale lacks.
fn missing_files(config: &Config, code: &str) -> Result<Vec<NewFile>> {
    let mut files = ftl_copies(config, code)?;
    files.extend(helpline_words(config, code)?);
    Ok(files)
}

fn write_new(files: &[NewFile]) -> Result<()> {
    for f in files {
        if let Some(text) = &f.text {
            crate::fsutil::write(&f.path, text)?;
        }
    }
    Ok(())
}

/// A warning line when the locale's quick exit goes to a site in another language.
fn exit_warning(config: &Config, code: &str) -> String {
    let Some((i, l)) = config.locales.iter().enumerate().find(|(_, l)| l.code == code) else { return String::new() };
    let Some(lang) = super::exit_language::other_language(&l.quick_exit_url, code) else { return String::new() };
    // The key as site.toml numbers it (config lists the default locale first).
    let key = raw_locale_index(config, code).map_or(format!("locales[{i}].quick_exit_url"), |n| format!("locales[{n}].quick_exit_url"));
    format!("warning: {key}: the quick exit {:?} goes to a site in another language ({lang}); give a neutral site in {} (docs/translating.md, \"The translator who joins later\")\n", l.quick_exit_url, l.name)
}

/// The position of the locale among the `[[locales]]` of site.toml as written.
fn raw_locale_index(config: &Config, code: &str) -> Option<usize> {
    let text = crate::fsutil::read_text(&config.root.join("site.toml")).ok()?;
    let doc: toml_edit::DocumentMut = text.parse().ok()?;
    let list = doc.get("locales")?.as_array_of_tables()?;
    let at = list.iter().position(|t| t.get("code").and_then(|v| v.as_str()).is_some_and(|c| c.eq_ignore_ascii_case(code)));
    at
}

/// The site-wide values a new locale starts from: (key, value), each to translate.
fn site_fields(config: &Config) -> Vec<(&'static str, String)> {
    let d = config.default();
    vec![("title", d.title.clone()), ("description", d.description.clone()), ("quick_exit_url", d.quick_exit_url.clone())]
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

/// `site.toml` with a `[[locales]]` entry appended after the last one, all else unchanged;
/// each of `fields` (the site's own title, description, exit) is copied in with a
/// `# TODO(translate)` comment after it, so the site builds as before and status counts it.
pub(super) fn append_locale(text: &str, code: &str, name: &str, dir: Option<&str>, fields: &[(&str, String)]) -> Result<String> {
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| anyhow!("site.toml: {e}"))?;
    let mut entry = toml_edit::Table::new();
    entry.insert("code", toml_edit::value(code));
    entry.insert("name", toml_edit::value(name));
    if let Some(d) = dir {
        entry.insert("dir", toml_edit::value(d));
    }
    for (key, value) in fields {
        let mut v = toml_edit::Value::from(value.as_str());
        v.decor_mut().set_suffix(format!(" # {TODO_MARK}"));
        entry.insert(key, toml_edit::Item::Value(v));
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
    // The theme's (on disk or built in), each unless the theme has that file in this locale.
    let theme_own: Vec<String> = crate::theme::theme_files(config, &format!("locales/{code}"), false).into_iter().filter(is_ftl).map(|f| f.rel).collect();
    sources.extend(
        crate::theme::theme_files(config, &format!("locales/{}", config.default_locale), false)
            .into_iter()
            .filter(is_ftl)
            .filter(|f| !theme_own.contains(&f.rel)),
    );
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

/// The helpline word file `data/helplines.<code>.toml` when the site has helplines and the
/// locale has none: every helpline's words, commented out under a `# TODO(translate)` line, so
/// the site shows the original words (in their own language) until a translator uncomments them.
fn helpline_words(config: &Config, code: &str) -> Result<Option<NewFile>> {
    let Some(rel) = config.helplines.as_ref().filter(|_| code != config.default_locale) else { return Ok(None) };
    let path = config.root.join(rel.with_extension(format!("{code}.toml")));
    if path.exists() {
        return Ok(Some(NewFile { path, text: None, entries: 0 }));
    }
    let text = crate::fsutil::read_text(&config.root.join(rel))?;
    let data: toml::Table = text.parse().with_context(|| format!("{}: not valid TOML", rel.display()))?;
    let (text, entries) = helpline_template(&data, &super::slash_path(rel), code);
    Ok(Some(NewFile { path, text: Some(text), entries }))
}

/// The commented-out word file and how many words it holds.
fn helpline_template(data: &toml::Table, from: &str, code: &str) -> (String, usize) {
    let mut out = format!("# Words in {code} for the helplines in {from}, matched by `id`: numbers, web addresses and\n# dates always come from {from}. Made by `haven i18n add {code}`: translate each helpline's\n# words, remove the `# ` before its lines and the {TODO_MARK} mark above them.\n");
    let mut entries = 0;
    for h in data.get("helpline").and_then(|v| v.as_array()).into_iter().flatten() {
        let Some(id) = h.get("id").and_then(|v| v.as_str()) else { continue };
        let _ = write!(out, "\n# {TODO_MARK}\n# [[helpline]]\n# id = {}\n", toml_edit::Value::from(id));
        for field in super::helpline_units::FIELDS {
            if let Some(words) = h.get(field).and_then(|v| v.as_str()).filter(|v| !v.trim().is_empty()) {
                let _ = writeln!(out, "# {field} = {}", toml_edit::Value::from(words));
                entries += 1;
            }
        }
    }
    (out, entries)
}

fn next_steps(config: &Config, code: &str, name: &str, files: &[NewFile], mut out: String) -> Result<String> {
    for f in files {
        let rel = f.path.strip_prefix(&config.root).unwrap_or(&f.path);
        let what = if rel.extension().is_some_and(|e| e == "toml") { "helpline words" } else { "messages" };
        let _ = match f.text {
            Some(_) => writeln!(out, "Created {}: {} {what} to translate, marked {TODO_MARK}.", rel.display(), f.entries),
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
