//! Every URL daylight makes, made here, and the file each is written to.
//!
//! Pages, sections, list pages and their later pages, taxonomy terms, incident filters,
//! feeds, aliases and the fixed machine files all get their URLs from these functions;
//! the site model stores what they return and every other module reads it from there (or
//! from the route table, [`crate::routes`]). No other module builds a site URL with
//! `format!`, so a change to the URL scheme (a `base_url` with a path, permalink
//! patterns, a second language) is made once, here.
//!
//! URLs here are site paths: they start and (for pages) end with `/`, and name where a
//! file sits in `public/`. A site published under a path (`base_url:
//! https://example.github.io/project`) keeps them as they are: the path is where the host
//! mounts `public/`, a fact of the deployment, not of the site. [`Mount`] puts it in front
//! of a site path as a URL is written out; nothing else adds it. This module does no I/O
//! and knows nothing of the model.

use std::borrow::Cow;

/// Where the host serves `public/`: the path of `base_url` (`/project`), or nothing when
/// the site is at the root of its host. Percent-encoded where it needs to be, so it can
/// go as it is into an HTML attribute, a CSS `url()` or JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Mount(String);

impl Mount {
    /// The mount of a site published at `base_url` (an absolute http(s) URL, checked
    /// before it gets here): its path without the final `/`.
    pub fn of(base_url: &str) -> Mount {
        let after_scheme = base_url
            .find("://")
            .map_or(base_url, |i| &base_url[i + 3..]);
        let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
        let path = path.split(['?', '#']).next().unwrap_or("");
        let mut out = String::with_capacity(path.len());
        for b in path.trim_end_matches('/').bytes() {
            if b.is_ascii_alphanumeric() || b"-._~/%".contains(&b) {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        Mount(out)
    }

    /// `/project`, or `""` at the root of a host.
    pub fn path(&self) -> &str {
        &self.0
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The URL to write for a link to `url`: a site path (`/blog/`) under the mount
    /// (`/project/blog/`); any other URL (relative, with a scheme, `//host`) as it is.
    pub fn href<'a>(&self, url: &'a str) -> Cow<'a, str> {
        if self.is_root() || !is_site_path(url) {
            Cow::Borrowed(url)
        } else {
            Cow::Owned(format!("{}{url}", self.0))
        }
    }

    /// The site path a request path names, when it is under the mount: `/project/blog/`
    /// -> `/blog/`; None for a path outside it, and for `/project` itself (the home page
    /// is `/project/`: relative links on it would otherwise resolve from `/`).
    pub fn site_path<'a>(&self, request_path: &'a str) -> Option<&'a str> {
        let rest = request_path.strip_prefix(self.0.as_str())?;
        rest.starts_with('/').then_some(rest)
    }
}

/// A path from the root of the site (`/about/`), as opposed to a relative one, a URL
/// with a scheme, or `//host/…` (another host). Browsers read `/\` as `//`.
pub fn is_site_path(url: &str) -> bool {
    let b = url.as_bytes();
    b.first() == Some(&b'/') && !matches!(b.get(1), Some(b'/' | b'\\'))
}

/// The home page.
pub const HOME: &str = "/";
/// The page shown for a URL the site does not have.
pub const NOT_FOUND: &str = "/404.html";
/// The search page and its index.
pub const SEARCH_PAGE: &str = "/search/";
pub const SEARCH_INDEX: &str = "/search/index.json";
/// The folder of the site's search index: the whole index, and the manifest and
/// fragments the search page reads ([`search_file`]).
pub const SEARCH_FOLDER: &str = "/search/";
pub const SEARCH_SCRIPT: &str = "/js/search.js";
/// Welsh initial mutations for the search page's script.
pub const WELSH_SCRIPT: &str = "/js/welsh.js";
/// The site's own feeds.
pub const SITE_ATOM: &str = "/atom.xml";
/// The open data of incidents.
pub const INCIDENTS_JSON: &str = "/incidents.json";
pub const ACTIONS_CSV: &str = "/actions.csv";
/// The status page, its data, and where its badges are.
pub const STATUS_PAGE: &str = "/status/";
pub const STATUS_JSON: &str = "/status.json";
pub const SITEMAP: &str = "/sitemap.xml";
pub const ROBOTS: &str = "/robots.txt";
pub const SYNTAX_CSS: &str = "/css/syntax.css";

/// The file names of a list's feeds, beside the list page.
pub const ATOM_FILE: &str = "atom.xml";
pub const JSON_FILE: &str = "feed.json";

/// A section's URL from its folder under content/ (`""` for the home page):
/// `news/Press Releases` -> `/news/press-releases/`.
pub fn section(dir: &str) -> String {
    if dir.is_empty() {
        HOME.to_string()
    } else {
        let slugged: Vec<String> = dir.split('/').map(slug::slugify).collect();
        format!("/{}/", slugged.join("/"))
    }
}

/// A URL in a language's part of a bilingual site: `/2024/x/` in Welsh is
/// `/cy/2024/x/` (a section's URL has it already: its folder is `cy/blog`).
pub fn in_language(code: &str, url: &str) -> String {
    format!("{}{}", section(code).trim_end_matches('/'), url)
}

/// A page's URL in its section.
pub fn page(section_url: &str, slug: &str) -> String {
    format!("{section_url}{slug}/")
}

/// A section's `permalink:` pattern, checked: where its pages are published instead of
/// `/section/slug/`. `/:year/:month/:day/:slug/` is a folder per page; `/:slug.html` a
/// file per page, as Jekyll sites often had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permalink {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Token(Token),
}

/// What a permalink pattern can say of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// The page's date: `2024`, `03`, `07`.
    Year,
    Month,
    Day,
    /// Its `slug:`, else its file name without a leading date.
    Slug,
    /// Its section's path: `news`, `news/press`.
    Section,
    /// Its title, made URL-safe.
    Title,
}

impl Token {
    const NAMED: [(&'static str, Token); 6] = [
        ("year", Token::Year),
        ("month", Token::Month),
        ("day", Token::Day),
        ("slug", Token::Slug),
        ("section", Token::Section),
        ("title", Token::Title),
    ];

    pub fn is_date(self) -> bool {
        matches!(self, Token::Year | Token::Month | Token::Day)
    }
}

/// Why a permalink pattern was refused, and where in it (a byte offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermalinkError {
    pub at: usize,
    pub message: String,
    pub hint: String,
}

/// The tokens a permalink takes, for hints.
pub const PERMALINK_TOKENS: &str = "`:year`, `:month`, `:day`, `:slug`, `:section` and `:title`";

/// What a page gives its permalink pattern.
#[derive(Debug, Clone, Copy)]
pub struct PageFields<'a> {
    pub date: Option<jiff::civil::Date>,
    pub slug: &'a str,
    /// The page's section's URL (`/news/`).
    pub section_url: &'a str,
    pub title: &'a str,
}

impl Permalink {
    /// Reads a pattern as written in `_index.md`. A token is `:` and a run of letters
    /// and `_` (so `:slug.html` is `:slug` then `.html`).
    pub fn parse(pattern: &str) -> Result<Permalink, PermalinkError> {
        let refuse = |at: usize, message: String, hint: &str| PermalinkError {
            at,
            message,
            hint: hint.to_string(),
        };
        if !pattern.starts_with('/') {
            return Err(refuse(
                0,
                format!("the permalink `{pattern}` does not start with `/`"),
                "write it from the root of the site, e.g. `/:year/:month/:day/:slug/`",
            ));
        }
        if let Some(at) = pattern.find(|c: char| c.is_whitespace() || c == '?' || c == '#') {
            return Err(refuse(
                at,
                format!("the permalink `{pattern}` has a space, `?` or `#` in it"),
                "a permalink is a path: letters, digits, `-`, `_`, `.`, `/` and tokens",
            ));
        }
        let mut parts = Vec::new();
        let mut rest = pattern;
        let mut offset = 0;
        while let Some(i) = rest.find(':') {
            if i > 0 {
                parts.push(Part::Text(rest[..i].to_string()));
            }
            let after = &rest[i + 1..];
            let len = after
                .find(|c: char| !(c.is_ascii_alphabetic() || c == '_'))
                .unwrap_or(after.len());
            let name = &after[..len];
            match Token::NAMED.iter().find(|(n, _)| *n == name) {
                Some((_, t)) => parts.push(Part::Token(*t)),
                None => {
                    let what = if name.is_empty() {
                        "a `:` with no token name".to_string()
                    } else {
                        format!("the token `:{name}`, which daylight does not know")
                    };
                    return Err(refuse(
                        offset + i,
                        format!("the permalink `{pattern}` has {what}"),
                        &format!("a permalink's tokens are {PERMALINK_TOKENS}"),
                    ));
                }
            }
            offset += i + 1 + len;
            rest = &after[len..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string()));
        }
        let permalink = Permalink { parts };
        if !permalink.uses(|t| matches!(t, Token::Slug | Token::Title)) {
            return Err(refuse(
                0,
                format!("the permalink `{pattern}` has no `:slug` or `:title`"),
                "without one, every page of a day (or of the section) would have the same URL: add `:slug`",
            ));
        }
        if !(pattern.ends_with('/') || pattern.ends_with(".html")) {
            return Err(refuse(
                pattern.len().saturating_sub(1),
                format!("the permalink `{pattern}` ends in neither `/` nor `.html`"),
                "end it with `/` (a folder per page: /:slug/) or `.html` (a file per page: /:slug.html)",
            ));
        }
        Ok(permalink)
    }

    /// Whether a token `wanted` says yes to is in the pattern.
    pub fn uses(&self, wanted: impl Fn(Token) -> bool) -> bool {
        self.parts
            .iter()
            .any(|p| matches!(p, Part::Token(t) if wanted(*t)))
    }

    /// The page's URL. None when the pattern names the date and the page has none.
    pub fn expand(&self, page: &PageFields<'_>) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Token(t) => {
                    let date = || page.date.ok_or(());
                    match t {
                        Token::Year => out.push_str(&format!("{:04}", date().ok()?.year())),
                        Token::Month => out.push_str(&format!("{:02}", date().ok()?.month())),
                        Token::Day => out.push_str(&format!("{:02}", date().ok()?.day())),
                        Token::Slug => out.push_str(page.slug),
                        Token::Section => out.push_str(page.section_url.trim_matches('/')),
                        Token::Title => out.push_str(&slug::slugify(page.title)),
                    }
                }
            }
        }
        Some(without_empty_parts(&out))
    }
}

/// `//2024//x/` -> `/2024/x/`: an empty token (the home section's `:section`) leaves no
/// empty folder in the URL.
fn without_empty_parts(url: &str) -> String {
    let mut out = String::from("/");
    for part in url.split('/').filter(|p| !p.is_empty()) {
        out.push_str(part);
        out.push('/');
    }
    if !url.ends_with('/') && out.len() > 1 {
        out.pop();
    }
    out
}

/// A file name's slug without the date Jekyll and Zola put before it:
/// `2015-07-08-moving-in` -> `moving-in`. Kept whole when nothing would be left.
pub fn slug_without_date(slug: &str) -> &str {
    strip_date_prefix(slug).map_or(slug, |(_, rest)| rest)
}

/// `2015-07-08-title` -> (`2015-07-08`, `title`); None when the name does not start
/// with a date and a dash, or nothing follows them.
pub fn strip_date_prefix(stem: &str) -> Option<(&str, &str)> {
    let b = stem.as_bytes();
    let is_date = b.len() > 11
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && b[10] == b'-';
    is_date.then(|| (&stem[..10], &stem[11..]))
}

/// Where the files beside a source are published: a bundle's own page (the folder its
/// file is in, for a page written as a file: `/x.html`), else the folder the source
/// sits in.
pub fn files_beside(source_folder: &str, bundle_url: Option<&str>) -> String {
    match bundle_url {
        Some(url) => url[..url.rfind('/').map_or(0, |i| i + 1)].to_string(),
        None if source_folder.is_empty() => HOME.to_string(),
        None => format!("/{source_folder}/"),
    }
}

/// List page `n` (from 1) of a list at `base`.
pub fn pager(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// The page listing every term of a taxonomy (`tags`, `authors`…).
pub fn taxonomy(name: &str) -> String {
    format!("/{name}/")
}

/// One term's list, by its slug.
pub fn term(taxonomy_url: &str, slug: &str) -> String {
    format!("{taxonomy_url}{slug}/")
}

/// The incident list narrowed to one severity, service or year (`kind`), under the
/// incident section at `base`.
pub fn incident_filter(base: &str, kind: &str, value: &str) -> String {
    format!("{base}{kind}/{}/", slug::slugify(value))
}

/// The actions tracker of the incident section at `base`.
pub fn incident_actions(base: &str) -> String {
    format!("{base}actions/")
}

/// The statistics page of the incident section at `base`.
pub fn incident_statistics(base: &str) -> String {
    format!("{base}statistics/")
}

/// The page saying what the open data files hold, under the incident section at `base`.
pub fn incident_open_data(base: &str) -> String {
    format!("{base}open-data/")
}

/// A service's status badge, by the service's slug.
pub fn status_badge(service_slug: &str) -> String {
    format!("{STATUS_PAGE}badges/{service_slug}.svg")
}

/// An item of a plan, on its plan page.
pub fn plan_item(plan_url: &str, anchor: &str) -> String {
    format!("{plan_url}#{anchor}")
}

/// A list's Atom feed.
pub fn atom_feed(list_url: &str) -> String {
    format!("{list_url}{ATOM_FILE}")
}

/// A list's JSON Feed.
pub fn json_feed(list_url: &str) -> String {
    format!("{list_url}{JSON_FILE}")
}

/// Part `n` (from 1) of a sitemap too large for one file.
pub fn sitemap_part(n: usize) -> String {
    format!("/sitemap-{n}.xml")
}

/// A file of the search index in `folder` (`/search/`, ending in `/`): `index.json`,
/// `manifest.json`, or a fragment (`words/3.json`, `pages/12.json`).
pub fn search_file(folder: &str, name: &str) -> String {
    format!("{folder}{name}")
}

/// An old URL kept as a redirect: the URL it answers and the file written for it. An
/// alias ending in `.html` is that file; any other is a folder with an `index.html`.
pub fn alias(alias: &str) -> (String, String) {
    if alias.ends_with(".html") {
        let file = alias.trim_start_matches('/').to_string();
        (format!("/{file}"), file)
    } else {
        let url = format!("/{}/", alias.trim_matches('/'));
        let file = file_of(&url);
        (url, file)
    }
}

/// Whether a site path names a page (`/blog/x/`, `/old.html`), not a feed, file or
/// group of machine files.
pub fn names_a_page(path: &str) -> bool {
    path.starts_with('/') && (path.ends_with('/') || path.ends_with(".html"))
}

/// A file that machines read rather than a page shows: a feed, the sitemap, open data
/// (not the search index's files, which only the search page reads).
pub fn is_read_by_machines(path: &str) -> bool {
    let in_search_folder = (path.rsplit_once('/'))
        .is_some_and(|(folder, _)| format!("{folder}/").ends_with(SEARCH_FOLDER));
    path.starts_with('/')
        && !in_search_folder
        && [".xml", ".json", ".csv"].iter().any(|e| path.ends_with(e))
}

/// The file a page URL is written to: `/blog/hello/` -> `blog/hello/index.html`; a URL
/// naming a file (`/atom.xml`) is that file.
pub fn file_of(url: &str) -> String {
    let trimmed = url.trim_matches('/');
    if trimmed.is_empty() {
        "index.html".to_string()
    } else if url.ends_with('/') {
        format!("{trimmed}/index.html")
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_files_are_feeds_sitemaps_and_open_data_not_search_files() {
        for p in [
            "/atom.xml",
            "/blog/feed.json",
            "/sitemap.xml",
            "/incidents.json",
            "/actions.csv",
        ] {
            assert!(is_read_by_machines(p), "{p}");
        }
        for p in [
            "/search/index.json",
            "/cy/search/ab.json",
            "/css/site.css",
            "/blog/",
            "/a.html",
            "incidents",
        ] {
            assert!(!is_read_by_machines(p), "{p}");
        }
    }

    #[test]
    fn a_language_puts_its_code_first() {
        assert_eq!(in_language("cy", "/2024/03/x/"), "/cy/2024/03/x/");
        assert_eq!(in_language("cy", "/search/"), "/cy/search/");
        assert_eq!(in_language("cy", "/"), "/cy/");
        assert_eq!(section("cy/blog"), "/cy/blog/");
    }

    #[test]
    fn sections_pages_and_pagers() {
        assert_eq!(section(""), "/");
        assert_eq!(section("news/Press Releases"), "/news/press-releases/");
        assert_eq!(page("/news/", "hello"), "/news/hello/");
        assert_eq!(pager("/news/", 1), "/news/");
        assert_eq!(pager("/news/", 3), "/news/page/3/");
    }

    #[test]
    fn permalinks_expand_and_refuse_what_they_cannot_say() {
        let date = jiff::civil::date(2015, 7, 8);
        let fields = PageFields {
            date: Some(date),
            slug: "moving-in",
            section_url: "/news/",
            title: "Moving in: our first week",
        };
        let url = |p: &str| Permalink::parse(p).unwrap().expand(&fields).unwrap();
        assert_eq!(url("/:year/:month/:day/:slug/"), "/2015/07/08/moving-in/");
        assert_eq!(url("/:section/:slug/"), "/news/moving-in/");
        assert_eq!(url("/:slug.html"), "/moving-in.html");
        assert_eq!(url("/:title/"), "/moving-in-our-first-week/");
        let home = PageFields {
            section_url: "/",
            date: None,
            ..fields
        };
        let p = Permalink::parse("/:section/:slug/").unwrap();
        assert_eq!(p.expand(&home).unwrap(), "/moving-in/");
        let dated = Permalink::parse("/:year/:slug/").unwrap();
        assert_eq!(dated.expand(&home), None);
        let err = Permalink::parse("/:year/:categories/:slug/").unwrap_err();
        assert_eq!(err.at, 7);
        assert!(err.message.contains("`:categories`"), "{err:?}");
        assert_eq!(Permalink::parse("blog/:slug/").unwrap_err().at, 0);
        assert_eq!(Permalink::parse("/:year/").unwrap_err().at, 0);
        assert_eq!(Permalink::parse("/:slug").unwrap_err().at, 5);
        assert_eq!(Permalink::parse("/a b/:slug/").unwrap_err().at, 2);
    }

    #[test]
    fn dated_file_names_lose_their_date() {
        assert_eq!(slug_without_date("2015-07-08-moving-in"), "moving-in");
        assert_eq!(slug_without_date("2015-07-08"), "2015-07-08");
        assert_eq!(slug_without_date("2015-07-08-"), "2015-07-08-");
        assert_eq!(slug_without_date("budget-2015"), "budget-2015");
    }

    #[test]
    fn a_bundle_written_as_a_file_has_its_files_beside_it() {
        assert_eq!(files_beside("blog", Some("/blog/x/")), "/blog/x/");
        assert_eq!(files_beside("blog", Some("/2015/x.html")), "/2015/");
        assert_eq!(files_beside("blog", None), "/blog/");
    }

    #[test]
    fn files_of_urls() {
        assert_eq!(file_of("/"), "index.html");
        assert_eq!(file_of("/blog/hello/"), "blog/hello/index.html");
        assert_eq!(file_of("/atom.xml"), "atom.xml");
        assert_eq!(file_of(NOT_FOUND), "404.html");
    }

    #[test]
    fn aliases_are_folders_unless_they_name_a_file() {
        assert_eq!(
            alias("/old/path"),
            ("/old/path/".to_string(), "old/path/index.html".to_string())
        );
        assert_eq!(
            alias("old.html"),
            ("/old.html".to_string(), "old.html".to_string())
        );
    }

    #[test]
    fn the_mount_is_the_path_of_the_base_url() {
        assert_eq!(Mount::of("https://council.example").path(), "");
        assert_eq!(Mount::of("https://council.example/").path(), "");
        assert_eq!(Mount::of("https://x.github.io/project").path(), "/project");
        assert_eq!(Mount::of("https://x.github.io/a/b/").path(), "/a/b");
        assert_eq!(Mount::of("http://127.0.0.1:1111/p").path(), "/p");
        // Nothing that could close an attribute, a CSS url() or a JSON string.
        assert_eq!(
            Mount::of("https://x.example/a'b(c)&d").path(),
            "/a%27b%28c%29%26d"
        );
        assert_eq!(
            Mount::of("https://x.example/caf%C3%A9").path(),
            "/caf%C3%A9"
        );
    }

    #[test]
    fn only_site_paths_go_under_the_mount() {
        let m = Mount::of("https://x.github.io/project");
        assert_eq!(m.href("/"), "/project/");
        assert_eq!(m.href("/blog/a/?q=1#x"), "/project/blog/a/?q=1#x");
        for kept in [
            "",
            "#x",
            "a/b/",
            "../x",
            "//cdn.example/x",
            "/\\evil",
            "https://y/",
            "mailto:a@b",
        ] {
            assert_eq!(m.href(kept), kept);
        }
        assert_eq!(Mount::default().href("/blog/"), "/blog/");
    }

    #[test]
    fn requests_are_read_back_to_site_paths() {
        let m = Mount::of("https://x.github.io/project");
        assert_eq!(m.site_path("/project/blog/"), Some("/blog/"));
        assert_eq!(m.site_path("/project"), None);
        assert_eq!(m.site_path("/project/"), Some("/"));
        assert_eq!(m.site_path("/projects/"), None);
        assert_eq!(m.site_path("/"), None);
        assert_eq!(Mount::default().site_path("/x"), Some("/x"));
    }

    #[test]
    fn incident_pages() {
        assert_eq!(
            incident_filter("/incidents/", "service", "Online payments"),
            "/incidents/service/online-payments/"
        );
        assert_eq!(incident_actions("/incidents/"), "/incidents/actions/");
        assert_eq!(
            status_badge("online-payments"),
            "/status/badges/online-payments.svg"
        );
        assert_eq!(atom_feed("/blog/"), "/blog/atom.xml");
    }
}
