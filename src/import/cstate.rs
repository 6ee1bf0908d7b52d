//! A cState status page: a Hugo site whose `content/issues/` are incidents and notices.
//! Read as a Hugo site ([`super::hugo`]); its issues become incidents (`resolved` and
//! `resolvedWhen` as status and resolved time, `affected` as services), its three
//! severity levels become site.yaml's, and its informational notices become notices
//! (`type: notice`).

use std::path::Path;

use super::Plan;
use super::hugo::{self, Flavour};
use super::report::Note;
use crate::error::Diagnostic;

/// cState's levels, most severe first, as its own documentation describes them, with
/// what each means for a service (cState paints down red, disrupted orange and notice
/// blue, and shows a service as down, disrupted or operational by them).
const SEVERITIES: [(&str, &str, &str, &str); 3] = [
    ("down", "Down", "The service is unavailable.", "critical"),
    (
        "disrupted",
        "Disrupted",
        "The service works, but slowly or only in part.",
        "major",
    ),
    (
        "notice",
        "Notice",
        "Planned maintenance or a notice; the service may be affected.",
        "info",
    ),
];

pub fn plan(src: &Path) -> Result<Plan, Diagnostic> {
    let mut plan = hugo::plan(src, Flavour::CState)?;
    plan.site.severities = SEVERITIES
        .iter()
        .map(|(id, name, d, meaning)| {
            (
                id.to_string(),
                name.to_string(),
                d.to_string(),
                meaning.to_string(),
            )
        })
        .collect();
    let file = plan.site.config_file.clone();
    plan.notes.push(Note::mapped(
        &file,
        0,
        "cState's severities (down, disrupted, notice) written to `severities:` in site.yaml, meaning critical, major and info",
    ));
    plan.notes.push(Note::person(
        &file,
        0,
        "cState's list pages for each affected system (`/affected/<system>/`) are not kept: daylight lists each service's incidents under the incident list (`/issues/service/<service>/`); the systems' names and descriptions under `params.systems` are not carried over",
    ));
    if !plan
        .pages
        .iter()
        .any(|p| p.out.starts_with(&format!("{}/", hugo::ISSUES)))
    {
        plan.notes.push(Note::person(
            "",
            0,
            "no content/issues/: this does not look like a cState site; import it as `hugo`",
        ));
    }
    Ok(plan)
}
