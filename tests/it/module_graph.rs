//! The module graph of `src/` has no cycles: every `crate::<module>` path from one top-level
//! module to another (outside `#[cfg(test)]` parts) follows the layers of ARCHITECTURE.md.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// module -> module it names -> where (`file:line`).
type Graph = BTreeMap<String, BTreeMap<String, Vec<String>>>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn ident_at(s: &str) -> &str {
    let end = s.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(s.len());
    &s[..end]
}

/// The first segment of each item of `{a::b, c, d::{e, f}}` (the text after `{`).
fn group_heads(s: &str) -> Vec<&str> {
    let (mut depth, mut start, mut heads) = (0usize, 0usize, Vec::new());
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                heads.push(ident_at(s[start..i].trim_start()));
                return heads;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                heads.push(ident_at(s[start..i].trim_start()));
                start = i + 1;
            }
            _ => {}
        }
    }
    heads
}

/// The top-level modules each `crate::` path in `text` names.
fn named_modules(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let line = text[..at].matches('\n').count() + 1;
        let rest = &text[at + "crate::".len()..];
        let names = match rest.strip_prefix('{') {
            Some(group) => group_heads(group),
            None => vec![ident_at(rest)],
        };
        out.extend(names.into_iter().filter(|n| !n.is_empty() && *n != "self").map(|n| (line, n.to_string())));
    }
    out
}

fn module_graph(root: &Path) -> Graph {
    let src = root.join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph = Graph::new();
    for file in files {
        let rel = file.strip_prefix(&src).expect("below src/").to_string_lossy().replace('\\', "/");
        let top = rel.split('/').next().unwrap_or_default().trim_end_matches(".rs").to_string();
        if top == "main" || top == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("a source file is UTF-8");
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let deps = graph.entry(top.clone()).or_default();
        for (line, module) in named_modules(code) {
            if module != top {
                deps.entry(module).or_default().push(format!("src/{rel}:{line}"));
            }
        }
    }
    graph
}

fn reaches(graph: &Graph, from: &str, to: &str) -> bool {
    let (mut seen, mut todo) = (BTreeSet::new(), vec![from]);
    while let Some(m) = todo.pop() {
        if m == to {
            return true;
        }
        if seen.insert(m) {
            todo.extend(graph.get(m).into_iter().flat_map(|d| d.keys().map(String::as_str)));
        }
    }
    false
}

/// Every edge that lies on a cycle, with where it is written.
fn cycle_edges(graph: &Graph) -> Vec<String> {
    let mut out = Vec::new();
    for (from, deps) in graph {
        for (to, places) in deps {
            if reaches(graph, to, from) {
                out.push(format!("{from} -> {to} ({})", places.join(", ")));
            }
        }
    }
    out
}

#[test]
fn top_level_modules_form_no_cycle() {
    let graph = module_graph(Path::new(env!("CARGO_MANIFEST_DIR")));
    let cycles = cycle_edges(&graph);
    assert!(cycles.is_empty(), "edges on a cycle of src/ modules (see \"Layers\" in ARCHITECTURE.md):\n{}", cycles.join("\n"));
}

#[test]
fn the_graph_sees_the_real_dependencies() {
    let graph = module_graph(Path::new(env!("CARGO_MANIFEST_DIR")));
    let has = |a: &str, b: &str| graph.get(a).is_some_and(|d| d.contains_key(b));
    // `use crate::x::..`, `crate::x::y(..)` in code, and `use crate::{a, b}` groups.
    assert!(has("pipeline", "render") && has("render", "site") && has("site", "library") && has("library", "content"));
    assert!(has("checks", "urlpath") && has("markdown", "html") && has("roles", "frontmatter"));
    // A module's own paths and its `#[cfg(test)]` part are not edges.
    assert!(!has("config", "config"));
    assert!(graph.values().map(BTreeMap::len).sum::<usize>() > 100, "{graph:?}");
}

#[test]
fn a_cycle_is_reported_with_its_edges() {
    let text = "use crate::{b::X, c::{Y, Z}};\nfn f() { crate::d::g(); $crate::e::h(); }";
    let named: Vec<String> = named_modules(text).into_iter().map(|(l, m)| format!("{l}:{m}")).collect();
    assert_eq!(named, ["1:b", "1:c", "2:d"]);
    let mut graph = Graph::new();
    graph.entry("a".into()).or_default().insert("b".into(), vec!["src/a.rs:1".into()]);
    graph.entry("b".into()).or_default().insert("a".into(), vec!["src/b.rs:2".into()]);
    graph.entry("b".into()).or_default().insert("c".into(), vec!["src/b.rs:3".into()]);
    assert_eq!(cycle_edges(&graph), ["a -> b (src/a.rs:1)", "b -> a (src/b.rs:2)"]);
}
