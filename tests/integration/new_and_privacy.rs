//! `daylight new` (a file for each kind, dated and named, never overwriting, and one that
//! builds) and the privacy check in `daylight check` (warnings at the right place, the
//! allowlist, exit codes).

use crate::harness::Site;

/// 23:30 UTC on 31 March 2024 is 00:30 BST on 1 April in London: the date must be the
/// site's, not UTC's.
const NOW: &str = "2024-03-31T23:30:00Z";

fn site_with_sections() -> Site {
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page(
        "incidents/_index.md",
        "title: Incidents\nkind: incident\n",
        "",
    );
    site.page("plan/_index.md", "title: Plans\nkind: plan\n", "");
    site
}

fn new(site: &Site, args: &[&str]) -> crate::harness::Run {
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    site.run(&all)
}

fn read_source(site: &Site, rel: &str) -> String {
    std::fs::read_to_string(site.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn new_writes_each_kind_dated_today_in_the_site_time_zone_and_named_from_the_title() {
    let site = site_with_sections();
    let title = r#"Payments "down": what \ we learnt"#;
    let expected = [
        (
            "post",
            "content/blog/2024-04-01-payments-down-what-we-learnt.md",
        ),
        (
            "incident",
            "content/incidents/2024-04-01-payments-down-what-we-learnt.md",
        ),
        ("plan", "content/plan/payments-down-what-we-learnt.md"),
        ("page", "content/payments-down-what-we-learnt.md"),
    ];
    for (kind, rel) in expected {
        let run = new(&site, &[kind, title, "--now", NOW]);
        run.assert_ok();
        assert_eq!(
            run.stdout.trim(),
            site.path(rel).display().to_string(),
            "{kind}"
        );
        let text = read_source(&site, rel);
        assert!(
            text.starts_with("---\ntitle: \"Payments \\\"down\\\": what \\\\ we learnt\"\n"),
            "{kind}:\n{text}"
        );
        if kind != "page" {
            assert!(text.contains("\ndate: 2024-04-01\n"), "{kind}:\n{text}");
        }
    }

    let incident = read_source(&site, expected[1].1);
    for needle in [
        "status: investigating",
        "severity: \"P4\"",
        "started: 2024-04-01T00:30:00+01:00",
        "detected: 2024-04-01T00:30:00+01:00",
        "services: []",
        "impact:",
        "actions: []",
        "## Summary",
        "## Impact",
        "## Timeline",
        "## Cause",
        "## What went well",
        "## What could have gone better",
        "## Actions",
        "## Lessons",
    ] {
        assert!(incident.contains(needle), "{needle} in:\n{incident}");
    }
    let post = read_source(&site, expected[0].1);
    assert!(post.contains("tags: []") && post.contains("authors: []"));
    assert!(read_source(&site, expected[2].1).contains("items: []"));

    let run = site.build();
    run.assert_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    for page in [
        "blog/2024-04-01-payments-down-what-we-learnt/index.html",
        "incidents/2024-04-01-payments-down-what-we-learnt/index.html",
        "plan/payments-down-what-we-learnt/index.html",
        "payments-down-what-we-learnt/index.html",
    ] {
        let html = site.read(page);
        assert!(html.contains("Payments"), "{page}");
    }
    let run = site.run(&["check", "--now", "2026-06-01T12:00:00Z"]);
    run.assert_clean();
}

#[test]
fn new_without_a_fixed_time_uses_today_in_the_site_time_zone() {
    let site =
        Site::with_config("title: T\nbase_url: https://t.example\ntimezone: Pacific/Auckland\n");
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    let tz = jiff::tz::TimeZone::get("Pacific/Auckland").unwrap();
    let today = || {
        jiff::Timestamp::now()
            .to_zoned(tz.clone())
            .strftime("%Y-%m-%d")
            .to_string()
    };
    let before = today();
    let run = new(&site, &["post", "Hello there"]);
    let after = today();
    run.assert_ok();
    let written = run.stdout.trim().to_string();
    assert!(
        [before, after]
            .iter()
            .any(|d| written.ends_with(&format!("content/blog/{d}-hello-there.md"))),
        "{written}"
    );
}

#[test]
fn new_never_overwrites_a_file() {
    let site = site_with_sections();
    new(&site, &["post", "Weeknote", "--now", NOW]).assert_ok();
    let rel = "content/blog/2024-04-01-weeknote.md";
    site.write(rel, "---\ntitle: Mine\ndate: 2024-04-01\n---\nMy words.\n");
    let run = new(&site, &["post", "Weeknote", "--now", NOW]);
    run.assert_failed();
    assert!(
        run.stderr
            .contains(&format!("{rel}: error: this file already exists")),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert_eq!(
        read_source(&site, rel),
        "---\ntitle: Mine\ndate: 2024-04-01\n---\nMy words.\n"
    );
}

#[test]
fn new_into_another_section_with_the_sites_own_archetype() {
    let site = site_with_sections();
    site.write(
        "archetypes/post.md",
        "---\ntitle: \"{{ title }}\"\ndate: {{ date }}\ntags: [ours]\n---\nOur own template for {{ slug }}.\n",
    );
    // `news` has no _index.md, so its pages would be plain pages: the file says `kind: post`.
    let run = new(
        &site,
        &["post", "Bin day", "--section", "content/news", "--now", NOW],
    );
    run.assert_ok();
    let rel = "content/news/2024-04-01-bin-day.md";
    assert_eq!(
        read_source(&site, rel),
        "---\ntitle: \"Bin day\"\nkind: post\ndate: 2024-04-01\ntags: [ours]\n---\nOur own template for bin-day.\n"
    );
    site.build().assert_ok();
    assert!(
        site.read("news/2024-04-01-bin-day/index.html")
            .contains("Our own template")
    );
}

#[test]
fn new_without_a_theme_folder_uses_the_built_in_archetypes() {
    let site = site_with_sections();
    std::fs::remove_dir_all(site.path("themes")).unwrap();
    new(&site, &["incident", "Website down", "--now", NOW]).assert_ok();
    let text = read_source(&site, "content/incidents/2024-04-01-website-down.md");
    assert!(text.contains("## What could have gone better"), "{text}");
    site.build().assert_ok();
}

#[test]
fn new_says_when_there_is_nowhere_to_put_it() {
    let site = Site::new();
    let run = new(&site, &["incident", "Outage", "--now", NOW]);
    run.assert_failed();
    assert!(
        run.stderr.contains("no section is for incidents") && run.stderr.contains("--section"),
        "{}",
        run.stderr
    );
    let run = new(&site, &["post", "Escape", "--section", "../outside"]);
    run.assert_failed();
    assert!(run.stderr.contains("inside content/"), "{}", run.stderr);
    assert!(!site.root().parent().unwrap().join("outside").exists());
    let run = new(&site, &["page", "!!!"]);
    run.assert_failed();
    assert!(
        run.stderr.contains("no letters or digits"),
        "{}",
        run.stderr
    );
}

/// A published page with one of each kind of personal data, at known places.
fn site_with_personal_data(site_yaml: &str) -> Site {
    let site = Site::with_config(site_yaml);
    site.page(
        "a.md",
        "title: A\ndescription: Call 07700 900123 today\n",
        "Write to jane.doe@mail.example about it.\n\nNI number AB 12 34 56 C.\n\
         Jane Smith, 4 Mill Lane, NB1 1AA\n\nOur office: digital@northbridge.example, 01632 960000.\n",
    );
    // Never published, so never checked.
    site.page(
        "draft.md",
        "title: Draft\ndraft: true\n",
        "secret@mail.example\n",
    );
    site
}

#[test]
fn check_warns_about_personal_data_at_its_file_line_and_column() {
    let site = site_with_personal_data(crate::harness::SITE_YAML);
    let run = site.run(&["check"]);
    run.assert_ok();
    for needle in [
        "content/a.md:3:19: warning: possible personal data: the phone number `07700 900123`",
        "content/a.md:5:10: warning: possible personal data: the email address `jane.doe@mail.example`",
        "content/a.md:7:11: warning: possible personal data: the National Insurance number `AB 12 34 56 C`",
        "content/a.md:8:26: warning: possible personal data: the postcode `NB1 1AA` beside a name (`Jane Smith`)",
        "content/a.md:10:13: warning: possible personal data: the email address `digital@northbridge.example`",
        "content/a.md:10:42: warning: possible personal data: the phone number `01632 960000`",
        "add it to `privacy.allow` in site.yaml",
        "0 errors, 6 warnings",
    ] {
        assert!(run.stderr.contains(needle), "{needle} in:\n{}", run.stderr);
    }
    assert!(!run.stderr.contains("secret@"), "{}", run.stderr);

    // `build` does not run the privacy check.
    let run = site.build();
    run.assert_ok();
    assert!(!run.stderr.contains("personal data"), "{}", run.stderr);
}

#[test]
fn check_reports_personal_data_as_json_warnings() {
    let site = site_with_personal_data(crate::harness::SITE_YAML);
    let run = site.run(&["check", "--format", "json"]);
    run.assert_ok();
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["errors"], 0);
    assert_eq!(report["warnings"], 6);
    let places: Vec<(String, u64, u64, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            assert_eq!(d["severity"], "warning");
            assert!(d["hint"].as_str().unwrap().contains("privacy.allow"));
            (
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let at: Vec<(&str, u64, u64)> = places
        .iter()
        .map(|(p, l, c, _)| (p.as_str(), *l, *c))
        .collect();
    assert_eq!(
        at,
        [
            ("content/a.md", 3, 19),
            ("content/a.md", 5, 10),
            ("content/a.md", 7, 11),
            ("content/a.md", 8, 26),
            ("content/a.md", 10, 13),
            ("content/a.md", 10, 42),
        ]
    );
    assert!(places[1].3.contains("jane.doe@mail.example"));
}

#[test]
fn the_allowlist_silences_the_councils_own_contacts() {
    let site = site_with_personal_data(
        "title: T\nbase_url: https://t.example\nprivacy:\n  allow:\n    - Digital@Northbridge.example\n    - \"+44 1632 960000\"\n",
    );
    let run = site.run(&["check"]);
    run.assert_ok();
    assert!(
        run.stderr.contains("0 errors, 4 warnings"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("northbridge"), "{}", run.stderr);
    assert!(!run.stderr.contains("01632"), "{}", run.stderr);
}

#[test]
fn check_fails_on_errors_not_on_privacy_warnings() {
    let site = site_with_personal_data(crate::harness::SITE_YAML);
    site.page("b.md", "title: B\ndescripton: typo\n", "x");
    let run = site.run(&["check"]);
    run.assert_failed();
    assert!(run.stderr.contains("1 error, 6 warnings"), "{}", run.stderr);
}

#[test]
fn an_unknown_privacy_setting_is_an_error() {
    let site = Site::with_config(
        "title: T\nbase_url: https://t.example\nprivacy:\n  allowed: [a@b.example]\n",
    );
    let run = site.run(&["check"]);
    run.assert_failed();
    assert!(
        run.stderr.contains("site.yaml:4:") && run.stderr.contains("allowed"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_example_site_has_no_personal_data_outside_its_allowlist() {
    let site = Site::example();
    let run = site.run(&["check", "--drafts", "--now", "2026-06-01T12:00:00Z"]);
    assert!(!run.stderr.contains("personal data"), "{}", run.stderr);
}
