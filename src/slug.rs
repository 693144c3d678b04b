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
    seen: std::collections::HashSet<String>,
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
