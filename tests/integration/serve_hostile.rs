//! `daylight serve` under load and attack, over real HTTP on 127.0.0.1 (issue 12, items
//! 12–16): pipelined requests behind an event stream, running out of file handles, endless
//! and slow request heads, DNS rebinding, static files that skip the build's checks, and
//! the bounded load tests. Each attack runs while a probe client asks for a page, and the
//! probe must be answered throughout.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::harness::{Response, ServeOptions, Server, Site};

fn addr(port: u16) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], port))
}

/// The limit on open files of process `pid`, as (soft, hard), from /proc.
#[cfg(target_os = "linux")]
fn open_files_limit(pid: u32) -> (String, String) {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .unwrap();
    let mut words = line["Max open files".len()..].split_whitespace();
    (
        words.next().unwrap().to_string(),
        words.next().unwrap().to_string(),
    )
}

/// `daylight serve` started by a shell that first runs `ulimit <ulimit>`.
fn serve_with_ulimit(site: &Site, ulimit: &str) -> Server {
    site.serve_with(ServeOptions {
        ulimit: Some(ulimit),
        ..ServeOptions::default()
    })
}

/// Sends `raw` as it is and reads the answer until the server closes, within `timeout`.
fn send_within(port: u16, raw: &[u8], timeout: Duration) -> std::io::Result<Response> {
    let mut s = TcpStream::connect_timeout(&addr(port), timeout)?;
    s.set_read_timeout(Some(timeout))?;
    s.set_write_timeout(Some(timeout))?;
    s.write_all(raw)?;
    let mut out = Vec::new();
    s.read_to_end(&mut out)?;
    Ok(Response::parse(&out))
}

fn send(port: u16, raw: &str) -> Response {
    send_within(port, raw.as_bytes(), Duration::from_secs(10))
        .unwrap_or_else(|e| panic!("{raw:?}: {e}"))
}

/// A GET for `path` that must be answered within `timeout`.
fn get_within(port: u16, path: &str, timeout: Duration) -> std::io::Result<Response> {
    let raw = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    send_within(port, raw.as_bytes(), timeout)
}

fn get_with_host(port: u16, path: &str, host: &str) -> Response {
    send(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
}

/// A client asking for a page over and over while an attack runs.
struct Probe {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<ProbeReport>,
}

#[derive(Debug)]
struct ProbeReport {
    answered: u32,
    failures: Vec<String>,
    slowest: Duration,
    ran: Duration,
}

impl Probe {
    fn start(port: u16) -> Probe {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let started = Instant::now();
            let mut report = ProbeReport {
                answered: 0,
                failures: Vec::new(),
                slowest: Duration::ZERO,
                ran: Duration::ZERO,
            };
            while !flag.load(Ordering::SeqCst) {
                let asked = Instant::now();
                match get_within(port, "/about/", Duration::from_secs(5)) {
                    Ok(r) if r.status == 200 && r.body.contains("About us.") => {
                        report.answered += 1;
                        report.slowest = report.slowest.max(asked.elapsed());
                    }
                    Ok(r) => report.failures.push(format!("status {}", r.status)),
                    Err(e) => report
                        .failures
                        .push(format!("{e} after {:?}", asked.elapsed())),
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            report.ran = started.elapsed();
            report
        });
        Probe { stop, thread }
    }

    /// Stops the probe and checks it was answered every time, and never slowly.
    #[track_caller]
    fn answered_throughout(self, attack: &str) -> ProbeReport {
        self.stop.store(true, Ordering::SeqCst);
        let report = self.thread.join().unwrap();
        assert!(
            report.failures.is_empty(),
            "{attack}: the probe was not answered: {report:?}"
        );
        // A request every 100 ms plus its answer: at least one a second even on a busy
        // machine, and none kept waiting for long.
        assert!(
            u128::from(report.answered) >= report.ran.as_millis() / 1000,
            "{attack}: the probe got too few answers: {report:?}"
        );
        assert!(
            report.slowest < Duration::from_secs(4),
            "{attack}: the probe waited too long: {report:?}"
        );
        report
    }
}

fn site() -> Site {
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page(
        "blog/hello.md",
        "title: Hello\ndate: 2024-01-01\n",
        "First version of the text.\n",
    );
    site.page("about.md", "title: About\n", "About us.\n");
    site.write("static/notes.txt", "Notes.\n");
    site
}

const EVENTS: &str = "GET /__daylight/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

/// Opens a live-reload stream and reads its response head; the status it got.
fn open_events(port: u16) -> std::io::Result<(TcpStream, u16)> {
    let mut s = TcpStream::connect_timeout(&addr(port), Duration::from_secs(5))?;
    s.set_read_timeout(Some(Duration::from_secs(5)))?;
    s.write_all(EVENTS.as_bytes())?;
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if s.read(&mut byte)? == 0 {
            break;
        }
        head.push(byte[0]);
    }
    let status = Response::parse(&head).status;
    Ok((s, status))
}

/// Reads from an event stream until `what` arrives (10 s at most).
fn events_until(stream: &mut TcpStream, what: &str) -> String {
    stream
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let started = Instant::now();
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    while !seen.contains(what) && started.elapsed() < Duration::from_secs(10) {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => seen.push_str(&String::from_utf8_lossy(&buf[..n])),
            Err(_) => {}
        }
    }
    seen
}

// ---- item 12 ----------------------------------------------------------------------------

/// The server still answers a plain request, within 5 s, after what a test did to it.
#[track_caller]
fn assert_still_answers(port: u16) {
    assert_eq!(
        get_within(port, "/about/", Duration::from_secs(5))
            .unwrap()
            .status,
        200
    );
}

#[test]
fn an_event_stream_with_pipelined_requests_freezes_no_one_and_ctrl_c_still_stops() {
    let site = site();
    let mut s = site.serve();
    let pipelined = "GET /about/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".repeat(8);
    // One client sends the live-reload request and 8 more in one go; another sends them
    // after its event stream has begun.
    let mut at_once = TcpStream::connect(addr(s.port)).unwrap();
    at_once
        .write_all(format!("{EVENTS}{pipelined}").as_bytes())
        .unwrap();
    let (mut later, status) = open_events(s.port).expect(
        "a second live-reload stream was not answered after the first had pipelined requests",
    );
    assert_eq!(status, 200);
    later.write_all(pipelined.as_bytes()).unwrap();
    for i in 0..20 {
        let r = get_within(s.port, "/blog/hello/", Duration::from_secs(5)).unwrap_or_else(|e| {
            panic!("request {i} from another client was not answered while an event stream had pipelined requests: {e}")
        });
        assert_eq!(r.status, 200);
    }
    // Both connections are still open on our side when Ctrl-C comes.
    s.ctrl_c_stops_it();
    drop((at_once, later));
}

// ---- item 13 ----------------------------------------------------------------------------

#[test]
fn running_out_of_file_handles_never_stops_the_server() {
    let site = site();
    // 256 handles at most, soft and hard: the server cannot raise it.
    let s = serve_with_ulimit(&site, "-n 256");
    let probe = Probe::start(s.port);
    // 400 connections that never finish a request: half say nothing, half stop midway.
    let mut held = Vec::new();
    let mut refused = 0;
    for i in 0..400 {
        match TcpStream::connect_timeout(&addr(s.port), Duration::from_secs(2)) {
            Ok(mut c) => {
                if i % 2 == 1 {
                    let _ = c.write_all(b"GET /about/ HTTP/1.1\r\nHost: 127.");
                }
                held.push(c);
            }
            Err(_) => refused += 1,
        }
    }
    for i in 0..10 {
        let r = get_within(s.port, "/about/", Duration::from_secs(5)).unwrap_or_else(|e| {
            panic!("request {i} was not answered with 400 half-open connections at `ulimit -n 256` ({refused} refused): {e}\n{}", s.stderr())
        });
        assert_eq!(r.status, 200);
    }
    drop(held);
    probe.answered_throughout("400 half-open connections at ulimit -n 256");
    let (mut events, status) = open_events(s.port).unwrap();
    assert_eq!(
        status, 200,
        "no live-reload stream after the handles ran out"
    );
    site.page("about.md", "title: About\n", "About us.\n\nEdited.\n");
    let seen = events_until(&mut events, "event: reload");
    assert!(seen.contains("event: reload"), "{seen}");
    assert!(
        !s.stderr().contains("panicked"),
        "a thread panicked:\n{}",
        s.stderr()
    );
}

#[test]
fn accepting_goes_on_after_the_file_handles_ran_out() {
    let site = site();
    // So few handles that connections use them up before the connection cap is reached.
    let s = serve_with_ulimit(&site, "-n 24");
    let held: Vec<TcpStream> = (0..60)
        .filter_map(|_| TcpStream::connect_timeout(&addr(s.port), Duration::from_secs(2)).ok())
        .collect();
    for i in 0..10 {
        let r = get_within(s.port, "/about/", Duration::from_secs(5)).unwrap_or_else(|e| {
            panic!(
                "request {i} was not answered after the handles ran out: {e}\n{}",
                s.stderr()
            )
        });
        assert_eq!(r.status, 200);
    }
    let err = s.stderr();
    assert!(
        err.contains("could not accept a connection"),
        "the handles never ran out, so this test tested nothing:\n{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    drop(held);
}

#[cfg(target_os = "linux")]
#[test]
fn the_soft_open_files_limit_is_raised_to_the_hard_limit() {
    let site = site();
    let s = serve_with_ulimit(&site, "-Sn 256");
    let (soft, hard) = open_files_limit(s.pid());
    assert_ne!(hard, "256", "the test needs a hard limit above 256");
    assert_eq!(soft, hard, "soft limit not raised");
}

/// Also the load test's third part: 1,000 live-reload opens and closes.
#[test]
fn a_thousand_live_reload_streams_opened_and_closed_are_let_go() {
    let site = site();
    let s = serve_with_ulimit(&site, "-n 256");
    let probe = Probe::start(s.port);
    let started = Instant::now();
    let port = s.port;
    let openers: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(move || {
                let mut statuses = Vec::new();
                for _ in 0..250 {
                    match open_events(port) {
                        Ok((stream, status)) => {
                            statuses.push(status);
                            drop(stream);
                        }
                        Err(e) => panic!("a live-reload open failed: {e}"),
                    }
                }
                statuses
            })
        })
        .collect();
    let statuses: Vec<u16> = openers
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    let took = started.elapsed();
    assert!(took < Duration::from_secs(20), "1,000 opens took {took:?}");
    assert!(
        statuses.iter().all(|&st| st == 200 || st == 503),
        "{statuses:?}"
    );
    let opened = statuses.iter().filter(|&&st| st == 200).count();
    assert!(opened > 500, "only {opened} of 1,000 streams were opened");
    probe.answered_throughout("1,000 live-reload opens and closes");
    // Closed streams are let go promptly: a new one opens (polled, 10 s at most)…
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut events = loop {
        let (stream, status) = open_events(s.port).unwrap();
        if status == 200 {
            break stream;
        }
        assert!(
            Instant::now() < deadline,
            "no live-reload stream after 1,000 closed ones"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    // …and it still works.
    site.page("about.md", "title: About\n", "About us.\n\nEdited.\n");
    let seen = events_until(&mut events, "event: reload");
    assert!(seen.contains("event: reload"), "{seen}");
    eprintln!(
        "load test: 1,000 live-reload opens and closes in {took:?} ({opened} streams, the rest told 503)"
    );
}

#[test]
fn live_reload_streams_are_capped_and_pages_are_still_answered() {
    let site = site();
    let s = site.serve();
    let probe = Probe::start(s.port);
    let mut streams = Vec::new();
    let mut refused = 0;
    for _ in 0..300 {
        let (stream, status) = open_events(s.port).unwrap();
        match status {
            200 => streams.push(stream),
            503 => refused += 1,
            other => panic!("a live-reload open got {other}"),
        }
    }
    assert!(refused > 0, "300 live-reload streams were all kept open");
    probe.answered_throughout("300 open live-reload streams");
    drop(streams);
    let deadline = Instant::now() + Duration::from_secs(10);
    while open_events(s.port).unwrap().1 != 200 {
        assert!(Instant::now() < deadline, "closed streams were not let go");
        std::thread::sleep(Duration::from_millis(100));
    }
}

// ---- item 14 ----------------------------------------------------------------------------

#[test]
fn too_long_request_heads_are_refused_with_431_and_414() {
    let site = site();
    let s = site.serve();
    let long_header = format!(
        "GET /about/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: {}\r\n\r\n",
        "a".repeat(100_000)
    );
    assert_eq!(send(s.port, &long_header).status, 431);
    let many_headers = format!(
        "GET /about/ HTTP/1.1\r\nHost: 127.0.0.1\r\n{}\r\n",
        "X-Many: 1234567890\r\n".repeat(5_000)
    );
    assert_eq!(send(s.port, &many_headers).status, 431);
    let long_line = format!(
        "GET /{} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "a".repeat(100_000)
    );
    assert_eq!(send(s.port, &long_line).status, 414);
    assert_still_answers(s.port);
}

#[test]
fn an_endless_header_line_is_cut_off_not_buffered() {
    let site = site();
    let s = site.serve();
    let mut c = TcpStream::connect(addr(s.port)).unwrap();
    c.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
    c.write_all(b"GET /about/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Endless: ")
        .unwrap();
    let chunk = vec![b'a'; 1 << 20];
    let mut sent = 0usize;
    let cut_off = loop {
        if sent >= 64 << 20 {
            break false;
        }
        match c.write(&chunk) {
            Ok(n) => sent += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => break true,
        }
    };
    assert!(
        cut_off,
        "the server took {} MB of one header line",
        sent >> 20
    );
    assert_still_answers(s.port);
}

// ---- item 15 ----------------------------------------------------------------------------

#[test]
fn only_hosts_naming_loopback_or_the_bind_address_are_answered() {
    let site = site();
    let s = site.serve();
    let p = s.port;
    for host in [
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{p}"),
        format!("localhost:{p}"),
        "LocalHost".to_string(),
        format!("127.8.9.10:{p}"),
        format!("[::1]:{p}"),
        "[::1]".to_string(),
    ] {
        let r = get_with_host(p, "/about/", &host);
        assert_eq!(r.status, 200, "Host: {host}");
    }
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{p}"),
        "127.0.0.1.evil.example".to_string(),
        format!("localhost.evil.example:{p}"),
        "10.0.0.1".to_string(),
        format!("[2001:db8::1]:{p}"),
        "127.0.0.1:notaport".to_string(),
        String::new(),
    ] {
        let r = get_with_host(p, "/about/", &host);
        assert!(
            r.status == 403 || r.status == 400,
            "Host: {host:?} got {}",
            r.status
        );
        assert!(!r.body.contains("About us."), "Host: {host:?} got the page");
        assert!(!r.body.is_empty(), "Host: {host:?}: no message");
    }
    let r = send(p, "GET /about/ HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(r.status, 400, "no Host header");
    assert!(!s.stderr().contains("not a loopback address"));
}

#[test]
fn a_bind_address_that_is_not_loopback_is_warned_about() {
    let site = site();
    let s = site.serve_with(ServeOptions {
        args: &["--bind", "0.0.0.0"],
        ..ServeOptions::default()
    });
    let err = s.stderr();
    assert!(
        err.contains("warning") && err.contains("0.0.0.0 is not a loopback address"),
        "{err}"
    );
    let p = s.port;
    assert_eq!(get_with_host(p, "/about/", "0.0.0.0").status, 200);
    assert_eq!(
        get_with_host(p, "/about/", &format!("localhost:{p}")).status,
        200
    );
    assert_eq!(get_with_host(p, "/about/", "evil.example").status, 403);
}

// ---- item 16 ----------------------------------------------------------------------------

/// The error text of the overlay on `body`, unescaped, if there is one.
fn overlay_text(body: &str) -> Option<String> {
    let start = body.find("id=\"daylight-error\"")?;
    let pre = body[start..].find("<pre")? + start;
    let text_start = body[pre..].find('>')? + pre + 1;
    let end = body[text_start..].find("</pre>")? + text_start;
    Some(
        body[text_start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&"),
    )
}

/// Polls `path` until the error overlay shows (10 s at most), checking every answer
/// before it with `never`.
#[track_caller]
fn overlay_appears(port: u16, path: &str, never: impl Fn(&Response) -> bool) -> String {
    let started = Instant::now();
    loop {
        let r = get_within(port, path, Duration::from_secs(5)).unwrap();
        assert!(
            !never(&r),
            "what must never be served was served (while polling {path}): {}",
            r.body
        );
        if let Some(text) = overlay_text(&r.body) {
            return text;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no error shown within 10 s at {path}; last answer {}:\n{}",
            r.status,
            r.body
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_symlink_out_of_the_site_added_to_static_while_serving_is_not_served() {
    let site = site();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "TOP SECRET KEY").unwrap();
    let s = site.serve();
    std::os::unix::fs::symlink(&secret, site.path("static/key.txt")).unwrap();
    let shown = overlay_appears(s.port, "/key.txt", |r| r.body.contains("TOP SECRET"));
    assert!(
        shown.contains("static/key.txt") && shown.contains("leads outside the site folder"),
        "{shown}"
    );
    let r = get_within(s.port, "/key.txt", Duration::from_secs(5)).unwrap();
    assert_eq!(r.status, 404);
    // The same error as a build.
    let build = site.build();
    build.assert_failed();
    assert!(
        build.stderr.contains(shown.trim()),
        "serve said:\n{shown}\nbuild said:\n{}",
        build.stderr
    );
    // Removing the link clears it.
    std::fs::remove_file(site.path("static/key.txt")).unwrap();
    crate::serve::eventually(s.port, "/about/", "the error cleared", |r| {
        !r.body.contains("daylight-error")
    });
    // A static file served from the start, replaced by such a link in one rename (so
    // the change is an edit of a known static file). A text file gets no overlay: it
    // shows on the pages.
    std::os::unix::fs::symlink(&secret, site.path("static/notes.txt.tmp")).unwrap();
    std::fs::rename(
        site.path("static/notes.txt.tmp"),
        site.path("static/notes.txt"),
    )
    .unwrap();
    let shown = overlay_appears(s.port, "/about/", |_| {
        get_within(s.port, "/notes.txt", Duration::from_secs(5))
            .unwrap()
            .body
            .contains("TOP SECRET")
    });
    assert!(shown.contains("static/notes.txt"), "{shown}");
}

#[test]
fn a_static_index_html_added_while_serving_is_the_same_error_as_in_build() {
    let site = site();
    let s = site.serve();
    site.write("static/index.html", "STATIC HOME PAGE");
    let shown = overlay_appears(s.port, "/", |r| r.body.contains("STATIC HOME PAGE"));
    assert!(shown.contains("/index.html"), "{shown}");
    let build = site.build();
    build.assert_failed();
    assert!(
        build.stderr.contains(shown.trim()),
        "serve said:\n{shown}\nbuild said:\n{}",
        build.stderr
    );
    std::fs::remove_file(site.path("static/index.html")).unwrap();
    let r = crate::serve::eventually(s.port, "/", "the error cleared", |r| {
        !r.body.contains("daylight-error")
    });
    assert!(!r.body.contains("STATIC HOME PAGE"));
    // Editing a static file that was there from the start is still copied.
    site.write("static/notes.txt", "Notes, edited.\n");
    crate::serve::eventually(s.port, "/notes.txt", "the static edit", |r| {
        r.body.contains("Notes, edited.")
    });
}

#[test]
fn redirects_always_go_to_a_single_slash_site_path() {
    let site = site();
    let s = site.serve();
    for (path, to) in [
        ("/blog", "/blog/"),
        ("//blog", "/blog/"),
        ("///blog", "/blog/"),
        ("/%2Fblog", "/blog/"),
        ("//blog?x=1", "/blog/"),
    ] {
        let r = get_within(s.port, path, Duration::from_secs(5)).unwrap();
        assert_eq!((r.status, r.header("Location")), (301, Some(to)), "{path}");
    }
}

// ---- load ---------------------------------------------------------------------------------

#[test]
fn load_500_concurrent_connections_are_all_answered() {
    let site = site();
    let s = site.serve();
    let probe = Probe::start(s.port);
    let port = s.port;
    let started = Instant::now();
    let barrier = Arc::new(std::sync::Barrier::new(10));
    let clients: Vec<_> = (0..10)
        .map(|_| {
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                // Each of 10 threads holds 50 connections open at once, then asks on all.
                let mut conns: Vec<TcpStream> = (0..50)
                    .map(|_| TcpStream::connect_timeout(&addr(port), Duration::from_secs(5)).unwrap())
                    .collect();
                barrier.wait();
                for c in &mut conns {
                    c.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
                    c.write_all(
                        b"GET /blog/hello/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                    )
                    .unwrap();
                }
                conns
                    .into_iter()
                    .map(|mut c| {
                        let mut raw = Vec::new();
                        match c.read_to_end(&mut raw) {
                            Ok(_) => Response::parse(&raw).status,
                            Err(_) => 0,
                        }
                    })
                    .collect::<Vec<u16>>()
            })
        })
        .collect();
    let statuses: Vec<u16> = clients
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    let took = started.elapsed();
    assert_eq!(statuses.len(), 500);
    let failed = statuses.iter().filter(|&&st| st != 200).count();
    assert_eq!(
        failed, 0,
        "{failed} of 500 concurrent connections were not answered"
    );
    assert!(took < Duration::from_secs(20), "took {took:?}");
    probe.answered_throughout("500 concurrent connections");
    assert_still_answers(port);
    eprintln!("load test: 500 concurrent connections answered in {took:?}");
}

#[test]
fn load_500_slow_connections_are_dropped_and_others_answered() {
    let site = site();
    let s = site.serve();
    let probe = Probe::start(s.port);
    let started = Instant::now();
    let request = b"GET /about/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    let mut slow: Vec<Option<TcpStream>> = (0..500)
        .map(|_| {
            let c = TcpStream::connect_timeout(&addr(s.port), Duration::from_secs(5)).unwrap();
            c.set_nonblocking(true).unwrap();
            Some(c)
        })
        .collect();
    // One byte a second on each; a connection is done when the server closes it.
    let mut sent = 0;
    let mut buf = [0u8; 1024];
    while slow.iter().any(Option::is_some) && started.elapsed() < Duration::from_secs(20) {
        for conn in &mut slow {
            let Some(c) = conn else { continue };
            let closed = loop {
                match c.read(&mut buf) {
                    Ok(0) => break true,
                    Ok(_) => continue, // a 408 on its way out
                    Err(e) if e.kind() == ErrorKind::WouldBlock => break false,
                    Err(_) => break true,
                }
            };
            if closed || c.write(&request[sent % request.len()..][..1]).is_err() {
                *conn = None;
            }
        }
        sent += 1;
        std::thread::sleep(Duration::from_secs(1));
    }
    let left = slow.iter().filter(|c| c.is_some()).count();
    let took = started.elapsed();
    assert_eq!(
        left, 0,
        "{left} of 500 slow connections were still open after {took:?}"
    );
    probe.answered_throughout("500 slow connections");
    assert_still_answers(s.port);
    eprintln!("load test: 500 slow connections all dropped by the server within {took:?}");
}
