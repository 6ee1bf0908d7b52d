//! What a build writes for readers' tools and machines: Atom and JSON feeds, the
//! sitemap and robots.txt, alias redirects, per-page metadata (canonical, Open Graph,
//! JSON-LD) and the search index and page. Feeds are read with a real parser
//! (feed-rs), the sitemap with a real XML parser (roxmltree).

use std::collections::BTreeSet;

use serde_json::Value;

use crate::harness::{Site, attr_values};

const BASE: &str = "https://test.example";
const EXAMPLE_BASE: &str = "https://digital.northbridge.example";

fn parse_feed(site: &Site, rel: &str) -> feed_rs::model::Feed {
    let text = site.read(rel);
    feed_rs::parser::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{rel}: {e}\n{text}"))
}

fn json(site: &Site, rel: &str) -> Value {
    let text = site.read(rel);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}\n{text}"))
}

/// `2024-03-12T09:30:00+01:00`: RFC 3339 with a numeric offset.
#[track_caller]
fn assert_rfc3339_with_offset(s: &str) {
    let b = s.as_bytes();
    let ok = s.len() == 25
        && b[4] == b'-'
        && b[10] == b'T'
        && (b[19] == b'+' || b[19] == b'-')
        && b[22] == b':'
        && s[..4].bytes().all(|c| c.is_ascii_digit());
    assert!(ok, "not RFC 3339 with an offset: {s}");
}

/// The text of every `<name>…</name>` in `xml`.
fn element_texts<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    xml.match_indices(&open)
        .filter_map(|(i, _)| {
            let rest = &xml[i + open.len()..];
            rest.find(&close).map(|e| &rest[..e])
        })
        .collect()
}

/// The JSON-LD blocks of a page, parsed.
fn json_ld(html: &str) -> Vec<Value> {
    let open = "<script type=\"application/ld+json\">";
    html.match_indices(open)
        .map(|(i, _)| {
            let rest = &html[i + open.len()..];
            let end = rest.find("</script>").expect("unclosed JSON-LD script");
            serde_json::from_str(&rest[..end])
                .unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}\n{}", &rest[..end]))
        })
        .collect()
}

/// Every `<loc>` of sitemap.xml, read with an XML parser, with its `<lastmod>`.
fn sitemap(site: &Site) -> Vec<(String, Option<String>)> {
    let text = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("sitemap.xml: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    root.children()
        .filter(|n| n.has_tag_name("url"))
        .map(|url| {
            let child = |name: &str| {
                url.children()
                    .find(|n| n.has_tag_name(name))
                    .and_then(|n| n.text())
                    .map(str::to_string)
            };
            (
                child("loc").expect("a <url> without <loc>"),
                child("lastmod"),
            )
        })
        .collect()
}

/// The search index's rows as (title, url, kind, date, summary, words).
fn search_rows(site: &Site) -> Vec<[String; 6]> {
    let index = json(site, "search/index.json");
    assert_eq!(index["version"], 1);
    assert_eq!(
        index["fields"],
        serde_json::json!(["title", "url", "kind", "date", "summary", "words"])
    );
    let vocabulary: Vec<&str> = index["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    index["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let cell = |k: usize| row[k].as_str().unwrap().to_string();
            let words: Vec<&str> = cell(5)
                .split_whitespace()
                .map(|n| vocabulary[usize::from_str_radix(n, 36).unwrap()])
                .collect();
            [cell(0), cell(1), cell(2), cell(3), cell(4), words.join(" ")]
        })
        .collect()
}

/// Checks a JSON Feed against the 1.1 rules that matter to readers.
#[track_caller]
fn check_json_feed(feed: &Value, base: &str, rel: &str) {
    assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1", "{rel}");
    assert!(
        feed["title"].as_str().is_some_and(|t| !t.is_empty()),
        "{rel}"
    );
    for key in ["home_page_url", "feed_url"] {
        assert!(
            feed[key].as_str().is_some_and(|u| u.starts_with(base)),
            "{rel}: {key}"
        );
    }
    assert!(
        feed["feed_url"].as_str().unwrap().ends_with(rel),
        "{rel}: feed_url is not the feed's own URL"
    );
    for author in feed["authors"].as_array().into_iter().flatten() {
        assert!(author["name"].is_string(), "{rel}: author without name");
    }
    let items = feed["items"].as_array().expect("items must be an array");
    let mut ids = BTreeSet::new();
    for item in items {
        let id = item["id"].as_str().expect("every item has a string id");
        assert!(ids.insert(id.to_string()), "{rel}: duplicate id {id}");
        assert!(
            item["content_html"].is_string() || item["content_text"].is_string(),
            "{rel}: item {id} has neither content_html nor content_text"
        );
        assert!(
            item["url"].as_str().is_some_and(|u| u.starts_with(base)),
            "{rel}: {id}"
        );
        for key in ["date_published", "date_modified"] {
            if let Some(d) = item.get(key) {
                assert_rfc3339_with_offset(d.as_str().unwrap());
            }
        }
        for author in item["authors"].as_array().into_iter().flatten() {
            assert!(author["name"].is_string());
        }
        if let Some(tags) = item.get("tags") {
            assert!(tags.as_array().unwrap().iter().all(Value::is_string));
        }
    }
}

/// Links in HTML meant for a feed reader: none may be site-relative.
#[track_caller]
fn assert_no_relative_links(html: &str, what: &str) {
    for attr in ["href", "src"] {
        for v in attr_values(html, attr) {
            assert!(
                v.contains("://") || v.starts_with("mailto:") || v.starts_with("tel:"),
                "{what}: relative {attr}=\"{v}\""
            );
        }
    }
}

#[test]
fn example_site_feeds_parse_with_items_dates_and_absolute_links() {
    let site = Site::example();
    site.build().assert_ok();
    let atom_feeds = [
        "atom.xml",
        "blog/atom.xml",
        "incidents/atom.xml",
        "tags/accessibility/atom.xml",
        "authors/amara-okafor/atom.xml",
    ];
    for rel in atom_feeds {
        let text = site.read(rel);
        let feed = parse_feed(&site, rel);
        assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom, "{rel}");
        assert!(feed.title.is_some_and(|t| !t.content.is_empty()), "{rel}");
        assert!(!feed.entries.is_empty(), "{rel} has no entries");
        assert!(feed.entries.len() <= 20, "{rel}");
        assert!(
            feed.links
                .iter()
                .any(|l| l.rel.as_deref() == Some("self")
                    && l.href == format!("{EXAMPLE_BASE}/{rel}")),
            "{rel}: no self link"
        );
        let mut previous = None;
        for e in &feed.entries {
            let link = &e.links[0].href;
            assert!(link.starts_with(EXAMPLE_BASE), "{rel}: {link}");
            assert_eq!(&e.id, link, "{rel}: the id is the page's permalink");
            let path = link.strip_prefix(EXAMPLE_BASE).unwrap();
            assert!(
                site.exists(&format!("{}index.html", path.trim_start_matches('/'))),
                "{rel}: {link} leads nowhere"
            );
            let published = e.published.expect("every entry has a published date");
            assert!(e.updated.expect("every entry is updated") >= published);
            if let Some(p) = previous {
                assert!(published <= p, "{rel}: entries are not newest first");
            }
            previous = Some(published);
            let content = e.content.as_ref().and_then(|c| c.body.as_deref());
            let content = content.expect("full content by default");
            assert!(!content.is_empty());
            assert_no_relative_links(content, rel);
        }
        for date in element_texts(&text, "updated")
            .into_iter()
            .chain(element_texts(&text, "published"))
        {
            assert_rfc3339_with_offset(date);
        }
    }
    // Only posts in the blog feed, only incidents in the incidents feed.
    let blog = parse_feed(&site, "blog/atom.xml");
    assert!(blog.entries.iter().all(|e| e.id.contains("/blog/")));
    // A bundle's image is absolute in the feed.
    assert!(
        site.read("blog/atom.xml").contains(&format!(
            "src=&quot;{EXAMPLE_BASE}/blog/2024-02-accessible-forms/form-before.svg&quot;"
        )),
        "bundle image not made absolute"
    );
    // The incident dated after --now is not in any feed.
    assert!(!site.read("atom.xml").contains("parking-permit"));
    // An author feed holds only that author's pages, with the author named.
    let amara = parse_feed(&site, "authors/amara-okafor/atom.xml");
    for e in &amara.entries {
        assert!(
            e.authors.iter().any(|a| a.name == "Amara Okafor"),
            "{}",
            e.id
        );
    }

    for rel in ["feed.json", "blog/feed.json", "incidents/feed.json"] {
        let feed = json(&site, rel);
        check_json_feed(&feed, EXAMPLE_BASE, rel);
        assert!(!feed["items"].as_array().unwrap().is_empty(), "{rel}");
        for item in feed["items"].as_array().unwrap() {
            assert_no_relative_links(item["content_html"].as_str().unwrap(), rel);
        }
        let parsed = parse_feed(&site, rel);
        assert_eq!(parsed.feed_type, feed_rs::model::FeedType::JSON);
        assert_eq!(
            parsed.entries.len(),
            feed["items"].as_array().unwrap().len()
        );
    }
    // Tags and authors have Atom feeds only.
    assert!(!site.exists("tags/accessibility/feed.json"));

    // Every feed a page advertises exists, and every page advertises the site's in its
    // own language: a Welsh page the Welsh home's, and never the English one.
    let english = "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Northbridge Digital (Atom)\" href=\"/atom.xml\">";
    let welsh = "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Digidol Northbridge (Atom)\" href=\"/cy/atom.xml\">";
    for file in site.html_files() {
        let html = site.read(&file);
        if html.contains("http-equiv=\"refresh\"") {
            continue;
        }
        let (own, other) = if file.starts_with("cy/") {
            (welsh, english)
        } else {
            (english, welsh)
        };
        assert!(
            html.contains(own) && !html.contains(other),
            "{file} does not advertise the site feed of its language, and only that"
        );
        // Feeds' links have a type; a translation's (hreflang) is checked in bilingual.rs.
        for line in html
            .lines()
            .filter(|l| l.starts_with("<link rel=\"alternate\" type="))
        {
            let href = attr_values(line, "href")[0];
            assert!(
                site.exists(href.trim_start_matches('/')),
                "{file} advertises {href}, which does not exist"
            );
        }
    }
    // Section and tag pages link to their own feeds where readers see them.
    assert!(
        site.read("blog/index.html")
            .contains("href=\"/blog/atom.xml\" type=\"application/atom+xml\">Atom feed</a>")
    );
    assert!(
        site.read("tags/accessibility/index.html")
            .contains("href=\"/tags/accessibility/atom.xml\"")
    );
    // Every URL in the sitemap is a page that was written, incident pages included.
    let locs = sitemap(&site);
    assert!(locs.iter().any(|(l, _)| l.ends_with("/incidents/actions/")));
    for (loc, lastmod) in &locs {
        let path = loc.strip_prefix(EXAMPLE_BASE).expect("absolute URL");
        assert!(
            site.exists(&format!("{}index.html", path.trim_start_matches('/'))),
            "sitemap lists {loc}, which was not written"
        );
        if let Some(l) = lastmod {
            assert_rfc3339_with_offset(l);
        }
    }
    let post = site.read("blog/2024-02-accessible-forms/index.html");
    assert!(
        post.find("href=\"/blog/atom.xml\"").unwrap() < post.find("href=\"/atom.xml\"").unwrap(),
        "a post advertises its section's feed first"
    );
}

#[test]
fn feeds_follow_feed_limit_and_feed_content_and_make_links_absolute() {
    let site = Site::with_config(&format!(
        "title: Test Council\nbase_url: {BASE}/\nfeed_limit: 2\n"
    ));
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    for day in 1..=4 {
        site.page(
            &format!("blog/p{day}.md"),
            &format!("title: Post {day}\ndate: 2024-03-0{day}T10:00:00+01:00\ntags: [Open data]\n"),
            "Intro with [a link](/about/) and [a fragment](#later).\n\n\
             ![Chart](chart.svg)\n\n<a href='../p1/?a=1&amp;b=2'>raw</a>\n\n## Later\n\nMore.\n",
        );
    }
    site.write(
        "content/blog/chart.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.page("about.md", "title: About\n", "Us.");
    site.page("guides/_index.md", "title: Guides\n", "");
    site.page("guides/one.md", "title: Undated guide\n", "How to.");
    site.build().assert_ok();
    // Feeds list dated pages: a section of undated pages has none.
    assert!(!site.exists("guides/atom.xml"));
    assert!(!site.read("atom.xml").contains("Undated guide"));
    let feed = parse_feed(&site, "atom.xml");
    let titles: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    assert_eq!(titles, ["Post 4", "Post 3"], "feed_limit: 2, newest first");
    let entry = &feed.entries[0];
    assert_eq!(entry.id, format!("{BASE}/blog/p4/"));
    let content = entry.content.as_ref().unwrap().body.as_deref().unwrap();
    assert!(
        content.contains(&format!("href=\"{BASE}/about/\"")),
        "{content}"
    );
    assert!(
        content.contains(&format!("href=\"{BASE}/blog/p4/#later\"")),
        "{content}"
    );
    assert!(
        content.contains(&format!("src=\"{BASE}/blog/chart.svg\"")),
        "{content}"
    );
    assert!(
        content.contains(&format!("href='{BASE}/blog/p1/?a=1&amp;b=2'")),
        "{content}"
    );
    assert!(entry.categories.iter().any(|c| c.term == "Open data"));
    let text = site.read("atom.xml");
    // The same instant, in the site's time zone (London is on GMT in March).
    assert!(
        text.contains("<published>2024-03-04T09:00:00+00:00</published>"),
        "{text}"
    );
    assert!(text.contains("<updated>2024-03-04T09:00:00+00:00</updated>"));
    assert_eq!(
        json(&site, "blog/feed.json")["items"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert!(site.exists("tags/open-data/atom.xml"));

    site.write(
        "site.yaml",
        &format!("title: Test Council\nbase_url: {BASE}\nfeed_content: summary\n"),
    );
    site.build().assert_ok();
    let feed = parse_feed(&site, "blog/atom.xml");
    assert_eq!(feed.entries.len(), 4);
    for e in &feed.entries {
        assert!(e.content.is_none(), "summary mode has no content");
        let summary = &e.summary.as_ref().expect("a summary").content;
        assert!(summary.contains("Intro with"), "{summary}");
        assert!(!summary.contains("More."), "{summary}");
        assert_no_relative_links(summary, "summary");
    }
    let jf = json(&site, "blog/feed.json");
    check_json_feed(&jf, BASE, "blog/feed.json");
    let first = jf["items"][0]["content_html"].as_str().unwrap();
    assert!(
        first.contains("Intro with") && !first.contains("More."),
        "{first}"
    );
}

#[test]
fn feed_settings_with_mistakes_are_errors_at_their_line() {
    let site = Site::with_config(&format!(
        "title: Test Council\nbase_url: {BASE}\nfeed_content: sumary\n"
    ));
    let run = site.build();
    run.assert_failed();
    assert!(
        run.stderr.contains("site.yaml:3:") && run.stderr.contains("unknown feed_content `sumary`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("`summary`"), "{}", run.stderr);
    site.write(
        "site.yaml",
        &format!("title: Test Council\nbase_url: {BASE}\nfeed_limit: 0\n"),
    );
    let run = site.build();
    run.assert_failed();
    assert!(run.stderr.contains("site.yaml:3:"), "{}", run.stderr);
    assert!(run.stderr.contains("feed_limit"), "{}", run.stderr);
}

/// A small site with a published post, a draft, a future post and an undated page.
fn site_with_unpublished_pages() -> Site {
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page(
        "blog/live.md",
        "title: Live post\ndate: 2024-01-01\nupdated: 2024-02-01T09:00:00Z\ntags: [news]\n",
        "Published words about lighthouses.\n",
    );
    site.page(
        "blog/secret.md",
        "title: Secret draft\ndate: 2024-01-02\ndraft: true\ntags: [news]\n",
        "Draft words about submarines.\n",
    );
    site.page(
        "blog/later.md",
        "title: Future news\ndate: 2030-01-01\ntags: [news]\n",
        "Future words about spaceships.\n",
    );
    site.page("about.md", "title: About\n", "About us.\n");
    site
}

#[test]
fn drafts_and_future_pages_stay_out_of_feeds_sitemap_and_search() {
    let site = site_with_unpublished_pages();
    site.build().assert_ok();
    let outputs = [
        "atom.xml",
        "feed.json",
        "blog/atom.xml",
        "blog/feed.json",
        "tags/news/atom.xml",
        "sitemap.xml",
        "search/index.json",
    ];
    for rel in outputs {
        let text = site.read(rel);
        for word in [
            "secret",
            "Secret",
            "submarines",
            "later",
            "Future",
            "spaceships",
        ] {
            assert!(!text.contains(word), "{rel} mentions `{word}`:\n{text}");
        }
    }
    let locs: BTreeSet<String> = sitemap(&site).into_iter().map(|(loc, _)| loc).collect();
    let expected: BTreeSet<String> = [
        "/",
        "/blog/",
        "/blog/live/",
        "/about/",
        "/tags/",
        "/tags/news/",
        // No authors, series or services anywhere: no pages for them.
        "/search/",
    ]
    .iter()
    .map(|p| format!("{BASE}{p}"))
    .collect();
    assert_eq!(locs, expected);
    for (loc, lastmod) in sitemap(&site) {
        match loc.strip_prefix(BASE).unwrap() {
            "/" | "/blog/" | "/blog/live/" | "/tags/news/" | "/tags/" => {
                assert_eq!(
                    lastmod.as_deref(),
                    Some("2024-02-01T09:00:00+00:00"),
                    "{loc}"
                )
            }
            "/about/" | "/search/" => assert_eq!(lastmod, None, "{loc}"),
            _ => {}
        }
    }
    let robots = site.read("robots.txt");
    assert!(
        robots.contains(&format!("Sitemap: {BASE}/sitemap.xml")),
        "{robots}"
    );
    let rows = search_rows(&site);
    let urls: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    assert!(
        urls.contains(&"/blog/live/") && urls.contains(&"/about/"),
        "{urls:?}"
    );
    let live = rows.iter().find(|r| r[1] == "/blog/live/").unwrap();
    assert_eq!(live[0], "Live post");
    assert_eq!(live[2], "post");
    assert_eq!(live[3], "2024-01-01");
    assert!(
        live[5].contains("lighthouses") && live[5].contains("news"),
        "{live:?}"
    );

    // A preview with --drafts renders the draft, but still tells no machine about it.
    site.run(&["build", "--drafts", "--now", "2026-06-01T12:00:00Z"])
        .assert_ok();
    assert!(site.exists("blog/secret/index.html"));
    for rel in outputs {
        let text = site.read(rel);
        assert!(
            !text.contains("submarines") && !text.contains("secret"),
            "{rel}"
        );
    }
    assert!(
        site.read("blog/secret/index.html")
            .contains("<meta name=\"robots\" content=\"noindex\">")
    );
}

#[test]
fn titles_with_markup_are_escaped_in_html_atom_json_feed_json_ld_and_search() {
    let title = r#"Fish & chips </script><script>alert("x")</script> it's 'quoted'"#;
    let site = Site::with_config(&format!(
        "title: Test <Council> & \"friends\"\nbase_url: {BASE}\n\
         authors:\n  ob:\n    name: \"O'Brien <ops> & co\"\n"
    ));
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page(
        "blog/fish.md",
        &format!(
            "title: '{}'\ndate: 2024-05-01\nauthors: [ob]\ntags: ['<b>bold</b> & co']\n\
             description: 'A \"described\" </script> page'\n",
            title.replace('\'', "''")
        ),
        "Body & <em>markup</em>.\n",
    );
    site.build().assert_ok();

    let html = site.read("blog/fish/index.html");
    assert!(!html.contains("<script>alert"), "raw script in HTML");
    assert!(
        html.contains("<title>Fish &amp; chips &lt;&#x2F;script&gt;")
            || html.contains("<title>Fish &amp; chips &lt;/script&gt;"),
        "{html}"
    );
    // Exactly one script element closes: the JSON-LD's own.
    let ld = json_ld(&html);
    assert_eq!(ld.len(), 1);
    assert_eq!(ld[0]["@type"], "BlogPosting");
    assert_eq!(ld[0]["headline"], title);
    assert_eq!(ld[0]["description"], "A \"described\" </script> page");
    assert_eq!(ld[0]["author"][0]["name"], "O'Brien <ops> & co");
    assert_eq!(ld[0]["isPartOf"]["name"], "Test <Council> & \"friends\"");
    assert_eq!(html.matches("</script>").count(), 1, "{html}");

    let atom = parse_feed(&site, "atom.xml");
    assert_eq!(atom.title.unwrap().content, "Test <Council> & \"friends\"");
    let e = &atom.entries[0];
    assert_eq!(e.title.as_ref().unwrap().content, title);
    assert_eq!(e.authors[0].name, "O'Brien <ops> & co");
    assert_eq!(e.categories[0].term, "<b>bold</b> & co");
    let raw = site.read("atom.xml");
    assert!(
        !raw.contains("<script>") && !raw.contains("</script>"),
        "{raw}"
    );

    let jf = json(&site, "feed.json");
    check_json_feed(&jf, BASE, "feed.json");
    assert_eq!(jf["items"][0]["title"], title);
    assert_eq!(jf["items"][0]["authors"][0]["name"], "O'Brien <ops> & co");

    let rows = search_rows(&site);
    let row = rows.iter().find(|r| r[1] == "/blog/fish/").unwrap();
    assert_eq!(row[0], title);
    assert_eq!(row[4], "A \"described\" </script> page");

    // The tag and author pages and the search page escape them too.
    for file in site.html_files() {
        let page = site.read(&file);
        assert!(!page.contains("<script>alert"), "{file}");
        assert!(
            !page.contains("<ops>") && !page.contains("<b>bold"),
            "{file}"
        );
        for block in json_ld(&page) {
            assert!(block["@type"].is_string(), "{file}");
        }
    }
    sitemap(&site);
}

#[test]
fn json_ld_has_the_right_type_for_each_kind_of_page() {
    let site = Site::example();
    site.build().assert_ok();
    let ld_type = |rel: &str| {
        let blocks = json_ld(&site.read(rel));
        assert_eq!(blocks.len(), 1, "{rel}");
        assert_eq!(blocks[0]["@context"], "https://schema.org", "{rel}");
        blocks[0]["@type"].as_str().unwrap().to_string()
    };
    assert_eq!(ld_type("index.html"), "WebSite");
    assert_eq!(
        ld_type("blog/2024-02-accessible-forms/index.html"),
        "BlogPosting"
    );
    assert_eq!(ld_type("incidents/index.html"), "WebPage");
    assert_eq!(ld_type("framework/principles-matrix/index.html"), "WebPage");
    assert_eq!(ld_type("about/index.html"), "WebPage");
    assert_eq!(ld_type("tags/accessibility/index.html"), "WebPage");
    assert_eq!(ld_type("search/index.html"), "WebPage");
    assert!(json_ld(&site.read("404.html")).is_empty());
    // Each language's page for missing pages has none either.
    assert!(json_ld(&site.read("cy/404.html")).is_empty());

    let mut reports = 0;
    for file in site.html_files() {
        let html = site.read(&file);
        if html.contains("http-equiv=\"refresh\"") || file.ends_with("404.html") {
            continue;
        }
        let blocks = json_ld(&html);
        assert_eq!(blocks.len(), 1, "{file}");
        let block = &blocks[0];
        let canonical = format!("{EXAMPLE_BASE}/{}", file.trim_end_matches("index.html"));
        assert!(
            html.contains(&format!("<link rel=\"canonical\" href=\"{canonical}\">")),
            "{file}: canonical"
        );
        assert!(html.contains(&format!(
            "<meta property=\"og:url\" content=\"{canonical}\">"
        )));
        // A page with a picture of its own (the example's accessible-forms post has
        // one) is a large card; the rest are summaries.
        let card = if html.contains("<meta property=\"og:image\"") {
            "summary_large_image"
        } else {
            "summary"
        };
        assert!(
            html.contains(&format!("<meta name=\"twitter:card\" content=\"{card}\">")),
            "{file}"
        );
        assert!(
            html.contains("<meta name=\"description\" content=\""),
            "{file}"
        );
        assert_eq!(block["url"], canonical, "{file}");
        if file.starts_with("incidents/") && html.contains("class=\"article article--incident") {
            assert_eq!(block["@type"], "Report", "{file}");
            assert!(block["datePublished"].is_string(), "{file}");
            assert!(block["publisher"]["name"].is_string(), "{file}");
            assert_eq!(
                html.matches("<meta property=\"og:type\" content=\"article\">")
                    .count(),
                1
            );
            reports += 1;
        }
    }
    assert!(reports >= 3, "only {reports} incident reports checked");
}

#[test]
fn aliases_redirect_with_refresh_canonical_and_a_plain_link() {
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page(
        "blog/new.md",
        "title: New & improved\ndate: 2024-01-01\naliases: [/old/path/, legacy/page.html]\n",
        "x",
    );
    site.build().assert_ok();
    let target = format!("{BASE}/blog/new/");
    for rel in ["old/path/index.html", "legacy/page.html"] {
        let html = site.read(rel);
        assert!(
            html.contains(&format!(
                "<meta http-equiv=\"refresh\" content=\"0; url={target}\">"
            )),
            "{html}"
        );
        assert!(html.contains(&format!("<link rel=\"canonical\" href=\"{target}\">")));
        assert!(
            html.contains(&format!("<a href=\"{target}\">New &amp; improved</a>")),
            "{html}"
        );
        assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    }
    let locs: Vec<String> = sitemap(&site).into_iter().map(|(l, _)| l).collect();
    assert!(locs.contains(&target));
    assert!(
        !locs
            .iter()
            .any(|l| l.contains("old") || l.contains("legacy")),
        "{locs:?}"
    );

    // An alias that is another page's URL would replace that page: an error.
    site.page("about.md", "title: About\naliases: [/blog/new/]\n", "x");
    let run = site.build();
    run.assert_failed();
    assert!(
        run.stderr.contains("content/about.md")
            && run
                .stderr
                .contains("alias `/blog/new/` is already the page /blog/new/"),
        "{}",
        run.stderr
    );
}

#[test]
fn search_page_and_index_for_the_example_site() {
    let site = Site::example();
    site.build().assert_ok();
    let page = site.read("search/index.html");
    assert!(page.contains("data-search-index=\"/search/index.json\""));
    assert!(page.contains("<script src=\"/js/search.js\" defer></script>"));
    assert!(
        page.contains("role=\"status\""),
        "no live region for the count"
    );
    // Without JavaScript: the sections and the tags as plain links.
    assert!(page.contains("<a href=\"/blog/\">Blog</a>"));
    assert!(page.contains("<a href=\"/incidents/\">"));
    assert!(page.contains("<a href=\"/tags/accessibility/\">accessibility</a>"));
    // Every page links to it from the header.
    assert!(
        site.read("index.html")
            .contains("<a href=\"/search/\">Search</a>")
    );

    let rows = search_rows(&site);
    assert!(rows.len() > 15, "{}", rows.len());
    for row in &rows {
        assert!(!row[0].is_empty());
        assert!(
            site.exists(&format!("{}index.html", row[1].trim_start_matches('/'))),
            "{} is not a page",
            row[1]
        );
        assert!(["post", "incident", "plan", "page", "section"].contains(&row[2].as_str()));
        assert!(row[3].is_empty() || row[3].len() == 10, "{}", row[3]);
        assert!(row[4].chars().count() <= 161, "{}", row[4]);
        assert!(row[5].split(' ').count() <= 64 + 12, "{}", row[1]);
    }
    let payments = rows
        .iter()
        .find(|r| r[1].contains("payments"))
        .expect("the payments incident is indexed");
    assert_eq!(payments[2], "incident");
    assert!(payments[5].contains("payment"), "{payments:?}");

    let script = site.read("js/search.js");
    assert!(
        !script.contains("http://") && !script.contains("https://"),
        "the script must not reach another host"
    );
}

#[test]
fn a_site_robots_txt_wins_and_a_page_at_search_keeps_its_url() {
    let site = Site::new();
    site.write("static/robots.txt", "User-agent: *\nDisallow: /\n");
    site.page("search.md", "title: Our own search\n", "Mine.");
    let run = site.build();
    run.assert_ok();
    assert_eq!(site.read("robots.txt"), "User-agent: *\nDisallow: /\n");
    assert!(site.read("search/index.html").contains("Our own search"));
    assert!(
        run.stderr.contains("content/search.md: warning"),
        "{}",
        run.stderr
    );
    assert!(!site.read("index.html").contains(">Search</a>"));
}

#[test]
fn a_theme_without_search_html_is_told_which_template_is_missing() {
    let site = Site::new();
    site.page("about.md", "title: About\n", "Us.");
    std::fs::remove_file(site.path("themes/default/templates/search.html")).unwrap();
    let run = site.build();
    run.assert_failed();
    assert!(
        run.stderr
            .contains("templates/search.html: error: template `search.html` not found"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("add templates/search.html"),
        "{}",
        run.stderr
    );
}
