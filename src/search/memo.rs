//! Each render thread's tokenizer state: a bounded memo in which each distinct piece of text is
//! folded and split once (words repeat across pages), its terms kept as ids (`vocab`); and the
//! scratch that gathers one page's distinct terms without a map per page.

use super::doc::Field;
use super::tokens;
use hashbrown::HashTable;
use std::hash::BuildHasher;

/// The memo is emptied (between pages) once it holds this many distinct pieces.
const MAX_PIECES: usize = 1 << 18;

/// One memoised piece: its text in `Memo::text`, its terms in `Memo::ids` (or the term itself).
#[derive(Debug, Clone, Copy)]
struct Entry {
    at: u32,
    len: u32,
    /// The one term id when `n == 1`, else where the `n` ids start in `Memo::ids`.
    ids: u32,
    n: u32,
}

/// The terms of pieces seen so far on this thread: piece -> its terms.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    table: HashTable<Entry>,
    /// The text of every memoised piece, end to end.
    text: String,
    /// The term ids of pieces with other than one term.
    ids: Vec<u32>,
    folds: tokens::Folds,
    /// The terms of the piece being tokenized.
    fresh: Vec<u32>,
    hot: Hot,
}

/// Longest piece `Hot` holds, in bytes.
const HOT_KEY: usize = 27;
/// Slots of `Hot`: 128 KiB, small enough to stay in a core's cache.
const HOT_SLOTS: usize = 1 << 12;
/// `Slot::id` of a piece without terms (a lone letter).
const NO_TERM: u32 = u32::MAX;

/// A direct-mapped cache in front of the memo, of short pieces with at most one term: the words
/// that make most of a text hit here, in one cache line, instead of missing the cache three
/// times in the larger memo (its control bytes, its entry, its text).
#[derive(Debug)]
struct Hot {
    slots: Vec<Slot>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    len: u8,
    key: [u8; HOT_KEY],
    /// The piece's term, or `NO_TERM`.
    id: u32,
}

impl Default for Hot {
    fn default() -> Hot {
        Hot { slots: vec![Slot::default(); HOT_SLOTS] }
    }
}

impl Hot {
    fn slot(h: u64) -> usize {
        (h >> 32) as usize % HOT_SLOTS
    }

    /// The term of `piece` (`Some(NO_TERM)` for none), if it is cached.
    fn get(&self, h: u64, piece: &str) -> Option<u32> {
        let s = self.slots.get(Hot::slot(h))?;
        (s.len as usize == piece.len() && s.key.get(..piece.len()) == Some(piece.as_bytes())).then_some(s.id)
    }

    /// Caches `piece` (at most `HOT_KEY` bytes) with its term, in place of the piece there.
    fn put(&mut self, h: u64, piece: &str, id: u32) {
        let (Some(s), Ok(len)) = (self.slots.get_mut(Hot::slot(h)), u8::try_from(piece.len())) else { return };
        if let Some(key) = s.key.get_mut(..piece.len()) {
            key.copy_from_slice(piece.as_bytes());
            (s.len, s.id) = (len, id);
        }
    }
}

fn hash(piece: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(piece)
}

impl Memo {
    /// Empties the memo once it grew past its bound (called between pages).
    pub(crate) fn trim(&mut self) {
        if self.table.len() > MAX_PIECES || self.ids.len() > 8 * MAX_PIECES || self.text.len() > 16 * MAX_PIECES {
            self.table = HashTable::new();
            self.text = String::new();
            self.ids = Vec::new();
        }
    }

    /// Calls `each` with the terms of `piece`, tokenizing it on first sight (`intern` names a new
    /// term's id).
    pub(crate) fn piece(&mut self, piece: &str, intern: impl Fn(&str) -> u32, mut each: impl FnMut(u32)) {
        let Memo { table, text, ids, folds, fresh, hot } = self;
        let h = hash(piece);
        if let Some(id) = hot.get(h, piece) {
            if id != NO_TERM {
                each(id);
            }
            return;
        }
        let same = |e: &Entry| e.len as usize == piece.len() && text.as_bytes().get(e.at as usize..e.at as usize + piece.len()) == Some(piece.as_bytes());
        let e = match table.find(h, same) {
            Some(e) => *e,
            None => {
                fresh.clear();
                tokens::piece_terms(piece, folds, |t| fresh.push(intern(t)));
                let (at, len) = (text.len() as u32, piece.len() as u32);
                let e = match fresh[..] {
                    [id] => Entry { at, len, ids: id, n: 1 },
                    _ => Entry { at, len, ids: ids.len() as u32, n: fresh.len() as u32 },
                };
                if e.n != 1 {
                    ids.extend_from_slice(fresh);
                }
                text.push_str(piece);
                table.insert_unique(h, e, |e| hash(text.get(e.at as usize..(e.at + e.len) as usize).unwrap_or_default()));
                e
            }
        };
        if e.n <= 1 && piece.len() <= HOT_KEY {
            hot.put(h, piece, if e.n == 1 { e.ids } else { NO_TERM });
        }
        match e.n {
            1 => each(e.ids),
            n => ids.iter().skip(e.ids as usize).take(n as usize).for_each(|&id| each(id)),
        }
    }
}

/// One page's distinct terms with the best field of each, gathered in vectors reused from page
/// to page: `slot[id]` is where term `id` stands in `ids` and `fields`, or `NONE`.
#[derive(Debug, Default)]
pub(crate) struct PageTerms {
    slot: Vec<u32>,
    ids: Vec<u32>,
    fields: Vec<Field>,
}

const NONE: u32 = u32::MAX;

impl PageTerms {
    /// Notes that term `id` stands in `field` on this page.
    pub(crate) fn note(&mut self, id: u32, field: Field) {
        let i = id as usize;
        if i >= self.slot.len() {
            self.slot.resize((i + 1).max(2 * self.slot.len()), NONE);
        }
        match self.fields.get_mut(self.slot[i] as usize) {
            Some(f) => *f = (*f).max(field),
            None => {
                self.slot[i] = self.ids.len() as u32;
                self.ids.push(id);
                self.fields.push(field);
            }
        }
    }

    /// The page's terms and their fields (in the order first noted), leaving the scratch empty.
    pub(crate) fn take(&mut self) -> (Vec<u32>, Vec<Field>) {
        for &id in &self.ids {
            self.slot[id as usize] = NONE;
        }
        let out = (self.ids.clone(), self.fields.clone());
        self.ids.clear();
        self.fields.clear();
        out
    }
}

/// A render thread's tokenizer state.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    pub(crate) memo: Memo,
    pub(crate) page: PageTerms,
}
