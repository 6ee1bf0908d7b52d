//! A blog migrated from Jekyll or Eleventy: hundreds of posts written over years, with
//! YAML as people really write it. Every post must be built.

use crate::harness::{Site, broken_internal_links};

const TOPICS: [&str; 6] = [
    "Bin collections",
    "Council tax",
    "Libraries",
    "Parking permits",
    "Planning",
    "Housing repairs",
];

/// Front matter in the forms seen in real migrated sites, varied by `i`.
fn post(i: usize) -> (String, Vec<u8>) {
    let year = 2016 + i % 8;
    let month = 1 + i % 12;
    let day = 1 + i % 28;
    let topic = TOPICS[i % TOPICS.len()];
    let title = match i % 5 {
        0 => format!("title: \"{topic}: what we changed in {year}\""),
        1 => format!("title: '{topic} — it''s {year} and we still print forms'"),
        2 => format!("title: >-\n  {topic} and the long\n  folded title number {i}"),
        3 => format!("title:    {topic} update {i}   "),
        _ => format!("title: \"Café & «{topic}» {i}\""),
    };
    let date = match i % 4 {
        0 => format!("date: {year}-{month:02}-{day:02}"),
        1 => format!("date: \"{year}-{month:02}-{day:02}T09:30:00+01:00\""),
        2 => format!("date: '{year}-{month:02}-{day:02} 10:15:00 +0000'"),
        _ => format!("date: {year}-{month:02}-{day:02}T08:00:00Z"),
    };
    let tags = match i % 3 {
        0 => format!(
            "tags: [{}, {year}, open-data]",
            topic.to_lowercase().replace(' ', "-")
        ),
        1 => format!("tags:\n  - \"{topic}\"\n  -   accessibility  "),
        _ => "tags: []".to_string(),
    };
    let summary = if i.is_multiple_of(2) {
        format!(
            "summary: \"<p>We <em>changed</em> {topic} &amp; more — see <a href='/about/'>about</a>.</p>\""
        )
    } else {
        format!("description: |\n  A literal block about {topic}.\n  Second line of it.")
    };
    let extra = format!(
        "extra:\n  layout: post\n  permalink: /{year}/{month:02}/{day:02}/post-{i}.html\n  comments: true\n  header:\n    image: /assets/img/{i}.jpg\n    caption: \"Photo: council archive\"\n  categories: [news, {topic}]"
    );
    let authors = if i.is_multiple_of(7) {
        "authors: [\"Jo Bloggs\", Sam Patel]"
    } else {
        "authors:\n- Jo Bloggs"
    };
    let aliases = format!("aliases: [\"/{year}/{month:02}/{day:02}/post-{i}.html\"]");
    let front = format!(
        "{title}\n{date}\n{tags}\n{summary}\n{authors}\n{extra}\n{aliases}\n\n# a comment line\nweight: {i}\n"
    );
    let body = format!(
        "Intro paragraph for post {i} about {topic}.  \nA hard line break above.\n\n<!-- more -->\n\n## What happened\n\n<div class=\"callout\">Raw <strong>HTML</strong> block from the old theme.</div>\n\n1. one\n2. two\n\n```ruby\nputs 'from jekyll'\n```\n\nLiquid leftovers kept as code: `{{% raw %}}{{{{ page.title }}}}{{% endraw %}}`\n\nSee [the previous post](post-{prev:03}.md).\n",
        prev = if i == 0 { 0 } else { i - 1 }
    );
    let mut text = format!("---\n{front}---\n{body}");
    if i % 10 == 3 {
        text = text.replace('\n', "\r\n");
    }
    let mut bytes = text.into_bytes();
    if i % 10 == 5 {
        bytes.splice(0..0, [0xef, 0xbb, 0xbf]);
    }
    (format!("content/blog/post-{i:03}.md"), bytes)
}

#[test]
fn a_migrated_blog_of_300_posts_builds_every_post() {
    let site = Site::with_config(
        "title: Old Blog\nbase_url: https://old.example/\ndescription: >\n  Migrated from Jekyll,\n  with folded YAML.\nauthors:\n  jo:\n    name: Jo Bloggs\n    role: Editor\n",
    );
    site.page(
        "blog/_index.md",
        "title: Blog\nkind: post\nsort_by: date\npaginate_by: 20\n",
        "All our posts.",
    );
    site.page("about.md", "title: About\n", "About us.");
    for i in 0..300 {
        let (path, bytes) = post(i);
        site.write_bytes(&path, &bytes);
    }
    let run = site.build();
    run.assert_ok();
    assert!(run.stderr.contains("built 301 pages"), "{}", run.stderr);
    for i in 0..300 {
        let html = site.read(&format!("blog/post-{i:03}/index.html"));
        assert!(
            html.contains(&format!("Intro paragraph for post {i} ")),
            "post {i} body missing"
        );
    }
    // Folded title, HTML summary kept as HTML in lists, aliases redirect.
    assert!(
        site.read("blog/post-002/index.html")
            .contains("and the long folded title number 2")
    );
    assert!(site.exists("2016/01/01/post-0.html"));
    assert!(site.exists("blog/page/15/index.html"));
    let lists: String = (1..=15)
        .map(|n| {
            if n == 1 {
                site.read("blog/index.html")
            } else {
                site.read(&format!("blog/page/{n}/index.html"))
            }
        })
        .collect();
    assert!(
        lists.contains("We <em>changed</em>"),
        "HTML summary was escaped or lost"
    );
    assert!(
        lists.matches("/blog/post-").count() >= 300,
        "some posts are missing from the blog list"
    );
    assert!(site.exists("authors/jo-bloggs/index.html"));
    assert!(
        broken_internal_links(&site, "https://old.example").is_empty(),
        "{:?}",
        broken_internal_links(&site, "https://old.example").first()
    );
}
