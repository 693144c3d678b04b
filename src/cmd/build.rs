//! `haven build` and `haven check`: run a build, print its findings and summary, give the exit code.

use super::{note, out};
use haven::{BuildOptions, BuildReport};
use std::path::PathBuf;
use std::process::ExitCode;

/// `haven build`.
pub(super) fn build(root: PathBuf, output: Option<PathBuf>, drafts: bool, strict: bool, force: bool, base_url: Option<String>) -> anyhow::Result<ExitCode> {
    let mut opts = BuildOptions::new(&root);
    opts.output = output.unwrap_or_else(|| root.join("public"));
    opts.drafts = drafts;
    opts.strict = strict;
    opts.force = force;
    opts.base_url = base_url;
    let (report, site) = haven::pipeline::build_with(&opts)?;
    // The process ends next: the loaded site and its link index (every page's ids, the search
    // index) are left to the operating system instead of being freed piece by piece.
    std::mem::forget(site);
    print_report(&report, &opts);
    print_timings(&report);
    Ok(exit_code(&report))
}

/// With `HAVEN_TIMINGS` set (and not `0`), each stage's time on stderr, then the total.
fn print_timings(report: &BuildReport) {
    if std::env::var_os("HAVEN_TIMINGS").is_none_or(|v| v.is_empty() || v == "0") {
        return;
    }
    for (i, (stage, took)) in report.timings.iter().enumerate() {
        let peak = report.peaks.get(i).map(|kib| format!("  (peak {} MiB)", kib / 1024)).unwrap_or_default();
        note(&format!("{:>9.1} ms  {stage}{peak}", took.as_secs_f64() * 1000.0));
    }
    let total: std::time::Duration = report.timings.iter().map(|(_, d)| *d).sum();
    note(&format!("{:>9.1} ms  total", total.as_secs_f64() * 1000.0));
}

/// `haven check`: a strict build into a temporary folder; with `--external`, that one build's
/// outgoing links are visited too.
pub(super) fn check(root: PathBuf, drafts: bool, external: bool, base_url: Option<String>) -> anyhow::Result<ExitCode> {
    let tmp = tempfile::tempdir()?;
    let mut opts = BuildOptions::new(&root);
    opts.output = tmp.path().join("public");
    opts.drafts = drafts;
    opts.strict = true;
    opts.base_url = base_url;
    let report = haven::build(&opts)?;
    print_report(&report, &opts);
    if external && report.errors() == 0 {
        let found = haven::external::check(&root, &opts.output, opts.base_url.as_deref())?;
        return print_external(&found);
    }
    Ok(exit_code(&report))
}

fn print_external(found: &haven::external::ExternalReport) -> anyhow::Result<ExitCode> {
    let mut text = String::new();
    for b in &found.broken {
        text.push_str(&format!("broken: {} ({}) linked from {}\n", b.url, b.status, b.pages.join(", ")));
    }
    out(&text)?;
    note(&format!("{} outgoing links ({} answered from the cache), {} broken", found.links, found.from_cache, found.broken.len()));
    Ok(if found.broken.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn exit_code(report: &BuildReport) -> ExitCode {
    if report.errors() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Every finding, then one line saying what the build did: gathered first and written to stderr
/// in one piece (stderr is unbuffered, and a build may have a thousand warnings).
pub(super) fn print_report(report: &BuildReport, opts: &BuildOptions) {
    note_all(&report_text(report, opts));
}

/// The text [`print_report`] prints, one finding or summary per line.
fn report_text(report: &BuildReport, opts: &BuildOptions) -> String {
    use std::fmt::Write as _;
    let mut text = String::with_capacity(report.diagnostics.len() * 160 + 200);
    for d in &report.diagnostics {
        let _ = writeln!(text, "{d}");
    }
    let total: std::time::Duration = report.timings.iter().map(|(_, d)| *d).sum();
    if report.written {
        let _ = writeln!(
            text,
            "built {} pages and {} files into {} in {} ms ({} warnings)",
            report.pages,
            report.files,
            opts.output.display(),
            total.as_millis(),
            report.warnings()
        );
        if report.images.cleaned > 0 {
            let _ = writeln!(text, "{} images cleaned of metadata ({} had a location)", report.images.cleaned, report.images.located);
        }
    } else {
        let _ = writeln!(text, "build failed: {} errors, {} warnings; {} was left as it was", report.errors(), report.warnings(), opts.output.display());
    }
    text
}

/// Writes lines that already end in newlines to stderr in one write; a closed stderr is not worth failing for.
fn note_all(text: &str) {
    use std::io::Write as _;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}
