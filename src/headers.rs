//! The HTTP headers every page needs, in the `_headers` file that Netlify and Cloudflare Pages
//! read (on by default; `[hosting] headers = false` turns it off). docs/deploying.md has the same
//! headers for nginx and Apache.

use crate::context::CSP;

/// `Permissions-Policy`: no camera, microphone or location, and no interest-based advertising.
pub const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), interest-cohort=(), browsing-topics=()";

/// The headers as (name, value), the CSP the same as every page's `<meta>` one.
pub fn all() -> [(&'static str, &'static str); 4] {
    [("Content-Security-Policy", CSP), ("Referrer-Policy", "no-referrer"), ("Permissions-Policy", PERMISSIONS_POLICY), ("X-Content-Type-Options", "nosniff")]
}

/// `_headers`: every path of the published folder gets every header.
pub fn netlify() -> String {
    let mut out = String::from("# Written by Haven ([hosting] headers in site.toml); see docs/deploying.md.\n/*\n");
    for (name, value) in all() {
        out.push_str(&format!("  {name}: {value}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_gets_every_header() {
        let text = netlify();
        assert!(text.contains("\n/*\n  Content-Security-Policy: default-src 'none';"));
        assert!(text.contains("  Referrer-Policy: no-referrer\n") && text.contains("  X-Content-Type-Options: nosniff\n"));
    }
}
