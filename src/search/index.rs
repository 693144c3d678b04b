//! A locale's index files from its pages' search docs (`IndexBuilder`), and the site's indexes
//! kept by the dev server between rebuilds (`SiteIndex`).

use super::doc::{Field, SearchDoc};
use super::tokens;
use super::vocab::{self, Vocab};
use super::{DOCS_PER_SHARD, TERM_SHARD_BYTES};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// One locale's pages, keyed by a stable order (the page's group), kept between dev-server
/// rebuilds so an edited page replaces its old terms.
#[derive(Debug, Default)]
pub struct IndexBuilder {
    docs: BTreeMap<usize, SearchDoc>,
}

impl IndexBuilder {
    /// Adds or replaces the page at `order`.
    pub fn add(&mut self, order: usize, doc: SearchDoc) {
        self.docs.insert(order, doc);
    }

    /// The index files, as (path below `search/`, bytes), in a fixed order.
    pub fn finish(&self, vocab: &Vocab) -> Vec<(String, Vec<u8>)> {
        let docs: Vec<&SearchDoc> = self.docs.values().collect();
        let table = vocab.read();
        let postings = Postings::of(&docs, &table);
        let mut files = Vec::new();
        let mut firsts: Vec<&str> = Vec::new();
        let mut shard = String::new();
        for (term, list) in postings.iter() {
            if shard.is_empty() {
                firsts.push(term);
                shard.push('[');
            } else {
                shard.push(',');
            }
            push_entry(&mut shard, term, list);
            if shard.len() >= TERM_SHARD_BYTES {
                files.push((format!("t{}.json", firsts.len() - 1), close(&mut shard)));
            }
        }
        if !shard.is_empty() {
            files.push((format!("t{}.json", firsts.len() - 1), close(&mut shard)));
        }
        for (i, chunk) in docs.chunks(DOCS_PER_SHARD).enumerate() {
            let rows: Vec<[&str; 3]> = chunk.iter().map(|d| [d.title.as_str(), d.url.as_str(), d.excerpt.as_str()]).collect();
            files.push((format!("d{i}.json"), serde_json::to_vec(&rows).expect("strings serialise")));
        }
        let meta = Meta { v: 1, docs: docs.len(), per: DOCS_PER_SHARD, terms: firsts, tables: &tokens::TABLES };
        files.insert(0, ("meta.json".to_string(), serde_json::to_vec(&meta).expect("plain data serialises")));
        files
    }
}

/// Every term of a locale with its posting list, in one flat array: the terms sorted, and for
/// each the pages holding it in page order, each as `page << 2 | field`.
struct Postings<'v> {
    /// Terms in ascending order, each with the end of its list in `lists`.
    terms: Vec<(&'v str, usize)>,
    lists: Vec<u32>,
}

impl<'v> Postings<'v> {
    fn of(docs: &[&SearchDoc], vocab: &'v vocab::Table) -> Postings<'v> {
        // The locale's own number of every (page, term) pair in page order, and each term's page count.
        let mut ids: FxHashMap<u32, u32> = FxHashMap::default();
        let mut names: Vec<(&'v str, u32)> = Vec::new();
        let mut seq: Vec<u32> = Vec::with_capacity(docs.iter().map(|d| d.fields.len()).sum());
        for d in docs {
            for &t in &d.ids {
                let id = *ids.entry(t).or_insert_with(|| {
                    names.push((vocab.name(t), 0));
                    (names.len() - 1) as u32
                });
                names[id as usize].1 += 1;
                seq.push(id);
            }
        }
        drop(ids);
        let mut order: Vec<u32> = (0..names.len() as u32).collect();
        order.sort_unstable_by_key(|&i| names[i as usize].0);
        // Where each term's list starts, in sorted order.
        let mut next = vec![0usize; names.len()];
        let mut terms = Vec::with_capacity(names.len());
        let mut end = 0;
        for &i in &order {
            next[i as usize] = end;
            end += names[i as usize].1 as usize;
            terms.push((names[i as usize].0, end));
        }
        let mut lists = vec![0u32; seq.len()];
        let mut k = 0;
        for (n, d) in docs.iter().enumerate() {
            for &f in &d.fields {
                let slot = &mut next[seq[k] as usize];
                lists[*slot] = ((n as u32) << 2) | f as u32;
                *slot += 1;
                k += 1;
            }
        }
        Postings { terms, lists }
    }

    /// (term, its pages as `page << 2 | field`), terms ascending.
    fn iter(&self) -> impl Iterator<Item = (&'v str, &[u32])> {
        let starts = std::iter::once(0).chain(self.terms.iter().map(|t| t.1));
        self.terms.iter().zip(starts).map(|(&(t, end), start)| (t, &self.lists[start..end]))
    }
}

/// Appends `["term","list"]` to a term shard: what `serde_json` writes for the pair.
fn push_entry(shard: &mut String, term: &str, list: &[u32]) {
    shard.push('[');
    if term.chars().any(|c| c == '"' || c == '\\' || c < ' ') {
        shard.push_str(&serde_json::to_string(term).expect("strings serialise"));
    } else {
        shard.push('"');
        shard.push_str(term);
        shard.push('"');
    }
    shard.push_str(",\"");
    push_list(shard, list.iter().map(|&p| (p >> 2, p & 3)));
    shard.push_str("\"]");
}

fn close(shard: &mut String) -> Vec<u8> {
    shard.push(']');
    std::mem::take(shard).into_bytes()
}

#[derive(Serialize)]
struct Meta<'a> {
    v: u32,
    /// Pages in the locale, and pages per page shard.
    docs: usize,
    per: usize,
    /// The first term of each term shard, ascending.
    terms: Vec<&'a str>,
    tables: &'static tokens::Tables,
}

/// A posting list: per page, `gap * 3 + field - 1` in base 36, joined by ","
/// (`"9,4"` = page 3 in the body, page 4 in a heading).
pub fn encode(list: &[(u32, Field)]) -> String {
    let mut out = String::with_capacity(list.len() * 3);
    push_list(&mut out, list.iter().map(|&(page, field)| (page, field as u32)));
    out
}

/// Appends the encoding of (page, field number) pairs, pages ascending.
fn push_list(out: &mut String, list: impl Iterator<Item = (u32, u32)>) {
    let mut prev = 0;
    for (k, (page, field)) in list.enumerate() {
        if k > 0 {
            out.push(',');
        }
        push_base36(out, u64::from(page - prev) * 3 + u64::from(field) - 1);
        prev = page;
    }
}

fn push_base36(out: &mut String, mut n: u64) {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buf = [0u8; 16];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = DIGITS[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[i..].iter().map(|&b| b as char));
}

/// The search indexes of every locale, kept by the dev server between rebuilds, with a hash of
/// each file last written so an incremental rebuild rewrites only the shards that changed.
#[derive(Debug, Default)]
pub struct SiteIndex {
    locales: BTreeMap<String, IndexBuilder>,
    written: HashMap<PathBuf, blake3::Hash>,
}

impl SiteIndex {
    /// Takes the pages just rendered (locale, order, doc); `full`: they are the whole site.
    /// Returns the files to write (all of them on a full build, the changed ones otherwise),
    /// each below `dir(locale)`.
    /// `vocab` is the one the docs were made with (the site's). On a full build every locale of
    /// `locales` gets its index, an empty one when none of its pages is its own yet (a new site's
    /// other locales show only fallback pages), so its search page answers "no results" rather
    /// than failing to load.
    pub fn update(
        &mut self,
        vocab: &Vocab,
        full: bool,
        locales: &[&str],
        docs: Vec<(String, usize, SearchDoc)>,
        dir: impl Fn(&str) -> PathBuf,
    ) -> Vec<(PathBuf, Vec<u8>)> {
        if full {
            self.locales = locales.iter().map(|l| (l.to_string(), IndexBuilder::default())).collect();
            self.written.clear();
        }
        let mut touched: Vec<String> = docs.iter().map(|d| d.0.clone()).collect();
        if full {
            touched.extend(locales.iter().map(|l| l.to_string()));
        }
        touched.sort();
        touched.dedup();
        for (locale, order, doc) in docs {
            self.locales.entry(locale).or_default().add(order, doc);
        }
        let built: Vec<(PathBuf, Vec<u8>)> = {
            use rayon::prelude::*;
            let jobs: Vec<(PathBuf, &IndexBuilder)> = touched.iter().filter_map(|l| self.locales.get(l).map(|b| (dir(l), b))).collect();
            jobs.par_iter().flat_map_iter(|(base, b)| b.finish(vocab).into_iter().map(move |(name, bytes)| (base.join(name), bytes))).collect()
        };
        built
            .into_iter()
            .filter(|(path, bytes)| {
                let hash = blake3::hash(bytes);
                self.written.insert(path.clone(), hash) != Some(hash)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_gaps_and_fields_in_base36() {
        assert_eq!(encode(&[(3, Field::Body), (4, Field::Heading), (16, Field::Title)]), "9,4,12");
    }

    #[test]
    fn every_body_word_is_indexed_with_its_best_field() {
        let v = Vocab::default();
        let d = SearchDoc::new(&v, "Tratamiento médico", "/es/t/", "Cuidado", &["Terapia".into()], "terapia terapia grupo");
        let f = |w: &str| d.terms(&v).find(|t| t.0 == w).map(|t| t.1);
        assert_eq!(f("medico"), Some(Field::Title));
        assert_eq!(f("terapia"), Some(Field::Heading));
        assert_eq!(f("grupo"), Some(Field::Body));
        assert_eq!(f("cuidado"), Some(Field::Body));
    }

    #[test]
    fn an_edit_rewrites_only_changed_shards() {
        let mut s = SiteIndex::default();
        let v = Vocab::default();
        let doc = |body: &str| SearchDoc::new(&v, "T", "/t/", "", &[], body);
        let dir = |l: &str| PathBuf::from(l).join("search");
        let first = s.update(&v, true, &["en"], vec![("en".into(), 0, doc("alpha")), ("en".into(), 1, doc("beta"))], dir);
        assert_eq!(first.len(), 3, "meta, one term shard, one page shard");
        let again = s.update(&v, false, &["en"], vec![("en".into(), 1, doc("beta"))], dir);
        assert!(again.is_empty(), "nothing changed: {again:?}");
        let edited = s.update(&v, false, &["en"], vec![("en".into(), 1, doc("gamma"))], dir);
        assert_eq!(edited.iter().map(|f| f.0.clone()).collect::<Vec<_>>(), vec![PathBuf::from("en/search/t0.json")]);
    }
}
