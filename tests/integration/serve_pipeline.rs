//! `serve` runs the build's own pipeline: regression tests for the ways a hand-kept
//! second pipeline went wrong (issue 13). Each edits a served site over real HTTP on
//! 127.0.0.1 and waits for what it means to see.

use crate::harness::Site;
use crate::serve::{eventually, get};

/// The number of the last rebuild that took in a change to `path`, from
/// `/__daylight/status`.
pub fn seen(port: u16, path: &str) -> Option<u64> {
    let status: serde_json::Value =
        serde_json::from_str(&get(port, "/__daylight/status").body).expect("status is JSON");
    status["seen"][path].as_u64()
}

/// Waits (20 s at most) until a rebuild after `before` has taken in a change to `path`.
#[track_caller]
pub fn wait_until_seen(port: u16, path: &str, before: Option<u64>) {
    let started = std::time::Instant::now();
    while seen(port, path) <= before {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "serve did not rebuild for {path} within 20 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn incident(severity: &str) -> String {
    format!(
        "title: Payments down\ndate: 2024-03-12\nstatus: resolved\nseverity: {severity}\n\
         started: 2024-03-12T09:00:00+00:00\ndetected: 2024-03-12T09:10:00+00:00\n\
         resolved: 2024-03-12T10:00:00+00:00\nservices: [Payments]\nimpact: Nobody could pay.\n\
         actions:\n  - action: Alert on failures\n    owner: Web team\n    due: 2024-04-01\n    status: done\n"
    )
}

const INCIDENT_BODY: &str = "## What could have gone better\n\nAlerts.\n";

fn plan(items: &[&str]) -> String {
    let mut fm = "title: Roadmap\nitems:\n".to_string();
    for i in items {
        fm.push_str(&format!(
            "  - title: {i}\n    status: planned\n    horizon: now\n"
        ));
    }
    fm
}

/// A plan item removed while a post still names it, then the post edited: the preview
/// shows the error and keeps answering (it used to panic with an index out of bounds).
#[test]
fn removing_a_plan_item_a_post_reports_on_shows_an_error_and_serve_survives() {
    let site = Site::new();
    site.page("plan/_index.md", "title: Plan\nkind: plan\n", "");
    site.page("plan/roadmap.md", &plan(&["Alpha", "Beta"]), "Our plan.\n");
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page(
        "blog/update.md",
        "title: Update\ndate: 2024-01-01\nplan_item: Beta\n",
        "First.\n",
    );
    let s = site.serve();
    eventually(s.port, "/blog/update/", "the post", |r| r.status == 200);

    site.page("plan/roadmap.md", &plan(&["Alpha"]), "Our plan.\n");
    let r = eventually(s.port, "/blog/update/", "the overlay", |r| {
        r.body.contains("daylight-error")
    });
    assert!(r.body.contains("content/blog/update.md:4:"), "{}", r.body);
    let before = seen(s.port, "content/blog/update.md");
    site.page(
        "blog/update.md",
        "title: Update\ndate: 2024-01-01\nplan_item: Beta\n",
        "Second.\n",
    );
    // Still broken, still answering, still the last good page under the overlay, once
    // the rebuild for this edit is done (the overlay was there before it).
    wait_until_seen(s.port, "content/blog/update.md", before);
    let r = get(s.port, "/blog/update/");
    assert!(
        r.body.contains("daylight-error") && r.body.contains("First."),
        "{}",
        r.body
    );
    assert!(!r.body.contains("Second."));
    let before = seen(s.port, "content/blog/update.md");
    site.page(
        "blog/update.md",
        "title: Update\ndate: 2024-01-01\nplan_item: Alpha\n",
        "Third.\n",
    );
    // The whole rebuild, not only the page in view (drawn first).
    wait_until_seen(s.port, "content/blog/update.md", before);
    let r = get(s.port, "/blog/update/");
    assert!(r.body.contains("Third."), "{}", r.body);
    assert!(!r.body.contains("daylight-error"));
    let plan_page = get(s.port, "/plan/roadmap/");
    assert!(!plan_page.body.contains("Beta"), "{}", plan_page.body);
}

/// A page that moves out of a list page's selection: the list page it leaves is gone
/// when a build would not write it (a P1 filter page with no P1 incident).
#[test]
fn changing_an_incidents_severity_removes_the_filter_page_it_left() {
    let site = Site::new();
    site.page(
        "incidents/_index.md",
        "title: Incidents\nkind: incident\n",
        "",
    );
    site.page("incidents/payments.md", &incident("P1"), INCIDENT_BODY);
    let s = site.serve();
    let r = eventually(s.port, "/incidents/severity/p1/", "the P1 page", |r| {
        r.status == 200
    });
    assert!(r.body.contains("Payments down"));

    site.page("incidents/payments.md", &incident("P2"), INCIDENT_BODY);
    eventually(s.port, "/incidents/severity/p2/", "the P2 page", |r| {
        r.status == 200 && r.body.contains("Payments down")
    });
    assert_eq!(get(s.port, "/incidents/severity/p1/").status, 404);
}

/// A broken page, then a good edit to another: the error stays on show, and nothing of
/// the broken page's new text is published (not in its page, not in the feeds).
#[test]
fn a_good_edit_elsewhere_neither_hides_an_error_nor_publishes_the_broken_text() {
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page("blog/a.md", "title: A\ndate: 2024-01-02\n", "A first.\n");
    site.page("blog/b.md", "title: B\ndate: 2024-01-01\n", "B first.\n");
    let s = site.serve();
    eventually(s.port, "/blog/a/", "page A", |r| r.status == 200);

    site.page(
        "blog/a.md",
        "title: A\ndate: 2024-01-02\n",
        "A broken [link](missing.md).\n",
    );
    eventually(s.port, "/blog/a/", "the overlay", |r| {
        r.body.contains("daylight-error") && r.body.contains("content/blog/a.md")
    });
    let before = seen(s.port, "content/blog/b.md");
    site.page("blog/b.md", "title: B\ndate: 2024-01-01\n", "B second.\n");
    // Once serve has rebuilt for the edit to B, the overlay must still name A, and A's
    // broken text must be nowhere.
    wait_until_seen(s.port, "content/blog/b.md", before);
    let r = get(s.port, "/blog/b/");
    assert!(
        r.body.contains("daylight-error") && r.body.contains("content/blog/a.md"),
        "the error was hidden by a good edit elsewhere:\n{}",
        r.body
    );
    for path in [
        "/blog/a/",
        "/atom.xml",
        "/feed.json",
        "/blog/",
        "/search/index.json",
    ] {
        let r = get(s.port, path);
        // The overlay quotes the broken line; the page under it must not carry it.
        let page = r
            .body
            .split("<script src=\"/__daylight/")
            .next()
            .unwrap_or("");
        assert!(!page.contains("A broken"), "{path} carries the broken text");
        assert!(r.status == 200, "{path}: {}", r.status);
    }
}

/// Renaming a section's folder: the new URLs are served and the old ones are gone.
#[test]
fn renaming_a_section_folder_is_seen() {
    let site = Site::new();
    site.page("framework/_index.md", "title: Framework\n", "");
    site.page("framework/principles.md", "title: Principles\n", "Ours.\n");
    let s = site.serve();
    eventually(s.port, "/framework/principles/", "the page", |r| {
        r.status == 200
    });
    std::fs::rename(
        site.path("content/framework"),
        site.path("content/framework2"),
    )
    .unwrap();
    eventually(s.port, "/framework2/principles/", "the moved page", |r| {
        r.status == 200 && r.body.contains("Ours.")
    });
    assert_eq!(get(s.port, "/framework/principles/").status, 404);
    assert_eq!(get(s.port, "/framework/").status, 404);
}

/// Saves as many editors make them: a temporary file written beside the page and renamed
/// over it. The page, a page renamed into content/ and a page renamed to a hidden name
/// (gone, as far as the site goes) are each served as a fresh build would.
#[test]
fn saves_by_renaming_a_temporary_file_are_seen() {
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page(
        "blog/first.md",
        "title: First\ndate: 2024-01-01\n",
        "One.\n",
    );
    let s = site.serve();
    eventually(s.port, "/blog/first/", "the page", |r| r.status == 200);
    let save = |rel: &str, text: &str| {
        let path = site.path(rel);
        let tmp = path.with_file_name(format!(
            ".{}.tmp",
            path.file_name().unwrap().to_string_lossy()
        ));
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    };
    save(
        "content/blog/first.md",
        "---\ntitle: First, renamed\ndate: 2024-01-01\n---\nOne, saved by a rename.\n",
    );
    eventually(s.port, "/blog/first/", "the saved page", |r| {
        r.status == 200 && r.body.contains("One, saved by a rename.")
    });
    eventually(s.port, "/blog/", "the list with the new title", |r| {
        r.body.contains("First, renamed")
    });
    save(
        "content/blog/second.md",
        "---\ntitle: Second\ndate: 2024-02-01\n---\nTwo.\n",
    );
    eventually(s.port, "/blog/second/", "a page renamed into place", |r| {
        r.status == 200 && r.body.contains("Two.")
    });
    std::fs::rename(
        site.path("content/blog/first.md"),
        site.path("content/blog/.first.md.swp"),
    )
    .unwrap();
    eventually(s.port, "/blog/first/", "the page renamed away", |r| {
        r.status == 404
    });
    assert!(!get(s.port, "/blog/").body.contains("First, renamed"));
}

/// content/ moved away and copied back: files added afterwards are still seen.
#[test]
fn content_moved_away_and_back_is_still_watched() {
    let site = Site::new();
    site.page("about.md", "title: About\n", "About us.\n");
    let s = site.serve();
    eventually(s.port, "/about/", "the page", |r| r.status == 200);
    std::fs::rename(site.path("content"), site.path("content-away")).unwrap();
    // A site without content/ does not build: the last good site stays, under the error.
    eventually(
        s.port,
        "/about/",
        "the error for the missing content/",
        |r| r.body.contains("daylight-error"),
    );
    crate::harness::copy_dir(&site.path("content-away"), &site.path("content"));
    eventually(s.port, "/about/", "the page back", |r| {
        r.status == 200 && !r.body.contains("daylight-error")
    });
    site.page("later.md", "title: Later\n", "Added later.\n");
    eventually(s.port, "/later/", "a page added afterwards", |r| {
        r.status == 200 && r.body.contains("Added later.")
    });
}

/// Opens the live-reload stream of a tab showing `page` and reads past its head.
fn open_stream(port: u16, page: &str) -> std::net::TcpStream {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let target = format!("/__daylight/events?page={}", page.replace('/', "%2F"));
    write!(s, "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && s.read(&mut byte).unwrap() == 1 {
        head.push(byte[0]);
    }
    assert!(
        head.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&head)
    );
    s
}

/// Reads a stream until `n` reload events have come; everything read.
fn read_reloads(s: &mut std::net::TcpStream, n: usize) -> String {
    use std::io::Read;
    let mut seen = String::new();
    let mut buf = [0u8; 1024];
    while seen.matches("event: reload").count() < n {
        let got = s
            .read(&mut buf)
            .expect("the stream ended or went quiet for 20 s");
        assert!(got > 0, "the stream ended: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..got]));
    }
    seen
}

fn blog_of(n: usize) -> Site {
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    for i in 1..=n {
        site.page(
            &format!("blog/p{i}.md"),
            &format!("title: Post {i}\ndate: 2024-01-{i:02}\n"),
            "Text.\n",
        );
    }
    site.page("about.md", "title: About\n", "About us.\n");
    site
}

/// A template edit re-renders every post: the tabs' pages are drawn and published first,
/// the rest straight after, and each tab reloads once per edit.
#[test]
fn pages_in_view_are_drawn_first_and_each_tab_reloads_once_per_edit() {
    let site = blog_of(12);
    let s = site.serve();
    eventually(s.port, "/blog/p3/", "post 3", |r| r.status == 200);
    let mut tab = open_stream(s.port, "/blog/p3/");
    let template = "themes/default/templates/post.html";
    let text = std::fs::read_to_string(site.path(template)).unwrap();
    let before = seen(s.port, template);
    let marked = text.replacen(
        "{% endblock content %}",
        "<!-- marker one -->{% endblock content %}",
        1,
    );
    assert_ne!(marked, text, "the template has a content block");
    site.write(template, &marked);
    wait_until_seen(s.port, template, before);
    // Once the rebuild is over, every post has the new template, in view or not.
    for i in 1..=12 {
        let r = get(s.port, &format!("/blog/p{i}/"));
        assert!(r.body.contains("marker one"), "post {i} was left behind");
    }
    assert!(
        s.stderr().contains("left for later"),
        "the pages out of view were not left for later: {}",
        s.stderr()
    );
    // A second edit, to post 3 itself: the tab has had exactly one reload per edit.
    let before = seen(s.port, "content/blog/p3.md");
    site.page(
        "blog/p3.md",
        "title: Post 3 again\ndate: 2024-01-03\n",
        "Text.\n",
    );
    wait_until_seen(s.port, "content/blog/p3.md", before);
    let events = read_reloads(&mut tab, 2);
    assert_eq!(events.matches("event: reload").count(), 2, "{events}");
}

/// When the pages in view build but the rest of the site then does not, the last good
/// site is put back whole and the overlay names the error.
#[test]
fn a_site_that_fails_after_its_pages_in_view_is_put_back_whole() {
    let site = blog_of(3);
    let s = site.serve();
    let good = eventually(s.port, "/about/", "about", |r| r.status == 200).body;
    let _tab = open_stream(s.port, "/about/");
    let post = "themes/default/templates/post.html";
    let text = std::fs::read_to_string(site.path(post)).unwrap();
    let page = "themes/default/templates/page.html";
    let page_text = std::fs::read_to_string(site.path(page)).unwrap();
    let before = seen(s.port, page);
    // Posts fail only when they render (a variable no page has); the page in view is fine.
    let block = "{% endblock content %}";
    let broken = text.replacen(
        block,
        &format!("{{{{ page.no_such_field | upper }}}}{block}"),
        1,
    );
    let marked = page_text.replacen(block, &format!("<!-- marker about -->{block}"), 1);
    assert!(
        broken != text && marked != page_text,
        "the templates have a content block"
    );
    site.write(post, &broken);
    site.write(page, &marked);
    wait_until_seen(s.port, page, before);
    let r = eventually(s.port, "/about/", "the overlay", |r| {
        r.body.contains("daylight-error")
    });
    assert!(
        r.body.contains("post.html"),
        "the overlay names the template: {}",
        r.body
    );
    let shown = r.body.split("<script src=\"/__daylight/").next().unwrap();
    let was = good.split("<script src=\"/__daylight/").next().unwrap();
    assert_eq!(shown, was, "the page in view kept what a failed build drew");
    // The path under test: the page in view was drawn and published first.
    assert!(
        s.stderr().contains("left for later"),
        "nothing was left for later: {}",
        s.stderr()
    );
}

/// The version a served page carries in its live-reload script's address.
fn served_version(html: &str) -> u64 {
    let at = html.find("live.js?v=").expect("the live-reload script") + "live.js?v=".len();
    let digits: String = html[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().expect("a version number")
}

/// A tab whose event stream opens only after the rebuild it should have followed (a
/// busy browser: the page loaded, the edit was saved and built, then the stream
/// connected) is told to reload as soon as it connects. It used to miss the edit until
/// the next one (the browser test's one failure on a loaded CI machine).
#[test]
fn a_tab_whose_stream_opens_after_a_rebuild_it_missed_reloads_at_once() {
    use std::io::{Read, Write};
    let site = Site::new();
    site.page("about.md", "title: About\n", "About us.\n");
    let s = site.serve();
    let page = get(s.port, "/about/");
    let version = served_version(&page.body);
    let before = seen(s.port, "content/about.md");
    site.page("about.md", "title: About\n", "About us, edited.\n");
    wait_until_seen(s.port, "content/about.md", before);

    let mut events = std::net::TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    let timeout = std::time::Duration::from_secs(10);
    events.set_read_timeout(Some(timeout)).unwrap();
    write!(
        events,
        "GET /__daylight/events?page=/about/&v={version} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    // Nothing else is edited: a reload can only be the one this tab missed.
    let mut seen_text = String::new();
    let mut buf = [0u8; 4096];
    let started = std::time::Instant::now();
    while !seen_text.contains("event: reload") && started.elapsed() < timeout {
        if let Ok(n) = events.read(&mut buf) {
            seen_text.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    }
    assert!(seen_text.contains("event: reload"), "{seen_text}");
    let now = served_version(&get(s.port, "/about/").body);
    assert!(
        now > version,
        "the edit moved the version on: {version} -> {now}"
    );
}

#[test]
fn a_related_pages_new_title_is_shown_on_the_page_that_names_it() {
    // The related page is in another section, so nothing else of the post's (no
    // neighbour, no list) changes with it.
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page(
        "blog/a.md",
        "title: A\ndate: 2024-01-01\nrelated: [guides/b.md]\n",
        "Text.\n",
    );
    site.page("guides/b.md", "title: Bee\n", "Text.\n");
    let s = site.serve();
    eventually(s.port, "/blog/a/", "the related link", |r| {
        r.body.contains("<a href=\"/guides/b/\">Bee</a>")
    });
    site.page("guides/b.md", "title: Bumblebee\n", "Text.\n");
    eventually(s.port, "/blog/a/", "the related link's new title", |r| {
        r.body.contains("<a href=\"/guides/b/\">Bumblebee</a>")
    });
}
