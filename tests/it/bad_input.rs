//! Bad input: each kind is an error naming the file (and line), the build fails, nothing is written.

use crate::common::Site;
use std::fs;

/// Builds over an existing output folder and asserts it is left exactly as it was.
fn fails_and_keeps_old_output(s: Site) -> Site {
    fs::create_dir_all(s.out()).unwrap();
    fs::write(s.out().join("previous.html"), "previous build").unwrap();
    fs::write(s.out().join(haven::output::MARKER), haven::output::MARKER_TEXT).unwrap();
    let s = s.build();
    assert!(!s.errors().is_empty(), "expected errors");
    assert!(!s.report().written);
    assert_eq!(fs::read_to_string(s.out().join("previous.html")).unwrap(), "previous build");
    assert_eq!(fs::read_dir(s.out()).unwrap().count(), 2, "nothing new in the output (previous.html and the marker)");
    let leftovers: Vec<_> = fs::read_dir(s.tmp.path()).unwrap().filter_map(Result::ok).map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 2, "no staging folder left behind: {leftovers:?}");
    s
}

#[test]
fn malformed_front_matter_names_file_and_line_and_reports_all() {
    let s = fails_and_keeps_old_output(Site::fixture("bad_front_matter"));
    let fm = s.findings("front-matter");
    let broken = fm.iter().find(|d| d.file.as_ref().unwrap().ends_with("content/broken.md")).expect("broken.md reported");
    assert_eq!((broken.line, broken.column), (Some(3), Some(10)));
    assert!(broken.message.contains("`weight = \"heavy\"`") && broken.message.contains("expected i64"), "{}", broken.message);
    let unclosed = fm.iter().find(|d| d.file.as_ref().unwrap().ends_with("content/unclosed.md")).expect("both bad files reported in one run");
    assert_eq!(unclosed.line, Some(1));
    assert!(unclosed.message.contains("never closed"), "{}", unclosed.message);
}

#[test]
fn template_syntax_error_names_the_template() {
    let s = fails_and_keeps_old_output(Site::fixture("bad_template"));
    let d = s.findings("template");
    assert!(d.iter().any(|d| d.file.as_ref().unwrap().ends_with("templates/page.html")), "{d:?}");
}

#[test]
fn undefined_template_variable_is_an_error() {
    let s = fails_and_keeps_old_output(Site::fixture("undefined_variable"));
    let d = s.findings("template");
    assert!(d.iter().any(|d| d.message.contains("no_such_field")), "{d:?}");
}

#[test]
fn unknown_locale_suffix_is_an_error() {
    let s = fails_and_keeps_old_output(Site::fixture("bad_locale_suffix"));
    let d = s.findings("locale-suffix");
    assert_eq!(d.len(), 1);
    assert!(d[0].file.as_ref().unwrap().ends_with("content/page.de.md"));
    assert!(d[0].message.contains(".de"));
}

#[test]
fn two_sources_for_one_url_name_both_files() {
    let s = fails_and_keeps_old_output(Site::fixture("url_collision"));
    let d = s.findings("url-collision");
    assert!(!d.is_empty());
    assert!(d[0].message.contains("content/one.md") && d[0].message.contains("content/two.md"), "{}", d[0].message);
}

#[test]
fn fluent_syntax_error_has_file_line_and_column() {
    let s = fails_and_keeps_old_output(Site::fixture("bad_ftl"));
    let d = s.findings("fluent-syntax");
    assert!(!d.is_empty());
    assert!(d[0].file.as_ref().unwrap().ends_with("locales/es/extra.ftl"));
    assert_eq!(d[0].line, Some(2));
    assert!(d[0].column.is_some());
}

#[test]
fn invalid_utf8_names_file_and_line() {
    let s = Site::fixture("minimal");
    fs::write(s.root().join("content/latin1.md"), b"+++\ntitle = \"x\"\n+++\ncaf\xe9\n").unwrap();
    let s = fails_and_keeps_old_output(s);
    let d = s.findings("read");
    assert!(d[0].file.as_ref().unwrap().ends_with("content/latin1.md"));
    assert!(d[0].message.contains(":4:") && d[0].message.contains("UTF-8"), "{}", d[0].message);
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let s = Site::fixture("minimal");
    let p = s.root().join("content/secret.md");
    fs::write(&p, "+++\ntitle = \"x\"\n+++\n").unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).unwrap();
    // Running as root, permissions do not stop reading: a dangling symlink cannot be read either,
    // and the content walk names it as a link that cannot be followed.
    let (rule, words) = if fs::read(&p).is_ok() {
        eprintln!("unreadable_file_is_named: root reads a 0o000 file, so content/secret.md is a dangling symlink instead");
        fs::remove_file(&p).unwrap();
        std::os::unix::fs::symlink(s.root().join("content/no-such-target.md"), &p).unwrap();
        ("symlink", "cannot be followed")
    } else {
        ("read", "cannot read")
    };
    let s = fails_and_keeps_old_output(s);
    let found = s.findings(rule);
    assert!(found.iter().any(|d| d.file.as_ref().unwrap().ends_with("content/secret.md") && d.message.contains(words)), "{found:?}");
}

#[test]
fn missing_theme_template_is_an_error() {
    let s = Site::fixture("minimal");
    fs::remove_file(s.root().join("themes/default/templates/page.html")).unwrap();
    let s = fails_and_keeps_old_output(s);
    assert!(s.findings("template").iter().any(|d| d.message.contains("page.html")));
}

#[test]
fn unknown_config_key_stops_the_build_naming_it() {
    let s = Site::fixture("minimal");
    let cfg = fs::read_to_string(s.root().join("site.toml")).unwrap();
    s.write("site.toml", &format!("{cfg}\nthem = \"dark\"\n"));
    let err = haven::build(&s.options()).unwrap_err();
    let msg = format!("{err:#}");
    assert!(msg.contains("them") && msg.contains("site.toml"), "{msg}");
}

#[test]
fn output_folder_may_not_be_a_source_folder() {
    let s = Site::fixture("minimal");
    for bad in ["", "content", "locales", "themes/default"] {
        let mut o = s.options();
        o.output = s.root().join(bad);
        let err = haven::build(&o).unwrap_err();
        assert!(format!("{err:#}").contains("output folder"), "{bad}: {err:#}");
    }
    assert!(s.root().join("content/_index.md").exists(), "sources untouched");
}
