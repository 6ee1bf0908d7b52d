//! The dev server's connections: accepts them, keeps their number bounded, reads each
//! request head within size limits and a deadline, writes what [`super::http`] answers,
//! and keeps live-reload streams open. It must never let one client hold up another,
//! never buffer without limit, and never stop accepting.
//!
//! Why not a server crate: tiny_http, used before, panicked in its accept thread when
//! file handles ran out (and refused everyone from then on), chained pipelined responses
//! so one open event stream blocked every worker, and buffered header lines without
//! limit. What serve needs is small — GET and HEAD on loopback, bytes already in memory,
//! one event stream per tab — so it is written here, each limit named below.
//!
//! One thread per connection, at most [`Limits::connections`] of them. When that many are
//! open, a new client is not turned away while others sit idle: the connection that has
//! waited longest for a request head (a half-open or slow client, or an idle keep-alive)
//! is closed to make room. Clients that are being answered are never cut.

use std::collections::HashMap;
use std::io::{ErrorKind, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::http::{self, Answer, Request, Response, Shared};

/// The longest request line (method, path, version); longer gets 414.
const MAX_REQUEST_LINE: usize = 8 * 1024;
/// The longest request head, request line and headers together; longer gets 431.
const MAX_HEAD: usize = 32 * 1024;
/// The most header lines in one request; more gets 431.
const MAX_HEADERS: usize = 100;
/// How long a client has to send a whole request head, counted from connecting or from
/// the end of the previous answer; a slower one gets 408 (or, if silent, is closed).
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one write may wait for a client that does not read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take to read a whole answer (pages are in memory and this is
/// loopback: only a client that reads on purpose slowly gets near it).
const ANSWER_TIMEOUT: Duration = Duration::from_secs(30);
/// How often an idle event stream gets a comment, so proxies and browsers keep it.
const STREAM_KEEP_ALIVE: Duration = Duration::from_secs(15);
/// After an error answer, how much of the rest of the request is read and dropped (and
/// for how long), so the client gets the answer instead of a connection reset.
const LINGER: Duration = Duration::from_secs(1);
const LINGER_BYTES: usize = 256 * 1024;
/// Connection threads only parse heads and copy bytes.
const STACK_SIZE: usize = 256 * 1024;
/// File handles kept back from connections, for the watcher, rebuilds and the terminal.
const RESERVED_HANDLES: u64 = 64;
const MAX_CONNECTIONS: usize = 1024;
const MIN_CONNECTIONS: usize = 16;
const MAX_STREAMS: usize = 100;
/// After an accept error (out of file handles), the pause before accepting again.
const ACCEPT_PAUSE: Duration = Duration::from_millis(10);

/// How many connections and live-reload streams are open at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub connections: usize,
    pub streams: usize,
}

impl Limits {
    /// Limits that fit in `open_files` file handles (one per connection).
    pub fn for_open_files(open_files: u64) -> Limits {
        let room = open_files.saturating_sub(RESERVED_HANDLES);
        let connections = usize::try_from(room)
            .unwrap_or(usize::MAX)
            .clamp(MIN_CONNECTIONS, MAX_CONNECTIONS);
        Limits {
            connections,
            streams: MAX_STREAMS.min(connections / 2),
        }
    }
}

/// Raises this process's soft limit on open files to the hard limit, and returns the
/// limit now in force. Many systems start programs with a soft limit (256 or 1024) far
/// below what they allow.
#[cfg(unix)]
pub fn raise_open_files_limit() -> u64 {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let now = getrlimit(Resource::Nofile);
    let soft = now.current.unwrap_or(u64::MAX);
    if now.current.is_some() && now.current != now.maximum {
        let raised = Rlimit {
            current: now.maximum,
            maximum: now.maximum,
        };
        if setrlimit(Resource::Nofile, raised).is_ok() {
            return now.maximum.unwrap_or(u64::MAX);
        }
        // macOS refuses an unlimited soft limit: it allows up to OPEN_MAX.
        const OPEN_MAX: u64 = 10_240;
        if now.maximum.is_none_or(|max| max > OPEN_MAX) && soft < OPEN_MAX {
            let capped = Rlimit {
                current: Some(OPEN_MAX),
                maximum: now.maximum,
            };
            if setrlimit(Resource::Nofile, capped).is_ok() {
                return OPEN_MAX;
            }
        }
    }
    soft
}

#[cfg(not(unix))]
pub fn raise_open_files_limit() -> u64 {
    512
}

/// The open connections, so that room can be made and all of them closed on Ctrl-C.
#[derive(Default)]
struct Registry {
    slots: Mutex<HashMap<u64, Slot>>,
    next: AtomicU64,
}

struct Slot {
    stream: Arc<TcpStream>,
    /// Since when it has waited for a request head; None while being answered.
    waiting_since: Option<Instant>,
    /// Closed to make room; its thread is on its way out.
    cut: bool,
}

impl Registry {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Slot>> {
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn open(&self) -> usize {
        self.lock().values().filter(|s| !s.cut).count()
    }

    /// Closes the connection that has waited longest for a request head; false if every
    /// connection is being answered.
    fn make_room(&self) -> bool {
        let mut slots = self.lock();
        let oldest = slots
            .values_mut()
            .filter(|s| !s.cut)
            .filter_map(|s| s.waiting_since.map(|t| (t, s)))
            .min_by_key(|(t, _)| *t);
        match oldest {
            Some((_, slot)) => {
                slot.cut = true;
                let _ = slot.stream.shutdown(Shutdown::Both);
                true
            }
            None => false,
        }
    }

    fn close_all(&self) {
        for slot in self.lock().values() {
            let _ = slot.stream.shutdown(Shutdown::Both);
        }
    }
}

/// A connection's stream and its place in the registry, given up when dropped.
struct Conn {
    id: u64,
    stream: Arc<TcpStream>,
    registry: Arc<Registry>,
}

impl Conn {
    fn register(stream: TcpStream, registry: &Arc<Registry>) -> Conn {
        let id = registry.next.fetch_add(1, Ordering::Relaxed);
        let stream = Arc::new(stream);
        registry.lock().insert(
            id,
            Slot {
                stream: stream.clone(),
                waiting_since: Some(Instant::now()),
                cut: false,
            },
        );
        Conn {
            id,
            stream,
            registry: registry.clone(),
        }
    }

    fn waiting(&self, waiting: bool) {
        if let Some(slot) = self.registry.lock().get_mut(&self.id) {
            slot.waiting_since = waiting.then(Instant::now);
        }
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        self.registry.lock().remove(&self.id);
    }
}

/// What every connection thread needs.
struct Context {
    shared: Arc<Shared>,
    bind: IpAddr,
    limits: Limits,
    registry: Arc<Registry>,
}

/// A server accepting connections until [`Listening::stop`].
pub struct Listening {
    stop: Arc<AtomicBool>,
    registry: Arc<Registry>,
    /// Where to connect to wake the accept thread.
    wake: Option<SocketAddr>,
}

impl Listening {
    /// Stops accepting and closes every connection (their threads then end by themselves).
    pub fn stop(self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(addr) = self.wake {
            let _ = TcpStream::connect_timeout(&addr, Duration::from_secs(1));
        }
        self.registry.close_all();
    }
}

/// Starts accepting on `listener` in a thread of its own.
pub fn start(
    listener: TcpListener,
    shared: Arc<Shared>,
    bind: IpAddr,
    limits: Limits,
) -> std::io::Result<Listening> {
    let wake = listener.local_addr().ok().map(|a| match a.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), a.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv6Addr::LOCALHOST.into(), a.port())
        }
        _ => a,
    });
    let stop = Arc::new(AtomicBool::new(false));
    let registry = Arc::new(Registry::default());
    let context = Arc::new(Context {
        shared,
        bind,
        limits,
        registry: registry.clone(),
    });
    let flag = stop.clone();
    std::thread::Builder::new()
        .name("daylight-accept".into())
        .spawn(move || accept_loop(&listener, &context, &flag))?;
    Ok(Listening {
        stop,
        registry,
        wake,
    })
}

fn accept_loop(listener: &TcpListener, context: &Arc<Context>, stop: &AtomicBool) {
    let mut warned = false;
    loop {
        let accepted = listener.accept();
        if stop.load(Ordering::SeqCst) {
            return;
        }
        match accepted {
            Ok((stream, _)) => admit(stream, context),
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::ConnectionAborted
                        | ErrorKind::ConnectionReset
                        | ErrorKind::Interrupted
                        | ErrorKind::WouldBlock
                ) => {}
            Err(e) => {
                // Out of file handles (or memory): free a waiting connection's handle if
                // there is one, pause so this loop does not spin, and carry on.
                if !warned {
                    eprintln!(
                        "warning: could not accept a connection ({e}); closing idle connections and still serving"
                    );
                    warned = true;
                }
                context.registry.make_room();
                std::thread::sleep(ACCEPT_PAUSE);
            }
        }
    }
}

fn admit(stream: TcpStream, context: &Arc<Context>) {
    if context.registry.open() >= context.limits.connections && !context.registry.make_room() {
        return refuse_at_once(
            stream,
            "Too many connections are being answered; try again in a moment.\n",
        );
    }
    if stream.set_nodelay(true).is_err() {
        return;
    }
    let conn = Conn::register(stream, &context.registry);
    let context = context.clone();
    // If no thread can be made, the closure (and with it the connection) is dropped,
    // which closes it: the client may try again.
    let _ = std::thread::Builder::new()
        .name("daylight-conn".into())
        .stack_size(STACK_SIZE)
        .spawn(move || serve_connection(&conn, &context));
}

/// A 503 written without waiting, for a client there is no room for.
fn refuse_at_once(stream: TcpStream, message: &str) {
    if stream.set_nonblocking(true).is_ok() {
        let mut bytes = head(&Response::text(503, message), true);
        bytes.extend_from_slice(message.as_bytes());
        let _ = (&stream).write_all(&bytes);
    }
}

/// Why no (further) request head was read.
#[derive(Debug, PartialEq, Eq)]
enum Stop {
    /// The client left, or said nothing in time: close without a word.
    Closed,
    /// Answer with this status and message, then close.
    Refuse(u16, &'static str),
}

/// The end of the request head in `buf` (after its blank line), looking from `from`.
fn head_end(buf: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(p) = buf.get(i..)?.iter().position(|&b| b == b'\n') {
        let n = i + p;
        match (buf.get(n + 1), buf.get(n + 2)) {
            (Some(b'\n'), _) => return Some(n + 2),
            (Some(b'\r'), Some(b'\n')) => return Some(n + 3),
            _ => i = n + 1,
        }
    }
    None
}

/// The size limits on a head (`end` given when it is complete).
fn check_size(buf: &[u8], end: Option<usize>) -> Result<(), Stop> {
    let line = buf.iter().position(|&b| b == b'\n').unwrap_or(buf.len());
    if line > MAX_REQUEST_LINE {
        return Err(Stop::Refuse(414, "The request line is too long.\n"));
    }
    if end.unwrap_or(buf.len()) > MAX_HEAD {
        return Err(Stop::Refuse(431, "The request's headers are too large.\n"));
    }
    Ok(())
}

/// Reads until `buf` starts with a whole request head, within the size limits and
/// [`HEAD_TIMEOUT`]; the head's length. Bytes after it (pipelined requests) stay in `buf`.
fn read_head(stream: &TcpStream, buf: &mut Vec<u8>) -> Result<usize, Stop> {
    let deadline = Instant::now() + HEAD_TIMEOUT;
    let mut scanned = 0;
    let mut chunk = [0u8; 4096];
    loop {
        // Blank lines before a request are allowed (RFC 9112, 2.2).
        let blank = buf
            .iter()
            .position(|&b| b != b'\r' && b != b'\n')
            .unwrap_or(buf.len());
        let blank = buf[..blank]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        if blank > 0 {
            buf.drain(..blank);
            scanned = 0;
        }
        if let Some(end) = head_end(buf, scanned) {
            check_size(buf, Some(end))?;
            return Ok(end);
        }
        check_size(buf, None)?;
        scanned = buf.len().saturating_sub(2);
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(if buf.is_empty() {
                Stop::Closed
            } else {
                Stop::Refuse(408, "The request took too long to arrive.\n")
            });
        }
        if stream.set_read_timeout(Some(left)).is_err() {
            return Err(Stop::Closed);
        }
        match (&*stream).read(&mut chunk) {
            Ok(0) => return Err(Stop::Closed),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
                ) => {}
            Err(_) => return Err(Stop::Closed),
        }
    }
}

/// A request read from its head, and whether the connection may carry another after it.
#[derive(Debug)]
struct Parsed {
    request: Request,
    keep_alive: bool,
}

fn is_token(s: &[u8]) -> bool {
    !s.is_empty()
        && s.iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Parses a request head (as [`read_head`] found it).
fn parse_head(head: &[u8]) -> Result<Parsed, (u16, &'static str)> {
    let bad = |what| Err((400, what));
    let mut lines = head
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let line = lines.next().unwrap_or_default();
    let parts: Vec<&[u8]> = line.split(|&b| b == b' ').collect();
    let [method, target, version] = parts[..] else {
        return bad("The request line is not `METHOD /path HTTP/1.1`.\n");
    };
    if !is_token(method) {
        return bad("The request method is not a valid token.\n");
    }
    if target.is_empty() || !target.iter().all(|b| (0x21..0x7f).contains(b)) {
        return bad("The request path must be printable ASCII without spaces.\n");
    }
    let keep_alive_default = match version {
        b"HTTP/1.1" => true,
        b"HTTP/1.0" => false,
        v if v.starts_with(b"HTTP/") => {
            return Err((505, "Only HTTP/1.1 and HTTP/1.0 are served.\n"));
        }
        _ => return bad("The request line does not end in an HTTP version.\n"),
    };
    let mut host = None;
    let mut close = false;
    let mut body = false;
    let mut count = 0;
    for line in lines.take_while(|l| !l.is_empty()) {
        count += 1;
        if count > MAX_HEADERS {
            return Err((431, "The request has too many headers.\n"));
        }
        if line.starts_with(b" ") || line.starts_with(b"\t") {
            return bad("Folded header lines are not accepted.\n");
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return bad("A header line has no `:`.\n");
        };
        let (name, value) = (&line[..colon], line[colon + 1..].trim_ascii());
        if !is_token(name) {
            return bad("A header name is not a valid token.\n");
        }
        if value.iter().any(|&b| b != b'\t' && (b < 0x20 || b == 0x7f)) {
            return bad("A header value holds a control character.\n");
        }
        let value = String::from_utf8_lossy(value);
        if name.eq_ignore_ascii_case(b"host") {
            if host.is_some() {
                return bad("The request has more than one Host header.\n");
            }
            host = Some(value.into_owned());
        } else if name.eq_ignore_ascii_case(b"connection") {
            close |= value
                .split(',')
                .any(|t| t.trim().eq_ignore_ascii_case("close"));
        } else if name.eq_ignore_ascii_case(b"transfer-encoding")
            || (name.eq_ignore_ascii_case(b"content-length") && value.trim() != "0")
        {
            // A body is never read: answer, then close rather than read it as a request.
            body = true;
        }
    }
    Ok(Parsed {
        request: Request {
            method: String::from_utf8_lossy(method).into_owned(),
            target: String::from_utf8_lossy(target).into_owned(),
            host,
        },
        keep_alive: keep_alive_default && !close && !body,
    })
}

/// The status line and headers of `response`.
fn head(response: &Response, close: bool) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        http::reason(response.status)
    );
    for (name, value) in &response.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: {}\r\n\r\n",
        response.body.len(),
        if close { "close" } else { "keep-alive" }
    ));
    out.into_bytes()
}

fn write_response(stream: &TcpStream, response: &Response, close: bool) -> std::io::Result<()> {
    let deadline = Instant::now() + ANSWER_TIMEOUT;
    write_by(stream, &head(response, close), deadline)?;
    if response.send_body {
        write_by(stream, &response.body, deadline)?;
    }
    Ok(())
}

/// Writes all of `bytes` by `deadline`, or fails: a client that reads slowly on purpose
/// does not keep its thread for ever.
fn write_by(stream: &TcpStream, mut bytes: &[u8], deadline: Instant) -> std::io::Result<()> {
    let mut out = stream;
    while !bytes.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(ErrorKind::TimedOut.into());
        }
        stream.set_write_timeout(Some(left.min(WRITE_TIMEOUT)))?;
        match out.write(bytes) {
            Ok(0) => return Err(ErrorKind::WriteZero.into()),
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Ends a connection whose request may not have been read to its end: stops writing,
/// then reads and drops what the client still sends (bounded), so that closing does not
/// reset the connection before the client has read the answer.
fn linger(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + LINGER;
    let mut dropped = 0;
    let mut chunk = [0u8; 4096];
    while dropped < LINGER_BYTES {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match (&*stream).read(&mut chunk) {
            Ok(0) => return,
            Ok(n) => dropped += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

/// Answers with a plain message and closes.
fn refuse(stream: &TcpStream, status: u16, message: &str) {
    if write_response(stream, &Response::text(status, message), true).is_ok() {
        linger(stream);
    }
}

/// Reads and answers requests on one connection, in order, until it closes.
fn serve_connection(conn: &Conn, context: &Context) {
    let stream = &*conn.stream;
    let mut buf = Vec::new();
    loop {
        conn.waiting(true);
        let end = match read_head(stream, &mut buf) {
            Ok(end) => end,
            Err(Stop::Closed) => return,
            Err(Stop::Refuse(status, message)) => {
                conn.waiting(false);
                return refuse(stream, status, message);
            }
        };
        conn.waiting(false);
        let parsed = match parse_head(&buf[..end]) {
            Ok(p) => p,
            Err((status, message)) => return refuse(stream, status, message),
        };
        buf.drain(..end);
        match http::answer(&context.shared, &parsed.request, context.bind) {
            Answer::Page(response) => {
                let close = !parsed.keep_alive;
                if write_response(stream, &response, close).is_err() {
                    return;
                }
                if close {
                    return linger(stream);
                }
            }
            Answer::Events(_) if !buf.is_empty() => {
                return refuse(
                    stream,
                    400,
                    "Nothing can follow a live-reload request on its connection: the event stream never ends.\n",
                );
            }
            Answer::Events(tab) => return stream_events(conn, context, tab),
        }
    }
}

/// Server-sent events to one tab until it goes away. A second thread waits on the
/// socket, so a tab that closes (or sends anything more: nothing after an endless
/// stream could be answered) ends the stream at once, not at the next event.
fn stream_events(conn: &Conn, context: &Context, tab: http::Tab) {
    let stream = &*conn.stream;
    // Asked before subscribing could miss a rebuild between; after, a reload sent twice
    // is only a reload.
    let Some(subscription) = context
        .shared
        .subscribe(context.limits.streams, tab.page.clone())
    else {
        return refuse(
            stream,
            503,
            "Too many live-reload streams are open: close some tabs of this site.\n",
        );
    };
    if stream.set_read_timeout(None).is_err() {
        return;
    }
    let watcher = {
        let socket = conn.stream.clone();
        let gone = subscription.gone.clone();
        std::thread::Builder::new()
            .name("daylight-stream".into())
            .stack_size(64 * 1024)
            .spawn(move || {
                let mut byte = [0u8; 64];
                while let Err(e) = (&*socket).read(&mut byte) {
                    if e.kind() != ErrorKind::Interrupted {
                        break;
                    }
                }
                let _ = gone.send(None);
            })
    };
    let Ok(watcher) = watcher else {
        return refuse(
            stream,
            503,
            "The server could not start a live-reload stream.\n",
        );
    };
    let mut first =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n"
            .to_string();
    if let Some(error) = context.shared.error() {
        first.push_str(&http::event_message("failed", &error));
    }
    // The tab's page was served before a rebuild it was not yet listening for.
    if context.shared.stale(&tab) {
        first.push_str(&http::event_message("reload", ""));
    }
    let send = |text: &str| write_by(stream, text.as_bytes(), Instant::now() + WRITE_TIMEOUT);
    if send(&first).is_ok() {
        loop {
            let message = match subscription.events.recv_timeout(STREAM_KEEP_ALIVE) {
                Ok(Some(message)) => message,
                Ok(None) | Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => Arc::from(": keep-alive\n\n"),
            };
            if send(&message).is_err() {
                break;
            }
        }
    }
    let _ = stream.shutdown(Shutdown::Both);
    let _ = watcher.join();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_end_at_the_first_blank_line_with_either_line_ending() {
        assert_eq!(
            head_end(b"GET / HTTP/1.1\r\nHost: a\r\n\r\nGET", 0),
            Some(27)
        );
        assert_eq!(head_end(b"GET / HTTP/1.1\nHost: a\n\nrest", 0), Some(24));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: a\r\n", 0), None);
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: a\r\n\r", 0), None);
        // Resuming near the end finds a blank line split across reads.
        let buf = b"GET / HTTP/1.1\r\nHost: a\r\n\r\n";
        assert_eq!(head_end(buf, buf.len() - 4), Some(buf.len()));
    }

    #[test]
    fn size_limits_name_the_part_that_is_too_long() {
        let long_line = vec![b'a'; MAX_REQUEST_LINE + 1];
        assert_eq!(
            check_size(&long_line, None),
            Err(Stop::Refuse(414, "The request line is too long.\n"))
        );
        let mut long_head = b"GET / HTTP/1.1\r\n".to_vec();
        long_head.extend(std::iter::repeat_n(b'h', MAX_HEAD));
        assert!(matches!(
            check_size(&long_head, None),
            Err(Stop::Refuse(431, _))
        ));
        assert_eq!(check_size(b"GET / HTTP/1.1\r\n", None), Ok(()));
    }

    #[test]
    fn request_heads_are_parsed_strictly() {
        let p = parse_head(b"GET /a?b HTTP/1.1\r\nHost: localhost:1111\r\n\r\n").unwrap();
        assert_eq!(p.request.method, "GET");
        assert_eq!(p.request.target, "/a?b");
        assert_eq!(p.request.host.as_deref(), Some("localhost:1111"));
        assert!(p.keep_alive);
        let p = parse_head(b"GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n").unwrap();
        assert!(!p.keep_alive);
        let p = parse_head(b"GET / HTTP/1.0\r\nHost: a\r\n\r\n").unwrap();
        assert!(!p.keep_alive);
        let p = parse_head(b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n").unwrap();
        assert!(!p.keep_alive, "a body would be read as the next request");
        for (bad, status) in [
            (&b"GET  / HTTP/1.1\r\n\r\n"[..], 400),
            (b"GET / HTTP/1.1 x\r\n\r\n", 400),
            (b"GET /\x01 HTTP/1.1\r\n\r\n", 400),
            (b"GET / HTTP/2.0\r\n\r\n", 505),
            (b"GET / FTP\r\n\r\n", 400),
            (b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
            (b"GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400),
            (b"GET / HTTP/1.1\r\nNo colon\r\n\r\n", 400),
            (b"GET / HTTP/1.1\r\nX: a\x00b\r\n\r\n", 400),
        ] {
            assert_eq!(
                parse_head(bad).map(|_| ()).map_err(|e| e.0),
                Err(status),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "X: 1\r\n".repeat(MAX_HEADERS + 1)
        );
        assert_eq!(
            parse_head(many.as_bytes()).map_err(|e| e.0).err(),
            Some(431)
        );
    }

    #[test]
    fn limits_fit_the_open_files_allowed() {
        assert_eq!(
            Limits::for_open_files(256),
            Limits {
                connections: 192,
                streams: 96
            }
        );
        assert_eq!(
            Limits::for_open_files(1_048_576).connections,
            MAX_CONNECTIONS
        );
        assert_eq!(Limits::for_open_files(1_048_576).streams, MAX_STREAMS);
        assert_eq!(Limits::for_open_files(10).connections, MIN_CONNECTIONS);
    }
}
