//! The text form of `haven i18n status`: an aligned table, then what to do next per locale.

use super::status::{LocaleReport, PageItem, PageState, Report};
use std::fmt::Write;

/// How many ids a list shows before "... and N more".
const LIST_LIMIT: usize = 12;

const HEADER: [&str; 11] = ["locale", "pages", "missing", "outdated", "review", "strings", "missing", "to do", "extra", "broken", "done"];

/// The whole text report.
pub fn text(r: &Report) -> String {
    let mut out = format!("Translation status (source: the default locale, {})\n\n", r.default_locale);
    out.push_str(&table(r));
    out.push_str("\npages: translated/total; outdated*: includes translations that record no source version;\n");
    out.push_str("strings: translated/total messages; to do: copied but still marked TODO(translate);\n");
    out.push_str("done: share of the source's words translated and up to date.\n");
    for w in &r.warnings {
        let _ = writeln!(out, "warning: {w}");
    }
    if !r.default_locale_broken.is_empty() {
        let _ = writeln!(out, "\nInterface strings of the default locale ({}) are broken:", r.default_locale);
        r.default_locale_broken.iter().for_each(|b| push_broken(&mut out, b));
    }
    out.push_str("\nWhat to do next\n");
    for l in &r.locales {
        out.push_str(&todo(l));
        out.push_str(&joiner(l, &r.default_locale));
    }
    out
}

/// The helpline words, the locale's site.toml fields and its lint words, one line each.
fn joiner(l: &LocaleReport, default_locale: &str) -> String {
    use super::joiner::{FieldState, LintWords};
    let mut out = String::new();
    if let Some(h) = &l.helplines {
        let state = match (&h.error, h.exists) {
            (Some(e), _) => format!("cannot be read: {e}"),
            (None, false) => format!("missing ({} words to translate; `haven i18n add {}` creates it)", h.total, l.code),
            (None, true) => format!("{}/{} words translated", h.translated, h.total),
        };
        let _ = writeln!(out, "  Helpline words, {}: {state}", h.file);
        if h.exists && !h.missing.is_empty() {
            let _ = writeln!(out, "    not translated ({}): {}", h.missing.len(), list(&h.missing));
        }
    }
    let fields: Vec<String> = l
        .fields
        .all()
        .iter()
        .map(|(k, s)| match s {
            FieldState::Set => format!("{k} set"),
            FieldState::Todo => format!("{k} still marked TODO(translate)"),
            FieldState::Fallback => format!("{k} falls back to the site's"),
        })
        .collect();
    let _ = writeln!(out, "  site.toml [[locales]] {}: {}", l.code, fields.join(", "));
    if l.vague_link_words == LintWords::DefaultLocale {
        let _ = writeln!(out, "  note: no vague link texts of its own (`lint-vague-link-texts` in locales/{}/lint.ftl): the link-text check uses the default locale's ({default_locale})", l.code);
    }
    out
}

fn table(r: &Report) -> String {
    let mut rows: Vec<Vec<String>> = vec![HEADER.iter().map(|h| h.to_string()).chain(["language".into()]).collect()];
    for l in &r.locales {
        let (p, s) = (&l.pages, &l.strings);
        let outdated = p.outdated + p.unknown_version;
        let star = if p.unknown_version > 0 { "*" } else { "" };
        rows.push(vec![
            l.code.clone(),
            format!("{}/{}", p.translated, p.total),
            p.missing.to_string(),
            format!("{outdated}{star}"),
            p.needs_review.to_string(),
            format!("{}/{}", s.translated, s.total),
            s.missing.len().to_string(),
            s.untranslated.len().to_string(),
            s.extra.len().to_string(),
            s.broken.len().to_string(),
            format!("{:.1}%", l.done_percent),
            l.name.clone(),
        ]);
    }
    align(&rows)
}

/// Left-aligns the first and last columns, right-aligns the numbers between.
fn align(rows: &[Vec<String>]) -> String {
    let cols = rows[0].len();
    let width: Vec<usize> = (0..cols).map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, v)| match c {
                0 => format!("{v:<w$}", w = width[c]),
                c if c == cols - 1 => v.clone(),
                _ => format!("{v:>w$}", w = width[c]),
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

fn todo(l: &LocaleReport) -> String {
    let mut out = format!("\n{} ({})\n", l.code, l.name);
    if !l.has_work() && l.pages.needs_review == 0 && l.strings.extra.is_empty() && l.pages.orphaned.is_empty() {
        out.push_str("  Nothing to do: every page and string is translated and up to date.\n");
        return out;
    }
    let missing: Vec<&PageItem> = l.pages.items.iter().filter(|i| i.state == PageState::Missing).collect();
    if !missing.is_empty() {
        out.push_str("  Translate these pages, most important first:\n");
        for (n, i) in missing.iter().enumerate() {
            let _ = writeln!(out, "    {}. {} -> {}  {:?} ({} words)", n + 1, i.source, target_file(i, &l.code), i.title, i.words);
        }
    }
    push_outdated(&mut out, l);
    let review: Vec<&PageItem> = l.pages.items.iter().filter(|i| i.needs_review).collect();
    if !review.is_empty() {
        out.push_str("  Ask a native speaker to review these, then remove `needs_review = true`:\n");
        review.iter().for_each(|i| push_line(&mut out, 4, i.translation.as_deref().unwrap_or_default()));
    }
    if !l.pages.orphaned.is_empty() {
        out.push_str("  Remove or rename these translations: their source page no longer exists:\n");
        l.pages.orphaned.iter().for_each(|f| push_line(&mut out, 4, f));
    }
    push_strings(&mut out, l);
    out
}

/// Where a missing page's translation goes: `content/x.md` -> `content/x.es.md`.
fn target_file(i: &PageItem, code: &str) -> String {
    format!("content/{}.{code}.md", i.key.strip_suffix(".md").unwrap_or(&i.key))
}

fn push_outdated(out: &mut String, l: &LocaleReport) {
    let stale: Vec<&PageItem> = l.pages.items.iter().filter(|i| matches!(i.state, PageState::Outdated | PageState::UnknownVersion)).collect();
    if stale.is_empty() {
        return;
    }
    out.push_str("  Update these translations, then run `haven i18n mark-current <file>`:\n");
    for i in stale {
        let file = i.translation.as_deref().unwrap_or_default();
        let Some(summary) = i.changes.as_ref() else {
            let _ = writeln!(out, "    {file}: it records no source version (no source_hash); compare it with {}", i.source);
            continue;
        };
        match (&summary.since_commit, &summary.reason) {
            (Some(c), _) => {
                let date = summary.since_date.as_deref().unwrap_or("");
                let _ = writeln!(out, "    {file}: {} changed since commit {c} ({date}):", i.source);
                summary.changes.iter().for_each(|ch| push_line(out, 6, &format!("- {ch}")));
            }
            (None, reason) => {
                let why = reason.as_deref().unwrap_or("unknown");
                let _ = writeln!(out, "    {file}: source changed (no history available: {why}); compare it with {}", i.source);
            }
        }
    }
}

fn push_strings(out: &mut String, l: &LocaleReport) {
    let s = &l.strings;
    if s.missing.is_empty() && s.untranslated.is_empty() && s.extra.is_empty() && s.broken.is_empty() {
        return;
    }
    let dir = format!("locales/{}/", l.code);
    out.push_str("  Interface strings:\n");
    if !s.missing.is_empty() {
        let _ = writeln!(out, "    missing from {dir} ({}): {}", s.missing.len(), list(&s.missing));
    }
    if !s.untranslated.is_empty() {
        let _ = writeln!(out, "    still marked TODO(translate) ({}): {}", s.untranslated.len(), list(&s.untranslated));
    }
    if !s.extra.is_empty() {
        let _ = writeln!(out, "    extra, not in the default locale (remove or rename) ({}): {}", s.extra.len(), list(&s.extra));
    }
    if !s.broken.is_empty() {
        let _ = writeln!(out, "    broken ({}):", s.broken.len());
        s.broken.iter().for_each(|b| push_broken(out, b));
    }
}

fn push_broken(out: &mut String, b: &super::interface::Broken) {
    let at = match b.column {
        Some(c) => format!("{}:{}:{c}", b.file, b.line),
        None => format!("{}:{}", b.file, b.line),
    };
    let _ = writeln!(out, "      {at}: {}", b.message);
}

fn push_line(out: &mut String, indent: usize, text: &str) {
    let _ = writeln!(out, "{:indent$}{text}", "");
}

fn list(ids: &[String]) -> String {
    let shown: Vec<&str> = ids.iter().take(LIST_LIMIT).map(String::as_str).collect();
    match ids.len().saturating_sub(LIST_LIMIT) {
        0 => shown.join(", "),
        more => format!("{}, ... and {more} more (--format json lists all)", shown.join(", ")),
    }
}
