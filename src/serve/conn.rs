//! Connections of `haven serve`: the accept loop, a bound on open connections, a deadline for
//! each request head (parsed by httparse), and writing one response per connection.
//!
//! The loop never ends on an accept error (running out of file descriptors, a connection reset
//! before it was accepted): it pauses and goes on. A connection that sends nothing, or half a
//! request, is closed when its head deadline passes; past [`MAX_CONNECTIONS`] a new connection
//! gets 503 at once, so idle ones can delay a request by one deadline at most.

use super::report::{Event, Reporter};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Connections being read or answered at once (live-reload streams are bounded by the hub).
pub(super) const MAX_CONNECTIONS: usize = 256;
/// How long a client has to send its whole request head.
pub(super) const HEAD_DEADLINE: Duration = Duration::from_secs(5);
/// How long one write of a response may block.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest request head read (request line and headers).
const MAX_HEAD: usize = 16 * 1024;
const MAX_HEADERS: usize = 64;

/// The request methods the server knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Method {
    Get,
    Head,
    Other,
}

/// A parsed request head.
#[derive(Debug)]
pub(super) struct Request {
    pub method: Method,
    /// The request target as sent (`/es/x/?a=1`).
    pub target: String,
    /// The `Host` header, if any.
    pub host: Option<String>,
}

/// Why no request could be read.
#[derive(Debug, PartialEq, Eq)]
enum HeadError {
    /// The head is larger than [`MAX_HEAD`] or has too many headers: 431.
    TooLarge,
    /// Not HTTP (or not UTF-8 where it must be): 400.
    Malformed,
    /// Closed, reset or silent past the deadline: no answer.
    Gone,
}

/// What a handler does with a request: it owns the connection from then on.
pub(super) type Handler = Arc<dyn Fn(Request, TcpStream) + Send + Sync>;

/// Accepts connections on `listener` on a thread of its own, each answered by `handler`.
pub(super) fn serve(listener: TcpListener, handler: Handler, report: Reporter) -> std::io::Result<()> {
    std::thread::Builder::new().name("haven-accept".into()).spawn(move || accept_loop(&listener, &handler, &report))?;
    Ok(())
}

fn accept_loop(listener: &TcpListener, handler: &Handler, report: &Reporter) {
    let open = Arc::new(AtomicUsize::new(0));
    let mut warned = false;
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                warned = false;
                dispatch(stream, &open, handler);
            }
            Err(e) => {
                if !warned {
                    report(Event::AcceptFailed { error: e.to_string() });
                    warned = true;
                }
                // Out of descriptors or memory: give the open connections time to close.
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

/// Holds one of the [`MAX_CONNECTIONS`] places until dropped.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

fn dispatch(mut stream: TcpStream, open: &Arc<AtomicUsize>, handler: &Handler) {
    if open.fetch_add(1, Ordering::AcqRel) >= MAX_CONNECTIONS {
        open.fetch_sub(1, Ordering::AcqRel);
        let _ = stream.set_write_timeout(Some(Duration::from_millis(100)));
        let _ = stream.write_all(b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return;
    }
    let slot = Slot(open.clone());
    let handler = handler.clone();
    // A thread that cannot be started drops the connection (and its place) with the closure.
    let _ = std::thread::Builder::new().spawn(move || {
        let _slot = slot;
        answer(stream, &handler);
    });
}

fn answer(mut stream: TcpStream, handler: &Handler) {
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    match read_head(&mut stream) {
        Ok(req) => {
            let _ = stream.set_read_timeout(None);
            handler(req, stream);
        }
        Err(HeadError::TooLarge) => Response::text(431, "request head too large").send(&mut stream, Method::Get),
        Err(HeadError::Malformed) => Response::text(400, "bad request").send(&mut stream, Method::Get),
        Err(HeadError::Gone) => {}
    }
}

/// Reads until the head is complete, the deadline passes or it grows too large.
fn read_head(stream: &mut TcpStream) -> Result<Request, HeadError> {
    let deadline = Instant::now() + HEAD_DEADLINE;
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(HeadError::Gone);
        }
        let n = match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return Err(HeadError::Gone),
            Ok(n) => n,
        };
        buf.extend_from_slice(&chunk[..n]);
        if let Some(req) = parse(&buf[..buf.len().min(MAX_HEAD)])? {
            return Ok(req);
        }
        if buf.len() >= MAX_HEAD {
            return Err(HeadError::TooLarge);
        }
    }
}

/// `Ok(None)`: the head is not complete yet.
fn parse(buf: &[u8]) -> Result<Option<Request>, HeadError> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    match req.parse(buf) {
        Ok(httparse::Status::Partial) => Ok(None),
        Ok(httparse::Status::Complete(_)) => {
            let method = match req.method {
                Some("GET") => Method::Get,
                Some("HEAD") => Method::Head,
                _ => Method::Other,
            };
            let target = req.path.ok_or(HeadError::Malformed)?.to_string();
            let host = req
                .headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case("host"))
                .map(|h| std::str::from_utf8(h.value).map(str::to_string))
                .transpose()
                .map_err(|_| HeadError::Malformed)?;
            Ok(Some(Request { method, target, host }))
        }
        Err(httparse::Error::TooManyHeaders) => Err(HeadError::TooLarge),
        Err(_) => Err(HeadError::Malformed),
    }
}

/// The body of a response.
pub(super) enum Body {
    Bytes(Arc<[u8]>),
    File(std::fs::File, u64),
}

/// A response, written with `Content-Length` and `Connection: close`.
pub(super) struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Body,
}

impl Response {
    pub(super) fn new(status: u16, body: Body) -> Response {
        Response { status, headers: Vec::new(), body }
    }

    pub(super) fn bytes(status: u16, bytes: impl Into<Arc<[u8]>>) -> Response {
        Response::new(status, Body::Bytes(bytes.into()))
    }

    /// A plain-text response.
    pub(super) fn text(status: u16, text: &str) -> Response {
        Response::bytes(status, text.as_bytes()).header("Content-Type", "text/plain; charset=utf-8")
    }

    pub(super) fn header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }

    /// Writes the response (only its head for `HEAD`); a client that went away is no error.
    pub(super) fn send(self, stream: &mut TcpStream, method: Method) {
        let len = match &self.body {
            Body::Bytes(b) => b.len() as u64,
            Body::File(_, len) => *len,
        };
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {len}\r\nConnection: close\r\n\r\n"));
        let _ = write_all(stream, head.as_bytes(), method, self.body);
    }
}

fn write_all(stream: &mut TcpStream, head: &[u8], method: Method, body: Body) -> std::io::Result<()> {
    stream.write_all(head)?;
    if method != Method::Head {
        match body {
            Body::Bytes(b) => stream.write_all(&b)?,
            Body::File(mut f, _) => {
                std::io::copy(&mut f, stream)?;
            }
        }
    }
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_heads_and_refuses_bad_ones() {
        let req = parse(b"GET /a?b HTTP/1.1\r\nHOST: localhost:1\r\n\r\n").unwrap().unwrap();
        assert_eq!((req.method, req.target.as_str(), req.host.as_deref()), (Method::Get, "/a?b", Some("localhost:1")));
        assert!(parse(b"GET /a HTTP/1.1\r\nHost: x").unwrap().is_none(), "half a head waits");
        assert_eq!(parse(b"GET /\xff\xfe HTTP/1.1\r\n\r\n").unwrap_err(), HeadError::Malformed);
        assert_eq!(parse(b"BREW / HTTP/1.1\r\n\r\n").unwrap().unwrap().method, Method::Other);
        assert!(parse(b"GET / HTTP/1.1\r\n\r\n").unwrap().unwrap().host.is_none());
    }
}
