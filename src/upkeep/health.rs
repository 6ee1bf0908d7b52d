//! The content-health report for maintainers (`daylight check --report health.html`):
//! one self-contained HTML file with pages by owner, overdue reviews, the oldest
//! content, incidents whose reviews are pending, overdue actions, plan items gone
//! stale and the accessibility statement's dates.
//!
//! It reads the same facts as `check` ([`super::next_review`], [`super::owner_of`],
//! the incidents' own) and decides none of its own; it is never part of the site.

use std::collections::BTreeMap;
use std::fmt::Write;

use jiff::civil::Date;

use super::{Review, display, next_review, owner_of, today};
use crate::kinds::incident::schema::Review as IncidentReview;
use crate::markdown::escape;
use crate::site::Site;

/// How many pages "oldest content" lists.
const OLDEST: usize = 20;

/// One page as the report lists it.
struct Row<'a> {
    title: &'a str,
    url: String,
    file: String,
    updated: Option<Date>,
    due: Option<Date>,
}

/// The report, as HTML.
pub fn report(site: &Site) -> String {
    let today = today(site);
    let rows: Vec<Row<'_>> = (0..site.pages.len())
        .map(|i| {
            let p = &site.pages[i];
            Row {
                title: &p.page.title,
                url: site.permalink(&p.url),
                file: p.page.source.display.display().to_string(),
                updated: p
                    .last_updated()
                    .or(p.page.date.as_ref())
                    .map(|w| w.zoned.date()),
                due: next_review(site, i).due(),
            }
        })
        .collect();
    let mut h = String::new();
    let title = format!("Content health: {}", site.config.title);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n<p>As of {}: {} published pages.</p>\n",
        escape(&site.config.language),
        escape(&title),
        escape(&title),
        display(today),
        site.pages.len()
    );

    overdue(&mut h, site, &rows, today);
    owners(&mut h, site, &rows);
    oldest(&mut h, &rows);
    incidents(&mut h, site, today);
    plans(&mut h, site, today);
    statement(&mut h, site);
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

/// Overdue reviews, most overdue first, then the pages due one with no date to count
/// from.
fn overdue(h: &mut String, site: &Site, rows: &[Row<'_>], today: Date) {
    let mut overdue: Vec<&Row<'_>> = (rows.iter())
        .filter(|r| r.due.is_some_and(|d| today > d))
        .collect();
    overdue.sort_by_key(|r| r.due);
    section(h, "overdue", "Overdue reviews", overdue.len());
    if overdue.is_empty() {
        h.push_str("<p>No page is past its review date.</p>\n");
    } else {
        table(
            h,
            &["Page", "Due for review", "Last updated"],
            overdue
                .iter()
                .map(|r| vec![link(r), day(r.due), day(r.updated)]),
        );
    }
    let undated: Vec<&Row<'_>> = (0..site.pages.len())
        .filter(|&i| matches!(next_review(site, i), Review::NoDateToCountFrom { .. }))
        .map(|i| &rows[i])
        .collect();
    if !undated.is_empty() {
        h.push_str("<p>Due a review, with no date to count it from (add <code>reviewed:</code>):</p>\n<ul>\n");
        for r in undated {
            let _ = writeln!(h, "<li>{}</li>", link(r));
        }
        h.push_str("</ul>\n");
    }
}

/// Pages by owner; pages without one last.
fn owners(h: &mut String, site: &Site, rows: &[Row<'_>]) {
    let mut by_owner: BTreeMap<Option<&str>, Vec<&Row<'_>>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        by_owner.entry(owner_of(site, i)).or_default().push(r);
    }
    section(
        h,
        "owners",
        "Pages by owner",
        by_owner.keys().filter(|k| k.is_some()).count(),
    );
    let mut groups: Vec<_> = by_owner.into_iter().collect();
    groups.sort_by_key(|(owner, _)| owner.is_none());
    for (owner, pages) in groups {
        let name = owner.map_or_else(|| "No owner".to_string(), escape);
        let _ = writeln!(h, "<h3>{name} ({})</h3>", pages.len());
        table(
            h,
            &["Page", "Last updated", "Next review"],
            pages.iter().map(|r| {
                let due = (r.due).map_or_else(|| "none asked".to_string(), |d| escape(&display(d)));
                vec![link(r), day(r.updated), due]
            }),
        );
    }
}

/// Oldest content: the pages that changed longest ago.
fn oldest(h: &mut String, rows: &[Row<'_>]) {
    let mut oldest: Vec<&Row<'_>> = rows.iter().filter(|r| r.updated.is_some()).collect();
    oldest.sort_by_key(|r| r.updated);
    oldest.truncate(OLDEST);
    section(h, "oldest", "Oldest content", oldest.len());
    table(
        h,
        &["Page", "Last updated"],
        oldest.iter().map(|r| vec![link(r), day(r.updated)]),
    );
}

/// Incidents whose reviews are pending, and every overdue action.
fn incidents(h: &mut String, site: &Site, today: Date) {
    let within = site.config.incidents.review_within;
    let pending: Vec<usize> = (0..site.pages.len())
        .filter(|&i| {
            site.pages[i]
                .page
                .incident()
                .is_some_and(|x| x.review_state() == Some(IncidentReview::Pending))
        })
        .collect();
    section(
        h,
        "pending-reviews",
        "Incidents whose reviews are pending",
        pending.len(),
    );
    if pending.is_empty() {
        h.push_str("<p>No incident review is pending.</p>\n");
    } else {
        table(
            h,
            &["Incident", "Review due"],
            pending.iter().map(|&i| {
                let p = &site.pages[i];
                let due = p
                    .page
                    .incident()
                    .and_then(|x| crate::kinds::incident::review::due_of(x, within));
                let due_text = match due {
                    Some(d) if today > d => format!("{} (overdue)", display(d)),
                    Some(d) => display(d),
                    None => "not set".to_string(),
                };
                vec![page_link(site, i), escape(&due_text)]
            }),
        );
    }
    let now = site.options.now;
    let mut overdue = Vec::new();
    for (i, p) in site.pages.iter().enumerate() {
        for a in p.page.incident().map_or(&[][..], |x| &x.actions[..]) {
            if a.is_overdue(now) {
                overdue.push((i, a));
            }
        }
    }
    overdue.sort_by_key(|(_, a)| a.due.as_ref().map(|d| d.timestamp()));
    section(h, "overdue-actions", "Actions overdue", overdue.len());
    if overdue.is_empty() {
        h.push_str("<p>No action is overdue.</p>\n");
    } else {
        table(
            h,
            &["Action", "Owner", "Due", "Incident"],
            overdue.iter().map(|(i, a)| {
                vec![
                    escape(&a.action),
                    escape(a.owner.as_deref().unwrap_or("")),
                    escape(&a.due.as_ref().map(|d| d.display_date()).unwrap_or_default()),
                    page_link(site, *i),
                ]
            }),
        );
    }
}

/// Plan items that have gone without an update for longer than site.yaml allows.
fn plans(h: &mut String, site: &Site, today: Date) {
    let Some(period) = site.config.review.plans_every else {
        return;
    };
    let mut stale = Vec::new();
    for (i, p) in site.pages.iter().enumerate() {
        for (k, last) in super::check::stale_items(site, p, today) {
            stale.push((i, k, last));
        }
    }
    section(
        h,
        "plans",
        &format!("Plan items not updated for {period}"),
        stale.len(),
    );
    if stale.is_empty() {
        h.push_str("<p>Every unfinished plan item has been updated recently.</p>\n");
        return;
    }
    table(
        h,
        &["Item", "Last updated", "Plan"],
        stale.iter().filter_map(|&(i, k, last)| {
            let item = site.pages[i].page.plan()?.items.get(k)?;
            Some(vec![
                escape(&item.title),
                escape(&display(last)),
                page_link(site, i),
            ])
        }),
    );
}

/// The accessibility statement's dates and its issues' fix dates.
fn statement(h: &mut String, site: &Site) {
    let Some((i, s)) = &site.statement else {
        return;
    };
    section(h, "statement", "Accessibility statement", s.issues.len());
    let _ = writeln!(
        h,
        "<p>{}: prepared {}; last reviewed {}.</p>",
        page_link(site, *i),
        display(s.prepared.date),
        display(s.last_reviewed().date)
    );
    if !s.issues.is_empty() {
        table(
            h,
            &["WCAG criterion", "Issue", "Planned fix"],
            s.issues.iter().map(|x| {
                vec![
                    escape(&x.criterion),
                    escape(&x.issue),
                    escape(x.fix_by_display.as_deref().unwrap_or("no date")),
                ]
            }),
        );
    }
}

fn section(h: &mut String, id: &str, title: &str, count: usize) {
    let _ = writeln!(
        h,
        "<h2 id=\"{id}\">{} <span class=\"count\">({count})</span></h2>",
        escape(title)
    );
}

fn table(h: &mut String, heads: &[&str], rows: impl Iterator<Item = Vec<String>>) {
    h.push_str("<table>\n<thead><tr>");
    for head in heads {
        let _ = write!(h, "<th scope=\"col\">{}</th>", escape(head));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        h.push_str("<tr>");
        for cell in row {
            let _ = write!(h, "<td>{cell}</td>");
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n");
}

fn link(r: &Row<'_>) -> String {
    format!(
        "<a href=\"{}\">{}</a> <small>{}</small>",
        escape(&r.url),
        escape(r.title),
        escape(&r.file)
    )
}

fn page_link(site: &Site, i: usize) -> String {
    let p = &site.pages[i];
    format!(
        "<a href=\"{}\">{}</a>",
        escape(&site.permalink(&p.url)),
        escape(&p.page.title)
    )
}

fn day(d: Option<Date>) -> String {
    d.map_or_else(|| "unknown".to_string(), |d| escape(&display(d)))
}

const STYLE: &str = "body{font:1rem/1.5 system-ui,sans-serif;margin:0;color:#1a1e22;background:#fff}\
main{max-width:60rem;margin:0 auto;padding:1rem}\
table{border-collapse:collapse;width:100%;margin:0 0 1.5rem}\
th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #8a9199;vertical-align:top}\
small{color:#4b5158}.count{font-weight:normal}\
a{color:#0b4f9c}a:focus{outline:3px solid #d35a00}";
