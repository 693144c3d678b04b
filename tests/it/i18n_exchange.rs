//! `haven i18n export` / `import`: PO (read back with polib) and XLIFF 2.0 (read with roxmltree)
//! over a fixture with every kind of unit, a mechanical round trip on the fixture and on a copy
//! of the flagship site, and files that are rejected without anything being written.

use crate::common::{assert_contains, Site};
use haven::translation::segment::{parse_po_text, Piece, Segment};
use pulldown_cmark::{Event, Parser};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn haven(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_haven")).args(args).arg("--root").arg(root).output().expect("haven runs")
}

fn ok(out: Output) -> String {
    assert!(out.status.success(), "haven failed: {}\n{}", String::from_utf8_lossy(&out.stderr), String::from_utf8_lossy(&out.stdout));
    String::from_utf8(out.stdout).unwrap()
}

fn failed(out: Output) -> String {
    assert_eq!(out.status.code(), Some(1), "expected exit code 1; stdout: {}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8(out.stderr).unwrap()
}

/// Every file under `dir` with its bytes, to show that nothing changed.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), fs::read(e.path()).unwrap()))
        .collect()
}

/// The mechanical translation: the text upper-cased, placeholders kept.
fn upper(text: &str) -> String {
    let pieces: Vec<Piece> = parse_po_text(text).into_iter().map(|p| if let Piece::Text(t) = p { Piece::Text(t.to_uppercase()) } else { p }).collect();
    Segment { pieces, codes: Vec::new() }.po_text()
}

/// Fills every entry of a PO file with its upper-cased source, clears `fuzzy`, writes it back
/// with polib (a third-party writer: wrapped lines, its own header).
fn translate_po(path: &Path) -> usize {
    use polib::message::{MessageMutView, MessageView};
    let mut catalog = polib::po_file::parse(path).unwrap_or_else(|e| panic!("polib cannot read {}: {e:?}", path.display()));
    let mut n = 0;
    for mut m in catalog.messages_mut() {
        let t = upper(m.msgid());
        m.set_msgstr(t).unwrap();
        m.flags_mut().remove_flag("fuzzy");
        n += 1;
    }
    polib::po_file::write_to_file(&catalog, path).unwrap();
    n
}

fn po_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> =
        walkdir::WalkDir::new(dir).into_iter().map(|e| e.unwrap().into_path()).filter(|p| p.extension().is_some_and(|e| e == "po" || e == "xlf")).collect();
    v.sort();
    v
}

/// The block and inline structure of a Markdown body: tags only (no text, no link targets).
fn structure(body: &str) -> Vec<String> {
    Parser::new_ext(body, haven::translation::units::options())
        .filter_map(|e| match e {
            Event::Start(t) => Some(format!("{:?}", t).split(['{', '(']).next().unwrap().trim().to_string()),
            Event::End(t) => Some(format!("/{t:?}")),
            Event::Code(_) => Some("code".into()),
            Event::HardBreak => Some("br".into()),
            _ => None,
        })
        .collect()
}

fn body(path: &Path) -> String {
    haven::frontmatter::parse(&fs::read_to_string(path).unwrap()).unwrap().body
}

fn export(root: &Path, locale: &str, extra: &[&str]) -> String {
    let mut args = vec!["i18n", "export", locale];
    args.extend(extra);
    ok(haven(root, &args))
}

#[test]
fn po_export_has_every_unit_with_its_state_and_polib_reads_it() {
    let site = Site::fixture("i18n_exchange");
    let root = site.root();
    let said = export(&root, "es", &["--format", "po"]);
    assert_contains(&said, "wrote 3 files");
    let guide = polib::po_file::parse(&root.join("translations/es/guide.po")).expect("polib reads the export");
    assert_eq!(guide.metadata.language, "es");
    let by_id: BTreeMap<String, (String, String, bool)> =
        guide.messages().map(|m| (m.msgid().to_string(), (m.msgstr().unwrap().to_string(), m.msgctxt().unwrap_or("").to_string(), m.is_fuzzy()))).collect();
    for (source, translation) in [
        ("The guide", "La guía"),
        ("How to find help.", "Cómo encontrar ayuda."),
        ("Guide", "Guía"),
        (
            "Help is <1>free</1> and <2>private</2>. See <3>Contact</3> or call {4}.",
            "La ayuda es <1>gratuita</1> y <2>privada</2>. Mira <3>Contacto</3> o llama al {4}.",
        ),
        ("Where to start", "Por dónde empezar"),
        ("<1>Call:</1> a helpline, day or night.", "<1>Llama:</1> a una línea de ayuda, de día o de noche."),
        ("Text a friend you trust.", "Escribe a alguien de confianza."),
        ("Counselling", "Orientación"),
        ("<1>a coin</1> Low", "<1>una moneda</1> Bajo"),
        ("You choose what to say.", "Tú decides qué decir."),
    ] {
        let (tr, id, fuzzy) = by_id.get(source).unwrap_or_else(|| panic!("no entry for {source:?} in {by_id:?}"));
        assert_eq!(tr, translation, "{source}");
        assert!(!fuzzy, "{source}: the guide's translation is current");
        assert!(id.starts_with('u') && id.len() == 13, "{id}");
    }
    // The outdated home page: its translation is offered, marked fuzzy.
    let home = polib::po_file::parse(&root.join("translations/es/_index.po")).unwrap();
    let m = home.messages().find(|m| m.msgid() == "You are not alone. Read the <1>guide</1> first.").expect("home paragraph");
    assert_eq!(m.msgstr().unwrap(), "No estás sola. Lee primero la <1>guía</1>.");
    assert!(m.is_fuzzy());
    // The untranslated contact page: the shortcode's summary is a unit, the markers are not.
    let contact = polib::po_file::parse(&root.join("translations/es/contact.po")).unwrap();
    let ids: Vec<&str> = contact.messages().map(|m| m.msgid()).collect();
    assert!(ids.contains(&"This part talks about safety."), "{ids:?}");
    assert!(ids.contains(&"Write to us from a safe device."), "{ids:?}");
    assert!(ids.iter().all(|i| !i.contains("{%")), "{ids:?}");
    assert!(contact.messages().all(|m| m.msgstr().unwrap().is_empty()));
    // Comments say where each unit is and what each placeholder stands for.
    let text = fs::read_to_string(root.join("translations/es/guide.po")).unwrap();
    assert_contains(&text, "#: content/guide.md:10\n");
    assert_contains(&text, "#. <3>…</3> = link: [ … ](@/contact.md)");
    assert_contains(&text, "#. list item, under \"Where to start\"");
}

#[test]
fn identical_source_units_share_one_entry() {
    let site = Site::fixture("i18n_exchange");
    let root = site.root();
    export(&root, "es", &["--single"]);
    let text = fs::read_to_string(root.join("translations/es.po")).unwrap();
    assert_eq!(text.matches("msgid \"Ask before you share.\"").count(), 1, "{text}");
    let at = text.find("msgid \"Ask before you share.\"").unwrap();
    let entry = &text[text[..at].rfind("\n\n").unwrap()..at];
    assert_contains(entry, "#: content/contact.md:");
    assert_contains(entry, "#: content/guide.md:30");
}

#[test]
fn xliff_export_is_strict_xliff_2() {
    let site = Site::fixture("i18n_exchange");
    let root = site.root();
    export(&root, "es", &["--format", "xliff"]);
    let text = fs::read_to_string(root.join("translations/es/guide.xlf")).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let ns = "urn:oasis:names:tc:xliff:document:2.0";
    let x = doc.root_element();
    assert!(x.has_tag_name((ns, "xliff")));
    assert_eq!(x.attribute("version"), Some("2.0"));
    assert_eq!(x.attribute("srcLang"), Some("en"));
    assert_eq!(x.attribute("trgLang"), Some("es"));
    let files: Vec<_> = x.children().filter(|n| n.is_element()).collect();
    assert_eq!(files.len(), 1);
    assert!(files[0].has_tag_name((ns, "file")) && files[0].attribute("id").is_some());
    assert_eq!(files[0].attribute("original"), Some("content/guide.md"));
    let units: Vec<_> = files[0].children().filter(|n| n.has_tag_name((ns, "unit"))).collect();
    assert_eq!(units.len(), 17);
    let mut ids = std::collections::BTreeSet::new();
    for u in &units {
        assert!(ids.insert(u.attribute("id").unwrap()), "unit ids are unique");
        // Only XLIFF core elements, in their order.
        let kids: Vec<&str> = u.children().filter(|n| n.is_element()).map(|n| n.tag_name().name()).collect();
        assert!(kids.ends_with(&["segment"]), "{kids:?}");
        assert!(kids.iter().all(|k| ["notes", "originalData", "segment"].contains(k)), "{kids:?}");
        let seg = u.children().find(|n| n.has_tag_name((ns, "segment"))).unwrap();
        assert!(["initial", "translated"].contains(&seg.attribute("state").unwrap()));
        let parts: Vec<&str> = seg.children().filter(|n| n.is_element()).map(|n| n.tag_name().name()).collect();
        assert_eq!(parts, ["source", "target"], "the guide is translated");
        // Every inline code points at original data of its unit.
        let data: Vec<&str> = u.descendants().filter(|n| n.has_tag_name((ns, "data"))).map(|n| n.attribute("id").unwrap()).collect();
        for code in seg.descendants().filter(|n| n.has_tag_name((ns, "pc")) || n.has_tag_name((ns, "ph"))) {
            for attr in ["dataRef", "dataRefStart", "dataRefEnd"] {
                if let Some(r) = code.attribute(attr) {
                    assert!(data.contains(&r), "{r} not in {data:?}");
                }
            }
            assert!(code.attribute("id").unwrap().parse::<u32>().is_ok());
        }
    }
    let para = units.iter().find(|u| u.descendants().any(|n| n.text() == Some("Contact"))).unwrap();
    let source = para.descendants().find(|n| n.has_tag_name((ns, "source"))).unwrap();
    let kinds: Vec<&str> = source.children().filter(|n| n.is_element()).map(|n| n.tag_name().name()).collect();
    assert_eq!(kinds, ["pc", "pc", "pc", "ph"]);
    let link = para.descendants().find(|n| n.has_tag_name((ns, "data")) && n.attribute("id") == Some("d3e")).unwrap();
    assert_eq!(link.text(), Some("](@/contact.md)"));
}

/// Exports `locale` as PO, translates every entry mechanically, imports each file.
fn po_round_trip(root: &Path, locale: &str, extra_import: &[&str]) -> (usize, usize) {
    export(root, locale, &["--format", "po"]);
    let dir = root.join("translations").join(locale);
    let (mut files, mut entries) = (0, 0);
    for f in po_files(&dir) {
        entries += translate_po(&f);
        files += 1;
        let mut args = vec!["i18n", "import", f.to_str().unwrap()];
        args.extend(extra_import);
        ok(haven(root, &args));
    }
    (files, entries)
}

fn status(root: &Path, locale: &str) -> serde_json::Value {
    let out = ok(haven(root, &["i18n", "status", "--format", "json", "--locale", locale]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["locales"][0]["pages"].clone()
}

/// After a round trip: every page of `locale` is current, has its source's structure, and
/// re-exporting finds nothing untranslated or to review.
fn assert_complete(root: &Path, locale: &str) {
    let pages = status(root, locale);
    assert_eq!(pages["current"], pages["total"], "{pages}");
    for item in pages["items"].as_array().unwrap() {
        let (src, tr) = (root.join(item["source"].as_str().unwrap()), root.join(item["translation"].as_str().unwrap()));
        assert_eq!(structure(&body(&src)), structure(&body(&tr)), "{} has its source's structure", tr.display());
        let tr_body = body(&tr);
        for sc in ["{{ helplines() }}", "{% callout(kind=\"info\") %}", "{% end %}"] {
            assert_eq!(body(&src).matches(sc).count(), tr_body.matches(sc).count(), "{sc} in {}", tr.display());
        }
    }
    let said = export(root, locale, &["--single", "--out", root.join("again").to_str().unwrap()]);
    assert_contains(&said, "0 need review, 0 untranslated");
}

#[test]
fn po_round_trip_translates_every_unit_and_keeps_the_structure() {
    let site = Site::fixture("i18n_exchange");
    let root = site.root();
    let (files, entries) = po_round_trip(&root, "es", &[]);
    assert_eq!((files, entries), (3, 28));
    assert_complete(&root, "es");
    let guide = fs::read_to_string(root.join("content/guide.es.md")).unwrap();
    assert_contains(&guide, "slug = \"la-guia\"");
    assert_contains(&guide, "title = \"THE GUIDE\"");
    assert_contains(&guide, "menu_title = \"GUIDE\"");
    assert_contains(&guide, "HELP IS **FREE** AND *PRIVATE*. SEE [CONTACT](@/contact.md) OR CALL `112`.");
    assert_contains(&guide, "| COUNSELLING | ![A COIN](coin.png) LOW |");
    assert_contains(&guide, "- TEXT A FRIEND YOU TRUST.\n");
    let contact = fs::read_to_string(root.join("content/contact.es.md")).unwrap();
    assert_contains(&contact, "{% content_note(summary=\"THIS PART TALKS ABOUT SAFETY.\") %}\nWRITE TO US FROM A SAFE DEVICE.\n{% end %}");
    assert_contains(&contact, "1. USE A PRIVATE WINDOW.\n");
    let site = site.build();
    let report = site.report.as_ref().unwrap();
    assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
    let html = fs::read_to_string(site.out().join("es/la-guia/index.html")).unwrap();
    assert_contains(&html, "<strong>FREE</strong>");
    assert_contains(&html, "alt=\"A COIN\"");
}

/// Upper-cases the text of every `<source>` into a `<target>` (inline codes kept) and marks
/// the segment translated.
fn translate_xliff(path: &Path) {
    let text = fs::read_to_string(path).unwrap();
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(s) = rest.find("<source>") {
        let e = rest[s..].find("</source>").unwrap() + s;
        let inner = &rest[s + 8..e];
        let mut up = String::new();
        let mut in_tag = false;
        let mut in_entity = false;
        for c in inner.chars() {
            in_tag |= c == '<';
            in_entity |= c == '&';
            up.extend(if in_tag || in_entity { vec![c] } else { c.to_uppercase().collect() });
            in_tag &= c != '>';
            in_entity &= c != ';';
        }
        let before = rest[..s].replace("state=\"initial\"", "state=\"translated\"");
        out.push_str(&before);
        out.push_str(&format!("<source>{inner}</source>\n        <target>{up}</target>"));
        rest = &rest[e + 9..];
        // Drop the target the export wrote, if any.
        if let Some(t) = rest.find("<target>").filter(|t| rest[..*t].trim().is_empty()) {
            let te = rest.find("</target>").unwrap();
            let _ = t;
            rest = &rest[te + 9..];
        }
    }
    out.push_str(rest);
    fs::write(path, out).unwrap();
}

#[test]
fn xliff_round_trip_translates_every_unit_and_keeps_the_structure() {
    let site = Site::fixture("i18n_exchange");
    let root = site.root();
    export(&root, "ar", &["--format", "xliff", "--single"]);
    let file = root.join("translations/ar.xlf");
    translate_xliff(&file);
    roxmltree::Document::parse(&fs::read_to_string(&file).unwrap()).expect("still well-formed");
    let said = ok(haven(&root, &["i18n", "import", file.to_str().unwrap()]));
    assert_contains(&said, "content/guide.ar.md: 17 of 17 units from the file; marked current");
    assert_complete(&root, "ar");
}

#[test]
fn a_unit_whose_source_changed_since_the_export_is_reported_not_applied() {
    let site = Site::fixture("i18n_exchange");
    let root = site.root();
    export(&root, "es", &[]);
    let po = root.join("translations/es/contact.po");
    translate_po(&po);
    let src = root.join("content/contact.md");
    fs::write(&src, fs::read_to_string(&src).unwrap().replace("Use a private window.", "Use a private browser window.")).unwrap();
    let said = ok(haven(&root, &["i18n", "import", po.to_str().unwrap()]));
    assert_contains(&said, "not applied: unit ");
    assert_contains(&said, "its source changed since the export: \"Use a private window.\"");
    assert_contains(&said, "content/contact.es.md: 7 of 8 units from the file; not marked current");
    let written = fs::read_to_string(root.join("content/contact.es.md")).unwrap();
    assert_contains(&written, "1. Use a private browser window.\n");
    assert!(!written.contains("source_hash"), "{written}");
}

/// A bad file is refused with a message naming the unit, and no file of the site changes.
fn assert_rejected(root: &Path, po: &Path, edit: impl Fn(String) -> String, message: &str) {
    fs::write(po, edit(fs::read_to_string(po).unwrap())).unwrap();
    let before = snapshot(&root.join("content"));
    let err = failed(haven(root, &["i18n", "import", po.to_str().unwrap()]));
    assert_contains(&err, message);
    assert_contains(&err, "nothing was written");
    assert_eq!(before, snapshot(&root.join("content")), "no file was written");
}

#[test]
fn bad_files_are_rejected_naming_the_unit_and_nothing_is_written() {
    let site = Site::fixture("i18n_exchange");
    let root = site.root();
    export(&root, "es", &[]);
    let po = root.join("translations/es/guide.po");
    let orig = fs::read_to_string(&po).unwrap();
    let id = orig.split("msgctxt \"").nth(4).unwrap()[..13].to_string();
    // A broken placeholder in one unit: the other, good units are not written either.
    translate_po(&po);
    let bad = |t: String| t.replacen("</1> AND <2>PRIVATE</2>", " AND <2>PRIVATE</2>", 1);
    assert_rejected(&root, &po, bad, &format!("unit {id}: <1> is never closed with </1>"));
    fs::write(&po, &orig).unwrap();
    translate_po(&po);
    assert_rejected(&root, &po, |t| t.replace("{4}", ""), &format!("unit {id}: placeholder {{4}} (code) is missing"));
    // An id that no page has.
    fs::write(&po, &orig).unwrap();
    assert_rejected(&root, &po, |t| t.replacen(&id, "u000000000000", 1), "unit u000000000000: unknown id");
    // A file for a locale the site does not have, and one for the default locale.
    fs::write(&po, orig.replace("Language: es", "Language: de")).unwrap();
    let err = failed(haven(&root, &["i18n", "import", po.to_str().unwrap()]));
    assert_contains(&err, "locale \"de\" is not configured");
    fs::write(&po, orig.replace("Language: es", "Language: en")).unwrap();
    assert_contains(&failed(haven(&root, &["i18n", "import", po.to_str().unwrap()])), "is the default locale");
    // Not a PO file at all, and an XLIFF file that is not well-formed.
    fs::write(&po, "hello\n").unwrap();
    assert_contains(&failed(haven(&root, &["i18n", "import", po.to_str().unwrap()])), "cannot be read");
    let x = root.join("translations/bad.xlf");
    fs::write(&x, "<xliff version=\"2.0\"><file>").unwrap();
    assert_contains(&failed(haven(&root, &["i18n", "import", x.to_str().unwrap()])), "not well-formed XML");
}

#[test]
fn a_translation_laid_out_differently_is_kept_unless_restructure_is_given() {
    let site = Site::fixture("i18n_exchange");
    let root = site.root();
    let guide = root.join("content/guide.es.md");
    let own = fs::read_to_string(&guide).unwrap().replace("- Sigue leyendo.\n", "- Sigue leyendo.\n- En España, llama al 016.\n");
    fs::write(&guide, &own).unwrap();
    export(&root, "es", &[]);
    let po = root.join("translations/es/guide.po");
    translate_po(&po);
    let err = failed(haven(&root, &["i18n", "import", po.to_str().unwrap()]));
    assert_contains(&err, "content/guide.es.md: its sections, lists or tables differ from its source's");
    assert_eq!(fs::read_to_string(&guide).unwrap(), own);
    ok(haven(&root, &["i18n", "import", po.to_str().unwrap(), "--restructure"]));
    assert!(!fs::read_to_string(&guide).unwrap().contains("016"));
}

#[test]
fn flagship_round_trip_in_every_locale() {
    let site = crate::common::Site::flagship();
    let root = site.root();
    let mut counts = Vec::new();
    for locale in ["es", "fr", "uk", "ar"] {
        let (files, entries) = po_round_trip(&root, locale, &["--restructure"]);
        assert_complete(&root, locale);
        counts.push(format!("{locale}: {files} files, {entries} entries"));
    }
    eprintln!("flagship round trip: {}", counts.join("; "));
    // The helplines' words went into the word file, its comments kept; numbers stayed out.
    let words = fs::read_to_string(root.join("data/helplines.es.toml")).unwrap();
    assert_contains(&words, "# Spanish (español) words for the helplines");
    assert_contains(&words, "about = \"HOTLINE FOR HUMAN TRAFFICKING\"");
    assert!(!words.contains("phone"), "{words}");
    let built = Command::new(env!("CARGO_BIN_EXE_haven")).args(["build", "--root"]).arg(&root).arg("--output").arg(site.out()).output().unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let home = fs::read_to_string(site.out().join("es/index.html")).unwrap();
    assert_contains(&home, "DRUG USE AND HUMAN TRAFFICKING ARE OFTEN LINKED");
}

#[test]
fn fallback_false_keeps_untranslated_copies_out_of_other_locales() {
    let s = Site::fixture("i18n_exchange_fallback").build().ok();
    // `general.md` falls back; `local.md` (fallback = false) only where it is translated.
    assert!(s.out().join("fr/general/index.html").exists());
    assert!(s.out().join("es/local/index.html").exists(), "a translation is published");
    assert!(!s.out().join("fr/local/index.html").exists(), "no untranslated copy");
    // A section's `fallback = false` covers the section and its pages.
    for gone in ["fr/spain/index.html", "es/spain/index.html", "es/spain/hotline/index.html", "fr/spain/hotline/index.html"] {
        assert!(!s.out().join(gone).exists(), "{gone}");
    }
    assert!(s.out().join("spain/hotline/index.html").exists());
    // The language switcher and the site map follow.
    let local = s.read("local/index.html");
    assert_contains(&local, "href=\"/es/local/\"");
    assert!(!local.contains("/fr/local/"), "no switcher link to a page that is not there");
    let sitemap = s.read("sitemap.xml");
    assert_contains(&sitemap, "<loc>https://perpage.example/es/local/</loc>");
    assert!(!sitemap.contains("/fr/local/") && !sitemap.contains("/es/spain/"), "{sitemap}");
}

/// The stale notice as the Spanish strings word it, for a source dated `display`.
fn stale_notice(display: &str) -> String {
    format!("<p class=\"notice notice--stale\">La versión original de esta página se actualizó el {display}. Puede que esta traducción no esté al día. Leer el original: <a href=\"https://exchange.example/\" lang=\"en\" dir=\"ltr\" hreflang=\"en\">English</a></p>")
}

#[test]
fn a_translation_behind_its_source_shows_a_notice_linking_to_the_source() {
    // `_index.es.md` records a version its source no longer is; `guide.es.md` is current.
    let s = Site::fixture("i18n_exchange");
    let src = s.root().join("content/_index.md");
    let day = chrono::DateTime::<chrono::Utc>::from(fs::metadata(&src).unwrap().modified().unwrap()).format("%Y-%m-%d").to_string();
    let s = s.build().ok();
    let home = s.read("es/index.html");
    // No `date` and no git: the source file's modification day.
    assert_contains(&home, &stale_notice(&haven::dates::format_date(&day, "es")));
    assert!(!s.read("es/la-guia/index.html").contains("notice--stale"), "a current translation has no notice");
    assert!(!s.read("index.html").contains("notice--stale"));
    // Two builds of the same files are byte-identical.
    let again = Site::fixture("i18n_exchange");
    fs::copy(&src, again.root().join("content/_index.md")).unwrap();
    filetime_like(&src, &again.root().join("content/_index.md"));
    assert_eq!(again.build().ok().read("es/index.html"), home);
}

/// Gives `to` the modification time of `from`.
fn filetime_like(from: &Path, to: &Path) {
    let t = fs::metadata(from).unwrap().modified().unwrap();
    fs::File::options().write(true).open(to).unwrap().set_modified(t).unwrap();
}

#[test]
fn the_stale_notice_uses_the_source_date_and_can_be_turned_off() {
    let s = Site::fixture("i18n_exchange");
    s.write("content/_index.md", "+++\ntitle = \"Welcome\"\ndescription = \"A small site.\"\ndate = 2026-10-05\n+++\n\nYou are not alone.\n");
    let s = s.build().ok();
    assert_contains(&s.read("es/index.html"), &stale_notice(&haven::dates::format_date("2026-10-05", "es")));
    let off = Site::fixture("i18n_exchange");
    let toml =
        fs::read_to_string(off.root().join("site.toml")).unwrap().replace("default_locale = \"en\"\n", "default_locale = \"en\"\nstale_notice = false\n");
    off.write("site.toml", &toml);
    assert!(!off.build().ok().read("es/index.html").contains("notice--stale"));
}

/// Checks `value` against the parts of a JSON Schema this repository's schema uses: `type`,
/// `required`, `properties`, `items`, `$ref`, `const`, `enum`, `oneOf`.
fn conforms(schema: &serde_json::Value, root: &serde_json::Value, value: &serde_json::Value, at: &str) -> Result<(), String> {
    use serde_json::Value;
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/$defs/");
        return conforms(&root["$defs"][name], root, value, at);
    }
    if let Some(c) = schema.get("const") {
        if c != value {
            return Err(format!("{at}: {value} is not {c}"));
        }
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        if !e.contains(value) {
            return Err(format!("{at}: {value} not in {e:?}"));
        }
    }
    if let Some(alts) = schema.get("oneOf").and_then(Value::as_array) {
        if !alts.iter().any(|a| conforms(a, root, value, at).is_ok()) {
            return Err(format!("{at}: {value} matches no alternative"));
        }
    }
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    if let Some(t) = schema.get("type") {
        let allowed: Vec<&str> = t.as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_else(|| vec![t.as_str().unwrap()]);
        if !(allowed.contains(&kind) || kind == "integer" && allowed.contains(&"number")) {
            return Err(format!("{at}: {kind} where the schema says {allowed:?}"));
        }
    }
    for key in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
        let key = key.as_str().unwrap();
        if value.get(key).is_none() {
            return Err(format!("{at}: `{key}` is missing"));
        }
    }
    if let (Some(props), Some(obj)) = (schema.get("properties").and_then(Value::as_object), value.as_object()) {
        for (k, v) in obj {
            match props.get(k) {
                Some(s) => conforms(s, root, v, &format!("{at}.{k}"))?,
                None => return Err(format!("{at}.{k}: not in the schema")),
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), value.as_array()) {
        for (i, v) in arr.iter().enumerate() {
            conforms(items, root, v, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

#[test]
fn status_json_has_schema_1_and_follows_the_documented_schema() {
    let schema: serde_json::Value = serde_json::from_str(&fs::read_to_string(crate::common::repo().join("docs/i18n-status.schema.json")).unwrap()).unwrap();
    for root in [crate::common::repo().join("tests/fixtures/i18n_status"), crate::common::repo()] {
        let v: serde_json::Value = serde_json::from_str(&ok(haven(&root, &["i18n", "status", "--format", "json", "--no-history"]))).unwrap();
        assert_eq!(v["schema"], 1);
        conforms(&schema, &schema, &v, "$").unwrap_or_else(|e| panic!("{}: {e}", root.display()));
    }
    let doc = fs::read_to_string(crate::common::repo().join("docs/translating.md")).unwrap();
    assert_contains(&doc, "\"schema\": 1");
    assert_contains(&doc, "docs/i18n-status.schema.json");
}

#[test]
fn without_a_date_the_stale_notice_uses_the_sources_last_git_commit() {
    let s = Site::fixture("i18n_exchange");
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .arg("-C")
            .arg(s.root())
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"])
            .args(args)
            .env("GIT_COMMITTER_DATE", "2026-03-04T12:00:00Z")
            .env("GIT_AUTHOR_DATE", "2026-03-04T12:00:00Z")
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "site"]);
    let s = s.build().ok();
    assert_contains(&s.read("es/index.html"), &stale_notice(&haven::dates::format_date("2026-03-04", "es")));
}
