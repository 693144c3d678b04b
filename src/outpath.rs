//! `OutputPath`: a path relative to the output folder that cannot leave it, the only path an
//! output `Sink` accepts.

use std::fmt;
use std::path::{Component, Path};

/// A validated relative output path (`es/x/index.html`): `/`-separated, non-empty segments,
/// none of them `.` or `..`, no backslash, no leading `/`, no percent-encoded `.`, `/` or `\`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OutputPath(String);

/// Why a path was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    pub path: String,
    pub reason: &'static str,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} {}", self.path, self.reason)
    }
}

impl std::error::Error for PathError {}

impl OutputPath {
    /// Validates `rel` (`css/haven.css`, `es/x/index.html`).
    pub fn new(rel: &str) -> Result<OutputPath, PathError> {
        check_segments(rel, false)?;
        Ok(OutputPath(rel.to_string()))
    }

    /// The file of a URL path: `/` -> `index.html`, `/es/x/` -> `es/x/index.html`, `/404.html` -> `404.html`.
    pub fn from_url(url: &str) -> Result<OutputPath, PathError> {
        let err = |reason| PathError { path: url.to_string(), reason };
        let rest = url.strip_prefix('/').ok_or_else(|| err("is not a site URL path starting with `/`"))?;
        if rest.is_empty() {
            return Ok(OutputPath("index.html".into()));
        }
        match rest.strip_suffix('/') {
            Some(dir) => OutputPath::new(&format!("{dir}/index.html")),
            None => OutputPath::new(rest),
        }
        .map_err(|e| PathError { path: url.to_string(), reason: e.reason })
    }

    /// A path on disk relative to a folder (`static/css/a.css` below `static/`).
    pub fn from_rel_path(rel: &Path) -> Result<OutputPath, PathError> {
        let lossy = rel.to_string_lossy();
        let err = |reason| PathError { path: lossy.to_string(), reason };
        let mut parts = Vec::new();
        for c in rel.components() {
            match c {
                Component::Normal(s) => parts.push(s.to_str().ok_or_else(|| err("is not valid UTF-8"))?),
                _ => return Err(err("is not a plain relative path")),
            }
        }
        OutputPath::new(&parts.join("/"))
    }

    /// `es/x/index.html`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn as_path(&self) -> &Path {
        Path::new(&self.0)
    }

    /// The URL path of the file: `/es/x/index.html`.
    pub fn url(&self) -> String {
        format!("/{}", self.0)
    }

    /// Joins a further validated path below this one taken as a folder.
    pub fn join(&self, rel: &str) -> Result<OutputPath, PathError> {
        OutputPath::new(&format!("{}/{rel}", self.0))
    }
}

impl fmt::Display for OutputPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Checks a slug (`a` or `a/b`): the same rules as an output path, one or more segments.
pub fn check_slug(slug: &str) -> Result<(), PathError> {
    check_segments(slug, false)
}

/// Checks one path segment (a tag name): not empty, no `/` or `\\`, not `.` or `..`.
pub fn check_name(name: &str) -> Result<(), PathError> {
    if name.contains('/') {
        return Err(PathError { path: name.to_string(), reason: "contains `/`" });
    }
    check_segments(name, true)
}

/// `name_only`: a display name (a tag), where `:` is harmless because it is slugified.
fn check_segments(rel: &str, name_only: bool) -> Result<(), PathError> {
    let err = |reason| Err(PathError { path: rel.to_string(), reason });
    if rel.is_empty() {
        return err("is empty");
    }
    if rel.starts_with('/') {
        return err("starts with `/`: it must be relative to the output folder");
    }
    if rel.contains('\\') {
        return err("contains a backslash");
    }
    if rel.chars().any(|c| c.is_control()) {
        return err("contains a control character");
    }
    let lower = rel.to_ascii_lowercase();
    if ["%2e", "%2f", "%5c", "%00"].iter().any(|p| lower.contains(p)) {
        return err("contains a percent-encoded `.`, `/` or `\\`");
    }
    if rel.contains(':') && !name_only {
        return err("contains `:`");
    }
    for seg in rel.split('/') {
        match seg {
            "" => return err("has an empty segment (`//` or a trailing `/`)"),
            "." | ".." => return err("has a `.` or `..` segment: it could leave the output folder"),
            _ => {}
        }
    }
    Ok(())
}

/// Whether `p` is relative with only plain segments (the sink's second line of defence).
pub fn is_confined(p: &Path) -> bool {
    !p.as_os_str().is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_everything_that_could_leave_the_folder() {
        for bad in ["", "/x", "../x", "x/..", "a//b", "a/./b", ".", "a\\b", "%2e%2e/x", "a%2Fb", "a%5cb", "x/", "c:x"] {
            assert!(OutputPath::new(bad).is_err(), "{bad:?}");
        }
        assert_eq!(OutputPath::new("es/x/index.html").unwrap().as_str(), "es/x/index.html");
    }

    #[test]
    fn urls_map_to_files() {
        assert_eq!(OutputPath::from_url("/").unwrap().as_str(), "index.html");
        assert_eq!(OutputPath::from_url("/es/x/").unwrap().as_str(), "es/x/index.html");
        assert_eq!(OutputPath::from_url("/404.html").unwrap().as_str(), "404.html");
        assert!(OutputPath::from_url("/../../x/").is_err());
        assert!(OutputPath::from_url("//x/").is_err());
        assert!(OutputPath::from_url("x/").is_err());
    }

    #[test]
    fn slugs() {
        assert!(check_slug("a/b").is_ok());
        for bad in ["../../x", "x/..", "/x", "a//b", "%2e%2e", ".", "", "c:x"] {
            assert!(check_slug(bad).is_err(), "{bad:?}");
        }
        assert!(check_name("Step 1: call").is_ok());
        assert!(check_name("a/b").is_err() && check_name("..").is_err());
    }
}
