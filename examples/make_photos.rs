//! Makes a site of noisy test photos for timing the image pipeline (issue 14): N JPEGs of
//! W×H px (gradients with noise, which compress like photos, not like flat colour), each on a page.
//!
//!     cargo run --release --example make_photos -- DIR 100 4000 3000

use std::fs;
use std::path::Path;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, dir, n, w, h] = &args[..] else { anyhow::bail!("usage: make_photos DIR N WIDTH HEIGHT") };
    let (n, w, h): (u32, u32, u32) = (n.parse()?, w.parse()?, h.parse()?);
    let root = Path::new(dir);
    fs::create_dir_all(root.join("content/photos"))?;
    fs::write(root.join("site.toml"), "title = \"Photos\"\nbase_url = \"https://photos.example\"\ndefault_locale = \"en\"\n\n[quick_exit]\nurl = \"https://weather.example/\"\n\n[[locales]]\ncode = \"en\"\nname = \"English\"\n")?;
    fs::write(root.join("content/_index.md"), "+++\ntitle = \"Photos\"\ndescription = \"Test photos.\"\n+++\n\nPhotos.\n")?;
    fs::write(root.join("content/photos/_index.md"), "+++\ntitle = \"All photos\"\ndescription = \"Test photos.\"\n+++\n\nAll of them.\n")?;
    (0..n).into_iter().try_for_each(|i| -> anyhow::Result<()> {
        let mut seed = 0x9E3779B9u32 ^ (i + 1).wrapping_mul(2654435761);
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let noise = seed & 63;
            image::Rgb([((x * 160 / w + noise + i) % 256) as u8, ((y * 160 / h + noise) % 256) as u8, ((x + y) * 100 / (w + h) + noise) as u8])
        });
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85).encode_image(&img)?;
        fs::write(root.join(format!("content/photos/photo-{i:03}.jpg")), out)?;
        fs::write(
            root.join(format!("content/photos/p{i:03}.md")),
            format!("+++\ntitle = \"Photo {i}\"\ndescription = \"Photo {i}.\"\n+++\n\n![Test photo number {i}](photo-{i:03}.jpg)\n"),
        )?;
        Ok(())
    })
}
