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

/// Builds, expects failure, and returns stderr.
fn failing(site: &Site) -> String {
    let run = site.build();
    run.assert_failed();
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr
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
    let err = failing(&site);
    assert_diagnostic(
        &err,
        "content/blog/f.md:3:7: error: `date`: `EST` in `2016-03-23 9:00:00 EST` is not an offset like +01:00 or Z",
        "write a date as 2024-03-12, or a date and time with its offset as 2024-03-12T09:30:00+00:00 (quotes are optional)",
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
    let err = failing(&site);
    assert!(!err.contains("DuplicateKeyPolicy"), "{err}");
    assert_diagnostic(
        &err,
        "content/blog/a.md:5:1: error: `title` is set twice",
        "it is first set on line 2; keep one of the two",
    );
}

#[test]
fn toml_and_json_front_matter_say_they_are_not_read_and_what_converts_them() {
    let site = Site::new();
    site.write("content/hugo.md", "+++\ntitle = \"Hugo\"\n+++\nx\n");
    site.write("content/json.md", "\n{\n  \"title\": \"JSON\"\n}\nx\n");
    let err = failing(&site);
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
    let err = failing(&site);
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
    let err = failing(&site);
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
