//! What `haven i18n status` counts for a locale besides pages and strings: its helpline word
//! file, its own fields in site.toml, and whose words the vague-link lint uses for it.

use super::messages::TODO_MARK;
use crate::config::Config;
use serde::Serialize;

/// The helpline words of one locale, against the helplines data file.
#[derive(Debug, Serialize)]
pub struct HelplineWords {
    /// `data/helplines.<code>.toml`, relative to the site.
    pub file: String,
    pub exists: bool,
    /// Words (`about`, `sms_note`, `hours`, `languages`, `notes` of each helpline) in the data file.
    pub total: usize,
    pub translated: usize,
    /// The words without a translation, as `id: field`.
    pub missing: Vec<String>,
    /// A problem reading either file (then the counts are 0).
    pub error: Option<String>,
}

/// Whether a locale's field in site.toml is its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldState {
    /// Set, and not marked `TODO(translate)`.
    Set,
    /// Set but still marked `# TODO(translate)` (as `haven i18n add` writes it).
    Todo,
    /// Not set: the site's own value (or the default exit) is used.
    Fallback,
}

/// The locale's `title`, `description` and `quick_exit_url` in site.toml.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Fields {
    pub title: FieldState,
    pub description: FieldState,
    pub quick_exit_url: FieldState,
}

impl Fields {
    pub fn all(&self) -> [(&'static str, FieldState); 3] {
        [("title", self.title), ("description", self.description), ("quick_exit_url", self.quick_exit_url)]
    }

    /// How many are still marked for translation.
    pub fn todo(&self) -> usize {
        self.all().iter().filter(|(_, s)| *s == FieldState::Todo).count()
    }
}

/// Whose vague link texts the lint uses for a locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LintWords {
    /// The locale's `lint.ftl` (the theme's or the site's) lists its own.
    Own,
    /// It lists none: only the default locale's are used.
    DefaultLocale,
}

/// Counts the locale's helpline words; `None` when the site has no helplines.
pub(super) fn helpline_words(config: &Config, code: &str) -> Option<HelplineWords> {
    let rel = config.helplines.as_deref()?;
    let file = rel.with_extension(format!("{code}.toml"));
    let exists = config.root.join(&file).is_file();
    let mut out = HelplineWords { file: super::slash_path(&file), exists, total: 0, translated: 0, missing: Vec::new(), error: None };
    match super::helpline_units::load(&config.root, Some(rel), code) {
        Ok(Some(units)) => {
            out.total = units.units.len();
            for (key, existing) in units.keys.iter().zip(&units.existing) {
                match existing {
                    Some(_) => out.translated += 1,
                    None => out.missing.push(format!("{}: {}", key.0, key.1)),
                }
            }
        }
        Ok(None) => {}
        Err(e) => out.error = Some(format!("{e:#}")),
    }
    Some(out)
}

/// Reads the locale's entry in site.toml as written (comments included).
pub(super) fn fields(config: &Config, code: &str) -> Fields {
    let text = crate::fsutil::read_text(&config.root.join("site.toml")).unwrap_or_default();
    let doc: Option<toml_edit::DocumentMut> = text.parse().ok();
    let entry = doc
        .as_ref()
        .and_then(|d| d.get("locales"))
        .and_then(|l| l.as_array_of_tables())
        .and_then(|list| list.iter().find(|t| t.get("code").and_then(|v| v.as_str()) == Some(code)));
    let state = |key: &str| -> FieldState {
        let Some(table) = entry else { return FieldState::Fallback };
        let Some((k, item)) = table.get_key_value(key) else { return FieldState::Fallback };
        let marked = |d: Option<&toml_edit::RawString>| d.and_then(|r| r.as_str()).is_some_and(|s| s.contains(TODO_MARK));
        let value_suffix = item.as_value().and_then(|v| v.decor().suffix());
        if marked(value_suffix) || marked(k.leaf_decor().prefix()) {
            FieldState::Todo
        } else {
            FieldState::Set
        }
    };
    Fields { title: state("title"), description: state("description"), quick_exit_url: state("quick_exit_url") }
}

/// Whether the locale has vague link texts of its own (a copy still marked for translation has not).
pub(super) fn lint_words(config: &Config, code: &str) -> LintWords {
    let copied = super::messages::load(config, code).entries.get(crate::lint::VAGUE_LINK_MESSAGE).is_some_and(|e| e.untranslated);
    if copied || crate::lint::VagueWords::own_words(config, code).is_empty() {
        LintWords::DefaultLocale
    } else {
        LintWords::Own
    }
}
