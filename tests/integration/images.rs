//! Pictures and files in bodies (issue 16): resized copies beside the original in a
//! `srcset`, made once and kept in `.daylight-cache/images/` between builds, never wider
//! than the original; broken and oversized pictures are errors where they are embedded; a
//! site without pictures does no picture work; every local file a page links to must
//! exist, else an error at its place with a did-you-mean.

use std::io::Cursor;

use crate::harness::{SITE_YAML, Site, png};

/// A JPEG of `w` by `h` pixels.
fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let mut b = Vec::new();
    image::DynamicImage::new_rgb8(w, h)
        .write_to(&mut Cursor::new(&mut b), image::ImageFormat::Jpeg)
        .unwrap();
    b
}

/// The size of a picture the build wrote.
fn size_of(site: &Site, rel: &str) -> (usize, usize) {
    let s = imagesize::size(site.path(&format!("public/{rel}")))
        .unwrap_or_else(|e| panic!("{rel}: {e}"));
    (s.width, s.height)
}

/// The files in the site's picture cache, sorted.
fn cached(site: &Site) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.path(".daylight-cache/images"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn pictures_get_resized_copies_in_a_srcset_made_once_and_kept_between_builds() {
    let site = Site::new();
    site.write_bytes("content/blog/post/photo.jpg", &jpeg(1600, 900));
    site.write_bytes("static/img/wide.png", &png(1000, 500));
    site.write_bytes("static/img/small.png", &png(300, 200));
    site.write_bytes("static/img/anim.gif", &gif(2000, 10));
    site.page(
        "blog/post/index.md",
        "title: Post\ndate: 2024-01-01\n",
        concat!(
            "![A photo](photo.jpg)\n\n",
            "{{ figure(src=\"/img/wide.png\", alt=\"A wide chart\") }}\n\n",
            "![Small](/img/small.png) ![Moving](/img/anim.gif)\n",
        ),
    );
    // A second page with the same picture: its copies are made once.
    site.page(
        "about.md",
        "title: About\n",
        "![A wide chart](/img/wide.png)\n",
    );
    site.build().assert_ok();
    let html = site.read("blog/post/index.html");
    assert!(
        html.contains(concat!(
            "<img src=\"/blog/post/photo.jpg\" alt=\"A photo\" width=\"1600\" height=\"900\" ",
            "srcset=\"/blog/post/photo-480w.jpg 480w, /blog/post/photo-960w.jpg 960w, ",
            "/blog/post/photo-1440w.jpg 1440w, /blog/post/photo.jpg 1600w\" ",
            "sizes=\"(max-width: 736px) calc(100vw - 2rem), 704px\" />"
        )),
        "{html}"
    );
    assert!(
        html.contains(
            "srcset=\"/img/wide-480w.png 480w, /img/wide-960w.png 960w, /img/wide.png 1000w\""
        ),
        "{html}"
    );
    // No copy wider than the original, and none of a GIF or a small picture.
    assert!(
        html.contains("<img loading=\"lazy\" src=\"/img/small.png\" alt=\"Small\" width=\"300\" height=\"200\" />"),
        "{html}"
    );
    assert!(
        html.contains("<img loading=\"lazy\" src=\"/img/anim.gif\" alt=\"Moving\" width=\"2000\" height=\"10\" />"),
        "{html}"
    );
    for (rel, size) in [
        ("blog/post/photo-480w.jpg", (480, 270)),
        ("blog/post/photo-960w.jpg", (960, 540)),
        ("blog/post/photo-1440w.jpg", (1440, 810)),
        ("img/wide-480w.png", (480, 240)),
        ("img/wide-960w.png", (960, 480)),
    ] {
        assert_eq!(size_of(&site, rel), size, "{rel}");
    }
    for absent in [
        "blog/post/photo-1600w.jpg",
        "img/wide-1440w.png",
        "img/small-480w.png",
        "img/anim-480w.gif",
    ] {
        assert!(!site.exists(absent), "{absent}");
    }
    assert!(
        std::fs::read(site.path("public/blog/post/photo-480w.jpg"))
            .unwrap()
            .starts_with(&[0xFF, 0xD8]),
        "a JPEG's copies are JPEGs"
    );
    let kept = cached(&site);
    assert_eq!(kept.len(), 5, "{kept:?}");

    // A second build takes the copies from the cache: one replaced there by a picture of
    // another height shows that it was not made again.
    let wide_480 = kept
        .iter()
        .find(|n| n.ends_with("-480.png"))
        .expect("the wide picture's 480 copy");
    site.write_bytes(&format!(".daylight-cache/images/{wide_480}"), &png(480, 7));
    site.build().assert_ok();
    assert_eq!(size_of(&site, "img/wide-480w.png"), (480, 7));
    assert_eq!(cached(&site), kept);

    // A changed picture gets new copies (its bytes are the cache's key).
    site.write_bytes("static/img/wide.png", &png(1000, 300));
    site.build().assert_ok();
    assert_eq!(size_of(&site, "img/wide-480w.png"), (480, 144));
    assert_eq!(cached(&site).len(), 7);
}

#[test]
fn a_site_without_pictures_does_no_picture_work() {
    let site = Site::new();
    site.write_bytes("static/img/wide.png", &png(1000, 500));
    site.page(
        "about.md",
        "title: About\n",
        "No pictures, a [link](/img/wide.png).\n",
    );
    site.build().assert_ok();
    assert!(!site.path(".daylight-cache").exists());
    assert!(!site.exists("img/wide-480w.png"));
}

#[test]
fn broken_and_oversized_pictures_are_errors_where_they_are_embedded() {
    let site = Site::new();
    // A PNG whose header says 1000 × 500 and whose pixels are missing.
    let mut broken = png(1000, 500);
    broken.truncate(40);
    site.write_bytes("content/blog/post/broken.png", &broken);
    site.write_bytes("content/blog/post/bomb.png", &png_header(60_000, 60_000));
    site.page(
        "blog/post/index.md",
        "title: Post\ndate: 2024-01-01\n",
        concat!(
            "Text.\n\n",
            "A broken one: ![Broken](broken.png)\n\n",
            "{{ figure(src=\"bomb.png\", alt=\"Huge\") }}\n",
        ),
    );
    let stderr = site.build_failing();
    let lines: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].starts_with(
            "content/blog/post/index.md:7:15: error: `/blog/post/broken.png` could not be resized"
        ),
        "{stderr}"
    );
    assert!(
        lines[1].starts_with(
            "content/blog/post/index.md:9:11: error: `/blog/post/bomb.png` could not be resized: it is 60000 × 60000 pixels (3600 megapixels); daylight decodes at most 50"
        ),
        "{stderr}"
    );
}

/// A PNG of `w` by `h` pixels with nothing after its header: a decompression bomb's
/// claim, without the bomb.
fn png_header(w: u32, h: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    b.extend(w.to_be_bytes());
    b.extend(h.to_be_bytes());
    // No checksum: daylight judges the size from the header before any decoder reads it.
    b.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
    b
}

/// A GIF of `w` by `h` pixels: its header, which is all daylight reads of a GIF.
fn gif(w: u16, h: u16) -> Vec<u8> {
    let mut b = b"GIF89a".to_vec();
    b.extend(w.to_le_bytes());
    b.extend(h.to_le_bytes());
    b.extend([0, 0, 0, b';']);
    b
}

#[test]
fn links_to_files_that_are_not_there_are_errors_with_a_did_you_mean() {
    let site = Site::new();
    site.write("static/docs/report.pdf", "%PDF-1.4\n");
    site.write("content/blog/post/data.csv", "a,b\n1,2\n");
    site.page("about.md", "title: About\n", "About us.\n");
    site.page(
        "blog/post/index.md",
        "title: Post\ndate: 2024-01-01\n",
        concat!(
            "[The report](/docs/report.pdf), [the data](data.csv), [about](/about/), ",
            "[about](/about), [about](/about/index.html#team), [home](/).\n\n",
            "[A typo](/docs/reprot.pdf) and [another](dta.csv).\n\n",
            "[Moved](/files/report.pdf) and [gone](/nothing/here.txt).\n",
        ),
    );
    let stderr = site.build_failing();
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        errors,
        [
            "content/blog/post/index.md:7:1: error: `/docs/reprot.pdf` is no file of the site: the link would be broken",
            "content/blog/post/index.md:7:32: error: `dta.csv` is no file of the site: the link would be broken",
            "content/blog/post/index.md:9:1: error: `/files/report.pdf` is no file of the site: the link would be broken",
            "content/blog/post/index.md:9:32: error: `/nothing/here.txt` is no file of the site: the link would be broken",
        ],
        "{stderr}"
    );
    let hints: Vec<&str> = stderr.lines().filter(|l| l.contains("= help:")).collect();
    assert!(
        hints[0].contains("did you mean `/docs/report.pdf`?"),
        "{stderr}"
    );
    assert!(hints[1].contains("did you mean `data.csv`?"), "{stderr}");
    assert!(
        hints[2].contains("did you mean `/docs/report.pdf`?"),
        "{stderr}"
    );
    assert!(!hints[3].contains("did you mean"), "{stderr}");
}

#[test]
fn a_site_moved_from_elsewhere_can_make_broken_links_warnings_and_still_build() {
    let body = "[Contact us](/contact/) and ![A chart](/assets/chart.png).\n";
    let strict = Site::new();
    strict.page("blog/post.md", "title: Post\ndate: 2024-01-01\n", body);
    let stderr = strict.build_failing();
    assert!(
        stderr.contains("content/blog/post.md:5:1: error: `/contact/` is no file of the site"),
        "{stderr}"
    );

    let moved = Site::with_config(&format!("{SITE_YAML}markdown:\n  broken_links: warning\n"));
    moved.page("blog/post.md", "title: Post\ndate: 2024-01-01\n", body);
    let run = moved.build();
    run.assert_ok();
    let warnings: Vec<&str> = (run.stderr.lines())
        .filter(|l| l.contains(": warning: "))
        .collect();
    assert_eq!(
        warnings,
        [
            "content/blog/post.md:5:1: warning: `/contact/` is no file of the site: the link would be broken",
            "content/blog/post.md:5:29: warning: `/assets/chart.png` is no file of the site: the image would be broken",
        ],
        "{}",
        run.stderr
    );
    assert!(moved.read("blog/post/index.html").contains("Contact us"));

    let wrong = Site::with_config(&format!("{SITE_YAML}markdown:\n  broken_links: ignore\n"));
    let stderr = wrong.build_failing();
    assert!(
        stderr.contains("site.yaml:4:17: error: unknown broken_links `ignore`"),
        "{stderr}"
    );
}
