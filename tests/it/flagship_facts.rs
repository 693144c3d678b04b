//! The flagship tells the truth: the facts of issue 16, checked in the built HTML of every locale.

use crate::common::repo;
use haven::{build, BuildOptions};
use std::path::Path;

const LOCALES: [&str; 5] = ["en", "es", "fr", "uk", "ar"];

/// Builds the flagship once per test binary run into a temp dir (strict), and returns it.
fn flagship() -> &'static Path {
    static OUT: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    OUT.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let mut opts = BuildOptions::new(repo());
        opts.output = tmp.path().join("public");
        opts.strict = true;
        let report = build(&opts).expect("the flagship build starts");
        let all: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(all.is_empty(), "{} findings:\n{}", all.len(), all.join("\n"));
        tmp
    })
    .path()
}

fn page(rel: &str) -> String {
    let p = flagship().join("public").join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Every HTML page of the build, with its path.
fn all_pages() -> Vec<(String, String)> {
    let root = flagship().join("public");
    walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| (e.path().strip_prefix(&root).unwrap().display().to_string(), std::fs::read_to_string(e.path()).unwrap()))
        .collect()
}

/// The `<aside class="help-now">` block of a page.
fn help_block(html: &str) -> &str {
    let start = html.find("<aside class=\"help-now\"").expect("a help block");
    let end = start + html[start..].find("</aside>").expect("the help block ends");
    &html[start..end]
}

fn pos(hay: &str, needle: &str, what: &str) -> usize {
    hay.find(needle).unwrap_or_else(|| panic!("{what}: `{needle}` not found"))
}

const GET_HELP: [(&str, &str); 5] = [
    ("en", "get-help/index.html"),
    ("es", "es/ayuda-inmediata/index.html"),
    ("fr", "fr/aide-immediate/index.html"),
    ("uk", "uk/dopomoha-zaraz/index.html"),
    ("ar", "ar/musaada-fawriya/index.html"),
];

#[test]
fn the_us_hotline_is_operated_by_compass_connections_not_polaris() {
    for (_, rel) in GET_HELP {
        let html = page(rel);
        assert!(html.contains("Compass Connections"), "{rel}: no operator named");
    }
    for (rel, html) in all_pages() {
        let lower = html.to_lowercase();
        for bad in [
            "run by polaris",
            "not the police",
            "gérée par polaris",
            "la gestiona polaris",
            "керує polaris",
            "تديره polaris",
            "no la policía",
            "pas par la police",
            "а не поліція",
            "وليس الشرطة",
            "is not part of the police",
        ] {
            assert!(!lower.contains(bad), "{rel} still says `{bad}`");
        }
    }
    let en = page("get-help/index.html");
    assert!(en.contains("it tells the authorities at once when it thinks a child is being abused"), "the hotline's own policy is missing");
}

#[test]
fn no_page_in_any_locale_claims_helplines_keep_everything_private() {
    let absolute = [
        "keep what you tell them private",
        "the helplines on this page are confidential",
        "free, confidential helplines",
        "guardan en privado",
        "son confidenciales. eso",
        "gardent pour elles",
        "sont confidentielles. cela",
        "залишиться між вами",
        "конфіденційні. це",
        "يبقى سرًّا بينكم",
    ];
    for (rel, html) in all_pages() {
        let lower = html.to_lowercase();
        for bad in absolute {
            assert!(!lower.contains(bad), "{rel} says `{bad}`");
        }
    }
    let limits = [
        ("en", "No helpline can promise to keep everything private."),
        ("es", "Ninguna línea de ayuda puede prometer"),
        ("fr", "Aucune ligne d’écoute ne peut promettre"),
        ("uk", "Жодна гаряча лінія не може пообіцяти"),
        ("ar", "لا يمكن لأي خط مساعدة"),
    ];
    for ((code, rel), (_, sentence)) in GET_HELP.iter().zip(limits) {
        assert!(page(rel).contains(sentence), "{code}: the limits of privacy are not stated");
    }
}

#[test]
fn every_number_in_the_help_block_carries_its_country() {
    for code in LOCALES {
        let rel = if code == "en" { "index.html".to_string() } else { format!("{code}/index.html") };
        let html = page(&rel);
        let block = help_block(&html);
        let items: Vec<&str> = block.split("<li class=\"help-now__item\">").skip(1).collect();
        assert!(items.len() >= 3, "{rel}: {} items", items.len());
        for item in items {
            assert!(item.contains("<span class=\"help-now__region\">"), "{rel}: an item without its country: {item}");
        }
    }
    let en = page("index.html");
    let block = help_block(&en);
    let us = pos(block, "United States:</span>", "en");
    let n988 = pos(block, ">988<", "en");
    let uk = pos(block, "United Kingdom:</span>", "en");
    let n999 = pos(block, ">999<", "en");
    assert!(us < n988 && n988 < uk && uk < n999, "988 must sit under its US label and 999 under its UK label");
}

#[test]
fn each_locale_lists_its_own_places_first_and_ends_with_the_directory() {
    let uk = page("uk/dopomoha-zaraz/index.html");
    assert!(pos(&uk, ">1547<", "uk") < pos(&uk, ">1-888-373-7888<", "uk"), "uk: 1547 before the US hotline");
    for n in [">+380 44 284 19 15<", ">527<", ">102<", ">112<"] {
        assert!(pos(&uk, n, "uk") < pos(&uk, ">1-888-373-7888<", "uk"), "uk: {n} before the US hotline");
    }
    let uk_home = page("uk/index.html");
    assert!(
        help_block(&uk_home)
            .contains("<bdi>National Human Trafficking Hotline</bdi> <span class=\"help-now__about\">(Гаряча лінія щодо торгівлі людьми)</span>"),
        "uk: an English name comes with a Ukrainian description"
    );
    assert!(
        help_block(&page("ar/index.html"))
            .contains("<bdi>National Human Trafficking Hotline</bdi> <span class=\"help-now__about\">(خط ساخن لمكافحة الاتجار بالبشر)</span>"),
        "ar: an English name comes with an Arabic description"
    );
    assert!(pos(help_block(&uk_home), ">1547<", "uk home") < pos(help_block(&uk_home), ">1-888-373-7888<", "uk home"));

    let es = page("es/ayuda-inmediata/index.html");
    assert!(pos(&es, ">900 10 50 90<", "es") < pos(&es, ">1-888-373-7888<", "es"), "es: Spain first");
    assert!(pos(help_block(&es), ">900 10 50 90<", "es block") < pos(help_block(&es), ">1-888-373-7888<", "es block"));

    let fr = page("fr/aide-immediate/index.html");
    assert!(pos(&fr, ">01 44 52 88 90<", "fr") < pos(&fr, ">1-888-373-7888<", "fr"), "fr: France first");
    assert!(pos(&fr, ">119<", "fr") < pos(&fr, ">1-833-900-1010<", "fr"));
    assert!(pos(&fr, ">1-833-900-1010<", "fr") < pos(&fr, ">1-888-373-7888<", "fr"), "fr: Canada before the US");
    assert!(
        fr.contains("Ligne d’urgence canadienne contre la traite des personnes</bdi> (<bdi>Canadian Human Trafficking Hotline</bdi>)"),
        "fr: official French name with the original beside it"
    );

    let ar = page("ar/musaada-fawriya/index.html");
    assert!(pos(&ar, "globalmodernslavery.org", "ar") < pos(&ar, ">1-888-373-7888<", "ar"), "ar: how to find local help first");
    assert!(ar.contains("رقم الطوارئ المحلي"), "ar: call your local emergency number");

    for (code, rel) in GET_HELP {
        let html = page(rel);
        let list = &html[pos(&html, "<div class=\"helplines\">", code)..];
        let list = &list[..pos(list, "</div>\n</section>\n</div>", code)];
        let last = list.rfind("<div class=\"helpline\" id=").unwrap();
        assert!(list[last..].contains("id=\"helpline-int-directory\""), "{code}: the list does not end with the directory");
        assert!(help_block(&html).contains("Global Modern Slavery Directory"), "{code}: the help block does not end with the directory");
    }
}

#[test]
fn uk_silent_calls_say_55_is_for_mobiles_and_does_not_give_a_location() {
    let en = page("get-help/index.html");
    assert!(en.contains("Pressing 55 works from mobiles only"));
    assert!(en.contains("It does not tell the police where you are"));
    assert!(en.contains("From a landline, stay on the line"));
    assert!(en.contains("Cough or tap if you can"));
}

#[test]
fn the_definition_says_a_child_needs_no_force_fraud_or_coercion() {
    let sentences = [
        ("targeting/index.html", "When the person is a child, no force, lies or threats are needed."),
        ("es/como-actuan-los-tratantes/index.html", "Cuando se trata de un niño o una niña, no hace falta fuerza, engaño ni amenazas."),
        ("fr/pieges-des-trafiquants/index.html", "Quand la personne est un enfant, il n’y a pas besoin de force, de mensonges ni de menaces."),
        ("uk/yak-torhivtsi-liudmy-poliuiut/index.html", "Коли йдеться про дитину, не потрібні ні сила, ні обман, ні погрози."),
        ("ar/kayfa-yastahdif-al-mutajirun/index.html", "عندما يكون الشخص طفلًا، لا يلزم استخدام القوة أو الكذب أو التهديد."),
    ];
    for (rel, s) in sentences {
        assert!(page(rel).contains(s), "{rel}: the child definition is missing");
    }
}

#[test]
fn treatment_states_tolerance_naloxone_medicines_and_dangerous_withdrawal() {
    let en = page("treatment/index.html");
    for fact in [
        "after some time without drugs, your body gets used to less. If you use the same amount as before, you can overdose",
        "naloxone is a medicine that can reverse an opioid overdose",
        "methadone and buprenorphine are medicines that treat addiction to opioids",
        "They are treatment. They are not “swapping one drug for another”",
        "benzodiazepines",
    ] {
        assert!(en.contains(fact), "treatment page lacks: {fact}");
    }
    for rel in ["es/tratamiento/index.html", "fr/traitement/index.html", "uk/likuvannia-ta-dopomoha/index.html", "ar/al-ilaj-wal-riaya/index.html"] {
        let html = page(rel);
        for word in ["naloxon", "metadon", "buprenorf"] {
            let lower = html.to_lowercase();
            let found = lower.contains(word) || translit(word).split('|').any(|w| html.contains(w));
            assert!(found, "{rel} lacks `{word}`");
        }
    }
}

/// The Cyrillic and Arabic spellings the translations use for the medicines.
fn translit(word: &str) -> &'static str {
    match word {
        "naloxon" => "налоксон|نالوكسون",
        "metadon" => "méthadone|метадон|ميثادون",
        _ => "buprénorphine|бупренорфін|بوبرينورفين",
    }
}

// Any site, not only the flagship, may say per locale which regions come first.

#[test]
fn regions_first_orders_each_locale_and_a_word_file_may_translate_names_and_show_more() {
    let site = crate::common::Site::fixture("helplines_regions").build().ok();
    let en = site.read("index.html");
    assert!(pos(&en, ">1-800-000-0002<", "en") < pos(&en, ">1-800-000-0001<", "en"), "en: Canada first");
    assert!(!help_block(&en).contains("01 00 00 00 03"), "en: the French line is not in the short block");
    let fr = site.read("fr/index.html");
    let (f, c, u) = (pos(&fr, ">01 00 00 00 03<", "fr"), pos(&fr, ">1-800-000-0002<", "fr"), pos(&fr, ">1-800-000-0001<", "fr"));
    assert!(f < c && c < u, "fr: France, then Canada, then the US");
    assert!(help_block(&fr).contains("01 00 00 00 03"), "fr: the word file put the French line in the short block");
    assert!(fr.contains("<bdi>Ligne du Canada</bdi> (<bdi>Canada Line</bdi>)"), "fr: translated name with the original beside it");
}

#[test]
fn a_region_first_that_no_helpline_has_is_reported_with_file_and_line() {
    let site = crate::common::Site::fixture("helplines_regions");
    site.write("data/helplines.fr.toml", "# typo\n\nregions_first = [\"FX\"]\n");
    let site = site.build();
    let found: Vec<String> = site.findings("helplines").iter().map(|d| d.to_string()).collect();
    assert!(found.iter().any(|d| d.contains("data/helplines.fr.toml") && d.contains(":3") && d.contains("`FX`")), "{found:?}");
}

#[test]
fn arabic_speaks_to_survivors_without_the_masculine_only_form() {
    let family = page("ar/daam-al-taafi/kayfa-tusaid-al-aila/index.html");
    assert!(family.contains("«كم يسعدني وجودك هنا»"), "the neutral phrase is missing");
    for (rel, html) in all_pages().into_iter().filter(|(p, _)| p.starts_with("ar/")) {
        for masculine in [
            "أنا سعيد جدًا",
            "لست وحدك",
            "تحدّث إلى أحد الآن",
            "إذا لم تستطع الكلام",
            "اضغط مفتاح",
            "لست مضطرًا",
            "اعرف العلامات واطلب",
            "فاعلم أنه ليس ذنبك",
            "ليس مطلوبًا منك أن تعرف",
        ] {
            assert!(!html.contains(masculine), "{rel} still says `{masculine}`");
        }
    }
}
