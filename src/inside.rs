//! "Inside the site folder": daylight reads no file of a site whose real location, every
//! symbolic link resolved, is outside the site's own folder. A link committed into a site
//! (`templates/page.html -> /etc/…`, `static/ -> ~/`), or a `theme:` path that climbs out,
//! would otherwise publish the build machine's files. Every place that reads a site's
//! files (site.yaml, content/, templates/, static/, the theme, archetypes/) checks here.
//!
//! The default theme built into the binary is not a file and needs no check. This module
//! only answers questions; it never reads a file's contents.

use std::path::{Path, PathBuf};

use crate::error::Diagnostic;

/// The site folder with its symbolic links resolved: what "inside" is measured against.
/// If it cannot be resolved, the folder as given: every check then compares resolved
/// paths with an unresolved one, and refuses rather than lets a file through.
pub fn real_root(root: &Path) -> PathBuf {
    std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf())
}

/// Where `path` really is, when that is outside `real_root`. A path that does not exist
/// (or cannot be resolved) is not outside: there is nothing there to read.
pub fn outside(path: &Path, real_root: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path)
        .ok()
        .filter(|real| !real.starts_with(real_root))
}

/// Checks a file or folder about to be read: an error naming it (relative to `root`)
/// when it leads outside the site folder.
pub fn check(path: &Path, root: &Path, real_root: &Path) -> Result<(), Diagnostic> {
    match outside(path, real_root) {
        Some(real) => Err(outside_error(crate::site_relative(root, path), path, &real)),
        None => Ok(()),
    }
}

/// Whether `entry` (met in a walk) is a symbolic link that leads outside `allowed` (a
/// folder, its links resolved). Links to elsewhere inside the site are followed.
pub fn leads_outside(entry: &walkdir::DirEntry, allowed: Option<&Path>) -> bool {
    if !entry.path_is_symlink() {
        return false;
    }
    match (allowed, std::fs::canonicalize(entry.path())) {
        (Some(allowed), Ok(real)) => !real.starts_with(allowed),
        _ => false,
    }
}

/// The error for `path`, shown as `display`, which resolves to `real` outside the site.
pub fn outside_error(display: PathBuf, path: &Path, real: &Path) -> Diagnostic {
    let what = match std::fs::read_link(path) {
        Ok(target) => format!(
            "this symbolic link leads outside the site folder (to {})",
            target.display()
        ),
        // Not a link itself: a folder above it is one.
        Err(_) => format!(
            "this leads outside the site folder through a symbolic link (to {})",
            real.display()
        ),
    };
    Diagnostic::error(
        display,
        format!("{what}: daylight does not publish files from outside it"),
    )
    .with_hint("copy the file or folder into the site instead of linking to it")
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_out_are_outside_and_links_within_are_not() {
        let base = tempfile::tempdir().unwrap();
        let site = base.path().join("site");
        let away = base.path().join("away");
        std::fs::create_dir_all(site.join("shared")).unwrap();
        std::fs::create_dir_all(&away).unwrap();
        std::fs::write(away.join("secret.txt"), "x").unwrap();
        std::fs::write(site.join("shared/a.txt"), "x").unwrap();
        std::os::unix::fs::symlink(away.join("secret.txt"), site.join("out.txt")).unwrap();
        std::os::unix::fs::symlink(site.join("shared/a.txt"), site.join("in.txt")).unwrap();
        std::os::unix::fs::symlink(&away, site.join("far")).unwrap();
        let real = real_root(&site);
        assert!(outside(&site.join("out.txt"), &real).is_some());
        assert!(outside(&site.join("in.txt"), &real).is_none());
        assert!(outside(&site.join("missing.txt"), &real).is_none());
        let d = check(&site.join("far/secret.txt"), &site, &real).unwrap_err();
        assert_eq!(d.path, Path::new("far/secret.txt"));
        assert!(d.message.contains("through a symbolic link"), "{d}");
        let d = check(&site.join("far"), &site, &real).unwrap_err();
        assert!(
            d.message.contains("this symbolic link leads outside"),
            "{d}"
        );
        // `..` out of the site is outside too, link or not.
        assert!(outside(&site.join("../away"), &real).is_some());
    }
}
