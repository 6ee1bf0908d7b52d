//! `daylight import`: real layouts of Jekyll, Hugo, Eleventy and cState sites (under
//! tests/fixtures/import/) imported, then built. Every page is published, every old URL
//! answers (the page or a redirect), template code is left only where the report says,
//! and the source is never written to.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::harness::{Run, copy_dir, repo, run_bin};

const NOW: &str = "2026-06-01T12:00:00Z";

/// A fixture copied to a temporary SRC, and a place for OUT beside it.
struct Import {
    dir: tempfile::TempDir,
}

impl Import {
    fn of(fixture: &str) -> Import {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(
            &repo().join("tests/fixtures/import").join(fixture),
            &dir.path().join("src"),
        );
        Import { dir }
    }

    fn src(&self) -> PathBuf {
        self.dir.path().join("src")
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    fn run(&self, from: &str) -> Run {
        run_bin([
            "import".as_ref(),
            from.as_ref(),
            self.src().as_os_str(),
            self.out().as_os_str(),
        ])
    }

    fn build(&self) -> Run {
        run_bin([
            "build".as_ref(),
            "--root".as_ref(),
            self.out().as_os_str(),
            "--now".as_ref(),
            NOW.as_ref(),
        ])
    }

    fn read(&self, rel: &str) -> String {
        let p = self.out().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    /// Whether the built site answers `url`: a page (`/a/` -> `a/index.html`) or a file.
    fn answers(&self, url: &str) -> bool {
        let public = self.out().join("public");
        let rel = url.trim_start_matches('/');
        if url.ends_with('/') {
            public.join(rel).join("index.html").is_file()
        } else {
            public.join(rel).is_file() || public.join(rel).join("index.html").is_file()
        }
    }

    /// Imports, checks the source was not touched, builds; the report.
    #[track_caller]
    fn import_and_build(&self, from: &str) -> String {
        let before = snapshot(&self.src());
        let run = self.run(from);
        run.assert_ok();
        assert!(run.stderr.contains("imported "), "{}", run.stderr);
        assert_eq!(snapshot(&self.src()), before, "import wrote inside SRC");
        self.build().assert_ok();
        self.read("IMPORT-REPORT.md")
    }

    #[track_caller]
    fn assert_pages(&self, pages: &[(&str, &str)]) {
        for (url, title) in pages {
            assert!(self.answers(url), "no page at {url}");
            let html = self.read(&format!("public{url}index.html"));
            assert!(html.contains(title), "{url} does not show {title:?}");
        }
    }

    #[track_caller]
    fn assert_old_urls(&self, urls: &[&str]) {
        let missing: Vec<&&str> = urls.iter().filter(|u| !self.answers(u)).collect();
        assert!(
            missing.is_empty(),
            "old URLs that no longer answer: {missing:?}"
        );
    }

    /// Template code left in content/ is exactly what the report lists, line for line,
    /// and what the built pages show of it is among what the report names.
    #[track_caller]
    fn assert_report_lists_exactly_what_was_left(&self, report: &str) {
        self.assert_content_left_is_what_the_report_lists(report);
        self.assert_pages_show_only_what_the_report_lists(report);
    }

    #[track_caller]
    fn assert_content_left_is_what_the_report_lists(&self, report: &str) {
        // Nothing is left outside code: daylight would refuse it.
        let outside = template_code_in_content(&self.out());
        assert!(
            outside.is_empty(),
            "template code outside code in content/: {outside:?}\n{report}"
        );
        // Each place the report names holds the template code, kept as code.
        let listed = left_per_report(report);
        assert!(
            !listed.is_empty(),
            "the fixture leaves something for a person"
        );
        for place in &listed {
            let (file, line) = place.rsplit_once(':').unwrap();
            let text = std::fs::read_to_string(self.out().join(file)).unwrap();
            let line: usize = line.parse().unwrap();
            let shown = text.lines().nth(line - 1).unwrap_or_default();
            // In backticks, or in raw HTML a `<code>` element (backticks are not code
            // there).
            assert!(
                ["`{{", "`{%", "` {{", "` {%", "<code>{{", "<code>{%"]
                    .iter()
                    .any(|t| shown.contains(t)),
                "{place} does not hold the template code the report names: {shown:?}\n{report}"
            );
        }
    }

    #[track_caller]
    fn assert_pages_show_only_what_the_report_lists(&self, report: &str) {
        let named = tags_named_in(report);
        for (file, tag) in template_code_in_html(&self.out().join("public")) {
            assert!(
                named.contains(&tag),
                "{file} shows template code `{tag}` that the report does not list: {named:?}"
            );
        }
        assert!(
            !self.out().join("public/IMPORT-REPORT.md").exists(),
            "the report was published"
        );
    }
}

/// Every file under `dir` with its bytes and modification time.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>, std::time::SystemTime)> {
    let mut out: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let modified = e.metadata().unwrap().modified().unwrap();
            let bytes = if e.file_type().is_file() {
                std::fs::read(e.path()).unwrap()
            } else {
                Vec::new()
            };
            (rel, bytes, modified)
        })
        .collect();
    out.sort();
    out
}

/// Whether the text after a `{{` or `{%` is a call of a daylight shortcode (`figure(`,
/// `callout(`) or a block's `end`: what the import converts to, not template code left.
fn is_daylight_shortcode(after: &str) -> bool {
    let t = after.trim_start();
    let name_end = t
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(t.len());
    (name_end > 0 && t[name_end..].starts_with('(')) || t.starts_with("end %}")
}

/// `content/x.md:line` for each `{{` or `{%` in a Markdown body outside code (fenced,
/// indented, in backticks or in a raw `<code>` element on the line), once per occurrence.
fn template_code_in_content(out: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(out.join("content"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let mut dashes = 0;
        let mut fence: Option<&str> = None;
        for (i, line) in text.lines().enumerate() {
            if dashes < 2 {
                dashes += usize::from(line == "---");
                continue;
            }
            let t = line.trim_start();
            if let Some(f) = fence {
                if t.starts_with(f) {
                    fence = None;
                }
                continue;
            }
            if t.starts_with("```") || t.starts_with("~~~") {
                fence = Some(&t[..3]);
                continue;
            }
            if line.starts_with("    ") {
                continue;
            }
            let mut no_html_code = String::new();
            let mut rest = line;
            while let Some(i) = rest.find("<code>") {
                no_html_code.push_str(&rest[..i]);
                rest = rest[i..].find("</code>").map_or("", |j| &rest[i + j + 7..]);
            }
            no_html_code.push_str(rest);
            let outside: String = no_html_code
                .split('`')
                .step_by(2)
                .collect::<Vec<_>>()
                .join(" ");
            let n = ["{{", "{%"]
                .iter()
                .flat_map(|open| outside.match_indices(open))
                .filter(|(at, _)| !is_daylight_shortcode(&outside[at + 2..]))
                .count();
            for _ in 0..n {
                found.push(format!("{rel}:{}", i + 1));
            }
        }
    }
    found.sort();
    found
}

/// The `(now `content/x.md:N`)` places of the report's "Needs a person" notes.
fn left_per_report(report: &str) -> Vec<String> {
    let person = report.split("## Mapped").next().unwrap();
    let mut out: Vec<String> = person
        .lines()
        .filter_map(|l| {
            let start = l.find("(now `")? + "(now `".len();
            let end = l[start..].find('`')?;
            Some(l[start..start + end].to_string())
        })
        .collect();
    out.sort();
    out
}

/// Template code as a reader sees it: entities decoded, quotes straight, spaces single.
fn normalize(tag: &str) -> String {
    let decoded = tag
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
        // As JSON in a page's JSON-LD.
        .replace("\\u003c", "<")
        .replace("\\u003e", ">")
        .replace("\\u0026", "&")
        .replace("\\\"", "\"")
        .replace(['\u{201c}', '\u{201d}'], "\"")
        .replace(['\u{2018}', '\u{2019}'], "'");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Each `{{ … }}`/`{% … %}` named in backticks in the report's "Needs a person" part.
fn tags_named_in(report: &str) -> BTreeSet<String> {
    let person = report.split("## Mapped").next().unwrap();
    person
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| s.starts_with("{{") || s.starts_with("{%"))
        .map(normalize)
        .collect()
}

/// Template code shown in built HTML outside `<pre>` and `<code>`: (file, tag).
fn template_code_in_html(public: &Path) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(public)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let mut text = String::new();
        let mut rest = html.as_str();
        loop {
            let next = ["<pre", "<code"]
                .iter()
                .filter_map(|t| rest.find(t).map(|i| (i, *t)))
                .min();
            let Some((i, open)) = next else {
                text.push_str(rest);
                break;
            };
            text.push_str(&rest[..i]);
            let close = if open == "<pre" { "</pre>" } else { "</code>" };
            rest = rest[i..]
                .find(close)
                .map_or("", |j| &rest[i + j + close.len()..]);
        }
        let text = normalize(&text);
        let file = entry
            .path()
            .strip_prefix(public)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        for (open, close) in [("{{", "}}"), ("{%", "%}")] {
            let mut from = 0;
            while let Some(i) = text[from..].find(open) {
                let at = from + i;
                let end = text[at..]
                    .find(close)
                    .map_or(text.len(), |j| at + j + close.len());
                found.push((file.clone(), text[at..end].to_string()));
                from = at + open.len();
            }
        }
    }
    found
}

#[test]
fn a_jekyll_site_imports_and_builds_with_every_old_url_answering() {
    let site = Import::of("jekyll");
    let report = site.import_and_build("jekyll");
    site.assert_pages(&[
        ("/blog/2015-07-08-moving-in/", "Moving in: our first week"),
        ("/blog/2016-03-23-budget-day/", "Budget day"),
        (
            "/blog/2017-01-05-bin-collections/",
            "Bin collections over the holidays",
        ),
        // The collection's `permalink: /weeknotes/:title/` is the section's permalink.
        ("/weeknotes/week-2/", "Weeknote, week 2"),
        ("/about/", "About"),
        ("/contact/", "Contact"),
    ]);
    // Jekyll's URLs, worked out by hand from its rules: the default `date` style with
    // categories, a front matter permalink, a collection's permalink, a page's .html.
    site.assert_old_urls(&[
        "/news/2015/07/08/moving-in.html",
        "/old-moving-in/",
        "/council tax/news/2016/03/23/budget-day.html",
        "/bins-2017/",
        "/weeknotes/week-2/",
        "/about/",
        "/contact.html",
        "/",
        "/assets/img/team.png",
        "/CNAME",
    ]);
    assert!(
        site.read("content/weeknotes/_index.md")
            .contains("permalink: \"/:section/:slug/\"\n")
    );
    // The posts' old URLs have no pattern in common (categories, a page's own
    // permalink): no permalink, and each keeps its old URL as an alias.
    assert!(!site.read("content/blog/_index.md").contains("permalink"));
    let post = site.read("content/blog/2015-07-08-moving-in.md");
    for expected in [
        "date: 2015-07-08\n",
        "updated: 2015-07-10\n",
        "summary: We moved the team into the town hall annexe.\n",
        "tags:\n  - news\n  - agile\n  - digital\n",
        "authors:\n  - jo\n",
        "[budget day](2016-03-23-budget-day.md)",
        "[our about page](../about.md)",
        "[contact page](/contact.html)",
        "```ruby\nputs \"hello from jekyll\"\n```",
        "```liquid\n{{ page.title }}\n```",
    ] {
        assert!(post.contains(expected), "{expected:?} not in\n{post}");
    }
    let budget = site.read("content/blog/2016-03-23-budget-day.md");
    assert!(
        budget.contains("tags:\n  - Council Tax\n  - news\n  - budget\n  - Agile\n"),
        "{budget}"
    );
    assert!(
        budget.contains("<!--Draft notes - - remove before publishing-->"),
        "{budget}"
    );
    assert!(
        site.read("content/blog/2017-01-05-bin-collections.md")
            .contains("  - news\n")
    );
    let yaml = site.read("site.yaml");
    assert!(
        yaml.contains("base_url: \"https://blog.northbridge.example\""),
        "{yaml}"
    );
    assert!(
        yaml.contains("  jo:\n    name: Jo Bloggs\n    bio: Head of Digital at Northbridge.\n"),
        "{yaml}"
    );
    assert!(site.read("data/services.yml").contains("Bin collections"));
    assert!(
        !site.out().join("static/notes.txt").exists(),
        "an excluded file was copied"
    );
    assert!(
        !site.out().join("static/Gemfile").exists(),
        "Gemfile was copied"
    );
    assert!(
        !site.out().join("public/blog/new-idea/index.html").exists(),
        "a draft was published"
    );
    // A theme's figure include with its alt text becomes daylight's figure.
    let moving_in = site.read("content/blog/2015-07-08-moving-in.md");
    assert!(
        moving_in.contains("{{ figure(src=\"/assets/img/team.png\", alt=\"Six people at desks in the annexe\", caption=\"Our new desks\") }}"),
        "{moving_in}"
    );
    assert!(
        report.contains("`_posts/2015-07-08-moving-in.md:17`: `{% include figure.html image=\"/assets/img/team.png\" alt=\"Six people at desks in the annexe\" caption=\"Our new desks\" %}` became `{{ figure("),
        "{report}"
    );
    for needs_a_person in [
        "`_posts/2015-07-08-moving-in.md:15` (now `content/blog/2015-07-08-moving-in.md:22`): a Liquid tag `{% include figure.html image=\"/assets/img/team.png\" caption=\"The team\" %}` left in place: it has no alt text",
        "`blog/index.html:1`: a page made from a layout",
        "`feed.xml:1`: a file Jekyll made with Liquid",
        "`assets/main.scss:1`: Sass",
        "`about.md:2`: `layout` left out",
        "`_drafts/new-idea.md:1`: no date",
    ] {
        assert!(
            report.contains(needs_a_person),
            "{needs_a_person:?} not in\n{report}"
        );
    }
    site.assert_report_lists_exactly_what_was_left(&report);
}

#[test]
fn a_hugo_site_with_toml_and_json_front_matter_and_shortcodes_imports_and_builds() {
    let site = Import::of("hugo");
    let report = site.import_and_build("hugo");
    site.assert_pages(&[
        // `[permalinks] posts` is the section's permalink: the old URLs are the pages'.
        ("/2019/05/first-post/", "First post"),
        ("/2020/01/the-second/", "Second post"),
        ("/about/", "About us"),
        ("/posts/", "Posts"),
    ]);
    // Hugo's URLs: `[permalinks] posts = "/:year/:month/:slug/"` (the slug, else the
    // title made URL-safe), `url:`, and the page's own aliases, one of them relative.
    site.assert_old_urls(&[
        "/2019/05/first-post/",
        "/2020/01/the-second/",
        "/old/second/",
        "/2020/01/second-old/",
        "/about-us/",
        "/posts/",
        "/",
        // Hugo publishes a bundle's files at its page's permalink.
        "/2020/01/the-second/chart.png",
        "/css/extra.css",
        "/favicon.ico",
    ]);
    let first = site.read("content/posts/first.md");
    for expected in [
        "date: \"2019-05-01T10:00:00-04:00\"\n",
        "updated: \"2019-05-03T09:00:00-04:00\"\n",
        "tags:\n  - open data\n  - Agile\n  - News\n",
        "[the second one](second/index.md)",
        "[about us](../about.md)",
        "<a href=\"/2020/01/the-second/\">",
        // Hugo's :slug is the title when the page has no slug.
        "slug: first-post\n",
        "```go\nfmt.Println(\"hi\")\n```",
        "```go-html-template\n{{< figure src=\"x.png\" >}}\n```",
        "extra:\n  toc: true\n",
    ] {
        assert!(first.contains(expected), "{expected:?} not in\n{first}");
    }
    let posts = site.read("content/posts/_index.md");
    assert!(
        posts.contains("permalink: \"/:year/:month/:slug/\"\n"),
        "{posts}"
    );
    assert!(!first.contains("aliases"), "{first}");
    assert!(report.contains(
        "`permalink: /:year/:month/:slug/` written in `content/posts/_index.md`: the old URL is the page's own for 2 of 2 pages there"
    ), "{report}");
    let second = site.read("content/posts/second/index.md");
    assert!(second.contains("expires: 2030-01-01\n"), "{second}");
    assert!(
        report.contains("`content/posts/second/index.md:5`: `expiryDate` became `expires`"),
        "{report}"
    );
    assert!(
        second.starts_with("---\ntitle: Second post\ndate: 2020-01-15\n"),
        "{second}"
    );
    assert!(
        second.contains("[the first](../first.md#intro)"),
        "{second}"
    );
    assert!(
        site.read("content/_index.md")
            .contains("[our first post](posts/first.md)")
    );
    assert!(site.read("site.yaml").contains("timezone: UTC\n"));
    for needs_a_person in [
        "`content/about.md:4`: `type` left out",
        "`content/about.md:5`: `menu` left out",
        "a Hugo shortcode `{{< note >}}` left in place",
        "`layouts/` is not carried over",
    ] {
        assert!(
            report.contains(needs_a_person),
            "{needs_a_person:?} not in\n{report}"
        );
    }
    // Hugo's figure, youtube, details and a theme's notice become daylight's, and are
    // listed as mapped; what is inside a block is converted as the rest of the page is.
    for (converted, mapped) in [
        (
            "{{ figure(src=\"chart.png\", alt=\"A chart\", caption=\"Calls per day\") }}",
            "`content/posts/first.md:17`: `{{< figure src=\"chart.png\" alt=\"A chart\" caption=\"Calls per day\" >}}` became `{{ figure(",
        ),
        (
            "[Watch the video on YouTube](https://www.youtube.com/watch?v=w7Ft2ymGmfc)",
            "`content/posts/first.md:29`: `{{< youtube w7Ft2ymGmfc >}}` became `[Watch the video on YouTube]",
        ),
        (
            "{% details(summary=\"How we count calls\") %}\nEach call once, as [the second post](second/index.md) says.\n{% end %}",
            "`content/posts/first.md:31`: `{{< details summary=\"How we count calls\" >}}` … `{{< /details >}}` became",
        ),
        (
            "{% callout(kind=\"warning\", title=\"Before you start\") %}\nBack up **first**.\n{% end %}",
            "`content/posts/first.md:35`: `{{% notice warning \"Before you start\" %}}` … `{{% /notice %}}` became",
        ),
    ] {
        assert!(first.contains(converted), "{converted:?} not in\n{first}");
        assert!(report.contains(mapped), "{mapped:?} not in\n{report}");
    }
    let page = site.read("public/2019/05/first-post/index.html");
    for built in [
        "<figure class=\"figure\">",
        "<details class=\"details\">\n<summary>How we count calls</summary>",
        "<aside class=\"callout callout-warning\" role=\"note\">",
    ] {
        assert!(page.contains(built), "{built:?} not in\n{page}");
    }
    assert!(report.contains("`content/posts/first.md:1`: TOML front matter written as YAML"));
    assert!(
        report.contains("`content/posts/second/index.md:1`: JSON front matter written as YAML")
    );
    site.assert_report_lists_exactly_what_was_left(&report);
}

#[test]
fn an_eleventy_site_with_liquid_and_permalinks_imports_and_builds() {
    let site = Import::of("eleventy");
    let report = site.import_and_build("eleventy");
    site.assert_pages(&[
        ("/posts/2020-05-01-first-post/", "First post"),
        ("/posts/second-post/", "Second post: moving house"),
        ("/about/", "About these notes"),
    ]);
    // Eleventy's URLs: the folder path by default, `permalink:` with `page.fileSlug`,
    // and a permalink naming its index.html.
    site.assert_old_urls(&[
        "/posts/2020-05-01-first-post/",
        "/blog/second-post/",
        "/about-us/",
        "/img/chart.png",
        "/css/site.css",
    ]);
    assert!(
        !site.answers("/posts/draft-thing/"),
        "`permalink: false` was published"
    );
    assert!(
        !site.out().join("static/notes.txt").exists(),
        "a file Eleventy did not copy was copied"
    );
    let about = site.read("content/about.md");
    assert!(
        about.contains("[first one](/posts/2020-05-01-first-post/)"),
        "{about}"
    );
    let first = site.read("content/posts/2020-05-01-first-post.md");
    assert!(first.contains("date: 2020-05-01\n"), "{first}");
    assert!(
        first.contains("tags:\n  - open data\n  - posts\n"),
        "{first}"
    );
    let yaml = site.read("site.yaml");
    assert!(
        yaml.contains("title: Northbridge Notes\n") && yaml.contains("timezone: UTC\n"),
        "{yaml}"
    );
    for needs_a_person in [
        "a template expression `{{ page.url }}` left in place",
        "`src/index.njk`: a template in a language daylight does not read",
        "`src/about.md:5`: `eleventyNavigation` left out",
        "`src/posts/draft-thing.md:4`: `permalink: false`",
        "1 `addPassthroughCopy` calls use globs",
        "template code `{{ kept as text }}` inside `{% raw %}`",
    ] {
        assert!(
            report.contains(needs_a_person),
            "{needs_a_person:?} not in\n{report}"
        );
    }
    site.assert_report_lists_exactly_what_was_left(&report);
}

#[test]
fn a_cstate_status_page_imports_as_incidents_whose_reviews_are_to_follow() {
    let site = Import::of("cstate");
    let before = snapshot(&site.src());
    site.run("cstate").assert_ok();
    assert_eq!(snapshot(&site.src()), before, "import wrote inside SRC");
    let incident = site.read("content/issues/2024-03-12-payments-down.md");
    assert!(
        incident.starts_with("---\ntitle: Online payments unavailable\ndate: \"2024-03-12 09:14:00\"\nstatus: resolved\nseverity: down\nstarted: \"2024-03-12 09:14:00\"\nresolved: \"2024-03-12 11:05:00\"\nservices:\n  - Payments\nupdates:\n  - at: \"2024-03-12 09:20:00\"\n    status: investigating\n    text: We are looking into failed card payments.\n  - at: \"2024-03-12 11:05:00\"\n    status: resolved\n    text: Payments are working again.\nreview: pending\n---\n"),
        "{incident}"
    );
    let notice = site.read("content/issues/2024-07-20-new-status-page.md");
    assert!(
        notice.starts_with(
            "---\ntitle: Our new status page\ndate: \"2024-07-20 10:00:00\"\ntype: notice\n---\n"
        ),
        "{notice}"
    );
    assert!(
        site.read("site.yaml")
            .contains("severities:\n  - id: down\n    name: Down\n    description: The service is unavailable.\n    meaning: critical\n")
    );
    let report = site.read("IMPORT-REPORT.md");
    assert!(
        report.contains("`content/issues/2024-03-12-payments-down.md:4`: cState reports carry no review, so this one says `review: pending`"),
        "{report}"
    );
    // The report says the review is still to come, and the site says so: it builds as
    // imported, with nothing made up to get past a rule.
    let run = site.build();
    run.assert_ok();
    let problems: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .collect();
    assert_eq!(problems, Vec::<&str>::new(), "{}", run.stderr);
    site.assert_content_left_is_what_the_report_lists(&report);
    // A figure with its alt text is daylight's; one without is left for a person.
    let api = site.read("content/issues/2024-09-02-api-errors.md");
    assert!(
        api.contains("{{ figure(src=\"/logo.png\", alt=\"Error rate over the morning\") }}"),
        "{api}"
    );
    assert!(report.contains("`{{< figure src=\"/logo.png\" caption=\"Requests per second\" >}}` left in place: it has no alt text"), "{report}");
    let page = site.read("public/issues/2024-03-12-payments-down/index.html");
    assert!(page.contains("Review to follow"), "{page}");
    assert!(
        page.contains(
            "<dt>Severity</dt>\n        <dd><span class=\"badge badge--sev badge--sev-critical\">Down</span>"
        ),
        "{page}"
    );
    assert_eq!(
        site.read("public/actions.csv").lines().count(),
        1,
        "no invented actions"
    );
    site.assert_pages(&[
        (
            "/issues/2024-03-12-payments-down/",
            "Online payments unavailable",
        ),
        ("/issues/2024-06-01-website-slow/", "The website is slow"),
        ("/issues/2024-07-20-new-status-page/", "Our new status page"),
        ("/issues/2024-09-02-api-errors/", "API returning errors"),
    ]);
    // cState's URL for an issue is its file name under /issues/, as daylight's is.
    site.assert_old_urls(&[
        "/issues/2024-03-12-payments-down/",
        "/issues/2024-06-01-website-slow/",
        "/issues/2024-07-20-new-status-page/",
        "/issues/2024-09-02-api-errors/",
        "/logo.png",
    ]);
    // Each paragraph cState ends with `{{< track "…" >}}` is an update (above), its
    // label (`*Resolved* -`) its status, oldest first; the body keeps only the rest.
    assert!(
        report.contains("`content/issues/2024-03-12-payments-down.md:13`: the paragraph ending in `{{< track \"2024-03-12 11:05:00\" >}}` became an update under `updates:`, `status: resolved`"),
        "{report}"
    );
    // Not resolved: the newest update's label is where things stand.
    let slow = site.read("content/issues/2024-06-01-website-slow.md");
    assert!(slow.contains("status: monitoring\n"), "{slow}");
    // `**Update**:` says no status; links keep their address; prose stays in the body.
    let api = site.read("content/issues/2024-09-02-api-errors.md");
    assert!(
        api.contains("  - at: \"2024-09-02 09:20:00\"\n    status: identified\n    text: \"The change has been rolled back, see the change log (https://status.northbridge.example/changes/) for details.\"\n  - at: \"2024-09-02 10:15:00\"\n    text: Error rates are back to normal and we are watching them.\n"),
        "{api}"
    );
    assert!(
        api.contains("## What happened\n") && !api.contains("{{< track"),
        "{api}"
    );
    let page = site.read("public/issues/2024-03-12-payments-down/index.html");
    let timeline = &page[page
        .find("<ol class=\"timeline\" reversed>")
        .expect("a timeline")..];
    assert!(
        timeline.find("Payments are working again.")
            < timeline.find("We are looking into failed card payments."),
        "newest first"
    );
    let feed = site.read("public/status/atom.xml");
    let feed = feed_rs::parser::parse(feed.as_bytes()).expect("a valid Atom feed");
    assert_eq!(
        feed.entries
            .iter()
            .filter(|e| e.id.contains("#update-"))
            .count(),
        6,
        "every update is in the status feed"
    );
    assert!(
        report.contains("`content/issues/2024-07-20-new-status-page.md:5`: `pin: true` left out")
    );
    site.assert_pages_show_only_what_the_report_lists(&report);
}

#[test]
fn import_refuses_a_non_empty_out_and_an_out_inside_src_and_writes_nothing() {
    let site = Import::of("jekyll");
    std::fs::create_dir_all(site.out()).unwrap();
    std::fs::write(site.out().join("keep.txt"), "mine").unwrap();
    let before_src = snapshot(&site.src());
    let before_out = snapshot(&site.out());
    let run = site.run("jekyll");
    run.assert_failed();
    assert!(
        run.stderr.contains(
            "error: this folder is not empty, and import writes only into a new or empty folder"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("give a new folder name"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&site.out()), before_out);
    let inside = site.src().join("converted");
    let run = run_bin([
        "import".as_ref(),
        "jekyll".as_ref(),
        site.src().as_os_str(),
        inside.as_os_str(),
    ]);
    run.assert_failed();
    assert!(
        run.stderr
            .contains("this folder is inside the site being imported"),
        "{}",
        run.stderr
    );
    assert_eq!(
        snapshot(&site.src()),
        before_src,
        "a refused import wrote inside SRC"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("daylight-import"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // An empty OUT is fine.
    std::fs::remove_file(site.out().join("keep.txt")).unwrap();
    site.run("jekyll").assert_ok();
    assert!(site.out().join("site.yaml").is_file());
}

#[test]
fn a_jekyll_authors_collection_becomes_site_authors_and_a_folder_at_daylights_url_moves_aside() {
    let site = Import::of("jekyll");
    let report = site.import_and_build("jekyll");
    let yaml = site.read("site.yaml");
    assert!(
        yaml.contains("  priya:\n    name: Priya Shah\n    role: Service designer\n    bio: Priya designs the council's online services with the people who use them.\n"),
        "{yaml}"
    );
    assert!(
        !site.out().join("content/authors").exists(),
        "the authors collection was imported as pages at daylight's /authors/"
    );
    for line in [
        "- `_authors/priya.md`: the author `priya` carried over to `authors:` in site.yaml (site.yaml has name, role, bio and url; not carried over: city)\n",
        "- `_authors/priya.md`: the old URL `/author/priya/` redirects to `/authors/priya-shah/`, daylight's page for this author (it exists once they have a post): `aliases:` in site.yaml\n",
        "- `the site`: `content/services/` would be at `/services/`, which daylight publishes itself (its list of services): it is `content/old-services/` instead, at `/old-services/`; the pages' old URLs are kept as aliases where they can be; rename it if you like\n",
        "- `services/bins.md`: old URL `/services/bins.html` kept as an alias (daylight's URL is `/old-services/bins/`)\n",
    ] {
        assert!(report.contains(line), "{line:?} not in\n{report}");
    }
    // Priya's post is listed on daylight's page for her, named as site.yaml names her,
    // and her old page sends readers there.
    let priya = site.read("public/authors/priya-shah/index.html");
    assert!(priya.contains("Team Away Day"), "{priya}");
    assert!(
        yaml.contains("    aliases:\n      - /author/priya/\n"),
        "{yaml}"
    );
    site.assert_old_urls(&["/author/priya/"]);
    let moved = site.read("public/author/priya/index.html");
    assert!(
        moved.contains("url=https://") && moved.contains("/authors/priya-shah/\""),
        "{moved}"
    );
    site.assert_pages(&[
        ("/old-services/", "Our services"),
        ("/old-services/bins/", "Bin collection dates"),
    ]);
    // No incident names a service, so daylight has no /services/ page of its own either.
    assert!(!site.out().join("public/services/index.html").exists());
    site.assert_old_urls(&["/services/bins.html"]);
}

#[test]
fn a_jekyll_post_without_a_title_is_titled_from_its_slug_as_jekyll_did() {
    let site = Import::of("jekyll");
    let report = site.import_and_build("jekyll");
    let post = site.read("content/blog/2018-02-14-team-away-day.md");
    assert!(post.starts_with("---\ntitle: Team Away Day\n"), "{post}");
    assert!(
        report.contains("- `_posts/2018-02-14-team-away-day.md:1`: no `title`: \"Team Away Day\", made from the file name as Jekyll made it\n"),
        "{report}"
    );
    site.assert_pages(&[("/blog/2018-02-14-team-away-day/", "<h1>Team Away Day</h1>")]);
}

#[test]
fn template_code_in_raw_html_is_kept_in_html_code_and_values_the_old_site_knew_are_filled_in() {
    let site = Import::of("jekyll");
    let report = site.import_and_build("jekyll");
    let post = site.read("content/blog/2018-02-14-team-away-day.md");
    // In an HTML block backticks are not code: a raw <code> element is.
    assert!(
        post.contains("<p class=\"byline\">\n  by <code>{% author priya %}</code>\n</p>"),
        "{post}"
    );
    assert!(
        post.contains("  <h3>Team Away Day</h3>\n  <p>Questions? Write to digital@northbridge.example or see Northbridge Digital Blog.</p>"),
        "{post}"
    );
    for line in [
        "- `_posts/2018-02-14-team-away-day.md:8` (now `content/blog/2018-02-14-team-away-day.md:14`): a Liquid tag `{% author priya %}` left in place: daylight has no equivalent; rewrite it in Markdown, HTML or one of daylight's shortcodes (docs/content.md)\n",
        "- `_posts/2018-02-14-team-away-day.md:12`: `{{ page.title }}` became `Team Away Day` (the page's title)\n",
        "- `_posts/2018-02-14-team-away-day.md:13`: `{{ site.email }}` became `digital@northbridge.example` (from `_config.yml`)\n",
        "- `_posts/2018-02-14-team-away-day.md:13`: `{{ site.title }}` became `Northbridge Digital Blog` (from `_config.yml`)\n",
    ] {
        assert!(report.contains(line), "{line:?} not in\n{report}");
    }
    assert!(
        !report.contains("check will fail"),
        "nothing here fails check\n{report}"
    );
    let html = site.read("public/blog/2018-02-14-team-away-day/index.html");
    assert!(
        html.contains("by <code>{% author priya %}</code>"),
        "{html}"
    );
    assert!(
        html.contains("Write to digital@northbridge.example"),
        "{html}"
    );
    site.assert_report_lists_exactly_what_was_left(&report);

    // Eleventy: `site.email` from `_data/site.json`, in an attribute and in text.
    let site = Import::of("eleventy");
    let report = site.import_and_build("eleventy");
    assert!(
        site.read("content/about.md")
            .contains("<a href=\"mailto:notes@northbridge.example\">notes@northbridge.example</a>"),
        "{}",
        site.read("content/about.md")
    );
    assert!(
        report.contains("- `src/about.md:11` (2 times): `{{ site.email }}` became `notes@northbridge.example` (from `src/_data/site.json`)\n"),
        "{report}"
    );
}

#[test]
fn template_code_in_an_html_attribute_is_left_and_said_to_fail_check_at_its_line() {
    let site = Import::of("jekyll");
    std::fs::write(
        site.src().join("_posts/2018-03-01-open-day.md"),
        "---\ntitle: Open day\n---\nCome along.\n\n<p class=\"more\">\n  <a href=\"{{ page.url }}#map\">Map</a>\n</p>\n",
    )
    .unwrap();
    site.run("jekyll").assert_ok();
    let report = site.read("IMPORT-REPORT.md");
    for line in [
        "`daylight check` (and `build`) will fail at this place until the template code left there, where it cannot be code, is rewritten:\n\n- `_posts/2018-03-01-open-day.md:7` (now `content/blog/2018-03-01-open-day.md:12`)\n",
        "- `_posts/2018-03-01-open-day.md:7` (now `content/blog/2018-03-01-open-day.md:12`): a template expression `{{ page.url }}` left in place: daylight does not run templates in content; write its result out; it is inside an HTML tag or a link's address, where it cannot be code: check will fail here\n",
    ] {
        assert!(report.contains(line), "{line:?} not in\n{report}");
    }
    let post = site.read("content/blog/2018-03-01-open-day.md");
    assert_eq!(
        post.lines().nth(11),
        Some("  <a href=\"{{ page.url }}#map\">Map</a>"),
        "{post}"
    );
    // And check fails there, as the report says.
    let run = site.build();
    run.assert_failed();
    assert!(
        run.stderr.contains(
            "content/blog/2018-03-01-open-day.md:12:12: error: a Liquid output `{{ page.url }}`"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_markdown_description_becomes_plain_text_in_site_yaml() {
    let site = Import::of("cstate");
    site.run("cstate").assert_ok();
    assert!(
        site.read("site.yaml").contains("description: \"We continuously monitor the status of our services. Report a problem on our contact page (https://www.northbridge.example/contact).\"\n"),
        "{}",
        site.read("site.yaml")
    );
    let report = site.read("IMPORT-REPORT.md");
    assert!(
        report.contains("- `config.yml`: the description is written in Markdown: site.yaml has it as plain text, \"We continuously monitor the status of our services. Report a problem on our contact page (https://www.northbridge.example/contact).\", as meta descriptions and the footer show it\n"),
        "{report}"
    );
    site.build().assert_ok();
    let home = site.read("public/index.html");
    assert!(
        home.contains("<meta name=\"description\" content=\"We continuously monitor the status of our services. Report a problem on our contact page (https://www.northbridge.example/contact).\">"),
        "{home}"
    );
}

#[test]
fn an_eleventy_site_name_is_its_title_and_a_paginated_list_is_its_sections_page() {
    let site = Import::of("eleventy");
    let report = site.import_and_build("eleventy");
    assert!(
        site.read("site.yaml")
            .contains("title: Northbridge Notes\n"),
        "{}",
        site.read("site.yaml")
    );
    assert!(!report.contains("no site title"), "{report}");
    assert_eq!(
        site.read("content/posts/_index.md"),
        "---\ntitle: All our notes\nkind: post\n---\n"
    );
    assert!(
        !site.out().join("content/blog.md").exists(),
        "the list was imported as a page"
    );
    assert!(
        !site.answers("/blog/"),
        "the list was published as an empty page"
    );
    assert!(
        report.contains("- `src/blog.md:4`: a paginated list of `collections.posts`, which daylight makes itself: it is the section's page, `content/posts/_index.md`, not an empty page of its own; its first page was `/`, the home page, which daylight's home page now is: the list is at `/posts/`\n"),
        "{report}"
    );
    site.assert_pages(&[("/posts/", "All our notes")]);
}

#[test]
fn repeated_notes_are_one_line_with_their_count_and_lines() {
    let site = Import::of("jekyll");
    let report = site.import_and_build("jekyll");
    assert!(
        report.contains("- `_config.yml:40, 44` (2 times): `defaults:` set `layout` for some pages; left out: daylight picks the template from the page's kind (`template:` chooses another)\n"),
        "{report}"
    );
    assert!(
        report.contains("- `_config.yml:29`: `defaults:` set `layout` for the posts; left out:"),
        "{report}"
    );
    // Eleventy: a folder data file's `layout` is said once, against that file.
    let site = Import::of("eleventy");
    let report = site.import_and_build("eleventy");
    assert!(
        report.contains("### src/posts/posts.json\n\n- `src/posts/posts.json`: `layout` left out for every page it applies to: daylight picks the template from the page's kind (`template:` chooses another)\n"),
        "{report}"
    );
    assert_eq!(report.matches("`layout` left out").count(), 2, "{report}");
}
