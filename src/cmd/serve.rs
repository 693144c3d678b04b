//! `haven serve`: its arguments, and the printing of what the server reports (the URL on stdout,
//! everything else on stderr).

use haven::serve::{Event, Options};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// Arguments of `haven serve`.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct ServeArgs {
    /// The site's folder (with site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Port to listen on; the next free one is taken if it is busy (0: any free port).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on (other than loopback only when you mean it).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Poll the files for changes instead of using the system's file events
    /// (for network or container file systems where events do not arrive).
    #[arg(long)]
    pub poll: bool,
    /// How long the files must stay quiet before a rebuild starts, in milliseconds.
    #[arg(long, default_value_t = 30)]
    pub debounce_ms: u64,
    /// The address pages are built for [default: this server's own, http://127.0.0.1:<port>,
    /// so the site previews at the root as with Zola]. Give one with a path
    /// (http://127.0.0.1:1111/site) to preview a site published below a path: it is served there.
    #[arg(long)]
    pub base_url: Option<String>,
}

/// Runs the server until the process ends, printing what it reports.
pub(crate) fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    purge_freed_memory_at_once();
    let ServeArgs { root, port, bind, open, drafts, poll, debounce_ms, base_url } = args;
    haven::serve::run(Options { root, port, bind, open, drafts, poll, debounce_ms, base_url }, Arc::new(print))
}

/// mimalloc's option `mi_option_purge_delay` (15 in mimalloc 2 and 3; the `mimalloc` crate's
/// bindings do not name it).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

unsafe extern "C" {
    /// mimalloc's own, linked in with it as the global allocator (src/main.rs).
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    #[cfg(test)]
    fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
}

/// Makes mimalloc return freed memory to the system at once rather than a second later (its
/// default in mimalloc 3). The server's peak is its full builds', whose search-index stage frees
/// and allocates hundreds of MB within that second (freed pages stay resident while fresh ones
/// are touched). Measured at 10,000 x 5: the server's peak fell from 413 to 364-367 MiB
/// (notes/serve.md); the cost is more `madvise` calls.
fn purge_freed_memory_at_once() {
    // SAFETY: mi_option_set only stores a value that mimalloc reads at its next purge; any
    // value is valid for this option, and it may be set at any time from any thread.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 0) }
}

/// Prints one event: the address on stdout (a closed stdout is no reason to stop serving),
/// the rest on stderr.
fn print(event: Event) {
    match event {
        Event::Serving { root, url } => {
            let _ = super::out(&format!("serving {} at {url}\n", root.display()));
        }
        other => lines(other).iter().for_each(|l| super::note(l)),
    }
}

/// The stderr lines of an event.
fn lines(event: Event) -> Vec<String> {
    match event {
        Event::NotLoopback { bind } => vec![format!("warning: listening on {bind} makes the preview (drafts included) reachable from other machines")],
        Event::Serving { root, url } => vec![format!("serving {} at {url}", root.display())],
        Event::Watching { polling } => vec![format!("watching for changes{} (Ctrl+C to stop)", if polling { " by polling" } else { "" })],
        Event::FirstBuild { summary } => vec![summary],
        Event::FirstBuildFailed { errors } => {
            let mut out: Vec<String> = errors.iter().map(|d| d.to_string()).collect();
            out.push("the first build failed; fix the errors above and save: the preview starts with the first good build".into());
            out
        }
        Event::Rebuilt { changes, summary, css_only } => {
            vec![format!("{}: {summary}{}", names(&changes), if css_only { " (stylesheet swapped)" } else { "" })]
        }
        Event::RebuildFailed { changes, errors, serving } => {
            let mut out: Vec<String> = errors.iter().map(|d| d.to_string()).collect();
            out.push(format!("{}: build failed; still serving build {serving}", names(&changes)));
            out
        }
        Event::FullRebuild { file, why } => vec![format!("  {}: {why}: full rebuild", file.display())],
        Event::AcceptFailed { error } => vec![format!("warning: cannot accept a connection ({error}); still listening")],
        Event::NoNativeEvents { error, poll_ms } => vec![format!("warning: native file events are unavailable ({error}); polling every {poll_ms} ms instead")],
        Event::CannotWatch { dir, error } => vec![format!("warning: cannot watch {} ({error}); restart haven serve to see its changes", dir.display())],
        Event::NoBrowser { error, url } => vec![format!("warning: cannot open a browser ({error}); visit {url}")],
    }
}

/// The changed paths, as the rebuild lines name them.
fn names(changes: &[PathBuf]) -> String {
    changes.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_mimallocs_and_becomes_zero() {
        // SAFETY: reads an option's value.
        let before = unsafe { mi_option_get(MI_OPTION_PURGE_DELAY) };
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(before, 1000, "mimalloc 3's default purge delay is 1,000 ms: is option 15 still purge_delay?");
        }
        purge_freed_memory_at_once();
        // SAFETY: as above.
        assert_eq!(unsafe { mi_option_get(MI_OPTION_PURGE_DELAY) }, 0);
    }

    #[test]
    fn rebuild_lines_name_the_changes_and_the_stylesheet_swap() {
        let ev = Event::Rebuilt { changes: vec!["static/a.css".into(), "static/b.css".into()], summary: "copied in 1 ms".into(), css_only: true };
        assert_eq!(lines(ev), vec!["static/a.css, static/b.css: copied in 1 ms (stylesheet swapped)".to_string()]);
        let ev = Event::FullRebuild { file: "content/a.md".into(), why: "the title changed" };
        assert_eq!(lines(ev), vec!["  content/a.md: the title changed: full rebuild".to_string()]);
    }
}
