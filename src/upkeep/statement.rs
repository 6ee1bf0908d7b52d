//! The accessibility statement, kept as data: `accessibility.yaml` beside site.yaml
//! (shown by the page `content/accessibility.md`), or the `accessibility:` mapping in the
//! statement page's own front matter. The theme's `accessibility.html` writes it out in
//! the sections of the model statement for the UK's 2018 accessibility regulations;
//! this module reads and checks the data, and says when it has aged ([`check`]).
//!
//! It reads no other file and renders nothing: the words are the template's.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use serde_saphyr::{Location, Spanned};

use crate::config::Config;
use crate::content::page::Checker;
use crate::error::{Code, Diagnostic, Severity};
use crate::yaml::Text;

/// The template the statement's page is drawn with, unless its `template:` says.
pub const TEMPLATE: &str = "accessibility.html";

/// The statement's data file, beside site.yaml.
pub const FILE: &str = "accessibility.yaml";

/// The statement's data as written. Every list is optional; `compliance` and
/// `prepared` are what the regulations require a statement to say.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStatement {
    website: Option<Text>,
    organisation: Option<Text>,
    compliance: Spanned<Text>,
    prepared: Spanned<Text>,
    reviewed: Option<Spanned<Text>>,
    tested: Option<RawTested>,
    #[serde(default)]
    contact: RawContact,
    enforcement: Option<Spanned<Text>>,
    #[serde(default)]
    issues: Vec<Spanned<RawIssue>>,
    #[serde(default)]
    disproportionate_burden: Vec<RawBurden>,
    #[serde(default)]
    not_in_scope: Vec<Text>,
    improving: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTested {
    on: Option<Spanned<Text>>,
    by: Option<Text>,
    how: Option<Text>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    email: Option<Text>,
    phone: Option<Text>,
    other: Option<Text>,
    response: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIssue {
    criterion: Spanned<Text>,
    issue: Text,
    affects: Option<Text>,
    fix_by: Option<Spanned<Text>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBurden {
    issue: Text,
    reason: Text,
    assessed: Option<Text>,
}

/// How far the site meets WCAG 2.2 AA, in the regulations' three words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Compliance {
    Full,
    Partial,
    Not,
}

/// Who enforces the regulations where the site's body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Enforcement {
    /// England, Scotland and Wales: the Equality and Human Rights Commission.
    GreatBritain,
    /// The Equality Commission for Northern Ireland.
    NorthernIreland,
}

/// Where a value is, in the file the statement was read from (line, column: the file's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    pub line: u32,
    pub column: u32,
}

/// A date in the statement, with where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Dated {
    pub date: Date,
    pub at: At,
}

/// A known failure to meet WCAG, and when it will be fixed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    /// The success criterion's number (`1.1.1`) and, when daylight knows it, its name.
    pub criterion: String,
    pub criterion_name: Option<&'static str>,
    pub issue: String,
    pub affects: Option<String>,
    #[serde(skip)]
    pub fix_by: Option<Dated>,
    pub fix_by_display: Option<String>,
    pub fix_by_iso: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Burden {
    pub issue: String,
    pub reason: String,
    pub assessed: Option<String>,
}

/// The statement, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// The file it was read from (relative to the site root) and its text, for
    /// diagnostics at its lines.
    pub path: PathBuf,
    pub text: Arc<str>,
    /// The line of `accessibility:` (front matter) or the file's first line.
    pub at: At,
    pub website: Option<String>,
    pub organisation: Option<String>,
    pub compliance: Compliance,
    pub prepared: Dated,
    pub reviewed: Option<Dated>,
    pub tested_on: Option<Dated>,
    pub tested_by: Option<String>,
    pub tested_how: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub contact_other: Option<String>,
    pub response: Option<String>,
    pub enforcement: Enforcement,
    pub issues: Vec<Issue>,
    pub burden: Vec<Burden>,
    pub not_in_scope: Vec<String>,
    pub improving: Option<String>,
}

impl Statement {
    /// When it was last looked at: reviewed, else prepared.
    pub fn last_reviewed(&self) -> &Dated {
        self.reviewed.as_ref().unwrap_or(&self.prepared)
    }

    fn diagnostic(&self, severity: Severity, at: At, message: String) -> Diagnostic {
        let mut d = Diagnostic::error(&self.path, message).at(&self.text, at.line, at.column);
        d.severity = severity;
        d
    }
}

/// Reads `accessibility.yaml` beside site.yaml, when there is one.
pub fn read_file(config: &Config) -> Result<Option<Statement>, Vec<Diagnostic>> {
    let path = config.root.join(FILE);
    if !path.exists() {
        return Ok(None);
    }
    crate::inside::check(&path, &config.root, &crate::inside::real_root(&config.root))
        .map_err(|d| vec![d])?;
    let text = crate::content::walk::read_text(&path, Path::new(FILE)).map_err(|d| vec![d])?;
    let raw: RawStatement =
        crate::yaml::parse(&text, Path::new(FILE), &text, 1).map_err(|d| vec![d])?;
    let text: Arc<str> = Arc::from(text.as_str());
    let mut r = Resolver {
        path: PathBuf::from(FILE),
        text: text.clone(),
        first_line: 1,
        config,
        errors: Vec::new(),
    };
    let statement = r.resolve(raw, At { line: 1, column: 1 });
    match statement {
        Some(s) if r.errors.is_empty() => Ok(Some(s)),
        _ => Err(r.errors),
    }
}

/// The statement in a page's front matter (`accessibility:` at `at`), read again from
/// the front matter as a whole so each value keeps its line.
pub(crate) fn from_front_matter(c: &mut Checker<'_>, at: Location) -> Option<Box<Statement>> {
    #[derive(Deserialize)]
    struct Holder {
        accessibility: Option<RawStatement>,
    }
    let source = c.source;
    let range = source.yaml_range();
    let first_line = source.yaml_first_line();
    let yaml = &source.text[range];
    let holder: Holder = match crate::yaml::parse(yaml, &source.display, &source.text, first_line) {
        Ok(h) => h,
        Err(d) => {
            c.push(d);
            return None;
        }
    };
    let Some(raw) = holder.accessibility else {
        c.error(
            &at,
            "`accessibility:` should be the statement's fields",
            "put the statement's fields under `accessibility:`, indented: `compliance`, `prepared`, `issues`… (see docs/keeping-content-true.md)",
        );
        return None;
    };
    let mut r = Resolver {
        path: source.display.clone(),
        text: source.text.clone(),
        first_line,
        config: c.config,
        errors: Vec::new(),
    };
    let place = r.place(&at);
    let statement = r.resolve(raw, place);
    for d in r.errors {
        c.push(d);
    }
    statement.map(Box::new)
}

struct Resolver<'a> {
    path: PathBuf,
    text: Arc<str>,
    /// The file line of the YAML's first line.
    first_line: u32,
    config: &'a Config,
    errors: Vec<Diagnostic>,
}

impl Resolver<'_> {
    fn place(&self, loc: &Location) -> At {
        if loc.line() == 0 {
            return At {
                line: self.first_line,
                column: 1,
            };
        }
        At {
            line: loc.line() as u32 + self.first_line - 1,
            column: loc.column().max(1) as u32,
        }
    }

    fn error(&mut self, loc: &Location, message: String, hint: &str) {
        let at = self.place(loc);
        self.errors.push(
            Diagnostic::error(&self.path, message)
                .at(&self.text, at.line, at.column)
                .with_hint(hint),
        );
    }

    fn date(&mut self, field: &str, v: &Spanned<Text>) -> Option<Dated> {
        match crate::dates::parse(v.value.as_str(), &self.config.timezone) {
            Ok(w) => Some(Dated {
                date: w.zoned.date(),
                at: self.place(&v.referenced),
            }),
            Err(e) => {
                self.error(
                    &v.referenced,
                    format!("`{field}`: {e}"),
                    crate::dates::DATE_HINT,
                );
                None
            }
        }
    }

    /// `compliance:`: how far the site meets WCAG 2.2 AA.
    fn compliance(&mut self, raw: &Spanned<Text>) -> Option<Compliance> {
        match raw.value.as_str().trim().to_ascii_lowercase().as_str() {
            "full" | "fully" => Some(Compliance::Full),
            "partial" | "partially" => Some(Compliance::Partial),
            "not" | "none" => Some(Compliance::Not),
            other => {
                self.error(
                    &raw.referenced,
                    format!("unknown compliance `{other}`"),
                    "`compliance` is `full`, `partial` or `not`: how far the site meets WCAG 2.2 AA",
                );
                None
            }
        }
    }

    /// `enforcement:`: where the body is, which says who enforces the regulations
    /// (Great Britain when not given).
    fn enforcement(&mut self, raw: Option<&Spanned<Text>>) -> Option<Enforcement> {
        let Some(raw) = raw else {
            return Some(Enforcement::GreatBritain);
        };
        match raw.value.as_str().trim().to_ascii_lowercase().as_str() {
            "england" | "scotland" | "wales" | "great-britain" | "gb" => {
                Some(Enforcement::GreatBritain)
            }
            "northern-ireland" | "northern ireland" => Some(Enforcement::NorthernIreland),
            e => {
                self.error(
                    &raw.referenced,
                    format!("unknown enforcement `{e}`"),
                    "`enforcement` is where the body is: `england`, `scotland`, `wales` or `northern-ireland`",
                );
                None
            }
        }
    }

    /// One known issue, its WCAG criterion checked and its fix date read.
    fn issue(&mut self, i: &RawIssue) -> Issue {
        let criterion = i.criterion.value.as_str().trim().to_string();
        let number = criterion
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_string();
        let known = wcag_name(&number);
        if known.is_none() {
            self.error(
                &i.criterion.referenced,
                format!("`{criterion}` is not a WCAG 2.2 success criterion"),
                "write the success criterion's number, e.g. `criterion: 1.1.1` (non-text content)",
            );
        }
        let fix_by = i.fix_by.as_ref().and_then(|d| self.date("fix_by", d));
        Issue {
            criterion: number,
            criterion_name: known,
            issue: i.issue.0.trim().to_string(),
            affects: i.affects.as_ref().map(|a| a.0.trim().to_string()),
            fix_by_display: fix_by.as_ref().map(|d| super::display(d.date)),
            fix_by_iso: fix_by.as_ref().map(|d| d.date.to_string()),
            fix_by,
        }
    }

    fn resolve(&mut self, raw: RawStatement, at: At) -> Option<Statement> {
        let compliance = self.compliance(&raw.compliance);
        if compliance == Some(Compliance::Full) && !raw.issues.is_empty() {
            self.error(
                &raw.compliance.referenced,
                "the statement says the site is fully compliant, but lists known issues".to_string(),
                "write `compliance: partial` while any issue is listed, or remove the issues that are fixed",
            );
        }
        let enforcement = self.enforcement(raw.enforcement.as_ref());
        let prepared = self.date("prepared", &raw.prepared);
        let reviewed = raw.reviewed.as_ref().and_then(|r| self.date("reviewed", r));
        let tested_on = (raw.tested.as_ref())
            .and_then(|t| t.on.as_ref())
            .and_then(|d| self.date("tested.on", d));
        let issues = raw.issues.iter().map(|i| self.issue(&i.value)).collect();
        let tested = raw.tested;
        let text = |t: Option<Text>| t.map(|t| t.0.trim().to_string()).filter(|t| !t.is_empty());
        Some(Statement {
            path: self.path.clone(),
            text: self.text.clone(),
            at,
            website: text(raw.website),
            organisation: text(raw.organisation),
            compliance: compliance?,
            prepared: prepared?,
            reviewed,
            tested_on,
            tested_by: text(tested.as_ref().and_then(|t| t.by.clone())),
            tested_how: text(tested.and_then(|t| t.how)),
            email: text(raw.contact.email),
            phone: text(raw.contact.phone),
            contact_other: text(raw.contact.other),
            response: text(raw.contact.response),
            enforcement: enforcement?,
            issues,
            burden: (raw.disproportionate_burden.into_iter())
                .map(|b| Burden {
                    issue: b.issue.0.trim().to_string(),
                    reason: b.reason.0.trim().to_string(),
                    assessed: text(b.assessed),
                })
                .collect(),
            not_in_scope: raw
                .not_in_scope
                .into_iter()
                .map(|t| t.0.trim().to_string())
                .collect(),
            improving: text(raw.improving),
        })
    }
}

/// What the theme's `accessibility.html` sees as `statement`: the data with dates in
/// words and the site's names filled in where the statement gives none.
#[derive(Debug, Serialize)]
pub struct StatementCtx<'a> {
    pub website: &'a str,
    pub organisation: &'a str,
    pub compliance: Compliance,
    pub prepared: String,
    pub reviewed: Option<String>,
    pub tested_on: Option<String>,
    pub tested_by: Option<&'a str>,
    pub tested_how: Option<&'a str>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub contact_other: Option<&'a str>,
    pub response: Option<&'a str>,
    pub enforcement: Enforcement,
    pub issues: &'a [Issue],
    pub burden: &'a [Burden],
    pub not_in_scope: &'a [String],
    pub improving: Option<&'a str>,
}

pub fn ctx<'a>(s: &'a Statement, config: &'a Config) -> StatementCtx<'a> {
    StatementCtx {
        website: s.website.as_deref().unwrap_or(&config.title),
        organisation: s.organisation.as_deref().unwrap_or(&config.organisation),
        compliance: s.compliance,
        prepared: super::display(s.prepared.date),
        reviewed: s.reviewed.as_ref().map(|d| super::display(d.date)),
        tested_on: s.tested_on.as_ref().map(|d| super::display(d.date)),
        tested_by: s.tested_by.as_deref(),
        tested_how: s.tested_how.as_deref(),
        email: s.email.as_deref(),
        phone: s.phone.as_deref(),
        contact_other: s.contact_other.as_deref(),
        response: s.response.as_deref(),
        enforcement: s.enforcement,
        issues: &s.issues,
        burden: &s.burden,
        not_in_scope: &s.not_in_scope,
        improving: s.improving.as_deref(),
    }
}

/// What `check` says of the statement: more than a year since it was prepared or last
/// reviewed (the regulations ask for a yearly review), and each planned fix date that
/// has passed.
pub fn check(s: &Statement, today: Date, severity: Severity) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let last = s.last_reviewed();
    let year_after = last.date.checked_add(jiff::ToSpan::years(1)).ok();
    if year_after.is_some_and(|due| today > due) {
        let field = if s.reviewed.is_some() {
            "reviewed"
        } else {
            "prepared"
        };
        out.push(
            s.diagnostic(
                severity,
                last.at,
                format!(
                    "the accessibility statement was last reviewed on {}, more than a year ago",
                    super::display(last.date)
                ),
            )
            .with_hint(format!(
                "review the statement against the site as it is now, update its issues, and set `reviewed:` to the day you did (it is `{field}:` now)"
            ))
            .with_code(Code::StatementOutOfDate),
        );
    }
    for issue in &s.issues {
        if let Some(fix) = &issue.fix_by
            && today > fix.date
        {
            out.push(
                s.diagnostic(
                    severity,
                    fix.at,
                    format!(
                        "the planned fix for WCAG {} ({}) was due on {}",
                        issue.criterion,
                        issue.issue,
                        super::display(fix.date)
                    ),
                )
                .with_hint("if it is fixed, remove the issue (and review the statement); if not, set `fix_by:` to the date you now plan")
                .with_code(Code::StatementFixOverdue),
            );
        }
    }
    out
}

/// WCAG 2.2's success criteria by number, with their names (4.1.1 Parsing, obsolete
/// in 2.2, is left out).
fn wcag_name(number: &str) -> Option<&'static str> {
    WCAG_22
        .iter()
        .find(|(n, _)| *n == number)
        .map(|(_, name)| *name)
}

const WCAG_22: [(&str, &str); 86] = [
    ("1.1.1", "Non-text Content"),
    ("1.2.1", "Audio-only and Video-only (Prerecorded)"),
    ("1.2.2", "Captions (Prerecorded)"),
    (
        "1.2.3",
        "Audio Description or Media Alternative (Prerecorded)",
    ),
    ("1.2.4", "Captions (Live)"),
    ("1.2.5", "Audio Description (Prerecorded)"),
    ("1.2.6", "Sign Language (Prerecorded)"),
    ("1.2.7", "Extended Audio Description (Prerecorded)"),
    ("1.2.8", "Media Alternative (Prerecorded)"),
    ("1.2.9", "Audio-only (Live)"),
    ("1.3.1", "Info and Relationships"),
    ("1.3.2", "Meaningful Sequence"),
    ("1.3.3", "Sensory Characteristics"),
    ("1.3.4", "Orientation"),
    ("1.3.5", "Identify Input Purpose"),
    ("1.3.6", "Identify Purpose"),
    ("1.4.1", "Use of Color"),
    ("1.4.2", "Audio Control"),
    ("1.4.3", "Contrast (Minimum)"),
    ("1.4.4", "Resize Text"),
    ("1.4.5", "Images of Text"),
    ("1.4.6", "Contrast (Enhanced)"),
    ("1.4.7", "Low or No Background Audio"),
    ("1.4.8", "Visual Presentation"),
    ("1.4.9", "Images of Text (No Exception)"),
    ("1.4.10", "Reflow"),
    ("1.4.11", "Non-text Contrast"),
    ("1.4.12", "Text Spacing"),
    ("1.4.13", "Content on Hover or Focus"),
    ("2.1.1", "Keyboard"),
    ("2.1.2", "No Keyboard Trap"),
    ("2.1.3", "Keyboard (No Exception)"),
    ("2.1.4", "Character Key Shortcuts"),
    ("2.2.1", "Timing Adjustable"),
    ("2.2.2", "Pause, Stop, Hide"),
    ("2.2.3", "No Timing"),
    ("2.2.4", "Interruptions"),
    ("2.2.5", "Re-authenticating"),
    ("2.2.6", "Timeouts"),
    ("2.3.1", "Three Flashes or Below Threshold"),
    ("2.3.2", "Three Flashes"),
    ("2.3.3", "Animation from Interactions"),
    ("2.4.1", "Bypass Blocks"),
    ("2.4.2", "Page Titled"),
    ("2.4.3", "Focus Order"),
    ("2.4.4", "Link Purpose (In Context)"),
    ("2.4.5", "Multiple Ways"),
    ("2.4.6", "Headings and Labels"),
    ("2.4.7", "Focus Visible"),
    ("2.4.8", "Location"),
    ("2.4.9", "Link Purpose (Link Only)"),
    ("2.4.10", "Section Headings"),
    ("2.4.11", "Focus Not Obscured (Minimum)"),
    ("2.4.12", "Focus Not Obscured (Enhanced)"),
    ("2.4.13", "Focus Appearance"),
    ("2.5.1", "Pointer Gestures"),
    ("2.5.2", "Pointer Cancellation"),
    ("2.5.3", "Label in Name"),
    ("2.5.4", "Motion Actuation"),
    ("2.5.5", "Target Size (Enhanced)"),
    ("2.5.6", "Concurrent Input Mechanisms"),
    ("2.5.7", "Dragging Movements"),
    ("2.5.8", "Target Size (Minimum)"),
    ("3.1.1", "Language of Page"),
    ("3.1.2", "Language of Parts"),
    ("3.1.3", "Unusual Words"),
    ("3.1.4", "Abbreviations"),
    ("3.1.5", "Reading Level"),
    ("3.1.6", "Pronunciation"),
    ("3.2.1", "On Focus"),
    ("3.2.2", "On Input"),
    ("3.2.3", "Consistent Navigation"),
    ("3.2.4", "Consistent Identification"),
    ("3.2.5", "Change on Request"),
    ("3.2.6", "Consistent Help"),
    ("3.3.1", "Error Identification"),
    ("3.3.2", "Labels or Instructions"),
    ("3.3.3", "Error Suggestion"),
    ("3.3.4", "Error Prevention (Legal, Financial, Data)"),
    ("3.3.5", "Help"),
    ("3.3.6", "Error Prevention (All)"),
    ("3.3.7", "Redundant Entry"),
    ("3.3.8", "Accessible Authentication (Minimum)"),
    ("3.3.9", "Accessible Authentication (Enhanced)"),
    ("4.1.2", "Name, Role, Value"),
    ("4.1.3", "Status Messages"),
];

/// The statement and the page that shows it: the page whose front matter holds it, or
/// for `accessibility.yaml`, the page `content/accessibility.md` (or
/// `accessibility/index.md`). Two statements, or a file no page shows, are errors.
pub fn place(
    pages: &[crate::site::SitePage],
    file: Option<Arc<Statement>>,
    diags: &crate::error::Diagnostics,
) -> Option<(usize, Arc<Statement>)> {
    let in_front_matter: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].page.statement.is_some())
        .collect();
    for &i in in_front_matter.iter().skip(1) {
        let first = &pages[in_front_matter[0]].page.source.display;
        let s = pages[i].page.statement.as_deref()?;
        diags.push(
            s.diagnostic(
                Severity::Error,
                s.at,
                "a second accessibility statement".to_string(),
            )
            .with_hint(format!(
                "{} holds the statement already: keep one of the two",
                first.display()
            )),
        );
    }
    if let Some(file) = file {
        if let Some(&i) = in_front_matter.first() {
            let page = pages[i].page.source.display.display();
            diags.push(
                Diagnostic::error(FILE, format!("{page} has an accessibility statement in its front matter too"))
                    .with_hint("keep the statement in one place: accessibility.yaml, or `accessibility:` in the page's front matter"),
            );
            return None;
        }
        let shown_by = (0..pages.len()).find(|&i| {
            let rel = pages[i].page.source.rel.as_str();
            rel == "accessibility.md" || rel == "accessibility/index.md"
        });
        return match shown_by {
            Some(i) => Some((i, file)),
            None => {
                diags.push(
                    file.diagnostic(
                        Severity::Error,
                        file.at,
                        "no page shows the accessibility statement in accessibility.yaml".to_string(),
                    )
                    .with_hint("add content/accessibility.md with `title: Accessibility statement` in its front matter: it is rendered from this file"),
                );
                None
            }
        };
    }
    let i = *in_front_matter.first()?;
    let s = pages[i].page.statement.as_deref()?.clone();
    Some((i, Arc::new(s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wcag_numbers_are_known_by_their_names() {
        assert_eq!(wcag_name("1.4.3"), Some("Contrast (Minimum)"));
        assert_eq!(wcag_name("2.5.8"), Some("Target Size (Minimum)"));
        assert_eq!(wcag_name("4.1.1"), None, "obsolete in WCAG 2.2");
        assert_eq!(wcag_name("9.9.9"), None);
    }
}
