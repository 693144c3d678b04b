//! Immutable snapshots of the served site. A full build writes a new generation folder that is
//! never written again; an incremental rebuild adds an in-memory overlay of the files it changed.
//! The server swaps an `Arc<Snapshot>` atomically, so a request reads one generation from start
//! to end and never sees a half-written page. A folder is deleted when no snapshot uses it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A generation folder, removed (in the background) when the last snapshot using it is dropped.
#[derive(Debug)]
pub(super) struct GenDir {
    pub path: PathBuf,
    /// The canonical path, to refuse symlinks that lead outside.
    pub canonical: PathBuf,
}

impl GenDir {
    pub(super) fn new(path: PathBuf) -> GenDir {
        let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        GenDir { path, canonical }
    }
}

impl Drop for GenDir {
    fn drop(&mut self) {
        let path = std::mem::take(&mut self.path);
        std::thread::spawn(move || {
            let _ = std::fs::remove_dir_all(path);
        });
    }
}

/// One consistent version of the site.
#[derive(Debug)]
pub(super) struct Snapshot {
    pub build: u64,
    pub dir: Arc<GenDir>,
    /// Files changed since the folder was built, by URL path (`/es/x/index.html`).
    pub overlay: HashMap<String, Arc<[u8]>>,
}

/// What a lookup found.
pub(super) enum Found {
    Memory(Arc<[u8]>),
    File(PathBuf),
}

impl Snapshot {
    /// The file at `rel` (`es/x/index.html`), from the overlay or the folder; symlinks that leave
    /// the folder are refused (`Err`).
    pub(super) fn get(&self, rel: &str) -> Result<Option<Found>, ()> {
        if let Some(bytes) = self.overlay.get(&format!("/{rel}")) {
            return Ok(Some(Found::Memory(bytes.clone())));
        }
        let path = self.dir.path.join(rel);
        let Ok(meta) = std::fs::symlink_metadata(&path) else { return Ok(None) };
        let real = if meta.file_type().is_symlink() || has_symlink_parent(&self.dir.path, rel) {
            match std::fs::canonicalize(&path) {
                Ok(r) if r.starts_with(&self.dir.canonical) => r,
                Ok(_) => return Err(()),
                Err(_) => return Ok(None),
            }
        } else {
            path
        };
        Ok(real.is_file().then_some(Found::File(real)))
    }

    /// Whether `rel` is a folder of the output.
    pub(super) fn is_dir(&self, rel: &str) -> bool {
        let key = format!("/{rel}/index.html");
        self.overlay.contains_key(&key) || self.dir.path.join(rel).is_dir()
    }
}

fn has_symlink_parent(root: &Path, rel: &str) -> bool {
    let mut p = root.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        p.push(part);
        if std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink()) {
            return true;
        }
    }
    false
}

/// The snapshot being served; swapped whole.
#[derive(Debug)]
pub(super) struct Current(Mutex<Arc<Snapshot>>);

impl Current {
    pub(super) fn new(s: Snapshot) -> Current {
        Current(Mutex::new(Arc::new(s)))
    }

    pub(super) fn get(&self) -> Arc<Snapshot> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub(super) fn set(&self, s: Snapshot) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Arc::new(s);
    }
}
