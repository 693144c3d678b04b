//! `haven init [DIR]`: writes a starter site (commented `site.toml`, home, help and safe-browsing
//! pages, a helplines file, a README) that builds at once with the built-in default theme.

use crate::config::{self, Direction};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// The starter files, with `{PLACEHOLDERS}` filled in by [`fill`].
const STARTER: &[(&str, &str)] = &[
    ("site.toml", include_str!("starter/site.toml")),
    ("content/_index.md", include_str!("starter/content/_index.md")),
    ("content/get-help.md", include_str!("starter/content/get-help.md")),
    ("content/browse-safely.md", include_str!("starter/content/browse-safely.md")),
    ("data/helplines.toml", include_str!("starter/data/helplines.toml")),
    ("README.md", include_str!("starter/README.md")),
    // Stored without its dot, so that it does not apply to this repository's own files.
    (".gitignore", include_str!("starter/gitignore")),
];

/// The site's name when `--name` is not given.
pub const DEFAULT_NAME: &str = "Our campaign";

/// Names of tags with a region or script, which the plain-language autonyms do not cover.
const TAGGED_NAMES: &[(&str, &str)] = &[
    ("pt-BR", "Português (Brasil)"),
    ("pt-PT", "Português (Portugal)"),
    ("zh-Hans", "简体中文"),
    ("zh-Hant", "繁體中文"),
    ("es-419", "Español (Latinoamérica)"),
    ("fr-CA", "Français (Canada)"),
    ("en-GB", "English (UK)"),
    ("en-US", "English (US)"),
];

/// What to create.
#[derive(Debug, Clone)]
pub struct InitOptions {
    pub dir: PathBuf,
    /// Locale codes, the default first; empty means English only.
    pub locales: Vec<String>,
    pub name: Option<String>,
}

/// One file written, relative to the site's folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
}

/// Writes the starter site into `opts.dir` (created if absent; refused if not empty).
pub fn init(opts: &InitOptions) -> Result<Vec<Written>> {
    let locales = validated_locales(&opts.locales)?;
    refuse_non_empty(&opts.dir)?;
    let name = opts.name.as_deref().map(str::trim).filter(|n| !n.is_empty()).unwrap_or(DEFAULT_NAME);
    let mut files: Vec<(PathBuf, String)> = STARTER.iter().map(|(rel, text)| (PathBuf::from(rel), fill(text, name, &locales))).collect();
    files.extend(interface_copies(&locales));
    let mut written = Vec::new();
    for (rel, text) in files {
        crate::fsutil::write(&opts.dir.join(&rel), text).with_context(|| format!("cannot create the starter site in {}", opts.dir.display()))?;
        written.push(Written { path: rel });
    }
    Ok(written)
}

/// The codes in canonical form, without repeats; English when none is given.
fn validated_locales(codes: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for code in codes {
        let code = config::validate_locale_code(code)?;
        if out.iter().any(|c| c.eq_ignore_ascii_case(&code)) {
            bail!("--locale {code} is given twice");
        }
        out.push(code);
    }
    if out.is_empty() {
        out.push("en".into());
    }
    Ok(out)
}

/// A folder with anything in it is never written into, so no one's files are overwritten.
fn refuse_non_empty(dir: &Path) -> Result<()> {
    if dir.is_file() {
        bail!("{} is a file, not a folder", dir.display());
    }
    if !dir.exists() {
        return Ok(());
    }
    let mut entries = std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
    if entries.next().is_some() {
        bail!("{} is not empty: give `haven init` a new or empty folder (nothing was written)", dir.display());
    }
    Ok(())
}

/// Fills a starter file's placeholders; values going into TOML are quoted as TOML strings.
fn fill(text: &str, name: &str, locales: &[String]) -> String {
    let description = format!("{name}: information, help and safety.");
    text.replace("{TITLE}", &toml_string(name))
        .replace("{DESCRIPTION}", &toml_string(&description))
        .replace("{DEFAULT_LOCALE}", &toml_string(&locales[0]))
        .replace("{LOCALES}", &locale_entries(locales))
        .replace("{NAME_TEXT}", &name.replace(char::is_control, " "))
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// `[[locales]]` entries, each with its name in its own language.
fn locale_entries(locales: &[String]) -> String {
    let mut out = String::new();
    for code in locales {
        out.push_str(&format!("[[locales]]\ncode = {}\nname = {}\n", toml_string(code), toml_string(&locale_name(code))));
        if config::direction_of(code) == Direction::Rtl {
            out.push_str("# Written right to left (known from the code; set `dir = \"ltr\"` or \"rtl\" to say otherwise).\n");
        }
        out.push('\n');
    }
    out.trim_end().to_string() + "\n"
}

/// The language's name in itself, else the code (the site owner can correct it in site.toml).
fn locale_name(code: &str) -> String {
    if let Some((_, n)) = TAGGED_NAMES.iter().find(|(c, _)| c.eq_ignore_ascii_case(code)) {
        return n.to_string();
    }
    let language = code.split('-').next().unwrap_or(code);
    crate::translation::autonym(language).map(str::to_string).unwrap_or_else(|| code.to_string())
}

/// For each locale the built-in theme has no interface strings for, a copy of its English ones
/// marked for translation (as `haven i18n add` does), so every page has its buttons' text.
fn interface_copies(locales: &[String]) -> Vec<(PathBuf, String)> {
    let source = crate::theme::embedded_files("locales/en", false);
    let mut out = Vec::new();
    for code in locales {
        if !crate::theme::embedded_files(&format!("locales/{code}"), false).is_empty() {
            continue;
        }
        for f in source.iter().filter(|f| f.rel.ends_with(".ftl")) {
            let Ok(text) = f.text() else { continue };
            let from = f.shown.to_string_lossy().replace('\\', "/");
            let (marked, _) = crate::translation::mark_for_translation(&text, &from, code);
            let marked = marked.replacen(&format!("`haven i18n add {code}`"), "`haven init`", 1);
            out.push((Path::new("locales").join(code).join(&f.rel), marked));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_tagged_and_plain_locales() {
        assert_eq!(locale_name("pt-BR"), "Português (Brasil)");
        assert_eq!(locale_name("fa"), "فارسی");
        assert_eq!(locale_name("qaa"), "qaa");
    }

    #[test]
    fn quotes_the_name_in_toml() {
        let toml = fill("title = {TITLE}\n", "Say \"no\"", &["en".into()]);
        assert_eq!(toml::from_str::<toml::Table>(&toml).unwrap()["title"].as_str(), Some("Say \"no\""));
    }
}
