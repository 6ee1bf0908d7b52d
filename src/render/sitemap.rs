//! `sitemap.xml` (sitemaps.org 0.9) and `robots.txt`, which points to it.
//!
//! The sitemap lists every published page, section, taxonomy page, the incident filter,
//! actions and statistics pages, and the search page (the first page of each list;
//! numbered list pages, the 404 page and alias redirects are left out), each with a `lastmod` where one is known: a page's `updated` or
//! `date`, a list's newest page. A page without dates has no `lastmod` rather than a
//! made-up one. Drafts are never listed, even in a `--drafts` build. Past 50,000 URLs
//! (the protocol's limit per file) it is split, and `sitemap.xml` becomes the index of
//! the parts. A site's own `static/robots.txt` wins over the one written here.

use jiff::Timestamp;

use crate::dates::When;

use super::Renderer;
use super::feeds::xml_escape_into;
use super::metadata::is_listed;

/// URLs per sitemap file (sitemaps.org).
pub const MAX_URLS: usize = 50_000;

struct Url<'a> {
    path: &'a str,
    lastmod: Option<&'a When>,
}

fn newer<'a>(a: Option<&'a When>, b: Option<&'a When>) -> Option<&'a When> {
    match (a, b) {
        (Some(x), Some(y)) => Some(if y.timestamp() > x.timestamp() { y } else { x }),
        (x, None) => x,
        (None, y) => y,
    }
}

fn urlset(base: &str, urls: &[Url<'_>]) -> String {
    let mut x = String::with_capacity(128 + urls.len() * 120);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for u in urls {
        x.push_str("  <url>\n    <loc>");
        xml_escape_into(&mut x, base);
        xml_escape_into(&mut x, u.path);
        x.push_str("</loc>\n");
        if let Some(w) = u.lastmod {
            x.push_str("    <lastmod>");
            x.push_str(&w.iso());
            x.push_str("</lastmod>\n");
        }
        x.push_str("  </url>\n");
    }
    x.push_str("</urlset>\n");
    x
}

impl Renderer<'_> {
    /// Writes `sitemap.xml` (and its parts, for a very large site) and `robots.txt`.
    pub(crate) fn write_sitemap(&self) {
        let site = self.site;
        let base = site.config.base_url.as_str();
        let mut section_lastmod: Vec<Option<&When>> = vec![None; site.sections.len()];
        let mut pages = Vec::with_capacity(site.pages.len());
        for (i, p) in site.pages.iter().enumerate() {
            if !is_listed(site, i) {
                continue;
            }
            let lastmod = p.page.updated.as_ref().or(p.page.date.as_ref());
            let lastmod = newer(lastmod, p.page.date.as_ref());
            // Every section above the page, up to the home page, is as new as it.
            let mut s = Some(p.section);
            while let Some(k) = s {
                section_lastmod[k] = newer(section_lastmod[k], lastmod);
                s = site.sections[k].parent;
            }
            pages.push(Url {
                path: &p.url,
                lastmod,
            });
        }
        let mut urls: Vec<Url<'_>> = Vec::with_capacity(pages.len() + site.sections.len() + 64);
        for (k, s) in site.published_sections() {
            if s.meta.draft {
                continue;
            }
            urls.push(Url {
                path: &s.url,
                lastmod: section_lastmod[k],
            });
        }
        urls.append(&mut pages);
        for tax in &site.taxonomies {
            let at = urls.len();
            urls.push(Url {
                path: &tax.url,
                lastmod: None,
            });
            let mut newest = None;
            for term in &tax.terms {
                let mut listed = false;
                let mut lastmod = None;
                for &i in &term.pages {
                    if is_listed(site, i) {
                        listed = true;
                        let page = &site.pages[i].page;
                        lastmod = newer(lastmod, newer(page.updated.as_ref(), page.date.as_ref()));
                    }
                }
                if listed {
                    newest = newer(newest, lastmod);
                    urls.push(Url {
                        path: &term.url,
                        lastmod,
                    });
                }
            }
            urls[at].lastmod = newest;
        }
        // The incident pages' URLs are built by their module: kept here while in use.
        // Only the filters that show a listed incident, and none in a draft section, so
        // a `--drafts` preview lists no page that only drafts are on.
        let incident_pages: Vec<String> = super::incidents::Incidents::find(site)
            .filter(|inc| !site.sections[inc.section].meta.draft)
            .map(|inc| inc.listed(site))
            .map(|inc| {
                let nav = inc.nav(site, &inc.base);
                let filters = nav.severities.iter().chain(&nav.services).chain(&nav.years);
                filters
                    .map(|f| f.url.clone())
                    .chain([nav.actions_url.clone(), nav.statistics_url.clone()])
                    .collect()
            })
            .unwrap_or_default();
        urls.extend(incident_pages.iter().map(|path| Url {
            path,
            lastmod: None,
        }));
        if let Some(search) = self.common.search_url {
            urls.push(Url {
                path: search,
                lastmod: None,
            });
        }

        if urls.len() <= MAX_URLS {
            self.write_machine_file(crate::urls::SITEMAP, urlset(base, &urls).as_bytes());
        } else {
            let mut index = String::new();
            index.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            index
                .push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
            for (n, part) in urls.chunks(MAX_URLS).enumerate() {
                let name = crate::urls::sitemap_part(n + 1);
                self.write_machine_file(&name, urlset(base, part).as_bytes());
                let newest: Option<Timestamp> = part
                    .iter()
                    .filter_map(|u| u.lastmod.map(When::timestamp))
                    .max();
                index.push_str("  <sitemap>\n    <loc>");
                xml_escape_into(&mut index, base);
                xml_escape_into(&mut index, &name);
                index.push_str("</loc>\n");
                if let Some(t) = newest {
                    index.push_str("    <lastmod>");
                    index.push_str(&t.strftime("%Y-%m-%dT%H:%M:%S+00:00").to_string());
                    index.push_str("</lastmod>\n");
                }
                index.push_str("  </sitemap>\n");
            }
            index.push_str("</sitemapindex>\n");
            self.write_machine_file(crate::urls::SITEMAP, index.as_bytes());
        }
        self.write_robots();
    }

    fn write_robots(&self) {
        let c = &self.site.config;
        let own = [
            Some(c.root.join("static")),
            c.theme_dir().map(|d| d.join("static")),
        ]
        .into_iter()
        .flatten()
        .any(|dir| dir.join("robots.txt").is_file());
        if own {
            return;
        }
        let text = format!(
            "# Written by daylight. Put your own in static/robots.txt to replace it.\n\
             User-agent: *\n\
             Disallow:\n\
             \n\
             Sitemap: {}/sitemap.xml\n",
            c.base_url
        );
        self.write_machine_file(crate::urls::ROBOTS, text.as_bytes());
    }
}
