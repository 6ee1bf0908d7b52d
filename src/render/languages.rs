//! What a page of a bilingual site says of its languages: its `<html lang>`, the
//! `hreflang` alternates in its head, and the language switcher.
//!
//! A route's language is read from its URL (`/cy/…` is Welsh: [`crate::language`]
//! puts every route of a language there), so lists, taxonomies and the search page
//! need no language of their own. Which pages are translations of each other is the
//! model's ([`crate::site::SitePage::translations`]); this module only turns that into
//! URLs by route. For a site in one language everything here is empty, and its pages
//! are drawn as they always were.

use std::collections::HashMap;

use serde::Serialize;

use crate::kinds::incident::Incidents;
use crate::language::{DEFAULT, LangId};
use crate::site::Site;

/// The same route in each language: per URL, the URL in each of the site's languages
/// where it exists (None where it has no translation).
#[derive(Default)]
pub struct Alternates {
    by_url: HashMap<String, Vec<Option<String>>>,
    /// Each language's home page.
    homes: Vec<String>,
}

/// One language in the switcher.
#[derive(Serialize, Debug, Clone, Hash)]
pub struct LanguageLink {
    pub code: String,
    /// Its name in itself (`Cymraeg`).
    pub name: String,
    /// Its tag, for `lang` and `hreflang` (`cy`, `en-GB`).
    pub tag: String,
    /// The same page in it, else its home page.
    pub url: String,
    /// Whether `url` is this page's translation (false: the language's home page,
    /// which the switcher says in words).
    pub translated: bool,
    /// The language the page is in.
    pub current: bool,
    /// What the link says, in its language, when it goes to the home page instead
    /// (the theme's `no_translation`).
    pub note: String,
}

/// One `hreflang` alternate: a language the page exists in, and where (absolute).
#[derive(Serialize, Debug, Clone, Hash)]
pub struct Alternate {
    pub tag: String,
    pub locale: String,
    pub url: String,
}

impl Alternates {
    pub fn new(site: &Site, search_url: Option<&str>, incidents: &[Incidents]) -> Alternates {
        let languages = &site.config.languages;
        if languages.is_empty() {
            return Alternates::default();
        }
        let n = languages.len();
        let mut by_url: HashMap<String, Vec<Option<String>>> = HashMap::new();
        let mut put = |urls: Vec<Option<String>>| {
            for url in urls.iter().flatten() {
                by_url.insert(url.clone(), urls.clone());
            }
        };
        for p in &site.pages {
            let mut urls = vec![None; n];
            urls[p.page.language] = Some(p.url.clone());
            for &j in &p.translations {
                let t = &site.pages[j];
                urls[t.page.language] = Some(t.url.clone());
            }
            put(urls);
        }
        for s in &site.sections {
            let mut urls = vec![None; n];
            urls[s.lang] = Some(s.url.clone());
            for &j in &s.translations {
                urls[site.sections[j].lang] = Some(site.sections[j].url.clone());
            }
            put(urls);
        }
        if let Some(search) = search_url {
            put((0..n).map(|l| Some(in_language(site, l, search))).collect());
        }
        for urls in incident_routes(site, incidents).into_values() {
            put(urls);
        }
        let homes = (0..n)
            .map(|l| site.sections[site.home_of(l)].url.clone())
            .collect();
        Alternates { by_url, homes }
    }

    /// The language of the route at `url`.
    pub fn language_of(site: &Site, url: &str) -> LangId {
        if site.config.languages.is_empty() {
            return DEFAULT;
        }
        crate::language::of_folder(url.trim_start_matches('/'), &site.config).0
    }

    /// The switcher of the route at `url`: every language of the site, each with the
    /// same page in it or its home page. Empty for a site in one language.
    pub fn switcher(
        &self,
        site: &Site,
        url: &str,
        words: &super::words::Words,
    ) -> Vec<LanguageLink> {
        let current = Alternates::language_of(site, url);
        let same = self.by_url.get(url);
        (site.config.languages.iter().enumerate())
            .map(|(l, lang)| {
                let translated = same.and_then(|u| u[l].clone());
                LanguageLink {
                    code: lang.code.clone(),
                    name: lang.name.clone(),
                    tag: lang.tag.clone(),
                    translated: translated.is_some() || l == current,
                    url: match (l == current, translated) {
                        (true, _) => url.to_string(),
                        (false, Some(u)) => u,
                        (false, None) => self.homes[l].clone(),
                    },
                    current: l == current,
                    note: super::words::word(words.of(l), "no_translation").to_string(),
                }
            })
            .collect()
    }

    /// The `hreflang` alternates of the route at `url`: itself and each translation,
    /// absolute, with `x-default` for the default language's. Empty when the route has
    /// no translation.
    pub fn alternates(&self, site: &Site, url: &str) -> Vec<Alternate> {
        let Some(same) = self.by_url.get(url) else {
            return Vec::new();
        };
        if same.iter().flatten().count() < 2 {
            return Vec::new();
        }
        let languages = &site.config.languages;
        let mut out: Vec<Alternate> = (same.iter().enumerate())
            .filter_map(|(l, u)| {
                Some(Alternate {
                    tag: languages[l].tag.clone(),
                    locale: languages[l].locale.clone(),
                    url: site.permalink(u.as_ref()?),
                })
            })
            .collect();
        if let Some(default) = &same[DEFAULT] {
            out.push(Alternate {
                tag: "x-default".to_string(),
                locale: languages[DEFAULT].locale.clone(),
                url: site.permalink(default),
            });
        }
        out
    }
}

/// The pages each language's incident index adds (filters, the actions tracker, the
/// statistics, the open data page, the status page), grouped by what they are: the
/// same filter or page in each language that has it.
fn incident_routes(site: &Site, incidents: &[Incidents]) -> HashMap<String, Vec<Option<String>>> {
    let n = site.config.languages.len();
    let mut groups: HashMap<String, Vec<Option<String>>> = HashMap::new();
    let mut add = |what: String, lang: LangId, url: String| {
        groups.entry(what).or_insert_with(|| vec![None; n])[lang] = Some(url);
    };
    for inc in incidents {
        for f in inc.filters(site) {
            add(
                format!("{} {}", f.by.name(), f.key),
                inc.lang,
                f.url.clone(),
            );
        }
        for page in &inc.pages {
            add(page.what().to_string(), inc.lang, page.url(&inc.base));
        }
        if inc.status_page {
            add("status".to_string(), inc.lang, inc.status_url.clone());
        }
    }
    groups
}

/// A site path of the default language's in language `lang` (`/search/` -> `/cy/search/`).
pub fn in_language(site: &Site, lang: LangId, url: &str) -> String {
    match site.config.languages.get(lang) {
        Some(l) if lang != DEFAULT => crate::urls::in_language(&l.code, url),
        _ => url.to_string(),
    }
}

/// The names site.yaml gives (severity levels, services) as a page in language `lang`
/// says them: `names.severities[id]` (`{name, label, description}`) and
/// `names.services[name]`, each only where that language has its own. A bilingual site
/// names them in its `languages:` entry; daylight's own levels (a site.yaml without
/// `severities:`) are named by the theme's words (`default_severities`). A name not
/// here is the default language's, which templates mark with `config_lang`.
pub fn names(site: &Site, lang: LangId, words: &serde_json::Value) -> serde_json::Value {
    use serde_json::{Map, Value, json};
    let c = &site.config;
    let own = c.languages.get(lang).filter(|_| lang != DEFAULT);
    let mut severities = Map::new();
    if let Some(l) = own {
        for (id, w) in &l.severities {
            severities.insert(id.clone(), json!(w));
        }
    }
    let theme_s = words.get("default_severities").and_then(Value::as_object);
    // daylight's own levels, not a site's that happen to share their ids.
    let words_of = |levels: &[crate::config::SeverityLevel]| -> Vec<(String, String, String)> {
        (levels.iter())
            .map(|l| (l.id.0.clone(), l.name.0.clone(), l.description.0.clone()))
            .collect()
    };
    let own_levels = words_of(&c.severities) != words_of(&crate::config::default_severities());
    if let Some(theme_s) = theme_s.filter(|_| !own_levels) {
        for level in &c.severities {
            let id = level.id.0.as_str();
            let Some(name) = theme_s
                .get(id)
                .and_then(|w| w.get("name"))
                .and_then(Value::as_str)
            else {
                continue;
            };
            let description = theme_s.get(id).and_then(|w| w.get("description"));
            severities.entry(id.to_string()).or_insert_with(|| {
                json!({
                    "name": name,
                    "label": crate::config::severity_label(id, name),
                    "description": description,
                })
            });
        }
    }
    let services: Map<String, Value> = own
        .map(|l| {
            (l.services.iter())
                .map(|(k, v)| (k.clone(), json!(v)))
                .collect()
        })
        .unwrap_or_default();
    json!({ "severities": severities, "services": services })
}

/// Filter `f`'s name in the language of `names` ([`names`]), where it has its own.
pub fn filter_name<'n>(
    names: &'n serde_json::Value,
    f: &crate::kinds::incident::index::Filter,
) -> Option<&'n str> {
    use crate::kinds::incident::index::FilterBy;
    let own = match f.by {
        FilterBy::Severity => names["severities"].get(&f.key)?.get("label")?,
        FilterBy::Service => names["services"].get(&f.key)?,
        FilterBy::Year => return None,
    };
    own.as_str()
}
