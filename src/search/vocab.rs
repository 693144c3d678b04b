//! Every search term of the process, kept once: a term is a `u32` id and its text a leaked
//! `&'static str`, so a page keeps 4 bytes a term until its locale's index is written. The
//! table only grows, by the distinct terms of the sites built (the dev server's edits add few).

use rustc_hash::FxHashMap;
use std::sync::{OnceLock, RwLock, RwLockReadGuard};

/// The terms, both ways.
#[derive(Default)]
pub(crate) struct Vocab {
    ids: FxHashMap<&'static str, u32>,
    names: Vec<&'static str>,
}

impl Vocab {
    /// The text of a term id.
    pub(crate) fn name(&self, id: u32) -> &'static str {
        self.names[id as usize]
    }
}

fn table() -> &'static RwLock<Vocab> {
    static TABLE: OnceLock<RwLock<Vocab>> = OnceLock::new();
    TABLE.get_or_init(Default::default)
}

/// The table, for reading many ids at once (never held while interning on the same thread).
pub(crate) fn read() -> RwLockReadGuard<'static, Vocab> {
    table().read().unwrap_or_else(|e| e.into_inner())
}

/// The id of `term`, added on first sight.
pub(crate) fn intern(term: &str) -> u32 {
    if let Some(&id) = read().ids.get(term) {
        return id;
    }
    let mut v = table().write().unwrap_or_else(|e| e.into_inner());
    if let Some(&id) = v.ids.get(term) {
        return id;
    }
    let name: &'static str = Box::leak(term.into());
    let id = v.names.len() as u32;
    v.names.push(name);
    v.ids.insert(name, id);
    id
}
