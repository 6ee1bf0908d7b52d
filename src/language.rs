//! The languages of a bilingual site (site.yaml `languages:`): which language a file is
//! in, and where its pages sit in the model.
//!
//! A translation sits beside its source, `about.cy.md` beside `about.md` (`index.cy.md`
//! in a bundle, `_index.cy.md` for a section), as in Hugo and Zola. The walk gives a
//! page in a language other than the default a section folder under the language's
//! code (`cy/blog`), so every section, list, page number and feed of the model exists
//! once per language with nothing else knowing; [`crate::urls`] makes that folder the
//! URL `/cy/blog/`. A real folder `content/cy/` would be the same folder, so it is
//! refused when `cy` is a language.
//!
//! Pure functions on names: this module reads no file and knows nothing of the model.

use crate::config::Config;

/// A language's place in site.yaml's `languages:` (0, the default, for a site with
/// none).
pub type LangId = usize;

/// The default language, and the only one of a site without `languages:`.
pub const DEFAULT: LangId = 0;

/// A translation's file, read from its name: `blog/a.cy.md` -> (`blog/a.md`, cy).
/// None for a file in no language of the site's, or any file of a site in one language.
/// The default language's own code (`about.en.md`) names the default language.
pub fn of_file(rel: &str, config: &Config) -> Option<(String, LangId)> {
    if config.languages.is_empty() {
        return None;
    }
    let (folder, file) = match rel.rsplit_once('/') {
        Some((folder, file)) => (Some(folder), file),
        None => (None, rel),
    };
    let (stem, extension) = file.rsplit_once('.')?;
    let (base, code) = stem.rsplit_once('.')?;
    if base.is_empty() {
        return None;
    }
    let lang = config
        .languages
        .iter()
        .position(|l| l.code.eq_ignore_ascii_case(code))?;
    let file = format!("{base}.{extension}");
    Some((
        folder.map_or_else(|| file.clone(), |f| format!("{f}/{file}")),
        lang,
    ))
}

/// The folder in the model of a section folder in language `lang`: `blog` in Welsh is
/// `cy/blog`, the home page's `""` is `cy`; the default language's as it is.
pub fn folder(dir: &str, lang: LangId, config: &Config) -> String {
    match config.languages.get(lang) {
        Some(l) if lang != DEFAULT => {
            if dir.is_empty() {
                l.code.to_ascii_lowercase()
            } else {
                format!("{}/{dir}", l.code.to_ascii_lowercase())
            }
        }
        _ => dir.to_string(),
    }
}

/// The language of a folder of the model ([`folder`]), and the source folder it
/// mirrors: `cy/blog` -> (cy, `blog`).
pub fn of_folder<'a>(dir: &'a str, config: &Config) -> (LangId, &'a str) {
    let (first, rest) = dir.split_once('/').unwrap_or((dir, ""));
    match config
        .languages
        .iter()
        .skip(1)
        .position(|l| l.code.eq_ignore_ascii_case(first))
    {
        Some(k) => (k + 1, rest),
        None => (DEFAULT, dir),
    }
}

/// A language tag as `lang` attributes take it: letters first, then letters, digits
/// and `-` (`cy`, `pt-BR`, `sr-Latn`).
pub fn is_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag.len() <= 35
        && tag.starts_with(|c: char| c.is_ascii_alphabetic())
        && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !tag.ends_with('-')
        && !tag.contains("--")
}

/// A top-level folder of content/ that is a language's code: its pages would share
/// URLs with that language's, so it is refused.
pub fn is_language_folder(dir: &str, config: &Config) -> bool {
    !dir.contains('/') && of_folder(dir, config).0 != DEFAULT
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bilingual site's settings, from a folder of its own: tests run side by side in
    /// one process, and a folder named by the process was written and removed by two.
    fn config() -> Config {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::write(
            dir.path().join("site.yaml"),
            "title: T\nbase_url: https://example.org\nlanguage: en-GB\nlanguages:\n  - code: en\n    name: English\n  - code: cy\n    name: Cymraeg\n",
        )
        .expect("site.yaml");
        Config::load(dir.path()).expect("the test's site.yaml is valid")
    }

    #[test]
    fn translations_are_named_by_their_code() {
        let c = config();
        assert_eq!(of_file("about.cy.md", &c), Some(("about.md".into(), 1)));
        assert_eq!(
            of_file("blog/x/index.cy.md", &c),
            Some(("blog/x/index.md".into(), 1))
        );
        assert_eq!(of_file("_index.cy.md", &c), Some(("_index.md".into(), 1)));
        assert_eq!(of_file("about.en.md", &c), Some(("about.md".into(), 0)));
        assert_eq!(of_file("about.md", &c), None);
        assert_eq!(of_file("v1.2.md", &c), None);
        assert_eq!(of_file(".cy.md", &c), None);
    }

    #[test]
    fn a_language_has_its_own_folders() {
        let c = config();
        assert_eq!(folder("blog", 1, &c), "cy/blog");
        assert_eq!(folder("", 1, &c), "cy");
        assert_eq!(folder("blog", 0, &c), "blog");
        assert_eq!(of_folder("cy/blog/2024", &c), (1, "blog/2024"));
        assert_eq!(of_folder("cy", &c), (1, ""));
        assert_eq!(of_folder("cyber", &c), (0, "cyber"));
        assert!(is_language_folder("cy", &c));
        assert!(!is_language_folder("blog/cy", &c));
    }
}
