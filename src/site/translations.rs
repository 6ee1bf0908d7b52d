//! `check` of a bilingual site's translations: a page without its translation in each
//! language (a warning; an error with site.yaml `translations: required`, nothing with
//! `optional`), a
//! translation older than its source (by `updated:`), and a translation whose front
//! matter says another date or kind than its source's. Each is said at the file and
//! line it is about.
//!
//! Reads the model only; it changes nothing, and a site in one language has nothing
//! here to say.

use crate::config::Translations;
use crate::error::Diagnostic;
use crate::language::DEFAULT;
use crate::site::Site;

/// Every problem of the site's translations, in the order of its pages.
pub fn check(site: &Site) -> Vec<Diagnostic> {
    let config = &site.config;
    if config.languages.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, p) in site.pages.iter().enumerate() {
        let page = &p.page;
        if page.language != DEFAULT || !site.is_listed(i) {
            continue;
        }
        let source = &page.source;
        for (lang, language) in config.languages.iter().enumerate().skip(1) {
            let translation = p
                .translations
                .iter()
                .copied()
                .find(|&j| site.pages[j].page.language == lang);
            let Some(j) = translation else {
                if config.translations == Translations::Optional {
                    continue;
                }
                let file = translation_file(&source.rel, &language.code);
                let message = format!(
                    "this page has no translation in {} ({})",
                    language.name, language.code
                );
                let required = config.translations == Translations::Required;
                let d = if required {
                    Diagnostic::error(&source.display, message)
                } else {
                    Diagnostic::warning(&source.display, message)
                };
                let hint = if required {
                    format!("add content/{file} beside it: site.yaml says `translations: required`")
                } else {
                    format!(
                        "add content/{file} beside it; until then its switcher leads to the {} home page",
                        language.name
                    )
                };
                out.push(
                    d.at(&source.text, source.yaml_first_line().saturating_sub(1), 1)
                        .with_hint(hint),
                );
                continue;
            };
            out.extend(compare(site, i, j));
        }
    }
    out
}

/// A translation against its source: older by `updated:`, or another date or kind.
fn compare(site: &Site, source: usize, translation: usize) -> Vec<Diagnostic> {
    let (s, t) = (&site.pages[source].page, &site.pages[translation].page);
    let src = &t.source;
    let mut out = Vec::new();
    let at = |key: &str| key_line(&src.text, key).unwrap_or_else(|| src.yaml_first_line());
    if let Some(changed) = &s.updated {
        let translated = t.updated.as_ref().or(t.date.as_ref());
        if translated.is_none_or(|w| w.timestamp() < changed.timestamp()) {
            let said = translated.map_or_else(
                || "it has no `updated:`".to_string(),
                |w| format!("it says {}", w.display_date()),
            );
            out.push(
                Diagnostic::warning(
                    &src.display,
                    format!(
                        "this translation may be out of date: its source {} was updated {}, and {said}",
                        s.source.display.display(),
                        changed.display_date()
                    ),
                )
                .at(&src.text, at("updated"), 1)
                .with_hint("bring the translation up to date with its source, then set its `updated:` to the day you did"),
            );
        }
    }
    if let (Some(a), Some(b)) = (&s.date, &t.date)
        && a.zoned.date() != b.zoned.date()
    {
        out.push(
            Diagnostic::warning(
                &src.display,
                format!(
                    "this translation's `date` ({}) is not its source's ({}, in {})",
                    b.display_date(),
                    a.display_date(),
                    s.source.display.display()
                ),
            )
            .at(&src.text, at("date"), 1)
            .with_hint("a translation was published with its source: give it the same `date:` (its own changes go in `updated:`)"),
        );
    }
    if s.kind() != t.kind() {
        out.push(
            Diagnostic::warning(
                &src.display,
                format!(
                    "this translation is {}, but its source {} is {}",
                    t.kind().a(),
                    s.source.display.display(),
                    s.kind().a()
                ),
            )
            .at(&src.text, at("kind"), 1)
            .with_hint("a translation is the same kind of page as its source: give it the same `kind:`, or none"),
        );
    }
    out
}

/// The line of a top-level key in a file's front matter (1-based).
fn key_line(text: &str, key: &str) -> Option<u32> {
    let mut lines = text.lines().enumerate();
    lines.find(|(_, l)| l.trim_end() == "---")?;
    for (n, line) in lines {
        if line.trim_end() == "---" {
            return None;
        }
        if line
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
        {
            return u32::try_from(n + 1).ok();
        }
    }
    None
}

/// The file a translation of `rel` into `code` would be: `blog/a.md` -> `blog/a.cy.md`.
pub fn translation_file(rel: &str, code: &str) -> String {
    match rel.rsplit_once('.') {
        Some((stem, extension)) if !stem.ends_with('/') => format!("{stem}.{code}.{extension}"),
        _ => format!("{rel}.{code}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translations_are_named_beside_their_source() {
        assert_eq!(translation_file("about.md", "cy"), "about.cy.md");
        assert_eq!(
            translation_file("blog/x/index.md", "cy"),
            "blog/x/index.cy.md"
        );
    }

    #[test]
    fn keys_are_found_in_the_front_matter_only() {
        let text = "---\ntitle: A\ndate: 2024-01-01\n---\ndate: not this\n";
        assert_eq!(key_line(text, "date"), Some(3));
        assert_eq!(key_line(text, "kind"), None);
        assert_eq!(key_line(text, "title"), Some(2));
    }
}
