//! Bad input: each common mistake gives its error at the right file and line with a hint,
//! a build reports every broken file, and nothing panics.

use crate::harness::Site;

#[track_caller]
fn assert_has(stderr: &str, needles: &[&str]) {
    for n in needles {
        assert!(stderr.contains(n), "expected {n:?} in:\n{stderr}");
    }
}

#[test]
fn unquoted_colon_in_a_value() {
    let site = Site::new();
    site.page("a.md", "title: Update: what we learnt\n", "x");
    assert_has(&site.build_failing(), &["content/a.md:2:", "in quotes"]);
}

#[test]
fn tab_used_for_indentation() {
    let site = Site::new();
    site.page("a.md", "title: A\ntags:\n\t- one\n", "x");
    assert_has(&site.build_failing(), &["content/a.md:", "tabs"]);
}

#[test]
fn misspelt_key_suggests_the_right_one() {
    let site = Site::new();
    site.page("a.md", "title: A\ndescripton: hello\n", "x");
    assert_has(
        &site.build_failing(),
        &[
            "content/a.md:3:1: error: unknown key `descripton`",
            "did you mean `description`?",
        ],
    );
}

#[test]
fn date_in_the_wrong_form() {
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page("blog/a.md", "title: A\ndate: 12/03/2024\n", "x");
    assert_has(
        &site.build_failing(),
        &["content/blog/a.md:3:7: error: `date`", "2024-03-12"],
    );
}

#[test]
fn front_matter_never_closed() {
    let site = Site::new();
    site.write("content/a.md", "---\ntitle: A\n\nBody text\n");
    assert_has(
        &site.build_failing(),
        &[
            "content/a.md:1:1: error: the front matter that starts here is never closed",
            "add a line with only `---`",
        ],
    );
}

#[test]
fn template_that_does_not_exist() {
    let site = Site::new();
    site.page("a.md", "title: A\ntemplate: landng.html\n", "x");
    assert_has(
        &site.build_failing(),
        &[
            "content/a.md:3:11: error: template `landng.html` not found",
            "templates/",
        ],
    );
}

#[test]
fn three_broken_files_are_all_reported() {
    let site = Site::new();
    site.page("one.md", "title: One\nwieght: 3\n", "x");
    site.page("two.md", "title: \"unclosed\n", "x");
    site.page("three.md", "title: Three\n", "[gone](nowhere.md)");
    site.page("fine.md", "title: Fine\n", "x");
    let err = site.build_failing();
    assert_has(
        &err,
        &[
            "content/one.md:3:",
            "content/two.md:",
            "content/three.md:4:1: error: broken link to `nowhere.md`",
            "3 errors",
        ],
    );
}

#[test]
fn line_numbers_are_the_files_even_with_a_bom_and_crlf() {
    let site = Site::new();
    site.write_bytes(
        "content/a.md",
        b"\xef\xbb\xbf---\r\ntitle: A\r\ndate: 2024-01-01\r\nnope: 1\r\n---\r\nBody\r\n",
    );
    assert_has(
        &site.build_failing(),
        &["content/a.md:4:1: error: unknown key `nope`"],
    );
}

#[test]
fn invalid_utf8_binary_and_empty_files() {
    let site = Site::new();
    site.write_bytes("content/latin1.md", b"---\ntitle: Caf\xe9\n---\n");
    site.write_bytes("content/image.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    site.write("content/empty.md", "");
    let err = site.build_failing();
    assert_has(
        &err,
        &[
            "content/latin1.md:2:11: error: the file is not valid UTF-8",
            "content/image.md: error: this is a binary file",
            "content/empty.md: error: the file is empty",
            "3 errors",
        ],
    );
}

#[test]
fn front_matter_that_is_not_a_mapping() {
    let site = Site::new();
    site.page("a.md", "- just\n- a list\n", "x");
    assert_has(&site.build_failing(), &["content/a.md:2:"]);
}

#[test]
fn two_pages_with_one_url_name_both() {
    let site = Site::new();
    site.page("blog/a.md", "title: A\nslug: same\n", "x");
    site.page("blog/b.md", "title: B\nslug: same\n", "x");
    assert_has(
        &site.build_failing(),
        &["content/blog/a.md", "content/blog/b.md", "/blog/same/"],
    );
}

#[test]
fn field_of_another_kind_is_explained() {
    let site = Site::new();
    site.page("a.md", "title: A\nseverity: P1\n", "x");
    assert_has(
        &site.build_failing(),
        &[
            "content/a.md:3:11: error: `severity` is a field of incidents, but this page is a page",
            "kind: incident",
        ],
    );
}

#[test]
fn incident_rules_name_the_field() {
    let site = Site::new();
    site.page(
        "incidents/_index.md",
        "title: Incidents\nkind: incident\n",
        "",
    );
    site.page(
        "incidents/a.md",
        "title: A\ndate: 2024-03-12\nstatus: resolvd\nseverity: P9\nstarted: 2024-03-12T10:00:00Z\ndetected: 2024-03-12T09:00:00Z\n",
        "x",
    );
    let err = site.build_failing();
    assert_has(
        &err,
        &[
            "content/incidents/a.md:4:9: error: unknown status `resolvd`",
            "did you mean `resolved`?",
            "content/incidents/a.md:5:11: error: unknown severity `P9`",
            "content/incidents/a.md:7:11: error: the incident was `detected` before it `started`",
        ],
    );
}

#[test]
fn template_using_a_variable_that_does_not_exist_names_the_template_line() {
    let site = Site::new();
    site.page("a.md", "title: A\n", "x");
    site.write(
        "templates/page.html",
        "<p>{{ page.title }}</p>\n<p>{{ page.no_such_field }}</p>\n",
    );
    assert_has(
        &site.build_failing(),
        &["templates/page.html:2:", "no_such_field"],
    );
}

#[test]
fn template_that_includes_itself_is_an_error_not_a_hang() {
    let site = Site::new();
    site.page("a.md", "title: A\n", "x");
    site.write("templates/page.html", "{% include \"page.html\" %}");
    assert_has(&site.build_failing(), &["page.html"]);
}

#[test]
fn broken_config_names_site_yaml() {
    let site = Site::with_config("title: T\nbase_url: https://x.example\ntimezone: Europe/Londn\n");
    assert_has(
        &site.build_failing(),
        &["site.yaml:3:11: error: unknown time zone `Europe/Londn`"],
    );
    let site = Site::with_config("title: T\nbase_url: https://x.example\npaginte_by: 3\n");
    assert_has(
        &site.build_failing(),
        &[
            "site.yaml:3:1: error: unknown key `paginte_by`",
            "did you mean `paginate_by`?",
        ],
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop_and_unreadable_file_are_reported() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::new();
    site.page("ok.md", "title: Fine\n", "x");
    std::fs::create_dir_all(site.path("content/loop")).unwrap();
    std::os::unix::fs::symlink(site.path("content"), site.path("content/loop/back")).unwrap();
    site.page("secret.md", "title: S\n", "x");
    std::fs::set_permissions(
        site.path("content/secret.md"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let readable = std::fs::read(site.path("content/secret.md")).is_ok(); // root reads anything
    let err = site.build_failing();
    assert_has(&err, &["content/loop/back", "loop"]);
    if !readable {
        assert_has(&err, &["content/secret.md"]);
    }
}

#[test]
fn file_names_with_spaces_and_accents_just_work() {
    let site = Site::new();
    site.page("blog/Café à Noël.md", "title: Café\n", "x");
    site.page(
        "blog/two words.md",
        "title: Two\n",
        "[café](Café%20à%20Noël.md)",
    );
    site.build().assert_ok();
    assert!(site.exists("blog/cafe-a-noel/index.html"));
    assert!(
        site.read("blog/two-words/index.html")
            .contains("href=\"/blog/cafe-a-noel/\"")
    );
}

#[test]
fn yaml_alias_bomb_is_an_error_not_a_hang() {
    let site = Site::new();
    let mut rows = vec![
        "  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"
            .to_string(),
    ];
    for (p, c) in "abcdefg".chars().zip("bcdefgh".chars()) {
        rows.push(format!(
            "  {c}: &{c} [{}]",
            vec![format!("*{p}"); 9].join(",")
        ));
    }
    site.page(
        "bomb.md",
        &format!("title: Bomb\nextra:\n{}\n", rows.join("\n")),
        "",
    );
    let err = site.build_failing();
    assert_has(
        &err,
        &[
            "content/bomb.md:",
            "too large once its YAML aliases are expanded",
            "billion laughs",
        ],
    );
}

#[test]
fn huge_and_deeply_nested_pages_build() {
    let site = Site::new();
    let deep: String = (0..2000)
        .map(|i| format!("{}- x\n", "  ".repeat(i)))
        .collect();
    site.page("deep.md", "title: Deep\n", &deep);
    site.page(
        "quotes.md",
        "title: Quotes\n",
        &format!("{} deep\n", ">".repeat(10_000)),
    );
    let list: String = (0..100_000).map(|i| format!("    - {i}\n")).collect();
    site.page(
        "list.md",
        &format!("title: Long list\nextra:\n  items:\n{list}"),
        "x",
    );
    site.build().assert_ok();
    assert!(site.read("quotes/index.html").contains("deep"));
}

#[test]
fn an_alias_or_static_file_over_another_output_is_an_error_not_a_lost_page() {
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page("blog/a.md", "title: A\ndate: 2024-01-01\n", "x");
    site.page(
        "blog/b.md",
        "title: B\ndate: 2024-01-01\naliases: [\"/\", /atom.xml]\n",
        "x",
    );
    site.write("static/blog/a/index.html", "<p>hand-made</p>");
    let err = site.build_failing();
    assert_has(
        &err,
        &[
            "two things the site publishes are at /index.html",
            "check `aliases:` in content/blog/b.md",
            "two things the site publishes are at /atom.xml",
            "two things the site publishes are at /blog/a/index.html",
        ],
    );
    // `check` finds them too, writing nothing.
    let run = site.run(&["check"]);
    run.assert_failed();
    assert!(run.stderr.contains("/index.html"), "{}", run.stderr);
}

/// A page of `mb` megabytes of everyday Markdown: paragraphs, headings, lists, tables,
/// links and now and then some code.
fn big_body(mb: usize) -> String {
    let block = "The council met on **Tuesday** to talk about *bins*, [the budget](https://example.org/budget) \
                 and `roads`. Residents asked why the collection was late; the team explained.\n\n\
                 - first point\n- second point with [a link](other.md)\n  - nested\n\n\
                 > A quote from the meeting.\n\n| Ward | Bins |\n|---|---|\n| North | 12 |\n\n";
    let mut body = String::with_capacity(mb << 20);
    let mut i = 0;
    while body.len() < mb << 20 {
        if i % 50 == 0 {
            body.push_str(&format!("## Part {i}\n\n"));
        }
        if i % 400 == 0 {
            body.push_str("```rust\nfn main() { println!(\"hello\"); }\n```\n\n");
        }
        body.push_str(block);
        i += 1;
    }
    body.push_str("The very last words.\n");
    body
}

/// 50 MB with `cargo test --release`; a smaller page in a debug build, which is ~6× slower
/// (the 50 MB page was measured by hand with the release binary: see issue 9).
#[test]
fn a_very_large_page_builds() {
    let mb = if cfg!(debug_assertions) { 8 } else { 50 };
    let site = Site::new();
    site.page("other.md", "title: Other\n", "x");
    site.page("big.md", "title: Big\n", &big_body(mb));
    let run = site.build();
    run.assert_ok();
    assert!(!run.stderr.contains("panicked"));
    assert!(site.read("big/index.html").contains("The very last words."));
}

/// A link committed into the site that points at the build machine's files must not
/// publish them; a link to elsewhere inside the site is followed.
#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_site_are_refused_and_publish_nothing() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "TOP SECRET").unwrap();
    std::fs::write(
        outside.path().join("page.md"),
        "---\ntitle: Outside\n---\nTOP SECRET page\n",
    )
    .unwrap();
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page(
        "blog/post/index.md",
        "title: P\ndate: 2024-01-01\n",
        "![x](secret.txt)\n",
    );
    symlink(
        outside.path().join("secret.txt"),
        site.path("content/blog/post/secret.txt"),
    )
    .unwrap();
    symlink(outside.path(), site.path("content/linked")).unwrap();
    std::fs::create_dir_all(site.path("static")).unwrap();
    symlink(
        outside.path().join("secret.txt"),
        site.path("static/leak.txt"),
    )
    .unwrap();
    site.write("shared/logo.svg", "<svg/>");
    symlink(site.path("shared/logo.svg"), site.path("static/logo.svg")).unwrap();
    let err = site.build_failing();
    assert_has(
        &err,
        &[
            "content/blog/post/secret.txt: error: this symbolic link leads outside the site folder",
            "content/linked: error: this symbolic link leads outside",
            "static/leak.txt: error: this symbolic link leads outside",
            "copy the file or folder into the site",
            // The image it was meant to be is not published, so the page would show
            // a broken one.
            "content/blog/post/index.md:5:1: error: `secret.txt` is no file of the site",
            "4 errors",
        ],
    );
    assert!(!site.path("public").exists());
    // Without the links out, the link inside the site is followed.
    for link in [
        "content/blog/post/secret.txt",
        "content/linked",
        "static/leak.txt",
    ] {
        std::fs::remove_file(site.path(link)).unwrap();
    }
    site.page("blog/post/index.md", "title: P\ndate: 2024-01-01\n", "x\n");
    site.build().assert_ok();
    assert_eq!(site.read("logo.svg"), "<svg/>");
}
