//! `haven build` as a flat list of timed stages, each handing plain data to the next:
//! config -> strings -> content -> library -> templates -> render+check+write -> site files -> links.

use crate::checks::{self, HrefPool, IdSet, LinkRecord, PageOrigin};
use crate::config::Config;
use crate::config::LocaleId;
use crate::diagnostics::{Diagnostic, Diagnostics, Rule, Severity};
use crate::library::GroupId;
use crate::outpath::OutputPath;
use crate::render::{self, RenderedPage};
use crate::site::Loaded;
use crate::{feeds, output, sitemap};
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub drafts: bool,
    /// Content-lint warnings become errors.
    pub strict: bool,
    /// Pages carry the dev server's live-reload script.
    pub dev: bool,
    /// "Today", for the helpline freshness check.
    pub today: chrono::NaiveDate,
    /// The straightforward build: one thread, every page body kept in memory. Its output is
    /// byte-identical to the default build's (tests/build_identical.rs compares them).
    pub reference: bool,
    /// Replace an existing output folder even without Haven's marker (`haven build --force`).
    pub force: bool,
    /// Replaces `base_url` of `site.toml` (`--base-url`; the dev server's own address).
    pub base_url: Option<String>,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            output: root.join("public"),
            root,
            drafts: false,
            strict: false,
            dev: false,
            today: chrono::Local::now().date_naive(),
            reference: false,
            force: false,
            base_url: None,
        }
    }
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
    pub files: usize,
    pub timings: Vec<(&'static str, Duration)>,
    /// The process's peak memory (KiB) at the end of each timed stage, with `HAVEN_TIMINGS` set
    /// (empty otherwise, or where `/proc/self/status` is missing).
    pub peaks: Vec<u64>,
    /// Whether the output folder was replaced.
    pub written: bool,
    /// What the image cleaner did (every published image goes through it).
    pub images: crate::images::ImageCounts,
}

impl BuildReport {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// The script the dev server's pages load to reload on rebuilds.
pub const LIVE_RELOAD_TAG: &str = "<script src=\"/__haven/livereload.js\" defer></script>";

/// Times the stages of a build, and with `HAVEN_TIMINGS` set records the peak memory after each.
pub struct Timer {
    timings: Vec<(&'static str, Duration)>,
    start: Instant,
    peaks: Option<Vec<u64>>,
}

impl Default for Timer {
    fn default() -> Self {
        let wanted = std::env::var_os("HAVEN_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0");
        Timer { timings: vec![], start: Instant::now(), peaks: wanted.then(Vec::new) }
    }
}

/// The process's peak resident memory so far in KiB (`VmHWM` of `/proc/self/status`, Linux).
pub fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?;
    line.trim().trim_end_matches("kB").trim().parse().ok()
}

impl Timer {
    /// The stages timed so far.
    pub fn timings(&self) -> &[(&'static str, Duration)] {
        &self.timings
    }

    /// Ends the stage `stage` now.
    pub fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.timings.push((stage, now - self.start));
        self.record_peak();
        self.start = now;
    }

    fn record_peak(&mut self) {
        if let Some(peaks) = &mut self.peaks {
            peaks.extend(peak_memory());
        }
    }
}

/// Builds the site. `Err` only when the build cannot start (no or invalid `site.toml`,
/// a forbidden output folder); every other problem is a diagnostic in the report.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    build_with(opts).map(|(report, _)| report)
}

/// [`build`], also returning the loaded site and its link index when the build got that far
/// (the dev server keeps them for incremental rebuilds).
pub fn build_with(opts: &BuildOptions) -> Result<(BuildReport, Option<(Loaded, LinkIndex)>)> {
    if opts.reference {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().context("cannot start the build thread")?;
        return pool.install(|| build_stages(opts));
    }
    build_stages(opts)
}

fn build_stages(opts: &BuildOptions) -> Result<(BuildReport, Option<(Loaded, LinkIndex)>)> {
    let mut timer = Timer::default();
    let mut config = Config::load(&opts.root)?;
    if let Some(url) = &opts.base_url {
        config.set_base_url(url)?;
    }
    let claim = output::claim(&opts.root, &opts.output, opts.force)?;
    let diags = Diagnostics::new();
    timer.lap("config");

    let Some(site) = Loaded::load(config, opts.drafts, opts.today, !opts.reference, &diags) else {
        return Ok((finish(diags, opts, timer, 0, 0, false), None));
    };
    timer.lap("read and structure");
    let staging = claim.stage()?;
    let sink = output::DiskSink::new(&staging.dir);
    let mut index = LinkIndex::default();
    let (pages, files) = render(&site, opts, &sink, &Scope::Full, &mut index, &diags, &mut timer)?;
    index.files.extend(sink.written());
    diags.extend(index.check(&site.config.base_url));
    diags.extend(checks::share_images(&site.config, site.lib.sources(), &index.files));
    diags.extend(site.strings.findings());
    timer.lap("check links");

    let mut report = finish(diags, opts, timer, pages, files, false);
    report.images = index.images;
    if report.errors() == 0 {
        let start = Instant::now();
        staging.commit()?;
        report.timings.push(("commit", start.elapsed()));
        if !report.peaks.is_empty() {
            report.peaks.extend(peak_memory());
        }
        report.written = true;
    }
    Ok((report, Some((site, index))))
}

/// What a render covers.
#[derive(Debug, Clone)]
pub enum Scope {
    /// Every page, the special pages, the site files and the static files.
    Full,
    /// Only these pages (group, locale), and with `site_files` the site map and feeds, with
    /// `listings: Some(tags)` each locale's site map page, the pages of these tags (as written
    /// in front matter) and the feeds: the dev server's incremental rebuild after a content edit
    /// that leaves the set of pages as it was.
    Pages { pages: Vec<(GroupId, LocaleId)>, site_files: bool, listings: Option<Vec<String>> },
}

/// Every page's element ids and every other output file, and the links still to check.
#[derive(Debug, Default)]
pub struct LinkIndex {
    pub ids: HashMap<String, IdSet>,
    pub files: HashSet<String>,
    pending: Vec<LinkRecord>,
    /// The search index of every locale, kept so an incremental rebuild rewrites its shards.
    pub search: crate::search::SiteIndex,
    /// What the image cleaner did in the last full render.
    pub images: crate::images::ImageCounts,
    /// One copy of each recorded href: most links (menus, the language switcher) are on every page.
    hrefs: HrefPool,
}

/// The href pool of a render, shared by the threads that write pages.
#[derive(Debug, Default)]
struct Hrefs(Mutex<HrefPool>);

impl Hrefs {
    /// The pool's index of each of `hrefs`, in order.
    fn intern(&self, hrefs: &[&str]) -> Vec<u32> {
        let mut pool = self.0.lock().unwrap_or_else(|e| e.into_inner());
        hrefs.iter().map(|h| pool.intern(h)).collect()
    }
}

impl LinkIndex {
    fn add(&mut self, (record, ids): (LinkRecord, IdSet)) {
        self.ids.insert(record.url.clone(), ids);
        self.pending.push(record);
    }

    /// Checks the links recorded since the last check.
    pub fn check(&mut self, base_url: &str) -> Vec<Diagnostic> {
        let pending = std::mem::take(&mut self.pending);
        let targets = checks::LinkTargets { ids: &self.ids, files: &self.files, base_url, hrefs: &self.hrefs };
        // Few large chunks: each resolves a link shared by many pages once.
        let chunk = pending.len().div_ceil(4 * rayon::current_num_threads()).max(256);
        pending.par_chunks(chunk).flat_map_iter(|chunk| checks::links(chunk, &targets)).collect()
    }
}

/// Renders, checks and writes what `scope` covers into `sink`, recording links into `index`.
/// Returns the pages and other files written. Full builds and incremental ones share this code.
pub fn render(
    site: &Loaded,
    opts: &BuildOptions,
    sink: &dyn output::Sink,
    scope: &Scope,
    index: &mut LinkIndex,
    diags: &Diagnostics,
    timer: &mut Timer,
) -> Result<(usize, usize)> {
    let config = &site.config;
    let lib = &site.lib;
    let jobs: Vec<(GroupId, LocaleId)> = match scope {
        Scope::Full => lib.group_ids().flat_map(|g| config.locale_ids().map(move |l| (g, l))).collect(),
        Scope::Pages { pages, .. } => pages.clone(),
    };
    let images =
        crate::images::srcset::Publisher::new(&config.root, &config.base_path, site.copied.iter().map(|f| (&f.out, f.from.as_path(), f.built_in)), sink);
    let hrefs = Hrefs(Mutex::new(std::mem::take(&mut index.hrefs)));
    let templates: Arc<std::path::Path> = site.templates_dir.as_path().into();
    let writer = PageWriter { site, sink, dev: opts.dev, diags, images: &images, hrefs: &hrefs, templates };
    let search_docs: std::sync::Mutex<Vec<(String, usize, crate::search::PackedDoc)>> = Default::default();
    let records: Vec<(LinkRecord, IdSet)> = jobs
        .par_iter()
        .filter_map(|&(g, l)| {
            let (mut page, d) = render::page(site, g, l);
            diags.extend(d);
            let code = config.locale(l).code.as_str();
            if let Some(doc) = page.as_mut().and_then(|p| p.search.take()).map(crate::search::PackedDoc::new) {
                search_docs.lock().unwrap_or_else(|e| e.into_inner()).push((code.to_string(), g.order(), doc));
            }
            page.and_then(|p| writer.write(p, code))
        })
        .collect();
    let mut pages = records.len();
    records.into_iter().for_each(|r| index.add(r));
    let docs = search_docs.into_inner().unwrap_or_else(|e| e.into_inner());
    timer.lap("render");
    let searched: Vec<&str> = if config.search { config.locales.iter().map(|l| l.code.as_str()).collect() } else { vec![] };
    for (path, bytes) in index.search.update(&site.search_terms, matches!(scope, Scope::Full), opts.dev, &searched, docs, |l| {
        std::path::Path::new(config.locale_prefix(l).trim_start_matches('/')).join("search")
    }) {
        sink.put(&OutputPath::from_rel_path(&path)?, bytes)?;
    }
    timer.lap("search index");

    // The special pages and the site-wide files do not depend on each other: make them side by side.
    let full = matches!(scope, Scope::Full);
    let (specials, files) = rayon::join(
        || match scope {
            Scope::Full => special_pages(site, &writer),
            Scope::Pages { listings: Some(tags), .. } => listing_pages(site, &writer, tags),
            Scope::Pages { listings: None, .. } => vec![],
        },
        || -> Result<(usize, crate::images::ImageCounts)> {
            if matches!(scope, Scope::Full | Scope::Pages { site_files: true, .. }) {
                site_files(site, opts, sink)?;
            } else if matches!(scope, Scope::Pages { listings: Some(_), .. }) {
                // Not sitemap.xml, which shows no titles (42 MB at 10,000 x 5).
                feeds(site, opts, sink)?;
            }
            if full {
                static_files(site, sink, diags)
            } else {
                Ok(Default::default())
            }
        },
    );
    let (files, counts) = files?;
    if full {
        index.images = counts;
    }
    pages += specials.len();
    specials.into_iter().for_each(|r| index.add(r));
    index.hrefs = hrefs.0.into_inner().unwrap_or_else(|e| e.into_inner());
    timer.lap("site files");
    Ok((pages, files))
}

/// 404, search, tag and site map pages per locale, and the root chooser, written as they are made.
fn special_pages(site: &Loaded, writer: &PageWriter) -> Vec<(LinkRecord, IdSet)> {
    let config = &site.config;
    let pages: Vec<_> = config.locale_ids().flat_map(|l| render::special::locale_pages(site, l)).collect();
    let mut records = write_specials(site, writer, &pages);
    records.par_extend(
        site.aliases
            .par_iter()
            .filter_map(|a| writer.write_or_report(render::special::redirect(site, &a.url, a.locale, a.to.clone()), &config.locale(a.locale).code)),
    );
    // The language chooser is a page like any other: the same safety checks and link index.
    records.extend(render::special::root(site).and_then(|p| writer.write_or_report(p, &config.default_locale)));
    records
}

/// Each locale's site map page and the pages of `tags`, after an edit of what lists show.
fn listing_pages(site: &Loaded, writer: &PageWriter, tags: &[String]) -> Vec<(LinkRecord, IdSet)> {
    let pages: Vec<_> = site.config.locale_ids().flat_map(|l| render::special::listing_pages(site, l, tags)).collect();
    write_specials(site, writer, &pages)
}

/// Renders and writes generated pages page by page, not locale by locale: a locale's tag pages
/// are most of the work.
fn write_specials(site: &Loaded, writer: &PageWriter, pages: &[render::special::Special<'_>]) -> Vec<(LinkRecord, IdSet)> {
    pages.par_iter().filter_map(|p| writer.write_or_report(p.render(site), &site.config.locale(p.locale()).code)).collect()
}

/// Each locale's feed.
fn feeds(site: &Loaded, opts: &BuildOptions, sink: &dyn output::Sink) -> Result<()> {
    let (config, lib) = (&site.config, &site.lib);
    config.locales.par_iter().try_for_each(|l| match feeds::atom(config, lib, &l.code, opts.today) {
        Some(feed) => sink.put(&OutputPath::from_url(&format!("{}/atom.xml", config.locale_prefix(&l.code)))?, feed.into_bytes()),
        None => Ok(()),
    })
}

/// `sitemap.xml`, `robots.txt` and each locale's feed, the site map beside the feeds.
fn site_files(site: &Loaded, opts: &BuildOptions, sink: &dyn output::Sink) -> Result<()> {
    let (config, lib) = (&site.config, &site.lib);
    let (map, feeds) = rayon::join(|| sink.put(&OutputPath::new("sitemap.xml")?, sitemap::xml(config, lib).into_bytes()), || feeds(site, opts, sink));
    map?;
    feeds?;
    sink.put(&OutputPath::new("robots.txt")?, sitemap::robots(config).into_bytes())?;
    if config.hosting_headers {
        sink.put(&OutputPath::new("_headers")?, crate::headers::netlify().into_bytes())?;
    }
    if !config.brand.css.is_empty() {
        sink.put(&OutputPath::new(crate::brand::COLOURS_PATH)?, config.brand.css.clone().into_bytes())?;
    }
    Ok(())
}

/// The theme's and the site's `static/`, and the files beside the content, as planned (and
/// checked for collisions, symlinks and leftovers) when the site was loaded.
fn static_files(site: &Loaded, sink: &dyn output::Sink, diags: &Diagnostics) -> Result<(usize, crate::images::ImageCounts)> {
    let tally = crate::images::Tally::default();
    let outs: HashSet<String> = site.copied.iter().map(|f| format!("/{}", f.out)).collect();
    site.copied.par_iter().try_for_each(|f| -> Result<()> {
        let bytes = match f.built_in {
            Some(b) => b.to_vec(),
            None => {
                let from = site.config.root.join(&f.from);
                std::fs::read(&from).with_context(|| format!("cannot read {}", from.display()))?
            }
        };
        diags.extend(crate::images::css_file_findings(&f.out, &f.from, &bytes, &outs));
        match crate::images::publishable(f.out.as_path(), bytes, &tally) {
            Ok(bytes) => sink.put(&f.out, bytes),
            Err(e) => {
                diags.push(Diagnostic::error(Rule::ImageMetadata, e).in_file(&f.from));
                Ok(())
            }
        }
    })?;
    Ok((site.copied.len(), tally.counts()))
}

fn finish(diags: Diagnostics, opts: &BuildOptions, timer: Timer, pages: usize, files: usize, written: bool) -> BuildReport {
    let mut diagnostics = diags.into_sorted();
    if opts.strict {
        for d in diagnostics.iter_mut().filter(|d| d.rule.is_lint()) {
            d.severity = Severity::Error;
        }
    }
    // Peaks only when every stage has one, so that they pair with the timings.
    let peaks = timer.peaks.filter(|p| p.len() == timer.timings.len()).unwrap_or_default();
    BuildReport { diagnostics, pages, files, timings: timer.timings, peaks, written, images: Default::default() }
}

/// Checks a rendered page and hands it to the sink.
struct PageWriter<'a> {
    site: &'a Loaded,
    sink: &'a dyn output::Sink,
    dev: bool,
    diags: &'a Diagnostics,
    images: &'a crate::images::srcset::Publisher<'a>,
    hrefs: &'a Hrefs,
    /// The site's templates folder, shared by every page's link record.
    templates: Arc<std::path::Path>,
}

impl PageWriter<'_> {
    /// [`PageWriter::write`] for a page that may have failed to render: its finding is kept.
    fn write_or_report(&self, page: Result<RenderedPage, Diagnostic>, locale: &str) -> Option<(LinkRecord, IdSet)> {
        match page {
            Ok(p) => self.write(p, locale),
            Err(d) => {
                self.diags.push(d);
                None
            }
        }
    }

    /// Checks and writes `page`; returns what the link check keeps of it: its links, and its ids
    /// already packed, so that the pages waiting for the end of the render hold one string each.
    fn write(&self, page: RenderedPage, locale: &str) -> Option<(LinkRecord, IdSet)> {
        let config = &self.site.config;
        let templates_dir = &self.site.templates_dir;
        let scan = crate::scan::scan(&page.html, &config.base_url);
        let mut source = page.source_index.map(|i| std::borrow::Cow::Borrowed(self.site.lib.source(i)));
        if let Some(s) = source.as_mut().filter(|s| scan.has_findings_with_lines() && s.body == crate::content::Body::OnDisk) {
            // Point third-party findings at the line of the body that caused them.
            if let Ok(body) = crate::content::read_body(config, s) {
                s.to_mut().body = crate::content::Body::Loaded(body);
            }
        }
        let origin = PageOrigin { url: &page.url, source: source.as_deref(), templates_dir };
        let exit = self.site.sites.get(locale).map(|s| s.quick_exit_url.as_str()).unwrap_or_default();
        self.diags.extend(checks::safety(&scan, exit, &origin));
        self.diags.extend(checks::third_party(&scan, &origin, &self.site.template_texts));
        self.diags.extend(checks::base_path_resources(&page.html, &config.base_url, &origin, &self.site.template_texts));
        let rewritten = self.images.rewrite(page.html, &page.url);
        let file = page.source.clone().unwrap_or_else(|| templates_dir.clone());
        self.diags
            .extend(rewritten.problems.iter().map(|(img, e)| Diagnostic::error(Rule::Image, format!("{img} (on page {}): {e}", page.url)).in_file(&file)));
        self.diags.extend(self.images.weight_finding((&page.url, rewritten.html.len()), &scan.loads, &rewritten.smallest, config.page_budget, &file));
        let mut html = rewritten.html;
        if self.dev {
            if let Some(i) = html.rfind("</body>") {
                html.insert_str(i, LIVE_RELOAD_TAG);
            }
        }
        if let Err(e) = OutputPath::from_url(&page.url).map_err(anyhow::Error::from).and_then(|out| self.sink.put(&out, html.into_bytes())) {
            self.diags.push(Diagnostic::error(Rule::Write, format!("{e:#}")));
            return None;
        }
        let file = page.source.unwrap_or_else(|| templates_dir.clone());
        // Only links the link check looks at, once each: a large site keeps fewer strings.
        let mut local: Vec<&str> =
            scan.links.iter().chain(&scan.images).map(String::as_str).filter(|h| checks::site_local(h, &config.base_url).is_some()).collect();
        local.sort_unstable();
        local.dedup();
        // The content's links among them, with their lines: where a broken one is reported.
        let content: Vec<&str> = if page.own_content { page.links.iter().map(|l| l.url.as_str()).collect() } else { vec![] };
        let shown: Vec<usize> = (0..content.len()).filter(|&i| local.binary_search(&content[i]).is_ok()).collect();
        let ids = self.hrefs.intern(&local.iter().copied().chain(shown.iter().map(|&i| content[i])).collect::<Vec<_>>());
        let (hrefs, content_ids) = ids.split_at(local.len());
        let lines = shown.iter().map(|&i| u32::try_from(page.links[i].line).unwrap_or(u32::MAX));
        let content_links = content_ids.iter().copied().zip(lines).collect();
        let record = LinkRecord { url: page.url, file, templates: self.templates.clone(), hrefs: hrefs.to_vec(), content_links };
        Some((record, IdSet::new(scan.ids)))
    }
}
