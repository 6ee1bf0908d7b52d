//! `daylight import jekyll|hugo|eleventy|cstate SRC OUT`: runs [`crate::import`] and
//! prints its summary.

use super::{ImportArgs, ImportFrom, Printer};
use crate::error::Diagnostic;
use crate::import::{self, Generator, Options};

pub fn import(args: &ImportArgs, printer: &Printer) -> Result<i32, Diagnostic> {
    let from = match args.from {
        ImportFrom::Jekyll => Generator::Jekyll,
        ImportFrom::Hugo => Generator::Hugo,
        ImportFrom::Eleventy => Generator::Eleventy,
        ImportFrom::Cstate => Generator::CState,
    };
    let report = import::import(&Options {
        from,
        src: args.src.clone(),
        out: args.out.clone(),
    })?;
    printer.info(&report.summary(from.name()));
    printer.info(&format!(
        "next: read {}, then `daylight build --root {}`",
        args.out.join("IMPORT-REPORT.md").display(),
        args.out.display()
    ));
    Ok(0)
}
