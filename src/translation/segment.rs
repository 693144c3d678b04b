//! A translatable text with its inline Markdown markup held aside as numbered codes, and the
//! PO placeholder convention (`<1>…</1>` around marked-up text, `{1}` for a code that stands alone).

use std::fmt::Write;

/// What a code stands for (used to pair a translation's codes with the source's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    Emphasis,
    Strong,
    Strike,
    Link,
    Image,
    Code,
    Html,
    Shortcode,
    Break,
    Other,
}

impl CodeKind {
    /// A short word for translators (XLIFF `type`/notes and PO comments).
    pub fn word(self) -> &'static str {
        match self {
            CodeKind::Emphasis => "emphasis",
            CodeKind::Strong => "strong",
            CodeKind::Strike => "strikethrough",
            CodeKind::Link => "link",
            CodeKind::Image => "image (the text inside is its alt text)",
            CodeKind::Code => "code",
            CodeKind::Html => "html",
            CodeKind::Shortcode => "shortcode",
            CodeKind::Break => "line break",
            CodeKind::Other => "markup",
        }
    }
}

/// One numbered piece of markup: `start` (and `end` for a pair) is the Markdown it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub n: u32,
    pub kind: CodeKind,
    pub start: String,
    /// `Some` for a pair around text (`<n>…</n>`), `None` for a standalone code (`{n}`).
    pub end: Option<String>,
}

/// A part of a segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Open(u32),
    Close(u32),
    Alone(u32),
}

/// A text with its codes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Segment {
    pub pieces: Vec<Piece>,
    pub codes: Vec<Code>,
}

impl Segment {
    /// A plain text without markup.
    pub fn plain(text: &str) -> Segment {
        Segment { pieces: vec![Piece::Text(text.to_string())], codes: Vec::new() }
    }

    /// The PO form: text with `<n>`, `</n>` and `{n}`.
    pub fn po_text(&self) -> String {
        let mut out = String::new();
        for p in &self.pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Open(n) => {
                    let _ = write!(out, "<{n}>");
                }
                Piece::Close(n) => {
                    let _ = write!(out, "</{n}>");
                }
                Piece::Alone(n) => {
                    let _ = write!(out, "{{{n}}}");
                }
            }
        }
        out
    }

    /// True when the segment has words to translate (not only codes and spaces).
    pub fn has_words(&self) -> bool {
        self.pieces.iter().any(|p| matches!(p, Piece::Text(t) if t.chars().any(char::is_alphanumeric)))
    }

    pub fn code(&self, n: u32) -> Option<&Code> {
        self.codes.iter().find(|c| c.n == n)
    }

    /// The Markdown for `pieces` (a translation) with this segment's codes; newlines become spaces
    /// so that a translation cannot start a new block.
    pub fn markdown_with(&self, pieces: &[Piece]) -> String {
        let mut out = String::new();
        for p in pieces {
            let code = |n: &u32| self.code(*n);
            match p {
                Piece::Text(t) => out.push_str(&t.replace("\r\n", " ").replace(['\n', '\r'], " ")),
                Piece::Open(n) | Piece::Alone(n) => out.push_str(code(n).map_or("", |c| c.start.as_str())),
                Piece::Close(n) => out.push_str(code(n).and_then(|c| c.end.as_deref()).unwrap_or("")),
            }
        }
        out
    }

    /// Checks that `pieces` use exactly this segment's codes, each once, pairs opened and closed
    /// in order; the message names the first placeholder that is wrong.
    pub fn check(&self, pieces: &[Piece]) -> Result<(), String> {
        let mut seen: Vec<u32> = Vec::new();
        let mut open: Vec<u32> = Vec::new();
        for p in pieces {
            let (n, paired) = match p {
                Piece::Text(_) => continue,
                Piece::Open(n) => (*n, true),
                Piece::Close(n) => {
                    if open.pop() != Some(*n) {
                        return Err(format!("</{n}> closes a placeholder that is not open there"));
                    }
                    continue;
                }
                Piece::Alone(n) => (*n, false),
            };
            let Some(code) = self.code(n) else {
                let shown = if paired { format!("<{n}>") } else { format!("{{{n}}}") };
                return Err(format!("placeholder {shown} is not in the source"));
            };
            if code.end.is_some() != paired {
                let want = if code.end.is_some() { format!("<{n}>…</{n}>") } else { format!("{{{n}}}") };
                return Err(format!("placeholder {n} must be written {want}"));
            }
            if seen.contains(&n) {
                return Err(format!("placeholder {n} is used twice"));
            }
            seen.push(n);
            if paired {
                open.push(n);
            }
        }
        if let Some(n) = open.pop() {
            return Err(format!("<{n}> is never closed with </{n}>"));
        }
        if let Some(c) = self.codes.iter().find(|c| !seen.contains(&c.n)) {
            let shown = if c.end.is_some() { format!("<{0}>…</{0}>", c.n) } else { format!("{{{}}}", c.n) };
            return Err(format!("placeholder {shown} ({}) is missing", c.kind.word()));
        }
        Ok(())
    }
}

/// Reads the PO form back into pieces: `<n>`, `</n>` and `{n}` with `n` a number are
/// placeholders, everything else is text.
pub fn parse_po_text(s: &str) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut text = String::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if let Some((piece, len)) = placeholder_at(rest) {
            if !text.is_empty() {
                out.push(Piece::Text(std::mem::take(&mut text)));
            }
            out.push(piece);
            rest = &rest[len..];
        } else {
            text.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    out
}

fn placeholder_at(s: &str) -> Option<(Piece, usize)> {
    let (open, close, make): (&str, char, fn(u32) -> Piece) = if s.starts_with("</") {
        ("</", '>', Piece::Close)
    } else if s.starts_with('<') {
        ("<", '>', Piece::Open)
    } else if s.starts_with('{') {
        ("{", '}', Piece::Alone)
    } else {
        return None;
    };
    let digits: String = s[open.len()..].chars().take_while(char::is_ascii_digit).collect();
    let after = &s[open.len() + digits.len()..];
    if digits.is_empty() || digits.len() > 4 || !after.starts_with(close) {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    Some((make(n), open.len() + digits.len() + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg() -> Segment {
        Segment {
            pieces: parse_po_text("Call <1>now</1> {2}"),
            codes: vec![
                Code { n: 1, kind: CodeKind::Strong, start: "**".into(), end: Some("**".into()) },
                Code { n: 2, kind: CodeKind::Shortcode, start: "{{ x() }}".into(), end: None },
            ],
        }
    }

    #[test]
    fn placeholders_round_trip_and_rebuild_markdown() {
        let s = seg();
        assert_eq!(s.po_text(), "Call <1>now</1> {2}");
        let tr = parse_po_text("{2} Llama <1>ya</1>");
        assert_eq!(s.check(&tr), Ok(()));
        assert_eq!(s.markdown_with(&tr), "{{ x() }} Llama **ya**");
        assert_eq!(parse_po_text("a <b> {x} <12"), vec![Piece::Text("a <b> {x} <12".into())]);
    }

    #[test]
    fn broken_placeholders_are_named() {
        let s = seg();
        assert!(s.check(&parse_po_text("Call <1>now {2}")).unwrap_err().contains("<1> is never closed"));
        assert!(s.check(&parse_po_text("Call <1>now</1>")).unwrap_err().contains("{2}"));
        assert!(s.check(&parse_po_text("<1>a</1> {2} {3}")).unwrap_err().contains("{3} is not in the source"));
        assert!(s.check(&parse_po_text("{1} {2}")).unwrap_err().contains("must be written <1>"));
    }
}
