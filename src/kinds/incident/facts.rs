//! What follows from an incident's fields, each fact defined once: how long it took to
//! detect and to resolve, how long it lasted, when it started for the calendar, which
//! actions are still to do or overdue, and the median the statistics use.
//!
//! The page context, the actions tracker, the statistics, the charts and the open data
//! all read these; none computes its own. Facts are numbers and flags: how they are
//! shown (plain words, ISO dates) is the reader's business.

use jiff::Timestamp;

use super::schema::{Action, ActionStatus, Incident, Review};
use crate::content::Page;
use crate::dates::When;

/// Seconds from `from` to `to`, when both are known.
fn seconds_between(from: Option<&When>, to: Option<&When>) -> Option<i64> {
    Some(to?.timestamp().as_second() - from?.timestamp().as_second())
}

impl Incident {
    /// From `started` to `detected`, in seconds.
    pub fn time_to_detect(&self) -> Option<i64> {
        seconds_between(self.started.as_ref(), self.detected.as_ref())
    }

    /// From `detected` to `resolved`, in seconds (not from `started`: that is
    /// [`Incident::duration`]).
    pub fn time_to_resolve(&self) -> Option<i64> {
        seconds_between(self.detected.as_ref(), self.resolved.as_ref())
    }

    /// From `started` to `resolved`, in seconds.
    pub fn duration(&self) -> Option<i64> {
        seconds_between(self.started.as_ref(), self.resolved.as_ref())
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

/// How many of an incident's actions are still to do (overdue ones included), overdue,
/// and done.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ActionCounts {
    pub open: usize,
    pub overdue: usize,
    pub done: usize,
}

impl ActionCounts {
    pub fn of(actions: &[Action], now: Timestamp) -> ActionCounts {
        let count = |f: &dyn Fn(&Action) -> bool| actions.iter().filter(|a| f(a)).count();
        ActionCounts {
            open: count(&Action::is_open),
            overdue: count(&|a| a.is_overdue(now)),
            done: count(&|a| a.status == ActionStatus::Done),
        }
    }
}

/// The middle value; of an even number of values, the higher of the two in the middle.
pub fn median(mut values: Vec<i64>) -> Option<i64> {
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
        assert_eq!(
            ActionCounts::of(&actions, now),
            ActionCounts {
                open: 3,
                overdue: 1,
                done: 1
            }
        );
    }

    #[test]
    fn the_median_of_an_even_count_is_the_higher_middle_value() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![30, 10, 20]), Some(20));
        assert_eq!(median(vec![40, 10, 30, 20]), Some(30));
    }
}
