//! Everything plans are: a plan's `items:` (each with a status, a horizon, an outcome),
//! read as written and checked; the posts that report on an item (a post's
//! `plan_item:`), linked once the site is built; and what the plan template sees.
//!
//! Outside this file, plans are only named: [`crate::content::Kind::Plan`] (the kind a
//! page is, rendered with `plan.html`), a post's `plan_item` key, and the
//! [`crate::site::SitePage::reports_on`] link that [`link_posts`] sets.

use std::collections::HashMap;

use serde::Serialize;
use serde_saphyr::{Location, Spanned};

use crate::content::front_matter::{Fields, Reader};
use crate::content::page::Checker;
use crate::dates::When;
use crate::error::Diagnostic;
use crate::render::context::LinkCtx;
use crate::site::{Site, SitePage};
use crate::urls;
use crate::yaml::{Node, Text};

/// The front matter keys only plans take.
pub const KEYS: [&str; 1] = ["items"];

/// A plan's keys as written.
#[derive(Debug, Default)]
pub struct RawPlan {
    pub items: Option<Spanned<Vec<Spanned<RawPlanItem>>>>,
}

#[derive(Debug)]
pub struct RawPlanItem {
    pub title: Text,
    pub status: Option<Spanned<Text>>,
    pub horizon: Option<Spanned<Text>>,
    pub outcome: Option<Text>,
    pub updated: Option<Spanned<Text>>,
}

impl RawPlan {
    /// Reads key `k`, one of [`KEYS`]; what cannot be read is noted in `r`.
    pub(crate) fn read(&mut self, r: &mut Reader, k: &str, value: Spanned<Node>) {
        if k == "items" {
            self.items = r.records(k, value, read_item);
        }
    }

    /// The keys set, with where each is: on a page of another kind each is an error.
    pub fn fields(&self) -> Vec<(&'static str, Location)> {
        self.items.iter().map(|s| ("items", s.referenced)).collect()
    }
}

/// One item of `items:`.
fn read_item(r: &mut Reader, at: Location, fields: Fields) -> Option<RawPlanItem> {
    const KNOWN: [&str; 5] = ["title", "status", "horizon", "outcome", "updated"];
    let (mut title, mut status, mut horizon, mut outcome, mut updated) =
        (None, None, None, None, None);
    for (k, v) in fields {
        match k.value.as_str() {
            "title" => title = r.text("title", v),
            "status" => status = r.text("status", v),
            "horizon" => horizon = r.text("horizon", v),
            "outcome" => outcome = r.text("outcome", v),
            "updated" => updated = r.text("updated", v),
            _ => r.unknown_in(&k, "A plan item", &KNOWN),
        }
    }
    let Some(title) = title else {
        r.problem(
            at,
            "this plan item has no `title`",
            "add `title:` with what the item is, e.g. `title: Move bin collections online`",
        );
        return None;
    };
    Some(RawPlanItem {
        title: title.value,
        status,
        horizon,
        outcome: outcome.map(|o| o.value),
        updated,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemStatus {
    Planned,
    InProgress,
    Done,
    Dropped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Horizon {
    Now,
    Next,
    Later,
}

#[derive(Debug, Clone)]
pub struct PlanItem {
    pub title: String,
    pub status: ItemStatus,
    pub horizon: Horizon,
    pub outcome: Option<String>,
    pub updated: Option<When>,
    /// Where the item is written: what a warning about it points at.
    pub at: Location,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub items: Vec<PlanItem>,
}

/// Checks a plan's items; an item with an unknown status or horizon is left out, with
/// an error in `c`.
pub(crate) fn check(c: &mut Checker<'_>, raw: &RawPlan) -> Plan {
    const STATUSES: [(&str, ItemStatus); 5] = [
        ("planned", ItemStatus::Planned),
        ("in-progress", ItemStatus::InProgress),
        ("in progress", ItemStatus::InProgress),
        ("done", ItemStatus::Done),
        ("dropped", ItemStatus::Dropped),
    ];
    const HORIZONS: [(&str, Horizon); 3] = [
        ("now", Horizon::Now),
        ("next", Horizon::Next),
        ("later", Horizon::Later),
    ];
    let mut out = Vec::new();
    for item in raw.items.iter().flat_map(|i| i.value.iter()) {
        let i = &item.value;
        let status = match &i.status {
            Some(s) => c.choice("item status", s, &STATUSES),
            None => Some(ItemStatus::Planned),
        };
        let horizon = match &i.horizon {
            Some(h) => c.choice("horizon", h, &HORIZONS),
            None => Some(Horizon::Later),
        };
        let updated = c.date("updated", &i.updated);
        if let (Some(status), Some(horizon)) = (status, horizon) {
            out.push(PlanItem {
                title: i.title.0.trim().to_string(),
                status,
                horizon,
                outcome: i.outcome.as_ref().map(|o| o.0.trim().to_string()),
                updated,
                at: item.referenced,
            });
        }
    }
    Plan { items: out }
}

/// Links each post that names a `plan_item` to that item (matched by slug, so case and
/// punctuation do not matter; the first plan to have it wins); an unknown item is an
/// error.
pub fn link_posts(pages: &mut [SitePage]) -> Vec<Diagnostic> {
    let mut items: HashMap<String, (usize, usize)> = HashMap::new();
    let mut titles: Vec<String> = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        for (k, item) in p
            .page
            .plan()
            .into_iter()
            .flat_map(|plan| plan.items.iter().enumerate())
        {
            items.entry(slug::slugify(&item.title)).or_insert((i, k));
            titles.push(item.title.clone());
        }
    }
    let mut errors = Vec::new();
    for p in pages.iter_mut() {
        let Some((title, loc)) = p.page.plan_item() else {
            continue;
        };
        match items.get(&slug::slugify(title)) {
            Some(&target) => p.reports_on = Some(target),
            None => {
                let hint = match crate::error::did_you_mean(
                    title,
                    titles.iter().map(String::as_str),
                ) {
                    Some(best) => format!(
                        "did you mean \"{best}\"? `plan_item` is the title of an item in a published plan"
                    ),
                    None => "`plan_item` is the title of an item in a published plan's `items:`"
                        .to_string(),
                };
                errors.push(
                    p.page
                        .source
                        .error_at(loc, format!("no plan has an item \"{title}\""))
                        .with_hint(hint),
                );
            }
        }
    }
    errors
}

#[derive(Serialize)]
pub struct PlanItemCtx<'a> {
    /// The item's anchor on the plan page (`item-<slug>`).
    pub id: String,
    pub title: &'a str,
    pub status: ItemStatus,
    pub horizon: Horizon,
    pub outcome: Option<&'a str>,
    pub updated_iso: Option<String>,
    pub updated_display: Option<String>,
    /// Posts that report on this item (front matter `plan_item`), in site order.
    pub posts: Vec<PostLink<'a>>,
}

#[derive(Serialize)]
pub struct PostLink<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub date_display: Option<String>,
}

#[derive(Serialize)]
pub struct HorizonCtx<'a> {
    pub id: Horizon,
    pub title: &'static str,
    pub items: Vec<PlanItemCtx<'a>>,
}

#[derive(Serialize, Default)]
pub struct PlanCounts {
    pub total: usize,
    pub done: usize,
    pub in_progress: usize,
    pub planned: usize,
    pub dropped: usize,
}

/// `page.plan` in the plan template.
#[derive(Serialize)]
pub struct PlanCtx<'a> {
    pub horizons: Vec<HorizonCtx<'a>>,
    pub items: Vec<PlanItemCtx<'a>>,
    pub counts: PlanCounts,
}

/// The anchor of a plan item on its plan page.
fn item_id(title: &str) -> String {
    format!("item-{}", slug::slugify(title))
}

/// `page.plan_item` of a post that reports on item `k` of the plan on page `plan`: the
/// item's title, and its URL (the plan page and the item's anchor).
pub fn item_link(site: &Site, (plan, k): (usize, usize)) -> LinkCtx {
    let item = site.pages[plan]
        .page
        .plan()
        .and_then(|pl| pl.items.get(k))
        .map(|it| it.title.clone())
        .unwrap_or_default();
    LinkCtx {
        url: Some(urls::plan_item(&site.pages[plan].url, &item_id(&item))),
        name: item,
    }
}

/// `page.plan` of page `i`; none for a page of another kind.
pub fn page_ctx<'s>(site: &'s Site, i: usize) -> Option<PlanCtx<'s>> {
    let plan = site.pages[i].page.plan()?;
    let item = |(k, it): (usize, &'s PlanItem)| PlanItemCtx {
        id: item_id(&it.title),
        title: &it.title,
        status: it.status,
        horizon: it.horizon,
        outcome: it.outcome.as_deref(),
        updated_iso: it.updated.as_ref().map(When::iso),
        updated_display: it.updated.as_ref().map(When::display_date),
        posts: site
            .pages
            .iter()
            .filter(|p| p.reports_on == Some((i, k)))
            .map(|p| PostLink {
                title: &p.page.title,
                url: &p.url,
                date_display: p.page.date.as_ref().map(When::display_date),
            })
            .collect(),
    };
    let mut counts = PlanCounts {
        total: plan.items.len(),
        ..Default::default()
    };
    for i in &plan.items {
        match i.status {
            ItemStatus::Done => counts.done += 1,
            ItemStatus::InProgress => counts.in_progress += 1,
            ItemStatus::Planned => counts.planned += 1,
            ItemStatus::Dropped => counts.dropped += 1,
        }
    }
    let horizons = [
        (Horizon::Now, "Now"),
        (Horizon::Next, "Next"),
        (Horizon::Later, "Later"),
    ]
    .into_iter()
    .map(|(id, title)| HorizonCtx {
        id,
        title,
        items: plan
            .items
            .iter()
            .enumerate()
            .filter(|(_, it)| it.horizon == id)
            .map(item)
            .collect(),
    })
    .collect();
    Some(PlanCtx {
        horizons,
        items: plan.items.iter().enumerate().map(item).collect(),
        counts,
    })
}
