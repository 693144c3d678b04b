//! The URL of every source in every locale as published (below `base_url`'s path), and the
//! resolver that turns `@/x.md` and relative `.md` links into those URLs.

use crate::config::Config;
use crate::context::TagLink;
use crate::library::Library;
use crate::markdown::LinkResolver;
use std::collections::HashMap;

/// Source key -> URL per locale (config order), with absent locales pointing to the default's page.
#[derive(Debug, Default)]
pub struct Urls {
    by_key: HashMap<String, Vec<String>>,
    locale_index: HashMap<String, usize>,
    /// The path of `base_url` (`/site`) or "": published URLs start with it.
    pub base_path: String,
}

impl Urls {
    pub fn new(config: &Config, lib: &Library) -> Urls {
        let by_key = lib
            .groups()
            .map(|(gi, g)| {
                let urls = config.locale_ids().map(|l| config.public_url(lib.url_in(gi, l, config.default_locale_id()).unwrap_or("/"))).collect();
                (g.key.clone(), urls)
            })
            .collect();
        let locale_index = config.locales.iter().enumerate().map(|(i, l)| (l.code.clone(), i)).collect();
        Urls { by_key, locale_index, base_path: config.base_path.clone() }
    }

    /// The URL of source `key` in `locale`.
    pub fn get(&self, key: &str, locale: &str) -> Option<&str> {
        let i = *self.locale_index.get(locale)?;
        self.by_key.get(key).map(|v| v[i].as_str())
    }

    /// Resolves `@/x.md#a` (from the content root) or `../x.md` (from `from_key`'s folder).
    pub fn resolve(&self, target: &str, from_key: &str, locale: &str) -> Result<String, String> {
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (target, None),
        };
        let path = &crate::urlpath::percent_decode(path);
        let key = match path.strip_prefix("@/") {
            Some(k) => normalise(k),
            None => {
                let dir = from_key.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
                normalise(&format!("{dir}/{path}"))
            }
        };
        let key = key.ok_or_else(|| format!("link {target:?} leads outside content/"))?;
        let url = self.get(&key, locale).ok_or_else(|| format!("link {target:?}: there is no content/{key}"))?;
        Ok(match anchor {
            Some(a) => format!("{url}#{a}"),
            None => url.to_string(),
        })
    }
}

/// Folds `.` and `..` segments; `None` when the path climbs above the root.
fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Wraps `@/` link targets that hold spaces in `<…>`, the only form in which Markdown reads them
/// as links: `[a](@/sinais de alerta.md)` -> `[a](<@/sinais de alerta.md>)`. Lines stay as they are.
pub fn wrap_spaced_targets(md: &str) -> std::borrow::Cow<'_, str> {
    if !md.contains("](@/") {
        return std::borrow::Cow::Borrowed(md);
    }
    let mut out = String::with_capacity(md.len() + 16);
    let mut rest = md;
    while let Some(i) = rest.find("](@/") {
        out.push_str(&rest[..i + 2]);
        rest = &rest[i + 2..];
        let end = rest.find([')', '\n']).unwrap_or(rest.len());
        let target = &rest[..end];
        if rest[end..].starts_with(')') && target.contains(' ') && !target.contains(['"', '<', '>']) {
            out.push('<');
            out.push_str(target);
            out.push('>');
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// The `[text](@/…)` links left as text in rendered HTML (outside code), with the 1-based line
/// of the Markdown (which starts at `first_line`) where each was written.
pub fn unresolved_links(html: &str, md: &str, first_line: usize) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    // Without an `@` there is no `](@/` in the prose, whatever code is cut out of it.
    if !html.contains('@') {
        return found;
    }
    let mut prose = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<code") {
        prose.push_str(&rest[..i]);
        rest = rest[i..].find("</code>").map(|j| &rest[i + j + 7..]).unwrap_or("");
    }
    prose.push_str(rest);
    for (i, _) in prose.match_indices("](@/") {
        let target: String = prose[i + 2..].chars().take_while(|&c| !matches!(c, ')' | '<' | '&' | '\n')).collect();
        let target = target.trim_end().to_string();
        let needle = target.find(".md").map(|e| &target[..e + 3]).unwrap_or(&target);
        let line = md.lines().position(|l| l.contains(needle)).map(|p| first_line + p).unwrap_or(first_line);
        found.push((target, line));
    }
    found
}

/// [`unresolved_links`] as errors naming the file and line.
pub fn unresolved_diagnostics(html: &str, md: &str, first_line: usize, file: &std::path::Path) -> Vec<crate::Diagnostic> {
    unresolved_links(html, md, first_line)
        .into_iter()
        .map(|(target, line)| {
            crate::Diagnostic::error(crate::diagnostics::Rule::BrokenLink, format!("the link to {target} was not read as a link and would show as raw text; write it as [text](@/path/to/page.md) on one line, or [text](<@/path with spaces.md>)"))
                .in_file(file)
                .at(line, None)
        })
        .collect()
}

/// Tag links as published (below the base path).
pub fn public_tags(config: &Config, tags: Vec<TagLink>) -> Vec<TagLink> {
    tags.into_iter().map(|t| TagLink { url: config.public_url(&t.url), ..t }).collect()
}

/// A resolver bound to one page.
pub struct PageResolver<'a> {
    pub urls: &'a Urls,
    pub key: &'a str,
    pub locale: &'a str,
}

impl LinkResolver for PageResolver<'_> {
    fn resolve(&self, target: &str) -> Result<String, String> {
        self.urls.resolve(target, self.key, self.locale)
    }

    fn base_path(&self) -> &str {
        &self.urls.base_path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls() -> Urls {
        let mut u = Urls::default();
        u.locale_index.insert("en".into(), 0);
        u.locale_index.insert("es".into(), 1);
        u.by_key.insert("support/family.md".into(), vec!["/support/family/".into(), "/es/apoyo/familia/".into()]);
        u
    }

    #[test]
    fn resolves_at_and_relative_paths_per_locale() {
        let u = urls();
        assert_eq!(u.resolve("@/support/family.md#a", "x.md", "es").unwrap(), "/es/apoyo/familia/#a");
        assert_eq!(u.resolve("family.md", "support/self-care.md", "en").unwrap(), "/support/family/");
        assert_eq!(u.resolve("../support/family.md", "other/x.md", "en").unwrap(), "/support/family/");
        assert!(u.resolve("@/nope.md", "x.md", "en").unwrap_err().contains("content/nope.md"));
        assert!(u.resolve("../../x.md", "a.md", "en").is_err());
        assert_eq!(u.resolve("@/support/family%2Emd", "x.md", "en").unwrap(), "/support/family/");
    }

    #[test]
    fn spaced_targets_are_wrapped_and_leftovers_found() {
        assert_eq!(
            wrap_spaced_targets("[a](@/sinais de alerta.md) [b](@/x.md)\n[c](@/a b.md \"t\")"),
            "[a](<@/sinais de alerta.md>) [b](@/x.md)\n[c](@/a b.md \"t\")"
        );
        let md = "intro\n\n[c](@/a b.md \"t\")\n`[d](@/code.md)`\n";
        let html = "<p>intro</p>\n<p>[c](@/a b.md &quot;t&quot;)</p>\n<p><code>[d](@/code.md)</code></p>";
        assert_eq!(unresolved_links(html, md, 10), vec![("@/a b.md".to_string(), 12)]);
    }
}
