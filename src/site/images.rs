//! Featured and social images: a page's `image:` (else site.yaml's `image`), found and
//! measured once when the site is made, so the page's Open Graph card, its JSON-LD and
//! its feed entries all say the same picture with its size. A missing or unreadable
//! image is an error at its line, never a card pointing at nothing.
//!
//! Where an image may be: beside the page (`image: chart.png`, as a bundle keeps its
//! files), a path on the site (`image: /images/card.png`, from static/ or content/), or
//! an http(s) URL (kept as written and not measured: the page itself never loads it).

use std::path::{Path, PathBuf};

use serde_saphyr::Location;

use crate::config::Config;
use crate::content::Source;
use crate::error::{Diagnostic, Diagnostics};
use crate::markdown::links::join_normalized;

/// An image a page is shown by, ready for templates and feeds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Image {
    /// A site path (`/blog/post/chart.png`), or an http(s) URL as written.
    pub url: String,
    /// Its size in pixels, when it is a file of the site daylight could read.
    pub size: Option<(usize, usize)>,
    /// What it shows (`image_alt`), when said.
    pub alt: Option<String>,
}

/// Where an `image:` is written: in a page (with where its files are published) or in
/// site.yaml.
pub enum Owner<'a> {
    Page {
        source: &'a Source,
        /// The site folder the files beside the page are published at.
        files_url: &'a str,
    },
    Site,
}

/// The image `written` at `at` names, found and measured; None (with an error in
/// `diags`) when it is not there or is not an image.
pub fn resolve(
    written: &str,
    at: &Location,
    alt: Option<&str>,
    owner: Owner<'_>,
    config: &Config,
    diags: &Diagnostics,
) -> Option<Image> {
    let alt = alt.map(str::to_string);
    let lower = written.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return Some(Image {
            url: written.to_string(),
            size: None,
            alt,
        });
    }
    let error = |message: String, hint: String| {
        let d = match &owner {
            Owner::Page { source, .. } => source.error_at(at, message),
            Owner::Site => {
                let text =
                    std::fs::read_to_string(config.root.join("site.yaml")).unwrap_or_default();
                Diagnostic::error("site.yaml", message).at(
                    &text,
                    at.line() as u32,
                    at.column() as u32,
                )
            }
        };
        diags.push(d.with_hint(hint));
        None
    };
    let path = written.split(['?', '#']).next().unwrap_or(written);
    if written.starts_with("//") || crate::markdown::links::has_scheme(written) {
        return error(
            format!("`{written}` is not an image daylight can use"),
            "write a file beside the page (chart.png), a path on the site (/images/card.png) or an http(s) URL".to_string(),
        );
    }
    let (url, candidates) = match where_to_look(written, path, &owner, config) {
        Ok(found) => found,
        Err((message, hint)) => return error(message, hint),
    };
    let Some(file) = candidates.iter().find(|p| p.is_file()) else {
        let looked: Vec<String> = candidates.iter().map(|p| shown(config, p)).collect();
        return error(
            format!("the image `{written}` is not there (looked for {})", looked.join(", ")),
            match owner {
                Owner::Page { .. } => "put the file beside the page (or in static/, written from the site's root: /images/card.png), or correct the name".to_string(),
                Owner::Site => "put the file in static/ and write its path from there, e.g. /images/card.png".to_string(),
            },
        );
    };
    match imagesize::size(file) {
        Ok(size) => Some(Image {
            url,
            size: Some((size.width, size.height)),
            alt,
        }),
        Err(e) => error(
            format!("`{written}` is not an image daylight can read: {e}"),
            "social cards need a PNG, JPEG, GIF or WebP file (1200 × 630 pixels suits most)"
                .to_string(),
        ),
    }
}

/// Where the image `written` (its path part `path`) is published, and the files that may
/// be it, in the order they are looked for; else what is wrong with the name.
fn where_to_look(
    written: &str,
    path: &str,
    owner: &Owner<'_>,
    config: &Config,
) -> Result<(String, Vec<std::path::PathBuf>), (String, String)> {
    match (owner, path.strip_prefix('/')) {
        (_, Some(rooted)) => {
            let Some(clean) = join_normalized("", rooted) else {
                return Err((
                    format!("the image `{written}` climbs out of the site"),
                    "write a path on the site, e.g. /images/card.png".to_string(),
                ));
            };
            let mut dirs = vec![config.root.join("static")];
            dirs.extend(config.theme_dir().map(|t| t.join("static")));
            dirs.push(config.content_dir());
            let found = dirs.iter().map(|d| d.join(&clean)).collect::<Vec<_>>();
            Ok((format!("/{clean}"), found))
        }
        (Owner::Page { source, files_url }, None) => {
            let folder = crate::content::walk::parent_of(&source.rel);
            let (Some(file), Some(url)) = (
                join_normalized(folder, path),
                join_normalized(files_url, path),
            ) else {
                return Err((
                    format!("the image `{written}` climbs out of the site"),
                    "put the image beside the page, or in static/ and write its path on the site (/images/card.png)".to_string(),
                ));
            };
            Ok((format!("/{url}"), vec![config.content_dir().join(file)]))
        }
        (Owner::Site, None) => Err((
            format!("the image `{written}` is not a path on the site"),
            "put it in static/ and write its path from there, e.g. /images/card.png".to_string(),
        )),
    }
}

/// A file's path from the site's folder, for a message.
fn shown(config: &Config, path: &Path) -> String {
    path.strip_prefix(&config.root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| PathBuf::from(path))
        .display()
        .to_string()
}
