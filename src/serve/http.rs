//! The requests of `haven serve`: files from the current snapshot, folders as `index.html`, the
//! site's 404 page, the live-reload script and its event stream; the error page while no build
//! has succeeded. Requests for another `Host` get 403 (see [`super::host`]).

use super::conn::{Body, Method, Request, Response};
use super::events::Hub;
use super::host::AllowedHosts;
use super::paths::{self, Refused};
use super::snapshot::{Current, Found, Snapshot};
use std::net::TcpStream;
use std::sync::Arc;

/// The script every dev page loads (see `pipeline::LIVE_RELOAD_TAG`).
pub(super) const LIVE_RELOAD_JS: &str = include_str!("livereload.js");
const SCRIPT_PATH: &str = "/__haven/livereload.js";
const EVENTS_PATH: &str = "/__haven/events";

/// What the handlers share.
pub(super) struct Shared {
    pub current: Current,
    pub hub: Arc<Hub>,
    /// URL prefixes of the locales that have one (`/es`), for their own 404 pages.
    pub locale_prefixes: Vec<String>,
    pub hosts: AllowedHosts,
    /// The path the site is served below (`/site`, from `--base-url`), or "".
    pub base_path: String,
}

/// Answers one request on its connection.
pub(super) fn handle(req: Request, mut stream: TcpStream, shared: &Shared) {
    let method = req.method;
    if !shared.hosts.allows(req.host.as_deref()) {
        return Response::text(403, "403 forbidden: unknown Host (open the preview at the address haven serve printed)").send(&mut stream, method);
    }
    if method == Method::Other {
        return Response::text(405, "405 method not allowed").header("Allow", "GET, HEAD").send(&mut stream, method);
    }
    let path = req.target.split(['?', '#']).next().unwrap_or("");
    if path == EVENTS_PATH && method == Method::Get {
        shared.hub.attach(stream);
        return;
    }
    respond(&req.target, path, shared).send(&mut stream, method);
}

fn respond(url: &str, path: &str, shared: &Shared) -> Response {
    if path == EVENTS_PATH {
        return Response::bytes(200, &b""[..]).header("Content-Type", "text/event-stream").header("Cache-Control", "no-store");
    }
    if path == SCRIPT_PATH {
        return Response::bytes(200, LIVE_RELOAD_JS.as_bytes()).header("Content-Type", "text/javascript; charset=utf-8").header("Cache-Control", "no-store");
    }
    let snap = shared.current.get();
    let base = shared.base_path.as_str();
    let Some(url) = below_base(url, base) else {
        return if path == "/" {
            Response::bytes(302, &b""[..]).header("Location", format!("{base}/"))
        } else {
            Response::text(404, &format!("404 not found: this preview serves the site below {base}/"))
        };
    };
    let path = url.split(['?', '#']).next().unwrap_or("");
    match lookup(&snap, url).map(|l| other_case(l, url, &shared.locale_prefixes)) {
        Ok(Lookup::File(found, name)) => found_response(found, &name, 200),
        Ok(Lookup::Redirect(to)) => Response::bytes(301, &b""[..]).header("Location", format!("{base}{to}")),
        Err(Refused::Forbidden) => Response::text(403, "403 forbidden"),
        Ok(Lookup::Missing) | Err(Refused::NotFound) => match first_build_errors(&snap, shared, path) {
            Some(page) => page,
            None => not_found(&snap, path, &shared.locale_prefixes),
        },
    }
}

/// The error page, for a page URL while no build has succeeded and the last one failed.
fn first_build_errors(snap: &Snapshot, shared: &Shared, path: &str) -> Option<Response> {
    let last = path.rsplit('/').next().unwrap_or("");
    let page_url = !last.contains('.') || last.ends_with(".html");
    let problems = shared.hub.errors().filter(|_| snap.build == 0 && page_url)?;
    let html = super::overlay::page(&problems);
    Some(Response::bytes(500, html.as_bytes()).header("Content-Type", "text/html; charset=utf-8").header("Cache-Control", "no-store"))
}

/// The part of a request URL below the base path (`/site/x/` -> `/x/`), `None` outside it.
fn below_base<'u>(url: &'u str, base: &str) -> Option<&'u str> {
    if base.is_empty() {
        return Some(url);
    }
    let rest = url.strip_prefix(base)?;
    if rest.is_empty() {
        Some("/")
    } else {
        rest.starts_with(['/', '?']).then_some(rest)
    }
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

fn found_response(found: Found, name: &str, status: u16) -> Response {
    let body = match found {
        Found::Memory(bytes) => Body::Bytes(bytes),
        Found::File(path) => match std::fs::File::open(&path).and_then(|f| f.metadata().map(|m| (f, m.len()))) {
            Ok((f, len)) => Body::File(f, len),
            Err(_) => return Response::text(404, "404 not found"),
        },
    };
    Response::new(status, body).header("Content-Type", paths::content_type(name)).header("Cache-Control", "no-store")
}

/// The site's 404 page (the locale's own under its prefix), with status 404.
fn not_found(snap: &Snapshot, path: &str, prefixes: &[String]) -> Response {
    let own = prefixes.iter().find(|p| path == p.as_str() || path.starts_with(&format!("{p}/")));
    let page = own.map(|p| format!("{}/404.html", p.trim_start_matches('/'))).unwrap_or_else(|| "404.html".into());
    match snap.get(&page).ok().flatten().or_else(|| snap.get("404.html").ok().flatten()) {
        Some(found) => found_response(found, "404.html", 404),
        None => Response::text(404, "404 not found"),
    }
}

/// Binds `addr:port`, or the next free port when it is taken (port 0: any free port).
pub(super) fn bind(addr: &str, port: u16) -> anyhow::Result<(std::net::TcpListener, u16)> {
    let mut last = None;
    for p in (0..20u16).filter_map(|i| port.checked_add(i)) {
        match std::net::TcpListener::bind((addr, p)) {
            Ok(l) => {
                let actual = l.local_addr().map(|a| a.port()).unwrap_or(p);
                return Ok((l, actual));
            }
            Err(e) => last = Some(e),
        }
        if port == 0 {
            break;
        }
    }
    Err(anyhow::anyhow!("cannot listen on {addr}:{port} or the next ports: {}", last.map(|e| e.to_string()).unwrap_or_default()))
}
