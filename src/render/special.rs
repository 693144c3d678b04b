//! The generated pages, which have no content source: each locale's 404, search, tag list, tag
//! pages and site map, and the language chooser at the site root.

use super::{render_template, RenderedPage};
use crate::config::LocaleId;
use crate::context::*;
use crate::diagnostics::{Diagnostic, Rule};
use crate::library::GroupId;
use crate::site::Loaded;
use crate::taxonomy::Tag;
use rayon::prelude::*;
use std::sync::Arc;

/// What a generated page shows besides the shell.
#[derive(Default)]
struct Extra {
    tree: Option<Vec<TreeNode>>,
    /// Its URLs as published (below the base path).
    taxonomy: Option<TaxonomyCtx>,
    redirect: Option<RedirectCtx>,
}

/// One generated page of a locale, not yet rendered: the pages of a site are listed first and
/// then rendered and written in parallel, so the tag pages of one locale (the bulk of the
/// work on a large site) share the cores instead of running one after another.
pub struct Special<'a> {
    locale: LocaleId,
    what: What<'a>,
}

/// Which generated page a [`Special`] is.
enum What<'a> {
    NotFound,
    Search,
    Tags {
        shared: Arc<TagShared>,
    },
    /// The page of `tag`, shown as `link` in the shared list of tags.
    Tag {
        tag: &'a Tag,
        link: usize,
        shared: Arc<TagShared>,
    },
    Sitemap,
}

/// What the tag pages of a locale share, made once rather than once per tag page (a page with
/// four tags is on four of them): the tags as published links, by name, and the list item of
/// each group with tags (its URL as published), by group.
struct TagShared {
    links: Vec<TagLink>,
    items: Vec<Option<ListItem>>,
}

impl TagShared {
    fn new(site: &Loaded, id: LocaleId) -> TagShared {
        let (lib, locale) = (&site.lib, site.config.locale(id).code.as_str());
        let links = crate::urls::public_tags(&site.config, site.tags.list(locale));
        let groups: Vec<GroupId> = lib.group_ids().collect();
        let items = groups
            .par_iter()
            .map(|&g| {
                let (s, r) = (lib.shown(g, id).filter(|s| !s.front.tags.is_empty())?, lib.route(g, id)?);
                Some(super::context::list_item(site, s, &site.config.public_url(&r.url), locale))
            })
            .collect();
        TagShared { links, items }
    }

    /// The pages of a tag as list items.
    fn items_of(&self, tag: &Tag) -> Vec<ListItem> {
        tag.groups.iter().filter_map(|g| self.items[g.order()].clone()).collect()
    }
}

/// The generated pages of one locale, in a fixed order: 404, search, tags, site map.
pub fn locale_pages(site: &Loaded, id: LocaleId) -> Vec<Special<'_>> {
    let page = |what| Special { locale: id, what };
    let mut pages = vec![page(What::NotFound)];
    if site.config.search {
        pages.push(page(What::Search));
    }
    if !site.tags.is_empty() {
        let locale = site.config.locale(id).code.as_str();
        let shared = Arc::new(TagShared::new(site, id));
        pages.push(page(What::Tags { shared: shared.clone() }));
        pages.extend(site.tags.of(locale).into_iter().enumerate().map(|(link, tag)| page(What::Tag { tag, link, shared: shared.clone() })));
    }
    pages.push(page(What::Sitemap));
    pages
}

/// The generated pages of one locale that list a page with these tags (as written in its front
/// matter): each of those tags' page, and the site map. The dev server renders these again after
/// a title or date edit; they come out as [`locale_pages`] makes them.
pub fn listing_pages<'a>(site: &'a Loaded, id: LocaleId, tags: &[String]) -> Vec<Special<'a>> {
    let locale = site.config.locale(id).code.as_str();
    let urls: Vec<String> = site.tags.links(locale, tags).into_iter().map(|t| t.url).collect();
    let page = |what| Special { locale: id, what };
    let listed: Vec<(usize, &Tag)> = site.tags.of(locale).into_iter().enumerate().filter(|(_, t)| urls.contains(&t.url)).collect();
    let mut pages = Vec::new();
    if !listed.is_empty() {
        let shared = Arc::new(TagShared::new(site, id));
        pages.extend(listed.into_iter().map(|(link, tag)| page(What::Tag { tag, link, shared: shared.clone() })));
    }
    pages.push(page(What::Sitemap));
    pages
}

impl Special<'_> {
    /// The locale the page belongs to.
    pub fn locale(&self) -> LocaleId {
        self.locale
    }

    /// Renders the page.
    pub fn render(&self, site: &Loaded) -> Result<RenderedPage, Diagnostic> {
        let id = self.locale;
        let prefix = site.config.locale_prefix(&site.config.locale(id).code);
        match &self.what {
            What::NotFound => special(site, PageKind::NotFound, &format!("{prefix}/404.html"), id, Extra::default()),
            What::Search => special(site, PageKind::Search, &format!("{prefix}/search/"), id, Extra::default()),
            What::Tags { shared } => {
                let all = TaxonomyCtx { tags: shared.links.clone(), current: None, pages: vec![] };
                special(site, PageKind::Tags, &format!("{prefix}/tags/"), id, Extra { taxonomy: Some(all), ..Extra::default() })
            }
            What::Tag { tag, link, shared } => {
                let ctx = TaxonomyCtx { tags: shared.links.clone(), current: shared.links.get(*link).cloned(), pages: shared.items_of(tag) };
                special(site, PageKind::Tag, &tag.url, id, Extra { taxonomy: Some(ctx), ..Extra::default() })
            }
            What::Sitemap => {
                let tree = super::context::tree(site, site.lib.home, id).into_iter().collect();
                special(site, PageKind::Sitemap, &format!("{prefix}/sitemap/"), id, Extra { tree: Some(tree), ..Extra::default() })
            }
        }
    }
}

/// The language chooser at `/`, when every locale (the default one too) lives under `/<locale>/`.
pub fn root(site: &Loaded) -> Option<Result<RenderedPage, Diagnostic>> {
    let config = &site.config;
    config.default_locale_in_subdir.then(|| special(site, PageKind::Root, "/", config.default_locale_id(), Extra::default()))
}

/// A redirect page at `url` (an alias, see `aliases.rs`) to a moved page.
pub fn redirect(site: &Loaded, url: &str, locale: LocaleId, to: RedirectCtx) -> Result<RenderedPage, Diagnostic> {
    special(site, PageKind::Redirect, url, locale, Extra { redirect: Some(to), ..Extra::default() })
}

/// The template of a generated page.
fn template(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Search => "search.html",
        PageKind::Sitemap => "sitemap.html",
        PageKind::Tags => "taxonomy.html",
        PageKind::Tag => "tag.html",
        PageKind::Root => "root.html",
        PageKind::Redirect => "alias.html",
        PageKind::NotFound | PageKind::Home | PageKind::Section | PageKind::Page => "404.html",
    }
}

/// The title of a generated page: the theme's interface string for its kind.
fn title(site: &Loaded, kind: PageKind, locale: &str, extra: &Extra) -> String {
    if let Some(r) = &extra.redirect {
        return r.title.clone();
    }
    let current = extra.taxonomy.as_ref().and_then(|t| t.current.as_ref());
    let (key, tag) = match kind {
        PageKind::Search => ("search-title", None),
        PageKind::Sitemap => ("sitemap-title", None),
        PageKind::Tags => ("tags-title", None),
        PageKind::Tag => ("tag-title", current.map(|c| c.name.clone())),
        PageKind::Root => ("root-title", None),
        PageKind::Redirect => ("not-found-title", None),
        PageKind::NotFound | PageKind::Home | PageKind::Section | PageKind::Page => ("not-found-title", None),
    };
    let mut args = fluent_bundle::FluentArgs::new();
    if let Some(tag) = tag {
        args.set("tag", tag);
    }
    interface_string(site, locale, key, &args)
}

/// An interface string of the locale, else of the default locale, else "" (a theme without the
/// string titles its pages itself; a missing string is not a finding unless a template uses it).
fn interface_string(site: &Loaded, locale: &str, key: &str, args: &fluent_bundle::FluentArgs) -> String {
    let default = site.config.default_locale.as_str();
    let Some(from) = [locale, default].into_iter().find(|l| site.strings.has(l, key)) else { return String::new() };
    site.strings.get(from, key, Some(args))
}

fn special(site: &Loaded, kind: PageKind, url: &str, id: LocaleId, extra: Extra) -> Result<RenderedPage, Diagnostic> {
    use super::context as cx;
    let locale = site.config.locale(id).code.as_str();
    let template = template(kind);
    let public_url = site.config.public_url(url);
    // A redirect page's language switcher leads to each locale's home page.
    let switch_url = if extra.redirect.is_some() { format!("{}/", site.config.locale_prefix(locale)) } else { url.to_string() };
    let mut ctx = RenderCtx {
        kind,
        title: title(site, kind, locale, &extra),
        site: &site.sites[locale],
        parts: &site.parts[locale],
        lang: cx::lang_of(site, id),
        nav: cx::nav(site, None, id),
        page_url: &public_url,
        home_url: cx::home_url(site, locale),
        sitemap_url: cx::sitemap_url(site, locale),
        search_url: cx::search_url(site, locale),
        permalink: crate::aliases::permalink(&site.config, url, extra.redirect.as_ref()),
        translations: cx::special_translations(site, &switch_url, locale),
        alternates: vec![],
        html: Markup::default(),
        feed_url: cx::feed_url(site, locale),
        share_image: cx::share_image(site, None),
        csp: CSP,
        breadcrumbs: vec![],
        fallback: None,
        stale: None,
        noindex: kind == PageKind::NotFound || extra.redirect.is_some(),
        page: None,
        tree: extra.tree,
        taxonomy: extra.taxonomy,
        redirect: extra.redirect,
    };
    ctx.html = cx::markup(site, &ctx, template);
    let html = render_template(site, template, locale, &ctx).map_err(|e| {
        Diagnostic::error(Rule::Template, format!("rendering `{template}`: {e}")).in_file(format!("themes/{}/templates/{template}", site.config.theme))
    })?;
    Ok(RenderedPage { url: url.to_string(), html, source: None, ids: vec![], links: vec![], own_content: false, source_index: None, search: None })
}
