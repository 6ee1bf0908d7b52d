//! Other generators' template code left in content (Hugo shortcodes and templates,
//! Liquid tags and output) is an error at its file, line and column, naming what it is
//! and what to do; all of them in one run. Code, prose with braces, and daylight's own
//! shortcodes (tests/integration/shortcodes.rs) are fine.

use crate::harness::Site;

const WHY: &str = "is template code daylight does not run: it would be published as text";
const HUGO_HINT: &str = "= help: `daylight import hugo` converts many; otherwise remove it, or put it in code (between backticks) to show it as written";
const LIQUID_HINT: &str = "= help: `daylight import jekyll` (or `eleventy`) converts many; otherwise remove it, or put it in code (between backticks) to show it as written";

/// A site with template code of every kind in posts, a page and a section's own text,
/// and the same code again where it is fine: in code spans and blocks, raw `<code>`.
fn site_with_template_code() -> Site {
    let site = Site::new();
    site.page(
        "blog/_index.md",
        "title: Blog\nkind: post\n",
        "Posts, with {% include \"intro.html\" %}.\n",
    );
    site.page(
        "blog/hugo.md",
        "title: From Hugo\ndate: 2024-01-02\n",
        concat!(
            "{{< note >}}\n",
            "Read this.\n",
            "{{< /note >}}\n\n",
            "See <a href=\"{{< ref \"other.md\" >}}\">the other post</a> and {{ .Site.Title }}.\n\n",
            "In code it is fine: `{{< note >}}` and\n\n",
            "```go-html-template\n{{ range .Pages }}{{ .Title }}{{ end }}\n```\n",
        ),
    );
    site.page(
        "blog/jekyll.md",
        "title: From Jekyll\ndate: 2024-01-03\n",
        concat!(
            "An image: {% include \"figure.html\" src=\"a.png\" %}\n\n",
            "[Old post]({{ \"/2015/07/08/x/\" | url }}) and {{ page.title }}.\n\n",
            "Prose with a brace { or two }, a set {a, b} and `{{ x | url }}` in code.\n\n",
            "<pre><code>{% for post in site.posts %}</code></pre>\n",
        ),
    );
    // daylight's own shortcodes are no error among them.
    site.page(
        "about.md",
        "title: About\n",
        "Soon: {{ figure(src=\"https://img.example/team.jpg\", alt=\"The team\") }}\n\n{% callout() %}\nHi\n{% end %}\n",
    );
    site
}

#[test]
fn every_piece_of_template_code_is_an_error_at_its_line_and_column() {
    let site = site_with_template_code();
    let stderr = site.build_failing();
    let expected = [
        (
            "content/blog/_index.md:5:13",
            "a Liquid tag `{% include %}`",
            LIQUID_HINT,
        ),
        (
            "content/blog/hugo.md:5:1",
            "a Hugo shortcode `{{< note >}}`",
            HUGO_HINT,
        ),
        (
            "content/blog/hugo.md:7:1",
            "a Hugo shortcode `{{< /note >}}`",
            HUGO_HINT,
        ),
        (
            "content/blog/hugo.md:9:14",
            "a Hugo shortcode `{{< ref >}}`",
            HUGO_HINT,
        ),
        (
            "content/blog/hugo.md:9:61",
            "a Hugo template `{{ .Site.Title }}`",
            HUGO_HINT,
        ),
        (
            "content/blog/jekyll.md:5:11",
            "a Liquid tag `{% include %}`",
            LIQUID_HINT,
        ),
        (
            "content/blog/jekyll.md:7:12",
            "a Liquid output `{{ \"/2015/07/08/x/\" | url }}`",
            LIQUID_HINT,
        ),
        (
            "content/blog/jekyll.md:7:46",
            "a Liquid output `{{ page.title }}`",
            LIQUID_HINT,
        ),
    ];
    for (at, what, hint) in expected {
        let line = format!("{at}: error: {what} {WHY}\n");
        let Some(start) = stderr.find(&line) else {
            panic!("{line:?} not in:\n{stderr}");
        };
        let after = &stderr[start + line.len()..];
        let help = after
            .lines()
            .find(|l| l.trim_start().starts_with("= help"))
            .unwrap();
        assert_eq!(help.trim_start(), hint, "{at}");
    }
    assert_eq!(stderr.matches(WHY).count(), expected.len(), "{stderr}");
    assert_eq!(
        stderr.matches(": error: ").count(),
        expected.len(),
        "{stderr}"
    );
}

#[test]
fn the_caret_points_at_the_code_in_the_line_shown() {
    let site = site_with_template_code();
    let stderr = site.build_failing();
    let start = stderr
        .find("content/blog/hugo.md:9:14: error")
        .expect("the ref error");
    let shown: Vec<&str> = stderr[start..].lines().skip(1).take(4).collect();
    assert_eq!(
        shown,
        [
            "  |",
            "8 | ",
            "9 | See <a href=\"{{< ref \"other.md\" >}}\">the other post</a> and {{ .Site.Title }}.",
            "  |              ^",
        ],
        "{stderr}"
    );
}

#[test]
fn check_reports_the_same_and_a_site_without_template_code_builds() {
    let site = site_with_template_code();
    let run = site.run(&["check"]);
    run.assert_failed();
    assert_eq!(run.stderr.matches(WHY).count(), 8, "{}", run.stderr);

    // Braces in prose, and template code in code of every kind, are fine.
    let fine = Site::new();
    fine.page(
        "about.md",
        "title: About\n",
        concat!(
            "A brace { alone, {a, b}, {{ never closed, and \"quotes\".\n\n",
            "`{{< note >}}` and `{% include x %}` in code.\n\n",
            "```liquid\n{% for p in site.posts %}{{ p.title | url }}{% endfor %}\n```\n\n",
            "    {{ .Site.Title }}\n\n",
            "<code>{{ page.title }}</code> <pre>{% raw %}</pre>\n\n",
            "<script>var t = {{ 1 }};</script>\n",
        ),
    );
    fine.run(&["check"]).assert_clean();
    fine.build().assert_ok();
    let html = fine.read("about/index.html");
    assert!(html.contains("<code>{{&lt; note &gt;}}</code>"), "{html}");
    assert!(
        html.contains("{{ never closed, and \u{201c}quotes\u{201d}"),
        "{html}"
    );
}
