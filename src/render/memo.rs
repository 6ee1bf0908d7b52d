//! What `serve` keeps between rebuilds so that an edit re-renders only what it changes.
//!
//! A build without a memo renders everything, as always. With one, every route (a page, a
//! list page, a feed, a group of machine files) is given a fingerprint: a hash of the
//! values its rendering reads, taken from the freshly built site model. A route whose
//! fingerprint is the one it had last time keeps the output (files and warnings) it
//! produced then; any other is rendered again. The files of routes stay here rather than
//! going to the build's output: `serve` publishes only the routes that are new or were
//! rendered again, so an edit costs what it changes, not the size of the site. Markdown
//! bodies are kept the same way, keyed by their text and checked against the links they
//! resolved.
//!
//! Nothing here decides what the site contains: the model and the route list are
//! recomputed on every rebuild, so a page that appears, moves or vanishes does so exactly
//! as in a fresh build. The model-based serve test holds this module to that: after every
//! edit, every file served equals the file a fresh `daylight build` writes.

use std::collections::HashMap;
use std::hash::Hash;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use crate::error::Diagnostic;
use crate::markdown::links::FileAnswer;
use crate::markdown::{LinkResolver, Rendered};
use crate::output::Output;

/// A 64-bit hash of what a route or body reads. Collisions are as likely as for any
/// 64-bit hash; the cost of one is a stale page in a preview, never in a build. XXH3:
/// a rebuild hashes megabytes of text and HTML, several times faster than with std's
/// SipHash (which defends hash tables against chosen keys, a threat this is not).
///
/// A rebuild makes tens of thousands of fingerprints of a few short values each, so the
/// bytes gather in a buffer and are hashed in one go: XXH3's streaming state is half a
/// kilobyte to set up and copies every short write. A long input (a body's text) goes to
/// the streaming state. XXH3 gives the same hash of the same bytes either way.
#[derive(Default)]
pub struct Fingerprint {
    bytes: Vec<u8>,
    stream: Option<Box<xxhash_rust::xxh3::Xxh3>>,
}

/// Bytes held back before they go to the streaming state.
const GATHER: usize = 4096;

impl Fingerprint {
    pub fn new(tag: &str) -> Fingerprint {
        let mut f = Fingerprint {
            bytes: Vec::with_capacity(256),
            stream: None,
        };
        f.add(tag);
        f
    }

    pub fn add<T: Hash + ?Sized>(&mut self, value: &T) -> &mut Self {
        value.hash(self);
        self
    }

    pub fn finish(&self) -> u64 {
        match &self.stream {
            None => xxhash_rust::xxh3::xxh3_64(&self.bytes),
            Some(stream) => {
                let mut stream = stream.clone();
                stream.update(&self.bytes);
                stream.digest()
            }
        }
    }
}

/// Only [`Fingerprint::add`] writes here (`Hasher` is how `Hash` values give their
/// bytes); [`Fingerprint::finish`] is the hash.
impl std::hash::Hasher for Fingerprint {
    fn write(&mut self, bytes: &[u8]) {
        if self.bytes.len() + bytes.len() <= GATHER {
            self.bytes.extend_from_slice(bytes);
            return;
        }
        let stream = self.stream.get_or_insert_with(Default::default);
        stream.update(&self.bytes);
        self.bytes.clear();
        if bytes.len() <= GATHER {
            self.bytes.extend_from_slice(bytes);
        } else {
            stream.update(bytes);
        }
    }

    fn finish(&self) -> u64 {
        Fingerprint::finish(self)
    }
}

/// A page's rendered Markdown and what was learnt while rendering it.
#[derive(Debug)]
pub struct Body {
    /// The source it was rendered from (shared with the page while the file is
    /// unchanged, so most checks are a pointer comparison).
    pub text: Arc<str>,
    pub text_hash: u64,
    /// Where the page and its files are published: links are made against them.
    pub url: String,
    pub files_url: String,
    pub rendered: Rendered,
    /// The summary as HTML: front matter's `summary`, else the body's first part.
    pub summary_html: Option<Arc<str>>,
    /// Broken links and accessibility warnings found in the body.
    pub diagnostics: Vec<Diagnostic>,
    /// Every internal link the body resolved, and what it resolved to.
    pub links: Vec<(String, Result<String, String>)>,
    /// Every site path the body linked or embedded, and what was there.
    pub files: Vec<(String, FileAnswer)>,
    pub search_words: Arc<str>,
    /// Hash of the HTML and summary: what other routes read of this body.
    pub html_hash: u64,
    /// Hash of the summary and the search words: what the search index reads of it.
    pub search_hash: u64,
    /// The HTML with absolute links, made once if some feed carries the page in full.
    pub feed_html: OnceLock<Arc<str>>,
}

impl Body {
    /// Whether rendering `text` at `url` now would give this body again. `links`: what
    /// its links are asked of again; None when they are known to get the answers they
    /// got (nothing they are answered from changed).
    pub fn still_valid(
        &self,
        text: &Arc<str>,
        url: &str,
        files_url: &str,
        links: Option<&dyn LinkResolver>,
    ) -> bool {
        (Arc::ptr_eq(&self.text, text) || *self.text == **text)
            && self.url == url
            && self.files_url == files_url
            && links.is_none_or(|links| {
                (self.links.iter()).all(|(path, was)| &links.resolve(path) == was)
                    && (self.files.iter()).all(|(path, was)| &links.file(path) == was)
            })
    }
}

/// Resolves links through the site and remembers every answer, so a kept body can be
/// checked later against the same questions.
pub struct RecordingLinks<'a> {
    pub inner: &'a dyn LinkResolver,
    pub seen: Mutex<Vec<(String, Result<String, String>)>>,
    pub files: Mutex<Vec<(String, FileAnswer)>>,
}

impl LinkResolver for RecordingLinks<'_> {
    fn resolve(&self, content_path: &str) -> Result<String, String> {
        let answer = self.inner.resolve(content_path);
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((content_path.to_string(), answer.clone()));
        answer
    }

    fn nearest(&self, site_path: &str) -> Option<String> {
        self.inner.nearest(site_path)
    }

    fn file(&self, site_path: &str) -> FileAnswer {
        let answer = self.inner.file(site_path);
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((site_path.to_string(), answer.clone()));
        answer
    }
}

/// The files and diagnostics one route produced.
#[derive(Debug)]
pub struct RouteOutput {
    pub fingerprint: u64,
    /// Each file by its output path (made safe, `/`-separated), and its bytes.
    pub files: Vec<(String, Arc<[u8]>)>,
    pub diagnostics: Vec<Diagnostic>,
    /// How many pages and lists it counts for in the build's figures.
    pub written: usize,
}

/// What is kept from one rebuild for the next.
#[derive(Debug, Default)]
pub struct Memo {
    /// The settings the bodies and rows kept were made with.
    pub(super) global: u64,
    /// Bodies by source path (relative to content/).
    pub(super) bodies: HashMap<String, Arc<Body>, crate::output::FastHash>,
    /// The stamp of what the kept bodies' links were answered from
    /// ([`super::SiteFiles::stamp`]); None before any.
    pub(super) links_stamp: Option<u64>,
    /// Routes by key (their URL, or a group's name). Shared, so that `serve` can keep
    /// the map it published without copying it.
    pub routes: Arc<RouteMap>,
    /// Each listed page's row of the search index, as the index last made it.
    pub(super) rows: super::search::Rows,
    /// The pages to render first (`serve`'s pages in view): set, a page route not among
    /// them whose inputs changed keeps its last output this time, to be rendered by the
    /// next render. None renders everything that changed.
    pub first: Option<std::collections::HashSet<String>>,
    /// Raised when an edit arrives while the pages left for later are drawn: the routes
    /// not drawn yet are left for later again (as out of view), so the edit is served
    /// without waiting for them. None: a render that is never cut short.
    pub interrupt: Option<Arc<std::sync::atomic::AtomicBool>>,
    /// The route table of the last render, what making it said, and the model and
    /// templates it was made from ([`Memo::model`]): used again for the same ones.
    pub(super) table: Option<(
        ModelId,
        Arc<crate::routes::Routes>,
        Vec<crate::error::Diagnostic>,
    )>,
    /// The model and templates this render is made from, as the build names them: the
    /// same pair makes the same route table (a page's body typed in, the pages left for
    /// later drawn). None: not known, the table is made anew.
    pub model: Option<ModelId>,
    /// How many routes the last render drew, took from here, and left for later.
    pub rendered: usize,
    pub reused: usize,
    pub deferred: usize,
}

impl Memo {
    /// Forgets the bodies and rows kept if the settings changed (`settings`: site.yaml's
    /// fingerprint; templates do not change a body). Routes stay: every route's
    /// fingerprint holds everything site-wide, so none of them is reused when that
    /// changed, but a page out of view can still be shown as it was while the pages in
    /// view are drawn first.
    pub(super) fn start(&mut self, settings: u64) {
        if self.global != settings {
            self.bodies.clear();
            self.links_stamp = None;
            self.rows.clear();
            self.global = settings;
        }
        self.rendered = 0;
        self.reused = 0;
        self.deferred = 0;
    }

    /// Keeps this render's bodies, by source path, for the next. Most are the ones kept
    /// already: only the others are put in (found by looking on every core), and the map
    /// is made again only when some source is gone (a page deleted or renamed), so a
    /// one-page edit costs one entry.
    pub(super) fn keep_bodies<'a>(
        &mut self,
        bodies: impl Iterator<Item = (&'a String, &'a Arc<Body>)> + Clone,
    ) {
        use rayon::prelude::*;
        let all: Vec<(&String, &Arc<Body>)> = bodies.clone().collect();
        let count = all.len();
        let kept = &self.bodies;
        let new: Vec<(&String, &Arc<Body>)> = (all.par_iter())
            .filter(|(rel, body)| !kept.get(rel.as_str()).is_some_and(|k| Arc::ptr_eq(k, body)))
            .copied()
            .collect();
        for (rel, body) in new {
            match self.bodies.get_mut(rel.as_str()) {
                Some(kept) => *kept = body.clone(),
                None => {
                    self.bodies.insert(rel.clone(), body.clone());
                }
            }
        }
        if self.bodies.len() != count {
            self.bodies.clear();
            self.bodies
                .extend(bodies.map(|(rel, body)| (rel.clone(), body.clone())));
        }
    }

    /// Whether the route `key`, whose inputs changed, may keep its last output for now:
    /// a page out of view, the search index while its search page is out of view
    /// (remaking the index is the slowest step of an edit to a title, a tag or an
    /// incident, and no other page reads it), or a feed, the sitemap or open data not
    /// asked for lately (a new page changes them all: 20 to 40 ms at 10,000 pages that
    /// no tab in view waits for); any of these once an edit interrupts the render
    /// ([`Memo::interrupt`]). Never a stylesheet, a script or a picture a page in view
    /// shows.
    pub(super) fn defers(&self, key: &str) -> bool {
        // The page a route is in view as: its own, or the search index's search page
        // (`/search/index.json`, or a language's: the folder it is in).
        let page = if crate::urls::names_a_page(key) {
            key
        } else {
            match key.strip_suffix("index.json") {
                Some(folder) if key.ends_with(crate::urls::SEARCH_INDEX) => folder,
                _ if crate::urls::is_read_by_machines(key) => key,
                _ => return false,
            }
        };
        let interrupted = (self.interrupt.as_ref())
            .is_some_and(|edit| edit.load(std::sync::atomic::Ordering::SeqCst));
        interrupted
            || self
                .first
                .as_ref()
                .is_some_and(|first| !first.contains(page))
    }
}

/// Names a site model and the templates a render draws it with; each is named anew when
/// it is made anew (a model used again for a body typed in keeps its name).
pub type ModelId = (u64, u64);

/// Each route's output by its key.
pub type RouteMap = HashMap<Arc<str>, Arc<RouteOutput>, crate::output::FastHash>;

/// An output that keeps what one route writes, by safe output path, to be remembered
/// (and, by `serve`, published).
#[derive(Default)]
pub struct Recorder {
    files: Mutex<Vec<(String, Arc<[u8]>)>>,
}

impl Recorder {
    pub fn into_files(self) -> Vec<(String, Arc<[u8]>)> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Output for Recorder {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let key = crate::output::safe_key(rel)?;
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((key, Arc::from(bytes)));
        Ok(())
    }

    fn copy_file(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        let bytes = std::fs::read(from).map_err(|e| Diagnostic::io(from, "read the file", &e))?;
        self.write(rel, &bytes)
    }
}

/// The routes of this render, collected in parallel, to become the next memo's.
pub struct NextRoutes {
    pub(super) routes: Mutex<RouteMap>,
    /// The search index's rows, when this render made the index again.
    pub(super) rows: Mutex<super::search::Rows>,
    pub(super) rendered: std::sync::atomic::AtomicUsize,
    pub(super) reused: std::sync::atomic::AtomicUsize,
    pub(super) deferred: std::sync::atomic::AtomicUsize,
}

impl NextRoutes {
    pub fn with_capacity(routes: usize) -> NextRoutes {
        NextRoutes {
            routes: Mutex::new(RouteMap::with_capacity_and_hasher(
                routes,
                Default::default(),
            )),
            rows: Mutex::default(),
            rendered: Default::default(),
            reused: Default::default(),
            deferred: Default::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_is_the_hash_of_its_bytes_however_they_are_written() {
        // Short and long strings, past the buffer's size and across it: the hash is
        // XXH3's of the bytes std's `Hash` gives (a `str` ends with 0xff).
        let long = "x".repeat(GATHER + 7);
        let inputs = [
            "tag",
            "short",
            long.as_str(),
            "after",
            &long[..GATHER - 3],
            "end",
        ];
        let mut f = Fingerprint::new(inputs[0]);
        let mut bytes = Vec::new();
        for s in inputs {
            if s != inputs[0] {
                f.add(s);
            }
            bytes.extend_from_slice(s.as_bytes());
            bytes.push(0xff);
        }
        assert_eq!(f.finish(), xxhash_rust::xxh3::xxh3_64(&bytes));
        // Finishing does not change it.
        assert_eq!(f.finish(), f.finish());
        assert_ne!(
            Fingerprint::new("a").add("bc").finish(),
            Fingerprint::new("ab").add("c").finish()
        );
    }
}
