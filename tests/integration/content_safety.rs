//! What a site publishes is safe whatever its authors type: front matter with markup is
//! escaped in every output, safe mode strips script from bodies and summaries, and
//! drafts and future pages reach no output at all.

use std::path::Path;

use crate::harness::Site;

/// Markup and attribute breakouts, for both quote characters.
const X: &str =
    r#"P<script>alert(1)</script>Q" onmouseover="alert(2)" injected='y' onfocus='alert(3)' &amp;"#;

/// `s` as a YAML single-quoted string.
fn q(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Every file written, relative to public/, with its text.
fn outputs(site: &Site) -> Vec<(String, String)> {
    let public = site.path("public");
    walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(&public)
                .ok()?
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(e.path()).ok()?;
            Some((rel, text))
        })
        .collect()
}

/// The tags in `text` as a browser reads them (`<` in text and values is escaped): each
/// lower-cased with its quoted attribute values left out, and those values.
fn tags_and_values(text: &str) -> (Vec<String>, Vec<String>) {
    let (mut tags, mut values) = (Vec::new(), Vec::new());
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let mut bare = String::new();
        let mut value = String::new();
        let mut quote: Option<char> = None;
        let mut end = rest.len();
        for (k, c) in rest.char_indices() {
            match quote {
                Some(open) if c == open => {
                    quote = None;
                    values.push(std::mem::take(&mut value));
                }
                Some(_) => value.push(c),
                None if c == '"' || c == '\'' => quote = Some(c),
                None if c == '>' => {
                    end = k;
                    break;
                }
                None => bare.push(c.to_ascii_lowercase()),
            }
        }
        tags.push(bare);
        rest = &rest[end..];
    }
    (tags, values)
}

fn tags(text: &str) -> Vec<String> {
    tags_and_values(text).0
}

/// Markup a browser would run: a script element other than the theme's own, or an event
/// attribute, in an HTML, XML or SVG file.
#[track_caller]
fn assert_no_injected_markup(rel: &str, text: &str) {
    assert!(!text.contains("<script>alert"), "{rel}: a script:\n{text}");
    assert_eq!(
        text.matches("<script").count(),
        text.matches("</script>").count(),
        "{rel}: a `</script>` inside a script element ends it early:\n{text}"
    );
    for tag in tags(text) {
        let injected = tag
            .split_whitespace()
            .skip(1)
            .any(|attr| attr.starts_with("on") || attr.starts_with("injected"));
        assert!(!injected, "{rel}: <{tag}> has an injected attribute");
    }
}

/// A site with `X` in every field that can hold text, on a post, an incident, a plan,
/// a page, sections, authors and the site's own settings.
fn hostile_site(extra_config: &str) -> Site {
    let site = Site::with_config(&format!(
        "title: {x}\nbase_url: https://test.example\norganisation: {x}\ndescription: {x}\n\
         authors:\n  ob:\n    name: {x}\n    role: {x}\n    bio: {x}\n{extra_config}",
        x = q(X)
    ));
    let x = q(X);
    site.page(
        "_index.md",
        &format!("title: {x}\ndescription: {x}\n"),
        "Home.\n",
    );
    site.page(
        "blog/_index.md",
        &format!("title: {x}\ndescription: {x}\nkind: post\n"),
        "",
    );
    site.page(
        "blog/post.md",
        &format!(
            "title: {x}\ndescription: {x}\ndate: 2024-05-01\ntags: [{x}, plain]\n\
             authors: [ob, {x}]\nseries: {x}\nplan_item: {x}\n"
        ),
        "Words about bins.\n",
    );
    site.page(
        "blog/second.md",
        &format!("title: Second\ndate: 2024-05-02\nseries: {x}\n"),
        "More words.\n",
    );
    site.page(
        "incidents/_index.md",
        &format!("title: {x}\nkind: incident\n"),
        "",
    );
    site.page(
        "incidents/outage.md",
        &format!(
            "title: {x}\ndescription: {x}\ndate: 2024-03-12\nstatus: resolved\nseverity: P1\n\
             started: 2024-03-12T09:00:00Z\ndetected: 2024-03-12T09:10:00Z\n\
             resolved: 2024-03-12T11:00:00Z\nservices: [{x}, Bins]\nimpact: {x}\n\
             tags: [{x}]\nauthors: [{x}]\nactions:\n  - action: {x}\n    owner: {x}\n\
             \x20   due: 2024-04-01\n    status: open\n"
        ),
        "What happened.\n\n## What could have gone better\n\nAlerts.\n",
    );
    site.page("plan/_index.md", &format!("title: {x}\nkind: plan\n"), "");
    site.page(
        "plan/roadmap.md",
        &format!(
            "title: {x}\ndescription: {x}\nitems:\n  - title: {x}\n    status: in-progress\n\
             \x20   horizon: now\n    outcome: {x}\n"
        ),
        "The plan.\n",
    );
    site.page(
        "about.md",
        &format!("title: {x}\ndescription: {x}\ndata:\n  rows: [[{x}]]\n"),
        "About us.\n",
    );
    site
}

#[test]
fn front_matter_with_markup_is_escaped_in_every_output() {
    let site = hostile_site("");
    site.build().assert_ok();
    let files = outputs(&site);
    for must in [
        "index.html",
        "blog/post/index.html",
        "incidents/outage/index.html",
        "incidents/actions/index.html",
        "incidents/statistics/index.html",
        "plan/roadmap/index.html",
        "tags/index.html",
        "series/index.html",
        "services/index.html",
        "authors/index.html",
        "incidents.json",
        "actions.csv",
        "atom.xml",
        "feed.json",
        "sitemap.xml",
        "search/index.json",
    ] {
        assert!(
            files.iter().any(|(rel, _)| rel == must),
            "{must} was not written"
        );
    }
    let mut escaped_seen = 0;
    for (rel, text) in &files {
        let ext = Path::new(rel).extension().and_then(|e| e.to_str());
        match ext {
            Some("html" | "xml" | "svg") => {
                assert_no_injected_markup(rel, text);
                if text.contains("alert(1)") {
                    escaped_seen += 1;
                }
            }
            Some("json") => {
                let value: serde_json::Value =
                    serde_json::from_str(text).unwrap_or_else(|e| panic!("{rel} is not JSON: {e}"));
                // Data carries the text as written, not escaped twice.
                assert!(!text.contains("&lt;script"), "{rel}: escaped twice");
                let _ = value;
            }
            Some("csv") => {
                let mut reader = csv::Reader::from_reader(text.as_bytes());
                let cells: Vec<String> = reader
                    .records()
                    .map(|r| r.unwrap_or_else(|e| panic!("{rel}: {e}")))
                    .flat_map(|r| r.iter().map(str::to_string).collect::<Vec<_>>())
                    .collect();
                assert!(cells.iter().any(|c| c == X), "{rel}: {cells:?}");
            }
            _ => {}
        }
    }
    // The text is there, escaped, not dropped: on the pages, lists and feeds.
    assert!(
        escaped_seen > 15,
        "only {escaped_seen} files show the title"
    );
    let incidents: serde_json::Value = serde_json::from_str(&site.read("incidents.json")).unwrap();
    assert!(incidents.to_string().contains("alert(1)"));
}

/// Raw HTML and script links, in a body and a summary.
const HOSTILE_BODY: &str = "Before.\n\n<script>alert(1)</script>\n\n\
    <img src=x onerror=alert(1)>\n\n<iframe src=\"https://evil.example\"></iframe>\n\n\
    [a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](vbscript:msgbox(1)) \
    [d](data:text/html;base64,PHNjcmlwdD4=) [e](java\tscript:alert(1)) <javascript:alert(1)>\n\n\
    ![i](javascript:alert(1))\n\n[r][ref]\n\n[ref]: javascript:alert(1)\n\n\
    ## Heading {onclick=alert(1)}\n\nAfter <b onmouseover=alert(1)>bold</b>.\n";

#[test]
fn safe_mode_strips_script_from_bodies_and_summaries_everywhere() {
    let site = Site::with_config(&format!(
        "{}markdown:\n  safe: true\nfeed_content: full\n",
        crate::harness::SITE_YAML
    ));
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page(
        "blog/body.md",
        "title: Body\ndate: 2024-05-01\ntags: [news]\n",
        HOSTILE_BODY,
    );
    site.page(
        "blog/summary.md",
        "title: Summary\ndate: 2024-05-02\ntags: [news]\nsummary: 'plain words <script>alert(1)</script> \
         <img src=x onerror=alert(1)> [s](javascript:alert(1)) [t](vbscript:x) \
         [u](data:text/html,x)'\n",
        "The body.\n",
    );
    site.page(
        "incidents/_index.md",
        "title: Incidents\nkind: incident\n",
        "",
    );
    site.page(
        "incidents/i.md",
        "title: Outage\ndate: 2024-03-12\nstatus: resolved\nseverity: P2\n\
         started: 2024-03-12T09:00:00Z\ndetected: 2024-03-12T09:10:00Z\n\
         resolved: 2024-03-12T11:00:00Z\nservices: [Bins]\nactions:\n  - action: Fix\n\
         \x20   due: 2024-04-01\n    status: open\n",
        &format!("{HOSTILE_BODY}\n## What could have gone better\n\nAlerts.\n"),
    );
    site.build().assert_ok();
    let files = outputs(&site);
    assert!(site.read("blog/index.html").contains("plain words"));
    assert!(site.read("blog/body/index.html").contains("Before."));
    for (rel, text) in &files {
        if rel.starts_with("js/") || rel.starts_with("css/") {
            continue;
        }
        // Feeds carry HTML escaped inside XML: read it as a feed reader would.
        let text = if rel.ends_with(".xml") {
            text.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&")
        } else {
            text.clone()
        };
        assert_no_injected_markup(rel, &text);
        let lower = text.to_lowercase();
        assert!(!lower.contains("<iframe"), "{rel} has an iframe:\n{text}");
        for value in tags_and_values(&text).1 {
            let url: String = value
                .replace("&amp;", "&")
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_lowercase();
            for bad in ["javascript:", "vbscript:", "data:text/html"] {
                assert!(!url.starts_with(bad), "{rel} links to `{value}`:\n{text}");
            }
        }
    }
}

/// Unpublished pages that touch everything a published one can: lists, taxonomies,
/// series, plan items, incident data. Every word of theirs says "zebra".
#[test]
fn drafts_and_future_pages_reach_no_output_at_all() {
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page(
        "blog/live.md",
        "title: Live\ndate: 2024-01-01\ntags: [news]\nseries: notes\nplan_item: Bins app\n",
        "Live words.\n",
    );
    for (file, when, flag) in [
        ("zebra-draft", "2024-01-02", "draft: true\n"),
        ("zebra-future", "2030-01-01", ""),
    ] {
        site.page(
            &format!("blog/{file}.md"),
            &format!(
                "title: Zebra post\ndate: {when}\n{flag}tags: [news, zebratag]\n\
                 authors: [Zebra Author]\nseries: notes\nplan_item: Bins app\n\
                 description: Zebra description\nsummary: Zebra summary\naliases: [/zebra-old-{file}/]\n"
            ),
            "Zebra words.\n",
        );
        site.page(
            &format!("incidents/{file}.md"),
            &format!(
                "title: Zebra incident\ndate: {when}\n{flag}status: resolved\nseverity: P1\n\
                 started: {when}T09:00:00Z\ndetected: {when}T09:10:00Z\n\
                 resolved: {when}T11:00:00Z\nservices: [Zebra service]\nimpact: Zebra impact\n\
                 actions:\n  - action: Zebra action\n    owner: Zebra owner\n    due: 2024-04-01\n\
                 \x20   status: open\n"
            ),
            "Zebra story.\n\n## What could have gone better\n\nZebra.\n",
        );
        site.page(
            &format!("framework/{file}.md"),
            &format!("title: Zebra page\ndate: {when}\n{flag}"),
            "Zebra page words.\n",
        );
    }
    site.page(
        "incidents/_index.md",
        "title: Incidents\nkind: incident\n",
        "",
    );
    site.page(
        "incidents/live.md",
        "title: Live incident\ndate: 2024-02-01\nstatus: resolved\nseverity: P2\n\
         started: 2024-02-01T09:00:00Z\ndetected: 2024-02-01T09:10:00Z\n\
         resolved: 2024-02-01T10:00:00Z\nservices: [Bins]\nactions:\n  - action: Fix it\n\
         \x20   due: 2024-03-01\n    status: open\n",
        "Story.\n\n## What could have gone better\n\nAlerts.\n",
    );
    site.page("plan/_index.md", "title: Plan\nkind: plan\n", "");
    site.page(
        "plan/roadmap.md",
        "title: Roadmap\nitems:\n  - title: Bins app\n    status: in-progress\n    horizon: now\n",
        "The plan.\n",
    );
    site.page(
        "plan/zebra-plan.md",
        "title: Zebra plan\ndraft: true\nitems:\n  - title: Zebra item\n    horizon: now\n",
        "Zebra plan words.\n",
    );
    site.page("framework/_index.md", "title: Framework\n", "");
    site.build().assert_ok();
    let files = outputs(&site);
    for must in [
        "index.html",
        "blog/live/index.html",
        "incidents.json",
        "actions.csv",
        "incidents/actions/index.html",
        "incidents/statistics/index.html",
        "plan/roadmap/index.html",
        "series/notes/index.html",
        "tags/news/index.html",
        "services/bins/index.html",
    ] {
        assert!(
            files.iter().any(|(rel, _)| rel == must),
            "{must} was not written"
        );
    }
    for (rel, text) in &files {
        assert!(
            !rel.contains("zebra") && !text.to_lowercase().contains("zebra"),
            "{rel} tells of an unpublished page:\n{text}"
        );
    }
}
