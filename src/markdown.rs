//! Markdown to HTML (pulldown-cmark): heading ids, table of contents, internal links, and the
//! content lint, in one pass over the events. A pure function of its inputs.

use crate::diagnostics::{Diagnostic, Rule};
pub use crate::html::escape;
use crate::lint::{self, LintContext};
use crate::slug::{slugify, UniqueIds};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// An entry of a page's table of contents.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// A link found in the content, with the line it is on.
#[derive(Debug, Clone)]
pub struct Link {
    /// The URL as written after resolving `@/` and `.md` paths.
    pub url: String,
    pub line: usize,
}

/// What rendering one body produced.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub ids: Vec<String>,
    pub links: Vec<Link>,
    pub words: usize,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// Turns `@/x.md` or relative `.md` links into URLs; `Err` is a message for the author.
pub trait LinkResolver {
    fn resolve(&self, target: &str) -> Result<String, String>;

    /// The path the site is published below (`/site`), or "".
    fn base_path(&self) -> &str {
        ""
    }
}

/// The Markdown extensions every page is read with (the translation units are cut with the same).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `text`, whose first line is line `first_line` of `lint.file`.
pub fn render(text: &str, first_line: usize, resolver: &dyn LinkResolver, lint: &LintContext) -> Rendered {
    let mut out = Rendered::default();
    let line_starts = line_starts(text);
    let line_of = |offset: usize| first_line + line_starts.partition_point(|&s| s <= offset) - 1;
    let mut ids = UniqueIds::default();
    let mut events: Vec<Event> = Vec::new();
    let mut heading: Option<OpenHeading> = None;
    let mut link_text: Option<(String, usize)> = None;
    let mut image: Option<(String, usize)> = None;
    let mut linter = lint::Linter::new(lint);
    let mut table_head: Option<(bool, usize)> = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let line = line_of(range.start);
        // Blocks, breaks and images end words in the page text; inline formatting does not.
        if matches!(&event, Event::End(t) if !matches!(t, TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link))
            || matches!(event, Event::SoftBreak | Event::HardBreak | Event::Start(Tag::Image { .. }))
        {
            out.text.push(' ');
        }
        match event {
            Event::Start(Tag::Heading { id, classes, .. }) => {
                heading =
                    Some(OpenHeading { id: id.map(|s| s.to_string()), classes: classes.iter().map(|c| c.to_string()).collect(), start: events.len(), line });
                events.push(Event::Text(CowStr::Borrowed(""))); // replaced at the end of the heading
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(OpenHeading { id: explicit, classes, start, line: hline }) = heading.take() {
                    let title = plain_text(&events[start + 1..]);
                    let id = ids.claim(&explicit.unwrap_or_else(|| slugify(&title)));
                    linter.heading(level as u8, hline, &mut out.diagnostics);
                    let class = if classes.is_empty() { String::new() } else { format!(" class=\"{}\"", escape(&classes.join(" "))) };
                    events[start] = Event::Html(format!("<h{} id=\"{}\"{class}>", level as u8, escape(&id)).into());
                    events.push(Event::Html(format!("</h{}>\n", level as u8).into()));
                    out.ids.push(id.clone());
                    push_toc(&mut out.toc, TocEntry { level: level as u8, id, title, children: vec![] });
                }
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let url = resolve_link(&dest_url, resolver, line, lint, &mut out.diagnostics);
                out.links.push(Link { url: url.clone(), line });
                link_text = Some((String::new(), line));
                events.push(Event::Start(Tag::Link { link_type, dest_url: url.into(), title, id }));
            }
            Event::End(TagEnd::Link) => {
                if let Some((text, l)) = link_text.take() {
                    linter.link_text(&text, l, &mut out.diagnostics);
                }
                events.push(Event::End(TagEnd::Link));
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                // A relative image is the file beside the page: one URL in every locale's copy.
                let dest_url =
                    crate::images::srcset::beside(lint.file, &dest_url).map(|u| CowStr::from(format!("{}{u}", resolver.base_path()))).unwrap_or(dest_url);
                image = Some((String::new(), line));
                out.links.push(Link { url: dest_url.to_string(), line });
                events.push(Event::Start(Tag::Image { link_type, dest_url, title, id }));
            }
            Event::End(TagEnd::Image) => {
                if let Some((alt, l)) = image.take() {
                    linter.image_alt(&alt, l, &mut out.diagnostics);
                }
                events.push(Event::End(TagEnd::Image));
            }
            Event::Start(Tag::TableHead) => {
                table_head = Some((false, line));
                events.push(event);
            }
            Event::End(TagEnd::TableHead) => {
                if let Some((has_text, l)) = table_head.take() {
                    linter.table_header(has_text, l, &mut out.diagnostics);
                }
                events.push(event);
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                out.words += t.split_whitespace().count();
                out.text.push_str(t);
                if let Some((s, _)) = link_text.as_mut() {
                    s.push_str(t);
                }
                if let Some((s, _)) = image.as_mut() {
                    s.push_str(t);
                }
                if let Some((has, _)) = table_head.as_mut() {
                    *has |= !t.trim().is_empty();
                }
                events.push(event);
            }
            Event::Html(ref h) | Event::InlineHtml(ref h) => {
                if !h.trim_start().starts_with("<!--haven-shortcode-") {
                    linter.raw_html(h, line, &mut out.diagnostics);
                }
                events.push(event);
            }
            other => events.push(other),
        }
    }
    let (events, mut note_ids) = crate::footnotes::arrange(events, lint.locale);
    out.ids.append(&mut note_ids);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out
}

/// A heading whose text is still being collected.
struct OpenHeading {
    /// An explicit `{#id}`.
    id: Option<String>,
    classes: Vec<String>,
    /// Index of the placeholder event that becomes the opening tag.
    start: usize,
    line: usize,
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

fn resolve_link(dest: &str, resolver: &dyn LinkResolver, line: usize, lint: &LintContext, diags: &mut Vec<Diagnostic>) -> String {
    let is_source = dest.starts_with("@/") || {
        let path = dest.split('#').next().unwrap_or("");
        !dest.contains("://") && !dest.starts_with("mailto:") && path.ends_with(".md")
    };
    if !is_source {
        return dest.to_string();
    }
    match resolver.resolve(dest) {
        Ok(url) => url,
        Err(message) => {
            diags.push(Diagnostic::error(Rule::BrokenLink, message).in_file(lint.file).at(line, None));
            dest.to_string()
        }
    }
}

fn plain_text(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        if let Event::Text(t) | Event::Code(t) = e {
            s.push_str(t);
        }
    }
    s.trim().to_string()
}

/// Nests an entry under the last entry of a lower level.
fn push_toc(toc: &mut Vec<TocEntry>, entry: TocEntry) {
    if let Some(last) = toc.last_mut() {
        if last.level < entry.level {
            return push_toc(&mut last.children, entry);
        }
    }
    toc.push(entry);
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoLinks;
    impl LinkResolver for NoLinks {
        fn resolve(&self, target: &str) -> Result<String, String> {
            if target == "@/ok.md" {
                Ok("/ok/".into())
            } else {
                Err(format!("no such page: {target}"))
            }
        }
    }

    fn ctx() -> LintContext<'static> {
        LintContext { file: std::path::Path::new("x.md"), locale: "en", vague: Box::leak(Box::default()) }
    }

    #[test]
    fn headings_get_unique_unicode_ids_and_toc() {
        let r = render("## Лікування\n\n### A\n\n## Лікування\n", 1, &NoLinks, &ctx());
        assert!(r.html.contains("<h2 id=\"лікування\">Лікування</h2>"), "{}", r.html);
        assert!(r.html.contains("id=\"лікування-1\""));
        assert_eq!(r.toc.len(), 2);
        assert_eq!(r.toc[0].children[0].id, "a");
    }

    #[test]
    fn resolves_and_reports_links_with_lines() {
        let r = render("[ok page](@/ok.md)\n\n[gone page](@/gone.md)\n", 5, &NoLinks, &ctx());
        assert!(r.html.contains("href=\"/ok/\""));
        let d = r.diagnostics.iter().find(|d| d.rule == Rule::BrokenLink).unwrap();
        assert_eq!(d.line, Some(7));
    }

    #[test]
    fn escapes_the_five_special_characters_only() {
        assert_eq!(escape(""), "");
        assert_eq!(escape("plain / текст"), "plain / текст");
        assert_eq!(escape("<a href=\"x\">Tom's & Jerry's</a>"), "&lt;a href=&quot;x&quot;&gt;Tom&#39;s &amp; Jerry&#39;s&lt;/a&gt;");
        assert_eq!(escape("ü&ü"), "ü&amp;ü");
    }

    #[test]
    fn gfm_extensions_render() {
        let r = render("| a |\n|---|\n| b |\n\n~~x~~ \"q\"[^1]\n\n[^1]: n\n\n- [x] done\n", 1, &NoLinks, &ctx());
        for needle in ["<table>", "<del>x</del>", "“q”", "footnote", "checkbox"] {
            assert!(r.html.contains(needle), "{needle} in {}", r.html);
        }
    }
}
