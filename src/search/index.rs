//! A locale's index files from its pages' search docs (`IndexBuilder`), and the site's indexes
//! kept by the dev server between rebuilds (`SiteIndex`). A page's terms are kept packed
//! (`PackedDoc`, about 2 bytes a term), and the dev server keeps each locale's encoded posting
//! lists so that an edit re-encodes only the lists and shards it changes.

use super::doc::{Field, SearchDoc};
use super::tokens;
use super::vocab::{self, Vocab};
use super::{DOCS_PER_SHARD, TERM_SHARD_BYTES};
use rustc_hash::FxHashSet;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// What the index keeps of a page: its listing, and its distinct terms sorted by vocabulary id,
/// each as the varint of `gap << 2 | field` (the gap from the previous id).
#[derive(Debug, Clone)]
pub struct PackedDoc {
    title: Box<str>,
    url: Box<str>,
    excerpt: Box<str>,
    terms: Box<[u8]>,
}

impl PackedDoc {
    /// Packs a page's search doc (its term vector is dropped).
    pub fn new(doc: SearchDoc) -> PackedDoc {
        let mut terms = Vec::with_capacity(doc.terms.len() * 2);
        let mut prev = 0;
        // `doc.terms` is ascending, so each id's gap from the one before is never negative.
        for t in doc.terms {
            let id = t >> 2;
            push_varint(&mut terms, (u64::from(id - prev) << 2) | u64::from(t & 3));
            prev = id;
        }
        PackedDoc { title: doc.title.into(), url: doc.url.into(), excerpt: doc.excerpt.into(), terms: terms.into() }
    }

    /// (vocabulary id, field number 1..=3), ids ascending.
    fn terms(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let mut bytes = self.terms.iter();
        let mut id = 0u32;
        std::iter::from_fn(move || {
            let v = read_varint(&mut bytes)?;
            id += (v >> 2) as u32;
            Some((id, (v & 3) as u32))
        })
    }

    fn row(&self) -> [&str; 3] {
        [&self.title, &self.url, &self.excerpt]
    }
}

fn push_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn read_varint(bytes: &mut std::slice::Iter<'_, u8>) -> Option<u64> {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let b = *bytes.next()?;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(v);
        }
        shift += 7;
    }
}

/// One locale's pages, keyed by a stable order (the page's group), kept between dev-server
/// rebuilds so an edited page replaces its old terms.
#[derive(Debug, Default)]
pub struct IndexBuilder {
    docs: BTreeMap<usize, PackedDoc>,
    /// The posting lists and shard cuts of the last encoding, while `docs` has not changed since
    /// other than through `replace`.
    kept: Option<Encoded>,
}

/// A locale's encoded posting lists, sorted by term, and where its term shards start.
#[derive(Debug, Default)]
struct Encoded {
    entries: Vec<Entry>,
    /// The first entry of each term shard.
    starts: Vec<usize>,
}

/// One term's posting list as the term shard holds it.
#[derive(Debug)]
struct Entry {
    id: u32,
    /// The bytes of `["term","list"]` in a shard.
    len: u32,
    list: Box<str>,
}

impl Entry {
    fn new(id: u32, term: &str, list: String) -> Entry {
        let len = term_len(term) + list.len() + 5;
        Entry { id, len: len as u32, list: list.into() }
    }
}

impl IndexBuilder {
    /// Adds or replaces the page at `order`.
    pub fn add(&mut self, order: usize, doc: SearchDoc) {
        self.add_packed(order, PackedDoc::new(doc));
    }

    fn add_packed(&mut self, order: usize, doc: PackedDoc) {
        self.docs.insert(order, doc);
        self.kept = None;
    }

    /// The index files, as (path below `search/`, bytes), in a fixed order.
    pub fn finish(&self, vocab: &Vocab) -> Vec<(String, Vec<u8>)> {
        self.encode(vocab).1
    }

    /// Every file of the locale, with the encoding they were made from.
    fn encode(&self, vocab: &Vocab) -> (Encoded, Vec<(String, Vec<u8>)>) {
        let docs: Vec<&PackedDoc> = self.docs.values().collect();
        let table = vocab.read();
        let postings = Postings::of(&docs, &table);
        let mut list = Vec::new();
        let entries: Vec<Entry> = postings
            .iter()
            .map(|(id, lists)| {
                list.clear();
                push_list(&mut list, lists.iter().map(|&p| (p >> 2, p & 3)));
                Entry::new(id, table.name(id), ascii(list.clone()))
            })
            .collect();
        drop(postings);
        let enc = Encoded { starts: cut(&entries), entries };
        let mut files: Vec<(String, Vec<u8>)> = (0..enc.starts.len()).map(|k| (format!("t{k}.json"), enc.shard(k, &table))).collect();
        for (i, chunk) in docs.chunks(DOCS_PER_SHARD).enumerate() {
            files.push((format!("d{i}.json"), page_shard(chunk)));
        }
        files.insert(0, ("meta.json".to_string(), enc.meta(docs.len(), &table)));
        (enc, files)
    }

    /// Replaces pages already in the index, re-encoding only the posting lists and shards they
    /// change. Returns the files that may have changed (all of them when `docs` adds a page).
    fn replace(&mut self, vocab: &Vocab, docs: Vec<(usize, PackedDoc)>) -> Vec<(String, Vec<u8>)> {
        if self.kept.is_none() || docs.iter().any(|(order, _)| !self.docs.contains_key(order)) {
            for (order, doc) in docs {
                self.add_packed(order, doc);
            }
            let (enc, files) = self.encode(vocab);
            self.kept = Some(enc);
            return files;
        }
        let Some(enc) = self.kept.as_mut() else { return vec![] };
        let table = vocab.read();
        let old = enc.signatures();
        let mut changed: FxHashSet<u32> = FxHashSet::default();
        let mut pages = Vec::new();
        for (order, doc) in docs {
            let page = self.docs.range(..order).count() as u32;
            if let Some(old) = self.docs.insert(order, doc) {
                enc.replace_doc(page, &old, &self.docs[&order], &table, &mut changed);
            }
            pages.push(page as usize / DOCS_PER_SHARD);
        }
        enc.starts = cut(&enc.entries);
        let mut files = vec![("meta.json".to_string(), enc.meta(self.docs.len(), &table))];
        for k in 0..enc.starts.len() {
            if !enc.same_shard(k, &old, &changed) {
                files.push((format!("t{k}.json"), enc.shard(k, &table)));
            }
        }
        pages.sort_unstable();
        pages.dedup();
        let docs: Vec<&PackedDoc> = self.docs.values().collect();
        for i in pages {
            let chunk = &docs[i * DOCS_PER_SHARD..((i + 1) * DOCS_PER_SHARD).min(docs.len())];
            files.push((format!("d{i}.json"), page_shard(chunk)));
        }
        files
    }
}

impl Encoded {
    /// The entries of term shard `k`.
    fn range(&self, k: usize) -> std::ops::Range<usize> {
        self.starts[k]..self.starts.get(k + 1).copied().unwrap_or(self.entries.len())
    }

    fn shard(&self, k: usize, table: &vocab::Table) -> Vec<u8> {
        let entries = &self.entries[self.range(k)];
        let mut out = String::with_capacity(entries.iter().map(|e| e.len as usize + 1).sum::<usize>() + 1);
        out.push('[');
        for (i, e) in entries.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_entry(&mut out, table.name(e.id), &e.list);
        }
        out.push(']');
        out.into_bytes()
    }

    fn meta(&self, docs: usize, table: &vocab::Table) -> Vec<u8> {
        let terms = self.starts.iter().map(|&s| table.name(self.entries[s].id)).collect();
        let meta = Meta { v: 1, docs, per: DOCS_PER_SHARD, terms, tables: &tokens::TABLES };
        serde_json::to_vec(&meta).expect("plain data serialises")
    }

    /// Each term shard's (first term, last term, number of terms).
    fn signatures(&self) -> Vec<(u32, u32, usize)> {
        (0..self.starts.len())
            .map(|k| {
                let r = self.range(k);
                (self.entries[r.start].id, self.entries[r.end - 1].id, r.len())
            })
            .collect()
    }

    /// Whether term shard `k` holds what it held before an edit whose shards were `old`: the same
    /// first and last term and as many terms, none of them `changed`. (Its terms are then a run
    /// of the old sorted terms between the same two, as many as before: the same terms.)
    fn same_shard(&self, k: usize, old: &[(u32, u32, usize)], changed: &FxHashSet<u32>) -> bool {
        let r = self.range(k);
        old.get(k) == Some(&(self.entries[r.start].id, self.entries[r.end - 1].id, r.len())) && self.entries[r].iter().all(|e| !changed.contains(&e.id))
    }

    /// Replaces the page `page`'s terms `old` with those of `new` in the posting lists.
    fn replace_doc(&mut self, page: u32, old: &PackedDoc, new: &PackedDoc, table: &vocab::Table, changed: &mut FxHashSet<u32>) {
        for (id, field) in diff(old.terms(), new.terms()) {
            let name = table.name(id);
            let at = self.entries.binary_search_by(|e| table.name(e.id).cmp(name));
            let list = match at {
                Ok(i) => splice(&self.entries[i].list, page, field),
                Err(_) => splice("", page, field),
            };
            match (at, list.is_empty()) {
                (Ok(i), true) => {
                    self.entries.remove(i);
                }
                (Ok(i), false) => self.entries[i] = Entry::new(id, name, list),
                (Err(i), false) => self.entries.insert(i, Entry::new(id, name, list)),
                (Err(_), true) => {}
            }
            changed.insert(id);
        }
    }
}
/// The terms of a page shard's pages.
fn page_shard(docs: &[&PackedDoc]) -> Vec<u8> {
    let rows: Vec<[&str; 3]> = docs.iter().map(|d| d.row()).collect();
    serde_json::to_vec(&rows).expect("strings serialise")
}

/// The first entry of each term shard: a shard is closed once its JSON reaches `TERM_SHARD_BYTES`.
fn cut(entries: &[Entry]) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut len = 0;
    for (i, e) in entries.iter().enumerate() {
        if len == 0 {
            starts.push(i);
        }
        // `[` before the first entry, `,` before the others.
        len += 1 + e.len as usize;
        if len >= TERM_SHARD_BYTES {
            len = 0;
        }
    }
    starts
}

/// The terms whose field on a page differs between `old` and `new` (both ascending): (id, its
/// field now, `None` when the page no longer holds it).
fn diff(old: impl Iterator<Item = (u32, u32)>, new: impl Iterator<Item = (u32, u32)>) -> Vec<(u32, Option<u32>)> {
    let (mut old, mut new) = (old.peekable(), new.peekable());
    let mut out = Vec::new();
    loop {
        match (old.peek().copied(), new.peek().copied()) {
            (None, None) => return out,
            (Some(o), Some(n)) if o.0 == n.0 => {
                if o.1 != n.1 {
                    out.push((n.0, Some(n.1)));
                }
                old.next();
                new.next();
            }
            (Some(o), n) if n.is_none_or(|n| o.0 < n.0) => {
                out.push((o.0, None));
                old.next();
            }
            (_, Some(n)) => {
                out.push((n.0, Some(n.1)));
                new.next();
            }
            (Some(_), None) => return out,
        }
    }
}

/// A posting list with page `page` set to `field`, or removed when `None`.
fn splice(list: &str, page: u32, field: Option<u32>) -> String {
    let mut pages: Vec<(u32, u32)> = Vec::new();
    let mut prev = 0;
    for g in list.split(',').filter(|g| !g.is_empty()) {
        let v = u32::from_str_radix(g, 36).unwrap_or_default();
        prev += v / 3;
        pages.push((prev, v % 3 + 1));
    }
    match (pages.binary_search_by_key(&page, |p| p.0), field) {
        (Ok(i), Some(f)) => pages[i].1 = f,
        (Ok(i), None) => {
            pages.remove(i);
        }
        (Err(i), Some(f)) => pages.insert(i, (page, f)),
        (Err(_), None) => {}
    }
    let mut out = Vec::with_capacity(list.len() + 4);
    push_list(&mut out, pages.into_iter());
    ascii(out)
}

/// Every term of a locale with its posting list, in one flat array: the terms sorted, and for
/// each the pages holding it in page order, each as `page << 2 | field`.
struct Postings {
    /// Term ids in ascending order of their text, each with the end of its list in `lists`.
    terms: Vec<(u32, usize)>,
    lists: Vec<u32>,
}

impl Postings {
    fn of(docs: &[&PackedDoc], vocab: &vocab::Table) -> Postings {
        // Each vocabulary id's number of pages, in a dense table (a site has few distinct terms).
        let mut count: Vec<u32> = Vec::new();
        for d in docs {
            for (t, _) in d.terms() {
                let t = t as usize;
                if t >= count.len() {
                    count.resize(t + 1, 0);
                }
                count[t] += 1;
            }
        }
        let mut order: Vec<u32> = (0..count.len() as u32).filter(|&t| count[t as usize] > 0).collect();
        order.sort_unstable_by_key(|&t| vocab.name(t));
        // Where each term's list starts, in sorted order.
        let mut next = vec![0usize; count.len()];
        let mut terms = Vec::with_capacity(order.len());
        let mut end = 0;
        for &t in &order {
            next[t as usize] = end;
            end += count[t as usize] as usize;
            terms.push((t, end));
        }
        drop(count);
        let mut lists = vec![0u32; end];
        for (n, d) in docs.iter().enumerate() {
            for (t, f) in d.terms() {
                let slot = &mut next[t as usize];
                lists[*slot] = ((n as u32) << 2) | f;
                *slot += 1;
            }
        }
        Postings { terms, lists }
    }

    /// (term id, its pages as `page << 2 | field`), terms ascending.
    fn iter(&self) -> impl Iterator<Item = (u32, &[u32])> {
        let starts = std::iter::once(0).chain(self.terms.iter().map(|t| t.1));
        self.terms.iter().zip(starts).map(|(&(t, end), start)| (t, &self.lists[start..end]))
    }
}

/// Appends a term as JSON: what `serde_json` writes for it.
fn push_term(out: &mut String, term: &str) {
    if needs_escape(term) {
        out.push_str(&serde_json::to_string(term).expect("strings serialise"));
    } else {
        out.push('"');
        out.push_str(term);
        out.push('"');
    }
}

/// The length of a term as JSON.
fn term_len(term: &str) -> usize {
    if needs_escape(term) {
        serde_json::to_string(term).map_or(0, |t| t.len())
    } else {
        term.len() + 2
    }
}

fn needs_escape(term: &str) -> bool {
    term.bytes().any(|c| c == b'"' || c == b'\\' || c < b' ')
}

/// Appends `["term","list"]` to a term shard: what `serde_json` writes for the pair.
fn push_entry(shard: &mut String, term: &str, list: &str) {
    shard.push('[');
    push_term(shard, term);
    shard.push_str(",\"");
    shard.push_str(list);
    shard.push_str("\"]");
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
    let mut out = Vec::with_capacity(list.len() * 3);
    push_list(&mut out, list.iter().map(|&(page, field)| (page, field as u32)));
    ascii(out)
}

/// Appends the encoding of (page, field number) pairs, pages ascending, as ASCII bytes.
fn push_list(out: &mut Vec<u8>, list: impl Iterator<Item = (u32, u32)>) {
    let mut prev = 0;
    for (k, (page, field)) in list.enumerate() {
        if k > 0 {
            out.push(b',');
        }
        push_base36(out, u64::from(page - prev) * 3 + u64::from(field) - 1);
        prev = page;
    }
}

fn push_base36(out: &mut Vec<u8>, mut n: u64) {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    // Most gaps are a digit or two.
    if n < 36 {
        out.push(DIGITS[n as usize]);
        return;
    }
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
    out.extend_from_slice(&buf[i..]);
}

/// A posting list's ASCII bytes as text.
fn ascii(list: Vec<u8>) -> String {
    String::from_utf8(list).unwrap_or_default()
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
    /// than failing to load. `keep`: keep the pages and posting lists for later incremental
    /// updates (the dev server); otherwise a full build frees them once the files are made.
    pub fn update(
        &mut self,
        vocab: &Vocab,
        full: bool,
        keep: bool,
        locales: &[&str],
        docs: Vec<(String, usize, PackedDoc)>,
        dir: impl Fn(&str) -> PathBuf + Sync,
    ) -> Vec<(PathBuf, Vec<u8>)> {
        use rayon::prelude::*;
        if full {
            self.locales = locales.iter().map(|l| (l.to_string(), IndexBuilder::default())).collect();
            self.written.clear();
        }
        let mut by_locale: BTreeMap<String, Vec<(usize, PackedDoc)>> = BTreeMap::new();
        for (locale, order, doc) in docs {
            by_locale.entry(locale).or_default().push((order, doc));
        }
        let built: Vec<(PathBuf, Vec<u8>)> = if full {
            for (locale, docs) in by_locale {
                let b = self.locales.entry(locale).or_default();
                docs.into_iter().for_each(|(order, doc)| b.add_packed(order, doc));
            }
            let jobs: Vec<(&String, &mut IndexBuilder)> = self.locales.iter_mut().collect();
            jobs.into_par_iter()
                .flat_map_iter(|(locale, b)| {
                    let (enc, files) = b.encode(vocab);
                    if keep {
                        b.kept = Some(enc);
                    } else {
                        // Free the locale's pages now, not once every locale is encoded.
                        b.docs = BTreeMap::new();
                    }
                    let base = dir(locale);
                    files.into_iter().map(move |(name, bytes)| (base.join(name), bytes))
                })
                .collect()
        } else {
            let mut built = Vec::new();
            for (locale, docs) in by_locale {
                let base = dir(&locale);
                let files = self.locales.entry(locale).or_default().replace(vocab, docs);
                built.extend(files.into_iter().map(|(name, bytes)| (base.join(name), bytes)));
            }
            built
        };
        if full && !keep {
            // A build that keeps nothing writes every file once: no hashes to compare with later.
            self.locales.clear();
            self.written.clear();
            return built;
        }
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
        let doc = |body: &str| PackedDoc::new(SearchDoc::new(&v, "T", "/t/", "", &[], body));
        let dir = |l: &str| PathBuf::from(l).join("search");
        let first = s.update(&v, true, true, &["en"], vec![("en".into(), 0, doc("alpha")), ("en".into(), 1, doc("beta"))], dir);
        assert_eq!(first.len(), 3, "meta, one term shard, one page shard");
        let again = s.update(&v, false, true, &["en"], vec![("en".into(), 1, doc("beta"))], dir);
        assert!(again.is_empty(), "nothing changed: {again:?}");
        let edited = s.update(&v, false, true, &["en"], vec![("en".into(), 1, doc("gamma"))], dir);
        assert_eq!(edited.iter().map(|f| f.0.clone()).collect::<Vec<_>>(), vec![PathBuf::from("en/search/t0.json")]);
    }
}
