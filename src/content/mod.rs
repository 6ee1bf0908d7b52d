//! Content: walk `content/`, read each source, split and parse its front matter.
//!
//! This stage reads files and checks them one by one, in parallel; it knows nothing of
//! URLs between pages, taxonomies or templates (that is [`crate::site`]).

pub mod front_matter;
pub mod page;
#[cfg(test)]
pub(crate) mod properties;
pub mod walk;

pub use page::{Kind, Page, SectionMeta, SortBy, Source};
