//! A site in a temporary folder, with the repository's default theme, and the real
//! binary run on it: once to completion ([`Site::run`]), or as `daylight serve`
//! ([`Site::serve`]) with an HTTP client to ask it for pages ([`request`]).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_daylight");

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

pub struct Site {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(o: Output) -> Run {
        Run {
            status: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    #[track_caller]
    pub fn assert_ok(&self) -> &Self {
        assert_eq!(
            self.status, 0,
            "daylight failed:\n{}\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Succeeded, and `check` found nothing at all to say.
    #[track_caller]
    pub fn assert_clean(&self) -> &Self {
        self.assert_ok();
        assert!(
            self.stderr.contains("0 errors, 0 warnings"),
            "{}",
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn assert_failed(&self) -> &Self {
        assert_eq!(
            self.status, 1,
            "daylight should have failed:\n{}\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// The binary with exactly these arguments (no `--root` added), outside any site.
pub fn run_bin<S: AsRef<std::ffi::OsStr>>(args: impl IntoIterator<Item = S>) -> Run {
    let out = Command::new(BIN)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Run::from(out)
}

/// A PNG of `w` by `h` pixels, transparent: a whole picture, not only a header, since
/// daylight measures images and decodes those it makes resized copies of.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let mut b = Vec::new();
    image::DynamicImage::new_rgba8(w, h)
        .write_to(&mut std::io::Cursor::new(&mut b), image::ImageFormat::Png)
        .unwrap();
    b
}

pub const SITE_YAML: &str = "title: Test Council\nbase_url: https://test.example\n";

impl Site {
    /// A site with the default theme and `site.yaml`, and no content.
    pub fn new() -> Site {
        Site::with_config(SITE_YAML)
    }

    pub fn with_config(site_yaml: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(
            &repo().join("themes/default"),
            &dir.path().join("themes/default"),
        );
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        let site = Site { dir };
        site.write("site.yaml", site_yaml);
        site
    }

    /// The repository's own example site.
    pub fn example() -> Site {
        let dir = tempfile::tempdir().unwrap();
        for d in ["themes", "content", "static", "data"] {
            if repo().join(d).exists() {
                copy_dir(&repo().join(d), &dir.path().join(d));
            }
        }
        for f in ["site.yaml", "accessibility.yaml"] {
            std::fs::copy(repo().join(f), dir.path().join(f)).unwrap();
        }
        Site { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    /// A page with front matter lines and a body.
    pub fn page(&self, rel: &str, front_matter: &str, body: &str) {
        self.write(
            &format!("content/{rel}"),
            &format!("---\n{front_matter}---\n{body}"),
        );
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(BIN)
            .args(args)
            .arg("--root")
            .arg(self.root())
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        Run::from(out)
    }

    /// `daylight build` at a fixed moment, so future dates and overdue actions are stable.
    pub fn build(&self) -> Run {
        self.run(&["build", "--now", "2026-06-01T12:00:00Z"])
    }

    /// Builds, expects a failure (not a panic), and returns what was printed on stderr.
    #[track_caller]
    pub fn build_failing(&self) -> String {
        let run = self.build();
        run.assert_failed();
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        run.stderr
    }

    pub fn read(&self, rel: &str) -> String {
        let p = self.path(&format!("public/{rel}"));
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path(&format!("public/{rel}")).exists()
    }

    /// Every HTML file written, relative to public/.
    pub fn html_files(&self) -> Vec<String> {
        let public = self.path("public");
        walkdir::WalkDir::new(&public)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| {
                e.path()
                    .strip_prefix(&public)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    }
}

/// How to start `daylight serve`, beyond the site and a free port.
#[derive(Debug, Default, Clone, Copy)]
pub struct ServeOptions<'a> {
    /// More arguments for `daylight serve`: `["--bind", "0.0.0.0"]`.
    pub args: &'a [&'a str],
    /// Arguments for the shell's `ulimit` (`-n 256`), applied before daylight starts.
    pub ulimit: Option<&'a str>,
}

impl Site {
    /// `daylight serve` on this site, answering on a free port of 127.0.0.1.
    pub fn serve(&self) -> Server {
        self.serve_with(ServeOptions::default())
    }

    pub fn serve_with(&self, options: ServeOptions<'_>) -> Server {
        Server::start(self.root(), options)
    }
}

/// `daylight serve`, running; killed when dropped. Its stderr goes to a file, not a
/// pipe (a pipe nobody reads fills up and stops the server): [`Server::stderr`] reads
/// it, and it is printed when a test fails (panics) while the server is alive.
pub struct Server {
    pub port: u16,
    child: Child,
    log: PathBuf,
    _log_dir: tempfile::TempDir,
}

impl Server {
    fn start(root: &Path, options: ServeOptions<'_>) -> Server {
        let port = free_port();
        let log_dir = tempfile::tempdir().unwrap();
        let log = log_dir.path().join("serve-stderr.txt");
        let mut command = match options.ulimit {
            None => Command::new(BIN),
            // The shell sets the limit, then becomes daylight (same process, same id).
            Some(ulimit) => {
                let mut sh = Command::new("sh");
                sh.arg("-c")
                    .arg(format!("ulimit {ulimit} && exec \"$0\" \"$@\""))
                    .arg(BIN);
                sh
            }
        };
        command
            .args(["serve", "--port", &port.to_string(), "--root"])
            .arg(root)
            .args(options.args)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap());
        let mut server = Server {
            port,
            child: command.spawn().unwrap(),
            log,
            _log_dir: log_dir,
        };
        server.wait_until_answering();
        server
    }

    /// Returns once the server answers `/` on its port (30 s at most). It panics if the
    /// server exits first, never answers, or answers neither 200 nor 404 (nor 307, which
    /// sends the browser to a site served under its base_url's path); what the server
    /// printed is shown as it is dropped.
    fn wait_until_answering(&mut self) {
        let started = Instant::now();
        loop {
            match request(self.port, "GET", "/") {
                Ok(r) if [200, 404, 307].contains(&r.status) => return,
                Ok(r) => panic!("serve answered / with {} as it started", r.status),
                Err(_) => {}
            }
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("serve exited with {status} before it answered");
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "serve did not answer on port {} within 30 s",
                self.port
            );
            // A refused connection comes back at once: ask again shortly, not in a spin.
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Everything the server has written to stderr so far.
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends SIGINT (Ctrl-C) and waits (10 s at most) for a clean exit.
    #[track_caller]
    pub fn ctrl_c_stops_it(&mut self) {
        Command::new("kill")
            .args(["-INT", &self.pid().to_string()])
            .status()
            .unwrap();
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "serve did not stop on Ctrl-C within 10 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        assert!(status.success(), "{status:?}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!(
                "--- daylight serve on port {} wrote to stderr:\n{}",
                self.port,
                self.stderr()
            );
        }
    }
}

/// A port nothing listens on now, on 127.0.0.1.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// An HTTP response: its status, its head (status line and headers) and its body.
pub struct Response {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Response {
    /// A response as received; status 0 if the status line is not one.
    pub fn parse(raw: &[u8]) -> Response {
        let text = String::from_utf8_lossy(raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Response {
            status,
            head: head.to_string(),
            body: body.to_string(),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// One request to 127.0.0.1 with the path sent exactly as given.
pub fn request(port: u16, method: &str, path: &str) -> std::io::Result<Response> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    Ok(Response::parse(&raw))
}

/// The values of `attr="..."` in `html`.
pub fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            out.push(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out
}

/// Internal links (href/src) in every page that do not lead to a file in public/.
pub fn broken_internal_links(site: &Site, base_url: &str) -> Vec<String> {
    let public = site.path("public");
    let mut broken = Vec::new();
    for file in site.html_files() {
        let html = site.read(&file);
        let page_dir = Path::new(&file)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        for attr in ["href", "src"] {
            for value in attr_values(&html, attr) {
                let value = value.replace("&amp;", "&");
                let value = value
                    .strip_prefix(base_url)
                    .map(str::to_string)
                    .unwrap_or(value);
                if value.is_empty()
                    || value.starts_with('#')
                    || value.contains("://")
                    || value.starts_with("mailto:")
                    || value.starts_with("tel:")
                    || value.starts_with("//")
                {
                    continue;
                }
                let path = value.split(['#', '?']).next().unwrap_or("");
                let path = path.replace("%20", " ");
                let target = if let Some(abs) = path.strip_prefix('/') {
                    public.join(abs)
                } else {
                    public.join(&page_dir).join(&path)
                };
                let ok = if path.ends_with('/') || target.is_dir() {
                    target.join("index.html").is_file()
                } else {
                    target.is_file()
                };
                if !ok {
                    broken.push(format!("{file}: {attr}=\"{value}\""));
                }
            }
        }
    }
    broken
}
