//! The incident pages beyond each report: the index narrowed by severity, service and
//! year (one static page per filter, so no JavaScript is needed), the actions tracker,
//! the statistics page with charts drawn at build time as SVG (each with a table as its
//! text alternative), and the open data: `incidents.json` and `actions.csv`.
//!
//! Everything here reads the site model; it never decides what is published.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use super::context::SectionCtx;
use super::metadata::is_listed;
use super::{Digest, Renderer};
use crate::content::Kind;
use crate::dates::When;
use crate::kinds::incident::{ActionStatus, IncidentStatus};
use crate::site::Site;
use crate::urls;

pub use crate::urls::ACTIONS_CSV as CSV_URL;
pub use crate::urls::INCIDENTS_JSON as JSON_URL;

#[derive(Serialize, Clone)]
pub struct FilterLink {
    pub name: String,
    pub url: String,
    pub count: usize,
    pub current: bool,
}

/// The navigation every incident list page shows.
#[derive(Serialize, Clone)]
pub struct IncidentNav {
    pub all_url: String,
    pub actions_url: String,
    pub statistics_url: String,
    pub json_url: &'static str,
    pub csv_url: &'static str,
    /// The filter this page shows ("P1 Critical", "Online payments", "2024"), or null.
    pub current: Option<String>,
    pub severities: Vec<FilterLink>,
    pub services: Vec<FilterLink>,
    pub years: Vec<FilterLink>,
}

/// Incidents, newest first, and where their pages go.
#[derive(Debug)]
pub struct Incidents {
    /// The URL of the first incident section, e.g. `/incidents/`.
    pub base: String,
    pub section: usize,
    pub all: Vec<usize>,
}

/// The incident list narrowed to one severity, service or year.
#[derive(Debug)]
pub struct Filter {
    /// `severity`, `service` or `year`.
    pub kind: &'static str,
    pub name: String,
    pub url: String,
    pub pages: Vec<usize>,
}

impl Incidents {
    pub fn find(site: &Site) -> Option<Incidents> {
        let (section, s) = site
            .published_sections()
            .find(|(_, s)| s.kind == Kind::Incident)?;
        let all: Vec<usize> = site.pages_of_kind(Kind::Incident);
        Some(Incidents {
            base: s.url.clone(),
            section,
            all,
        })
    }

    /// Only the incidents machines are told about (no drafts, even in a `--drafts`
    /// preview: see [`is_listed`]), for the open data and the sitemap.
    pub fn listed(&self, site: &Site) -> Incidents {
        Incidents {
            base: self.base.clone(),
            section: self.section,
            all: self
                .all
                .iter()
                .copied()
                .filter(|&i| is_listed(site, i))
                .collect(),
        }
    }

    pub fn filters(&self, site: &Site) -> Vec<Filter> {
        let mut out = Vec::new();
        for level in &site.config.severities {
            let pages: Vec<usize> = self
                .all
                .iter()
                .copied()
                .filter(|&i| {
                    site.pages[i]
                        .page
                        .incident
                        .as_ref()
                        .is_some_and(|x| x.severity.id == level.id)
                })
                .collect();
            if !pages.is_empty() {
                out.push(Filter {
                    kind: "severity",
                    name: format!("{} {}", level.id, level.name),
                    url: urls::incident_filter(&self.base, "severity", level.id.as_str()),
                    pages,
                });
            }
        }
        let mut services: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
        let mut years: BTreeMap<i16, Vec<usize>> = BTreeMap::new();
        for &i in &self.all {
            let p = &site.pages[i].page;
            for s in p.incident.iter().flat_map(|x| x.services.iter()) {
                let e = services
                    .entry(slug::slugify(s))
                    .or_insert_with(|| (s.clone(), Vec::new()));
                if e.1.last() != Some(&i) {
                    e.1.push(i);
                }
            }
            if let Some(year) = incident_start(p).map(|w| w.zoned.year()) {
                years.entry(year).or_default().push(i);
            }
        }
        for (slug, (name, pages)) in services {
            out.push(Filter {
                kind: "service",
                name,
                url: urls::incident_filter(&self.base, "service", &slug),
                pages,
            });
        }
        for (year, pages) in years.into_iter().rev() {
            out.push(Filter {
                kind: "year",
                name: year.to_string(),
                url: urls::incident_filter(&self.base, "year", &year.to_string()),
                pages,
            });
        }
        out
    }

    pub fn nav(&self, site: &Site, current_url: &str) -> IncidentNav {
        let filters = self.filters(site);
        let links = |kind: &str| -> Vec<FilterLink> {
            filters
                .iter()
                .filter(|f| f.kind == kind)
                .map(|f| FilterLink {
                    name: f.name.clone(),
                    url: f.url.clone(),
                    count: f.pages.len(),
                    current: current_url.starts_with(&f.url),
                })
                .collect()
        };
        IncidentNav {
            all_url: self.base.clone(),
            actions_url: urls::incident_actions(&self.base),
            statistics_url: urls::incident_statistics(&self.base),
            json_url: JSON_URL,
            csv_url: CSV_URL,
            current: filters
                .iter()
                .find(|f| current_url.starts_with(&f.url))
                .map(|f| f.name.clone()),
            severities: links("severity"),
            services: links("service"),
            years: links("year"),
        }
    }
}

/// When an incident started (else its date), for years, quarters and charts.
fn incident_start(p: &crate::content::Page) -> Option<&When> {
    p.incident
        .as_ref()
        .and_then(|i| i.started.as_ref())
        .or(p.date.as_ref())
}

#[derive(Serialize)]
struct ActionRow<'a> {
    action: &'a str,
    owner: Option<&'a str>,
    due_iso: Option<String>,
    due_display: Option<String>,
    status: ActionStatus,
    overdue: bool,
    incident: IncidentRef<'a>,
}

#[derive(Serialize)]
struct IncidentRef<'a> {
    title: &'a str,
    url: &'a str,
    severity: &'a crate::config::SeverityLevel,
}

#[derive(Serialize, Default)]
struct ActionGroups<'a> {
    overdue: Vec<ActionRow<'a>>,
    open: Vec<ActionRow<'a>>,
    done: Vec<ActionRow<'a>>,
    dropped: Vec<ActionRow<'a>>,
}

#[derive(Serialize)]
struct Table {
    caption: String,
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
}

#[derive(Serialize)]
struct Chart {
    id: &'static str,
    title: String,
    /// A one-sentence summary of what the chart shows.
    summary: String,
    /// Inline SVG markup, drawn at build time.
    svg: String,
    /// The same data as a table: the chart's text alternative.
    table: Table,
}

#[derive(Serialize)]
struct Stats {
    total: usize,
    resolved: usize,
    median_time_to_resolve: Option<String>,
    median_time_to_detect: Option<String>,
    charts: Vec<Chart>,
}

fn median(mut v: Vec<i64>) -> Option<i64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    Some(v[v.len() / 2])
}

fn esc(s: &str) -> String {
    crate::markdown::escape(s)
}

/// Incidents per quarter, stacked by severity.
fn quarter_chart(site: &Site, inc: &Incidents) -> Chart {
    let levels = &site.config.severities;
    let mut counts: BTreeMap<(i16, i8), Vec<usize>> = BTreeMap::new();
    for &i in &inc.all {
        let p = &site.pages[i].page;
        let (Some(start), Some(x)) = (incident_start(p), p.incident.as_ref()) else {
            continue;
        };
        let q = (start.zoned.year(), (start.zoned.month() - 1) / 3 + 1);
        let row = counts.entry(q).or_insert_with(|| vec![0; levels.len()]);
        row[x.severity.level.saturating_sub(1).min(levels.len() - 1)] += 1;
    }
    // Every quarter from the first to the last, so gaps show as gaps.
    let mut quarters: Vec<(i16, i8)> = Vec::new();
    if let (Some(first), Some(last)) =
        (counts.keys().next().copied(), counts.keys().last().copied())
    {
        let mut q = first;
        while q <= last && quarters.len() < 400 {
            quarters.push(q);
            q = if q.1 == 4 {
                (q.0 + 1, 1)
            } else {
                (q.0, q.1 + 1)
            };
        }
    }
    let label = |q: &(i16, i8)| format!("Q{} {}", q.1, q.0);
    let max = counts
        .values()
        .map(|r| r.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let (w, h, left, bottom, top) = (640.0_f64, 300.0_f64, 40.0_f64, 60.0_f64, 10.0_f64);
    let plot_h = h - bottom - top;
    let n = quarters.len().max(1) as f64;
    let band = (w - left - 10.0) / n;
    let bar = (band * 0.7).max(2.0);
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"chart-quarters-title chart-quarters-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"chart-quarters-title\">Incidents per quarter by severity</title>\
         <desc id=\"chart-quarters-desc\">Stacked bars, one per quarter; the table below gives the same numbers.</desc>"
    );
    for tick in 0..=max {
        if max > 10 && tick % (max / 5).max(1) != 0 {
            continue;
        }
        let y = top + plot_h - plot_h * tick as f64 / max as f64;
        svg.push_str(&format!("<line class=\"chart-grid\" x1=\"{left}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/><text class=\"chart-label\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{tick}</text>", w - 10.0, left - 6.0, y + 4.0));
    }
    for (k, q) in quarters.iter().enumerate() {
        let x = left + band * k as f64 + (band - bar) / 2.0;
        let mut y = top + plot_h;
        if let Some(row) = counts.get(q) {
            for (lvl, &c) in row.iter().enumerate() {
                if c == 0 {
                    continue;
                }
                let bh = plot_h * c as f64 / max as f64;
                y -= bh;
                svg.push_str(&format!(
                    "<rect class=\"chart-sev-{}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{bh:.1}\"><title>{}: {c} {}</title></rect>",
                    lvl + 1,
                    esc(&label(q)),
                    esc(levels[lvl].name.as_str())
                ));
            }
        }
        if quarters.len() <= 16 || k % (quarters.len() / 8).max(1) == 0 {
            svg.push_str(&format!(
                "<text class=\"chart-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                x + bar / 2.0,
                top + plot_h + 18.0,
                esc(&label(q))
            ));
        }
    }
    // Legend: text beside each swatch, so colour is never the only cue.
    for (lvl, level) in levels.iter().enumerate() {
        let x = left + 150.0 * lvl as f64;
        svg.push_str(&format!(
            "<rect class=\"chart-sev-{}\" x=\"{x:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\"/><text class=\"chart-label\" x=\"{:.1}\" y=\"{:.1}\">{} {}</text>",
            lvl + 1,
            h - 22.0,
            x + 16.0,
            h - 12.0,
            esc(level.id.as_str()),
            esc(level.name.as_str())
        ));
    }
    svg.push_str("</svg>");
    let mut columns = vec!["Quarter".to_string()];
    columns.extend(levels.iter().map(|l| format!("{} {}", l.id, l.name)));
    columns.push("Total".to_string());
    let rows = quarters
        .iter()
        .map(|q| {
            let row = counts
                .get(q)
                .cloned()
                .unwrap_or_else(|| vec![0; levels.len()]);
            let mut r = vec![label(q)];
            r.extend(row.iter().map(ToString::to_string));
            r.push(row.iter().sum::<usize>().to_string());
            r
        })
        .collect();
    let busiest = counts
        .iter()
        .max_by_key(|(_, r)| r.iter().sum::<usize>())
        .map(|(q, r)| format!("; the most in {} ({})", label(q), r.iter().sum::<usize>()))
        .unwrap_or_default();
    Chart {
        id: "quarters",
        title: "Incidents per quarter by severity".to_string(),
        summary: format!(
            "{} incidents over {} quarters{busiest}.",
            inc.all.len(),
            quarters.len()
        ),
        svg,
        table: Table {
            caption: "Incidents per quarter by severity".to_string(),
            columns,
            rows,
        },
    }
}

/// Time to resolve, one point per resolved incident, in date order.
fn resolve_chart(site: &Site, inc: &Incidents) -> Chart {
    let mut points: Vec<(&When, i64, &str)> = inc
        .all
        .iter()
        .filter_map(|&i| {
            let p = &site.pages[i].page;
            let x = p.incident.as_ref()?;
            let (d, r) = (x.detected.as_ref()?, x.resolved.as_ref()?);
            Some((
                incident_start(p)?,
                r.timestamp().as_second() - d.timestamp().as_second(),
                p.title.as_str(),
            ))
        })
        .collect();
    points.sort_by_key(|(w, _, _)| w.timestamp());
    let (w, h, left, bottom, top) = (640.0_f64, 280.0_f64, 56.0_f64, 40.0_f64, 10.0_f64);
    let plot_h = h - bottom - top;
    // Whole hours on the axis, in steps of a whole number of hours.
    let longest = points.iter().map(|p| p.1).max().unwrap_or(3600).max(3600) as f64 / 3600.0;
    let step = (longest / 4.0).ceil().max(1.0);
    let max_h = step * 4.0;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"chart-resolve-title chart-resolve-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"chart-resolve-title\">Time to resolve over time</title>\
         <desc id=\"chart-resolve-desc\">One point per resolved incident, in date order, by hours from detection to resolution; the table below gives the same numbers.</desc>"
    );
    for k in 0..=4 {
        let hours = step * k as f64;
        let y = top + plot_h - plot_h * k as f64 / 4.0;
        svg.push_str(&format!("<line class=\"chart-grid\" x1=\"{left}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/><text class=\"chart-label\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{hours:.0} h</text>", w - 10.0, left - 6.0, y + 4.0));
    }
    let n = points.len();
    let xs: Vec<f64> = (0..n)
        .map(|k| {
            if n <= 1 {
                left + (w - left - 10.0) / 2.0
            } else {
                left + 10.0 + (w - left - 30.0) * k as f64 / (n - 1) as f64
            }
        })
        .collect();
    let ys: Vec<f64> = points
        .iter()
        .map(|p| top + plot_h - plot_h * (p.1 as f64 / 3600.0) / max_h)
        .collect();
    if n > 1 {
        let path: Vec<String> = xs
            .iter()
            .zip(&ys)
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect();
        svg.push_str(&format!(
            "<polyline class=\"chart-line\" points=\"{}\"/>",
            path.join(" ")
        ));
    }
    for (k, p) in points.iter().enumerate() {
        svg.push_str(&format!(
            "<circle class=\"chart-point\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"5\"><title>{}: {}</title></circle>",
            xs[k],
            ys[k],
            esc(p.2),
            esc(&crate::dates::plain_duration(p.1))
        ));
    }
    if let (Some(first), Some(last)) = (points.first(), points.last()) {
        svg.push_str(&format!(
            "<text class=\"chart-label\" x=\"{left}\" y=\"{:.1}\">{}</text>",
            h - 12.0,
            esc(&first.0.display_date())
        ));
        svg.push_str(&format!(
            "<text class=\"chart-label\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            w - 10.0,
            h - 12.0,
            esc(&last.0.display_date())
        ));
    }
    svg.push_str("</svg>");
    let rows = points
        .iter()
        .map(|p| {
            vec![
                p.0.display_date(),
                p.2.to_string(),
                crate::dates::plain_duration(p.1),
            ]
        })
        .collect();
    let summary = match median(points.iter().map(|p| p.1).collect()) {
        Some(m) => format!(
            "{n} resolved incidents; the median time to resolve is {}.",
            crate::dates::plain_duration(m)
        ),
        None => "No incident has been resolved yet.".to_string(),
    };
    Chart {
        id: "resolve",
        title: "Time to resolve over time".to_string(),
        summary,
        svg,
        table: Table {
            caption: "Time from detection to resolution, per incident".to_string(),
            columns: vec![
                "Started".into(),
                "Incident".into(),
                "Time to resolve".into(),
            ],
            rows,
        },
    }
}

#[derive(Serialize)]
struct JsonAction<'a> {
    action: &'a str,
    owner: Option<&'a str>,
    due: Option<String>,
    status: ActionStatus,
    overdue: bool,
}

#[derive(Serialize)]
struct JsonIncident<'a> {
    id: &'a str,
    url: String,
    title: &'a str,
    status: IncidentStatus,
    severity: &'a crate::config::SeverityLevel,
    date: Option<String>,
    started: Option<String>,
    detected: Option<String>,
    resolved: Option<String>,
    time_to_detect_seconds: Option<i64>,
    time_to_resolve_seconds: Option<i64>,
    duration_seconds: Option<i64>,
    services: &'a [String],
    impact: Option<&'a str>,
    tags: &'a [String],
    actions: Vec<JsonAction<'a>>,
}

#[derive(Serialize)]
struct OpenData<'a> {
    schema: &'static str,
    site: &'a str,
    generated: String,
    incidents: Vec<JsonIncident<'a>>,
}

fn seconds_between(a: &Option<When>, b: &Option<When>) -> Option<i64> {
    Some(b.as_ref()?.timestamp().as_second() - a.as_ref()?.timestamp().as_second())
}

fn overdue(site: &Site, status: ActionStatus, due: &Option<When>) -> bool {
    matches!(status, ActionStatus::Open | ActionStatus::InProgress)
        && due
            .as_ref()
            .is_some_and(|d| d.timestamp() < site.options.now)
}

impl Renderer<'_> {
    /// Filter pages, actions tracker, statistics and open data, when the site has an
    /// incident section.
    pub fn render_incident_pages(&self, digests: &[Digest]) {
        let site = self.site;
        let Some(inc) = &self.routes.incidents else {
            return;
        };
        self.render_filter_pages(inc, digests);
        self.render_actions(inc);
        self.render_statistics(inc);
        self.write_open_data(&inc.listed(site));
    }

    fn render_filter_pages(&self, inc: &Incidents, digests: &[Digest]) {
        let site = self.site;
        let section = &site.sections[inc.section];
        let Some(template) = self.template_for(
            &section.meta.template,
            "section.html",
            section.meta.source.as_ref(),
        ) else {
            return;
        };
        let display = PathBuf::from("incident filter pages");
        for (k, f) in self.routes.incident_filters.iter().enumerate() {
            let title = match f.kind {
                "severity" => format!("{} incidents", f.name),
                "service" => format!("Incidents affecting {}", f.name),
                _ => format!("Incidents in {}", f.name),
            };
            let pagers = self.routes.pagers(&super::List::Incidents(k));
            let nav = inc.nav(site, &f.url);
            for pager in pagers {
                let ctx = SectionCtx {
                    title: &title,
                    url: &f.url,
                    permalink: site.permalink(&f.url),
                    description: None,
                    content: "",
                    kind: Kind::Incident,
                    page_count: f.pages.len(),
                    subsections: Vec::new(),
                    extra: &section.meta.extra,
                };
                let paginator = self.paginator(pager, pagers, &f.pages, digests);
                let crumbs = self.breadcrumbs(Some(inc.section));
                self.render_to_url(&template, &pager.url, &title, crumbs, &display, |c| {
                    c.insert("section", &ctx);
                    c.insert("paginator", &paginator);
                    c.insert("incident_nav", &Some(&nav));
                });
            }
        }
    }

    fn render_actions(&self, inc: &Incidents) {
        let site = self.site;
        if self.template_for(&None, "actions.html", None).is_none() {
            return;
        }
        let mut groups = ActionGroups::default();
        for &i in &inc.all {
            let p = &site.pages[i];
            let Some(x) = p.page.incident.as_ref() else {
                continue;
            };
            for a in &x.actions {
                let row = ActionRow {
                    action: &a.action,
                    owner: a.owner.as_deref(),
                    due_iso: a.due.as_ref().map(When::iso),
                    due_display: a.due.as_ref().map(When::display_date),
                    status: a.status,
                    overdue: overdue(site, a.status, &a.due),
                    incident: IncidentRef {
                        title: &p.page.title,
                        url: &p.url,
                        severity: &x.severity,
                    },
                };
                match (row.status, row.overdue) {
                    (_, true) => groups.overdue.push(row),
                    (ActionStatus::Open | ActionStatus::InProgress, false) => groups.open.push(row),
                    (ActionStatus::Done, _) => groups.done.push(row),
                    (ActionStatus::Dropped, _) => groups.dropped.push(row),
                }
            }
        }
        for g in [&mut groups.overdue, &mut groups.open] {
            g.sort_by(|a, b| {
                a.due_iso
                    .is_none()
                    .cmp(&b.due_iso.is_none())
                    .then_with(|| a.due_iso.cmp(&b.due_iso))
            });
        }
        let url = urls::incident_actions(&inc.base);
        let nav = inc.nav(site, &url);
        let crumbs = self.breadcrumbs(Some(inc.section));
        self.render_to_url(
            "actions.html",
            &url,
            "Actions from incident reviews",
            crumbs,
            &PathBuf::from("the actions tracker"),
            |c| {
                c.insert("actions", &groups);
                c.insert("incident_nav", &nav);
            },
        );
    }

    fn render_statistics(&self, inc: &Incidents) {
        let site = self.site;
        if self
            .template_for(&None, "incident_stats.html", None)
            .is_none()
        {
            return;
        }
        let resolved: Vec<&crate::kinds::incident::Incident> = inc
            .all
            .iter()
            .filter_map(|&i| site.pages[i].page.incident.as_ref())
            .filter(|x| x.status == IncidentStatus::Resolved)
            .collect();
        let stats = Stats {
            total: inc.all.len(),
            resolved: resolved.len(),
            median_time_to_resolve: median(
                resolved
                    .iter()
                    .filter_map(|x| seconds_between(&x.detected, &x.resolved))
                    .collect(),
            )
            .map(crate::dates::plain_duration),
            median_time_to_detect: median(
                inc.all
                    .iter()
                    .filter_map(|&i| site.pages[i].page.incident.as_ref())
                    .filter_map(|x| seconds_between(&x.started, &x.detected))
                    .collect(),
            )
            .map(crate::dates::plain_duration),
            charts: vec![quarter_chart(site, inc), resolve_chart(site, inc)],
        };
        let url = urls::incident_statistics(&inc.base);
        let nav = inc.nav(site, &url);
        let crumbs = self.breadcrumbs(Some(inc.section));
        self.render_to_url(
            "incident_stats.html",
            &url,
            "Incident statistics",
            crumbs,
            &PathBuf::from("the incident statistics"),
            |c| {
                c.insert("stats", &stats);
                c.insert("incident_nav", &nav);
            },
        );
    }

    fn write_open_data(&self, inc: &Incidents) {
        let site = self.site;
        let mut incidents = Vec::new();
        // RFC 4180: CRLF after every record; fields quoted when they must be.
        let mut csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        let mut csv_ok = csv
            .write_record([
                "incident_id",
                "incident_title",
                "incident_url",
                "severity",
                "action",
                "owner",
                "due",
                "status",
                "overdue",
            ])
            .is_ok();
        for &i in &inc.all {
            let p = &site.pages[i];
            let Some(x) = p.page.incident.as_ref() else {
                continue;
            };
            let url = site.permalink(&p.url);
            for a in &x.actions {
                let due = a
                    .due
                    .as_ref()
                    .map(|d| d.zoned.date().to_string())
                    .unwrap_or_default();
                let status = serde_json::to_value(a.status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                let od = overdue(site, a.status, &a.due).to_string();
                let record = [
                    p.page.slug.as_str(),
                    &p.page.title,
                    &url,
                    x.severity.id.as_str(),
                    &a.action,
                    a.owner.as_deref().unwrap_or(""),
                    &due,
                    &status,
                    &od,
                ];
                csv_ok &= csv.write_record(record.map(inert_in_spreadsheets)).is_ok();
            }
            incidents.push(JsonIncident {
                id: &p.page.slug,
                url,
                title: &p.page.title,
                status: x.status,
                severity: &x.severity,
                date: p.page.date.as_ref().map(When::iso),
                started: x.started.as_ref().map(When::iso),
                detected: x.detected.as_ref().map(When::iso),
                resolved: x.resolved.as_ref().map(When::iso),
                time_to_detect_seconds: seconds_between(&x.started, &x.detected),
                time_to_resolve_seconds: seconds_between(&x.detected, &x.resolved),
                duration_seconds: seconds_between(&x.started, &x.resolved),
                services: &x.services,
                impact: x.impact.as_deref(),
                tags: &p.page.tags,
                actions: x
                    .actions
                    .iter()
                    .map(|a| JsonAction {
                        action: &a.action,
                        owner: a.owner.as_deref(),
                        due: a.due.as_ref().map(|d| d.zoned.date().to_string()),
                        status: a.status,
                        overdue: overdue(site, a.status, &a.due),
                    })
                    .collect(),
            });
        }
        let doc = OpenData {
            schema: "daylight incidents 1 (docs/open-data.md)",
            site: &site.config.base_url,
            generated: site
                .options
                .now
                .to_zoned(site.config.timezone.clone())
                .strftime("%Y-%m-%dT%H:%M:%S%:z")
                .to_string(),
            incidents,
        };
        match serde_json::to_vec_pretty(&doc) {
            Ok(bytes) => {
                if let Err(d) = self.out.write(JSON_URL.trim_start_matches('/'), &bytes) {
                    self.diags.push(d);
                }
            }
            Err(e) => self.diags.push(crate::error::Diagnostic::error(
                "incidents.json",
                format!("could not write the incident data: {e}"),
            )),
        }
        match csv.into_inner() {
            Ok(bytes) if csv_ok => {
                if let Err(d) = self.out.write(CSV_URL.trim_start_matches('/'), &bytes) {
                    self.diags.push(d);
                }
            }
            _ => self.diags.push(crate::error::Diagnostic::error(
                "actions.csv",
                "could not write the actions data",
            )),
        }
    }
}

/// A CSV cell that a spreadsheet will show as text, never run as a formula (OWASP's
/// advice for CSV injection): a cell that starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return, or with `=`, `+`, `-` or `@` after leading white space (which some
/// spreadsheets trim on import), gets a `'` in front. The quote is part of the data (as
/// docs/open-data.md says): a reader sees `'=SUM(A1)`, the author's text, shown, not run.
fn inert_in_spreadsheets(cell: &str) -> String {
    let trigger = |c: char| matches!(c, '=' | '+' | '-' | '@');
    let risky = cell.starts_with(['\t', '\r']) || cell.trim_start().starts_with(trigger);
    if risky {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}
