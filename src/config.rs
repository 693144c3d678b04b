//! `site.toml`: parsed raw (unknown keys are errors), then validated into a `Config` the rest trusts.

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
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
    build: RawBuild,
    /// `[brand]`: organisation, logo, stylesheet and colours (see `brand.rs`).
    #[serde(default)]
    brand: crate::brand::RawBrand,
    /// `[[menu.<locale>]]`: a locale's main menu, when not the top-level pages.
    #[serde(default)]
    menu: Menus,
    #[serde(default)]
    hosting: RawHosting,
    #[serde(default)]
    extra: toml::Table,
}

/// `[hosting]`: files for the static host that serves the site.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHosting {
    /// Write `_headers` (Netlify, Cloudflare Pages) with the security headers every page needs.
    #[serde(default = "yes")]
    headers: bool,
}

impl Default for RawHosting {
    fn default() -> Self {
        RawHosting { headers: true }
    }
}

/// `[build]`: folders outside the site that symlinks in it may lead to (relative to the root).
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawBuild {
    #[serde(default)]
    allow_symlinks_to: Vec<PathBuf>,
    /// The page-weight budget in kilobytes (see `images::budget`).
    page_budget_kb: Option<u64>,
}

/// The default page-weight budget in kilobytes.
pub const DEFAULT_PAGE_BUDGET_KB: u64 = 500;

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

/// A configured locale: an index into `Config::locales`, made only by the `Config` it indexes
/// (`locale_id`, `locale_ids`), so every `LocaleId` names a locale that exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocaleId(u16);

impl LocaleId {
    /// The position of the locale in config order (the default locale is 0).
    pub fn index(self) -> usize {
        usize::from(self.0)
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

/// How many locales a site may configure (a `LocaleId` is a `u16`).
const MAX_LOCALES: usize = u16::MAX as usize;

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    pub base_url: String,
    /// The path part of `base_url` without a trailing `/` (`/site`), or "" for a site at the root.
    pub base_path: String,
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
    /// Folders outside the site symlinks may lead to, as written (relative to `root`).
    pub allow_symlinks_to: Vec<PathBuf>,
    /// `[hosting] headers`: write `_headers` for static hosts.
    pub hosting_headers: bool,
    /// A page's HTML, CSS, JS and smallest images above this many bytes is a warning.
    pub page_budget: u64,
    pub extra: toml::Table,
    /// `[brand]`, validated (files present, colour contrast).
    pub brand: crate::brand::Brand,
    /// `[[menu.<locale>]]`, checked but for its pages (see `menu::check_pages`).
    pub menu: Menus,
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

    /// The id of a configured locale code (`None` for a code that is not configured).
    pub fn locale_id(&self, code: &str) -> Option<LocaleId> {
        let i = self.locales.iter().position(|l| l.code == code)?;
        u16::try_from(i).ok().map(LocaleId)
    }

    /// Every configured locale's id, in config order (the default locale first).
    pub fn locale_ids(&self) -> impl Iterator<Item = LocaleId> {
        (0..self.locales.len().min(MAX_LOCALES)).filter_map(|i| u16::try_from(i).ok().map(LocaleId))
    }

    /// The locale an id names.
    pub fn locale(&self, id: LocaleId) -> &Locale {
        &self.locales[id.index()]
    }

    /// The default locale's id: validation puts it first.
    pub fn default_locale_id(&self) -> LocaleId {
        LocaleId(0)
    }

    pub fn default(&self) -> &Locale {
        self.locale(self.default_locale_id())
    }

    /// Replaces `base_url` (`--base-url`), validated like the one in `site.toml`.
    pub fn set_base_url(&mut self, url: &str) -> Result<()> {
        let (base_url, base_path) = split_base_url(url).context("option `--base-url`")?;
        self.base_url = base_url;
        self.base_path = base_path;
        Ok(())
    }

    /// The address a site path (`/es/x/`) is published at below the host: `/site/es/x/`.
    pub fn public_url(&self, site_path: &str) -> String {
        format!("{}{site_path}", self.base_path)
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

/// Every key `site.toml` accepts, dotted below its table (`title`, `search.enabled`,
/// `locales.code`), read from the raw structs themselves: each is asked to take an unknown key,
/// and serde's refusal lists the fields it expects. The docs-drift test compares them with docs/.
pub fn known_keys() -> Vec<String> {
    let mut keys = probe_fields::<RawConfig>("");
    for table in ["quick_exit", "search", "feeds", "links", "build", "hosting", "locales"] {
        let header = if table == "locales" { "[[locales]]\n".to_string() } else { format!("[{table}]\n") };
        keys.extend(probe_fields::<RawConfig>(&header).into_iter().map(|k| format!("{table}.{k}")));
    }
    keys
}

/// The field names a serde struct expects, from its error on the key `__probe__` placed after `prefix`.
pub fn probe_fields<T: serde::de::DeserializeOwned>(prefix: &str) -> Vec<String> {
    let Err(e) = toml::from_str::<T>(&format!("{prefix}__probe__ = 1\n")) else { return vec![] };
    let message = e.message().to_string();
    let Some((_, expected)) = message.split_once("expected") else { return vec![] };
    expected.split('`').skip(1).step_by(2).map(str::to_string).collect()
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

/// `https://org.github.io/site/` -> (`https://org.github.io/site`, `/site`).
fn split_base_url(url: &str) -> Result<(String, String)> {
    let base_url = url.trim().trim_end_matches('/').to_string();
    let Some(rest) = base_url.strip_prefix("https://").or_else(|| base_url.strip_prefix("http://")) else {
        bail!("{url:?} must start with https:// or http://");
    };
    let path = rest.find('/').map(|i| &rest[i..]).unwrap_or("");
    if rest.starts_with('/') || path.contains(['?', '#', '\\']) || path.split('/').skip(1).any(|s| s.is_empty() || s == "." || s == "..") {
        bail!("{url:?} must be an origin with an optional plain path (https://org.github.io/site)");
    }
    Ok((base_url.clone(), path.to_string()))
}

fn validate(root: &Path, raw: RawConfig) -> Result<Config> {
    let (base_url, base_path) = split_base_url(&raw.base_url).context("key `base_url`")?;
    if raw.locales.len() > MAX_LOCALES {
        bail!("key `locales`: at most {MAX_LOCALES} locales can be configured");
    }
    if raw.locales.is_empty() {
        bail!("key `locales`: at least one locale is needed, e.g. [[locales]] code = \"en\" name = \"English\"");
    }
    let site_exit = raw.quick_exit.url.clone().unwrap_or_else(|| DEFAULT_QUICK_EXIT_URL.to_string());
    // Every origin check (third-party requests, exit destinations) compares against this host.
    let Some(own_host) = url::Url::parse(&base_url).ok().and_then(|u| u.host_str().filter(|h| !h.is_empty()).map(str::to_string)) else {
        bail!("key `base_url`: {:?} is not an absolute address with a host", raw.base_url);
    };
    check_exit_url("quick_exit.url", &site_exit, &own_host)?;
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
        check_exit_url(&format!("{key}.quick_exit_url"), &quick_exit_url, &own_host)?;
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
    validate_menus(&raw.menu, &locales.iter().map(|l| l.code.as_str()).collect::<Vec<_>>())?;
    let brand = crate::brand::validate(raw.brand, root, &root.join("themes").join(&raw.theme))?;
    Ok(Config {
        root: root.to_path_buf(),
        title: raw.title,
        description: raw.description,
        base_url,
        base_path,
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
        allow_symlinks_to: raw.build.allow_symlinks_to,
        hosting_headers: raw.hosting.headers,
        page_budget: raw.build.page_budget_kb.unwrap_or(DEFAULT_PAGE_BUDGET_KB) * 1024,
        extra: raw.extra,
        brand,
        menu: raw.menu,
    })
}

/// A quick exit must leave for another, real site over https: a visitor who presses it is
/// in danger, so an address that stays on this site, goes nowhere or runs code is refused.
fn check_exit_url(key: &str, url: &str, own_host: &str) -> Result<()> {
    if let Err(why) = exit_url_problem(url, own_host) {
        bail!("key `{key}`: {url:?} {why}; give the absolute https:// address of a neutral site such as {DEFAULT_QUICK_EXIT_URL}");
    }
    Ok(())
}

/// Why `url` cannot be a quick-exit destination, if it cannot.
fn exit_url_problem(url: &str, own_host: &str) -> std::result::Result<(), &'static str> {
    let parsed = url::Url::parse(url.trim()).map_err(|_| "is not an absolute address")?;
    if parsed.scheme() != "https" {
        return Err("must use https://");
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("must not carry a user name or password (`user@`)");
    }
    let host = match parsed.host() {
        None => return Err("has no host"),
        Some(url::Host::Ipv4(ip)) if ip.is_loopback() || ip.is_unspecified() => return Err("points at this machine (a loopback address)"),
        Some(url::Host::Ipv6(ip)) if ip.is_loopback() || ip.is_unspecified() => return Err("points at this machine (a loopback address)"),
        Some(url::Host::Ipv4(_) | url::Host::Ipv6(_)) => return Ok(()),
        Some(url::Host::Domain(d)) => d.trim_end_matches('.').to_ascii_lowercase(),
    };
    if !host.contains('.') || host.ends_with(".localhost") {
        return Err("has no public host name (it needs a dot, and not localhost)");
    }
    let own = own_host.trim_end_matches('.').to_ascii_lowercase();
    let bare = |h: &str| h.strip_prefix("www.").unwrap_or(h).to_string();
    if !own.is_empty() && (bare(&host) == bare(&own) || host.ends_with(&format!(".{own}"))) {
        return Err("is this site's own address: the exit must leave for another site");
    }
    Ok(())
}

/// Validates a BCP 47 language tag and returns it in canonical case (e.g. `pt-BR`).
pub fn validate_locale_code(code: &str) -> Result<String> {
    let id: unic_langid::LanguageIdentifier = code.parse().map_err(|_| anyhow::anyhow!("{code:?} is not a valid BCP 47 language tag"))?;
    if id.language.is_empty() {
        bail!("{code:?} is not a valid BCP 47 language tag: it has no language");
    }
    Ok(id.to_string())
}

/// Languages written right to left.
const RTL_LANGUAGES: &[&str] =
    &["ar", "arc", "ckb", "dv", "fa", "ha-Arab", "he", "iw", "khw", "ks", "ku-Arab", "ps", "sd", "syr", "ug", "ur", "yi", "nqo", "prs"];

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

/// `[[menu.<locale>]]`: one entry as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MenuEntry {
    /// A content page, `@/get-help.md`.
    pub page: Option<String>,
    /// Any other address: `/search/` on this site, or `https://...`.
    pub url: Option<String>,
    /// The text shown; for a page, its `menu_title` or title when left out.
    pub name: Option<String>,
}

/// Locale code -> its menu.
pub type Menus = BTreeMap<String, Vec<MenuEntry>>;

/// Checks what can be checked without the content: known locales, one target per entry, a name for URLs.
fn validate_menus(menus: &Menus, locales: &[&str]) -> Result<()> {
    for (code, entries) in menus {
        if !locales.contains(&code.as_str()) {
            bail!("key `menu.{code}`: {code:?} is not one of the configured locales");
        }
        for (i, e) in entries.iter().enumerate() {
            let key = format!("menu.{code}[{i}]");
            match (&e.page, &e.url) {
                (Some(_), Some(_)) => bail!("key `{key}`: give `page` or `url`, not both"),
                (None, None) => bail!("key `{key}`: give `page = \"@/x.md\"` or `url = \"...\"`"),
                (Some(p), None) if !p.starts_with("@/") => bail!("key `{key}.page`: {p:?} must start with @/ (a file below content/)"),
                (None, Some(u)) if !(u.starts_with('/') || u.starts_with("https://")) => bail!("key `{key}.url`: {u:?} must start with / or https://"),
                (None, Some(_)) if e.name.as_deref().is_none_or(|n| n.trim().is_empty()) => bail!("key `{key}.name`: an entry with `url` needs a name"),
                _ => {}
            }
        }
    }
    Ok(())
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
    fn base_url_without_a_host_is_named() {
        let err = Config::parse(Path::new("."), &MINIMAL.replace("https://x.org/", "https:// x")).unwrap_err();
        assert!(format!("{err:#}").contains("key `base_url`"), "{err:#}");
    }

    #[test]
    fn exit_urls_that_do_not_leave_for_another_site_are_refused() {
        for bad in [
            "https://x.org/",
            "https://www.x.org/x",
            "https://help.x.org/",
            "https://",
            "https://localhost/",
            "https://a.localhost/",
            "https://a@b.org/",
            "https://127.0.0.1/",
            "https://[::1]/",
            "javascript:alert(1)",
            "http://weather.example/",
            "weather.example",
            "https://weather",
        ] {
            assert!(exit_url_problem(bad, "x.org").is_err(), "{bad} passed");
        }
        for good in ["https://www.bbc.co.uk/weather", "https://weather.example/", "https://93.184.216.34/"] {
            assert_eq!(exit_url_problem(good, "x.org"), Ok(()), "{good}");
        }
    }

    #[test]
    fn base_url_loses_trailing_slash() {
        let c = Config::parse(Path::new("."), MINIMAL).unwrap();
        assert_eq!(c.base_url, "https://x.org");
        assert_eq!(c.default().quick_exit_url, DEFAULT_QUICK_EXIT_URL);
        assert_eq!(c.base_path, "");
    }

    #[test]
    fn known_keys_come_from_the_raw_structs() {
        let keys = known_keys();
        for k in ["title", "base_url", "extra", "search.enabled", "locales.code", "locales.quick_exit_url", "hosting.headers", "quick_exit.url"] {
            assert!(keys.iter().any(|x| x == k), "{k} missing from {keys:?}");
        }
        assert!(!keys.iter().any(|k| k.contains("__probe__")));
    }

    #[test]
    fn base_url_path_becomes_base_path() {
        let c = Config::parse(Path::new("."), &MINIMAL.replace("https://x.org/", "https://org.github.io/site/")).unwrap();
        assert_eq!((c.base_url.as_str(), c.base_path.as_str()), ("https://org.github.io/site", "/site"));
        assert_eq!(c.public_url("/es/x/"), "/site/es/x/");
        for bad in ["https://x.org/a//b", "https://x.org/a/../b", "https://x.org/a?b", "ftp://x.org"] {
            assert!(Config::parse(Path::new("."), &MINIMAL.replace("https://x.org/", bad)).is_err(), "{bad}");
        }
    }
}
