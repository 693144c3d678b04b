//! The typed contexts templates receive (see docs/theming.md).

use crate::helplines::Helpline;
use crate::markdown::TocEntry;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use tera::ast::{Expr, ExprVal, FunctionCall, Node};
use tera::{Template, Tera};

#[derive(Debug, Clone, Serialize)]
pub struct LangCtx {
    pub code: String,
    pub name: String,
    pub dir: &'static str,
}

/// What the template needs to show the stale-translation notice (see `render::stale`).
#[derive(Debug, Clone, Serialize)]
pub struct StaleCtx {
    /// The source's language, its name in itself and its direction (for the link's `lang`/`dir`).
    pub source_lang: String,
    pub source_name: String,
    pub source_dir: &'static str,
    pub source_url: String,
    /// `YYYY-MM-DD`, and as the page's locale writes dates.
    pub date: String,
    pub date_display: String,
}

/// What every page of one locale shares, built once per locale when the site is loaded.
#[derive(Debug, Clone, Serialize)]
pub struct SiteCtx {
    pub title: String,
    pub description: String,
    pub base_url: String,
    /// The path of `base_url` (`/site`), or "": prefix root-relative URLs in templates with it.
    pub base_path: String,
    /// `base_url` without its path (`https://org.github.io`): prefix published URLs with it.
    pub origin: String,
    pub default_locale: String,
    pub locales: Vec<LangCtx>,
    pub quick_exit_url: String,
    pub helplines: Vec<Helpline>,
    pub search: bool,
    /// `[extra]` of site.toml.
    pub extra: toml::Table,
    /// `[brand]`: organisation, logo, stylesheets.
    pub brand: crate::brand::Brand,
    /// This locale's URLs of the pages with `role = "help" | "safety" | "about"`, "" where none.
    pub roles: crate::roles::RoleUrls,
}

/// Parts of the base layout that are the same on every page of a locale, rendered once when the
/// site is loaded and inserted as they are (`{{ parts.exit | safe }}`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct LocaleParts {
    /// The quick-exit region (`partials/exit.html`) when it is the default theme's own; `None`
    /// when a site or theme has its own, which may use a page's variables (it is then rendered
    /// with each page).
    pub exit: Option<String>,
    /// True when `partials/macros.html` is the default theme's own, so that its cards can be
    /// made in Rust ([`Markup::cards`]); a site's own macros are then called as they are.
    #[serde(skip)]
    pub built_in_cards: bool,
    /// True when `partials/footer.html` is the default theme's own: it is then rendered once
    /// for the locale ([`LocaleParts::footer`]) and printed from [`Markup::footer`].
    #[serde(skip)]
    pub built_in_footer: bool,
    /// The built-in footer, rendered at the locale's first page.
    #[serde(skip)]
    pub footer: std::sync::OnceLock<Option<PreparedPart>>,
    /// The same for `partials/header.html` ([`Markup::header`]).
    #[serde(skip)]
    pub built_in_header: bool,
    #[serde(skip)]
    pub header: std::sync::OnceLock<Option<PreparedPart>>,
    /// What each template of this locale's engine reads, worked out at its first page.
    #[serde(skip)]
    pub context_use: std::sync::OnceLock<ContextUse>,
}

/// A partial of the default theme rendered once for a locale, cut where each page puts its own
/// markup (the footer's permalink; the header's language switcher and menu).
#[derive(Debug, Clone)]
pub struct PreparedPart {
    /// The locale-wide URLs it was rendered with: a page with others includes the partial.
    pub made_with: Vec<String>,
    /// The markup around the page's own parts (one more piece than parts).
    pub pieces: Vec<String>,
}

/// What a rendered page is, so templates need not guess it from which variables are defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    /// The home page of a locale.
    Home,
    Section,
    Page,
    NotFound,
    Search,
    Sitemap,
    /// The list of every tag of a locale.
    Tags,
    /// One tag's page.
    Tag,
    /// The language chooser at `/` when every locale lives under `/<locale>/`.
    Root,
    /// A page that moved: `aliases` in front matter write one at each old address.
    Redirect,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    /// `[extra] menu_title` when set, else the title.
    pub title: String,
    pub description: String,
    pub url: String,
    pub active: bool,
    /// Language and direction of the title's text (the default locale's on fallback pages).
    pub lang: String,
    pub dir: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct TranslationLink {
    pub code: String,
    pub name: String,
    pub dir: &'static str,
    pub url: String,
    pub current: bool,
    pub exists: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub hreflang: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Crumb {
    pub title: String,
    pub url: String,
    /// Language and direction of the title's text (the default locale's on fallback pages).
    pub lang: String,
    pub dir: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct FallbackCtx {
    pub source_lang: String,
    pub source_dir: &'static str,
    pub source_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ListItem {
    pub title: String,
    pub description: String,
    pub url: String,
    pub date: String,
    pub date_display: String,
    /// Language and direction of the title's text (the default locale's on fallback pages).
    pub lang: String,
    pub dir: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageCtx<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub date: String,
    pub date_display: String,
    pub weight: i64,
    pub slug: String,
    pub url: &'a str,
    pub permalink: String,
    pub content: String,
    pub summary: String,
    pub toc: Vec<TocEntry>,
    pub word_count: usize,
    pub reading_minutes: usize,
    pub extra: &'a toml::Table,
    pub tags: Vec<TagLink>,
    pub lang: &'a str,
    pub dir: &'static str,
    pub is_section: bool,
    pub pages: Vec<ListItem>,
    pub subsections: Vec<ListItem>,
}

/// A tag: its name in the page's locale, its page, and how many pages carry it.
#[derive(Debug, Clone, Serialize)]
pub struct TagLink {
    pub name: String,
    pub url: String,
    pub count: usize,
}

/// What the tag list and tag pages get.
#[derive(Debug, Clone, Serialize)]
pub struct TaxonomyCtx {
    pub tags: Vec<TagLink>,
    /// On a tag's own page: that tag and its pages.
    pub current: Option<TagLink>,
    pub pages: Vec<ListItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TreeNode {
    pub title: String,
    pub url: String,
    pub children: Vec<TreeNode>,
    /// Language and direction of the title's text (the default locale's on fallback pages).
    pub lang: String,
    pub dir: &'static str,
}

/// Everything a page template gets.
#[derive(Debug, Serialize)]
pub struct RenderCtx<'a> {
    pub kind: PageKind,
    /// The page's own title, without the site's: `page.title` on content pages, the theme's
    /// interface string on generated ones (`not-found-title`, `search-title`, `tag-title` ...).
    pub title: String,
    pub site: &'a SiteCtx,
    /// This locale's parts of the base layout, rendered once.
    pub parts: &'a LocaleParts,
    pub lang: &'a LangCtx,
    pub nav: Vec<NavItem>,
    pub page_url: &'a str,
    /// The home page and the site map page of this locale.
    pub home_url: String,
    pub sitemap_url: String,
    /// This locale's search page, or "" when search is off.
    pub search_url: String,
    pub permalink: String,
    pub translations: Vec<TranslationLink>,
    pub alternates: Vec<Alternate>,
    /// The lists above as the default theme prints them, made once in Rust.
    pub html: Markup,
    pub feed_url: String,
    /// Absolute URL of the page's share image (`[extra] share_image`, else the site's), or "".
    pub share_image: String,
    pub csp: &'static str,
    pub breadcrumbs: Vec<Crumb>,
    pub fallback: Option<FallbackCtx>,
    /// A translation whose source changed since it was marked current.
    pub stale: Option<StaleCtx>,
    pub noindex: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<PageCtx<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tree: Option<Vec<TreeNode>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taxonomy: Option<TaxonomyCtx>,
    /// On a redirect page (`aliases` in front matter): where the page moved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect: Option<RedirectCtx>,
}

/// What the default theme's loops over `alternates`, `translations`, `nav` and `breadcrumbs`
/// print, made in Rust with the same escaping (each is that loop's output, a line per item, for
/// `| safe`), so that templates do not walk those lists on every page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Markup {
    /// `<link rel="alternate" hreflang=…>` of each of `alternates`.
    pub alternates: String,
    /// `<meta property="og:locale:alternate">` of each translation that exists, other than this one.
    pub og_locales: String,
    /// The language switcher's `<li>`s (`partials/header.html`).
    pub languages: String,
    /// The main menu's `<li>`s, the current page and its section marked (`partials/header.html`).
    pub nav: String,
    /// The breadcrumbs' `<li>`s, the current page's own excluded (`partials/breadcrumbs.html`).
    pub breadcrumbs: String,
    /// The table of contents' `<li>`s, two levels (`partials/toc.html`); "" on generated pages.
    pub toc: String,
    /// The site map (`macros::tree` of `tree`) on `sitemap.html`, "" elsewhere or when a site has
    /// its own `partials/macros.html`.
    pub tree: String,
    /// The cards (`macros::card`) of the list the page's template shows: the menu on
    /// `index.html`, the subsections then the pages on `section.html`, the tag's pages on
    /// `tag.html`; "" elsewhere, or when a site has its own `partials/macros.html`.
    pub cards: String,
    /// `partials/footer.html` as the default theme prints it, made from its rendering once per
    /// locale; "" when the site has its own footer (base.html then includes it).
    pub footer: String,
    /// `partials/header.html` the same way; "" on home pages, the search page, pages without a
    /// menu and when the site has its own header.
    pub header: String,
}

/// Where a moved page now lives: its published URL (same origin) and its title.
#[derive(Debug, Clone, Serialize)]
pub struct RedirectCtx {
    pub url: String,
    pub title: String,
}

/// The Content-Security-Policy of every page: the site's own resources only.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
connect-src 'self'; media-src 'self'; manifest-src 'self'; form-action 'self'; base-uri 'none'";

/// The names a template can read from its context: the first segment of each variable it (or
/// anything it extends, includes or imports) names, or every name when it dumps the whole
/// context (`__tera_context`). A page's context then leaves out what its template never reads:
/// serialising the language switcher or the menu costs as much as printing them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Reads {
    /// Every name (a template not found, or one that dumps the context).
    #[default]
    All,
    Only(HashSet<String>),
}

impl Reads {
    pub fn reads(&self, name: &str) -> bool {
        match self {
            Reads::All => true,
            Reads::Only(names) => names.contains(name),
        }
    }
}

/// [`Reads`] of every template of an engine, by name.
#[derive(Debug, Clone, Default)]
pub struct ContextUse(HashMap<String, Reads>);

impl ContextUse {
    pub fn of(tera: &Tera) -> ContextUse {
        let own: HashMap<&str, (HashSet<String>, Vec<&str>)> = tera.templates.iter().map(|(n, t)| (n.as_str(), names_and_refs(t))).collect();
        ContextUse(own.keys().map(|&n| (n.to_string(), closure(n, &own))).collect())
    }

    /// What the template `name` reads; everything when it is not known.
    pub fn of_template(&self, name: &str) -> &Reads {
        self.0.get(name).unwrap_or(&Reads::All)
    }
}

/// Where a context variable's name is dumped whole by Tera.
const WHOLE_CONTEXT: &str = "__tera_context";

/// The names of `name` and of every template it reaches (each once).
fn closure(name: &str, own: &HashMap<&str, (HashSet<String>, Vec<&str>)>) -> Reads {
    let (mut names, mut seen, mut todo) = (HashSet::new(), HashSet::new(), vec![name]);
    while let Some(n) = todo.pop() {
        if !seen.insert(n) {
            continue;
        }
        let Some((vars, refs)) = own.get(n) else { return Reads::All };
        if vars.contains(WHOLE_CONTEXT) {
            return Reads::All;
        }
        names.extend(vars.iter().cloned());
        todo.extend(refs.iter().copied());
    }
    Reads::Only(names)
}

/// A template's own variable names, and the templates it extends, includes or imports.
fn names_and_refs(t: &Template) -> (HashSet<String>, Vec<&str>) {
    let mut names = HashSet::new();
    walk_nodes(&t.ast, &mut names);
    for m in t.macros.values() {
        m.args.values().flatten().for_each(|e| walk_expr(e, &mut names));
        walk_nodes(&m.body, &mut names);
    }
    t.blocks.values().for_each(|b| walk_nodes(&b.body, &mut names));
    let mut refs: Vec<&str> = t.parents.iter().chain(t.parent.iter()).map(String::as_str).collect();
    refs.extend(t.imported_macro_files.iter().map(|(file, _)| file.as_str()));
    includes(&t.ast, &mut refs);
    t.macros.values().for_each(|m| includes(&m.body, &mut refs));
    t.blocks.values().for_each(|b| includes(&b.body, &mut refs));
    (names, refs)
}

fn includes<'a>(nodes: &'a [Node], out: &mut Vec<&'a str>) {
    for node in nodes {
        match node {
            Node::Include(_, files, _) => out.extend(files.iter().map(String::as_str)),
            Node::ImportMacro(_, file, _) | Node::Extends(_, file) => out.push(file),
            other => children(other).into_iter().for_each(|body| includes(body, out)),
        }
    }
}

/// The bodies nested in a node.
fn children(node: &Node) -> Vec<&[Node]> {
    match node {
        Node::MacroDefinition(_, m, _) => vec![&m.body],
        Node::Block(_, b, _) => vec![&b.body],
        Node::FilterSection(_, f, _) => vec![&f.body],
        Node::Forloop(_, f, _) => vec![&f.body, f.empty_body.as_deref().unwrap_or(&[])],
        Node::If(i, _) => i.conditions.iter().map(|(_, _, body)| body.as_slice()).chain(i.otherwise.as_ref().map(|(_, b)| b.as_slice())).collect(),
        _ => vec![],
    }
}

fn walk_nodes(nodes: &[Node], names: &mut HashSet<String>) {
    for node in nodes {
        match node {
            Node::VariableBlock(_, e) => walk_expr(e, names),
            Node::Set(_, s) => walk_expr(&s.value, names),
            Node::FilterSection(_, f, _) => walk_call(&f.filter, names),
            Node::Forloop(_, f, _) => walk_expr(&f.container, names),
            Node::If(i, _) => i.conditions.iter().for_each(|(_, e, _)| walk_expr(e, names)),
            Node::MacroDefinition(_, m, _) => m.args.values().flatten().for_each(|e| walk_expr(e, names)),
            _ => {}
        }
        children(node).into_iter().for_each(|body| walk_nodes(body, names));
    }
}

fn walk_expr(e: &Expr, names: &mut HashSet<String>) {
    walk_val(&e.val, names);
    e.filters.iter().for_each(|f| walk_call(f, names));
}

fn walk_call(f: &FunctionCall, names: &mut HashSet<String>) {
    f.args.values().for_each(|e| walk_expr(e, names));
}

fn walk_val(v: &ExprVal, names: &mut HashSet<String>) {
    match v {
        ExprVal::Ident(path) => add_path(path, names),
        ExprVal::Math(m) => [&m.lhs, &m.rhs].into_iter().for_each(|e| walk_expr(e, names)),
        ExprVal::Logic(l) => [&l.lhs, &l.rhs].into_iter().for_each(|e| walk_expr(e, names)),
        ExprVal::In(i) => [&i.lhs, &i.rhs].into_iter().for_each(|e| walk_expr(e, names)),
        ExprVal::Test(t) => {
            add_path(&t.ident, names);
            t.args.iter().for_each(|e| walk_expr(e, names));
        }
        ExprVal::MacroCall(m) => m.args.values().for_each(|e| walk_expr(e, names)),
        ExprVal::FunctionCall(f) => walk_call(f, names),
        ExprVal::Array(items) => items.iter().for_each(|e| walk_expr(e, names)),
        ExprVal::StringConcat(c) => c.values.iter().for_each(|v| walk_val(v, names)),
        ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) => {}
    }
}

/// The variable a path starts with, and those it is indexed with (`a.b[c.d]` reads `a` and `c`).
fn add_path(path: &str, names: &mut HashSet<String>) {
    let root_end = path.find(['.', '[']).unwrap_or(path.len());
    names.insert(path[..root_end].trim().to_string());
    for index in path.split('[').skip(1) {
        let index = index.split(']').next().unwrap_or("").trim();
        if !index.is_empty() && !index.starts_with(['"', '\'']) && !index.starts_with(|c: char| c.is_ascii_digit()) {
            add_path(index, names);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine(list: &[(&str, &str)]) -> Tera {
        let mut tera = Tera::default();
        tera.add_raw_templates(list.to_vec()).unwrap();
        tera
    }

    fn only(names: &[&str]) -> Reads {
        Reads::Only(names.iter().map(|n| n.to_string()).collect())
    }

    #[test]
    fn a_template_reads_what_it_and_what_it_reaches_name() {
        let tera = engine(&[
            ("base.html", "{{ a.b }}{% block body %}{% endblock body %}{% include \"part.html\" %}"),
            ("part.html", "{% for x in c %}{{ x }}{% endfor %}{% if d is defined and e[f.g] %}{{ h(k=i) | default(value=j) }}{% endif %}"),
            ("macros.html", "{% macro m(v=1) %}{{ v ~ y }}{% endmacro m %}"),
            (
                "page.html",
                "{% extends \"base.html\" %}{% import \"macros.html\" as mm %}{% block body %}{{ mm::m(v=z) }}{% set s = n | length %}{% endblock body %}",
            ),
            ("lone.html", "{{ q[0] }}{{ r[\"key\"] }}"),
            ("dump.html", "{{ __tera_context }}"),
            ("with-dump.html", "{% include \"dump.html\" %}{{ a }}"),
        ]);
        let used = ContextUse::of(&tera);
        let page = ["a", "c", "x", "d", "e", "f", "i", "j", "v", "y", "z", "n"];
        assert_eq!(used.of_template("page.html"), &only(&page));
        assert_eq!(used.of_template("part.html"), &only(&["c", "x", "d", "e", "f", "i", "j"]));
        assert_eq!(used.of_template("lone.html"), &only(&["q", "r"]));
        assert_eq!(used.of_template("with-dump.html"), &Reads::All);
        assert_eq!(used.of_template("missing.html"), &Reads::All);
    }
}
