//! The build errors a browser is shown: as JSON on the event stream (the live-reload script's
//! overlay) and, while no build has succeeded yet, as a page of their own for every page URL.

use crate::diagnostics::Diagnostic;
use html_escape::encode_text;
use serde::Serialize;

/// One build error, as the browser shows it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Problem {
    pub file: Option<String>,
    pub line: Option<usize>,
    pub message: String,
    pub rule: &'static str,
}

impl From<&Diagnostic> for Problem {
    fn from(d: &Diagnostic) -> Problem {
        Problem { file: d.file.as_ref().map(|f| f.display().to_string()), line: d.line, message: d.message.clone(), rule: d.rule.as_str() }
    }
}

impl Problem {
    /// `content/about.md:5`, or `site` when the error has no file.
    fn place(&self) -> String {
        let file = self.file.as_deref().unwrap_or("site");
        self.line.map(|l| format!("{file}:{l}")).unwrap_or_else(|| file.to_string())
    }
}

/// The page served instead of the site while the first build has not succeeded; it loads the
/// live-reload script, so it turns into the site when a fix lands.
pub(super) fn page(problems: &[Problem]) -> String {
    let items: String =
        problems.iter().map(|p| format!("<li><strong>{}</strong><pre>{}</pre></li>\n", encode_text(&p.place()), encode_text(&p.message))).collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Build failed</title></head>\n<body>\n<main role=\"alert\" id=\"haven-first-build-error\">\n<h1>The site could not be built yet</h1>\n<ol>\n{items}</ol>\n<p>Fix the file and save: this page updates by itself.</p>\n</main>\n{}</body>\n</html>\n",
        crate::pipeline::LIVE_RELOAD_TAG
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_place_and_escaped_message_with_the_reload_script() {
        let p = Problem { file: Some("content/a.md".into()), line: Some(3), message: "bad <key>".into(), rule: "front-matter" };
        let html = page(&[p]);
        assert!(html.contains("<strong>content/a.md:3</strong><pre>bad &lt;key&gt;</pre>"), "{html}");
        assert!(html.contains(crate::pipeline::LIVE_RELOAD_TAG));
    }
}
