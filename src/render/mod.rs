//! Rendering the site model into files: every page, section list, taxonomy page, the
//! home and 404 pages, static files and page bundle assets.
//!
//! Pages render in parallel and are written as soon as they are rendered; only their
//! summaries are kept, for the lists rendered after them. Every problem is collected and
//! the render goes on, so one build reports them all.

pub mod context;
pub mod feeds;
pub mod html_urls;
pub mod incidents;
pub mod languages;
pub mod memo;
pub mod metadata;
pub mod mount;
pub mod search;
pub mod shortcodes;
pub mod sitemap;
pub mod templates;
pub mod words;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Taxonomy;
use crate::content::Kind;
use std::sync::Arc;

use crate::error::{Diagnostic, Diagnostics};
use crate::markdown::{self, Input};
use crate::output::Output;
use crate::routes::{List, Plans, Routes, Target};
use crate::site::pagination::{self, Pager};
use crate::site::taxonomy::{AuthorRef, TermRef};
use crate::site::{Section, Site};
use crate::theme::FileSource;
use crate::urls;
use context::*;
use languages::Alternates;
use memo::{Fingerprint, Memo, NextRoutes};
pub use templates::Templates;

/// How many recent posts and incidents the home page lists.
pub const RECENT_ON_HOME: usize = 5;

/// What a render wrote.
#[derive(Debug, Default)]
pub struct Stats {
    pub pages: usize,
    /// How long each step of the render took, for `--verbose`.
    pub timings: Vec<(&'static str, std::time::Duration)>,
    pub lists: usize,
    pub files_copied: usize,
}

/// Times the steps of a render, one lap each.
pub struct Clock {
    last: std::time::Instant,
    pub laps: Vec<(&'static str, std::time::Duration)>,
}

impl Default for Clock {
    fn default() -> Clock {
        Clock {
            last: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }
}

impl Clock {
    /// Ends the step called `what` (indented: it is a step of "rendered and wrote"),
    /// started when the last one ended.
    pub fn lap(&mut self, what: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((what, now - self.last));
        self.last = now;
    }
}

/// What is kept of a rendered page for the lists.
#[derive(Debug, Default, Clone)]
/// Shared with the page's body, so handing it to the lists copies no text.
pub struct Digest {
    pub summary_html: Option<Arc<str>>,
    pub word_count: usize,
    /// The page's HTML with absolute links, only for pages some feed carries in full.
    pub feed_html: Option<Arc<str>>,
    /// The page's most used words, for the search index.
    pub search_words: Arc<str>,
}

/// What every route of one render shares, made once before any renders.
pub struct Common {
    /// The site's title, description and organisation with smart punctuation.
    title: String,
    description: String,
    organisation: String,
    build_iso: String,
    build_display: String,
    menu: Vec<(String, String)>,
    footer: Vec<(String, String)>,
    feed_plan: feeds::FeedPlan,
    search_url: Option<&'static str>,
    /// Per feed, what a page that links it shows of it (hashed).
    feed_links: Vec<u64>,
    /// Hash of what every route reads: settings, templates, menus, the build date.
    global: u64,
    /// Hash of what every route no template draws reads: settings, the build date.
    data_global: u64,
    /// The data files, as every template sees them (`data`).
    data: tera::Value,
    /// A bilingual site's other languages' titles, menus and footers ([`Frame`]); empty
    /// for a site in one language.
    frames: Vec<Frame>,
    /// Each route's translations, for the switcher and `hreflang`.
    alternates: languages::Alternates,
    /// The `site` variable as Tera holds it, per language and set of highlighted menu
    /// and footer links: every page has one, and converting it for each of them cost
    /// more than drawing most pages' headers.
    site_values: std::sync::RwLock<rustc_hash::FxHashMap<(usize, Vec<bool>), tera::Value>>,
    /// Per language, the names of severities and services its pages show (`names`),
    /// converted once.
    names: Vec<std::sync::OnceLock<tera::Value>>,
}

/// What the frame of a page (header, menu, footer) says in one language other than
/// the default (whose are [`Common`]'s own fields).
#[derive(Hash)]
struct Frame {
    title: String,
    description: String,
    language: String,
    menu: Vec<(String, String)>,
    footer: Vec<(String, String)>,
    search_url: Option<String>,
    feed_url: String,
}

impl Frame {
    fn of(site: &Site, lang: usize, common: &Common, words: &words::Words) -> Frame {
        let l = &site.config.languages[lang];
        let smart = |t: &str| {
            crate::markdown::smart::text(t, site.config.markdown.smart_punctuation).into_owned()
        };
        let home = &site.sections[site.home_of(lang)];
        let menu = match &l.menu {
            Some(items) => items
                .iter()
                .map(|m| (m.name.0.clone(), m.url.0.clone()))
                .collect(),
            None => (home.subsections.iter())
                .map(|&s| &site.sections[s])
                .filter(|s| !s.meta.draft || site.options.drafts)
                .map(|s| (s.meta.title.clone(), s.url.clone()))
                .collect(),
        };
        // The footer's links lead to their translations where there are some.
        let switcher = |url: &str| {
            common
                .alternates
                .switcher(site, url, words)
                .into_iter()
                .nth(lang)
                .filter(|link| link.translated)
                .map_or_else(|| url.to_string(), |link| link.url)
        };
        Frame {
            title: smart(site.config.title_in(lang)),
            description: smart(l.description.as_deref().unwrap_or(&site.config.description)),
            language: l.tag.clone(),
            menu,
            footer: (common.footer.iter())
                .map(|(name, url)| (footer_name(name, words.of(lang)), switcher(url)))
                .collect(),
            search_url: common
                .search_url
                .map(|u| languages::in_language(site, lang, u)),
            feed_url: urls::atom_feed(&home.url),
        }
    }
}

impl Common {
    fn new(site: &Site, templates: &Templates, data: &crate::data::Data) -> Common {
        let now = site.options.now.to_zoned(site.config.timezone.clone());
        let menu = match &site.config.menu {
            Some(items) => items
                .iter()
                .map(|m| (m.name.0.clone(), m.url.0.clone()))
                .collect(),
            None => site.sections[0]
                .subsections
                .iter()
                .map(|&s| &site.sections[s])
                .filter(|s| !s.meta.draft || site.options.drafts)
                .map(|s| (s.meta.title.clone(), s.url.clone()))
                .collect(),
        };
        let footer = match &site.config.footer {
            Some(items) => items
                .iter()
                .map(|m| (m.name.0.clone(), m.url.0.clone()))
                .collect(),
            None => {
                let mut links: Vec<(String, String)> = [
                    ("Accessibility statement", "accessibility.md"),
                    ("About", "about.md"),
                ]
                .iter()
                .filter_map(|(name, src)| {
                    site.url_of_source(src)
                        .map(|url| (name.to_string(), url.to_string()))
                })
                .collect();
                // Only when some page has a tag: a taxonomy with no terms has no page.
                let tags = (site.taxonomies.iter()).find(|t| t.kind == Taxonomy::Tags);
                if site.config.taxonomy_enabled(Taxonomy::Tags)
                    && tags.is_some_and(|t| !t.terms.is_empty())
                {
                    links.push(("Tags".to_string(), urls::taxonomy("tags")));
                }
                links
            }
        };
        let smart = |t: &str| {
            crate::markdown::smart::text(t, site.config.markdown.smart_punctuation).into_owned()
        };
        let mut common = Common {
            title: smart(&site.config.title),
            description: smart(&site.config.description),
            organisation: smart(&site.config.organisation),
            footer,
            build_iso: now.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
            build_display: now.strftime("%-d %B %Y").to_string(),
            menu,
            feed_plan: feeds::FeedPlan::new(site),
            search_url: search::page_url(site, templates),
            feed_links: Vec::new(),
            global: 0,
            data_global: 0,
            data: tera::Value::from_serializable(&data.tree),
            frames: Vec::new(),
            alternates: languages::Alternates::default(),
            site_values: Default::default(),
            names: (0..site.config.languages.len().max(1))
                .map(|_| Default::default())
                .collect(),
        };
        common.feed_links = common.feed_plan.link_hashes();
        common.data_global = Fingerprint::new("data")
            .add(&site.config.fingerprint())
            .add(&site.default_image)
            .add(&format!("{:?}", site.options))
            .add(&common.build_iso)
            .finish();
        common.global = Fingerprint::new("global")
            .add(&common.data_global)
            .add(&templates.fingerprint())
            // Any template may read any data file: a change renders every page again.
            .add(&data.fingerprint)
            .add(&common.menu)
            .add(&common.footer)
            .add(&common.search_url)
            .add(&common.build_iso)
            .finish();
        common
    }

    /// On a bilingual site, which routes are the same page in each language (the
    /// model's translations, and the route table's search and incident pages), and each
    /// other language's frame, whose footer links lead to those translations.
    fn add_languages(&mut self, site: &Site, templates: &Templates, routes: &Routes) {
        if site.config.languages.is_empty() {
            return;
        }
        self.alternates = languages::Alternates::new(site, self.search_url, &routes.incidents);
        self.frames = (1..site.config.languages.len())
            .map(|l| Frame::of(site, l, self, &templates.words))
            .collect();
        self.global = Fingerprint::new("global")
            .add(&self.global)
            .add(&self.frames)
            .finish();
    }
}

/// The default footer's link names (made here, in English) in a language's words.
fn footer_name(name: &str, words: &serde_json::Value) -> String {
    let key = match name {
        "Accessibility statement" => "accessibility_statement",
        "About" => "about",
        "Tags" => "tags",
        other => return other.to_string(),
    };
    words::word(words, key).to_string()
}

/// What other routes read of each page and section, hashed (`serve` only).
#[derive(Default)]
pub struct Fingerprints {
    pages: Vec<u64>,
    sections: Vec<u64>,
    /// What the search index reads of every page, in one hash.
    search: u64,
    /// What the search index reads of each page (its row).
    rows: Vec<u64>,
}

/// Renders routes into an output. Cheap to copy: a route that is remembered for `serve`
/// renders through a copy whose output and diagnostics are its own.
#[derive(Clone, Copy)]
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub templates: &'a Templates,
    out: &'a dyn Output,
    diags: &'a Diagnostics,
    common: &'a Common,
    /// Every route of the site: what this render draws.
    routes: &'a Routes,
    /// Pages and lists written (not machine files).
    written: &'a AtomicUsize,
    /// What the last render kept, and where this one's go (`serve` only).
    memo: Option<(&'a Memo, &'a NextRoutes)>,
    /// Per page and per section: a hash of what other routes read of it (`serve` only).
    fingerprints: Option<&'a Fingerprints>,
    /// Each section's introduction, rendered once ([`Renderer::section_intros`]).
    intros: &'a [Option<Arc<memo::Body>>],
    shortcodes: &'a shortcodes::ShortcodeSet<'a>,
    /// Pages and files by URL: what links in bodies are checked against.
    files: &'a SiteFiles<'a>,
    /// `files`' stamp (`serve` only; 0 without a memo).
    links_stamp: u64,
    /// The resized copies of pictures the bodies published so far embed.
    resized: &'a crate::resize::Wanted,
    /// What the lists share, while they are drawn ([`Renderer::summary_value`]); empty
    /// before and after.
    shared: &'a ListValues,
}

/// What every list shows of pages and terms, converted for Tera once per build: a page
/// is listed in its section and under each of its tags, authors and series.
struct ListValues {
    /// Each page's summary (about 2.5 KB as Tera holds it, with its links shared).
    summaries: Vec<std::sync::OnceLock<tera::Value>>,
    /// Per taxonomy and term, its link as the first page to name it wrote its name, shared
    /// by every summary that names it alike (each link is a map of its own to Tera: a
    /// third of a summary's size when every page had its own).
    links: Vec<Vec<std::sync::OnceLock<(String, tera::Value)>>>,
}

impl ListValues {
    fn new(site: &Site) -> ListValues {
        ListValues {
            summaries: (0..site.pages.len()).map(|_| Default::default()).collect(),
            links: (site.taxonomies.iter())
                .map(|t| (0..t.terms.len()).map(|_| Default::default()).collect())
                .collect(),
        }
    }
}

/// No list values: converted at each use.
static NO_LIST_VALUES: ListValues = ListValues {
    summaries: Vec::new(),
    links: Vec::new(),
};

/// The site's pages and the files the route table publishes, by URL: links and images
/// in bodies are checked against it, and images measured.
pub struct SiteFiles<'a> {
    site: &'a Site,
    /// URL -> where the file comes from; None for a page or list.
    urls: std::collections::HashMap<&'a str, Option<&'a FileSource>, crate::output::FastHash>,
    /// The URLs by folder and by name, made at the first broken link: for did-you-means.
    near: std::sync::OnceLock<Near>,
}

/// The site's URLs by folder, and by name (lowercased), for did-you-means. Owned, not
/// borrowed: a lifetime in a `OnceLock` would pin [`SiteFiles`]'s.
#[derive(Default)]
struct Near {
    by_folder: std::collections::HashMap<String, Vec<String>>,
    by_name: std::collections::HashMap<String, Vec<String>>,
}

impl<'a> SiteFiles<'a> {
    pub fn new(site: &'a Site, routes: &'a Routes) -> SiteFiles<'a> {
        let urls = routes
            .routes
            .iter()
            .map(|r| {
                let file = match &r.target {
                    crate::routes::Target::File(from) => Some(from),
                    _ => None,
                };
                (r.url.as_str(), file)
            })
            .collect();
        SiteFiles {
            site,
            urls,
            near: std::sync::OnceLock::new(),
        }
    }

    /// Where the file published at `site_path` comes from; None for a page or nothing.
    pub fn source(&self, site_path: &str) -> Option<FileSource> {
        self.urls.get(site_path).copied().flatten().cloned()
    }

    /// A hash of everything this resolver answers from: the site's published sources,
    /// every URL and where its file comes from, and each picture's length and time of
    /// change on disk (its size is read from its header). Two renders with the same stamp
    /// give every link the same answer, so a kept body's links need no asking again.
    pub fn stamp(&self) -> u64 {
        let urls = self.urls.iter().fold(0u64, |sum, (url, from)| {
            let mut f = Fingerprint::new("url");
            f.add(url);
            match from {
                None => {
                    f.add(&0u8);
                }
                Some(FileSource::Builtin(bytes)) => {
                    f.add(&1u8)
                        .add(&(bytes.as_ptr() as usize))
                        .add(&bytes.len());
                }
                Some(FileSource::Disk(path)) => {
                    f.add(&2u8).add(path);
                    if markdown::links::is_raster_image(url) {
                        let meta = std::fs::metadata(path).ok();
                        f.add(&meta.as_ref().map(|m| m.len()));
                        f.add(&meta.and_then(|m| m.modified().ok()));
                    }
                }
            }
            sum.wrapping_add(f.finish())
        });
        Fingerprint::new("links")
            .add(&urls)
            .add(&self.site.links_stamp())
            .finish()
    }
}

impl markdown::LinkResolver for SiteFiles<'_> {
    fn resolve(&self, content_path: &str) -> Result<String, String> {
        self.site.resolve(content_path)
    }

    fn nearest(&self, site_path: &str) -> Option<String> {
        use markdown::links::split_name;
        let near = self.near.get_or_init(|| {
            let mut near = Near::default();
            let mut urls: Vec<&str> = self.urls.keys().copied().collect();
            // In order, so that the same question always gets the same answer.
            urls.sort_unstable();
            for url in urls {
                let (folder, name) = split_name(url);
                (near.by_folder.entry(folder.to_string()).or_default()).push(url.to_string());
                (near.by_name.entry(name.to_lowercase()).or_default()).push(url.to_string());
            }
            near
        });
        let (folder, name) = split_name(site_path);
        // A name mistyped in the right folder; else the same name in another folder (a
        // file moved, or a folder mistyped).
        let siblings = near.by_folder.get(folder).map_or(&[][..], Vec::as_slice);
        let names = siblings.iter().map(|u| split_name(u).1);
        if let Some(best) = crate::error::did_you_mean(name, names) {
            return Some(format!("{folder}{best}"));
        }
        let elsewhere = near.by_name.get(&name.to_lowercase())?;
        elsewhere.first().map(|u| u.to_string())
    }

    fn file(&self, site_path: &str) -> markdown::links::FileAnswer {
        use markdown::links::FileAnswer;
        // `/about/` is also `/about` and `/about/index.html` (an alias may be written
        // either way, and a server answers both).
        // Most links name a URL as the table has it: only a miss pays for the others.
        let found = self.urls.get(site_path).or_else(|| {
            let folder = site_path
                .strip_suffix("index.html")
                .filter(|f| f.ends_with('/'))
                .unwrap_or(site_path);
            let folder = format!("{}/", folder.trim_end_matches('/'));
            (self.urls.get(folder.as_str()))
                .or_else(|| self.urls.get(format!("{folder}index.html").as_str()))
        });
        match found {
            None => FileAnswer::Missing,
            Some(None) => FileAnswer::Page,
            Some(Some(from)) => {
                // Only pictures are measured: reading a header costs a file open.
                let size = markdown::links::is_raster_image(site_path)
                    .then(|| match from {
                        FileSource::Disk(path) => imagesize::size(path).ok(),
                        FileSource::Builtin(bytes) => imagesize::blob_size(bytes).ok(),
                    })
                    .flatten()
                    .and_then(|s| {
                        Some((u32::try_from(s.width).ok()?, u32::try_from(s.height).ok()?))
                    });
                FileAnswer::File { size }
            }
        }
    }
}

impl<'a> Renderer<'a> {
    /// Renders one route, or, when `serve` kept it and the hash of everything it reads
    /// (`inputs`) is unchanged, writes what it wrote last time.
    fn route(
        &self,
        key: &str,
        inputs: impl FnOnce(&mut Fingerprint),
        render: impl FnOnce(&Renderer<'_>),
    ) {
        self.route_reading(self.common.global, key, inputs, render);
    }

    /// [`Renderer::route`] for a route no template draws (a feed, the search index):
    /// templates, menus and footers are not among its inputs.
    fn route_data(
        &self,
        key: &str,
        inputs: impl FnOnce(&mut Fingerprint),
        render: impl FnOnce(&Renderer<'_>),
    ) {
        self.route_reading(self.common.data_global, key, inputs, render);
    }

    /// A route whose site-wide inputs hash to `global`.
    fn route_reading(
        &self,
        global: u64,
        key: &str,
        inputs: impl FnOnce(&mut Fingerprint),
        render: impl FnOnce(&Renderer<'_>),
    ) {
        let Some((old, next)) = self.memo else {
            render(self);
            return;
        };
        let mut f = Fingerprint::new(key);
        f.add(&global);
        inputs(&mut f);
        let fingerprint = f.finish();
        let was = old.routes.get_key_value(key);
        // A kept route keeps its key too: no new string per route per rebuild.
        let name = was.map_or_else(|| Arc::from(key), |(k, _)| k.clone());
        let kept = match was.map(|(_, r)| r) {
            Some(kept) if kept.fingerprint == fingerprint => {
                next.reused.fetch_add(1, Ordering::Relaxed);
                kept.clone()
            }
            // Out of view: as it was, with its old fingerprint, so the next render
            // (straight after this one's pages in view are published) draws it.
            Some(stale) if old.defers(key) => {
                next.deferred.fetch_add(1, Ordering::Relaxed);
                stale.clone()
            }
            _ => {
                next.rendered.fetch_add(1, Ordering::Relaxed);
                let recorder = memo::Recorder::default();
                // What a route keeps is what is published (serve publishes it from the
                // memo): under the site's mount, if it has one.
                let mounted = mount::Mounted::new(&recorder, self.site.config.mount());
                let out: &dyn Output = match &mounted {
                    Some(m) => m,
                    None => &recorder,
                };
                let diags = Diagnostics::default();
                let written = AtomicUsize::new(0);
                // A route inside this one renders into it, unremembered.
                render(&Renderer {
                    out,
                    diags: &diags,
                    written: &written,
                    memo: None,
                    ..*self
                });
                Arc::new(memo::RouteOutput {
                    fingerprint,
                    files: recorder.into_files(),
                    diagnostics: diags.into_sorted(),
                    written: written.into_inner(),
                })
            }
        };
        // The files stay in the memo: `serve` publishes the routes that changed, so a
        // kept route costs nothing here. Its warnings are said again, as a build would.
        self.diags.extend(kept.diagnostics.iter().cloned());
        self.written.fetch_add(kept.written, Ordering::Relaxed);
        if !kept.diagnostics.iter().any(Diagnostic::is_error) {
            next.routes
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(name, kept);
        }
    }

    fn page_fp(&self, i: usize) -> u64 {
        self.fingerprints.map_or(0, |f| f.pages[i])
    }

    fn section_fp(&self, i: usize) -> u64 {
        self.fingerprints.map_or(0, |f| f.sections[i])
    }

    /// Adds the sections from `section` up to the home page (the breadcrumbs).
    fn add_section_chain(&self, f: &mut Fingerprint, mut section: Option<usize>) {
        while let Some(i) = section {
            f.add(&self.section_fp(i));
            section = self.site.sections[i].parent;
        }
    }

    /// Adds what a page at `url` shows beyond its own content: the feeds it links.
    fn add_frame(&self, f: &mut Fingerprint, url: &str) {
        let nearest = self.common.feed_plan.nearest(url);
        f.add(&nearest.map(|k| self.common.feed_links[k]));
        f.add(&self.common.feed_links.first());
        if !self.site.config.languages.is_empty() {
            f.add(
                &self
                    .common
                    .alternates
                    .switcher(self.site, url, &self.templates.words),
            );
            f.add(&self.common.alternates.alternates(self.site, url));
        }
    }

    /// The frame of the language of the route at `url`; None: the default's.
    fn frame(&self, url: &str) -> Option<&Frame> {
        let lang = languages::Alternates::language_of(self.site, url);
        lang.checked_sub(1).and_then(|k| self.common.frames.get(k))
    }

    /// What every page's shell reads of its language: `lang`, `dir`, the switcher
    /// (`languages`) and the `hreflang` alternates. A page's own `lang:` and `dir:`
    /// replace the first two ([`Renderer::draw_page`]).
    fn insert_language(&self, ctx: &mut tera::Context, url: &str) {
        let site = self.site;
        let lang = Alternates::language_of(site, url);
        let locale = match site.config.languages.get(lang) {
            Some(l) => l.locale.clone(),
            None => site.config.language.replace('-', "_"),
        };
        ctx.insert("locale", &locale);
        ctx.insert("lang", self.language_tag(url));
        ctx.insert("dir", &None::<&str>);
        ctx.insert_value("t", self.templates.words.for_template(lang));
        // Names site.yaml gives (services, severities) are in the default language:
        // a page in another marks them with its tag, so they are read as written
        // (WCAG 3.1.2).
        let default_tag = site
            .config
            .languages
            .first()
            .map_or(&site.config.language, |l| &l.tag);
        let names = || {
            let names = languages::names(site, lang, self.templates.words.of(lang));
            tera::Value::from_serializable(&names)
        };
        ctx.insert_value("names", converted_once(&self.common.names, lang, names));
        ctx.insert(
            "config_lang",
            &(lang != crate::language::DEFAULT).then_some(default_tag),
        );
        // daylight's own documentation shown on the site (the open data's fields) is
        // in English only.
        let primary = self.language_tag(url).split('-').next().unwrap_or_default();
        ctx.insert("english_is_foreign", &!primary.eq_ignore_ascii_case("en"));
        ctx.insert(
            "languages",
            &self
                .common
                .alternates
                .switcher(site, url, &self.templates.words),
        );
        ctx.insert("alternates", &self.common.alternates.alternates(site, url));
    }

    /// The words of the language of the route at `url`, for the sentences made in Rust
    /// (the incident pages' counts, durations and headlines).
    pub(crate) fn say(&self, url: &str) -> words::Say<'_> {
        words::Say(
            self.templates
                .words
                .of(Alternates::language_of(self.site, url)),
        )
    }

    /// The `lang` of the route at `url`: its language's tag (site.yaml's `language:`
    /// for a site in one language).
    fn language_tag(&self, url: &str) -> &str {
        let c = &self.site.config;
        match (self.frame(url), c.languages.first()) {
            (Some(f), _) => f.language.as_str(),
            (None, Some(l)) => l.tag.as_str(),
            (None, None) => c.language.as_str(),
        }
    }

    /// The `site` variable of the page at `current`, converted once per language and
    /// set of highlighted links ([`Common::site_values`]).
    fn site_value(&self, current: &str) -> tera::Value {
        let frame = self.frame(current);
        let menu = frame.map_or(&self.common.menu, |f| &f.menu);
        let footer = frame.map_or(&self.common.footer, |f| &f.footer);
        let lit = (menu.iter().map(|(_, url)| menu_active(url, current)))
            .chain(footer.iter().map(|(_, url)| current == url))
            .collect();
        let key = (Alternates::language_of(self.site, current), lit);
        let cached = |values: &rustc_hash::FxHashMap<_, tera::Value>| values.get(&key).cloned();
        if let Some(v) = self
            .common
            .site_values
            .read()
            .ok()
            .as_deref()
            .and_then(cached)
        {
            return v;
        }
        let value = tera::Value::from_serializable(&self.site_ctx(current));
        if let Ok(mut values) = self.common.site_values.write() {
            values.insert(key, value.clone());
        }
        value
    }

    fn site_ctx(&self, current: &str) -> SiteCtx<'_> {
        let c = &self.site.config;
        let frame = self.frame(current);
        let language = self.language_tag(current);
        let menu = frame.map_or(&self.common.menu, |f| &f.menu);
        let footer = frame.map_or(&self.common.footer, |f| &f.footer);
        SiteCtx {
            title: frame.map_or(&self.common.title, |f| &f.title),
            description: frame.map_or(&self.common.description, |f| &f.description),
            organisation: &self.common.organisation,
            language,
            base_url: &c.base_url,
            logo: c.logo.as_deref(),
            logo_alt: c.logo_alt.as_deref(),
            home_url: frame.map_or(urls::HOME, |_| {
                &self.site.sections[self
                    .site
                    .home_of(Alternates::language_of(self.site, current))]
                .url
            }),
            menu: menu
                .iter()
                .map(|(name, url)| MenuCtx {
                    name,
                    url,
                    active: menu_active(url, current),
                })
                .collect(),
            footer_links: footer
                .iter()
                .map(|(name, url)| MenuCtx {
                    name,
                    url,
                    active: current == url,
                })
                .collect(),
            colours: c.colours.as_ref(),
            severities: &c.severities,
            taxonomies: c.taxonomies.iter().map(|t| t.name()).collect(),
            syntax_css: urls::SYNTAX_CSS,
            feed_url: Some(frame.map_or(feeds::SITE_ATOM_URL, |f| f.feed_url.as_str())),
            search_url: frame.map_or(self.common.search_url, |f| f.search_url.as_deref()),
            build_date_iso: &self.common.build_iso,
            build_date_display: &self.common.build_display,
            extra: &c.extra,
        }
    }

    fn breadcrumbs(&self, mut section: Option<usize>) -> Vec<Crumb> {
        let mut crumbs = Vec::new();
        while let Some(i) = section {
            let s = &self.site.sections[i];
            let title = if s.parent.is_none() {
                words::word(self.templates.words.of(s.lang), "home").to_string()
            } else {
                s.meta.title.clone()
            };
            crumbs.push(Crumb {
                title,
                url: s.url.clone(),
            });
            section = s.parent;
        }
        crumbs.reverse();
        crumbs
    }

    /// Renders `template` with the common variables plus `extra`, and writes it to `url`.
    fn render_to_url(
        &self,
        template: &str,
        url: &str,
        page_title: &str,
        crumbs: Vec<Crumb>,
        what: &Path,
        fill: impl FnOnce(&mut tera::Context),
    ) -> bool {
        let mut ctx = tera::Context::new();
        ctx.insert_value("site", self.site_value(url));
        self.insert_language(&mut ctx, url);
        ctx.insert("current_path", url);
        ctx.insert("breadcrumbs", &crumbs);
        ctx.insert("page_title", page_title);
        ctx.insert_value("data", self.common.data.clone());
        ctx.insert("feeds", &self.common.feed_plan.links_for(url));
        ctx.insert(
            "meta",
            &metadata::list_meta(self.site, url, page_title, None),
        );
        fill(&mut ctx);
        match self.templates.tera.render(template, &ctx) {
            Ok(html) => match self.out.write(&urls::file_of(url), html.as_bytes()) {
                Ok(()) => {
                    self.written.fetch_add(1, Ordering::Relaxed);
                    true
                }
                Err(d) => {
                    self.diags.push(d);
                    false
                }
            },
            Err(e) => {
                self.diags.push(
                    self.templates
                        .diagnostic(&e, Some(&what.display().to_string())),
                );
                false
            }
        }
    }

    /// The template a page or section uses, checked to exist.
    fn template_for(
        &self,
        named: &Option<(String, serde_saphyr::Location)>,
        default: &str,
        source: Option<&crate::content::Source>,
    ) -> Option<String> {
        let name = named.as_ref().map_or(default, |(n, _)| n.as_str());
        if self.templates.contains(name) {
            return Some(name.to_string());
        }
        let hint = self.templates.missing_hint(name, &self.site.config.theme);
        let d = match (source, named) {
            (Some(src), Some((_, loc))) => {
                src.error_at(loc, format!("template `{name}` not found"))
            }
            (Some(src), None) => Diagnostic::error(
                &src.display,
                format!("no template `{name}` to render this {default} page"),
            ),
            (None, _) => Diagnostic::error(
                format!("templates/{name}"),
                format!("template `{name}` not found"),
            ),
        };
        self.diags.push(d.with_hint(hint));
        None
    }

    /// Renders every page in parallel; returns what the lists need of each. With a
    /// memo (`serve`), bodies are taken from it where still valid, and page routes whose
    /// inputs are unchanged are not rendered again.
    pub fn render_pages(
        &self,
        memo: Option<(&mut Memo, &NextRoutes)>,
        clock: &mut Clock,
    ) -> (Vec<Digest>, Option<Fingerprints>) {
        let Some((memo, next)) = memo else {
            let digests = (0..self.site.pages.len())
                .into_par_iter()
                .map(|i| {
                    let body = self.fresh_body(i, false);
                    let digest = self.digest(i, &body);
                    self.diags.extend(body.diagnostics.iter().cloned());
                    self.resized.add(&body.rendered.resized);
                    self.render_page(i, &body, &digest);
                    digest
                })
                .collect();
            clock.lap("  pages");
            return (digests, None);
        };
        let bodies: Vec<Arc<memo::Body>> = (0..self.site.pages.len())
            .into_par_iter()
            .map(|i| self.kept_body(i, memo))
            .collect();
        for b in &bodies {
            self.diags.extend(b.diagnostics.iter().cloned());
            self.resized.add(&b.rendered.resized);
        }
        let intros = (self.site.sections.iter())
            .zip(self.intros)
            .filter_map(|(s, b)| Some((&s.meta.source.as_ref()?.rel, b.as_ref()?)));
        let entries = (self.site.pages.iter())
            .zip(&bodies)
            .map(|(p, b)| (&p.page.source.rel, b))
            .chain(intros);
        memo.keep_bodies(entries);
        // Every body kept now got its links' answers from what this stamp is made of.
        memo.links_stamp = Some(self.links_stamp);
        clock.lap("  Markdown bodies");
        let fingerprints = self.fingerprints_of(&bodies);
        clock.lap("  fingerprints");
        let r = Renderer {
            fingerprints: Some(&fingerprints),
            memo: Some((&*memo, next)),
            ..*self
        };
        let digests = (0..self.site.pages.len())
            .into_par_iter()
            .map(|i| {
                let digest = r.digest(i, &bodies[i]);
                r.render_page(i, &bodies[i], &digest);
                digest
            })
            .collect();
        clock.lap("  pages");
        (digests, Some(fingerprints))
    }

    /// Where the files beside page `i`'s source are published.
    fn files_url(&self, i: usize) -> String {
        let p = &self.site.pages[i];
        if p.page.is_bundle {
            return self.site.bundle_files_url(i);
        }
        urls::files_beside(crate::content::walk::parent_of(&p.page.source.rel), None)
    }

    /// Page `i`'s body from the memo when rendering it again would give the same.
    fn kept_body(&self, i: usize, memo: &Memo) -> Arc<memo::Body> {
        self.kept_or_fresh(self.page_body_at(i), memo)
    }

    /// Where page `i`'s body is rendered from and published.
    fn page_body_at(&self, i: usize) -> BodyAt<'_> {
        let p = &self.site.pages[i];
        BodyAt {
            source: &p.page.source,
            url: &p.url,
            files_url: self.files_url(i),
            summary: p.page.summary.as_deref(),
        }
    }

    /// The body of `at` from the memo when rendering it again would give the same. Its
    /// links are asked again only when what they are answered from changed
    /// ([`SiteFiles::stamp`]).
    fn kept_or_fresh(&self, at: BodyAt<'_>, memo: &Memo) -> Arc<memo::Body> {
        let links: Option<&dyn markdown::LinkResolver> =
            (memo.links_stamp != Some(self.links_stamp)).then_some(self.files);
        match memo.bodies.get(&at.source.rel) {
            Some(b) if b.still_valid(&at.source.text, at.url, &at.files_url, links) => b.clone(),
            _ => Arc::new(self.body_of(at, true)),
        }
    }

    /// Renders page `i`'s Markdown. `keep`: record what `serve` needs to reuse it.
    fn fresh_body(&self, i: usize, keep: bool) -> memo::Body {
        self.body_of(self.page_body_at(i), keep)
    }

    /// Each section's introduction (its `_index.md`), rendered once per build (kept from
    /// the memo when unchanged); its problems are reported here.
    fn section_intros(&self, memo: Option<&Memo>) -> Vec<Option<Arc<memo::Body>>> {
        let intros: Vec<Option<Arc<memo::Body>>> = (self.site.sections.par_iter())
            .map(|s| {
                let at = BodyAt {
                    source: s.meta.source.as_ref()?,
                    url: &s.url,
                    files_url: urls::files_beside(&s.dir, None),
                    summary: None,
                };
                Some(match memo {
                    Some(memo) => self.kept_or_fresh(at, memo),
                    None => Arc::new(self.body_of(at, false)),
                })
            })
            .collect();
        // A draft section's page is not written, so its problems are not said.
        for (k, _) in self.site.published_sections() {
            if let Some(b) = &intros[k] {
                self.diags.extend(b.diagnostics.iter().cloned());
                self.resized.add(&b.rendered.resized);
            }
        }
        intros
    }

    /// Renders the Markdown of a page or section. `keep`: record what `serve` needs to
    /// reuse it.
    fn body_of(&self, at: BodyAt<'_>, keep: bool) -> memo::Body {
        let site = self.site;
        let BodyAt {
            source,
            url,
            files_url,
            summary,
        } = at;
        let recording = memo::RecordingLinks {
            inner: self.files,
            seen: Default::default(),
            files: Default::default(),
        };
        // A body that cannot be read again renders empty, with the error that says why.
        let (source, unread) = match source.whole() {
            Ok(whole) => (whole, None),
            Err(d) => {
                let head = crate::content::Source {
                    body_on_disk: None,
                    ..source.clone()
                };
                (std::borrow::Cow::Owned(head), Some(d))
            }
        };
        let source = &*source;
        let shortcodes = shortcodes::InLanguage {
            set: self.shortcodes,
            lang: Alternates::language_of(site, url),
        };
        let (rendered, mut diagnostics) = markdown::render(&Input {
            source,
            files_url: &files_url,
            options: &site.config.markdown,
            links: if keep { &recording } else { self.files },
            shortcodes: &shortcodes,
            reserved_ids: &self.shortcodes.reserved_ids,
        });
        let summary_html = match summary {
            Some(s) => Some(inline_markdown(s, site.config.markdown.safe)),
            None => rendered.summary_html.clone(),
        };
        let search_words: Arc<str> = Arc::from(search::page_words(&rendered.html));
        let (text_hash, html_hash, search_hash) = if keep {
            let text = Fingerprint::new("text").add(&*source.text).finish();
            let html = Fingerprint::new("html")
                .add(&rendered.html)
                .add(&summary_html)
                .add(&rendered.word_count)
                .finish();
            let search = Fingerprint::new("search")
                .add(&summary_html)
                .add(&*search_words)
                .finish();
            (text, html, search)
        } else {
            (0, 0, 0)
        };
        diagnostics.extend(unread);
        memo::Body {
            text: source.text.clone(),
            text_hash,
            url: url.to_string(),
            files_url,
            search_words,
            search_hash,
            rendered,
            summary_html: summary_html.map(Arc::from),
            diagnostics,
            links: recording
                .seen
                .into_inner()
                .unwrap_or_else(|e| e.into_inner()),
            files: recording
                .files
                .into_inner()
                .unwrap_or_else(|e| e.into_inner()),
            html_hash,
            feed_html: Default::default(),
        }
    }

    /// What the lists, feeds and search index need of page `i`.
    fn digest(&self, i: usize, body: &memo::Body) -> Digest {
        let p = &self.site.pages[i];
        let feed_html = self.common.feed_plan.keeps_content(i).then(|| {
            body.feed_html
                .get_or_init(|| {
                    Arc::from(feeds::absolute_links(
                        &body.rendered.html,
                        &p.url,
                        &self.site.config.base_url,
                    ))
                })
                .clone()
        });
        Digest {
            summary_html: body.summary_html.clone(),
            word_count: body.rendered.word_count,
            feed_html,
            search_words: body.search_words.clone(),
        }
    }

    /// What other routes read of each page and section, hashed.
    fn fingerprints_of(&self, bodies: &[Arc<memo::Body>]) -> Fingerprints {
        let site = self.site;
        // What other routes read of each page, and what the search index reads of it: in
        // one pass over the pages, hashed per page in parallel.
        let (pages, rows): (Vec<u64>, Vec<u64>) = (site.pages.par_iter())
            .zip(bodies)
            .enumerate()
            .map(|(i, (p, b))| {
                (
                    self.page_fingerprint(i, p, b),
                    self.row_fingerprint(i, p, b),
                )
            })
            .unzip();
        let sections: Vec<u64> = site
            .sections
            .iter()
            .map(|s| {
                let mut f = Fingerprint::new("section");
                f.add(&s.dir)
                    .add(&s.url)
                    .add(&s.meta.title)
                    .add(&s.meta.description)
                    .add(&s.meta.draft)
                    .add(&s.kind.name())
                    .add(&s.paginate_by)
                    .add(&s.parent)
                    .add(&s.meta.owner)
                    .add(&s.meta.review_every.map(|(p, _)| p));
                // Not its introduction: only the section's own list shows that.
                f.finish()
            })
            .collect();
        let mut search = Fingerprint::new("search");
        search.add(&rows).add(&sections);
        Fingerprints {
            pages,
            sections,
            search: search.finish(),
            rows,
        }
    }

    /// What other routes read of page `i`, hashed.
    fn page_fingerprint(&self, i: usize, p: &crate::site::SitePage, b: &memo::Body) -> u64 {
        // Besides its text, a page is what its section makes it (its kind, and whether
        // it is listed, come from the section's `_index.md`).
        Fingerprint::new("page")
            .add(&b.text_hash)
            .add(&b.html_hash)
            .add(&p.url)
            .add(&p.section)
            .add(&p.page.kind().name())
            .add(&p.page.is_bundle)
            .add(&p.image)
            .add(&p.last_commit.as_ref().map(|w| w.timestamp()))
            .add(&self.site.is_listed(i))
            .finish()
    }

    /// What the search index reads of page `i`, hashed.
    fn row_fingerprint(&self, i: usize, p: &crate::site::SitePage, b: &memo::Body) -> u64 {
        let page = &p.page;
        let mut f = Fingerprint::new("row");
        f.add(&page.title)
            .add(&p.url)
            .add(page.kind().name())
            .add(&page.date.as_ref().map(|d| d.timestamp()))
            .add(&page.description)
            .add(&b.search_hash)
            .add(&page.week())
            .add(&self.site.is_listed(i));
        for &t in &Taxonomy::ALL {
            for r in p.terms.under(t) {
                f.add(&r.name);
            }
        }
        f.finish()
    }

    /// The inputs of page `i`'s own route beyond the page itself.
    fn page_inputs(&self, f: &mut Fingerprint, i: usize) {
        let site = self.site;
        let p = &site.pages[i];
        let page = &p.page;
        f.add(&self.page_fp(i));
        self.add_section_chain(f, Some(p.section));
        for j in [p.previous, p.next, p.series_previous, p.series_next] {
            f.add(&j.map(|j| self.page_fp(j)));
        }
        for &j in &p.related {
            f.add(&self.page_fp(j));
        }
        f.add(&p.reports_on.map(|(plan, k)| (self.page_fp(plan), k)));
        if page.plan().is_some() {
            for (j, q) in site.pages.iter().enumerate() {
                if q.reports_on.is_some_and(|(plan, _)| plan == i) {
                    f.add(&(self.page_fp(j), q.reports_on));
                }
            }
        }
        // The terms' URLs, which a renamed or merged term changes.
        for &t in &site.config.taxonomies {
            for r in p.terms.under(t) {
                f.add(&r.id.map(|id| site.term(id).url.as_str()));
            }
        }
        // Its owner and next review (from its section or site.yaml), and the
        // accessibility statement it shows (from accessibility.yaml).
        f.add(&crate::upkeep::page_upkeep(site, i));
        if let Some((at, statement)) = &site.statement
            && *at == i
        {
            f.add(&format!("{statement:?}"));
        }
        self.add_frame(f, &p.url);
    }

    /// Page `i`'s own route.
    fn render_page(&self, i: usize, body: &memo::Body, digest: &Digest) {
        let url = &self.site.pages[i].url;
        self.route(
            url,
            |f| self.page_inputs(f, i),
            |r| r.draw_page(i, body, digest),
        );
    }

    /// An author as a page shows them: from site.yaml's `authors` when known there.
    fn author_ctx<'s>(&'s self, a: &AuthorRef) -> AuthorCtx<'s> {
        let site = self.site;
        let known = site.author(a);
        AuthorCtx {
            url: link_to(site, &a.term).url,
            name: a.term.name.clone(),
            role: known.and_then(|k| k.role.as_deref()),
            bio: known.and_then(|k| k.bio.as_deref()),
        }
    }

    /// What a page's template sees as `page`.
    fn page_ctx<'s>(&'s self, i: usize, body: &'s memo::Body, digest: &'s Digest) -> PageCtx<'s> {
        let site = self.site;
        let p = &site.pages[i];
        let page = &p.page;
        let rendered = &body.rendered;
        let section = &site.sections[p.section];
        let link = |j: Option<usize>| {
            j.map(|j| TitleUrl {
                title: &site.pages[j].page.title,
                url: &site.pages[j].url,
            })
        };
        let description = page
            .description
            .clone()
            .or_else(|| digest.summary_html.as_deref().map(|s| plain_text(s, 200)))
            .filter(|d| !d.is_empty());
        PageCtx {
            title: &page.title,
            kind: page.kind(),
            url: &p.url,
            permalink: site.permalink(&p.url),
            slug: &page.slug,
            description,
            summary: digest.summary_html.as_deref(),
            content: &rendered.html,
            toc: &rendered.toc,
            date_iso: page.date.as_ref().map(|d| d.iso()),
            date_display: page.date.as_ref().map(|d| d.display_date()),
            updated_iso: p.last_updated().map(|d| d.iso()),
            updated_display: p.last_updated().map(|d| d.display_date()),
            upkeep: crate::upkeep::page_ctx(site, i),
            statement: (site.statement.as_ref())
                .filter(|(at, _)| *at == i)
                .map(|(_, s)| crate::upkeep::statement::ctx(s, &site.config)),
            tags: links_to(site, &p.terms.tags),
            authors: p.terms.authors.iter().map(|a| self.author_ctx(a)).collect(),
            series_list: links_to(site, &p.terms.series),
            series: p.terms.series.as_ref().map(|s| link_to(site, s)),
            week: page.week(),
            reading_time: reading_time(rendered.word_count),
            word_count: rendered.word_count,
            draft: page.draft,
            weight: page.weight,
            section: TitleUrl {
                title: &section.meta.title,
                url: &section.url,
            },
            previous: link(p.previous),
            next: link(p.next),
            series_previous: link(p.series_previous),
            series_next: link(p.series_next),
            plan_item: p
                .reports_on
                .map(|at| crate::kinds::plan::item_link(site, at)),
            related: p.related.iter().filter_map(|&j| link(Some(j))).collect(),
            extra: &page.extra,
            data: page.data.as_ref(),
            incident: crate::kinds::incident::context::page_ctx(
                site,
                p,
                words::Say(self.templates.words.of(page.language)),
            ),
            plan: crate::kinds::plan::page_ctx(site, i),
        }
    }

    fn draw_page(&self, i: usize, body: &memo::Body, digest: &Digest) {
        let site = self.site;
        let p = &site.pages[i];
        let page = &p.page;
        let rendered = &body.rendered;
        if let Some(to) = &page.redirect_to {
            let html = self.redirect_page(&site.absolute(to), &page.title);
            if let Err(d) = self.out.write(&urls::file_of(&p.url), html.as_bytes()) {
                self.diags.push(d);
            }
            return;
        }
        // The accessibility statement's page is drawn from its data, by its own template.
        let default_template = match &site.statement {
            Some((at, _)) if *at == i => crate::upkeep::statement::TEMPLATE,
            _ => page.kind().template(),
        };
        let Some(template) =
            self.template_for(&page.template, default_template, Some(&page.source))
        else {
            return;
        };
        let ctx = self.page_ctx(i, body, digest);
        self.render_to_url(
            &template,
            &p.url,
            &page.title,
            self.breadcrumbs(Some(p.section)),
            &page.source.display,
            |c| {
                c.insert("page", &ctx);
                let description = ctx.description.as_deref();
                let meta = metadata::page_meta(site, i, description, rendered.word_count);
                c.insert("meta", &meta);
                // A page in another language than its file's says so in `<html>`.
                if page.lang.is_some() {
                    c.insert("lang", site.page_language_tag(i));
                }
                c.insert("dir", &page.dir);
            },
        );
    }

    fn paginator<'s>(
        &'s self,
        pager: &Pager,
        all: &'s [Pager],
        items: &[usize],
        digests: &'s [Digest],
    ) -> PaginatorCtx {
        let n = pager.number;
        PaginatorCtx {
            pages: items[pager.items.clone()]
                .iter()
                .map(|&i| self.summary_value(i, digests))
                .collect(),
            current: n,
            total_pages: all.len(),
            total_items: items.len(),
            previous: (n > 1).then(|| all[n - 2].url.clone()),
            next: all.get(n).map(|p| p.url.clone()),
            first: all[0].url.clone(),
            last: all[all.len() - 1].url.clone(),
            links: pagination::window(n, all.len())
                .into_iter()
                .scan(0, |previous, number| {
                    let gap_before = number > *previous + 1 && *previous > 0;
                    *previous = number;
                    Some(PageLink {
                        number,
                        url: all[number - 1].url.clone(),
                        current: number == n,
                        gap_before,
                    })
                })
                .collect(),
        }
    }

    /// Page `i`'s summary as lists show it, converted for Tera at its first list.
    fn summary_value(&self, i: usize, digests: &[Digest]) -> tera::Value {
        let convert = || {
            let d = &digests[i];
            let link = |r: &TermRef| self.link_value(r);
            let summary = context::summary_ctx_with(
                self.site,
                i,
                d.summary_html.as_deref(),
                d.word_count,
                link,
            );
            tera::Value::from_serializable(&summary)
        };
        converted_once(&self.shared.summaries, i, convert)
    }

    /// A term's link as a page names it, converted for Tera once per term when every page
    /// names it alike.
    fn link_value(&self, r: &TermRef) -> tera::Value {
        let convert = || tera::Value::from_serializable(&link_to(self.site, r));
        let cell =
            r.id.and_then(|id| self.shared.links.get(id.taxonomy)?.get(id.term));
        let Some(cell) = cell else {
            return convert();
        };
        let (name, value) = cell.get_or_init(|| (r.name.clone(), convert()));
        if *name == r.name {
            value.clone()
        } else {
            convert()
        }
    }

    /// Section `s`'s context, listing `page_count` pages.
    fn section_ctx<'s>(
        &'s self,
        s: &'s Section,
        content: &'s str,
        page_count: usize,
    ) -> SectionCtx<'s> {
        SectionCtx {
            title: &s.meta.title,
            url: &s.url,
            permalink: self.site.permalink(&s.url),
            description: s.meta.description.as_deref(),
            content,
            kind: s.kind,
            page_count,
            subsections: s
                .subsections
                .iter()
                .map(|&j| &self.site.sections[j])
                .filter(|x| !x.meta.draft || self.site.options.drafts)
                .map(|x| SubsectionCtx {
                    title: &x.meta.title,
                    url: &x.url,
                    description: x.meta.description.as_deref(),
                })
                .collect(),
            extra: &s.meta.extra,
        }
    }

    /// Section `k`'s introduction as HTML, and its hash (for the section's own routes).
    fn intro(&self, k: usize) -> (&str, u64) {
        self.intros
            .get(k)
            .and_then(Option::as_ref)
            .map_or(("", 0), |b| (b.rendered.html.as_str(), b.html_hash))
    }

    /// Section lists (paginated), the home page, taxonomy pages, the 404 page and alias
    /// redirects.
    pub fn render_lists(&self, digests: &[Digest]) {
        let site = self.site;
        let sections: Vec<usize> = site.published_sections().map(|(i, _)| i).collect();
        sections.par_iter().for_each(|&i| {
            if site.sections[i].parent.is_none() {
                self.render_home(i, digests);
            } else {
                self.render_section(i, digests);
            }
        });
        site.taxonomies.par_iter().enumerate().for_each(|(t, tax)| {
            // As the route table says: none for a taxonomy with no terms, or one whose
            // URL a content folder already has.
            if self.routes.has_taxonomy_list(t) {
                self.render_taxonomy_list(t);
            }
            (0..tax.terms.len())
                .into_par_iter()
                .for_each(|k| self.render_term(t, k, digests));
        });
        self.render_data_pages();
        self.render_404();
        self.render_aliases();
    }

    /// The pages made from data files' records, each drawn by its section's
    /// `data_pages:` template with `record`.
    fn render_data_pages(&self) {
        let site = self.site;
        (0..site.data_pages.len()).into_par_iter().for_each(|i| {
            let p = &site.data_pages[i];
            if !self.templates.contains(&p.template) {
                let hint = self.templates.missing_hint(&p.template, &site.config.theme);
                self.diags.push(
                    crate::site::data_pages::error_at(
                        site,
                        p,
                        format!("template `{}` not found", p.template),
                    )
                    .with_hint(hint),
                );
                return;
            }
            let section = &site.sections[p.section];
            let display = section.meta.source.as_ref().map_or_else(
                || PathBuf::from("content").join(&section.dir),
                |s| s.display.clone(),
            );
            let inputs = |f: &mut Fingerprint| {
                f.add(&p.title).add(&p.template).add(&p.record.to_string());
                self.add_section_chain(f, Some(p.section));
                self.add_frame(f, &p.url);
            };
            self.route(&p.url, inputs, |r| {
                r.render_to_url(
                    &p.template,
                    &p.url,
                    &p.title,
                    r.breadcrumbs(Some(p.section)),
                    &display,
                    |c| {
                        c.insert("record", &p.record);
                        c.insert("section_url", &section.url);
                        c.insert("section_title", &section.meta.title);
                    },
                );
            });
        });
    }

    /// One section's list pages.
    pub fn render_section(&self, i: usize, digests: &[Digest]) {
        let s = &self.site.sections[i];
        let display: PathBuf = s.meta.source.as_ref().map_or_else(
            || PathBuf::from("content").join(&s.dir),
            |src| src.display.clone(),
        );
        let Some(template) =
            self.template_for(&s.meta.template, "section.html", s.meta.source.as_ref())
        else {
            return;
        };
        let (body, intro_hash) = self.intro(i);
        let pagers = self.routes.pagers(&List::Section(i));
        let incident_nav = (s.kind == Kind::Incident)
            .then(|| self.routes.incidents_for(s.lang))
            .flatten()
            .map(|inc| inc.nav(self.site, &s.url, self.say(&s.url)));
        // Another language's incident section lists every incident (see
        // `Routes::section_list`); any other section, its own pages.
        let shown = self.routes.section_list(self.site, i);
        let ctx = self.section_ctx(s, body, shown.len());
        let nav_json = match (&incident_nav, self.memo) {
            (Some(nav), Some(_)) => serde_json::to_string(nav).unwrap_or_default(),
            _ => String::new(),
        };
        pagers.par_iter().for_each(|pager| {
            let title = if pager.number > 1 {
                format!(
                    "{} (page {} of {})",
                    s.meta.title,
                    pager.number,
                    pagers.len()
                )
            } else {
                s.meta.title.clone()
            };
            let inputs = |f: &mut Fingerprint| {
                f.add(&template)
                    .add(&(pager.number, pagers.len(), shown.len()))
                    .add(&intro_hash);
                self.add_section_chain(f, Some(i));
                for &k in &s.subsections {
                    f.add(&self.section_fp(k));
                }
                for &j in &shown[pager.items.clone()] {
                    f.add(&self.page_fp(j));
                }
                f.add(&nav_json);
                self.add_frame(f, &pager.url);
            };
            self.route(&pager.url, inputs, |r| {
                let paginator = r.paginator(pager, pagers, shown, digests);
                r.render_to_url(
                    &template,
                    &pager.url,
                    &title,
                    r.breadcrumbs(s.parent),
                    &display,
                    |c| {
                        c.insert("section", &ctx);
                        c.insert("paginator", &paginator);
                        c.insert("incident_nav", &incident_nav);
                        let d = s.meta.description.as_deref();
                        c.insert("meta", &metadata::list_meta(r.site, &pager.url, &title, d));
                    },
                );
            });
        });
    }

    fn taxonomy_ctx(&self, t: usize) -> TaxonomyCtx<'_> {
        let tax = &self.site.taxonomies[t];
        TaxonomyCtx {
            name: tax.kind.name(),
            title: self.taxonomy_title(t, "taxonomies"),
            url: &tax.url,
        }
    }

    /// Taxonomy `t`'s name in the words of its language: from `taxonomies` ("Tags"),
    /// or `taxonomy_one` for one of its terms ("Tag"); English's when a table lacks it.
    fn taxonomy_title(&self, t: usize, map: &str) -> &str {
        let tax = &self.site.taxonomies[t];
        let say = self.say(&tax.url);
        (say.0.get(map).and_then(|m| m.get(tax.kind.name())))
            .and_then(serde_json::Value::as_str)
            .unwrap_or_else(|| tax.kind.title())
    }

    /// The first crumb of a page of taxonomy `t`: its language's home page.
    fn taxonomy_home_crumb(&self, t: usize) -> Crumb {
        let tax = &self.site.taxonomies[t];
        let lang = Alternates::language_of(self.site, &tax.url);
        Crumb {
            title: self.say(&tax.url).word("home").into(),
            url: languages::in_language(self.site, lang, urls::HOME),
        }
    }

    fn taxonomy_display(&self, t: usize) -> PathBuf {
        PathBuf::from(format!("{} pages", self.site.taxonomies[t].kind.name()))
    }

    /// The page listing every term of taxonomy `t`.
    pub fn render_taxonomy_list(&self, t: usize) {
        if self
            .template_for(&None, "taxonomy_list.html", None)
            .is_none()
        {
            return;
        }
        #[derive(Serialize)]
        struct TermItem<'t> {
            name: &'t str,
            url: &'t str,
            count: usize,
        }
        let tax = &self.site.taxonomies[t];
        let terms: Vec<TermItem<'_>> = tax
            .terms
            .iter()
            .map(|term| TermItem {
                name: &term.name,
                url: &term.url,
                count: term.pages.len(),
            })
            .collect();
        let crumbs = vec![self.taxonomy_home_crumb(t)];
        let inputs = |f: &mut Fingerprint| {
            for term in &terms {
                f.add(term.name).add(term.url).add(&term.count);
            }
            self.add_frame(f, &tax.url);
        };
        self.route(&tax.url, inputs, |r| {
            r.render_to_url(
                "taxonomy_list.html",
                &tax.url,
                r.taxonomy_title(t, "taxonomies"),
                crumbs,
                &r.taxonomy_display(t),
                |c| {
                    c.insert("taxonomy", &r.taxonomy_ctx(t));
                    c.insert("terms", &terms);
                },
            );
        });
    }

    /// Term `k` of taxonomy `t`: all its list pages.
    pub fn render_term(&self, t: usize, k: usize, digests: &[Digest]) {
        if self
            .template_for(&None, "taxonomy_term.html", None)
            .is_none()
        {
            return;
        }
        let site = self.site;
        let tax = &site.taxonomies[t];
        let term = &tax.terms[k];
        let pagers = self.routes.pagers(&List::Term {
            taxonomy: t,
            term: k,
        });
        for pager in pagers {
            let inputs = |f: &mut Fingerprint| {
                f.add(&term.name).add(&term.url).add(&term.pages.len());
                f.add(&(pager.number, pagers.len()));
                for &j in &term.pages[pager.items.clone()] {
                    f.add(&self.page_fp(j));
                }
                self.add_frame(f, &pager.url);
            };
            self.route(&pager.url, inputs, |r| {
                r.draw_term_pager(t, k, pager, pagers, digests)
            });
        }
    }

    fn draw_term_pager(
        &self,
        t: usize,
        k: usize,
        pager: &Pager,
        pagers: &[Pager],
        digests: &[Digest],
    ) {
        let site = self.site;
        let tax = &site.taxonomies[t];
        let term = &tax.terms[k];
        let profile = if tax.kind == Taxonomy::Authors {
            site.config.author(&term.name)
        } else {
            None
        };
        let tctx_term = TermCtx {
            name: &term.name,
            url: &term.url,
            count: term.pages.len(),
            profile,
        };
        let title = format!("{}: {}", self.taxonomy_title(t, "taxonomy_one"), term.name);
        {
            let paginator = self.paginator(pager, pagers, &term.pages, digests);
            let crumbs = vec![
                self.taxonomy_home_crumb(t),
                Crumb {
                    title: self.taxonomy_title(t, "taxonomies").to_string(),
                    url: tax.url.clone(),
                },
            ];
            self.render_to_url(
                "taxonomy_term.html",
                &pager.url,
                &title,
                crumbs,
                &self.taxonomy_display(t),
                |c| {
                    c.insert("taxonomy", &self.taxonomy_ctx(t));
                    c.insert("term", &tctx_term);
                    c.insert("paginator", &paginator);
                },
            );
        }
    }

    pub fn render_404(&self) {
        if self.template_for(&None, "404.html", None).is_none() {
            return;
        }
        // The site's, and one in each other language's folder.
        for lang in 0..self.site.config.languages.len().max(1) {
            let url = languages::in_language(self.site, lang, urls::NOT_FOUND);
            self.route(&url, |f| self.add_frame(f, &url), |r| r.draw_404(&url));
        }
    }

    fn draw_404(&self, url: &str) {
        let mut ctx = tera::Context::new();
        ctx.insert("site", &self.site_ctx(url));
        self.insert_language(&mut ctx, url);
        ctx.insert("current_path", url);
        ctx.insert("breadcrumbs", &Vec::<Crumb>::new());
        ctx.insert("page_title", self.say(url).word("page_not_found"));
        ctx.insert_value("data", self.common.data.clone());
        ctx.insert("feeds", &self.common.feed_plan.links_for(url));
        ctx.insert("meta", &metadata::not_found_meta(self.site));
        match self.templates.tera.render("404.html", &ctx) {
            Ok(html) => match self.out.write(&urls::file_of(url), html.as_bytes()) {
                Ok(()) => {
                    self.written.fetch_add(1, Ordering::Relaxed);
                }
                Err(d) => self.diags.push(d),
            },
            Err(e) => self
                .diags
                .push(self.templates.diagnostic(&e, Some("the 404 page"))),
        }
    }

    /// The home page: the root section's introduction and the latest posts and incidents.
    pub fn render_home(&self, k: usize, digests: &[Digest]) {
        let Some(template) = self.template_for(&None, "index.html", None) else {
            return;
        };
        let site = self.site;
        let root = &site.sections[k];
        let url = root.url.as_str();
        let (body, intro_hash) = self.intro(k);
        let recent = |kind: Kind| -> Vec<SummaryCtx<'_>> {
            site.pages_of_kind_in(kind, root.lang)
                .into_iter()
                .take(RECENT_ON_HOME)
                .map(|i| {
                    summary_ctx(
                        site,
                        i,
                        digests[i].summary_html.as_deref(),
                        digests[i].word_count,
                    )
                })
                .collect()
        };
        let ctx = self.section_ctx(root, body, root.pages.len());
        let entry_points: Vec<EntryPointCtx<'_>> = (root.subsections.iter())
            .map(|&k| &site.sections[k])
            .filter(|s| !s.meta.draft || site.options.drafts)
            .map(|s| EntryPointCtx {
                title: &s.meta.title,
                url: &s.url,
                description: s.meta.description.as_deref(),
                kind: s.kind,
                count: s.pages.len(),
                latest: s.pages.first().map(|&i| {
                    summary_ctx(
                        site,
                        i,
                        digests[i].summary_html.as_deref(),
                        digests[i].word_count,
                    )
                }),
            })
            .collect();
        let display = root.meta.source.as_ref().map_or_else(
            || PathBuf::from("content").join(&root.dir).join("_index.md"),
            |s| s.display.clone(),
        );
        let sections = &ctx.subsections;
        let banner = (self.routes.incidents_for(root.lang))
            .and_then(|inc| crate::kinds::incident::status::banner(site, inc, self.say(&root.url)));
        let banner_json = match self.memo {
            Some(_) => serde_json::to_string(&banner).unwrap_or_default(),
            None => String::new(),
        };
        let inputs = |f: &mut Fingerprint| {
            f.add(&template);
            f.add(&banner_json);
            f.add(&self.section_fp(k)).add(&intro_hash);
            f.add(&root.pages.len());
            for &k in &root.subsections {
                f.add(&self.section_fp(k));
                // Its count and its first page (the latest) are shown.
                f.add(&site.sections[k].pages.len());
                if let Some(&i) = site.sections[k].pages.first() {
                    f.add(&self.page_fp(i));
                }
            }
            for kind in [Kind::Post, Kind::Incident] {
                for i in site
                    .pages_of_kind_in(kind, root.lang)
                    .into_iter()
                    .take(RECENT_ON_HOME)
                {
                    f.add(&self.page_fp(i));
                }
            }
            self.add_frame(f, url);
        };
        self.route(url, inputs, |r| {
            r.render_to_url(
                &template,
                url,
                r.frame(url).map_or(&site.config.title, |f| &f.title),
                Vec::new(),
                &display,
                |c| {
                    c.insert("section", &ctx);
                    c.insert("sections", sections);
                    c.insert("entry_points", &entry_points);
                    c.insert("recent_posts", &recent(Kind::Post));
                    c.insert("recent_incidents", &recent(Kind::Incident));
                    c.insert("status_banner", &banner);
                    let d = root.meta.description.as_deref();
                    c.insert("meta", &metadata::home_meta(site, k, d));
                },
            );
        });
    }

    /// Feeds, sitemap.xml, robots.txt, the search index and the search page: written
    /// after the pages, from their digests.
    pub fn render_machine_outputs(&self, digests: &[Digest], clock: &mut Clock) {
        self.write_feeds(digests);
        clock.lap("  feeds");
        self.write_sitemap();
        clock.lap("  sitemap");
        // The index reads a few fields of each page, not its HTML: an edit that leaves
        // them alone does not remake it.
        let inputs = |f: &mut Fingerprint| {
            if let Some(fps) = self.fingerprints {
                f.add(&fps.search);
            }
            for k in 0..self.site.sections.len() {
                f.add(&self.section_fp(k));
            }
        };
        let rows = match (self.memo, self.fingerprints) {
            (Some((old, next)), Some(fps)) => Some(search::RowMemo {
                old: &old.rows,
                next: &next.rows,
                hashes: &fps.rows,
            }),
            _ => None,
        };
        // The index is data (no template draws it); the search page is a page. Each
        // language of a bilingual site has both, of its own pages.
        for lang in 0..self.site.config.languages.len().max(1) {
            let index = languages::in_language(self.site, lang, urls::SEARCH_INDEX);
            self.route_data(&index, inputs, |r| r.write_search(digests, rows, lang));
            if let Some(url) = self.common.search_url {
                let url = languages::in_language(self.site, lang, url);
                self.route(&url, inputs, |r| r.render_search_page(&url, lang));
            }
        }
        clock.lap("  search");
    }

    /// The incident pages beyond each report: remade when any incident changes. Each
    /// is a route of its own, so `serve` draws those in view first and the rest after.
    pub fn render_incidents(&self, digests: &[Digest]) {
        let mut f = Fingerprint::new("incidents");
        self.add_incident_inputs(&mut f);
        // What every one of them reads, hashed once rather than once per page.
        let every_incident = f.finish();
        self.render_incident_pages(digests, every_incident);
    }

    /// A small redirect page at each alias of the route table: a meta refresh, a
    /// canonical link and a plain link.
    fn render_aliases(&self) {
        let site = self.site;
        for (t, k, alias) in self.routes.author_aliases() {
            let term = &site.taxonomies[t].terms[k];
            let (_, file) = urls::alias(alias);
            let html = self.redirect_page(&site.permalink(&term.url), &term.name);
            if let Err(d) = self.out.write(&file, html.as_bytes()) {
                self.diags
                    .push(d.with_hint("check the authors' `aliases:` in site.yaml"));
            }
        }
        for (_, i, k) in self.routes.aliases() {
            let p = &site.pages[i];
            let (_, file) = urls::alias(&p.page.aliases[k].0);
            let html = self.redirect_page(&site.permalink(&p.url), &p.page.title);
            if let Err(d) = self.out.write(&file, html.as_bytes()) {
                self.diags.push(d.with_hint(format!(
                    "check `aliases:` in {}",
                    p.page.source.display.display()
                )));
            }
        }
    }

    /// A redirect to `target` (an absolute URL): a meta refresh, a canonical link and a
    /// plain link. For aliases and for pages whose content is elsewhere (`redirect_to:`).
    fn redirect_page(&self, target: &str, title: &str) -> String {
        let escaped = markdown::escape(target);
        format!(
            "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Moved to {title}</title>\
             <meta name=\"robots\" content=\"noindex\">\
             <link rel=\"canonical\" href=\"{escaped}\"><meta http-equiv=\"refresh\" content=\"0; url={escaped}\"></head>\
             <body><main><h1>This page has moved</h1><p>It is now at <a href=\"{escaped}\">{title}</a>.</p></main></body></html>\n",
            lang = markdown::escape(&self.site.config.language),
            title = markdown::escape(title),
        )
    }

    /// The static files and page bundle files of the route table, and the highlighting
    /// stylesheet.
    pub fn copy_files(&self) -> usize {
        let copied: usize = self
            .routes
            .files()
            .collect::<Vec<_>>()
            .par_iter()
            .map(|(url, from)| {
                let rel = url.trim_start_matches('/');
                match from {
                    FileSource::Disk(path) => self.out.copy_file(rel, path),
                    FileSource::Builtin(bytes) => self.out.write(rel, bytes),
                }
            })
            .map(|result| match result {
                Ok(()) => 1,
                Err(d) => {
                    self.diags.push(d);
                    0
                }
            })
            .sum();
        let css = markdown::highlight::stylesheet();
        if let Err(d) = self
            .out
            .write(&urls::file_of(urls::SYNTAX_CSS), css.as_bytes())
        {
            self.diags.push(d);
        }
        copied
    }

    pub fn written(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }
}

/// A front matter summary: Markdown (and HTML, unless safe mode) without the outer `<p>`.
/// Safe mode removes raw HTML and script links, as it does in bodies.
fn inline_markdown(text: &str, safe: bool) -> String {
    use pulldown_cmark::Event;
    let script = |url: &str| safe && markdown::links::is_script_url(url);
    let parser =
        pulldown_cmark::Parser::new_ext(text, pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION)
            .filter_map(|e| match e {
                Event::Html(_) | Event::InlineHtml(_) if safe => None,
                e => Some(markdown::links::with_dest(e, |d| {
                    script(d).then(|| "#".to_string())
                })),
            });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, parser);
    let trimmed = out.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.to_string(),
    }
}

/// The route table a render of `site` with `templates` draws (`daylight routes`).
pub fn route_table(site: &Site, templates: &Templates, diags: &Diagnostics) -> Routes {
    let common = Common::new(site, templates, &crate::data::Data::default());
    let plans = Plans {
        feeds: &common.feed_plan,
        search: common.search_url,
        has_template: &|name| templates.contains(name),
    };
    Routes::build(site, &plans, diags)
}

/// Where a body (a page's, or a section's introduction) is rendered from and published.
struct BodyAt<'s> {
    source: &'s crate::content::Source,
    url: &'s str,
    files_url: String,
    /// Front matter's `summary`, which replaces the body's own.
    summary: Option<&'s str>,
}

/// Renders the whole site into `out`. Problems go to `diags`. With a memo (`serve`),
/// routes whose inputs have not changed since the memo's render are written from it, and
/// the memo is brought up to this render.
pub fn render_site(
    site: &Site,
    templates: &Templates,
    data: &crate::data::Data,
    out: &dyn Output,
    diags: &Diagnostics,
    mut memo: Option<&mut Memo>,
) -> Stats {
    // Under a base_url with a path, every page and stylesheet is written with its site
    // paths under that path (see `mount`); the model and the route table never are.
    let mounted = mount::Mounted::new(out, site.config.mount());
    let out: &dyn Output = match &mounted {
        Some(m) => m,
        None => out,
    };
    let mut clock = Clock::default();
    let mut common = Common::new(site, templates, data);
    // As many routes as the last render had, give or take: made room for once, not
    // grown by rehashing 15,000 entries on every save in `serve`.
    let next = NextRoutes::with_capacity(memo.as_deref().map_or(0, |m| m.routes.len()));
    let (shortcodes, problems) = shortcodes::ShortcodeSet::new(templates, data);
    diags.extend(problems);
    if let Some(m) = memo.as_deref_mut() {
        start_memo(m, site, &shortcodes);
    }
    let written = AtomicUsize::new(0);
    let plans = Plans {
        feeds: &common.feed_plan,
        search: common.search_url,
        has_template: &|name| templates.contains(name),
    };
    // The same model and templates make the same table (the build says when they are).
    let kept = (memo.as_deref_mut()).and_then(|m| {
        let model = m.model;
        (m.table.take()).filter(|(made_for, ..)| Some(*made_for) == model)
    });
    let (routes, said) = kept
        .map(|(_, routes, said)| (routes, said))
        .unwrap_or_else(|| {
            let said = Diagnostics::default();
            let routes = Routes::build(site, &plans, &said);
            (Arc::new(routes), said.to_vec())
        });
    diags.extend(said.iter().cloned());
    common.add_languages(site, templates, &routes);
    let files = SiteFiles::new(site, &routes);
    let resized = crate::resize::Wanted::default();
    clock.lap("  settings and route table");
    let mut r = Renderer {
        site,
        templates,
        out,
        diags,
        common: &common,
        routes: &routes,
        written: &written,
        memo: None,
        fingerprints: None,
        intros: &[],
        shortcodes: &shortcodes,
        files: &files,
        resized: &resized,
        shared: &NO_LIST_VALUES,
        links_stamp: if memo.is_some() { files.stamp() } else { 0 },
    };
    let intros = r.section_intros(memo.as_deref());
    r.intros = &intros;
    clock.lap("  section introductions");
    let (digests, fingerprints) =
        r.render_pages(memo.as_deref_mut().map(|m| (m, &next)), &mut clock);
    let pages = r.written();
    r.memo = memo.as_deref().map(|m| (m, &next));
    r.fingerprints = fingerprints.as_ref();
    // Every list shares each page's summary, converted once (257 MiB at 100,000 pages): kept
    // while lists are drawn, and let go before the search index, the other large step.
    // Incidents' lists come first: their own large step (the open data) then meets only
    // the incidents' summaries, not every page's.
    {
        let shared = ListValues::new(site);
        let lists = Renderer {
            shared: &shared,
            ..r
        };
        // Both work over every report, each mostly on one thread: side by side.
        rayon::join(
            || lists.render_incidents(&digests),
            || lists.render_status(),
        );
        clock.lap("  incident pages");
        lists.render_lists(&digests);
        clock.lap("  lists");
    }
    r.render_machine_outputs(&digests, &mut clock);
    let files_copied = r.copy_files();
    clock.lap("  files");
    let (problems, copies) = resized.write(&site.config.root, &|url| files.source(url), out);
    diags.extend(problems);
    if copies > 0 {
        clock.lap("  resized pictures");
    }
    let written = r.written();
    if let Some(m) = memo {
        keep_for_next(m, next);
        m.table = m.model.map(|model| (model, routes.clone(), said));
    }
    Stats {
        pages,
        timings: clock.laps,
        lists: written - pages,
        files_copied,
    }
}

/// Readies `serve`'s memo for a render: a body is what its text, the settings and the
/// shortcodes it calls make it.
fn start_memo(m: &mut Memo, site: &Site, shortcodes: &shortcodes::ShortcodeSet<'_>) {
    m.start(
        Fingerprint::new("bodies")
            .add(&site.config.fingerprint())
            .add(&shortcodes.fingerprint)
            .finish(),
    );
}

/// Keeps what this render made for the next one (`serve`).
fn keep_for_next(m: &mut Memo, next: NextRoutes) {
    m.routes = Arc::new(next.routes.into_inner().unwrap_or_else(|e| e.into_inner()));
    // Rows only change with the index: when it was kept, so were they.
    let rows = next.rows.into_inner().unwrap_or_else(|e| e.into_inner());
    if !rows.is_empty() {
        m.rows = rows;
    }
    m.rendered = next.rendered.into_inner();
    m.reused = next.reused.into_inner();
    m.deferred = next.deferred.into_inner();
}

/// The value in `cells[i]`, converted by `convert` the first time it is asked for (or
/// each time, for an `i` past the cells).
fn converted_once(
    cells: &[std::sync::OnceLock<tera::Value>],
    i: usize,
    convert: impl FnOnce() -> tera::Value,
) -> tera::Value {
    match cells.get(i) {
        Some(cell) => cell.get_or_init(convert).clone(),
        None => convert(),
    }
}

/// Whether a menu link is drawn as the current section's: the home link only on the
/// home page, any other on every page under it.
fn menu_active(url: &str, current: &str) -> bool {
    if url == "/" {
        current == "/"
    } else {
        current.starts_with(url)
    }
}
