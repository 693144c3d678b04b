//! The output folder: refuses dangerous destinations, renders into a staging folder beside
//! it, and swaps it in only when the build succeeded.

use anyhow::{bail, Context, Result};
use std::fs;
use crate::outpath::OutputPath;
use std::path::{Path, PathBuf};

/// Where rendered files go: a folder on disk, or memory (the dev server's incremental rebuilds).
pub trait Sink: Sync {
    /// Stores `bytes` at `rel`, a validated path relative to the output root (`es/x/index.html`).
    fn put(&self, rel: &OutputPath, bytes: Vec<u8>) -> Result<()>;
}

/// Writes into a folder, remembering what it wrote.
#[derive(Debug)]
pub struct DiskSink {
    pub dir: PathBuf,
    written: std::sync::Mutex<Vec<String>>,
}

impl DiskSink {
    pub fn new(dir: &Path) -> DiskSink {
        DiskSink { dir: dir.to_path_buf(), written: Default::default() }
    }

    /// Every file written, as URL paths (`/css/haven.css`).
    pub fn written(self) -> Vec<String> {
        self.written.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for DiskSink {
    fn put(&self, rel: &OutputPath, bytes: Vec<u8>) -> Result<()> {
        if !crate::outpath::is_confined(rel.as_path()) {
            bail!("refusing to write {rel}: it is not a plain path inside the output folder");
        }
        crate::fsutil::write(&self.dir.join(rel.as_path()), bytes)?;
        let url = rel.url();
        self.written.lock().unwrap_or_else(|e| e.into_inner()).push(url);
        Ok(())
    }
}

/// Keeps files in memory, by URL path (`/es/x/index.html`).
#[derive(Debug, Default)]
pub struct MemorySink {
    pub files: std::sync::Mutex<std::collections::BTreeMap<String, Vec<u8>>>,
}

impl Sink for MemorySink {
    fn put(&self, rel: &OutputPath, bytes: Vec<u8>) -> Result<()> {
        if !crate::outpath::is_confined(rel.as_path()) {
            bail!("refusing to store {rel}: it is not a plain path inside the output folder");
        }
        let key = rel.url();
        self.files.lock().unwrap_or_else(|e| e.into_inner()).insert(key, bytes);
        Ok(())
    }
}

impl MemorySink {
    pub fn into_files(self) -> std::collections::BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

/// A staging folder that is removed unless committed.
#[derive(Debug)]
pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

/// Folders of a site that hold sources and must never be written over.
const SOURCE_DIRS: &[&str] = &["content", "locales", "themes", "templates", "static", "data", "src", "tests", ".git"];

/// Refuses an output folder that is the root, holds it, or is or lies inside a source folder.
pub fn check_destination(root: &Path, output: &Path) -> Result<()> {
    let root = absolute(root)?;
    let out = absolute(output)?;
    if out == root {
        bail!("the output folder {} is the site's root: it would delete the sources; choose e.g. {}", output.display(), root.join("public").display());
    }
    if root.starts_with(&out) {
        bail!("the output folder {} contains the site's root: it would delete the sources", output.display());
    }
    for d in SOURCE_DIRS {
        let src = root.join(d);
        if out.starts_with(&src) {
            bail!("the output folder {} is inside the source folder {}: choose a folder of its own, e.g. public/", output.display(), src.display());
        }
    }
    if out.exists() && !out.is_dir() {
        bail!("the output path {} is a file, not a folder", output.display());
    }
    Ok(())
}

/// Makes `p` absolute and folds `.`/`..` without requiring it to exist.
fn absolute(p: &Path) -> Result<PathBuf> {
    let abs = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().context("cannot read the current folder")?.join(p) };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    // Resolve symlinks of the part that exists, so a link cannot hide the root.
    let mut existing = out.clone();
    let mut tail = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => tail.push(name.to_os_string()),
            None => break,
        }
        existing.pop();
    }
    let mut resolved = fs::canonicalize(&existing).unwrap_or(existing);
    for t in tail.into_iter().rev() {
        resolved.push(t);
    }
    Ok(resolved)
}

impl Staging {
    /// Creates an empty staging folder next to `target`.
    pub fn new(target: &Path) -> Result<Staging> {
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let name = target.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "public".into());
        let dir = parent.join(format!(".{name}.haven-staging-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).with_context(|| format!("cannot clear {}", dir.display()))?;
        }
        fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        Ok(Staging { dir, target: target.to_path_buf(), committed: false })
    }

    /// Replaces the target with the staged output.
    pub fn commit(mut self) -> Result<()> {
        let old = self.dir.with_file_name(format!("{}.old", self.dir.file_name().unwrap_or_default().to_string_lossy()));
        let had_old = self.target.exists();
        if had_old {
            fs::rename(&self.target, &old).with_context(|| format!("cannot move the previous {} aside", self.target.display()))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(e).with_context(|| format!("cannot move the new site into {}", self.target.display()));
        }
        self.committed = true;
        if had_old {
            remove_tree(&old).with_context(|| format!("cannot remove the previous site at {}", old.display()))?;
        }
        Ok(())
    }
}

/// Removes a folder, its top-level entries in parallel (a large site has tens of thousands).
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<PathBuf> = fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.par_iter().try_for_each(|p| if p.is_dir() && !p.is_symlink() { fs::remove_dir_all(p) } else { fs::remove_file(p) })?;
    fs::remove_dir_all(dir)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_root_and_sources() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        assert!(check_destination(r, r).is_err());
        assert!(check_destination(r, &r.join("content")).is_err());
        assert!(check_destination(r, &r.join("content/x")).is_err());
        assert!(check_destination(r, r.parent().unwrap()).is_err());
        assert!(check_destination(r, &r.join("public")).is_ok());
    }

    #[test]
    fn failed_staging_leaves_target_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("old.html"), "old").unwrap();
        {
            let s = Staging::new(&target).unwrap();
            fs::write(s.dir.join("new.html"), "new").unwrap();
        }
        assert!(target.join("old.html").exists());
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
        let s = Staging::new(&target).unwrap();
        fs::write(s.dir.join("new.html"), "new").unwrap();
        s.commit().unwrap();
        assert!(target.join("new.html").exists() && !target.join("old.html").exists());
    }
}
