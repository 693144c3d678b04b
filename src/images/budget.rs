//! The page-weight budget: what a visitor on a cheap phone downloads for one page (its HTML, the
//! style sheets and scripts it loads, and for each image the smallest candidate the browser may
//! pick) against a budget, 500 KB unless `[build] page_budget_kb` in `site.toml` says otherwise:
//! about ten seconds on a slow 3G connection, and little of a prepaid data plan.

use crate::diagnostics::Diagnostic;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// (what, bytes) of everything the page at `page_url` loads by itself, the page first:
/// `page_bytes` of HTML and each of `loads` (the page's one reading, `scan::PageScan::loads`).
/// `size` gives the bytes of a published file by its path (`/css/a.css`); `smallest` the smallest
/// candidate of an image that has candidates.
pub fn weigh(page_url: &str, page_bytes: usize, loads: &[String], size: &dyn Fn(&str) -> Option<u64>, smallest: &HashMap<String, u64>) -> Vec<(String, u64)> {
    let mut items = vec![(page_url.to_string(), page_bytes as u64)];
    let mut seen = HashSet::new();
    for u in loads {
        let path = super::srcset::resolve(u.split('#').next().unwrap_or(""), page_url);
        if seen.contains(&path) {
            continue;
        }
        if let Some(bytes) = smallest.get(&path).copied().or_else(|| size(&path)) {
            items.push((path.clone(), bytes));
        }
        seen.insert(path);
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
