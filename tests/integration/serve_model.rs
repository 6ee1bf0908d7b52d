//! Model-based test of `serve`: random sequences of the edits authors make, applied to a
//! generated site while it is served. After every step, the preview must serve exactly
//! what a fresh `daylight build` of the same files writes (the live-reload script aside),
//! answer 404 for every URL the build does not write, and, while the files do not build,
//! keep serving the last good site under an overlay that names each error.
//!
//! The sequences are seeded: a failure prints the seed and the steps, and
//! `DAYLIGHT_MODEL_SEED=<seed> DAYLIGHT_MODEL_RUNS=1` replays it. `DAYLIGHT_MODEL_RUNS`
//! and `DAYLIGHT_MODEL_STEPS` run more by hand.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::harness::{BIN, ServeOptions, Site, repo};

const NOW: &str = "2026-06-01T12:00:00Z";

/// A small, fast, seeded generator (SplitMix64): no dependency, same numbers everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn one_of(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }

    fn some_of(&mut self, items: &[&str], max: usize) -> Vec<String> {
        let n = self.below(max + 1);
        let mut out: Vec<String> = Vec::new();
        for _ in 0..n {
            let t = self.pick(items).to_string();
            if !out.contains(&t) {
                out.push(t);
            }
        }
        out
    }
}

const TAGS: &[&str] = &["news", "data", "open", "housing", "web"];
const AUTHORS: &[&str] = &["Priya Shah", "Amara Okafor", "Tom Evans"];
const SERVICES: &[&str] = &["Payments", "Website", "Bin reminders", "Housing repairs"];
const WORDS: &[&str] = &[
    "council",
    "residents",
    "service",
    "plan",
    "today",
    "we",
    "learnt",
    "published",
    "report",
    "team",
    "fixed",
    "the",
    "a",
    "and",
    "open",
];

#[derive(Clone, Debug)]
struct Post {
    title: String,
    day: u32,
    tags: Vec<String>,
    authors: Vec<String>,
    series: bool,
    plan_item: Option<String>,
    body: String,
}

#[derive(Clone, Debug)]
struct Action {
    text: String,
    status: &'static str,
    due_day: u32,
}

#[derive(Clone, Debug)]
struct Incident {
    title: String,
    day: u32,
    severity: u32,
    status: &'static str,
    services: Vec<String>,
    actions: Vec<Action>,
    body: String,
}

#[derive(Clone, Debug)]
struct PlanItem {
    title: String,
    status: &'static str,
    horizon: &'static str,
}

/// The site as the author sees it: every file is rendered from this.
#[derive(Clone, Debug)]
struct Model {
    posts: BTreeMap<String, Post>,
    incidents: BTreeMap<String, Incident>,
    plan: Vec<PlanItem>,
    /// Extra sections: folder -> its pages (slug -> body).
    sections: BTreeMap<String, BTreeMap<String, String>>,
    statics: BTreeMap<String, String>,
    /// A site override of page.html, with a marker in it.
    template_marker: Option<u32>,
    /// content-relative file -> a front matter line that breaks it.
    broken: BTreeMap<String, String>,
}

fn words(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| *rng.pick(WORDS))
        .collect::<Vec<_>>()
        .join(" ")
}

fn list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|s| format!("\"{s}\""))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

impl Post {
    fn new(rng: &mut Rng, n: u32) -> Post {
        Post {
            title: format!("Post {n} {}", words(rng, 2)),
            day: 1 + rng.below(28) as u32,
            tags: rng.some_of(TAGS, 2),
            authors: rng.some_of(AUTHORS, 2),
            series: rng.chance(40),
            plan_item: None,
            body: format!("{}.\n\nMore: {}.\n", words(rng, 12), words(rng, 8)),
        }
    }

    fn text(&self) -> String {
        let mut fm = format!(
            "title: \"{}\"\ndate: 2025-03-{:02}\ntags: {}\nauthors: {}\n",
            self.title,
            self.day,
            list(&self.tags),
            list(&self.authors)
        );
        if self.series {
            fm.push_str("series: weeknotes\n");
        }
        if let Some(item) = &self.plan_item {
            fm.push_str(&format!("plan_item: \"{item}\"\n"));
        }
        format!("---\n{fm}---\n{}", self.body)
    }
}

impl Incident {
    fn new(rng: &mut Rng, n: u32) -> Incident {
        let mut i = Incident {
            title: format!("Incident {n} {}", words(rng, 2)),
            day: 1 + rng.below(28) as u32,
            severity: 1 + rng.below(4) as u32,
            status: "resolved",
            services: rng.some_of(SERVICES, 2),
            actions: Vec::new(),
            body: format!("{}.\n", words(rng, 10)),
        };
        for _ in 0..1 + rng.below(2) {
            i.actions.push(Action::new(rng));
        }
        i
    }

    fn text(&self) -> String {
        let mut fm = format!(
            "title: \"{}\"\ndate: 2025-02-{:02}\nstatus: {}\nseverity: {}\nstarted: 2025-02-{:02}T09:00:00+00:00\ndetected: 2025-02-{:02}T09:20:00+00:00\n",
            self.title, self.day, self.status, self.severity, self.day, self.day
        );
        if self.status == "resolved" {
            fm.push_str(&format!(
                "resolved: 2025-02-{:02}T11:45:00+00:00\n",
                self.day
            ));
        }
        fm.push_str(&format!(
            "services: {}\nimpact: Residents could not {}.\n",
            list(&self.services),
            words_fixed(&self.title)
        ));
        if !self.actions.is_empty() {
            fm.push_str("actions:\n");
            for a in &self.actions {
                fm.push_str(&format!(
                    "  - action: \"{}\"\n    owner: Web team\n    due: 2026-{:02}-01\n    status: {}\n",
                    a.text, a.due_day, a.status
                ));
            }
        }
        format!(
            "---\n{fm}---\n## Summary\n\n{}\n## What could have gone better\n\nWe could have {}.\n",
            self.body,
            words_fixed(&self.title)
        )
    }
}

fn words_fixed(seed: &str) -> String {
    format!("use the service ({} words in the title)", seed.len() % 7)
}

impl Action {
    fn new(rng: &mut Rng) -> Action {
        Action {
            text: format!("Action {}", words(rng, 3)),
            status: rng.one_of(&["open", "in-progress", "done", "dropped"]),
            due_day: 1 + rng.below(12) as u32,
        }
    }
}

impl Model {
    fn new(rng: &mut Rng) -> Model {
        let mut m = Model {
            posts: BTreeMap::new(),
            incidents: BTreeMap::new(),
            plan: Vec::new(),
            sections: BTreeMap::new(),
            statics: BTreeMap::new(),
            template_marker: None,
            broken: BTreeMap::new(),
        };
        for n in 0..4 {
            m.posts.insert(format!("post-{n}"), Post::new(rng, n));
        }
        for n in 0..3 {
            m.incidents
                .insert(format!("incident-{n}"), Incident::new(rng, n));
        }
        for n in 0..3 {
            m.plan.push(PlanItem::new(rng, n));
        }
        let item = m.plan[0].title.clone();
        if let Some(p) = m.posts.values_mut().next() {
            p.plan_item = Some(item);
        }
        m.statics
            .insert("static/files/notes.txt".into(), "first notes\n".into());
        m
    }

    /// Every file of the site, site-relative, with its text.
    fn files(&self) -> BTreeMap<String, String> {
        let mut f = BTreeMap::new();
        f.insert(
            "site.yaml".to_string(),
            "title: Model Council\nbase_url: https://model.example\ntimezone: Europe/London\n"
                .to_string(),
        );
        f.insert(
            "content/about.md".into(),
            "---\ntitle: About\n---\nAbout the model council.\n".into(),
        );
        f.insert(
            "content/blog/_index.md".into(),
            "---\ntitle: Blog\nkind: post\n---\n".into(),
        );
        f.insert(
            "content/incidents/_index.md".into(),
            "---\ntitle: Incidents\nkind: incident\n---\n".into(),
        );
        f.insert(
            "content/plan/_index.md".into(),
            "---\ntitle: Plan\nkind: plan\n---\n".into(),
        );
        for (slug, p) in &self.posts {
            f.insert(format!("content/blog/{slug}.md"), p.text());
        }
        for (slug, i) in &self.incidents {
            f.insert(format!("content/incidents/{slug}.md"), i.text());
        }
        let mut plan = "---\ntitle: Roadmap\ndate: 2025-01-10\nitems:\n".to_string();
        for item in &self.plan {
            plan.push_str(&format!(
                "  - title: \"{}\"\n    status: {}\n    horizon: {}\n",
                item.title, item.status, item.horizon
            ));
        }
        if self.plan.is_empty() {
            plan = "---\ntitle: Roadmap\ndate: 2025-01-10\nitems: []\n".to_string();
        }
        plan.push_str("---\nOur roadmap.\n");
        f.insert("content/plan/roadmap.md".into(), plan);
        for (dir, pages) in &self.sections {
            f.insert(
                format!("content/{dir}/_index.md"),
                format!("---\ntitle: Section {dir}\n---\nAbout {dir}.\n"),
            );
            for (slug, body) in pages {
                f.insert(
                    format!("content/{dir}/{slug}.md"),
                    format!("---\ntitle: Page {slug}\n---\n{body}"),
                );
            }
        }
        for (path, text) in &self.statics {
            f.insert(path.clone(), text.clone());
        }
        if let Some(marker) = self.template_marker {
            let theme = std::fs::read_to_string(repo().join("themes/default/templates/page.html"))
                .expect("the default theme's page.html");
            let marked = theme.replacen(
                "<div class=\"prose\">",
                &format!("<p class=\"marker\">template marker {marker}</p><div class=\"prose\">"),
                1,
            );
            f.insert("templates/page.html".into(), marked);
        }
        for (path, line) in &self.broken {
            if let Some(text) = f.get_mut(path) {
                *text = text.replacen("---\n", &format!("---\n{line}\n"), 1);
            }
        }
        f
    }
}

impl PlanItem {
    fn new(rng: &mut Rng, n: u32) -> PlanItem {
        PlanItem {
            title: format!("Item {n} {}", words(rng, 2)),
            status: rng.one_of(&["planned", "in-progress", "done", "dropped"]),
            horizon: rng.one_of(&["now", "next", "later"]),
        }
    }
}

/// One edit an author makes, described for the failure report.
fn edit(m: &mut Model, rng: &mut Rng, counter: &mut u32) -> String {
    *counter += 1;
    let n = *counter;
    let post = |m: &Model, rng: &mut Rng| -> Option<String> {
        let keys: Vec<String> = m.posts.keys().cloned().collect();
        (!keys.is_empty()).then(|| rng.pick(&keys).clone())
    };
    let incident = |m: &Model, rng: &mut Rng| -> Option<String> {
        let keys: Vec<String> = m.incidents.keys().cloned().collect();
        (!keys.is_empty()).then(|| rng.pick(&keys).clone())
    };
    // A broken file is fixed before most other edits, so sequences do not stay broken.
    if !m.broken.is_empty() && rng.chance(60) {
        let path = m.broken.keys().next().cloned().unwrap_or_default();
        m.broken.remove(&path);
        return format!("fix the front matter of {path}");
    }
    match rng.below(22) {
        0 | 1 => {
            let Some(k) = post(m, rng) else {
                return "nothing".into();
            };
            let body = format!("Edited {n}: {}.\n", words(rng, 10));
            if let Some(p) = m.posts.get_mut(&k) {
                p.body = body;
            }
            format!("edit the body of post {k}")
        }
        2 => {
            let Some(k) = post(m, rng) else {
                return "nothing".into();
            };
            let title = format!("Retitled {n} {}", words(rng, 2));
            if let Some(p) = m.posts.get_mut(&k) {
                p.title = title.clone();
            }
            format!("retitle post {k} to {title}")
        }
        3 => {
            let Some(k) = post(m, rng) else {
                return "nothing".into();
            };
            let day = 1 + rng.below(28) as u32;
            if let Some(p) = m.posts.get_mut(&k) {
                p.day = day;
            }
            format!("redate post {k} to day {day}")
        }
        4 => {
            let Some(k) = post(m, rng) else {
                return "nothing".into();
            };
            let tags = rng.some_of(TAGS, 3);
            if let Some(p) = m.posts.get_mut(&k) {
                p.tags = tags.clone();
            }
            format!("tags of post {k} to {tags:?}")
        }
        5 => {
            let Some(k) = post(m, rng) else {
                return "nothing".into();
            };
            let authors = rng.some_of(AUTHORS, 2);
            if let Some(p) = m.posts.get_mut(&k) {
                p.authors = authors.clone();
            }
            format!("authors of post {k} to {authors:?}")
        }
        6 => {
            let Some(k) = post(m, rng) else {
                return "nothing".into();
            };
            if let Some(p) = m.posts.get_mut(&k) {
                p.series = !p.series;
            }
            format!("toggle the series of post {k}")
        }
        7 => {
            let Some(k) = incident(m, rng) else {
                return "nothing".into();
            };
            let s = 1 + rng.below(4) as u32;
            if let Some(i) = m.incidents.get_mut(&k) {
                i.severity = s;
            }
            format!("severity of {k} to {s}")
        }
        8 => {
            let Some(k) = incident(m, rng) else {
                return "nothing".into();
            };
            let s = rng.one_of(&["investigating", "identified", "monitoring", "resolved"]);
            if let Some(i) = m.incidents.get_mut(&k) {
                i.status = s;
            }
            format!("status of {k} to {s}")
        }
        9 => {
            let Some(k) = incident(m, rng) else {
                return "nothing".into();
            };
            let s = rng.some_of(SERVICES, 3);
            if let Some(i) = m.incidents.get_mut(&k) {
                i.services = s.clone();
            }
            format!("services of {k} to {s:?}")
        }
        10 => {
            let Some(k) = incident(m, rng) else {
                return "nothing".into();
            };
            let Some(i) = m.incidents.get_mut(&k) else {
                return "nothing".into();
            };
            match rng.below(3) {
                0 => {
                    i.actions.push(Action::new(rng));
                    format!("add an action to {k}")
                }
                1 if !i.actions.is_empty() => {
                    let at = rng.below(i.actions.len());
                    i.actions.remove(at);
                    format!("remove action {at} of {k}")
                }
                _ if !i.actions.is_empty() => {
                    let at = rng.below(i.actions.len());
                    let s = rng.one_of(&["open", "in-progress", "done", "dropped"]);
                    i.actions[at].status = s;
                    format!("action {at} of {k} to {s}")
                }
                _ => "nothing".into(),
            }
        }
        11 => {
            let Some(k) = post(m, rng) else {
                return "nothing".into();
            };
            let item = if m.plan.is_empty() || rng.chance(25) {
                None
            } else {
                Some(rng.pick(&m.plan).title.clone())
            };
            if let Some(p) = m.posts.get_mut(&k) {
                p.plan_item = item.clone();
            }
            format!("plan_item of post {k} to {item:?}")
        }
        12 => {
            m.plan.push(PlanItem::new(rng, n));
            "add a plan item".into()
        }
        13 => {
            if m.plan.is_empty() {
                return "nothing".into();
            }
            let at = rng.below(m.plan.len());
            let gone = m.plan.remove(at);
            format!("remove plan item {:?}", gone.title)
        }
        14 => {
            if rng.chance(50) {
                m.posts.insert(format!("new-{n}"), Post::new(rng, n));
                format!("add post new-{n}")
            } else {
                m.incidents
                    .insert(format!("new-incident-{n}"), Incident::new(rng, n));
                format!("add incident new-incident-{n}")
            }
        }
        15 => {
            let Some(k) = post(m, rng) else {
                return "nothing".into();
            };
            m.posts.remove(&k);
            m.broken.remove(&format!("content/blog/{k}.md"));
            format!("delete post {k}")
        }
        16 => {
            let Some(k) = post(m, rng) else {
                return "nothing".into();
            };
            if let Some(p) = m.posts.remove(&k) {
                m.posts.insert(format!("renamed-{n}"), p);
            }
            m.broken.remove(&format!("content/blog/{k}.md"));
            format!("rename post {k} to renamed-{n}")
        }
        17 => {
            if !m.sections.is_empty() && rng.chance(50) {
                let keys: Vec<String> = m.sections.keys().cloned().collect();
                let k = rng.pick(&keys).clone();
                m.sections.remove(&k);
                m.broken
                    .retain(|p, _| !p.starts_with(&format!("content/{k}/")));
                format!("remove section {k}")
            } else {
                let mut pages = BTreeMap::new();
                pages.insert(format!("page-{n}"), format!("{}.\n", words(rng, 6)));
                m.sections.insert(format!("section-{n}"), pages);
                format!("add section section-{n}")
            }
        }
        18 => {
            let path = format!("static/files/file-{}.txt", rng.below(3));
            m.statics.insert(path.clone(), format!("static text {n}\n"));
            format!("write {path}")
        }
        19 => {
            if m.template_marker.is_some() && rng.chance(30) {
                m.template_marker = None;
                "remove templates/page.html".into()
            } else {
                m.template_marker = Some(n);
                format!("write templates/page.html with marker {n}")
            }
        }
        _ => {
            let mut files: Vec<String> = m
                .files()
                .into_keys()
                .filter(|p| p.starts_with("content/") && p.ends_with(".md"))
                .collect();
            files.retain(|p| !m.broken.contains_key(p));
            if files.is_empty() {
                return "nothing".into();
            }
            let path = rng.pick(&files).clone();
            let line = rng
                .pick(&["titel: misspelt", "title: [unclosed", "date: 31/02/2025"])
                .to_string();
            m.broken.insert(path.clone(), line.clone());
            format!("break {path} with `{line}`")
        }
    }
}

/// Writes the model's files and removes files it no longer has.
fn sync(root: &Path, before: &BTreeMap<String, String>, after: &BTreeMap<String, String>) {
    for path in before.keys().filter(|p| !after.contains_key(*p)) {
        let _ = std::fs::remove_file(root.join(path));
    }
    for (path, text) in after {
        if before.get(path) != Some(text) {
            let p = root.join(path);
            std::fs::create_dir_all(p.parent().expect("a parent")).expect("create a folder");
            std::fs::write(&p, text).expect("write a file");
        }
    }
    // Empty folders of removed sections go too, as an author deleting a folder would.
    for dir in ["content", "static", "templates"] {
        remove_empty_dirs(&root.join(dir));
    }
}

fn remove_empty_dirs(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        if e.path().is_dir() {
            remove_empty_dirs(&e.path());
            let _ = std::fs::remove_dir(e.path());
        }
    }
}

/// What a fresh build of the same files writes: output path -> bytes, or its errors.
enum Expected {
    Built(BTreeMap<String, Vec<u8>>),
    /// `path:line:col` of each error.
    Failed(Vec<String>),
}

/// (serve shows the site at its own address, so the build is given that base URL.)
fn fresh_build(root: &Path, out: &Path, port: u16) -> Expected {
    let run = Command::new(BIN)
        .args(["build", "--quiet", "--force", "--now", NOW, "--root"])
        .arg(root)
        .arg("--base-url")
        .arg(format!("http://127.0.0.1:{port}"))
        .arg("--output")
        .arg(out)
        .env("NO_COLOR", "1")
        .output()
        .expect("run daylight build");
    if !run.status.success() {
        let stderr = String::from_utf8_lossy(&run.stderr);
        let places = stderr
            .lines()
            .filter(|l| l.contains(": error: "))
            .filter_map(|l| l.split(": error: ").next())
            .map(str::to_string)
            .collect();
        return Expected::Failed(places);
    }
    let mut files = BTreeMap::new();
    for e in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(out)
                .expect("under the output")
                .to_string_lossy()
                .replace('\\', "/");
            if rel != ".daylight-output" {
                files.insert(rel, std::fs::read(e.path()).expect("read an output file"));
            }
        }
    }
    Expected::Built(files)
}

/// The body without what `serve` injects before `</body>`, and the overlay's text if any.
fn strip_injected(body: &[u8]) -> (Vec<u8>, Option<String>) {
    let text = String::from_utf8_lossy(body);
    let marker = "<script src=\"/__daylight/";
    let (Some(end), Some(start)) = (text.rfind("</body>"), text.rfind(marker)) else {
        return (body.to_vec(), None);
    };
    if start > end {
        return (body.to_vec(), None);
    }
    let injected = &text[start..end];
    let overlay = injected
        .contains("daylight-error")
        .then(|| injected.to_string());
    let mut out = text[..start].to_string();
    out.push_str(&text[end..]);
    (out.into_bytes(), overlay)
}

/// GET the URL of an output file: its status and body bytes.
fn fetch(port: u16, rel: &str) -> (u16, Vec<u8>) {
    use std::io::{Read, Write};
    let url = if rel == "index.html" {
        "/".to_string()
    } else if let Some(dir) = rel.strip_suffix("/index.html") {
        format!("/{dir}/")
    } else {
        format!("/{rel}")
    };
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a timeout");
    write!(
        s,
        "GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let at = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(raw.len(), |i| i + 4);
    let status = String::from_utf8_lossy(&raw[..at])
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, raw[at..].to_vec())
}

/// Why the served site is not yet what is expected, or None when it is.
fn mismatch(
    port: u16,
    expected: &BTreeMap<String, Vec<u8>>,
    errors: Option<&[String]>,
    ever: &BTreeSet<String>,
) -> Option<String> {
    for (rel, bytes) in expected {
        let (status, raw) = fetch(port, rel);
        if status != 200 {
            return Some(format!("{rel}: status {status} (a build writes it)"));
        }
        let (body, overlay) = strip_injected(&raw);
        if rel.ends_with(".html") {
            match (errors, &overlay) {
                (None, Some(_)) => return Some(format!("{rel}: an overlay, but the site builds")),
                (Some(places), None) => {
                    return Some(format!(
                        "{rel}: no overlay, but the build fails at {places:?}"
                    ));
                }
                (Some(places), Some(text)) => {
                    if let Some(p) = places.iter().find(|p| !text.contains(p.as_str())) {
                        return Some(format!("{rel}: the overlay does not name {p}"));
                    }
                }
                (None, None) => {}
            }
        }
        if &body != bytes {
            return Some(format!(
                "{rel}: served bytes differ from the build's\n--- build\n{}\n--- served\n{}",
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(&body)
            ));
        }
    }
    for rel in ever.iter().filter(|r| !expected.contains_key(*r)) {
        let (status, _) = fetch(port, rel);
        if status != 404 {
            return Some(format!(
                "{rel}: status {status}, but a build does not write it"
            ));
        }
    }
    None
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs one seeded sequence; panics with the seed and the steps on the first mismatch.
fn run_sequence(seed: u64, steps: usize) {
    run_bursts(seed, steps, 1);
}

/// [`run_sequence`] with `per_step` edits saved back to back (a few milliseconds apart,
/// not waiting for the server) before each comparison: edits that arrive while a rebuild
/// is drawing the pages it left for later, as an author saving again and again makes.
fn run_bursts(seed: u64, steps: usize, per_step: usize) {
    let mut rng = Rng(seed);
    let site = Site::new();
    let root = site.root().to_path_buf();
    let out = tempfile::tempdir().expect("a temp folder");
    let out = out.path().join("public");
    let mut model = Model::new(&mut rng);
    let mut files = model.files();
    sync(&root, &BTreeMap::new(), &files);
    // At the same fixed moment as the builds.
    let server = site.serve_with(ServeOptions {
        args: &["--now", NOW],
        ..ServeOptions::default()
    });
    let mut last_good = match fresh_build(&root, &out, server.port) {
        Expected::Built(f) => f,
        Expected::Failed(e) => panic!("seed {seed}: the generated site does not build: {e:?}"),
    };
    let mut ever: BTreeSet<String> = last_good.keys().cloned().collect();
    let mut done: Vec<String> = Vec::new();
    let mut counter = 0;
    for step in 0..steps {
        // The files after each edit of the burst but its last.
        let mut passed: Vec<BTreeMap<String, String>> = Vec::new();
        for n in 0..per_step {
            if n > 0 {
                passed.push(files.clone());
                std::thread::sleep(Duration::from_millis(rng.below(15) as u64));
            }
            let what = edit(&mut model, &mut rng, &mut counter);
            done.push(format!("{step}: {what}"));
            let next = model.files();
            sync(&root, &files, &next);
            files = next;
        }
        let t0 = Instant::now();
        let fresh = fresh_build(&root, &out, server.port);
        let t_build = t0.elapsed();
        let (mut goods, errors) = match fresh {
            Expected::Built(f) => (vec![f], None),
            // The last good site is the last one serve saw build: the one before this
            // step, or one the burst passed through.
            Expected::Failed(places) => {
                let mut goods = vec![last_good.clone()];
                goods.extend(passed.iter().filter_map(|state| {
                    let scratch = Site::new();
                    sync(scratch.root(), &BTreeMap::new(), state);
                    match fresh_build(scratch.root(), &out, server.port) {
                        Expected::Built(f) => Some(f),
                        Expected::Failed(_) => None,
                    }
                }));
                (goods, Some(places))
            }
        };
        for good in &goods {
            ever.extend(good.keys().cloned());
        }
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let whys: Vec<(usize, Option<String>)> = (goods.iter().enumerate())
                .map(|(i, good)| (i, mismatch(server.port, good, errors.as_deref(), &ever)))
                .collect();
            match whys.iter().find(|(_, why)| why.is_none()) {
                Some(&(i, _)) => {
                    last_good = goods.swap_remove(i);
                    break;
                }
                None if Instant::now() > deadline => panic!(
                    "seed {seed}, after step {step}: serve differs from a fresh build:\n{}\n\nsteps:\n{}",
                    (whys.into_iter().filter_map(|(_, why)| why))
                        .collect::<Vec<_>>()
                        .join("\n--- or, from a state the edits passed through:\n"),
                    done.join("\n")
                ),
                None => std::thread::sleep(Duration::from_millis(25)),
            }
        }
        if std::env::var_os("DAYLIGHT_MODEL_TIMES").is_some() {
            eprintln!(
                "build {t_build:?} settle {:?} files {}",
                t0.elapsed() - t_build,
                last_good.len()
            );
        }
    }
}

/// The CI run: 200 sequences of 20 steps (`DAYLIGHT_MODEL_RUNS`/`_STEPS` for more;
/// `DAYLIGHT_MODEL_TIMES=1` prints how long each step's build and settling took).
#[test]
fn serve_always_serves_what_a_fresh_build_writes() {
    let runs = env_number("DAYLIGHT_MODEL_RUNS", 200);
    let steps = env_number("DAYLIGHT_MODEL_STEPS", 20) as usize;
    let first = env_number("DAYLIGHT_MODEL_SEED", 1);
    // Two sequences at a time, each with its own site and server: most of a step is
    // waiting on a child process, so two overlap well on two cores.
    let next = std::sync::atomic::AtomicU64::new(first);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let seed = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    if seed >= first + runs {
                        break;
                    }
                    run_sequence(seed, steps);
                }
            });
        }
    });
}

/// Edits saved faster than `serve` rebuilds (cutting short the drawing of pages left for
/// later, or breaking the site while it is owed): after each burst, serve still serves
/// exactly what a fresh build writes, or the last good site under the overlay.
#[test]
fn serve_keeps_up_with_edits_saved_back_to_back() {
    let runs = env_number("DAYLIGHT_MODEL_BURST_RUNS", 16);
    let first = env_number("DAYLIGHT_MODEL_SEED", 1) + 10_000;
    for seed in first..first + runs {
        run_bursts(seed, 6, 4);
    }
}

/// A bilingual site's routes follow edits in `serve` as in a fresh build (issue 18): the
/// Welsh incident filters and status page change with a Welsh or an English report,
/// and vanish with the Welsh incident section.
#[test]
fn serve_follows_a_bilingual_site_s_incident_pages() {
    let site = crate::bilingual::bilingual_incidents();
    let root = site.root().to_path_buf();
    let out = tempfile::tempdir().expect("a temp folder");
    let out = out.path().join("public");
    let server = site.serve_with(ServeOptions {
        args: &["--now", NOW],
        ..ServeOptions::default()
    });
    let open = "date: 2026-06-01\nstatus: identified\nstarted: 2026-06-01T08:00:00Z\nservices: [Website]\n";
    let resolved = "date: 2026-05-23\nstatus: resolved\nstarted: 2026-05-23T09:00:00Z\nresolved: 2026-05-23T11:00:00Z\nservices: [Website]\n";
    let welsh_section = "content/incidents/_index.cy.md";
    type Edit = Box<dyn Fn(&Site)>;
    let steps: Vec<(&str, Edit)> = vec![
        ("as written", Box::new(|_| {})),
        (
            "the Welsh report's severity P3 -> P1",
            Box::new(move |s| {
                let fm = format!("title: Y wefan yn araf\nseverity: P1\n{open}");
                s.page("incidents/slow.cy.md", &fm, "Araf.\n");
            }),
        ),
        (
            "the English-only report translated",
            Box::new(move |s| {
                let fm = format!("title: Taliadau i lawr\nseverity: P1\n{resolved}");
                s.page("incidents/old.cy.md", &fm, "I lawr.\n");
            }),
        ),
        (
            "an English report's severity P1 -> P2",
            Box::new(move |s| {
                let fm = format!("title: Payments down\nseverity: P2\n{resolved}");
                s.page("incidents/old.md", &fm, "Down.\n");
            }),
        ),
        (
            "the Welsh incident section removed",
            Box::new(move |s| std::fs::remove_file(s.path(welsh_section)).expect("remove")),
        ),
        (
            "and put back",
            Box::new(move |s| s.write(welsh_section, "---\ntitle: Digwyddiadau\n---\n")),
        ),
    ];
    let mut ever: BTreeSet<String> = BTreeSet::new();
    for (what, edit) in steps {
        edit(&site);
        let expected = match fresh_build(&root, &out, server.port) {
            Expected::Built(f) => f,
            Expected::Failed(e) => panic!("{what}: the site does not build: {e:?}"),
        };
        ever.extend(expected.keys().cloned());
        assert!(
            ever.contains("cy/status/index.html"),
            "{what}: no Welsh status page was ever built"
        );
        let deadline = Instant::now() + Duration::from_secs(20);
        while let Some(why) = mismatch(server.port, &expected, None, &ever) {
            assert!(
                Instant::now() < deadline,
                "after {what}: serve differs from a fresh build:\n{why}"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}
