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
}

/// Templates loaded by an earlier build, and the site folder they were read for.
struct KeptTemplates {
    root: PathBuf,
    templates: std::sync::Arc<Templates>,
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

/// What a render is made from: the site model, its data and templates, and what reading
/// and building them said. `serve` keeps it while a render left pages for later, so the
/// render that draws them straight after (nothing read in between) does not build the
/// same model again.
struct Model {
    site: Site,
    data: crate::data::Data,
    templates: std::sync::Arc<Templates>,
    diagnostics: Vec<Diagnostic>,
}

impl Memo {
    /// Forgets what was read from these files or folders (the watcher saw them change).
    /// `only_edited`: files were written, and nothing was created, removed or renamed.
    pub fn forget(&mut self, paths: &[PathBuf], only_edited: bool) {
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
        self.model.as_ref().map(|m| &m.site)
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
    let (cache, history, kept_templates) = match memo.as_deref_mut() {
        Some(m) => {
            m.model = None;
            let kept = (m.templates.take()).filter(|k| k.root == config.root);
            (Some(&mut m.content), Some(&mut m.history), kept)
        }
        None => (None, None, None),
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
    let mut site = Site::build(config, options, content, &diags);
    site.data_pages = crate::site::data_pages::generate(&site, &data, &diags);
    diags.extend(crate::kinds::incident::review::check(&site));
    diags.extend(crate::kinds::incident::updates::check(&site));
    diags.extend(crate::site::translations::check(&site));
    timings.push(("built the site model", t.elapsed()));
    let t = Instant::now();
    let templates = match kept_templates {
        Some(kept) => Ok(kept.templates),
        None => Templates::load(&site.config).map(std::sync::Arc::new),
    };
    timings.push(("loaded the templates", t.elapsed()));
    match templates {
        Ok(templates) => {
            if let Some(m) = memo.as_deref_mut() {
                m.templates = Some(KeptTemplates {
                    root: site.config.root.clone(),
                    templates: templates.clone(),
                });
            }
            let model = Model {
                site,
                data,
                templates,
                // Only `serve` keeps a model to render again.
                diagnostics: if memo.is_some() {
                    diags.to_vec()
                } else {
                    Vec::new()
                },
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
    if let Some(m) = memo
        && m.render.deferred > 0
        && !diagnostics.iter().any(Diagnostic::is_error)
        && let Some(site) = site.take()
    {
        m.model = Some(Model { site, ..model });
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
    let mut site = Site::build(config, options, content, &diags);
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
