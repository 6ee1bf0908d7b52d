//! Accessibility: the author checks (`daylight check`, and warnings in `build`) at the
//! right file, line and column with a hint; the markup daylight itself generates for task
//! lists and tables; and the accessibility statement that `daylight init` carries and every
//! page's footer links to.

use crate::harness::{Site, run_bin};

const NOW: &str = "2026-06-01T12:00:00Z";

/// A page with one of each problem; its lines are numbered in the comments (front
/// matter is lines 1 to 3).
fn site_with_problems() -> Site {
    let site = Site::new();
    // The pages its links lead to: a link to nothing would be an error of its own.
    for (page, title) in [
        ("plan", "Plan"),
        ("blog", "Blog"),
        ("empty", "Empty"),
        ("here", "Here"),
        ("more", "More"),
    ] {
        site.page(
            &format!("{page}.md"),
            &format!("title: {title}\n"),
            "Text.\n",
        );
    }
    site.write_bytes("content/chart.png", &crate::harness::png(600, 400));
    site.page(
        "a.md",
        "title: A\n",
        concat!(
            "Intro.\n",                                                      // 4
            "\n",                                                            // 5
            "### Straight to h3\n",                                          // 6
            "\n",                                                            // 7
            "![](chart.png)\n",                                              // 8
            "\n",                                                            // 9
            "See the plan, [click here](/plan/). Or [Read more](/blog/).\n", // 10
            "\n",                                                            // 11
            "[](/empty/) and [here](/here/) and [more…](/more/)\n",          // 12
            "\n",                                                            // 13
            "| | |\n|---|---|\n| 1 | 2 |\n",                                 // 14-16
            "\n",                                                            // 17
            "<p style=\"color: #c00\">Important!</p>\n",                     // 18
            "\n",                                                            // 19
            "Old <font color=\"red\">markup</font>.\n",                      // 20
            "\n",                                                            // 21
            "<table><tr><td>no header</td></tr></table>\n",                  // 22
            "\n",                                                            // 23
            "<img src=\"x.png\">\n",                                         // 24
            "\n",                                                            // 25
            "# Another h1\n",                                                // 26
        ),
    );
    site
}

const EXPECTED: [&str; 12] = [
    "content/a.md:6:1: warning: heading skips a level: `###` after the page title (the h1)",
    "content/a.md:8:1: warning: image without alt text",
    "content/a.md:10:15: warning: link text `click here` does not say where the link goes",
    "content/a.md:10:40: warning: link text `Read more` does not say where the link goes",
    "content/a.md:12:1: warning: empty link: it has no text to read out",
    "content/a.md:12:17: warning: link text `here` does not say where the link goes",
    "content/a.md:12:36: warning: link text `more…` does not say where the link goes",
    "content/a.md:14:1: warning: table without a header row",
    "content/a.md:18:4: warning: raw HTML sets a colour inline: `style=\"color: #c00\"`",
    "content/a.md:20:11: warning: raw HTML sets a colour inline: `color=\"red\"`",
    "content/a.md:22:1: warning: table without a header row",
    "content/a.md:24:1: warning: image without alt text",
];

#[test]
fn check_warns_about_each_problem_at_its_file_line_and_column() {
    let site = site_with_problems();
    let run = site.run(&["check", "--now", NOW]);
    run.assert_ok();
    for needle in EXPECTED {
        assert!(run.stderr.contains(needle), "{needle} in:\n{}", run.stderr);
    }
    assert!(
        run.stderr.contains(
            "content/a.md:26:1: warning: a level-1 heading in the body: the page title is already the page's h1"
        ),
        "{}",
        run.stderr
    );
    for hint in [
        "= help: use `##` here",
        "= help: say what the image shows between the brackets",
        "= help: use words that make sense on their own",
        "= help: put words saying where the link goes",
        "= help: give the table a first row that names its columns",
        "= help: remove it: the theme's colours are checked for contrast",
        "= help: add an `alt` saying what the image shows",
        "= help: start the body's headings at `##`",
    ] {
        assert!(run.stderr.contains(hint), "{hint} in:\n{}", run.stderr);
    }
    // The snippet shows the line, with a caret under the column.
    assert!(
        run.stderr.contains(
            "10 | See the plan, [click here](/plan/). Or [Read more](/blog/).\n   |               ^"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("0 errors, 13 warnings"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_reports_them_in_json_too() {
    let site = site_with_problems();
    let run = site.run(&["check", "--format", "json", "--now", NOW]);
    run.assert_ok();
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["errors"], 0);
    assert_eq!(report["warnings"], 13);
    let first = &report["diagnostics"][0];
    assert_eq!(first["severity"], "warning");
    assert_eq!(first["path"], "content/a.md");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(6), Some(1))
    );
    assert!(first["hint"].as_str().unwrap().contains("`##`"));
}

#[test]
fn build_reports_them_as_warnings_and_still_builds() {
    let site = site_with_problems();
    let run = site.build();
    run.assert_ok();
    for needle in EXPECTED {
        assert!(run.stderr.contains(needle), "{needle} in:\n{}", run.stderr);
    }
    assert!(site.exists("a/index.html"));
    // --quiet prints only errors.
    let run = site.run(&["build", "--quiet", "--now", NOW]);
    run.assert_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

#[test]
fn headings_may_go_back_up_but_not_skip_down() {
    let site = Site::new();
    site.page(
        "a.md",
        "title: A\n",
        "## One\n\n### One.one\n\n#### One.one.one\n\n## Two\n\n#### Too deep\n",
    );
    let run = site.run(&["check", "--now", NOW]);
    run.assert_ok();
    assert!(
        run.stderr.contains(
            "content/a.md:12:1: warning: heading skips a level: `####` after a `##` heading"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("use `###` here"), "{}", run.stderr);
    assert!(run.stderr.contains("0 errors, 1 warning"), "{}", run.stderr);
}

#[test]
fn accessible_content_gives_no_warnings() {
    let site = Site::new();
    site.write_bytes("content/chart.png", &crate::harness::png(600, 400));
    site.write_bytes("content/logo.png", &crate::harness::png(100, 50));
    // The page its first link leads to.
    site.page("incidents.md", "title: Incident reports\n", "Text.\n");
    site.page(
        "a.md",
        "title: A\n",
        concat!(
            "Intro with [the incident report](/incidents/) and <https://example.org>.\n\n",
            "## Cause\n\n### Detail\n\n## Fix\n\n",
            "![A bar chart of calls per day](chart.png)\n\n",
            "[![Our logo](logo.png)](/)\n\n",
            "| Time | What happened |\n|---|---|\n| 09:14 | It broke |\n\n",
            "<table><tr><th>Name</th></tr><tr><td>x</td></tr></table>\n\n",
            "<img src=\"border.png\" alt=\"\">\n\n",
            "<span class=\"note\">A note.</span> Footnote[^1].\n\n",
            "- [x] done\n- [ ] to do\n\n",
            "```html\n<font color=red>in code</font>\n```\n\n",
            "[^1]: The footnote.\n",
        ),
    );
    site.page("_index.md", "title: Home\n", "## Welcome\n\nHello.\n");
    let run = site.run(&["check", "--now", NOW]);
    run.assert_clean();
}

#[test]
fn section_pages_are_checked_too() {
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "#### Deep\n");
    let run = site.run(&["check", "--now", NOW]);
    run.assert_ok();
    assert!(
        run.stderr
            .contains("content/blog/_index.md:5:1: warning: heading skips a level"),
        "{}",
        run.stderr
    );
}

#[test]
fn safe_mode_drops_raw_html_so_it_is_not_checked() {
    let site =
        Site::with_config("title: T\nbase_url: https://t.example\nmarkdown:\n  safe: true\n");
    site.write_bytes("content/b.png", &crate::harness::png(10, 10));
    site.page(
        "a.md",
        "title: A\n",
        "<p style=\"color: red\">x</p>\n\n<img src=\"a.png\">\n\n![](b.png)\n",
    );
    let run = site.run(&["check", "--now", NOW]);
    run.assert_ok();
    assert!(!run.stderr.contains("colour"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/a.md:8:1: warning: image without alt text"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("0 errors, 1 warning"), "{}", run.stderr);
}

#[test]
fn the_example_site_has_no_accessibility_warnings() {
    let site = Site::example();
    let run = site.run(&["check", "--drafts", "--future", "--now", NOW]);
    run.assert_clean();
}

#[test]
fn task_lists_read_their_state_and_tables_scroll_in_their_own_box() {
    let site = Site::new();
    site.page(
        "a.md",
        "title: A\n",
        "- [x] Write the form\n- [ ] Test it\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    );
    site.build().assert_ok();
    let html = site.read("a/index.html");
    // The checkbox is a picture of the state; the state is in words for screen readers.
    assert!(
        html.contains(
            "<input type=\"checkbox\" disabled checked aria-hidden=\"true\"><span class=\"visually-hidden\">Done: </span>Write the form"
        ),
        "{html}"
    );
    assert!(
        html.contains(
            "<input type=\"checkbox\" disabled aria-hidden=\"true\"><span class=\"visually-hidden\">To do: </span>Test it"
        ),
        "{html}"
    );
    assert!(
        html.contains(
            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Table\">\n<table>"
        ),
        "{html}"
    );
    assert!(html.contains("</table>\n</div>"), "{html}");
}

#[test]
fn init_carries_the_accessibility_statement_and_every_page_links_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("council");
    run_bin([std::ffi::OsStr::new("init"), target.as_os_str()]).assert_ok();
    // The statement's facts are data, with the parts a council must fill in marked.
    let data = std::fs::read_to_string(target.join("accessibility.yaml")).unwrap();
    assert!(data.matches("[Fill in:").count() >= 4, "{data}");
    run_bin([
        std::ffi::OsStr::new("build"),
        "--root".as_ref(),
        target.as_os_str(),
    ])
    .assert_ok();
    let public = target.join("public");
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        if !html.contains("<footer class=\"site-footer\">") {
            continue; // an alias redirect, not a page
        }
        pages += 1;
        let footer = &html[html.find("<footer class=\"site-footer\">").unwrap()..];
        assert!(
            footer.contains("<a href=\"/accessibility/\">Accessibility statement</a>"),
            "{}",
            entry.path().display()
        );
    }
    assert!(pages > 50, "{pages}");
    // The model statement's sections and legally required sentences, from the data.
    let statement = std::fs::read_to_string(public.join("accessibility/index.html")).unwrap();
    let statement = statement.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "This accessibility statement applies to",
        ">Feedback and contact information</h2>",
        ">Reporting accessibility problems with this website</h2>",
        ">Enforcement procedure</h2>",
        "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018",
        ">Technical information about this website’s accessibility</h2>",
        "is committed to making its website accessible, in accordance with the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.",
        ">Compliance status</h3>",
        "Web Content Accessibility Guidelines version 2.2</a> AA standard",
        ">Non-accessible content</h2>",
        "The content listed below is non-accessible for the following reasons.",
        ">Non-compliance with the accessibility regulations</h3>",
        ">Disproportionate burden</h3>",
        ">Content that’s not within the scope of the accessibility regulations</h3>",
        ">Preparation of this accessibility statement</h2>",
        "This statement was prepared on 15 January 2024.",
        "It was last reviewed on 15 September 2026.",
        "This website was last tested on 20 August 2026. The test was carried out by [Fill in:",
    ] {
        assert!(statement.contains(needle), "{needle} in:\n{statement}");
    }
}
