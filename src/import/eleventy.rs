//! An Eleventy site: Markdown templates anywhere in the input folder, with front matter
//! and folder data files (`posts/posts.json`, `*.11tydata.json`), global data in `_data/`,
//! and files copied by `addPassthroughCopy`.
//!
//! Eleventy's config is JavaScript, which import does not run: the input, includes and
//! data folders and the passthrough copies are read from its text where they are plain
//! strings, and what cannot be read that way is noted. A page's old URL is its
//! `permalink` (with `page.fileSlug`, `page.filePathStem` and `title | slugify` filled
//! in), else its path (`posts/x.md` -> `/posts/x/`, `index.md` -> its folder).

use std::path::Path;

use serde_json::Value;

use super::front::Field;
use super::keys::{self, Dialect};
use super::old_urls;
use super::report::Note;
use super::{CopyFile, CopyKind, Plan, SourcePage};
use crate::error::Diagnostic;

const CONFIG_NAMES: [&str; 5] = [
    "eleventy.config.js",
    "eleventy.config.mjs",
    "eleventy.config.cjs",
    ".eleventy.js",
    ".eleventy.cjs",
];

/// Templates in the other languages Eleventy reads, which daylight does not.
const OTHER_TEMPLATES: [&str; 14] = [
    ".njk",
    ".liquid",
    ".html",
    ".htm",
    ".11ty.js",
    ".11ty.cjs",
    ".11ty.mjs",
    ".hbs",
    ".ejs",
    ".pug",
    ".haml",
    ".mustache",
    ".webc",
    ".jsx",
];

struct Config {
    file: String,
    input: String,
    includes: String,
    data: String,
    output: String,
    passthrough: Vec<String>,
}

pub fn plan(src: &Path) -> Result<Plan, Diagnostic> {
    let mut plan = Plan::default();
    let config = read_config(src, &mut plan)?;
    let input_prefix = if config.input.is_empty() {
        String::new()
    } else {
        format!("{}/", config.input)
    };
    plan.content_root = input_prefix.clone();
    plan.site.config_file = config.file.clone();
    plan.site.timezone = Some("UTC".to_string());
    plan.site.timezone_why = Some(
        "Eleventy reads dates without an offset as UTC, so they are read as UTC here too"
            .to_string(),
    );
    let data_prefix = format!("{input_prefix}{}/", config.data);
    read_site_data(src, &data_prefix, &mut plan);
    let ignored = read_ignore(src);
    let skip = |rel: &str| {
        let inner = rel.strip_prefix(&input_prefix).unwrap_or(rel);
        inner == config.output
            || inner == "node_modules"
            || rel == "node_modules"
            || ignored
                .iter()
                .any(|i| rel == i || rel.starts_with(&format!("{i}/")))
    };
    let mut not_copied = 0;
    let mut lists = Vec::new();
    let files = super::files_under(src, &config.input, &skip, &mut plan.notes);
    let at = Folders {
        input: &input_prefix,
        data: &data_prefix,
        includes: &config.includes,
        passthrough: &config.passthrough,
    };
    for rel in &files {
        match sort_file(src, rel, &at, &mut plan) {
            Sorted::Done => {}
            Sorted::List(page) => lists.push(*page),
            Sorted::NotCopied => not_copied += 1,
        }
    }
    if not_copied > 0 {
        plan.notes.push(Note::mapped(
            &config.file,
            0,
            format!("{not_copied} other files were not copied: Eleventy did not publish them (no `addPassthroughCopy` names them)"),
        ));
    }
    if src
        .join(format!("{input_prefix}{}", config.includes))
        .is_dir()
    {
        plan.notes.push(Note::person(
            &format!("{input_prefix}{}", config.includes),
            0,
            "layouts and includes are not carried over: daylight's theme does their job; move what your pages need into templates/ or static/",
        ));
    }
    super::index_pages_to_sections(&mut plan);
    for list in lists {
        list_to_section(list, &mut plan);
    }
    Ok(plan)
}

/// Where an Eleventy site keeps its pages and data, as path prefixes.
struct Folders<'a> {
    /// The input folder, with its `/` (empty: the site's folder).
    input: &'a str,
    /// The data folder under it, with its `/`.
    data: &'a str,
    /// The includes folder, inside the input folder.
    includes: &'a str,
    passthrough: &'a [String],
}

/// What became of one file under the input folder.
enum Sorted {
    /// Taken into the plan (a page, data, a static file), noted, or left out knowingly.
    Done,
    /// A paginated list, made a section's page once every page is known.
    List(Box<SourcePage>),
    /// Not published by Eleventy, so not copied (counted in one note).
    NotCopied,
}

/// Takes the file `rel` into the plan by what it is: data, a passthrough copy, a
/// Markdown page, a template daylight does not read, or none of these.
fn sort_file(src: &Path, rel: &str, at: &Folders<'_>, plan: &mut Plan) -> Sorted {
    let inner = rel.strip_prefix(at.input).unwrap_or(rel);
    let name = inner.rsplit('/').next().unwrap_or(inner);
    if let Some(data) = rel.strip_prefix(at.data) {
        read_values(src, rel, data, plan);
        plan.copies.push(CopyFile {
            src: rel.to_string(),
            out: data.to_string(),
            kind: CopyKind::Data,
        });
        if name.ends_with(".js") || name.ends_with(".cjs") || name.ends_with(".mjs") {
            plan.notes.push(Note::person(
                rel,
                0,
                "a JavaScript data file: carried over to data/ as it is, but daylight cannot run it; write its data out as YAML or JSON",
            ));
        }
        return Sorted::Done;
    }
    if inner.starts_with(&format!("{}/", at.includes)) {
        return Sorted::Done;
    }
    if passes_through(inner, rel, at.passthrough) {
        plan.copies.push(CopyFile {
            src: rel.to_string(),
            out: inner.to_string(),
            kind: CopyKind::Static,
        });
    } else if super::is_markdown(name) {
        if !is_root_file(inner) || !matches!(name, "README.md" | "CHANGELOG.md" | "LICENSE.md") {
            let page = page(src, rel, inner, at.data, &mut plan.notes);
            if is_list(&page) {
                return Sorted::List(Box::new(page));
            }
            plan.pages.push(page);
        }
    } else if name.ends_with(".11tydata.json") || is_folder_data(inner) {
        // Read with the pages it applies to.
    } else if name.ends_with(".11tydata.js") || name.ends_with(".11tydata.cjs") {
        plan.notes.push(Note::person(
            rel,
            0,
            "a JavaScript data file for templates: daylight cannot run it; write what it sets into the pages' front matter",
        ));
    } else if OTHER_TEMPLATES.iter().any(|e| name.ends_with(e)) {
        plan.notes.push(Note::person(
            rel,
            0,
            "a template in a language daylight does not read (Nunjucks, Liquid, HTML, JavaScript…): not imported; daylight makes lists, feeds and the home page itself; rebuild it as a Markdown page if it has text of its own",
        ));
    } else if !is_root_file(inner)
        || !matches!(
            name,
            "package.json" | "package-lock.json" | "netlify.toml" | "vercel.json"
        )
    {
        return Sorted::NotCopied;
    }
    Sorted::Done
}

/// A template with `pagination:` in its front matter: a list, paged.
fn is_list(page: &SourcePage) -> bool {
    page.parsed
        .as_ref()
        .is_ok_and(|p| p.get("pagination").is_some())
}

/// A paginated list of `collections.<name>` is a list daylight makes itself, of a
/// section's pages: it becomes that section's `_index.md` (its title, and its text if it
/// has any beyond the template), never an empty page of its own. The section is the
/// folder whose pages are tagged `<name>`, else the folder called `<name>`, else the one
/// section of dated pages.
fn list_to_section(mut list: SourcePage, plan: &mut Plan) {
    let Ok(parsed) = &mut list.parsed else {
        return;
    };
    let line = parsed.get("pagination").map_or(0, |f| f.line);
    let data = parsed
        .get("pagination")
        .and_then(|f| f.value.get("data"))
        .and_then(keys::text)
        .unwrap_or_default();
    let collection = data
        .strip_prefix("collections.")
        .unwrap_or(&data)
        .to_string();
    let dirs = listed_folders(&plan.pages, &collection);
    let rel = list.src.clone();
    let [dir] = dirs.as_slice() else {
        plan.notes.push(Note::person(
            &rel,
            line,
            format!("a paginated list of `{data}`: not imported, as daylight makes its lists itself; which section it listed is not clear, so give that section's `_index.md` this page's title by hand"),
        ));
        return;
    };
    let out = format!("{dir}/_index.md");
    if plan.pages.iter().any(|p| p.out == out) {
        plan.notes.push(Note::person(
            &rel,
            line,
            format!("a paginated list of `{data}`: not imported, as daylight lists the section's pages itself, and `content/{out}` is already written from another file; move its title or text there by hand if they are wanted"),
        ));
        return;
    }
    // Only what a section's page says is kept: the rest set up the list.
    parsed
        .fields
        .retain(|f| matches!(f.key.as_str(), "title" | "description" | "summary"));
    list.defaults.clear();
    if parsed.body.contains("{{") || parsed.body.contains("{%") {
        parsed.body = String::new();
        plan.notes.push(Note::mapped(
            &rel,
            parsed.body_line,
            "its body, the template that drew the list, is left out: daylight draws the list itself",
        ));
    }
    let section_url = crate::urls::section(dir);
    let first_page = list.old_urls.first().cloned();
    let url_note = match first_page.as_deref() {
        Some(u) if old_urls::same(u, "/") => {
            list.old_urls.clear();
            format!(
                "; its first page was `/`, the home page, which daylight's home page now is: the list is at `{section_url}`"
            )
        }
        Some(u) => format!("; its first page was `{u}`"),
        None => String::new(),
    };
    plan.notes.push(Note::mapped(
        &rel,
        line,
        format!("a paginated list of `{data}`, which daylight makes itself: it is the section's page, `content/{out}`, not an empty page of its own{url_note}"),
    ));
    list.out = out;
    plan.pages.push(list);
}

/// The top folders a list of `collections.<collection>` may have listed: those whose
/// pages are tagged `<collection>`, else the folder of that name, else those of dated
/// pages.
fn listed_folders(pages: &[SourcePage], collection: &str) -> Vec<String> {
    let top = |p: &SourcePage| p.out.split_once('/').map(|(d, _)| d.to_string());
    let tagged = |p: &SourcePage| {
        let Ok(own) = &p.parsed else { return false };
        own.fields
            .iter()
            .chain(&p.defaults)
            .filter(|f| f.key == "tags")
            .any(|f| match &f.value {
                Value::Array(items) => items
                    .iter()
                    .any(|i| keys::text(i).as_deref() == Some(collection)),
                other => keys::text(other).as_deref() == Some(collection),
            })
    };
    let mut dirs: Vec<String> = pages.iter().filter(|p| tagged(p)).filter_map(top).collect();
    if dirs.is_empty() {
        dirs = pages
            .iter()
            .filter_map(top)
            .filter(|d| *d == collection)
            .collect();
    }
    if dirs.is_empty() {
        dirs = pages
            .iter()
            .filter(|p| {
                p.date_from_name.is_some()
                    || p.parsed.as_ref().is_ok_and(|x| x.get("date").is_some())
            })
            .filter_map(top)
            .collect();
    }
    dirs.sort();
    dirs.dedup();
    dirs
}

fn is_root_file(inner: &str) -> bool {
    !inner.contains('/')
}

/// `posts/posts.json`: data for every template in `posts/`.
fn is_folder_data(inner: &str) -> bool {
    let mut parts = inner.rsplit('/');
    let (Some(file), Some(dir)) = (parts.next(), parts.next()) else {
        return false;
    };
    file == format!("{dir}.json")
}

fn passes_through(inner: &str, rel: &str, passthrough: &[String]) -> bool {
    passthrough.iter().any(|p| {
        let p = p.trim_start_matches("./").trim_matches('/');
        [inner, rel]
            .iter()
            .any(|r| *r == p || r.starts_with(&format!("{p}/")))
    })
}

fn read_config(src: &Path, plan: &mut Plan) -> Result<Config, Diagnostic> {
    let mut config = Config {
        file: String::new(),
        input: String::new(),
        includes: "_includes".to_string(),
        data: "_data".to_string(),
        output: "_site".to_string(),
        passthrough: Vec::new(),
    };
    let Some(file) = CONFIG_NAMES.iter().find(|n| src.join(n).is_file()) else {
        plan.notes.push(Note::person(
            "",
            0,
            "no Eleventy config file: the input folder is the site's folder, and no files are copied through as they are",
        ));
        return Ok(config);
    };
    config.file = file.to_string();
    let text = super::read_text(src, file)?;
    if let Some(v) = string_after(&text, "input") {
        config.input = v.trim_start_matches("./").trim_matches('/').to_string();
    }
    for (key, slot) in [
        ("includes", &mut config.includes),
        ("data", &mut config.data),
        ("output", &mut config.output),
    ] {
        if let Some(v) = string_after(&text, key) {
            *slot = v.trim_start_matches("./").trim_matches('/').to_string();
        }
    }
    let mut rest = text.as_str();
    let mut unread = 0;
    while let Some(i) = rest.find("addPassthroughCopy(") {
        rest = &rest[i + "addPassthroughCopy(".len()..];
        let arg = rest.trim_start();
        match quoted(arg) {
            Some(s) if !s.contains('*') => config.passthrough.push(s),
            _ => {
                // `{ "from": "to" }`: the first string is the source.
                match arg.strip_prefix('{').and_then(|a| quoted(a.trim_start())) {
                    Some(s) if !s.contains('*') => config.passthrough.push(s),
                    _ => unread += 1,
                }
            }
        }
    }
    if unread > 0 {
        plan.notes.push(Note::person(
            file,
            0,
            format!("{unread} `addPassthroughCopy` calls use globs or code that import does not run: copy those files into static/ by hand"),
        ));
    }
    Ok(config)
}

/// The string literal after `key:` in JavaScript text (`input: "src"`).
fn string_after(text: &str, key: &str) -> Option<String> {
    let mut from = 0;
    while let Some(i) = text[from..].find(key) {
        let at = from + i;
        let before_ok = at == 0
            || !text[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
        let after = text[at + key.len()..].trim_start();
        if before_ok
            && let Some(rest) = after.strip_prefix(':')
            && let Some(s) = quoted(rest.trim_start())
        {
            return Some(s);
        }
        from = at + key.len();
    }
    None
}

fn quoted(text: &str) -> Option<String> {
    let q = text
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let rest = &text[1..];
    rest.find(q).map(|end| rest[..end].to_string())
}

fn read_ignore(src: &Path) -> Vec<String> {
    std::fs::read_to_string(src.join(".eleventyignore"))
        .unwrap_or_default()
        .lines()
        .map(|l| {
            l.trim()
                .trim_start_matches("./")
                .trim_end_matches('/')
                .to_string()
        })
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.contains('*'))
        .collect()
}

/// Site settings from `_data/metadata.json` or `_data/site.json` (the starter blog's).
fn read_site_data(src: &Path, data_prefix: &str, plan: &mut Plan) {
    for name in ["metadata.json", "site.json", "metadata.yaml", "site.yaml"] {
        let rel = format!("{data_prefix}{name}");
        if !src.join(&rel).is_file() {
            continue;
        }
        let Ok(v) = super::jekyll::data_value(src, &rel) else {
            continue;
        };
        let get = |k: &str| {
            v.get(k)
                .and_then(keys::text)
                .filter(|s| !s.trim().is_empty())
        };
        plan.site.config_file = rel.clone();
        // The starter blogs call the site's title `title`; others (`site.json`) `name`.
        plan.site.title = get("title").or_else(|| get("name"));
        plan.site.base_url = get("url")
            .or_else(|| get("baseUrl"))
            .or_else(|| get("base_url"));
        plan.site.description = get("description");
        plan.site.language = get("language").or_else(|| get("lang"));
        plan.notes.push(Note::mapped(
            &rel,
            0,
            "the site's title (`title`, else `name`), URL, description and language read from here",
        ));
        break;
    }
    for name in ["authors.json", "authors.yaml", "authors.yml"] {
        let rel = format!("{data_prefix}{name}");
        if let Ok(v) = super::jekyll::data_value(src, &rel) {
            plan.site.read_authors(&rel, &v, &mut plan.notes);
            break;
        }
    }
}

/// A global data file's plain text values, as templates name them: `site.json`'s
/// `email` is `site.email`.
fn read_values(src: &Path, rel: &str, data: &str, plan: &mut Plan) {
    let Some((name, _)) = data
        .rsplit_once('.')
        .filter(|(n, ext)| !n.contains('/') && matches!(*ext, "json" | "yaml" | "yml"))
    else {
        return;
    };
    if let Ok(Value::Object(m)) = super::jekyll::data_value(src, rel) {
        for (key, v) in m {
            if let Value::String(text) = v {
                plan.values
                    .insert(format!("{name}.{key}"), (text, rel.to_string()));
            }
        }
    }
}

/// The data that applies to a template: its own `<name>.11tydata.json`, then each of its
/// folders' data file, nearest first (Eleventy's cascade: nearer wins, tags add up).
fn folder_data(src: &Path, rel: &str, notes: &mut Vec<Note>) -> Vec<Field> {
    let mut files = Vec::new();
    if let Some((stem, _)) = rel.rsplit_once('.') {
        files.push(format!("{stem}.11tydata.json"));
    }
    let mut dir = Path::new(rel).parent();
    while let Some(d) = dir {
        if let Some(name) = d.file_name() {
            let name = name.to_string_lossy();
            let d = d.to_string_lossy();
            files.push(format!("{d}/{name}.11tydata.json"));
            files.push(format!("{d}/{name}.json"));
        }
        dir = d.parent();
    }
    let mut out = Vec::new();
    for f in files {
        if !src.join(&f).is_file() {
            continue;
        }
        match super::jekyll::data_value(src, &f) {
            Ok(Value::Object(m)) => {
                for (key, value) in m {
                    // Said once, against the file that sets it, not once per page.
                    if let Some(why) = keys::no_equivalent(&key) {
                        let text = format!("`{key}` left out for every page it applies to: {why}");
                        if !notes.iter().any(|n| n.file == f && n.text == text) {
                            notes.push(Note::person(&f, 0, text));
                        }
                        continue;
                    }
                    out.push(Field {
                        key,
                        value,
                        line: 0,
                    });
                }
            }
            Ok(_) => {}
            Err(d) => notes.push(Note::person(&f, d.line.unwrap_or(0) as usize, d.message)),
        }
    }
    out
}

fn page(src: &Path, rel: &str, inner: &str, _data: &str, notes: &mut Vec<Note>) -> SourcePage {
    let parsed = super::read_page(src, rel);
    let defaults = folder_data(src, rel, notes);
    let name = inner.rsplit('/').next().unwrap_or(inner);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let mut page = SourcePage {
        src: rel.to_string(),
        out: super::md_name(inner),
        parsed,
        defaults,
        old_urls: Vec::new(),
        date_from_name: super::strip_date_prefix(stem).map(|(d, _)| d.to_string()),
        dialect: Dialect::Eleventy,
        draft: false,
        post_name: None,
    };
    let Ok(parsed) = &page.parsed else {
        return page;
    };
    let permalink = parsed
        .get("permalink")
        .map(|f| (f.value.clone(), f.line))
        .or_else(|| {
            page.defaults
                .iter()
                .find(|f| f.key == "permalink")
                .map(|f| (f.value.clone(), 0))
        });
    let dir = inner.rsplit_once('/').map_or("", |(d, _)| d);
    let file_slug = if stem == "index" {
        dir.rsplit('/').next().unwrap_or("").to_string()
    } else {
        super::strip_date_prefix(stem)
            .map_or(stem, |(_, s)| s)
            .to_string()
    };
    let path_stem = format!("/{}", inner.rsplit_once('.').map_or(inner, |(p, _)| p));
    if parsed.get("pagination").is_some() {
        // The list's first page: `{% if pagination.pageNumber > 0 %}…{% endif %}` drops
        // out, and the page number is 0.
        if let Some((value, _)) = &permalink
            && let Some(pattern) = keys::text(value)
            && let Some(url) = first_page(&pattern)
        {
            page.old_urls.push(old_urls::clean(&url));
        }
        return page;
    }
    match permalink {
        Some((Value::Bool(false), line)) => {
            page.draft = true;
            notes.push(Note::person(
                rel,
                line,
                "`permalink: false`: Eleventy did not publish this page, so it is imported as a draft",
            ));
        }
        Some((value, line)) => {
            let slugs = (file_slug.as_str(), path_stem.as_str());
            if let Some(url) = permalink_url(rel, parsed, &value, line, slugs, notes) {
                page.old_urls.push(url);
            }
        }
        None => {
            let url = if stem == "index" {
                format!("/{dir}/")
            } else if dir.rsplit('/').next() == Some(stem) {
                // `posts/x/x.md` is written where `posts/x/index.md` would be.
                format!("/{dir}/")
            } else {
                format!("{path_stem}/")
            };
            page.old_urls.push(old_urls::clean(&url));
        }
    }
    page
}

/// The old URL a `permalink:` (`value`, at `line`) gave the page, with Eleventy's
/// `fileSlug` and `filePathStem` (`slugs`); None when it cannot be worked out (noted).
fn permalink_url(
    rel: &str,
    parsed: &super::front::Parsed,
    value: &Value,
    line: usize,
    (file_slug, path_stem): (&str, &str),
    notes: &mut Vec<Note>,
) -> Option<String> {
    let pattern = match value {
        Value::Object(m) => m.get("build").and_then(keys::text),
        other => keys::text(other),
    };
    let title = parsed
        .get("title")
        .and_then(|f| keys::text(&f.value))
        .unwrap_or_default();
    let own_slug = parsed.get("slug").and_then(|f| keys::text(&f.value));
    match pattern
        .as_deref()
        .map(|p| fill(p, file_slug, path_stem, &title, own_slug.as_deref()))
    {
        Some(Ok(url)) => {
            notes.push(Note::mapped(
                rel,
                line,
                "`permalink` is the page's old URL: kept as an alias where daylight's differs",
            ));
            Some(old_urls::clean(&url))
        }
        Some(Err(what)) => {
            notes.push(Note::person(
                rel,
                line,
                format!("the permalink uses `{what}`, which import does not work out: the old URL is not kept; add it to `aliases:` by hand"),
            ));
            None
        }
        None => {
            notes.push(Note::person(
                rel,
                line,
                "the permalink is not text: the old URL is not kept",
            ));
            None
        }
    }
}

/// A paginated permalink's first page, when it is plain once the parts for later pages
/// are dropped.
fn first_page(pattern: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(i) = rest.find("{%") {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let open_end = after.find("%}")? + 2;
        let tag: String = after[2..open_end - 2]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !(tag.starts_with("if pagination.pageNumber") && tag.ends_with("> 0")) {
            return None;
        }
        let close = after
            .find("{% endif %}")
            .or_else(|| after.find("{%endif%}"))?;
        rest = &after[close..];
        rest = &rest[rest.find("%}")? + 2..];
    }
    out.push_str(rest);
    let out = out.replace("{{ pagination.pageNumber }}", "0");
    (!out.contains("{{")).then_some(out)
}

/// A permalink with its `{{ … }}` filled in, or the expression import cannot work out.
fn fill(
    pattern: &str,
    file_slug: &str,
    path_stem: &str,
    title: &str,
    slug: Option<&str>,
) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let end = after.find("}}").ok_or_else(|| rest[i..].to_string())?;
        let expr: String = after[..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let value = match expr.as_str() {
            "page.fileSlug" => file_slug.to_string(),
            "page.fileSlug | slugify" | "page.fileSlug | slug" => slug::slugify(file_slug),
            "page.filePathStem" => path_stem.to_string(),
            "title | slugify" | "title | slug" => slug::slugify(title),
            "slug" => slug.map(str::to_string).ok_or_else(|| expr.clone())?,
            "slug | slugify" | "slug | slug" => slug::slugify(slug.ok_or_else(|| expr.clone())?),
            _ => return Err(format!("{{{{ {expr} }}}}")),
        };
        out.push_str(&value);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    if out.contains("{%") {
        return Err(out);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permalinks_are_filled_in() {
        assert_eq!(
            fill(
                "/blog/{{ page.fileSlug }}/",
                "hello",
                "/posts/2020-01-01-hello",
                "Hi There",
                None
            )
            .unwrap(),
            "/blog/hello/"
        );
        assert_eq!(
            fill("/{{ title | slugify }}/", "x", "/x", "Hi There", None).unwrap(),
            "/hi-there/"
        );
        assert_eq!(
            fill("/{{ page.date | date: '%Y' }}/", "x", "/x", "", None).unwrap_err(),
            "{{ page.date | date: '%Y' }}"
        );
    }

    #[test]
    fn config_strings() {
        let js = "module.exports = function(c) {\n  c.addPassthroughCopy(\"img\");\n  c.addPassthroughCopy({ \"./public/\": \"/\" });\n  return { dir: { input: \"src\", output: 'dist' } };\n};";
        assert_eq!(string_after(js, "input").as_deref(), Some("src"));
        assert_eq!(string_after(js, "output").as_deref(), Some("dist"));
        assert!(is_folder_data("posts/posts.json"));
        assert!(!is_folder_data("posts/other.json"));
    }
}
