//! XLIFF 2.0 files for `haven i18n export --format xliff` and their reading back on import.
//! Markup is inline codes: `<pc>` around marked-up text, `<ph/>` for a standalone code, both
//! pointing (`dataRef*`) at the Markdown they stand for in `<originalData>`.

use super::exchange::{Entry, ExchangeDoc, Imported, ImportedEntry, State};
use super::segment::{Piece, Segment};
use anyhow::{anyhow, bail, Context, Result};
use std::fmt::Write;

const NS: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// The XLIFF text of a document.
pub(super) fn write(doc: &ExchangeDoc) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<xliff xmlns=\"{NS}\" version=\"2.0\" srcLang=\"{}\" trgLang=\"{}\">", esc(&doc.source_locale), esc(&doc.locale));
    let original = if doc.sources.len() == 1 { doc.sources[0].0.clone() } else { "site".to_string() };
    let _ = writeln!(out, "  <file id=\"f1\" original=\"{}\">", esc(&original));
    out.push_str("    <notes>\n");
    for (i, (path, hash)) in doc.sources.iter().enumerate() {
        let _ = writeln!(out, "      <note id=\"s{}\" category=\"haven-source\">{} {}</note>", i + 1, esc(path), esc(hash));
    }
    out.push_str("    </notes>\n");
    for e in &doc.entries {
        push_unit(&mut out, e);
    }
    out.push_str("  </file>\n</xliff>\n");
    out
}

fn push_unit(out: &mut String, e: &Entry) {
    let _ = writeln!(out, "    <unit id=\"{}\">", esc(&e.id));
    out.push_str("      <notes>\n");
    for l in &e.locations {
        let under = l.heading.as_ref().map(|h| format!(", under \"{h}\"")).unwrap_or_default();
        let _ = writeln!(out, "        <note category=\"location\">{}:{} ({}{})</note>", esc(&l.file), l.line, l.kind.word(), esc(&under));
    }
    if e.state == State::NeedsReview {
        out.push_str("        <note category=\"haven-state\">needs review: the source changed since this translation was marked current</note>\n");
    }
    out.push_str("      </notes>\n");
    if !e.source.codes.is_empty() {
        out.push_str("      <originalData>\n");
        for c in &e.source.codes {
            let _ = writeln!(out, "        <data id=\"d{}\">{}</data>", c.n, esc(&c.start));
            if let Some(end) = &c.end {
                let _ = writeln!(out, "        <data id=\"d{}e\">{}</data>", c.n, esc(end));
            }
        }
        out.push_str("      </originalData>\n");
    }
    let state = match (e.state, &e.target) {
        (State::Translated, Some(_)) => "translated",
        _ => "initial",
    };
    let _ = writeln!(out, "      <segment state=\"{state}\">");
    let _ = writeln!(out, "        <source>{}</source>", inline(&e.source, &e.source.pieces));
    if let Some(t) = &e.target {
        let _ = writeln!(out, "        <target>{}</target>", inline(&e.source, &t.pieces));
    }
    out.push_str("      </segment>\n    </unit>\n");
}

/// Pieces as XLIFF inline content, with the source's codes.
fn inline(source: &Segment, pieces: &[Piece]) -> String {
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(&esc(t)),
            Piece::Open(n) => {
                let _ = write!(out, "<pc id=\"{n}\" dataRefStart=\"d{n}\" dataRefEnd=\"d{n}e\"{}>", kind_attr(source, *n));
            }
            Piece::Close(_) => out.push_str("</pc>"),
            Piece::Alone(n) => {
                let _ = write!(out, "<ph id=\"{n}\" dataRef=\"d{n}\"{}/>", kind_attr(source, *n));
            }
        }
    }
    out
}

fn kind_attr(source: &Segment, n: u32) -> String {
    source.code(n).map(|c| format!(" disp=\"{}\"", esc(c.kind.word()))).unwrap_or_default()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Reads an XLIFF 2 file made by [`write`] (and edited by any XLIFF tool).
pub(super) fn read(text: &str) -> Result<Imported> {
    let doc = roxmltree::Document::parse(text).context("not well-formed XML")?;
    let root = doc.root_element();
    if root.tag_name().name() != "xliff" || root.tag_name().namespace() != Some(NS) {
        bail!("not an XLIFF 2 file: the root element must be <xliff xmlns=\"{NS}\">");
    }
    if !root.attribute("version").is_some_and(|v| v.starts_with("2.")) {
        bail!("XLIFF version {:?}: only 2.x is read", root.attribute("version").unwrap_or(""));
    }
    let locale = root.attribute("trgLang").ok_or_else(|| anyhow!("<xliff> has no trgLang (the translation's language)"))?.to_string();
    let mut sources = Vec::new();
    let mut entries = Vec::new();
    for file in root.children().filter(|n| n.has_tag_name((NS, "file"))) {
        for note in file.descendants().filter(|n| n.has_tag_name((NS, "note")) && n.attribute("category") == Some("haven-source")) {
            let t = note.text().unwrap_or("").trim();
            if let Some((p, h)) = t.rsplit_once(' ') {
                sources.push((p.to_string(), h.to_string()));
            }
        }
        for unit in file.descendants().filter(|n| n.has_tag_name((NS, "unit"))) {
            entries.push(read_unit(unit)?);
        }
    }
    if sources.is_empty() {
        bail!("not a Haven export: no <note category=\"haven-source\"> names the pages it was made from");
    }
    Ok(Imported { locale, source_locale: root.attribute("srcLang").map(str::to_string), sources, entries })
}

fn read_unit(unit: roxmltree::Node) -> Result<ImportedEntry> {
    let id = unit.attribute("id").ok_or_else(|| anyhow!("line {}: a <unit> has no id", line(unit)))?.to_string();
    let at = format!("line {}", line(unit));
    let segments: Vec<_> = unit.children().filter(|n| n.has_tag_name((NS, "segment"))).collect();
    let [segment] = segments.as_slice() else { bail!("{at}: unit {id}: expected one <segment>, found {}", segments.len()) };
    let state = segment.attribute("state").unwrap_or("initial");
    let source = segment.children().find(|n| n.has_tag_name((NS, "source"))).ok_or_else(|| anyhow!("{at}: unit {id}: no <source>"))?;
    let source_text = Segment { pieces: pieces(source, &id)?, codes: Vec::new() }.po_text();
    let target = match segment.children().find(|n| n.has_tag_name((NS, "target"))) {
        Some(t) => Some(pieces(t, &id)?),
        None => None,
    };
    let target = target.filter(|p| !p.is_empty());
    let reviewed = target.is_some() && matches!(state, "translated" | "reviewed" | "final");
    Ok(ImportedEntry { id, source_text, target, reviewed, at })
}

fn line(n: roxmltree::Node) -> u32 {
    n.document().text_pos_at(n.range().start).row
}

/// The pieces of a `<source>` or `<target>`: text, `<pc>` pairs and `<ph/>`; `<mrk>` is
/// read through; other inline elements are refused.
fn pieces(node: roxmltree::Node, unit: &str) -> Result<Vec<Piece>> {
    let mut out = Vec::new();
    for child in node.children() {
        if let Some(t) = child.text().filter(|_| child.is_text()) {
            out.push(Piece::Text(t.to_string()));
            continue;
        }
        if !child.is_element() {
            continue;
        }
        let n = || -> Result<u32> {
            child
                .attribute("id")
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| anyhow!("line {}: unit {unit}: <{}> needs a numeric id", line(child), child.tag_name().name()))
        };
        match child.tag_name().name() {
            "pc" => {
                let n = n()?;
                out.push(Piece::Open(n));
                out.extend(pieces(child, unit)?);
                out.push(Piece::Close(n));
            }
            "ph" => out.push(Piece::Alone(n()?)),
            "mrk" => out.extend(pieces(child, unit)?),
            other => bail!("line {}: unit {unit}: inline element <{other}> is not used by Haven; keep the <pc> and <ph> codes of the source", line(child)),
        }
    }
    Ok(out)
}
