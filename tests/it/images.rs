//! Issue 14: published images carry no metadata (location, dates, serial numbers, thumbnails,
//! editor data), copies keep their pixels, raster images in pages get small srcset candidates,
//! and every image a page or style sheet asks for must exist. The images are made here.

use crate::common::{assert_contains, Site};
use std::fs;
use std::io::Cursor;

/// A noisy RGB picture (noise so the encoders work as on a photo).
fn picture(w: u32, h: u32) -> image::RgbImage {
    let mut seed = 0x2545F491u32;
    image::RgbImage::from_fn(w, h, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let n = (seed & 31) as u8;
        image::Rgb([(x * 255 / w) as u8 / 2 + n, (y * 255 / h) as u8 / 2 + n, 90 + n])
    })
}

fn jpeg_bytes(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85).encode_image(&picture(w, h)).unwrap();
    out
}

/// A little-endian TIFF block: IFD0 with Make, a serial number and a GPS pointer, a GPS IFD
/// with latitude, and IFD1 with a JPEG thumbnail.
fn exif_tiff(thumbnail: &[u8]) -> Vec<u8> {
    let mut t = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    // IFD0 at 8: 3 entries.
    let ifd0_len = 2 + 3 * 12 + 4;
    let make_off = 8 + ifd0_len;
    let make = b"ShelterCam\0";
    let serial_off = make_off + make.len();
    let serial = b"SN-0042-SECRET\0";
    let gps_off = serial_off + serial.len();
    let gps_len = 2 + 12 + 4;
    let lat_off = gps_off + gps_len;
    let ifd1_off = lat_off + 24;
    let thumb_off = ifd1_off + 2 + 2 * 12 + 4;
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32| {
        t.extend(tag.to_le_bytes());
        t.extend(kind.to_le_bytes());
        t.extend(count.to_le_bytes());
        t.extend(value.to_le_bytes());
    };
    t.extend(3u16.to_le_bytes());
    entry(&mut t, 0x010F, 2, make.len() as u32, make_off as u32);
    entry(&mut t, 0xA431, 2, serial.len() as u32, serial_off as u32);
    entry(&mut t, 0x8825, 4, 1, gps_off as u32);
    t.extend((ifd1_off as u32).to_le_bytes());
    t.extend(make);
    t.extend(serial);
    t.extend(1u16.to_le_bytes());
    entry(&mut t, 0x0002, 5, 3, lat_off as u32);
    t.extend(0u32.to_le_bytes());
    for v in [52u32, 1, 31, 1, 0, 1] {
        t.extend(v.to_le_bytes());
    }
    t.extend(2u16.to_le_bytes());
    entry(&mut t, 0x0201, 4, 1, thumb_off as u32);
    entry(&mut t, 0x0202, 4, 1, thumbnail.len() as u32);
    t.extend(0u32.to_le_bytes());
    t.extend(thumbnail);
    t
}

fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut s = vec![0xFF, marker];
    s.extend(((payload.len() + 2) as u16).to_be_bytes());
    s.extend(payload);
    s
}

/// A JPEG as a phone writes it: EXIF with GPS and a thumbnail, XMP, IPTC and a comment.
fn phone_jpeg(w: u32, h: u32) -> Vec<u8> {
    let clean = jpeg_bytes(w, h);
    let mut exif = b"Exif\0\0".to_vec();
    exif.extend(exif_tiff(&jpeg_bytes(16, 12)));
    let xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:Description exif:GPSLatitude=\"52,31N\" xmp:CreateDate=\"2026-11-02\"/></x:xmpmeta>";
    let mut out = clean[..2].to_vec();
    out.extend(segment(0xE1, &exif));
    out.extend(segment(0xE1, xmp));
    out.extend(segment(0xED, b"Photoshop 3.0\08BIM\x04\x04 City: Springfield"));
    out.extend(segment(0xFE, b"taken at the shelter on Elm Street"));
    out.extend(&clean[2..]);
    out.extend(b"TRAILER-SECRET");
    out
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = (data.len() as u32).to_be_bytes().to_vec();
    c.extend(kind);
    c.extend(data);
    c.extend([0, 0, 0, 0]); // the CRC is not checked by the cleaner, which copies what it keeps
    c
}

/// A PNG with text, time and EXIF chunks before its image data.
fn tagged_png(w: u32, h: u32) -> Vec<u8> {
    let mut clean = Vec::new();
    image::DynamicImage::ImageRgb8(picture(w, h)).write_to(&mut Cursor::new(&mut clean), image::ImageFormat::Png).unwrap();
    let ihdr_end = 8 + 25;
    let mut out = clean[..ihdr_end].to_vec();
    out.extend(png_chunk(b"tEXt", b"Author\0Maria Lopez"));
    out.extend(png_chunk(b"iTXt", b"Comment\0\0\0\0\0photographed at 12 Elm Street"));
    out.extend(png_chunk(b"tIME", &[7, 234, 11, 2, 10, 0, 0]));
    out.extend(png_chunk(b"eXIf", &exif_tiff(b"")));
    out.extend(&clean[ihdr_end..]);
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn pixels(bytes: &[u8]) -> image::RgbaImage {
    image::load_from_memory(bytes).unwrap().to_rgba8()
}

fn page(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\ndescription = \"A page with images.\"\n+++\n\n{body}\n")
}

#[test]
fn a_phone_jpeg_is_published_without_location_serial_thumbnail_or_comment_and_with_its_pixels() {
    let original = phone_jpeg(300, 200);
    let site = Site::fixture("minimal");
    fs::write(site.root().join("content/photo.jpg"), &original).unwrap();
    site.write("content/first.md", &page("First page", "![A quiet room with a window](photo.jpg#original)"));
    let site = site.build().ok();
    let published = fs::read(site.out().join("photo.jpg")).unwrap();
    for secret in [&b"Exif"[..], b"GPS", b"ShelterCam", b"SN-0042", b"xmpmeta", b"Springfield", b"Elm Street", b"TRAILER", b"Photoshop"] {
        assert!(!contains(&published, secret), "{:?} is still in the published JPEG", String::from_utf8_lossy(secret));
    }
    assert!(contains(&published, b"JFIF"), "the JFIF header stays");
    assert_eq!(pixels(&published), pixels(&original), "the pixels are untouched");
    assert!(published.len() < original.len());
    let images = site.report().images;
    // The photo, and the theme's favicon.svg (cleaned too, with nothing to strip).
    assert_eq!((images.cleaned, images.stripped, images.located), (2, 1, 1), "{images:?}");
}

#[test]
fn a_png_loses_its_text_time_and_exif_chunks_and_keeps_its_pixels() {
    let original = tagged_png(64, 48);
    let site = Site::fixture("minimal");
    fs::create_dir_all(site.root().join("static/img")).unwrap();
    fs::write(site.root().join("static/img/map.png"), &original).unwrap();
    let site = site.build().ok();
    let published = fs::read(site.out().join("img/map.png")).unwrap();
    for chunk in [b"tEXt", b"iTXt", b"tIME", b"eXIf"] {
        assert!(!contains(&published, chunk), "{} chunk published", String::from_utf8_lossy(chunk));
    }
    assert!(!contains(&published, b"Maria") && !contains(&published, b"Elm Street"));
    assert_eq!(pixels(&published), pixels(&original));
    assert_eq!(site.report().images.located, 1, "the eXIf chunk held a GPS directory");
}

#[test]
fn an_svg_loses_editor_metadata_namespaces_and_comments() {
    let svg = r##"<?xml version="1.0" encoding="UTF-8"?>
<!-- Created by maria at the Elm Street shelter -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="24" height="24" sodipodi:docname="/home/maria/Desktop/logo.svg" inkscape:export-filename="/home/maria/logo.png">
  <metadata><rdf:RDF><cc:Work><dc:creator><cc:Agent><dc:title>Maria Lopez</dc:title></cc:Agent></dc:creator></cc:Work></rdf:RDF></metadata>
  <sodipodi:namedview id="base" inkscape:window-width="1920" inkscape:current-layer="layer1"/>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1"><circle cx="12" cy="12" r="10" fill="#036"/></g>
</svg>
"##;
    let site = Site::fixture("minimal");
    site.write("static/logo.svg", svg);
    let site = site.build().ok();
    let out = site.read("logo.svg");
    for gone in ["maria", "Maria", "metadata", "sodipodi", "inkscape", "<!--", "rdf:"] {
        assert!(!out.contains(gone), "{gone:?} is still in:\n{out}");
    }
    assert_contains(&out, r##"<g id="layer1"><circle cx="12" cy="12" r="10" fill="#036"/></g>"##);
    roxmltree::Document::parse(&out).expect("still well-formed XML");
}

#[test]
fn gif_comments_and_webp_exif_are_removed() {
    // GIF89a 1×1, global table of 2 colours, a comment, an XMP application block, NETSCAPE looping.
    let mut gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff".to_vec();
    gif.extend(b"\x21\xfe\x0bshelter-gps\x00");
    gif.extend(b"\x21\xff\x0bXMP DataXMP\x05GPSLa\x00");
    gif.extend(b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00");
    gif.extend(b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b");
    let cleaned = haven::images::clean(haven::images::Format::Gif, &gif).unwrap();
    assert!(!contains(&cleaned.bytes, b"shelter") && !contains(&cleaned.bytes, b"XMP"));
    assert!(contains(&cleaned.bytes, b"NETSCAPE2.0"), "looping stays");
    let mut expected = gif[..19].to_vec();
    expected.extend(b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b");
    assert_eq!(cleaned.bytes, expected, "the picture's blocks are kept byte for byte");

    let mut webp = Vec::new();
    image::DynamicImage::ImageRgb8(picture(8, 8)).write_to(&mut Cursor::new(&mut webp), image::ImageFormat::WebP).unwrap();
    let mut body = webp[12..].to_vec();
    let exif = exif_tiff(b"");
    body.extend(b"EXIF");
    body.extend((exif.len() as u32).to_le_bytes());
    body.extend(&exif);
    if exif.len() % 2 == 1 {
        body.push(0);
    }
    let mut tagged = b"RIFF".to_vec();
    tagged.extend(((body.len() + 4) as u32).to_le_bytes());
    tagged.extend(b"WEBP");
    tagged.extend(body);
    let cleaned = haven::images::clean(haven::images::Format::Webp, &tagged).unwrap();
    assert!(cleaned.location && !contains(&cleaned.bytes, b"EXIF") && !contains(&cleaned.bytes, b"ShelterCam"));
    assert_eq!(cleaned.bytes, webp, "back to the file without the chunk");
}

#[test]
fn an_avif_image_fails_the_build_naming_the_file() {
    let site = Site::fixture("minimal");
    site.write("static/img/photo.avif", "\0\0\0\x1cftypavif");
    let site = site.build();
    let errs = site.findings("image-metadata");
    assert_eq!(errs.len(), 1, "{:?}", site.report().diagnostics);
    assert!(errs[0].is_error() && errs[0].file.as_deref() == Some(std::path::Path::new("static/img/photo.avif")), "{}", errs[0]);
    assert!(errs[0].message.contains("AVIF"));
    assert!(!site.out().exists(), "nothing is published");
}

#[test]
fn a_photo_gets_srcset_candidates_of_the_stated_widths_in_every_locale() {
    let site = Site::fixture("multilingual");
    fs::write(site.root().join("content/photo.jpg"), phone_jpeg(2000, 1000)).unwrap();
    fs::write(site.root().join("content/map.png"), tagged_png(1200, 600)).unwrap();
    let body = "![A counsellor listening](photo.jpg)\n\n![A map of the town](map.png)\n\n![A small one](photo.jpg#widths=320)";
    site.write("content/treatment.md", &page("Treatment", body));
    site.write("content/treatment.es.md", &page("Tratamiento", &body.replace("A ", "Una ")));
    let site = site.build().ok();
    for file in ["treatment/index.html", "es/treatment/index.html"] {
        let html = site.read(file);
        assert_contains(&html, r#"src="/photo.jpg""#);
        assert_contains(&html, r#"srcset="/photo-480w.jpg 480w, /photo-960w.jpg 960w, /photo-1600w.jpg 1600w""#);
        assert_contains(&html, r#"width="2000" height="1000" decoding="async""#);
        assert_contains(&html, r#"<picture><source type="image/webp" srcset="/map-480w.webp 480w, /map-960w.webp 960w""#);
        assert_contains(&html, r#"src="/map.png""#);
        assert_contains(&html, r#"width="1200" height="600" decoding="async" loading="lazy""#);
        assert_contains(&html, r#"srcset="/photo-320w.jpg 320w""#);
        let first = html.find("/photo.jpg").unwrap();
        assert!(!html[..html[first..].find('>').unwrap() + first].contains("loading=\"lazy\""), "the first image is not lazy");
    }
    for (file, w, h) in [
        ("photo-480w.jpg", 480, 240),
        ("photo-960w.jpg", 960, 480),
        ("photo-1600w.jpg", 1600, 800),
        ("photo-320w.jpg", 320, 160),
        ("map-480w.webp", 480, 240),
        ("map-960w.webp", 960, 480),
    ] {
        let bytes = fs::read(site.out().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let img = image::load_from_memory(&bytes).unwrap();
        assert_eq!((img.width(), img.height()), (w, h), "{file}");
        assert!(!contains(&bytes, b"Exif") && !contains(&bytes, b"ShelterCam"), "{file} has no metadata");
    }
    assert!(!site.exists("map-1600w.webp") && !site.exists("es/photo.jpg"), "never wider than the original; published once");
}

#[test]
fn candidates_are_cached_and_a_rebuild_is_byte_identical() {
    let site = Site::fixture("minimal");
    fs::write(site.root().join("content/photo.jpg"), phone_jpeg(1000, 800)).unwrap();
    site.write("content/first.md", &page("First page", "![A garden](photo.jpg)"));
    let site = site.build().ok();
    let first = fs::read(site.out().join("photo-960w.jpg")).unwrap();
    let cache = site.root().join(".haven/images");
    let cached: Vec<_> = fs::read_dir(&cache).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(cached.len(), 2, "480 and 960 px: {cached:?}");
    // A cache entry is what is published: change it and the rebuild serves it as it is.
    let entry = cached.iter().find(|p| p.to_string_lossy().ends_with("-960.jpg")).unwrap();
    assert_eq!(fs::read(entry).unwrap(), first);
    let site = site.build().ok();
    assert_eq!(fs::read(site.out().join("photo-960w.jpg")).unwrap(), first);
    fs::remove_dir_all(&cache).unwrap();
    let site = site.build().ok();
    assert_eq!(fs::read(site.out().join("photo-960w.jpg")).unwrap(), first, "made again, the same bytes");
    assert_contains(&site.read("first/index.html"), "/photo.jpg 1000w");
}

#[test]
fn a_missing_image_fails_the_build_naming_the_line() {
    let site = Site::fixture("minimal");
    site.write("content/first.md", &page("First page", "Some text.\n\n![A door](gone.jpg)\n\n<video poster=\"/posters/none.jpg\"></video>"));
    site.write("static/css/extra.css", "body { color: #000; }\n.hero { background: url(\"../img/hero.png\"); }\n");
    let site = site.build();
    let errs: Vec<String> = site.errors().iter().map(|d| d.to_string()).collect();
    assert!(errs.iter().any(|e| e.contains("content/first.md:8") && e.contains("/gone.jpg")), "{errs:#?}");
    assert!(errs.iter().any(|e| e.contains("/posters/none.jpg")), "{errs:#?}");
    assert!(errs.iter().any(|e| e.contains("static/css/extra.css:2") && e.contains("../img/hero.png")), "{errs:#?}");
    assert!(!site.out().exists());
}

#[test]
fn the_cli_reports_cleaned_and_located_images() {
    let site = Site::fixture("minimal");
    fs::write(site.root().join("content/photo.jpg"), phone_jpeg(120, 90)).unwrap();
    site.write("static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><!-- x --></svg>");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_haven")).arg("build").arg("--output").arg(site.out()).current_dir(site.root()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stderr}");
    assert_contains(&format!("{stdout}{stderr}"), "3 images cleaned of metadata (1 had a location)");
    // photo, logo, the theme's favicon.svg
}

#[test]
fn a_page_over_the_weight_budget_is_a_warning_naming_its_largest_items_and_strict_makes_it_an_error() {
    let site = Site::fixture("minimal");
    let toml = fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("{toml}\n[build]\npage_budget_kb = 60\n"));
    fs::write(site.root().join("content/big.png"), tagged_png(400, 300)).unwrap();
    fs::write(site.root().join("content/photo.jpg"), jpeg_bytes(2000, 1500)).unwrap();
    site.write("content/first.md", &page("First page", "![A wall of noise](big.png#original)\n\n![A photo](photo.jpg)"));
    let site = site.build().ok();
    let w = site.findings("page-weight");
    assert_eq!(w.len(), 1, "{:?}", site.report().diagnostics);
    assert!(!w[0].is_error() && w[0].file.as_deref() == Some(std::path::Path::new("content/first.md")), "{}", w[0]);
    let big = fs::metadata(site.out().join("big.png")).unwrap().len().div_ceil(1024);
    assert_contains(&w[0].message, "page /first/ weighs");
    assert_contains(&w[0].message, "over the budget of 60 KB");
    assert_contains(&w[0].message, &format!("largest: /big.png ({big} KB)"));
    assert!(w[0].message.contains("/photo.jpg ("), "the photo counts as its smallest candidate: {}", w[0].message);
    let small = fs::metadata(site.out().join("photo-480w.jpg")).unwrap().len().div_ceil(1024);
    assert_contains(&w[0].message, &format!("/photo.jpg ({small} KB)"));
    let site = site.build_with(|o| o.strict = true);
    assert!(site.findings("page-weight")[0].is_error() && !site.report().written);
}

#[test]
fn raw_html_images_without_a_text_alternative_are_linted_at_their_line() {
    let site = Site::fixture("minimal");
    fs::write(site.root().join("content/photo.jpg"), jpeg_bytes(100, 80)).unwrap();
    site.write("content/first.md", &page("First page", "Text.\n\n<img src=\"/photo.jpg\">\n\n<img src=\"/photo.jpg\" alt=\"\">\n\n<input type=\"image\" src=\"/photo.jpg\">\n\n<span role=\"img\">*</span>"));
    let site = site.build().ok();
    let lines: Vec<usize> = site.findings("img-alt").iter().map(|d| d.line.unwrap()).collect();
    assert_eq!(lines, vec![8, 12, 14], "{:?}", site.findings("img-alt"));
}

/// Node, Chromium and the npm packages of tests/browser, or what is missing.
fn browser_tools() -> Result<(), String> {
    let chromium = std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let ok = std::path::Path::new(&chromium).exists()
        && std::process::Command::new("node").arg("--version").output().is_ok()
        && crate::common::repo().join("tests/browser/node_modules/playwright-core").exists();
    if ok {
        Ok(())
    } else {
        Err(format!("Chromium ({chromium}), node or the npm packages of tests/browser"))
    }
}

#[test]
fn a_phone_at_360_px_loads_only_the_smallest_candidates() {
    if let Err(missing) = browser_tools() {
        assert!(std::env::var_os("CI").is_none(), "the image browser test cannot run in CI: missing {missing}");
        eprintln!("SKIPPED the image browser test: missing {missing}");
        return;
    }
    let site = Site::fixture("minimal");
    fs::write(site.root().join("content/photo.jpg"), jpeg_bytes(2000, 1500)).unwrap();
    fs::write(site.root().join("content/map.png"), tagged_png(1200, 600)).unwrap();
    let body =
        "![A photo](photo.jpg)\n\n".to_string() + &"Some text to scroll past.\n\n".repeat(60) + "![A map](map.png)\n\n![A small one](photo.jpg#widths=320)";
    site.write("content/first.md", &page("First page", &body));
    let site = site.build().ok();
    let out = std::process::Command::new("node")
        .args(["--test", "--test-reporter=spec", "--test-timeout=120000", "images.test.mjs"])
        .current_dir(crate::common::repo().join("tests/browser"))
        .env("HAVEN_SITE_DIR", site.out())
        .output()
        .expect("node runs");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success() && text.contains("pass 1") && !text.contains("skipped 1"), "{text}");
}

#[test]
fn a_rotated_phone_photo_keeps_only_its_orientation_and_its_candidates_are_upright() {
    // 300×200 stored, orientation 6 (turn 90° clockwise): shown 200×300.
    let clean = jpeg_bytes(300, 200);
    let mut tiff = b"MM\0*\0\0\0\x08\0\x02".to_vec();
    tiff.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]);
    tiff.extend([0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0x26]);
    tiff.extend([0, 0, 0, 0, 0, 0]);
    tiff.extend(b"GPS-SECRET");
    let mut exif = b"Exif\0\0".to_vec();
    exif.extend(tiff);
    let mut original = clean[..2].to_vec();
    original.extend(segment(0xE1, &exif));
    original.extend(&clean[2..]);
    let site = Site::fixture("minimal");
    fs::write(site.root().join("content/photo.jpg"), &original).unwrap();
    site.write("content/first.md", &page("First page", "![A tall window](photo.jpg#widths=100)"));
    let site = site.build().ok();
    let published = fs::read(site.out().join("photo.jpg")).unwrap();
    assert!(!contains(&published, b"GPS-SECRET") && contains(&published, b"Exif\0\0MM"), "only the orientation stays");
    assert_eq!(site.report().images.located, 1);
    assert_eq!(pixels(&published), pixels(&original));
    assert_contains(&site.read("first/index.html"), r#"width="200" height="300""#);
    let small = image::load_from_memory(&fs::read(site.out().join("photo-100w.jpg")).unwrap()).unwrap();
    assert_eq!((small.width(), small.height()), (100, 150), "the candidate is upright");
}
