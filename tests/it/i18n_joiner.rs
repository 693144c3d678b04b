//! The translator who joins later: `haven i18n add` completes a locale already in site.toml,
//! writes TODO fields for a new one and warns of an exit in another language; `haven i18n
//! status` counts helpline words and site.toml fields; the link-text lint reads each locale's
//! vague words from its `lint.ftl`.

use crate::common::{assert_contains, Site};
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

/// The fixture on the built-in theme (embedded in haven, with every locale's `lint.ftl`):
/// `Site::fixture` would put a copy of the theme on disk without its strings.
fn site(name: &str) -> Site {
    let s = Site::fixture(name);
    fs::remove_dir_all(s.root().join("themes")).unwrap();
    s
}

fn haven(s: &Site, args: &[&str]) -> Output {
    let root = s.root();
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--root", root.to_str().unwrap()]);
    Command::new(env!("CARGO_BIN_EXE_haven")).args(&all).output().expect("haven runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Every file below `root` with its bytes.
fn snapshot(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in walkdir(root) {
        out.push((e.strip_prefix(root).unwrap().to_string_lossy().into_owned(), fs::read(&e).unwrap()));
    }
    out.sort();
    out
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            v.extend(walkdir(&p));
        } else {
            v.push(p);
        }
    }
    v
}

#[test]
fn add_for_an_existing_locale_creates_only_what_is_missing() {
    let s = site("joiner_add");
    let before = snapshot(&s.root());
    let out = haven(&s, &["i18n", "add", "de"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    assert_contains(&text, "The locale de (Deutsch) is in site.toml already");
    assert_contains(&text, "Kept locales/de/interface.ftl, which exists already.");
    assert_contains(&text, "Created locales/de/search.ftl");
    assert_contains(&text, "Created locales/de/lint.ftl");
    assert_contains(&text, "Created data/helplines.de.toml: 4 helpline words to translate");
    // What existed is untouched, byte for byte (site.toml included).
    let after = snapshot(&s.root());
    for (path, bytes) in &before {
        let now = after.iter().find(|(p, _)| p == path).map(|(_, b)| b);
        assert_eq!(now, Some(bytes), "{path} changed");
    }
    let created: Vec<&str> = after.iter().map(|(p, _)| p.as_str()).filter(|p| !before.iter().any(|(b, _)| b == p)).collect();
    assert_eq!(created, ["data/helplines.de.toml", "locales/de/lint.ftl", "locales/de/search.ftl", "locales/de/tags.ftl"]);
    let words = fs::read_to_string(s.root().join("data/helplines.de.toml")).unwrap();
    assert_contains(&words, "# TODO(translate)\n# [[helpline]]\n# id = \"one\"\n# about = \"A helpline for everyone\"\n# hours = \"24/7\"\n");
    assert_contains(&words, "# notes = \"It answers by chat.\"\n");
    assert!(toml::from_str::<toml::Table>(&words).unwrap().is_empty(), "all commented out: the site shows the original words until translated");
    // A second run creates nothing and changes nothing.
    let again = stdout(&haven(&s, &["i18n", "add", "de"]));
    assert!(!again.contains("Created"), "{again}");
    assert_eq!(snapshot(&s.root()), after);
    // The wetter.de exit is German: no warning.
    assert!(!text.contains("warning:"), "{text}");
    s.build().ok();
}

#[test]
fn add_for_a_new_locale_writes_todo_fields_keeping_comments_and_the_site_builds() {
    let s = site("joiner_add");
    let before = fs::read_to_string(s.root().join("site.toml")).unwrap();
    let out = haven(&s, &["i18n", "add", "fr"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let after = fs::read_to_string(s.root().join("site.toml")).unwrap();
    let entry = "[[locales]]\ncode = \"fr\"\nname = \"Français\"\ntitle = \"Joiner\" # TODO(translate)\ndescription = \"A site in English and German.\" # TODO(translate)\nquick_exit_url = \"https://www.bbc.co.uk/weather\" # TODO(translate)\n\n";
    assert_eq!(after, before.replace("\n# Free-form", &format!("\n{entry}# Free-form")));
    assert_contains(&after, "code = \"de\"   # German, started by hand\n");
    // The site's exit is the BBC's English weather page: the warning names the key.
    let text = stdout(&out);
    assert_contains(&text, "warning: locales[2].quick_exit_url: the quick exit \"https://www.bbc.co.uk/weather\" goes to a site in another language (en)");
    assert!(s.root().join("data/helplines.fr.toml").is_file());
    let built = s.build().ok();
    assert_contains(&built.read("fr/index.html"), "<html lang=\"fr\" dir=\"ltr\">");
}

#[test]
fn add_warns_of_an_exit_with_another_language_in_its_path() {
    let s = site("joiner_add");
    let toml = fs::read_to_string(s.root().join("site.toml")).unwrap();
    s.write("site.toml", &toml.replace("https://www.wetter.de/", "https://weather.example/en/today"));
    let text = stdout(&haven(&s, &["i18n", "add", "de"]));
    assert_contains(&text, "warning: locales[1].quick_exit_url: the quick exit \"https://weather.example/en/today\" goes to a site in another language (en)");
    s.write("site.toml", &toml.replace("https://www.wetter.de/", "https://de.weather.example/"));
    let text = stdout(&haven(&s, &["i18n", "add", "de"]));
    assert!(!text.contains("warning:"), "a de. subdomain is German: {text}");
}

#[test]
fn status_counts_helpline_words_and_site_toml_fields_in_text_and_json() {
    let s = site("joiner_add");
    let json = |s: &Site| -> serde_json::Value {
        let out = haven(s, &["i18n", "status", "--no-history", "--format", "json"]);
        serde_json::from_slice(&out.stdout).expect("json")
    };
    let v = json(&s);
    assert_eq!(v["schema"], 1);
    let de = &v["locales"][0];
    assert_eq!(de["helplines"]["file"], "data/helplines.de.toml");
    assert_eq!(
        (de["helplines"]["exists"].as_bool(), de["helplines"]["total"].as_u64(), de["helplines"]["translated"].as_u64()),
        (Some(false), Some(4), Some(0))
    );
    assert_eq!(de["fields"], serde_json::json!({"title": "set", "description": "fallback", "quick_exit_url": "set"}));
    assert_eq!(de["vague_link_words"], "default-locale");
    let text = stdout(&haven(&s, &["i18n", "status", "--no-history"]));
    assert_contains(&text, "Helpline words, data/helplines.de.toml: missing (4 words to translate; `haven i18n add de` creates it)");
    assert_contains(&text, "site.toml [[locales]] de: title set, description falls back to the site's, quick_exit_url set");
    assert_contains(
        &text,
        "note: no vague link texts of its own (`lint-vague-link-texts` in locales/de/lint.ftl): the link-text check uses the default locale's (en)",
    );

    // A translator translates two words of one helpline.
    s.write("data/helplines.de.toml", "[[helpline]]\nid = \"one\"\nabout = \"Ein Notruf für alle\"\nhours = \"Rund um die Uhr\"\n");
    let v = json(&s);
    let h = &v["locales"][0]["helplines"];
    assert_eq!((h["exists"].as_bool(), h["total"].as_u64(), h["translated"].as_u64()), (Some(true), Some(4), Some(2)));
    assert_eq!(h["missing"], serde_json::json!(["two: about", "two: notes"]));
    let text = stdout(&haven(&s, &["i18n", "status", "--no-history"]));
    assert_contains(&text, "Helpline words, data/helplines.de.toml: 2/4 words translated\n    not translated (2): two: about, two: notes");

    // A new locale's fields start marked TODO, and --strict counts them as work.
    assert!(haven(&s, &["i18n", "add", "fr"]).status.success());
    let v = json(&s);
    let fr = v["locales"].as_array().unwrap().iter().find(|l| l["code"] == "fr").unwrap().clone();
    assert_eq!(fr["fields"], serde_json::json!({"title": "todo", "description": "todo", "quick_exit_url": "todo"}));
    assert_eq!(fr["vague_link_words"], "own", "the theme has French words");
    let text = stdout(&haven(&s, &["i18n", "status", "--no-history", "--locale", "fr"]));
    assert_contains(
        &text,
        "site.toml [[locales]] fr: title still marked TODO(translate), description still marked TODO(translate), quick_exit_url still marked TODO(translate)",
    );
}

fn link_text_lines(s: &Site, file: &str) -> Vec<usize> {
    s.findings("link-text").iter().filter(|d| d.file.as_deref() == Some(Path::new(file))).map(|d| d.line.unwrap()).collect()
}

#[test]
fn the_lint_reads_vague_words_from_the_sites_lint_ftl() {
    let s = site("joiner_lint").build();
    // German words from the site's locales/de/lint.ftl (the theme has none), the default
    // locale's English ones as well; "Leitfaden" is a real link text.
    assert_eq!(link_text_lines(&s, "content/_index.de.md"), vec![7, 9, 11]);
    let de: Vec<String> =
        s.findings("link-text").iter().filter(|d| d.file.as_deref() == Some(Path::new("content/_index.de.md"))).map(|d| d.message.clone()).collect();
    assert_contains(&de[0], "vague link text \"weiterlesen\"");
    // The site's English lint.ftl adds "tap here" to the theme's list, which still holds.
    assert_eq!(link_text_lines(&s, "content/_index.md"), vec![7, 9]);
}

#[test]
fn without_the_sites_words_the_locale_falls_back_to_the_default_locales() {
    let s = site("joiner_lint");
    fs::remove_file(s.root().join("locales/de/lint.ftl")).unwrap();
    fs::remove_file(s.root().join("locales/en/lint.ftl")).unwrap();
    let s = s.build();
    assert_eq!(link_text_lines(&s, "content/_index.de.md"), vec![11], "only the English \"click here\"");
    assert_eq!(link_text_lines(&s, "content/_index.md"), vec![9]);
}
