//! Images that cannot give a visitor or a shelter away: every published image loses its
//! metadata (EXIF with GPS, dates and serial numbers, XMP, IPTC, comments, thumbnails) without
//! touching its pixels, and raster images in pages get small `srcset` candidates (see `srcset`).

pub mod alt;
pub mod budget;
mod exif;
pub mod refs;
pub mod srcset;
pub mod strip;
pub mod svg;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// An image format by file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    Webp,
    Gif,
    Svg,
    /// Formats that carry metadata Haven cannot remove safely (AVIF, HEIC, TIFF, JPEG XL).
    Unsupported(&'static str),
}

impl Format {
    /// The format of a file named `path`, `None` for files that are not images.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "jpg" | "jpeg" | "jpe" | "jfif" => Format::Jpeg,
            "png" | "apng" => Format::Png,
            "webp" => Format::Webp,
            "gif" => Format::Gif,
            "svg" => Format::Svg,
            "avif" => Format::Unsupported("AVIF"),
            "heic" | "heif" => Format::Unsupported("HEIC"),
            "tif" | "tiff" => Format::Unsupported("TIFF"),
            "jxl" => Format::Unsupported("JPEG XL"),
            _ => return None,
        })
    }

    /// Raster formats Haven makes `srcset` candidates for.
    pub fn resizable(self) -> bool {
        matches!(self, Format::Jpeg | Format::Png)
    }
}

/// `bytes` of an image in `format` without metadata. `Err` is a message for the site owner.
pub fn clean(format: Format, bytes: &[u8]) -> Result<strip::Stripped, String> {
    match format {
        Format::Jpeg => strip::jpeg(bytes),
        Format::Png => strip::png(bytes),
        Format::Webp => strip::webp(bytes),
        Format::Gif => strip::gif(bytes),
        Format::Svg => svg::clean(bytes).map(|out| strip::Stripped { removed: out != bytes, bytes: out, location: false }),
        Format::Unsupported(name) => Err(format!(
            "Haven cannot remove the metadata (location, dates, device) of {name} images safely, so it will not publish them; convert it to JPEG, PNG or WebP"
        )),
    }
}

/// What the cleaner did in one build, for the build report.
#[derive(Debug, Default)]
pub struct Tally {
    cleaned: AtomicUsize,
    stripped: AtomicUsize,
    located: AtomicUsize,
}

/// [`Tally`] read out.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ImageCounts {
    /// Images that went through the cleaner.
    pub cleaned: usize,
    /// Of those, the ones that had something removed.
    pub stripped: usize,
    /// Of those, the ones whose metadata held a GPS position.
    pub located: usize,
}

impl Tally {
    pub fn add(&self, s: &strip::Stripped) {
        self.cleaned.fetch_add(1, Ordering::Relaxed);
        self.stripped.fetch_add(s.removed as usize, Ordering::Relaxed);
        self.located.fetch_add(s.location as usize, Ordering::Relaxed);
    }

    pub fn counts(&self) -> ImageCounts {
        ImageCounts {
            cleaned: self.cleaned.load(Ordering::Relaxed),
            stripped: self.stripped.load(Ordering::Relaxed),
            located: self.located.load(Ordering::Relaxed),
        }
    }
}

/// A published file's bytes (output name `out_name`) after the cleaner: unchanged for files
/// that are not images; `Err` for an image that cannot be cleaned.
pub fn publishable(out_name: &Path, bytes: Vec<u8>, tally: &Tally) -> Result<Vec<u8>, String> {
    let Some(format) = Format::of(out_name) else { return Ok(bytes) };
    let s = clean(format, &bytes)?;
    tally.add(&s);
    Ok(s.bytes)
}

/// Errors for the `url()`s of a published `.css` file (`out`, from `from`) that point at no
/// published file (`outs`: `/img/a.png`).
pub fn css_file_findings(
    out: &crate::outpath::OutputPath,
    from: &Path,
    bytes: &[u8],
    outs: &std::collections::HashSet<String>,
) -> Vec<crate::diagnostics::Diagnostic> {
    if !out.as_path().extension().is_some_and(|e| e.eq_ignore_ascii_case("css")) {
        return vec![];
    }
    let css = String::from_utf8_lossy(bytes);
    let sheet = format!("/{out}");
    refs::missing_in_css(&css, &sheet, outs)
        .into_iter()
        .map(|(line, u)| {
            crate::diagnostics::Diagnostic::error(crate::diagnostics::Rule::BrokenImage, format!("url({u}) in {sheet}: no such file in the output"))
                .in_file(from)
                .at(line, None)
        })
        .collect()
}
