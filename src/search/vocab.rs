//! The search terms of one loaded site, each kept once: a page holds its terms as `u32` ids
//! until its locale's index is written. The site owns its `Vocab` (`site::Loaded`), so a dev
//! server's full rebuild starts a new one and the old terms go with the old site.

use super::memo::{Scratch, MAX_TERMS};
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::sync::{Arc, RwLock, RwLockReadGuard};

/// Term ids both ways.
#[derive(Debug, Default)]
pub(crate) struct Table {
    ids: FxHashMap<Arc<str>, u32>,
    names: Vec<Arc<str>>,
}

impl Table {
    /// The text of a term id.
    pub(crate) fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }
}

/// The terms of a site, and each render thread's tokenizer state (its memo of pieces already
/// tokenized, its scratch for a page's terms).
#[derive(Debug, Default)]
pub struct Vocab {
    table: RwLock<Table>,
    memos: thread_local::ThreadLocal<RefCell<Scratch>>,
}

impl Vocab {
    /// The table, for reading many ids at once (never held while interning on the same thread).
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, Table> {
        self.table.read().unwrap_or_else(|e| e.into_inner())
    }

    /// The id of `term`, added on first sight.
    pub(crate) fn intern(&self, term: &str) -> u32 {
        if let Some(&id) = self.read().ids.get(term) {
            return id;
        }
        let mut t = self.table.write().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = t.ids.get(term) {
            return id;
        }
        let name: Arc<str> = term.into();
        let id = t.names.len() as u32;
        // A page holds a term as `id << 2 | field` (`memo::PageTerms`); a billion distinct terms
        // would be tens of gigabytes of text, far past what a build holds in memory.
        assert!(id < MAX_TERMS, "more than {MAX_TERMS} distinct search terms");
        t.names.push(name.clone());
        t.ids.insert(name, id);
        id
    }

    /// Runs `f` with this thread's tokenizer state, its memo emptied first if it grew past its bound.
    pub(crate) fn with_scratch<R>(&self, f: impl FnOnce(&mut Scratch) -> R) -> R {
        let mut scratch = self.memos.get_or_default().borrow_mut();
        scratch.memo.trim();
        f(&mut scratch)
    }
}
