//! The status page, status.json, the status feed, the badges and the banner, made from
//! the incident reports: each state a service can be in, the schema the docs promise,
//! and the banner only while something is wrong.

use crate::harness::{Site, repo};

/// The harness builds at 2026-06-01T12:00:00Z.
const SECTION: &str = "title: Incident reports\nkind: incident\n";

fn status_site() -> Site {
    let site = Site::with_config(&format!(
        "{}incidents:\n  services: [Online payments, Website]\n",
        crate::harness::SITE_YAML
    ));
    site.page("incidents/_index.md", SECTION, "");
    // Resolved nine days before the build: in every service's history, open nowhere.
    site.page(
        "incidents/old.md",
        "title: Payments down in May\ndate: 2026-05-23\nstatus: resolved\nseverity: P1\nstarted: 2026-05-23T09:00:00Z\ndetected: 2026-05-23T09:10:00Z\nresolved: 2026-05-23T11:00:00Z\nservices: [Online payments]\nreview: pending\nupdates:\n  - {at: 2026-05-23T09:15:00Z, status: investigating, text: Card payments fail.}\n  - {at: 2026-05-23T11:00:00Z, status: resolved, text: Payments work again.}\n",
        "It broke.\n",
    );
    site
}

fn open_incident(severity: &str) -> String {
    format!(
        "title: Website slow\ndate: 2026-06-01\nstatus: identified\nseverity: {severity}\nstarted: 2026-06-01T08:00:00Z\nservices: [Website]\nupdates:\n  - {{at: 2026-06-01T08:30:00Z, status: identified, text: A database is overloaded.}}\n"
    )
}

fn maintenance(start: &str, end: &str) -> String {
    format!(
        "title: Payments upgrade\ndate: 2026-05-20\ntype: maintenance\nscheduled: {{start: {start}, end: {end}}}\nservices: [Online payments]\n"
    )
}

fn json(site: &Site, file: &str) -> serde_json::Value {
    serde_json::from_str(&site.read(file)).unwrap()
}

/// Each service's state in status.json, by id.
fn states(site: &Site) -> Vec<(String, String)> {
    json(site, "status.json")["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                s["state"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

#[test]
fn the_status_page_says_each_state_a_service_can_be_in() {
    let site = status_site();
    // All operational: one resolved incident.
    site.build().assert_ok();
    let page = site.read("status/index.html");
    assert!(
        page.contains("<strong>All services are operating normally.</strong>"),
        "{page}"
    );
    assert!(
        page.contains("<span class=\"visually-hidden\">Online payments: </span>Operational</span>")
    );
    assert_eq!(
        states(&site),
        [
            pair("online-payments", "operational"),
            pair("website", "operational")
        ]
    );
    assert_eq!(json(&site, "status.json")["state"], "operational");
    assert!(
        !site.read("index.html").contains("status-banner"),
        "no banner while all is well"
    );
    assert!(!site.read("incidents/index.html").contains("status-banner"));

    // Degraded: an open incident whose severity means major.
    site.page("incidents/slow.md", &open_incident("P2"), "Slow.\n");
    site.build().assert_ok();
    assert_eq!(
        states(&site),
        [
            pair("online-payments", "operational"),
            pair("website", "degraded")
        ]
    );
    let page = site.read("status/index.html");
    assert!(
        page.contains("<strong>1 service degraded.</strong>"),
        "{page}"
    );
    assert!(page.contains("<h2 id=\"status-open\">Open incidents</h2>"));
    assert!(page.contains("Latest update, <time datetime=\"2026-06-01T09:30:00+01:00\">1 June 2026, 09:30 BST</time>: A database is overloaded."));
    for list in [
        "index.html",
        "incidents/index.html",
        "incidents/actions/index.html",
        "incidents/service/website/index.html",
    ] {
        let html = site.read(list);
        assert!(
            html.contains("<h2 id=\"status-banner-heading\" class=\"status-banner__heading\">1 incident open</h2>")
                && html.contains("<a href=\"/incidents/slow/\">Website slow</a> (identified)")
                && html.contains("<a href=\"/status/\">Service status</a>"),
            "no banner on {list}"
        );
    }

    // Outage: the same, critical.
    site.page("incidents/slow.md", &open_incident("P1"), "Slow.\n");
    site.build().assert_ok();
    assert_eq!(states(&site)[1], pair("website", "outage"));
    assert!(
        site.read("status/index.html")
            .contains("<strong>1 service down.</strong>")
    );

    // Resolved: the banner goes.
    site.page(
        "incidents/slow.md",
        &open_incident("P1").replacen(
            "status: identified",
            "status: resolved\nresolved: 2026-06-01T10:00:00Z\nreview: pending",
            1,
        ),
        "Slow.\n",
    );
    site.build().assert_ok();
    assert!(!site.read("index.html").contains("status-banner"));
    assert_eq!(states(&site)[1], pair("website", "operational"));

    // Maintenance to come: listed, and no service changes.
    site.page(
        "incidents/upgrade.md",
        &maintenance("2026-06-06T21:00:00Z", "2026-06-07T01:00:00Z"),
        "x\n",
    );
    site.build().assert_ok();
    let status = json(&site, "status.json");
    assert_eq!(status["maintenance_upcoming"][0]["id"], "upgrade");
    assert_eq!(status["maintenance_now"], serde_json::json!([]));
    assert_eq!(states(&site)[0], pair("online-payments", "operational"));
    assert!(
        site.read("status/index.html")
            .contains("<h2 id=\"status-upcoming\">Planned maintenance</h2>")
    );
    assert!(!site.read("index.html").contains("status-banner"));

    // Maintenance now.
    site.page(
        "incidents/upgrade.md",
        &maintenance("2026-06-01T11:00:00Z", "2026-06-01T13:00:00Z"),
        "x\n",
    );
    site.build().assert_ok();
    assert_eq!(states(&site)[0], pair("online-payments", "maintenance"));
    assert_eq!(
        json(&site, "status.json")["maintenance_now"][0]["id"],
        "upgrade"
    );
    let home = site.read("index.html");
    assert!(
        home.contains("Planned maintenance under way") && home.contains("(maintenance under way)"),
        "{home}"
    );
    assert!(
        site.read("status/index.html")
            .contains("<strong>1 service under planned maintenance.</strong>")
    );
}

#[test]
fn each_service_shows_its_last_90_days_in_pictures_and_words() {
    let site = status_site();
    site.build().assert_ok();
    let status = json(&site, "status.json");
    let payments = &status["services"][0];
    let days = payments["days"].as_array().unwrap();
    assert_eq!(days.len(), 90);
    assert_eq!(days[89]["date"], "2026-06-01", "today last");
    let may23 = days.iter().find(|d| d["date"] == "2026-05-23").unwrap();
    assert_eq!(may23["state"], "outage");
    assert_eq!(may23["incidents"], serde_json::json!(["old"]));
    assert_eq!(
        days.iter().filter(|d| d["state"] != "operational").count(),
        1
    );
    let page = site.read("status/index.html");
    assert!(page.contains("1 day with incidents or maintenance in the last 90 days: 1 of outage."));
    assert!(page.contains("<li><time datetime=\"2026-05-23\">23 May 2026</time>: <a href=\"/incidents/old/\">Payments down in May</a></li>"));
    assert!(
        page.contains("class=\"status-history\" aria-hidden=\"true\""),
        "the picture is hidden from screen readers; the words say it"
    );
    assert!(
        page.contains("No incidents or maintenance in the last 90 days."),
        "the website"
    );
}

/// The rows of the tables under `## `/status.json``, by the heading above each: field
/// name -> documented type.
fn documented(doc: &str) -> Vec<(String, Vec<(String, String)>)> {
    let start = doc
        .find("## `/status.json`")
        .expect("a status.json section");
    let section = &doc[start..];
    let end = section[3..].find("\n## ").map_or(section.len(), |i| i + 3);
    let mut tables: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in section[..end].lines() {
        if let Some(h) = line.strip_prefix("### ") {
            tables.push((h.to_string(), Vec::new()));
        } else if line.starts_with("| `") {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let Some((_, rows)) = tables.last_mut() else {
                continue;
            };
            for name in cells[1].split(',') {
                rows.push((
                    name.trim().trim_matches('`').to_string(),
                    cells[2].to_string(),
                ));
            }
        }
    }
    tables
}

fn type_of(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "integer",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

#[track_caller]
fn matches(object: &serde_json::Value, fields: &[(String, String)], what: &str) {
    let map = object
        .as_object()
        .unwrap_or_else(|| panic!("{what} is not an object"));
    let mut keys: Vec<&String> = map.keys().collect();
    let mut names: Vec<&String> = fields.iter().map(|(n, _)| n).collect();
    keys.sort();
    names.sort();
    assert_eq!(
        keys, names,
        "{what}: the fields written are the fields documented"
    );
    for (name, ty) in fields {
        let actual = type_of(&map[name]);
        assert!(
            ty.split(" or ").any(|t| t == actual),
            "{what}.{name} is {actual}, documented as {ty}"
        );
    }
}

#[test]
fn status_json_is_what_docs_open_data_md_says() {
    let site = status_site();
    site.page("incidents/slow.md", &open_incident("P2"), "Slow.\n");
    site.page(
        "incidents/upgrade.md",
        &maintenance("2026-06-06T21:00:00Z", "2026-06-07T01:00:00Z"),
        "x\n",
    );
    site.page(
        "incidents/notice.md",
        "title: New phone number\ndate: 2026-05-30\ntype: notice\n",
        "x\n",
    );
    site.build().assert_ok();
    let doc = std::fs::read_to_string(repo().join("docs/open-data.md")).unwrap();
    let tables = documented(&doc);
    let table = |h: &str| {
        &tables
            .iter()
            .find(|(t, _)| t == h)
            .unwrap_or_else(|| panic!("no table {h}"))
            .1
    };
    let status = json(&site, "status.json");
    assert_eq!(status["schema"], "daylight status 1 (docs/open-data.md)");
    matches(&status, table("The document"), "the document");
    let service = &status["services"][1];
    matches(service, table("A service"), "a service");
    matches(&service["days"][0], table("A day"), "a day");
    let open = &status["open_incidents"][0];
    matches(open, table("A report"), "a report");
    matches(&open["latest_update"], table("An update"), "an update");
    matches(
        &status["maintenance_upcoming"][0],
        table("A report"),
        "maintenance",
    );
    matches(&status["notices"][0], table("A report"), "a notice");
    assert_eq!(open["latest_update"]["text"], "A database is overloaded.");
    assert_eq!(status["notices"][0]["type"], "notice");
    assert_eq!(status["notices"][0]["status"], serde_json::Value::Null);
    // The open data page on the site shows the same documentation.
    let page = site.read("incidents/open-data/index.html");
    assert!(page.contains("<code>maintenance_upcoming</code>"));
}

#[test]
fn the_status_feed_carries_every_report_and_update() {
    let site = status_site();
    site.page("incidents/slow.md", &open_incident("P2"), "Slow.\n");
    site.page(
        "incidents/draft.md",
        &format!(
            "{}draft: true\n",
            open_incident("P2").replace("Website slow", "Secret")
        ),
        "x\n",
    );
    site.build().assert_ok();
    let xml = site.read("status/atom.xml");
    let feed = feed_rs::parser::parse(xml.as_bytes()).expect("a valid Atom feed");
    let entries: Vec<(String, String)> = feed
        .entries
        .iter()
        .map(|e| (e.id.clone(), e.title.as_ref().unwrap().content.clone()))
        .collect();
    assert_eq!(
        entries,
        [
            pair(
                "https://test.example/incidents/slow/#update-1",
                "Website slow: Identified"
            ),
            pair(
                "https://test.example/incidents/slow/",
                "Incident: Website slow"
            ),
            pair(
                "https://test.example/incidents/old/#update-2",
                "Payments down in May: Resolved"
            ),
            pair(
                "https://test.example/incidents/old/#update-1",
                "Payments down in May: Investigating"
            ),
            pair(
                "https://test.example/incidents/old/",
                "Incident: Payments down in May"
            ),
        ],
        "newest first; no drafts"
    );
    assert!(
        site.read("status/index.html")
            .contains("href=\"/status/atom.xml\"")
    );
}

#[test]
fn a_notice_may_say_when_it_applies_and_is_listed_until_its_window_ends() {
    let site = status_site();
    // Posted months ago, applies now: listed, though older than the 90 days.
    site.page(
        "incidents/phones.md",
        "title: Phone lines closed for the move\ndate: 2026-01-10\ntype: notice\nscheduled: {start: 2026-05-30T09:00:00Z, end: 2026-06-03T17:00:00Z}\nservices: [Online payments]\n",
        "Call back from 4 June.\n",
    );
    // Its window is over: not listed, though posted in the last 90 days.
    site.page(
        "incidents/over.md",
        "title: Office closed for a training day\ndate: 2026-05-20\ntype: notice\nscheduled: {start: 2026-05-21T08:00:00Z, end: 2026-05-21T17:00:00Z}\n",
        "x\n",
    );
    // No window: listed for the 90 days after it was posted, as before.
    site.page(
        "incidents/number.md",
        "title: New phone number\ndate: 2026-05-30\ntype: notice\n",
        "x\n",
    );
    site.build().assert_ok();
    let status = json(&site, "status.json");
    let ids: Vec<&str> = status["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["number", "phones"], "newest first");
    let phones = &status["notices"][1];
    assert_eq!(phones["status"], serde_json::Value::Null);
    assert_eq!(phones["scheduled_start"], "2026-05-30T10:00:00+01:00");
    assert_eq!(phones["scheduled_end"], "2026-06-03T18:00:00+01:00");
    assert_eq!(
        states(&site)[0],
        pair("online-payments", "operational"),
        "a notice changes no service's state"
    );
    let page = site.read("incidents/phones/index.html");
    assert!(
        page.contains("<dt>Applies</dt>\n        <dd><time datetime=\"2026-05-30T10:00:00+01:00\">30 May 2026, 10:00 BST</time> to"),
        "{page}"
    );
    assert!(!page.contains("<dt>Status</dt>"));
    let status_page = site.read("status/index.html");
    assert!(
        status_page.contains("<a href=\"/incidents/phones/\">Phone lines closed for the move</a>")
    );
    assert!(!status_page.contains("Office closed for a training day"));
    // After the window, it goes.
    site.run(&["build", "--now", "2026-06-04T12:00:00Z"])
        .assert_ok();
    assert!(
        !site
            .read("status/index.html")
            .contains("Phone lines closed")
    );

    let bad = status_site();
    bad.page(
        "incidents/x.md",
        "title: Phones\ndate: 2026-05-01\ntype: notice\nscheduled: {start: 2026-05-30T09:00:00Z, end: 2026-05-29T17:00:00Z}\n",
        "x\n",
    );
    let stderr = bad.build_failing();
    assert!(
        stderr.contains(
            "content/incidents/x.md:5:47: error: the notice's window ends before it starts"
        ),
        "{stderr}"
    );
}

#[test]
fn each_service_has_a_badge_that_says_its_state_in_words() {
    let site = status_site();
    site.page("incidents/slow.md", &open_incident("P1"), "Slow.\n");
    site.build().assert_ok();
    let svg = site.read("status/badges/website.svg");
    let doc = roxmltree::Document::parse(&svg).expect("valid SVG");
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    assert_eq!(root.attribute("aria-label"), Some("Website: outage"));
    assert!(svg.contains("<title>Website: outage</title>"));
    assert!(
        site.read("status/badges/online-payments.svg")
            .contains("Online payments: operational")
    );
    let broken = crate::harness::broken_internal_links(&site, "https://test.example");
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn a_sites_own_page_at_status_wins_and_the_status_page_can_be_turned_off() {
    let site = status_site();
    site.page("status.md", "title: Our status\n", "Ours.\n");
    site.build().assert_ok();
    assert!(site.read("status/index.html").contains("Ours."));
    assert!(!site.exists("status.json"));
    let off = Site::with_config(&format!(
        "{}incidents:\n  status_page: false\n",
        crate::harness::SITE_YAML
    ));
    off.page("incidents/_index.md", SECTION, "");
    off.page("incidents/slow.md", &open_incident("P2"), "Slow.\n");
    off.build().assert_ok();
    assert!(!off.exists("status/index.html") && !off.exists("status.json"));
    assert!(
        off.read("index.html")
            .contains("<a href=\"/incidents/\">Service status</a>"),
        "the banner links to the incident list instead"
    );
}
