//! Search index contents in three scripts (sizes: tests/it/search_scripts.rs), and Atom feeds checked by a strict parser.

use crate::common::Site;

/// Every term of a locale's index (all term shards) and its page shard 0.
struct Index {
    words: std::collections::BTreeSet<String>,
    docs: serde_json::Value,
}

fn index(s: &Site, prefix: &str) -> Index {
    let meta: serde_json::Value = serde_json::from_str(&s.read(&format!("{prefix}search/meta.json"))).unwrap();
    let mut words = std::collections::BTreeSet::new();
    for k in 0..meta["terms"].as_array().unwrap().len() {
        let shard: serde_json::Value = serde_json::from_str(&s.read(&format!("{prefix}search/t{k}.json"))).unwrap();
        words.extend(shard.as_array().unwrap().iter().map(|e| e[0].as_str().unwrap().to_string()));
    }
    Index { words, docs: serde_json::from_str(&s.read(&format!("{prefix}search/d0.json"))).unwrap() }
}

fn has_word(idx: &Index, w: &str) -> bool {
    idx.words.contains(w)
}

#[test]
fn index_folds_accents_cyrillic_and_arabic_marks() {
    let s = Site::fixture("search").build().ok();
    let es = index(&s, "es/");
    for w in ["atencion", "medica", "rehabilitacion", "terapia", "psicologico"] {
        assert!(has_word(&es, w), "es index lacks {w}: {:?}", es.words);
    }
    assert!(!has_word(&es, "atención"), "accents are folded away");
    let uk = index(&s, "uk/");
    for w in ["лікування", "терапія", "реабілітація"] {
        assert!(has_word(&uk, w), "uk index lacks {w}");
    }
    let ar = index(&s, "ar/");
    assert!(has_word(&ar, "علاج"), "Arabic vowel marks and the article are folded away: {:?}", ar.words);
    assert!(has_word(&ar, "رعايه"), "ta marbuta is folded to ha");
    // Each locale indexes its own pages only.
    assert!(!has_word(&es, "therapy"));
    assert_eq!(es.docs[1][1], "/es/treatment/");
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
