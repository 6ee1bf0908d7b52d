//! The route table: every file a build writes, its URL, and what renders it, computed
//! once from the site model before anything renders.
//!
//! The renderer draws what the table lists (and nothing else); the sitemap is the table's
//! listed routes; an alias is checked here against every URL the site already has, so a
//! clash is an error naming both rather than one file silently replacing the other; and
//! `serve` keeps what each route rendered, by the route's URL. URLs themselves are made
//! by [`crate::urls`].
//!
//! This module decides which outputs exist. It renders nothing, and it never decides
//! what is published (that is the site model's job).

use std::collections::HashMap;
use std::path::Path;

use crate::dates::When;
use crate::error::{Diagnostic, Diagnostics};
use crate::kinds::incident::status::{self, StatusOutput};
use crate::kinds::incident::{self, IncidentPage, Incidents};
use crate::language::{DEFAULT, LangId};
use crate::output::FastHash;
use crate::render::feeds::FeedPlan;
use crate::site::Site;
use crate::site::pagination::{self, Pager};
use crate::theme::FileSource;
use crate::urls;

/// A list shown over one or more pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum List {
    /// A section's pages (not the home page's: see [`Target::Home`]).
    Section(usize),
    /// A taxonomy term's pages.
    Term { taxonomy: usize, term: usize },
    /// The incidents of one severity, service or year ([`Incidents::filters`]), in one
    /// language.
    Incidents { lang: LangId, filter: usize },
}

/// What renders a route.
#[derive(Debug, Clone)]
pub enum Target {
    /// A page (its index in the model).
    Page(usize),
    /// A page made from a data file's record (its index in `site.data_pages`).
    DataPage(usize),
    /// A home page (section `k`: the root, or a language's home on a bilingual site):
    /// its introduction and the latest posts and incidents.
    Home(usize),
    /// Page `pager.number` of a list.
    List(List, Pager),
    /// The page listing every term of a taxonomy.
    Taxonomy(usize),
    /// A page of a language's incident section: the actions tracker, the statistics.
    Incident(LangId, IncidentPage),
    /// `incidents.json` (and, with it, `actions.csv`: [`Target::ActionsCsv`]).
    IncidentData,
    ActionsCsv,
    /// A file of a language's status page (the page, its feed; the data and badges only
    /// in the default language, as the open data is).
    Status(LangId, StatusOutput),
    /// The Atom feed of [`FeedPlan`]'s feed `k` (and, with it, [`Target::JsonFeed`]).
    Feed(usize),
    /// The JSON Feed of feed `k`, where it has one.
    JsonFeed(usize),
    /// The search page.
    Search,
    /// A file of the search index (the whole index, its manifest or a fragment), written
    /// whether or not the site has a search page.
    SearchIndex,
    NotFound,
    /// A redirect from an old URL of a page (`aliases:`): the page and which alias.
    Alias {
        page: usize,
        alias: usize,
    },
    /// A redirect from an old URL of an author's page (site.yaml `authors.<id>.aliases`)
    /// to their term page.
    AuthorAlias {
        taxonomy: usize,
        term: usize,
        alias: String,
    },
    /// A static file (theme's or site's) or a file beside a page.
    File(FileSource),
    SyntaxCss,
    Sitemap,
    /// Part `n` (from 1) of a sitemap too large for one file.
    SitemapPart(usize),
    Robots,
}

impl Target {
    /// What this route is, for `daylight routes` and for messages about a clash.
    pub fn describe(&self, site: &Site) -> String {
        let source = |i: usize| site.pages[i].page.source.display.display().to_string();
        match self {
            Target::Page(i) => match &site.pages[*i].page.redirect_to {
                Some(to) => format!("page {} (redirect to {to})", source(*i)),
                None => format!("page {}", source(*i)),
            },
            Target::DataPage(i) => {
                let p = &site.data_pages[*i];
                let from = site.sections[p.section]
                    .meta
                    .source
                    .as_ref()
                    .map_or_else(String::new, |s| s.display.display().to_string());
                format!("data page \"{}\" ({from})", p.title)
            }
            Target::Home(_) => "home page".to_string(),
            Target::List(List::Section(k), p) => {
                format!("section {} (page {})", site.sections[*k].url, p.number)
            }
            Target::List(List::Term { taxonomy, term }, p) => {
                let tax = &site.taxonomies[*taxonomy];
                let name = &tax.terms[*term].name;
                format!("{} term \"{name}\" (page {})", tax.kind.name(), p.number)
            }
            Target::List(List::Incidents { .. }, p) => {
                format!("incident list (page {})", p.number)
            }
            Target::Taxonomy(t) => format!("{} list", site.taxonomies[*t].kind.name()),
            Target::Incident(_, page) => page.what().to_string(),
            Target::IncidentData => "incidents as open data (JSON)".to_string(),
            Target::ActionsCsv => "incident actions as open data (CSV)".to_string(),
            Target::Status(_, StatusOutput::Page) => "status page".to_string(),
            Target::Status(_, StatusOutput::Json) => "status as open data (JSON)".to_string(),
            Target::Status(_, StatusOutput::Feed) => "status Atom feed".to_string(),
            Target::Status(_, StatusOutput::Badges) => "status badge".to_string(),
            Target::Feed(_) => "Atom feed".to_string(),
            Target::JsonFeed(_) => "JSON Feed".to_string(),
            Target::Search => "search page".to_string(),
            Target::SearchIndex => "search index".to_string(),
            Target::NotFound => "page for missing pages".to_string(),
            Target::Alias { page, .. } => format!("redirect to {}", site.pages[*page].url),
            Target::AuthorAlias { taxonomy, term, .. } => {
                format!(
                    "redirect to {}",
                    site.taxonomies[*taxonomy].terms[*term].url
                )
            }
            Target::File(FileSource::Builtin(_)) => "file of the default theme".to_string(),
            Target::File(FileSource::Disk(path)) => format!("file {}", path.display()),
            Target::SyntaxCss => "code highlighting stylesheet".to_string(),
            Target::Sitemap => "sitemap".to_string(),
            Target::SitemapPart(n) => format!("sitemap part {n}"),
            Target::Robots => "robots.txt".to_string(),
        }
    }
}

/// One file the build writes.
#[derive(Debug, Clone)]
pub struct Route {
    pub url: String,
    pub target: Target,
    /// Whether the sitemap lists it, and when it last changed where that is known.
    pub sitemap: Option<Option<When>>,
}

/// Every route of the site.
#[derive(Debug, Default)]
pub struct Routes {
    pub routes: Vec<Route>,
    /// The incident lists by severity, service and year, when the site has incidents:
    /// one per language with an incident section, the default language's first.
    pub incidents: Vec<Incidents>,
    /// The services with a status badge, `(name, slug)`, when the site has a status
    /// page.
    pub status: Option<Vec<(String, String)>>,
    /// Each list's pages, in order.
    pagers: HashMap<List, Vec<Pager>>,
}

/// What the table is made from besides the model.
pub struct Plans<'a> {
    pub feeds: &'a FeedPlan,
    /// The search page's URL, when the site has one.
    pub search: Option<&'static str>,
    /// Whether the theme (or the site) has a template: a page added to daylight after a
    /// site copied its theme is left out, not an error, until the site adds it.
    pub has_template: &'a dyn Fn(&str) -> bool,
}

impl Routes {
    /// The table for `site`. Problems (an alias that is already another URL, a static
    /// folder that cannot be read) go to `diags`.
    pub fn build(site: &Site, plans: &Plans<'_>, diags: &Diagnostics) -> Routes {
        let mut t = Routes::default();
        // Room for the pages, their lists and terms at once: 15,000 routes grown by
        // doubling would be copied about twice over on every rebuild in `serve`.
        let terms: usize = site.taxonomies.iter().map(|t| t.terms.len()).sum();
        t.routes.reserve(
            site.pages.len() + site.data_pages.len() + site.sections.len() + terms * 2 + 256,
        );
        t.find_incidents(site, plans);
        t.add_sections(site);
        t.add_pages(site);
        for (i, p) in site.data_pages.iter().enumerate() {
            t.push(&p.url, Target::DataPage(i), Some(None));
        }
        t.add_taxonomies(site);
        t.add_incidents(site);
        t.add_status(site, plans);
        if let Some(url) = plans.search {
            t.push(url, Target::Search, Some(None));
        }
        // Each language's search index: the whole index, its manifest and fragments,
        // as many as its rows make; and the search page of each language but the first.
        // A site in one language has no `languages:`, and one index.
        for lang in 0..site.config.languages.len().max(1) {
            let folder = match site.config.languages.get(lang) {
                Some(l) if lang != crate::language::DEFAULT => {
                    if let Some(url) = plans.search {
                        t.push(&urls::in_language(&l.code, url), Target::Search, Some(None));
                    }
                    urls::in_language(&l.code, urls::SEARCH_FOLDER)
                }
                _ => urls::SEARCH_FOLDER.to_string(),
            };
            let rows = crate::render::search::row_count(site, lang);
            for name in crate::render::search::file_names(rows) {
                t.push(
                    &urls::search_file(&folder, &name),
                    Target::SearchIndex,
                    None,
                );
            }
        }
        for (k, feed) in plans.feeds.feeds().iter().enumerate() {
            t.push(&urls::atom_feed(feed.list_url()), Target::Feed(k), None);
            if feed.has_json() {
                t.push(&urls::json_feed(feed.list_url()), Target::JsonFeed(k), None);
            }
        }
        t.push(urls::NOT_FOUND, Target::NotFound, None);
        // Each other language has its own, in its words (`/cy/404.html`), for hosts
        // that serve a folder's own 404 page.
        for l in site.config.languages.iter().skip(1) {
            t.push(
                &urls::in_language(&l.code, urls::NOT_FOUND),
                Target::NotFound,
                None,
            );
        }
        t.add_files(site, diags);
        t.refuse_clashes(site, diags);
        t.add_aliases(site, diags);
        t.push(urls::SYNTAX_CSS, Target::SyntaxCss, None);
        t.push(urls::SITEMAP, Target::Sitemap, None);
        let listed = t.listed().count();
        if listed > crate::render::sitemap::MAX_URLS {
            for n in 1..=listed.div_ceil(crate::render::sitemap::MAX_URLS) {
                t.push(&urls::sitemap_part(n), Target::SitemapPart(n), None);
            }
        }
        // A site's (or theme's) own robots.txt is one of its static files.
        if !t.routes.iter().any(|r| r.url == urls::ROBOTS) {
            t.push(urls::ROBOTS, Target::Robots, None);
        }
        t
    }

    /// The pages of a list, in order (one, at least, for a list that has routes).
    pub fn pagers(&self, list: &List) -> &[Pager] {
        self.pagers.get(list).map_or(&[], Vec::as_slice)
    }

    /// The routes the sitemap lists, in the table's order.
    pub fn listed(&self) -> impl Iterator<Item = (&str, Option<&When>)> {
        self.routes
            .iter()
            .filter_map(|r| r.sitemap.as_ref().map(|m| (r.url.as_str(), m.as_ref())))
    }

    pub fn files(&self) -> impl Iterator<Item = (&str, &FileSource)> {
        self.routes.iter().filter_map(|r| match &r.target {
            Target::File(from) => Some((r.url.as_str(), from)),
            _ => None,
        })
    }

    /// The author aliases: (alias URL, taxonomy, term, the alias as written).
    pub fn author_aliases(&self) -> impl Iterator<Item = (usize, usize, &str)> {
        self.routes.iter().filter_map(|r| match &r.target {
            Target::AuthorAlias {
                taxonomy,
                term,
                alias,
            } => Some((*taxonomy, *term, alias.as_str())),
            _ => None,
        })
    }

    pub fn aliases(&self) -> impl Iterator<Item = (&str, usize, usize)> {
        self.routes.iter().filter_map(|r| match r.target {
            Target::Alias { page, alias } => Some((r.url.as_str(), page, alias)),
            _ => None,
        })
    }

    fn push(&mut self, url: &str, target: Target, sitemap: Option<Option<When>>) {
        self.routes.push(Route {
            url: url.to_string(),
            target,
            sitemap,
        });
    }

    fn add_list(&mut self, list: List, pagers: Vec<Pager>, sitemap: Option<Option<When>>) {
        for (n, pager) in pagers.iter().enumerate() {
            // Only a list's first page is in the sitemap.
            let listed = if n == 0 { sitemap.clone() } else { None };
            self.push(&pager.url, Target::List(list, pager.clone()), listed);
        }
        self.pagers.insert(list, pagers);
    }

    /// The home page and every published section's list pages.
    fn add_sections(&mut self, site: &Site) {
        let lastmod = section_lastmods(site);
        for (k, s) in site.published_sections() {
            let sitemap = (!s.meta.draft).then(|| lastmod[k].cloned());
            if s.parent.is_none() {
                self.push(&s.url, Target::Home(k), sitemap);
            } else {
                let shown = self.section_list(site, k).len();
                let pagers = pagination::paginate(&s.url, shown, s.paginate_by);
                self.add_list(List::Section(k), pagers, sitemap);
            }
        }
    }

    fn add_pages(&mut self, site: &Site) {
        for (i, p) in site.pages.iter().enumerate() {
            // A page whose content is elsewhere is a redirect: the sitemap lists the
            // pages people land on.
            let listed = site.is_listed(i) && p.page.redirect_to.is_none();
            let sitemap = listed.then(|| {
                let page = &p.page;
                newer(p.last_updated().or(page.date.as_ref()), page.date.as_ref()).cloned()
            });
            self.push(&p.url, Target::Page(i), sitemap);
        }
    }

    /// Each taxonomy's list of terms, and each term's pages. The sitemap lists a term
    /// only when a listed page is under it.
    fn add_taxonomies(&mut self, site: &Site) {
        for (t, tax) in site.taxonomies.iter().enumerate() {
            // No tag, author or service anywhere: no page saying there is nothing (a
            // blog has no /services/ because incidents could name some).
            if tax.terms.is_empty() {
                continue;
            }
            let at = self.routes.len();
            self.push(&tax.url, Target::Taxonomy(t), Some(None));
            let mut newest = None;
            for (k, term) in tax.terms.iter().enumerate() {
                let mut listed = false;
                let mut lastmod = None;
                for &i in &term.pages {
                    if site.is_listed(i) {
                        listed = true;
                        let p = &site.pages[i];
                        lastmod = newer(lastmod, newer(p.last_updated(), p.page.date.as_ref()));
                    }
                }
                if listed {
                    newest = newer(newest, lastmod);
                }
                let pagers =
                    pagination::paginate(&term.url, term.pages.len(), site.config.paginate_by);
                let list = List::Term {
                    taxonomy: t,
                    term: k,
                };
                self.add_list(list, pagers, listed.then(|| lastmod.cloned()));
            }
            self.routes[at].sitemap = Some(newest.cloned());
        }
    }

    /// The pages section `k`'s list shows: its own; but another language's incident
    /// section lists every incident, in that language where translated, else in the
    /// default language's ([`Incidents`]).
    pub fn section_list<'s>(&'s self, site: &'s Site, k: usize) -> &'s [usize] {
        match (self.incidents.iter()).find(|inc| inc.section == k && inc.lang != DEFAULT) {
            Some(inc) => &inc.all,
            None => &site.sections[k].pages,
        }
    }

    /// The incident index the pages of language `lang` show in their navigation and
    /// banner: the language's own, else the default language's.
    pub fn incidents_for(&self, lang: LangId) -> Option<&Incidents> {
        (self.incidents.iter().find(|inc| inc.lang == lang)).or(self.incidents.first())
    }

    /// Each language's incident index, keeping only the incident pages its theme has a
    /// template for.
    fn find_incidents(&mut self, site: &Site, plans: &Plans<'_>) {
        self.incidents = Incidents::find_all(site);
        for inc in &mut self.incidents {
            inc.pages
                .retain(|page| (plans.has_template)(page.template()));
        }
    }

    /// Each language's incident lists by severity, service and year, its actions
    /// tracker, statistics and open data page; and the open data files, once (the
    /// first index's). The sitemap lists the filters that show a listed incident, and
    /// none in a draft section, so a `--drafts` preview lists no page that only drafts
    /// are on.
    fn add_incidents(&mut self, site: &Site) {
        let incidents = std::mem::take(&mut self.incidents);
        for inc in &incidents {
            self.add_incident_lists(site, inc);
        }
        if !incidents.is_empty() {
            self.push(urls::INCIDENTS_JSON, Target::IncidentData, None);
            self.push(urls::ACTIONS_CSV, Target::ActionsCsv, None);
        }
        self.incidents = incidents;
    }

    fn add_incident_lists(&mut self, site: &Site, inc: &Incidents) {
        let section = &site.sections[inc.section];
        let announced = !section.meta.draft;
        let listed = inc.listed(site);
        let filters = inc.filters(site);
        let listed_filters: std::collections::HashSet<String> = if !announced {
            Default::default()
        } else if listed.all.len() == inc.all.len() {
            // Every incident is listed (no drafts): the same filters, not worked out twice.
            filters.iter().map(|f| f.url.clone()).collect()
        } else {
            listed.filters(site).iter().map(|f| f.url.clone()).collect()
        };
        for (k, f) in filters.iter().enumerate() {
            let pagers = pagination::paginate(&f.url, f.pages.len(), section.paginate_by);
            let sitemap = listed_filters.contains(&f.url).then_some(None);
            let list = List::Incidents {
                lang: inc.lang,
                filter: k,
            };
            self.add_list(list, pagers, sitemap);
        }
        for &page in &inc.pages {
            let sitemap = announced.then_some(None);
            self.push(
                &page.url(&inc.base),
                Target::Incident(inc.lang, page),
                sitemap,
            );
        }
    }

    /// Each language's status page and its feed, and `status.json` and a badge per
    /// service once (the first index's), when the site has incidents, site.yaml does
    /// not turn it off (`incidents.status_page: false`), the theme has `status.html`,
    /// and no page or section of the site is at the status page's URL (the site's own
    /// wins, as for the search page).
    fn add_status(&mut self, site: &Site, plans: &Plans<'_>) {
        if !site.config.incidents.status_page || !(plans.has_template)(status::TEMPLATE) {
            return;
        }
        let mut incidents = std::mem::take(&mut self.incidents);
        for (n, inc) in incidents.iter_mut().enumerate() {
            let taken = site.pages.iter().any(|p| p.url == inc.status_url)
                || (site.published_sections()).any(|(_, s)| s.url == inc.status_url);
            if taken {
                continue;
            }
            inc.status_page = true;
            let announced = !site.sections[inc.section].meta.draft;
            let lang = inc.lang;
            let page = Target::Status(lang, StatusOutput::Page);
            self.push(&inc.status_url, page, announced.then_some(None));
            if n == 0 {
                let json = Target::Status(lang, StatusOutput::Json);
                self.push(urls::STATUS_JSON, json, None);
            }
            let feed = Target::Status(lang, StatusOutput::Feed);
            self.push(&urls::atom_feed(&inc.status_url), feed, None);
            if n == 0 {
                let services = status::service_names(site, &inc.listed(site));
                for (_, slug) in &services {
                    let badges = Target::Status(lang, StatusOutput::Badges);
                    self.push(&urls::status_badge(slug), badges, None);
                }
                self.status = Some(services);
            }
        }
        self.incidents = incidents;
    }

    /// Two routes at one URL (a content folder named like a taxonomy, a static file
    /// where a page is): one would overwrite the other. Each is an error at the content
    /// file it comes from, naming what else is there; the later route is dropped, so
    /// the clash is not said again when files are written.
    fn refuse_clashes(&mut self, site: &Site, diags: &Diagnostics) {
        let mut first: HashMap<&str, usize, FastHash> = HashMap::default();
        let mut dropped = Vec::new();
        for (i, r) in self.routes.iter().enumerate() {
            let Some(&was) = first.get(r.url.as_str()) else {
                first.insert(&r.url, i);
                continue;
            };
            dropped.push(i);
            let earlier = &self.routes[was];
            let (here, other) = match source_of(r, site) {
                Some(_) => (r, earlier),
                None => (earlier, r),
            };
            let message = format!(
                "{} is also the URL of {}",
                owner(here, site),
                owner(other, site)
            );
            let hint = match &other.target {
                Target::Taxonomy(t) | Target::List(List::Term { taxonomy: t, .. }, _) => {
                    let name = site.taxonomies[*t].kind.name();
                    format!(
                        "daylight publishes the `{name}` taxonomy there: move this content to another folder (e.g. content/people/), or leave `{name}` out of `taxonomies:` in site.yaml"
                    )
                }
                Target::File(_) => {
                    "a file in static/ has this page's path: rename or move one of them".to_string()
                }
                _ => "move or rename one of them, or give the page a `slug:`".to_string(),
            };
            let d = match source_of(here, site) {
                Some(src) => {
                    Diagnostic::error(&src.display, message).at(&src.text, src.yaml_first_line(), 1)
                }
                None => Diagnostic::error(here.url.trim_start_matches('/'), message),
            };
            diags.push(d.with_hint(hint));
        }
        for i in dropped.into_iter().rev() {
            let gone = self.routes.remove(i);
            if let Target::List(list, _) = &gone.target
                && let Some(pagers) = self.pagers.get_mut(list)
            {
                pagers.retain(|p| p.url != gone.url);
            }
        }
    }

    /// Whether the table has taxonomy `t`'s list of terms.
    pub fn has_taxonomy_list(&self, t: usize) -> bool {
        (self.routes.iter()).any(|r| matches!(r.target, Target::Taxonomy(x) if x == t))
    }

    /// A redirect at each old URL in `aliases:`. An alias that is the URL of something
    /// the site already has, or another page's alias, is an error: one of the two would
    /// be lost.
    fn add_aliases(&mut self, site: &Site, diags: &Diagnostics) {
        let any_alias = site.pages.iter().any(|p| !p.page.aliases.is_empty())
            || site.config.authors.values().any(|a| !a.aliases.is_empty());
        if !any_alias {
            return;
        }
        let routes = std::mem::take(&mut self.routes);
        let mut claims = AliasClaims::new(&routes);
        claims.add_page_aliases(site, diags);
        claims.add_author_aliases(site, diags);
        let added = claims.added;
        self.routes = routes;
        for (url, target) in added {
            self.push(&url, target, None);
        }
    }

    /// Theme static files, then the site's (which win), then page bundle files.
    fn add_files(&mut self, site: &Site, diags: &Diagnostics) {
        let mut files: HashMap<String, FileSource> = HashMap::new();
        let theme_dir = site.config.theme_dir();
        if theme_dir.is_none() {
            for (name, bytes) in crate::theme::builtin_files("static") {
                files.insert(name, FileSource::Builtin(bytes));
            }
        }
        let dirs = theme_dir
            .map(|d| d.join("static"))
            .into_iter()
            .chain([site.config.root.join("static")]);
        for dir in dirs {
            static_files(site, &dir, &mut files, diags);
        }
        // A bundle's files go beside its page, wherever its slug puts it (once, beside
        // the default language's page of a translated bundle).
        let bundles: HashMap<&str, String> = (site.pages.iter().enumerate())
            .filter(|(_, p)| p.page.is_bundle)
            .map(|(i, p)| {
                let folder = crate::content::walk::parent_of(&p.page.source.rel);
                (folder, site.bundle_files_url(i))
            })
            .collect();
        for asset in &site.assets {
            let mut dest = asset.rel.clone();
            let mut dir = crate::content::walk::parent_of(&asset.rel);
            while !dir.is_empty() {
                if let Some(url) = bundles.get(dir) {
                    dest = format!(
                        "{}{}",
                        url.trim_start_matches('/'),
                        &asset.rel[dir.len() + 1..]
                    );
                    break;
                }
                dir = crate::content::walk::parent_of(dir);
            }
            files.insert(dest, FileSource::Disk(asset.path.clone()));
        }
        let mut files: Vec<(String, FileSource)> = files.into_iter().collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        for (rel, from) in files {
            self.push(&format!("/{rel}"), Target::File(from), None);
        }
    }
}

/// The aliases being added to a table, and the URLs they may not take: every route's,
/// and every alias's added before them.
struct AliasClaims<'r> {
    routes: &'r [Route],
    /// Each URL the table has -> its route; what owns it is only described for an
    /// alias that clashes.
    table: HashMap<&'r str, usize, FastHash>,
    /// Aliases added here -> what they are an alias of.
    taken: HashMap<String, String, FastHash>,
    /// Each alias added: its URL and the redirect.
    added: Vec<(String, Target)>,
}

impl<'r> AliasClaims<'r> {
    fn new(routes: &'r [Route]) -> AliasClaims<'r> {
        let mut table: HashMap<&str, usize, FastHash> = HashMap::default();
        for (k, r) in routes.iter().enumerate() {
            table.entry(r.url.as_str()).or_insert(k);
        }
        AliasClaims {
            routes,
            table,
            taken: HashMap::default(),
            added: Vec::new(),
        }
    }

    /// What already has `url` (a route, or an alias added before), described.
    fn owner_of(&self, url: &str, site: &Site) -> Option<String> {
        (self.table.get(url).map(|&k| owner(&self.routes[k], site)))
            .or_else(|| self.taken.get(url).cloned())
    }

    /// Adds the redirect `target` at `url`, which `what` describes to a later clash.
    fn claim(&mut self, url: String, what: String, target: Target) {
        self.taken.insert(url.clone(), what);
        self.added.push((url, target));
    }

    /// Each page's `aliases:`.
    fn add_page_aliases(&mut self, site: &Site, diags: &Diagnostics) {
        for (i, p) in site.pages.iter().enumerate() {
            // The same alias twice in one page is said where the page is checked.
            let mut own: Vec<String> = Vec::new();
            for (k, (alias, at)) in p.page.aliases.iter().enumerate() {
                let (url, _) = urls::alias(alias);
                if own.contains(&url) {
                    continue;
                }
                own.push(url.clone());
                if let Some(owner) = self.owner_of(&url, site) {
                    diags.push(
                        (p.page.source)
                            .error_at(at, format!("the alias `{alias}` is already {owner}"))
                            .with_hint(
                                "remove it from `aliases:`, or give the other page a different URL",
                            ),
                    );
                    continue;
                }
                let line = p.page.source.line_of(at);
                let file = p.page.source.display.display();
                let what = format!("an alias of {} ({file}, line {line})", p.url);
                self.claim(url, what, Target::Alias { page: i, alias: k });
            }
        }
    }

    /// Authors' old pages (site.yaml `authors.<id>.aliases`), to their page here.
    fn add_author_aliases(&mut self, site: &Site, diags: &Diagnostics) {
        for (taxonomy, term, id) in authors_with_pages(site) {
            let Some(author) = site.config.authors.get(id) else {
                continue;
            };
            for alias in &author.aliases {
                let (url, _) = urls::alias(alias);
                if let Some(owner) = self.owner_of(&url, site) {
                    diags.push(
                        Diagnostic::error(
                            "site.yaml",
                            format!("the alias `{alias}` of the author `{id}` is already {owner}"),
                        )
                        .with_hint("remove it from the author's `aliases:` in site.yaml, or give the other page a different URL"),
                    );
                    continue;
                }
                let target = Target::AuthorAlias {
                    taxonomy,
                    term,
                    alias: alias.clone(),
                };
                self.claim(url, format!("an alias of the author `{id}`"), target);
            }
        }
    }
}

/// Each known author with a page here (a page listing their posts), as (taxonomy, term,
/// the author's id in site.yaml), by id. An author with none has nowhere for an old URL
/// to be sent.
fn authors_with_pages(site: &Site) -> Vec<(usize, usize, &str)> {
    let mut author_terms: Vec<(usize, usize, &str)> = Vec::new();
    // The default language's author pages first: an old URL was in that language.
    let (default, others): (Vec<_>, Vec<_>) =
        (site.pages.iter()).partition(|p| p.page.language == crate::language::DEFAULT);
    for p in default.into_iter().chain(others) {
        for a in &p.terms.authors {
            if let (Some(id), Some(known)) = (a.term.id, a.known.as_deref())
                && !author_terms.iter().any(|(_, _, k)| *k == known)
            {
                author_terms.push((id.taxonomy, id.term, known));
            }
        }
    }
    author_terms.sort_by_key(|(_, _, id)| *id);
    author_terms
}

/// What a route publishes, in words for a message: "the page /a/", "the search page".
fn owner(r: &Route, site: &Site) -> String {
    match &r.target {
        Target::Page(_) | Target::DataPage(_) => format!("the page {}", r.url),
        Target::Home(_) => format!("the section {}", r.url),
        Target::List(List::Section(_), pager) if pager.number == 1 => {
            format!("the section {}", r.url)
        }
        Target::Search => "the search page".to_string(),
        Target::Feed(_) | Target::JsonFeed(_) => format!("the feed {}", r.url),
        Target::NotFound => "the page shown for missing pages".to_string(),
        Target::Incident(_, page) => page.what().to_string(),
        Target::IncidentData | Target::ActionsCsv => incident::pages::OPEN_DATA.to_string(),
        Target::Status(_, output) => output.what().to_string(),
        Target::Taxonomy(t) => format!(
            "the `{}` taxonomy's list {}",
            site.taxonomies[*t].kind.name(),
            r.url
        ),
        Target::List(List::Term { taxonomy, .. }, _) => format!(
            "the `{}` taxonomy's page {}",
            site.taxonomies[*taxonomy].kind.name(),
            r.url
        ),
        Target::List(..) => format!("the list {}", r.url),
        other => format!("the {} {}", other.describe(site), r.url),
    }
}

/// The content file a route comes from, if one does: a page's, or a section's
/// `_index.md`.
fn source_of<'s>(r: &Route, site: &'s Site) -> Option<&'s crate::content::Source> {
    match &r.target {
        Target::Page(i) => Some(&site.pages[*i].page.source),
        Target::DataPage(i) => site
            .sections
            .get(site.data_pages.get(*i)?.section)?
            .meta
            .source
            .as_ref(),
        Target::Home(k) => site.sections.get(*k)?.meta.source.as_ref(),
        Target::List(List::Section(k), _) => site.sections.get(*k)?.meta.source.as_ref(),
        _ => None,
    }
}

/// Every file under one `static/` folder (the site's or the theme's), by its path there.
fn static_files(
    site: &Site,
    dir: &Path,
    files: &mut HashMap<String, FileSource>,
    diags: &Diagnostics,
) {
    let root = &site.config.root;
    let site_root = crate::inside::real_root(root);
    // static/ may itself be a link out of the site; the walk checks every link below it.
    if let Err(d) = crate::inside::check(dir, root, &site_root) {
        diags.push(d);
        return;
    }
    let allowed = Some(site_root.as_path());
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            let outside = crate::content::walk::leads_outside(e, allowed);
            if outside {
                diags.push(crate::content::walk::outside_link_error(
                    crate::site_relative(root, e.path()),
                    e.path(),
                ));
            }
            !outside
        });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                files.insert(rel, FileSource::Disk(e.path().to_path_buf()));
            }
            Ok(_) => {}
            Err(e) if dir.exists() => {
                let path = e
                    .path()
                    .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                diags.push(Diagnostic::error(
                    crate::site_relative(root, &path),
                    format!("could not read: {e}"),
                ));
            }
            Err(_) => {}
        }
    }
}

/// Per section: its newest listed page's date, counting every section below it.
fn section_lastmods(site: &Site) -> Vec<Option<&When>> {
    let mut lastmod: Vec<Option<&When>> = vec![None; site.sections.len()];
    for (i, p) in site.pages.iter().enumerate() {
        if !site.is_listed(i) {
            continue;
        }
        let when = newer(
            p.last_updated().or(p.page.date.as_ref()),
            p.page.date.as_ref(),
        );
        let mut s = Some(p.section);
        while let Some(k) = s {
            lastmod[k] = newer(lastmod[k], when);
            s = site.sections[k].parent;
        }
    }
    lastmod
}

/// The later of two dates.
pub fn newer<'a>(a: Option<&'a When>, b: Option<&'a When>) -> Option<&'a When> {
    match (a, b) {
        (Some(x), Some(y)) => Some(if y.timestamp() > x.timestamp() { y } else { x }),
        (x, None) => x,
        (None, y) => y,
    }
}
