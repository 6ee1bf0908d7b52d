//! Integration tests: the real `daylight` binary on real fixture sites, reading what it
//! wrote. One test binary; one module per area.

mod a11y;
mod bilingual;
mod build;
mod collections;
mod conformance;
mod content_safety;
mod errors;
mod every_problem;
mod feeds;
mod harness;
mod images;
mod import;
mod incidents;
mod migrated;
mod new_and_privacy;
mod output_safety;
mod permalinks;
mod publish_safety;
mod real_content;
mod review;
mod routes;
mod serve;
mod serve_hostile;
mod serve_model;
mod serve_pipeline;
mod settings_safety;
mod shortcodes;
mod status;
mod subpath;
mod template_code;
