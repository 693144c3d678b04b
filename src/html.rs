//! HTML escaping for text and attribute values: pages, feeds, the site map and Tera's autoescape.
//!
//! Hand-written rather than `html_escape::encode_quoted_attribute`: that writes `'` as `&#x27;`,
//! while every published page has always had `&#39;`, and the output must not change.

/// HTML-escapes text for an attribute or element.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
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
