//! Splitting a source file into YAML front matter and Markdown body, and the raw front
//! matter as written. Checking it against the page's kind happens in [`super::page`].

use std::path::Path;

use serde::Deserialize;
use serde_saphyr::{Location, Spanned};

use crate::error::{Diagnostic, did_you_mean};
use crate::kinds::incident::{self, RawIncident};
use crate::kinds::plan::{self, RawPlan};
use crate::yaml::{Node, Text};

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

/// Every key front matter takes, whatever the kind; [`super::page`] says which kind
/// takes which. A kind's own keys are listed in its folder ([`crate::kinds`]); the order
/// here is kept, as a "did you mean" hint between two equally close keys takes the later.
pub const KEYS: [&str; count(&KEY_GROUPS)] = join(&KEY_GROUPS);

const KEY_GROUPS: [&[&str]; 6] = [
    &PAGE_KEYS,
    &["sort_by", "paginate_by", "permalink", "data_pages"],
    &POST_KEYS,
    &incident::KEYS,
    &plan::KEYS,
    &PAGE_KIND_KEYS,
];

/// The keys every page takes, whatever its kind.
pub const PAGE_KEYS: [&str; 25] = [
    "title",
    "kind",
    "date",
    "updated",
    "description",
    "summary",
    "tags",
    "authors",
    "draft",
    "slug",
    "aliases",
    "related",
    "weight",
    "template",
    "extra",
    "expires",
    "redirect_to",
    "image",
    "image_alt",
    "owner",
    "review_by",
    "review_every",
    "reviewed",
    "lang",
    "dir",
];

/// A post's own keys.
pub const POST_KEYS: [&str; 3] = ["series", "week", "plan_item"];

/// A plain page's own keys.
pub const PAGE_KIND_KEYS: [&str; 2] = ["data", "accessibility"];

/// How many keys `groups` hold together.
const fn count(groups: &[&[&str]]) -> usize {
    let (mut n, mut g) = (0, 0);
    while g < groups.len() {
        n += groups[g].len();
        g += 1;
    }
    n
}

/// `groups` one after another, as one array (a `const` cannot call `concat`).
const fn join<const N: usize>(groups: &[&[&'static str]]) -> [&'static str; N] {
    let mut out = [""; N];
    let (mut n, mut g) = (0, 0);
    while g < groups.len() {
        let mut k = 0;
        while k < groups[g].len() {
            out[n] = groups[g][k];
            n += 1;
            k += 1;
        }
        g += 1;
    }
    out
}

/// Front matter as written, for pages and `_index.md` alike. Every field is optional
/// here; [`super::page`] says which are required or allowed for which kind.
///
/// Read through [`Node`]s, not a derived `Deserialize`: a derived struct stops at the
/// first unknown key or value of the wrong shape, and real content has several in one
/// file. Here each key is read on its own; what cannot be read is left out and noted in
/// `unknown` or `problems`, and the rest is still checked.
#[derive(Debug, Default)]
pub struct RawFrontMatter {
    pub title: Option<Spanned<Text>>,
    pub kind: Option<Spanned<Text>>,
    pub date: Option<Spanned<Text>>,
    pub updated: Option<Spanned<Text>>,
    pub description: Option<Text>,
    pub summary: Option<Text>,
    pub tags: Vec<Text>,
    pub authors: Vec<Spanned<Text>>,
    pub draft: bool,
    pub slug: Option<Spanned<Text>>,
    pub aliases: Vec<Spanned<Text>>,
    /// Pages of the site a reader may want next (content paths or site URLs).
    pub related: Vec<Spanned<Text>>,
    pub weight: Option<i64>,
    pub template: Option<Spanned<Text>>,
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// When the page stops being published.
    pub expires: Option<Spanned<Text>>,
    /// Where the page's content lives, when elsewhere (a link post).
    pub redirect_to: Option<Spanned<Text>>,
    /// The page's featured and social image, and what it shows.
    pub image: Option<Spanned<Text>>,
    pub image_alt: Option<Text>,
    /// Who keeps the page true, when it is due a review, and when a person last
    /// confirmed it (see [`crate::upkeep`]).
    pub owner: Option<Spanned<Text>>,
    pub review_by: Option<Spanned<Text>>,
    pub review_every: Option<Spanned<Text>>,
    pub reviewed: Option<Spanned<Text>>,
    /// The page's language and direction, when they are not its file's
    /// ([`crate::language`]).
    pub lang: Option<Spanned<Text>>,
    pub dir: Option<Spanned<Text>>,

    // sections (_index.md) only
    pub sort_by: Option<Spanned<Text>>,
    pub paginate_by: Option<Spanned<usize>>,
    pub permalink: Option<Spanned<Text>>,
    /// One page per record of a data file (`data_pages:`), and where it is written.
    pub data_pages: Option<Spanned<serde_json::Map<String, serde_json::Value>>>,

    // posts
    pub series: Option<Spanned<Text>>,
    pub week: Option<Spanned<Text>>,
    pub plan_item: Option<Spanned<Text>>,

    /// Incidents' keys ([`incident::KEYS`]).
    pub incident: RawIncident,

    /// Plans' keys ([`plan::KEYS`]).
    pub plan: RawPlan,

    // pages
    pub data: Option<Spanned<serde_json::Value>>,
    /// Where `accessibility:` is: the page is the accessibility statement, its data
    /// read from the front matter again as a whole ([`crate::upkeep::statement`]).
    pub accessibility: Option<Location>,

    /// Keys that are none of [`KEYS`], with where each is. [`super::page`] reports them,
    /// as it knows the page's kind and so which keys to offer instead.
    pub unknown: Vec<Spanned<String>>,
    /// Values that could not be read as their key's type, in the order written.
    pub problems: Vec<Problem>,
    /// Keys set a second time in one mapping, each with where it was first set. The
    /// later value is the one read, as Jekyll and Hugo do; it is an error all the same.
    pub set_twice: Vec<(Spanned<String>, Location)>,
}

/// A value in front matter that could not be read, with how to write it.
#[derive(Debug, Clone)]
pub struct Problem {
    pub at: Location,
    pub message: String,
    pub hint: String,
}

impl<'de> Deserialize<'de> for RawFrontMatter {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let root = Spanned::<Node>::deserialize(d)?;
        Ok(RawFrontMatter::from_node(root))
    }
}

const LIST_HINT: &str = "write a list as `[one, two]`, or one item per line starting with `- `";

impl RawFrontMatter {
    fn from_node(root: Spanned<Node>) -> RawFrontMatter {
        let mut raw = RawFrontMatter {
            set_twice: crate::yaml::duplicate_keys(&root),
            ..RawFrontMatter::default()
        };
        let mut r = Reader::default();
        let entries = match root.value {
            Node::Null => Vec::new(),
            Node::Map(entries) => entries,
            other => {
                r.problem(
                    root.referenced,
                    format!(
                        "the front matter should be `key: value` lines, not {}",
                        other.what()
                    ),
                    "write one field per line, e.g. `title: My page`",
                );
                Vec::new()
            }
        };
        for (key, value) in entries {
            let Some(name) = key.value.scalar_text() else {
                r.problem(
                    key.referenced,
                    format!("a key should be a word, not {}", key.value.what()),
                    "write one field per line, e.g. `title: My page`",
                );
                continue;
            };
            raw.read(
                &mut r,
                Spanned::new(name, key.referenced, key.defined),
                value,
            );
        }
        raw.problems = r.problems;
        raw
    }

    fn read(&mut self, r: &mut Reader, key: Spanned<String>, value: Spanned<Node>) {
        let k = key.value.as_str();
        match k {
            // An empty `title:` is kept as empty, so the error is "the title is empty"
            // at its line rather than "no title".
            "title" if value.value == Node::Null => {
                self.title = Some(Spanned::new(
                    Text::default(),
                    value.referenced,
                    value.defined,
                ));
            }
            "title" => self.title = r.text(k, value),
            "kind" => self.kind = r.text(k, value),
            "date" => self.date = r.text(k, value),
            "updated" => self.updated = r.text(k, value),
            "description" => self.description = r.text(k, value).map(|t| t.value),
            "summary" => self.summary = r.text(k, value).map(|t| t.value),
            "tags" => self.tags = r.texts(k, value).into_iter().map(|t| t.value).collect(),
            "authors" => self.authors = r.texts(k, value),
            "draft" => self.draft = r.bool(k, value).unwrap_or(false),
            "slug" => self.slug = r.text(k, value),
            "aliases" => self.aliases = r.texts(k, value),
            "related" => self.related = r.texts(k, value),
            "weight" => self.weight = r.int(k, value).map(|w| w.value),
            "template" => self.template = r.text(k, value),
            "extra" => self.extra = r.mapping(k, value).unwrap_or_default(),
            "sort_by" => self.sort_by = r.text(k, value),
            "paginate_by" => self.paginate_by = r.count(k, value),
            "permalink" => self.permalink = r.text(k, value),
            "data_pages" => {
                let (at, defined) = (value.referenced, value.defined);
                self.data_pages = r.mapping(k, value).map(|m| Spanned::new(m, at, defined));
            }
            "expires" => self.expires = r.text(k, value),
            "redirect_to" => self.redirect_to = r.text(k, value),
            "image" => self.image = r.text(k, value),
            "image_alt" => self.image_alt = r.text(k, value).map(|t| t.value),
            "owner" => self.owner = r.text(k, value),
            "review_by" => self.review_by = r.text(k, value),
            "review_every" => self.review_every = r.text(k, value),
            "reviewed" => self.reviewed = r.text(k, value),
            "lang" => self.lang = r.text(k, value),
            "dir" => self.dir = r.text(k, value),
            "accessibility" => self.accessibility = Some(value.referenced),
            "series" => self.series = r.text(k, value),
            "week" => self.week = r.text(k, value),
            "plan_item" => self.plan_item = r.text(k, value),
            k if incident::KEYS.contains(&k) => self.incident.read(r, k, value),
            k if plan::KEYS.contains(&k) => self.plan.read(r, k, value),
            "data" => {
                let (at, defined) = (value.referenced, value.defined);
                if let Some(json) = r.json(k, &value) {
                    self.data = Some(Spanned::new(json, at, defined));
                }
            }
            _ => self.unknown.push(key),
        }
    }
}

/// Reads one value at a time as the type its key needs, noting what it cannot read. A
/// kind's own keys are read with it in the kind's folder ([`crate::kinds`]).
#[derive(Default)]
pub(crate) struct Reader {
    problems: Vec<Problem>,
}

/// The entries of one mapping in a list (an action, a plan item), keys as text.
pub(crate) type Fields = Vec<(Spanned<String>, Spanned<Node>)>;

impl Reader {
    pub(crate) fn problem(
        &mut self,
        at: Location,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.problems.push(Problem {
            at,
            message: message.into(),
            hint: hint.into(),
        });
    }

    /// A scalar as text. Null is no value at all (`date:` with nothing after it).
    pub(crate) fn text(&mut self, key: &str, value: Spanned<Node>) -> Option<Spanned<Text>> {
        if value.value == Node::Null {
            return None;
        }
        match value.value.scalar_text() {
            Some(t) => Some(Spanned::new(Text(t), value.referenced, value.defined)),
            None => {
                self.problem(
                    value.referenced,
                    format!("`{key}` should be text, not {}", value.value.what()),
                    format!(
                        "write `{key}:` and its value on one line, in quotes if it contains `: `"
                    ),
                );
                None
            }
        }
    }

    /// A list of scalars, or one scalar as a list of one (`tags: budget`): Jekyll, Hugo
    /// and Eleventy all accept that, and migrated content is full of it.
    pub(crate) fn texts(&mut self, key: &str, value: Spanned<Node>) -> Vec<Spanned<Text>> {
        match value.value {
            Node::Null => Vec::new(),
            Node::Seq(items) => items
                .into_iter()
                .filter_map(|item| match item.value.scalar_text() {
                    Some(t) => Some(Spanned::new(Text(t), item.referenced, item.defined)),
                    None if item.value == Node::Null => None,
                    None => {
                        self.problem(
                            item.referenced,
                            format!(
                                "each item of `{key}` should be text, not {}",
                                item.value.what()
                            ),
                            LIST_HINT,
                        );
                        None
                    }
                })
                .collect(),
            Node::Map(_) => {
                self.problem(
                    value.referenced,
                    format!("`{key}` should be a list, not {}", value.value.what()),
                    LIST_HINT,
                );
                Vec::new()
            }
            scalar => match scalar.scalar_text() {
                Some(t) => vec![Spanned::new(Text(t), value.referenced, value.defined)],
                None => Vec::new(),
            },
        }
    }

    /// `true` or `false`; also YAML 1.1's `yes`/`no`/`on`/`off`, which Jekyll (Ruby's
    /// YAML 1.1 parser) reads as booleans and so migrated content uses.
    fn bool(&mut self, key: &str, value: Spanned<Node>) -> Option<bool> {
        match &value.value {
            Node::Null => None,
            Node::Bool(b) => Some(*b),
            Node::Str(s)
                if ["yes", "on", "true"]
                    .iter()
                    .any(|w| s.eq_ignore_ascii_case(w)) =>
            {
                Some(true)
            }
            Node::Str(s)
                if ["no", "off", "false"]
                    .iter()
                    .any(|w| s.eq_ignore_ascii_case(w)) =>
            {
                Some(false)
            }
            other => {
                let shown = other.shown();
                self.problem(
                    value.referenced,
                    format!("`{key}` should be true or false, not {shown}"),
                    format!("write `{key}: true` or `{key}: false`"),
                );
                None
            }
        }
    }

    fn int(&mut self, key: &str, value: Spanned<Node>) -> Option<Spanned<i64>> {
        match &value.value {
            Node::Null => None,
            Node::Int(n) => Some(Spanned::new(*n, value.referenced, value.defined)),
            other => {
                let shown = other.shown();
                self.problem(
                    value.referenced,
                    format!("`{key}` should be a whole number, not {shown}"),
                    format!("write a number without quotes, e.g. `{key}: 10`"),
                );
                None
            }
        }
    }

    /// A whole number of 0 or more.
    fn count(&mut self, key: &str, value: Spanned<Node>) -> Option<Spanned<usize>> {
        let n = self.int(key, value)?;
        match usize::try_from(n.value) {
            Ok(v) => Some(Spanned::new(v, n.referenced, n.defined)),
            Err(_) => {
                self.problem(
                    n.referenced,
                    format!("`{key}` should be 0 or more, not {}", n.value),
                    format!("write a whole number without quotes, e.g. `{key}: 20`"),
                );
                None
            }
        }
    }

    fn json(&mut self, key: &str, value: &Spanned<Node>) -> Option<serde_json::Value> {
        match value.value.to_json() {
            Ok(json) => Some(json),
            Err(at) => {
                self.problem(
                    at,
                    format!("a key in `{key}` should be text, not a list or mapping"),
                    "write each key as a word followed by `: `",
                );
                None
            }
        }
    }

    /// A mapping of the author's own keys (`extra:`).
    fn mapping(
        &mut self,
        key: &str,
        value: Spanned<Node>,
    ) -> Option<serde_json::Map<String, serde_json::Value>> {
        match &value.value {
            Node::Null => None,
            Node::Map(_) => match self.json(key, &value)? {
                serde_json::Value::Object(map) => Some(map),
                _ => None,
            },
            other => {
                self.problem(
                    value.referenced,
                    format!("`{key}` should be a mapping of your own keys, not {}", other.what()),
                    format!("put each of your keys on its own line under `{key}:`, indented, e.g. `  comments: true`"),
                );
                None
            }
        }
    }

    /// A list of mappings (`actions`, `items`), each read by `read`; one mapping alone is
    /// a list of one, as one text alone is for a list of text.
    pub(crate) fn records<T>(
        &mut self,
        key: &str,
        value: Spanned<Node>,
        read: impl Fn(&mut Reader, Location, Fields) -> Option<T>,
    ) -> Option<Spanned<Vec<Spanned<T>>>> {
        let (at, defined) = (value.referenced, value.defined);
        let items = match value.value {
            Node::Null => return None,
            Node::Seq(items) => items,
            Node::Map(_) => vec![value],
            other => {
                self.problem(
                    at,
                    format!("`{key}` should be a list, not {}", other.what()),
                    format!("write each of `{key}` on lines starting with `- `, with its fields under it"),
                );
                return None;
            }
        };
        let mut out = Vec::new();
        for item in items {
            let Node::Map(entries) = item.value else {
                self.problem(
                    item.referenced,
                    format!("each of `{key}` should be a mapping, not {}", item.value.what()),
                    format!("write each of `{key}` on lines starting with `- `, with its fields under it"),
                );
                continue;
            };
            let mut fields = Vec::new();
            for (k, v) in entries {
                match k.value.scalar_text() {
                    Some(name) => fields.push((Spanned::new(name, k.referenced, k.defined), v)),
                    None => self.problem(
                        k.referenced,
                        format!("a key should be a word, not {}", k.value.what()),
                        "write one field per line, e.g. `status: done`",
                    ),
                }
            }
            if let Some(record) = read(self, item.referenced, fields) {
                out.push(Spanned::new(record, item.referenced, item.defined));
            }
        }
        Some(Spanned::new(out, at, defined))
    }

    pub(crate) fn unknown_in(&mut self, key: &Spanned<String>, what: &str, known: &[&str]) {
        let list = known
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let hint = match did_you_mean(&key.value, known.iter().copied()) {
            Some(best) => format!("did you mean `{best}`? {what} takes {list}"),
            None => format!("{what} takes {list}"),
        };
        self.problem(
            key.referenced,
            format!("unknown key `{}` in {}", key.value, what.to_lowercase()),
            hint,
        );
    }
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
        for (name, loc) in self.incident.fields() {
            add(name, "incident", Some(loc));
        }
        for (name, loc) in self.plan.fields() {
            add(name, "plan", Some(loc));
        }
        add("data", "page", self.data.as_ref().map(|s| s.referenced));
        add("accessibility", "page", self.accessibility);
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

    fn raw(yaml: &str) -> RawFrontMatter {
        crate::yaml::parse_keeping_duplicates(yaml, Path::new("a.md"), yaml, 1).unwrap()
    }

    #[test]
    fn one_text_for_a_list_is_a_list_of_one() {
        let r = raw("title: A\ntags: agile\naliases: /hire/\nauthors: 2024\nservices: Payments\n");
        assert_eq!(r.tags, vec![Text("agile".into())]);
        assert_eq!(r.aliases[0].value.as_str(), "/hire/");
        assert_eq!(r.aliases[0].referenced.line(), 3);
        assert_eq!(r.authors[0].value, Text("2024".into()));
        assert_eq!(
            r.incident.services.unwrap().value,
            vec![Text("Payments".into())]
        );
        assert!(r.problems.is_empty() && r.unknown.is_empty());
    }

    #[test]
    fn every_unknown_key_and_wrong_value_is_noted_and_the_rest_still_read() {
        let r = raw(
            "layout: post\ntitle: A\ncategories: [x]\ndate: 2024-03-12\ndraft: perhaps\nweight: 3\ntags: {a: 1}\n",
        );
        let unknown: Vec<(&str, u64)> = r
            .unknown
            .iter()
            .map(|k| (k.value.as_str(), k.referenced.line()))
            .collect();
        assert_eq!(unknown, [("layout", 1), ("categories", 3)]);
        let problems: Vec<(&str, u64)> = r
            .problems
            .iter()
            .map(|p| (p.message.as_str(), p.at.line()))
            .collect();
        assert_eq!(
            problems,
            [
                ("`draft` should be true or false, not `perhaps`", 5),
                (
                    "`tags` should be a list, not a mapping (`key: value` lines)",
                    7
                ),
            ]
        );
        assert_eq!(r.title.unwrap().value.as_str(), "A");
        assert_eq!(r.date.unwrap().value.as_str(), "2024-03-12");
        assert_eq!(r.weight, Some(3));
    }

    #[test]
    fn yaml_1_1_booleans_and_an_empty_title() {
        assert!(raw("draft: yes\n").draft);
        assert!(!raw("draft: Off\n").draft);
        let r = raw("title:\n");
        assert_eq!(r.title.map(|t| t.value), Some(Text(String::new())));
    }
}
