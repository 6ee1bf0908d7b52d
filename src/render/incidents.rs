//! Draws the pages an incident section adds (the filter pages, the actions tracker, the
//! statistics, the open data page), writes its open data, and draws the status page
//! and writes its files (status.json, the status feed, the badges). What those pages are, and everything on them,
//! is [`crate::kinds::incident`]'s: this module only puts it through the theme's
//! templates and into the output, as every other route is.
//!
//! It stays here, not in the kind's folder, because drawing needs the renderer's own
//! tools (templates, breadcrumbs, paginators, the output), which are private to `render`.

use std::path::PathBuf;

use rayon::prelude::*;

use super::context::{Crumb, SectionCtx};
use super::{Digest, Fingerprint, Renderer};
use crate::content::Kind;
use crate::kinds::incident::status::{self, StatusOutput};
use crate::kinds::incident::{IncidentPage, Incidents, open_data, pages};
use crate::urls;

impl Renderer<'_> {
    /// Filter pages, actions tracker, statistics and open data, when the site has an
    /// incident section.
    /// Each page and file is a route whose inputs are `every_incident` (see
    /// [`Renderer::render_incidents`]).
    pub fn render_incident_pages(&self, digests: &[Digest], every_incident: u64) {
        let site = self.site;
        let inputs = |f: &mut Fingerprint| {
            f.add(&every_incident);
        };
        let filters = || {
            for inc in &self.routes.incidents {
                self.render_filter_pages(inc, digests, &inputs);
            }
        };
        // The tracker, the statistics and the open data each go over every report: side
        // by side, and beside the filter pages.
        let others = || {
            let pages: Vec<(&Incidents, IncidentPage)> = (self.routes.incidents.iter())
                .flat_map(|inc| inc.pages.iter().map(move |&page| (inc, page)))
                .collect();
            rayon::join(
                || {
                    pages.into_par_iter().for_each(|(inc, page)| {
                        self.route(&page.url(&inc.base), inputs, |r| {
                            r.render_incident_page(inc, page)
                        });
                    })
                },
                // The open data once, from the first language's index (machines read
                // ids, dates and states, which are the same in every language).
                || {
                    if let Some(inc) = self.routes.incidents.first() {
                        self.route_data(urls::INCIDENTS_JSON, inputs, |r| {
                            r.write_open_data(&inc.listed(site))
                        });
                    }
                },
            )
        };
        rayon::join(filters, others);
    }

    fn render_filter_pages(
        &self,
        inc: &Incidents,
        digests: &[Digest],
        inputs: &(impl Fn(&mut Fingerprint) + Sync),
    ) {
        let site = self.site;
        let section = &site.sections[inc.section];
        let Some(template) = self.template_for(
            &section.meta.template,
            "section.html",
            section.meta.source.as_ref(),
        ) else {
            return;
        };
        let display = PathBuf::from(pages::FILTER_PAGES);
        // Severities and services as the language names them (the titles say them).
        let words = self.templates.words.of(inc.lang);
        let names = super::languages::names(site, inc.lang, words);
        let jobs: Vec<(usize, usize)> = (inc.filters(site).iter().enumerate())
            .flat_map(|(k, _)| {
                let list = super::List::Incidents {
                    lang: inc.lang,
                    filter: k,
                };
                let pagers = self.routes.pagers(&list).len();
                (0..pagers).map(move |n| (k, n))
            })
            .collect();
        jobs.into_par_iter().for_each(|(k, n)| {
            let f = &inc.filters(site)[k];
            let pagers = self.routes.pagers(&super::List::Incidents {
                lang: inc.lang,
                filter: k,
            });
            let pager = &pagers[n];
            self.route(&pager.url, inputs, |r| {
                let say = r.say(&f.url);
                let name = super::languages::filter_name(&names, f).unwrap_or(&f.name);
                let title = pages::filter_title(name, f.by, say);
                let mut nav = inc.nav(site, &f.url, say);
                nav.current = Some(name.to_string());
                let ctx = SectionCtx {
                    title: &title,
                    url: &f.url,
                    permalink: site.permalink(&f.url),
                    description: None,
                    content: "",
                    kind: Kind::Incident,
                    page_count: f.pages.len(),
                    subsections: Vec::new(),
                    extra: &section.meta.extra,
                };
                let paginator = r.paginator(pager, pagers, &f.pages, digests);
                let crumbs = r.breadcrumbs(Some(inc.section));
                r.render_to_url(&template, &pager.url, &title, crumbs, &display, |c| {
                    c.insert("section", &ctx);
                    c.insert("paginator", &paginator);
                    c.insert("incident_nav", &Some(&nav));
                });
            });
        });
    }

    fn render_incident_page(&self, inc: &Incidents, page: IncidentPage) {
        if self.template_for(&None, page.template(), None).is_none() {
            return;
        }
        let url = page.url(&inc.base);
        let say = self.say(&url);
        self.render_to_url(
            page.template(),
            &url,
            page.title(say),
            self.breadcrumbs(Some(inc.section)),
            &PathBuf::from(page.what()),
            |c| page.fill(self.site, inc, say, c),
        );
    }

    fn write_open_data(&self, inc: &Incidents) {
        for (url, bytes) in open_data::files(self.site, inc) {
            let written = bytes.and_then(|b| self.out.write(url.trim_start_matches('/'), &b));
            if let Err(d) = written {
                self.diags.push(d);
            }
        }
    }
}

impl Renderer<'_> {
    /// What every incident page and the incident section say: the inputs of each of the
    /// status page's routes (they read every report, and the build's "now", which the
    /// common inputs carry).
    pub(super) fn add_incident_inputs(&self, f: &mut Fingerprint) {
        // Every report in every language: another language's pages list the default
        // language's reports where they are not translated, and their own where they are.
        for (i, p) in self.site.pages.iter().enumerate() {
            if p.page.kind() == Kind::Incident {
                f.add(&self.page_fp(i));
            }
        }
        for (k, s) in self.site.published_sections() {
            if s.kind == Kind::Incident {
                self.add_section_chain(f, Some(k));
            }
        }
    }

    /// The status page and its files, when the route table has them: each output a
    /// route of its own, remade when any report changes.
    pub fn render_status(&self) {
        let Some(services) = &self.routes.status else {
            return;
        };
        // Each output works the status out over every report: side by side.
        let outputs: Vec<(usize, &Incidents, StatusOutput)> = (self.routes.incidents.iter())
            .enumerate()
            .filter(|(_, inc)| inc.status_page)
            .flat_map(|(n, inc)| StatusOutput::ALL.into_iter().map(move |o| (n, inc, o)))
            .collect();
        outputs.into_par_iter().for_each(|(n, inc, output)| {
            {
                let key = match output {
                    StatusOutput::Page => inc.status_url.clone(),
                    StatusOutput::Feed => urls::atom_feed(&inc.status_url),
                    // The data and the badges once, from the first language's index.
                    _ if n > 0 => return,
                    StatusOutput::Json => urls::STATUS_JSON.to_string(),
                    // One route writes every badge: they are made from one model.
                    StatusOutput::Badges => "status badges".to_string(),
                };
                let inputs = |f: &mut Fingerprint| {
                    self.add_incident_inputs(f);
                    f.add(services);
                    if output == StatusOutput::Page {
                        self.add_frame(f, &inc.status_url);
                    }
                };
                self.route(&key, inputs, |r| r.draw_status(inc, output));
            }
        });
    }

    fn draw_status(&self, inc: &Incidents, output: StatusOutput) {
        let site = self.site;
        // Machines are told only of listed reports (no drafts, even in a preview).
        let listed = inc.listed(site);
        let say = self.say(&inc.status_url);
        match output {
            StatusOutput::Page => {
                let model = status::status(site, inc);
                let ctx = status::status_ctx(site, inc, &model, say);
                let crumbs = vec![Crumb {
                    title: say.word("home").into(),
                    url: super::languages::in_language(site, inc.lang, urls::HOME),
                }];
                self.render_to_url(
                    status::TEMPLATE,
                    &inc.status_url,
                    say.word("service_status"),
                    crumbs,
                    &PathBuf::from(output.what()),
                    |c| c.insert("status", &ctx),
                );
            }
            StatusOutput::Json => {
                let model = status::status(site, &listed);
                match status::status_json(site, &model, say) {
                    Ok(bytes) => self.write_machine_file(urls::STATUS_JSON, &bytes),
                    Err(d) => self.diags.push(d),
                }
            }
            StatusOutput::Feed => {
                let feed = status::status_feed(site, &listed, say);
                self.write_machine_file(&urls::atom_feed(&inc.status_url), feed.as_bytes());
            }
            StatusOutput::Badges => {
                let model = status::status(site, &listed);
                for service in &model.services {
                    let svg = status::badge_svg(service);
                    self.write_machine_file(&urls::status_badge(&service.slug), svg.as_bytes());
                }
            }
        }
    }
}
