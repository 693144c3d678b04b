//! Publishing anywhere: a site below a path (`base_url = "https://org.github.io/site"`), URLs as
//! Hugo and Zola users expect (folders, bundles, file names), moved pages, `_headers`, and the
//! `--base-url` option of `build` and `serve`.

use crate::common::{assert_contains, Site};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Every `href`, `src` and `action` value (and meta refresh target) of an HTML text.
fn urls_in(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\"", " action=\"", " data-index=\"", "content=\"0; url="] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            out.push(rest[..rest.find('"').unwrap_or(rest.len())].to_string());
        }
    }
    out
}

/// Below `/site/`: written so, relative to the page (`picture.svg`), a fragment, or external.
fn below_site(u: &str) -> bool {
    u.starts_with("/site/")
        || (!u.starts_with('/') && !u.contains(':'))
        || u.starts_with('#')
        || u.starts_with("https://org.github.io/site/")
        || (u.starts_with("https://") && !u.starts_with("https://org.github.io"))
        || u.starts_with("tel:")
}

#[test]
fn a_sub_path_site_has_every_url_below_the_path() {
    let site = Site::fixture("pub_subpath").build().ok();
    let files = site.html_files();
    assert!(files.len() > 15, "{files:?}");
    for f in &files {
        let html = site.read(f);
        let urls = urls_in(&html);
        assert!(urls.iter().any(|u| u == "/site/css/haven.css"), "{f}: no stylesheet below /site/");
        for u in urls {
            assert!(below_site(&u), "{f}: {u:?} is not below /site/");
        }
    }
    assert_contains(&site.read("search/index.html"), "data-index=\"/site/search/\"");
    assert_contains(&site.read("search/index.html"), "src=\"/site/js/search.js\"");
    let index: String =
        (0..).map(|k| site.out().join(format!("search/d{k}.json"))).take_while(|p| p.exists()).map(|p| std::fs::read_to_string(p).unwrap()).collect();
    assert_contains(&index, "\"/site/sinais-de-alerta/\"");
    assert!(!index.contains("\"/sinais-de-alerta/\""), "{index}");
    let sitemap = site.read("sitemap.xml");
    let locs: Vec<&str> = sitemap.split("<loc>").skip(1).map(|l| &l[..l.find('<').unwrap()]).collect();
    assert!(locs.len() >= 5 && locs.iter().all(|l| l.starts_with("https://org.github.io/site/")), "{locs:?}");
    let feed = site.read("atom.xml");
    assert_contains(&feed, "href=\"https://org.github.io/site/sinais-de-alerta/\"");
    assert_contains(&feed, "href=\"https://org.github.io/site/atom.xml\"");
    assert!(!feed.contains("href=\"/"), "{feed}");
}

#[test]
fn role_pages_are_linked_below_the_base_path() {
    // The footer's "Browse safely" and "About" links and the help link come from the pages'
    // roles (`site.roles`); they linked /browse-safely/ on a site under /site/ and failed its build.
    let site = Site::fixture("pub_subpath");
    site.write("content/browse-safely.md", "+++\ntitle = \"Browse safely\"\nrole = \"safety\"\n+++\nClear your history.\n");
    site.write("content/get-help.md", "+++\ntitle = \"Get help\"\nrole = \"help\"\n+++\nCall someone you trust.\n");
    site.write("content/about.md", "+++\ntitle = \"About\"\nrole = \"about\"\n+++\nWho we are.\n");
    let site = site.build().ok();
    for f in site.html_files() {
        for u in urls_in(&site.read(&f)) {
            assert!(below_site(&u), "{f}: {u:?} is not below /site/");
        }
    }
    let home = site.read("index.html");
    assert_contains(&home, "href=\"/site/browse-safely/\"");
    assert_contains(&home, "href=\"/site/get-help/\"");
    assert_contains(&home, "href=\"/site/about/\"");
    assert_contains(&site.read("about/index.html"), "href=\"/site/about/\" aria-current=\"page\"");
}

#[test]
fn a_root_relative_link_that_leaves_the_base_path_is_an_error() {
    let site = Site::fixture("pub_subpath");
    site.write("content/guides/b.md", "+++\ntitle = \"B\"\n+++\nIntro.\n\nSee [the old page](/guides/a/).\n");
    let site = site.build();
    let errs: Vec<String> = site.findings("broken-link").iter().map(|d| d.to_string()).collect();
    assert!(errs.iter().any(|e| e.contains("content/guides/b.md:6") && e.contains("leaves the base path /site")), "{errs:?}");
    assert!(!site.report().written);

    let site = Site::fixture("pub_subpath");
    let base = site.root().join("themes/default/templates/partials/footer.html");
    let text = std::fs::read_to_string(&base).unwrap().replace("<a href=\"{{ sitemap_url }}\">", "<a href=\"/sitemap/\">");
    std::fs::write(&base, text).unwrap();
    let site = site.build();
    let errs: Vec<String> = site.findings("broken-link").iter().map(|d| d.to_string()).collect();
    assert!(errs.iter().any(|e| e.contains("themes/default/templates") && e.contains("link to /sitemap/ leaves the base path")), "{errs:?}");

    let site = Site::fixture("pub_subpath");
    let base = site.root().join("themes/default/templates/base.html");
    let text = std::fs::read_to_string(&base).unwrap().replace("{{ site.base_path }}/css/haven.css", "/css/haven.css");
    std::fs::write(&base, text).unwrap();
    let site = site.build();
    let errs: Vec<String> = site.findings("broken-link").iter().map(|d| d.to_string()).collect();
    assert!(
        errs.iter().any(|e| e.contains("themes/default/templates/base.html:") && e.contains("<link> loads /css/haven.css, which leaves the base path /site")),
        "{errs:?}"
    );
    assert!(!site.report().written);
}

#[test]
fn folders_bundles_and_file_names_make_the_urls_hugo_and_zola_users_expect() {
    let site = Site::fixture("pub_subpath").build().ok();
    for f in [
        "guides/a/index.html",
        "bundle/index.html",
        "bundle/picture.svg",
        "es/bundle/index.html",
        "sinais-de-alerta/index.html",
        "es/sinais-de-alerta/index.html",
    ] {
        assert!(site.exists(f), "{f} missing");
    }
    assert!(!site.exists("a/index.html") && !site.exists("bundle/index/index.html"));
    let home = site.read("index.html");
    assert_contains(&home, "href=\"/site/sinais-de-alerta/\">warning signs</a>");
    assert_contains(&home, "href=\"/site/guides/a/\">guide</a>");
    assert_contains(&home, "href=\"/site/bundle/\">bundle</a>");
    assert_contains(&site.read("es/index.html"), "href=\"/site/es/sinais-de-alerta/\">sinais de alerta</a>");
    // A relative image is the file beside the page, below the base path, in every locale.
    assert_contains(&site.read("bundle/index.html"), "src=\"/site/bundle/picture.svg\"");
}

#[test]
fn an_at_link_left_as_text_is_an_error_with_file_and_line() {
    let site = Site::fixture("pub_subpath");
    site.write(
        "content/guides/b.md",
        "+++\ntitle = \"B\"\n+++\nIntro.\n\nSee [signs](@/sinais de alerta.md \"the signs\").\n\n`[code](@/not-a-link.md)` is fine.\n",
    );
    let site = site.build();
    let errs: Vec<String> = site.findings("broken-link").iter().map(|d| d.to_string()).collect();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].contains("content/guides/b.md:6") && errs[0].contains("@/sinais de alerta.md"), "{errs:?}");
}

#[test]
fn an_alias_writes_a_safe_noindex_redirect_page() {
    let site = Site::fixture("pub_subpath").build().ok();
    let page = site.read("old/signs/index.html");
    assert_contains(&page, "<meta http-equiv=\"refresh\" content=\"0; url=/site/sinais-de-alerta/\">");
    assert_contains(&page, "<meta name=\"robots\" content=\"noindex\">");
    assert_contains(&page, "<a href=\"/site/sinais-de-alerta/\">Warning signs</a>");
    assert_contains(&page, "<meta http-equiv=\"Content-Security-Policy\"");
    assert_contains(&page, "<link rel=\"canonical\" href=\"https://org.github.io/site/sinais-de-alerta/\">");
    assert_eq!(page.matches("href=\"https://neutral.example/\"").count(), 2, "both quick-exit links");
    assert!(!site.read("sitemap.xml").contains("old/signs"));
}

#[test]
fn an_alias_onto_a_page_or_another_origin_is_an_error() {
    let site = Site::fixture("pub_subpath");
    site.write("content/guides/b.md", "+++\ntitle = \"B\"\naliases = [\"/guides/a/\"]\n+++\nText.\n");
    site.write("content/guides/c.md", "+++\ntitle = \"C\"\n\naliases = [\"https://evil.example/x/\"]\n+++\nText.\n");
    let site = site.build();
    let errs: Vec<String> = site.findings("alias").iter().map(|d| d.to_string()).collect();
    assert!(errs.iter().any(|e| e.contains("content/guides/b.md:3") && e.contains("content/guides/a.md")), "{errs:?}");
    assert!(errs.iter().any(|e| e.contains("content/guides/c.md:4") && e.contains("another origin")), "{errs:?}");
    assert!(!site.report().written);
}

#[test]
fn headers_for_static_hosts_are_written_unless_turned_off() {
    let site = Site::fixture("pub_subpath").build().ok();
    let headers = site.read("_headers");
    let page = site.read("index.html");
    let csp = page.split("Content-Security-Policy\" content=\"").nth(1).and_then(|r| r.split('"').next()).unwrap().replace("&#39;", "'");
    assert_contains(&headers, &format!("/*\n  Content-Security-Policy: {csp}\n"));
    for h in [
        "Referrer-Policy: no-referrer",
        "X-Content-Type-Options: nosniff",
        "Permissions-Policy: camera=(), microphone=(), geolocation=(), interest-cohort=(), browsing-topics=()",
    ] {
        assert_contains(&headers, h);
    }
    let site = Site::fixture("pub_subpath");
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("{toml}\n[hosting]\nheaders = false\n"));
    let site = site.build().ok();
    assert!(!site.exists("_headers"));
}

#[test]
fn build_takes_base_url_from_the_command_line() {
    let site = Site::fixture("pub_subpath");
    let out = site.out();
    let status = Command::new(env!("CARGO_BIN_EXE_haven"))
        .args(["build", "--base-url", "https://preview.example/"])
        .arg("--root")
        .arg(site.root())
        .arg("--output")
        .arg(&out)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert_contains(&home, "href=\"/css/haven.css\"");
    assert_contains(&home, "<link rel=\"canonical\" href=\"https://preview.example/\">");
    assert!(!home.contains("/site/"), "{home}");
    let bad = Command::new(env!("CARGO_BIN_EXE_haven")).args(["check", "--base-url", "ftp://x"]).arg("--root").arg(site.root()).output().unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert_contains(&String::from_utf8_lossy(&bad.stderr), "--base-url");
}

struct Serve {
    child: Child,
    port: u16,
    _site: Site,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(args: &[&str]) -> Serve {
    let site = Site::fixture("pub_subpath");
    let mut child = Command::new(env!("CARGO_BIN_EXE_haven"))
        .args(["serve", "--port", "0"])
        .args(args)
        .arg("--root")
        .arg(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let port =
        line.trim().split("127.0.0.1:").nth(1).and_then(|r| r.split('/').next()).and_then(|p| p.parse().ok()).unwrap_or_else(|| panic!("no URL in {line:?}"));
    Serve { child, port, _site: site }
}

/// (status, Location, body) of a GET.
fn get(port: u16, path: &str) -> (u16, String, String) {
    let r = crate::common::http_get(port, path);
    (r.status, r.header("location"), r.body)
}

#[test]
fn serve_previews_at_the_root_by_default_and_below_a_path_when_asked() {
    let root = serve(&[]);
    let (status, _, body) = get(root.port, "/sinais-de-alerta/");
    assert_eq!(status, 200);
    assert_contains(&body, "href=\"/css/haven.css\"");
    let (status, location, _) = get(root.port, "/ES/sinais-de-alerta/");
    assert_eq!((status, location.as_str()), (301, "/es/sinais-de-alerta/"));
    drop(root);

    let sub = serve(&["--base-url", "http://127.0.0.1:1111/site"]);
    let (status, _, body) = get(sub.port, "/site/sinais-de-alerta/");
    assert_eq!(status, 200);
    assert_contains(&body, "href=\"/site/css/haven.css\"");
    assert_eq!(get(sub.port, "/site/css/haven.css").0, 200);
    assert_eq!(get(sub.port, "/site/bundle/picture.svg").0, 200);
    let (status, location, _) = get(sub.port, "/");
    assert_eq!((status, location.as_str()), (302, "/site/"));
    assert_eq!(get(sub.port, "/sinais-de-alerta/").0, 404);
    let (status, location, _) = get(sub.port, "/site/ES/");
    assert_eq!((status, location.as_str()), (301, "/site/es/"));
}

#[test]
fn a_draft_bundle_hides_its_files_too() {
    let site = Site::fixture("pub_subpath");
    let text = std::fs::read_to_string(site.root().join("content/bundle/index.md")).unwrap().replacen("+++\n", "+++\ndraft = true\n", 1);
    site.write("content/bundle/index.md", &text);
    site.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\nNo link to the draft.\n");
    let site = site.build().ok();
    assert!(!site.exists("bundle/index.html") && !site.exists("bundle/picture.svg") && !site.exists("es/bundle/index.html"));
    assert!(site.exists("guides/a/index.html"));
}
