//! SVG cleaning on the markup: `<metadata>` (RDF authors, titles of the work), editor elements
//! and attributes (`sodipodi:*`, `inkscape:*`, with their namespaces: they hold file paths with
//! the author's user name, export paths, window sizes) and comments are removed; the rest of the
//! text is kept as written.

/// Element and attribute prefixes of drawing editors.
const EDITOR_PREFIXES: &[&str] = &["sodipodi:", "inkscape:"];

/// The cleaned SVG; `Err` for a file that is not UTF-8 text.
pub fn clean(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "the SVG is not UTF-8 text".to_string())?;
    let mut out = String::with_capacity(text.len());
    let mut skip_depth = 0usize; // > 0 inside an element being removed
    let mut i = 0;
    while let Some(off) = text[i..].find('<') {
        let start = i + off;
        if skip_depth == 0 {
            out.push_str(&text[i..start]);
        }
        let rest = &text[start..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(text.len(), |e| start + e + 3);
        } else if rest.starts_with("<![CDATA[") {
            let end = rest.find("]]>").map_or(text.len(), |e| start + e + 3);
            if skip_depth == 0 {
                out.push_str(&text[start..end]);
            }
            i = end;
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            let end = rest.find('>').map_or(text.len(), |e| start + e + 1);
            if skip_depth == 0 {
                out.push_str(&text[start..end]);
            }
            i = end;
        } else {
            let end = tag_end(text, start);
            let tag = &text[start..end];
            let closing = tag.starts_with("</");
            let name = tag_name(tag);
            let removed = name == "metadata" || EDITOR_PREFIXES.iter().any(|p| name.starts_with(p));
            let self_closing = tag.ends_with("/>");
            if removed || skip_depth > 0 {
                match (closing, self_closing) {
                    (true, _) => skip_depth = skip_depth.saturating_sub(1),
                    (false, false) => skip_depth += 1,
                    (false, true) => {}
                }
                if !removed && skip_depth == 0 {
                    // Cannot happen for well-formed files; keep the tag rather than lose markup.
                    out.push_str(tag);
                }
            } else if closing {
                out.push_str(tag);
            } else {
                out.push_str(&without_editor_attributes(tag));
            }
            i = end;
        }
    }
    if skip_depth == 0 {
        out.push_str(&text[i..]);
    }
    Ok(out.into_bytes())
}

/// The index after the `>` closing the tag at `start`, skipping quoted values.
fn tag_end(text: &str, start: usize) -> usize {
    let mut quote: Option<char> = None;
    for (k, c) in text[start..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return start + k + 1,
            _ => {}
        }
    }
    text.len()
}

fn tag_name(tag: &str) -> &str {
    let t = tag.trim_start_matches('<').trim_start_matches('/');
    let end = t.find(|c: char| c.is_whitespace() || c == '/' || c == '>').unwrap_or(t.len());
    &t[..end]
}

/// A start tag without `sodipodi:*`, `inkscape:*` and their `xmlns:` declarations.
fn without_editor_attributes(tag: &str) -> String {
    let name = tag_name(tag);
    let body_start = 1 + name.len();
    let (body, close) = match tag.strip_suffix("/>") {
        Some(b) => (&b[body_start.min(b.len())..], "/>"),
        None => (&tag[body_start.min(tag.len())..tag.len().saturating_sub(1).max(body_start)], ">"),
    };
    let mut out = format!("<{name}");
    for (attr, raw) in attributes(body) {
        let local = attr.strip_prefix("xmlns:").map(|p| format!("{p}:")).unwrap_or_else(|| attr.to_string());
        if !EDITOR_PREFIXES.iter().any(|p| local.starts_with(p)) {
            out.push(' ');
            out.push_str(raw);
        }
    }
    out.push_str(close);
    out
}

/// (name, whole `name="value"` text) of each attribute in a tag's body.
fn attributes(body: &str) -> Vec<(&str, &str)> {
    let b = body.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' {
            i += 1;
        }
        let name_end = i;
        if i < b.len() && b[i] == b'=' {
            i += 1;
            match b.get(i) {
                Some(q @ (b'"' | b'\'')) => {
                    let q = *q;
                    i += 1;
                    while i < b.len() && b[i] != q {
                        i += 1;
                    }
                    i = (i + 1).min(b.len());
                }
                _ => {
                    while i < b.len() && !b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                }
            }
        }
        if name_end > start {
            out.push((&body[start..name_end], &body[start..i]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_metadata_editor_markup_and_comments() {
        let svg = r#"<?xml version="1.0"?><!-- by maria --><svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" sodipodi:docname="/home/maria/shelter.svg" width="10"><metadata><rdf:RDF><dc:creator>Maria</dc:creator></rdf:RDF></metadata><sodipodi:namedview id="n" inkscape:window-width="900"><inkscape:grid/></sodipodi:namedview><g inkscape:label="Layer 1" fill='red'><path d="M0 0h10v10z"/></g></svg>"#;
        let out = String::from_utf8(clean(svg.as_bytes()).unwrap()).unwrap();
        assert_eq!(out, r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10"><g fill='red'><path d="M0 0h10v10z"/></g></svg>"#);
    }
}
