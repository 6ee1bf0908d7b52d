//! A section's `permalink:` for an imported site, worked out from the URLs its pages had:
//! where one daylight pattern gives most of a section's pages their old URL, the section
//! says so once, instead of every page keeping its old URL as an alias.
//!
//! The evidence is the old URLs themselves (worked out from Jekyll's `permalink`, Hugo's
//! `[permalinks]`, Eleventy's folders by each generator's module), so a pattern is chosen
//! only where it really reproduces them. A page the pattern does not fit keeps its old
//! URL as an alias, as before. This module only chooses; it reads and writes nothing.

use crate::urls::{PageFields, Permalink};

/// The patterns tried, most specific first (a tie goes to the earlier).
const CANDIDATES: [&str; 12] = [
    "/:year/:month/:day/:slug/",
    "/:year/:month/:day/:slug.html",
    "/:section/:year/:month/:day/:slug/",
    "/:section/:year/:month/:day/:slug.html",
    "/:year/:month/:slug/",
    "/:section/:year/:month/:slug/",
    "/:year/:slug/",
    "/:section/:year/:slug/",
    "/:section/:slug/",
    "/:section/:slug.html",
    "/:slug/",
    "/:slug.html",
];

/// What a page of the section gives a pattern, as the build will read it.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    pub old_urls: &'a [String],
    /// Its URL with no pattern (the folder's URL and its slug).
    pub default_url: String,
    /// Its slug in a pattern: its `slug:`, else its file name without a leading date.
    pub slug: String,
    /// Its title made URL-safe: the slug Hugo falls back to.
    pub title_slug: Option<String>,
    pub date: Option<jiff::civil::Date>,
    /// The URL of the section it is in (`/posts/`).
    pub section_url: String,
}

/// A chosen pattern, and the pages (by index) that need a `slug:` to fit it.
#[derive(Debug, PartialEq, Eq)]
pub struct Choice {
    pub pattern: &'static str,
    pub slugs: Vec<(usize, String)>,
    /// How many pages keep their old URL as their URL.
    pub fitted: usize,
}

/// The pattern that gives the most pages their old URL, when it gives more of them
/// theirs than no pattern does, and at least half. A pattern that would need a date a
/// page lacks, or give two pages one URL, is not chosen.
pub fn choose(pages: &[Candidate<'_>]) -> Option<Choice> {
    if pages.is_empty() {
        return None;
    }
    let fits = |url: &str, old: &[String]| old.iter().any(|o| super::old_urls::same(o, url));
    let by_default = pages
        .iter()
        .filter(|p| fits(&p.default_url, p.old_urls))
        .count();
    let mut best: Option<Choice> = None;
    'patterns: for pattern in CANDIDATES {
        let Ok(permalink) = Permalink::parse(pattern) else {
            continue;
        };
        let mut urls = std::collections::HashSet::new();
        let mut choice = Choice {
            pattern,
            slugs: Vec::new(),
            fitted: 0,
        };
        for (i, p) in pages.iter().enumerate() {
            let url_with = |slug: &str| {
                permalink.expand(&PageFields {
                    date: p.date,
                    slug,
                    section_url: &p.section_url,
                    title: "",
                })
            };
            let Some(url) = url_with(&p.slug) else {
                continue 'patterns;
            };
            let url = if fits(&url, p.old_urls) {
                choice.fitted += 1;
                url
            } else if let Some(title_slug) = &p.title_slug
                && let Some(by_title) = url_with(title_slug).filter(|u| fits(u, p.old_urls))
            {
                choice.fitted += 1;
                choice.slugs.push((i, title_slug.clone()));
                by_title
            } else {
                url
            };
            if !urls.insert(super::old_urls::key(&url)) {
                continue 'patterns;
            }
        }
        if best.as_ref().is_none_or(|b| choice.fitted > b.fitted) {
            best = Some(choice);
        }
    }
    best.filter(|b| b.fitted > by_default && b.fitted * 2 >= pages.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page<'a>(old: &'a [String], slug: &str, title: &str, date: (i16, i8, i8)) -> Candidate<'a> {
        Candidate {
            old_urls: old,
            default_url: format!("/posts/{slug}/"),
            slug: slug.to_string(),
            title_slug: Some(slug::slugify(title)),
            date: Some(jiff::civil::date(date.0, date.1, date.2)),
            section_url: "/posts/".to_string(),
        }
    }

    #[test]
    fn the_pattern_that_reproduces_the_old_urls_is_chosen() {
        let a = vec!["/2019/05/first-post/".to_string()];
        let b = vec!["/2020/01/the-second/".to_string(), "/old/".to_string()];
        let pages = [
            page(&a, "first", "First post", (2019, 5, 1)),
            page(&b, "the-second", "Second post", (2020, 1, 15)),
        ];
        let choice = choose(&pages).unwrap();
        assert_eq!(choice.pattern, "/:year/:month/:slug/");
        // Hugo's :slug falls back to the title: the first page needs `slug: first-post`.
        assert_eq!(choice.slugs, vec![(0, "first-post".to_string())]);
        assert_eq!(choice.fitted, 2);
    }

    #[test]
    fn no_pattern_when_the_old_urls_are_the_default_or_have_none_in_common() {
        let a = vec!["/posts/first/".to_string()];
        let pages = [page(&a, "first", "First", (2019, 5, 1))];
        assert_eq!(choose(&pages), None);
        let x = vec!["/news/2015/07/08/x.html".to_string()];
        let y = vec!["/council/2016/y.html".to_string()];
        let z = vec!["/bins-2017/".to_string()];
        let pages = [
            page(&x, "x", "X", (2015, 7, 8)),
            page(&y, "y", "Y", (2016, 1, 1)),
            page(&z, "z", "Z", (2017, 1, 5)),
        ];
        assert_eq!(choose(&pages), None);
    }

    #[test]
    fn a_dated_pattern_is_not_chosen_for_a_section_with_an_undated_page() {
        let a = vec!["/2019/05/01/a/".to_string()];
        let b = vec!["/2019/05/02/b/".to_string()];
        let mut undated = page(&b, "b", "B", (2019, 5, 2));
        undated.date = None;
        let pages = [page(&a, "a", "A", (2019, 5, 1)), undated];
        assert_eq!(choose(&pages), None);
    }
}
