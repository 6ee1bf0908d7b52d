//! Row headers for Markdown tables with an empty top-left cell: the empty corner says the
//! first column names the rows, so each row's first cell becomes `<th scope="row">`.
//! pulldown-cmark writes every body cell as `<td>`; this adapter writes those first
//! cells itself and keeps the writer's column count (and so each column's alignment) in
//! step. It must not change a table whose corner has text.

use pulldown_cmark::{Alignment, Event, Tag, TagEnd};

/// Where the reading of one table has got to.
#[derive(Default)]
pub struct RowHeaders {
    /// The table's column alignments, as written.
    aligns: Vec<Alignment>,
    /// Where the table's start event is in the published events.
    start_at: usize,
    in_head: bool,
    /// The column of the cell being read.
    column: usize,
    /// The corner was empty: body rows' first cells are row headers.
    on: bool,
}

fn style(align: Option<&Alignment>) -> &'static str {
    match align {
        Some(Alignment::Left) => " style=\"text-align: left\"",
        Some(Alignment::Center) => " style=\"text-align: center\"",
        Some(Alignment::Right) => " style=\"text-align: right\"",
        _ => "",
    }
}

impl RowHeaders {
    /// A table starts at `start_at` in the published events.
    pub fn start(&mut self, aligns: &[Alignment], start_at: usize) {
        *self = RowHeaders {
            aligns: aligns.to_vec(),
            start_at,
            ..RowHeaders::default()
        };
    }

    /// The event to publish in place of `event`, a table event; `events` are those
    /// published so far.
    pub fn rewrite<'a>(&mut self, event: Event<'a>, events: &mut [Event<'a>]) -> Event<'a> {
        match event {
            Event::Start(Tag::TableHead) => {
                self.in_head = true;
                self.column = 0;
                event
            }
            Event::End(TagEnd::TableHead) => {
                self.in_head = false;
                event
            }
            Event::Start(Tag::TableRow) => {
                self.column = 0;
                event
            }
            Event::Start(Tag::TableCell) if self.on && self.column == 0 && !self.in_head => {
                Event::Html(format!("<th scope=\"row\"{}>", style(self.aligns.first())).into())
            }
            Event::End(TagEnd::TableCell) if self.on && self.column == 0 && !self.in_head => {
                self.column += 1;
                Event::Html("</th>".into())
            }
            Event::End(TagEnd::TableCell) if self.in_head && self.column == 0 => {
                self.column += 1;
                let empty = matches!(events.last(), Some(Event::Start(Tag::TableCell)));
                if !empty || self.aligns.len() < 2 {
                    return event;
                }
                // The corner is empty. From here on the first column is written here, not
                // by pulldown-cmark, so its writer counts one column fewer: it is given
                // the alignments of the others only.
                self.on = true;
                if let Some(Event::Start(Tag::Table(_))) = events.get(self.start_at) {
                    events[self.start_at] = Event::Start(Tag::Table(self.aligns[1..].to_vec()));
                }
                if let Some(last) = events.last_mut() {
                    *last = Event::Html(format!("<th{}>", style(self.aligns.first())).into());
                }
                Event::Html("</th>".into())
            }
            Event::End(TagEnd::TableCell) => {
                self.column += 1;
                event
            }
            other => other,
        }
    }
}
