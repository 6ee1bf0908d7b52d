//! The commands, one file each, and how their results are printed.

pub mod build;
pub mod init;
pub mod new;

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::error::{Diagnostic, Severity};

#[derive(Parser, Debug)]
#[command(
    name = "daylight",
    version,
    about = "Publish plans, posts and incident reports in the open: Markdown in, accessible static site out."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print what each stage did and how long it took.
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into public/ (or --output).
    Build(BuildArgs),
    /// Build the site, serve it on loopback and rebuild it as you edit.
    Serve(ServeArgs),
    /// Check the whole site (front matter, links, templates) without writing anything.
    Check(CheckArgs),
    /// Make a new site with example content and the default theme.
    Init(InitArgs),
    /// Write a new post, incident report, plan or page from its template, dated today.
    New(NewArgs),
}

#[derive(Args, Debug, Clone)]
pub struct SiteArgs {
    /// The site's folder (holding site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Include drafts.
    #[arg(long)]
    pub drafts: bool,
    /// Include pages dated in the future.
    #[arg(long)]
    pub future: bool,
    /// Build as if it were this moment (RFC 3339); for reproducible builds and tests.
    #[arg(long, hide = true)]
    pub now: Option<String>,
}

#[derive(Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site (default: public/ in the site's folder).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Use this base URL instead of site.yaml's (e.g. for a preview deployment).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Replace the output folder even if daylight did not create it.
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The address to listen on (loopback unless you say otherwise).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// The port (default 1111, or the next free one, said aloud).
    #[arg(long)]
    pub port: Option<u16>,
    /// Open the site in the browser.
    #[arg(long)]
    pub open: bool,
    /// The base URL for canonical links (default: the server's address).
    #[arg(long)]
    pub base_url: Option<String>,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// How to print problems.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

#[derive(Args, Debug)]
#[command(
    after_help = "The file goes in the first section (in content/) whose _index.md has the kind: \
                  content/<section>/<YYYY-MM-DD>-<slug>.md for posts and incidents, \
                  content/<section>/<slug>.md otherwise. Its template is archetypes/<kind>.md \
                  in the site, else in the theme. An existing file is never overwritten."
)]
pub struct NewArgs {
    /// What to write.
    #[arg(value_enum)]
    pub kind: NewKind,
    /// The title, in quotes; the file name is made from it.
    pub title: String,
    /// The site's folder (holding site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The folder under content/ to write into (default: the first section of this kind).
    #[arg(long)]
    pub section: Option<PathBuf>,
    /// Date the file as if it were this moment (RFC 3339); for tests.
    #[arg(long, hide = true)]
    pub now: Option<String>,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    /// A blog post or weeknote.
    Post,
    /// A blameless incident report.
    Incident,
    /// A plan or roadmap.
    Plan,
    /// Any other page.
    Page,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// The new site's folder (must not exist, or be empty).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

/// Prints to stderr, with colour only on a terminal (and not under NO_COLOR).
#[derive(Clone, Copy)]
pub struct Printer {
    colour: bool,
    pub quiet: bool,
    pub verbose: bool,
}

impl Printer {
    pub fn new(quiet: bool, verbose: bool) -> Self {
        let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        Printer {
            colour,
            quiet,
            verbose,
        }
    }

    pub fn diagnostic(&self, d: &Diagnostic) {
        let text = d.to_string();
        if self.colour {
            let (label, code) = match d.severity {
                Severity::Error => ("error:", "1;31"),
                Severity::Warning => ("warning:", "1;33"),
            };
            eprint!(
                "{}",
                text.replacen(label, &format!("\x1b[{code}m{label}\x1b[0m"), 1)
            );
        } else {
            eprint!("{text}");
        }
    }

    /// Prints the diagnostics that stop a command (site.yaml's errors, all of them);
    /// the exit code to stop with.
    pub fn stopped_by(&self, diagnostics: &[Diagnostic]) -> i32 {
        for d in diagnostics {
            self.diagnostic(d);
        }
        1
    }

    /// A line of progress; file names in it may hold control characters, which are
    /// shown as escapes (see [`crate::escape`]).
    pub fn info(&self, line: &str) {
        if !self.quiet {
            eprintln!("{}", crate::escape::controls(line));
        }
    }

    pub fn detail(&self, line: &str) {
        if self.verbose {
            eprintln!("{}", crate::escape::controls(line));
        }
    }
}

/// Runs the command; the exit code.
pub fn run(cli: Cli) -> i32 {
    let printer = Printer::new(cli.quiet, cli.verbose);
    let result = match cli.command {
        Command::Build(args) => build::build(&args, &printer),
        Command::Check(args) => build::check(&args, &printer),
        Command::Serve(args) => crate::serve::serve(
            crate::serve::ServeSettings {
                options: crate::serve::workspace::ServeOptions {
                    root: args.site.root.clone(),
                    drafts: args.site.drafts,
                    future: args.site.future,
                    base_url: args.base_url.clone(),
                },
                bind: args.bind,
                port: args.port,
                open: args.open,
            },
            printer,
        ),
        Command::Init(args) => init::init(&args, &printer),
        Command::New(args) => new::new(&args, &printer),
    };
    match result {
        Ok(code) => code,
        Err(d) => {
            printer.diagnostic(&d);
            1
        }
    }
}
