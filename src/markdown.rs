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
    // Footnotes are moved to the end, which needs every event first; without a `[^` there are
    // none, and the events go straight to the HTML writer.
    render_with(text, first_line, resolver, lint, may_have_footnotes(text))
}

/// Whether `text` has a `[^`, in one pass over its bytes (`str::contains` of a two-byte
/// pattern costs four times as much).
fn may_have_footnotes(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'[', bytes).any(|i| bytes.get(i + 1) == Some(&b'^'))
}

/// [`render`], the events collected first (and footnotes arranged) when `collect` is true.
fn render_with(text: &str, first_line: usize, resolver: &dyn LinkResolver, lint: &LintContext, collect: bool) -> Rendered {
    let mut html = String::with_capacity(text.len() + text.len() / 4);
    let mut walk = Walk {
        events: Parser::new_ext(text, options()).into_offset_iter(),
        out: Rendered { text: String::with_capacity(text.len()), ..Rendered::default() },
        lines: LineCursor::new(text, first_line),
        ids: UniqueIds::default(),
        heading: None,
        ready: std::collections::VecDeque::new(),
        link_text: None,
        image: None,
        linter: lint::Linter::new(lint),
        table_head: None,
        resolver,
        lint,
    };
    if collect {
        let events: Vec<Event> = walk.by_ref().collect();
        let (events, mut note_ids) = crate::footnotes::arrange(events, lint.locale);
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        walk.out.ids.append(&mut note_ids);
    } else {
        pulldown_cmark::html::push_html(&mut html, walk.by_ref());
    }
    Rendered { html, ..walk.out }
}

/// The events of a body on their way to the HTML writer: each is looked at once (words, page
/// text, links, lint findings) and passed on, but for a heading's, held until its end, when its
/// id is known.
struct Walk<'t, 'r> {
    events: pulldown_cmark::OffsetIter<'t>,
    out: Rendered,
    lines: LineCursor<'t>,
    ids: UniqueIds,
    heading: Option<OpenHeading<'t>>,
    /// Events to hand on before reading more (a heading, once closed).
    ready: std::collections::VecDeque<Event<'t>>,
    link_text: Option<(String, usize)>,
    image: Option<(String, usize)>,
    linter: lint::Linter<'r>,
    table_head: Option<(bool, usize)>,
    resolver: &'r dyn LinkResolver,
    lint: &'r LintContext<'r>,
}

impl<'t> Iterator for Walk<'t, '_> {
    type Item = Event<'t>;

    fn next(&mut self) -> Option<Event<'t>> {
        loop {
            if let Some(e) = self.ready.pop_front() {
                return Some(e);
            }
            let (mut event, range) = self.events.next()?;
            if self.look_at(&mut event, range.start) {
                match self.heading.as_mut() {
                    Some(h) => h.events.push(event),
                    None => return Some(event),
                }
            }
        }
    }
}

impl<'t> Walk<'t, '_> {
    /// Notes what `event` (at byte `start`) holds and resolves its link; whether to hand it on
    /// (not a heading's start or end: its tags are made at its end). The event is changed in
    /// place rather than moved in and out, which was a tenth of the walk's instructions.
    fn look_at(&mut self, event: &mut Event<'t>, start: usize) -> bool {
        let out = &mut self.out;
        // Only the events that may report a finding or a link need their line.
        let lines = &mut self.lines;
        let mut line = || lines.line_of(start);
        // Blocks, breaks and images end words in the page text; inline formatting does not.
        if matches!(event, Event::End(t) if !matches!(t, TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link))
            || matches!(event, Event::SoftBreak | Event::HardBreak | Event::Start(Tag::Image { .. }))
        {
            out.text.push(' ');
        }
        match event {
            Event::Start(Tag::Heading { id, classes, .. }) => {
                self.heading = Some(OpenHeading {
                    id: id.as_ref().map(|s| s.to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    events: Vec::new(),
                    line: line(),
                });
                return false;
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(h) = self.heading.take() {
                    self.close_heading(h, *level as u8);
                }
                return false;
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let line = line();
                let written = std::mem::replace(dest_url, CowStr::Borrowed(""));
                *dest_url = resolve_link(written, self.resolver, line, self.lint, &mut out.diagnostics);
                out.links.push(Link { url: dest_url.to_string(), line });
                self.link_text = Some((String::new(), line));
            }
            Event::End(TagEnd::Link) => {
                if let Some((text, l)) = self.link_text.take() {
                    self.linter.link_text(&text, l, &mut out.diagnostics);
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                // A relative image is the file beside the page: one URL in every locale's copy.
                if let Some(u) = crate::images::srcset::beside(self.lint.file, dest_url) {
                    *dest_url = CowStr::from(format!("{}{u}", self.resolver.base_path()));
                }
                let line = line();
                self.image = Some((String::new(), line));
                out.links.push(Link { url: dest_url.to_string(), line });
            }
            Event::End(TagEnd::Image) => {
                if let Some((alt, l)) = self.image.take() {
                    self.linter.image_alt(&alt, l, &mut out.diagnostics);
                }
            }
            Event::Start(Tag::TableHead) => self.table_head = Some((false, line())),
            Event::End(TagEnd::TableHead) => {
                if let Some((has_text, l)) = self.table_head.take() {
                    self.linter.table_header(has_text, l, &mut out.diagnostics);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                out.words += count_words(t);
                out.text.push_str(t);
                if let Some((s, _)) = self.link_text.as_mut() {
                    s.push_str(t);
                }
                if let Some((s, _)) = self.image.as_mut() {
                    s.push_str(t);
                }
                if let Some((has, _)) = self.table_head.as_mut() {
                    *has |= !t.trim().is_empty();
                }
            }
            // A shortcode's placeholder is not the author's HTML.
            Event::Html(h) | Event::InlineHtml(h) if !h.trim_start().starts_with("<!--haven-shortcode-") => {
                self.linter.raw_html(h, line(), &mut out.diagnostics);
            }
            _ => {}
        }
        true
    }

    /// Gives a closed heading its id (explicit, else the slug of its text, unique in the
    /// page), its table of contents entry and lint, and readies its events.
    fn close_heading(&mut self, h: OpenHeading<'t>, level: u8) {
        let OpenHeading { id: explicit, classes, events, line } = h;
        let title = plain_text(&events);
        let id = self.ids.claim(&explicit.unwrap_or_else(|| slugify(&title)));
        self.linter.heading(level, line, &mut self.out.diagnostics);
        let class = if classes.is_empty() { String::new() } else { format!(" class=\"{}\"", escape(&classes.join(" "))) };
        self.ready.push_back(Event::Html(format!("<h{level} id=\"{}\"{class}>", escape(&id)).into()));
        self.ready.extend(events);
        self.ready.push_back(Event::Html(format!("</h{level}>\n").into()));
        self.out.ids.push(id.clone());
        push_toc(&mut self.out.toc, TocEntry { level, id, title, children: vec![] });
    }
}

/// A heading whose text is still being collected.
struct OpenHeading<'t> {
    /// An explicit `{#id}`.
    id: Option<String>,
    classes: Vec<String>,
    /// Its events so far.
    events: Vec<Event<'t>>,
    line: usize,
}

/// The line of a byte offset of the text, counted from the last offset asked for: the offsets
/// of events mostly grow, so each newline is counted about once.
struct LineCursor<'t> {
    text: &'t [u8],
    offset: usize,
    /// The line `offset` is on.
    line: usize,
}

impl<'t> LineCursor<'t> {
    fn new(text: &'t str, first_line: usize) -> Self {
        LineCursor { text: text.as_bytes(), offset: 0, line: first_line }
    }

    /// The line of `offset`: `first_line` plus the newlines before it.
    fn line_of(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset >= self.offset {
            self.line += newlines(&self.text[self.offset..offset]);
        } else {
            self.line -= newlines(&self.text[offset..self.offset]);
        }
        self.offset = offset;
        self.line
    }
}

fn newlines(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

/// `text.split_whitespace().count()`. Text without a lead byte of the multi-byte white space
/// characters (U+0085, U+00A0, U+1680, U+2000..U+205F, U+3000) has only ASCII white space:
/// its words are the non-space bytes after a space byte (or at the start), counted 32 byte
/// pairs at a time in a loop the compiler vectorises.
fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (before, after) = (bytes, bytes.get(1..).unwrap_or_default());
    let mut words = usize::from(bytes.first().is_some_and(|&b| !is_space(b)));
    let mut unicode_space = bytes.first().is_some_and(|&b| is_lead(b));
    let mut i = 0;
    while let (Some(x), Some(y)) = (before.get(i..i + 32), after.get(i..i + 32)) {
        let (starts, leads) = word_starts(x, y);
        words += starts;
        unicode_space |= leads;
        i += 32;
    }
    // The last pairs (most text events are shorter than one chunk) as one more chunk of 16 or
    // 32, padded with spaces: a pair ending in a pad byte starts no word and holds no lead byte.
    let rest = bytes.get(i..).unwrap_or_default();
    let (starts, leads) = if rest.len() <= 16 { padded_word_starts::<17>(rest) } else { padded_word_starts::<33>(rest) };
    if unicode_space | leads {
        return text.split_whitespace().count();
    }
    words + starts
}

/// [`word_starts`] of the pairs of `rest` (at most `N - 1` bytes) followed by spaces.
#[inline(always)]
fn padded_word_starts<const N: usize>(rest: &[u8]) -> (usize, bool) {
    let mut tail = [b' '; N];
    tail[..rest.len()].copy_from_slice(rest);
    word_starts(&tail[..N - 1], &tail[1..])
}

/// Of the byte pairs `(x[i], y[i])`: how many are a space then a non-space, and whether any
/// `y[i]` is a lead byte of a multi-byte white space character.
#[inline(always)]
fn word_starts(x: &[u8], y: &[u8]) -> (usize, bool) {
    let (mut starts, mut leads) = (0u8, false);
    for (&p, &b) in x.iter().zip(y) {
        starts += u8::from(is_space(p) & !is_space(b));
        leads |= is_lead(b);
    }
    (usize::from(starts), leads)
}

/// ASCII white space as `char::is_whitespace` has it: space, tab, LF, VT, FF, CR.
#[inline(always)]
fn is_space(b: u8) -> bool {
    (b == b' ') | (b.wrapping_sub(b'\t') < 5)
}

/// The first byte of U+0085, U+00A0 (0xC2), U+1680 (0xE1), U+2000..U+205F (0xE2), U+3000 (0xE3).
#[inline(always)]
fn is_lead(b: u8) -> bool {
    (b == 0xC2) | (b.wrapping_sub(0xE1) < 3)
}

/// The URL of a link: an `@/` or `.md` target resolved, any other kept as written.
fn resolve_link<'a>(dest: CowStr<'a>, resolver: &dyn LinkResolver, line: usize, lint: &LintContext, diags: &mut Vec<Diagnostic>) -> CowStr<'a> {
    let is_source = dest.starts_with("@/") || {
        let path = dest.split('#').next().unwrap_or("");
        !dest.contains("://") && !dest.starts_with("mailto:") && path.ends_with(".md")
    };
    if !is_source {
        return dest;
    }
    match resolver.resolve(&dest) {
        Ok(url) => url.into(),
        Err(message) => {
            diags.push(Diagnostic::error(Rule::BrokenLink, message).in_file(lint.file).at(line, None));
            dest
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
    fn words_are_counted_as_split_whitespace_counts_them() {
        let every_space: String = (0..=0x3000u32).filter_map(char::from_u32).filter(|c| c.is_whitespace()).collect();
        let cases = [
            "",
            " ",
            "one",
            " two  words ",
            "a\u{b}b\u{c}c\u{1f}d",
            "Лікування\u{a0}та\u{2009}догляд\u{3000}الرعاية",
            "“quoted” — dash … ellipsis ¿qué?",
            "x\u{85}y\u{1680}z\u{2028}w\u{2029}v\u{202f}u\u{205f}t\u{200b}s",
            every_space.as_str(),
        ];
        let long: Vec<String> = cases
            .iter()
            .map(|t| format!("{t} "))
            .chain(["x".repeat(31) + " " + &"y ".repeat(40), "ab  ".repeat(50), "\u{a0}".to_string() + &"z".repeat(70)])
            .map(|t| t.repeat(9))
            .collect();
        // Every length around the chunk sizes.
        let lengths: Vec<String> = (0..100).map(|n| "a b  cd\tef\u{a0}g ".chars().cycle().take(n).collect()).collect();
        let ascii: Vec<String> = (0..100).map(|n| " xy z\n\nw ".chars().cycle().take(n).collect()).collect();
        let sized = lengths.iter().chain(&ascii).map(String::as_str);
        for text in cases.iter().copied().chain(long.iter().map(String::as_str)).chain(sized) {
            assert_eq!(count_words(text), text.split_whitespace().count(), "{text:?}");
            let wrapped = format!("a{text}b");
            assert_eq!(count_words(&wrapped), wrapped.split_whitespace().count(), "{wrapped:?}");
        }
    }

    #[test]
    fn lines_are_found_forwards_and_backwards() {
        let text = "a\nbb\n\nccc\n";
        let mut cursor = LineCursor::new(text, 10);
        for offset in [0, 2, 5, 6, 11, 3, 0, 7, 1, 99] {
            let expected = 10 + text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count();
            assert_eq!(cursor.line_of(offset), expected, "offset {offset}");
        }
    }

    #[test]
    fn lines_of_findings_after_nested_blocks() {
        let md = "> quote\n>\n> [](@/gone.md)\n\n- item\n\n  ![](pic.png)\n\n## Title\n\n<div>x</div>\n";
        let r = render(md, 3, &NoLinks, &ctx());
        let lines: Vec<(Rule, Option<usize>)> = r.diagnostics.iter().map(|d| (d.rule, d.line)).collect();
        assert!(lines.contains(&(Rule::BrokenLink, Some(5))), "{lines:?}");
        assert!(lines.contains(&(Rule::LinkText, Some(5))), "{lines:?}");
        assert!(lines.contains(&(Rule::ImgAlt, Some(9))), "{lines:?}");
        assert_eq!(r.links.iter().map(|l| l.line).collect::<Vec<_>>(), [5, 9]);
    }

    /// Everything a render gives, to compare two renders.
    fn summary_of(r: &Rendered) -> String {
        let links: Vec<(&str, usize)> = r.links.iter().map(|l| (l.url.as_str(), l.line)).collect();
        format!("{}\n{:?}\n{:?}\n{links:?}\n{}\n{:?}\n{:?}", r.html, r.toc, r.ids, r.words, r.text, r.diagnostics)
    }

    /// Every Markdown body of the test fixtures and the flagship site, and some written here.
    fn bodies() -> Vec<String> {
        let mut found = vec![
            "# A\n\n## B {#own .x .y}\n\nText [in *link*](@/gone.md) and ![alt](p.png)\n\n## B\n\n### `code` and [l](@/ok.md)\n".to_string(),
            "Setext\n===\n\n> ## In a quote\n\n| h | `c` |\n|---|---|\n| [x](y) | <b>z</b> |\n\n- ## In a list\n".to_string(),
            "<div>raw</div>\n\n## <em>html</em> heading\n\n##\n\n## \n\n#### Deep\n\n## Лікування\n\n## الرعاية\n".to_string(),
        ];
        let mut dirs = vec![std::path::PathBuf::from("tests/fixtures"), std::path::PathBuf::from("content"), std::path::PathBuf::from("examples")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "md") {
                    if let Ok(text) = std::fs::read_to_string(&path) {
                        let body = crate::frontmatter::split(&text).map(|(_, b, _)| b.to_string()).unwrap_or(text);
                        found.push(body);
                    }
                }
            }
        }
        found
    }

    #[test]
    fn footnotes_are_looked_for_as_contains_does() {
        for text in ["", "[", "^[", "[^", "a [b] [^1]", "[[^", "[ ^", "x[\n^", "ü[^"] {
            assert_eq!(may_have_footnotes(text), text.contains("[^"), "{text:?}");
        }
    }

    #[test]
    fn streamed_events_render_as_collected_ones() {
        let bodies = bodies();
        assert!(bodies.len() > 50, "{} bodies", bodies.len());
        for body in &bodies {
            // Footnotes need the collected events; the rest is compared without them.
            let body = body.replace("[^", "[");
            let streamed = render_with(&body, 3, &NoLinks, &ctx(), false);
            let collected = render_with(&body, 3, &NoLinks, &ctx(), true);
            assert_eq!(summary_of(&streamed), summary_of(&collected), "{body}");
        }
    }

    #[test]
    fn gfm_extensions_render() {
        let r = render("| a |\n|---|\n| b |\n\n~~x~~ \"q\"[^1]\n\n[^1]: n\n\n- [x] done\n", 1, &NoLinks, &ctx());
        for needle in ["<table>", "<del>x</del>", "“q”", "footnote", "checkbox"] {
            assert!(r.html.contains(needle), "{needle} in {}", r.html);
        }
    }
}
