//! Unicode-aware slugs for heading ids and URL segments.

use unicode_normalization::UnicodeNormalization;

/// Lower-cases, keeps letters and digits of every script, joins words with `-`.
/// `"¿Qué es la trata?"` -> `"qué-es-la-trata"`, `"Лікування"` -> `"лікування"`.
pub fn slugify(text: &str) -> String {
    if text.is_ascii() {
        ascii_slug(text)
    } else {
        unicode_slug(text)
    }
}

/// [`slugify`] of any text. Most text is already NFC, which the quick check finds without
/// the decomposing and composing pass.
fn unicode_slug(text: &str) -> String {
    if let Some(slug) = table_slug(text) {
        return slug;
    }
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes {
        slug_of(text.chars(), text.len())
    } else {
        slug_of(text.nfc(), text.len())
    }
}

/// The slug of NFC characters.
fn slug_of(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut dash = false;
    for c in chars.flat_map(char::to_lowercase) {
        if is_arabic_mark(c) {
            continue; // vowel marks are optional in Arabic: anchors work with or without them
        }
        if c.is_alphanumeric() || is_combining(c) {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else if c == '_' || c.is_whitespace() || c.is_ascii_punctuation() || c.is_ascii() || !c.is_alphanumeric() {
            dash = true;
        }
    }
    out
}

/// What [`slug_of`] does with a character once lower-cased.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Class {
    /// Kept (a letter, digit or combining mark).
    Keep,
    /// Dropped (an Arabic vowel mark).
    Skip,
    /// Separates words.
    Dash,
}

/// The characters [`table_slug`] looks up: the two-byte UTF-8 range (Latin, Greek, Cyrillic,
/// Armenian, Hebrew, Arabic ...) and General Punctuation (smart quotes, dashes, ellipsis).
const TABLE_RANGES: [std::ops::Range<u32>; 2] = [0x80..0x800, 0x2000..0x2070];

/// A character's lower case and [`Class`], when looking it up gives what the general path
/// gives: the character is its own NFC (quick check yes), a starter (combining class 0, so
/// no reordering), and lower-cases to one character.
type Entry = Option<(char, Class)>;

fn entry_of(c: char) -> Entry {
    let simple = unicode_normalization::is_nfc_quick(std::iter::once(c)) == unicode_normalization::IsNormalized::Yes
        && unicode_normalization::char::canonical_combining_class(c) == 0;
    let mut lower = c.to_lowercase();
    let (Some(l), None, true) = (lower.next(), lower.next(), simple) else { return None };
    Some((l, class_of(l)))
}

/// The class of a lower-cased character, as [`slug_of`] decides it.
fn class_of(c: char) -> Class {
    if is_arabic_mark(c) {
        Class::Skip
    } else if c.is_alphanumeric() || is_combining(c) {
        Class::Keep
    } else {
        Class::Dash
    }
}

/// The entries of [`TABLE_RANGES`], made on first use (about 2,000 characters).
fn table() -> &'static [Entry] {
    static TABLE: std::sync::OnceLock<Vec<Entry>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| TABLE_RANGES.iter().flat_map(|r| r.clone()).map(|u| char::from_u32(u).and_then(entry_of)).collect())
}

/// The entry of a non-ASCII character, `None` outside the table or where it has none.
fn lookup(table: &[Entry], c: char) -> Entry {
    let mut base = 0;
    for r in &TABLE_RANGES {
        if r.contains(&u32::from(c)) {
            return table[base + (u32::from(c) - r.start) as usize];
        }
        base += r.len();
    }
    None
}

/// [`slugify`] of text whose every character is ASCII or has a table entry, in one pass with
/// no Unicode property searches (headings in Arabic and Ukrainian are mostly such text); `None`
/// for any other text, which takes the general path.
fn table_slug(text: &str) -> Option<String> {
    let table = table();
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        let (lower, class) =
            if c.is_ascii() { (c.to_ascii_lowercase(), if c.is_ascii_alphanumeric() { Class::Keep } else { Class::Dash }) } else { lookup(table, c)? };
        match class {
            Class::Keep => {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.push(lower);
            }
            Class::Skip => {}
            Class::Dash => dash = true,
        }
    }
    Some(out)
}

/// [`slugify`] of ASCII text, which NFC and Unicode case mapping leave as it is: ASCII letters
/// and digits are kept (lower-cased), every other byte separates words.
fn ascii_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(char::from(b.to_ascii_lowercase()));
        } else {
            dash = true;
        }
    }
    out
}

/// A file or folder name as a URL segment: NFC, runs of white space to one `-`, everything
/// else (case, accents, every script) kept: `sinais de alerta` -> `sinais-de-alerta`.
pub fn path_slug(name: &str) -> String {
    let name: String = name.nfc().collect();
    name.split_whitespace().collect::<Vec<_>>().join("-")
}

/// Marks that belong to the letter before them (accents, viramas and vowel signs of every script:
/// General_Category M), so a Bengali or Hindi word is never cut in two.
fn is_combining(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// Arabic harakat, tanwin, shadda and Quranic marks.
fn is_arabic_mark(c: char) -> bool {
    matches!(c as u32, 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED)
}

/// Hands out ids that are unique within one page: `a`, `a-1`, `a-2`.
#[derive(Debug, Default)]
pub struct UniqueIds {
    /// FxHash: ids are short and a page's own, so SipHash's guard against chosen keys buys nothing.
    seen: rustc_hash::FxHashSet<String>,
}

impl UniqueIds {
    pub fn claim(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        let mut id = base.to_string();
        let mut n = 0;
        while !self.seen.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_non_latin_scripts() {
        assert_eq!(slugify("Лікування та догляд"), "лікування-та-догляд");
        assert_eq!(slugify("الرعاية الطبية"), "الرعاية-الطبية");
        assert_eq!(slugify("أحبّه وتقبّله"), "أحبه-وتقبله");
        assert_eq!(slugify("¿Qué es la trata?"), "qué-es-la-trata");
        assert_eq!(slugify("  Medical care: 1. "), "medical-care-1");
    }

    #[test]
    fn ascii_fast_path_matches_the_unicode_path() {
        let every_byte: String = (0u8..0x80).map(char::from).collect();
        for text in ["", "  Medical care: 1. ", "A_B-c__D", "--x--", "What's NEXT?!", "\tTabs\x0band\x1fcontrols\r\n", every_byte.as_str()] {
            assert_eq!(ascii_slug(text), unicode_slug(text), "{text:?}");
        }
        assert_eq!(slugify(&every_byte), "0123456789-abcdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz");
    }

    /// The general path, which the table must agree with.
    fn general_slug(text: &str) -> String {
        if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes {
            slug_of(text.chars(), text.len())
        } else {
            slug_of(text.nfc(), text.len())
        }
    }

    #[test]
    fn table_path_matches_the_general_path() {
        let table_chars: Vec<char> = TABLE_RANGES.iter().flat_map(|r| r.clone()).filter_map(char::from_u32).collect();
        for &c in &table_chars {
            for text in [c.to_string(), format!("a{c}b"), format!("{c}{c} x"), format!("Я{c}"), format!("ب{c}ـ"), format!("e{c}\u{301}")] {
                if let Some(slug) = table_slug(&text) {
                    assert_eq!(slug, general_slug(&text), "{text:?} U+{:04X}", u32::from(c));
                }
                assert_eq!(unicode_slug(&text), general_slug(&text), "{text:?}");
            }
        }
        // Pseudo-random mixes of the table's characters, ASCII and others.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let others = ['\u{301}', '\u{64e}', 'ǅ', 'İ', 'ẞ', '中', '😀', '\u{a0}', '\u{2009}', '“', '—', 'Σ', 'ς', 'Ω', 'K'];
        for _ in 0..20_000 {
            let len = next() % 12;
            let text: String = (0..len)
                .map(|_| match next() % 4 {
                    0 => char::from(b' ' + (next() % 95) as u8),
                    1 => others[(next() % others.len() as u64) as usize],
                    _ => table_chars[(next() % table_chars.len() as u64) as usize],
                })
                .collect();
            assert_eq!(unicode_slug(&text), general_slug(&text), "{text:?}");
        }
        assert!(table_slug("Лікування та догляд").is_some() && table_slug("الرعاية الطبية").is_some() && table_slug("“Qué” — sí…").is_some());
    }

    #[test]
    fn text_not_in_nfc_is_composed_first() {
        let decomposed = "Que\u{301} e\u{300}s";
        assert_eq!(slugify(decomposed), "qué-ès");
        assert_eq!(slugify(decomposed), slugify("Qué ès"));
        assert_eq!(slug_of(decomposed.nfc(), 0), slug_of("Qué ès".chars(), 0));
    }

    #[test]
    fn file_names_become_path_slugs() {
        assert_eq!(path_slug("sinais de alerta"), "sinais-de-alerta");
        assert_eq!(path_slug(" Über  uns\t"), "Über-uns");
        assert_eq!(path_slug("v1.2"), "v1.2");
    }

    #[test]
    fn ids_are_unique() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.claim("a"), "a");
        assert_eq!(ids.claim("a"), "a-1");
        assert_eq!(ids.claim(""), "section");
    }
}
