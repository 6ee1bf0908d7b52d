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

/// What is at one path of a tree, without following symbolic links.
#[derive(Debug, PartialEq)]
enum Entry {
    Folder,
    File(Vec<u8>),
    Link(std::path::PathBuf),
}

/// Every folder, file and link under `dir` (links not followed), minus `except`.
fn tree(
    dir: &std::path::Path,
    except: Option<&std::path::Path>,
) -> std::collections::BTreeMap<String, Entry> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| except.is_none_or(|x| e.path() != x))
        .map(Result::unwrap)
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let entry = if e.path_is_symlink() {
                Entry::Link(std::fs::read_link(e.path()).unwrap())
            } else if e.file_type().is_dir() {
                Entry::Folder
            } else {
                Entry::File(std::fs::read(e.path()).unwrap())
            };
            (rel, entry)
        })
        .collect()
}

/// Runs the binary in `cwd` with `HOME` set to `home`.
fn run_in(cwd: &std::path::Path, home: &std::path::Path, args: &[&str]) -> crate::harness::Run {
    let out = std::process::Command::new(crate::harness::BIN)
        .args(args)
        .current_dir(cwd)
        .env("HOME", home)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    crate::harness::Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A folder holding a site, someone else's `docs/`, a home folder, and symbolic links
/// into them (and a loop of two links).
#[cfg(unix)]
fn hostile_world() -> tempfile::TempDir {
    use std::os::unix::fs::symlink;
    let world = tempfile::tempdir().unwrap();
    let w = world.path();
    let site = w.join("site");
    crate::harness::copy_dir(
        &crate::harness::repo().join("themes/default"),
        &site.join("themes/default"),
    );
    std::fs::write(site.join("site.yaml"), crate::harness::SITE_YAML).unwrap();
    for (rel, text) in [
        ("site/content/a.md", "---\ntitle: A\n---\nx"),
        ("site/static/s.txt", "static"),
        ("site/templates/notes.txt", "the site's own templates"),
        ("docs/thesis.txt", "someone else's work"),
        ("home/user/notes.txt", "my notes"),
        ("home/other.txt", "beside my home"),
    ] {
        std::fs::create_dir_all(w.join(rel).parent().unwrap()).unwrap();
        std::fs::write(w.join(rel), text).unwrap();
    }
    symlink("site", w.join("link-to-site")).unwrap();
    symlink("docs", w.join("link-to-docs")).unwrap();
    symlink("content", site.join("out-link")).unwrap();
    symlink("loop-b", w.join("loop-a")).unwrap();
    symlink("loop-a", w.join("loop-b")).unwrap();
    world
}

/// Each hostile or careless `--output` (`..` past a missing folder, symbolic links to the
/// site, the home folder and what holds it, with and without `--force`), each in a fresh
/// world: refused, and every file, folder and link outside the output is exactly as it
/// was. Every form stays inside the test's own folder even read naively, so a regression
/// cannot reach further.
#[cfg(unix)]
#[test]
fn no_output_form_touches_anything_outside_the_output() {
    let refused: &[&[&str]] = &[
        &["--output", "nx/../docs"],
        &["--output", "nx/../site"],
        &["--output", "nx/../site", "--force"],
        &["--output", "missing/../home/user"],
        &["--output", "missing/../home/user", "--force"],
        &["--output", "nx/../home", "--force"],
        &["--output", "nx/..", "--force"],
        &["--output", "link-to-site/content", "--force"],
        &["--output", "link-to-site", "--force"],
        &["--output", "link-to-site/static/../themes", "--force"],
        &[
            "--output",
            "link-to-site/themes/default/templates",
            "--force",
        ],
        &["--output", "site/templates", "--force"],
        &["--output", "site/content/new-folder", "--force"],
        &["--output", "site/out-link", "--force"],
        &["--output", "site/out-link/../static", "--force"],
        &["--output", "link-to-docs"],
        &["--output", "site/site.yaml", "--force"],
        &["--output", "loop-a/out"],
        &["--output", "/", "--force"],
    ];
    // Every form is tried, and every one that goes wrong is reported together.
    let mut wrong = Vec::new();
    for extra in refused {
        let world = hostile_world();
        let w = world.path();
        let before = tree(w, None);
        let mut args = vec!["build", "--root", "site"];
        args.extend_from_slice(extra);
        let run = run_in(w, &w.join("home/user"), &args);
        if run.status != 1 || run.stderr.contains("panicked") || !run.stderr.contains("error") {
            wrong.push(format!(
                "{extra:?} was not refused clearly:\n{}",
                run.stderr
            ));
        }
        if tree(w, None) != before {
            wrong.push(format!("{extra:?} changed files outside the output"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    // Forms that resolve to a fine folder are built there, and only there.
    for (extra, lands) in [
        (&["--output", "nx/../out"][..], "out"),
        (&["--output", "link-to-site/public"][..], "site/public"),
        (
            &["--output", "link-to-site/content/../public", "--force"][..],
            "site/public",
        ),
    ] {
        let world = hostile_world();
        let w = world.path();
        let lands = w.join(lands);
        let before = tree(w, Some(&lands));
        let mut args = vec!["build", "--root", "site"];
        args.extend_from_slice(extra);
        run_in(w, &w.join("home/user"), &args).assert_ok();
        assert!(lands.join("a/index.html").is_file(), "{extra:?}");
        assert!(
            tree(w, Some(&lands)) == before,
            "{extra:?} changed files outside the output"
        );
    }
}

/// A folder put in place of the output while a build runs (here: someone's own work,
/// without daylight's marker) is not replaced: the check is made again just before the
/// swap, and the staging folder is removed.
#[cfg(unix)]
#[test]
fn a_folder_put_in_place_of_the_output_during_a_build_is_not_replaced() {
    let args = ["build", "--now", "2026-06-01T12:00:00Z", "--quiet"];
    // A build may swap before the folder is put there: then try again with a new site.
    for _ in 0..10 {
        let site = Site::new();
        blog(&site, 800);
        site.run(&args).assert_ok();
        let public = site.path("public");
        // Tells the published build from the one being written.
        std::fs::write(public.join("published-before.txt"), "").unwrap();
        site.write("theirs/thesis.txt", "mine");
        let child = std::process::Command::new(crate::harness::BIN)
            .args(args)
            .arg("--root")
            .arg(site.root())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let staging = || {
            staging_leftovers(site.root())
                .into_iter()
                .find(|n| n.contains("daylight-tmp"))
                .map(|n| site.path(&n))
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while staging().is_none() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        let swapped = std::fs::rename(&public, site.path("public-moved")).is_ok()
            && std::fs::rename(site.path("theirs"), &public).is_ok();
        // In time if the staging folder still holds the new build: it is swapped later.
        let in_time = swapped
            && staging().is_some_and(|s| {
                s.join(".daylight-output").is_file() && !s.join("published-before.txt").exists()
            });
        let out = child.wait_with_output().unwrap();
        if !in_time {
            continue;
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("changed during the build"), "{stderr}");
        assert_eq!(
            std::fs::read_dir(&public).unwrap().count(),
            1,
            "the folder put there was changed"
        );
        assert_eq!(
            std::fs::read_to_string(public.join("thesis.txt")).unwrap(),
            "mine"
        );
        let left: Vec<_> = staging_leftovers(site.root());
        assert!(left.is_empty(), "{left:?}");
        return;
    }
    panic!("every build swapped before the folder could be put in its place");
}

/// Builds started together into one output, several rounds: each round every build
/// succeeds and `public/` is exactly one whole build (as built alone elsewhere).
#[test]
fn two_builds_into_one_output_always_publish_one_whole_build() {
    let site = Site::new();
    blog(&site, 400);
    let args = ["build", "--now", "2026-06-01T12:00:00Z", "--quiet"];
    let reference = site.path("reference").to_string_lossy().into_owned();
    let mut alone = args.to_vec();
    alone.extend(["--output", &reference]);
    site.run(&alone).assert_ok();
    let whole = snapshot(&site.path("reference"));
    assert!(whole.contains_key("blog/p399/index.html"));
    for round in 0..4 {
        let children: Vec<_> = (0..3)
            .map(|_| {
                std::process::Command::new(crate::harness::BIN)
                    .args(args)
                    .arg("--root")
                    .arg(site.root())
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert_eq!(
                out.status.code(),
                Some(0),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let now = snapshot(&site.path("public"));
        assert_eq!(now.len(), whole.len(), "round {round}: not one whole build");
        assert!(
            now == whole,
            "round {round}: public/ differs from a whole build"
        );
        let left = staging_leftovers(site.root());
        assert!(left.is_empty(), "round {round}: {left:?}");
    }
}

/// While another process holds the output's lock, a build says it is waiting, does not
/// touch the output, and finishes once the lock is released.
#[test]
fn a_second_build_waits_for_the_one_holding_the_output() {
    use std::io::BufRead;
    let site = Site::new();
    site.page("a.md", "title: First\n", "x");
    site.build().assert_ok();
    let before = snapshot(&site.path("public"));
    site.page("a.md", "title: Second\n", "x");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(site.path(".public.daylight-lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut child = std::process::Command::new(crate::harness::BIN)
        .args(["build", "--now", "2026-06-01T12:00:00Z", "--root"])
        .arg(site.root())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            let _ = tx.send(line);
        }
    });
    let said = rx
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("the build said nothing while the output was locked");
    assert!(said.contains("waiting for another build of"), "{said}");
    assert!(said.contains("public"), "{said}");
    assert!(child.try_wait().unwrap().is_none(), "it did not wait");
    assert!(snapshot(&site.path("public")) == before);
    drop(lock);
    let status = child.wait().unwrap();
    reader.join().unwrap();
    let rest: Vec<String> = rx.try_iter().collect();
    assert!(status.success(), "{rest:?}");
    assert!(site.read("a/index.html").contains("Second"));
    let left = staging_leftovers(site.root());
    assert!(left.is_empty(), "{left:?}");
}

/// An output folder that is a symbolic link: the build goes to the folder it leads to,
/// and the link stays a link (as Hugo and Zola users expect), also when it dangles.
#[cfg(unix)]
#[test]
fn an_output_folder_that_is_a_symlink_is_built_at_its_target() {
    let site = Site::new();
    site.page("a.md", "title: First\n", "x");
    let served = site.path("served");
    std::fs::create_dir_all(&served).unwrap();
    std::os::unix::fs::symlink("served", site.path("public")).unwrap();
    for title in ["First", "Second"] {
        site.page("a.md", &format!("title: {title}\n"), "x");
        site.build().assert_ok();
        let link = std::fs::symlink_metadata(site.path("public")).unwrap();
        assert!(link.file_type().is_symlink(), "public/ is no longer a link");
        assert_eq!(
            std::fs::read_link(site.path("public")).unwrap(),
            std::path::Path::new("served")
        );
        let page = std::fs::read_to_string(served.join("a/index.html")).unwrap();
        assert!(page.contains(title), "{title}");
        assert!(served.join(".daylight-output").is_file());
        let left = staging_leftovers(site.root());
        assert!(left.is_empty(), "{left:?}");
    }
    // A link to a folder that does not exist yet: the folder is made where it leads.
    std::os::unix::fs::symlink("later/site", site.path("preview")).unwrap();
    site.run(&["build", "--output", "preview"]).assert_ok();
    assert!(site.path("later/site/a/index.html").is_file());
    assert!(
        std::fs::symlink_metadata(site.path("preview"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// Folders a killed build left beside the output (a staging folder, or the previous
/// output half deleted, its marker already gone) are removed by the next build; folders
/// with similar names that daylight did not make are left alone.
#[test]
fn folders_orphaned_by_a_killed_build_are_removed() {
    let site = Site::new();
    site.page("a.md", "title: A\n", "x");
    site.build().assert_ok();
    let orphans = [
        ".public.daylight-old-4000001",
        ".public.daylight-tmp-4000002",
    ];
    for o in orphans {
        site.write(&format!("{o}/blog/p1/index.html"), "half deleted");
        site.write(&format!("{o}/feed.xml"), "half deleted");
    }
    site.write(".public.daylight-notes/mine.txt", "keep");
    site.write(".public.daylight-old-mine/mine.txt", "keep");
    site.build().assert_ok();
    for o in orphans {
        assert!(!site.path(o).exists(), "{o} is still there");
    }
    assert!(site.path(".public.daylight-notes/mine.txt").exists());
    assert!(site.path(".public.daylight-old-mine/mine.txt").exists());
}

/// When the previous output cannot be deleted after the new one is in place, the build
/// has succeeded: a warning names the folder left behind. Made real as root with an
/// immutable file (`chattr +i`); skipped where that is not possible.
#[cfg(target_os = "linux")]
#[test]
fn a_previous_output_that_cannot_be_removed_is_a_warning_naming_it() {
    let site = Site::new();
    site.page("a.md", "title: First\n", "x");
    site.build().assert_ok();
    let stuck = site.path("public/a/index.html");
    let immutable = std::process::Command::new("chattr")
        .arg("+i")
        .arg(&stuck)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !immutable {
        eprintln!("skipped: cannot make a file immutable here (not root, or no chattr)");
        return;
    }
    /// Lets the temporary folder be deleted, whatever the test did.
    struct Mutable(std::path::PathBuf);
    impl Drop for Mutable {
        fn drop(&mut self) {
            let _ = std::process::Command::new("chattr")
                .arg("-R")
                .arg("-i")
                .arg(&self.0)
                .stderr(std::process::Stdio::null())
                .status();
        }
    }
    let _mutable = Mutable(site.root().to_path_buf());
    site.page("a.md", "title: Second\n", "x");
    let run = site.build();
    run.assert_ok();
    assert!(site.read("a/index.html").contains("Second"));
    let left = staging_leftovers(site.root());
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(run.stderr.contains("warning"), "{}", run.stderr);
    assert!(
        run.stderr.contains(&left[0]),
        "the folder is not named: {}",
        run.stderr
    );
    assert!(!run.stderr.contains(": error:"), "{}", run.stderr);
    // The next build tries again, and says so while it cannot.
    let again = site.build();
    again.assert_ok();
    assert!(again.stderr.contains(&left[0]), "{}", again.stderr);
    assert!(!again.stderr.contains(": error:"), "{}", again.stderr);
}
