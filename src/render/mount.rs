//! A site published under a path (`base_url: https://example.github.io/project`): every
//! site path in an HTML or CSS file is put under that path as the file is written.
//!
//! The site model, the route table and the files in `public/` stay in site paths
//! (`/blog/hello/`, written to `blog/hello/index.html`): the path is where the host mounts
//! `public/`, so it belongs to the URLs a reader's browser follows, and to nothing else.
//! Putting it in here, at the one door every file goes through, catches every URL a page
//! holds — from the model, from Markdown links, from a theme's own `href="/css/…"`, from
//! raw HTML in content — where putting it into each template variable would miss the
//! ones written by hand. The search index, JSON of our own, applies the same
//! [`Mount::href`] as it is made.
//!
//! What counts as a URL: the attributes HTML defines as URLs (`href`, `src`, `srcset`,
//! `action`, `poster`…), a `data-*` attribute whose value is a site path (themes hand
//! scripts their URLs that way: `data-search-index`), the URL of a
//! `<meta http-equiv="refresh">`, and `url()` and `@import` in `<style>`, `style=""` and
//! `.css` files. URLs with a scheme, `//host`, relative and fragment URLs are left as
//! they are; they work under any mount. At the root of a host nothing is rewritten:
//! the output is byte for byte what it was without this module.

use std::borrow::Cow;
use std::path::Path;

use super::html_urls::{Found, rewrite_css, rewrite_html};
use crate::error::Diagnostic;
use crate::output::Output;
use crate::urls::{Mount, is_site_path};

/// Attributes whose value is one URL.
const URL_ATTRIBUTES: [&str; 10] = [
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "cite",
    "data",
    "background",
    "manifest",
    "xlink:href",
];

/// `value` (one URL, perhaps with white space around it) under the mount, if it is a site
/// path.
fn mount_url(value: &str, mount: &Mount) -> Option<String> {
    let lead = value.len() - value.trim_start().len();
    is_site_path(&value[lead..])
        .then(|| format!("{}{}{}", &value[..lead], mount.path(), &value[lead..]))
}

/// A `srcset`: each candidate's URL under the mount (`/a.png 1x, /b.png 2x`).
fn mount_srcset(value: &str, mount: &Mount) -> Option<String> {
    let mut out = String::with_capacity(value.len() + 32);
    let mut changed = false;
    let mut rest = value;
    loop {
        let skip = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',')
                .len();
        out.push_str(&rest[..skip]);
        rest = &rest[skip..];
        if rest.is_empty() {
            break;
        }
        let url_len = rest
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        if is_site_path(&rest[..url_len]) {
            out.push_str(mount.path());
            changed = true;
        }
        // The URL and its descriptors, to the comma that ends the candidate.
        let end = rest[url_len..]
            .find(',')
            .map_or(rest.len(), |c| url_len + c);
        out.push_str(&rest[..end]);
        rest = &rest[end..];
    }
    changed.then_some(out)
}

/// The content of `<meta http-equiv="refresh">`: `0; url=/new/`.
fn mount_refresh(value: &str, mount: &Mount) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    let at = lower.find("url")?;
    let after = lower[at + 3..].trim_start();
    let after = after.strip_prefix('=')?.trim_start();
    let after = after.strip_prefix(['\'', '"']).unwrap_or(after);
    let url_at = value.len() - after.len();
    is_site_path(&value[url_at..])
        .then(|| format!("{}{}{}", &value[..url_at], mount.path(), &value[url_at..]))
}

/// `css` with every site path in it under the mount.
pub fn mount_css<'c>(css: &'c str, mount: &Mount) -> Cow<'c, str> {
    rewrite_css(css, |url| mount_url(url, mount))
}

/// `html` with every site path in it under the mount.
pub fn mount_html<'h>(html: &'h str, mount: &Mount) -> Cow<'h, str> {
    rewrite_html(html, |found| match found {
        Found::Style(css) => match mount_css(css, mount) {
            Cow::Owned(css) => Some(css),
            Cow::Borrowed(_) => None,
        },
        Found::Attribute { tag, name, value } => {
            let is = |a: &str| name.eq_ignore_ascii_case(a);
            if URL_ATTRIBUTES.iter().any(|a| is(a)) {
                mount_url(value, mount)
            } else if is("srcset") || is("imagesrcset") {
                mount_srcset(value, mount)
            } else if is("style") {
                match mount_css(value, mount) {
                    Cow::Owned(css) => Some(css),
                    Cow::Borrowed(_) => None,
                }
            } else if is("content") && tag.eq_ignore_ascii_case("meta") {
                mount_refresh(value, mount)
            } else if name.len() > 5 && name[..5].eq_ignore_ascii_case("data-") {
                // Only the URL itself: a value that merely starts with `/` and a space
                // (`/ 2`) is not one.
                (!value.contains(char::is_whitespace))
                    .then(|| mount_url(value, mount))
                    .flatten()
            } else {
                None
            }
        }
    })
}

/// An output that puts the site's mount into the HTML and CSS written through it.
pub struct Mounted<'a> {
    inner: &'a dyn Output,
    mount: Mount,
}

impl<'a> Mounted<'a> {
    /// None when the site is at the root of its host: then there is nothing to do.
    pub fn new(inner: &'a dyn Output, mount: Mount) -> Option<Mounted<'a>> {
        (!mount.is_root()).then_some(Mounted { inner, mount })
    }

    /// The bytes to write at `rel`: HTML and CSS with their site paths mounted, any
    /// other file (or one that is not UTF-8) as it is.
    fn mounted<'b>(&self, rel: &str, bytes: &'b [u8]) -> Cow<'b, [u8]> {
        let ext = rel.rsplit_once('.').map_or("", |(_, e)| e);
        let text = || std::str::from_utf8(bytes).ok();
        let done = if ext.eq_ignore_ascii_case("html") || ext.eq_ignore_ascii_case("htm") {
            text().map(|t| mount_html(t, &self.mount))
        } else if ext.eq_ignore_ascii_case("css") {
            text().map(|t| mount_css(t, &self.mount))
        } else {
            None
        };
        match done {
            Some(Cow::Owned(text)) => Cow::Owned(text.into_bytes()),
            _ => Cow::Borrowed(bytes),
        }
    }

    fn is_rewritten(rel: &str) -> bool {
        let ext = rel.rsplit_once('.').map_or("", |(_, e)| e);
        ["html", "htm", "css"]
            .iter()
            .any(|e| ext.eq_ignore_ascii_case(e))
    }
}

impl Output for Mounted<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.inner.write(rel, &self.mounted(rel, bytes))
    }

    fn copy_file(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        if !Self::is_rewritten(rel) {
            return self.inner.copy_file(rel, from);
        }
        let bytes = std::fs::read(from).map_err(|e| Diagnostic::io(from, "read the file", &e))?;
        self.write(rel, &bytes)
    }

    fn write_shared(&self, rel: &str, bytes: std::sync::Arc<[u8]>) -> Result<(), Diagnostic> {
        match self.mounted(rel, &bytes) {
            Cow::Borrowed(_) => self.inner.write_shared(rel, bytes),
            Cow::Owned(mounted) => self.inner.write(rel, &mounted),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> Mount {
        Mount::of("https://example.github.io/project")
    }

    #[test]
    fn site_paths_in_links_go_under_the_mount() {
        let html = concat!(
            r#"<link rel="stylesheet" href="/css/daylight.css"><a href="/">home</a>"#,
            r#"<a href=" /blog/x/?q=1#t">x</a><img src='/i.png' alt="/not-a-url">"#,
            r#"<form action="/search/" data-search-index="/search/index.json" data-n="/ 2">"#,
            r#"<a href="https://elsewhere.example/">e</a><a href="//cdn.example/x">c</a>"#,
            r##"<a href="#top">t</a><a href="rel/">r</a><a href="mailto:a@b.example">m</a>"##
        );
        let out = mount_html(html, &project());
        let expected = concat!(
            r#"<link rel="stylesheet" href="/project/css/daylight.css"><a href="/project/">home</a>"#,
            r#"<a href=" /project/blog/x/?q=1#t">x</a><img src='/project/i.png' alt="/not-a-url">"#,
            r#"<form action="/project/search/" data-search-index="/project/search/index.json" data-n="/ 2">"#,
            r#"<a href="https://elsewhere.example/">e</a><a href="//cdn.example/x">c</a>"#,
            r##"<a href="#top">t</a><a href="rel/">r</a><a href="mailto:a@b.example">m</a>"##
        );
        assert_eq!(out, expected);
    }

    #[test]
    fn srcsets_refreshes_and_styles() {
        let m = project();
        assert_eq!(
            mount_html(r#"<img srcset="/a.png 1x, b.png 2x,/c.png 3x">"#, &m),
            r#"<img srcset="/project/a.png 1x, b.png 2x,/project/c.png 3x">"#
        );
        assert_eq!(
            mount_html(
                r#"<meta http-equiv="refresh" content="0; URL='/new/'">"#,
                &m
            ),
            r#"<meta http-equiv="refresh" content="0; URL='/project/new/'">"#
        );
        assert_eq!(
            mount_html(r#"<meta name="description" content="/etc">"#, &m),
            r#"<meta name="description" content="/etc">"#
        );
        assert_eq!(
            mount_html(
                r#"<div style="background:url(&quot;/bg.png&quot;)"></div><style>@import "/x.css";</style>"#,
                &m
            ),
            r#"<div style="background:url(&quot;/project/bg.png&quot;)"></div><style>@import "/project/x.css";</style>"#
        );
    }

    #[test]
    fn text_and_code_are_never_touched() {
        let html = "<pre><code>&lt;a href=\"/x/\"&gt;</code></pre><p>see /blog/ or href=\"/y\"</p>\
                    <script type=\"application/ld+json\">{\"url\":\"/z\"}</script>";
        assert!(matches!(mount_html(html, &project()), Cow::Borrowed(_)));
    }

    #[test]
    fn a_site_at_the_root_of_its_host_is_left_alone() {
        let files = crate::output::Memory::default();
        assert!(Mounted::new(&files, Mount::of("https://council.example")).is_none());
    }

    #[test]
    fn only_html_and_css_are_rewritten() {
        let files = crate::output::Memory::default();
        let out = Mounted::new(&files, project()).unwrap();
        out.write("a/index.html", b"<a href=\"/b/\">").unwrap();
        out.write("css/site.css", b"a{background:url(/bg.png)}")
            .unwrap();
        out.write("feed.json", b"{\"href=\":\"/b/\"}").unwrap();
        let files = files.into_files();
        assert_eq!(&*files["a/index.html"], b"<a href=\"/project/b/\">");
        assert_eq!(
            &*files["css/site.css"],
            b"a{background:url(/project/bg.png)}"
        );
        assert_eq!(&*files["feed.json"], b"{\"href=\":\"/b/\"}");
    }
}
