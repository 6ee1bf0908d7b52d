//! The differential test of the Markdown pipeline: for generated bodies, daylight's HTML
//! is plain pulldown-cmark's once daylight's adapters (listed in [`super`]) are undone.
//! So no adapter can lose text, break nesting or change a link it should not.
//!
//! The plain side is pulldown-cmark with the same options and nothing else, except that
//! each link and image destination is mapped by [`expected_url`]: the link rules as
//! docs/content.md states them, written here again on their own rather than by calling
//! the code under test. The daylight side has the adapters that only add markup taken
//! off again ([`undo`]); both sides have the code blocks' and task markers' markup set
//! to one form ([`same_form`]), as those adapters rewrite markup rather than add it.
//!
//! Footnotes are compared in two parts, as daylight moves them (docs/content.md): the
//! text with citations taken off, and the notes in order. The plain side takes its
//! citations out and its definitions' HTML away, ordering the notes by first citation
//! (uncited ones after, a label defined twice as one note) by its own reading of that
//! rule; daylight's side has its citations, back links and notes section taken apart.
//!
//! `DAYLIGHT_DIFFERENTIAL_CASES=100000 cargo test --lib differential` runs it longer.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use pulldown_cmark::{Event, LinkType, Parser, Tag, html};

use super::properties::{AllPages, source};
use super::{Input, MORE_MARKER, TASK_DONE, TASK_TO_DO, parser_options, render};
use crate::config::MarkdownOptions;

/// Where the generated page is: `content/blog/2024/post.md`, its files published at
/// `/blog/2024/post/` (as a bundle's would be).
const SOURCE_DIR: &str = "blog/2024";
const FILES_URL: &str = "/blog/2024/post/";

fn options(smart_punctuation: bool) -> MarkdownOptions {
    MarkdownOptions {
        broken_links: crate::error::Severity::Error,
        smart_punctuation,
        safe: false,
        highlight_code: true,
    }
}

/// What a link or image destination becomes, as docs/content.md says: a `.md` path is
/// the page's URL (from this file's folder, from content/ with `/` or `@/`), any other
/// relative path is a file published beside the page (a folder keeps its final slash),
/// and everything else — anchors, other sites, `mailto:`, site paths — is kept. A path
/// that climbs out of the site, or names no page, is kept as written (and reported).
fn expected_url(dest: &str) -> Option<String> {
    let scheme = dest.split_once(':').is_some_and(|(s, _)| {
        s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if dest.is_empty()
        || dest.starts_with('#')
        || dest.starts_with("//")
        || scheme && !dest.starts_with("@/")
    {
        return None;
    }
    let (path, rest) = dest.split_at(dest.find(['#', '?']).unwrap_or(dest.len()));
    let decoded = percent_decoded(path);
    if decoded.ends_with(".md") {
        let target = match decoded
            .strip_prefix("@/")
            .or_else(|| decoded.strip_prefix('/'))
        {
            Some(rooted) => normalized(&[rooted]),
            None => normalized(&[SOURCE_DIR, &decoded]),
        }?;
        let page = target.strip_suffix(".md").filter(|p| !p.is_empty())?;
        return Some(format!("/{page}/{rest}"));
    }
    if decoded.starts_with('/') {
        return None;
    }
    let joined = normalized(&[FILES_URL, path])?;
    let folder = path.ends_with('/') || matches!(path.rsplit('/').next(), Some("." | ".."));
    let slash = if folder && !joined.is_empty() {
        "/"
    } else {
        ""
    };
    Some(format!("/{joined}{slash}{rest}"))
}

/// The parts joined by `/`, `.` and `..` resolved; None when it climbs above the root.
fn normalized(parts: &[&str]) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for segment in parts.iter().flat_map(|p| p.split('/')) {
        match segment {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            s => out.push(s),
        }
    }
    Some(out.join("/"))
}

fn percent_decoded(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = |at: usize| (*bytes.get(at)? as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (hex(i + 1), hex(i + 2))
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Plain pulldown-cmark, destinations mapped by [`expected_url`] and the summary
/// marker (not published) left out. Which events carry a destination is written here
/// too, not taken from `links::with_dest`: the email-autolink bug lived there.
fn plain(body: &str, o: &MarkdownOptions) -> (String, Vec<String>) {
    // Footnotes: (label, its definitions' events), in the order first defined; labels
    // in the order first cited.
    let mut notes: Vec<(String, Vec<Event<'_>>)> = Vec::new();
    let mut cited: Vec<String> = Vec::new();
    // The definitions open, innermost last: one may hold another.
    let mut in_note: Vec<usize> = Vec::new();
    let events = Parser::new_ext(body, parser_options(o)).filter_map(|e| {
        match &e {
            Event::FootnoteReference(label) => {
                let label = label.to_lowercase();
                if !cited.contains(&label) {
                    cited.push(label);
                }
                return None;
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let label = label.to_lowercase();
                let k = notes
                    .iter()
                    .position(|(l, _)| *l == label)
                    .unwrap_or_else(|| {
                        notes.push((label, Vec::new()));
                        notes.len() - 1
                    });
                in_note.push(k);
                return None;
            }
            Event::End(pulldown_cmark::TagEnd::FootnoteDefinition) => {
                in_note.pop();
                return None;
            }
            _ => {}
        }
        let e = mapped(e)?;
        match in_note.last() {
            Some(&k) => {
                notes[k].1.push(e);
                None
            }
            None => Some(e),
        }
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    let mut ordered: Vec<&(String, Vec<Event<'_>>)> = cited
        .iter()
        .filter_map(|l| notes.iter().find(|(n, _)| n == l))
        .collect();
    ordered.extend(notes.iter().filter(|(l, _)| !cited.contains(l)));
    let notes = ordered
        .into_iter()
        .map(|(_, events)| {
            let mut html = String::new();
            html::push_html(&mut html, events.iter().cloned());
            html
        })
        .collect();
    (out, notes)
}

/// One event of plain pulldown-cmark's, its destination mapped; None for the summary
/// marker alone.
fn mapped(e: Event<'_>) -> Option<Event<'_>> {
    Some(match e {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if link_type != LinkType::Email => {
            let dest_url = expected_url(&dest_url).map_or(dest_url, Into::into);
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = expected_url(&dest_url).map_or(dest_url, Into::into);
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        Event::Html(ref h) | Event::InlineHtml(ref h) if h.contains(MORE_MARKER) => {
            let rest = h.replace(MORE_MARKER, "");
            if rest.trim().is_empty() {
                return None;
            }
            match e {
                Event::Html(_) => Event::Html(rest.into()),
                _ => Event::InlineHtml(rest.into()),
            }
        }
        e => e,
    })
}

/// daylight's footnotes taken apart: the HTML with citations and the notes section
/// taken off, and each note's HTML without its links back.
fn notes_apart(html: &str) -> (String, Vec<String>) {
    let (text, section) = match html.find("<section class=\"footnotes\"") {
        Some(at) => (&html[..at], &html[at..]),
        None => (html, ""),
    };
    let out = without_citations(text);
    // Each note runs from its `<li id="fn-…">` to the next one's, or to the section's end.
    let starts: Vec<usize> = section
        .match_indices("<li id=\"fn-")
        .map(|(at, _)| at)
        .collect();
    let end = section
        .rfind("</li>\n</ol>\n</section>")
        .unwrap_or(section.len());
    let notes = (starts.iter().enumerate())
        .map(|(k, &at)| {
            let open_end = section[at..].find(">\n").map_or(end, |e| at + e + 2);
            let close = match starts.get(k + 1) {
                Some(&next) => next - "</li>\n".len(),
                None => end,
            };
            let mut note = section[open_end.min(close)..close].to_string();
            while let Some(b) = note.find(" <a href=\"#fnref-") {
                let e = note[b..].find("</a>").map_or(note.len(), |e| b + e + 4);
                note.replace_range(b..e, "");
            }
            without_citations(&note)
        })
        .collect();
    (out, notes)
}

/// `html` with each footnote citation (`<sup class="footnote-ref">…</sup>`) taken out.
fn without_citations(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<sup class=\"footnote-ref\">") {
        out.push_str(&rest[..at]);
        let end = rest[at..].find("</sup>").map_or(rest.len(), |e| at + e + 6);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// daylight's HTML with the adapters that only add markup taken off: the wrapper
/// around tables, the ids of headings, and `loading="lazy"` on images after the first
/// (the generated pages have no image files, so none has a size).
fn undo(html: &str) -> String {
    let html = html.replace("<img loading=\"lazy\" ", "<img ");
    let html = html.as_str();
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut wrapped = 0usize;
    while let Some(at) = rest.find("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" ") {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(">\n").map_or(rest.len(), |e| at + e + 2);
        rest = &rest[end..];
        wrapped += 1;
    }
    out.push_str(rest);
    for _ in 0..wrapped {
        out = out.replacen("</table>\n</div>\n", "</table>\n", 1);
    }
    without_heading_ids(&without_row_headers(&out))
}

/// `<th scope="row">x</th>` -> `<td>x</td>`: daylight makes row headers of the first
/// column when a table's corner is empty.
fn without_row_headers(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<th scope=\"row\"") {
        out.push_str(&rest[..at]);
        out.push_str("<td");
        rest = &rest[at + "<th scope=\"row\"".len()..];
        if let Some(end) = rest.find("</th>") {
            out.push_str(&rest[..end]);
            out.push_str("</td>");
            rest = &rest[end + "</th>".len()..];
        }
    }
    out.push_str(rest);
    out
}

/// `<h2 id="x">` -> `<h2>`: daylight gives every heading an id; plain pulldown-cmark
/// only those written with `{#x}`.
fn without_heading_ids(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<h") {
        let level = rest.as_bytes().get(at + 2).copied();
        if !matches!(level, Some(b'1'..=b'6')) {
            out.push_str(&rest[..at + 2]);
            rest = &rest[at + 2..];
            continue;
        }
        let is_heading = rest[at + 3..].starts_with(" id=\"");
        out.push_str(&rest[..at + 3]);
        rest = &rest[at + 3..];
        if is_heading {
            let value_end = rest[5..].find('"').map_or(rest.len(), |e| 5 + e + 1);
            rest = &rest[value_end..];
        }
    }
    out.push_str(rest);
    out
}

/// Code blocks as `<pre>` and their text alone (highlighting markup and attributes
/// off), and task markers in plain pulldown-cmark's form.
fn same_form(html: &str) -> String {
    let html = html
        .replace(
            TASK_DONE,
            "<input disabled=\"\" type=\"checkbox\" checked=\"\"/>\n",
        )
        .replace(TASK_TO_DO, "<input disabled=\"\" type=\"checkbox\"/>\n");
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(at) = rest.find("<pre") {
        out.push_str(&rest[..at]);
        let Some(end) = rest[at..].find("</pre>").map(|e| at + e + "</pre>".len()) else {
            break;
        };
        let inner = &rest[at..end];
        out.push_str("<pre>");
        let mut in_tag = false;
        for c in inner.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.push_str("</pre>");
        rest = &rest[end..];
    }
    out.push_str(rest);
    // The same characters however each side escapes them in code; and a code block is
    // written as one piece of HTML, without the line break the writer puts before a
    // block that starts a list item.
    out.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("\n<pre>", "<pre>")
}

/// Link pieces: every kind of destination the rewriting rules tell apart.
const LINKS: &[&str] = &[
    "[x](a.md)",
    "[x](../a.md#f)",
    "[x](/abs.md)",
    "[x](@/blog/a.md#f)",
    "[x](a.md?q#f)",
    "[x](<sp ace.md>)",
    "[x](%2e%2e/x.md)",
    "[x](../../../../etc/passwd)",
    "[x](.md)",
    "[x](docs/)",
    "[x](./)",
    "[x](../)",
    "[x](notes.txt)",
    "[x](docs/#part)",
    "[x](/site/path/)",
    "[x](#frag)",
    "[x](https://example.org/a?b#c)",
    "[x](//example.org/)",
    "[x](mailto:a@example.org)",
    "<team@example.org>",
    "<https://example.org>",
    "![i](pic.png)",
    "![i](../up.png \"title\")",
    "[r]: a.md\n",
    "[r]: docs/\n",
    "[r]",
    "[x][r]",
];

const BLOCKS: &[&str] = &[
    "\n",
    "\n\n",
    "- ",
    "1. ",
    "> ",
    "    ",
    "# ",
    "## ",
    "###### ",
    "```\n",
    "```rust\n",
    "~~~\n",
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
    "| a | b |\n",
    "[^1]",
    "[^1]: ",
    "{#id}",
    "{.class}",
    "- [ ] ",
    "- [x] ",
    "&amp;",
    "&copy;",
    "\\",
    "\"",
    "'",
    "--",
    "...",
    "---\n",
    "===\n",
    "<div>",
    "</div>",
    "<!--",
    "-->",
    "<!-- more -->",
    "<br>",
    "e\u{301}",
    "\u{1f600}",
    "\r\n",
    "\t",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        5 => prop::sample::select(BLOCKS).prop_map(str::to_string),
        3 => prop::sample::select(LINKS).prop_map(str::to_string),
        2 => "[a-z ]{1,10}",
        1 => any::<String>().prop_map(|s| s.chars().filter(|c| *c != '{').take(8).collect()),
    ]
}

fn body() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..50).prop_map(|p| p.concat())
}

fn compare(body: &str, smart: bool) -> Result<(), TestCaseError> {
    let s = source(body);
    let o = options(smart);
    let (rendered, _) = render(&Input {
        source: &s,
        files_url: FILES_URL,
        options: &o,
        links: &AllPages,
        shortcodes: &super::shortcodes::NoShortcodes,
        reserved_ids: &[],
    });
    let (html, our_notes) = notes_apart(&rendered.html);
    let ours = same_form(&undo(&html));
    let (html, their_notes) = plain(body, &o);
    let theirs = same_form(&without_heading_ids(&html));
    prop_assert_eq!(ours, theirs, "body: {:?}", body);
    let our_notes: Vec<String> = our_notes.iter().map(|n| same_form(&undo(n))).collect();
    let their_notes: Vec<String> = (their_notes.iter())
        .map(|n| same_form(&without_heading_ids(n)))
        .collect();
    prop_assert_eq!(our_notes, their_notes, "notes of body: {:?}", body);
    Ok(())
}

fn cases() -> u32 {
    std::env::var("DAYLIGHT_DIFFERENTIAL_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000)
}

#[test]
fn daylight_html_is_pulldown_cmark_html_with_the_adapters_undone() {
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    };
    TestRunner::new(config)
        .run(&(body(), prop::bool::ANY), |(b, smart)| compare(&b, smart))
        .unwrap_or_else(|e| panic!("{e}"));
}

/// The pieces the generator is made of, each alone: a failure here names its piece.
#[test]
fn each_piece_alone_matches() {
    for piece in BLOCKS.iter().chain(LINKS) {
        for smart in [false, true] {
            compare(&format!("{piece}x\n"), smart).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

#[test]
fn the_mapping_follows_the_documented_rules() {
    for (dest, expected) in [
        ("a.md", Some("/blog/2024/a/")),
        ("../a.md#f", Some("/blog/a/#f")),
        ("/abs.md", Some("/abs/")),
        ("@/x/y.md", Some("/x/y/")),
        ("docs/", Some("/blog/2024/post/docs/")),
        ("./", Some("/blog/2024/post/")),
        ("notes.txt", Some("/blog/2024/post/notes.txt")),
        ("https://example.org/", None),
        ("#frag", None),
        ("/site/path/", None),
        ("../../../../x.md", None),
    ] {
        assert_eq!(expected_url(dest).as_deref(), expected, "{dest}");
    }
}

/// Found at 30,000 cases: a definition inside a definition, of the same label and of
/// another, in a quote and in a list.
#[test]
fn a_definition_inside_a_definition_matches() {
    for body in [
        "[^1]: >[^1]: ",
        "[^1]: - [^1]: ",
        "[^1]: >[^1]: - ",
        "[^a]: > [^b]: x\n\n[^b] [^a]",
    ] {
        compare(body, false).unwrap_or_else(|e| panic!("{body:?}: {e}"));
    }
}
