//! What `daylight check` says to keep content true: pages past their review date, pages
//! under review with no owner where site.yaml asks for one, plans whose unfinished items
//! have gone without an update, and an accessibility statement that has aged. Warnings,
//! or errors under `check --strict`; each at the line that sets the date (`review_by`,
//! `reviewed`) or the front matter's first line, with what to write to fix it.
//!
//! Only `check` says these: a build's output is about the build, and "overdue" depends
//! on the day it runs.

use jiff::civil::Date;
use serde_saphyr::Location;

use super::{CountedFrom, DueBecause, PeriodFrom, Review, display, next_review, owner_of, today};
use crate::content::Kind;
use crate::error::{Code, Diagnostic, Severity};
use crate::kinds::plan::ItemStatus;
use crate::site::{Site, SitePage};

/// Every upkeep warning in the site (errors when `strict`).
pub fn check(site: &Site, strict: bool) -> Vec<Diagnostic> {
    let severity = if strict {
        Severity::Error
    } else {
        Severity::Warning
    };
    let today = today(site);
    let mut out = Vec::new();
    for (i, p) in site.pages.iter().enumerate() {
        let review = next_review(site, i);
        if let Some(d) = overdue(site, p, &review, today) {
            out.push(d);
        }
        if site.config.review.require_owner
            && owner_of(site, i).is_none()
            && (review != Review::NotAsked || matches!(p.page.kind(), Kind::Page | Kind::Plan))
        {
            out.push(
                at_first_line(p, "this page has no owner")
                    .with_hint("add `owner:` with the team or role that keeps it true (not a person's contact details), e.g. `owner: Digital team`; or set `owner:` in its section's _index.md for all its pages")
                    .with_code(Code::OwnerMissing),
            );
        }
        out.extend(stale_plan_items(site, p, today));
    }
    if let Some((_, statement)) = &site.statement {
        out.extend(super::statement::check(statement, today, severity));
    }
    for d in &mut out {
        d.severity = severity;
    }
    out
}

/// A warning at the page's first front matter line.
fn at_first_line(p: &SitePage, message: &str) -> Diagnostic {
    let source = &p.page.source;
    Diagnostic::warning(&source.display, message).at(&source.text, source.yaml_first_line(), 1)
}

/// The page is past its review date, or has a period and no date to count it from.
fn overdue(site: &Site, p: &SitePage, review: &Review, today: Date) -> Option<Diagnostic> {
    let source = &p.page.source;
    let place = |loc: Option<&Location>, message: String| match loc {
        Some(loc) => source.warning_at(loc, message),
        None => at_first_line(p, &message),
    };
    let reviewed_line = format!("reviewed: {today}");
    match review {
        Review::NotAsked => None,
        Review::NoDateToCountFrom { period, from } => Some(
            at_first_line(
                p,
                &format!(
                    "this page is due a review every {period} ({}), but has no date to count from",
                    whose(site, *from)
                ),
            )
            .with_hint(format!(
                "check the page is still right and add `{reviewed_line}` to its front matter"
            ))
            .with_code(Code::ReviewNoDate),
        ),
        Review::Due { by, because } if today > *by => {
            let (loc, why) = match because {
                DueBecause::ReviewBy(at) => (Some(at), "as its `review_by` says".to_string()),
                DueBecause::Every {
                    period,
                    from,
                    counted_from,
                } => {
                    let counted = match counted_from {
                        CountedFrom::Reviewed => "it was last reviewed",
                        CountedFrom::Updated => "it was last updated",
                        CountedFrom::Published => "it was published",
                    };
                    let loc = match counted_from {
                        CountedFrom::Reviewed => p.page.upkeep.reviewed.as_ref().map(|(_, at)| at),
                        _ => None,
                    };
                    (
                        loc,
                        format!("{period} after {counted}, {}", whose(site, *from)),
                    )
                }
            };
            Some(
                place(
                    loc,
                    format!("this page was due for review on {} ({why})", display(*by)),
                )
                .with_hint(format!(
                    "check the page is still right; if it is, `{reviewed_line}` alone records the review; if not, correct it and set `reviewed:` too"
                ))
                .with_code(Code::ReviewOverdue),
            )
        }
        Review::Due { .. } => None,
    }
}

/// Where a period comes from, in words.
fn whose(site: &Site, from: PeriodFrom) -> String {
    match from {
        PeriodFrom::Page => "as its `review_every` says".to_string(),
        PeriodFrom::Section(k) => {
            let dir = &site.sections[k].dir;
            let file = if dir.is_empty() {
                "content/_index.md".to_string()
            } else {
                format!("content/{dir}/_index.md")
            };
            format!("as {file} says")
        }
        PeriodFrom::Site => "as site.yaml's `review.every` says".to_string(),
    }
}

/// The unfinished items of a plan that have gone longer than site.yaml's period without
/// an update: the item's own `updated`, else the plan page's last update.
pub fn stale_items(site: &Site, p: &SitePage, today: Date) -> Vec<(usize, Date)> {
    let (Some(plan), Some(period)) = (p.page.plan(), site.config.review.plans_every) else {
        return Vec::new();
    };
    let Some(limit) = period.before(today) else {
        return Vec::new();
    };
    (plan.items.iter().enumerate())
        .filter(|(_, item)| matches!(item.status, ItemStatus::Planned | ItemStatus::InProgress))
        .filter_map(|(k, item)| {
            let last = item.updated.as_ref().or(p.last_updated())?.zoned.date();
            (last < limit).then_some((k, last))
        })
        .collect()
}

fn stale_plan_items(site: &Site, p: &SitePage, today: Date) -> Vec<Diagnostic> {
    let (Some(plan), Some(period)) = (p.page.plan(), site.config.review.plans_every) else {
        return Vec::new();
    };
    stale_items(site, p, today)
        .into_iter()
        .map(|(k, last)| {
            let item = &plan.items[k];
            p.page
                .source
                .warning_at(
                    &item.at,
                    format!(
                        "the plan item \"{}\" has not been updated since {}, more than {period} ago",
                        item.title,
                        display(last)
                    ),
                )
                .with_hint(format!(
                    "say where it stands: update its `status:` and set its `updated: {today}`"
                ))
                .with_code(Code::PlanItemStale)
        })
        .collect()
}
