//! Markdown bodies to HTML: pulldown-cmark, with each daylight feature an adapter over
//! the event stream — heading ids and the table of contents ([`headings`]), internal links
//! ([`links`]), code highlighting ([`highlight`]), safe mode and the summary split.
//!
//! This module renders one body at a time and knows nothing of templates. Link problems
//! come back as diagnostics beside the HTML so a build can report them all.
//!
//! The adapters, all of them: what daylight's HTML has that plain pulldown-cmark's (same
//! options) has not. `differential` checks on generated bodies that nothing else differs.
//! 1. **Heading ids**: every heading gets a unique id (its `{#id}`, else its slug).
//! 2. **Links and images**: destinations rewritten by [`links::rewrite`] (`.md` paths to
//!    page URLs, other relative paths to the page's files folder); email autolinks and
//!    absolute URLs untouched; script URLs made `#` in safe mode.
//! 3. **Code blocks**: written by daylight, highlighted (`<pre class="code" tabindex="0"
//!    data-lang>`), the text unchanged.
//! 4. **Task markers**: a checkbox hidden from assistive technology plus the state in
//!    words ("Done: ", "To do: ").
//! 5. **Tables**: wrapped in a focusable, named `div.table-wrap` region; with an empty
//!    top-left cell, each row's first cell is a row header ([`tables`]).
//! 6. **The summary marker** `<!-- more -->`: taken out (only the marker: HTML written
//!    beside it stays), and where it was is the summary's end.
//! 7. **Safe mode** (`markdown.safe`): raw HTML dropped and heading attributes other than
//!    id and classes.
//! 8. **Template code**: smart punctuation undone inside `{{ }}` and `{% %}`.
//!
//! Footnotes are pulldown-cmark's own.

pub mod checks;
#[cfg(test)]
mod differential;
pub mod headings;
pub mod highlight;
pub mod links;
#[cfg(test)]
mod properties;
mod tables;
pub mod template_syntax;

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd, html};

use crate::config::MarkdownOptions;
use crate::content::Source;
use crate::error::Diagnostic;
pub use headings::TocEntry;
pub use links::LinkResolver;

/// What a body renders to.
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// The text before `<!-- more -->`, else the first paragraph, as HTML.
    pub summary_html: Option<String>,
    pub word_count: usize,
    pub has_code: bool,
}

/// One body to render, and what it needs to know about the site.
pub struct Input<'a> {
    pub source: &'a Source,
    /// The site folder (`/blog/`, or a bundle's page URL) where the files beside this
    /// source are published: relative file links are made absolute against it, so they
    /// still work in summaries shown on other pages.
    pub files_url: &'a str,
    pub options: &'a MarkdownOptions,
    pub links: &'a dyn LinkResolver,
}

const MORE_MARKER: &str = "<!-- more -->";

pub(crate) fn parser_options(options: &MarkdownOptions) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if options.smart_punctuation {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    o
}

/// Renders `input`'s body. Diagnostics (broken links, and the accessibility warnings of
/// [`checks`]) are returned beside the HTML.
pub fn render(input: &Input<'_>) -> (Rendered, Vec<Diagnostic>) {
    let body = input.source.body();
    let parser = Parser::new_ext(body, parser_options(input.options)).into_offset_iter();
    let mut state = BodyRenderer::new(input);
    for (event, range) in parser {
        state.checker.event(&event, &range);
        state.templates.event(&event, &range);
        if state.code.is_some() {
            state.collect_code(event);
        } else if let Some(event) = state.rewrite(event, range) {
            state.place(event);
        }
    }
    state.finish(body.len())
}

/// One body's rendering, as its events go by: the events kept so far and what is known
/// about the page.
struct BodyRenderer<'a> {
    input: &'a Input<'a>,
    rendered: Rendered,
    diagnostics: Vec<Diagnostic>,
    checker: checks::Checker<'a>,
    /// Other generators' template code: errors, and no curled quotes inside it.
    templates: template_syntax::Watcher<'a>,
    ids: headings::IdAllocator,
    events: Vec<Event<'a>>,
    /// Where `<!-- more -->` was, as an index into `events`.
    more_at: Option<usize>,
    /// A heading being read: held back until its end, when its text (and so id) is known.
    heading: Option<headings::PendingHeading<'a>>,
    /// A code block being read: its text is highlighted as a whole at its end.
    code: Option<CodeBlock>,
    budget: highlight::Budget,
    /// The table being read, for its row headers.
    table: tables::RowHeaders,
}

impl<'a> BodyRenderer<'a> {
    fn new(input: &'a Input<'a>) -> Self {
        BodyRenderer {
            input,
            rendered: Rendered::default(),
            diagnostics: Vec::new(),
            checker: checks::Checker::new(input.source, input.options.safe),
            templates: template_syntax::Watcher::new(input.source),
            ids: headings::IdAllocator::default(),
            events: Vec::new(),
            more_at: None,
            heading: None,
            code: None,
            budget: highlight::Budget::default(),
            table: tables::RowHeaders::default(),
        }
    }

    /// An event inside a code block: its text is kept, and at its end the block's HTML
    /// takes its place.
    fn collect_code(&mut self, event: Event<'a>) {
        match event {
            Event::Text(t) => {
                if let Some(block) = self.code.as_mut() {
                    block.code.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(block) = self.code.take() {
                    self.rendered.has_code = true;
                    self.push_code_block(&block);
                }
            }
            _ => {}
        }
    }

    fn push_code_block(&mut self, block: &CodeBlock) {
        let html = block.html(self.input, &mut self.budget, &mut self.diagnostics);
        self.events.push(Event::Html(html.into()));
    }

    /// The event as daylight publishes it, or None for one that is not published as an
    /// event of its own (the start of a code block, the more marker, raw HTML in safe
    /// mode).
    fn rewrite(&mut self, event: Event<'a>, range: Range<usize>) -> Option<Event<'a>> {
        let input = self.input;
        Some(match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => highlight::language_of(&info).to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some(CodeBlock {
                    lang,
                    code: String::new(),
                    at: range.start,
                });
                return None;
            }
            e @ Event::Start(Tag::Link { .. } | Tag::Image { .. }) => links::with_dest(e, |dest| {
                links::rewrite(dest, input, range, &mut self.diagnostics)
            }),
            Event::Html(ref h) | Event::InlineHtml(ref h) if h.contains(MORE_MARKER) => {
                if self.more_at.is_none() && self.heading.is_none() {
                    self.more_at = Some(self.events.len());
                }
                // Only the marker goes: HTML written on its line stays (it was lost).
                let rest = h.replace(MORE_MARKER, "");
                if rest.trim().is_empty() || input.options.safe {
                    return None;
                }
                match event {
                    Event::Html(_) => Event::Html(rest.into()),
                    _ => Event::InlineHtml(rest.into()),
                }
            }
            Event::Html(_) | Event::InlineHtml(_) if input.options.safe => return None,
            // A task's checkbox is only a picture of its state; the state is read out as
            // words (a bare disabled checkbox has no label, and fails WCAG 4.1.2).
            Event::TaskListMarker(done) => {
                Event::InlineHtml(if done { TASK_DONE } else { TASK_TO_DO }.into())
            }
            // A wide table scrolls inside its own box, never the page; the box takes
            // the keyboard's focus so it can be scrolled without a mouse, and is named
            // by the heading it sits under (WCAG 2.1.1; axe's scrollable-region-focusable).
            Event::Start(Tag::Table(ref aligns)) => {
                self.table.start(aligns, self.events.len() + 1);
                let named = match self.rendered.toc.last() {
                    Some(h) => format!("aria-labelledby=\"{}\"", escape(&h.id)),
                    None => "aria-label=\"Table\"".to_string(),
                };
                self.events.push(Event::Html(
                    format!("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" {named}>\n")
                        .into(),
                ));
                event
            }
            e @ Event::Start(Tag::TableHead | Tag::TableRow | Tag::TableCell)
            | e @ Event::End(TagEnd::TableHead | TagEnd::TableCell) => {
                self.table.rewrite(e, &mut self.events)
            }
            Event::End(TagEnd::Table) => {
                self.events.push(event);
                Event::Html("</div>\n".into())
            }
            Event::Text(ref t) => {
                self.rendered.word_count += t.split_whitespace().count();
                match self.templates.unsmart(t, &range) {
                    Some(as_written) => Event::Text(as_written.into()),
                    None => event,
                }
            }
            other => other,
        })
    }

    /// Keeps a published event: in the heading being read, if there is one.
    fn place(&mut self, event: Event<'a>) {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                // `{onclick=...}` after a heading is an attribute of its own: safe mode
                // keeps only the id and classes.
                let attrs = if self.input.options.safe {
                    Vec::new()
                } else {
                    attrs
                };
                self.heading = Some(headings::PendingHeading::new(level, id, classes, attrs));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = self.heading.take() {
                    h.finish(&mut self.ids, &mut self.rendered.toc, &mut self.events);
                }
            }
            e => match self.heading.as_mut() {
                Some(h) => h.push(e),
                None => self.events.push(e),
            },
        }
    }

    /// The HTML, summary and table of contents, once every event is in; a code block
    /// left open at the end of the body is closed.
    fn finish(mut self, body_len: usize) -> (Rendered, Vec<Diagnostic>) {
        if let Some(block) = self.code.take() {
            self.push_code_block(&block);
        }
        let mut rendered = self.rendered;
        rendered.summary_html = summary(&self.events, self.more_at);
        let mut out = String::with_capacity(body_len * 3 / 2);
        html::push_html(&mut out, self.events.into_iter());
        rendered.html = out;
        rendered.toc = headings::nest(std::mem::take(&mut rendered.toc));
        let mut diagnostics = self.diagnostics;
        diagnostics.extend(self.checker.finish());
        diagnostics.extend(self.templates.finish());
        (rendered, diagnostics)
    }
}

const TASK_DONE: &str = "<input type=\"checkbox\" disabled checked aria-hidden=\"true\">\
    <span class=\"visually-hidden\">Done: </span>";
const TASK_TO_DO: &str = "<input type=\"checkbox\" disabled aria-hidden=\"true\">\
    <span class=\"visually-hidden\">To do: </span>";

fn summary(events: &[Event<'_>], more_at: Option<usize>) -> Option<String> {
    let slice = match more_at {
        // A marker inside a list, quote or paragraph: what it cuts is closed, so the
        // summary is whole HTML (it was `<ul><li><p>item</p>` and then the page's tags).
        Some(i) => {
            let cut = &events[..i];
            let mut open: Vec<TagEnd> = Vec::new();
            for e in cut {
                match e {
                    Event::Start(tag) => open.push(tag.to_end()),
                    Event::End(_) => {
                        open.pop();
                    }
                    _ => {}
                }
            }
            let closed = cut
                .iter()
                .cloned()
                .chain(open.into_iter().rev().map(Event::End));
            let mut out = String::new();
            html::push_html(&mut out, closed);
            let trimmed = out.trim();
            return (!trimmed.is_empty()).then(|| trimmed.to_string());
        }
        None => {
            let start = events
                .iter()
                .position(|e| matches!(e, Event::Start(Tag::Paragraph)))?;
            let len = events[start..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Paragraph)))?;
            &events[start..=start + len]
        }
    };
    let mut out = String::new();
    html::push_html(&mut out, slice.iter().cloned());
    let trimmed = out.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// A fenced or indented code block, and where it starts (a byte offset into the body).
struct CodeBlock {
    lang: String,
    code: String,
    at: usize,
}

impl CodeBlock {
    /// The block's HTML, highlighted when the language is known and the work is within
    /// bounds; a warning naming the line when highlighting was skipped for the work.
    fn html(
        &self,
        input: &Input<'_>,
        budget: &mut highlight::Budget,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> String {
        let (lang, code) = (self.lang.as_str(), self.code.as_str());
        let highlighted = if input.options.highlight_code {
            highlight::highlight(code, lang, budget)
        } else {
            highlight::Highlighted::Plain
        };
        if let highlight::Highlighted::Skipped(why) = &highlighted
            && let Some(d) = self.skipped_warning(input, why)
        {
            diagnostics.push(d);
        }
        let mut out = String::with_capacity(code.len() * 2 + 64);
        out.push_str("<pre class=\"code\" tabindex=\"0\"");
        if !lang.is_empty() {
            out.push_str(" data-lang=\"");
            escape_into(&mut out, lang);
            out.push('"');
        }
        out.push_str("><code");
        if !lang.is_empty() {
            out.push_str(" class=\"language-");
            escape_into(&mut out, lang);
            out.push('"');
        }
        out.push('>');
        match highlighted {
            highlight::Highlighted::Html(h) => out.push_str(&h),
            _ => escape_into(&mut out, code),
        }
        out.push_str("</code></pre>\n");
        out
    }

    fn skipped_warning(&self, input: &Input<'_>, why: &highlight::Skipped) -> Option<Diagnostic> {
        let source = input.source;
        let body = source.body();
        let (offset, message, hint) = match why {
            highlight::Skipped::LongLine { bytes, .. } => {
                // The long line in the file itself (the block's text may be indented
                // differently), else the fence.
                let from = self.at.min(body.len());
                let offset = body[from..]
                    .split_inclusive('\n')
                    .scan(from, |start, line| {
                        let at = *start;
                        *start += line.len();
                        Some((at, line))
                    })
                    .find(|(_, line)| line.trim_end().len() > highlight::MAX_LINE)
                    .map_or(self.at, |(at, _)| at);
                (
                    offset,
                    format!(
                        "`{}` code not highlighted: a line of {} KB is longer than the {} KB daylight highlights",
                        self.lang,
                        bytes.div_ceil(1024),
                        highlight::MAX_LINE / 1024
                    ),
                    "the block is shown as plain text; break the line, or fence it as ```text to say so",
                )
            }
            highlight::Skipped::PageBudget { first: false } => return None,
            highlight::Skipped::PageBudget { first: true } => (
                self.at,
                format!(
                    "code not highlighted from here on: the page already has the {} KB of highlighted code daylight allows one page",
                    highlight::PAGE_BUDGET / 1024
                ),
                "blocks that do not fit are shown as plain text; split the page, or fence big blocks as ```text",
            ),
        };
        Some(
            Diagnostic::warning(&source.display, message)
                .at_offset(&source.text, source.body_offset + offset)
                .with_hint(hint),
        )
    }
}

/// `text` with HTML's special characters escaped, and the code points no page may hold
/// dropped ([`crate::escape::forbidden_in_html`]): for text daylight puts into HTML of
/// its own (charts, redirect pages), not for Markdown bodies, which are pulldown-cmark's.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    if text.chars().any(crate::escape::forbidden_in_html) {
        let kept: String = text
            .chars()
            .filter(|c| !crate::escape::forbidden_in_html(*c))
            .collect();
        escape_into(&mut out, &kept);
    } else {
        escape_into(&mut out, text);
    }
    out
}

fn escape_into(out: &mut String, text: &str) {
    // pulldown-cmark's escaper: writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut *out, text);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    struct NoLinks;
    impl LinkResolver for NoLinks {
        fn resolve(&self, path: &str) -> Result<String, String> {
            if path == "blog/other.md" {
                Ok("/blog/other/".to_string())
            } else {
                Err(String::new())
            }
        }
    }

    fn source(body: &str) -> Source {
        let text = format!("---\ntitle: t\n---\n{body}");
        Source {
            rel: "blog/post.md".into(),
            display: "content/blog/post.md".into(),
            body_offset: 16,
            text: Arc::from(text),
        }
    }

    fn opts() -> MarkdownOptions {
        MarkdownOptions {
            smart_punctuation: true,
            safe: false,
            highlight_code: true,
        }
    }

    fn run(body: &str, options: &MarkdownOptions) -> (Rendered, Vec<Diagnostic>) {
        let s = source(body);
        render(&Input {
            source: &s,
            files_url: "/blog/",
            options,
            links: &NoLinks,
        })
    }

    #[test]
    fn gfm_features_render() {
        let (r, d) = run(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ \"quoted\"\n\n- [x] done\n\nNote[^1]\n\n[^1]: A footnote.\n",
            &opts(),
        );
        assert!(d.is_empty());
        assert!(r.html.contains("<table>"), "{}", r.html);
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("\u{201c}quoted\u{201d}"));
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(r.html.contains("footnote"));
    }

    #[test]
    fn template_code_is_an_error_outside_code_only() {
        let body = concat!(
            "Prose {{< note >}} and `{{< in_span >}}` and {a} { b }.\n\n",
            "```\n{% include \"in_block.html\" %}\n```\n\n",
            "    {{ indented }}\n\n",
            "<pre>{{ in_pre }}</pre>\n\n",
            "Inline <code>{{ in_code }}</code> and <a href=\"{{< ref \"x.md\" >}}\">raw</a>.\n\n",
            "<script>var x = {{ in_script }};</script>\n\n",
            "Last {{ page.title }}.\n",
        );
        let (_, d) = run(body, &opts());
        let found: Vec<(u32, u32, &str)> = d
            .iter()
            .map(|d| (d.line.unwrap(), d.column.unwrap(), d.message.as_str()))
            .collect();
        // The body starts on line 4 of the file.
        assert_eq!(
            found,
            [
                (
                    4,
                    7,
                    "a Hugo shortcode `{{< note >}}` is template code daylight does not run: it would be published as text"
                ),
                (
                    14,
                    48,
                    "a Hugo shortcode `{{< ref >}}` is template code daylight does not run: it would be published as text"
                ),
                (
                    18,
                    6,
                    "a Liquid output `{{ page.title }}` is template code daylight does not run: it would be published as text"
                ),
            ],
            "{d:#?}"
        );
        assert!(d.iter().all(Diagnostic::is_error));
    }

    #[test]
    fn quotes_inside_template_code_are_never_curled() {
        let (r, _) = run(
            "A \"quote\" then {{< ref \"x.md\" >}} and {% include 'f.html' %} -- {{ \"a\" | url }}\n",
            &opts(),
        );
        // Outside template code quotes and dashes are still curled.
        assert_eq!(
            r.html,
            "<p>A \u{201c}quote\u{201d} then {{&lt; ref \"x.md\" &gt;}} and {% include 'f.html' %} \u{2013} {{ \"a\" | url }}</p>\n"
        );
    }

    #[test]
    fn headings_get_unique_ids_and_a_nested_toc() {
        let (r, _) = run(
            "## Cause\n\n### Detail\n\n## Cause\n\n## Custom {#mine}\n",
            &opts(),
        );
        assert!(r.html.contains("<h2 id=\"cause\">Cause</h2>"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"cause-1\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"mine\">"), "{}", r.html);
        assert_eq!(r.toc.len(), 3);
        assert_eq!(r.toc[0].children[0].id, "detail");
    }

    #[test]
    fn code_is_highlighted_or_escaped() {
        let (r, _) = run(
            "```rust\nfn main() {}\n```\n\n```cobol\n<b>x</b>\n```\n",
            &opts(),
        );
        assert!(r.has_code);
        assert!(r.html.contains("hl-"), "{}", r.html);
        assert!(r.html.contains("&lt;b&gt;x&lt;/b&gt;"), "{}", r.html);
        assert!(r.html.contains("language-cobol"));
    }

    #[test]
    fn summary_is_text_before_more_else_first_paragraph() {
        let (r, _) = run(
            "First para.\n\nSecond.\n\n<!-- more -->\n\nRest.\n",
            &opts(),
        );
        let s = r.summary_html.unwrap();
        assert!(
            s.contains("First para.") && s.contains("Second.") && !s.contains("Rest"),
            "{s}"
        );
        let (r, _) = run("## Heading\n\nOnly this.\n\nNot this.\n", &opts());
        assert_eq!(r.summary_html.unwrap(), "<p>Only this.</p>");
    }

    #[test]
    fn md_links_resolve_and_broken_ones_name_the_line() {
        let (r, d) = run(
            "See [other](other.md#part).\n\nAnd [gone](missing.md).\n",
            &opts(),
        );
        assert!(r.html.contains("href=\"/blog/other/#part\""), "{}", r.html);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, Some(6), "{}", d[0]);
        assert!(d[0].message.contains("missing.md"));
    }

    #[test]
    fn safe_mode_drops_raw_html_and_script_links() {
        let o = MarkdownOptions {
            safe: true,
            ..opts()
        };
        let (r, _) = run(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n## Hi {#hi .big onclick=alert(1)}\n",
            &o,
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("javascript:"), "{}", r.html);
        assert!(
            r.html.contains("<h2 id=\"hi\" class=\"big\">Hi</h2>"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("onclick"), "{}", r.html);
    }

    #[test]
    fn an_empty_table_corner_makes_the_first_column_row_headers() {
        let (r, _) = run(
            "| | Now | Later |\n|---|--:|:-:|\n| Calls | 3 | 4 |\n| Emails | 5 | 6 |\n",
            &opts(),
        );
        assert!(
            r.html.contains("<tr><th scope=\"row\">Calls</th><td style=\"text-align: right\">3</td><td style=\"text-align: center\">4</td></tr>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<thead><tr><th></th><th style=\"text-align: right\">Now</th>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn a_table_corner_with_text_keeps_the_table_as_written() {
        let (r, _) = run("| Name | Now |\n|---|---|\n| Calls | 3 |\n", &opts());
        assert!(
            r.html.contains("<tr><td>Calls</td><td>3</td></tr>"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("scope=\"row\""));
    }
}
