//! What daylight publishes and what it keeps back (issue 12, items 3–5): the files of
//! unpublished pages stay out of `public/` (in `build` and `serve`), no file from outside
//! the site folder is ever read into the site, and drafts previewed with `--drafts` never
//! reach the machine outputs (open data, sitemap, feeds, search index).

use crate::harness::Site;
use crate::serve::{eventually, get};

/// Every file under public/, relative to it, with `/` separators.
fn published_files(site: &Site) -> Vec<String> {
    let public = site.path("public");
    walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&public)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

/// The published files whose bytes contain `marker`.
fn files_containing(site: &Site, marker: &str) -> Vec<String> {
    published_files(site)
        .into_iter()
        .filter(|rel| {
            let bytes = std::fs::read(site.path(&format!("public/{rel}"))).unwrap();
            String::from_utf8_lossy(&bytes).contains(marker)
        })
        .collect()
}

#[track_caller]
fn assert_has(text: &str, needles: &[&str]) {
    for n in needles {
        assert!(text.contains(n), "expected {n:?} in:\n{text}");
    }
}

// ---- Item 3: the files of unpublished pages ----

/// A blog with a published bundle, a draft bundle, a future bundle, and a draft section
/// holding a loose file and a bundle of its own. Every file that must stay back says
/// KEEP-BACK.
fn site_with_unpublished_files() -> Site {
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page(
        "blog/shown/index.md",
        "title: Shown\ndate: 2024-01-01\n",
        "Published.\n",
    );
    site.write("content/blog/shown/photo.txt", "a published bundle file");
    site.page(
        "blog/leak/index.md",
        "title: Leak\ndate: 2024-01-02\ndraft: true\n",
        "Not yet.\n",
    );
    site.write("content/blog/leak/evidence.txt", "KEEP-BACK evidence");
    site.write("content/blog/leak/scans/page1.txt", "KEEP-BACK scan");
    site.page(
        "blog/later/index.md",
        "title: Later\ndate: 2099-01-01\n",
        "Not yet.\n",
    );
    site.write("content/blog/later/plan.txt", "KEEP-BACK plan");
    site.page("secret/_index.md", "title: Secret\ndraft: true\n", "");
    site.page("secret/notes.md", "title: Notes\n", "Not yet.\n");
    site.write("content/secret/budget.csv", "KEEP-BACK,budget\n");
    site.page("secret/deep/index.md", "title: Deep\n", "Not yet.\n");
    site.write("content/secret/deep/map.txt", "KEEP-BACK map");
    site
}

#[test]
fn files_of_unpublished_pages_and_draft_sections_are_left_out() {
    let site = site_with_unpublished_files();
    let run = site.build();
    run.assert_ok();
    assert_eq!(
        files_containing(&site, "KEEP-BACK"),
        Vec::<String>::new(),
        "files of unpublished pages were published"
    );
    for rel in [
        "blog/leak/evidence.txt",
        "blog/leak/scans/page1.txt",
        "blog/later/plan.txt",
        "secret/budget.csv",
        "secret/deep/map.txt",
    ] {
        assert!(!site.exists(rel), "{rel} was published");
    }
    assert_eq!(site.read("blog/shown/photo.txt"), "a published bundle file");
    // Each one is listed among the left-out items, with the reason.
    assert_has(
        &run.stderr,
        &[
            "left out content/blog/leak/evidence.txt: a file of content/blog/leak/index.md, which is left out (draft",
            "left out content/blog/leak/scans/page1.txt: a file of content/blog/leak/index.md",
            "left out content/blog/later/plan.txt: a file of content/blog/later/index.md, which is left out (dated in the future",
            "left out content/secret/budget.csv: in a draft section",
            "left out content/secret/deep/map.txt: a file of content/secret/deep/index.md, which is left out (in a draft section",
        ],
    );
    // `check` lists them too.
    let check = site.run(&["check", "--now", "2026-06-01T12:00:00Z"]);
    check.assert_ok();
    assert_has(
        &check.stderr,
        &["left out content/blog/leak/evidence.txt: a file of content/blog/leak/index.md"],
    );
}

#[test]
fn files_of_drafts_are_published_with_drafts_and_future() {
    let site = site_with_unpublished_files();
    site.run(&[
        "build",
        "--drafts",
        "--future",
        "--now",
        "2026-06-01T12:00:00Z",
    ])
    .assert_ok();
    for (rel, text) in [
        ("blog/leak/evidence.txt", "KEEP-BACK evidence"),
        ("blog/leak/scans/page1.txt", "KEEP-BACK scan"),
        ("blog/later/plan.txt", "KEEP-BACK plan"),
        ("secret/budget.csv", "KEEP-BACK,budget\n"),
        ("secret/deep/map.txt", "KEEP-BACK map"),
    ] {
        assert_eq!(site.read(rel), text, "{rel}");
    }
}

#[test]
fn serve_does_not_serve_the_files_of_a_draft_page() {
    let site = site_with_unpublished_files();
    let s = site.serve();
    assert_eq!(get(s.port, "/blog/shown/photo.txt").status, 200);
    for path in [
        "/blog/leak/evidence.txt",
        "/blog/leak/scans/page1.txt",
        "/blog/later/plan.txt",
        "/secret/budget.csv",
        "/secret/deep/map.txt",
    ] {
        let r = get(s.port, path);
        assert_eq!(r.status, 404, "{path} was served");
        assert!(!r.body.contains("KEEP-BACK"), "{path}");
    }
}

// ---- Item 4: files from outside the site ----

/// A folder outside the site holding a template, a page, a file and a theme, each
/// saying OUTSIDE-SECRET.
#[cfg(unix)]
fn outside_folder() -> tempfile::TempDir {
    let outside = tempfile::tempdir().unwrap();
    let o = outside.path();
    std::fs::write(o.join("secret.txt"), "OUTSIDE-SECRET").unwrap();
    std::fs::write(
        o.join("page.html"),
        "<!doctype html><title>x</title>OUTSIDE-SECRET {{ page.title }}",
    )
    .unwrap();
    std::fs::write(
        o.join("page.md"),
        "---\ntitle: Outside\n---\nOUTSIDE-SECRET page\n",
    )
    .unwrap();
    std::fs::create_dir_all(o.join("partials")).unwrap();
    std::fs::write(o.join("partials/bit.html"), "OUTSIDE-SECRET partial").unwrap();
    crate::harness::copy_dir(
        &crate::harness::repo().join("themes/default"),
        &o.join("theme"),
    );
    std::fs::write(o.join("theme/static/secret.txt"), "OUTSIDE-SECRET theme").unwrap();
    outside
}

/// Builds and expects failure with each needle, and nothing published.
#[cfg(unix)]
#[track_caller]
fn refused(site: &Site, needles: &[&str]) -> String {
    let run = site.build();
    run.assert_failed();
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_has(&run.stderr, needles);
    assert!(!site.path("public").exists(), "something was published");
    run.stderr
}

#[cfg(unix)]
#[test]
fn a_page_template_linked_from_outside_the_site_is_refused() {
    use std::os::unix::fs::symlink;
    let outside = outside_folder();
    let site = Site::new();
    site.page("a.md", "title: A\n", "x");
    std::fs::create_dir_all(site.path("templates")).unwrap();
    symlink(
        outside.path().join("page.html"),
        site.path("templates/page.html"),
    )
    .unwrap();
    refused(
        &site,
        &[
            "templates/page.html: error: this symbolic link leads outside the site folder",
            "copy the file or folder into the site",
        ],
    );
}

#[cfg(unix)]
#[test]
fn an_included_template_linked_from_outside_the_site_is_refused() {
    use std::os::unix::fs::symlink;
    let outside = outside_folder();
    let site = Site::new();
    site.page("a.md", "title: A\ntemplate: mine.html\n", "x");
    site.write(
        "templates/mine.html",
        "<!doctype html><title>x</title>{% include \"partials/bit.html\" %}",
    );
    symlink(
        outside.path().join("partials"),
        site.path("templates/partials"),
    )
    .unwrap();
    refused(
        &site,
        &["templates/partials: error: this symbolic link leads outside the site folder"],
    );
    // The same with the included file itself linked.
    std::fs::remove_file(site.path("templates/partials")).unwrap();
    std::fs::create_dir_all(site.path("templates/partials")).unwrap();
    symlink(
        outside.path().join("partials/bit.html"),
        site.path("templates/partials/bit.html"),
    )
    .unwrap();
    refused(
        &site,
        &["templates/partials/bit.html: error: this symbolic link leads outside the site folder"],
    );
}

#[cfg(unix)]
#[test]
fn the_templates_folder_linked_out_of_the_site_is_refused() {
    use std::os::unix::fs::symlink;
    let outside = outside_folder();
    std::fs::copy(
        outside.path().join("page.html"),
        outside.path().join("partials/page.html"),
    )
    .unwrap();
    let site = Site::new();
    site.page("a.md", "title: A\n", "x");
    symlink(outside.path().join("partials"), site.path("templates")).unwrap();
    refused(
        &site,
        &["templates: error: this symbolic link leads outside the site folder"],
    );
}

#[cfg(unix)]
#[test]
fn a_theme_outside_the_site_is_refused_at_its_line_in_site_yaml() {
    let outside = outside_folder();
    let name = outside.path().file_name().unwrap().to_string_lossy();
    // themes/../../<name> is beside the site's folder: both are in the temporary folder.
    let site = Site::with_config(&format!(
        "title: Test Council\nbase_url: https://test.example\ntheme: ../../{name}/theme\n"
    ));
    assert_eq!(
        site.root().parent(),
        outside.path().parent(),
        "the test needs the site and the outside folder side by side"
    );
    site.page("a.md", "title: A\n", "x");
    refused(
        &site,
        &[
            &format!(
                "site.yaml:3:8: error: the theme `../../{name}/theme` is outside the site folder"
            ),
            "themes/",
        ],
    );
    let absolute = outside.path().join("theme");
    site.write(
        "site.yaml",
        &format!(
            "title: Test Council\nbase_url: https://test.example\ntheme: {}\n",
            absolute.display()
        ),
    );
    refused(
        &site,
        &[&format!(
            "site.yaml:3:8: error: the theme `{}` is outside the site folder",
            absolute.display()
        )],
    );
}

#[cfg(unix)]
#[test]
fn a_theme_folder_linked_in_from_outside_the_site_is_refused() {
    use std::os::unix::fs::symlink;
    let outside = outside_folder();
    let site =
        Site::with_config("title: Test Council\nbase_url: https://test.example\ntheme: shared\n");
    site.page("a.md", "title: A\n", "x");
    symlink(outside.path().join("theme"), site.path("themes/shared")).unwrap();
    refused(
        &site,
        &["site.yaml:3:8: error: the theme `shared` is outside the site folder"],
    );
}

#[cfg(unix)]
#[test]
fn static_and_content_folders_linked_out_of_the_site_are_refused() {
    use std::os::unix::fs::symlink;
    let outside = outside_folder();
    let site = Site::new();
    site.page("a.md", "title: A\n", "x");
    symlink(outside.path(), site.path("static")).unwrap();
    refused(
        &site,
        &["static: error: this symbolic link leads outside the site folder"],
    );
    std::fs::remove_file(site.path("static")).unwrap();
    std::fs::remove_dir_all(site.path("content")).unwrap();
    symlink(outside.path(), site.path("content")).unwrap();
    refused(
        &site,
        &["content: error: this symbolic link leads outside the site folder"],
    );
    // Without the links, the site builds: the refusals were about the links alone.
    std::fs::remove_file(site.path("content")).unwrap();
    site.page("a.md", "title: A\n", "x");
    site.build().assert_ok();
}

#[cfg(unix)]
#[test]
fn site_yaml_and_archetypes_linked_from_outside_are_refused() {
    use std::os::unix::fs::symlink;
    let outside = outside_folder();
    std::fs::write(
        outside.path().join("site.yaml"),
        "title: OUTSIDE-SECRET\nbase_url: https://test.example\n",
    )
    .unwrap();
    std::fs::write(
        outside.path().join("post.md"),
        "---\ntitle: \"{{ title }}\"\ndate: {{ date }}\n---\nOUTSIDE-SECRET\n",
    )
    .unwrap();
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    std::fs::create_dir_all(site.path("archetypes")).unwrap();
    symlink(
        outside.path().join("post.md"),
        site.path("archetypes/post.md"),
    )
    .unwrap();
    let run = site.run(&["new", "post", "Hello"]);
    run.assert_failed();
    assert_has(
        &run.stderr,
        &["archetypes/post.md: error: this symbolic link leads outside the site folder"],
    );
    let written: Vec<_> = walkdir::WalkDir::new(site.path("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains("OUTSIDE-SECRET")))
        .collect();
    assert!(written.is_empty(), "{written:?}");

    std::fs::remove_file(site.path("site.yaml")).unwrap();
    symlink(outside.path().join("site.yaml"), site.path("site.yaml")).unwrap();
    refused(
        &site,
        &["site.yaml: error: this symbolic link leads outside the site folder"],
    );
}

/// serve re-reads an edited page by itself: a page swapped for a link out of the site
/// (renamed over it, as editors save) must not be read either.
#[cfg(unix)]
#[test]
fn serve_does_not_read_a_page_swapped_for_a_link_out_of_the_site() {
    use std::os::unix::fs::symlink;
    let outside = outside_folder();
    // The same title, date and tags, so only the page itself would be re-read.
    std::fs::write(
        outside.path().join("hello.md"),
        "---\ntitle: Hello\ndate: 2024-01-01\ntags: [news]\n---\nOUTSIDE-SECRET page\n",
    )
    .unwrap();
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page(
        "blog/hello.md",
        "title: Hello\ndate: 2024-01-01\ntags: [news]\n",
        "First version of the text.\n",
    );
    let s = site.serve();
    assert!(get(s.port, "/blog/hello/").body.contains("First version"));
    let link = site.path("content/blog/.hello.md.link");
    symlink(outside.path().join("hello.md"), &link).unwrap();
    std::fs::rename(&link, site.path("content/blog/hello.md")).unwrap();
    let r = eventually(s.port, "/blog/hello/", "the refusal", |r| {
        r.body.contains("leads outside the site folder") || r.body.contains("OUTSIDE-SECRET")
    });
    assert!(!r.body.contains("OUTSIDE-SECRET"), "served:\n{}", r.body);
}

// ---- Item 5: drafts in machine outputs ----

const INCIDENT: &str = "date: 2024-03-12\nstatus: resolved\nstarted: 2024-03-12T09:14:00+00:00\ndetected: 2024-03-12T09:41:00+00:00\nresolved: 2024-03-12T13:02:00+00:00\nimpact: Nobody could pay.\n";
const BODY: &str =
    "## Summary\n\nIt broke.\n\n## What could have gone better\n\nWe were slow to notice.\n";

fn incident(site: &Site, rel: &str, title: &str, extra: &str) {
    site.page(rel, &format!("title: {title}\n{INCIDENT}{extra}"), BODY);
}

#[test]
fn drafts_previewed_with_drafts_stay_out_of_machine_outputs() {
    let site = Site::new();
    site.page(
        "incidents/_index.md",
        "title: Incident reports\nkind: incident\n",
        "",
    );
    incident(
        &site,
        "incidents/shown.md",
        "Payments down",
        "severity: P2\nservices: [Online payments]\nactions:\n  - {action: Add an alert, owner: Ops, due: 2024-04-30, status: done}\n",
    );
    incident(
        &site,
        "incidents/hidden.md",
        "DRAFT-INCIDENT parking",
        "draft: true\nseverity: P1\nservices: [Parking permits]\nactions:\n  - {action: DRAFT-ACTION rotate keys, owner: Ops, due: 2024-04-30, status: open}\n",
    );
    site.run(&["build", "--drafts", "--now", "2026-06-01T12:00:00Z"])
        .assert_ok();
    // The draft renders as a page, and its filter pages exist, for the preview.
    assert!(
        site.read("incidents/hidden/index.html")
            .contains("DRAFT-INCIDENT")
    );
    assert!(site.exists("incidents/service/parking-permits/index.html"));
    assert!(site.exists("incidents/severity/p1/index.html"));
    // The machine outputs know nothing of it.
    let json = site.read("incidents.json");
    assert!(json.contains("Payments down"), "{json}");
    assert!(!json.contains("DRAFT-"), "{json}");
    let csv = site.read("actions.csv");
    assert!(csv.contains("Add an alert"), "{csv}");
    assert!(!csv.contains("DRAFT-"), "{csv}");
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("/incidents/service/online-payments/"),
        "{sitemap}"
    );
    assert!(sitemap.contains("/incidents/severity/p2/"), "{sitemap}");
    for url in [
        "/incidents/hidden/",
        "/incidents/service/parking-permits/",
        "/incidents/severity/p1/",
        "/services/parking-permits/",
    ] {
        assert!(!sitemap.contains(url), "{url} in\n{sitemap}");
    }
    let mut leaks = files_containing(&site, "DRAFT-");
    leaks.retain(|f| !f.ends_with(".html"));
    assert_eq!(leaks, Vec::<String>::new(), "drafts in machine outputs");
}

#[test]
fn a_draft_incident_section_previewed_with_drafts_stays_out_of_machine_outputs() {
    let site = Site::new();
    site.page("about.md", "title: About\n", "x");
    site.page(
        "incidents/_index.md",
        "title: Incident reports\nkind: incident\ndraft: true\n",
        "",
    );
    incident(
        &site,
        "incidents/hidden.md",
        "DRAFT-INCIDENT parking",
        "severity: P1\nservices: [Parking permits]\nactions:\n  - {action: DRAFT-ACTION rotate keys, owner: Ops, due: 2024-04-30, status: open}\n",
    );
    site.run(&["build", "--drafts", "--now", "2026-06-01T12:00:00Z"])
        .assert_ok();
    assert!(site.exists("incidents/actions/index.html"));
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("/about/"), "{sitemap}");
    assert!(!sitemap.contains("/incidents/"), "{sitemap}");
    let mut leaks = files_containing(&site, "DRAFT-");
    leaks.retain(|f| !f.ends_with(".html"));
    assert_eq!(leaks, Vec::<String>::new(), "drafts in machine outputs");
}
