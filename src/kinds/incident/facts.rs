//! What follows from an incident's fields, each fact defined once: how long it took to
//! detect and to resolve, how long it lasted, when it started for the calendar, which
//! actions are still to do or overdue, and the median the statistics use.
//!
//! The page context, the actions tracker, the statistics, the charts and the open data
//! all read these; none computes its own. Facts are numbers and flags: how they are
//! shown (plain words, ISO dates) is the reader's business.

use jiff::Timestamp;

use super::schema::{Action, ActionStatus, Incident, IncidentStatus, IncidentType, Review};
use crate::config::IncidentSettings;
use crate::content::Page;
use crate::dates::When;
use crate::render::words::Say;

/// Whether `a` comes before `b`. Two date-times compare as instants; when either is a
/// date alone, as days in the site's time zone (a report that gives `started` as a day
/// and `detected` as a time on that day is in order).
pub fn before(a: &When, b: &When) -> bool {
    if a.has_time && b.has_time {
        a.timestamp() < b.timestamp()
    } else {
        a.zoned.date() < b.zoned.date()
    }
}

/// Seconds from `from` to `to`: only when both are date-times (a day alone cannot give
/// a duration in seconds) and `to` is not before `from`. Never clamped: a time that
/// cannot be known is none, not zero.
fn seconds_between(from: Option<&When>, to: Option<&When>) -> Option<u64> {
    let (from, to) = (from?, to?);
    if !(from.has_time && to.has_time) {
        return None;
    }
    u64::try_from(to.timestamp().as_second() - from.timestamp().as_second()).ok()
}

impl Incident {
    /// From `started` to `detected`, in seconds.
    pub fn time_to_detect(&self) -> Option<u64> {
        seconds_between(self.started.as_ref(), self.detected.as_ref())
    }

    /// From `detected` to `resolved`, in seconds (not from `started`: that is
    /// [`Incident::duration`]).
    pub fn time_to_resolve(&self) -> Option<u64> {
        seconds_between(self.detected.as_ref(), self.resolved.as_ref())
    }

    /// From `started` to `resolved`, in seconds.
    pub fn duration(&self) -> Option<u64> {
        seconds_between(self.started.as_ref(), self.resolved.as_ref())
    }

    /// The status as of `now`: as written; for planned maintenance that does not say,
    /// where `now` is in its window (scheduled before it, in progress in it, completed
    /// after it). None for a notice.
    pub fn status_at(&self, now: Timestamp) -> Option<IncidentStatus> {
        if self.status.is_some() || self.incident_type == IncidentType::Notice {
            return self.status;
        }
        let w = self.scheduled.as_ref()?;
        Some(if now < w.start.timestamp() {
            IncidentStatus::Scheduled
        } else if now < w.end.timestamp() {
            IncidentStatus::InProgress
        } else {
            IncidentStatus::Completed
        })
    }

    /// An incident (not a notice nor maintenance) that is not resolved.
    pub fn is_open_incident(&self) -> bool {
        self.incident_type == IncidentType::Incident && self.status.is_some_and(|s| !s.is_closed())
    }

    /// Planned maintenance under way at `now`.
    pub fn is_maintenance_now(&self, now: Timestamp) -> bool {
        self.incident_type == IncidentType::Maintenance
            && self.status_at(now) == Some(IncidentStatus::InProgress)
    }

    /// Planned maintenance still to start at `now`.
    pub fn is_maintenance_upcoming(&self, now: Timestamp) -> bool {
        self.incident_type == IncidentType::Maintenance
            && self.status_at(now) == Some(IncidentStatus::Scheduled)
    }

    /// A notice that applies at `now` (in its window), or will: one without a window
    /// is neither.
    pub fn is_notice_current_or_upcoming(&self, now: Timestamp) -> bool {
        self.incident_type == IncidentType::Notice
            && self
                .scheduled
                .as_ref()
                .is_some_and(|w| now < w.end.timestamp())
    }

    /// Whether the statistics count it: incidents always, notices and maintenance only
    /// when site.yaml's `incidents.statistics_include` names them.
    pub fn counted(&self, settings: &IncidentSettings) -> bool {
        match self.incident_type {
            IncidentType::Incident => true,
            IncidentType::Notice => settings.count_notices,
            IncidentType::Maintenance => settings.count_maintenance,
        }
    }

    /// Where the review stands: as `review:` says, else done when the body has its
    /// review section; unknown otherwise (never guessed to be pending).
    pub fn review_state(&self) -> Option<Review> {
        self.review
            .or_else(|| self.review_section.as_ref().map(|_| Review::Done))
    }
}

/// When an incident started, else its page's date: what puts it in a year or a quarter
/// and orders it on a chart.
pub fn start(page: &Page) -> Option<&When> {
    page.incident()
        .and_then(|i| i.started.as_ref())
        .or(page.date.as_ref())
}

impl Action {
    /// Still to do: open or in progress, overdue or not.
    pub fn is_open(&self) -> bool {
        matches!(self.status, ActionStatus::Open | ActionStatus::InProgress)
    }

    /// Still to do, and due before `now` (the build's "now"). A due date without a time
    /// is its day's first moment in the site's time zone.
    pub fn is_overdue(&self, now: Timestamp) -> bool {
        self.is_open() && self.due.as_ref().is_some_and(|d| d.timestamp() < now)
    }
}

/// How many actions there are, and how many are done, still to do (overdue ones
/// included), overdue and dropped: of one incident, or of many
/// (added up with `+`). Every page says them in one wording, [`ActionCounts::sentence`].
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ActionCounts {
    pub total: usize,
    pub done: usize,
    /// Open or in progress, overdue or not.
    pub open: usize,
    pub overdue: usize,
    pub dropped: usize,
}

impl ActionCounts {
    pub fn of(actions: &[Action], now: Timestamp) -> ActionCounts {
        let count = |f: &dyn Fn(&Action) -> bool| actions.iter().filter(|a| f(a)).count();
        ActionCounts {
            total: actions.len(),
            done: count(&|a| a.status == ActionStatus::Done),
            open: count(&Action::is_open),
            overdue: count(&|a| a.is_overdue(now)),
            dropped: count(&|a| a.status == ActionStatus::Dropped),
        }
    }

    /// The counts in words, the same on every page: "7 actions: 4 done, 2 open (1
    /// overdue), 1 dropped". A count of none is left out; no actions at all is
    /// "No actions". The words are the page's language's (`actions_*` in the theme's
    /// i18n files).
    pub fn sentence(&self, say: Say<'_>) -> String {
        if self.total == 0 {
            return say.word("actions_none").to_string();
        }
        let count = |key: &str, n: usize| say.count(key, n as u64);
        let mut parts = Vec::new();
        if self.done > 0 {
            parts.push(count("actions_done", self.done));
        }
        if self.open > 0 {
            let overdue = if self.overdue > 0 {
                count("actions_overdue", self.overdue)
            } else {
                String::new()
            };
            parts.push(format!("{}{overdue}", count("actions_open", self.open)));
        }
        if self.dropped > 0 {
            parts.push(count("actions_dropped", self.dropped));
        }
        format!("{}: {}", count("n_actions", self.total), parts.join(", "))
    }
}

/// Two sets of counts together (the tracker's and the statistics' over many incidents).
impl std::ops::Add for ActionCounts {
    type Output = ActionCounts;

    fn add(self, other: ActionCounts) -> ActionCounts {
        ActionCounts {
            total: self.total + other.total,
            done: self.done + other.done,
            open: self.open + other.open,
            overdue: self.overdue + other.overdue,
            dropped: self.dropped + other.dropped,
        }
    }
}

/// The middle value; of an even number of values, the higher of the two in the middle.
pub fn median(mut values: Vec<u64>) -> Option<u64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    Some(values[values.len() / 2])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn when(text: &str) -> When {
        crate::dates::parse(text, &jiff::tz::TimeZone::UTC).expect("a valid date")
    }

    fn action(status: ActionStatus, due: Option<&str>) -> Action {
        Action {
            action: "Add an alert".to_string(),
            owner: None,
            due: due.map(when),
            status,
        }
    }

    #[test]
    fn an_action_is_overdue_only_while_it_is_still_to_do() {
        let now = when("2024-05-01").timestamp();
        let actions = [
            action(ActionStatus::Open, Some("2024-04-30")),
            action(ActionStatus::InProgress, Some("2024-05-02")),
            action(ActionStatus::Done, Some("2024-04-01")),
            action(ActionStatus::Dropped, Some("2024-04-01")),
            action(ActionStatus::Open, None),
        ];
        let overdue: Vec<bool> = actions.iter().map(|a| a.is_overdue(now)).collect();
        assert_eq!(overdue, [true, false, false, false, false]);
        let counts = ActionCounts::of(&actions, now);
        assert_eq!(
            counts,
            ActionCounts {
                total: 5,
                done: 1,
                open: 3,
                overdue: 1,
                dropped: 1,
            }
        );
        let en = crate::render::words::shipped_words("en");
        assert_eq!(
            counts.sentence(Say(&en)),
            "5 actions: 1 done, 3 open (1 overdue), 1 dropped"
        );
    }

    #[test]
    fn action_counts_are_said_in_one_wording() {
        let counts = |done, open, overdue, dropped| ActionCounts {
            total: done + open + dropped,
            done,
            open,
            overdue,
            dropped,
        };
        let en = crate::render::words::shipped_words("en");
        let en = Say(&en);
        assert_eq!(
            counts(4, 2, 1, 1).sentence(en),
            "7 actions: 4 done, 2 open (1 overdue), 1 dropped"
        );
        assert_eq!(counts(0, 1, 0, 0).sentence(en), "1 action: 1 open");
        assert_eq!(counts(3, 0, 0, 0).sentence(en), "3 actions: 3 done");
        assert_eq!(counts(0, 0, 0, 0).sentence(en), "No actions");
        assert_eq!(
            (counts(1, 0, 0, 0) + counts(0, 2, 2, 1)).sentence(en),
            "4 actions: 1 done, 2 open (2 overdue), 1 dropped"
        );
        // Welsh puts the singular noun after a number, and says "done" and "dropped"
        // of one action or of several.
        let cy = crate::render::words::shipped_words("cy");
        let cy = Say(&cy);
        assert_eq!(
            counts(4, 2, 1, 1).sentence(cy),
            "7 cam gweithredu: 4 wedi’u gwneud, 2 ar agor (1 yn hwyr), 1 wedi’i ollwng"
        );
        assert_eq!(counts(0, 0, 0, 0).sentence(cy), "Dim camau gweithredu");
    }

    #[test]
    fn durations_are_never_negative_nor_made_zero() {
        let incident = |started: &str, resolved: &str| Incident {
            started: Some(when(started)),
            resolved: Some(when(resolved)),
            ..crate::kinds::incident::schema::tests::incident()
        };
        // The report in issue 15: resolved a month before it started.
        assert_eq!(
            incident("2022-06-13T08:30Z", "2022-05-15T11:00Z").duration(),
            None
        );
        assert_eq!(
            incident("2022-06-13T08:30Z", "2022-06-13T11:00Z").duration(),
            Some(9000)
        );
        // A day alone gives no duration in seconds, rather than "0 seconds".
        assert_eq!(incident("2022-06-13", "2022-06-13").duration(), None);
        assert!(before(&when("2022-06-12"), &when("2022-06-13T00:00Z")));
        assert!(!before(&when("2022-06-13T10:00Z"), &when("2022-06-13")));
    }

    #[test]
    fn the_median_of_an_even_count_is_the_higher_middle_value() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![30, 10, 20]), Some(20));
        assert_eq!(median(vec![40, 10, 30, 20]), Some(30));
    }
}
