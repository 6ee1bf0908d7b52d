//! What every build says about a report's updates beyond their own fields: that the
//! newest update, when it gives a status, agrees with the report's `status:`. A team that
//! posts "Resolved: payments work again" and forgets to change `status: monitoring`
//! leaves the status page saying the service is still affected; the other way round,
//! it says all is well while the latest word is that it is not.
//!
//! Only a status the report writes is compared: maintenance that follows its window
//! (`status:` not written) has nothing written to disagree with. A newest update
//! without a status ("Update: error rates are back to normal", as cState teams often
//! close) says nothing about it, so nothing is compared: an older update's status is
//! not where things stand. A warning, never an
//! error: the team may have a reason, and the report still builds.

use super::schema::Incident;
use crate::content::Source;
use crate::error::{Diagnostic, Severity};
use crate::site::Site;

/// The warning for each report whose newest update gives a status other than its
/// `status:`, at `status:`.
pub fn check(site: &Site) -> Vec<Diagnostic> {
    site.pages
        .iter()
        .filter_map(|p| disagreement(&p.page.source, p.page.incident()?))
        .collect()
}

fn disagreement(source: &Source, x: &Incident) -> Option<Diagnostic> {
    let written = x.status?;
    let newest = x.updates.last()?;
    let said = newest.status?;
    if said == written {
        return None;
    }
    let line = newest
        .status_location
        .filter(|l| l.line() > 0)
        .map(|l| source.line_of(&l));
    let which = match line {
        Some(line) => format!("the newest update (line {line})"),
        None => "the newest update".to_string(),
    };
    let mut d = source.error_at(
        &x.status_location,
        format!(
            "`status: {}`, but {which} says `{}`",
            written.name(),
            said.name()
        ),
    );
    d.severity = Severity::Warning;
    Some(d.with_hint(format!(
        "the status page and the open data go by `status:`: change it to `status: {}` if that is where things stand, or add an update (`- {{at: …, status: {}, text: …}}`) saying why it is {} again",
        said.name(),
        written.name(),
        written.name()
    )))
}
