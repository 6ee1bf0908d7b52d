//! `daylight build` and `daylight check`: the whole pipeline, reporting every problem.

use std::path::Path;
use std::time::Instant;

use super::{BuildArgs, CheckArgs, Format, Printer, SiteArgs};
use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics};
use crate::output::{Discard, Output, Staging};
use crate::render::{Templates, render_site};
use crate::site::{BuildOptions, Site};

fn options(args: &SiteArgs) -> Result<BuildOptions, Diagnostic> {
    let now = match &args.now {
        None => jiff::Timestamp::now(),
        Some(text) => {
            let tz = jiff::tz::TimeZone::UTC;
            crate::dates::parse(text, &tz)
                .map_err(|e| Diagnostic::error("--now", e).with_hint(crate::dates::DATE_HINT))?
                .timestamp()
        }
    };
    Ok(BuildOptions {
        drafts: args.drafts,
        future: args.future,
        now,
    })
}

/// Loads, checks and renders the site into `out`; returns the model and what was written.
fn run_pipeline(
    config: Config,
    args: &SiteArgs,
    out: &dyn Output,
    diags: &Diagnostics,
    printer: &Printer,
) -> Result<(Site, crate::render::Stats), Diagnostic> {
    let t = Instant::now();
    let content = crate::content::walk::load(&config, diags);
    printer.detail(&format!(
        "read {} pages in {:.0?}",
        content.pages.len(),
        t.elapsed()
    ));
    let t = Instant::now();
    let site = Site::build(config, options(args)?, content, diags);
    printer.detail(&format!("built the site model in {:.0?}", t.elapsed()));
    let t = Instant::now();
    let stats = match Templates::load(&site.config) {
        Ok(templates) => render_site(&site, &templates, out, diags),
        Err(errors) => {
            diags.extend(errors);
            crate::render::Stats::default()
        }
    };
    printer.detail(&format!(
        "rendered and wrote in {:.2?}: pages {:.2?}, lists {:.2?}, feeds/sitemap/search/files {:.2?}",
        t.elapsed(),
        stats.pages_time,
        stats.lists_time,
        stats.files_time
    ));
    Ok((site, stats))
}

fn report_left_out(site: &Site, printer: &Printer) {
    for l in &site.left_out {
        printer.info(&format!("  left out {}: {}", l.path.display(), l.reason));
    }
}

pub fn build(args: &BuildArgs, printer: &Printer) -> Result<i32, Diagnostic> {
    let started = Instant::now();
    let mut config = match Config::load(&args.site.root) {
        Ok(c) => c,
        Err(ds) => return Ok(printer.stopped_by(&ds)),
    };
    if let Some(url) = &args.base_url {
        config.base_url = url.trim_end_matches('/').to_string();
    }
    let target = match &args.output {
        Some(o) => std::path::absolute(o)
            .map_err(|e| Diagnostic::io(o, "resolve the output folder", &e))?,
        None => config.root.join("public"),
    };
    let staging = Staging::prepare(&target, &config.root, args.force)?;
    let diags = Diagnostics::default();
    let (site, stats) = match run_pipeline(config, &args.site, &staging, &diags, printer) {
        Ok(x) => x,
        Err(d) => {
            staging.abandon();
            return Err(d);
        }
    };
    let failed = diags.has_errors();
    let items = diags.into_sorted();
    let errors = items.iter().filter(|d| d.is_error()).count();
    for d in &items {
        if d.is_error() || !printer.quiet {
            printer.diagnostic(d);
        }
    }
    if failed {
        staging.abandon();
        eprintln!(
            "build failed: {errors} error{} — {} was left as it was",
            if errors == 1 { "" } else { "s" },
            display_path(&target)
        );
        return Ok(1);
    }
    staging.commit()?;
    report_left_out(&site, printer);
    printer.info(&format!(
        "built {} pages and {} lists, copied {} files into {} in {:.2} s{}",
        stats.pages,
        stats.lists,
        stats.files_copied,
        display_path(&target),
        started.elapsed().as_secs_f64(),
        match site.left_out.len() {
            0 => String::new(),
            n => format!("; {n} left out (listed above)"),
        }
    ));
    Ok(0)
}

fn display_path(p: &Path) -> String {
    match std::env::current_dir() {
        Ok(cwd) => p.strip_prefix(&cwd).unwrap_or(p).display().to_string(),
        Err(_) => p.display().to_string(),
    }
}

pub fn check(args: &CheckArgs, printer: &Printer) -> Result<i32, Diagnostic> {
    let config = match Config::load(&args.site.root) {
        Ok(c) => c,
        Err(ds) if args.format == Format::Json => {
            println!("{}", json_report(&ds, 0));
            return Ok(1);
        }
        Err(ds) => return Ok(printer.stopped_by(&ds)),
    };
    let diags = Diagnostics::default();
    let (site, stats) = run_pipeline(config, &args.site, &Discard::default(), &diags, printer)?;
    // Only `check` looks for personal data (as warnings): it is what CI runs before
    // publishing, and a build's output stays about the build.
    diags.extend(crate::privacy::check_site(&site));
    let items = diags.into_sorted();
    let errors = items.iter().filter(|d| d.is_error()).count();
    match args.format {
        Format::Json => println!("{}", json_report(&items, stats.pages)),
        Format::Text => {
            for d in &items {
                printer.diagnostic(d);
            }
            report_left_out(&site, printer);
            let warnings = items.len() - errors;
            printer.info(&format!(
                "checked {} pages: {errors} errors, {warnings} warnings",
                site.pages.len()
            ));
        }
    }
    Ok(if errors > 0 { 1 } else { 0 })
}

fn json_report(items: &[Diagnostic], pages: usize) -> String {
    let errors = items.iter().filter(|d| d.is_error()).count();
    let report = serde_json::json!({
        "pages": pages,
        "errors": errors,
        "warnings": items.len() - errors,
        "diagnostics": items.iter().map(|d| serde_json::json!({
            "severity": d.severity,
            "path": d.path,
            "line": d.line,
            "column": d.column,
            "message": d.message,
            "hint": d.hint,
            "snippet": d.snippet.iter().map(|(n, t)| serde_json::json!({"line": n, "text": t})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".to_string())
}
