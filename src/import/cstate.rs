//! A cState status page: a Hugo site whose `content/issues/` are incidents and notices.
//! Read as a Hugo site ([`super::hugo`]); its issues become incidents (`resolved` and
//! `resolvedWhen` as status and resolved time, `affected` as services), its three
//! severity levels become site.yaml's, and its informational notices become notices
//! (`type: notice`). The updates cState posts in an issue's body, each a paragraph
//! ending in `{{< track "2024-03-12 11:05:00" >}}` (the shortcode prints its time; a
//! `*Resolved* -` or `**Update**:` before the text is its label), become the report's
//! `updates:`, each with its time, its status when the label is one, and its text.
//!
//! cState's `track` shortcode has no closing tag (its template never reads `.Inner`),
//! so the text of an update is the paragraph it ends. Nothing is guessed: a paragraph
//! with the shortcode anywhere but at its end, or with two, stays in the body, noted.

use std::ops::Range;
use std::path::Path;

use serde_json::{Map, Value};

use super::Plan;
use super::hugo::{self, Flavour};
use super::report::Note;
use crate::error::Diagnostic;

/// cState's levels, most severe first, as its own documentation describes them, with
/// what each means for a service (cState paints down red, disrupted orange and notice
/// blue, and shows a service as down, disrupted or operational by them).
const SEVERITIES: [(&str, &str, &str, &str); 3] = [
    ("down", "Down", "The service is unavailable.", "critical"),
    (
        "disrupted",
        "Disrupted",
        "The service works, but slowly or only in part.",
        "major",
    ),
    (
        "notice",
        "Notice",
        "Planned maintenance or a notice; the service may be affected.",
        "info",
    ),
];

pub fn plan(src: &Path) -> Result<Plan, Diagnostic> {
    let mut plan = hugo::plan(src, Flavour::CState)?;
    plan.site.severities = SEVERITIES
        .iter()
        .map(|(id, name, d, meaning)| {
            (
                id.to_string(),
                name.to_string(),
                d.to_string(),
                meaning.to_string(),
            )
        })
        .collect();
    let file = plan.site.config_file.clone();
    plan.notes.push(Note::mapped(
        &file,
        0,
        "cState's severities (down, disrupted, notice) written to `severities:` in site.yaml, meaning critical, major and info",
    ));
    plan.notes.push(Note::person(
        &file,
        0,
        "cState's list pages for each affected system (`/affected/<system>/`) are not kept: daylight lists each service's incidents under the incident list (`/issues/service/<service>/`); the systems' names and descriptions under `params.systems` are not carried over",
    ));
    if !plan
        .pages
        .iter()
        .any(|p| p.out.starts_with(&format!("{}/", hugo::ISSUES)))
    {
        plan.notes.push(Note::person(
            "",
            0,
            "no content/issues/: this does not look like a cState site; import it as `hugo`",
        ));
    }
    Ok(plan)
}

/// The updates found in a cState issue's body, and the parts of the body they were.
#[derive(Debug, Default)]
pub struct Tracked {
    /// `{at, status, text}` each, oldest first (as written when a time cannot be read).
    pub updates: Vec<Value>,
    /// Byte ranges of the body (each paragraph with its blank lines after), in order.
    pub skip: Vec<Range<usize>>,
    pub notes: Vec<Note>,
}

/// An update label that is a daylight status (cState's own examples use these four).
const STATUSES: [&str; 4] = ["investigating", "identified", "monitoring", "resolved"];

/// Reads the `track` updates of `body`, the body of `src` starting on file line
/// `body_line`; times without an offset are in `timezone`, and an update before
/// `started` is noted (the build will refuse it).
pub fn track_updates(
    body: &str,
    src: &str,
    body_line: usize,
    timezone: &jiff::tz::TimeZone,
    started: Option<&str>,
) -> Tracked {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = Tracked::default();
    let mut found: Vec<(Option<jiff::Timestamp>, Value)> = Vec::new();
    let started = started.and_then(|s| crate::dates::parse(s, timezone).ok());
    let mut depth = 0usize;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph) if depth == 0 => {
                let line = body_line + body[..range.start].matches('\n').count();
                let paragraph = &body[range.clone()];
                let Some((at, text)) = tracked(paragraph) else {
                    continue;
                };
                let when = crate::dates::parse(&at, timezone);
                check_time(&at, &when, started.as_ref(), src, line, &mut out.notes);
                let update = update_of(&at, text, src, line, &mut out.notes);
                found.push((when.ok().map(|w| w.timestamp()), update));
                // The paragraph and the blank lines after it.
                let rest = &body[range.end..];
                let blank = rest.len() - rest.trim_start_matches(['\n', ' ', '\t']).len();
                let mut end = range.end + blank;
                // Keep the indentation of the next line, if any.
                while end > range.end && !body[..end].ends_with('\n') {
                    end -= 1;
                }
                out.skip.push(range.start..end.max(range.end));
            }
            Event::Start(_) => depth += 1,
            Event::End(TagEnd::Paragraph) if depth == 0 => {}
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    // cState posts newest first; daylight lists updates oldest first.
    if found.iter().all(|(t, _)| t.is_some()) {
        found.sort_by_key(|(t, _)| *t);
    } else {
        found.reverse();
    }
    out.updates = found.into_iter().map(|(_, v)| v).collect();
    out
}

/// Notes an update's time (`at`, read as `when`) that cannot be read or that is before
/// the issue `started`: the build will refuse it.
fn check_time(
    at: &str,
    when: &Result<crate::dates::When, String>,
    started: Option<&crate::dates::When>,
    src: &str,
    line: usize,
    notes: &mut Vec<Note>,
) {
    match when {
        Err(e) => notes.push(Note::person(
            src,
            line,
            format!(
                "the update's time `{at}`: {e}; carried over as written, and `daylight build` will point at it"
            ),
        )),
        Ok(w) if started.is_some_and(|s| w.timestamp() < s.timestamp()) => {
            notes.push(Note::person(
                src,
                line,
                format!(
                    "the update of `{at}` is dated before the issue's `date`, its start: carried over as written, and `daylight build` will point at it; correct whichever time is wrong"
                ),
            ));
        }
        Ok(_) => {}
    }
}

/// The entry of `updates:` for the paragraph `text` tracked at `at` (its label, if a
/// status, becomes `status:`), noted.
fn update_of(at: &str, text: &str, src: &str, line: usize, notes: &mut Vec<Note>) -> Value {
    let (status, text) = label(text);
    let text = plain(text);
    let mut update = Map::new();
    update.insert("at".to_string(), Value::from(at));
    if let Some(status) = status {
        update.insert("status".to_string(), Value::from(status));
    }
    update.insert("text".to_string(), Value::from(text));
    notes.push(Note::mapped(
        src,
        line,
        format!(
            "the paragraph ending in `{{{{< track \"{at}\" >}}}}` became an update under `updates:`{}",
            status.map_or(String::new(), |s| format!(", `status: {s}`"))
        ),
    ));
    Value::Object(update)
}

/// An unresolved issue's status from its newest update, when that says one short of
/// resolved: cState keeps only `resolved: false`, and the team's own label ("*Monitoring*
/// -") is where things stand. Sets it in `incident`, and returns it.
pub fn open_status(updates: &[Value], incident: &mut [(String, Value)]) -> Option<&'static str> {
    let newest = updates.last()?.get("status")?.as_str()?;
    let status = STATUSES
        .into_iter()
        .find(|s| *s == newest && *s != "resolved")?;
    let (_, written) = incident
        .iter_mut()
        .find(|(k, v)| k == "status" && v == "investigating")?;
    *written = Value::from(status);
    Some(status)
}

/// A paragraph that ends in one `track` shortcode: its time and the text before it.
fn tracked(paragraph: &str) -> Option<(String, &str)> {
    let trimmed = paragraph.trim_end();
    let inner_end = trimmed.strip_suffix(">}}")?;
    let open = inner_end.rfind("{{<")?;
    let inner = inner_end[open + 3..].trim();
    let args = inner.strip_prefix("track")?;
    if !args.starts_with(char::is_whitespace) {
        return None;
    }
    let at = args.trim().trim_matches(['"', '\'']).trim().to_string();
    let text = &trimmed[..open];
    // Two updates in one paragraph, or a shortcode inside the text: not ours to split.
    if text.contains("{{<") || at.is_empty() {
        return None;
    }
    Some((at, text.trim()))
}

/// The update's status from its label (`*Resolved* -`, `**Update**:`) and the text
/// without it. A label that is a status is taken off; "Update" says nothing and is
/// taken off too; any other label stays in the text.
fn label(text: &str) -> (Option<&'static str>, &str) {
    let t = text.trim_start();
    let Some(delim) = ["**", "__", "*", "_"]
        .into_iter()
        .find(|d| t.starts_with(d))
    else {
        return (None, text);
    };
    let after = &t[delim.len()..];
    let Some(close) = after.find(delim) else {
        return (None, text);
    };
    let name = after[..close]
        .trim()
        .trim_end_matches(':')
        .trim()
        .to_lowercase();
    let rest = after[close + delim.len()..]
        .trim_start()
        .trim_start_matches([':', '-', '\u{2013}', '\u{2014}'])
        .trim_start();
    if let Some(status) = STATUSES.into_iter().find(|s| *s == name) {
        (Some(status), rest)
    } else if name == "update" || name == "updated" {
        (None, rest)
    } else {
        (None, text)
    }
}

/// An update's text as plain text, as daylight shows it: Markdown's emphasis taken off,
/// a link written as its text and its address, lines joined.
fn plain(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = String::new();
    let mut links: Vec<String> = Vec::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = links.pop()
                    && !out.ends_with(url.as_str())
                {
                    out.push_str(&format!(" ({url})"));
                }
            }
            Event::End(TagEnd::Paragraph) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(body: &str) -> Tracked {
        track_updates(
            body,
            "content/issues/x.md",
            10,
            &jiff::tz::TimeZone::UTC,
            Some("2018-05-25 04:13:00"),
        )
    }

    #[test]
    fn each_tracked_paragraph_is_an_update_oldest_first() {
        let body = "*Resolved* -\nAll users can connect. {{< track \"2018-05-25 05:54:00\" >}}\n\n*Monitoring* - Swapping to [Google DNS](https://dns.google/) helps. {{< track \"2018-05-25 04:40:00\" >}}\n\n**Update**: Still **slow**. {{< track \"2018-05-25 04:30:00\" >}}\n\n*Just began* - Shutting down. {{< track \"2018-05-25 04:20:00\" >}}\n";
        let t = read(body);
        let json = serde_json::to_string(&t.updates).unwrap();
        assert_eq!(
            json,
            r#"[{"at":"2018-05-25 04:20:00","text":"Just began - Shutting down."},{"at":"2018-05-25 04:30:00","text":"Still slow."},{"at":"2018-05-25 04:40:00","status":"monitoring","text":"Swapping to Google DNS (https://dns.google/) helps."},{"at":"2018-05-25 05:54:00","status":"resolved","text":"All users can connect."}]"#
        );
        assert_eq!(t.skip.len(), 4);
        assert_eq!(t.skip[0].start, 0);
        assert_eq!(&body[t.skip[1].start..t.skip[1].start + 12], "*Monitoring*");
        assert_eq!(t.skip[3].end, body.len());
    }

    #[test]
    fn what_is_not_one_update_at_a_paragraphs_end_stays_in_the_body() {
        let body = "Before {{< track \"2018-05-25 05:54:00\" >}} after.\n\nTwo {{< track \"2018-05-25 05:54:00\" >}} {{< track \"2018-05-25 05:55:00\" >}}\n\n```\nx {{< track \"2018-05-25 05:54:00\" >}}\n```\n\n> Quoted {{< track \"2018-05-25 05:54:00\" >}}\n";
        let t = read(body);
        assert!(t.updates.is_empty() && t.skip.is_empty(), "{:?}", t.updates);
    }

    #[test]
    fn an_update_before_the_start_or_with_an_unreadable_time_is_noted() {
        let t = read(
            "Early. {{< track \"2018-05-24 04:13:00\" >}}\n\nOdd. {{< track \"yesterday\" >}}\n",
        );
        assert_eq!(t.updates.len(), 2);
        let person: Vec<(usize, &str)> = t
            .notes
            .iter()
            .filter(|n| n.class == super::super::report::Class::Person)
            .map(|n| (n.line, n.text.as_str()))
            .collect();
        assert_eq!(person.len(), 2, "{person:?}");
        assert_eq!(person[0].0, 10);
        assert!(person[0].1.contains("dated before the issue's `date`"));
        assert_eq!(person[1].0, 12);
        assert!(person[1].1.starts_with("the update's time `yesterday`"));
    }
}
