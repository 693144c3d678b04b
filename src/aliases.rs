//! Moved pages: `aliases = ["/old/path/"]` in front matter makes a redirect page at each old path
//! (same origin only), rendered and checked like every page (quick exit, CSP, `noindex`).

use crate::config::{Config, LocaleId};
use crate::context::RedirectCtx;
use crate::diagnostics::Diagnostic;
use crate::library::Library;
use crate::outpath::OutputPath;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::path::Path;

/// One redirect page to write.
#[derive(Debug, Clone)]
pub struct Alias {
    /// The old site path (`/old/path/`), below the base path.
    pub url: String,
    pub locale: LocaleId,
    /// The page it leads to, as published.
    pub to: RedirectCtx,
}

/// The aliases of every source, checked: a path on this site that makes a file in the output,
/// taken by no page and no other alias. Problems are errors at the `aliases` line.
pub fn collect(config: &Config, lib: &Library) -> (Vec<Alias>, Vec<Diagnostic>) {
    // Borrowed from the library: a large site's URLs are not copied to be looked up.
    let mut taken: FxHashMap<Cow<str>, &Path> = FxHashMap::default();
    for (_, g) in lib.groups() {
        for r in g.routes.iter().flatten() {
            taken.entry(Cow::Borrowed(r.url.as_str())).or_insert_with(|| lib.source(r.source).file.as_path());
        }
    }
    let (mut out, mut diags) = (Vec::new(), Vec::new());
    for (gi, g) in lib.groups() {
        for (locale, &si) in &g.sources {
            let src = lib.source(si);
            let Some(id) = config.locale_id(locale) else { continue };
            let Some(route) = lib.route(gi, id) else { continue };
            for written in &src.front.aliases {
                let err = |m: String| {
                    Diagnostic::error(crate::diagnostics::Rule::Alias, format!("front matter: alias {written:?} {m}"))
                        .in_file(&src.file)
                        .at(src.lines.aliases, None)
                };
                let url = match alias_url(written) {
                    Ok(u) => u,
                    Err(m) => {
                        diags.push(err(m));
                        continue;
                    }
                };
                if let Some(other) = taken.get(url.as_str()) {
                    diags.push(err(format!("is the URL {url}, which {} already has", other.display())));
                    continue;
                }
                taken.insert(Cow::Owned(url.clone()), src.file.as_path());
                let to = RedirectCtx { url: config.public_url(&route.url), title: src.front.title.clone() };
                out.push(Alias { url, locale: id, to });
            }
        }
    }
    (out, diags)
}

/// A written alias as a site path: `old/path` -> `/old/path/`, `/a.html` stays. Only paths on this
/// site (no scheme, no `//host`), which must make a file inside the output folder.
fn alias_url(written: &str) -> Result<String, String> {
    let w = written.trim();
    if w.contains(':') || w.starts_with("//") || w.contains(['?', '#']) {
        return Err("must be a path on this site, like \"/old/path/\" (a redirect to or from another origin is refused)".into());
    }
    let mut url = format!("/{}", w.trim_start_matches('/'));
    let last = url.rsplit('/').next().unwrap_or("");
    if !last.contains('.') && !url.ends_with('/') {
        url.push('/');
    }
    if url == "/" {
        return Err("would replace the home page".into());
    }
    OutputPath::from_url(&url).map_err(|e| format!("cannot be an output file: {}", e.reason))?;
    Ok(url)
}

/// The canonical URL of a special page: a redirect page's is the page it leads to.
pub fn permalink(config: &Config, url: &str, redirect: Option<&RedirectCtx>) -> String {
    match redirect {
        Some(r) => format!("{}{}", config.base_url.strip_suffix(config.base_path.as_str()).unwrap_or(&config.base_url), r.url),
        None => format!("{}{url}", config.base_url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_paths() {
        assert_eq!(alias_url("old/path").unwrap(), "/old/path/");
        assert_eq!(alias_url("/old.html").unwrap(), "/old.html");
        for bad in ["https://evil.example/", "//evil.example/x", "/../x/", "/", "/a//b/", "/a?b"] {
            assert!(alias_url(bad).is_err(), "{bad}");
        }
    }
}
