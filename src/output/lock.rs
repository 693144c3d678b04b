//! One build at a time per output folder (a lock file beside it), and the clean-up of what
//! builds that died (kill -9, power loss) left beside it.

use anyhow::{bail, Context, Result};
use std::ffi::OsStr;
use std::fs::{self, File, TryLockError};
use std::path::{Path, PathBuf};

/// The folder holding `target` and `target`'s name; `target` is a real path.
pub(super) fn split(target: &Path) -> Result<(&Path, &OsStr)> {
    match (target.parent(), target.file_name()) {
        (Some(parent), Some(name)) => Ok((parent, name)),
        _ => bail!("the output folder {} has no parent folder to build beside it", target.display()),
    }
}

/// The staging folder of this process for `target`: `.<name>.haven-staging-<pid>`.
pub(super) fn staging_path(target: &Path) -> Result<PathBuf> {
    let (parent, name) = split(target)?;
    Ok(parent.join(format!(".{}.haven-staging-{}", name.to_string_lossy(), std::process::id())))
}

/// An exclusive lock on the output folder `target`, held until dropped. The lock file
/// `.<name>.haven-lock` exists only while a build holds it (or after a build died holding it).
#[derive(Debug)]
pub(super) struct OutputLock {
    path: PathBuf,
    _file: File,
}

impl OutputLock {
    /// Takes the lock, or fails at once, naming `shown`, when another build holds it.
    pub(super) fn acquire(target: &Path, shown: &str) -> Result<OutputLock> {
        let (parent, name) = split(target)?;
        let path = parent.join(format!(".{}.haven-lock", name.to_string_lossy()));
        // A build that finishes removes the file while it holds the lock: whoever locked the
        // removed file locked nothing, and opens the path again.
        for _ in 0..16 {
            let file = File::options()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .with_context(|| format!("cannot create the lock file {}", path.display()))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => bail!("another haven build is writing {shown}: wait until it has finished, then build again"),
                Err(TryLockError::Error(e)) => return Err(e).with_context(|| format!("cannot lock {}", path.display())),
            }
            if still_at(&file, &path) {
                return Ok(OutputLock { path, _file: file });
            }
        }
        bail!("cannot lock {}: other builds keep replacing the lock file", path.display())
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked (the file closes after this), see `acquire`.
        let _ = fs::remove_file(&self.path);
    }
}

/// Whether the open `file` is still the one at `path`.
#[cfg(unix)]
fn still_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_at(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// What a build leaves beside its output while it runs.
#[derive(Debug, PartialEq, Eq)]
enum Leftover {
    /// `.<name>.haven-staging-<pid>`: the new site being written.
    Staging,
    /// `.<name>.haven-staging-<pid>.old`: the previous site, moved aside during the swap.
    Old,
}

fn leftover(entry: &OsStr, name: &OsStr) -> Option<Leftover> {
    let entry = entry.to_str()?;
    let rest = entry.strip_prefix(&format!(".{}.haven-staging-", name.to_str()?))?;
    let (pid, kind) = match rest.strip_suffix(".old") {
        Some(pid) => (pid, Leftover::Old),
        None => (rest, Leftover::Staging),
    };
    (!pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())).then_some(kind)
}

/// Removes the staging and `.old` folders of earlier builds of `target`. A build that died
/// between its two renames left no `target` but an `.old` one: that previous site is put back.
/// Call only while holding the [`OutputLock`]: every build holds it, so these builds are dead.
pub(super) fn recover(target: &Path) -> Result<()> {
    let (parent, name) = split(target)?;
    let (mut stale, mut olds) = (Vec::new(), Vec::new());
    for entry in fs::read_dir(parent).with_context(|| format!("cannot list {}", parent.display()))? {
        let entry = entry.with_context(|| format!("cannot list {}", parent.display()))?;
        match leftover(&entry.file_name(), name) {
            Some(Leftover::Staging) => stale.push(entry.path()),
            Some(Leftover::Old) => olds.push(entry.path()),
            None => {}
        }
    }
    if fs::symlink_metadata(target).is_err() {
        olds.sort_by_key(|p| fs::symlink_metadata(p).and_then(|m| m.modified()).ok());
        if let Some(newest) = olds.pop() {
            fs::rename(&newest, target).with_context(|| format!("cannot put the previous site {} back into {}", newest.display(), target.display()))?;
        }
    }
    for p in stale.into_iter().chain(olds) {
        remove_any(&p).with_context(|| format!("cannot remove {}, left by an interrupted build", p.display()))?;
    }
    Ok(())
}

/// Removes a file, a symlink (not its target) or a folder.
pub(super) fn remove_any(p: &Path) -> std::io::Result<()> {
    if fs::symlink_metadata(p)?.is_dir() {
        super::remove_tree(p)
    } else {
        fs::remove_file(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftover_names_carry_the_output_name_and_a_pid() {
        let n = OsStr::new("public");
        assert_eq!(leftover(OsStr::new(".public.haven-staging-42"), n), Some(Leftover::Staging));
        assert_eq!(leftover(OsStr::new(".public.haven-staging-42.old"), n), Some(Leftover::Old));
        for other in [".public.haven-staging-", ".public.haven-staging-4x", ".other.haven-staging-42", "public", ".public.haven-lock"] {
            assert_eq!(leftover(OsStr::new(other), n), None, "{other}");
        }
    }

    #[test]
    fn a_second_lock_is_refused_and_the_file_goes_with_the_lock() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("out");
        let lock = OutputLock::acquire(&target, "out").unwrap();
        let err = OutputLock::acquire(&target, "out").unwrap_err();
        assert!(format!("{err:#}").contains("another haven build is writing out"), "{err:#}");
        drop(lock);
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
        drop(OutputLock::acquire(&target, "out").unwrap());
    }
}
