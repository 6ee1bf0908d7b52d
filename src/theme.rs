//! Where the theme's files come from: the site's `themes/<name>/` when it has one, else
//! the default theme built into the binary, so a site needs no copy of it (and someone
//! who installed only the binary can build).

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

pub static BUILTIN_DEFAULT: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a file of the theme or site comes from.
#[derive(Debug, Clone)]
pub enum FileSource {
    Disk(PathBuf),
    Builtin(&'static [u8]),
}

/// The built-in theme's files under `sub` (e.g. "templates"): (relative name, bytes).
pub fn builtin_files(sub: &str) -> Vec<(String, &'static [u8])> {
    fn walk(dir: &'static Dir<'static>, base: &Path, out: &mut Vec<(String, &'static [u8])>) {
        for f in dir.files() {
            let rel = f.path().strip_prefix(base).unwrap_or(f.path());
            let name = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((name, f.contents()));
        }
        for d in dir.dirs() {
            walk(d, base, out);
        }
    }
    let mut out = Vec::new();
    if let Some(dir) = BUILTIN_DEFAULT.get_dir(sub) {
        walk(dir, Path::new(sub), &mut out);
    }
    out
}

/// How a built-in file is named in messages.
pub fn builtin_display(sub: &str, name: &str) -> PathBuf {
    PathBuf::from(format!("(built-in default theme)/{sub}/{name}"))
}
