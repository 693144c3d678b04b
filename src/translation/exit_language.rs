//! A heuristic for `haven i18n add`: does a locale's quick exit lead to a site in another
//! language? A visitor who flees a Spanish page to an English weather site stands out.
//! The language of an address is, in this order: a well-known neutral exit in [`KNOWN_EXITS`]
//! (host, optionally with a path prefix), else a first path segment that is a language code
//! (`/de/`, `/pt-br/`), else a first host label that is one (`fr.example.org`). An address
//! with none of these says nothing, and nothing is warned. Documented in docs/translating.md.

/// Well-known neutral exits and the language of their pages: (host, path prefix, language).
/// A host matches itself and its subdomains; the longest path prefix wins.
pub(super) const KNOWN_EXITS: &[(&str, &str, &str)] = &[
    ("bbc.co.uk", "", "en"),
    ("bbc.com", "", "en"),
    ("bbc.com", "/arabic", "ar"),
    ("bbc.com", "/mundo", "es"),
    ("bbc.com", "/ukrainian", "uk"),
    ("bbc.com", "/afrique", "fr"),
    ("metoffice.gov.uk", "", "en"),
    ("weather.com", "", "en"),
    ("weather.gov", "", "en"),
    ("eltiempo.es", "", "es"),
    ("aemet.es", "", "es"),
    ("meteofrance.com", "", "fr"),
    ("meteo.gov.ua", "", "uk"),
    ("wetter.de", "", "de"),
    ("dwd.de", "", "de"),
];

/// Language codes read from a path segment or a host label (ISO 639-1 of common site languages).
const CODES: &[&str] =
    &["ar", "de", "en", "es", "fa", "fr", "he", "hi", "it", "ja", "ko", "nl", "pl", "pt", "ro", "ru", "so", "sw", "tr", "uk", "ur", "vi", "zh"];

/// The language `url` seems to be in, when it says.
pub(super) fn language_of(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    let host = parsed.host_str()?.trim_end_matches('.').to_ascii_lowercase();
    let path = parsed.path().to_ascii_lowercase();
    let known = KNOWN_EXITS
        .iter()
        .filter(|(h, p, _)| (host == *h || host.ends_with(&format!(".{h}"))) && (p.is_empty() || path == *p || path.starts_with(&format!("{p}/"))))
        .max_by_key(|(h, p, _)| (p.len(), h.len()));
    if let Some((_, _, lang)) = known {
        return Some(lang.to_string());
    }
    let first_segment = path.trim_start_matches('/').split('/').next().unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    let first_label = if labels.len() > 2 { labels[0] } else { "" };
    // A binding, not a tail expression: the iterator borrows `path` and `host`, which must outlive it.
    #[allow(clippy::let_and_return)]
    let found = [first_segment, first_label].into_iter().find_map(code_in).map(str::to_string);
    found
}

/// `de`, `pt-br`, `zh_cn` -> its language, when it is one of [`CODES`].
fn code_in(s: &str) -> Option<&'static str> {
    let lang = s.split(['-', '_']).next()?;
    let rest_ok = s.len() == lang.len() || s.len() == lang.len() + 3;
    CODES.iter().copied().find(|c| *c == lang).filter(|_| rest_ok)
}

/// The other language the exit of locale `code` goes to, if it goes to one.
pub(super) fn other_language(url: &str, code: &str) -> Option<String> {
    let own = code.split('-').next().unwrap_or(code).to_ascii_lowercase();
    language_of(url).filter(|lang| *lang != own)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_language_of_an_exit() {
        assert_eq!(language_of("https://www.bbc.co.uk/weather").as_deref(), Some("en"));
        assert_eq!(language_of("https://www.bbc.com/arabic").as_deref(), Some("ar"));
        assert_eq!(language_of("https://www.eltiempo.es/").as_deref(), Some("es"));
        assert_eq!(language_of("https://example.org/de/wetter").as_deref(), Some("de"));
        assert_eq!(language_of("https://example.org/pt-br/").as_deref(), Some("pt"));
        assert_eq!(language_of("https://fr.example.org/").as_deref(), Some("fr"));
        assert_eq!(language_of("https://weather.example/"), None);
        assert_eq!(language_of("https://example.org/dev/"), None);
    }

    #[test]
    fn warns_only_for_another_language() {
        assert_eq!(other_language("https://www.bbc.co.uk/weather", "de").as_deref(), Some("en"));
        assert_eq!(other_language("https://www.bbc.co.uk/weather", "en-GB"), None);
        assert_eq!(other_language("https://www.bbc.com/arabic", "ar"), None);
        assert_eq!(other_language("https://weather.example/", "de"), None);
    }
}
