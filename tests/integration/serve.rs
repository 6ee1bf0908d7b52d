//! `daylight serve` over real HTTP on 127.0.0.1: types and statuses, live edits, errors
//! shown and cleared, path traversal, Ctrl-C, a port in use, and a bounded load test.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use crate::harness::{Response, Site, request};

pub fn get(port: u16, path: &str) -> Response {
    request(port, "GET", path).unwrap_or_else(|e| panic!("GET {path}: {e}"))
}

/// Polls until `check` holds for the page (10 s at most).
#[track_caller]
pub fn eventually(
    port: u16,
    path: &str,
    what: &str,
    check: impl Fn(&Response) -> bool,
) -> Response {
    let started = Instant::now();
    loop {
        let r = get(port, path);
        if check(&r) {
            return r;
        }
        if started.elapsed() > Duration::from_secs(10) {
            panic!(
                "{what}: not seen within 10 s at {path}; last response {}:\n{}",
                r.status, r.body
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn site() -> Site {
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page(
        "blog/hello.md",
        "title: Hello\ndate: 2024-01-01\ntags: [news]\n",
        "First version of the text.\n",
    );
    site.page("about.md", "title: About\n", "About us.\n");
    site
}

#[test]
fn serves_pages_with_the_right_types_and_statuses() {
    let site = site();
    let s = site.serve();
    let r = get(s.port, "/blog/hello/");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("Content-Type"), Some("text/html; charset=utf-8"));
    assert!(r.body.contains("First version of the text."));
    assert!(
        r.body.contains("/__daylight/live.js"),
        "live reload script not injected"
    );
    for (path, ctype) in [
        ("/css/daylight.css", "text/css; charset=utf-8"),
        ("/favicon.svg", "image/svg+xml"),
        ("/__daylight/live.js", "text/javascript; charset=utf-8"),
    ] {
        let r = get(s.port, path);
        assert_eq!(
            (r.status, r.header("Content-Type")),
            (200, Some(ctype)),
            "{path}"
        );
    }
    let r = get(s.port, "/no/such/page/");
    assert_eq!(r.status, 404);
    assert!(
        r.body.contains("<h1"),
        "the theme's 404 page was not served"
    );
    let r = get(s.port, "/blog");
    assert_eq!((r.status, r.header("Location")), (301, Some("/blog/")));
    assert_eq!(request(s.port, "POST", "/").unwrap().status, 405);
    let r = request(s.port, "HEAD", "/about/").unwrap();
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
    // Nothing is written to disk by serve.
    assert!(!site.path("public").exists());
}

#[test]
fn no_path_outside_the_site_is_served() {
    let site = site();
    site.write("secret.txt", "TOP SECRET");
    std::fs::create_dir_all(site.path("public")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", site.path("public/leak")).unwrap();
    let s = site.serve();
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/leak",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/blog/../../secret.txt",
        "http://127.0.0.1/../secret.txt",
        "*",
    ] {
        let r = request(s.port, "GET", path).unwrap();
        assert!(r.status == 404 || r.status == 400, "{path}: {}", r.status);
        assert!(
            !r.body.contains("TOP SECRET") && !r.body.contains("root:"),
            "{path} leaked"
        );
    }
    // and it keeps going
    assert_eq!(get(s.port, "/about/").status, 200);
}

#[test]
fn an_edit_is_served_and_a_broken_edit_shows_the_error_until_fixed() {
    let site = site();
    let s = site.serve();
    site.page(
        "blog/hello.md",
        "title: Hello\ndate: 2024-01-01\ntags: [news]\n",
        "Second version, edited live.\n",
    );
    eventually(s.port, "/blog/hello/", "the edit", |r| {
        r.body.contains("Second version, edited live.")
    });
    // the list page showing it changes too
    eventually(s.port, "/blog/", "the summary on the list", |r| {
        r.body.contains("Second version, edited live.")
    });

    site.page(
        "blog/hello.md",
        "title: Hello\ndate: 2024-01-01\ntags: [news]\nsumary: typo\n",
        "Third version, broken.\n",
    );
    let r = eventually(s.port, "/blog/hello/", "the error overlay", |r| {
        r.body.contains("daylight-error")
    });
    assert!(r.body.contains("content/blog/hello.md:5:1"), "{}", r.body);
    assert!(r.body.contains("did you mean `summary`?"));
    assert!(
        r.body.contains("Second version, edited live."),
        "the last good page is not served under the overlay"
    );
    assert!(
        get(s.port, "/about/").body.contains("daylight-error"),
        "every page shows the error"
    );

    site.page(
        "blog/hello.md",
        "title: Hello\ndate: 2024-01-01\ntags: [news]\nsummary: fixed\n",
        "Fourth version, fixed.\n",
    );
    let r = eventually(s.port, "/blog/hello/", "the fix", |r| {
        r.body.contains("Fourth version, fixed.")
    });
    assert!(!r.body.contains("daylight-error"));
}

#[test]
fn new_pages_templates_and_static_files_are_picked_up() {
    let site = site();
    let s = site.serve();
    site.page(
        "blog/new.md",
        "title: Brand new\ndate: 2024-02-01\n",
        "New page.\n",
    );
    eventually(s.port, "/blog/new/", "the new page", |r| {
        r.status == 200 && r.body.contains("New page.")
    });
    eventually(s.port, "/blog/", "the new page in the list", |r| {
        r.body.contains("Brand new")
    });
    site.write("templates/page.html", "CUSTOM {{ page.title }}</body>");
    eventually(s.port, "/about/", "the new template", |r| {
        r.body.starts_with("CUSTOM About")
    });
    site.write("static/extra.css", "body { color: red }");
    eventually(s.port, "/extra.css", "the static file", |r| {
        r.status == 200 && r.body.contains("color: red")
    });
    std::fs::remove_file(site.path("content/blog/new.md")).unwrap();
    eventually(s.port, "/blog/new/", "the removed page", |r| {
        r.status == 404
    });
}

/// A static file changed while serving: a model that looked for no picture in static/
/// is kept (its route table is not); one whose page names a picture there (`image:
/// /cards/hello.png`) is made again, so the page shows the new picture's size.
#[test]
fn a_picture_in_static_changed_while_serving_is_measured_again() {
    let site = site();
    site.write_bytes("static/cards/hello.png", &crate::harness::png(40, 20));
    site.page(
        "blog/card.md",
        "title: Card\ndate: 2024-01-02\nimage: /cards/hello.png\nimage_alt: A card\n",
        "Shown with a card.\n",
    );
    let s = site.serve();
    eventually(s.port, "/blog/card/", "the picture's size", |r| {
        r.body.contains(r#"og:image:width" content="40""#)
    });
    site.write_bytes("static/cards/hello.png", &crate::harness::png(64, 32));
    eventually(s.port, "/blog/card/", "the new picture's size", |r| {
        r.body.contains(r#"og:image:width" content="64""#)
    });
    site.write_bytes("static/cards/other.png", &crate::harness::png(8, 8));
    eventually(s.port, "/cards/other.png", "a new static file", |r| {
        r.status == 200
    });
    // Without the picture, the same change keeps the model, and still serves the file.
    site.page(
        "blog/card.md",
        "title: Card\ndate: 2024-01-02\n",
        "No card.\n",
    );
    eventually(s.port, "/blog/card/", "the page without its card", |r| {
        r.body.contains("No card.")
    });
    site.write("static/notes.txt", "first notes");
    eventually(s.port, "/notes.txt", "a static file made", |r| {
        r.status == 200 && r.body.contains("first notes")
    });
    site.write("static/notes.txt", "second notes");
    eventually(s.port, "/notes.txt", "a static file changed", |r| {
        r.body.contains("second notes")
    });
    std::fs::remove_file(site.path("static/notes.txt")).expect("remove notes.txt");
    eventually(s.port, "/notes.txt", "a static file removed", |r| {
        r.status == 404
    });
}

#[test]
fn open_tabs_are_told_to_reload() {
    let site = site();
    let s = site.serve();
    let mut events = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        events,
        "GET /__daylight/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    let mut buf = [0u8; 4096];
    let n = events.read(&mut buf).unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).contains("text/event-stream"));
    site.page("about.md", "title: About\n", "About us, edited.\n");
    let started = Instant::now();
    let mut seen = String::new();
    while !seen.contains("event: reload") && started.elapsed() < Duration::from_secs(10) {
        if let Ok(n) = events.read(&mut buf) {
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    }
    assert!(seen.contains("event: reload"), "{seen}");
}

#[test]
fn ctrl_c_stops_cleanly_and_leaves_no_files() {
    let site = site();
    let mut s = site.serve();
    let before: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    s.ctrl_c_stops_it();
    let after: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(before, after);
}

#[test]
fn a_port_in_use_is_named_with_the_flag_to_change_it() {
    let site = site();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let root = site.root().to_string_lossy().into_owned();
    let run = crate::harness::run_bin(["serve", "--port", &port, "--root", &root]);
    run.assert_failed();
    let err = &run.stderr;
    assert!(
        err.contains(&format!("port {port}")) && err.contains("--port"),
        "{err}"
    );
}

#[test]
fn many_concurrent_connections_are_served_without_errors() {
    let site = site();
    let s = site.serve();
    let port = s.port;
    let deadline = Instant::now() + Duration::from_secs(10);
    let workers: Vec<_> = (0..200)
        .map(|i| {
            std::thread::spawn(move || {
                let paths = [
                    "/",
                    "/blog/hello/",
                    "/about/",
                    "/css/daylight.css",
                    "/nope/",
                ];
                let (mut ok, mut failed) = (0u32, 0u32);
                while Instant::now() < deadline {
                    match request(port, "GET", paths[(i + ok as usize) % paths.len()]) {
                        Ok(r) if r.status == 200 || r.status == 404 => ok += 1,
                        _ => failed += 1,
                    }
                }
                (ok, failed)
            })
        })
        .collect();
    let (mut ok, mut failed) = (0, 0);
    for w in workers {
        let (o, f) = w.join().unwrap();
        ok += o;
        failed += f;
    }
    assert_eq!(failed, 0, "{failed} failed requests ({ok} succeeded)");
    assert!(ok > 200, "only {ok} requests in 10 s");
    assert_eq!(get(port, "/about/").status, 200);
    eprintln!("load test: {ok} requests from 200 concurrent clients in 10 s, 0 errors");
}

#[test]
fn a_templates_folder_made_while_serving_is_watched() {
    let site = site();
    let s = site.serve();
    assert!(!site.path("templates").exists());
    site.write("templates/page.html", "FIRST {{ page.title }}</body>");
    eventually(s.port, "/about/", "the new templates folder", |r| {
        r.body.starts_with("FIRST About")
    });
    site.write("templates/page.html", "SECOND {{ page.title }}</body>");
    eventually(s.port, "/about/", "an edit inside it", |r| {
        r.body.starts_with("SECOND About")
    });
}

#[test]
fn feeds_search_index_and_incident_pages_follow_an_edit() {
    let site = site();
    site.page(
        "incidents/_index.md",
        "title: Incidents\nkind: incident\n",
        "",
    );
    let incident = "title: Outage\ndate: 2024-02-01\nstatus: monitoring\nseverity: P2\nstarted: 2024-02-01T09:00:00Z\nactions:\n  - {action: First action, due: 2024-03-01, status: open}\n";
    site.page("incidents/outage.md", incident, "Text.\n");
    let s = site.serve();
    site.page(
        "blog/hello.md",
        "title: Hello\ndate: 2024-01-01\ntags: [news]\n",
        "Zanzibarian edit for the feed.\n",
    );
    eventually(s.port, "/atom.xml", "the edit in the site feed", |r| {
        r.body.contains("Zanzibarian")
    });
    eventually(
        s.port,
        "/search/index.json",
        "the edit in the search index",
        |r| r.body.contains("zanzibarian"),
    );
    site.page(
        "incidents/outage.md",
        &incident.replace("First action", "Renamed action"),
        "Text.\n",
    );
    eventually(
        s.port,
        "/incidents/actions/",
        "the edit in the actions tracker",
        |r| r.body.contains("Renamed action"),
    );
    eventually(s.port, "/actions.csv", "the edit in the open data", |r| {
        r.body.contains("Renamed action")
    });
}
