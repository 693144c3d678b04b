//! A small, fast HTML tokenizer for reading rendered pages: start tags with their attributes and
//! the text of `<style>` elements, skipping comments, end tags and the text of raw-text elements
//! the way browsers do. It never rewrites; `scan` uses it on every page of a build.

use std::borrow::Cow;

/// A start tag: lower-case name and attributes (lower-case names, raw values).
#[derive(Debug, Default)]
pub struct Tag<'a> {
    pub name: String,
    /// Names are borrowed from the page unless written with capitals (rendered pages rarely are).
    pub attrs: Vec<(Cow<'a, str>, &'a str)>,
}

impl<'a> Tag<'a> {
    /// The first attribute of that (lower-case) name, raw.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.attrs.iter().find(|(n, _)| n.as_ref() == name).map(|(_, v)| *v)
    }
}

/// Elements whose content is text, not markup, up to their end tag.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"];

/// Calls `on_tag` for every start tag and `on_style` with the text of every `<style>` element.
/// One `Tag` is filled again for each start tag, so its strings are allocated once per page.
pub fn tokenize<'a>(html: &'a str, mut on_tag: impl FnMut(&Tag<'a>), mut on_style: impl FnMut(&'a str)) {
    let b = html.as_bytes();
    let mut tag = Tag::default();
    let mut i = 0;
    while let Some(off) = find_byte(b, i, b'<') {
        i = off + 1;
        match b.get(i) {
            Some(b'!') if b[i..].starts_with(b"!--") => i = find(html, i + 3, "-->").map_or(b.len(), |e| e + 3),
            Some(b'!' | b'?') => i = find_byte(b, i, b'>').map_or(b.len(), |e| e + 1),
            Some(b'/') if b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) => i = find_byte(b, i, b'>').map_or(b.len(), |e| e + 1),
            Some(c) if c.is_ascii_alphabetic() => {
                // A tag cut off by the end of the page is dropped, as browsers do.
                let Some(end) = start_tag(html, i, &mut tag) else { return };
                i = end;
                on_tag(&tag);
                if tag.name == "plaintext" {
                    return;
                }
                if RAW_TEXT.contains(&tag.name.as_str()) {
                    let close = find_end_tag(html, i, &tag.name).unwrap_or(b.len());
                    if tag.name == "style" {
                        on_style(&html[i..close]);
                    }
                    i = close;
                }
            }
            _ => {}
        }
    }
}

/// Sets `buf` to the lower-case `text`, keeping its allocation.
fn set_lower(buf: &mut String, text: &str) {
    buf.clear();
    buf.push_str(text);
    buf.make_ascii_lowercase();
}

/// Byte classes of a start tag: ASCII whitespace (what `u8::is_ascii_whitespace` accepts), and
/// the bytes that end an attribute name or an unquoted value.
const SPACE: u8 = 1;
const SLASH: u8 = 2;
const GT: u8 = 4;
const EQ: u8 = 8;
const UPPER: u8 = 16;
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b' ' as usize] = SPACE;
    t[b'\t' as usize] = SPACE;
    t[b'\n' as usize] = SPACE;
    t[b'\r' as usize] = SPACE;
    t[0x0c] = SPACE;
    t[b'/' as usize] = SLASH;
    t[b'>' as usize] = GT;
    t[b'=' as usize] = EQ;
    let mut c = b'A';
    while c <= b'Z' {
        t[c as usize] = UPPER;
        c += 1;
    }
    t
};

/// The index of the first byte at or after `i` whose class is in `stop` (or the end).
fn skip_until(b: &[u8], mut i: usize, stop: u8) -> usize {
    while i < b.len() && CLASS[b[i] as usize] & stop == 0 {
        i += 1;
    }
    i
}

/// The index of the first byte at or after `i` whose class is not in `skip` (or the end).
fn skip_while(b: &[u8], mut i: usize, skip: u8) -> usize {
    while i < b.len() && CLASS[b[i] as usize] & skip != 0 {
        i += 1;
    }
    i
}

/// The end of the attribute name that starts at `i` (a first `=` belongs to the name), and
/// whether it has a capital letter, found in the same pass.
fn attr_name_end(b: &[u8], i: usize) -> (usize, bool) {
    let mut classes = CLASS[b[i] as usize];
    let mut j = i + 1;
    while j < b.len() {
        let c = CLASS[b[j] as usize];
        if c & (SPACE | SLASH | GT | EQ) != 0 {
            break;
        }
        classes |= c;
        j += 1;
    }
    (j, classes & UPPER != 0)
}

/// Reads the start tag whose name begins at `i` into `tag`; returns the index after its `>`.
fn start_tag<'a>(html: &'a str, i: usize, tag: &mut Tag<'a>) -> Option<usize> {
    let b = html.as_bytes();
    let name_end = skip_until(b, i, SPACE | SLASH | GT);
    set_lower(&mut tag.name, &html[i..name_end]);
    tag.attrs.clear();
    let mut i = name_end;
    loop {
        i = skip_while(b, i, SPACE | SLASH);
        match b.get(i) {
            None => return None,
            Some(b'>') => return Some(i + 1),
            Some(_) => {}
        }
        let (name_end, upper) = attr_name_end(b, i);
        let name = &html[i..name_end];
        // Names are borrowed: copied only in the rare page written with capitals.
        let name = if upper { Cow::Owned(name.to_ascii_lowercase()) } else { Cow::Borrowed(name) };
        let mut j = skip_while(b, name_end, SPACE);
        let mut value = "";
        i = name_end;
        if b.get(j) == Some(&b'=') {
            j = skip_while(b, j + 1, SPACE);
            match b.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = find_byte(b, j + 1, q).unwrap_or(b.len());
                    value = &html[j + 1..end];
                    j = (end + 1).min(b.len());
                }
                _ => {
                    let start = j;
                    j = skip_until(b, j, SPACE | GT);
                    value = &html[start..j];
                }
            }
            i = j;
        }
        tag.attrs.push((name, value));
    }
}

/// The index of `</name` (any case, followed by a delimiter) at or after `from`.
fn find_end_tag(html: &str, mut from: usize, name: &str) -> Option<usize> {
    let (b, n) = (html.as_bytes(), name.as_bytes());
    while let Some(off) = find(html, from, "</") {
        let after = off + 2;
        let matches = b.len() >= after + n.len() && b[after..after + n.len()].eq_ignore_ascii_case(n);
        if matches && b.get(after + n.len()).is_none_or(|c| c.is_ascii_whitespace() || *c == b'/' || *c == b'>') {
            return Some(off);
        }
        from = after;
    }
    None
}

/// The index of `needle` at or after `from` (a character boundary).
fn find(html: &str, from: usize, needle: &str) -> Option<usize> {
    memchr::memmem::find(html.as_bytes().get(from..)?, needle.as_bytes()).map(|p| from + p)
}

/// The index of the byte `needle` (ASCII) at or after `from`.
fn find_byte(b: &[u8], from: usize, needle: u8) -> Option<usize> {
    memchr::memchr(needle, b.get(from..)?).map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(html: &str) -> Vec<String> {
        let out = std::cell::RefCell::new(Vec::new());
        tokenize(html, |t| out.borrow_mut().push(format!("{}{:?}", t.name, t.attrs)), |s| out.borrow_mut().push(format!("style:{s}")));
        out.into_inner()
    }

    #[test]
    fn reads_attributes_in_every_quoting() {
        assert_eq!(tags(r#"<A HREF="/x" data-x='y' c=d e>"#), vec![r#"a[("href", "/x"), ("data-x", "y"), ("c", "d"), ("e", "")]"#]);
        assert_eq!(tags("<img src=/a.png/>"), vec![r#"img[("src", "/a.png/")]"#]);
    }

    #[test]
    fn skips_comments_end_tags_and_raw_text() {
        let html = "<!-- <a href=x> --><p>t</p><script>if (a<b) { '<a href=y>' }</script><style>p{}</style><title><a></title><b>";
        assert_eq!(tags(html), vec!["p[]", "script[]", "style[]", "style:p{}", "title[]", "b[]"]);
    }
}
