//! THE pipeline: `build`, `check` and `serve` all call [`build`], so what the preview shows
//! is what a build writes, and what `check` says is what a build would say.
//!
//! ```text
//! site.yaml ─> Config ─> Content (typed pages) ─> Site (model) ─> render ─> Output
//!                         Diagnostics collected throughout, sorted at the end
//! ```
//!
//! This module only runs the stages in order and times them; it prints nothing and
//! never decides where the output goes (the caller hands it an [`Output`]).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use jiff::Timestamp;

use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::render::{Stats, Templates, render_site};
use crate::site::{BuildOptions, Site};

/// What to build: the same for `build`, `check` and `serve`.
#[derive(Debug, Clone)]
pub struct Request {
    /// The site's folder (where site.yaml is).
    pub root: PathBuf,
    /// Publish drafts too (a preview).
    pub drafts: bool,
    /// Publish pages dated in the future too (a preview).
    pub future: bool,
    /// Publish pages past their `expires:` date too (a preview).
    pub expired: bool,
    /// "Now", for future dates and overdue actions: the clock, or fixed (`--now`).
    pub now: Timestamp,
    /// Where the site is read from, when not at site.yaml's `base_url`.
    pub base_url: BaseUrl,
}

/// Where a build says the site is published.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum BaseUrl {
    /// site.yaml's `base_url`.
    #[default]
    Site,
    /// `--base-url`: this address instead.
    Given(String),
    /// `serve`: the server's own address (`http://127.0.0.1:1111`) with site.yaml's path
    /// after it, so the preview is under the path the host will serve the site at.
    ServerWithSitePath(String),
}

/// What `serve` keeps from one build for the next: the sources as read, and what each
/// route rendered. A build with a memo writes exactly what one without writes.
#[derive(Default)]
pub struct Memo {
    content: crate::content::walk::Cache,
    render: crate::render::memo::Memo,
    /// The git history of the last build, kept while HEAD stays where it was.
    history: std::sync::Arc<crate::upkeep::git::History>,
    /// The model of the last build, while its render left pages for later.
    model: Option<Model>,
    /// The model of a build whose pages left for later were not all drawn when files
    /// changed again ([`Memo::forget`]): the last good site, which a rebuild that fails
    /// still has to finish publishing ([`Memo::resume_later`]).
    owed: Option<Model>,
    /// The templates of the last build, while no file they could be read from changed.
    templates: Option<KeptTemplates>,
    /// The model of the last build that drew every page, while only what it is not made
    /// of (templates, static files: see [`KeptSite::survives`]) or only pages' bodies
    /// may have changed.
    site: Option<KeptSite>,
    /// What the last model made decided of each page ([`crate::site::Decided`]).
    decided: crate::site::Decided,
}

/// Templates loaded by an earlier build, and the site folder they were read for.
struct KeptTemplates {
    root: PathBuf,
    templates: std::sync::Arc<Templates>,
    /// Their name ([`crate::render::memo::ModelId`]), kept while they are.
    id: u64,
}

/// A name for a model or templates made anew, never given before in this process.
fn new_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl KeptTemplates {
    /// Whether a change to `path` leaves the templates as they were: content, static
    /// files and data are never read by them; templates/, themes/, i18n/ and site.yaml
    /// (the theme, the languages) are, and so is anything else, to be safe.
    fn survive(&self, path: &std::path::Path) -> bool {
        ["content", "static", "data"]
            .iter()
            .any(|dir| path.starts_with(self.root.join(dir)))
    }
}

/// A site model kept for the next build, with what it was made from. The next build uses
/// it again when it would make the same model: the same settings and options, the same
/// pages in the same places, each the same source or one whose body alone changed (a
/// model is made of front matter; bodies are read when pages are drawn). Typing in a
/// page's body, or saving a template or (while no page's picture is looked for there) a
/// static file, then costs no model (25-35 ms at 10,000 pages).
struct KeptSite {
    site: Site,
    made: Made,
    /// A static file changed since: the model stands, its route table does not (its
    /// static files are routes), so the next build names the model anew.
    files_changed: bool,
}

/// What a site model was made from, and what making it said.
struct Made {
    /// Its name, kept while it is used again ([`crate::render::memo::ModelId`]).
    id: u64,
    /// The errors and warnings of the model and its checks.
    diagnostics: Vec<Diagnostic>,
    /// The settings' fingerprint and the options it was made with.
    settings: u64,
    options: BuildOptions,
    /// The pages as read, each with its section's folder, in the order read.
    pages: Vec<(String, std::sync::Arc<crate::content::Page>)>,
    history: std::sync::Arc<crate::upkeep::git::History>,
    statement_file: Option<std::sync::Arc<crate::upkeep::statement::Statement>>,
    /// The site folder, for telling which changed files it could be made of.
    root: PathBuf,
}

impl KeptSite {
    fn new(site: Site, made: Made) -> KeptSite {
        KeptSite {
            site,
            made,
            files_changed: false,
        }
    }

    /// Whether a change to `path` may leave the model as it was: a template (no model
    /// reads one), a static file while no picture a page or site.yaml names is looked
    /// for in static/, or an existing page's own file, whose new text is compared with
    /// the old at the next build ([`KeptSite::take`]). Anything else (a folder, a
    /// section's page, a picture beside a page, data, settings) makes a new model.
    fn survives(&self, path: &std::path::Path) -> bool {
        let root = &self.made.root;
        if path.starts_with(root.join("templates")) {
            return true;
        }
        if path.starts_with(root.join("static")) {
            return !self.looks_in_static();
        }
        let content = root.join("content");
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let Some(name) = name.filter(|_| path.starts_with(&content)) else {
            return false;
        };
        crate::content::walk::is_ignored_name(&name)
            || (crate::content::walk::is_page_name(&name)
                && !name.starts_with("_index.")
                && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file()))
    }

    /// Whether the model looked for a picture in static/: an `image:` written from the
    /// site's root (`/images/card.png`), in a page or in site.yaml.
    fn looks_in_static(&self) -> bool {
        let rooted = |written: Option<&String>| written.is_some_and(|w| w.starts_with('/'));
        rooted(self.site.config.image.as_ref().map(|(w, _)| w))
            || (self.site.pages.iter()).any(|p| rooted(p.page.image.as_ref().map(|(w, _)| w)))
    }

    /// The kept model, for content read as `content` with these settings, when it is
    /// the model they make: each page read again has the front matter it had. The pages
    /// read again take their places in it (their bodies are what changed).
    fn take(
        self,
        settings: u64,
        options: &BuildOptions,
        content: &crate::content::walk::Content,
    ) -> Option<(Site, Vec<Diagnostic>, u64)> {
        let made = &self.made;
        let mut same = settings == made.settings
            && *options == made.options
            // Read at the same commit (serve reads it again only when HEAD moves), or
            // none: outside a repository, each build has an empty one of its own.
            && (content.history.head == made.history.head
                && content.history.changed.len() == made.history.changed.len())
            && format!("{:?}", content.statement_file) == format!("{:?}", made.statement_file)
            && content.pages.len() == made.pages.len();
        let mut read_again = Vec::new();
        for ((dir, page), (was_dir, was)) in content.pages.iter().zip(&made.pages) {
            if !same {
                break;
            }
            if !std::sync::Arc::ptr_eq(page, was) {
                same = dir == was_dir && same_but_body(was, page);
                read_again.push(page);
            }
        }
        if !same {
            // 10,000 pages take milliseconds to free: beside, not before the build.
            std::thread::spawn(move || drop(self));
            return None;
        }
        let KeptSite {
            mut site,
            made,
            files_changed,
        } = self;
        for page in read_again {
            let rel = &page.source.rel;
            if let Some(p) = (site.pages.iter_mut()).find(|p| &p.page.source.rel == rel) {
                p.page = page.clone();
            }
        }
        // A new name for a model whose static files changed: its route table is made
        // again ([`crate::render::memo::ModelId`]).
        let id = if files_changed { new_id() } else { made.id };
        Some((site, made.diagnostics, id))
    }
}

/// Whether two readings of one page differ in their body alone: the same front matter,
/// and every field made of the file the same (an incident's review heading, from its
/// body, is among them). An accessibility statement keeps its page's text: never.
fn same_but_body(was: &crate::content::Page, now: &crate::content::Page) -> bool {
    let head = |p: &crate::content::Page| {
        let text = &p.source.text;
        text.get(..p.source.body_offset).unwrap_or(text).to_string()
    };
    if was.statement.is_some() || now.statement.is_some() || head(was) != head(now) {
        return false;
    }
    let mut now = now.clone();
    now.source = was.source.clone();
    format!("{now:?}") == format!("{was:?}")
}

/// What a render is made from: the site model, its data and templates, and what reading
/// and building them said. `serve` keeps it while a render left pages for later, so the
/// render that draws them straight after (nothing read in between) does not build the
/// same model again.
struct Model {
    /// The names of the site and templates it is ([`crate::render::memo::ModelId`]).
    id: crate::render::memo::ModelId,
    site: Site,
    data: crate::data::Data,
    templates: std::sync::Arc<Templates>,
    diagnostics: Vec<Diagnostic>,
    /// What the site was made from (`serve`), to keep it once every page is drawn.
    made: Option<Made>,
}

impl Memo {
    /// Forgets what was read from these files or folders (the watcher saw them change).
    /// `only_edited`: files were written, and nothing was created, removed or renamed.
    pub fn forget(&mut self, paths: &[PathBuf], only_edited: bool) {
        if let Some(kept) = &mut self.site {
            if !paths.iter().all(|p| kept.survives(p)) {
                self.site = None;
            } else {
                let files = kept.made.root.join("static");
                kept.files_changed |= paths.iter().any(|p| p.starts_with(&files));
            }
        }
        self.content.forget(paths, only_edited);
        if let Some(model) = self.model.take() {
            self.owed = Some(model);
        }
        if let Some(kept) = &self.templates
            && !paths.iter().all(|p| kept.survive(p))
        {
            self.templates = None;
        }
    }

    /// Makes the model whose pages left for later were cut short by a change the one
    /// [`build_later`] draws them from; false when there is none (then it builds anew).
    pub fn resume_later(&mut self) -> bool {
        if self.model.is_none() {
            self.model = self.owed.take();
        }
        self.model.is_some()
    }

    /// Lets go of a model owed pages for later: a build that succeeded since replaces it.
    pub fn settle(&mut self) {
        self.owed = None;
    }

    /// While set, an edit arriving cuts the render of the pages left for later short
    /// ([`crate::render::memo::Memo::interrupt`]).
    pub fn interrupt_on(&mut self, edit: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>) {
        self.render.interrupt = edit;
    }

    /// The site model kept for the render of the pages left for later.
    pub fn kept_site(&self) -> Option<&Site> {
        (self.model.as_ref().map(|m| &m.site)).or(self.site.as_ref().map(|k| &k.site))
    }

    /// Forgets everything (the watcher lost track of events).
    pub fn clear(&mut self) {
        *self = Memo::default();
    }

    /// Every route of the last render, with its files.
    pub fn route_map(&self) -> std::sync::Arc<crate::render::memo::RouteMap> {
        self.render.routes.clone()
    }

    /// How many routes the last build rendered, kept unchanged, and left for later.
    pub fn routes(&self) -> (usize, usize, usize) {
        (
            self.render.rendered,
            self.render.reused,
            self.render.deferred,
        )
    }

    /// The pages to render first (see [`crate::render::memo::Memo::first`]); None: all.
    pub fn render_first(&mut self, pages: Option<std::collections::HashSet<String>>) {
        self.render.first = pages;
    }
}

/// What a build produced: the model (when site.yaml could be read), every problem, and
/// what was written.
#[derive(Debug)]
pub struct Build {
    pub site: Option<Site>,
    /// Every error and warning in the site, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    pub stats: Stats,
    /// How long each stage took, for `--verbose`: (what, time).
    pub timings: Vec<(&'static str, Duration)>,
}

impl Build {
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn failed(&self) -> bool {
        self.error_count() > 0
    }
}

/// Reads, checks and renders the site into `out`, collecting every problem.
pub fn build(request: &Request, out: &dyn Output) -> Build {
    build_remembering(request, out, None)
}

/// [`build`], for `serve`: with a memo of the last build, only the routes whose inputs
/// changed are rendered again (the rest are written from the memo), and the memo is
/// brought up to this build.
pub fn build_remembering(request: &Request, out: &dyn Output, memo: Option<&mut Memo>) -> Build {
    match load_config(request) {
        Ok(config) => build_with_memo(config, request, out, memo),
        Err(diagnostics) => Build {
            site: None,
            diagnostics,
            stats: Stats::default(),
            timings: Vec::new(),
        },
    }
}

/// [`build_remembering`] for the render that draws the pages the last one left for later
/// (`serve`, straight after it): from the model that render was made from, when it is
/// kept, else a whole build. Nothing was read in between, so a build would make the same
/// model again.
pub fn build_later(request: &Request, out: &dyn Output, memo: &mut Memo) -> Build {
    let Some(model) = memo.model.take() else {
        return build_remembering(request, out, Some(memo));
    };
    let diags = Diagnostics::default();
    diags.extend(model.diagnostics.iter().cloned());
    let timings = vec![("used the site model again", Duration::ZERO)];
    memo.render.model = Some(model.id);
    render_model(model, out, diags, timings, Some(memo))
}

/// [`build`] with site.yaml already read (`build` reads it first to find the output).
pub fn build_with(config: Config, request: &Request, out: &dyn Output) -> Build {
    build_with_memo(config, request, out, None)
}

fn build_with_memo(
    config: Config,
    request: &Request,
    out: &dyn Output,
    mut memo: Option<&mut Memo>,
) -> Build {
    let (cache, history, kept_templates, kept_site) = match memo.as_deref_mut() {
        Some(m) => {
            m.model = None;
            let kept = (m.templates.take()).filter(|k| k.root == config.root);
            let site = (m.site.take()).filter(|k| k.made.root == config.root);
            (Some(&mut m.content), Some(&mut m.history), kept, site)
        }
        None => (None, None, None, None),
    };
    let mut timings = Vec::new();
    let diags = Diagnostics::default();
    let t = Instant::now();
    let beside = crate::upkeep::start_reading(&config, history.as_deref());
    let mut content = match cache {
        Some(cache) => crate::content::walk::load_cached(&config, &diags, cache),
        None => crate::content::walk::load(&config, &diags),
    };
    timings.push(("read and parsed the content", t.elapsed()));
    let t = Instant::now();
    beside.finish(&config, &mut content, &diags, history);
    timings.push((
        "waited for the git history, read accessibility.yaml",
        t.elapsed(),
    ));
    let t = Instant::now();
    let options = BuildOptions {
        drafts: request.drafts,
        future: request.future,
        expired: request.expired,
        now: request.now,
    };
    let data = crate::data::load(&config.root, &diags);
    let settings = config.fingerprint();
    let root = config.root.clone();
    let made_of = memo.is_some().then(|| {
        let c = &content;
        (c.pages.clone(), c.history.clone(), c.statement_file.clone())
    });
    let reused = kept_site.and_then(|k| k.take(settings, &options, &content));
    let site_id = reused.as_ref().map_or_else(new_id, |(_, _, id)| *id);
    let (site, model_diags) = match reused {
        Some((site, said, _)) => {
            timings.push(("used the site model again", t.elapsed()));
            (site, said)
        }
        None => {
            let said = Diagnostics::default();
            let decided = memo.as_deref_mut().map(|m| &mut m.decided);
            let mut site = Site::build(config, options.clone(), content, &said, decided);
            site.data_pages = crate::site::data_pages::generate(&site, &data, &said);
            said.extend(crate::kinds::incident::review::check(&site));
            said.extend(crate::kinds::incident::updates::check(&site));
            said.extend(crate::site::translations::check(&site));
            timings.push(("built the site model", t.elapsed()));
            (site, said.to_vec())
        }
    };
    diags.extend(model_diags.iter().cloned());
    let made = made_of.map(|(pages, history, statement_file)| Made {
        id: site_id,
        diagnostics: model_diags,
        settings,
        options,
        pages,
        history,
        statement_file,
        root,
    });
    let t = Instant::now();
    let templates = match kept_templates {
        Some(kept) => Ok((kept.templates, kept.id)),
        None => (Templates::load(&site.config)).map(|t| (std::sync::Arc::new(t), new_id())),
    };
    timings.push(("loaded the templates", t.elapsed()));
    match templates {
        Ok((templates, templates_id)) => {
            if let Some(m) = memo.as_deref_mut() {
                m.templates = Some(KeptTemplates {
                    root: site.config.root.clone(),
                    templates: templates.clone(),
                    id: templates_id,
                });
                m.render.model = Some((site_id, templates_id));
            }
            let model = Model {
                id: (site_id, templates_id),
                site,
                data,
                templates,
                // Only `serve` keeps a model to render again.
                diagnostics: if memo.is_some() {
                    diags.to_vec()
                } else {
                    Vec::new()
                },
                made,
            };
            render_model(model, out, diags, timings, memo)
        }
        Err(errors) => {
            diags.extend(errors);
            Build {
                site: Some(site),
                diagnostics: diags.into_sorted(),
                stats: Stats::default(),
                timings,
            }
        }
    }
}

/// Renders `model` into `out`. With a memo (`serve`), the model is kept in it when the
/// render left pages for later and had no error (see [`build_later`]).
fn render_model(
    model: Model,
    out: &dyn Output,
    diags: Diagnostics,
    mut timings: Vec<(&'static str, Duration)>,
    mut memo: Option<&mut Memo>,
) -> Build {
    let t = Instant::now();
    let stats = render_site(
        &model.site,
        &model.templates,
        &model.data,
        out,
        &diags,
        memo.as_deref_mut().map(|m| &mut m.render),
    );
    timings.push(("rendered and wrote", t.elapsed()));
    timings.extend(stats.timings.iter().map(|&(what, took)| (what, took)));
    let diagnostics = diags.into_sorted();
    let mut site = Some(model.site);
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    if let Some(m) = memo
        && !failed
        && let Some(kept) = site.take()
    {
        if m.render.deferred > 0 {
            m.model = Some(Model {
                site: kept,
                ..model
            });
        } else if let Some(made) = model.made {
            m.site = Some(KeptSite::new(kept, made));
        } else {
            site = Some(kept);
        }
    }
    Build {
        site,
        diagnostics,
        stats,
        timings,
    }
}

/// The site model and its route table, without rendering (`daylight routes`); or every
/// problem that stopped them.
pub fn route_table(request: &Request) -> Result<(Site, crate::routes::Routes), Vec<Diagnostic>> {
    let config = load_config(request)?;
    let diags = Diagnostics::default();
    let beside = crate::upkeep::start_reading(&config, None);
    let mut content = crate::content::walk::load(&config, &diags);
    beside.finish(&config, &mut content, &diags, None);
    let options = BuildOptions {
        drafts: request.drafts,
        future: request.future,
        expired: request.expired,
        now: request.now,
    };
    let data = crate::data::load(&config.root, &diags);
    let mut site = Site::build(config, options, content, &diags, None);
    site.data_pages = crate::site::data_pages::generate(&site, &data, &diags);
    let templates = Templates::load(&site.config)?;
    let routes = crate::render::route_table(&site, &templates, &diags);
    let diags = diags.into_sorted();
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok((site, routes))
}

/// site.yaml, resolved, with the request's base URL in place of its own.
/// On failure, every problem in it.
pub fn load_config(request: &Request) -> Result<Config, Vec<Diagnostic>> {
    let mut config = Config::load(&request.root)?;
    match &request.base_url {
        BaseUrl::Site => {}
        BaseUrl::Given(url) => {
            crate::config::check_given_base_url(url).map_err(|d| vec![d])?;
            config.base_url = url.trim_end_matches('/').to_string();
        }
        BaseUrl::ServerWithSitePath(server) => {
            let path = config.mount();
            config.base_url = format!("{}{}", server.trim_end_matches('/'), path.path());
        }
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `files` (path under content/, text) as a site and returns its pages by path.
    fn read(files: &[(&str, &str)]) -> Vec<std::sync::Arc<crate::content::Page>> {
        let site = crate::test_site::TestSite::new();
        for (path, text) in files {
            site.write(path, text);
        }
        let diags = Diagnostics::default();
        let mut content = crate::content::walk::load(&site.config, &diags);
        content
            .pages
            .sort_by(|a, b| a.1.source.rel.cmp(&b.1.source.rel));
        content.pages.into_iter().map(|(_, p)| p).collect()
    }

    const INCIDENTS: &str = "---\ntitle: Incidents\nkind: incident\n---\n";
    const INCIDENT: &str = "---\ntitle: Down\ndate: 2024-10-27\nstatus: resolved\nseverity: P4\nstarted: 2024-10-27T01:30:00Z\nresolved: 2024-10-27T10:15:00Z\nreview: done\n---\n";

    #[test]
    fn only_a_page_whose_body_alone_changed_keeps_the_model() {
        let post = "---\ntitle: Hello\ntags: [a]\n---\nFirst words.\n";
        let review = "\n## What could have gone better\n\nThe alert.\n";
        let was = read(&[
            ("blog/hello.md", post),
            ("incidents/_index.md", INCIDENTS),
            (
                "incidents/down.md",
                &format!("{INCIDENT}## Summary\n{review}"),
            ),
        ]);
        let now = |post: &str, incident_body: &str| {
            read(&[
                ("blog/hello.md", post),
                ("incidents/_index.md", INCIDENTS),
                ("incidents/down.md", &format!("{INCIDENT}{incident_body}")),
            ])
        };
        let same = |a: &[std::sync::Arc<crate::content::Page>],
                    b: &[std::sync::Arc<crate::content::Page>]| {
            (a.iter().zip(b))
                .map(|(a, b)| same_but_body(a, b))
                .collect::<Vec<_>>()
        };
        // Words typed in either body: the same model.
        let typed = now(
            &format!("{post}More words, and a [link](/x/).\n"),
            &format!("## Summary\n\nIt was down.\n{review}"),
        );
        assert_eq!(same(&was, &typed), [true, true]);
        // A front matter field changed: a new model.
        let retitled = now(
            &post.replace("Hello", "Hello again"),
            &format!("## Summary\n{review}"),
        );
        assert_eq!(same(&was, &retitled), [false, true]);
        // The incident's review section, which its body holds, gone: a new model.
        let unreviewed = now(post, "## Summary\n\nIt was down.\n");
        assert_eq!(same(&was, &unreviewed), [true, false]);
    }

    /// A model made with what the last one decided of each page is the model made
    /// anew: through a page's date moved to the future (unpublished), back, a page
    /// whose section's permalink needs a date it lacks (an error, said again), and a
    /// section's permalink changed (nothing kept).
    #[test]
    fn a_model_made_with_the_last_decisions_is_the_model_made_anew() {
        let site = crate::test_site::TestSite::new();
        let write = |f: &str, text: &str| site.write(f, text);
        let news = "---\ntitle: News\npermalink: /news/:year/:slug/\n---\n";
        write("news/_index.md", news);
        write(
            "news/dated.md",
            "---\ntitle: Dated\ndate: 2024-01-01\n---\n",
        );
        write("news/undated.md", "---\ntitle: Undated\n---\n");
        write("blog/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n");
        write("about.md", "---\ntitle: About\n---\n");
        let options = BuildOptions {
            drafts: false,
            future: false,
            expired: false,
            now: "2025-01-01T00:00:00Z".parse().expect("a time"),
        };
        let config = &site.config;
        let mut cache = crate::content::walk::Cache::default();
        let mut decided = crate::site::Decided::default();
        let model = |cache: &mut crate::content::walk::Cache,
                     decided: &mut crate::site::Decided| {
            let read = Diagnostics::default();
            let content = crate::content::walk::load_cached(config, &read, cache);
            let made = |memo: Option<&mut crate::site::Decided>| {
                let said = Diagnostics::default();
                let site = Site::build(
                    config.clone(),
                    options.clone(),
                    content.clone(),
                    &said,
                    memo,
                );
                format!("{site:?}\n{:?}", said.into_sorted())
            };
            (made(Some(decided)), made(None))
        };
        let (first, anew) = model(&mut cache, &mut decided);
        assert_eq!(first, anew);
        assert!(first.contains("needs"), "the undated page's error: {first}");
        let steps = [
            ("blog/a.md", "---\ntitle: A\ndate: 2030-01-01\n---\n"),
            ("blog/a.md", "---\ntitle: A again\ndate: 2024-02-01\n---\n"),
            (
                "news/_index.md",
                "---\ntitle: News\npermalink: /n/:slug/\n---\n",
            ),
            ("about.md", "---\ntitle: About us\nslug: us\n---\n"),
        ];
        for (file, text) in steps {
            let path = write(file, text);
            cache.forget(&[path], true);
            let (kept, anew) = model(&mut cache, &mut decided);
            assert_eq!(kept, anew, "after {file}");
        }
    }
}
