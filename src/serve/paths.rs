//! Maps a request path to a file of the served output, refusing anything that could lead
//! outside it: `..` (also percent-encoded), absolute and drive paths, backslashes, NUL bytes.

/// Why a request path is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// It tries to leave the output (traversal): answer 403.
    Forbidden,
    /// It is not a path we could serve: answer 404.
    NotFound,
}

/// The decoded, relative path segments of a request path (`/es/x/?a=1` -> `["es", "x"]`), and
/// whether it ended with a slash.
pub fn segments(raw: &str) -> Result<(Vec<String>, bool), Refused> {
    let path = raw.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') || path.starts_with("//") {
        return Err(Refused::Forbidden);
    }
    let decoded = percent_decode(path).ok_or(Refused::NotFound)?;
    if decoded.contains(['\0', '\\']) || decoded.starts_with("//") {
        return Err(Refused::Forbidden);
    }
    let mut out = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return Err(Refused::Forbidden),
            s if s.contains(':') && cfg!(windows) => return Err(Refused::Forbidden),
            s => out.push(s.to_string()),
        }
    }
    Ok((out, decoded.ends_with('/')))
}

/// Decodes `%xx` escapes; `None` when the result is not UTF-8 or an escape is malformed.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The content type of a file name, by extension.
pub fn content_type(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "webmanifest" => "application/manifest+json",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "vtt" => "text/vtt; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_traversal_in_every_spelling() {
        for p in ["/../site.toml", "/%2e%2e/site.toml", "/%2E%2E/x", "/a/../../b", "//etc/passwd", "/%2f%2fetc/passwd", "/a%5c..%5cb", "/a%00b", "etc/passwd"] {
            assert_eq!(segments(p), Err(Refused::Forbidden), "{p}");
        }
    }

    #[test]
    fn decodes_and_splits() {
        assert_eq!(segments("/es/x/?q=1").unwrap(), (vec!["es".into(), "x".into()], true));
        assert_eq!(segments("/%D0%B0/b.css").unwrap(), (vec!["а".into(), "b.css".into()], false));
        assert_eq!(segments("/").unwrap(), (vec![], true));
        assert_eq!(segments("/%zz"), Err(Refused::NotFound));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
