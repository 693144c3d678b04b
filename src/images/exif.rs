//! Whether removed metadata held a position: a GPS directory in EXIF (TIFF), or GPS fields in XMP.

/// True when `block` (a metadata segment, chunk or extension, as removed) holds a GPS position.
pub(super) fn mentions_location(block: &[u8]) -> bool {
    let tiff = block.strip_prefix(b"Exif\0\0").unwrap_or(block);
    has_gps_ifd(tiff) || contains(block, b"GPSLatitude") || contains(block, b"GPSLongitude")
}

/// True for a TIFF block whose first directory points to a GPS directory (tag 0x8825).
fn has_gps_ifd(t: &[u8]) -> bool {
    ifd0_value(t, 0x8825).is_some()
}

/// The EXIF orientation (2 to 8) of an APP1 EXIF payload, `None` when upright or absent.
pub(super) fn orientation(block: &[u8]) -> Option<u16> {
    let tiff = block.strip_prefix(b"Exif\0\0")?;
    ifd0_value(tiff, 0x0112).map(|v| v as u16).filter(|o| (2..=8).contains(o))
}

/// A minimal APP1 EXIF payload holding only `orientation`: the picture's rotation, nothing else.
pub(super) fn orientation_only(orientation: u16) -> Vec<u8> {
    let mut p = b"Exif\0\0MM\0*\0\0\0\x08\0\x01".to_vec();
    p.extend([0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1]);
    p.extend(orientation.to_be_bytes());
    p.extend([0, 0, 0, 0, 0, 0]);
    p
}

/// The first value word of tag `tag` in the first directory of TIFF block `t`.
fn ifd0_value(t: &[u8], tag: u16) -> Option<u32> {
    let little = match t.get(..4) {
        Some(b"II*\0") => true,
        Some(b"MM\0*") => false,
        _ => return None,
    };
    let u16_at = |i: usize| t.get(i..i + 2).map(|b| if little { u16::from_le_bytes([b[0], b[1]]) } else { u16::from_be_bytes([b[0], b[1]]) });
    let u32_at = |i: usize| {
        t.get(i..i + 4).map(|b| {
            let a = [b[0], b[1], b[2], b[3]];
            if little {
                u32::from_le_bytes(a)
            } else {
                u32::from_be_bytes(a)
            }
        })
    };
    let ifd = u32_at(4)? as usize;
    let count = u16_at(ifd)?;
    let entry = (0..count as usize).map(|n| ifd + 2 + 12 * n).find(|e| u16_at(*e) == Some(tag))?;
    // A SHORT (type 3) sits in the first two bytes of the value field; a LONG fills it.
    if u16_at(entry + 2) == Some(3) {
        u16_at(entry + 8).map(u32::from)
    } else {
        u32_at(entry + 8)
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}
