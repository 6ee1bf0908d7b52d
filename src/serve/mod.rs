//! `daylight serve`: build into memory, serve on loopback, watch the site's folders, and
//! rebuild what a change touches, reloading every open tab.
//!
//! The watcher is dumb (it collects paths); [`classify`] decides what they mean;
//! [`workspace`] rebuilds; [`http`] serves. A failed rebuild keeps the last good site
//! and shows the error in the terminal and in every tab until it is fixed.

pub mod classify;
pub mod http;
pub mod workspace;

use std::collections::HashSet;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::Watcher;

use crate::cli::Printer;
use crate::error::Diagnostic;
use classify::{Known, Plan};
use http::Shared;
use workspace::{Rebuilt, ServeOptions, Workspace};

/// How long the watcher waits for a burst of events to end before rebuilding.
const QUIET: Duration = Duration::from_millis(20);
/// The longest it keeps collecting a burst that never ends.
const MAX_BURST: Duration = Duration::from_millis(400);
const WORKERS: usize = 8;

pub struct ServeSettings {
    pub options: ServeOptions,
    pub bind: IpAddr,
    /// None: 1111, or the next free port after it.
    pub port: Option<u16>,
    pub open: bool,
}

fn bind(settings: &ServeSettings) -> Result<(tiny_http::Server, u16, Option<u16>), Diagnostic> {
    let try_port = |port: u16| tiny_http::Server::http(SocketAddr::new(settings.bind, port));
    let in_use = |e: &(dyn std::error::Error + Send + Sync + 'static)| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::AddrInUse)
    };
    match settings.port {
        Some(port) => match try_port(port) {
            Ok(s) => Ok((s, port, None)),
            Err(e) if in_use(e.as_ref()) => Err(Diagnostic::error(
                "--port",
                format!("port {port} on {} is already in use", settings.bind),
            )
            .with_hint(
                "stop the other server, or choose another port with --port (e.g. --port 1112)",
            )),
            Err(e) => Err(Diagnostic::error(
                "--bind",
                format!("could not listen on {}:{port}: {e}", settings.bind),
            )),
        },
        None => {
            for port in 1111..1131 {
                match try_port(port) {
                    Ok(s) => return Ok((s, port, (port != 1111).then_some(1111))),
                    Err(e) if in_use(e.as_ref()) => continue,
                    Err(e) => {
                        return Err(Diagnostic::error(
                            "--bind",
                            format!("could not listen on {}:{port}: {e}", settings.bind),
                        ));
                    }
                }
            }
            Err(
                Diagnostic::error("--port", "ports 1111 to 1130 are all in use")
                    .with_hint("choose a free port with --port"),
            )
        }
    }
}

fn report(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

struct Server {
    shared: Arc<Shared>,
    printer: Printer,
    options: ServeOptions,
    workspace: Option<Workspace>,
}

impl Server {
    fn succeeded(&mut self, rebuilt: Rebuilt, why: &str, started: Instant) {
        for w in &rebuilt.warnings {
            self.printer.diagnostic(w);
        }
        let css_only = !rebuilt.whole_site
            && !rebuilt.files.is_empty()
            && rebuilt.files.keys().all(|k| k.ends_with(".css"));
        if rebuilt.whole_site {
            self.shared.replace_site(rebuilt.files);
        } else {
            self.shared.apply(rebuilt.files);
        }
        let had_error = self.shared.error().is_some();
        self.shared.set_error(None);
        self.shared.broadcast(
            if css_only && !had_error {
                "css"
            } else {
                "reload"
            },
            "",
        );
        self.printer.info(&format!(
            "rebuilt {} ({why}) in {:.0?}",
            rebuilt.what,
            started.elapsed()
        ));
    }

    fn failed(&mut self, diags: Vec<Diagnostic>) {
        for d in &diags {
            self.printer.diagnostic(d);
        }
        let text = report(&diags);
        eprintln!(
            "the rebuild failed: still serving the last good site; fix the file and it rebuilds by itself"
        );
        self.shared.set_error(Some(text.clone()));
        self.shared.broadcast("failed", &text);
    }

    /// The second step after an edit: feeds, sitemap, search index and incident pages.
    /// Tabs reload again only if it changed an HTML page (the tracker, statistics…).
    fn refresh_derived(&mut self) {
        let started = Instant::now();
        let Some(ws) = self.workspace.as_mut() else {
            return;
        };
        match ws.refresh_derived() {
            Ok(None) => {}
            Ok(Some(r)) => {
                for w in &r.warnings {
                    self.printer.diagnostic(w);
                }
                let html = r.files.keys().any(|k| k.ends_with(".html"));
                self.shared.apply(r.files);
                if html {
                    self.shared.broadcast("reload", "");
                }
                self.printer.detail(&format!(
                    "refreshed {} in {:.0?}",
                    r.what,
                    started.elapsed()
                ));
            }
            Err(d) => self.failed(d),
        }
    }

    fn full(&mut self, why: &str) {
        let started = Instant::now();
        match Workspace::build(self.options.clone()) {
            Ok((ws, rebuilt)) => {
                self.workspace = Some(ws);
                self.succeeded(rebuilt, why, started);
            }
            Err(diags) => self.failed(diags),
        }
    }

    fn rebuild(&mut self, plan: Plan) {
        let started = Instant::now();
        match plan {
            Plan::Nothing => {}
            Plan::Full(why) => self.full(&why),
            Plan::Static(files) => {
                let result = match &self.workspace {
                    Some(ws) => ws.static_changed(&files),
                    None => return self.full("a static file changed"),
                };
                match result {
                    Ok(r) => self.succeeded(r, "static file changed", started),
                    Err(d) => self.failed(d),
                }
            }
            Plan::Pages(rels) => {
                let why = rels
                    .iter()
                    .map(|r| format!("content/{r}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let result = match self.workspace.as_mut() {
                    Some(ws) => ws.pages_changed(&rels),
                    None => Ok(None),
                };
                match result {
                    Ok(Some(r)) => {
                        self.succeeded(r, &format!("{why} changed"), started);
                        self.refresh_derived();
                    }
                    Ok(None) => self.full(&format!("{why} changed its URL, order or terms")),
                    Err(d) => self.failed(d),
                }
            }
        }
    }
}

/// The folders a site is made of; each is watched once it exists.
const SITE_FOLDERS: [&str; 4] = ["content", "templates", "static", "themes"];

fn watch_site_folders(
    watcher: &mut notify::RecommendedWatcher,
    root: &Path,
    watched: &mut HashSet<&'static str>,
) -> Result<(), Diagnostic> {
    for dir in SITE_FOLDERS {
        let path = root.join(dir);
        if !watched.contains(dir) && path.is_dir() {
            watcher
                .watch(&path, notify::RecursiveMode::Recursive)
                .map_err(|e| {
                    Diagnostic::error(&path, format!("could not watch this folder: {e}"))
                })?;
            watched.insert(dir);
        }
    }
    Ok(())
}

/// Runs the dev server until Ctrl-C.
pub fn serve(settings: ServeSettings, printer: Printer) -> Result<i32, Diagnostic> {
    let root = std::path::absolute(&settings.options.root)
        .map_err(|e| Diagnostic::io(&settings.options.root, "resolve the site folder", &e))?;
    if !root.join("site.yaml").is_file() {
        // The same clear error a build gives.
        if let Err(ds) = crate::config::Config::load(&root) {
            return Ok(printer.stopped_by(&ds));
        }
    }
    let mut options = settings.options.clone();
    options.root = root.clone();
    let (server, port, instead_of) = bind(&settings)?;
    let server = Arc::new(server);
    let shared = Arc::new(Shared::default());
    let url = format!("http://{}/", SocketAddr::new(settings.bind, port));
    if let Some(wanted) = instead_of {
        printer.info(&format!("port {wanted} is in use, so daylight is serving on port {port} instead (choose one with --port)"));
    }
    if options.base_url.is_none() {
        options.base_url = Some(url.trim_end_matches('/').to_string());
    }

    let mut state = Server {
        shared: shared.clone(),
        printer,
        options,
        workspace: None,
    };
    state.full("first build");

    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        let server = server.clone();
        ctrlc::set_handler(move || {
            stop.store(true, Ordering::SeqCst);
            for _ in 0..WORKERS {
                server.unblock();
            }
        })
        .map_err(|e| Diagnostic::error("serve", format!("could not handle Ctrl-C: {e}")))?;
    }
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let _ = tx.send(event);
    })
    .map_err(|e| Diagnostic::error(&root, format!("could not watch the site for changes: {e}")))?;
    let theme = state
        .workspace
        .as_ref()
        .map_or_else(|| "default".to_string(), |w| w.config().theme.clone());
    let mut watched = HashSet::new();
    watch_site_folders(&mut watcher, &root, &mut watched)?;
    watcher
        .watch(&root, notify::RecursiveMode::NonRecursive)
        .map_err(|e| Diagnostic::error(&root, format!("could not watch the site folder: {e}")))?;

    // Watch first, serve second: an edit made as soon as the site answers is seen.
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let server = server.clone();
            let shared = shared.clone();
            std::thread::spawn(move || {
                while let Ok(request) = server.recv() {
                    http::handle(&shared, request);
                }
            })
        })
        .collect();

    state.printer.info(&format!("serving {url} — watching content/, templates/, static/, themes/ and site.yaml (Ctrl-C to stop)"));
    if settings.open {
        let _ = std::process::Command::new(if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        })
        .arg(&url)
        .spawn();
    }

    while !stop.load(Ordering::SeqCst) {
        let first = match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(e) => e,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        let mut paths: Vec<PathBuf> = Vec::new();
        // Reading a file (as every rebuild does) is an event too: only changes count.
        let mut collect = |e: notify::Result<notify::Event>| match e {
            Ok(event) if matches!(event.kind, notify::EventKind::Access(_)) => {}
            Ok(event) => {
                printer.detail(&format!("change: {:?} {:?}", event.kind, event.paths));
                paths.extend(event.paths)
            }
            Err(err) => eprintln!("warning: the file watcher reported: {err}"),
        };
        collect(first);
        let burst = Instant::now();
        while burst.elapsed() < MAX_BURST {
            match rx.recv_timeout(QUIET) {
                Ok(e) => collect(e),
                Err(_) => break,
            }
        }
        if paths.is_empty() {
            continue;
        }
        paths.sort();
        paths.dedup();
        let pages = state
            .workspace
            .as_ref()
            .map(Workspace::page_sources)
            .unwrap_or_default();
        let assets = state
            .workspace
            .as_ref()
            .map(Workspace::asset_sources)
            .unwrap_or_default();
        let output = root.join("public");
        let known = Known {
            root: &root,
            output: Some(&output),
            pages: &pages,
            assets: &assets,
            theme: &theme,
        };
        let plan = classify::classify(&paths, &known, &|p: &Path| p.is_file());
        state.rebuild(plan);
        // A folder made after serve started (templates/, static/…) is watched from now on.
        if let Err(d) = watch_site_folders(&mut watcher, &root, &mut watched) {
            state.printer.diagnostic(&d);
        }
    }
    drop(watcher);
    for w in workers {
        let _ = w.join();
    }
    state.printer.info("stopped");
    Ok(0)
}
