//! Light pages by default: every `<img>` of a page that shows a local JPEG or PNG gets smaller
//! candidates (480, 960 and 1600 px wide, never wider than the original) in a `srcset`, with
//! `width`, `height`, `decoding="async"` and `loading="lazy"` after the page's first image.
//! JPEGs get JPEG candidates (quality 80); PNGs get lossless WebP ones in a `<picture>`, the PNG
//! staying the fallback. Candidates are made once per build for all pages and translations,
//! and kept in `.haven/images/` under the hash of the image, so a rebuild decodes nothing.
//! `photo.jpg#original` (or `data-haven-original`) opts an image out; `photo.jpg#widths=320,640`
//! (or `data-haven-widths="320 640"`) sets the widths.

use super::Format;
use crate::outpath::OutputPath;
use crate::output::Sink;
use anyhow::{Context, Result};
use image::ImageDecoder;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// Widths of the candidates when the page does not say.
pub const DEFAULT_WIDTHS: &[u32] = &[480, 960, 1600];

/// Bump when encoding changes, so cached candidates are made again.
const ENCODER_VERSION: &str = "v2-q80-lanczos3-upright";

/// What `sizes` says: the content column is at most 960 px wide.
const SIZES: &str = "(max-width: 960px) 100vw, 960px";

/// One generated candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub url: String,
    pub width: u32,
    pub bytes: usize,
}

/// An image's size and its candidates (smallest first).
#[derive(Debug, Clone)]
pub struct Variants {
    pub width: u32,
    pub height: u32,
    pub candidates: Vec<Candidate>,
    /// The MIME type of the candidates.
    pub mime: &'static str,
}

type Slot = Arc<OnceLock<Result<Variants, String>>>;

/// Makes candidates for one build: each (image, widths) once, whatever number of pages show it.
pub struct Publisher<'a> {
    root: PathBuf,
    /// Output URL (`/a/b.jpg`) of each published JPEG or PNG, and its source (relative to `root`).
    sources: HashMap<String, (PathBuf, Option<&'static [u8]>)>,
    made: Mutex<HashMap<(String, Vec<u32>), Slot>>,
    /// Bytes of every copied file by output path, for the page-weight budget.
    sizes: HashMap<String, u64>,
    sink: &'a dyn Sink,
    /// The path the site is published below (`/site`), or "": page URLs carry it, output paths do not.
    base_path: String,
}

/// A rewritten page: its HTML and what went wrong (image, message).
#[derive(Debug, Default)]
pub struct Rewritten {
    pub html: String,
    pub problems: Vec<(String, String)>,
    /// Bytes of the smallest candidate of each image shown with candidates, by the image's path.
    pub smallest: HashMap<String, u64>,
}

impl<'a> Publisher<'a> {
    /// `copied` are (output path, source relative to `root`) of the files the build copies.
    pub fn new(root: &Path, base_path: &str, copied: impl IntoIterator<Item = (&'a OutputPath, &'a Path, Option<&'static [u8]>)>, sink: &'a dyn Sink) -> Self {
        let copied: Vec<_> = copied.into_iter().map(|(out, from, built_in)| (format!("/{out}"), out, from, built_in)).collect();
        let sizes = copied
            .iter()
            .map(|(url, _, from, built_in)| {
                (url.clone(), built_in.map_or_else(|| std::fs::metadata(root.join(from)).map_or(0, |m| m.len()), |b| b.len() as u64))
            })
            .collect();
        let sources = copied
            .into_iter()
            .filter(|(_, out, _, _)| Format::of(out.as_path()).is_some_and(Format::resizable))
            .map(|(url, _, from, built_in)| (url, (from.to_path_buf(), built_in)))
            .collect();
        Publisher { root: root.to_path_buf(), sources, made: Mutex::default(), sizes, sink, base_path: base_path.to_string() }
    }

    /// A page-weight warning when the page at `page_url` (`page_bytes` of HTML once rewritten,
    /// loading `loads`) is over `budget` bytes.
    pub fn weight_finding(
        &self,
        (page_url, page_bytes): (&str, usize),
        loads: &[String],
        smallest: &HashMap<String, u64>,
        budget: u64,
        file: &Path,
    ) -> Option<crate::diagnostics::Diagnostic> {
        let items = super::budget::weigh(page_url, page_bytes, loads, &|p| self.sizes.get(p).copied(), smallest);
        super::budget::check(&items, budget, file)
    }

    /// `html` with candidates on every local JPEG and PNG `<img>` (page at `page_url`); a page
    /// without an `<img>` is handed back as it is, without a copy.
    pub fn rewrite(&self, html: String, page_url: &str) -> Rewritten {
        let Some(first) = next_img(&html, 0) else { return Rewritten { html, ..Default::default() } };
        let html = html.as_str();
        let mut out = Rewritten { html: String::with_capacity(html.len() + 256), ..Default::default() };
        let mut images = 0;
        let mut i = 0;
        let mut next = Some(first);
        while let Some((start, end)) = next {
            out.html.push_str(&html[i..start]);
            let tag = &html[start..end];
            let new_tag = self.rewrite_tag(tag, page_url, images > 0, &mut out);
            out.html.push_str(&new_tag);
            images += 1;
            i = end;
            next = next_img(html, i);
        }
        out.html.push_str(&html[i..]);
        out
    }

    fn rewrite_tag(&self, tag: &str, page_url: &str, lazy: bool, out: &mut Rewritten) -> String {
        let attrs = parse_attrs(tag);
        let get = |n: &str| attrs.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
        let Some(src) = get("src") else { return tag.to_string() };
        let (path, fragment) = src.split_once('#').unwrap_or((src, ""));
        let site_path = path.strip_prefix(self.base_path.as_str()).filter(|p| !self.base_path.is_empty() && p.starts_with('/')).unwrap_or(path);
        let url = resolve(site_path, page_url);
        let opted_out = fragment == "original" || get("data-haven-original").is_some() || get("srcset").is_some();
        let widths = widths_from(fragment, get("data-haven-widths"));
        let mut extra = String::new();
        let variants = match self.sources.get(&url) {
            Some((from, built_in)) if !opted_out => match self.variants(&url, from, *built_in, &widths) {
                Ok(v) => Some(v),
                Err(e) => {
                    out.problems.push((url.clone(), e));
                    None
                }
            },
            _ => None,
        };
        let mut tag = strip_fragment(tag, src, path);
        if let Some(v) = &variants {
            if get("width").is_none() && get("height").is_none() {
                extra.push_str(&format!(" width=\"{}\" height=\"{}\"", v.width, v.height));
            }
            if let Some(c) = v.candidates.first() {
                out.smallest.insert(url.clone(), c.bytes as u64);
            }
        }
        if get("decoding").is_none() {
            extra.push_str(" decoding=\"async\"");
        }
        if lazy && get("loading").is_none() {
            extra.push_str(" loading=\"lazy\"");
        }
        let set = variants
            .as_ref()
            .filter(|v| !v.candidates.is_empty())
            .map(|v| v.candidates.iter().map(|c| format!("{}{} {}w", self.base_path, c.url, c.width)).collect::<Vec<_>>().join(", "));
        match (&variants, set) {
            (Some(v), Some(set)) if v.mime == "image/webp" => {
                insert_before_close(&mut tag, &extra);
                format!("<picture><source type=\"image/webp\" srcset=\"{set}\" sizes=\"{SIZES}\">{tag}</picture>")
            }
            (Some(_), Some(set)) => {
                extra.push_str(&format!(" srcset=\"{set}\" sizes=\"{SIZES}\""));
                insert_before_close(&mut tag, &extra);
                tag
            }
            _ => {
                insert_before_close(&mut tag, &extra);
                tag
            }
        }
    }

    /// The candidates of the image at `url`, made (or taken from the cache) on first use.
    fn variants(&self, url: &str, from: &Path, built_in: Option<&'static [u8]>, widths: &[u32]) -> Result<Variants, String> {
        let slot = {
            let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
            made.entry((url.to_string(), widths.to_vec())).or_default().clone()
        };
        slot.get_or_init(|| self.make(url, from, built_in, widths).map_err(|e| format!("{e:#}"))).clone()
    }

    fn make(&self, url: &str, from: &Path, built_in: Option<&'static [u8]>, widths: &[u32]) -> Result<Variants> {
        let path = self.root.join(from);
        let raw = match built_in {
            Some(b) => b.to_vec(),
            None => std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?,
        };
        let format = Format::of(from).context("not an image")?;
        let cleaned = super::clean(format, &raw).map_err(anyhow::Error::msg)?.bytes;
        let (width, height) = upright_size(&cleaned).with_context(|| format!("cannot read the size of {}", from.display()))?;
        let (ext, mime) = if format == Format::Png { ("webp", "image/webp") } else { ("jpg", "image/jpeg") };
        let hash = blake3::hash(&cleaned).to_hex();
        let cache = self.root.join(".haven").join("images");
        let wanted: Vec<u32> = widths.iter().copied().filter(|w| *w < width).collect();
        let mut decoded: Option<image::DynamicImage> = None;
        let mut candidates = Vec::new();
        for w in wanted {
            let cached = cache.join(format!("{}-{ENCODER_VERSION}-{w}.{ext}", &hash.as_str()[..32]));
            let bytes = match std::fs::read(&cached) {
                Ok(b) => b,
                Err(_) => {
                    if decoded.is_none() {
                        decoded = Some(decode_upright(&cleaned).with_context(|| format!("cannot decode {}", from.display()))?);
                    }
                    let img = decoded.as_ref().context("decoded")?;
                    // Generated files go through the cleaner like copied ones.
                    let kind = if format == Format::Png { Format::Webp } else { Format::Jpeg };
                    let b = super::clean(kind, &encode(img, w, format)?).map_err(anyhow::Error::msg)?.bytes;
                    store(&cached, &b)?;
                    b
                }
            };
            let out_url = candidate_url(url, w, ext);
            self.sink.put(&OutputPath::from_url(&out_url)?, bytes.clone())?;
            candidates.push(Candidate { url: out_url, width: w, bytes: bytes.len() });
        }
        if format == Format::Jpeg && widths.last().is_some_and(|max| width <= *max) && !candidates.is_empty() {
            // Wide screens get the (cleaned) original, which is no wider than asked.
            candidates.push(Candidate { url: url.to_string(), width, bytes: cleaned.len() });
        }
        Ok(Variants { width, height, candidates, mime })
    }
}

fn decoder(bytes: &[u8]) -> Result<impl image::ImageDecoder + '_> {
    Ok(image::ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format()?.into_decoder()?)
}

/// Width and height as shown, after the EXIF orientation a phone photo may carry.
fn upright_size(bytes: &[u8]) -> Result<(u32, u32)> {
    use image::metadata::Orientation::*;
    let mut d = decoder(bytes)?;
    let (w, h) = d.dimensions();
    Ok(match d.orientation()? {
        Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH => (h, w),
        _ => (w, h),
    })
}

/// The picture decoded and turned as it is shown.
fn decode_upright(bytes: &[u8]) -> Result<image::DynamicImage> {
    let mut d = decoder(bytes)?;
    let orientation = d.orientation()?;
    let mut img = image::DynamicImage::from_decoder(d)?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// `img` resized to `w` px wide, as JPEG (quality 80) or lossless WebP.
fn encode(img: &image::DynamicImage, w: u32, format: Format) -> Result<Vec<u8>> {
    let h = ((img.height() as u64 * w as u64 + img.width() as u64 / 2) / img.width() as u64).max(1) as u32;
    let small = img.resize_exact(w, h, image::imageops::FilterType::Lanczos3);
    let mut out = Vec::new();
    if format == Format::Png {
        let enc = image::codecs::webp::WebPEncoder::new_lossless(&mut out);
        small.to_rgba8().write_with_encoder(enc).context("cannot encode WebP")?;
    } else {
        let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80);
        small.to_rgb8().write_with_encoder(enc).context("cannot encode JPEG")?;
    }
    Ok(out)
}

/// Writes a cache file whole or not at all.
fn store(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().context("cache path")?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let tmp = tempfile::NamedTempFile::new_in(dir).with_context(|| format!("cannot write in {}", dir.display()))?;
    std::fs::write(tmp.path(), bytes).with_context(|| format!("cannot write {}", tmp.path().display()))?;
    tmp.persist(path).map_err(|e| e.error).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// `/a/photo.jpg` → `/a/photo-480w.jpg`.
pub fn candidate_url(url: &str, w: u32, ext: &str) -> String {
    let stem = url.rsplit_once('.').map_or(url, |(s, _)| s);
    format!("{stem}-{w}w.{ext}")
}

fn widths_from(fragment: &str, attr: Option<&str>) -> Vec<u32> {
    let listed = fragment.strip_prefix("widths=").or(attr).unwrap_or("");
    let mut w: Vec<u32> = listed.split([',', ' ']).filter_map(|s| s.trim().parse().ok()).filter(|w| *w > 0).collect();
    if w.is_empty() {
        w = DEFAULT_WIDTHS.to_vec();
    }
    w.sort_unstable();
    w.dedup();
    w
}

/// The site path a `src` on `page_url` points at (`/a/b.jpg`), or the `src` itself.
pub fn resolve(src: &str, page_url: &str) -> String {
    let src = src.split('?').next().unwrap_or("");
    if src.contains(':') || src.starts_with("//") {
        return src.to_string();
    }
    let joined = if src.starts_with('/') { src.to_string() } else { format!("{}{src}", &page_url[..page_url.rfind('/').map_or(0, |i| i + 1)]) };
    normalise(&crate::urlpath::percent_decode(&joined))
}

/// `/a/./b/../c.png` → `/a/c.png`.
pub fn normalise_path(p: &str) -> String {
    normalise(p)
}

fn normalise(p: &str) -> String {
    crate::urlpath::fold_segments(p)
}

/// Where a relative image path written in `file` (`content/a/index.md`) is published:
/// `photo.jpg` → `/a/photo.jpg`, the same URL in every locale's copy of the page. `None` for
/// absolute, `@/` and other-origin paths, which stay as written.
pub fn beside(file: &Path, dest: &str) -> Option<String> {
    if dest.is_empty() || dest.starts_with(['/', '#', '?', '@']) || dest.contains(':') {
        return None;
    }
    let dir = file.parent()?.strip_prefix("content").ok()?;
    let dir = dir.to_string_lossy().replace('\\', "/");
    let (path, rest) = dest.find(['#', '?']).map_or((dest, ""), |i| dest.split_at(i));
    Some(format!("{}{rest}", normalise(&format!("/{dir}/{path}"))))
}

/// The next `<img …>` tag at or after `from`: (start, end after `>`).
fn next_img(html: &str, mut from: usize) -> Option<(usize, usize)> {
    let b = html.as_bytes();
    loop {
        let start = from + memchr::memchr(b'<', b.get(from..)?)?;
        let rest = &b[start + 1..];
        if rest.len() > 3 && rest[..3].eq_ignore_ascii_case(b"img") && (rest[3].is_ascii_whitespace() || rest[3] == b'/' || rest[3] == b'>') {
            return Some((start, tag_end(html, start)));
        }
        if rest.starts_with(b"!--") {
            from = memchr::memmem::find(&b[start..], b"-->").map_or(html.len(), |e| start + e + 3);
        } else {
            from = start + 1;
        }
    }
}

fn tag_end(text: &str, start: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (k, &c) in text.as_bytes()[start..].iter().enumerate() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'>') => return start + k + 1,
            _ => {}
        }
    }
    text.len()
}

/// Lower-case names and decoded values of a tag's attributes.
fn parse_attrs(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    crate::htmltok::tokenize(tag, |t| out = t.attrs.iter().map(|(n, v)| (n.to_string(), html_escape::decode_html_entities(v).into_owned())).collect(), |_| {});
    out
}

/// The tag with `#…` taken off its `src` value.
fn strip_fragment(tag: &str, src: &str, path: &str) -> String {
    if src == path {
        return tag.to_string();
    }
    tag.replacen(&crate::html::escape(src), &crate::html::escape(path), 1).replacen(src, path, 1)
}

/// Adds `extra` (attributes with a leading space) before the tag's closing `>` or `/>`.
fn insert_before_close(tag: &mut String, extra: &str) {
    let at = if tag.ends_with("/>") { tag.len() - 2 } else { tag.len().saturating_sub(1) };
    tag.insert_str(at, extra);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_beside_pages() {
        assert_eq!(beside(Path::new("content/help/index.md"), "photo.jpg").as_deref(), Some("/help/photo.jpg"));
        assert_eq!(beside(Path::new("content/help.fr.md"), "img/a.png#original").as_deref(), Some("/img/a.png#original"));
        assert_eq!(beside(Path::new("content/a/b.md"), "../c.png").as_deref(), Some("/c.png"));
        assert_eq!(beside(Path::new("content/a.md"), "/abs.png"), None);
        assert_eq!(beside(Path::new("content/a.md"), "https://x.org/a.png"), None);
    }

    #[test]
    fn widths_and_candidate_names() {
        assert_eq!(widths_from("widths=640,320", None), vec![320, 640]);
        assert_eq!(widths_from("", Some("100 50")), vec![50, 100]);
        assert_eq!(widths_from("", None), DEFAULT_WIDTHS.to_vec());
        assert_eq!(candidate_url("/a/p.jpg", 480, "jpg"), "/a/p-480w.jpg");
        assert_eq!(resolve("p.jpg", "/fr/a/"), "/fr/a/p.jpg");
    }
}
