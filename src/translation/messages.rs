//! Interface strings as translators see them: every message and term of a locale's `.ftl` files,
//! with where it is, whether it is still marked for translation, and what it refers to.

use crate::config::Config;
use crate::diagnostics::line_col;
use fluent_syntax::ast;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The comment line that marks a message still to translate (written by `haven i18n add`).
pub const TODO_MARK: &str = "TODO(translate)";

/// One message or term (terms keep their leading `-`).
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    pub file: PathBuf,
    pub line: usize,
    pub is_term: bool,
    /// Its comment has a `TODO(translate)` line.
    pub untranslated: bool,
    /// `$variables` its value and attributes use.
    pub variables: BTreeSet<String>,
    /// Messages and `-terms` it refers to.
    pub references: BTreeSet<String>,
    pub words: usize,
}

/// A Fluent syntax error.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Everything one locale defines, the site's files overriding the theme's.
#[derive(Debug, Default)]
pub struct LocaleMessages {
    pub entries: BTreeMap<String, Entry>,
    pub syntax_errors: Vec<SyntaxError>,
    pub files: Vec<PathBuf>,
}

impl LocaleMessages {
    /// Message ids (terms left out).
    pub fn message_ids(&self) -> impl Iterator<Item = &str> {
        self.entries.values().filter(|e| !e.is_term).map(|e| e.id.as_str())
    }
}

/// The `.ftl` files of a locale: the theme's, then the site's (the order they are loaded in).
pub fn ftl_files(config: &Config, locale: &str) -> Vec<PathBuf> {
    [config.theme_dir().join("locales"), config.root.join("locales")].iter().flat_map(|dir| crate::i18n::ftl_files(&dir.join(locale))).collect()
}

/// Reads every `.ftl` file of `locale`. Unreadable files are syntax errors of line 1.
pub fn load(config: &Config, locale: &str) -> LocaleMessages {
    let mut out = LocaleMessages::default();
    for f in crate::i18n::locale_files(config, locale) {
        let file = f.shown.clone();
        match f.text() {
            Ok(text) => read_file(&mut out, &file, &text),
            Err(e) => out.syntax_errors.push(SyntaxError { file: file.clone(), line: 1, column: 1, message: format!("{e:#}") }),
        }
        out.files.push(file);
    }
    out
}

fn read_file(out: &mut LocaleMessages, file: &Path, text: &str) {
    let resource = match fluent_syntax::parser::parse(text) {
        Ok(r) => r,
        Err((r, errors)) => {
            for e in errors {
                let (line, column) = line_col(text, e.pos.start);
                let within = e.slice.and_then(|s| broken_entry_id(&text[s])).map(|id| format!(" in `{id}`")).unwrap_or_default();
                let message = format!("Fluent syntax error{within}: {}", e.kind);
                out.syntax_errors.push(SyntaxError { file: file.to_path_buf(), line, column, message });
            }
            r
        }
    };
    let ids: Vec<String> = resource.body.iter().filter_map(entry_id).collect();
    let lines = entry_lines(text, &ids);
    for (entry, line) in resource.body.iter().filter(|e| entry_id(e).is_some()).zip(lines) {
        if let Some(e) = describe(entry, file, line) {
            out.entries.insert(e.id.clone(), e);
        }
    }
}

/// The id at the start of the text of an entry the parser gave up on.
fn broken_entry_id(slice: &str) -> Option<&str> {
    let id = slice.trim_start().split('=').next()?.trim();
    let ok = !id.is_empty() && id.trim_start_matches('-').chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    ok.then_some(id)
}

/// The id of a message (`name`) or term (`-name`).
pub fn entry_id(entry: &ast::Entry<&str>) -> Option<String> {
    match entry {
        ast::Entry::Message(m) => Some(m.id.name.to_string()),
        ast::Entry::Term(t) => Some(format!("-{}", t.id.name)),
        _ => None,
    }
}

fn describe(entry: &ast::Entry<&str>, file: &Path, line: usize) -> Option<Entry> {
    let (id, is_term, patterns, comment) = match entry {
        ast::Entry::Message(m) => (m.id.name.to_string(), false, message_patterns(m), m.comment.as_ref()),
        ast::Entry::Term(t) => (format!("-{}", t.id.name), true, term_patterns(t), t.comment.as_ref()),
        _ => return None,
    };
    let mut refs = Refs::default();
    patterns.iter().for_each(|p| refs.pattern(p));
    let untranslated = comment.is_some_and(|c| c.content.iter().any(|l| l.trim() == TODO_MARK));
    Some(Entry { id, file: file.to_path_buf(), line, is_term, untranslated, variables: refs.variables, references: refs.references, words: refs.words.max(1) })
}

fn message_patterns<'a>(m: &'a ast::Message<&'a str>) -> Vec<&'a ast::Pattern<&'a str>> {
    m.value.iter().chain(m.attributes.iter().map(|a| &a.value)).collect()
}

fn term_patterns<'a>(t: &'a ast::Term<&'a str>) -> Vec<&'a ast::Pattern<&'a str>> {
    std::iter::once(&t.value).chain(t.attributes.iter().map(|a| &a.value)).collect()
}

/// 1-based line of each entry's `id =` line, matched in order (so that text inside a
/// multi-line message that merely looks like an id is skipped).
pub fn entry_lines(text: &str, ids: &[String]) -> Vec<usize> {
    let mut out = Vec::with_capacity(ids.len());
    let mut lines = text.lines().enumerate();
    for id in ids {
        let found = lines.by_ref().find(|(_, l)| l.strip_prefix(id.as_str()).is_some_and(|rest| rest.trim_start().starts_with('=')));
        out.push(found.map(|(i, _)| i + 1).unwrap_or(1));
    }
    out
}

/// What a pattern refers to.
#[derive(Default)]
struct Refs {
    variables: BTreeSet<String>,
    references: BTreeSet<String>,
    words: usize,
}

impl Refs {
    fn pattern(&mut self, p: &ast::Pattern<&str>) {
        for el in &p.elements {
            match el {
                ast::PatternElement::TextElement { value } => self.words += value.split_whitespace().count(),
                ast::PatternElement::Placeable { expression } => self.expression(expression),
            }
        }
    }

    fn expression(&mut self, e: &ast::Expression<&str>) {
        match e {
            ast::Expression::Select { selector, variants } => {
                self.inline(selector);
                variants.iter().for_each(|v| self.pattern(&v.value));
            }
            ast::Expression::Inline(i) => self.inline(i),
        }
    }

    fn inline(&mut self, e: &ast::InlineExpression<&str>) {
        use ast::InlineExpression as I;
        match e {
            I::VariableReference { id } => {
                self.variables.insert(id.name.to_string());
            }
            I::MessageReference { id, .. } => {
                self.references.insert(id.name.to_string());
            }
            I::TermReference { id, arguments, .. } => {
                self.references.insert(format!("-{}", id.name));
                arguments.iter().for_each(|a| self.arguments(a));
            }
            I::FunctionReference { arguments, .. } => self.arguments(arguments),
            I::Placeable { expression } => self.expression(expression),
            I::StringLiteral { .. } | I::NumberLiteral { .. } => {}
        }
    }

    fn arguments(&mut self, a: &ast::CallArguments<&str>) {
        a.positional.iter().for_each(|p| self.inline(p));
        a.named.iter().for_each(|n| self.inline(&n.value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_marks_references_and_variables() {
        let text = "# A note.\n# TODO(translate)\nhello = Hi { $name }, see { -brand } and { other }\n    .title = { $count ->\n        [one] one\n       *[other] { $count } { $unit }\n    }\n-brand = Haven\nother = x\n";
        let mut out = LocaleMessages::default();
        read_file(&mut out, Path::new("a.ftl"), text);
        let hello = &out.entries["hello"];
        assert!(hello.untranslated);
        assert_eq!(hello.line, 3);
        assert_eq!(hello.variables.iter().collect::<Vec<_>>(), ["count", "name", "unit"]);
        assert_eq!(hello.references.iter().collect::<Vec<_>>(), ["-brand", "other"]);
        assert_eq!(out.entries["-brand"].line, 8);
        assert!(out.entries["-brand"].is_term && !out.entries["other"].untranslated);
        assert_eq!(out.message_ids().collect::<Vec<_>>(), ["hello", "other"]);
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        let mut out = LocaleMessages::default();
        read_file(&mut out, Path::new("a.ftl"), "ok = fine\nbad = { $x\nalso = fine\n");
        assert_eq!(out.syntax_errors.len(), 1);
        // Fluent notices the unclosed placeable where the next line starts.
        assert_eq!((out.syntax_errors[0].line, out.syntax_errors[0].column), (3, 1));
        assert!(out.syntax_errors[0].message.contains("in `bad`"), "{}", out.syntax_errors[0].message);
        assert!(out.entries.contains_key("ok") && out.entries.contains_key("also"));
    }
}
