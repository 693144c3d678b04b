//! Lossless metadata removal: the container is walked segment by segment (JPEG), chunk by chunk
//! (PNG, WebP) or block by block (GIF) and only what draws the picture is kept, byte for byte.
//! Nothing is decoded or re-encoded, so the pixels stay identical. Hand-written on purpose: each
//! walk is small and exact, covers GIF too, and keeps only an allow-list (a chunk nobody knows,
//! such as a content-credentials block, is dropped rather than published).

use super::exif;

/// The cleaned bytes and what was in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stripped {
    pub bytes: Vec<u8>,
    /// Something (metadata, a comment, trailing bytes) was removed.
    pub removed: bool,
    /// The removed metadata held a GPS position.
    pub location: bool,
}

impl Stripped {
    fn new(bytes: Vec<u8>, original: &[u8], location: bool) -> Self {
        Stripped { removed: bytes.len() != original.len() || bytes != original, bytes, location }
    }
}

/// Why a file could not be cleaned (a message for the site owner).
pub type StripError = String;

fn be16(b: &[u8], i: usize) -> Option<usize> {
    Some(u16::from_be_bytes([*b.get(i)?, *b.get(i + 1)?]) as usize)
}

fn be32(b: &[u8], i: usize) -> Option<usize> {
    Some(u32::from_be_bytes(b.get(i..i + 4)?.try_into().ok()?) as usize)
}

fn le32(b: &[u8], i: usize) -> Option<usize> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?) as usize)
}

/// JPEG: keeps JFIF APP0 (without its thumbnail), APP2 ICC profiles, APP14 Adobe (the colour
/// transform the decoder needs) and every non-APP segment; drops the other APPn (EXIF, XMP,
/// IPTC/Photoshop, maker notes, MPF) and COM, and anything after EOI. An EXIF orientation other
/// than upright is kept alone, in a new EXIF block holding that one tag.
pub fn jpeg(b: &[u8]) -> Result<Stripped, StripError> {
    if !b.starts_with(&[0xFF, 0xD8]) {
        return Err("not a JPEG file (no start-of-image marker)".into());
    }
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(&b[..2]);
    let mut location = false;
    let mut kept_orientation = false;
    let mut i = 2;
    loop {
        // Fill bytes (0xFF) may precede a marker.
        while b.get(i) == Some(&0xFF) && b.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        if b.get(i) != Some(&0xFF) {
            return Err(format!("broken JPEG: expected a marker at byte {i}"));
        }
        let marker = *b.get(i + 1).ok_or("broken JPEG: cut off before its end marker")?;
        if marker == 0xD9 {
            out.extend_from_slice(&b[i..i + 2]);
            return Ok(Stripped::new(out, b, location));
        }
        if (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            out.extend_from_slice(&b[i..i + 2]);
            i += 2;
            continue;
        }
        let len = be16(b, i + 2).filter(|l| *l >= 2).ok_or("broken JPEG: a segment without a length")?;
        let end = i + 2 + len;
        let seg = b.get(i..end).ok_or("broken JPEG: a segment runs past the end of the file")?;
        let payload = &seg[4..];
        match marker {
            0xE0 if payload.starts_with(b"JFIF\0") => out.extend_from_slice(&jfif_without_thumbnail(seg)),
            0xE2 if payload.starts_with(b"ICC_PROFILE\0") => out.extend_from_slice(seg),
            0xEE if payload.starts_with(b"Adobe") => out.extend_from_slice(seg),
            0xE1 if exif::orientation(payload).is_some() && !kept_orientation => {
                // The rotation is all that stays, so a portrait photo is not shown sideways.
                kept_orientation = true;
                location |= exif::mentions_location(payload);
                let p = exif::orientation_only(exif::orientation(payload).unwrap_or(1));
                out.extend_from_slice(&[0xFF, 0xE1]);
                out.extend_from_slice(&((p.len() + 2) as u16).to_be_bytes());
                out.extend_from_slice(&p);
            }
            0xE0..=0xEF | 0xFE => location |= exif::mentions_location(payload),
            _ => out.extend_from_slice(seg),
        }
        i = end;
        if marker == 0xDA {
            let data_end = entropy_end(b, i);
            out.extend_from_slice(&b[i..data_end]);
            i = data_end;
        }
    }
}

/// A JFIF APP0 segment with its optional thumbnail cut (16 bytes, 0×0 thumbnail).
fn jfif_without_thumbnail(seg: &[u8]) -> Vec<u8> {
    if seg.len() <= 18 {
        return seg.to_vec();
    }
    let mut s = seg[..18].to_vec();
    s[2..4].copy_from_slice(&16u16.to_be_bytes());
    s[16] = 0;
    s[17] = 0;
    s
}

/// The index of the first marker after the entropy-coded data starting at `i` (stuffed 0xFF00
/// and restart markers belong to the data).
fn entropy_end(b: &[u8], mut i: usize) -> usize {
    while i + 1 < b.len() {
        if b[i] == 0xFF && !matches!(b[i + 1], 0x00 | 0xD0..=0xD7 | 0xFF) {
            return i;
        }
        i += 1;
    }
    b.len()
}

/// PNG chunks that draw the picture (critical, transparency, colour, animation, pixel size).
const PNG_KEEP: &[&[u8; 4]] = &[
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB", b"cICP", b"mDCV", b"cLLI", b"bKGD", b"pHYs", b"acTL", b"fcTL",
    b"fdAT",
];

/// PNG: keeps [`PNG_KEEP`]; drops tEXt, zTXt, iTXt, eXIf, tIME and every other ancillary chunk;
/// an unknown critical chunk is an error (the picture may need it); nothing after IEND is kept.
pub fn png(b: &[u8]) -> Result<Stripped, StripError> {
    const SIG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !b.starts_with(SIG) {
        return Err("not a PNG file (no PNG signature)".into());
    }
    let mut out = SIG.to_vec();
    let mut location = false;
    let mut i = SIG.len();
    loop {
        let len = be32(b, i).ok_or("broken PNG: cut off before its IEND chunk")?;
        let kind: [u8; 4] = b.get(i + 4..i + 8).and_then(|k| k.try_into().ok()).ok_or("broken PNG: a chunk without a type")?;
        let end = i + 12 + len;
        let chunk = b.get(i..end).ok_or_else(|| format!("broken PNG: the {} chunk runs past the end of the file", String::from_utf8_lossy(&kind)))?;
        if PNG_KEEP.contains(&&kind) {
            out.extend_from_slice(chunk);
        } else if kind[0].is_ascii_uppercase() {
            return Err(format!("unknown critical PNG chunk {}: Haven cannot tell whether it is safe to publish", String::from_utf8_lossy(&kind)));
        } else {
            location |= exif::mentions_location(&chunk[8..8 + len]);
        }
        if &kind == b"IEND" {
            return Ok(Stripped::new(out, b, location));
        }
        i = end;
    }
}

/// WebP chunks that draw the picture.
const WEBP_KEEP: &[&[u8; 4]] = &[b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"];

/// WebP: keeps [`WEBP_KEEP`], drops EXIF, XMP and unknown chunks, clears their VP8X flags and
/// rewrites the RIFF size.
pub fn webp(b: &[u8]) -> Result<Stripped, StripError> {
    if b.len() < 12 || &b[..4] != b"RIFF" || &b[8..12] != b"WEBP" {
        return Err("not a WebP file (no RIFF WEBP header)".into());
    }
    let riff_end = (le32(b, 4).unwrap_or(0) + 8).min(b.len());
    let mut out = b"RIFF\0\0\0\0WEBP".to_vec();
    let mut location = false;
    let mut i = 12;
    while i + 8 <= riff_end {
        let kind: [u8; 4] = b[i..i + 4].try_into().map_err(|_| "broken WebP chunk")?;
        let len = le32(b, i + 4).ok_or("broken WebP: a chunk without a size")?;
        let end = i + 8 + len + (len & 1);
        let chunk = b.get(i..end.min(riff_end)).filter(|c| c.len() >= 8 + len).ok_or("broken WebP: a chunk runs past the end of the file")?;
        if WEBP_KEEP.contains(&&kind) {
            let start = out.len();
            out.extend_from_slice(chunk);
            if &kind == b"VP8X" && len >= 1 {
                out[start + 8] &= !0x0C; // the EXIF and XMP flags
            }
        } else {
            location |= exif::mentions_location(&chunk[8..8 + len]);
        }
        i = end;
    }
    let size = u32::try_from(out.len() - 8).map_err(|_| "WebP file too large")?;
    out[4..8].copy_from_slice(&size.to_le_bytes());
    Ok(Stripped::new(out, b, location))
}

/// GIF: keeps the screen, colour tables, images, graphic-control and plain-text extensions and
/// the NETSCAPE looping block; drops comments and every other application extension (XMP).
pub fn gif(b: &[u8]) -> Result<Stripped, StripError> {
    if !(b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a")) || b.len() < 13 {
        return Err("not a GIF file (no GIF87a/GIF89a header)".into());
    }
    let mut i = 13 + color_table(b[10]);
    let mut out = b.get(..i).ok_or("broken GIF: cut off in its colour table")?.to_vec();
    let mut location = false;
    loop {
        match *b.get(i).ok_or("broken GIF: cut off before its trailer")? {
            0x3B => {
                out.push(0x3B);
                return Ok(Stripped::new(out, b, location));
            }
            0x2C => {
                let packed = *b.get(i + 9).ok_or("broken GIF: cut off in an image descriptor")?;
                let data = i + 10 + color_table(packed) + 1; // + LZW minimum code size
                let end = sub_blocks_end(b, data)?;
                out.extend_from_slice(&b[i..end]);
                i = end;
            }
            0x21 => {
                let label = *b.get(i + 1).ok_or("broken GIF: cut off in an extension")?;
                let end = sub_blocks_end(b, i + 2)?;
                let block = &b[i..end];
                let looping = label == 0xFF && block.get(3..14) == Some(b"NETSCAPE2.0");
                if matches!(label, 0xF9 | 0x01) || looping {
                    out.extend_from_slice(block);
                } else {
                    location |= exif::mentions_location(block);
                }
                i = end;
            }
            other => return Err(format!("broken GIF: unknown block 0x{other:02X} at byte {i}")),
        }
    }
}

/// Bytes of the colour table a GIF packed-fields byte announces.
fn color_table(packed: u8) -> usize {
    if packed & 0x80 != 0 {
        3 << ((packed & 7) + 1)
    } else {
        0
    }
}

/// The index after the data sub-blocks starting at `i` (up to and with the 0 terminator).
fn sub_blocks_end(b: &[u8], mut i: usize) -> Result<usize, StripError> {
    loop {
        let n = *b.get(i).ok_or("broken GIF: cut off in a data block")? as usize;
        i += 1 + n;
        if n == 0 {
            return Ok(i);
        }
    }
}
