//! When each page last changed, from the git history: one `git log` over `content/`,
//! read newest first, so a 10,000-page site costs one walk of its history and not a
//! process per file.
//!
//! What it decides, and says in docs/keeping-content-true.md:
//! - A page's date is the committer date of the last commit that changed its file.
//! - A rename that changes nothing else (git's 100 % similarity) is not a change: the
//!   page keeps the date of the last commit that changed its text, under any old name.
//! - A file with uncommitted changes keeps its last commit's date: the history is what
//!   a build in CI sees, and the date moves when the change is committed. A file git
//!   does not track yet has no date.
//! - In a shallow clone, the oldest commits fetched stand for all the history before
//!   them: their dates are not used (every file would seem changed that day).
//! - Outside a git repository, or without git installed, no page has a date from git:
//!   nothing is invented.
//!
//! It never writes to the repository and never runs a process per file. The log is
//! read in a thread of its own ([`start`]) while the build walks `content/`, and it is
//! read without a pathspec: with one, git diffs every commit twice (once to simplify
//! the history, once to print it), which doubled its cost on a 10,000-page site.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread::JoinHandle;

use jiff::Timestamp;

use crate::error::Diagnostic;

/// The last commit that changed each file under `content/`, by its path relative to
/// `content/` (`/` separators), as of one commit.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The commit it was read at (HEAD): `serve` reads it again only when this moves.
    pub head: Option<String>,
    pub changed: HashMap<String, Timestamp>,
}

impl History {
    /// When the file at `rel` (relative to `content/`) was last changed, if git knows.
    pub fn last_changed(&self, rel: &str) -> Option<Timestamp> {
        self.changed.get(rel).copied()
    }
}

/// Where the site's content is in git, from one `git rev-parse`: None outside a
/// repository (or without git, or before the first commit).
struct Repository {
    head: String,
    /// Commits of a shallow clone's boundary, whose diffs stand for the whole history
    /// before them.
    shallow: HashSet<String>,
}

fn git(content: &Path) -> Command {
    let mut c = Command::new("git");
    // The user's settings must not change what is printed (colours, signatures,
    // pagers); `-C` runs it in content/ so `--relative` gives paths under it.
    c.arg("-C")
        .arg(content)
        .args(["-c", "log.showSignature=false", "-c", "color.ui=never"])
        .env("GIT_PAGER", "cat")
        .env_remove("GIT_EXTERNAL_DIFF");
    c
}

fn repository(content: &Path) -> Option<Repository> {
    let out = git(content)
        .args([
            "rev-parse",
            "--is-shallow-repository",
            "--git-path",
            "shallow",
            "--verify",
            "HEAD",
        ])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let mut lines = text.lines();
    let is_shallow = lines.next()? == "true";
    let shallow_file = lines.next()?;
    let head = lines.next()?.trim().to_string();
    let shallow = if is_shallow {
        // A relative --git-path is relative to where git ran: content/.
        std::fs::read_to_string(content.join(shallow_file))
            .unwrap_or_default()
            .lines()
            .map(|l| l.trim().to_string())
            .collect()
    } else {
        HashSet::new()
    };
    Some(Repository { head, shallow })
}

/// The history being read in a thread while the build walks `content/`: [`start`] it
/// first, then [`Reading::finish`] it with the pages' paths once the walk knows them.
pub struct Reading {
    wanted: Sender<HashSet<String>>,
    /// Asked on when the thread is about to read the log (and wants the pages' paths);
    /// closed, unasked, when it ends without.
    asks: Receiver<()>,
    thread: Option<JoinHandle<(Arc<History>, Option<Diagnostic>)>>,
}

/// Starts reading when each file under `content` last changed. `kept` is the history
/// of the last build (`serve`'s), used again as it is when HEAD has not moved.
pub fn start(content: PathBuf, kept: Option<Arc<History>>) -> Reading {
    let (wanted, wanted_later) = mpsc::channel();
    let (ask, asks) = mpsc::channel();
    let thread = std::thread::Builder::new()
        .name("git history".into())
        .spawn(move || read_in_thread(&content, kept, &ask, wanted_later))
        .ok();
    Reading {
        wanted,
        asks,
        thread,
    }
}

impl Reading {
    /// The history, once read. `wanted` gives the pages' paths under `content/`: git is
    /// stopped as soon as each has its date, so a site with years of history pays for
    /// the commits it needs, not for all of them.
    pub fn finish(
        self,
        wanted: impl FnOnce() -> HashSet<String>,
    ) -> (Arc<History>, Option<Diagnostic>) {
        // A thread that ends without reading the log (no repository, or the history
        // kept as HEAD has not moved: every save in `serve`) never asks which pages are
        // wanted: the 10,000 paths are gathered only for one that reads it.
        if self.thread.is_some() && self.asks.recv().is_ok() {
            let _ = self.wanted.send(wanted());
        }
        match self.thread.map(JoinHandle::join) {
            Some(Ok(read)) => read,
            Some(Err(_)) => (
                Arc::default(),
                Some(unreadable("the thread reading it stopped")),
            ),
            None => (
                Arc::default(),
                Some(unreadable("no thread could be started to read it")),
            ),
        }
    }
}

fn read_in_thread(
    content: &Path,
    kept: Option<Arc<History>>,
    ask: &Sender<()>,
    wanted: Receiver<HashSet<String>>,
) -> (Arc<History>, Option<Diagnostic>) {
    let Some(repo) = repository(content) else {
        return (Arc::default(), None);
    };
    if let Some(kept) = kept.filter(|k| k.head.as_deref() == Some(repo.head.as_str())) {
        return (kept, None);
    }
    let _ = ask.send(());
    let child = git(content)
        .args([
            "log",
            "--no-merges",
            "-M",
            "--name-status",
            "-z",
            "--format=%x01%H %ct",
            // Paths under content/ only, relative to it; no pathspec (see the top).
            "--relative",
            "--no-ext-diff",
            "--no-textconv",
            "HEAD",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => return (Arc::default(), Some(unreadable(&e.to_string()))),
    };
    let mut walk = Walk::new(&repo.shallow);
    let mut waiting = Some(wanted);
    let mut stopped_early = false;
    if let Some(stdout) = child.stdout.take() {
        for commit in BufReader::new(stdout).split(1) {
            let Ok(commit) = commit else { break };
            walk.commit(&commit);
            if let Some(rx) = &waiting {
                match rx.try_recv() {
                    Ok(wanted) => {
                        walk.want(wanted);
                        waiting = None;
                    }
                    Err(TryRecvError::Empty) => {}
                    Err(TryRecvError::Disconnected) => waiting = None,
                }
            }
            if walk.has_all() {
                stopped_early = true;
                break;
            }
        }
    }
    if stopped_early {
        // Everything wanted is known: the rest of the history is not read.
        let _ = child.kill();
        let _ = child.wait();
    } else {
        match child.wait_with_output() {
            Ok(o) if o.status.success() => {}
            Ok(o) => {
                let why = String::from_utf8_lossy(&o.stderr).trim().to_string();
                return (Arc::default(), Some(unreadable(&why)));
            }
            Err(e) => return (Arc::default(), Some(unreadable(&e.to_string()))),
        }
    }
    let history = History {
        head: Some(repo.head),
        changed: walk.changed,
    };
    (Arc::new(history), None)
}

fn unreadable(why: &str) -> Diagnostic {
    Diagnostic::warning(
        "content",
        format!("could not read the git history, so no page has a last-updated date from git: {why}"),
    )
    .with_hint("run `git log -- content` in the site's folder to see the problem; pages with `updated:` in their front matter keep that date")
}

/// A walk of `git log -z --name-status --format=%x01%H %ct` output, newest commit
/// first, one commit at a time: each path's first change seen is its last. A pure
/// rename passes the date search on to the old name.
struct Walk<'a> {
    shallow: &'a HashSet<String>,
    /// The files to date, once the build has walked content/ and said which they are:
    /// until then the walk cannot stop early.
    wanted: Option<HashSet<String>>,
    /// How many of `wanted` have their date.
    found: usize,
    changed: HashMap<String, Timestamp>,
    /// A name in the history -> the file of today it became (through pure renames).
    became: HashMap<String, String>,
    /// Names given up on: deleted, so an older file of that name is another file.
    settled: HashSet<String>,
}

impl<'a> Walk<'a> {
    fn new(shallow: &'a HashSet<String>) -> Walk<'a> {
        Walk {
            shallow,
            wanted: None,
            found: 0,
            changed: HashMap::new(),
            became: HashMap::new(),
            settled: HashSet::new(),
        }
    }

    fn want(&mut self, wanted: HashSet<String>) {
        self.found = wanted
            .iter()
            .filter(|w| self.changed.contains_key(*w))
            .count();
        self.wanted = Some(wanted);
    }

    fn has_all(&self) -> bool {
        self.wanted
            .as_ref()
            .is_some_and(|w| !w.is_empty() && self.found == w.len())
    }

    /// One commit: `\x01` (optional), `HASH SECONDS`, NUL, newline, then NUL-separated
    /// status and paths (two paths for a rename or copy).
    fn commit(&mut self, commit: &[u8]) {
        let commit = commit.strip_prefix(&[1]).unwrap_or(commit);
        let mut fields = commit.split(|b| *b == 0);
        let header = String::from_utf8_lossy(fields.next().unwrap_or_default());
        let mut header = header.split_whitespace();
        let (Some(hash), Some(seconds)) = (header.next(), header.next()) else {
            return;
        };
        let when = seconds
            .parse::<i64>()
            .ok()
            .and_then(|s| Timestamp::from_second(s).ok());
        let boundary = self.shallow.contains(hash);
        let mut rest = fields.map(|f| {
            String::from_utf8_lossy(f)
                .trim_start_matches('\n')
                .to_string()
        });
        while let Some(status) = rest.next() {
            if status.is_empty() {
                continue;
            }
            let kind = status.as_bytes()[0];
            let Some(path) = rest.next() else { break };
            let (from, to) = if matches!(kind, b'R' | b'C') {
                match rest.next() {
                    Some(to) => (Some(path), to),
                    None => break,
                }
            } else {
                (None, path)
            };
            // The file of today this name is, if it is one still waiting for a date.
            let today = self.became.get(&to).cloned().unwrap_or_else(|| to.clone());
            if self.changed.contains_key(&today) || self.settled.contains(&to) {
                continue;
            }
            if kind == b'D' {
                // Deleted here, so a later file of that name is a new one: what came
                // before the deletion is not its history.
                self.settled.insert(to);
                continue;
            }
            if kind == b'R' && status == "R100" {
                if let Some(from) = from {
                    self.became.insert(from, today);
                }
                continue;
            }
            if boundary {
                continue;
            }
            if let Some(when) = when {
                if self.wanted.as_ref().is_some_and(|w| w.contains(&today)) {
                    self.found += 1;
                }
                self.changed.insert(today, when);
            }
        }
    }
}

/// The whole of a log's output, walked (for tests).
#[cfg(test)]
fn parse_log(out: &[u8], shallow: &HashSet<String>) -> HashMap<String, Timestamp> {
    let mut walk = Walk::new(shallow);
    for commit in out.split(|b| *b == 1).filter(|c| !c.is_empty()) {
        walk.commit(commit);
    }
    walk.changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(commits: &[(&str, i64, &[&str])]) -> Vec<u8> {
        let mut out = Vec::new();
        for (hash, at, entries) in commits {
            out.extend_from_slice(format!("\x01{hash} {at}\0\n").as_bytes());
            for e in *entries {
                out.extend_from_slice(e.as_bytes());
                out.push(0);
            }
        }
        out
    }

    #[test]
    fn the_newest_change_of_each_file_wins_and_pure_renames_keep_the_old_date() {
        let out = log(&[
            ("c3", 300, &["R100", "old.md", "new.md", "M", "a.md"]),
            ("c2", 200, &["M", "a.md", "R090", "b.md", "c.md"]),
            ("c1", 100, &["A", "old.md", "A", "a.md", "A", "b.md"]),
        ]);
        let dates = parse_log(&out, &HashSet::new());
        let at = |p: &str| dates.get(p).map(|t| t.as_second());
        assert_eq!(at("a.md"), Some(300));
        assert_eq!(at("new.md"), Some(100), "a pure rename is not a change");
        assert_eq!(at("c.md"), Some(200), "a rename with changes is one");
        assert_eq!(at("old.md"), None, "no file of that name today");
    }

    #[test]
    fn the_walk_has_all_it_wants_once_every_wanted_file_is_dated() {
        let out = log(&[
            ("c3", 300, &["R100", "old.md", "new.md"]),
            ("c2", 200, &["M", "a.md"]),
            ("c1", 100, &["A", "old.md", "A", "a.md"]),
        ]);
        let shallow = HashSet::new();
        let mut walk = Walk::new(&shallow);
        let mut commits = out.split(|b| *b == 1).filter(|c| !c.is_empty());
        walk.commit(commits.next().unwrap());
        assert!(!walk.has_all(), "nothing wanted yet: read on");
        walk.want(HashSet::from(["a.md".to_string(), "new.md".to_string()]));
        walk.commit(commits.next().unwrap());
        assert!(
            !walk.has_all(),
            "new.md waits for its date under its old name"
        );
        walk.commit(commits.next().unwrap());
        assert!(walk.has_all());
        assert_eq!(walk.changed.get("new.md").map(|t| t.as_second()), Some(100));
        let mut empty = Walk::new(&shallow);
        empty.want(HashSet::new());
        assert!(!empty.has_all(), "nothing wanted: read it all");
    }

    #[test]
    fn a_deleted_and_recreated_file_starts_again_and_shallow_boundaries_give_no_date() {
        let out = log(&[
            ("c3", 300, &["A", "x.md"]),
            ("c2", 200, &["D", "x.md"]),
            ("c1", 100, &["A", "x.md", "A", "y.md"]),
        ]);
        let shallow: HashSet<String> = ["c1".to_string()].into();
        let dates = parse_log(&out, &shallow);
        assert_eq!(dates.get("x.md").map(|t| t.as_second()), Some(300));
        assert_eq!(dates.get("y.md"), None, "only the boundary commit knows it");
    }
}
