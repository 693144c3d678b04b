//! The output folder. Haven writes only into a folder it may replace: not a symlink, not the
//! site's root, a source folder or a parent of one (compared as real paths, see [`guard`]), and
//! only an absent or empty folder or one carrying the [`MARKER`] of an earlier build (or any
//! folder with `--force`). A build holds a lock on the folder ([`lock`]), removes what builds that
//! died left beside it, renders into a staging folder beside it and swaps it in only when the
//! build succeeded.
//!
//! The swap is two renames: the previous folder to `.<name>.haven-staging-<pid>.old`, then the
//! staging folder to `<name>`. Between them (a few microseconds, longer on network file systems)
//! a reader of the output path finds no folder at all; it never sees a half-written site. A build
//! killed in that window leaves the `.old` folder, which the next build puts back before it starts.
//!
//! The marker `.haven-output` is published with the site (static hosts serve or skip dot files
//! alike); its text is fixed, with no path and no time in it.

mod guard;
mod lock;

use crate::outpath::OutputPath;
use anyhow::{bail, Context, Result};
pub use guard::{real_path, Ownership, MARKER, MARKER_TEXT};
use std::fs;
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
        let path = self.dir.join(rel.as_path());
        if rel.as_path().file_name().is_some_and(|n| n == "index.html") {
            crate::fsutil::write_in_own_folder(&path, bytes)?;
        } else {
            crate::fsutil::write(&path, bytes)?;
        }
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

/// An output folder checked and locked for one build, cleared of dead builds' leftovers.
#[derive(Debug)]
pub struct Claim {
    /// The real path of the output folder.
    target: PathBuf,
    lock: lock::OutputLock,
}

/// Claims `output` for a build of the site at `root`. Every refusal happens before anything on
/// disk changes; `force` allows replacing a folder without the marker, nothing else.
pub fn claim(root: &Path, output: &Path, force: bool) -> Result<Claim> {
    let target = guard::check_destination(root, output)?;
    let shown = guard::named(output, &target);
    guard::check_owner(output, &target, force)?;
    let (parent, _) = lock::split(&target)?;
    fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    guard::check_writable(parent, &format!("the folder that holds the output folder {shown}"))?;
    if target.is_dir() {
        guard::check_writable(&target, "the output folder")?;
    }
    let lock = lock::OutputLock::acquire(&target, &shown)?;
    lock::recover(&target)?;
    // Again under the lock: a dead build's previous site may just have been put back.
    guard::check_owner(output, &target, force)?;
    Ok(Claim { target, lock })
}

impl Claim {
    /// Creates this build's empty staging folder beside the output, with the marker in it.
    pub fn stage(self) -> Result<Staging> {
        let dir = lock::staging_path(&self.target)?;
        if fs::symlink_metadata(&dir).is_ok() {
            lock::remove_any(&dir).with_context(|| format!("cannot clear {}", dir.display()))?;
        }
        fs::create_dir(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let staging = Staging { dir, target: self.target, committed: false, _lock: self.lock };
        crate::fsutil::write(&staging.dir.join(MARKER), MARKER_TEXT)?;
        Ok(staging)
    }
}

/// A staging folder that is removed unless committed; it keeps the output locked.
#[derive(Debug)]
pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
    committed: bool,
    _lock: lock::OutputLock,
}

impl Staging {
    /// Replaces the target with the staged output (the two renames of the module doc).
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

    fn site() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        fs::create_dir_all(tmp.path().join("site/content")).unwrap();
        tmp
    }

    #[test]
    fn failed_staging_leaves_target_alone() {
        let tmp = site();
        let (root, target) = (tmp.path().join("site"), tmp.path().join("public"));
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join(MARKER), MARKER_TEXT).unwrap();
        fs::write(target.join("old.html"), "old").unwrap();
        {
            let s = claim(&root, &target, false).unwrap().stage().unwrap();
            fs::write(s.dir.join("new.html"), "new").unwrap();
        }
        assert!(target.join("old.html").exists());
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 2, "no staging folder, no lock file");
        let s = claim(&root, &target, false).unwrap().stage().unwrap();
        fs::write(s.dir.join("new.html"), "new").unwrap();
        s.commit().unwrap();
        assert!(target.join("new.html").exists() && !target.join("old.html").exists());
        assert_eq!(fs::read(target.join(MARKER)).unwrap(), MARKER_TEXT.as_bytes());
    }

    #[test]
    fn a_claim_refuses_a_second_build() {
        let tmp = site();
        let (root, target) = (tmp.path().join("site"), tmp.path().join("public"));
        let first = claim(&root, &target, false).unwrap().stage().unwrap();
        let err = claim(&root, &target, false).unwrap_err();
        assert!(format!("{err:#}").contains("another haven build is writing"), "{err:#}");
        first.commit().unwrap();
        assert!(claim(&root, &target, false).is_ok());
    }
}
