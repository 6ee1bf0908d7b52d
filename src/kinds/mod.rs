//! Each content kind in one place.
//!
//! A kind's folder holds everything that kind is beyond what every page shares: its
//! front matter fields, read as written and checked (`schema`), the facts derived from
//! them (`facts`, each defined once), its indexes and the pages it adds to a site, their
//! template contexts, charts and open data. Adding a field or a page to a kind touches
//! its folder (and the theme's template), and nothing else.
//!
//! What every page shares (title, dates, tags, authors, slug) is [`crate::content`]'s;
//! publication, URLs and order are the site model's ([`crate::site`]); which files a
//! build writes is the route table's ([`crate::routes`]); Tera, writing files and
//! `serve`'s memo are [`crate::render`]'s. A kind reads the model; it decides none of
//! those.

pub mod incident;
pub mod plan;
