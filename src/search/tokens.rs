//! The search tokenizer: folding (case, accents, marks, letter variants) and splitting into
//! index terms (words; character bigrams in CJK and Thai). Its tables are data (`TABLES`): the
//! build writes them into each locale's `search/meta.json`, and `search.js` tokenizes queries
//! with exactly those tables, so the build and the page agree term for term.

use rustc_hash::FxHashMap;
use serde::Serialize;
use std::sync::OnceLock;
use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
use unicode_normalization::UnicodeNormalization;

/// The data both tokenizers run on. Ranges are inclusive code point ranges.
#[derive(Debug, Serialize)]
pub struct Tables {
    /// Dropped after NFKD and lower-casing: accents, Arabic and Hebrew vowel marks, tatweel, ZWNJ.
    pub drop: &'static [(u32, u32)],
    /// One letter (or ligature) written one way: Arabic/Persian/Urdu variants, final sigma, digits.
    pub map: &'static [(char, &'static str)],
    /// Scripts written without spaces: indexed as overlapping pairs of characters.
    pub bigram: &'static [(u32, u32)],
    /// Apostrophes kept inside a word when letters of `join_script` stand on both sides (Ukrainian пам'ять).
    pub joiners: &'static [char],
    pub join_script: (u32, u32),
    /// Arabic letters: words starting with one have their proclitics stripped.
    pub arabic: (u32, u32),
    /// Article prefixes (longest first), stripped when at least `article_min` letters remain.
    pub articles: &'static [&'static str],
    pub article_min: usize,
    /// Conjunction/preposition prefixes, stripped when at least `clitic_min` letters remain.
    pub clitics: &'static [&'static str],
    pub clitic_min: usize,
    /// Longer words are cut to this many characters.
    pub max_len: usize,
}

pub static TABLES: Tables = Tables {
    drop: &[
        (0x0300, 0x036F), // combining accents (Latin, Greek tonos and dialytika, Cyrillic breve)
        (0x0591, 0x05BD),
        (0x05BF, 0x05BF),
        (0x05C1, 0x05C2),
        (0x05C4, 0x05C5),
        (0x05C7, 0x05C7), // Hebrew niqqud and cantillation
        (0x0610, 0x061A),
        (0x064B, 0x065F),
        (0x0670, 0x0670),
        (0x06D6, 0x06ED),
        (0x0640, 0x0640), // Arabic marks, tatweel
        (0x00AD, 0x00AD),
        (0x200C, 0x200D),
        (0x2060, 0x2060),
        (0xFEFF, 0xFEFF), // soft hyphen, ZWNJ/ZWJ, joiners
    ],
    map: &[
        ('ٱ', "ا"),
        ('ى', "ي"),
        ('ی', "ي"),
        ('ې', "ي"),
        ('ے', "ي"),
        ('ة', "ه"),
        ('ۀ', "ه"),
        ('ە', "ه"),
        ('ہ', "ه"),
        ('ھ', "ه"),
        ('ۃ', "ه"),
        ('ک', "ك"),
        ('ڪ', "ك"),
        ('٠', "0"),
        ('١', "1"),
        ('٢', "2"),
        ('٣', "3"),
        ('٤', "4"),
        ('٥', "5"),
        ('٦', "6"),
        ('٧', "7"),
        ('٨', "8"),
        ('٩', "9"),
        ('۰', "0"),
        ('۱', "1"),
        ('۲', "2"),
        ('۳', "3"),
        ('۴', "4"),
        ('۵', "5"),
        ('۶', "6"),
        ('۷', "7"),
        ('۸', "8"),
        ('۹', "9"),
        ('ς', "σ"),
        ('ё', "е"),
        ('ß', "ss"),
        ('æ', "ae"),
        ('œ', "oe"),
        ('ø', "o"),
        ('ł', "l"),
        ('đ', "d"),
        ('ı', "i"),
        ('þ', "th"),
        ('ך', "כ"),
        ('ם', "מ"),
        ('ן', "נ"),
        ('ף', "פ"),
        ('ץ', "צ"),
        ('\u{2019}', "'"),
        ('\u{02BC}', "'"),
    ],
    bigram: &[
        (0x0E00, 0x0EFF),   // Thai, Lao
        (0x1000, 0x109F),   // Myanmar
        (0x1100, 0x11FF),   // Hangul Jamo
        (0x1780, 0x17FF),   // Khmer
        (0x3040, 0x30FF),   // Hiragana, Katakana
        (0x3130, 0x318F),   // Hangul compatibility Jamo
        (0x31F0, 0x31FF),   // Katakana extensions
        (0x3400, 0x4DBF),   // Han extension A
        (0x4E00, 0x9FFF),   // Han
        (0xAC00, 0xD7AF),   // Hangul syllables
        (0xF900, 0xFAFF),   // Han compatibility
        (0x20000, 0x3FFFF), // Han extensions B and later
    ],
    joiners: &['\''],
    join_script: (0x0400, 0x052F),
    arabic: (0x0620, 0x06FF),
    articles: &["وبال", "وكال", "فبال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال"],
    article_min: 2,
    clitics: &["وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك"],
    clitic_min: 4,
    max_len: 32,
};

fn in_ranges(c: char, ranges: &[(u32, u32)]) -> bool {
    let c = c as u32;
    ranges.iter().any(|&(a, b)| a <= c && c <= b)
}

fn in_range(c: char, (a, b): (u32, u32)) -> bool {
    (a..=b).contains(&(c as u32))
}

/// Letters, digits and combining marks (Mn, Mc, Me) of any script: what words are made of.
pub fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || c.is_numeric() || is_combining_mark(c)
}

/// `TABLES.map` as a lookup table.
fn mapping() -> &'static FxHashMap<char, &'static str> {
    static MAP: OnceLock<FxHashMap<char, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| TABLES.map.iter().copied().collect())
}

/// Folds text: NFKD, lower case, `drop` and `map`, then NFC.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_before_nfc(text, &mut out);
    out.nfc().collect()
}

/// `fold` without its last step (NFC), appended to `out`.
fn fold_before_nfc(text: &str, out: &mut String) {
    let map = mapping();
    for c in text.nfkd().flat_map(char::to_lowercase) {
        if c.is_ascii() {
            out.push(c); // no ASCII character is dropped or mapped
        } else if !in_ranges(c, TABLES.drop) {
            match map.get(&c) {
                Some(to) => out.push_str(to),
                None => out.push(c),
            }
        }
    }
}

/// Strips Arabic proclitics (the article and و ف ب ل ك) from a folded word.
pub fn strip_arabic(word: &str) -> &str {
    let t = &TABLES;
    if !word.chars().next().is_some_and(|c| in_range(c, t.arabic)) {
        return word;
    }
    let len = word.chars().count();
    let strip = |list: &[&str], min: usize| list.iter().find(|p| word.starts_with(**p) && len - p.chars().count() >= min).map(|p| &word[p.len()..]);
    strip(t.articles, t.article_min).or_else(|| strip(t.clitics, t.clitic_min)).unwrap_or(word)
}

/// A piece of folded text: a word, or a run of a script written without spaces.
#[derive(Debug, PartialEq, Eq)]
pub enum Segment {
    Word(String),
    Run(Vec<char>),
}

/// Splits folded text into segments.
pub fn segments(folded: &str) -> Vec<Segment> {
    let t = &TABLES;
    let chars: Vec<char> = folded.chars().collect();
    let mut out = Vec::new();
    let mut word = String::new();
    let mut run: Vec<char> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if in_ranges(c, t.bigram) || (!run.is_empty() && is_combining_mark(c)) {
            flush_word(&mut word, &mut out);
            run.push(c);
        } else if is_word_char(c) {
            flush_run(&mut run, &mut out);
            word.push(c);
        } else if t.joiners.contains(&c) && i > 0 && in_range(chars[i - 1], t.join_script) && chars.get(i + 1).is_some_and(|&n| in_range(n, t.join_script)) {
            continue;
        } else {
            flush_word(&mut word, &mut out);
            flush_run(&mut run, &mut out);
        }
    }
    flush_word(&mut word, &mut out);
    flush_run(&mut run, &mut out);
    out
}

fn flush_word(word: &mut String, out: &mut Vec<Segment>) {
    if !word.is_empty() {
        out.push(Segment::Word(std::mem::take(word)));
    }
}

fn flush_run(run: &mut Vec<char>, out: &mut Vec<Segment>) {
    if !run.is_empty() {
        out.push(Segment::Run(std::mem::take(run)));
    }
}

/// The index terms of one segment, pushed onto `out`.
pub fn segment_terms(seg: &Segment, out: &mut Vec<String>) {
    match seg {
        Segment::Word(w) => out.extend(word_term(w).map(str::to_string)),
        Segment::Run(r) if r.len() == 1 => out.push(r[0].to_string()),
        Segment::Run(r) => out.extend(r.windows(2).map(|p| p.iter().collect::<String>())),
    }
}

/// The index term of a folded word: proclitics stripped, a lone letter dropped (a lone digit
/// kept), cut to `max_len` characters.
fn word_term(word: &str) -> Option<&str> {
    let w = strip_arabic(word);
    let n = w.chars().count();
    let keep = n > 1 || w.chars().all(char::is_numeric);
    keep.then(|| w.char_indices().nth(TABLES.max_len).map_or(w, |(end, _)| &w[..end]))
}

/// The index terms of `text`, in order (the reference the page script must agree with).
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for seg in segments(&fold(text)) {
        segment_terms(&seg, &mut out);
    }
    out
}

/// ASCII bytes that separate pieces: ASCII other than letters, digits and `'`.
pub(super) static SEPARATOR: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = !(b as u8).is_ascii_alphanumeric() && b != b'\'' as usize;
        b += 1;
    }
    t
};

/// The pieces of `text` between ASCII separators (ASCII other than letters, digits and `'`):
/// no term spans two pieces, so each distinct piece can be tokenized once.
pub fn pieces(text: &str) -> impl Iterator<Item = &str> {
    // Byte by byte: a separator is one ASCII byte, so every cut falls on a character boundary.
    let bytes = text.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        while pos < bytes.len() && SEPARATOR[bytes[pos] as usize] {
            pos += 1;
        }
        let start = pos;
        while pos < bytes.len() && !SEPARATOR[bytes[pos] as usize] {
            pos += 1;
        }
        (start < pos).then(|| &text[start..pos])
    })
}

/// The terms of one piece, three ways with the same result: plain ASCII letters and digits
/// skip normalisation; a piece of characters that each fold alone (`Folds`) is folded
/// character by character; any other goes through `fold` and `segments`.
pub(crate) fn piece_terms(piece: &str, folds: &mut Folds, mut f: impl FnMut(&str)) {
    if piece.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'\'') {
        ascii_terms(piece, f);
    } else if folds.fold_piece(piece) {
        folds.folded.split(' ').filter(|w| !w.is_empty()).filter_map(word_term).for_each(f);
    } else {
        let mut buf = Vec::new();
        for seg in segments(&fold(piece)) {
            segment_terms(&seg, &mut buf);
        }
        buf.iter().for_each(|t| f(t));
    }
}

/// The terms of a piece of ASCII letters, digits and `'`.
fn ascii_terms(piece: &str, mut f: impl FnMut(&str)) {
    for w in piece.split('\'').filter(|w| w.len() > 1 || w.bytes().all(|b| b.is_ascii_digit()) && !w.is_empty()) {
        let w = &w[..w.len().min(TABLES.max_len)];
        if w.bytes().any(|b| b.is_ascii_uppercase()) {
            f(&w.to_ascii_lowercase());
        } else {
            f(w);
        }
    }
}

/// What a character folds to, when that does not depend on its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CharFold {
    /// Not worked out yet.
    Unknown,
    /// Its folding may depend on its neighbours (a combining mark, a joiner, a script written
    /// without spaces...), or it is outside the cached ranges: the piece takes the full path.
    Context,
    /// Folds to characters that end a word (a space, punctuation).
    Separator,
    /// Folds to these letters or digits (UTF-8, `len` bytes; none for a soft hyphen or a tatweel).
    Letters { len: u8, bytes: [u8; 6] },
}

/// Code points whose folding `Folds` caches: two-byte UTF-8 (Latin to Arabic and N'Ko), and
/// general punctuation.
const CACHED: [(u32, u32); 2] = [(0x80, 0x7FF), (0x2000, 0x206F)];

/// Each render thread's cache of how characters fold alone, filled on first sight, and the
/// folded text of the last piece.
///
/// Why folding character by character gives `fold`'s result: a character is cached as
/// `Letters` or `Separator` only if its NFKD starts with a starter (so canonical reordering
/// never crosses into it) and every character it folds to before NFC is `plain` (a starter that
/// NFD leaves alone and that is never the second half of a composition, see the test
/// `no_plain_character_ends_a_canonical_decomposition`): NFC leaves a string of plain
/// characters as it is, so the folded piece is the folded characters end to end.
#[derive(Debug)]
pub(crate) struct Folds {
    chars: Vec<CharFold>,
    /// The last piece `fold_piece` folded, words separated by spaces.
    folded: String,
}

impl Default for Folds {
    fn default() -> Folds {
        let n = CACHED.iter().map(|&(a, b)| (b - a + 1) as usize).sum();
        Folds { chars: vec![CharFold::Unknown; n], folded: String::new() }
    }
}

impl Folds {
    /// Folds `piece` character by character into `self.folded` (a space for a separator);
    /// false when one of its characters needs the full path.
    fn fold_piece(&mut self, piece: &str) -> bool {
        self.folded.clear();
        for c in piece.chars() {
            if c.is_ascii_alphanumeric() {
                self.folded.push(c.to_ascii_lowercase());
                continue;
            }
            match self.of(c) {
                CharFold::Letters { len, bytes } => match std::str::from_utf8(&bytes[..len as usize]) {
                    Ok(s) => self.folded.push_str(s),
                    Err(_) => return false,
                },
                CharFold::Separator => self.folded.push(' '),
                CharFold::Context | CharFold::Unknown => return false,
            }
        }
        true
    }

    /// How `c` folds alone (never `Unknown`).
    fn of(&mut self, c: char) -> CharFold {
        let Some(slot) = cache_slot(c) else { return CharFold::Context };
        if self.chars[slot] == CharFold::Unknown {
            self.chars[slot] = classify(c);
        }
        self.chars[slot]
    }
}

/// Where `c` stands in `Folds::chars`, if it is cached.
fn cache_slot(c: char) -> Option<usize> {
    let c = c as u32;
    let mut base = 0;
    for &(a, b) in &CACHED {
        if (a..=b).contains(&c) {
            return Some(base + (c - a) as usize);
        }
        base += (b - a + 1) as usize;
    }
    None
}

/// How a character folds alone, worked out with `fold` itself.
fn classify(c: char) -> CharFold {
    let text = c.to_string();
    if c.is_ascii() || text.nfkd().next().is_some_and(|d| canonical_combining_class(d) != 0) {
        return CharFold::Context;
    }
    let mut out = String::new();
    fold_before_nfc(&text, &mut out);
    if !out.chars().all(plain) {
        return CharFold::Context;
    }
    if out.chars().all(is_word_char) {
        let mut bytes = [0; 6];
        match bytes.get_mut(..out.len()) {
            Some(b) => b.copy_from_slice(out.as_bytes()),
            None => return CharFold::Context,
        }
        CharFold::Letters { len: out.len() as u8, bytes }
    } else if out.chars().all(|o| !is_word_char(o) && !TABLES.joiners.contains(&o)) {
        CharFold::Separator
    } else {
        CharFold::Context
    }
}

/// A character NFC leaves alone next to any other such character: a starter (combining class
/// 0, not a mark) that NFD does not decompose, ASCII or in the cached ranges (elsewhere a few
/// starters do compose, such as Kirat Rai vowels since Unicode 16, and Hangul jamo).
fn plain(c: char) -> bool {
    (c.is_ascii() || cache_slot(c).is_some())
        && canonical_combining_class(c) == 0
        && !is_combining_mark(c)
        && !in_ranges(c, TABLES.bigram)
        && c.to_string().nfd().eq(std::iter::once(c))
}

/// The same terms as `terms`, piece by piece.
pub fn for_each_term(text: &str, mut f: impl FnMut(&str)) {
    let mut folds = Folds::default();
    for piece in pieces(text) {
        piece_terms(piece, &mut folds, &mut f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fast(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        for_each_term(text, |t| v.push(t.to_string()));
        v
    }

    #[test]
    fn folds_scripts() {
        assert_eq!(terms("¿Qué es la TRATA?"), ["que", "es", "la", "trata"]);
        assert_eq!(terms("Ελληνικός"), ["ελληνικοσ"]);
        assert_eq!(terms("أَمان"), ["امان"]);
        assert_eq!(terms("المخدرات"), terms("مخدرات"));
        assert_eq!(terms("کمک"), terms("كمك"));
        assert_eq!(terms("می‌خواهم"), terms("میخواهم"));
        assert_eq!(terms("пам'ять"), ["память"]);
        assert_eq!(terms("l'enfant"), ["enfant"]);
        assert_eq!(terms("नशीली दवाओं"), ["नशीली", "दवाओं"]);
        assert_eq!(terms("毒品剥削"), ["毒品", "品剥", "剥削"]);
        assert_eq!(terms("毒"), ["毒"]);
    }

    #[test]
    fn the_fast_path_agrees() {
        for t in [
            "Hello, World! don't l'enfant 42 a b",
            "Señor Müller's 3rd café—naïve",
            "пам'ять and 毒品 x",
            "HIV感染 ß Straße",
            "co-operate; e-mail: me@x.org 1/2",
        ] {
            assert_eq!(fast(t), terms(t), "{t}");
        }
    }

    /// The terms of a piece through `fold` and `segments` only.
    fn full_path(piece: &str) -> Vec<String> {
        let mut out = Vec::new();
        segments(&fold(piece)).iter().for_each(|s| segment_terms(s, &mut out));
        out
    }

    /// The terms of a piece folded character by character, if it can be.
    fn by_char(folds: &mut Folds, piece: &str) -> Option<Vec<String>> {
        folds.fold_piece(piece).then(|| folds.folded.split(' ').filter(|w| !w.is_empty()).filter_map(word_term).map(str::to_string).collect())
    }

    #[test]
    fn no_plain_character_ends_a_canonical_decomposition() {
        // So NFC never composes two plain characters: the folding cache relies on it.
        let mut composites = 0;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let d: Vec<char> = c.to_string().nfd().collect();
            if let [.., last] = d[..] {
                if d.len() > 1 {
                    composites += 1;
                    assert!(!plain(last), "{c:?} decomposes to {d:?}");
                }
            }
        }
        assert!(composites > 10_000, "{composites}");
    }

    #[test]
    fn folding_character_by_character_agrees_with_fold() {
        let mut folds = Folds::default();
        let cached: Vec<char> = CACHED.iter().flat_map(|&(a, b)| (a..=b).filter_map(char::from_u32)).collect();
        let mut fast = Vec::new();
        for &c in &cached {
            for piece in [format!("{c}"), format!("a{c}"), format!("{c}b1"), format!("пе{c}ре"), format!("ال{c}كتب")] {
                if let Some(got) = by_char(&mut folds, &piece) {
                    assert_eq!(got, full_path(&piece), "{piece:?} ({:04X})", c as u32);
                    fast.push(c);
                }
            }
        }
        fast.dedup();
        assert!(fast.len() > 1_000, "only {} characters take the fast path", fast.len());
        // Pseudo-random pieces of those characters, ASCII letters and digits.
        let alphabet: Vec<char> = fast.iter().copied().chain(('a'..='z').chain('A'..='Z').chain('0'..='9')).collect();
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..20_000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let len = 1 + (seed >> 60) as usize;
            let piece: String = (0..len).map(|k| alphabet[((seed >> (k * 4 % 48)) as usize ^ (k * 7919)) % alphabet.len()]).collect();
            if let Some(got) = by_char(&mut folds, &piece) {
                assert_eq!(got, full_path(&piece), "{piece:?}");
            }
        }
    }

    #[test]
    fn common_words_take_the_fast_paths() {
        let mut folds = Folds::default();
        for piece in ["Señor", "café—naïve", "المخدرات،", "Лікування", "ΠΡΟΣΤΑΣΊΑΣ", "Straße", "\u{a0}x\u{ad}y"] {
            assert_eq!(by_char(&mut folds, piece).as_ref(), Some(&full_path(piece)), "{piece:?}");
        }
        for piece in ["пам'ять", "пам’ять", "a\u{301}", "毒品", "ﬁnal"] {
            assert_eq!(by_char(&mut folds, piece), None, "{piece:?} needs the full path");
        }
    }
}
