//! The generated pages, which have no content source: each locale's 404, search, tag list, tag
//! pages and site map, and the language chooser at the site root.

use super::{render_template, RenderedPage};
use crate::config::LocaleId;
use crate::context::*;
use crate::diagnostics::{Diagnostic, Rule};
use crate::site::Loaded;
use crate::taxonomy::Tag;

/// What a generated page shows besides the shell.
#[derive(Default)]
struct Extra {
    tree: Option<Vec<TreeNode>>,
    taxonomy: Option<TaxonomyCtx>,
    redirect: Option<RedirectCtx>,
}

/// The generated pages of one locale, in a fixed order: 404, search, tags, site map.
pub fn locale_pages(site: &Loaded, id: LocaleId) -> Vec<Result<RenderedPage, Diagnostic>> {
    let locale = site.config.locale(id).code.as_str();
    let prefix = site.config.locale_prefix(locale);
    let mut pages = vec![special(site, PageKind::NotFound, &format!("{prefix}/404.html"), id, Extra::default())];
    if site.config.search {
        pages.push(special(site, PageKind::Search, &format!("{prefix}/search/"), id, Extra::default()));
    }
    if !site.tags.is_empty() {
        pages.extend(tag_pages(site, id));
    }
    let tree = super::context::tree(site, site.lib.home, id).into_iter().collect();
    pages.push(special(site, PageKind::Sitemap, &format!("{prefix}/sitemap/"), id, Extra { tree: Some(tree), ..Extra::default() }));
    pages
}

/// The generated pages of one locale that list a page with these tags (as written in its front
/// matter): the site map, and each of those tags' page. The dev server renders these again after
/// a title or date edit; they come out as [`locale_pages`] makes them.
pub fn listing_pages(site: &Loaded, id: LocaleId, tags: &[String]) -> Vec<Result<RenderedPage, Diagnostic>> {
    let locale = site.config.locale(id).code.as_str();
    let urls: Vec<String> = site.tags.links(locale, tags).into_iter().map(|t| t.url).collect();
    let mut pages: Vec<_> = tag_pages_where(site, id, |url| urls.iter().any(|u| u == url));
    let prefix = site.config.locale_prefix(locale);
    let tree = super::context::tree(site, site.lib.home, id).into_iter().collect();
    pages.push(special(site, PageKind::Sitemap, &format!("{prefix}/sitemap/"), id, Extra { tree: Some(tree), ..Extra::default() }));
    pages
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

/// The tag list (`/<locale>/tags/`) and a page per tag of a locale.
fn tag_pages(site: &Loaded, id: LocaleId) -> Vec<Result<RenderedPage, Diagnostic>> {
    let locale = site.config.locale(id).code.as_str();
    let list = site.tags.list(locale);
    let prefix = site.config.locale_prefix(locale);
    let all = TaxonomyCtx { tags: list.clone(), current: None, pages: vec![] };
    let mut out = vec![special(site, PageKind::Tags, &format!("{prefix}/tags/"), id, Extra { taxonomy: Some(all), ..Extra::default() })];
    out.extend(tag_pages_where(site, id, |_| true));
    out
}

/// The page of each tag of a locale whose address `keep` accepts.
fn tag_pages_where(site: &Loaded, id: LocaleId, keep: impl Fn(&str) -> bool) -> Vec<Result<RenderedPage, Diagnostic>> {
    let locale = site.config.locale(id).code.as_str();
    let list = site.tags.list(locale);
    let mut out = Vec::new();
    for (tag, link) in site.tags.of(locale).into_iter().zip(list.iter()).filter(|(t, _)| keep(&t.url)) {
        let ctx = TaxonomyCtx { tags: list.clone(), current: Some(link.clone()), pages: tag_items(site, tag, id) };
        out.push(special(site, PageKind::Tag, &tag.url, id, Extra { taxonomy: Some(ctx), ..Extra::default() }));
    }
    out
}

/// The pages of a tag as list items.
fn tag_items(site: &Loaded, tag: &Tag, id: LocaleId) -> Vec<ListItem> {
    let (lib, locale) = (&site.lib, site.config.locale(id).code.as_str());
    tag.groups.iter().filter_map(|&g| Some(super::context::list_item(site, lib.shown(g, id)?, &lib.route(g, id)?.url, locale))).collect()
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
        taxonomy: extra.taxonomy.map(|t| crate::urls::public_taxonomy(&site.config, t)),
        redirect: extra.redirect,
    };
    ctx.html = cx::markup(site, &ctx, template);
    let html = render_template(site, template, locale, &ctx).map_err(|e| {
        Diagnostic::error(Rule::Template, format!("rendering `{template}`: {e}")).in_file(format!("themes/{}/templates/{template}", site.config.theme))
    })?;
    Ok(RenderedPage { url: url.to_string(), html, source: None, ids: vec![], links: vec![], own_content: false, source_index: None, search: None })
}
