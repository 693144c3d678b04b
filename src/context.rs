//! The typed contexts templates receive (see docs/theming.md).

use crate::helplines::Helpline;
use crate::markdown::TocEntry;
use serde::Serialize;

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
    pub footer: std::sync::OnceLock<Option<PreparedFooter>>,
    /// What each template of this locale's engine reads, worked out at its first page.
    #[serde(skip)]
    pub context_use: std::sync::OnceLock<crate::templates::ContextUse>,
}

/// The default theme's footer of one locale, rendered once: all of it but the page's permalink,
/// for the URLs it was made with, on every page but the `role = "about"` page (whose link is
/// marked current there).
#[derive(Debug, Clone)]
pub struct PreparedFooter {
    pub sitemap_url: String,
    pub feed_url: String,
    /// The markup before and after the permalink.
    pub head: String,
    pub tail: String,
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
