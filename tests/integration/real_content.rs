//! Content as real sites moved from Jekyll, Hugo and Eleventy write it (issue 14): what
//! those generators accept is accepted, and what daylight cannot read is said, every
//! problem of a file in one run, each at its file:line:column with what to write instead.

use crate::harness::Site;

/// A site with a `blog/` section of posts.
fn blog() -> Site {
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site
}

/// The diagnostic whose first line is `header` (`path:line:col: error: message`): that
/// line, its snippet and its hint, as printed.
#[track_caller]
fn diagnostic<'a>(stderr: &'a str, header: &str) -> Vec<&'a str> {
    let mut lines = stderr.lines().skip_while(|l| *l != header);
    let Some(first) = lines.next() else {
        panic!("no diagnostic {header:?} in:\n{stderr}");
    };
    let mut block = vec![first];
    block.extend(lines.take_while(|l| {
        l.starts_with(' ') || l.starts_with(|c: char| c.is_ascii_digit()) && l.contains(" | ")
    }));
    block
}

/// Asserts the diagnostic `header` is printed with exactly this hint.
#[track_caller]
fn assert_diagnostic(stderr: &str, header: &str, hint: &str) {
    let block = diagnostic(stderr, header);
    let help = format!("  = help: {hint}");
    assert!(
        block.contains(&help.as_str()),
        "expected {help:?} under {header:?} in:\n{}",
        block.join("\n")
    );
}

#[test]
fn yaml_1_1_timestamps_with_short_offsets_and_one_digit_hours_are_dates() {
    let site = blog();
    for (name, date) in [
        ("a", "2015-03-17 14:00:00 -4"),
        ("b", "2016-03-23 9:00:00 -04:00"),
        ("c", "2016-03-23T8:00:00-00:00"),
        ("d", "'2019-05-04 10:15:00 +0100'"),
        ("e", "2024-01-10T10:00"),
    ] {
        site.page(
            &format!("blog/{name}.md"),
            &format!("title: {name}\ndate: {date}\n"),
            "x",
        );
    }
    site.build().assert_ok();
    for (name, iso) in [
        ("a", "2015-03-17T18:00:00+00:00"),
        ("b", "2016-03-23T13:00:00+00:00"),
        ("c", "2016-03-23T08:00:00+00:00"),
        ("d", "2019-05-04T10:15:00+01:00"),
        ("e", "2024-01-10T10:00:00+00:00"),
    ] {
        let html = site.read(&format!("blog/{name}/index.html"));
        assert!(
            html.contains(&format!("<time datetime=\"{iso}\">")),
            "{name}: no {iso} in\n{html}"
        );
    }
    // What is not a date is still an error, at the value.
    site.page("blog/f.md", "title: f\ndate: 2016-03-23 9:00:00 EST\n", "x");
    let err = site.build_failing();
    assert_diagnostic(
        &err,
        "content/blog/f.md:3:7: error: `date`: `EST` in `2016-03-23 9:00:00 EST` is not an offset like +01:00 or Z",
        "write a date as 2024-03-12, or a date and time with its offset as 2024-03-12T09:30:00+00:00 (quotes are optional)",
    );
}

#[test]
fn one_text_where_a_list_is_expected_is_a_list_of_one() {
    let site = Site::with_config(
        "title: T\nbase_url: https://test.example\nauthors:\n  jane:\n    name: Jane Doe\n",
    );
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page(
        "blog/hello.md",
        "title: Hello\ndate: 2024-03-12\ntags: agile\naliases: /hire/\nauthors: jane\n",
        "x",
    );
    site.page(
        "incidents/_index.md",
        "title: Incidents\nkind: incident\n",
        "",
    );
    site.page(
        "incidents/outage.md",
        "title: Outage\ndate: 2024-03-12\nstatus: monitoring\nseverity: P2\nservices: Payments\n",
        "x",
    );
    let run = site.build();
    run.assert_ok();
    assert!(site.exists("tags/agile/index.html"), "{}", run.stderr);
    assert!(site.read("hire/index.html").contains("/blog/hello/"));
    assert!(site.exists("authors/jane-doe/index.html"));
    assert!(
        site.read("incidents/outage/index.html")
            .contains("Payments")
    );
}

#[test]
fn a_value_of_the_wrong_shape_names_its_key_never_the_parsers_words() {
    let site = blog();
    site.page(
        "blog/a.md",
        "title: A\ndate: 2024-03-12\ntags:\n  topic: budget\ndraft: maybe\nweight: heavy\naliases: [/old/, [/older/]]\nextra: comments\n",
        "x",
    );
    let err = site.build_failing();
    assert!(!err.contains("expected sequence start"), "{err}");
    assert!(!err.contains("invalid type"), "{err}");
    assert_diagnostic(
        &err,
        "content/blog/a.md:5:3: error: `tags` should be a list, not a mapping (`key: value` lines)",
        "write a list as `[one, two]`, or one item per line starting with `- `",
    );
    assert_diagnostic(
        &err,
        "content/blog/a.md:6:8: error: `draft` should be true or false, not `maybe`",
        "write `draft: true` or `draft: false`",
    );
    assert_diagnostic(
        &err,
        "content/blog/a.md:7:9: error: `weight` should be a whole number, not `heavy`",
        "write a number without quotes, e.g. `weight: 10`",
    );
    assert_diagnostic(
        &err,
        "content/blog/a.md:8:18: error: each item of `aliases` should be text, not a list",
        "write a list as `[one, two]`, or one item per line starting with `- `",
    );
    assert_diagnostic(
        &err,
        "content/blog/a.md:9:8: error: `extra` should be a mapping of your own keys, not text",
        "put each of your keys on its own line under `extra:`, indented, e.g. `  comments: true`",
    );
    assert!(err.contains("5 errors"), "{err}");
}

/// Jekyll and Hugo front matter as found in real posts: ten keys of other generators and
/// a wrong date, all reported in one run, each key with what daylight calls it.
#[test]
fn every_unknown_key_of_a_file_is_reported_at_once_with_other_generators_names() {
    let site = blog();
    site.page(
        "blog/jekyll.md",
        "title: Moving in\nlayout: post\ncategories: [news, housing]\ndate: 2015-13-01\npermalink: /2015/07/08/moving-in/\nexcerpt: We moved.\nlast_modified_at: 2015-08-01\npublishDate: 2015-07-08\nauthor: jane\nredirect_from: /old/\ntopics: [a]\nlastmod: 2015-08-02\n",
        "x",
    );
    let err = site.build_failing();
    let at = |line: u32, key: &str| {
        format!("content/blog/jekyll.md:{line}:1: error: unknown key `{key}`")
    };
    assert_diagnostic(
        &err,
        &at(3, "layout"),
        "daylight picks the template from the page's kind; use `template:` to choose one",
    );
    assert_diagnostic(
        &err,
        &at(4, "categories"),
        "`categories` is called `tags` here: daylight has one list of topics per page",
    );
    assert_diagnostic(
        &err,
        "content/blog/jekyll.md:6:12: error: `permalink` belongs in a section's _index.md, not in a page",
        "a permalink pattern sets the URLs of a section's pages: move it to the _index.md of this folder; for this page alone, set `slug:`, and keep its old URL in `aliases:`",
    );
    assert_diagnostic(
        &err,
        &at(7, "excerpt"),
        "`excerpt` is called `summary` here",
    );
    assert_diagnostic(
        &err,
        &at(8, "last_modified_at"),
        "`last_modified_at` is called `updated` here",
    );
    assert_diagnostic(
        &err,
        &at(9, "publishDate"),
        "`publishDate` is called `date` here",
    );
    assert_diagnostic(
        &err,
        &at(10, "author"),
        "`author` is called `authors` here, and takes one name or a list",
    );
    assert_diagnostic(
        &err,
        &at(11, "redirect_from"),
        "`redirect_from` is called `aliases` here",
    );
    assert_diagnostic(
        &err,
        &at(12, "topics"),
        "`topics` is called `tags` here: daylight has one list of topics per page",
    );
    assert_diagnostic(
        &err,
        &at(13, "lastmod"),
        "`lastmod` is called `updated` here",
    );
    // The unknown keys do not hide the bad date in the same file.
    diagnostic(
        &err,
        "content/blog/jekyll.md:5:7: error: `date`: `2015-13-01` is not a date in the form YYYY-MM-DD",
    );
    assert!(err.contains("11 errors"), "{err}");
}

#[test]
fn the_allowed_keys_hint_lists_the_keys_of_the_pages_kind_only() {
    let site = blog();
    site.page(
        "blog/a.md",
        "title: A\ndate: 2024-03-12\ncomments: true\n",
        "x",
    );
    site.page("about.md", "title: About\nsidebar: left\n", "x");
    site.page("news/_index.md", "title: News\nheader_image: x.png\n", "");
    let err = site.build_failing();
    assert_diagnostic(
        &err,
        "content/blog/a.md:4:1: error: unknown key `comments`",
        "the keys a post takes are `title`, `kind`, `date`, `updated`, `description`, `summary`, `tags`, `authors`, `draft`, `slug`, `aliases`, `related`, `weight`, `template`, `extra`, `expires`, `redirect_to`, `image`, `image_alt`, `owner`, `review_by`, `review_every`, `reviewed`, `lang`, `dir`, `series`, `week`, `plan_item`; your own keys go under `extra:`",
    );
    assert_diagnostic(
        &err,
        "content/about.md:3:1: error: unknown key `sidebar`",
        "the keys a page takes are `title`, `kind`, `date`, `updated`, `description`, `summary`, `tags`, `authors`, `draft`, `slug`, `aliases`, `related`, `weight`, `template`, `extra`, `expires`, `redirect_to`, `image`, `image_alt`, `owner`, `review_by`, `review_every`, `reviewed`, `lang`, `dir`, `data`, `accessibility`; your own keys go under `extra:`",
    );
    assert_diagnostic(
        &err,
        "content/news/_index.md:3:1: error: unknown key `header_image`",
        "the keys a section's _index.md takes are `title`, `kind`, `description`, `sort_by`, `paginate_by`, `permalink`, `weight`, `template`, `draft`, `extra`, `owner`, `review_every`, `data_pages`; your own keys go under `extra:`",
    );
}

#[test]
fn unknown_keys_in_actions_and_plan_items_are_all_reported() {
    let site = Site::new();
    site.page(
        "incidents/_index.md",
        "title: Incidents\nkind: incident\n",
        "",
    );
    site.page(
        "incidents/a.md",
        "title: A\ndate: 2024-03-12\nstatus: monitoring\nseverity: P2\nactions:\n  - action: Add an alert\n    ownr: Jo\n  - owner: Sam\n",
        "x",
    );
    let err = site.build_failing();
    assert_diagnostic(
        &err,
        "content/incidents/a.md:8:5: error: unknown key `ownr` in an action",
        "did you mean `owner`? An action takes `action`, `owner`, `due`, `status`",
    );
    assert_diagnostic(
        &err,
        "content/incidents/a.md:9:5: error: this action does not say what will be done",
        "add `action:` with what the team will do, e.g. `action: Add an alert on queue length`",
    );
}

#[test]
fn a_key_set_twice_is_said_in_our_words_with_the_line_of_the_first() {
    let site = blog();
    site.page(
        "blog/a.md",
        "title: A\ndate: 2024-03-12\ntags: [a]\ntitle: B\n",
        "x",
    );
    let err = site.build_failing();
    assert!(!err.contains("DuplicateKeyPolicy"), "{err}");
    assert_diagnostic(
        &err,
        "content/blog/a.md:5:1: error: `title` is set twice",
        "it is first set on line 2; keep one of the two",
    );
}

#[test]
fn the_same_alias_twice_is_named_once_at_the_second() {
    let site = Site::new();
    site.page(
        "a.md",
        "title: A\naliases:\n  - /hire/\n  - /jobs/\n  - /hire/\n",
        "x",
    );
    let err = site.build_failing();
    assert_diagnostic(
        &err,
        "content/a.md:6:5: error: the alias `/hire/` is listed twice",
        "it is first listed on line 4; remove one of the two",
    );
    assert!(!err.contains("already an alias"), "{err}");
    assert!(err.contains("1 error"), "{err}");
}

#[test]
fn blank_lines_before_the_front_matter_are_allowed_and_lines_stay_the_files() {
    let site = blog();
    site.write(
        "content/blog/a.md",
        "\n\n---\ntitle: A\ndate: 2024-03-12\n---\nBody of A\n",
    );
    site.write(
        "content/blog/b.md",
        "\n---\ntitle: B\ndate: 2024-03-12\nlayout: post\n---\nx\n",
    );
    site.write("content/blog/c.md", "\n\n---\ndate: 2024-03-12\n---\nx\n");
    let err = site.build_failing();
    assert_diagnostic(
        &err,
        "content/blog/b.md:5:1: error: unknown key `layout`",
        "daylight picks the template from the page's kind; use `template:` to choose one",
    );
    assert_diagnostic(
        &err,
        "content/blog/c.md:4:1: error: the front matter has no `title`",
        "add a line `title: Your page title` to the front matter",
    );
    assert!(err.contains("2 errors"), "{err}");
    std::fs::remove_file(site.path("content/blog/b.md")).unwrap();
    std::fs::remove_file(site.path("content/blog/c.md")).unwrap();
    site.build().assert_ok();
    assert!(site.read("blog/a/index.html").contains("Body of A"));
}

#[test]
fn toml_and_json_front_matter_say_they_are_not_read_and_what_converts_them() {
    let site = Site::new();
    site.write("content/hugo.md", "+++\ntitle = \"Hugo\"\n+++\nx\n");
    site.write("content/json.md", "\n{\n  \"title\": \"JSON\"\n}\nx\n");
    let err = site.build_failing();
    assert_diagnostic(
        &err,
        "content/hugo.md:1:1: error: this file has TOML front matter (between `+++` lines), which daylight does not read",
        "daylight reads YAML front matter between `---` lines: `daylight import hugo` converts a Hugo site's TOML front matter, or rewrite it by hand (`title = \"My page\"` becomes `title: My page`)",
    );
    assert_diagnostic(
        &err,
        "content/json.md:2:1: error: this file has JSON front matter, which daylight does not read",
        "daylight reads YAML front matter between `---` lines: `daylight import hugo` converts a Hugo site's JSON front matter, or rewrite it by hand (`\"title\": \"My page\"` becomes `title: My page`)",
    );
}

/// The case: the problem at column 751 of a 900-character line is shown, with
/// the caret under it, not the first 200 characters.
#[test]
fn on_a_long_line_the_snippet_shows_the_column_the_caret_points_at() {
    let site = Site::new();
    let before = "word ".repeat(150); // columns 1-750
    let after = " more".repeat(28);
    let line = format!("{before}[gone](nowhere.md){after}");
    assert_eq!(line.chars().count(), 908);
    site.page("a.md", "title: A\n", &line);
    let err = site.build_failing();
    let block = diagnostic(
        &err,
        "content/a.md:4:751: error: broken link to `nowhere.md`",
    );
    let shown = block
        .iter()
        .find(|l| l.starts_with("4 | "))
        .unwrap_or_else(|| panic!("{}", block.join("\n")));
    let caret = block
        .iter()
        .find(|l| l.trim_end().ends_with('^'))
        .unwrap_or_else(|| panic!("{}", block.join("\n")));
    assert!(shown.starts_with("4 | …"), "{shown}");
    assert!(shown.ends_with('…'), "{shown}");
    let under: String = shown
        .chars()
        .skip(caret.chars().count() - 1)
        .take(6)
        .collect();
    assert_eq!(under, "[gone]", "{}", block.join("\n"));
}

#[test]
fn markdown_files_are_pages_and_other_generators_pages_are_named_not_published() {
    let site = blog();
    site.page(
        "blog/2015-07-08-moving-in.markdown",
        "title: Moving in\ndate: 2015-07-08\n",
        "We *moved*.",
    );
    site.write(
        "content/about.html",
        "---\nlayout: page\ntitle: About\n---\n<p>About</p>\n",
    );
    site.write("content/plain.html", "<p>An HTML file as it is</p>\n");
    site.write("content/guide.adoc", "= Guide\n\nText.\n");
    let run = site.build();
    run.assert_ok();
    assert!(
        site.read("blog/2015-07-08-moving-in/index.html")
            .contains("We <em>moved</em>.")
    );
    assert!(
        run.stderr.contains(
            "content/about.html: warning: this HTML file has front matter, which daylight does not read: it is not published\n  = help: make it a Markdown page (a .md file; Markdown can hold HTML), or remove the front matter to publish the file as it is\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "content/guide.adoc: warning: this .adoc file is not read: daylight's pages are Markdown\n  = help: convert it to Markdown (a .md file with YAML front matter) to publish it; it is not copied to public/\n"
        ),
        "{}",
        run.stderr
    );
    assert!(!site.exists("about.html"));
    assert!(!site.exists("guide.adoc"));
    assert_eq!(site.read("plain.html"), "<p>An HTML file as it is</p>\n");
}

#[test]
fn an_index_md_at_the_top_of_content_is_not_published_at_index() {
    let site = Site::new();
    site.page("index.md", "title: Home\n", "Welcome");
    site.page("about.md", "title: About\n", "x");
    let err = site.build_failing();
    assert!(
        err.contains(
            "content/index.md: error: an index.md at the top of content/ is not read: it would be a page at /index/, not the home page\n  = help: the home page's own title and text go in content/_index.md (as in Hugo and Zola): rename the file to _index.md, or merge it into the one there\n"
        ),
        "{err}"
    );
    assert!(!site.path("public/index/index.html").exists());
    // A bundle's index.md, deeper down, is still its page.
    std::fs::remove_file(site.path("content/index.md")).unwrap();
    site.page("team/index.md", "title: Team\n", "x");
    site.build().assert_ok();
    assert!(site.exists("team/index.html"));
}
