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
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, "the file is empty").with_hint(
            "a page needs front matter with at least a title:\n---\ntitle: My page\n---",
        ));
    }
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Err(Diagnostic::error(path, "the file does not start with front matter")
            .at(text, 1, 1)
            .with_hint(
                "start the file with a line `---`, the page's fields (at least `title:`), and another `---`",
            ));
    }
    let yaml_start = (first_line_end + 1).min(text.len());
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let body_offset = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_first_line: 2,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error(path, "the front matter that starts here is never closed")
            .at(text, 1, 1)
            .with_hint("add a line with only `---` after the last front matter field"),
    )
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
}
