//! A Hugo site: `hugo.toml` (or `config.*`, or `config/_default/`), `content/` with
//! sections, bundles and YAML, TOML or JSON front matter, `static/` and `data/`.
//!
//! Pages keep their paths under `content/`. A page's old URL is its `url:`, else the
//! section's pattern in `permalinks`, else Hugo's default (`/section/slug/`, or `.html`
//! with `uglyURLs`), lower-cased as Hugo makes paths. Layouts, themes, assets and i18n
//! are not carried over. cState, a Hugo theme, is read through here ([`Flavour::CState`]).

use std::path::Path;

use serde_json::Value;

use super::front::{self, Field};
use super::keys::{self, Dialect};
use super::old_urls::{self, DateParts, hugo_path};
use super::report::Note;
use super::{CopyFile, CopyKind, Plan, SourcePage};
use crate::error::Diagnostic;

/// Plain Hugo, or a cState status page (a Hugo site whose `issues` are incidents).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    Hugo,
    CState,
}

/// cState's incidents' folder under `content/`.
pub const ISSUES: &str = "issues";

const CONFIG_NAMES: [&str; 8] = [
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
];

pub fn plan(src: &Path, flavour: Flavour) -> Result<Plan, Diagnostic> {
    let mut plan = Plan::default();
    let (config, file) = read_config(src)?;
    plan.site.config_file = file.clone();
    if file.is_empty() {
        plan.notes.push(Note::person(
            "",
            0,
            "no hugo.toml or config file: Hugo's defaults are used for URLs, and site.yaml needs a title and base URL",
        ));
    }
    read_site_settings(&config, &file, &mut plan);
    let get = |path: &str| lookup_ci(&config, path);
    let text = |path: &str| {
        get(path)
            .and_then(keys::text)
            .filter(|s| !s.trim().is_empty())
    };
    let ugly = get("uglyURLs") == Some(&Value::Bool(true));
    let permalinks = get("permalinks").cloned().unwrap_or(Value::Null);
    let content_dir = text("contentDir").unwrap_or_else(|| "content".to_string());
    let static_dir = text("staticDir").unwrap_or_else(|| "static".to_string());
    let data_dir = text("dataDir").unwrap_or_else(|| "data".to_string());
    plan.content_root = format!("{}/", content_dir.trim_matches('/'));
    let urls = UrlRules { ugly, permalinks };

    add_content(src, &content_dir, &urls, flavour, &mut plan);
    copy_folder(src, &static_dir, CopyKind::Static, &mut plan);
    copy_folder(src, &data_dir, CopyKind::Data, &mut plan);
    read_authors(src, &format!("{}/", data_dir.trim_matches('/')), &mut plan);
    for dir in ["layouts", "themes", "assets", "archetypes", "i18n"] {
        if src.join(dir).is_dir() {
            plan.notes.push(Note::person(
                dir,
                0,
                format!("`{dir}/` is not carried over: daylight's theme does its job; move what your pages need into templates/ or static/"),
            ));
        }
    }
    if flavour == Flavour::CState {
        plan.incident_sections.push(ISSUES.to_string());
    }
    Ok(plan)
}

/// The site's title, address, description, language and time zone from Hugo's config
/// (`file`), and a note for a multilingual site.
fn read_site_settings(config: &[Field], file: &str, plan: &mut Plan) {
    let get = |path: &str| lookup_ci(config, path);
    let text = |path: &str| {
        get(path)
            .and_then(keys::text)
            .filter(|s| !s.trim().is_empty())
    };
    plan.site.title = text("title");
    plan.site.base_url = text("baseURL");
    plan.site.description = text("params.description").or_else(|| text("description"));
    plan.site.language = text("languageCode");
    match text("timeZone") {
        Some(z) => plan.site.timezone = Some(z),
        None => {
            plan.site.timezone = Some("UTC".to_string());
            plan.site.timezone_why = Some(
                "Hugo reads dates without an offset as UTC when `timeZone` is not set, so they are read as UTC here too"
                    .to_string(),
            );
        }
    }
    if get("languages").is_some() {
        plan.notes.push(Note::person(
            file,
            0,
            "a multilingual Hugo site: each language's pages are imported as they sit under content/; daylight's languages (issue 18) are set up by hand",
        ));
    }
}

/// Every file under the content folder: Markdown as a page, other markup noted (not
/// imported), anything else copied beside the pages.
fn add_content(src: &Path, content_dir: &str, urls: &UrlRules, flavour: Flavour, plan: &mut Plan) {
    let none = |_: &str| false;
    for rel in super::files_under(src, content_dir, &none, &mut plan.notes) {
        let inner = rel
            .strip_prefix(&plan.content_root)
            .unwrap_or(&rel)
            .to_string();
        let name = inner.rsplit('/').next().unwrap_or(&inner);
        if super::is_markdown(name) {
            let page = page(src, &rel, &inner, urls, flavour, &mut plan.notes);
            plan.pages.push(page);
        } else if [
            ".html",
            ".htm",
            ".adoc",
            ".asciidoc",
            ".org",
            ".rst",
            ".pandoc",
            ".pdc",
        ]
        .iter()
        .any(|e| name.ends_with(e))
            && !is_bundle_file(src, &rel)
        {
            plan.notes.push(Note::person(
                &rel,
                0,
                "content that is not Markdown: not imported; daylight's pages are Markdown (convert it to a .md file)",
            ));
        } else {
            plan.copies.push(CopyFile {
                src: rel.clone(),
                out: inner,
                kind: CopyKind::Content,
            });
        }
    }
}

/// Every file under `dir` (the static or data folder), to copy to the same place under
/// daylight's.
fn copy_folder(src: &Path, dir: &str, kind: CopyKind, plan: &mut Plan) {
    let none = |_: &str| false;
    let prefix = format!("{}/", dir.trim_matches('/'));
    for rel in super::files_under(src, dir, &none, &mut plan.notes) {
        let inner = rel.strip_prefix(&prefix).unwrap_or(&rel).to_string();
        plan.copies.push(CopyFile {
            src: rel,
            out: inner,
            kind,
        });
    }
}

fn read_authors(src: &Path, data_prefix: &str, plan: &mut Plan) {
    for ext in ["yaml", "yml", "toml", "json"] {
        let rel = format!("{data_prefix}authors.{ext}");
        if src.join(&rel).is_file() {
            match super::jekyll::data_value(src, &rel) {
                Ok(v) => plan.site.read_authors(&rel, &v, &mut plan.notes),
                Err(d) => {
                    plan.notes
                        .push(Note::person(&rel, d.line.unwrap_or(0) as usize, d.message))
                }
            }
            return;
        }
    }
    // One file per author: data/authors/<id>.yaml.
    let dir = format!("{data_prefix}authors");
    let none = |_: &str| false;
    let mut map = serde_json::Map::new();
    for rel in super::files_under(src, &dir, &none, &mut Vec::new()) {
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        let Some((id, _)) = name.rsplit_once('.') else {
            continue;
        };
        if let Ok(v) = super::jekyll::data_value(src, &rel) {
            map.insert(id.to_string(), v);
        }
    }
    if !map.is_empty() {
        plan.site
            .read_authors(&format!("{dir}/"), &Value::Object(map), &mut plan.notes);
    }
}

/// Whether `rel` sits in a leaf bundle (a folder with an `index.md`): a resource, not a page.
fn is_bundle_file(src: &Path, rel: &str) -> bool {
    let mut dir = Path::new(rel).parent();
    while let Some(d) = dir {
        if src.join(d).join("index.md").is_file() {
            return true;
        }
        dir = d.parent();
    }
    false
}

/// The first config file found, as fields.
fn read_config(src: &Path) -> Result<(Vec<Field>, String), Diagnostic> {
    let candidates = CONFIG_NAMES
        .iter()
        .map(|n| n.to_string())
        .chain(CONFIG_NAMES.iter().map(|n| format!("config/_default/{n}")));
    for rel in candidates {
        if !src.join(&rel).is_file() {
            continue;
        }
        let text = super::read_text(src, &rel)?;
        let fields = if rel.ends_with(".toml") {
            front::parse(&format!("+++\n{text}\n+++\n"), Path::new(&rel))
                .map_err(|mut d| {
                    d.line = d.line.map(|l| l.saturating_sub(1).max(1));
                    d
                })?
                .fields
                .into_iter()
                .map(|mut f| {
                    f.line = f.line.saturating_sub(1);
                    f
                })
                .collect()
        } else if rel.ends_with(".json") {
            match serde_json::from_str::<Value>(&text) {
                Ok(Value::Object(m)) => m
                    .into_iter()
                    .map(|(key, value)| Field {
                        key,
                        value,
                        line: 0,
                    })
                    .collect(),
                Ok(_) => Vec::new(),
                Err(e) => {
                    return Err(Diagnostic::error(
                        rel.as_str(),
                        format!("this JSON cannot be read: {e}"),
                    )
                    .at(&text, e.line() as u32, e.column() as u32));
                }
            }
        } else {
            front::yaml_fields(&text, &text, 1, Path::new(&rel))?
        };
        return Ok((fields, rel));
    }
    Ok((Vec::new(), String::new()))
}

/// A config value by dotted path, keys compared without case as Hugo does.
pub fn lookup_ci<'a>(fields: &'a [Field], path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let first = parts.next()?;
    let mut v = &fields
        .iter()
        .find(|f| f.key.eq_ignore_ascii_case(first))?
        .value;
    for p in parts {
        v = v
            .as_object()?
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(p))
            .map(|(_, v)| v)?;
    }
    Some(v)
}

struct UrlRules {
    ugly: bool,
    permalinks: Value,
}

impl UrlRules {
    /// The pattern in `permalinks` for pages of `section` (the old `[permalinks]` form, or
    /// Hugo 0.120's `[permalinks.page]`).
    fn pattern(&self, section: &str) -> Option<String> {
        let find = |v: &Value| {
            v.as_object()?
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(section))
                .and_then(|(_, v)| v.as_str().map(str::to_string))
        };
        find(&self.permalinks).or_else(|| {
            let page = self
                .permalinks
                .as_object()?
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("page"))?
                .1
                .clone();
            find(&page)
        })
    }
}

fn page(
    src: &Path,
    rel: &str,
    inner: &str,
    urls: &UrlRules,
    flavour: Flavour,
    notes: &mut Vec<Note>,
) -> SourcePage {
    let parsed = super::read_page(src, rel);
    let out = super::md_name(inner);
    let dialect = if flavour == Flavour::CState && out.starts_with(&format!("{ISSUES}/")) {
        Dialect::CStateIssue
    } else {
        Dialect::Hugo
    };
    let mut page = SourcePage {
        src: rel.to_string(),
        out,
        parsed,
        defaults: Vec::new(),
        old_urls: Vec::new(),
        date_from_name: None,
        dialect,
        draft: false,
        post_name: None,
    };
    if let Ok(parsed) = &page.parsed {
        match old_url(inner, parsed, urls) {
            Ok(url) => page.old_urls.push(url),
            Err(why) => notes.push(Note::person(rel, 0, why)),
        }
        if let Some(f) = parsed.get("url") {
            notes.push(Note::mapped(
                rel,
                f.line,
                "`url` is the page's old URL: kept as an alias where daylight's differs",
            ));
        }
    }
    page
}

/// The URL Hugo gave the page at `inner` (its path under `content/`).
fn old_url(inner: &str, parsed: &front::Parsed, rules: &UrlRules) -> Result<String, String> {
    let field = |k: &str| parsed.get(k).and_then(|f| keys::text(&f.value));
    if let Some(url) = field("url") {
        return Ok(old_urls::clean(&url));
    }
    let dir = inner.rsplit_once('/').map_or("", |(d, _)| d);
    let name = inner.rsplit('/').next().unwrap_or(inner);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let dirs: Vec<String> = dir
        .split('/')
        .filter(|s| !s.is_empty())
        .map(hugo_path)
        .collect();
    if stem == "_index" {
        return Ok(old_urls::clean(&format!("/{}/", dirs.join("/"))));
    }
    let bundle = stem == "index";
    let (parent_dirs, filename) = if bundle {
        let mut d = dirs.clone();
        let f = d.pop().unwrap_or_default();
        (d, f)
    } else {
        (dirs.clone(), hugo_path(stem))
    };
    let section = dirs.first().cloned().unwrap_or_default();
    let slug = field("slug");
    if let Some(pattern) = rules.pattern(&section) {
        let date = field("date")
            .or_else(|| field("publishDate"))
            .and_then(|d| DateParts::read(&d));
        let title = field("title").unwrap_or_default();
        let value = |token: &str| -> Option<String> {
            Some(match token {
                "section" => section.clone(),
                "sections" => parent_dirs.join("/"),
                "title" => slug::slugify(&title),
                "slug" => slug
                    .clone()
                    .map_or_else(|| slug::slugify(&title), |s| hugo_path(&s)),
                "filename" | "contentbasename" => filename.clone(),
                "slugorfilename" | "slugorcontentbasename" => slug
                    .clone()
                    .map_or_else(|| filename.clone(), |s| hugo_path(&s)),
                t => date.as_ref()?.token(t)?,
            })
        };
        return old_urls::expand(&pattern, value).map_err(|token| {
            format!("the permalink `{pattern}` uses `:{token}`, which import does not know: the old URL is not kept; add it to `aliases:` by hand")
        });
    }
    let last = slug.map_or(filename, |s| hugo_path(&s));
    let mut path = parent_dirs.join("/");
    if !path.is_empty() {
        path.push('/');
    }
    Ok(if rules.ugly {
        old_urls::clean(&format!("/{path}{last}.html"))
    } else {
        old_urls::clean(&format!("/{path}{last}/"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(inner: &str, front: &str, rules: &UrlRules) -> String {
        let parsed = front::parse(front, Path::new("a.md")).unwrap();
        old_url(inner, &parsed, rules).unwrap()
    }

    #[test]
    fn hugo_urls() {
        let plain = UrlRules {
            ugly: false,
            permalinks: Value::Null,
        };
        assert_eq!(
            url("posts/My Post.md", "---\ntitle: A\n---\n", &plain),
            "/posts/my-post/"
        );
        assert_eq!(
            url("posts/x.md", "---\nslug: Other\n---\n", &plain),
            "/posts/other/"
        );
        assert_eq!(
            url("posts/b/index.md", "---\ntitle: A\n---\n", &plain),
            "/posts/b/"
        );
        assert_eq!(
            url("posts/_index.md", "---\ntitle: A\n---\n", &plain),
            "/posts/"
        );
        assert_eq!(
            url("posts/x.md", "---\nurl: /old/x/\n---\n", &plain),
            "/old/x/"
        );
        let rules = UrlRules {
            ugly: false,
            permalinks: serde_json::json!({"posts": "/:year/:month/:slug/", "page": {"news": "/:section/:filename/"}}),
        };
        assert_eq!(
            url(
                "posts/x.md",
                "+++\ntitle = \"Big News\"\ndate = 2019-05-01T10:00:00-04:00\n+++\n",
                &rules
            ),
            "/2019/05/big-news/"
        );
        assert_eq!(url("news/y.md", "---\ntitle: Y\n---\n", &rules), "/news/y/");
        let ugly = UrlRules {
            ugly: true,
            permalinks: Value::Null,
        };
        assert_eq!(
            url("posts/x.md", "---\ntitle: A\n---\n", &ugly),
            "/posts/x.html"
        );
    }
}
