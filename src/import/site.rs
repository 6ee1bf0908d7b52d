//! The site's own settings, carried over from the old config file into `site.yaml`:
//! title, base URL, description, language, time zone, authors and (for cState) the
//! severity levels. What is missing or not in daylight's form is noted, never guessed
//! silently.

use serde_json::Value;

use super::front::{self, Field};
use super::keys::text;
use super::report::{Note, Report};

/// An author carried over from a data file.
#[derive(Debug, Clone, Default)]
pub struct Author {
    pub name: Option<String>,
    pub role: Option<String>,
    pub bio: Option<String>,
    pub url: Option<String>,
    /// The author page's old URLs: redirects to daylight's page for them.
    pub aliases: Vec<String>,
}

/// The settings found in the old site, each with the file it came from.
#[derive(Debug, Default)]
pub struct SiteSettings {
    /// The config file read, relative to SRC (for notes); empty when there was none.
    pub config_file: String,
    pub title: Option<String>,
    pub base_url: Option<String>,
    pub description: Option<String>,
    pub language: Option<String>,
    pub timezone: Option<String>,
    /// Why `timezone` is what it is, when the generator decides it (Hugo reads dates
    /// without an offset as UTC).
    pub timezone_why: Option<String>,
    pub authors: Vec<(String, Author)>,
    /// The data file the authors came from.
    pub authors_file: String,
    /// Severity levels (id, name, description), most severe first.
    /// Severity levels: id, name, description and meaning (critical, major, minor, info).
    pub severities: Vec<(String, String, String, String)>,
}

impl SiteSettings {
    /// The zone dates without an offset are read in: the one carried over if daylight
    /// knows it, else daylight's default.
    pub fn timezone_or_default(&self) -> jiff::tz::TimeZone {
        self.timezone
            .as_deref()
            .and_then(|z| jiff::tz::TimeZone::get(z).ok())
            .unwrap_or_else(|| {
                jiff::tz::TimeZone::get("Europe/London").unwrap_or(jiff::tz::TimeZone::UTC)
            })
    }

    /// Reads authors from a data file's value: a mapping of id to details, or a list of
    /// details each with a name.
    pub fn read_authors(&mut self, file: &str, value: &Value, notes: &mut Vec<Note>) {
        let entries: Vec<(String, &Value)> = match value {
            Value::Object(m) => m.iter().map(|(k, v)| (k.clone(), v)).collect(),
            Value::Array(items) => items
                .iter()
                .filter_map(|v| {
                    let id = v
                        .get("id")
                        .or_else(|| v.get("name"))
                        .and_then(text)
                        .map(slug::slugify)?;
                    Some((id, v))
                })
                .collect(),
            _ => Vec::new(),
        };
        for (id, v) in entries {
            let a = author(file, &id, v, notes);
            self.authors.push((id, a));
        }
        if !self.authors.is_empty() {
            self.authors_file = file.to_string();
            notes.push(Note::mapped(
                file,
                0,
                format!(
                    "{} authors carried over to `authors:` in site.yaml",
                    self.authors.len()
                ),
            ));
        }
    }
}

/// An author's details in site.yaml's terms, from one entry of a data file or one
/// document of an authors collection (`id` names it in notes).
pub fn author(file: &str, id: &str, v: &Value, notes: &mut Vec<Note>) -> Author {
    let get = |keys: &[&str]| keys.iter().find_map(|k| v.get(*k).and_then(text));
    let mut a = Author {
        // A full name before `name`, which is often the id again (`name: gray`).
        name: get(&["full_name", "display_name", "name", "title"]),
        role: get(&["role", "job_title", "position"]),
        bio: get(&["bio", "description", "about"]),
        url: get(&["url", "website", "web", "homepage", "uri"]),
        aliases: Vec::new(),
    };
    if let Some(u) = &a.url
        && !is_link(u)
    {
        notes.push(Note::person(
                    file,
                    0,
                    format!("author `{id}`: `{u}` is not a link daylight publishes (https://, http://, mailto: or a path): left out"),
                ));
        a.url = None;
    }
    if a.name.is_none() && v.is_string() {
        a.name = text(v);
    }
    if a.name.is_none() {
        notes.push(Note::person(
                    file,
                    0,
                    format!("author `{id}` has no name: it is shown as `{id}`; add `name:` under it in site.yaml"),
                ));
        a.name = Some(id.to_string());
    }
    a
}

impl SiteSettings {
    /// `site.yaml` for these settings; what is missing or changed is noted in `report`.
    pub fn to_yaml(&self, report: &mut Report) -> String {
        let mut fields: Vec<(String, Value)> = Vec::new();
        fields.push(("title".into(), Value::from(self.title_or_default(report))));
        fields.push((
            "base_url".into(),
            Value::from(self.base_url_or_default(report)),
        ));
        if let Some(d) = &self.description {
            let plain = plain_text(d);
            if plain != d.split_whitespace().collect::<Vec<_>>().join(" ") {
                report.add(Note::mapped(
                    &self.config_file,
                    0,
                    format!("the description is written in Markdown: site.yaml has it as plain text, \"{plain}\", as meta descriptions and the footer show it"),
                ));
            }
            fields.push(("description".into(), Value::from(plain)));
        }
        if let Some(l) = &self.language {
            fields.push(("language".into(), Value::from(l.as_str())));
        }
        if let Some(z) = self.known_timezone(report) {
            fields.push(("timezone".into(), Value::from(z)));
        }
        let yaml = front::to_yaml(&fields);
        let mut yaml = yaml
            .trim_start_matches("---\n")
            .trim_end_matches("---\n")
            .to_string();
        self.push_severities(&mut yaml);
        self.push_authors(&mut yaml);
        format!(
            "# Imported by `daylight import`: see IMPORT-REPORT.md for what needs a person.\n{yaml}"
        )
    }

    /// The site's title, or "My site" (noted).
    fn title_or_default(&self, report: &mut Report) -> String {
        match self.title.as_deref().filter(|t| !t.trim().is_empty()) {
            Some(t) => t.to_string(),
            None => {
                report.add(Note::person(
                    &self.config_file,
                    0,
                    "the old config has no site title: site.yaml says \"My site\"; set `title:`",
                ));
                "My site".to_string()
            }
        }
    }

    /// The site's absolute address, or a placeholder (noted).
    fn base_url_or_default(&self, report: &mut Report) -> String {
        match self.base_url.as_deref().map(str::trim) {
            Some(u) if is_absolute(u) => u.to_string(),
            other => {
                report.add(Note::person(
                    &self.config_file,
                    0,
                    format!(
                        "{}: site.yaml says `https://example.invalid/`; set `base_url:` to the address the site is published at",
                        match other {
                            Some(u) if !u.is_empty() => format!("the old base URL `{u}` is not an absolute http(s) address"),
                            _ => "the old config has no base URL".to_string(),
                        }
                    ),
                ));
                "https://example.invalid/".to_string()
            }
        }
    }

    /// The time zone, when it is one daylight knows; what became of it is noted.
    fn known_timezone(&self, report: &mut Report) -> Option<&str> {
        let file = self.config_file.as_str();
        match &self.timezone {
            Some(z) if jiff::tz::TimeZone::get(z).is_ok() => {
                if let Some(why) = &self.timezone_why {
                    report.add(Note::mapped(file, 0, format!("`timezone: {z}`: {why}")));
                }
                Some(z)
            }
            Some(z) => {
                report.add(Note::person(
                    file,
                    0,
                    format!("the time zone `{z}` is not an IANA zone name daylight knows: left out (daylight's default is Europe/London); set `timezone:` in site.yaml"),
                ));
                None
            }
            None => {
                report.add(Note::person(
                    file,
                    0,
                    "the old config names no time zone, so dates without an offset were read in the build machine's: daylight reads them in Europe/London unless site.yaml says `timezone:`",
                ));
                None
            }
        }
    }

    // The lists below are written by hand so each entry reads in daylight's order (id or
    // name first); a JSON map would sort its keys.

    /// `severities:`, when the old site had its own.
    fn push_severities(&self, yaml: &mut String) {
        let q = |s: &str| front::scalar_text(s.trim());
        if self.severities.is_empty() {
            return;
        }
        yaml.push_str("severities:\n");
        for (id, name, description, meaning) in &self.severities {
            yaml.push_str(&format!(
                "  - id: {}\n    name: {}\n    description: {}\n    meaning: {}\n",
                q(id),
                q(name),
                q(description),
                q(meaning)
            ));
        }
    }

    /// `authors:`, when the old site had data about them.
    fn push_authors(&self, yaml: &mut String) {
        let q = |s: &str| front::scalar_text(s.trim());
        if self.authors.is_empty() {
            return;
        }
        yaml.push_str("authors:\n");
        for (id, a) in &self.authors {
            yaml.push_str(&format!("  {}:\n", q(id)));
            for (k, v) in [
                ("name", &a.name),
                ("role", &a.role),
                ("bio", &a.bio),
                ("url", &a.url),
            ] {
                if let Some(v) = v {
                    yaml.push_str(&format!("    {k}: {}\n", q(v)));
                }
            }
            if !a.aliases.is_empty() {
                yaml.push_str("    aliases:\n");
                for alias in &a.aliases {
                    yaml.push_str(&format!("      - {}\n", q(alias)));
                }
            }
        }
    }
}

/// A value of a config's fields, by a dotted path (`params.description`).
pub fn lookup<'a>(fields: &'a [Field], path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let first = parts.next()?;
    let mut v = &fields.iter().find(|f| f.key == first)?.value;
    for p in parts {
        v = v.get(p)?;
    }
    Some(v)
}

/// The text at `path`, if it is text.
pub fn lookup_text(fields: &[Field], path: &str) -> Option<String> {
    lookup(fields, path)
        .and_then(text)
        .filter(|s| !s.trim().is_empty())
}

/// Markdown as the plain text it reads as: a link is its text, then its address in
/// brackets when that says more (`[here](https://x)` -> `here (https://x)`); emphasis and
/// code marks go, HTML tags go, and lines join with a space.
pub fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = String::new();
    let mut links: Vec<(String, usize)> = Vec::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => out.push(' '),
            Event::Start(Tag::Link { dest_url, .. }) => {
                links.push((dest_url.to_string(), out.len()))
            }
            Event::End(TagEnd::Link) => {
                if let Some((dest, from)) = links.pop()
                    && !dest.is_empty()
                    && out[from..].trim() != dest
                    && !dest.starts_with('#')
                {
                    out.push_str(&format!(" ({dest})"));
                }
            }
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_absolute(u: &str) -> bool {
    url::Url::parse(u).is_ok_and(|p| matches!(p.scheme(), "http" | "https") && p.host().is_some())
}

/// What daylight takes as an author's `url`.
fn is_link(u: &str) -> bool {
    is_absolute(u) || u.starts_with("mailto:") || (u.starts_with('/') && !u.starts_with("//"))
}
