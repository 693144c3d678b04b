//! `haven serve` end to end: the real binary over a copy of `tests/fixtures/serve_site`, a raw
//! HTTP client, and the live-reload event stream.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use crate::common::copy_dir;

/// A running `haven serve`, stopped when dropped.
struct Serve {
    child: Child,
    port: u16,
    site: tempfile::TempDir,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    fn start() -> Serve {
        Serve::start_with(&["--port", "0"])
    }

    fn start_with(args: &[&str]) -> Serve {
        Serve::start_site(args, |_| {})
    }

    /// Starts on a copy of the fixture that `prepare` changed first.
    fn start_prepared(prepare: impl FnOnce(&std::path::Path)) -> Serve {
        Serve::start_site(&["--port", "0"], prepare)
    }

    fn start_site(args: &[&str], prepare: impl FnOnce(&std::path::Path)) -> Serve {
        let site = tempfile::tempdir().unwrap();
        copy_dir(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve_site"), site.path());
        prepare(site.path());
        let mut child = Command::new(env!("CARGO_BIN_EXE_haven"))
            .arg("serve")
            .args(args)
            .arg("--root")
            .arg(site.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let port = line.trim().trim_end_matches('/').rsplit(':').next().and_then(|p| p.parse().ok()).unwrap_or_else(|| panic!("no URL in {line:?}"));
        Serve { child, port, site }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.site.path().join(rel)
    }

    /// GET over a fresh connection: (status, content type, body).
    fn get(&self, path: &str) -> (u16, String, String) {
        get(self.port, path)
    }

    /// Rewrites a file of the site with `f` applied to its text; an edit that changes nothing
    /// (the fixture no longer has the text it replaces) fails here rather than as a timeout.
    #[track_caller]
    fn edit(&self, rel: &str, f: impl FnOnce(String) -> String) {
        let p = self.path(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        let edited = f(text.clone());
        assert_ne!(edited, text, "the edit of {rel} changed nothing");
        std::fs::write(&p, edited).unwrap();
    }

    fn events(&self) -> Events {
        Events::connect(self.port)
    }
}

fn get(port: u16, path: &str) -> (u16, String, String) {
    let r = crate::common::http_get(port, path);
    (r.status, r.header("content-type").to_ascii_lowercase(), r.body)
}

/// The live-reload stream: (event, data) pairs as they arrive.
struct Events {
    rx: Receiver<(String, String)>,
}

impl Events {
    fn connect(port: u16) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(s, "GET /__haven/events HTTP/1.1\r\nHost: localhost:{port}\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let (mut event, mut data) = (String::new(), String::new());
            for line in BufReader::new(s).lines() {
                let Ok(line) = line else { return };
                if let Some(v) = line.strip_prefix("event: ") {
                    event = v.to_string();
                } else if let Some(v) = line.strip_prefix("data: ") {
                    data = v.to_string();
                } else if line.is_empty() && !event.is_empty() && tx.send((std::mem::take(&mut event), std::mem::take(&mut data))).is_err() {
                    return;
                }
            }
        });
        let ev = Events { rx };
        ev.wait("hello");
        ev
    }

    /// The data of the next `kind` event (others are skipped); panics after 20 s.
    fn wait(&self, kind: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok((e, d)) if e == kind => return d,
                Ok(_) => {}
                Err(_) => panic!("no `{kind}` event within 20 s"),
            }
        }
    }

    /// Every event that arrives within `d`.
    fn collect(&self, d: Duration) -> Vec<(String, String)> {
        let deadline = Instant::now() + d;
        let mut out = Vec::new();
        while let Ok(e) = self.rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            out.push(e);
        }
        out
    }
}

#[test]
fn serves_pages_with_types_folders_and_the_404_page() {
    let s = Serve::start();
    let (status, ctype, body) = s.get("/");
    assert_eq!((status, ctype.as_str()), (200, "text/html; charset=utf-8"));
    assert!(body.contains("<script src=\"/__haven/livereload.js\" defer></script></body>"), "{body}");
    assert_eq!(s.get("/css/site.css").1, "text/css; charset=utf-8");
    assert_eq!(s.get("/__haven/livereload.js").1, "text/javascript; charset=utf-8");
    assert!(s.get("/__haven/livereload.js").2.contains("EventSource"));
    assert_eq!(s.get("/about/").0, 200);
    let (status, _, _) = s.get("/about");
    assert_eq!(status, 301, "a folder without its slash redirects");
    let (status, ctype, body) = s.get("/es/no-such-page/");
    assert_eq!((status, ctype.as_str()), (404, "text/html; charset=utf-8"));
    assert!(body.contains("lang=\"es\""), "the Spanish 404 page: {body}");
    let (status, _, body) = s.get("/no-such-page/");
    assert_eq!(status, 404);
    assert!(body.contains("lang=\"en\""));
}

#[test]
fn refuses_path_traversal() {
    let s = Serve::start();
    assert!(std::fs::read_to_string(s.path("site.toml")).unwrap().contains("serve.example.org"), "the leak check looks for text site.toml has");
    for path in ["/../site.toml", "/%2e%2e/site.toml", "/%2E%2E/%2E%2E/etc/passwd", "//etc/passwd", "/..%2fsite.toml", "/css/..%5c..%5csite.toml", "/a%00b"] {
        let (status, _, body) = s.get(path);
        assert_eq!(status, 403, "{path}: a way out of the output is forbidden");
        assert!(!body.contains("serve.example.org") && !body.contains("root:"), "{path} leaked a file: {body}");
    }
}

#[test]
fn content_edits_reload_with_the_new_text_in_every_locale() {
    let s = Serve::start();
    let ev = s.events();
    s.edit("content/about.md", |t| t.replace("a small campaign", "a growing campaign"));
    let data = ev.wait("reload");
    assert!(data.contains("\"css_only\":false"), "{data}");
    assert!(s.get("/about/").2.contains("a growing campaign"));
    s.edit("content/about.es.md", |t| t.replace("pequeña", "creciente"));
    ev.wait("reload");
    assert!(s.get("/es/about/").2.contains("creciente"));
}

#[test]
fn template_ftl_and_config_edits_reload() {
    let s = Serve::start();
    let ev = s.events();
    s.edit("themes/mini/templates/page.html", |t| t.replace("<article>", "<article class=\"edited-template\">"));
    ev.wait("reload");
    assert!(s.get("/about/").2.contains("edited-template"));
    s.edit("locales/es/main.ftl", |t| t.replace("Hola desde Fluent", "Saludos desde Fluent"));
    ev.wait("reload");
    assert!(s.get("/es/about/").2.contains("Saludos desde Fluent"));
    s.edit("site.toml", |t| t.replace("title = \"Serve fixture\"", "title = \"Renamed fixture\""));
    ev.wait("reload");
    assert!(s.get("/").2.contains("Renamed fixture"));
}

#[test]
fn a_stylesheet_change_swaps_css_without_a_reload() {
    let s = Serve::start();
    let ev = s.events();
    s.edit("themes/mini/static/css/site.css", |t| t + "main { color: #000; }\n");
    let data = ev.wait("reload");
    assert!(data.contains("\"css_only\":true"), "{data}");
    assert!(s.get("/css/site.css").2.contains("main { color: #000; }"));
}

#[test]
fn broken_front_matter_shows_file_and_line_then_clears() {
    let s = Serve::start();
    let ev = s.events();
    let good = std::fs::read_to_string(s.path("content/about.md")).unwrap();
    s.edit("content/about.md", |t| t.replacen("weight = 1\n", "weight = 1\ncolour = \"red\"\n", 1));
    let data = ev.wait("build-error");
    assert!(data.contains("\"file\":\"content/about.md\""), "{data}");
    assert!(data.contains("\"line\":5"), "{data}");
    assert!(data.contains("colour"), "{data}");
    assert_eq!(s.get("/about/").0, 200, "the last good site is still served");
    // A tab opened now gets the error at once.
    let late = s.events();
    late.wait("build-error");
    std::fs::write(s.path("content/about.md"), good.replace("a small campaign", "a fixed campaign")).unwrap();
    ev.wait("reload");
    assert!(s.get("/about/").2.contains("a fixed campaign"));
}

#[test]
fn an_atomic_save_with_swap_files_rebuilds_once() {
    let s = Serve::start();
    let ev = s.events();
    let dir = s.path("content");
    std::fs::write(dir.join(".about.md.swp"), "swap").unwrap();
    std::fs::write(dir.join("4913"), "").unwrap();
    std::fs::remove_file(dir.join("4913")).unwrap();
    let text = std::fs::read_to_string(dir.join("about.md")).unwrap().replace("a small campaign", "an atomic campaign");
    std::fs::write(dir.join("about.md.tmp"), &text).unwrap();
    std::fs::rename(dir.join("about.md.tmp"), dir.join("about.md")).unwrap();
    std::fs::write(dir.join("about.md~"), "backup").unwrap();
    let events = ev.collect(Duration::from_millis(1500));
    let reloads = events.iter().filter(|(e, _)| e == "reload").count();
    assert_eq!(reloads, 1, "{events:?}");
    assert!(s.get("/about/").2.contains("an atomic campaign"));
}

#[test]
fn keeps_serving_under_load_while_rebuilding() {
    // A short quiet window, so that the edits below are as many rebuilds.
    let s = Serve::start_with(&["--port", "0", "--debounce-ms", "5"]);
    let ev = s.events();
    let port = s.port;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let editor = {
        let (stop, about, page) = (stop.clone(), s.path("content/about.md"), s.path("themes/mini/templates/page.html"));
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                let text = std::fs::read_to_string(&about).unwrap();
                let next = match text.find("Edit ") {
                    Some(i) => format!("{}Edit {n}.\n", &text[..i]),
                    None => format!("{text}Edit {n}.\n"),
                };
                std::fs::write(&about, next).unwrap();
                if n % 4 == 0 {
                    let t = std::fs::read_to_string(&page).unwrap();
                    std::fs::write(&page, t.replacen("<article", "<article data-n", 1)).unwrap();
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            n
        })
    };
    let started = Instant::now();
    let workers: Vec<_> = (0..4)
        .map(|w| {
            std::thread::spawn(move || {
                let paths = ["/", "/about/", "/es/about/", "/news/first/", "/css/site.css", "/sitemap.xml"];
                let mut failed = Vec::new();
                for i in 0..2000 {
                    let path = paths[(i + w) % paths.len()];
                    let (status, _, body) = get(port, path);
                    let complete = if path.ends_with('/') { body.trim_end().ends_with("</html>") } else { !body.is_empty() };
                    if status != 200 || !complete {
                        failed.push(format!("{path}: {status}"));
                    }
                }
                failed
            })
        })
        .collect();
    let failed: Vec<String> = workers.into_iter().flat_map(|w| w.join().unwrap()).collect();
    let secs = started.elapsed().as_secs_f64();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let edits = editor.join().unwrap();
    let rebuilds = ev.collect(Duration::from_millis(300)).iter().filter(|(e, _)| e == "reload").count();
    let status = std::fs::read_to_string(format!("/proc/{}/status", s.child.id())).unwrap_or_default();
    let peak = status.lines().find(|l| l.starts_with("VmHWM")).unwrap_or("VmHWM: ?").to_string();
    eprintln!("load: 8000 requests in {secs:.2} s = {:.0} requests/s during {edits} edits and {rebuilds} rebuilds; server {peak}", 8000.0 / secs);
    assert!(failed.is_empty(), "{} failed requests, e.g. {:?}", failed.len(), &failed[..failed.len().min(5)]);
    assert!(rebuilds >= 3, "only {rebuilds} rebuilds happened during the load");
}

#[test]
fn takes_the_next_port_when_the_asked_one_is_busy() {
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port();
    let s = Serve::start_with(&["--port", &port.to_string()]);
    assert_ne!(s.port, port);
    assert_eq!(s.get("/").0, 200);
}

#[test]
fn the_polling_watcher_sees_edits_too() {
    let s = Serve::start_with(&["--port", "0", "--poll"]);
    let ev = s.events();
    s.edit("content/about.md", |t| t.replace("a small campaign", "a polled campaign"));
    ev.wait("reload");
    assert!(s.get("/about/").2.contains("a polled campaign"));
}

#[test]
fn a_date_edit_updates_the_section_list_and_the_feed() {
    let s = Serve::start();
    let ev = s.events();
    s.edit("content/news/first.md", |t| t.replace("date = 2026-01-05", "date = 2026-02-07"));
    ev.wait("reload");
    assert!(s.get("/news/").2.contains("2026-02-07"), "the section lists the new date");
    assert!(s.get("/atom.xml").2.contains("2026-02-07"), "the feed has the new date");
    assert!(s.get("/es/news/").2.contains("2026-01-05"), "the Spanish translation keeps its own date");
}

#[test]
fn a_new_static_file_is_served_and_links_to_it_resolve() {
    let s = Serve::start();
    let ev = s.events();
    std::fs::write(s.path("static/flyer.txt"), "print me").unwrap();
    ev.wait("reload");
    assert_eq!(s.get("/flyer.txt").2, "print me");
    s.edit("content/about.md", |t| t.replace("a small campaign", "a small campaign with a [flyer](/flyer.txt)"));
    let data = ev.wait("reload");
    assert!(data.contains("\"build\""), "{data}");
    assert!(s.get("/about/").2.contains("href=\"/flyer.txt\""));
}

/// Starts a server on the fixture with search on, `content/news/first.md` tagged `outreach`, and
/// a site map that shows it.
fn start_with_search_and_a_tag() -> Serve {
    Serve::start_prepared(|site| {
        let toml = site.join("site.toml");
        let text = std::fs::read_to_string(&toml).unwrap().replace("[search]\nenabled = false", "[search]\nenabled = true");
        std::fs::write(&toml, text).unwrap();
        // The mini theme has no search page, and its site map shows two levels: the post is on the third.
        let templates = site.join("themes/mini/templates");
        std::fs::write(templates.join("search.html"), "{% extends \"base.html\" %}\n{% block content %}<h1>Search</h1>{% endblock content %}\n").unwrap();
        let sitemap = "{% extends \"base.html\" %}\n{% block content %}<h1>Site map</h1>\n{% for n in tree %}<ul><li>{{ n.title }}{% for s in n.children %}<ul><li>{{ s.title }}{% for p in s.children %}<ul><li><a href=\"{{ p.url }}\">{{ p.title }}</a></li></ul>{% endfor %}</li></ul>{% endfor %}</li></ul>{% endfor %}\n{% endblock content %}\n";
        std::fs::write(templates.join("sitemap.html"), sitemap).unwrap();
        let page = site.join("content/news/first.md");
        let text = std::fs::read_to_string(&page).unwrap().replace("date = 2026-01-05\n", "date = 2026-01-05\ntags = [\"outreach\"]\n");
        std::fs::write(&page, text).unwrap();
    })
}

/// The text of every search shard of the locale below `prefix` (`""`, `/es`).
fn search_shards(s: &Serve, prefix: &str) -> String {
    let (status, _, meta) = s.get(&format!("{prefix}/search/meta.json"));
    assert_eq!(status, 200, "{prefix}/search/meta.json");
    let meta: serde_json::Value = serde_json::from_str(&meta).unwrap();
    let docs = meta["docs"].as_u64().unwrap().div_ceil(meta["per"].as_u64().unwrap());
    let terms = meta["terms"].as_array().unwrap().len();
    let names = (0..docs).map(|i| format!("d{i}.json")).chain((0..terms).map(|i| format!("t{i}.json")));
    names.map(|n| s.get(&format!("{prefix}/search/{n}")).2).collect::<Vec<_>>().join("\n")
}

#[test]
fn a_title_edit_shows_at_once_in_the_listing_tag_page_site_map_feed_and_search() {
    let s = start_with_search_and_a_tag();
    let ev = s.events();
    let pages = ["/news/", "/tags/outreach/", "/sitemap/", "/atom.xml"];
    for p in pages {
        assert!(s.get(p).2.contains("First post"), "{p} lists the page before the edit");
    }
    s.edit("content/news/first.md", |t| t.replace("title = \"First post\"", "title = \"Renamed bulletin\""));
    ev.wait("reload");
    for p in pages {
        let body = s.get(p).2;
        assert!(body.contains("Renamed bulletin") && !body.contains("First post"), "{p} shows the new title: {body}");
    }
    let shards = search_shards(&s, "");
    assert!(shards.contains("\"Renamed bulletin\"") && !shards.contains("\"First post\""), "the page shard has the new title");
    assert!(shards.contains("[\"bulletin\","), "the new title's words are search terms");
    assert!(s.get("/es/news/").2.contains("Primera entrada"), "the Spanish translation keeps its own title");
}

#[test]
fn a_body_edit_updates_the_search_shards() {
    let s = start_with_search_and_a_tag();
    let ev = s.events();
    assert!(!search_shards(&s, "").contains("[\"zebrafinch\","), "the word is new");
    s.edit("content/news/first.md", |t| t.replace("The first post of the campaign.", "The first post of the campaign, about a zebrafinch."));
    ev.wait("reload");
    assert!(search_shards(&s, "").contains("[\"zebrafinch\","), "the edited body's new word is a search term");
    assert!(!search_shards(&s, "/es").contains("zebrafinch"), "the Spanish index keeps its own text");
}
