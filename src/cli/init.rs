//! `daylight init DIR`: a new site from the example site and default theme carried inside
//! the binary, so someone who installed only the binary can start.

use std::path::Path;

use include_dir::{Dir, DirEntry, include_dir};

use super::{InitArgs, Printer};
use crate::error::Diagnostic;

static CONTENT: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/content");
static STATIC: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/static");
static DATA: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/data");
const SITE_YAML: &str = include_str!("../../site.yaml");
/// The accessibility statement's facts, which content/accessibility.md shows.
const ACCESSIBILITY_YAML: &str = include_str!("../../accessibility.yaml");
const GITIGNORE: &str = "/public\n/.public.daylight-*\n/.daylight-cache\n";

fn write_dir(dir: &Dir<'_>, into: &Path) -> Result<usize, Diagnostic> {
    let mut n = 0;
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(d) => n += write_dir(d, into)?,
            DirEntry::File(f) => {
                let path = into.join(f.path());
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| Diagnostic::io(parent, "create a folder", &e))?;
                }
                std::fs::write(&path, f.contents())
                    .map_err(|e| Diagnostic::io(&path, "write a file", &e))?;
                n += 1;
            }
        }
    }
    Ok(n)
}

pub fn init(args: &InitArgs, printer: &Printer) -> Result<i32, Diagnostic> {
    let dir = &args.dir;
    if let Ok(mut entries) = std::fs::read_dir(dir)
        && entries.next().is_some()
    {
        return Err(
            Diagnostic::error(dir, "this folder is not empty").with_hint(
                "choose a new folder name: daylight init my-site (daylight never overwrites files)",
            ),
        );
    }
    let mut n = 0;
    n += write_dir(&CONTENT, &dir.join("content"))?;
    n += write_dir(&STATIC, &dir.join("static"))?;
    n += write_dir(&DATA, &dir.join("data"))?;
    n += write_dir(&crate::theme::BUILTIN_DEFAULT, &dir.join("themes/default"))?;
    for (name, text) in [
        ("site.yaml", SITE_YAML),
        (crate::upkeep::statement::FILE, ACCESSIBILITY_YAML),
        (".gitignore", GITIGNORE),
    ] {
        let path = dir.join(name);
        std::fs::create_dir_all(dir)
            .map_err(|e| Diagnostic::io(dir, "create the site folder", &e))?;
        std::fs::write(&path, text).map_err(|e| Diagnostic::io(&path, "write a file", &e))?;
        n += 1;
    }
    printer.info(&format!(
        "made a new site in {} ({n} files). Next: edit site.yaml, then `daylight build --root {}`",
        dir.display(),
        dir.display()
    ));
    Ok(0)
}
