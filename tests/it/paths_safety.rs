//! Data safety of output paths, through the `haven` binary in `build` and `check`: every output
//! path stays inside the output folder, two things never share an output file, symlinks cannot
//! publish files from outside the site, and only what was meant is published.

use crate::common::{repo, Site};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A fixture copied to `<tmp>/site`, built into `<tmp>/nest/deep/public` so that a path
/// climbing out of the output folder would still land inside `<tmp>`, where the test looks.
struct Case {
    site: Site,
}

/// What one run of the binary did.
struct Run {
    code: Option<i32>,
    stderr: String,
}

impl Case {
    fn new(fixture: &str) -> Case {
        Case { site: Site::fixture(fixture) }
    }

    fn root(&self) -> PathBuf {
        self.site.root()
    }

    fn tmp(&self) -> &Path {
        self.site.tmp.path()
    }

    fn out(&self) -> PathBuf {
        self.tmp().join("nest/deep/public")
    }

    /// A previous, good output: the bytes a failed build must leave as they were.
    fn with_previous_output(self) -> Self {
        fs::create_dir_all(self.out().join("old")).unwrap();
        fs::write(self.out().join("index.html"), "previous home").unwrap();
        fs::write(self.out().join("old/index.html"), "previous page").unwrap();
        fs::write(self.out().join(haven::output::MARKER), haven::output::MARKER_TEXT).unwrap();
        self
    }

    fn haven(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_haven"))
            .args(args)
            .env("TMPDIR", self.tmp().join("nest/deep")) // `check` builds into a temp folder here
            .output()
            .expect("haven runs");
        Run { code: out.status.code(), stderr: String::from_utf8_lossy(&out.stderr).to_string() }
    }

    fn build(&self, extra: &[&str]) -> Run {
        let (root, out) = (self.root(), self.out());
        let mut args = vec!["build", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        self.haven(&args)
    }

    fn check(&self) -> Run {
        let root = self.root();
        self.haven(&["check", "--root", root.to_str().unwrap()])
    }

    /// Every path below the temp dir but outside the site's sources, with file bytes.
    fn around(&self) -> BTreeMap<String, Option<Vec<u8>>> {
        walkdir::WalkDir::new(self.tmp())
            .min_depth(1)
            .into_iter()
            .filter_entry(|e| e.path() != self.root())
            .map(|e| e.unwrap())
            .map(|e| {
                let rel = e.path().strip_prefix(self.tmp()).unwrap().to_string_lossy().to_string();
                (rel, e.file_type().is_file().then(|| fs::read(e.path()).unwrap()))
            })
            .collect()
    }

    /// Runs `build` and `check`; both must fail with every needle in their messages, leave the
    /// previous output byte for byte and create nothing outside it.
    fn fails_in_build_and_check(self, needles: &[&str]) -> Self {
        let before = self.around();
        for (cmd, run) in [("build", self.build(&[])), ("check", self.check())] {
            assert_eq!(run.code, Some(1), "{cmd} must fail:\n{}", run.stderr);
            for n in needles {
                assert!(run.stderr.contains(n), "{cmd}: expected {n:?} in:\n{}", run.stderr);
            }
            assert_eq!(self.around(), before, "{cmd} changed files around the output folder:\n{}", run.stderr);
        }
        self
    }

    /// The built output, relative path -> bytes.
    fn output(&self) -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(self.out())
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().strip_prefix(self.out()).unwrap().to_string_lossy().to_string(), fs::read(e.path()).unwrap()))
            .collect()
    }

    fn builds_clean(&self, extra: &[&str]) -> Run {
        let run = self.build(extra);
        assert_eq!(run.code, Some(0), "build must succeed:\n{}", run.stderr);
        run
    }
}

fn link(target: impl AsRef<Path>, at: impl AsRef<Path>) {
    let at = at.as_ref();
    fs::create_dir_all(at.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, at).unwrap();
}

#[test]
fn slugs_that_leave_or_replace_a_folder_are_errors_at_their_line() {
    let case = Case::new("paths_bad_slugs").with_previous_output();
    let names = ["escape", "home", "dot", "empty-segment", "absolute", "backslash", "pct-dots", "pct-slash", "pct-backslash"];
    let needles: Vec<String> = names.iter().map(|n| format!("error[output-path] content/{n}.md:4: front matter: `slug`")).collect();
    let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
    let case = case.fails_in_build_and_check(&needles);
    assert!(!case.tmp().join("nest/x").exists() && !case.tmp().join("x").exists());
    assert_eq!(fs::read(case.out().join("index.html")).unwrap(), b"previous home");
}

#[test]
fn a_file_name_that_is_not_a_plain_path_is_an_error_naming_it() {
    let case = Case::new("paths_leftovers").with_previous_output();
    fs::write(case.root().join("content/back\\slash.svg"), "<svg/>").unwrap();
    fs::write(case.root().join("static/a%2e%2e.css"), "x").unwrap();
    case.fails_in_build_and_check(&["error[output-path] content/back\\slash.svg: the file name", "error[output-path] static/a%2e%2e.css: the file name"]);
}

#[test]
fn tag_names_that_make_no_safe_path_are_errors_at_the_tags_line() {
    let needles: Vec<String> =
        ["climb", "empty", "symbols", "pct", "slash"].iter().map(|n| format!("error[output-path] content/{n}.md:5: front matter: tag")).collect();
    let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
    Case::new("paths_bad_tags").with_previous_output().fails_in_build_and_check(&needles);
}

#[test]
fn two_spellings_of_one_tag_slug_are_an_error_naming_both() {
    Case::new("paths_tag_collision").with_previous_output().fails_in_build_and_check(&[
        "error[tag-collision] content/b.md:5: the tags \"self-care\" and \"Self care\" (in content/a.md:4) both make the tag page `tags/self-care/`",
    ]);
}

#[test]
fn static_files_on_generated_files_are_errors_naming_both() {
    let needles = [
        "static/index.html and content/_index.md would both be written to index.html",
        "static/404.html and the generated 404 page would both be written to 404.html",
        "static/robots.txt and the generated robots.txt",
        "static/sitemap.xml and the generated sitemap.xml",
        "static/search/t0.json and the generated search index",
        "static/atom.xml and the generated feed",
        "static/search/index.html and the generated search page",
        "static/sitemap/index.html and the generated site map page",
    ];
    let case = Case::new("paths_static_collision").with_previous_output().fails_in_build_and_check(&needles);
    // Not a race: the same error on every run.
    for _ in 0..2 {
        assert!(case.build(&[]).stderr.contains(needles[1]));
    }
}

#[test]
fn a_content_file_on_a_static_file_is_an_error_naming_both() {
    Case::new("paths_asset_collision")
        .with_previous_output()
        .fails_in_build_and_check(&["error[output-collision] content/logo.svg: content/logo.svg and static/logo.svg would both be written to logo.svg"]);
}

#[test]
fn pages_on_one_url_or_on_a_generated_page_are_errors_naming_both() {
    Case::new("paths_page_collision").with_previous_output().fails_in_build_and_check(&[
        "error[output-collision] content/map.md:5: content/map.md and the generated site map page would both be written to sitemap/index.html",
        "content/one.md and content/two.md both map to the URL /same/",
    ]);
}

#[test]
fn a_site_static_file_overrides_the_theme_one() {
    let case = Case::new("paths_theme_override");
    let run = case.builds_clean(&[]);
    assert!(!run.stderr.contains("collision"), "{}", run.stderr);
    assert_eq!(case.output()["css/haven.css"], b"/* the site overrides the theme */\n");
    assert_eq!(case.output()["js/haven.js"], fs::read(repo().join("themes/default/static/js/haven.js")).unwrap());
}

#[test]
fn symlinks_out_of_the_site_are_errors_naming_the_link() {
    let case = Case::new("paths_symlinks").with_previous_output();
    let outside = case.tmp().join("outside");
    fs::create_dir_all(&outside).unwrap();
    fs::write(outside.join("secret.txt"), "outside secret").unwrap();
    link("/etc/passwd", case.root().join("static/passwd"));
    link(&outside, case.root().join("content/shared"));
    link(outside.join("secret.txt"), case.root().join("themes/default/static/secret.txt"));
    link(outside.join("secret.txt"), case.root().join("themes/default/templates/leak.html"));
    // A link that stays inside the site is fine.
    link("../static/real.css", case.root().join("content/inside.css"));
    let case = case.fails_in_build_and_check(&[
        "error[symlink] static/passwd: the symlink leads outside the site, to /etc/passwd",
        "error[symlink] content/shared: the symlink leads outside the site",
        "error[symlink] themes/default/static/secret.txt: the symlink leads outside the site",
        "error[symlink] themes/default/templates/leak.html: the symlink leads outside the site",
    ]);
    assert!(!case.build(&[]).stderr.contains("content/inside.css"));
}

#[test]
fn symlink_loops_are_errors_not_hangs() {
    let case = Case::new("paths_symlinks").with_previous_output();
    link(".", case.root().join("static/again"));
    link("self", case.root().join("content/self"));
    case.fails_in_build_and_check(&["error[symlink] static/again: symlink loop", "error[symlink] content/self: the symlink cannot be followed"]);
}

#[test]
fn a_symlink_into_an_allowed_folder_is_published() {
    let case = Case::new("paths_symlinks");
    let shared = case.tmp().join("shared-assets");
    fs::create_dir_all(&shared).unwrap();
    fs::write(shared.join("logo.svg"), "<svg id=\"shared\"/>").unwrap();
    link(&shared, case.root().join("static/shared"));
    let refused = case.build(&[]);
    assert_eq!(refused.code, Some(1), "{}", refused.stderr);
    assert!(refused.stderr.contains("error[symlink] static/shared: the symlink leads outside the site"), "{}", refused.stderr);
    let toml = fs::read_to_string(case.root().join("site.toml")).unwrap();
    fs::write(case.root().join("site.toml"), format!("{toml}\n[build]\nallow_symlinks_to = [\"../shared-assets\"]\n")).unwrap();
    case.builds_clean(&[]);
    assert_eq!(case.output()["shared/logo.svg"], b"<svg id=\"shared\"/>");
}

#[test]
fn a_symlink_inside_the_site_is_published() {
    let case = Case::new("paths_symlinks");
    link("../static/real.css", case.root().join("content/inside.css"));
    case.builds_clean(&[]);
    assert_eq!(case.output()["inside.css"], b"body{}\n");
}

#[test]
fn markdown_under_another_extension_is_an_error_never_copied() {
    let case = Case::new("paths_markdown_ext").with_previous_output().fails_in_build_and_check(&[
        "error[content-extension] content/upper.MD: a Markdown file must end in `.md`",
        "error[content-extension] content/long.markdown",
        "error[content-extension] content/mixed.Markdown",
    ]);
    assert!(!case.output().keys().any(|k| k.contains("upper") || k.contains("long")));
}

#[test]
fn editor_and_system_leftovers_are_never_published() {
    let case = Case::new("paths_leftovers");
    let leftovers = [
        "content/page.md~",
        "content/.#page.md",
        "content/#page.md#",
        "content/notes.bak",
        "content/x.swp",
        "static/.DS_Store",
        "static/Thumbs.db",
        "static/real.css.orig",
        "static/tmp.tmp",
        "themes/default/static/css/.haven.css.swp",
    ];
    for f in leftovers {
        fs::write(case.root().join(f), "leftover").unwrap();
    }
    fs::create_dir_all(case.root().join("static/.git")).unwrap();
    fs::write(case.root().join("static/.git/config"), "[core]").unwrap();
    fs::create_dir_all(case.root().join("static/.well-known")).unwrap();
    fs::write(case.root().join("static/.well-known/security.txt"), "Contact: mailto:x@paths.example").unwrap();
    let run = case.builds_clean(&[]);
    let out = case.output();
    assert!(out.contains_key(".well-known/security.txt"), "the one dot-folder that is meant: {:?}", out.keys());
    for f in leftovers.iter().chain(&["static/.git"]) {
        let name = Path::new(f).file_name().unwrap().to_string_lossy().to_string();
        assert!(!out.keys().any(|k| k.contains(&name)), "{name} published: {:?}", out.keys());
        assert!(run.stderr.contains(&format!("warning[leftover] {f}:")), "{f} not named in:\n{}", run.stderr);
    }
    assert!(!out.keys().any(|k| k.contains(".git") || k.contains("leftover")));
    assert!(!out.values().any(|v| v == b"leftover"));
    assert!(out.contains_key("real.css") && out.contains_key("page/index.html"));
}

#[test]
fn drafts_reach_the_output_by_no_route_unless_asked() {
    let case = Case::new("paths_drafts");
    case.builds_clean(&[]);
    let leaks: Vec<String> = case
        .output()
        .into_iter()
        .filter(|(k, v)| {
            let text = String::from_utf8_lossy(v).to_lowercase();
            k.contains("zz") || k.contains("hidden") || ["zzdraft", "zzsection", "/hidden/"].iter().any(|n| text.contains(n))
        })
        .map(|(k, _)| k)
        .collect();
    assert!(leaks.is_empty(), "drafts leaked into {leaks:?}");
    assert!(case.output().contains_key("public/index.html"));
    // With --drafts all of it is there: the check above can fail.
    case.builds_clean(&["--drafts"]);
    let out = case.output();
    for f in [
        "hidden/index.html",
        "es/hidden/index.html",
        "hidden/zzdraftasset.svg",
        "zzsection/child/index.html",
        "zzsection/zzdraftasset2.svg",
        "tags/zzdrafttag/index.html",
    ] {
        assert!(out.contains_key(f), "{f} missing with --drafts: {:?}", out.keys());
    }
    for f in ["atom.xml", "sitemap.xml", "sitemap/index.html"] {
        assert!(String::from_utf8_lossy(&out[f]).contains("/zzsection/child/"), "{f} lacks the draft with --drafts");
    }
    let shards: Vec<&String> = out.keys().filter(|k| k.starts_with("search/d")).collect();
    assert!(shards.iter().any(|k| String::from_utf8_lossy(&out[*k]).contains("/zzsection/child/")), "no search shard has the draft with --drafts: {shards:?}");
}

#[test]
fn the_sink_refuses_paths_that_are_not_plain() {
    let tmp = tempfile::tempdir().unwrap();
    for bad in ["../x", "/etc/x", "a/../b", "a//b", "%2e%2e/x", "a\\b", ""] {
        assert!(haven::outpath::OutputPath::new(bad).is_err(), "{bad}");
    }
    let sink = haven::output::DiskSink::new(&tmp.path().join("out"));
    let ok = haven::outpath::OutputPath::from_url("/a/b/").unwrap();
    haven::output::Sink::put(&sink, &ok, b"x".to_vec()).unwrap();
    assert_eq!(fs::read(tmp.path().join("out/a/b/index.html")).unwrap(), b"x");
}
