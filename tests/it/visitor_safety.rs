//! Data safety for visitors (issue 12): no request or navigation to another origin gets past the
//! third-party check, settings that would hurt a visitor are errors naming the key, and the exit
//! control's strings are whole in every locale.

use crate::common::Site;
use std::path::Path;
use std::process::{Command, Output};

fn haven(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_haven")).args(args).arg("--root").arg(root).output().expect("haven runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// (host, line of content/requests.md) for every request the fixture's content makes.
const CONTENT_REQUESTS: &[(&str, usize)] = &[
    ("refresh.example", 8),
    ("base.example", 10),
    ("preconnect.example", 12),
    ("modulepreload.example", 14),
    ("ping.example", 16),
    ("form.example", 18),
    ("formaction.example", 18),
    ("svgimage.example", 20),
    ("svguse.example", 20),
    ("feimage.example", 20),
    ("svgscript.example", 22),
    ("imageset.example", 24),
    ("import.example", 26),
    ("styleurl.example", 26),
    ("object.example", 28),
    ("embed.example", 30),
    ("srcdoc.example", 32),
    ("poster.example", 34),
    ("track.example", 34),
    ("inputimage.example", 36),
    ("background.example", 38),
];

#[test]
fn every_request_to_another_origin_in_content_is_an_error_at_its_line() {
    let s = Site::fixture("vs_third_party").build();
    assert!(!s.report().written, "a site that contacts other origins must not be written");
    let found = s.findings("third-party");
    let all: Vec<String> = found.iter().map(|d| d.to_string()).collect();
    for (host, line) in CONTENT_REQUESTS {
        let d = found.iter().find(|d| d.message.contains(&format!("//{host}"))).unwrap_or_else(|| panic!("no finding for {host}:\n{}", all.join("\n")));
        assert!(d.is_error(), "{d}");
        assert_eq!(d.file.as_deref(), Some(Path::new("content/requests.md")), "{d}");
        assert_eq!(d.line, Some(*line), "{d}");
    }
    let content: Vec<&&haven::Diagnostic> = found.iter().filter(|d| d.file.as_deref() == Some(Path::new("content/requests.md"))).collect();
    assert_eq!(content.len(), CONTENT_REQUESTS.len(), "one finding per request:\n{}", all.join("\n"));
}

#[test]
fn requests_in_templates_name_the_template_and_links_are_not_requests() {
    let s = Site::fixture("vs_third_party").build();
    let found = s.findings("third-party");
    let all: Vec<String> = found.iter().map(|d| d.to_string()).collect();
    for (host, line) in [("dnsprefetch.example", 3), ("templateset.example", 4)] {
        let d = found.iter().find(|d| d.message.contains(host)).unwrap_or_else(|| panic!("no finding for {host}:\n{}", all.join("\n")));
        assert!(d.file.as_ref().is_some_and(|f| f.ends_with("templates/page.html")), "{d}");
        assert_eq!(d.line, Some(line), "{d}");
    }
    for link in ["nav.example", "nav2.example", "templatelink.example"] {
        assert!(!all.iter().any(|m| m.contains(&format!("//{link}"))), "a link is navigation by a click, not a request: {link}\n{}", all.join("\n"));
    }
}

#[test]
fn check_exits_non_zero_naming_rule_file_and_line() {
    let s = Site::fixture("vs_third_party");
    let out = haven(&["check"], &s.root());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error[third-party] content/requests.md:8: <meta http-equiv=\"refresh\"> makes visitors' browsers contact https://refresh.example/"),
        "{err}"
    );
    assert!(err.contains("error[third-party] content/requests.md:10: <base href>"), "{err}");
}

#[test]
fn a_base_on_the_sites_own_origin_warns() {
    let s = Site::fixture("vs_exit_url");
    s.write("content/based.md", "+++\ntitle = \"Based\"\ndescription = \"d\"\n+++\n\nText.\n\n<base href=\"/elsewhere/\">\n");
    let s = s.build();
    let d: Vec<_> = s.findings("base-element").into_iter().filter(|d| d.message.contains("page /based/")).collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(!d[0].is_error());
    assert_eq!((d[0].file.as_deref(), d[0].line), (Some(Path::new("content/based.md")), Some(8)), "{}", d[0]);
}

/// The fixture's site.toml with `from` replaced by `to`.
fn exit_site(from: &str, to: &str) -> Site {
    let s = Site::fixture("vs_exit_url");
    let cfg = std::fs::read_to_string(s.root().join("site.toml")).unwrap();
    assert!(cfg.contains(from), "{from}");
    s.write("site.toml", &cfg.replace(from, to));
    s
}

#[test]
fn quick_exit_urls_that_do_not_leave_for_another_site_are_errors_naming_the_key() {
    let bad = [
        "https://vs.example/",
        "https://www.vs.example/away",
        "https://",
        "https://localhost/",
        "https://127.0.0.1:1/neutral",
        "http://127.0.0.1:1/neutral",
        "https://a@b.example/",
        "javascript:history.back()",
        "http://weather.example/",
        "/weather/",
    ];
    for url in bad {
        let s = exit_site("url = \"https://weather.example/\"", &format!("url = \"{url}\""));
        let out = haven(&["build"], &s.root());
        assert_eq!(out.status.code(), Some(1), "{url} was accepted");
        let err = stderr(&out);
        assert!(err.contains("key `quick_exit.url`") && err.contains(&format!("{url:?}")), "{url}: {err}");
        assert!(!s.root().join("public").exists(), "{url}: nothing is written");
    }
    let s = exit_site("quick_exit_url = \"https://tiempo.example/\"", "quick_exit_url = \"https://vs.example/tiempo/\"");
    let out = haven(&["check"], &s.root());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("key `locales[1].quick_exit_url`"), "{}", stderr(&out));
}

#[test]
fn a_neutral_https_site_is_a_valid_exit() {
    let s = Site::fixture("vs_exit_url");
    let out = haven(&["check"], &s.root());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_locale_without_exit_strings_fails_build_and_check() {
    let s = Site::fixture("vs_exit_strings").build();
    assert!(!s.report().written);
    let exit = s.findings("exit-message");
    assert!(exit.iter().all(|d| d.is_error() && d.file.as_deref() == Some(Path::new("locales/de"))), "{exit:?}");
    for key in ["exit-this-page", "exit-emergency", "exit-hint", "exit-shift-remaining", "exit-expired", "exit-loading", "exit-hidden", "exit-show-again"] {
        assert!(exit.iter().any(|d| d.message.contains(&format!("`{key}`"))), "{key}: {exit:?}");
    }
    // Other strings missing in German still only warn.
    let other = s.findings("missing-message");
    assert!(other.iter().any(|d| d.message.contains("`skip-to-content`") && !d.is_error()), "{other:?}");
    let out = haven(&["check"], &s.root());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("error[exit-message] locales/de: interface string `exit-this-page`"), "{}", stderr(&out));
    // Without the German locale the same site checks clean.
    let cfg = std::fs::read_to_string(s.root().join("site.toml")).unwrap();
    s.write("site.toml", &cfg[..cfg.find("# No locales/de").unwrap()]);
    let out = haven(&["check"], &s.root());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_cyclic_exit_string_is_an_error_at_its_definition() {
    let s = Site::fixture("vs_exit_strings");
    let cfg = std::fs::read_to_string(s.root().join("site.toml")).unwrap();
    s.write("site.toml", &cfg[..cfg.find("# No locales/de").unwrap()]);
    let ftl = s.root().join("locales/es/interface.ftl");
    let text = std::fs::read_to_string(&ftl).unwrap();
    let line = text.lines().position(|l| l.starts_with("exit-emergency")).unwrap() + 1;
    let broken: String =
        text.lines().map(|l| if l.starts_with("exit-emergency") { "exit-emergency = { exit-emergency }" } else { l }).collect::<Vec<_>>().join("\n");
    s.write("locales/es/interface.ftl", &broken);
    let s = s.build();
    assert!(!s.report().written, "the page would ship {{exit-emergency}} on the exit button");
    let d = s.findings("exit-message");
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].is_error() && d[0].message.contains("`exit-emergency`"), "{}", d[0]);
    assert_eq!((d[0].file.as_deref(), d[0].line), (Some(Path::new("locales/es/interface.ftl")), Some(line)), "{}", d[0]);
}

#[test]
fn share_images_missing_from_the_output_are_errors_naming_key_file_and_line() {
    let s = Site::fixture("vs_share_image").build();
    assert!(!s.report().written);
    let d = s.findings("share-image");
    let all: Vec<String> = d.iter().map(|d| d.to_string()).collect();
    assert_eq!(d.len(), 2, "{all:#?}");
    let site = d.iter().find(|d| d.file.as_deref() == Some(Path::new("site.toml"))).unwrap_or_else(|| panic!("{all:#?}"));
    assert!(site.is_error() && site.message.contains("key `share_image`") && site.message.contains("/images/site-preview.png"), "{site}");
    assert_eq!(site.line, Some(4));
    let page = d.iter().find(|d| d.file.as_deref() == Some(Path::new("content/gone.md"))).unwrap_or_else(|| panic!("{all:#?}"));
    assert!(page.message.contains("/images/gone.png"), "{page}");
    assert_eq!(page.line, Some(6));
    // Once the images are there, the site builds (kept.md's absolute URL on the site resolves).
    std::fs::create_dir_all(s.root().join("static/images")).unwrap();
    for f in ["site-preview.png", "gone.png"] {
        std::fs::write(s.root().join("static/images").join(f), crate::common::TINY_PNG).unwrap();
    }
    let out = haven(&["build"], &s.root());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn every_string_of_the_exit_control_is_held_to_the_exit_rule() {
    // The rule covers messages named `exit-*`; the theme's exit partial must use no other name
    // for the control's texts (the skip link beside it is not part of the control).
    let partial = std::fs::read_to_string(crate::common::repo().join("themes/default/templates/partials/exit.html")).unwrap();
    let keys: Vec<&str> = partial.split("t(key=\"").skip(1).filter_map(|rest| rest.split('"').next()).collect();
    assert!(keys.len() >= 8, "{keys:?}");
    let others: Vec<&&str> = keys.iter().filter(|k| !haven::i18n::is_exit_message(k)).collect();
    assert_eq!(others, vec![&"skip-to-content"], "name the exit control's strings exit-*");
}
