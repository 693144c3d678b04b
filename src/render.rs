//! Renders every page of every locale: Markdown (with shortcodes) to HTML, then the page
//! template, in parallel; each finished page goes straight to the writer.

use crate::config::Config;
use crate::content::Source;
use crate::context::*;
use crate::diagnostics::Diagnostic;
use crate::library::{Library, RouteKind};
use crate::lint::LintContext;
use crate::markdown::{self, Link, TocEntry};
use crate::search::SearchDoc;
use crate::shortcodes;
use crate::templates::error_chain;
use crate::urls::{PageResolver, Urls};
use std::collections::HashMap;
use std::path::PathBuf;
use tera::Tera;

/// How deep block shortcodes may nest (`{% callout() %}` inside `{% content_note() %}` ...).
const MAX_NESTING: usize = 8;

/// What rendering one source body needs besides the text.
struct BodyCx<'a> {
    resolver: PageResolver<'a>,
    lint: LintContext<'a>,
    locale: &'a str,
    src: &'a Source,
    shortcode_ctx: ShortcodeCtx,
}

/// The context shortcode templates share within one body, made on the first call.
type ShortcodeCtx = std::cell::RefCell<Option<tera::Context>>;

/// Read-only inputs every render job shares.
pub struct RenderEnv<'a> {
    pub config: &'a Config,
    pub lib: &'a Library,
    pub urls: &'a Urls,
    pub langs: &'a [LangCtx],
    pub sites: &'a HashMap<String, SiteCtx<'a>>,
    pub engines: &'a HashMap<String, Tera>,
    pub snippets: &'a [Source],
    pub tags: &'a crate::taxonomy::Tags,
    /// Page bodies are read from their files when rendered (see `content::load_without_bodies`).
    pub lazy_bodies: bool,
    /// The vague link texts of every locale, for the link-text lint.
    pub vague_words: &'a crate::lint::VagueWords,
}

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
    /// Index of the source shown, if any.
    pub source_index: Option<usize>,
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

impl RenderEnv<'_> {
    pub fn lang(&self, code: &str) -> &LangCtx {
        self.langs.iter().find(|l| l.code == code).expect("configured locale")
    }

    fn permalink(&self, url: &str) -> String {
        format!("{}{}", self.config.base_url, url)
    }

    /// Renders the page of `group` in `locale`.
    pub fn page(&self, group: usize, locale: &str) -> (Option<RenderedPage>, Vec<Diagnostic>) {
        let Some(route) = self.lib.route(group, locale) else { return (None, vec![]) };
        let src = &self.lib.sources[route.source];
        let g = &self.lib.groups[group];
        let mut diags = Vec::new();
        let markdown::Rendered { html: body_html, toc, ids, links, words, text, .. } = self.markdown(src, &g.key, locale, &mut diags);
        let search = (route.kind == RouteKind::Translated && self.config.search).then(|| {
            let headings: Vec<String> = flatten_toc(&toc);
            SearchDoc::new(&src.front.title, &self.config.public_url(&route.url), &src.front.description, &headings, &text)
        });
        let lang = self.lang(locale);
        let src_lang = self.lang(&src.locale);
        let fallback = (route.kind == RouteKind::Fallback).then(|| FallbackCtx {
            source_lang: src.locale.clone(),
            source_dir: src_lang.dir,
            source_url: self.permalink(self.lib.route(group, &src.locale).map(|r| r.url.as_str()).unwrap_or("/")),
        });
        let (pages, subsections) = if g.is_section { self.listing(group, locale) } else { (vec![], vec![]) };
        let date = src.date.clone().unwrap_or_default();
        let public_url = self.config.public_url(&route.url);
        let page = PageCtx {
            title: &src.front.title,
            description: &src.front.description,
            date_display: if date.is_empty() { String::new() } else { crate::dates::format_date(&date, locale) },
            date,
            weight: src.front.weight,
            slug: route.url.trim_end_matches('/').rsplit('/').next().unwrap_or("").to_string(),
            url: &public_url,
            permalink: self.permalink(&route.url),
            summary: summary(&src.front.description, &body_html),
            content: body_html,
            toc,
            word_count: words,
            reading_minutes: words.div_ceil(200).max(1),
            extra: &src.front.extra,
            tags: crate::urls::public_tags(self.config, self.tags.links(locale, &src.front.tags)),
            lang: &src.locale,
            dir: src_lang.dir,
            is_section: g.is_section,
            pages,
            subsections,
        };
        let ctx = RenderCtx {
            site: &self.sites[locale],
            lang,
            nav: self.nav(group, locale),
            page_url: &public_url,
            home_url: self.home_url(locale),
            sitemap_url: self.sitemap_url(locale),
            search_url: self.search_url(locale),
            permalink: match &fallback {
                Some(f) => f.source_url.clone(),
                None => self.permalink(&route.url),
            },
            translations: self.translations(group, locale),
            alternates: self.alternates(group),
            feed_url: self.feed_url(locale),
            share_image: self.share_image(src.front.extra.get("share_image").and_then(|v| v.as_str())),
            csp: CSP,
            breadcrumbs: self.breadcrumbs(group, locale),
            noindex: fallback.is_some(),
            fallback,
            stale: crate::translation::stale::for_page(self, group, locale),
            page: Some(page),
            tree: None,
            taxonomy: None,
            redirect: None,
        };
        let template = src.front.template.clone().unwrap_or_else(|| {
            if group == self.lib.home {
                "index.html".into()
            } else if g.is_section {
                "section.html".into()
            } else {
                "page.html".into()
            }
        });
        let html = match self.render_template(&template, locale, &ctx) {
            Ok(h) => h,
            Err(e) => {
                diags.push(Diagnostic::error("template", format!("rendering `{template}` for this page: {e}")).in_file(&src.file));
                return (None, diags);
            }
        };
        let own = route.kind == RouteKind::Translated;
        if !own {
            diags.retain(|d| d.rule == "broken-link" || d.rule == "shortcode" || d.rule == "template");
        }
        let rp = RenderedPage { url: route.url.clone(), html, source: Some(src.file.clone()), ids, links, own_content: own, source_index: Some(route.source), search };
        (Some(rp), diags)
    }

    /// A page without content source (404, site map, root chooser).
    pub fn special(&self, template: &str, url: &str, locale: &str, tree: Option<Vec<TreeNode>>) -> Result<RenderedPage, Diagnostic> {
        self.special_with(template, url, locale, tree, None)
    }

    /// A page without content source, with a taxonomy context (tag list, tag pages).
    pub fn special_with(&self, template: &str, url: &str, locale: &str, tree: Option<Vec<TreeNode>>, taxonomy: Option<TaxonomyCtx>) -> Result<RenderedPage, Diagnostic> {
        self.special_full(template, url, locale, tree, taxonomy, None)
    }

    /// A redirect page at `url` (an alias, see `aliases.rs`) to a moved page.
    pub fn redirect(&self, url: &str, locale: &str, to: RedirectCtx) -> Result<RenderedPage, Diagnostic> {
        self.special_full("alias.html", url, locale, None, None, Some(to))
    }

    fn special_full(&self, template: &str, url: &str, locale: &str, tree: Option<Vec<TreeNode>>, taxonomy: Option<TaxonomyCtx>, redirect: Option<RedirectCtx>) -> Result<RenderedPage, Diagnostic> {
        let public_url = self.config.public_url(url);
        let home = format!("{}/", self.config.locale_prefix(locale));
        let taxonomy = taxonomy.map(|t| crate::urls::public_taxonomy(self.config, t));
        let ctx = RenderCtx {
            site: &self.sites[locale],
            lang: self.lang(locale),
            nav: self.nav(usize::MAX, locale),
            page_url: &public_url,
            home_url: self.home_url(locale),
            sitemap_url: self.sitemap_url(locale),
            search_url: self.search_url(locale),
            permalink: crate::aliases::permalink(self.config, url, redirect.as_ref()),
            // A redirect page's language switcher leads to each locale's home page.
            translations: self.special_translations(if redirect.is_some() { &home } else { url }, locale),
            alternates: vec![],
            feed_url: self.feed_url(locale),
            share_image: self.share_image(None),
            csp: CSP,
            breadcrumbs: vec![],
            fallback: None,
            stale: None,
            noindex: template == "404.html" || redirect.is_some(),
            page: None,
            tree,
            taxonomy,
            redirect,
        };
        let html = self
            .render_template(template, locale, &ctx)
            .map_err(|e| Diagnostic::error("template", format!("rendering `{template}`: {e}")).in_file(format!("themes/{}/templates/{template}", self.config.theme)))?;
        Ok(RenderedPage { url: url.to_string(), html, source: None, ids: vec![], links: vec![], own_content: false, source_index: None, search: None })
    }

    fn render_template(&self, name: &str, locale: &str, ctx: &RenderCtx) -> Result<String, String> {
        let tera_ctx = tera::Context::from_serialize(ctx).map_err(|e| error_chain(&e))?;
        self.engines[locale].render(name, &tera_ctx).map_err(|e| error_chain(&e))
    }

    /// The Markdown body of a source, from memory or read again from its file.
    pub fn body<'s>(&self, src: &'s Source) -> Result<std::borrow::Cow<'s, str>, Diagnostic> {
        if self.lazy_bodies && src.body.is_empty() {
            crate::content::read_body(self.config, src).map(std::borrow::Cow::Owned)
        } else {
            Ok(std::borrow::Cow::Borrowed(&src.body))
        }
    }

    /// Markdown with shortcodes; returns (html, toc, ids, links, words).
    fn markdown(&self, src: &Source, key: &str, locale: &str, diags: &mut Vec<Diagnostic>) -> markdown::Rendered {
        let body = match self.body(src) {
            Ok(b) => b,
            Err(d) => {
                diags.push(d);
                return markdown::Rendered::default();
            }
        };
        let cx = BodyCx { resolver: PageResolver { urls: self.urls, key, locale }, lint: LintContext { file: &src.file, locale: &src.locale, vague: self.vague_words }, locale, src, shortcode_ctx: Default::default() };
        self.expand(&body, src.body_line, 0, &cx, diags)
    }

    /// Renders `text` (starting at line `first_line` of the source) with its shortcodes, and the
    /// bodies of block shortcodes the same way, so shortcodes nest up to [`MAX_NESTING`] deep.
    fn expand(&self, text: &str, first_line: usize, depth: usize, cx: &BodyCx, diags: &mut Vec<Diagnostic>) -> markdown::Rendered {
        // Most bodies call no shortcode: skip the line-by-line pass (it would return them as they are).
        let extracted = if text.contains("{{") || text.contains("{%") {
            shortcodes::extract(text).unwrap_or_else(|e| {
                diags.push(Diagnostic::error("shortcode", e.message).in_file(&cx.src.file).at(first_line + e.line - 1, None));
                shortcodes::Extracted { text: text.to_string(), calls: vec![] }
            })
        } else {
            shortcodes::Extracted { text: String::new(), calls: vec![] }
        };
        let md = crate::urls::wrap_spaced_targets(if extracted.calls.is_empty() && extracted.text.is_empty() { text } else { extracted.text.as_str() });
        let mut r = markdown::render(&md, first_line, &cx.resolver, &cx.lint);
        diags.append(&mut r.diagnostics);
        diags.extend(crate::urls::unresolved_diagnostics(&r.html, &md, first_line, &cx.src.file));
        let mut outputs = Vec::with_capacity(extracted.calls.len());
        for call in &extracted.calls {
            let line = first_line + call.line - 1;
            let body_html = match &call.body {
                Some(_) if depth >= MAX_NESTING => {
                    diags.push(Diagnostic::error("shortcode", format!("shortcode `{}` is nested more than {MAX_NESTING} deep", call.name)).in_file(&cx.src.file).at(line, None));
                    Some(String::new())
                }
                Some(b) => {
                    let mut inner = self.expand(b, line + 1, depth + 1, cx, diags);
                    r.links.append(&mut inner.links);
                    r.words += inner.words;
                    Some(inner.html)
                }
                None => None,
            };
            let html = self.shortcode(call, body_html.as_deref().unwrap_or(""), cx, diags, line).unwrap_or_else(|m| {
                diags.push(Diagnostic::error("shortcode", m).in_file(&cx.src.file).at(line, None));
                String::new()
            });
            outputs.push(html);
        }
        if !outputs.is_empty() {
            r.html = shortcodes::substitute(&r.html, &outputs);
        }
        r
    }

    fn shortcode(&self, call: &shortcodes::Call, body: &str, cx: &BodyCx, diags: &mut Vec<Diagnostic>, line: usize) -> Result<String, String> {
        let locale = cx.locale;
        if call.name == "snippet" {
            return self.snippet(call, locale, diags, cx.src, line);
        }
        let name = format!("shortcodes/{}.html", call.name);
        let engine = &self.engines[locale];
        if !engine.templates.contains_key(&name) {
            return Err(format!("unknown shortcode `{}`: there is no templates/{name}", call.name));
        }
        // `site` and `lang` are serialised once per body, not once per call (a page may have thousands).
        let mut shared = cx.shortcode_ctx.borrow_mut();
        let ctx = shared.get_or_insert_with(|| {
            let mut c = tera::Context::new();
            c.insert("site", &self.sites[locale]);
            c.insert("lang", self.lang(locale));
            c
        });
        let own: Vec<&str> = call.args.keys().map(String::as_str).filter(|k| !matches!(*k, "body" | "site" | "lang")).collect();
        for k in &own {
            ctx.insert(*k, &call.args[*k]);
        }
        ctx.insert("body", body);
        let html = engine.render(&name, ctx).map_err(|e| format!("shortcode `{}`: {}", call.name, error_chain(&e)));
        for k in own.iter().copied().chain(["body"]) {
            ctx.remove(k);
        }
        html
    }

    /// `{{ snippet(name="x") }}`: `content/_snippets/x.<locale>.md`, else the default locale's.
    fn snippet(&self, call: &shortcodes::Call, locale: &str, diags: &mut Vec<Diagnostic>, src: &Source, line: usize) -> Result<String, String> {
        let name = call.args.get("name").and_then(|v| v.as_str()).ok_or("snippet() needs name=\"...\"")?;
        let key = format!("_snippets/{name}.md");
        let pick = |l: &str| self.snippets.iter().find(|s| s.key == key && s.locale == l);
        let snip = pick(locale).or_else(|| pick(&self.config.default_locale)).ok_or_else(|| format!("no snippet content/{key}"))?;
        let resolver = PageResolver { urls: self.urls, key: &snip.key, locale };
        let lint = LintContext { file: &snip.file, locale: &snip.locale, vague: self.vague_words };
        let mut r = markdown::render(&snip.body, snip.body_line, &resolver, &lint);
        for d in r.diagnostics.drain(..) {
            diags.push(Diagnostic { message: format!("{} (in a snippet used by {}:{line})", d.message, src.file.display()), ..d });
        }
        Ok(r.html)
    }

    fn nav(&self, current: usize, locale: &str) -> Vec<NavItem> {
        let mut chain = Vec::new();
        let mut cur = (current != usize::MAX).then_some(current);
        while let Some(c) = cur {
            chain.push(c);
            cur = self.lib.groups[c].parent;
        }
        self.lib
            .children(self.lib.home, locale)
            .into_iter()
            .map(|c| {
                let s = self.lib.shown(c, locale).expect("listed children are shown");
                let (lang, dir) = self.text_lang(s);
                let menu_title = s.front.extra.get("menu_title").and_then(|v| v.as_str());
                NavItem {
                    title: menu_title.unwrap_or(&s.front.title).to_string(),
                    description: s.front.description.clone(),
                    url: self.config.public_url(&self.lib.route(c, locale).expect("shown").url),
                    active: chain.contains(&c),
                    lang,
                    dir,
                }
            })
            .collect()
    }

    fn listing(&self, section: usize, locale: &str) -> (Vec<ListItem>, Vec<ListItem>) {
        let (mut pages, mut subs) = (vec![], vec![]);
        for c in self.lib.children(section, locale) {
            let s = self.lib.shown(c, locale).expect("listed children are shown");
            let date = s.date.clone().unwrap_or_default();
            let (lang, dir) = self.text_lang(s);
            let item = ListItem {
                lang,
                dir,
                title: s.front.title.clone(),
                description: s.front.description.clone(),
                url: self.config.public_url(&self.lib.route(c, locale).expect("shown").url),
                date_display: if date.is_empty() { String::new() } else { crate::dates::format_date(&date, locale) },
                date,
            };
            if self.lib.groups[c].is_section { subs.push(item) } else { pages.push(item) }
        }
        (pages, subs)
    }

    fn translations(&self, group: usize, locale: &str) -> Vec<TranslationLink> {
        self.langs
            .iter()
            .map(|l| {
                let route = self.lib.route(group, &l.code);
                TranslationLink {
                    code: l.code.clone(),
                    name: l.name.clone(),
                    dir: l.dir,
                    url: self.config.public_url(&route.map(|r| r.url.clone()).unwrap_or_else(|| format!("{}/", self.config.locale_prefix(&l.code)))),
                    current: l.code == locale,
                    exists: route.is_some_and(|r| r.kind == RouteKind::Translated),
                }
            })
            .collect()
    }

    fn special_translations(&self, url: &str, locale: &str) -> Vec<TranslationLink> {
        let own_prefix = self.config.locale_prefix(locale);
        let rest = url.strip_prefix(&own_prefix).unwrap_or(url);
        self.langs
            .iter()
            .map(|l| {
                let prefix = self.config.locale_prefix(&l.code);
                let url = format!("{prefix}{rest}");
                // A tag may exist in some locales only; elsewhere the switcher leads to the tag list.
                let is_tag = rest.starts_with("/tags/") && rest != "/tags/";
                let exists = !is_tag || self.tags.has_url(&l.code, &url);
                TranslationLink {
                    code: l.code.clone(),
                    name: l.name.clone(),
                    dir: l.dir,
                    url: self.config.public_url(&if exists { url } else { format!("{prefix}/tags/") }),
                    current: l.code == locale,
                    exists,
                }
            })
            .collect()
    }

    fn alternates(&self, group: usize) -> Vec<Alternate> {
        let mut out: Vec<Alternate> = self
            .langs
            .iter()
            .filter_map(|l| {
                let r = self.lib.route(group, &l.code)?;
                (r.kind == RouteKind::Translated).then(|| Alternate { hreflang: l.code.clone(), url: self.permalink(&r.url) })
            })
            .collect();
        if let Some(r) = self.lib.route(group, &self.config.default_locale) {
            if r.kind == RouteKind::Translated {
                out.push(Alternate { hreflang: "x-default".into(), url: self.permalink(&r.url) });
            }
        }
        out
    }

    fn breadcrumbs(&self, group: usize, locale: &str) -> Vec<Crumb> {
        let mut crumbs = Vec::new();
        let mut cur = self.lib.groups[group].parent;
        while let Some(c) = cur {
            if let (Some(s), Some(r)) = (self.lib.shown(c, locale), self.lib.route(c, locale)) {
                let (lang, dir) = self.text_lang(s);
                crumbs.push(Crumb { title: s.front.title.clone(), url: self.config.public_url(&r.url), lang, dir });
            }
            cur = self.lib.groups[c].parent;
        }
        crumbs.reverse();
        crumbs
    }

    /// The absolute URL of a share image: the page's own, else the site's, else "".
    fn share_image(&self, own: Option<&str>) -> String {
        match own.or(self.config.share_image.as_deref()) {
            Some(u) if u.starts_with("http://") || u.starts_with("https://") => u.to_string(),
            Some(p) => format!("{}/{}", self.config.base_url, p.trim_start_matches('/')),
            None => String::new(),
        }
    }

    /// The language and direction a source is written in.
    pub fn text_lang(&self, s: &Source) -> (String, &'static str) {
        (s.locale.clone(), self.lang(&s.locale).dir)
    }

    fn search_url(&self, locale: &str) -> String {
        if self.config.search {
            self.config.public_url(&format!("{}/search/", self.config.locale_prefix(locale)))
        } else {
            String::new()
        }
    }

    fn home_url(&self, locale: &str) -> String {
        self.config.public_url(&format!("{}/", self.config.locale_prefix(locale)))
    }

    fn sitemap_url(&self, locale: &str) -> String {
        self.config.public_url(&format!("{}/sitemap/", self.config.locale_prefix(locale)))
    }

    pub fn feed_url(&self, locale: &str) -> String {
        if self.config.feeds {
            self.permalink(&format!("{}/atom.xml", self.config.locale_prefix(locale)))
        } else {
            String::new()
        }
    }

    /// The human site map of a locale: every section and page, nested.
    pub fn tree(&self, group: usize, locale: &str) -> TreeNode {
        let s = self.lib.shown(group, locale).expect("tree nodes are shown");
        let (lang, dir) = self.text_lang(s);
        TreeNode {
            lang,
            dir,
            title: s.front.title.clone(),
            url: self.config.public_url(&self.lib.route(group, locale).expect("shown").url),
            children: self.lib.children(group, locale).into_iter().map(|c| self.tree(c, locale)).collect(),
        }
    }
}

/// Every heading title of a table of contents, depth first.
fn flatten_toc(toc: &[TocEntry]) -> Vec<String> {
    toc.iter().flat_map(|e| std::iter::once(e.title.clone()).chain(flatten_toc(&e.children))).collect()
}

/// The description, else the first 160 characters of the text.
fn summary(description: &str, html: &str) -> String {
    if !description.is_empty() {
        return description.to_string();
    }
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = String::new();
    for w in words {
        if out.chars().count() + w.chars().count() > 160 {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

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
