//! `haven build` as a flat list of timed stages, each handing plain data to the next:
//! config -> strings -> content -> library -> templates -> render+check+write -> site files -> links.

use crate::checks::{self, LinkRecord, PageOrigin};
use crate::config::Config;
use crate::context::{LangCtx, SiteCtx};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::render::{output_path, RenderEnv, RenderedPage};
use crate::{content, feeds, fsutil, helplines, i18n, library, output, sitemap, templates, urls};
use anyhow::Result;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
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
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions { output: root.join("public"), root, drafts: false, strict: false, dev: false, today: chrono::Local::now().date_naive() }
    }
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
    pub files: usize,
    pub timings: Vec<(&'static str, Duration)>,
    /// Whether the output folder was replaced.
    pub written: bool,
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

/// Lint rules that `--strict` turns into errors.
const LINT_RULES: &[&str] = &["img-alt", "heading-skip", "multiple-h1", "link-text", "table-header", "html-lang"];

struct Timer {
    timings: Vec<(&'static str, Duration)>,
    start: Instant,
}

impl Timer {
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.timings.push((stage, now - self.start));
        self.start = now;
    }
}

/// Builds the site. `Err` only when the build cannot start (no or invalid `site.toml`,
/// a forbidden output folder); every other problem is a diagnostic in the report.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    let mut timer = Timer { timings: vec![], start: Instant::now() };
    let config = Config::load(&opts.root)?;
    output::check_destination(&opts.root, &opts.output)?;
    let diags = Diagnostics::new();
    timer.lap("config");

    let (strings, d) = i18n::load(&config);
    diags.extend(d);
    let strings = Arc::new(strings);
    let (content, d) = content::load(&config, opts.drafts);
    diags.extend(d);
    let (helplines, d) = helplines::load(&config, opts.today);
    diags.extend(d);
    let (helplines, d) = helplines::localise(&config, &helplines);
    diags.extend(d);
    timer.lap("read");

    let (lib, d) = library::build(&config, content.sources);
    diags.extend(d);
    let (tera, d) = templates::load(&config);
    diags.extend(d);
    timer.lap("structure");
    let (Some(lib), Some((tera, origins))) = (lib, tera) else {
        return Ok(finish(diags, opts, timer, 0, 0, false));
    };
    let urls = Arc::new(urls::Urls::new(&config, &lib));
    let langs: Vec<LangCtx> = config.locales.iter().map(|l| LangCtx { code: l.code.clone(), name: l.name.clone(), dir: l.dir.as_str() }).collect();
    let sites: HashMap<String, SiteCtx> = config
        .locales
        .iter()
        .map(|l| {
            let site = SiteCtx {
                title: &l.title,
                description: &l.description,
                base_url: &config.base_url,
                default_locale: &config.default_locale,
                locales: &langs,
                quick_exit_url: &l.quick_exit_url,
                helplines: &helplines[&l.code],
                search: config.search,
            };
            (l.code.clone(), site)
        })
        .collect();
    let engines: HashMap<String, tera::Tera> =
        config.locales.iter().map(|l| (l.code.clone(), templates::for_locale(&tera, &l.code, strings.clone(), urls.clone()))).collect();
    let tags = crate::taxonomy::Tags::collect(&config, &lib, &strings);
    let env = RenderEnv { config: &config, lib: &lib, urls: &urls, langs: &langs, sites: &sites, engines: &engines, snippets: &content.snippets, tags: &tags };
    let template_texts: Vec<(PathBuf, String)> =
        origins.values().filter_map(|p| fsutil::read_text(&config.root.join(p)).ok().map(|t| (p.clone(), t))).collect();
    let staging = output::Staging::new(&opts.output)?;
    let templates_dir = PathBuf::from(format!("themes/{}/templates", config.theme));
    timer.lap("prepare");

    // Render, check and write every page in parallel; keep only what the link check needs.
    let jobs: Vec<(usize, &str)> = (0..lib.groups.len()).flat_map(|g| config.locales.iter().map(move |l| (g, l.code.as_str()))).collect();
    let writer = PageWriter { config: &config, lib: &lib, staging: &staging.dir, templates_dir: &templates_dir, templates: &template_texts, dev: opts.dev, diags: &diags };
    let search_docs: std::sync::Mutex<HashMap<&str, Vec<(usize, crate::search::SearchDoc)>>> = Default::default();
    let mut records: Vec<(LinkRecord, Vec<String>)> = jobs
        .par_iter()
        .enumerate()
        .filter_map(|(i, &(g, l))| {
            let (mut page, d) = env.page(g, l);
            diags.extend(d);
            if let Some(doc) = page.as_mut().and_then(|p| p.search.take()) {
                search_docs.lock().unwrap_or_else(|e| e.into_inner()).entry(l).or_default().push((i, doc));
            }
            page.and_then(|p| writer.write(p, l))
        })
        .collect();
    for (locale, mut docs) in search_docs.into_inner().unwrap_or_else(|e| e.into_inner()) {
        docs.sort_by_key(|(i, _)| *i);
        let docs: Vec<_> = docs.into_iter().map(|(_, d)| d).collect();
        let path = staging.dir.join(config.locale_prefix(locale).trim_start_matches('/')).join("search.json");
        fsutil::write(&path, crate::search::index_json(&docs))?;
    }
    timer.lap("render");

    let mut specials = Vec::new();
    for l in &config.locales {
        let prefix = config.locale_prefix(&l.code);
        specials.push(env.special("404.html", &format!("{prefix}/404.html"), &l.code, None).map(|p| (p, l.code.as_str())));
        if config.search {
            specials.push(env.special("search.html", &format!("{prefix}/search/"), &l.code, None).map(|p| (p, l.code.as_str())));
        }
        if !tags.is_empty() {
            specials.extend(crate::taxonomy::special_pages(&env, &tags, &l.code).into_iter().map(|p| p.map(|p| (p, l.code.as_str()))));
        }
        let tree = vec![env.tree(lib.home, &l.code)];
        specials.push(env.special("sitemap.html", &format!("{prefix}/sitemap/"), &l.code, Some(tree)).map(|p| (p, l.code.as_str())));
    }
    for s in specials {
        match s {
            Ok((p, l)) => records.extend(writer.write(p, l)),
            Err(d) => diags.push(d),
        }
    }
    if config.default_locale_in_subdir {
        match env.special("root.html", "/", &config.default_locale, None) {
            Ok(p) => fsutil::write(&staging.dir.join("index.html"), p.html)?,
            Err(d) => diags.push(d),
        }
    }
    fsutil::write(&staging.dir.join("sitemap.xml"), sitemap::xml(&config, &lib))?;
    fsutil::write(&staging.dir.join("robots.txt"), sitemap::robots(&config))?;
    for l in &config.locales {
        if let Some(feed) = feeds::atom(&config, &lib, &l.code, opts.today) {
            let path = staging.dir.join(config.locale_prefix(&l.code).trim_start_matches('/')).join("atom.xml");
            fsutil::write(&path, feed)?;
        }
    }
    let mut files = fsutil::copy_tree(&config.theme_dir().join("static"), &staging.dir)?;
    files += fsutil::copy_tree(&config.root.join("static"), &staging.dir)?;
    for asset in &content.assets {
        let from = config.root.join("content").join(asset);
        fsutil::write(&staging.dir.join(asset), std::fs::read(&from).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", from.display()))?)?;
        files += 1;
    }
    timer.lap("site files");

    let pages = records.len();
    let ids: HashMap<String, HashSet<String>> = records.iter_mut().map(|(r, ids)| (r.url.clone(), std::mem::take(ids).into_iter().collect())).collect();
    let mut other_files = list_files(&staging.dir);
    if other_files.contains("/index.html") {
        other_files.insert("/".to_string());
    }
    let recs: Vec<LinkRecord> = records.into_iter().map(|(r, _)| r).collect();
    diags.extend(checks::links(&recs, &ids, &other_files, &config.base_url));
    diags.extend(strings.findings());
    timer.lap("check links");

    let mut report = finish(diags, opts, timer, pages, files, false);
    if report.errors() == 0 {
        staging.commit()?;
        report.written = true;
    }
    Ok(report)
}

fn finish(diags: Diagnostics, opts: &BuildOptions, timer: Timer, pages: usize, files: usize, written: bool) -> BuildReport {
    let mut diagnostics = diags.into_sorted();
    if opts.strict {
        for d in diagnostics.iter_mut().filter(|d| LINT_RULES.contains(&d.rule)) {
            d.severity = Severity::Error;
        }
    }
    BuildReport { diagnostics, pages, files, timings: timer.timings, written }
}

/// Checks a rendered page and writes it into the staging folder.
struct PageWriter<'a> {
    config: &'a Config,
    lib: &'a library::Library,
    staging: &'a Path,
    templates_dir: &'a Path,
    templates: &'a [(PathBuf, String)],
    dev: bool,
    diags: &'a Diagnostics,
}

impl PageWriter<'_> {
    fn write(&self, page: RenderedPage, locale: &str) -> Option<(LinkRecord, Vec<String>)> {
        let source = page.source_index.map(|i| &self.lib.sources[i]);
        let origin = PageOrigin { url: &page.url, source, templates_dir: self.templates_dir };
        let scan = crate::scan::scan(&page.html, &self.config.base_url);
        let exit = &self.config.locale(locale).expect("configured").quick_exit_url;
        self.diags.extend(checks::safety(&scan, exit, &origin));
        self.diags.extend(checks::third_party(&scan, &origin, self.templates));
        let mut html = page.html;
        if self.dev {
            if let Some(i) = html.rfind("</body>") {
                html.insert_str(i, LIVE_RELOAD_TAG);
            }
        }
        if let Err(e) = fsutil::write(&self.staging.join(output_path(&page.url)), html) {
            self.diags.push(Diagnostic::error("write", format!("{e:#}")));
            return None;
        }
        let file = page.source.unwrap_or_else(|| self.templates_dir.to_path_buf());
        let content_links = if page.own_content { page.links } else { vec![] };
        Some((LinkRecord { url: page.url, file, templates: self.templates_dir.to_path_buf(), hrefs: scan.links, content_links }, scan.ids))
    }
}

/// Every non-page file of the output, as URL paths (`/css/haven.css`).
fn list_files(dir: &Path) -> HashSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| format!("/{}", e.path().strip_prefix(dir).expect("below").to_string_lossy().replace('\\', "/")))
        .collect()
}
