//! Every problem in one run (issue 14): a file with several front matter problems has
//! all of them reported, and its body and links are still checked; links to a page with
//! errors find it; collisions and unknown authors are said at their line.

use crate::harness::Site;

#[track_caller]
fn assert_has(text: &str, needles: &[&str]) {
    for n in needles {
        assert!(text.contains(n), "expected {n:?} in:\n{text}");
    }
}

fn blog(site: &Site) {
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
}

/// Three runs used to be needed for `layout`, `categories` and a key set twice, and
/// each hid the body's broken link and template code.
#[test]
fn every_problem_of_a_file_is_reported_in_one_run() {
    let site = Site::new();
    blog(&site);
    site.page(
        "blog/moved.md",
        "title: Moved\ndate: 2015-03-17\nlayout: post\ncategories: [news]\ndate: 2015-03-18\n",
        "See [the plan](plan.md).\n\n{% include figure.html %}\n",
    );
    let check = site.run(&["check"]);
    check.assert_failed();
    let out = &check.stderr;
    assert_has(
        out,
        &[
            "content/blog/moved.md:4:1: error: unknown key `layout`",
            "content/blog/moved.md:5:1: error: unknown key `categories`",
            "`categories` is called `tags` here",
            "content/blog/moved.md:6:1: error: `date` is set twice",
            "it is first set on line 3; keep one of the two",
            "content/blog/moved.md:8:5: error: broken link to `plan.md`",
            "content/blog/moved.md:10:1: error: a Liquid tag `{% include %}`",
            "checked 1 page, 1 with errors: 5 errors, 0 warnings",
        ],
    );
    assert!(!out.contains("DuplicateKeyPolicy"), "{out}");
}

/// Front matter that is not YAML at all still lets the body be checked, and a link to
/// the page is not "no page exists".
#[test]
fn a_page_whose_front_matter_cannot_be_read_is_still_linked_to_and_its_body_checked() {
    let site = Site::new();
    site.page("broken.md", "title: [unclosed\n", "A [link](gone.md).\n");
    site.page("a.md", "title: A\n", "See [broken](broken.md).\n");
    let check = site.run(&["check"]);
    check.assert_failed();
    let out = &check.stderr;
    assert_has(
        out,
        &[
            "content/broken.md:2:",
            "content/broken.md:4:3: error: broken link to `gone.md`",
            "checked 2 pages, 1 with errors: 2 errors",
        ],
    );
    assert!(!out.contains("content/a.md"), "{out}");
}

#[test]
fn a_link_to_a_page_with_front_matter_errors_finds_it() {
    let site = Site::new();
    site.page("bad.md", "title: Bad\nbogus: 1\n", "Body.\n");
    site.page("a.md", "title: A\n", "See [bad](bad.md).\n");
    let out = site.build_failing();
    assert_has(
        out.as_str(),
        &["content/bad.md:3:1: error: unknown key `bogus`"],
    );
    assert!(!out.contains("content/a.md"), "{out}");
    assert!(
        !site.exists("bad/index.html"),
        "a build with errors writes nothing"
    );
}

#[test]
fn template_code_in_front_matter_is_an_error_at_its_place() {
    let site = Site::new();
    site.page(
        "a.md",
        "title: \"{{ site.title }} news\"\ndescription: A page\nsummary: Read {{< ref \"b.md\" >}}\n",
        "Body.\n",
    );
    let out = site.build_failing();
    assert_has(
        &out,
        &[
            "content/a.md:2:9: error: a Liquid output `{{ site.title }}` in the front matter is template code daylight does not run",
            "content/a.md:4:15: error: a Hugo shortcode `{{< ref >}}` in the front matter",
            "write the value out as it should read",
        ],
    );
}

const AUTHORS: &str = "title: Test Council\nbase_url: https://test.example\nauthors:\n  jane:\n    name: Jane Doe\n  sam:\n    name: Sam Smith\n";

#[test]
fn an_author_id_site_yaml_does_not_have_is_a_warning_with_the_close_one() {
    let site = Site::with_config(AUTHORS);
    blog(&site);
    site.page(
        "blog/a.md",
        "title: A\ndate: 2024-01-01\nauthors: [jnae, Sam Smith, Ann Other, bob]\n",
        "Body.\n",
    );
    let run = site.run(&["check"]);
    run.assert_ok();
    assert_has(
        &run.stderr,
        &[
            "content/blog/a.md:4:11: warning: `jnae` is not one of the authors in site.yaml, so it is shown as a name as written",
            "did you mean `jane`?",
            "content/blog/a.md:4:39: warning: `bob` is not one of the authors in site.yaml",
            "the authors in site.yaml are `jane`, `sam`",
            "checked 1 page, 0 with errors: 0 errors, 2 warnings",
        ],
    );
    assert!(
        !run.stderr.contains("`Ann Other`"),
        "a full name is a name: {}",
        run.stderr
    );
    assert!(!run.stderr.contains("`Sam Smith`"), "{}", run.stderr);
}

#[test]
fn author_names_are_names_when_site_yaml_lists_no_authors() {
    let site = Site::new();
    blog(&site);
    site.page(
        "blog/a.md",
        "title: A\ndate: 2024-01-01\nauthors: [bob]\n",
        "Body.\n",
    );
    let run = site.run(&["check"]);
    run.assert_ok();
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
}

#[test]
fn an_alias_taken_twice_is_said_at_its_line_with_the_other_file_and_line() {
    let site = Site::new();
    blog(&site);
    site.page(
        "blog/a.md",
        "title: A\ndate: 2024-01-01\naliases: [/old/]\n",
        "A.\n",
    );
    site.page(
        "blog/b.md",
        "title: B\ndate: 2024-01-02\naliases:\n  - /other/\n  - /old/\n  - /other/\n",
        "B.\n",
    );
    let out = site.build_failing();
    assert_has(
        &out,
        &[
            "content/blog/b.md:6:5: error: the alias `/old/` is already an alias of /blog/a/ (content/blog/a.md, line 4)",
            "content/blog/b.md:7:5: error: the alias `/other/` is listed twice",
        ],
    );
    assert_eq!(out.matches("/other/`").count(), 1, "said once: {out}");
}

/// Jekyll names bundles' pages `index.markdown` as often as `index.md`.
#[test]
fn an_index_markdown_is_a_bundle_like_an_index_md() {
    let site = Site::new();
    blog(&site);
    site.page(
        "blog/trip/index.markdown",
        "title: Trip\ndate: 2024-01-01\n",
        "![A map](map.png)\n",
    );
    site.write_bytes("content/blog/trip/map.png", &crate::harness::png(300, 200));
    site.build().assert_ok();
    assert!(site.read("blog/trip/index.html").contains("Trip"));
    assert!(site.exists("blog/trip/map.png"));
    assert!(!site.exists("blog/trip/index/index.html"));
}

#[test]
fn check_json_counts_the_pages_with_errors() {
    let site = Site::new();
    site.page("a.md", "title: A\nbogus: 1\nother: 2\n", "Body.\n");
    site.page("b.md", "title: B\n", "Body.\n");
    let run = site.run(&["check", "--format", "json"]);
    run.assert_failed();
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["pages_with_errors"], 1, "{report}");
    assert_eq!(report["errors"], 2, "{report}");
}

/// A broken link's "did you mean" compares file names: every page of a folder shares
/// the folder's start, and used to be offered for any missing name there.
#[test]
fn a_broken_link_suggests_a_page_by_a_close_file_name_only() {
    let site = Site::new();
    site.page("notes/two.md", "title: Two\n", "Two.\n");
    site.page("notes/trip/index.md", "title: Trip\n", "Trip.\n");
    site.page(
        "notes/a.md",
        "title: A\n",
        "[a](tow.md) [b](missing.md) [c](trp/index.md)\n",
    );
    let out = site.build_failing();
    assert_has(
        &out,
        &[
            "content/notes/a.md:4:1: error: broken link to `tow.md`",
            "did you mean content/notes/two.md?",
            "content/notes/a.md:4:13: error: broken link to `missing.md`",
            "no page content/notes/missing.md exists: check the path",
            "content/notes/a.md:4:29: error: broken link to `trp/index.md`",
            "did you mean content/notes/trip/index.md?",
        ],
    );
}

/// A field that is missing has no line of its own: the error names the front matter's
/// first line, never no line at all (cState's files have no `status:`).
#[test]
fn a_missing_field_is_an_error_at_the_front_matters_first_line() {
    let site = Site::new();
    site.page(
        "incidents/_index.md",
        "title: Incidents\nkind: incident\n",
        "",
    );
    site.page(
        "incidents/outage.md",
        "title: Outage\ndate: 2024-05-07\nseverity: P2\n",
        "It broke.\n",
    );
    let out = site.build_failing();
    assert_has(
        &out,
        &["content/incidents/outage.md:2:1: error: an incident needs a `status`"],
    );
}

/// cState's `resolved: false` beside a `resolvedWhen:` imports as an open status with a
/// resolved time: a warning at `resolved:`, since the status page and the open data
/// would disagree.
#[test]
fn an_open_incident_with_a_resolved_time_is_a_warning_at_resolved() {
    let site = Site::new();
    site.page(
        "incidents/_index.md",
        "title: Incidents\nkind: incident\n",
        "",
    );
    site.page(
        "incidents/ldap.md",
        "title: LDAP outage\ndate: 2021-10-01\nstatus: investigating\nseverity: P2\n\
         started: 2021-10-01T08:00:00Z\nresolved: 2021-10-04T09:55:00Z\n",
        "It broke.\n",
    );
    let run = site.run(&["check", "--now", "2026-06-01T12:00:00Z"]);
    assert_has(
        &run.stderr,
        &[
            "content/incidents/ldap.md:7:11: warning: the incident has a `resolved` time but its status is `investigating`",
            "if it is over, write `status: resolved`",
        ],
    );
}
