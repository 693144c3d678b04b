//! The search index of a locale, split into small static files so that a phone fetches only what
//! a query needs: `search/meta.json` (the tokenizer tables, the first term of every term shard and
//! the page count), term shards `search/t<n>.json` (every term of every page, sorted, cut into
//! ranges) and page shards `search/d<n>.json` (title, URL and description of `DOCS_PER_SHARD`
//! pages). No server and no third party: the theme's `search.js` reads these files.

mod doc;
mod index;
mod memo;
mod pieces;
pub mod tokens;
mod vocab;

pub use doc::{Field, SearchDoc};
pub use index::{encode, IndexBuilder, PackedDoc, SiteIndex};
pub use tokens::{fold, terms};
pub use vocab::Vocab;

/// Pages per page shard.
pub const DOCS_PER_SHARD: usize = 8;
/// A term shard is closed once its JSON reaches this many bytes (a single term may exceed it).
pub const TERM_SHARD_BYTES: usize = 16_000;
