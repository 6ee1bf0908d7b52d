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

/// A build being written on disk into a staging folder.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    staging: PathBuf,
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
        let s = Staging { target, staging };
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
    pub fn commit(self) -> Result<(), Diagnostic> {
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

/// Staging or old folders left by a build that was killed: ours by name and marker.
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
        if n.starts_with(&prefix) && e.path().join(MARKER).exists() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

impl Output for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let path = self.path_for(rel)?;
        std::fs::write(&path, bytes).map_err(|e| Diagnostic::io(&path, "write the output file", &e))
    }

    fn copy_file(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        let path = self.path_for(rel)?;
        std::fs::copy(from, &path)
            .map(|_| ())
            .map_err(|e| Diagnostic::io(from, "copy the file to the output", &e))
    }
}

impl Staging {
    fn path_for(&self, rel: &str) -> Result<PathBuf, Diagnostic> {
        let safe = safe_relative(rel).ok_or_else(|| {
            Diagnostic::error(rel, "this output path would leave the output folder")
                .with_hint("use a path without `..`")
        })?;
        let path = self.staging.join(safe);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Diagnostic::io(parent, "create an output folder", &e))?;
        }
        Ok(path)
    }
}

/// A built site held in memory (`serve`): output path -> bytes.
pub type Files = std::collections::HashMap<String, std::sync::Arc<[u8]>>;

/// Collects what a (re)build writes, in memory, to be applied only if it succeeds.
#[derive(Default)]
pub struct Memory {
    files: std::sync::Mutex<Files>,
}

impl Memory {
    pub fn into_files(self) -> Files {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn put(&self, rel: &str, bytes: std::sync::Arc<[u8]>) -> Result<(), Diagnostic> {
        let safe = safe_relative(rel).ok_or_else(|| {
            Diagnostic::error(rel, "this output path would leave the output folder")
                .with_hint("use a path without `..`")
        })?;
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
pub struct Discard;

impl Output for Discard {
    fn write(&self, rel: &str, _: &[u8]) -> Result<(), Diagnostic> {
        safe_relative(rel)
            .map(|_| ())
            .ok_or_else(|| Diagnostic::error(rel, "this output path would leave the output folder"))
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
