//! Helplines are data: read from the file `site.toml` names, checked, and handed to templates.
//! Their words (never their numbers) may be translated in `<file>.<locale>.toml` beside it, which
//! may also say which regions that locale lists first (`regions_first`). See docs/helplines.md.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Rule};
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    /// Regions every locale lists first, unless its word file says otherwise.
    #[serde(default)]
    regions_first: Vec<String>,
    #[serde(default)]
    helpline: Vec<RawHelpline>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHelpline {
    id: String,
    region: String,
    /// The service's own name; empty where it has none but a description (`about`).
    #[serde(default)]
    name: String,
    #[serde(default)]
    about: String,
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
    /// Regions this locale lists first, in this order; the others follow in the data file's order.
    regions_first: Option<Vec<String>>,
    #[serde(default)]
    helpline: Vec<RawText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawText {
    id: String,
    /// The service's own official name in this language; the original is kept beside it.
    name: Option<String>,
    about: Option<String>,
    sms_note: Option<String>,
    hours: Option<String>,
    languages: Option<String>,
    notes: Option<String>,
    compact: Option<bool>,
}

/// One helpline, ready for templates.
#[derive(Debug, Clone, Serialize)]
pub struct Helpline {
    pub id: String,
    pub region: String,
    pub name: String,
    /// The name in the data file, where `name` is an official translation of it; else empty.
    pub original_name: String,
    /// What the service is, in plain words.
    pub about: String,
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

/// The helplines of the data file, in its order, and the regions every locale lists first.
#[derive(Debug, Clone, Default)]
pub struct Helplines {
    pub lines: Vec<Helpline>,
    pub regions_first: Vec<String>,
}

/// Loads the helplines; warns about entries not verified for more than a year.
pub fn load(config: &Config, today: chrono::NaiveDate) -> (Helplines, Vec<Diagnostic>) {
    let Some(rel) = &config.helplines else {
        return (Helplines::default(), Vec::new());
    };
    let path = config.root.join(rel);
    let text = match crate::fsutil::read_text(&path) {
        Ok(t) => t,
        Err(e) => return (Helplines::default(), vec![Diagnostic::error(Rule::Helplines, format!("{e:#}")).in_file(rel)]),
    };
    let raw: RawFile = match toml::from_str(&text) {
        Ok(r) => r,
        Err(e) => {
            let (line, col) = e.span().map(|s| crate::diagnostics::line_col(&text, s.start)).unwrap_or((1, 1));
            return (Helplines::default(), vec![Diagnostic::error(Rule::Helplines, e.message().to_string()).in_file(rel).at(line, Some(col))]);
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
                        Diagnostic::warning(
                            Rule::HelplineStale,
                            format!("helpline `{}` was last verified on {verified}, more than a year ago: check it against the service's own site", h.id),
                        )
                        .in_file(rel),
                    );
                }
            }
            if h.name.is_empty() && h.about.is_empty() {
                diags.push(Diagnostic::error(Rule::Helplines, format!("helpline `{}` has neither a name nor an `about`", h.id)).in_file(rel));
            }
            if h.phone.is_empty() && h.sms.is_empty() && h.web.is_empty() {
                diags.push(Diagnostic::error(Rule::Helplines, format!("helpline `{}` has no phone, sms or web address", h.id)).in_file(rel));
            }
            Helpline {
                phone_href: tel_href(&h.phone, &h.region),
                sms_href: if h.sms.is_empty() { String::new() } else { format!("sms:{}", digits(&h.sms)) },
                id: h.id,
                region: h.region,
                name: h.name,
                original_name: String::new(),
                about: h.about,
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
        .collect::<Vec<_>>();
    diags.extend(check_regions(&raw.regions_first, &lines, rel, &text));
    (Helplines { lines, regions_first: raw.regions_first }, diags)
}

/// A region in `regions_first` that no helpline has is a typo or a stale entry: warn, naming the line.
fn check_regions(regions: &[String], lines: &[Helpline], file: &std::path::Path, text: &str) -> Vec<Diagnostic> {
    let line = text.lines().position(|l| l.trim_start().starts_with("regions_first")).map_or(1, |i| i + 1);
    regions
        .iter()
        .filter(|r| !lines.iter().any(|h| &h.region == *r))
        .map(|r| {
            Diagnostic::warning(Rule::Helplines, format!("`regions_first` names region `{r}`, but no helpline has that region")).in_file(file).at(line, None)
        })
        .collect()
}

/// Puts the helplines of `regions` first, in that order; the rest keep their order.
fn order_by_regions(list: &mut [Helpline], regions: &[String]) {
    list.sort_by_key(|h| regions.iter().position(|r| *r == h.region).unwrap_or(regions.len()));
}

/// The helplines per locale: the default list with each locale's translated words applied.
/// The helplines per locale: the default list with each locale's translated words applied, and
/// the regions that locale lists first moved to the front.
pub fn localise(config: &Config, all: &Helplines) -> (std::collections::HashMap<String, Vec<Helpline>>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut out = std::collections::HashMap::new();
    for locale in &config.locales {
        let mut list = all.lines.clone();
        let mut regions = all.regions_first.clone();
        if let Some(rel) = config.helplines.as_ref().filter(|_| locale.code != config.default_locale) {
            let file = rel.with_extension(format!("{}.toml", locale.code));
            match read_texts(config, &file) {
                Ok((texts, first, text)) => {
                    if let Some(first) = first {
                        diags.extend(check_regions(&first, &list, &file, &text));
                        regions = first;
                    }
                    apply(&mut list, texts, &locale.code, &file, &mut diags);
                }
                Err(d) => diags.extend(d),
            }
        }
        order_by_regions(&mut list, &regions);
        out.insert(locale.code.clone(), list);
    }
    (out, diags)
}

type Texts = (Vec<RawText>, Option<Vec<String>>, String);

fn read_texts(config: &Config, rel: &std::path::Path) -> Result<Texts, Option<Diagnostic>> {
    let path = config.root.join(rel);
    if !path.exists() {
        return Ok((Vec::new(), None, String::new()));
    }
    let text = crate::fsutil::read_text(&path).map_err(|e| Some(Diagnostic::error(Rule::Helplines, format!("{e:#}")).in_file(rel)))?;
    let raw: RawTextFile = toml::from_str(&text).map_err(|e| {
        let (line, col) = e.span().map(|s| crate::diagnostics::line_col(&text, s.start)).unwrap_or((1, 1));
        Some(Diagnostic::error(Rule::Helplines, e.message().to_string()).in_file(rel).at(line, Some(col)))
    })?;
    Ok((raw.helpline, raw.regions_first, text))
}

fn apply(list: &mut [Helpline], texts: Vec<RawText>, locale: &str, file: &std::path::Path, diags: &mut Vec<Diagnostic>) {
    for t in texts {
        let Some(h) = list.iter_mut().find(|h| h.id == t.id) else {
            diags.push(Diagnostic::warning(Rule::Helplines, format!("no helpline with id `{}` to translate", t.id)).in_file(file));
            continue;
        };
        let set = |field: &mut String, v: Option<String>| {
            if let Some(v) = v {
                *field = v;
            }
        };
        if let Some(name) = t.name.filter(|n| *n != h.name) {
            h.original_name = std::mem::replace(&mut h.name, name);
        }
        set(&mut h.about, t.about);
        set(&mut h.sms_note, t.sms_note);
        set(&mut h.hours, t.hours);
        set(&mut h.languages, t.languages);
        set(&mut h.notes, t.notes);
        if let Some(c) = t.compact {
            h.compact = c;
        }
        h.lang = locale.to_string();
    }
}

fn digits(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect()
}

/// `tel:` link: North American 1-8xx numbers get `+1`, UK 0-numbers `+44`, French 0-numbers
/// `+33`, Spanish 9-digit numbers `+34`; numbers written with `+` and short codes stay as they are.
fn tel_href(phone: &str, region: &str) -> String {
    let d = digits(phone);
    if d.is_empty() {
        return String::new();
    }
    let full = match region {
        "US" | "CA" if d.len() == 11 && d.starts_with('1') => format!("+{d}"),
        "UK" if d.len() == 11 && d.starts_with('0') => format!("+44{}", &d[1..]),
        "FR" if d.len() == 10 && d.starts_with('0') => format!("+33{}", &d[1..]),
        "ES" if d.len() == 9 => format!("+34{d}"),
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
        assert_eq!(tel_href("01 44 52 88 90", "FR"), "tel:+33144528890");
        assert_eq!(tel_href("900 10 50 90", "ES"), "tel:+34900105090");
        assert_eq!(tel_href("+380 44 284 19 15", "UA"), "tel:+380442841915");
        assert_eq!(tel_href("1547", "UA"), "tel:1547");
    }

    fn line(id: &str, region: &str) -> Helpline {
        let s = String::new;
        Helpline {
            id: id.into(),
            region: region.into(),
            name: id.into(),
            original_name: s(),
            about: s(),
            phone: "1".into(),
            phone_href: s(),
            sms: s(),
            sms_href: s(),
            sms_note: s(),
            tty: s(),
            web: s(),
            hours: s(),
            languages: s(),
            notes: s(),
            verified: s(),
            compact: false,
            lang: "en".into(),
        }
    }

    #[test]
    fn regions_first_keeps_the_rest_in_order() {
        let mut list = vec![line("a", "US"), line("b", "UK"), line("c", "UA"), line("d", "US"), line("e", "INT")];
        order_by_regions(&mut list, &["UA".to_string(), "UK".to_string()]);
        let ids: Vec<_> = list.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["c", "b", "a", "d", "e"]);
    }
}
