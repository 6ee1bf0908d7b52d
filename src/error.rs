//! One diagnostic type for everything a user can get wrong, and the collection a build
//! fills as it goes.
//!
//! Every problem daylight reports names a file, and where it can a line and column, shows
//! the offending lines and says how to fix it. The first line has the `path:line:column:`
//! form compilers print, so editors and CI annotations can jump to it. This module only
//! describes and prints problems; it never decides whether a build goes on.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// How bad a diagnostic is: errors fail the build, warnings are reported and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A problem found in a user's file (or, with no line, with a file as a whole).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the site root when it is inside it.
    pub path: PathBuf,
    /// 1-based line and column in the file (not in a YAML block inside it).
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
    /// The lines shown under the message: (line number, text). A line too long to show
    /// whole is cut to the part around the column, `…` marking what was cut.
    pub snippet: Vec<(u32, String)>,
    /// The column (1-based, in characters) each snippet line's text starts at, when the
    /// lines were cut at the start; 1 when they were not.
    #[serde(skip)]
    pub snippet_from: u32,
    /// How to fix it.
    pub hint: Option<String>,
    /// What kind of problem it is, for tests and CI dashboards that sort them
    /// (`review-overdue`), where one is given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
}

/// Kinds of problem a CI dashboard may count apart (`check --format json`'s `code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// A page is past its review date.
    ReviewOverdue,
    /// A page has a review period and no date to count it from.
    ReviewNoDate,
    /// A page under review has no owner, and site.yaml asks for one.
    OwnerMissing,
    /// A plan's unfinished item has gone longer than site.yaml allows without an update.
    PlanItemStale,
    /// The accessibility statement was last reviewed more than a year ago.
    StatementOutOfDate,
    /// A planned fix date in the accessibility statement has passed.
    StatementFixOverdue,
}

pub type Result<T, E = Diagnostic> = std::result::Result<T, E>;

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
            snippet: Vec::new(),
            snippet_from: 1,
            hint: None,
            code: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// An I/O failure on `path`, worded for people rather than for `errno`.
    pub fn io(path: &Path, action: &str, err: &std::io::Error) -> Self {
        let hint = match err.kind() {
            std::io::ErrorKind::PermissionDenied => {
                Some("check the file's permissions: daylight needs to read it".to_string())
            }
            std::io::ErrorKind::NotFound => Some("check the path is spelt right".to_string()),
            _ => None,
        };
        let mut d = Diagnostic::error(path, format!("could not {action}: {err}"));
        d.hint = hint;
        d
    }

    /// Points the diagnostic at `line`:`column` (1-based) of `source`, the whole file's
    /// text, and takes the line before it and the line itself as the snippet. Lines too
    /// long to show whole are shown around the column, so the caret is always under text.
    pub fn at(mut self, source: &str, line: u32, column: u32) -> Self {
        let line = line.max(1);
        let column = column.max(1);
        self.line = Some(line);
        self.column = Some(column);
        let first = line.saturating_sub(1).max(1);
        let lines: Vec<(u32, &str)> = source
            .lines()
            .enumerate()
            .skip(first as usize - 1)
            .take((line - first + 1) as usize)
            .map(|(i, text)| (i as u32 + 1, text))
            .collect();
        let longest = lines.iter().map(|(_, t)| t.chars().count()).max();
        let from = window_start(longest.unwrap_or(0), column as usize);
        self.snippet_from = from as u32 + 1;
        self.snippet = lines
            .into_iter()
            .map(|(n, text)| (n, window(text, from)))
            .collect();
        self
    }

    /// Like [`Diagnostic::at`], for a byte offset into `source`.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, column) = line_column(source, offset);
        self.at(source, line, column)
    }

    /// Names what kind of problem it is (see [`Diagnostic::code`]).
    pub fn with_code(mut self, code: Code) -> Self {
        self.code = Some(code);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:column` (or less, when line and column are unknown).
    pub fn location(&self) -> String {
        let mut s = self.path.display().to_string();
        if let Some(line) = self.line {
            s.push_str(&format!(":{line}"));
            if let Some(col) = self.column {
                s.push_str(&format!(":{col}"));
            }
        }
        s
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(source: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..offset].chars().count() as u32 + 1;
    (line, column)
}

/// The most characters of a line a snippet shows.
const SNIPPET_WIDTH: usize = 200;

/// The character index a snippet's lines start at, for lines up to `longest` characters
/// and the caret at `column` (1-based): 0 when the column is in the first part shown,
/// else far enough in that the column sits near the middle of what is shown.
fn window_start(longest: usize, column: usize) -> usize {
    if longest <= SNIPPET_WIDTH || column <= SNIPPET_WIDTH * 3 / 4 {
        return 0;
    }
    let centred = column.saturating_sub(SNIPPET_WIDTH / 2);
    centred
        .min(longest.saturating_sub(SNIPPET_WIDTH - 1))
        .max(1)
}

/// The part of `line` shown from character `from`: up to [`SNIPPET_WIDTH`] characters,
/// with `…` for the text cut before and after, and tabs shown as `→`.
fn window(line: &str, from: usize) -> String {
    let count = line.chars().count();
    let shown: String = line.chars().skip(from).take(SNIPPET_WIDTH).collect();
    let before = if from > 0 { "…" } else { "" };
    let after = if from + SNIPPET_WIDTH < count {
        "…"
    } else {
        ""
    };
    format!("{before}{shown}{after}").replace('\t', "→")
}

/// The text as a terminal should get it: file names, messages, snippets and hints carry
/// users' text, and every control character in them is shown as an escape (`\r`,
/// `\u{1b}`), never obeyed (see [`crate::escape`]). Line breaks are the printer's own.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::escape::controls;
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(
            f,
            "{}: {label}: {}",
            controls(&self.location()),
            controls(&self.message)
        )?;
        if !self.snippet.is_empty() {
            let width = self
                .snippet
                .iter()
                .map(|(n, _)| n.to_string().len())
                .max()
                .unwrap_or(1);
            writeln!(f, "{:width$} |", "")?;
            for (n, text) in &self.snippet {
                writeln!(f, "{n:>width$} | {}", controls(text))?;
                if Some(*n) == self.line {
                    // Under the column's character, however wide the escapes before it,
                    // counted in the text shown (which starts with `…` when cut).
                    let cut = self.snippet_from.max(1) as usize - 1;
                    let col = (self.column.unwrap_or(1) as usize)
                        .saturating_sub(cut)
                        .max(1)
                        + usize::from(cut > 0);
                    let before: String = text.chars().take(col - 1).collect();
                    let pad =
                        controls(&before).chars().count() + (col - 1) - before.chars().count();
                    writeln!(f, "{:width$} | {}^", "", " ".repeat(pad))?;
                }
            }
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = help: {}", controls(hint))?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// Diagnostics gathered from many threads during one build.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Mutex<Vec<Diagnostic>>,
}

impl Diagnostics {
    pub fn push(&self, d: Diagnostic) {
        self.lock().push(d);
    }

    pub fn extend(&self, ds: impl IntoIterator<Item = Diagnostic>) {
        // Most sources say nothing: no lock for them (10,000 pages take turns at it).
        let mut ds = ds.into_iter().peekable();
        if ds.peek().is_some() {
            self.lock().extend(ds);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.lock().iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.lock().iter().filter(|d| d.is_error()).count()
    }

    /// The diagnostics gathered so far, in the order they came.
    pub fn to_vec(&self) -> Vec<Diagnostic> {
        self.lock().clone()
    }

    /// All diagnostics, in the order of [`sort`].
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        let mut items = self.items.into_inner().unwrap_or_else(|e| e.into_inner());
        sort(&mut items);
        items
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Diagnostic>> {
        self.items.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Errors first, then by file and line, so the report reads in order. The same problem
/// found twice (a full disk, met by every write after it) is kept once.
pub fn sort(items: &mut Vec<Diagnostic>) {
    items.sort_by(|a, b| {
        (a.severity, &a.path, a.line, a.column, &a.message)
            .cmp(&(b.severity, &b.path, b.line, b.column, &b.message))
    });
    items.dedup_by(|a, b| {
        (a.severity, &a.path, a.line, a.column, &a.message)
            == (b.severity, &b.path, b.line, b.column, &b.message)
    });
}

/// "Did you mean `title`?" for a misspelt name among `known`.
pub fn did_you_mean<'a>(
    unknown: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(unknown, k), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let src = "a\nné: x\n";
        assert_eq!(line_column(src, 0), (1, 1));
        assert_eq!(line_column(src, 2), (2, 1));
        // the byte after "né" (n=1 byte, é=2 bytes)
        assert_eq!(line_column(src, 5), (2, 3));
    }

    #[test]
    fn display_has_compiler_location_snippet_and_hint() {
        let src = "---\ntitel: Hello\n---\n";
        let d = Diagnostic::error("content/a.md", "unknown field `titel`")
            .at(src, 2, 1)
            .with_hint("did you mean `title`?");
        let text = d.to_string();
        assert!(
            text.starts_with("content/a.md:2:1: error: unknown field `titel`\n"),
            "{text}"
        );
        assert!(text.contains("1 | ---\n"), "{text}");
        assert!(text.contains("2 | titel: Hello\n"), "{text}");
        assert!(text.contains("  | ^\n"), "{text}");
        assert!(text.ends_with("= help: did you mean `title`?\n"), "{text}");
    }

    #[test]
    fn control_characters_are_printed_as_escapes_with_the_caret_in_place() {
        let src = "---\n\"ti\u{1b}[2Jtle\": x\n---\n";
        let d = Diagnostic::error("content/a\rb\u{9b}.md", "unknown key `ti\u{1b}[2Jtle`")
            .at(src, 2, 5)
            .with_hint("not \u{7} this");
        let text = d.to_string();
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert!(
            text.starts_with("content/a\\rb\\u{9b}.md:2:5: error: unknown key `ti\\u{1b}[2Jtle`\n"),
            "{text}"
        );
        assert!(text.contains("2 | \"ti\\u{1b}[2Jtle\": x\n"), "{text}");
        // Column 5 is the `[` after the escape: the caret is under it, not under `u`.
        let line = text.lines().find(|l| l.contains("\"ti")).unwrap();
        let caret = text.lines().find(|l| l.trim_end().ends_with('^')).unwrap();
        assert_eq!(
            line.char_indices().nth(caret.len() - 1).map(|(_, c)| c),
            Some('[')
        );
        assert!(text.ends_with("= help: not \\u{7} this\n"), "{text}");
    }

    /// The text above the caret, from the rendered diagnostic.
    fn char_above_caret(text: &str, line_label: &str) -> Option<char> {
        let shown = text.lines().find(|l| l.starts_with(line_label))?;
        let caret = text.lines().find(|l| l.trim_end().ends_with('^'))?;
        shown.chars().nth(caret.chars().count() - 1)
    }

    #[test]
    fn a_long_line_is_shown_around_the_column_with_the_caret_under_it() {
        // 900 characters; column 751 is the `X`.
        let long: String = (0..900)
            .map(|i| {
                if i == 750 {
                    'X'
                } else {
                    (b'a' + (i % 26) as u8) as char
                }
            })
            .collect();
        let src = format!("---\n{long}\n---\n");
        let d = Diagnostic::error("content/a.md", "bad").at(&src, 2, 751);
        let text = d.to_string();
        assert!(
            text.starts_with("content/a.md:2:751: error: bad\n"),
            "{text}"
        );
        assert_eq!(char_above_caret(&text, "2 | "), Some('X'), "{text}");
        let shown = &d.snippet[1].1;
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert_eq!(shown.chars().count(), SNIPPET_WIDTH + 2);
        assert!(shown.contains('X'));
        // The short line before it is cut at the same place, so columns line up.
        assert_eq!(d.snippet[0].1, "…");

        // Near the end of the line: no `…` after it, the caret still under its character.
        let d = Diagnostic::error("content/a.md", "bad").at(&src, 2, 899);
        let text = d.to_string();
        assert!(!d.snippet[1].1.ends_with('…'), "{text}");
        assert_eq!(
            char_above_caret(&text, "2 | "),
            long.chars().nth(898),
            "{text}"
        );

        // Near the start of a long line: cut after, not before.
        let d = Diagnostic::error("content/a.md", "bad").at(&src, 2, 3);
        assert!(d.snippet[1].1.starts_with("abc") && d.snippet[1].1.ends_with('…'));
        assert_eq!(char_above_caret(&d.to_string(), "2 | "), Some('c'));
    }

    #[test]
    fn did_you_mean_finds_close_names_only() {
        let known = ["title", "date", "tags"];
        assert_eq!(did_you_mean("titel", known), Some("title"));
        assert_eq!(did_you_mean("tag", known), Some("tags"));
        assert_eq!(did_you_mean("zzzz", known), None);
    }
}
