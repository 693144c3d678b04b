//! URL path helpers shared by the link check, image references and page URLs: `%xx` decoding
//! and folding `.`/`..` segments.

/// A URL path with `.`, `..` and empty segments folded away: `/a/./b/../c.png` -> `/a/c.png`.
pub fn fold_segments(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Decodes `%xx` escapes (UTF-8; malformed escapes and invalid bytes are kept as they are / replaced).
pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_keeps_malformed_escapes() {
        assert_eq!(percent_decode("/caf%C3%A9/a%20b/"), "/café/a b/");
        assert_eq!(percent_decode("/%zz/100%"), "/%zz/100%");
    }

    #[test]
    fn folding_segments() {
        assert_eq!(fold_segments("/a/./b/../c.png"), "/a/c.png");
        assert_eq!(fold_segments("a//b/../../../x"), "/x");
    }
}
