//! Splits a content file into TOML front matter (between `+++` lines) and its Markdown body.

use serde::{Deserialize, Serialize};

/// The front matter keys a page or section may set.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub date: Option<toml::Value>,
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<String>,
    pub template: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Old URL paths (`/old/path/`) that redirect to this page (see `aliases.rs`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Translations: the short hash of the source text this translation was made from.
    pub source_hash: Option<String>,
    /// Translations: not yet reviewed by a native speaker (never shown to readers).
    #[serde(default)]
    pub needs_review: bool,
    /// `false`: no untranslated copy in other locales (for this page, or a section and its pages).
    pub fallback: Option<bool>,
    /// What the page does for visitors (`help`, `safety`, `about`): the theme links it by this.
    pub role: Option<Role>,
    #[serde(default)]
    pub extra: toml::Table,
}

/// What a page does for visitors, so the theme finds it without a fixed file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// All helplines: linked from "Get help now".
    Help,
    /// How to browse safely: linked from every footer.
    Safety,
    /// Who runs the site: linked from every footer.
    About,
}

impl Role {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Role::Help => "help",
            Role::Safety => "safety",
            Role::About => "about",
        }
    }

    /// What visitors lose when no page has this role.
    pub(crate) fn missing(self) -> &'static str {
        match self {
            Role::Help => "the \"Get help now\" block on every page has no link to all helplines",
            Role::Safety => "the footer has no \"Browse safely\" link, so visitors are not told how to hide their visit",
            Role::About => "the footer does not link to a page saying who runs the site",
        }
    }
}

/// Every front-matter key, read from [`FrontMatter`] itself (see `config::probe_fields`).
pub fn known_keys() -> Vec<String> {
    crate::config::probe_fields::<FrontMatter>("")
}

/// A parsed file: front matter, body, and the 1-based line where the body starts.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub front: FrontMatter,
    pub body: String,
    pub body_line: usize,
}

/// An error with the line and column it refers to, relative to the file.
#[derive(Debug)]
pub struct FrontMatterError {
    pub line: usize,
    pub column: Option<usize>,
    pub message: String,
}

/// Parses the text of a content file.
pub fn parse(text: &str) -> Result<Parsed, FrontMatterError> {
    let (fm_text, body, body_line) = split(text)?;
    let front: FrontMatter = toml::from_str(fm_text).map_err(|e| {
        let (line, column) = e.span().map(|s| crate::diagnostics::line_col(fm_text, s.start)).unwrap_or((1, 1));
        let source_line = fm_text.lines().nth(line - 1).unwrap_or("").trim();
        let message = format!("front matter: {} (in `{source_line}`)", e.message().trim());
        FrontMatterError { line: line + 1, column: Some(column), message }
    })?;
    if let Some(date) = &front.date {
        parse_date(date).map_err(|message| FrontMatterError { line: 2, column: None, message })?;
    }
    Ok(Parsed { front, body: body.to_string(), body_line })
}

/// Splits into (front matter, body, line of body); the front matter starts right after the
/// first line, so its byte range in `text` is `first_line_len..first_line_len + front.len()`.
pub fn split(text: &str) -> Result<(&str, &str, usize), FrontMatterError> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "+++" {
        return Err(FrontMatterError { line: 1, column: Some(1), message: "a content file must start with a `+++` line opening its TOML front matter".into() });
    }
    let start = first.len();
    let mut offset = start;
    let mut line_no = 1;
    for line in lines {
        line_no += 1;
        if line.trim_end() == "+++" {
            return Ok((&text[start..offset], &text[offset + line.len()..], line_no + 1));
        }
        offset += line.len();
    }
    Err(FrontMatterError { line: 1, column: Some(1), message: "the front matter opened on line 1 is never closed with `+++`".into() })
}

/// A front-matter date as `YYYY-MM-DD`.
/// The day of a front-matter `date` (a TOML date or a string starting `YYYY-MM-DD`).
pub fn parse_date(v: &toml::Value) -> Result<chrono::NaiveDate, String> {
    let s = match v {
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::String(s) => s.clone(),
        other => return Err(format!("front matter: `date` must be a date like 2026-01-31, not {other}")),
    };
    let day = s.get(..10).unwrap_or("");
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| format!("front matter: `date` {s:?} is not a date like 2026-01-31"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let p = parse("+++\ntitle = \"A\"\n+++\nHello\n").unwrap();
        assert_eq!(p.front.title, "A");
        assert_eq!(p.body, "Hello\n");
        assert_eq!(p.body_line, 4);
    }

    #[test]
    fn unknown_key_names_line() {
        let e = parse("+++\ntitle = \"A\"\ncolour = 2\n+++\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("colour"), "{}", e.message);
    }

    #[test]
    fn unclosed_is_an_error() {
        assert!(parse("+++\ntitle = \"A\"\n").is_err());
        assert!(parse("title = 1").is_err());
    }
}
