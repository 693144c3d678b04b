//! One rebuild of the dev server: classifies the changed paths, then renders only the affected
//! pages into memory, copies a static file, or builds everything into a new generation folder.
//! Both paths call `pipeline::render`, the code `haven build` runs.

use super::incremental::{self, Plan};
use super::report::{Event, Reporter};
use super::snapshot::{GenDir, Snapshot};
use crate::diagnostics::{Diagnostic, Diagnostics, Rule};
use crate::output::MemorySink;
use crate::pipeline::{self, BuildOptions, LinkIndex, Scope, Timer};
use crate::site::Loaded;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// What a rebuild ended with.
pub(super) enum Outcome {
    /// A new snapshot to serve.
    Published { snapshot: Snapshot, css_only: bool, summary: String, ms: u128 },
    /// The build failed: keep serving the last good snapshot.
    Failed(Vec<Diagnostic>),
    /// Only temporary files came and went.
    Nothing,
}

/// Keeps the loaded site between rebuilds and numbers the generations.
pub(super) struct Builder {
    opts: BuildOptions,
    cache: PathBuf,
    next_gen: u64,
    build: u64,
    state: Option<(Loaded, LinkIndex)>,
    report: Reporter,
}

/// How a changed path is handled.
enum Kind {
    Content(PathBuf),
    /// A file copied as is: (path relative to the root, path in the output).
    Copy(PathBuf, PathBuf),
    Full,
    /// A temporary file that is gone again (an editor's or `sed -i`'s).
    Ignore,
}

impl Builder {
    pub(super) fn new(opts: BuildOptions, cache: PathBuf, report: Reporter) -> Builder {
        Builder { opts, cache, next_gen: 0, build: 0, state: None, report }
    }

    /// Drops the loaded site: the next rebuild builds everything.
    pub(super) fn forget(&mut self) {
        self.state = None;
    }

    /// The number of the last good build.
    pub(super) fn build_number(&self) -> u64 {
        self.build
    }

    /// Builds everything into a new generation folder.
    pub(super) fn full(&mut self) -> Outcome {
        let started = Instant::now();
        // The old site and its link and search index are not needed by a full build: free them
        // first, or the build's peak memory comes on top of them.
        self.state = None;
        self.next_gen += 1;
        let mut opts = self.opts.clone();
        opts.output = self.cache.join(format!("gen-{}", self.next_gen));
        let (report, state) = match pipeline::build_with(&opts) {
            Ok(r) => r,
            Err(e) => {
                return Outcome::Failed(vec![Diagnostic::error(Rule::Config, format!("{e:#}")).in_file("site.toml")]);
            }
        };
        if !report.written {
            return Outcome::Failed(report.diagnostics.into_iter().filter(Diagnostic::is_error).collect());
        }
        self.state = state;
        self.build += 1;
        let snapshot = Snapshot { build: self.build, dir: Arc::new(GenDir::new(opts.output)), overlay: HashMap::new() };
        let ms = started.elapsed().as_millis();
        let summary = format!("full build: {} pages in {ms} ms", report.pages);
        Outcome::Published { snapshot, css_only: false, summary, ms }
    }

    /// Rebuilds after `changes` (paths relative to the root), on top of the served snapshot.
    pub(super) fn apply(&mut self, changes: &BTreeSet<PathBuf>, current: &Snapshot) -> Outcome {
        let kinds: Vec<Kind> = changes.iter().map(|p| self.kind(p)).collect();
        if kinds.iter().all(|k| matches!(k, Kind::Ignore)) {
            return Outcome::Nothing;
        }
        if self.state.is_none() || kinds.iter().any(|k| matches!(k, Kind::Full)) {
            return self.full();
        }
        let started = Instant::now();
        let mut overlay = current.overlay.clone();
        let mut css_only = true;
        let mut content = Vec::new();
        for k in kinds {
            match k {
                Kind::Copy(from, to) => match std::fs::read(self.opts.root.join(&from)) {
                    Ok(bytes) => {
                        css_only &= to.extension().is_some_and(|e| e == "css");
                        let url = format!("/{}", to.to_string_lossy().replace('\\', "/"));
                        if let Some((_, index)) = self.state.as_mut() {
                            index.files.insert(url.clone()); // a new file: links to it now resolve
                        }
                        overlay.insert(url, Arc::from(bytes));
                    }
                    Err(_) => return self.full(),
                },
                Kind::Content(p) => content.push(p),
                Kind::Ignore => {}
                Kind::Full => unreachable!("handled above"),
            }
        }
        let mut summary = "copied".to_string();
        if !content.is_empty() {
            css_only = false;
            match self.render_content(&content) {
                Ok(Some((files, s))) => {
                    overlay.extend(files.into_iter().map(|(k, v)| (k, Arc::from(v))));
                    summary = s;
                }
                Ok(None) => return self.full(),
                Err(diags) => return Outcome::Failed(diags),
            }
        }
        self.build += 1;
        let snapshot = Snapshot { build: self.build, dir: current.dir.clone(), overlay };
        let ms = started.elapsed().as_millis();
        let summary = format!("{summary} in {ms} ms");
        Outcome::Published { snapshot, css_only, summary, ms }
    }

    /// Renders the pages the edited content files affect. `Ok(None)`: a full build is needed.
    #[allow(clippy::type_complexity)]
    fn render_content(&mut self, files: &[PathBuf]) -> Result<Option<(std::collections::BTreeMap<String, Vec<u8>>, String)>, Vec<Diagnostic>> {
        let mut timer = Timer::default();
        let (site, index) = self.state.as_mut().expect("checked by the caller");
        let mut pages = Vec::new();
        let (mut site_files, mut listings): (bool, Option<Vec<String>>) = (false, None);
        for f in files {
            match incremental::plan(site, f) {
                Ok(Plan::Pages { pages: p, site_files: s, listings: l }) => {
                    pages.extend(p);
                    site_files |= s;
                    if let Some(tags) = l {
                        listings.get_or_insert_with(Vec::new).extend(tags);
                    }
                }
                Ok(Plan::Full(why)) => {
                    (self.report)(Event::FullRebuild { file: f.clone(), why });
                    return Ok(None);
                }
                Err(d) => return Err(vec![d]),
            }
        }
        pages.sort();
        pages.dedup();
        let n = pages.len();
        let sink = MemorySink::default();
        let diags = Diagnostics::new();
        timer.lap("plan");
        let scope = Scope::Pages { pages, site_files, listings };
        if let Err(e) = pipeline::render(site, &self.opts, &sink, &scope, index, &diags, &mut timer) {
            return Err(vec![Diagnostic::error(Rule::Write, format!("{e:#}"))]);
        }
        diags.extend(index.check(&site.config.base_url));
        timer.lap("check links");
        let errors: Vec<Diagnostic> = diags.into_sorted().into_iter().filter(Diagnostic::is_error).collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Some((sink.into_files(), format!("{n} pages re-rendered{}", stages(&timer)))))
    }

    fn kind(&self, rel: &Path) -> Kind {
        let Some((site, _)) = &self.state else { return Kind::Full };
        if rel.extension().is_none() && !self.opts.root.join(rel).exists() {
            return Kind::Ignore;
        }
        if rel.starts_with("content") && rel.extension().is_some_and(|e| e == "md") {
            return Kind::Content(rel.to_path_buf());
        }
        // Only a file the build planned to copy (its path, symlinks, leftovers and collisions
        // checked) is copied on its own; anything new or odd takes the full build and its checks.
        let is_link = std::fs::symlink_metadata(self.opts.root.join(rel)).map(|m| m.file_type().is_symlink()).unwrap_or(true);
        match site.copied.iter().find(|f| f.built_in.is_none() && f.from == rel) {
            Some(f) if !is_link && self.opts.root.join(rel).is_file() => Kind::Copy(rel.to_path_buf(), f.out.as_path().to_path_buf()),
            _ => Kind::Full,
        }
    }
}

/// With `HAVEN_TIMINGS` set (and not `0`), each stage of an incremental rebuild, for the summary.
fn stages(timer: &Timer) -> String {
    if std::env::var_os("HAVEN_TIMINGS").is_none_or(|v| v.is_empty() || v == "0") {
        return String::new();
    }
    let laps: Vec<String> = timer.timings().iter().map(|(stage, took)| format!("{stage} {:.1} ms", took.as_secs_f64() * 1000.0)).collect();
    format!(" ({})", laps.join(", "))
}
