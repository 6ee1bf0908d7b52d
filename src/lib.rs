//! daylight: a static site generator for public-sector teams that work in the open.
//!
//! The pipeline reads as the modules do: [`config`] resolves `site.yaml`, [`content`]
//! walks and parses the Markdown sources, [`markdown`] renders bodies, [`site`] builds the
//! model (sections, taxonomies, pagination), [`render`] turns it into pages with Tera and
//! [`output`] writes them atomically. [`cli`] wires the commands together.

pub mod config;
pub mod content;
pub mod dates;
pub mod error;
pub mod escape;
pub mod inside;
pub mod yaml;

/// `path` relative to the site root, for messages; as given when it is outside.
pub fn site_relative(root: &std::path::Path, path: &std::path::Path) -> std::path::PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}
pub mod build;
pub mod cli;
pub mod markdown;
pub mod output;
pub mod printer;
pub mod privacy;
pub mod render;
pub mod serve;
pub mod site;
pub mod theme;
