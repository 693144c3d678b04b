//! A page's body: its Markdown with shortcodes (nested block shortcodes, snippets) to HTML.

use crate::content::{Body, Source};
use crate::diagnostics::{Diagnostic, Rule};
use crate::lint::LintContext;
use crate::markdown::{self, TocEntry};
use crate::shortcodes;
use crate::site::Loaded;
use crate::templates::error_chain;
use crate::urls::PageResolver;
use std::borrow::Cow;

/// How deep block shortcodes may nest (`{% callout() %}` inside `{% content_note() %}` ...).
const MAX_NESTING: usize = 8;

/// What rendering one source body needs besides the text.
struct BodyCx<'a> {
    site: &'a Loaded,
    resolver: PageResolver<'a>,
    lint: LintContext<'a>,
    locale: &'a str,
    src: &'a Source,
    shortcode_ctx: ShortcodeCtx,
}

/// The context shortcode templates share within one body, made on the first call.
type ShortcodeCtx = std::cell::RefCell<Option<tera::Context>>;

/// The Markdown body of a source, from memory or read again from its file.
pub fn source_body<'s>(site: &Loaded, src: &'s Source) -> Result<Cow<'s, str>, Diagnostic> {
    match &src.body {
        Body::Loaded(text) => Ok(Cow::Borrowed(text)),
        Body::OnDisk => crate::content::read_body(&site.config, src).map(Cow::Owned),
    }
}

/// The body of `src` (of the group with content key `key`) as shown in `locale`: Markdown with shortcodes.
pub fn render(site: &Loaded, src: &Source, key: &str, locale: &str, diags: &mut Vec<Diagnostic>) -> markdown::Rendered {
    let body = match source_body(site, src) {
        Ok(b) => b,
        Err(d) => {
            diags.push(d);
            return markdown::Rendered::default();
        }
    };
    let cx = BodyCx {
        site,
        resolver: PageResolver { urls: &site.urls, key, locale },
        lint: LintContext { file: &src.file, locale: &src.locale, vague: &site.vague_words },
        locale,
        src,
        shortcode_ctx: Default::default(),
    };
    expand(&body, src.body_line, 0, &cx, diags)
}

/// Renders `text` (starting at line `first_line` of the source) with its shortcodes, and the
/// bodies of block shortcodes the same way, so shortcodes nest up to [`MAX_NESTING`] deep.
fn expand(text: &str, first_line: usize, depth: usize, cx: &BodyCx, diags: &mut Vec<Diagnostic>) -> markdown::Rendered {
    // Most bodies call no shortcode: skip the line-by-line pass (it would return them as they are).
    let extracted = if may_call_shortcodes(text) {
        shortcodes::extract(text).unwrap_or_else(|e| {
            diags.push(Diagnostic::error(Rule::Shortcode, e.message).in_file(&cx.src.file).at(first_line + e.line - 1, None));
            shortcodes::Extracted { text: text.to_string(), calls: vec![] }
        })
    } else {
        shortcodes::Extracted { text: String::new(), calls: vec![] }
    };
    let md = crate::urls::wrap_spaced_targets(if extracted.calls.is_empty() && extracted.text.is_empty() { text } else { extracted.text.as_str() });
    let mut r = markdown::render(&md, first_line, &cx.resolver, &cx.lint);
    diags.append(&mut r.diagnostics);
    diags.extend(crate::urls::unresolved_diagnostics(&r.html, &md, first_line, &cx.src.file));
    let mut outputs = Vec::with_capacity(extracted.calls.len());
    for call in &extracted.calls {
        let line = first_line + call.line - 1;
        let body_html = match &call.body {
            Some(_) if depth >= MAX_NESTING => {
                diags.push(
                    Diagnostic::error(Rule::Shortcode, format!("shortcode `{}` is nested more than {MAX_NESTING} deep", call.name))
                        .in_file(&cx.src.file)
                        .at(line, None),
                );
                Some(String::new())
            }
            Some(b) => {
                let mut inner = expand(b, line + 1, depth + 1, cx, diags);
                r.links.append(&mut inner.links);
                r.words += inner.words;
                Some(inner.html)
            }
            None => None,
        };
        let html = shortcode(call, body_html.as_deref().unwrap_or(""), cx, diags, line).unwrap_or_else(|m| {
            diags.push(Diagnostic::error(Rule::Shortcode, m).in_file(&cx.src.file).at(line, None));
            String::new()
        });
        outputs.push(html);
    }
    if !outputs.is_empty() {
        r.html = shortcodes::substitute(&r.html, &outputs);
    }
    r
}

/// Whether `text` has a `{{` or `{%`, in one pass over its bytes.
fn may_call_shortcodes(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'{', bytes).any(|i| matches!(bytes.get(i + 1), Some(b'{' | b'%')))
}

fn shortcode(call: &shortcodes::Call, body: &str, cx: &BodyCx, diags: &mut Vec<Diagnostic>, line: usize) -> Result<String, String> {
    let (site, locale) = (cx.site, cx.locale);
    if call.name == "snippet" {
        return snippet(site, call, locale, diags, cx.src, line);
    }
    let name = format!("shortcodes/{}.html", call.name);
    let engine = &site.engines[locale];
    if !engine.templates.contains_key(&name) {
        return Err(format!("unknown shortcode `{}`: there is no templates/{name}", call.name));
    }
    // `site` and `lang` are serialised once per body, not once per call (a page may have thousands).
    let mut shared = cx.shortcode_ctx.borrow_mut();
    let ctx = shared.get_or_insert_with(|| {
        let mut c = tera::Context::new();
        c.insert("site", &site.sites[locale]);
        c.insert("lang", super::context::lang(site, locale));
        c
    });
    let own: Vec<&str> = call.args.keys().map(String::as_str).filter(|k| !matches!(*k, "body" | "site" | "lang")).collect();
    for k in &own {
        ctx.insert(*k, &call.args[*k]);
    }
    ctx.insert("body", body);
    let html = engine.render(&name, ctx).map_err(|e| format!("shortcode `{}`: {}", call.name, error_chain(&e)));
    for k in own.iter().copied().chain(["body"]) {
        ctx.remove(k);
    }
    html
}

/// `{{ snippet(name="x") }}`: `content/_snippets/x.<locale>.md`, else the default locale's.
fn snippet(site: &Loaded, call: &shortcodes::Call, locale: &str, diags: &mut Vec<Diagnostic>, src: &Source, line: usize) -> Result<String, String> {
    let name = call.args.get("name").and_then(|v| v.as_str()).ok_or("snippet() needs name=\"...\"")?;
    let key = format!("_snippets/{name}.md");
    let pick = |l: &str| site.snippets.iter().find(|s| s.key == key && s.locale == l);
    let snip = pick(locale).or_else(|| pick(&site.config.default_locale)).ok_or_else(|| format!("no snippet content/{key}"))?;
    let resolver = PageResolver { urls: &site.urls, key: &snip.key, locale };
    let lint = LintContext { file: &snip.file, locale: &snip.locale, vague: &site.vague_words };
    let mut r = markdown::render(snip.body.loaded().unwrap_or_default(), snip.body_line, &resolver, &lint);
    for d in r.diagnostics.drain(..) {
        diags.push(Diagnostic { message: format!("{} (in a snippet used by {}:{line})", d.message, src.file.display()), ..d });
    }
    Ok(r.html)
}

/// Every heading title of a table of contents, depth first.
pub fn flatten_toc(toc: &[TocEntry]) -> Vec<String> {
    toc.iter().flat_map(|e| std::iter::once(e.title.clone()).chain(flatten_toc(&e.children))).collect()
}

/// The description, else the first 160 characters of the text, as plain text: the template
/// escapes it once (`&amp;` in the body HTML is `&` here, not `&amp;amp;` on the page).
pub fn summary(description: &str, html: &str) -> String {
    if !description.is_empty() {
        return description.to_string();
    }
    // The words of the first few kilobytes nearly always fill the summary; the whole text is
    // read only when they do not.
    let (text, whole) = plain_text(html, SUMMARY_READ);
    match first_words(&text) {
        Some(s) => s,
        None if whole => text_summary(&text),
        None => text_summary(&plain_text(html, usize::MAX).0),
    }
}

/// How many bytes of plain text [`summary`] reads first.
const SUMMARY_READ: usize = 4096;

/// The text of `html` without its tags (each `>` a space), entities decoded: read up to the
/// first whitespace after `limit` bytes, and whether that was the whole text. An entity holds
/// no whitespace, so stopping at one never cuts an entity.
fn plain_text(html: &str, limit: usize) -> (String, bool) {
    let mut text = String::with_capacity(html.len().min(limit.saturating_add(64)));
    let mut rest = html;
    let whole = loop {
        // Outside a tag: the text up to the next `<` or `>`.
        let at = rest.find(['<', '>']).unwrap_or(rest.len());
        if push_upto(&mut text, &rest[..at], limit) {
            break false;
        }
        rest = &rest[at..];
        if rest.starts_with('<') {
            // A tag: everything up to its `>`.
            let Some(end) = rest.find('>') else { break true };
            rest = &rest[end..];
        }
        // A `>` ends the tag (or stands alone) and counts as a space.
        let Some(after) = rest.strip_prefix('>') else { break true };
        text.push(' ');
        rest = after;
        if text.len() >= limit {
            break false;
        }
    };
    (html_escape::decode_html_entities(&text).into_owned(), whole)
}

/// Appends `segment` to `text`, stopping after the first white space that ends at or past
/// `limit` bytes; true when it stopped there.
fn push_upto(text: &mut String, segment: &str, limit: usize) -> bool {
    if text.len().saturating_add(segment.len()) < limit {
        text.push_str(segment);
        return false;
    }
    for (i, c) in segment.char_indices() {
        if c.is_whitespace() && text.len() + i + c.len_utf8() >= limit {
            text.push_str(&segment[..i + c.len_utf8()]);
            return true;
        }
    }
    text.push_str(segment);
    false
}

/// The words of `text` that fit in 160 characters, then `…` when more follow; `None` when all
/// of them fit (the caller then knows whether `text` was all there is).
fn first_words(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = 0;
    for w in text.split_whitespace() {
        let n = w.chars().count();
        if chars + n > 160 {
            out.push('…');
            return Some(out);
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(w);
        chars += n;
    }
    None
}

/// The summary of the whole plain `text`.
fn text_summary(text: &str) -> String {
    first_words(text).unwrap_or_else(|| text.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_is_plain_text_escaped_by_the_template_only() {
        assert_eq!(summary("", "<p>Salt &amp; pepper &lt;3</p>"), "Salt & pepper <3");
        assert_eq!(summary("Own & words", "<p>x</p>"), "Own & words");
    }

    /// The summary as it was made before it read only the start of long texts.
    fn summary_of_whole(html: &str) -> String {
        let (text, _) = plain_text(html, usize::MAX);
        let mut out = String::new();
        for w in text.split_whitespace() {
            if out.chars().count() + w.chars().count() > 160 {
                out.push('…');
                break;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
        out
    }

    /// The plain text as it was read char by char before it was read a segment at a time.
    fn plain_text_by_chars(html: &str, limit: usize) -> (String, bool) {
        let mut text = String::new();
        let mut in_tag = false;
        let mut whole = true;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    text.push(' ');
                }
                c if !in_tag => text.push(c),
                _ => {}
            }
            if text.len() >= limit && text.ends_with(char::is_whitespace) {
                whole = false;
                break;
            }
        }
        (html_escape::decode_html_entities(&text).into_owned(), whole)
    }

    #[test]
    fn shortcode_openings_are_found() {
        for (text, calls) in [("", false), ("{", false), ("a { b } {x", false), ("{{", true), ("x {%", true), ("{ {%", true), ("}{{", true), ("{}{", false)] {
            assert_eq!(may_call_shortcodes(text), calls, "{text:?}");
            assert_eq!(calls, text.contains("{{") || text.contains("{%"), "{text:?}");
        }
    }

    #[test]
    fn plain_text_stops_where_the_char_by_char_reading_stopped() {
        let htmls = [
            "",
            "plain",
            "<p>a b</p>",
            "a > b <em>c</em> d",
            "<p>unclosed <a href=x",
            "<<p>>x</p>",
            "<p>ґґ ґ\u{a0}ґ   x</p>\n<p>yy zz</p>",
            "<ul><li>one</li><li>two three</li></ul>",
            "<p>Salt &amp; pepper &lt;3</p> <p>more words here</p>",
        ];
        for html in htmls {
            for limit in [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 20, 40, usize::MAX] {
                assert_eq!(plain_text(html, limit), plain_text_by_chars(html, limit), "{html:?} limit {limit}");
            }
        }
    }

    #[test]
    fn long_and_short_texts_summarise_as_the_whole_text_does() {
        let long_word = "x".repeat(5000);
        let cases = [
            String::new(),
            "<p>short</p>".to_string(),
            format!("<p>{}</p>", "word ".repeat(2000)),
            format!("<p>{}</p>", "&amp; ".repeat(3000)),
            format!("<p>{long_word}</p><p>after</p>"),
            format!("<p>{}</p>", "ґ".repeat(159)),
            format!("<p>{} b</p>", "a".repeat(158)),
            format!("<p>{} bc</p>", "a".repeat(158)),
            format!("<p>{}{}</p>", " ".repeat(5000), "tail words"),
        ];
        for html in cases {
            assert_eq!(summary("", &html), summary_of_whole(&html), "{}", &html[..html.len().min(40)]);
        }
    }
}
