//! Produces pages: each content page of each locale (its body in [`body`], its context from
//! [`context`], then the page template) and the generated pages ([`special`]).

pub mod body;
pub mod context;
pub mod special;
pub mod stale;

use crate::config::LocaleId;
use crate::context::*;
use crate::diagnostics::{Diagnostic, Rule};
use crate::library::{GroupId, RouteKind, SourceId};
use crate::markdown::{self, Link};
use crate::search::SearchDoc;
use crate::site::Loaded;
use crate::templates::error_chain;
use context as cx;
use std::path::PathBuf;

/// One rendered output file and what the checks need to know about it.
#[derive(Debug)]
pub struct RenderedPage {
    pub url: String,
    pub html: String,
    /// The source file shown (for messages), if any.
    pub source: Option<PathBuf>,
    pub ids: Vec<String>,
    pub links: Vec<Link>,
    /// True when the page is the locale's own translation (its content findings count).
    pub own_content: bool,
    /// The source shown, if any.
    pub source_index: Option<SourceId>,
    /// What the locale's search index keeps of the page (own translations only).
    pub search: Option<SearchDoc>,
}

/// Output file path for a URL path: `/es/x/` -> `es/x/index.html`.
pub fn output_path(url: &str) -> PathBuf {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        PathBuf::from(trimmed).join("index.html")
    } else {
        PathBuf::from(trimmed)
    }
}

/// Renders the page of `group` in `locale` (`None` when the group has no page there).
pub fn page(site: &Loaded, group: GroupId, id: LocaleId) -> (Option<RenderedPage>, Vec<Diagnostic>) {
    let Some(route) = site.lib.route(group, id) else { return (None, vec![]) };
    let locale = site.config.locale(id).code.as_str();
    let src = site.lib.source(route.source);
    let g = site.lib.group(group);
    let mut diags = Vec::new();
    let markdown::Rendered { html: body_html, toc, ids, links, words, text, .. } = body::render(site, src, &g.key, locale, &mut diags);
    let search = (route.kind == RouteKind::Translated && site.config.search).then(|| {
        let headings: Vec<String> = body::flatten_toc(&toc);
        SearchDoc::new(&site.search_terms, &src.front.title, &site.config.public_url(&route.url), &src.front.description, &headings, &text)
    });
    let src_lang = cx::lang(site, &src.locale);
    let fallback = (route.kind == RouteKind::Fallback).then(|| FallbackCtx {
        source_lang: src.locale.clone(),
        source_dir: src_lang.dir,
        source_url: cx::permalink(site, site.config.locale_id(&src.locale).and_then(|l| site.lib.route(group, l)).map(|r| r.url.as_str()).unwrap_or("/")),
    });
    let (pages, subsections) = if g.is_section { cx::listing(site, group, id) } else { (vec![], vec![]) };
    let (date, date_display) = cx::dates(src, locale);
    let public_url = site.config.public_url(&route.url);
    let page = PageCtx {
        title: &src.front.title,
        description: &src.front.description,
        date_display,
        date,
        weight: src.front.weight,
        slug: route.url.trim_end_matches('/').rsplit('/').next().unwrap_or("").to_string(),
        url: &public_url,
        permalink: cx::permalink(site, &route.url),
        summary: body::summary(&src.front.description, &body_html),
        content: body_html,
        toc,
        word_count: words,
        reading_minutes: words.div_ceil(200).max(1),
        extra: &src.front.extra,
        tags: crate::urls::public_tags(&site.config, site.tags.links(locale, &src.front.tags)),
        lang: &src.locale,
        dir: src_lang.dir,
        is_section: g.is_section,
        pages,
        subsections,
    };
    let kind = if group == site.lib.home {
        PageKind::Home
    } else if g.is_section {
        PageKind::Section
    } else {
        PageKind::Page
    };
    let mut ctx = RenderCtx {
        kind,
        title: src.front.title.clone(),
        site: &site.sites[locale],
        parts: &site.parts[locale],
        lang: cx::lang_of(site, id),
        nav: cx::nav(site, Some(group), id),
        page_url: &public_url,
        home_url: cx::home_url(site, locale),
        sitemap_url: cx::sitemap_url(site, locale),
        search_url: cx::search_url(site, locale),
        permalink: match &fallback {
            Some(f) => f.source_url.clone(),
            None => cx::permalink(site, &route.url),
        },
        translations: cx::translations(site, group, id),
        alternates: cx::alternates(site, group),
        html: Markup::default(),
        feed_url: cx::feed_url(site, locale),
        share_image: cx::share_image(site, src.front.extra.get("share_image").and_then(|v| v.as_str())),
        csp: CSP,
        breadcrumbs: cx::breadcrumbs(site, group, id),
        noindex: fallback.is_some(),
        fallback,
        stale: stale::for_page(site, group, id),
        page: Some(page),
        tree: None,
        taxonomy: None,
        redirect: None,
    };
    let template = src.front.template.as_deref().unwrap_or(match kind {
        PageKind::Home => "index.html",
        PageKind::Section => "section.html",
        _ => "page.html",
    });
    ctx.html = cx::markup(site, &ctx, template);
    let html = match render_template(site, template, locale, &ctx) {
        Ok(h) => h,
        Err(e) => {
            diags.push(Diagnostic::error(Rule::Template, format!("rendering `{template}` for this page: {e}")).in_file(&src.file));
            return (None, diags);
        }
    };
    let own = route.kind == RouteKind::Translated;
    if !own {
        diags.retain(|d| d.rule == Rule::BrokenLink || d.rule == Rule::Shortcode || d.rule == Rule::Template);
    }
    let rp =
        RenderedPage { url: route.url.clone(), html, source: Some(src.file.clone()), ids, links, own_content: own, source_index: Some(route.source), search };
    (Some(rp), diags)
}

/// Renders the template `name` of `locale`'s engine with `ctx`.
fn render_template(site: &Loaded, name: &str, locale: &str, ctx: &RenderCtx) -> Result<String, String> {
    let engine = &site.engines[locale];
    // Only what the template reads: the default theme's pages never read `translations` or
    // `alternates` (it prints `html.languages` and `html.alternates`), and serialising them is
    // as costly as rendering.
    let reads = ctx.parts.context_use.get_or_init(|| ContextUse::of(engine)).of_template(name);
    let tera_ctx = crate::templates::context_of(ctx, reads)?;
    // Rendered into a buffer of about a page's size (Tera's own `render` starts at 2 KB and
    // grows), then checked as UTF-8 with SIMD.
    let mut out = Vec::with_capacity(RENDER_CAPACITY + ctx.page.as_ref().map_or(0, |p| p.content.len()));
    engine.render_to(name, &tera_ctx, &mut out).map_err(|e| error_chain(&e))?;
    crate::fsutil::string_from_utf8(out).map_err(|e| format!("template `{name}` wrote invalid UTF-8: {e}"))
}

/// What a page's template writes around its body, in bytes (the default theme: about 12 KB).
const RENDER_CAPACITY: usize = 16 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths() {
        assert_eq!(output_path("/"), PathBuf::from("index.html"));
        assert_eq!(output_path("/es/x/"), PathBuf::from("es/x/index.html"));
        assert_eq!(output_path("/404.html"), PathBuf::from("404.html"));
    }
}
