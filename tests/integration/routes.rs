//! `daylight routes`: the route table lists every file a build writes, and nothing else.

use std::collections::BTreeSet;

use super::harness::Site;

/// The files `daylight routes` declares, and the files `daylight build` wrote: equal, and
/// no file declared twice.
pub fn assert_routes_are_the_build(site: &Site) {
    let run = site.run(&[
        "routes",
        "--format",
        "json",
        "--now",
        "2026-06-01T12:00:00Z",
    ]);
    run.assert_ok();
    let table: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    let mut declared = BTreeSet::new();
    for r in &table {
        let file = r["file"].as_str().unwrap().to_string();
        assert!(declared.insert(file.clone()), "{file} declared twice");
    }
    site.build().assert_ok();
    let public = site.path("public");
    let written: BTreeSet<String> = walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&public).unwrap();
            rel.to_string_lossy().replace('\\', "/")
        })
        // The marker that says the folder is daylight's, not an output of the site.
        .filter(|f| f != ".daylight-output")
        .collect();
    let unlisted: Vec<_> = written.difference(&declared).collect();
    let unwritten: Vec<_> = declared.difference(&written).collect();
    assert!(
        unlisted.is_empty() && unwritten.is_empty(),
        "written but not in the route table: {unlisted:?}\nin the table but not written: {unwritten:?}"
    );
    // The sitemap lists exactly the routes the table marks as listed.
    let sitemap = site.read("sitemap.xml");
    let locs: BTreeSet<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .collect();
    let home = locs
        .iter()
        .find(|l| l.matches('/').count() == 3 && l.ends_with('/'))
        .expect("the home page is in the sitemap");
    let base = home.trim_end_matches('/');
    let listed: BTreeSet<String> = table
        .iter()
        .filter(|r| r["listed"] == true)
        .map(|r| format!("{base}{}", r["url"].as_str().unwrap()))
        .collect();
    let locs: BTreeSet<String> = locs.into_iter().map(String::from).collect();
    assert_eq!(listed, locs, "the sitemap is the table's listed routes");
}

#[test]
fn the_example_site_writes_exactly_its_route_table() {
    assert_routes_are_the_build(&Site::example());
}

#[test]
fn bundles_aliases_static_files_pagination_and_left_out_pages_match_the_table() {
    let site =
        Site::with_config("title: Test Council\nbase_url: https://test.example\npaginate_by: 1\n");
    site.page(
        "blog/_index.md",
        "title: Blog\nkind: post\n",
        "Our posts.\n",
    );
    site.page(
        "blog/first/index.md",
        "title: First\ndate: 2024-01-02\ntags: [roads, bins]\naliases: [/old/first/, /first.html]\n",
        "![A map](map.png)\n",
    );
    site.write_bytes("content/blog/first/map.png", &crate::harness::png(300, 200));
    site.page(
        "blog/second.md",
        "title: Second\ndate: 2024-02-03\ntags: [roads]\nseries: Budget\n",
        "Text.\n",
    );
    site.page(
        "blog/draft.md",
        "title: Draft\ndate: 2024-02-03\ndraft: true\n",
        "Not yet.\n",
    );
    site.page(
        "blog/later.md",
        "title: Later\ndate: 2030-02-03\n",
        "Not yet.\n",
    );
    site.page(
        "notes/plain.md",
        "title: Plain\n",
        "A section without an _index.md.\n",
    );
    site.page("about.md", "title: About\n", "About us.\n");
    site.write("static/robots.txt", "User-agent: *\nAllow: /\n");
    site.write("static/css/extra.css", "body{}\n");
    assert_routes_are_the_build(&site);
    let run = site.run(&["routes", "--now", "2026-06-01T12:00:00Z"]);
    let text = run.stdout;
    assert!(
        text.contains("/old/first/\tredirect to /blog/first/\n"),
        "{text}"
    );
    assert!(
        text.contains("/tags/roads/page/2/\ttags term \"roads\" (page 2)\n"),
        "{text}"
    );
    assert!(!text.contains("/blog/draft/"), "{text}");
    assert!(
        text.contains("/robots.txt\tfile "),
        "the site's own robots.txt: {text}"
    );
}

/// A blog with no incidents, series or named authors publishes no /services/, /series/
/// or /authors/ page saying there is nothing there (a real blog imported from Hugo did).
#[test]
fn a_taxonomy_with_no_terms_has_no_page() {
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page(
        "blog/a.md",
        "title: A\ndate: 2024-01-01\ntags: [roads]\n",
        "A post.\n",
    );
    assert_routes_are_the_build(&site);
    for empty in ["services", "series", "authors"] {
        assert!(!site.exists(&format!("{empty}/index.html")), "{empty}");
        assert!(!site.read("sitemap.xml").contains(&format!("/{empty}/")));
    }
    assert!(site.exists("tags/index.html"));
    assert!(site.read("search/index.html").contains("href=\"/tags/\""));
}

/// A content folder named like a taxonomy (Jekyll's `_authors` collection, moved in):
/// each clash is an error at the content file, naming the taxonomy and how to move it,
/// and not again as two outputs at one path.
#[test]
fn a_content_folder_where_a_taxonomy_publishes_is_an_error_at_its_files() {
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page(
        "blog/a.md",
        "title: A\ndate: 2024-01-01\nauthors: [Gray]\n",
        "A post.\n",
    );
    site.page("authors/_index.md", "title: Authors\n", "");
    site.page("authors/gray.md", "title: Gray\n", "Gray's bio.\n");
    let run = site.run(&["check"]);
    run.assert_failed();
    let err = &run.stderr;
    for expected in [
        "content/authors/_index.md:2:1: error: the section /authors/ is also the URL of the `authors` taxonomy's list /authors/",
        "content/authors/gray.md:2:1: error: the page /authors/gray/ is also the URL of the `authors` taxonomy's page /authors/gray/",
        "move this content to another folder (e.g. content/people/), or leave `authors` out of `taxonomies:` in site.yaml",
        "2 errors",
    ] {
        assert!(err.contains(expected), "{expected:?} in:\n{err}");
    }
    assert!(!err.contains("two things the site publishes"), "{err}");
}

/// An author's old page URLs (site.yaml `authors.<id>.aliases`) redirect to their page
/// here, listed in the route table like every alias; one that is already taken is an
/// error naming what has it.
#[test]
fn an_authors_aliases_redirect_to_their_page() {
    let site = Site::with_config(
        "title: T\nbase_url: https://t.example\nauthors:\n  jo:\n    name: Jo Bloggs\n    aliases: [/author/jo/, /team/jo.html]\n",
    );
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page(
        "blog/a.md",
        "title: A\ndate: 2024-01-01\nauthors: [jo]\n",
        "A post.\n",
    );
    assert_routes_are_the_build(&site);
    let run = site.run(&["routes"]);
    assert!(
        run.stdout
            .contains("/author/jo/\tredirect to /authors/jo-bloggs/\n"),
        "{}",
        run.stdout
    );
    let old = site.read("author/jo/index.html");
    assert!(
        old.contains("https://t.example/authors/jo-bloggs/"),
        "{old}"
    );
    assert!(site.exists("team/jo.html"));

    site.write(
        "site.yaml",
        "title: T\nbase_url: https://t.example\nauthors:\n  jo:\n    name: Jo Bloggs\n    aliases: /blog/\n",
    );
    let run = site.run(&["check"]);
    run.assert_failed();
    assert!(
        run.stderr.contains(
            "site.yaml: error: the alias `/blog/` of the author `jo` is already the section /blog/"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn routes_stops_on_errors_like_build_does() {
    let site = Site::new();
    site.page("a.md", "title: A\naliases: [/b/]\n", "");
    site.page("b.md", "title: B\n", "");
    let run = site.run(&["routes"]);
    run.assert_failed();
    assert!(
        run.stderr
            .contains("the alias `/b/` is already the page /b/"),
        "{}",
        run.stderr
    );
}

/// `daylight routes | head` and `daylight check --format json | head`: a reader that goes
/// away is not a panic.
#[test]
fn a_closed_pipe_is_not_a_panic() {
    let site = Site::example();
    for args in [&["routes"][..], &["check", "--format", "json"][..]] {
        let mut child = std::process::Command::new(super::harness::BIN)
            .args(args)
            .arg("--root")
            .arg(site.root())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // The reader leaves before anything is written (the site is read first).
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_ne!(out.status.code(), Some(101), "{args:?}: {stderr}");
    }
}
