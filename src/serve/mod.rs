//! `haven serve`: live preview with incremental rebuilds and live reload.
//!
//! The site is built (in dev mode, with the live-reload script) into a folder of its own under
//! the system's temporary folder, never into `public/`, and served from immutable snapshots
//! (see [`snapshot`]). A watcher batches file events; each batch is one rebuild ([`rebuild`]):
//! a content edit renders the affected pages again, a static file is copied, anything else
//! builds everything. Browsers learn about it over Server-Sent Events ([`events`]).

mod conn;
mod events;
mod host;
mod http;
mod incremental;
#[cfg(test)]
mod listing_tests;
mod overlay;
pub mod paths;
mod rebuild;
mod report;
mod snapshot;
pub mod watch;

use crate::diagnostics::{Diagnostic, Rule};
use crate::pipeline::BuildOptions;
use anyhow::{Context, Result};
use rebuild::{Builder, Outcome};
pub use report::{Event, Reporter};
use snapshot::{Current, GenDir, Snapshot};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// What `haven serve` is asked to do (the command line's arguments, see `src/cmd/serve.rs`).
#[derive(Debug, Clone)]
pub struct Options {
    /// The site's folder (with site.toml).
    pub root: PathBuf,
    /// Port to listen on; the next free one is taken if it is busy (0: any free port).
    pub port: u16,
    /// Address to listen on.
    pub bind: String,
    /// Open the site in the default browser.
    pub open: bool,
    /// Include pages marked `draft = true`.
    pub drafts: bool,
    /// Poll the files for changes instead of using the system's file events.
    pub poll: bool,
    /// How long the files must stay quiet before a rebuild starts, in milliseconds.
    pub debounce_ms: u64,
    /// The address pages are built for; `None`: this server's own.
    pub base_url: Option<String>,
}

/// Builds, serves and rebuilds on every change until the process ends; everything worth telling
/// goes to `report` (the library prints nothing).
pub fn run(args: Options, report: Reporter) -> Result<ExitCode> {
    if !is_loopback(&args.bind) {
        report(Event::NotLoopback { bind: args.bind.clone() });
    }
    raise_open_files_limit();
    let cache = cache_dir()?;
    // Watch before the first build, so that no edit made during it is missed.
    let watcher = watch::start(&args.root, args.poll, Duration::from_millis(500), &report)?;
    let (server, port) = http::bind(&args.bind, args.port)?;
    let host = if args.bind.contains(':') { format!("[{}]", args.bind) } else { args.bind.clone() };
    let mut opts = BuildOptions::new(&args.root);
    opts.drafts = args.drafts;
    opts.dev = true;
    opts.base_url = opts_base_url(&args, &host, port);
    let mut builder = Builder::new(opts, cache.path().to_path_buf(), report.clone());
    let (first, first_errors) = first_build(&mut builder, cache.path(), &report)?;
    let hub = events::Hub::new(first.build);
    if let Some(diags) = first_errors {
        hub.error(problems(&diags));
    }
    let mut config = crate::config::Config::load(&args.root).ok();
    if let (Some(c), Some(url)) = (config.as_mut(), opts_base_url(&args, &host, port)) {
        c.set_base_url(&url)?;
    }
    let base_path = config.as_ref().map(|c| c.base_path.clone()).unwrap_or_default();
    let locale_prefixes = config.map(|c| c.locales.iter().map(|l| c.locale_prefix(&l.code)).filter(|p| !p.is_empty()).collect()).unwrap_or_default();
    let hosts = host::AllowedHosts::new(&args.bind, port);
    let shared = Arc::new(http::Shared { current: Current::new(first), hub, locale_prefixes, hosts, base_path: base_path.clone() });
    let handler = shared.clone();
    conn::serve(server, Arc::new(move |req, stream| http::handle(req, stream, &handler)), report.clone()).context("cannot start the server thread")?;
    let url = format!("http://{host}:{port}{base_path}/");
    report(Event::Serving { root: args.root.clone(), url: url.clone() });
    if args.open {
        open_browser(&url, &report);
    }
    report(Event::Watching { polling: watcher.polling });
    rebuild_on_changes(&watcher, &mut builder, &shared, args.debounce_ms, &report);
    Ok(ExitCode::SUCCESS)
}

/// The address pages are built for: `--base-url`, else this server's own.
fn opts_base_url(args: &Options, host: &str, port: u16) -> Option<String> {
    Some(args.base_url.clone().unwrap_or_else(|| format!("http://{host}:{port}")))
}

/// The first build; a failed one serves an empty site (with the errors as an overlay).
fn first_build(builder: &mut Builder, cache: &Path, report: &Reporter) -> Result<(Snapshot, Option<Vec<Diagnostic>>)> {
    match builder.full() {
        Outcome::Published { snapshot, summary, .. } => {
            report(Event::FirstBuild { summary });
            Ok((snapshot, None))
        }
        Outcome::Failed(diags) => {
            report(Event::FirstBuildFailed { errors: diags.clone() });
            Ok((empty_snapshot(cache)?, Some(diags)))
        }
        Outcome::Nothing => unreachable!("a full build always ends in a snapshot or errors"),
    }
}

/// One rebuild per batch of changes, each published (or reported) to the browsers.
fn rebuild_on_changes(watcher: &watch::SourceWatcher, builder: &mut Builder, shared: &http::Shared, debounce_ms: u64, report: &Reporter) {
    let quiet = Duration::from_millis(debounce_ms);
    while let Some(changes) = watcher.next_batch(quiet, Duration::from_millis(debounce_ms * 10 + 200)) {
        let current = shared.current.get();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| builder.apply(&changes, &current)));
        let outcome = outcome.unwrap_or_else(|_| {
            builder.forget();
            Outcome::Failed(vec![Diagnostic::error(Rule::Internal, "the rebuild crashed (a bug in Haven); the next change builds everything again")])
        });
        match outcome {
            Outcome::Published { snapshot, css_only, summary, ms } => {
                let build = snapshot.build;
                shared.current.set(snapshot);
                shared.hub.reload(build, css_only, ms);
                report(Event::Rebuilt { changes: changes.into_iter().collect(), summary, css_only });
            }
            Outcome::Nothing => {}
            Outcome::Failed(diags) => {
                shared.hub.error(problems(&diags));
                report(Event::RebuildFailed { changes: changes.into_iter().collect(), errors: diags, serving: builder.build_number() });
            }
        }
    }
}

/// A folder of this process under the system's temporary folder, for the generations. Folders
/// left by servers that were killed (Ctrl+C ends the process without cleanup) are removed in the
/// background (a 10,000-page site's folder takes seconds to delete, which the first build need not wait for).
fn cache_dir() -> Result<tempfile::TempDir> {
    let tmp = std::env::temp_dir();
    let stale = stale_dirs(&tmp);
    if !stale.is_empty() {
        std::thread::spawn(move || stale.into_iter().for_each(|d| drop(std::fs::remove_dir_all(d))));
    }
    tempfile::Builder::new().prefix(&format!("haven-serve-{}-", std::process::id())).tempdir_in(&tmp).context("cannot create a folder for the preview")
}

/// The generation folders under `tmp` of servers that are no longer running.
fn stale_dirs(tmp: &Path) -> Vec<PathBuf> {
    let mut stale = Vec::new();
    if let Ok(entries) = std::fs::read_dir(tmp) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            let pid = name.strip_prefix("haven-serve-").and_then(|r| r.split('-').next()).and_then(|p| p.parse::<u32>().ok());
            // Only where /proc tells which processes live.
            if let Some(pid) = pid.filter(|_| Path::new("/proc/self").exists()) {
                if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
                    stale.push(e.path());
                }
            }
        }
    }
    stale
}

fn is_loopback(addr: &str) -> bool {
    addr == "localhost" || addr.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// An empty generation, served until the first good build.
fn empty_snapshot(cache: &std::path::Path) -> Result<Snapshot> {
    let dir = cache.join("gen-0");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(Snapshot { build: 0, dir: Arc::new(GenDir::new(dir)), overlay: Default::default() })
}

/// The errors as the browser shows them.
fn problems(diags: &[Diagnostic]) -> Vec<overlay::Problem> {
    diags.iter().map(overlay::Problem::from).collect()
}

/// Raises the soft limit of open files to the hard one: every connection and live-reload stream
/// holds a descriptor.
fn raise_open_files_limit() {
    #[cfg(unix)]
    {
        let mut lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: both calls only read or write the struct passed by pointer.
        unsafe {
            if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) == 0 && lim.rlim_cur < lim.rlim_max {
                lim.rlim_cur = lim.rlim_max;
                libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
            }
        }
    }
}

fn open_browser(url: &str, report: &Reporter) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(cmd).arg(url).spawn() {
        report(Event::NoBrowser { error: e.to_string(), url: url.to_string() });
    }
}
