//! Everything incidents are, in one folder: a blameless incident report's fields and
//! rules, what follows from them, the index by severity, service and year, the pages an
//! incident section adds, their template contexts, the charts and the open data.
//!
//! ```text
//! schema.rs     front matter keys, read as written (RawIncident) and checked (Incident,
//!               Action, their statuses, the review state); the order of the times
//! blameless.rs  `check`'s warning when a report's text blames a person
//! review.rs     where a review stands: its section found by the Markdown parser, its
//!               due day, and the warnings (errors when strict) `check` gives
//! facts.rs      derived facts, each defined once: time to detect and to resolve,
//!               duration, start, open and overdue actions, counts, the median
//! index.rs      Incidents (newest first), the filters by severity, service and year,
//!               and the navigation every incident list shows
//! pages.rs      the pages beyond the reports (actions tracker, statistics): URL,
//!               template, title, context; the filter pages' titles
//! context.rs    what templates see: page.incident, the list brief, the tracker, stats
//! charts.rs     the statistics page's SVG charts, each with its table
//! open_data.rs  incidents.json and actions.csv
//! updates.rs    the warning when the newest update's status is not the report's
//! status.rs     the status page: each service's state now and over 90 days, what is
//!               open and planned; status.json, the status feed, badges, the banner
//! ```
//!
//! Outside this folder, incidents are only named: [`crate::content::Kind::Incident`]
//! (the kind a page is), the route table lists the pages of [`pages`] and
//! src/render/incidents.rs draws them with the theme's templates (`incident.html`,
//! `actions.html`, `incident_stats.html`, `section.html` for the filters); `services`
//! is also a taxonomy ([`crate::site::taxonomy`]).

pub mod blameless;
pub mod charts;
pub mod context;
pub mod facts;
pub mod index;
pub mod open_data;
pub mod pages;
pub mod review;
pub mod schema;
pub mod status;
pub mod updates;

pub use index::{Filter, FilterBy, FilterLink, IncidentNav, Incidents};
pub use pages::IncidentPage;
pub use schema::{
    Action, ActionStatus, Incident, IncidentStatus, KEYS, RawAction, RawIncident, Review,
};
