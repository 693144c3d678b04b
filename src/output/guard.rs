//! Checks on the output folder before a build touches it: real paths, source folders, who made it, and write access.

use anyhow::{bail, Context, Result};
use std::fs;
use std::path::{Component, Path, PathBuf};

/// Folders of a site that hold sources and must never be written over, nor lie inside the output.
const SOURCE_DIRS: &[&str] = &["content", "locales", "themes", "templates", "static", "data", "src", "tests", ".git"];

/// The source folders whose symlinks lead to sources too (a theme or pictures kept elsewhere).
const LINKED_SOURCE_DIRS: &[&str] = &["content", "locales", "themes", "templates", "static", "data"];

/// The file Haven writes into every output folder, so that a later build knows it may replace it.
pub const MARKER: &str = ".haven-output";

/// The marker's fixed text: it is published with the site, so it names no path and no time.
pub const MARKER_TEXT: &str = "This folder was built by Haven. `haven build` replaces it whole while this file is here.\n";

/// The path the operating system reaches for `p`: symlinks of every existing part resolved, and
/// each `..` applied to the resolved folder before it (so `L/..` is the parent of L's target).
pub fn real_path(p: &Path) -> Result<PathBuf> {
    let abs = std::path::absolute(p).with_context(|| format!("cannot make {} absolute", p.display()))?;
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => out.push(c),
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(name) => {
                out.push(name);
                if fs::symlink_metadata(&out).is_ok() {
                    out = fs::canonicalize(&out).with_context(|| format!("cannot resolve {} (a broken symbolic link?)", out.display()))?;
                }
            }
        }
    }
    Ok(out)
}

/// `shown`, and the folder it resolves to when that differs.
pub(super) fn named(shown: &Path, real: &Path) -> String {
    match std::path::absolute(shown) {
        Ok(abs) if abs == real => shown.display().to_string(),
        _ => format!("{} (that is {})", shown.display(), real.display()),
    }
}

/// Refuses an output that is a symlink, the site's root or holds it, or is, holds or lies inside
/// a source folder; compares real paths. Returns the real output path.
pub(super) fn check_destination(root: &Path, output: &Path) -> Result<PathBuf> {
    let root = fs::canonicalize(root).with_context(|| format!("cannot read the site folder {}", root.display()))?;
    let out = real_path(output)?;
    let name = named(output, &out);
    // Without a trailing `/`, which would make the system follow a final link.
    let lexical: PathBuf = output.components().collect();
    if fs::symlink_metadata(&lexical).is_ok_and(|m| m.file_type().is_symlink()) {
        bail!("the output folder {name} is a symbolic link: Haven replaces the folder it builds into and will not empty a link's target; pass the real folder or remove the link");
    }
    if out == root {
        bail!("the output folder {name} is the site's root: building there would delete the sources; choose e.g. {}", root.join("public").display());
    }
    if root.starts_with(&out) {
        bail!("the output folder {name} contains the site's root {}: building there would delete the sources", root.display());
    }
    for src in source_paths(&root)? {
        if out.starts_with(&src) {
            bail!("the output folder {name} is inside the source folder {}: choose a folder of its own, e.g. {}", src.display(), root.join("public").display());
        }
        if src.starts_with(&out) {
            bail!("the output folder {name} contains the source {}: building there would delete it", src.display());
        }
    }
    if out.exists() && !out.is_dir() {
        bail!("the output path {name} is a file, not a folder");
    }
    Ok(out)
}

/// The real paths of the source folders of the site at `root` (a real path), and of whatever the
/// symlinks inside them lead to.
fn source_paths(root: &Path) -> Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for d in SOURCE_DIRS {
        paths.push(real_path(&root.join(d))?);
    }
    for d in LINKED_SOURCE_DIRS {
        let links = walkdir::WalkDir::new(root.join(d)).min_depth(1).into_iter().filter_map(Result::ok).filter(|e| e.path_is_symlink());
        paths.extend(links.filter_map(|e| fs::canonicalize(e.path()).ok()));
    }
    Ok(paths)
}

/// What an existing output folder holds, as far as replacing it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ownership {
    /// There is no folder yet.
    Absent,
    Empty,
    /// It carries the marker of an earlier build.
    Marked,
    /// No marker, but the files of a build by a Haven from before markers (the flagship's old `public/`).
    EarlierHaven,
    /// Anything else: somebody's files.
    Foreign,
}

/// Who made the folder at `dir` (a real path, not a symlink).
pub(super) fn ownership(dir: &Path) -> Result<Ownership> {
    let mut entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Ownership::Absent),
        Err(e) => return Err(e).with_context(|| format!("cannot list the output folder {}", dir.display())),
    };
    if entries.next().is_none() {
        return Ok(Ownership::Empty);
    }
    if fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file()) {
        return Ok(Ownership::Marked);
    }
    let earlier = ["index.html", "404.html", "sitemap.xml", "robots.txt"].iter().all(|f| dir.join(f).is_file());
    Ok(if earlier { Ownership::EarlierHaven } else { Ownership::Foreign })
}

/// Refuses to replace a folder Haven did not make, unless `force`.
pub(super) fn check_owner(shown: &Path, real: &Path, force: bool) -> Result<()> {
    let name = named(shown, real);
    match ownership(real)? {
        Ownership::Absent | Ownership::Empty | Ownership::Marked => Ok(()),
        _ if force => Ok(()),
        Ownership::EarlierHaven => bail!(
            "the output folder {name} has no {MARKER} marker: it looks like a build by an earlier Haven, but Haven replaces only what it made; check that it holds nothing else of yours, then run `haven build --force` once (later builds carry the marker)"
        ),
        Ownership::Foreign => bail!(
            "the output folder {name} is not empty and was not built by Haven (it has no {MARKER} marker): building would delete everything in it; choose a new or empty folder with --output, or run `haven build --force` to replace it"
        ),
    }
}

/// Fails, naming `dir`, unless a file can be created and removed in it (catches read-only
/// folders and file systems, whatever the permission bits say).
pub(super) fn check_writable(dir: &Path, what: &str) -> Result<()> {
    let probe = tempfile::Builder::new().prefix(".haven-probe-").tempfile_in(dir);
    match probe {
        Ok(f) => f.close().with_context(|| format!("cannot remove a test file in {}", dir.display())),
        Err(e) => Err(e)
            .with_context(|| format!("cannot write in {} ({what}): Haven must create, rename and delete folders there; nothing was changed", dir.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn dotdot_after_a_symlink_goes_where_the_os_goes() {
        let tmp = tempfile::tempdir().unwrap();
        let t = fs::canonicalize(tmp.path()).unwrap();
        fs::create_dir_all(t.join("a/b")).unwrap();
        fs::create_dir_all(t.join("d")).unwrap();
        std::os::unix::fs::symlink(t.join("a/b"), t.join("d/L")).unwrap();
        assert_eq!(real_path(&t.join("d/L/../x")).unwrap(), t.join("a/x"));
        assert_eq!(real_path(&t.join("d/L/..")).unwrap(), t.join("a"));
        assert_eq!(real_path(&t.join("d/./new/../L")).unwrap(), t.join("a/b"));
    }

    #[test]
    fn refuses_root_parents_and_sources() {
        let tmp = tempfile::tempdir().unwrap();
        let r = tmp.path();
        fs::create_dir_all(r.join("content")).unwrap();
        for bad in [r.to_path_buf(), r.join("content"), r.join("content/x"), r.parent().unwrap().to_path_buf()] {
            assert!(check_destination(r, &bad).is_err(), "{}", bad.display());
        }
        assert!(check_destination(r, &r.join("public")).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_parent_of_a_symlinked_source_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let (site, shared) = (tmp.path().join("site"), tmp.path().join("shared"));
        fs::create_dir_all(site.join("content")).unwrap();
        fs::create_dir_all(shared.join("themes")).unwrap();
        std::os::unix::fs::symlink(shared.join("themes"), site.join("themes")).unwrap();
        let err = check_destination(&site, &shared).unwrap_err();
        assert!(format!("{err:#}").contains("contains the source"), "{err:#}");
        // A symlink deeper down counts too: a theme kept elsewhere.
        fs::create_dir_all(shared.join("pictures")).unwrap();
        std::os::unix::fs::symlink(shared.join("pictures"), site.join("content/pictures")).unwrap();
        let err = check_destination(&site, &shared.join("pictures")).unwrap_err();
        assert!(format!("{err:#}").contains("inside the source folder"), "{err:#}");
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_symlinked_output_even_with_a_trailing_slash() {
        let tmp = tempfile::tempdir().unwrap();
        let (site, mine) = (tmp.path().join("site"), tmp.path().join("mine"));
        fs::create_dir_all(&site).unwrap();
        fs::create_dir_all(&mine).unwrap();
        std::os::unix::fs::symlink(&mine, tmp.path().join("out")).unwrap();
        for out in ["out", "out/", "out/."] {
            let err = check_destination(&site, &tmp.path().join(out)).unwrap_err();
            assert!(format!("{err:#}").contains("symbolic link"), "{out}: {err:#}");
        }
    }

    #[test]
    fn ownership_tells_marked_earlier_and_foreign_apart() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path().join("out");
        assert_eq!(ownership(&d).unwrap(), Ownership::Absent);
        fs::create_dir(&d).unwrap();
        assert_eq!(ownership(&d).unwrap(), Ownership::Empty);
        for f in ["index.html", "404.html", "sitemap.xml", "robots.txt"] {
            fs::write(d.join(f), "x").unwrap();
        }
        assert_eq!(ownership(&d).unwrap(), Ownership::EarlierHaven);
        fs::remove_file(d.join("robots.txt")).unwrap();
        assert_eq!(ownership(&d).unwrap(), Ownership::Foreign);
        fs::write(d.join(MARKER), MARKER_TEXT).unwrap();
        assert_eq!(ownership(&d).unwrap(), Ownership::Marked);
    }

    #[test]
    fn writable_check_names_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(check_writable(tmp.path(), "the output").is_ok());
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0, "the probe is removed");
        let err = check_writable(&tmp.path().join("missing"), "the output").unwrap_err();
        assert!(format!("{err:#}").contains("missing"), "{err:#}");
    }
}
