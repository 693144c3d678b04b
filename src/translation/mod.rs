//! `haven i18n`: translation status, adding a locale, marking translations current (the command
//! line and its printing are in the binary's `cmd::i18n`).

mod add;
mod autonyms;
pub mod changes;
pub mod exchange;
mod exit_language;
mod helpline_units;
pub mod history;
pub mod interface;
mod joiner;
mod mark;
pub mod messages;
mod po;
pub mod report;
pub mod segment;
pub mod status;
pub mod units;
mod xliff;

/// The source hash lives with the content it hashes; this path is kept for the commands.
pub use crate::content::hash;
pub use add::{add_locale, mark_for_translation};
pub use autonyms::autonym;
pub use mark::mark_current;

/// A path relative to the site, written with `/` on every platform (for reports and JSON).
fn slash_path(p: &std::path::Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}
