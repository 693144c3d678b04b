//! Live-reload events over Server-Sent Events: each browser tab holds one connection on a thread
//! of its own; every build sends `reload` (or `build-error`) to all of them. A stream whose tab
//! went away frees its place within [`LIVENESS`]; past [`MAX_CLIENTS`] the oldest is closed (its
//! tab reconnects by itself), so a new tab is never locked out.

use super::overlay::Problem;
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// At most this many browser tabs listen at once.
pub(super) const MAX_CLIENTS: usize = 64;
/// A comment line keeps idle connections (and proxies) alive.
const KEEPALIVE: Duration = Duration::from_secs(15);
/// How often a stream checks that its tab is still there.
pub(super) const LIVENESS: Duration = Duration::from_millis(500);

/// The event every new connection gets first: the current build and, if any, its errors.
#[derive(Debug, Default, Clone)]
struct State {
    build: u64,
    errors: Option<Arc<[Problem]>>,
}

#[derive(Debug)]
struct Client {
    id: u64,
    tx: Sender<Arc<str>>,
}

/// Fans events out to the connected tabs.
#[derive(Debug, Default)]
pub(super) struct Hub {
    clients: Mutex<Vec<Client>>,
    next_id: AtomicU64,
    state: Mutex<State>,
}

impl Hub {
    pub(super) fn new(build: u64) -> Arc<Hub> {
        Arc::new(Hub { state: Mutex::new(State { build, errors: None }), ..Hub::default() })
    }

    /// A good build: pages reload (or only swap stylesheets).
    pub(super) fn reload(&self, build: u64, css_only: bool, ms: u128) {
        *self.state.lock().unwrap_or_else(|e| e.into_inner()) = State { build, errors: None };
        self.send(&format!("event: reload\ndata: {{\"build\":{build},\"css_only\":{css_only},\"ms\":{ms}}}\n\n"));
    }

    /// A failed build: the last good build is still served.
    pub(super) fn error(&self, problems: Vec<Problem>) {
        let problems: Arc<[Problem]> = problems.into();
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.errors = Some(problems.clone());
        let build = st.build;
        drop(st);
        self.send(&error_event(build, &problems));
    }

    /// The errors of the last build, when it failed.
    pub(super) fn errors(&self) -> Option<Arc<[Problem]>> {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).errors.clone()
    }

    fn send(&self, msg: &str) {
        let msg: Arc<str> = Arc::from(msg);
        self.lock().retain(|c| c.tx.send(msg.clone()).is_ok());
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Client>> {
        self.clients.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn detach(&self, id: u64) {
        self.lock().retain(|c| c.id != id);
    }

    /// Takes over an HTTP connection and streams events to it on a new thread, closing the
    /// oldest stream when [`MAX_CLIENTS`] are open.
    pub(super) fn attach(self: &Arc<Hub>, stream: TcpStream) {
        let (tx, rx) = mpsc::channel();
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        {
            let mut clients = self.lock();
            while clients.len() >= MAX_CLIENTS {
                clients.remove(0); // its thread sees the channel close and ends the stream
            }
            clients.push(Client { id, tx });
        }
        let st = self.state.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let hub = self.clone();
        let started = std::thread::Builder::new().name("haven-events".into()).spawn(move || {
            let mut first = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\nretry: 500\nevent: hello\ndata: {{\"build\":{}}}\n\n",
                st.build
            );
            if let Some(e) = &st.errors {
                first.push_str(&error_event(st.build, e));
            }
            stream_events(stream, first, rx);
            hub.detach(id);
        });
        if started.is_err() {
            self.detach(id);
        }
    }
}

fn error_event(build: u64, problems: &[Problem]) -> String {
    let json = serde_json::to_string(problems).unwrap_or_else(|_| "[]".into());
    format!("event: build-error\ndata: {{\"build\":{build},\"errors\":{json}}}\n\n")
}

/// Writes `first`, then each event, until the tab goes away or the hub drops the stream.
fn stream_events(mut stream: TcpStream, first: String, rx: Receiver<Arc<str>>) {
    if write(&mut stream, &first).is_err() {
        return;
    }
    let mut last_write = Instant::now();
    loop {
        let msg = match rx.recv_timeout(LIVENESS) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) if peer_closed(&mut stream) => return,
            Err(RecvTimeoutError::Timeout) if last_write.elapsed() < KEEPALIVE => continue,
            Err(RecvTimeoutError::Timeout) => Arc::from(": keep-alive\n\n"),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if write(&mut stream, &msg).is_err() {
            return;
        }
        last_write = Instant::now();
    }
}

fn write(stream: &mut TcpStream, msg: &str) -> std::io::Result<()> {
    stream.write_all(msg.as_bytes())?;
    stream.flush()
}

/// Whether the tab closed its end (a tab sends nothing after its request; anything it does
/// send is read and dropped).
fn peer_closed(stream: &mut TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let mut buf = [0u8; 512];
    let closed = loop {
        match stream.read(&mut buf) {
            Ok(0) => break true,
            Ok(_) => continue,
            Err(e) if e.kind() == ErrorKind::WouldBlock => break false,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => break true,
        }
    };
    closed || stream.set_nonblocking(false).is_err()
}
