//! Incremental rebuilds after title, weight, date, description and tag edits give the files of
//! a full build: random edits on a generated site, each compared file by file.

use super::rebuild::{Builder, Outcome};
use super::report::{Event, Reporter};
use super::snapshot::{Found, Snapshot};
use crate::pipeline::BuildOptions;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

const TAGS: [&str; 3] = ["care", "rights", "safety"];

/// A two-locale site of the starter and a nested section of tagged, dated pages.
fn site(dir: &Path) -> Vec<PathBuf> {
    crate::init::init(&crate::init::InitOptions { dir: dir.to_path_buf(), locales: vec!["en".into(), "es".into()], name: None }).expect("starter site");
    let mut pages = Vec::new();
    let mut write = |rel: &str, text: String| {
        crate::fsutil::write(&dir.join("content").join(rel), text).expect("write");
        pages.push(PathBuf::from("content").join(rel));
    };
    write("topics/_index.md", "+++\ntitle = \"Topics\"\ndescription = \"All topics\"\nweight = 20\n+++\nTopics.\n".into());
    write("topics/care/_index.md", "+++\ntitle = \"Care\"\ndescription = \"Care topics\"\n+++\nCare.\n".into());
    write("topics/care/_index.es.md", "+++\ntitle = \"Cuidado\"\ndescription = \"Temas\"\n+++\nCuidado.\n".into());
    for i in 0..8 {
        let tags = format!("[\"{}\"]", TAGS[i % 3]);
        let folder = if i % 2 == 0 { "topics/care" } else { "topics" };
        let front =
            |title: &str| format!("+++\ntitle = \"{title} {i}\"\ndescription = \"About {i}\"\ndate = 2026-01-0{}\nweight = {i}\ntags = {tags}\n+++\n", i + 1);
        write(&format!("{folder}/page-{i}.md"), format!("{}Some text about page {i}.\n", front("Page")));
        if i % 3 == 0 {
            write(&format!("{folder}/page-{i}.es.md"), format!("{}Texto {i}.\n", front("Página")));
        }
    }
    pages
}

/// One random edit of the front matter of `text` (keys as [`site`] writes them).
fn edit(text: &str, rng: &mut fastrand::Rng, n: usize) -> String {
    let line = |key: &str, value: String| {
        text.lines().map(|l| if l.starts_with(&format!("{key} = ")) { format!("{key} = {value}") } else { l.to_string() }).collect::<Vec<_>>().join("\n") + "\n"
    };
    match rng.usize(0..5) {
        0 => line("title", format!("\"Edited {n}\"")),
        1 => line("weight", rng.usize(0..10).to_string()),
        2 => line("date", format!("2026-02-{:02}", rng.usize(1..28))),
        3 => line("description", format!("\"Described {n}\"")),
        _ => line("tags", format!("[\"{}\"]", TAGS[rng.usize(0..3)])),
    }
}

fn options(root: &Path) -> BuildOptions {
    let mut opts = BuildOptions::new(root);
    opts.dev = true;
    opts.base_url = Some("http://127.0.0.1:1111".into());
    opts.today = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).expect("a date");
    opts
}

fn published(outcome: Outcome) -> Snapshot {
    match outcome {
        Outcome::Published { snapshot, .. } => snapshot,
        Outcome::Failed(d) => panic!("the build failed: {d:?}"),
        Outcome::Nothing => panic!("nothing was built"),
    }
}

/// Every file a snapshot serves, by path below its folder.
fn files(s: &Snapshot) -> BTreeMap<String, Vec<u8>> {
    let mut names = BTreeSet::new();
    for e in walkdir::WalkDir::new(&s.dir.path).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        names.insert(e.path().strip_prefix(&s.dir.path).expect("below").to_string_lossy().replace('\\', "/"));
    }
    names.extend(s.overlay.keys().map(|k| k.trim_start_matches('/').to_string()));
    names
        .into_iter()
        .map(|n| {
            let bytes = match s.get(&n) {
                Ok(Some(Found::Memory(b))) => b.to_vec(),
                Ok(Some(Found::File(p))) => std::fs::read(p).expect("read"),
                _ => panic!("{n} is not served"),
            };
            (n, bytes)
        })
        .collect()
}

#[test]
fn listing_edits_give_the_files_of_a_full_build() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    let pages = site(&root);
    let fulls: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = fulls.clone();
    let report: Reporter = Arc::new(move |e| {
        if let Event::FullRebuild { why, .. } = e {
            seen.lock().expect("lock").push(why.to_string());
        }
    });
    let mut served = Builder::new(options(&root), tmp.path().join("a"), report.clone());
    let mut current = published(served.full());
    let mut rng = fastrand::Rng::with_seed(19);
    let edits = 24;
    for n in 0..edits {
        let rel = &pages[rng.usize(0..pages.len())];
        let text = std::fs::read_to_string(root.join(rel)).expect("read");
        std::fs::write(root.join(rel), edit(&text, &mut rng, n)).expect("write");
        current = published(served.apply(&BTreeSet::from([rel.clone()]), &current));
        let mut fresh = Builder::new(options(&root), tmp.path().join(format!("b{n}")), report.clone());
        let want = files(&published(fresh.full()));
        let got = files(&current);
        assert_eq!(got.keys().collect::<Vec<_>>(), want.keys().collect::<Vec<_>>(), "edit {n} of {}", rel.display());
        for (name, bytes) in &want {
            assert!(got[name] == *bytes, "edit {n} of {}: {name} differs from a full build", rel.display());
        }
    }
    let fulls = fulls.lock().expect("lock");
    assert!(fulls.len() < edits / 2, "most edits should be incremental, full builds: {fulls:?}");
}
