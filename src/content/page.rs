//! Typed pages and sections: raw front matter checked against its kind.
//!
//! Every check here names the field's line. A page with several problems reports them
//! all; one that cannot be understood at all (no title) is not built.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_saphyr::{Location, Spanned};

use super::front_matter::{self, KEYS, RawFrontMatter};
use crate::config::Config;
use crate::dates::{self, When};
use crate::error::{Diagnostic, did_you_mean};
use crate::kinds::incident::{self, Incident};
use crate::kinds::plan::{self, Plan};
use crate::yaml::Text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Post,
    Incident,
    Plan,
    Page,
}

impl Kind {
    /// Each kind by the name front matter uses.
    pub const NAMED: [(&'static str, Kind); 4] = [
        ("post", Kind::Post),
        ("incident", Kind::Incident),
        ("plan", Kind::Plan),
        ("page", Kind::Page),
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Post => "post",
            Kind::Incident => "incident",
            Kind::Plan => "plan",
            Kind::Page => "page",
        }
    }

    /// "a post", "an incident".
    pub fn a(self) -> &'static str {
        match self {
            Kind::Post => "a post",
            Kind::Incident => "an incident",
            Kind::Plan => "a plan",
            Kind::Page => "a page",
        }
    }

    /// The front matter keys a page of this kind takes.
    pub fn keys(self) -> Vec<&'static str> {
        let own: &[&'static str] = match self {
            Kind::Post => &front_matter::POST_KEYS,
            Kind::Incident => &incident::KEYS,
            Kind::Plan => &plan::KEYS,
            Kind::Page => &front_matter::PAGE_KIND_KEYS,
        };
        front_matter::PAGE_KEYS.iter().chain(own).copied().collect()
    }

    /// The template a page of this kind renders with.
    pub fn template(self) -> &'static str {
        match self {
            Kind::Post => "post.html",
            Kind::Incident => "incident.html",
            Kind::Plan => "plan.html",
            Kind::Page => "page.html",
        }
    }
}

/// The keys a section's `_index.md` takes.
const SECTION_KEYS: [&str; 13] = [
    "title",
    "kind",
    "description",
    "sort_by",
    "paginate_by",
    "permalink",
    "weight",
    "template",
    "draft",
    "extra",
    "owner",
    "review_every",
    "data_pages",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    Date,
    Title,
    Weight,
}

/// One source file's identity and text, shared by the page and its diagnostics.
#[derive(Debug, Clone)]
pub struct Source {
    /// Relative to `content/`, with `/` separators: `blog/hello.md`.
    pub rel: String,
    /// Relative to the site root, for messages: `content/blog/hello.md`.
    pub display: PathBuf,
    /// The whole file (BOM removed, `\n` line endings), or only its front matter (up to
    /// `body_offset`) when the body was left on disk ([`Source::leave_body_on_disk`]).
    pub text: Arc<str>,
    pub body_offset: usize,
    /// Where the file is, when `text` stops at the body: [`Source::whole`] reads it again.
    pub body_on_disk: Option<PathBuf>,
}

impl Source {
    /// The body, of a source that holds it (see [`Source::whole`]).
    pub fn body(&self) -> &str {
        debug_assert!(
            self.body_on_disk.is_none(),
            "{}: the body was left on disk; read it with Source::whole",
            self.rel
        );
        &self.text[self.body_offset.min(self.text.len())..]
    }

    /// Keeps only the front matter in memory; the body is read again when it is
    /// rendered. A build of 100,000 pages held 675 MB of sources this way only to render
    /// each once, while its model and lists need only what the front matter said.
    pub fn leave_body_on_disk(&mut self, path: &Path) {
        let head = self.body_offset.min(self.text.len());
        self.text = Arc::from(&self.text[..head]);
        self.body_on_disk = Some(path.to_path_buf());
    }

    /// This source with its body: itself, or the file read again when its body was left
    /// on disk. The file must start as it did, or the page's front matter would not be
    /// the one read with it: a file changed since is an error (build again).
    pub fn whole(&self) -> Result<std::borrow::Cow<'_, Source>, Diagnostic> {
        let Some(path) = &self.body_on_disk else {
            return Ok(std::borrow::Cow::Borrowed(self));
        };
        let text = super::walk::read_text(path, &self.display)?;
        if !text.starts_with(&*self.text) {
            return Err(Diagnostic::error(
                &self.display,
                "the file changed while the site was being built",
            )
            .with_hint("build again"));
        }
        Ok(std::borrow::Cow::Owned(Source {
            text: Arc::from(text),
            body_on_disk: None,
            ..self.clone()
        }))
    }

    /// An error at `loc`, a place in the front matter's YAML.
    pub fn error_at(&self, loc: &Location, message: impl Into<String>) -> Diagnostic {
        self.placed(Diagnostic::error(&self.display, message), loc)
    }

    /// A warning at `loc`, a place in the front matter's YAML.
    pub fn warning_at(&self, loc: &Location, message: impl Into<String>) -> Diagnostic {
        self.placed(Diagnostic::warning(&self.display, message), loc)
    }

    fn placed(&self, d: Diagnostic, loc: &Location) -> Diagnostic {
        if loc.line() == 0 {
            d
        } else {
            d.at(&self.text, self.line_of(loc), loc.column() as u32)
        }
    }

    /// The file's line of `loc`, a place in the front matter's YAML.
    pub fn line_of(&self, loc: &Location) -> u32 {
        loc.line() as u32 + self.yaml_first_line() - 1
    }

    /// Where the front matter's YAML is in [`Self::text`]: from its first line to the
    /// closing `---` line.
    pub fn yaml_range(&self) -> std::ops::Range<usize> {
        let first = self.yaml_first_line() as usize;
        let start = (self.text.match_indices('\n'))
            .nth(first.saturating_sub(2))
            .map_or(0, |(at, _)| at + 1);
        let head = &self.text[..self.body_offset.min(self.text.len())];
        let end = head
            .trim_end_matches(['\n', '\r'])
            .rfind('\n')
            .map_or(0, |at| at + 1);
        start..end.max(start)
    }

    /// The file line where the front matter's fields start.
    pub fn yaml_first_line(&self) -> u32 {
        front_matter::yaml_first_line(&self.text)
    }
}

#[derive(Debug, Clone)]
pub struct Page {
    pub source: Source,
    /// What only this page's kind has; the kind itself is `kind()`.
    pub detail: Detail,
    pub title: String,
    pub description: Option<String>,
    pub summary: Option<String>,
    pub date: Option<When>,
    pub updated: Option<When>,
    pub tags: Vec<String>,
    pub authors: Vec<String>,
    pub draft: bool,
    pub slug: String,
    /// Where `slug:` and `date:` are written, when they are: what a permalink clash
    /// points at.
    pub slug_at: Option<Location>,
    pub date_at: Option<Location>,
    /// When the page stops being published.
    pub expires: Option<When>,
    /// Where the page's content lives instead (an http(s) URL or a site path): its URL
    /// answers with a redirect there, and lists and feeds link there.
    pub redirect_to: Option<String>,
    /// The featured and social image as written (a path beside the page, a site path,
    /// or an http(s) URL), with where; checked and measured in [`crate::site::images`].
    pub image: Option<(String, Location)>,
    pub image_alt: Option<String>,
    /// Old URLs that redirect here, each with where it is written.
    pub aliases: Vec<(String, Location)>,
    /// Pages of the site shown as related (content paths or site URLs, as written),
    /// each with where; resolved in [`crate::site::related`].
    pub related: Vec<(String, Location)>,
    pub weight: Option<i64>,
    /// A template named in front matter, with where it was named.
    pub template: Option<(String, Location)>,
    pub extra: serde_json::Map<String, serde_json::Value>,
    pub data: Option<serde_json::Value>,
    /// `name/index.md`: the folder's other files are this page's.
    pub is_bundle: bool,
    /// Its owner and review dates ([`crate::upkeep`]).
    pub upkeep: crate::upkeep::Upkeep,
    /// The accessibility statement it is, when its front matter has `accessibility:`.
    pub statement: Option<Box<crate::upkeep::statement::Statement>>,
    /// The site language its file is in (`about.cy.md`: Welsh; see
    /// [`crate::language`]); the default for every page of a site in one language.
    pub language: crate::language::LangId,
    /// Its `lang:`, when its text is in another language than its file says (a page in
    /// Irish on an English site), and its `dir:` (`rtl`, `ltr`, `auto`).
    pub lang: Option<String>,
    pub dir: Option<String>,
}

/// A page's kind with the fields only that kind has: one value, so a post can never
/// carry a severity nor an incident a plan item.
#[derive(Debug, Clone)]
pub enum Detail {
    Post(Post),
    // Boxed: an incident is three times the size of the other kinds.
    Incident(Box<Incident>),
    Plan(Plan),
    Page,
}

/// A post's own fields: weeknotes and series, and the plan item it reports on.
#[derive(Debug, Clone, Default)]
pub struct Post {
    pub series: Option<String>,
    pub week: Option<String>,
    /// The plan item the post reports on (its title), with where it was named.
    pub plan_item: Option<(String, Location)>,
}

impl Detail {
    pub fn kind(&self) -> Kind {
        match self {
            Detail::Post(_) => Kind::Post,
            Detail::Incident(_) => Kind::Incident,
            Detail::Plan(_) => Kind::Plan,
            Detail::Page => Kind::Page,
        }
    }
}

impl Page {
    pub fn kind(&self) -> Kind {
        self.detail.kind()
    }

    pub fn post(&self) -> Option<&Post> {
        match &self.detail {
            Detail::Post(p) => Some(p),
            _ => None,
        }
    }

    pub fn incident(&self) -> Option<&Incident> {
        match &self.detail {
            Detail::Incident(x) => Some(x),
            _ => None,
        }
    }

    pub fn plan(&self) -> Option<&Plan> {
        match &self.detail {
            Detail::Plan(x) => Some(x),
            _ => None,
        }
    }

    pub fn series(&self) -> Option<&str> {
        self.post()?.series.as_deref()
    }

    pub fn week(&self) -> Option<&str> {
        self.post()?.week.as_deref()
    }

    pub fn plan_item(&self) -> Option<&(String, Location)> {
        self.post()?.plan_item.as_ref()
    }
}

/// A section's own settings, from its `_index.md` (or defaults for a folder without one).
#[derive(Debug, Clone)]
pub struct SectionMeta {
    pub source: Option<Source>,
    pub title: String,
    pub description: Option<String>,
    /// The kind of the section's pages, when `_index.md` says.
    pub kind: Option<Kind>,
    pub sort_by: Option<SortBy>,
    pub paginate_by: Option<usize>,
    pub weight: Option<i64>,
    pub template: Option<(String, Location)>,
    pub extra: serde_json::Map<String, serde_json::Value>,
    pub draft: bool,
    /// Where the section's pages are published (`permalink:`), when not under its URL.
    pub permalink: Option<crate::urls::Permalink>,
    /// The owner of its pages that name none, and how often they are reviewed.
    pub owner: Option<String>,
    pub review_every: Option<(crate::upkeep::Period, Location)>,
    /// Pages made from a data file's records (`data_pages:`).
    pub data_pages: Option<DataPagesSpec>,
}

/// `data_pages:` in a section's `_index.md`: one page per record of a data file.
///
/// ```yaml
/// data_pages:
///   data: services              # data/services.yaml (or .json, .toml, .csv): a list
///   template: service.html      # drawn with `record` (and the usual `site`, `data`)
///   permalink: /services/:title/
///   title: name                 # the record's key that is the page's title
/// ```
#[derive(Debug, Clone)]
pub struct DataPagesSpec {
    pub data: String,
    pub template: String,
    pub permalink: crate::urls::Permalink,
    pub title_key: String,
    /// Where `data_pages:` is written, for errors about its records.
    pub at: Location,
}

/// Collects problems while one file is checked, so all of them are reported. A kind's
/// own fields are checked with it in the kind's folder ([`crate::kinds`]).
pub(crate) struct Checker<'a> {
    pub(crate) source: &'a Source,
    pub(crate) config: &'a Config,
    errors: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    fn new(source: &'a Source, config: &'a Config) -> Checker<'a> {
        Checker {
            source,
            config,
            errors: Vec::new(),
        }
    }

    pub(crate) fn error(
        &mut self,
        loc: &Location,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        // A field that is missing has no place of its own: the front matter's first
        // line stands for it, so every error names a line.
        let d = if loc.line() == 0 {
            Diagnostic::error(&self.source.display, message).at(
                &self.source.text,
                self.source.yaml_first_line(),
                1,
            )
        } else {
            self.source.error_at(loc, message)
        };
        self.errors.push(d.with_hint(hint));
    }

    /// What reading the front matter noted: values of the wrong shape, and unknown keys
    /// with what to write instead; `keys` are the keys this file takes and `what` says
    /// whose they are ("a post").
    fn raw_problems(&mut self, raw: &RawFrontMatter, keys: &[&str], what: &str) {
        for p in &raw.problems {
            self.error(&p.at, p.message.clone(), p.hint.clone());
        }
        let source = self.source;
        (self.errors).extend(crate::markdown::template_syntax::in_front_matter(
            &source.display,
            &source.text,
            source.yaml_range(),
        ));
        for (key, first) in &raw.set_twice {
            let first_line = self.source.line_of(first);
            self.error(
                &key.referenced,
                format!("`{}` is set twice", key.value),
                format!("it is first set on line {first_line}; keep one of the two"),
            );
        }
        for key in &raw.unknown {
            let hint = unknown_key_hint(&key.value, keys, what);
            self.error(
                &key.referenced,
                format!("unknown key `{}`", key.value),
                hint,
            );
        }
    }

    /// A problem found by reading the file again (a kind of its own, such as the
    /// accessibility statement), already placed.
    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.errors.push(d);
    }

    /// A warning at `loc`: the page still builds.
    pub(crate) fn warning(
        &mut self,
        loc: &Location,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let d = self.source.warning_at(loc, message).with_hint(hint);
        self.errors.push(d);
    }

    pub(crate) fn date(&mut self, field: &str, value: &Option<Spanned<Text>>) -> Option<When> {
        let v = value.as_ref()?;
        match dates::parse(v.value.as_str(), &self.config.timezone) {
            Ok(w) => Some(w),
            Err(msg) => {
                self.error(&v.referenced, format!("`{field}`: {msg}"), dates::DATE_HINT);
                None
            }
        }
    }

    pub(crate) fn choice<T: Copy>(
        &mut self,
        field: &str,
        value: &Spanned<Text>,
        options: &[(&'static str, T)],
    ) -> Option<T> {
        let text = value.value.as_str().trim().to_ascii_lowercase();
        if let Some((_, v)) = options.iter().find(|(name, _)| *name == text) {
            return Some(*v);
        }
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        let hint = match did_you_mean(&text, names.iter().copied()) {
            Some(best) => format!(
                "did you mean `{best}`? `{field}` is one of {}",
                names.join(", ")
            ),
            None => format!("`{field}` is one of {}", names.join(", ")),
        };
        self.error(
            &value.referenced,
            format!("unknown {field} `{}`", value.value),
            hint,
        );
        None
    }
}

/// How to say what an unknown key meant: the daylight name for another generator's key,
/// a close spelling, or the keys this file takes.
fn unknown_key_hint(key: &str, keys: &[&str], what: &str) -> String {
    if let Some(hint) = other_generators_key(key) {
        return hint;
    }
    let close =
        did_you_mean(key, keys.iter().copied()).or_else(|| did_you_mean(key, KEYS.iter().copied()));
    match close {
        Some(best) => format!("did you mean `{best}`? Your own keys go under `extra:`"),
        None => format!(
            "the keys {what} takes are {}; your own keys go under `extra:`",
            keys.iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// What Jekyll, Hugo and Eleventy keys are called here, for content moved from them.
fn other_generators_key(key: &str) -> Option<String> {
    let called = |ours: &str| format!("`{key}` is called `{ours}` here");
    Some(match key {
        "excerpt" | "abstract" => called("summary"),
        "lastmod" | "last_modified_at" | "modified" => called("updated"),
        "publishDate" | "pubDate" | "published_at" => called("date"),
        "categories" | "category" | "topics" => format!(
            "{}: daylight has one list of topics per page",
            called("tags")
        ),
        "author" => format!("{}, and takes one name or a list", called("authors")),
        "redirect_from" => called("aliases"),
        "published" => {
            "to keep a page from being published, write `draft: true` (there is no `published`)"
                .to_string()
        }
        "layout" => {
            "daylight picks the template from the page's kind; use `template:` to choose one"
                .to_string()
        }
        "url" => {
            "say the URL with `slug:`, or with a `permalink:` pattern in the section's _index.md"
                .to_string()
        }
        _ => return None,
    })
}

pub(crate) fn texts(v: Vec<Text>) -> Vec<String> {
    v.into_iter()
        .map(|t| t.0.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn title_of(source: &Source, raw: &RawFrontMatter) -> Result<String, Diagnostic> {
    match &raw.title {
        Some(t) if !t.value.as_str().trim().is_empty() => Ok(t.value.as_str().trim().to_string()),
        Some(t) => Err(source
            .error_at(&t.referenced, "the title is empty")
            .with_hint("give the page a title: title: \"What we learnt\"")),
        None => Err(
            Diagnostic::error(&source.display, "the front matter has no `title`")
                .at(&source.text, source.yaml_first_line(), 1)
                .with_hint("add a line `title: Your page title` to the front matter"),
        ),
    }
}

/// Checks a page's raw front matter. `section_kind` is the kind the page's section gives.
///
/// The page is made even when its front matter has errors (returned beside it): its body
/// and links are then checked in the same run, and a link to it does not say that no
/// page exists. A build with errors writes nothing, so such a page is never published.
pub fn page_from_raw(
    source: Source,
    raw: RawFrontMatter,
    section_kind: Kind,
    is_bundle: bool,
    config: &Config,
) -> (Page, Vec<Diagnostic>) {
    // A translation's slug and title are its source's (`about.cy.md` is `about`).
    let (base_rel, language) = crate::language::of_file(&source.rel, config)
        .unwrap_or_else(|| (source.rel.clone(), crate::language::DEFAULT));
    let mut c = Checker::new(&source, config);
    let title = match title_of(&source, &raw) {
        Ok(title) => title,
        Err(e) => {
            c.errors.push(e);
            title_from_file(&base_rel)
        }
    };
    let kind = raw
        .kind
        .as_ref()
        .and_then(|k| c.choice("kind", k, &Kind::NAMED))
        .unwrap_or(section_kind);
    c.raw_problems(&raw, &kind.keys(), kind.a());
    refuse_section_fields(&mut c, &raw);
    refuse_other_kinds_fields(&mut c, &raw, kind);
    let date = c.date("date", &raw.date);
    let updated = c.date("updated", &raw.updated);
    let expires = c.date("expires", &raw.expires);
    refuse_expiry_before_date(
        &mut c,
        raw.expires.as_ref(),
        date.as_ref(),
        expires.as_ref(),
    );
    let redirect_to = raw
        .redirect_to
        .as_ref()
        .and_then(|r| redirect_target(&mut c, r));
    if raw.date.is_none() && matches!(kind, Kind::Post | Kind::Incident) {
        c.errors.push(
            Diagnostic::error(&source.display, format!("{} needs a `date`", kind.a()))
                .at(&source.text, source.yaml_first_line(), 1)
                .with_hint("add a line such as `date: 2024-03-12` to the front matter"),
        );
    }
    // Fields of its kind with errors (said in `c`): the page stands in as a plain page.
    let detail = detail_of(&mut c, &raw, kind).unwrap_or(Detail::Page);
    let slug = match &raw.slug {
        Some(s) => slug_as_written(&mut c, s),
        None => slug_from_path(&base_rel, is_bundle),
    };
    let (lang, dir) = lang_and_dir(&mut c, &raw);
    refuse_repeated_aliases(&mut c, &raw.aliases);
    warn_unknown_authors(&mut c, &raw.authors);
    let upkeep = crate::upkeep::page_fields(&mut c, &raw);
    let statement = match (raw.accessibility, kind) {
        (Some(at), Kind::Page) => crate::upkeep::statement::from_front_matter(&mut c, at),
        _ => None,
    };
    let errors = std::mem::take(&mut c.errors);
    let checked = Checked {
        language,
        lang,
        dir,
        upkeep,
        statement,
        detail,
        title,
        date,
        updated,
        slug,
        expires,
        redirect_to,
    };
    (checked.into_page(source, raw, is_bundle), errors)
}

/// `lang:` (a language tag: `ga`, `pt-BR`) and `dir:` (`ltr`, `rtl` or `auto`), checked.
fn lang_and_dir(c: &mut Checker<'_>, raw: &RawFrontMatter) -> (Option<String>, Option<String>) {
    let lang = raw.lang.as_ref().and_then(|l| {
        let tag = l.value.as_str().trim();
        if crate::language::is_tag(tag) {
            Some(tag.to_string())
        } else {
            c.error(
                &l.referenced,
                format!("`lang`: `{tag}` is not a language tag"),
                "write a language tag such as `cy`, `ga`, `fr` or `pt-BR` (BCP 47)",
            );
            None
        }
    });
    let dir = raw.dir.as_ref().and_then(|d| {
        let dir = d.value.as_str().trim();
        if matches!(dir, "ltr" | "rtl" | "auto") {
            Some(dir.to_string())
        } else {
            c.error(
                &d.referenced,
                format!("`dir`: `{dir}` is not a text direction"),
                "write `rtl` for right-to-left text (Arabic, Hebrew, Urdu), `ltr`, or `auto`",
            );
            None
        }
    });
    (lang, dir)
}

/// An author named as an id that site.yaml's `authors:` does not have (`bob`, or
/// `jnae` for `jane`) is shown as a name: said as a warning, with the close ids. A full
/// name that is not in site.yaml is a name as written, and nothing is said: a site need
/// not list everyone who ever wrote for it.
fn warn_unknown_authors(c: &mut Checker<'_>, authors: &[Spanned<Text>]) {
    let known = &c.config.authors;
    if known.is_empty() {
        return;
    }
    for author in authors {
        let name = author.value.as_str().trim();
        if name.is_empty() || c.config.author_entry(name).is_some() {
            continue;
        }
        let ids = known.keys().map(String::as_str);
        let close = did_you_mean(name, ids.chain(known.values().map(|a| a.name.as_str())));
        let looks_like_an_id = !name.contains(char::is_whitespace);
        if close.is_none() && !looks_like_an_id {
            continue;
        }
        let hint = match close {
            Some(best) => format!(
                "did you mean `{best}`? Or add `{name}` under `authors:` in site.yaml with their `name:`, or write their full name"
            ),
            None => format!(
                "the authors in site.yaml are {}: add `{name}` there with their `name:`, or write their full name",
                known
                    .keys()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let message = format!(
            "`{name}` is not one of the authors in site.yaml, so it is shown as a name as written"
        );
        let d = c.source.warning_at(&author.referenced, message);
        c.errors.push(d.with_hint(hint));
    }
}

/// A page whose front matter could not be read at all: a plain page titled from its
/// file name, so its body and the links to it are still checked (see [`page_from_raw`]).
pub fn stand_in(source: Source, is_bundle: bool, config: &Config) -> Page {
    let (page, _) = page_from_raw(
        source,
        RawFrontMatter::default(),
        Kind::Page,
        is_bundle,
        config,
    );
    page
}

/// The title, when the front matter has no other problem; else every problem, the
/// title's last.
fn title_or_errors(
    mut errors: Vec<Diagnostic>,
    title: Result<String, Diagnostic>,
) -> Result<String, Vec<Diagnostic>> {
    match title {
        Ok(title) if errors.is_empty() => Ok(title),
        Ok(_) => Err(errors),
        Err(e) => {
            errors.push(e);
            Err(errors)
        }
    }
}

/// `blog/what-we-learnt.md` -> "what-we-learnt"; a bundle's folder name for its index.
fn title_from_file(rel: &str) -> String {
    let stem = rel.rsplit('/').next().unwrap_or(rel);
    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
    if stem == "index" {
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        return dir.rsplit('/').next().unwrap_or(dir).to_string();
    }
    stem.to_string()
}

/// What checking a page's front matter made of it; the other fields are taken as written.
struct Checked {
    language: crate::language::LangId,
    lang: Option<String>,
    dir: Option<String>,
    upkeep: crate::upkeep::Upkeep,
    statement: Option<Box<crate::upkeep::statement::Statement>>,
    detail: Detail,
    title: String,
    date: Option<When>,
    updated: Option<When>,
    slug: String,
    expires: Option<When>,
    redirect_to: Option<String>,
}

impl Checked {
    fn into_page(self, source: Source, raw: RawFrontMatter, is_bundle: bool) -> Page {
        Page {
            detail: self.detail,
            title: self.title,
            description: raw.description.map(|t| t.0),
            summary: raw.summary.map(|t| t.0),
            date: self.date,
            updated: self.updated,
            tags: texts(raw.tags),
            authors: texts(raw.authors.into_iter().map(|a| a.value).collect()),
            draft: raw.draft,
            slug: self.slug,
            slug_at: raw.slug.as_ref().map(|s| s.referenced),
            date_at: raw.date.as_ref().map(|d| d.referenced),
            expires: self.expires,
            redirect_to: self.redirect_to,
            image: (raw.image.as_ref())
                .map(|i| (i.value.0.trim().to_string(), i.referenced))
                .filter(|(i, _)| !i.is_empty()),
            image_alt: raw
                .image_alt
                .map(|t| t.0.trim().to_string())
                .filter(|a| !a.is_empty()),
            aliases: (raw.aliases.into_iter())
                .map(|a| (a.value.0, a.referenced))
                .collect(),
            related: (raw.related.into_iter())
                .map(|a| (a.value.0.trim().to_string(), a.referenced))
                .filter(|(r, _)| !r.is_empty())
                .collect(),
            weight: raw.weight,
            template: raw.template.map(|t| (t.value.0, t.referenced)),
            extra: raw.extra,
            data: raw.data.map(|d| d.value),
            is_bundle,
            upkeep: self.upkeep,
            statement: self.statement,
            language: self.language,
            lang: self.lang,
            dir: self.dir,
            source,
        }
    }
}

/// The fields of the page's kind, checked. `None` when they have errors (in `c`).
fn detail_of(c: &mut Checker<'_>, raw: &RawFrontMatter, kind: Kind) -> Option<Detail> {
    Some(match kind {
        Kind::Post => Detail::Post(Post {
            series: raw
                .series
                .as_ref()
                .map(|s| s.value.0.trim().to_string())
                .filter(|s| !s.is_empty()),
            week: raw.week.as_ref().and_then(|w| iso_week(c, w)),
            plan_item: raw
                .plan_item
                .as_ref()
                .map(|p| (p.value.0.trim().to_string(), p.referenced)),
        }),
        Kind::Incident => Detail::Incident(Box::new(incident::schema::check(c, &raw.incident)?)),
        Kind::Plan => Detail::Plan(plan::check(c, &raw.plan)),
        Kind::Page => Detail::Page,
    })
}

/// "a post", "an incident", for a kind named in text.
fn a_or_an(kind: &str) -> String {
    Kind::NAMED
        .iter()
        .find(|(name, _)| *name == kind)
        .map_or_else(|| format!("a {kind}"), |(_, k)| k.a().to_string())
}

/// `sort_by` and `paginate_by` set a section's list, so a page cannot use them.
fn refuse_section_fields(c: &mut Checker<'_>, raw: &RawFrontMatter) {
    for (field, loc) in [
        ("sort_by", raw.sort_by.as_ref().map(|s| s.referenced)),
        (
            "paginate_by",
            raw.paginate_by.as_ref().map(|s| s.referenced),
        ),
        ("permalink", raw.permalink.as_ref().map(|s| s.referenced)),
        ("data_pages", raw.data_pages.as_ref().map(|s| s.referenced)),
    ] {
        if let Some(loc) = loc {
            let hint = if field == "permalink" {
                "a permalink pattern sets the URLs of a section's pages: move it to the _index.md of this folder; for this page alone, set `slug:`, and keep its old URL in `aliases:`"
            } else {
                "move it to the _index.md of this folder, or remove it"
            };
            c.error(
                &loc,
                format!("`{field}` belongs in a section's _index.md, not in a page"),
                hint,
            );
        }
    }
}

/// Fields of another kind (`severity` on a post) would be silently ignored: refused.
fn refuse_other_kinds_fields(c: &mut Checker<'_>, raw: &RawFrontMatter, kind: Kind) {
    for (field, owner, loc) in raw.kind_fields() {
        if owner != kind.name() {
            c.error(
                &loc,
                format!(
                    "`{field}` is a field of {owner}s, but this page is {}",
                    kind.a()
                ),
                format!(
                    "set `kind: {owner}` if this page is {}, or remove `{field}`",
                    a_or_an(owner)
                ),
            );
        }
    }
}

/// The same alias twice in one page would later be "already an alias of" the page
/// itself: said here, at the second, with the line of the first.
fn refuse_repeated_aliases(c: &mut Checker<'_>, aliases: &[Spanned<Text>]) {
    for (i, alias) in aliases.iter().enumerate() {
        let text = alias.value.as_str().trim();
        if let Some(first) = aliases[..i]
            .iter()
            .find(|a| a.value.as_str().trim() == text)
        {
            let hint = if first.referenced.line() == 0 {
                "remove one of the two".to_string()
            } else {
                format!(
                    "it is first listed on line {}; remove one of the two",
                    c.source.line_of(&first.referenced)
                )
            };
            c.error(
                &alias.referenced,
                format!("the alias `{text}` is listed twice"),
                hint,
            );
        }
    }
}

/// `week:` as written, trimmed, when it is an ISO week (2024-W14).
fn iso_week(c: &mut Checker<'_>, week: &Spanned<Text>) -> Option<String> {
    let text = week.value.as_str().trim().to_string();
    if is_iso_week(&text) {
        Some(text)
    } else {
        c.error(
            &week.referenced,
            format!("`week: {text}` is not an ISO week"),
            "write the week as 2024-W14 (year, W, two-digit week number)",
        );
        None
    }
}

/// `slug:` made URL-safe; an error when nothing is left of it.
fn slug_as_written(c: &mut Checker<'_>, written: &Spanned<Text>) -> String {
    let slug = slug::slugify(written.value.as_str());
    if slug.is_empty() {
        c.error(
            &written.referenced,
            "the slug is empty once made URL-safe",
            "use letters or digits in `slug:`",
        );
    }
    slug
}

/// Checks an `_index.md`'s front matter.
pub fn section_from_raw(
    source: Source,
    raw: RawFrontMatter,
    config: &Config,
) -> Result<SectionMeta, Vec<Diagnostic>> {
    let mut c = Checker::new(&source, config);
    let title = title_of(&source, &raw);
    let kind = raw
        .kind
        .as_ref()
        .and_then(|k| c.choice("kind", k, &Kind::NAMED));
    c.raw_problems(&raw, &SECTION_KEYS, "a section's _index.md");
    let sort_by = raw.sort_by.as_ref().and_then(|s| {
        let options = [
            ("date", SortBy::Date),
            ("title", SortBy::Title),
            ("weight", SortBy::Weight),
        ];
        c.choice("sort_by", s, &options)
    });
    for (field, _, loc) in raw.kind_fields() {
        c.error(
            &loc,
            format!("`{field}` belongs in a page, not in a section's _index.md"),
            "move it to the page it describes",
        );
    }
    for (field, present) in [
        ("date", raw.date.as_ref().map(|d| d.referenced)),
        ("slug", raw.slug.as_ref().map(|d| d.referenced)),
    ] {
        if let Some(loc) = present {
            c.error(
                &loc,
                format!("`{field}` has no effect in a section's _index.md"),
                "a section's URL comes from its folder name; remove the field",
            );
        }
    }
    for (field, present) in [
        ("review_by", raw.review_by.as_ref().map(|d| d.referenced)),
        ("reviewed", raw.reviewed.as_ref().map(|d| d.referenced)),
        ("expires", raw.expires.as_ref().map(|d| d.referenced)),
        (
            "redirect_to",
            raw.redirect_to.as_ref().map(|d| d.referenced),
        ),
    ] {
        if let Some(loc) = present {
            c.error(
                &loc,
                format!("`{field}` has no effect in a section's _index.md"),
                "it is a page's field: set it in the pages it is for",
            );
        }
    }
    let permalink = raw.permalink.as_ref().and_then(|p| permalink_of(&mut c, p));
    let review_every = crate::upkeep::period(&mut c, "review_every", raw.review_every.as_ref());
    let data_pages = raw
        .data_pages
        .as_ref()
        .and_then(|d| data_pages_of(&mut c, d));
    let title = title_or_errors(c.errors, title)?;
    Ok(SectionMeta {
        title,
        description: raw.description.map(|t| t.0),
        kind,
        sort_by,
        paginate_by: raw.paginate_by.map(|p| p.value).filter(|p| *p > 0),
        weight: raw.weight,
        template: raw.template.map(|t| (t.value.0, t.referenced)),
        extra: raw.extra,
        draft: raw.draft,
        permalink,
        owner: crate::upkeep::owner(raw.owner.as_ref()),
        review_every,
        data_pages,
        source: Some(source),
    })
}

/// `data_pages:` checked: every key there and known, the permalink a pattern.
fn data_pages_of(
    c: &mut Checker<'_>,
    written: &Spanned<serde_json::Map<String, serde_json::Value>>,
) -> Option<DataPagesSpec> {
    const KEYS: [&str; 4] = ["data", "template", "permalink", "title"];
    let at = written.referenced;
    let map = &written.value;
    let mut ok = true;
    for key in map.keys().filter(|k| !KEYS.contains(&k.as_str())) {
        let hint = match crate::error::did_you_mean(key, KEYS.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => "`data_pages` takes `data`, `template`, `permalink` and `title`".to_string(),
        };
        c.error(&at, format!("`data_pages` has no key `{key}`"), hint);
        ok = false;
    }
    let mut text = |key: &str, example: &str| -> Option<String> {
        match map.get(key).and_then(|v| v.as_str()).map(str::trim) {
            Some(v) if !v.is_empty() => Some(v.to_string()),
            _ => {
                c.error(
                    &at,
                    format!("`data_pages` needs `{key}`, as text"),
                    format!("e.g. `  {key}: {example}`"),
                );
                None
            }
        }
    };
    let data = text("data", "services");
    let template = text("template", "service.html");
    let permalink = text("permalink", "/services/:title/");
    let title_key = map
        .get("title")
        .and_then(|v| v.as_str())
        .unwrap_or("title")
        .to_string();
    let permalink = match crate::urls::Permalink::parse(permalink?.as_str()) {
        Ok(p) => p,
        Err(e) => {
            c.error(
                &at,
                format!("`data_pages`'s permalink: {}", e.message),
                e.hint,
            );
            return None;
        }
    };
    (ok).then_some(DataPagesSpec {
        data: data?,
        template: template?,
        permalink,
        title_key,
        at,
    })
}

/// A section's `permalink:` pattern, checked; an error at the part of it that is wrong.
fn permalink_of(c: &mut Checker<'_>, written: &Spanned<Text>) -> Option<crate::urls::Permalink> {
    let pattern = written.value.as_str().trim();
    match crate::urls::Permalink::parse(pattern) {
        Ok(p) => Some(p),
        Err(e) => {
            let loc = written.referenced;
            let mut d = c.source.error_at(&loc, e.message).with_hint(e.hint);
            // Point at the bad part of the pattern, wherever the value sits on its line
            // (quoted or not).
            if let Some(line) = d.line
                && let Some(text) = c.source.text.lines().nth(line as usize - 1)
            {
                let from = (loc.column() as usize).saturating_sub(1);
                if let Some(i) = text.get(from..).and_then(|t| t.find(pattern)) {
                    let column = text[..from + i + e.at].chars().count() as u32 + 1;
                    d = d.at(&c.source.text, line, column);
                }
            }
            c.errors.push(d);
            None
        }
    }
}

/// A page that expires before it is dated would never be published: said at `expires:`.
fn refuse_expiry_before_date(
    c: &mut Checker<'_>,
    written: Option<&Spanned<Text>>,
    date: Option<&When>,
    expires: Option<&When>,
) {
    if let (Some(written), Some(date), Some(expires)) = (written, date, expires)
        && expires.timestamp() <= date.timestamp()
    {
        c.error(
            &written.referenced,
            format!(
                "the page expires ({}) before it is dated ({}), so it would never be published",
                expires.display(),
                date.display()
            ),
            "set `expires:` to a date after `date:`, or remove it",
        );
    }
}

/// `redirect_to:` as written, when it is an http(s) URL or a path on this site.
fn redirect_target(c: &mut Checker<'_>, written: &Spanned<Text>) -> Option<String> {
    let target = written.value.as_str().trim();
    let absolute = url::Url::parse(target)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
    if absolute.is_some() || crate::urls::is_site_path(target) {
        return Some(target.to_string());
    }
    c.error(
        &written.referenced,
        format!("`redirect_to: {target}` is neither an http(s) URL nor a path on this site"),
        "write the full address (https://example.org/post/) or a path from the site's root (/blog/x/)",
    );
    None
}

/// `blog/2024-03-12-hello.md` -> `2024-03-12-hello`; `incidents/payments/index.md` -> `payments`.
pub fn slug_from_path(rel: &str, is_bundle: bool) -> String {
    let mut parts = rel.rsplit('/');
    let file = parts.next().unwrap_or(rel);
    let stem = if is_bundle {
        parts.next().unwrap_or("index")
    } else {
        file.strip_suffix(".md")
            .or_else(|| file.strip_suffix(".markdown"))
            .unwrap_or(file)
    };
    let slug = slug::slugify(stem);
    if slug.is_empty() {
        "page".to_string()
    } else {
        slug
    }
}

fn is_iso_week(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 8
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && (b[5] == b'W')
        && b[6..].iter().all(u8::is_ascii_digit)
        && (1..=53).contains(&s[6..].parse::<u32>().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_from_file_and_bundle_names() {
        assert_eq!(
            slug_from_path("blog/2024-03-12-Hello World.md", false),
            "2024-03-12-hello-world"
        );
        assert_eq!(
            slug_from_path("incidents/2024-03-payments/index.md", true),
            "2024-03-payments"
        );
        assert_eq!(slug_from_path("blog/Café à Noël.md", false), "cafe-a-noel");
        assert_eq!(
            slug_from_path("_posts/2015-07-08-moving-in.markdown", false),
            "2015-07-08-moving-in"
        );
    }

    #[test]
    fn the_kinds_keys_and_the_sections_are_the_keys_front_matter_reads() {
        let mut all: Vec<&str> = Kind::NAMED
            .iter()
            .flat_map(|(_, k)| k.keys())
            .chain(SECTION_KEYS)
            .collect();
        all.sort_unstable();
        all.dedup();
        let mut read = KEYS.to_vec();
        read.sort_unstable();
        assert_eq!(all, read);
    }

    #[test]
    fn other_generators_keys_are_named_in_ours() {
        assert_eq!(
            unknown_key_hint("excerpt", &Kind::Post.keys(), "a post"),
            "`excerpt` is called `summary` here"
        );
        assert_eq!(
            unknown_key_hint("titel", &Kind::Post.keys(), "a post"),
            "did you mean `title`? Your own keys go under `extra:`"
        );
        let hint = unknown_key_hint("comments", &Kind::Plan.keys(), "a plan");
        assert!(
            hint.starts_with("the keys a plan takes are `title`"),
            "{hint}"
        );
        assert!(
            hint.contains("`items`") && !hint.contains("`severity`"),
            "{hint}"
        );
    }

    #[test]
    fn iso_weeks() {
        assert!(is_iso_week("2024-W14"));
        assert!(!is_iso_week("2024-W54"));
        assert!(!is_iso_week("2024-14"));
    }
}
