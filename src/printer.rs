//! How diagnostics and progress reach the terminal: stderr (and reports, stdout), with colour only on a
//! terminal (and not under NO_COLOR), quiet and verbose levels. A leaf: it knows
//! [`Diagnostic`] and nothing of the pipeline, so every command and `serve` can use it.

use std::io::IsTerminal;

use crate::error::{Diagnostic, Severity};

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

/// Writes `text` to standard output. A closed pipe (`daylight routes | head`) is the
/// reader's choice, not an error (and never a panic, as `println!` makes it).
pub fn print_out(text: &str) -> Result<(), Diagnostic> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Diagnostic::io(
            std::path::Path::new("standard output"),
            "write the report",
            &e,
        )),
        _ => Ok(()),
    }
}
