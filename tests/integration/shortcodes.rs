//! Shortcodes (issue 16): the built-in ones' output, nesting, typed arguments, errors at
//! their exact positions, calls in code left alone, safe mode, and the site's own
//! shortcodes beside the theme's.

use crate::harness::{Site, png};

/// The part of a page between `<div class="prose">` and the end of the article.
fn prose(site: &Site, rel: &str) -> String {
    let html = site.read(rel);
    let start = html.find("<div class=\"prose\">").expect("a prose block") + 19;
    let end = html[start..].find("</article>").expect("the article's end") + start;
    html[start..end].to_string()
}

/// Every `path:line:col: error: message` line printed, as (place, message).
fn errors(stderr: &str) -> Vec<(String, String)> {
    stderr
        .lines()
        .filter_map(|l| l.split_once(": error: "))
        .map(|(at, m)| (at.to_string(), m.to_string()))
        .collect()
}

#[test]
fn each_built_in_shortcode_renders_its_markup() {
    let site = Site::new();
    site.write_bytes("static/img/chart.png", &png(800, 400));
    site.write_bytes("static/img/poster.jpg", &png(1280, 720));
    site.page(
        "about.md",
        "title: About\n",
        concat!(
            "{{ figure(src=\"/img/chart.png\", alt=\"Calls per day\", caption=\"Calls in May\", credit=\"Contact centre\") }}\n\n",
            "{% callout(kind=\"warning\") %}\n",
            "Back up **first**.\n",
            "{% end %}\n\n",
            "{% details(summary=\"How we count\") %}\n",
            "Each call once.\n",
            "{% end %}\n\n",
            "{{ video(url=\"https://video.example/watch?v=1\", poster=\"/img/poster.jpg\", title=\"Our service\", duration=\"2 minutes\") }}\n",
        ),
    );
    site.build().assert_ok();
    let html = prose(&site, "about/index.html");
    for expected in [
        "<figure class=\"figure\">\n<img src=\"/img/chart.png\" alt=\"Calls per day\" width=\"800\" height=\"400\" srcset=\"/img/chart-480w.png 480w, /img/chart.png 800w\" sizes=\"(max-width: 736px) calc(100vw - 2rem), 704px\">\n<figcaption>Calls in May <span class=\"figure-credit\">Contact centre</span></figcaption>\n</figure>",
        "<aside class=\"callout callout-warning\" role=\"note\">\n<p class=\"callout-title\"><strong>Warning</strong></p>\n<p>Back up <strong>first</strong>.</p>\n\n</aside>",
        "<details class=\"details\">\n<summary>How we count</summary>\n<p>Each call once.</p>\n\n</details>",
        "<figure class=\"video\">\n<a class=\"video-link\" href=\"https://video.example/watch?v=1\">\n<img loading=\"lazy\" src=\"/img/poster.jpg\" alt=\"\" width=\"1280\" height=\"720\" srcset=\"/img/poster-480w.jpg 480w, /img/poster-960w.jpg 960w, /img/poster.jpg 1280w\" sizes=\"(max-width: 736px) calc(100vw - 2rem), 704px\">\n<span class=\"video-title\">Watch the video: Our service (2 minutes)</span>\n</a>\n</figure>",
    ] {
        assert!(html.contains(expected), "{expected}\nnot in\n{html}");
    }
    // A block is never wrapped in a paragraph, and no call is left as text.
    assert!(
        !html.contains("<p><figure") && !html.contains("<p><aside"),
        "{html}"
    );
    assert!(!html.contains("{{") && !html.contains("{%"), "{html}");
    // The video loads nothing from its host: the only URL there is a link's.
    assert!(
        !html.contains("<iframe") && !html.contains("<script"),
        "{html}"
    );
}

#[test]
fn github_alerts_are_callouts() {
    let site = Site::new();
    site.page(
        "about.md",
        "title: About\n",
        "> [!NOTE]\n> Offices close at 5.\n\n> [!CAUTION]\n> Wet floor.\n\n> A plain quote.\n",
    );
    site.build().assert_ok();
    let html = prose(&site, "about/index.html");
    assert!(
        html.contains("<aside class=\"callout callout-note\" role=\"note\">\n<p class=\"callout-title\"><strong>Note</strong></p>\n<p>Offices close at 5.</p>"),
        "{html}"
    );
    assert!(html.contains("callout-caution"), "{html}");
    assert!(
        html.contains("<blockquote>\n<p>A plain quote.</p>"),
        "{html}"
    );
    assert!(!html.contains("[!NOTE]"), "{html}");
}

#[test]
fn blocks_nest_three_deep_with_markdown_bodies() {
    let site = Site::new();
    site.page(
        "about.md",
        "title: About\n",
        concat!(
            "{% callout(kind=\"important\", title=\"Before you apply\") %}\n",
            "Outer *text*.\n\n",
            "{% details(summary=\"Middle\") %}\n",
            "## Inside heading\n\n",
            "{% callout(kind=\"note\") %}\n",
            "Innermost [link](https://x.example).\n",
            "{% end %}\n",
            "{% end %}\n",
            "{% end %}\n\n",
            "After.\n",
        ),
    );
    site.build().assert_ok();
    let html = prose(&site, "about/index.html");
    let outer = html.find("callout-important").unwrap();
    let middle = html.find("<details").unwrap();
    let inner = html.find("callout-note").unwrap();
    let closes: Vec<usize> = ["</aside>", "</details>", "</aside>"]
        .iter()
        .scan(0, |from, tag| {
            let at = html[*from..].find(tag)? + *from;
            *from = at + 1;
            Some(at)
        })
        .collect();
    assert_eq!(closes.len(), 3, "{html}");
    assert!(
        outer < middle && middle < inner && inner < closes[0],
        "{html}"
    );
    assert!(closes[0] < closes[1] && closes[1] < closes[2], "{html}");
    assert!(html.contains("<strong>Before you apply</strong>"), "{html}");
    assert!(html.contains("<p>Outer <em>text</em>.</p>"), "{html}");
    assert!(
        html.contains("<h2 id=\"inside-heading\">Inside heading</h2>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"https://x.example\">link</a>"),
        "{html}"
    );
    let after = html.find("<p>After.</p>").unwrap();
    assert!(after > closes[2], "{html}");
}

#[test]
fn unknown_names_bad_arguments_and_unclosed_blocks_are_errors_where_they_are() {
    let site = Site::new();
    site.write_bytes("content/a.png", &png(2, 2));
    site.page(
        "a.md",
        "title: A\n",
        concat!(
            "Text {{ figur(src=\"a.png\", alt=\"x\") }} here.\n\n",
            "{{ figure(src=\"a.png\", alt=\"x\", captoin=\"c\") }}\n\n",
            "{{ figure(src=\"a.png\") }}\n\n",
            "{% details(summary=3) %}\nx\n{% end %}\n\n",
            "{% callout(kind=\"danger\") %}\nx\n{% end %}\n\n",
            "{{ figure(src=\"a.png\", alt=) }}\n\n",
            "{% end %}\n\n",
            "{% callout() %}\nnever closed\n",
        ),
    );
    let stderr = site.build_failing();
    // The body starts on line 4 of the file.
    assert_eq!(
        errors(&stderr),
        [
            ("content/a.md:4:9", "unknown shortcode `figur`"),
            (
                "content/a.md:6:33",
                "`figure` has no argument `captoin`; did you mean `caption`?"
            ),
            ("content/a.md:8:1", "`figure` needs the argument `alt` (text in quotes)"),
            ("content/a.md:10:12", "`details`'s argument `summary` must be text in quotes"),
            (
                "content/a.md:14:12",
                "`callout`'s argument `kind` must be one of \"note\", \"tip\", \"important\", \"warning\", \"caution\""
            ),
            (
                "content/a.md:18:28",
                "shortcode call `{{ figure(…) }}`: expected a value after `=`"
            ),
            ("content/a.md:20:1", "`{% end %}` closes no shortcode block"),
            ("content/a.md:22:1", "shortcode block is never closed"),
        ]
        .map(|(a, m)| (a.to_string(), m.to_string())),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `figure`?"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_block_must_take_a_body_and_an_inline_call_must_not() {
    let site = Site::new();
    site.page(
        "a.md",
        "title: A\n",
        "{{ details(summary=\"x\") }}\n\n{% figure(src=\"a.png\", alt=\"x\") %}\nbody\n{% end %}\n\nText {% callout() %} inline.\n",
    );
    let stderr = site.build_failing();
    let found = errors(&stderr);
    assert_eq!(found.len(), 3, "{stderr}");
    assert_eq!(found[0].0, "content/a.md:4:1");
    assert!(found[0].1.contains("`details` takes a body"), "{stderr}");
    assert_eq!(found[1].0, "content/a.md:6:1");
    assert!(found[1].1.contains("`figure` takes no body"), "{stderr}");
    assert_eq!(found[2].0, "content/a.md:10:6");
    assert!(
        found[2].1.contains("must be on a line of its own"),
        "{stderr}"
    );
}

#[test]
fn calls_in_code_are_text_and_other_lines_keep_their_numbers() {
    let site = Site::new();
    site.page(
        "a.md",
        "title: A\n",
        concat!(
            "Write `{{ figure(src=\"x.png\", alt=\"y\") }}` to show a figure.\n\n",
            "```\n{% callout(kind=\"note\") %}\nText\n{% end %}\n```\n\n",
            "    {{ nope() }}\n\n",
            "<pre>{{ figure() }}</pre>\n\n",
            "{% details(summary=\"Spans\nlines\") %}\n",
            "Body.\n",
            "{% end %}\n\n",
            "An image without alt text: ![](https://img.example/x.png)\n",
        ),
    );
    let run = site.build();
    run.assert_ok();
    // Only the image's warning, at its own line, though a call over two lines came
    // before it.
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter_map(|l| l.split_once(": warning: ").map(|(at, _)| at))
        .collect();
    assert_eq!(warnings, ["content/a.md:21:28"], "{}", run.stderr);
    assert!(!run.stderr.contains(": error: "), "{}", run.stderr);
    let html = prose(&site, "a/index.html");
    assert!(
        html.contains("<code>{{ figure(src=\"x.png\", alt=\"y\") }}</code>"),
        "{html}"
    );
    assert!(
        html.contains("{% callout(kind=&quot;note&quot;) %}\nText\n{% end %}"),
        "{html}"
    );
    assert!(html.contains("{{ nope() }}"), "{html}");
    assert!(html.contains("<pre>{{ figure() }}</pre>"), "{html}");
    assert!(html.contains("<summary>Spans\nlines</summary>"), "{html}");
}

#[test]
fn safe_mode_takes_script_out_of_shortcode_output() {
    let site =
        Site::with_config("title: T\nbase_url: https://test.example\nmarkdown:\n  safe: true\n");
    site.write_bytes("content/p.jpg", &png(4, 3));
    // A site's shortcode that passes its argument on unescaped.
    site.write(
        "templates/shortcodes/raw.html",
        "{#- shortcode\nargs:\n  html: text\n-#}\n<div class=\"raw\">{{ html | safe }}</div>\n",
    );
    site.page(
        "a.md",
        "title: A\n",
        concat!(
            "{{ raw(html=\"<b onclick='alert(1)'>bold</b><script>alert(2)</script><a href='javascript:alert(3)'>x</a>\") }}\n\n",
            "{{ video(url=\"javascript:alert(4)\", poster=\"p.jpg\", title=\"t\") }}\n\n",
            "{% details(summary=\"s\") %}\n<script>alert(5)</script>\n\nok\n{% end %}\n",
        ),
    );
    site.build().assert_ok();
    let html = prose(&site, "a/index.html");
    for bad in ["<script", "alert", "onclick", "javascript:"] {
        assert!(!html.contains(bad), "{bad} in\n{html}");
    }
    assert!(
        html.contains("<div class=\"raw\"><b>bold</b><a href=\"#\">x</a></div>"),
        "{html}"
    );
    assert!(html.contains("<p>ok</p>"), "{html}");
}

#[test]
fn a_sites_own_shortcodes_override_and_add_to_the_themes() {
    let site = Site::new();
    site.write(
        "templates/shortcodes/figure.html",
        "{#- shortcode\nargs:\n  src: path\n  alt: text\n-#}\n<img class=\"mine\" src=\"{{ src }}\" alt=\"{{ alt }}\">",
    );
    // A text shortcode: its output is escaped whole.
    site.write(
        "templates/shortcodes/year.txt",
        "{#- shortcode\nargs:\n  n: integer\n  note: text?\n-#}\n<{{ n + 1 }}>{% if note %} {{ note }}{% endif %}",
    );
    site.page(
        "blog/post.md",
        "title: P\ndate: 2024-01-01\n",
        "{{ figure(src=\"chart.png\", alt=\"A\") }}\n\nNext year is {{ year(n=2024) }}, then {{ year(n=2025, note=\"a & b\") }}.\n",
    );
    site.write_bytes("content/blog/chart.png", &png(10, 10));
    site.build().assert_ok();
    let html = prose(&site, "blog/post/index.html");
    assert!(
        html.contains("<img class=\"mine\" src=\"/blog/chart.png\" alt=\"A\">"),
        "{html}"
    );
    assert!(
        html.contains("<p>Next year is &lt;2025&gt;, then &lt;2026&gt; a &amp; b.</p>"),
        "{html}"
    );
}

#[test]
fn a_shortcode_template_without_a_header_is_an_error_at_the_template() {
    let site = Site::new();
    site.write("templates/shortcodes/note.html", "<p>{{ text }}</p>\n");
    site.page("a.md", "title: A\n", "Hello.\n");
    let stderr = site.build_failing();
    assert!(
        stderr.contains("templates/shortcodes/note.html:1:1: error: a shortcode template must start with a `{#- shortcode … -#}` header"),
        "{stderr}"
    );
}

/// Every `id="…"` in `html`.
fn ids(html: &str) -> Vec<&str> {
    crate::harness::attr_values(html, "id")
}

#[test]
fn footnotes_are_collected_at_the_end_with_links_back() {
    let site = Site::new();
    site.page(
        "about.md",
        "title: About\n",
        concat!(
            "## Main\n\n",
            "First claim[^source] and second[^2], then the source again[^source].\n\n",
            "[^2]: The second note.\n\n",
            "## Fn 1\n\n",
            "[^source]: Office for *National* Statistics.\n\n",
            "Last paragraph.\n",
        ),
    );
    site.build().assert_ok();
    let page = site.read("about/index.html");
    let html = prose(&site, "about/index.html");
    // Citations are numbered in the order the text first cites them.
    assert!(
        html.contains("First claim<sup class=\"footnote-ref\"><a href=\"#fn-source\" id=\"fnref-source\" aria-describedby=\"footnotes-label\">1</a></sup>"),
        "{html}"
    );
    assert!(html.contains("second<sup class=\"footnote-ref\"><a href=\"#fn-2\" id=\"fnref-2\" aria-describedby=\"footnotes-label\">2</a></sup>"), "{html}");
    assert!(html.contains("id=\"fnref-source-2\""), "{html}");
    // The notes come after the last paragraph, in that order, each with its way back.
    let last = html.find("<p>Last paragraph.</p>").unwrap();
    let section = html.find("<section class=\"footnotes\" role=\"doc-endnotes\" aria-labelledby=\"footnotes-label\">").unwrap();
    assert!(last < section, "{html}");
    let notes = &html[section..];
    let first = notes.find("<li id=\"fn-source\">").unwrap();
    let second = notes.find("<li id=\"fn-2\">").unwrap();
    assert!(first < second, "{notes}");
    assert!(
        notes.contains("<p>Office for <em>National</em> Statistics. <a href=\"#fnref-source\" class=\"footnote-back\" aria-label=\"Back to citation 1 of note 1\">\u{21a9}\u{fe0e}</a> <a href=\"#fnref-source-2\" class=\"footnote-back\" aria-label=\"Back to citation 2 of note 1\">"),
        "{notes}"
    );
    assert!(
        notes.contains("<p>The second note. <a href=\"#fnref-2\""),
        "{notes}"
    );
    // `## Main` is not the theme's `<main id="main">`; `## Fn 1` is no note's id.
    assert!(html.contains("<h2 id=\"main-1\">Main</h2>"), "{html}");
    assert!(html.contains("<h2 id=\"section-fn-1\">Fn 1</h2>"), "{html}");
    let mut all = ids(&page);
    let count = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), count, "an id twice in {page}");
}

#[test]
fn every_page_of_the_example_site_has_unique_ids_and_working_note_links() {
    let site = Site::example();
    site.build().assert_ok();
    let mut notes_seen = 0;
    for rel in site.html_files() {
        let html = site.read(&rel);
        let mut all = ids(&html);
        let count = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), count, "{rel} has an id twice");
        // Every in-page link goes to an id on the page.
        for href in crate::harness::attr_values(&html, "href") {
            if let Some(id) = href.strip_prefix('#')
                && !id.is_empty()
            {
                assert!(all.contains(&id), "{rel}: #{id} is no id on the page");
                notes_seen += usize::from(id.starts_with("fn"));
            }
        }
    }
    assert!(notes_seen > 0, "the example site has no footnotes");
}

#[test]
fn data_files_of_every_format_reach_templates_and_shortcodes() {
    let site = Site::new();
    site.write(
        "data/services.yaml",
        "- name: Portal\n  owner: Ops\n- name: Payments\n  owner: Finance\n",
    );
    site.write(
        "data/team/people.csv",
        "name,role\nAsha,Lead\n\"Lee, Jo\",Analyst\n",
    );
    site.write("data/contact.json", "{\"phone\": \"0300 123 4567\"}");
    site.write("data/hours.toml", "[office]\nopen = \"9am\"\n");
    site.write(
        "templates/shortcodes/phone.html",
        "{#- shortcode\n-#}\n<a href=\"tel:{{ data.contact.phone }}\">{{ data.contact.phone }}</a> from {{ data.hours.office.open }}",
    );
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<div class=\"prose\">{{ page.content | safe }}</div><p class=\"owners\">{% for s in data.services %}{{ s.name }}={{ s.owner }};{% endfor %}{{ data.team.people | length }} people</p></article>{% endblock %}",
    );
    site.page(
        "about.md",
        "title: About\n",
        "Call {{ phone() }}.\n\n{{ table(data=\"team.people\", caption=\"Our team\", columns=\"name, role\") }}\n\n{{ table(data=\"services\", caption=\"Services\") }}\n",
    );
    site.build().assert_ok();
    let page = site.read("about/index.html");
    assert!(
        page.contains("<p class=\"owners\">Portal=Ops;Payments=Finance;2 people</p>"),
        "{page}"
    );
    assert!(
        page.contains("Call <a href=\"tel:0300 123 4567\">0300 123 4567</a> from 9am."),
        "{page}"
    );
    assert!(page.contains("<caption>Our team</caption>\n<thead>\n<tr><th scope=\"col\">name</th><th scope=\"col\">role</th></tr>\n</thead>\n<tbody>\n<tr><td>Asha</td><td>Lead</td></tr>\n<tr><td>Lee, Jo</td><td>Analyst</td></tr>\n</tbody>"), "{page}");
    assert!(
        page.contains("<tr><th scope=\"col\">name</th><th scope=\"col\">owner</th></tr>"),
        "{page}"
    );
    assert!(
        page.contains(
            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Services\">"
        ),
        "{page}"
    );
}

#[test]
fn broken_data_files_and_unknown_data_are_errors_at_their_lines() {
    let site = Site::new();
    site.write("data/a.yaml", "ok: 1\nbad: [x\n");
    site.write("data/b.json", "{\n  \"a\": 1,\n}\n");
    site.write("data/c.toml", "a = 1\nb =\n");
    site.write("data/d.csv", "a,b\n1,2\n3,4,5\n");
    site.write("data/e.yaml", "x: 1\n");
    site.write("data/e.json", "{}");
    site.page(
        "about.md",
        "title: About\n",
        "{{ table(data=\"servics\", caption=\"S\") }}\n",
    );
    let stderr = site.build_failing();
    let places: Vec<String> = errors(&stderr).into_iter().map(|(at, _)| at).collect();
    assert_eq!(
        places,
        [
            "content/about.md:4:10",
            "data/a.yaml:2:6",
            "data/b.json:3:1",
            "data/c.toml:2:4",
            "data/d.csv:3:1",
            "data/e.yaml"
        ],
        "{stderr}"
    );
    assert!(stderr.contains("no data `servics`"), "{stderr}");
    assert!(
        stderr.contains("`data.e` is given by more than one data file"),
        "{stderr}"
    );
}

#[test]
fn serve_renders_again_what_a_changed_data_file_or_shortcode_feeds() {
    use crate::serve::eventually;
    let site = Site::new();
    site.write("data/services.csv", "name,owner\nPortal,Ops\n");
    site.page(
        "about.md",
        "title: About\n",
        "{{ table(data=\"services\", caption=\"Services\") }}\n",
    );
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page(
        "blog/hello.md",
        "title: Hello\ndate: 2024-01-01\n",
        "Hello.\n",
    );
    let s = site.serve();
    eventually(s.port, "/about/", "the first data", |r| {
        r.status == 200 && r.body.contains("<td>Portal</td><td>Ops</td>")
    });
    // The page's text is unchanged: only the data file says what it shows now.
    site.write(
        "data/services.csv",
        "name,owner\nPortal,Digital\nPay,Finance\n",
    );
    eventually(s.port, "/about/", "the changed data", |r| {
        r.body.contains("<td>Portal</td><td>Digital</td>") && r.body.contains("<td>Pay</td>")
    });
    // A data file made while serving (the folder was there) and used by a template.
    site.write(
        "templates/shortcodes/contact.html",
        "{#- shortcode\n-#}\n<p class=\"contact\">{{ data.contact.phone }}</p>",
    );
    site.page("about.md", "title: About\n", "{{ contact() }}\n");
    site.write("data/contact.yaml", "phone: 0300 000 0001\n");
    eventually(s.port, "/about/", "the new shortcode and data", |r| {
        r.body.contains("<p class=\"contact\">0300 000 0001</p>")
    });
    site.write("data/contact.yaml", "phone: 0300 000 0002\n");
    eventually(s.port, "/about/", "the edited data", |r| {
        r.body.contains("<p class=\"contact\">0300 000 0002</p>")
    });
    // An edit to the shortcode's template alone renders the body again.
    site.write(
        "templates/shortcodes/contact.html",
        "{#- shortcode\n-#}\n<p class=\"phone\">{{ data.contact.phone }}</p>",
    );
    eventually(s.port, "/about/", "the edited shortcode", |r| {
        r.body.contains("<p class=\"phone\">0300 000 0002</p>")
    });
}

#[test]
fn a_data_folder_made_while_serving_is_watched() {
    use crate::serve::eventually;
    let site = Site::new();
    site.page("about.md", "title: About\n", "Hi.\n");
    site.write(
        "templates/shortcodes/motto.html",
        "{#- shortcode\n-#}\n<em>{% if data.motto %}{{ data.motto.text }}{% else %}none yet{% endif %}</em>",
    );
    let s = site.serve();
    site.page("about.md", "title: About\n", "Motto: {{ motto() }}\n");
    eventually(s.port, "/about/", "no data yet", |r| {
        r.body.contains("<em>none yet</em>")
    });
    site.write("data/motto.yaml", "text: Open by default\n");
    eventually(s.port, "/about/", "the new data folder", |r| {
        r.body.contains("<em>Open by default</em>")
    });
    site.write("data/motto.yaml", "text: Users first\n");
    eventually(s.port, "/about/", "the data folder's edit", |r| {
        r.body.contains("<em>Users first</em>")
    });
}

#[test]
fn a_section_makes_one_page_per_record_of_a_data_file() {
    let site = Site::new();
    site.write(
        "data/services.csv",
        "name,owner,summary\nPortal,Ops,Pay and apply\nBin collections,Waste,Weekly rounds\n",
    );
    site.page(
        "services/_index.md",
        "title: Services\ndata_pages:\n  data: services\n  template: service.html\n  permalink: /services/:title/\n  title: name\n",
        "Our services.\n",
    );
    site.write(
        "templates/service.html",
        "{% extends \"base.html\" %}{% block content %}<article><h1>{{ record.name }}</h1><p class=\"owner\">{{ record.owner }}: {{ record.summary }}</p><a href=\"{{ section_url }}\">{{ section_title }}</a></article>{% endblock %}",
    );
    site.build().assert_ok();
    let portal = site.read("services/portal/index.html");
    assert!(portal.contains("<h1>Portal</h1><p class=\"owner\">Ops: Pay and apply</p><a href=\"/services/\">Services</a>"), "{portal}");
    assert!(portal.contains("<title>Portal"), "{portal}");
    let bins = site.read("services/bin-collections/index.html");
    assert!(
        bins.contains("<p class=\"owner\">Waste: Weekly rounds</p>"),
        "{bins}"
    );
    let sitemap = site.read("sitemap.xml");
    for url in [
        "https://test.example/services/portal/",
        "https://test.example/services/bin-collections/",
    ] {
        assert!(sitemap.contains(&format!("<loc>{url}</loc>")), "{sitemap}");
    }
    let routes = site.run(&["routes"]);
    routes.assert_ok();
    assert!(
        routes
            .stdout
            .contains("data page \"Portal\" (content/services/_index.md)"),
        "{}",
        routes.stdout
    );
}

#[test]
fn data_pages_that_cannot_be_made_are_errors_at_their_section() {
    let site = Site::new();
    site.write(
        "data/people.yaml",
        "- name: Asha\n- role: Lead\n- name: asha\n",
    );
    site.write("data/motto.yaml", "text: Open\n");
    site.page(
        "people/_index.md",
        "title: People\ndata_pages:\n  data: people\n  template: person.html\n  permalink: /people/:title/\n  title: name\n",
        "",
    );
    site.page(
        "mottos/_index.md",
        "title: Mottos\ndata_pages:\n  data: motto\n  template: person.html\n  permalink: /m/:title/\n",
        "",
    );
    site.page(
        "teams/_index.md",
        "title: Teams\ndata_pages:\n  data: teams\n  tempalte: team.html\n  permalink: /t/:title/\n",
        "",
    );
    site.page(
        "about.md",
        "title: About\ndata_pages:\n  data: people\n",
        "",
    );
    let stderr = site.build_failing();
    let found = errors(&stderr);
    let has = |at: &str, what: &str| {
        assert!(
            found.iter().any(|(a, m)| a == at && m.contains(what)),
            "{at}: {what} not in\n{stderr}"
        );
    };
    has(
        "content/about.md:4:3",
        "`data_pages` belongs in a section's _index.md, not in a page",
    );
    has(
        "content/mottos/_index.md:4:3",
        "the data `motto` is not a list of records",
    );
    has(
        "content/people/_index.md:4:3",
        "record 2 of the data `people` has no `name`",
    );
    has(
        "content/people/_index.md:4:3",
        "record 3 of the data `people` (\"asha\") would be published at /people/asha/, as \"Asha\" is",
    );
    has(
        "content/people/_index.md:4:3",
        "template `person.html` not found",
    );
    has(
        "content/teams/_index.md:4:3",
        "`data_pages` has no key `tempalte`",
    );
    has(
        "content/teams/_index.md:4:3",
        "`data_pages` needs `template`",
    );
}

#[test]
fn local_images_get_their_size_and_all_but_the_first_load_lazily() {
    let site = Site::new();
    site.write_bytes("content/blog/post/chart.png", &png(640, 480));
    site.write_bytes("static/img/logo.png", &png(120, 60));
    site.page(
        "blog/post/index.md",
        "title: Post\ndate: 2024-01-01\n",
        concat!(
            "![A chart of calls](chart.png \"Calls\")\n\n",
            "![Our logo](/img/logo.png)\n\n",
            "{{ figure(src=\"chart.png\", alt=\"The chart again\") }}\n\n",
            "![Elsewhere](https://img.example/x.png)\n",
        ),
    );
    site.build().assert_ok();
    let html = prose(&site, "blog/post/index.html");
    assert!(
        html.contains("<img src=\"/blog/post/chart.png\" alt=\"A chart of calls\" title=\"Calls\" width=\"640\" height=\"480\" srcset=\"/blog/post/chart-480w.png 480w, /blog/post/chart.png 640w\" sizes=\"(max-width: 672px) calc(100vw - 2rem), 640px\" />"),
        "{html}"
    );
    assert!(
        html.contains("<img loading=\"lazy\" src=\"/img/logo.png\" alt=\"Our logo\" width=\"120\" height=\"60\" />"),
        "{html}"
    );
    assert!(
        html.contains("<img loading=\"lazy\" src=\"/blog/post/chart.png\" alt=\"The chart again\" width=\"640\" height=\"480\" srcset=\"/blog/post/chart-480w.png 480w, /blog/post/chart.png 640w\" sizes=\"(max-width: 672px) calc(100vw - 2rem), 640px\">"),
        "{html}"
    );
    assert!(
        html.contains(
            "<img loading=\"lazy\" src=\"https://img.example/x.png\" alt=\"Elsewhere\" />"
        ),
        "{html}"
    );
}

#[test]
fn missing_and_broken_images_are_errors_at_their_place() {
    let site = Site::new();
    site.write_bytes("content/blog/post/broken.png", b"not a picture");
    site.page(
        "blog/post/index.md",
        "title: Post\ndate: 2024-01-01\n",
        concat!(
            "Intro ![A chart](chart.png) here.\n\n",
            "![Broken](broken.png)\n\n",
            "{{ figure(src=\"/img/missing.png\", alt=\"x\") }}\n",
        ),
    );
    let stderr = site.build_failing();
    let found = errors(&stderr);
    let places: Vec<&str> = found.iter().map(|(at, _)| at.as_str()).collect();
    assert_eq!(
        places,
        [
            "content/blog/post/index.md:5:7",
            "content/blog/post/index.md:7:1",
            "content/blog/post/index.md:9:11",
        ],
        "{stderr}"
    );
    assert!(
        found[0]
            .1
            .contains("`chart.png` is no file of the site: the image would be broken"),
        "{stderr}"
    );
    assert!(
        found[1]
            .1
            .contains("`broken.png` is not an image daylight can read"),
        "{stderr}"
    );
    assert!(
        found[2]
            .1
            .contains("`/img/missing.png` is no file of the site"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
