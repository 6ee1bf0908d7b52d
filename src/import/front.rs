//! Front matter as other generators write it (YAML between `---`, TOML between `+++`,
//! a JSON object, or none), read into one ordered list of fields, each with the line it
//! is on; and daylight's YAML front matter written back out.
//!
//! Reading never stops at the first odd value: a field is kept as the JSON value it reads
//! as, and the mapping ([`super::keys`]) decides what it becomes. Writing emits only
//! YAML that daylight's reader takes back as the same values (every string that could be
//! read as something else is quoted).

use std::path::Path;

use serde_json::Value;
use serde_saphyr::Spanned;

use crate::error::Diagnostic;
use crate::yaml::Node;

/// How the front matter was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
    Json,
    /// No front matter at all (Hugo and Eleventy publish such files).
    None,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Yaml => "YAML",
            Format::Toml => "TOML",
            Format::Json => "JSON",
            Format::None => "no",
        }
    }
}

/// One top-level field, with the file line its key is on.
#[derive(Debug, Clone)]
pub struct Field {
    pub key: String,
    pub value: Value,
    pub line: usize,
}

/// A source file split into its fields and its body.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub format: Format,
    pub fields: Vec<Field>,
    /// The line of the opening `---`/`+++`/`{` (1 when there is no front matter).
    pub line: usize,
    pub body: String,
    /// The file line the body starts on.
    pub body_line: usize,
}

impl Parsed {
    pub fn get(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }
}

/// Reads `text` (BOM removed, `\n` line endings). `display` names the file in errors.
pub fn parse(text: &str, display: &Path) -> Result<Parsed, Diagnostic> {
    let open_at = text.len() - text.trim_start().len();
    // Blank lines before the opening line are allowed, as Jekyll and Hugo allow them.
    let open_at = text[..open_at].rfind('\n').map_or(0, |i| i + 1);
    let open_line = text[..open_at].matches('\n').count() + 1;
    let rest = &text[open_at..];
    let first = rest.lines().next().unwrap_or("").trim_end();
    if first == "---" {
        delimited(text, open_at, open_line, "---", display, Format::Yaml)
    } else if first == "+++" {
        delimited(text, open_at, open_line, "+++", display, Format::Toml)
    } else if rest.starts_with('{') && !rest.starts_with("{{") && !rest.starts_with("{%") {
        json(text, open_at, open_line, display)
    } else {
        Ok(Parsed {
            format: Format::None,
            fields: Vec::new(),
            line: 1,
            body: text.to_string(),
            body_line: 1,
        })
    }
}

fn delimited(
    text: &str,
    open_at: usize,
    open_line: usize,
    fence: &str,
    display: &Path,
    format: Format,
) -> Result<Parsed, Diagnostic> {
    let start = text[open_at..]
        .find('\n')
        .map_or(text.len(), |i| open_at + i + 1);
    let mut offset = start;
    let mut close = None;
    for line in text[start..].split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == fence || (format == Format::Yaml && bare == "...") {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((end, body_at)) = close else {
        return Err(Diagnostic::error(
            display,
            "the front matter that starts here is never closed",
        )
        .at(text, open_line as u32, 1)
        .with_hint(format!(
            "add a line with only `{fence}` after the last front matter field, then import again"
        )));
    };
    let inner = &text[start..end];
    let first_line = open_line + 1;
    let fields = match format {
        Format::Toml => toml_fields(inner, text, first_line, display)?,
        _ => yaml_fields(inner, text, first_line, display)?,
    };
    Ok(Parsed {
        format,
        fields,
        line: open_line,
        body: text[body_at..].to_string(),
        body_line: text[..body_at].matches('\n').count() + 1,
    })
}

/// YAML fields, read with daylight's own YAML reader so errors point at the file's lines.
pub fn yaml_fields(
    yaml: &str,
    file_text: &str,
    first_line: usize,
    display: &Path,
) -> Result<Vec<Field>, Diagnostic> {
    if yaml.trim().is_empty() {
        return Ok(Vec::new());
    }
    let root: Spanned<Node> = crate::yaml::parse(yaml, display, file_text, first_line as u32)?;
    let entries = match root.value {
        Node::Map(entries) => entries,
        Node::Null => return Ok(Vec::new()),
        other => {
            return Err(Diagnostic::error(
                display,
                format!(
                    "the front matter should be `key: value` lines, not {}",
                    other.what()
                ),
            )
            .at(file_text, first_line as u32, 1));
        }
    };
    let mut fields = Vec::new();
    for (key, value) in entries {
        let line = key.referenced.line() as usize + first_line - 1;
        let Some(name) = key.value.scalar_text() else {
            return Err(Diagnostic::error(display, "a key should be a word").at(
                file_text,
                line as u32,
                key.referenced.column() as u32,
            ));
        };
        let value = value.value.to_json().map_err(|at| {
            Diagnostic::error(display, "a key here should be text, not a list or mapping").at(
                file_text,
                (at.line() as usize + first_line - 1) as u32,
                at.column() as u32,
            )
        })?;
        fields.push(Field {
            key: name,
            value,
            line,
        });
    }
    Ok(fields)
}

/// TOML fields: values from `toml` (key order kept), lines from its spans.
fn toml_fields(
    toml_text: &str,
    file_text: &str,
    first_line: usize,
    display: &Path,
) -> Result<Vec<Field>, Diagnostic> {
    let table: toml::Table = toml::from_str(toml_text).map_err(|e| {
        let line = e.span().map_or(0, |s| {
            toml_text[..s.start.min(toml_text.len())]
                .matches('\n')
                .count()
        });
        let message = e.message().trim().to_string();
        Diagnostic::error(
            display,
            format!("this TOML front matter cannot be read: {message}"),
        )
        .at(file_text, (first_line + line) as u32, 1)
        .with_hint("fix the TOML (a string needs quotes: title = \"My page\"), then import again")
    })?;
    let lines = toml_key_lines(toml_text);
    Ok(table
        .into_iter()
        .map(|(key, value)| Field {
            line: first_line + lines.get(&key).copied().unwrap_or(0),
            value: toml_to_json(value),
            key,
        })
        .collect())
}

/// The line (0-based, in `toml_text`) of each top-level key or `[table]`.
fn toml_key_lines(toml_text: &str) -> std::collections::HashMap<String, usize> {
    let mut out = std::collections::HashMap::new();
    if let Ok(table) = toml::de::DeTable::parse(toml_text) {
        for (key, _) in table.get_ref().iter() {
            let at = key.span().start.min(toml_text.len());
            out.insert(
                key.get_ref().to_string(),
                toml_text[..at].matches('\n').count(),
            );
        }
    }
    out
}

/// A TOML value as JSON; a TOML date-time becomes its RFC 3339 text.
pub fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(n) => Value::from(n),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// Hugo's JSON front matter: one object at the top of the file, the body after it.
fn json(
    text: &str,
    open_at: usize,
    open_line: usize,
    display: &Path,
) -> Result<Parsed, Diagnostic> {
    let mut stream = serde_json::Deserializer::from_str(&text[open_at..]).into_iter::<Value>();
    let value = match stream.next() {
        Some(Ok(v)) => v,
        Some(Err(e)) => {
            return Err(Diagnostic::error(
                display,
                format!("this JSON front matter cannot be read: {e}"),
            )
            .at(text, (open_line - 1 + e.line()) as u32, e.column() as u32)
            .with_hint("fix the JSON (keys and strings in double quotes, commas between fields), then import again"));
        }
        None => unreachable_front_matter(display)?,
    };
    let end = open_at + stream.byte_offset();
    let Value::Object(map) = value else {
        return Err(
            Diagnostic::error(display, "the JSON front matter should be an object").at(
                text,
                open_line as u32,
                1,
            ),
        );
    };
    let json_text = &text[open_at..end];
    let mut fields: Vec<Field> = map
        .into_iter()
        .map(|(key, value)| {
            let line = json_key_line(json_text, &key).map_or(open_line, |l| open_line + l);
            Field { key, value, line }
        })
        .collect();
    // serde_json's map is sorted; the author's order is the order of the lines.
    fields.sort_by_key(|f| f.line);
    let body_at = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    Ok(Parsed {
        format: Format::Json,
        fields,
        line: open_line,
        body: text[body_at..].to_string(),
        body_line: text[..body_at].matches('\n').count() + 1,
    })
}

fn unreachable_front_matter(display: &Path) -> Result<Value, Diagnostic> {
    Err(Diagnostic::error(display, "the JSON front matter is empty"))
}

/// The line (0-based) in `json_text` of the first `"key":`.
fn json_key_line(json_text: &str, key: &str) -> Option<usize> {
    let quoted = serde_json::to_string(key).ok()?;
    let mut from = 0;
    while let Some(i) = json_text[from..].find(&quoted) {
        let at = from + i;
        let after = json_text[at + quoted.len()..].trim_start();
        if after.starts_with(':') {
            return Some(json_text[..at].matches('\n').count());
        }
        from = at + quoted.len();
    }
    None
}

/// YAML front matter for `fields`, between `---` lines, keys in the order given.
pub fn to_yaml(fields: &[(String, Value)]) -> String {
    let mut out = String::from("---\n");
    for (key, value) in fields {
        if value.is_null() {
            continue;
        }
        emit_entry(&mut out, key, value, 0);
    }
    out.push_str("---\n");
    out
}

fn emit_entry(out: &mut String, key: &str, value: &Value, indent: usize) {
    let pad = " ".repeat(indent);
    out.push_str(&pad);
    out.push_str(&scalar_text(key));
    out.push(':');
    emit_after_key(out, value, indent);
}

/// What follows `key:` (or `- `): a scalar on the same line, or a block below.
fn emit_after_key(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Array(items) if items.is_empty() => out.push_str(" []\n"),
        Value::Object(map) if map.is_empty() => out.push_str(" {}\n"),
        Value::Array(items) => {
            out.push('\n');
            for item in items {
                emit_item(out, item, indent + 2);
            }
        }
        Value::Object(map) => {
            out.push('\n');
            for (k, v) in map {
                emit_entry(out, k, v, indent + 2);
            }
        }
        scalar => {
            out.push(' ');
            out.push_str(&scalar_yaml(scalar));
            out.push('\n');
        }
    }
}

fn emit_item(out: &mut String, item: &Value, indent: usize) {
    let pad = " ".repeat(indent);
    match item {
        Value::Object(map) if !map.is_empty() => {
            for (i, (k, v)) in map.iter().enumerate() {
                if i == 0 {
                    out.push_str(&pad);
                    out.push_str("- ");
                    out.push_str(&scalar_text(k));
                    out.push(':');
                    emit_after_key(out, v, indent + 2);
                } else {
                    emit_entry(out, k, v, indent + 2);
                }
            }
        }
        // A list in a list is rare in front matter: JSON is YAML, so write it as that.
        Value::Array(_) => {
            out.push_str(&pad);
            out.push_str("- ");
            out.push_str(&serde_json::to_string(item).unwrap_or_default());
            out.push('\n');
        }
        other => {
            out.push_str(&pad);
            out.push_str("- ");
            out.push_str(&scalar_yaml(other));
            out.push('\n');
        }
    }
}

fn scalar_yaml(value: &Value) -> String {
    match value {
        Value::String(s) => scalar_text(s),
        Value::Null => "~".to_string(),
        other => other.to_string(),
    }
}

/// A string as a YAML scalar: plain when nothing could read it as anything else, else
/// double-quoted (a JSON string is a valid YAML double-quoted scalar).
pub fn scalar_text(s: &str) -> String {
    if is_plain(s) {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
    }
}

fn is_plain(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let lower = s.to_ascii_lowercase();
    (first.is_alphanumeric() || first == '/')
        && s.trim() == s
        && s.chars()
            .all(|c| c.is_alphanumeric() || " -_./+(),'&".contains(c))
        && !matches!(
            lower.as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        )
        && s.parse::<f64>().is_err()
        && !lower.starts_with("0x")
        && !lower.starts_with("0o")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Parsed {
        parse(text, Path::new("a.md")).unwrap()
    }

    #[test]
    fn yaml_toml_json_and_none_with_lines() {
        let y = p("\n---\ntitle: Hi\ntags: [a, b]\n---\nBody\n");
        assert_eq!(y.format, Format::Yaml);
        assert_eq!((y.fields[1].key.as_str(), y.fields[1].line), ("tags", 4));
        assert_eq!((y.body.as_str(), y.body_line), ("Body\n", 6));

        let t = p(
            "+++\ntitle = \"Hi\"\ndate = 2019-05-01T10:00:00-04:00\n[params]\nx = 1\n+++\nBody\n",
        );
        assert_eq!(t.format, Format::Toml);
        let keys: Vec<(&str, usize)> = t.fields.iter().map(|f| (f.key.as_str(), f.line)).collect();
        assert_eq!(keys, [("title", 2), ("date", 3), ("params", 4)]);
        assert_eq!(t.fields[1].value, Value::from("2019-05-01T10:00:00-04:00"));
        assert_eq!(t.body_line, 7);

        let j = p("{\n  \"title\": \"Hi\",\n  \"draft\": true\n}\nBody\n");
        assert_eq!(j.format, Format::Json);
        assert_eq!((j.fields[1].key.as_str(), j.fields[1].line), ("draft", 3));
        assert_eq!(j.body, "Body\n");

        let n = p("Just text {{ x }}\n");
        assert_eq!(n.format, Format::None);
        assert_eq!(n.body, "Just text {{ x }}\n");
    }

    #[test]
    fn errors_name_the_file_line() {
        let d = parse("+++\ntitle = \n+++\n", Path::new("a.md")).unwrap_err();
        assert_eq!(d.line, Some(2), "{d}");
        let d = parse("---\ntitle: Hi\n", Path::new("a.md")).unwrap_err();
        assert!(d.message.contains("never closed"));
    }

    #[test]
    fn written_yaml_reads_back_as_the_same_values() {
        let fields = vec![
            ("title".to_string(), Value::from("Update: what's next #2")),
            ("date".to_string(), Value::from("2015-07-08")),
            ("weight".to_string(), Value::from(3)),
            ("number_text".to_string(), Value::from("2024")),
            ("yes_text".to_string(), Value::from("yes")),
            (
                "tags".to_string(),
                serde_json::json!(["a b", "-x", "{{ y }}"]),
            ),
            (
                "extra".to_string(),
                serde_json::json!({"list": [{"a": 1, "b": "c"}], "empty": [], "n": null, "deep": [[1]]}),
            ),
        ];
        let yaml = to_yaml(&fields);
        let inner = yaml.trim_start_matches("---\n").trim_end_matches("---\n");
        let back = yaml_fields(inner, inner, 1, Path::new("a.md")).unwrap();
        for ((k, v), f) in fields.iter().zip(&back) {
            assert_eq!(k, &f.key);
            assert_eq!(v, &f.value, "{yaml}");
        }
        assert!(yaml.contains("date: 2015-07-08\n"), "{yaml}");
        assert!(yaml.contains("number_text: \"2024\"\n"), "{yaml}");
    }
}
