//! The pages an incident section adds beyond its reports and its list: the filter
//! pages' titles, and the single pages (the actions tracker, the statistics), each with
//! its URL, template, title and context.
//!
//! The route table lists what is here ([`IncidentPage::ALL`]) and the renderer draws it
//! (src/render/incidents.rs, which keeps Tera and the writing of files out of this
//! folder). A new incident page is a variant here (added to [`IncidentPage::ALL`], with
//! its URL made in [`crate::urls`], where every URL is made) and a template in the theme.

use super::context;
use super::index::{Filter, FilterBy, Incidents};
use crate::site::Site;
use crate::urls;

/// A page of its own under the incident section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IncidentPage {
    /// Every follow-up action, grouped overdue / open / done / dropped.
    Actions,
    /// Counts, medians and charts.
    Statistics,
}

impl IncidentPage {
    /// Every incident page, in the order they are listed and drawn.
    pub const ALL: [IncidentPage; 2] = [IncidentPage::Actions, IncidentPage::Statistics];

    /// Under the incident section at `base`.
    pub fn url(self, base: &str) -> String {
        match self {
            IncidentPage::Actions => urls::incident_actions(base),
            IncidentPage::Statistics => urls::incident_statistics(base),
        }
    }

    pub fn template(self) -> &'static str {
        match self {
            IncidentPage::Actions => "actions.html",
            IncidentPage::Statistics => "incident_stats.html",
        }
    }

    /// The page's title (`page_title` in its template).
    pub fn title(self) -> &'static str {
        match self {
            IncidentPage::Actions => "Actions from incident reviews",
            IncidentPage::Statistics => "Incident statistics",
        }
    }

    /// What the page is, for messages: "the actions tracker".
    pub fn what(self) -> &'static str {
        match self {
            IncidentPage::Actions => "the actions tracker",
            IncidentPage::Statistics => "the incident statistics",
        }
    }

    /// Adds the page's own variables to its template context (the renderer adds what
    /// every page has).
    pub fn fill(self, site: &Site, inc: &Incidents, c: &mut tera::Context) {
        match self {
            IncidentPage::Actions => c.insert("actions", &context::tracker(site, inc)),
            IncidentPage::Statistics => c.insert("stats", &context::statistics(site, inc)),
        }
        c.insert("incident_nav", &inc.nav(site, &self.url(&inc.base)));
    }
}

/// A filter page's title: "P1 Critical incidents", "Incidents affecting Payments".
pub fn filter_title(f: &Filter) -> String {
    match f.by {
        FilterBy::Severity => format!("{} incidents", f.name),
        FilterBy::Service => format!("Incidents affecting {}", f.name),
        FilterBy::Year => format!("Incidents in {}", f.name),
    }
}

/// What the filter pages are, for messages.
pub const FILTER_PAGES: &str = "incident filter pages";
/// What the open data is, for messages.
pub const OPEN_DATA: &str = "the incident data";
