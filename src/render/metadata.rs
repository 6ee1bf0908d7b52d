//! What a page tells machines about itself, passed to every template as `meta`: its
//! canonical URL, description, Open Graph type and schema.org JSON-LD (`WebSite` on the
//! home page, `BlogPosting` for posts, `Report` for incident reports, `WebPage` for
//! everything else).
//!
//! Tera 2 has no JSON filter, so the JSON-LD is serialised here, with serde_json, and
//! made safe to print inside `<script>`: `<`, `>` and `&` are written as `\u003c`,
//! `\u003e` and `\u0026`, so no title can close the script element. This module also
//! decides which pages machines are told about at all ([`Site::is_listed`](crate::site::Site::is_listed)). It computes
//! values only; it never writes files and knows nothing of how a template prints them.

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::content::Kind;
use crate::language::LangId;
use crate::site::Site;
use crate::site::taxonomy::AuthorRef;

/// `meta` in every template's context (see docs/templates.md).
#[derive(Debug, Serialize)]
pub struct MetaCtx {
    /// Absolute URL of this page, or null where there is none (the 404 page).
    pub canonical: Option<String>,
    /// One plain sentence for search engines and social cards, or null.
    pub description: Option<String>,
    /// Open Graph type: `article` for posts and incident reports, else `website`.
    pub og_type: &'static str,
    /// The JSON-LD object, ready to print with `| safe` inside
    /// `<script type="application/ld+json">`, or null.
    pub json_ld: Option<String>,
    /// The social image: the page's own `image`, else site.yaml's, or null.
    pub image: Option<ImageMeta>,
}

/// An image as cards and JSON-LD give it: an absolute URL, its size when known, and
/// what it shows.
#[derive(Debug, Serialize)]
pub struct ImageMeta {
    pub url: String,
    pub width: Option<usize>,
    pub height: Option<usize>,
    pub alt: Option<String>,
}

impl ImageMeta {
    fn of(site: &Site, image: &crate::site::images::Image) -> ImageMeta {
        ImageMeta {
            url: site.absolute(&image.url),
            width: image.size.map(|s| s.0),
            height: image.size.map(|s| s.1),
            alt: image.alt.clone(),
        }
    }

    /// schema.org's `image`: an ImageObject with its size when known, else the URL.
    fn json_ld(&self) -> Value {
        match (self.width, self.height) {
            (Some(w), Some(h)) => json!({
                "@type": "ImageObject",
                "url": self.url,
                "width": w,
                "height": h,
            }),
            _ => json!(self.url),
        }
    }
}

/// The site's default social image, for pages that have none of their own.
fn site_image(site: &Site) -> Option<ImageMeta> {
    site.default_image.as_ref().map(|i| ImageMeta::of(site, i))
}

/// JSON for inside an HTML `<script>` element: `<`, `>` and `&` escaped as JSON
/// `\u` escapes, which JSON parsers read back as the same characters.
pub fn script_json(value: &Value) -> String {
    let text = serde_json::to_string(value).unwrap_or_else(|_| "{}".to_string());
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            // Valid in JSON but line terminators in older JavaScript.
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            // Valid in a JSON string but not in an HTML page: written as escapes, so the
            // value is kept (serde_json escapes only U+0000 to U+001F).
            c if crate::escape::forbidden_in_html(c) => {
                for unit in c.encode_utf16(&mut [0; 2]) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The publisher every JSON-LD object names: the organisation in site.yaml.
fn publisher(site: &Site) -> Value {
    let c = &site.config;
    let mut org = json!({
        "@type": "Organization",
        "name": c.organisation,
        "url": site.permalink("/"),
    });
    if let Some(logo) = &c.logo {
        org["logo"] = json!({ "@type": "ImageObject", "url": absolute(site, logo) });
    }
    org
}

/// The site a page in language `lang` is part of: that language's title and home page.
fn website_ref(site: &Site, lang: LangId) -> Value {
    let name = site.config.title_in(lang);
    let home = &site.sections[site.home_of(lang)].url;
    json!({ "@type": "WebSite", "name": name, "url": site.permalink(home) })
}

/// A URL from site.yaml or front matter, made absolute when it is a site path.
fn absolute(site: &Site, url: &str) -> String {
    if url.starts_with('/') && !url.starts_with("//") {
        site.permalink(url)
    } else {
        url.to_string()
    }
}

/// The page at `url` when nothing more is known of it: a section list, a taxonomy
/// page, the search page. `description` falls back to the site's.
/// In the language its URL is in: `/cy/tags/` is a Welsh page of the Welsh site.
pub fn list_meta(site: &Site, url: &str, title: &str, description: Option<&str>) -> MetaCtx {
    let canonical = site.permalink(url);
    let lang = super::languages::Alternates::language_of(site, url);
    let own = site.config.own_language(lang);
    let site_description = own
        .and_then(|l| l.description.as_deref())
        .unwrap_or(&site.config.description);
    let description = description
        .and_then(non_empty)
        .or_else(|| non_empty(site_description));
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": title,
        "url": canonical,
        "inLanguage": own.map_or(site.config.language.as_str(), |l| l.tag.as_str()),
        "isPartOf": website_ref(site, lang),
    });
    if let Some(d) = &description {
        ld["description"] = json!(d);
    }
    MetaCtx {
        canonical: Some(canonical),
        description,
        og_type: "website",
        json_ld: Some(script_json(&ld)),
        image: site_image(site),
    }
}

/// The home page: a `WebSite`.
/// A home page's (section `k`'s: the root, or a language's home).
pub fn home_meta(site: &Site, k: usize, description: Option<&str>) -> MetaCtx {
    let c = &site.config;
    let section = &site.sections[k];
    let canonical = site.permalink(&section.url);
    let language = c.own_language(section.lang);
    let site_description = language
        .and_then(|l| l.description.as_deref())
        .unwrap_or(&c.description);
    let description = description
        .and_then(non_empty)
        .or_else(|| non_empty(site_description));
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": c.title_in(section.lang),
        "url": canonical,
        "inLanguage": language.map_or(c.language.as_str(), |l| l.tag.as_str()),
        "publisher": publisher(site),
    });
    if let Some(d) = &description {
        ld["description"] = json!(d);
    }
    MetaCtx {
        canonical: Some(canonical),
        description,
        og_type: "website",
        json_ld: Some(script_json(&ld)),
        image: site_image(site),
    }
}

/// The 404 page: no canonical URL and no structured data.
pub fn not_found_meta(site: &Site) -> MetaCtx {
    MetaCtx {
        canonical: None,
        description: non_empty(&site.config.description),
        og_type: "website",
        json_ld: None,
        image: site_image(site),
    }
}

/// An author's absolute URL: their page on this site, else their own URL from
/// site.yaml. Feeds and JSON-LD name people with it.
pub fn author_url(site: &Site, a: &AuthorRef) -> Option<String> {
    a.term
        .id
        .map(|id| site.permalink(&site.term(id).url))
        .or_else(|| {
            site.author(a)
                .and_then(|k| k.url.as_deref())
                .map(|u| absolute(site, u))
        })
}

/// A person named in `authors:`, with their page (or their own URL from site.yaml).
fn person(site: &Site, a: &AuthorRef) -> Value {
    let mut p = json!({ "@type": "Person", "name": a.term.name });
    if let Some(u) = author_url(site, a) {
        p["url"] = json!(u);
    }
    if let Some(role) = site.author(a).and_then(|k| k.role.as_deref()) {
        p["jobTitle"] = json!(role);
    }
    p
}

/// A content page: `BlogPosting`, `Report` or `WebPage` by its kind. `description` is
/// the page's own, or its summary as plain text.
pub fn page_meta(site: &Site, i: usize, description: Option<&str>, word_count: usize) -> MetaCtx {
    let p = &site.pages[i];
    let page = &p.page;
    let c = &site.config;
    let canonical = site.permalink(&p.url);
    let description = description
        .and_then(non_empty)
        .or_else(|| non_empty(&c.description));
    let (ld_type, og_type) = match page.kind() {
        Kind::Post => ("BlogPosting", "article"),
        Kind::Incident => ("Report", "article"),
        Kind::Plan | Kind::Page => ("WebPage", "website"),
    };
    let image = match &p.image {
        Some(own) => Some(ImageMeta::of(site, own)),
        None => site_image(site),
    };
    let mut ld = Map::new();
    ld.insert("@context".into(), json!("https://schema.org"));
    ld.insert("@type".into(), json!(ld_type));
    if let Some(image) = &image {
        ld.insert("image".into(), image.json_ld());
    }
    ld.insert("url".into(), json!(canonical));
    ld.insert("inLanguage".into(), json!(site.page_language_tag(i)));
    if let Some(d) = &description {
        ld.insert("description".into(), json!(d));
    }
    if let Some(d) = &page.date {
        ld.insert("datePublished".into(), json!(d.iso()));
    }
    if let Some(d) = p.last_updated().or(page.date.as_ref()) {
        ld.insert("dateModified".into(), json!(d.iso()));
    }
    let mut keywords: Vec<&str> = page.tags.iter().map(String::as_str).collect();
    if let Some(incident) = page.incident() {
        keywords.extend(incident.services.iter().map(String::as_str));
    }
    if !keywords.is_empty() {
        ld.insert("keywords".into(), json!(keywords.join(", ")));
    }
    if ld_type == "WebPage" {
        ld.insert("name".into(), json!(page.title));
        ld.insert("isPartOf".into(), website_ref(site, page.language));
    } else {
        ld.insert("headline".into(), json!(page.title));
        ld.insert("name".into(), json!(page.title));
        ld.insert(
            "mainEntityOfPage".into(),
            json!({ "@type": "WebPage", "@id": canonical }),
        );
        ld.insert("isPartOf".into(), website_ref(site, page.language));
        ld.insert("publisher".into(), publisher(site));
        let authors: Vec<Value> = p.terms.authors.iter().map(|a| person(site, a)).collect();
        // Reports without named authors are the organisation's.
        let author = if authors.is_empty() {
            publisher(site)
        } else {
            Value::Array(authors)
        };
        ld.insert("author".into(), author);
        if word_count > 0 {
            ld.insert("wordCount".into(), json!(word_count));
        }
    }
    MetaCtx {
        canonical: Some(canonical),
        description,
        og_type,
        json_ld: Some(script_json(&Value::Object(ld))),
        image,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script_element() {
        let v = json!({ "headline": "</script><script>alert('x & y')</script>" });
        let text = script_json(&v);
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
    }
}
