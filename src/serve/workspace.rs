//! One rebuild for `serve`: the build's own pipeline ([`crate::build::build`]) into
//! memory, and what changed against the live site. There is no second pipeline here: the
//! preview is, byte for byte, what `daylight build` writes with the same base URL, and a
//! page that a build would not write is not served.
//!
//! A rebuild with errors hands back only its errors: the live site is replaced only by a
//! whole, good build, so a broken edit never publishes part of itself.

use std::time::Instant;

use crate::build::{Memo, Request, build_remembering};
use crate::error::Diagnostic;
use crate::output::{Files, Memory};

/// A good rebuild.
pub struct Rebuilt {
    /// Every file of the site.
    pub files: Files,
    pub warnings: Vec<Diagnostic>,
    /// The site's theme, for the watcher.
    pub theme: String,
    /// The path the site is served under (site.yaml's `base_url`'s).
    pub mount: crate::urls::Mount,
    pub took: std::time::Duration,
    /// How long each stage took, for `--verbose`.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Builds the whole site into memory: the files, or every error.
/// `memo` keeps what this build read and rendered for the next (see [`Memo`]).
pub fn rebuild(request: &Request, memo: &mut Memo) -> Result<Rebuilt, Vec<Diagnostic>> {
    let started = Instant::now();
    let out = Memory::default();
    let result = build_remembering(request, &out, Some(memo));
    if result.failed() {
        return Err(result.diagnostics);
    }
    let theme = result
        .site
        .as_ref()
        .map_or_else(|| "default".to_string(), |s| s.config.theme.clone());
    let mount = result
        .site
        .as_ref()
        .map(|s| s.config.mount())
        .unwrap_or_default();
    Ok(Rebuilt {
        files: out.into_files(),
        warnings: result.diagnostics,
        theme,
        mount,
        took: started.elapsed(),
        timings: result.timings,
    })
}

/// What a new build changes in the live site.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Files new or with other bytes.
    pub written: Vec<String>,
    /// Files the new build does not have.
    pub removed: Vec<String>,
}

impl Changes {
    pub fn between(old: &Files, new: &Files) -> Changes {
        let mut written: Vec<String> = new
            .iter()
            .filter(|(k, v)| {
                old.get(*k)
                    .is_none_or(|o| !std::sync::Arc::ptr_eq(o, v) && o != *v)
            })
            .map(|(k, _)| k.clone())
            .collect();
        let mut removed: Vec<String> = old
            .keys()
            .filter(|k| !new.contains_key(*k))
            .cloned()
            .collect();
        written.sort();
        removed.sort();
        Changes { written, removed }
    }

    pub fn is_empty(&self) -> bool {
        self.written.is_empty() && self.removed.is_empty()
    }

    /// Only stylesheets changed: open tabs swap them without reloading.
    pub fn css_only(&self) -> bool {
        !self.written.is_empty()
            && self.removed.is_empty()
            && self.written.iter().all(|k| k.ends_with(".css"))
    }

    /// "3 files written, 1 removed".
    pub fn describe(&self) -> String {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let mut s = format!(
            "{} file{} written",
            self.written.len(),
            plural(self.written.len())
        );
        if !self.removed.is_empty() {
            s.push_str(&format!(", {} removed", self.removed.len()));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn files(items: &[(&str, &str)]) -> Files {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), Arc::from(v.as_bytes())))
            .collect()
    }

    #[test]
    fn changes_name_new_changed_and_vanished_files() {
        let old = files(&[("a.html", "1"), ("b.html", "2"), ("c.css", "x")]);
        let new = files(&[("a.html", "1"), ("b.html", "3"), ("d.html", "4")]);
        let c = Changes::between(&old, &new);
        assert_eq!(c.written, vec!["b.html", "d.html"]);
        assert_eq!(c.removed, vec!["c.css"]);
        assert!(!c.css_only());
        let css = Changes::between(
            &old,
            &files(&[("a.html", "1"), ("b.html", "2"), ("c.css", "y")]),
        );
        assert!(css.css_only());
        assert!(Changes::between(&old, &old).is_empty());
    }
}
