//! Keeping content true: who owns a page, when it is next due a review, when it last
//! changed, and the accessibility statement kept as data.
//!
//! The facts are defined here once, and everything else reads them: the page's next
//! review date ([`next_review`]) for the theme, `check` and the health report alike;
//! the page's last-updated date ([`crate::site::SitePage::last_updated`]: front
//! matter's `updated`, else git's, [`git`]) for the page, JSON-LD, feeds and the sitemap.
//!
//! Nothing here writes pages or decides what is published; `check`'s warnings are in
//! [`check`], the maintainers' report in [`health`], the statement in [`statement`].

pub mod check;
pub mod git;
pub mod health;
pub mod statement;

use jiff::civil::Date;
use jiff::{Span, ToSpan};
use serde_saphyr::{Location, Spanned};

use crate::content::Kind;
use crate::content::front_matter::RawFrontMatter;
use crate::content::page::Checker;
use crate::dates::When;
use crate::site::Site;
use crate::yaml::Text;

/// A time between reviews: `6 months`, `1 year`, `12 weeks`, `90 days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    pub count: u32,
    pub unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Day,
    Week,
    Month,
    Year,
}

pub const PERIOD_HINT: &str =
    "write a period as a number and a unit: `6 months`, `1 year`, `12 weeks` or `90 days`";

impl Period {
    /// `6 months`, `1 year`, `a year`, `2 weeks`, `90 days`; None for anything else.
    pub fn parse(text: &str) -> Option<Period> {
        let words: Vec<String> = text
            .split_whitespace()
            .map(str::to_ascii_lowercase)
            .collect();
        let [count, unit] = words.as_slice() else {
            return None;
        };
        let count: u32 = match count.as_str() {
            "a" | "an" | "one" => 1,
            // Capped well inside what a span can hold (jiff panics past 19,998 years).
            n => n.parse().ok().filter(|n| *n > 0 && *n <= 1000)?,
        };
        let unit = match unit.trim_end_matches('s') {
            "day" => Unit::Day,
            "week" => Unit::Week,
            "month" => Unit::Month,
            "year" => Unit::Year,
            _ => return None,
        };
        Some(Period { count, unit })
    }

    fn span(self) -> Span {
        let n = i64::from(self.count);
        match self.unit {
            Unit::Day => n.days(),
            Unit::Week => n.weeks(),
            Unit::Month => n.months(),
            Unit::Year => n.years(),
        }
    }

    /// `date` plus this period (31 January plus a month is 29 February in a leap
    /// year); None past the calendar's end.
    pub fn after(self, date: Date) -> Option<Date> {
        date.checked_add(self.span()).ok()
    }

    /// `date` minus this period.
    pub fn before(self, date: Date) -> Option<Date> {
        date.checked_sub(self.span()).ok()
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = match self.unit {
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
            Unit::Year => "year",
        };
        let s = if self.count == 1 { "" } else { "s" };
        write!(f, "{} {unit}{s}", self.count)
    }
}

/// A page's own upkeep fields, checked, each with where it is written.
#[derive(Debug, Clone, Default)]
pub struct Upkeep {
    /// A team or role, as written.
    pub owner: Option<String>,
    pub review_by: Option<(When, Location)>,
    pub review_every: Option<(Period, Location)>,
    pub reviewed: Option<(When, Location)>,
}

/// Reads a page's `owner`, `review_by`, `review_every` and `reviewed`.
pub(crate) fn page_fields(c: &mut Checker<'_>, raw: &RawFrontMatter) -> Upkeep {
    let at = |v: &Option<Spanned<Text>>| v.as_ref().map(|v| v.referenced);
    let review_by = c.date("review_by", &raw.review_by).zip(at(&raw.review_by));
    let reviewed = c.date("reviewed", &raw.reviewed).zip(at(&raw.reviewed));
    Upkeep {
        owner: owner(raw.owner.as_ref()),
        review_by,
        review_every: period(c, "review_every", raw.review_every.as_ref()),
        reviewed,
    }
}

/// `owner:` trimmed, when not empty.
pub(crate) fn owner(raw: Option<&Spanned<Text>>) -> Option<String> {
    raw.map(|o| o.value.as_str().trim().to_string())
        .filter(|o| !o.is_empty())
}

/// A period field (`review_every`), checked: an error at its line when it is not one.
pub(crate) fn period(
    c: &mut Checker<'_>,
    field: &str,
    raw: Option<&Spanned<Text>>,
) -> Option<(Period, Location)> {
    let raw = raw?;
    match Period::parse(raw.value.as_str()) {
        Some(p) => Some((p, raw.referenced)),
        None => {
            c.error(
                &raw.referenced,
                format!("`{field}: {}` is not a period", raw.value),
                PERIOD_HINT,
            );
            None
        }
    }
}

/// Where a page's review period comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodFrom {
    /// Its own `review_every`.
    Page,
    /// The `review_every` of this section's `_index.md` (the nearest that has one).
    Section(usize),
    /// site.yaml's `review.every`.
    Site,
}

/// What a review period counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountedFrom {
    /// `reviewed:`, the last time a person confirmed the page.
    Reviewed,
    /// When the page last changed (`updated:`, or git).
    Updated,
    /// `date:`.
    Published,
}

/// Why a page's review is due when it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DueBecause {
    /// `review_by:`, written on the page (and not yet reviewed since).
    ReviewBy(Location),
    /// A period after a date.
    Every {
        period: Period,
        from: PeriodFrom,
        counted_from: CountedFrom,
    },
}

/// Whether and when a page is due a review.
#[derive(Debug, Clone, PartialEq)]
pub enum Review {
    /// Nothing asks for one: no `review_by` and no period from the page, its section or
    /// (for kinds that are kept, not dated records) the site.
    NotAsked,
    /// Due on this day.
    Due { by: Date, because: DueBecause },
    /// A period applies but the page has no date to count it from (no `reviewed`,
    /// `updated`, git history or `date`).
    NoDateToCountFrom { period: Period, from: PeriodFrom },
}

impl Review {
    pub fn due(&self) -> Option<Date> {
        match self {
            Review::Due { by, .. } => Some(*by),
            _ => None,
        }
    }
}

/// The period that applies to page `i`, and where it comes from: its own, its
/// section's (or the nearest above), else the site's for pages and plans — posts and
/// incidents are records of their day, reviewed only when they or their section ask.
pub fn period_of(site: &Site, i: usize) -> Option<(Period, PeriodFrom)> {
    let p = &site.pages[i];
    if let Some((period, _)) = p.page.upkeep.review_every {
        return Some((period, PeriodFrom::Page));
    }
    let mut s = Some(p.section);
    while let Some(k) = s {
        if let Some((period, _)) = site.sections[k].meta.review_every {
            return Some((period, PeriodFrom::Section(k)));
        }
        s = site.sections[k].parent;
    }
    let kept = matches!(p.page.kind(), Kind::Page | Kind::Plan);
    match site.config.review.every {
        Some(period) if kept => Some((period, PeriodFrom::Site)),
        _ => None,
    }
}

/// Page `i`'s owner: its own `owner`, else its section's (the nearest that has one).
pub fn owner_of(site: &Site, i: usize) -> Option<&str> {
    let p = &site.pages[i];
    if let Some(o) = &p.page.upkeep.owner {
        return Some(o);
    }
    let mut s = Some(p.section);
    while let Some(k) = s {
        if let Some(o) = &site.sections[k].meta.owner {
            return Some(o);
        }
        s = site.sections[k].parent;
    }
    None
}

/// When page `i` is next due a review.
///
/// `review_by` is the due date until a `reviewed` on or after it; then (or without
/// `review_by`) the period counts from `reviewed`, else from when the page last changed,
/// else from its `date`. So changing only the `reviewed:` line is the whole act of
/// "reviewed, no change". The accessibility statement's page counts from the
/// statement's own `reviewed` (or `prepared`).
pub fn next_review(site: &Site, i: usize) -> Review {
    let p = &site.pages[i];
    let upkeep = &p.page.upkeep;
    let day = |w: &When| w.zoned.date();
    // The statement's own `reviewed` (else `prepared`) is its page's review.
    let statement = (site.statement.as_ref())
        .filter(|(at, _)| *at == i)
        .map(|(_, s)| s.last_reviewed().date);
    let reviewed = (upkeep.reviewed.as_ref().map(|(w, _)| day(w))).or(statement);
    if let Some((by, at)) = &upkeep.review_by
        && reviewed.is_none_or(|r| r < day(by))
    {
        return Review::Due {
            by: day(by),
            because: DueBecause::ReviewBy(*at),
        };
    }
    let Some((period, from)) = period_of(site, i) else {
        return Review::NotAsked;
    };
    let counted = reviewed
        .map(|r| (r, CountedFrom::Reviewed))
        .or_else(|| p.last_updated().map(|w| (day(w), CountedFrom::Updated)))
        .or_else(|| {
            p.page
                .date
                .as_ref()
                .map(|w| (day(w), CountedFrom::Published))
        });
    match counted.and_then(|(d, c)| Some((period.after(d)?, c))) {
        Some((by, counted_from)) => Review::Due {
            by,
            because: DueBecause::Every {
                period,
                from,
                counted_from,
            },
        },
        None => Review::NoDateToCountFrom { period, from },
    }
}

/// What keeping content true reads beside `content/`, started before the walk of it:
/// the git history is read in a thread meanwhile ([`git::start`]).
pub struct Beside(git::Reading);

/// Starts reading the git history of the site's content. `kept` is `serve`'s history
/// from the last build, used again while HEAD stays where it was.
pub fn start_reading(
    config: &crate::config::Config,
    kept: Option<&std::sync::Arc<git::History>>,
) -> Beside {
    Beside(git::start(config.content_dir(), kept.cloned()))
}

impl Beside {
    /// Gives `content` the history (kept in `kept` for the next build) and
    /// `accessibility.yaml`.
    pub fn finish(
        self,
        config: &crate::config::Config,
        content: &mut crate::content::walk::Content,
        diags: &crate::error::Diagnostics,
        kept: Option<&mut std::sync::Arc<git::History>>,
    ) {
        let pages = &content.pages;
        let wanted = || pages.iter().map(|(_, p)| p.source.rel.clone()).collect();
        let (history, problem) = self.0.finish(wanted);
        diags.extend(problem);
        if let Some(kept) = kept {
            *kept = history.clone();
        }
        content.history = history;
        match statement::read_file(config) {
            Ok(s) => content.statement_file = s.map(std::sync::Arc::new),
            Err(errors) => diags.extend(errors),
        }
    }
}

/// What a page's template sees as `page.upkeep`: the owner and next review date when
/// site.yaml's `review.show_owner` / `review.show_next_review` ask for them, and
/// whether the last-updated date is git's.
#[derive(Debug, serde::Serialize)]
pub struct UpkeepCtx<'a> {
    pub owner: Option<&'a str>,
    pub next_review_iso: Option<String>,
    pub next_review_display: Option<String>,
    pub updated_from_git: bool,
}

pub fn page_ctx(site: &Site, i: usize) -> UpkeepCtx<'_> {
    let shown = page_upkeep(site, i);
    UpkeepCtx {
        owner: shown.owner,
        next_review_iso: shown.due.map(|d| d.to_string()),
        next_review_display: shown.due.map(display),
        updated_from_git: shown.updated_from_git,
    }
}

/// What [`UpkeepCtx`] is made from, unformatted: `serve` hashes this for every page on
/// every rebuild, and formatting dates for that cost a fifth of a rebuild.
#[derive(Debug, Hash)]
pub struct PageUpkeep<'a> {
    pub owner: Option<&'a str>,
    pub due: Option<Date>,
    pub updated_from_git: bool,
}

pub fn page_upkeep(site: &Site, i: usize) -> PageUpkeep<'_> {
    let settings = &site.config.review;
    let p = &site.pages[i];
    let due = settings
        .show_next_review
        .then(|| next_review(site, i).due())
        .flatten();
    PageUpkeep {
        owner: owner_of(site, i).filter(|_| settings.show_owner),
        due,
        updated_from_git: p.page.updated.is_none() && p.last_commit.is_some(),
    }
}

/// The build's "today", in the site's time zone.
pub fn today(site: &Site) -> Date {
    site.options
        .now
        .to_zoned(site.config.timezone.clone())
        .date()
}

/// "12 March 2024".
pub fn display(d: Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_as_people_write_them() {
        let p = |s| Period::parse(s).map(|p| p.to_string());
        assert_eq!(p("6 months").as_deref(), Some("6 months"));
        assert_eq!(p("a year").as_deref(), Some("1 year"));
        assert_eq!(p("1 Years").as_deref(), Some("1 year"));
        assert_eq!(p("90 days").as_deref(), Some("90 days"));
        for bad in [
            "6",
            "months",
            "0 days",
            "-1 year",
            "6 fortnights",
            "six months",
            "20000 years",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        let d: Date = "2024-01-31".parse().unwrap();
        let month = Period::parse("1 month").unwrap();
        assert_eq!(month.after(d).unwrap().to_string(), "2024-02-29");
        // The longest period allowed, from the calendar's last years: no date, no panic.
        let long = Period::parse("1000 years").unwrap();
        assert_eq!(long.after("9000-01-01".parse().unwrap()), None);
    }
}
