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
pub const KEYS: [&str; 12] = [
    "type",
    "status",
    "severity",
    "scheduled",
    "started",
    "detected",
    "resolved",
    "services",
    "impact",
    "updates",
    "actions",
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
    pub incident_type: Option<Spanned<Text>>,
    pub scheduled: Option<Spanned<Vec<Spanned<RawWindow>>>>,
    pub updates: Option<Spanned<Vec<Spanned<RawUpdate>>>>,
}

/// `scheduled:` as written: `{start, end}`.
#[derive(Debug)]
pub struct RawWindow {
    pub start: Option<Spanned<Text>>,
    pub end: Option<Spanned<Text>>,
}

/// One item of `updates:` as written.
#[derive(Debug)]
pub struct RawUpdate {
    pub at: Spanned<Text>,
    pub status: Option<Spanned<Text>>,
    pub text: Text,
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
            "type" => self.incident_type = r.text(k, value),
            "scheduled" => self.scheduled = r.records(k, value, read_window),
            "updates" => self.updates = r.records(k, value, read_update),
            _ => {}
        }
    }

    /// The keys set, in the order of [`KEYS`], with where each is: on a page of another
    /// kind each is an error.
    pub fn fields(&self) -> Vec<(&'static str, Location)> {
        let at = |t: &Option<Spanned<Text>>| t.as_ref().map(|s| s.referenced);
        [
            ("type", at(&self.incident_type)),
            ("status", at(&self.status)),
            ("severity", at(&self.severity)),
            ("scheduled", self.scheduled.as_ref().map(|s| s.referenced)),
            ("started", at(&self.started)),
            ("detected", at(&self.detected)),
            ("resolved", at(&self.resolved)),
            ("services", self.services.as_ref().map(|s| s.referenced)),
            ("impact", at(&self.impact)),
            ("updates", self.updates.as_ref().map(|s| s.referenced)),
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

/// `scheduled:`'s fields.
fn read_window(r: &mut Reader, at: Location, fields: Fields) -> Option<RawWindow> {
    const KNOWN: [&str; 2] = ["start", "end"];
    let (mut start, mut end) = (None, None);
    for (k, v) in fields {
        match k.value.as_str() {
            "start" => start = r.text("start", v),
            "end" => end = r.text("end", v),
            _ => r.unknown_in(&k, "`scheduled`", &KNOWN),
        }
    }
    if start.is_none() || end.is_none() {
        r.problem(
            at,
            "`scheduled` needs a `start` and an `end`",
            "write the window as `scheduled: {start: 2024-03-16T22:00:00Z, end: 2024-03-17T02:00:00Z}`",
        );
        return None;
    }
    Some(RawWindow { start, end })
}

/// One item of `updates:`.
fn read_update(r: &mut Reader, at: Location, fields: Fields) -> Option<RawUpdate> {
    const KNOWN: [&str; 3] = ["at", "status", "text"];
    let (mut when, mut status, mut text) = (None, None, None);
    for (k, v) in fields {
        match k.value.as_str() {
            "at" => when = r.text("at", v),
            "status" => status = r.text("status", v),
            "text" => text = r.text("text", v),
            _ => r.unknown_in(&k, "An update", &KNOWN),
        }
    }
    let (Some(when), Some(text)) = (when, text) else {
        r.problem(
            at,
            "an update needs `at` (when it was posted) and `text` (what it said)",
            "write each update as `- {at: 2024-03-12T09:30:00Z, status: identified, text: We have found the cause.}`",
        );
        return None;
    };
    Some(RawUpdate {
        at: when,
        status,
        text: text.value,
    })
}

/// What a report is about: an incident (the default), a notice, or planned maintenance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IncidentType {
    /// Something went wrong: a status and a severity, and (once resolved) a review.
    Incident,
    /// Information for the people who use a service (a change, a phone line closed for a
    /// holiday): no status, no effect on any service's state; it may say when it
    /// applies (`scheduled:`).
    Notice,
    /// Planned work in a scheduled window (`scheduled:`).
    Maintenance,
}

impl IncidentType {
    /// "an incident", "a notice", "planned maintenance".
    pub fn a(self) -> &'static str {
        match self {
            IncidentType::Incident => "an incident",
            IncidentType::Notice => "a notice",
            IncidentType::Maintenance => "planned maintenance",
        }
    }
}

/// The state of an incident or of planned maintenance. Incidents are investigating,
/// identified, monitoring or resolved; maintenance is scheduled, in progress, completed
/// or cancelled. An update may say any of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IncidentStatus {
    Investigating,
    Identified,
    Monitoring,
    Resolved,
    Scheduled,
    InProgress,
    Completed,
    Cancelled,
}

impl IncidentStatus {
    /// The status as a report writes it: "monitoring", "in-progress".
    pub fn name(self) -> &'static str {
        match self {
            IncidentStatus::Investigating => "investigating",
            IncidentStatus::Identified => "identified",
            IncidentStatus::Monitoring => "monitoring",
            IncidentStatus::Resolved => "resolved",
            IncidentStatus::Scheduled => "scheduled",
            IncidentStatus::InProgress => "in-progress",
            IncidentStatus::Completed => "completed",
            IncidentStatus::Cancelled => "cancelled",
        }
    }

    /// Over: nothing more will happen (resolved, completed, cancelled).
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            IncidentStatus::Resolved | IncidentStatus::Completed | IncidentStatus::Cancelled
        )
    }
}

const INCIDENT_STATUSES: [(&str, IncidentStatus); 4] = [
    ("investigating", IncidentStatus::Investigating),
    ("identified", IncidentStatus::Identified),
    ("monitoring", IncidentStatus::Monitoring),
    ("resolved", IncidentStatus::Resolved),
];

const MAINTENANCE_STATUSES: [(&str, IncidentStatus); 5] = [
    ("scheduled", IncidentStatus::Scheduled),
    ("in-progress", IncidentStatus::InProgress),
    ("in progress", IncidentStatus::InProgress),
    ("completed", IncidentStatus::Completed),
    ("cancelled", IncidentStatus::Cancelled),
];

/// The window of planned maintenance.
#[derive(Debug, Clone)]
pub struct Window {
    pub start: When,
    pub end: When,
}

/// One entry of an incident's timeline of updates, as posted.
#[derive(Debug, Clone)]
pub struct Update {
    pub at: When,
    pub status: Option<IncidentStatus>,
    pub text: String,
    /// Where the update's `status` is, when it has one.
    pub status_location: Option<Location>,
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
    pub incident_type: IncidentType,
    /// As written: always given for an incident, never for a notice, and for planned
    /// maintenance only when the team says (else it follows the window:
    /// [`Incident::status_at`]).
    pub status: Option<IncidentStatus>,
    /// Always given for an incident; a notice or maintenance may have one.
    pub severity: Option<SeverityLevel>,
    /// Planned maintenance's window (always given), or the time a notice applies (when
    /// it says).
    pub scheduled: Option<Window>,
    /// Oldest first.
    pub updates: Vec<Update>,
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

/// Checks an incident's fields; none when a field it cannot do without (an incident's
/// `status` or `severity`, maintenance's `scheduled`) is missing or unknown. Every
/// problem goes to `c`.
pub(crate) fn check(c: &mut Checker<'_>, raw: &RawIncident) -> Option<Incident> {
    let incident_type = match &raw.incident_type {
        Some(t) => c.choice("type", t, &TYPES)?,
        None => IncidentType::Incident,
    };
    let status = incident_status(c, raw, incident_type);
    let severity = incident_severity(c, raw, incident_type);
    let times = IncidentTimes::check(c, raw);
    let scheduled = window(c, raw, incident_type);
    let updates = updates(c, raw, times.started.as_ref());
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
    // cState's `resolved: false` beside a `resolvedWhen:` imports as an open status
    // with a resolved time: the status page would say it is open, the open data that
    // it ended. Which one is true is for the team to say.
    if let (Some(Some(open)), Some(resolved)) = (status, &raw.resolved)
        && open != IncidentStatus::Resolved
    {
        c.warning(
            &resolved.referenced,
            format!(
                "the incident has a `resolved` time but its status is `{}`",
                open.name()
            ),
            "if it is over, write `status: resolved`; if it is still going on, remove `resolved:` until it is",
        );
    }
    if status == Some(Some(IncidentStatus::Resolved)) && raw.resolved.is_none() {
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
        incident_type,
        status: status?,
        severity: severity?,
        scheduled: match incident_type {
            IncidentType::Maintenance => Some(scheduled?),
            IncidentType::Notice if raw.scheduled.is_some() => Some(scheduled?),
            IncidentType::Incident | IncidentType::Notice => None,
        },
        updates,
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

/// `type:`'s values.
const TYPES: [(&str, IncidentType); 3] = [
    ("incident", IncidentType::Incident),
    ("notice", IncidentType::Notice),
    ("maintenance", IncidentType::Maintenance),
];

/// The status as written, checked against the report's type: `Some(None)` when a report
/// of that type may go without (a notice, maintenance that follows its window), `None`
/// when it is in error.
fn incident_status(
    c: &mut Checker<'_>,
    raw: &RawIncident,
    incident_type: IncidentType,
) -> Option<Option<IncidentStatus>> {
    match (incident_type, &raw.status) {
        (IncidentType::Incident, Some(s)) => c.choice("status", s, &INCIDENT_STATUSES).map(Some),
        (IncidentType::Incident, None) => {
            c.error(
                &Location::UNKNOWN,
                "an incident needs a `status`",
                "add `status:` with one of investigating, identified, monitoring, resolved",
            );
            None
        }
        (IncidentType::Maintenance, Some(s)) => c
            .choice("maintenance status", s, &MAINTENANCE_STATUSES)
            .map(Some),
        (IncidentType::Notice, Some(s)) => {
            c.error(
                &s.referenced,
                "a notice has no `status`",
                "remove `status:`; if something is wrong with a service, make the report an incident (`type: incident`)",
            );
            None
        }
        (_, None) => Some(None),
    }
}

/// The level from site.yaml that `severity:` names: `Some(None)` for a notice or
/// maintenance that names none, `None` in error.
fn incident_severity(
    c: &mut Checker<'_>,
    raw: &RawIncident,
    incident_type: IncidentType,
) -> Option<Option<SeverityLevel>> {
    let Some(s) = &raw.severity else {
        if incident_type != IncidentType::Incident {
            return Some(None);
        }
        c.error(
            &Location::UNKNOWN,
            "an incident needs a `severity`",
            "add `severity:` with a level from site.yaml, e.g. `severity: P2`",
        );
        return None;
    };
    if let Some(level) = c.config.severity(s.value.as_str()) {
        return Some(Some(level.clone()));
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

/// The window of planned maintenance (which needs one) or of a notice (which may have
/// one: the time it applies, as "phone lines closed from 24 to 27 December"), its end
/// after its start; `scheduled` on an incident is an error (it would be silently
/// ignored).
fn window(c: &mut Checker<'_>, raw: &RawIncident, incident_type: IncidentType) -> Option<Window> {
    let written = raw.scheduled.as_ref();
    if incident_type == IncidentType::Incident {
        if let Some(w) = written {
            c.error(
                &w.referenced,
                format!(
                    "`scheduled` is for planned maintenance, but this report is {}",
                    incident_type.a()
                ),
                "set `type: maintenance` if this is planned work, or `type: notice` for information that applies for a while; or remove `scheduled`",
            );
        }
        return None;
    }
    let Some(w) = written else {
        if incident_type == IncidentType::Maintenance {
            let at = raw
                .incident_type
                .as_ref()
                .map_or(Location::UNKNOWN, |t| t.referenced);
            c.error(
                &at,
                "planned maintenance needs its window, `scheduled`",
                "add `scheduled: {start: 2024-03-16T22:00:00Z, end: 2024-03-17T02:00:00Z}`",
            );
        }
        return None;
    };
    let [one] = w.value.as_slice() else {
        c.error(
            &w.referenced,
            "`scheduled` is one window, not a list",
            "write one `{start, end}`; for more windows, write one report for each",
        );
        return None;
    };
    let start = c.date("start", &one.value.start);
    let end = c.date("end", &one.value.end);
    let (start, end) = (start?, end?);
    if !super::facts::before(&start, &end) {
        if let Some(at) = &one.value.end {
            let whose = match incident_type {
                IncidentType::Notice => "the notice's",
                _ => "the maintenance",
            };
            c.error(
                &at.referenced,
                format!("{whose} window ends before it starts"),
                "check both times and their offsets: `end` must be after `start`",
            );
        }
        return None;
    }
    Some(Window { start, end })
}

/// `updates:`, oldest first; an update posted before the incident `started` is an error
/// at its `at`.
fn updates(c: &mut Checker<'_>, raw: &RawIncident, started: Option<&When>) -> Vec<Update> {
    let mut out = Vec::new();
    let statuses: Vec<(&'static str, IncidentStatus)> = INCIDENT_STATUSES
        .iter()
        .chain(&MAINTENANCE_STATUSES)
        .copied()
        .collect();
    for u in raw.updates.iter().flat_map(|u| u.value.iter()) {
        let u = &u.value;
        let Some(at) = c.date("at", &Some(u.at.clone())) else {
            continue;
        };
        if let Some(started) = started
            && super::facts::before(&at, started)
        {
            c.error(
                &u.at.referenced,
                "this update is dated before the incident `started`",
                "check both times and their offsets: an update comes at or after `started`",
            );
            continue;
        }
        let status = match &u.status {
            Some(s) => match c.choice("update status", s, &statuses) {
                Some(status) => Some(status),
                None => continue,
            },
            None => None,
        };
        out.push(Update {
            at,
            status,
            text: u.text.0.trim().to_string(),
            status_location: u.status.as_ref().map(|s| s.referenced),
        });
    }
    out.sort_by_key(|u| u.at.timestamp());
    out
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
            incident_type: IncidentType::Incident,
            status: Some(IncidentStatus::Resolved),
            scheduled: None,
            updates: Vec::new(),
            severity: Some(crate::config::SeverityLevel {
                id: Text("P1".into()),
                name: Text("Critical".into()),
                description: Text::default(),
                level: 1,
                label: "P1 Critical".into(),
                meaning: None,
                tone: "neutral",
                colour: None,
                colour_text: None,
            }),
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
