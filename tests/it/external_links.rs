//! `haven check --external`: outgoing links are visited (here, a local server standing in for
//! the web), broken ones named with the pages that link to them, and links to the address the
//! site is built for (`--base-url`) are the site's own, never visited.

use crate::common::Site;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::Command;
use std::sync::{Arc, Mutex};

/// A server on a free port answering 200 to `/ok` and 404 to anything else; records the paths asked.
fn web() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = asked.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).map_or(true, |n| n == 0) || h == "\r\n" {
                    break;
                }
            }
            let status = if path == "/ok" { "200 OK" } else { "404 Not Found" };
            log.lock().unwrap().push(path);
            let mut stream = stream;
            let _ = write!(stream, "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    (port, asked)
}

#[test]
fn broken_outgoing_links_are_named_and_the_preview_address_is_not_visited() {
    let (port, asked) = web();
    let site = Site::fixture("minimal");
    // The quick exit leaves for a real site, which this closed network cannot reach.
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("{toml}\n[links]\nskip_external = [\"https://www.bbc.co.uk/\"]\n"));
    site.write(
        "content/outgoing.md",
        &format!(
            "+++\ntitle = \"Outgoing\"\ndescription = \"Links out.\"\n+++\n\n[A working service](http://127.0.0.1:{port}/ok), \
             [a moved service](http://127.0.0.1:{port}/gone) and [this page on the preview](https://preview.invalid/outgoing/).\n"
        ),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_haven"))
        .args(["check", "--external", "--base-url", "https://preview.invalid/", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "a broken link fails the check\n{stdout}\n{stderr}");
    assert!(stdout.contains(&format!("broken: http://127.0.0.1:{port}/gone (404) linked from /outgoing/index.html")), "{stdout}\n{stderr}");
    assert!(!stdout.contains("/ok") && !stdout.contains("preview.invalid"), "only broken links are reported:\n{stdout}");
    assert!(stderr.contains("2 outgoing links"), "the preview address is the site's own, not outgoing:\n{stderr}");
    let mut asked = asked.lock().unwrap().clone();
    asked.sort();
    asked.dedup();
    assert_eq!(asked, ["/gone", "/ok"]);
}
