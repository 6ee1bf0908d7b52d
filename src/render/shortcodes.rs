//! The site's shortcodes: the templates under `templates/shortcodes/` (the theme's, and
//! the site's over them), each with a header saying what arguments it takes.
//!
//! ```text
//! {#- shortcode
//! args:
//!   src: path
//!   caption: text?
//! body: false
//! -#}
//! ```
//!
//! An argument's type is `text`, `integer`, `number`, `bool`, `path`, `data` (a data
//! file's path, `team.people`: the template gets the data itself) or a list of words
//! (`note|warning`); a `?` makes it optional (the template sees it undefined when not given). `body:
//! true` makes it a block (`{% name() %}…{% end %}`), whose body reaches the template as
//! HTML in `body`. An `.html` template gives HTML (its arguments escaped as any template's
//! values are); any other (`.txt`) gives text, which is escaped whole.
//!
//! This module only reads the headers and runs templates: reading and checking calls is
//! [`crate::markdown::shortcodes`]'s.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Templates;
use crate::error::Diagnostic;
use crate::markdown::shortcodes::{ArgSpec, ArgType, Call, Shortcodes, Signature};

/// Every shortcode of the site, by name.
pub struct ShortcodeSet<'a> {
    templates: &'a Templates,
    /// Name -> (template name, signature).
    by_name: BTreeMap<String, (String, Signature)>,
    /// What shortcode bodies read besides their calls (the templates' text, and data):
    /// a body kept by `serve` is rendered again when it changes.
    pub fingerprint: u64,
    /// Ids the theme's templates write as they are (`id="main"`): no heading in a body
    /// takes one, so no page has an id twice.
    pub reserved_ids: Vec<String>,
    /// Data files, as `data` in each shortcode's context.
    data: &'a crate::data::Data,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    #[serde(default)]
    args: BTreeMap<String, String>,
    #[serde(default)]
    body: bool,
}

const FOLDER: &str = "shortcodes/";

impl<'a> ShortcodeSet<'a> {
    /// Reads each shortcode template's header; a missing or wrong header is an error at
    /// the template (and the shortcode is left out).
    pub fn new(
        templates: &'a Templates,
        data: &'a crate::data::Data,
    ) -> (ShortcodeSet<'a>, Vec<Diagnostic>) {
        let mut by_name = BTreeMap::new();
        let mut errors = Vec::new();
        let mut f = super::memo::Fingerprint::new("shortcodes");
        for (template, display, text) in templates.sources_under(FOLDER) {
            f.add(template).add(text);
            let file = &template[FOLDER.len()..];
            let (name, html) = match file.rsplit_once('.') {
                Some((name, "html")) => (name, true),
                Some((name, _)) => (name, false),
                None => (file, false),
            };
            if name.contains('/') {
                continue;
            }
            match signature(text, html) {
                Ok(sig) => {
                    by_name.insert(name.to_string(), (template.to_string(), sig));
                }
                Err((line, message)) => {
                    let d = Diagnostic::error(display, message).with_hint(
                        "a shortcode template starts with `{#- shortcode` and its arguments (see docs/content.md)",
                    );
                    errors.push(match line {
                        Some(line) => d.at(text, line, 1),
                        None => d,
                    });
                }
            }
        }
        let reserved_ids = literal_ids(templates);
        // Shortcodes say the theme's words (`t`): a changed word renders bodies again.
        f.add(&reserved_ids)
            .add(&data.fingerprint)
            .add(&templates.words.fingerprint());
        let set = ShortcodeSet {
            templates,
            by_name,
            reserved_ids,
            fingerprint: f.finish(),
            data,
        };
        (set, errors)
    }
}

/// Every id written literally (`id="main"`, not `id="{{ x }}"`) in any template, sorted.
fn literal_ids(templates: &Templates) -> Vec<String> {
    let mut ids: Vec<String> = templates
        .sources_under("")
        .flat_map(|(_, _, text)| {
            text.match_indices(" id=\"").filter_map(move |(at, m)| {
                let rest = &text[at + m.len()..];
                let value = &rest[..rest.find('"')?];
                let literal = !value.is_empty()
                    && value
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
                literal.then(|| value.to_string())
            })
        })
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// The signature a template's header declares: Err (line, message) when it has none or
/// it is wrong.
fn signature(text: &str, html: bool) -> Result<Signature, (Option<u32>, String)> {
    let trimmed = text.trim_start();
    let lead = text.len() - trimmed.len();
    let first_line = text[..lead].matches('\n').count() as u32 + 1;
    let no_header = || {
        (
            Some(first_line),
            "a shortcode template must start with a `{#- shortcode … -#}` header".to_string(),
        )
    };
    let inner = trimmed
        .strip_prefix("{#")
        .ok_or_else(no_header)?
        .trim_start_matches('-');
    let end = inner.find("#}").ok_or_else(no_header)?;
    let inner = inner[..end].trim_end_matches('-');
    let yaml = inner
        .trim_start()
        .strip_prefix("shortcode")
        .ok_or_else(no_header)?;
    let header: Header = if yaml.trim().is_empty() {
        Header {
            args: BTreeMap::new(),
            body: false,
        }
    } else {
        serde_saphyr::from_str(yaml).map_err(|e| {
            (
                Some(first_line),
                format!("the shortcode header is not valid: {e}"),
            )
        })?
    };
    let mut args = Vec::new();
    for (name, written) in header.args {
        let (ty, required) = match written.trim().strip_suffix('?') {
            Some(t) => (t.trim(), false),
            None => (written.trim(), true),
        };
        let Some(ty) = ArgType::parse(ty) else {
            return Err((
                Some(first_line),
                format!(
                    "argument `{name}` has the type `{ty}`: write text, integer, number, bool, path or words separated by `|`"
                ),
            ));
        };
        args.push(ArgSpec { name, ty, required });
    }
    Ok(Signature {
        args,
        body: header.body,
        html,
    })
}

impl Shortcodes for ShortcodeSet<'_> {
    fn signature(&self, name: &str) -> Option<&Signature> {
        self.by_name.get(name).map(|(_, s)| s)
    }

    fn names(&self) -> Vec<&str> {
        self.by_name.keys().map(String::as_str).collect()
    }

    fn data(&self, path: &str) -> Option<serde_json::Value> {
        crate::data::at(&self.data.tree, path).cloned()
    }

    fn run(&self, call: &Call, body: Option<&str>) -> Result<String, String> {
        self.run_in(crate::language::DEFAULT, call, body)
    }
}

/// The shortcodes as a page in one language calls them: their templates say the
/// theme's words in it (`t`, as every template has), so a Welsh page's video link says
/// "Gwyliwch y fideo".
pub struct InLanguage<'s, 'a> {
    pub set: &'s ShortcodeSet<'a>,
    pub lang: crate::language::LangId,
}

impl Shortcodes for InLanguage<'_, '_> {
    fn signature(&self, name: &str) -> Option<&Signature> {
        self.set.signature(name)
    }

    fn names(&self) -> Vec<&str> {
        self.set.names()
    }

    fn data(&self, path: &str) -> Option<serde_json::Value> {
        self.set.data(path)
    }

    fn run(&self, call: &Call, body: Option<&str>) -> Result<String, String> {
        self.set.run_in(self.lang, call, body)
    }
}

impl ShortcodeSet<'_> {
    fn run_in(
        &self,
        lang: crate::language::LangId,
        call: &Call,
        body: Option<&str>,
    ) -> Result<String, String> {
        let Some((template, _)) = self.by_name.get(&call.name) else {
            return Err("no such shortcode".into());
        };
        let mut ctx = tera::Context::new();
        ctx.insert_value("t", self.templates.words.for_template(lang));
        // The site's data first: an argument called `data` (`table`'s) is what its
        // template means by `data`.
        ctx.insert("data", &self.data.tree);
        // An optional argument not given is left undefined: `{% if caption %}` is
        // false and `| default(value=…)` applies.
        for (k, v) in &call.args {
            ctx.insert(k.clone(), v);
        }
        if let Some(body) = body {
            ctx.insert("body", body);
        }

        self.templates.tera.render(template, &ctx).map_err(|e| {
            // Said in one line at the call: where in the template, and what.
            let d = self.templates.diagnostic(&e, None);
            match (d.line, d.column) {
                (Some(l), Some(c)) => format!("{}:{l}:{c}: {}", d.path.display(), d.message),
                _ => format!("{}: {}", d.path.display(), d.message),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_declare_typed_arguments() {
        let sig = signature(
            "{#- shortcode\nargs:\n  src: path\n  n: integer?\n  kind: note|warning\nbody: true\n-#}\n<x>",
            true,
        )
        .unwrap();
        assert!(sig.body && sig.html);
        assert_eq!(
            sig.args,
            [
                ArgSpec {
                    name: "kind".into(),
                    ty: ArgType::OneOf(vec!["note".into(), "warning".into()]),
                    required: true
                },
                ArgSpec {
                    name: "n".into(),
                    ty: ArgType::Integer,
                    required: false
                },
                ArgSpec {
                    name: "src".into(),
                    ty: ArgType::Path,
                    required: true
                },
            ]
        );
        assert!(
            signature("{# shortcode #}x", false)
                .unwrap()
                .args
                .is_empty()
        );
        assert_eq!(signature("\n\n<x>", true).unwrap_err().0, Some(3));
        assert!(
            signature("{#- shortcode\nargs:\n  a: colour\n#}", true)
                .unwrap_err()
                .1
                .contains("colour")
        );
    }
}
