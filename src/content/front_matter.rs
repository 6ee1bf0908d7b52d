//! Splitting a source file into YAML front matter and Markdown body, and the raw front
//! matter as written. Checking it against the page's kind happens in [`super::page`].

use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::error::Diagnostic;
use crate::yaml::Text;

/// A source file split at its `---` lines. Line numbers are the file's.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// Line of the first YAML line (the line after the opening `---`).
    pub yaml_first_line: u32,
    pub body: &'a str,
    /// Byte offset of the body in the file text.
    pub body_offset: usize,
}

/// Splits `text` (BOM already removed, line endings already `\n`).
///
/// Blank lines before the opening `---` are allowed (Jekyll and Hugo allow them, and
/// editors and exports leave them). TOML (`+++`) and JSON (`{`) front matter, which Hugo
/// reads, are refused with a message that says so: reading them would need a second
/// way of pointing at lines and a TOML parser for what `daylight import` converts once.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, "the file is empty").with_hint(
            "a page needs front matter with at least a title:\n---\ntitle: My page\n---",
        ));
    }
    let open_at = opening_offset(text);
    let open_line = text[..open_at].matches('\n').count() as u32 + 1;
    let first_line_end = text[open_at..]
        .find('\n')
        .map_or(text.len(), |i| open_at + i);
    let opening = text[open_at..first_line_end].trim_end();
    if opening != "---" {
        return Err(not_front_matter(text, open_line, opening, path));
    }
    let yaml_start = (first_line_end + 1).min(text.len());
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let body_offset = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_first_line: open_line + 1,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error(path, "the front matter that starts here is never closed")
            .at(text, open_line, 1)
            .with_hint("add a line with only `---` after the last front matter field"),
    )
}

/// Byte offset of the first line that is not blank: where front matter opens.
fn opening_offset(text: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if !line.trim().is_empty() {
            return offset;
        }
        offset += line.len();
    }
    offset
}

/// The file line of the first YAML line (the one after the opening `---`), in a file
/// that [`split`] accepted.
pub fn yaml_first_line(text: &str) -> u32 {
    text[..opening_offset(text)].matches('\n').count() as u32 + 2
}

/// Why a file whose first line (`opening`, at `line`) is not `---` is not read.
fn not_front_matter(text: &str, line: u32, opening: &str, path: &Path) -> Diagnostic {
    let (message, hint) = if opening == "+++" {
        (
            "this file has TOML front matter (between `+++` lines), which daylight does not read",
            "daylight reads YAML front matter between `---` lines: `daylight import hugo` converts a Hugo site's TOML front matter, or rewrite it by hand (`title = \"My page\"` becomes `title: My page`)",
        )
    } else if opening.starts_with('{') {
        (
            "this file has JSON front matter, which daylight does not read",
            "daylight reads YAML front matter between `---` lines: `daylight import hugo` converts a Hugo site's JSON front matter, or rewrite it by hand (`\"title\": \"My page\"` becomes `title: My page`)",
        )
    } else {
        (
            "the file does not start with front matter",
            "start the file with a line `---`, the page's fields (at least `title:`), and another `---`",
        )
    };
    Diagnostic::error(path, message)
        .at(text, line, 1)
        .with_hint(hint)
}

/// Front matter as written, for pages and `_index.md` alike. Every field is optional
/// here; [`super::page`] says which are required or allowed for which kind.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFrontMatter {
    pub title: Option<Spanned<Text>>,
    pub kind: Option<Spanned<Text>>,
    pub date: Option<Spanned<Text>>,
    pub updated: Option<Spanned<Text>>,
    pub description: Option<Text>,
    pub summary: Option<Text>,
    #[serde(default)]
    pub tags: Vec<Text>,
    #[serde(default)]
    pub authors: Vec<Text>,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<Spanned<Text>>,
    #[serde(default)]
    pub aliases: Vec<Spanned<Text>>,
    pub weight: Option<i64>,
    pub template: Option<Spanned<Text>>,
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,

    // sections (_index.md) only
    pub sort_by: Option<Spanned<Text>>,
    pub paginate_by: Option<Spanned<usize>>,

    // posts
    pub series: Option<Spanned<Text>>,
    pub week: Option<Spanned<Text>>,
    pub plan_item: Option<Spanned<Text>>,

    // incidents
    pub status: Option<Spanned<Text>>,
    pub severity: Option<Spanned<Text>>,
    pub started: Option<Spanned<Text>>,
    pub detected: Option<Spanned<Text>>,
    pub resolved: Option<Spanned<Text>>,
    pub services: Option<Spanned<Vec<Text>>>,
    pub impact: Option<Spanned<Text>>,
    pub actions: Option<Spanned<Vec<Spanned<RawAction>>>>,

    // plans
    pub items: Option<Spanned<Vec<Spanned<RawPlanItem>>>>,

    // pages
    pub data: Option<Spanned<serde_json::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAction {
    pub action: Text,
    pub owner: Option<Text>,
    pub due: Option<Spanned<Text>>,
    pub status: Option<Spanned<Text>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlanItem {
    pub title: Text,
    pub status: Option<Spanned<Text>>,
    pub horizon: Option<Spanned<Text>>,
    pub outcome: Option<Text>,
    pub updated: Option<Spanned<Text>>,
}

impl RawFrontMatter {
    /// The fields set that belong to one kind only, with where they are, for
    /// "`severity` is an incident field" errors.
    pub fn kind_fields(&self) -> Vec<(&'static str, &'static str, serde_saphyr::Location)> {
        let mut out = Vec::new();
        let mut add = |name, kind, loc: Option<serde_saphyr::Location>| {
            if let Some(loc) = loc {
                out.push((name, kind, loc));
            }
        };
        add("series", "post", self.series.as_ref().map(|s| s.referenced));
        add("week", "post", self.week.as_ref().map(|s| s.referenced));
        add(
            "plan_item",
            "post",
            self.plan_item.as_ref().map(|s| s.referenced),
        );
        add(
            "status",
            "incident",
            self.status.as_ref().map(|s| s.referenced),
        );
        add(
            "severity",
            "incident",
            self.severity.as_ref().map(|s| s.referenced),
        );
        add(
            "started",
            "incident",
            self.started.as_ref().map(|s| s.referenced),
        );
        add(
            "detected",
            "incident",
            self.detected.as_ref().map(|s| s.referenced),
        );
        add(
            "resolved",
            "incident",
            self.resolved.as_ref().map(|s| s.referenced),
        );
        add(
            "services",
            "incident",
            self.services.as_ref().map(|s| s.referenced),
        );
        add(
            "impact",
            "incident",
            self.impact.as_ref().map(|s| s.referenced),
        );
        add(
            "actions",
            "incident",
            self.actions.as_ref().map(|s| s.referenced),
        );
        add("items", "plan", self.items.as_ref().map(|s| s.referenced));
        add("data", "page", self.data.as_ref().map(|s| s.referenced));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body_with_file_line_numbers() {
        let text = "---\ntitle: Hi\n---\nBody\n";
        let s = split(text, Path::new("a.md")).unwrap();
        assert_eq!(s.yaml, "title: Hi\n");
        assert_eq!(s.yaml_first_line, 2);
        assert_eq!(s.body, "Body\n");
        assert_eq!(&text[s.body_offset..], "Body\n");
    }

    #[test]
    fn body_may_contain_horizontal_rules() {
        let s = split("---\ntitle: Hi\n---\na\n\n---\nb\n", Path::new("a.md")).unwrap();
        assert_eq!(s.body, "a\n\n---\nb\n");
    }

    #[test]
    fn missing_close_empty_and_missing_open_are_errors_with_hints() {
        let d = split("---\ntitle: Hi\nBody\n", Path::new("a.md")).unwrap_err();
        assert!(d.message.contains("never closed"));
        assert!(d.hint.unwrap().contains("---"));
        assert!(
            split("", Path::new("a.md"))
                .unwrap_err()
                .message
                .contains("empty")
        );
        let d = split("# Just markdown\n", Path::new("a.md")).unwrap_err();
        assert!(d.message.contains("does not start with front matter"));
    }

    #[test]
    fn front_matter_may_be_closed_at_end_of_file() {
        let s = split("---\ntitle: Hi\n---", Path::new("a.md")).unwrap();
        assert_eq!(s.body, "");
    }

    #[test]
    fn blank_lines_before_the_opening_line_are_allowed_and_counted() {
        let text = "\n  \n---\ntitle: Hi\n---\nBody\n";
        let s = split(text, Path::new("a.md")).unwrap();
        assert_eq!(s.yaml, "title: Hi\n");
        assert_eq!(s.yaml_first_line, 4);
        assert_eq!(yaml_first_line(text), 4);
        assert_eq!(s.body, "Body\n");
        let d = split("\n---\ntitle: Hi\n", Path::new("a.md")).unwrap_err();
        assert_eq!(d.line, Some(2), "{d}");
    }

    #[test]
    fn toml_and_json_front_matter_are_named() {
        let d = split("+++\ntitle = \"x\"\n+++\n", Path::new("a.md")).unwrap_err();
        assert!(d.message.contains("TOML front matter"), "{d}");
        assert!(d.hint.unwrap().contains("daylight import"));
        let d = split("\n{\"title\": \"x\"}\n", Path::new("a.md")).unwrap_err();
        assert!(d.message.contains("JSON front matter"), "{d}");
        assert_eq!(d.line, Some(2));
    }
}
