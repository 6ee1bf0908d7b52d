//! What a batch of changed paths means for the site: a pure function, tested alone, in
//! front of the (dumb) file watcher.
//!
//! Editors save in many ways — write in place, write a temporary file and rename it over
//! the old one, keep swap and backup files beside it — so the classifier looks at what a
//! path *is* now, not at the kind of event that named it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::content::walk::is_ignored_name;

/// What must be redone, from least to most work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Nothing the site is made of changed (swap files, the output folder, …).
    Nothing,
    /// Static files to copy again (site-relative output paths and where they come from).
    Static(Vec<(String, PathBuf)>),
    /// Pages that exist and were known before: re-render them and the lists that show them.
    Pages(Vec<String>),
    /// Everything, for this reason (a template, site.yaml, a new or deleted file…).
    Full(String),
}

impl Plan {
    fn weight(&self) -> u8 {
        match self {
            Plan::Nothing => 0,
            Plan::Static(_) => 1,
            Plan::Pages(_) => 2,
            Plan::Full(_) => 3,
        }
    }

    /// The plan for both changes together.
    pub fn merge(self, other: Plan) -> Plan {
        match (self, other) {
            (Plan::Static(mut a), Plan::Static(b)) => {
                a.extend(b);
                Plan::Static(a)
            }
            (Plan::Pages(mut a), Plan::Pages(b)) => {
                for p in b {
                    if !a.contains(&p) {
                        a.push(p);
                    }
                }
                Plan::Pages(a)
            }
            // Static files alongside pages: one full rebuild does both; rare enough.
            (Plan::Static(_), Plan::Pages(_)) | (Plan::Pages(_), Plan::Static(_)) => {
                Plan::Full("pages and static files changed together".to_string())
            }
            (a, b) => {
                if a.weight() >= b.weight() {
                    a
                } else {
                    b
                }
            }
        }
    }
}

/// What the classifier needs to know about the site as it is.
pub struct Known<'a> {
    pub root: &'a Path,
    /// Where the build goes, if on disk under the root (changes there are ours).
    pub output: Option<&'a Path>,
    /// content-relative paths of the pages built last time.
    pub pages: &'a HashSet<String>,
    /// content-relative paths of the other files (page bundle images…) built last time.
    pub assets: &'a HashSet<String>,
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

/// One path: what it means. `is_file` says whether a path is a regular file now.
pub fn classify_path(path: &Path, known: &Known<'_>, is_file: &dyn Fn(&Path) -> bool) -> Plan {
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
    if path == root.join("site.yaml") {
        return Plan::Full("site.yaml changed".to_string());
    }
    let theme = root.join("themes").join(known.theme);
    if path.starts_with(root.join("templates")) || path.starts_with(theme.join("templates")) {
        return Plan::Full(format!("template {name} changed"));
    }
    for dir in [root.join("static"), theme.join("static")] {
        if let Some(rel) = rel_slash(path, &dir) {
            if is_file(path) {
                // The site's own static file wins over the theme's: copy whichever is there.
                let site_file = root.join("static").join(&rel);
                let from = if is_file(&site_file) {
                    site_file
                } else {
                    path.to_path_buf()
                };
                return Plan::Static(vec![(rel, from)]);
            }
            return Plan::Full(format!("static file {rel} was removed"));
        }
    }
    let content = root.join("content");
    if let Some(rel) = rel_slash(path, &content) {
        if rel.is_empty() {
            return Plan::Full("content/ changed".to_string());
        }
        if name == "_index.md" {
            return Plan::Full(format!("section content/{rel} changed"));
        }
        if rel.ends_with(".md") {
            if known.pages.contains(&rel) && is_file(path) {
                return Plan::Pages(vec![rel]);
            }
            let what = if is_file(path) {
                "added"
            } else {
                "removed (or is a folder)"
            };
            return Plan::Full(format!("content/{rel} was {what}"));
        }
        if is_file(path) {
            return Plan::Full(format!("content/{rel} changed"));
        }
        if known.assets.contains(&rel) {
            return Plan::Full(format!("content/{rel} was removed"));
        }
        // A temporary file that came and went (sed -i, some editors), or a new folder
        // (its files, when they come, are events of their own).
        return Plan::Nothing;
    }
    if path.starts_with(root.join("themes")) {
        return Plan::Full("the theme changed".to_string());
    }
    Plan::Nothing
}

/// A batch of paths: the plan for all of them.
pub fn classify(paths: &[PathBuf], known: &Known<'_>, is_file: &dyn Fn(&Path) -> bool) -> Plan {
    paths.iter().fold(Plan::Nothing, |plan, p| {
        plan.merge(classify_path(p, known, is_file))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(paths: &[&str], existing: &[&str]) -> Plan {
        let pages: HashSet<String> =
            ["blog/a.md".to_string(), "incidents/x/index.md".to_string()].into();
        let assets: HashSet<String> = ["incidents/x/timeline.png".to_string()].into();
        let known = Known {
            root: Path::new("/site"),
            output: Some(Path::new("/site/public")),
            pages: &pages,
            assets: &assets,
            theme: "default",
        };
        let existing: HashSet<PathBuf> = existing.iter().map(PathBuf::from).collect();
        let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        classify(&paths, &known, &|p| existing.contains(p))
    }

    #[test]
    fn editing_a_known_page_renders_that_page() {
        assert_eq!(
            run(&["/site/content/blog/a.md"], &["/site/content/blog/a.md"]),
            Plan::Pages(vec!["blog/a.md".into()])
        );
        assert_eq!(
            run(
                &["/site/content/incidents/x/index.md"],
                &["/site/content/incidents/x/index.md"]
            ),
            Plan::Pages(vec!["incidents/x/index.md".into()])
        );
    }

    #[test]
    fn atomic_save_by_rename_is_an_edit_of_the_page() {
        // vim/IntelliJ: write a temp file, rename it over the page; events name both.
        let plan = run(
            &[
                "/site/content/blog/.a.md.swp",
                "/site/content/blog/a.md~",
                "/site/content/blog/a.md",
                "/site/content/blog/4913",
            ],
            &["/site/content/blog/a.md"],
        );
        assert_eq!(plan, Plan::Pages(vec!["blog/a.md".into()]));
    }

    #[test]
    fn swap_backup_and_lock_files_alone_are_nothing() {
        assert_eq!(
            run(
                &[
                    "/site/content/blog/.a.md.swp",
                    "/site/content/blog/.#a.md",
                    "/site/content/blog/#a.md#"
                ],
                &[]
            ),
            Plan::Nothing
        );
        assert_eq!(
            run(&["/site/public/blog/a/index.html", "/site/README.md"], &[]),
            Plan::Nothing
        );
    }

    #[test]
    fn new_deleted_and_recreated_files() {
        assert!(matches!(
            run(
                &["/site/content/blog/new.md"],
                &["/site/content/blog/new.md"]
            ),
            Plan::Full(_)
        ));
        assert!(matches!(
            run(&["/site/content/blog/a.md"], &[]),
            Plan::Full(_)
        ));
        // deleted then recreated within one batch: it exists now, so it is an edit
        assert_eq!(
            run(
                &["/site/content/blog/a.md", "/site/content/blog/a.md"],
                &["/site/content/blog/a.md"]
            ),
            Plan::Pages(vec!["blog/a.md".into()])
        );
        // a new folder (not a file) is nothing until files arrive in it
        assert_eq!(run(&["/site/content/newfolder"], &[]), Plan::Nothing);
        // an image added to a bundle, or removed from it
        assert!(matches!(
            run(
                &["/site/content/incidents/x/new.png"],
                &["/site/content/incidents/x/new.png"]
            ),
            Plan::Full(_)
        ));
        assert!(matches!(
            run(&["/site/content/incidents/x/timeline.png"], &[]),
            Plan::Full(_)
        ));
    }

    #[test]
    fn sed_in_place_is_an_edit_of_the_page() {
        // sed -i writes content/blog/sedAbc123, then renames it over the page.
        let plan = run(
            &["/site/content/blog/sedAbc123", "/site/content/blog/a.md"],
            &["/site/content/blog/a.md"],
        );
        assert_eq!(plan, Plan::Pages(vec!["blog/a.md".into()]));
    }

    #[test]
    fn templates_config_and_sections_rebuild_everything() {
        assert!(matches!(
            run(
                &["/site/templates/page.html"],
                &["/site/templates/page.html"]
            ),
            Plan::Full(_)
        ));
        assert!(matches!(
            run(
                &["/site/themes/default/templates/base.html"],
                &["/site/themes/default/templates/base.html"]
            ),
            Plan::Full(_)
        ));
        assert!(matches!(
            run(&["/site/site.yaml"], &["/site/site.yaml"]),
            Plan::Full(_)
        ));
        assert!(matches!(
            run(
                &["/site/content/blog/_index.md"],
                &["/site/content/blog/_index.md"]
            ),
            Plan::Full(_)
        ));
    }

    #[test]
    fn static_files_are_copied_and_the_sites_own_wins() {
        assert_eq!(
            run(&["/site/static/css/x.css"], &["/site/static/css/x.css"]),
            Plan::Static(vec![(
                "css/x.css".into(),
                PathBuf::from("/site/static/css/x.css")
            )])
        );
        assert_eq!(
            run(
                &["/site/themes/default/static/css/daylight.css"],
                &[
                    "/site/themes/default/static/css/daylight.css",
                    "/site/static/css/daylight.css"
                ]
            ),
            Plan::Static(vec![(
                "css/daylight.css".into(),
                PathBuf::from("/site/static/css/daylight.css")
            )])
        );
        assert!(matches!(
            run(&["/site/static/gone.png"], &[]),
            Plan::Full(_)
        ));
    }

    #[test]
    fn a_burst_of_edits_to_several_pages_is_one_plan() {
        let plan = run(
            &[
                "/site/content/blog/a.md",
                "/site/content/incidents/x/index.md",
                "/site/content/blog/a.md",
            ],
            &[
                "/site/content/blog/a.md",
                "/site/content/incidents/x/index.md",
            ],
        );
        assert_eq!(
            plan,
            Plan::Pages(vec!["blog/a.md".into(), "incidents/x/index.md".into()])
        );
    }
}
