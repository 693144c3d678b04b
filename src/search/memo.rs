//! A bounded per-thread memo of the tokenizer: each distinct piece of text is folded and split
//! once per render thread (words repeat across pages), and its terms are kept as ids (`vocab`).

use super::tokens;
use rustc_hash::FxHashMap;

/// The memo is emptied (between pages) once it holds this many distinct pieces.
const MAX_PIECES: usize = 1 << 18;

/// The terms of pieces seen so far on this thread: piece -> its terms.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    pieces: FxHashMap<Box<str>, (u32, u32)>,
    /// The term ids of every piece, each piece a range.
    ids: Vec<u32>,
}

impl Memo {
    /// Empties the memo once it grew past its bound (called between pages).
    pub(crate) fn trim(&mut self) {
        if self.pieces.len() > MAX_PIECES || self.ids.len() > 8 * MAX_PIECES {
            *self = Memo::default();
        }
    }

    /// The terms of `piece` (a range for `ids`), tokenizing it on first sight.
    pub(crate) fn piece(&mut self, piece: &str, intern: impl Fn(&str) -> u32) -> std::ops::Range<usize> {
        if let Some(&(a, b)) = self.pieces.get(piece) {
            return a as usize..b as usize;
        }
        let start = self.ids.len();
        tokens::piece_terms(piece, |t| self.ids.push(intern(t)));
        self.pieces.insert(piece.into(), (start as u32, self.ids.len() as u32));
        start..self.ids.len()
    }

    /// The term ids of a range returned by `piece`.
    pub(crate) fn ids(&self, range: std::ops::Range<usize>) -> &[u32] {
        &self.ids[range]
    }
}
