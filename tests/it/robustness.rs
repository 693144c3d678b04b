//! Never a panic, a hang or a blow-up: template cycles, runaway macros, a missing home page and
//! broken shortcodes are errors naming the file (and line); the binary exits 1, leaves no staging
//! folder and keeps the previous output as it was.

use crate::common::{assert_contains, Site};
use std::fs;
use std::process::Command;
use std::time::{Duration, Instant};

/// What the built binary did.
struct Run {
    code: Option<i32>,
    stderr: String,
}

/// Runs `haven build` over an output folder holding a previous build, and asserts that the build
/// failed cleanly: exit code 1, no staging folder, the previous output unchanged.
fn fails_cleanly(s: &Site) -> Run {
    fs::create_dir_all(s.out()).unwrap();
    fs::write(s.out().join("previous.html"), "previous build").unwrap();
    fs::write(s.out().join(haven::output::MARKER), haven::output::MARKER_TEXT).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_haven")).arg("build").arg("--root").arg(s.root()).arg("--output").arg(s.out()).output().unwrap();
    let run = Run { code: out.status.code(), stderr: String::from_utf8_lossy(&out.stderr).into_owned() };
    assert_eq!(run.code, Some(1), "exit code (a crash has none, a panic is 101):\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked") && !run.stderr.contains("overflow"), "{}", run.stderr);
    assert_eq!(fs::read_to_string(s.out().join("previous.html")).unwrap(), "previous build");
    assert_eq!(fs::read_dir(s.out()).unwrap().count(), 2, "nothing new in the output (the previous page and the marker)");
    let mut left: Vec<String> = fs::read_dir(s.tmp.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    left.sort();
    assert_eq!(left, ["out", "site"], "no staging folder left behind");
    run
}

#[test]
fn a_template_that_includes_itself_is_an_error_naming_it_and_its_line() {
    let run = fails_cleanly(&Site::fixture("rb_include_cycle"));
    assert_contains(&run.stderr, "error[template] templates/partials/toc.html:2: template `partials/toc.html` includes itself");
}

#[test]
fn a_cycle_through_include_and_import_is_an_error_naming_each_step() {
    let run = fails_cleanly(&Site::fixture("rb_include_cycle"));
    assert_contains(&run.stderr, "error[template] templates/partials/footer.html:3: templates name each other in a cycle (`partials/footer.html` includes `partials/footer-links.html`, `partials/footer-links.html` imports `partials/footer.html`)");
}

#[test]
fn a_cycle_through_extends_is_an_error_naming_each_step() {
    let s = Site::fixture("minimal");
    s.write("templates/partials/header.html", "<header>\n{% include \"page.html\" %}\n</header>\n");
    let run = fails_cleanly(&s);
    let base = std::fs::read_to_string(crate::common::repo().join("themes/default/templates/base.html")).unwrap();
    let line = base.lines().position(|l| l.contains("partials/header.html")).expect("base.html includes the header") + 1;
    assert_contains(&run.stderr, &format!("error[template] themes/default/templates/base.html:{line}: templates name each other in a cycle (`base.html` includes `partials/header.html`, `partials/header.html` includes `page.html`, `page.html` extends `base.html`)"));
}

#[test]
fn a_bounded_recursive_macro_still_renders() {
    let s = Site::fixture("rb_macro_recursion").build().ok();
    let page = s.read("first/index.html");
    assert_contains(&page, "<i>40</i><i>39</i>");
    assert_contains(&page, "<i>1</i>");
    assert!(!page.contains("<i>0</i>"));
}

#[test]
fn a_macro_that_never_stops_is_an_error_naming_macro_template_and_page() {
    let s = Site::fixture("rb_macro_recursion");
    s.write("templates/partials/countdown.html", "{% macro countdown(n) -%}\n<i>{{ n }}</i>{{ self::countdown(n=n - 1) }}\n{%- endmacro countdown %}\n");
    let run = fails_cleanly(&s);
    assert_contains(&run.stderr, "error[template] content/first.md: rendering `page.html` for this page");
    assert_contains(&run.stderr, "macro `countdown` in partials/countdown.html calls itself too deeply");
}

#[test]
fn translations_without_a_default_home_page_are_an_error_naming_the_file() {
    let run = fails_cleanly(&Site::fixture("rb_home_missing"));
    assert_contains(&run.stderr, "error[structure] content/_index.md: content/_index.md is missing or a draft, so the `en` site has no home page (found only content/_index.ar.md, content/_index.es.md)");
}

#[test]
fn a_draft_default_home_page_is_the_same_error() {
    let s = Site::fixture("rb_home_missing");
    s.write("content/_index.md", "+++\ntitle = \"Home\"\ndraft = true\n+++\n\nHello.\n");
    let run = fails_cleanly(&s);
    assert_contains(&run.stderr, "content/_index.md is missing or a draft");
}

#[test]
fn without_fallback_each_locale_needs_its_own_home_page() {
    let s = Site::fixture("rb_home_missing");
    s.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n\nHello.\n");
    let toml = fs::read_to_string(s.root().join("site.toml")).unwrap().replacen("default_locale = \"en\"", "default_locale = \"en\"\nfallback = false", 1);
    s.write("site.toml", &toml);
    fs::remove_file(s.root().join("content/_index.ar.md")).unwrap();
    let run = fails_cleanly(&s);
    assert_contains(&run.stderr, "error[structure] content/_index.ar.md: content/_index.ar.md is missing or a draft, so the `ar` site has no home page");
}

#[test]
fn nested_shortcodes_render_inside_each_other() {
    let s = Site::fixture("rb_shortcodes").build().ok();
    let page = s.read("nested/index.html");
    let note = page.find("<details class=\"content-note\">").expect("outer content note");
    let callout = page.find("callout--warning").expect("inner callout");
    let help = page[callout..].find("Test Helpline").expect("help box inside the callout") + callout;
    let end = page.find("</details>").unwrap();
    assert!(note < callout && help < end, "callout and help box inside the note:\n{page}");
    assert_contains(&page, "Inner <strong>bold</strong> text");
    assert!(!page.contains("haven-shortcode") && !page.contains("{%") && !page.contains("{{"), "no shortcode text left:\n{page}");
}

fn shortcode_error(body: &str) -> (Option<usize>, String) {
    let s = Site::fixture("rb_shortcodes");
    s.write("content/bad.md", &format!("+++\ntitle = \"Bad\"\n+++\n\n{body}"));
    let s = s.build();
    let d = s.findings("shortcode");
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].file.as_ref().unwrap().ends_with("content/bad.md"));
    assert!(!s.report().written);
    (d[0].line, d[0].message.clone())
}

#[test]
fn an_unterminated_inline_shortcode_is_an_error_with_its_line() {
    let (line, msg) = shortcode_error("Call us.\n\n{{ helplines(\n\nMore text.\n");
    assert_eq!(line, Some(7));
    assert_contains(&msg, "shortcode `helplines` is never closed with `}}`");
}

#[test]
fn an_unclosed_block_shortcode_is_an_error_with_its_line() {
    let (line, msg) = shortcode_error("Text.\n\n{% callout() %}\nnever closed\n");
    assert_eq!(line, Some(7));
    assert_contains(&msg, "shortcode `callout` is never closed with {% end %}");
}

#[test]
fn a_block_shortcode_inside_a_sentence_is_an_error_not_text() {
    let (line, msg) = shortcode_error("Text.\n\nSome {% callout(kind=\"info\") %} inline.\n");
    assert_eq!(line, Some(7));
    assert_contains(&msg, "block shortcode `callout` must stand alone on its line");
}

#[test]
fn an_unclosed_nested_shortcode_names_the_line_in_the_file() {
    let (line, _) = shortcode_error("{% callout() %}\nfirst\n\nsee {{ helplines(\n{% end %}\n");
    assert_eq!(line, Some(8));
}

#[test]
fn shortcodes_nested_too_deep_are_an_error() {
    let body = "{% callout() %}\n".repeat(10) + &"{% end %}\n".repeat(10);
    let (line, msg) = shortcode_error(&body);
    assert_eq!(line, Some(13), "the ninth level, file line 5 + 8");
    assert_contains(&msg, "nested more than 8 deep");
}

/// 20,000 calls in a 1 MB page: expansion is linear. Measured in a debug build on a loaded
/// 2-core machine: 1.5 s of CPU now, 21 s before (a `replacen` over the whole page per call).
/// The bound is on wall time of the built binary, generous for a busy machine.
#[test]
fn twenty_thousand_shortcodes_in_a_megabyte_render_quickly() {
    let s = Site::fixture("rb_shortcodes");
    let body = "Words of text in a paragraph. {{ mark(text=\"hi\") }}\n\n".repeat(21_000);
    let calls = body.matches("{{ mark(").count();
    assert!(calls >= 20_000 && body.len() >= 1_000_000, "{calls} calls in {} bytes", body.len());
    s.write("content/big.md", &format!("+++\ntitle = \"Big\"\ndescription = \"Big.\"\n+++\n\n{body}"));
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_haven")).arg("build").arg("--root").arg(s.root()).arg("--output").arg(s.out()).output().unwrap();
    let took = start.elapsed();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let page = s.read("big/index.html");
    assert_eq!(page.matches("<mark>hi</mark>").count(), calls, "each call in place");
    assert!(!page.contains("haven-shortcode"));
    eprintln!("{calls} shortcodes in {} bytes: {took:?}", body.len());
    assert!(took < Duration::from_secs(20), "took {took:?}");
}
