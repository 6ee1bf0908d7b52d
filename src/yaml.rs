//! YAML to typed values, with errors that point into the user's file.
//!
//! serde-saphyr does the parsing (and bounds it: alias bombs and huge documents stop with
//! an error). This module turns its errors into [`Diagnostic`]s whose line numbers are the
//! file's, not the YAML block's, and adds hints for the mistakes people really make:
//! an unquoted `: ` inside a value, a tab for indentation, a misspelt key, a key set twice.
//!
//! [`Node`] reads YAML without a target type, keeping where each value is, for callers
//! (front matter) that must report every problem in a mapping rather than the first.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::Spanned;

use crate::error::{Diagnostic, did_you_mean};

/// Parses `yaml`, which starts at line `first_line` (1-based) of the file `path` whose
/// whole text is `file_text`.
pub fn parse<T: DeserializeOwned>(
    yaml: &str,
    path: &Path,
    file_text: &str,
    first_line: u32,
) -> Result<T, Diagnostic> {
    // Comments are not read (their text is never needed), so no number of them can
    // stop a file: the parser gives up after buffering a few dozen in a row otherwise.
    let options = serde_saphyr::options! { emit_comments: false };
    serde_saphyr::from_str_with_options::<T>(yaml, options)
        .map_err(|err| to_diagnostic(&err, yaml, path, file_text, first_line))
}

/// Like [`parse`], but a key set twice in a mapping is passed through to `T` (both
/// entries, in order), for a reader that reports it beside every other problem rather
/// than stopping there: front matter, read as [`Node`]s ([`duplicate_keys`]).
pub fn parse_keeping_duplicates<T: DeserializeOwned>(
    yaml: &str,
    path: &Path,
    file_text: &str,
    first_line: u32,
) -> Result<T, Diagnostic> {
    let options = serde_saphyr::options! {
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
        emit_comments: false,
    };
    serde_saphyr::from_str_with_options::<T>(yaml, options)
        .map_err(|err| to_diagnostic(&err, yaml, path, file_text, first_line))
}

/// Every key set a second (or later) time in any mapping of `root`, with where it was
/// first set, in the order written.
pub fn duplicate_keys(root: &Spanned<Node>) -> Vec<(Spanned<String>, serde_saphyr::Location)> {
    let mut found = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match &node.value {
            Node::Seq(items) => stack.extend(items.iter().rev()),
            Node::Map(entries) => {
                let mut first: Vec<(String, serde_saphyr::Location)> = Vec::new();
                for (key, _) in entries {
                    let Some(name) = key.value.scalar_text() else {
                        continue;
                    };
                    match first.iter().find(|(n, _)| *n == name) {
                        Some((_, at)) => {
                            found.push((Spanned::new(name, key.referenced, key.defined), *at))
                        }
                        None => first.push((name, key.referenced)),
                    }
                }
                stack.extend(entries.iter().rev().map(|(_, v)| v));
            }
            _ => {}
        }
    }
    found.sort_by_key(|(k, _)| (k.referenced.line(), k.referenced.column()));
    found
}

fn to_diagnostic(
    err: &serde_saphyr::Error,
    yaml: &str,
    path: &Path,
    file_text: &str,
    first_line: u32,
) -> Diagnostic {
    let formatter = serde_saphyr::DefaultMessageFormatter;
    let render = serde_saphyr::render_options! {
        formatter: &formatter,
        snippets: serde_saphyr::SnippetMode::Off,
    };
    let raw = err.render_with_options(render);
    let message = strip_location_suffix(&raw).to_string();
    let (yaml_line, column) = err
        .location()
        .filter(|l| l.line() > 0)
        .map_or((1, 1), |l| (l.line() as u32, l.column().max(1) as u32));
    let line = yaml_line + first_line - 1;
    let offending = yaml.lines().nth(yaml_line as usize - 1).unwrap_or("");
    let hint = hint_for(&message, offending, yaml);
    let too_deep =
        message.contains("budget breached: Depth") || message.contains("recursion limit");
    let (message, hint) = if too_deep {
        (
            "the front matter is nested too deeply".to_string(),
            Some(
                "lists and mappings inside each other hundreds deep are surely a mistake: check that each `[` and `{` is closed, or keep large data in a file under static/"
                    .to_string(),
            ),
        )
    } else if message.contains("budget breached") {
        (
            "the front matter is too large once its YAML aliases are expanded".to_string(),
            Some(
                "an alias (*name) repeated inside other aliases multiplies the data (a \"billion laughs\"): write the values out, or keep large data in a file under static/"
                    .to_string(),
            ),
        )
    } else {
        (message, hint)
    };
    let (message, hint) = match duplicate_key(err) {
        Some(key) => {
            let hint = match first_setting(yaml, &key, (yaml_line, column)) {
                Some(first) => format!(
                    "it is first set on line {}; keep one of the two",
                    first + first_line - 1
                ),
                None => "keep one of the two".to_string(),
            };
            (format!("`{key}` is set twice"), Some(hint))
        }
        None => (message, hint),
    };
    let (message, hint) = match unknown_field(err) {
        Some((field, expected)) => {
            let hint = match did_you_mean(&field, expected.iter().map(String::as_str)) {
                Some(best) => format!("did you mean `{best}`? Your own keys go under `extra:`"),
                None => format!(
                    "the keys allowed here are {}; your own keys go under `extra:`",
                    expected
                        .iter()
                        .map(|e| format!("`{e}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            (format!("unknown key `{field}`"), Some(hint))
        }
        None => (message, hint),
    };
    let mut d = Diagnostic::error(path, message).at(file_text, line, column);
    d.hint = hint;
    d
}

/// serde-saphyr ends plain messages with " at line N, column M": we print our own location.
fn strip_location_suffix(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

/// The key, when the error is a key set twice in one mapping.
fn duplicate_key(err: &serde_saphyr::Error) -> Option<String> {
    match err.without_snippet() {
        serde_saphyr::Error::DuplicateMappingKey { key, .. } => {
            Some(key.clone().unwrap_or_else(|| "a key".to_string()))
        }
        _ => None,
    }
}

/// The YAML line where `key` is first set, in the mapping where it is set again at
/// `second` (line, column). serde-saphyr stops at the second and does not say where the
/// first is, so the YAML is read again as [`Node`]s, which keep both.
fn first_setting(yaml: &str, key: &str, second: (u32, u32)) -> Option<u32> {
    let options = serde_saphyr::options! {
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
        emit_comments: false,
    };
    let root: Spanned<Node> = serde_saphyr::from_str_with_options(yaml, options).ok()?;
    let at = |l: &serde_saphyr::Location| (l.line() as u32, l.column() as u32);
    duplicate_keys(&root)
        .into_iter()
        .find(|(k, _)| k.value == key && at(&k.referenced) == second)
        .map(|(_, first)| first.line() as u32)
}

/// The key and the keys allowed, when the error is an unknown key.
fn unknown_field(err: &serde_saphyr::Error) -> Option<(String, Vec<String>)> {
    match err.without_snippet() {
        serde_saphyr::Error::SerdeUnknownField {
            field, expected, ..
        } => Some((
            field.clone(),
            expected.iter().map(|e| e.to_string()).collect(),
        )),
        _ => None,
    }
}

fn hint_for(message: &str, offending_line: &str, yaml: &str) -> Option<String> {
    let lower = message.to_lowercase();
    if offending_line.starts_with('\t') || offending_line.contains("\t") && lower.contains("tab") {
        return Some("YAML does not allow tabs for indentation: indent with spaces".to_string());
    }
    if yaml.lines().any(|l| l.starts_with('\t')) && lower.contains("indent") {
        return Some("YAML does not allow tabs for indentation: indent with spaces".to_string());
    }
    if lower.contains("mapping values are not allowed")
        || lower.contains("mapping value")
        || (value_has_unquoted_colon(offending_line) && !lower.contains("unknown field"))
    {
        return Some(
            "a value that contains `: ` must be in quotes, e.g. title: \"Update: what we learnt\""
                .to_string(),
        );
    }
    if lower.contains("unknown anchor") || lower.contains("undefined alias") {
        return Some(
            "a value that starts with `*` is a YAML alias (a reference to an `&anchor`): put the value in quotes, e.g. - \"*.example.org\""
                .to_string(),
        );
    }
    if lower.contains("unexpected end") || lower.contains("end of file") {
        return Some("a quote or bracket may not be closed".to_string());
    }
    None
}

fn value_has_unquoted_colon(line: &str) -> bool {
    let Some((_, value)) = line.split_once(": ") else {
        return false;
    };
    let value = value.trim_start();
    !value.starts_with(['"', '\'', '[', '{', '|', '>']) && value.contains(": ")
}

/// A YAML value as written, each part with where it is (through [`Spanned`]). Read with
/// no target type, it never fails on a value of an unexpected shape: the caller says
/// what it expected, with the key's name, and goes on to the next key.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    /// Only for whole numbers too large for [`Node::Int`].
    UInt(u64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Node>>),
    /// Entries in the order written, keys set twice included when the parser passes them.
    Map(Vec<(Spanned<Node>, Spanned<Node>)>),
}

impl Node {
    /// A scalar as the text the author wrote (`2024` for the number 2024); none for
    /// null, lists and mappings.
    pub fn scalar_text(&self) -> Option<String> {
        match self {
            Node::Bool(b) => Some(b.to_string()),
            Node::Int(n) => Some(n.to_string()),
            Node::UInt(n) => Some(n.to_string()),
            Node::Float(f) => Some(f.to_string()),
            Node::Str(s) => Some(s.clone()),
            Node::Null | Node::Seq(_) | Node::Map(_) => None,
        }
    }

    /// What this is, in words for a message: "a list", "a mapping".
    /// The value as a message shows it: a scalar quoted as written, else what it is.
    pub fn shown(&self) -> String {
        self.scalar_text()
            .map_or_else(|| self.what().to_string(), |t| format!("`{t}`"))
    }

    pub fn what(&self) -> &'static str {
        match self {
            Node::Null => "empty",
            Node::Bool(_) => "true or false",
            Node::Int(_) | Node::UInt(_) | Node::Float(_) => "a number",
            Node::Str(_) => "text",
            Node::Seq(_) => "a list",
            Node::Map(_) => "a mapping (`key: value` lines)",
        }
    }

    /// As JSON, for the free-form fields (`extra`, `data`). Keys are scalars' text; a
    /// list or mapping used as a key (YAML allows it, JSON does not) is an error at it.
    pub fn to_json(&self) -> Result<serde_json::Value, serde_saphyr::Location> {
        use serde_json::Value;
        Ok(match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Int(n) => Value::from(*n),
            Node::UInt(n) => Value::from(*n),
            Node::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Node::Str(s) => Value::String(s.clone()),
            Node::Seq(items) => Value::Array(
                items
                    .iter()
                    .map(|i| i.value.to_json())
                    .collect::<Result<_, _>>()?,
            ),
            Node::Map(entries) => {
                let mut map = serde_json::Map::new();
                for (k, v) in entries {
                    let key = match &k.value {
                        Node::Null => "null".to_string(),
                        other => other.scalar_text().ok_or(k.referenced)?,
                    };
                    map.insert(key, v.value.to_json()?);
                }
                Value::Object(map)
            }
        })
    }
}

impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                <Node as serde::Deserialize>::deserialize(d)
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Bool(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Int(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Node, E> {
                Ok(i64::try_from(v).map_or(Node::UInt(v), Node::Int))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Node, E> {
                Ok(Node::Float(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Str(v.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Node, E> {
                Ok(Node::Str(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<Node>>()? {
                    items.push(item);
                }
                Ok(Node::Seq(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<Node>>()? {
                    let value = map.next_value::<Spanned<Node>>()?;
                    entries.push((key, value));
                }
                Ok(Node::Map(entries))
            }
        }
        d.deserialize_any(V)
    }
}

/// A scalar read as text whatever YAML made of it, so `title: 2024` or `tags: [2024]`
/// (real content has both) read as the text the author wrote.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Text(pub String);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("text")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: Text,
        #[serde(default)]
        tags: Vec<Text>,
    }

    #[test]
    fn a_value_starting_with_a_star_is_said_to_need_quotes() {
        let d = err("title: A\ntags:\n  - *.jenkins.io\n");
        assert_eq!(d.line, Some(4), "{d}");
        let hint = d.hint.unwrap_or_default();
        assert!(hint.contains("put the value in quotes"), "{hint}");
    }

    /// cState's stock config.yml has a block of ~40 comment lines inside a mapping: the
    /// parser refused it ("too many buffered comments") while it kept comments' text.
    #[test]
    fn any_number_of_comments_is_read() {
        let comments = "  # a comment line, as config files are full of\n".repeat(400);
        let yaml = format!("title: A\ntags:\n{comments}  - one\n{comments}  - two\n");
        let t: T = parse(&yaml, Path::new("a.yml"), &yaml, 1).expect("read");
        assert_eq!(t.tags.len(), 2);
        let node: Spanned<Node> =
            parse_keeping_duplicates(&yaml, Path::new("a.yml"), &yaml, 1).expect("read");
        assert!(matches!(node.value, Node::Map(_)));
    }

    fn err(yaml: &str) -> Diagnostic {
        let file = format!("---\n{yaml}---\n");
        parse::<T>(yaml, &PathBuf::from("a.md"), &file, 2).unwrap_err()
    }

    #[test]
    fn unknown_key_names_the_line_and_suggests() {
        let d = err("title: x\ntagz: [a]\n");
        assert_eq!(d.message, "unknown key `tagz`");
        assert_eq!(d.line, Some(3), "{d}");
        assert!(d.hint.as_deref().unwrap_or("").contains("`tags`"), "{d}");
    }

    #[test]
    fn unquoted_colon_gets_a_quoting_hint() {
        let d = err("title: Update: what we learnt\n");
        assert_eq!(d.line, Some(2), "{d}");
        assert!(d.hint.as_deref().unwrap_or("").contains("quotes"), "{d}");
    }

    #[test]
    fn tab_indentation_gets_a_hint() {
        let d = err("title: x\ntags:\n\t- a\n");
        assert!(d.hint.as_deref().unwrap_or("").contains("tabs"), "{d}");
    }

    #[test]
    fn deep_nesting_is_called_that_not_an_alias_bomb() {
        for yaml in [
            format!("title: x\na: {}{}\n", "[".repeat(5000), "]".repeat(5000)),
            format!(
                "title: x\na: {}1{}\n",
                "{a: ".repeat(5000),
                "}".repeat(5000)
            ),
        ] {
            let file = format!("---\n{yaml}---\n");
            let d =
                parse::<serde_json::Value>(&yaml, &PathBuf::from("a.md"), &file, 2).unwrap_err();
            assert_eq!(d.message, "the front matter is nested too deeply", "{d}");
            assert_eq!(d.line, Some(3), "{d}");
            assert!(!d.hint.unwrap_or_default().contains("alias"));
        }
    }

    #[test]
    fn a_key_set_twice_is_named_at_the_second_with_the_line_of_the_first() {
        let d = err("title: x\ntags: [a]\n\ntitle: y\n");
        assert_eq!(d.message, "`title` is set twice", "{d}");
        assert_eq!((d.line, d.column), (Some(5), Some(1)), "{d}");
        assert_eq!(
            d.hint.as_deref(),
            Some("it is first set on line 2; keep one of the two"),
            "{d}"
        );
        assert!(!d.to_string().contains("DuplicateKeyPolicy"), "{d}");
        // In a nested mapping too, and with the first set further down than another
        // mapping's key of the same name.
        let yaml =
            "authors:\n  jo:\n    name: Jo\n  sam:\n    name: Sam\n    role: x\n    name: S\n";
        let file = format!("---\n{yaml}---\n");
        let d =
            parse::<serde_json::Value>(yaml, &PathBuf::from("site.yaml"), &file, 2).unwrap_err();
        assert_eq!(d.message, "`name` is set twice", "{d}");
        assert_eq!(d.line, Some(8), "{d}");
        assert_eq!(
            d.hint.as_deref(),
            Some("it is first set on line 6; keep one of the two")
        );
    }

    #[test]
    fn nodes_keep_where_each_key_and_value_is() {
        let yaml = "title: Hi\ntags:\n  - a\n  - 2024\nextra: {x: 1}\n";
        let root: Spanned<Node> = serde_saphyr::from_str(yaml).unwrap();
        let Node::Map(entries) = &root.value else {
            panic!("{root:?}")
        };
        let (key, value) = &entries[1];
        assert_eq!(key.value, Node::Str("tags".into()));
        assert_eq!((key.referenced.line(), key.referenced.column()), (2, 1));
        let Node::Seq(items) = &value.value else {
            panic!("{value:?}")
        };
        assert_eq!(items[1].value, Node::Int(2024));
        assert_eq!(items[1].value.scalar_text().as_deref(), Some("2024"));
        assert_eq!(
            (items[1].referenced.line(), items[1].referenced.column()),
            (4, 5)
        );
        assert_eq!(
            entries[2].1.value.to_json().unwrap(),
            serde_json::json!({"x": 1})
        );
    }

    #[test]
    fn scalars_of_any_type_read_as_text() {
        let file = "title: 2024\ntags: [2024, true, budget]\n";
        let t: T = parse(file, &PathBuf::from("a.md"), file, 1).unwrap();
        assert_eq!(t.title.as_str(), "2024");
        assert_eq!(t.tags.len(), 3);
    }
}
