//! Tags, authors, series and services: terms and the pages under each, built in one pass
//! over the pages. Terms whose names slug alike ("Open data", "open-data") are one term.

use std::collections::HashMap;

use crate::config::{Config, Taxonomy};
use crate::content::{Page, SortBy};
use crate::output::FastHash;

use super::{PageOrder, SitePage};

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
    /// The language of its pages: a bilingual site has each taxonomy once per language
    /// (`/tags/`, `/cy/tags/`).
    pub lang: crate::language::LangId,
    pub url: String,
    /// Sorted by name.
    pub terms: Vec<Term>,
    /// Slug -> index in `terms`. Every summary of a page links each of its terms, so a
    /// scan of `terms` here made a page with thousands of tags take minutes to build.
    by_slug: HashMap<String, usize, FastHash>,
    /// Each name a page used -> index in `terms`: most lookups are by a name as written,
    /// and this spares them making its slug.
    by_name: HashMap<String, usize, FastHash>,
}

impl TaxonomyIndex {
    pub fn term(&self, name: &str) -> Option<&Term> {
        self.index_of(name).map(|i| &self.terms[i])
    }

    fn index_of(&self, name: &str) -> Option<usize> {
        if let Some(&i) = self.by_name.get(name) {
            return Some(i);
        }
        self.by_slug.get(&slug::slugify(name)).copied()
    }
}

/// A term a page names, resolved once when the site is built: the name the site shows
/// and, when its taxonomy is on and the name is not empty once slugged, the term itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TermRef {
    pub name: String,
    pub id: Option<TermId>,
}

/// Where a term is: `site.taxonomies[taxonomy].terms[term]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TermId {
    pub taxonomy: usize,
    pub term: usize,
}

/// An author a page names: their term, and their site.yaml entry's id when known there.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AuthorRef {
    pub term: TermRef,
    pub known: Option<String>,
}

/// Every term a page files under, each resolved once: templates, feeds, metadata,
/// search and `serve`'s fingerprints read these instead of looking names up again.
#[derive(Debug, Clone, Default)]
pub struct PageTerms {
    pub tags: Vec<TermRef>,
    pub authors: Vec<AuthorRef>,
    pub series: Option<TermRef>,
    pub services: Vec<TermRef>,
}

impl PageTerms {
    /// The names as written, authors by their site.yaml name; ids come in [`resolve`].
    pub fn of(page: &Page, config: &Config) -> PageTerms {
        let unresolved = |name: &str| TermRef {
            name: name.to_string(),
            id: None,
        };
        PageTerms {
            tags: page.tags.iter().map(|t| unresolved(t)).collect(),
            authors: page
                .authors
                .iter()
                .map(|a| match config.author_entry(a) {
                    Some((id, known)) => AuthorRef {
                        term: unresolved(&known.name),
                        known: Some(id.to_string()),
                    },
                    None => AuthorRef {
                        term: unresolved(a),
                        known: None,
                    },
                })
                .collect(),
            series: page.series().map(unresolved),
            services: page
                .incident()
                .into_iter()
                .flat_map(|i| i.services.iter().map(|s| unresolved(s)))
                .collect(),
        }
    }

    /// The terms filed under taxonomy `t`.
    pub fn under(&self, t: Taxonomy) -> impl Iterator<Item = &TermRef> {
        let (list, one, authors): (&[TermRef], Option<&TermRef>, &[AuthorRef]) = match t {
            Taxonomy::Tags => (&self.tags, None, &[]),
            Taxonomy::Authors => (&[], None, &self.authors),
            Taxonomy::Series => (&[], self.series.as_ref(), &[]),
            Taxonomy::Services => (&self.services, None, &[]),
        };
        list.iter()
            .chain(one)
            .chain(authors.iter().map(|a| &a.term))
    }

    fn under_mut(&mut self, t: Taxonomy) -> Vec<&mut TermRef> {
        match t {
            Taxonomy::Tags => self.tags.iter_mut().collect(),
            Taxonomy::Authors => self.authors.iter_mut().map(|a| &mut a.term).collect(),
            Taxonomy::Series => self.series.iter_mut().collect(),
            Taxonomy::Services => self.services.iter_mut().collect(),
        }
    }
}

/// Gives every page's terms their ids, once the taxonomies are built (pages in parallel).
pub fn resolve(taxonomies: &[TaxonomyIndex], pages: &mut [SitePage]) {
    use rayon::prelude::*;
    pages.par_iter_mut().for_each(|p| {
        for (taxonomy, tax) in taxonomies.iter().enumerate() {
            if p.page.language != tax.lang {
                continue;
            }
            for r in p.terms.under_mut(tax.kind) {
                r.id = tax.index_of(&r.name).map(|term| TermId { taxonomy, term });
            }
        }
    });
}

/// Each taxonomy of the site, in each of its languages (the default's first), made side
/// by side.
pub fn build(config: &Config, pages: &[SitePage], order: &PageOrder) -> Vec<TaxonomyIndex> {
    use rayon::prelude::*;
    let languages = config.languages.len().max(1);
    let each: Vec<(usize, Taxonomy)> = (0..languages)
        .flat_map(|lang| config.taxonomies.iter().map(move |&kind| (lang, kind)))
        .collect();
    each.into_par_iter()
        .map(|(lang, kind)| index_of(kind, lang, config, pages, order))
        .collect()
}

/// One taxonomy's terms. Names repeat across pages: each distinct name is slugged and
/// stored once, the rest are one lookup each.
fn index_of(
    kind: Taxonomy,
    lang: crate::language::LangId,
    config: &Config,
    pages: &[SitePage],
    order: &PageOrder,
) -> TaxonomyIndex {
    let base = match config.languages.get(lang) {
        Some(l) if lang != crate::language::DEFAULT => {
            crate::urls::in_language(&l.code, &crate::urls::taxonomy(kind.name()))
        }
        _ => crate::urls::taxonomy(kind.name()),
    };
    let mut terms: Vec<Term> = Vec::new();
    let mut by_slug: HashMap<String, usize, FastHash> = HashMap::default();
    // Each name as written -> its term (None: nothing is left of it once slugged).
    let mut by_written: HashMap<&str, Option<usize>, FastHash> = HashMap::default();
    for (i, page) in pages.iter().enumerate() {
        if page.page.language != lang {
            continue;
        }
        for r in page.terms.under(kind) {
            let name = r.name.as_str();
            let term = *by_written.entry(name).or_insert_with(|| {
                let slug = slug::slugify(name);
                if slug.is_empty() {
                    return None;
                }
                Some(*by_slug.entry(slug).or_insert_with_key(|slug| {
                    terms.push(Term {
                        url: crate::urls::term(&base, slug),
                        name: name.to_string(),
                        slug: slug.clone(),
                        pages: Vec::new(),
                    });
                    terms.len() - 1
                }))
            });
            if let Some(k) = term
                && terms[k].pages.last() != Some(&i)
            {
                terms[k].pages.push(i);
            }
        }
    }
    for t in &mut terms {
        order.sort(&mut t.pages, SortBy::Date);
    }
    // Sorted by name: the indices above change, so they are mapped to the new ones.
    let mut order: Vec<usize> = (0..terms.len()).collect();
    order.sort_by_cached_key(|&k| terms[k].name.to_lowercase());
    let mut moved_to = vec![0; terms.len()];
    for (new, &old) in order.iter().enumerate() {
        moved_to[old] = new;
    }
    let mut slots: Vec<Option<Term>> = terms.into_iter().map(Some).collect();
    let terms: Vec<Term> = order.iter().filter_map(|&k| slots[k].take()).collect();
    let by_slug = by_slug
        .into_iter()
        .map(|(slug, k)| (slug, moved_to[k]))
        .collect();
    let by_name = by_written
        .into_iter()
        .filter_map(|(name, k)| Some((name.to_string(), moved_to[k?])))
        .collect();
    TaxonomyIndex {
        kind,
        lang,
        url: base,
        terms,
        by_slug,
        by_name,
    }
}
