//! `haven i18n mark-current`: records in a translation's front matter the version of its source
//! it now matches (`source_hash`), changing nothing else in the file.

use super::hash;
use crate::config::Config;
use crate::content::{Content, Source};
use crate::diagnostics::Diagnostic;
use anyhow::{anyhow, bail, Context, Result};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Marks each translation current; returns what was done, one line per file. Every file is
/// checked before any is written, so a mistake in one leaves all of them as they were.
pub fn mark_current(root: &Path, files: &[PathBuf]) -> Result<String> {
    if files.is_empty() {
        bail!("name the translation files to mark, e.g. `haven i18n mark-current content/treatment.es.md`");
    }
    let config = Config::load(root)?;
    let (content, diags) = crate::content::load(&config, true);
    let mut plans = Vec::new();
    let mut errors = Vec::new();
    for f in files {
        match plan(&config, &content, &diags, f) {
            Ok(p) => plans.push(p),
            Err(e) => errors.push(format!("{e:#}")),
        }
    }
    if !errors.is_empty() {
        bail!("nothing was changed:\n  {}", errors.join("\n  "));
    }
    let mut out = String::new();
    for p in plans {
        if p.new_text != p.old_text {
            crate::fsutil::write(&config.root.join(&p.file), &p.new_text)?;
        }
        let state = if p.new_text == p.old_text { "already current" } else { "marked current" };
        let _ = writeln!(out, "{}: {state} (source_hash = \"{}\", source {})", p.file.display(), p.hash, p.source.display());
        if p.needs_review {
            let _ = writeln!(out, "  note: it is still marked needs_review = true");
        }
    }
    Ok(out)
}

/// One file to write.
struct Plan {
    file: PathBuf,
    source: PathBuf,
    hash: String,
    old_text: String,
    new_text: String,
    needs_review: bool,
}

fn plan(config: &Config, content: &Content, diags: &[Diagnostic], given: &Path) -> Result<Plan> {
    let file = relative(config, given)?;
    let Some(tr) = content.sources.iter().chain(&content.snippets).find(|s| s.file == file) else {
        if let Some(d) = diags.iter().find(|d| d.file.as_deref() == Some(file.as_path())) {
            bail!("{}: cannot be read as a page: {d}", file.display());
        }
        bail!("{}: not a Markdown page of content/", file.display());
    };
    if tr.locale == config.default_locale {
        bail!("{}: not a translation: it is in the default locale ({}); name a file like {}", file.display(), config.default_locale, example(tr));
    }
    let source = find_source(config, content, tr)?;
    let hash = hash::of_source(source);
    let old_text = crate::fsutil::read_text(&config.root.join(&file))?;
    let new_text = set_source_hash(&old_text, &hash).with_context(|| format!("{}: cannot update its front matter", file.display()))?;
    Ok(Plan { file, source: source.file.clone(), hash, old_text, new_text, needs_review: tr.front.needs_review })
}

/// The path of `given` relative to the site root; `given` is relative to the working folder
/// or to the root (the first that names a file inside the site wins).
fn relative(config: &Config, given: &Path) -> Result<PathBuf> {
    let root = config.root.canonicalize().with_context(|| format!("cannot resolve {}", config.root.display()))?;
    let inside = |p: PathBuf| p.canonicalize().ok().and_then(|abs| abs.strip_prefix(&root).ok().map(Path::to_path_buf));
    if let Some(rel) = inside(given.to_path_buf()).or_else(|| inside(config.root.join(given))) {
        return Ok(rel);
    }
    if given.exists() {
        bail!("{}: not inside the site at {}", given.display(), config.root.display());
    }
    bail!("{}: no such file", given.display())
}

fn find_source<'c>(config: &Config, content: &'c Content, tr: &Source) -> Result<&'c Source> {
    content.sources.iter().chain(&content.snippets).find(|s| s.key == tr.key && s.locale == config.default_locale).ok_or_else(|| {
        anyhow!("{}: its source content/{} does not exist (or is not in the default locale, {})", tr.file.display(), tr.key, config.default_locale)
    })
}

fn example(src: &Source) -> String {
    format!("content/{}.es.md", src.key.strip_suffix(".md").unwrap_or(&src.key))
}

/// The file with `source_hash` set to `hash` in its front matter: an existing value is
/// replaced in place (its comment kept), else the key is added after the other top-level keys.
pub(super) fn set_source_hash(text: &str, hash: &str) -> Result<String> {
    let (front, _, _) = crate::frontmatter::split(text).map_err(|e| anyhow!("line {}: {}", e.line, e.message))?;
    let start = text.split_inclusive('\n').next().unwrap_or("").len();
    // toml_edit writes `\n` line ends; a file written with `\r\n` gets them back below.
    let crlf = front.contains("\r\n");
    let mut doc: toml_edit::DocumentMut = front.replace("\r\n", "\n").parse().map_err(|e| anyhow!("front matter: {e}"))?;
    match doc.get_mut("source_hash") {
        Some(item) => {
            let value = item.as_value_mut().ok_or_else(|| anyhow!("`source_hash` must be a string"))?;
            let decor = value.decor().clone();
            *value = toml_edit::Value::from(hash);
            *value.decor_mut() = decor;
        }
        None => {
            doc.insert("source_hash", toml_edit::value(hash));
        }
    }
    let new_front = if crlf { doc.to_string().replace('\n', "\r\n") } else { doc.to_string() };
    Ok(format!("{}{new_front}{}", &text[..start], &text[start + front.len()..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_the_key_and_keeps_everything_else() {
        let text = "+++\n# A comment.\ntitle = \"Hola\"   # trailing\nweight = 2\n\n[extra]\nx = 1\n+++\nBody\n";
        let out = set_source_hash(text, "0123456789ab").unwrap();
        assert_eq!(out, "+++\n# A comment.\ntitle = \"Hola\"   # trailing\nweight = 2\nsource_hash = \"0123456789ab\"\n\n[extra]\nx = 1\n+++\nBody\n");
    }

    #[test]
    fn replaces_an_existing_value_in_place() {
        let text = "+++\nsource_hash = \"aaaaaaaaaaaa\" # old\ntitle = \"Hola\"\n+++\nBody\n";
        let out = set_source_hash(text, "0123456789ab").unwrap();
        assert_eq!(out, "+++\nsource_hash = \"0123456789ab\" # old\ntitle = \"Hola\"\n+++\nBody\n");
    }

    #[test]
    fn keeps_windows_line_ends() {
        let text = "+++\r\ntitle = \"Hola\"\r\n+++\r\nBody\r\n";
        let out = set_source_hash(text, "0123456789ab").unwrap();
        assert_eq!(out, "+++\r\ntitle = \"Hola\"\r\nsource_hash = \"0123456789ab\"\r\n+++\r\nBody\r\n");
    }
}
