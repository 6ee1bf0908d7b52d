//! `daylight serve`: build into memory, serve on loopback, watch the site's folders, and
//! rebuild on every change through the build's own pipeline, reloading every open tab.
//!
//! The watcher is dumb (it collects paths); [`classify`] says whether they matter;
//! [`workspace`] rebuilds with [`crate::build::build`] and says what changed; [`http`]
//! decides each answer and [`conn`] carries it, with every connection bounded in number,
//! size and time. A failed rebuild keeps the last good site and shows the error in the
//! terminal and in every tab until it is fixed.

pub mod classify;
pub mod conn;
pub mod http;
pub mod workspace;

use std::collections::HashSet;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::Watcher;

use crate::build::Request;
use crate::error::Diagnostic;
use crate::printer::Printer;
use classify::{Known, Plan};
use http::Shared;

/// How long the watcher waits for a burst of events to end before rebuilding.
const QUIET: Duration = Duration::from_millis(20);
/// How long it waits after an event that ends a save (a file closed after writing, or
/// renamed into place) for what closely follows it, such as the rename's other half.
const SETTLED: Duration = Duration::from_millis(4);
/// The longest it keeps collecting a burst that never ends.
const MAX_BURST: Duration = Duration::from_millis(400);

pub struct ServeSettings {
    /// What to build: the same request `build` makes (its base URL, when None, becomes
    /// the server's own address).
    pub request: Request,
    pub bind: IpAddr,
    /// None: 1111, or the next free port after it.
    pub port: Option<u16>,
    pub open: bool,
}

fn bind(settings: &ServeSettings) -> Result<(TcpListener, u16, Option<u16>), Diagnostic> {
    let try_port = |port: u16| TcpListener::bind(SocketAddr::new(settings.bind, port));
    let in_use = |e: &std::io::Error| e.kind() == std::io::ErrorKind::AddrInUse;
    match settings.port {
        Some(port) => match try_port(port) {
            Ok(s) => Ok((s, port, None)),
            Err(e) if in_use(&e) => Err(Diagnostic::error(
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
                    Err(e) if in_use(&e) => continue,
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
    request: Request,
    /// The theme of the last good build, for the classifier.
    theme: String,
    /// What the last build rendered, so the next renders only what changed.
    memo: crate::build::Memo,
    /// What the live site holds, route by route.
    live: workspace::Live,
    /// The rebuild whose pages left for later are not all drawn yet.
    owed: Option<Owed>,
}

/// A rebuild that published the pages in view and left others for later.
struct Owed {
    /// The live site before it: the last whole site, put back if it cannot be finished.
    before: workspace::Snapshot,
    why: String,
    /// The paths it took in: said to be taken in once the site is whole.
    changed: Vec<String>,
    /// How many times an edit has cut drawing the rest short.
    cut_short: u32,
}

impl Server {
    /// Rebuilds the whole site through the build's pipeline and, if it built, replaces the
    /// live site with it: new and changed files in, vanished files out. The pages in view
    /// come first; the others, when some are left for later, are drawn by
    /// [`Server::draw_later`] while no edit waits.
    fn rebuild(&mut self, why: &str, changed: &[String]) {
        let in_view = self.shared.pages_in_view();
        self.memo
            .render_first((!in_view.is_empty()).then_some(in_view));
        // A rebuild whose pages for later were cut short by this change: the site before
        // it is the last whole one, and its paths are taken in when this one is.
        let owed = self.owed.take();
        let cut_short = owed.is_some();
        let (before, mut taken_in) = match owed {
            Some(owed) => (owed.before, owed.changed),
            None => (self.live.snapshot(), Vec::new()),
        };
        taken_in.extend(changed.iter().cloned());
        let first = self.build_once(workspace::Pass::Whole);
        self.memo.render_first(None);
        match first {
            Ok(first) => {
                self.memo.settle();
                let later = self.memo.routes().2;
                self.publish(why, first, false);
                if later > 0 {
                    self.owed = Some(Owed {
                        before,
                        why: why.to_string(),
                        changed: taken_in,
                        cut_short: 0,
                    });
                    return;
                }
            }
            Err(diags) => {
                // The live site stays the last good one, whole: the pages it left for
                // later, when an edit cut them short, are drawn now.
                if cut_short {
                    let finished = self.memo.resume_later()
                        && match self.build_once(workspace::Pass::Later) {
                            Ok(rest) => {
                                self.publish(why, rest, true);
                                true
                            }
                            Err(_) => false,
                        };
                    if !finished {
                        self.put_back(before);
                    }
                }
                self.failed(diags);
            }
        }
        self.shared.count_rebuild(&taken_in);
    }

    /// Draws the pages the last rebuild left for later. An edit arriving meanwhile (`edit`
    /// raised) cuts it short: what is drawn is published, the rest waits for the rebuild
    /// that edit makes, or for the next quiet moment.
    fn draw_later(&mut self, edit: &Arc<AtomicBool>) {
        let Some(mut owed) = self.owed.take() else {
            return;
        };
        self.memo.resume_later();
        // A stream of changes the site does not read (an editor's own files, say) must
        // not hold the site back for ever: after a few, the pages are drawn whole.
        const CUT_SHORT_AT_MOST: u32 = 3;
        self.memo
            .interrupt_on((owed.cut_short < CUT_SHORT_AT_MOST).then(|| edit.clone()));
        let rest = self.build_once(workspace::Pass::Later);
        self.memo.interrupt_on(None);
        match rest {
            Ok(rest) => {
                let still = self.memo.routes().2;
                self.publish(&owed.why, rest, true);
                if still > 0 {
                    owed.cut_short += 1;
                    self.owed = Some(owed);
                    return;
                }
            }
            Err(diags) => {
                // The pages in view came from a site that does not build as a whole:
                // the last good site is put back, whole.
                self.put_back(owed.before);
                self.failed(diags);
            }
        }
        self.shared.count_rebuild(&owed.changed);
    }

    /// Whether pages left for later are still to be drawn.
    fn owes_later(&self) -> bool {
        self.owed.is_some()
    }

    /// Makes the live site `before` again.
    fn put_back(&mut self, before: workspace::Snapshot) {
        let changes = self.live.restore(before, &self.shared.site());
        self.shared.apply(&changes, &self.shared.mount());
    }

    fn build_once(&mut self, pass: workspace::Pass) -> Result<workspace::Rebuilt, Vec<Diagnostic>> {
        workspace::rebuild(
            &self.request,
            pass,
            &mut self.memo,
            &mut self.live,
            &self.shared.site(),
        )
    }

    /// Puts a good rebuild live and tells the open tabs. `later`: this render drew the
    /// pages the one before left for later, so only the tabs showing one of
    /// them reload (the tabs in view were drawn, and reloaded, first).
    fn publish(&mut self, why: &str, rebuilt: workspace::Rebuilt, later: bool) {
        for w in &rebuilt.warnings {
            self.printer.diagnostic(w);
        }
        for (what, took) in &rebuilt.timings {
            self.printer.detail(&format!("{what} in {took:.2?}"));
        }
        let changes = rebuilt.changes;
        self.theme = rebuilt.theme;
        self.shared.apply(&changes, &rebuilt.mount);
        let had_error = self.shared.error().is_some();
        self.shared.set_error(None);
        if changes.css_only() && !had_error {
            self.shared.broadcast("css", "");
        } else if later && !had_error {
            let written: HashSet<&str> = changes.written.iter().map(|(f, _)| f.as_str()).collect();
            let changed = |page: &str| {
                let file = crate::urls::file_of(page);
                written.contains(file.as_str()) || changes.removed.contains(&file)
            };
            self.shared.send_where("reload", "", changed);
        } else if !changes.is_empty() || had_error {
            self.shared.broadcast("reload", "");
        }
        let (rendered, kept, deferred) = self.memo.routes();
        let what = match later {
            true if deferred > 0 => format!(
                "{rendered} of the routes left for later drawn, {deferred} once no edit waits"
            ),
            true => format!("the {rendered} routes left for later drawn"),
            false if deferred > 0 => format!("pages in view first, {deferred} left for later"),
            false => format!("{rendered} routes rendered, {kept} unchanged"),
        };
        self.printer.info(&format!(
            "rebuilt ({why}): {} in {:.0?} ({what})",
            changes.describe(),
            rebuilt.took,
        ));
    }

    /// Acts on one burst of changes: forgets what they touched, watches folders made
    /// anew, and rebuilds when the classifier says the site may have changed.
    fn on_changes(&mut self, burst: Burst, watch: &mut Watch, root: &Path) {
        if burst.lost_track {
            self.memo.clear();
        }
        if burst.paths.is_empty() {
            return;
        }
        self.memo.forget(&burst.paths, burst.only_edited);
        let output = root.join("public");
        let known = Known {
            root,
            output: Some(&output),
            theme: &self.theme,
        };
        // Folders moved, removed or made anew are watched afresh before the rebuild reads
        // them, so nothing written into them from now on is missed.
        if let Err(d) =
            watch_site_folders(&mut watch.watcher, root, &mut watch.watched, &burst.paths)
        {
            self.printer.diagnostic(&d);
        }
        if let Plan::Rebuild(why) = classify::classify(&burst.paths, &known) {
            let changed: Vec<String> = burst
                .paths
                .iter()
                .filter_map(|p| p.strip_prefix(root).ok())
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .collect();
            self.rebuild(&why, &changed);
        }
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
}

/// The folders a site is made of; each is watched once it exists.
const SITE_FOLDERS: [&str; 6] = ["content", "templates", "static", "themes", "data", "i18n"];

/// Watches each site folder that exists, recursively. A folder that was moved away,
/// removed or made anew (`touched` names it) is watched afresh: a watch follows the
/// folder it was set on, wherever it went, so a folder recreated at the same path would
/// otherwise never be seen again.
fn watch_site_folders(
    watcher: &mut notify::RecommendedWatcher,
    root: &Path,
    watched: &mut HashSet<&'static str>,
    touched: &[PathBuf],
) -> Result<(), Diagnostic> {
    for dir in SITE_FOLDERS {
        let path = root.join(dir);
        let moved = touched.iter().any(|t| t == &path);
        if watched.contains(dir) && (moved || !path.is_dir()) {
            let _ = watcher.unwatch(&path);
            watched.remove(dir);
        }
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

/// Said (always, even with --quiet) when serve listens beyond this machine.
fn not_loopback_warning(bind: IpAddr, port: u16) -> Diagnostic {
    Diagnostic::warning(
        "--bind",
        format!(
            "{bind} is not a loopback address: anyone who can reach this machine on port {port} \
             can read the preview"
        ),
    )
    .with_hint(
        "serve is for your own machine: leave out --bind (it listens on 127.0.0.1) unless you mean to share the preview",
    )
}

/// The file watcher, the events it sends, and the folders it watches.
struct Watch {
    watcher: notify::RecommendedWatcher,
    events: mpsc::Receiver<notify::Result<notify::Event>>,
    watched: HashSet<&'static str>,
    /// The watcher has reported a file closed after writing (Linux's inotify does), so a
    /// file written and not yet closed is one a writer is still writing.
    reports_closes: bool,
    /// Raised by every event the watcher sends: an edit is waiting.
    edit: Arc<AtomicBool>,
}

impl Watch {
    /// Watches the site's folders, and the site folder itself (for site.yaml and for
    /// folders made anew).
    fn start(root: &Path) -> Result<Watch, Diagnostic> {
        let (tx, events) = mpsc::channel();
        let edit = Arc::new(AtomicBool::new(false));
        let raise = edit.clone();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let edit = may_change_the_site(&event);
                let _ = tx.send(event);
                if edit {
                    raise.store(true, Ordering::SeqCst);
                }
            })
            .map_err(|e| {
                Diagnostic::error(root, format!("could not watch the site for changes: {e}"))
            })?;
        let mut watched = HashSet::new();
        watch_site_folders(&mut watcher, root, &mut watched, &[])?;
        watcher
            .watch(root, notify::RecursiveMode::NonRecursive)
            .map_err(|e| {
                Diagnostic::error(root, format!("could not watch the site folder: {e}"))
            })?;
        Ok(Watch {
            watcher,
            events,
            watched,
            reports_closes: false,
            edit,
        })
    }
}

/// Whether an event may be an edit to the site: not a file read (every rebuild reads
/// the site, and is told so), nor only files no build reads.
fn may_change_the_site(event: &notify::Result<notify::Event>) -> bool {
    match event {
        Ok(e) => {
            !matches!(e.kind, notify::EventKind::Access(_))
                && !e.paths.iter().all(|p| is_ignored_path(p))
        }
        Err(_) => true,
    }
}

/// The changes of one burst of events (an editor's save is often several).
struct Burst {
    paths: Vec<PathBuf>,
    /// The watcher reported an error: events may have been lost.
    lost_track: bool,
    /// Only files written (no file or folder made, removed or renamed): the next build
    /// need not walk content/ again.
    only_edited: bool,
    /// The last event ended a save: a file closed after writing, or renamed into place.
    settled: bool,
    /// Files written and not closed since: a writer may be between truncating a file and
    /// writing it, and a rebuild now would read it empty.
    open: HashSet<PathBuf>,
    /// A file was closed after writing.
    saw_close: bool,
}

impl Burst {
    /// `first` and every event that follows it closely, until a quiet moment. When the
    /// watcher `reports_closes`, a quiet moment with a file still open for writing is not
    /// the end of the burst (until [`MAX_BURST`]): its writer may have been held up.
    fn collect(
        first: notify::Result<notify::Event>,
        events: &mpsc::Receiver<notify::Result<notify::Event>>,
        reports_closes: bool,
        printer: &Printer,
    ) -> Burst {
        let mut burst = Burst {
            paths: Vec::new(),
            lost_track: false,
            only_edited: true,
            settled: false,
            open: HashSet::new(),
            saw_close: false,
        };
        burst.add(first, printer);
        let started = Instant::now();
        while started.elapsed() < MAX_BURST {
            // A save that has ended is rebuilt at once; a writer that has not closed its
            // file yet may write more, so that waits for a quiet moment.
            let wait = if burst.settled && burst.open.is_empty() {
                SETTLED
            } else {
                QUIET
            };
            match events.recv_timeout(wait) {
                Ok(e) => burst.add(e, printer),
                Err(mpsc::RecvTimeoutError::Timeout)
                    if reports_closes && !burst.open.is_empty() => {}
                Err(_) => break,
            }
        }
        burst.paths.sort();
        burst.paths.dedup();
        burst
    }

    fn add(&mut self, event: notify::Result<notify::Event>, printer: &Printer) {
        match event {
            Ok(event) if is_close_after_write(&event.kind) => {
                self.saw_close = true;
                for p in &event.paths {
                    self.open.remove(p);
                }
                self.settled |= !event.paths.iter().all(|p| is_ignored_path(p));
            }
            // Reading a file (as every rebuild does) is an event too: only changes count.
            Ok(event) if matches!(event.kind, notify::EventKind::Access(_)) => {}
            Ok(event) => {
                if matches!(
                    event.kind,
                    notify::EventKind::Modify(notify::event::ModifyKind::Data(_))
                ) {
                    self.open.extend(event.paths.iter().cloned());
                }
                self.settled = matches!(
                    event.kind,
                    notify::EventKind::Modify(notify::event::ModifyKind::Name(
                        notify::event::RenameMode::To | notify::event::RenameMode::Both
                    ))
                );
                printer.detail(&format!("change: {:?} {:?}", event.kind, event.paths));
                self.only_edited &= matches!(
                    event.kind,
                    notify::EventKind::Modify(
                        notify::event::ModifyKind::Data(_) | notify::event::ModifyKind::Metadata(_)
                    )
                );
                self.paths.extend(event.paths)
            }
            Err(err) => {
                eprintln!("warning: the file watcher reported: {err}");
                self.lost_track = true;
            }
        }
    }
}

fn is_close_after_write(kind: &notify::EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode};
    matches!(
        kind,
        notify::EventKind::Access(AccessKind::Close(AccessMode::Write))
    )
}

/// An editor's swap or temporary file: its save is not the end of one.
fn is_ignored_path(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| crate::content::walk::is_ignored_name(&n.to_string_lossy()))
}

fn open_in_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener).arg(url).spawn();
}

/// Runs the dev server until Ctrl-C.
pub fn serve(settings: ServeSettings, printer: Printer) -> Result<i32, Diagnostic> {
    let mut request = settings.request.clone();
    let root = request.root.clone();
    if !root.join("site.yaml").is_file() {
        // The same clear error a build gives.
        if let Err(ds) = crate::config::Config::load(&root) {
            return Ok(printer.stopped_by(&ds));
        }
    }
    // Before anything opens files: the first build and every connection need handles.
    let open_files = conn::raise_open_files_limit();
    let (listener, port, instead_of) = bind(&settings)?;
    if !settings.bind.is_loopback() {
        printer.diagnostic(&not_loopback_warning(settings.bind, port));
    }
    let shared = Arc::new(Shared::default());
    let url = format!("http://{}/", SocketAddr::new(settings.bind, port));
    if let Some(wanted) = instead_of {
        printer.info(&format!("port {wanted} is in use, so daylight is serving on port {port} instead (choose one with --port)"));
    }
    if request.base_url == crate::build::BaseUrl::Site {
        request.base_url =
            crate::build::BaseUrl::ServerWithSitePath(url.trim_end_matches('/').to_string());
    }

    let mut state = Server {
        shared: shared.clone(),
        printer,
        request,
        theme: "default".to_string(),
        memo: Default::default(),
        live: Default::default(),
        owed: None,
    };
    state.rebuild("first build", &[]);
    // The site's own address: under its base_url's path, if it has one.
    let url = format!("{}{}/", url.trim_end_matches('/'), shared.mount().path());

    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst))
            .map_err(|e| Diagnostic::error("serve", format!("could not handle Ctrl-C: {e}")))?;
    }
    let mut watch = Watch::start(&root)?;

    // Watch first, serve second: an edit made as soon as the site answers is seen.
    let limits = conn::Limits::for_open_files(open_files);
    let listening = conn::start(listener, shared.clone(), settings.bind, limits)
        .map_err(|e| Diagnostic::error("serve", format!("could not start serving: {e}")))?;

    state.printer.info(&format!("serving {url} — watching content/, data/, templates/, static/, themes/ and site.yaml (Ctrl-C to stop)"));
    if settings.open {
        open_in_browser(&url);
    }

    while !stop.load(Ordering::SeqCst) {
        // Pages left for later are drawn while no edit waits; one that arrives meanwhile
        // cuts them short (the flag is lowered first, so no event slips between).
        let first = if state.owes_later() {
            watch.edit.store(false, Ordering::SeqCst);
            match watch.events.try_recv() {
                Ok(e) => e,
                Err(mpsc::TryRecvError::Empty) => {
                    state.draw_later(&watch.edit);
                    continue;
                }
                Err(mpsc::TryRecvError::Disconnected) => break,
            }
        } else {
            match watch.events.recv_timeout(Duration::from_millis(200)) {
                Ok(e) => e,
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        };
        let burst = Burst::collect(first, &watch.events, watch.reports_closes, &state.printer);
        watch.reports_closes |= burst.saw_close;
        state.on_changes(burst, &mut watch, &root);
    }
    drop(watch);
    listening.stop();
    state.printer.info("stopped");
    Ok(0)
}
