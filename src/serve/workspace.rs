//! One rebuild for `serve`: the build's own pipeline ([`crate::build::build`]) into
//! memory, and what changed against the live site. There is no second pipeline here: the
//! preview is, byte for byte, what `daylight build` writes with the same base URL, and a
//! page that a build would not write is not served.
//!
//! A rebuild with errors hands back only its errors: the live site is replaced only by a
//! whole, good build, so a broken edit never publishes part of itself.

use std::collections::{BTreeMap, HashSet};
use std::ops::Bound::{Included, Unbounded};
use std::sync::Arc;
use std::time::Instant;

use crate::build::{Build, Memo, Request, build_later, build_remembering};
use crate::error::Diagnostic;
use crate::output::{FastHash, Files, Memory, clash};
use crate::render::memo::{RouteMap, RouteOutput};

/// A good rebuild.
pub struct Rebuilt {
    /// What to do to the live site.
    pub changes: Changes,
    pub warnings: Vec<Diagnostic>,
    /// The site's theme, for the watcher.
    pub theme: String,
    /// The path the site is served under (site.yaml's `base_url`'s).
    pub mount: crate::urls::Mount,
    pub took: std::time::Duration,
    /// How long each stage took, for `--verbose`.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Which render a rebuild is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// The whole pipeline, from the files.
    Whole,
    /// The pages the rebuild just before left for later, from its site model (see
    /// [`build_later`]).
    Later,
}

/// Builds the whole site and works out what it changes in the live site: the files, or
/// every error. `memo` keeps what this build read and rendered for the next (see
/// [`Memo`]); `live` is what is published, brought up to this build when it succeeds.
pub fn rebuild(
    request: &Request,
    pass: Pass,
    memo: &mut Memo,
    live: &mut Live,
    files: &Files,
) -> Result<Rebuilt, Vec<Diagnostic>> {
    let started = Instant::now();
    // Routes stay in the memo; only what a build writes outside any route comes here.
    let out = Memory::default();
    let result = match pass {
        Pass::Whole => build_remembering(request, &out, Some(memo)),
        Pass::Later => build_later(request, &out, memo),
    };
    publish(result, out, started, memo, live, files)
}

fn publish(
    result: Build,
    out: Memory,
    started: Instant,
    memo: &Memo,
    live: &mut Live,
    files: &Files,
) -> Result<Rebuilt, Vec<Diagnostic>> {
    if result.failed() {
        return Err(result.diagnostics);
    }
    let changes = live.publish(memo.route_map(), out.into_files(), files)?;
    // The model is the memo's when kept for the pages left for later.
    let config = (result.site.as_ref().or(memo.kept_site())).map(|s| &s.config);
    let theme = config.map_or_else(|| "default".to_string(), |c| c.theme.clone());
    let mount = config.map(|c| c.mount()).unwrap_or_default();
    // The model of 10,000 pages takes milliseconds to free: beside, not before the edit
    // is served.
    let site = result.site;
    std::thread::spawn(move || drop(site));
    Ok(Rebuilt {
        changes,
        warnings: result.diagnostics,
        theme,
        mount,
        took: started.elapsed(),
        timings: result.timings,
    })
}

/// What is published: the routes whose files the live site holds, and which route wrote
/// each file. A rebuild compares its routes with these by identity, so its cost is the
/// routes it rendered again, not the size of the site.
#[derive(Default)]
pub struct Live {
    routes: Arc<RouteMap>,
    /// Files written outside any route, as a pseudo-route of their own.
    direct: Option<Arc<RouteOutput>>,
    /// Each live file -> the key of the route that wrote it ("" for `direct`). Ordered, so
    /// "is this path a folder of live files" is one range lookup.
    owner: BTreeMap<String, Arc<str>>,
}

/// What [`Live`] published, to put back with [`Live::restore`].
pub struct Snapshot {
    routes: Arc<RouteMap>,
    direct: Option<Arc<RouteOutput>>,
}

impl Live {
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            routes: self.routes.clone(),
            direct: self.direct.clone(),
        }
    }

    /// The changes that put back what was published at `snapshot` (which published
    /// cleanly then, so it does again). `files` is the live site.
    pub fn restore(&mut self, snapshot: Snapshot, files: &Files) -> Changes {
        let direct: Files = snapshot
            .direct
            .iter()
            .flat_map(|d| d.files.iter().cloned())
            .collect();
        self.publish(snapshot.routes, direct, files)
            .unwrap_or_default()
    }
}

/// The key of the pseudo-route of files written outside any route.
const DIRECT: &str = "";

impl Live {
    /// The changes that take the live site from its routes to `routes` (and `direct`),
    /// recorded as published; or, when two outputs would share a path, that error (as
    /// `build` gives it), with nothing recorded. `files` is the live site, for comparing
    /// bytes.
    fn publish(
        &mut self,
        routes: Arc<RouteMap>,
        direct: Files,
        files: &Files,
    ) -> Result<Changes, Vec<Diagnostic>> {
        let direct = Arc::new(RouteOutput {
            fingerprint: 0,
            files: direct.into_iter().collect(),
            diagnostics: Vec::new(),
            written: 0,
        });
        let same = |a: Option<&Arc<RouteOutput>>, b: Option<&Arc<RouteOutput>>| match (a, b) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        // Routes gone or rendered again: their old files are given up.
        let mut released: HashSet<&str, FastHash> = HashSet::default();
        let old = self.routes.iter().map(|(k, r)| (&**k, r));
        for (key, route) in old.chain(self.direct.iter().map(|r| (DIRECT, r))) {
            let now = if key == DIRECT {
                Some(&direct)
            } else {
                routes.get(key)
            };
            if !same(Some(route), now) {
                released.extend(route.files.iter().map(|(f, _)| f.as_str()));
            }
        }
        // Routes new or rendered again: their files are claimed.
        let fresh: Vec<(&str, &Arc<RouteOutput>)> = routes
            .iter()
            .map(|(k, r)| (&**k, r))
            .filter(|(k, r)| !same(self.routes.get(*k), Some(r)))
            .chain(std::iter::once((DIRECT, &direct)))
            .collect();
        let claimed = self.check_claims(&fresh, &released)?;
        let mut changes = Changes::default();
        for (file, bytes) in fresh.iter().flat_map(|(_, r)| r.files.iter()) {
            if files
                .get(file)
                .is_none_or(|o| !Arc::ptr_eq(o, bytes) && o != bytes)
            {
                changes.written.push((file.clone(), bytes.clone()));
            }
        }
        changes.removed = released
            .iter()
            .filter(|f| !claimed.contains_key(**f))
            .map(|f| f.to_string())
            .collect();
        for f in &changes.removed {
            self.owner.remove(f);
        }
        for (file, key) in claimed {
            self.owner.insert(file.to_string(), Arc::from(key));
        }
        changes.written.sort_by(|a, b| a.0.cmp(&b.0));
        changes.removed.sort();
        self.routes = routes;
        self.direct = Some(direct);
        Ok(changes)
    }

    /// Each file the fresh routes write, with its route; or every clash with a file that
    /// stays live or that another fresh route writes.
    fn check_claims<'a>(
        &self,
        fresh: &[(&'a str, &'a Arc<RouteOutput>)],
        released: &HashSet<&str, FastHash>,
    ) -> Result<BTreeMap<&'a str, &'a str>, Vec<Diagnostic>> {
        let mut claimed: BTreeMap<&str, &str> = BTreeMap::new();
        let mut errors = Vec::new();
        for (key, route) in fresh {
            for (file, _) in &route.files {
                let kept = |f: &str| self.owner.contains_key(f) && !released.contains(f);
                let is_file = |f: &str| claimed.contains_key(f) || kept(f);
                let is_folder = |d: &str| {
                    let prefix = format!("{d}/");
                    let mut under = claimed.range::<str, _>((Included(prefix.as_str()), Unbounded));
                    under.next().is_some_and(|(f, _)| f.starts_with(&prefix))
                        || self
                            .owner
                            .range::<str, _>((Included(prefix.as_str()), Unbounded))
                            .take_while(|(f, _)| f.starts_with(&prefix))
                            .any(|(f, _)| !released.contains(f.as_str()))
                };
                match clash(file, is_file, is_folder) {
                    Some(d) => errors.push(d),
                    None => {
                        claimed.insert(file.as_str(), key);
                    }
                }
            }
        }
        if errors.is_empty() {
            Ok(claimed)
        } else {
            Err(errors)
        }
    }
}

/// What a new build changes in the live site.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Files new or with other bytes.
    pub written: Vec<(String, Arc<[u8]>)>,
    /// Files the new build does not have.
    pub removed: Vec<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.written.is_empty() && self.removed.is_empty()
    }

    /// Only stylesheets changed: open tabs swap them without reloading.
    pub fn css_only(&self) -> bool {
        !self.written.is_empty()
            && self.removed.is_empty()
            && self.written.iter().all(|(k, _)| k.ends_with(".css"))
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

    fn route(items: &[(&str, &str)]) -> Arc<RouteOutput> {
        Arc::new(RouteOutput {
            fingerprint: 0,
            files: items
                .iter()
                .map(|(k, v)| (k.to_string(), Arc::from(v.as_bytes())))
                .collect(),
            diagnostics: Vec::new(),
            written: 0,
        })
    }

    fn routes(items: &[(&str, &Arc<RouteOutput>)]) -> Arc<RouteMap> {
        Arc::new(
            items
                .iter()
                .map(|(k, r)| (Arc::from(*k), Arc::clone(r)))
                .collect(),
        )
    }

    /// Publishes `routes` into `live` and applies the changes to `files`.
    fn step(
        live: &mut Live,
        files: &mut Files,
        next: Arc<RouteMap>,
    ) -> Result<Changes, Vec<Diagnostic>> {
        let changes = live.publish(next, Files::default(), files)?;
        for f in &changes.removed {
            files.remove(f);
        }
        for (f, b) in &changes.written {
            files.insert(f.clone(), b.clone());
        }
        Ok(changes)
    }

    fn names(c: &Changes) -> Vec<&str> {
        c.written.iter().map(|(f, _)| f.as_str()).collect()
    }

    #[test]
    fn changes_name_new_changed_and_vanished_files_of_changed_routes_only() {
        let (mut live, mut files) = (Live::default(), Files::default());
        let a = route(&[("a/index.html", "1")]);
        let b = route(&[("b/index.html", "2"), ("b/x.css", "x")]);
        let first = step(&mut live, &mut files, routes(&[("/a/", &a), ("/b/", &b)])).unwrap();
        assert_eq!(names(&first), ["a/index.html", "b/index.html", "b/x.css"]);
        // `a` kept as it was, `b` rendered again with one file the same, one gone, one new.
        let b2 = route(&[("b/index.html", "2"), ("b/y.css", "y")]);
        let c = step(&mut live, &mut files, routes(&[("/a/", &a), ("/b/", &b2)])).unwrap();
        assert_eq!(names(&c), ["b/y.css"]);
        assert_eq!(c.removed, ["b/x.css"]);
        // A route that vanished takes its files with it.
        let c = step(&mut live, &mut files, routes(&[("/b/", &b2)])).unwrap();
        assert!(c.written.is_empty());
        assert_eq!(c.removed, ["a/index.html"]);
        assert_eq!(files.len(), 2);
        // Nothing changed: nothing to do.
        assert!(
            step(&mut live, &mut files, routes(&[("/b/", &b2)]))
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn a_file_moving_between_routes_is_not_removed() {
        let (mut live, mut files) = (Live::default(), Files::default());
        let a = route(&[("x/index.html", "1")]);
        step(&mut live, &mut files, routes(&[("/a/", &a)])).unwrap();
        let b = route(&[("x/index.html", "1")]);
        let c = step(&mut live, &mut files, routes(&[("/b/", &b)])).unwrap();
        assert!(c.is_empty(), "{c:?}");
        assert!(files.contains_key("x/index.html"));
    }

    #[test]
    fn clashes_with_kept_or_fresh_files_are_errors_and_change_nothing() {
        let (mut live, mut files) = (Live::default(), Files::default());
        let page = route(&[("atom.xml", "feed")]);
        step(&mut live, &mut files, routes(&[("/atom.xml", &page)])).unwrap();
        // An alias making a folder where a kept file is.
        let alias = route(&[("atom.xml/index.html", "moved")]);
        let next = routes(&[("/atom.xml", &page), ("alias", &alias)]);
        let errors = step(&mut live, &mut files, next).unwrap_err();
        assert!(
            errors[0]
                .to_string()
                .contains("two things the site publishes are at /atom.xml"),
            "{errors:?}"
        );
        // A new file where a kept folder is.
        let folder = route(&[("blog/index.html", "x")]);
        step(
            &mut live,
            &mut files,
            routes(&[("/atom.xml", &page), ("/blog/", &folder)]),
        )
        .unwrap();
        let file = route(&[("blog", "x")]);
        let next = routes(&[("/atom.xml", &page), ("/blog/", &folder), ("f", &file)]);
        assert!(step(&mut live, &mut files, next).is_err());
        // Two fresh routes at one path.
        let twin = route(&[("blog/index.html", "y")]);
        let next = routes(&[("/atom.xml", &page), ("/blog/", &folder), ("twin", &twin)]);
        assert!(step(&mut live, &mut files, next).is_err());
        // Nothing of the failed steps was recorded: the old site publishes cleanly again.
        let c = step(
            &mut live,
            &mut files,
            routes(&[("/atom.xml", &page), ("/blog/", &folder)]),
        )
        .unwrap();
        assert!(c.is_empty(), "{c:?}");
    }
}
