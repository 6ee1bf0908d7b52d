//! What incident templates see (documented field by field in docs/templates.md): an
//! incident report's `page.incident`, the brief form in lists, the actions tracker's
//! `actions` and the statistics page's `stats`.
//!
//! As for every context, each field is always sent (Tera 2 errors on a missing one):
//! absent values are null. Facts come from [`super::facts`]; this module only shows them
//! (plain words, ISO and display dates).

use serde::Serialize;

use super::charts::{self, Chart};
use super::facts::{ActionCounts, median};
use super::index::Incidents;
use super::schema::{Action, ActionStatus, Incident, IncidentStatus, IncidentType, Review, Update};
use crate::config::SeverityLevel;
use crate::dates::When;
use crate::render::context::{LinkCtx, links_to};
use crate::render::words::Say;
use crate::site::{Site, SitePage};

#[derive(Serialize)]
pub struct ActionCtx<'a> {
    pub action: &'a str,
    pub owner: Option<&'a str>,
    pub due_iso: Option<String>,
    pub due_display: Option<String>,
    pub status: ActionStatus,
    pub overdue: bool,
}

#[derive(Serialize)]
pub struct IncidentCtx<'a> {
    /// `incident`, `notice` or `maintenance`.
    #[serde(rename = "type")]
    pub incident_type: IncidentType,
    /// As of the build (planned maintenance follows its window unless it says); null
    /// for a notice.
    pub status: Option<IncidentStatus>,
    pub severity: Option<&'a SeverityLevel>,
    /// Planned maintenance's window.
    pub scheduled_start_iso: Option<String>,
    pub scheduled_start_display: Option<String>,
    pub scheduled_end_iso: Option<String>,
    pub scheduled_end_display: Option<String>,
    /// The timeline of updates, newest first.
    pub updates: Vec<UpdateCtx<'a>>,
    pub started_iso: Option<String>,
    pub started_display: Option<String>,
    pub detected_iso: Option<String>,
    pub detected_display: Option<String>,
    pub resolved_iso: Option<String>,
    pub resolved_display: Option<String>,
    pub time_to_detect: Option<String>,
    pub time_to_resolve: Option<String>,
    pub duration: Option<String>,
    pub services: Vec<LinkCtx>,
    pub impact: Option<&'a str>,
    pub actions: Vec<ActionCtx<'a>>,
    /// How many actions are done, open (overdue ones included), overdue and dropped.
    pub action_counts: ActionCounts,
    /// Those counts in the words every page uses: "7 actions: 4 done, 2 open (1
    /// overdue), 1 dropped".
    pub actions_summary: String,
    /// `actions:` is written (an empty list: the review agreed none).
    pub actions_written: bool,
    pub review: Option<ReviewCtx>,
}

/// Where an incident's review stands, as a page shows it.
#[derive(Serialize)]
pub struct ReviewCtx {
    /// `pending`, `done` or `not-needed`.
    pub state: Review,
    /// "Review to follow", "Review published", "No review needed", in the page's
    /// language.
    pub label: String,
    /// Whether the report says so (`review:`), or it is read from the review section.
    pub stated: bool,
    /// For a pending review, when site.yaml's `incidents.review_within` sets a due day.
    pub due_iso: Option<String>,
    pub due_display: Option<String>,
    pub overdue: bool,
}

/// One update of an incident's timeline.
#[derive(Serialize)]
pub struct UpdateCtx<'a> {
    pub at_iso: String,
    pub at_display: String,
    pub status: Option<IncidentStatus>,
    pub text: &'a str,
}

pub fn update_ctx(u: &Update) -> UpdateCtx<'_> {
    UpdateCtx {
        at_iso: u.at.iso(),
        at_display: u.at.display(),
        status: u.status,
        text: &u.text,
    }
}

/// What a list shows of an incident beside its title.
#[derive(Serialize)]
pub struct IncidentBrief<'a> {
    #[serde(rename = "type")]
    pub incident_type: IncidentType,
    pub status: Option<IncidentStatus>,
    pub severity: Option<&'a SeverityLevel>,
    pub services: Vec<LinkCtx>,
    /// `pending`, `done`, `not-needed`, or null when the report does not say.
    pub review: Option<Review>,
}

fn review_ctx(site: &Site, i: &Incident, say: Say<'_>) -> Option<ReviewCtx> {
    let state = i.review_state()?;
    let due = super::review::due_of(i, site.config.incidents.review_within);
    let today = site
        .options
        .now
        .to_zoned(site.config.timezone.clone())
        .date();
    Some(ReviewCtx {
        state,
        label: say
            .word(match state {
                Review::Pending => "review_to_follow",
                Review::Done => "review_published",
                Review::NotNeeded => "no_review_needed",
            })
            .to_string(),
        stated: i.review.is_some(),
        due_iso: due.map(|d| d.to_string()),
        due_display: due.map(|d| d.strftime("%-d %B %Y").to_string()),
        overdue: due.is_some_and(|d| today > d),
    })
}

fn action_ctx<'a>(site: &Site, a: &'a Action) -> ActionCtx<'a> {
    ActionCtx {
        action: &a.action,
        owner: a.owner.as_deref(),
        due_iso: a.due.as_ref().map(When::iso),
        due_display: a.due.as_ref().map(When::display_date),
        status: a.status,
        overdue: a.is_overdue(site.options.now),
    }
}

fn services(site: &Site, p: &SitePage) -> Vec<LinkCtx> {
    links_to(site, &p.terms.services)
}

/// `page.incident` of an incident report, in the words of `say` (the page's
/// language); none for a page of another kind.
pub fn page_ctx<'a>(site: &'a Site, p: &'a SitePage, say: Say<'_>) -> Option<IncidentCtx<'a>> {
    let i = p.page.incident()?;
    let iso = |w: &Option<When>| w.as_ref().map(When::iso);
    let display = |w: &Option<When>| w.as_ref().map(When::display);
    let counts = ActionCounts::of(&i.actions, site.options.now);
    let window = i.scheduled.as_ref();
    Some(IncidentCtx {
        incident_type: i.incident_type,
        status: i.status_at(site.options.now),
        severity: i.severity.as_ref(),
        scheduled_start_iso: window.map(|w| w.start.iso()),
        scheduled_start_display: window.map(|w| w.start.display()),
        scheduled_end_iso: window.map(|w| w.end.iso()),
        scheduled_end_display: window.map(|w| w.end.display()),
        updates: i.updates.iter().rev().map(update_ctx).collect(),
        started_iso: iso(&i.started),
        started_display: display(&i.started),
        detected_iso: iso(&i.detected),
        detected_display: display(&i.detected),
        resolved_iso: iso(&i.resolved),
        resolved_display: display(&i.resolved),
        time_to_detect: i.time_to_detect().map(|s| say.duration(s)),
        time_to_resolve: i.time_to_resolve().map(|s| say.duration(s)),
        duration: i.duration().map(|s| say.duration(s)),
        services: services(site, p),
        impact: i.impact.as_deref(),
        actions: i.actions.iter().map(|a| action_ctx(site, a)).collect(),
        action_counts: counts,
        actions_summary: counts.sentence(say),
        actions_written: i.actions_written,
        review: review_ctx(site, i, say),
    })
}

/// An incident in a list (`incident` of a summary).
pub fn brief<'a>(site: &Site, p: &SitePage, i: &'a Incident) -> IncidentBrief<'a> {
    IncidentBrief {
        incident_type: i.incident_type,
        status: i.status_at(site.options.now),
        severity: i.severity.as_ref(),
        services: services(site, p),
        review: i.review_state(),
    }
}

#[derive(Serialize)]
struct ActionRow<'a> {
    #[serde(flatten)]
    action: ActionCtx<'a>,
    incident: IncidentRef<'a>,
}

#[derive(Serialize)]
struct IncidentRef<'a> {
    title: &'a str,
    url: &'a str,
    severity: Option<&'a SeverityLevel>,
}

/// The actions tracker's `actions`: every action of every incident, in four groups.
#[derive(Serialize, Default)]
pub struct ActionGroups<'a> {
    /// Every action counted, as each incident's page counts its own.
    counts: ActionCounts,
    /// The counts in the words every page uses.
    summary: String,
    overdue: Vec<ActionRow<'a>>,
    /// Still to do and not overdue (`counts.open` counts the overdue ones too, as
    /// "2 open (1 overdue)" says).
    open: Vec<ActionRow<'a>>,
    done: Vec<ActionRow<'a>>,
    dropped: Vec<ActionRow<'a>>,
}

/// The actions of `inc`'s incidents, grouped; overdue and open ones soonest due first,
/// those without a due date last.
pub fn tracker<'a>(site: &'a Site, inc: &Incidents, say: Say<'_>) -> ActionGroups<'a> {
    let mut groups = ActionGroups::default();
    for &i in &inc.all {
        let p = &site.pages[i];
        let Some(x) = p.page.incident() else {
            continue;
        };
        groups.counts = groups.counts + ActionCounts::of(&x.actions, site.options.now);
        for a in &x.actions {
            let row = ActionRow {
                action: action_ctx(site, a),
                incident: IncidentRef {
                    title: &p.page.title,
                    url: &p.url,
                    severity: x.severity.as_ref(),
                },
            };
            match (a.status, row.action.overdue) {
                (_, true) => groups.overdue.push(row),
                (ActionStatus::Open | ActionStatus::InProgress, false) => groups.open.push(row),
                (ActionStatus::Done, _) => groups.done.push(row),
                (ActionStatus::Dropped, _) => groups.dropped.push(row),
            }
        }
    }
    groups.summary = groups.counts.sentence(say);
    for g in [&mut groups.overdue, &mut groups.open] {
        g.sort_by(|a, b| {
            let (a, b) = (&a.action.due_iso, &b.action.due_iso);
            a.is_none().cmp(&b.is_none()).then_with(|| a.cmp(b))
        });
    }
    groups
}

/// The statistics page's `stats`.
#[derive(Serialize)]
pub struct Stats {
    total: usize,
    resolved: usize,
    /// Over incidents whose status is resolved.
    median_time_to_resolve: Option<String>,
    /// Over every incident with both times.
    median_time_to_detect: Option<String>,
    /// Every action of the incidents counted, as the tracker counts them.
    action_counts: ActionCounts,
    actions_summary: String,
    charts: Vec<Chart>,
}

/// The statistics of the reports `inc` counts ([`Incidents::counted`]).
pub fn statistics(site: &Site, inc: &Incidents, say: Say<'_>) -> Stats {
    let inc = &inc.counted(site);
    let incidents: Vec<&Incident> = inc
        .all
        .iter()
        .filter_map(|&i| site.pages[i].page.incident())
        .collect();
    let resolved: Vec<&Incident> = incidents
        .iter()
        .copied()
        .filter(|x| x.status.is_some_and(IncidentStatus::is_closed))
        .collect();
    let action_counts = incidents.iter().fold(ActionCounts::default(), |sum, x| {
        sum + ActionCounts::of(&x.actions, site.options.now)
    });
    Stats {
        action_counts,
        actions_summary: action_counts.sentence(say),
        total: inc.all.len(),
        resolved: resolved.len(),
        median_time_to_resolve: median(
            resolved
                .iter()
                .filter_map(|x| x.time_to_resolve())
                .collect(),
        )
        .map(|s| say.duration(s)),
        median_time_to_detect: median(
            incidents
                .iter()
                .filter_map(|x| x.time_to_detect())
                .collect(),
        )
        .map(|s| say.duration(s)),
        charts: charts::all(site, inc, say),
    }
}
