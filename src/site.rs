//! The loaded site: configuration, interface strings, structure and template engines, owned in
//! one value, so that a full build and the dev server's incremental rebuilds render from it alike.

use crate::config::Config;
use crate::content::Source;
use crate::context::{LangCtx, LocaleParts, SiteCtx};
use crate::diagnostics::Diagnostics;
use crate::helplines::Helpline;
use crate::i18n::Strings;
use crate::library::Library;
use crate::published::{self, CopiedFile};
use crate::taxonomy::Tags;
use crate::urls::Urls;
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
    /// Each locale's site context, by locale code.
    pub sites: HashMap<String, SiteCtx>,
    /// Each locale's parts of the base layout, rendered once, by locale code.
    pub parts: HashMap<String, LocaleParts>,
    pub engines: HashMap<String, Tera>,
    pub tags: Tags,
    /// Redirect pages for moved pages (`aliases` in front matter).
    pub aliases: Vec<crate::aliases::Alias>,
    /// Template files (relative path, text), to point findings at the line that caused them.
    pub template_texts: Vec<(PathBuf, String)>,
    pub templates_dir: PathBuf,
    /// Page bodies are not kept in memory but read again when a page is rendered.
    pub lazy_bodies: bool,
    /// The pages with a role (help, safety, about).
    pub roles: crate::roles::Roles,
    /// The vague link texts of every locale (from their `lint.ftl`), for the link-text lint.
    pub vague_words: crate::lint::VagueWords,
    /// The search terms of this site's pages, shared by the render threads.
    pub search_terms: crate::search::Vocab,
}

impl Loaded {
    /// Reads strings, content, helplines, structure and templates. `None` when the site cannot be
    /// rendered (no home page, broken templates); the reasons are in `diags`.
    /// With `lazy_bodies`, page bodies are read again when rendered instead of kept in memory.
    pub fn load(config: Config, drafts: bool, today: chrono::NaiveDate, lazy_bodies: bool, diags: &Diagnostics) -> Option<Loaded> {
        // Parsing the templates is one thread's work: it runs beside reading the content and the structure.
        let ((strings, content, helplines, lib), (tera, d)) =
            rayon::join(|| read_structure(&config, drafts, today, lazy_bodies, diags), || templates::load(&config));
        diags.extend(d);
        let (lib, (tera, origins)) = (lib?, tera?);
        let (roles, d) = crate::roles::Roles::find(&lib, &config.default_locale);
        diags.extend(d);
        diags.extend(crate::menu::check_pages(&config.menu, &lib));
        // Tags, redirects and URLs each read the whole library and nothing of each other.
        let ((tags, d), ((aliases, d2), urls)) = rayon::join(
            || Tags::collect(&config, &lib, &strings),
            || rayon::join(|| crate::aliases::collect(&config, &lib), || Arc::new(Urls::new(&config, &lib))),
        );
        diags.extend(d);
        diags.extend(d2);
        let langs: Vec<LangCtx> = config.locales.iter().map(|l| LangCtx { code: l.code.clone(), name: l.name.clone(), dir: l.dir.as_str() }).collect();
        let engines: HashMap<String, Tera> =
            config.locales.iter().map(|l| (l.code.clone(), templates::for_locale(&tera, &l.code, strings.clone(), urls.clone()))).collect();
        let (copied, d) = published::plan(&config, &lib, &tags, &content.assets);
        diags.extend(d);
        let sites = site_contexts(&config, &langs, &helplines, &roles, &lib);
        let parts = locale_parts(&config, &origins, &engines, &sites, &langs);
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
            sites,
            parts,
            engines,
            tags,
            aliases,
            template_texts,
            templates_dir,
            lazy_bodies,
            roles,
            vague_words: crate::lint::VagueWords::load(&config),
            search_terms: Default::default(),
            config,
        })
    }
}

/// The interface strings, the content (its sources moved into the library), the localised
/// helplines and the library, each stage's findings pushed into `diags`.
fn read_structure(
    config: &Config,
    drafts: bool,
    today: chrono::NaiveDate,
    lazy_bodies: bool,
    diags: &Diagnostics,
) -> (Arc<Strings>, content::Content, HashMap<String, Vec<Helpline>>, Option<Library>) {
    let (strings, d) = i18n::load(config);
    diags.extend(d);
    let (mut content, d) = if lazy_bodies { content::load_without_bodies(config, drafts) } else { content::load(config, drafts) };
    diags.extend(d);
    let (lines, d) = helplines::load(config, today);
    diags.extend(d);
    let (helplines, d) = helplines::localise(config, &lines);
    diags.extend(d);
    let (lib, d) = library::build(config, std::mem::take(&mut content.sources));
    diags.extend(d);
    (Arc::new(strings), content, helplines, lib)
}

/// The site context of every locale, by locale code.
fn site_contexts(
    config: &Config,
    langs: &[LangCtx],
    helplines: &HashMap<String, Vec<Helpline>>,
    roles: &crate::roles::Roles,
    lib: &Library,
) -> HashMap<String, SiteCtx> {
    config
        .locales
        .iter()
        .zip(config.locale_ids())
        .map(|(l, id)| {
            let site = SiteCtx {
                title: l.title.clone(),
                description: l.description.clone(),
                base_url: config.base_url.clone(),
                base_path: config.base_path.clone(),
                origin: config.base_url.strip_suffix(config.base_path.as_str()).unwrap_or(&config.base_url).to_string(),
                default_locale: config.default_locale.clone(),
                locales: langs.to_vec(),
                quick_exit_url: l.quick_exit_url.clone(),
                helplines: helplines.get(&l.code).cloned().unwrap_or_default(),
                search: config.search,
                extra: config.extra.clone(),
                brand: config.brand.clone(),
                roles: public_roles(config, roles.urls(lib, id, config.default_locale_id())),
            };
            (l.code.clone(), site)
        })
        .collect()
}

/// The role pages' URLs as published, below the base path like every other URL a template prints
/// (a site under `/campaign/` linked its safety page as `/browse-safely/`); "" stays "".
fn public_roles(config: &Config, urls: crate::roles::RoleUrls) -> crate::roles::RoleUrls {
    let public = |u: String| if u.is_empty() { u } else { config.public_url(&u) };
    crate::roles::RoleUrls { help: public(urls.help), safety: public(urls.safety), about: public(urls.about) }
}

/// The parts of the base layout every page of a locale shares ([`LocaleParts`]), by locale code.
fn locale_parts(
    config: &Config,
    origins: &templates::Origins,
    engines: &HashMap<String, Tera>,
    sites: &HashMap<String, SiteCtx>,
    langs: &[LangCtx],
) -> HashMap<String, LocaleParts> {
    const EXIT: &str = "partials/exit.html";
    let exit_is_default = is_default_template(config, origins, EXIT);
    let built_in_cards = is_default_template(config, origins, "partials/macros.html");
    let built_in_footer = is_default_template(config, origins, "partials/footer.html");
    let built_in_header = is_default_template(config, origins, "partials/header.html");
    langs
        .iter()
        .filter_map(|lang| {
            let (engine, site) = (engines.get(&lang.code)?, sites.get(&lang.code)?);
            let exit = if exit_is_default { render_alone(engine, EXIT, site, lang) } else { None };
            Some((lang.code.clone(), LocaleParts { exit, built_in_cards, built_in_footer, built_in_header, ..Default::default() }))
        })
        .collect()
}

/// True when the template `name` in use is the built-in default theme's, byte for byte: its
/// output then depends on the locale only (a site's own copy may use a page's variables).
fn is_default_template(config: &Config, origins: &templates::Origins, name: &str) -> bool {
    let Some(shown) = origins.get(name) else { return false };
    let built_in = crate::theme::embedded_files("templates", true).into_iter().find(|f| f.rel == name);
    let Some(bytes) = built_in.as_ref().and_then(crate::theme::LayerFile::built_in_bytes) else { return false };
    shown.starts_with(crate::theme::BUILT_IN_LABEL) || std::fs::read(config.root.join(shown)).is_ok_and(|t| t == bytes)
}

/// Renders the template `name` with only `site` and `lang` in its context; `None` when that
/// fails (each page then renders it, and reports the error).
fn render_alone(engine: &Tera, name: &str, site: &SiteCtx, lang: &LangCtx) -> Option<String> {
    let mut ctx = tera::Context::new();
    ctx.insert("site", site);
    ctx.insert("lang", lang);
    engine.render(name, &ctx).ok()
}
