//! A Jekyll site: `_config.yml`, `_posts/` (and `<category>/_posts/`), `_drafts/`,
//! collections, `_data/`, pages (Markdown with front matter anywhere else) and the files
//! Jekyll copies as they are.
//!
//! Posts go to `content/blog/` as `<date>-<title>.md`, pages keep their paths. A page's
//! old URL follows Jekyll's rules: `permalink:` in its front matter, else in `defaults:`,
//! else the collection's, else the site's style (`date`, `pretty`, `ordinal`, `weekdate`,
//! `none`, or a pattern), with `:categories` from the folders above `_posts` and the
//! page's `categories`. Layouts, includes, Sass and plugins are not carried over.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use super::front::{self, Field, Format};
use super::keys::{self, Dialect};
use super::old_urls::{self, DateParts};
use super::report::Note;
use super::site::{lookup, lookup_text};
use super::{CopyFile, CopyKind, Plan, SourcePage};
use crate::error::Diagnostic;

/// The folder under `content/` that posts go to.
const BLOG: &str = "blog";

/// The collection of the site's people, one document each: site.yaml's `authors:`.
const AUTHORS: &str = "authors";

/// What Jekyll leaves out unless told otherwise (its default `exclude:`), and its own.
const EXCLUDED: [&str; 12] = [
    "_site",
    ".sass-cache",
    ".jekyll-cache",
    ".jekyll-metadata",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle",
    "vendor/cache",
    "vendor/gems",
    "vendor/ruby",
];

struct Config {
    fields: Vec<Field>,
    file: String,
    style: String,
    collections: HashMap<String, Collection>,
    collections_dir: String,
    defaults: Vec<Default>,
    exclude: Vec<String>,
}

#[derive(Debug, Default, Clone)]
struct Collection {
    output: bool,
    permalink: Option<String>,
}

/// One entry of `defaults:`: front matter for the files its scope matches.
struct Default {
    path: String,
    kind: Option<String>,
    permalink: Option<String>,
    values: Vec<Field>,
}

/// Which kind of document a file is, for `defaults:` scopes and URLs.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Doc {
    Post { draft: bool },
    Page,
    Collection(String),
}

impl Doc {
    fn scope_type(&self) -> &str {
        match self {
            Doc::Post { draft: false } => "posts",
            Doc::Post { draft: true } => "drafts",
            Doc::Page => "pages",
            Doc::Collection(name) => name,
        }
    }
}

pub fn plan(src: &Path) -> Result<Plan, Diagnostic> {
    let mut plan = Plan::default();
    let config = read_config(src, &mut plan)?;
    settings(&config, src, &mut plan);
    let skip = |rel: &str| is_excluded(rel, &config.exclude);
    let files = super::files_under(src, "", &skip, &mut plan.notes);
    let mut not_carried: Vec<String> = Vec::new();
    for rel in files {
        if is_excluded(&rel, &config.exclude) {
            continue;
        }
        classify(src, &rel, &config, &mut plan, &mut not_carried);
    }
    for dir in not_carried {
        plan.notes.push(Note::person(
            &dir,
            0,
            format!("`{dir}/` (Jekyll's layouts, includes, Sass or plugins) is not carried over: daylight's theme does their job; move anything your pages need into a theme override (templates/ or static/)"),
        ));
    }
    super::index_pages_to_sections(&mut plan);
    plan.post_sections.push(BLOG.to_string());
    Ok(plan)
}

fn read_config(src: &Path, plan: &mut Plan) -> Result<Config, Diagnostic> {
    let (fields, file, config_text) = read_config_file(src)?;
    if file.is_empty() {
        plan.notes.push(Note::person(
            "",
            0,
            "no _config.yml: Jekyll's defaults are used for URLs, and site.yaml needs a title and base URL",
        ));
    }
    let style = lookup_text(&fields, "permalink").unwrap_or_else(|| "date".to_string());
    let collections = read_collections(&fields);
    let defaults = read_defaults(&fields, &file, &config_text, plan);
    if lookup(&fields, "excerpt_separator").is_some() {
        plan.notes.push(Note::person(
            &file,
            0,
            "`excerpt_separator` is set: daylight ends a summary at `<!-- more -->`; write that where your separator is",
        ));
    }
    let mut exclude: Vec<String> = EXCLUDED.iter().map(|s| s.to_string()).collect();
    if let Some(Value::Array(items)) = lookup(&fields, "exclude") {
        exclude.extend(items.iter().filter_map(keys::text));
    }
    Ok(Config {
        collections_dir: lookup_text(&fields, "collections_dir")
            .map(|d| d.trim_matches('/').to_string())
            .unwrap_or_default(),
        fields,
        file,
        style,
        collections,
        defaults,
        exclude,
    })
}

/// The config's fields, its file name and its text; all empty when the site has none.
fn read_config_file(src: &Path) -> Result<(Vec<Field>, String, String), Diagnostic> {
    for name in ["_config.yml", "_config.yaml", "_config.toml"] {
        if src.join(name).is_file() {
            let text = super::read_text(src, name)?;
            let fields = if name.ends_with(".toml") {
                let parsed = front::parse(&format!("+++\n{text}\n+++\n"), Path::new(name))?;
                parsed.fields
            } else {
                front::yaml_fields(&text, &text, 1, Path::new(name))?
            };
            return Ok((fields, name.to_string(), text));
        }
    }
    Ok((Vec::new(), String::new(), String::new()))
}

/// `collections:`, as a map of settings or a list of names.
fn read_collections(fields: &[Field]) -> HashMap<String, Collection> {
    let mut collections = HashMap::new();
    match lookup(fields, "collections") {
        Some(Value::Object(m)) => {
            for (name, v) in m {
                collections.insert(
                    name.clone(),
                    Collection {
                        output: v.get("output") == Some(&Value::Bool(true)),
                        permalink: v.get("permalink").and_then(keys::text),
                    },
                );
            }
        }
        Some(Value::Array(items)) => {
            for name in items.iter().filter_map(keys::text) {
                collections.insert(name, Collection::default());
            }
        }
        _ => {}
    }
    collections
}

/// `defaults:`, each entry's scope and values; a value daylight has no equivalent for
/// is left out and noted at its line of `file` (whose text is `config_text`).
fn read_defaults(fields: &[Field], file: &str, config_text: &str, plan: &mut Plan) -> Vec<Default> {
    let mut defaults = Vec::new();
    // How many times each key left out has been met, to give each note its own line.
    let mut met: HashMap<String, usize> = HashMap::new();
    let Some(Value::Array(items)) = lookup(fields, "defaults") else {
        return defaults;
    };
    for item in items {
        let scope = item.get("scope");
        let mut d = Default {
            path: scope
                .and_then(|s| s.get("path"))
                .and_then(keys::text)
                .unwrap_or_default(),
            kind: scope.and_then(|s| s.get("type")).and_then(keys::text),
            permalink: None,
            values: Vec::new(),
        };
        if let Some(Value::Object(values)) = item.get("values") {
            for (k, v) in values {
                if k == "permalink" {
                    d.permalink = keys::text(v);
                } else if let Some(why) = keys::no_equivalent(k) {
                    let n = met.entry(k.clone()).or_default();
                    let line = defaults_value_lines(config_text, k)
                        .get(*n)
                        .copied()
                        .unwrap_or(0);
                    *n += 1;
                    plan.notes.push(Note::person(
                        file,
                        line,
                        format!(
                            "`defaults:` set `{k}` for {}; left out: {why}",
                            match &d.kind {
                                Some(t) => format!("the {t}"),
                                None => "some pages".to_string(),
                            }
                        ),
                    ));
                } else {
                    d.values.push(Field {
                        key: k.clone(),
                        value: v.clone(),
                        line: 0,
                    });
                }
            }
        }
        defaults.push(d);
    }
    defaults
}

/// The lines of `key:` under a `values:` of the top-level `defaults:` in a YAML config, in
/// order: the n-th is the n-th entry's that sets it (each entry sets a key once). Read from
/// the text, as the parsed config keeps no lines below its top-level keys.
fn defaults_value_lines(text: &str, key: &str) -> Vec<usize> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut lines = Vec::new();
    let mut in_defaults = false;
    // The indentation of the `values:` being read, if the last block opened was one.
    let mut values_at: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start().trim_start_matches("- ").trim_start();
        if line.trim().is_empty() || t.starts_with('#') {
            continue;
        }
        if indent(line) == 0 && !line.starts_with('-') {
            in_defaults = line.starts_with("defaults:");
            values_at = None;
            continue;
        }
        if !in_defaults {
            continue;
        }
        let name = t.split(':').next().unwrap_or("").trim();
        let at = indent(line);
        if values_at.is_some_and(|v| at <= v) {
            values_at = None;
        }
        if name == "values" || name == "scope" {
            values_at = (name == "values").then_some(at);
        } else if values_at.is_some() && name == key && t[key.len()..].trim_start().starts_with(':')
        {
            lines.push(i + 1);
        }
    }
    lines
}

fn settings(config: &Config, src: &Path, plan: &mut Plan) {
    let f = &config.fields;
    // `{{ site.email }}` in a page is the config's value, filled in by import.
    for field in f {
        if let Value::String(v) = &field.value
            && field.key != "baseurl"
        {
            plan.values.insert(
                format!("site.{}", field.key),
                (v.clone(), config.file.clone()),
            );
        }
    }
    let site = &mut plan.site;
    site.config_file = config.file.clone();
    site.title = lookup_text(f, "title");
    site.description = lookup_text(f, "description");
    site.base_url = lookup_text(f, "url").map(|u| {
        let base = lookup_text(f, "baseurl").unwrap_or_default();
        format!("{}/{}", u.trim_end_matches('/'), base.trim_matches('/'))
            .trim_end_matches('/')
            .to_string()
    });
    site.language = lookup_text(f, "lang").or_else(|| lookup_text(f, "locale"));
    site.timezone = lookup_text(f, "timezone");
    let data_dir = lookup_text(f, "data_dir").unwrap_or_else(|| "_data".to_string());
    for name in ["authors.yml", "authors.yaml", "authors.json"] {
        let rel = format!("{data_dir}/{name}");
        if src.join(&rel).is_file() {
            match data_value(src, &rel) {
                Ok(v) => site.read_authors(&rel, &v, &mut plan.notes),
                Err(d) => {
                    plan.notes
                        .push(Note::person(&rel, d.line.unwrap_or(0) as usize, d.message))
                }
            }
            break;
        }
    }
}

/// A YAML or JSON data file's value.
pub fn data_value(src: &Path, rel: &str) -> Result<Value, Diagnostic> {
    let text = super::read_text(src, rel)?;
    if rel.ends_with(".json") {
        serde_json::from_str(&text).map_err(|e| {
            Diagnostic::error(rel, format!("this JSON cannot be read: {e}")).at(
                &text,
                e.line() as u32,
                1,
            )
        })
    } else if rel.ends_with(".toml") {
        let table: toml::Table = toml::from_str(&text).map_err(|e| {
            Diagnostic::error(rel, format!("this TOML cannot be read: {}", e.message()))
        })?;
        Ok(front::toml_to_json(toml::Value::Table(table)))
    } else {
        let node: serde_saphyr::Spanned<crate::yaml::Node> =
            crate::yaml::parse(&text, Path::new(rel), &text, 1)?;
        node.value
            .to_json()
            .map_err(|_| Diagnostic::error(rel, "a key here should be text"))
    }
}

/// Whether Jekyll leaves `rel` out (its defaults and `exclude:`; simple `*` globs).
fn is_excluded(rel: &str, exclude: &[String]) -> bool {
    exclude.iter().any(|pattern| {
        let p = pattern.trim_matches('/');
        if p.is_empty() {
            return false;
        }
        if rel == p || rel.starts_with(&format!("{p}/")) {
            return true;
        }
        p.contains('*') && {
            let name = rel.rsplit('/').next().unwrap_or(rel);
            wildcard(p, rel) || wildcard(p, name)
        }
    })
}

/// `*` matches any run of characters.
fn wildcard(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let Some((first, rest)) = parts.split_first() else {
        return false;
    };
    let Some(mut t) = text.strip_prefix(first) else {
        return false;
    };
    for (i, part) in rest.iter().enumerate() {
        if i == rest.len() - 1 {
            return t.ends_with(part);
        }
        match t.find(part) {
            Some(at) => t = &t[at + part.len()..],
            None => return false,
        }
    }
    t.is_empty()
}

fn classify(
    src: &Path,
    rel: &str,
    config: &Config,
    plan: &mut Plan,
    not_carried: &mut Vec<String>,
) {
    let parts: Vec<&str> = rel.split('/').collect();
    let name = parts[parts.len() - 1];
    let within = rel
        .strip_prefix(&format!("{}/", config.collections_dir))
        .filter(|_| !config.collections_dir.is_empty())
        .unwrap_or(rel);
    let within_parts: Vec<&str> = within.split('/').collect();
    if let Some(i) = within_parts
        .iter()
        .position(|p| *p == "_posts" || *p == "_drafts")
    {
        let draft = within_parts[i] == "_drafts";
        if super::is_markdown(name) {
            let categories: Vec<String> = within_parts[..i].iter().map(|s| s.to_string()).collect();
            post(src, rel, categories, draft, config, plan);
        } else {
            plan.copies.push(CopyFile {
                src: rel.to_string(),
                out: rel.to_string(),
                kind: CopyKind::Static,
            });
        }
        return;
    }
    let first = within_parts[0];
    if within_parts.len() > 1
        && let Some(collection) = first
            .strip_prefix('_')
            .and_then(|c| config.collections.get(c))
    {
        collection_file(
            src,
            rel,
            &within_parts,
            collection,
            config,
            plan,
            not_carried,
        );
        return;
    }
    let data_dir = lookup_text(&config.fields, "data_dir").unwrap_or_else(|| "_data".to_string());
    if let Some(inner) = rel.strip_prefix(&format!("{data_dir}/")) {
        plan.copies.push(CopyFile {
            src: rel.to_string(),
            out: inner.to_string(),
            kind: CopyKind::Data,
        });
        return;
    }
    if parts.iter().any(|p| p.starts_with('_')) {
        let top_under = parts
            .iter()
            .position(|p| p.starts_with('_'))
            .map(|i| parts[..=i].join("/"))
            .unwrap_or_default();
        if parts.len() > 1 && !not_carried.contains(&top_under) {
            not_carried.push(top_under);
        }
        return;
    }
    page_or_file(src, rel, name, config, plan);
}

/// A file of a collection (`_<name>/...` under the collections folder): a document, an
/// author, or data when the collection is not published.
fn collection_file(
    src: &Path,
    rel: &str,
    within_parts: &[&str],
    collection: &Collection,
    config: &Config,
    plan: &mut Plan,
    not_carried: &[String],
) {
    let name = within_parts[within_parts.len() - 1];
    let first = within_parts[0];
    let cname = &first[1..];
    if cname == AUTHORS && super::is_markdown(name) {
        author_document(src, rel, config, plan);
    } else if collection.output && super::is_markdown(name) {
        document(src, rel, Doc::Collection(cname.to_string()), config, plan);
    } else if !collection.output {
        plan.copies.push(CopyFile {
            src: rel.to_string(),
            out: format!("{cname}/{}", within_parts[1..].join("/")),
            kind: CopyKind::Data,
        });
        if !not_carried.contains(&first.to_string()) && !plan.notes.iter().any(|n| n.file == first)
        {
            plan.notes.push(Note::person(
                first,
                0,
                format!("the collection `{cname}` is not published (`output: false`): its files are carried over to data/{cname}/ for templates"),
            ));
        }
    }
}

/// A file outside Jekyll's folders: a Markdown page, a file Liquid made (noted, not
/// imported), or a static file.
fn page_or_file(src: &Path, rel: &str, name: &str, config: &Config, plan: &mut Plan) {
    let has_front = starts_with_front_matter(src, rel);
    if super::is_markdown(name) && has_front {
        document(src, rel, Doc::Page, config, plan);
    } else if has_front {
        let why = if name.ends_with(".scss") || name.ends_with(".sass") {
            "Sass that Jekyll compiled: not carried over; daylight's theme has its own CSS (add yours under static/)"
        } else if name.ends_with(".xml") || name.ends_with(".json") || name.ends_with(".txt") {
            "a file Jekyll made with Liquid (a feed, sitemap or search index): daylight writes its own feeds (/atom.xml, /feed.json), sitemap and search index"
        } else {
            "a page made from a layout and Liquid (often a list or archive): not imported; daylight makes its lists itself; rebuild it as a Markdown page if it has text of its own"
        };
        plan.notes.push(Note::person(rel, 1, why));
    } else {
        plan.copies.push(CopyFile {
            src: rel.to_string(),
            out: rel.to_string(),
            kind: CopyKind::Static,
        });
    }
}

fn starts_with_front_matter(src: &Path, rel: &str) -> bool {
    use std::io::Read;
    let mut start = [0u8; 64];
    let Ok(n) = std::fs::File::open(src.join(rel)).and_then(|mut f| f.read(&mut start)) else {
        return false;
    };
    let text = String::from_utf8_lossy(&start[..n]);
    let text = text.trim_start_matches('\u{feff}');
    text.lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim_end() == "---")
}

fn post(
    src: &Path,
    rel: &str,
    categories: Vec<String>,
    draft: bool,
    config: &Config,
    plan: &mut Plan,
) {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let parsed = super::read_page(src, rel);
    let mut defaults = defaults_for(config, rel, &Doc::Post { draft });
    if !categories.is_empty() {
        // The folders above `_posts/` are the post's first categories.
        defaults.push(Field {
            key: "categories".to_string(),
            value: Value::from(categories.clone()),
            line: 0,
        });
    }
    let mut page = SourcePage {
        src: rel.to_string(),
        out: format!("{BLOG}/{}", super::md_name(name)),
        parsed,
        defaults,
        old_urls: Vec::new(),
        date_from_name: super::strip_date_prefix(stem).map(|(d, _)| d.to_string()),
        dialect: Dialect::Jekyll,
        draft,
        post_name: Some(stem.to_string()),
    };
    if let Ok(parsed) = &page.parsed {
        if parsed.format == Format::None {
            plan.notes.push(Note::person(rel, 1, "a post without front matter: Jekyll did not publish it as a post; it is imported as one"));
        }
        let has_date = parsed.get("date").is_some();
        if !draft && page.date_from_name.is_none() && !has_date {
            plan.notes.push(Note::person(
                rel,
                0,
                "a post whose file name does not start with a date: Jekyll did not publish it, so it is imported as a draft",
            ));
            page.draft = true;
        }
        if !draft && !page.draft {
            match post_url(rel, stem, &categories, parsed, &page.defaults, config) {
                Ok(url) => page.old_urls.push(url),
                Err(why) => plan.notes.push(Note::person(rel, 0, why)),
            }
        }
    }
    plan.pages.push(page);
}

/// The front matter that `defaults:` gives a file, in the order Jekyll applies them
/// (later scopes win, so they come first here).
fn defaults_for(config: &Config, rel: &str, doc: &Doc) -> Vec<Field> {
    let mut out = Vec::new();
    for d in config
        .defaults
        .iter()
        .rev()
        .filter(|d| applies(d, rel, doc))
    {
        out.extend(d.values.iter().cloned());
    }
    out
}

fn applies(d: &Default, rel: &str, doc: &Doc) -> bool {
    let path = d.path.trim_matches('/');
    (path.is_empty()
        || rel == path
        || rel.starts_with(&format!("{path}/"))
        || (path.contains('*') && wildcard(path, rel)))
        && d.kind.as_deref().is_none_or(|k| k == doc.scope_type())
}

fn default_permalink(config: &Config, rel: &str, doc: &Doc) -> Option<String> {
    config
        .defaults
        .iter()
        .rev()
        .filter(|d| applies(d, rel, doc))
        .find_map(|d| d.permalink.clone())
}

/// Jekyll's built-in permalink styles, for posts.
fn style_pattern(style: &str) -> &str {
    match style {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        pattern => pattern,
    }
}

fn post_url(
    rel: &str,
    stem: &str,
    folder_categories: &[String],
    parsed: &front::Parsed,
    defaults: &[Field],
    config: &Config,
) -> Result<String, String> {
    let field = |k: &str| {
        parsed
            .get(k)
            .map(|f| &f.value)
            .or_else(|| defaults.iter().find(|f| f.key == k).map(|f| &f.value))
    };
    let pattern = field("permalink")
        .and_then(keys::text)
        .or_else(|| default_permalink(config, rel, &Doc::Post { draft: false }))
        .or_else(|| {
            config
                .collections
                .get("posts")
                .and_then(|c| c.permalink.clone())
        })
        .unwrap_or_else(|| style_pattern(&config.style).to_string());
    let pattern = style_pattern(&pattern).to_string();
    let date_text = field("date")
        .and_then(keys::text)
        .or_else(|| super::strip_date_prefix(stem).map(|(d, _)| d.to_string()));
    let date = date_text.as_deref().and_then(DateParts::read);
    let title_part = super::strip_date_prefix(stem)
        .map_or(stem, |(_, t)| t)
        .to_string();
    let mut categories: Vec<String> = folder_categories.iter().map(|c| c.to_lowercase()).collect();
    for key in ["category", "categories"] {
        if let Some(v) = field(key) {
            let words: Vec<String> = match v {
                Value::Array(items) => items.iter().filter_map(keys::text).collect(),
                other => keys::text(other)
                    .map(|s| s.split_whitespace().map(str::to_string).collect())
                    .unwrap_or_default(),
            };
            for w in words {
                let w = w.to_lowercase();
                if !categories.contains(&w) {
                    categories.push(w);
                }
            }
        }
    }
    let slug_field = field("slug").and_then(keys::text);
    let value = |token: &str| -> Option<String> {
        Some(match token {
            "categories" => categories.join("/"),
            "title" => slug_field.clone().unwrap_or_else(|| title_part.clone()),
            "slug" => slug::slugify(slug_field.as_deref().unwrap_or(&title_part)),
            "name" => title_part.clone(),
            "output_ext" => ".html".to_string(),
            "collection" => "posts".to_string(),
            "path" => rel.rsplit_once('.').map_or(rel, |(p, _)| p).to_string(),
            t => date.as_ref()?.token(t)?,
        })
    };
    old_urls::expand(&pattern, value).map_err(|token| {
        format!("the permalink `{pattern}` uses `:{token}`, which import does not know: the old URL is not kept; add it to `aliases:` by hand")
    })
}

/// A document of the `authors` collection: an entry of site.yaml's `authors:`, its id the
/// file's name. daylight makes each author's page itself (at `/authors/<name>/`), so the
/// document is not a page; its old URL cannot be kept (site.yaml authors have no
/// aliases), and is listed.
fn author_document(src: &Path, rel: &str, config: &Config, plan: &mut Plan) {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let parsed = match super::read_page(src, rel) {
        Ok(p) => p,
        Err(d) => {
            plan.notes.push(Note::person(
                rel,
                d.line.unwrap_or(0) as usize,
                format!(
                    "{}: this author is not carried over; add them to `authors:` in site.yaml",
                    d.message
                ),
            ));
            return;
        }
    };
    let v = author_fields(&parsed);
    let id = slug::slugify(stem);
    if plan.site.authors.iter().any(|(known, _)| *known == id) {
        plan.notes.push(Note::person(
            rel,
            0,
            format!(
                "author `{id}` is also in the authors data file, which is kept: compare the two"
            ),
        ));
        return;
    }
    let author = super::site::author(rel, &id, &Value::Object(v.clone()), &mut plan.notes);
    note_author_fields(rel, &id, &v, plan);
    let old = old_author_urls(rel, stem, &parsed, config);
    let new_url = format!(
        "/{AUTHORS}/{}/",
        slug::slugify(author.name.as_deref().unwrap_or(&id))
    );
    let mut author = author;
    for url in old {
        plan.notes.push(Note::mapped(
            rel,
            0,
            format!("the old URL `{url}` redirects to `{new_url}`, daylight's page for this author (it exists once they have a post): `aliases:` in site.yaml"),
        ));
        author.aliases.push(url);
    }
    plan.site.authors.push((id, author));
    if plan.site.authors_file.is_empty() {
        plan.site.authors_file = format!("_{AUTHORS}");
    }
}

/// An author document's fields, with its body as `bio` when no field says who they are.
fn author_fields(parsed: &front::Parsed) -> serde_json::Map<String, Value> {
    let mut v = serde_json::Map::new();
    for f in &parsed.fields {
        v.insert(f.key.clone(), f.value.clone());
    }
    let body = super::site::plain_text(&parsed.body);
    if !body.is_empty()
        && !["bio", "description", "about"]
            .iter()
            .any(|k| v.contains_key(*k))
    {
        v.insert("bio".to_string(), Value::from(body));
    }
    v
}

/// Notes the author `id` carried over, naming the fields of `v` site.yaml has no place
/// for.
fn note_author_fields(rel: &str, id: &str, v: &serde_json::Map<String, Value>, plan: &mut Plan) {
    let used = [
        "full_name",
        "display_name",
        "name",
        "title",
        "role",
        "job_title",
        "position",
        "bio",
        "description",
        "about",
        "url",
        "website",
        "web",
        "homepage",
        "uri",
    ];
    let mut left: Vec<&str> = v
        .keys()
        .map(String::as_str)
        .filter(|k| !used.contains(k) && !matches!(*k, "layout" | "permalink" | "redirect_from"))
        .collect();
    left.sort_unstable();
    plan.notes.push(Note::mapped(
        rel,
        0,
        format!(
            "the author `{id}` carried over to `authors:` in site.yaml{}",
            if left.is_empty() {
                String::new()
            } else {
                format!(
                    " (site.yaml has name, role, bio and url; not carried over: {})",
                    left.join(", ")
                )
            }
        ),
    ));
}

/// The URLs an author document answered at: its own, and its `redirect_from:`.
fn old_author_urls(rel: &str, stem: &str, parsed: &front::Parsed, config: &Config) -> Vec<String> {
    let mut old = Vec::new();
    let doc = Doc::Collection(AUTHORS.to_string());
    if let Ok(url) = document_url(
        rel,
        stem,
        &doc,
        parsed,
        &defaults_for(config, rel, &doc),
        config,
    ) {
        old.push(url);
    }
    if let Some(f) = parsed.get("redirect_from") {
        old.extend(match &f.value {
            Value::Array(items) => items.iter().filter_map(keys::text).collect::<Vec<_>>(),
            other => keys::text(other).into_iter().collect(),
        });
    }
    old
}

/// A page or a collection's document: same path under `content/`.
fn document(src: &Path, rel: &str, doc: Doc, config: &Config, plan: &mut Plan) {
    let parsed = super::read_page(src, rel);
    let defaults = defaults_for(config, rel, &doc);
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let out = match &doc {
        Doc::Collection(c) => {
            let inner = rel.split_once(&format!("_{c}/")).map_or(rel, |(_, i)| i);
            format!("{c}/{}", super::md_name(inner))
        }
        _ => super::md_name(rel),
    };
    let mut page = SourcePage {
        src: rel.to_string(),
        out,
        parsed,
        defaults,
        old_urls: Vec::new(),
        date_from_name: match doc {
            Doc::Collection(_) => super::strip_date_prefix(stem).map(|(d, _)| d.to_string()),
            _ => None,
        },
        dialect: Dialect::Jekyll,
        draft: false,
        post_name: None,
    };
    if let Ok(parsed) = &page.parsed {
        match document_url(rel, stem, &doc, parsed, &page.defaults, config) {
            Ok(url) => page.old_urls.push(url),
            Err(why) => plan.notes.push(Note::person(rel, 0, why)),
        }
    }
    plan.pages.push(page);
}

fn document_url(
    rel: &str,
    stem: &str,
    doc: &Doc,
    parsed: &front::Parsed,
    defaults: &[Field],
    config: &Config,
) -> Result<String, String> {
    let own = parsed
        .get("permalink")
        .map(|f| &f.value)
        .or_else(|| {
            defaults
                .iter()
                .find(|f| f.key == "permalink")
                .map(|f| &f.value)
        })
        .and_then(keys::text)
        .or_else(|| default_permalink(config, rel, doc));
    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
    let pretty = config.style == "pretty" || style_pattern(&config.style).ends_with('/');
    let (pattern, path) = match doc {
        Doc::Collection(c) => {
            let inner = rel.split_once(&format!("_{c}/")).map_or(rel, |(_, i)| i);
            let path = inner.rsplit_once('.').map_or(inner, |(p, _)| p).to_string();
            let pattern = own
                .or_else(|| config.collections.get(c).and_then(|c| c.permalink.clone()))
                .unwrap_or_else(|| "/:collection/:path:output_ext".to_string());
            (pattern, path)
        }
        _ => {
            let pattern = own.unwrap_or_else(|| {
                if stem == "index" {
                    "/:path/".to_string()
                } else if pretty {
                    "/:path/:basename/".to_string()
                } else {
                    "/:path/:basename:output_ext".to_string()
                }
            });
            (pattern, dir.to_string())
        }
    };
    let date = parsed
        .get("date")
        .and_then(|f| keys::text(&f.value))
        .and_then(|d| DateParts::read(&d));
    let value = |token: &str| -> Option<String> {
        Some(match token {
            "path" => path.clone(),
            "basename" | "name" => stem.to_string(),
            "title" => super::strip_date_prefix(stem)
                .map_or(stem, |(_, t)| t)
                .to_string(),
            "slug" => slug::slugify(stem),
            "output_ext" => ".html".to_string(),
            "collection" => match doc {
                Doc::Collection(c) => c.clone(),
                _ => String::new(),
            },
            "categories" => String::new(),
            t => date.as_ref()?.token(t)?,
        })
    };
    old_urls::expand(&pattern, value).map_err(|token| {
        format!("the permalink `{pattern}` uses `:{token}`, which import does not know: the old URL is not kept; add it to `aliases:` by hand")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excludes_and_globs() {
        let ex = vec![
            "Gemfile".to_string(),
            "docs/*.txt".to_string(),
            "*.log".to_string(),
        ];
        assert!(is_excluded("Gemfile", &ex));
        assert!(is_excluded("docs/a.txt", &ex));
        assert!(is_excluded("deep/x.log", &ex));
        assert!(!is_excluded("docs/a.md", &ex));
        assert!(wildcard("a*b*c", "a-x-b-y-c"));
        assert!(!wildcard("a*b", "a-x-c"));
    }
}
