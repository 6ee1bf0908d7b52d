//! A site in a temporary folder, with the repository's default theme, and the real
//! binary run on it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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
        for d in ["themes", "content", "static"] {
            if repo().join(d).exists() {
                copy_dir(&repo().join(d), &dir.path().join(d));
            }
        }
        std::fs::copy(repo().join("site.yaml"), dir.path().join("site.yaml")).unwrap();
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
