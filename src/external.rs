//! `haven check --external`: visits every outgoing link of the built site, with a timeout,
//! retries and a cache, skipping the prefixes `[links] skip_external` names. Never part of tests.

use crate::config::Config;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a good answer is trusted before the link is visited again.
const CACHE_SECONDS: i64 = 24 * 3600;
const TIMEOUT: Duration = Duration::from_secs(10);
const TRIES: u32 = 3;

/// What the cache remembers of one URL.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Checked {
    pub ok: bool,
    pub status: String,
    /// Seconds since the Unix epoch.
    pub at: i64,
}

/// What visiting a built site's outgoing links found.
#[derive(Debug, Default)]
pub struct ExternalReport {
    /// Distinct outgoing links, and how many of them the cache answered.
    pub links: usize,
    pub from_cache: usize,
    pub broken: Vec<BrokenLink>,
}

/// An outgoing link that does not answer well.
#[derive(Debug)]
pub struct BrokenLink {
    pub url: String,
    /// The HTTP status, or the error.
    pub status: String,
    /// The site paths of the pages that link to it.
    pub pages: Vec<String>,
}

/// Checks the outgoing links of the site of `root` already built into `built`; `base_url` is
/// the address it was built for when not `site.toml`'s (`--base-url`): links to it are the
/// site's own, not outgoing.
pub fn check(root: &Path, built: &Path, base_url: Option<&str>) -> Result<ExternalReport> {
    let mut config = Config::load(root)?;
    if let Some(url) = base_url {
        config.set_base_url(url)?;
    }
    let links = outgoing_links(built, &config);
    let cache_path = root.join(".haven").join("external-links.json");
    let mut cache = load_cache(&cache_path);
    let now = chrono::Utc::now().timestamp();
    let todo: Vec<&String> = links.keys().filter(|u| !is_fresh(cache.get(*u), now)).collect();
    let from_cache = links.len() - todo.len();
    let agent = ureq::AgentBuilder::new().timeout(TIMEOUT).user_agent("haven-link-check").build();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(8).build().context("cannot start the link checker's threads")?;
    let results: Vec<(String, Checked)> = pool.install(|| {
        use rayon::prelude::*;
        todo.par_iter().map(|u| ((*u).clone(), visit(&agent, u, now))).collect()
    });
    cache.extend(results);
    save_cache(&cache_path, &cache)?;
    let broken = links
        .iter()
        .filter_map(|(url, pages)| {
            cache.get(url).filter(|c| !c.ok).map(|c| BrokenLink { url: url.clone(), status: c.status.clone(), pages: pages.iter().cloned().collect() })
        })
        .collect();
    Ok(ExternalReport { links: links.len(), from_cache, broken })
}

/// Outgoing `http(s)` links of every page, with the pages that link to them.
pub fn outgoing_links(out: &Path, config: &Config) -> BTreeMap<String, BTreeSet<String>> {
    let mut links: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for e in walkdir::WalkDir::new(out).into_iter().filter_map(Result::ok) {
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let Ok(html) = std::fs::read_to_string(e.path()) else { continue };
        let page = format!("/{}", e.path().strip_prefix(out).unwrap_or(e.path()).to_string_lossy());
        for href in crate::scan::scan(&html, &config.base_url).links {
            let url = href.split('#').next().unwrap_or("").to_string();
            let external = url.starts_with("http://") || url.starts_with("https://");
            if external && !url.starts_with(&config.base_url) && !config.skip_external.iter().any(|p| url.starts_with(p.as_str())) {
                links.entry(url).or_default().insert(page.clone());
            }
        }
    }
    links
}

fn is_fresh(c: Option<&Checked>, now: i64) -> bool {
    c.is_some_and(|c| c.ok && now - c.at < CACHE_SECONDS)
}

/// HEAD, then GET where HEAD is refused; retries with a growing pause.
fn visit(agent: &ureq::Agent, url: &str, now: i64) -> Checked {
    let mut last = String::new();
    for attempt in 0..TRIES {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(500 * 2u64.pow(attempt)));
        }
        let answer = match agent.head(url).call() {
            Err(ureq::Error::Status(405 | 403 | 501, _)) => agent.get(url).call(),
            other => other,
        };
        match answer {
            Ok(r) => return Checked { ok: true, status: r.status().to_string(), at: now },
            Err(ureq::Error::Status(code, _)) if code == 404 || code == 410 => return Checked { ok: false, status: code.to_string(), at: now },
            Err(ureq::Error::Status(code, _)) => last = code.to_string(),
            Err(e) => last = e.to_string(),
        }
    }
    Checked { ok: false, status: last, at: now }
}

fn load_cache(path: &PathBuf) -> BTreeMap<String, Checked> {
    std::fs::read_to_string(path).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default()
}

fn save_cache(path: &Path, cache: &BTreeMap<String, Checked>) -> Result<()> {
    crate::fsutil::write(path, serde_json::to_string_pretty(cache)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_answers_are_trusted_for_a_day_and_failures_never() {
        let ok = Checked { ok: true, status: "200".into(), at: 1000 };
        assert!(is_fresh(Some(&ok), 1000 + CACHE_SECONDS - 1));
        assert!(!is_fresh(Some(&ok), 1000 + CACHE_SECONDS));
        assert!(!is_fresh(Some(&Checked { ok: false, ..ok }), 1001));
        assert!(!is_fresh(None, 0));
    }

    #[test]
    fn collects_outgoing_links_and_skips_configured_prefixes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.html"),
            r#"<a href="https://x.org/own/">own</a><a href="https://elsewhere.org/p#frag">out</a><a href="https://skip.me/x">skip</a><a href="/rel/">rel</a>"#,
        )
        .unwrap();
        let mut cfg = Config::parse(Path::new("."), "title=\"t\"\nbase_url=\"https://x.org\"\ndefault_locale=\"en\"\n[links]\nskip_external=[\"https://skip.me\"]\n[[locales]]\ncode=\"en\"\nname=\"E\"\n").unwrap();
        cfg.root = dir.path().to_path_buf();
        let links = outgoing_links(dir.path(), &cfg);
        assert_eq!(links.keys().collect::<Vec<_>>(), vec!["https://elsewhere.org/p"]);
    }
}
