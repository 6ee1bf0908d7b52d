//! Property tests: any bytes at all, read as a page, give a page or diagnostics — never a
//! panic — and every diagnostic points at a line that is in the file.
//!
//! The inputs mix arbitrary bytes and text with front matter built from the keys and
//! values that real mistakes are made of (aliases, tags, tabs, unclosed quotes, odd
//! dates, huge numbers), so most cases reach the YAML parser and the per-kind checks.

use std::path::Path;
use std::sync::Arc;

use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, TestRunner};

use super::front_matter::{RawFrontMatter, split};
use super::page::{Kind, Source, page_from_raw, section_from_raw};
use super::walk::decode_text;
use crate::error::Diagnostic;

const KEYS: &[&str] = &[
    "title",
    "kind",
    "date",
    "updated",
    "description",
    "summary",
    "tags",
    "authors",
    "draft",
    "slug",
    "aliases",
    "related",
    "weight",
    "template",
    "extra",
    "sort_by",
    "paginate_by",
    "series",
    "week",
    "plan_item",
    "status",
    "severity",
    "started",
    "detected",
    "resolved",
    "services",
    "impact",
    "actions",
    "review",
    "type",
    "scheduled",
    "updates",
    "items",
    "data",
    "owner",
    "review_by",
    "review_every",
    "reviewed",
    "accessibility",
    "titel",
    "<b>",
    "",
];

const VALUES: &[&str] = &[
    "A title",
    "\"quoted",
    "'single",
    "[a, b",
    "{a: 1",
    "[]",
    "{}",
    "- x",
    "&anchor x",
    "*anchor",
    "*nope",
    "!!binary aGVsbG8=",
    "!!str 1",
    "!custom x",
    "~",
    "null",
    "true",
    "-1",
    "99999999999999999999999",
    "1e999",
    ".nan",
    ".inf",
    "2024-03-12",
    "2024-13-45",
    "2024-03-12T10:00:00Z",
    "2024-03-12T25:61:00+99:00",
    "2024-W99",
    "P1",
    "P9",
    "resolved",
    "investigating",
    "now",
    "later",
    "|",
    ">-",
    "a: b: c",
    "\t",
    "é\u{301}",
    "\u{202e}evil",
    "\u{feff}",
    "\u{0}",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "/",
    "",
    "? complex",
    "%YAML 1.2",
    "---",
    "...",
];

/// A line of front matter: a key, a value, sometimes nested or listed.
fn line() -> impl Strategy<Value = String> {
    (
        0..4usize,
        prop::sample::select(KEYS),
        prop::sample::select(VALUES),
        prop::bool::ANY,
    )
        .prop_map(|(indent, key, value, listed)| {
            let pad = "  ".repeat(indent);
            if listed {
                format!("{pad}- {key}: {value}\n")
            } else {
                format!("{pad}{key}: {value}\n")
            }
        })
}

/// Each field with values real pages have, right and wrong.
const FIELDS: &[(&str, &[&str])] = &[
    (
        "title",
        &[
            "A",
            "\"<script>alert(1)</script>\"",
            "'é\u{301} \u{202e}x'",
            "2024",
            "\"\"",
        ],
    ),
    ("kind", &["post", "incident", "plan", "page", "blog"]),
    (
        "date",
        &[
            "2024-03-12",
            "2024-03-12T10:00:00Z",
            "2024-13-45",
            "\"12/03/2024\"",
            "9999-12-31",
            "0000-01-01",
            "2024-03-12T10:00:00+99:00",
        ],
    ),
    ("updated", &["2024-03-13", "1970-01-01T00:00:00Z", "x"]),
    (
        "started",
        &[
            "2024-03-12T10:00:00Z",
            "2024-03-12",
            "-9999-01-01T00:00:00Z",
        ],
    ),
    (
        "detected",
        &["2024-03-12T09:00:00Z", "2024-03-12T11:00:00Z"],
    ),
    (
        "resolved",
        &[
            "2024-03-12T12:00:00Z",
            "2024-03-11T12:00:00Z",
            "2600-01-01T00:00:00Z",
        ],
    ),
    (
        "tags",
        &[
            "[a, b]",
            "[]",
            "[\"../x\"]",
            "[\"<b>\"]",
            "a",
            "[a, a, A]",
            "[\"\"]",
            "[{a: 1}]",
        ],
    ),
    ("authors", &["[ob]", "[\"Nobody <x>\"]", "[]"]),
    (
        "services",
        &["[Bins, \"Council tax\"]", "[]", "[\"\"]", "Bins"],
    ),
    (
        "aliases",
        &[
            "[/old/]",
            "[\"../../etc/\"]",
            "[\"\"]",
            "[\"//evil.example/\"]",
            "[/old/, /old/]",
        ],
    ),
    (
        "related",
        &[
            "[blog/a.md]",
            "[/blog/a/]",
            "[\"\"]",
            "\"../../etc.md\"",
            "[{a: 1}]",
        ],
    ),
    ("draft", &["true", "false", "yes", "1"]),
    (
        "slug",
        &[
            "x",
            "\"../../etc\"",
            "\"/abs\"",
            "\"\"",
            "\"a/b\"",
            "é",
            "\".\"",
        ],
    ),
    ("weight", &["1", "-1", "99999999999999999999", "1.5"]),
    ("template", &["page.html", "\"../x.html\"", "nope.html"]),
    ("description", &["\"<i>d</i>\"", "x"]),
    (
        "summary",
        &["\"<script>x</script> [l](javascript:alert(1))\"", "s"],
    ),
    (
        "status",
        &["resolved", "investigating", "monitoring", "resolvd"],
    ),
    ("severity", &["P1", "P2", "P9", "\"\""]),
    ("impact", &["\"Bins: late\"", "x"]),
    (
        "actions",
        &[
            "\n  - action: Fix\n    owner: a\n    due: 2024-04-01\n    status: open",
            "[]",
            "\n  - action: x\n    due: 2024-99-01\n    status: nope",
            "\n  - {}",
        ],
    ),
    ("review", &["pending", "done", "not-needed", "later", "[]"]),
    (
        "type",
        &["incident", "notice", "maintenance", "outage", "{}"],
    ),
    (
        "scheduled",
        &[
            "{start: 2024-03-16T22:00:00Z, end: 2024-03-17T02:00:00Z}",
            "{start: 2024-03-17T02:00:00Z, end: 2024-03-16T22:00:00Z}",
            "{start: x}",
            "[{start: 2024-03-16, end: 2024-03-17}, {start: 2024-03-18, end: 2024-03-19}]",
            "x",
        ],
    ),
    (
        "updates",
        &[
            "\n  - {at: 2024-03-12T09:00:00Z, status: identified, text: Found it.}",
            "\n  - {at: 1999-01-01, text: Early.}",
            "\n  - {status: nope}",
            "[]",
            "x",
        ],
    ),
    (
        "items",
        &[
            "\n  - title: A\n    horizon: now\n    status: started",
            "[]",
            "\n  - title: B\n    horizon: never",
        ],
    ),
    (
        "data",
        &["{a: [1, 2]}", "[1, 2]", "x", "{rows: [[1], [2, 3]]}"],
    ),
    ("series", &["weeknotes", "\"<s>\""]),
    ("owner", &["Digital team", "\"\"", "[a]"]),
    ("review_by", &["2025-01-01", "soon", "2024-13-45"]),
    (
        "review_every",
        &["6 months", "0 days", "99999999999 years", "x"],
    ),
    ("reviewed", &["2025-01-01", "x"]),
    (
        "accessibility",
        &[
            "{compliance: partial, prepared: 2024-01-01, issues: [{criterion: 1.1.1, issue: x, fix_by: 2024-02-01}]}",
            "{compliance: full, prepared: x}",
            "{compliance: maybe, prepared: 2024-01-01, issues: [{criterion: 9.9, issue: y}], extra: 1}",
            "x",
            "[]",
        ],
    ),
    ("week", &["2024-W10", "2024-W99", "10"]),
    ("plan_item", &["a", "\"../x\""]),
    ("sort_by", &["date", "title", "weight", "x"]),
    ("paginate_by", &["0", "5", "-1"]),
    ("extra", &["{a: 1}", "x", "{b: &a [1], c: *a}"]),
];

/// Front matter from [`FIELDS`], each key at most once, mostly with a title.
fn fields() -> impl Strategy<Value = String> {
    prop::collection::vec((0..FIELDS.len(), any::<prop::sample::Index>()), 0..6).prop_map(
        |picked| {
            let mut seen = std::collections::HashSet::new();
            let mut out = String::new();
            for (f, v) in picked {
                let (key, values) = FIELDS[f];
                if seen.insert(key) {
                    out.push_str(&format!("{key}: {}\n", v.get(values)));
                }
            }
            out
        },
    )
}

/// Whole files: structured front matter and body, or anything at all.
fn file() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => (fields(), ".{0,80}")
            .prop_map(|(yaml, body)| format!("---\n{yaml}---\n{body}").into_bytes()),
        2 => (
            prop::collection::vec(line(), 0..12),
            prop::sample::select(&["---\n", "---\r\n", "...\n", "--- \n", "", "---"][..]),
            ".{0,80}",
        )
            .prop_map(|(lines, close, body)| {
                format!("---\n{}{close}{body}", lines.concat()).into_bytes()
            }),
        1 => ".{0,200}".prop_map(|s| format!("---\n{s}").into_bytes()),
        1 => prop::collection::vec(any::<u8>(), 0..300),
        1 => prop::collection::vec(any::<u8>(), 0..300).prop_map(|mut b| {
            b.splice(0..0, *b"\xef\xbb\xbf---\r\ntitle: x\r\n");
            b
        }),
    ]
}

/// `n` cases (or `PROPTEST_CASES`, for a long run by hand), and no regressions file: a
/// failure prints the case to paste into a test.
pub fn cases(n: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n);
    ProptestConfig {
        cases: n,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// The line a diagnostic names exists in the file, and printing it cannot panic.
fn check_diagnostic(d: &Diagnostic, text: &str) -> Result<(), TestCaseError> {
    let lines = text.split('\n').count() as u32;
    if let Some(line) = d.line {
        prop_assert!((1..=lines).contains(&line), "line {line} of {lines}: {d}");
    }
    let _ = d.to_string();
    Ok(())
}

/// Reads `bytes` as a page of section kind `kind`, or as an `_index.md` when None.
fn read(
    bytes: &[u8],
    config: &crate::config::Config,
    kind: Option<Kind>,
) -> Result<(), TestCaseError> {
    let display = Path::new("content/a.md");
    let text = match decode_text(bytes.to_vec(), display) {
        Ok(t) => t,
        Err(d) => {
            let _ = d.to_string();
            return Ok(());
        }
    };
    let s = match split(&text, display) {
        Ok(s) => s,
        Err(d) => return check_diagnostic(&d, &text),
    };
    prop_assert!(s.body_offset <= text.len());
    prop_assert_eq!(&text[s.body_offset..], s.body);
    let raw: RawFrontMatter =
        match crate::yaml::parse_keeping_duplicates(s.yaml, display, &text, s.yaml_first_line) {
            Ok(raw) => raw,
            Err(d) => return check_diagnostic(&d, &text),
        };
    let source = Source {
        rel: "a.md".into(),
        display: display.into(),
        body_offset: s.body_offset,
        text: Arc::from(text.as_str()),
        body_on_disk: None,
    };
    let errors = match kind {
        None => section_from_raw(source, raw, config)
            .err()
            .unwrap_or_default(),
        Some(kind) => page_from_raw(source, raw, kind, false, config).1,
    };
    for d in &errors {
        check_diagnostic(d, &text)?;
    }
    Ok(())
}

#[test]
fn any_file_reads_as_a_page_or_diagnostics_never_a_panic() {
    let site = crate::test_site::TestSite::new();
    let config = &site.config;
    let mut runner = TestRunner::new(cases(1000));
    let kinds = prop::sample::select(vec![
        Some(Kind::Post),
        Some(Kind::Incident),
        Some(Kind::Plan),
        Some(Kind::Page),
        None,
    ]);
    runner
        .run(&(file(), kinds), |(bytes, kind)| read(&bytes, config, kind))
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn split_never_panics_and_keeps_the_body_a_suffix() {
    let mut runner = TestRunner::new(cases(1000));
    let text = prop_oneof![
        ".{0,200}",
        "(---|\\.\\.\\.|-- -|\n|\r|title: x|\u{feff}| |é){0,30}",
    ];
    runner
        .run(&text, |text| {
            if let Ok(s) = split(&text, Path::new("a.md")) {
                prop_assert!(text.ends_with(s.body));
                prop_assert!(s.yaml.len() <= text.len());
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}
