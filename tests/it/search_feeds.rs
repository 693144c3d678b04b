//! Search index contents and size in three scripts, and Atom feeds checked by a strict parser.

use crate::common::Site;
use haven::search::{index_json, SearchDoc};

fn index(s: &Site, prefix: &str) -> serde_json::Value {
    serde_json::from_str(&s.read(&format!("{prefix}search.json"))).unwrap()
}

fn has_word(idx: &serde_json::Value, w: &str) -> bool {
    idx["words"].get(w).is_some()
}

#[test]
fn index_folds_accents_cyrillic_and_arabic_marks() {
    let s = Site::fixture("search").build().ok();
    let es = index(&s, "es/");
    for w in ["atencion", "medica", "rehabilitacion", "terapia", "psicologico"] {
        assert!(has_word(&es, w), "es index lacks {w}: {es}");
    }
    assert!(!has_word(&es, "atención"), "accents are folded away");
    let uk = index(&s, "uk/");
    for w in ["лікування", "терапія", "реабілітація"] {
        assert!(has_word(&uk, w), "uk index lacks {w}");
    }
    let ar = index(&s, "ar/");
    assert!(has_word(&ar, "العلاج"), "Arabic vowel marks are folded away: {ar}");
    assert!(has_word(&ar, "الرعايه"), "ta marbuta is folded to ha");
    // Each locale indexes its own pages only.
    assert!(!has_word(&es, "therapy"));
    assert_eq!(es["docs"][1][1], "/es/treatment/");
}

#[test]
fn index_of_a_thousand_page_locale_stays_under_one_megabyte() {
    // Zipf-like pseudo-words, as in the benchmark corpus, in Arabic script (2 bytes a letter).
    let letters: Vec<char> = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي".chars().collect();
    let mut seed = 7u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let docs: Vec<SearchDoc> = (0..1000)
        .map(|i| {
            let body: Vec<String> = (0..1000)
                .map(|_| {
                    let rank = 1 + (next() % 20000) * (next() % 20000) / 20000; // skewed to frequent words
                    let mut w = String::new();
                    let mut r = rank;
                    loop {
                        w.push(letters[(r % letters.len() as u64) as usize]);
                        r /= letters.len() as u64;
                        if r == 0 {
                            break;
                        }
                    }
                    w.push(letters[(rank % 7) as usize]);
                    w
                })
                .collect();
            SearchDoc::new(&format!("صفحة {i}"), &format!("/ar/s/{i}/"), "وصف قصير للصفحة", &[], &body.join(" "))
        })
        .collect();
    let json = index_json(&docs);
    assert!(json.len() < 1_000_000, "index is {} bytes", json.len());
    assert!(json.len() > 100_000, "the index holds real postings ({} bytes)", json.len());
}

fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children().find(|c| c.tag_name().name() == name && c.tag_name().namespace() == Some("http://www.w3.org/2005/Atom"))
}

#[test]
fn atom_feeds_are_well_formed_and_complete() {
    let s = Site::fixture("search").build().ok();
    let xml = s.read("atom.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let feed = doc.root_element();
    let ns = "http://www.w3.org/2005/Atom";
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some(ns));
    for required in ["id", "title", "updated", "author"] {
        assert!(child(feed, required).is_some(), "feed lacks <{required}>");
    }
    let entries: Vec<_> = feed.children().filter(|c| c.tag_name().name() == "entry").collect();
    assert_eq!(entries.len(), 2, "the two dated pages");
    assert_eq!(child(entries[0], "title").unwrap().text(), Some("Campaign news"), "newest first");
    assert_eq!(child(entries[1], "summary").unwrap().text(), Some("An earlier update & more."));
    for e in &entries {
        for required in ["id", "title", "updated", "link"] {
            assert!(child(*e, required).is_some(), "entry lacks <{required}>");
        }
        let updated = child(*e, "updated").unwrap().text().unwrap();
        assert!(chrono::DateTime::parse_from_rfc3339(updated).is_ok(), "RFC 3339 date: {updated}");
    }
    // Pages link their locale's feed.
    assert!(s.read("news/index.html").contains("href=\"https://multi.example/atom.xml\""));
    let es_xml = s.read("es/atom.xml");
    let es = roxmltree::Document::parse(&es_xml).unwrap();
    assert_eq!(es.root_element().attribute(("http://www.w3.org/XML/1998/namespace", "lang")), Some("es"));
}
