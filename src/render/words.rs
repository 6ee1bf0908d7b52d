//! The theme's words in each language: `themes/<theme>/i18n/<code>.yaml` (English and
//! Welsh ship with the default theme), which a site overrides key by key with its own
//! `i18n/<code>.yaml`. Templates read them as `t` (`{{ t.skip_link }}`), the table of the
//! language of the page being drawn; dates are written with its month names
//! ([`long_date`]).
//!
//! A key a language's file lacks is the English one, so a site in a language no theme
//! ships still builds; the default theme's own files have every key in both languages
//! (a test below). This module reads only `i18n/` files, and only when templates load.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

use crate::config::Config;
use crate::error::Diagnostic;
use crate::language::LangId;

/// The language whose words stand in for a missing key.
pub const FALLBACK: &str = "en";

/// Each language's table of words: one per language of a bilingual site, else one.
#[derive(Debug, Default)]
pub struct Words {
    tables: Vec<Value>,
    /// The same tables as templates read them, converted once rather than per page.
    for_templates: Vec<tera::Value>,
}

type Table = BTreeMap<String, Value>;

impl Words {
    /// The tables for the site's languages (or its `language:`), each its theme's words
    /// with the site's over them, English under both.
    pub fn load(config: &Config) -> Result<Words, Vec<Diagnostic>> {
        let codes: Vec<String> = if config.languages.is_empty() {
            vec![primary(&config.language)]
        } else {
            config.languages.iter().map(|l| primary(&l.code)).collect()
        };
        let mut errors = Vec::new();
        let mut read = |code: &str| -> Table {
            let mut table = Table::new();
            for (display, text) in sources(config, code) {
                match crate::yaml::parse::<Table>(&text, &display, &text, 1) {
                    Ok(t) => table.extend(t),
                    Err(d) => errors.push(d.with_hint(
                        "write the file as `key: words`, one a line (see the default theme's i18n/en.yaml)",
                    )),
                }
            }
            table
        };
        let english = read(FALLBACK);
        let tables: Vec<Value> = codes
            .iter()
            .map(|code| {
                let mut table = english.clone();
                if code != FALLBACK {
                    table.extend(read(code));
                }
                Value::Object(table.into_iter().collect())
            })
            .collect();
        if errors.is_empty() {
            let for_templates = tables.iter().map(tera::Value::from_serializable).collect();
            Ok(Words {
                tables,
                for_templates,
            })
        } else {
            Err(errors)
        }
    }

    /// A hash of every table, for `serve` (a changed word renders every page again).
    pub fn fingerprint(&self) -> u64 {
        let text: String = self.tables.iter().map(Value::to_string).collect();
        xxhash_rust::xxh3::xxh3_64(text.as_bytes())
    }

    /// [`Words::of`] as the templates' `t`: a cheap copy of one converted table.
    pub fn for_template(&self, lang: LangId) -> tera::Value {
        (self.for_templates.get(lang))
            .or_else(|| self.for_templates.first())
            .cloned()
            .unwrap_or_else(tera::Value::none)
    }

    /// The words of language `lang` (the only table of a site in one language).
    pub fn of(&self, lang: LangId) -> &Value {
        static EMPTY: Value = Value::Null;
        self.tables
            .get(lang)
            .or_else(|| self.tables.first())
            .unwrap_or(&EMPTY)
    }
}

/// `en-GB` -> `en`: the files are named by language, not region.
fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or(tag)
        .to_ascii_lowercase()
}

/// The files of a language's words, theme first then site: (name for messages, text).
fn sources(config: &Config, code: &str) -> Vec<(PathBuf, String)> {
    let name = format!("{code}.yaml");
    let mut out = Vec::new();
    match config.theme_dir() {
        Some(dir) => {
            let path = dir.join("i18n").join(&name);
            if let Ok(text) = std::fs::read_to_string(&path) {
                out.push((crate::site_relative(&config.root, &path), text));
            }
        }
        None => {
            if let Some(f) = crate::theme::BUILTIN_DEFAULT.get_file(format!("i18n/{name}")) {
                out.push((
                    crate::theme::builtin_display("i18n", &name),
                    String::from_utf8_lossy(f.contents()).into_owned(),
                ));
            }
        }
    }
    let own = config.root.join("i18n").join(&name);
    if let Ok(text) = std::fs::read_to_string(&own) {
        out.push((crate::site_relative(&config.root, &own), text));
    }
    out
}

/// `2026-01-05` (or a longer ISO date-time) as `5 January 2026` in the table's month
/// names (`5 Ionawr 2026`); the text as it is when it is not a date.
pub fn long_date(iso: &str, months: &[String]) -> Option<String> {
    let (y, rest) = iso.get(..10)?.split_once('-')?;
    let (m, d) = rest.split_once('-')?;
    let (year, month, day): (u32, usize, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let name = months.get(month.checked_sub(1)?)?;
    Some(format!("{day} {name} {year}"))
}

/// The English month names daylight writes dates with (`%B`).
const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date daylight wrote in English (`12 December 2026, 22:00 GMT`) with each month's
/// name in `months` (a table's); the text as it is without twelve names.
pub fn in_months(text: &str, months: &[String]) -> String {
    if months.len() != 12 {
        return text.to_string();
    }
    let mut out = text.to_string();
    for (english, name) in ENGLISH_MONTHS.iter().zip(months) {
        if english != name {
            out = out.replace(english, name);
        }
    }
    out
}

/// A table's month names (`months:`), for [`long_date`].
pub fn months(words: &Value) -> Vec<String> {
    (words.get("months").and_then(Value::as_array))
        .map(|m| {
            m.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// A word of a table, or the key itself when the table lacks it.
pub fn word<'a>(words: &'a Value, key: &'a str) -> &'a str {
    words.get(key).and_then(Value::as_str).unwrap_or(key)
}

/// One language's table as Rust code reads it: the sentences the incident pages make
/// (counts, durations, the status headline) are put together here from the same
/// words templates read as `t`, so a Welsh page says "2 awr 5 munud" where an English
/// one says "2 hours 5 minutes". A phrase with a number has two forms,
/// `<key>_one` and `<key>_other`, each with `{n}` where the number goes; Welsh puts
/// the singular noun after every number, and the two files say so each in their own
/// way rather than this code knowing either language.
#[derive(Clone, Copy)]
pub struct Say<'a>(pub &'a Value);

impl<'a> Say<'a> {
    /// A word of the table (the key when it lacks it: a theme's mistake shows).
    pub fn word(self, key: &'a str) -> &'a str {
        word(self.0, key)
    }

    /// `key`'s words with each `{name}` replaced by its value.
    pub fn fill(self, key: &'a str, values: &[(&str, &str)]) -> String {
        let mut out = self.word(key).to_string();
        for (name, value) in values {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }

    /// `n` and its noun: `<key>_one` for one, else `<key>_other`, `{n}` filled.
    pub fn count(self, key: &str, n: u64) -> String {
        let form = format!("{key}_{}", if n == 1 { "one" } else { "other" });
        let text = self.0.get(&form).and_then(Value::as_str).unwrap_or(&form);
        text.replace("{n}", &n.to_string())
    }

    /// A length of time in at most two units, the larger first ("2 days 4 hours",
    /// "3 hours 51 minutes", "45 seconds"): to the minute under a day, to the hour over.
    pub fn duration(self, seconds: u64) -> String {
        let days = seconds / 86_400;
        let hours = seconds % 86_400 / 3600;
        let minutes = seconds % 3600 / 60;
        let units: &[(u64, &str)] = if days > 0 {
            &[(days, "n_days"), (hours, "n_hours")]
        } else if hours > 0 || minutes > 0 {
            &[(hours, "n_hours"), (minutes, "n_minutes")]
        } else {
            &[(seconds, "n_seconds")]
        };
        let parts: Vec<String> = units
            .iter()
            .filter(|(n, _)| *n > 0 || seconds == 0)
            .map(|&(n, key)| self.count(key, n))
            .collect();
        parts.join(" ")
    }

    /// A date daylight wrote in English (`12 December 2026`) in this language's months.
    pub fn date(self, english: &str) -> String {
        in_months(english, &months(self.0))
    }
}

/// The default theme's own words in `code`, as a template's `t` (for tests of the
/// sentences made from them).
#[cfg(test)]
pub(crate) fn shipped_words(code: &str) -> Value {
    let f = crate::theme::BUILTIN_DEFAULT
        .get_file(format!("i18n/{code}.yaml"))
        .expect("the default theme ships this language");
    let text = String::from_utf8_lossy(f.contents()).into_owned();
    crate::yaml::parse(&text, std::path::Path::new(code), &text, 1).expect("valid YAML")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped(code: &str) -> Table {
        let f = crate::theme::BUILTIN_DEFAULT
            .get_file(format!("i18n/{code}.yaml"))
            .expect("the default theme ships this language");
        let text = String::from_utf8_lossy(f.contents()).into_owned();
        crate::yaml::parse(&text, std::path::Path::new(code), &text, 1).expect("valid YAML")
    }

    #[test]
    fn every_key_is_in_every_shipped_language() {
        let en = shipped("en");
        let cy = shipped("cy");
        let missing: Vec<&String> = en.keys().filter(|k| !cy.contains_key(*k)).collect();
        assert!(missing.is_empty(), "not in cy.yaml: {missing:?}");
        let extra: Vec<&String> = cy.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(extra.is_empty(), "in cy.yaml only: {extra:?}");
        for (k, v) in &cy {
            assert_eq!(
                std::mem::discriminant(v),
                std::mem::discriminant(&en[k]),
                "{k} is not the same shape in both"
            );
        }
        assert_eq!(cy["months"].as_array().map(Vec::len), Some(12));
    }

    #[test]
    fn every_key_a_template_uses_is_shipped() {
        let en = shipped("en");
        let mut missing = Vec::new();
        for (name, bytes) in crate::theme::builtin_files("templates") {
            let text = String::from_utf8_lossy(bytes);
            for (at, _) in text.match_indices("t.") {
                let before = text[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
                let key: String = text[at + 2..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !key.is_empty() && !en.contains_key(&key) {
                    missing.push(format!("{name}: t.{key}"));
                }
            }
        }
        assert!(missing.is_empty(), "{missing:?}");
    }

    #[test]
    fn durations_are_said_in_the_language_s_words() {
        let en = shipped_words("en");
        let en = Say(&en);
        assert_eq!(en.duration(3 * 3600 + 51 * 60), "3 hours 51 minutes");
        assert_eq!(en.duration(60), "1 minute");
        assert_eq!(en.duration(2 * 86_400 + 4 * 3600 + 59), "2 days 4 hours");
        assert_eq!(en.duration(2 * 86_400 + 59), "2 days");
        assert_eq!(en.duration(45), "45 seconds");
        assert_eq!(en.duration(0), "0 seconds");
        let cy = shipped_words("cy");
        let cy = Say(&cy);
        assert_eq!(cy.duration(2 * 3600 + 5 * 60), "2 awr 5 munud");
        assert_eq!(cy.duration(60), "1 munud");
        assert_eq!(cy.duration(3 * 86_400 + 3600), "3 diwrnod 1 awr");
        assert_eq!(cy.duration(45), "45 eiliad");
    }

    #[test]
    fn dates_take_the_language_s_month_names() {
        let cy = months(&Value::Object(shipped("cy").into_iter().collect()));
        let en = months(&Value::Object(shipped("en").into_iter().collect()));
        assert_eq!(
            long_date("2026-01-05", &cy).as_deref(),
            Some("5 Ionawr 2026")
        );
        assert_eq!(
            long_date("2026-07-31T10:00:00+01:00", &cy).as_deref(),
            Some("31 Gorffennaf 2026")
        );
        assert_eq!(
            long_date("2026-01-05", &en).as_deref(),
            Some("5 January 2026")
        );
        assert_eq!(long_date("soon", &en), None);
        assert_eq!(
            in_months("12 December 2026, 22:00 GMT", &cy),
            "12 Rhagfyr 2026, 22:00 GMT"
        );
        assert_eq!(
            in_months("12 December 2026, 22:00 GMT", &en),
            "12 December 2026, 22:00 GMT"
        );
    }
}
