//! Helplines are data: read from the file `site.toml` names, checked, and handed to templates.

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
            }
        })
        .collect();
    (lines, diags)
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
