//! Plural and gender-aware interface strings through haven's `i18n::Strings`: Arabic's six
//! plural forms and Ukrainian's four, per CLDR, and a select on `$gender`; a message that
//! refers to a missing term is reported as broken.

use crate::common::Site;
use fluent_bundle::{FluentArgs, FluentValue};
use haven::i18n::{self, Strings};
use std::collections::HashMap;

fn strings(s: &Site) -> Strings {
    let config = haven::config::Config::load(&s.root()).unwrap();
    let (strings, diags) = i18n::load(&config);
    assert!(diags.is_empty(), "{diags:?}");
    strings
}

/// `items-left` for `count`, passed as templates pass numbers (JSON through `fluent_args`).
fn items_left(strings: &Strings, locale: &str, count: serde_json::Value) -> String {
    let args = i18n::fluent_args(&HashMap::from([("key".to_string(), "items-left".into()), ("count".to_string(), count)]));
    strings.get(locale, "items-left", Some(&args))
}

#[test]
fn arabic_has_six_plural_forms() {
    let s = Site::fixture("i18n_plurals");
    let st = strings(&s);
    let expected = [
        (0, "لم يبق أي عنصر"), // zero
        (1, "بقي عنصر واحد"),  // one
        (2, "بقي عنصران"),     // two
        (3, "بقيت 3 عناصر"),   // few: 3–10
        (11, "بقي 11 عنصرًا"),  // many: 11–99
        (100, "بقي 100 عنصر"), // other
    ];
    for (n, text) in expected {
        assert_eq!(items_left(&st, "ar", n.into()), text, "ar, count = {n}");
        // Integers from Rust code select the same form.
        let mut args = FluentArgs::new();
        args.set("count", FluentValue::from(n));
        assert_eq!(st.get("ar", "items-left", Some(&args)), text, "ar, integer count = {n}");
    }
    assert!(st.findings().is_empty(), "{:?}", st.findings());
}

#[test]
fn ukrainian_has_four_plural_forms() {
    let s = Site::fixture("i18n_plurals");
    let st = strings(&s);
    let expected = [
        (serde_json::json!(0), "Залишилося 0 елементів"),     // many
        (serde_json::json!(1), "Залишився 1 елемент"),        // one
        (serde_json::json!(2), "Залишилося 2 елементи"),      // few
        (serde_json::json!(3), "Залишилося 3 елементи"),      // few
        (serde_json::json!(11), "Залишилося 11 елементів"),   // many
        (serde_json::json!(100), "Залишилося 100 елементів"), // many
        (serde_json::json!(1.5), "Залишилося 1.5 елемента"),  // other: fractions
    ];
    for (n, text) in expected {
        assert_eq!(items_left(&st, "uk", n.clone()), text, "uk, count = {n}");
    }
    // English has two, for comparison.
    assert_eq!(items_left(&st, "en", 1.into()), "1 item left");
    assert_eq!(items_left(&st, "en", 3.into()), "3 items left");
}

#[test]
fn select_on_gender_picks_the_variant_or_the_default() {
    let s = Site::fixture("i18n_plurals");
    let st = strings(&s);
    let invited = |locale: &str, gender: &str| {
        let mut args = FluentArgs::new();
        args.set("gender", gender);
        st.get(locale, "invited", Some(&args))
    };
    assert_eq!(invited("uk", "female"), "Вона запросила вас.");
    assert_eq!(invited("uk", "male"), "Він запросив вас.");
    assert_eq!(invited("uk", "nonbinary"), "Вас запросили.");
    assert_eq!(invited("ar", "female"), "دعتك.");
    assert_eq!(invited("ar", "male"), "دعاك.");
    assert_eq!(invited("en", "other"), "They invited you.");
}

#[test]
fn message_referring_to_a_missing_term_is_reported_broken() {
    let s = Site::fixture("i18n_plurals");
    let en = std::fs::read_to_string(s.root().join("locales/en/plurals.ftl")).unwrap();
    s.write("locales/en/plurals.ftl", &format!("{en}-brand = Haven\nmade-by = Made with {{ -brand }}\n"));
    let uk = std::fs::read_to_string(s.root().join("locales/uk/plurals.ftl")).unwrap();
    s.write("locales/uk/plurals.ftl", &format!("{uk}made-by = Зроблено з {{ -brand }}\n"));
    let ar = std::fs::read_to_string(s.root().join("locales/ar/plurals.ftl")).unwrap();
    s.write("locales/ar/plurals.ftl", &format!("{ar}-brand = Haven\nmade-by = صُنع باستخدام {{ -brand }}\n"));
    let report = haven::translation::status::status(&s.root(), &Default::default()).unwrap();
    let broken = |code: &str| report.locales.iter().find(|l| l.code == code).unwrap().strings.broken.clone();
    let uk_broken = broken("uk");
    assert_eq!(uk_broken.len(), 1, "{uk_broken:?}");
    assert_eq!(uk_broken[0].id.as_deref(), Some("made-by"));
    assert_eq!(uk_broken[0].kind, haven::translation::interface::BrokenKind::MissingReference);
    assert!(uk_broken[0].message.contains("-brand"), "{}", uk_broken[0].message);
    assert_eq!((uk_broken[0].file.as_str(), uk_broken[0].line), ("locales/uk/plurals.ftl", uk.lines().count() + 1));
    assert!(broken("ar").is_empty(), "Arabic defines the term");
    assert!(report.has_work());
    // At run time Fluent shows the term's id in braces: that is why it is reported.
    assert_eq!(strings(&s).get("uk", "made-by", None), "Зроблено з {-brand}");
}
