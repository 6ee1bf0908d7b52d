//! Integration tests: the real `daylight` binary on real fixture sites, reading what it
//! wrote. One test binary; one module per area.

mod build;
mod errors;
mod harness;
mod migrated;
mod output_safety;
mod serve;
