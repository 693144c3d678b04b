//! `haven i18n add <locale>`: site.toml keeps its comments and layout, every default-locale
//! message is copied marked for translation, and the site builds in the new locale at once.

use crate::common::{assert_contains, Site};
use haven::translation::messages;
use std::fs;
use std::process::{Command, Output};

fn add(s: &Site, args: &[&str]) -> Output {
    let root = s.root();
    Command::new(env!("CARGO_BIN_EXE_haven")).args(["i18n", "add", "--root", root.to_str().unwrap()]).args(args).output().expect("haven runs")
}

#[test]
fn appends_the_locale_after_the_last_one_keeping_comments() {
    let s = Site::fixture("i18n_add");
    let before = fs::read_to_string(s.root().join("site.toml")).unwrap();
    let out = add(&s, &["de"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let after = fs::read_to_string(s.root().join("site.toml")).unwrap();
    let todo = "title = \"Add a locale\" # TODO(translate)\ndescription = \"\" # TODO(translate)\nquick_exit_url = \"https://www.bbc.co.uk/weather\" # TODO(translate)\n";
    let expected = before.replace("\n# Free-form", &format!("\n[[locales]]\ncode = \"de\"\nname = \"Deutsch\"\n{todo}\n# Free-form"));
    assert_ne!(expected, before);
    assert_eq!(after, expected);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_contains(&stdout, "Added the locale de (Deutsch)");
    assert_contains(&stdout, "content/_index.md -> content/_index.de.md");
    assert!(stdout.find("_index.de.md").unwrap() < stdout.find("guide.de.md").unwrap(), "home first:\n{stdout}");
}

#[test]
fn copies_every_message_marked_for_translation_and_status_counts_them() {
    let s = Site::fixture("i18n_add");
    assert!(add(&s, &["de"]).status.success());
    let config = haven::config::Config::load(&s.root()).unwrap();
    let (en, de) = (messages::load(&config, "en"), messages::load(&config, "de"));
    assert!(en.entries.len() > 10, "the flagship's strings were copied into the fixture");
    assert_eq!(de.entries.keys().collect::<Vec<_>>(), en.entries.keys().collect::<Vec<_>>());
    assert!(de.entries.values().all(|e| e.untranslated), "every message is marked TODO(translate)");
    assert!(de.syntax_errors.is_empty());
    let opts = haven::translation::status::Options { locale: Some("de".into()), history: false };
    let report = haven::translation::status::status(&s.root(), &opts).unwrap();
    let st = &report.locales[0].strings;
    assert_eq!((st.translated, st.untranslated.len(), st.missing.len()), (0, st.total, 0));
    assert_eq!(report.locales[0].pages.missing, 2);

    // A translator translates one message and removes its mark.
    let path = s.root().join("locales/de/interface.ftl");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replace("# TODO(translate)\nexit-this-page = Exit this page", "exit-this-page = Seite verlassen")).unwrap();
    let report = haven::translation::status::status(&s.root(), &opts).unwrap();
    assert_eq!(report.locales[0].strings.translated, 1);
    assert!(!report.locales[0].strings.untranslated.contains(&"exit-this-page".to_string()));
}

#[test]
fn site_builds_in_the_new_locale_right_away() {
    let s = Site::fixture("i18n_add");
    assert!(add(&s, &["de"]).status.success());
    let s = s.build().ok();
    let home = s.read("de/index.html");
    assert_contains(&home, "<html lang=\"de\" dir=\"ltr\">");
    assert_contains(&home, "<meta name=\"robots\" content=\"noindex\">");
    assert_contains(&home, "class=\"notice notice--fallback\"");
    assert!(s.exists("de/guide/index.html"));
    assert!(s.exists("de/404.html"));
    // The copied (English) strings are used, so no message is reported missing in German.
    let de_missing: Vec<_> = s.findings("missing-message").into_iter().filter(|d| d.file.as_deref() == Some(std::path::Path::new("locales/de"))).collect();
    assert!(de_missing.is_empty(), "{de_missing:?}");
}

#[test]
fn derives_the_direction_and_writes_dir_only_when_it_differs() {
    let s = Site::fixture("i18n_add");
    // A translator got ahead: locales/ar/interface.ftl exists already and is kept.
    let ar_text = "exit-this-page = الخروج من هذه الصفحة\n";
    s.write("locales/ar/interface.ftl", ar_text);
    let ar_ftl = s.root().join("locales/ar/interface.ftl");
    let out = add(&s, &["ar"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_contains(&String::from_utf8_lossy(&out.stdout), "Kept locales/ar/interface.ftl, which exists already.");
    assert_eq!(fs::read_to_string(&ar_ftl).unwrap(), ar_text);
    let toml = fs::read_to_string(s.root().join("site.toml")).unwrap();
    assert_contains(&toml, "code = \"ar\"\nname = \"العربية\"\n");
    assert!(!toml.contains("dir ="), "{toml}");
    let config = haven::config::Config::load(&s.root()).unwrap();
    assert_eq!(config.locale(config.locale_id("ar").unwrap()).dir, haven::config::Direction::Rtl);
    assert!(add(&s, &["ckb-Latn", "--name", "Kurdî (Soranî)", "--dir", "ltr"]).status.success());
    assert!(!fs::read_to_string(s.root().join("site.toml")).unwrap().contains("dir ="), "ltr is what ckb-Latn implies");
    assert!(add(&s, &["az-Arab", "--name", "آذربایجان", "--dir", "ltr"]).status.success());
    assert_contains(&fs::read_to_string(s.root().join("site.toml")).unwrap(), "code = \"az-Arab\"\nname = \"آذربایجان\"\ndir = \"ltr\"\n");
}

#[test]
fn refuses_bad_codes_and_unnamed_regional_tags_and_completes_duplicates() {
    let s = Site::fixture("i18n_add");
    let before = fs::read_to_string(s.root().join("site.toml")).unwrap();
    let err = |args: &[&str]| {
        let out = add(&s, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    // A locale already there is completed, not refused (tests/it/i18n_joiner.rs); site.toml stays.
    for code in ["uk", "UK"] {
        let out = add(&s, &[code]);
        assert!(out.status.success(), "{code}");
        assert_contains(&String::from_utf8_lossy(&out.stdout), "The locale uk (Українська) is in site.toml already");
    }
    assert_contains(&err(&["english language"]), "not a valid BCP 47 language tag");
    assert_contains(&err(&["pt-BR"]), "--name");
    assert_eq!(fs::read_to_string(s.root().join("site.toml")).unwrap(), before);
    assert!(!s.root().join("locales/pt-BR").exists());
}
