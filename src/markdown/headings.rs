//! Heading ids and the table of contents.
//!
//! A heading's id is its `{#id}` attribute, else a slug of its text, made unique within
//! the page (`cause`, `cause-1`). The TOC is built flat, then nested by level.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

#[derive(Default)]
pub struct IdAllocator {
    seen: HashMap<String, usize>,
}

impl IdAllocator {
    /// An allocator that never gives out `taken` (the ids the theme's templates write
    /// on every page, such as `main`).
    pub fn reserving<'i>(taken: impl IntoIterator<Item = &'i str>) -> Self {
        IdAllocator {
            seen: taken.into_iter().map(|id| (id.to_string(), 0)).collect(),
        }
    }

    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        let Some(&last) = self.seen.get(base) else {
            self.seen.insert(base.to_string(), 0);
            return base.to_string();
        };
        let mut n = last;
        loop {
            n += 1;
            let candidate = format!("{base}-{n}");
            if !self.seen.contains_key(&candidate) {
                self.seen.insert(base.to_string(), n);
                self.seen.insert(candidate.clone(), 0);
                return candidate;
            }
        }
    }
}

/// A heading whose events are held until its end.
pub struct PendingHeading<'a> {
    level: HeadingLevel,
    id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    inner: Vec<Event<'a>>,
    text: String,
}

impl<'a> PendingHeading<'a> {
    pub fn new(
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: Vec<CowStr<'a>>,
        attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    ) -> Self {
        PendingHeading {
            level,
            id,
            classes,
            attrs,
            inner: Vec::new(),
            text: String::new(),
        }
    }

    pub fn push(&mut self, e: Event<'a>) {
        if let Event::Text(t) | Event::Code(t) = &e {
            self.text.push_str(t);
        }
        self.inner.push(e);
    }

    pub fn finish(self, ids: &mut IdAllocator, toc: &mut Vec<TocEntry>, out: &mut Vec<Event<'a>>) {
        let base = match &self.id {
            Some(id) => id.to_string(),
            None => slug::slugify(&self.text),
        };
        // `fn-…`, `fnref-…` and `footnotes-label` are the footnotes' (`## Fn 1` would be
        // `fn-1`, the first note's id).
        let base =
            if base.starts_with("fn-") || base.starts_with("fnref-") || base == "footnotes-label" {
                format!("section-{base}")
            } else {
                base
            };
        let id = ids.unique(&base);
        toc.push(TocEntry {
            level: self.level as u8,
            id: id.clone(),
            title: self.text.trim().to_string(),
            children: Vec::new(),
        });
        out.push(Event::Start(Tag::Heading {
            level: self.level,
            id: Some(id.into()),
            classes: self.classes,
            attrs: self.attrs,
        }));
        out.extend(self.inner);
        out.push(Event::End(TagEnd::Heading(self.level)));
    }
}

/// Nests a flat list of headings by level: each heading holds the deeper ones after it.
pub fn nest(flat: Vec<TocEntry>) -> Vec<TocEntry> {
    fn take(
        iter: &mut std::iter::Peekable<std::vec::IntoIter<TocEntry>>,
        min_level: u8,
    ) -> Vec<TocEntry> {
        let mut out: Vec<TocEntry> = Vec::new();
        while let Some(next) = iter.peek() {
            if next.level < min_level {
                break;
            }
            let Some(mut entry) = iter.next() else { break };
            entry.children = take(iter, entry.level + 1);
            out.push(entry);
        }
        out
    }
    let min = flat.iter().map(|e| e.level).min().unwrap_or(1);
    take(&mut flat.into_iter().peekable(), min)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(level: u8, id: &str) -> TocEntry {
        TocEntry {
            level,
            id: id.into(),
            title: id.into(),
            children: vec![],
        }
    }

    #[test]
    fn nests_by_level_and_survives_skipped_levels() {
        let toc = nest(vec![e(2, "a"), e(3, "b"), e(4, "c"), e(2, "d"), e(4, "e")]);
        assert_eq!(toc.len(), 2);
        assert_eq!(toc[0].children[0].children[0].id, "c");
        assert_eq!(toc[1].children[0].id, "e");
    }

    #[test]
    fn ids_are_unique_even_against_suffixed_names() {
        let mut ids = IdAllocator::default();
        assert_eq!(ids.unique("a-1"), "a-1");
        assert_eq!(ids.unique("a"), "a");
        assert_eq!(ids.unique("a"), "a-2");
        assert_eq!(ids.unique(""), "section");
        let mut ids = IdAllocator::reserving(["main"]);
        assert_eq!(ids.unique("main"), "main-1");
    }
}
