//! Where a build goes.
//!
//! On disk, a build is written into a staging folder beside the output folder and
//! swapped in whole when (and only when) it succeeded, so a failed or killed build never
//! leaves `public/` half written. daylight marks the folders it creates and refuses to
//! replace one it did not create (unless `--force`), and never one that holds the site
//! itself. Files are written as they are rendered: a build never holds the whole rendered
//! site in memory.

use std::path::{Component, Path, PathBuf};

use crate::error::Diagnostic;

/// Marks a folder as daylight's output: only such folders are replaced without --force.
pub const MARKER: &str = ".daylight-output";

/// Somewhere rendered files go. Paths are relative, with `/` separators.
pub trait Output: Sync {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
    fn copy_file(&self, rel: &str, from: &Path) -> Result<(), Diagnostic>;
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

/// Every path one build writes, so that two outputs at one path are an error rather than
/// one silently replacing the other: an alias at `/` over the home page, a file in
/// `static/` over a page, an alias `/atom.xml` making a folder where the feed goes.
#[derive(Debug, Default)]
struct Claims {
    /// Files written, and the folders above them.
    taken: std::sync::Mutex<(
        std::collections::HashSet<PathBuf>,
        std::collections::HashSet<PathBuf>,
    )>,
}

impl Claims {
    /// Claims `rel` (already made safe) for one output, or says what it clashes with.
    fn claim(&self, rel: &Path) -> Result<(), Diagnostic> {
        let mut taken = self.taken.lock().unwrap_or_else(|e| e.into_inner());
        let (files, folders) = &mut *taken;
        let above = rel
            .ancestors()
            .skip(1)
            .find(|a| files.contains(*a))
            .map(Path::to_path_buf);
        let clash = if files.contains(rel) {
            Some("another output is already written there")
        } else if folders.contains(rel) {
            Some("it is already a folder of other outputs")
        } else if above.is_some() {
            Some("a folder is needed there for it, but a file is already written at that path")
        } else {
            None
        };
        if let Some(why) = clash {
            let shown = above
                .as_deref()
                .unwrap_or(rel)
                .to_string_lossy()
                .replace('\\', "/");
            return Err(Diagnostic::error(
                rel,
                format!("two things the site publishes are at /{shown}: {why}"),
            )
            .with_hint(
                "an alias, a slug or a file in static/ has the path of another page or file: change one of them",
            ));
        }
        files.insert(rel.to_path_buf());
        for a in rel.ancestors().skip(1) {
            if a.as_os_str().is_empty() || !folders.insert(a.to_path_buf()) {
                break;
            }
        }
        Ok(())
    }
}

/// A build being written on disk into a staging folder.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    staging: PathBuf,
    /// Set at the first write that found the disk full, which alone names its file.
    disk_full: std::sync::atomic::AtomicBool,
    claims: Claims,
}

fn sibling(target: &Path, tag: &str) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.daylight-{tag}-{}", std::process::id()))
}

/// Why `target` may not be used as the output folder, if it may not.
pub fn refuse_reason(target: &Path, site_root: &Path, force: bool) -> Option<String> {
    let content = site_root.join("content");
    if target.parent().is_none() {
        return Some("it is the root of the file system".to_string());
    }
    if site_root.starts_with(target) {
        return Some("it holds the site itself (site.yaml and content/)".to_string());
    }
    if target.starts_with(&content) {
        return Some("it is inside content/".to_string());
    }
    for own in ["themes", "templates", "static"] {
        if target.starts_with(site_root.join(own)) {
            return Some(format!("it is inside {own}/"));
        }
    }
    if let Some(home) = std::env::var_os("HOME")
        && Path::new(&home) == target
    {
        return Some("it is your home folder".to_string());
    }
    if force {
        return None;
    }
    match std::fs::read_dir(target) {
        Ok(mut entries) => {
            let empty = entries.next().is_none();
            if !empty && !target.join(MARKER).exists() {
                return Some("it is not empty and daylight did not create it".to_string());
            }
            None
        }
        Err(_) if target.exists() => Some("it is a file, not a folder".to_string()),
        Err(_) => None,
    }
}

impl Staging {
    /// Checks `target` may be replaced and creates a fresh staging folder beside it.
    pub fn prepare(target: &Path, site_root: &Path, force: bool) -> Result<Staging, Diagnostic> {
        let target = std::path::absolute(target)
            .map_err(|e| Diagnostic::io(target, "resolve the output folder", &e))?;
        if let Some(reason) = refuse_reason(&target, site_root, force) {
            let hint = if force {
                "choose another folder with --output".to_string()
            } else {
                "choose another folder with --output, or pass --force if you are sure daylight may replace it".to_string()
            };
            return Err(Diagnostic::error(
                &target,
                format!("daylight will not write its output here: {reason}"),
            )
            .with_hint(hint));
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Diagnostic::io(parent, "create the output's parent folder", &e))?;
            remove_stale_siblings(&target);
        }
        let staging = sibling(&target, "tmp");
        if staging.exists() {
            std::fs::remove_dir_all(&staging)
                .map_err(|e| Diagnostic::io(&staging, "remove an old staging folder", &e))?;
        }
        std::fs::create_dir_all(&staging)
            .map_err(|e| Diagnostic::io(&staging, "create the staging folder", &e))?;
        let s = Staging {
            target,
            staging,
            disk_full: Default::default(),
            claims: Claims::default(),
        };
        s.write(
            MARKER,
            b"This folder is written by daylight and replaced whole on every build.\n",
        )?;
        Ok(s)
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Puts the finished build in place of the old output, then removes the old one.
    ///
    /// The swap is one `renameat2(RENAME_EXCHANGE)` where the system has it, so at every
    /// instant the output folder holds one whole build, the old or the new: a build
    /// killed at any point leaves a complete `public/`. Elsewhere (or on a file system
    /// without exchange) it is two renames, with a moment in between with no output.
    pub fn commit(self) -> Result<(), Diagnostic> {
        if self.target.exists() {
            match exchange(&self.staging, &self.target) {
                Ok(true) => {
                    // The staging path now holds the previous build.
                    return std::fs::remove_dir_all(&self.staging).map_err(|e| {
                        Diagnostic::io(&self.staging, "remove the previous output", &e)
                    });
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
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old)
                .map_err(|e| Diagnostic::io(&self.target, "move the previous output aside", &e))?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(Diagnostic::io(
                &self.target,
                "move the new output into place",
                &e,
            ));
        }
        if had_old {
            std::fs::remove_dir_all(&old)
                .map_err(|e| Diagnostic::io(&old, "remove the previous output", &e))?;
        }
        Ok(())
    }

    /// Removes the staging folder; the previous output is untouched.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }
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

/// Staging or old folders left by a build that was killed: ours by name and marker (or
/// empty: a build killed before it wrote the marker into its new staging folder).
fn remove_stale_siblings(target: &Path) {
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return;
    };
    let prefix = format!(".{}.daylight-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        let empty = std::fs::read_dir(e.path()).is_ok_and(|mut d| d.next().is_none());
        if n.starts_with(&prefix) && (empty || e.path().join(MARKER).exists()) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
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
        let safe = safe_relative(rel).ok_or_else(|| {
            Diagnostic::error(rel, "this output path would leave the output folder")
                .with_hint("use a path without `..`")
        })?;
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
pub type Files = std::collections::HashMap<String, std::sync::Arc<[u8]>>;

/// Collects what a (re)build writes, in memory, to be applied only if it succeeds.
#[derive(Default)]
pub struct Memory {
    files: std::sync::Mutex<Files>,
    /// For a whole build; a partial rebuild writes a list again on purpose.
    claims: Option<Claims>,
}

impl Memory {
    /// For a whole build: two outputs at one path are an error, as on disk.
    pub fn whole_site() -> Memory {
        Memory {
            claims: Some(Claims::default()),
            ..Memory::default()
        }
    }

    pub fn into_files(self) -> Files {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn put(&self, rel: &str, bytes: std::sync::Arc<[u8]>) -> Result<(), Diagnostic> {
        let safe = safe_relative(rel).ok_or_else(|| {
            Diagnostic::error(rel, "this output path would leave the output folder")
                .with_hint("use a path without `..`")
        })?;
        if let Some(claims) = &self.claims {
            claims.claim(&safe)?;
        }
        let key = safe.to_string_lossy().replace('\\', "/");
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
        let safe = safe_relative(rel).ok_or_else(|| {
            Diagnostic::error(rel, "this output path would leave the output folder")
        })?;
        self.claims.claim(&safe)
    }

    fn copy_file(&self, rel: &str, _: &Path) -> Result<(), Diagnostic> {
        self.write(rel, b"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            Staging::prepare(&target, &root, false)
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
                let s = Staging::prepare(&target, &root, false).unwrap();
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
        Staging::prepare(&target, &root, false)
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
}
