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

/// Every file under `dir` (relative path -> bytes), skipping nothing.
fn snapshot(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// A blog of `n` posts, each with a heading and a tag, under a site called `title`.
fn blog(site: &Site, n: usize) {
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    for i in 0..n {
        site.page(
            &format!("blog/p{i}.md"),
            &format!("title: Post {i}\ndate: 2024-01-01\ntags: [t{}]\n", i % 20),
            &format!("Words for post {i}.\n\n## A heading\n\nMore words.\n"),
        );
    }
}

fn staging_leftovers(parent: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".daylight-"))
        .collect()
}

/// SIGKILL at many moments of a build of 1,000 pages: each time `public/` is one whole
/// build, the one before or (killed after the swap) the new one, never a mix or nothing.
#[cfg(unix)]
#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_output() {
    use std::time::Instant;
    let config =
        |version: usize| format!("title: Version {version}\nbase_url: https://test.example\n");
    let site = Site::with_config(&config(0));
    blog(&site, 1000);
    let build_args = ["build", "--now", "2026-06-01T12:00:00Z", "--quiet"];
    let public = site.path("public");
    // Each version's complete output: version 0 in public/, version 1 aside.
    let started = Instant::now();
    site.run(&build_args).assert_ok();
    let mut duration = started.elapsed();
    site.write("site.yaml", &config(1));
    let aside = site.path("aside").to_string_lossy().into_owned();
    let mut args = build_args.to_vec();
    args.extend(["--output", &aside]);
    let started = Instant::now();
    site.run(&args).assert_ok();
    duration = duration.max(started.elapsed());
    let whole = [snapshot(&public), snapshot(&site.path("aside"))];
    assert!(whole[0].len() > 1000 && whole[0] != whole[1]);
    let mut current = 0;
    let kills = 10;
    for i in 0..kills {
        let next = 1 - current;
        site.write("site.yaml", &config(next));
        let mut child = std::process::Command::new(crate::harness::BIN)
            .args(build_args)
            .arg("--root")
            .arg(site.root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(duration.mul_f64(i as f64 / kills as f64));
        let _ = child.kill();
        let _ = child.wait();
        let now = snapshot(&public);
        if now == whole[current] {
            continue;
        }
        assert!(
            now == whole[next],
            "after a kill at {i}/{kills} of the build time, public/ is neither the old build \
             nor the new one: {} files, the old one had {}",
            now.len(),
            whole[current].len()
        );
        current = next;
    }
    // A following build succeeds, is whole, and clears what the killed ones left.
    let next = 1 - current;
    site.write("site.yaml", &config(next));
    site.run(&build_args).assert_ok();
    assert!(snapshot(&public) == whole[next]);
    assert!(
        staging_leftovers(site.root()).is_empty(),
        "{:?}",
        staging_leftovers(site.root())
    );
}

/// A tmpfs of 2 MB: a site too big for it fails with the file and "no space" named, and
/// the previous output on it is left whole. Skipped where mounting is not allowed.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_fails_clearly_and_keeps_the_previous_output() {
    let site = Site::new();
    blog(&site, 3);
    let disk = site.path("disk");
    std::fs::create_dir_all(&disk).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
        .arg(&disk)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs here (not root, or in a container)");
        return;
    }
    struct Unmount<'a>(&'a std::path::Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(self.0).status();
        }
    }
    let _unmount = Unmount(&disk);
    let out = disk.join("public");
    let out_arg = out.to_string_lossy().into_owned();
    let args = [
        "build",
        "--now",
        "2026-06-01T12:00:00Z",
        "--output",
        &out_arg,
    ];
    site.run(&args).assert_ok();
    let before = snapshot(&out);
    assert!(before.contains_key("blog/p1/index.html"));
    // About 15 kB a page: 400 pages cannot fit in what is left of 2 MB.
    blog(&site, 400);
    let run = site.run(&args);
    run.assert_failed();
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let stderr = run.stderr.to_lowercase();
    assert!(stderr.contains("no space"), "{}", run.stderr);
    // Said once, not once for each of the hundreds of files that did not fit.
    assert!(stderr.matches(": error:").count() <= 2, "{}", run.stderr);
    assert!(
        stderr.contains(".html") && stderr.contains("public"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&out), before);
    assert!(
        staging_leftovers(&disk).is_empty(),
        "{:?}",
        staging_leftovers(&disk)
    );
}
