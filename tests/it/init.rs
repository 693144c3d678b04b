//! `haven init`: a starter site, written with nothing from the repository beside it, builds at
//! once in every locale with the theme built into the binary; a non-empty folder is refused;
//! a site's own template and static file win over the built-in ones.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn haven(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_haven")).current_dir(cwd).args(args).stdin(std::process::Stdio::null()).output().expect("haven runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A temp folder (no repository files in it or above it) with a site made by `haven init`.
fn starter(locales: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let mut args = vec!["init", "my-site", "--name", "Rede \"Segura\""];
    for l in locales {
        args.extend(["--locale", l]);
    }
    let out = haven(tmp.path(), &args);
    assert!(out.status.success(), "init failed: {}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("haven serve"), "it says what to do next");
    let site = tmp.path().join("my-site");
    (tmp, site)
}

fn build(site: &Path) -> Output {
    haven(site, &["build"])
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn starter_site_builds_in_three_unusual_locales_with_no_findings() {
    let (_tmp, site) = starter(&["pt-BR", "fa", "zh-Hans"]);
    assert!(!site.join("themes").exists(), "the theme is not copied: it is inside the binary");
    for f in ["site.toml", "README.md", ".gitignore", "content/_index.md", "content/get-help.md", "content/browse-safely.md", "data/helplines.toml"] {
        assert!(site.join(f).is_file(), "{f} written");
    }
    assert!(read(&site.join("site.toml")).starts_with('#'), "site.toml is commented");
    for (file, bytes) in snapshot(&site) {
        let text = String::from_utf8_lossy(&bytes);
        for hole in ["{NAME", "{TITLE}", "{DESCRIPTION}", "{DEFAULT_LOCALE}", "{LOCALES}"] {
            assert!(!text.contains(hole), "{} keeps the placeholder {hole}", file.display());
        }
    }
    assert!(read(&site.join("data/helplines.toml")).contains("phone = \"112\""));
    let out = build(&site);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("(0 warnings)"), "{err}");
    assert!(!err.contains("error") && !err.contains("warning:"), "no findings at all:\n{err}");
    let public = site.join("public");
    for (prefix, lang, dir) in [("", "pt-BR", "ltr"), ("fa/", "fa", "rtl"), ("zh-Hans/", "zh-Hans", "ltr")] {
        for page in ["index.html", "get-help/index.html", "browse-safely/index.html"] {
            let html = read(&public.join(format!("{prefix}{page}")));
            assert!(html.contains(&format!("<html lang=\"{lang}\" dir=\"{dir}\">")), "{prefix}{page}: lang and dir");
            assert!(html.contains("data-exit-link") && html.contains("href=\"https://www.bbc.co.uk/weather\""), "{prefix}{page}: quick exit");
            assert!(html.contains("href=\"/css/haven.css\"") && html.contains("src=\"/js/haven.js\""), "{prefix}{page}: CSS and JS");
            assert!(!html.contains("TODO") && !html.contains("<!--"), "{prefix}{page}: the starter's notes to the site owner stay out of the pages");
        }
    }
    assert!(read(&public.join("get-help/index.html")).contains("112"), "the helpline is shown");
    assert!(read(&public.join("index.html")).contains("Rede &quot;Segura&quot;"), "the name is the title, escaped");
    let css = fs::read(public.join("css/haven.css")).unwrap();
    assert_eq!(
        css,
        fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/css/haven.css")).unwrap(),
        "the built-in CSS is the repository's"
    );
    assert!(public.join("js/haven.js").is_file());
}

#[test]
fn locales_without_built_in_strings_get_marked_copies_and_built_in_ones_none() {
    let (_tmp, site) = starter(&["fa", "uk"]);
    let fa = read(&site.join("locales/fa/interface.ftl"));
    assert!(fa.contains("# TODO(translate)\nexit-this-page = Exit this page"), "{}", &fa[..300.min(fa.len())]);
    assert!(!site.join("locales/uk").exists(), "the theme has Ukrainian already");
    let out = build(&site);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(read(&site.join("public/uk/index.html")).contains("Вийти зі сторінки"), "Ukrainian from the built-in theme");
    assert!(read(&site.join("public/index.html")).contains("Exit this page"), "Persian shows the copied English until translated");
}

#[test]
fn refuses_a_non_empty_folder_and_leaves_it_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("old");
    fs::create_dir_all(dir.join("notes")).unwrap();
    fs::write(dir.join("notes/plan.txt"), "keep me\n").unwrap();
    fs::write(dir.join("site.toml"), "title = \"mine\"\n").unwrap();
    let before = snapshot(&dir);
    let out = haven(tmp.path(), &["init", "old", "--locale", "en"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("not empty"), "{}", stderr(&out));
    assert_eq!(snapshot(&dir), before, "nothing written, nothing changed");
    // The current folder, when not empty, is refused too.
    let out = haven(&dir, &["init"]);
    assert_ne!(out.status.code(), Some(0));
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn refuses_a_bad_locale_code_before_writing_anything() {
    let tmp = tempfile::tempdir().unwrap();
    let out = haven(tmp.path(), &["init", "site", "--locale", "not a tag!"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("BCP 47"), "{}", stderr(&out));
    assert!(!tmp.path().join("site").exists());
}

#[test]
fn a_site_template_and_static_file_win_over_the_built_in_ones() {
    let (_tmp, site) = starter(&["en", "ar"]);
    let base = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/partials/footer.html"));
    fs::create_dir_all(site.join("templates/partials")).unwrap();
    fs::write(site.join("templates/partials/footer.html"), format!("<p class=\"site-own-footer\">ours</p>\n{base}")).unwrap();
    fs::create_dir_all(site.join("static/css")).unwrap();
    fs::write(site.join("static/css/haven.css"), "body { color: #123456 }\n").unwrap();
    fs::create_dir_all(site.join("locales/en")).unwrap();
    fs::write(site.join("locales/en/site.ftl"), "exit-this-page = Leave now\n").unwrap();
    let out = build(&site);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let home = read(&site.join("public/index.html"));
    assert!(home.contains("<p class=\"site-own-footer\">ours</p>"), "the site's template is used");
    assert!(home.contains("Leave now"), "the site's string is used");
    assert!(read(&site.join("public/ar/index.html")).contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(!read(&site.join("public/ar/index.html")).contains("Leave now"), "Arabic keeps the built-in string");
    assert_eq!(read(&site.join("public/css/haven.css")), "body { color: #123456 }\n", "the site's CSS is used");
    assert!(site.join("public/js/haven.js").is_file(), "the other built-in files are still there");
}

#[test]
fn a_broken_site_template_is_named_by_its_file() {
    let (_tmp, site) = starter(&["en"]);
    fs::create_dir_all(site.join("templates")).unwrap();
    fs::write(site.join("templates/page.html"), "{% if %}\n").unwrap();
    let out = build(&site);
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("templates/page.html"), "{}", stderr(&out));
}

#[test]
fn i18n_add_in_a_starter_site_copies_the_built_in_strings() {
    let (_tmp, site) = starter(&["en"]);
    let out = haven(&site, &["i18n", "add", "de"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Created locales/de/interface.ftl"), "{}", String::from_utf8_lossy(&out.stdout));
    let de = read(&site.join("locales/de/interface.ftl"));
    assert!(de.contains("Copied from (built-in theme)/locales/en/interface.ftl") && de.contains("# TODO(translate)\nexit-this-page = Exit this page"));
    let out = haven(&site, &["i18n", "status", "--locale", "de", "--format", "json", "--no-history"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    let strings = &report["locales"][0]["strings"];
    assert!(strings["total"].as_u64().unwrap() > 10 && strings["missing"].as_array().unwrap().is_empty(), "{strings}");
    let out = build(&site);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("(0 warnings)"), "{}", stderr(&out));
    assert!(read(&site.join("public/de/index.html")).contains("<html lang=\"de\" dir=\"ltr\">"));
}

#[test]
fn a_locale_with_no_strings_anywhere_fails_on_exit_strings_and_warns_for_the_rest() {
    let (_tmp, site) = starter(&["es"]);
    assert!(!site.join("locales").exists(), "the theme has Spanish: nothing to copy");
    let toml = read(&site.join("site.toml"));
    fs::write(site.join("site.toml"), format!("{toml}\n[[locales]]\ncode = \"de\"\nname = \"Deutsch\"\n")).unwrap();
    let out = build(&site);
    let err = stderr(&out);
    // The quick-exit control must never speak another language: its strings are errors; the rest
    // fall back to the default locale's with a warning.
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error[exit-message] locales/de: interface string `exit-this-page` of the quick-exit control is missing in locale `de`"), "{err}");
    assert!(
        err.contains("warning[missing-message] locales/de: interface string `help-now-title` is missing in locale `de`; the default locale's text is shown"),
        "{err}"
    );
    assert!(!site.join("public").exists(), "a failed build publishes nothing");
}

#[test]
fn every_locale_of_a_new_site_has_a_search_index_even_before_its_first_translation() {
    let (_tmp, site) = starter(&["pt-BR", "fa", "zh-Hans"]);
    let out = build(&site);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.join("public");
    let own: serde_json::Value = serde_json::from_str(&read(&public.join("search/meta.json"))).unwrap();
    assert!(own["docs"].as_u64().unwrap() > 0, "the default locale's own pages are indexed: {own}");
    for prefix in ["fa", "zh-Hans"] {
        let page = read(&public.join(prefix).join("search/index.html"));
        assert!(page.contains(&format!("data-index=\"/{prefix}/search/\"")), "{prefix}: the search page reads its own index");
        let meta: serde_json::Value = serde_json::from_str(&read(&public.join(prefix).join("search/meta.json"))).unwrap();
        assert_eq!(meta["docs"], 0, "{prefix} has no page of its own yet, so an empty index: {meta}");
        assert!(meta["tables"].is_object(), "{prefix}: the tokenizer tables are there for the page script");
    }
}
