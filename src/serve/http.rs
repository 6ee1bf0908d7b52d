//! The dev server: serves the live site from memory on loopback, injects the live-reload
//! script into HTML, shows the last error as an overlay, and streams reload events.
//!
//! It only ever looks paths up in the in-memory site, so no request can reach a file
//! outside it: `..`, encoded `%2e%2e`, backslashes and absolute paths get the 404 page.

use std::io::Write;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use crate::output::Files;

/// Where the injected script and event stream live (no site may use this prefix).
pub const PREFIX: &str = "/__daylight/";
const LIVE_JS: &str = include_str!("live.js");

/// State shared by the server threads and the rebuild loop.
#[derive(Default)]
pub struct Shared {
    files: RwLock<Arc<Files>>,
    /// The last rebuild's errors, as text, while they stand.
    error: RwLock<Option<String>>,
    clients: Mutex<Vec<Sender<String>>>,
}

impl Shared {
    pub fn replace_site(&self, files: Files) {
        *self.files.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(files);
    }

    /// Applies a partial rebuild over the live site.
    pub fn apply(&self, changed: Files) {
        let mut guard = self.files.write().unwrap_or_else(|e| e.into_inner());
        let mut files: Files = (**guard).clone();
        files.extend(changed);
        *guard = Arc::new(files);
    }

    pub fn site(&self) -> Arc<Files> {
        self.files.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn set_error(&self, text: Option<String>) {
        *self.error.write().unwrap_or_else(|e| e.into_inner()) = text;
    }

    pub fn error(&self) -> Option<String> {
        self.error.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Sends an event to every open tab (`reload`, `css`, or `failed` with the error text).
    pub fn broadcast(&self, event: &str, data: &str) {
        let message = crate::escape::sse_event(event, data);
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|c| c.send(message.clone()).is_ok());
    }

    fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = mpsc::channel();
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(tx);
        rx
    }
}

pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "csv" => "text/csv; charset=utf-8",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

/// The site path a request names, decoded, or None when it tries to leave the site.
pub fn site_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                decoded.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        decoded.push(bytes[i]);
        i += 1;
    }
    let decoded = String::from_utf8(decoded).ok()?;
    if !decoded.starts_with('/') || decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    if decoded.split('/').any(|seg| seg == ".." || seg == ".") {
        return None;
    }
    Some(decoded)
}

enum Lookup {
    File(String, Arc<[u8]>),
    Redirect,
    NotFound,
}

fn find(files: &Files, path: &str) -> Lookup {
    let key = path.trim_start_matches('/');
    if key.is_empty() || key.ends_with('/') {
        let index = format!("{key}index.html");
        return match files.get(&index) {
            Some(b) => Lookup::File(index, b.clone()),
            None => Lookup::NotFound,
        };
    }
    if let Some(b) = files.get(key) {
        return Lookup::File(key.to_string(), b.clone());
    }
    if files.contains_key(&format!("{key}/index.html")) {
        return Lookup::Redirect;
    }
    Lookup::NotFound
}

fn escape(text: &str) -> String {
    crate::markdown::escape(text)
}

/// The live-reload script, and the error overlay while an error stands, before `</body>`.
pub fn inject(html: &[u8], error: Option<&str>) -> Vec<u8> {
    let mut extra = format!("<script src=\"{PREFIX}live.js\"></script>");
    if let Some(e) = error {
        extra.push_str(&overlay_html(e));
    }
    let text = String::from_utf8_lossy(html);
    let out = match text.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &text[..i], &text[i..]),
        None => format!("{text}{extra}"),
    };
    out.into_bytes()
}

/// The error overlay, the same markup the script builds for open tabs.
pub fn overlay_html(error: &str) -> String {
    format!(
        "<div id=\"daylight-error\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;\
         background:#1b1b1b;color:#fff;padding:2rem;font:16px/1.5 monospace\">\
         <h2 style=\"color:#ff8a80;font:bold 1.4rem sans-serif;margin:0 0 1rem\">The last change could not be built</h2>\
         <p style=\"font-family:sans-serif\">This is the last good version of the site underneath. Fix the file and this page reloads by itself.</p>\
         <pre style=\"white-space:pre-wrap;color:#fff\">{}</pre></div>",
        escape(error)
    )
}

/// Adds a header; a value that is not a valid header (it never is: all are ours) is left out.
fn with_header<R: std::io::Read>(
    r: tiny_http::Response<R>,
    name: &str,
    value: &str,
) -> tiny_http::Response<R> {
    match tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(h) => r.with_header(h),
        Err(()) => r,
    }
}

/// Answers one request.
pub fn handle(shared: &Shared, request: tiny_http::Request) {
    use tiny_http::{Method, Response};
    let method = request.method().clone();
    if method != Method::Get && method != Method::Head {
        let r = with_header(
            Response::from_string("Only GET and HEAD are served.\n").with_status_code(405),
            "Allow",
            "GET, HEAD",
        );
        let _ = request.respond(r);
        return;
    }
    let url = request.url().to_string();
    if url == format!("{PREFIX}events") {
        stream_events(shared, request);
        return;
    }
    if url.starts_with(&format!("{PREFIX}live.js")) {
        let r = with_header(
            Response::from_string(LIVE_JS),
            "Content-Type",
            "text/javascript; charset=utf-8",
        );
        let _ = request.respond(r);
        return;
    }
    let site = shared.site();
    let error = shared.error();
    let (status, name, body) = match site_path(&url).map(|p| (find(&site, &p), p)) {
        Some((Lookup::File(name, bytes), _)) => (200, name, bytes),
        Some((Lookup::Redirect, _)) => {
            // The raw path (never the decoded one) goes back in the header.
            let raw = url.split('?').next().unwrap_or("/");
            let r = with_header(Response::empty(301), "Location", &format!("{raw}/"));
            let _ = request.respond(r);
            return;
        }
        _ => match site.get("404.html") {
            Some(b) => (404, "404.html".to_string(), b.clone()),
            None => (404, "404.txt".to_string(), Arc::from(&b"Not found\n"[..])),
        },
    };
    let ctype = content_type(&name);
    let body: Vec<u8> = if ctype.starts_with("text/html") {
        inject(&body, error.as_deref())
    } else {
        body.to_vec()
    };
    if method == Method::Head {
        let r = with_header(Response::empty(status), "Content-Type", ctype);
        let _ = request.respond(with_header(r, "Content-Length", &body.len().to_string()));
        return;
    }
    let r = with_header(
        Response::from_data(body).with_status_code(status),
        "Content-Type",
        ctype,
    );
    let _ = request.respond(with_header(r, "Cache-Control", "no-store"));
}

/// Server-sent events: one thread per open tab, ended when the tab goes away.
fn stream_events(shared: &Shared, request: tiny_http::Request) {
    let rx = shared.subscribe();
    let error = shared.error();
    std::thread::spawn(move || {
        let mut w = request.into_writer();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";
        if w.write_all(head.as_bytes())
            .and_then(|_| w.flush())
            .is_err()
        {
            return;
        }
        if let Some(e) = error {
            let event = crate::escape::sse_event("failed", &e);
            let _ = w.write_all(event.as_bytes()).and_then(|_| w.flush());
        }
        loop {
            let msg = match rx.recv_timeout(Duration::from_secs(15)) {
                Ok(m) => m,
                Err(mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            };
            if w.write_all(msg.as_bytes()).and_then(|_| w.flush()).is_err() {
                return;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Any request path, encoded or not: refused, or a site path with no way up.
    #[test]
    fn no_request_path_leaves_the_site() {
        use proptest::prelude::*;
        use std::path::{Component, Path};
        let piece = prop_oneof![
            4 => prop::sample::select(vec![
                "/", "..", ".", "%2e", "%2E", "%2f", "%5c", "\\", "%00", "%", "%%", "%2", "?",
                "#", "a", "index.html", "%C3%A9", "%ff", "%c0%ae", "//", ";", "~",
            ])
            .prop_map(str::to_string),
            1 => any::<String>().prop_map(|s| s.chars().take(6).collect()),
        ];
        let url = prop::collection::vec(piece, 0..14).prop_map(|p| p.concat());
        let root = Path::new("/srv/site");
        proptest::test_runner::TestRunner::new(crate::content::properties::cases(3000))
            .run(&url, |url| {
                if let Some(path) = site_path(&url) {
                    prop_assert!(path.starts_with('/'), "{url:?} -> {path:?}");
                    prop_assert!(
                        !path.split('/').any(|s| s == ".." || s == ".") && !path.contains('\\'),
                        "{url:?} -> {path:?}"
                    );
                    let joined = root.join(path.trim_start_matches('/'));
                    prop_assert!(joined.starts_with(root), "{url:?} -> {path:?}");
                    prop_assert!(
                        joined
                            .components()
                            .all(|c| !matches!(c, Component::ParentDir | Component::CurDir)),
                        "{url:?} -> {path:?}"
                    );
                }
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn paths_that_try_to_leave_the_site_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc/passwd",
            "/a/..%5c..%5cetc",
            "/..\\etc",
            "etc/passwd",
            "/a/./b",
            "/%00",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
        assert_eq!(
            site_path("/blog/caf%C3%A9/?x=1").as_deref(),
            Some("/blog/café/")
        );
    }

    #[test]
    fn directories_redirect_and_index_files_serve() {
        let mut files = Files::new();
        files.insert("blog/index.html".into(), Arc::from(&b"x"[..]));
        assert!(matches!(find(&files, "/blog"), Lookup::Redirect));
        assert!(matches!(find(&files, "/blog/"), Lookup::File(n, _) if n == "blog/index.html"));
        assert!(matches!(find(&files, "/nope/"), Lookup::NotFound));
    }

    #[test]
    fn script_goes_before_the_end_of_body_and_overlay_is_escaped() {
        let out = String::from_utf8(inject(
            b"<html><body><p>x</p></body></html>",
            Some("<b>bad</b>"),
        ))
        .unwrap();
        assert!(out.contains("live.js\"></script><div id=\"daylight-error\""));
        assert!(out.contains("&lt;b&gt;bad&lt;/b&gt;"));
        assert!(out.ends_with("</body></html>"));
    }
}
