//! `daylight import jekyll|hugo|eleventy|cstate SRC OUT`: another generator's site turned
//! into a daylight site.
//!
//! Each generator's module ([`jekyll`], [`hugo`], [`eleventy`], [`cstate`]) reads its
//! own layout and config into a [`Plan`]: the site's settings, each page with the URL it
//! had, and the files to carry over. The shared steps here then do the same for every
//! generator: keys mapped ([`keys`]), template code converted or listed ([`body`]), old
//! URLs kept as aliases where daylight's URL differs ([`old_urls`]), sections given an
//! `_index.md`, and everything written, with a report ([`report`]).
//!
//! It never writes inside SRC: it reads SRC only, refuses an OUT inside SRC and an OUT
//! that is not empty, and writes the new site aside, moving it into OUT whole at the end,
//! so a failed import leaves nothing behind.

pub mod body;
mod cstate;
mod eleventy;
pub mod front;
mod hugo;
mod jekyll;
pub mod keys;
pub mod old_urls;
mod permalinks;
pub mod report;
mod site;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::Diagnostic;
use body::{Links, Target};
use front::{Field, Parsed};
use keys::Dialect;
use report::{Note, Report};
pub use site::SiteSettings;

/// The generator a site comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generator {
    Jekyll,
    Hugo,
    Eleventy,
    CState,
}

impl Generator {
    pub fn name(self) -> &'static str {
        match self {
            Generator::Jekyll => "Jekyll",
            Generator::Hugo => "Hugo",
            Generator::Eleventy => "Eleventy",
            Generator::CState => "cState",
        }
    }
}

/// A page found in SRC, as a generator's module hands it on.
#[derive(Debug)]
pub struct SourcePage {
    /// Relative to SRC, `/` separators.
    pub src: String,
    /// Where it goes, relative to `content/` in OUT.
    pub out: String,
    /// Its fields and body; an error when its front matter could not be read (the file
    /// is then carried over as it is, and noted).
    pub parsed: Result<Parsed, Diagnostic>,
    /// Fields that applied to it without being in it (config defaults, folder data),
    /// after its own: its own win.
    pub defaults: Vec<Field>,
    /// The URLs it answered at in the old site.
    pub old_urls: Vec<String>,
    /// The date its file name gives (`2015-07-08-title.md`), if its front matter has none.
    pub date_from_name: Option<String>,
    pub dialect: Dialect,
    /// Published only as a draft (Jekyll's `_drafts/`, Eleventy's `permalink: false`).
    pub draft: bool,
    /// A Jekyll post's file name without extension, for `{% post_url %}`.
    pub post_name: Option<String>,
}

impl SourcePage {
    fn is_section(&self) -> bool {
        self.out == "_index.md" || self.out.ends_with("/_index.md")
    }
}

/// What a file carried over is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyKind {
    /// Under `static/`, published as it is.
    Static,
    /// Under `data/` (not read by daylight yet; carried over for templates to come).
    Data,
    /// Beside a page under `content/`.
    Content,
}

/// A file copied as it is.
#[derive(Debug, Clone)]
pub struct CopyFile {
    /// Relative to SRC.
    pub src: String,
    /// Relative to its folder in OUT (`static/`, `data/` or `content/`).
    pub out: String,
    pub kind: CopyKind,
}

/// Everything a generator's module found.
#[derive(Debug, Default)]
pub struct Plan {
    pub site: SiteSettings,
    pub pages: Vec<SourcePage>,
    pub copies: Vec<CopyFile>,
    pub notes: Vec<Note>,
    /// Where pages sit in SRC, for Hugo's `ref` paths (`content/`).
    pub content_root: String,
    /// Folders under `content/` whose pages are incidents (cState's `issues`).
    pub incident_sections: Vec<String>,
    /// Folders under `content/` whose pages are posts whatever their dates (Jekyll's blog).
    pub post_sections: Vec<String>,
    /// Plain values the old templates filled in (`site.email`) -> (text, the file).
    pub values: HashMap<String, (String, String)>,
}

/// What to import, from where, to where.
#[derive(Debug, Clone)]
pub struct Options {
    pub from: Generator,
    pub src: PathBuf,
    pub out: PathBuf,
}

/// Runs the import; the report of what it did. An error leaves OUT as it was.
pub fn import(options: &Options) -> Result<Report, Diagnostic> {
    let src = check_src(&options.src)?;
    let out = check_out(&options.out, &src)?;
    let plan = match options.from {
        Generator::Jekyll => jekyll::plan(&src)?,
        Generator::Hugo => hugo::plan(&src, hugo::Flavour::Hugo)?,
        Generator::Eleventy => eleventy::plan(&src)?,
        Generator::CState => cstate::plan(&src)?,
    };
    let staging = staging_dir(&out)?;
    let result = write_site(plan, &src, &staging, options.from);
    match result {
        Ok(report) => {
            if out.exists() {
                // An empty OUT (checked above) is replaced by the finished site.
                std::fs::remove_dir(&out)
                    .map_err(|e| Diagnostic::io(&out, "replace the empty folder", &e))?;
            }
            std::fs::rename(&staging, &out).map_err(|e| {
                let _ = std::fs::remove_dir_all(&staging);
                Diagnostic::io(&out, "move the imported site into place", &e)
            })?;
            Ok(report)
        }
        Err(d) => {
            // Only the folder this import made and filled is removed.
            let _ = std::fs::remove_dir_all(&staging);
            Err(d)
        }
    }
}

fn check_src(src: &Path) -> Result<PathBuf, Diagnostic> {
    let real = std::fs::canonicalize(src).map_err(|e| {
        Diagnostic::io(src, "open the site to import", &e)
            .with_hint("give the folder of the site to import (the one holding its config file)")
    })?;
    if !real.is_dir() {
        return Err(Diagnostic::error(src, "this is not a folder")
            .with_hint("give the folder of the site to import (the one holding its config file)"));
    }
    Ok(real)
}

/// OUT as an absolute path: absent, or an empty folder, and not inside SRC.
fn check_out(out: &Path, src: &Path) -> Result<PathBuf, Diagnostic> {
    let abs =
        std::path::absolute(out).map_err(|e| Diagnostic::io(out, "resolve the folder", &e))?;
    // A folder that does not exist yet is checked through its nearest existing parent.
    let mut existing = abs.as_path();
    let mut tail = Vec::new();
    while !existing.exists() {
        let Some(parent) = existing.parent() else {
            break;
        };
        tail.push(existing.file_name().map(PathBuf::from).unwrap_or_default());
        existing = parent;
    }
    let mut real = std::fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    for part in tail.iter().rev() {
        real.push(part);
    }
    if real.starts_with(src) {
        return Err(Diagnostic::error(
            out,
            "this folder is inside the site being imported, which import never writes into",
        )
        .with_hint(format!(
            "choose a folder outside {}, e.g. ../{}-daylight",
            src.display(),
            src.file_name()
                .map_or("site".into(), |n| n.to_string_lossy())
        )));
    }
    if real.exists() {
        if !real.is_dir() {
            return Err(Diagnostic::error(out, "this is a file, not a folder")
                .with_hint("give a new folder for the imported site"));
        }
        let not_empty = std::fs::read_dir(&real)
            .map_err(|e| Diagnostic::io(out, "read the folder", &e))?
            .next()
            .is_some();
        if not_empty {
            return Err(Diagnostic::error(
                out,
                "this folder is not empty, and import writes only into a new or empty folder",
            )
            .with_hint("give a new folder name (import never overwrites or mixes in files), or empty this one first"));
        }
    }
    Ok(real)
}

/// A new folder beside OUT to write into; moved to OUT when everything is written.
fn staging_dir(out: &Path) -> Result<PathBuf, Diagnostic> {
    let parent = out.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, "create the folder", &e))?;
    let name = out
        .file_name()
        .map_or("site".into(), |n| n.to_string_lossy());
    let staging = parent.join(format!(".{name}.daylight-import-{}", std::process::id()));
    std::fs::create_dir(&staging)
        .map_err(|e| Diagnostic::io(&staging, "create a folder to write the import into", &e))?;
    Ok(staging)
}

/// A page once mapped: where it goes and what it says.
struct Mapped {
    out: String,
    fields: Vec<(String, Value)>,
    body: Option<String>,
}

fn write_site(
    mut plan: Plan,
    src_root: &Path,
    out_root: &Path,
    from: Generator,
) -> Result<Report, Diagnostic> {
    let mut report = Report::default();
    report.extend(std::mem::take(&mut plan.notes));
    let timezone = plan.site.timezone_or_default();
    move_off_daylights_urls(&mut plan, &mut report);
    unique_out_paths(&mut plan.pages, &mut report);

    // Each page's own date and slug decide its section's kind and its URL.
    let section_kinds = section_kinds(&plan, &own_field);
    let chosen = choose_permalinks(&plan, &own_field, &timezone);
    let (links, urls) = link_targets(&mut plan, &chosen);
    let sections_written = section_indexes(&plan, &section_kinds, &chosen, &mut report);

    let cx = MapContext {
        kinds: &section_kinds,
        links: &links,
        timezone: &timezone,
        urls: &urls,
        chosen: &chosen,
    };
    let mut taken_aliases: HashMap<String, String> = HashMap::new();
    let mapped: Vec<Mapped> = (plan.pages.iter())
        .map(|p| {
            map_page(
                p,
                &links.by_src[&p.src],
                &cx,
                &mut taken_aliases,
                &mut report,
            )
        })
        .collect();

    let content = out_root.join("content");
    write_pages(&mapped, &plan, src_root, &content)?;
    write_section_indexes(&sections_written, &content, &mut report)?;
    copy_files(&plan, src_root, out_root, &mut report)?;
    report.pages = plan.pages.iter().filter(|p| !p.is_section()).count();
    report.sections = plan.pages.iter().filter(|p| p.is_section()).count() + sections_written.len();
    let site_yaml = plan.site.to_yaml(&mut report);
    write(&out_root.join("site.yaml"), site_yaml.as_bytes())?;
    write(
        &out_root.join(".gitignore"),
        b"/public\n/.public.daylight-*\n/.daylight-cache\n",
    )?;
    let text = report.markdown(from.name(), &src_root.display().to_string());
    write(&out_root.join("IMPORT-REPORT.md"), text.as_bytes())?;
    Ok(report)
}

/// A page's own value of `key` (its front matter's, else a default's), as text.
fn own_field(p: &SourcePage, key: &str) -> Option<String> {
    let parsed = p.parsed.as_ref().ok()?;
    parsed
        .get(key)
        .or_else(|| p.defaults.iter().find(|f| f.key == key))
        .and_then(|f| keys::text(&f.value))
}

/// Where each page and static file is in the new site, for its links; and each page's
/// URL (as [`old_urls::key`]) -> its source.
fn link_targets(plan: &mut Plan, chosen: &Chosen) -> (Links, HashMap<String, String>) {
    let mut links = Links {
        content_root: plan.content_root.clone(),
        values: std::mem::take(&mut plan.values),
        ..Links::default()
    };
    let mut urls: HashMap<String, String> = HashMap::new();
    for p in &plan.pages {
        let url = match chosen.url_of(p) {
            Some(url) => url,
            None => new_url(&p.out, own_field(p, "slug").as_deref(), p.is_section()),
        };
        urls.insert(old_urls::key(&url), p.src.clone());
        links.by_src.insert(
            p.src.clone(),
            Target {
                out: p.out.clone(),
                url,
            },
        );
        if let Some(name) = &p.post_name {
            links
                .posts_by_name
                .entry(name.clone())
                .or_default()
                .push(p.src.clone());
        }
    }
    // Files beside pages are published at their page's URL, which `{% link %}` (Jekyll,
    // which has none) never names: only static files are linked to by path.
    for c in plan.copies.iter().filter(|c| c.kind == CopyKind::Static) {
        links.statics.insert(c.src.clone(), format!("/{}", c.out));
    }
    (links, urls)
}

/// The `_index.md` files to write for folders that have none, with the permalink chosen
/// for each (noted).
fn section_indexes(
    plan: &Plan,
    section_kinds: &BTreeMap<String, &'static str>,
    chosen: &Chosen,
    report: &mut Report,
) -> Vec<(String, Vec<(String, Value)>)> {
    let mut sections_written = add_section_indexes(plan, section_kinds);
    for (dir, fields) in &mut sections_written {
        if let Some((pattern, ..)) = chosen.patterns.get(dir) {
            fields.push(("permalink".to_string(), Value::from(*pattern)));
        }
    }
    for (dir, (pattern, fitted, all)) in &chosen.patterns {
        report.add(Note::mapped(
            "",
            0,
            format!(
                "`permalink: {pattern}` written in `content/{dir}/_index.md`: the old URL is the page's own for {fitted} of {all} pages there"
            ),
        ));
    }
    sections_written
}

/// Each mapped page into `content`; a page whose front matter could not be read is
/// copied as it is.
fn write_pages(
    mapped: &[Mapped],
    plan: &Plan,
    src_root: &Path,
    content: &Path,
) -> Result<(), Diagnostic> {
    for m in mapped {
        let path = content.join(&m.out);
        let text = match &m.body {
            Some(body) => format!("{}{}", front::to_yaml(&m.fields), body),
            None => continue,
        };
        write(&path, text.as_bytes())?;
    }
    for p in &plan.pages {
        if p.parsed.is_err() {
            let from = src_root.join(&p.src);
            copy(&from, &content.join(&p.out))?;
        }
    }
    Ok(())
}

/// The `_index.md` files made for folders that had none (noted).
fn write_section_indexes(
    sections_written: &[(String, Vec<(String, Value)>)],
    content: &Path,
    report: &mut Report,
) -> Result<(), Diagnostic> {
    for (dir, fields) in sections_written {
        let rel = if dir.is_empty() {
            "_index.md".to_string()
        } else {
            format!("{dir}/_index.md")
        };
        write(&content.join(&rel), front::to_yaml(fields).as_bytes())?;
        report.add(Note::mapped(
            "",
            0,
            format!(
                "`content/{rel}` written: the folder becomes a section of {}s",
                fields
                    .iter()
                    .find(|(k, _)| k == "kind")
                    .and_then(|(_, v)| v.as_str())
                    .unwrap_or("page")
            ),
        ));
    }
    Ok(())
}

/// Static files, data files and files beside pages, each into its folder (counted).
fn copy_files(
    plan: &Plan,
    src_root: &Path,
    out_root: &Path,
    report: &mut Report,
) -> Result<(), Diagnostic> {
    for c in &plan.copies {
        let folder = match c.kind {
            CopyKind::Static => "static",
            CopyKind::Data => "data",
            CopyKind::Content => "content",
        };
        copy(&src_root.join(&c.src), &out_root.join(folder).join(&c.out))?;
        match c.kind {
            CopyKind::Data => report.data_files += 1,
            _ => report.static_files += 1,
        }
    }
    Ok(())
}

/// The `permalink:` chosen for each top section ([`permalinks`]), and the pages that need
/// a `slug:` to fit it, by source.
#[derive(Default)]
struct Chosen {
    /// Top folder -> (pattern, how many pages it gives their old URL, of how many).
    patterns: BTreeMap<String, (&'static str, usize, usize)>,
    slugs: HashMap<String, String>,
    /// Page source -> its URL under its section's pattern.
    urls: HashMap<String, String>,
}

impl Chosen {
    fn url_of(&self, p: &SourcePage) -> Option<String> {
        self.urls.get(&p.src).cloned()
    }
}

/// What the build will make of `p`'s URL (its slug, date and section, `section_dirs`
/// being the folders with an `_index.md`), to choose its section's permalink by.
fn permalink_candidate<'p>(
    p: &'p SourcePage,
    own: &dyn Fn(&SourcePage, &str) -> Option<String>,
    section_dirs: &HashSet<&str>,
    timezone: &jiff::tz::TimeZone,
) -> permalinks::Candidate<'p> {
    let slug = own(p, "slug");
    let is_bundle = p.out.ends_with("/index.md");
    let folder = crate::content::walk::parent_of(&p.out);
    let mut section = if is_bundle {
        crate::content::walk::parent_of(folder)
    } else {
        folder
    };
    while section.contains('/') && !section_dirs.contains(section) {
        section = crate::content::walk::parent_of(section);
    }
    let written_slug = slug.as_deref().map(slug::slugify).filter(|s| !s.is_empty());
    let file_slug = crate::content::page::slug_from_path(&p.out, is_bundle);
    let date = own(p, "date")
        .or_else(|| own(p, "publishDate"))
        .or_else(|| p.date_from_name.clone())
        .and_then(|d| crate::dates::parse(&d, timezone).ok())
        .map(|w| w.zoned.date());
    permalinks::Candidate {
        old_urls: &p.old_urls,
        default_url: new_url(&p.out, slug.as_deref(), false),
        slug: written_slug
            .unwrap_or_else(|| crate::urls::slug_without_date(&file_slug).to_string()),
        title_slug: own(p, "title").map(slug::slugify).filter(|s| !s.is_empty()),
        date,
        section_url: crate::urls::section(section),
    }
}

/// For each top section, the pattern that gives its pages the URLs they had, if one
/// does. The URLs are worked out as the build will: the same slug, date and section.
fn choose_permalinks(
    plan: &Plan,
    own: &dyn Fn(&SourcePage, &str) -> Option<String>,
    timezone: &jiff::tz::TimeZone,
) -> Chosen {
    let section_dirs: HashSet<&str> = plan
        .pages
        .iter()
        .filter(|p| p.is_section())
        .map(|p| p.out.trim_end_matches("_index.md").trim_end_matches('/'))
        .collect();
    let mut by_top: BTreeMap<&str, Vec<(&SourcePage, permalinks::Candidate<'_>)>> = BTreeMap::new();
    for p in &plan.pages {
        if p.is_section() || p.parsed.is_err() || p.draft || top(&p.out).is_empty() {
            continue;
        }
        let candidate = permalink_candidate(p, own, &section_dirs, timezone);
        by_top.entry(top(&p.out)).or_default().push((p, candidate));
    }
    let mut chosen = Chosen::default();
    for (dir, pages) in by_top {
        let candidates: Vec<permalinks::Candidate<'_>> =
            pages.iter().map(|(_, c)| c.clone()).collect();
        let Some(choice) = permalinks::choose(&candidates) else {
            continue;
        };
        let Ok(pattern) = crate::urls::Permalink::parse(choice.pattern) else {
            continue;
        };
        for (i, (p, c)) in pages.iter().enumerate() {
            let slug = choice
                .slugs
                .iter()
                .find(|(k, _)| *k == i)
                .map(|(_, s)| s.clone());
            if let Some(slug) = &slug {
                chosen.slugs.insert(p.src.clone(), slug.clone());
            }
            let fields = crate::urls::PageFields {
                date: c.date,
                slug: slug.as_deref().unwrap_or(&c.slug),
                section_url: &c.section_url,
                title: "",
            };
            if let Some(url) = pattern.expand(&fields) {
                chosen.urls.insert(p.src.clone(), url);
            }
        }
        chosen.patterns.insert(
            dir.to_string(),
            (choice.pattern, choice.fitted, pages.len()),
        );
    }
    chosen
}

/// Top folders whose URL daylight publishes itself: the taxonomies' lists (all four are
/// on in the site.yaml import writes), the search page and the status page.
const DAYLIGHTS_FOLDERS: [&str; 6] = ["tags", "authors", "series", "services", "search", "status"];

/// A top folder (or page) that would be at a URL daylight publishes itself is renamed
/// `old-<name>`, and said so: two things at one URL fail the build. The pages' old URLs
/// stay aliases, as for any page whose URL changes.
fn move_off_daylights_urls(plan: &mut Plan, report: &mut Report) {
    for name in DAYLIGHTS_FOLDERS {
        let prefix = format!("{name}/");
        let own_file = format!("{name}.md");
        let hit = |out: &str| out.starts_with(&prefix) || out == own_file;
        if !plan.pages.iter().any(|p| hit(&p.out)) {
            continue;
        }
        let taken = |candidate: &str| {
            let p = format!("{candidate}/");
            plan.pages.iter().any(|x| x.out.starts_with(&p))
                || plan.copies.iter().any(|c| c.out.starts_with(&p))
        };
        let mut renamed = format!("old-{name}");
        let mut n = 2;
        while taken(&renamed) {
            renamed = format!("old-{name}-{n}");
            n += 1;
        }
        for p in plan.pages.iter_mut().filter(|p| hit(&p.out)) {
            p.out = match p.out.strip_prefix(&prefix) {
                Some(rest) => format!("{renamed}/{rest}"),
                None => format!("{renamed}.md"),
            };
        }
        for c in plan
            .copies
            .iter_mut()
            .filter(|c| c.kind == CopyKind::Content && c.out.starts_with(&prefix))
        {
            c.out = format!("{renamed}/{}", &c.out[prefix.len()..]);
        }
        for dir in plan
            .post_sections
            .iter_mut()
            .chain(plan.incident_sections.iter_mut())
        {
            if dir == name {
                *dir = renamed.clone();
            }
        }
        let what = match name {
            "search" => "its search page".to_string(),
            "status" => "its status page".to_string(),
            _ => format!("its list of {name}"),
        };
        report.add(Note::person(
            "",
            0,
            format!("`content/{name}/` would be at `/{name}/`, which daylight publishes itself ({what}): it is `content/{renamed}/` instead, at `/{renamed}/`; the pages' old URLs are kept as aliases where they can be; rename it if you like"),
        ));
    }
}

/// Two source files that would be the same file in OUT: the second gets `-2`.
fn unique_out_paths(pages: &mut [SourcePage], report: &mut Report) {
    let mut taken: HashSet<String> = HashSet::new();
    for p in pages.iter_mut() {
        if taken.insert(p.out.clone()) {
            continue;
        }
        let (stem, ext) = p.out.rsplit_once('.').unwrap_or((&p.out, "md"));
        let mut n = 2;
        let mut candidate = format!("{stem}-{n}.{ext}");
        while taken.contains(&candidate) {
            n += 1;
            candidate = format!("{stem}-{n}.{ext}");
        }
        report.add(Note::person(
            &p.src,
            0,
            format!(
                "another file already goes to `content/{}`: this one is `content/{candidate}`; check both pages' URLs",
                p.out
            ),
        ));
        taken.insert(candidate.clone());
        p.out = candidate;
    }
}

/// The URL daylight gives a page at `out` (under `content/`), made by [`crate::urls`] as
/// the build makes it: the section folder's URL, then the slug.
pub fn new_url(out: &str, slug: Option<&str>, section: bool) -> String {
    let dir = out.rfind('/').map_or("", |i| &out[..i]);
    if section {
        return crate::urls::section(dir);
    }
    let is_bundle = out == "index.md" || out.ends_with("/index.md");
    let slug = match slug.map(slug::slugify).filter(|s| !s.is_empty()) {
        Some(s) => s,
        None => crate::content::page::slug_from_path(out, is_bundle),
    };
    let section_dir = if is_bundle {
        dir.rfind('/').map_or("", |i| &dir[..i])
    } else {
        dir
    };
    crate::urls::page(&crate::urls::section(section_dir), &slug)
}

/// The top folder of a path under `content/` ("" for a page at the top).
fn top(out: &str) -> &str {
    match out.find('/') {
        Some(i) => &out[..i],
        None => "",
    }
}

/// Each top folder's kind: incident or post where the generator says, post where most
/// of its pages have a date, else page.
fn section_kinds(
    plan: &Plan,
    own: &dyn Fn(&SourcePage, &str) -> Option<String>,
) -> BTreeMap<String, &'static str> {
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for p in plan.pages.iter().filter(|p| !p.is_section()) {
        let t = top(&p.out);
        if t.is_empty() {
            continue;
        }
        let dated = own(p, "date").is_some()
            || own(p, "publishDate").is_some()
            || p.date_from_name.is_some();
        let e = counts.entry(t.to_string()).or_default();
        e.0 += 1;
        e.1 += usize::from(dated);
    }
    counts
        .into_iter()
        .map(|(dir, (all, dated))| {
            let kind = if plan.incident_sections.contains(&dir) {
                "incident"
            } else if plan.post_sections.contains(&dir) || dated * 2 > all {
                "post"
            } else {
                "page"
            };
            (dir, kind)
        })
        .collect()
}

/// `_index.md` for each top folder that has pages and none of its own.
fn add_section_indexes(
    plan: &Plan,
    kinds: &BTreeMap<String, &'static str>,
) -> Vec<(String, Vec<(String, Value)>)> {
    let has_index: HashSet<&str> = plan
        .pages
        .iter()
        .filter(|p| p.is_section())
        .map(|p| p.out.trim_end_matches("_index.md").trim_end_matches('/'))
        .collect();
    kinds
        .iter()
        .filter(|(dir, _)| !has_index.contains(dir.as_str()))
        .map(|(dir, kind)| {
            let mut fields = vec![
                ("title".to_string(), Value::from(title_from_name(dir))),
                ("kind".to_string(), Value::from(*kind)),
            ];
            if *kind != "page" {
                fields.push(("sort_by".to_string(), Value::from("date")));
            }
            (dir.clone(), fields)
        })
        .collect()
}

/// `weeknotes` -> `Weeknotes`, `2015-07-08-moving-in` -> `Moving in`.
pub fn title_from_name(name: &str) -> String {
    let name = strip_date_prefix(name).map_or(name, |(_, rest)| rest);
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => name.to_string(),
    }
}

/// The title Jekyll gives a post without one: its slug's words, each capitalised as
/// Ruby's `capitalize` does (first letter up, the rest down): `2013-12-31-team-snow` ->
/// `Team Snow`.
pub fn jekyll_title(stem: &str) -> String {
    let slug = strip_date_prefix(stem).map_or(stem, |(_, rest)| rest);
    slug.split('-')
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(c) => c
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// `2015-07-08-title` -> (`2015-07-08`, `title`): the same rule as the build's
/// permalinks, so an imported page's slug is the one its pattern will make.
pub use crate::urls::strip_date_prefix;

/// What every page is mapped against: the site's sections, URLs and permalinks.
struct MapContext<'a> {
    /// Each top section -> the kind of its pages.
    kinds: &'a BTreeMap<String, &'static str>,
    links: &'a Links,
    timezone: &'a jiff::tz::TimeZone,
    /// Each page's URL here (as [`old_urls::key`]) -> its source.
    urls: &'a HashMap<String, String>,
    chosen: &'a Chosen,
}

fn map_page(
    p: &SourcePage,
    target: &Target,
    cx: &MapContext<'_>,
    taken_aliases: &mut HashMap<String, String>,
    report: &mut Report,
) -> Mapped {
    let parsed = match &p.parsed {
        Ok(parsed) => parsed,
        Err(d) => return carried_over(p, d, report),
    };
    let section = p.is_section();
    let section_kind = cx.kinds.get(top(&p.out)).copied().unwrap_or("page");
    let mut notes = Vec::new();
    let mut d = mapped_keys(p, parsed, section_kind, cx.timezone, &mut notes);
    if d.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        d.title = Some(title_of_untitled(p, parsed, &mut notes));
    }
    choose_kind(p, parsed, cx.kinds, section_kind, &mut d, &mut notes);
    if let Some(slug) = cx.chosen.slugs.get(&p.src) {
        d.slug = Some(slug.clone());
        notes.push(Note::mapped(
            &p.src,
            0,
            format!("`slug: {slug}` (its title, as the old site's URL had it), so the section's permalink gives it its old URL"),
        ));
    }
    keep_old_urls(p, target, &mut d, cx.urls, taken_aliases, &mut notes);
    let skip = if p.dialect == Dialect::CStateIssue && !section {
        cstate_updates(p, parsed, cx.timezone, &mut d, &mut notes)
    } else {
        Vec::new()
    };
    let title = d.title.clone();
    let mut fields = d.fields(section, &p.src, &mut notes);
    if section
        && let Some((pattern, ..)) = cx
            .chosen
            .patterns
            .get(p.out.trim_end_matches("_index.md").trim_end_matches('/'))
    {
        fields.push(("permalink".to_string(), Value::from(*pattern)));
    }
    let front_lines = front::to_yaml(&fields).matches('\n').count();
    let converted = body::convert(
        &parsed.body,
        &body::Page {
            src: &p.src,
            out: &p.out,
            src_line: parsed.body_line,
            out_line: front_lines + 1,
            title: title.as_deref(),
            skip,
        },
        cx.links,
    );
    notes.extend(converted.notes);
    report.extend(notes);
    Mapped {
        out: p.out.clone(),
        fields,
        body: Some(converted.text),
    }
}

/// A page whose front matter could not be read: carried over as it is, and noted.
fn carried_over(p: &SourcePage, d: &Diagnostic, report: &mut Report) -> Mapped {
    let mut note = Note::person(
        &p.src,
        d.line.unwrap_or(0) as usize,
        format!(
            "{}: the file is carried over as it is; fix its front matter in daylight's form",
            d.message
        ),
    );
    note.now_at = Some((format!("content/{}", p.out), d.line.unwrap_or(1) as usize));
    report.add(note);
    Mapped {
        out: p.out.clone(),
        fields: Vec::new(),
        body: None,
    }
}

/// The page's own fields and its defaults in daylight's keys, with what its path says
/// (a date in the file name, a drafts folder, a cState issue).
fn mapped_keys(
    p: &SourcePage,
    parsed: &Parsed,
    section_kind: &str,
    timezone: &jiff::tz::TimeZone,
    notes: &mut Vec<Note>,
) -> keys::Daylight {
    if parsed.format == front::Format::Toml || parsed.format == front::Format::Json {
        notes.push(Note::mapped(
            &p.src,
            parsed.line,
            format!("{} front matter written as YAML", parsed.format.name()),
        ));
    }
    let mut fields: Vec<Field> = parsed.fields.clone();
    fields.extend(p.defaults.iter().cloned());
    let cx = keys::Context {
        dialect: p.dialect,
        src: &p.src,
        timezone,
        post: section_kind == "post",
    };
    let mut d = keys::map(&fields, &cx, notes);
    if d.date.is_none()
        && let Some(date) = &p.date_from_name
    {
        d.date = Some(date.clone());
        notes.push(Note::mapped(
            &p.src,
            0,
            format!("`date: {date}` taken from the file name"),
        ));
    }
    if p.draft {
        d.draft = true;
    }
    if p.dialect == Dialect::CStateIssue {
        d.cstate_started();
    }
    d
}

/// A title for a page without one, made from its file name (noted).
fn title_of_untitled(p: &SourcePage, parsed: &Parsed, notes: &mut Vec<Note>) -> String {
    let stem = p
        .src
        .rsplit('/')
        .next()
        .unwrap_or(&p.src)
        .rsplit_once('.')
        .map_or(p.src.as_str(), |(s, _)| s);
    let stem = if matches!(stem, "index" | "_index") {
        p.src.rsplit('/').nth(1).unwrap_or("Home")
    } else {
        stem
    };
    // Jekyll titled a post from its slug, so that is the title it had.
    let jekyll_post = p.dialect == Dialect::Jekyll && p.post_name.is_some();
    let title = if jekyll_post {
        jekyll_title(stem)
    } else {
        title_from_name(stem)
    };
    notes.push(if jekyll_post {
        Note::mapped(
            &p.src,
            parsed.line,
            format!("no `title`: \"{title}\", made from the file name as Jekyll made it"),
        )
    } else {
        Note::person(
            &p.src,
            parsed.line,
            format!("no `title`: daylight needs one, so it is \"{title}\", made from the file name; give it a real title"),
        )
    });
    title
}

/// A top section's index takes its section's kind; a dateless page in a section of
/// posts or incidents becomes `kind: page` (noted).
fn choose_kind(
    p: &SourcePage,
    parsed: &Parsed,
    kinds: &BTreeMap<String, &'static str>,
    section_kind: &str,
    d: &mut keys::Daylight,
    notes: &mut Vec<Note>,
) {
    if p.is_section() {
        if top(&p.out) == p.out.trim_end_matches("/_index.md")
            && let Some(kind) = kinds.get(top(&p.out))
            && d.kind.is_none()
        {
            d.kind = Some(kind);
        }
    } else if matches!(section_kind, "post" | "incident") && d.date.is_none() && d.kind.is_none() {
        d.kind = Some("page");
        notes.push(Note::person(
            &p.src,
            parsed.line,
            format!("no date, so this page in a section of {section_kind}s is imported as `kind: page`; add a `date:` and remove `kind: page` to make it a {section_kind}"),
        ));
    }
}

/// A cState issue's updates, read from its body into `updates:` (and its open status);
/// returns the parts of the body they were read from, which the body leaves out.
fn cstate_updates(
    p: &SourcePage,
    parsed: &Parsed,
    timezone: &jiff::tz::TimeZone,
    d: &mut keys::Daylight,
    notes: &mut Vec<Note>,
) -> Vec<std::ops::Range<usize>> {
    let started = d
        .incident
        .iter()
        .find(|(k, _)| k == "started")
        .and_then(|(_, v)| keys::text(v));
    let tracked = cstate::track_updates(
        &parsed.body,
        &p.src,
        parsed.body_line,
        timezone,
        started.as_deref(),
    );
    if let Some(status) = cstate::open_status(&tracked.updates, &mut d.incident) {
        notes.push(Note::mapped(
            &p.src,
            0,
            format!("the issue is not resolved and its newest update says `{status}`: `status: {status}`"),
        ));
    }
    if !tracked.updates.is_empty() {
        d.incident
            .push(("updates".to_string(), Value::Array(tracked.updates)));
    }
    notes.extend(tracked.notes);
    tracked.skip
}

/// Each old URL that is not the page's daylight URL becomes an alias, unless another page
/// has it (noted: one of the two must change).
fn keep_old_urls(
    p: &SourcePage,
    target: &Target,
    d: &mut keys::Daylight,
    urls: &HashMap<String, String>,
    taken: &mut HashMap<String, String>,
    notes: &mut Vec<Note>,
) {
    let written = std::mem::take(&mut d.aliases);
    let mut keep: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let base_dir = old_folder(p);
    let candidates = written
        .into_iter()
        .map(|a| (a, true))
        .chain(p.old_urls.iter().cloned().map(|u| (u, false)));
    for (alias, from_front) in candidates {
        if alias.contains("://") {
            notes.push(Note::person(
                &p.src,
                0,
                format!("alias `{alias}` is on another site: left out"),
            ));
            continue;
        }
        // Hugo reads an alias without a leading `/` from the page's own folder.
        let alias = if alias.starts_with('/') {
            alias
        } else if p.dialect == Dialect::Hugo || p.dialect == Dialect::CStateIssue {
            format!("{base_dir}{alias}")
        } else {
            format!("/{alias}")
        };
        let key = old_urls::key(&alias);
        if old_urls::same(&alias, &target.url) || !seen.insert(key.clone()) {
            continue;
        }
        if let Some(why) = alias_refused(p, &alias, &key, urls, taken) {
            notes.push(Note::person(&p.src, 0, why));
            continue;
        }
        taken.insert(key, p.src.clone());
        if !from_front {
            notes.push(Note::mapped(
                &p.src,
                0,
                format!(
                    "old URL `{alias}` kept as an alias (daylight's URL is `{}`)",
                    target.url
                ),
            ));
        }
        keep.push(alias);
    }
    d.aliases = keep;
}

/// The folder the page's old URL is in: `/a/b/` and `/a/b.html` are both in `/a/`.
fn old_folder(p: &SourcePage) -> String {
    p.old_urls
        .first()
        .map(|u| {
            let u = u.trim_end_matches('/');
            u.rfind('/').map_or("/", |i| &u[..=i]).to_string()
        })
        .unwrap_or_else(|| "/".to_string())
}

/// Why the old URL `alias` (whose key is `key`) cannot be kept for `p`: a section's, the
/// URL of another page, or kept already by another; None when it can.
fn alias_refused(
    p: &SourcePage,
    alias: &str,
    key: &str,
    urls: &HashMap<String, String>,
    taken: &HashMap<String, String>,
) -> Option<String> {
    if p.is_section() {
        return Some(format!(
            "the old URL `{alias}` is not kept: a section cannot have aliases in daylight; add a page there, or a redirect on your server"
        ));
    }
    if let Some(other) = urls.get(key).filter(|o| **o != p.src) {
        return Some(format!(
            "the old URL `{alias}` is not kept: it is now the URL of `{other}`"
        ));
    }
    if let Some(other) = taken.get(key).filter(|o| **o != p.src) {
        return Some(format!(
            "the old URL `{alias}` is not kept: `{other}` already keeps it"
        ));
    }
    None
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::io(parent, "create a folder", &e))?;
    }
    std::fs::write(path, bytes).map_err(|e| Diagnostic::io(path, "write the file", &e))
}

fn copy(from: &Path, to: &Path) -> Result<(), Diagnostic> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::io(parent, "create a folder", &e))?;
    }
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| Diagnostic::io(from, "copy the file", &e))
}

/// Reads a source file as text (BOM removed, `\n` line endings), named as in SRC.
pub fn read_text(root: &Path, rel: &str) -> Result<String, Diagnostic> {
    crate::content::walk::read_text(&root.join(rel), Path::new(rel))
}

/// Reads and splits a page's source.
pub fn read_page(root: &Path, rel: &str) -> Result<Parsed, Diagnostic> {
    let text = read_text(root, rel)?;
    front::parse(&text, Path::new(rel))
}

/// Every file under `dir` (relative to SRC), skipping hidden files and folders and
/// symbolic links (which could lead out of SRC), in a stable order. `skip` is asked for
/// each folder (relative to SRC) whether to go in.
pub fn files_under(
    root: &Path,
    dir: &str,
    skip: &dyn Fn(&str) -> bool,
    notes: &mut Vec<Note>,
) -> Vec<String> {
    let start = root.join(dir);
    if !start.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(&start)
        .sort_by_file_name()
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            let name = e.file_name().to_string_lossy();
            if crate::content::walk::is_ignored_name(&name) {
                return false;
            }
            if e.file_type().is_dir() {
                let rel = rel_of(root, e.path());
                return !skip(&rel);
            }
            true
        });
    for entry in walker.filter_map(Result::ok) {
        let rel = rel_of(root, entry.path());
        if entry.file_type().is_symlink() {
            notes.push(Note::person(
                &rel,
                0,
                "a symbolic link: not followed or copied (it could lead outside the site); copy what it points to by hand",
            ));
        } else if entry.file_type().is_file() {
            out.push(rel);
        }
    }
    out
}

fn rel_of(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether a file name is a Markdown page.
pub fn is_markdown(name: &str) -> bool {
    name.ends_with(".md") || name.ends_with(".markdown")
}

/// `x.markdown` -> `x.md`.
pub fn md_name(path: &str) -> String {
    match path.strip_suffix(".markdown") {
        Some(stem) => format!("{stem}.md"),
        None => path.to_string(),
    }
}

/// `dir/index.md` beside other pages in `dir` introduces them: it becomes the section's
/// `_index.md`. The site's own `index.md` is the home page's `_index.md`.
pub fn index_pages_to_sections(plan: &mut Plan) {
    let outs: Vec<String> = plan.pages.iter().map(|p| p.out.clone()).collect();
    for p in &mut plan.pages {
        let Some(dir) = p.out.strip_suffix("index.md") else {
            continue;
        };
        if p.out.ends_with("_index.md") {
            continue;
        }
        let has_others = dir.is_empty() || outs.iter().any(|o| o != &p.out && o.starts_with(dir));
        if has_others {
            p.out = format!("{dir}_index.md");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_urls_are_the_builds() {
        assert_eq!(
            new_url("blog/2015-07-08-x.md", None, false),
            "/blog/2015-07-08-x/"
        );
        assert_eq!(
            new_url("blog/x.md", Some("Other One"), false),
            "/blog/other-one/"
        );
        assert_eq!(new_url("about/index.md", None, false), "/about/");
        assert_eq!(
            new_url("news/2019/x/index.md", None, false),
            "/news/2019/x/"
        );
        assert_eq!(new_url("blog/_index.md", None, true), "/blog/");
        assert_eq!(new_url("_index.md", None, true), "/");
        assert_eq!(new_url("about.md", None, false), "/about/");
    }

    #[test]
    fn titles_and_dates_from_names() {
        assert_eq!(title_from_name("2015-07-08-moving-in"), "Moving in");
        assert_eq!(title_from_name("weeknotes"), "Weeknotes");
        assert_eq!(strip_date_prefix("2015-07-08-x"), Some(("2015-07-08", "x")));
        assert_eq!(strip_date_prefix("2015-07-08"), None);
        assert_eq!(jekyll_title("2013-12-31-team-snow"), "Team Snow");
        assert_eq!(jekyll_title("2014-03-21-29-minutes"), "29 Minutes");
        assert_eq!(jekyll_title("new-API-day"), "New Api Day");
    }
}
