//! The site as `serve` keeps it between rebuilds: the model, the templates and what is
//! kept of each rendered page, so an edit to one page re-renders only that page and the
//! list pages that show it.
//!
//! A rebuild renders into a fresh [`Memory`] and hands back only what it wrote; the
//! server applies it to the live site only if there were no errors, so a broken edit
//! never replaces the last good site.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics};
use crate::output::{Files, Memory};
use crate::render::{Digest, RECENT_ON_HOME, Renderer, Templates};
use crate::site::{BuildOptions, Site};

/// How a page is built from its sources, for serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub drafts: bool,
    pub future: bool,
    /// Shown as the site's base URL in canonical links and feeds.
    pub base_url: Option<String>,
}

pub struct Workspace {
    pub options: ServeOptions,
    pub site: Site,
    templates: Templates,
    digests: Vec<Digest>,
    /// Pages re-rendered whose derived files (feeds, search…) are still to refresh.
    derived_pending: Vec<usize>,
}

/// What a rebuild produced.
pub struct Rebuilt {
    /// The files written (all of them after a full build).
    pub files: Files,
    /// True when `files` is the whole site and replaces it.
    pub whole_site: bool,
    /// Warnings (errors make the rebuild an `Err`).
    pub warnings: Vec<Diagnostic>,
    /// "1 page and 3 lists" or "the whole site".
    pub what: String,
}

fn errors_or(diags: Diagnostics) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let all = diags.into_sorted();
    if all.iter().any(Diagnostic::is_error) {
        Err(all)
    } else {
        Ok(all)
    }
}

impl Workspace {
    /// Loads and renders the whole site into memory.
    pub fn build(options: ServeOptions) -> Result<(Workspace, Rebuilt), Vec<Diagnostic>> {
        let mut config = Config::load(&options.root)?;
        if let Some(url) = &options.base_url {
            config.base_url = url.trim_end_matches('/').to_string();
        }
        let diags = Diagnostics::default();
        let content = crate::content::walk::load(&config, &diags);
        let build = BuildOptions {
            drafts: options.drafts,
            future: options.future,
            now: jiff::Timestamp::now(),
        };
        let site = Site::build(config, build, content, &diags);
        let templates = match Templates::load(&site.config) {
            Ok(t) => t,
            Err(errors) => {
                diags.extend(errors);
                return Err(errors_or(diags).unwrap_or_default());
            }
        };
        let out = Memory::whole_site();
        let digests = crate::render::render_site(&site, &templates, &out, &diags).digests;
        let warnings = errors_or(diags)?;
        let files = out.into_files();
        let what = format!("the whole site ({} files)", files.len());
        Ok((
            Workspace {
                options,
                site,
                templates,
                digests,
                derived_pending: Vec::new(),
            },
            Rebuilt {
                files,
                whole_site: true,
                warnings,
                what,
            },
        ))
    }

    /// content-relative paths of every built page.
    pub fn page_sources(&self) -> HashSet<String> {
        self.site
            .pages
            .iter()
            .map(|p| p.page.source.rel.clone())
            .collect()
    }

    /// content-relative paths of the other files under content/.
    pub fn asset_sources(&self) -> HashSet<String> {
        self.site.assets.iter().map(|a| a.rel.clone()).collect()
    }

    pub fn config(&self) -> &Config {
        &self.site.config
    }

    /// Re-renders edited pages. `Ok(None)` means an edit changed something that needs a
    /// full rebuild (URL, order, tags…), which the caller then does.
    pub fn pages_changed(&mut self, rels: &[String]) -> Result<Option<Rebuilt>, Vec<Diagnostic>> {
        let mut indices = Vec::new();
        for rel in rels {
            let Some(i) = self
                .site
                .pages
                .iter()
                .position(|p| &p.page.source.rel == rel)
            else {
                return Ok(None);
            };
            let old = &self.site.pages[i];
            let kind = self.site.sections[old.section].kind;
            let new =
                crate::content::walk::load_page(&self.site.config, rel, kind, old.page.is_bundle)?;
            if !same_place(&old.page, &new) {
                return Ok(None);
            }
            self.site.pages[i].page = new;
            indices.push(i);
        }
        let diags = Diagnostics::default();
        let out = Memory::default();
        let mut lists = 0;
        {
            let r = Renderer::new(&self.site, &self.templates, &out, &diags);
            for &i in &indices {
                self.digests[i] = r.render_page(i);
            }
            let site = &self.site;
            for &i in &indices {
                let p = &site.pages[i];
                let section = &site.sections[p.section];
                if let Some(pos) = section.pages.iter().position(|&j| j == i) {
                    r.render_section(
                        p.section,
                        &self.digests,
                        Some(pos / section.paginate_by + 1),
                    );
                    lists += 1;
                }
                for (t, tax) in site.taxonomies.iter().enumerate() {
                    let names = crate::site::taxonomy::names_of(p, tax.kind, &site.config);
                    for name in names {
                        let Some(k) = tax
                            .terms
                            .iter()
                            .position(|term| term.slug == slug::slugify(&name))
                        else {
                            continue;
                        };
                        if let Some(pos) = tax.terms[k].pages.iter().position(|&j| j == i) {
                            r.render_term(
                                t,
                                k,
                                &self.digests,
                                Some(pos / site.config.paginate_by + 1),
                            );
                            lists += 1;
                        }
                    }
                }
            }
            let on_home = indices.iter().any(|&i| {
                site.pages_of_kind(site.pages[i].page.kind)
                    .into_iter()
                    .take(RECENT_ON_HOME)
                    .any(|j| j == i)
            });
            if on_home {
                r.render_home(&self.digests);
                lists += 1;
            }
            // Feeds, sitemap and search index carry the page's text; incident pages its facts.
        }
        // Feeds, sitemap, search index and incident pages follow in a second step
        // (`refresh_derived`), so the edited page is served without waiting for them.
        self.derived_pending.extend(indices.iter().copied());
        let warnings = errors_or(diags)?;
        let what = format!(
            "{} page{} and {lists} list{}",
            indices.len(),
            if indices.len() == 1 { "" } else { "s" },
            if lists == 1 { "" } else { "s" }
        );
        Ok(Some(Rebuilt {
            files: out.into_files(),
            whole_site: false,
            warnings,
            what,
        }))
    }

    /// The files derived from the pages edited since the last call: feeds, sitemap,
    /// search index, and the incident tracker, statistics and filter pages. At 10,000
    /// pages they take ~10× as long as the page itself, hence a step of their own.
    pub fn refresh_derived(&mut self) -> Result<Option<Rebuilt>, Vec<Diagnostic>> {
        if self.derived_pending.is_empty() {
            return Ok(None);
        }
        let indices: Vec<usize> = std::mem::take(&mut self.derived_pending);
        let diags = Diagnostics::default();
        let out = Memory::default();
        {
            let r = Renderer::new(&self.site, &self.templates, &out, &diags);
            r.render_machine_outputs(&self.digests);
            r.render_incident_pages_for(&self.digests, &indices);
        }
        let warnings = errors_or(diags)?;
        Ok(Some(Rebuilt {
            files: out.into_files(),
            whole_site: false,
            warnings,
            what: "feeds, sitemap and search index".to_string(),
        }))
    }

    /// Copies changed static files.
    pub fn static_changed(&self, files: &[(String, PathBuf)]) -> Result<Rebuilt, Vec<Diagnostic>> {
        let out = Memory::default();
        let mut errors = Vec::new();
        for (rel, from) in files {
            if let Err(d) = crate::output::Output::copy_file(&out, rel, from) {
                errors.push(d);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let n = files.len();
        Ok(Rebuilt {
            files: out.into_files(),
            whole_site: false,
            warnings: Vec::new(),
            what: format!("{n} static file{}", if n == 1 { "" } else { "s" }),
        })
    }
}

/// Whether an edited page keeps its URL, its place in every list and its terms, so only
/// it and the list pages showing it need rendering.
fn same_place(old: &crate::content::Page, new: &crate::content::Page) -> bool {
    let when = |w: &Option<crate::dates::When>| w.as_ref().map(|d| d.timestamp());
    let services = |p: &crate::content::Page| p.incident.as_ref().map(|i| i.services.clone());
    old.slug == new.slug
        && old.kind == new.kind
        && old.title == new.title
        && when(&old.date) == when(&new.date)
        && old.weight == new.weight
        && old.draft == new.draft
        && old.tags == new.tags
        && old.authors == new.authors
        && old.series == new.series
        && services(old) == services(new)
        && old.aliases == new.aliases
}
