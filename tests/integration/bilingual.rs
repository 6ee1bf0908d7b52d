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

/// A council that publishes in Welsh only: every page of it, the incident pages daylight
/// makes included, is drawn in the theme's Welsh words.
fn welsh_site() -> Site {
    let site = Site::with_config(
        "title: Cyngor Prawf\nbase_url: https://test.example\nlanguage: cy\nincidents:\n  services: [Taliadau ar-lein, Gwefan]\n",
    );
    site.page(
        "incidents/_index.md",
        "title: Digwyddiadau\nkind: incident\n",
        "",
    );
    // Resolved before the build (2026-06-01T12:00Z), with one action done and one overdue.
    site.page(
        "incidents/taliadau.md",
        "title: Taliadau ddim ar gael\ndate: 2026-05-23\nstatus: resolved\nseverity: P1\nstarted: 2026-05-23T09:00:00Z\ndetected: 2026-05-23T09:10:00Z\nresolved: 2026-05-23T11:05:00Z\nservices: [Taliadau ar-lein]\nactions:\n  - {action: Ychwanegu rhybudd, owner: Gweithrediadau, due: 2026-05-30, status: open}\n  - {action: Diweddaru’r llyfr rhedeg, due: 2026-05-25, status: done}\nupdates:\n  - {at: 2026-05-23T09:15:00Z, status: investigating, text: Mae taliadau cerdyn yn methu.}\n",
        "Fe dorrodd.\n",
    );
    // Open now: the status page and the banner speak of it.
    site.page(
        "incidents/gwefan.md",
        "title: Y wefan yn araf\ndate: 2026-06-01\nstatus: identified\nseverity: P3\nstarted: 2026-06-01T08:00:00Z\nservices: [Gwefan]\n",
        "Mae’n araf.\n",
    );
    site
}

/// Text without its tags, its spaces made one: what a reader hears.
fn words(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// English words the theme used to leave on Welsh pages, none of which a Welsh page
/// may say.
const ENGLISH: [&str; 26] = [
    "Critical",
    "Significant",
    "Actions tracker",
    "All incidents",
    "Narrow the list",
    "Open data:",
    "what the fields mean",
    "Time to resolve",
    "Time to detect",
    "Follow-up actions",
    " minutes",
    " hours",
    "Overdue",
    "Not assigned",
    "Open incidents",
    "Service status",
    "Follow and reuse",
    "operating normally",
    "days with incidents",
    "Incident statistics",
    "Median time",
    "Actions from incident reviews",
    " actions:",
    "incident open",
    " page ",
    "Quarter",
];

fn assert_welsh(file: &str, html: &str) {
    let text = words(html);
    for english in ENGLISH {
        assert!(!text.contains(english), "{file} says {english:?}: {text}");
    }
}

#[test]
fn welsh_incident_pages_are_in_welsh_with_welsh_durations_and_counts() {
    let site = welsh_site();
    site.build().assert_ok();
    let report = words(&site.read("incidents/taliadau/index.html"));
    assert!(report.contains("Amser i ganfod 10 munud"), "{report}");
    assert!(
        report.contains("Amser i ddatrys 1 awr 55 munud"),
        "{report}"
    );
    assert!(report.contains("Hyd 2 awr 5 munud"), "{report}");
    assert!(
        report.contains("2 cam gweithredu: 1 wedi’i wneud, 1 ar agor (1 yn hwyr)"),
        "{report}"
    );
    assert!(report.contains("Camau dilynol"), "{report}");
    assert!(report.contains("23 Mai 2026, 10:15 BST"), "{report}");
    let actions = words(&site.read("incidents/actions/index.html"));
    assert!(
        actions.contains("Camau gweithredu o adolygiadau digwyddiadau"),
        "{actions}"
    );
    assert!(actions.contains("Yn hwyr (1)"), "{actions}");
    assert!(actions.contains("30 Mai 2026"), "{actions}");
    let stats = words(&site.read("incidents/statistics/index.html"));
    assert!(stats.contains("Ystadegau digwyddiadau"), "{stats}");
    assert!(stats.contains("Ch2 2026"), "{stats}");
    assert!(
        stats.contains("yr amser canolrifol i ddatrys yw 1 awr 55 munud"),
        "{stats}"
    );
    let status = words(&site.read("status/index.html"));
    assert!(status.contains("Statws gwasanaethau"), "{status}");
    assert!(status.contains("Digwyddiadau ar agor"), "{status}");
    assert!(
        status.contains("1 gwasanaeth ddim yn gweithio’n llawn"),
        "{status}"
    );
    let list = words(&site.read("incidents/index.html"));
    assert!(list.contains("1 digwyddiad ar agor"), "{list}");
    assert!(list.contains("Traciwr camau gweithredu"), "{list}");
    let home = site.read("index.html");
    for (file, html) in [
        ("report", site.read("incidents/taliadau/index.html")),
        ("actions", site.read("incidents/actions/index.html")),
        ("statistics", site.read("incidents/statistics/index.html")),
        ("status", site.read("status/index.html")),
        ("list", site.read("incidents/index.html")),
        ("home", home),
    ] {
        assert_welsh(file, &html);
    }
    // The machine-readable summary is in the site's language too.
    let json = site.read("status.json");
    assert!(json.contains("ddim yn gweithio’n llawn"), "{json}");
}

#[test]
fn the_open_data_page_marks_daylight_s_english_documentation() {
    let site = welsh_site();
    site.build().assert_ok();
    let page = site.read("incidents/open-data/index.html");
    assert!(page.contains("<div class=\"prose\" lang=\"en\">"), "{page}");
    assert!(
        words(&page).contains("Data agored am ddigwyddiadau"),
        "{page}"
    );
    // An English site's page is English already, and says nothing.
    let site = Site::with_config("title: T\nbase_url: https://test.example\nlanguage: en-GB\n");
    site.page(
        "incidents/_index.md",
        "title: Incidents\nkind: incident\n",
        "",
    );
    site.build().assert_ok();
    let page = site.read("incidents/open-data/index.html");
    assert!(page.contains("<div class=\"prose\">"), "{page}");
}

/// The bilingual site with an incident section in both languages: an open incident
/// translated into Welsh, and a resolved one written only in English.
pub fn bilingual_incidents() -> Site {
    let site = bilingual();
    site.write(
        "site.yaml",
        &format!("{BILINGUAL_YAML}incidents:\n  services: [Website]\n"),
    );
    site.page(
        "incidents/_index.md",
        "title: Incidents\nkind: incident\n",
        "",
    );
    site.page("incidents/_index.cy.md", "title: Digwyddiadau\n", "");
    site.page(
        "incidents/slow.md",
        "title: Website slow\ndate: 2026-06-01\nstatus: identified\nseverity: P3\nstarted: 2026-06-01T08:00:00Z\nservices: [Website]\n",
        "Slow.\n",
    );
    site.page(
        "incidents/slow.cy.md",
        "title: Y wefan yn araf\ndate: 2026-06-01\nstatus: identified\nseverity: P3\nstarted: 2026-06-01T08:00:00Z\nservices: [Website]\n",
        "Araf.\n",
    );
    site.page(
        "incidents/old.md",
        "title: Payments down\ndate: 2026-05-23\nstatus: resolved\nseverity: P1\nstarted: 2026-05-23T09:00:00Z\nresolved: 2026-05-23T11:00:00Z\nservices: [Website]\n",
        "Down.\n",
    );
    site
}

#[test]
fn the_welsh_incident_list_of_a_bilingual_site_is_in_welsh_and_marks_what_is_english() {
    let site = bilingual_incidents();
    site.build().assert_ok();
    let html = site.read("cy/incidents/index.html");
    assert_welsh("cy/incidents", &html);
    let text = words(&html);
    assert!(text.contains("Pob digwyddiad"), "{text}");
    assert!(text.contains("Cyfyngu’r rhestr"), "{text}");
    // The banner names the open incident by its Welsh report, unmarked; the report
    // written only in English is listed too, and marked English (WCAG 3.1.2).
    assert!(
        html.contains("<a href=\"/cy/incidents/slow/\">Y wefan yn araf</a> (wedi’i nodi)"),
        "{html}"
    );
    assert!(!html.contains(">Website slow<"), "{html}");
    assert!(
        html.contains(
            "<a href=\"/incidents/old/\" lang=\"en-GB\" hreflang=\"en-GB\">Payments down</a>"
        ),
        "{html}"
    );
    // site.yaml's names stay in English, and say so (WCAG 3.1.2).
    assert!(html.contains(" lang=\"en-GB\">Website <span"), "{html}");
    let report = site.read("cy/incidents/slow/index.html");
    assert!(report.contains("<li lang=\"en-GB\">"), "{report}");
    // daylight's own severity levels have Welsh names in the theme's words.
    assert!(report.contains(">P3 Sylweddol</span>"), "{report}");
    // The English pages are as they were: nothing marked.
    let en = site.read("incidents/slow/index.html");
    assert!(
        !en.contains("<li lang=") && !en.contains("<span lang="),
        "{en}"
    );
}

#[test]
fn welsh_term_lists_count_their_pages_in_welsh() {
    let site = bilingual();
    site.build().assert_ok();
    let tags = words(&site.read("cy/tags/index.html"));
    assert!(tags.contains("ffyrdd (1 tudalen)"), "{tags}");
    assert!(!tags.contains("(1 page)"), "{tags}");
    // The list's name and its crumbs are Welsh, and go to the Welsh home page.
    let html = site.read("cy/tags/index.html");
    assert!(
        html.contains("<title>Tagiau – Cyngor Prawf</title>"),
        "{html}"
    );
    assert!(
        html.contains("<li><a href=\"/cy/\">Hafan</a></li>"),
        "{html}"
    );
    let term = site.read("cy/tags/ffyrdd/index.html");
    assert!(
        term.contains("<title>Tag: ffyrdd – Cyngor Prawf</title>"),
        "{term}"
    );
    assert!(term.contains("<a href=\"/cy/tags/\">Tagiau</a>"), "{term}");
    let term = words(&term);
    assert!(term.contains("1 tudalen"), "{term}");
    assert!(!term.contains("1 page"), "{term}");
    let english = words(&site.read("tags/index.html"));
    assert!(english.contains("roads (1 page)"), "{english}");
}

#[test]
fn a_welsh_accessibility_statement_is_drawn_in_welsh() {
    let site =
        Site::with_config("title: Cyngor Prawf\nbase_url: https://test.example\nlanguage: cy\n");
    site.write(
        "accessibility.yaml",
        "organisation: Cyngor Prawf\ncompliance: partial\nprepared: 2024-09-01\nreviewed: 2025-09-01\ncontact:\n  email: access@test.example\n  response: 5 diwrnod gwaith\nissues:\n  - criterion: 1.4.3\n    issue: Nid oes digon o gyferbyniad gan rywfaint o destun dolenni\n    fix_by: 2026-12-31\n",
    );
    site.page(
        "accessibility.md",
        "title: Datganiad hygyrchedd\n",
        "Ein cyflwyniad.\n",
    );
    site.build().assert_ok();
    let html = site.read("accessibility/index.html");
    let text = words(&html);
    for welsh in [
        "Pa mor hygyrch yw’r wefan hon",
        "Adborth a gwybodaeth gyswllt",
        "Y drefn orfodi",
        "Statws cydymffurfio",
        "Mae’r wefan hon yn cydymffurfio’n rhannol â safon AA Canllawiau Hygyrchedd Cynnwys y We fersiwn 2.2",
        "oherwydd yr achosion o beidio â chydymffurfio a restrir isod.",
        "Rydym yn bwriadu datrys hyn erbyn 31 Rhagfyr 2026",
        "Paratowyd y datganiad hwn ar 1 Medi 2024.",
        "Byddwn yn ystyried eich cais ac yn ymateb o fewn 5 diwrnod gwaith.",
    ] {
        assert!(text.contains(welsh), "{welsh}: {text}");
    }
    for english in [
        "How accessible",
        "Enforcement procedure",
        "We plan to fix",
        "September",
    ] {
        assert!(!text.contains(english), "{english}: {text}");
    }
    // The criterion's name is daylight's, in English: marked so.
    assert!(
        html.contains("(<span lang=\"en\">Contrast (Minimum)</span>)"),
        "{html}"
    );
}

#[test]
fn the_welsh_search_page_gives_its_script_welsh_messages() {
    let site = bilingual();
    site.build().assert_ok();
    let cy = site.read("cy/search/index.html");
    for attribute in [
        "data-say-none=\"Dim canlyniadau ar gyfer {q}.\"",
        "data-say-many=\"{n} canlyniad ar gyfer {q}.\"",
        "data-say-unavailable=\"Nid yw’r chwilio ar gael ar hyn o bryd.",
        "data-say-kind-post=\"Cofnod\"",
    ] {
        assert!(cy.contains(attribute), "{attribute}: {cy}");
    }
    let en = site.read("search/index.html");
    assert!(en.contains("data-say-none=\"No results for {q}.\""), "{en}");
    // The script reads them, with English for a theme that gives none.
    let script = site.read("js/search.js");
    assert!(
        script.contains("form.getAttribute(\"data-say-\" + key)"),
        "{script}"
    );
}

#[test]
fn a_welsh_page_names_only_welsh_feeds_and_says_it_is_welsh_to_machines() {
    let site = bilingual();
    site.build().assert_ok();
    let feeds = |html: &str| -> Vec<String> {
        html.lines()
            .filter(|l| l.starts_with("<link rel=\"alternate\" type="))
            .map(|l| crate::harness::attr_values(l, "href")[0].to_string())
            .collect()
    };
    let cy_blog = site.read("cy/blog/index.html");
    assert_eq!(
        feeds(&cy_blog),
        [
            "/cy/blog/atom.xml",
            "/cy/blog/feed.json",
            "/cy/atom.xml",
            "/cy/feed.json"
        ]
    );
    assert!(
        cy_blog.contains("title=\"Blog (cy) – Cyngor Prawf (Atom)\""),
        "{cy_blog}"
    );
    // The Welsh home and a Welsh term list name the Welsh site feed once.
    assert_eq!(
        feeds(&site.read("cy/index.html")),
        ["/cy/atom.xml", "/cy/feed.json"]
    );
    let tags = site.read("cy/tags/index.html");
    assert_eq!(feeds(&tags), ["/cy/atom.xml", "/cy/feed.json"]);
    // Their structured data: in Welsh, part of the Welsh site.
    assert!(tags.contains("\"inLanguage\":\"cy\""), "{tags}");
    assert!(
        tags.contains("\"isPartOf\":{\"@type\":\"WebSite\",\"name\":\"Cyngor Prawf\",\"url\":\"https://test.example/cy/\"}"),
        "{tags}"
    );
    assert!(cy_blog.contains("\"inLanguage\":\"cy\""), "{cy_blog}");
    let post = site.read("cy/blog/2026-01-05-bridge/index.html");
    assert!(
        post.contains("\"name\":\"Cyngor Prawf\",\"url\":\"https://test.example/cy/\""),
        "{post}"
    );
    // The English pages are as they were.
    let blog = site.read("blog/index.html");
    assert_eq!(
        feeds(&blog),
        [
            "/blog/atom.xml",
            "/blog/feed.json",
            "/atom.xml",
            "/feed.json"
        ]
    );
    assert!(blog.contains("\"inLanguage\":\"en-GB\""), "{blog}");
}

#[test]
fn severities_and_services_have_welsh_names_where_site_yaml_gives_them() {
    let site = bilingual();
    let with_names = BILINGUAL_YAML.replace(
        "    title: Cyngor Prawf\n",
        "    title: Cyngor Prawf\n    severities:\n      P3:\n        name: Sylweddol\n        description: Mae rhan o wasanaeth yn gweithio’n wael.\n    services:\n      Website: Gwefan\n",
    );
    site.write(
        "site.yaml",
        &format!("{with_names}severities:\n  - {{id: P1, name: Critical, meaning: critical}}\n  - {{id: P3, name: Significant, description: Part of a service is degraded., meaning: minor}}\nincidents:\n  services: [Website, Payments]\n"),
    );
    site.page(
        "incidents/_index.md",
        "title: Incidents\nkind: incident\n",
        "",
    );
    site.page(
        "incidents/slow.md",
        "title: Website slow\ndate: 2026-05-20\nstatus: resolved\nseverity: P3\nstarted: 2026-05-20T08:00:00Z\nresolved: 2026-05-20T09:00:00Z\nservices: [Website, Payments]\n",
        "Slow.\n",
    );
    site.page(
        "incidents/down.md",
        "title: Payments down\ndate: 2026-05-21\nstatus: resolved\nseverity: P1\nstarted: 2026-05-21T08:00:00Z\nresolved: 2026-05-21T09:00:00Z\nservices: [Payments]\n",
        "Down.\n",
    );
    site.page(
        "incidents/slow.cy.md",
        "title: Y wefan yn araf\ndate: 2026-05-20\nstatus: resolved\nseverity: P3\nstarted: 2026-05-20T08:00:00Z\nresolved: 2026-05-20T09:00:00Z\nservices: [Website, Payments]\n",
        "Araf.\n",
    );
    site.build().assert_ok();
    let report = site.read("cy/incidents/slow/index.html");
    // Named in Welsh: said in Welsh, unmarked.
    assert!(report.contains(">P3 Sylweddol</span>"), "{report}");
    assert!(
        report.contains(
            "<span class=\"facts__note\">Mae rhan o wasanaeth yn gweithio’n wael.</span>"
        ),
        "{report}"
    );
    assert!(report.contains(">Gwefan</a></li>"), "{report}");
    // Not named: in English, marked English.
    assert!(
        report.contains("<li lang=\"en-GB\"><a href=\"/cy/services/payments/\">Payments</a></li>"),
        "{report}"
    );
    let list = site.read("cy/incidents/index.html");
    assert!(
        list.contains(">P3 Sylweddol <span class=\"incident-filters__count\">"),
        "{list}"
    );
    assert!(list.contains(" lang=\"en-GB\">Payments <span"), "{list}");
    assert!(list.contains(" lang=\"en-GB\">P1 Critical <span"), "{list}");
    assert!(
        list.contains("Effeithiwyd ar: Gwefan, <span lang=\"en-GB\">Payments</span>"),
        "{list}"
    );
    // The English pages keep site.yaml's names.
    let english = site.read("incidents/slow/index.html");
    assert!(english.contains(">P3 Significant</span>") && !english.contains("Sylweddol"));

    // A Welsh name for a level the site does not have is refused, with the site's ids.
    site.write(
        "site.yaml",
        &BILINGUAL_YAML.replace(
            "    title: Cyngor Prawf\n",
            "    title: Cyngor Prawf\n    severities:\n      P9:\n        name: Dim\n",
        ),
    );
    let err = site.build_failing();
    assert!(
        err.contains("`cy` names severity `P9`, which is not one of the site's"),
        "{err}"
    );
    assert!(err.contains("P1, P2, P3, P4"), "{err}");
}

#[test]
fn daylight_s_own_severity_levels_are_named_in_the_page_s_language() {
    let site = welsh_site();
    site.build().assert_ok();
    let report = site.read("incidents/taliadau/index.html");
    assert!(report.contains(">P1 Critigol</span>"), "{report}");
    assert!(!report.contains("Critical"), "{report}");
    let list = site.read("incidents/index.html");
    assert!(list.contains(">P3 Sylweddol <span"), "{list}");
    // An English site's are as they were.
    let site = Site::new();
    site.page(
        "incidents/_index.md",
        "title: Incidents\nkind: incident\n",
        "",
    );
    site.page(
        "incidents/x.md",
        "title: X\ndate: 2026-05-20\nstatus: resolved\nseverity: P1\nstarted: 2026-05-20T08:00:00Z\nresolved: 2026-05-20T09:00:00Z\n",
        "x\n",
    );
    site.build().assert_ok();
    let report = site.read("incidents/x/index.html");
    assert!(report.contains(">P1 Critical</span>"), "{report}");
    assert!(report.contains("A service is down or data is at risk for many residents."));
}

#[test]
fn each_language_has_its_own_page_for_missing_pages() {
    let site = bilingual();
    site.build().assert_ok();
    let cy = site.read("cy/404.html");
    assert!(cy.contains("<html lang=\"cy\">"), "{cy}");
    assert!(
        cy.contains("<title>Heb ddod o hyd i’r dudalen – Cyngor Prawf</title>"),
        "{cy}"
    );
    assert!(cy.contains("<a href=\"/cy/\">fynd i’r hafan</a>"), "{cy}");
    assert!(
        cy.contains("<meta name=\"robots\" content=\"noindex\">"),
        "{cy}"
    );
    let en = site.read("404.html");
    assert!(
        en.contains("<title>Page not found – Test Council</title>"),
        "{en}"
    );
    assert!(!site.read("sitemap.xml").contains("404"));
}

#[test]
fn a_translated_bundle_shares_its_source_s_files() {
    let site = bilingual();
    site.page(
        "blog/foo/index.md",
        "title: Foo\ndate: 2026-01-06\nimage: pic.png\nimage_alt: A red square\n",
        "![A red square](pic.png)\n\n[The data](data.csv)\n",
    );
    site.page(
        "blog/foo/index.cy.md",
        "title: Ffŵ\ndate: 2026-01-06\nimage: pic.png\nimage_alt: Sgwâr coch\n",
        "![Sgwâr coch](pic.png)\n\n[Y data](data.csv)\n",
    );
    site.write_bytes("content/blog/foo/pic.png", &crate::harness::png(4, 4));
    site.write("content/blog/foo/data.csv", "a,b\n1,2\n");
    site.build().assert_ok();
    // One copy, beside the English page; the Welsh page's relative links lead to it.
    assert!(site.exists("blog/foo/pic.png") && site.exists("blog/foo/data.csv"));
    assert!(!site.exists("cy/blog/foo/pic.png"));
    let cy = site.read("cy/blog/foo/index.html");
    assert!(
        cy.contains("<img src=\"/blog/foo/pic.png\" alt=\"Sgwâr coch\""),
        "{cy}"
    );
    assert!(
        cy.contains("<a href=\"/blog/foo/data.csv\">Y data</a>"),
        "{cy}"
    );
    assert!(
        cy.contains(
            "<meta property=\"og:image\" content=\"https://test.example/blog/foo/pic.png\">"
        ),
        "{cy}"
    );
    assert!(crate::harness::broken_internal_links(&site, "https://test.example").is_empty());
    // A bundle only in Welsh keeps its files beside itself.
    site.page(
        "blog/bar/index.cy.md",
        "title: Bar\ndate: 2026-01-07\n",
        "![Sgwâr](sq.png)\n",
    );
    site.write_bytes("content/blog/bar/sq.png", &crate::harness::png(4, 4));
    site.build().assert_ok();
    assert!(site.exists("cy/blog/bar/sq.png"));
    assert!(
        site.read("cy/blog/bar/index.html")
            .contains("<img src=\"/cy/blog/bar/sq.png\"")
    );
}

#[test]
fn each_language_has_its_own_incident_filters_trackers_and_status_page() {
    let site = bilingual_incidents();
    site.build().assert_ok();
    // The Welsh pages of the incident section, each in Welsh.
    for file in [
        "cy/incidents/severity/p1/index.html",
        "cy/incidents/severity/p3/index.html",
        "cy/incidents/service/website/index.html",
        "cy/incidents/year/2026/index.html",
        "cy/incidents/actions/index.html",
        "cy/incidents/statistics/index.html",
        "cy/status/index.html",
    ] {
        let html = site.read(file);
        assert!(html.contains("<html lang=\"cy\">"), "{file}: {html}");
        assert_welsh(file, &html);
    }
    // The open data page is Welsh around daylight's English documentation of the
    // fields (marked: see the_open_data_page_marks_daylight_s_english_documentation).
    let open_data = site.read("cy/incidents/open-data/index.html");
    assert!(open_data.contains("<html lang=\"cy\">"), "{open_data}");
    assert!(
        open_data.contains("<div class=\"prose\" lang=\"en\">"),
        "{open_data}"
    );
    // The open data and badges are written once, in the default language.
    assert!(site.exists("status.json") && site.exists("incidents.json"));
    assert!(!site.exists("cy/status.json") && !site.exists("cy/incidents.json"));
    // A Welsh filter lists every incident that matches: an English-only one too,
    // marked English, and it is titled by the Welsh name of its severity.
    let p1 = site.read("cy/incidents/severity/p1/index.html");
    assert!(
        p1.contains(
            "<a href=\"/incidents/old/\" lang=\"en-GB\" hreflang=\"en-GB\">Payments down</a>"
        ),
        "{p1}"
    );
    assert!(p1.contains("<title>Digwyddiadau P1 Critigol"), "{p1}");
    let p3 = words(&site.read("cy/incidents/severity/p3/index.html"));
    assert!(
        p3.contains("Y wefan yn araf") && !p3.contains("Website slow"),
        "{p3}"
    );
    // The Welsh list's navigation stays in Welsh pages.
    let list = site.read("cy/incidents/index.html");
    for link in [
        "href=\"/cy/incidents/severity/p1/\"",
        "href=\"/cy/incidents/actions/\"",
        "href=\"/cy/incidents/statistics/\"",
    ] {
        assert!(list.contains(link), "{link}: {list}");
    }
    assert!(!list.contains("href=\"/incidents/severity/"), "{list}");
    assert!(words(&list).contains("Payments down"), "{list}");
    // The Welsh status page names the Welsh report, and its home is the Welsh one.
    let status = site.read("cy/status/index.html");
    assert!(status.contains("Y wefan yn araf"), "{status}");
    assert!(status.contains("href=\"/cy/status/atom.xml\""), "{status}");
    // The English pages list only English reports, as before.
    let en = words(&site.read("incidents/severity/p3/index.html"));
    assert!(
        en.contains("Website slow") && !en.contains("Y wefan"),
        "{en}"
    );
    let en_status = site.read("status/index.html");
    assert!(!en_status.contains("Y wefan"), "{en_status}");
}

#[test]
fn the_incident_pages_of_each_language_are_alternates_and_in_the_sitemap() {
    let site = bilingual_incidents();
    site.build().assert_ok();
    for (en, cy) in [
        ("incidents/severity/p1/", "cy/incidents/severity/p1/"),
        ("incidents/actions/", "cy/incidents/actions/"),
        ("status/", "cy/status/"),
    ] {
        for file in [en, cy] {
            let html = site.read(&format!("{file}index.html"));
            for (tag, url) in [("en-GB", en), ("cy", cy)] {
                let link = format!(
                    "<link rel=\"alternate\" hreflang=\"{tag}\" href=\"https://test.example/{url}\">"
                );
                assert!(html.contains(&link), "{file}: {link}");
            }
        }
        // The switcher goes to the same page in the other language.
        let html = site.read(&format!("{en}index.html"));
        assert!(
            html.contains(&format!(
                "<a href=\"/{cy}\" hreflang=\"cy\" lang=\"cy\">Cymraeg</a>"
            )),
            "{html}"
        );
    }
    let sitemap = site.read("sitemap.xml");
    for url in [
        "cy/status/",
        "cy/incidents/severity/p1/",
        "cy/incidents/statistics/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://test.example/{url}</loc>")),
            "{url}: {sitemap}"
        );
    }
}

#[test]
fn the_welsh_status_feed_is_in_welsh() {
    let site = bilingual_incidents();
    site.build().assert_ok();
    let feed = site.read("cy/status/atom.xml");
    assert!(feed.contains("xml:lang=\"cy\""), "{feed}");
    assert!(
        feed.contains("<title type=\"text\">Cyngor Prawf: statws gwasanaethau</title>"),
        "{feed}"
    );
    assert!(feed.contains("Y wefan yn araf"), "{feed}");
    assert!(
        feed.contains("href=\"https://test.example/cy/status/\""),
        "{feed}"
    );
    let en = site.read("status/atom.xml");
    assert!(
        en.contains("<title type=\"text\">Test Council: service status</title>"),
        "{en}"
    );
    assert!(!en.contains("Y wefan"), "{en}");
}

#[test]
fn shortcodes_say_their_words_in_the_page_s_language() {
    let site = bilingual();
    site.write_bytes("static/poster.png", &crate::harness::png(640, 360));
    let body = "{{ video(url=\"https://video.example/1\", poster=\"/poster.png\", title=\"Y bont\") }}\n\n{% callout(kind=\"warning\") %}\nGofalus.\n{% end %}\n";
    site.page("video.cy.md", "title: Fideo\n", body);
    site.page(
        "video.md",
        "title: Video\n",
        &body.replace("Y bont", "The bridge"),
    );
    site.build().assert_ok();
    let cy = site.read("cy/video/index.html");
    assert!(cy.contains("Gwyliwch y fideo: Y bont"), "{cy}");
    assert!(cy.contains("<strong>Rhybudd</strong>"), "{cy}");
    let en = site.read("video/index.html");
    assert!(en.contains("Watch the video: The bridge"), "{en}");
    assert!(en.contains("<strong>Warning</strong>"), "{en}");
}
