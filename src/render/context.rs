//! The typed contexts templates see, documented field by field in docs/templates.md.
//!
//! Tera 2 errors on a variable that does not exist, so every field here is always sent:
//! absent values are `null`, lists are empty. Contexts borrow from the site model; they
//! are built per render and dropped straight after.

use serde::Serialize;

use crate::config::{Colours, SeverityLevel};
use crate::content::Kind;
use crate::dates::When;
use crate::kinds::incident::{
    self,
    context::{IncidentBrief, IncidentCtx},
};
use crate::kinds::plan::PlanCtx;
use crate::markdown::TocEntry;
use crate::site::Site;
use crate::site::taxonomy::TermRef;

#[derive(Serialize)]
pub struct MenuCtx<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub active: bool,
}

#[derive(Serialize)]
pub struct SiteCtx<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub organisation: &'a str,
    pub language: &'a str,
    pub base_url: &'a str,
    pub logo: Option<&'a str>,
    pub logo_alt: Option<&'a str>,
    /// The home page of the page's language (`/`, `/cy/`).
    pub home_url: &'a str,
    pub menu: Vec<MenuCtx<'a>>,
    pub footer_links: Vec<MenuCtx<'a>>,
    pub colours: Option<&'a Colours>,
    pub severities: &'a [SeverityLevel],
    pub taxonomies: Vec<&'static str>,
    pub syntax_css: &'static str,
    pub feed_url: Option<&'a str>,
    /// The search page's URL, or null when the site has none.
    pub search_url: Option<&'a str>,
    pub build_date_iso: &'a str,
    pub build_date_display: &'a str,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize, Clone)]
pub struct LinkCtx {
    pub name: String,
    pub url: Option<String>,
}

#[derive(Serialize)]
pub struct AuthorCtx<'a> {
    pub name: String,
    pub url: Option<String>,
    pub role: Option<&'a str>,
    pub bio: Option<&'a str>,
}

#[derive(Serialize)]
pub struct TitleUrl<'a> {
    pub title: &'a str,
    pub url: &'a str,
}

#[derive(Serialize)]
pub struct PageCtx<'a> {
    pub title: &'a str,
    pub kind: Kind,
    pub url: &'a str,
    pub permalink: String,
    pub slug: &'a str,
    pub description: Option<String>,
    pub summary: Option<&'a str>,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub date_iso: Option<String>,
    pub date_display: Option<String>,
    /// When the page last changed: `updated:`, else its file's last commit.
    pub updated_iso: Option<String>,
    pub updated_display: Option<String>,
    /// Its owner and next review, as site.yaml's `review:` asks them shown.
    pub upkeep: crate::upkeep::UpkeepCtx<'a>,
    /// The accessibility statement, on the page that shows it.
    pub statement: Option<crate::upkeep::statement::StatementCtx<'a>>,
    pub tags: Vec<LinkCtx>,
    pub authors: Vec<AuthorCtx<'a>>,
    pub series_list: Vec<LinkCtx>,
    pub series: Option<LinkCtx>,
    pub week: Option<&'a str>,
    pub reading_time: usize,
    pub word_count: usize,
    pub draft: bool,
    pub weight: Option<i64>,
    pub section: TitleUrl<'a>,
    pub previous: Option<TitleUrl<'a>>,
    pub next: Option<TitleUrl<'a>>,
    /// Older and newer posts in the page's series.
    pub series_previous: Option<TitleUrl<'a>>,
    pub series_next: Option<TitleUrl<'a>>,
    /// The plan item a post reports on: its title and URL (plan page + anchor).
    pub plan_item: Option<LinkCtx>,
    /// The pages its `related:` names, in its order.
    pub related: Vec<TitleUrl<'a>>,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    pub data: Option<&'a serde_json::Value>,
    pub incident: Option<IncidentCtx<'a>>,
    pub plan: Option<PlanCtx<'a>>,
}

/// A page as lists show it. `L`, each term's link: a [`LinkCtx`], or the link already
/// converted for Tera and shared by every page with the term (the lists' summaries).
#[derive(Serialize)]
pub struct SummaryCtx<'a, L = LinkCtx> {
    pub title: &'a str,
    /// The page's language (its `lang`): a list in another language marks its title
    /// and summary with it (WCAG 3.1.2), as a Welsh incident list does an incident
    /// reported only in English.
    pub lang: &'a str,
    pub url: &'a str,
    pub kind: Kind,
    pub description: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub date_iso: Option<String>,
    pub date_display: Option<String>,
    pub tags: Vec<L>,
    pub authors: Vec<L>,
    pub series: Option<L>,
    pub week: Option<&'a str>,
    pub reading_time: usize,
    pub incident: Option<IncidentBrief<'a>>,
}

#[derive(Serialize)]
pub struct SectionCtx<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub permalink: String,
    pub description: Option<&'a str>,
    pub content: &'a str,
    pub kind: Kind,
    pub page_count: usize,
    pub subsections: Vec<SubsectionCtx<'a>>,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
}

/// A way in from the home page: a top-level section, how many pages it has and its
/// first (for a blog or incidents, the newest).
#[derive(Serialize)]
pub struct EntryPointCtx<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub description: Option<&'a str>,
    pub kind: Kind,
    pub count: usize,
    pub latest: Option<SummaryCtx<'a>>,
}

#[derive(Serialize)]
pub struct SubsectionCtx<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub description: Option<&'a str>,
}

#[derive(Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    /// Numbers are skipped before this one (show an ellipsis).
    pub gap_before: bool,
}

#[derive(Serialize)]
pub struct PaginatorCtx {
    /// Each page's [`SummaryCtx`], converted for Tera once per build: a page is listed in
    /// its section, and under each of its tags, authors and series.
    pub pages: Vec<tera::Value>,
    pub current: usize,
    pub total_pages: usize,
    pub total_items: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub first: String,
    pub last: String,
    pub links: Vec<PageLink>,
}

#[derive(Serialize)]
pub struct TaxonomyCtx<'a> {
    pub name: &'static str,
    pub title: &'a str,
    pub url: &'a str,
}

#[derive(Serialize)]
pub struct TermCtx<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub count: usize,
    pub profile: Option<&'a crate::config::Author>,
}

#[derive(Serialize)]
pub struct Crumb {
    pub title: String,
    pub url: String,
}

fn iso(w: &Option<When>) -> Option<String> {
    w.as_ref().map(When::iso)
}

/// A term a page names, as a link: the term's URL when its taxonomy has pages.
pub fn link_to(site: &Site, r: &TermRef) -> LinkCtx {
    LinkCtx {
        name: r.name.clone(),
        url: r.id.map(|id| site.term(id).url.clone()),
    }
}

/// Each of these terms as a link.
pub fn links_to<'a>(site: &Site, refs: impl IntoIterator<Item = &'a TermRef>) -> Vec<LinkCtx> {
    refs.into_iter().map(|r| link_to(site, r)).collect()
}

pub fn reading_time(words: usize) -> usize {
    words.div_ceil(200).max(1)
}

pub fn summary_ctx<'a>(
    site: &'a Site,
    i: usize,
    summary: Option<&'a str>,
    words: usize,
) -> SummaryCtx<'a> {
    summary_ctx_with(site, i, summary, words, |r| link_to(site, r))
}

/// [`summary_ctx`], each term's link made by `link`.
pub fn summary_ctx_with<'a, L>(
    site: &'a Site,
    i: usize,
    summary: Option<&'a str>,
    words: usize,
    link: impl Fn(&TermRef) -> L,
) -> SummaryCtx<'a, L> {
    let p = &site.pages[i];
    let page = &p.page;
    SummaryCtx {
        title: &page.title,
        lang: site.page_language_tag(i),
        url: p.link(),
        kind: page.kind(),
        description: page.description.as_deref(),
        summary,
        date_iso: iso(&page.date),
        date_display: page.date.as_ref().map(When::display_date),
        tags: p.terms.tags.iter().map(&link).collect(),
        authors: p.terms.authors.iter().map(|a| link(&a.term)).collect(),
        series: p.terms.series.as_ref().map(&link),
        week: page.week(),
        reading_time: reading_time(words),
        incident: page
            .incident()
            .map(|x| incident::context::brief(site, p, x)),
    }
}

/// Plain text of an HTML fragment, for a meta description.
pub fn plain_text(html: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(html.len().min(max_chars * 2));
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let text = out
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut s = String::new();
    for w in words {
        if s.chars().count() + w.chars().count() + 1 > max_chars {
            s.push('…');
            break;
        }
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(w);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_strips_tags_and_cuts_at_a_word() {
        assert_eq!(
            plain_text("<p>Hello <em>there</em> &amp; welcome</p>", 100),
            "Hello there & welcome"
        );
        assert_eq!(plain_text("<p>one two three</p>", 8), "one two…");
    }

    #[test]
    fn reading_time_is_at_least_a_minute() {
        assert_eq!(reading_time(0), 1);
        assert_eq!(reading_time(401), 3);
    }
}
