//! What an incident report says in its front matter: the keys only incidents take, read
//! as written ([`RawIncident`]) and checked against the site's settings ([`Incident`]).
//! What a review must hold is not a rule here but a state the report gives, checked
//! once the site is built ([`super::review`]).
//!
//! Every problem names its field's line, and a report with several problems reports them
//! all. Nothing here derives a value from the fields (durations, overdue actions): that
//! is [`super::facts`].

use serde_saphyr::{Location, Spanned};

use crate::config::SeverityLevel;
use crate::content::front_matter::{Fields, Reader};
use crate::content::page::{Checker, texts};
use crate::dates::When;
use crate::yaml::{Node, Text};

/// The front matter keys only incidents take, in the order hints list them.
pub const KEYS: [&str; 9] = [
    "status", "severity", "started", "detected", "resolved", "services", "impact", "actions",
    "review",
];

/// The incident keys of one file's front matter, as written.
#[derive(Debug, Default)]
pub struct RawIncident {
    pub status: Option<Spanned<Text>>,
    pub severity: Option<Spanned<Text>>,
    pub started: Option<Spanned<Text>>,
    pub detected: Option<Spanned<Text>>,
    pub resolved: Option<Spanned<Text>>,
    pub services: Option<Spanned<Vec<Text>>>,
    pub impact: Option<Spanned<Text>>,
    pub actions: Option<Spanned<Vec<Spanned<RawAction>>>>,
    pub review: Option<Spanned<Text>>,
}

#[derive(Debug)]
pub struct RawAction {
    pub action: Text,
    pub owner: Option<Text>,
    pub due: Option<Spanned<Text>>,
    pub status: Option<Spanned<Text>>,
}

impl RawIncident {
    /// Reads key `k`, one of [`KEYS`]; what cannot be read is noted in `r`.
    pub(crate) fn read(&mut self, r: &mut Reader, k: &str, value: Spanned<Node>) {
        match k {
            "status" => self.status = r.text(k, value),
            "severity" => self.severity = r.text(k, value),
            "started" => self.started = r.text(k, value),
            "detected" => self.detected = r.text(k, value),
            "resolved" => self.resolved = r.text(k, value),
            "services" => {
                let (at, defined) = (value.referenced, value.defined);
                let list = r.texts(k, value).into_iter().map(|t| t.value).collect();
                self.services = Some(Spanned::new(list, at, defined));
            }
            "impact" => self.impact = r.text(k, value),
            "actions" => self.actions = r.records(k, value, read_action),
            "review" => self.review = r.text(k, value),
            _ => {}
        }
    }

    /// The keys set, in the order of [`KEYS`], with where each is: on a page of another
    /// kind each is an error.
    pub fn fields(&self) -> Vec<(&'static str, Location)> {
        let at = |t: &Option<Spanned<Text>>| t.as_ref().map(|s| s.referenced);
        [
            ("status", at(&self.status)),
            ("severity", at(&self.severity)),
            ("started", at(&self.started)),
            ("detected", at(&self.detected)),
            ("resolved", at(&self.resolved)),
            ("services", self.services.as_ref().map(|s| s.referenced)),
            ("impact", at(&self.impact)),
            ("actions", self.actions.as_ref().map(|s| s.referenced)),
            ("review", at(&self.review)),
        ]
        .into_iter()
        .filter_map(|(name, loc)| Some((name, loc?)))
        .collect()
    }
}

/// One item of `actions:`.
fn read_action(r: &mut Reader, at: Location, fields: Fields) -> Option<RawAction> {
    const KNOWN: [&str; 4] = ["action", "owner", "due", "status"];
    let (mut action, mut owner, mut due, mut status) = (None, None, None, None);
    for (k, v) in fields {
        match k.value.as_str() {
            "action" => action = r.text("action", v),
            "owner" => owner = r.text("owner", v),
            "due" => due = r.text("due", v),
            "status" => status = r.text("status", v),
            _ => r.unknown_in(&k, "An action", &KNOWN),
        }
    }
    let Some(action) = action else {
        r.problem(
            at,
            "this action does not say what will be done",
            "add `action:` with what the team will do, e.g. `action: Add an alert on queue length`",
        );
        return None;
    };
    Some(RawAction {
        action: action.value,
        owner: owner.map(|o| o.value),
        due,
        status,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IncidentStatus {
    Investigating,
    Identified,
    Monitoring,
    Resolved,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionStatus {
    Open,
    InProgress,
    Done,
    Dropped,
}

/// Where an incident's review stands, as its report says (`review:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Review {
    /// Published first; the review is still to come.
    Pending,
    /// The review has been held and the report says what it found.
    Done,
    /// The team decided the incident needs no review (a minor one, say).
    NotNeeded,
}

/// An incident report's own fields, checked.
#[derive(Debug, Clone)]
pub struct Incident {
    pub status: IncidentStatus,
    pub severity: SeverityLevel,
    pub started: Option<When>,
    pub detected: Option<When>,
    pub resolved: Option<When>,
    pub services: Vec<String>,
    pub impact: Option<String>,
    pub actions: Vec<Action>,
    /// `actions:` is written, even as an empty list (`actions: []`: the review agreed
    /// none), as against not written at all.
    pub actions_written: bool,
    /// `review:` as written.
    pub review: Option<Review>,
    /// The body's heading that counts as "what could have gone better" (one of
    /// site.yaml's `incidents.review_sections`), as written.
    pub review_section: Option<String>,
    /// Where `status:` is (unknown when it is not written).
    pub status_location: Location,
    /// Where `review:` is, when written.
    pub review_location: Option<Location>,
}

/// A follow-up action of an incident review.
#[derive(Debug, Clone)]
pub struct Action {
    pub action: String,
    pub owner: Option<String>,
    pub due: Option<When>,
    pub status: ActionStatus,
}

/// Checks an incident's fields; none when `status` or `severity` is missing or unknown.
/// Every problem goes to `c`.
pub(crate) fn check(c: &mut Checker<'_>, raw: &RawIncident) -> Option<Incident> {
    let status = incident_status(c, raw);
    let severity = incident_severity(c, raw);
    let times = IncidentTimes::check(c, raw);
    let mut actions = Vec::new();
    for a in raw.actions.iter().flat_map(|a| a.value.iter()) {
        if let Some(action) = action_from_raw(c, &a.value) {
            actions.push(action);
        }
    }
    let status_location = raw
        .status
        .as_ref()
        .map_or(Location::UNKNOWN, |s| s.referenced);
    if status == Some(IncidentStatus::Resolved) && raw.resolved.is_none() {
        c.error(
            &status_location,
            "a resolved incident needs a `resolved` time",
            "add `resolved: 2024-03-12T11:05:00+00:00`, or change the status",
        );
    }
    let review = raw
        .review
        .as_ref()
        .and_then(|r| c.choice("review", r, &REVIEWS));
    let review_section = super::review::review_heading(
        c.source.body(),
        &c.config.markdown,
        &c.config.incidents.review_sections,
    );
    Some(Incident {
        status: status?,
        severity: severity?,
        started: times.started,
        detected: times.detected,
        resolved: times.resolved,
        services: raw
            .services
            .as_ref()
            .map(|s| texts(s.value.clone()))
            .unwrap_or_default(),
        impact: raw.impact.as_ref().map(|i| i.value.0.trim().to_string()),
        actions,
        actions_written: raw.actions.is_some(),
        review,
        review_section,
        status_location,
        review_location: raw.review.as_ref().map(|r| r.referenced),
    })
}

/// `review:`'s values.
const REVIEWS: [(&str, Review); 4] = [
    ("pending", Review::Pending),
    ("done", Review::Done),
    ("not-needed", Review::NotNeeded),
    ("not needed", Review::NotNeeded),
];

fn incident_status(c: &mut Checker<'_>, raw: &RawIncident) -> Option<IncidentStatus> {
    const STATUSES: [(&str, IncidentStatus); 4] = [
        ("investigating", IncidentStatus::Investigating),
        ("identified", IncidentStatus::Identified),
        ("monitoring", IncidentStatus::Monitoring),
        ("resolved", IncidentStatus::Resolved),
    ];
    match &raw.status {
        Some(s) => c.choice("status", s, &STATUSES),
        None => {
            c.error(
                &Location::UNKNOWN,
                "an incident needs a `status`",
                "add `status:` with one of investigating, identified, monitoring, resolved",
            );
            None
        }
    }
}

/// The level from site.yaml that `severity:` names.
fn incident_severity(c: &mut Checker<'_>, raw: &RawIncident) -> Option<SeverityLevel> {
    let Some(s) = &raw.severity else {
        c.error(
            &Location::UNKNOWN,
            "an incident needs a `severity`",
            "add `severity:` with a level from site.yaml, e.g. `severity: P2`",
        );
        return None;
    };
    if let Some(level) = c.config.severity(s.value.as_str()) {
        return Some(level.clone());
    }
    let ids: Vec<&str> = c.config.severities.iter().map(|l| l.id.as_str()).collect();
    c.error(
        &s.referenced,
        format!("unknown severity `{}`", s.value),
        format!(
            "severity is one of {} (as set in site.yaml)",
            ids.join(", ")
        ),
    );
    None
}

/// When an incident started, was detected and was resolved, each where given and valid.
struct IncidentTimes {
    started: Option<When>,
    detected: Option<When>,
    resolved: Option<When>,
}

impl IncidentTimes {
    /// The three times, and an error for each that comes before one it must follow:
    /// every rule applies whichever of the times are given, so a `resolved` before
    /// `started` is caught with no `detected` between them.
    fn check(c: &mut Checker<'_>, raw: &RawIncident) -> IncidentTimes {
        let started = c.date("started", &raw.started);
        let detected = c.date("detected", &raw.detected);
        let resolved = c.date("resolved", &raw.resolved);
        let mut order = |earlier: &Option<When>,
                         later: &Option<When>,
                         at: &Option<Spanned<Text>>,
                         message: &str,
                         hint: &str| {
            match (earlier, later, at) {
                (Some(e), Some(l), Some(at)) if super::facts::before(l, e) => {
                    c.error(&at.referenced, message, hint);
                    true
                }
                _ => false,
            }
        };
        order(
            &started,
            &detected,
            &raw.detected,
            "the incident was `detected` before it `started`",
            "check both times and their offsets: detected must be at or after started",
        );
        let resolved_early = order(
            &detected,
            &resolved,
            &raw.resolved,
            "the incident was `resolved` before it was `detected`",
            "check both times and their offsets: resolved must be at or after detected",
        );
        if !resolved_early {
            order(
                &started,
                &resolved,
                &raw.resolved,
                "the incident was `resolved` before it `started`",
                "check both times and their offsets: resolved must be at or after started",
            );
        }
        IncidentTimes {
            started,
            detected,
            resolved,
        }
    }
}

fn action_from_raw(c: &mut Checker<'_>, a: &RawAction) -> Option<Action> {
    const STATUSES: [(&str, ActionStatus); 5] = [
        ("open", ActionStatus::Open),
        ("in-progress", ActionStatus::InProgress),
        ("in progress", ActionStatus::InProgress),
        ("done", ActionStatus::Done),
        ("dropped", ActionStatus::Dropped),
    ];
    let status = match &a.status {
        Some(s) => c.choice("action status", s, &STATUSES)?,
        None => ActionStatus::Open,
    };
    Some(Action {
        action: a.action.0.trim().to_string(),
        owner: a.owner.as_ref().map(|o| o.0.trim().to_string()),
        due: c.date("due", &a.due),
        status,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A minimal incident for unit tests, to fill in with `..incident()`.
    pub(crate) fn incident() -> Incident {
        Incident {
            status: IncidentStatus::Resolved,
            severity: crate::config::SeverityLevel {
                id: Text("P1".into()),
                name: Text("Critical".into()),
                description: Text::default(),
                level: 1,
                label: "P1 Critical".into(),
                meaning: None,
                tone: "neutral",
                colour: None,
                colour_text: None,
            },
            started: None,
            detected: None,
            resolved: None,
            services: Vec::new(),
            impact: None,
            actions: Vec::new(),
            actions_written: false,
            review: None,
            review_section: None,
            status_location: Location::UNKNOWN,
            review_location: None,
        }
    }
}
