//! The statistics page's charts, drawn at build time as inline SVG, each with a table of
//! the same numbers as its text alternative and a one-sentence summary. Colour is never
//! the only cue: every series is named beside its swatch.
//!
//! The numbers come from [`super::facts`]; this module only lays them out.

use std::collections::BTreeMap;

use serde::Serialize;

use super::facts::{self, median};
use super::index::Incidents;
use crate::config::SeverityLevel;
use crate::dates::When;
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
    /// Inline SVG markup, drawn at build time.
    svg: String,
    /// The same data as a table: the chart's text alternative.
    table: Table,
}

/// The statistics page's charts, in the order shown.
pub fn all(site: &Site, inc: &Incidents) -> Vec<Chart> {
    vec![quarter_chart(site, inc), resolve_chart(site, inc)]
}

fn esc(s: &str) -> String {
    crate::markdown::escape(s)
}

/// Per quarter (year, quarter), the incidents that started in it by severity level.
type QuarterCounts = BTreeMap<(i16, i8), Vec<usize>>;

fn quarter_label(q: &(i16, i8)) -> String {
    format!("Q{} {}", q.1, q.0)
}

/// Incidents per quarter, stacked by severity.
fn quarter_chart(site: &Site, inc: &Incidents) -> Chart {
    let counts = quarter_counts(site, inc);
    let quarters = quarters_between(&counts);
    let label = quarter_label;
    let svg = quarter_svg(site, &counts, &quarters);
    let table = quarter_table(site, &counts, &quarters);
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
        table,
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

/// How a level's bars are painted: its colour from site.yaml, else the theme's fill
/// for its meaning (`chart-sev-critical`…), never its place in the list.
fn paint(level: &SeverityLevel) -> String {
    match &level.colour {
        Some(colour) => format!("fill=\"{colour}\""),
        None => format!("class=\"chart-sev-{}\"", level.tone),
    }
}

fn quarter_svg(site: &Site, counts: &QuarterCounts, quarters: &[(i16, i8)]) -> String {
    let levels = &site.config.severities;
    let label = quarter_label;
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
                    "<rect {} x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{bh:.1}\"><title>{}: {c} {}</title></rect>",
                    paint(&levels[lvl]),
                    esc(&label(q)),
                    esc(&levels[lvl].label)
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
            "<rect {} x=\"{x:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\"/><text class=\"chart-label\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            paint(level),
            h - 22.0,
            x + 16.0,
            h - 12.0,
            esc(&level.label)
        ));
    }
    svg.push_str("</svg>");
    svg
}

fn quarter_table(site: &Site, counts: &QuarterCounts, quarters: &[(i16, i8)]) -> Table {
    let levels = &site.config.severities;
    let label = quarter_label;
    let mut columns = vec!["Quarter".to_string()];
    columns.extend(levels.iter().map(|l| l.label.clone()));
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
    Table {
        caption: "Incidents per quarter by severity".to_string(),
        columns,
        rows,
    }
}

/// A resolved incident: when it started, seconds to resolve, its title.
type Point<'a> = (&'a When, u64, &'a str);

/// Time to resolve, one point per resolved incident, in date order.
fn resolve_chart(site: &Site, inc: &Incidents) -> Chart {
    let points = resolve_points(site, inc);
    let n = points.len();
    let svg = resolve_svg(&points);
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

fn resolve_svg(points: &[Point<'_>]) -> String {
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
    svg
}
