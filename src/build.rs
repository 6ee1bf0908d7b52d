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
    /// "Now", for future dates and overdue actions: the clock, or fixed (`--now`).
    pub now: Timestamp,
    /// Replaces site.yaml's `base_url` (`--base-url`, and `serve`'s own address).
    pub base_url: Option<String>,
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
    match load_config(request) {
        Ok(config) => build_with(config, request, out),
        Err(diagnostics) => Build {
            site: None,
            diagnostics,
            stats: Stats::default(),
            timings: Vec::new(),
        },
    }
}

/// [`build`] with site.yaml already read (`build` reads it first to find the output).
pub fn build_with(config: Config, request: &Request, out: &dyn Output) -> Build {
    let mut timings = Vec::new();
    let diags = Diagnostics::default();
    let t = Instant::now();
    let content = crate::content::walk::load(&config, &diags);
    timings.push(("read and parsed the content", t.elapsed()));
    let t = Instant::now();
    let options = BuildOptions {
        drafts: request.drafts,
        future: request.future,
        now: request.now,
    };
    let site = Site::build(config, options, content, &diags);
    timings.push(("built the site model", t.elapsed()));
    let t = Instant::now();
    let stats = match Templates::load(&site.config) {
        Ok(templates) => render_site(&site, &templates, out, &diags),
        Err(errors) => {
            diags.extend(errors);
            Stats::default()
        }
    };
    timings.push(("rendered and wrote", t.elapsed()));
    timings.push(("  pages", stats.pages_time));
    timings.push(("  lists", stats.lists_time));
    timings.push(("  feeds, sitemap, search and files", stats.files_time));
    Build {
        site: Some(site),
        diagnostics: diags.into_sorted(),
        stats,
        timings,
    }
}

/// site.yaml, resolved, with the request's base URL in place of its own.
/// On failure, every problem in it.
pub fn load_config(request: &Request) -> Result<Config, Vec<Diagnostic>> {
    let mut config = Config::load(&request.root)?;
    if let Some(url) = &request.base_url {
        config.base_url = url.trim_end_matches('/').to_string();
    }
    Ok(config)
}
