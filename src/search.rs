//! The search index of a locale: a compact JSON file the theme's script searches as the visitor
//! types, with no server and no third party. Words are folded (case, accents, Arabic vowel marks
//! and letter variants) the same way here and in `search.js`.

use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use unicode_normalization::UnicodeNormalization;

/// At most this many body words per page are indexed (the most distinctive first), so that
/// the index of a 1,000-page locale stays well under 1 MB. Title, description and headings
/// are always indexed.
pub const TERMS_PER_PAGE: usize = 120;

/// What one page contributes.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    pub title: String,
    pub url: String,
    pub excerpt: String,
    /// Folded words of the title, description and headings.
    pub key_terms: Vec<String>,
    /// Folded body words with their counts.
    pub body_terms: HashMap<String, u32>,
}

/// Folds a word for matching: lower case, no accents or Arabic marks, one form per letter.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.nfkd().flat_map(char::to_lowercase) {
        match c as u32 {
            0x0300..=0x036F => {}                                  // Latin combining accents
            0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x0640 => {} // Arabic marks, tatweel
            _ => out.push(match c {
                'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
                'ى' => 'ي',
                'ة' => 'ه',
                'ё' => 'е',
                'ß' => 's',
                c => c,
            }),
        }
    }
    out
}

/// Splits text into folded words (letters and digits of any script).
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || is_mark(c))).filter(|w| !w.is_empty()).map(fold).filter(|w| w.chars().count() > 1 || w.chars().all(|c| c.is_numeric()))
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670)
}

impl SearchDoc {
    pub fn new(title: &str, url: &str, description: &str, headings: &[String], body: &str) -> SearchDoc {
        let mut key_terms: Vec<String> = words(title).chain(words(description)).chain(headings.iter().flat_map(|h| words(h).collect::<Vec<_>>())).collect();
        key_terms.sort();
        key_terms.dedup();
        let mut body_terms = HashMap::new();
        for w in words(body) {
            *body_terms.entry(w).or_insert(0) += 1;
        }
        SearchDoc { title: title.to_string(), url: url.to_string(), excerpt: description.to_string(), key_terms, body_terms }
    }
}

#[derive(Serialize)]
struct IndexFile<'a> {
    /// [title, url, excerpt] per page.
    docs: Vec<[&'a str; 3]>,
    /// word -> page numbers, ascending, as base-36 gaps joined by "," (`"3,1,a"` = pages 3, 4, 14).
    words: BTreeMap<String, String>,
}

/// Builds the JSON index of one locale.
pub fn index_json(docs: &[SearchDoc]) -> String {
    let n = docs.len().max(1) as f64;
    let mut df: HashMap<&str, u32> = HashMap::new();
    for d in docs {
        for t in d.body_terms.keys() {
            *df.entry(t.as_str()).or_insert(0) += 1;
        }
    }
    let mut postings: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        let mut scored: Vec<(&str, f64)> =
            d.body_terms.iter().map(|(t, &tf)| (t.as_str(), f64::from(tf).ln_1p() * (n / f64::from(df[t.as_str()])).ln_1p())).collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let chosen = d.key_terms.iter().map(String::as_str).chain(scored.into_iter().take(TERMS_PER_PAGE).map(|(t, _)| t));
        for t in chosen {
            let list = postings.entry(t.to_string()).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    let words = postings.into_iter().map(|(t, ids)| (t, encode_gaps(&ids))).collect();
    let file = IndexFile { docs: docs.iter().map(|d| [d.title.as_str(), d.url.as_str(), d.excerpt.as_str()]).collect(), words };
    serde_json::to_string(&file).expect("plain data serialises")
}

fn encode_gaps(ids: &[usize]) -> String {
    let mut prev = 0;
    let mut parts = Vec::with_capacity(ids.len());
    for (k, &id) in ids.iter().enumerate() {
        let gap = if k == 0 { id } else { id - prev };
        parts.push(to_base36(gap));
        prev = id;
    }
    parts.join(",")
}

fn to_base36(mut n: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    if n == 0 {
        return "0".into();
    }
    let mut s = Vec::new();
    while n > 0 {
        s.push(DIGITS[n % 36]);
        n /= 36;
    }
    s.reverse();
    String::from_utf8(s).expect("ascii digits")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_arabic_variants() {
        assert_eq!(fold("Atención"), "atencion");
        assert_eq!(fold("أَمان"), "امان");
        assert_eq!(fold("Лікування"), "лікування");
        assert_eq!(words("¿Qué es la trata?").collect::<Vec<_>>(), vec!["que", "es", "la", "trata"]);
    }

    #[test]
    fn encodes_gaps_in_base36() {
        assert_eq!(encode_gaps(&[3, 4, 14]), "3,1,a");
    }

    #[test]
    fn index_lists_key_and_body_words() {
        let d = SearchDoc::new("Tratamiento médico", "/es/t/", "Cuidado", &[], "terapia terapia grupo");
        let json = index_json(&[d]);
        for w in ["\"tratamiento\"", "\"medico\"", "\"terapia\"", "\"cuidado\""] {
            assert!(json.contains(w), "{w} in {json}");
        }
    }
}
