//! Property tests: any body renders without a panic, however deep or odd; in safe mode
//! no script survives; and no link is ever rewritten to climb out of the site.

use std::sync::Arc;

use proptest::prelude::*;
use proptest::test_runner::TestRunner;

use super::links::{join_normalized, rewrite};
use super::{Input, LinkResolver, render};
use crate::config::MarkdownOptions;
use crate::content::Source;
use crate::content::properties::cases;

/// Every `.md` path is a page at the same place (also the differential test's).
pub(super) struct AllPages;
impl LinkResolver for AllPages {
    fn resolve(&self, path: &str) -> Result<String, String> {
        match path.strip_suffix(".md") {
            Some(p) if !p.is_empty() => Ok(format!("/{p}/")),
            _ => Err("no page".to_string()),
        }
    }
}

/// `body` as the page `content/blog/2024/post.md` (also the differential test's).
pub(super) fn source(body: &str) -> Source {
    let text = format!("---\ntitle: t\n---\n{body}");
    Source {
        rel: "blog/2024/post.md".into(),
        display: "content/blog/2024/post.md".into(),
        body_offset: 16,
        text: Arc::from(text),
        body_on_disk: None,
    }
}

fn options(safe: bool) -> MarkdownOptions {
    MarkdownOptions {
        broken_links: crate::error::Severity::Error,
        smart_punctuation: true,
        safe,
        highlight_code: true,
    }
}

/// Block and inline syntax: lists, quotes, headings, fences, links, emphasis,
/// tables, footnotes, heading attributes and the summary marker.
const MARKDOWN_SYNTAX: &[&str] = &[
    "\n",
    "\n\n",
    "- ",
    "1. ",
    "> ",
    "    ",
    "\t",
    "# ",
    "###### ",
    "```",
    "```rust\n",
    "~~~",
    "[",
    "]",
    "(",
    ")",
    "](",
    "![",
    "<",
    ">",
    "*",
    "**",
    "_",
    "~~",
    "`",
    "|",
    "|---|",
    "[^1]",
    "[^1]: ",
    "{#id}",
    "{.class}",
    "{onclick=alert(1)}",
    "<!-- more -->",
];

/// Raw HTML and link targets an attacker would write: scripts, event attributes,
/// script URLs however spelt, and paths that climb out of the site.
const HOSTILE_HTML_AND_LINKS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:x\">",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java\tscript:x)",
    "![i](vbscript:x)",
    "[x](data:text/html,<script>)",
    "<javascript:alert(1)>",
    "[r]: javascript:alert(1)\n",
    "[r]",
    "[x](../../../../etc/passwd)",
    "[x](../x.md)",
    "[x](/abs.md)",
    "[x](@/blog/a.md#f)",
    "[x](%2e%2e/%2e%2e/x)",
    "[x](a.md?q#f)",
    "[x](<sp ace.md>)",
];

/// Entities, escapes, task markers and `$`, and the characters text handling trips
/// on: NUL, BOM, joiners, bidi overrides, combining marks, emoji, U+FFFD, lone CRs.
const ESCAPES_AND_ODD_TEXT: &[&str] = &[
    "&amp;",
    "&#0;",
    "&#x110000;",
    "\\",
    "- [ ] ",
    "- [x] ",
    "\u{0}",
    "\u{feff}",
    "\u{200d}",
    "\u{202e}",
    "e\u{301}",
    "\u{1f600}",
    "\u{fffd}",
    "\r",
    "\r\n",
    "$",
    "$$",
];

/// Setext underlines and thematic breaks, and the openers of HTML blocks.
const UNDERLINES_AND_HTML_BLOCKS: &[&str] = &[
    "---\n",
    "===\n",
    "<div>",
    "</div>",
    "<!--",
    "-->",
    "<![CDATA[",
    "<?",
];

/// Pieces Markdown is made of, hostile ones among them, and any text at all.
fn piece() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(
        [
            MARKDOWN_SYNTAX,
            HOSTILE_HTML_AND_LINKS,
            ESCAPES_AND_ODD_TEXT,
            UNDERLINES_AND_HTML_BLOCKS,
        ]
        .concat(),
    );
    prop_oneof![
        6 => fixed.prop_map(str::to_string),
        1 => any::<String>().prop_map(|s| s.chars().take(12).collect()),
        1 => "[a-z ]{1,10}",
    ]
}

fn body() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|p| p.concat())
}

/// Lists, quotes and both, nested hundreds or thousands deep.
fn deep_body() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["> ", "- ", "1. ", "* > ", "> - ", "[", "*", "<div>"]),
        1..3000usize,
        prop::bool::ANY,
    )
        .prop_map(|(prefix, depth, indented)| {
            if indented && prefix.ends_with(' ') {
                (0..depth.min(400))
                    .map(|i| format!("{}{prefix}x\n", "  ".repeat(i)))
                    .collect()
            } else {
                format!("{} deep\n", prefix.repeat(depth))
            }
        })
}

/// The tags in `html` as written, `<` and `>` left off. Text and attribute values have
/// `<` escaped, so each `<` starts a tag a browser would read.
fn raw_tags(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        out.push(&rest[..end]);
        rest = &rest[end..];
    }
    out
}

/// A tag, lower-cased, with its quoted attribute values left out.
fn bare(tag: &str) -> String {
    let mut bare = String::new();
    let mut quoted = false;
    for c in tag.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted {
            bare.push(c.to_ascii_lowercase());
        }
    }
    bare
}

/// The values of the `href` and `src` attributes of a tag.
fn urls(tag: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\""] {
        if let Some(i) = tag.find(attr) {
            let rest = &tag[i + attr.len()..];
            out.push(&rest[..rest.find('"').unwrap_or(rest.len())]);
        }
    }
    out
}

fn check(body: &str, safe: bool) -> Result<(), TestCaseError> {
    let s = source(body);
    let o = options(safe);
    let (r, diagnostics) = render(&Input {
        source: &s,
        files_url: "/blog/2024/post/",
        options: &o,
        links: &AllPages,
        shortcodes: &super::shortcodes::NoShortcodes,
        reserved_ids: &[],
    });
    for d in &diagnostics {
        let _ = d.to_string();
    }
    if !safe {
        return Ok(());
    }
    for html in std::iter::once(&r.html).chain(r.summary_html.as_ref()) {
        for raw in raw_tags(html) {
            let tag = bare(raw);
            let name = tag.split(|c: char| c.is_whitespace() || c == '/').next();
            prop_assert!(
                !matches!(
                    name,
                    Some("script" | "iframe" | "object" | "embed" | "style")
                ),
                "<{tag}> in {html}"
            );
            prop_assert!(
                !tag.split_whitespace().skip(1).any(|a| a.starts_with("on")),
                "an event attribute in <{raw}> in {html}"
            );
            for url in urls(raw) {
                let compact: String = unescape(url)
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                prop_assert!(
                    !compact.starts_with("javascript:")
                        && !compact.starts_with("vbscript:")
                        && !compact.starts_with("data:text/html"),
                    "{url} in {html}"
                );
            }
        }
    }
    Ok(())
}

/// What a browser reads in an attribute value (the few entities the escaper writes).
fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn any_body_renders_and_safe_mode_leaves_no_script() {
    TestRunner::new(cases(400))
        .run(&(body(), prop::bool::ANY), |(b, safe)| check(&b, safe))
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn deeply_nested_bodies_render() {
    TestRunner::new(cases(24))
        .run(&(deep_body(), prop::bool::ANY), |(b, safe)| check(&b, safe))
        .unwrap_or_else(|e| panic!("{e}"));
}

/// Path segments, the climbing and odd ones most of all.
fn path() -> impl Strategy<Value = String> {
    let seg = prop_oneof![
        4 => prop::sample::select(vec![
            "..", ".", "", "a", "b.md", "%2e%2e", "...", "..\\..", "/", "//", "C:", "\u{0}",
            "é", "~", "a b",
        ])
        .prop_map(str::to_string),
        1 => "[^/]{0,6}",
    ];
    prop::collection::vec(seg, 0..10).prop_map(|s| s.join("/"))
}

/// A path that cannot leave where it is joined: relative, and no `..`, `.` or empty part.
fn stays_inside(p: &str) -> bool {
    !p.starts_with('/') && p.split('/').all(|s| !s.is_empty() && s != "." && s != "..")
        || p.is_empty()
}

#[test]
fn joined_paths_never_climb_out() {
    TestRunner::new(cases(2000))
        .run(&(path(), path()), |(dir, rel)| {
            if let Some(joined) = join_normalized(&dir, &rel) {
                prop_assert!(stays_inside(&joined), "{dir:?} + {rel:?} = {joined:?}");
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn rewritten_links_are_site_paths_that_never_climb_out() {
    let s = source("x");
    TestRunner::new(cases(2000))
        .run(
            &(
                path(),
                prop::sample::select(vec!["", "#f", "?q=1", "#", "?"]),
                prop::bool::ANY,
            ),
            |(p, tail, safe)| {
                let o = options(safe);
                let input = Input {
                    source: &s,
                    files_url: "/blog/2024/post/",
                    options: &o,
                    links: &AllPages,
                    shortcodes: &super::shortcodes::NoShortcodes,
                    reserved_ids: &[],
                };
                let dest = format!("{p}{tail}");
                let mut diagnostics = Vec::new();
                let Some(url) = rewrite(&dest, &input, 0..1, false, &mut diagnostics) else {
                    return Ok(());
                };
                if url == "#" {
                    return Ok(());
                }
                let path = url.split(['#', '?']).next().unwrap_or("");
                prop_assert!(
                    path.starts_with('/') && !path.starts_with("//"),
                    "{dest:?} -> {url:?}"
                );
                prop_assert!(
                    stays_inside(path.trim_start_matches('/').trim_end_matches('/')),
                    "{dest:?} -> {url:?}"
                );
                Ok(())
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
}
