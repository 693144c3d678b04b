//! `site.toml`: parsed raw (unknown keys are errors), then validated into a `Config` the rest trusts.

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The raw file, exactly as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    base_url: String,
    #[serde(default = "default_theme")]
    theme: String,
    default_locale: Option<String>,
    #[serde(default)]
    default_locale_in_subdir: bool,
    #[serde(default = "yes")]
    fallback: bool,
    /// Show a notice on translations whose source changed since they were marked current.
    #[serde(default = "yes")]
    stale_notice: bool,
    helplines: Option<PathBuf>,
    /// A default image for link previews (Open Graph), a path below the site's static files.
    share_image: Option<String>,
    #[serde(default)]
    quick_exit: RawQuickExit,
    #[serde(default)]
    locales: Vec<RawLocale>,
    #[serde(default)]
    search: RawSearch,
    #[serde(default)]
    feeds: RawFeeds,
    #[serde(default)]
    links: RawLinks,
    #[serde(default)]
    extra: toml::Table,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawQuickExit {
    url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLocale {
    code: String,
    name: String,
    dir: Option<String>,
    title: Option<String>,
    description: Option<String>,
    quick_exit_url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSearch {
    #[serde(default = "yes")]
    enabled: bool,
}

impl Default for RawSearch {
    fn default() -> Self {
        RawSearch { enabled: true }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeeds {
    #[serde(default = "yes")]
    enabled: bool,
    #[serde(default = "default_feed_limit")]
    limit: usize,
}

impl Default for RawFeeds {
    fn default() -> Self {
        RawFeeds { enabled: true, limit: default_feed_limit() }
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLinks {
    /// URL prefixes `haven check --external` does not visit.
    #[serde(default)]
    skip_external: Vec<String>,
}

fn default_theme() -> String {
    "default".into()
}
fn yes() -> bool {
    true
}
fn default_feed_limit() -> usize {
    20
}

/// The neutral site the quick-exit control leaves for when none is configured.
pub const DEFAULT_QUICK_EXIT_URL: &str = "https://www.bbc.co.uk/weather";

/// Text direction of a locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// A validated locale.
#[derive(Debug, Clone, Serialize)]
pub struct Locale {
    pub code: String,
    pub name: String,
    pub dir: Direction,
    pub title: String,
    pub description: String,
    pub quick_exit_url: String,
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub theme: String,
    pub default_locale: String,
    pub default_locale_in_subdir: bool,
    pub fallback: bool,
    pub stale_notice: bool,
    pub helplines: Option<PathBuf>,
    pub share_image: Option<String>,
    pub locales: Vec<Locale>,
    pub search: bool,
    pub feeds: bool,
    pub feed_limit: usize,
    pub skip_external: Vec<String>,
    pub extra: toml::Table,
}

impl Config {
    /// Reads and validates `<root>/site.toml`.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join("site.toml");
        let text = crate::fsutil::read_text(&path)?;
        Config::parse(root, &text).with_context(|| format!("invalid configuration in {}", path.display()))
    }

    /// Parses and validates the text of a `site.toml`.
    pub fn parse(root: &Path, text: &str) -> Result<Config> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| anyhow::anyhow!(toml_error(text, &e)))?;
        validate(root, raw)
    }

    pub fn locale(&self, code: &str) -> Option<&Locale> {
        self.locales.iter().find(|l| l.code == code)
    }

    pub fn default(&self) -> &Locale {
        self.locale(&self.default_locale).expect("validated default locale")
    }

    pub fn theme_dir(&self) -> PathBuf {
        self.root.join("themes").join(&self.theme)
    }

    /// The URL prefix of a locale: "" for the default locale at the root, else "/<code>".
    pub fn locale_prefix(&self, code: &str) -> String {
        if code == self.default_locale && !self.default_locale_in_subdir {
            String::new()
        } else {
            format!("/{code}")
        }
    }
}

/// A TOML error message with line and column.
pub fn toml_error(text: &str, e: &toml::de::Error) -> String {
    match e.span() {
        Some(span) => {
            let (line, col) = crate::diagnostics::line_col(text, span.start);
            format!("line {line}, column {col}: {}", e.message())
        }
        None => e.message().to_string(),
    }
}

fn validate(root: &Path, raw: RawConfig) -> Result<Config> {
    let base_url = raw.base_url.trim_end_matches('/').to_string();
    if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
        bail!("key `base_url`: {:?} must start with https:// or http://", raw.base_url);
    }
    if raw.locales.is_empty() {
        bail!("key `locales`: at least one locale is needed, e.g. [[locales]] code = \"en\" name = \"English\"");
    }
    let site_exit = raw.quick_exit.url.clone().unwrap_or_else(|| DEFAULT_QUICK_EXIT_URL.to_string());
    check_exit_url("quick_exit.url", &site_exit)?;
    let mut locales: Vec<Locale> = Vec::new();
    for (i, l) in raw.locales.into_iter().enumerate() {
        let key = format!("locales[{i}]");
        let code = validate_locale_code(&l.code).with_context(|| format!("key `{key}.code`"))?;
        if locales.iter().any(|o| o.code == code) {
            bail!("key `{key}.code`: locale {code:?} is listed twice");
        }
        let dir = match l.dir.as_deref() {
            None => direction_of(&code),
            Some("ltr") => Direction::Ltr,
            Some("rtl") => Direction::Rtl,
            Some(other) => bail!("key `{key}.dir`: {other:?} must be \"ltr\" or \"rtl\""),
        };
        let quick_exit_url = l.quick_exit_url.unwrap_or_else(|| site_exit.clone());
        check_exit_url(&format!("{key}.quick_exit_url"), &quick_exit_url)?;
        locales.push(Locale {
            code,
            name: l.name,
            dir,
            title: l.title.unwrap_or_else(|| raw.title.clone()),
            description: l.description.unwrap_or_else(|| raw.description.clone()),
            quick_exit_url,
        });
    }
    let default_locale = match raw.default_locale {
        Some(d) => d,
        None => bail!("key `default_locale` is missing: name one of the configured locales"),
    };
    if !locales.iter().any(|l| l.code == default_locale) {
        bail!("key `default_locale`: {default_locale:?} is not one of the configured locales");
    }
    // The default locale goes first, so that it is rendered and listed first.
    locales.sort_by_key(|l| l.code != default_locale);
    Ok(Config {
        root: root.to_path_buf(),
        title: raw.title,
        description: raw.description,
        base_url,
        theme: raw.theme,
        default_locale,
        default_locale_in_subdir: raw.default_locale_in_subdir,
        fallback: raw.fallback,
        stale_notice: raw.stale_notice,
        helplines: raw.helplines,
        share_image: raw.share_image,
        locales,
        search: raw.search.enabled,
        feeds: raw.feeds.enabled,
        feed_limit: raw.feeds.limit,
        skip_external: raw.links.skip_external,
        extra: raw.extra,
    })
}

fn check_exit_url(key: &str, url: &str) -> Result<()> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        bail!("key `{key}`: {url:?} must be an absolute http(s) address of a neutral site");
    }
    Ok(())
}

/// Validates a BCP 47 language tag and returns it in canonical case (e.g. `pt-BR`).
pub fn validate_locale_code(code: &str) -> Result<String> {
    let id: unic_langid::LanguageIdentifier =
        code.parse().map_err(|_| anyhow::anyhow!("{code:?} is not a valid BCP 47 language tag"))?;
    if id.language.is_empty() {
        bail!("{code:?} is not a valid BCP 47 language tag: it has no language");
    }
    Ok(id.to_string())
}

/// Languages written right to left.
const RTL_LANGUAGES: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "ha-Arab", "he", "iw", "khw", "ks", "ku-Arab", "ps", "sd", "syr", "ug", "ur",
    "yi", "nqo", "prs",
];

/// Text direction derived from a language tag (its script subtag, if any, decides).
pub fn direction_of(code: &str) -> Direction {
    let id: unic_langid::LanguageIdentifier = match code.parse() {
        Ok(id) => id,
        Err(_) => return Direction::Ltr,
    };
    if let Some(script) = id.script {
        return match script.as_str() {
            "Arab" | "Hebr" | "Syrc" | "Thaa" | "Nkoo" | "Adlm" | "Rohg" => Direction::Rtl,
            _ => Direction::Ltr,
        };
    }
    if RTL_LANGUAGES.contains(&id.language.as_str()) {
        Direction::Rtl
    } else {
        Direction::Ltr
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "title = \"T\"\nbase_url = \"https://x.org/\"\ndefault_locale = \"en\"\n[[locales]]\ncode = \"en\"\nname = \"English\"\n";

    #[test]
    fn derives_rtl_from_code() {
        assert_eq!(direction_of("ar"), Direction::Rtl);
        assert_eq!(direction_of("fa-IR"), Direction::Rtl);
        assert_eq!(direction_of("uk"), Direction::Ltr);
        assert_eq!(direction_of("az-Arab"), Direction::Rtl);
    }

    #[test]
    fn unknown_key_is_named() {
        let err = Config::parse(Path::new("."), &format!("{MINIMAL}colour = 1\n")).unwrap_err();
        assert!(format!("{err:#}").contains("colour"), "{err:#}");
    }

    #[test]
    fn bad_locale_code_is_named() {
        let text = MINIMAL.replace("code = \"en\"", "code = \"english language\"");
        let err = Config::parse(Path::new("."), &text).unwrap_err();
        assert!(format!("{err:#}").contains("locales[0].code"), "{err:#}");
    }

    #[test]
    fn missing_default_locale_is_named() {
        let text = MINIMAL.replace("default_locale = \"en\"\n", "");
        let err = Config::parse(Path::new("."), &text).unwrap_err();
        assert!(format!("{err:#}").contains("default_locale"), "{err:#}");
    }

    #[test]
    fn base_url_loses_trailing_slash() {
        let c = Config::parse(Path::new("."), MINIMAL).unwrap();
        assert_eq!(c.base_url, "https://x.org");
        assert_eq!(c.default().quick_exit_url, DEFAULT_QUICK_EXIT_URL);
    }
}
