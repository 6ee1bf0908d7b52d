//! Where a build goes.
//!
//! On disk, a build is written into a staging folder beside the output folder and
//! swapped in whole when (and only when) it succeeded, so a failed or killed build never
//! leaves `public/` half written. Files are written as they are rendered: a build never
//! holds the whole rendered site in memory.
//!
//! What this module must never do is delete something that is not an old build. The
//! output path is resolved first (`..` and symbolic links, as far as it exists), and every
//! rule is checked against the folder it really is: never `/`, the site, a folder holding
//! it, its `content/`, `static/`, `themes/` or `templates/`, nor the home folder or one
//! holding it (not even with `--force`); without `--force`, only a folder daylight marked
//! as its own, or an empty one. The checks are made again just before the swap. An
//! output that is a symbolic link is built where the link leads, and the link is kept.
//! One build at a time writes to an output: it holds a lock beside it from start to end,
//! which is also how a leftover staging folder is known to be stale.

use std::path::{Component, Path, PathBuf};

use crate::error::Diagnostic;

/// Marks a folder as daylight's output: only such folders are replaced without --force.
pub const MARKER: &str = ".daylight-output";

/// Somewhere rendered files go. Paths are relative, with `/` separators.
pub trait Output: Sync {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
    fn copy_file(&self, rel: &str, from: &Path) -> Result<(), Diagnostic>;
    /// Writes bytes another build already made; an output that keeps files in memory
    /// keeps this very buffer rather than a copy.
    fn write_shared(&self, rel: &str, bytes: std::sync::Arc<[u8]>) -> Result<(), Diagnostic> {
        self.write(rel, &bytes)
    }
}

/// A relative output path that cannot leave the output folder, or None.
pub fn safe_relative(rel: &str) -> Option<PathBuf> {
    let path = Path::new(rel.trim_start_matches('/'));
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

/// An output path made safe, as text with `/` separators: the key of a file in memory.
pub fn safe_key(rel: &str) -> Result<String, Diagnostic> {
    let safe = safe_relative(rel).ok_or_else(|| {
        Diagnostic::error(rel, "this output path would leave the output folder")
            .with_hint("use a path without `..`")
    })?;
    Ok(safe.to_string_lossy().replace('\\', "/"))
}

/// Every path one build writes, so that two outputs at one path are an error rather than
/// one silently replacing the other: an alias at `/` over the home page, a file in
/// `static/` over a page, an alias `/atom.xml` making a folder where the feed goes.
#[derive(Debug, Default)]
struct Claims {
    /// Files written, and the folders above them.
    taken: std::sync::Mutex<(
        std::collections::HashSet<String, FastHash>,
        std::collections::HashSet<String, FastHash>,
    )>,
}

impl Claims {
    /// Claims `rel` (already made safe) for one output, or says what it clashes with.
    /// Kept as text with `/` separators: a build claims every file it writes, and
    /// hashing `Path`s component by component was a large part of a `serve` rebuild.
    fn claim(&self, rel: &Path) -> Result<(), Diagnostic> {
        let key = rel.to_string_lossy().replace('\\', "/");
        let mut taken = self.taken.lock().unwrap_or_else(|e| e.into_inner());
        let (files, folders) = &mut *taken;
        if let Some(clash) = clash(&key, |f| files.contains(f), |d| folders.contains(d)) {
            return Err(clash);
        }
        for a in folders_above(&key) {
            if !folders.insert(a.to_string()) {
                break;
            }
        }
        files.insert(key);
        Ok(())
    }
}

/// Why a file cannot go at `key`, given which paths are files and which are folders of
/// the other outputs; none when it can.
pub fn clash(
    key: &str,
    is_file: impl Fn(&str) -> bool,
    is_folder: impl Fn(&str) -> bool,
) -> Option<Diagnostic> {
    let above = folders_above(key).find(|a| is_file(a));
    let why = if is_file(key) {
        "another output is already written there"
    } else if is_folder(key) {
        "it is already a folder of other outputs"
    } else if above.is_some() {
        "a folder is needed there for it, but a file is already written at that path"
    } else {
        return None;
    };
    let shown = above.unwrap_or(key);
    Some(
        Diagnostic::error(
            key,
            format!("two things the site publishes are at /{shown}: {why}"),
        )
        .with_hint(
            "an alias, a slug or a file in static/ has the path of another page or file: change one of them",
        ),
    )
}

/// `a/b/c.html` -> `a/b`, `a`.
pub fn folders_above(rel: &str) -> impl Iterator<Item = &str> {
    let mut rest = rel;
    std::iter::from_fn(move || {
        let cut = rest.rfind('/')?;
        rest = &rest[..cut];
        Some(rest)
    })
}

#[derive(Debug)]
pub struct Staging {
    /// The output folder as asked for (absolute; may hold `..` or lead through links).
    requested: PathBuf,
    /// That folder resolved: where the build really goes.
    target: PathBuf,
    staging: PathBuf,
    site_root: PathBuf,
    force: bool,
    /// Set once the staging folder no longer holds an unpublished build.
    finished: bool,
    /// Problems found while preparing that do not stop the build.
    warnings: Vec<Diagnostic>,
    /// Set at the first write that found the disk full, which alone names its file.
    disk_full: std::sync::atomic::AtomicBool,
    claims: Claims,
    /// Released when the staging is dropped, after the staging folder is cleaned up.
    _lock: OutputLock,
}

/// The tags of daylight's own folders beside an output: `tmp` is a build being
/// written (after an exchange, the previous build being deleted), `old` the previous
/// build moved aside where the folders cannot be exchanged in one step.
const STAGING_TAGS: [&str; 2] = ["tmp", "old"];

fn output_name(target: &Path) -> String {
    target
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned())
}

fn sibling(target: &Path, tag: &str) -> PathBuf {
    let name = output_name(target);
    target.with_file_name(format!(".{name}.daylight-{tag}-{}", std::process::id()))
}

/// Whether `name` is one of daylight's staging folders for the output called `output`:
/// `.public.daylight-tmp-1234` or `.public.daylight-old-1234`, nothing looser.
fn is_staging_name(name: &str, output: &str) -> bool {
    let Some(rest) = name
        .strip_prefix('.')
        .and_then(|r| r.strip_prefix(output))
        .and_then(|r| r.strip_prefix(".daylight-"))
    else {
        return false;
    };
    STAGING_TAGS.iter().any(|tag| {
        rest.strip_prefix(tag)
            .and_then(|r| r.strip_prefix('-'))
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// `path` as the folder it really is: absolute, with `..` and every symbolic link
/// resolved as far as the path exists, and the missing rest added as written. Unlike
/// `canonicalize` it resolves a path that does not exist yet (`nx/../docs` is `docs`,
/// not an error that could read as "empty"), and unlike `std::path::absolute` a `..`
/// after a link goes to the parent of where the link leads, as the system would.
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    // As many links as Linux follows in one path (MAXSYMLINKS), so a loop ends.
    const MAX_LINKS: usize = 40;
    let mut out = PathBuf::new();
    let mut todo = Vec::new();
    queue_parts(&std::path::absolute(path)?, &mut out, &mut todo);
    let mut links = 0;
    while let Some(part) = todo.pop() {
        let Some(name) = part else {
            out.pop();
            continue;
        };
        let next = out.join(&name);
        match std::fs::symlink_metadata(&next) {
            Ok(m) if m.file_type().is_symlink() => {
                links += 1;
                if links > MAX_LINKS {
                    return Err(std::io::Error::other(format!(
                        "too many symbolic links, at {} (do they lead in a loop?)",
                        next.display()
                    )));
                }
                queue_parts(&std::fs::read_link(&next)?, &mut out, &mut todo);
            }
            Ok(_) => out = next,
            // Nothing below a missing folder exists: the rest is taken as written.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => out = next,
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// Puts `path`'s parts (a name, or None for `..`) in front of `todo`, which is walked
/// from its end; an absolute `path` starts again from its root.
fn queue_parts(path: &Path, out: &mut PathBuf, todo: &mut Vec<Option<std::ffi::OsString>>) {
    let mut root = PathBuf::new();
    let mut parts = Vec::new();
    for c in path.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => root.push(c.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => parts.push(None),
            Component::Normal(n) => parts.push(Some(n.to_os_string())),
        }
    }
    if !root.as_os_str().is_empty() {
        *out = root;
    }
    todo.extend(parts.into_iter().rev());
}

/// The folders an output may never be, be inside of, or hold, even with `--force`:
/// each resolved as the output is, so no spelling of a path gets round them.
struct Protected {
    site: PathBuf,
    /// The site's own folders, by name.
    own: Vec<(&'static str, PathBuf)>,
    home: Option<PathBuf>,
}

impl Protected {
    fn of(site_root: &Path) -> std::io::Result<Protected> {
        let site = resolve(site_root)?;
        let own = ["content", "static", "themes", "templates"]
            .into_iter()
            .map(|name| {
                let dir = site.join(name);
                // A folder that cannot be resolved (a link loop) still guards its own path.
                (name, resolve(&dir).unwrap_or(dir))
            })
            .collect();
        let home = std::env::home_dir()
            .filter(|h| h.is_absolute())
            .and_then(|h| resolve(&h).ok());
        Ok(Protected { site, own, home })
    }

    /// Why the resolved `target` may never be the output, if so.
    fn refusal(&self, target: &Path) -> Option<String> {
        if target.parent().is_none() {
            return Some("it is the root of the file system".to_string());
        }
        if self.site == target {
            return Some("it is the site's own folder (site.yaml and content/)".to_string());
        }
        if self.site.starts_with(target) {
            return Some("it holds the site itself (site.yaml and content/)".to_string());
        }
        for (name, dir) in &self.own {
            if target.starts_with(dir) {
                return Some(format!("it is the site's {name}/ folder or inside it"));
            }
            if dir.starts_with(target) {
                return Some(format!("it holds the site's {name}/ folder"));
            }
        }
        if let Some(home) = &self.home {
            if home == target {
                return Some("it is your home folder".to_string());
            }
            if home.starts_with(target) {
                return Some("it holds your home folder".to_string());
            }
        }
        match std::fs::symlink_metadata(target) {
            Ok(m) if !m.is_dir() => Some("it is a file, not a folder".to_string()),
            _ => None,
        }
    }
}

/// Whether `dir` holds daylight's marker (a file, not a link to one).
fn is_marked(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// Why the resolved `target` may not be replaced without `--force`, if so.
fn foreign(target: &Path) -> Option<String> {
    match std::fs::read_dir(target) {
        Ok(mut entries) => (entries.next().is_some() && !is_marked(target))
            .then(|| "it is not empty and daylight did not create it".to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => Some(format!("daylight cannot read it ({e})")),
    }
}

/// Why `target` may not be used as the output folder, if it may not.
pub fn refuse_reason(target: &Path, site_root: &Path, force: bool) -> Option<String> {
    let (target, protected) = match (resolve(target), Protected::of(site_root)) {
        (Ok(t), Ok(p)) => (t, p),
        (Err(e), _) | (_, Err(e)) => return Some(format!("it cannot be resolved ({e})")),
    };
    protected
        .refusal(&target)
        .or_else(|| if force { None } else { foreign(&target) })
}

/// The error for an output folder daylight will not write to.
fn refused(requested: &Path, target: &Path, reason: &str, forcible: bool) -> Diagnostic {
    let resolved = if requested == target {
        String::new()
    } else {
        format!(" ({} is {})", requested.display(), target.display())
    };
    let hint = if forcible {
        "choose another folder with --output, or pass --force if you are sure daylight may replace it"
    } else {
        "choose another folder with --output (--force does not change this: daylight never replaces the site, its own folders, your home folder or /)"
    };
    Diagnostic::error(
        requested,
        format!("daylight will not write its output here{resolved}: {reason}"),
    )
    .with_hint(hint)
}

impl Staging {
    /// Resolves and checks the output folder, waits for (and takes) its lock, and
    /// creates a fresh staging folder beside it. `on_wait` is told when another build
    /// of the same output holds the lock.
    pub fn prepare(
        requested: &Path,
        site_root: &Path,
        force: bool,
        on_wait: &dyn Fn(&Path),
    ) -> Result<Staging, Diagnostic> {
        let requested = std::path::absolute(requested)
            .map_err(|e| Diagnostic::io(requested, "resolve the output folder", &e))?;
        let target = resolve(&requested)
            .map_err(|e| Diagnostic::io(&requested, "resolve the output folder", &e))?;
        let protected = Protected::of(site_root)
            .map_err(|e| Diagnostic::io(site_root, "resolve the site folder", &e))?;
        if let Some(reason) = protected.refusal(&target) {
            return Err(refused(&requested, &target, &reason, false));
        }
        let parent = target.parent().unwrap_or(&target);
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::io(parent, "create the output's parent folder", &e))?;
        let lock = OutputLock::acquire(&target, on_wait)?;
        // Checked with the lock held: the build before may have just made the folder.
        if !force && let Some(reason) = foreign(&target) {
            return Err(refused(&requested, &target, &reason, true));
        }
        let warnings = remove_stale_siblings(&target);
        let staging = sibling(&target, "tmp");
        // `create_dir`, not `_all`: a folder already there is never written into.
        std::fs::create_dir(&staging)
            .map_err(|e| Diagnostic::io(&staging, "create the staging folder", &e))?;
        let s = Staging {
            requested,
            target,
            staging,
            site_root: site_root.to_path_buf(),
            force,
            finished: false,
            warnings,
            disk_full: Default::default(),
            claims: Claims::default(),
            _lock: lock,
        };
        s.write(
            MARKER,
            b"This folder is written by daylight and replaced whole on every build.\n",
        )?;
        Ok(s)
    }

    /// The output folder resolved: where the build goes.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Warnings from preparing (a stale folder that could not be removed).
    pub fn take_warnings(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.warnings)
    }

    /// Puts the finished build in place of the old output, then removes the old one.
    /// Returns a warning when the previous output could not be deleted: the new one is
    /// published by then, so that does not fail the build.
    ///
    /// The swap is one `renameat2(RENAME_EXCHANGE)` where the system has it, so at every
    /// instant the output folder holds one whole build, the old or the new: a build
    /// killed at any point leaves a complete `public/`. Elsewhere (or on a file system
    /// without exchange) it is two renames, with a moment in between with no output.
    /// On any error the staging folder is removed (see `Drop`).
    pub fn commit(mut self) -> Result<Option<Diagnostic>, Diagnostic> {
        self.check_before_swap()?;
        let had_old = std::fs::symlink_metadata(&self.target).is_ok();
        if had_old {
            match exchange(&self.staging, &self.target) {
                Ok(true) => {
                    // The staging path now holds the previous build.
                    self.finished = true;
                    return Ok(remove_previous(&self.staging));
                }
                Ok(false) => {}
                Err(e) => {
                    return Err(Diagnostic::io(
                        &self.target,
                        "swap the new output into place",
                        &e,
                    ));
                }
            }
        }
        let old = sibling(&self.target, "old");
        if had_old {
            std::fs::rename(&self.target, &old)
                .map_err(|e| Diagnostic::io(&self.target, "move the previous output aside", &e))?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.target) {
            let mut d = Diagnostic::io(&self.target, "move the new output into place", &e);
            if had_old && let Err(back) = std::fs::rename(&old, &self.target) {
                d = d.with_hint(format!(
                    "the previous output could not be put back either ({back}): it is in {}",
                    old.display()
                ));
            }
            return Err(d);
        }
        self.finished = true;
        Ok(if had_old { remove_previous(&old) } else { None })
    }

    /// The checks of `prepare`, made again just before the swap: a build takes a while,
    /// and meanwhile a link on the way may have been changed or another folder put in
    /// the output's place. Other daylight builds are kept out by the lock.
    fn check_before_swap(&self) -> Result<(), Diagnostic> {
        let changed = |what: String| {
            Diagnostic::error(
                &self.requested,
                format!("the output folder changed during the build: {what}; nothing was replaced"),
            )
            .with_hint("look at what changed it, then build again")
        };
        match resolve(&self.requested) {
            Ok(now) if now == self.target => {}
            Ok(now) => {
                return Err(changed(format!(
                    "it now leads to {} instead of {}",
                    now.display(),
                    self.target.display()
                )));
            }
            Err(e) => return Err(changed(format!("it cannot be resolved any more ({e})"))),
        }
        let protected = Protected::of(&self.site_root)
            .map_err(|e| Diagnostic::io(&self.site_root, "resolve the site folder", &e))?;
        if let Some(reason) = protected.refusal(&self.target) {
            return Err(refused(&self.requested, &self.target, &reason, false));
        }
        if !self.force
            && let Some(reason) = foreign(&self.target)
        {
            return Err(changed(reason));
        }
        let staging_is_ours = std::fs::symlink_metadata(&self.staging).is_ok_and(|m| m.is_dir())
            && is_marked(&self.staging);
        if !staging_is_ours {
            return Err(changed(format!(
                "its staging folder {} is no longer the one daylight wrote",
                self.staging.display()
            )));
        }
        Ok(())
    }

    /// Removes the staging folder; the previous output is untouched.
    pub fn abandon(self) {
        drop(self);
    }
}

impl Drop for Staging {
    /// A build that is not published (failed, refused at the last check, a commit
    /// error) leaves no staging folder behind; then the lock is released.
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Deletes the previous build once the new one is live. The site is published and whole
/// by then, so a failure is a warning that names the folder left, not an error.
fn remove_previous(previous: &Path) -> Option<Diagnostic> {
    remove_tree(previous).err().map(|e| {
        Diagnostic::warning(
            previous,
            format!("the new output is in place, but this folder with the previous output could not be deleted: {e}"),
        )
        .with_hint("delete it by hand; the next build of this output will also try to")
    })
}

/// Deletes a folder and everything in it, the entries two levels down in parallel: a
/// site's output is mostly one folder per page under a few sections, and deleting
/// 15,000 of them one after another kept one core idle for a tenth of a build.
fn remove_tree(root: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    if !std::fs::symlink_metadata(root)?.is_dir() {
        // A link to a folder, or a file: only it goes, never what a link points at.
        return std::fs::remove_dir_all(root).or_else(|_| std::fs::remove_file(root));
    }
    let mut folders = Vec::new();
    let mut leaves = Vec::new();
    for entry in std::fs::read_dir(root)? {
        let entry = entry?;
        // A symbolic link is removed itself, never followed.
        if entry.file_type()?.is_dir() {
            for inner in std::fs::read_dir(entry.path())? {
                leaves.push(inner?);
            }
            folders.push(entry.path());
        } else {
            leaves.push(entry);
        }
    }
    leaves.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())
        } else {
            std::fs::remove_file(entry.path())
        }
    })?;
    for folder in folders {
        std::fs::remove_dir(folder)?;
    }
    std::fs::remove_dir(root)
}

/// An exclusive lock on one output folder, held for a whole build, so two builds never
/// write, swap or clean up the same output at once. It is a file beside the output
/// (`.public.daylight-lock`) locked with the system's file lock (`flock` on Unix), which
/// the system releases even when the build is killed.
#[derive(Debug)]
struct OutputLock {
    file: std::fs::File,
    path: PathBuf,
}

impl OutputLock {
    fn acquire(target: &Path, on_wait: &dyn Fn(&Path)) -> Result<OutputLock, Diagnostic> {
        let path = target.with_file_name(format!(".{}.daylight-lock", output_name(target)));
        let mut told = false;
        loop {
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|e| Diagnostic::io(&path, "create the output's lock file", &e))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    if !told {
                        on_wait(target);
                        told = true;
                    }
                    file.lock()
                        .map_err(|e| Diagnostic::io(&path, "lock the output folder", &e))?;
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(Diagnostic::io(&path, "lock the output folder", &e));
                }
            }
            // The build before removes the file as it finishes (see Drop): if that was
            // after we opened it, this lock is on a file no one else will see. Again.
            if is_same_file(&file, &path) {
                return Ok(OutputLock { file, path });
            }
        }
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked, so that a build waiting on it sees it is gone
        // (acquire) and no lock file is left beside the output. Where an open file
        // cannot be removed it stays, which is harmless.
        if cfg!(unix) {
            let _ = std::fs::remove_file(&self.path);
        }
        let _ = self.file.unlock();
    }
}

#[cfg(unix)]
fn is_same_file(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_same_file(_: &std::fs::File, _: &Path) -> bool {
    true
}

/// Swaps two folders in one step: Ok(false) when the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // No renameat2 (old kernel, some sandboxes) or no exchange on this file system.
        Err(Errno::NOSYS | Errno::INVAL | Errno::NOTSUP | Errno::PERM) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// Removes the folders killed builds left beside `target`: staging folders, and
/// previous outputs caught half deleted. It runs with the output's lock held, and every
/// build holds that lock from start to end, so a folder named as daylight names them
/// belongs to a build that is gone, whether or not its marker is still there (deleting
/// a folder may remove the marker first). Links and files are left alone.
fn remove_stale_siblings(target: &Path) -> Vec<Diagnostic> {
    let Some(parent) = target.parent() else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let output = output_name(target);
    let mut warnings = Vec::new();
    for e in entries.flatten() {
        let ours = is_staging_name(&e.file_name().to_string_lossy(), &output)
            && e.file_type().is_ok_and(|t| t.is_dir());
        if ours && let Err(err) = std::fs::remove_dir_all(e.path()) {
            warnings.push(
                Diagnostic::warning(
                    e.path(),
                    format!("could not delete this folder, left by an earlier build of the output that was stopped: {err}"),
                )
                .with_hint("delete it by hand"),
            );
        }
    }
    warnings
}

impl Output for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let path = self.path_for(rel)?;
        std::fs::write(&path, bytes)
            .map_err(|e| self.write_error(rel, &path, "write the output file", &e))
    }

    fn copy_file(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        let path = self.path_for(rel)?;
        std::fs::copy(from, &path)
            .map(|_| ())
            .map_err(|e| self.write_error(rel, from, "copy the file to the output", &e))
    }
}

impl Staging {
    fn path_for(&self, rel: &str) -> Result<PathBuf, Diagnostic> {
        let safe = Path::new(&safe_key(rel)?).to_path_buf();
        self.claims.claim(&safe)?;
        let path = self.staging.join(safe);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| self.write_error(rel, parent, "create an output folder", &e))?;
        }
        Ok(path)
    }

    /// The error for a failed write of `rel` (`blamed` is the file named otherwise). A
    /// full disk names the output file that did not fit, once: the thousands of writes
    /// that fail after it share one line, so the cause is not lost among them.
    fn write_error(
        &self,
        rel: &str,
        blamed: &Path,
        action: &str,
        e: &std::io::Error,
    ) -> Diagnostic {
        if e.kind() != std::io::ErrorKind::StorageFull {
            return Diagnostic::io(blamed, action, e);
        }
        let disk = self.target.parent().unwrap_or(&self.target);
        let hint = format!(
            "the disk that holds {} is full: free some space, or build somewhere else with --output; the previous output was left as it was",
            disk.display()
        );
        let first = !self
            .disk_full
            .swap(true, std::sync::atomic::Ordering::Relaxed);
        let d = match safe_relative(rel) {
            Some(rel) if first => Diagnostic::error(
                self.target.join(rel),
                format!("could not {action}: no space left on the disk ({e})"),
            ),
            _ => Diagnostic::error(
                &self.target,
                "more output files could not be written: no space left on the disk",
            ),
        };
        d.with_hint(hint)
    }
}

/// A built site held in memory (`serve`): output path -> bytes.
pub type Files = std::collections::HashMap<String, std::sync::Arc<[u8]>, FastHash>;

/// The hasher of output paths, URLs and source paths: rustc's Fx, many times faster than
/// std's SipHash on the tens of thousands of short keys one build claims, keeps and looks
/// up (SipHash's defence against chosen keys is not needed for a build's own file names).
/// XXH3 was used before: its streaming hasher copies every key into a buffer and
/// finishes with a full avalanche, which costs more than the lookup for keys this short
/// (`serve`'s rebuild looks each of 15,000 routes up several times).
pub type FastHash = rustc_hash::FxBuildHasher;

/// Collects what a build writes, in memory (`serve`), to be applied only if it succeeds.
/// Two outputs at one path are an error, as on disk.
#[derive(Default)]
pub struct Memory {
    files: std::sync::Mutex<Files>,
    claims: Claims,
}

impl Memory {
    pub fn into_files(self) -> Files {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn put(&self, rel: &str, bytes: std::sync::Arc<[u8]>) -> Result<(), Diagnostic> {
        let key = safe_key(rel)?;
        self.claims.claim(Path::new(&key))?;
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, bytes);
        Ok(())
    }
}

impl Output for Memory {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.put(rel, std::sync::Arc::from(bytes))
    }

    fn write_shared(&self, rel: &str, bytes: std::sync::Arc<[u8]>) -> Result<(), Diagnostic> {
        self.put(rel, bytes)
    }

    fn copy_file(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        let bytes = std::fs::read(from).map_err(|e| Diagnostic::io(from, "read the file", &e))?;
        self.put(rel, std::sync::Arc::from(bytes))
    }
}

/// Checks everything and writes nothing (`daylight check`).
#[derive(Default)]
pub struct Discard {
    claims: Claims,
}

impl Output for Discard {
    fn write(&self, rel: &str, _: &[u8]) -> Result<(), Diagnostic> {
        self.claims.claim(Path::new(&safe_key(rel)?))
    }

    fn copy_file(&self, rel: &str, _: &Path) -> Result<(), Diagnostic> {
        self.write(rel, b"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn removing_the_previous_output_deletes_links_not_what_they_point_at() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let kept = dir.path().join("kept");
        std::fs::create_dir_all(kept.join("inner")).expect("folder");
        std::fs::write(kept.join("inner/file.txt"), "keep me").expect("file");
        let old = dir.path().join("old");
        std::fs::create_dir_all(old.join("blog/post")).expect("folder");
        std::fs::write(old.join("blog/post/index.html"), "x").expect("file");
        std::fs::write(old.join("index.html"), "x").expect("file");
        std::os::unix::fs::symlink(&kept, old.join("linked")).expect("link");
        std::os::unix::fs::symlink(&kept, old.join("blog/linked")).expect("link");
        remove_tree(&old).expect("removed");
        assert!(!old.exists());
        // An output that is itself a link to a folder.
        let link = dir.path().join("public");
        std::os::unix::fs::symlink(&kept, &link).expect("link");
        remove_tree(&link).expect("removed");
        assert!(std::fs::symlink_metadata(&link).is_err());
        assert_eq!(
            std::fs::read_to_string(kept.join("inner/file.txt")).expect("still there"),
            "keep me"
        );
    }

    #[test]
    fn relative_paths_cannot_escape() {
        assert_eq!(
            safe_relative("/blog/x/index.html"),
            Some(PathBuf::from("blog/x/index.html"))
        );
        assert_eq!(safe_relative("a/../../etc/passwd"), None);
        assert_eq!(safe_relative(""), None);
    }

    /// Rebuilds many times while another thread watches: the output folder must never
    /// be missing, not even between two steps of the swap.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_swap_never_leaves_a_moment_without_output() {
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        let target = root.join("public");
        let stop = AtomicBool::new(false);
        let missing = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            Staging::prepare(&target, &root, false, &|_| {})
                .unwrap()
                .commit()
                .unwrap();
            scope.spawn(|| {
                while !stop.load(Ordering::Relaxed) {
                    if !target.join(MARKER).exists() {
                        missing.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
            for i in 0..300 {
                let s = Staging::prepare(&target, &root, false, &|_| {}).unwrap();
                s.write("index.html", format!("build {i}").as_bytes())
                    .unwrap();
                s.commit().unwrap();
            }
            stop.store(true, Ordering::Relaxed);
        });
        assert_eq!(missing.load(Ordering::Relaxed), 0);
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).unwrap(),
            "build 299"
        );
        let left: Vec<_> = std::fs::read_dir(&root)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .filter(|n| n.to_string_lossy().contains(".daylight-"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn stale_staging_folders_are_removed_even_before_their_marker() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        let target = root.join("public");
        // A build killed just after creating its staging folder leaves it empty.
        let empty = root.join(".public.daylight-tmp-4000000");
        std::fs::create_dir_all(&empty).unwrap();
        let marked = root.join(".public.daylight-old-4000001");
        std::fs::create_dir_all(&marked).unwrap();
        std::fs::write(marked.join(MARKER), "").unwrap();
        // Someone else's folder with a similar name is left alone.
        let foreign = root.join(".public.daylight-notes");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("mine.txt"), "keep").unwrap();
        Staging::prepare(&target, &root, false, &|_| {})
            .unwrap()
            .commit()
            .unwrap();
        assert!(!empty.exists() && !marked.exists());
        assert!(foreign.join("mine.txt").exists());
    }

    /// Any relative path, `..`, odd Unicode and all: None, or a path that stays under
    /// the output folder when joined to it.
    #[test]
    fn no_output_path_leaves_the_output_folder() {
        use proptest::prelude::*;
        let segment = prop_oneof![
            4 => prop::sample::select(vec![
                "..", ".", "", "a", "index.html", "/", "//", "\\..", "..\\..", "C:", "~",
                "\u{0}", "\u{202e}", "é", "%2e%2e", "...",
            ])
            .prop_map(str::to_string),
            1 => any::<String>().prop_map(|s| s.chars().take(8).collect()),
        ];
        let rel = prop::collection::vec(segment, 0..10).prop_map(|s| s.join("/"));
        let root = Path::new("/srv/site/public");
        proptest::test_runner::TestRunner::new(crate::content::properties::cases(3000))
            .run(&rel, |rel| {
                if let Some(safe) = safe_relative(&rel) {
                    prop_assert!(safe.is_relative(), "{rel:?} -> {safe:?}");
                    prop_assert!(
                        safe.components().all(|c| matches!(c, Component::Normal(_))),
                        "{rel:?} -> {safe:?}"
                    );
                    let joined = root.join(&safe);
                    prop_assert!(
                        joined.starts_with(root) && joined != root,
                        "{rel:?} -> {}",
                        joined.display()
                    );
                }
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn refuses_site_root_content_and_foreign_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(refuse_reason(&root, &root, true).is_some());
        assert!(refuse_reason(dir.path(), &root, true).is_some());
        assert!(refuse_reason(&root.join("content"), &root, true).is_some());
        assert!(refuse_reason(Path::new("/"), &root, true).is_some());
        let foreign = dir.path().join("docs");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("thesis.txt"), "mine").unwrap();
        assert!(refuse_reason(&foreign, &root, false).is_some());
        assert!(refuse_reason(&foreign, &root, true).is_none());
        assert!(refuse_reason(&root.join("public"), &root, false).is_none());
    }

    /// `..` past a missing folder and after a link, links to links, a loop: each path is
    /// the folder the system would reach.
    #[cfg(unix)]
    #[test]
    fn output_paths_are_resolved_as_the_system_would() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let d = resolve(dir.path()).unwrap();
        std::fs::create_dir_all(d.join("site/content")).unwrap();
        symlink("site/content", d.join("to-content")).unwrap();
        symlink("to-content", d.join("to-link")).unwrap();
        symlink(d.join("site"), d.join("absolute")).unwrap();
        symlink("self", d.join("self")).unwrap();
        for (path, is) in [
            ("nx/../site", "site"),
            ("nx/a/../../site/./content", "site/content"),
            ("to-content/..", "site"),
            ("to-link/../content/new", "site/content/new"),
            ("absolute/../docs", "docs"),
            ("missing/deeper", "missing/deeper"),
        ] {
            assert_eq!(resolve(&d.join(path)).unwrap(), d.join(is), "{path}");
        }
        assert!(resolve(&d.join("self/out")).is_err());
        assert_eq!(resolve(Path::new("/..")).unwrap(), Path::new("/"));
    }

    #[test]
    fn only_daylights_own_names_are_staging_folders() {
        for yes in [".public.daylight-tmp-12", ".public.daylight-old-4000001"] {
            assert!(is_staging_name(yes, "public"), "{yes}");
        }
        for no in [
            ".public.daylight-notes",
            ".public.daylight-old-",
            ".public.daylight-old-12x",
            ".public.daylight-lock",
            ".pub.daylight-tmp-12",
            "public.daylight-tmp-12",
            ".public.daylight-tmp-12/..",
        ] {
            assert!(!is_staging_name(no, "public"), "{no}");
        }
    }
}
