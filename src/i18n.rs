//! Interface strings: Fluent bundles per locale from the theme's and the site's `locales/`,
//! lookups with fallback to the default locale, and findings about missing or broken messages.

use crate::config::Config;
use crate::diagnostics::{line_col, Diagnostic, Rule};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

type Bundle = FluentBundle<Arc<FluentResource>>;

/// One `.ftl` file, parsed.
#[derive(Debug)]
pub struct FtlFile {
    pub file: PathBuf,
    pub locale: String,
    pub resource: Arc<FluentResource>,
    pub message_ids: Vec<String>,
}

/// Every locale's bundle, plus what lookups found missing.
pub struct Strings {
    bundles: HashMap<String, Bundle>,
    pub files: Vec<FtlFile>,
    default_locale: String,
    missing: Mutex<BTreeSet<(String, String)>>,
    broken: Mutex<BTreeMap<(String, String), String>>,
}

impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Strings").field("locales", &self.bundles.keys().collect::<Vec<_>>()).finish()
    }
}

/// Loads `themes/<theme>/locales/<code>/*.ftl` and then `locales/<code>/*.ftl` (the site's win).
pub fn load(config: &Config) -> (Strings, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut bundles = HashMap::new();
    let mut files = Vec::new();
    for locale in &config.locales {
        let langid = locale.code.parse().unwrap_or_default();
        let mut bundle: Bundle = FluentBundle::new_concurrent(vec![langid]);
        bundle.set_use_isolating(false); // isolation marks must not reach attributes, URLs or <title>
        for file in locale_files(config, &locale.code) {
            match file
                .text()
                .map_err(|e| vec![Diagnostic::error(Rule::Read, format!("{e:#}")).in_file(&file.shown)])
                .and_then(|text| parse_ftl(file.shown.clone(), text, &locale.code))
            {
                Ok(f) => {
                    bundle.add_resource_overriding(f.resource.clone());
                    files.push(f);
                }
                Err(ds) => diags.extend(ds),
            }
        }
        bundles.insert(locale.code.clone(), bundle);
    }
    let strings = Strings { bundles, files, default_locale: config.default_locale.clone(), missing: Mutex::default(), broken: Mutex::default() };
    (strings, diags)
}

/// The `.ftl` files of a folder, sorted by name (none when the folder is absent).
pub fn ftl_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == "ftl")).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// A locale's `.ftl` files in load order: the theme's (on disk or built in), then the site's.
pub fn locale_files(config: &Config, code: &str) -> Vec<crate::theme::LayerFile> {
    let sub = format!("locales/{code}");
    let is_ftl = |f: &crate::theme::LayerFile| f.rel.ends_with(".ftl");
    crate::theme::theme_files(config, &sub, false)
        .into_iter()
        .filter(is_ftl)
        .chain(crate::theme::site_files(config, &sub, false).into_iter().filter(is_ftl))
        .collect()
}

/// Reads one `.ftl` file; syntax errors come back with file, line and column.
pub fn read_ftl(config: &Config, path: &Path, locale: &str) -> Result<FtlFile, Vec<Diagnostic>> {
    let file = path.strip_prefix(&config.root).unwrap_or(path).to_path_buf();
    let text = crate::fsutil::read_text(path).map_err(|e| vec![Diagnostic::error(Rule::Read, format!("{e:#}")).in_file(&file)])?;
    parse_ftl(file, text, locale)
}

/// Parses one `.ftl` text named `file`; syntax errors come back with file, line and column.
pub fn parse_ftl(file: PathBuf, text: String, locale: &str) -> Result<FtlFile, Vec<Diagnostic>> {
    let resource = FluentResource::try_new(text.clone()).map_err(|(_, errors)| {
        errors
            .iter()
            .map(|e| {
                // The entry the error is in (its first line), where the parser says where it began.
                let at = e.slice.as_ref().map(|s| s.start).unwrap_or(e.pos.start);
                let (line, col) = line_col(&text, at);
                Diagnostic::error(Rule::FluentSyntax, format!("Fluent syntax error: {}", e.kind)).in_file(&file).at(line, Some(col))
            })
            .collect::<Vec<_>>()
    })?;
    let message_ids = resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect();
    Ok(FtlFile { file, locale: locale.to_string(), resource: Arc::new(resource), message_ids })
}

impl Strings {
    /// The message `key` in `locale`, else in the default locale (recorded as missing), else the key.
    pub fn get(&self, locale: &str, key: &str, args: Option<&FluentArgs>) -> String {
        if let Some(s) = self.format(locale, key, args) {
            return s;
        }
        self.missing.lock().unwrap_or_else(|e| e.into_inner()).insert((locale.to_string(), key.to_string()));
        if locale != self.default_locale {
            if let Some(s) = self.format(&self.default_locale, key, args) {
                return s;
            }
        }
        key.to_string()
    }

    /// Like [`Strings::get`] without arguments, but a missing message is not recorded: for
    /// markup made in Rust (the `html` template variable) that a theme may never print, so that
    /// only the strings a theme's own templates ask for are findings.
    pub fn get_unrecorded(&self, locale: &str, key: &str) -> String {
        self.format(locale, key, None).or_else(|| self.format(&self.default_locale, key, None)).unwrap_or_else(|| key.to_string())
    }

    fn format(&self, locale: &str, key: &str, args: Option<&FluentArgs>) -> Option<String> {
        let bundle = self.bundles.get(locale)?;
        let msg = bundle.get_message(key)?;
        let pattern = msg.value()?;
        let mut errors = vec![];
        let s = bundle.format_pattern(pattern, args, &mut errors).into_owned();
        if let Some(e) = errors.first() {
            self.broken.lock().unwrap_or_else(|e| e.into_inner()).insert((locale.to_string(), key.to_string()), e.to_string());
        }
        Some(s)
    }

    pub fn has(&self, locale: &str, key: &str) -> bool {
        self.bundles.get(locale).is_some_and(|b| b.has_message(key))
    }

    /// Findings from the lookups made so far: missing and broken messages. Those of the exit
    /// control ([`is_exit_message`]) are errors in every locale; others missing in one locale warn.
    pub fn findings(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (locale, key) in self.missing.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            let d = if locale == &self.default_locale || !self.has(&self.default_locale, key) {
                Diagnostic::error(Rule::MissingMessage, format!("interface string `{key}` is used by a template but defined in no locale"))
            } else if is_exit_message(key) {
                Diagnostic::error(
                    Rule::ExitMessage,
                    format!(
                        "interface string `{key}` of the quick-exit control is missing in locale `{locale}`: the exit control would speak another language"
                    ),
                )
            } else {
                Diagnostic::warning(
                    Rule::MissingMessage,
                    format!("interface string `{key}` is missing in locale `{locale}`; the default locale's text is shown"),
                )
            };
            out.push(d.in_file(format!("locales/{locale}")));
        }
        for ((locale, key), err) in self.broken.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            let d = if is_exit_message(key) {
                Diagnostic::error(
                    Rule::ExitMessage,
                    format!("interface string `{key}` of the quick-exit control is broken: {err}; the exit control would show it garbled"),
                )
            } else {
                Diagnostic::warning(Rule::BrokenMessage, format!("interface string `{key}`: {err}"))
            };
            out.push(self.at_definition(d, locale, key));
        }
        out
    }

    /// Points `d` at the line of the `.ftl` file that defines `key` in `locale` (the last one
    /// wins, as in the bundle), else at the locale's folder.
    fn at_definition(&self, d: Diagnostic, locale: &str, key: &str) -> Diagnostic {
        let def = self
            .files
            .iter()
            .rev()
            .filter(|f| f.locale == locale && f.message_ids.iter().any(|m| m == key))
            .find_map(|f| definition_line(f.resource.source(), key).map(|l| (f.file.clone(), l)));
        match def {
            Some((file, line)) => d.in_file(file).at(line, None),
            None => d.in_file(format!("locales/{locale}")),
        }
    }
}

/// True for the strings the quick-exit control shows: every message whose id starts with
/// `exit-` (the button, its hint, the Shift announcements, the cover texts). A visitor in danger
/// must get them whole and in the page's language, so they are never left to fall back.
pub fn is_exit_message(key: &str) -> bool {
    key.starts_with("exit-")
}

/// The 1-based line on which message `key` is defined in Fluent source `text`.
fn definition_line(text: &str, key: &str) -> Option<usize> {
    text.lines().position(|l| l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('='))).map(|i| i + 1)
}

/// Turns Tera arguments into Fluent arguments (numbers stay numbers for plural selection).
pub fn fluent_args(args: &HashMap<String, serde_json::Value>) -> FluentArgs<'static> {
    let mut fa = FluentArgs::new();
    for (k, v) in args {
        if k == "key" {
            continue;
        }
        let value: FluentValue<'static> = match v {
            serde_json::Value::Number(n) => FluentValue::from(n.as_f64().unwrap_or_default()),
            serde_json::Value::String(s) => FluentValue::from(s.clone()),
            other => FluentValue::from(other.to_string()),
        };
        fa.set(k.clone(), value);
    }
    fa
}
