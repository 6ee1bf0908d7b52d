//! `daylight new post|incident|plan|page "Title"`: a new Markdown file from the kind's
//! archetype, dated today in the site's time zone, named from the title.
//!
//! The archetype is the site's own `archetypes/<kind>.md` if it has one, else the theme's
//! `themes/<theme>/archetypes/<kind>.md`, else the default theme's (built into the binary).
//! Its placeholders (`{{ title }}`, `{{ date }}`, `{{ datetime }}`, `{{ slug }}`,
//! `{{ severity }}`, `{{ severities }}`) are replaced in one pass by plain string
//! substitution, each value escaped for a YAML double-quoted string, so archetypes write
//! `title: "{{ title }}"`. This is not a template engine on purpose: an archetype is a
//! file the author will edit, and it must read as one.
//!
//! This command writes exactly one new file (and the section folder, if `--section` names
//! one that does not exist yet). It never overwrites a file, and never writes outside
//! `content/`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use super::{NewArgs, NewKind, Printer};
use crate::config::Config;
use crate::content::Kind;
use crate::content::front_matter::{self, RawFrontMatter};
use crate::content::walk::{is_ignored_name, parent_of, read_text};
use crate::error::Diagnostic;

impl NewKind {
    fn kind(self) -> Kind {
        match self {
            NewKind::Post => Kind::Post,
            NewKind::Incident => Kind::Incident,
            NewKind::Plan => Kind::Plan,
            NewKind::Page => Kind::Page,
        }
    }
}

/// What a section's `_index.md` says about the pages under it.
#[derive(Debug, Clone, Copy)]
struct SectionInfo {
    kind: Option<Kind>,
    draft: bool,
}

pub fn new(args: &NewArgs, printer: &Printer) -> Result<i32, Diagnostic> {
    let config = match Config::load(&args.root) {
        Ok(c) => c,
        Err(ds) => return Ok(printer.stopped_by(&ds)),
    };
    let kind = args.kind.kind();
    let now = super::now(args.now.as_deref())?.to_zoned(config.timezone.clone());

    let title = args.title.trim();
    let slug = slug::slugify(title);
    if slug.is_empty() {
        return Err(Diagnostic::error(
            "TITLE",
            format!("the title `{title}` has no letters or digits to name the file with"),
        )
        .with_hint(format!(
            "give the {} a title in words: daylight new {} \"What we learnt\"",
            kind.name(),
            kind.name()
        )));
    }

    let sections = find_sections(&config);
    let dir = match &args.section {
        Some(section) => section_dir(&config, section)?,
        None => default_section(&sections, kind)?,
    };
    let date = now.strftime("%Y-%m-%d").to_string();
    // A translation is named as its source with the language's code: `x.cy.md`.
    let suffix = match &args.lang {
        Some(code) => format!(".{}", language_code(&config, code)?),
        None => String::new(),
    };
    let file_name = match kind {
        Kind::Post | Kind::Incident => format!("{date}-{slug}{suffix}.md"),
        Kind::Plan | Kind::Page => format!("{slug}{suffix}.md"),
    };
    let rel = if dir.is_empty() {
        file_name
    } else {
        format!("{dir}/{file_name}")
    };

    let archetype = archetype(&config, kind)?;
    let lowest = config.severities.last();
    let severities: Vec<String> = config
        .severities
        .iter()
        .map(|s| format!("{} ({})", s.id, s.name))
        .collect();
    let values = [
        ("title", title.to_string()),
        ("slug", slug.clone()),
        ("date", date),
        ("datetime", now.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()),
        (
            "severity",
            lowest.map(|s| s.id.to_string()).unwrap_or_default(),
        ),
        ("severities", severities.join(", ")),
    ];
    let mut text = fill(&archetype, &values);
    if inherited_kind(&sections, &dir) != kind {
        text = with_kind_line(&text, kind);
    }

    let path = config.content_dir().join(&rel);
    let display = PathBuf::from("content").join(&rel);
    write_new(&path, &display, &text)?;
    printer.detail(&format!("wrote a new {} from its archetype", kind.name()));
    // The path as the user would type it from here, so `$EDITOR $(daylight new …)` works.
    crate::printer::print_out(&format!(
        "{}\n",
        args.root.join("content").join(&rel).display()
    ))?;
    Ok(0)
}

/// `--lang`: one of site.yaml's languages other than the default, as its code is written
/// there.
fn language_code<'c>(config: &'c Config, code: &str) -> Result<&'c str, Diagnostic> {
    let others = config.languages.iter().skip(1);
    if let Some(l) = others
        .clone()
        .find(|l| l.code.eq_ignore_ascii_case(code.trim()))
    {
        return Ok(&l.code);
    }
    let hint = match config.languages.first() {
        None => "site.yaml has no `languages:`: add them first (see docs/bilingual.md)".to_string(),
        Some(default) => {
            let codes: Vec<String> = others.map(|l| format!("`{}`", l.code)).collect();
            if codes.is_empty() {
                format!(
                    "site.yaml lists only `{}`, the default: add the translation's language under `languages:`",
                    default.code
                )
            } else {
                format!(
                    "the site's other languages are {}; a page in the default language (`{}`) needs no --lang",
                    codes.join(", "),
                    default.code
                )
            }
        }
    };
    Err(Diagnostic::error(
        "--lang",
        format!("`{code}` is not one of the site's other languages"),
    )
    .with_hint(hint))
}

/// Every `_index.md` under content/, by folder ("" for content/ itself).
fn find_sections(config: &Config) -> BTreeMap<String, SectionInfo> {
    let content = config.content_dir();
    let mut out = BTreeMap::new();
    let walker = walkdir::WalkDir::new(&content)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() == "_index.md");
    for entry in walker {
        let rel = entry
            .path()
            .strip_prefix(&content)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let display = crate::site_relative(&config.root, entry.path());
        // A section that cannot be read is reported by `build`; here it just has no kind.
        let raw = read_text(entry.path(), &display).ok().and_then(|text| {
            let split = front_matter::split(&text, &display).ok()?;
            crate::yaml::parse_keeping_duplicates::<RawFrontMatter>(
                split.yaml,
                &display,
                &text,
                split.yaml_first_line,
            )
            .ok()
        });
        let info = SectionInfo {
            kind: raw.as_ref().and_then(|r| {
                let name = r.kind.as_ref()?.value.as_str().trim().to_ascii_lowercase();
                Kind::NAMED
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, k)| *k)
            }),
            draft: raw.as_ref().is_some_and(|r| r.draft),
        };
        out.insert(parent_of(&rel).to_string(), info);
    }
    out
}

/// The first section (in path order) whose `_index.md` gives pages this kind.
fn default_section(
    sections: &BTreeMap<String, SectionInfo>,
    kind: Kind,
) -> Result<String, Diagnostic> {
    let found = sections
        .iter()
        .find(|(_, s)| s.kind == Some(kind) && !s.draft)
        .map(|(dir, _)| dir.clone());
    match (found, kind) {
        (Some(dir), _) => Ok(dir),
        (None, Kind::Page) => Ok(String::new()),
        (None, _) => Err(Diagnostic::error(
            "content",
            format!("no section is for {}s", kind.name()),
        )
        .with_hint(format!(
            "make one (a folder with an _index.md saying `kind: {}`), or name a folder with --section",
            kind.name()
        ))),
    }
}

/// The kind a page in `dir` gets: the nearest `_index.md` that says, else page.
fn inherited_kind(sections: &BTreeMap<String, SectionInfo>, dir: &str) -> Kind {
    let mut d = dir;
    loop {
        if let Some(kind) = sections.get(d).and_then(|s| s.kind) {
            return kind;
        }
        if d.is_empty() {
            return Kind::Page;
        }
        d = parent_of(d);
    }
}

/// `--section blog` (or `content/blog`, as tab completion gives it) as a folder under
/// content/, with `/` separators; never one outside it.
fn section_dir(config: &Config, section: &Path) -> Result<String, Diagnostic> {
    let mut parts = Vec::new();
    for c in section.components() {
        match c {
            Component::Normal(name) => parts.push(name.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => {
                return Err(Diagnostic::error(
                    section,
                    "--section must be a folder inside content/",
                )
                .with_hint("name it relative to content/, e.g. --section blog"));
            }
        }
    }
    if parts.first().is_some_and(|p| p == "content")
        && !config.content_dir().join("content").is_dir()
    {
        parts.remove(0);
    }
    if parts.iter().any(|p| is_ignored_name(p)) {
        return Err(Diagnostic::error(
            section,
            "daylight ignores this folder (a hidden or editor's file name)",
        )
        .with_hint("choose a folder name that does not start with `.` or `#`"));
    }
    Ok(parts.join("/"))
}

/// The kind's archetype: the site's, the theme's, or the built-in default theme's.
fn archetype(config: &Config, kind: Kind) -> Result<String, Diagnostic> {
    let name = format!("{}.md", kind.name());
    let mut candidates = vec![config.root.join("archetypes").join(&name)];
    if let Some(theme) = config.theme_dir() {
        candidates.push(theme.join("archetypes").join(&name));
    }
    let real_root = crate::inside::real_root(&config.root);
    for path in candidates {
        if path.is_file() {
            // The new page is published: it must not be made from a file outside the site.
            crate::inside::check(&path, &config.root, &real_root)?;
            return read_text(&path, &crate::site_relative(&config.root, &path));
        }
    }
    let builtin = crate::theme::builtin_files("archetypes")
        .into_iter()
        .find(|(n, _)| *n == name);
    match builtin {
        Some((_, bytes)) => Ok(String::from_utf8_lossy(bytes).into_owned()),
        None => Err(Diagnostic::error(
            PathBuf::from("archetypes").join(&name),
            format!("no archetype for {}s", kind.name()),
        )
        .with_hint(format!(
            "put one in archetypes/{name} (a Markdown file with front matter and {{{{ title }}}})"
        ))),
    }
}

/// `s` escaped for the inside of a YAML double-quoted string.
fn yaml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Replaces `{{ name }}` (spaces optional) with its value, escaped; in one pass, so a
/// value that itself holds `{{ … }}` stays as written. Unknown names are left alone.
fn fill(archetype: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(archetype.len() + 64);
    let mut rest = archetype;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let value = after.find("}}").and_then(|close| {
            let name = after[..close].trim();
            let (_, v) = values.iter().find(|(n, _)| *n == name)?;
            Some((close, v))
        });
        match value {
            Some((close, v)) => {
                out.push_str(&yaml_escape(v));
                rest = &after[close + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Adds `kind: <kind>` to the front matter (after the title when it comes first), for a
/// file going into a folder whose pages are of another kind.
fn with_kind_line(text: &str, kind: Kind) -> String {
    let Some(front) = text.strip_prefix("---\n") else {
        return text.to_string();
    };
    let line = format!("kind: {}\n", kind.name());
    match front.split_once('\n') {
        Some((first, rest)) if first.starts_with("title:") => {
            format!("---\n{first}\n{line}{rest}")
        }
        _ => format!("---\n{line}{front}"),
    }
}

/// Creates `path` with `text`, refusing (atomically) if it exists.
fn write_new(path: &Path, display: &Path, text: &str) -> Result<(), Diagnostic> {
    if let Some(parent) = path.parent() {
        let folder = display.parent().unwrap_or(display);
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::io(folder, "create the folder", &e))?;
    }
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Diagnostic::error(
                display,
                "this file already exists; daylight new never overwrites a file",
            )
            .with_hint("edit the existing file, or choose another title"));
        }
        Err(e) => return Err(Diagnostic::io(display, "create the file", &e)),
    };
    file.write_all(text.as_bytes())
        .map_err(|e| Diagnostic::io(display, "write the file", &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_once_and_escaped_for_yaml() {
        let values = [
            ("title", r#"Say "hi" \ {{ date }}"#.to_string()),
            ("date", "2024-03-12".to_string()),
        ];
        let out = fill(
            "title: \"{{ title }}\"\ndate: {{date}}\nkeep: {{ other }} {{ unclosed",
            &values,
        );
        assert_eq!(
            out,
            "title: \"Say \\\"hi\\\" \\\\ {{ date }}\"\ndate: 2024-03-12\nkeep: {{ other }} {{ unclosed"
        );
    }

    #[test]
    fn escaped_titles_read_back_as_written() {
        #[derive(serde::Deserialize)]
        struct T {
            title: String,
        }
        for title in [
            r#"Payments "down": what happened \ why"#,
            "Tabs\tand\nnew lines",
            "# not a comment: really",
            "Café à Noël — 100%",
        ] {
            let yaml = fill("title: \"{{ title }}\"\n", &[("title", title.to_string())]);
            let t: T = serde_saphyr::from_str(&yaml).unwrap();
            assert_eq!(t.title, title, "{yaml}");
        }
    }

    #[test]
    fn the_kind_line_goes_after_the_title() {
        assert_eq!(
            with_kind_line("---\ntitle: \"A\"\ndate: x\n---\n", Kind::Post),
            "---\ntitle: \"A\"\nkind: post\ndate: x\n---\n"
        );
        assert_eq!(
            with_kind_line("---\ndate: x\n---\n", Kind::Plan),
            "---\nkind: plan\ndate: x\n---\n"
        );
        assert_eq!(
            with_kind_line("no front matter", Kind::Plan),
            "no front matter"
        );
    }

    #[test]
    fn kinds_are_inherited_from_the_nearest_section() {
        let mut sections = BTreeMap::new();
        let info = |kind| SectionInfo { kind, draft: false };
        sections.insert(String::new(), info(None));
        sections.insert("blog".to_string(), info(Some(Kind::Post)));
        sections.insert("blog/2024".to_string(), info(None));
        assert_eq!(inherited_kind(&sections, "blog/2024"), Kind::Post);
        assert_eq!(inherited_kind(&sections, "blog/2024/new"), Kind::Post);
        assert_eq!(inherited_kind(&sections, "other"), Kind::Page);
        assert_eq!(default_section(&sections, Kind::Post).unwrap(), "blog");
        assert_eq!(default_section(&sections, Kind::Page).unwrap(), "");
        assert!(default_section(&sections, Kind::Incident).is_err());
    }
}
