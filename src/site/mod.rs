//! The site model: published pages in their sections, with URLs, order, neighbours and
//! taxonomies, built once from what [`crate::content`] read and then only read (in
//! parallel) by the renderer. Pages refer to each other by index, never by pointer.
//!
//! This is also where publication is decided: drafts, future-dated pages and pages in
//! draft sections are left out here, each with its reason, so nothing vanishes silently.

pub mod data_pages;
pub mod images;
pub mod pagination;
pub mod related;
pub mod taxonomy;
pub mod translations;

use std::collections::{BTreeMap, HashMap};

use jiff::Timestamp;
use rayon::prelude::*;

use crate::config::Config;
use crate::content::walk::{Asset, Content, parent_of};
use crate::content::{Kind, Page, SectionMeta, SortBy};
use crate::error::{Diagnostic, Diagnostics};
use crate::markdown::LinkResolver;
use crate::output::FastHash;
pub use taxonomy::{TaxonomyIndex, Term};

/// What a build was asked to include.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildOptions {
    pub drafts: bool,
    pub future: bool,
    /// Publish pages past their `expires:` date too (a preview).
    pub expired: bool,
    /// "Now" for future dates and overdue actions; fixed in tests.
    pub now: Timestamp,
}

#[derive(Debug, Clone)]
pub struct Section {
    /// Folder relative to content/ ("" for the home page).
    pub dir: String,
    pub meta: SectionMeta,
    pub url: String,
    pub parent: Option<usize>,
    /// Published pages, in the section's order.
    pub pages: Vec<usize>,
    pub subsections: Vec<usize>,
    pub kind: Kind,
    pub sort_by: SortBy,
    pub paginate_by: usize,
    /// Where its pages are published: its own `permalink:`, else the nearest one above.
    pub permalink: Option<crate::urls::Permalink>,
    /// The language its pages are in ([`crate::language`]): a translated section's
    /// folder is under its language's (`cy/blog`).
    pub lang: crate::language::LangId,
    /// The same section in the site's other languages, in site.yaml's order.
    pub translations: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct SitePage {
    /// Shared with what was read (and with `serve`'s cache of it).
    pub page: std::sync::Arc<Page>,
    pub url: String,
    pub section: usize,
    /// Neighbours in the section's reading order.
    pub previous: Option<usize>,
    pub next: Option<usize>,
    /// Older and newer posts in the same series.
    pub series_previous: Option<usize>,
    pub series_next: Option<usize>,
    /// The plan page and item a post reports on.
    pub reports_on: Option<(usize, usize)>,
    /// The pages its `related:` names, in its order ([`related`]).
    pub related: Vec<usize>,
    /// Its tags, authors, series and services, each resolved to its term.
    pub terms: taxonomy::PageTerms,
    /// Its featured and social image (its own `image:`), found and measured.
    pub image: Option<images::Image>,
    /// When its file last changed in git (see [`crate::upkeep::git`]), if git knows.
    pub last_commit: Option<crate::dates::When>,
    /// The same page in the site's other languages, in site.yaml's order.
    pub translations: Vec<usize>,
}

impl SitePage {
    /// When the page last changed: its `updated:`, else its file's last commit; None
    /// when neither is known (nothing is invented). What the page, its JSON-LD, feeds
    /// and the sitemap say.
    pub fn last_updated(&self) -> Option<&crate::dates::When> {
        self.page.updated.as_ref().or(self.last_commit.as_ref())
    }

    /// Where lists, feeds and the search index send a reader: the page's own URL, or
    /// its `redirect_to:` (a link post, whose content lives there). A site path or an
    /// http(s) URL.
    pub fn link(&self) -> &str {
        self.page.redirect_to.as_deref().unwrap_or(&self.url)
    }
}

/// A page bundle's page: None when it is published, else (its file, why it is left out).
type BundleState = Option<(std::path::PathBuf, Reason)>;

/// Why a page, or a file under content/, is not published.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// `draft: true`.
    Draft,
    /// It sits in a section whose `_index.md` (or one above) says `draft: true`.
    InDraftSection,
    /// A section's own `_index.md` that says `draft: true`.
    DraftSection,
    /// Dated after the build's "now".
    Future(crate::dates::When),
    /// Its `expires:` date is at or before the build's "now".
    Expired(crate::dates::When),
    /// A file of a page bundle whose page is left out.
    OfBundle {
        page: std::path::PathBuf,
        why: Box<Reason>,
    },
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::Draft => write!(
                f,
                "draft: publish it with `draft: false`, or preview with --drafts"
            ),
            Reason::InDraftSection => write!(f, "in a draft section"),
            Reason::DraftSection => {
                write!(f, "draft section: its pages and files are left out too")
            }
            Reason::Future(d) => write!(
                f,
                "dated in the future ({}): it publishes on that date, or preview with --future",
                d.display_date()
            ),
            Reason::Expired(d) => write!(
                f,
                "expired ({}): remove or change `expires:` to publish it again, or preview with --expired",
                d.display()
            ),
            Reason::OfBundle { page, why } => {
                write!(f, "a file of {}, which is left out ({why})", page.display())
            }
        }
    }
}

impl Reason {
    /// The reason as a link to the source is told it ("… is not published (…)").
    fn brief(&self) -> String {
        match self {
            Reason::DraftSection => "a draft section".to_string(),
            other => other.to_string(),
        }
    }
}

/// A page, or a file under content/, that is not published, and why.
#[derive(Debug, Clone)]
pub struct LeftOut {
    pub path: std::path::PathBuf,
    pub reason: Reason,
}

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub options: BuildOptions,
    pub sections: Vec<Section>,
    pub pages: Vec<SitePage>,
    pub taxonomies: Vec<TaxonomyIndex>,
    pub assets: Vec<Asset>,
    pub left_out: Vec<LeftOut>,
    /// content-relative source path -> URL, for every published page and section.
    urls_by_source: HashMap<String, String, FastHash>,
    /// content-relative source path -> why it is not published.
    unpublished: HashMap<String, Reason>,
    /// site.yaml's `image`: the social image of pages without their own.
    pub default_image: Option<images::Image>,
    /// Each page's place in the site's orders, for sorting any list of pages.
    pub order: PageOrder,
    /// The accessibility statement and the page that shows it.
    pub statement: Option<(usize, std::sync::Arc<crate::upkeep::statement::Statement>)>,
    /// Pages made from data files' records ([`data_pages`]), set once the data is read.
    pub data_pages: Vec<data_pages::DataPage>,
}

impl Site {
    /// A hash of everything [`LinkResolver::resolve`] answers from: which source is
    /// published at which URL, and which is not and why. Made in any order (a sum of each
    /// entry's hash), so the same site gives the same stamp however its maps were filled.
    pub fn links_stamp(&self) -> u64 {
        let entry = |a: &str, b: &str| {
            crate::render::memo::Fingerprint::new("link")
                .add(a)
                .add(b)
                .finish()
        };
        let published = (self.urls_by_source.iter())
            .fold(0u64, |sum, (path, url)| sum.wrapping_add(entry(path, url)));
        (self.unpublished.iter()).fold(published, |sum, (path, reason)| {
            sum.wrapping_add(entry(path, &reason.brief()))
        })
    }
}

impl LinkResolver for Site {
    fn resolve(&self, content_path: &str) -> Result<String, String> {
        if let Some(url) = self.urls_by_source.get(content_path) {
            return Ok(url.clone());
        }
        if let Some(reason) = self.unpublished.get(content_path) {
            return Err(format!(
                "content/{content_path} is not published ({}), so the link would lead nowhere: link to it once it is published",
                reason.brief()
            ));
        }
        // Alike by file name, not by the whole path: every page in a folder shares its
        // start, so `blog/missing.md` would otherwise be "like" `blog/one.md`. A bundle's
        // page is named by its folder.
        let name = |path: &str| {
            let mut parts = path.rsplit('/');
            let file = parts.next().unwrap_or(path);
            match file {
                "index.md" | "index.markdown" | "_index.md" => {
                    format!("{}/{file}", parts.next().unwrap_or(""))
                }
                _ => file.to_string(),
            }
        };
        let mut names: std::collections::BTreeMap<String, &str> = Default::default();
        for path in self.urls_by_source.keys() {
            let kept = names.entry(name(path)).or_insert(path);
            *kept = (*kept).min(path.as_str());
        }
        let wanted = name(content_path);
        let best = crate::error::did_you_mean(&wanted, names.keys().map(String::as_str));
        Err(match best.and_then(|b| names.get(b)) {
            Some(best) => format!(
                "no page content/{content_path} exists; did you mean content/{best}? (a link's path is relative to its file's folder)"
            ),
            None => String::new(),
        })
    }
}

fn title_from_dir(dir: &str) -> String {
    let name = dir
        .rsplit('/')
        .next()
        .unwrap_or(dir)
        .replace(['-', '_'], " ");
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl Site {
    /// Builds the model. Problems (URL clashes) go to `diags`. `decided`: what the last
    /// model decided of each page (`serve`), used again for the pages not read since.
    pub fn build(
        config: Config,
        options: BuildOptions,
        content: Content,
        diags: &Diagnostics,
        decided: Option<&mut Decided>,
    ) -> Site {
        let history = content.history;
        let statement_file = content.statement_file;
        let (mut sections, index_of_dir) = sections_of(&config, content.sections);
        let mut publication = Publication::default();
        let mut pages = publication.decide(
            content.pages,
            Placed {
                index_of_dir: &index_of_dir,
                sections: &sections,
            },
            &options,
            &config,
            diags,
            decided,
        );
        publication.leave_out_draft_sections(&sections, &options);
        let assets = published_assets(
            content.assets,
            &publication.bundles,
            &index_of_dir,
            &sections,
            &options,
            &config,
            &mut publication.left_out,
        );
        let (clashes, second) = url_clashes(&sections, &pages, &options);
        diags.extend(clashes);
        // The first source at a clashing URL keeps it, so the build's output has each URL
        // once and reports the clash once, here, at the lines that made it.
        let mut k = 0;
        pages.retain(|_| {
            k += 1;
            !second.contains(&(k - 1))
        });
        // Neither reads what the other makes: side by side.
        let (urls_by_source, order) = rayon::join(
            || urls_by_source(&mut sections, &pages, &options),
            || PageOrder::of(&pages),
        );
        order_sections(&mut sections, &mut pages, &order);
        link_series(&mut pages, &order);
        diags.extend(crate::kinds::plan::link_posts(&mut pages));
        diags.extend(related::link(&mut pages, &publication.unpublished));
        pages
            .par_iter_mut()
            .for_each(|p| p.terms = taxonomy::PageTerms::of(&p.page, &config));
        let taxonomies = taxonomy::build(&config, &pages, &order);
        taxonomy::resolve(&taxonomies, &mut pages);
        // Before the pictures: a translated bundle's files are its source's.
        if !config.languages.is_empty() {
            link_translations(&mut sections, &mut pages, &config);
        }
        let files_urls: Vec<Option<String>> = (0..pages.len())
            .map(|i| {
                let p = &pages[i].page;
                match (&p.image, p.is_bundle) {
                    (None, _) => None,
                    (Some(_), true) => Some(bundle_files_url(&pages, i)),
                    (Some(_), false) => {
                        Some(crate::urls::files_beside(parent_of(&p.source.rel), None))
                    }
                }
            })
            .collect();
        for (p, files_url) in pages.iter_mut().zip(files_urls) {
            let (Some((written, at)), Some(files_url)) = (&p.page.image, files_url) else {
                continue;
            };
            let owner = images::Owner::Page {
                source: &p.page.source,
                files_url: &files_url,
            };
            p.image = images::resolve(
                written,
                at,
                p.page.image_alt.as_deref(),
                owner,
                &config,
                diags,
            );
        }
        for p in &mut pages {
            p.last_commit =
                (history.last_changed(&p.page.source.rel)).map(|t| crate::dates::When {
                    zoned: t.to_zoned(config.timezone.clone()),
                    has_time: true,
                });
        }
        let statement = crate::upkeep::statement::place(&pages, statement_file, diags);
        let default_image = config.image.as_ref().and_then(|(written, at)| {
            let alt = config.image_alt.as_deref();
            images::resolve(written, at, alt, images::Owner::Site, &config, diags)
        });
        Site {
            default_image,
            statement,
            data_pages: Vec::new(),
            config,
            options,
            sections,
            pages,
            taxonomies,
            assets,
            left_out: publication.left_out,
            urls_by_source,
            unpublished: publication.unpublished,
            order,
        }
    }

    /// Whether page `i` is told to machines (feeds, sitemap, search index). Drafts never
    /// are, even in a `--drafts` preview build, so a preview deployed by mistake does not
    /// announce them; future-dated pages are, when `--future` put them in the build.
    pub fn is_listed(&self, i: usize) -> bool {
        let p = &self.pages[i];
        !p.page.draft && !self.sections[p.section].meta.draft
    }

    /// The term an id names.
    pub fn term(&self, id: taxonomy::TermId) -> &taxonomy::Term {
        &self.taxonomies[id.taxonomy].terms[id.term]
    }

    /// An author's site.yaml entry, when they have one.
    pub fn author(&self, a: &taxonomy::AuthorRef) -> Option<&crate::config::Author> {
        a.known.as_ref().and_then(|id| self.config.authors.get(id))
    }

    /// The published sections (a draft section's page is not written).
    pub fn published_sections(&self) -> impl Iterator<Item = (usize, &Section)> {
        self.sections
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.meta.draft || self.options.drafts)
    }

    /// Pages of a kind in the default language, newest first: what the site's own
    /// lists (the incident index, the status page, open data) are made of. A
    /// translation of an incident is the same incident, so it is not counted twice.
    pub fn pages_of_kind(&self, kind: Kind) -> Vec<usize> {
        self.pages_of_kind_in(kind, crate::language::DEFAULT)
    }

    /// Pages of a kind in one language, newest first.
    pub fn pages_of_kind_in(&self, kind: Kind, lang: crate::language::LangId) -> Vec<usize> {
        let mut v: Vec<usize> = (0..self.pages.len())
            .filter(|i| {
                let p = &self.pages[*i].page;
                p.kind() == kind && p.language == lang
            })
            .collect();
        self.order.sort(&mut v, SortBy::Date);
        v
    }

    /// What page `i`'s `lang` is: its own `lang:`, else its file's language's tag, else
    /// site.yaml's `language:`.
    pub fn page_language_tag(&self, i: usize) -> &str {
        let page = &self.pages[i].page;
        if let Some(lang) = &page.lang {
            return lang;
        }
        match self.config.languages.get(page.language) {
            Some(l) => &l.tag,
            None => &self.config.language,
        }
    }

    /// Where the files of bundle page `i`'s folder are published: beside the bundle's
    /// page in the default language, so a translation (`index.cy.md`) shares its
    /// source's pictures and files, one copy whose every link works, rather than
    /// pointing at a `/cy/…` copy nobody made; beside its own page when the folder has
    /// no page in the default language.
    pub fn bundle_files_url(&self, i: usize) -> String {
        bundle_files_url(&self.pages, i)
    }

    /// The home page's section of a language: 0 for the default; its own (`cy`) for
    /// another, which the walk always makes.
    pub fn home_of(&self, lang: crate::language::LangId) -> usize {
        if lang == crate::language::DEFAULT {
            return 0;
        }
        self.sections
            .iter()
            .position(|s| s.lang == lang && s.parent.is_none())
            .unwrap_or(0)
    }

    /// The URL of the published page or section from this content-relative source.
    pub fn url_of_source(&self, rel: &str) -> Option<&str> {
        self.urls_by_source.get(rel).map(String::as_str)
    }

    pub fn permalink(&self, url: &str) -> String {
        format!("{}{}", self.config.base_url, url)
    }

    /// The absolute URL of a site path, or the URL itself when it has a scheme (a
    /// `redirect_to:` elsewhere).
    pub fn absolute(&self, link: &str) -> String {
        if crate::urls::is_site_path(link) {
            self.permalink(link)
        } else {
            link.to_string()
        }
    }
}

/// [`Site::bundle_files_url`], while the model is being made (translations linked).
fn bundle_files_url(pages: &[SitePage], i: usize) -> String {
    let p = &pages[i];
    let folder = parent_of(&p.page.source.rel);
    let owner = (p.translations.iter().copied())
        .find(|&j| {
            let q = &pages[j].page;
            q.language == crate::language::DEFAULT
                && q.is_bundle
                && parent_of(&q.source.rel) == folder
        })
        .unwrap_or(i);
    crate::urls::files_beside(folder, Some(&pages[owner].url))
}

/// Each page's and section's translations: the pages whose files share a source's name
/// (`about.md`, `about.cy.md`), the sections that mirror one folder (`blog`, `cy/blog`).
fn link_translations(sections: &mut [Section], pages: &mut [SitePage], config: &Config) {
    let mut groups: HashMap<(bool, String), Vec<(crate::language::LangId, usize)>> = HashMap::new();
    for (i, p) in pages.iter().enumerate() {
        let rel = &p.page.source.rel;
        let base = crate::language::of_file(rel, config).map_or_else(|| rel.clone(), |(b, _)| b);
        groups
            .entry((true, base))
            .or_default()
            .push((p.page.language, i));
    }
    for (k, s) in sections.iter().enumerate() {
        let real = match s.lang {
            crate::language::DEFAULT => s.dir.clone(),
            _ => s
                .dir
                .split_once('/')
                .map_or(String::new(), |(_, r)| r.to_string()),
        };
        groups.entry((false, real)).or_default().push((s.lang, k));
    }
    for ((is_page, _), mut members) in groups {
        members.sort_unstable();
        for &(_, i) in &members {
            let others = members.iter().filter(|(_, j)| *j != i).map(|(_, j)| *j);
            if is_page {
                pages[i].translations = others.collect();
            } else {
                sections[i].translations = others.collect();
            }
        }
    }
}

/// The sections, parents before children, each with what it inherits from above (its
/// kind, and being a draft), and each folder's index among them.
fn sections_of(
    config: &Config,
    metas: BTreeMap<String, Option<SectionMeta>>,
) -> (Vec<Section>, HashMap<String, usize>) {
    let mut sections: Vec<Section> = Vec::new();
    let mut index_of_dir: HashMap<String, usize> = HashMap::new();
    // BTreeMap order puts every parent before its children ("" < "blog" < "blog/2024").
    for (dir, meta) in metas {
        let (lang, real_dir) = crate::language::of_folder(&dir, config);
        // A language's home (`cy`) is a home page, below none.
        let parent = (!real_dir.is_empty()).then(|| {
            let mut p = parent_of(&dir);
            loop {
                if let Some(i) = index_of_dir.get(p) {
                    break *i;
                }
                p = parent_of(p);
            }
        });
        let mut meta = meta.unwrap_or_else(|| SectionMeta {
            source: None,
            title: if real_dir.is_empty() {
                (config.languages.get(lang))
                    .and_then(|l| l.title.clone())
                    .unwrap_or_else(|| config.title.clone())
            } else {
                title_from_dir(&dir)
            },
            description: None,
            kind: None,
            sort_by: None,
            paginate_by: None,
            weight: None,
            template: None,
            extra: Default::default(),
            draft: false,
            permalink: None,
            owner: None,
            review_every: None,
            data_pages: None,
        });
        let inherited = parent.map(|p: usize| (sections[p].kind, sections[p].meta.draft));
        let permalink = meta
            .permalink
            .clone()
            .or_else(|| parent.and_then(|p| sections[p].permalink.clone()));
        let kind = meta
            .kind
            .or(inherited.map(|(k, _)| k))
            .unwrap_or(Kind::Page);
        let sort_by = meta.sort_by.unwrap_or(match kind {
            Kind::Post | Kind::Incident => SortBy::Date,
            Kind::Plan | Kind::Page => SortBy::Weight,
        });
        let paginate_by = meta.paginate_by.unwrap_or(config.paginate_by);
        meta.draft |= inherited.is_some_and(|(_, d)| d);
        index_of_dir.insert(dir.clone(), sections.len());
        if let Some(p) = parent {
            let idx = sections.len();
            sections[p].subsections.push(idx);
        }
        sections.push(Section {
            url: crate::urls::section(&dir),
            dir,
            meta,
            parent,
            pages: Vec::new(),
            subsections: Vec::new(),
            kind,
            sort_by,
            paginate_by,
            permalink,
            lang,
            translations: Vec::new(),
        });
    }
    (sections, index_of_dir)
}

/// What is published and what is left out, and why.
#[derive(Default)]
struct Publication {
    left_out: Vec<LeftOut>,
    /// content-relative source path -> why it is not published.
    unpublished: HashMap<String, Reason>,
    /// Bundle folder -> None when its page is published, else (page, why it is not).
    bundles: HashMap<String, BundleState>,
}

/// The sections, and which holds each folder's pages.
#[derive(Clone, Copy)]
struct Placed<'a> {
    index_of_dir: &'a HashMap<String, usize>,
    sections: &'a [Section],
}

/// What was decided of one page: its section, why it is not published (if it is not),
/// its URL (when it is), and what working the URL out said.
type Decision = (usize, Option<Reason>, Option<String>, Vec<Diagnostic>);

/// What the last model decided of each page (`serve`), kept so the next decides again
/// only the pages read again since (10,000 pages decided on each save cost ~8 ms of two
/// cores). Used while the settings, options and sections it was made with stand.
#[derive(Default)]
pub struct Decided {
    made_with: u64,
    /// Each page as read, in the order read, with what was decided of it.
    pages: Vec<(std::sync::Arc<Page>, Decision)>,
}

impl Publication {
    /// The published pages, with their URLs; the rest are left out with their reason.
    fn decide(
        &mut self,
        read: Vec<(String, std::sync::Arc<Page>)>,
        placed: Placed<'_>,
        options: &BuildOptions,
        config: &Config,
        diags: &Diagnostics,
        memo: Option<&mut Decided>,
    ) -> Vec<SitePage> {
        let Placed {
            index_of_dir,
            sections,
        } = placed;
        let made_with = xxhash_rust::xxh3::xxh3_64(
            format!("{:x} {options:?} {sections:?}", config.fingerprint()).as_bytes(),
        );
        let kept = (memo.as_deref()).filter(|m| m.made_with == made_with);
        // Whether each page is published, and its URL when it is: each page's own work,
        // made on every core before the pages are taken in order below; a page kept
        // since the last model, in the same place, as it was decided then.
        let decided: Vec<Decision> = (read.par_iter().enumerate())
            .map(|(i, (dir, page))| {
                if let Some((was, decision)) = kept.and_then(|k| k.pages.get(i))
                    && std::sync::Arc::ptr_eq(was, page)
                {
                    return decision.clone();
                }
                let section = index_of_dir.get(dir).copied().unwrap_or(0);
                let reason = not_published(page, &sections[section], options);
                let said = Diagnostics::default();
                let url = match reason {
                    None => page_url(page, &sections[section], config, &said),
                    Some(_) => None,
                };
                (section, reason, url, said.to_vec())
            })
            .collect();
        if let Some(memo) = memo {
            memo.made_with = made_with;
            memo.pages.clear();
            (memo.pages).extend((read.iter().map(|(_, p)| p.clone())).zip(decided.iter().cloned()));
        }
        let mut pages = Vec::with_capacity(read.len());
        for ((_, page), (section, reason, url, said)) in read.into_iter().zip(decided) {
            diags.extend(said);
            if page.is_bundle {
                let own = reason
                    .as_ref()
                    .map(|r| (page.source.display.clone(), r.clone()));
                self.bundles
                    .insert(parent_of(&page.source.rel).to_string(), own);
            }
            if let Some(reason) = reason {
                self.unpublished
                    .insert(page.source.rel.clone(), reason.clone());
                self.left_out.push(LeftOut {
                    path: page.source.display.clone(),
                    reason,
                });
                continue;
            }
            let Some(url) = url else {
                continue;
            };
            pages.push(SitePage {
                terms: taxonomy::PageTerms::default(),
                page,
                url,
                section,
                previous: None,
                next: None,
                series_previous: None,
                series_next: None,
                reports_on: None,
                related: Vec::new(),
                image: None,
                last_commit: None,
                translations: Vec::new(),
            });
        }
        pages
    }

    /// A draft section's own `_index.md` is left out too (with its pages, above).
    fn leave_out_draft_sections(&mut self, sections: &[Section], options: &BuildOptions) {
        for s in sections {
            if s.meta.draft
                && !options.drafts
                && let Some(src) = &s.meta.source
            {
                self.unpublished
                    .insert(src.rel.clone(), Reason::DraftSection);
                self.left_out.push(LeftOut {
                    path: src.display.clone(),
                    reason: Reason::DraftSection,
                });
            }
        }
    }
}

/// Why a page is not published, if it is not.
fn not_published(page: &Page, section: &Section, options: &BuildOptions) -> Option<Reason> {
    if page.draft && !options.drafts {
        Some(Reason::Draft)
    } else if section.meta.draft && !options.drafts {
        Some(Reason::InDraftSection)
    } else {
        match (&page.date, &page.expires) {
            (Some(d), _) if d.timestamp() > options.now && !options.future => {
                Some(Reason::Future(d.clone()))
            }
            (_, Some(e)) if e.timestamp() <= options.now && !options.expired => {
                Some(Reason::Expired(e.clone()))
            }
            _ => None,
        }
    }
}

/// A page's URL: its section's `permalink:` pattern filled in, else its folder's URL and
/// its slug. None, with an error, when the pattern needs a date the page does not have.
fn page_url(
    page: &Page,
    section: &Section,
    config: &Config,
    diags: &Diagnostics,
) -> Option<String> {
    let folder = parent_of(&page.source.rel);
    let folder = if page.is_bundle {
        parent_of(folder)
    } else {
        folder
    };
    let Some(pattern) = &section.permalink else {
        // A page in a plain folder below its section (`news/2019/05/x.md`) keeps the
        // folder in its URL, as in Hugo: the URLs a site had stay as they were. A
        // translation's folder is its language's (`cy/news/2019/05`).
        let folder = crate::language::folder(folder, page.language, config);
        return Some(crate::urls::page(
            &crate::urls::section(&folder),
            &page.slug,
        ));
    };
    // A file name's date is not part of its slug in a pattern, as in Jekyll and Zola
    // (`2015-07-08-moving-in.md` is `/2015/07/08/moving-in/`); a written `slug:` is.
    let slug = match page.slug_at {
        Some(_) => page.slug.as_str(),
        None => crate::urls::slug_without_date(&page.slug),
    };
    let fields = crate::urls::PageFields {
        date: page.date.as_ref().map(|d| d.zoned.date()),
        slug,
        section_url: &section.url,
        title: &page.title,
    };
    // A pattern without `:section` says nothing of the language: its code goes first.
    let url = match config.languages.get(page.language) {
        Some(l)
            if page.language != crate::language::DEFAULT
                && !pattern.uses(|t| t == crate::urls::Token::Section) =>
        {
            pattern
                .expand(&fields)
                .map(|u| crate::urls::in_language(&l.code, &u))
        }
        _ => pattern.expand(&fields),
    };
    if url.is_none() {
        let src = &page.source;
        diags.push(
            Diagnostic::error(
                &src.display,
                format!(
                    "this page has no `date`, which the permalink of its section ({}) needs",
                    section.url
                ),
            )
            .at(&src.text, src.yaml_first_line(), 1)
            .with_hint(
                "add a line such as `date: 2024-03-12` to the front matter, or move the page to a section whose permalink has no date",
            ),
        );
    }
    url
}

/// Two sources for one URL would overwrite each other: each clash is an error at each
/// page, at the line that made its URL (`slug:`, else `date:` when the section's
/// permalink has the date in it), naming the other source. Also returns the pages that
/// came second to their URL.
fn url_clashes(
    sections: &[Section],
    pages: &[SitePage],
    options: &BuildOptions,
) -> (Vec<Diagnostic>, std::collections::HashSet<usize>) {
    let mut by_url: HashMap<&str, Vec<Owner<'_>>, FastHash> =
        HashMap::with_capacity_and_hasher(pages.len() + sections.len(), FastHash::default());
    for s in sections.iter().filter(|s| !s.meta.draft || options.drafts) {
        if let Some(src) = &s.meta.source {
            by_url.entry(&s.url).or_default().push(Owner::Section(src));
        }
    }
    for (i, p) in pages.iter().enumerate() {
        by_url
            .entry(&p.url)
            .or_default()
            .push(Owner::Page(i, p, &sections[p.section]));
    }
    let mut clashes = Vec::new();
    let mut second = std::collections::HashSet::new();
    for (url, owners) in by_url {
        if owners.len() < 2 {
            continue;
        }
        for (k, owner) in owners.iter().enumerate() {
            let Owner::Page(i, p, section) = owner else {
                continue;
            };
            if k > 0 {
                second.insert(*i);
            }
            let others: Vec<String> = owners
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != k)
                .map(|(_, o)| o.display())
                .collect();
            clashes.push(clash_at(p, section, url, &others.join(", ")));
        }
    }
    (clashes, second)
}

/// What has a URL, for a clash.
enum Owner<'a> {
    Section(&'a crate::content::Source),
    Page(usize, &'a SitePage, &'a Section),
}

impl Owner<'_> {
    fn display(&self) -> String {
        match self {
            Owner::Section(src) => src.display.display().to_string(),
            Owner::Page(_, p, _) => p.page.source.display.display().to_string(),
        }
    }
}

/// One page's side of a URL clash.
fn clash_at(p: &SitePage, section: &Section, url: &str, others: &str) -> Diagnostic {
    let src = &p.page.source;
    let message = format!("this page and {others} both have the URL {url}");
    let dated = section
        .permalink
        .as_ref()
        .is_some_and(|pattern| pattern.uses(crate::urls::Token::is_date));
    if let Some(at) = p.page.slug_at {
        src.error_at(&at, message)
            .with_hint("give one of them a different `slug:`")
    } else if let (true, Some(at)) = (dated, p.page.date_at) {
        src.error_at(&at, message).with_hint(
            "give one of them a `slug:` of its own (its URL takes the date and the file name)",
        )
    } else {
        Diagnostic::error(&src.display, message)
            .at(&src.text, src.yaml_first_line(), 1)
            .with_hint(
                "give one of them a different `slug:` in its front matter, or rename the file",
            )
    }
}

/// Each published source's URL (for links between pages), and each section's pages.
fn urls_by_source(
    sections: &mut [Section],
    pages: &[SitePage],
    options: &BuildOptions,
) -> HashMap<String, String, FastHash> {
    let mut urls =
        HashMap::with_capacity_and_hasher(pages.len() + sections.len(), FastHash::default());
    for (i, p) in pages.iter().enumerate() {
        urls.insert(p.page.source.rel.clone(), p.url.clone());
        sections[p.section].pages.push(i);
    }
    for s in sections.iter() {
        if let Some(src) = &s.meta.source
            && (!s.meta.draft || options.drafts)
        {
            urls.insert(src.rel.clone(), s.url.clone());
        }
    }
    urls
}

/// Sorts each section's pages and subsections, and links each page to its neighbours.
fn order_sections(sections: &mut [Section], pages: &mut [SitePage], order: &PageOrder) {
    for s in sections.iter_mut() {
        order.sort(&mut s.pages, s.sort_by);
        let newest_first = s.sort_by == SortBy::Date;
        for (pos, &i) in s.pages.iter().enumerate() {
            let before = pos.checked_sub(1).map(|p| s.pages[p]);
            let after = s.pages.get(pos + 1).copied();
            // In a newest-first list, "previous" is the older page, which comes after.
            let (previous, next) = if newest_first {
                (after, before)
            } else {
                (before, after)
            };
            pages[i].previous = previous;
            pages[i].next = next;
        }
    }
    let order = sections
        .iter()
        .map(|s| (s.meta.weight.unwrap_or(0), s.meta.title.to_lowercase()))
        .collect::<Vec<_>>();
    for s in sections.iter_mut() {
        s.subsections.sort_by(|a, b| order[*a].cmp(&order[*b]));
    }
}

/// The files under content/ that are published: those of a published page bundle, and
/// those beside pages in a published section. A file of an unpublished page (a draft,
/// future or draft-section page's bundle) or in a draft section is left out with its
/// reason, as its page is: publishing `evidence.txt` beside a draft would publish what
/// the draft keeps back. `--drafts` and `--future` bring them back with their pages.
fn published_assets(
    assets: Vec<Asset>,
    bundles: &HashMap<String, BundleState>,
    index_of_dir: &HashMap<String, usize>,
    sections: &[Section],
    options: &BuildOptions,
    config: &Config,
    left_out: &mut Vec<LeftOut>,
) -> Vec<Asset> {
    let mut published = Vec::with_capacity(assets.len());
    for asset in assets {
        let reason = match owning_bundle(&asset.rel, bundles) {
            Some(Some((page, why))) => Some(Reason::OfBundle {
                page: page.clone(),
                why: Box::new(why.clone()),
            }),
            Some(None) => None,
            None => {
                let mut dir = parent_of(&asset.rel);
                let section = loop {
                    if let Some(&k) = index_of_dir.get(dir) {
                        break k;
                    }
                    if dir.is_empty() {
                        break 0;
                    }
                    dir = parent_of(dir);
                };
                (sections[section].meta.draft && !options.drafts).then_some(Reason::InDraftSection)
            }
        };
        match reason {
            Some(reason) => left_out.push(LeftOut {
                path: crate::site_relative(&config.root, &asset.path),
                reason,
            }),
            None => published.push(asset),
        }
    }
    published
}

/// The nearest page bundle a content file sits in, if any: `Some(None)` when that
/// bundle's page is published, `Some(Some((page, why)))` when it is left out.
fn owning_bundle<'b>(
    rel: &str,
    bundles: &'b HashMap<String, BundleState>,
) -> Option<&'b BundleState> {
    let mut dir = parent_of(rel);
    while !dir.is_empty() {
        if let Some(b) = bundles.get(dir) {
            return Some(b);
        }
        dir = parent_of(dir);
    }
    None
}

/// Each post in a series learns the older and newer posts of that series.
fn link_series(pages: &mut [SitePage], order: &PageOrder) {
    let mut by_series: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, p) in pages.iter().enumerate() {
        if let Some(s) = p.page.series() {
            by_series.entry(slug::slugify(s)).or_default().push(i);
        }
    }
    for mut members in by_series.into_values() {
        order.sort(&mut members, SortBy::Date);
        members.reverse(); // oldest first
        for (pos, &i) in members.iter().enumerate() {
            pages[i].series_previous = pos.checked_sub(1).map(|p| members[p]);
            pages[i].series_next = members.get(pos + 1).copied();
        }
    }
}

/// Each page's rank in each order a list can have: newest first (undated last), by
/// title, and by weight then title, with ties in source order. Worked out once per build,
/// so sorting any list of pages (a section, a term, a feed) compares two numbers, and every
/// list sorts its pages alike.
#[derive(Debug, Default)]
pub struct PageOrder {
    date: Vec<u32>,
    title: Vec<u32>,
    weight: Vec<u32>,
}

impl PageOrder {
    pub fn of(pages: &[SitePage]) -> PageOrder {
        let titles: Vec<String> = (pages.par_iter())
            .map(|p| p.page.title.to_lowercase())
            .collect();
        let dates: Vec<Option<Timestamp>> = pages
            .iter()
            .map(|p| p.page.date.as_ref().map(|d| d.timestamp()))
            .collect();
        let ranks = |cmp: &(dyn Fn(usize, usize) -> std::cmp::Ordering + Sync)| {
            let mut v: Vec<usize> = (0..pages.len()).collect();
            v.sort_by(|&a, &b| cmp(a, b));
            let mut rank = vec![0; pages.len()];
            for (r, &i) in v.iter().enumerate() {
                rank[i] = u32::try_from(r).unwrap_or(u32::MAX);
            }
            rank
        };
        let by_title = |a: usize, b: usize| titles[a].cmp(&titles[b]);
        // The three sorts side by side: `serve` makes them on every rebuild.
        let (date, (title, weight)) = rayon::join(
            // Newest first; undated pages after the dated ones.
            || {
                ranks(&|a, b| match (dates[a], dates[b]) {
                    (Some(x), Some(y)) => y.cmp(&x).then_with(|| by_title(a, b)),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => by_title(a, b),
                })
            },
            || {
                rayon::join(
                    || ranks(&by_title),
                    || {
                        ranks(&|a, b| {
                            let w = |i: usize| pages[i].page.weight.unwrap_or(i64::MAX);
                            w(a).cmp(&w(b)).then_with(|| by_title(a, b))
                        })
                    },
                )
            },
        );
        PageOrder {
            date,
            title,
            weight,
        }
    }

    /// Sorts page indices into the order `by`.
    pub fn sort(&self, v: &mut [usize], by: SortBy) {
        let rank = match by {
            SortBy::Date => &self.date,
            SortBy::Title => &self.title,
            SortBy::Weight => &self.weight,
        };
        v.sort_unstable_by_key(|&i| rank[i]);
    }
}
