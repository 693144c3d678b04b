//! The words of the helplines data file (`about`, `sms_note`, `hours`, `languages`, `notes`) as
//! translatable units, and their translations written into `<file>.<locale>.toml` (numbers,
//! addresses and names stay in the data file).

use super::segment::Segment;
use super::units::{Unit, UnitKind};
use anyhow::{anyhow, Context, Result};
use std::path::{Path, PathBuf};

/// The fields of a helpline that readers see as words.
pub(super) const FIELDS: [&str; 5] = ["about", "sms_note", "hours", "languages", "notes"];

/// The helplines' units, each with its (helpline id, field).
pub(super) struct HelplineUnits {
    /// The data file, relative to the site (`data/helplines.toml`).
    pub file: PathBuf,
    pub words_file: PathBuf,
    pub units: Vec<Unit>,
    pub keys: Vec<(String, String)>,
    pub existing: Vec<Option<Segment>>,
    /// A version of the source words, for the export header.
    pub hash: String,
}

/// Reads the data file and the locale's word file; `None` when the site has no helplines.
pub(super) fn load(root: &Path, file: Option<&Path>, locale: &str) -> Result<Option<HelplineUnits>> {
    let Some(file) = file else { return Ok(None) };
    let text = crate::fsutil::read_text(&root.join(file))?;
    let table: toml::Table = text.parse().with_context(|| format!("{}: not valid TOML", file.display()))?;
    let words_file = file.with_extension(format!("{locale}.toml"));
    let words: toml::Table = match root.join(&words_file).exists() {
        true => crate::fsutil::read_text(&root.join(&words_file))?.parse().with_context(|| format!("{}: not valid TOML", words_file.display()))?,
        false => toml::Table::new(),
    };
    let (mut units, mut keys, mut existing, mut all) = (Vec::new(), Vec::new(), Vec::new(), String::new());
    for h in table.get("helpline").and_then(|v| v.as_array()).into_iter().flatten() {
        let Some(id) = h.get("id").and_then(|v| v.as_str()) else { continue };
        let line = text.lines().position(|l| l.trim() == format!("id = \"{id}\"")).map_or(1, |i| i + 1);
        for field in FIELDS {
            let Some(value) = h.get(field).and_then(|v| v.as_str()).filter(|v| !v.trim().is_empty()) else { continue };
            all.push_str(value);
            all.push('\0');
            units.push(Unit {
                kind: UnitKind::Helpline,
                segment: Segment::plain(value),
                span: None,
                section: 0,
                line,
                heading: Some(format!("{id}: {field}")),
            });
            keys.push((id.to_string(), field.to_string()));
            existing.push(translation(&words, id, field).map(|t| Segment::plain(&t)));
        }
    }
    let hash = blake3::hash(all.as_bytes()).to_hex()[..12].to_string();
    Ok(Some(HelplineUnits { file: file.to_path_buf(), words_file, units, keys, existing, hash }))
}

fn translation(words: &toml::Table, id: &str, field: &str) -> Option<String> {
    let entries = words.get("helpline")?.as_array()?;
    let entry = entries.iter().find(|e| e.get("id").and_then(|v| v.as_str()) == Some(id))?;
    entry.get(field)?.as_str().map(str::to_string)
}

/// The word file's new text with `values` ((id, field) -> words) set, keeping its comments.
pub(super) fn write_words(old: Option<&str>, values: &[(&(String, String), String)]) -> Result<String> {
    let mut doc: toml_edit::DocumentMut = old.unwrap_or("").parse().map_err(|e| anyhow!("{e}"))?;
    if doc.get("helpline").is_none() {
        doc["helpline"] = toml_edit::Item::ArrayOfTables(toml_edit::ArrayOfTables::new());
    }
    let tables = doc["helpline"].as_array_of_tables_mut().ok_or_else(|| anyhow!("`helpline` must be a list of [[helpline]] tables"))?;
    for ((id, field), text) in values {
        let at = tables.iter().position(|t| t.get("id").and_then(|v| v.as_str()) == Some(id.as_str()));
        let at = match at {
            Some(i) => i,
            None => {
                let mut t = toml_edit::Table::new();
                t["id"] = toml_edit::value(id.as_str());
                tables.push(t);
                tables.len() - 1
            }
        };
        let table = tables.get_mut(at).ok_or_else(|| anyhow!("helpline {id}"))?;
        table[field.as_str()] = toml_edit::value(text.as_str());
    }
    Ok(doc.to_string())
}
