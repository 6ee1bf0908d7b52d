//! The places a URL can sit in HTML and CSS as written, for the passes that rewrite URLs
//! after a page is made: putting site paths under the site's mount as a file is written
//! ([`super::mount`]) and making links absolute for feed readers
//! ([`super::feeds::absolute_links`]).
//!
//! One reader of tags for both. It reads a tag's attributes as browsers do (values
//! quoted with `"` or `'`, or unquoted), skips comments, doctypes and the text of
//! `<script>`, `<textarea>` and the like, and hands `<style>` text over as CSS. Text is
//! never touched: `<code>&lt;a href="/x"&gt;</code>` is text, not a link. It changes
//! nothing but the values its caller asks it to replace.

use std::borrow::Cow;

/// A value in HTML that may hold URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found<'a> {
    /// An attribute's value as written (entities not decoded), with its tag and name as
    /// written (any case).
    Attribute {
        tag: &'a str,
        name: &'a str,
        value: &'a str,
    },
    /// The text of a `<style>` element.
    Style(&'a str),
}

/// Elements whose text is not markup: nothing in them is a tag.
const RAW_TEXT: [&str; 8] = [
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// `html` with each value `f` returns a replacement for replaced; borrowed when none is.
pub fn rewrite_html<'h>(
    html: &'h str,
    mut f: impl FnMut(Found<'_>) -> Option<String>,
) -> Cow<'h, str> {
    let b = html.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut replace = |start: usize, end: usize, with: String, out: &mut String| {
        out.push_str(&html[copied..start]);
        out.push_str(&with);
        copied = end;
    };
    let mut i = 0;
    while let Some(found) = html[i..].find('<') {
        let lt = i + found;
        if html[lt..].starts_with("<!--") {
            i = html[lt..].find("-->").map_or(b.len(), |e| lt + e + 3);
            continue;
        }
        let mut j = lt + 1;
        if !b.get(j).is_some_and(u8::is_ascii_alphabetic) {
            i = j;
            continue;
        }
        while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'>' | b'/') {
            j += 1;
        }
        let tag = &html[lt + 1..j];
        // Attributes, up to the end of the tag.
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let name_start = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let name = &html[name_start..j];
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j >= b.len() || b[j] != b'=' {
                continue;
            }
            j += 1;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j >= b.len() {
                break;
            }
            let (start, end, next) = match b[j] {
                q @ (b'"' | b'\'') => {
                    let end = html[j + 1..].find(q as char).map_or(b.len(), |e| j + 1 + e);
                    (j + 1, end, (end + 1).min(b.len()))
                }
                _ => {
                    let start = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    (start, j, j)
                }
            };
            let value = &html[start..end];
            if let Some(with) = f(Found::Attribute { tag, name, value }) {
                replace(start, end, with, &mut out);
            }
            j = next;
        }
        i = (j + 1).min(b.len());
        // The text of a raw text element runs to its end tag, whatever it holds.
        if let Some(raw) = RAW_TEXT.iter().find(|r| r.eq_ignore_ascii_case(tag)) {
            let text_end = find_end_tag(html, i, raw);
            if *raw == "style"
                && let Some(with) = f(Found::Style(&html[i..text_end]))
            {
                replace(i, text_end, with, &mut out);
            }
            i = text_end;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// Where `</name` starts at or after `from` (any case), or the end of `html`.
fn find_end_tag(html: &str, from: usize, name: &str) -> usize {
    let b = html.as_bytes();
    let mut k = from;
    while let Some(found) = html[k..].find("</") {
        let at = k + found;
        let after = at + 2;
        if b.len() >= after + name.len()
            && b[after..after + name.len()].eq_ignore_ascii_case(name.as_bytes())
            && b.get(after + name.len())
                .is_none_or(|c| c.is_ascii_whitespace() || matches!(c, b'>' | b'/'))
        {
            return at;
        }
        k = after;
    }
    b.len()
}

/// `css` with each URL `f` returns a replacement for replaced: the value of every `url()`
/// and `@import "…"`, quoted or not. Comments and other strings are left alone. In a
/// `style` attribute the quotes may be written `&quot;` or `&#39;`; those count too.
pub fn rewrite_css<'c>(css: &'c str, mut f: impl FnMut(&str) -> Option<String>) -> Cow<'c, str> {
    let b = css.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    // After `@import`, the next string is a URL.
    let mut importing = false;
    while i < b.len() {
        if css[i..].starts_with("/*") {
            i = css[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
            continue;
        }
        // Where the URL starts, what ends it, and how long that closing mark is.
        let (start, close, close_len) = if b[i] == b'"' || b[i] == b'\'' {
            if !importing {
                i = string_end(b, i);
                continue;
            }
            (i + 1, b[i], 1)
        } else if b[i] == b'@'
            && b.len() >= i + 7
            && b[i + 1..i + 7].eq_ignore_ascii_case(b"import")
        {
            importing = true;
            i += 7;
            continue;
        } else if b.len() >= i + 4
            && b[i..i + 4].eq_ignore_ascii_case(b"url(")
            && (i == 0 || !is_ident_byte(b[i - 1]))
        {
            let mut k = i + 4;
            while k < b.len() && b[k].is_ascii_whitespace() {
                k += 1;
            }
            match quote_at(css, k) {
                Some((len, q)) => (k + len, q, len),
                None => (k, b')', 0),
            }
        } else {
            if !b[i].is_ascii_whitespace() {
                importing &= b[i] != b';';
            }
            i += 1;
            continue;
        };
        importing = false;
        let end = url_end(css, start, close);
        if let Some(with) = f(&css[start..end]) {
            out.push_str(&css[copied..start]);
            out.push_str(&with);
            copied = end;
        }
        i = (end + close_len).clamp(i + 1, b.len());
    }
    if copied == 0 {
        return Cow::Borrowed(css);
    }
    out.push_str(&css[copied..]);
    Cow::Owned(out)
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c >= 0x80
}

/// A quote at `k`: its length in bytes and the byte that closes it (an entity-written
/// quote closes with `&`, where its entity starts).
fn quote_at(css: &str, k: usize) -> Option<(usize, u8)> {
    let rest = &css[k..];
    match rest.as_bytes().first() {
        Some(q @ (b'"' | b'\'')) => Some((1, *q)),
        _ => ["&quot;", "&#34;", "&#39;", "&apos;"]
            .iter()
            .find(|e| rest.starts_with(*e))
            .map(|e| (e.len(), b'&')),
    }
}

/// Where a string starting at `i` (its quote) ends, past its closing quote.
fn string_end(b: &[u8], i: usize) -> usize {
    let q = b[i];
    let mut k = i + 1;
    while k < b.len() && b[k] != q && b[k] != b'\n' {
        k += if b[k] == b'\\' { 2 } else { 1 };
    }
    (k + 1).min(b.len())
}

/// Where a URL starting at `start` ends: at `close`, or for an unquoted `url(`, at `)`
/// or white space.
fn url_end(css: &str, start: usize, close: u8) -> usize {
    let b = css.as_bytes();
    let mut k = start;
    while k < b.len() {
        let c = b[k];
        if c == close || (close == b')' && c.is_ascii_whitespace()) || c == b'\n' {
            break;
        }
        k += if c == b'\\' { 2 } else { 1 };
    }
    k.min(b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attributes(html: &str) -> Vec<(String, String, String)> {
        let mut seen = Vec::new();
        let out = rewrite_html(html, |f| {
            if let Found::Attribute { tag, name, value } = f {
                seen.push((tag.to_string(), name.to_string(), value.to_string()));
            }
            None
        });
        assert!(matches!(out, Cow::Borrowed(_)));
        seen
    }

    #[test]
    fn attributes_are_read_as_browsers_read_them() {
        let seen =
            attributes(r#"<a href="/a" title='t' hidden data-x=/y>x</a><IMG SRC = "/i.png"/>"#);
        let pairs: Vec<(&str, &str, &str)> = seen
            .iter()
            .map(|(t, n, v)| (t.as_str(), n.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("a", "href", "/a"),
                ("a", "title", "t"),
                ("a", "data-x", "/y"),
                ("IMG", "SRC", "/i.png"),
            ]
        );
    }

    #[test]
    fn text_comments_and_raw_text_hold_no_attributes() {
        let html = concat!(
            "<!-- <a href=\"/c\"> --><pre><code>&lt;a href=\"/t\"&gt;</code></pre> a < b ",
            "<script>if (a <b href=\"/s\">) {}</script><TEXTAREA><a href=\"/ta\"></textarea>",
            "<title><a href=\"/ti\"></title><p class=\"after\">"
        );
        let seen = attributes(html);
        assert_eq!(seen.len(), 1, "{seen:?}");
        assert_eq!(seen[0].2, "after");
    }

    #[test]
    fn replacements_touch_only_the_value() {
        let html = r#"<a href="/x/">x</a> <a href='/y'>y</a> <a href=/z>z</a>"#;
        let out = rewrite_html(html, |f| match f {
            Found::Attribute { value, .. } => Some(format!("/p{value}")),
            Found::Style(_) => None,
        });
        assert_eq!(
            out,
            r#"<a href="/p/x/">x</a> <a href='/p/y'>y</a> <a href=/p/z>z</a>"#
        );
        assert_eq!(rewrite_html("<a href=", |_| Some("x".into())), "<a href=");
    }

    #[test]
    fn style_elements_are_handed_over_as_css() {
        let html = "<style>a{background:url(/a.png)}</style><p>";
        let out = rewrite_html(html, |f| match f {
            Found::Style(css) => Some(css.replace("/a", "/p/a")),
            Found::Attribute { .. } => None,
        });
        assert_eq!(out, "<style>a{background:url(/p/a.png)}</style><p>");
    }

    #[test]
    fn css_urls_quoted_unquoted_and_imported() {
        let css = concat!(
            "@import \"/base.css\";\n@import url('/more.css');\n",
            "/* url(/comment.png) */ a { content: \"url(/string)\"; ",
            "background: URL( /bg.png ) , url(\"/q.png\"); }\n",
            "b { background-image: image-set(url(rel.png) 1x); } c{x:myurl(/no)}"
        );
        let mut seen = Vec::new();
        let out = rewrite_css(css, |u| {
            seen.push(u.to_string());
            None
        });
        assert!(matches!(out, Cow::Borrowed(_)));
        assert_eq!(
            seen,
            ["/base.css", "/more.css", "/bg.png", "/q.png", "rel.png"]
        );
    }

    #[test]
    fn css_in_an_attribute_may_quote_with_entities() {
        let out = rewrite_css("background:url(&quot;/a.png&quot;)", |u| {
            Some(format!("/p{u}"))
        });
        assert_eq!(out, "background:url(&quot;/p/a.png&quot;)");
    }
}
