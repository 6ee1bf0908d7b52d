//! `site.yaml`: the raw form as written, and the resolved [`Config`] the pipeline and
//! templates see, with defaults applied, paths absolute and names checked.
//!
//! Nothing below this module reads `site.yaml` or knows its defaults.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, did_you_mean};
use crate::yaml::Text;

pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Text,
    base_url: Text,
    organisation: Option<Text>,
    description: Option<Text>,
    language: Option<Text>,
    timezone: Option<serde_saphyr::Spanned<Text>>,
    logo: Option<Text>,
    logo_alt: Option<Text>,
    theme: Option<serde_saphyr::Spanned<Text>>,
    paginate_by: Option<usize>,
    feed_limit: Option<serde_saphyr::Spanned<usize>>,
    feed_content: Option<serde_saphyr::Spanned<Text>>,
    menu: Option<Vec<MenuItem>>,
    footer: Option<Vec<MenuItem>>,
    colours: Option<Colours>,
    #[serde(default)]
    markdown: RawMarkdown,
    severities: Option<Vec<SeverityLevel>>,
    #[serde(default)]
    authors: BTreeMap<String, RawAuthor>,
    taxonomies: Option<Vec<serde_saphyr::Spanned<Text>>>,
    #[serde(default)]
    privacy: RawPrivacy,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
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
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAuthor {
    name: Option<Text>,
    role: Option<Text>,
    bio: Option<Text>,
    url: Option<Text>,
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

/// An incident severity level. `level` is 1 for the most severe.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SeverityLevel {
    pub id: Text,
    pub name: Text,
    #[serde(default)]
    pub description: Text,
    #[serde(default)]
    pub level: usize,
}

/// A person described in site.yaml; front matter names them by id or by name.
#[derive(Debug, Clone, Serialize)]
pub struct Author {
    pub id: String,
    pub name: String,
    pub role: Option<String>,
    pub bio: Option<String>,
    pub url: Option<String>,
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
    pub authors: BTreeMap<String, Author>,
    pub taxonomies: Vec<Taxonomy>,
    /// The council's own public contacts, which `daylight check` does not flag as
    /// personal data (see [`crate::privacy`]).
    pub privacy_allow: Vec<String>,
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Config {
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
        self.authors.get(id_or_name).or_else(|| {
            self.authors
                .values()
                .find(|a| a.name.eq_ignore_ascii_case(id_or_name))
        })
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

    /// Loads `site.yaml` from `root`.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
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
        let display_path = Path::new(CONFIG_FILE);
        let raw: RawConfig = crate::yaml::parse(&text, display_path, &text, 1)?;
        resolve(raw, root, &text)
    }
}

fn default_severities() -> Vec<SeverityLevel> {
    [
        (
            "P1",
            "Critical",
            "A service is down or data is at risk for many residents.",
        ),
        (
            "P2",
            "Major",
            "A service is badly degraded for many residents.",
        ),
        (
            "P3",
            "Significant",
            "Part of a service is degraded, or a few residents are affected.",
        ),
        (
            "P4",
            "Minor",
            "Little effect on residents; fixed in the normal course of work.",
        ),
    ]
    .iter()
    .enumerate()
    .map(|(i, (id, name, description))| SeverityLevel {
        id: Text(id.to_string()),
        name: Text(name.to_string()),
        description: Text(description.to_string()),
        level: i + 1,
    })
    .collect()
}

fn resolve(raw: RawConfig, root: PathBuf, text: &str) -> Result<Config, Diagnostic> {
    let file = Path::new(CONFIG_FILE);
    let located = |msg: String, loc: &serde_saphyr::Location| {
        Diagnostic::error(file, msg).at(text, loc.line() as u32, loc.column() as u32)
    };

    let timezone_name = raw
        .timezone
        .as_ref()
        .map_or("Europe/London".to_string(), |t| t.value.0.clone());
    let timezone = match crate::dates::time_zone(&timezone_name) {
        Some(tz) => tz,
        None => {
            let loc = raw
                .timezone
                .as_ref()
                .map_or(serde_saphyr::Location::UNKNOWN, |t| t.referenced);
            return Err(
                located(format!("unknown time zone `{timezone_name}`"), &loc)
                    .with_hint("use an IANA time zone name such as Europe/London"),
            );
        }
    };

    let mut taxonomies = Vec::new();
    match &raw.taxonomies {
        None => taxonomies.extend(Taxonomy::ALL),
        Some(list) => {
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
                        return Err(located(format!("unknown taxonomy `{name}`"), &t.referenced)
                            .with_hint(hint));
                    }
                }
            }
        }
    }

    let feed_limit = match &raw.feed_limit {
        None => DEFAULT_FEED_LIMIT,
        Some(n) if n.value > 0 => n.value,
        Some(n) => {
            return Err(located("`feed_limit` must be at least 1".to_string(), &n.referenced)
                .with_hint(format!(
                    "the number of entries in each feed, e.g. {DEFAULT_FEED_LIMIT} (the default)"
                )));
        }
    };
    let feed_content = match raw.feed_content.as_ref().map(|t| (t.value.as_str(), t)) {
        None | Some(("full", _)) => FeedContent::Full,
        Some(("summary", _)) => FeedContent::Summary,
        Some((other, t)) => {
            return Err(
                located(format!("unknown feed_content `{other}`"), &t.referenced)
                    .with_hint("write `full` (each entry carries the whole page) or `summary`"),
            );
        }
    };

    let theme = raw
        .theme
        .as_ref()
        .map_or("default".to_string(), |t| t.value.0.clone());
    if theme != "default" && !root.join("themes").join(&theme).is_dir() {
        let loc = raw
            .theme
            .as_ref()
            .map_or(serde_saphyr::Location::UNKNOWN, |t| t.referenced);
        let d = located(format!("theme `{theme}` not found in themes/"), &loc);
        return Err(d.with_hint(format!(
            "put the theme in themes/{theme}/, or remove `theme:` to use the default theme"
        )));
    }
    // `theme: ../../x`, an absolute path, or themes/<name> linked in from elsewhere:
    // the theme's templates and files are published, so it must be inside the site.
    if let Some(real) = crate::inside::outside(
        &root.join("themes").join(&theme),
        &crate::inside::real_root(&root),
    ) {
        let message = format!(
            "the theme `{theme}` is outside the site folder (at {}): daylight does not publish files from outside it",
            real.display()
        );
        let d = match &raw.theme {
            Some(t) => located(message, &t.referenced),
            None => Diagnostic::error(format!("themes/{theme}"), message),
        };
        return Err(d.with_hint(
            "copy the theme into the site's themes/ folder (a folder, not a link) and name it by its folder: `theme: <name>`",
        ));
    }

    let mut severities = raw.severities.unwrap_or_else(default_severities);
    for (i, s) in severities.iter_mut().enumerate() {
        s.level = i + 1;
    }

    let authors = raw
        .authors
        .into_iter()
        .map(|(id, a)| {
            let author = Author {
                name: a.name.map_or_else(|| id.clone(), |n| n.0),
                id: id.clone(),
                role: a.role.map(|t| t.0),
                bio: a.bio.map(|t| t.0),
                url: a.url.map(|t| t.0),
            };
            (id, author)
        })
        .collect();

    let title = raw.title.0;
    Ok(Config {
        root,
        organisation: raw.organisation.map_or_else(|| title.clone(), |t| t.0),
        title,
        base_url: raw.base_url.0.trim_end_matches('/').to_string(),
        description: raw.description.map(|t| t.0).unwrap_or_default(),
        language: raw.language.map_or_else(|| "en-GB".to_string(), |t| t.0),
        timezone,
        timezone_name,
        logo: raw.logo.map(|t| t.0),
        logo_alt: raw.logo_alt.map(|t| t.0),
        theme,
        paginate_by: raw.paginate_by.filter(|n| *n > 0).unwrap_or(10),
        feed_limit,
        feed_content,
        menu: raw.menu,
        footer: raw.footer,
        colours: raw.colours,
        markdown: MarkdownOptions {
            smart_punctuation: raw.markdown.smart_punctuation.unwrap_or(true),
            safe: raw.markdown.safe.unwrap_or(false),
            highlight_code: raw.markdown.highlight_code.unwrap_or(true),
        },
        severities,
        authors,
        taxonomies,
        privacy_allow: raw.privacy.allow.into_iter().map(|t| t.0).collect(),
        extra: raw.extra,
    })
}
