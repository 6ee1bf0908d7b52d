//! What a batch of changed paths means for the site: a pure function, tested alone, in
//! front of the (dumb) file watcher.
//!
//! It only says *whether* to rebuild: what a change touches is recomputed by the build's
//! own pipeline, never guessed here. Editors save in many ways — write in place, write a
//! temporary file and rename it over the old one, keep swap and backup files beside it —
//! and only the swap, backup and lock files are left out.

use std::path::{Path, PathBuf};

use crate::content::walk::is_ignored_name;

/// What must be redone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Nothing the site is made of changed (swap files, the output folder, …).
    Nothing,
    /// The site is rebuilt through the build's own pipeline, for this reason.
    Rebuild(String),
}

impl Plan {
    /// The plan for both changes together: the first reason to rebuild is kept.
    pub fn merge(self, other: Plan) -> Plan {
        match (self, other) {
            (Plan::Nothing, b) => b,
            (a, _) => a,
        }
    }
}

/// What the classifier needs to know about the site as it is.
pub struct Known<'a> {
    pub root: &'a Path,
    /// Where the build goes, if on disk under the root (changes there are ours).
    pub output: Option<&'a Path>,
    pub theme: &'a str,
}

fn rel_slash(path: &Path, base: &Path) -> Option<String> {
    let rel = path.strip_prefix(base).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// One path: what it means. Every path in a folder the site is made of rebuilds it —
/// files, and folders too (a renamed or moved section folder is one event naming the
/// folder) — except editors' swap, backup and lock files.
pub fn classify_path(path: &Path, known: &Known<'_>) -> Plan {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if is_ignored_name(&name) || name.ends_with(".tmp") || name == "4913" {
        // 4913: the file vim writes to test that a folder is writable.
        return Plan::Nothing;
    }
    if known.output.is_some_and(|o| path.starts_with(o)) {
        return Plan::Nothing;
    }
    let root = known.root;
    for file in ["site.yaml", crate::upkeep::statement::FILE] {
        if path == root.join(file) {
            return Plan::Rebuild(format!("{file} changed"));
        }
    }
    for dir in ["content", "templates", "static", "data", "i18n"] {
        if let Some(rel) = rel_slash(path, &root.join(dir)) {
            let shown = if rel.is_empty() {
                format!("{dir}/")
            } else {
                format!("{dir}/{rel}")
            };
            return Plan::Rebuild(format!("{shown} changed"));
        }
    }
    if let Some(rel) = rel_slash(path, &root.join("themes")) {
        let theme = rel.split('/').next().unwrap_or_default();
        // Another theme than the site's is not part of it.
        if theme == known.theme || rel.is_empty() {
            return Plan::Rebuild(format!("themes/{rel} changed"));
        }
    }
    Plan::Nothing
}

/// A batch of paths: the plan for all of them.
pub fn classify(paths: &[PathBuf], known: &Known<'_>) -> Plan {
    paths
        .iter()
        .fold(Plan::Nothing, |plan, p| plan.merge(classify_path(p, known)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(paths: &[&str]) -> Plan {
        let known = Known {
            root: Path::new("/site"),
            output: Some(Path::new("/site/public")),
            theme: "default",
        };
        let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        classify(&paths, &known)
    }

    fn rebuilds(paths: &[&str]) -> bool {
        matches!(run(paths), Plan::Rebuild(_))
    }

    #[test]
    fn pages_sections_templates_static_files_data_and_config_rebuild() {
        for path in [
            "/site/data/services.csv",
            "/site/data/team/people.yaml",
            "/site/content/blog/a.md",
            "/site/content/blog/_index.md",
            "/site/content/incidents/x/timeline.png",
            "/site/templates/page.html",
            "/site/accessibility.yaml",
            "/site/themes/default/templates/base.html",
            "/site/static/css/x.css",
            "/site/site.yaml",
        ] {
            assert!(rebuilds(&[path]), "{path}");
        }
    }

    #[test]
    fn folders_renamed_or_moved_rebuild() {
        // A section folder renamed is one event naming the old and new folder.
        assert!(rebuilds(&[
            "/site/content/framework",
            "/site/content/framework2"
        ]));
        // content/ itself moved away or back.
        assert!(rebuilds(&["/site/content"]));
        assert!(rebuilds(&["/site/static"]));
    }

    #[test]
    fn an_editors_save_is_one_rebuild_naming_the_page() {
        // vim/IntelliJ: write a temp file, rename it over the page; events name both.
        assert_eq!(
            run(&[
                "/site/content/blog/.a.md.swp",
                "/site/content/blog/a.md~",
                "/site/content/blog/a.md",
                "/site/content/blog/4913",
            ]),
            Plan::Rebuild("content/blog/a.md changed".into())
        );
    }

    #[test]
    fn swap_backup_lock_files_the_output_and_other_files_are_nothing() {
        assert_eq!(
            run(&[
                "/site/content/blog/.a.md.swp",
                "/site/content/blog/.#a.md",
                "/site/content/blog/#a.md#"
            ]),
            Plan::Nothing
        );
        assert_eq!(
            run(&["/site/public/blog/a/index.html", "/site/README.md"]),
            Plan::Nothing
        );
        assert_eq!(
            run(&["/site/themes/another/templates/base.html"]),
            Plan::Nothing
        );
    }
}
