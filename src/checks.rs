//! Checks on the rendered output: visitor safety on every page, nothing loaded from another
//! origin, and every internal link and `#anchor` resolving.

use crate::config::Config;
use crate::content::Source;
use crate::diagnostics::{Diagnostic, Rule};
use crate::scan::PageScan;
use crate::urlpath::{fold_segments, percent_decode};
use rustc_hash::FxHashMap;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where a finding about a rendered page should point.
pub struct PageOrigin<'a> {
    pub url: &'a str,
    pub source: Option<&'a Source>,
    pub templates_dir: &'a Path,
}

impl PageOrigin<'_> {
    fn file(&self) -> PathBuf {
        self.source.map(|s| s.file.clone()).unwrap_or_else(|| self.templates_dir.to_path_buf())
    }
}

/// Every page must carry both exit links, the CSP and the referrer policy.
pub fn safety(scan: &PageScan, exit_url: &str, origin: &PageOrigin) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let exits = scan.links.iter().filter(|h| h.as_str() == exit_url).count();
    let mut err = |rule: Rule, msg: String| {
        out.push(Diagnostic::error(rule, format!("page {}: {msg}", origin.url)).in_file(origin.templates_dir));
    };
    if exits < 2 {
        err(
            Rule::QuickExit,
            format!("found {exits} of the 2 quick-exit links to {exit_url} (the sticky button and the skip-link-style link); the theme must render both"),
        );
    }
    match &scan.csp {
        None => err(Rule::Csp, "no Content-Security-Policy meta tag".into()),
        Some(csp) if csp.contains("http:") || csp.contains("https:") || csp.contains('*') => {
            err(Rule::Csp, format!("the Content-Security-Policy allows other origins: {csp}"))
        }
        Some(_) => {}
    }
    if scan.referrer.as_deref() != Some("no-referrer") {
        err(Rule::Referrer, "no <meta name=\"referrer\" content=\"no-referrer\">".into());
    }
    if scan.inline_scripts > 0 {
        err(Rule::Csp, format!("{} inline <script> element(s): the CSP blocks them; move the code to a file under static/", scan.inline_scripts));
    }
    out
}

/// Each request to another origin is an error naming the file (and line) that caused it; a
/// `<base>` on the site's own origin is a warning, since it redirects every relative URL.
pub fn third_party(scan: &PageScan, origin: &PageOrigin, templates: &[(PathBuf, String)]) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = scan
        .external
        .iter()
        .map(|(what, url)| {
            let d = Diagnostic::error(
                Rule::ThirdParty,
                format!("{what} makes visitors' browsers contact {url}, another origin (page {}); serve it from the site or remove it", origin.url),
            );
            locate(d, url, origin, templates)
        })
        .collect();
    if let Some(href) = &scan.base {
        let d = Diagnostic::warning(
            Rule::BaseElement,
            format!("<base href=\"{href}\"> changes where every relative link and resource of page {} goes; remove it", origin.url),
        );
        out.push(locate(d, href, origin, templates));
    }
    out
}

/// Points `d` at the content line holding `needle`, else the template line, else the page's file.
fn locate(d: Diagnostic, needle: &str, origin: &PageOrigin, templates: &[(PathBuf, String)]) -> Diagnostic {
    let in_content = origin.source.and_then(|s| find_line(s.body.loaded()?, needle).map(|l| (s.file.clone(), s.body_line + l - 1)));
    match in_content.or_else(|| templates.iter().find_map(|(p, text)| find_line(text, needle).map(|l| (p.clone(), l)))) {
        Some((file, line)) => d.in_file(file).at(line, None),
        None => d.in_file(origin.file()),
    }
}

fn find_line(text: &str, needle: &str) -> Option<usize> {
    text.find(needle).map(|i| text[..i].matches('\n').count() + 1)
}

/// A share image (`share_image` in `site.toml`, or a page's `[extra] share_image`) on this site
/// that the output does not hold is an error: every link preview of the page would be broken.
/// `files` are the output's files (`/images/a.png`); images on other sites are not checked.
pub fn share_images(config: &Config, sources: &[Source], files: &HashSet<String>) -> Vec<Diagnostic> {
    let missing = |img: &str| share_image_path(img, &config.base_url).filter(|p| !files.contains(p));
    let mut out = Vec::new();
    if let Some(path) = config.share_image.as_deref().and_then(missing) {
        let d = Diagnostic::error(Rule::ShareImage, format!("key `share_image`: {path} is not in the output; put the image under static/ or fix the path"));
        out.push(at_key(d, &config.root, Path::new("site.toml"), "share_image"));
    }
    for s in sources {
        if let Some(path) = s.front.extra.get("share_image").and_then(|v| v.as_str()).and_then(missing) {
            let d = Diagnostic::error(
                Rule::ShareImage,
                format!("front matter `[extra] share_image`: {path} is not in the output; put the image under static/ or fix the path"),
            );
            out.push(at_key(d, &config.root, &s.file, "share_image"));
        }
    }
    out
}

/// The output path (`/images/a.png`) of a share image on this site, `None` for other sites.
fn share_image_path(img: &str, base_url: &str) -> Option<String> {
    let local = site_local(img, base_url)?;
    let path = local.split(['?', '#']).next().unwrap_or("");
    Some(format!("/{}", percent_decode(path).trim_start_matches('/')))
}

/// Points `d` at `file` (relative to `root`) and the first line that sets `key`.
fn at_key(d: Diagnostic, root: &Path, file: &Path, key: &str) -> Diagnostic {
    let line = std::fs::read_to_string(root.join(file))
        .ok()
        .and_then(|t| t.lines().position(|l| l.trim_start().strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('='))));
    let d = d.in_file(file);
    match line {
        Some(i) => d.at(i + 1, None),
        None => d,
    }
}

/// On a site published below a path, every resource a page loads or a form sends to by a
/// root-relative URL (`<link href>`, `<script src>`, `<img src>`, `<form action>`…) must stay
/// below that path; `<a>` links are the link check's. Nothing to do for a site at the root.
pub fn base_path_resources(html: &str, base_url: &str, origin: &PageOrigin, templates: &[(PathBuf, String)]) -> Vec<Diagnostic> {
    let base = base_path(base_url);
    if base.is_empty() {
        return vec![];
    }
    let mut found = Vec::new();
    crate::htmltok::tokenize(
        html,
        |tag| {
            if tag.name == "a" || tag.name == "area" {
                return;
            }
            for attr in ["src", "href", "action", "poster", "formaction"] {
                if let Some(v) = tag.get(attr).map(|v| html_escape::decode_html_entities(v).into_owned()) {
                    let below_base = v == base || v.starts_with(&format!("{base}/"));
                    if v.starts_with('/') && !v.starts_with("//") && !v.starts_with("/__haven/") && !below_base {
                        found.push((tag.name.clone(), v));
                    }
                }
            }
        },
        |_| {},
    );
    found
        .into_iter()
        .map(|(el, url)| {
            let msg = format!("<{el}> loads {url}, which leaves the base path {base} the site is published under (base_url = \"{base_url}\"); in templates write {{{{ site.base_path }}}}{url} (page {})", origin.url);
            let at = origin.source.and_then(|s| s.body.loaded().and_then(|b| find_line(b, &url)).map(|l| (s.file.clone(), s.body_line + l - 1)));
            let at = at.or_else(|| templates.iter().find_map(|(p, text)| find_line(text, &format!("\"{url}\"")).map(|l| (p.clone(), l))));
            match at {
                Some((file, line)) => Diagnostic::error(Rule::BrokenLink, msg).in_file(file).at(line, None),
                None => Diagnostic::error(Rule::BrokenLink, msg).in_file(origin.file()),
            }
        })
        .collect()
}

/// The element ids of one page, sorted and deduplicated in one string (with where each ends):
/// a large site keeps one allocation per page instead of a hash set of strings.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct IdSet {
    text: Box<str>,
    ends: Box<[usize]>,
}

impl IdSet {
    pub fn new(mut ids: Vec<String>) -> IdSet {
        ids.sort_unstable();
        ids.dedup();
        let mut text = String::with_capacity(ids.iter().map(String::len).sum());
        let mut ends = Vec::with_capacity(ids.len());
        for id in &ids {
            text.push_str(id);
            ends.push(text.len());
        }
        IdSet { text: text.into_boxed_str(), ends: ends.into_boxed_slice() }
    }

    /// The `i`th id in sorted order.
    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn contains(&self, id: &str) -> bool {
        let (mut lo, mut hi) = (0, self.ends.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.get(mid).cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }
}

/// Every distinct href of the recorded pages, once: a page's record holds 4-byte indexes into
/// it, since most links (menus, the language switcher) are on every page.
#[derive(Debug, Default)]
pub struct HrefPool {
    texts: Vec<Box<str>>,
    table: hashbrown::HashTable<u32>,
}

fn hash_href(href: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(href)
}

impl HrefPool {
    /// The index of `href`, added when new.
    pub fn intern(&mut self, href: &str) -> u32 {
        let HrefPool { texts, table } = self;
        let hash = hash_href(href);
        if let Some(&i) = table.find(hash, |&i| &*texts[i as usize] == href) {
            return i;
        }
        let i = u32::try_from(texts.len()).expect("fewer than 4 billion distinct links");
        texts.push(href.into());
        table.insert_unique(hash, i, |&j| hash_href(&texts[j as usize]));
        i
    }

    /// The href at index `i` (from [`HrefPool::intern`]).
    pub fn get(&self, i: u32) -> &str {
        &self.texts[i as usize]
    }
}

/// What the link check keeps of each page.
#[derive(Debug)]
pub struct LinkRecord {
    pub url: String,
    pub file: PathBuf,
    /// Where links that are not in the content come from (one shared path for every page).
    pub templates: Arc<Path>,
    /// Indexes into the [`HrefPool`], sorted by their text, each once.
    pub hrefs: Vec<u32>,
    /// (href index, line) of the links of the page's own content that are among `hrefs`, in
    /// content order: where a broken one is reported.
    pub content_links: Vec<(u32, u32)>,
}

impl LinkRecord {
    /// The line of the first link of the content to the href at index `href`.
    fn content_line(&self, href: u32) -> Option<usize> {
        self.content_links.iter().find(|(h, _)| *h == href).map(|&(_, line)| line as usize)
    }
}

/// The pages, ids and other files of the output, which the links of every page are checked against.
pub struct LinkTargets<'a> {
    pub ids: &'a HashMap<String, IdSet>,
    pub files: &'a HashSet<String>,
    pub base_url: &'a str,
    pub hrefs: &'a HrefPool,
}

/// Checks every internal link against the output's pages and ids and its other files. A link
/// below the site's root (`/es/x/#a`) leads to the same place from every page, so each one is
/// resolved once per call however many pages carry it (menus, the language switcher).
pub fn links(records: &[LinkRecord], targets: &LinkTargets) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut rooted: FxHashMap<u32, Option<String>> = FxHashMap::default();
    for rec in records {
        let mut last: Option<u32> = None;
        for &id in &rec.hrefs {
            let href = targets.hrefs.get(id);
            // Unresolvable source links (`@/x.md`) were reported, with their line, when rendering.
            if last == Some(id) || href.starts_with("@/") {
                continue;
            }
            last = Some(id);
            let problem = match site_local(href, targets.base_url) {
                None => continue,
                Some(local) if local.starts_with('/') => rooted.entry(id).or_insert_with(|| link_problem(href, "/", targets)).clone(),
                Some(_) => link_problem(href, &rec.url, targets),
            };
            if let Some(msg) = problem {
                let d = match rec.content_line(id) {
                    Some(line) => Diagnostic::error(Rule::BrokenLink, format!("{msg} (on page {})", rec.url)).in_file(&rec.file).at(line, None),
                    None => Diagnostic::error(Rule::BrokenLink, format!("{msg} (from a template, on page {})", rec.url)).in_file(&*rec.templates),
                };
                out.push(d);
            }
        }
    }
    out
}

/// What is wrong with the internal link `href` on the page at `page_url`, if anything.
fn link_problem(href: &str, page_url: &str, targets: &LinkTargets) -> Option<String> {
    let (path, anchor) = match internal_target(href, page_url, targets.base_url)? {
        Ok(target) => target,
        Err(escape) => return Some(escape),
    };
    if path.is_empty() {
        anchor
    } else if !(targets.ids.contains_key(&path) || targets.files.contains(&path)) {
        Some(format!("link to {href}: no page or file at {path}"))
    } else if let Some(a) = anchor.filter(|a| !a.is_empty()) {
        let decoded = percent_decode(&a);
        match targets.ids.get(&path) {
            Some(set) if set.contains(&decoded) || a == "top" => None,
            Some(_) => Some(format!("link to {href}: {path} has no element with id \"{decoded}\"")),
            None => None,
        }
    } else {
        None
    }
}

/// The output path (`/es/x/`) and anchor of an internal link, `None` for other origins and schemes.
/// The part of `href` below the site's root when it points into the site (`/x/`, `x/`, `#a`,
/// `<base_url>/x/`); `None` for other origins and schemes (`https://other/`, `tel:`, `//cdn`).
pub fn site_local<'h>(href: &'h str, base_url: &str) -> Option<&'h str> {
    let href = href.trim();
    if let Some(rest) = href.strip_prefix(base_url).filter(|r| r.is_empty() || r.starts_with(['/', '#', '?'])) {
        Some(if rest.is_empty() || !rest.starts_with('/') { "/" } else { rest })
    } else if href.contains(':') || href.starts_with("//") {
        None
    } else {
        Some(href)
    }
}

/// The path of `base_url` (`/site` of `https://org.github.io/site`), or "".
fn base_path(base_url: &str) -> &str {
    let rest = base_url.split_once("://").map(|(_, r)| r).unwrap_or(base_url);
    rest.find('/').map(|i| &rest[i..]).unwrap_or("")
}

/// The site path (`/es/x/`) and anchor an internal link leads to; `Err` with a message when a
/// root-relative link (`/css/a.css`) leaves the base path the site is published under.
fn internal_target(href: &str, page_url: &str, base_url: &str) -> Option<Result<(String, Option<String>), String>> {
    let absolute = href.trim().starts_with(base_url);
    let mut local = site_local(href, base_url)?;
    let base = base_path(base_url);
    if !absolute && !base.is_empty() && local.starts_with('/') {
        match local.strip_prefix(base).filter(|r| r.is_empty() || r.starts_with(['/', '#', '?'])) {
            Some(r) => local = if r.is_empty() || !r.starts_with('/') { "/" } else { r },
            None => {
                return Some(Err(format!(
                    "link to {href} leaves the base path {base} the site is published under (base_url = \"{base_url}\"): write {base}{href} — in templates {{{{ site.base_path }}}}{href}, in content an @/ link"
                )))
            }
        }
    }
    Some(internal_path(local, page_url))
}

fn internal_path(local: &str, page_url: &str) -> Result<(String, Option<String>), String> {
    let (path_q, anchor) = match local.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (local, None),
    };
    let path = path_q.split('?').next().unwrap_or("");
    let joined = if path.is_empty() {
        page_url.to_string()
    } else if path.starts_with('/') {
        path.to_string()
    } else {
        let dir = &page_url[..page_url.rfind('/').map(|i| i + 1).unwrap_or(0)];
        format!("{dir}{path}")
    };
    Ok((normalise_url(&percent_decode(&joined)), anchor))
}

fn normalise_url(p: &str) -> String {
    let mut s = fold_segments(p);
    let last = s.rsplit('/').next().unwrap_or("");
    if !last.contains('.') && !s.ends_with('/') {
        s.push('/');
    }
    if s.ends_with("/index.html") {
        s.truncate(s.len() - "index.html".len());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_targets() {
        let b = "https://x.org";
        let t = |h: &str, p: &str, b: &str| internal_target(h, p, b).map(|r| r.unwrap());
        assert_eq!(t("/a/#b", "/", b), Some(("/a/".into(), Some("b".into()))));
        assert_eq!(t("#top", "/es/x/", b), Some(("/es/x/".into(), Some("top".into()))));
        assert_eq!(t("../y/", "/es/x/", b), Some(("/es/y/".into(), None)));
        assert_eq!(t("https://x.org/css/a.css", "/", b), Some(("/css/a.css".into(), None)));
        assert_eq!(t("https://other.org/", "/", b), None);
        assert_eq!(t("tel:988", "/", b), None);
        assert_eq!(t("/%D0%B0/", "/", b), Some(("/а/".into(), None)));
    }

    #[test]
    fn links_below_a_base_path() {
        let b = "https://org.github.io/site";
        let t = |h: &str| internal_target(h, "/es/x/", b);
        assert_eq!(t("/site/css/a.css"), Some(Ok(("/css/a.css".into(), None))));
        assert_eq!(t("/site"), Some(Ok(("/".into(), None))));
        assert_eq!(t("https://org.github.io/site/es/"), Some(Ok(("/es/".into(), None))));
        assert_eq!(t("../y/"), Some(Ok(("/es/y/".into(), None))));
        assert!(t("/css/a.css").unwrap().unwrap_err().contains("leaves the base path /site"));
        assert!(t("/siteother/").unwrap().is_err());
        assert_eq!(t("https://org.github.io/other/"), None);
    }

    #[test]
    fn id_sets_find_exactly_their_ids() {
        let set = IdSet::new(["b", "a", "", "ab", "b", "é"].map(String::from).to_vec());
        assert_eq!(set.len(), 5);
        for id in ["a", "ab", "b", "", "é"] {
            assert!(set.contains(id), "{id:?}");
        }
        for id in ["c", "ba", "A", "aa", "abb"] {
            assert!(!set.contains(id), "{id:?}");
        }
        assert!(!IdSet::new(vec![]).contains("") && IdSet::new(vec![]).is_empty());
    }

    #[test]
    fn a_link_on_many_pages_is_reported_on_each_and_relative_ones_per_page() {
        let ids: HashMap<String, IdSet> =
            [("/a/", vec!["x".to_string()]), ("/b/", vec![]), ("/a/y/", vec![])].into_iter().map(|(u, i)| (u.to_string(), IdSet::new(i))).collect();
        let mut pool = HrefPool::default();
        let hrefs: Vec<u32> = ["/gone/", "/a/#nope", "/a/#x", "y/"].map(|h| pool.intern(h)).to_vec();
        let rec = |url: &str| LinkRecord {
            url: url.into(),
            file: "content/p.md".into(),
            templates: Path::new("t").into(),
            hrefs: hrefs.clone(),
            content_links: vec![],
        };
        let d = links(&[rec("/a/"), rec("/b/")], &LinkTargets { ids: &ids, files: &HashSet::new(), base_url: "https://x.org", hrefs: &pool });
        let msgs: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "link to /gone/: no page or file at /gone/ (from a template, on page /a/)",
                "link to /a/#nope: /a/ has no element with id \"nope\" (from a template, on page /a/)",
                "link to /gone/: no page or file at /gone/ (from a template, on page /b/)",
                "link to /a/#nope: /a/ has no element with id \"nope\" (from a template, on page /b/)",
                "link to y/: no page or file at /b/y/ (from a template, on page /b/)",
            ]
        );
    }

    #[test]
    fn reports_missing_page_and_anchor_with_line() {
        let mut ids = HashMap::new();
        ids.insert("/a/".to_string(), IdSet::new(vec!["x".to_string()]));
        let mut pool = HrefPool::default();
        let rec = LinkRecord {
            url: "/a/".into(),
            file: "content/a.md".into(),
            templates: Path::new("themes/t/templates").into(),
            hrefs: vec![pool.intern("/a/#x"), pool.intern("/a/#nope"), pool.intern("/gone/")],
            content_links: vec![(pool.intern("/a/#nope"), 7)],
        };
        let d = links(&[rec], &LinkTargets { ids: &ids, files: &HashSet::new(), base_url: "https://x.org", hrefs: &pool });
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].line, Some(7));
        assert!(d[1].message.contains("/gone/"));
    }

    #[test]
    fn the_href_pool_keeps_each_href_once() {
        let mut pool = HrefPool::default();
        let hrefs: Vec<String> = (0..5000).map(|i| format!("/p/{}/#{}", i % 700, i % 3)).collect();
        let ids: Vec<u32> = hrefs.iter().map(|h| pool.intern(h)).collect();
        for (h, &i) in hrefs.iter().zip(&ids) {
            assert_eq!(pool.get(i), h);
            assert_eq!(pool.intern(h), i);
        }
        assert_eq!(pool.texts.len(), 2100);
    }
}
