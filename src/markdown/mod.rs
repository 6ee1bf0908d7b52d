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
//! 9. **Shortcodes** ([`shortcodes`]): each call's output in place of the call; a block's
//!    events rendered to HTML and handed to its shortcode.
//!
//! 10. **Footnotes** ([`footnotes`]): references numbered in order, the notes collected
//!     at the end with links back; no heading id is a footnote's or the theme's.

pub mod checks;
#[cfg(test)]
mod differential;
pub mod footnotes;
pub mod headings;
pub mod highlight;
pub mod links;
#[cfg(test)]
mod properties;
pub mod shortcodes;
pub mod smart;
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
    /// The pictures embedded with resized copies: what the render must make.
    pub resized: Vec<crate::resize::Use>,
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
    pub shortcodes: &'a dyn shortcodes::Shortcodes,
    /// Ids the page's template writes (`main`): no heading takes one.
    pub reserved_ids: &'a [String],
}

const MORE_MARKER: &str = "<!-- more -->";

pub(crate) fn parser_options(options: &MarkdownOptions) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_GFM
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
    let (expansion, found) = expand_shortcodes(input);
    let body = expansion.text.as_deref().unwrap_or(input.source.body());
    let parser = Parser::new_ext(body, parser_options(input.options)).into_offset_iter();
    let mut state = BodyRenderer::new(input, body, found, &expansion);
    for (event, range) in parser {
        if state.shortcode_marker(&event, &range) {
            continue;
        }
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

/// The body's shortcode calls (outside code) overwritten by markers, and the body's
/// template code (to be found again only when nothing was overwritten).
fn expand_shortcodes(
    input: &Input<'_>,
) -> (shortcodes::Expansion, Option<Vec<template_syntax::Found>>) {
    let source = input.source;
    let body = source.body();
    let found = template_syntax::find_all(body);
    if !found
        .iter()
        .any(|f| f.syntax == template_syntax::Syntax::Shortcode)
    {
        return (shortcodes::Expansion::default(), Some(found));
    }
    // Where code is, so that calls there stay text.
    let mut watcher = template_syntax::Watcher::with_found(source, body, found);
    for (event, range) in Parser::new_ext(body, parser_options(input.options)).into_offset_iter() {
        watcher.event(&event, &range);
    }
    let outside = watcher.outside_code();
    let error_at = |at: usize, message: String| {
        Diagnostic::error(&source.display, message).at_offset(&source.text, source.body_offset + at)
    };
    let mut link_problems = Vec::new();
    let mut resized = Vec::new();
    let mut resolve_path = |written: &str, at: usize| -> Result<shortcodes::Resolved, String> {
        // A picture's path must lead to a picture daylight can read, as an image's does.
        let image = links::is_raster_image(written);
        let url = links::rewrite(written, input, at..at, image, &mut link_problems)
            .unwrap_or_else(|| written.to_string());
        let size = image_size(input, &url);
        let srcset = size
            .and_then(|size| plan_copies(input, &url, size, at))
            .map(|(srcset, use_)| {
                resized.push(use_);
                srcset
            });
        Ok(shortcodes::Resolved { url, size, srcset })
    };
    let mut expansion = shortcodes::Expander {
        body,
        said: Vec::new(),
        shortcodes: input.shortcodes,
        safe: input.options.safe,
        error_at: &error_at,
        resolve_path: &mut resolve_path,
    }
    .expand(&outside);
    expansion.diagnostics.append(&mut link_problems);
    expansion.resized = resized;
    (expansion, None)
}

/// A block shortcode (or GitHub alert) whose body is being read: its events start at
/// `start` in the renderer's events.
struct Capture {
    call: Option<shortcodes::Call>,
    start: usize,
}

/// One body's rendering, as its events go by: the events kept so far and what is known
/// about the page.
struct BodyRenderer<'a> {
    input: &'a Input<'a>,
    expansion: &'a shortcodes::Expansion,
    /// Block shortcodes open, innermost last.
    captures: Vec<Capture>,
    rendered: Rendered,
    diagnostics: Vec<Diagnostic>,
    checker: checks::Checker<'a>,
    /// Other generators' template code: errors, and no curled quotes inside it.
    templates: template_syntax::Watcher<'a>,
    ids: headings::IdAllocator,
    footnotes: footnotes::Footnotes<'a>,
    /// An image being read: its alt text is the events until its end.
    image: Option<PendingImage>,
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
    /// How many tables sit under the latest heading (by its place in the contents):
    /// the second and later get a number in their name, so no two boxes share one.
    tables_under: (usize, usize),
}

impl<'a> BodyRenderer<'a> {
    fn new(
        input: &'a Input<'a>,
        body: &'a str,
        found: Option<Vec<template_syntax::Found>>,
        expansion: &'a shortcodes::Expansion,
    ) -> Self {
        let templates = match found {
            Some(found) => template_syntax::Watcher::with_found(input.source, body, found),
            None => template_syntax::Watcher::new(input.source, body),
        };
        BodyRenderer {
            input,
            expansion,
            captures: Vec::new(),
            rendered: Rendered {
                resized: expansion.resized.clone(),
                ..Rendered::default()
            },
            diagnostics: expansion.diagnostics.clone(),
            checker: checks::Checker::new(input.source, input.options.safe),
            templates,
            ids: headings::IdAllocator::reserving(input.reserved_ids.iter().map(String::as_str)),
            footnotes: footnotes::Footnotes::default(),
            image: None,
            events: Vec::new(),
            more_at: None,
            heading: None,
            code: None,
            budget: highlight::Budget::default(),
            table: tables::RowHeaders::default(),
            tables_under: (0, 0),
        }
    }

    /// Whether the event was a shortcode's marker (or had one in it), now dealt with.
    fn shortcode_marker(&mut self, event: &Event<'a>, range: &Range<usize>) -> bool {
        let ex = self.expansion;
        if ex.at.is_empty() {
            return false;
        }
        match event {
            Event::Html(_) | Event::InlineHtml(_) => {
                let k = ex.comment_at.partition_point(|c| c.start <= range.start);
                let Some(comment) = k.checked_sub(1).map(|k| &ex.comment_at[k]) else {
                    return false;
                };
                if range.start >= comment.end {
                    return false;
                }
                // A marker over several lines comes as one event per line: the first
                // stands for it, the rest go.
                if range.start == comment.start {
                    self.marker_at(comment.start, matches!(event, Event::Html(_)));
                }
                true
            }
            Event::Text(t) if t.contains(shortcodes::TEXT_MARK) => {
                for part in shortcodes::split_text(t) {
                    match part {
                        Ok(text) => {
                            let e = Event::Text(text.to_string().into());
                            if let Some(e) = self.rewrite(e, range.clone()) {
                                self.place(e);
                            }
                        }
                        Err(offset) => self.marker_at(range.start + offset, false),
                    }
                }
                true
            }
            _ => false,
        }
    }

    /// Whether GitHub alerts become the `callout` shortcode: when the site has it, and it
    /// takes the alert's kind.
    fn has_callout(&self) -> bool {
        self.input.shortcodes.signature(CALLOUT).is_some_and(|s| {
            s.body
                && s.args.iter().any(|a| {
                    a.name == "kind"
                        && matches!(&a.ty, shortcodes::ArgType::OneOf(words)
                            if ALERT_KINDS.iter().all(|k| words.iter().any(|w| w == k)))
                })
        })
    }

    /// Puts what the marker at body offset `at` stands for in place.
    fn marker_at(&mut self, at: usize, block_level: bool) {
        let ex = self.expansion;
        let Ok(k) = ex.at.binary_search_by_key(&at, |&(offset, _)| offset) else {
            return;
        };
        match &ex.markers[ex.at[k].1] {
            shortcodes::Marker::Output { html, .. } => {
                let html = html.clone().unwrap_or_default();
                if !html.is_empty() {
                    self.place(if block_level {
                        Event::Html(html.into())
                    } else {
                        Event::InlineHtml(html.into())
                    });
                }
            }
            shortcodes::Marker::Open(call) => self.captures.push(Capture {
                call: call.clone(),
                start: self.events.len(),
            }),
            shortcodes::Marker::End => {
                if let Some(capture) = self.captures.pop() {
                    self.end_capture(capture);
                }
            }
        }
    }

    /// A block's body is over: its events become its HTML, handed to its shortcode.
    fn end_capture(&mut self, capture: Capture) {
        let Some(call) = capture.call else {
            // The call was in error (and said so): the body stays as it is.
            return;
        };
        let start = capture.start.min(self.events.len());
        let inner: Vec<Event<'a>> = self.events.split_off(start);
        let depth = inner.iter().fold(0i64, |d, e| match e {
            Event::Start(_) => d + 1,
            Event::End(_) => d - 1,
            _ => d,
        });
        if self.more_at.is_some_and(|m| m > start) {
            self.more_at = Some(start);
        }
        let source = self.input.source;
        let error_at = |at: usize, message: String| {
            Diagnostic::error(&source.display, message)
                .at_offset(&source.text, source.body_offset + at)
        };
        if depth != 0 {
            self.diagnostics.push(
                error_at(
                    call.at,
                    format!(
                        "shortcode block `{}` is opened and ended at different depths (one inside a list or quote, the other outside)",
                        call.name
                    ),
                )
                .with_hint("open and end the block at the same level"),
            );
            self.events.extend(inner);
            return;
        }
        let mut body = String::new();
        html::push_html(&mut body, inner.into_iter());
        let safe = self.input.options.safe;
        match shortcodes::run_call(self.input.shortcodes, &call, Some(&body), safe, &error_at) {
            Ok(out) => self.events.push(Event::Html(out.into())),
            Err(d) => self.diagnostics.push(d),
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
        if self.image.is_some() {
            return self.image_event(event);
        }
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
            e @ Event::Start(Tag::Link { .. }) => links::with_dest(e, |dest| {
                links::rewrite(dest, input, range, false, &mut self.diagnostics)
            }),
            // An image is written whole at its end, with its size when the file is known.
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let at = range.start;
                let dest = links::rewrite(&dest_url, input, range, true, &mut self.diagnostics)
                    .unwrap_or_else(|| dest_url.to_string());
                let size = image_size(input, &dest);
                let srcset = self.plan_copies(&dest, size, at);
                self.image = Some(PendingImage {
                    dest,
                    title: title.to_string(),
                    alt: String::new(),
                    size,
                    srcset,
                    depth: 0,
                });
                return None;
            }
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
            // GitHub's alerts (`> [!NOTE]`) are callouts, when the site has that shortcode.
            Event::Start(Tag::BlockQuote(Some(kind))) if self.has_callout() => {
                self.captures.push(Capture {
                    call: Some(shortcodes::Call {
                        name: CALLOUT.to_string(),
                        args: vec![(
                            "kind".to_string(),
                            shortcodes::Value::Text(alert_kind(kind).to_string()),
                        )],
                        at: range.start,
                    }),
                    start: self.events.len(),
                });
                return None;
            }
            Event::End(TagEnd::BlockQuote(Some(_))) if self.has_callout() => {
                if let Some(capture) = self.captures.pop() {
                    self.end_capture(capture);
                }
                return None;
            }
            // A task's checkbox is only a picture of its state; the state is read out as
            // words (a bare disabled checkbox has no label, and fails WCAG 4.1.2).
            Event::FootnoteReference(label) => Event::InlineHtml(self.footnotes.reference(&label)),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.footnotes.start_definition(&label, self.events.len());
                return None;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                let at = self.footnotes.end_definition(&mut self.events);
                // A summary marker in a note: the summary ends where the note was.
                if let (Some(at), Some(m)) = (at, self.more_at)
                    && m > at
                {
                    self.more_at = Some(at);
                }
                return None;
            }
            Event::TaskListMarker(done) => {
                Event::InlineHtml(if done { TASK_DONE } else { TASK_TO_DO }.into())
            }
            // A wide table scrolls inside its own box, never the page; the box takes
            // the keyboard's focus so it can be scrolled without a mouse, and is named
            // by the heading it sits under (WCAG 2.1.1; axe's scrollable-region-focusable).
            Event::Start(Tag::Table(ref aligns)) => {
                self.table.start(aligns, self.events.len() + 1);
                let heading = self.rendered.toc.len();
                let n = match self.tables_under {
                    (h, n) if h == heading => n + 1,
                    _ => 1,
                };
                self.tables_under = (heading, n);
                let named = match (self.rendered.toc.last(), n) {
                    (Some(h), 1) => format!("aria-labelledby=\"{}\"", escape(&h.id)),
                    (Some(h), n) => format!("aria-label=\"{}, table {n}\"", escape(&h.title)),
                    (None, 1) => "aria-label=\"Table\"".to_string(),
                    (None, n) => format!("aria-label=\"Table {n}\""),
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

    /// The `srcset` of a picture of the site `size` pixels wide embedded at `at`, with
    /// its copies noted for the render to make; None when it gets no copies.
    fn plan_copies(
        &mut self,
        url: &str,
        size: Option<(u32, u32)>,
        at: usize,
    ) -> Option<crate::resize::Srcset> {
        let use_ = plan_copies(self.input, url, size?, at)?;
        self.rendered.resized.push(use_.1);
        Some(use_.0)
    }

    /// An event inside an image: its text is the image's alt text (as pulldown-cmark
    /// writes it: the text alone, tags left out); at its end, the `<img>`.
    fn image_event(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        let image = self.image.as_mut()?;
        match event {
            Event::Text(t) | Event::Code(t) => escape_into(&mut image.alt, &t),
            // The summary marker is never published, not even as alt text.
            Event::Html(t) | Event::InlineHtml(t) => {
                escape_into(&mut image.alt, &t.replace(MORE_MARKER, ""));
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule => image.alt.push(' '),
            Event::FootnoteReference(label) => {
                image.alt.push('[');
                escape_into(&mut image.alt, &label);
                image.alt.push(']');
            }
            Event::TaskListMarker(done) => image.alt.push_str(if done { "[x]" } else { "[ ]" }),
            // An image or link inside the alt text: only its text counts.
            Event::Start(_) => image.depth += 1,
            Event::End(_) if image.depth > 0 => image.depth -= 1,
            Event::End(TagEnd::Image) => {
                let image = self.image.take()?;
                self.rendered.word_count += image.alt.split_whitespace().count();
                return Some(Event::InlineHtml(image.html().into()));
            }
            _ => {}
        }
        None
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
        // Blocks never closed were reported when the calls were read; none is open here
        // unless a marker was swallowed (inside raw HTML): their bodies stay as they are.
        self.captures.clear();
        let mut rendered = self.rendered;
        rendered.summary_html = summary(&self.events, self.more_at);
        let mut out = String::with_capacity(body_len * 3 / 2);
        html::push_html(&mut out, self.events.into_iter());
        if let Some(notes) = self.footnotes.section() {
            out.push_str(&notes);
        }
        rendered.html = lazy_after_first(out);
        rendered.toc = headings::nest(std::mem::take(&mut rendered.toc));
        let mut diagnostics = self.diagnostics;
        diagnostics.extend(self.checker.finish());
        diagnostics.extend(self.templates.finish());
        (rendered, diagnostics)
    }
}

/// An image as it is read: where it points, its title, its alt text so far, its size.
struct PendingImage {
    dest: String,
    title: String,
    alt: String,
    size: Option<(u32, u32)>,
    /// Its resized copies, when it has some.
    srcset: Option<crate::resize::Srcset>,
    /// Tags opened inside the alt text and not yet closed.
    depth: usize,
}

impl PendingImage {
    /// The `<img>` as pulldown-cmark writes it, with `width` and `height` when known
    /// (so the page does not move as it loads).
    fn html(&self) -> String {
        let mut out = String::from("<img src=\"");
        let _ = pulldown_cmark_escape::escape_href(&mut out, &self.dest);
        out.push_str("\" alt=\"");
        out.push_str(&self.alt);
        out.push('"');
        if !self.title.is_empty() {
            out.push_str(" title=\"");
            escape_into(&mut out, &self.title);
            out.push('"');
        }
        if let Some((w, h)) = self.size {
            out.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
        }
        if let Some(set) = &self.srcset {
            out.push_str(" srcset=\"");
            escape_into(&mut out, &set.srcset);
            out.push_str("\" sizes=\"");
            escape_into(&mut out, &set.sizes);
            out.push('"');
        }
        out.push_str(" />");
        out
    }
}

/// The size of the image at `dest` when it is one of the site's pictures.
/// The `srcset` of the picture at site path `url`, `size` pixels, embedded at body offset
/// `at`, and what the render must make for it; None when it gets no copies.
fn plan_copies(
    input: &Input<'_>,
    url: &str,
    size: (u32, u32),
    at: usize,
) -> Option<(crate::resize::Srcset, crate::resize::Use)> {
    let (srcset, widths) = crate::resize::plan(url, size)?;
    let source = input.source;
    let at = Diagnostic::error(&source.display, String::new())
        .at_offset(&source.text, source.body_offset + at);
    let url = links::percent_decode(url);
    Some((srcset, crate::resize::Use { url, widths, at }))
}

pub(crate) fn image_size(input: &Input<'_>, dest: &str) -> Option<(u32, u32)> {
    if !dest.starts_with('/') || dest.starts_with("//") || !links::is_raster_image(dest) {
        return None;
    }
    let path = dest.split(['#', '?']).next().unwrap_or(dest);
    match input.links.file(&links::percent_decode(path)) {
        links::FileAnswer::File { size } => size,
        _ => None,
    }
}

/// `html` with every image after the first loading lazily: the first is likely in the
/// first screen, where waiting to load it would only slow the page (an image that says
/// how it loads is left as it is).
fn lazy_after_first(html: String) -> String {
    let mut tags = html.match_indices("<img ").map(|(at, _)| at);
    if tags.next().is_none() {
        return html;
    }
    let later: Vec<usize> = tags.collect();
    if later.is_empty() {
        return html;
    }
    let mut out = String::with_capacity(html.len() + later.len() * 16);
    let mut from = 0;
    for at in later {
        let tag_end = html[at..].find('>').map_or(html.len(), |e| at + e);
        if html[at..tag_end].contains(" loading=") {
            continue;
        }
        out.push_str(&html[from..at + 4]);
        out.push_str(" loading=\"lazy\"");
        from = at + 4;
    }
    out.push_str(&html[from..]);
    out
}

/// The shortcode GitHub alerts become.
const CALLOUT: &str = "callout";

/// Every kind of GitHub alert, as `callout`'s `kind`.
const ALERT_KINDS: [&str; 5] = ["note", "tip", "important", "warning", "caution"];

/// The `kind` of `callout` for an alert: `> [!WARNING]` is "warning".
fn alert_kind(kind: pulldown_cmark::BlockQuoteKind) -> &'static str {
    use pulldown_cmark::BlockQuoteKind as K;
    match kind {
        K::Note => "note",
        K::Tip => "tip",
        K::Important => "important",
        K::Warning => "warning",
        K::Caution => "caution",
    }
}

const TASK_DONE: &str = "<input type=\"checkbox\" disabled checked aria-hidden=\"true\">\
    <span class=\"visually-hidden\">Done: </span>";
const TASK_TO_DO: &str = "<input type=\"checkbox\" disabled aria-hidden=\"true\">\
    <span class=\"visually-hidden\">To do: </span>";

/// Whether `e` is a footnote's citation: a summary shown on other pages leaves them out
/// (the notes are not there, and two summaries would repeat their ids).
fn is_citation(e: &Event<'_>) -> bool {
    matches!(e, Event::InlineHtml(h) if h.starts_with(FOOTNOTE_REF))
}

const FOOTNOTE_REF: &str = "<sup class=\"footnote-ref\">";

fn summary(events: &[Event<'_>], more_at: Option<usize>) -> Option<String> {
    let slice = match more_at {
        // A marker inside a list, quote or paragraph: what it cuts is closed, so the
        // summary is whole HTML (it was `<ul><li><p>item</p>` and then the page's tags).
        Some(i) => {
            let cut = &events[..i.min(events.len())];
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
            let closed = (cut.iter().filter(|e| !is_citation(e)).cloned())
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
    html::push_html(&mut out, slice.iter().filter(|e| !is_citation(e)).cloned());
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
            body_on_disk: None,
        }
    }

    fn opts() -> MarkdownOptions {
        MarkdownOptions {
            broken_links: crate::error::Severity::Error,
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
            shortcodes: &shortcodes::NoShortcodes,
            reserved_ids: &[],
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

    #[test]
    fn no_two_table_boxes_share_a_name() {
        let t = "| a | b |\n|---|---|\n| 1 | 2 |\n\n";
        let body = format!("{t}{t}## Costs & fees\n\n{t}{t}{t}## Other\n\n{t}");
        let (r, _) = run(&body, &opts());
        let names: Vec<&str> = (r
            .html
            .split("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "))
        .skip(1)
        .map(|rest| &rest[..rest.find('>').unwrap_or(0)])
        .collect();
        assert_eq!(
            names,
            [
                "aria-label=\"Table\"",
                "aria-label=\"Table 2\"",
                "aria-labelledby=\"costs-fees\"",
                "aria-label=\"Costs &amp; fees, table 2\"",
                "aria-label=\"Costs &amp; fees, table 3\"",
                "aria-labelledby=\"other\"",
            ]
        );
    }
}
