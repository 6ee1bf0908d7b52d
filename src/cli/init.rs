//! `daylight init DIR`: a new site from the example site and default theme carried inside
//! the binary, so someone who installed only the binary can start. The example is in
//! English and Welsh; without `--bilingual` the new site is in English only (no
//! `*.cy.md` translations, no `languages:` in site.yaml).

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

/// The example's Welsh translations (`about.cy.md`), left out of a site in one language.
fn is_welsh_translation(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().ends_with(".cy.md"))
}

/// site.yaml without its `languages:` block: from the comment that opens it to the
/// blank line that ends it.
fn in_one_language(site_yaml: &str) -> String {
    let mut out = String::with_capacity(site_yaml.len());
    let mut skipping = false;
    for line in site_yaml.split_inclusive('\n') {
        if line.starts_with("# The site is in English and Welsh") {
            skipping = true;
        }
        if !skipping {
            out.push_str(line);
        } else if line.trim().is_empty() {
            skipping = false;
        }
    }
    out
}

fn write_dir(dir: &Dir<'_>, into: &Path, bilingual: bool) -> Result<usize, Diagnostic> {
    let mut n = 0;
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(d) => n += write_dir(d, into, bilingual)?,
            DirEntry::File(f) if !bilingual && is_welsh_translation(f.path()) => {}
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
    let bilingual = args.bilingual;
    n += write_dir(&CONTENT, &dir.join("content"), bilingual)?;
    n += write_dir(&STATIC, &dir.join("static"), true)?;
    n += write_dir(&DATA, &dir.join("data"), true)?;
    n += write_dir(
        &crate::theme::BUILTIN_DEFAULT,
        &dir.join("themes/default"),
        true,
    )?;
    let site_yaml = if bilingual {
        SITE_YAML.to_string()
    } else {
        in_one_language(SITE_YAML)
    };
    for (name, text) in [
        ("site.yaml", site_yaml.as_str()),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_in_one_language_has_no_languages_block() {
        let one = in_one_language(SITE_YAML);
        assert!(SITE_YAML.contains("languages:"), "the example is bilingual");
        assert!(!one.contains("languages:"), "{one}");
        assert!(!one.contains("/cy/"), "{one}");
        assert!(one.contains("timezone: Europe/London") && one.contains("menu:"));
    }
}
