//! `sitemap.xml` (sitemaps.org 0.9) and `robots.txt`, which points to it.
//!
//! The sitemap lists the routes the route table ([`crate::routes`]) marks as listed:
//! every published page and section, the taxonomy pages, the incident filter, actions and
//! statistics pages, and the search page (the first page of each list; numbered list
//! pages, the 404 page and alias redirects are left out), each with a `lastmod` where
//! one is known: a page's `updated` or `date`, a list's newest page. A page without dates
//! has no `lastmod` rather than a made-up one. Drafts are never listed, even in a
//! `--drafts` build. Past 50,000 URLs (the protocol's limit per file) it is split, and
//! `sitemap.xml` becomes the index of
//! the parts. A site's own `static/robots.txt` wins over the one written here.

use jiff::Timestamp;

use crate::dates::When;

use super::Renderer;
use super::feeds::xml_escape_into;

/// URLs per sitemap file (sitemaps.org).
pub const MAX_URLS: usize = 50_000;

struct Url<'a> {
    path: &'a str,
    lastmod: Option<&'a When>,
    alternates: Vec<super::languages::Alternate>,
}

fn urlset(base: &str, urls: &[Url<'_>], bilingual: bool) -> String {
    let mut x = String::with_capacity(128 + urls.len() * 120);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if bilingual {
        x.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    } else {
        x.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    }
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
        // After `lastmod`: the schema takes other namespaces' elements last.
        for a in &u.alternates {
            x.push_str("    <xhtml:link rel=\"alternate\" hreflang=\"");
            xml_escape_into(&mut x, &a.tag);
            x.push_str("\" href=\"");
            xml_escape_into(&mut x, &a.url);
            x.push_str("\"/>\n");
        }
        x.push_str("  </url>\n");
    }
    x.push_str("</urlset>\n");
    x
}

impl Renderer<'_> {
    /// Writes `sitemap.xml` (and its parts, for a very large site) and `robots.txt`.
    /// The sitemap is a route of its own, read from the URLs and their dates (and
    /// alternates), so an edit that changes none of them does not write it again.
    pub(crate) fn write_sitemap(&self) {
        let bilingual = !self.site.config.languages.is_empty();
        let inputs = |f: &mut super::Fingerprint| {
            for (path, lastmod) in self.routes.listed() {
                // What `When::iso` writes: the moment and its offset.
                f.add(path)
                    .add(&lastmod.map(|w| (w.timestamp(), w.zoned.offset())));
                if bilingual {
                    f.add(&self.common.alternates.alternates(self.site, path));
                }
            }
        };
        self.route_data(crate::urls::SITEMAP, inputs, |r| r.draw_sitemap());
        self.write_robots();
    }

    fn draw_sitemap(&self) {
        let base = self.site.config.base_url.as_str();
        let bilingual = !self.site.config.languages.is_empty();
        let urls: Vec<Url<'_>> = self
            .routes
            .listed()
            .map(|(path, lastmod)| Url {
                path,
                lastmod,
                alternates: self.common.alternates.alternates(self.site, path),
            })
            .collect();
        if urls.len() <= MAX_URLS {
            self.write_machine_file(
                crate::urls::SITEMAP,
                urlset(base, &urls, bilingual).as_bytes(),
            );
        } else {
            let mut index = String::new();
            index.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            index
                .push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
            for (n, part) in urls.chunks(MAX_URLS).enumerate() {
                let name = crate::urls::sitemap_part(n + 1);
                self.write_machine_file(&name, urlset(base, part, bilingual).as_bytes());
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
    }

    fn write_robots(&self) {
        let c = &self.site.config;
        // The route table has no robots.txt of ours when the site or theme has its own.
        let ours =
            (self.routes.routes.iter()).any(|r| matches!(r.target, crate::routes::Target::Robots));
        if !ours {
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
