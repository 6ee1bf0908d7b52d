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
