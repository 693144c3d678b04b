//! The page-weight budget: what a visitor on a cheap phone downloads for one page (its HTML, the
//! style sheets and scripts it loads, and for each image the smallest candidate the browser may
//! pick) against a budget, 500 KB unless `[build] page_budget_kb` in `site.toml` says otherwise:
//! about ten seconds on a slow 3G connection, and little of a prepaid data plan.

use crate::diagnostics::Diagnostic;
use crate::htmltok;
use std::collections::HashMap;
use std::path::Path;

/// (what, bytes) of everything the page at `page_url` loads by itself, the page first.
/// `size` gives the bytes of a published file by its path (`/css/a.css`); `smallest` the smallest
/// candidate of an image that has candidates.
pub fn weigh(html: &str, page_url: &str, size: &dyn Fn(&str) -> Option<u64>, smallest: &HashMap<String, u64>) -> Vec<(String, u64)> {
    let mut urls: Vec<String> = Vec::new();
    let mut css = String::new();
    htmltok::tokenize(
        html,
        |t| {
            let get = |n: &str| t.get(n).map(|v| html_escape::decode_html_entities(v).into_owned());
            let wanted = match t.name.as_str() {
                "img" => get("src"),
                "video" => get("poster"),
                "script" => get("src"),
                "link" if get("rel").is_some_and(|r| r.to_ascii_lowercase().split_whitespace().any(|r| r == "stylesheet")) => get("href"),
                _ => None,
            };
            urls.extend(wanted);
            if let Some(style) = get("style") {
                urls.extend(crate::scan::css_urls(&style));
            }
        },
        |s| css.push_str(s),
    );
    urls.extend(crate::scan::css_urls(&css));
    let mut items = vec![(page_url.to_string(), html.len() as u64)];
    let mut seen = std::collections::HashSet::new();
    for u in urls {
        let path = super::srcset::resolve(u.split('#').next().unwrap_or(""), page_url);
        if !seen.insert(path.clone()) {
            continue;
        }
        if let Some(bytes) = smallest.get(&path).copied().or_else(|| size(&path)) {
            items.push((path, bytes));
        }
    }
    items
}

/// A warning when `items` weigh more than `budget` bytes, naming the page and its largest items.
pub fn check(items: &[(String, u64)], budget: u64, file: &Path) -> Option<Diagnostic> {
    let total: u64 = items.iter().map(|(_, b)| b).sum();
    if total <= budget {
        return None;
    }
    let mut largest: Vec<&(String, u64)> = items.iter().collect();
    largest.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let list: Vec<String> = largest.iter().take(3).map(|(u, b)| format!("{u} ({} KB)", b.div_ceil(1024))).collect();
    let page = items.first().map_or("", |(u, _)| u.as_str());
    let message = format!(
        "page {page} weighs {} KB with its CSS, JS and smallest images, over the budget of {} KB (`[build] page_budget_kb` in site.toml); largest: {}",
        total.div_ceil(1024),
        budget / 1024,
        list.join(", ")
    );
    Some(Diagnostic::warning(crate::diagnostics::Rule::PageWeight, message).in_file(file))
}
