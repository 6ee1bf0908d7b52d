//! Author checks for accessibility: warnings about content the theme cannot make
//! accessible by itself. Each names the file, line and column and says how to fix it.
//!
//! - an image without alt text (Markdown `![](x.png)`, or raw `<img>` with no `alt`)
//! - a heading that skips a level: the page title is the page's h1, so the body's
//!   headings start at `##` and go down one level at a time (and a `#` in the body would
//!   be a second h1)
//! - an empty link, or one whose text is only "click here", "read more", "here", "more"…
//! - a table without a header row (a Markdown table whose header cells are all empty, or
//!   a raw HTML `<table>` with no `<th>`)
//! - raw HTML that sets a colour inline (`style="color: …"`, `<font color>`, `bgcolor`):
//!   the theme's colours are checked for contrast in light and dark, an inline one is not
//!
//! The checker watches the event stream [`super::render`] already walks, so a build pays
//! for no second parse. In safe mode raw HTML is dropped, so it is not checked.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::content::Source;
use crate::error::Diagnostic;

/// Link texts that say nothing about where a link goes, compared after lowercasing and
/// trimming punctuation.
const VAGUE_LINK_TEXT: [&str; 9] = [
    "click here",
    "click",
    "here",
    "read more",
    "more",
    "learn more",
    "find out more",
    "link",
    "this link",
];

struct OpenLink {
    at: usize,
    text: String,
    /// It holds raw HTML, which may carry the text (e.g. an `<img alt>`): not judged.
    opaque: bool,
}

/// A run of raw HTML events, joined so a tag split over lines is read whole.
#[derive(Default)]
struct HtmlRun {
    text: String,
    /// (offset in `text`, offset in the body) where each event's text starts; the second
    /// is exact only when the event's text is the source's (`direct`).
    segments: Vec<(usize, usize, bool)>,
}

/// Watches one body's events; [`Checker::finish`] returns the warnings.
pub struct Checker<'a> {
    source: &'a Source,
    check_html: bool,
    warnings: Vec<Diagnostic>,
    /// The level of the last heading; 1 is the page title.
    last_level: usize,
    link: Option<OpenLink>,
    image: Option<(usize, String)>,
    /// A Markdown table's start, and whether its header row has any text.
    table: Option<(usize, bool)>,
    in_table_head: bool,
    html: HtmlRun,
    /// A raw HTML table's start (body offset), and whether it has a `<th>`.
    html_table: Option<(usize, bool)>,
}

impl<'a> Checker<'a> {
    /// `safe`: raw HTML is dropped from the page, so it is not checked.
    pub fn new(source: &'a Source, safe: bool) -> Self {
        Checker {
            source,
            check_html: !safe,
            warnings: Vec::new(),
            last_level: 1,
            link: None,
            image: None,
            table: None,
            in_table_head: false,
            html: HtmlRun::default(),
            html_table: None,
        }
    }

    fn warn(&mut self, body_offset: usize, message: String, hint: &str) {
        let source = self.source;
        self.warnings.push(
            Diagnostic::warning(&source.display, message)
                .at_offset(&source.text, source.body_offset + body_offset)
                .with_hint(hint),
        );
    }

    /// Looks at one event of the body, at `range` (byte offsets into the body).
    pub fn event(&mut self, event: &Event<'_>, range: &Range<usize>) {
        if !matches!(event, Event::Html(_) | Event::InlineHtml(_)) {
            self.flush_html();
        }
        match event {
            Event::Text(t) | Event::Code(t) => self.text(t),
            Event::Html(h) | Event::InlineHtml(h) => {
                if let Some(link) = self.link.as_mut() {
                    link.opaque = true;
                }
                if self.check_html {
                    let direct = range.len() == h.len();
                    self.html
                        .segments
                        .push((self.html.text.len(), range.start, direct));
                    self.html.text.push_str(h);
                }
            }
            Event::Start(Tag::Heading { level, .. }) => self.heading(*level as usize, range.start),
            Event::Start(Tag::Image { .. }) => self.image = Some((range.start, String::new())),
            Event::End(TagEnd::Image) => {
                if let Some((at, alt)) = self.image.take() {
                    if alt.trim().is_empty() {
                        self.warn(
                            at,
                            "image without alt text".to_string(),
                            "say what the image shows between the brackets, e.g. \
                             `![A bar chart of calls per day](calls.png)`; an image that is \
                             only decoration can be raw HTML with an empty alt: `<img src=\"…\" alt=\"\">`",
                        );
                    }
                    if let Some(link) = self.link.as_mut() {
                        link.text.push_str(&alt);
                    }
                }
            }
            Event::Start(Tag::Link { .. }) => {
                self.link = Some(OpenLink {
                    at: range.start,
                    text: String::new(),
                    opaque: false,
                });
            }
            Event::End(TagEnd::Link) => {
                if let Some(link) = self.link.take() {
                    self.link_done(link);
                }
            }
            Event::Start(Tag::Table(_)) => self.table = Some((range.start, false)),
            Event::Start(Tag::TableHead) => self.in_table_head = true,
            Event::End(TagEnd::TableHead) => {
                self.in_table_head = false;
                if let Some((at, false)) = self.table {
                    self.warn(at, "table without a header row".to_string(), TABLE_HINT);
                }
            }
            Event::End(TagEnd::Table) => self.table = None,
            _ => {}
        }
    }

    fn text(&mut self, t: &str) {
        if let Some((_, alt)) = self.image.as_mut() {
            alt.push_str(t);
            return;
        }
        if let Some(link) = self.link.as_mut() {
            link.text.push_str(t);
        }
        if self.in_table_head
            && !t.trim().is_empty()
            && let Some((_, has_text)) = self.table.as_mut()
        {
            *has_text = true;
        }
    }

    fn heading(&mut self, level: usize, at: usize) {
        let hashes = |n: usize| "#".repeat(n);
        if level == 1 {
            self.warn(
                at,
                "a level-1 heading in the body: the page title is already the page's h1"
                    .to_string(),
                "start the body's headings at `##`; a page has one h1, so readers know where \
                 it begins",
            );
        } else if level > self.last_level + 1 {
            let after = if self.last_level == 1 {
                "the page title (the h1)".to_string()
            } else {
                format!("a `{}` heading", hashes(self.last_level))
            };
            self.warn(
                at,
                format!("heading skips a level: `{}` after {after}", hashes(level)),
                &format!(
                    "use `{}` here: screen reader users move through a page by its headings, \
                     and a skipped level sounds like a missing section",
                    hashes(self.last_level + 1)
                ),
            );
        }
        self.last_level = level;
    }

    fn link_done(&mut self, link: OpenLink) {
        if link.opaque {
            return;
        }
        let text = link
            .text
            .trim()
            .trim_matches(|c: char| c.is_ascii_punctuation() || "…→»›·“”‘’".contains(c))
            .trim()
            .to_lowercase();
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            self.warn(
                link.at,
                "empty link: it has no text to read out".to_string(),
                "put words saying where the link goes between the brackets, e.g. \
                 `[our plan](/plan/)`",
            );
        } else if VAGUE_LINK_TEXT.contains(&text.as_str()) {
            self.warn(
                link.at,
                format!(
                    "link text `{}` does not say where the link goes",
                    link.text.trim()
                ),
                "use words that make sense on their own, e.g. `[read the incident report](…)`: \
                 screen reader users often list a page's links out of their sentences",
            );
        }
    }

    /// Reads the raw HTML gathered so far, tag by tag.
    fn flush_html(&mut self) {
        if self.html.segments.is_empty() {
            return;
        }
        let run = std::mem::take(&mut self.html);
        let to_body = |i: usize| -> usize {
            let seg = run
                .segments
                .iter()
                .rev()
                .find(|(start, _, _)| *start <= i)
                .copied();
            match seg {
                Some((start, body, true)) => body + (i - start),
                Some((_, body, false)) => body,
                None => 0,
            }
        };
        let text = run.text.as_str();
        let mut from = 0;
        while let Some(lt) = text[from..].find('<').map(|i| from + i) {
            let Some(tag) = parse_tag(&text[lt..]) else {
                from = lt + 1;
                continue;
            };
            from = lt + tag.len;
            self.html_tag(&tag, |i| to_body(lt + i));
        }
    }

    fn html_tag(&mut self, tag: &HtmlTag, at: impl Fn(usize) -> usize) {
        match (tag.closing, tag.name.as_str()) {
            (false, "table") => self.html_table = Some((at(0), false)),
            (false, "th") => {
                if let Some((_, has_th)) = self.html_table.as_mut() {
                    *has_th = true;
                }
            }
            (true, "table") => {
                if let Some((start, false)) = self.html_table.take() {
                    self.warn(start, "table without a header row".to_string(), TABLE_HINT);
                }
            }
            (false, "img") if !tag.attrs.iter().any(|a| a.name == "alt") => {
                self.warn(
                    at(0),
                    "image without alt text".to_string(),
                    "add an `alt` saying what the image shows; `alt=\"\"` if it is only \
                     decoration",
                );
            }
            _ => {}
        }
        if tag.closing {
            return;
        }
        for attr in &tag.attrs {
            let colour = match attr.name.as_str() {
                "color" | "bgcolor" => true,
                "style" => attr.value.to_ascii_lowercase().contains("color"),
                _ => false,
            };
            if colour {
                let shown = if attr.value.is_empty() {
                    attr.name.clone()
                } else {
                    format!("{}=\"{}\"", attr.name, attr.value.trim())
                };
                self.warn(
                    at(attr.at),
                    format!("raw HTML sets a colour inline: `{shown}`"),
                    "remove it: the theme's colours are checked for contrast in light and \
                     dark mode, an inline colour is not (and may vanish in one of them); for \
                     emphasis use **bold** or a heading, never colour alone",
                );
            }
        }
    }

    /// The warnings found; call after the last event.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        self.flush_html();
        self.warnings
    }
}

const TABLE_HINT: &str = "give the table a first row that names its columns, e.g. \
    `| Service | Date |` then `|---|---|`; in HTML, use `<th>` for the header cells";

pub(crate) struct HtmlAttr {
    pub(crate) name: String,
    pub(crate) value: String,
    /// Byte offset of the attribute in the tag.
    at: usize,
}

pub(crate) struct HtmlTag {
    pub(crate) name: String,
    pub(crate) closing: bool,
    pub(crate) attrs: Vec<HtmlAttr>,
    /// Bytes up to and including `>`.
    pub(crate) len: usize,
}

/// A start or end tag at the start of `s` (which begins with `<`), or None when it is
/// not one (a comment, `a < b`, an unclosed tag).
pub(crate) fn parse_tag(s: &str) -> Option<HtmlTag> {
    let b = s.as_bytes();
    let mut i = 1;
    let closing = b.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
        i += 1;
    }
    if i == name_start || !b[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = s[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        match b.get(i) {
            None => return None,
            Some(b'>') => break,
            _ => {}
        }
        let at = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let attr_name = s[at..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match b.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let end = s[i + 1..].find(q as char)? + i + 1;
                    value = s[i + 1..end].to_string();
                    i = end + 1;
                }
                Some(_) => {
                    let start = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = s[start..i].to_string();
                }
                None => return None,
            }
        }
        if attr_name.is_empty() {
            // A value with no name (`<a=""`) is passed by now. A stray character is not,
            // and is stepped over whole: one byte on could be inside a multi-byte
            // character, and slicing there panics (the differential test found
            // `<a=""𑄶`).
            if i == at {
                i += s[i..].chars().next().map_or(1, char::len_utf8);
            }
            continue;
        }
        attrs.push(HtmlAttr {
            name: attr_name,
            value,
            at,
        });
    }
    Some(HtmlTag {
        name,
        closing,
        attrs,
        len: i + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};
    use std::sync::Arc;

    #[test]
    fn a_value_without_a_name_before_a_wide_character_is_no_panic() {
        // Found by the differential test at about one run in four of 30,000 cases.
        assert!(parse_tag("<a=\"\"\u{11136}").is_none());
        let tag = parse_tag("<a=\"\"\u{11136} href=\"/x\">").expect("a tag");
        assert_eq!(tag.name, "a");
    }

    fn warnings(body: &str) -> Vec<String> {
        let text = format!("---\ntitle: t\n---\n{body}");
        let source = Source {
            rel: "a.md".into(),
            display: "content/a.md".into(),
            body_offset: 16,
            text: Arc::from(text),
            body_on_disk: None,
        };
        let mut checker = Checker::new(&source, false);
        let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
        for (event, range) in Parser::new_ext(source.body(), options).into_offset_iter() {
            checker.event(&event, &range);
        }
        checker
            .finish()
            .iter()
            .map(|d| {
                format!(
                    "{}:{} {}",
                    d.line.unwrap_or(0),
                    d.column.unwrap_or(0),
                    d.message
                )
            })
            .collect()
    }

    #[test]
    fn clean_content_has_no_warnings() {
        let body = "Intro.\n\n## A\n\n### B\n\n## C\n\n![A chart](c.png)\n\n\
                    [the incident report](a.md) and <https://x.example>\n\n\
                    | a | b |\n|---|---|\n| 1 | 2 |\n\n<table><tr><th>x</th></tr></table>\n\n\
                    <img src=\"d.png\" alt=\"\">\n\n<span class=\"x\">ok</span>\n\n\
                    [![Our logo](logo.png)](/)\n";
        assert_eq!(warnings(body), Vec::<String>::new());
    }

    #[test]
    fn each_problem_is_found_where_it_is() {
        let body = "### Too deep\n\n![](a.png)\n\n[click here](x) [Read more…](y) [](z)\n\n\
                    | | |\n|---|---|\n| 1 | 2 |\n\n\
                    <p style=\"color: red\">x</p> <font color=red>y</font>\n\n\
                    <table>\n<tr><td>x</td></tr>\n</table>\n\n<img src=\"b.png\">\n\n# Second h1\n";
        let w = warnings(body);
        assert_eq!(
            w,
            [
                "4:1 heading skips a level: `###` after the page title (the h1)",
                "6:1 image without alt text",
                "8:1 link text `click here` does not say where the link goes",
                "8:17 link text `Read more…` does not say where the link goes",
                "8:33 empty link: it has no text to read out",
                "10:1 table without a header row",
                "14:4 raw HTML sets a colour inline: `style=\"color: red\"`",
                "14:35 raw HTML sets a colour inline: `color=\"red\"`",
                "16:1 table without a header row",
                "20:1 image without alt text",
                "22:1 a level-1 heading in the body: the page title is already the page's h1",
            ]
        );
    }

    #[test]
    fn a_tag_split_over_lines_is_read_whole() {
        let w = warnings("<div\n  style=\"background-color: #fff\">\nx\n</div>\n");
        assert_eq!(
            w,
            ["5:3 raw HTML sets a colour inline: `style=\"background-color: #fff\"`"]
        );
    }

    #[test]
    fn tags_parse_and_odd_text_is_no_tag() {
        let t = parse_tag("<img src='a' alt>rest").unwrap();
        assert_eq!(t.name, "img");
        assert_eq!(t.len, 17);
        assert!(t.attrs.iter().any(|a| a.name == "alt"));
        assert!(parse_tag("< b").is_none());
        assert!(parse_tag("<!-- x -->").is_none());
        assert!(parse_tag("<a href=\"x").is_none());
        assert!(parse_tag("</table>").unwrap().closing);
    }
}
