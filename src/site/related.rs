//! A page's `related:` list: other pages of the site a reader may want next, named by
//! their content path (`blog/other.md`) or their URL (`/blog/other/`), resolved to the
//! pages so the theme shows each one's title and current URL. A name that is no
//! published page is an error at its line, never a dropped link.

use std::collections::HashMap;

use super::{Reason, SitePage};
use crate::error::Diagnostic;
use crate::output::FastHash;

/// Resolves every page's `related:` into [`SitePage::related`]. `unpublished` says why a
/// named page that exists is left out (a draft, say).
pub fn link(pages: &mut [SitePage], unpublished: &HashMap<String, Reason>) -> Vec<Diagnostic> {
    let by_source: HashMap<&str, usize, FastHash> = (pages.iter().enumerate())
        .map(|(i, p)| (p.page.source.rel.as_str(), i))
        .collect();
    let by_url: HashMap<&str, usize, FastHash> = (pages.iter().enumerate())
        .map(|(i, p)| (p.url.as_str(), i))
        .collect();
    let mut errors = Vec::new();
    let mut resolved = vec![Vec::new(); pages.len()];
    for (i, p) in pages.iter().enumerate() {
        for (written, at) in &p.page.related {
            let names = if is_content_path(written) {
                &by_source
            } else {
                &by_url
            };
            let found = if is_content_path(written) {
                let rel = written.trim_start_matches("./").trim_start_matches('/');
                by_source.get(rel).copied()
            } else {
                by_url.get(site_path(written).as_str()).copied()
            };
            let problem = match found {
                Some(j) if j == i => "names this page itself".to_string(),
                Some(j) if resolved[i].contains(&j) => "names a page twice".to_string(),
                Some(j) => {
                    resolved[i].push(j);
                    continue;
                }
                None => match unpublished.get(written.trim_start_matches('/')) {
                    Some(why) => format!("names a page that is not published ({why})"),
                    None => "names no page of the site".to_string(),
                },
            };
            let unknown = found.is_none() && !problem.contains("not published");
            // The names to suggest from are gathered only for a name that is no page.
            let best = unknown
                .then(|| crate::error::did_you_mean(written, names.keys().copied()))
                .flatten();
            let hint = match best {
                Some(best) => format!("did you mean `{best}`? "),
                None => String::new(),
            } + "each entry of `related:` is a published page's file under content/ (`blog/a-post.md`) or its URL (`/blog/a-post/`); link to other sites from the text";
            errors.push(
                p.page
                    .source
                    .error_at(at, format!("`related: {written}` {problem}"))
                    .with_hint(hint),
            );
        }
    }
    for (p, r) in pages.iter_mut().zip(resolved) {
        p.related = r;
    }
    errors
}

/// `blog/a.md` or `blog/bundle/index.md`: a file under content/, not a URL.
fn is_content_path(written: &str) -> bool {
    written.ends_with(".md") || written.ends_with(".markdown")
}

/// A URL as the site writes it: from its root, ending in `/` unless it names a file.
fn site_path(written: &str) -> String {
    let path = written.split(['#', '?']).next().unwrap_or(written);
    let mut s = format!("/{}", path.trim_start_matches('/'));
    let last = s.rsplit('/').next().unwrap_or("");
    if !s.ends_with('/') && !last.contains('.') {
        s.push('/');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::site_path;

    #[test]
    fn urls_are_read_as_the_site_writes_them() {
        assert_eq!(site_path("/blog/a/"), "/blog/a/");
        assert_eq!(site_path("blog/a"), "/blog/a/");
        assert_eq!(site_path("/blog/a/#part"), "/blog/a/");
        assert_eq!(site_path("/files/report.pdf"), "/files/report.pdf");
    }
}
