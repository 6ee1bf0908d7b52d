//! Tags, authors, series and services: terms and the pages under each, built in one pass
//! over the pages. Terms whose names slug alike ("Open data", "open-data") are one term.

use std::collections::HashMap;

use crate::config::{Config, Taxonomy};
use crate::content::SortBy;

use super::{SitePage, sort_pages};

#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub url: String,
    /// Newest first.
    pub pages: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct TaxonomyIndex {
    pub kind: Taxonomy,
    pub url: String,
    /// Sorted by name.
    pub terms: Vec<Term>,
    /// Slug -> index in `terms`. Every summary of a page links each of its terms, so a
    /// scan of `terms` here made a page with thousands of tags take minutes to build.
    by_slug: HashMap<String, usize>,
    /// Each name a page used -> index in `terms`: most lookups are by a name as written,
    /// and this spares them making its slug.
    by_name: HashMap<String, usize>,
}

impl TaxonomyIndex {
    pub fn term(&self, name: &str) -> Option<&Term> {
        if let Some(&i) = self.by_name.get(name) {
            return Some(&self.terms[i]);
        }
        let slug = slug::slugify(name);
        self.by_slug.get(&slug).map(|&i| &self.terms[i])
    }
}

/// The names a page files under a taxonomy.
pub fn names_of(page: &SitePage, t: Taxonomy, config: &Config) -> Vec<String> {
    let p = &page.page;
    match t {
        Taxonomy::Tags => p.tags.clone(),
        Taxonomy::Authors => p
            .authors
            .iter()
            .map(|a| {
                config
                    .author(a)
                    .map_or_else(|| a.clone(), |x| x.name.clone())
            })
            .collect(),
        Taxonomy::Series => p.series().into_iter().map(str::to_string).collect(),
        Taxonomy::Services => p
            .incident()
            .into_iter()
            .flat_map(|i| i.services.iter().cloned())
            .collect(),
    }
}

pub fn build(config: &Config, pages: &[SitePage]) -> Vec<TaxonomyIndex> {
    config
        .taxonomies
        .iter()
        .map(|&kind| {
            let base = crate::urls::taxonomy(kind.name());
            let mut by_slug: HashMap<String, Term> = HashMap::new();
            // Names repeat across pages: each is slugged once.
            let mut slug_of: HashMap<String, String> = HashMap::new();
            for (i, page) in pages.iter().enumerate() {
                for name in names_of(page, kind, config) {
                    let slug = match slug_of.get(&name) {
                        Some(slug) => slug.clone(),
                        None => {
                            let slug = slug::slugify(&name);
                            slug_of.insert(name.clone(), slug.clone());
                            slug
                        }
                    };
                    if slug.is_empty() {
                        continue;
                    }
                    let term = by_slug.entry(slug.clone()).or_insert_with(|| Term {
                        url: crate::urls::term(&base, &slug),
                        name,
                        slug,
                        pages: Vec::new(),
                    });
                    if term.pages.last() != Some(&i) {
                        term.pages.push(i);
                    }
                }
            }
            let mut terms: Vec<Term> = by_slug.into_values().collect();
            for t in &mut terms {
                sort_pages(&mut t.pages, SortBy::Date, pages);
            }
            terms.sort_by_key(|a| a.name.to_lowercase());
            let by_slug: HashMap<String, usize> = terms
                .iter()
                .enumerate()
                .map(|(i, t)| (t.slug.clone(), i))
                .collect();
            let by_name = slug_of
                .into_iter()
                .filter_map(|(name, slug)| by_slug.get(&slug).map(|&i| (name, i)))
                .collect();
            TaxonomyIndex {
                kind,
                url: base,
                terms,
                by_slug,
                by_name,
            }
        })
        .collect()
}
