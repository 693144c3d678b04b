//! The search index of the dev server: edits applied one page at a time (`SiteIndex::update`,
//! as `haven serve` does) leave exactly the files a full build of the edited pages makes.

use haven::search::{PackedDoc, SearchDoc, SiteIndex, Vocab};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A word of a small made-up language: `rank` in base 16 of syllables.
fn word(mut rank: u64) -> String {
    const SYLLABLES: [&str; 16] = ["ka", "lo", "mi", "ne", "pu", "ra", "si", "to", "va", "ze", "bo", "du", "fe", "gi", "ho", "ju"];
    let mut w = String::new();
    loop {
        w.push_str(SYLLABLES[(rank % 16) as usize]);
        rank /= 16;
        if rank == 0 {
            return w;
        }
    }
}

/// A xorshift generator: the same pages on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn words(&mut self, n: usize, of: u64) -> String {
        (0..n).map(|_| word(self.next() % of)).collect::<Vec<_>>().join(" ")
    }
}

/// Page `i` of generation `g`: words from a vocabulary that grows with `g`, so edits add new
/// terms, drop terms from every page, and move terms between title, heading and body.
fn page(v: &Vocab, rng: &mut Rng, i: usize, g: u64) -> PackedDoc {
    let of = 3000 + 40 * g;
    let (title, heading, description) = (rng.words(2, of), rng.words(1, of), rng.words(3, of));
    let n = 60 + (rng.next() % 60) as usize;
    let body = rng.words(n, of);
    PackedDoc::new(SearchDoc::new(v, &title, &format!("/p{i}/"), &description, &[heading], &body))
}

#[test]
fn edits_applied_one_by_one_give_the_files_of_a_full_build() {
    let v = Vocab::default();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let pages = 120;
    let mut docs: Vec<PackedDoc> = (0..pages).map(|i| page(&v, &mut rng, i, 0)).collect();
    let dir = |l: &str| PathBuf::from(l);
    // Page orders with gaps, as groups have.
    let all = |docs: &[PackedDoc]| docs.iter().enumerate().map(|(i, d)| ("en".to_string(), i * 3, d.clone())).collect::<Vec<_>>();
    let mut served = SiteIndex::default();
    let mut files: BTreeMap<PathBuf, Vec<u8>> = served.update(&v, true, true, &["en"], all(&docs), dir).into_iter().collect();
    assert!(files.keys().filter(|p| p.starts_with("en") && p.to_string_lossy().contains("/t")).count() >= 4, "several term shards");
    let mut rewrote = 0;
    for g in 1..40u64 {
        // One page, sometimes two (a listing re-rendered beside it); every seventh time unchanged.
        let mut edit = vec![(rng.next() as usize) % pages];
        if g % 3 == 0 {
            edit.push((rng.next() as usize) % pages);
        }
        let mut changed = Vec::new();
        for &i in &edit {
            if g % 7 != 0 {
                docs[i] = page(&v, &mut rng, i, g);
            }
            changed.push(("en".to_string(), i * 3, docs[i].clone()));
        }
        let written = served.update(&v, false, true, &["en"], changed, dir);
        if g % 7 == 0 {
            assert!(written.is_empty(), "unchanged pages rewrite nothing: {:?}", written.iter().map(|f| &f.0).collect::<Vec<_>>());
        }
        rewrote += written.len();
        files.extend(written);
        let want: BTreeMap<PathBuf, Vec<u8>> = SiteIndex::default().update(&v, true, false, &["en"], all(&docs), dir).into_iter().collect();
        for (path, bytes) in &want {
            assert!(files.get(path) == Some(bytes), "edit {g}: {} differs from a full build's", path.display());
        }
        // Shards past the last one meta.json names may stay behind; search.js never reads them.
        let stale: Vec<&PathBuf> = files.keys().filter(|p| !want.contains_key(*p)).collect();
        assert!(stale.iter().all(|p| p.to_string_lossy().starts_with("en/t")), "{stale:?}");
    }
    let shards = files.len();
    assert!(rewrote < 39 * shards / 3, "an edit rewrites a few files, not all {shards}: {rewrote} in 39 edits");
}
