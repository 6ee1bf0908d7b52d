//! Feeds: Atom (RFC 4287) for the whole site, each section, each tag and each author;
//! JSON Feed 1.1 for the whole site and each section.
//!
//! A feed lists the newest `feed_limit` published pages that have a `date` (drafts
//! never, see [`crate::site::Site::is_listed`]); a section's feed covers its subsections
//! too. Which pages are in some feed is decided once, before pages render
//! ([`FeedPlan`]), so the renderer keeps the full HTML of those pages only, with every
//! link already made absolute ([`absolute_links`]) — not the whole site's HTML. Writing
//! costs what the feeds hold: no feed ever walks every page.
//!
//! The XML is written here, not with a feed crate: the Atom we need is a dozen fixed
//! elements, and XML escaping is five characters plus dropping the few XML 1.0 forbids.
//! `atom_syndication` would bring quick-xml and derive_builder for that; the tests
//! parse every feed with feed-rs instead. This module must not decide what is
//! published (the site model does) nor render templates.

use std::borrow::Cow;
use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::{FeedContent, Taxonomy};
use crate::content::SortBy;
use crate::dates::When;
use crate::markdown::links::join_normalized;
use crate::site::Site;

use super::context::plain_text;
use super::metadata;
use super::{Digest, Renderer};

pub use crate::urls::ATOM_FILE;
pub use crate::urls::JSON_FILE;
pub const ATOM_TYPE: &str = "application/atom+xml";
pub const JSON_TYPE: &str = "application/feed+json";
/// The site's Atom feed, as `site.feed_url`.
pub use crate::urls::SITE_ATOM as SITE_ATOM_URL;

/// A feed a page links to with `<link rel="alternate">`: `feeds` in every template.
#[derive(Debug, Clone, Serialize)]
pub struct FeedLink {
    pub title: String,
    /// Site path, e.g. `/blog/atom.xml`.
    pub url: String,
    /// `application/atom+xml` or `application/feed+json`.
    #[serde(rename = "type")]
    pub media_type: &'static str,
    /// `site`, `section`, `tag` or `author`.
    pub scope: &'static str,
}

#[derive(Debug)]
pub struct Feed {
    scope: &'static str,
    title: String,
    subtitle: Option<String>,
    /// The HTML page the feed follows (`/blog/`), where its files are written too.
    list_url: String,
    /// JSON Feed as well as Atom (the site and sections).
    json: bool,
    /// Newest first, at most `feed_limit`.
    entries: Vec<usize>,
}

impl Feed {
    /// The HTML list the feed follows.
    pub fn list_url(&self) -> &str {
        &self.list_url
    }

    /// Whether a JSON Feed is written beside the Atom feed.
    pub fn has_json(&self) -> bool {
        self.json
    }

    fn atom_url(&self) -> String {
        crate::urls::atom_feed(&self.list_url)
    }

    fn json_url(&self) -> String {
        crate::urls::json_feed(&self.list_url)
    }

    fn links(&self) -> Vec<FeedLink> {
        let mut links = vec![FeedLink {
            title: format!("{} (Atom)", self.title),
            url: self.atom_url(),
            media_type: ATOM_TYPE,
            scope: self.scope,
        }];
        if self.json {
            links.push(FeedLink {
                title: format!("{} (JSON Feed)", self.title),
                url: self.json_url(),
                media_type: JSON_TYPE,
                scope: self.scope,
            });
        }
        links
    }
}

/// Every feed of the site and the pages in each, decided before pages render.
#[derive(Debug, Default)]
pub struct FeedPlan {
    /// The site's feed first.
    feeds: Vec<Feed>,
    /// Per page: whether some feed carries its full content.
    keeps_content: Vec<bool>,
    /// List page URL -> its feed, for every feed but the site's.
    by_list: HashMap<String, usize, crate::output::FastHash>,
    /// Each language's home page but the default's (`/cy/`) and its feed: the site's
    /// feed of a page in that language.
    language_homes: Vec<(String, usize)>,
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl FeedPlan {
    pub fn new(site: &Site) -> FeedPlan {
        let c = &site.config;
        let limit = c.feed_limit;
        let in_feeds = |i: &usize| site.is_listed(*i) && site.pages[*i].page.date.is_some();
        let newest = |mut v: Vec<usize>| {
            site.order.sort(&mut v, SortBy::Date);
            v.truncate(limit);
            v
        };
        let all: Vec<usize> = (0..site.pages.len()).filter(in_feeds).collect();
        // Each page counts for its section and every section above it but the root.
        let mut by_section: Vec<Vec<usize>> = vec![Vec::new(); site.sections.len()];
        for &i in &all {
            let mut s = Some(site.pages[i].section);
            while let Some(k) = s.filter(|k| *k != 0) {
                by_section[k].push(i);
                s = site.sections[k].parent;
            }
        }
        let mut feeds = vec![Feed {
            scope: "site",
            title: c.title.clone(),
            subtitle: non_empty(&c.description),
            list_url: "/".to_string(),
            json: true,
            // The site's feed is its default language's; another language's is its
            // home's (`/cy/atom.xml`), below.
            entries: newest(
                all.into_iter()
                    .filter(|&i| site.pages[i].page.language == crate::language::DEFAULT)
                    .collect(),
            ),
        }];
        for (k, pages) in by_section.into_iter().enumerate() {
            if pages.is_empty() {
                continue;
            }
            let s = &site.sections[k];
            // A section of another language is named with that language's site title.
            let site_title = c.title_in(s.lang);
            let title = if s.parent.is_none() {
                s.meta.title.clone()
            } else {
                format!("{} – {site_title}", s.meta.title)
            };
            feeds.push(Feed {
                scope: "section",
                title,
                subtitle: s.meta.description.as_deref().and_then(non_empty),
                list_url: s.url.clone(),
                json: true,
                entries: newest(pages),
            });
        }
        feeds.extend(term_feeds(site, &in_feeds));
        let mut keeps_content = vec![false; site.pages.len()];
        if c.feed_content == FeedContent::Full {
            for f in &feeds {
                for &i in &f.entries {
                    keeps_content[i] = true;
                }
            }
        }
        let by_list: HashMap<String, usize, crate::output::FastHash> = feeds
            .iter()
            .enumerate()
            .skip(1)
            .map(|(k, f)| (f.list_url.clone(), k))
            .collect();
        let language_homes = (1..c.languages.len())
            .filter_map(|lang| {
                let home = &site.sections[site.home_of(lang)].url;
                Some((home.clone(), *by_list.get(home)?))
            })
            .collect();
        FeedPlan {
            feeds,
            keeps_content,
            by_list,
            language_homes,
        }
    }

    /// Every feed, the site's first.
    pub fn feeds(&self) -> &[Feed] {
        &self.feeds
    }

    /// Whether page `i`'s full HTML goes in some feed (and so must be kept).
    pub fn keeps_content(&self, i: usize) -> bool {
        self.keeps_content.get(i).copied().unwrap_or(false)
    }

    /// The feeds the page at `current` advertises: the nearest list's above it (a
    /// section's, tag's or author's), then the site's in the page's language (a Welsh
    /// page's is the Welsh home's, `/cy/atom.xml`: never the English one).
    pub fn links_for(&self, current: &str) -> Vec<FeedLink> {
        let mut links = Vec::new();
        let nearest = self.nearest(current);
        if let Some(k) = nearest {
            links.extend(self.feeds[k].links());
        }
        let site_feed = (self.language_homes.iter())
            .find(|(home, _)| current.starts_with(home.as_str()))
            .map_or(0, |&(_, k)| k);
        if nearest != Some(site_feed)
            && let Some(site) = self.feeds.get(site_feed)
        {
            links.extend(site.links());
        }
        links
    }

    /// The feed of the nearest list above `current`, besides the site's.
    pub fn nearest(&self, current: &str) -> Option<usize> {
        let mut path = current;
        while path.len() > 1 {
            if let Some(&k) = self.by_list.get(path) {
                return Some(k);
            }
            match path.trim_end_matches('/').rfind('/') {
                Some(cut) => path = &path[..=cut],
                None => break,
            }
        }
        None
    }

    /// Per feed, a hash of what a page linking it shows of it.
    pub fn link_hashes(&self) -> Vec<u64> {
        self.feeds
            .iter()
            .map(|f| {
                let mut h = super::Fingerprint::new("feed link");
                for link in f.links() {
                    h.add(&link.title).add(&link.url).add(link.media_type);
                }
                h.finish()
            })
            .collect()
    }
}

/// A feed for each tag and author with dated, listed pages.
fn term_feeds(site: &Site, in_feeds: &dyn Fn(&usize) -> bool) -> Vec<Feed> {
    let c = &site.config;
    let limit = c.feed_limit;
    let mut feeds = Vec::new();
    for tax in &site.taxonomies {
        let (scope, label) = match tax.kind {
            Taxonomy::Tags => ("tag", "Tag"),
            Taxonomy::Authors => ("author", "Author"),
            Taxonomy::Series | Taxonomy::Services => continue,
        };
        for term in &tax.terms {
            // Terms keep their pages newest first already.
            let entries: Vec<usize> = term
                .pages
                .iter()
                .copied()
                .filter(in_feeds)
                .take(limit)
                .collect();
            if entries.is_empty() {
                continue;
            }
            feeds.push(Feed {
                scope,
                title: format!("{label}: {} – {}", term.name, c.title),
                subtitle: None,
                list_url: term.url.clone(),
                json: false,
                entries,
            });
        }
    }
    feeds
}

/// What a feed says of one page.
struct Entry<'a> {
    title: &'a str,
    permalink: String,
    published: Option<&'a When>,
    updated: Option<&'a When>,
    /// (name, URL of their page or site.yaml `url`)
    authors: Vec<(String, Option<String>)>,
    tags: &'a [String],
    summary_html: Option<String>,
    summary_text: Option<String>,
    /// The whole page, in full mode.
    content_html: Option<&'a str>,
    /// The page's own image, absolute (not the site's default: that says nothing of
    /// the entry).
    image: Option<String>,
}

impl Renderer<'_> {
    /// Writes every feed in the plan. Problems go to the diagnostics.
    pub(crate) fn write_feeds(&self, digests: &[Digest]) {
        let feeds: Vec<&Feed> = (self.routes.routes.iter())
            .filter_map(|r| match r.target {
                super::Target::Feed(k) => self.common.feed_plan.feeds.get(k),
                _ => None,
            })
            .collect();
        feeds.par_iter().for_each(|feed| {
            let inputs = |f: &mut super::Fingerprint| {
                f.add(&feed.title).add(&feed.subtitle).add(&feed.json);
                for &i in &feed.entries {
                    f.add(&self.page_fp(i));
                }
            };
            self.route_data(&feed.atom_url(), inputs, |r| {
                let atom = r.atom(feed, digests);
                r.write_machine_file(&feed.atom_url(), atom.as_bytes());
                if feed.json {
                    let json = r.json_feed(feed, digests);
                    r.write_machine_file(&feed.json_url(), json.as_bytes());
                }
            });
        });
    }

    /// Writes a file that is not a rendered page (feeds, sitemap, index) at a site path.
    pub(crate) fn write_machine_file(&self, url: &str, bytes: &[u8]) {
        if let Err(d) = self.out.write(url.trim_start_matches('/'), bytes) {
            self.diags.push(d);
        }
    }

    fn entry<'s>(&'s self, i: usize, digests: &'s [Digest]) -> Entry<'s> {
        let site = self.site;
        let p = &site.pages[i];
        let page = &p.page;
        let digest = digests.get(i);
        let base = &site.config.base_url;
        let summary_html = digest
            .and_then(|d| d.summary_html.as_deref())
            .map(|s| absolute_links(s, &p.url, base));
        let summary_text = page
            .description
            .as_deref()
            .and_then(non_empty)
            .or_else(|| summary_html.as_deref().map(|s| plain_text(s, 300)))
            .filter(|s| !s.is_empty());
        let authors = p
            .terms
            .authors
            .iter()
            .map(|a| (a.term.name.clone(), metadata::author_url(site, a)))
            .collect();
        Entry {
            title: &page.title,
            permalink: site.absolute(p.link()),
            published: page.date.as_ref(),
            updated: p.last_updated().or(page.date.as_ref()),
            authors,
            tags: &page.tags,
            summary_html,
            summary_text,
            content_html: match site.config.feed_content {
                FeedContent::Full => digest.and_then(|d| d.feed_html.as_deref()),
                FeedContent::Summary => None,
            },
            image: p.image.as_ref().map(|i| site.absolute(&i.url)),
        }
    }

    fn atom(&self, feed: &Feed, digests: &[Digest]) -> String {
        let site = self.site;
        let c = &site.config;
        let entries: Vec<Entry<'_>> = feed
            .entries
            .iter()
            .map(|&i| self.entry(i, digests))
            .collect();
        let updated = entries
            .iter()
            .filter_map(|e| e.updated)
            .max_by_key(|w| w.timestamp())
            .map_or_else(|| self.common.build_iso.clone(), When::iso);
        let self_url = site.permalink(&feed.atom_url());
        let mut x = String::with_capacity(2048 + entries.len() * 4096);
        x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        x.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
        xml_escape_into(&mut x, &c.language);
        x.push_str("\">\n");
        element(&mut x, "  ", "title", "type=\"text\"", &feed.title);
        if let Some(sub) = &feed.subtitle {
            element(&mut x, "  ", "subtitle", "type=\"text\"", sub);
        }
        link(&mut x, "  ", "self", ATOM_TYPE, &self_url);
        link(
            &mut x,
            "  ",
            "alternate",
            "text/html",
            &site.permalink(&feed.list_url),
        );
        element(&mut x, "  ", "id", "", &self_url);
        element(&mut x, "  ", "updated", "", &updated);
        x.push_str("  <author>\n");
        element(&mut x, "    ", "name", "", &c.organisation);
        element(&mut x, "    ", "uri", "", &site.permalink("/"));
        x.push_str("  </author>\n");
        element(&mut x, "  ", "generator", "", "daylight");
        for e in &entries {
            x.push_str("  <entry>\n");
            element(&mut x, "    ", "title", "type=\"text\"", e.title);
            link(&mut x, "    ", "alternate", "text/html", &e.permalink);
            element(&mut x, "    ", "id", "", &e.permalink);
            if let Some(p) = e.published {
                element(&mut x, "    ", "published", "", &p.iso());
            }
            let updated = e
                .updated
                .map_or_else(|| self.common.build_iso.clone(), When::iso);
            element(&mut x, "    ", "updated", "", &updated);
            for (name, uri) in &e.authors {
                x.push_str("    <author>\n");
                element(&mut x, "      ", "name", "", name);
                if let Some(uri) = uri {
                    element(&mut x, "      ", "uri", "", uri);
                }
                x.push_str("    </author>\n");
            }
            for tag in e.tags {
                x.push_str("    <category term=\"");
                xml_escape_into(&mut x, tag);
                x.push_str("\"/>\n");
            }
            if let Some(s) = &e.summary_html {
                element(&mut x, "    ", "summary", "type=\"html\"", s);
            } else if let Some(s) = &e.summary_text {
                element(&mut x, "    ", "summary", "type=\"text\"", s);
            }
            if let Some(content) = e.content_html {
                element(&mut x, "    ", "content", "type=\"html\"", content);
            }
            x.push_str("  </entry>\n");
        }
        x.push_str("</feed>\n");
        x
    }

    fn json_feed(&self, feed: &Feed, digests: &[Digest]) -> String {
        let site = self.site;
        let c = &site.config;
        let items: Vec<JsonItem<'_>> = feed
            .entries
            .iter()
            .map(|&i| {
                let e = self.entry(i, digests);
                let content_html: Cow<'_, str> = match (e.content_html, e.summary_html) {
                    (Some(content), _) => Cow::Borrowed(content),
                    (None, Some(summary)) => Cow::Owned(summary),
                    (None, None) => Cow::Borrowed(""),
                };
                JsonItem {
                    id: e.permalink.clone(),
                    url: e.permalink,
                    title: e.title,
                    content_html,
                    summary: e.summary_text,
                    date_published: e.published.map(When::iso),
                    date_modified: e.updated.map(When::iso),
                    authors: e
                        .authors
                        .into_iter()
                        .map(|(name, url)| JsonAuthor { name, url })
                        .collect(),
                    tags: e.tags,
                    image: e.image,
                }
            })
            .collect();
        let doc = JsonFeed {
            version: "https://jsonfeed.org/version/1.1",
            title: &feed.title,
            home_page_url: site.permalink(&feed.list_url),
            feed_url: site.permalink(&feed.json_url()),
            description: feed.subtitle.as_deref(),
            language: &c.language,
            authors: vec![JsonAuthor {
                name: c.organisation.clone(),
                url: Some(site.permalink("/")),
            }],
            items,
        };
        let mut text = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string());
        text.push('\n');
        text
    }
}

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: String,
    feed_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    language: &'a str,
    authors: Vec<JsonAuthor>,
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct JsonAuthor {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: String,
    url: String,
    title: &'a str,
    content_html: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<JsonAuthor>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
}

/// `<name attrs>text</name>` on a line of its own.
fn element(x: &mut String, indent: &str, name: &str, attrs: &str, text: &str) {
    x.push_str(indent);
    x.push('<');
    x.push_str(name);
    if !attrs.is_empty() {
        x.push(' ');
        x.push_str(attrs);
    }
    x.push('>');
    xml_escape_into(x, text);
    x.push_str("</");
    x.push_str(name);
    x.push_str(">\n");
}

fn link(x: &mut String, indent: &str, rel: &str, media_type: &str, href: &str) {
    x.push_str(indent);
    x.push_str("<link rel=\"");
    x.push_str(rel);
    x.push_str("\" type=\"");
    x.push_str(media_type);
    x.push_str("\" href=\"");
    xml_escape_into(x, href);
    x.push_str("\"/>\n");
}

/// `text` escaped for XML text or a quoted attribute value.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    xml_escape_into(&mut out, text);
    out
}

/// Escapes `&<>"'` and drops the characters XML 1.0 forbids (controls other than tab
/// and line breaks, U+FFFE, U+FFFF): one of those would make the whole feed unreadable.
pub fn xml_escape_into(out: &mut String, text: &str) {
    // Copies runs of plain text whole; only the bytes XML cares about are looked at.
    let bytes = text.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        let replacement = match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&apos;",
            b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            // Control characters are not allowed in XML 1.0: dropped.
            0..=0x1f => "",
            // U+FFFE and U+FFFF (EF BF BE / EF BF BF) are not allowed either.
            0xEF if bytes.get(i + 1) == Some(&0xBF)
                && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) =>
            {
                out.push_str(&text[start..i]);
                i += 3;
                start = i;
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[start..i]);
        out.push_str(replacement);
        i += 1;
        start = i;
    }
    out.push_str(&text[start..]);
}

fn has_scheme(url: &str) -> bool {
    let end = url.find([':', '/', '?', '#']);
    match end {
        Some(i) if url.as_bytes()[i] == b':' => {
            let scheme = &url[..i];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        _ => false,
    }
}

/// A link or source in a page at `page_url` (`/blog/hello/`), as an absolute URL; None
/// when it is absolute already (or empty).
fn absolute_url(value: &str, page_url: &str, base_url: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() || v.starts_with("//") || has_scheme(v) {
        return None;
    }
    if v.starts_with('/') {
        return Some(format!("{base_url}{v}"));
    }
    if v.starts_with('#') || v.starts_with('?') {
        return Some(format!("{base_url}{page_url}{v}"));
    }
    let (path, rest) = v.split_at(v.find(['?', '#']).unwrap_or(v.len()));
    // A path that climbs above the site's root stays at the root, as browsers do.
    let joined = join_normalized(page_url, path).unwrap_or_default();
    let mut url = format!("{base_url}/{joined}");
    let is_folder = path.ends_with('/')
        || path == "."
        || path == ".."
        || path.ends_with("/.")
        || path.ends_with("/..");
    if is_folder && !joined.is_empty() {
        url.push('/');
    }
    url.push_str(rest);
    Some(url)
}

fn is_link_attribute(name: &str) -> bool {
    ["href", "src", "poster"]
        .iter()
        .any(|a| name.eq_ignore_ascii_case(a))
}

/// `html` from the page at `page_url` with every `href`, `src` and `poster` made
/// absolute against `base_url`, so the links work in a feed reader. Tags are read by
/// [`super::html_urls`]: comments, code and the text of scripts are left alone.
pub fn absolute_links(html: &str, page_url: &str, base_url: &str) -> String {
    let base = crate::markdown::escape(base_url);
    super::html_urls::rewrite_html(html, |found| match found {
        super::html_urls::Found::Attribute { name, value, .. } if is_link_attribute(name) => {
            absolute_url(value, page_url, &base)
        }
        _ => None,
    })
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://example.org";

    #[test]
    fn links_become_absolute_against_the_page() {
        let html = concat!(
            r##"<p><a href="/about/">a</a> <a href="#cause">b</a> <img src="timeline.png" alt="t"> "##,
            r##"<a href='../other/?x=1&amp;y=2#top'>c</a> <a href=./>d</a> "##,
            r##"<a href="https://elsewhere.example/x">e</a> <a href="mailto:a@b.example">f</a></p>"##
        );
        let out = absolute_links(html, "/blog/hello/", BASE);
        assert!(
            out.contains(r#"href="https://example.org/about/""#),
            "{out}"
        );
        assert!(
            out.contains(r#"href="https://example.org/blog/hello/#cause""#),
            "{out}"
        );
        assert!(
            out.contains(r#"src="https://example.org/blog/hello/timeline.png""#),
            "{out}"
        );
        assert!(
            out.contains(r#"href='https://example.org/blog/other/?x=1&amp;y=2#top'"#),
            "{out}"
        );
        assert!(
            out.contains("href=https://example.org/blog/hello/>d"),
            "{out}"
        );
        assert!(out.contains(r#"href="https://elsewhere.example/x""#));
        assert!(out.contains(r#"href="mailto:a@b.example""#));
    }

    #[test]
    fn text_comments_and_code_are_left_alone() {
        let html = "<!-- <a href=\"/x/\"> --><pre><code>&lt;a href=\"/y/\"&gt;</code></pre> a < b";
        assert_eq!(absolute_links(html, "/p/", BASE), html);
        assert_eq!(absolute_links("<a href=", "/p/", BASE), "<a href=");
        assert_eq!(
            absolute_links("<a href=\"/x", "/p/", BASE),
            "<a href=\"https://example.org/x"
        );
    }

    #[test]
    fn xml_escaping_covers_markup_and_drops_forbidden_characters() {
        assert_eq!(
            xml_escape("<script>\"a\" & 'b'\u{1}\u{FFFF}\t</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &apos;b&apos;\t&lt;/script&gt;"
        );
    }

    #[test]
    fn schemes_are_recognised() {
        assert!(has_scheme("https://x"));
        assert!(has_scheme("mailto:a@b"));
        assert!(!has_scheme("a/b:c"));
        assert!(!has_scheme("file.md"));
        assert!(!has_scheme("1x:y"));
    }

    #[test]
    fn xml_escape_copies_plain_runs_and_drops_what_xml_forbids() {
        let mut out = String::new();
        xml_escape_into(&mut out, "a <b> & \"c\" 'd'\u{1}\tcafé\u{FFFE}\u{FFFF}é\n");
        assert_eq!(
            out,
            "a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;\tcaféé\n"
        );
    }
}
