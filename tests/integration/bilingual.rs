//! Bilingual sites (issue 18): a translation beside its source, published under its
//! language's code, with `lang`, `hreflang` both ways, a switcher, and its own lists,
//! feeds and search.

use crate::harness::Site;

pub const BILINGUAL_YAML: &str = "title: Test Council\nbase_url: https://test.example\nlanguage: en-GB\nlanguages:\n  - code: en\n    name: English\n  - code: cy\n    name: Cymraeg\n    title: Cyngor Prawf\n";

/// A site in English and Welsh: a translated page, a page with no translation, a blog
/// with one post translated.
pub fn bilingual() -> Site {
    let site = Site::with_config(BILINGUAL_YAML);
    site.page("about.md", "title: About us\n", "We are a council.\n");
    site.page("about.cy.md", "title: Amdanom ni\n", "Cyngor ydym ni.\n");
    site.page("contact.md", "title: Contact\n", "Write to us.\n");
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page("blog/_index.cy.md", "title: Blog (cy)\n", "");
    site.page(
        "blog/2026-01-05-bridge.md",
        "title: The bridge\ndate: 2026-01-05\ntags: [roads]\n",
        "We fixed the bridge in Cardiff.\n",
    );
    site.page(
        "blog/2026-01-05-bridge.cy.md",
        "title: Y bont\ndate: 2026-01-05\ntags: [ffyrdd]\n",
        "Fe wnaethom drwsio'r bont yng Nghaerdydd.\n",
    );
    site.page(
        "blog/2026-02-01-only-english.md",
        "title: Only in English\ndate: 2026-02-01\n",
        "Not translated.\n",
    );
    site
}

#[test]
fn a_translation_is_published_under_its_language_with_its_lang() {
    let site = bilingual();
    site.build().assert_ok();
    let about = site.read("about/index.html");
    assert!(about.contains("<html lang=\"en-GB\">"), "{about}");
    let amdanom = site.read("cy/about/index.html");
    assert!(amdanom.contains("<html lang=\"cy\">"), "{amdanom}");
    assert!(amdanom.contains("Amdanom ni"));
    let post = site.read("cy/blog/2026-01-05-bridge/index.html");
    assert!(post.contains("<html lang=\"cy\">"));
    assert!(post.contains("Y bont"));
    // The Welsh home page is a home page, with its own title and the Welsh posts.
    let home = site.read("cy/index.html");
    assert!(home.contains("<html lang=\"cy\">"), "{home}");
    assert!(home.contains("Cyngor Prawf"), "{home}");
    assert!(home.contains("Y bont"), "{home}");
    assert!(!home.contains("Only in English"), "{home}");
    // The English home and blog list only English pages.
    let en_home = site.read("index.html");
    assert!(!en_home.contains("Y bont"), "{en_home}");
    let en_blog = site.read("blog/index.html");
    assert!(en_blog.contains("The bridge") && !en_blog.contains("Y bont"));
    let cy_blog = site.read("cy/blog/index.html");
    assert!(cy_blog.contains("Y bont") && !cy_blog.contains("The bridge"));
}

#[test]
fn hreflang_alternates_go_both_ways() {
    let site = bilingual();
    site.build().assert_ok();
    let about = site.read("about/index.html");
    let amdanom = site.read("cy/about/index.html");
    for html in [&about, &amdanom] {
        assert!(
            html.contains(
                "<link rel=\"alternate\" hreflang=\"en-GB\" href=\"https://test.example/about/\">"
            ),
            "{html}"
        );
        assert!(
            html.contains(
                "<link rel=\"alternate\" hreflang=\"cy\" href=\"https://test.example/cy/about/\">"
            ),
            "{html}"
        );
        assert!(html.contains(
            "<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://test.example/about/\">"
        ));
    }
    assert!(amdanom.contains("<meta property=\"og:locale\" content=\"cy_GB\">"));
    assert!(amdanom.contains("<meta property=\"og:locale:alternate\" content=\"en_GB\">"));
    assert!(about.contains("<meta property=\"og:locale\" content=\"en_GB\">"));
    // A page with no translation has no alternates.
    let contact = site.read("contact/index.html");
    assert!(!contact.contains("hreflang=\"cy\" href"), "{contact}");
}

#[test]
fn a_site_with_one_language_has_no_language_folder_and_no_alternates() {
    let site = Site::new();
    site.page("about.md", "title: About\n", "Hi.\n");
    site.page("about.cy.md", "title: Amdanom\n", "Helo.\n");
    site.build().assert_ok();
    // Without `languages:`, `about.cy.md` is a page like any other.
    assert!(site.exists("about-cy/index.html"));
    assert!(!site.exists("cy/index.html"));
    assert!(!site.read("about/index.html").contains("hreflang"));
}

#[test]
fn a_folder_named_as_a_language_is_refused() {
    let site = bilingual();
    site.page("cy/x.md", "title: X\n", "x\n");
    let err = site.build_failing();
    assert!(err.contains("content/cy"), "{err}");
    assert!(err.contains("name.cy.md"), "{err}");
}

#[test]
fn a_page_can_say_its_own_language_and_direction() {
    let site = bilingual();
    site.page("salam.md", "title: Salam\nlang: ar\ndir: rtl\n", "مرحبا\n");
    site.build().assert_ok();
    let html = site.read("salam/index.html");
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"), "{html}");
    site.page("bad.md", "title: Bad\ndir: sideways\n", "x\n");
    let err = site.build_failing();
    assert!(err.contains("content/bad.md:3"), "{err}");
    assert!(
        err.contains("`dir`: `sideways` is not a text direction"),
        "{err}"
    );
}

#[test]
fn the_switcher_links_the_translation_or_says_it_goes_home() {
    let site = bilingual();
    site.build().assert_ok();
    let about = site.read("about/index.html");
    assert!(
        about.contains("<li><a href=\"/cy/about/\" hreflang=\"cy\" lang=\"cy\">Cymraeg</a></li>"),
        "{about}"
    );
    let amdanom = site.read("cy/about/index.html");
    assert!(
        amdanom
            .contains("<li><a href=\"/about/\" hreflang=\"en-GB\" lang=\"en-GB\">English</a></li>"),
        "{amdanom}"
    );
    // No translation: the link goes to the Welsh home page and says so, in Welsh.
    let contact = site.read("contact/index.html");
    assert!(
        contact.contains(
            "<a href=\"/cy/\" hreflang=\"cy\" lang=\"cy\">Cymraeg<span class=\"language-switcher__note\">: hafan Gymraeg (nid yw’r dudalen hon ar gael yn Gymraeg)</span></a>"
        ),
        "{contact}"
    );
}

#[test]
fn welsh_pages_have_the_theme_s_welsh_words_and_dates() {
    let site = bilingual();
    site.build().assert_ok();
    let post = site.read("cy/blog/2026-01-05-bridge/index.html");
    assert!(post.contains("Neidio i’r prif gynnwys"), "{post}");
    assert!(post.contains("<time datetime=\"2026-01-05T00:00:00+00:00\">5 Ionawr 2026</time>"));
    assert!(post.contains("1 munud o ddarllen"));
    assert!(post.contains("<li><a href=\"/cy/\">Hafan</a></li>"));
    let english = site.read("blog/2026-01-05-bridge/index.html");
    assert!(english.contains("5 January 2026") && english.contains("Skip to main content"));
}

#[test]
fn a_site_overrides_the_theme_s_words_in_its_own_i18n_folder() {
    let site = bilingual();
    site.write("i18n/cy.yaml", "skip_link: \"Ymlaen i’r cynnwys\"\n");
    site.build().assert_ok();
    let about = site.read("cy/about/index.html");
    assert!(about.contains(">Ymlaen i’r cynnwys</a>"), "{about}");
    // The rest are the theme's.
    assert!(about.contains("Cwcis:"));
    site.write("i18n/cy.yaml", "skip_link: [unclosed\n");
    let err = site.build_failing();
    assert!(err.contains("i18n/cy.yaml:1"), "{err}");
}

#[test]
fn each_language_has_its_own_feeds_and_search_index() {
    let site = bilingual();
    site.build().assert_ok();
    let atom = site.read("atom.xml");
    assert!(
        atom.contains("The bridge") && !atom.contains("Y bont"),
        "{atom}"
    );
    let cy_atom = site.read("cy/atom.xml");
    assert!(
        cy_atom.contains("Y bont") && !cy_atom.contains("The bridge"),
        "{cy_atom}"
    );
    let cy_blog = site.read("cy/blog/atom.xml");
    assert!(cy_blog.contains("Y bont"));
    let index = site.read("search/index.json");
    assert!(index.contains("The bridge") && !index.contains("Y bont"));
    let cy_index = site.read("cy/search/index.json");
    assert!(cy_index.contains("Y bont") && !cy_index.contains("The bridge"));
    assert!(cy_index.contains("nghaerdydd"), "{cy_index}");
    let cy_search = site.read("cy/search/index.html");
    assert!(cy_search.contains("data-search-index=\"/cy/search/index.json\""));
    assert!(cy_search.contains("<script src=\"/js/welsh.js\" defer></script>"));
    assert!(!site.read("search/index.html").contains("welsh.js"));
}

#[test]
fn the_sitemap_names_each_translation_both_ways() {
    let site = bilingual();
    site.build().assert_ok();
    let map = site.read("sitemap.xml");
    assert!(map.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    for loc in [
        "https://test.example/about/",
        "https://test.example/cy/about/",
    ] {
        let at = map
            .find(&format!("<loc>{loc}</loc>"))
            .unwrap_or_else(|| panic!("{loc} not in {map}"));
        let entry = &map[at..at + map[at..].find("</url>").unwrap()];
        assert!(entry.contains(
            "<xhtml:link rel=\"alternate\" hreflang=\"cy\" href=\"https://test.example/cy/about/\"/>"
        ), "{entry}");
        assert!(entry.contains(
            "<xhtml:link rel=\"alternate\" hreflang=\"en-GB\" href=\"https://test.example/about/\"/>"
        ), "{entry}");
    }
    // A page with no translation has none.
    let at = map
        .find("<loc>https://test.example/contact/</loc>")
        .unwrap();
    let entry = &map[at..at + map[at..].find("</url>").unwrap()];
    assert!(!entry.contains("xhtml:link"), "{entry}");
    // A site in one language writes no xhtml namespace.
    let one = Site::new();
    one.page("about.md", "title: About\n", "x\n");
    one.build().assert_ok();
    assert!(!one.read("sitemap.xml").contains("xhtml"));
}

#[test]
fn check_warns_of_a_missing_translation_at_its_file_and_line() {
    let site = bilingual();
    let run = site.run(&["check", "--now", "2026-06-01T12:00:00Z"]);
    run.assert_ok();
    assert!(
        run.stderr.contains(
            "content/contact.md:1:1: warning: this page has no translation in Cymraeg (cy)"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("add content/contact.cy.md beside it"));
    // The translated page is not listed.
    assert!(
        !run.stderr.contains("content/about.md:1:1"),
        "{}",
        run.stderr
    );
    // In JSON too, with its path and line.
    let json = site.run(&["check", "--format", "json", "--now", "2026-06-01T12:00:00Z"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let found = v["diagnostics"].as_array().unwrap().iter().any(|d| {
        d["path"] == "content/contact.md"
            && d["line"] == 1
            && d["severity"] == "warning"
            && d["message"]
                .as_str()
                .is_some_and(|m| m.contains("no translation in Cymraeg"))
    });
    assert!(found, "{}", json.stdout);
}

#[test]
fn required_translations_make_a_missing_one_an_error_and_optional_ones_say_nothing() {
    let site = bilingual();
    site.write(
        "site.yaml",
        &format!("{}translations: required\n", BILINGUAL_YAML),
    );
    let err = site.build_failing();
    assert!(
        err.contains("content/contact.md:1:1: error: this page has no translation in Cymraeg (cy)"),
        "{err}"
    );
    site.write(
        "site.yaml",
        &format!("{}translations: optional\n", BILINGUAL_YAML),
    );
    let run = site.run(&["check", "--now", "2026-06-01T12:00:00Z"]);
    run.assert_ok();
    assert!(!run.stderr.contains("no translation"), "{}", run.stderr);
    site.write(
        "site.yaml",
        &format!("{}translations: sometimes\n", BILINGUAL_YAML),
    );
    let err = site.build_failing();
    assert!(err.contains("site.yaml:"), "{err}");
    assert!(err.contains("`translations`: `sometimes`"), "{err}");
}

#[test]
fn check_warns_of_a_translation_older_than_its_source_or_contradicting_it() {
    let site = bilingual();
    site.page(
        "news.md",
        "title: News\ndate: 2026-01-10\nupdated: 2026-03-01\n",
        "Changed.\n",
    );
    site.page(
        "news.cy.md",
        "title: Newyddion\ndate: 2026-01-11\nupdated: 2026-02-01\nkind: post\n",
        "Wedi newid.\n",
    );
    let run = site.run(&["check", "--now", "2026-06-01T12:00:00Z"]);
    assert!(
        run.stderr.contains("content/news.cy.md:4:1: warning: this translation may be out of date: its source content/news.md was updated 1 March 2026, and it says 1 February 2026"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/news.cy.md:3:1: warning: this translation's `date` (11 January 2026) is not its source's (10 January 2026, in content/news.md)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "content/news.cy.md:5:1: warning: this translation is a post, but its source content/news.md is a page"
        ),
        "{}",
        run.stderr
    );
    // Brought up to date, nothing is said.
    site.page(
        "news.cy.md",
        "title: Newyddion\ndate: 2026-01-10\nupdated: 2026-03-01\n",
        "Wedi newid.\n",
    );
    let run = site.run(&["check", "--now", "2026-06-01T12:00:00Z"]);
    assert!(!run.stderr.contains("news.cy.md"), "{}", run.stderr);
}

#[test]
fn a_phrase_in_another_language_is_marked_even_in_safe_mode() {
    let site = bilingual();
    site.write(
        "site.yaml",
        &format!("{BILINGUAL_YAML}markdown:\n  safe: true\n"),
    );
    site.page(
        "about.cy.md",
        "title: Amdanom ni\n",
        "Rydym wedi llofnodi’r {{ lang(code=\"en\", text=\"Digital Declaration\") }}. <span lang=\"fr\">raw</span>\n",
    );
    site.build().assert_ok();
    let html = site.read("cy/about/index.html");
    assert!(
        html.contains("<span lang=\"en\" dir=\"auto\">Digital Declaration</span>"),
        "{html}"
    );
    // Raw HTML is still removed in safe mode: the shortcode is the way.
    assert!(!html.contains("<span lang=\"fr\">"), "{html}");
}

#[test]
fn each_language_has_its_own_tags() {
    let site = bilingual();
    site.build().assert_ok();
    let roads = site.read("tags/roads/index.html");
    assert!(roads.contains("The bridge") && !roads.contains("Y bont"));
    let ffyrdd = site.read("cy/tags/ffyrdd/index.html");
    assert!(ffyrdd.contains("Y bont") && !ffyrdd.contains("The bridge"));
    assert!(!site.exists("tags/ffyrdd/index.html"));
    let post = site.read("cy/blog/2026-01-05-bridge/index.html");
    assert!(post.contains("href=\"/cy/tags/ffyrdd/\""), "{post}");
}

#[test]
fn init_makes_a_site_in_one_language_unless_asked_for_two() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one");
    crate::harness::run_bin([std::ffi::OsStr::new("init"), one.as_os_str()]).assert_ok();
    assert!(
        !std::fs::read_to_string(one.join("site.yaml"))
            .unwrap()
            .contains("languages:")
    );
    assert!(!one.join("content/about.cy.md").exists());
    assert!(one.join("content/about.md").exists());
    let two = dir.path().join("two");
    crate::harness::run_bin([
        std::ffi::OsStr::new("init"),
        two.as_os_str(),
        std::ffi::OsStr::new("--bilingual"),
    ])
    .assert_ok();
    assert!(
        std::fs::read_to_string(two.join("site.yaml"))
            .unwrap()
            .contains("languages:")
    );
    assert!(two.join("content/about.cy.md").exists());
}

#[test]
fn new_with_lang_writes_a_translation_s_file_name() {
    let site = bilingual();
    let run = site.run(&[
        "new",
        "post",
        "Y bont newydd",
        "--lang",
        "cy",
        "--now",
        "2026-03-02T10:00:00Z",
    ]);
    run.assert_ok();
    assert!(
        run.stdout
            .trim_end()
            .ends_with("content/blog/2026-03-02-y-bont-newydd.cy.md"),
        "{}",
        run.stdout
    );
    site.build().assert_ok();
    assert!(site.exists("cy/blog/2026-03-02-y-bont-newydd/index.html"));
    let run = site.run(&["new", "page", "Salut", "--lang", "fr"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`fr` is not one of the site's other languages"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("`cy`"), "{}", run.stderr);
}

#[test]
fn every_hreflang_alternate_of_the_example_site_is_a_page_of_it() {
    let site = Site::example();
    site.build().assert_ok();
    let base = "https://digital.northbridge.example";
    let mut pairs = 0;
    for file in site.html_files() {
        let html = site.read(&file);
        for line in html
            .lines()
            .filter(|l| l.contains(" hreflang=\"") && l.starts_with("<link"))
        {
            let href = crate::harness::attr_values(line, "href")[0];
            let path = href
                .strip_prefix(base)
                .unwrap_or_else(|| panic!("{file}: {href}"));
            assert!(
                site.exists(&format!("{}index.html", path.trim_start_matches('/'))),
                "{file} names {href}, which does not exist"
            );
            pairs += 1;
        }
    }
    // Home, about, accessibility, a weeknote, an incident, the plan and their lists.
    assert!(pairs > 20, "only {pairs} alternates");
    assert!(
        site.read("cy/about/index.html")
            .contains("<html lang=\"cy\">")
    );
}
