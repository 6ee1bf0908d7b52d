//! daylight: a static site generator for public-sector teams that work in the open.
//!
//! One pipeline, [`build::build`], serves `build`, `check` and `serve` alike:
//!
//! ```text
//! site.yaml ─> config::Config ─> content (typed pages) ─> site::Site (the model)
//!   ─> routes::Routes (every file, its URL and what renders it; URLs from urls)
//!   ─> render (Tera, feeds, sitemap, search, kinds' pages) ─> output::Output
//!                 diagnostics collected throughout (error::Diagnostic)
//! ```
//!
//! Each content kind is in one place, [`kinds`]: everything incidents are (fields and
//! rules, derived facts, index, pages, contexts, charts, open data) in
//! `src/kinds/incident/`, plans in `src/kinds/plan.rs`. The stages above read a kind
//! through it; none keeps its own idea of what an incident is.
//!
//! [`cli`] parses arguments and prints results with [`printer`]; [`serve`] rebuilds
//! through the same pipeline on every change and serves the result from memory. It
//! passes the pipeline a [`build::Memo`]: the sources as read and what each route
//! rendered, so a rebuild reads only the files that changed and renders only the routes
//! whose inputs changed, and writes the rest as they were.

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
pub mod data;
pub mod import;
pub mod kinds;
pub mod language;
pub mod markdown;
pub mod output;
pub mod printer;
pub mod privacy;
pub mod render;
pub mod resize;
pub mod routes;
pub mod search_words;
pub mod serve;
pub mod site;
pub mod theme;
pub mod upkeep;
pub mod urls;

#[cfg(test)]
mod test_site;
