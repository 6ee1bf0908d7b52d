//! Where an incident's review stands, and what `check` says about it.
//!
//! Real teams publish first and review later, review minor incidents briefly, and head
//! their sections in their own words. So a review is a state the report gives
//! (`review: pending | done | not-needed`), the body's "what could have gone better"
//! section is found by the Markdown parser under any of the names site.yaml allows
//! ([`crate::config::REVIEW_SECTIONS`] by default), and a missing section or action list
//! is a warning, an error only when site.yaml asks for strict reviews. Nothing here ever
//! fills a gap: a report without actions has none, in every list and file.
//!
//! The heading is found when the page is read ([`review_heading`]); the warnings are
//! said once the site is built ([`check`]), because whether a review is overdue depends
//! on the build's "now".

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde_saphyr::Location;

use super::schema::{Incident, IncidentStatus, Review};
use crate::config::{MarkdownOptions, ReviewWithin};
use crate::content::Source;
use crate::error::{Diagnostic, Severity};
use crate::site::Site;

/// The first heading of `body` that counts as a review's "what could have gone better"
/// section: one that starts with one of `names` (any case; curly or straight
/// apostrophes; a leading number such as `4.` and trailing punctuation ignored). Only
/// real headings count, as the Markdown parser reads them: not a line in a code block,
/// nor one after a line that opens with inline code.
pub fn review_heading(body: &str, options: &MarkdownOptions, names: &[String]) -> Option<String> {
    let names: Vec<String> = names.iter().map(|n| normalise(n)).collect();
    let mut heading: Option<String> = None;
    for event in Parser::new_ext(body, crate::markdown::parser_options(options)) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some(text) = heading.take() else { continue };
                let seen = normalise(&text);
                let counts = names.iter().any(|n| {
                    !n.is_empty()
                        && seen.starts_with(n.as_str())
                        && !seen[n.len()..].starts_with(|c: char| c.is_alphanumeric())
                });
                if counts {
                    return Some(text.trim().to_string());
                }
            }
            _ => {}
        }
    }
    None
}

/// A heading as compared: lower case, straight apostrophes, single spaces, without a
/// leading section number or trailing punctuation.
fn normalise(text: &str) -> String {
    let lower = text.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'");
    let words: Vec<&str> = lower.split_whitespace().collect();
    let joined = words.join(" ");
    let unnumbered = joined
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')')
        .trim_start();
    unnumbered
        .trim_end_matches(|c: char| c.is_ascii_punctuation() && c != '\'')
        .trim_end()
        .to_string()
}

/// The day a review is due: `within` after `resolved` (its date in the site's time
/// zone). Working days are Monday to Friday.
pub fn due(resolved: Date, within: ReviewWithin) -> Date {
    if !within.working {
        return resolved
            .checked_add(i64::from(within.days).days())
            .unwrap_or(resolved);
    }
    let mut day = resolved;
    let mut left = within.days;
    while left > 0 {
        match day.checked_add(1.day()) {
            Ok(next) => day = next,
            Err(_) => break,
        }
        if !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
            left -= 1;
        }
    }
    day
}

/// The day `x`'s review is due, when site.yaml sets `review_within`, the review is
/// pending and the incident is resolved.
pub fn due_of(x: &Incident, within: Option<ReviewWithin>) -> Option<Date> {
    if x.review != Some(Review::Pending) || x.status != Some(IncidentStatus::Resolved) {
        return None;
    }
    Some(due(x.resolved.as_ref()?.zoned.date(), within?))
}

/// What `check` (and every build) says about the reviews of resolved incidents: a
/// missing "what could have gone better" section or action list where the review is
/// done or its state not given, and a pending review past `review_within`. Warnings,
/// or errors under `incidents.strict_reviews`.
pub fn check(site: &Site) -> Vec<Diagnostic> {
    let settings = &site.config.incidents;
    let severity = if settings.strict_reviews {
        Severity::Error
    } else {
        Severity::Warning
    };
    let today = site
        .options
        .now
        .to_zoned(site.config.timezone.clone())
        .date();
    let section_name = settings
        .review_sections
        .first()
        .map_or("What could have gone better", String::as_str);
    let mut out = Vec::new();
    for p in &site.pages {
        let Some(x) = p.page.incident() else {
            continue;
        };
        // Only an incident is resolved: a notice or maintenance asks for no review.
        if x.status != Some(IncidentStatus::Resolved) {
            continue;
        }
        let source = &p.page.source;
        let at = x.review_location.unwrap_or(x.status_location);
        let say =
            |message: String, hint: String| located(source, &at, severity, message).with_hint(hint);
        match x.review {
            Some(Review::NotNeeded) => {}
            Some(Review::Pending) => {
                if let Some(due) = due_of(x, settings.review_within)
                    && today > due
                    && let Some(within) = settings.review_within
                {
                    out.push(say(
                        format!(
                            "the review of this incident is overdue: it was due by {} ({within} after it was resolved)",
                            due.strftime("%-d %B %Y")
                        ),
                        "publish what the review found and write `review: done`, or `review: not-needed` if the team decided against a review".to_string(),
                    ));
                }
            }
            Some(Review::Done) | None => {
                if x.review_section.is_none() {
                    out.push(say(
                        format!("a resolved incident has no \"{section_name}\" section"),
                        section_hint(&settings.review_sections, x.review.is_none()),
                    ));
                }
                if !x.actions_written {
                    out.push(say(
                        "a resolved incident lists no follow-up actions".to_string(),
                        "list what the review agreed under `actions:` as {action, owner, due, status}; if it agreed none, write `actions: []`; if the review is still to come, write `review: pending`".to_string(),
                    ));
                }
            }
        }
    }
    out
}

/// How to give a report its review section, naming a few headings that count.
fn section_hint(names: &[String], review_unstated: bool) -> String {
    let first = names
        .first()
        .map_or("What could have gone better", String::as_str);
    let others: Vec<&str> = names.iter().skip(1).take(3).map(String::as_str).collect();
    let also = if others.is_empty() {
        String::new()
    } else {
        format!(
            " (also counted: {}…, as site.yaml's `incidents.review_sections` allows)",
            others.join(", ")
        )
    };
    let state = if review_unstated {
        "; or say where the review stands: `review: pending` if it is still to come, `review: not-needed` if the team decided the incident needs none"
    } else {
        "; or, if the review is still to come, write `review: pending`"
    };
    format!("add a heading `## {first}`{also} and say plainly what could have gone better{state}")
}

/// A diagnostic at `loc` in `source`'s front matter.
fn located(source: &Source, loc: &Location, severity: Severity, message: String) -> Diagnostic {
    let mut d = source.error_at(loc, message);
    d.severity = severity;
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> MarkdownOptions {
        MarkdownOptions {
            broken_links: crate::error::Severity::Error,
            smart_punctuation: true,
            safe: false,
            highlight_code: true,
        }
    }

    fn names() -> Vec<String> {
        crate::config::REVIEW_SECTIONS
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn found(body: &str) -> Option<String> {
        review_heading(body, &options(), &names())
    }

    #[test]
    fn review_sections_are_real_headings_under_any_of_their_names() {
        assert_eq!(
            found("## Summary\n\n```md\n## What could have gone better\n```\n"),
            None
        );
        assert_eq!(
            found("### What Could Have Gone Better?\n").as_deref(),
            Some("What Could Have Gone Better?")
        );
        assert_eq!(found("What could have gone better\n"), None);
        assert!(found("## Review actions\n\n- Alert\n").is_some());
        assert!(found("## 5. Lessons learned:\n").is_some());
        assert!(
            found("Lessons learnt\n--------------\n").is_some(),
            "setext"
        );
        assert!(
            found("## What didn’t go well\n").is_some(),
            "curly apostrophe"
        );
        assert_eq!(found("## What went wrongly\n"), None, "a word boundary");
        assert_eq!(found("## Resolution\n"), None);
    }

    #[test]
    fn a_line_opening_with_inline_code_does_not_hide_the_next_heading() {
        // A line prefix reader took ``` at the start of a line for a code fence and
        // missed every heading after it (3 of 39 real reports).
        let body =
            "```kubectl rollout undo``` was run at 10:02.\n\n## What went wrong\n\nAlerts.\n";
        assert_eq!(found(body).as_deref(), Some("What went wrong"));
    }

    #[test]
    fn working_days_skip_weekends() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let within = |days, working| ReviewWithin { days, working };
        // Friday 8 March 2024 + 1 working day is Monday 11 March.
        assert_eq!(due(d("2024-03-08"), within(1, true)), d("2024-03-11"));
        assert_eq!(due(d("2024-03-12"), within(20, true)), d("2024-04-09"));
        assert_eq!(due(d("2024-03-12"), within(7, false)), d("2024-03-19"));
    }
}
