//! Keeping content true (issue 19): review dates from the page, its section and
//! site.yaml; `reviewed` alone resetting the clock; last-updated dates from a git
//! repository made here with commits at known dates, and none outside git; `check`'s
//! warnings in text and JSON, and `--strict`; the content-health report; the
//! accessibility statement's required sentences and its warnings.

use std::path::Path;
use std::process::Command;

use crate::harness::{SITE_YAML, Site};

const NOW: &str = "2026-06-01T12:00:00Z";

fn check(site: &Site, extra: &[&str]) -> crate::harness::Run {
    let mut args = vec!["check", "--now", NOW];
    args.extend_from_slice(extra);
    site.run(&args)
}

/// `check --format json`'s diagnostics as (code, path, line, severity).
fn json_codes(site: &Site, extra: &[&str]) -> Vec<(String, String, u64, String)> {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let run = check(site, &args);
    let report: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout, run.stderr));
    let mut out: Vec<_> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].is_string())
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

/// `check` (or a build) printed `needle` on stderr.
#[track_caller]
fn said(run: &crate::harness::Run, needle: &str) {
    assert!(run.stderr.contains(needle), "{needle}\n---\n{}", run.stderr);
}

fn warning(code: &str, path: &str, line: u64) -> (String, String, u64, String) {
    (code.into(), path.into(), line, "warning".into())
}

fn review_site() -> Site {
    let site = Site::with_config(&format!("{SITE_YAML}review:\n  every: 1 year\n"));
    // From site.yaml: a page, 1 year after its date.
    site.page(
        "site-wide.md",
        "title: Site wide\ndate: 2025-01-10\n",
        "Text.\n",
    );
    // From the section's _index.md: 6 months.
    site.page(
        "guides/_index.md",
        "title: Guides\nreview_every: 6 months\n",
        "",
    );
    site.page(
        "guides/bins.md",
        "title: Bins\ndate: 2025-09-01\n",
        "Text.\n",
    );
    // From the page: its own review_by, and its own review_every.
    site.page(
        "by-date.md",
        "title: By date\ndate: 2026-01-01\nreview_by: 2026-05-01\n",
        "Text.\n",
    );
    site.page(
        "own-period.md",
        "title: Own period\ndate: 2026-01-01\nreview_every: 3 months\n",
        "Text.\n",
    );
    // Not yet due; and a post, a record of its day, which site.yaml's period skips.
    site.page("fresh.md", "title: Fresh\ndate: 2026-01-01\n", "Text.\n");
    site.page(
        "blog/old-news.md",
        "title: Old news\nkind: post\ndate: 2019-01-01\n",
        "Text.\n",
    );
    site
}

#[test]
fn review_dates_come_from_the_page_its_section_and_the_site() {
    let site = review_site();
    assert_eq!(
        json_codes(&site, &[]),
        [
            warning("review-overdue", "content/by-date.md", 4),
            warning("review-overdue", "content/guides/bins.md", 2),
            warning("review-overdue", "content/own-period.md", 2),
            warning("review-overdue", "content/site-wide.md", 2),
        ]
    );
    let run = check(&site, &[]);
    run.assert_ok();
    for expected in [
        "content/site-wide.md:2:1: warning: this page was due for review on 10 January 2026 (1 year after it was published, as site.yaml's `review.every` says)",
        "content/guides/bins.md:2:1: warning: this page was due for review on 1 March 2026 (6 months after it was published, as content/guides/_index.md says)",
        "content/by-date.md:4:12: warning: this page was due for review on 1 May 2026 (as its `review_by` says)",
        "content/own-period.md:2:1: warning: this page was due for review on 1 April 2026 (3 months after it was published, as its `review_every` says)",
        "`reviewed: 2026-06-01` alone records the review",
    ] {
        said(&run, expected);
    }
    let e = &run.stderr;
    assert!(!e.contains("old-news"), "{e}");
    assert!(!e.contains("fresh.md"), "{e}");
}

#[test]
fn reviewed_alone_resets_the_clock() {
    let site = Site::new();
    let front = |reviewed: &str| {
        format!("title: Guide\ndate: 2020-01-01\nreview_every: 1 year\n{reviewed}")
    };
    site.page("guide.md", &front(""), "Text.\n");
    site.page("by.md", "title: By\nreview_by: 2026-01-01\n", "Text.\n");
    assert_eq!(
        json_codes(&site, &[]),
        [
            warning("review-overdue", "content/by.md", 3),
            warning("review-overdue", "content/guide.md", 2),
        ]
    );
    // Only the `reviewed:` line changes: the clock starts again from it.
    site.page("guide.md", &front("reviewed: 2026-03-01\n"), "Text.\n");
    site.page(
        "by.md",
        "title: By\nreview_by: 2026-01-01\nreviewed: 2026-01-20\n",
        "Text.\n",
    );
    check(&site, &[]).assert_clean();
    // A review long ago: the warning points at `reviewed:`.
    site.page("guide.md", &front("reviewed: 2025-01-01\n"), "Text.\n");
    let run = check(&site, &[]);
    said(
        &run,
        "content/guide.md:5:11: warning: this page was due for review on 1 January 2026 (1 year after it was last reviewed, as its `review_every` says)",
    );
}

#[test]
fn review_fields_are_checked_where_they_are_written() {
    let site = Site::new();
    site.page(
        "a.md",
        "title: A\nreview_every: fortnightly\nreview_by: next year\n",
        "Text.\n",
    );
    site.page("s/_index.md", "title: S\nreview_by: 2026-01-01\n", "");
    let e = site.build_failing();
    assert!(
        e.contains("content/a.md:3:15: error: `review_every: fortnightly` is not a period"),
        "{e}"
    );
    assert!(e.contains("content/a.md:4:12: error: `review_by`:"), "{e}");
    assert!(
        e.contains(
            "content/s/_index.md:3:12: error: `review_by` has no effect in a section's _index.md"
        ),
        "{e}"
    );
    let site = Site::with_config(&format!("{SITE_YAML}review:\n  every: yearly\n"));
    let e = site.build_failing();
    assert!(
        e.contains("site.yaml:4:10: error: `review.every`: `yearly` is not a period"),
        "{e}"
    );
}

#[test]
fn owners_come_from_the_page_or_its_section_where_the_site_asks_for_them() {
    let site = Site::with_config(&format!("{SITE_YAML}review:\n  require_owner: true\n"));
    site.page("orphan.md", "title: Orphan\n", "Text.\n");
    site.page("owned.md", "title: Owned\nowner: Digital team\n", "Text.\n");
    site.page("team/_index.md", "title: Team\nowner: Web team\n", "");
    site.page("team/page.md", "title: Team page\n", "Text.\n");
    // A post is not under review, so it needs no owner.
    site.page(
        "blog/p.md",
        "title: P\nkind: post\ndate: 2026-01-01\n",
        "Text.\n",
    );
    assert_eq!(
        json_codes(&site, &[]),
        [warning("owner-missing", "content/orphan.md", 2)]
    );
    let run = check(&site, &[]);
    said(
        &run,
        "content/orphan.md:2:1: warning: this page has no owner",
    );
    said(&run, "not a person's contact details");
}

#[test]
fn plans_whose_unfinished_items_have_not_been_updated_are_listed() {
    let site = Site::with_config(&format!("{SITE_YAML}review:\n  plans_every: 3 months\n"));
    site.page(
        "plan.md",
        "title: Plan\nkind: plan\nowner: Strategy\nupdated: 2026-05-01\nitems:\n  - title: Stale\n    status: in-progress\n    updated: 2025-12-01\n  - title: Fresh\n    status: planned\n    updated: 2026-04-01\n  - title: Finished long ago\n    status: done\n    updated: 2024-01-01\n  - title: Undated\n    status: planned\n",
        "Text.\n",
    );
    assert_eq!(
        json_codes(&site, &[]),
        [warning("plan-item-stale", "content/plan.md", 7)]
    );
    let run = check(&site, &[]);
    said(
        &run,
        "content/plan.md:7:5: warning: the plan item \"Stale\" has not been updated since 1 December 2025, more than 3 months ago",
    );
}

#[test]
fn strict_makes_upkeep_warnings_errors() {
    let site = review_site();
    check(&site, &[]).assert_ok();
    let run = check(&site, &["--strict"]);
    run.assert_failed();
    said(
        &run,
        "content/by-date.md:4:12: error: this page was due for review",
    );
    let codes = json_codes(&site, &["--strict"]);
    assert_eq!(codes.len(), 4);
    assert!(
        codes.iter().all(|(_, _, _, severity)| severity == "error"),
        "{codes:?}"
    );
}

// ---- git ----

fn git(dir: &Path, args: &[&str], date: &str) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("git is installed");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn commit(dir: &Path, message: &str, date: &str) {
    git(dir, &["add", "-A"], date);
    git(dir, &["commit", "-q", "-m", message], date);
}

/// A site in a git repository: `a.md` committed on 3 February 2024 and changed on 6 May
/// 2024, `old-name.md` committed on 3 February 2024 and renamed (only) on 1 March 2025,
/// `own.md` with its own `updated:`, a post, and `new.md` never committed. A later
/// commit changes only a file outside `content/` that has a page's name (`a.md` at the
/// site's root), which must date no page.
fn site_in_git() -> Site {
    let site = Site::new();
    let dir = site.root();
    git(dir, &["init", "-q"], "2024-01-01T00:00:00Z");
    git(
        dir,
        &["config", "user.name", "Test"],
        "2024-01-01T00:00:00Z",
    );
    git(
        dir,
        &["config", "user.email", "test@example.invalid"],
        "2024-01-01T00:00:00Z",
    );
    git(
        dir,
        &["config", "commit.gpgsign", "false"],
        "2024-01-01T00:00:00Z",
    );
    site.page("a.md", "title: A\n", "First.\n");
    site.page("old-name.md", "title: Renamed\n", "Text.\n");
    site.page("own.md", "title: Own\nupdated: 2023-07-01\n", "Text.\n");
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page("blog/post.md", "title: Post\ndate: 2024-01-15\n", "Text.\n");
    commit(dir, "first", "2024-02-03T10:00:00+00:00");
    site.page("a.md", "title: A\n", "Second.\n");
    site.page(
        "blog/post.md",
        "title: Post\ndate: 2024-01-15\n",
        "Changed.\n",
    );
    commit(dir, "second", "2024-05-06T09:30:00+01:00");
    git(
        dir,
        &["mv", "content/old-name.md", "content/new-name.md"],
        "2025-03-01T12:00:00Z",
    );
    commit(dir, "rename", "2025-03-01T12:00:00+00:00");
    std::fs::write(dir.join("a.md"), "Notes beside the site, not a page.\n").unwrap();
    commit(dir, "outside content", "2025-06-01T12:00:00+00:00");
    // Uncommitted: a new file, and a change to a committed one.
    site.page("new.md", "title: New\n", "Text.\n");
    site.page("a.md", "title: A\n", "Third, not committed.\n");
    site
}

#[test]
fn last_updated_comes_from_the_last_commit_of_each_file() {
    let site = site_in_git();
    site.build().assert_ok();
    let a = site.read("a/index.html");
    assert!(
        a.contains("Last updated <time datetime=\"2024-05-06T09:30:00+01:00\">6 May 2024</time>"),
        "{a}"
    );
    assert!(
        a.contains("\"dateModified\":\"2024-05-06T09:30:00+01:00\""),
        "{a}"
    );
    // A pure rename is not a change: the file keeps its first commit's date.
    let renamed = site.read("new-name/index.html");
    assert!(
        renamed.contains("datetime=\"2024-02-03T10:00:00+00:00\">3 February 2024"),
        "{renamed}"
    );
    // Front matter's `updated:` wins over git.
    let own = site.read("own/index.html");
    assert!(
        own.contains("Last updated <time datetime=\"2023-07-01T00:00:00+01:00\">1 July 2023"),
        "{own}"
    );
    // Never committed: no date is invented.
    let new = site.read("new/index.html");
    assert!(!new.contains("Last updated"), "{new}");
    assert!(!new.contains("dateModified"), "{new}");
    // The sitemap and the feeds say the same.
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains(
            "<loc>https://test.example/a/</loc>\n    <lastmod>2024-05-06T09:30:00+01:00</lastmod>"
        ),
        "{sitemap}"
    );
    let atom = site.read("blog/atom.xml");
    assert!(
        atom.contains("<updated>2024-05-06T09:30:00+01:00</updated>"),
        "{atom}"
    );
    let json = site.read("blog/feed.json");
    assert!(
        json.contains("\"date_modified\": \"2024-05-06T09:30:00+01:00\"")
            || json.contains("\"date_modified\":\"2024-05-06T09:30:00+01:00\""),
        "{json}"
    );
}

#[test]
fn with_every_page_committed_the_history_is_read_only_as_far_as_needed_and_gives_the_same_dates() {
    let site = site_in_git();
    std::fs::remove_file(site.path("content/new.md")).unwrap();
    site.build().assert_ok();
    let a = site.read("a/index.html");
    assert!(
        a.contains("datetime=\"2024-05-06T09:30:00+01:00\">6 May 2024"),
        "{a}"
    );
    let renamed = site.read("new-name/index.html");
    assert!(
        renamed.contains("datetime=\"2024-02-03T10:00:00+00:00\">3 February 2024"),
        "{renamed}"
    );
}

#[test]
fn outside_git_no_page_has_a_last_updated_date() {
    let site = Site::new();
    site.page("a.md", "title: A\n", "Text.\n");
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page("blog/post.md", "title: Post\ndate: 2024-01-15\n", "Text.\n");
    site.build().assert_ok();
    let a = site.read("a/index.html");
    assert!(
        !a.contains("Last updated") && !a.contains("dateModified"),
        "{a}"
    );
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://test.example/a/</loc>\n  </url>"),
        "{sitemap}"
    );
    // A post's feed entry is updated when it was published, as before.
    let post = site.read("blog/post/index.html");
    assert!(!post.contains("Last updated"), "{post}");
}

#[test]
fn git_dates_count_as_the_last_update_for_reviews() {
    let site = site_in_git();
    site.write(
        "site.yaml",
        &format!("{SITE_YAML}review:\n  every: 1 year\n  show_next_review: true\n"),
    );
    let codes = json_codes(&site, &[]);
    // a.md: 6 May 2024 + 1 year; new-name.md: 3 February 2024 + 1 year; own.md: its
    // `updated`; new.md has no date at all.
    assert_eq!(
        codes,
        [
            warning("review-no-date", "content/new.md", 2),
            warning("review-overdue", "content/a.md", 2),
            warning("review-overdue", "content/new-name.md", 2),
            warning("review-overdue", "content/own.md", 2),
        ]
    );
    site.build().assert_ok();
    let a = site.read("a/index.html");
    assert!(
        a.contains("Next review due <time datetime=\"2025-05-06\">6 May 2025</time>"),
        "{a}"
    );
}

// ---- the health report ----

#[test]
fn the_health_report_lists_owners_overdue_reviews_old_content_pending_reviews_and_actions() {
    let site = Site::with_config(&format!(
        "{SITE_YAML}review:\n  every: 1 year\n  plans_every: 3 months\nincidents:\n  review_within: 10 days\n"
    ));
    site.page(
        "guide.md",
        "title: Bin guide\nowner: Waste team\ndate: 2024-01-01\n",
        "Text.\n",
    );
    site.page(
        "fresh.md",
        "title: Fresh guide\nowner: Waste team\ndate: 2026-05-01\n",
        "Text.\n",
    );
    site.page(
        "orphan.md",
        "title: Orphan page\ndate: 2026-02-01\n",
        "Text.\n",
    );
    site.page(
        "incidents/_index.md",
        "title: Incidents\nkind: incident\n",
        "",
    );
    site.page(
        "incidents/outage.md",
        "title: Payments outage\ndate: 2026-03-01\nstatus: resolved\nseverity: P2\nstarted: 2026-03-01T09:00:00Z\nresolved: 2026-03-01T11:00:00Z\nreview: pending\nactions:\n  - action: Add an alert on failed payments\n    owner: Payments team\n    due: 2026-04-01\n    status: open\n",
        "Text.\n",
    );
    let run = check(&site, &["--report", "health.html"]);
    run.assert_ok();
    let h = std::fs::read_to_string(site.path("health.html")).unwrap();
    let section = |id: &str| {
        let from = h
            .find(&format!("<h2 id=\"{id}\">"))
            .unwrap_or_else(|| panic!("{id}: {h}"));
        let rest = &h[from + 4..];
        &rest[..rest.find("<h2").unwrap_or(rest.len())]
    };
    let overdue = section("overdue");
    assert!(
        overdue.contains("Bin guide") && overdue.contains("1 January 2025"),
        "{overdue}"
    );
    assert!(!overdue.contains("Fresh guide"), "{overdue}");
    let owners = section("owners");
    let waste = owners.find("<h3>Waste team (2)</h3>").expect(owners);
    let none = owners.find("<h3>No owner (").expect(owners);
    assert!(
        waste < none,
        "owners first, then pages without one: {owners}"
    );
    assert!(owners[none..].contains("Orphan page"), "{owners}");
    let oldest = section("oldest");
    assert!(
        oldest.find("Bin guide") < oldest.find("Orphan page"),
        "{oldest}"
    );
    let pending = section("pending-reviews");
    assert!(
        pending.contains("Payments outage") && pending.contains("11 March 2026 (overdue)"),
        "{pending}"
    );
    let actions = section("overdue-actions");
    assert!(
        actions.contains("Add an alert on failed payments")
            && actions.contains("Payments team")
            && actions.contains("1 April 2026"),
        "{actions}"
    );
    // Text from content is escaped.
    site.page(
        "xss.md",
        "title: \"<script>x</script>\"\nowner: \"<b>Team</b>\"\n",
        "Text.\n",
    );
    check(&site, &["--report", "health.html"]).assert_ok();
    let h = std::fs::read_to_string(site.path("health.html")).unwrap();
    assert!(!h.contains("<script>x") && !h.contains("<b>Team"), "{h}");
}

// ---- the accessibility statement ----

const STATEMENT: &str = "\
organisation: Test Borough Council
compliance: partial
prepared: 2024-09-01
reviewed: 2025-09-01
tested:
  on: 2025-08-20
  by: Example Audits Ltd
  how: We tested a sample of 20 pages with a screen reader.
contact:
  email: access@test.example
  response: 5 working days
issues:
  - criterion: 1.4.3
    issue: Some link text has too little contrast
    affects: the footer
    fix_by: 2026-12-31
";

fn statement_site(yaml: &str) -> Site {
    let site = Site::new();
    site.write("accessibility.yaml", yaml);
    site.page(
        "accessibility.md",
        "title: Accessibility statement\n",
        "Our introduction.\n",
    );
    site
}

#[test]
fn the_statement_is_rendered_in_the_model_wording_from_accessibility_yaml() {
    let site = statement_site(STATEMENT);
    site.build().assert_ok();
    let html = site.read("accessibility/index.html");
    let text = html.split_whitespace().collect::<Vec<_>>().join(" ");
    for sentence in [
        "This accessibility statement applies to Test Council, which is run by Test Borough Council.",
        "<p>Our introduction.</p>",
        "How accessible this website is",
        "Feedback and contact information",
        "<a href=\"mailto:access@test.example\">access@test.example</a>",
        "We will consider your request and reply within 5 working days.",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018",
        "Equality Advisory and Support Service (EASS)",
        "Technical information about this website’s accessibility",
        "Test Borough Council is committed to making its website accessible, in accordance with the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.",
        "Compliance status",
        "This website is partially compliant with the <a href=\"https://www.w3.org/TR/WCAG22/\">Web Content Accessibility Guidelines version 2.2</a> AA standard, due to the non-compliances listed below.",
        "Non-accessible content",
        "Non-compliance with the accessibility regulations",
        "Some link text has too little contrast (the footer). This fails WCAG 2.2 success criterion 1.4.3 (Contrast (Minimum)).",
        "We plan to fix this by <time datetime=\"2026-12-31\">31 December 2026</time>.",
        "Disproportionate burden",
        "Preparation of this accessibility statement",
        "This statement was prepared on 1 September 2024. It was last reviewed on 1 September 2025.",
        "This website was last tested on 20 August 2025. The test was carried out by Example Audits Ltd.",
        "We tested a sample of 20 pages with a screen reader.",
    ] {
        assert!(text.contains(sentence), "{sentence}\n---\n{text}");
    }
    check(&site, &[]).assert_clean();
}

#[test]
fn the_statement_may_be_kept_in_the_pages_front_matter_and_says_full_or_not_compliance() {
    let site = Site::new();
    site.page(
        "accessibility.md",
        "title: Accessibility\naccessibility:\n  compliance: full\n  prepared: 2026-01-10\n  enforcement: northern-ireland\n",
        "",
    );
    site.build().assert_ok();
    let text = site.read("accessibility/index.html");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("This website is fully compliant with the <a href=\"https://www.w3.org/TR/WCAG22/\">Web Content Accessibility Guidelines version 2.2</a> AA standard."), "{text}");
    assert!(
        text.contains(
            "The Equality Commission for Northern Ireland (ECNI) is responsible for enforcing"
        ),
        "{text}"
    );
    assert!(
        text.contains("This statement was prepared on 10 January 2026."),
        "{text}"
    );
    assert!(
        !text.contains("Non-compliance with the accessibility regulations"),
        "{text}"
    );
    assert!(!text.contains("last reviewed on"), "{text}");
}

#[test]
fn statement_mistakes_are_errors_at_their_lines() {
    let site = statement_site(
        &STATEMENT
            .replace("1.4.3", "1.4.99")
            .replace("partial", "full"),
    );
    let e = site.build_failing();
    assert!(e.contains("accessibility.yaml:2:13: error: the statement says the site is fully compliant, but lists known issues"), "{e}");
    assert!(
        e.contains("accessibility.yaml:13:16: error: `1.4.99` is not a WCAG 2.2 success criterion"),
        "{e}"
    );
    // A statement file and no page to show it.
    let site = Site::new();
    site.write("accessibility.yaml", STATEMENT);
    let e = site.build_failing();
    assert!(e.contains("accessibility.yaml:1:1: error: no page shows the accessibility statement in accessibility.yaml"), "{e}");
    assert!(e.contains("add content/accessibility.md"), "{e}");
    // Without a required field.
    let site = statement_site("compliance: partial\n");
    let e = site.build_failing();
    assert!(
        e.contains("accessibility.yaml") && e.contains("prepared"),
        "{e}"
    );
}

#[test]
fn check_warns_when_the_statement_is_over_a_year_old_or_a_fix_date_has_passed() {
    let site = statement_site(
        &STATEMENT
            .replace("2025-09-01", "2025-05-01")
            .replace("2026-12-31", "2026-03-31"),
    );
    assert_eq!(
        json_codes(&site, &[]),
        [
            warning("statement-fix-overdue", "accessibility.yaml", 16),
            warning("statement-out-of-date", "accessibility.yaml", 4),
        ]
    );
    let run = check(&site, &[]);
    said(
        &run,
        "accessibility.yaml:4:11: warning: the accessibility statement was last reviewed on 1 May 2025, more than a year ago",
    );
    said(
        &run,
        "accessibility.yaml:16:13: warning: the planned fix for WCAG 1.4.3 (Some link text has too little contrast) was due on 31 March 2026",
    );
    check(&site, &["--strict"]).assert_failed();
    // Without `reviewed:`, its age counts from `prepared:`.
    let site = statement_site(&STATEMENT.replace("reviewed: 2025-09-01\n", ""));
    let run = check(&site, &[]);
    said(
        &run,
        "accessibility.yaml:3:11: warning: the accessibility statement was last reviewed on 1 September 2024",
    );
}

#[test]
fn the_example_site_keeps_its_content_true() {
    let site = Site::example();
    site.run(&["check", "--now", "2026-11-30T12:00:00Z"])
        .assert_clean();
    site.run(&["build", "--now", "2026-11-30T12:00:00Z"])
        .assert_ok();
    let statement = site.read("accessibility/index.html");
    assert!(
        statement.contains("This fails WCAG 2.2 success criterion 1.4.10 (Reflow)."),
        "{statement}"
    );
    assert!(statement.contains("Owned by Digital team"), "{statement}");
    let framework = site.read("framework/digital-declaration/index.html");
    assert!(framework.contains("Owned by Strategy team"), "{framework}");
    assert!(framework.contains("Next review due"), "{framework}");
}
