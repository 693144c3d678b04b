//! Footnotes as notes: references numbered in reading order, the definitions gathered at the end
//! under a heading, each with a link back to where it was referenced.

use crate::html::escape;
use crate::slug::slugify;
use pulldown_cmark::{Event, Tag, TagEnd};

/// The heading of the notes and the back link's accessible name, in the content's language
/// (English where the language is not listed).
fn words(locale: &str) -> (&'static str, &'static str) {
    match locale.split('-').next().unwrap_or("") {
        "es" => ("Notas", "Volver al texto"),
        "fr" => ("Notes", "Retour au texte"),
        "uk" => ("Примітки", "Назад до тексту"),
        "ar" => ("ملاحظات", "العودة إلى النص"),
        _ => ("Notes", "Back to the text"),
    }
}

/// The element id of a note and of its first reference.
fn ids(label: &str) -> (String, String) {
    let s = slugify(label);
    (format!("fn-{s}"), format!("fnref-{s}"))
}

/// Rewrites footnote events; returns the events and the element ids it added.
pub fn arrange<'a>(events: Vec<Event<'a>>, locale: &str) -> (Vec<Event<'a>>, Vec<String>) {
    if !events.iter().any(|e| matches!(e, Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_)))) {
        return (events, vec![]);
    }
    let mut order: Vec<String> = Vec::new();
    let mut defs: Vec<(String, Vec<Event<'a>>)> = Vec::new();
    let mut out = Vec::with_capacity(events.len());
    let mut open: Option<(String, Vec<Event<'a>>)> = None;
    for e in events {
        match e {
            Event::Start(Tag::FootnoteDefinition(label)) => open = Some((label.to_string(), vec![])),
            Event::End(TagEnd::FootnoteDefinition) => defs.extend(open.take()),
            Event::FootnoteReference(label) => {
                let first = !order.iter().any(|l| l == label.as_ref());
                if first {
                    order.push(label.to_string());
                }
                let n = order.iter().position(|l| l == label.as_ref()).map_or(0, |i| i + 1);
                let (note, back) = ids(&label);
                let id = if first { format!(" id=\"{}\"", escape(&back)) } else { String::new() };
                let html = format!("<sup class=\"footnote-ref\"><a href=\"#{}\"{id}>{n}</a></sup>", escape(&note));
                push(&mut open, &mut out, Event::InlineHtml(html.into()));
            }
            other => push(&mut open, &mut out, other),
        }
    }
    // Referenced notes in reading order, then any never referenced.
    defs.sort_by_key(|(l, _)| order.iter().position(|o| o == l).unwrap_or(usize::MAX));
    let (title, back_name) = words(locale);
    let mut added = vec!["notes-title".to_string()];
    out.push(Event::Html(format!("<section class=\"footnotes\" aria-labelledby=\"notes-title\">\n<h2 id=\"notes-title\" class=\"footnotes__title\">{title}</h2>\n<ol class=\"footnotes__list\">\n").into()));
    for (label, mut body) in defs {
        let (note, back) = ids(&label);
        out.push(Event::Html(format!("<li id=\"{}\">", escape(&note)).into()));
        let link = if order.contains(&label) {
            format!(" <a class=\"footnote-back\" href=\"#{}\" aria-label=\"{back_name}\">↩</a>", escape(&back))
        } else {
            String::new()
        };
        let at = if matches!(body.last(), Some(Event::End(TagEnd::Paragraph))) { body.len() - 1 } else { body.len() };
        body.insert(at, Event::InlineHtml(link.into()));
        out.extend(body);
        out.push(Event::Html("</li>\n".into()));
        added.push(note);
    }
    out.push(Event::Html("</ol>\n</section>\n".into()));
    added.extend(order.iter().map(|l| ids(l).1));
    (out, added)
}

/// Appends to the open definition, else to the page.
fn push<'a>(open: &mut Option<(String, Vec<Event<'a>>)>, out: &mut Vec<Event<'a>>, e: Event<'a>) {
    match open {
        Some((_, body)) => body.push(e),
        None => out.push(e),
    }
}
