//! The incidents as open data: `incidents.json` (every listed incident with its times,
//! durations and actions; schema in docs/open-data.md) and `actions.csv` (one row per
//! action, RFC 4180, safe to open in a spreadsheet).
//!
//! This module makes the files' bytes; the renderer writes them.

use serde::Serialize;

use super::index::Incidents;
use super::schema::{ActionStatus, IncidentStatus, IncidentType, Review, Update};
use crate::config::SeverityLevel;
use crate::dates::When;
use crate::error::Diagnostic;
use crate::site::Site;
use crate::urls;

#[derive(Serialize)]
struct JsonAction<'a> {
    action: &'a str,
    owner: Option<&'a str>,
    due: Option<String>,
    status: ActionStatus,
    overdue: bool,
}

/// An update as open data: in `incidents.json` and, the latest, in `status.json`.
#[derive(Serialize)]
pub(super) struct JsonUpdate<'a> {
    at: String,
    status: Option<IncidentStatus>,
    text: &'a str,
}

impl<'a> From<&'a Update> for JsonUpdate<'a> {
    fn from(u: &'a Update) -> JsonUpdate<'a> {
        JsonUpdate {
            at: u.at.iso(),
            status: u.status,
            text: &u.text,
        }
    }
}

#[derive(Serialize)]
struct JsonIncident<'a> {
    id: &'a str,
    url: String,
    title: &'a str,
    #[serde(rename = "type")]
    incident_type: IncidentType,
    status: Option<IncidentStatus>,
    severity: Option<&'a SeverityLevel>,
    scheduled_start: Option<String>,
    scheduled_end: Option<String>,
    review: Option<Review>,
    updates: Vec<JsonUpdate<'a>>,
    date: Option<String>,
    started: Option<String>,
    detected: Option<String>,
    resolved: Option<String>,
    time_to_detect_seconds: Option<u64>,
    time_to_resolve_seconds: Option<u64>,
    duration_seconds: Option<u64>,
    services: &'a [String],
    impact: Option<&'a str>,
    tags: &'a [String],
    actions: Vec<JsonAction<'a>>,
}

#[derive(Serialize)]
struct OpenData<'a> {
    schema: &'static str,
    site: &'a str,
    generated: String,
    incidents: Vec<JsonIncident<'a>>,
}

/// Each open data file's URL and bytes, or why it could not be made. `inc` should hold
/// only the listed incidents ([`Incidents::listed`]).
pub fn files(site: &Site, inc: &Incidents) -> [(&'static str, Result<Vec<u8>, Diagnostic>); 2] {
    [
        (urls::INCIDENTS_JSON, incidents_json(site, inc)),
        (urls::ACTIONS_CSV, actions_csv(site, inc)),
    ]
}

fn incidents_json(site: &Site, inc: &Incidents) -> Result<Vec<u8>, Diagnostic> {
    let now = site.options.now;
    let mut incidents = Vec::new();
    for &i in &inc.all {
        let p = &site.pages[i];
        let Some(x) = p.page.incident() else {
            continue;
        };
        incidents.push(JsonIncident {
            id: &p.page.slug,
            url: site.permalink(&p.url),
            title: &p.page.title,
            incident_type: x.incident_type,
            status: x.status_at(now),
            severity: x.severity.as_ref(),
            scheduled_start: x.scheduled.as_ref().map(|w| w.start.iso()),
            scheduled_end: x.scheduled.as_ref().map(|w| w.end.iso()),
            review: x.review_state(),
            updates: x.updates.iter().map(JsonUpdate::from).collect(),
            date: p.page.date.as_ref().map(When::iso),
            started: x.started.as_ref().map(When::iso),
            detected: x.detected.as_ref().map(When::iso),
            resolved: x.resolved.as_ref().map(When::iso),
            time_to_detect_seconds: x.time_to_detect(),
            time_to_resolve_seconds: x.time_to_resolve(),
            duration_seconds: x.duration(),
            services: &x.services,
            impact: x.impact.as_deref(),
            tags: &p.page.tags,
            actions: x
                .actions
                .iter()
                .map(|a| JsonAction {
                    action: &a.action,
                    owner: a.owner.as_deref(),
                    due: a.due.as_ref().map(due_date),
                    status: a.status,
                    overdue: a.is_overdue(now),
                })
                .collect(),
        });
    }
    let doc = OpenData {
        schema: "daylight incidents 2 (docs/open-data.md)",
        site: &site.config.base_url,
        generated: now
            .to_zoned(site.config.timezone.clone())
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string(),
        incidents,
    };
    serde_json::to_vec_pretty(&doc).map_err(|e| {
        Diagnostic::error(
            "incidents.json",
            format!("could not write the incident data: {e}"),
        )
    })
}

fn actions_csv(site: &Site, inc: &Incidents) -> Result<Vec<u8>, Diagnostic> {
    // RFC 4180: CRLF after every record; fields quoted when they must be.
    let mut csv = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut csv_ok = csv
        .write_record([
            "incident_id",
            "incident_title",
            "incident_url",
            "severity",
            "action",
            "owner",
            "due",
            "status",
            "overdue",
        ])
        .is_ok();
    for &i in &inc.all {
        let p = &site.pages[i];
        let Some(x) = p.page.incident() else {
            continue;
        };
        let url = site.permalink(&p.url);
        for a in &x.actions {
            let due = a.due.as_ref().map(due_date).unwrap_or_default();
            let status = serde_json::to_value(a.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let overdue = a.is_overdue(site.options.now).to_string();
            let record = [
                p.page.slug.as_str(),
                &p.page.title,
                &url,
                x.severity.as_ref().map_or("", |l| l.id.as_str()),
                &a.action,
                a.owner.as_deref().unwrap_or(""),
                &due,
                &status,
                &overdue,
            ];
            csv_ok &= csv.write_record(record.map(inert_in_spreadsheets)).is_ok();
        }
    }
    match csv.into_inner() {
        Ok(bytes) if csv_ok => Ok(bytes),
        _ => Err(Diagnostic::error(
            "actions.csv",
            "could not write the actions data",
        )),
    }
}

/// An action's due date as data: the date alone (`2024-04-30`), in the site's time zone.
fn due_date(due: &When) -> String {
    due.zoned.date().to_string()
}

/// A CSV cell that a spreadsheet will show as text, never run as a formula (OWASP's
/// advice for CSV injection): a cell that starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return, or with `=`, `+`, `-` or `@` after leading white space (which some
/// spreadsheets trim on import), gets a `'` in front. The quote is part of the data (as
/// docs/open-data.md says): a reader sees `'=SUM(A1)`, the author's text, shown, not run.
fn inert_in_spreadsheets(cell: &str) -> String {
    let trigger = |c: char| matches!(c, '=' | '+' | '-' | '@');
    let risky = cell.starts_with(['\t', '\r']) || cell.trim_start().starts_with(trigger);
    if risky {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_are_quoted() {
        for cell in ["=SUM(A1)", "+1", "-1", "@cmd", "\tx", "\rx", "  =1"] {
            assert_eq!(inert_in_spreadsheets(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["Add an alert", "2024-04-30", "a=b", ""] {
            assert_eq!(inert_in_spreadsheets(cell), cell);
        }
    }
}
