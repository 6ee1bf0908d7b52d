//! The `daylight` command: parse the command line, run, exit with the result.

use clap::Parser;

// glibc's allocator spent a quarter of a 100,000-page build in _int_malloc (many threads,
// a large heap); mimalloc does not.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = daylight::cli::Cli::parse();
    std::process::exit(daylight::cli::run(cli));
}
