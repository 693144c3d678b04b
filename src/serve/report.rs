//! What the server has to say while it runs, as values: the library prints nothing itself, the
//! command (`src/cmd/serve.rs`) is handed each [`Event`] through a [`Reporter`] and prints it.

use crate::diagnostics::Diagnostic;
use std::path::PathBuf;
use std::sync::Arc;

/// Something the person running `haven serve` should be told.
#[derive(Debug)]
pub enum Event {
    /// `--bind` names an address other machines can reach.
    NotLoopback { bind: String },
    /// The server answers at `url` (the one line meant for stdout).
    Serving { root: PathBuf, url: String },
    /// The watcher runs; `polling`: by polling instead of the system's file events.
    Watching { polling: bool },
    /// The first build succeeded (`full build: N pages in T ms`).
    FirstBuild { summary: String },
    /// The first build failed with these errors; an empty site is served until a good one.
    FirstBuildFailed { errors: Vec<Diagnostic> },
    /// A batch of changes was rebuilt and published.
    Rebuilt { changes: Vec<PathBuf>, summary: String, css_only: bool },
    /// A batch of changes failed to build; `serving` is the build still served.
    RebuildFailed { changes: Vec<PathBuf>, errors: Vec<Diagnostic>, serving: u64 },
    /// An edited file needs everything rebuilt, and why.
    FullRebuild { file: PathBuf, why: &'static str },
    /// A connection could not be accepted (told once until one is accepted again).
    AcceptFailed { error: String },
    /// The system's file events are unavailable: the watcher polls every `poll_ms`.
    NoNativeEvents { error: String, poll_ms: u128 },
    /// A folder created after the start cannot be watched.
    CannotWatch { dir: PathBuf, error: String },
    /// `--open` could not start a browser.
    NoBrowser { error: String, url: String },
}

/// Where the server sends its events; called from the server's threads.
pub type Reporter = Arc<dyn Fn(Event) + Send + Sync>;
