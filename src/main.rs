//! The `daylight` command: parse the command line, run, exit with the result.

use clap::Parser;

fn main() {
    let cli = daylight::cli::Cli::parse();
    std::process::exit(daylight::cli::run(cli));
}
