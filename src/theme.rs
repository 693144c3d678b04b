//! The theme's files: from `themes/<name>/` in the site when it is there, else (for `default`)
//! the copy of the repository's `themes/default/` built into the binary; the site's own
//! `templates/`, `static/` and `locales/` are laid over them by the callers.

use crate::config::Config;
use anyhow::{Context, Result};
use include_dir::{include_dir, Dir};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// The default theme, as it was in the repository when the binary was built.
static DEFAULT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The name of the theme that ships inside the binary.
pub const BUILT_IN: &str = "default";

/// How a built-in file is named in messages: it is no file of the site.
pub const BUILT_IN_LABEL: &str = "(built-in theme)";

/// Where a theme file's bytes are.
#[derive(Debug, Clone)]
enum Source {
    Disk(PathBuf),
    Embedded(&'static [u8]),
}

/// One file of a layer (theme or site), named by its path below the layer's folder.
#[derive(Debug, Clone)]
pub struct LayerFile {
    /// The path below the layer's folder (`partials/header.html`), with `/` separators.
    pub rel: String,
    /// How messages name it: relative to the site's root, or below [`BUILT_IN_LABEL`].
    pub shown: PathBuf,
    source: Source,
}

impl LayerFile {
    pub fn bytes(&self) -> Result<Cow<'static, [u8]>> {
        match &self.source {
            Source::Disk(p) => std::fs::read(p).map(Cow::Owned).with_context(|| format!("cannot read {}", p.display())),
            Source::Embedded(b) => Ok(Cow::Borrowed(b)),
        }
    }

    pub fn text(&self) -> Result<String> {
        match &self.source {
            Source::Disk(p) => crate::fsutil::read_text(p),
            Source::Embedded(b) => String::from_utf8(b.to_vec()).with_context(|| format!("{} is not UTF-8", self.shown.display())),
        }
    }

    /// The bytes of a built-in file (none for a file on disk).
    pub fn built_in_bytes(&self) -> Option<&'static [u8]> {
        match &self.source {
            Source::Disk(_) => None,
            Source::Embedded(b) => Some(b),
        }
    }

    /// The file on disk, where it is one.
    pub fn disk_path(&self) -> Option<&Path> {
        match &self.source {
            Source::Disk(p) => Some(p),
            Source::Embedded(_) => None,
        }
    }
}

/// True when the site's theme is the built-in one (no `themes/<name>/` folder on disk).
pub fn is_built_in(config: &Config) -> bool {
    config.theme == BUILT_IN && !config.theme_dir().is_dir()
}

/// The theme's files below `sub` (`templates`, `static`, `locales/en`), sorted by path.
/// `deep` walks subfolders; otherwise only the folder's own files.
pub fn theme_files(config: &Config, sub: &str, deep: bool) -> Vec<LayerFile> {
    if is_built_in(config) {
        return embedded_files(sub, deep);
    }
    disk_files(&config.root, &config.theme_dir().join(sub), deep)
}

/// The site's own files below `sub`, sorted by path.
pub fn site_files(config: &Config, sub: &str, deep: bool) -> Vec<LayerFile> {
    disk_files(&config.root, &config.root.join(sub), deep)
}

/// The built-in theme's files below `sub`.
pub fn embedded_files(sub: &str, deep: bool) -> Vec<LayerFile> {
    let dir = if sub.is_empty() { Some(&DEFAULT) } else { DEFAULT.get_dir(sub) };
    let Some(dir) = dir else {
        return Vec::new();
    };
    let mut out = Vec::new();
    collect_embedded(dir, Path::new(sub), deep, &mut out);
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}

fn collect_embedded(dir: &'static Dir<'static>, base: &Path, deep: bool, out: &mut Vec<LayerFile>) {
    for f in dir.files() {
        let rel = f.path().strip_prefix(base).unwrap_or(f.path());
        out.push(LayerFile { rel: slash(rel), shown: Path::new(BUILT_IN_LABEL).join(f.path()), source: Source::Embedded(f.contents()) });
    }
    if deep {
        for d in dir.dirs() {
            collect_embedded(d, base, deep, out);
        }
    }
}

fn disk_files(root: &Path, dir: &Path, deep: bool) -> Vec<LayerFile> {
    let walk = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().max_depth(if deep { usize::MAX } else { 1 });
    walk.into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = slash(e.path().strip_prefix(dir).ok()?);
            let shown = e.path().strip_prefix(root).unwrap_or(e.path()).to_path_buf();
            Some(LayerFile { rel, shown, source: Source::Disk(e.path().to_path_buf()) })
        })
        .collect()
}

fn slash(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_binary_holds_the_default_theme() {
        let templates = embedded_files("templates", true);
        assert!(templates.iter().any(|f| f.rel == "base.html"));
        assert!(templates.iter().any(|f| f.rel == "partials/exit.html"));
        assert!(embedded_files("static", true).iter().any(|f| f.rel == "css/haven.css"));
        for code in ["en", "es", "fr", "uk", "ar"] {
            assert!(!embedded_files(&format!("locales/{code}"), false).is_empty(), "{code}");
        }
        assert!(embedded_files("locales", false).is_empty(), "only the folder's own files");
    }

    #[test]
    fn the_built_in_copy_is_the_repository_folder_byte_for_byte() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk = disk_files(&root, &root, true);
        on_disk.sort_by(|a, b| a.rel.cmp(&b.rel));
        let built_in = embedded_files("", true);
        assert_eq!(built_in.iter().map(|f| &f.rel).collect::<Vec<_>>(), on_disk.iter().map(|f| &f.rel).collect::<Vec<_>>());
        for (b, d) in built_in.iter().zip(&on_disk) {
            assert_eq!(b.bytes().unwrap(), d.bytes().unwrap(), "{}", b.rel);
        }
    }
}
