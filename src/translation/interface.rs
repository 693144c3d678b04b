//! The interface strings part of `haven i18n status`: messages missing, untranslated, extra
//! and broken in one locale, measured against the default locale.

use super::messages::LocaleMessages;
use super::slash_path;
use serde::Serialize;

/// The interface strings of one locale, measured against the default locale's messages.
#[derive(Debug, Default, Serialize)]
pub struct Strings {
    /// Messages of the default locale.
    pub total: usize,
    /// Present here and not marked `TODO(translate)`.
    pub translated: usize,
    pub missing: Vec<String>,
    /// Present but still marked `TODO(translate)`.
    pub untranslated: Vec<String>,
    /// Present here but not in the default locale.
    pub extra: Vec<String>,
    pub broken: Vec<Broken>,
}

/// A message that is wrong, with where it is.
#[derive(Debug, Clone, Serialize)]
pub struct Broken {
    pub file: String,
    pub line: usize,
    pub column: Option<usize>,
    pub id: Option<String>,
    pub kind: BrokenKind,
    pub message: String,
}

/// What is wrong with a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BrokenKind {
    /// The file does not parse there (line and column given).
    Syntax,
    /// It refers to a message or `-term` the locale does not define.
    MissingReference,
    /// It uses a `$variable` the default locale's message does not use.
    UnknownVariable,
}

/// Compares the messages of `here` with the default locale's.
pub fn strings(default: &LocaleMessages, here: &LocaleMessages) -> Strings {
    let ids: Vec<&str> = default.message_ids().collect();
    let has = |id: &str| here.entries.get(id).is_some_and(|e| !e.is_term);
    let missing: Vec<String> = ids.iter().filter(|id| !has(id)).map(|s| s.to_string()).collect();
    let untranslated: Vec<String> = ids.iter().filter(|id| here.entries.get(**id).is_some_and(|e| e.untranslated)).map(|s| s.to_string()).collect();
    let extra = here.message_ids().filter(|id| !default.entries.contains_key(*id)).map(String::from).collect();
    let translated = ids.len() - missing.len() - untranslated.len();
    Strings { total: ids.len(), translated, missing, untranslated, extra, broken: broken(here, Some(default)) }
}

/// Syntax errors, references to entries the locale lacks, and (against the default locale's
/// message of the same id) variables that templates never pass.
pub fn broken(here: &LocaleMessages, default: Option<&LocaleMessages>) -> Vec<Broken> {
    let mut out: Vec<Broken> = here
        .syntax_errors
        .iter()
        .map(|e| Broken { file: slash_path(&e.file), line: e.line, column: Some(e.column), id: None, kind: BrokenKind::Syntax, message: e.message.clone() })
        .collect();
    for e in here.entries.values() {
        let at = |kind, message| Broken { file: slash_path(&e.file), line: e.line, column: None, id: Some(e.id.clone()), kind, message };
        for r in e.references.iter().filter(|r| !here.entries.contains_key(*r)) {
            let what = if r.starts_with('-') { "term" } else { "message" };
            out.push(at(BrokenKind::MissingReference, format!("`{}` refers to the {what} `{r}`, which this locale does not define", e.id)));
        }
        let Some(d) = default.and_then(|d| d.entries.get(&e.id)).filter(|_| !e.is_term) else { continue };
        for v in e.variables.difference(&d.variables) {
            out.push(at(
                BrokenKind::UnknownVariable,
                format!("`{}` uses ${v}, which the default locale's message does not use, so templates never pass it", e.id),
            ));
        }
    }
    out.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    out
}
