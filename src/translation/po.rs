//! Gettext PO files for `haven i18n export --format po` and their reading back on import.
//! Each entry: `msgctxt` is the unit id, `#:` lines its places, `#.` lines its kind, heading and
//! placeholders, `#, fuzzy` when it needs review.

use super::exchange::{Entry, ExchangeDoc, Imported, ImportedEntry, State};
use super::segment::parse_po_text;
use anyhow::{bail, Result};
use std::fmt::Write;

/// The PO text of a document.
pub(super) fn write(doc: &ExchangeDoc) -> String {
    let mut out = String::new();
    out.push_str("# Haven translation export. Keep every <n>…</n> and {n} placeholder: they stand for links,\n# emphasis, code and shortcodes of the page. See docs/translating.md.\n");
    out.push_str("msgid \"\"\nmsgstr \"\"\n");
    let sources: Vec<String> = doc.sources.iter().map(|(p, h)| format!("{p}={h}")).collect();
    for line in [
        "Project-Id-Version: Haven site".to_string(),
        "MIME-Version: 1.0".into(),
        "Content-Type: text/plain; charset=UTF-8".into(),
        "Content-Transfer-Encoding: 8bit".into(),
        format!("Language: {}", doc.locale),
        format!("X-Haven-Source-Language: {}", doc.source_locale),
        "X-Haven-Format: 1".into(),
        format!("X-Haven-Sources: {}", sources.join(" ")),
    ] {
        let _ = writeln!(out, "{}", quote(&format!("{line}\n")));
    }
    for e in &doc.entries {
        out.push('\n');
        push_entry(&mut out, e);
    }
    out
}

fn push_entry(out: &mut String, e: &Entry) {
    for l in &e.locations {
        let _ = writeln!(out, "#. {}{}", l.kind.word(), l.heading.as_ref().map(|h| format!(", under \"{h}\"")).unwrap_or_default());
    }
    for c in &e.source.codes {
        let shown = if c.end.is_some() { format!("<{0}>…</{0}>", c.n) } else { format!("{{{}}}", c.n) };
        let _ = writeln!(
            out,
            "#. {shown} = {}: {}",
            c.kind.word(),
            one_line(&format!("{}{}", c.start, c.end.as_deref().map(|e| format!(" … {e}")).unwrap_or_default()))
        );
    }
    for l in &e.locations {
        let _ = writeln!(out, "#: {}:{}", l.file, l.line);
    }
    if e.state == State::NeedsReview {
        out.push_str("#, fuzzy\n");
    }
    let _ = writeln!(out, "msgctxt {}", quote(&e.id));
    let _ = writeln!(out, "msgid {}", quote(&e.source.po_text()));
    let _ = writeln!(out, "msgstr {}", quote(e.target.as_ref().map(|t| t.po_text()).as_deref().unwrap_or("")));
}

fn one_line(s: &str) -> String {
    s.replace('\n', "\\n")
}

/// A PO string literal.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn unquote(s: &str, line: usize) -> Result<String> {
    let inner = s.trim().strip_prefix('"').and_then(|s| s.strip_suffix('"'));
    let Some(inner) = inner else { bail!("line {line}: expected a \"quoted\" string, found `{s}`") };
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(c @ ('"' | '\\')) => out.push(c),
            other => bail!("line {line}: unknown escape `\\{}`", other.map(String::from).unwrap_or_default()),
        }
    }
    Ok(out)
}

/// An entry being read: field values and flags.
#[derive(Default)]
struct Raw {
    line: usize,
    fuzzy: bool,
    ctxt: Option<String>,
    id: Option<String>,
    strs: Option<String>,
    plural: bool,
}

/// Reads a PO file made by [`write`] (and edited by any PO tool).
pub(super) fn read(text: &str) -> Result<Imported> {
    let mut raws: Vec<Raw> = Vec::new();
    let mut refs: Vec<String> = Vec::new();
    let mut cur = Raw::default();
    let mut field: Option<u8> = None; // 0 ctxt, 1 id, 2 str
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if let Some(flags) = t.strip_prefix("#,") {
            if cur.id.is_some() {
                raws.push(std::mem::take(&mut cur));
            }
            cur.fuzzy |= flags.split(',').any(|f| f.trim() == "fuzzy");
            continue;
        }
        if let Some(r) = t.strip_prefix("#:") {
            refs.extend(r.split_whitespace().filter_map(|p| p.rsplit_once(':')).map(|(f, _)| f.to_string()));
        }
        if t.starts_with('#') {
            if cur.id.is_some() && cur.strs.is_some() {
                raws.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let (key, rest) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
        let which = match key {
            "msgctxt" => 0,
            "msgid" => 1,
            "msgstr" | "msgstr[0]" => 2,
            "msgid_plural" => {
                cur.plural = true;
                field = None;
                continue;
            }
            k if k.starts_with("msgstr[") => {
                field = None;
                continue;
            }
            k if k.starts_with('"') => {
                let s = unquote(t, n)?;
                match field {
                    Some(0) => cur.ctxt.get_or_insert_with(String::new).push_str(&s),
                    Some(1) => cur.id.get_or_insert_with(String::new).push_str(&s),
                    Some(2) => cur.strs.get_or_insert_with(String::new).push_str(&s),
                    _ => {}
                }
                continue;
            }
            other => bail!("line {n}: `{other}` is not a PO keyword"),
        };
        if which <= 1 && (cur.strs.is_some() || (which == 0 && cur.id.is_some())) {
            raws.push(std::mem::take(&mut cur));
        }
        if cur.line == 0 {
            cur.line = n;
        }
        let s = unquote(rest, n)?;
        match which {
            0 => cur.ctxt = Some(s),
            1 => cur.id = Some(s),
            _ => cur.strs = Some(s),
        }
        field = Some(which);
    }
    if cur.id.is_some() {
        raws.push(cur);
    }
    to_imported(raws, refs)
}

fn to_imported(raws: Vec<Raw>, mut refs: Vec<String>) -> Result<Imported> {
    let mut it = raws.into_iter();
    let Some(header) = it.next().filter(|r| r.id.as_deref() == Some("")) else {
        bail!("not a PO file made by `haven i18n export`: it has no header entry (msgid \"\")")
    };
    let header = header.strs.unwrap_or_default();
    let field = |name: &str| header.lines().find_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(':')).map(|v| v.trim().to_string()));
    let Some(locale) = field("Language").filter(|l| !l.is_empty()) else { bail!("the PO header has no `Language:`") };
    // A tool that drops unknown headers loses the versions: the pages then come from the `#:`
    // references, with an unknown version (so a unit whose source changed is reported, not applied).
    let sources: Vec<(String, String)> = match field("X-Haven-Sources") {
        Some(s) => s.split_whitespace().filter_map(|s| s.rsplit_once('=')).map(|(p, h)| (p.to_string(), h.to_string())).collect(),
        None => {
            refs.sort();
            refs.dedup();
            refs.into_iter().map(|r| (r, String::new())).collect()
        }
    };
    if sources.is_empty() {
        bail!("not a Haven export: neither an `X-Haven-Sources:` header nor `#:` references name the pages it was made from");
    }
    let mut entries = Vec::new();
    for r in it {
        let at = format!("line {}", r.line);
        let Some(id) = r.ctxt else { bail!("{at}: the entry has no msgctxt (the unit id Haven wrote); was it added by hand?") };
        if r.plural {
            bail!("{at}: unit {id}: plural forms are not used in page exports");
        }
        let target = r.strs.filter(|s| !s.is_empty()).map(|s| parse_po_text(&s));
        entries.push(ImportedEntry { id, source_text: r.id.unwrap_or_default(), reviewed: target.is_some() && !r.fuzzy, target, at });
    }
    Ok(Imported { locale, source_locale: field("X-Haven-Source-Language"), sources, entries })
}
