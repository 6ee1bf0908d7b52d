//! Links in Markdown: `.md` sources become page URLs, relative file links in non-bundle
//! pages become site paths, and in safe mode script URLs are removed.
//!
//! A link to a `.md` file that is not a published page is an error naming the file and
//! line; so is a link or image whose path (site-absolute, or beside the page) names
//! nothing the site publishes, with a did-you-mean where a close path exists. Links with a
//! scheme and fragments are left alone.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag};

use super::Input;
use crate::error::Diagnostic;

/// Turns a content-relative `.md` path (`blog/hello.md`) into its page's URL; the error
/// is a hint saying why there is none.
pub trait LinkResolver: Sync {
    fn resolve(&self, content_path: &str) -> Result<String, String>;

    /// What the site has at a site path (`/blog/post/chart.png`): a file (with its size
    /// in pixels when it is an image daylight can read), a page, or nothing. Unchecked
    /// where the resolver does not know the site's files.
    fn file(&self, _site_path: &str) -> FileAnswer {
        FileAnswer::Unchecked
    }

    /// A site path close to `site_path`, which names nothing: for a did-you-mean.
    fn nearest(&self, _site_path: &str) -> Option<String> {
        None
    }
}

/// What a site path leads to ([`LinkResolver::file`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileAnswer {
    Unchecked,
    Missing,
    /// A page or list: a URL the site publishes that is not a file.
    Page,
    File {
        /// Width and height, for an image whose header could be read.
        size: Option<(u32, u32)>,
    },
}

/// Extensions of files that are pictures: an image link to one that cannot be read is
/// an error.
pub const RASTER_IMAGES: [&str; 6] = ["png", "jpg", "jpeg", "gif", "webp", "avif"];

/// Whether `site_path` names a raster image by its extension.
pub fn is_raster_image(site_path: &str) -> bool {
    site_path
        .rsplit_once('.')
        .is_some_and(|(_, ext)| RASTER_IMAGES.contains(&ext.to_ascii_lowercase().as_str()))
}

/// An error when `site_path` (a link's or image's destination, resolved) names nothing
/// the site publishes; `image`: embedded, so it must also be a picture daylight can
/// read.
pub fn check_exists(
    site_path: &str,
    written: &str,
    image: bool,
    input: &Input<'_>,
    at: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> FileAnswer {
    let path = site_path.split(['#', '?']).next().unwrap_or(site_path);
    // Every link comes here: one without escapes is looked up as it is, with no copy.
    let decoded: std::borrow::Cow<'_, str> = if path.contains('%') {
        percent_decode(path).into()
    } else {
        path.into()
    };
    let answer = input.links.file(&decoded);
    let source = input.source;
    let error = |message: String, hint: &str| {
        Diagnostic::error(&source.display, message)
            .at_offset(&source.text, source.body_offset + at)
            .with_hint(hint)
    };
    match &answer {
        FileAnswer::Missing => {
            let rule = "files beside a page are found from its folder; `/` starts from static/ or content/";
            let hint = match input.links.nearest(&decoded) {
                Some(near) => format!(
                    "did you mean `{}`? ({rule})",
                    as_written(written, &decoded, &near)
                ),
                None => format!("{rule}: check the path and the file's name"),
            };
            let mut d = error(
                format!(
                    "`{written}` is no file of the site: the {} would be broken",
                    if image { "image" } else { "link" }
                ),
                &hint,
            );
            d.severity = input.options.broken_links;
            diagnostics.push(d)
        }
        FileAnswer::File { size: None } if image && is_raster_image(&decoded) => {
            diagnostics.push(error(
                format!("`{written}` is not an image daylight can read"),
                "save it again as PNG, JPEG, GIF, WebP or AVIF",
            ))
        }
        _ => {}
    }
    answer
}

/// `near` (a site path, close to the missing `site_path`) as the author would write it
/// in place of `written`: a name beside the page stays a name when `near` is beside it
/// too; otherwise the path from the site's root, which works from any page.
fn as_written(written: &str, site_path: &str, near: &str) -> String {
    let bare = !written.contains('/');
    let (dir, _) = split_name(site_path);
    let (near_dir, near_name) = split_name(near);
    if bare && dir == near_dir {
        near_name.to_string()
    } else {
        near.to_string()
    }
}

/// A site path's folder (with its final `/`) and name (a folder's name keeps its `/`).
pub fn split_name(path: &str) -> (&str, &str) {
    let trimmed = path.strip_suffix('/').unwrap_or(path);
    match trimmed.rfind('/') {
        Some(i) => (&path[..=i], &path[i + 1..]),
        None => ("", path),
    }
}

pub fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(i) => {
            let scheme = &url[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !url[..i].contains('/')
        }
        None => false,
    }
}

/// A URL that runs script when followed (`javascript:` and the like), however disguised.
pub fn is_script_url(url: &str) -> bool {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    compact.starts_with("javascript:")
        || compact.starts_with("vbscript:")
        || compact.starts_with("data:text/html")
}

/// `dir` joined with `rel`, `.` and `..` resolved; None when it climbs above the root.
pub fn join_normalized(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    // `dir` is normalized too: a page URL from a slug such as `..` must not climb either.
    for part in dir.split('/').chain(rel.split('/')) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Decodes `%20`-style escapes (authors write `my%20file.md` for spaces).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// The event with its link or image destination replaced by what `f` returns, if it
/// returns anything; any other event as it is.
pub fn with_dest<'a>(event: Event<'a>, f: impl FnOnce(&str) -> Option<String>) -> Event<'a> {
    match event {
        // `<team@example.org>`: the address is not a path (the writer adds `mailto:`).
        e @ Event::Start(Tag::Link {
            link_type: LinkType::Email,
            ..
        }) => e,
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = f(&dest_url).map_or(dest_url, Into::into);
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = f(&dest_url).map_or(dest_url, Into::into);
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        e => e,
    }
}

/// The new destination for a link, or None to keep it as written.
pub fn rewrite(
    dest: &str,
    input: &Input<'_>,
    range: Range<usize>,
    image: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    if input.options.safe && is_script_url(dest) {
        return Some("#".to_string());
    }
    if dest.is_empty()
        || dest.starts_with('#')
        || dest.starts_with("//")
        || has_scheme(dest) && !dest.starts_with("@/")
    {
        return None;
    }
    let (path_part, fragment) = match dest.find(['#', '?']) {
        Some(i) => (&dest[..i], &dest[i..]),
        None => (dest, ""),
    };
    let source = input.source;
    let source_dir = crate::content::walk::parent_of(&source.rel);
    let decoded = percent_decode(path_part);
    if decoded.ends_with(".md") {
        let target = if let Some(rooted) = decoded.strip_prefix("@/") {
            join_normalized("", rooted)
        } else if let Some(rooted) = decoded.strip_prefix('/') {
            // `/blog/post.md`: a path from content/.
            join_normalized("", rooted)
        } else {
            join_normalized(source_dir, &decoded)
        };
        let resolved = match &target {
            Some(t) => input.links.resolve(t),
            None => Err("the path climbs above content/".to_string()),
        };
        return match resolved {
            Ok(url) => Some(format!("{url}{fragment}")),
            Err(hint) => {
                let at = source.body_offset + range.start;
                let shown = target.as_deref().unwrap_or(&decoded);
                let hint = if hint.is_empty() {
                    format!(
                        "no page content/{shown} exists: check the path, which is relative to this file's folder"
                    )
                } else {
                    hint
                };
                diagnostics.push(
                    Diagnostic::error(&source.display, format!("broken link to `{path_part}`"))
                        .at_offset(&source.text, at)
                        .with_hint(hint),
                );
                None
            }
        };
    }
    if decoded.starts_with('/') {
        check_exists(dest, dest, image, input, range.start, diagnostics);
        return None;
    }
    // A file beside the page: the page's URL is a folder deeper than its source (and its
    // summary is shown on other pages), so point at the file's own site path.
    // `docs/`, `./` and `../` name folders: their URLs keep the final slash.
    let folder =
        path_part.ends_with('/') || matches!(path_part.rsplit('/').next(), Some("." | ".."));
    let rewritten = join_normalized(input.files_url, path_part).map(|p| {
        let slash = if folder && !p.is_empty() { "/" } else { "" };
        format!("/{p}{slash}{fragment}")
    });
    // Every file a page links to or embeds must be there: a link to a missing file is
    // as broken as a missing picture, and only quieter.
    if let Some(site_path) = &rewritten {
        check_exists(site_path, dest, image, input, range.start, diagnostics);
    }
    rewritten
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_and_refuses_to_climb_out() {
        assert_eq!(
            join_normalized("blog", "../incidents/a.md").as_deref(),
            Some("incidents/a.md")
        );
        assert_eq!(
            join_normalized("blog", "./x/./y.md").as_deref(),
            Some("blog/x/y.md")
        );
        assert_eq!(join_normalized("", "../../etc/passwd"), None);
        assert_eq!(join_normalized("..", "."), None);
        assert_eq!(join_normalized("/a/./../b/", "c").as_deref(), Some("b/c"));
    }

    #[test]
    fn schemes_and_scripts() {
        assert!(has_scheme("https://x"));
        assert!(has_scheme("mailto:a@b"));
        assert!(!has_scheme("a/b:c"));
        assert!(!has_scheme("file.md"));
        assert!(is_script_url(" JavaScript:alert(1)"));
        assert!(is_script_url("java\tscript:alert(1)"));
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("my%20file.md"), "my file.md");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
