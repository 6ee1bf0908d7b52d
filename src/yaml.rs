//! YAML to typed values, with errors that point into the user's file.
//!
//! serde-saphyr does the parsing (and bounds it: alias bombs and huge documents stop with
//! an error). This module turns its errors into [`Diagnostic`]s whose line numbers are the
//! file's, not the YAML block's, and adds hints for the mistakes people really make:
//! an unquoted `: ` inside a value, a tab for indentation, a misspelt key.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Diagnostic, did_you_mean};

/// Parses `yaml`, which starts at line `first_line` (1-based) of the file `path` whose
/// whole text is `file_text`.
pub fn parse<T: DeserializeOwned>(
    yaml: &str,
    path: &Path,
    file_text: &str,
    first_line: u32,
) -> Result<T, Diagnostic> {
    let options = serde_saphyr::options! {};
    serde_saphyr::from_str_with_options::<T>(yaml, options)
        .map_err(|err| to_diagnostic(&err, yaml, path, file_text, first_line))
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
    fn scalars_of_any_type_read_as_text() {
        let file = "title: 2024\ntags: [2024, true, budget]\n";
        let t: T = parse(file, &PathBuf::from("a.md"), file, 1).unwrap();
        assert_eq!(t.title.as_str(), "2024");
        assert_eq!(t.tags.len(), 3);
    }
}
