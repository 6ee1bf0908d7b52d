//! The incident index: the site's incidents, newest first, under the first incident
//! section, and that list narrowed by severity, service and year (one static page per
//! filter, so no JavaScript is needed), with the navigation every incident list shows.
//!
//! A bilingual site has one index per language that has an incident section
//! (`content/incidents/_index.cy.md`). Each lists every incident: in its own language
//! where it is translated, else in the default language's words (which its pages mark),
//! so a Welsh reader's status page and lists never leave out an incident that is
//! still only written in English.
//!
//! It reads the site model; it never decides what is published.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::facts;
use super::pages::IncidentPage;
use super::status::{Banner, banner};
use crate::content::Kind;
use crate::language::{DEFAULT, LangId};
use crate::render::words::Say;
use crate::site::Site;
use crate::urls;

/// Incidents, newest first, and where their pages go.
#[derive(Debug)]
pub struct Incidents {
    /// The language whose pages these are.
    pub lang: LangId,
    /// The URL of the language's first incident section, e.g. `/incidents/`.
    pub base: String,
    /// Where the language's status page is (`/status/`, `/cy/status/`), when the site
    /// has one ([`Incidents::status_page`]).
    pub status_url: String,
    pub section: usize,
    pub all: Vec<usize>,
    /// The pages of [`IncidentPage::ALL`] the site has (those its theme has a template
    /// for), set by the route table.
    pub pages: Vec<IncidentPage>,
    /// Whether the site has a status page (set by the route table).
    pub status_page: bool,
    /// The filters, worked out once: every incident list page's navigation shows all
    /// of them, and working them out per page made the build quadratic in incidents.
    filters: std::sync::OnceLock<Vec<Filter>>,
    /// [`Incidents::under_way`], worked out once for the same reason.
    under_way: std::sync::OnceLock<UnderWay>,
}

/// The reports the status banner names: incidents open now, and maintenance under way.
#[derive(Debug, Default)]
pub struct UnderWay {
    pub open: Vec<usize>,
    pub maintenance_now: Vec<usize>,
}

/// The incident list narrowed to one severity, service or year.
#[derive(Debug)]
pub struct Filter {
    pub by: FilterBy,
    pub name: String,
    /// What the filter matches: a severity's id, a service's name, a year.
    pub key: String,
    pub url: String,
    pub pages: Vec<usize>,
}

/// What a filter narrows the incidents by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterBy {
    Severity,
    Service,
    Year,
}

impl FilterBy {
    /// The filter's folder under the incident section: `/incidents/severity/p1/`.
    pub fn name(self) -> &'static str {
        match self {
            FilterBy::Severity => "severity",
            FilterBy::Service => "service",
            FilterBy::Year => "year",
        }
    }
}

#[derive(Serialize, Clone)]
pub struct FilterLink {
    pub name: String,
    /// A severity's id, a service's name, a year: for `names` (a page's own language's
    /// names of them).
    pub key: String,
    pub url: String,
    pub count: usize,
    pub current: bool,
}

/// The navigation every incident list page shows, and the status banner above it.
#[derive(Serialize)]
pub struct IncidentNav<'a> {
    pub all_url: String,
    pub actions_url: String,
    pub statistics_url: String,
    pub json_url: &'static str,
    pub csv_url: &'static str,
    /// The page that says what the open data's fields mean, when the site has it.
    pub open_data_url: Option<String>,
    /// The filter this page shows ("P1 Critical", "Online payments", "2024"), or null.
    pub current: Option<String>,
    pub severities: Vec<FilterLink>,
    pub services: Vec<FilterLink>,
    pub years: Vec<FilterLink>,
    /// While an incident is open or maintenance under way: what the banner says.
    pub banner: Option<Banner<'a>>,
}

impl Incidents {
    /// The index of each language that has an incident section, the default
    /// language's first.
    pub fn find_all(site: &Site) -> Vec<Incidents> {
        (0..site.config.languages.len().max(1))
            .filter_map(|lang| Incidents::find(site, lang))
            .collect()
    }

    /// The index of language `lang`, when it has an incident section.
    pub fn find(site: &Site, lang: LangId) -> Option<Incidents> {
        let (section, s) = site
            .published_sections()
            .find(|(_, s)| s.kind == Kind::Incident && s.lang == lang)?;
        let all = if lang == DEFAULT {
            site.pages_of_kind(Kind::Incident)
        } else {
            in_language_or_default(site, lang)
        };
        let status_url = crate::render::languages::in_language(site, lang, urls::STATUS_PAGE);
        Some(Incidents {
            lang,
            base: s.url.clone(),
            status_url,
            section,
            all,
            pages: IncidentPage::ALL.to_vec(),
            status_page: false,
            filters: std::sync::OnceLock::new(),
            under_way: std::sync::OnceLock::new(),
        })
    }

    /// Only the incidents machines are told about (no drafts, even in a `--drafts`
    /// preview: see [`Site::is_listed`](crate::site::Site::is_listed)), for the open data and the sitemap.
    pub fn listed(&self, site: &Site) -> Incidents {
        self.keeping(|i| site.is_listed(i))
    }

    /// Only the reports the statistics count: incidents, and notices or maintenance
    /// when site.yaml's `incidents.statistics_include` names them.
    pub fn counted(&self, site: &Site) -> Incidents {
        self.keeping(|i| {
            site.pages[i]
                .page
                .incident()
                .is_some_and(|x| x.counted(&site.config.incidents))
        })
    }

    /// The same incident section with only the reports `keep` says yes to.
    fn keeping(&self, keep: impl Fn(usize) -> bool) -> Incidents {
        Incidents {
            lang: self.lang,
            base: self.base.clone(),
            status_url: self.status_url.clone(),
            section: self.section,
            pages: self.pages.clone(),
            status_page: self.status_page,
            all: self.all.iter().copied().filter(|&i| keep(i)).collect(),
            filters: std::sync::OnceLock::new(),
            under_way: std::sync::OnceLock::new(),
        }
    }

    /// The incidents open now and the maintenance under way now, newest first.
    pub fn under_way(&self, site: &Site) -> &UnderWay {
        self.under_way.get_or_init(|| {
            let now = site.options.now;
            let pick = |f: &dyn Fn(&super::Incident) -> bool| -> Vec<usize> {
                (self.all.iter().copied())
                    .filter(|&i| site.pages[i].page.incident().is_some_and(f))
                    .collect()
            };
            UnderWay {
                open: pick(&|x| x.is_open_incident()),
                maintenance_now: pick(&|x| x.is_maintenance_now(now)),
            }
        })
    }

    /// The list narrowed by each severity, service and year that has incidents.
    pub fn filters(&self, site: &Site) -> &[Filter] {
        self.filters.get_or_init(|| self.work_out_filters(site))
    }

    fn work_out_filters(&self, site: &Site) -> Vec<Filter> {
        let mut out = Vec::new();
        for level in &site.config.severities {
            let pages: Vec<usize> = self
                .all
                .iter()
                .copied()
                .filter(|&i| {
                    site.pages[i]
                        .page
                        .incident()
                        .and_then(|x| x.severity.as_ref())
                        .is_some_and(|s| s.id == level.id)
                })
                .collect();
            if !pages.is_empty() {
                out.push(Filter {
                    by: FilterBy::Severity,
                    name: level.label.clone(),
                    key: level.id.0.clone(),
                    url: self.filter_url(FilterBy::Severity, level.id.as_str()),
                    pages,
                });
            }
        }
        let mut services: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
        let mut years: BTreeMap<i16, Vec<usize>> = BTreeMap::new();
        // A few services named thousands of times: each name is made a slug once.
        let mut slugs: HashMap<&str, String, crate::output::FastHash> = HashMap::default();
        for &i in &self.all {
            let p = &site.pages[i].page;
            for s in p.incident().into_iter().flat_map(|x| x.services.iter()) {
                let slug = slugs.entry(s.as_str()).or_insert_with(|| slug::slugify(s));
                if !services.contains_key(slug.as_str()) {
                    services.insert(slug.clone(), (s.clone(), Vec::new()));
                }
                let Some(e) = services.get_mut(slug.as_str()) else {
                    continue;
                };
                if e.1.last() != Some(&i) {
                    e.1.push(i);
                }
            }
            if let Some(year) = facts::start(p).map(|w| w.zoned.year()) {
                years.entry(year).or_default().push(i);
            }
        }
        for (slug, (name, pages)) in services {
            out.push(Filter {
                by: FilterBy::Service,
                key: name.clone(),
                name,
                url: self.filter_url(FilterBy::Service, &slug),
                pages,
            });
        }
        for (year, pages) in years.into_iter().rev() {
            out.push(Filter {
                by: FilterBy::Year,
                name: year.to_string(),
                key: year.to_string(),
                url: self.filter_url(FilterBy::Year, &year.to_string()),
                pages,
            });
        }
        out
    }

    fn filter_url(&self, by: FilterBy, value: &str) -> String {
        urls::incident_filter(&self.base, by.name(), value)
    }

    /// The navigation of the page at `current_url`, its banner in the words of `say`.
    pub fn nav<'s>(&self, site: &'s Site, current_url: &str, say: Say<'_>) -> IncidentNav<'s> {
        let filters = self.filters(site);
        let links = |by: FilterBy| -> Vec<FilterLink> {
            filters
                .iter()
                .filter(|f| f.by == by)
                .map(|f| FilterLink {
                    name: f.name.clone(),
                    key: f.key.clone(),
                    url: f.url.clone(),
                    count: f.pages.len(),
                    current: current_url.starts_with(&f.url),
                })
                .collect()
        };
        IncidentNav {
            all_url: self.base.clone(),
            actions_url: IncidentPage::Actions.url(&self.base),
            statistics_url: IncidentPage::Statistics.url(&self.base),
            json_url: urls::INCIDENTS_JSON,
            csv_url: urls::ACTIONS_CSV,
            open_data_url: self
                .pages
                .contains(&IncidentPage::OpenData)
                .then(|| IncidentPage::OpenData.url(&self.base)),
            current: filters
                .iter()
                .find(|f| current_url.starts_with(&f.url))
                .map(|f| f.name.clone()),
            severities: links(FilterBy::Severity),
            services: links(FilterBy::Service),
            years: links(FilterBy::Year),
            banner: banner(site, self, say),
        }
    }
}

/// Every incident in language `lang`: each default-language report's translation where
/// it has one, else the report itself; and the reports written only in `lang`. Newest
/// first.
fn in_language_or_default(site: &Site, lang: LangId) -> Vec<usize> {
    let own = site.pages_of_kind_in(Kind::Incident, lang);
    let mut translated = vec![false; site.pages.len()];
    let mut all: Vec<usize> = (site.pages_of_kind(Kind::Incident).into_iter())
        .map(|i| {
            let translation = (site.pages[i].translations.iter().copied()).find(|&j| {
                let t = &site.pages[j].page;
                t.language == lang && t.kind() == Kind::Incident
            });
            match translation {
                Some(j) => {
                    translated[j] = true;
                    j
                }
                None => i,
            }
        })
        .collect();
    all.extend(own.into_iter().filter(|&j| !translated[j]));
    site.order.sort(&mut all, crate::content::SortBy::Date);
    all
}
