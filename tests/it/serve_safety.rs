//! `haven serve` under hostile or careless use: foreign `Host` names (DNS rebinding), floods of
//! idle and half-open connections, live-reload tabs that come and go, a first build that fails,
//! source folders created after the start, and odd requests. The real binary over a copy of
//! `tests/fixtures/serve_site`, on 127.0.0.x only; every loop is bounded and each server stops
//! with its test.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// A running `haven serve`, stopped when dropped.
struct Serve {
    child: Child,
    addr: String,
    port: u16,
    site: tempfile::TempDir,
    /// The server's standard error.
    log: tempfile::NamedTempFile,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

impl Serve {
    fn start() -> Serve {
        Serve::start_with(&[], |_| {})
    }

    /// Starts on a copy of the fixture, changed by `prepare` first.
    fn start_with(args: &[&str], prepare: impl FnOnce(&Path)) -> Serve {
        Serve::launch(Command::new(env!("CARGO_BIN_EXE_haven")), args, prepare)
    }

    /// Starts with the open-files limit set by `ulimit` first (`-Sn 256`: the soft one only).
    fn start_limited(ulimit: &str) -> Serve {
        let mut sh = Command::new("sh");
        sh.args(["-c", &format!("ulimit {ulimit} && exec \"$0\" \"$@\""), env!("CARGO_BIN_EXE_haven")]);
        Serve::launch(sh, &[], |_| {})
    }

    fn launch(mut cmd: Command, args: &[&str], prepare: impl FnOnce(&Path)) -> Serve {
        let site = tempfile::tempdir().unwrap();
        copy_dir(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve_site"), site.path());
        prepare(site.path());
        let addr = args.windows(2).find(|w| w[0] == "--bind").map(|w| w[1].to_string()).unwrap_or_else(|| "127.0.0.1".into());
        let log = tempfile::NamedTempFile::new().unwrap();
        let mut child = cmd
            .args(["serve", "--port", "0", "--debounce-ms", "20"])
            .args(args)
            .arg("--root")
            .arg(site.path())
            .stdout(Stdio::piped())
            .stderr(log.reopen().unwrap())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let port = line.trim().trim_end_matches('/').rsplit(':').next().and_then(|p| p.parse().ok()).unwrap_or_else(|| panic!("no URL in {line:?}"));
        Serve { child, addr, port, site, log }
    }

    /// Whether the server is running and has reported no panic (of any thread).
    fn healthy(&mut self) -> bool {
        let log = std::fs::read_to_string(self.log.path()).unwrap_or_default();
        assert!(!log.contains("panicked"), "a thread of the server panicked: {log}");
        self.alive()
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.site.path().join(rel)
    }

    fn host(&self) -> String {
        format!("localhost:{}", self.port)
    }

    /// Sends `raw` as is over a fresh connection: (status, head, body).
    fn raw(&self, raw: &[u8]) -> (u16, String, String) {
        let mut s = TcpStream::connect((self.addr.as_str(), self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let _ = s.write_all(raw);
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        let text = String::from_utf8_lossy(&out).to_string();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
        (status, head.to_string(), body.to_string())
    }

    /// GET with `Host: localhost:PORT`: (status, body).
    fn get(&self, path: &str) -> (u16, String) {
        let (status, _, body) = self.raw(format!("GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", self.host()).as_bytes());
        (status, body)
    }

    /// Polls `GET path` every 100 ms until `ok` holds for it; panics after `secs`.
    fn poll(&self, path: &str, secs: u64, ok: impl Fn(u16, &str) -> bool) -> (u16, String) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let (status, body) = self.get(path);
            if ok(status, &body) {
                return (status, body);
            }
            assert!(Instant::now() < deadline, "GET {path} still {status} after {secs} s: {}", &body[..body.len().min(300)]);
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The server's thread count (Linux).
    fn threads(&self) -> usize {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        status.lines().find_map(|l| l.strip_prefix("Threads:")).and_then(|n| n.trim().parse().ok()).unwrap_or(0)
    }

    fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    fn events(&self) -> Events {
        Events::connect(self)
    }
}

/// One live-reload stream: its event names as they arrive, then `closed` when the server ends it.
struct Events {
    rx: Receiver<String>,
    stream: TcpStream,
}

impl Events {
    fn connect(s: &Serve) -> Events {
        let mut stream = TcpStream::connect((s.addr.as_str(), s.port)).unwrap();
        write!(stream, "GET /__haven/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n", s.host()).unwrap();
        let reader = stream.try_clone().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(reader).lines() {
                let Ok(line) = line else { break };
                if let Some(v) = line.strip_prefix("event: ") {
                    if tx.send(v.to_string()).is_err() {
                        return;
                    }
                }
            }
            let _ = tx.send("closed".into());
        });
        Events { rx, stream }
    }

    /// Waits up to `secs` for the event `kind`; `false` when it did not come.
    fn saw(&self, kind: &str, secs: u64) -> bool {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while let Ok(e) = self.rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            if e == kind {
                return true;
            }
        }
        false
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }
}

#[test]
fn answers_only_its_own_host_names() {
    let mut s = Serve::start();
    let p = s.port;
    for host in [format!("localhost:{p}"), format!("127.0.0.1:{p}"), format!("[::1]:{p}"), format!("LOCALHOST:{p}")] {
        let (status, _, body) = s.raw(format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes());
        assert_eq!(status, 200, "{host}");
        assert!(body.contains("</html>"), "{host}");
    }
    for host in [format!("evil.example:{p}"), "localhost".to_string(), format!("localhost:{}", p.wrapping_add(1)), format!("127.0.0.1.nip.io:{p}")] {
        let (status, _, body) = s.raw(format!("GET /about/ HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes());
        assert_eq!(status, 403, "{host}");
        assert!(!body.contains("About"), "{host} got the page");
    }
    let (status, _, _) = s.raw(b"GET / HTTP/1.0\r\n\r\n");
    assert_eq!(status, 403, "a request without Host");
    // The event stream too: a refused one is answered and closed, not held open.
    let (status, head, _) = s.raw(format!("GET /__haven/events HTTP/1.1\r\nHost: attacker.example:{p}\r\n\r\n").as_bytes());
    assert_eq!(status, 403);
    assert!(!head.contains("text/event-stream"), "{head}");
    assert!(s.healthy());
}

#[test]
fn bound_elsewhere_it_answers_that_address() {
    let s = Serve::start_with(&["--bind", "127.0.0.2"], |_| {});
    let p = s.port;
    let (status, _, _) = s.raw(format!("GET / HTTP/1.1\r\nHost: 127.0.0.2:{p}\r\n\r\n").as_bytes());
    assert_eq!(status, 200);
    let (status, _, _) = s.raw(format!("GET / HTTP/1.1\r\nHost: 127.0.0.3:{p}\r\n\r\n").as_bytes());
    assert_eq!(status, 403);
}

/// With a soft limit of 256 open files, the old server's accept loop ended after about 250
/// idle connections: the limit is raised to the hard one at the start.
#[test]
fn survives_a_thousand_idle_and_half_open_connections() {
    let _ = flood(Serve::start_limited("-Sn 256"));
}

/// With a hard limit of 200 open files (below the bound on connections), accepting fails for a
/// while: the loop goes on.
#[test]
fn survives_the_flood_at_a_low_hard_limit_of_open_files() {
    let s = flood(Serve::start_limited("-n 200"));
    let log = std::fs::read_to_string(s.log.path()).unwrap();
    assert!(log.contains("cannot accept a connection"), "the limit was never reached: {log}");
}

/// Opens 1,000 connections that send nothing or half a request line and holds them: the server
/// still answers within a bounded time, closes the idle ones, and serves normally after.
fn flood(mut s: Serve) -> Serve {
    let mut held = Vec::new();
    let opening = Instant::now();
    for i in 0..1000 {
        let Ok(mut c) = TcpStream::connect_timeout(&format!("127.0.0.1:{}", s.port).parse().unwrap(), Duration::from_secs(1)) else { continue };
        if i % 10 == 0 {
            let _ = c.write_all(b"GET /about/ HT"); // half a request line
        }
        held.push(c);
    }
    assert!(held.len() >= 900, "only {} connections opened", held.len());
    eprintln!("{} connections opened in {:.1} s", held.len(), opening.elapsed().as_secs_f64());
    // While they are held, the server answers within its head deadline (5 s) plus margin.
    let started = Instant::now();
    let (_, body) = s.poll("/", 20, |st, _| st == 200);
    assert!(body.contains("</html>"));
    eprintln!("first answer with {} idle connections held: {:.1} s", held.len(), started.elapsed().as_secs_f64());
    // The idle ones were closed by the server, not left to hang.
    let mut idle = held.remove(1);
    idle.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    let mut buf = [0u8; 256];
    let n = idle.read(&mut buf).unwrap_or(0);
    let answer = String::from_utf8_lossy(&buf[..n]).to_string();
    assert!(n == 0 || answer.starts_with("HTTP/1.1 503"), "an idle connection got {answer:?}");
    drop(held);
    for _ in 0..50 {
        assert_eq!(s.get("/about/").0, 200);
    }
    assert!(s.healthy(), "the server died");
    s
}

#[test]
fn live_reload_streams_free_their_place_and_the_oldest_gives_way() {
    let mut s = Serve::start();
    let before = s.threads();
    // 100 tabs come and go, one after the other: the next one is still welcome.
    for i in 0..100 {
        let ev = s.events();
        assert!(ev.saw("hello", 10), "tab {i} got no hello");
    }
    assert!(s.events().saw("hello", 10));
    // 64 tabs at once, then closed: their threads (and places) go within a few seconds.
    let tabs: Vec<Events> = (0..64).map(|_| s.events()).collect();
    assert!(tabs.iter().all(|t| t.saw("hello", 10)));
    assert!(s.threads() >= before + 64, "{} threads with 64 tabs, {before} before", s.threads());
    drop(tabs);
    let deadline = Instant::now() + Duration::from_secs(10);
    while s.threads() > before + 2 {
        assert!(Instant::now() < deadline, "closed streams still hold {} threads ({before} before)", s.threads());
        std::thread::sleep(Duration::from_millis(100));
    }
    eprintln!("threads: {before} before, {} after the tabs closed", s.threads());
    // At the bound, new tabs get in and the oldest are closed (three more than the bound, as up
    // to two closed streams may not have noticed yet).
    // One after the other, so that the server sees them in this order.
    let tabs: Vec<Events> = (0..64).map(|_| s.events()).inspect(|t| assert!(t.saw("hello", 10))).collect();
    let newest: Vec<Events> = (0..3).map(|_| s.events()).inspect(|t| assert!(t.saw("hello", 10), "a tab past the bound was refused")).collect();
    assert!(tabs[0].saw("closed", 10), "the oldest tab was not closed");
    assert!(!tabs[63].saw("closed", 1), "a newer tab was closed");
    assert!(!newest[2].saw("closed", 1), "the newest tab was closed");
    assert!(s.healthy());
}

#[test]
fn a_failed_first_build_serves_the_error_page_until_the_fix() {
    let s = Serve::start_with(&[], |root| {
        let p = root.join("content/about.md");
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, text.replacen("weight = 1\n", "weight = 1\ncolour = \"red\"\n", 1)).unwrap();
    });
    for path in ["/", "/about/", "/es/news/", "/index.html"] {
        let (status, body) = s.get(path);
        assert_eq!(status, 500, "{path}");
        assert!(body.contains("content/about.md:5"), "{path}: {body}");
        assert!(body.contains("colour"), "{path}: {body}");
        assert!(body.contains("<script src=\"/__haven/livereload.js\" defer></script>"), "{path}: {body}");
    }
    assert_eq!(s.get("/css/site.css").0, 404, "a stylesheet is not a page");
    let ev = s.events();
    assert!(ev.saw("build-error", 10), "a new tab hears of the error");
    s.poll("/", 1, |st, _| st == 500);
    let p = s.path("content/about.md");
    std::fs::write(&p, std::fs::read_to_string(&p).unwrap().replace("colour = \"red\"\n", "")).unwrap();
    assert!(ev.saw("reload", 20), "the page was not told to reload");
    let (_, body) = s.poll("/about/", 20, |st, _| st == 200);
    assert!(body.contains("a small campaign"), "{body}");
}

#[test]
fn a_static_folder_created_after_the_start_is_watched() {
    new_static_folder(&[]);
}

#[test]
fn the_polling_watcher_sees_a_new_static_folder_too() {
    new_static_folder(&["--poll"]);
}

fn new_static_folder(args: &[&str]) {
    let s = Serve::start_with(args, |root| std::fs::remove_dir_all(root.join("static")).unwrap());
    assert_eq!(s.get("/hello.txt").0, 404);
    std::fs::create_dir(s.path("static")).unwrap();
    std::fs::write(s.path("static/hello.txt"), "hello").unwrap();
    s.poll("/hello.txt", 20, |st, b| st == 200 && b == "hello");
    // Not only once: later files in it are seen too.
    std::fs::write(s.path("static/later.txt"), "later").unwrap();
    s.poll("/later.txt", 20, |st, b| st == 200 && b == "later");
}

#[test]
fn a_content_folder_removed_and_created_again_is_watched() {
    recreated_content_folder(&[]);
}

#[test]
fn the_polling_watcher_sees_a_recreated_content_folder_too() {
    recreated_content_folder(&["--poll"]);
}

fn recreated_content_folder(args: &[&str]) {
    let s = Serve::start_with(args, |_| {});
    let saved = tempfile::tempdir().unwrap();
    copy_dir(&s.path("content"), saved.path());
    std::fs::remove_dir_all(s.path("content")).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    copy_dir(saved.path(), &s.path("content"));
    let about = s.path("content/about.md");
    std::fs::write(&about, std::fs::read_to_string(&about).unwrap().replace("a small campaign", "a recreated campaign")).unwrap();
    s.poll("/about/", 20, |st, b| st == 200 && b.contains("a recreated campaign"));
    std::fs::write(&about, std::fs::read_to_string(&about).unwrap().replace("a recreated campaign", "a watched campaign")).unwrap();
    s.poll("/about/", 20, |st, b| st == 200 && b.contains("a watched campaign"));
}

#[test]
fn odd_requests_get_an_answer_and_never_crash_it() {
    let mut s = Serve::start();
    let h = s.host();
    let long = "a/".repeat(12_000);
    let many_headers: String = (0..100).map(|i| format!("X-H{i}: v\r\n")).collect();
    let cases: Vec<(Vec<u8>, &[u16])> = vec![
        (format!("GET /%2e%2e/%2e%2e/site.toml HTTP/1.1\r\nHost: {h}\r\n\r\n").into_bytes(), &[403]),
        (format!("GET /..%2f..%2fsite.toml HTTP/1.1\r\nHost: {h}\r\n\r\n").into_bytes(), &[403]),
        ([b"GET /\xff\xfe/ HTTP/1.1\r\nHost: ".as_slice(), h.as_bytes(), b"\r\n\r\n"].concat(), &[400]),
        (format!("GET /%ff%fe/ HTTP/1.1\r\nHost: {h}\r\n\r\n").into_bytes(), &[404]),
        (format!("GET /a%zz%4 HTTP/1.1\r\nHost: {h}\r\n\r\n").into_bytes(), &[404]),
        (format!("GET /{long} HTTP/1.1\r\nHost: {h}\r\n\r\n").into_bytes(), &[431]),
        (format!("GET /{} HTTP/1.1\r\nHost: {h}\r\n\r\n", "b".repeat(4000)).into_bytes(), &[404]),
        (format!("GET / HTTP/1.1\r\nHost: {h}\r\n{many_headers}\r\n").into_bytes(), &[431]),
        (format!("BREW / HTTP/1.1\r\nHost: {h}\r\n\r\n").into_bytes(), &[405]),
        (format!("DELETE /about/ HTTP/1.1\r\nHost: {h}\r\n\r\n").into_bytes(), &[405]),
        (format!("POST / HTTP/1.1\r\nHost: {h}\r\nContent-Length: 3\r\n\r\nabc").into_bytes(), &[405]),
        (format!("GET http://{h}/ HTTP/1.1\r\nHost: {h}\r\n\r\n").into_bytes(), &[403]),
        (b"\x00\x01\x02\x03\r\n\r\n".to_vec(), &[400]),
        (b"GET / HTTP/9\r\n\r\n".to_vec(), &[400]),
    ];
    for (raw, want) in &cases {
        let (status, _, body) = s.raw(raw);
        let shown = String::from_utf8_lossy(&raw[..raw.len().min(60)]).to_string();
        assert!(want.contains(&status), "{shown:?}: {status}");
        assert!(!body.contains("base_url"), "{shown:?} leaked site.toml");
        assert!(s.healthy(), "{shown:?} killed the server");
    }
    let (status, head, body) = s.raw(format!("HEAD /about/ HTTP/1.1\r\nHost: {h}\r\n\r\n").as_bytes());
    assert_eq!(status, 200);
    assert!(body.is_empty(), "HEAD got a body: {body}");
    let len: usize = head.lines().find_map(|l| l.strip_prefix("Content-Length: ")).and_then(|v| v.parse().ok()).unwrap_or(0);
    assert_eq!(len, s.get("/about/").1.len(), "HEAD tells the length of the page");
    assert_eq!(s.get("/").0, 200);
}

#[test]
fn files_added_while_serving_pass_the_build_checks_before_they_are_served() {
    let s = Serve::start();
    let events = s.events();
    // A symlink out of the site, added after the start: the preview treats it as `haven build`
    // does (an error; the last good site stays), never copying it as it is.
    std::os::unix::fs::symlink("/etc/passwd", s.path("static/passwd.txt")).unwrap();
    assert!(events.saw("hello", 10) && events.saw("build-error", 20), "the failed rebuild is reported to the browser");
    let (status, body) = s.get("/passwd.txt");
    assert_ne!(status, 200, "a symlink to /etc/passwd is never served");
    assert!(!body.contains("root:"), "no line of /etc/passwd reaches the browser");
    // Without it the next build goes through; an editor leftover added with it is not published.
    std::fs::remove_file(s.path("static/passwd.txt")).unwrap();
    std::fs::write(s.path("static/notes.txt~"), "draft notes").unwrap();
    std::fs::write(s.path("static/marker.txt"), "marker").unwrap();
    s.poll("/marker.txt", 20, |st, b| st == 200 && b == "marker");
    assert_ne!(s.get("/notes.txt~").0, 200, "an editor leftover is never served");
}
