//! Draws the pages an incident section adds (the filter pages, the actions tracker, the
//! statistics) and writes its open data. What those pages are, and everything on them,
//! is [`crate::kinds::incident`]'s: this module only puts it through the theme's
//! templates and into the output, as every other route is.
//!
//! It stays here, not in the kind's folder, because drawing needs the renderer's own
//! tools (templates, breadcrumbs, paginators, the output), which are private to `render`.

use std::path::PathBuf;

use super::context::SectionCtx;
use super::{Digest, Renderer};
use crate::content::Kind;
use crate::kinds::incident::{IncidentPage, Incidents, open_data, pages};

impl Renderer<'_> {
    /// Filter pages, actions tracker, statistics and open data, when the site has an
    /// incident section.
    pub fn render_incident_pages(&self, digests: &[Digest]) {
        let site = self.site;
        let Some(inc) = &self.routes.incidents else {
            return;
        };
        self.render_filter_pages(inc, digests);
        for &page in &inc.pages {
            self.render_incident_page(inc, page);
        }
        self.write_open_data(&inc.listed(site));
    }

    fn render_filter_pages(&self, inc: &Incidents, digests: &[Digest]) {
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
        for (k, f) in self.routes.incident_filters.iter().enumerate() {
            let title = pages::filter_title(f);
            let pagers = self.routes.pagers(&super::List::Incidents(k));
            let nav = inc.nav(site, &f.url);
            for pager in pagers {
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
                let paginator = self.paginator(pager, pagers, &f.pages, digests);
                let crumbs = self.breadcrumbs(Some(inc.section));
                self.render_to_url(&template, &pager.url, &title, crumbs, &display, |c| {
                    c.insert("section", &ctx);
                    c.insert("paginator", &paginator);
                    c.insert("incident_nav", &Some(&nav));
                });
            }
        }
    }

    fn render_incident_page(&self, inc: &Incidents, page: IncidentPage) {
        if self.template_for(&None, page.template(), None).is_none() {
            return;
        }
        self.render_to_url(
            page.template(),
            &page.url(&inc.base),
            page.title(),
            self.breadcrumbs(Some(inc.section)),
            &PathBuf::from(page.what()),
            |c| page.fill(self.site, inc, c),
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
