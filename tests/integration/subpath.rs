//! A site published under a path (`base_url: https://example.github.io/project`): every
//! URL a build writes that leads into the site carries the path, files stay where they
//! were in public/, `serve` previews it under the path, and a site at the root of its
//! host builds exactly as before.

use std::collections::BTreeMap;
use std::path::Path;

use crate::harness::{Site, broken_internal_links, request};

const HOST: &str = "https://example.github.io";
const MOUNT: &str = "/project";

/// Every file under `public/` (relative path -> bytes).
fn outputs(site: &Site) -> BTreeMap<String, Vec<u8>> {
    let public = site.path("public");
    walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&public).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Links of every kind a page can hold, written the ways authors write them: Markdown
/// links to sources and to site paths, raw HTML with `src`, `srcset` and `style`, an
/// image, a file beside the page, and the same URLs in code, which must stay as written.
fn add_links_page(site: &Site) {
    site.page(
        "framework/links.md",
        "title: Every kind of link\ndescription: Links written every way.\n",
        concat!(
            "[The roadmap](../plan/digital-roadmap-2024-2027.md), [about](/about/), ",
            "[home](/), [the blog](/blog/), [a heading](#top) and [a file](notes.txt).\n\n",
            "![The favicon](/favicon.svg)\n\n",
            "<a href=\"/accessibility/\">raw</a> <img src=\"/favicon.svg\" alt=\"icon\" ",
            "srcset=\"/favicon.svg 1x, /favicon.svg 2x\">\n\n",
            "<div style=\"background: url('/favicon.svg')\">styled</div>\n\n",
            // Single quotes: the harness's link checker reads ` href="` in text too.
            "In code: `<a href='/not-a-link/'>` and\n\n",
            "```html\n<img src=\"/nor-this.png\">\n```\n",
        ),
    );
    site.write("content/framework/notes.txt", "Notes.\n");
    site.write(
        "static/css/extra.css",
        "@import \"/css/print.css\";\n.x { background: url(/favicon.svg); }\n.y { background: url(\"/favicon.svg\"); }\n",
    );
}

/// The example site, with the links page, published at `base_url`.
fn example_at(base_url: &str) -> Site {
    let site = Site::example();
    let yaml = std::fs::read_to_string(site.path("site.yaml")).unwrap();
    let yaml: String = yaml
        .lines()
        .map(|l| {
            if l.starts_with("base_url:") {
                format!("base_url: {base_url}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    site.write("site.yaml", &yaml);
    add_links_page(&site);
    site.build().assert_ok();
    site
}

/// Where, in `text`, a site path starts right after one of `openers` (`href="`,
/// `url(`…): those that do not lead into the mount.
fn unmounted_after(text: &str, openers: &[&str]) -> Vec<String> {
    let mut bad = Vec::new();
    for opener in openers {
        for (at, _) in text.match_indices(opener) {
            let url = &text[at + opener.len()..];
            let end = url
                .find(['"', '\'', ')', ' ', '>', '&', ','])
                .unwrap_or(url.len());
            let url = &url[..end];
            let is_site_path = url.starts_with('/') && !url.starts_with("//");
            let mounted = url == MOUNT || url.starts_with(&format!("{MOUNT}/"));
            if is_site_path && !mounted {
                bad.push(format!("{opener}{url}"));
            }
        }
    }
    bad
}

/// Every place in `text` where a URL on the site's own host leaves out the path.
fn absolute_without_mount(text: &str) -> Vec<String> {
    text.match_indices(HOST)
        .filter_map(|(at, _)| {
            let rest = &text[at + HOST.len()..];
            let ok = rest.strip_prefix(MOUNT).is_some_and(|after| {
                after.is_empty() || after.starts_with(['/', '"', '<', '\n', '\'', '\\'])
            });
            (!ok).then(|| text[at..(at + HOST.len() + 20).min(text.len())].to_string())
        })
        .collect()
}

/// The ways an attribute can start a URL: any attribute at all (`="/` is an attribute
/// value that is a site path, whatever its name), unquoted, in `srcset` after a comma,
/// and CSS in `style`.
const IN_TAGS: [&str; 12] = [
    "=\"",
    "='",
    "=",
    ", ",
    "url(",
    "url(\"",
    "url('",
    "url(&quot;",
    "url(&#39;",
    "url(&#x27;",
    "@import \"",
    "@import '",
];

/// The ways CSS can start a URL.
const IN_CSS: [&str; 5] = ["url(", "url(\"", "url('", "@import \"", "@import '"];

/// The site paths in `html` that do not lead into the mount: in every start tag's
/// attributes and in `<style>`, read here without daylight's own reader. Text is not
/// looked at (`<code>href="/x"</code>` is text), nor are comments or scripts.
fn unmounted_in_html(html: &str) -> Vec<String> {
    let mut bad = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |e| &rest[e..]);
            continue;
        }
        if !rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            rest = &rest[1..];
            continue;
        }
        // The tag, to its `>` outside quotes.
        let mut quote = None;
        let end = rest
            .char_indices()
            .find(|&(_, c)| match quote {
                Some(q) if c == q => {
                    quote = None;
                    false
                }
                Some(_) => false,
                None if c == '"' || c == '\'' => {
                    quote = Some(c);
                    false
                }
                None => c == '>',
            })
            .map_or(rest.len(), |(i, _)| i + 1);
        let tag = &rest[..end];
        bad.extend(unmounted_after(tag, &IN_TAGS));
        rest = &rest[end..];
        for (name, urls_inside) in [("<script", false), ("<style", true)] {
            if tag.starts_with(name) {
                let close = rest
                    .find(&format!("</{}", &name[1..]))
                    .unwrap_or(rest.len());
                if urls_inside {
                    bad.extend(unmounted_after(&rest[..close], &IN_CSS));
                }
                rest = &rest[close..];
            }
        }
    }
    bad
}

/// The search index's files without URLs: its manifest and its files of words.
fn is_search_words(rel: &str) -> bool {
    rel == "search/manifest.json" || rel.starts_with("search/words/")
}

#[test]
fn every_internal_url_of_every_output_carries_the_base_url_path() {
    let site = example_at(&format!("{HOST}{MOUNT}"));
    let files = outputs(&site);
    let mut bad = Vec::new();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (rel, bytes) in &files {
        let Ok(text) = std::str::from_utf8(bytes) else {
            continue;
        };
        let ext = rel.rsplit('.').next().unwrap_or("");
        *counts.entry(ext).or_default() += 1;
        let mut found = absolute_without_mount(text);
        match ext {
            "html" => found.extend(unmounted_in_html(text)),
            "css" => found.extend(unmounted_after(text, &IN_CSS)),
            // The whole index and the files of page details carry the results' URLs;
            // the manifest and the files of words carry none.
            "json" if rel.starts_with("search/") && !is_search_words(rel) => {
                let index: serde_json::Value = serde_json::from_str(text).unwrap();
                let url_col = index["fields"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .position(|f| f == "url")
                    .unwrap();
                for row in index["pages"].as_array().unwrap() {
                    let url = row[url_col].as_str().unwrap();
                    if !url.starts_with(&format!("{MOUNT}/")) {
                        found.push(format!("search result {url}"));
                    }
                }
            }
            // HTML carried inside feeds, escaped for XML or JSON.
            "xml" | "json" => found.extend(unmounted_after(text, &["=&quot;", "=\\\""])),
            // A script's own string literals naming a site path.
            "js" => found.extend(unmounted_after(text, &["\"", "'"])),
            _ => {}
        }
        bad.extend(found.into_iter().map(|f| format!("{rel}: {f}")));
    }
    assert!(
        bad.is_empty(),
        "{} URLs leave out {MOUNT}:\n{}",
        bad.len(),
        bad.join("\n")
    );
    // Every kind of output was there to be scanned.
    for ext in ["html", "css", "js", "json", "xml", "txt", "csv"] {
        assert!(
            counts.get(ext).is_some_and(|n| *n > 0),
            "no .{ext} file: {counts:?}"
        );
    }

    // The mounted links lead to files that exist, at the same places as ever.
    let broken = broken_internal_links(&site, MOUNT);
    assert!(broken.is_empty(), "{broken:#?}");
    assert!(site.exists("blog/index.html") && !site.exists("project"));

    // What each kind of link became.
    let links = site.read("framework/links/index.html");
    for expected in [
        "href=\"/project/plan/digital-roadmap-2024-2027/\"",
        "href=\"/project/about/\"",
        "href=\"/project/\"",
        "href=\"#top\"",
        "href=\"/project/framework/notes.txt\"",
        "src=\"/project/favicon.svg\" alt=\"The favicon\"",
        "<a href=\"/project/accessibility/\">raw</a>",
        "srcset=\"/project/favicon.svg 1x, /project/favicon.svg 2x\"",
        "url('/project/favicon.svg')",
        "<code>&lt;a href='/not-a-link/'&gt;</code>",
        "/nor-this.png",
        "rel=\"canonical\" href=\"https://example.github.io/project/framework/links/\"",
    ] {
        assert!(links.contains(expected), "{expected} not in:\n{links}");
    }
    assert!(!links.contains("/project/not-a-link/") && !links.contains("/project/nor-this"));
    let css = site.read("css/extra.css");
    assert_eq!(
        css,
        "@import \"/project/css/print.css\";\n.x { background: url(/project/favicon.svg); }\n.y { background: url(\"/project/favicon.svg\"); }\n"
    );
    let search = site.read("search/index.html");
    assert!(
        search.contains("data-search-index=\"/project/search/index.json\"")
            && search.contains("src=\"/project/js/search.js\""),
        "{search}"
    );
    let not_found = site.read("404.html");
    assert!(not_found.contains("<a href=\"/project/\">go to the home page</a>"));
}

#[test]
fn feeds_sitemap_robots_and_redirects_name_the_path() {
    let site = example_at(&format!("{HOST}{MOUNT}/"));
    let atom = site.read("atom.xml");
    for expected in [
        "<id>https://example.github.io/project/atom.xml</id>",
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.github.io/project/atom.xml\"/>",
        "<link rel=\"alternate\" type=\"text/html\" href=\"https://example.github.io/project/\"/>",
        "<id>https://example.github.io/project/blog/2025-02-11-moving-off-our-legacy-cms/</id>",
    ] {
        assert!(atom.contains(expected), "{expected} not in:\n{atom}");
    }
    let json: serde_json::Value = serde_json::from_str(&site.read("feed.json")).unwrap();
    assert_eq!(json["home_page_url"], "https://example.github.io/project/");
    assert_eq!(
        json["feed_url"],
        "https://example.github.io/project/feed.json"
    );
    for item in json["items"].as_array().unwrap() {
        assert!(
            item["url"]
                .as_str()
                .unwrap()
                .starts_with("https://example.github.io/project/")
        );
    }
    let sitemap = site.read("sitemap.xml");
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    assert!(locs.len() > 20);
    assert!(
        locs.iter()
            .all(|l| l.starts_with("https://example.github.io/project/")),
        "{locs:?}"
    );
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://example.github.io/project/sitemap.xml\n")
    );
    let open_data: serde_json::Value = serde_json::from_str(&site.read("incidents.json")).unwrap();
    assert_eq!(open_data["site"], "https://example.github.io/project");
    assert!(
        open_data["incidents"][0]["url"]
            .as_str()
            .unwrap()
            .starts_with("https://example.github.io/project/incidents/")
    );
    // An old URL kept as an alias redirects to the page under the path.
    let alias = site.read("blog/new-website-cms/index.html");
    assert!(
        alias.contains(
            "url=https://example.github.io/project/blog/2025-02-11-moving-off-our-legacy-cms/\""
        ),
        "{alias}"
    );
}

/// Mounted and unmounted builds differ in their URLs and in nothing else: with the path
/// taken out again, every file is byte for byte the unmounted one, at the same place.
#[test]
fn the_path_changes_urls_and_nothing_else() {
    let root = outputs(&example_at(HOST));
    let mounted = outputs(&example_at(&format!("{HOST}{MOUNT}")));
    assert_eq!(
        root.keys().collect::<Vec<_>>(),
        mounted.keys().collect::<Vec<_>>(),
        "the same files at the same places"
    );
    // A file that is not text (the example's PNG) is never rewritten: compared as it is.
    let unmount = |bytes: &[u8]| -> Vec<u8> {
        let Ok(text) = std::str::from_utf8(bytes) else {
            return bytes.to_vec();
        };
        text.replace(&format!("{MOUNT}/"), "/")
            .replace(&format!("{MOUNT}\""), "\"")
            .replace(&format!("{MOUNT}<"), "<")
            .into_bytes()
    };
    let mut differ = Vec::new();
    for (rel, bytes) in &mounted {
        if unmount(bytes) != root[rel] {
            differ.push(rel.clone());
        }
    }
    assert!(differ.is_empty(), "differ beyond the path: {differ:#?}");
    assert_ne!(root["index.html"], mounted["index.html"]);
}

/// A site at the root of its host builds exactly as it did before base_url could have a
/// path: every file of this fixture is compared with digests taken from the build before
/// the change (`tests/integration/subpath_root_digests.txt`). When a change to the theme
/// or the renderer means to change output, check the files it names and rewrite the
/// digests with `DAYLIGHT_BLESS=1 cargo test --test integration root_base_url`.
#[test]
fn a_root_base_url_builds_byte_for_byte_as_before() {
    let site = Site::new();
    site.page(
        "blog/_index.md",
        "title: Blog\nkind: post\n",
        "Our posts.\n",
    );
    site.page(
        "blog/first.md",
        "title: First post\ndate: 2024-03-01\ntags: [open]\nauthors: [Jo Bloggs]\naliases: [/old/first/]\n",
        "Hello, see [the second](second.md) and [about](/about/).\n\n<!-- more -->\n\nMore <a href=\"/blog/\">raw</a>.\n",
    );
    site.page(
        "blog/second.md",
        "title: Second post\ndate: 2024-04-01\ntags: [open, data]\n",
        "![A chart](/chart.svg)\n\n`<a href=\"/code/\">`\n",
    );
    site.page(
        "incidents/_index.md",
        "title: Incidents\nkind: incident\n",
        "",
    );
    site.page(
        "incidents/outage.md",
        "title: Outage\ndate: 2024-05-07\nstatus: resolved\nseverity: P2\n\
         started: 2024-05-07T07:52:00+01:00\ndetected: 2024-05-07T08:20:00+01:00\n\
         resolved: 2024-05-07T11:35:00+01:00\nservices: [Portal]\nimpact: It broke.\n\
         actions:\n  - action: Fix it\n    owner: Ops\n    due: 2024-05-17\n    status: done\n",
        "## What happened\n\nIt broke.\n\n## What could have gone better\n\nAlerts.\n",
    );
    site.page(
        "plan/roadmap.md",
        "title: Roadmap\nkind: plan\nitems:\n  - title: Do it\n    status: planned\n    horizon: now\n",
        "The plan.\n",
    );
    site.page("about.md", "title: About\n", "About us.\n");
    site.write(
        "static/chart.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    );
    site.write(
        "static/css/extra.css",
        ".x { background: url(/chart.svg); }\n",
    );
    site.build().assert_ok();

    let digests: String = outputs(&site)
        .iter()
        .map(|(rel, bytes)| format!("{:016x} {rel}\n", xxhash_rust::xxh3::xxh3_64(bytes)))
        .collect();
    let saved =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/integration/subpath_root_digests.txt");
    if std::env::var_os("DAYLIGHT_BLESS").is_some() {
        std::fs::write(&saved, &digests).unwrap();
    }
    let expected = std::fs::read_to_string(&saved).unwrap();
    let differ: Vec<&str> = digests
        .lines()
        .filter(|l| !expected.lines().any(|e| e == *l))
        .chain(
            expected
                .lines()
                .filter(|e| !digests.lines().any(|l| l == *e)),
        )
        .collect();
    assert!(
        differ.is_empty(),
        "output changed (digest, file):\n{}",
        differ.join("\n")
    );
}

#[test]
fn serve_previews_the_site_under_the_path() {
    let site = example_at(&format!("{HOST}{MOUNT}"));
    let server = site.serve();
    let port = server.port;
    let get = |path: &str| request(port, "GET", path).unwrap();

    let root = get("/");
    assert_eq!(root.status, 307, "{}", root.head);
    assert_eq!(root.header("Location"), Some("/project/"));
    assert_eq!(get("/project").header("Location"), Some("/project/"));

    let home = get("/project/");
    assert_eq!(home.status, 200);
    assert!(
        home.body.contains("href=\"/project/css/daylight.css\""),
        "{}",
        home.body
    );
    let canonical = format!("<link rel=\"canonical\" href=\"http://127.0.0.1:{port}/project/\">");
    assert!(home.body.contains(&canonical), "{}", home.body);
    assert!(
        get("/project/search/index.json")
            .body
            .contains("\"/project/blog/")
    );
    assert_eq!(get("/project/css/daylight.css").status, 200);
    let folder = get("/project/blog");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("Location"), Some("/project/blog/"));
    // Outside the path there is no site, as on the host.
    for outside in ["/blog/", "/css/daylight.css", "/projectx/"] {
        let r = get(outside);
        assert_eq!(r.status, 404, "{outside}");
        assert!(
            r.body.contains("href=\"/project/\""),
            "the 404 page links into the site"
        );
    }
    // Every page served links only into the path (the live-reload script aside: it is
    // the server's own, at /__daylight/).
    for page in [
        "/project/",
        "/project/blog/",
        "/project/framework/links/",
        "/project/search/",
    ] {
        let body = get(page).body;
        let script = body
            .find("src=\"/__daylight/live.js?v=")
            .expect("the live script");
        let end = script + body[script + 5..].find('"').expect("closed") + 6;
        let body = format!("{}{}", &body[..script], &body[end..]);
        let bad = unmounted_in_html(&body);
        assert!(bad.is_empty(), "{page}: {bad:?}");
    }
}
