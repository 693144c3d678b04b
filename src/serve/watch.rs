//! Watches the site's sources (notify; a polling watcher on request or when native events are
//! unavailable) and hands over batches of changed paths: a burst of events, an editor's atomic
//! save (temp file + rename) or a swap file never cause more than one rebuild. A watched folder
//! created (or removed and created again) after the start is watched from then on. A file
//! written in place and closed is taken after a short grace instead of the whole quiet period.

use super::report::{Event, Reporter};
use anyhow::{Context, Result};
use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The folders a site's output depends on (plus `site.toml` at the root).
pub const WATCHED_DIRS: &[&str] = &["content", "themes", "locales", "static", "templates", "data"];

/// How a path changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    /// Written (or its metadata changed).
    Written,
    /// Came, went or was renamed.
    Moved,
    /// Closed after writing: the writer is done with it.
    Closed,
}

/// A path that changed, and how.
type Change = (PathBuf, How);

/// How long a batch whose every file was written in place and closed waits for more events
/// (an editor saving several files at once), instead of the whole quiet period.
const CLOSED_GRACE: Duration = Duration::from_millis(3);

/// The changes gathered for one rebuild.
#[derive(Debug, Default)]
struct Batch {
    paths: BTreeSet<PathBuf>,
    /// Files written and not yet closed.
    open: BTreeSet<PathBuf>,
    /// Whether a file or folder came, went or was renamed (an editor's atomic save, a checkout).
    moved: bool,
}

impl Batch {
    /// Whether every change is a file written in place and closed since.
    fn closed(&self) -> bool {
        !self.moved && self.open.is_empty() && !self.paths.is_empty()
    }
}

/// A running watcher and the paths it reported.
pub struct SourceWatcher {
    watcher: Mutex<Box<dyn Watcher + Send>>,
    report: Reporter,
    rx: Receiver<Change>,
    root: PathBuf,
    pub polling: bool,
}

/// Starts watching `root`; `poll` forces the polling watcher.
pub fn start(root: &Path, poll: bool, poll_interval: Duration, report: &Reporter) -> Result<SourceWatcher> {
    let root = std::fs::canonicalize(root).with_context(|| format!("cannot open {}", root.display()))?;
    let (tx, rx) = channel();
    let handler = move |res: notify::Result<notify::Event>| {
        if let Ok(ev) = res {
            use notify::event::{AccessKind, AccessMode, ModifyKind};
            let how = match ev.kind {
                EventKind::Access(AccessKind::Close(AccessMode::Write)) => How::Closed,
                EventKind::Access(_) => return,
                EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_)) => How::Moved,
                _ => How::Written,
            };
            for p in ev.paths {
                let _ = tx.send((p, how));
            }
        }
    };
    // notify's poller compares modification times in whole seconds: also compare contents, or
    // two saves within a second would look like one.
    let poll_config = notify::Config::default().with_poll_interval(poll_interval).with_compare_contents(true);
    let (mut watcher, polling): (Box<dyn Watcher + Send>, bool) = if poll {
        (Box::new(PollWatcher::new(handler, poll_config)?), true)
    } else {
        match RecommendedWatcher::new(handler.clone(), notify::Config::default()) {
            Ok(w) => (Box::new(w), false),
            Err(e) => {
                report(Event::NoNativeEvents { error: e.to_string(), poll_ms: poll_interval.as_millis() });
                (Box::new(PollWatcher::new(handler, poll_config)?), true)
            }
        }
    };
    watcher.watch(&root, RecursiveMode::NonRecursive).with_context(|| format!("cannot watch {}", root.display()))?;
    for d in WATCHED_DIRS {
        let dir = root.join(d);
        if dir.is_dir() {
            watcher.watch(&dir, RecursiveMode::Recursive).with_context(|| format!("cannot watch {}", dir.display()))?;
        }
    }
    Ok(SourceWatcher { watcher: Mutex::new(watcher), report: report.clone(), rx, root, polling })
}

impl SourceWatcher {
    /// Blocks until something relevant changed, then gathers events until `quiet` passes without
    /// one (at most `max_wait`), or only `CLOSED_GRACE` once every file of the batch was written
    /// in place and closed. Returns the changed paths relative to the root, sorted.
    pub fn next_batch(&self, quiet: Duration, max_wait: Duration) -> Option<BTreeSet<PathBuf>> {
        let mut batch = Batch::default();
        loop {
            let first = self.rx.recv().ok()?;
            self.take(first, &mut batch);
            if !batch.paths.is_empty() {
                break;
            }
        }
        let start = Instant::now();
        loop {
            let left = max_wait.saturating_sub(start.elapsed());
            if left.is_zero() {
                break;
            }
            let wait = if batch.closed() { quiet.min(CLOSED_GRACE) } else { quiet };
            match self.rx.recv_timeout(wait.min(left)) {
                Ok(p) => self.take(p, &mut batch),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        Some(batch.paths)
    }

    fn take(&self, (path, how): Change, batch: &mut Batch) {
        if let Some(dir) = watched_dir(&self.root, &path) {
            // Only a folder that came, went or was renamed: a new time stamp changes nothing.
            if how == How::Moved {
                self.rewatch(&path);
                // The folder itself changes the site: its files may have come before the watch.
                batch.paths.insert(PathBuf::from(dir));
                batch.moved = true;
            }
        } else if let Some(rel) = relevant(&self.root, &path) {
            match how {
                // A file opened for writing and closed unchanged is no change.
                How::Closed => {
                    batch.open.remove(&rel);
                }
                How::Written => {
                    batch.open.insert(rel.clone());
                    batch.paths.insert(rel);
                }
                How::Moved => {
                    batch.moved = true;
                    batch.paths.insert(rel);
                }
            }
        }
    }

    /// Watches a watched folder that was created (or removed and created again).
    fn rewatch(&self, dir: &Path) {
        if !dir.is_dir() {
            return;
        }
        let mut w = self.watcher.lock().unwrap_or_else(|e| e.into_inner());
        let _ = w.unwatch(dir);
        if let Err(e) = w.watch(dir, RecursiveMode::Recursive) {
            (self.report)(Event::CannotWatch { dir: dir.to_path_buf(), error: e.to_string() });
        }
    }
}

/// The name of a watched folder when `path` is one (`root/content`).
fn watched_dir<'a>(root: &Path, path: &'a Path) -> Option<&'a str> {
    let rel = path.strip_prefix(root).ok()?;
    let name = rel.to_str()?;
    WATCHED_DIRS.contains(&name).then_some(name)
}

/// The path relative to the root when it is a source the site depends on.
fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let name = rel.file_name()?.to_string_lossy();
    if is_editor_noise(&name) {
        return None;
    }
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    let top_file = rel.components().count() == 1;
    if (top_file && name == "site.toml") || (!top_file && WATCHED_DIRS.contains(&first.as_ref())) {
        Some(rel.to_path_buf())
    } else {
        None
    }
}

/// Temporary, swap and backup files of editors.
pub fn is_editor_noise(name: &str) -> bool {
    name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with('~')
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name == "4913"
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == ".DS_Store"
        || name.starts_with(".goutputstream")
        || name.contains(".sb-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_sources_and_drops_noise() {
        let root = Path::new("/s");
        assert_eq!(relevant(root, Path::new("/s/content/a.md")), Some(PathBuf::from("content/a.md")));
        assert_eq!(relevant(root, Path::new("/s/site.toml")), Some(PathBuf::from("site.toml")));
        for p in ["/s/content/.a.md.swp", "/s/content/a.md~", "/s/content/4913", "/s/content/.#a.md", "/s/public/x.html", "/s/other.toml", "/s/content/x.tmp"] {
            assert_eq!(relevant(root, Path::new(p)), None, "{p}");
        }
    }
}
