//! Incident reports, the actions tracker, statistics, open data, plans and series.

use crate::harness::Site;

const RESOLVED: &str = "title: Payments down\ndate: 2024-03-12\nstatus: resolved\nseverity: P1\nstarted: 2024-03-12T09:14:00+00:00\ndetected: 2024-03-12T09:41:00+00:00\nresolved: 2024-03-12T13:02:00+00:00\nservices: [Online payments]\nimpact: Nobody could pay.\nactions:\n  - {action: Add an alert, owner: Ops, due: 2024-04-30, status: done}\n";
const BODY: &str =
    "## Summary\n\nIt broke.\n\n## What could have gone better\n\nWe were slow to notice.\n";

fn incident_site() -> Site {
    let site = Site::new();
    site.page(
        "incidents/_index.md",
        "title: Incident reports\nkind: incident\n",
        "",
    );
    site
}

/// Builds a site with one incident and expects one error containing each needle.
#[track_caller]
fn broken(front: &str, body: &str, needles: &[&str]) {
    let site = incident_site();
    site.page("incidents/x.md", front, body);
    let run = site.build();
    run.assert_failed();
    for n in needles {
        assert!(run.stderr.contains(n), "expected {n:?} in:\n{}", run.stderr);
    }
}

/// Builds a site with one incident (and `site_yaml`), expects success, and returns the
/// lines of stderr that are warnings or errors.
#[track_caller]
fn said(site_yaml: &str, front: &str, body: &str) -> Vec<String> {
    let site = Site::with_config(site_yaml);
    site.page(
        "incidents/_index.md",
        "title: Incident reports\nkind: incident\n",
        "",
    );
    site.page("incidents/x.md", front, body);
    let run = site.build();
    run.assert_ok();
    problems(&run.stderr)
}

/// The first line of every warning and error.
fn problems(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.contains(": warning: ") || l.contains(": error: "))
        .map(str::to_string)
        .collect()
}

const NO_ACTIONS: &str = "a resolved incident lists no follow-up actions";
const NO_SECTION: &str = "a resolved incident has no \"What could have gone better\" section";

#[test]
fn a_review_still_to_come_or_not_needed_is_a_state_not_an_error() {
    let yaml = crate::harness::SITE_YAML;
    let without_actions = &RESOLVED[..RESOLVED.find("actions:").unwrap()];
    let story = "## Summary\n\nIt broke.\n";
    // Neither a review section nor actions, and nothing said: two warnings at `status:`,
    // and the build goes on.
    assert_eq!(
        said(yaml, without_actions, story),
        [
            format!("content/incidents/x.md:4:9: warning: {NO_SECTION}"),
            format!("content/incidents/x.md:4:9: warning: {NO_ACTIONS}"),
        ]
    );
    // Published first, reviewed later: nothing to say.
    let pending = format!("{without_actions}review: pending\n");
    assert_eq!(said(yaml, &pending, story), Vec::<String>::new());
    let not_needed = format!("{without_actions}review: not-needed\n");
    assert_eq!(said(yaml, &not_needed, story), Vec::<String>::new());
    // The review agreed no actions: said with an empty list.
    let none_agreed = format!("{without_actions}actions: []\n");
    assert_eq!(said(yaml, &none_agreed, BODY), Vec::<String>::new());
    // `review: done` without what it found: at `review:`.
    let done = format!("{without_actions}review: done\n");
    assert_eq!(
        said(yaml, &done, story),
        [
            format!("content/incidents/x.md:11:9: warning: {NO_SECTION}"),
            format!("content/incidents/x.md:11:9: warning: {NO_ACTIONS}"),
        ]
    );
}

#[test]
fn a_sites_own_review_section_names_replace_the_built_in_ones() {
    let yaml = format!(
        "{}incidents:\n  review_sections: [Retrospective, \"Pethau i'w gwella\"]\n",
        crate::harness::SITE_YAML
    );
    // The site's own names count, in any case, numbered or not.
    for heading in ["## 3. RETROSPECTIVE:", "## Pethau i\u{2019}w gwella"] {
        let body = format!("## Summary\n\nIt broke.\n\n{heading}\n\nWe were slow.\n");
        assert_eq!(
            said(&yaml, RESOLVED, &body),
            Vec::<String>::new(),
            "{heading}"
        );
    }
    // The built-in ones no longer do.
    let named =
        "content/incidents/x.md:4:9: warning: a resolved incident has no \"Retrospective\" section";
    assert_eq!(said(&yaml, RESOLVED, BODY), [named]);
}

#[test]
fn strict_reviews_make_the_review_warnings_errors() {
    let site = Site::with_config(&format!(
        "{}incidents:\n  strict_reviews: true\n",
        crate::harness::SITE_YAML
    ));
    site.page(
        "incidents/_index.md",
        "title: Incident reports\nkind: incident\n",
        "",
    );
    site.page(
        "incidents/x.md",
        &RESOLVED[..RESOLVED.find("actions:").unwrap()],
        "## Summary\n\nIt broke.\n",
    );
    let stderr = site.build_failing();
    assert_eq!(
        problems(&stderr),
        [
            format!("content/incidents/x.md:4:9: error: {NO_SECTION}"),
            format!("content/incidents/x.md:4:9: error: {NO_ACTIONS}"),
        ]
    );
    assert!(stderr.contains("`review: pending`"), "{stderr}");
}

#[test]
fn a_pending_review_past_review_within_is_overdue() {
    // Resolved on Tuesday 12 March 2024; 20 working days later is Tuesday 9 April.
    let yaml = format!(
        "{}incidents:\n  review_within: 20 working days\n",
        crate::harness::SITE_YAML
    );
    let front = format!(
        "{}review: pending\n",
        &RESOLVED[..RESOLVED.find("actions:").unwrap()]
    );
    assert_eq!(
        said(&yaml, &front, "It broke.\n"),
        [
            "content/incidents/x.md:11:9: warning: the review of this incident is overdue: it was due by 9 April 2024 (20 working days after it was resolved)"
        ]
    );
    let site = Site::with_config(&yaml);
    site.page(
        "incidents/_index.md",
        "title: Incident reports\nkind: incident\n",
        "",
    );
    site.page("incidents/x.md", &front, "It broke.\n");
    site.run(&["build", "--now", "2024-04-09T20:00:00Z"])
        .assert_ok();
    let page = site.read("incidents/x/index.html");
    assert!(
        page.contains("Review to follow, due by <time datetime=\"2024-04-09\">9 April 2024</time>"),
        "{page}"
    );
    assert!(page.contains("The review is still to come"), "{page}");
    assert!(
        site.read("incidents/index.html")
            .contains("Review to follow"),
        "lists say so too"
    );
    let bad = Site::with_config(&format!(
        "{}incidents:\n  review_within: a month\n",
        crate::harness::SITE_YAML
    ));
    let stderr = bad.build_failing();
    assert!(
        stderr.contains(
            "site.yaml:4:18: error: `incidents.review_within`: `a month` is not a number of days"
        ),
        "{stderr}"
    );
}

#[test]
fn nothing_is_invented_for_a_report_without_actions() {
    let site = incident_site();
    let front = format!(
        "{}review: pending\n",
        &RESOLVED[..RESOLVED.find("actions:").unwrap()]
    );
    site.page("incidents/x.md", &front, "It broke.\n");
    site.build().assert_ok();
    assert_eq!(
        site.read("actions.csv"),
        "incident_id,incident_title,incident_url,severity,action,owner,due,status,overdue\r\n"
    );
    let json: serde_json::Value = serde_json::from_str(&site.read("incidents.json")).unwrap();
    assert_eq!(json["incidents"][0]["actions"], serde_json::json!([]));
    let tracker = site.read("incidents/actions/index.html");
    assert_eq!(tracker.matches("<tbody>").count(), 0, "no rows: {tracker}");
}

#[test]
fn severity_levels_own_their_look_and_say_their_name_once() {
    let levels = "severities:\n  - {id: ungraded, name: Ungraded}\n  - {id: notice, name: Notice, meaning: info}\n  - {id: R, name: Red alert, colour: \"#8a1021\"}\n";
    let site = Site::with_config(&format!("{}{levels}", crate::harness::SITE_YAML));
    site.page(
        "incidents/_index.md",
        "title: Incident reports\nkind: incident\n",
        "",
    );
    for (slug, level) in [("a", "ungraded"), ("b", "notice"), ("c", "R")] {
        site.page(
            &format!("incidents/{slug}.md"),
            &RESOLVED.replace("severity: P1", &format!("severity: {level}")),
            BODY,
        );
    }
    site.build().assert_ok();
    // The badge in the key facts, under the term "Severity": it does not say
    // "Severity" again (issue 20: it was read "Severity, Severity: P1 Critical").
    let badge = |slug: &str| {
        let html = site.read(&format!("incidents/{slug}/index.html"));
        let term = html.find("<dt>Severity</dt>").unwrap();
        let start = term + html[term..].find("<span class=\"badge badge--sev").unwrap();
        let end = start + html[start..].find("</span>").unwrap();
        html[start..end].to_string()
    };
    // Issue 15: the only level, "ungraded", was painted as critical by its place in
    // the list, and cState's notice read "notice Notice".
    assert_eq!(
        badge("a"),
        "<span class=\"badge badge--sev badge--sev-neutral\">Ungraded"
    );
    assert_eq!(
        badge("b"),
        "<span class=\"badge badge--sev badge--sev-info\">Notice"
    );
    assert_eq!(
        badge("c"),
        "<span class=\"badge badge--sev badge--sev-neutral\" style=\"background: #8a1021; color: #ffffff; border-color: #ffffff\">R Red alert"
    );
    let stats = site.read("incidents/statistics/index.html");
    assert!(
        stats.contains("chart-sev-neutral\"") && stats.contains("style=\"background: #8a1021\""),
        "charts paint by meaning or colour"
    );
    assert!(!stats.contains("chart-sev-critical"));
    assert!(site.exists("incidents/severity/ungraded/index.html"));
    assert!(
        site.read("incidents/index.html")
            .contains(">Notice <span class=\"incident-filters__count\">")
    );

    for (bad, expected) in [
        (
            "  - {id: grey, name: Grey, colour: \"#7f7f7f\"}\n",
            "site.yaml:4:36: error: severity `grey`, `colour`: `#7f7f7f` gives its badge's text a contrast of 4.19:1 at best, below the 4.5:1 WCAG AA asks for",
        ),
        (
            "  - {id: X, name: X, meaning: severe}\n",
            "site.yaml:4:31: error: unknown severity meaning `severe`",
        ),
    ] {
        let site = Site::with_config(&format!("{}severities:\n{bad}", crate::harness::SITE_YAML));
        let stderr = site.build_failing();
        assert!(stderr.contains(expected), "{stderr}");
    }
}

#[test]
fn each_incident_rule_names_the_file_line_and_field() {
    let replace = |from: &str, to: &str| RESOLVED.replace(from, to);
    broken(
        &replace("resolved: 2024-03-12T13:02:00+00:00\n", ""),
        BODY,
        &["content/incidents/x.md:4:9: error: a resolved incident needs a `resolved` time"],
    );
    broken(
        &format!("{RESOLVED}review: later\n"),
        BODY,
        &[
            "content/incidents/x.md:13:9: error: unknown review `later`",
            "pending, done, not-needed",
        ],
    );
    broken(
        &replace("detected: 2024-03-12T09:41", "detected: 2024-03-12T08:41"),
        BODY,
        &["content/incidents/x.md:7:11: error: the incident was `detected` before it `started`"],
    );
    broken(
        &replace("resolved: 2024-03-12T13:02", "resolved: 2024-03-12T09:30"),
        BODY,
        &[
            "content/incidents/x.md:8:11: error: the incident was `resolved` before it was `detected`",
        ],
    );
    // Issue 15: with no `detected` between them, a `resolved` a month before `started`
    // passed, and the page said "Duration 0 seconds".
    broken(
        &replace("detected: 2024-03-12T09:41:00+00:00\n", "")
            .replace(
                "started: 2024-03-12T09:14:00+00:00",
                "started: 2022-06-13T08:30Z",
            )
            .replace(
                "resolved: 2024-03-12T13:02:00+00:00",
                "resolved: 2022-05-15T11:00Z",
            ),
        BODY,
        &["content/incidents/x.md:7:11: error: the incident was `resolved` before it `started`"],
    );
    broken(
        &replace("severity: P1", "severity: P7"),
        BODY,
        &[
            "content/incidents/x.md:5:11: error: unknown severity `P7`",
            "P1, P2, P3, P4",
        ],
    );
    broken(
        &replace("status: resolved", "status: fixed"),
        BODY,
        &[
            "content/incidents/x.md:4:9: error: unknown status `fixed`",
            "investigating, identified, monitoring, resolved",
        ],
    );
    broken(
        &replace("status: done}", "status: finished}"),
        BODY,
        &["content/incidents/x.md:12:65: error: unknown action status `finished`"],
    );
    broken(
        &replace("due: 2024-04-30", "due: 30/04/2024"),
        BODY,
        &["content/incidents/x.md:12:", "`due`", "2024-03-12"],
    );
    broken(
        &replace("started: 2024-03-12T09:14:00+00:00", "started: yesterday"),
        BODY,
        &["content/incidents/x.md:6:10: error: `started`"],
    );
}

#[test]
fn durations_are_plain_words_and_right_across_the_clocks_change() {
    let site = incident_site();
    // 00:30 BST to 01:30 GMT on 27 October 2024 is two hours, not one.
    let front = RESOLVED
        .replace(
            "started: 2024-03-12T09:14:00+00:00",
            "started: 2024-10-27T00:30:00+01:00",
        )
        .replace(
            "detected: 2024-03-12T09:41:00+00:00",
            "detected: 2024-10-27T00:45:00+01:00",
        )
        .replace(
            "resolved: 2024-03-12T13:02:00+00:00",
            "resolved: 2024-10-27T01:30:00+00:00",
        );
    site.page("incidents/clocks.md", &front, BODY);
    site.page(
        "incidents/plain.md",
        &RESOLVED.replace("Payments down", "Plain"),
        BODY,
    );
    site.build().assert_ok();
    let html = site.read("incidents/clocks/index.html");
    assert!(
        html.contains("2 hours"),
        "duration across the clocks change"
    );
    assert!(html.contains("15 minutes"), "time to detect");
    assert!(html.contains("1 hour 45 minutes"), "time to resolve");
    let plain = site.read("incidents/plain/index.html");
    assert!(
        plain.contains("27 minutes")
            && plain.contains("3 hours 21 minutes")
            && plain.contains("3 hours 48 minutes")
    );
    let json: serde_json::Value = serde_json::from_str(&site.read("incidents.json")).unwrap();
    let clocks = json["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "clocks")
        .unwrap();
    assert_eq!(clocks["duration_seconds"], 7200);
    assert_eq!(clocks["time_to_detect_seconds"], 900);
    assert_eq!(clocks["started"], "2024-10-27T00:30:00+01:00");
    assert_eq!(clocks["resolved"], "2024-10-27T01:30:00+00:00");
}

#[test]
fn a_duration_that_cannot_be_known_is_said_so_never_zero_or_negative() {
    // Issue 15: a clamped duration read "0 seconds" and a reversed one was negative in
    // incidents.json. A day alone gives no duration in seconds: not known, and null.
    let site = incident_site();
    site.page(
        "incidents/x.md",
        &RESOLVED
            .replace("started: 2024-03-12T09:14:00+00:00", "started: 2024-03-12")
            .replace("detected: 2024-03-12T09:41:00+00:00\n", ""),
        BODY,
    );
    site.build().assert_ok();
    let page = site.read("incidents/x/index.html");
    assert!(
        page.contains("<dt>Duration</dt>\n        <dd>Not known</dd>"),
        "{page}"
    );
    assert!(!page.contains("0 seconds"));
    let json: serde_json::Value = serde_json::from_str(&site.read("incidents.json")).unwrap();
    let x = &json["incidents"][0];
    for field in [
        "duration_seconds",
        "time_to_detect_seconds",
        "time_to_resolve_seconds",
    ] {
        assert!(x.as_object().unwrap().contains_key(field), "{field}");
        assert_eq!(x[field], serde_json::Value::Null, "{field}");
    }
}

fn actions_site() -> Site {
    let site = incident_site();
    let front = RESOLVED.replace(
        "actions:\n  - {action: Add an alert, owner: Ops, due: 2024-04-30, status: done}\n",
        "actions:\n  - {action: Past due and open, owner: Ops, due: 2026-05-01, status: open}\n  - {action: Past due in progress, owner: Ops, due: 2026-05-31, status: in-progress}\n  - {action: Due later, owner: \"Ops, and Web\", due: 2026-07-01, status: open}\n  - {action: Done late, owner: Web, due: 2026-01-01, status: done}\n  - {action: Dropped, due: 2026-01-01, status: dropped}\n",
    );
    site.page("incidents/a.md", &front, BODY);
    site
}

#[test]
fn overdue_actions_are_marked_as_of_the_build_date() {
    let site = actions_site();
    site.build().assert_ok(); // --now 2026-06-01
    let tracker = site.read("incidents/actions/index.html");
    let section = |id: &str| {
        let start = tracker.find(&format!("id=\"actions-{id}\"")).unwrap();
        let end = tracker[start..].find("</section>").unwrap();
        tracker[start..start + end].to_string()
    };
    assert!(
        section("overdue").contains("Past due and open")
            && section("overdue").contains("Past due in progress")
    );
    assert!(!section("overdue").contains("Due later") && section("open").contains("Due later"));
    assert!(section("done").contains("Done late") && !section("overdue").contains("Done late"));
    assert!(section("dropped").contains("Dropped"));
    assert!(
        tracker.contains("href=\"/incidents/a/\""),
        "actions link back to their incident"
    );
    let page = site.read("incidents/a/index.html");
    assert_eq!(
        page.matches("badge--overdue").count(),
        2,
        "overdue shown on the incident page too"
    );
    // Issue 15: the page said "2 open, 1 overdue, 4 done" while the tracker counted
    // overdue apart and left out dropped. One wording, one count, everywhere.
    let summary =
        "<p class=\"actions-summary\">5 actions: 1 done, 3 open (2 overdue), 1 dropped.</p>";
    assert!(page.contains(summary), "{page}");
    assert!(tracker.contains(summary), "{tracker}");
    assert!(
        site.read("incidents/statistics/index.html")
            .contains("Their follow-up actions: 5 actions: 1 done, 3 open (2 overdue), 1 dropped.")
    );
    // A month later, the third is overdue too.
    site.run(&["build", "--now", "2026-07-02T00:00:00Z"])
        .assert_ok();
    assert_eq!(
        site.read("incidents/a/index.html")
            .matches("badge--overdue")
            .count(),
        3
    );
}

#[test]
fn open_data_parses_back_to_what_the_reports_say() {
    let site = actions_site();
    site.page(
        "incidents/b.md",
        &RESOLVED
            .replace("Payments down", "Second \"quoted\", with commas")
            .replace("severity: P1", "severity: 3"),
        BODY,
    );
    site.build().assert_ok();
    let json: serde_json::Value = serde_json::from_str(&site.read("incidents.json")).unwrap();
    let incidents = json["incidents"].as_array().unwrap();
    assert_eq!(incidents.len(), 2);
    let a = incidents.iter().find(|i| i["id"] == "a").unwrap();
    assert_eq!(a["url"], "https://test.example/incidents/a/");
    assert_eq!(a["severity"]["id"], "P1");
    assert_eq!(a["status"], "resolved");
    assert_eq!(a["services"], serde_json::json!(["Online payments"]));
    assert_eq!(a["time_to_detect_seconds"], 27 * 60);
    assert_eq!(a["actions"].as_array().unwrap().len(), 5);
    assert_eq!(a["actions"][0]["due"], "2026-05-01");
    assert_eq!(a["actions"][0]["overdue"], true);
    let b = incidents.iter().find(|i| i["id"] == "b").unwrap();
    assert_eq!(b["severity"]["id"], "P3", "severity by number");

    let csv_text = site.read("actions.csv");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "incident_id",
            "incident_title",
            "incident_url",
            "severity",
            "action",
            "owner",
            "due",
            "status",
            "overdue"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 6);
    let later = rows.iter().find(|r| &r[4] == "Due later").unwrap();
    assert_eq!(
        (&later[5], &later[6], &later[7], &later[8]),
        ("Ops, and Web", "2026-07-01", "open", "false")
    );
    assert!(
        rows.iter()
            .any(|r| &r[1] == "Second \"quoted\", with commas")
    );
    // Linked from the incident index.
    let index = site.read("incidents/index.html");
    assert!(index.contains("href=\"/incidents.json\"") && index.contains("href=\"/actions.csv\""));
    // Issue 15: "what the fields mean" led to github.com, not the council's own site.
    assert!(
        index.contains("<a href=\"/incidents/open-data/\">what the fields mean</a>"),
        "{index}"
    );
    assert!(!index.contains("github.com"));
    let fields = site.read("incidents/open-data/index.html");
    for field in ["time_to_detect_seconds", "incident_url", "overdue"] {
        assert!(fields.contains(&format!("<code>{field}</code>")), "{field}");
    }
    assert!(!fields.contains("<h1>Open data"), "one h1, the page's own");
}

#[test]
fn filter_pages_narrow_the_index_by_severity_service_and_year() {
    let site = incident_site();
    let make = |name: &str, sev: &str, service: &str, day: &str| {
        let f = RESOLVED
            .replace("Payments down", name)
            .replace("severity: P1", &format!("severity: {sev}"))
            .replace("[Online payments]", &format!("[{service}]"))
            .replace("2024-03-12", day);
        site.page(&format!("incidents/{}.md", name.to_lowercase()), &f, BODY);
    };
    make("Alpha", "P1", "Online payments", "2024-03-12");
    make("Bravo", "P2", "Council tax portal", "2025-06-01");
    make("Charlie", "P1", "Council tax portal", "2025-08-01");
    site.build().assert_ok();
    let p1 = site.read("incidents/severity/p1/index.html");
    assert!(
        p1.contains("Alpha") && p1.contains("Charlie") && !p1.contains(">Bravo<"),
        "{p1}"
    );
    let tax = site.read("incidents/service/council-tax-portal/index.html");
    assert!(tax.contains("Bravo") && tax.contains("Charlie") && !tax.contains(">Alpha<"));
    let y2025 = site.read("incidents/year/2025/index.html");
    assert!(y2025.contains("Bravo") && y2025.contains("Charlie") && !y2025.contains(">Alpha<"));
    let index = site.read("incidents/index.html");
    for link in [
        "/incidents/severity/p1/",
        "/incidents/severity/p2/",
        "/incidents/service/online-payments/",
        "/incidents/year/2024/",
        "/incidents/actions/",
        "/incidents/statistics/",
    ] {
        assert!(
            index.contains(&format!("href=\"{link}\"")),
            "{link} not linked from the index"
        );
    }
    assert!(
        p1.contains("aria-current=\"page\">P1 Critical"),
        "the current filter is marked"
    );
    let stats = site.read("incidents/statistics/index.html");
    assert_eq!(stats.matches("<div class=\"bar-chart\"").count(), 2);
    assert!(stats.contains(">The numbers, by quarter and severity</caption>"));
    assert!(
        stats.contains("<th scope=\"row\">Q2 2025</th><td>0</td><td>1</td>"),
        "quarter table"
    );
    let broken = crate::harness::broken_internal_links(&site, "https://test.example");
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn posts_report_on_plan_items_and_the_plan_lists_them() {
    let site = Site::new();
    site.page("plan/_index.md", "title: Plans\nkind: plan\n", "");
    site.page("plan/roadmap.md", "title: Roadmap\nitems:\n  - {title: Rebuild our forms, status: in-progress, horizon: now}\n  - {title: Open data, status: planned, horizon: later}\n", "");
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page(
        "blog/forms.md",
        "title: Forms news\ndate: 2024-01-01\nplan_item: Rebuild our forms\n",
        "x",
    );
    site.build().assert_ok();
    let plan = site.read("plan/roadmap/index.html");
    assert!(plan.contains("id=\"item-rebuild-our-forms\""));
    assert!(
        plan.contains("href=\"/blog/forms/\""),
        "the plan links to the post"
    );
    assert!(
        site.read("blog/forms/index.html")
            .contains("href=\"/plan/roadmap/#item-rebuild-our-forms\"")
    );
    site.page(
        "blog/typo.md",
        "title: Typo\ndate: 2024-01-02\nplan_item: Rebuild our froms\n",
        "x",
    );
    let run = site.build();
    run.assert_failed();
    assert!(
        run.stderr.contains(
            "content/blog/typo.md:4:12: error: no plan has an item \"Rebuild our froms\""
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean \"Rebuild our forms\"?"),
        "{}",
        run.stderr
    );
}

#[test]
fn posts_in_a_series_link_to_their_neighbours_and_the_series_page() {
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    for (i, week) in ["2024-W10", "2024-W11", "2024-W12"].iter().enumerate() {
        site.page(
            &format!("blog/w{i}.md"),
            &format!(
                "title: Week {i}\ndate: 2024-03-0{}\nseries: weeknotes\nweek: {week}\n",
                i + 1
            ),
            "x",
        );
    }
    site.page(
        "blog/other.md",
        "title: Not a weeknote\ndate: 2024-03-02T12:00:00Z\n",
        "x",
    );
    site.build().assert_ok();
    let middle = site.read("blog/w1/index.html");
    assert!(middle.contains("2024-W11"), "the week is shown");
    let series_nav = &middle[middle.find("In this series").unwrap()..];
    assert!(series_nav.contains("href=\"/blog/w0/\"") && series_nav.contains("href=\"/blog/w2/\""));
    assert!(!series_nav[..series_nav.find("</nav>").unwrap()].contains("/blog/other/"));
    let series = site.read("series/weeknotes/index.html");
    assert!(
        series.contains("Week 0")
            && series.contains("Week 2")
            && !series.contains("Not a weeknote")
    );
}

const UPDATES: &str = "updates:\n  - {at: 2024-03-12T09:45:00Z, status: investigating, text: Card payments are failing.}\n  - {at: 2024-03-12T13:05:00Z, status: resolved, text: Payments work again.}\n  - {at: 2024-03-12T11:00:00Z, status: identified, text: A certificate changed.}\n";

#[test]
fn updates_are_a_timeline_on_the_report_and_in_the_open_data() {
    let site = incident_site();
    site.page("incidents/x.md", &format!("{RESOLVED}{UPDATES}"), BODY);
    site.build().assert_ok();
    let page = site.read("incidents/x/index.html");
    let timeline = &page[page.find("<ol class=\"timeline\" reversed>").unwrap()..];
    let order: Vec<usize> = [
        "Payments work again.",
        "A certificate changed.",
        "Card payments are failing.",
    ]
    .iter()
    .map(|t| timeline.find(t).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "newest first");
    assert!(timeline.contains("<time datetime=\"2024-03-12T11:00:00+00:00\">12 March 2024, 11:00 GMT</time> <span class=\"badge badge--identified\">Identified</span>"));
    let json: serde_json::Value = serde_json::from_str(&site.read("incidents.json")).unwrap();
    assert_eq!(
        json["incidents"][0]["updates"][1],
        serde_json::json!({"at": "2024-03-12T11:00:00+00:00", "status": "identified", "text": "A certificate changed."}),
        "oldest first in the data"
    );
    assert_eq!(json["incidents"][0]["type"], "incident");

    let early = UPDATES.replace("2024-03-12T09:45:00Z", "2024-03-12T08:00:00Z");
    broken(
        &format!("{RESOLVED}{early}"),
        BODY,
        &[
            "content/incidents/x.md:14:10: error: this update is dated before the incident `started`",
        ],
    );
    let odd = UPDATES.replace("status: identified", "status: found");
    broken(
        &format!("{RESOLVED}{odd}"),
        BODY,
        &["content/incidents/x.md:16:40: error: unknown update status `found`"],
    );
}

#[test]
fn an_update_whose_status_is_not_the_reports_is_a_warning_at_status() {
    // The newest update says resolved (13:05); the report still says monitoring, so
    // the status page would show the service as affected.
    let front = RESOLVED
        .replace("status: resolved", "status: monitoring")
        .replace("resolved: 2024-03-12T13:02:00+00:00\n", "");
    let site = incident_site();
    site.page("incidents/x.md", &format!("{front}{UPDATES}"), BODY);
    let run = site.build();
    run.assert_ok();
    assert_eq!(
        problems(&run.stderr),
        [
            "content/incidents/x.md:4:9: warning: `status: monitoring`, but the newest update (line 14) says `resolved`"
        ]
    );
    assert!(
        run.stderr.contains("4 | status: monitoring\n  |         ^"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("= help: the status page and the open data go by `status:`: change it to `status: resolved`"),
        "{}",
        run.stderr
    );
    // A newest update without a status says nothing about it, so nothing is compared
    // with an older one's.
    let quiet = UPDATES.replace("status: resolved, ", "");
    let front = RESOLVED
        .replace("status: resolved", "status: identified")
        .replace("resolved: 2024-03-12T13:02:00+00:00\n", "");
    assert_eq!(
        said(crate::harness::SITE_YAML, &format!("{front}{quiet}"), BODY),
        Vec::<String>::new()
    );
    // When they agree, nothing is said.
    assert_eq!(
        said(
            crate::harness::SITE_YAML,
            &format!("{RESOLVED}{UPDATES}"),
            BODY
        ),
        Vec::<String>::new()
    );
}

#[test]
fn the_blameless_check_reads_the_prose_in_the_front_matter_too() {
    let site = incident_site();
    let front = RESOLVED
        .replace(
            "impact: Nobody could pay.\n",
            "impact: >\n  Nobody could pay for three hours. It was\n  human error by Tom Evans, who deployed late.\nsummary: Card payments failed after a certificate changed.\n",
        )
        .replace(
            "  - {action: Add an alert, owner: Ops, due: 2024-04-30, status: done}\n",
            "  - {action: Add an alert, owner: Ops, due: 2024-04-30, status: done}\n  - {action: Make sure the job never fails to start again, owner: Ops, status: open}\n",
        );
    let updates = "updates:\n  - {at: 2024-03-12T09:45:00Z, status: investigating, text: Card payments are failing. The deploy job failed to start.}\n  - {at: 2024-03-12T11:00:00Z, status: identified, text: The on-call engineer forgot to renew the certificate.}\n  - {at: 2024-03-12T13:05:00Z, status: resolved, text: Payments work again.}\n";
    site.page("incidents/x.md", &format!("{front}{updates}"), BODY);
    let run = site.run(&["check", "--now", "2026-06-01T12:00:00Z"]);
    run.assert_ok();
    let blame: Vec<String> = problems(&run.stderr)
        .into_iter()
        .filter(|l| l.contains("blames a person"))
        .collect();
    assert_eq!(
        blame,
        [
            "content/incidents/x.md:12:3: warning: this sentence blames a person: \"human error by Tom Evans\"",
            "content/incidents/x.md:19:58: warning: this sentence blames a person: \"The on-call engineer forgot to\"",
        ],
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("12 |   human error by Tom Evans, who deployed late.\n   |   ^"),
        "{}",
        run.stderr
    );
    // `build` leaves wording to `check`.
    assert!(!site.build().stderr.contains("blames a person"));
}

const NOTICE: &str = "title: Phone lines closed for the bank holiday\ndate: 2024-05-06\ntype: notice\nservices: [Contact centre]\n";
const MAINTENANCE: &str = "title: Council tax portal offline for an upgrade\ndate: 2024-03-01\ntype: maintenance\nscheduled: {start: 2026-06-06T21:00:00Z, end: 2026-06-07T01:00:00Z}\nservices: [Council tax portal]\n";

#[test]
fn notices_and_maintenance_are_reports_of_their_own_kept_out_of_the_statistics() {
    let site = incident_site();
    site.page("incidents/a.md", RESOLVED, BODY);
    site.page("incidents/notice.md", NOTICE, "Call us on Tuesday.\n");
    site.page("incidents/upgrade.md", MAINTENANCE, "We are upgrading.\n");
    site.build().assert_ok(); // --now 2026-06-01: the window is still to come
    let upgrade = site.read("incidents/upgrade/index.html");
    assert!(upgrade.contains("<p class=\"kicker\">Planned maintenance</p>"));
    assert!(upgrade.contains("<span class=\"badge badge--scheduled\">Scheduled</span>"));
    assert!(
        upgrade.contains(
            "<time datetime=\"2026-06-06T22:00:00+01:00\">6 June 2026, 22:00 BST</time> to"
        )
    );
    assert!(!upgrade.contains("Time to detect") && !upgrade.contains("Follow-up actions"));
    let notice = site.read("incidents/notice/index.html");
    assert!(
        notice.contains("<p class=\"kicker\">Notice</p>") && !notice.contains("<dt>Status</dt>")
    );
    let index = site.read("incidents/index.html");
    assert!(index.contains("<span class=\"badge badge--type\">Planned maintenance</span>"));
    assert!(index.contains("<span class=\"badge badge--type\">Notice</span>"));
    let stats = site.read("incidents/statistics/index.html");
    assert!(stats.contains("1 incident report published"), "{stats}");
    // The window has come: in progress, then completed, by the build's "now".
    site.run(&["build", "--now", "2026-06-06T23:00:00Z"])
        .assert_ok();
    assert!(
        site.read("incidents/upgrade/index.html")
            .contains("badge--in-progress\">In progress")
    );
    site.run(&["build", "--now", "2026-06-08T00:00:00Z"])
        .assert_ok();
    assert!(
        site.read("incidents/upgrade/index.html")
            .contains("badge--completed\">Completed")
    );
    let json: serde_json::Value = serde_json::from_str(&site.read("incidents.json")).unwrap();
    let upgrade = json["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "upgrade")
        .unwrap();
    assert_eq!(upgrade["type"], "maintenance");
    assert_eq!(upgrade["status"], "completed");
    assert_eq!(upgrade["severity"], serde_json::Value::Null);
    assert_eq!(upgrade["scheduled_start"], "2026-06-06T22:00:00+01:00");

    // Counted when the site asks.
    let asks = Site::with_config(&format!(
        "{}incidents:\n  statistics_include: [maintenance, notice]\n",
        crate::harness::SITE_YAML
    ));
    asks.page(
        "incidents/_index.md",
        "title: Incident reports\nkind: incident\n",
        "",
    );
    asks.page("incidents/notice.md", NOTICE, "x\n");
    asks.page("incidents/upgrade.md", MAINTENANCE, "x\n");
    asks.build().assert_ok();
    assert!(
        asks.read("incidents/statistics/index.html")
            .contains("2 incident reports published")
    );
}

#[test]
fn each_rule_of_notices_and_maintenance_names_its_line() {
    broken(
        &format!("{NOTICE}status: resolved\n"),
        "x",
        &["content/incidents/x.md:6:9: error: a notice has no `status`"],
    );
    broken(
        &MAINTENANCE.replace(
            "scheduled: {start: 2026-06-06T21:00:00Z, end: 2026-06-07T01:00:00Z}\n",
            "",
        ),
        "x",
        &["content/incidents/x.md:4:7: error: planned maintenance needs its window, `scheduled`"],
    );
    broken(
        &MAINTENANCE.replace("end: 2026-06-07T01:00:00Z", "end: 2026-06-06T20:00:00Z"),
        "x",
        &["content/incidents/x.md:5:47: error: the maintenance window ends before it starts"],
    );
    broken(
        &format!(
            "{RESOLVED}scheduled: {{start: 2024-03-12T09:00:00Z, end: 2024-03-12T10:00:00Z}}\n"
        ),
        BODY,
        &[
            "content/incidents/x.md:13:12: error: `scheduled` is for planned maintenance, but this report is an incident",
        ],
    );
    broken(
        &MAINTENANCE.replace("type: maintenance", "type: outage"),
        "x",
        &[
            "content/incidents/x.md:4:7: error: unknown type `outage`",
            "incident, notice, maintenance",
        ],
    );
    broken(
        &format!("{MAINTENANCE}status: resolved\n"),
        "x",
        &[
            "content/incidents/x.md:7:9: error: unknown maintenance status `resolved`",
            "scheduled, in-progress",
        ],
    );
}
