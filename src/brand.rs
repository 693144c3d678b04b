//! `[brand]` in `site.toml`: who publishes the site, its logo, extra stylesheet and colours
//! (checked for WCAG contrast at build time).

use anyhow::{bail, Result};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use std::path::Path;

/// `[brand]` as written.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawBrand {
    /// Who publishes the site, shown in every footer and as the logo's alt text.
    organisation: Option<String>,
    /// A path below `static/` (the site's or the theme's): an SVG or PNG.
    logo: Option<String>,
    /// A path below `static/`: a stylesheet linked after the theme's.
    stylesheet: Option<String>,
    #[serde(default)]
    light: RawScheme,
    #[serde(default)]
    dark: RawScheme,
}

/// `[brand.light]` / `[brand.dark]`: colours as `#rgb` or `#rrggbb`.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawScheme {
    accent: Option<String>,
    accent_text: Option<String>,
    link: Option<String>,
    background: Option<String>,
    text: Option<String>,
}

/// The validated brand, as templates get it (`site.brand`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Brand {
    /// The organisation's name, or "".
    pub organisation: String,
    /// URL path of the logo (`/img/logo.svg`), or "".
    pub logo: String,
    /// URL path of the extra stylesheet, or "".
    pub stylesheet: String,
    /// URL path of the generated colour stylesheet, or "" when no colour is set.
    pub colours: String,
    /// The generated stylesheet's text (not for templates).
    #[serde(skip)]
    pub css: String,
}

/// Where the generated colour stylesheet is published.
pub const COLOURS_PATH: &str = "css/brand.css";

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses `#rgb` or `#rrggbb` (hand-written: two formats do not need a crate).
    pub fn parse(s: &str) -> Option<Rgb> {
        let hex = s.trim().strip_prefix('#')?;
        let digit = |i: usize| u8::from_str_radix(hex.get(i..i + 1)?, 16).ok();
        let pair = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        match hex.len() {
            3 => Some(Rgb(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
            6 => Some(Rgb(pair(0)?, pair(2)?, pair(4)?)),
            _ => None,
        }
    }

    /// WCAG 2.2 relative luminance.
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// WCAG contrast ratio of two colours (1 to 21).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// Which scheme a colour set belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scheme {
    Light,
    Dark,
}

impl Scheme {
    fn name(self) -> &'static str {
        match self {
            Scheme::Light => "light",
            Scheme::Dark => "dark",
        }
    }

    /// The theme's link hover colour (haven.css).
    fn link_hover(self) -> &'static str {
        match self {
            Scheme::Light => "#073f44",
            Scheme::Dark => "#b5eaef",
        }
    }

    /// The theme's own colours (themes/default/static/css/haven.css), used where a key is not set.
    fn defaults(self) -> Colours {
        let c = |s: &str| Rgb::parse(s).unwrap_or(Rgb(0, 0, 0));
        match self {
            Scheme::Light => Colours {
                accent: c("#0b5f66"),
                accent_text: c("#fbfaf7"),
                link: c("#0b5f66"),
                background: c("#fbfaf7"),
                text: c("#1d2a2f"),
                surface: c("#ffffff"),
                focus: c("#1d2a2f"),
            },
            Scheme::Dark => Colours {
                accent: c("#7fd3dc"),
                accent_text: c("#111a1c"),
                link: c("#7fd3dc"),
                background: c("#111a1c"),
                text: c("#e8eef0"),
                surface: c("#18252a"),
                focus: c("#ffdd00"),
            },
        }
    }
}

/// One scheme's colours, brand over theme.
#[derive(Debug, Clone, Copy)]
struct Colours {
    accent: Rgb,
    accent_text: Rgb,
    link: Rgb,
    background: Rgb,
    text: Rgb,
    /// Cards and the header sit on this; not brandable, but text must read on it too.
    surface: Rgb,
    /// The theme's focus ring; not brandable, but it must show on a branded background.
    focus: Rgb,
}

/// Text needs 4.5:1 (WCAG 1.4.3); control borders and the focus ring 3:1 (WCAG 1.4.11).
const TEXT: f64 = 4.5;
const CONTROL: f64 = 3.0;

/// Validates `[brand]`; `root` and `theme_dir` locate the `static/` folders.
pub fn validate(raw: RawBrand, root: &Path, theme_dir: &Path) -> Result<Brand> {
    let logo = match raw.logo {
        Some(p) => static_file("brand.logo", &p, &["svg", "png"], root, theme_dir)?,
        None => String::new(),
    };
    let stylesheet = match raw.stylesheet {
        Some(p) => static_file("brand.stylesheet", &p, &["css"], root, theme_dir)?,
        None => String::new(),
    };
    let mut problems = Vec::new();
    let mut css = String::new();
    for (scheme, set, other) in [(Scheme::Light, &raw.light, &raw.dark), (Scheme::Dark, &raw.dark, &raw.light)] {
        let (colours, vars) = resolve(scheme, set, other)?;
        problems.extend(contrast_problems(scheme, set, &colours));
        if !vars.is_empty() {
            match scheme {
                Scheme::Light => {
                    let _ = writeln!(css, ":root{{{vars}}}");
                }
                Scheme::Dark => {
                    let _ = writeln!(css, "@media (prefers-color-scheme:dark){{:root{{{vars}}}}}");
                }
            }
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    if !css.is_empty() && root.join("static").join(COLOURS_PATH).exists() {
        bail!("key `brand`: static/{COLOURS_PATH} is where Haven writes the [brand] colours; rename that file and link it with `brand.stylesheet`");
    }
    let colours = if css.is_empty() { String::new() } else { format!("/{COLOURS_PATH}") };
    if !css.is_empty() {
        css.insert_str(0, "/* Generated by Haven from [brand] in site.toml */\n");
    }
    Ok(Brand { organisation: raw.organisation.unwrap_or_default().trim().to_string(), logo, stylesheet, colours, css })
}

/// A file below the site's or the theme's `static/` with one of `exts`; returns its URL path.
fn static_file(key: &str, path: &str, exts: &[&str], root: &Path, theme_dir: &Path) -> Result<String> {
    let rel = path.trim_start_matches('/');
    if rel.split('/').any(|c| c == ".." || c.is_empty()) {
        bail!("key `{key}`: {path:?} must be a plain path below static/, without `..`");
    }
    let ext = Path::new(rel).extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if !exts.contains(&ext.as_str()) {
        bail!("key `{key}`: {path:?} must end in .{}", exts.join(" or ."));
    }
    if !root.join("static").join(rel).is_file() && !theme_dir.join("static").join(rel).is_file() {
        bail!("key `{key}`: there is no file static/{rel} in the site or its theme");
    }
    Ok(format!("/{rel}"))
}

/// The scheme's colours (brand over theme) and the CSS custom properties to write: every key
/// set in either scheme, so that a light-only colour never leaks into the dark scheme.
fn resolve(scheme: Scheme, set: &RawScheme, other: &RawScheme) -> Result<(Colours, String)> {
    let mut c = scheme.defaults();
    let mut vars = String::new();
    #[allow(clippy::type_complexity)] // a table of (key, value, is_text, default, checked against); read once, top to bottom
    let fields: [(&str, &Option<String>, bool, &mut Rgb, &[&str]); 5] = [
        ("accent", &set.accent, other.accent.is_some(), &mut c.accent, &["--accent"]),
        ("accent_text", &set.accent_text, other.accent_text.is_some(), &mut c.accent_text, &["--accent-text"]),
        ("link", &set.link, other.link.is_some(), &mut c.link, &["--link", "--link-hover"]),
        ("background", &set.background, other.background.is_some(), &mut c.background, &["--bg"]),
        ("text", &set.text, other.text.is_some(), &mut c.text, &["--text"]),
    ];
    for (name, value, in_other, slot, props) in fields {
        if let Some(v) = value {
            let Some(rgb) = Rgb::parse(v) else {
                bail!("key `brand.{}.{name}`: {v:?} is not a colour; write #rgb or #rrggbb", scheme.name());
            };
            *slot = rgb;
        }
        if value.is_some() || in_other {
            for p in props {
                // The theme's own hover colour stays where this scheme keeps the theme's link.
                let hex = if *p == "--link-hover" && value.is_none() { scheme.link_hover().to_string() } else { slot.hex() };
                let _ = write!(vars, "{p}:{hex};");
            }
        }
    }
    Ok((c, vars))
}

/// Every pair below its minimum contrast, naming the key the brand set (or the one it is checked against).
fn contrast_problems(scheme: Scheme, set: &RawScheme, c: &Colours) -> Vec<String> {
    let pairs = [
        ("text", c.text, "background", c.background, TEXT),
        ("text", c.text, "surface", c.surface, TEXT),
        ("link", c.link, "background", c.background, TEXT),
        ("link", c.link, "surface", c.surface, TEXT),
        ("accent_text", c.accent_text, "accent", c.accent, TEXT),
        ("accent", c.accent, "background", c.background, CONTROL),
        ("focus", c.focus, "background", c.background, CONTROL),
    ];
    let is_set = |k: &str| match k {
        "text" => set.text.is_some(),
        "link" => set.link.is_some(),
        "accent" => set.accent.is_some(),
        "accent_text" => set.accent_text.is_some(),
        "background" => set.background.is_some(),
        _ => false,
    };
    let mut out = Vec::new();
    for (fg_key, fg, bg_key, bg, min) in pairs {
        if !is_set(fg_key) && !is_set(bg_key) {
            continue;
        }
        let ratio = contrast(fg, bg);
        if ratio < min {
            let key = if is_set(fg_key) { fg_key } else { bg_key };
            let what = if min == TEXT { "text" } else { "controls (button borders, focus ring)" };
            out.push(format!(
                "key `brand.{s}.{key}`: {fg_key} {} on {bg_key} {} has contrast {ratio:.2}:1, below the {min}:1 {what} need ({s} scheme)",
                fg.hex(),
                bg.hex(),
                s = scheme.name()
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag_examples() {
        let (black, white) = (Rgb(0, 0, 0), Rgb(255, 255, 255));
        assert!((contrast(black, white) - 21.0).abs() < 1e-9);
        assert!((contrast(white, white) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic 4.54:1.
        let grey = Rgb::parse("#767676").unwrap();
        assert!((contrast(grey, white) - 4.54).abs() < 0.01, "{}", contrast(grey, white));
    }

    #[test]
    fn parses_short_and_long_hex_only() {
        assert_eq!(Rgb::parse("#fff"), Some(Rgb(255, 255, 255)));
        assert_eq!(Rgb::parse("#0B5F66"), Some(Rgb(11, 95, 102)));
        for bad in ["fff", "#ffff", "#ggg", "red", "#", "#ééé"] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn theme_defaults_pass_their_own_checks() {
        for s in [Scheme::Light, Scheme::Dark] {
            let d = s.defaults();
            let set = RawScheme {
                accent: Some(d.accent.hex()),
                accent_text: Some(d.accent_text.hex()),
                link: Some(d.link.hex()),
                background: Some(d.background.hex()),
                text: Some(d.text.hex()),
            };
            assert!(contrast_problems(s, &set, &d).is_empty(), "{:?}", contrast_problems(s, &set, &d));
        }
    }
}
