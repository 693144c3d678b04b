//! Helplines are data: read from the file `site.toml` names, checked, and handed to templates.
//! Their words (never their numbers) may be translated in `<file>.<locale>.toml` beside it.

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    helpline: Vec<RawHelpline>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHelpline {
    id: String,
    region: String,
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    sms: String,
    #[serde(default)]
    sms_note: String,
    #[serde(default)]
    tty: String,
    #[serde(default)]
    web: String,
    #[serde(default)]
    hours: String,
    #[serde(default)]
    languages: String,
    #[serde(default)]
    notes: String,
    verified: toml::value::Datetime,
    #[serde(default)]
    compact: bool,
}

/// A translation file: per helpline id, the words in another language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTextFile {
    #[serde(default)]
    helpline: Vec<RawText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawText {
    id: String,
    name: Option<String>,
    sms_note: Option<String>,
    hours: Option<String>,
    languages: Option<String>,
    notes: Option<String>,
}

/// One helpline, ready for templates.
#[derive(Debug, Clone, Serialize)]
pub struct Helpline {
    pub id: String,
    pub region: String,
    pub name: String,
    pub phone: String,
    pub phone_href: String,
    pub sms: String,
    pub sms_href: String,
    pub sms_note: String,
    pub tty: String,
    pub web: String,
    pub hours: String,
    pub languages: String,
    pub notes: String,
    pub verified: String,
    pub compact: bool,
    /// The language its words are in (the default locale's where not translated).
    pub lang: String,
}

/// Loads the helplines; warns about entries not verified for more than a year.
pub fn load(config: &Config, today: chrono::NaiveDate) -> (Vec<Helpline>, Vec<Diagnostic>) {
    let Some(rel) = &config.helplines else {
        return (Vec::new(), Vec::new());
    };
    let path = config.root.join(rel);
    let text = match crate::fsutil::read_text(&path) {
        Ok(t) => t,
        Err(e) => return (Vec::new(), vec![Diagnostic::error("helplines", format!("{e:#}")).in_file(rel)]),
    };
    let raw: RawFile = match toml::from_str(&text) {
        Ok(r) => r,
        Err(e) => {
            let (line, col) = e.span().map(|s| crate::diagnostics::line_col(&text, s.start)).unwrap_or((1, 1));
            return (Vec::new(), vec![Diagnostic::error("helplines", e.message().to_string()).in_file(rel).at(line, Some(col))]);
        }
    };
    let mut diags = Vec::new();
    let lines = raw
        .helpline
        .into_iter()
        .map(|h| {
            let verified = h.verified.to_string().chars().take(10).collect::<String>();
            if let Ok(d) = chrono::NaiveDate::parse_from_str(&verified, "%Y-%m-%d") {
                if (today - d).num_days() > 365 {
                    diags.push(
                        Diagnostic::warning("helpline-stale", format!("helpline `{}` was last verified on {verified}, more than a year ago: check it against the service's own site", h.id))
                            .in_file(rel),
                    );
                }
            }
            if h.phone.is_empty() && h.sms.is_empty() && h.web.is_empty() {
                diags.push(Diagnostic::error("helplines", format!("helpline `{}` has no phone, sms or web address", h.id)).in_file(rel));
            }
            Helpline {
                phone_href: tel_href(&h.phone, &h.region),
                sms_href: if h.sms.is_empty() { String::new() } else { format!("sms:{}", digits(&h.sms)) },
                id: h.id,
                region: h.region,
                name: h.name,
                phone: h.phone,
                sms: h.sms,
                sms_note: h.sms_note,
                tty: h.tty,
                web: h.web,
                hours: h.hours,
                languages: h.languages,
                notes: h.notes,
                verified,
                compact: h.compact,
                lang: config.default_locale.clone(),
            }
        })
        .collect();
    (lines, diags)
}

/// The helplines per locale: the default list with each locale's translated words applied.
pub fn localise(config: &Config, lines: &[Helpline]) -> (std::collections::HashMap<String, Vec<Helpline>>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut out = std::collections::HashMap::new();
    for locale in &config.locales {
        let mut list = lines.to_vec();
        if let Some(rel) = config.helplines.as_ref().filter(|_| locale.code != config.default_locale) {
            let file = rel.with_extension(format!("{}.toml", locale.code));
            match read_texts(config, &file) {
                Ok(texts) => apply(&mut list, texts, &locale.code, &file, &mut diags),
                Err(d) => diags.extend(d),
            }
        }
        out.insert(locale.code.clone(), list);
    }
    (out, diags)
}

fn read_texts(config: &Config, rel: &std::path::Path) -> Result<Vec<RawText>, Option<Diagnostic>> {
    let path = config.root.join(rel);
    if !path.exists() {
        return Ok(Vec::new());
    }
    let text = crate::fsutil::read_text(&path).map_err(|e| Some(Diagnostic::error("helplines", format!("{e:#}")).in_file(rel)))?;
    let raw: RawTextFile = toml::from_str(&text).map_err(|e| {
        let (line, col) = e.span().map(|s| crate::diagnostics::line_col(&text, s.start)).unwrap_or((1, 1));
        Some(Diagnostic::error("helplines", e.message().to_string()).in_file(rel).at(line, Some(col)))
    })?;
    Ok(raw.helpline)
}

fn apply(list: &mut [Helpline], texts: Vec<RawText>, locale: &str, file: &std::path::Path, diags: &mut Vec<Diagnostic>) {
    for t in texts {
        let Some(h) = list.iter_mut().find(|h| h.id == t.id) else {
            diags.push(Diagnostic::warning("helplines", format!("no helpline with id `{}` to translate", t.id)).in_file(file));
            continue;
        };
        let set = |field: &mut String, v: Option<String>| {
            if let Some(v) = v {
                *field = v;
            }
        };
        set(&mut h.name, t.name);
        set(&mut h.sms_note, t.sms_note);
        set(&mut h.hours, t.hours);
        set(&mut h.languages, t.languages);
        set(&mut h.notes, t.notes);
        h.lang = locale.to_string();
    }
}

fn digits(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect()
}

/// `tel:` link: North American 1-8xx numbers get `+1`, UK 0-numbers `+44`; short codes stay short.
fn tel_href(phone: &str, region: &str) -> String {
    let d = digits(phone);
    if d.is_empty() {
        return String::new();
    }
    let full = match region {
        "US" | "CA" if d.len() == 11 && d.starts_with('1') => format!("+{d}"),
        "UK" if d.len() == 11 && d.starts_with('0') => format!("+44{}", &d[1..]),
        _ => d,
    };
    format!("tel:{full}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tel_links() {
        assert_eq!(tel_href("1-888-373-7888", "US"), "tel:+18883737888");
        assert_eq!(tel_href("08000 121 700", "UK"), "tel:+448000121700");
        assert_eq!(tel_href("988", "US"), "tel:988");
        assert_eq!(tel_href("116 006", "EU"), "tel:116006");
    }
}
