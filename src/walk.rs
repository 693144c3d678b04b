//! Lists the files of a source folder (`content/`, `static/`, the theme's `static/`) that are
//! meant to be published: no editor or system leftovers, no symlink leading outside the site,
//! no symlink loop.

use crate::diagnostics::{Diagnostic, Rule};
use std::path::{Path, PathBuf};

/// The files below `dir` (relative to it, sorted) and the findings about what was left out.
/// Symlinks may lead inside `root` or into one of the `allowed` folders (relative to `root`).
pub fn files(root: &Path, allowed: &[PathBuf], dir: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut files = Vec::new();
    if !dir.is_dir() {
        return (files, diags);
    }
    let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let inside: Vec<PathBuf> = std::iter::once(real(root)).chain(allowed.iter().map(|a| real(&root.join(a)))).collect();
    let mut skipped = Vec::new();
    let walker = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter().filter_entry(|e| match refusal(&inside, dir, e) {
        Some(d) => {
            skipped.push(d.in_file(rel(root, e.path())));
            false
        }
        None => true,
    });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => files.push(e.path().strip_prefix(dir).map(Path::to_path_buf).unwrap_or_default()),
            Ok(_) => {}
            Err(e) => {
                let at = e.path().map(|p| rel(root, p)).unwrap_or_else(|| rel(root, dir));
                let is_link = e.path().and_then(|p| p.symlink_metadata().ok()).is_some_and(|m| m.file_type().is_symlink());
                let message = match e.loop_ancestor() {
                    Some(a) => format!("symlink loop: it leads back to {}", rel(root, a).display()),
                    None if is_link => format!(
                        "the symlink cannot be followed (broken, or a loop): {}",
                        e.io_error().map(|io| io.to_string()).unwrap_or_else(|| e.to_string())
                    ),
                    None => format!("cannot read: {e}"),
                };
                diags.push(Diagnostic::error(Rule::Symlink, message).in_file(at));
            }
        }
    }
    diags.extend(skipped);
    (files, diags)
}

/// Why an entry is not published, if it is not.
fn refusal(inside: &[PathBuf], dir: &Path, e: &walkdir::DirEntry) -> Option<Diagnostic> {
    let name = e.file_name().to_string_lossy();
    if e.depth() > 0 && is_leftover(&name) && !(e.depth() == 1 && name == ".well-known" && !dir.ends_with("content")) {
        return Some(Diagnostic::warning(Rule::Leftover, format!("`{name}` is an editor, version-control or system file: not published")));
    }
    if !e.path_is_symlink() {
        return None;
    }
    match std::fs::canonicalize(e.path()) {
        Err(err) => Some(Diagnostic::error(Rule::Symlink, format!("the symlink cannot be followed (broken, or a loop): {err}"))),
        Ok(target) if !inside.iter().any(|i| target.starts_with(i)) => Some(Diagnostic::error(
            Rule::Symlink,
            format!(
                "the symlink leads outside the site, to {}: copy the file into the site, or allow its folder in site.toml `[build] allow_symlinks_to`",
                target.display()
            ),
        )),
        Ok(_) => None,
    }
}

/// Editor backups, swap and lock files, version-control folders, dotfiles, OS thumbnails.
/// Asked of every file a site has, so it compares without making a lower-case copy.
pub fn is_leftover(name: &str) -> bool {
    let ends_with = |x: &str| name.len() >= x.len() && name.as_bytes()[name.len() - x.len()..].eq_ignore_ascii_case(x.as_bytes());
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [".bak", ".orig", ".swp", ".swo", ".tmp", ".rej"].into_iter().any(ends_with)
        || ["thumbs.db", "desktop.ini"].iter().any(|x| name.eq_ignore_ascii_case(x))
}

fn rel(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers() {
        for name in [".git", ".DS_Store", "a.md~", "a.BAK", "a.orig", ".a.swp", "x.tmp", ".#a.md", "#a.md#", "Thumbs.db", "DESKTOP.INI", "x.Swp", "été.bak"] {
            assert!(is_leftover(name), "{name}");
        }
        for name in ["a.md", "logo.svg", "a#b.css", "bak", "orig.md", "thumbs.dbx", "ÉTÉ.BAK.md"] {
            assert!(!is_leftover(name), "{name}");
        }
    }
}
