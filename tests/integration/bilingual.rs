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
