//! Finds the Markdown sources under `content/`, tells their locale, and parses their front matter.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Rule};
use crate::frontmatter::{self, FrontMatter};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

pub mod hash;

/// A source's Markdown body: in memory, or left on disk to be read when its page is rendered
/// (see [`load_without_bodies`]). An empty `Loaded` body is an empty page, never "not read".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Loaded(String),
    OnDisk,
}

impl Body {
    /// The text, when it is in memory.
    pub fn loaded(&self) -> Option<&str> {
        match self {
            Body::Loaded(text) => Some(text),
            Body::OnDisk => None,
        }
    }
}

/// One parsed source file in one locale.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path relative to the site root, for messages (`content/support/family.es.md`).
    pub file: PathBuf,
    /// The translation-group key: the path below `content/` without the locale suffix (`support/family.md`).
    pub key: String,
    pub locale: String,
    pub is_section: bool,
    pub front: FrontMatter,
    pub body: Body,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
    /// `YYYY-MM-DD`, when the front matter has a date.
    pub date: Option<chrono::NaiveDate>,
    /// Lines of the front-matter keys that make output paths, for messages.
    pub lines: FrontLines,
}

/// The 1-based file lines of the `slug =` and `tags =` front-matter keys (2 when absent).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FrontLines {
    pub slug: usize,
    pub tags: usize,
    pub aliases: usize,
}

impl FrontLines {
    /// The lines of the first `slug = ...`, `tags = ...` and `aliases = ...` in the front matter
    /// of `text`, or 2 (the first front-matter line), found in one pass over its lines.
    fn of(text: &str) -> FrontLines {
        let is_key = |l: &str, key: &str| l.trim_start().strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('='));
        let (mut slug, mut tags, mut aliases) = (None, None, None);
        for (i, l) in text.lines().skip(1).take_while(|l| l.trim_end() != "+++").enumerate() {
            for (found, key) in [(&mut slug, "slug"), (&mut tags, "tags"), (&mut aliases, "aliases")] {
                if found.is_none() && is_key(l, key) {
                    *found = Some(i + 2);
                }
            }
        }
        FrontLines { slug: slug.unwrap_or(2), tags: tags.unwrap_or(2), aliases: aliases.unwrap_or(2) }
    }
}

/// A slug or tag that could make an output path leave its folder, or no path at all, is an error.
fn check_paths(front: &FrontMatter, lines: &FrontLines, file: &Path) -> Result<(), Diagnostic> {
    if let Some(slug) = &front.slug {
        crate::outpath::check_slug(slug)
            .map_err(|e| Diagnostic::error(Rule::OutputPath, format!("front matter: `slug` {e}")).in_file(file).at(lines.slug, None))?;
    }
    for tag in &front.tags {
        let bad = crate::outpath::check_name(tag)
            .err()
            .map(|e| e.to_string())
            .or_else(|| has_no_slug(tag).then(|| format!("{tag:?} has no letter or digit, so its tag page would have no URL")));
        if let Some(why) = bad {
            return Err(Diagnostic::error(Rule::OutputPath, format!("front matter: tag {why}")).in_file(file).at(lines.tags, None));
        }
    }
    Ok(())
}

/// Whether a tag's slug is empty; an ASCII letter or digit always stays in it, so most tags need no slugify.
fn has_no_slug(tag: &str) -> bool {
    !tag.bytes().any(|b| b.is_ascii_alphanumeric()) && crate::slug::slugify(tag).is_empty()
}

/// What `content/` holds.
#[derive(Debug, Default)]
pub struct Content {
    pub sources: Vec<Source>,
    /// Snippets shared by pages (`content/_snippets/`), by key, any locale.
    pub snippets: Vec<Source>,
    /// Other files (images, PDFs) copied beside their pages, relative to `content/`.
    pub assets: Vec<PathBuf>,
}

/// Reads every file of `content/`. Problems become diagnostics; readable files are still returned.
pub fn load(config: &Config, include_drafts: bool) -> (Content, Vec<Diagnostic>) {
    load_with(config, include_drafts, true)
}

/// Like [`load`], but pages keep no body (snippets do): the build reads each body again with
/// [`read_body`] when it renders the page, so a large site's text is never all in memory.
pub fn load_without_bodies(config: &Config, include_drafts: bool) -> (Content, Vec<Diagnostic>) {
    load_with(config, include_drafts, false)
}

/// The body of a source, read from its file again (for one loaded by [`load_without_bodies`]).
pub fn read_body(config: &Config, src: &Source) -> Result<String, Diagnostic> {
    let mut text = crate::fsutil::read_text(&config.root.join(&src.file)).map_err(|e| Diagnostic::error(Rule::Read, format!("{e:#}")).in_file(&src.file))?;
    let body_len = frontmatter::split(&text).map_err(|e| Diagnostic::error(Rule::FrontMatter, e.message).in_file(&src.file).at(e.line, e.column))?.1.len();
    text.replace_range(..text.len() - body_len, "");
    Ok(text)
}

fn load_with(config: &Config, include_drafts: bool, keep_bodies: bool) -> (Content, Vec<Diagnostic>) {
    let dir = config.root.join("content");
    let (files, mut diags) = crate::walk::files(&config.root, &config.allow_symlinks_to, &dir);
    let mut md_files = Vec::new();
    let mut assets = Vec::new();
    for rel_path in files {
        match markdown_kind(&rel_path) {
            Some(true) => md_files.push(rel_path),
            Some(false) => diags.push(
                Diagnostic::error(
                    Rule::ContentExtension,
                    "a Markdown file must end in `.md` (lower case) to be a page; rename it, it is not published as it is",
                )
                .in_file(Path::new("content").join(&rel_path)),
            ),
            None => assets.push(rel_path),
        }
    }
    let parsed: Vec<Result<Source, Diagnostic>> = md_files.par_iter().map(|rel_path| read_source_with(config, &dir, rel_path, keep_bodies)).collect();
    let parsed: Vec<Source> = parsed.into_iter().filter_map(|r| r.map_err(|d| diags.push(d)).ok()).collect();
    let (draft_dirs, draft_keys) = if include_drafts { Default::default() } else { drafts_of_default(config, &parsed) };
    let in_draft = |key: &str| draft_keys.contains(key) || draft_dirs.iter().any(|d| key.starts_with(d.as_str()));
    let mut content = Content { assets: assets.into_iter().filter(|a| !in_draft(&a.to_string_lossy())).collect(), ..Default::default() };
    for s in parsed {
        if (s.front.draft || in_draft(&s.key)) && !include_drafts {
            continue;
        }
        if s.key.starts_with("_snippets/") {
            content.snippets.push(s);
        } else {
            content.sources.push(s);
        }
    }
    (content, diags)
}

/// `Some(true)` for a page source (`.md`), `Some(false)` for Markdown under another extension
/// (`.MD`, `.markdown`), `None` for any other file.
fn markdown_kind(rel_path: &Path) -> Option<bool> {
    let ext = rel_path.extension()?.to_string_lossy();
    if ext == "md" {
        return Some(true);
    }
    ["md", "markdown", "mdown", "mkd", "mkdn"].contains(&ext.to_ascii_lowercase().as_str()).then_some(false)
}

/// What a draft in the default locale hides: its key (so its translations are drafts too) and,
/// its folder (`secret/` of `secret/_index.md`, of the bundle `secret/index.md` or of `secret.md`): nothing below it, pages or files, is published.
fn drafts_of_default(config: &Config, sources: &[Source]) -> (Vec<String>, std::collections::HashSet<String>) {
    let drafts = || sources.iter().filter(|s| s.front.draft && s.locale == config.default_locale);
    let folder = |s: &Source| {
        if s.is_section {
            s.key.trim_end_matches("_index.md").to_string()
        } else if is_bundle(&s.key) {
            s.key.trim_end_matches("index.md").to_string() // a bundle's files are its folder
        } else {
            format!("{}/", s.key.trim_end_matches(".md"))
        }
    };
    let dirs = drafts().filter(|s| s.key != "_index.md").map(folder).collect();
    (dirs, drafts().map(|s| s.key.clone()).collect())
}

fn rel(config: &Config, path: &Path) -> PathBuf {
    path.strip_prefix(&config.root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

/// Reads and checks one Markdown file; `rel_path` is relative to `dir` (the site's `content/`).
pub fn read_source(config: &Config, dir: &Path, rel_path: &Path) -> Result<Source, Diagnostic> {
    read_source_with(config, dir, rel_path, true)
}

/// [`read_source`]; without `whole`, a page's file is read only up to the end of its front
/// matter and its body is left empty (snippets are always read whole).
fn read_source_with(config: &Config, dir: &Path, rel_path: &Path, whole: bool) -> Result<Source, Diagnostic> {
    let file = rel(config, &dir.join(rel_path));
    let (key, locale) = split_locale(config, rel_path).map_err(|m| Diagnostic::error(Rule::LocaleSuffix, m).in_file(&file))?;
    let whole = whole || key.starts_with("_snippets/");
    let path = dir.join(rel_path);
    let text = if whole { crate::fsutil::read_text(&path) } else { read_front_matter_text(&path) }
        .map_err(|e| Diagnostic::error(Rule::Read, format!("{e:#}")).in_file(&file))?;
    let parsed = frontmatter::parse(&text).map_err(|e| Diagnostic::error(Rule::FrontMatter, e.message).in_file(&file).at(e.line, e.column))?;
    let date = parsed.front.date.as_ref().and_then(|d| frontmatter::parse_date(d).ok());
    let is_section = key.ends_with("_index.md");
    if parsed.front.title.trim().is_empty() && !key.starts_with("_snippets/") {
        return Err(Diagnostic::error(Rule::FrontMatter, "front matter: `title` is missing or empty").in_file(&file).at(2, None));
    }
    let lines = FrontLines::of(&text);
    check_paths(&parsed.front, &lines, &file)?;
    let body = if whole { Body::Loaded(parsed.body) } else { Body::OnDisk };
    Ok(Source { file, key, locale, is_section, front: parsed.front, body, body_line: parsed.body_line, date, lines })
}

/// The start of a file up to the end of its closing `+++` line (the whole file when there is
/// none), without a byte-order mark.
fn read_front_matter_text(path: &Path) -> anyhow::Result<String> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let mut buf = Vec::with_capacity(2048);
    let mut chunk = [0u8; 2048];
    loop {
        let n = f.read(&mut chunk).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = front_matter_end(&buf) {
            buf.truncate(end);
            break;
        }
    }
    match crate::fsutil::string_from_utf8(buf) {
        Ok(s) => Ok(s.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(s)),
        Err(_) => crate::fsutil::read_text(path), // its error names the line
    }
}

/// The index just after the closing `+++` line, once a complete one is in `buf`.
fn front_matter_end(buf: &[u8]) -> Option<usize> {
    let mut start = buf.iter().position(|&b| b == b'\n')? + 1;
    while let Some(len) = buf[start..].iter().position(|&b| b == b'\n') {
        if buf[start..start + len].trim_ascii_end() == b"+++" {
            return Some(start + len + 1);
        }
        start += len + 1;
    }
    None
}

/// `support/family.es.md` -> (`support/family.md`, `es`); no suffix -> the default locale.
fn split_locale(config: &Config, rel_path: &Path) -> Result<(String, String), String> {
    let key_path = rel_path.to_string_lossy().replace('\\', "/");
    let stem = key_path.strip_suffix(".md").unwrap_or(&key_path);
    let (dir, name) = stem.rsplit_once('/').map(|(d, n)| (format!("{d}/"), n)).unwrap_or((String::new(), stem));
    if let Some((base, suffix)) = name.rsplit_once('.') {
        if let Some(locale) = config.locales.iter().find(|l| l.code.eq_ignore_ascii_case(suffix)) {
            return Ok((format!("{dir}{base}.md"), locale.code.clone()));
        }
        if looks_like_locale(suffix) {
            let known: Vec<&str> = config.locales.iter().map(|l| l.code.as_str()).collect();
            return Err(format!(
                "the suffix `.{suffix}` is not a configured locale (configured: {}); add it to site.toml or rename the file",
                known.join(", ")
            ));
        }
    }
    Ok((key_path.clone(), config.default_locale.clone()))
}

/// A short BCP 47 shape: `xx`, `xxx`, `xx-YY`, `xx-Latn`, `xx-Latn-YY`.
fn looks_like_locale(s: &str) -> bool {
    let mut parts = s.split('-');
    let lang = parts.next().unwrap_or("");
    (2..=3).contains(&lang.len())
        && lang.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (p.len() == 2 || p.len() == 4 || p.len() == 3) && p.chars().all(|c| c.is_ascii_alphanumeric()))
        && crate::config::validate_locale_code(s).is_ok()
}

/// A page bundle's file: `folder/index.md` (translations `folder/index.es.md` share its key).
pub fn is_bundle(key: &str) -> bool {
    key == "index.md" || key.ends_with("/index.md")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::parse(
            Path::new("."),
            "title=\"T\"\nbase_url=\"https://x.org\"\ndefault_locale=\"en\"\n[[locales]]\ncode=\"en\"\nname=\"E\"\n[[locales]]\ncode=\"es\"\nname=\"S\"\n",
        )
        .unwrap()
    }

    #[test]
    fn finds_front_matter_key_lines() {
        let text = "+++\ntitle = \"A\"\nslugs_note = 1\n  slug   = \"x\"\ntags=[]\n+++\nslug = \"body\"\n";
        assert_eq!(FrontLines::of(text), FrontLines { slug: 4, tags: 5, aliases: 2 });
        assert_eq!(FrontLines::of("+++\ntitle = \"A\"\n+++\nslug = 1\n").slug, 2);
        assert_eq!(FrontLines::of("+++\naliases=[]\ntags = [] \naliases = 1\n+++\n"), FrontLines { slug: 2, tags: 3, aliases: 2 });
    }

    #[test]
    fn tags_without_a_slug() {
        for tag in ["---", " ", "?!", "\u{064B}"] {
            assert!(has_no_slug(tag), "{tag:?}");
        }
        for tag in ["a", "self care", "Лікування", "تهريب", "9"] {
            assert!(!has_no_slug(tag), "{tag:?}");
        }
    }

    #[test]
    fn only_lower_case_md_is_a_page() {
        assert_eq!(markdown_kind(Path::new("a/b.md")), Some(true));
        assert_eq!(markdown_kind(Path::new("a/b.MD")), Some(false));
        assert_eq!(markdown_kind(Path::new("b.Markdown")), Some(false));
        assert_eq!(markdown_kind(Path::new("b.svg")), None);
    }

    #[test]
    fn splits_locale_suffix() {
        let c = config();
        assert_eq!(split_locale(&c, Path::new("a/b.es.md")).unwrap(), ("a/b.md".into(), "es".into()));
        assert_eq!(split_locale(&c, Path::new("a/_index.md")).unwrap(), ("a/_index.md".into(), "en".into()));
        assert_eq!(split_locale(&c, Path::new("v1.2.md")).unwrap(), ("v1.2.md".into(), "en".into()));
        assert!(split_locale(&c, Path::new("b.de.md")).unwrap_err().contains(".de"));
    }
}
