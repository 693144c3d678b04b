//! Live-reload events over Server-Sent Events: each browser tab holds one connection on a thread
//! of its own; every build sends `reload` (or `build-error`) to all of them.

use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// At most this many browser tabs listen at once; more get 503 and retry.
pub const MAX_CLIENTS: usize = 64;
/// A comment line keeps idle connections (and proxies) alive.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// The event every new connection gets first: the current build and, if any, its error.
#[derive(Debug, Default, Clone)]
struct State {
    build: u64,
    error: Option<String>,
}

/// Fans events out to the connected tabs.
#[derive(Debug, Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<Arc<str>>>>,
    state: Mutex<State>,
}

impl Hub {
    pub fn new(build: u64) -> Arc<Hub> {
        Arc::new(Hub { clients: Mutex::default(), state: Mutex::new(State { build, error: None }) })
    }

    /// A good build: pages reload (or only swap stylesheets).
    pub fn reload(&self, build: u64, css_only: bool, ms: u128) {
        *self.state.lock().unwrap_or_else(|e| e.into_inner()) = State { build, error: None };
        self.send(&format!("event: reload\ndata: {{\"build\":{build},\"css_only\":{css_only},\"ms\":{ms}}}\n\n"));
    }

    /// A failed build: `errors_json` is a JSON array of `{file, line, message}`.
    pub fn error(&self, errors_json: String) {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.error = Some(errors_json.clone());
        let build = st.build;
        drop(st);
        self.send(&format!("event: build-error\ndata: {{\"build\":{build},\"errors\":{errors_json}}}\n\n"));
    }

    fn send(&self, msg: &str) {
        let msg: Arc<str> = Arc::from(msg);
        self.clients.lock().unwrap_or_else(|e| e.into_inner()).retain(|c| c.send(msg.clone()).is_ok());
    }

    /// How many tabs are connected.
    pub fn clients(&self) -> usize {
        self.clients.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Takes over an HTTP connection and streams events to it on a new thread.
    /// Returns `false` (and writes nothing) when too many tabs are connected.
    pub fn attach(self: &Arc<Hub>, mut writer: Box<dyn Write + Send>) -> bool {
        let (tx, rx) = mpsc::channel();
        {
            let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
            clients.retain(|c| c.send(Arc::from(": ping\n\n")).is_ok());
            if clients.len() >= MAX_CLIENTS {
                return false;
            }
            clients.push(tx);
        }
        let st = self.state.lock().unwrap_or_else(|e| e.into_inner()).clone();
        std::thread::spawn(move || {
            let mut first = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\nretry: 500\nevent: hello\ndata: {{\"build\":{}}}\n\n",
                st.build
            );
            if let Some(e) = st.error {
                first.push_str(&format!("event: build-error\ndata: {{\"build\":{},\"errors\":{e}}}\n\n", st.build));
            }
            if writer.write_all(first.as_bytes()).and_then(|_| writer.flush()).is_ok() {
                stream(writer, rx);
            }
        });
        true
    }
}

fn stream(mut writer: Box<dyn Write + Send>, rx: Receiver<Arc<str>>) {
    loop {
        let msg = match rx.recv_timeout(KEEPALIVE) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => Arc::from(": keep-alive\n\n"),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if writer.write_all(msg.as_bytes()).and_then(|_| writer.flush()).is_err() {
            return;
        }
    }
}
