//! The URL of every source in every locale, and the resolver that turns `@/x.md` and
//! relative `.md` links into those URLs.

use crate::config::Config;
use crate::library::Library;
use crate::markdown::LinkResolver;
use std::collections::HashMap;

/// Source key -> URL per locale (config order), with absent locales pointing to the default's page.
#[derive(Debug, Default)]
pub struct Urls {
    by_key: HashMap<String, Vec<String>>,
    locale_index: HashMap<String, usize>,
}

impl Urls {
    pub fn new(config: &Config, lib: &Library) -> Urls {
        let by_key = lib
            .groups
            .iter()
            .enumerate()
            .map(|(gi, g)| {
                let urls = config
                    .locales
                    .iter()
                    .map(|l| lib.url_in(gi, &l.code, &config.default_locale).unwrap_or("/").to_string())
                    .collect();
                (g.key.clone(), urls)
            })
            .collect();
        let locale_index = config.locales.iter().enumerate().map(|(i, l)| (l.code.clone(), i)).collect();
        Urls { by_key, locale_index }
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
    }
}
