//! The typed contexts templates receive (see docs/templates.md).

use crate::helplines::Helpline;
use crate::markdown::TocEntry;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct LangCtx {
    pub code: String,
    pub name: String,
    pub dir: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteCtx<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub default_locale: &'a str,
    pub locales: &'a [LangCtx],
    pub quick_exit_url: &'a str,
    pub helplines: &'a [Helpline],
    pub search: bool,
    /// `[extra]` of site.toml.
    pub extra: &'a toml::Table,
    /// `[brand]`: organisation, logo, stylesheets.
    pub brand: &'a crate::brand::Brand,
    /// This locale's URLs of the pages with `role = "help" | "safety" | "about"`, "" where none.
    pub roles: crate::brand::RoleUrls,
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
    pub site: &'a SiteCtx<'a>,
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
    pub feed_url: String,
    /// Absolute URL of the page's share image (`[extra] share_image`, else the site's), or "".
    pub share_image: String,
    pub csp: &'static str,
    pub breadcrumbs: Vec<Crumb>,
    pub fallback: Option<FallbackCtx>,
    pub noindex: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<PageCtx<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tree: Option<Vec<TreeNode>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taxonomy: Option<TaxonomyCtx>,
}

/// The Content-Security-Policy of every page: the site's own resources only.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
connect-src 'self'; media-src 'self'; manifest-src 'self'; form-action 'self'; base-uri 'none'";
