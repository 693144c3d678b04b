//! The loaded site: configuration, interface strings, structure and template engines, owned in
//! one value, so that a full build and the dev server's incremental rebuilds render from it alike.

use crate::config::Config;
use crate::content::Source;
use crate::context::{LangCtx, SiteCtx};
use crate::diagnostics::Diagnostics;
use crate::helplines::Helpline;
use crate::i18n::Strings;
use crate::library::Library;
use crate::render::RenderEnv;
use crate::taxonomy::Tags;
use crate::urls::Urls;
use crate::published::{self, CopiedFile};
use crate::{content, fsutil, helplines, i18n, library, templates};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use tera::Tera;

/// Everything rendering needs, loaded once.
pub struct Loaded {
    pub config: Config,
    pub strings: Arc<Strings>,
    pub snippets: Vec<Source>,
    /// Non-Markdown files of `content/`, relative to it.
    pub assets: Vec<PathBuf>,
    /// Every file copied as it is (theme and site `static/`, content files), checked for collisions.
    pub copied: Vec<CopiedFile>,
    pub helplines: HashMap<String, Vec<Helpline>>,
    pub lib: Library,
    pub urls: Arc<Urls>,
    pub langs: Vec<LangCtx>,
    pub engines: HashMap<String, Tera>,
    pub tags: Tags,
    /// Redirect pages for moved pages (`aliases` in front matter).
    pub aliases: Vec<crate::aliases::Alias>,
    /// Template files (relative path, text), to point findings at the line that caused them.
    pub template_texts: Vec<(PathBuf, String)>,
    pub templates_dir: PathBuf,
    /// Page bodies are not kept in memory but read again when a page is rendered.
    pub lazy_bodies: bool,
    /// The vague link texts of every locale (from their `lint.ftl`), for the link-text lint.
    pub vague_words: crate::lint::VagueWords,
}

impl Loaded {
    /// Reads strings, content, helplines, structure and templates. `None` when the site cannot be
    /// rendered (no home page, broken templates); the reasons are in `diags`.
    /// With `lazy_bodies`, page bodies are read again when rendered instead of kept in memory.
    pub fn load(config: Config, drafts: bool, today: chrono::NaiveDate, lazy_bodies: bool, diags: &Diagnostics) -> Option<Loaded> {
        let (strings, d) = i18n::load(&config);
        diags.extend(d);
        let strings = Arc::new(strings);
        let (content, d) = if lazy_bodies { content::load_without_bodies(&config, drafts) } else { content::load(&config, drafts) };
        diags.extend(d);
        let (lines, d) = helplines::load(&config, today);
        diags.extend(d);
        let (helplines, d) = helplines::localise(&config, &lines);
        diags.extend(d);
        let (lib, d) = library::build(&config, content.sources);
        diags.extend(d);
        let (tera, d) = templates::load(&config);
        diags.extend(d);
        let (lib, (tera, origins)) = (lib?, tera?);
        let urls = Arc::new(Urls::new(&config, &lib));
        let langs = config.locales.iter().map(|l| LangCtx { code: l.code.clone(), name: l.name.clone(), dir: l.dir.as_str() }).collect();
        let engines = config.locales.iter().map(|l| (l.code.clone(), templates::for_locale(&tera, &l.code, strings.clone(), urls.clone()))).collect();
        let (tags, d) = Tags::collect(&config, &lib, &strings);
        diags.extend(d);
        let (aliases, d) = crate::aliases::collect(&config, &lib);
        diags.extend(d);
        let (copied, d) = published::plan(&config, &lib, &tags, &content.assets);
        diags.extend(d);
        let template_texts = origins.values().filter_map(|p| fsutil::read_text(&config.root.join(p)).ok().map(|t| (p.clone(), t))).collect();
        let templates_dir = PathBuf::from(format!("themes/{}/templates", config.theme));
        Some(Loaded {
            strings,
            snippets: content.snippets,
            assets: content.assets,
            copied,
            helplines,
            lib,
            urls,
            langs,
            engines,
            tags,
            aliases,
            template_texts,
            templates_dir,
            lazy_bodies,
            vague_words: crate::lint::VagueWords::load(&config),
            config,
        })
    }

    /// Runs `f` with the render environment of this site.
    pub fn with_env<R>(&self, f: impl FnOnce(&RenderEnv) -> R) -> R {
        let config = &self.config;
        let sites: HashMap<String, SiteCtx> = config
            .locales
            .iter()
            .map(|l| {
                let site = SiteCtx {
                    title: &l.title,
                    description: &l.description,
                    base_url: &config.base_url,
                    base_path: &config.base_path,
                    origin: config.base_url.strip_suffix(config.base_path.as_str()).unwrap_or(&config.base_url),
                    default_locale: &config.default_locale,
                    locales: &self.langs,
                    quick_exit_url: &l.quick_exit_url,
                    helplines: &self.helplines[&l.code],
                    search: config.search,
                };
                (l.code.clone(), site)
            })
            .collect();
        let env = RenderEnv {
            config,
            lib: &self.lib,
            urls: &self.urls,
            langs: &self.langs,
            sites: &sites,
            engines: &self.engines,
            snippets: &self.snippets,
            tags: &self.tags,
            lazy_bodies: self.lazy_bodies,
            vague_words: &self.vague_words,
        };
        f(&env)
    }
}
