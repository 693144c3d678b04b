//! The text a source had when a translation was made: the version in the git history whose
//! [`source_hash`](super::hash::source_hash) is the one the translation recorded.

use super::changes::{self, ChangeSummary};
use crate::content::Source;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// How many commits of one file are searched at most.
const MAX_COMMITS: usize = 500;

/// An earlier version of a source, found in git.
#[derive(Debug, Clone)]
pub struct Version {
    pub commit: String,
    /// `YYYY-MM-DD`, the commit date.
    pub date: String,
    pub title: String,
    pub description: String,
    pub body: String,
}

/// Finds the version of `file` (relative to `root`) whose text hashes to `hash`.
/// `Err` says why there is none, for the report.
pub fn find(root: &Path, file: &Path, hash: &str) -> Result<Version, String> {
    let file = super::slash_path(file);
    let log = git(root, &["log", "--follow", "--format=%x01%H %cs", "--name-only", "--", &file])?;
    for (commit, date, path) in parse_log(&log).into_iter().take(MAX_COMMITS) {
        let Ok(text) = git(root, &["show", &format!("{commit}:{path}")]) else { continue };
        let Ok(parsed) = crate::frontmatter::parse(&text) else { continue };
        let (title, description) = (parsed.front.title, parsed.front.description);
        if super::hash::source_hash(&title, &description, &parsed.body) == hash {
            return Ok(Version { commit, date, title, description, body: parsed.body });
        }
    }
    Err("the recorded version is not in the git history".into())
}

/// Runs git in `root`; `Err` names what went wrong in words for the report.
fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "core.quotepath=off"])
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(|_| "git is not available".to_string())?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(if err.contains("not a git repository") { "not a git checkout".into() } else { format!("git failed: {}", err.trim()) });
    }
    String::from_utf8(out.stdout).map_err(|_| "git printed something that is not UTF-8".to_string())
}

/// `\x01<hash> <date>\n\n<path>\n` records -> (commit, date, path at that commit).
fn parse_log(log: &str) -> Vec<(String, String, String)> {
    log.split('\x01')
        .filter_map(|rec| {
            let mut lines = rec.lines().filter(|l| !l.trim().is_empty());
            let (commit, date) = lines.next()?.split_once(' ')?;
            let path = lines.next()?;
            Some((commit.to_string(), date.to_string(), path.to_string()))
        })
        .collect()
}

/// Looks each (source, recorded hash) up in git once.
pub struct HistoryCache<'a> {
    root: &'a Path,
    enabled: bool,
    seen: HashMap<(String, String), ChangeSummary>,
}

impl<'a> HistoryCache<'a> {
    pub fn new(root: &'a Path, enabled: bool) -> Self {
        HistoryCache { root, enabled, seen: HashMap::new() }
    }

    pub fn summary(&mut self, src: &Source, recorded: &str) -> ChangeSummary {
        let key = (src.file.to_string_lossy().into_owned(), recorded.to_string());
        if let Some(s) = self.seen.get(&key) {
            return s.clone();
        }
        let s = self.look_up(src, recorded);
        self.seen.insert(key, s.clone());
        s
    }

    fn look_up(&self, src: &Source, recorded: &str) -> ChangeSummary {
        let found = if !self.enabled {
            Err("history lookup turned off".to_string())
        } else if !super::hash::is_well_formed(recorded) {
            Err(format!("the recorded source_hash {recorded:?} is not a hash haven makes"))
        } else {
            find(self.root, &src.file, recorded)
        };
        match found {
            Ok(v) => ChangeSummary {
                available: true,
                reason: None,
                since_commit: Some(v.commit.chars().take(12).collect()),
                since_date: Some(v.date),
                changes: changes::diff((&v.title, &v.description, &v.body), (&src.front.title, &src.front.description, src.body.loaded().unwrap_or_default())),
            },
            Err(reason) => ChangeSummary { available: false, reason: Some(reason), since_commit: None, since_date: None, changes: vec![] },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_log_records_with_renames() {
        let log = "\x01abc 2026-01-02\n\ncontent/new.md\n\x01def 2026-01-01\n\ncontent/old.md\n";
        assert_eq!(
            parse_log(log),
            [("abc".into(), "2026-01-02".into(), "content/new.md".into()), ("def".into(), "2026-01-01".into(), "content/old.md".into())]
        );
    }
}
