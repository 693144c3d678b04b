//! The HTTP side of `haven serve` (tiny_http): files from the current snapshot, folders as
//! `index.html`, the site's 404 page, the live-reload script and its event stream.

use super::events::Hub;
use super::paths::{self, Refused};
use super::snapshot::{Current, Found, Snapshot};
use std::sync::Arc;
use tiny_http::{Header, Request, Response, Server};

/// The script every dev page loads (see `pipeline::LIVE_RELOAD_TAG`).
pub const LIVE_RELOAD_JS: &str = include_str!("livereload.js");
const SCRIPT_PATH: &str = "/__haven/livereload.js";
const EVENTS_PATH: &str = "/__haven/events";

/// What the handlers share.
pub struct Shared {
    pub current: Current,
    pub hub: Arc<Hub>,
    /// URL prefixes of the locales that have one (`/es`), for their own 404 pages.
    pub locale_prefixes: Vec<String>,
    /// The path the site is served below (`/site`, from `--base-url`), or "".
    pub base_path: String,
}

/// Answers requests on `threads` threads until the server is dropped.
pub fn spawn_workers(server: Arc<Server>, shared: Arc<Shared>, threads: usize) {
    for _ in 0..threads {
        let (server, shared) = (server.clone(), shared.clone());
        std::thread::spawn(move || {
            while let Ok(req) = server.recv() {
                // A bug in one request must not take a worker down with it.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handle(req, &shared)));
            }
        });
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn handle(req: Request, shared: &Shared) {
    let url = req.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("");
    if path == EVENTS_PATH {
        let hub = shared.hub.clone();
        if hub.clients() >= super::events::MAX_CLIENTS {
            let _ = req.respond(Response::from_string("too many live-reload connections").with_status_code(503));
            return;
        }
        hub.attach(req.into_writer());
        return;
    }
    if path == SCRIPT_PATH {
        let r = Response::from_string(LIVE_RELOAD_JS)
            .with_header(header("Content-Type", "text/javascript; charset=utf-8"))
            .with_header(header("Cache-Control", "no-store"));
        let _ = req.respond(r);
        return;
    }
    let snap = shared.current.get();
    let base = shared.base_path.as_str();
    let Some(url) = below_base(&url, base) else {
        let _ = if path == "/" {
            req.respond(Response::empty(302).with_header(header("Location", &format!("{base}/"))))
        } else {
            req.respond(Response::from_string(format!("404 not found: this preview serves the site below {base}/")).with_status_code(404))
        };
        return;
    };
    let path = url.split(['?', '#']).next().unwrap_or("");
    let _ = match lookup(&snap, url).map(|l| other_case(l, url, &shared.locale_prefixes)) {
        Ok(Lookup::File(found, name)) => respond_found(req, found, &name, 200),
        Ok(Lookup::Redirect(to)) => req.respond(Response::empty(301).with_header(header("Location", &format!("{base}{to}")))),
        Ok(Lookup::Missing) => not_found(req, &snap, path, &shared.locale_prefixes),
        Err(Refused::Forbidden) => req.respond(Response::from_string("403 forbidden").with_status_code(403)),
        Err(Refused::NotFound) => not_found(req, &snap, path, &shared.locale_prefixes),
    };
}

/// The part of a request URL below the base path (`/site/x/` -> `/x/`), `None` outside it.
fn below_base<'u>(url: &'u str, base: &str) -> Option<&'u str> {
    if base.is_empty() {
        return Some(url);
    }
    let rest = url.strip_prefix(base)?;
    if rest.is_empty() { Some("/") } else { rest.starts_with(['/', '?']).then_some(rest) }
}

/// A missing page under a locale prefix written in another case (`/PT-BR/x/`) redirects to the
/// configured one (`/pt-BR/x/`).
fn other_case(found: Lookup, url: &str, prefixes: &[String]) -> Lookup {
    if !matches!(found, Lookup::Missing) {
        return found;
    }
    let first = url.trim_start_matches('/').split(['/', '?']).next().unwrap_or("");
    match prefixes.iter().find(|p| p[1..].eq_ignore_ascii_case(first) && p[1..] != *first) {
        Some(p) => Lookup::Redirect(format!("{p}{}", &url[1 + first.len()..])),
        None => found,
    }
}

enum Lookup {
    File(Found, String),
    Redirect(String),
    Missing,
}

fn lookup(snap: &Snapshot, url: &str) -> Result<Lookup, Refused> {
    let (segs, slash) = paths::segments(url)?;
    let rel = segs.join("/");
    let file = if rel.is_empty() || slash { format!("{}{}index.html", rel, if rel.is_empty() { "" } else { "/" }) } else { rel.clone() };
    match snap.get(&file) {
        Err(()) => Err(Refused::Forbidden),
        Ok(Some(found)) => Ok(Lookup::File(found, file)),
        Ok(None) if !slash && !rel.is_empty() && snap.is_dir(&rel) => Ok(Lookup::Redirect(format!("/{}/", rel))),
        Ok(None) => Ok(Lookup::Missing),
    }
}

fn respond_found(req: Request, found: Found, name: &str, status: u16) -> std::io::Result<()> {
    let ctype = header("Content-Type", paths::content_type(name));
    let nocache = header("Cache-Control", "no-store");
    match found {
        Found::Memory(bytes) => req.respond(Response::from_data(bytes.to_vec()).with_status_code(status).with_header(ctype).with_header(nocache)),
        Found::File(path) => match std::fs::File::open(&path) {
            Ok(f) => req.respond(Response::from_file(f).with_status_code(status).with_header(ctype).with_header(nocache)),
            Err(_) => req.respond(Response::from_string("404 not found").with_status_code(404)),
        },
    }
}

/// The site's 404 page (the locale's own under its prefix), with status 404.
fn not_found(req: Request, snap: &Snapshot, path: &str, prefixes: &[String]) -> std::io::Result<()> {
    let own = prefixes.iter().find(|p| path == p.as_str() || path.starts_with(&format!("{p}/")));
    let page = own.map(|p| format!("{}/404.html", p.trim_start_matches('/'))).unwrap_or_else(|| "404.html".into());
    match snap.get(&page).ok().flatten().or_else(|| snap.get("404.html").ok().flatten()) {
        Some(found) => respond_found(req, found, "404.html", 404),
        None => req.respond(Response::from_string("404 not found").with_status_code(404)),
    }
}

/// Binds `addr:port`, or the next free port when it is taken (port 0: any free port).
pub fn bind(addr: &str, port: u16) -> anyhow::Result<(Server, u16)> {
    let mut last = None;
    for p in (0..20u16).filter_map(|i| port.checked_add(i)) {
        match Server::http((addr, p)) {
            Ok(s) => {
                let actual = s.server_addr().to_ip().map(|a| a.port()).unwrap_or(p);
                return Ok((s, actual));
            }
            Err(e) => last = Some(e),
        }
        if port == 0 {
            break;
        }
    }
    Err(anyhow::anyhow!("cannot listen on {addr}:{port} or the next ports: {}", last.map(|e| e.to_string()).unwrap_or_default()))
}
