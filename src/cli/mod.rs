//! The commands, one file each, and how their results are printed.

pub mod build;
pub mod import;
pub mod init;
pub mod new;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::error::Diagnostic;
pub use crate::printer::Printer;

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
    /// List every file a build would write: its URL, what makes it, and whether the
    /// sitemap lists it.
    Routes(RoutesArgs),
    /// Make a new site with example content and the default theme.
    Init(InitArgs),
    /// Write a new post, incident report, plan or page from its template, dated today.
    New(NewArgs),
    /// Turn a Jekyll, Hugo, Eleventy or cState site into a daylight site in a new folder.
    Import(ImportArgs),
}

#[derive(Args, Debug)]
pub struct RoutesArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// `text` (URL, what, "listed" when in the sitemap; tab-separated) or `json`.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
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
    /// Include pages past their `expires:` date.
    #[arg(long)]
    pub expired: bool,
    /// Build as if it were this moment (RFC 3339); for reproducible builds and tests.
    #[arg(long, hide = true)]
    pub now: Option<String>,
}

/// "Now": the clock, or the moment given with the hidden `--now` (RFC 3339; for tests).
fn now(given: Option<&str>) -> Result<jiff::Timestamp, Diagnostic> {
    match given {
        None => Ok(jiff::Timestamp::now()),
        Some(text) => Ok(crate::dates::parse(text, &jiff::tz::TimeZone::UTC)
            .map_err(|e| Diagnostic::error("--now", e).with_hint(crate::dates::DATE_HINT))?
            .timestamp()),
    }
}

impl SiteArgs {
    /// What the pipeline is asked to build.
    pub fn request(
        &self,
        base_url: crate::build::BaseUrl,
    ) -> Result<crate::build::Request, Diagnostic> {
        let now = now(self.now.as_deref())?;
        let root = std::path::absolute(&self.root)
            .map_err(|e| Diagnostic::io(&self.root, "resolve the site folder", &e))?;
        Ok(crate::build::Request {
            root,
            drafts: self.drafts,
            future: self.future,
            expired: self.expired,
            now,
            base_url,
        })
    }
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
    /// The base URL for canonical links (default: the server's address, with the path
    /// of site.yaml's `base_url`, if it has one, after it).
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
    /// Make overdue reviews, missing owners, stale plan items and an aged accessibility
    /// statement errors rather than warnings.
    #[arg(long)]
    pub strict: bool,
    /// Also write the content-health report for maintainers to this HTML file: pages by
    /// owner, overdue reviews, oldest content, pending incident reviews, overdue actions.
    #[arg(long, value_name = "FILE")]
    pub report: Option<std::path::PathBuf>,
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
    /// Write the page's translation into this language (its code in site.yaml's
    /// `languages:`, e.g. `cy`): `name.cy.md` beside where the page goes.
    #[arg(long)]
    pub lang: Option<String>,
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
#[command(
    after_help = "SRC is only read, never written. OUT must be new or empty; it gets site.yaml, \
                  content/, static/, data/ and IMPORT-REPORT.md (what was mapped, and what needs \
                  a person, each at its source file and line). Old URLs are kept as aliases."
)]
pub struct ImportArgs {
    /// The generator the site was made with.
    #[arg(value_enum)]
    pub from: ImportFrom,
    /// The old site's folder (holding _config.yml, hugo.toml, the Eleventy config…).
    pub src: PathBuf,
    /// A new or empty folder for the daylight site.
    pub out: PathBuf,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFrom {
    /// A Jekyll site (_config.yml, _posts/).
    Jekyll,
    /// A Hugo site (hugo.toml or config.*, content/).
    Hugo,
    /// An Eleventy site (Markdown templates, _data/).
    Eleventy,
    /// A cState status page (a Hugo site with content/issues/).
    Cstate,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// The new site's folder (must not exist, or be empty).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// A site in English and Welsh: site.yaml's `languages:` and the example's Welsh
    /// pages (see docs/bilingual.md).
    #[arg(long)]
    pub bilingual: bool,
}

/// Runs the command; the exit code.
pub fn run(cli: Cli) -> i32 {
    let printer = Printer::new(cli.quiet, cli.verbose);
    let result = match cli.command {
        Command::Build(args) => build::build(&args, &printer),
        Command::Check(args) => build::check(&args, &printer),
        Command::Serve(args) => args
            .site
            .request(
                args.base_url
                    .clone()
                    .map_or(crate::build::BaseUrl::Site, crate::build::BaseUrl::Given),
            )
            .and_then(|request| {
                crate::serve::serve(
                    crate::serve::ServeSettings {
                        request,
                        bind: args.bind,
                        port: args.port,
                        open: args.open,
                    },
                    printer,
                )
            }),
        Command::Routes(args) => build::routes(&args, &printer),
        Command::Init(args) => init::init(&args, &printer),
        Command::New(args) => new::new(&args, &printer),
        Command::Import(args) => import::import(&args, &printer),
    };
    match result {
        Ok(code) => code,
        Err(d) => {
            printer.diagnostic(&d);
            1
        }
    }
}
