//! Where a build may write, and what a failed build leaves behind.

use crate::harness::Site;

#[test]
fn refuses_the_site_root_content_and_a_folder_it_did_not_create() {
    let site = Site::new();
    site.page("a.md", "title: A\n", "x");
    let root = site.root().to_string_lossy().into_owned();
    for out in [root.clone(), format!("{root}/content"), "/".to_string()] {
        let run = site.run(&["build", "--output", &out, "--force"]);
        run.assert_failed();
        assert!(
            run.stderr.contains("will not write its output here"),
            "{}",
            run.stderr
        );
    }
    std::fs::create_dir_all(site.path("mine")).unwrap();
    site.write("mine/thesis.txt", "do not delete");
    let out = site.path("mine").to_string_lossy().into_owned();
    let run = site.run(&["build", "--output", &out]);
    run.assert_failed();
    assert!(
        run.stderr
            .contains("not empty and daylight did not create it"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(site.path("mine/thesis.txt")).unwrap(),
        "do not delete"
    );
    // Told --force, it replaces that folder (only that folder).
    site.run(&["build", "--output", &out, "--force"])
        .assert_ok();
    assert!(site.path("mine/a/index.html").exists());
    assert!(site.path("content/a.md").exists());
}

#[test]
fn a_failed_build_leaves_the_previous_output_whole() {
    let site = Site::new();
    site.page("a.md", "title: First version\n", "x");
    site.page("b.md", "title: B\n", "x");
    site.build().assert_ok();
    let before: Vec<String> = {
        let mut v = site.html_files();
        v.sort();
        v
    };
    site.page("a.md", "title: Second version\n", "x");
    site.page("b.md", "title: [broken\n", "x");
    site.build().assert_failed();
    let after: Vec<String> = {
        let mut v = site.html_files();
        v.sort();
        v
    };
    assert_eq!(before, after);
    assert!(site.read("a/index.html").contains("First version"));
    // No staging folders are left beside it.
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".daylight-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_rebuild_removes_pages_that_no_longer_exist() {
    let site = Site::new();
    site.page("a.md", "title: A\n", "x");
    site.page("gone.md", "title: Gone\n", "x");
    site.build().assert_ok();
    assert!(site.exists("gone/index.html"));
    std::fs::remove_file(site.path("content/gone.md")).unwrap();
    site.build().assert_ok();
    assert!(!site.exists("gone/index.html"));
    assert!(site.exists(".daylight-output"));
}
