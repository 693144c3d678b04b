//! What a build writes besides rendered pages, planned before anything is written: the files of
//! the theme's and the site's `static/` and the files beside the content, each on its own output
//! path. Two things landing on one output file are an error naming both.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Rule};
use crate::library::Library;
use crate::outpath::OutputPath;
use crate::taxonomy::Tags;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// A file copied as it is: from `from` (relative to the site root) to `out`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopiedFile {
    pub out: OutputPath,
    pub from: PathBuf,
    /// The bytes, for a file of the theme built into the binary (`from` only names it).
    pub built_in: Option<&'static [u8]>,
}

/// Who makes an output file, for messages.
type Owners = HashMap<OutputPath, String>;

/// Plans the copied files of a site and checks that no two things share an output file.
pub fn plan(config: &Config, lib: &Library, tags: &Tags, assets: &[PathBuf]) -> (Vec<CopiedFile>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let generated = generated_files(config, tags);
    let pages = page_files(lib, &generated, &mut diags);
    // The site's static/ overrides the theme's, file by file: that is what it is for.
    let mut statics: BTreeMap<OutputPath, (PathBuf, Option<&'static [u8]>)> = BTreeMap::new();
    let theme = config.theme_dir();
    if crate::theme::is_built_in(config) {
        for f in crate::theme::embedded_files("static", true) {
            if let Some(out) = checked(&f.shown, Path::new(&f.rel), &mut diags) {
                statics.insert(out, (f.shown.clone(), f.built_in_bytes()));
            }
        }
    } else {
        statics.extend(listed(config, &theme.join("static"), &mut diags).into_iter().map(|(o, f)| (o, (f, None))));
    }
    statics.extend(listed(config, &config.root.join("static"), &mut diags).into_iter().map(|(o, f)| (o, (f, None))));
    diags.extend(crate::walk::files(&config.root, &config.allow_symlinks_to, &theme).1.into_iter().filter(|d| d.rule == Rule::Symlink));
    let mut files = Vec::new();
    // The search index is sharded into files below each locale's `search/`: all of it is Haven's.
    let search_dirs: Vec<String> = if config.search {
        config.locales.iter().map(|l| format!("{}/search/", config.locale_prefix(&l.code)).trim_start_matches('/').to_string()).collect()
    } else {
        vec![]
    };
    let search_index = "the generated search index".to_string();
    let in_search = |out: &OutputPath| search_dirs.iter().any(|d| out.as_str().starts_with(d.as_str())).then_some(&search_index);
    for (out, (from, built_in)) in statics {
        if let Some(owner) = generated.get(&out).or_else(|| pages.get(&out)).or_else(|| in_search(&out)) {
            diags.push(collision(&from, &out, owner));
            continue;
        }
        files.push(CopiedFile { out, from, built_in });
    }
    let taken: HashMap<OutputPath, PathBuf> = files.iter().map(|f| (f.out.clone(), f.from.clone())).collect();
    for asset in assets {
        let from = Path::new("content").join(asset);
        let Some(out) = checked(&from, asset, &mut diags) else { continue };
        let owner = generated.get(&out).or_else(|| pages.get(&out)).cloned().or_else(|| taken.get(&out).map(|p| p.display().to_string()));
        match owner {
            Some(owner) => diags.push(collision(&from, &out, &owner)),
            None => files.push(CopiedFile { out, from, built_in: None }),
        }
    }
    (files, diags)
}

/// The files of one `static/` folder by output path.
fn listed(config: &Config, dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<(OutputPath, PathBuf)> {
    let (found, d) = crate::walk::files(&config.root, &config.allow_symlinks_to, dir);
    diags.extend(d);
    let base = dir.strip_prefix(&config.root).unwrap_or(dir).to_path_buf();
    found.into_iter().filter_map(|rel| checked(&base.join(&rel), &rel, diags).map(|out| (out, base.join(&rel)))).collect()
}

/// The output path of a copied file, or an error naming it.
fn checked(from: &Path, rel: &Path, diags: &mut Vec<Diagnostic>) -> Option<OutputPath> {
    OutputPath::from_rel_path(rel).map_err(|e| diags.push(Diagnostic::error(Rule::OutputPath, format!("the file name {e}: rename it")).in_file(from))).ok()
}

fn collision(from: &Path, out: &OutputPath, owner: &str) -> Diagnostic {
    Diagnostic::error(Rule::OutputCollision, format!("{} and {owner} would both be written to {out}; rename or remove one", from.display())).in_file(from)
}

/// Files Haven makes itself in every locale: special pages, feeds, the search index, site files.
fn generated_files(config: &Config, tags: &Tags) -> Owners {
    let mut urls: Vec<(String, &str)> = vec![("/sitemap.xml".into(), "the generated sitemap.xml"), ("/robots.txt".into(), "the generated robots.txt")];
    if config.hosting_headers {
        urls.push(("/_headers".into(), "the generated _headers ([hosting] headers = true)"));
    }
    if config.default_locale_in_subdir {
        urls.push(("/".into(), "the generated language chooser"));
    }
    for l in &config.locales {
        let p = config.locale_prefix(&l.code);
        urls.push((format!("{p}/404.html"), "the generated 404 page"));
        urls.push((format!("{p}/sitemap/"), "the generated site map page"));
        if config.search {
            urls.push((format!("{p}/search/"), "the generated search page"));
            urls.push((format!("{p}/search/meta.json"), "the generated search index"));
        }
        if config.feeds {
            urls.push((format!("{p}/atom.xml"), "the generated feed"));
        }
        if !tags.is_empty() {
            urls.push((format!("{p}/tags/"), "the generated tag list"));
            urls.extend(tags.of(&l.code).into_iter().map(|t| (t.url.clone(), "a generated tag page")));
        }
    }
    urls.into_iter().filter_map(|(u, who)| OutputPath::from_url(&u).ok().map(|o| (o, who.to_string()))).collect()
}

/// Every page's output file; a page on a generated file is an error at its `slug` line.
fn page_files(lib: &Library, generated: &Owners, diags: &mut Vec<Diagnostic>) -> Owners {
    let mut pages = Owners::new();
    for route in lib.groups().flat_map(|(_, g)| g.routes.iter().flatten()) {
        let Ok(out) = OutputPath::from_url(&route.url) else { continue };
        let src = lib.source(route.source);
        if let Some(owner) = generated.get(&out) {
            let message = format!("{} and {owner} would both be written to {out}; change its `slug` or file name", src.file.display());
            diags.push(Diagnostic::error(Rule::OutputCollision, message).in_file(&src.file).at(src.lines.slug, None));
        }
        pages.insert(out, src.file.display().to_string());
    }
    pages
}
