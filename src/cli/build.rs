//! `daylight build` and `daylight check`: the whole pipeline, reporting every problem.

use std::path::Path;
use std::time::Instant;

use super::{BuildArgs, CheckArgs, Format, Printer, RoutesArgs};
use crate::build::{Build, build_with, load_config};
use crate::error::Diagnostic;
use crate::output::{Discard, Staging};
use crate::printer::print_out;
use crate::site::Site;

fn report_timings(b: &Build, printer: &Printer) {
    for (what, time) in &b.timings {
        printer.detail(&format!("{what} in {time:.2?}"));
    }
}

fn report_left_out(site: &Site, printer: &Printer) {
    for l in &site.left_out {
        printer.info(&format!("  left out {}: {}", l.path.display(), l.reason));
    }
}

pub fn build(args: &BuildArgs, printer: &Printer) -> Result<i32, Diagnostic> {
    let started = Instant::now();
    let request = args.site.request(
        args.base_url
            .clone()
            .map_or(crate::build::BaseUrl::Site, crate::build::BaseUrl::Given),
    )?;
    let config = match load_config(&request) {
        Ok(c) => c,
        Err(ds) => return Ok(printer.stopped_by(&ds)),
    };
    let target = match &args.output {
        Some(o) => std::path::absolute(o)
            .map_err(|e| Diagnostic::io(o, "resolve the output folder", &e))?,
        None => config.root.join("public"),
    };
    let waiting = |t: &Path| {
        printer.info(&format!(
            "waiting for another build of {} to finish",
            display_path(t)
        ));
    };
    let mut staging = Staging::prepare(&target, &config.root, args.force, &waiting)?;
    let warnings = staging.take_warnings();
    let mut result = build_with(config, &request, &staging);
    result.diagnostics.extend(warnings);
    crate::error::sort(&mut result.diagnostics);
    report_timings(&result, printer);
    let errors = result.error_count();
    for d in &result.diagnostics {
        if d.is_error() || !printer.quiet {
            printer.diagnostic(d);
        }
    }
    let Some(site) = result.site.as_ref().filter(|_| errors == 0) else {
        staging.abandon();
        eprintln!(
            "build failed: {errors} error{} — {} was left as it was",
            if errors == 1 { "" } else { "s" },
            display_path(&target)
        );
        return Ok(1);
    };
    if let Some(warning) = staging.commit()?
        && !printer.quiet
    {
        printer.diagnostic(&warning);
    }
    report_left_out(site, printer);
    let stats = &result.stats;
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

/// `daylight routes`: the route table, one file per line (or as JSON).
pub fn routes(args: &RoutesArgs, printer: &Printer) -> Result<i32, Diagnostic> {
    let request = args.site.request(crate::build::BaseUrl::Site)?;
    let (site, routes) = match crate::build::route_table(&request) {
        Ok(made) => made,
        Err(ds) => return Ok(printer.stopped_by(&ds)),
    };
    let rows = routes.routes.iter().map(|r| {
        (
            r.url.as_str(),
            crate::urls::file_of(&r.url),
            r.target.describe(&site),
            r.sitemap.is_some(),
        )
    });
    let text = match args.format {
        Format::Json => {
            let list: Vec<serde_json::Value> = rows
                .map(|(url, file, what, listed)| {
                    serde_json::json!({ "url": url, "file": file, "what": what, "listed": listed })
                })
                .collect();
            format!("{}\n", serde_json::Value::Array(list))
        }
        Format::Text => rows
            .map(|(url, _, what, listed)| {
                format!("{url}\t{what}{}\n", if listed { "\tlisted" } else { "" })
            })
            .collect(),
    };
    print_out(&text)?;
    Ok(0)
}

fn display_path(p: &Path) -> String {
    match std::env::current_dir() {
        Ok(cwd) => p.strip_prefix(&cwd).unwrap_or(p).display().to_string(),
        Err(_) => p.display().to_string(),
    }
}

pub fn check(args: &CheckArgs, printer: &Printer) -> Result<i32, Diagnostic> {
    let request = args.site.request(crate::build::BaseUrl::Site)?;
    let config = match load_config(&request) {
        Ok(c) => c,
        Err(ds) if args.format == Format::Json => {
            print_out(&format!("{}\n", json_report(&ds, 0, 0)))?;
            return Ok(1);
        }
        Err(ds) => return Ok(printer.stopped_by(&ds)),
    };
    let mut result = build_with(config, &request, &Discard::default());
    report_timings(&result, printer);
    // Only `check` looks for personal data and for blaming words (as warnings): it is
    // what CI runs before publishing, and a build's output stays about the build.
    if let Some(site) = &result.site {
        result.diagnostics.extend(crate::privacy::check_site(site));
        result
            .diagnostics
            .extend(crate::kinds::incident::blameless::check(site));
        result
            .diagnostics
            .extend(crate::upkeep::check::check(site, args.strict));
        crate::error::sort(&mut result.diagnostics);
        if let Some(path) = &args.report {
            write_report(path, site)?;
        }
    }
    let items = &result.diagnostics;
    let errors = result.error_count();
    let with_errors = result
        .site
        .as_ref()
        .map_or(0, |s| pages_with_errors(s, items));
    match args.format {
        Format::Json => print_out(&format!(
            "{}\n",
            json_report(items, result.stats.pages, with_errors)
        ))?,
        Format::Text => {
            for d in items {
                printer.diagnostic(d);
            }
            let pages = result.site.as_ref().map_or(0, |s| s.pages.len());
            if let Some(site) = &result.site {
                report_left_out(site, printer);
            }
            let warnings = items.len() - errors;
            printer.info(&format!(
                "checked {}, {with_errors} with errors: {}, {}",
                count(pages, "page", "pages"),
                count(errors, "error", "errors"),
                count(warnings, "warning", "warnings"),
            ));
        }
    }
    Ok(if errors > 0 { 1 } else { 0 })
}

/// Writes the content-health report (`check --report FILE`).
fn write_report(path: &Path, site: &Site) -> Result<(), Diagnostic> {
    let html = crate::upkeep::health::report(site);
    std::fs::write(path, html).map_err(|e| Diagnostic::io(path, "write the health report", &e))
}

/// "1 page", "3 pages".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// How many of the site's pages have an error in them (front matter or body).
fn pages_with_errors(site: &crate::site::Site, items: &[Diagnostic]) -> usize {
    let failing: std::collections::HashSet<&std::path::Path> = (items.iter())
        .filter(|d| d.is_error())
        .map(|d| d.path.as_path())
        .collect();
    (site.pages.iter())
        .filter(|p| failing.contains(p.page.source.display.as_path()))
        .count()
}

fn json_report(items: &[Diagnostic], pages: usize, with_errors: usize) -> String {
    let errors = items.iter().filter(|d| d.is_error()).count();
    let report = serde_json::json!({
        "pages": pages,
        "pages_with_errors": with_errors,
        "errors": errors,
        "warnings": items.len() - errors,
        "diagnostics": items.iter().map(|d| serde_json::json!({
            "severity": d.severity,
            "path": d.path,
            "line": d.line,
            "column": d.column,
            "message": d.message,
            "hint": d.hint,
            "code": d.code,
            "snippet": d.snippet.iter().map(|(n, t)| serde_json::json!({"line": n, "text": t})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".to_string())
}
