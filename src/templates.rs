//! Tera templates: the theme's `templates/` overlaid by the site's, and one engine per locale
//! whose `t`, `url` and `format_date` functions know that locale.

use crate::config::Config;
use crate::context::Reads;
use crate::diagnostics::{Diagnostic, Rule};
use crate::i18n::{fluent_args, Strings};
use crate::urls::Urls;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use tera::{Tera, Value};

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

    fn only(names: &[&str]) -> Reads {
        Reads::Only(names.iter().map(|n| n.to_string()).collect())
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
