//! The pages an incident section adds beyond its reports and its list: the filter
//! pages' titles, and the single pages (the actions tracker, the statistics), each with
//! its URL, template, title and context.
//!
//! The route table lists what is here ([`IncidentPage::ALL`]) and the renderer draws it
//! (src/render/incidents.rs, which keeps Tera and the writing of files out of this
//! folder). A new incident page is a variant here (added to [`IncidentPage::ALL`], with
//! its URL made in [`crate::urls`], where every URL is made) and a template in the theme.

use super::context;
use super::index::{FilterBy, Incidents};
use crate::render::words::Say;
use crate::site::Site;
use crate::urls;

/// A page of its own under the incident section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IncidentPage {
    /// Every follow-up action, grouped overdue / open / done / dropped.
    Actions,
    /// Counts, medians and charts.
    Statistics,
    /// What the open data files hold, field by field (docs/open-data.md, on the site).
    OpenData,
}

impl IncidentPage {
    /// Every incident page, in the order they are listed and drawn.
    pub const ALL: [IncidentPage; 3] = [
        IncidentPage::Actions,
        IncidentPage::Statistics,
        IncidentPage::OpenData,
    ];

    /// Under the incident section at `base`.
    pub fn url(self, base: &str) -> String {
        match self {
            IncidentPage::Actions => urls::incident_actions(base),
            IncidentPage::Statistics => urls::incident_statistics(base),
            IncidentPage::OpenData => urls::incident_open_data(base),
        }
    }

    pub fn template(self) -> &'static str {
        match self {
            IncidentPage::Actions => "actions.html",
            IncidentPage::Statistics => "incident_stats.html",
            IncidentPage::OpenData => "open_data.html",
        }
    }

    /// The page's title (`page_title` in its template), in the words of `say`.
    pub fn title<'a>(self, say: Say<'a>) -> &'a str {
        say.word(match self {
            IncidentPage::Actions => "actions_title",
            IncidentPage::Statistics => "stats_title",
            IncidentPage::OpenData => "open_data_title",
        })
    }

    /// What the page is, for messages: "the actions tracker".
    pub fn what(self) -> &'static str {
        match self {
            IncidentPage::Actions => "the actions tracker",
            IncidentPage::Statistics => "the incident statistics",
            IncidentPage::OpenData => "the open data page",
        }
    }

    /// Adds the page's own variables to its template context (the renderer adds what
    /// every page has).
    pub fn fill(self, site: &Site, inc: &Incidents, say: Say<'_>, c: &mut tera::Context) {
        match self {
            IncidentPage::Actions => c.insert("actions", &context::tracker(site, inc, say)),
            IncidentPage::Statistics => {
                c.insert("stats", &context::statistics(site, inc, say));
            }
            IncidentPage::OpenData => c.insert("open_data", &open_data_ctx(site)),
        }
        c.insert("incident_nav", &inc.nav(site, &self.url(&inc.base), say));
    }
}

/// What the open data files are, as daylight's own documentation says, field by field:
/// docs/open-data.md is built into daylight and shown on the site, so the page a
/// reader finds beside the files can never drift from what the files hold, and never
/// sends them to a site that is not the council's.
const OPEN_DATA_DOC: &str = include_str!("../../../docs/open-data.md");

/// `open_data` in `open_data.html`.
#[derive(serde::Serialize)]
pub struct OpenDataCtx {
    /// docs/open-data.md as HTML, without its title (the page has its own).
    pub content: String,
    pub json_url: &'static str,
    pub csv_url: &'static str,
}

fn open_data_ctx(site: &Site) -> OpenDataCtx {
    // The title line is the page's own h1; the rest starts at h2, as a page body does.
    let text = OPEN_DATA_DOC
        .split_once('\n')
        .filter(|(first, _)| first.starts_with("# "))
        .map_or(OPEN_DATA_DOC, |(_, rest)| rest);
    let source = crate::content::Source {
        rel: "open-data.md".to_string(),
        display: std::path::PathBuf::from("docs/open-data.md"),
        text: std::sync::Arc::from(text),
        body_offset: 0,
        body_on_disk: None,
    };
    let (rendered, _) = crate::markdown::render(&crate::markdown::Input {
        source: &source,
        files_url: "/",
        options: &site.config.markdown,
        links: site,
        shortcodes: &crate::markdown::shortcodes::NoShortcodes,
        reserved_ids: &[],
    });
    OpenDataCtx {
        content: rendered.html,
        json_url: urls::INCIDENTS_JSON,
        csv_url: urls::ACTIONS_CSV,
    }
}

/// A filter page's title: "P1 Critical incidents", "Incidents affecting Payments",
/// with `name`, the filter's name in the page's language.
pub fn filter_title(name: &str, by: FilterBy, say: Say<'_>) -> String {
    let key = match by {
        FilterBy::Severity => "incidents_of_severity",
        FilterBy::Service => "incidents_affecting",
        FilterBy::Year => "incidents_in_year",
    };
    say.fill(key, &[("name", name)])
}

/// What the filter pages are, for messages.
pub const FILTER_PAGES: &str = "incident filter pages";
/// What the open data is, for messages.
pub const OPEN_DATA: &str = "the incident data";
