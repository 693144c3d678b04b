//! The optimised build (parallel, page bodies read when rendered) writes exactly the bytes of
//! the straightforward one (one thread, every body in memory): every file, compared whole.

use haven::{build, BuildOptions};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

fn build_into(root: &Path, out: &Path, reference: bool) -> Vec<String> {
    let mut opts = BuildOptions::new(root);
    opts.output = out.to_path_buf();
    opts.today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    opts.reference = reference;
    let report = build(&opts).expect("the build starts");
    let mut d: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    d.sort();
    d
}

/// Builds `root` both ways and compares outputs and findings; returns the number of files.
fn assert_identical(root: &Path) -> usize {
    let tmp = tempfile::tempdir().unwrap();
    let (fast, slow) = (tmp.path().join("fast"), tmp.path().join("slow"));
    let d_fast = build_into(root, &fast, false);
    let d_slow = build_into(root, &slow, true);
    assert_eq!(d_fast, d_slow, "{}: the findings differ", root.display());
    assert_eq!(fast.exists(), slow.exists(), "{}: only one build was written", root.display());
    if !fast.exists() {
        eprintln!("{}: not written ({} findings, the same both ways)", root.display(), d_fast.len());
        return 0;
    }
    let (a, b) = (files(&fast), files(&slow));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "{}: the file lists differ", root.display());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{}: {} differs between the two builds", root.display(), path.display());
    }
    a.len()
}

#[test]
fn optimised_build_is_byte_identical_to_the_straightforward_one() {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut compared = 0;
    for fixture in ["serve_site", "multilingual", "shortcodes", "tags", "search", "subdir_default", "minimal", "third_party"] {
        if manifest.join("tests/fixtures").join(fixture).join("site.toml").is_file() {
            let site = crate::common::Site::fixture(fixture);
            compared += assert_identical(&site.root());
        }
    }
    // The flagship site: the largest real site in the repository.
    compared += assert_identical(&manifest);
    assert!(compared > 50, "only {compared} files compared");
}
