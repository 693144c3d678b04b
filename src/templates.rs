//! Tera templates: the theme's `templates/` overlaid by the site's, and one engine per locale
//! whose `t`, `url` and `format_date` functions know that locale.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Rule};
use crate::i18n::{fluent_args, Strings};
use crate::urls::Urls;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use tera::ast::{Expr, ExprVal, FunctionCall, Node};
use tera::{Template, Tera, Value};

/// Where each template came from (for messages), by template name.
pub type Origins = BTreeMap<String, PathBuf>;

/// Parses every template; a syntax error is a diagnostic naming the file.
pub fn load(config: &Config) -> (Option<(Tera, Origins)>, Vec<Diagnostic>) {
    // The theme's templates (on disk or built in), then the site's own at the same names (they win).
    let is_template = |f: &crate::theme::LayerFile| f.rel.ends_with(".html") || f.rel.ends_with(".xml") || f.rel.ends_with(".txt");
    let layers = [crate::theme::theme_files(config, "templates", true), crate::theme::site_files(config, "templates", true)];
    let sources: BTreeMap<String, crate::theme::LayerFile> = layers.into_iter().flatten().filter(is_template).map(|f| (f.rel.clone(), f)).collect();
    let mut diags = Vec::new();
    if sources.is_empty() {
        let d = Diagnostic::error(Rule::Template, format!("no templates found: is the theme `{}` in themes/{}/templates?", config.theme, config.theme));
        return (None, vec![d.in_file("site.toml")]);
    }
    let mut files = Vec::new();
    for (name, file) in &sources {
        match file.text() {
            Ok(text) => files.push((name.clone(), text)),
            Err(e) => diags.push(Diagnostic::error(Rule::Template, format!("{e:#}")).in_file(&file.shown)),
        }
    }
    let sources: Origins = sources.into_iter().map(|(n, f)| (n, f.shown)).collect();
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Escape what HTML needs (& < > " '), not `/`: URLs stay readable and pages small.
    tera.set_escape_fn(crate::html::escape);
    // Parse one by one first, so that every broken template is reported with its file.
    let mut parsed = BTreeMap::new();
    for (name, text) in &files {
        match tera::Template::new(name, None, text) {
            Ok(t) => drop(parsed.insert(name.clone(), t)),
            Err(e) => diags.push(Diagnostic::error(Rule::Template, error_chain(&e)).in_file(&sources[name])),
        }
    }
    // Tera has no recursion limit: a cycle of includes would overflow the stack when rendered.
    let texts: BTreeMap<&str, &str> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    diags.extend(crate::template_graph::cycles(&parsed).into_iter().map(|c| c.diagnostic(&texts, |n| sources[n].clone())));
    if !diags.is_empty() {
        return (None, diags);
    }
    // The templates parsed above, not parsed again (`add_raw_templates` would): then what it does next.
    tera.templates.extend(parsed);
    if let Err(e) = tera.build_inheritance_chains().and_then(|()| tera.check_macro_files()) {
        diags.push(
            Diagnostic::error(Rule::Template, error_chain(&e)).in_file(config.theme_dir().join("templates").strip_prefix(&config.root).unwrap_or(&config.root)),
        );
        return (None, diags);
    }
    crate::template_graph::guard_macros(&mut tera);
    for required in ["base.html", "index.html", "section.html", "page.html", "404.html"] {
        if !sources.contains_key(required) {
            diags.push(Diagnostic::error(Rule::Template, format!("the theme has no `{required}`")).in_file(format!("themes/{}/templates", config.theme)));
        }
    }
    (Some((tera, sources)), diags)
}

/// Tera keeps the real cause in `source()`; this joins the whole chain.
pub fn error_chain(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut cur = std::error::Error::source(e);
    while let Some(c) = cur {
        msg.push_str(": ");
        msg.push_str(&c.to_string());
        cur = c.source();
    }
    msg
}

/// The interface strings one locale's `t()` has formatted, by call. A message with the same
/// arguments formats the same on every page, so each distinct call asks Fluent once (the first
/// call still records a missing or broken message, so the findings are the same).
#[derive(Default)]
struct MessageCache(RwLock<FxHashMap<String, String>>);

impl MessageCache {
    /// The cached text of the call `args` (to message `key`), else `format()`'s, kept.
    fn get(&self, args: &HashMap<String, Value>, key: &str, format: impl FnOnce() -> String) -> String {
        // Most calls pass only the key, their id: looked up without making it.
        let cached = |id: &str| self.0.read().unwrap_or_else(|e| e.into_inner()).get(id).cloned();
        if args.len() == 1 {
            if let Some(s) = cached(key) {
                return s;
            }
        }
        let id = call_id(args, key);
        if let Some(s) = cached(&id) {
            return s;
        }
        let s = format();
        self.0.write().unwrap_or_else(|e| e.into_inner()).insert(id, s.clone());
        s
    }
}

/// One `t()` call as text: the key, then the other arguments sorted by name, as JSON (so the
/// number 2 and the string "2", which Fluent treats differently, are different calls).
fn call_id(args: &HashMap<String, Value>, key: &str) -> String {
    if args.len() == 1 {
        return key.to_string();
    }
    let mut rest: Vec<(&String, &Value)> = args.iter().filter(|(k, _)| k.as_str() != "key").collect();
    rest.sort_by(|a, b| a.0.cmp(b.0));
    let mut id = key.to_string();
    for (k, v) in rest {
        id.push('\0');
        id.push_str(k);
        id.push('=');
        id.push_str(&v.to_string());
    }
    id
}

/// A copy of the engine with the locale-aware functions registered.
pub fn for_locale(base: &Tera, locale: &str, strings: Arc<Strings>, urls: Arc<Urls>) -> Tera {
    let mut tera = base.clone();
    let loc = locale.to_string();
    let cache = MessageCache::default();
    tera.register_function("t", move |args: &HashMap<String, Value>| {
        let key = args.get("key").and_then(Value::as_str).ok_or_else(|| tera::Error::msg("t() needs key=\"message-id\""))?;
        Ok(Value::String(cache.get(args, key, || {
            let fa = fluent_args(args);
            strings.get(&loc, key, if args.len() > 1 { Some(&fa) } else { None })
        })))
    });
    let loc = locale.to_string();
    tera.register_function("url", move |args: &HashMap<String, Value>| {
        let path = args.get("path").and_then(Value::as_str).ok_or_else(|| tera::Error::msg("url() needs path=\"@/page.md\""))?;
        let target = if path.starts_with("@/") { path.to_string() } else { format!("@/{path}") };
        match (urls.resolve(&target, "", &loc), args.get("default")) {
            (Ok(u), _) => Ok(Value::String(u)),
            // `default=""` lets a theme link to a page only when the site has it.
            (Err(_), Some(d)) => Ok(d.clone()),
            (Err(e), None) => Err(tera::Error::msg(e)),
        }
    });
    let loc = locale.to_string();
    tera.register_function("format_date", move |args: &HashMap<String, Value>| {
        let date = args.get("date").and_then(Value::as_str).unwrap_or("");
        Ok(Value::String(crate::dates::format_date(date, &loc)))
    });
    tera
}

/// The names a template can read from its context: the first segment of each variable it (or
/// anything it extends, includes or imports) names, or every name when it dumps the whole
/// context (`__tera_context`). A page's context then leaves out what its template never reads:
/// serialising the language switcher or the menu costs as much as printing them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Reads {
    /// Every name (a template not found, or one that dumps the context).
    #[default]
    All,
    Only(HashSet<String>),
}

impl Reads {
    pub fn reads(&self, name: &str) -> bool {
        match self {
            Reads::All => true,
            Reads::Only(names) => names.contains(name),
        }
    }
}

/// [`Reads`] of every template of an engine, by name.
#[derive(Debug, Clone, Default)]
pub struct ContextUse(HashMap<String, Reads>);

impl ContextUse {
    pub fn of(tera: &Tera) -> ContextUse {
        let own: HashMap<&str, (HashSet<String>, Vec<&str>)> = tera.templates.iter().map(|(n, t)| (n.as_str(), names_and_refs(t))).collect();
        ContextUse(own.keys().map(|&n| (n.to_string(), closure(n, &own))).collect())
    }

    /// What the template `name` reads; everything when it is not known.
    pub fn of_template(&self, name: &str) -> &Reads {
        self.0.get(name).unwrap_or(&Reads::All)
    }
}

/// Where a context variable's name is dumped whole by Tera.
const WHOLE_CONTEXT: &str = "__tera_context";

/// The names of `name` and of every template it reaches (each once).
fn closure(name: &str, own: &HashMap<&str, (HashSet<String>, Vec<&str>)>) -> Reads {
    let (mut names, mut seen, mut todo) = (HashSet::new(), HashSet::new(), vec![name]);
    while let Some(n) = todo.pop() {
        if !seen.insert(n) {
            continue;
        }
        let Some((vars, refs)) = own.get(n) else { return Reads::All };
        if vars.contains(WHOLE_CONTEXT) {
            return Reads::All;
        }
        names.extend(vars.iter().cloned());
        todo.extend(refs.iter().copied());
    }
    Reads::Only(names)
}

/// A template's own variable names, and the templates it extends, includes or imports.
fn names_and_refs(t: &Template) -> (HashSet<String>, Vec<&str>) {
    let mut names = HashSet::new();
    walk_nodes(&t.ast, &mut names);
    for m in t.macros.values() {
        m.args.values().flatten().for_each(|e| walk_expr(e, &mut names));
        walk_nodes(&m.body, &mut names);
    }
    t.blocks.values().for_each(|b| walk_nodes(&b.body, &mut names));
    let mut refs: Vec<&str> = t.parents.iter().chain(t.parent.iter()).map(String::as_str).collect();
    refs.extend(t.imported_macro_files.iter().map(|(file, _)| file.as_str()));
    includes(&t.ast, &mut refs);
    t.macros.values().for_each(|m| includes(&m.body, &mut refs));
    t.blocks.values().for_each(|b| includes(&b.body, &mut refs));
    (names, refs)
}

fn includes<'a>(nodes: &'a [Node], out: &mut Vec<&'a str>) {
    for node in nodes {
        match node {
            Node::Include(_, files, _) => out.extend(files.iter().map(String::as_str)),
            Node::ImportMacro(_, file, _) | Node::Extends(_, file) => out.push(file),
            other => children(other).into_iter().for_each(|body| includes(body, out)),
        }
    }
}

/// The bodies nested in a node.
fn children(node: &Node) -> Vec<&[Node]> {
    match node {
        Node::MacroDefinition(_, m, _) => vec![&m.body],
        Node::Block(_, b, _) => vec![&b.body],
        Node::FilterSection(_, f, _) => vec![&f.body],
        Node::Forloop(_, f, _) => vec![&f.body, f.empty_body.as_deref().unwrap_or(&[])],
        Node::If(i, _) => i.conditions.iter().map(|(_, _, body)| body.as_slice()).chain(i.otherwise.as_ref().map(|(_, b)| b.as_slice())).collect(),
        _ => vec![],
    }
}

fn walk_nodes(nodes: &[Node], names: &mut HashSet<String>) {
    for node in nodes {
        match node {
            Node::VariableBlock(_, e) => walk_expr(e, names),
            Node::Set(_, s) => walk_expr(&s.value, names),
            Node::FilterSection(_, f, _) => walk_call(&f.filter, names),
            Node::Forloop(_, f, _) => walk_expr(&f.container, names),
            Node::If(i, _) => i.conditions.iter().for_each(|(_, e, _)| walk_expr(e, names)),
            Node::MacroDefinition(_, m, _) => m.args.values().flatten().for_each(|e| walk_expr(e, names)),
            _ => {}
        }
        children(node).into_iter().for_each(|body| walk_nodes(body, names));
    }
}

fn walk_expr(e: &Expr, names: &mut HashSet<String>) {
    walk_val(&e.val, names);
    e.filters.iter().for_each(|f| walk_call(f, names));
}

fn walk_call(f: &FunctionCall, names: &mut HashSet<String>) {
    f.args.values().for_each(|e| walk_expr(e, names));
}

fn walk_val(v: &ExprVal, names: &mut HashSet<String>) {
    match v {
        ExprVal::Ident(path) => add_path(path, names),
        ExprVal::Math(m) => [&m.lhs, &m.rhs].into_iter().for_each(|e| walk_expr(e, names)),
        ExprVal::Logic(l) => [&l.lhs, &l.rhs].into_iter().for_each(|e| walk_expr(e, names)),
        ExprVal::In(i) => [&i.lhs, &i.rhs].into_iter().for_each(|e| walk_expr(e, names)),
        ExprVal::Test(t) => {
            add_path(&t.ident, names);
            t.args.iter().for_each(|e| walk_expr(e, names));
        }
        ExprVal::MacroCall(m) => m.args.values().for_each(|e| walk_expr(e, names)),
        ExprVal::FunctionCall(f) => walk_call(f, names),
        ExprVal::Array(items) => items.iter().for_each(|e| walk_expr(e, names)),
        ExprVal::StringConcat(c) => c.values.iter().for_each(|v| walk_val(v, names)),
        ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) => {}
    }
}

/// The variable a path starts with, and those it is indexed with (`a.b[c.d]` reads `a` and `c`).
fn add_path(path: &str, names: &mut HashSet<String>) {
    let root_end = path.find(['.', '[']).unwrap_or(path.len());
    names.insert(path[..root_end].trim().to_string());
    for index in path.split('[').skip(1) {
        let index = index.split(']').next().unwrap_or("").trim();
        if !index.is_empty() && !index.starts_with(['"', '\'']) && !index.starts_with(|c: char| c.is_ascii_digit()) {
            add_path(index, names);
        }
    }
}

/// `value` (a struct) as a Tera context holding only the fields `reads` names: the same as
/// `tera::Context::from_serialize(value)` with the other fields left out.
pub fn context_of<T: serde::Serialize>(value: &T, reads: &Reads) -> Result<tera::Context, String> {
    match reads {
        Reads::All => tera::Context::from_serialize(value).map_err(|e| error_chain(&e)),
        Reads::Only(names) => value.serialize(only::Fields(names)).map_err(|e| e.0),
    }
}

/// A serde serializer that takes a struct's fields one by one into a Tera context, skipping
/// those not named (the serialising of a skipped field is what is saved).
mod only {
    use serde::ser::{self, Impossible, Serialize};
    use std::collections::HashSet;

    #[derive(Debug)]
    pub(super) struct Error(pub(super) String);

    impl std::fmt::Display for Error {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.0)
        }
    }

    impl std::error::Error for Error {}

    impl ser::Error for Error {
        fn custom<T: std::fmt::Display>(msg: T) -> Self {
            Error(msg.to_string())
        }
    }

    pub(super) struct Fields<'a>(pub(super) &'a HashSet<String>);

    pub(super) struct Struct<'a> {
        names: &'a HashSet<String>,
        ctx: tera::Context,
    }

    impl ser::SerializeStruct for Struct<'_> {
        type Ok = tera::Context;
        type Error = Error;
        fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
            if self.names.contains(key) {
                self.ctx.try_insert(key, value).map_err(|e| Error(super::error_chain(&e)))?;
            }
            Ok(())
        }
        fn end(self) -> Result<tera::Context, Error> {
            Ok(self.ctx)
        }
    }

    fn not_a_struct<T>() -> Result<T, Error> {
        Err(Error("a template context must be a struct".into()))
    }

    macro_rules! refuse {
        ($($name:ident($($arg:ty),*);)*) => {
            $(fn $name(self, $(_: $arg),*) -> Result<tera::Context, Error> { not_a_struct() })*
        };
    }

    impl<'a> ser::Serializer for Fields<'a> {
        type Ok = tera::Context;
        type Error = Error;
        type SerializeSeq = Impossible<tera::Context, Error>;
        type SerializeTuple = Impossible<tera::Context, Error>;
        type SerializeTupleStruct = Impossible<tera::Context, Error>;
        type SerializeTupleVariant = Impossible<tera::Context, Error>;
        type SerializeMap = Impossible<tera::Context, Error>;
        type SerializeStruct = Struct<'a>;
        type SerializeStructVariant = Impossible<tera::Context, Error>;

        fn serialize_struct(self, _: &'static str, _: usize) -> Result<Struct<'a>, Error> {
            Ok(Struct { names: self.0, ctx: tera::Context::new() })
        }
        refuse! {
            serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32); serialize_i64(i64);
            serialize_u8(u8); serialize_u16(u16); serialize_u32(u32); serialize_u64(u64);
            serialize_f32(f32); serialize_f64(f64); serialize_char(char); serialize_str(&str); serialize_bytes(&[u8]);
            serialize_none(); serialize_unit(); serialize_unit_struct(&'static str);
            serialize_unit_variant(&'static str, u32, &'static str);
        }
        fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<tera::Context, Error> {
            not_a_struct()
        }
        fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, _: &T) -> Result<tera::Context, Error> {
            not_a_struct()
        }
        fn serialize_newtype_variant<T: ?Sized + Serialize>(self, _: &'static str, _: u32, _: &'static str, _: &T) -> Result<tera::Context, Error> {
            not_a_struct()
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
            not_a_struct()
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
            not_a_struct()
        }
        fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Error> {
            not_a_struct()
        }
        fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self::SerializeTupleVariant, Error> {
            not_a_struct()
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
            not_a_struct()
        }
        fn serialize_struct_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self::SerializeStructVariant, Error> {
            not_a_struct()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pairs: &[(&str, Value)]) -> HashMap<String, Value> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
    }

    #[test]
    fn calls_differ_by_argument_values_and_types_not_order() {
        let one = args(&[("key", "x".into()), ("count", 2.into()), ("name", "a".into())]);
        let two = args(&[("name", "a".into()), ("key", "x".into()), ("count", 2.into())]);
        assert_eq!(call_id(&one, "x"), call_id(&two, "x"));
        assert_ne!(call_id(&one, "x"), call_id(&args(&[("key", "x".into()), ("count", "2".into()), ("name", "a".into())]), "x"));
        assert_ne!(call_id(&one, "x"), call_id(&args(&[("key", "x".into())]), "x"));
    }

    #[test]
    fn a_cached_call_is_formatted_once() {
        let cache = MessageCache::default();
        let a = args(&[("key", "x".into())]);
        assert_eq!(cache.get(&a, "x", || "first".into()), "first");
        assert_eq!(cache.get(&a, "x", || "second".into()), "first");
        assert_eq!(cache.get(&args(&[("key", "y".into())]), "y", || "other".into()), "other");
    }

    fn engine(list: &[(&str, &str)]) -> Tera {
        let mut tera = Tera::default();
        tera.add_raw_templates(list.to_vec()).unwrap();
        tera
    }

    fn only(names: &[&str]) -> Reads {
        Reads::Only(names.iter().map(|n| n.to_string()).collect())
    }

    #[test]
    fn a_template_reads_what_it_and_what_it_reaches_name() {
        let tera = engine(&[
            ("base.html", "{{ a.b }}{% block body %}{% endblock body %}{% include \"part.html\" %}"),
            ("part.html", "{% for x in c %}{{ x }}{% endfor %}{% if d is defined and e[f.g] %}{{ h(k=i) | default(value=j) }}{% endif %}"),
            ("macros.html", "{% macro m(v=1) %}{{ v ~ y }}{% endmacro m %}"),
            (
                "page.html",
                "{% extends \"base.html\" %}{% import \"macros.html\" as mm %}{% block body %}{{ mm::m(v=z) }}{% set s = n | length %}{% endblock body %}",
            ),
            ("lone.html", "{{ q[0] }}{{ r[\"key\"] }}"),
            ("dump.html", "{{ __tera_context }}"),
            ("with-dump.html", "{% include \"dump.html\" %}{{ a }}"),
        ]);
        let used = ContextUse::of(&tera);
        let page = ["a", "c", "x", "d", "e", "f", "i", "j", "v", "y", "z", "n"];
        assert_eq!(used.of_template("page.html"), &only(&page));
        assert_eq!(used.of_template("part.html"), &only(&["c", "x", "d", "e", "f", "i", "j"]));
        assert_eq!(used.of_template("lone.html"), &only(&["q", "r"]));
        assert_eq!(used.of_template("with-dump.html"), &Reads::All);
        assert_eq!(used.of_template("missing.html"), &Reads::All);
    }

    #[derive(serde::Serialize)]
    struct Sample {
        kind: &'static str,
        list: Vec<u32>,
        nested: BTreeMap<String, Vec<&'static str>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        absent: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        present: Option<u32>,
    }

    #[test]
    fn a_context_of_some_fields_is_the_full_context_without_the_others() {
        let nested = BTreeMap::from([("k".to_string(), vec!["v", "w"])]);
        let sample = Sample { kind: "page", list: vec![1, 2], nested, absent: None, present: Some(3) };
        let full = tera::Context::from_serialize(&sample).unwrap().into_json();
        assert_eq!(context_of(&sample, &Reads::All).unwrap().into_json(), full);
        let every = only(&["kind", "list", "nested", "absent", "present"]);
        assert_eq!(context_of(&sample, &every).unwrap().into_json(), full);
        let mut some = full.clone();
        let map = some.as_object_mut().unwrap();
        map.remove("list");
        map.remove("present");
        assert_eq!(context_of(&sample, &only(&["kind", "nested", "absent", "other"])).unwrap().into_json(), some);
        assert!(context_of(&vec![1], &every).is_err());
    }
}
