//! Building sites: the example site, and each feature of the build on a small site.

use crate::harness::{Site, broken_internal_links, run_bin};

#[test]
fn example_site_builds_every_page_kind_with_no_broken_links() {
    let site = Site::example();
    let run = site.build();
    run.assert_ok();
    assert!(run.stderr.contains("built "), "{}", run.stderr);
    for page in [
        "index.html",
        "404.html",
        "blog/index.html",
        "incidents/index.html",
        "tags/index.html",
        "authors/index.html",
        "series/weeknotes/index.html",
        "services/index.html",
        "css/syntax.css",
        "css/daylight.css",
    ] {
        assert!(site.exists(page), "{page} missing");
    }
    let html = site.html_files();
    let kinds = |needle: &str| {
        html.iter()
            .filter(|f| site.read(f).contains(needle))
            .count()
    };
    // Each kind renders through its own template (their markers are in the theme).
    assert!(
        kinds("class=\"incident-facts") > 0 || kinds("incident") > 3,
        "no incident pages"
    );
    assert!(kinds("class=\"hl-") > 0, "no highlighted code anywhere");
    assert!(
        kinds("aria-label=\"Contents\"") > 0,
        "no table of contents anywhere"
    );
    let broken = broken_internal_links(&site, "https://digital.northbridge.example");
    assert!(
        broken.is_empty(),
        "broken internal links:\n{}",
        broken.join("\n")
    );
    // Drafts in the example are listed as left out, not silently dropped.
    assert!(run.stderr.contains("left out"), "{}", run.stderr);
}

#[test]
fn markdown_features_render_into_the_page() {
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page(
        "blog/hello.md",
        "title: Hello\ndate: 2024-03-12\ntags: [Open Data]\nauthors: [Ada Lovelace]\n",
        "Intro with a footnote[^1].\n\n## First part\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n## Second part\n\n```python\nprint('hi')\n```\n\n## Third part\n\n- [x] done\n\n[^1]: The note.\n",
    );
    site.build().assert_ok();
    let html = site.read("blog/hello/index.html");
    assert!(html.contains("<h2 id=\"first-part\">"), "{html}");
    assert!(html.contains("<table>"));
    assert!(html.contains("class=\"hl-"), "code not highlighted");
    assert!(html.contains("href=\"#second-part\""), "no TOC link");
    // Footnotes are collected at the end (tests/integration/shortcodes.rs has the rest).
    assert!(
        html.contains("<li id=\"fn-1\">\n<p>The note. <a href=\"#fnref-1\""),
        "{html}"
    );
    assert!(site.exists("tags/open-data/index.html"));
    assert!(site.exists("authors/ada-lovelace/index.html"));
    assert!(
        site.read("tags/open-data/index.html")
            .contains("/blog/hello/")
    );
    assert!(
        site.read("css/syntax.css")
            .contains("prefers-color-scheme: dark")
    );
}

#[test]
fn drafts_and_future_pages_are_left_out_and_listed_with_reasons() {
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page("blog/now.md", "title: Published\ndate: 2024-01-01\n", "x");
    site.page(
        "blog/draft.md",
        "title: Secret draft\ndate: 2024-01-01\ndraft: true\n",
        "x",
    );
    site.page(
        "blog/later.md",
        "title: Future news\ndate: 2030-01-01\n",
        "x",
    );
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stderr.contains("content/blog/draft.md: draft"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/blog/later.md: dated in the future"),
        "{}",
        run.stderr
    );
    assert!(!site.exists("blog/draft/index.html"));
    assert!(!site.exists("blog/later/index.html"));
    for file in site.html_files() {
        let html = site.read(&file);
        assert!(
            !html.contains("Secret draft") && !html.contains("Future news"),
            "{file} mentions an unpublished page"
        );
    }
    site.run(&[
        "build",
        "--drafts",
        "--future",
        "--now",
        "2026-06-01T12:00:00Z",
    ])
    .assert_ok();
    assert!(site.exists("blog/draft/index.html"));
    assert!(site.exists("blog/later/index.html"));
}

#[test]
fn date_without_offset_is_read_in_the_site_time_zone() {
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page("blog/summer.md", "title: Summer\ndate: 2024-07-01\n", "x");
    site.page(
        "blog/jekyll.md",
        "title: Jekyll\ndate: 2019-05-04 10:15:00 +0100\n",
        "x",
    );
    site.build().assert_ok();
    assert!(
        site.read("blog/summer/index.html")
            .contains("datetime=\"2024-07-01T00:00:00+01:00\"")
    );
    assert!(
        site.read("blog/jekyll/index.html")
            .contains("datetime=\"2019-05-04T10:15:00+01:00\"")
    );
}

#[test]
fn site_templates_and_static_files_override_the_theme() {
    let site = Site::new();
    site.page("about.md", "title: About us\n", "Hello");
    site.write("templates/page.html", "OVERRIDDEN {{ page.title }}");
    site.write("static/css/daylight.css", "/* mine */");
    site.write("static/extra/file.txt", "plain");
    site.build().assert_ok();
    assert_eq!(site.read("about/index.html"), "OVERRIDDEN About us");
    assert_eq!(site.read("css/daylight.css"), "/* mine */");
    assert_eq!(site.read("extra/file.txt"), "plain");
}

#[test]
fn page_bundle_files_are_copied_beside_their_page_even_with_a_slug() {
    let site = Site::new();
    site.page("incidents/_index.md", "title: Incidents\n", "");
    site.page(
        "incidents/2024-03-payments/index.md",
        "title: Payments\nslug: payments-outage\n",
        "![Timeline of the outage](timeline.svg)\n",
    );
    site.write(
        "content/incidents/2024-03-payments/timeline.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.page("blog/post.md", "title: Post\n", "![A chart](chart.svg)\n");
    site.write(
        "content/blog/chart.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.build().assert_ok();
    assert!(site.exists("incidents/payments-outage/index.html"));
    assert!(site.exists("incidents/payments-outage/timeline.svg"));
    // A non-bundle page's relative image points at the file's own place.
    assert!(
        site.read("blog/post/index.html")
            .contains("src=\"/blog/chart.svg\"")
    );
    assert!(site.exists("blog/chart.svg"));
    let broken = broken_internal_links(&site, "https://test.example");
    assert!(
        broken.is_empty(),
        "broken internal links:\n{}",
        broken.join("\n")
    );
}

#[test]
fn sections_paginate_and_every_list_page_exists() {
    let site = Site::new();
    site.page(
        "blog/_index.md",
        "title: Blog\nkind: post\npaginate_by: 10\n",
        "The blog.",
    );
    for i in 1..=23 {
        site.page(
            &format!("blog/post-{i:02}.md"),
            &format!("title: Post number {i}\ndate: 2024-01-{i:02}\ntags: [all]\n"),
            "Body.",
        );
    }
    site.build().assert_ok();
    assert!(site.exists("blog/index.html"));
    assert!(site.exists("blog/page/2/index.html"));
    assert!(site.exists("blog/page/3/index.html"));
    assert!(!site.exists("blog/page/4/index.html"));
    // Newest first: post 23 on the first page, post 1 on the last.
    assert!(site.read("blog/index.html").contains("Post number 23"));
    assert!(
        site.read("blog/page/3/index.html")
            .contains("Post number 1<")
    );
    assert!(site.exists("tags/all/page/3/index.html"));
    let broken = broken_internal_links(&site, "https://test.example");
    assert!(
        broken.is_empty(),
        "broken internal links:\n{}",
        broken.join("\n")
    );
}

#[test]
fn links_to_markdown_sources_become_page_urls() {
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page("blog/a.md", "title: A\ndate: 2024-01-01\n", "See [b](b.md#part), [the report](../incidents/r.md) and [incidents](../incidents/_index.md).");
    site.page("blog/b.md", "title: B\ndate: 2024-01-02\n", "## Part\n");
    site.page("incidents/_index.md", "title: Incidents\n", "");
    site.page("incidents/r.md", "title: R\n", "x");
    site.build().assert_ok();
    let html = site.read("blog/a/index.html");
    assert!(html.contains("href=\"/blog/b/#part\""), "{html}");
    assert!(html.contains("href=\"/incidents/r/\""));
    assert!(html.contains("href=\"/incidents/\""));
}

#[test]
fn aliases_get_redirect_pages() {
    let site = Site::new();
    site.page(
        "about.md",
        "title: About\naliases: [/old/about-us.html, /older/about/]\n",
        "x",
    );
    site.build().assert_ok();
    let r = site.read("old/about-us.html");
    assert!(r.contains("url=https://test.example/about/"), "{r}");
    assert!(
        site.read("older/about/index.html")
            .contains("rel=\"canonical\"")
    );
}

#[test]
fn init_writes_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("my-site");
    run_bin([std::ffi::OsStr::new("init"), target.as_os_str()]).assert_ok();
    assert!(target.join("site.yaml").is_file());
    assert!(target.join("themes/default/templates/base.html").is_file());
    run_bin([
        std::ffi::OsStr::new("build"),
        "--root".as_ref(),
        target.as_os_str(),
    ])
    .assert_ok();
    assert!(target.join("public/index.html").is_file());
    // init never writes into a folder that has something in it
    let run = run_bin([std::ffi::OsStr::new("init"), target.as_os_str()]);
    run.assert_failed();
    assert!(run.stderr.contains("not empty"), "{}", run.stderr);
}

#[test]
fn check_writes_nothing_and_reports_json() {
    let site = Site::new();
    site.page("a.md", "title: A\ntitel: typo\n", "x");
    let run = site.run(&["check", "--format", "json"]);
    run.assert_failed();
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["errors"], 1);
    let d = &report["diagnostics"][0];
    assert_eq!(d["path"], "content/a.md");
    assert_eq!(d["line"], 3);
    assert!(d["hint"].as_str().unwrap().contains("title"));
    assert!(!site.path("public").exists());
}

#[test]
fn a_site_without_a_themes_folder_uses_the_built_in_default_theme() {
    let site = Site::new();
    std::fs::remove_dir_all(site.path("themes")).unwrap();
    site.page("about.md", "title: About us\n", "Hello");
    site.build().assert_ok();
    assert!(site.read("about/index.html").contains("<h1"));
    assert!(site.exists("css/daylight.css"));
    // An override of one template still works over the built-in theme.
    site.write("templates/page.html", "MINE {{ page.title }}");
    site.build().assert_ok();
    assert_eq!(site.read("about/index.html"), "MINE About us");
    // A theme that is named but missing is an error at its line in site.yaml.
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://t.example\ntheme: fancy\n",
    );
    let run = site.build();
    run.assert_failed();
    assert!(
        run.stderr
            .contains("site.yaml:3:8: error: theme `fancy` not found"),
        "{}",
        run.stderr
    );
}

/// Where each page stands in its lists: newest first with ties by title (whatever its
/// case) and undated pages last; a section sorted by title or by weight; a tag's page
/// and the feed in the section's date order; a series oldest to newest.
#[test]
fn lists_put_pages_in_date_title_and_weight_order() {
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    for (file, fm) in [
        (
            "older.md",
            "title: Older\ndate: 2024-01-01\ntags: [t]\nseries: s\n",
        ),
        (
            "newest.md",
            "title: Newest\ndate: 2024-03-01\ntags: [t]\nseries: s\n",
        ),
        ("tie-b.md", "title: Beta\ndate: 2024-02-01\ntags: [t]\n"),
        (
            "tie-a.md",
            "title: alpha\ndate: 2024-02-01\ntags: [t]\nseries: s\n",
        ),
    ] {
        site.page(&format!("blog/{file}"), fm, "Text.\n");
    }
    site.page("guides/_index.md", "title: Guides\nsort_by: title\n", "");
    site.page("guides/zebra.md", "title: Zebra\n", "z\n");
    site.page("guides/apple.md", "title: apple\n", "a\n");
    site.page("guides/mango.md", "title: Mango\n", "m\n");
    site.page("steps/_index.md", "title: Steps\nsort_by: weight\n", "");
    site.page("steps/one.md", "title: One\nweight: 1\n", "1\n");
    site.page("steps/two.md", "title: Two\nweight: 2\n", "2\n");
    site.page("steps/none-b.md", "title: B unweighted\n", "b\n");
    site.page("steps/none-a.md", "title: a unweighted\n", "a\n");
    site.build().assert_ok();
    let order = |file: &str, needles: &[&str]| {
        let html = site.read(file);
        let at: Vec<usize> = needles
            .iter()
            .map(|n| html.find(n).unwrap_or_else(|| panic!("{n} not in {file}")))
            .collect();
        assert!(
            at.windows(2).all(|w| w[0] < w[1]),
            "{file}: {needles:?} at {at:?}"
        );
    };
    let dated = [
        "/blog/newest/\"",
        "/blog/tie-a/\"",
        "/blog/tie-b/\"",
        "/blog/older/\"",
    ];
    order("blog/index.html", &dated);
    order("tags/t/index.html", &dated);
    order("blog/atom.xml", &dated.map(|u| u.trim_end_matches('"')));
    order(
        "guides/index.html",
        &["/guides/apple/\"", "/guides/mango/\"", "/guides/zebra/\""],
    );
    order(
        "steps/index.html",
        &[
            "/steps/one/\"",
            "/steps/two/\"",
            "/steps/none-a/\"",
            "/steps/none-b/\"",
        ],
    );
    // The series, oldest first: Older, then Alpha, then Newest.
    let alpha = site.read("blog/tie-a/index.html");
    let series = &alpha[alpha.find("series").expect("a series box")..];
    assert!(series.contains("/blog/older/") && series.contains("/blog/newest/"));
    order(
        "blog/tie-a/index.html",
        &["/blog/older/\"", "/blog/newest/\""],
    );
}

#[test]
fn text_from_site_yaml_that_is_only_shown_gets_the_bodies_smart_punctuation_and_names_do_not() {
    let yaml = "title: Test\nbase_url: https://test.example\n\
        authors:\n  gh:\n    name: Gareth O'Neil\n    role: \"Head of the council's operations\"\n    bio: It's \"fine\" -- really...\n\
        severities:\n  - id: P1\n    name: Critical\n    description: Residents' data is at risk\n    meaning: critical\n\
        menu:\n  - name: \"What's on\"\n    url: /blog/\n";
    let site = Site::with_config(yaml);
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page(
        "blog/a.md",
        "title: A\ndate: 2024-01-02\nauthors: [Gareth O'Neil]\n",
        "Body's text.\n",
    );
    site.page(
        "incidents/_index.md",
        "title: Incidents\nkind: incident\n",
        "",
    );
    site.page(
        "incidents/down.md",
        "title: Down\ndate: 2024-01-03\nseverity: P1\nstatus: resolved\nresolved: 2024-01-03T12:00:00Z\nservices: [Web]\n",
        "It was down.\n",
    );
    site.build().assert_ok();
    let author = site.read("authors/gareth-o-neil/index.html");
    assert!(
        author.contains("Head of the council’s operations"),
        "{author}"
    );
    assert!(author.contains("It’s “fine” – really…"), "{author}");
    assert!(
        author.contains("Gareth O&#39;Neil"),
        "a name stays as written: {author}"
    );
    let post = site.read("blog/a/index.html");
    assert!(post.contains("What’s on"), "{post}");
    assert!(post.contains("Body’s text"), "{post}");
    let incident = site.read("incidents/down/index.html");
    assert!(
        incident.contains("Residents’ data is at risk"),
        "{incident}"
    );

    let plain = Site::with_config(&format!("{yaml}markdown:\n  smart_punctuation: false\n"));
    plain.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    plain.page(
        "blog/a.md",
        "title: A\ndate: 2024-01-02\nauthors: [gh]\n",
        "Text.\n",
    );
    plain.build().assert_ok();
    let author = plain.read("authors/gareth-o-neil/index.html");
    assert!(
        author.contains("It&#39;s &quot;fine&quot; -- really..."),
        "{author}"
    );
}

#[test]
fn related_pages_are_shown_by_title_and_a_name_that_is_no_published_page_is_an_error_at_its_place()
{
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page(
        "blog/a.md",
        "title: A\ndate: 2024-01-01\nrelated: [blog/b.md, /blog/c]\n",
        "Text.\n",
    );
    site.page("blog/b.md", "title: Bee\ndate: 2024-01-02\n", "Text.\n");
    site.page("blog/c.md", "title: Cee\ndate: 2024-01-03\n", "Text.\n");
    site.page(
        "about.md",
        "title: About\nrelated:\n  - blog/c.md\n",
        "Text.\n",
    );
    site.build().assert_ok();
    let a = site.read("blog/a/index.html");
    for copy in ["side", "end"] {
        let at = a
            .find(&format!("<h2 id=\"related-{copy}\""))
            .unwrap_or_else(|| panic!("no {copy} copy: {a}"));
        let list = &a[at..at + a[at..].find("</nav>").unwrap()];
        assert!(
            list.contains(
                "<li><a href=\"/blog/b/\">Bee</a></li>\n      <li><a href=\"/blog/c/\">Cee</a></li>"
            ),
            "{list}"
        );
    }
    let about = site.read("about/index.html");
    assert!(about.contains("<a href=\"/blog/c/\">Cee</a>"), "{about}");

    site.page(
        "blog/a.md",
        "title: A\ndate: 2024-01-01\nrelated: [blog/nope.md, /blog/a/, blog/b.md, blog/b.md, blog/d.md]\n",
        "Text.\n",
    );
    site.page(
        "blog/d.md",
        "title: Dee\ndate: 2024-01-04\ndraft: true\n",
        "Text.\n",
    );
    let run = site.build();
    run.assert_failed();
    for (col, what) in [
        (11, "`related: blog/nope.md` names no page of the site"),
        (25, "`related: /blog/a/` names this page itself"),
        (46, "`related: blog/b.md` names a page twice"),
        (
            57,
            "`related: blog/d.md` names a page that is not published (draft",
        ),
    ] {
        let line = format!("content/blog/a.md:4:{col}: error: {what}");
        assert!(run.stderr.contains(&line), "no `{line}` in\n{}", run.stderr);
    }
}
