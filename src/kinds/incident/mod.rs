//! Everything incidents are, in one folder.
//!
//! ```text
//! schema.rs     front matter keys, read as written (RawIncident) and checked (Incident,
//!               Action, their statuses); the rules of a resolved incident
//! ```

pub mod schema;

pub use schema::{Action, ActionStatus, Incident, IncidentStatus, KEYS, RawAction, RawIncident};
