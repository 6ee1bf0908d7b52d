//! Other generators' template code left in content: Hugo shortcodes (`{{< note >}}`) and
//! templates (`{{ .Site.Title }}`), Liquid tags (`{% include "x.html" %}`) and output
//! (`{{ "/x/" | url }}`). daylight does not run them, so each would be published as text,
//! its quotes curled and its links not links. Each is an error at its line and column,
//! naming what it is and what to do; every one in a site is reported in one run.
//!
//! Code is left alone, written either way (code spans and blocks, raw `<code>`, `<pre>`,
//! `<script>`, `<style>`): writing about templates there is fine. Raw HTML is not code,
//! so `href="{{< ref "x.md" >}}"` is found. A lone `{` is prose; so is a `{{` that never
//! closes.
//!
//! [`classify`] is the one place that says what a `{{ … }}` or `{% … %}` is. daylight's
//! own shortcodes (`{{ name(key="v") }}`, `{% name() %}…{% end %}`) are told apart there
//! ([`Syntax::Shortcode`]) and run by [`super::shortcodes`], which reports its own
//! problems with them; every other piece outside code is still an error here.
//!
//! This module also keeps smart punctuation out of template code: a quote inside
//! `{{ }}` or `{% %}` is published as written, never curled.

use std::ops::Range;

use pulldown_cmark::{Event, Tag};

use crate::content::Source;
use crate::error::Diagnostic;

/// What a piece of template code is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `{{< name … >}}`, `{{% name … %}}`, their closing forms and the escaped
    /// `{{</* name */>}}`.
    HugoShortcode,
    /// Go template code as Hugo writes it: `{{ .Site.Title }}`, `{{ $x := 1 }}`,
    /// `{{ range .Pages }}`, `{{/* a comment */}}`.
    HugoTemplate,
    /// `{% name … %}`: Liquid (Jekyll, Eleventy), Nunjucks and Jinja alike.
    LiquidTag,
    /// `{{ expression }}` in Liquid's sense: `{{ page.title }}`, `{{ x | url }}`.
    LiquidOutput,
    /// A call in the shortcode syntax daylight will have (Zola's): `{{ name(k="v") }}`,
    /// `{% name() %}` and `{% end %}`.
    Shortcode,
}

/// One piece of template code: where it is in the body, what it is, and how it is shown
/// in the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub range: Range<usize>,
    pub syntax: Syntax,
    pub shown: String,
}

/// How far a piece of template code may run before its end: longer, or across a blank
/// line, and the `{{` is taken for prose.
const MAX_LEN: usize = 2000;
/// Longer code is shown cut, with `…`.
const SHOWN_MAX: usize = 40;

/// Go template actions that start Hugo template code.
const GO_ACTIONS: [&str; 11] = [
    "range",
    "with",
    "if",
    "else",
    "end",
    "partial",
    "partialCached",
    "template",
    "define",
    "block",
    "return",
];

/// What the template code at the start of `text` is (`text` starts with `{{` or `{%`),
/// and its length in bytes; None when it is not template code.
pub fn classify(text: &str) -> Option<(Syntax, usize, String)> {
    let (open, close) = delimiters(text)?;
    let window = &text[..floor_boundary(text, MAX_LEN)];
    let end = window.get(open.len()..)?.find(close)? + open.len();
    let len = end + close.len();
    if has_blank_line(&text[open.len()..end]) {
        return None;
    }
    classify_piece(&text[..len], open, close).map(|(syntax, shown)| (syntax, len, shown))
}

/// The opening of template code at the start of `text`, and what closes it.
fn delimiters(text: &str) -> Option<(&'static str, &'static str)> {
    [("{{<", ">}}"), ("{{%", "%}}"), ("{{", "}}"), ("{%", "%}")]
        .into_iter()
        .find(|(open, _)| text.starts_with(open))
}

fn has_blank_line(text: &str) -> bool {
    text.contains("\n\n") || text.contains("\n\r\n")
}

/// What `piece` (from its opening to its closing delimiter, no blank line between) is.
fn classify_piece(piece: &str, open: &str, close: &str) -> Option<(Syntax, String)> {
    let inner = &piece[open.len()..piece.len() - close.len()];
    let trimmed = inner
        .trim_matches('-')
        .trim_matches(|c: char| c.is_whitespace());
    let first_word = |s: &str| -> String {
        s.split(|c: char| c.is_whitespace() || c == '(' || c == '"')
            .next()
            .unwrap_or("")
            .to_string()
    };
    match open {
        "{{<" | "{{%" => {
            // `{{</* note */>}}` is Hugo's way of writing a shortcode as text.
            let name = trimmed.trim_start_matches("/*").trim_start();
            let (slash, name) = match name.strip_prefix('/') {
                Some(rest) => ("/", first_word(rest.trim_start())),
                None => ("", first_word(name)),
            };
            let name = name.trim_end_matches("*/").to_string();
            if name.is_empty() {
                return None;
            }
            let inner_close = &close[..1];
            let shown = format!("{open} {slash}{name} {inner_close}}}}}");
            Some((Syntax::HugoShortcode, shown))
        }
        "{%" => {
            let word = first_word(trimmed);
            if word.is_empty() {
                return None;
            }
            let syntax = if word == "end" || is_call(trimmed) {
                Syntax::Shortcode
            } else {
                Syntax::LiquidTag
            };
            let shown = if syntax == Syntax::Shortcode && word != "end" {
                format!("{{% {word}(…) %}}")
            } else {
                format!("{{% {word} %}}")
            };
            Some((syntax, shown))
        }
        _ => {
            if trimmed.is_empty() {
                return None;
            }
            let word = first_word(trimmed);
            let syntax = if trimmed.starts_with('.')
                || trimmed.starts_with('$')
                || trimmed.starts_with("/*")
                || GO_ACTIONS.contains(&word.as_str())
            {
                Syntax::HugoTemplate
            } else if is_call(trimmed) {
                Syntax::Shortcode
            } else {
                Syntax::LiquidOutput
            };
            let shown = if syntax == Syntax::Shortcode {
                format!("{{{{ {word}(…) }}}}")
            } else {
                let one_line = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
                if one_line.chars().count() > SHOWN_MAX {
                    let cut: String = one_line.chars().take(SHOWN_MAX).collect();
                    format!("{{{{ {} … }}}}", cut.trim_end())
                } else {
                    format!("{{{{ {one_line} }}}}")
                }
            };
            Some((syntax, shown))
        }
    }
}

/// `name(…)` and nothing after it: a shortcode call.
fn is_call(inner: &str) -> bool {
    let name_len = inner
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(inner.len());
    name_len > 0
        && inner[..1]
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '_')
        && inner[name_len..].starts_with('(')
        && inner.ends_with(')')
}

fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Every piece of template code in `body`, code included (the caller knows where code
/// is); pieces do not overlap. The body is read a bounded number of times whatever it
/// holds: where each closing delimiter next is and where the blank lines are are found
/// once, not once per brace (a page of `{{` that never close must not stall a build).
pub fn find_all(body: &str) -> Vec<Found> {
    let mut found = Vec::new();
    let blank_lines: Vec<usize> = body
        .match_indices('\n')
        .filter(|(at, _)| {
            let rest = &body[at + 1..];
            rest.starts_with('\n') || rest.starts_with("\r\n")
        })
        .map(|(at, _)| at)
        .collect();
    let mut closers: Vec<NextOf> = [">}}", "%}}", "}}", "%}"].map(NextOf::new).into();
    let mut i = 0;
    while let Some(at) = body[i..].find('{').map(|k| i + k) {
        i = at + 1;
        let Some((open, close)) = delimiters(&body[at..]) else {
            continue;
        };
        let Some(closer) = closers.iter_mut().find(|c| c.pattern == close) else {
            continue;
        };
        let Some(close_at) = closer.next(body, at + open.len()) else {
            continue;
        };
        let end = close_at + close.len();
        let first_blank = blank_lines.partition_point(|&b| b < at);
        let blank_between = blank_lines.get(first_blank).is_some_and(|&b| b < close_at);
        if end - at > MAX_LEN || blank_between {
            continue;
        }
        if let Some((syntax, shown)) = classify_piece(&body[at..end], open, close) {
            found.push(Found {
                range: at..end,
                syntax,
                shown,
            });
            i = end;
        }
    }
    found
}

/// Where a pattern next occurs in a body, searched for only when the last answer is
/// behind the reader.
struct NextOf {
    pattern: &'static str,
    /// None: it does not occur again.
    at: Option<usize>,
    searched_from: usize,
}

impl NextOf {
    fn new(pattern: &'static str) -> NextOf {
        NextOf {
            pattern,
            at: Some(0),
            searched_from: 0,
        }
    }

    /// Its first occurrence at or after `from` (`from` never goes back).
    fn next(&mut self, body: &str, from: usize) -> Option<usize> {
        let known = self.at?;
        if known >= from && self.searched_from <= from {
            return Some(known);
        }
        self.searched_from = from;
        self.at = body.get(from..)?.find(self.pattern).map(|k| from + k);
        self.at
    }
}

impl Syntax {
    /// What it is, for the message: "a Hugo shortcode".
    fn called(self) -> &'static str {
        match self {
            Syntax::HugoShortcode => "a Hugo shortcode",
            Syntax::HugoTemplate => "a Hugo template",
            Syntax::LiquidTag => "a Liquid tag",
            Syntax::LiquidOutput => "a Liquid output",
            Syntax::Shortcode => "a shortcode",
        }
    }

    /// What to do about it.
    fn hint(self) -> &'static str {
        match self {
            Syntax::HugoShortcode | Syntax::HugoTemplate => {
                "`daylight import hugo` converts many; otherwise remove it, or put it in code (between backticks) to show it as written"
            }
            Syntax::LiquidTag | Syntax::LiquidOutput => {
                "`daylight import jekyll` (or `eleventy`) converts many; otherwise remove it, or put it in code (between backticks) to show it as written"
            }
            Syntax::Shortcode => {
                "see docs/content.md for the shortcodes; put it in code (between backticks) to show it as written"
            }
        }
    }
}

/// An error for each piece of template code in a page's front matter (its YAML, from
/// `start` in the file `text`). Front matter is not Markdown, so there is no code to
/// leave alone: a title, summary or impact holding `{{ page.title }}` would be published
/// as that text, like the body's.
pub fn in_front_matter(
    display: &std::path::Path,
    text: &str,
    yaml: Range<usize>,
) -> Vec<Diagnostic> {
    let Some(front) = text.get(yaml.clone()) else {
        return Vec::new();
    };
    (find_all(front).into_iter())
        .map(|f| {
            Diagnostic::error(
                display,
                format!(
                    "{} `{}` in the front matter is template code daylight does not run: it would be published as text",
                    f.syntax.called(),
                    f.shown
                ),
            )
            .at_offset(text, yaml.start + f.range.start)
            .with_hint(front_matter_hint(f.syntax))
        })
        .collect()
}

/// What to do about template code in front matter: no code spans there.
fn front_matter_hint(syntax: Syntax) -> &'static str {
    match syntax {
        Syntax::HugoShortcode | Syntax::HugoTemplate => {
            "`daylight import hugo` converts many; otherwise write the value out as it should read"
        }
        Syntax::LiquidTag | Syntax::LiquidOutput => {
            "`daylight import jekyll` (or `eleventy`) converts many (an Eleventy `permalink` becomes an alias); otherwise write the value out as it should read"
        }
        Syntax::Shortcode => {
            "shortcodes run only in the body: write the value out as it should read"
        }
    }
}

/// Raw HTML elements whose text is code.
const RAW_CODE: [&str; 4] = ["code", "pre", "script", "style"];

/// Watches one body's events: where code is, and whether a text event is inside
/// template code. [`Watcher::finish`] returns the errors.
pub struct Watcher<'a> {
    source: &'a Source,
    /// The body as parsed (shortcode calls already overwritten by markers).
    body: &'a str,
    found: Vec<Found>,
    /// Ranges of the body that are code.
    code: Vec<Range<usize>>,
    /// Raw HTML code elements open, and where the outermost opened.
    raw_code: Option<(usize, usize)>,
}

impl<'a> Watcher<'a> {
    /// Watches `body`, which is `source`'s body or one of the same length and lines.
    pub fn new(source: &'a Source, body: &'a str) -> Self {
        Self::with_found(source, body, find_all(body))
    }

    /// Watches `body`, whose template code is `found`.
    pub fn with_found(source: &'a Source, body: &'a str, found: Vec<Found>) -> Self {
        Watcher {
            source,
            body,
            found,
            code: Vec::new(),
            raw_code: None,
        }
    }

    /// Looks at one event of the body, at `range` (byte offsets into the body).
    pub fn event(&mut self, event: &Event<'_>, range: &Range<usize>) {
        if self.found.is_empty() {
            return;
        }
        match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => self.code.push(range.clone()),
            Event::Html(h) | Event::InlineHtml(h) => self.raw_html(h, range),
            _ => {}
        }
    }

    /// Follows raw `<code>`, `<pre>`, `<script>` and `<style>` elements opening and
    /// closing; what lies between the event that opens the outermost and the one that
    /// closes it is code.
    fn raw_html(&mut self, html: &str, range: &Range<usize>) {
        let lower = html.to_ascii_lowercase();
        let b = lower.as_bytes();
        for (at, _) in lower.match_indices('<') {
            let (closing, name_at) = match b.get(at + 1) {
                Some(b'/') => (true, at + 2),
                _ => (false, at + 1),
            };
            let is_code = RAW_CODE.iter().any(|n| {
                lower[name_at..].starts_with(n)
                    && b.get(name_at + n.len())
                        .is_none_or(|c| c.is_ascii_whitespace() || matches!(c, b'>' | b'/'))
            });
            if !is_code {
                continue;
            }
            match (&mut self.raw_code, closing) {
                (None, false) => self.raw_code = Some((range.start, 1)),
                (Some((_, depth)), false) => *depth += 1,
                (Some((start, depth)), true) => {
                    *depth -= 1;
                    if *depth == 0 {
                        self.code.push(*start..range.end);
                        self.raw_code = None;
                    }
                }
                (None, true) => {}
            }
        }
    }

    /// The text to publish for a text event at `range`: as written in the source when
    /// smart punctuation changed it inside template code (`“` back to `"`).
    pub fn unsmart(&self, text: &str, range: &Range<usize>) -> Option<&'a str> {
        const SMART: [&str; 7] = [
            "\u{201c}", "\u{201d}", "\u{2018}", "\u{2019}", "\u{2013}", "\u{2014}", "\u{2026}",
        ];
        if self.found.is_empty() || !SMART.contains(&text) {
            return None;
        }
        // `found` is in order and its pieces do not overlap.
        let after = self.found.partition_point(|f| f.range.start <= range.start);
        let piece = &self.found.get(after.checked_sub(1)?)?.range;
        (range.end <= piece.end)
            .then(|| self.body.get(range.clone()))
            .flatten()
    }

    /// An error for each piece of template code outside code.
    pub fn finish(self) -> Vec<Diagnostic> {
        let source = self.source;
        self.outside_code()
            .iter()
            .map(|f| {
                Diagnostic::error(
                    &source.display,
                    format!(
                        "{} `{}` is template code daylight does not run: it would be published as text",
                        f.syntax.called(),
                        f.shown
                    ),
                )
                .at_offset(&source.text, source.body_offset + f.range.start)
                .with_hint(f.syntax.hint())
            })
            .collect()
    }

    /// The pieces of template code that are not in code.
    pub fn outside_code(mut self) -> Vec<Found> {
        if let Some((start, _)) = self.raw_code.take() {
            // An element left open holds the rest of the body.
            self.code.push(start..self.body.len());
        }
        // Code ranges in order of their start, each with the furthest end so far: a piece
        // is in code when some range starting before it ends after its start.
        self.code.sort_by_key(|c| c.start);
        let mut furthest = 0;
        let ends: Vec<usize> = self
            .code
            .iter()
            .map(|c| {
                furthest = furthest.max(c.end);
                furthest
            })
            .collect();
        let in_code = |at: usize| {
            let before = self.code.partition_point(|c| c.start <= at);
            before > 0 && ends[before - 1] > at
        };
        self.found
            .into_iter()
            .filter(|f| !in_code(f.range.start))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> (Syntax, String) {
        let (syntax, len, shown) = classify(text).unwrap_or_else(|| panic!("{text:?}"));
        assert_eq!(len, text.len(), "{text:?}");
        (syntax, shown)
    }

    #[test]
    fn each_syntax_is_named_and_shown_short() {
        use Syntax::*;
        for (text, syntax, shown) in [
            ("{{< note >}}", HugoShortcode, "{{< note >}}"),
            ("{{< ref \"x.md\" >}}", HugoShortcode, "{{< ref >}}"),
            ("{{<note>}}", HugoShortcode, "{{< note >}}"),
            ("{{< /note >}}", HugoShortcode, "{{< /note >}}"),
            ("{{% notice info %}}", HugoShortcode, "{{% notice %}}"),
            ("{{</* note */>}}", HugoShortcode, "{{< note >}}"),
            ("{{ .Site.Title }}", HugoTemplate, "{{ .Site.Title }}"),
            ("{{- $x := 1 -}}", HugoTemplate, "{{ $x := 1 }}"),
            ("{{ range .Pages }}", HugoTemplate, "{{ range .Pages }}"),
            ("{{/* comment */}}", HugoTemplate, "{{ /* comment */ }}"),
            ("{% include \"figure.html\" %}", LiquidTag, "{% include %}"),
            ("{%- if x -%}", LiquidTag, "{% if %}"),
            (
                "{{ \"/2015/07/08/x/\" | url }}",
                LiquidOutput,
                "{{ \"/2015/07/08/x/\" | url }}",
            ),
            ("{{ x | url }}", LiquidOutput, "{{ x | url }}"),
            ("{{ page.title }}", LiquidOutput, "{{ page.title }}"),
            ("{{ figure(src=\"a.png\") }}", Shortcode, "{{ figure(…) }}"),
            (
                "{% callout(kind=\"note\") %}",
                Shortcode,
                "{% callout(…) %}",
            ),
            ("{% end %}", Shortcode, "{% end %}"),
        ] {
            assert_eq!(one(text), (syntax, shown.to_string()), "{text}");
        }
        let long = "{{ site.data.navigation.main.items | where: \"visible\", true | first }}";
        assert_eq!(
            one(long).1,
            "{{ site.data.navigation.main.items | where: … }}"
        );
    }

    #[test]
    fn braces_that_never_close_are_read_in_one_pass() {
        // Quadratic reading would take minutes here: every `{` a candidate whose end is
        // far, or beyond a blank line.
        for unit in [
            "{{",
            "{%",
            "{{<",
            "{{ a\n\n",
            "{{{{ x\n\n }}",
            "{% %}{{  }}",
        ] {
            let body = unit.repeat(1_000_000 / unit.len());
            let started = std::time::Instant::now();
            let _ = find_all(&body);
            assert!(
                started.elapsed() < std::time::Duration::from_secs(5),
                "{unit:?}"
            );
        }
        let many = "{{ a }}".repeat(1000);
        assert_eq!(find_all(&many).len(), 1000);
    }

    #[test]
    fn prose_braces_are_not_template_code() {
        for text in [
            "{ alone",
            "{{ never closed",
            "{{ }}",
            "{%%}",
            "{{ split\n\nacross paragraphs }}",
            "{x}",
        ] {
            assert_eq!(classify(text), None, "{text:?}");
        }
        assert!(find_all("a {b} c { d } {{e").is_empty());
        let all = find_all("{{< a >}} and {% b %}{{ c }}");
        let at: Vec<usize> = all.iter().map(|f| f.range.start).collect();
        assert_eq!(at, [0, 14, 21]);
    }
}
