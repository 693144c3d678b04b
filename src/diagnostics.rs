//! Findings of a build (errors and warnings) collected as values, so one run reports them all.

use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// Defines [`Rule`] from one table: each rule's variant, its kebab-case name (shown in
/// messages, `error[name]`) and whether it is a content lint (which `--strict` makes an error).
macro_rules! rules {
    ($($(#[$doc:meta])* $variant:ident = $name:literal, lint: $lint:literal;)*) => {
        /// The rule a finding breaks. Displayed, compared and sorted by its kebab-case name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Rule {
            $($(#[$doc])* $variant,)*
        }

        impl Rule {
            /// Every rule, in the order of the table.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The rule's name, as in `error[broken-link]`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Rule::$variant => $name,)*
                }
            }

            /// Whether the rule is a content lint (accessibility): a warning `--strict` makes an error.
            pub fn is_lint(self) -> bool {
                match self {
                    $(Rule::$variant => $lint,)*
                }
            }
        }
    };
}

rules! {
    /// `site.toml` is missing a value or has a wrong one.
    Config = "config", lint: false;
    /// A file cannot be read.
    Read = "read", lint: false;
    /// An output file cannot be written.
    Write = "write", lint: false;
    /// A page's front matter cannot be parsed or has a wrong value.
    FrontMatter = "front-matter", lint: false;
    /// A content file's locale suffix names no configured locale.
    LocaleSuffix = "locale-suffix", lint: false;
    /// A content file has an extension Haven does not read.
    ContentExtension = "content-extension", lint: false;
    /// The site's sections and pages do not make a site (no home page ...).
    Structure = "structure", lint: false;
    /// A symbolic link points outside the allowed folders.
    Symlink = "symlink", lint: false;
    /// A page or file would be written to an unsafe path.
    OutputPath = "output-path", lint: false;
    /// Two pages or files would be written to one path.
    OutputCollision = "output-collision", lint: false;
    /// Two pages would have one URL.
    UrlCollision = "url-collision", lint: false;
    /// A file in the output folder that the build did not make.
    Leftover = "leftover", lint: false;
    /// Two spellings of a tag make one tag page.
    TagCollision = "tag-collision", lint: false;
    /// A template cannot be loaded or rendered.
    Template = "template", lint: false;
    /// A shortcode call is wrong or its template fails.
    Shortcode = "shortcode", lint: false;
    /// A link to a page, file or anchor of the site that does not exist.
    BrokenLink = "broken-link", lint: false;
    /// An `aliases` entry of a page cannot be published (another origin, a page's own address...).
    Alias = "alias", lint: false;
    /// Two pages claim one page role, or a role the theme links (help, safety) has no page.
    Role = "role", lint: false;
    /// A Fluent (`.ftl`) file cannot be parsed.
    FluentSyntax = "fluent-syntax", lint: false;
    /// A template uses an interface string no locale defines.
    MissingMessage = "missing-message", lint: false;
    /// An interface string fails to format.
    BrokenMessage = "broken-message", lint: false;
    /// An interface string of the quick-exit control is missing in a locale.
    ExitMessage = "exit-message", lint: false;
    /// The helplines data file is wrong.
    Helplines = "helplines", lint: false;
    /// A helpline was not verified recently.
    HelplineStale = "helpline-stale", lint: false;
    /// A share image is missing or not a published file.
    ShareImage = "share-image", lint: false;
    /// A page lacks the two quick-exit links.
    QuickExit = "quick-exit", lint: false;
    /// A page's Content-Security-Policy is missing or too wide, or it has inline scripts.
    Csp = "csp", lint: false;
    /// A page lacks the no-referrer policy.
    Referrer = "referrer", lint: false;
    /// A page loads or links something from another origin that tracks visitors.
    ThirdParty = "third-party", lint: false;
    /// A page has a `<base>` element.
    BaseElement = "base-element", lint: false;
    /// A bug in Haven.
    Internal = "internal", lint: false;
    /// An image without alt text.
    ImgAlt = "img-alt", lint: true;
    /// A heading that skips a level.
    HeadingSkip = "heading-skip", lint: true;
    /// A level-1 heading in the content (the title is the page's h1).
    MultipleH1 = "multiple-h1", lint: true;
    /// A link with no or vague text.
    LinkText = "link-text", lint: true;
    /// A table without a header row.
    TableHeader = "table-header", lint: true;
    /// Raw HTML with text in another script but no `lang` attribute.
    HtmlLang = "html-lang", lint: true;
    /// A page's HTML, CSS, JS and smallest images exceed the page-weight budget.
    PageWeight = "page-weight", lint: true;
    /// An image cannot be published (resized, or its reference resolved).
    Image = "image", lint: false;
    /// An image format whose metadata Haven cannot remove.
    ImageMetadata = "image-metadata", lint: false;
    /// A stylesheet refers to an image that is not in the output.
    BrokenImage = "broken-image", lint: false;
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule equals its name: `d.rule == "broken-link"`.
impl PartialEq<&str> for Rule {
    fn eq(&self, name: &&str) -> bool {
        self.as_str() == *name
    }
}

impl PartialOrd for Rule {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// By name, so findings sort as they did when rules were strings.
impl Ord for Rule {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One finding: what rule, where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub rule: Rule,
    pub message: String,
}

impl Diagnostic {
    pub fn error(rule: Rule, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, file: None, line: None, column: None, rule, message: message.into() }
    }

    pub fn warning(rule: Rule, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(rule, message) }
    }

    pub fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    pub fn at(mut self, line: usize, column: Option<usize>) -> Self {
        self.line = Some(line);
        self.column = column;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}[{}]", self.rule)?;
        if let Some(file) = &self.file {
            write!(f, " {}", file.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(col) = self.column {
                    write!(f, ":{col}")?;
                }
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// A thread-safe collector that stages of the build push findings into.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Mutex<Vec<Diagnostic>>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&self, d: Diagnostic) {
        self.items.lock().unwrap_or_else(|e| e.into_inner()).push(d);
    }

    pub fn extend(&self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.lock().unwrap_or_else(|e| e.into_inner()).extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.items.lock().unwrap_or_else(|e| e.into_inner()).iter().any(Diagnostic::is_error)
    }

    /// Sorted, de-duplicated findings.
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        let mut v = self.items.into_inner().unwrap_or_else(|e| e.into_inner());
        v.sort();
        v.dedup();
        v
    }
}

/// 1-based line and column of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map(|s| s.chars().count()).unwrap_or(0) + 1;
    (line, col)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
    }

    #[test]
    fn display_names_file_and_line() {
        let d = Diagnostic::error(Rule::FrontMatter, "bad").in_file("a.md").at(3, Some(2));
        assert_eq!(d.to_string(), "error[front-matter] a.md:3:2: bad");
    }

    #[test]
    fn rule_names_are_unique_and_kebab_case() {
        let names: std::collections::BTreeSet<&str> = Rule::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(names.len(), Rule::ALL.len());
        assert!(names.iter().all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')), "{names:?}");
        assert!(Rule::ALL.iter().any(|r| r.is_lint()));
    }
}
