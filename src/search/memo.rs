//! Each render thread's tokenizer state: a bounded memo in which each distinct piece of text is
//! folded and split once (words repeat across pages), its terms kept as ids (`vocab`); and the
//! scratch that gathers one page's distinct terms without a map per page.

use super::doc::Field;
use super::pieces::{Piece, WORDS};
use super::tokens;
use hashbrown::HashTable;

/// The memo is emptied (between pages) once it holds this many distinct pieces.
const MAX_PIECES: usize = 1 << 18;

/// Longest piece named by its words alone (`Piece::words`); a longer one is also kept in
/// `Memo::text` and compared there.
const SHORT: usize = 8 * WORDS;

/// Term ids are packed with a field in two bits (`PageTerms`), so they stay below this.
pub(crate) const MAX_TERMS: u32 = 1 << 30;

/// One memoised piece and its terms, 32 bytes: a lookup compares three words and a length
/// in the entry itself.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// The piece's words; for a piece longer than `SHORT`, the third is where its text starts in
    /// `Memo::text`.
    words: [u64; WORDS],
    len: u32,
    terms: Terms,
}

/// A piece's terms: one id (the common case), none, or a run in `Memo::ids` (its length first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Terms(u32);

impl Terms {
    const NONE: Terms = Terms(u32::MAX);
    const RUN: u32 = 1 << 31;
}

/// Entries of `Memo::front`: 128 KiB, well inside the core's second-level cache (4,096 slots
/// cost `SearchDoc::new` 3% fewer instructions than 512 on the default 200-page corpus).
const FRONT: usize = 4096;

/// The terms of pieces seen so far on this thread: piece -> its terms.
#[derive(Debug)]
pub(crate) struct Memo {
    /// Recent short pieces, one per slot (chosen by hash): the commonest words of a language
    /// are found here without probing `table`, which outgrows the cache.
    front: Vec<Entry>,
    table: HashTable<Entry>,
    /// The text of every memoised piece longer than `SHORT`, end to end.
    text: String,
    /// The term ids of pieces with more than one term, each run after its length.
    ids: Vec<u32>,
    folds: tokens::Folds,
    /// The terms of the piece being tokenized.
    fresh: Vec<u32>,
}

/// A front slot that matches no piece (none is empty).
const VACANT: Entry = Entry { words: [0; WORDS], len: 0, terms: Terms::NONE };

impl Default for Memo {
    fn default() -> Memo {
        Memo { front: vec![VACANT; FRONT], table: HashTable::new(), text: String::new(), ids: Vec::new(), folds: Default::default(), fresh: Vec::new() }
    }
}

/// The high and low halves of a full product, folded (the mixing step of foldhash and wyhash).
fn mix(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

/// A piece's hash from its words and length. The seeds' low byte is zero and their others are
/// not, so no piece's word (non-zero low byte, or zero) cancels one and zeroes a product.
fn hash(words: &[u64; WORDS], len: usize) -> u64 {
    const SEEDS: [u64; 3] = [0x243F_6A88_85A3_0800, 0x1319_8A2E_0370_7300, 0xA409_3822_299F_3100];
    mix(mix(words[0] ^ SEEDS[0], words[1] ^ SEEDS[1]) ^ words[2], SEEDS[2] ^ len as u64)
}

impl Entry {
    fn hash(&self) -> u64 {
        let mut words = self.words;
        if self.len as usize > SHORT {
            words[WORDS - 1] = 0;
        }
        hash(&words, self.len as usize)
    }
}

impl Memo {
    /// Empties the memo once it grew past its bound (called between pages).
    pub(crate) fn trim(&mut self) {
        if self.table.len() > MAX_PIECES || self.ids.len() > 8 * MAX_PIECES || self.text.len() > 16 * MAX_PIECES {
            self.table = HashTable::new();
            self.text = String::new();
            self.ids = Vec::new();
            self.front.fill(VACANT);
        }
    }

    /// Calls `each` with the terms of `piece`, tokenizing it on first sight (`intern` names a new
    /// term's id).
    #[inline]
    pub(crate) fn piece(&mut self, piece: Piece<'_>, intern: impl Fn(&str) -> u32, mut each: impl FnMut(u32)) {
        match self.terms(piece, intern) {
            Terms::NONE => {}
            Terms(id) if id & Terms::RUN == 0 => each(id),
            Terms(at) => {
                let at = (at & !Terms::RUN) as usize;
                let n = self.ids.get(at).copied().unwrap_or_default() as usize;
                self.ids.iter().skip(at + 1).take(n).for_each(|&id| each(id));
            }
        }
    }

    /// The terms of `piece`: from the front slots, the table, or tokenized now.
    #[inline]
    fn terms(&mut self, piece: Piece<'_>, intern: impl Fn(&str) -> u32) -> Terms {
        let (words, len) = (piece.words, piece.bytes.len());
        if len > SHORT {
            return self.find_long(piece).unwrap_or_else(|| self.insert(piece, intern));
        }
        let h = hash(&words, len);
        let slot = (h >> 40) as usize % FRONT;
        let same = |e: &Entry| e.words == words && e.len as usize == len;
        if let Some(e) = self.front.get(slot).filter(|e| same(e)) {
            return e.terms;
        }
        let terms = match self.table.find(h, same) {
            Some(e) => e.terms,
            None => self.insert(piece, intern),
        };
        if let Some(f) = self.front.get_mut(slot) {
            *f = Entry { words, len: len as u32, terms };
        }
        terms
    }

    /// The terms of a piece longer than `SHORT` already memoised.
    fn find_long(&self, piece: Piece<'_>) -> Option<Terms> {
        let (words, len, text) = (piece.words, piece.bytes.len(), &self.text);
        let mut head = words;
        head[WORDS - 1] = 0;
        let at = |e: &Entry| text.as_bytes().get(e.words[WORDS - 1] as usize..).and_then(|t| t.get(..len));
        let found = self.table.find(hash(&head, len), |e| e.len as usize == len && e.words[..WORDS - 1] == words[..WORDS - 1] && at(e) == Some(piece.bytes));
        found.map(|e| e.terms)
    }

    /// Tokenizes a new piece and memoises its terms.
    fn insert(&mut self, piece: Piece<'_>, intern: impl Fn(&str) -> u32) -> Terms {
        let Memo { table, text, ids, folds, fresh, .. } = self;
        fresh.clear();
        tokens::piece_terms(piece.text(), folds, |t| fresh.push(intern(t)));
        let terms = match fresh[..] {
            [] => Terms::NONE,
            [id] if id & Terms::RUN == 0 => Terms(id),
            _ => {
                let at = ids.len() as u32 | Terms::RUN;
                ids.push(fresh.len() as u32);
                ids.extend_from_slice(fresh);
                Terms(at)
            }
        };
        let mut words = piece.words;
        if piece.bytes.len() > SHORT {
            words[WORDS - 1] = text.len() as u64;
            text.push_str(piece.text());
        }
        let e = Entry { words, len: piece.bytes.len() as u32, terms };
        table.insert_unique(e.hash(), e, Entry::hash);
        terms
    }
}

/// One page's distinct terms with the best field of each, gathered in tables indexed by term
/// id and reused from page to page, so that noting a term is a few stores and the page's terms
/// come out in id order without sorting.
#[derive(Debug, Default)]
pub(crate) struct PageTerms {
    /// Block `id / 64` holds term `id`.
    blocks: Vec<Block>,
    /// Bit `b % 64` of word `b / 64` set for each block `b` holding a term of the page.
    summary: Vec<u64>,
    /// Distinct terms on the page.
    count: usize,
}

/// 64 term ids' part of a page.
#[derive(Debug, Clone, Copy)]
struct Block {
    /// Bit `id % 64` set for each term on the page.
    bits: u64,
    /// The best field so far of each term on the page; 0 when not on it.
    field: [u8; 64],
}

impl PageTerms {
    /// Notes that term `id` stands in `field` on this page.
    #[inline]
    pub(crate) fn note(&mut self, id: u32, field: Field) {
        let i = id as usize;
        if i / 64 >= self.blocks.len() {
            self.grow(i / 64);
        }
        let (Some(block), Some(summary)) = (self.blocks.get_mut(i / 64), self.summary.get_mut(i / 4096)) else { return };
        let f = &mut block.field[i % 64];
        self.count += usize::from(*f == 0);
        *f = (*f).max(field as u8);
        block.bits |= 1 << (i % 64);
        *summary |= 1 << (i / 64 % 64);
    }

    /// Makes room for block `b` (and as many again).
    fn grow(&mut self, b: usize) {
        self.blocks.resize((b + 1).max(2 * self.blocks.len()), Block { bits: 0, field: [0; 64] });
        self.summary.resize(self.blocks.len().div_ceil(64), 0);
    }

    /// The page's terms as `id << 2 | field`, ascending, leaving the scratch empty.
    pub(crate) fn take(&mut self) -> Vec<u32> {
        let mut out = Vec::with_capacity(std::mem::take(&mut self.count));
        for (w, word) in self.summary.iter_mut().enumerate() {
            for b in set_bits(std::mem::take(word)) {
                let Some(block) = self.blocks.get_mut(64 * w + b) else { continue };
                for bit in set_bits(std::mem::take(&mut block.bits)) {
                    let id = 64 * (64 * w + b) + bit;
                    out.push(((id as u32) << 2) | u32::from(std::mem::take(&mut block.field[bit])));
                }
            }
        }
        out
    }
}

/// The positions of the bits set in `m`, lowest first.
fn set_bits(mut m: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        let b = (m != 0).then_some(m.trailing_zeros() as usize)?;
        m &= m - 1;
        Some(b)
    })
}

/// A render thread's tokenizer state.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    pub(crate) memo: Memo,
    pub(crate) page: PageTerms,
}

#[cfg(test)]
mod tests {
    use super::super::pieces::pieces;
    use super::*;
    use std::cell::RefCell;
    use std::collections::HashMap;

    /// Terms through the memo against `piece_terms` on every piece, with pieces that repeat, share
    /// their first 16 or 24 bytes, and run past the words.
    #[test]
    fn the_memo_gives_each_piece_its_own_terms() {
        let names: RefCell<HashMap<String, u32>> = RefCell::default();
        let intern = |t: &str| {
            let mut n = names.borrow_mut();
            let next = n.len() as u32;
            *n.entry(t.to_string()).or_insert(next)
        };
        let mut memo = Memo::default();
        let mut folds = tokens::Folds::default();
        let stems = ["a", "Ab", "l'enfant", "пам'ять", "café—naïve", "ال", "毒品剥削", "abcdefghijklmnop", "abcdefghijklmnopqrstuvwx", "Лікування"];
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..3_000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let text: String =
                (0..1 + (seed >> 61)).map(|k| stems[(seed.rotate_left(k as u32 * 9) % stems.len() as u64) as usize]).collect::<Vec<_>>().join(" ");
            let text = format!("{text} {}{}", stems[(seed % 10) as usize], (seed >> 40) % 7);
            for p in pieces(&text) {
                let mut got = Vec::new();
                memo.piece(p, intern, |id| got.push(id));
                let mut want = Vec::new();
                tokens::piece_terms(p.text(), &mut folds, |t| want.push(intern(t)));
                assert_eq!(got, want, "{:?}", p.text());
            }
        }
        assert!(memo.table.len() < 3_000, "pieces repeat: {}", memo.table.len());
    }

    #[test]
    fn a_page_keeps_each_term_once_with_its_best_field() {
        let mut page = PageTerms::default();
        for (id, f) in [(7, Field::Body), (3, Field::Title), (7, Field::Heading), (3, Field::Body), (0, Field::Body)] {
            page.note(id, f);
        }
        assert_eq!(page.take(), [Field::Body as u32, (3 << 2) | Field::Title as u32, (7 << 2) | Field::Heading as u32]);
        page.note(7, Field::Body);
        assert_eq!(page.take(), [(7 << 2) | Field::Body as u32], "the scratch starts empty");
        // Against a map, on ids spread over several words and summary words.
        let mut seed: u64 = 0x853C_49E6_748F_EA9B;
        for round in 0..200 {
            let mut want = std::collections::BTreeMap::new();
            for _ in 0..round * 3 {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let id = (seed >> 33) as u32 % (1 + 70_000 * (round % 4));
                let f = Field::of((seed >> 20) as u32 % 3 + 1);
                page.note(id, f);
                let best = want.entry(id).or_insert(f);
                *best = (*best).max(f);
            }
            let want: Vec<u32> = want.into_iter().map(|(id, f)| (id << 2) | f as u32).collect();
            assert_eq!(page.take(), want, "round {round}");
        }
    }
}
