//! Each render thread's tokenizer state: a bounded memo in which each distinct piece of text is
//! folded and split once (words repeat across pages), its terms kept as ids (`vocab`); and the
//! scratch that gathers one page's distinct terms without a map per page.

use super::doc::Field;
use super::tokens;
use hashbrown::HashTable;
use std::hash::BuildHasher;

/// The memo is emptied (between pages) once it holds this many distinct pieces.
const MAX_PIECES: usize = 1 << 18;

/// Longest piece kept inside its entry, in bytes (most words): a lookup then reads the table's
/// control bytes and one entry, not a third place for the text.
const INLINE: usize = 22;

/// The text of a memoised piece: inline when short, else in `Memo::text`.
#[derive(Debug, Clone, Copy)]
enum Key {
    Inline { len: u8, bytes: [u8; INLINE] },
    Text { at: u32, len: u32 },
}

impl Key {
    fn new(piece: &str, text: &mut String) -> Key {
        let mut bytes = [0; INLINE];
        match (bytes.get_mut(..piece.len()), u8::try_from(piece.len())) {
            (Some(b), Ok(len)) => {
                b.copy_from_slice(piece.as_bytes());
                Key::Inline { len, bytes }
            }
            _ => {
                let at = text.len() as u32;
                text.push_str(piece);
                Key::Text { at, len: piece.len() as u32 }
            }
        }
    }

    fn bytes<'a>(&'a self, text: &'a str) -> &'a [u8] {
        match self {
            Key::Inline { len, bytes } => bytes.get(..*len as usize).unwrap_or_default(),
            Key::Text { at, len } => text.as_bytes().get(*at as usize..(*at + *len) as usize).unwrap_or_default(),
        }
    }
}

/// One memoised piece and its terms.
#[derive(Debug, Clone, Copy)]
struct Entry {
    key: Key,
    /// The one term id when `n == 1`, else where the `n` ids start in `Memo::ids`.
    ids: u32,
    n: u32,
}

/// The terms of pieces seen so far on this thread: piece -> its terms.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    table: HashTable<Entry>,
    /// The text of every memoised piece longer than `INLINE`, end to end.
    text: String,
    /// The term ids of pieces with other than one term.
    ids: Vec<u32>,
    folds: tokens::Folds,
    /// The terms of the piece being tokenized.
    fresh: Vec<u32>,
}

fn hash(piece: &[u8]) -> u64 {
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
        let Memo { table, text, ids, folds, fresh } = self;
        let h = hash(piece.as_bytes());
        let e = match table.find(h, |e| e.key.bytes(text) == piece.as_bytes()) {
            Some(e) => *e,
            None => {
                fresh.clear();
                tokens::piece_terms(piece, folds, |t| fresh.push(intern(t)));
                let key = Key::new(piece, text);
                let e = match fresh[..] {
                    [id] => Entry { key, ids: id, n: 1 },
                    _ => Entry { key, ids: ids.len() as u32, n: fresh.len() as u32 },
                };
                if e.n != 1 {
                    ids.extend_from_slice(fresh);
                }
                table.insert_unique(h, e, |e| hash(e.key.bytes(text)));
                e
            }
        };
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
