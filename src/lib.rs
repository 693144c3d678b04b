//! Haven: a static site generator for multilingual awareness-campaign websites, safe by default.
//!
//! A build is a pipeline of stages handing plain data on (see [`pipeline::build`]).

pub mod aliases;
pub mod brand;
pub mod checks;
pub mod config;
pub mod content;
pub mod context;
pub mod dates;
pub mod diagnostics;
pub mod external;
pub mod feeds;
pub mod footnotes;
pub mod frontmatter;
pub mod fsutil;
pub mod headers;
pub mod helplines;
pub mod html;
pub mod htmltok;
pub mod i18n;
pub mod images;
pub mod init;
pub mod library;
pub mod lint;
pub mod markdown;
pub mod menu;
pub mod outpath;
pub mod output;
pub mod pipeline;
pub mod published;
pub mod render;
pub mod roles;
pub mod scan;
pub mod search;
pub mod serve;
pub mod shortcodes;
pub mod site;
pub mod sitemap;
pub mod slug;
pub mod taxonomy;
pub mod template_graph;
pub mod templates;
pub mod theme;
pub mod translation;
pub mod urlpath;
pub mod urls;
pub mod walk;

pub use diagnostics::{Diagnostic, Rule, Severity};
pub use pipeline::{build, BuildOptions, BuildReport};
