//! Where pages are published: a section's `permalink:` pattern, which folders are
//! sections, pages that expire, and pages whose content lives elsewhere (`redirect_to:`).

use super::harness::{Site, request};
use super::routes::assert_routes_are_the_build;

const NOW: &str = "2026-06-01T12:00:00Z";

fn news_site(site_yaml: &str) -> Site {
    let site = Site::with_config(site_yaml);
    site.page(
        "news/_index.md",
        "title: News\nkind: post\npermalink: /:year/:month/:day/:slug/\n",
        "",
    );
    site.page(
        "news/2015-07-08-moving-in.md",
        "title: Moving in\ndate: 2015-07-08\naliases: [/old-moving-in/]\n",
        "We moved. See [bins](bins.md).\n",
    );
    site.page(
        "news/bins.md",
        "title: Bin collections\ndate: 2017-01-05\nslug: bins-2017\n",
        "New rounds.\n",
    );
    site
}

#[test]
fn a_date_permalink_is_the_url_in_routes_lists_feeds_sitemap_search_and_aliases() {
    let site = news_site("title: Test Council\nbase_url: https://test.example\n");
    site.build().assert_ok();
    // The file name's date is not part of its slug; a written `slug:` is kept whole.
    assert!(site.exists("2015/07/08/moving-in/index.html"));
    assert!(site.exists("2017/01/05/bins-2017/index.html"));
    assert!(!site.exists("news/moving-in/index.html"));
    let moving = site.read("2015/07/08/moving-in/index.html");
    assert!(
        moving.contains("href=\"/2017/01/05/bins-2017/\""),
        "{moving}"
    );
    assert!(
        site.read("news/index.html")
            .contains("href=\"/2015/07/08/moving-in/\"")
    );
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>https://test.example/2015/07/08/moving-in/</loc>")
    );
    assert!(
        site.read("news/atom.xml")
            .contains("href=\"https://test.example/2017/01/05/bins-2017/\"")
    );
    assert!(
        site.read("search/index.json")
            .contains("\"/2015/07/08/moving-in/\"")
    );
    assert!(
        site.read("old-moving-in/index.html")
            .contains("url=https://test.example/2015/07/08/moving-in/")
    );
    assert_routes_are_the_build(&site);
}

#[test]
fn a_permalink_under_a_base_url_path_is_mounted_and_served() {
    let site = news_site("title: Test Council\nbase_url: https://x.github.io/project\n");
    site.build().assert_ok();
    assert!(
        site.read("news/index.html")
            .contains("href=\"/project/2015/07/08/moving-in/\"")
    );
    assert!(
        site.read("search/index.json")
            .contains("\"/project/2015/07/08/moving-in/\"")
    );
    assert!(
        site.read("old-moving-in/index.html")
            .contains("url=https://x.github.io/project/2015/07/08/moving-in/")
    );
    let server = site.serve();
    let page = request(server.port, "GET", "/project/2017/01/05/bins-2017/").unwrap();
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Bin collections"));
    assert_eq!(
        request(server.port, "GET", "/project/news/bins-2017/")
            .unwrap()
            .status,
        404
    );
}

#[test]
fn a_permalink_ending_in_html_writes_one_file_per_page_with_its_files_beside_it() {
    let site = Site::new();
    site.page(
        "blog/_index.md",
        "title: Blog\npermalink: /:section/:slug.html\n",
        "",
    );
    site.page("blog/about-us.md", "title: About us\n", "Hello\n");
    site.page(
        "blog/team/index.md",
        "title: Our team\n",
        "![The team](team.png)\n",
    );
    site.write_bytes("content/blog/team/team.png", &crate::harness::png(40, 30));
    site.build().assert_ok();
    assert!(site.read("blog/about-us.html").contains("Hello"));
    assert!(
        site.read("blog/team.html")
            .contains("src=\"/blog/team.png\"")
    );
    assert_eq!(
        std::fs::read(site.path("public/blog/team.png")).unwrap(),
        crate::harness::png(40, 30)
    );
    assert!(!site.exists("blog/about-us/index.html"));
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>https://test.example/blog/about-us.html</loc>")
    );
    assert_routes_are_the_build(&site);
}

#[test]
fn a_subsection_takes_its_parents_permalink_and_title_makes_a_slug() {
    let site = Site::new();
    site.page(
        "news/_index.md",
        "title: News\npermalink: /:section/:year/:title/\n",
        "",
    );
    site.page("news/press/_index.md", "title: Press\n", "");
    site.page(
        "news/press/x.md",
        "title: \"Budget: what's new?\"\ndate: 2024-03-12\n",
        "x\n",
    );
    site.build().assert_ok();
    assert!(site.exists("news/press/2024/budget-what-s-new/index.html"));
}

#[test]
fn two_pages_at_one_url_are_errors_at_each_pages_slug_and_date_lines() {
    let site = Site::new();
    site.page(
        "news/_index.md",
        "title: News\nkind: post\npermalink: /:year/:month/:day/:slug/\n",
        "",
    );
    site.page(
        "news/2019/05/2019-05-02-may.md",
        "title: May\ndate: 2019-05-02\n",
        "x\n",
    );
    site.page(
        "news/other.md",
        "title: Other\ndate: 2019-05-02\nslug: may\n",
        "x\n",
    );
    let err = site.build_failing();
    assert!(
        err.contains(
            "content/news/2019/05/2019-05-02-may.md:3:7: error: this page and content/news/other.md both have the URL /2019/05/02/may/
  |
2 | title: May
3 | date: 2019-05-02
  |       ^
  = help: give one of them a `slug:` of its own (its URL takes the date and the file name)
"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "content/news/other.md:4:7: error: this page and content/news/2019/05/2019-05-02-may.md both have the URL /2019/05/02/may/
  |
3 | date: 2019-05-02
4 | slug: may
  |       ^
  = help: give one of them a different `slug:`
"
        ),
        "{err}"
    );
    // Said once, by the model: not again as two outputs at one path.
    assert!(err.contains("build failed: 2 errors"), "{err}");
}

#[test]
fn an_unknown_permalink_token_is_an_error_at_the_token() {
    let site = Site::new();
    site.page(
        "blog/_index.md",
        "title: Blog\npermalink: \"/:year/:categories/:slug/\"\n",
        "",
    );
    site.page("blog/x.md", "title: X\ndate: 2024-01-01\n", "x\n");
    let err = site.build_failing();
    assert!(
        err.contains(
            "content/blog/_index.md:3:20: error: the permalink `/:year/:categories/:slug/` has the token `:categories`, which daylight does not know
  |
2 | title: Blog
3 | permalink: \"/:year/:categories/:slug/\"
  |                    ^
  = help: a permalink's tokens are `:year`, `:month`, `:day`, `:slug`, `:section` and `:title`
"
        ),
        "{err}"
    );
}

#[test]
fn a_permalink_that_cannot_make_urls_is_refused() {
    let site = Site::new();
    site.page("a/_index.md", "title: A\npermalink: /:year/:month/\n", "");
    site.page("b/_index.md", "title: B\npermalink: /:slug\n", "");
    site.page("c/_index.md", "title: C\npermalink: :slug/\n", "");
    site.page(
        "d/_index.md",
        "title: D\nkind: page\npermalink: /:year/:slug/\n",
        "",
    );
    site.page("d/undated.md", "title: Undated\n", "x\n");
    site.page("e.md", "title: E\npermalink: /:slug/\n", "x\n");
    let err = site.build_failing();
    for expected in [
        "content/a/_index.md:3:12: error: the permalink `/:year/:month/` has no `:slug` or `:title`\n",
        "content/b/_index.md:3:17: error: the permalink `/:slug` ends in neither `/` nor `.html`\n",
        "content/c/_index.md:3:12: error: the permalink `:slug/` does not start with `/`\n",
        "content/d/undated.md:2:1: error: this page has no `date`, which the permalink of its section (/d/) needs\n",
        "content/e.md:3:12: error: `permalink` belongs in a section's _index.md, not in a page\n",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
}

#[test]
fn only_top_folders_and_folders_with_an_index_are_sections() {
    let site = Site::new();
    site.page("news/_index.md", "title: News\nkind: post\n", "");
    site.page(
        "news/2019/05/budget.md",
        "title: Budget\ndate: 2019-05-02\n",
        "x\n",
    );
    site.page(
        "news/2019/06/bins.md",
        "title: Bins\ndate: 2019-06-02\n",
        "x\n",
    );
    site.page("guides/parking/permits.md", "title: Permits\n", "x\n");
    std::fs::create_dir_all(site.path("content/empty/deeper")).unwrap();
    site.build().assert_ok();
    // A page in a plain folder keeps the folder in its URL, in its section's list.
    let news = site.read("news/index.html");
    assert!(news.contains("href=\"/news/2019/05/budget/\""), "{news}");
    assert!(news.contains("href=\"/news/2019/06/bins/\""), "{news}");
    assert!(site.exists("news/2019/05/budget/index.html"));
    assert!(!site.exists("news/2019/index.html"));
    assert!(!site.exists("news/2019/05/index.html"));
    // A top folder without an _index.md is a section; an empty one is nothing.
    assert!(
        site.read("guides/index.html")
            .contains("href=\"/guides/parking/permits/\"")
    );
    assert!(!site.exists("guides/parking/index.html"));
    assert!(!site.exists("empty/index.html"));
    assert!(!site.read("sitemap.xml").contains("/empty/"));
    assert_routes_are_the_build(&site);
}

#[test]
fn an_expired_page_is_left_out_with_its_reason_and_expired_previews_it() {
    let site = Site::new();
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page(
        "blog/consultation.md",
        "title: Consultation\ndate: 2025-01-01\nexpires: 2026-03-01\n",
        "Closed.\n",
    );
    site.page(
        "blog/open.md",
        "title: Open\ndate: 2025-01-01\nexpires: 2027-01-01\n",
        "Open.\n",
    );
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stderr.contains("  left out content/blog/consultation.md: expired (1 March 2026): remove or change `expires:` to publish it again, or preview with --expired\n"),
        "{}",
        run.stderr
    );
    assert!(!site.exists("blog/consultation/index.html"));
    assert!(site.exists("blog/open/index.html"));
    site.run(&["build", "--now", NOW, "--expired"]).assert_ok();
    assert!(site.exists("blog/consultation/index.html"));
    let check = site.run(&["check", "--now", NOW]);
    check.assert_ok();
    assert!(
        check
            .stderr
            .contains("content/blog/consultation.md: expired"),
        "{}",
        check.stderr
    );
}

#[test]
fn expires_before_date_is_an_error_at_expires() {
    let site = Site::new();
    site.page(
        "x.md",
        "title: X\ndate: 2025-01-02\nexpires: 2025-01-01\n",
        "x\n",
    );
    let err = site.build_failing();
    assert!(
        err.contains(
            "content/x.md:4:10: error: the page expires (1 January 2025) before it is dated (2 January 2025), so it would never be published
  |
3 | date: 2025-01-02
4 | expires: 2025-01-01
  |          ^
  = help: set `expires:` to a date after `date:`, or remove it
"
        ),
        "{err}"
    );
}

#[test]
fn a_link_post_redirects_is_listed_linking_to_its_target_and_is_not_in_the_sitemap() {
    let site = Site::with_config("title: Test Council\nbase_url: https://x.github.io/project\n");
    site.page("blog/_index.md", "title: Blog\nkind: post\n", "");
    site.page("blog/elsewhere.md", "title: Our talk at GovCamp\ndate: 2025-02-01\nredirect_to: https://govcamp.example/talks/ours/\n", "");
    site.page(
        "blog/moved.md",
        "title: Moved\ndate: 2025-01-01\nredirect_to: /about/\n",
        "",
    );
    site.page("about.md", "title: About\n", "x\n");
    site.build().assert_ok();
    let redirect = site.read("blog/elsewhere/index.html");
    assert!(
        redirect.contains(
            "<meta http-equiv=\"refresh\" content=\"0; url=https://govcamp.example/talks/ours/\">"
        ),
        "{redirect}"
    );
    assert!(
        site.read("blog/moved/index.html")
            .contains("url=https://x.github.io/project/about/")
    );
    let list = site.read("blog/index.html");
    assert!(
        list.contains("href=\"https://govcamp.example/talks/ours/\""),
        "{list}"
    );
    assert!(list.contains("href=\"/project/about/\""), "{list}");
    assert!(!list.contains("/blog/elsewhere/"), "{list}");
    let atom = site.read("blog/atom.xml");
    assert!(
        atom.contains("href=\"https://govcamp.example/talks/ours/\""),
        "{atom}"
    );
    let sitemap = site.read("sitemap.xml");
    assert!(
        !sitemap.contains("elsewhere") && !sitemap.contains("/blog/moved/"),
        "{sitemap}"
    );
    // The route table's check reads the sitemap of a site at the root of its host.
    site.write("site.yaml", super::harness::SITE_YAML);
    assert_routes_are_the_build(&site);
}

#[test]
fn a_redirect_to_that_is_not_a_url_is_an_error_at_its_line() {
    let site = Site::new();
    site.page("x.md", "title: X\nredirect_to: govcamp.example/talk\n", "");
    let err = site.build_failing();
    assert!(
        err.contains(
            "content/x.md:3:14: error: `redirect_to: govcamp.example/talk` is neither an http(s) URL nor a path on this site
  |
2 | title: X
3 | redirect_to: govcamp.example/talk
  |              ^
  = help: write the full address (https://example.org/post/) or a path from the site's root (/blog/x/)
"
        ),
        "{err}"
    );
}
