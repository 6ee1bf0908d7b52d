//! What the dev server answers: the live site from memory on loopback, the live-reload
//! script injected into HTML, the last error as an overlay, and reload events. How bytes
//! come and go (limits, timeouts, connections) is [`super::conn`]'s job, not this one's.
//!
//! It only ever looks paths up in the in-memory site, so no request can reach a file
//! outside it: `..`, encoded `%2e%2e`, backslashes and absolute paths get the 404 page.
//! A site whose `base_url` has a path (`/project`) is served under that path, as its host
//! will serve it: `/` sends the browser there, and every other path outside it is not
//! found. The server's own script and event stream stay at [`PREFIX`], outside any site.
//! It answers only requests that name loopback or the bind address as their host, so a
//! page on another site cannot read the preview by pointing its own name at 127.0.0.1
//! (DNS rebinding).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, RwLock};

use crate::output::Files;
use crate::urls::Mount;

/// Where the injected script and event stream live (no site may use this prefix).
pub const PREFIX: &str = "/__daylight/";
const LIVE_JS: &str = include_str!("live.js");

/// What an open tab's stream is sent: an event, or None when the tab has gone.
pub type StreamMessage = Option<Arc<str>>;

/// An open tab's stream: its subscription number, the site path it shows (when it
/// said), and where its events go.
type Client = (u64, Option<String>, Sender<StreamMessage>);

/// State shared by the server threads and the rebuild loop.
#[derive(Default)]
pub struct Shared {
    /// The live site, changed in place by each good rebuild (under the write lock, so a
    /// request sees the site before or after a rebuild, never between).
    files: RwLock<Files>,
    /// The path the live site is served under, changed with it.
    mount: RwLock<Mount>,
    /// The last rebuild's errors, as text, while they stand.
    error: RwLock<Option<String>>,
    /// Open tabs' event streams, by subscription number, with the site path each shows.
    clients: Mutex<Vec<Client>>,
    /// The site paths of the pages asked for last, newest first: a rebuild renders these
    /// first (see [`Shared::pages_in_view`]).
    recent: Mutex<std::collections::VecDeque<String>>,
    next_client: AtomicU64,
    /// Rebuilds finished (good or failed), for `/__daylight/status`.
    rebuilds: AtomicU64,
    /// Site-relative path -> the number of the last finished rebuild that saw it change.
    seen: Mutex<std::collections::BTreeMap<String, u64>>,
    /// What changed when, so a tab that connects late learns what it missed.
    versions: Mutex<Versions>,
}

/// The live site's version: one more each time it or the standing error changes, with
/// the version each file last changed at. A page is served with the version it was
/// served at, and its tab sends it back when its event stream opens: a tab whose stream
/// opens after a rebuild it should have followed reloads then (the page, its styles or
/// the error changed since), instead of never.
#[derive(Default)]
struct Versions {
    now: u64,
    /// Output file -> the version it was last written or removed at.
    file: std::collections::HashMap<String, u64>,
    /// The last version a stylesheet changed at.
    css: u64,
    /// The last version the standing error appeared, changed or went at.
    error: u64,
}

/// An open tab, as its event stream describes it: the site path it shows and the
/// version it was served at (each when it said).
#[derive(Debug, Default, PartialEq)]
pub struct Tab {
    pub page: Option<String>,
    pub version: Option<u64>,
}

/// One open tab's place among the event streams; leaving drops it from the list at once,
/// so a closed tab neither holds a place nor waits for the next event to be noticed.
pub struct Subscription<'a> {
    shared: &'a Shared,
    id: u64,
    pub events: Receiver<StreamMessage>,
    /// For whoever notices the tab has gone, to end the stream.
    pub gone: Sender<StreamMessage>,
}

impl Drop for Subscription<'_> {
    fn drop(&mut self) {
        self.shared
            .clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|(id, _, _)| *id != self.id);
    }
}

/// One server-sent event; every line of `data` (split at LF, CR or CRLF alike) is a
/// `data:` line of its own, so nothing in it can end the event or add a field.
pub fn event_message(event: &str, data: &str) -> String {
    crate::escape::sse_event(event, data)
}

impl Shared {
    /// Applies a rebuild's changes to the live site, served under `mount`.
    pub fn apply(&self, changes: &super::workspace::Changes, mount: &Mount) {
        let mut files = self.files.write().unwrap_or_else(|e| e.into_inner());
        let mut versions = self.versions.lock().unwrap_or_else(|e| e.into_inner());
        versions.now += 1;
        let now = versions.now;
        for f in &changes.removed {
            files.remove(f);
        }
        for (f, bytes) in &changes.written {
            files.insert(f.clone(), bytes.clone());
        }
        let touched = (changes.removed.iter()).chain(changes.written.iter().map(|(f, _)| f));
        for f in touched {
            if f.ends_with(".css") {
                versions.css = now;
            }
            versions.file.insert(f.clone(), now);
        }
        *self.mount.write().unwrap_or_else(|e| e.into_inner()) = mount.clone();
    }

    /// One more rebuild has finished, for changes to these site-relative paths: tools and
    /// tests waiting for an edit to be taken in can tell.
    pub fn count_rebuild(&self, changed: &[String]) {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let n = self.rebuilds.fetch_add(1, Ordering::SeqCst) + 1;
        for path in changed {
            seen.insert(path.clone(), n);
        }
    }

    /// `{"rebuilds": N, "failing": bool, "seen": {path: n}}`: how many rebuilds have
    /// finished, whether the last one failed, and for each changed path the last rebuild
    /// that took it in. A test that saves a file waits for its path here, not for a time.
    fn status_json(&self) -> String {
        let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        serde_json::json!({
            "rebuilds": self.rebuilds.load(Ordering::SeqCst),
            "failing": self.error().is_some(),
            "seen": *seen,
        })
        .to_string()
    }

    /// The live site, read-locked: hold it only to look files up.
    pub fn site(&self) -> std::sync::RwLockReadGuard<'_, Files> {
        self.files.read().unwrap_or_else(|e| e.into_inner())
    }

    /// The path the live site is served under.
    pub fn mount(&self) -> Mount {
        self.mount.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn set_error(&self, text: Option<String>) {
        let mut error = self.error.write().unwrap_or_else(|e| e.into_inner());
        if *error != text {
            let mut versions = self.versions.lock().unwrap_or_else(|e| e.into_inner());
            versions.now += 1;
            versions.error = versions.now;
        }
        *error = text;
    }

    /// The live site's version now (see [`Versions`]).
    fn version(&self) -> u64 {
        self.versions.lock().unwrap_or_else(|e| e.into_inner()).now
    }

    /// Whether a tab served at `version`, showing `page` (a site path, when it said),
    /// is out of date: its page, the styles or the error changed since.
    pub fn stale(&self, tab: &Tab) -> bool {
        let Some(served) = tab.version else {
            return false;
        };
        let versions = self.versions.lock().unwrap_or_else(|e| e.into_inner());
        let changed = |at: u64| at > served;
        // Served at a version this server has not reached: by a server before it.
        served > versions.now
            || changed(versions.css)
            || changed(versions.error)
            || match &tab.page {
                Some(page) => {
                    let file = crate::urls::file_of(page);
                    versions.file.get(&file).is_some_and(|&at| changed(at))
                }
                None => changed(versions.now),
            }
    }

    pub fn error(&self) -> Option<String> {
        self.error.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Sends an event to every open tab (`reload`, `css`, or `failed` with the error text).
    pub fn broadcast(&self, event: &str, data: &str) {
        self.send_where(event, data, |_| true);
    }

    /// Sends an event to the open tabs whose page `shows` says yes to (a tab that did
    /// not say which page it shows, to every call).
    pub fn send_where(&self, event: &str, data: &str, shows: impl Fn(&str) -> bool) {
        let message: Arc<str> = Arc::from(event_message(event, data));
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|(_, page, c)| {
            let wanted = page.as_deref().is_none_or(&shows);
            !wanted || c.send(Some(message.clone())).is_ok()
        });
    }

    /// A page was asked for (found or not): its site path, as a route's key.
    pub fn asked_for(&self, site_path: &str) {
        const KEPT: usize = 16;
        let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        recent.retain(|p| p != site_path);
        recent.push_front(site_path.to_string());
        recent.truncate(KEPT);
    }

    /// The pages someone is looking at: each open tab's, and the last few asked for. A
    /// rebuild renders and publishes these first, as Hugo's fast render does.
    pub fn pages_in_view(&self) -> std::collections::HashSet<String> {
        let clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        let recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        (clients.iter().filter_map(|(_, page, _)| page.clone()))
            .chain(recent.iter().cloned())
            .collect()
    }

    /// A place among the open tabs' streams for a tab showing the site path `page`, or
    /// None when `max` are open already.
    pub fn subscribe(&self, max: usize, page: Option<String>) -> Option<Subscription<'_>> {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        if clients.len() >= max {
            return None;
        }
        let (tx, rx) = mpsc::channel();
        let id = self.next_client.fetch_add(1, Ordering::Relaxed);
        clients.push((id, page, tx.clone()));
        Some(Subscription {
            shared: self,
            id,
            events: rx,
            gone: tx,
        })
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

/// The page for a missing `path`: its top folder's own `404.html` where it has one (a
/// bilingual site's `/cy/404.html`, in Welsh, for a missing `/cy/…`), as a host that
/// looks for a folder's own would serve it; else the site's.
fn not_found(files: &Files, path: &str) -> (u16, String, Arc<[u8]>) {
    let top = path
        .trim_start_matches('/')
        .split_once('/')
        .map(|(top, _)| top);
    let own = top.map(|top| format!("{top}/404.html"));
    for name in own.iter().map(String::as_str).chain(["404.html"]) {
        if let Some(b) = files.get(name) {
            return (404, name.to_string(), b.clone());
        }
    }
    (404, "404.txt".to_string(), Arc::from(&b"Not found\n"[..]))
}

enum Lookup {
    File(String, Arc<[u8]>),
    /// A folder named without its final slash: its site path (no leading slash).
    Redirect(String),
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
        return Lookup::Redirect(key.to_string());
    }
    Lookup::NotFound
}

/// The query of a request for the event stream (`/__daylight/events?page=…`), or None
/// for any other request.
fn events_query(url: &str) -> Option<&str> {
    let rest = url.strip_prefix(PREFIX)?.strip_prefix("events")?;
    match rest.strip_prefix('?') {
        Some(query) => Some(query),
        None => rest.is_empty().then_some(""),
    }
}

/// The site path of the page a tab's stream says it shows (`page=`, the page's
/// location path), when it is a path of the site.
/// The tab an event stream's query describes (`page=/about/&v=7`).
fn shown_tab(shared: &Shared, query: &str) -> Tab {
    let field = |name: &str| {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
    };
    let page = field("page").and_then(site_path).and_then(|decoded| {
        let mount = shared.mount();
        mount.site_path(&decoded).map(str::to_string)
    });
    let version = field("v").and_then(|v| v.parse().ok());
    Tab { page, version }
}

fn escape(text: &str) -> String {
    crate::markdown::escape(text)
}

/// The live-reload script, and the error overlay while an error stands, before `</body>`.
/// The script's address carries `version`, the live site's version the page was served
/// at (see [`Versions`]).
pub fn inject(html: &[u8], error: Option<&str>, version: u64) -> Vec<u8> {
    let mut extra = format!("<script src=\"{PREFIX}live.js?v={version}\"></script>");
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

/// Where a folder named without its final slash is sent: always one slash, then the
/// site path percent-encoded, so that `//blog` goes to `/blog/` on this server and never
/// to `//blog/` (a protocol-relative URL: another host), and nothing from the request
/// reaches the header unescaped.
pub fn redirect_location(key: &str) -> String {
    let mut out = String::from("/");
    for &b in key.trim_start_matches('/').as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.push('/');
    out
}

/// Whether a request's `Host` names this server: `localhost`, a loopback address or the
/// bind address, with or without a port. When bound to every address (0.0.0.0 or ::),
/// any IP address is the bind address; an IP address is never a DNS rebinding, which
/// needs a name. Every other name is refused.
pub fn host_allowed(host: &str, bind: IpAddr) -> bool {
    let is_port = |p: &str| !p.is_empty() && p.len() <= 5 && p.parse::<u16>().is_ok();
    let ip_allowed = |ip: IpAddr| ip.is_loopback() || ip == bind || bind.is_unspecified();
    if let Some(rest) = host.strip_prefix('[') {
        let Some((inside, after)) = rest.split_once(']') else {
            return false;
        };
        if !(after.is_empty() || after.strip_prefix(':').is_some_and(is_port)) {
            return false;
        }
        return inside
            .parse::<Ipv6Addr>()
            .is_ok_and(|ip| ip_allowed(IpAddr::V6(ip)));
    }
    let name = match host.split_once(':') {
        Some((name, port)) if is_port(port) => name,
        Some(_) => return false,
        None => host,
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<Ipv4Addr>()
            .is_ok_and(|ip| ip_allowed(IpAddr::V4(ip)))
}

/// A request as the connection layer read it.
#[derive(Debug)]
pub struct Request {
    pub method: String,
    /// The request target exactly as sent.
    pub target: String,
    /// The one `Host` header, if there was one.
    pub host: Option<String>,
}

/// What to send back.
pub enum Answer {
    Page(Response),
    /// The live-reload event stream, for this tab: the connection layer keeps it open.
    Events(Tab),
}

pub struct Response {
    pub status: u16,
    /// Besides Content-Length and Connection, which the connection layer writes.
    pub headers: Vec<(&'static str, String)>,
    pub body: Arc<[u8]>,
    /// False for HEAD: the headers only, Content-Length giving the body's length.
    pub send_body: bool,
}

impl Response {
    fn new(status: u16, content_type: &str, body: Arc<[u8]>) -> Response {
        Response {
            status,
            headers: vec![
                ("Content-Type", content_type.to_string()),
                ("Cache-Control", "no-store".to_string()),
            ],
            body,
            send_body: true,
        }
    }

    /// A short plain-text answer (errors, refusals).
    pub fn text(status: u16, message: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            Arc::from(message.as_bytes()),
        )
    }

    fn with(mut self, name: &'static str, value: String) -> Response {
        self.headers.push((name, value));
        self
    }
}

/// The reason phrase for each status the server sends.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        307 => "Temporary Redirect",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// Answers one request for a server bound to `bind`.
pub fn answer(shared: &Shared, request: &Request, bind: IpAddr) -> Answer {
    let Some(host) = request.host.as_deref() else {
        return Answer::Page(Response::text(400, "A request needs a Host header.\n"));
    };
    if !host_allowed(host, bind) {
        return Answer::Page(Response::text(
            403,
            "daylight serve answers only requests for localhost, a loopback address such as \
             127.0.0.1 or [::1], or the address given to --bind. This request was for another \
             host name, which is how a page on another site could read the preview.\n",
        ));
    }
    let head_only = match request.method.as_str() {
        "GET" => false,
        "HEAD" => true,
        _ => {
            return Answer::Page(
                Response::text(405, "Only GET and HEAD are served.\n")
                    .with("Allow", "GET, HEAD".to_string()),
            );
        }
    };
    let url = request.target.as_str();
    if !head_only && let Some(query) = events_query(url) {
        return Answer::Events(shown_tab(shared, query));
    }
    let mut response = page(shared, url);
    response.send_body = !head_only;
    Answer::Page(response)
}

fn page(shared: &Shared, url: &str) -> Response {
    if url.starts_with(&format!("{PREFIX}live.js")) {
        return Response::new(
            200,
            "text/javascript; charset=utf-8",
            Arc::from(LIVE_JS.as_bytes()),
        );
    }
    if url == format!("{PREFIX}status") {
        return Response::new(
            200,
            "application/json",
            Arc::from(shared.status_json().into_bytes()),
        );
    }
    let mount = shared.mount();
    let path = url.split(['?', '#']).next().unwrap_or("");
    let under_mount = mount.site_path(path);
    if !mount.is_root() && under_mount.is_none() && (path == "/" || path == mount.path()) {
        // Temporary: a browser keeps a permanent redirect of `/`, and the next site
        // served on this port may be at the root.
        return Response::text(307, "").with("Location", format!("{}/", mount.path()));
    }
    let (found, version) = {
        let site = shared.site();
        // Read under the site's lock: the version of exactly the files looked up.
        let version = shared.version();
        let asked = under_mount.and_then(site_path);
        let found = match asked.as_deref().map(|p| find(&site, p)) {
            Some(Lookup::File(name, bytes)) => Ok((200, name, bytes)),
            Some(Lookup::Redirect(key)) => Err(key),
            _ => Ok(not_found(&site, asked.as_deref().unwrap_or("/"))),
        };
        (found, version)
    };
    if (crate::urls::names_a_page(path) || crate::urls::is_read_by_machines(path))
        && let Some(p) = under_mount.and_then(site_path)
    {
        shared.asked_for(&p);
    }
    let (status, name, body) = match found {
        Ok(found) => found,
        Err(key) => {
            let location = format!("{}{}", mount.path(), redirect_location(&key));
            return Response::text(301, "").with("Location", location);
        }
    };
    let ctype = content_type(&name);
    let body: Arc<[u8]> = if ctype.starts_with("text/html") {
        Arc::from(inject(&body, shared.error().as_deref(), version))
    } else {
        body
    };
    Response::new(status, ctype, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tab(page: &str, version: u64) -> Tab {
        Tab {
            page: Some(page.to_string()),
            version: Some(version),
        }
    }

    fn changes(written: &[&str], removed: &[&str]) -> super::super::workspace::Changes {
        super::super::workspace::Changes {
            written: (written.iter())
                .map(|f| (f.to_string(), Arc::from(&b"x"[..])))
                .collect(),
            removed: removed.iter().map(|f| f.to_string()).collect(),
        }
    }

    /// A tab is stale when its page, the styles or the error changed after it was served;
    /// not when only other pages did, and never when it did not say its version.
    #[test]
    fn a_tab_is_stale_only_when_what_it_shows_changed_since_it_was_served() {
        let shared = Shared::default();
        let root = Mount::default();
        shared.apply(
            &changes(&["about/index.html", "blog/index.html"], &[]),
            &root,
        );
        let served = shared.version();
        assert!(!shared.stale(&tab("/about/", served)));
        shared.apply(&changes(&["blog/index.html"], &[]), &root);
        assert!(
            !shared.stale(&tab("/about/", served)),
            "another page changed"
        );
        assert!(shared.stale(&tab("/blog/", served)));
        let untold = Tab {
            page: Some("/about/".to_string()),
            version: None,
        };
        assert!(
            !shared.stale(&untold),
            "a tab that did not say cannot be told"
        );
        let served = shared.version();
        shared.apply(&changes(&["style.css"], &[]), &root);
        assert!(shared.stale(&tab("/about/", served)), "the styles changed");
        let served = shared.version();
        shared.set_error(Some("bad".into()));
        assert!(shared.stale(&tab("/about/", served)), "an error appeared");
        let served = shared.version();
        shared.set_error(Some("bad".into()));
        assert!(
            !shared.stale(&tab("/about/", served)),
            "the same error stands"
        );
        shared.set_error(None);
        assert!(shared.stale(&tab("/about/", served)), "the error went");
        let served = shared.version();
        shared.apply(&changes(&[], &["about/index.html"]), &root);
        assert!(shared.stale(&tab("/about/", served)), "the page went");
        assert!(
            shared.stale(&tab("/about/", shared.version() + 5)),
            "served by an earlier server"
        );
    }

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
        let mut files = Files::default();
        files.insert("blog/index.html".into(), Arc::from(&b"x"[..]));
        assert!(matches!(find(&files, "/blog"), Lookup::Redirect(k) if k == "blog"));
        assert!(matches!(find(&files, "/blog/"), Lookup::File(n, _) if n == "blog/index.html"));
        assert!(matches!(find(&files, "/nope/"), Lookup::NotFound));
    }

    #[test]
    fn hosts_naming_loopback_or_the_bind_address_are_allowed() {
        let loopback = IpAddr::V4(Ipv4Addr::LOCALHOST);
        for ok in [
            "localhost",
            "LOCALHOST:1111",
            "127.0.0.1",
            "127.0.0.1:1111",
            "127.200.1.2:80",
            "[::1]",
            "[::1]:1111",
        ] {
            assert!(host_allowed(ok, loopback), "{ok}");
        }
        for bad in [
            "",
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "127.0.0.1:",
            "127.0.0.1:99999",
            "127.0.0.1:1:2",
            "10.0.0.1",
            "[::1",
            "[::1]x",
            "[2001:db8::1]:1111",
            "::1",
            "0.0.0.0",
        ] {
            assert!(!host_allowed(bad, loopback), "{bad}");
        }
        let lan = IpAddr::V4(Ipv4Addr::new(192, 168, 1, 5));
        assert!(host_allowed("192.168.1.5:1111", lan));
        assert!(host_allowed("localhost", lan));
        assert!(!host_allowed("192.168.1.6", lan));
        assert!(!host_allowed("preview.example", lan));
        let any = IpAddr::V4(Ipv4Addr::UNSPECIFIED);
        assert!(host_allowed("0.0.0.0:1111", any));
        assert!(host_allowed("192.168.1.6", any));
        assert!(host_allowed("[fe80::1]", any));
        assert!(!host_allowed("rebind.example", any));
    }

    #[test]
    fn a_site_with_a_path_is_served_under_it_and_only_there() {
        let shared = Shared::default();
        let changes = super::super::workspace::Changes {
            written: ["index.html", "blog/index.html", "404.html"]
                .map(|f| (f.to_string(), Arc::from(&b"x"[..])))
                .into(),
            removed: Vec::new(),
        };
        shared.apply(&changes, &Mount::of("https://x.github.io/project"));
        let answer = |url: &str| {
            let r = page(&shared, url);
            let location = r.headers.iter().find(|(h, _)| *h == "Location");
            (r.status, location.map_or(String::new(), |(_, l)| l.clone()))
        };
        assert_eq!(answer("/"), (307, "/project/".to_string()));
        assert_eq!(answer("/?x=1"), (307, "/project/".to_string()));
        assert_eq!(answer("/project"), (307, "/project/".to_string()));
        assert_eq!(answer("/project/"), (200, String::new()));
        assert_eq!(answer("/project/blog/"), (200, String::new()));
        assert_eq!(answer("/project/blog"), (301, "/project/blog/".to_string()));
        for outside in ["/blog/", "/projectx/", "/index.html", "/project/../blog/"] {
            assert_eq!(answer(outside), (404, String::new()), "{outside}");
        }
    }

    #[test]
    fn a_missing_page_under_a_folder_with_its_own_404_page_gets_that_one() {
        let shared = Shared::default();
        let changes = super::super::workspace::Changes {
            written: [
                ("404.html", "en"),
                ("cy/404.html", "cy"),
                ("cy/index.html", ""),
            ]
            .map(|(f, text)| (f.to_string(), Arc::from(text.as_bytes())))
            .into(),
            removed: Vec::new(),
        };
        shared.apply(&changes, &Mount::of("https://x.example"));
        let body = |url: &str| {
            let r = page(&shared, url);
            assert_eq!(r.status, 404, "{url}");
            String::from_utf8_lossy(&r.body).to_string()
        };
        assert!(body("/cy/nothing/").starts_with("cy"));
        assert!(body("/cy/a/b/c.png").starts_with("cy"));
        assert!(body("/nothing/").starts_with("en"));
        assert!(body("/cymraeg/").starts_with("en"));
    }

    #[test]
    fn redirects_go_to_one_slash_and_an_encoded_site_path() {
        assert_eq!(redirect_location("blog"), "/blog/");
        assert_eq!(redirect_location("//evil.example/x"), "/evil.example/x/");
        assert_eq!(redirect_location("caf\u{e9}"), "/caf%C3%A9/");
        assert_eq!(
            redirect_location("a b\r\nSet-Cookie: x"),
            "/a%20b%0D%0ASet-Cookie:%20x/"
        );
    }

    #[test]
    fn script_goes_before_the_end_of_body_and_overlay_is_escaped() {
        let out = String::from_utf8(inject(
            b"<html><body><p>x</p></body></html>",
            Some("<b>bad</b>"),
            7,
        ))
        .unwrap();
        assert!(out.contains("live.js?v=7\"></script><div id=\"daylight-error\""));
        assert!(out.contains("&lt;b&gt;bad&lt;/b&gt;"));
        assert!(out.ends_with("</body></html>"));
    }
}
