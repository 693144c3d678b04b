//! HTML escaping for text and attribute values: pages, feeds, the site map and Tera's autoescape.
//!
//! Hand-written rather than `html_escape::encode_quoted_attribute`: that writes `'` as `&#x27;`,
//! while every published page has always had `&#39;`, and the output must not change.

/// HTML-escapes text for an attribute or element. Every page's template output passes through
/// it, so it copies the runs between the five special bytes whole instead of char by char.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The five are ASCII, so `i` is a character boundary.
        out.push_str(&s[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&s[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters_as_pages_always_had_them() {
        assert_eq!(escape(r#"Tom & "Jerry's" <b>"#), "Tom &amp; &quot;Jerry&#39;s&quot; &lt;b&gt;");
        assert_eq!(escape("café ✓"), "café ✓");
    }
}
