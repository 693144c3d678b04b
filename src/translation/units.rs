//! Cuts a page into translatable units (front-matter title, description and menu title, then
//! each heading, paragraph, list item and table cell of the body, and translatable shortcode
//! arguments), using pulldown-cmark's offsets, and aligns a translation's units with its source's.

use super::segment::{Code, CodeKind, Piece, Segment};
use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use std::ops::Range;

/// Shortcode arguments whose text readers see, so they are translated.
const TEXT_ARGS: [&str; 7] = ["summary", "title", "label", "text", "caption", "alt", "description"];

/// Where a unit sits in its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum UnitKind {
    Title,
    Description,
    MenuTitle,
    Heading,
    Paragraph,
    ListItem,
    TableCell,
    ShortcodeArg,
    /// A word field of a helpline in the helplines data file.
    Helpline,
}

impl UnitKind {
    pub fn word(self) -> &'static str {
        match self {
            UnitKind::Title => "title",
            UnitKind::Description => "description",
            UnitKind::MenuTitle => "menu title",
            UnitKind::Heading => "heading",
            UnitKind::Paragraph => "paragraph",
            UnitKind::ListItem => "list item",
            UnitKind::TableCell => "table cell",
            UnitKind::ShortcodeArg => "shortcode text",
            UnitKind::Helpline => "helpline",
        }
    }
}

/// One translatable unit of a page's body or front matter.
#[derive(Debug, Clone)]
pub struct Unit {
    pub kind: UnitKind,
    pub segment: Segment,
    /// Byte range in the body that the unit's Markdown occupies (`None` for front matter).
    pub span: Option<Range<usize>>,
    /// Heading sections before it (0 before the first heading); a heading opens its section.
    pub section: usize,
    /// 1-based line in the body.
    pub line: usize,
    /// The heading it sits under (PO text), for translators.
    pub heading: Option<String>,
}

/// The Markdown extensions pages are rendered with, so units are cut as pages are read.
pub use crate::markdown::options;

/// The units of a page: front matter first, then the body in reading order.
pub fn of_page(front: &crate::frontmatter::FrontMatter, body: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    let fm = |kind, text: &str| Unit { kind, segment: Segment::plain(text), span: None, section: 0, line: 0, heading: None };
    out.push(fm(UnitKind::Title, &front.title));
    if !front.description.trim().is_empty() {
        out.push(fm(UnitKind::Description, &front.description));
    }
    if let Some(menu) = front.extra.get("menu_title").and_then(|v| v.as_str()) {
        out.push(fm(UnitKind::MenuTitle, menu));
    }
    out.extend(of_body(body));
    out
}

/// The units of a Markdown body, in order.
pub fn of_body(body: &str) -> Vec<Unit> {
    let mut w = Walker { body, units: Vec::new(), run: Vec::new(), blocks: Vec::new(), section: 0, heading: None };
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        w.event(event, range);
    }
    w.flush();
    let mut units = w.units;
    let args = shortcode_args(body, &units);
    units.extend(args);
    units.sort_by_key(|u| u.span.as_ref().map_or(0, |s| s.start));
    let lines = line_starts(body);
    for u in &mut units {
        if let Some(s) = &u.span {
            u.line = lines.partition_point(|&l| l <= s.start);
        }
    }
    units
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

/// The block a run of inline events belongs to.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Block {
    Text(UnitKind),
    /// A block whose inline text is not translated (code, HTML, metadata).
    Opaque,
    Container,
}

struct Walker<'a> {
    body: &'a str,
    units: Vec<Unit>,
    run: Vec<(Event<'a>, Range<usize>)>,
    blocks: Vec<Block>,
    section: usize,
    heading: Option<String>,
}

impl<'a> Walker<'a> {
    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        match &event {
            Event::Start(tag) if !is_inline(tag) => {
                self.flush();
                let kind = match tag {
                    Tag::Heading { .. } => Block::Text(UnitKind::Heading),
                    Tag::Paragraph if self.in_item() => Block::Text(UnitKind::ListItem),
                    Tag::Paragraph => Block::Text(UnitKind::Paragraph),
                    Tag::Item => Block::Text(UnitKind::ListItem),
                    Tag::TableCell => Block::Text(UnitKind::TableCell),
                    Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => Block::Opaque,
                    _ => Block::Container,
                };
                if matches!(tag, Tag::Heading { .. }) {
                    self.section += 1;
                }
                self.blocks.push(kind);
            }
            Event::End(end) if !is_inline_end(end) => {
                self.flush();
                self.blocks.pop();
            }
            Event::TaskListMarker(_) | Event::Rule | Event::Html(_) | Event::DisplayMath(_) => self.flush(),
            _ if matches!(self.blocks.last(), Some(Block::Text(_))) => self.run.push((event, range)),
            _ => {}
        }
    }

    fn in_item(&self) -> bool {
        self.blocks.last() == Some(&Block::Text(UnitKind::ListItem))
    }

    fn flush(&mut self) {
        let run = std::mem::take(&mut self.run);
        let Some(Block::Text(kind)) = self.blocks.last().copied() else { return };
        let Some((segment, span)) = build_segment(self.body, &run) else { return };
        if kind == UnitKind::Heading {
            self.heading = Some(segment.po_text());
        }
        self.units.push(Unit {
            kind,
            segment,
            span: Some(span),
            section: self.section,
            line: 0,
            heading: if kind == UnitKind::Heading { None } else { self.heading.clone() },
        });
    }
}

fn is_inline(tag: &Tag) -> bool {
    matches!(tag, Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. })
}

fn is_inline_end(end: &TagEnd) -> bool {
    matches!(end, TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image)
}

/// An inline element being read.
struct Frame {
    n: u32,
    kind: CodeKind,
    start: usize,
    first_child: Option<usize>,
    last_end: usize,
    /// Index of its `Open` piece.
    piece: usize,
}

/// Pieces with the source range of each (to trim block shortcode markers from the edges).
struct Builder<'a> {
    body: &'a str,
    pieces: Vec<(Piece, Range<usize>)>,
    codes: Vec<Code>,
    frames: Vec<Frame>,
    skip_until: Option<usize>,
}

impl Builder<'_> {
    fn next_n(&self) -> u32 {
        self.codes.len() as u32 + self.frames.len() as u32 + 1
    }

    fn touch(&mut self, range: &Range<usize>) {
        if let Some(f) = self.frames.last_mut() {
            f.first_child.get_or_insert(range.start);
            f.last_end = range.end;
        }
    }

    fn alone(&mut self, kind: CodeKind, range: Range<usize>) {
        let n = self.next_n();
        self.codes.push(Code { n, kind, start: self.body[range.clone()].to_string(), end: None });
        self.touch(&range);
        self.pieces.push((Piece::Alone(n), range));
    }

    fn text(&mut self, range: Range<usize>, text: &str) {
        self.touch(&range);
        self.pieces.push((Piece::Text(text.to_string()), range));
    }

    fn event(&mut self, event: &Event, range: Range<usize>) {
        if let Some(end) = self.skip_until {
            if range.start < end {
                return;
            }
            self.skip_until = None;
        }
        match event {
            Event::Start(Tag::Link { link_type: LinkType::Autolink | LinkType::Email, .. }) => {
                self.skip_until = Some(range.end);
                self.alone(CodeKind::Link, range);
            }
            Event::Start(tag) => {
                let kind = match tag {
                    Tag::Emphasis => CodeKind::Emphasis,
                    Tag::Strong => CodeKind::Strong,
                    Tag::Strikethrough => CodeKind::Strike,
                    Tag::Link { .. } => CodeKind::Link,
                    Tag::Image { .. } => CodeKind::Image,
                    _ => CodeKind::Other,
                };
                self.touch(&range);
                let n = self.next_n();
                self.frames.push(Frame { n, kind, start: range.start, first_child: None, last_end: range.start, piece: self.pieces.len() });
                self.pieces.push((Piece::Open(n), range));
            }
            Event::End(_) => self.close(range),
            Event::Text(_) => self.text(range.clone(), &self.body[range]),
            Event::SoftBreak => self.text(range.clone(), &self.body[range]),
            Event::HardBreak => self.alone(CodeKind::Break, range),
            Event::Code(_) | Event::InlineMath(_) => self.alone(CodeKind::Code, range),
            Event::InlineHtml(_) | Event::Html(_) => self.alone(CodeKind::Html, range),
            _ => self.alone(CodeKind::Other, range),
        }
    }

    fn close(&mut self, range: Range<usize>) {
        let Some(f) = self.frames.pop() else { return };
        let (start, end) = (f.start, range.end.max(f.start));
        match f.first_child {
            None => {
                self.codes.push(Code { n: f.n, kind: f.kind, start: self.body[start..end].to_string(), end: None });
                self.pieces[f.piece] = (Piece::Alone(f.n), start..end);
            }
            Some(first) => {
                let open = self.body[start..first].to_string();
                let close = self.body[f.last_end.min(end)..end].to_string();
                self.codes.push(Code { n: f.n, kind: f.kind, start: open, end: Some(close) });
                self.pieces.push((Piece::Close(f.n), f.last_end..end));
            }
        }
        self.touch(&(start..end));
    }
}

/// The segment of a run of inline events and its span, or `None` when it has no words.
fn build_segment(body: &str, run: &[(Event, Range<usize>)]) -> Option<(Segment, Range<usize>)> {
    let mut b = Builder { body, pieces: Vec::new(), codes: Vec::new(), frames: Vec::new(), skip_until: None };
    for (e, r) in run {
        b.event(e, r.clone());
    }
    let pieces = split_shortcodes(body, merge_text(body, b.pieces), &mut b.codes);
    let pieces = pieces.into_iter().map(|(p, r)| (fold_lines(p), r)).collect();
    let pieces = trim_edges(body, pieces, &b.codes);
    let span = pieces.first()?.1.start..pieces.last()?.1.end;
    let segment = renumber(pieces.into_iter().map(|(p, _)| p).collect(), b.codes);
    segment.has_words().then_some((segment, span))
}

/// A line break inside a unit (and the next line's indent) as one space.
fn fold_lines(p: Piece) -> Piece {
    match p {
        Piece::Text(t) if t.contains('\n') => {
            let mut out = String::new();
            for (i, line) in t.split('\n').enumerate() {
                let line = line.strip_suffix('\r').unwrap_or(line);
                out.push_str(if i == 0 { line } else { line.trim_start() });
                out.push(' ');
            }
            out.pop();
            Piece::Text(out)
        }
        p => p,
    }
}

/// Joins neighbouring text pieces (pulldown-cmark splits text at punctuation and line ends),
/// with the source between them (a continuation line's indent), so the text stays verbatim.
fn merge_text(body: &str, pieces: Vec<(Piece, Range<usize>)>) -> Vec<(Piece, Range<usize>)> {
    let mut out: Vec<(Piece, Range<usize>)> = Vec::new();
    for (p, r) in pieces {
        if let (Piece::Text(t), Some((Piece::Text(prev), pr))) = (&p, out.last_mut()) {
            prev.push_str(body.get(pr.end..r.start).filter(|g| g.trim().is_empty()).unwrap_or(""));
            prev.push_str(t);
            pr.end = r.end;
            continue;
        }
        out.push((p, r));
    }
    out
}

/// Turns `{{ … }}` and `{% … %}` inside text pieces into standalone shortcode codes.
fn split_shortcodes(body: &str, pieces: Vec<(Piece, Range<usize>)>, codes: &mut Vec<Code>) -> Vec<(Piece, Range<usize>)> {
    let mut out = Vec::new();
    for (p, r) in pieces {
        let Piece::Text(t) = &p else {
            out.push((p, r));
            continue;
        };
        // Only text that is the source verbatim has offsets to split at.
        if body.get(r.clone()) != Some(t.as_str()) {
            out.push((p, r));
            continue;
        }
        let mut at = 0;
        while let Some((s, e)) = next_shortcode(&t[at..]) {
            let (s, e) = (at + s, at + e);
            if s > at {
                out.push((Piece::Text(t[at..s].to_string()), r.start + at..r.start + s));
            }
            let n = 1000 + codes.len() as u32; // renumbered below
            codes.push(Code { n, kind: CodeKind::Shortcode, start: t[s..e].to_string(), end: None });
            out.push((Piece::Alone(n), r.start + s..r.start + e));
            at = e;
        }
        if at < t.len() {
            out.push((Piece::Text(t[at..].to_string()), r.start + at..r.end));
        }
    }
    out
}

fn next_shortcode(t: &str) -> Option<(usize, usize)> {
    let s = [t.find("{{"), t.find("{%")].into_iter().flatten().min()?;
    let close = if t[s..].starts_with("{{") { "}}" } else { "%}" };
    let e = t[s..].find(close)? + s + 2;
    Some((s, e))
}

/// Drops shortcodes and spaces at either edge of a unit: a block shortcode's opening and
/// closing lines stay in the page, outside the unit.
fn trim_edges(body: &str, mut pieces: Vec<(Piece, Range<usize>)>, codes: &[Code]) -> Vec<(Piece, Range<usize>)> {
    let droppable = |p: &Piece| match p {
        Piece::Text(t) => t.trim().is_empty(),
        Piece::Alone(n) => codes.iter().any(|c| c.n == *n && c.kind == CodeKind::Shortcode),
        _ => false,
    };
    while pieces.first().is_some_and(|(p, _)| droppable(p)) {
        pieces.remove(0);
    }
    while pieces.last().is_some_and(|(p, _)| droppable(p)) {
        pieces.pop();
    }
    // The span shrinks by the source's spaces, the text by its own (line ends folded).
    if let Some((Piece::Text(t), r)) = pieces.first_mut() {
        let raw = body.get(r.clone()).unwrap_or("");
        r.start += raw.len() - raw.trim_start().len();
        *t = t.trim_start().to_string();
    }
    if let Some((Piece::Text(t), r)) = pieces.last_mut() {
        let raw = body.get(r.clone()).unwrap_or("");
        r.end -= raw.len() - raw.trim_end().len();
        *t = t.trim_end().to_string();
    }
    pieces
}

/// Numbers the codes 1, 2, 3… in the order they appear, keeping only those still used.
fn renumber(pieces: Vec<Piece>, codes: Vec<Code>) -> Segment {
    let mut order: Vec<u32> = Vec::new();
    for p in &pieces {
        if let Piece::Open(n) | Piece::Alone(n) = p {
            order.push(*n);
        }
    }
    let new = |n: u32| order.iter().position(|o| *o == n).map_or(0, |i| i as u32 + 1);
    let pieces = pieces
        .into_iter()
        .map(|p| match p {
            Piece::Open(n) => Piece::Open(new(n)),
            Piece::Close(n) => Piece::Close(new(n)),
            Piece::Alone(n) => Piece::Alone(new(n)),
            t => t,
        })
        .collect();
    let mut codes: Vec<Code> = codes.into_iter().filter(|c| order.contains(&c.n)).map(|c| Code { n: new(c.n), ..c }).collect();
    codes.sort_by_key(|c| c.n);
    Segment { pieces, codes }
}

/// Units for the text arguments of block shortcodes (`{% content_note(summary="…") %}`), each
/// spanning the text between the quotes; none where the call sits inside another unit.
fn shortcode_args(body: &str, units: &[Unit]) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut fence = false;
    for line in body.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = !fence;
        }
        if fence || !trimmed.starts_with("{%") || !trimmed.ends_with("%}") {
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        for (s, e) in text_args(trimmed) {
            let span = start + lead + s..start + lead + e;
            if units.iter().any(|u| u.span.as_ref().is_some_and(|us| us.start < span.end && span.start < us.end)) {
                continue;
            }
            let segment = Segment::plain(&body[span.clone()]);
            if segment.has_words() {
                let section = units.iter().filter(|u| u.kind == UnitKind::Heading && u.span.as_ref().is_some_and(|us| us.start < span.start)).count();
                let heading = units
                    .iter()
                    .rev()
                    .find(|u| u.kind == UnitKind::Heading && u.span.as_ref().is_some_and(|us| us.start < span.start))
                    .map(|u| u.segment.po_text());
                out.push(Unit { kind: UnitKind::ShortcodeArg, segment, span: Some(span), section, line: 0, heading });
            }
        }
    }
    out
}

/// Byte ranges (inside `call`) of the quoted values of text arguments.
fn text_args(call: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for name in TEXT_ARGS {
        let mut from = 0;
        while let Some(i) = call[from..].find(name).map(|i| i + from) {
            from = i + name.len();
            let before_ok = i == 0 || !call.as_bytes()[i - 1].is_ascii_alphanumeric() && call.as_bytes()[i - 1] != b'_';
            let rest = call[from..].trim_start();
            let Some(rest) = rest.strip_prefix('=').map(str::trim_start) else { continue };
            let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else { continue };
            let value_start = call.len() - rest.len() + 1;
            if let (true, Some(len)) = (before_ok, call[value_start..].find(q)) {
                out.push((value_start, value_start + len));
            }
        }
    }
    out
}

/// The structure of a list of units: per section, the kinds in order.
pub fn shape(units: &[Unit]) -> Vec<Vec<UnitKind>> {
    let mut out: Vec<Vec<UnitKind>> = Vec::new();
    for u in units.iter().filter(|u| u.span.is_some()) {
        while out.len() <= u.section {
            out.push(Vec::new());
        }
        out[u.section].push(u.kind);
    }
    out
}

/// For each source unit, the translation's unit in the same place, with its codes renumbered
/// as the source's (`None` where the structure or the markup differs). Front-matter units pair
/// by kind; body units pair within a section when the section has the same kinds in order.
pub fn align(source: &[Unit], translation: &[Unit]) -> Vec<Option<Segment>> {
    let (s_shape, t_shape) = (shape(source), shape(translation));
    source
        .iter()
        .map(|u| {
            let other = match u.span {
                None => translation.iter().find(|t| t.kind == u.kind && t.span.is_none()),
                Some(_) if s_shape.get(u.section) != t_shape.get(u.section) => None,
                Some(_) => {
                    let k = source.iter().filter(|s| s.span.is_some() && s.section == u.section).position(|s| std::ptr::eq(s, u));
                    k.and_then(|k| translation.iter().filter(|t| t.span.is_some() && t.section == u.section).nth(k))
                }
            }?;
            map_codes(&u.segment, &other.segment)
        })
        .collect()
}

/// The translation's segment numbered like the source's: the k-th code of a kind in the
/// translation is the k-th code of that kind in the source. Its own Markdown is kept (a
/// translation may link to a page in its language).
fn map_codes(source: &Segment, tr: &Segment) -> Option<Segment> {
    if source.codes.len() != tr.codes.len() {
        return None;
    }
    let mut map: Vec<(u32, u32)> = Vec::new();
    for c in &tr.codes {
        let k = tr.codes.iter().filter(|o| o.kind == c.kind && o.n < c.n).count();
        let s = source.codes.iter().filter(|o| o.kind == c.kind && o.end.is_some() == c.end.is_some()).nth(k)?;
        map.push((c.n, s.n));
    }
    let to = |n: u32| map.iter().find(|(t, _)| *t == n).map_or(n, |(_, s)| *s);
    let pieces = tr
        .pieces
        .iter()
        .map(|p| match p {
            Piece::Open(n) => Piece::Open(to(*n)),
            Piece::Close(n) => Piece::Close(to(*n)),
            Piece::Alone(n) => Piece::Alone(to(*n)),
            t => t.clone(),
        })
        .collect();
    let codes = tr.codes.iter().map(|c| Code { n: to(c.n), ..c.clone() }).collect();
    Some(Segment { pieces, codes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_blocks_and_keeps_markup_as_placeholders() {
        let body = "Intro with **bold** and a [link](@/a.md).\n\n## Help now\n\n- **UK:** call 999.\n- Two `code`\n\n| A | B |\n|---|---|\n| x ![map](m.png) | y |\n\n{{ helplines() }}\n\n{% note(kind=\"info\", summary=\"Hard part.\") %}\nInside the note.\n{% end %}\n";
        let units = of_body(body);
        let texts: Vec<(UnitKind, String)> = units.iter().map(|u| (u.kind, u.segment.po_text())).collect();
        assert_eq!(
            texts,
            vec![
                (UnitKind::Paragraph, "Intro with <1>bold</1> and a <2>link</2>.".to_string()),
                (UnitKind::Heading, "Help now".into()),
                (UnitKind::ListItem, "<1>UK:</1> call 999.".into()),
                (UnitKind::ListItem, "Two {1}".into()),
                (UnitKind::TableCell, "A".into()),
                (UnitKind::TableCell, "B".into()),
                (UnitKind::TableCell, "x <1>map</1>".into()),
                (UnitKind::TableCell, "y".into()),
                (UnitKind::ShortcodeArg, "Hard part.".into()),
                (UnitKind::Paragraph, "Inside the note.".into()),
            ]
        );
        assert_eq!(units[0].segment.codes[1].start, "[");
        assert_eq!(units[0].segment.codes[1].end.as_deref(), Some("](@/a.md)"));
        assert_eq!(units[2].heading.as_deref(), Some("Help now"));
        assert_eq!(&body[units[9].span.clone().unwrap()], "Inside the note.");
    }
}
