//! Footnotes as readers expect them: each reference a numbered link (numbered in the order
//! the text first cites them), every note collected at the end of the page in that order,
//! each with a link back to each place it was cited.
//!
//! Ids are `fn-LABEL` for a note and `fnref-LABEL` (`fnref-LABEL-2`, … for later citations)
//! for a reference; headings never take an id with those prefixes ([`super::headings`]), so
//! the two cannot collide. A note no text cites is still shown, after the others, and a
//! label defined twice shows both, so no words are lost.
//!
//! This module only rewrites footnote events; it never looks at other Markdown.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, TagEnd, html};

use super::escape;
use super::headings::IdAllocator;

/// A footnote being numbered and collected.
struct Note<'a> {
    id: String,
    number: usize,
    /// How many times the text cites it.
    cited: usize,
    /// Its definition's events, once read.
    body: Option<Vec<Event<'a>>>,
}

/// The footnotes of one body.
#[derive(Default)]
pub struct Footnotes<'a> {
    notes: Vec<Note<'a>>,
    by_label: HashMap<String, usize>,
    ids: IdAllocator,
    /// The definitions being read, innermost last: each one's note, and where its
    /// events start. A definition may hold another (`[^a]: > [^b]: …`): with one slot
    /// the outer one was lost, and its end tags left in the text.
    reading: Vec<(usize, usize)>,
}

impl<'a> Footnotes<'a> {
    fn note(&mut self, label: &str) -> usize {
        // Labels match regardless of case, as CommonMark's link labels do.
        let key = label.to_lowercase();
        if let Some(&k) = self.by_label.get(&key) {
            return k;
        }
        let slug = slug::slugify(label);
        let id = self
            .ids
            .unique(if slug.is_empty() { "note" } else { &slug });
        let k = self.notes.len();
        self.notes.push(Note {
            id,
            number: 0,
            cited: 0,
            body: None,
        });
        self.by_label.insert(key, k);
        k
    }

    /// The HTML for a citation of `label`.
    pub fn reference(&mut self, label: &str) -> CowStr<'a> {
        let k = self.note(label);
        if self.notes[k].number == 0 {
            self.notes[k].number = self.notes.iter().filter(|n| n.number > 0).count() + 1;
        }
        let note = &mut self.notes[k];
        note.cited += 1;
        let back_id = ref_id(&note.id, note.cited);
        format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn-{id}\" id=\"{back_id}\" aria-describedby=\"footnotes-label\">{n}</a></sup>",
            id = escape(&note.id),
            back_id = escape(&back_id),
            n = note.number,
        )
        .into()
    }

    /// A definition starts: its events, from `at` in the body's events, are the note's.
    pub fn start_definition(&mut self, label: &str, at: usize) {
        let k = self.note(label);
        self.reading.push((k, at));
    }

    /// A definition ends: its events are taken out of the body's (from the index
    /// returned).
    pub fn end_definition(&mut self, events: &mut Vec<Event<'a>>) -> Option<usize> {
        let (k, at) = self.reading.pop()?;
        // Inside a definition of the same note: its events stay where they are, to be
        // taken with the outer one's, in the order they were written.
        if self.reading.iter().any(|&(outer, _)| outer == k) {
            return None;
        }
        let at = at.min(events.len());
        let body = events.split_off(at);
        // A label defined twice: both are kept, one after the other, so no words are lost.
        self.notes[k].body.get_or_insert_with(Vec::new).extend(body);
        Some(at)
    }

    /// The notes section for the end of the body, or None when there are no notes.
    pub fn section(mut self) -> Option<String> {
        let mut unnumbered = self.notes.iter().filter(|n| n.number > 0).count();
        for n in self.notes.iter_mut().filter(|n| n.number == 0) {
            unnumbered += 1;
            n.number = unnumbered;
        }
        let mut notes: Vec<Note<'a>> = self
            .notes
            .into_iter()
            .filter(|n| n.body.is_some())
            .collect();
        if notes.is_empty() {
            return None;
        }
        notes.sort_by_key(|n| n.number);
        let mut out = String::from(
            "<section class=\"footnotes\" role=\"doc-endnotes\" aria-labelledby=\"footnotes-label\">\n\
             <h2 id=\"footnotes-label\" class=\"visually-hidden\">Footnotes</h2>\n<ol>\n",
        );
        for note in notes {
            let mut body = note.body.unwrap_or_default();
            let backs: String = (1..=note.cited)
                .map(|k| {
                    let label = if note.cited > 1 {
                        format!("Back to citation {} of note {}", k, note.number)
                    } else {
                        format!("Back to citation of note {}", note.number)
                    };
                    format!(
                        " <a href=\"#{}\" class=\"footnote-back\" aria-label=\"{}\">\u{21a9}\u{fe0e}</a>",
                        escape(&ref_id(&note.id, k)),
                        escape(&label)
                    )
                })
                .collect();
            // The links back go at the end of the note's last paragraph, where the
            // reader's eye is; else after it.
            match body
                .iter()
                .rposition(|e| matches!(e, Event::End(TagEnd::Paragraph)))
            {
                Some(i) if i + 1 == body.len() => body.insert(i, Event::InlineHtml(backs.into())),
                _ => body.push(Event::Html(backs.into())),
            }
            out.push_str(&format!("<li id=\"fn-{}\">\n", escape(&note.id)));
            html::push_html(&mut out, body.into_iter());
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n</section>\n");
        Some(out)
    }
}

/// The id of the `k`th citation of the note `id`.
fn ref_id(id: &str, k: usize) -> String {
    if k == 1 {
        format!("fnref-{id}")
    } else {
        format!("fnref-{id}-{k}")
    }
}
