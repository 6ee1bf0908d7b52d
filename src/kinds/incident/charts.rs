//! The statistics page's charts, drawn at build time as HTML bars (sized in percent, so
//! they fit any screen with their words at the page's size), each with its numbers
//! beside the bars, a table of the same numbers and a one-sentence summary. Colour is
//! never the only cue: every series is named beside its swatch.
//!
//! The numbers come from [`super::facts`]; this module only lays them out.

use std::collections::BTreeMap;

use serde::Serialize;

use super::facts::{self, median};
use super::index::Incidents;
use crate::config::SeverityLevel;
use crate::dates::When;
use crate::render::words::Say;
use crate::site::Site;

#[derive(Serialize)]
pub struct Table {
    caption: String,
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
}

#[derive(Serialize)]
pub struct Chart {
    id: &'static str,
    title: String,
    /// A one-sentence summary of what the chart shows.
    summary: String,
    /// The chart as HTML, drawn at build time (bars sized in percent, words as text).
    drawing: String,
    /// The same data as a table: the chart's text alternative.
    table: Table,
}

/// The statistics page's charts, in the order shown, in the words of `say`.
pub fn all(site: &Site, inc: &Incidents, say: Say<'_>) -> Vec<Chart> {
    vec![quarter_chart(site, inc, say), resolve_chart(site, inc, say)]
}

/// A level's label in the statistics page's language (the default's): daylight's own
/// levels are named by the theme's words ([`crate::render::languages::names`]).
fn level_label(site: &Site, level: &SeverityLevel, say: Say<'_>) -> String {
    let names = crate::render::languages::names(site, crate::language::DEFAULT, say.0);
    (names["severities"][level.id.0.as_str()]["label"].as_str())
        .map_or_else(|| level.label.clone(), str::to_string)
}

fn esc(s: &str) -> String {
    crate::markdown::escape(s)
}

/// Per quarter (year, quarter), the incidents that started in it by severity level.
type QuarterCounts = BTreeMap<(i16, i8), Vec<usize>>;

fn quarter_label(q: &(i16, i8), say: Say<'_>) -> String {
    say.fill(
        "quarter_label",
        &[("q", &q.1.to_string()), ("year", &q.0.to_string())],
    )
}

/// Incidents per quarter, stacked by severity.
fn quarter_chart(site: &Site, inc: &Incidents, say: Say<'_>) -> Chart {
    let counts = quarter_counts(site, inc);
    let quarters = quarters_between(&counts);
    let drawing = quarter_drawing(site, &counts, &quarters, say);
    let table = quarter_table(site, &counts, &quarters, say);
    let busiest = busiest(&counts, say);
    Chart {
        id: "quarters",
        title: say.word("chart_quarters_title").to_string(),
        summary: format!(
            "{}{busiest}.",
            say.fill(
                "chart_quarters_summary",
                &[
                    ("incidents", &say.count("n_incidents", inc.all.len() as u64)),
                    ("quarters", &say.count("n_quarters", quarters.len() as u64)),
                ],
            )
        ),
        drawing,
        table,
    }
}

/// The busiest quarter, for the summary: named only when no other quarter had as many
/// ("the most in Q4 2026 (1)" was said when six quarters had one each).
fn busiest(counts: &QuarterCounts, say: Say<'_>) -> String {
    let totals: Vec<((i16, i8), usize)> = counts
        .iter()
        .map(|(q, r)| (*q, r.iter().sum::<usize>()))
        .collect();
    let Some(top) = totals.iter().map(|t| t.1).max() else {
        return String::new();
    };
    let tied: Vec<&(i16, i8)> = totals.iter().filter(|t| t.1 == top).map(|t| &t.0).collect();
    let top = top.to_string();
    match tied.as_slice() {
        [one] => say.fill(
            "chart_busiest_one",
            &[("quarter", &quarter_label(one, say)), ("n", &top)],
        ),
        [a, b] => say.fill(
            "chart_busiest_two",
            &[
                ("quarter", &quarter_label(a, say)),
                ("other", &quarter_label(b, say)),
                ("n", &top),
            ],
        ),
        _ => say.fill("chart_busiest_many", &[("n", &top)]),
    }
}

fn quarter_counts(site: &Site, inc: &Incidents) -> QuarterCounts {
    let levels = &site.config.severities;
    let mut counts = QuarterCounts::new();
    for &i in &inc.all {
        let p = &site.pages[i].page;
        let (Some(start), Some(level)) = (
            facts::start(p),
            p.incident().and_then(|x| x.severity.as_ref()),
        ) else {
            continue;
        };
        let q = (start.zoned.year(), (start.zoned.month() - 1) / 3 + 1);
        let row = counts.entry(q).or_insert_with(|| vec![0; levels.len()]);
        row[level.level.saturating_sub(1).min(levels.len() - 1)] += 1;
    }
    counts
}

/// Every quarter from the first to the last counted (at most 400).
fn quarters_between(counts: &QuarterCounts) -> Vec<(i16, i8)> {
    // Every quarter, so gaps show as gaps.
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
    quarters
}

/// How a level's bars are painted: its colour from site.yaml, else the theme's colour
/// for its meaning (`chart-sev-critical`…), never its place in the list.
fn paint(level: &SeverityLevel) -> String {
    match &level.colour {
        Some(colour) => format!("style=\"background: {}\"", esc(colour)),
        None => format!("class=\"chart-sev-{}\"", level.tone),
    }
}

/// A share of the longest bar, as a CSS width.
fn percent(part: f64, whole: f64) -> String {
    format!("{:.1}%", 100.0 * part / whole.max(1.0))
}

/// One bar of a chart: its label, its segments (`(attributes, share)` each) and its
/// number, written beside it so it is read without a table or a pointer.
fn bar_row(label: &str, width: &str, segments: &[(String, usize)], value: &str) -> String {
    let mut row = format!(
        "<li class=\"bar-chart__row\"><span class=\"bar-chart__label\">{}</span>\
         <span class=\"bar-chart__track\"><span class=\"bar-chart__bar\" style=\"width: {width}\">",
        esc(label)
    );
    for (paint, share) in segments {
        let class = if paint.starts_with("class=\"") {
            paint.replacen("class=\"", "class=\"bar-chart__segment ", 1)
        } else {
            format!("class=\"bar-chart__segment\" {paint}")
        };
        row.push_str(&format!(
            "<span {class} style=\"flex-grow: {share}\"></span>"
        ));
    }
    row.push_str(&format!(
        "</span></span><span class=\"bar-chart__value\">{}</span></li>",
        esc(value)
    ));
    row
}

/// The quarter chart: one horizontal bar a quarter, stacked by severity. Drawn in HTML,
/// not SVG, so its words are page text at the reader's size on any screen (a 640-unit
/// SVG shrunk to a phone drew them 5 pixels high). Hidden from screen readers: the
/// summary above it and the table below say the same.
fn quarter_drawing(
    site: &Site,
    counts: &QuarterCounts,
    quarters: &[(i16, i8)],
    say: Say<'_>,
) -> String {
    let levels = &site.config.severities;
    let max = counts
        .values()
        .map(|r| r.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let mut html = String::from("<div class=\"bar-chart\" aria-hidden=\"true\">");
    // Legend: text beside each swatch, so colour is never the only cue.
    html.push_str("<ul class=\"chart-legend\">");
    for level in levels {
        let paint = paint(level);
        let swatch = if paint.starts_with("class=\"") {
            paint.replacen("class=\"", "class=\"chart-swatch ", 1)
        } else {
            format!("class=\"chart-swatch\" {paint}")
        };
        html.push_str(&format!(
            "<li><span {swatch}></span>{}</li>",
            esc(&level_label(site, level, say))
        ));
    }
    html.push_str("</ul><ol class=\"bar-chart__rows\">");
    for q in quarters {
        let row = counts.get(q).cloned().unwrap_or_default();
        let total: usize = row.iter().sum();
        let segments: Vec<(String, usize)> = row
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(lvl, &c)| (paint(&levels[lvl]), c))
            .collect();
        html.push_str(&bar_row(
            &quarter_label(q, say),
            &percent(total as f64, max as f64),
            &segments,
            &total.to_string(),
        ));
    }
    html.push_str("</ol></div>");
    html
}

fn quarter_table(
    site: &Site,
    counts: &QuarterCounts,
    quarters: &[(i16, i8)],
    say: Say<'_>,
) -> Table {
    let levels = &site.config.severities;
    let label = |q| quarter_label(q, say);
    let mut columns = vec![say.word("quarter").to_string()];
    columns.extend(levels.iter().map(|l| level_label(site, l, say)));
    columns.push(say.word("total").to_string());
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
    Table {
        // Not the chart's title again: the box, the table and the heading would all say it.
        caption: say.word("chart_quarters_caption").to_string(),
        columns,
        rows,
    }
}

/// A resolved incident: when it started, seconds to resolve, its title.
type Point<'a> = (&'a When, u64, &'a str);

/// Time to resolve, one point per resolved incident, in date order.
fn resolve_chart(site: &Site, inc: &Incidents, say: Say<'_>) -> Chart {
    let points = resolve_points(site, inc);
    let n = points.len() as u64;
    let drawing = resolve_drawing(&points, say);
    let rows = points
        .iter()
        .map(|p| {
            vec![
                say.date(&p.0.display_date()),
                p.2.to_string(),
                say.duration(p.1),
            ]
        })
        .collect();
    let summary = match median(points.iter().map(|p| p.1).collect()) {
        Some(m) => say.fill(
            "chart_resolve_summary",
            &[
                ("incidents", &say.count("n_resolved_incidents", n)),
                ("median", &say.duration(m)),
            ],
        ),
        None => say.word("chart_resolve_none").to_string(),
    };
    Chart {
        id: "resolve",
        title: say.word("chart_resolve_title").to_string(),
        summary,
        drawing,
        table: Table {
            caption: say.word("chart_resolve_caption").to_string(),
            columns: vec![
                say.word("started").into(),
                say.word("incident").into(),
                say.word("time_to_resolve").into(),
            ],
            rows,
        },
    }
}

fn resolve_points<'s>(site: &'s Site, inc: &Incidents) -> Vec<Point<'s>> {
    let mut points: Vec<Point<'s>> = inc
        .all
        .iter()
        .filter_map(|&i| {
            let p = &site.pages[i].page;
            let time_to_resolve = p.incident()?.time_to_resolve()?;
            Some((facts::start(p)?, time_to_resolve, p.title.as_str()))
        })
        .collect();
    points.sort_by_key(|(w, _, _)| w.timestamp());
    points
}

/// The time-to-resolve chart: one bar an incident, in date order, its time written
/// beside it. Drawn in HTML for the reason given at [`quarter_drawing`].
fn resolve_drawing(points: &[Point<'_>], say: Say<'_>) -> String {
    let longest = points.iter().map(|p| p.1).max().unwrap_or(1).max(1) as f64;
    let mut html = String::from(
        "<div class=\"bar-chart\" aria-hidden=\"true\"><ol class=\"bar-chart__rows\">",
    );
    for p in points {
        html.push_str(&bar_row(
            &say.date(&p.0.display_date()),
            &percent(p.1 as f64, longest),
            &[("class=\"chart-time\"".to_string(), 1)],
            &say.duration(p.1),
        ));
    }
    html.push_str("</ol></div>");
    html
}
