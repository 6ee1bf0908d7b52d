//! The status page, from the same files as the incident reports (cState's and
//! Upptime's job): the state of each service now, from the incidents still open and the
//! maintenance under way; what is planned; each service's last 90 days; and the same as
//! `status.json`, an Atom feed of reports and their updates, and a small SVG badge per
//! service. The banner on the home page and every incident list comes from here too.
//!
//! A state is a fact of the reports as of the build's "now": an open incident makes its
//! services degraded, or down when its severity means critical (site.yaml `meaning`),
//! maintenance in its window makes them under maintenance, and nothing else changes a
//! service. A notice never does. Nothing is read from anywhere but the reports.
//!
//! This module computes the model and makes the machine files' bytes; the renderer
//! writes them and draws the page with the theme (src/render/incidents.rs).

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::Serialize;

use super::context::{UpdateCtx, update_ctx};
use super::index::Incidents;
use super::open_data::JsonUpdate;
use super::schema::{Incident, IncidentStatus, IncidentType};
use crate::config::{Meaning, SeverityLevel};
use crate::dates::When;
use crate::error::Diagnostic;
use crate::render::feeds::xml_escape;
use crate::render::words::Say;
use crate::site::Site;
use crate::urls;

/// The files of the status page, each a route of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusOutput {
    /// `/status/`, drawn with the theme's `status.html`.
    Page,
    /// `/status.json`.
    Json,
    /// `/status/atom.xml`: reports and their updates.
    Feed,
    /// `/status/badges/<service>.svg`, one per service ([`service_names`]' order).
    Badges,
}

impl StatusOutput {
    pub const ALL: [StatusOutput; 4] = [
        StatusOutput::Page,
        StatusOutput::Json,
        StatusOutput::Feed,
        StatusOutput::Badges,
    ];

    /// What it is, for messages: "the status page".
    pub fn what(self) -> &'static str {
        match self {
            StatusOutput::Page => "the status page",
            StatusOutput::Json => "the status data",
            StatusOutput::Feed => "the status feed",
            StatusOutput::Badges => "a status badge",
        }
    }
}

/// The template of the status page.
pub const TEMPLATE: &str = "status.html";

/// How many days each service's history shows.
pub const HISTORY_DAYS: usize = 90;

/// A service's state, least to most serious: a service is in the most serious state
/// any report puts it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ServiceState {
    Operational,
    Maintenance,
    Degraded,
    Outage,
}

impl ServiceState {
    /// How the state is said on its own: "Operational", "Under maintenance", in the
    /// words of `say` (`service_states` in the theme's i18n files).
    pub fn label(self, say: Say<'_>) -> String {
        let key = match self {
            ServiceState::Operational => "operational",
            ServiceState::Maintenance => "maintenance",
            ServiceState::Degraded => "degraded",
            ServiceState::Outage => "outage",
        };
        (say.0.get("service_states").and_then(|m| m.get(key)))
            .and_then(serde_json::Value::as_str)
            .unwrap_or(key)
            .to_string()
    }
}

/// What an incident of this severity does to its services while open: down when the
/// level means critical, unaffected when it means info, degraded otherwise (a level
/// with no meaning included: something is wrong, and how badly is not said).
pub fn state_of_severity(level: Option<&SeverityLevel>) -> ServiceState {
    match level.and_then(|l| l.meaning) {
        Some(Meaning::Critical) => ServiceState::Outage,
        Some(Meaning::Info) => ServiceState::Operational,
        _ => ServiceState::Degraded,
    }
}

/// What a report does to its services at `now`: an open incident by its severity,
/// maintenance in its window, nothing otherwise.
fn state_now(x: &Incident, now: Timestamp) -> Option<ServiceState> {
    if x.is_open_incident() {
        Some(state_of_severity(x.severity.as_ref()))
    } else if x.is_maintenance_now(now) {
        Some(ServiceState::Maintenance)
    } else {
        None
    }
}

/// When a report affected its services, as far as `now`: an incident from `started`
/// (else `detected`, else its date) to `resolved` (else `now` while open; a closed one
/// without a time counts its first day); maintenance over its window (or the times it
/// really started and finished), not when cancelled nor before it began.
fn affected(x: &Incident, date: Option<&When>, now: Timestamp) -> Option<(Timestamp, Timestamp)> {
    let (from, to) = match x.incident_type {
        IncidentType::Notice => return None,
        IncidentType::Incident => {
            let from = x.started.as_ref().or(x.detected.as_ref()).or(date)?;
            let to = match &x.resolved {
                Some(r) => r.timestamp(),
                None if x.is_open_incident() => now,
                None => from.timestamp(),
            };
            (from.timestamp(), to)
        }
        IncidentType::Maintenance => {
            if x.status_at(now) == Some(IncidentStatus::Cancelled) {
                return None;
            }
            let w = x.scheduled.as_ref()?;
            let from = x.started.as_ref().unwrap_or(&w.start).timestamp();
            let to = x.resolved.as_ref().unwrap_or(&w.end).timestamp();
            (from, to.min(now))
        }
    };
    (from <= now).then_some((from, to.max(from)))
}

/// The state a report put its services in over a past stretch of time.
fn state_over(x: &Incident) -> ServiceState {
    match x.incident_type {
        IncidentType::Maintenance => ServiceState::Maintenance,
        _ => state_of_severity(x.severity.as_ref()),
    }
}

/// One day of a service's history.
#[derive(Debug, Clone)]
pub struct Day {
    pub date: Date,
    pub state: ServiceState,
    /// The reports that touched the service that day (page indices).
    pub reports: Vec<usize>,
}

/// A service as the status page shows it.
#[derive(Debug, Clone)]
pub struct Service {
    pub name: String,
    pub slug: String,
    pub state: ServiceState,
    /// Open incidents and maintenance under way that name it.
    pub now: Vec<usize>,
    /// The last [`HISTORY_DAYS`] days, oldest first.
    pub days: Vec<Day>,
}

/// Everything the status page, `status.json`, the feed, the badges and the banner say.
#[derive(Debug, Clone)]
pub struct Status {
    pub state: ServiceState,
    pub services: Vec<Service>,
    /// Incidents not resolved, newest first.
    pub open: Vec<usize>,
    pub maintenance_now: Vec<usize>,
    /// Maintenance still to start, soonest first.
    pub upcoming: Vec<usize>,
    /// Notices whose window has not ended, and notices without one dated in the last
    /// [`HISTORY_DAYS`] days; newest first.
    pub notices: Vec<usize>,
}

/// The services the status page lists: site.yaml's `incidents.services` in its order,
/// then every other service a report names, by name. One per slug.
pub fn service_names(site: &Site, inc: &Incidents) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut add = |name: &str| {
        let slug = slug::slugify(name);
        if !slug.is_empty() && !out.iter().any(|(_, s)| *s == slug) {
            out.push((name.to_string(), slug));
        }
    };
    for name in &site.config.incidents.services {
        add(name);
    }
    let mut named: Vec<&String> = inc
        .all
        .iter()
        .filter_map(|&i| site.pages[i].page.incident())
        .flat_map(|x| x.services.iter())
        .collect();
    // Cached: the key is a new string, made once per name rather than per comparison.
    named.sort_by_cached_key(|n| n.to_lowercase());
    // A service is named by many incidents: each name is made a slug once.
    named.dedup();
    for name in named {
        add(name);
    }
    out
}

/// The status as of the build's "now", of the reports in `inc`.
pub fn status(site: &Site, inc: &Incidents) -> Status {
    let now = site.options.now;
    let reports: Vec<(usize, &Incident)> = inc
        .all
        .iter()
        .filter_map(|&i| Some((i, site.pages[i].page.incident()?)))
        .collect();
    let days = history_days(site);
    let history_start = days.first().map_or(now, |d| d.1);
    let services = services_now(site, inc, &reports, &days);
    let of = |f: &dyn Fn(&Incident) -> bool| -> Vec<usize> {
        reports
            .iter()
            .filter(|(_, x)| f(x))
            .map(|(i, _)| *i)
            .collect()
    };
    let open = of(&|x| x.is_open_incident());
    let maintenance_now = of(&|x| x.is_maintenance_now(now));
    let mut upcoming = of(&|x| x.is_maintenance_upcoming(now));
    upcoming.sort_by_key(|&i| {
        site.pages[i]
            .page
            .incident()
            .and_then(|x| x.scheduled.as_ref())
            .map(|w| w.start.timestamp())
    });
    let notices = current_notices(
        site,
        of(&|x| x.incident_type == IncidentType::Notice),
        history_start,
    );
    let state = reports
        .iter()
        .filter_map(|(_, x)| state_now(x, now))
        .chain(services.iter().map(|s| s.state))
        .max()
        .unwrap_or(ServiceState::Operational);
    Status {
        state,
        services,
        open,
        maintenance_now,
        upcoming,
        notices,
    }
}

/// The days the history shows, oldest first: each date with the instants it starts and
/// ends in the site's time zone (a day of a clock change is 23 or 25 hours).
fn history_days(site: &Site) -> Vec<(Date, Timestamp, Timestamp)> {
    let tz = &site.config.timezone;
    let today = site.options.now.to_zoned(tz.clone()).date();
    (0..HISTORY_DAYS)
        .rev()
        .filter_map(|back| {
            let date = today.checked_sub((back as i64).days()).ok()?;
            let start = date.to_zoned(tz.clone()).ok()?.timestamp();
            let end = date
                .checked_add(1.day())
                .ok()?
                .to_zoned(tz.clone())
                .ok()?
                .timestamp();
            Some((date, start, end))
        })
        .collect()
}

/// Each service's state now and on each day of the history, from the reports that name
/// it.
fn services_now(
    site: &Site,
    inc: &Incidents,
    reports: &[(usize, &Incident)],
    days: &[(Date, Timestamp, Timestamp)],
) -> Vec<Service> {
    let now = site.options.now;
    // Each report's services by slug, made once rather than once per service.
    let slugs: Vec<Vec<String>> = reports
        .iter()
        .map(|(_, x)| x.services.iter().map(slug::slugify).collect())
        .collect();
    service_names(site, inc)
        .into_iter()
        .map(|(name, slug)| {
            let mine: Vec<(usize, &Incident)> = (reports.iter().zip(&slugs))
                .filter(|(_, of)| of.contains(&slug))
                .map(|(r, _)| *r)
                .collect();
            let state = mine
                .iter()
                .filter_map(|(_, x)| state_now(x, now))
                .max()
                .unwrap_or(ServiceState::Operational);
            let now_reports = mine
                .iter()
                .filter(|(_, x)| state_now(x, now).is_some())
                .map(|(i, _)| *i)
                .collect();
            Service {
                name,
                slug,
                state,
                now: now_reports,
                days: days
                    .iter()
                    .map(|&day| service_day(site, &mine, day))
                    .collect(),
            }
        })
        .collect()
}

/// One day of one service's history: the worst state of the reports (`mine`) whose
/// affected time overlaps it. A report with no length counts on the day it happened.
fn service_day(
    site: &Site,
    mine: &[(usize, &Incident)],
    (date, start, end): (Date, Timestamp, Timestamp),
) -> Day {
    let now = site.options.now;
    let mut day = Day {
        date,
        state: ServiceState::Operational,
        reports: Vec::new(),
    };
    for &(i, x) in mine {
        let date = site.pages[i].page.date.as_ref();
        if let Some((from, to)) = affected(x, date, now)
            && from < end
            && (to > start || (to == from && from >= start))
        {
            day.state = day.state.max(state_over(x));
            day.reports.push(i);
        }
    }
    day
}

/// The notices still to show: one with a window until the window ends, however long
/// ago it was posted; one without, for the days the history shows.
fn current_notices(site: &Site, notices: Vec<usize>, history_start: Timestamp) -> Vec<usize> {
    let now = site.options.now;
    notices
        .into_iter()
        .filter(|&i| {
            let page = &site.pages[i].page;
            match page.incident().and_then(|x| x.scheduled.as_ref()) {
                Some(_) => page
                    .incident()
                    .is_some_and(|x| x.is_notice_current_or_upcoming(now)),
                None => page
                    .date
                    .as_ref()
                    .is_some_and(|d| d.timestamp() >= history_start && d.timestamp() <= now),
            }
        })
        .collect()
}

/// One sentence for the whole: "All services are operating normally", or what is
/// wrong.
pub fn headline(status: &Status, say: Say<'_>) -> String {
    let affected = status
        .services
        .iter()
        .filter(|s| s.state != ServiceState::Operational)
        .count() as u64;
    let open = status.open.len() as u64;
    match status.state {
        ServiceState::Operational if status.open.is_empty() => {
            say.word("headline_all_normal").to_string()
        }
        ServiceState::Operational => say.count("headline_looked_into", open),
        ServiceState::Maintenance => say.count("headline_maintenance", affected),
        ServiceState::Degraded | ServiceState::Outage if affected == 0 => {
            say.count("n_incidents_open", open)
        }
        ServiceState::Degraded => say.count("headline_degraded", affected),
        ServiceState::Outage => {
            let down = status
                .services
                .iter()
                .filter(|s| s.state == ServiceState::Outage)
                .count() as u64;
            let mut out = say.count("headline_down", down);
            if affected > down {
                out.push_str(&say.count("headline_affected_in_all", affected));
            }
            out
        }
    }
}

/// A report as the status page, the banner and `status.json` list it.
#[derive(Serialize)]
pub struct ReportCtx<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// The report's language (its title's), which a page in another marks.
    pub lang: &'a str,
    pub url: &'a str,
    #[serde(rename = "type")]
    pub incident_type: IncidentType,
    pub status: Option<IncidentStatus>,
    pub severity: Option<&'a SeverityLevel>,
    /// The state it puts its services in now, if any.
    pub state: Option<ServiceState>,
    pub services: &'a [String],
    pub started_iso: Option<String>,
    pub started_display: Option<String>,
    pub scheduled_start_iso: Option<String>,
    pub scheduled_start_display: Option<String>,
    pub scheduled_end_iso: Option<String>,
    pub scheduled_end_display: Option<String>,
    pub date_iso: Option<String>,
    pub date_display: Option<String>,
    /// The newest update, if any.
    pub latest: Option<UpdateCtx<'a>>,
}

pub fn report_ctx(site: &Site, i: usize) -> Option<ReportCtx<'_>> {
    let p = &site.pages[i];
    let x = p.page.incident()?;
    let now = site.options.now;
    let w = x.scheduled.as_ref();
    Some(ReportCtx {
        id: &p.page.slug,
        title: &p.page.title,
        lang: site.page_language_tag(i),
        url: &p.url,
        incident_type: x.incident_type,
        status: x.status_at(now),
        severity: x.severity.as_ref(),
        state: state_now(x, now),
        services: &x.services,
        started_iso: x.started.as_ref().map(When::iso),
        started_display: x.started.as_ref().map(When::display),
        scheduled_start_iso: w.map(|w| w.start.iso()),
        scheduled_start_display: w.map(|w| w.start.display()),
        scheduled_end_iso: w.map(|w| w.end.iso()),
        scheduled_end_display: w.map(|w| w.end.display()),
        date_iso: p.page.date.as_ref().map(When::iso),
        date_display: p.page.date.as_ref().map(When::display_date),
        latest: x.updates.last().map(update_ctx),
    })
}

/// One day of a service's history, as shown.
#[derive(Serialize)]
pub struct DayCtx<'a> {
    pub date: String,
    pub date_display: String,
    pub state: ServiceState,
    pub reports: Vec<ReportLink<'a>>,
}

#[derive(Serialize)]
pub struct ReportLink<'a> {
    pub title: &'a str,
    pub url: &'a str,
}

#[derive(Serialize)]
pub struct ServiceCtx<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub state: ServiceState,
    pub state_label: String,
    pub badge_url: String,
    /// The last 90 days, oldest first.
    pub days: Vec<DayCtx<'a>>,
    /// Only the days with a report, newest first: the history's text equivalent.
    pub reported_days: Vec<DayCtx<'a>>,
    /// The same in words: "No incidents in the last 90 days", "2 days with incidents:
    /// 1 of outage, 1 degraded".
    pub history_summary: String,
}

/// `status` in `status.html`.
#[derive(Serialize)]
pub struct StatusCtx<'a> {
    pub state: ServiceState,
    pub headline: String,
    pub services: Vec<ServiceCtx<'a>>,
    pub open: Vec<ReportCtx<'a>>,
    pub maintenance_now: Vec<ReportCtx<'a>>,
    pub upcoming: Vec<ReportCtx<'a>>,
    pub notices: Vec<ReportCtx<'a>>,
    pub history_days: usize,
    pub json_url: &'static str,
    pub feed_url: String,
    pub incidents_url: &'a str,
}

fn history_summary(days: &[Day], say: Say<'_>) -> String {
    let bad: Vec<&Day> = days.iter().filter(|d| !d.reports.is_empty()).collect();
    let last = HISTORY_DAYS.to_string();
    if bad.is_empty() {
        return say.fill("history_none", &[("days", &last)]);
    }
    let count = |state: ServiceState| bad.iter().filter(|d| d.state == state).count();
    let mut parts = Vec::new();
    for (state, key) in [
        (ServiceState::Outage, "history_outage"),
        (ServiceState::Degraded, "history_degraded"),
        (ServiceState::Maintenance, "history_maintenance"),
        (ServiceState::Operational, "history_minor"),
    ] {
        let n = count(state);
        if n > 0 {
            parts.push(say.count(key, n as u64));
        }
    }
    say.count("history_days", bad.len() as u64)
        .replace("{days}", &last)
        .replace("{parts}", &parts.join(", "))
}

fn day_ctx<'a>(site: &'a Site, d: &Day) -> DayCtx<'a> {
    DayCtx {
        date: d.date.to_string(),
        date_display: d.date.strftime("%-d %B %Y").to_string(),
        state: d.state,
        reports: d
            .reports
            .iter()
            .map(|&i| ReportLink {
                title: &site.pages[i].page.title,
                url: &site.pages[i].url,
            })
            .collect(),
    }
}

pub fn status_ctx<'a>(
    site: &'a Site,
    inc: &'a Incidents,
    status: &'a Status,
    say: Say<'_>,
) -> StatusCtx<'a> {
    let reports = |list: &[usize]| -> Vec<ReportCtx<'a>> {
        list.iter().filter_map(|&i| report_ctx(site, i)).collect()
    };
    StatusCtx {
        state: status.state,
        headline: headline(status, say),
        services: status
            .services
            .iter()
            .map(|s| ServiceCtx {
                name: &s.name,
                slug: &s.slug,
                state: s.state,
                state_label: s.state.label(say),
                badge_url: urls::status_badge(&s.slug),
                days: s.days.iter().map(|d| day_ctx(site, d)).collect(),
                reported_days: (s.days.iter().rev())
                    .filter(|d| !d.reports.is_empty())
                    .map(|d| day_ctx(site, d))
                    .collect(),
                history_summary: history_summary(&s.days, say),
            })
            .collect(),
        open: reports(&status.open),
        maintenance_now: reports(&status.maintenance_now),
        upcoming: reports(&status.upcoming),
        notices: reports(&status.notices),
        history_days: HISTORY_DAYS,
        json_url: urls::STATUS_JSON,
        feed_url: urls::atom_feed(&inc.status_url),
        incidents_url: &inc.base,
    }
}

/// The banner the home page and every incident list show while an incident is open or
/// maintenance is under way: null otherwise.
#[derive(Serialize)]
pub struct Banner<'a> {
    pub open: Vec<ReportCtx<'a>>,
    pub maintenance_now: Vec<ReportCtx<'a>>,
    pub headline: String,
    /// The status page, or the incident list when the site has none.
    pub url: String,
}

/// In the words of `say`, the language of the page that shows it.
pub fn banner<'a>(site: &'a Site, inc: &Incidents, say: Say<'_>) -> Option<Banner<'a>> {
    let under_way = inc.under_way(site);
    let reports = |ids: &[usize]| -> Vec<ReportCtx<'a>> {
        ids.iter().filter_map(|&i| report_ctx(site, i)).collect()
    };
    let open = reports(&under_way.open);
    let maintenance_now = reports(&under_way.maintenance_now);
    if open.is_empty() && maintenance_now.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if !open.is_empty() {
        parts.push(say.count("n_incidents_open", open.len() as u64));
    }
    if !maintenance_now.is_empty() {
        parts.push(say.word("banner_maintenance").to_string());
    }
    Some(Banner {
        open,
        maintenance_now,
        headline: capitalise(&parts.join("; ")),
        url: if inc.status_page {
            inc.status_url.clone()
        } else {
            inc.base.clone()
        },
    })
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[derive(Serialize)]
struct JsonDay<'a> {
    date: String,
    state: ServiceState,
    incidents: Vec<&'a str>,
}

#[derive(Serialize)]
struct JsonService<'a> {
    name: &'a str,
    id: &'a str,
    state: ServiceState,
    badge: String,
    incidents_now: Vec<&'a str>,
    days: Vec<JsonDay<'a>>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    id: &'a str,
    url: String,
    title: &'a str,
    #[serde(rename = "type")]
    incident_type: IncidentType,
    status: Option<IncidentStatus>,
    severity: Option<&'a str>,
    services: &'a [String],
    started: Option<String>,
    scheduled_start: Option<String>,
    scheduled_end: Option<String>,
    latest_update: Option<JsonUpdate<'a>>,
}

#[derive(Serialize)]
struct StatusJson<'a> {
    schema: &'static str,
    site: &'a str,
    generated: String,
    state: ServiceState,
    summary: String,
    services: Vec<JsonService<'a>>,
    open_incidents: Vec<JsonReport<'a>>,
    maintenance_now: Vec<JsonReport<'a>>,
    maintenance_upcoming: Vec<JsonReport<'a>>,
    notices: Vec<JsonReport<'a>>,
}

fn json_report(site: &Site, i: usize) -> Option<JsonReport<'_>> {
    let p = &site.pages[i];
    let x = p.page.incident()?;
    let w = x.scheduled.as_ref();
    Some(JsonReport {
        id: &p.page.slug,
        url: site.permalink(&p.url),
        title: &p.page.title,
        incident_type: x.incident_type,
        status: x.status_at(site.options.now),
        severity: x.severity.as_ref().map(|l| l.id.as_str()),
        services: &x.services,
        started: x.started.as_ref().map(When::iso),
        scheduled_start: w.map(|w| w.start.iso()),
        scheduled_end: w.map(|w| w.end.iso()),
        latest_update: x.updates.last().map(JsonUpdate::from),
    })
}

/// `status.json` (schema in docs/open-data.md), of `status` (made from the listed
/// reports only: see [`Incidents::listed`]).
/// Its `summary` is the status page's headline, in the words of `say`.
pub fn status_json(site: &Site, status: &Status, say: Say<'_>) -> Result<Vec<u8>, Diagnostic> {
    let slug_of = |i: usize| site.pages[i].page.slug.as_str();
    let reports = |list: &[usize]| -> Vec<JsonReport<'_>> {
        list.iter().filter_map(|&i| json_report(site, i)).collect()
    };
    let doc = StatusJson {
        schema: "daylight status 1 (docs/open-data.md)",
        site: &site.config.base_url,
        generated: generated(site),
        state: status.state,
        summary: headline(status, say),
        services: status
            .services
            .iter()
            .map(|s| JsonService {
                name: &s.name,
                id: &s.slug,
                state: s.state,
                badge: site.permalink(&urls::status_badge(&s.slug)),
                incidents_now: s.now.iter().map(|&i| slug_of(i)).collect(),
                days: s
                    .days
                    .iter()
                    .map(|d| JsonDay {
                        date: d.date.to_string(),
                        state: d.state,
                        incidents: d.reports.iter().map(|&i| slug_of(i)).collect(),
                    })
                    .collect(),
            })
            .collect(),
        open_incidents: reports(&status.open),
        maintenance_now: reports(&status.maintenance_now),
        maintenance_upcoming: reports(&status.upcoming),
        notices: reports(&status.notices),
    };
    serde_json::to_vec_pretty(&doc).map_err(|e| {
        Diagnostic::error(
            "status.json",
            format!("could not write the status data: {e}"),
        )
    })
}

fn generated(site: &Site) -> String {
    site.options
        .now
        .to_zoned(site.config.timezone.clone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// One entry of the status feed: a report, or one of its updates.
struct Entry<'a> {
    id: String,
    title: String,
    url: String,
    updated: &'a When,
    summary: String,
}

/// Page `i`'s entries in the status feed: the report itself (when it has a date), then
/// one for each of its updates.
fn feed_entries(site: &Site, i: usize) -> Vec<Entry<'_>> {
    let p = &site.pages[i];
    let Some(x) = p.page.incident() else {
        return Vec::new();
    };
    let url = site.permalink(&p.url);
    let kind = match x.incident_type {
        IncidentType::Incident => "Incident",
        IncidentType::Notice => "Notice",
        IncidentType::Maintenance => "Planned maintenance",
    };
    let mut entries = Vec::new();
    if let Some(date) = p.page.date.as_ref() {
        let mut summary = x.impact.clone().unwrap_or_default();
        if let Some(w) = &x.scheduled {
            summary = format!(
                "Scheduled from {} to {}. {summary}",
                w.start.display(),
                w.end.display()
            );
        }
        entries.push(Entry {
            id: url.clone(),
            title: format!("{kind}: {}", p.page.title),
            url: url.clone(),
            updated: date,
            summary: summary.trim().to_string(),
        });
    }
    for (n, u) in x.updates.iter().enumerate() {
        let status = u
            .status
            .and_then(|s| serde_json::to_value(s).ok())
            .and_then(|v| v.as_str().map(|s| capitalise(&s.replace('-', " "))));
        entries.push(Entry {
            id: format!("{url}#update-{}", n + 1),
            title: match status {
                Some(s) => format!("{}: {s}", p.page.title),
                None => format!("{}: update", p.page.title),
            },
            url: url.clone(),
            updated: &u.at,
            summary: u.text.clone(),
        });
    }
    entries
}

/// The status page's Atom feed: every listed report and every update of one, newest
/// first, at most `feed_limit` entries. An update's id is its report's URL with
/// `#update-N` (N from 1, oldest first), so a feed reader keeps each apart.
/// In the words of `say`, in `inc`'s language.
pub fn status_feed(site: &Site, inc: &Incidents, say: Say<'_>) -> String {
    let mut entries: Vec<Entry<'_>> = (inc.all.iter())
        .flat_map(|&i| feed_entries(site, i))
        .collect();
    entries.sort_by_key(|e| std::cmp::Reverse(e.updated.timestamp()));
    entries.truncate(site.config.feed_limit);
    let self_url = site.permalink(&urls::atom_feed(&inc.status_url));
    let c = &site.config;
    let language = c.own_language(inc.lang);
    let site_title = c.title_in(inc.lang);
    let updated = entries
        .first()
        .map_or_else(|| generated(site), |e| e.updated.iso());
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml_escape(language.map_or(&c.language, |l| &l.tag))
    ));
    x.push_str(&format!(
        "  <title type=\"text\">{}</title>\n",
        xml_escape(&say.fill("status_feed_title", &[("site", site_title)]))
    ));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_escape(&self_url)
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&site.permalink(&inc.status_url))
    ));
    x.push_str(&format!("  <id>{}</id>\n", xml_escape(&self_url)));
    x.push_str(&format!("  <updated>{}</updated>\n", xml_escape(&updated)));
    x.push_str(&format!(
        "  <author>\n    <name>{}</name>\n  </author>\n",
        xml_escape(&site.config.organisation)
    ));
    x.push_str("  <generator>daylight</generator>\n");
    for e in &entries {
        x.push_str("  <entry>\n");
        x.push_str(&format!(
            "    <title type=\"text\">{}</title>\n",
            xml_escape(&e.title)
        ));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&e.url)
        ));
        x.push_str(&format!("    <id>{}</id>\n", xml_escape(&e.id)));
        x.push_str(&format!(
            "    <updated>{}</updated>\n",
            xml_escape(&e.updated.iso())
        ));
        if !e.summary.is_empty() {
            x.push_str(&format!(
                "    <summary type=\"text\">{}</summary>\n",
                xml_escape(&e.summary)
            ));
        }
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// A small SVG badge for a service: its name on the left, its state on the right, in
/// words (the colour only repeats them), with a title for screen readers.
pub fn badge_svg(service: &Service) -> String {
    let (fill, text) = match service.state {
        ServiceState::Operational => ("#1a5c2d", "operational"),
        ServiceState::Maintenance => ("#0b4a84", "maintenance"),
        ServiceState::Degraded => ("#7a3a00", "degraded"),
        ServiceState::Outage => ("#8a1021", "outage"),
    };
    // Verdana-ish 11px: about 7 px a character, and room either side.
    let width_of = |s: &str| s.chars().count() as u32 * 7 + 12;
    let (left, right) = (width_of(&service.name), width_of(text));
    let name = xml_escape(&service.name);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{total}\" height=\"20\" role=\"img\" aria-label=\"{name}: {text}\">\
         <title>{name}: {text}</title>\
         <rect width=\"{left}\" height=\"20\" fill=\"#38434b\"/>\
         <rect x=\"{left}\" width=\"{right}\" height=\"20\" fill=\"{fill}\"/>\
         <g fill=\"#ffffff\" font-family=\"Verdana,DejaVu Sans,sans-serif\" font-size=\"11\" text-anchor=\"middle\">\
         <text x=\"{lx}\" y=\"14\">{name}</text><text x=\"{rx}\" y=\"14\">{text}</text></g></svg>\n",
        total = left + right,
        lx = left / 2,
        rx = left + right / 2,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level(meaning: Option<Meaning>) -> SeverityLevel {
        SeverityLevel {
            meaning,
            ..crate::kinds::incident::schema::tests::incident()
                .severity
                .expect("a level")
        }
    }

    #[test]
    fn a_severity_means_what_it_does_to_a_service() {
        assert_eq!(
            state_of_severity(Some(&level(Some(Meaning::Critical)))),
            ServiceState::Outage
        );
        assert_eq!(
            state_of_severity(Some(&level(Some(Meaning::Minor)))),
            ServiceState::Degraded
        );
        assert_eq!(
            state_of_severity(Some(&level(Some(Meaning::Info)))),
            ServiceState::Operational
        );
        assert_eq!(
            state_of_severity(Some(&level(None))),
            ServiceState::Degraded
        );
        assert!(ServiceState::Outage > ServiceState::Degraded);
        assert!(ServiceState::Degraded > ServiceState::Maintenance);
    }
}
