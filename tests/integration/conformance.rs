//! Outputs correct to their standards (issue 17): regression tests for the bugs the
//! CommonMark spec, the Open Graph protocol and the HTML checker found.

use crate::harness::{Site, attr_values};

fn blog(site: &Site) {
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
}

/// CommonMark examples 604 and 605: an email autolink is `mailto:` and the address,
/// never a path under the page's section.
#[test]
fn email_autolinks_are_mailto_the_address() {
    let site = Site::new();
    blog(&site);
    site.page(
        "blog/a.md",
        "title: A\ndate: 2024-01-01\n",
        "Write to <team@example.org> or <mailto:press@example.org>.\n",
    );
    site.build().assert_ok();
    let html = site.read("blog/a/index.html");
    let hrefs = attr_values(&html, "href");
    assert!(hrefs.contains(&"mailto:team@example.org"), "{hrefs:?}");
    assert!(hrefs.contains(&"mailto:press@example.org"), "{hrefs:?}");
    assert!(!html.contains("mailto:/"), "{html}");
    let feed = site.read("blog/atom.xml");
    assert!(feed.contains("mailto:team@example.org"), "{feed}");
    assert!(!feed.contains("mailto:/"), "{feed}");
}

/// `<!-- more -->` inside a list, a quote or a paragraph: the summary closes what it
/// cuts, on list pages and in feeds.
#[test]
fn a_more_marker_inside_a_list_or_quote_leaves_the_summary_whole() {
    let site = Site::new();
    blog(&site);
    site.page(
        "blog/list.md",
        "title: List\ndate: 2024-01-01\n",
        "- item one\n\n  <!-- more -->\n\n- item two\n",
    );
    site.page(
        "blog/quote.md",
        "title: Quote\ndate: 2024-01-02\n",
        "> quoted <!-- more --> and more\n",
    );
    site.build().assert_ok();
    let feed = site.read("blog/atom.xml");
    assert!(
        feed.contains("&lt;ul&gt;\n&lt;li&gt;\n&lt;p&gt;item one&lt;/p&gt;\n&lt;/li&gt;\n&lt;/ul&gt;</summary>"),
        "{feed}"
    );
    assert!(
        feed.contains("quoted &lt;/p&gt;\n&lt;/blockquote&gt;</summary>"),
        "{feed}"
    );
    let list = site.read("blog/index.html");
    let at = list.find("item one").expect("the summary on the list page");
    assert!(
        list[at..].starts_with("item one</p>\n</li>\n</ul>"),
        "{}",
        &list[at..at + 60]
    );
}

/// A relative link to a folder keeps its final slash: `docs/` is the folder's page,
/// `docs` would be a redirect (or a file).
#[test]
fn relative_links_to_folders_keep_their_final_slash() {
    let site = Site::new();
    blog(&site);
    site.page(
        "blog/a.md",
        "title: A\ndate: 2024-01-01\n",
        "[docs](docs/) [here](./) [up](../) [anchor](docs/#part) [file](notes.txt)\n",
    );
    // What the links lead to: links to nothing are errors.
    site.page("blog/docs/_index.md", "title: Docs\n", "");
    site.write("content/blog/notes.txt", "Notes.\n");
    site.build().assert_ok();
    let html = site.read("blog/a/index.html");
    for (text, href) in [
        ("docs", "/blog/docs/"),
        ("here", "/blog/"),
        ("up", "/"),
        ("anchor", "/blog/docs/#part"),
        ("file", "/blog/notes.txt"),
    ] {
        let link = format!("<a href=\"{href}\">{text}</a>");
        assert!(html.contains(&link), "{link} in:\n{html}");
    }
}

/// Open Graph: `article:*` properties belong to pages typed `article` only.
#[test]
fn article_properties_only_on_pages_typed_article() {
    let site = Site::new();
    blog(&site);
    site.page(
        "blog/a.md",
        "title: A\ndate: 2024-01-01\ntags: [budget]\n",
        "A post.\n",
    );
    site.page(
        "about.md",
        "title: About\ndate: 2024-01-01\ntags: [council]\n",
        "A page.\n",
    );
    site.build().assert_ok();
    let post = site.read("blog/a/index.html");
    assert!(post.contains("<meta property=\"og:type\" content=\"article\">"));
    assert!(
        post.contains("<meta property=\"article:published_time\""),
        "{post}"
    );
    assert!(post.contains("<meta property=\"article:tag\" content=\"budget\">"));
    let page = site.read("about/index.html");
    assert!(page.contains("<meta property=\"og:type\" content=\"website\">"));
    assert!(!page.contains("article:"), "{page}");
}

/// The first bytes of a PNG of this size: enough for any reader of its header.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    b.extend(width.to_be_bytes());
    b.extend(height.to_be_bytes());
    b.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    b
}

const WITH_IMAGE: &str = "title: Test Council\nbase_url: https://test.example\nimage: /images/card.png\nimage_alt: The council's logo on blue\n";

/// Open Graph's `og:image` (one of its four required properties) and JSON-LD's `image`:
/// the page's own image with its size, else site.yaml's; none when neither says one.
#[test]
fn og_image_and_json_ld_image_come_from_the_page_else_the_site() {
    let site = Site::with_config(WITH_IMAGE);
    site.write_bytes("static/images/card.png", &png(1200, 630));
    blog(&site);
    site.page(
        "blog/trip/index.md",
        "title: Trip\ndate: 2024-01-01\nimage: map.png\nimage_alt: A map of the route\n",
        "A post.\n",
    );
    site.write_bytes("content/blog/trip/map.png", &png(800, 600));
    site.page(
        "blog/plain.md",
        "title: Plain\ndate: 2024-01-02\n",
        "No picture.\n",
    );
    site.build().assert_ok();

    let trip = site.read("blog/trip/index.html");
    for tag in [
        "<meta property=\"og:image\" content=\"https://test.example/blog/trip/map.png\">",
        "<meta property=\"og:image:width\" content=\"800\">",
        "<meta property=\"og:image:height\" content=\"600\">",
        "<meta property=\"og:image:alt\" content=\"A map of the route\">",
        "<meta name=\"twitter:card\" content=\"summary_large_image\">",
        "<meta name=\"twitter:image\" content=\"https://test.example/blog/trip/map.png\">",
        "\"image\":{\"@type\":\"ImageObject\",\"height\":600,\"url\":\"https://test.example/blog/trip/map.png\",\"width\":800}",
    ] {
        assert!(trip.contains(tag), "{tag} in:\n{trip}");
    }
    let plain = site.read("blog/plain/index.html");
    assert!(
        plain.contains(
            "<meta property=\"og:image\" content=\"https://test.example/images/card.png\">"
        ),
        "{plain}"
    );
    assert!(plain.contains("<meta property=\"og:image:width\" content=\"1200\">"));
    assert!(
        plain.contains(
            "<meta property=\"og:image:alt\" content=\"The council&#39;s logo on blue\">"
        ),
        "{plain}"
    );
    let home = site.read("index.html");
    assert!(home.contains("og:image\" content=\"https://test.example/images/card.png\""));

    let feed: serde_json::Value = serde_json::from_str(&site.read("blog/feed.json")).unwrap();
    let items = feed["items"].as_array().unwrap();
    let image_of = |title: &str| {
        items
            .iter()
            .find(|i| i["title"] == title)
            .map(|i| i["image"].clone())
    };
    assert_eq!(
        image_of("Trip"),
        Some(serde_json::json!("https://test.example/blog/trip/map.png"))
    );
    assert_eq!(
        image_of("Plain"),
        Some(serde_json::Value::Null),
        "the site's card says nothing of an entry"
    );

    let bare = Site::new();
    bare.page("about.md", "title: About\n", "About.\n");
    bare.build().assert_ok();
    let about = bare.read("about/index.html");
    assert!(!about.contains("og:image"), "{about}");
    assert!(about.contains("<meta name=\"twitter:card\" content=\"summary\">"));
}

#[test]
fn a_missing_or_unreadable_image_is_an_error_at_its_line() {
    let site = Site::with_config(WITH_IMAGE);
    blog(&site);
    site.page(
        "blog/a.md",
        "title: A\ndate: 2024-01-01\nimage: chart.png\n",
        "A.\n",
    );
    site.page(
        "blog/b.md",
        "title: B\ndate: 2024-01-01\nimage: /images/notes.txt\n",
        "B.\n",
    );
    site.write("static/images/notes.txt", "not a picture\n");
    let out = site.build_failing();
    for expected in [
        "content/blog/a.md:4:8: error: the image `chart.png` is not there (looked for content/blog/chart.png)",
        "put the file beside the page",
        "content/blog/b.md:4:8: error: `/images/notes.txt` is not an image daylight can read",
        "site.yaml:3:8: error: the image `/images/card.png` is not there (looked for static/images/card.png",
    ] {
        assert!(out.contains(expected), "{expected:?} in:\n{out}");
    }
}

/// The Nu HTML Checker on the stress site (scripts/validate-standards): a control
/// character or noncharacter that YAML's escapes carry into a title, description or tag
/// is a "forbidden code point" in every page that shows it. Pages drop them; JSON-LD
/// keeps them as `\u` escapes, which read back as the same value.
#[test]
fn control_characters_from_front_matter_never_reach_a_page() {
    let site = Site::new();
    blog(&site);
    site.page(
        "blog/a.md",
        "title: \"Bell\\a esc\\e del\\x7f nel\\N c1\\x9b non\\uFFFE end\"\n\
         date: 2024-01-01\n\
         description: \"desc\\a\\uFDD0 tab\\tkept\"\n\
         tags: [\"tag\\a\\x7f\"]\n",
        "A post.\n",
    );
    // Incident titles also reach the statistics page's charts, written by daylight itself.
    site.page(
        "incidents/_index.md",
        "title: Incidents\nkind: incident\n",
        "",
    );
    site.page(
        "incidents/x.md",
        "title: \"Outage\\a\\x7f\"\ndate: 2024-01-02\nstatus: resolved\nseverity: P2\n\
         started: 2024-01-02T09:00:00Z\ndetected: 2024-01-02T09:10:00Z\nresolved: 2024-01-02T10:00:00Z\nreview: not-needed\n",
        "It broke.\n",
    );
    site.build().assert_ok();
    assert!(site.exists("incidents/statistics/index.html"));
    let forbidden = |c: char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\u{c}' | '\r'))
            || (0xFDD0..=0xFDEF).contains(&u32::from(c))
            || u32::from(c) & 0xFFFE == 0xFFFE
    };
    for file in site.html_files() {
        let html = site.read(&file);
        let bad: Vec<char> = html.chars().filter(|c| forbidden(*c)).collect();
        assert!(bad.is_empty(), "{file} holds {bad:?}");
    }
    let post = site.read("blog/a/index.html");
    assert!(
        post.contains("<title>Bell esc del nel c1 non end"),
        "{post}"
    );
    assert!(post.contains("tab\tkept"), "a tab is text, and stays");
    // The JSON-LD keeps the value, escaped.
    assert!(
        post.contains(
            r#""headline":"Bell\u0007 esc\u001b del\u007f nel\u0085 c1\u009b non\ufffe end""#
        ),
        "{post}"
    );
}
