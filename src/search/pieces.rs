//! Text cut into pieces (runs between ASCII separators) eight bytes at a time, each piece with
//! its first bytes as little-endian words, so the memo hashes and compares a piece as three
//! integers instead of reading its bytes again.

use super::tokens::SEPARATOR;

/// Words of a piece kept in `Piece::words`: 24 bytes hold 99.8% of the pieces of a corpus.
pub(crate) const WORDS: usize = 3;

/// A piece of text: no term spans two pieces, so each distinct piece is tokenized once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece<'a> {
    /// The piece's bytes: a slice, not a `str`, so that cutting it checks no character
    /// boundary (a cut next to an ASCII separator is one).
    pub(crate) bytes: &'a [u8],
    /// The first `8 * WORDS` bytes of `bytes`, little-endian, zero after its end. A piece holds no
    /// zero byte (a separator), so two pieces of at most `8 * WORDS` bytes are equal exactly when
    /// their words are.
    pub(crate) words: [u64; WORDS],
}

impl<'a> Piece<'a> {
    /// The piece as text: a separator is one ASCII byte, so both its ends fall on character
    /// boundaries of the text it was cut from.
    pub(crate) fn text(&self) -> &'a str {
        std::str::from_utf8(self.bytes).unwrap_or_default()
    }
}

/// Every byte set to `b`.
const fn splat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

const HIGH: u64 = splat(0x80);

/// The high bit of each byte of `t` (bytes below 0x80) in `lo..=hi`. Adding to a byte of at most
/// 0x7F never carries into the next byte, so the eight bytes are compared side by side.
#[inline(always)]
const fn in_range(t: u64, lo: u8, hi: u8) -> u64 {
    (t + splat(0x80 - lo)) & !(t + splat(0x7F - hi)) & HIGH
}

/// The high bit of each byte of `x` that is a separator: ASCII other than letters, digits and
/// `'` (the byte table of `tokens::SEPARATOR`, eight bytes at a time).
#[inline(always)]
const fn separators(x: u64) -> u64 {
    let t = x & !HIGH;
    let kept = in_range(t, b'0', b'9') | in_range(t | splat(0x20), b'a', b'z') | in_range(t, b'\'', b'\'');
    !(kept | x) & HIGH
}

/// The eight bytes of `bytes` from `at`, zero past its end (zero is a separator).
#[inline(always)]
fn load(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(b) => u64::from_le_bytes(b.try_into().unwrap_or_default()),
        None => {
            let tail = bytes.get(at..).unwrap_or_default();
            let mut buf = [0u8; 8];
            buf[..tail.len()].copy_from_slice(tail);
            u64::from_le_bytes(buf)
        }
    }
}

/// The index of the first byte whose high bit is set in `mask` (not zero).
fn first(mask: u64) -> usize {
    (mask.trailing_zeros() / 8) as usize
}

/// The pieces of `text`, in order.
pub(crate) fn pieces(text: &str) -> Pieces<'_> {
    Pieces { bytes: text.as_bytes(), pos: 0 }
}

/// The iterator of `pieces`.
#[derive(Debug, Clone)]
pub(crate) struct Pieces<'a> {
    bytes: &'a [u8],
    pos: usize,
}

/// Where a piece whose second word starts at `pos` ends, filling the other words of `words`
/// (the zero bytes past the end of `bytes` end every piece).
fn rest(bytes: &[u8], mut pos: usize, words: &mut [u64; WORDS]) -> usize {
    let mut k = 1;
    loop {
        let x = load(bytes, pos);
        let seps = separators(x);
        if let Some(w) = words.get_mut(k) {
            *w = keep(x, seps);
        }
        if seps != 0 {
            return pos + first(seps);
        }
        k += 1;
        pos += 8;
    }
}

/// The bytes of `x` before its first separator (`seps`: `separators(x)`).
#[inline(always)]
fn keep(x: u64, seps: u64) -> u64 {
    if seps == 0 {
        x
    } else {
        x & !(u64::MAX << (8 * first(seps)))
    }
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Piece<'a>;

    #[inline]
    fn next(&mut self) -> Option<Piece<'a>> {
        let bytes = self.bytes;
        let mut pos = self.pos;
        // Skip separators byte by byte: between two words there is mostly one.
        while bytes.get(pos).is_some_and(|&b| SEPARATOR[b as usize]) {
            pos += 1;
        }
        if pos >= bytes.len() {
            self.pos = pos;
            return None;
        }
        let start = pos;
        // Most pieces end within their first word.
        let x = load(bytes, pos);
        let seps = separators(x);
        let mut words = [keep(x, seps), 0, 0];
        if seps != 0 {
            pos += first(seps);
        } else {
            pos = rest(bytes, pos + 8, &mut words);
        }
        self.pos = pos;
        Some(Piece { bytes: bytes.get(start..pos).unwrap_or_default(), words })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pieces as the byte table cuts them, with their words made byte by byte.
    fn reference(text: &str) -> Vec<Piece<'_>> {
        super::super::tokens::pieces(text)
            .map(|p| {
                let mut bytes = [0u8; 8 * WORDS];
                let n = p.len().min(bytes.len());
                bytes[..n].copy_from_slice(&p.as_bytes()[..n]);
                let mut words = [0u64; WORDS];
                for (w, b) in words.iter_mut().zip(bytes.chunks(8)) {
                    *w = u64::from_le_bytes(b.try_into().unwrap());
                }
                Piece { bytes: p.as_bytes(), words }
            })
            .collect()
    }

    #[test]
    fn every_byte_is_classed_as_the_table_does() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let x = u64::from(b) << (8 * at) | (splat(b'a') & !(0xFF << (8 * at)));
                assert_eq!(separators(x) != 0, SEPARATOR[b as usize], "byte {b:#x} at {at}");
            }
        }
    }

    #[test]
    fn cuts_as_the_byte_table() {
        let alphabet: Vec<&str> = vec![" ", "a", "Z", "9", "'", "-", ".", "\n", "\0", "é", "ї", "ال", "毒", "—", "\u{a0}", "x", "@", "[", "`", "{", "/", ":"];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for round in 0..20_000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let len = (seed >> 58) as usize + round % 3;
            let text: String = (0..len)
                .map(|k| {
                    let r = seed.rotate_left(k as u32 * 7) ^ (k as u64).wrapping_mul(0x2545_F491_4F6C_DD1D);
                    // Long runs of letters now and then, to cross the 24 bytes kept as words.
                    if r.is_multiple_of(5) {
                        "abcdefghijklmnopq"
                    } else {
                        alphabet[(r >> 20) as usize % alphabet.len()]
                    }
                })
                .collect();
            assert_eq!(pieces(&text).collect::<Vec<_>>(), reference(&text), "{text:?}");
        }
        for text in ["", " ", "a", "abcdefgh", "abcdefgh ", " abcdefghijklmnopqrstuvwxyz0123456789 ", "........a"] {
            assert_eq!(pieces(text).collect::<Vec<_>>(), reference(text), "{text:?}");
        }
    }
}
