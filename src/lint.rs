//! The content lint: accessibility findings on the Markdown source, each with file and line.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Rule};
use std::collections::BTreeMap;
use std::path::Path;

/// Where the text being linted comes from.
#[derive(Debug, Clone, Copy)]
pub struct LintContext<'a> {
    pub file: &'a Path,
    pub locale: &'a str,
    /// The vague link texts of the site's locales.
    pub vague: &'a VagueWords,
}

/// The Fluent message (in a locale's `lint.ftl`) listing its vague link texts, split by `|`.
pub const VAGUE_LINK_MESSAGE: &str = "lint-vague-link-texts";

/// Link texts that say nothing about where the link goes, per locale, read from each locale's
/// `.ftl` files (the theme's `lint.ftl`, then the site's, which adds to it). A locale is also
/// held to the default locale's words, which is all a locale without words of its own gets.
#[derive(Debug, Clone, Default)]
pub struct VagueWords {
    by_locale: BTreeMap<String, Vec<String>>,
    default: Vec<String>,
}

impl VagueWords {
    /// The words of every locale of the site.
    pub fn load(config: &Config) -> VagueWords {
        let by_locale = config.locales.iter().map(|l| (l.code.clone(), Self::own_words(config, &l.code))).collect::<BTreeMap<_, _>>();
        let default = by_locale.get(&config.default_locale).cloned().unwrap_or_default();
        VagueWords { by_locale, default }
    }

    /// The words one locale's own files list (none when it has no such message).
    pub fn own_words(config: &Config, code: &str) -> Vec<String> {
        let mut words: Vec<String> = Vec::new();
        for f in crate::i18n::locale_files(config, code) {
            let Ok(text) = f.text() else { continue };
            for w in message_words(&text) {
                if !words.contains(&w) {
                    words.push(w);
                }
            }
        }
        words
    }

    /// True when `text` (normalised) is vague in `locale` or in the default locale.
    pub fn is_vague(&self, text: &str, locale: &str) -> bool {
        let own = self.by_locale.get(locale).map(Vec::as_slice).unwrap_or_default();
        own.iter().chain(&self.default).any(|w| w == text)
    }
}

/// The normalised phrases of [`VAGUE_LINK_MESSAGE`] in one `.ftl` text.
fn message_words(text: &str) -> Vec<String> {
    let resource = match fluent_syntax::parser::parse(text) {
        Ok(r) | Err((r, _)) => r,
    };
    let mut out = Vec::new();
    for entry in &resource.body {
        let fluent_syntax::ast::Entry::Message(m) = entry else { continue };
        let Some(pattern) = m.value.as_ref().filter(|_| m.id.name == VAGUE_LINK_MESSAGE) else { continue };
        let joined: String = pattern
            .elements
            .iter()
            .map(|e| match e {
                fluent_syntax::ast::PatternElement::TextElement { value } => *value,
                fluent_syntax::ast::PatternElement::Placeable { .. } => "|",
            })
            .collect();
        out.extend(joined.split('|').map(normalise).filter(|w| !w.is_empty()));
    }
    out
}

/// Lint state for one body.
pub struct Linter<'a> {
    ctx: &'a LintContext<'a>,
    last_level: u8,
}

impl<'a> Linter<'a> {
    pub fn new(ctx: &'a LintContext<'a>) -> Self {
        // The theme renders the page title as the h1, so content starts below it.
        Linter { ctx, last_level: 1 }
    }

    fn warn(&self, rule: Rule, line: usize, message: String) -> Diagnostic {
        Diagnostic::warning(rule, message).in_file(self.ctx.file).at(line, None)
    }

    pub fn heading(&mut self, level: u8, line: usize, out: &mut Vec<Diagnostic>) {
        if level == 1 {
            out.push(self.warn(Rule::MultipleH1, line, "a level-1 heading in the content: the page title is already the page's h1; start at `##`".into()));
        } else if level > self.last_level + 1 {
            out.push(self.warn(Rule::HeadingSkip, line, format!("heading level {level} follows level {}: a level is skipped", self.last_level)));
        }
        self.last_level = level;
    }

    pub fn link_text(&self, text: &str, line: usize, out: &mut Vec<Diagnostic>) {
        let t = normalise(text);
        if t.is_empty() {
            out.push(self.warn(Rule::LinkText, line, "a link with no text: say where the link goes".into()));
        } else if self.ctx.vague.is_vague(&t, self.ctx.locale) {
            out.push(self.warn(Rule::LinkText, line, format!("vague link text {:?}: say where the link goes", text.trim())));
        }
    }

    pub fn image_alt(&self, alt: &str, line: usize, out: &mut Vec<Diagnostic>) {
        if alt.trim().is_empty() {
            out.push(self.warn(Rule::ImgAlt, line, "an image without alt text: describe what it shows".into()));
        }
    }

    pub fn table_header(&self, has_text: bool, line: usize, out: &mut Vec<Diagnostic>) {
        if !has_text {
            out.push(self.warn(Rule::TableHeader, line, "a table without a header row: give each column a heading".into()));
        }
    }

    /// Raw HTML whose text is in another script than the page's language must say its `lang`.
    pub fn raw_html(&self, html: &str, line: usize, out: &mut Vec<Diagnostic>) {
        let lower = html.to_lowercase();
        let no_alt = crate::images::alt::missing(html);
        let any_missing = !no_alt.is_empty();
        out.extend(no_alt.into_iter().map(|m| self.warn(Rule::ImgAlt, line, m.into())));
        if lower.contains(" lang=") || any_missing {
            return;
        }
        let text = strip_tags(html);
        if let Some(script) = foreign_script(&text, self.ctx.locale) {
            out.push(self.warn(Rule::HtmlLang, line, format!("raw HTML with {script} text but no `lang` attribute: mark the language it switches to")));
        }
        if lower.contains("<h1") {
            out.push(self.warn(Rule::MultipleH1, line, "an <h1> in the content: the page title is already the page's h1".into()));
        }
    }
}

/// Trimmed of closing punctuation, lower case, words joined by one space.
fn normalise(s: &str) -> String {
    let s = s.trim().trim_end_matches(['.', '!', '…', ':']).trim();
    if !s.is_ascii() {
        return s.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
    }
    // ASCII lower-cases byte by byte, into one string.
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.make_ascii_lowercase();
    out
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The writing system most letters of `text` are in, when it is not the locale's own.
fn foreign_script(text: &str, locale: &str) -> Option<&'static str> {
    let mut counts = [0usize; 4]; // Latin, Cyrillic, Arabic, Hebrew
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        match c as u32 {
            0x0041..=0x024F => counts[0] += 1,
            0x0400..=0x04FF => counts[1] += 1,
            0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFEFF => counts[2] += 1,
            0x0590..=0x05FF => counts[3] += 1,
            _ => {}
        }
    }
    let (idx, &n) = counts.iter().enumerate().max_by_key(|(_, n)| **n)?;
    if n < 3 {
        return None;
    }
    let names = ["Latin", "Cyrillic", "Arabic", "Hebrew"];
    let own = match locale.split('-').next().unwrap_or(locale) {
        "uk" | "ru" | "bg" | "sr" | "be" | "mk" | "kk" => 1,
        "ar" | "fa" | "ur" | "ps" | "ckb" => 2,
        "he" | "yi" => 3,
        _ => 0,
    };
    (idx != own).then_some(names[idx])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vague_words_come_from_the_message_split_by_bars() {
        let words = message_words("# A comment\nlint-vague-link-texts =\n    Click here | here\n    | Read  more\nother = x | y\n");
        assert_eq!(words, ["click here", "here", "read more"]);
        let mut by_locale = BTreeMap::new();
        by_locale.insert("es".to_string(), vec!["aquí".to_string()]);
        let v = VagueWords { by_locale, default: vec!["click here".into()] };
        assert!(v.is_vague("aquí", "es"));
        assert!(v.is_vague("click here", "es"), "the default locale's words hold everywhere");
        assert!(v.is_vague("click here", "de"));
        assert!(!v.is_vague("aquí", "de"));
        assert!(!v.is_vague("read about treatment", "es"));
    }

    #[test]
    fn ascii_and_other_texts_normalise_alike() {
        assert_eq!(normalise("  Click\tHERE \n now!.. "), "click here now");
        assert_eq!(normalise("Read\u{b}more:"), "read more");
        assert_eq!(normalise("  ЧИТАТИ  Далі… "), "читати далі");
        assert_eq!(normalise("..."), "");
    }

    #[test]
    fn script_switch_needs_lang() {
        assert_eq!(foreign_script("Привіт, як справи", "en"), Some("Cyrillic"));
        assert_eq!(foreign_script("Hello there", "en"), None);
    }
}
