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

/// Candidate body words kept per page before the site-wide choice (most frequent first).
const CANDIDATES_PER_PAGE: usize = 250;

/// What one page contributes.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    pub title: String,
    pub url: String,
    pub excerpt: String,
    /// Folded words of the title, description and headings.
    pub key_terms: Vec<String>,
    /// Its most frequent folded body words with their counts.
    pub body_terms: Vec<(String, u32)>,
}

impl SearchDoc {
    pub fn new(title: &str, url: &str, description: &str, headings: &[String], body: &str) -> SearchDoc {
        let mut key_terms: Vec<String> = words(title).chain(words(description)).chain(headings.iter().flat_map(|h| words(h).collect::<Vec<_>>())).collect();
        key_terms.sort();
        key_terms.dedup();
        // Count the raw words first and fold each distinct one once: far fewer allocations.
        let mut raw: HashMap<&str, u32> = HashMap::new();
        for w in body.split(|c: char| !(c.is_alphanumeric() || is_mark(c))).filter(|w| !w.is_empty()) {
            *raw.entry(w).or_insert(0) += 1;
        }
        let mut folded: HashMap<String, u32> = HashMap::with_capacity(raw.len());
        for (w, n) in raw {
            let f = if w.is_ascii() { w.to_ascii_lowercase() } else { fold(w) };
            if f.chars().count() > 1 || f.chars().all(|c| c.is_numeric()) {
                *folded.entry(f).or_insert(0) += n;
            }
        }
        let mut body_terms: Vec<(String, u32)> = folded.into_iter().collect();
        body_terms.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        body_terms.truncate(CANDIDATES_PER_PAGE);
        SearchDoc { title: title.to_string(), url: url.to_string(), excerpt: description.to_string(), key_terms, body_terms }
    }
}

/// Collects one locale's pages as they are rendered, keeping only compact postings
/// (a word id and a count per page), and writes the index at the end.
#[derive(Debug, Default)]
pub struct IndexBuilder {
    /// (order key, [title, url, excerpt]) in arrival order.
    docs: Vec<(usize, [String; 3])>,
    word_ids: HashMap<String, u32>,
    /// word id -> (arrival number, count; `u32::MAX` marks a title/heading word).
    postings: Vec<Vec<(u32, u32)>>,
}

impl IndexBuilder {
    /// Adds a page; `order` sorts the pages in the index.
    pub fn add(&mut self, order: usize, doc: SearchDoc) {
        let n = self.docs.len() as u32;
        let key = doc.key_terms.into_iter().map(|t| (t, u32::MAX));
        for (term, count) in key.chain(doc.body_terms) {
            let next = self.word_ids.len() as u32;
            let id = *self.word_ids.entry(term).or_insert(next);
            if id as usize == self.postings.len() {
                self.postings.push(Vec::new());
            }
            let list = &mut self.postings[id as usize];
            if list.last().map(|p| p.0) != Some(n) {
                list.push((n, count));
            }
        }
        self.docs.push((order, [doc.title, doc.url, doc.excerpt]));
    }

    /// The JSON index: every title/heading word, and per page its `TERMS_PER_PAGE` most
    /// distinctive body words (tf-idf).
    pub fn finish(self) -> String {
        let n = self.docs.len();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| self.docs[i].0);
        let mut rank = vec![0usize; n];
        for (r, &i) in order.iter().enumerate() {
            rank[i] = r;
        }
        // Choose each page's body words by tf-idf.
        let mut per_doc: Vec<Vec<(f64, u32)>> = vec![Vec::new(); n];
        let total = n.max(1) as f64;
        for (id, list) in self.postings.iter().enumerate() {
            let idf = (total / list.len() as f64).ln_1p();
            for &(d, count) in list {
                let score = if count == u32::MAX { f64::INFINITY } else { f64::from(count).ln_1p() * idf };
                per_doc[d as usize].push((score, id as u32));
            }
        }
        // Ties break on the word itself, so the index does not depend on the order pages arrived in.
        let mut name_of = vec![""; self.word_ids.len()];
        for (w, &id) in &self.word_ids {
            name_of[id as usize] = w.as_str();
        }
        let mut chosen: Vec<Vec<usize>> = vec![Vec::new(); self.postings.len()];
        for (d, mut scored) in per_doc.into_iter().enumerate() {
            scored.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then_with(|| name_of[a.1 as usize].cmp(name_of[b.1 as usize])));
            let keys = scored.iter().take_while(|s| s.0.is_infinite()).count();
            for (_, id) in scored.into_iter().take(keys + TERMS_PER_PAGE) {
                chosen[id as usize].push(rank[d]);
            }
        }
        let mut names: Vec<(&String, &u32)> = self.word_ids.iter().collect();
        names.sort();
        let words: BTreeMap<String, String> = names
            .into_iter()
            .filter_map(|(w, &id)| {
                let mut ids = std::mem::take(&mut chosen[id as usize]);
                ids.sort_unstable();
                (!ids.is_empty()).then(|| (w.clone(), encode_gaps(&ids)))
            })
            .collect();
        let docs = order.iter().map(|&i| [self.docs[i].1[0].as_str(), self.docs[i].1[1].as_str(), self.docs[i].1[2].as_str()]).collect();
        serde_json::to_string(&IndexFile { docs, words }).expect("plain data serialises")
    }
}

#[derive(Serialize)]
struct IndexFile<'a> {
    /// [title, url, excerpt] per page.
    docs: Vec<[&'a str; 3]>,
    /// word -> page numbers, ascending, as base-36 gaps joined by "," (`"3,1,a"` = pages 3, 4, 14).
    words: BTreeMap<String, String>,
}

/// Builds the JSON index of one locale from its pages, in order.
pub fn index_json(docs: &[SearchDoc]) -> String {
    let mut b = IndexBuilder::default();
    for (i, d) in docs.iter().enumerate() {
        b.add(i, d.clone());
    }
    b.finish()
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
