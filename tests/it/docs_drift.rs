//! Documentation that cannot drift: every `site.toml` key and every front-matter key the code
//! accepts (read from the `Raw*` structs through serde, see `config::known_keys`) is in the
//! docs' tables, and every key in those tables is accepted by the code.

use std::collections::BTreeSet;
use std::path::PathBuf;

fn doc(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The keys of a doc's tables: the first cell of each row, written `` `key` ``.
fn doc_keys(text: &str) -> BTreeSet<String> {
    text.lines().filter_map(|l| l.strip_prefix("| `")).filter_map(|r| r.split_once('`')).map(|(k, _)| k.to_string()).collect()
}

/// What differs between the code's keys and a doc's, as sentences.
fn drift(code: &[String], doc_name: &str, text: &str) -> Vec<String> {
    let documented = doc_keys(text);
    let code: BTreeSet<String> = code.iter().cloned().collect();
    let mut out: Vec<String> = code.difference(&documented).map(|k| format!("`{k}` is accepted by the code but missing from docs/{doc_name}")).collect();
    out.extend(documented.difference(&code).map(|k| format!("`{k}` is in docs/{doc_name} but the code does not accept it")));
    out
}

#[test]
fn every_site_toml_key_is_documented_and_every_documented_key_exists() {
    let keys = haven::config::known_keys();
    assert!(keys.len() > 20, "{keys:?}");
    let problems = drift(&keys, "configuration.md", &doc("configuration.md"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_front_matter_key_is_documented_and_every_documented_key_exists() {
    let keys = haven::frontmatter::known_keys();
    assert!(keys.contains(&"aliases".to_string()) && keys.contains(&"title".to_string()), "{keys:?}");
    let problems = drift(&keys, "content.md", &doc("content.md"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_comparison_catches_a_missing_and_an_invented_key() {
    let text = doc("configuration.md");
    let without: String = text.lines().filter(|l| !l.starts_with("| `feeds.limit`")).map(|l| format!("{l}\n")).collect();
    assert_ne!(without, text);
    let with_invented = format!("{without}| `feeds.colour` | string | none | `colour = \"red\"` |\n");
    let problems = drift(&haven::config::known_keys(), "configuration.md", &with_invented);
    assert_eq!(
        problems,
        vec![
            "`feeds.limit` is accepted by the code but missing from docs/configuration.md".to_string(),
            "`feeds.colour` is in docs/configuration.md but the code does not accept it".to_string()
        ]
    );
    let fm = doc("content.md").replace("| `aliases` |", "| aliases |");
    assert_eq!(
        drift(&haven::frontmatter::known_keys(), "content.md", &fm),
        vec!["`aliases` is accepted by the code but missing from docs/content.md".to_string()]
    );
}

#[test]
fn the_docs_exist_and_their_links_lead_somewhere() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let site_toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
    assert!(site_toml.contains("docs/configuration.md"));
    for name in ["configuration.md", "content.md", "helplines.md", "theming.md", "translating.md", "deploying.md"] {
        // Links outside `code` (examples of link syntax are in code spans and blocks).
        let text: String = doc(name).split('`').step_by(2).collect::<Vec<_>>().join(" ");
        for (i, _) in text.match_indices("](") {
            let target = &text[i + 2..];
            let target = &target[..target.find(')').unwrap_or(0)];
            let file = target.split('#').next().unwrap_or("");
            if file.ends_with(".md") && !file.contains("://") && !file.starts_with("@/") && !file.starts_with('<') {
                assert!(root.join("docs").join(file).exists(), "docs/{name} links to {target}, which does not exist");
            }
        }
    }
    assert!(doc("configuration.md").contains("(helplines.md)"), "configuration.md links helplines.md");
}
