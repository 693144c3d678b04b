//! Keeps template recursion from overflowing the stack: include/extends/import cycles are found
//! statically when the templates load, and macros (which may recurse on purpose, like the site
//! map's `tree`) stop with an error when the stack runs low.

use crate::diagnostics::{Diagnostic, Rule};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::PathBuf;
use tera::ast::{Expr, ExprVal, FunctionCall, Node, WS};
use tera::{Template, Tera, Value};

/// How one template names another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    Include,
    Extends,
    Import,
}

impl fmt::Display for RefKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RefKind::Include => "includes",
            RefKind::Extends => "extends",
            RefKind::Import => "imports",
        })
    }
}

/// One reference from a template to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    pub from: String,
    pub kind: RefKind,
    pub to: String,
}

/// A cycle of references, starting where the search (in name order) first entered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle(pub Vec<Ref>);

impl Cycle {
    /// An error naming the first template of the cycle, at the line of its reference.
    pub fn diagnostic(&self, texts: &BTreeMap<&str, &str>, file_of: impl Fn(&str) -> PathBuf) -> Diagnostic {
        let first = &self.0[0];
        let chain: Vec<String> = self.0.iter().map(|r| format!("`{}` {} `{}`", r.from, r.kind, r.to)).collect();
        let message = if self.0.len() == 1 {
            format!("template `{}` {} itself: rendering it would never end", first.from, first.kind)
        } else {
            format!("templates name each other in a cycle ({}): rendering them would never end", chain.join(", "))
        };
        let d = Diagnostic::error(Rule::Template, message).in_file(file_of(&first.from));
        match texts.get(first.from.as_str()).and_then(|t| line_of_ref(t, &first.to)) {
            Some(line) => d.at(line, None),
            None => d,
        }
    }
}

/// The 1-based line of the first tag naming `target` in quotes.
fn line_of_ref(text: &str, target: &str) -> Option<usize> {
    let quoted = [format!("\"{target}\""), format!("'{target}'"), format!("`{target}`")];
    text.lines().position(|l| l.contains("{%") && quoted.iter().any(|q| l.contains(q.as_str()))).map(|i| i + 1)
}

/// Every include, extends and import in a template, macro and block bodies included.
pub fn references(t: &Template) -> Vec<Ref> {
    let mut out = Vec::new();
    walk(&t.ast, &mut |kind, to| out.push(Ref { from: t.name.clone(), kind, to: to.to_string() }));
    out
}

fn walk(nodes: &[Node], found: &mut dyn FnMut(RefKind, &str)) {
    for node in nodes {
        match node {
            Node::Include(_, names, _) => names.iter().for_each(|n| found(RefKind::Include, n)),
            Node::Extends(_, n) => found(RefKind::Extends, n),
            Node::ImportMacro(_, n, _) => found(RefKind::Import, n),
            Node::MacroDefinition(_, m, _) => walk(&m.body, found),
            Node::Block(_, b, _) => walk(&b.body, found),
            Node::FilterSection(_, f, _) => walk(&f.body, found),
            Node::Forloop(_, f, _) => {
                walk(&f.body, found);
                walk(f.empty_body.as_deref().unwrap_or(&[]), found);
            }
            Node::If(i, _) => {
                i.conditions.iter().for_each(|(_, _, body)| walk(body, found));
                walk(i.otherwise.as_ref().map(|(_, b)| b.as_slice()).unwrap_or(&[]), found);
            }
            _ => {}
        }
    }
}

/// Each cycle of references between the templates, once (a depth-first search over names).
pub fn cycles(templates: &BTreeMap<String, Template>) -> Vec<Cycle> {
    let edges: BTreeMap<&str, Vec<Ref>> = templates.iter().map(|(n, t)| (n.as_str(), references(t))).collect();
    let mut state: HashMap<&str, Visit> = HashMap::new();
    let mut found = Vec::new();
    for name in edges.keys() {
        let mut path = Vec::new();
        visit(name, &edges, &mut state, &mut path, &mut found);
    }
    found
}

#[derive(Clone, Copy, PartialEq)]
enum Visit {
    Open,
    Done,
}

fn visit<'a>(name: &'a str, edges: &'a BTreeMap<&str, Vec<Ref>>, state: &mut HashMap<&'a str, Visit>, path: &mut Vec<&'a Ref>, found: &mut Vec<Cycle>) {
    if state.contains_key(name) {
        return;
    }
    state.insert(name, Visit::Open);
    for r in edges.get(name).map(Vec::as_slice).unwrap_or(&[]) {
        match state.get(r.to.as_str()) {
            Some(Visit::Open) => {
                let start = path.iter().position(|p| p.from == r.to).unwrap_or(path.len());
                found.push(Cycle(path[start..].iter().map(|r| (*r).clone()).chain(std::iter::once(r.clone())).collect()));
            }
            Some(Visit::Done) => {}
            None if edges.contains_key(r.to.as_str()) => {
                path.push(r);
                visit(&r.to, edges, state, path, found);
                path.pop();
            }
            None => {}
        }
    }
    state.insert(name, Visit::Done);
}

/// The function every macro body calls first (see [`guard_macros`]).
const GUARD_FN: &str = "__haven_stack_guard";

/// Stack left below which a macro call fails instead of recursing further. A macro level costs a
/// few kilobytes (tens in a debug build); a render thread has 2 MiB or more.
const STACK_RESERVE: usize = 512 * 1024;

/// Makes every macro call check the stack first, so a macro that never stops calling itself is
/// an error naming the template and macro instead of a stack overflow that kills the process.
pub fn guard_macros(tera: &mut Tera) {
    tera.register_function(GUARD_FN, stack_guard);
    for t in tera.templates.values_mut() {
        for (name, m) in t.macros.iter_mut() {
            let label = Expr::new(ExprVal::String(format!("`{name}` in {}", t.name)));
            let call = Expr::new(ExprVal::FunctionCall(FunctionCall { name: GUARD_FN.into(), args: HashMap::from([("macro".to_string(), label)]) }));
            m.body.insert(0, Node::VariableBlock(WS::default(), call));
        }
    }
}

fn stack_guard(args: &HashMap<String, Value>) -> tera::Result<Value> {
    match stacker::remaining_stack() {
        Some(left) if left < STACK_RESERVE => {
            let which = args.get("macro").and_then(Value::as_str).unwrap_or("a macro");
            Err(tera::Error::msg(format!("macro {which} calls itself too deeply: does its recursion ever stop?")))
        }
        _ => Ok(Value::String(String::new())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(list: &[(&str, &str)]) -> BTreeMap<String, Template> {
        list.iter().map(|(n, s)| (n.to_string(), Template::new(n, None, s).unwrap())).collect()
    }

    #[test]
    fn finds_self_include_and_longer_cycles_once() {
        let c = cycles(&parse(&[
            ("a.html", "{% include \"a.html\" %}"),
            ("b.html", "{% if x %}{% include \"c.html\" %}{% endif %}"),
            ("c.html", "{% extends \"b.html\" %}"),
            ("ok.html", "{% include \"a.html\" %}"),
        ]));
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(c[0].0.len(), 1);
        assert_eq!(c[1].0.iter().map(|r| r.kind).collect::<Vec<_>>(), [RefKind::Include, RefKind::Extends]);
    }

    #[test]
    fn acyclic_templates_and_missing_targets_pass() {
        assert!(cycles(&parse(&[
            ("base.html", "{% include \"p.html\" %}{% include \"gone.html\" ignore missing %}"),
            ("p.html", "x"),
            ("page.html", "{% extends \"base.html\" %}{% import \"m.html\" as m %}"),
            ("m.html", "{% macro f() %}{{ self::f() }}{% endmacro %}")
        ]))
        .is_empty());
    }
}
