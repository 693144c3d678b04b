//! What changed in a source page between two versions, told the way a translator needs it:
//! the title, the description, and which headings and paragraphs under which heading.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;

/// One change between the version a translation was made from and the current source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Change {
    Title {
        old: String,
        new: String,
    },
    Description {
        old: String,
        new: String,
    },
    HeadingAdded {
        heading: String,
    },
    HeadingRemoved {
        heading: String,
    },
    HeadingChanged {
        old: String,
        new: String,
    },
    /// Paragraphs (lists, tables, quotes...) under a heading; `section` is `None` before the first heading.
    Paragraphs {
        section: Option<String>,
        changed: usize,
        added: usize,
        removed: usize,
    },
}

#[derive(Debug, Clone, Serialize)]
/// What changed in a source since the version a translation recorded.
pub struct ChangeSummary {
    /// False when the recorded version could not be found; `reason` says why.
    pub available: bool,
    pub reason: Option<String>,
    pub since_commit: Option<String>,
    pub since_date: Option<String>,
    pub changes: Vec<Change>,
}

/// A top-level block of a Markdown body.
#[derive(Debug, Clone)]
struct Block {
    /// The heading's text, for headings.
    heading: Option<String>,
    /// The block's source, whitespace folded (what is compared).
    text: String,
    /// The nearest heading above it.
    section: Option<String>,
}

/// The changes from `(title, description, body)` `old` to `new`.
pub fn diff(old: (&str, &str, &str), new: (&str, &str, &str)) -> Vec<Change> {
    let mut out = Vec::new();
    if fold(old.0) != fold(new.0) {
        out.push(Change::Title { old: old.0.trim().into(), new: new.0.trim().into() });
    }
    if fold(old.1) != fold(new.1) {
        out.push(Change::Description { old: old.1.trim().into(), new: new.1.trim().into() });
    }
    out.extend(diff_bodies(&blocks(old.2), &blocks(new.2)));
    out
}

fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits a body into its top-level blocks.
fn blocks(body: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut depth = 0usize;
    let mut section: Option<String> = None;
    let mut heading: Option<String> = None;
    for (event, range) in Parser::new_ext(body, pulldown_cmark::Options::all()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    heading = matches!(tag, Tag::Heading { .. }).then(String::new);
                    out.push(Block { heading: None, text: fold(&body[range]), section: section.clone() });
                }
                depth += 1;
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if depth == 0 && matches!(end, TagEnd::Heading(_)) {
                    let h = fold(&heading.take().unwrap_or_default());
                    section = Some(h.clone());
                    if let Some(b) = out.last_mut() {
                        b.heading = Some(h);
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => heading.iter_mut().for_each(|h| h.push_str(&t)),
            Event::SoftBreak | Event::HardBreak => heading.iter_mut().for_each(|h| h.push(' ')),
            _ if depth == 0 => out.push(Block { heading: None, text: fold(&body[range]), section: section.clone() }),
            _ => {}
        }
    }
    out
}

/// Aligns the blocks (longest common subsequence) and describes each unmatched stretch.
fn diff_bodies(old: &[Block], new: &[Block]) -> Vec<Change> {
    let mut summary = Summary::default();
    let (mut i, mut j) = (0, 0);
    for (mi, mj) in lcs(old, new).into_iter().chain(std::iter::once((old.len(), new.len()))) {
        summary.stretch(&old[i..mi], &new[j..mj], j);
        (i, j) = (mi + 1, mj + 1);
    }
    // In the order of the current text; what was removed sits where it used to be.
    summary.out.sort_by_key(|(at, _)| *at);
    summary.out.into_iter().map(|(_, c)| c).collect()
}

/// Index pairs of equal blocks, in order.
fn lcs(a: &[Block], b: &[Block]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    let mut len = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            len[i][j] = if a[i].text == b[j].text { len[i + 1][j + 1] + 1 } else { len[i + 1][j].max(len[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n && j < m {
        if a[i].text == b[j].text {
            out.push((i, j));
            (i, j) = (i + 1, j + 1);
        } else if len[i + 1][j] >= len[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Collects changes with their place in the current text, merging paragraph counts per section.
#[derive(Default)]
struct Summary {
    out: Vec<(usize, Change)>,
}

impl Summary {
    /// One stretch of removed (`old`) and added (`new`) blocks between two matched blocks;
    /// `start` is where `new` starts in the current text.
    fn stretch(&mut self, old: &[Block], new: &[Block], start: usize) {
        let split = |bs: &[Block], heading: bool| -> Vec<(usize, Block)> {
            bs.iter().enumerate().filter(|(_, b)| b.heading.is_some() == heading).map(|(i, b)| (start + i, b.clone())).collect()
        };
        let (old_h, new_h) = (split(old, true), split(new, true));
        for k in 0..old_h.len().max(new_h.len()) {
            let name = |b: &Block| b.heading.clone().unwrap_or_default();
            let at = new_h.get(k).map_or(start, |(i, _)| *i);
            self.out.push((
                at,
                match (old_h.get(k), new_h.get(k)) {
                    (Some((_, o)), Some((_, n))) => Change::HeadingChanged { old: name(o), new: name(n) },
                    (Some((_, o)), None) => Change::HeadingRemoved { heading: name(o) },
                    (None, Some((_, n))) => Change::HeadingAdded { heading: name(n) },
                    (None, None) => unreachable!("k is below one of the lengths"),
                },
            ));
        }
        let (old_p, new_p) = (split(old, false), split(new, false));
        for k in 0..old_p.len().max(new_p.len()) {
            match (old_p.get(k), new_p.get(k)) {
                (Some(_), Some((i, n))) => self.count(*i, &n.section, [1, 0, 0]),
                (Some((_, o)), None) => self.count(start, &o.section, [0, 0, 1]),
                (None, Some((i, n))) => self.count(*i, &n.section, [0, 1, 0]),
                (None, None) => {}
            }
        }
    }

    /// Adds [changed, added, removed] paragraphs to the section's entry, made at `at` if new.
    fn count(&mut self, at: usize, of: &Option<String>, [c, a, r]: [usize; 3]) {
        for (_, ch) in self.out.iter_mut() {
            if let Change::Paragraphs { section, changed, added, removed } = ch {
                if section == of {
                    (*changed, *added, *removed) = (*changed + c, *added + a, *removed + r);
                    return;
                }
            }
        }
        self.out.push((at, Change::Paragraphs { section: of.clone(), changed: c, added: a, removed: r }));
    }
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Title { old, new } => write!(f, "title changed: {old:?} -> {new:?}"),
            Change::Description { .. } => write!(f, "description changed"),
            Change::HeadingAdded { heading } => write!(f, "heading {heading:?} added"),
            Change::HeadingRemoved { heading } => write!(f, "heading {heading:?} removed"),
            Change::HeadingChanged { old, new } => write!(f, "heading {old:?} changed to {new:?}"),
            Change::Paragraphs { section, changed, added, removed } => {
                let counts = [(*changed, "changed"), (*added, "added"), (*removed, "removed")];
                let mut parts: Vec<String> = counts.iter().filter(|(n, _)| *n > 0).map(|(n, what)| format!("{n} {what}")).collect();
                if let Some(first) = parts.first_mut() {
                    let noun = if first.starts_with("1 ") { "paragraph" } else { "paragraphs" };
                    *first = first.replacen(' ', &format!(" {noun} "), 1);
                }
                match section {
                    Some(s) => write!(f, "under {s:?}: {}", parts.join(", ")),
                    None => write!(f, "before the first heading: {}", parts.join(", ")),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "Intro.\n\n## Where to start\n\nCall us.\n\nWe listen.\n\n## Costs\n\nIt is free.\n\n## Old part\n\nGone soon.\n";
    const NEW: &str = "Intro.\n\n## Where to start\n\nCall or text us.\n\nWe listen.\n\nWe never judge.\n\n## What it costs\n\nIt is free.\n";

    #[test]
    fn names_changed_headings_and_paragraphs() {
        let changes = diff(("T", "D", OLD), ("T2", "D", NEW));
        let text: Vec<String> = changes.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "title changed: \"T\" -> \"T2\"",
                "under \"Where to start\": 1 paragraph changed, 1 added",
                "heading \"Costs\" changed to \"What it costs\"",
                "heading \"Old part\" removed",
                "under \"Old part\": 1 paragraph removed",
            ]
        );
    }

    #[test]
    fn same_text_has_no_changes() {
        assert!(diff(("T", "D", OLD), ("T", " D ", OLD)).is_empty());
    }
}
