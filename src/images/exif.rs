//! Whether removed metadata held a position: a GPS directory in EXIF (TIFF), or GPS fields in XMP.

/// True when `block` (a metadata segment, chunk or extension, as removed) holds a GPS position.
pub fn mentions_location(block: &[u8]) -> bool {
    let tiff = block.strip_prefix(b"Exif\0\0").unwrap_or(block);
    has_gps_ifd(tiff) || contains(block, b"GPSLatitude") || contains(block, b"GPSLongitude")
}

/// True for a TIFF block whose first directory points to a GPS directory (tag 0x8825).
fn has_gps_ifd(t: &[u8]) -> bool {
    let little = match t.get(..4) {
        Some(b"II*\0") => true,
        Some(b"MM\0*") => false,
        _ => return false,
    };
    let u16_at = |i: usize| t.get(i..i + 2).map(|b| if little { u16::from_le_bytes([b[0], b[1]]) } else { u16::from_be_bytes([b[0], b[1]]) });
    let u32_at = |i: usize| t.get(i..i + 4).map(|b| {
        let a = [b[0], b[1], b[2], b[3]];
        if little { u32::from_le_bytes(a) } else { u32::from_be_bytes(a) }
    });
    let Some(ifd) = u32_at(4).map(|o| o as usize) else { return false };
    let Some(count) = u16_at(ifd) else { return false };
    (0..count as usize).any(|n| u16_at(ifd + 2 + 12 * n) == Some(0x8825))
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}
