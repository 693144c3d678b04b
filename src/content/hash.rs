//! The version of a source text that a translation was made from: a short hash of that text.

use unicode_normalization::UnicodeNormalization;

/// Number of hex characters kept of the BLAKE3 hash (48 bits: plenty for one page's history).
pub const HASH_LEN: usize = 12;

/// The version of a source page, as recorded in a translation's `source_hash`.
///
/// It is the first 12 hex characters of the BLAKE3 hash of the page's title, description and
/// Markdown body, each normalised by [`normalise`] first, so that what a reader sees decides the
/// version and nothing else: the other front-matter keys (weight, date, slug, ...), line endings,
/// trailing spaces and runs of blank lines do not change it.
pub fn source_hash(title: &str, description: &str, body: &str) -> String {
    let mut h = blake3::Hasher::new();
    for (name, text) in [("title", one_line(title)), ("description", one_line(description)), ("body", normalise(body))] {
        h.update(name.as_bytes());
        h.update(&[0]);
        h.update(text.as_bytes());
        h.update(&[0]);
    }
    h.finalize().to_hex()[..HASH_LEN].to_string()
}

/// The hash of a parsed source.
pub fn of_source(source: &crate::content::Source) -> String {
    source_hash(&source.front.title, &source.front.description, source.body.loaded().unwrap_or_default())
}

/// Markdown text as the hash sees it: Unicode NFC, `\n` line ends, no trailing spaces on a
/// line, at most one blank line in a row, no blank lines at the start or the end.
pub fn normalise(text: &str) -> String {
    let text: String = text.replace("\r\n", "\n").replace('\r', "\n").nfc().collect();
    let mut out = String::with_capacity(text.len());
    let mut blank_run = false;
    for line in text.lines().map(str::trim_end) {
        if line.is_empty() {
            blank_run = !out.is_empty();
            continue;
        }
        if blank_run {
            out.push('\n');
            blank_run = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A one-line field: NFC, inner whitespace runs as one space, trimmed.
fn one_line(text: &str) -> String {
    let nfc: String = text.nfc().collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True for a value that looks like a hash this module makes.
pub fn is_well_formed(hash: &str) -> bool {
    hash.len() == HASH_LEN && hash.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_does_not_change_the_hash() {
        let a = source_hash("Title", "Desc", "# A\n\nText.\n");
        assert_eq!(a.len(), HASH_LEN);
        assert!(is_well_formed(&a));
        assert_eq!(a, source_hash(" Title ", "Desc", "\r\n# A  \r\n\r\n\r\n\r\nText.\r\n\r\n"));
        assert_eq!(a, source_hash("Title", "Desc", "# A\n\nText."));
    }

    #[test]
    fn text_changes_the_hash() {
        let a = source_hash("Title", "Desc", "# A\n\nText.\n");
        assert_ne!(a, source_hash("Title", "Desc", "# A\n\nText!\n"));
        assert_ne!(a, source_hash("Title 2", "Desc", "# A\n\nText.\n"));
        assert_ne!(a, source_hash("Title", "", "# A\n\nText.\n"));
        // A field boundary cannot be moved without changing the hash.
        assert_ne!(source_hash("ab", "", ""), source_hash("a", "b", ""));
    }

    #[test]
    fn composed_and_decomposed_accents_hash_alike() {
        assert_eq!(source_hash("Caf\u{e9}", "", ""), source_hash("Cafe\u{301}", "", ""));
    }
}
