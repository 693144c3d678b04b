//! Test harness: copies a fixture site (plus the default theme) into a temp folder, builds it,
//! and reads the output.
#![allow(dead_code)]

use haven::{build, BuildOptions, BuildReport, Diagnostic};
use std::fs;
use std::path::{Path, PathBuf};

pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture copied into a temp dir, so tests may edit it freely.
pub(crate) struct Site {
    pub tmp: tempfile::TempDir,
    pub report: Option<BuildReport>,
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(e.path(), &dest).unwrap();
        }
    }
}

impl Site {
    /// `tests/fixtures/<name>` with `themes/default` from the repository unless it has its own.
    pub(crate) fn fixture(name: &str) -> Site {
        let tmp = tempfile::tempdir().unwrap();
        copy_dir(&repo().join("tests/fixtures").join(name), &tmp.path().join("site"));
        let theme = tmp.path().join("site/themes/default");
        if !theme.exists() {
            copy_dir(&repo().join("themes/default"), &theme);
            // Fixtures keep the theme's interface strings in the site's locales/ (as they were
            // written for), unless they bring their own.
            let locales = tmp.path().join("site/locales");
            if locales.exists() {
                fs::remove_dir_all(theme.join("locales")).unwrap();
            } else {
                fs::rename(theme.join("locales"), &locales).unwrap();
            }
        }
        Site { tmp, report: None }
    }

    /// A copy of the flagship campaign site (the repository's own `site.toml`, `content/`,
    /// `data/`, `locales/` and `themes/`), so tests may edit it without touching the repository.
    pub(crate) fn flagship() -> Site {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        for dir in ["content", "data", "locales", "themes"].into_iter().filter(|d| repo().join(d).is_dir()) {
            copy_dir(&repo().join(dir), &site.join(dir));
        }
        fs::copy(repo().join("site.toml"), site.join("site.toml")).unwrap();
        Site { tmp, report: None }
    }

    pub(crate) fn root(&self) -> PathBuf {
        self.tmp.path().join("site")
    }

    pub(crate) fn out(&self) -> PathBuf {
        self.tmp.path().join("out")
    }

    pub(crate) fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.root().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
        self
    }

    pub(crate) fn options(&self) -> BuildOptions {
        let mut o = BuildOptions::new(self.root());
        o.output = self.out();
        o.today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        o
    }

    pub(crate) fn build(mut self) -> Self {
        let opts = self.options();
        self.report = Some(build(&opts).expect("the build starts"));
        self
    }

    pub(crate) fn build_with(mut self, f: impl FnOnce(&mut BuildOptions)) -> Self {
        let mut opts = self.options();
        f(&mut opts);
        self.report = Some(build(&opts).expect("the build starts"));
        self
    }

    pub(crate) fn report(&self) -> &BuildReport {
        self.report.as_ref().expect("built")
    }

    pub(crate) fn errors(&self) -> Vec<&Diagnostic> {
        self.report().diagnostics.iter().filter(|d| d.is_error()).collect()
    }

    pub(crate) fn warnings(&self) -> Vec<&Diagnostic> {
        self.report().diagnostics.iter().filter(|d| !d.is_error()).collect()
    }

    /// Asserts a clean build and returns self.
    pub(crate) fn ok(self) -> Self {
        let errs: Vec<String> = self.errors().iter().map(|d| d.to_string()).collect();
        assert!(errs.is_empty(), "build errors:\n{}", errs.join("\n"));
        self
    }

    pub(crate) fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// The `<main>` element of an output page, tags included: what a page says, without the
    /// header, menus and footer every page shares.
    #[track_caller]
    pub(crate) fn main(&self, rel: &str) -> String {
        let html = self.read(rel);
        let start = html.find("<main").unwrap_or_else(|| panic!("{rel}: no <main>"));
        let end = html[start..].find("</main>").unwrap_or_else(|| panic!("{rel}: <main> not closed")) + start;
        html[start..end + "</main>".len()].to_string()
    }

    pub(crate) fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).exists()
    }

    /// Every .html file of the output, relative.
    pub(crate) fn html_files(&self) -> Vec<String> {
        let mut v: Vec<String> = walkdir::WalkDir::new(self.out())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| e.path().strip_prefix(self.out()).unwrap().to_string_lossy().to_string())
            .collect();
        v.sort();
        v
    }

    /// The diagnostics of one rule.
    pub(crate) fn findings(&self, rule: &str) -> Vec<&Diagnostic> {
        self.report().diagnostics.iter().filter(|d| d.rule == rule).collect()
    }
}

/// Asserts `haystack` contains `needle`, showing the haystack on failure.
#[track_caller]
pub(crate) fn assert_contains(haystack: &str, needle: &str) {
    assert!(haystack.contains(needle), "expected {needle:?} in:\n{}", &haystack[..haystack.len().min(4000)]);
}

/// A real 1×1 PNG: published images go through the metadata cleaner, which refuses files that
/// are not what their name says.
pub(crate) const TINY_PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 31, 21, 196, 137, 0, 0, 0, 13, 73, 68, 65, 84, 120,
    218, 99, 100, 96, 248, 95, 15, 0, 2, 135, 1, 128, 235, 71, 186, 146, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

/// What a local server answered to one GET.
pub(crate) struct Reply {
    pub(crate) status: u16,
    head: String,
    pub(crate) body: String,
}

impl Reply {
    /// The value of the first header named `name` (any case), or "".
    pub(crate) fn header(&self, name: &str) -> String {
        let name = format!("{}:", name.to_ascii_lowercase());
        self.head.lines().find_map(|l| l.to_ascii_lowercase().starts_with(&name).then(|| l[name.len()..].trim().to_string())).unwrap_or_default()
    }
}

/// GET over a fresh HTTP/1.0 connection to the dev server on `port` (with its `Host`).
pub(crate) fn http_get(port: u16, path: &str) -> Reply {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: localhost:{port}\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    Reply { status, head: head.to_string(), body: body.to_string() }
}
