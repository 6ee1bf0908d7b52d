//! `site.yaml`: the raw form as written, and the resolved [`Config`] the pipeline and
//! templates see, with defaults applied, paths absolute and names checked. The URLs and
//! colours that go into every page are checked here too, so templates can trust them.
//!
//! Nothing below this module reads `site.yaml` or knows its defaults.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, did_you_mean};
use crate::yaml::Text;
use serde_saphyr::Spanned;

pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Text,
    base_url: Spanned<Text>,
    organisation: Option<Text>,
    description: Option<Text>,
    language: Option<Text>,
    timezone: Option<serde_saphyr::Spanned<Text>>,
    logo: Option<Spanned<Text>>,
    logo_alt: Option<Text>,
    image: Option<Spanned<Text>>,
    image_alt: Option<Text>,
    theme: Option<serde_saphyr::Spanned<Text>>,
    paginate_by: Option<usize>,
    feed_limit: Option<serde_saphyr::Spanned<usize>>,
    feed_content: Option<serde_saphyr::Spanned<Text>>,
    menu: Option<Vec<RawLink>>,
    footer: Option<Vec<RawLink>>,
    colours: Option<RawColours>,
    #[serde(default)]
    markdown: RawMarkdown,
    severities: Option<Vec<RawSeverity>>,
    #[serde(default)]
    incidents: RawIncidents,
    #[serde(default)]
    authors: BTreeMap<String, RawAuthor>,
    taxonomies: Option<Vec<serde_saphyr::Spanned<Text>>>,
    #[serde(default)]
    privacy: RawPrivacy,
    #[serde(default)]
    review: RawReview,
    languages: Option<Spanned<Vec<RawLanguage>>>,
    translations: Option<Spanned<Text>>,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
}

/// One of site.yaml's `languages:` as written (see [`Language`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    code: Spanned<Text>,
    name: Text,
    title: Option<Text>,
    description: Option<Text>,
    locale: Option<Text>,
    menu: Option<Vec<RawLink>>,
    severities: Option<BTreeMap<String, RawSeverityWords>>,
    services: Option<BTreeMap<String, Text>>,
}

/// A severity level's words in one language, as site.yaml's `languages:` gives them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeverityWords {
    name: Text,
    description: Option<Text>,
}

/// A severity level's name in one language other than the default, and its badge's
/// label made from it as [`SeverityLevel`]'s is ("P1 Critigol").
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SeverityWords {
    pub name: String,
    pub label: String,
    pub description: Option<String>,
}

/// A language the site publishes in (site.yaml `languages:`), the first the default.
/// Pages in another language than the default sit beside their source as `about.cy.md`
/// and are published under `/cy/` (see [`crate::language`]).
#[derive(Debug, Clone, Serialize)]
pub struct Language {
    /// `en`, `cy`: the file names' and URLs' code.
    pub code: String,
    /// The language's name in itself (`Cymraeg`), for the language switcher.
    pub name: String,
    /// What `<html lang>` and `hreflang` say: the default language's `language:`
    /// (`en-GB`) when it is that language, else the code.
    pub tag: String,
    /// Open Graph's locale (`cy_GB`): as written, else the code with the region of
    /// site.yaml's `language:`.
    pub locale: String,
    /// The site's title, description and menu in this language, when given.
    pub title: Option<String>,
    pub description: Option<String>,
    pub menu: Option<Vec<MenuItem>>,
    /// site.yaml's severity levels in this language (`severities: {P1: {name:
    /// Critigol}}`), by id; a level not named here keeps the default language's.
    pub severities: BTreeMap<String, SeverityWords>,
    /// Services' names in this language, by their name in site.yaml and the reports.
    pub services: BTreeMap<String, String>,
}

/// site.yaml's `review:` as written (see [`ReviewSettings`]).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReview {
    every: Option<Spanned<Text>>,
    plans_every: Option<Spanned<Text>>,
    require_owner: Option<bool>,
    show_owner: Option<bool>,
    show_next_review: Option<bool>,
}

/// How the site keeps its content true ([`crate::upkeep`]), from site.yaml's `review:`.
#[derive(Debug, Clone, Default)]
pub struct ReviewSettings {
    /// How often pages and plans are reviewed, unless their section or they say.
    pub every: Option<crate::upkeep::Period>,
    /// How long a plan's unfinished item may go without an update (`plans_every`, else
    /// `every`).
    pub plans_every: Option<crate::upkeep::Period>,
    /// A page under review with no owner (its own or its section's) is a warning.
    pub require_owner: bool,
    /// The theme shows the owner and the next review date under a page's title.
    pub show_owner: bool,
    pub show_next_review: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrivacy {
    #[serde(default)]
    allow: Vec<Text>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    smart_punctuation: Option<bool>,
    safe: Option<bool>,
    highlight_code: Option<bool>,
    broken_links: Option<Spanned<Text>>,
}

impl RawMarkdown {
    fn resolve(self, text: &str) -> Result<MarkdownOptions, Diagnostic> {
        let broken_links = match self.broken_links.as_ref().map(|t| (t.value.as_str(), t)) {
            None | Some(("error", _)) => crate::error::Severity::Error,
            Some(("warning", _)) => crate::error::Severity::Warning,
            Some((other, t)) => {
                return Err(located(
                    text,
                    format!("unknown broken_links `{other}`"),
                    &t.referenced,
                )
                .with_hint(
                    "write `error` (a link or image to no file of the site stops the build) or `warning` (it is reported, and the build goes on)",
                ));
            }
        };
        Ok(MarkdownOptions {
            smart_punctuation: self.smart_punctuation.unwrap_or(true),
            safe: self.safe.unwrap_or(false),
            highlight_code: self.highlight_code.unwrap_or(true),
            broken_links,
        })
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAuthor {
    name: Option<Text>,
    role: Option<Text>,
    bio: Option<Text>,
    url: Option<Spanned<Text>>,
    aliases: Option<OneOrMany>,
}

/// One text or a list of them (`aliases: /author/jo/` or a list).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(Text),
    Many(Vec<Text>),
}

impl OneOrMany {
    fn into_texts(self) -> Vec<String> {
        match self {
            OneOrMany::One(t) => vec![t.0],
            OneOrMany::Many(v) => v.into_iter().map(|t| t.0).collect(),
        }
    }
}

/// A menu or footer link as written, with where its URL is (for [`check_settings`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLink {
    name: Text,
    url: Spanned<Text>,
}

impl RawLink {
    fn resolve(self) -> MenuItem {
        MenuItem {
            name: self.name,
            url: self.url.value,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColours {
    brand: Option<Spanned<Text>>,
    brand_dark: Option<Spanned<Text>>,
}

impl RawColours {
    fn resolve(self) -> Colours {
        Colours {
            brand: self.brand.map(|t| t.value),
            brand_dark: self.brand_dark.map(|t| t.value),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub name: Text,
    pub url: Text,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Colours {
    pub brand: Option<Text>,
    pub brand_dark: Option<Text>,
}

/// A severity level as site.yaml writes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeverity {
    id: Text,
    name: Text,
    #[serde(default)]
    description: Text,
    meaning: Option<Spanned<Text>>,
    colour: Option<Spanned<Text>>,
}

/// What a severity level means for the people using a service: it chooses the level's
/// look (the theme's tone for it) and what an open incident of that level does to a
/// service on the status page. A level's place in the list never does either, so a
/// site whose only level is "ungraded" does not paint it as critical.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Meaning {
    /// A service is down: an open incident makes the service's state an outage.
    Critical,
    /// A service is badly degraded.
    Major,
    /// Part of a service is degraded.
    Minor,
    /// Little or no effect on the service: it stays operational.
    Info,
}

impl Meaning {
    pub const NAMED: [(&'static str, Meaning); 4] = [
        ("critical", Meaning::Critical),
        ("major", Meaning::Major),
        ("minor", Meaning::Minor),
        ("info", Meaning::Info),
    ];

    pub fn name(self) -> &'static str {
        match self {
            Meaning::Critical => "critical",
            Meaning::Major => "major",
            Meaning::Minor => "minor",
            Meaning::Info => "info",
        }
    }
}

/// An incident severity level, resolved. `level` is its place in site.yaml's list, 1
/// for the first (the most severe): it orders levels and nothing else.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SeverityLevel {
    pub id: Text,
    pub name: Text,
    pub description: Text,
    pub level: usize,
    /// What the badge says: the name, after the id when the id is a different word
    /// ("P1 Critical", but "Notice", not "notice Notice").
    pub label: String,
    pub meaning: Option<Meaning>,
    /// The theme's tone for the level: its meaning, or `neutral` when it has none.
    pub tone: &'static str,
    /// A colour of the site's own for the badge (`#rrggbb`), and the text colour on it
    /// with the better contrast (checked to reach 4.5:1).
    pub colour: Option<String>,
    pub colour_text: Option<String>,
}

/// What a severity badge says: the name, after the id when the id is a different word
/// ("P1 Critical", but "Notice", not "notice Notice").
pub fn severity_label(id: &str, name: &str) -> String {
    if id.trim().eq_ignore_ascii_case(name.trim()) || name.trim().is_empty() {
        if name.trim().is_empty() { id } else { name }
            .trim()
            .to_string()
    } else {
        format!("{} {}", id.trim(), name.trim())
    }
}

impl SeverityLevel {
    fn new(id: &str, name: &str, description: &str, meaning: Option<Meaning>) -> SeverityLevel {
        let label = severity_label(id, name);
        SeverityLevel {
            id: Text(id.to_string()),
            name: Text(name.to_string()),
            description: Text(description.to_string()),
            level: 0,
            label,
            meaning,
            tone: meaning.map_or("neutral", Meaning::name),
            colour: None,
            colour_text: None,
        }
    }
}

/// site.yaml's `incidents:` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIncidents {
    strict_reviews: Option<bool>,
    review_within: Option<Spanned<Text>>,
    review_sections: Option<Vec<Text>>,
    statistics_include: Option<Vec<Spanned<Text>>>,
    services: Option<Vec<Text>>,
    status_page: Option<bool>,
}

/// How long after an incident is resolved its review is due: `20 working days`
/// (Monday to Friday; bank holidays are not known to daylight), `10 days`, `4 weeks`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReviewWithin {
    pub days: u32,
    pub working: bool,
}

impl std::fmt::Display for ReviewWithin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = if self.days == 1 { "" } else { "s" };
        if self.working {
            write!(f, "{} working day{s}", self.days)
        } else {
            write!(f, "{} day{s}", self.days)
        }
    }
}

/// The headings that count as a review's "what could have gone better" section when
/// site.yaml names none: what real post-incident reports call it. A heading counts when
/// it starts with one of these (any case, trailing punctuation ignored).
pub const REVIEW_SECTIONS: [&str; 14] = [
    "What could have gone better",
    "What could have been better",
    "What went wrong",
    "What didn't go well",
    "What did not go well",
    "What we could have done better",
    "What could we have done better",
    "Lessons learned",
    "Lessons learnt",
    "What we learned",
    "What we learnt",
    "Review actions",
    "Areas for improvement",
    "Things to improve",
];

/// site.yaml's `incidents:`, resolved.
#[derive(Debug, Clone)]
pub struct IncidentSettings {
    /// A resolved incident without its review section, actions, or with its review
    /// overdue is an error, not a warning.
    pub strict_reviews: bool,
    pub review_within: Option<ReviewWithin>,
    /// Headings that count as "what could have gone better" (as written).
    pub review_sections: Vec<String>,
    /// Notices and planned maintenance counted in the statistics too.
    pub count_notices: bool,
    pub count_maintenance: bool,
    /// The services the status page lists first, in this order (every other service an
    /// incident names follows).
    pub services: Vec<String>,
    /// Whether the site has a status page (`/status/`), when it has incidents.
    pub status_page: bool,
}

/// A person described in site.yaml; front matter names them by id or by name.
#[derive(Debug, Clone, Serialize)]
pub struct Author {
    pub id: String,
    pub name: String,
    pub role: Option<String>,
    pub bio: Option<String>,
    pub url: Option<String>,
    /// Old URLs of this author's page (a Jekyll `_authors` collection's, say): each
    /// redirects to daylight's page for them.
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Taxonomy {
    Tags,
    Authors,
    Series,
    Services,
}

impl Taxonomy {
    pub const ALL: [Taxonomy; 4] = [
        Taxonomy::Tags,
        Taxonomy::Authors,
        Taxonomy::Series,
        Taxonomy::Services,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Taxonomy::Tags => "tags",
            Taxonomy::Authors => "authors",
            Taxonomy::Series => "series",
            Taxonomy::Services => "services",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Taxonomy::Tags => "Tags",
            Taxonomy::Authors => "Authors",
            Taxonomy::Series => "Series",
            Taxonomy::Services => "Services",
        }
    }
}

/// What each feed entry carries: the whole rendered page, or only its summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedContent {
    Full,
    Summary,
}

/// How many entries a feed holds when site.yaml does not say.
pub const DEFAULT_FEED_LIMIT: usize = 20;

#[derive(Debug, Clone, Serialize)]
pub struct MarkdownOptions {
    pub smart_punctuation: bool,
    pub safe: bool,
    pub highlight_code: bool,
    /// What a link or image to no file of the site is: an error (the default), or a
    /// warning for a site moved from elsewhere with old links to fix over time.
    pub broken_links: crate::error::Severity,
}

/// The resolved configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site root (the folder holding site.yaml), absolute.
    pub root: PathBuf,
    pub title: String,
    /// Without a trailing slash.
    pub base_url: String,
    pub organisation: String,
    pub description: String,
    pub language: String,
    pub timezone: TimeZone,
    pub timezone_name: String,
    pub logo: Option<String>,
    pub logo_alt: Option<String>,
    /// The default social image (a site path or an http(s) URL) for pages without their
    /// own `image`, with where it is written in site.yaml; checked in
    /// [`crate::site::images`].
    pub image: Option<(String, serde_saphyr::Location)>,
    pub image_alt: Option<String>,
    pub theme: String,
    pub paginate_by: usize,
    /// Entries in each feed: the newest this many pages.
    pub feed_limit: usize,
    pub feed_content: FeedContent,
    /// None: the templates build the menu from the top-level sections.
    pub menu: Option<Vec<MenuItem>>,
    /// None: the accessibility statement, about page and tags, where they exist.
    pub footer: Option<Vec<MenuItem>>,
    pub colours: Option<Colours>,
    pub markdown: MarkdownOptions,
    pub severities: Vec<SeverityLevel>,
    pub incidents: IncidentSettings,
    pub authors: BTreeMap<String, Author>,
    pub taxonomies: Vec<Taxonomy>,
    /// The council's own public contacts, which `daylight check` does not flag as
    /// personal data (see [`crate::privacy`]).
    pub privacy_allow: Vec<String>,
    pub review: ReviewSettings,
    /// The languages of a bilingual site, the default first; empty for a site in one
    /// language (site.yaml without `languages:`), which builds as it always did.
    pub languages: Vec<Language>,
    /// What a page without its translation in every language is (`translations:`).
    pub translations: Translations,
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Config {
    /// Language `lang` of a bilingual site when it is not the default, whose title,
    /// description and tag are site.yaml's own (`title:`, `description:`, `language:`).
    pub fn own_language(&self, lang: crate::language::LangId) -> Option<&Language> {
        (lang != crate::language::DEFAULT)
            .then(|| self.languages.get(lang))
            .flatten()
    }

    /// The site's title in language `lang`: its `languages:` entry's, else site.yaml's.
    pub fn title_in(&self, lang: crate::language::LangId) -> &str {
        (self.own_language(lang))
            .and_then(|l| l.title.as_deref())
            .unwrap_or(&self.title)
    }

    /// Where the host serves `public/`: the path of `base_url` (see [`crate::urls::Mount`]).
    pub fn mount(&self) -> crate::urls::Mount {
        crate::urls::Mount::of(&self.base_url)
    }

    /// A hash of every resolved setting: `serve` keeps nothing read or rendered under
    /// other settings.
    pub fn fingerprint(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(format!("{self:?}").as_bytes())
    }

    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// The theme's folder, or None for the default theme built into the binary.
    pub fn theme_dir(&self) -> Option<PathBuf> {
        let dir = self.root.join("themes").join(&self.theme);
        dir.is_dir().then_some(dir)
    }

    pub fn taxonomy_enabled(&self, t: Taxonomy) -> bool {
        self.taxonomies.contains(&t)
    }

    /// The author described in site.yaml under this id or name, if any.
    pub fn author(&self, id_or_name: &str) -> Option<&Author> {
        self.author_entry(id_or_name).map(|(_, a)| a)
    }

    /// The author and their id in site.yaml, found by id or (any case) by name.
    pub fn author_entry(&self, id_or_name: &str) -> Option<(&str, &Author)> {
        self.authors
            .get_key_value(id_or_name)
            .or_else(|| {
                self.authors
                    .iter()
                    .find(|(_, a)| a.name.eq_ignore_ascii_case(id_or_name))
            })
            .map(|(id, a)| (id.as_str(), a))
    }

    /// The severity level an incident names, by id (`P2`), number (`2`) or name (`major`).
    pub fn severity(&self, text: &str) -> Option<&SeverityLevel> {
        let t = text.trim();
        self.severities.iter().find(|s| {
            s.id.as_str().eq_ignore_ascii_case(t)
                || s.name.as_str().eq_ignore_ascii_case(t)
                || t.parse::<usize>().ok() == Some(s.level)
        })
    }

    /// Loads `site.yaml` from `root`. On failure, every problem found: a bad link and a
    /// bad colour are reported together, in the order of the file.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let (root, text) = read(root).map_err(|d| vec![d])?;
        let raw: RawConfig =
            crate::yaml::parse(&text, Path::new(CONFIG_FILE), &text, 1).map_err(|d| vec![d])?;
        let mut errors = check_settings(&raw, &text);
        match resolve(raw, root, &text) {
            Ok(config) if errors.is_empty() => return Ok(config),
            Ok(_) => {}
            Err(d) => errors.push(d),
        }
        errors.sort_by_key(|d| (d.line, d.column));
        Err(errors)
    }
}

/// The absolute site root and the text of its site.yaml (without a BOM, with `\n` lines).
fn read(root: &Path) -> Result<(PathBuf, String), Diagnostic> {
    let root = std::path::absolute(root)
        .map_err(|e| Diagnostic::io(root, "resolve the site folder", &e))?;
    let path = root.join(CONFIG_FILE);
    // Its values go into every page: a site.yaml linked from outside is refused too.
    crate::inside::check(&path, &root, &crate::inside::real_root(&root))?;
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Diagnostic::error(
                CONFIG_FILE,
                format!("no {CONFIG_FILE} in {}", root.display()),
            )
            .with_hint(
                "run daylight in a site's folder, pass --root DIR, or make a new site with `daylight init DIR`",
            ));
        }
        Err(e) => return Err(Diagnostic::io(Path::new(CONFIG_FILE), "read site.yaml", &e)),
    };
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(&text)
        .replace("\r\n", "\n");
    Ok((root, text))
}

/// The levels a site has when site.yaml lists none: daylight's own, in English (the
/// theme's i18n files may name them in another language: `default_severities`).
pub fn default_severities() -> Vec<SeverityLevel> {
    [
        (
            "P1",
            "Critical",
            "A service is down or data is at risk for many residents.",
            Meaning::Critical,
        ),
        (
            "P2",
            "Major",
            "A service is badly degraded for many residents.",
            Meaning::Major,
        ),
        (
            "P3",
            "Significant",
            "Part of a service is degraded, or a few residents are affected.",
            Meaning::Minor,
        ),
        (
            "P4",
            "Minor",
            "Little effect on residents; fixed in the normal course of work.",
            Meaning::Info,
        ),
    ]
    .iter()
    .map(|(id, name, description, meaning)| {
        SeverityLevel::new(id, name, description, Some(*meaning))
    })
    .collect()
}

/// The resolved config: each setting checked and defaulted by its own step below. A
/// setting that cannot be resolved stops here with its error, in the order below.
fn resolve(raw: RawConfig, root: PathBuf, text: &str) -> Result<Config, Diagnostic> {
    let (timezone_name, timezone) = resolve_timezone(raw.timezone.as_ref(), text)?;
    let taxonomies = resolve_taxonomies(raw.taxonomies.as_deref(), text)?;
    let feed_limit = resolve_feed_limit(raw.feed_limit.as_ref(), text)?;
    let feed_content = resolve_feed_content(raw.feed_content.as_ref(), text)?;
    let markdown = raw.markdown.resolve(text)?;
    let theme = resolve_theme(raw.theme.as_ref(), &root, text)?;
    let severities = match raw.severities {
        Some(raw) => resolve_severities(raw, text)?,
        None => default_severities(),
    };
    let incidents = resolve_incidents(raw.incidents, text)?;
    let review = resolve_review(&raw.review, text)?;
    let language = raw.language.map_or_else(|| "en-GB".to_string(), |t| t.0);
    let languages = resolve_languages(raw.languages, &language, &severities, text)?;
    let translations = resolve_translations(raw.translations.as_ref(), text)?;
    let title = raw.title.0;
    let config = Config {
        root,
        organisation: raw.organisation.map_or_else(|| title.clone(), |t| t.0),
        title,
        base_url: raw.base_url.value.0.trim_end_matches('/').to_string(),
        description: raw.description.map(|t| t.0).unwrap_or_default(),
        language,
        timezone,
        timezone_name,
        logo: raw.logo.map(|t| t.value.0),
        logo_alt: raw.logo_alt.map(|t| t.0),
        image: (raw.image)
            .map(|t| (t.value.0.trim().to_string(), t.referenced))
            .filter(|(i, _)| !i.is_empty()),
        image_alt: raw.image_alt.map(|t| t.0.trim().to_string()),
        theme,
        paginate_by: raw.paginate_by.filter(|n| *n > 0).unwrap_or(10),
        feed_limit,
        feed_content,
        menu: raw
            .menu
            .map(|links| links.into_iter().map(RawLink::resolve).collect()),
        footer: raw
            .footer
            .map(|links| links.into_iter().map(RawLink::resolve).collect()),
        colours: raw.colours.map(RawColours::resolve),
        markdown,
        severities: numbered_severities(severities),
        incidents,
        authors: resolve_authors(raw.authors),
        taxonomies,
        privacy_allow: raw.privacy.allow.into_iter().map(|t| t.0).collect(),
        review,
        languages,
        translations,
        extra: raw.extra,
    };
    Ok(config.smarten())
}

impl Config {
    /// Text from site.yaml that is only ever shown (authors' roles and bios, severities'
    /// descriptions, menu and footer labels) gets the smart punctuation bodies get, so a
    /// page does not mix "council's" with "council’s". Names and ids are left as
    /// written: front matter is matched against them.
    fn smarten(mut self) -> Config {
        let on = self.markdown.smart_punctuation;
        let smart = |t: &mut String| {
            if let std::borrow::Cow::Owned(s) = crate::markdown::smart::text(t, on) {
                *t = s;
            }
        };
        for a in self.authors.values_mut() {
            a.role.iter_mut().chain(a.bio.iter_mut()).for_each(smart);
        }
        for s in &mut self.severities {
            smart(&mut s.description.0);
        }
        let menus = (self.menu.iter_mut())
            .chain(self.footer.iter_mut())
            .chain(self.languages.iter_mut().flat_map(|l| &mut l.menu));
        for link in menus.flatten() {
            smart(&mut link.name.0);
        }
        self
    }
}

/// site.yaml's `languages:`, checked: each code a language tag (letters, digits and
/// `-`), none twice. The first is the site's default language.
fn resolve_languages(
    raw: Option<Spanned<Vec<RawLanguage>>>,
    site_language: &str,
    severities: &[SeverityLevel],
    text: &str,
) -> Result<Vec<Language>, Diagnostic> {
    let Some(raw) = raw else {
        return Ok(Vec::new());
    };
    if raw.value.is_empty() {
        return Err(located(
            text,
            "`languages:` is empty".to_string(),
            &raw.referenced,
        )
        .with_hint("list each language as `- code: en` and `name: English`, the default first; or remove `languages:` for a site in one language"));
    }
    let region = site_language
        .split(['-', '_'])
        .nth(1)
        .map(str::to_ascii_uppercase);
    let mut out: Vec<Language> = Vec::new();
    for (n, l) in raw.value.into_iter().enumerate() {
        let code = l.code.value.as_str().trim().to_string();
        if !crate::language::is_tag(&code) {
            return Err(located(
                text,
                format!("`languages`: `{code}` is not a language code"),
                &l.code.referenced,
            )
            .with_hint("write the code as a language tag: `en`, `cy`, `ga`, `pt-BR`"));
        }
        if out.iter().any(|o| o.code.eq_ignore_ascii_case(&code)) {
            return Err(located(
                text,
                format!("`languages`: `{code}` is listed twice"),
                &l.code.referenced,
            )
            .with_hint("list each language once"));
        }
        let tag = if n == 0
            && site_language
                .split(['-', '_'])
                .next()
                .is_some_and(|first| first.eq_ignore_ascii_case(&code))
        {
            site_language.to_string()
        } else {
            code.clone()
        };
        let locale = match (l.locale, &region) {
            (Some(locale), _) => locale.0,
            (None, _) if code.contains('-') => code.replace('-', "_"),
            (None, Some(region)) => format!("{code}_{region}"),
            (None, None) => code.clone(),
        };
        let mut levels = BTreeMap::new();
        for (id, words) in l.severities.unwrap_or_default() {
            if !severities.iter().any(|s| s.id.0 == id) {
                let ids: Vec<&str> = severities.iter().map(|s| s.id.0.as_str()).collect();
                return Err(located(
                    text,
                    format!("`languages`: `{code}` names severity `{id}`, which is not one of the site's"),
                    &raw.referenced,
                )
                .with_hint(format!("the site's severity ids are {}", ids.join(", "))));
            }
            let label = severity_label(&id, &words.name.0);
            levels.insert(
                id,
                SeverityWords {
                    name: words.name.0,
                    label,
                    description: words.description.map(|t| t.0),
                },
            );
        }
        out.push(Language {
            code,
            name: l.name.0,
            tag,
            locale,
            title: l.title.map(|t| t.0),
            description: l.description.map(|t| t.0),
            menu: l
                .menu
                .map(|links| links.into_iter().map(RawLink::resolve).collect()),
            severities: levels,
            services: (l.services.unwrap_or_default().into_iter())
                .map(|(name, local)| (name, local.0))
                .collect(),
        });
    }
    Ok(out)
}

/// What `check` makes of a page without its translation (site.yaml `translations:`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Translations {
    /// `expected` (the default): a warning.
    #[default]
    Expected,
    /// `required`: an error, as the Welsh Language Standards may ask of a site.
    Required,
    /// `optional`: nothing is said (a site that translates some pages on purpose).
    Optional,
}

/// site.yaml's `translations:`.
fn resolve_translations(
    raw: Option<&Spanned<Text>>,
    text: &str,
) -> Result<Translations, Diagnostic> {
    match raw.map(|t| (t.value.as_str().trim(), t)) {
        None | Some(("expected", _)) => Ok(Translations::Expected),
        Some(("required", _)) => Ok(Translations::Required),
        Some(("optional", _)) => Ok(Translations::Optional),
        Some((other, t)) => Err(located(
            text,
            format!("`translations`: `{other}` is not `expected`, `required` or `optional`"),
            &t.referenced,
        )
        .with_hint("`expected` (the default) warns of a page without its translation, `required` makes it an error, `optional` says nothing")),
    }
}

/// An error at a place in site.yaml (`text` is the file).
fn located(text: &str, message: String, loc: &serde_saphyr::Location) -> Diagnostic {
    Diagnostic::error(CONFIG_FILE, message).at(text, loc.line() as u32, loc.column() as u32)
}

/// The time zone's name (Europe/London when site.yaml gives none) and the zone.
fn resolve_timezone(
    timezone: Option<&Spanned<Text>>,
    text: &str,
) -> Result<(String, TimeZone), Diagnostic> {
    let name = timezone.map_or("Europe/London".to_string(), |t| t.value.0.clone());
    match crate::dates::time_zone(&name) {
        Some(tz) => Ok((name, tz)),
        None => {
            let loc = timezone.map_or(serde_saphyr::Location::UNKNOWN, |t| t.referenced);
            Err(located(text, format!("unknown time zone `{name}`"), &loc)
                .with_hint("use an IANA time zone name such as Europe/London"))
        }
    }
}

/// The taxonomies named, or all of them when site.yaml names none.
fn resolve_taxonomies(
    list: Option<&[Spanned<Text>]>,
    text: &str,
) -> Result<Vec<Taxonomy>, Diagnostic> {
    let Some(list) = list else {
        return Ok(Taxonomy::ALL.to_vec());
    };
    let mut taxonomies = Vec::new();
    for t in list {
        let name = t.value.as_str();
        match Taxonomy::ALL.iter().find(|x| x.name() == name) {
            Some(x) => taxonomies.push(*x),
            None => {
                let names = Taxonomy::ALL.map(Taxonomy::name);
                let hint = match did_you_mean(name, names) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("daylight knows {}", names.join(", ")),
                };
                return Err(
                    located(text, format!("unknown taxonomy `{name}`"), &t.referenced)
                        .with_hint(hint),
                );
            }
        }
    }
    Ok(taxonomies)
}

fn resolve_feed_limit(limit: Option<&Spanned<usize>>, text: &str) -> Result<usize, Diagnostic> {
    match limit {
        None => Ok(DEFAULT_FEED_LIMIT),
        Some(n) if n.value > 0 => Ok(n.value),
        Some(n) => Err(located(
            text,
            "`feed_limit` must be at least 1".to_string(),
            &n.referenced,
        )
        .with_hint(format!(
            "the number of entries in each feed, e.g. {DEFAULT_FEED_LIMIT} (the default)"
        ))),
    }
}

fn resolve_feed_content(
    content: Option<&Spanned<Text>>,
    text: &str,
) -> Result<FeedContent, Diagnostic> {
    match content.map(|t| (t.value.as_str(), t)) {
        None | Some(("full", _)) => Ok(FeedContent::Full),
        Some(("summary", _)) => Ok(FeedContent::Summary),
        Some((other, t)) => Err(located(
            text,
            format!("unknown feed_content `{other}`"),
            &t.referenced,
        )
        .with_hint("write `full` (each entry carries the whole page) or `summary`")),
    }
}

/// The theme's name (`default` when site.yaml gives none): a folder in themes/, inside
/// the site.
fn resolve_theme(
    theme: Option<&Spanned<Text>>,
    root: &Path,
    text: &str,
) -> Result<String, Diagnostic> {
    let name = theme.map_or("default".to_string(), |t| t.value.0.clone());
    if name != "default" && !root.join("themes").join(&name).is_dir() {
        let loc = theme.map_or(serde_saphyr::Location::UNKNOWN, |t| t.referenced);
        let d = located(text, format!("theme `{name}` not found in themes/"), &loc);
        return Err(d.with_hint(format!(
            "put the theme in themes/{name}/, or remove `theme:` to use the default theme"
        )));
    }
    // `theme: ../../x`, an absolute path, or themes/<name> linked in from elsewhere:
    // the theme's templates and files are published, so it must be inside the site.
    if let Some(real) = crate::inside::outside(
        &root.join("themes").join(&name),
        &crate::inside::real_root(root),
    ) {
        let message = format!(
            "the theme `{name}` is outside the site folder (at {}): daylight does not publish files from outside it",
            real.display()
        );
        let d = match theme {
            Some(t) => located(text, message, &t.referenced),
            None => Diagnostic::error(format!("themes/{name}"), message),
        };
        return Err(d.with_hint(
            "copy the theme into the site's themes/ folder (a folder, not a link) and name it by its folder: `theme: <name>`",
        ));
    }
    Ok(name)
}

/// The levels in the order written: the first is level 1, the most severe.
fn numbered_severities(mut severities: Vec<SeverityLevel>) -> Vec<SeverityLevel> {
    for (i, s) in severities.iter_mut().enumerate() {
        s.level = i + 1;
    }
    severities
}

/// Each level's meaning and colour, checked: a colour must give its badge's text at
/// least 4.5:1 (WCAG AA) with one of the theme's two text colours.
fn resolve_severities(raw: Vec<RawSeverity>, text: &str) -> Result<Vec<SeverityLevel>, Diagnostic> {
    let mut levels = Vec::new();
    for s in raw {
        let meaning = match &s.meaning {
            None => None,
            Some(m) => {
                let written = m.value.as_str().trim().to_ascii_lowercase();
                match Meaning::NAMED.iter().find(|(n, _)| *n == written) {
                    Some((_, meaning)) => Some(*meaning),
                    None => {
                        return Err(located(
                            text,
                            format!("unknown severity meaning `{}`", m.value),
                            &m.referenced,
                        )
                        .with_hint(
                            "a level's `meaning` is one of critical, major, minor, info: it sets the level's colour and what an open incident does to a service on the status page",
                        ));
                    }
                }
            }
        };
        let mut level = SeverityLevel::new(
            s.id.as_str(),
            s.name.as_str(),
            s.description.as_str(),
            meaning,
        );
        if let Some(colour) = &s.colour {
            let value = colour.value.as_str().trim();
            if let Err(p) = check_colour(value) {
                return Err(located(
                    text,
                    format!("severity `{}`, `colour`: `{value}` {}", s.id, p.message),
                    &colour.referenced,
                )
                .with_hint(Rule::Colour.allowed()));
            }
            let (text_colour, ratio) = best_text_on(value);
            if ratio < 4.5 {
                return Err(located(
                    text,
                    format!(
                        "severity `{}`, `colour`: `{value}` gives its badge's text a contrast of {ratio:.2}:1 at best, below the 4.5:1 WCAG AA asks for",
                        s.id
                    ),
                    &colour.referenced,
                )
                .with_hint(
                    "choose a darker or a lighter colour, or remove `colour:` and give the level a `meaning:` (critical, major, minor or info) to use the theme's colours, which are checked in light and dark",
                ));
            }
            level.colour = Some(expand_hex(value));
            level.colour_text = Some(text_colour.to_string());
        }
        levels.push(level);
    }
    Ok(levels)
}

/// The theme's dark text colour and white: a badge with a colour of the site's own
/// takes whichever is the more readable on it.
const BADGE_TEXTS: [&str; 2] = ["#1a1e22", "#ffffff"];

/// The text colour of [`BADGE_TEXTS`] with the better contrast on `background`, and
/// that contrast.
fn best_text_on(background: &str) -> (&'static str, f64) {
    BADGE_TEXTS
        .iter()
        .map(|t| (*t, contrast(background, t)))
        .fold(
            ("#1a1e22", 0.0),
            |best, c| if c.1 > best.1 { c } else { best },
        )
}

/// `#abc` -> `#aabbcc`; a six-digit colour as it is, lower case.
fn expand_hex(hex: &str) -> String {
    let digits = hex.trim_start_matches('#');
    if digits.len() == 3 {
        let doubled: String = digits.chars().flat_map(|c| [c, c]).collect();
        format!("#{}", doubled.to_ascii_lowercase())
    } else {
        format!("#{}", digits.to_ascii_lowercase())
    }
}

/// WCAG 2 contrast ratio of two hex colours (already checked to be `#rgb`/`#rrggbb`).
fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// WCAG 2 relative luminance of a hex colour.
fn luminance(hex: &str) -> f64 {
    let full = expand_hex(hex);
    let channel = |i: usize| {
        let v = u8::from_str_radix(&full[i..i + 2], 16).unwrap_or(0) as f64 / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

/// site.yaml's `incidents:`: the review deadline read as days, the rest as written.
fn resolve_incidents(raw: RawIncidents, text: &str) -> Result<IncidentSettings, Diagnostic> {
    let review_within = match &raw.review_within {
        None => None,
        Some(w) => Some(parse_review_within(w.value.as_str()).ok_or_else(|| {
            located(
                text,
                format!(
                    "`incidents.review_within`: `{}` is not a number of days",
                    w.value
                ),
                &w.referenced,
            )
            .with_hint("write it as `20 working days` (Monday to Friday), `10 days` or `4 weeks`")
        })?),
    };
    let (mut count_notices, mut count_maintenance) = (false, false);
    for t in raw.statistics_include.iter().flatten() {
        match t.value.as_str().trim() {
            "notice" | "notices" => count_notices = true,
            "maintenance" => count_maintenance = true,
            other => {
                return Err(located(
                    text,
                    format!("`incidents.statistics_include`: unknown type `{other}`"),
                    &t.referenced,
                )
                .with_hint("list `notice`, `maintenance` or both: incidents are always counted"));
            }
        }
    }
    let review_sections = match raw.review_sections {
        Some(names) => names
            .into_iter()
            .map(|t| t.0.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect(),
        None => REVIEW_SECTIONS.iter().map(|s| s.to_string()).collect(),
    };
    Ok(IncidentSettings {
        strict_reviews: raw.strict_reviews.unwrap_or(false),
        review_within,
        review_sections,
        count_notices,
        count_maintenance,
        services: raw
            .services
            .unwrap_or_default()
            .into_iter()
            .map(|t| t.0.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect(),
        status_page: raw.status_page.unwrap_or(true),
    })
}

/// site.yaml's `review:`: its periods read.
fn resolve_review(raw: &RawReview, text: &str) -> Result<ReviewSettings, Diagnostic> {
    let period = |key: &str, v: &Option<Spanned<Text>>| match v {
        None => Ok(None),
        Some(v) => crate::upkeep::Period::parse(v.value.as_str())
            .map(Some)
            .ok_or_else(|| {
                located(
                    text,
                    format!("`review.{key}`: `{}` is not a period", v.value),
                    &v.referenced,
                )
                .with_hint(crate::upkeep::PERIOD_HINT)
            }),
    };
    let every = period("every", &raw.every)?;
    Ok(ReviewSettings {
        every,
        plans_every: period("plans_every", &raw.plans_every)?.or(every),
        require_owner: raw.require_owner.unwrap_or(false),
        show_owner: raw.show_owner.unwrap_or(false),
        show_next_review: raw.show_next_review.unwrap_or(false),
    })
}

/// `20 working days`, `10 days`, `1 day`, `4 weeks` (a week is 7 days).
fn parse_review_within(text: &str) -> Option<ReviewWithin> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    let n: u32 = words.first()?.parse().ok()?;
    let unit: Vec<&str> = words[1..].iter().map(String::as_str).collect();
    match unit.as_slice() {
        ["working", "day" | "days"] | ["business", "day" | "days"] => Some(ReviewWithin {
            days: n,
            working: true,
        }),
        ["day" | "days"] => Some(ReviewWithin {
            days: n,
            working: false,
        }),
        ["week" | "weeks"] => Some(ReviewWithin {
            days: n.checked_mul(7)?,
            working: false,
        }),
        _ => None,
    }
}

fn resolve_authors(raw: BTreeMap<String, RawAuthor>) -> BTreeMap<String, Author> {
    raw.into_iter()
        .map(|(id, a)| {
            let author = Author {
                name: a.name.map_or_else(|| id.clone(), |n| n.0),
                id: id.clone(),
                role: a.role.map(|t| t.0),
                bio: a.bio.map(|t| t.0),
                url: a.url.map(|t| t.value.0),
                aliases: (a.aliases.map(OneOrMany::into_texts).unwrap_or_default())
                    .into_iter()
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect(),
            };
            (id, author)
        })
        .collect()
}

/// `--base-url` (or serve's own address), checked as site.yaml's `base_url` is: its path
/// goes into every link of every page.
pub fn check_given_base_url(value: &str) -> Result<(), Diagnostic> {
    Rule::BaseUrl.check(value).map_err(|problem| {
        Diagnostic::error("--base-url", format!("`{value}` {}", problem.message)).with_hint(
            problem
                .hint
                .unwrap_or_else(|| Rule::BaseUrl.allowed().to_string()),
        )
    })
}

/// Every URL and colour in site.yaml that goes into every page, checked before anything
/// is rendered: a `javascript:` link in the menu, or a colour that closes the `<style>`
/// block, would otherwise be published on every page. Each bad value is one error at its
/// own line and column.
fn check_settings(raw: &RawConfig, text: &str) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut check = |what: String, value: &Spanned<Text>, rule: Rule| {
        if let Err(problem) = rule.check(value.value.as_str()) {
            let loc = value.referenced;
            errors.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    format!("{what}: `{}` {}", value.value, problem.message),
                )
                .at(text, loc.line() as u32, loc.column() as u32)
                .with_hint(problem.hint.unwrap_or_else(|| rule.allowed().to_string())),
            );
        }
    };
    check("`base_url`".to_string(), &raw.base_url, Rule::BaseUrl);
    if let Some(logo) = &raw.logo {
        check("`logo`".to_string(), logo, Rule::Logo);
    }
    for (list, links) in [("menu", &raw.menu), ("footer", &raw.footer)] {
        for link in links.iter().flatten() {
            check(
                format!("{list} link `{}`", link.name),
                &link.url,
                Rule::Link,
            );
        }
    }
    for (id, author) in &raw.authors {
        if let Some(url) = &author.url {
            check(format!("author `{id}`, `url`"), url, Rule::Link);
        }
    }
    if let Some(colours) = &raw.colours {
        for (key, colour) in [
            ("brand", &colours.brand),
            ("brand_dark", &colours.brand_dark),
        ] {
            if let Some(colour) = colour {
                check(format!("`colours.{key}`"), colour, Rule::Colour);
            }
        }
    }
    errors
}

/// What a value in site.yaml may be, by where it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// `base_url`: the start of every canonical URL and feed link.
    BaseUrl,
    /// A menu, footer or author link: followed only when a reader clicks it.
    Link,
    /// The logo, loaded on every page: only from the site itself, because the default
    /// theme promises that no page loads anything from another site.
    Logo,
    /// A brand colour, written into a `<style>` block on every page.
    Colour,
}

/// Why a value is refused; the hint defaults to what the rule allows.
#[derive(Debug)]
struct Problem {
    message: String,
    hint: Option<String>,
}

fn problem(message: impl Into<String>) -> Problem {
    Problem {
        message: message.into(),
        hint: None,
    }
}

impl Rule {
    fn allowed(self) -> &'static str {
        match self {
            Rule::BaseUrl => {
                "write the address the site is published at, starting https:// or http://, e.g. https://digital.example.gov.uk"
            }
            Rule::Link => {
                "a link may be a path on the site (/about/), a relative path (about/), an https:// or http:// URL, or a mailto: address"
            }
            Rule::Logo => {
                "put the logo in static/ and write its path on the site, e.g. /images/logo.svg: pages load nothing from other sites"
            }
            Rule::Colour => {
                "write a hex colour, #rgb or #rrggbb, e.g. #1d70b8 (the value goes into a <style> block on every page)"
            }
        }
    }

    fn check(self, value: &str) -> Result<(), Problem> {
        match self {
            Rule::Colour => check_colour(value),
            _ => check_url(value, self),
        }
    }
}

fn check_colour(value: &str) -> Result<(), Problem> {
    let hex = value.strip_prefix('#').unwrap_or("");
    if matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(problem("is not a #rgb or #rrggbb colour"))
    }
}

/// A URL is judged as a browser will read it (the WHATWG URL parser), after refusing
/// what a browser would silently drop or reinterpret: spaces, tabs and line breaks
/// (`java\tscript:` is `javascript:` to a browser), control characters, backslashes
/// (read as `/`), and the characters that close an attribute or a tag.
fn check_url(value: &str, rule: Rule) -> Result<(), Problem> {
    if value.is_empty() {
        return Err(problem("is empty"));
    }
    // The scheme first, so `data:text/html,<script>…` is called what it is.
    let scheme = scheme_of(value);
    match (rule, scheme.as_deref()) {
        (Rule::BaseUrl, None) => {
            return Err(problem("is not an absolute http:// or https:// URL"));
        }
        (Rule::Logo, Some("http" | "https")) => {
            return Err(Problem {
                message: "is on another site".to_string(),
                hint: Some(format!(
                    "{}; a logo loaded from elsewhere tells that site who reads each page",
                    rule.allowed()
                )),
            });
        }
        (Rule::BaseUrl | Rule::Link, Some("http" | "https")) | (Rule::Link, Some("mailto")) => {}
        (_, Some(other)) => return Err(problem(format!("is a `{other}:` URL"))),
        (_, None) => {}
    }
    if let Some(c) = value
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '`' | '\\'))
    {
        let what = match c {
            ' ' => "a space".to_string(),
            c if c.is_control() => format!("the control character `{}`", c.escape_debug()),
            c if c.is_whitespace() => format!("the space character `{}`", c.escape_unicode()),
            c => format!("`{c}`"),
        };
        return Err(Problem {
            message: format!("contains {what}"),
            hint: Some(format!(
                "write it percent-encoded (a space is %20); {}",
                rule.allowed()
            )),
        });
    }
    match (rule, scheme.as_deref()) {
        (Rule::BaseUrl, _) => {
            let url = absolute_http(value)?;
            if url.query().is_some() || url.fragment().is_some() {
                return Err(problem(
                    "has a query (?) or fragment (#): page paths are added to its end",
                ));
            }
            Ok(())
        }
        (Rule::Link, None) => site_path(value, false),
        (Rule::Link, Some("mailto")) => Ok(()),
        (Rule::Link, _) => absolute_http(value).map(|_| ()),
        (Rule::Logo, _) => site_path(value, true),
        (Rule::Colour, _) => check_colour(value),
    }
}

/// The scheme, lower-cased, when `value` has one (`JavaScript:x` -> `javascript`); None
/// for a path. As in the URL standard: letters, digits, `+`, `-` and `.`, starting with
/// a letter, before the first `:`.
fn scheme_of(value: &str) -> Option<String> {
    let (scheme, _) = value.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| scheme.to_ascii_lowercase())
}

/// An `http://` or `https://` URL with a host, as written (not `http:host`, which a
/// browser would also accept).
fn absolute_http(value: &str) -> Result<url::Url, Problem> {
    let after_scheme = value.split_once(':').map_or("", |(_, rest)| rest);
    if !after_scheme.starts_with("//") {
        return Err(problem("does not have // after its scheme"));
    }
    match url::Url::parse(value) {
        Ok(url) if url.host_str().is_some_and(|h| !h.is_empty()) => Ok(url),
        Ok(_) => Err(problem("has no host name")),
        Err(e) => Err(problem(format!("is not a valid URL ({e})"))),
    }
}

/// A path on this site: `/about/`, or (`absolute` false) a relative `about/`, never
/// `//host/` (another site, for a browser).
fn site_path(value: &str, absolute: bool) -> Result<(), Problem> {
    if value.starts_with("//") {
        return Err(problem(
            "starts with //, which a browser reads as another site's address",
        ));
    }
    if absolute && !value.starts_with('/') {
        return Err(problem(
            "is a relative path, which would point somewhere else on each page",
        ));
    }
    // The browser's reading, against a stand-in for the site: it must stay on the site.
    let base = url::Url::parse("https://site.invalid/a/b/").map_err(|e| problem(e.to_string()))?;
    match base.join(value) {
        Ok(url) if url.scheme() == "https" && url.host_str() == Some("site.invalid") => Ok(()),
        Ok(_) => Err(problem("leads off the site")),
        Err(e) => Err(problem(format!("is not a valid path ({e})"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(value: &str, rule: Rule) -> bool {
        rule.check(value).is_ok()
    }

    #[test]
    fn links_may_be_site_paths_relative_paths_http_or_mailto() {
        for good in [
            "/",
            "/about/",
            "about/",
            "../blog/",
            "#main",
            "?page=2",
            "/blog/caf%C3%A9/",
            "https://www.gov.uk/",
            "HTTP://example.org/a?b=c#d",
            "mailto:digital@council.example",
            "/files/report:2024.pdf",
        ] {
            assert!(ok(good, Rule::Link), "{good} was refused");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:x",
            "java\tscript:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "//evil.example/",
            "/\\evil.example/",
            "https:evil.example",
            "https://",
            "\" onmouseover=\"alert(1)",
            "",
            "file:///etc/passwd",
            "tel:+441234",
        ] {
            assert!(!ok(bad, Rule::Link), "{bad:?} was allowed");
        }
    }

    #[test]
    fn base_url_is_an_absolute_http_url() {
        for good in [
            "https://digital.example",
            "http://localhost:1111",
            "https://example.org/sub/path/",
        ] {
            assert!(ok(good, Rule::BaseUrl), "{good} was refused");
        }
        for bad in [
            "javascript:alert(1)//",
            "/relative",
            "example.org",
            "//example.org",
            "https://example.org/?a=1",
            "https://example.org/#x",
            "ftp://example.org",
            "https://exa mple.org",
        ] {
            assert!(!ok(bad, Rule::BaseUrl), "{bad:?} was allowed");
        }
    }

    #[test]
    fn logo_is_a_path_on_the_site() {
        assert!(ok("/images/logo.svg", Rule::Logo));
        for bad in [
            "javascript:alert(1)",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "https://tracker.example/logo.png",
            "logo.svg",
            "//tracker.example/logo.png",
        ] {
            assert!(!ok(bad, Rule::Logo), "{bad:?} was allowed");
        }
    }

    #[test]
    fn review_deadlines_are_days_working_days_or_weeks() {
        let within = |t| parse_review_within(t);
        assert_eq!(
            within("20 working days"),
            Some(ReviewWithin {
                days: 20,
                working: true
            })
        );
        assert_eq!(within("1 day").map(|w| w.to_string()), Some("1 day".into()));
        assert_eq!(within("4 Weeks").map(|w| w.days), Some(28));
        for bad in ["twenty days", "20", "20 fortnights", "-1 days", ""] {
            assert_eq!(within(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_badge_colour_takes_the_more_readable_text() {
        assert_eq!(best_text_on("#8a1021").0, "#ffffff");
        assert_eq!(best_text_on("#fde8ea").0, "#1a1e22");
        assert!((contrast("#000", "#fff") - 21.0).abs() < 0.01);
        // Mid grey: neither text reaches 4.5:1.
        assert!(best_text_on("#7f7f7f").1 < 4.5);
    }

    #[test]
    fn a_badge_says_a_levels_name_once() {
        let l = |id, name| SeverityLevel::new(id, name, "", None).label;
        assert_eq!(l("P1", "Critical"), "P1 Critical");
        assert_eq!(l("notice", "Notice"), "Notice");
        assert_eq!(l("ungraded", ""), "ungraded");
    }

    #[test]
    fn colours_are_hex_only() {
        for good in ["#fff", "#1D70B8", "#1d70b8"] {
            assert!(ok(good, Rule::Colour), "{good} was refused");
        }
        for bad in [
            "red",
            "#ff",
            "#fffff",
            "#12345678",
            "#1d70b8;}</style><script src=//t.example></script>",
            "rgb(0,0,0)",
            "#ggg",
            "",
        ] {
            assert!(!ok(bad, Rule::Colour), "{bad:?} was allowed");
        }
    }
}
