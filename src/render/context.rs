//! The parts of a page's template context that come from the site's structure: menus, lists,
//! language switcher, alternates, breadcrumbs, the site map tree and the locale's URLs.

use crate::config::LocaleId;
use crate::content::Source;
use crate::context::*;
use crate::library::{GroupId, RouteKind};
use crate::site::Loaded;

/// The context of a configured locale.
pub fn lang<'a>(site: &'a Loaded, code: &str) -> &'a LangCtx {
    // Every locale a page is rendered in comes from the configuration the contexts were made from.
    site.langs.iter().find(|l| l.code == code).unwrap_or(&site.langs[0])
}

/// The context of a configured locale, by id (the contexts are in config order).
pub fn lang_of(site: &Loaded, id: LocaleId) -> &LangCtx {
    site.langs.get(id.index()).unwrap_or(&site.langs[0])
}

/// The absolute URL of a site path.
pub fn permalink(site: &Loaded, url: &str) -> String {
    format!("{}{}", site.config.base_url, url)
}

/// The language and direction a source is written in.
pub fn text_lang(site: &Loaded, s: &Source) -> (String, &'static str) {
    (s.locale.clone(), lang(site, &s.locale).dir)
}

/// The date of a source as written ("" when none) and as shown in `locale`.
pub fn dates(s: &Source, locale: &str) -> (String, String) {
    match s.date {
        Some(d) => (d.format("%Y-%m-%d").to_string(), crate::dates::format_day(d, locale)),
        None => (String::new(), String::new()),
    }
}

/// A page (shown in `locale` by `s` at `url`) as an item of a list.
pub fn list_item(site: &Loaded, s: &Source, url: &str, locale: &str) -> ListItem {
    let (date, date_display) = dates(s, locale);
    let (lang, dir) = text_lang(site, s);
    ListItem { lang, dir, title: s.front.title.clone(), description: s.front.description.clone(), url: url.to_string(), date_display, date }
}

/// The top-level menu of a locale, marking the ancestors of `current` (none on generated pages).
pub fn nav(site: &Loaded, current: Option<GroupId>, locale: LocaleId) -> Vec<NavItem> {
    let lib = &site.lib;
    let mut chain = Vec::new();
    let mut cur = current;
    while let Some(c) = cur {
        chain.push(c);
        cur = lib.group(c).parent;
    }
    if let Some(entries) = site.config.menu.get(&site.config.locale(locale).code) {
        return listed_menu(site, entries, &chain, locale);
    }
    lib.children(lib.home, locale)
        .into_iter()
        .filter_map(|c| {
            let (s, r) = (lib.shown(c, locale)?, lib.route(c, locale)?);
            let (lang, dir) = text_lang(site, s);
            let menu_title = s.front.extra.get("menu_title").and_then(|v| v.as_str());
            Some(NavItem {
                title: menu_title.unwrap_or(&s.front.title).to_string(),
                description: s.front.description.clone(),
                url: site.config.public_url(&r.url),
                active: chain.contains(&c),
                lang,
                dir,
            })
        })
        .collect()
}

/// The listed menu of `locale`; `chain` is the current page and its parents.
fn listed_menu(site: &Loaded, entries: &[crate::config::MenuEntry], chain: &[GroupId], locale: LocaleId) -> Vec<NavItem> {
    entries.iter().filter_map(|e| menu_item(site, e, chain, locale)).collect()
}

fn menu_item(site: &Loaded, e: &crate::config::MenuEntry, chain: &[GroupId], locale: LocaleId) -> Option<NavItem> {
    let own = lang_of(site, locale);
    let Some(page) = &e.page else {
        let url = e.url.clone()?;
        return Some(NavItem {
            title: e.name.clone().unwrap_or_default(),
            description: String::new(),
            url,
            active: false,
            lang: own.code.clone(),
            dir: own.dir,
        });
    };
    let g = crate::menu::group_of(&site.lib, page)?;
    let (route, s) = (site.lib.route(g, locale)?, site.lib.shown(g, locale)?);
    let (lang, dir) = match &e.name {
        Some(_) => (own.code.clone(), own.dir),
        None => text_lang(site, s),
    };
    let title =
        e.name.clone().or_else(|| s.front.extra.get("menu_title").and_then(|v| v.as_str()).map(str::to_string)).unwrap_or_else(|| s.front.title.clone());
    Some(NavItem { title, description: s.front.description.clone(), url: site.config.public_url(&route.url), active: chain.contains(&g), lang, dir })
}

/// The pages and the subsections of a section, as shown in `locale`.
pub fn listing(site: &Loaded, section: GroupId, locale: LocaleId) -> (Vec<ListItem>, Vec<ListItem>) {
    let lib = &site.lib;
    let code = site.config.locale(locale).code.as_str();
    let (mut pages, mut subs) = (vec![], vec![]);
    for c in lib.children(section, locale) {
        let Some((s, r)) = lib.shown(c, locale).zip(lib.route(c, locale)) else { continue };
        let item = list_item(site, s, &site.config.public_url(&r.url), code);
        if lib.group(c).is_section {
            subs.push(item)
        } else {
            pages.push(item)
        }
    }
    (pages, subs)
}

/// The language switcher of a content page.
pub fn translations(site: &Loaded, group: GroupId, locale: LocaleId) -> Vec<TranslationLink> {
    site.langs
        .iter()
        .zip(site.config.locale_ids())
        .map(|(l, id)| {
            let route = site.lib.route(group, id);
            TranslationLink {
                code: l.code.clone(),
                name: l.name.clone(),
                dir: l.dir,
                url: site.config.public_url(&route.map(|r| r.url.clone()).unwrap_or_else(|| format!("{}/", site.config.locale_prefix(&l.code)))),
                current: id == locale,
                exists: route.is_some_and(|r| r.kind == RouteKind::Translated),
            }
        })
        .collect()
}

/// The language switcher of a generated page: the same page under each locale's prefix.
pub fn special_translations(site: &Loaded, url: &str, locale: &str) -> Vec<TranslationLink> {
    let own_prefix = site.config.locale_prefix(locale);
    let rest = url.strip_prefix(&own_prefix).unwrap_or(url);
    site.langs
        .iter()
        .map(|l| {
            let prefix = site.config.locale_prefix(&l.code);
            let url = format!("{prefix}{rest}");
            // A tag may exist in some locales only; elsewhere the switcher leads to the tag list.
            let is_tag = rest.starts_with("/tags/") && rest != "/tags/";
            let exists = !is_tag || site.tags.has_url(&l.code, &url);
            TranslationLink {
                code: l.code.clone(),
                name: l.name.clone(),
                dir: l.dir,
                url: site.config.public_url(&if exists { url } else { format!("{prefix}/tags/") }),
                current: l.code == locale,
                exists,
            }
        })
        .collect()
}

/// `hreflang` alternates of a group: its own translations, and `x-default`.
pub fn alternates(site: &Loaded, group: GroupId) -> Vec<Alternate> {
    let lib = &site.lib;
    let mut out: Vec<Alternate> = site
        .langs
        .iter()
        .zip(site.config.locale_ids())
        .filter_map(|(l, id)| {
            let r = lib.route(group, id)?;
            (r.kind == RouteKind::Translated).then(|| Alternate { hreflang: l.code.clone(), url: permalink(site, &r.url) })
        })
        .collect();
    if let Some(r) = lib.route(group, site.config.default_locale_id()) {
        if r.kind == RouteKind::Translated {
            out.push(Alternate { hreflang: "x-default".into(), url: permalink(site, &r.url) });
        }
    }
    out
}

/// The ancestors of a group, from the home page down.
pub fn breadcrumbs(site: &Loaded, group: GroupId, locale: LocaleId) -> Vec<Crumb> {
    let lib = &site.lib;
    let mut crumbs = Vec::new();
    let mut cur = lib.group(group).parent;
    while let Some(c) = cur {
        if let (Some(s), Some(r)) = (lib.shown(c, locale), lib.route(c, locale)) {
            let (lang, dir) = text_lang(site, s);
            crumbs.push(Crumb { title: s.front.title.clone(), url: site.config.public_url(&r.url), lang, dir });
        }
        cur = lib.group(c).parent;
    }
    crumbs.reverse();
    crumbs
}

/// The absolute URL of a share image: the page's own, else the site's, else "".
pub fn share_image(site: &Loaded, own: Option<&str>) -> String {
    match own.or(site.config.share_image.as_deref()) {
        Some(u) if u.starts_with("http://") || u.starts_with("https://") => u.to_string(),
        Some(p) => format!("{}/{}", site.config.base_url, p.trim_start_matches('/')),
        None => String::new(),
    }
}

/// The locale's search page, or "" when search is off.
pub fn search_url(site: &Loaded, locale: &str) -> String {
    if site.config.search {
        site.config.public_url(&format!("{}/search/", site.config.locale_prefix(locale)))
    } else {
        String::new()
    }
}

pub fn home_url(site: &Loaded, locale: &str) -> String {
    site.config.public_url(&format!("{}/", site.config.locale_prefix(locale)))
}

pub fn sitemap_url(site: &Loaded, locale: &str) -> String {
    site.config.public_url(&format!("{}/sitemap/", site.config.locale_prefix(locale)))
}

/// The locale's Atom feed (absolute), or "" when feeds are off.
pub fn feed_url(site: &Loaded, locale: &str) -> String {
    if site.config.feeds {
        permalink(site, &format!("{}/atom.xml", site.config.locale_prefix(locale)))
    } else {
        String::new()
    }
}

/// The human site map of a locale from `group` down: every section and page, nested.
pub fn tree(site: &Loaded, group: GroupId, locale: LocaleId) -> Option<TreeNode> {
    let lib = &site.lib;
    let (s, r) = (lib.shown(group, locale)?, lib.route(group, locale)?);
    let (lang, dir) = text_lang(site, s);
    let children = lib.children(group, locale).into_iter().filter_map(|c| tree(site, c, locale)).collect();
    Some(TreeNode { lang, dir, title: s.front.title.clone(), url: site.config.public_url(&r.url), children })
}

/// What the default theme prints of `ctx`'s lists ([`Markup`]), exactly as its loops would;
/// `template` is the template `ctx` is rendered with.
pub fn markup(site: &Loaded, ctx: &RenderCtx, template: &str) -> Markup {
    let languages = languages_markup(site, &ctx.translations, ctx.lang);
    let nav = nav_markup(site, &ctx.nav, ctx.lang, ctx.page_url);
    Markup {
        cards: if ctx.parts.built_in_cards { cards_markup(ctx, template) } else { String::new() },
        alternates: alternates_markup(&ctx.alternates),
        og_locales: og_locales_markup(&ctx.translations),
        header: header_markup(site, ctx, &languages, &nav),
        languages,
        nav,
        breadcrumbs: breadcrumbs_markup(&ctx.breadcrumbs, ctx.lang),
        tree: match (&ctx.tree, template) {
            (Some(tree), "sitemap.html") if ctx.parts.built_in_cards => tree_markup(tree, ctx.lang),
            _ => String::new(),
        },
        toc: ctx.page.as_ref().map(|p| toc_markup(&p.toc, ctx.fallback.as_ref())).unwrap_or_default(),
        footer: footer_markup(site, ctx),
    }
}

/// The footer of `ctx`'s page from the locale's [`PreparedPart`], or "" where it does not
/// apply (a site's own footer, the about page, other URLs): base.html then includes the partial.
fn footer_markup(site: &Loaded, ctx: &RenderCtx) -> String {
    let about = &ctx.site.roles.about;
    if !ctx.parts.built_in_footer || (!about.is_empty() && ctx.page_url == about) {
        return String::new();
    }
    match ctx.parts.footer.get_or_init(|| prepared_footer(site, ctx)) {
        Some(p) if p.made_with == [ctx.sitemap_url.as_str(), ctx.feed_url.as_str()] => fill(p, &[&crate::html::escape(&ctx.permalink)[..]]),
        _ => String::new(),
    }
}

/// The header of `ctx`'s page from the locale's [`PreparedPart`], or "" where it does not apply
/// (a site's own header, a home page or the search page, which mark their link current, a page
/// without a menu, other URLs).
fn header_markup(site: &Loaded, ctx: &RenderCtx, languages: &str, nav: &str) -> String {
    let search_current = ctx.site.search && ctx.page_url == ctx.search_url;
    if !ctx.parts.built_in_header || ctx.kind == PageKind::Home || search_current || nav.is_empty() {
        return String::new();
    }
    match ctx.parts.header.get_or_init(|| prepared_header(site, ctx)) {
        Some(p) if p.made_with == [ctx.search_url.as_str(), ctx.home_url.as_str(), ctx.sitemap_url.as_str()] => fill(p, &[languages, nav]),
        _ => String::new(),
    }
}

/// Stand for a page's own parts in a partial rendered once, so that the markup around them is found.
const MARKS: [&str; 2] = ["\u{E000}haven-part-1\u{E000}", "\u{E000}haven-part-2\u{E000}"];

/// A context with `ctx`'s locale-wide variables, for a partial rendered once.
fn locale_context(ctx: &RenderCtx) -> tera::Context {
    let mut c = tera::Context::new();
    c.insert("site", ctx.site);
    c.insert("lang", ctx.lang);
    c.insert("page_url", "");
    c
}

/// `partials/footer.html` on a page that is not the about page, cut at its permalink.
fn prepared_footer(site: &Loaded, ctx: &RenderCtx) -> Option<PreparedPart> {
    let mut c = locale_context(ctx);
    c.insert("sitemap_url", &ctx.sitemap_url);
    c.insert("feed_url", &ctx.feed_url);
    c.insert("permalink", MARKS[0]);
    prepared(site, ctx, "partials/footer.html", &c, &MARKS[..1], vec![ctx.sitemap_url.clone(), ctx.feed_url.clone()])
}

/// `partials/header.html` on a page that is not a home page or the search page and has a menu,
/// cut at its language switcher and its menu. `has_help` as base.html sets it.
fn prepared_header(site: &Loaded, ctx: &RenderCtx) -> Option<PreparedPart> {
    let mut c = locale_context(ctx);
    c.insert("search_url", &ctx.search_url);
    c.insert("home_url", &ctx.home_url);
    c.insert("sitemap_url", &ctx.sitemap_url);
    c.insert("is_home", &false);
    c.insert("has_help", &(ctx.site.helplines.iter().any(|h| h.compact) || !ctx.site.roles.help.is_empty()));
    c.insert("html", &serde_json::json!({ "languages": MARKS[0], "nav": MARKS[1] }));
    let made_with = vec![ctx.search_url.clone(), ctx.home_url.clone(), ctx.sitemap_url.clone()];
    prepared(site, ctx, "partials/header.html", &c, &MARKS, made_with)
}

/// The partial `name` rendered with `c` and cut at `marks` (each once, in order); `None` if it
/// fails or is not so (each page then includes it, and reports the error).
fn prepared(site: &Loaded, ctx: &RenderCtx, name: &str, c: &tera::Context, marks: &[&str], made_with: Vec<String>) -> Option<PreparedPart> {
    let html = site.engines.get(&ctx.lang.code)?.render(name, c).ok()?;
    let (mut pieces, mut rest) = (Vec::new(), html.as_str());
    for mark in marks {
        let (before, after) = rest.split_once(mark)?;
        pieces.push(before.to_string());
        rest = after;
    }
    pieces.push(rest.to_string());
    let stray = pieces.iter().any(|p| MARKS.iter().any(|m| p.contains(m)));
    (!stray).then_some(PreparedPart { made_with, pieces })
}

/// The pieces of `part` with `parts` (markup) between them.
fn fill(part: &PreparedPart, parts: &[&str]) -> String {
    let mut out = String::with_capacity(part.pieces.iter().map(String::len).chain(parts.iter().map(|s| s.len())).sum());
    for (i, piece) in part.pieces.iter().enumerate() {
        out.push_str(piece);
        out.push_str(parts.get(i).copied().unwrap_or(""));
    }
    out
}

/// Appends `text` HTML-escaped, as Tera's autoescape prints it.
fn push_escaped(out: &mut String, text: &str) {
    out.push_str(&crate::html::escape(text));
}

/// ` lang="…" dir="…"` when a text is not in the page's language.
fn push_text_lang(out: &mut String, lang: &str, dir: &str, page: &LangCtx) {
    if lang != page.code {
        out.push_str(" lang=\"");
        push_escaped(out, lang);
        out.push_str("\" dir=\"");
        push_escaped(out, dir);
        out.push('"');
    }
}

fn alternates_markup(alternates: &[Alternate]) -> String {
    let mut out = String::new();
    for a in alternates {
        out.push_str("\n<link rel=\"alternate\" hreflang=\"");
        push_escaped(&mut out, &a.hreflang);
        out.push_str("\" href=\"");
        push_escaped(&mut out, &a.url);
        out.push_str("\">");
    }
    out
}

fn og_locales_markup(translations: &[TranslationLink]) -> String {
    let mut out = String::new();
    for tr in translations.iter().filter(|tr| tr.exists && !tr.current) {
        out.push_str("\n<meta property=\"og:locale:alternate\" content=\"");
        push_escaped(&mut out, &tr.code.replace('-', "_"));
        out.push_str("\">");
    }
    out
}

fn languages_markup(site: &Loaded, translations: &[TranslationLink], page: &LangCtx) -> String {
    let mut out = String::new();
    // Asked only when a page needs it; not recorded as missing, since a theme that never prints
    // `html.languages` need not define it (the default theme does, in every locale).
    let mut not_translated = None;
    for tr in translations {
        out.push_str("\n<li><a href=\"");
        push_escaped(&mut out, &tr.url);
        for (attr, value) in [("lang", tr.code.as_str()), ("hreflang", tr.code.as_str()), ("dir", tr.dir)] {
            out.push_str("\" ");
            out.push_str(attr);
            out.push_str("=\"");
            push_escaped(&mut out, value);
        }
        out.push('"');
        if tr.current {
            out.push_str(" aria-current=\"true\"");
        }
        out.push('>');
        push_escaped(&mut out, &tr.name);
        if !tr.exists {
            out.push_str(" <span class=\"languages__note\" lang=\"");
            push_escaped(&mut out, &page.code);
            out.push_str("\" dir=\"");
            push_escaped(&mut out, page.dir);
            out.push_str("\">");
            let note = not_translated.get_or_insert_with(|| crate::html::escape(&site.strings.get_unrecorded(&page.code, "language-not-translated")));
            out.push_str(note);
            out.push_str("</span>");
        }
        out.push_str("</a></li>");
    }
    out
}

fn nav_markup(site: &Loaded, nav: &[NavItem], page: &LangCtx, page_url: &str) -> String {
    let mut out = String::new();
    for item in nav {
        out.push_str("\n<li><a href=\"");
        push_escaped(&mut out, &item.url);
        out.push('"');
        push_text_lang(&mut out, &item.lang, item.dir, page);
        if item.url == page_url {
            out.push_str(" aria-current=\"page\"");
        } else if item.active {
            out.push_str(" aria-current=\"true\"");
        }
        out.push('>');
        push_escaped(&mut out, &item.title);
        if item.lang != page.code {
            out.push_str(" <span class=\"untranslated\">");
            for l in site.langs.iter().filter(|l| l.code == item.lang) {
                push_escaped(&mut out, &l.name);
            }
            out.push_str("</span>");
        }
        out.push_str("</a></li>");
    }
    out
}

fn breadcrumbs_markup(crumbs: &[Crumb], page: &LangCtx) -> String {
    let mut out = String::new();
    for b in crumbs {
        out.push_str("\n<li><a href=\"");
        push_escaped(&mut out, &b.url);
        out.push('"');
        push_text_lang(&mut out, &b.lang, b.dir, page);
        out.push('>');
        push_escaped(&mut out, &b.title);
        out.push_str("</a></li>");
    }
    out
}

/// The cards the default theme's `template` lists (see [`Markup::cards`]).
fn cards_markup(ctx: &RenderCtx, template: &str) -> String {
    let mut out = String::new();
    match (template, &ctx.page, &ctx.taxonomy) {
        ("index.html", _, _) => ctx
            .nav
            .iter()
            .for_each(|i| push_card(&mut out, Card { title: &i.title, description: &i.description, url: &i.url, lang: &i.lang, dir: i.dir }, ctx.lang, "3")),
        ("section.html", Some(page), _) => page.subsections.iter().chain(&page.pages).for_each(|i| push_card(&mut out, Card::of(i), ctx.lang, "3")),
        ("tag.html", _, Some(taxonomy)) => taxonomy.pages.iter().for_each(|i| push_card(&mut out, Card::of(i), ctx.lang, "2")),
        _ => {}
    }
    out
}

/// What a card shows of a list item or a menu entry.
struct Card<'a> {
    title: &'a str,
    description: &'a str,
    url: &'a str,
    lang: &'a str,
    dir: &'a str,
}

impl<'a> Card<'a> {
    fn of(i: &'a ListItem) -> Card<'a> {
        Card { title: &i.title, description: &i.description, url: &i.url, lang: &i.lang, dir: i.dir }
    }
}

/// One `macros::card(item, cur=lang.code, h)` as `{%- for %}` prints it: a line of its own.
fn push_card(out: &mut String, card: Card, page: &LangCtx, h: &str) {
    out.push_str("\n<li class=\"card\"");
    push_text_lang(out, card.lang, card.dir, page);
    out.push_str("><h");
    out.push_str(h);
    out.push_str(" class=\"card__title\"><a href=\"");
    push_escaped(out, card.url);
    out.push_str("\">");
    push_escaped(out, card.title);
    out.push_str("</a></h");
    out.push_str(h);
    out.push('>');
    if !card.description.is_empty() {
        out.push_str("<p>");
        push_escaped(out, card.description);
        out.push_str("</p>");
    }
    out.push_str("</li>");
}

/// The table of contents as `partials/toc.html` prints it: entries (in the source's language on
/// a fallback page) and their children, one level down.
fn toc_markup(toc: &[crate::markdown::TocEntry], fallback: Option<&FallbackCtx>) -> String {
    let mut out = String::new();
    for e in toc {
        out.push_str("\n<li");
        if let Some(f) = fallback {
            out.push_str(" lang=\"");
            push_escaped(&mut out, &f.source_lang);
            out.push_str("\" dir=\"");
            push_escaped(&mut out, f.source_dir);
            out.push('"');
        }
        out.push('>');
        push_toc_link(&mut out, e);
        if !e.children.is_empty() {
            out.push_str("\n<ul>");
            for c in &e.children {
                out.push_str("\n<li>");
                push_toc_link(&mut out, c);
                out.push_str("</li>");
            }
            out.push_str("\n</ul>");
        }
        out.push_str("</li>");
    }
    out
}

fn push_toc_link(out: &mut String, e: &crate::markdown::TocEntry) {
    out.push_str("<a href=\"#");
    push_escaped(out, &e.id);
    out.push_str("\">");
    push_escaped(out, &e.title);
    out.push_str("</a>");
}

/// `macros::tree(items, cur=lang.code)`: a nested list of links, each in its own language.
fn tree_markup(items: &[TreeNode], page: &LangCtx) -> String {
    let mut out = String::new();
    push_tree(&mut out, items, page);
    out
}

fn push_tree(out: &mut String, items: &[TreeNode], page: &LangCtx) {
    out.push_str("<ul>");
    for item in items {
        out.push_str("\n<li><a href=\"");
        push_escaped(out, &item.url);
        out.push('"');
        push_text_lang(out, &item.lang, item.dir, page);
        out.push('>');
        push_escaped(out, &item.title);
        out.push_str("</a>");
        if !item.children.is_empty() {
            push_tree(out, &item.children, page);
        }
        out.push_str("</li>");
    }
    out.push_str("\n</ul>");
}
