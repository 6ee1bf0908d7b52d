//! Other generators' front matter keys in daylight's terms: `excerpt` is `summary`,
//! `categories` join `tags`, cState's `resolvedWhen` is an incident's `resolved`, and so
//! on. A key daylight has no place for is left out and noted for a person (`layout`,
//! `menu`); any other key goes under `extra:`, which daylight keeps for templates.
//!
//! Nothing is invented: a value is carried over, converted to daylight's form, or noted.

use serde_json::{Map, Value};

use super::front::Field;
use super::report::Note;

/// Which generator's keys these are; a few keys mean different things in each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Jekyll,
    Hugo,
    Eleventy,
    /// A cState issue (an incident or notice of a status page).
    CStateIssue,
}

/// Keys that say how the old generator built the page, with no meaning in daylight: left
/// out, each with why.
pub fn no_equivalent(key: &str) -> Option<&'static str> {
    Some(match key {
        "layout" | "type" => {
            "daylight picks the template from the page's kind (`template:` chooses another)"
        }
        "outputs" | "cascade" | "build" | "_build" | "headless" | "markup" | "resources"
        | "isCJKLanguage" | "translationKey" => "a Hugo build setting, with no daylight equivalent",
        "menu" | "menus" | "eleventyNavigation" => {
            "daylight's menu is `menu:` in site.yaml: add the page there if it belongs in it"
        }
        "sitemap" => "daylight puts every published page in the sitemap",
        "eleventyExcludeFromCollections"
        | "eleventyComputed"
        | "eleventyImport"
        | "pagination"
        | "templateEngineOverride"
        | "eleventyDataSchema" => "an Eleventy build setting, with no daylight equivalent",
        _ => return None,
    })
}

/// daylight's front matter for one page, built from another generator's.
#[derive(Debug, Default)]
pub struct Daylight {
    pub title: Option<String>,
    pub kind: Option<&'static str>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub description: Option<String>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub authors: Vec<String>,
    pub series: Option<String>,
    pub draft: bool,
    pub slug: Option<String>,
    pub weight: Option<i64>,
    pub aliases: Vec<String>,
    pub expires: Option<String>,
    pub redirect_to: Option<String>,
    /// An incident's own fields, in daylight's order.
    pub incident: Vec<(String, Value)>,
    pub extra: Map<String, Value>,
}

/// What the mapping needs to know beyond the fields.
pub struct Context<'a> {
    pub dialect: Dialect,
    /// Source path, for notes.
    pub src: &'a str,
    /// The time zone dates without an offset are read in.
    pub timezone: &'a jiff::tz::TimeZone,
    /// Whether the page will be a post (so `series` is its own field).
    pub post: bool,
}

/// Maps `fields` (the page's own, then defaults from config or folder data, first wins).
pub fn map(fields: &[Field], cx: &Context<'_>, notes: &mut Vec<Note>) -> Daylight {
    let mut d = Daylight::default();
    let mut seen = std::collections::HashSet::new();
    for f in fields {
        // Tags and categories add up (Jekyll's folder categories, Eleventy's data cascade).
        let adds_up = matches!(f.key.as_str(), "tags" | "categories" | "category");
        if !seen.insert(f.key.as_str()) && !adds_up {
            continue;
        }
        d.read(f, cx, notes);
    }
    d.tags = dedup_tags(std::mem::take(&mut d.tags));
    d
}

/// Tags without the same tag twice (compared as their URL slugs, as their pages are).
fn dedup_tags(tags: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    tags.into_iter()
        .filter(|t| !t.trim().is_empty() && seen.insert(slug::slugify(t)))
        .collect()
}

/// A value as text: strings as they are, numbers and booleans written out.
pub fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A list of text, or one text as a list of one. Jekyll reads a string of `tags` or
/// `categories` as words separated by spaces.
fn texts(v: &Value, split_words: bool) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().flat_map(|i| texts(i, false)).collect(),
        Value::Object(m) => m.get("name").and_then(text).into_iter().collect(),
        Value::Null => Vec::new(),
        other => match text(other) {
            Some(s) if split_words => s.split_whitespace().map(str::to_string).collect(),
            Some(s) => vec![s],
            None => Vec::new(),
        },
    }
}

impl Daylight {
    fn read(&mut self, f: &Field, cx: &Context<'_>, notes: &mut Vec<Note>) {
        let src = cx.src;
        let line = f.line;
        let key = f.key.as_str();
        let renamed = |to: &str| Note::mapped(src, line, format!("`{key}` became `{to}`"));
        if cx.dialect == Dialect::CStateIssue && self.cstate(f, cx, notes) {
            return;
        }
        if self.read_date(f, cx, notes) || self.read_list(f, cx, notes) {
            return;
        }
        match key {
            "title" => self.title = text(&f.value),
            "description" => self.description = text(&f.value),
            // jekyll-redirect-from's link posts: the page's URL redirects there.
            "redirect_to" => self.redirect_to = text(&f.value),
            "summary" | "excerpt" | "abstract" => {
                self.summary = text(&f.value);
                if key != "summary" {
                    notes.push(renamed("summary"));
                }
            }
            "draft" => self.draft |= f.value == Value::Bool(true),
            "published" => {
                if f.value == Value::Bool(false) {
                    self.draft = true;
                    notes.push(Note::mapped(
                        src,
                        line,
                        "`published: false` became `draft: true`",
                    ));
                }
            }
            "slug" => self.slug = text(&f.value),
            "weight" => match f.value.as_i64() {
                Some(w) => self.weight = Some(w),
                None => self.keep_in_extra(f, src, notes, "it is not a whole number"),
            },
            "series" if cx.post => {
                self.series = texts(&f.value, false).into_iter().next();
            }
            "extra" => match &f.value {
                Value::Object(m) => self.extra.extend(m.clone()),
                _ => self.keep_in_extra(f, src, notes, "it was not a mapping"),
            },
            // Used for the old URL by the generator's module, which notes it there.
            "permalink" | "url" => {}
            _ => match no_equivalent(key) {
                Some(why) => {
                    notes.push(Note::person(src, line, format!("`{key}` left out: {why}")))
                }
                None => self.keep_in_extra(f, src, notes, "daylight has no key of that name"),
            },
        }
    }

    /// A date field under any of its generators' names; false when `f` is not one.
    fn read_date(&mut self, f: &Field, cx: &Context<'_>, notes: &mut Vec<Note>) -> bool {
        let (src, line, key) = (cx.src, f.line, f.key.as_str());
        let renamed = |to: &str| Note::mapped(src, line, format!("`{key}` became `{to}`"));
        match key {
            "date" => self.date = self.date_value(f, cx, notes),
            "publishDate" | "publishdate" | "pubDate" | "published_at" => {
                if self.date.is_none() {
                    self.date = self.date_value(f, cx, notes);
                    notes.push(renamed("date"));
                } else {
                    notes.push(Note::person(
                        src,
                        line,
                        format!("`{key}` left out: the page has a `date`, and daylight publishes a page on its date; make `date` the publication date if they differ"),
                    ));
                }
            }
            "lastmod" | "lastMod" | "last_modified_at" | "modified" | "updated" | "updatedAt"
            | "last_modified" => {
                self.updated = self.date_value(f, cx, notes);
                if key != "updated" {
                    notes.push(renamed("updated"));
                }
            }
            "expiryDate" | "expirydate" | "expiry_date" | "expires" => {
                self.expires = self.date_value(f, cx, notes);
                if key != "expires" {
                    notes.push(renamed("expires"));
                }
            }
            _ => return false,
        }
        true
    }

    /// A list field (tags, authors, aliases) under any of its generators' names; false
    /// when `f` is not one.
    fn read_list(&mut self, f: &Field, cx: &Context<'_>, notes: &mut Vec<Note>) -> bool {
        let (src, line, key) = (cx.src, f.line, f.key.as_str());
        let renamed = |to: &str| Note::mapped(src, line, format!("`{key}` became `{to}`"));
        match key {
            "tags" | "categories" | "category" | "topics" => {
                let split = cx.dialect == Dialect::Jekyll;
                self.tags.extend(texts(&f.value, split));
                if key != "tags" {
                    notes.push(Note::mapped(
                        src,
                        line,
                        format!("`{key}` merged into `tags`"),
                    ));
                }
            }
            "author" | "authors" => {
                self.authors.extend(texts(&f.value, false));
                if key != "authors" {
                    notes.push(renamed("authors"));
                }
            }
            "aliases" | "redirect_from" => {
                self.aliases.extend(texts(&f.value, false));
                if key != "aliases" {
                    notes.push(renamed("aliases"));
                }
            }
            _ => return false,
        }
        true
    }

    fn keep_in_extra(&mut self, f: &Field, src: &str, notes: &mut Vec<Note>, why: &str) {
        self.extra.insert(f.key.clone(), f.value.clone());
        notes.push(Note::mapped(
            src,
            f.line,
            format!("`{}` kept under `extra:` ({why})", f.key),
        ));
    }

    /// A date as written, if daylight reads it; else noted, and still carried over so the
    /// build points at it.
    fn date_value(&self, f: &Field, cx: &Context<'_>, notes: &mut Vec<Note>) -> Option<String> {
        let Some(written) = text(&f.value) else {
            notes.push(Note::person(
                cx.src,
                f.line,
                format!("`{}` is not a date: left out", f.key),
            ));
            return None;
        };
        if cx.dialect == Dialect::Eleventy
            && matches!(
                written.as_str(),
                "Last Modified" | "Created" | "git Last Modified" | "git Created"
            )
        {
            notes.push(Note::person(
                cx.src,
                f.line,
                format!("`{}: {written}` (a date Eleventy takes from the file) left out: write the date", f.key),
            ));
            return None;
        }
        if let Err(e) = crate::dates::parse(&written, cx.timezone) {
            notes.push(Note::person(
                cx.src,
                f.line,
                format!(
                    "`{}`: {e}; carried over as written, and `daylight build` will point at it",
                    f.key
                ),
            ));
        }
        Some(written)
    }

    /// cState's own keys; whether `f` was one.
    fn cstate(&mut self, f: &Field, cx: &Context<'_>, notes: &mut Vec<Note>) -> bool {
        let (src, line) = (cx.src, f.line);
        match f.key.as_str() {
            "resolved" => {
                let resolved = f.value == Value::Bool(true);
                let status = if resolved {
                    "resolved"
                } else {
                    "investigating"
                };
                self.incident
                    .push(("status".to_string(), Value::from(status)));
                notes.push(Note::mapped(
                    src,
                    line,
                    format!("`resolved: {}` became `status: {status}`", f.value),
                ));
                if resolved {
                    self.incident
                        .push(("review".to_string(), Value::from("pending")));
                    notes.push(Note::person(
                        src,
                        line,
                        "cState reports carry no review, so this one says `review: pending` (shown as \"Review to follow\"): when the team has reviewed the incident, add what could have gone better and the actions it agreed, and change it to `review: done` (or `review: not-needed`); nothing is made up for you",
                    ));
                }
            }
            "resolvedWhen" => {
                self.incident
                    .push(("resolved".to_string(), f.value.clone()));
                notes.push(Note::mapped(src, line, "`resolvedWhen` became `resolved`"));
            }
            "severity" => {
                let level = text(&f.value).unwrap_or_default().to_lowercase();
                self.incident
                    .push(("severity".to_string(), Value::from(level)));
            }
            "affected" => {
                self.incident
                    .push(("services".to_string(), Value::from(texts(&f.value, false))));
                notes.push(Note::mapped(src, line, "`affected` became `services`"));
            }
            "section" => {
                notes.push(Note::mapped(
                    src,
                    line,
                    "`section` left out: the page's folder says it is an incident",
                ));
            }
            "informational" if f.value == Value::Bool(true) => {
                self.incident
                    .push(("type".to_string(), Value::from("notice")));
                notes.push(Note::mapped(
                    src,
                    line,
                    "`informational: true` became `type: notice`: a notice, shown on the status page and kept out of the incident statistics",
                ));
            }
            "informational" => {}
            "pin" => {
                if f.value == Value::Bool(true) {
                    notes.push(Note::person(
                        src,
                        line,
                        "`pin: true` left out: daylight cannot pin a notice to the home page yet",
                    ));
                }
            }
            _ => return false,
        }
        true
    }

    /// The started time of a cState incident is its date.
    pub fn cstate_started(&mut self) {
        if self.kind.is_none()
            && let Some(date) = &self.date
            && !self.incident.iter().any(|(k, _)| k == "started")
        {
            self.incident
                .push(("started".to_string(), Value::from(date.clone())));
        }
        let notice = self
            .incident
            .iter()
            .any(|(k, v)| k == "type" && v == "notice");
        if notice {
            // A notice has no status and no review to wait for; its date says when.
            self.incident
                .retain(|(k, _)| !matches!(k.as_str(), "status" | "review" | "started"));
        } else if self.kind.is_none() && !self.incident.iter().any(|(k, _)| k == "status") {
            self.incident
                .push(("status".to_string(), Value::from("investigating")));
        }
    }

    /// The fields to write, in daylight's order. A section (`_index.md`) takes fewer:
    /// the others are noted as left out.
    pub fn fields(&self, section: bool, src: &str, notes: &mut Vec<Note>) -> Vec<(String, Value)> {
        let mut out: Vec<(String, Value)> = Vec::new();
        let mut put = |k: &str, v: Value| out.push((k.to_string(), v));
        let s = |v: &Option<String>| v.clone().map_or(Value::Null, Value::String);
        put("title", s(&self.title));
        if let Some(k) = self.kind {
            put("kind", Value::from(k));
        }
        let mut left = Vec::new();
        let mut page_only = |k: &str, v: Value, put: &mut dyn FnMut(&str, Value)| {
            let empty = v.is_null() || v.as_array().is_some_and(Vec::is_empty);
            if empty {
                return;
            }
            if section {
                left.push(k.to_string());
            } else {
                put(k, v);
            }
        };
        page_only("date", s(&self.date), &mut put);
        page_only("updated", s(&self.updated), &mut put);
        put("description", s(&self.description));
        page_only("summary", s(&self.summary), &mut put);
        page_only("tags", Value::from(self.tags.clone()), &mut put);
        page_only("authors", Value::from(self.authors.clone()), &mut put);
        page_only("series", s(&self.series), &mut put);
        if self.draft {
            put("draft", Value::Bool(true));
        }
        page_only("slug", s(&self.slug), &mut put);
        if let Some(w) = self.weight {
            put("weight", Value::from(w));
        }
        page_only("aliases", Value::from(self.aliases.clone()), &mut put);
        page_only("expires", s(&self.expires), &mut put);
        page_only("redirect_to", s(&self.redirect_to), &mut put);
        let mut incident = self.incident.clone();
        incident.sort_by_key(|(k, _)| crate::kinds::incident::KEYS.iter().position(|o| o == k));
        for (k, v) in incident {
            page_only(&k, v, &mut put);
        }
        if !self.extra.is_empty() {
            put("extra", Value::Object(self.extra.clone()));
        }
        for k in left {
            notes.push(Note::person(
                src,
                0,
                format!("`{k}` left out: a section's _index.md has no `{k}` in daylight"),
            ));
        }
        out
    }
}
