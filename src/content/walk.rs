//! Walking `content/` and reading sources, in parallel, collecting every problem.
//!
//! A file that cannot be read or understood becomes a diagnostic and the walk goes on:
//! the build reports all of them at the end. Nothing here is ever written.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::front_matter::{self, RawFrontMatter};
use super::page::{self, Kind, Page, SectionMeta, Source};
use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics, line_column};

/// A file under `content/` that is not Markdown: copied to the output beside its page.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Relative to `content/`, `/` separators.
    pub rel: String,
    pub path: PathBuf,
}

/// Everything read from `content/`.
#[derive(Debug, Default, Clone)]
pub struct Content {
    /// Section folder (relative to content/, "" for the root) -> its `_index.md`, if any.
    pub sections: BTreeMap<String, Option<SectionMeta>>,
    /// Pages with the folder of the section they are in: the folder they sit in (a
    /// bundle's page sits in its parent's folder), or the nearest section above it.
    /// Shared with `serve`'s cache, so an unchanged page is not copied on each rebuild.
    pub pages: Vec<(String, Arc<Page>)>,
    pub assets: Vec<Asset>,
    /// When each file last changed in git (empty outside a repository); read by the
    /// pipeline beside the walk ([`crate::upkeep::git`]).
    pub history: Arc<crate::upkeep::git::History>,
    /// The accessibility statement in `accessibility.yaml`, if the site has one.
    pub statement_file: Option<Arc<crate::upkeep::statement::Statement>>,
}

/// Editors' swap, backup and lock files, and hidden files, are never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
}

/// Reads a source file as text, with clear errors for binary files and invalid UTF-8.
/// Removes a UTF-8 byte order mark and turns CRLF line endings into LF.
pub fn read_text(path: &Path, display: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| Diagnostic::io(display, "read the file", &e))?;
    decode_text(bytes, display)
}

pub fn decode_text(bytes: Vec<u8>, display: &Path) -> Result<String, Diagnostic> {
    if bytes.iter().take(8192).any(|b| *b == 0) {
        return Err(Diagnostic::error(display, "this is a binary file, not Markdown text")
            .with_hint("rename it if it is not a page (only .md files are pages), or save it as UTF-8 text"));
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let lossy = String::from_utf8_lossy(&bytes).into_owned();
            let prefix = String::from_utf8_lossy(&bytes[..valid]);
            let (line, column) = line_column(&prefix, prefix.len());
            return Err(Diagnostic::error(display, "the file is not valid UTF-8 text")
                .at(&lossy, line, column)
                .with_hint(
                    "save the file as UTF-8 (it may be in Windows-1252 or Latin-1: re-save it as UTF-8 in your editor)",
                ));
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    })
}

#[derive(Clone)]
struct Found {
    /// Each `_index.md` (and translation of one): the folder of the model it is the
    /// section of ([`crate::language::folder`]), its path relative to content/, the file.
    index_files: Vec<(String, String, PathBuf)>,
    pages: Vec<(String, PathBuf)>,
    assets: Vec<Asset>,
    dirs: Vec<String>,
    /// A symbolic link was met: a file can then be reached by more than one path, and
    /// only a walk finds them all (see [`Found::patched`]).
    links: bool,
}

fn rel_string(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn find(config: &Config, diags: &Diagnostics) -> Found {
    let content = config.content_dir();
    let mut found = Found {
        index_files: Vec::new(),
        pages: Vec::new(),
        assets: Vec::new(),
        dirs: vec![String::new()],
        links: false,
    };
    let real_root = crate::inside::real_root(&config.root);
    // content/ itself may be a link out of the site; the walk checks every link below it.
    if let Err(d) = crate::inside::check(&content, &config.root, &real_root) {
        diags.push(d);
        return found;
    }
    let site = Some(real_root);
    let links = std::cell::Cell::new(false);
    let walker = walkdir::WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            links.set(links.get() || e.path_is_symlink());
            if e.depth() > 0 && leads_outside(e, site.as_deref()) {
                let display = crate::site_relative(&config.root, e.path());
                diags.push(outside_link_error(display, e.path()));
                return false;
            }
            e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy())
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| content.clone());
                let display = crate::site_relative(&config.root, &path);
                let d = if err.loop_ancestor().is_some() {
                    Diagnostic::error(
                        display,
                        "this symbolic link makes a loop (it points to a folder that contains it)",
                    )
                    .with_hint("remove the link or point it somewhere outside its own folder")
                } else {
                    let io = err
                        .io_error()
                        .map_or_else(|| err.to_string(), ToString::to_string);
                    Diagnostic::error(display, format!("could not read: {io}"))
                        .with_hint("check the permissions of the file or folder")
                };
                diags.push(d);
                continue;
            }
        };
        let rel = rel_string(entry.path(), &content);
        if entry.file_type().is_dir() {
            if entry.depth() > 0 {
                if crate::language::is_language_folder(&rel, config) {
                    diags.push(language_folder_error(
                        crate::site_relative(&config.root, entry.path()),
                        &rel,
                    ));
                }
                found.dirs.push(rel);
            }
            continue;
        }
        let path = entry.path().to_path_buf();
        match classify(&rel, &path, config) {
            Entry::Index(dir) => found.index_files.push((dir, rel, path)),
            Entry::Page => found.pages.push((rel, path)),
            Entry::Refused(d) => diags.push(d),
            Entry::Asset => found.assets.push(Asset { rel, path }),
        }
    }
    found.links = links.get();
    found
}

/// What the walk makes of one file of content/, at `rel` below it.
enum Entry {
    /// A section's `_index.md` (or a translation of one), for the model's folder.
    Index(String),
    Page,
    /// Not read, and why.
    Refused(Diagnostic),
    Asset,
}

fn classify(rel: &str, path: &Path, config: &Config) -> Entry {
    let display = || crate::site_relative(&config.root, path);
    // A translation (`_index.cy.md`, `index.cy.md`) is what its source's name says.
    let translation = crate::language::of_file(rel, config);
    let (base, lang) = translation
        .as_ref()
        .map_or((rel, crate::language::DEFAULT), |(b, l)| (b.as_str(), *l));
    let name = base.rsplit('/').next().unwrap_or(base);
    if name == "_index.md" || name == "_index.markdown" {
        Entry::Index(crate::language::folder(parent_of(base), lang, config))
    } else if base == "index.md" || base == "index.markdown" {
        Entry::Refused(home_page_index_error(display()))
    } else if is_page_name(name) {
        Entry::Page
    } else if let Some(d) = not_read(name, path, display) {
        Entry::Refused(d)
    } else {
        Entry::Asset
    }
}

impl Found {
    /// The walk again, from this one, after each of `changed` (files or folders below
    /// `content`) was made, removed or renamed: what is no longer there goes out, and a
    /// file or folder made goes in, each entry at its place in the walk's order (a new
    /// folder is walked on its own). None when only a whole walk can tell: a file the
    /// walk would report, a link, a folder named as a language, or links in content/.
    fn patched(&self, changed: &[PathBuf], content: &Path, config: &Config) -> Option<Found> {
        if self.links {
            return None;
        }
        let mut found = Found {
            index_files: self.index_files.clone(),
            pages: self.pages.clone(),
            assets: self.assets.clone(),
            dirs: self.dirs.clone(),
            links: false,
        };
        for path in changed {
            if has_ignored_part(path, content) {
                continue;
            }
            let rel = path.strip_prefix(content).ok()?;
            if rel.as_os_str().is_empty()
                || (rel.components()).any(|c| !matches!(c, std::path::Component::Normal(_)))
            {
                return None;
            }
            let rel = rel_string(path, content);
            found.remove_at_or_below(&rel);
            match std::fs::symlink_metadata(path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(_) => return None,
                Ok(m) if m.file_type().is_symlink() => return None,
                Ok(_) if !found.dirs.iter().any(|d| d == parent_of(&rel)) => return None,
                Ok(m) if m.is_dir() => {
                    for entry in walkdir::WalkDir::new(path)
                        .sort_by_file_name()
                        .into_iter()
                        .filter_entry(|e| !is_ignored_name(&e.file_name().to_string_lossy()))
                    {
                        let entry = entry.ok()?;
                        if entry.path_is_symlink() {
                            return None;
                        }
                        found.add(
                            &rel_string(entry.path(), content),
                            entry.path(),
                            entry.file_type().is_dir(),
                            config,
                        )?;
                    }
                }
                Ok(_) => found.add(&rel, path, false, config)?,
            }
        }
        Some(found)
    }

    /// Takes out the file or folder at `rel` and everything below it.
    fn remove_at_or_below(&mut self, rel: &str) {
        self.index_files.retain(|(_, r, _)| !is_at_or_below(r, rel));
        self.pages.retain(|(r, _)| !is_at_or_below(r, rel));
        self.assets.retain(|a| !is_at_or_below(&a.rel, rel));
        self.dirs.retain(|d| !is_at_or_below(d, rel));
    }

    /// Puts one entry where the walk meets it; None for one the walk would report.
    fn add(&mut self, rel: &str, path: &Path, is_dir: bool, config: &Config) -> Option<()> {
        if is_dir {
            if crate::language::is_language_folder(rel, config) {
                return None;
            }
            insert_in_walk_order(&mut self.dirs, rel, |d| d, || rel.to_string());
            return Some(());
        }
        let path = path.to_path_buf();
        match classify(rel, &path, config) {
            Entry::Index(dir) => insert_in_walk_order(
                &mut self.index_files,
                rel,
                |(_, r, _)| r,
                || (dir, rel.to_string(), path),
            ),
            Entry::Page => {
                insert_in_walk_order(&mut self.pages, rel, |(r, _)| r, || (rel.to_string(), path))
            }
            Entry::Asset => insert_in_walk_order(
                &mut self.assets,
                rel,
                |a| &a.rel,
                || Asset {
                    rel: rel.to_string(),
                    path,
                },
            ),
            Entry::Refused(_) => return None,
        }
        Some(())
    }
}

/// Inserts the entry for `rel` into `v`, which is in the walk's order, unless it is there.
/// The walk visits each folder's entries by name, depth first: the order of the paths'
/// names compared one by one.
fn insert_in_walk_order<T>(
    v: &mut Vec<T>,
    rel: &str,
    rel_of: impl Fn(&T) -> &str,
    make: impl FnOnce() -> T,
) {
    if let Err(at) = v.binary_search_by(|t| rel_of(t).split('/').cmp(rel.split('/'))) {
        v.insert(at, make());
    }
}

/// A folder `content/cy/` on a site with Welsh among its `languages:` would hold the
/// same URLs as the Welsh pages beside their sources.
fn language_folder_error(display: PathBuf, code: &str) -> Diagnostic {
    Diagnostic::error(
        display,
        format!("the folder content/{code}/ has the name of one of the site's languages, whose pages are published under /{code}/"),
    )
    .with_hint(format!(
        "put each translation beside its source as `name.{code}.md` (see docs/bilingual.md), or rename the folder"
    ))
}

/// Markdown pages: `.md`, and `.markdown` as Jekyll sites name many of their posts.
pub fn is_page_name(name: &str) -> bool {
    name.ends_with(".md") || name.ends_with(".markdown")
}

/// `content/index.md` would be a page at `/index/`. Hugo and Zola take the home page's
/// own text from `content/_index.md`, as daylight does, so the file is refused with the
/// name to give it, rather than read as a second spelling of `_index.md` whose fields
/// (a page's) would differ from a section's.
fn home_page_index_error(display: PathBuf) -> Diagnostic {
    Diagnostic::error(
        display,
        "an index.md at the top of content/ is not read: it would be a page at /index/, not the home page",
    )
    .with_hint(
        "the home page's own title and text go in content/_index.md (as in Hugo and Zola): rename the file to _index.md, or merge it into the one there",
    )
}

/// Pages for other generators, which daylight does not read and must not copy to
/// `public/` as they are (front matter and all): a warning naming the file, which is
/// left out.
fn not_read(name: &str, path: &Path, display: impl Fn() -> PathBuf) -> Option<Diagnostic> {
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
    match extension.as_str() {
        "adoc" | "asciidoc" | "org" | "rst" | "textile" => Some(
            Diagnostic::warning(
                display(),
                format!("this .{extension} file is not read: daylight's pages are Markdown"),
            )
            .with_hint("convert it to Markdown (a .md file with YAML front matter) to publish it; it is not copied to public/"),
        ),
        "html" | "htm" if has_front_matter(path) => Some(
            Diagnostic::warning(
                display(),
                "this HTML file has front matter, which daylight does not read: it is not published",
            )
            .with_hint("make it a Markdown page (a .md file; Markdown can hold HTML), or remove the front matter to publish the file as it is"),
        ),
        _ => None,
    }
}

/// Whether the file's first line that is not blank is `---`: front matter to Jekyll.
fn has_front_matter(path: &Path) -> bool {
    use std::io::Read;
    let mut start = [0u8; 512];
    let Ok(read) = std::fs::File::open(path).and_then(|mut f| f.read(&mut start)) else {
        return false;
    };
    let text = String::from_utf8_lossy(&start[..read]);
    let text = text.trim_start_matches('\u{feff}');
    text.lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim_end() == "---")
}

pub use crate::inside::leads_outside;

/// The error for a link [`leads_outside`] the site.
pub fn outside_link_error(display: PathBuf, path: &Path) -> Diagnostic {
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    crate::inside::outside_error(display, path, &real)
}

/// `blog/2024/a.md` -> `blog/2024`; `a.md` -> "".
pub fn parent_of(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

/// A source file, and its front matter as written, or why it could not be read as YAML.
type Loaded = (Source, Result<RawFrontMatter, Diagnostic>);

/// Reads a file and splits it at its front matter. Err when it cannot be read or has no
/// front matter to split at: there is then no body to speak of either.
fn load_source(rel: &str, path: &Path, config: &Config) -> Result<Loaded, Diagnostic> {
    let display = crate::site_relative(&config.root, path);
    let text = read_text(path, &display)?;
    let split = front_matter::split(&text, &display)?;
    let raw: Result<RawFrontMatter, Diagnostic> =
        crate::yaml::parse_keeping_duplicates(split.yaml, &display, &text, split.yaml_first_line);
    let body_offset = split.body_offset;
    let source = Source {
        rel: rel.to_string(),
        display,
        text: Arc::from(text),
        body_offset,
        body_on_disk: None,
    };
    Ok((source, raw))
}

/// A page as read: the page (unless the file could not even be split) and every
/// problem found in it. A page with front matter errors is still made, so its body
/// and the links to it are checked in the same run ([`page::page_from_raw`]).
/// `keep_body`: keep the body in memory (`serve`, which renders it again and again),
/// rather than read it again when it is rendered.
fn read_page(
    rel: &str,
    path: &Path,
    kind: Kind,
    is_bundle: bool,
    config: &Config,
    keep_body: bool,
) -> PageRead {
    let (mut page, diagnostics) = match load_source(rel, path, config) {
        Err(d) => return (None, vec![d]),
        Ok((source, Ok(raw))) => page::page_from_raw(source, raw, kind, is_bundle, config),
        Ok((source, Err(d))) => (page::stand_in(source, is_bundle, config), vec![d]),
    };
    if !keep_body {
        page.source.leave_body_on_disk(path);
    }
    (Some(Arc::new(page)), diagnostics)
}

/// What [`read_page`] gives.
type PageRead = (Option<Arc<Page>>, Vec<Diagnostic>);

/// Reads and checks everything under `content/`. Problems go to `diags`; what could be
/// read is returned.
pub fn load(config: &Config, diags: &Diagnostics) -> Content {
    load_with(config, diags, None)
}

/// What a file was when it was read: if any of it changes, the file is read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    changed: (i64, i64),
    inode: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: m.len(),
            modified: m.modified().ok(),
            changed: (m.ctime(), m.ctime_nsec()),
            inode: m.ino(),
        })
    }
}

/// A source as it was read, and what it was read as.
#[derive(Clone)]
enum Read {
    Page {
        kind: Kind,
        is_bundle: bool,
        read: PageRead,
    },
    Section(Result<Box<SectionMeta>, Vec<Diagnostic>>),
}

/// What `serve` keeps of each source between rebuilds, so an edit reads one file, not
/// all of them. A file is read again when its size, times or inode changed, or when the
/// watcher reported it ([`Cache::forget`]: times can be too coarse to tell two quick
/// saves apart). Everything is dropped when the settings change.
#[derive(Default)]
pub struct Cache {
    settings: u64,
    files: Kept,
    /// The last walk of content/, and what it reported.
    found: Option<Arc<(Found, Vec<Diagnostic>)>>,
    /// Nothing was created, removed or renamed since the last walk, and every changed
    /// file was named by the watcher: the walk and the kept files can be trusted as they
    /// are, without looking at each file again.
    trusted: bool,
    /// Files and folders made, removed or renamed since the last walk: the next load
    /// patches them into it ([`Found::patched`]) rather than walk content/ and look at
    /// every file again.
    made_or_removed: Vec<PathBuf>,
    /// The content folder the kept files were read from.
    content: Option<PathBuf>,
    /// Files edited since the last load: read again, each in its place in it.
    edited: Vec<PathBuf>,
    /// The last load, while it can be patched with the files edited since.
    last: Option<LastLoad>,
}

/// What a load made, kept by `serve` so the next one, after a few pages were edited,
/// reads them again and takes the rest as they were: 10,000 pages placed in their
/// sections again on each save cost about 8 ms, one page read again well under one.
struct LastLoad {
    /// The walk it read.
    found: Arc<(Found, Vec<Diagnostic>)>,
    read: FoundRead,
    /// What reading the sections said.
    said: Vec<Diagnostic>,
}

impl Cache {
    /// Drops what is kept of these files, or of everything under these folders.
    /// `only_edited`: the watcher saw files written, and nothing created, removed or
    /// renamed; else the next load walks content/ and looks at every file again.
    pub fn forget(&mut self, paths: &[PathBuf], only_edited: bool) {
        // A template, static file or theme file is not content: what was read stands.
        // (site.yaml drops everything through the settings' fingerprint.)
        let content = self.content.as_deref();
        let paths: Vec<&PathBuf> = paths
            .iter()
            .filter(|p| content.is_none_or(|c| p.starts_with(c) || c.starts_with(p)))
            .collect();
        if paths.is_empty() {
            return;
        }
        for path in paths {
            // An editor's swap or temporary file (`.post.md.swp`, a save's `.post.md.tmp`
            // renamed over the page) is never content: the walk would skip it too.
            if content.is_some_and(|c| has_ignored_part(path, c)) {
                continue;
            }
            // A page saved by writing a temporary file and renaming it over the page, as
            // many editors do, is still the same page at the same path: nothing to walk.
            // A link put there instead goes through the walk, which checks where it leads.
            let kind = std::fs::symlink_metadata(path).map(|m| m.file_type());
            let is_file = kind.as_ref().is_ok_and(std::fs::FileType::is_file);
            if is_file && self.files.contains_key(path.as_path()) {
                self.files.remove(path.as_path());
                self.edited.push(path.clone());
                continue;
            }
            // Anything else is read again through a whole load.
            self.last = None;
            // A file or folder made, removed or renamed (a new post, a deleted one, a new
            // section) changes a few entries of the last walk, patched at the next load.
            // Whether it can be ([`Found::patched`]) is told there; if not, content/ is
            // walked and every file looked at again.
            let link = kind.as_ref().is_ok_and(std::fs::FileType::is_symlink);
            if self.trusted && !link {
                self.files.retain(|kept, _| !kept.starts_with(path));
                self.made_or_removed.push(path.clone());
                continue;
            }
            self.trusted &= only_edited;
            // An edited file is one entry; only a folder needs a look at every entry.
            if only_edited && self.files.remove(path.as_path()).is_some() {
                continue;
            }
            let before = self.files.len();
            self.files.retain(|kept, _| !kept.starts_with(path));
            // A change to something this cache never read (a template, a file reached
            // through a link by another name): look at every file again next time.
            if self.files.len() == before {
                self.trusted = false;
            }
        }
    }

    fn get(&self, path: &Path, stamp: Option<Stamp>) -> Option<&Read> {
        let (was, read) = self.files.get(path)?;
        (Some(*was) == stamp).then_some(read)
    }

    /// The kept file and its stamp, when the cache may be trusted without a look.
    fn trusted(&self, path: &Path) -> Option<&(Stamp, Read)> {
        self.trusted.then(|| self.files.get(path)).flatten()
    }
}

/// `path` is below `content` and one of its names there is one the walk skips.
fn has_ignored_part(path: &Path, content: &Path) -> bool {
    path.strip_prefix(content).is_ok_and(|rel| {
        rel.components()
            .any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()))
    })
}

/// Reads one source through the cache: what was kept if the file is unchanged and was
/// read the same way, else the file, kept for next time.
fn through_cache(
    cache: Option<&Cache>,
    next: &Next,
    path: &Path,
    same: impl Fn(&Read) -> bool,
    read: impl FnOnce() -> Read,
) -> Read {
    let Some(cache) = cache else {
        return read();
    };
    // Trusted, the cache stays as it is and only fresh reads are added to it.
    if let Some((_, kept)) = cache.trusted(path).filter(|(_, r)| same(r)) {
        return kept.clone();
    }
    let stamp = Stamp::of(path);
    let result = match cache.get(path, stamp).filter(|r| same(r)) {
        Some(kept) => kept.clone(),
        None => read(),
    };
    if let Some(stamp) = stamp {
        next.lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_path_buf(), (stamp, result.clone()));
    }
    result
}

/// [`load`], reading only the files that changed since `cache` was filled (`serve`).
pub fn load_cached(config: &Config, diags: &Diagnostics, cache: &mut Cache) -> Content {
    let settings = config.fingerprint();
    if cache.settings != settings {
        *cache = Cache {
            settings,
            ..Cache::default()
        };
    }
    cache.content = Some(config.content_dir());
    let changed = std::mem::take(&mut cache.made_or_removed);
    if cache.trusted && !changed.is_empty() {
        let content = config.content_dir();
        let patched = (cache.found.as_ref())
            .and_then(|f| Some((f.0.patched(&changed, &content, config)?, f.1.clone())));
        match patched {
            Some(found) => cache.found = Some(Arc::new(found)),
            None => cache.trusted = false,
        }
    }
    let found = match cache.found.clone().filter(|_| cache.trusted) {
        Some(found) => found,
        None => {
            let walk_diags = Diagnostics::default();
            let found = find(config, &walk_diags);
            let found = Arc::new((found, walk_diags.into_sorted()));
            cache.found = Some(found.clone());
            found
        }
    };
    diags.extend(found.1.iter().cloned());
    let edited = std::mem::take(&mut cache.edited);
    let last = (cache.last.take()).filter(|l| cache.trusted && Arc::ptr_eq(&l.found, &found));
    let next = Next::default();
    let patched = last.and_then(|last| last.patched(&edited, config, cache, &next));
    let last = match patched {
        Some(last) => last,
        None => {
            let said = Diagnostics::default();
            let read = load_found(&found.0, config, &said, Some((cache, &next)));
            LastLoad {
                found: found.clone(),
                read,
                said: said.to_vec(),
            }
        }
    };
    diags.extend(last.said.iter().cloned());
    for (_, said) in &last.read.pages {
        diags.extend(said.iter().cloned());
    }
    let content = last.read.content.clone();
    cache.last = Some(last);
    let read = next.into_inner().unwrap_or_else(|e| e.into_inner());
    if cache.trusted {
        // Only the files read again are new; the rest were kept as they are.
        cache.files.extend(read);
    } else {
        cache.files = read;
    }
    cache.trusted = true;
    content
}

impl LastLoad {
    /// This load with the pages at `edited` read again, each in its place; None when
    /// that would not be the load made anew: a file edited that is not a page the walk
    /// found (a section's `_index.md`, a picture), or a page that could be read and now
    /// cannot, or the other way round (it leaves or joins the pages, which may make or
    /// unmake a section).
    fn patched(
        mut self,
        edited: &[PathBuf],
        config: &Config,
        cache: &Cache,
        next: &Next,
    ) -> Option<LastLoad> {
        let through = Through {
            kept: Some(cache),
            next,
        };
        for path in edited {
            let at = (self.found.0.pages.iter()).position(|(_, p)| p == path)?;
            let (rel, path) = &self.found.0.pages[at];
            let read = &mut self.read;
            let (page, said) = read_page_entry(rel, path, &read.read_sections, config, through);
            let (Some(k), Some((_, page))) = (read.pages[at].0, page) else {
                return None;
            };
            read.content.pages[k].1 = page;
            read.pages[at].1 = said;
        }
        Some(self)
    }
}

/// What the cache keeps: each source by path, with its stamp when read.
type Kept = HashMap<PathBuf, (Stamp, Read), crate::output::FastHash>;
type Next = std::sync::Mutex<Kept>;

fn load_with(config: &Config, diags: &Diagnostics, cache: Option<(&Cache, &Next)>) -> Content {
    let found = find(config, diags);
    let loaded = load_found(&found, config, diags, cache);
    for (_, said) in loaded.pages {
        diags.extend(said);
    }
    loaded.content
}

/// What [`load_found`] made, with what `serve` keeps of it ([`LastLoad`]).
struct FoundRead {
    content: Content,
    /// The sections as read, before the pages were placed in them.
    read_sections: BTreeMap<String, Option<SectionMeta>>,
    /// For each page the walk found: where it is in `content.pages` (None: it could not
    /// be read), and what reading it said (not yet told).
    pages: Vec<(Option<usize>, Vec<Diagnostic>)>,
}

/// The sources one load reads through, when `serve` keeps a cache.
#[derive(Clone, Copy)]
struct Through<'a> {
    kept: Option<&'a Cache>,
    next: &'a Next,
}

/// Reads the sections and pages the walk found. What reading the sections says goes to
/// `diags`; what reading each page says is returned with it.
fn load_found(
    found: &Found,
    config: &Config,
    diags: &Diagnostics,
    cache: Option<(&Cache, &Next)>,
) -> FoundRead {
    let unused = Next::default();
    let through = match cache {
        Some((kept, next)) => Through {
            kept: Some(kept),
            next,
        },
        None => Through {
            kept: None,
            next: &unused,
        },
    };
    let mut by_dir = read_sections(found, config, diags, through);
    let bundle_dirs: std::collections::HashSet<&str> = found
        .pages
        .iter()
        .filter(|(rel, _)| is_bundle_index(&base_of(rel, config).0))
        .map(|(rel, _)| parent_of(rel))
        .collect();
    let read_sections = by_dir.clone();
    let mut pages = Vec::with_capacity(found.pages.len());
    let mut placed = Vec::with_capacity(found.pages.len());
    for (page, said) in read_pages(found, &by_dir, config, through) {
        placed.push((page.as_ref().map(|_| pages.len()), said));
        pages.extend(page);
    }
    // A top-level folder without an _index.md is a section too (with a title from its
    // name) when pages sit in it or below, except a bundle's own folder. A deeper folder
    // without one (`news/2019/05/`) only holds pages of the section above it, as in
    // Hugo: a section titled "05" listing one month would be no one's idea of a section.
    // A folder with no page in it publishes no list.
    for dir in &found.dirs {
        let top = !dir.contains('/');
        if top
            && !bundle_dirs.contains(dir.as_str())
            && !is_inside_bundle(dir, &bundle_dirs)
            && pages
                .iter()
                .any(|(d, _)| is_at_or_below(crate::language::of_folder(d, config).1, dir))
        {
            by_dir.entry(dir.clone()).or_insert(None);
        }
    }
    by_dir.entry(String::new()).or_insert(None);
    if !config.languages.is_empty() {
        mirror_sections(&mut by_dir, &pages, config);
    }
    for (dir, _) in &mut pages {
        *dir = section_of(&by_dir, dir).to_string();
    }
    FoundRead {
        content: Content {
            sections: by_dir,
            pages,
            assets: found.assets.clone(),
            history: Arc::default(),
            statement_file: None,
        },
        read_sections,
        pages: placed,
    }
}

/// The sections of each language other than the default: its home (`cy`), and each
/// section a translation sits in with the sections above it (`cy/blog`). A section with
/// no translated `_index.cy.md` of its own is its source's, as written; one that has
/// its own takes what it leaves unsaid (kind, order, page size, permalink) from its
/// source, so a Welsh blog is a blog whether or not its `_index.cy.md` says so.
fn mirror_sections(
    by_dir: &mut BTreeMap<String, Option<SectionMeta>>,
    pages: &[(String, Arc<Page>)],
    config: &Config,
) {
    for lang in 1..config.languages.len() {
        by_dir
            .entry(crate::language::folder("", lang, config))
            .or_insert(None);
    }
    let mut wanted: Vec<(String, crate::language::LangId)> = Vec::new();
    for (dir, _) in pages {
        let (lang, real) = crate::language::of_folder(dir, config);
        if lang == crate::language::DEFAULT {
            continue;
        }
        let mut d = section_of(by_dir, real);
        while !d.is_empty() {
            wanted.push((d.to_string(), lang));
            d = section_of(by_dir, parent_of(d));
        }
    }
    for (real, lang) in wanted {
        let mirrored = by_dir.get(&real).cloned().flatten();
        by_dir
            .entry(crate::language::folder(&real, lang, config))
            .or_insert(mirrored);
    }
    let own: Vec<String> = by_dir
        .keys()
        .filter(|d| crate::language::of_folder(d, config).0 != crate::language::DEFAULT)
        .cloned()
        .collect();
    for dir in own {
        let real = crate::language::of_folder(&dir, config).1.to_string();
        let Some(Some(source)) = by_dir.get(&real).cloned() else {
            continue;
        };
        if let Some(Some(meta)) = by_dir.get_mut(&dir) {
            meta.kind = meta.kind.or(source.kind);
            meta.sort_by = meta.sort_by.or(source.sort_by);
            meta.paginate_by = meta.paginate_by.or(source.paginate_by);
            if meta.permalink.is_none() {
                meta.permalink = source.permalink;
            }
        }
    }
}

/// A file's name as its source's (`about.cy.md` -> `about.md`) and its language.
fn base_of<'a>(
    rel: &'a str,
    config: &Config,
) -> (std::borrow::Cow<'a, str>, crate::language::LangId) {
    match crate::language::of_file(rel, config) {
        Some((base, lang)) => (std::borrow::Cow::Owned(base), lang),
        None => (std::borrow::Cow::Borrowed(rel), crate::language::DEFAULT),
    }
}

/// The kind of a translation's pages: the nearest `_index.md` that says, in the
/// translation's language first, then its source's, from its folder up.
fn kind_for_language(
    by_dir: &BTreeMap<String, Option<SectionMeta>>,
    dir: &str,
    lang: crate::language::LangId,
    config: &Config,
) -> Kind {
    let mut d = dir;
    loop {
        for key in [crate::language::folder(d, lang, config), d.to_string()] {
            if let Some(Some(meta)) = by_dir.get(&key)
                && let Some(kind) = meta.kind
            {
                return kind;
            }
        }
        if d.is_empty() {
            return Kind::Page;
        }
        d = parent_of(d);
    }
}

/// `dir` is `folder` or a folder inside it.
fn is_at_or_below(dir: &str, folder: &str) -> bool {
    dir == folder
        || dir
            .strip_prefix(folder)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The section a folder's pages are in: the nearest folder, from `dir` up, that is one.
pub fn section_of<'a, T>(sections: &BTreeMap<String, T>, dir: &'a str) -> &'a str {
    let mut d = dir;
    while !d.is_empty() && !sections.contains_key(d) {
        d = parent_of(d);
    }
    d
}

/// Every `_index.md`, by its folder (None where it could not be read).
fn read_sections(
    found: &Found,
    config: &Config,
    diags: &Diagnostics,
    through: Through<'_>,
) -> BTreeMap<String, Option<SectionMeta>> {
    let sections: Vec<(String, Option<SectionMeta>)> = found
        .index_files
        .par_iter()
        .map(|(dir, rel, path)| {
            let read = through_cache(
                through.kept,
                through.next,
                path,
                |r| matches!(r, Read::Section(_)),
                || {
                    Read::Section(
                        load_source(rel, path, config)
                            .map_err(|d| vec![d])
                            .and_then(|(source, raw)| {
                                page::section_from_raw(source, raw.map_err(|d| vec![d])?, config)
                            })
                            .map(Box::new),
                    )
                },
            );
            let meta = match read {
                Read::Section(meta) => meta.map(|m| *m),
                Read::Page { .. } => Err(Vec::new()),
            };
            match meta {
                Ok(m) => (dir.clone(), Some(m)),
                Err(errors) => {
                    diags.extend(errors);
                    (dir.clone(), None)
                }
            }
        })
        .collect();
    sections.into_iter().collect()
}

/// The kind a folder's pages have: the nearest `_index.md` that says, else `page`.
fn kind_for(by_dir: &BTreeMap<String, Option<SectionMeta>>, dir: &str) -> Kind {
    let mut d = dir;
    loop {
        if let Some(Some(meta)) = by_dir.get(d)
            && let Some(kind) = meta.kind
        {
            return kind;
        }
        if d.is_empty() {
            return Kind::Page;
        }
        d = parent_of(d);
    }
}

/// Every page the walk found, in its order: the page, with the folder of the section it
/// is in, when it could be read, and what reading it said.
fn read_pages(
    found: &Found,
    by_dir: &BTreeMap<String, Option<SectionMeta>>,
    config: &Config,
    through: Through<'_>,
) -> Vec<PageEntry> {
    (found.pages.par_iter())
        .map(|(rel, path)| read_page_entry(rel, path, by_dir, config, through))
        .collect()
}

/// A page as read ([`read_pages`]).
type PageEntry = (Option<(String, Arc<Page>)>, Vec<Diagnostic>);

/// The page at `rel`, read (or kept from the cache), with what reading it said.
fn read_page_entry(
    rel: &str,
    path: &Path,
    by_dir: &BTreeMap<String, Option<SectionMeta>>,
    config: &Config,
    through: Through<'_>,
) -> PageEntry {
    let (base, lang) = base_of(rel, config);
    let is_bundle = is_bundle_index(&base);
    let own_dir = parent_of(rel);
    let section_dir = if is_bundle {
        parent_of(own_dir)
    } else {
        own_dir
    };
    let kind = if lang == crate::language::DEFAULT {
        kind_for(by_dir, section_dir)
    } else {
        kind_for_language(by_dir, section_dir, lang, config)
    };
    let section_dir = crate::language::folder(section_dir, lang, config);
    let same = |r: &Read| matches!(r, Read::Page { kind: k, is_bundle: b, .. } if *k == kind && *b == is_bundle);
    let read = through_cache(through.kept, through.next, path, same, || Read::Page {
        kind,
        is_bundle,
        read: read_page(rel, path, kind, is_bundle, config, through.kept.is_some()),
    });
    let (page, diagnostics) = match read {
        Read::Page { read, .. } => read,
        Read::Section(_) => (None, Vec::new()),
    };
    (page.map(|p| (section_dir, p)), diagnostics)
}

/// A page bundle's own page: `index.md` (or `.markdown`, as Jekyll names them) in a
/// folder below content/ (the top one's is refused: see [`home_page_index_error`]).
fn is_bundle_index(rel: &str) -> bool {
    let file = rel.rsplit('/').next().unwrap_or(rel);
    (file == "index.md" || file == "index.markdown") && rel != file
}

fn is_inside_bundle(dir: &str, bundles: &std::collections::HashSet<&str>) -> bool {
    let mut d = dir;
    while !d.is_empty() {
        d = parent_of(d);
        if bundles.contains(d) && !d.is_empty() {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_editor_files() {
        for name in [
            ".hello.md.swp",
            "hello.md~",
            "#hello.md#",
            ".#hello.md",
            ".DS_Store",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("hello.md"));
    }

    #[test]
    fn decodes_bom_and_crlf_and_rejects_binary_and_bad_utf8() {
        let t = decode_text(
            b"\xef\xbb\xbf---\r\ntitle: a\r\n---\r\n".to_vec(),
            Path::new("a.md"),
        )
        .unwrap();
        assert_eq!(t, "---\ntitle: a\n---\n");
        let d = decode_text(b"abc\0def".to_vec(), Path::new("a.md")).unwrap_err();
        assert!(d.message.contains("binary"));
        let d = decode_text(b"---\ntitle: caf\xe9\n---\n".to_vec(), Path::new("a.md")).unwrap_err();
        assert_eq!((d.line, d.column), (Some(2), Some(11)), "{d}");
        assert!(d.hint.unwrap().contains("UTF-8"));
    }

    /// A load patched with the pages edited since the last is the load made anew (by a
    /// cache of its own, which keeps bodies in memory as `serve` does): the same pages,
    /// sections and words said, through edits to front matter and bodies, a page broken
    /// and fixed, and a section's `_index.md` edited (a whole load).
    #[test]
    fn a_patched_load_is_a_fresh_one() {
        let site = crate::test_site::TestSite::new();
        let config = &site.config;
        let write = |f: &str, text: &str| site.write(f, text);
        write("blog/_index.md", "---\ntitle: Blog\nkind: post\n---\n");
        write("blog/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n");
        write("blog/b/index.md", "---\ntitle: B\n---\nB.\n");
        write("news/n.md", "---\ntitle: N\n---\nN.\n");
        write("top.md", "---\ntitle: Top\n---\n");
        let said = |c: &Content, d: Diagnostics| {
            let pages: Vec<_> = (c.pages.iter())
                .map(|(dir, p)| format!("{dir} {p:?}"))
                .collect();
            let d: Vec<_> = d.into_sorted().iter().map(|d| format!("{d:?}")).collect();
            format!("{:?}\n{pages:?}\n{:?}\n{d:?}", c.sections, c.assets)
        };
        let mut cache = Cache::default();
        let diags = Diagnostics::default();
        let first = load_cached(config, &diags, &mut cache);
        let again = Diagnostics::default();
        let anew = load_cached(config, &again, &mut Cache::default());
        assert_eq!(said(&first, diags), said(&anew, again));
        let steps: [(&str, &str); 6] = [
            (
                "blog/a.md",
                "---\ntitle: A again\ndate: 2024-02-01\ntags: [x]\n---\nA.\n",
            ),
            (
                "blog/b/index.md",
                "---\ntitle: B\n---\nB, and [a link](/nowhere/).\n",
            ),
            ("news/n.md", "---\ntitle: [broken\n---\nN.\n"),
            ("news/n.md", "---\ntitle: N fixed\n---\nN.\n"),
            ("blog/_index.md", "---\ntitle: Posts\nkind: page\n---\n"),
            ("top.md", "---\ntitle: Top\ndraft: true\n---\n"),
        ];
        for (file, text) in steps {
            let path = write(file, text);
            cache.forget(&[path], true);
            let diags = Diagnostics::default();
            let patched = load_cached(config, &diags, &mut cache);
            let fresh = Diagnostics::default();
            let anew = load_cached(config, &fresh, &mut Cache::default());
            assert_eq!(said(&patched, diags), said(&anew, fresh), "after {file}");
        }
    }

    /// Files and folders made or removed, patched into the last walk, are where a fresh
    /// walk puts them; what only a walk can tell is left to one.
    #[test]
    fn a_patched_walk_is_a_fresh_one() {
        let site = crate::test_site::TestSite::new();
        let config = &site.config;
        let content = config.content_dir();
        let make = |f: &str| {
            site.write(f, "---\ntitle: t\n---\n");
        };
        for f in [
            "blog/b.md",
            "blog/d.md",
            "blog/2024/a.md",
            "blog/z/index.md",
            "blog/z/pic.png",
            "news/x.md",
            "top.md",
        ] {
            make(f);
        }
        let all = |f: &Found| {
            format!(
                "{:?}\n{:?}\n{:?}\n{:?}",
                f.index_files,
                f.pages,
                f.assets
                    .iter()
                    .map(|a| (&a.rel, &a.path))
                    .collect::<Vec<_>>(),
                f.dirs
            )
        };
        let diags = Diagnostics::default();
        let mut last = find(config, &diags);
        // Each step: files made (folders with them), files or folders removed, then the
        // patch against a walk.
        let steps: [(&[&str], &[&str]); 7] = [
            (
                &[
                    "blog/c.md",
                    "blog/2024/0.md",
                    "blog/zz.md",
                    "blog/z-a.md",
                    "a.md",
                ],
                &[],
            ),
            (&[], &["blog/d.md", "a.md"]),
            (&["blog/z/more.md", "blog/z/more.png"], &["blog/b.md"]),
            (&["news/x.md", "blog/_index.md"], &["blog/never-there.md"]),
            (
                &[
                    "sect/_index.md",
                    "sect/first.md",
                    "sect/deep/er/p.md",
                    "sect/deep/p.png",
                ],
                &[],
            ),
            (&[], &["sect/deep", "blog/z"]),
            (&[], &["sect", "blog/_index.md"]),
        ];
        for (made, removed) in steps {
            let mut changed = Vec::new();
            for f in made {
                make(f);
                changed.push(content.join(f));
            }
            // A folder made is named once, as the watcher names it.
            if let Some(folder) = made.iter().find_map(|f| f.strip_suffix("/_index.md")) {
                changed.retain(|p| !p.starts_with(content.join(folder)));
                changed.push(content.join(folder));
            }
            for f in removed {
                let path = content.join(f);
                let _ = std::fs::remove_file(&path).or_else(|_| std::fs::remove_dir_all(&path));
                changed.push(path);
            }
            let patched = last.patched(&changed, &content, config).expect("patched");
            let fresh = find(config, &diags);
            assert_eq!(
                all(&patched),
                all(&fresh),
                "after {made:?} made, {removed:?} removed"
            );
            last = patched;
        }
        // A file the walk reports, or one in a folder it has not seen: only a walk tells.
        std::fs::write(content.join("index.md"), "---\ntitle: t\n---\n").expect("a page");
        assert!(
            last.patched(&[content.join("index.md")], &content, config)
                .is_none()
        );
        std::fs::remove_file(content.join("index.md")).expect("removed");
        std::fs::create_dir_all(content.join("new")).expect("a folder");
        std::fs::write(content.join("new/p.md"), "---\ntitle: t\n---\n").expect("a page");
        assert!(
            last.patched(&[content.join("new/p.md")], &content, config)
                .is_none()
        );
        // Behind a link, a page may be found twice: a walk it is.
        std::os::unix::fs::symlink(content.join("news"), content.join("alias")).expect("a link");
        let linked = find(config, &diags);
        assert!(
            linked
                .patched(&[content.join("news/y.md")], &content, config)
                .is_none()
        );
        let said = diags.to_vec();
        assert!(said.is_empty(), "{said:?}");
    }
}
