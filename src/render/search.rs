//! Site search without a server: a compact index written at build time
//! (`/search/index.json`) and the `/search/` page, whose small script
//! (`themes/default/static/js/search.js`) searches it in the browser. Without
//! JavaScript the page lists the sections and tags instead.
//!
//! The index holds, per published page and section, the title, URL, kind, date, a
//! short plain summary and the page's most frequent words ([`MAX_WORDS`], common English
//! words left out). Words are stored once, in a vocabulary ordered by use, and each page
//! lists the base-36 numbers of its words, which keeps the index small (the 10,000-page
//! benchmark's is reported in the issue). The search page does not read that whole
//! index: the same rows are written again in fragments ([`index_files`]: a manifest,
//! files of words with the rows that have them, files of the rows' details), so a query
//! fetches a few small files (`scripts/bench-search` measures them). The route table
//! lists every fragment ([`file_names`]), so their number depends only on the number of
//! rows. The words are taken from the rendered HTML
//! while each page renders ([`page_words`]) so the index never needs the pages' full
//! text at once. Drafts are never indexed. This module must not fetch or link to
//! anything outside the site.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Taxonomy;
use crate::content::SortBy;
use crate::error::Diagnostic;

use super::context::{Crumb, plain_text};
use super::{Digest, Renderer};
use crate::urls;

/// The index the search page's script reads.
pub use crate::urls::SEARCH_INDEX as INDEX_URL;
/// The search page.
pub use crate::urls::SEARCH_PAGE as PAGE_URL;
/// The search page's script, from the theme's static files.
pub use crate::urls::SEARCH_SCRIPT as SCRIPT_URL;
/// Words kept per page: its most frequent, after common words.
pub const MAX_WORDS: usize = 64;
/// Characters of summary per page in the index.
pub const SUMMARY_CHARS: usize = 160;
/// Rows per file of page details (title, URL, kind, date, summary): the 50 results the
/// search page shows need at most 50 of these files, about 2 KB each.
pub const ROWS_PER_PAGE_FILE: usize = 8;
/// Rows per file of words, on average: sets how many files of words an index has (250 at
/// 10,000 pages, about 15 KB each); a query's word needs one, rarely two.
pub const ROWS_PER_WORD_FILE: usize = 40;

/// Common English words not worth indexing (sorted, for binary search).
const STOP_WORDS: &[&str] = &[
    "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "before", "being", "both", "but", "by", "can", "could", "did", "do", "does",
    "doing", "down", "each", "every", "few", "for", "from", "further", "get", "got", "had", "has",
    "have", "having", "he", "her", "here", "hers", "him", "his", "how", "if", "in", "into", "is",
    "it", "its", "just", "like", "many", "may", "me", "might", "more", "most", "much", "must",
    "my", "no", "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or", "other",
    "our", "ours", "out", "over", "own", "same", "she", "should", "so", "some", "still", "such",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
    "through", "to", "too", "under", "until", "up", "us", "very", "was", "we", "went", "were",
    "what", "when", "where", "whether", "which", "while", "who", "whom", "why", "will", "with",
    "would", "yet", "you", "your",
];

/// The words of one piece of text as the search script reads a query: lower case,
/// letters and digits, `'s` and apostrophes dropped (`council's` -> `council`). Keep in
/// step with `tokens()` in search.js.
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    raw_words(text)
        .map(|w| {
            let mut out = String::new();
            normalize_into(w, &mut out);
            out
        })
        .filter(|w| !w.is_empty())
}

fn raw_words(text: &str) -> impl Iterator<Item = &str> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .filter(|w| !w.is_empty())
}

/// Lower case, without a possessive `'s` and without apostrophes, written into `out`
/// (cleared first). One buffer serves every word of a page: no allocation per word.
/// This is the one place a word is normalised, for the index and (through [`tokens`])
/// for titles and summaries: a language's own folding belongs here, beside the
/// script's `tokens()`.
fn normalize_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        // Most words: copied and lowered in place, and only `'` to look for.
        out.push_str(word);
        out.make_ascii_lowercase();
        if out.ends_with("'s") {
            out.truncate(out.len() - 2);
        }
        if out.as_bytes().contains(&b'\'') {
            out.retain(|c| c != '\'');
        }
        return;
    }
    out.extend(word.chars().flat_map(char::to_lowercase));
    if out.ends_with("'s") {
        out.truncate(out.len() - 2);
    } else if out.ends_with("\u{2019}s") {
        out.truncate(out.len() - "\u{2019}s".len());
    }
    if out.contains(['\'', '\u{2019}']) {
        out.retain(|c| c != '\'' && c != '\u{2019}');
    }
}

fn worth_indexing(w: &str) -> bool {
    let n = w.chars().count();
    if !(2..=30).contains(&n) {
        return false;
    }
    if w.chars().all(|c| c.is_ascii_digit()) {
        // Years and the like; not the minutes and seconds of a timeline.
        return (3..=4).contains(&n);
    }
    STOP_WORDS.binary_search(&w).is_err()
}

/// Elements whose text is not indexed, and how each one closes.
const SKIPPED: [(&str, &str); 3] = [
    ("pre", "</pre"),
    ("script", "</script"),
    ("style", "</style"),
];

/// Calls `f` with each run of text of an HTML fragment, without tags, entities, code
/// blocks, scripts or styles. A tag or entity ends a word, so no word spans two runs.
fn for_each_text(html: &str, mut f: impl FnMut(&str)) {
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&']) {
        f(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with('&') {
            // An entity is a word break: `&amp;` must not index "amp".
            let end = tail
                .char_indices()
                .take(12)
                .find(|(_, c)| *c == ';')
                .map_or(1, |(k, _)| k + 1);
            rest = &tail[end..];
            continue;
        }
        let skip_to = SKIPPED.iter().find_map(|&(tag, close)| {
            let after = tail.get(1..=tag.len())?;
            let boundary = tail.as_bytes().get(tag.len() + 1).copied();
            (after.eq_ignore_ascii_case(tag)
                && matches!(boundary, Some(b'>' | b' ' | b'\t' | b'\n' | b'/')))
            .then_some(close)
        });
        let end = match skip_to {
            Some(close) => (tail.find(close)).and_then(|k| tail[k..].find('>').map(|e| k + e + 1)),
            None => tail.find('>').map(|e| e + 1),
        };
        rest = &tail[end.unwrap_or(tail.len())..];
    }
    f(rest);
}

/// A page's most frequent words (at most [`MAX_WORDS`]), space separated: what the
/// renderer keeps of each page for the index.
pub fn page_words(html: &str) -> String {
    let mut counts: rustc_hash::FxHashMap<String, (usize, usize)> = Default::default();
    let mut word = String::with_capacity(32);
    let mut pos = 0;
    // Count every word, and ask whether it is worth indexing once per distinct word, not
    // once per occurrence (first positions keep their order either way).
    for_each_text(html, |text| {
        for raw in raw_words(text) {
            normalize_into(raw, &mut word);
            if word.is_empty() {
                continue;
            }
            match counts.get_mut(word.as_str()) {
                Some(c) => c.0 += 1,
                None => {
                    counts.insert(word.clone(), (1, pos));
                }
            }
            pos += 1;
        }
    });
    let mut words: Vec<(String, (usize, usize))> = counts
        .into_iter()
        .filter(|(w, _)| worth_indexing(w))
        .collect();
    // Most used first; among equals, the earliest.
    words.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.1.1.cmp(&b.1.1)));
    words.truncate(MAX_WORDS);
    let mut out = String::new();
    for (w, _) in words {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w);
    }
    out
}

fn base36(mut n: usize) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buf = Vec::new();
    loop {
        buf.push(DIGITS[n % 36]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    buf.reverse();
    String::from_utf8(buf).unwrap_or_default()
}

/// The index as written: see docs/templates.md ("Search").
#[derive(Serialize)]
struct Index<'a> {
    version: u32,
    fields: [&'static str; 6],
    words: Vec<&'a str>,
    /// Borrowed from the rows, but for the URL under a mount and the words' numbers.
    pages: Vec<[Cow<'a, str>; 6]>,
}

/// One row before its words are numbered. Owned, so that `serve` can keep each page's
/// row for the next rebuild (making a row reads the page's text: most of an index's cost).
#[derive(Debug)]
pub struct Row {
    title: String,
    url: String,
    kind: &'static str,
    date: String,
    summary: String,
    /// Distinct words, most telling first, separated by spaces.
    words: String,
}

/// Rows kept between rebuilds: by page source, with the hash of what the row reads.
pub type Rows = HashMap<String, (u64, Arc<Row>), crate::output::FastHash>;

/// What a render with a memo reads and writes of kept rows: the last render's, this
/// render's (to keep), and each page's row hash.
#[derive(Clone, Copy)]
pub struct RowMemo<'a> {
    pub old: &'a Rows,
    pub next: &'a std::sync::Mutex<Rows>,
    pub hashes: &'a [u64],
}

#[derive(Serialize)]
struct SearchSection<'a> {
    title: &'a str,
    url: &'a str,
    description: Option<&'a str>,
    /// 1 for a top-level section, 2 below it, and so on.
    depth: usize,
}

#[derive(Serialize)]
struct SearchTag<'a> {
    name: &'a str,
    url: &'a str,
    count: usize,
}

#[derive(Serialize)]
struct SearchCtx<'a> {
    index_url: &'a str,
    manifest_url: String,
    /// The Welsh mutation script, on a Welsh search page (see
    /// [`crate::search_words::welsh`]).
    welsh_script: Option<&'static str>,
    script_url: &'static str,
    sections: Vec<SearchSection<'a>>,
    tags: Vec<SearchTag<'a>>,
    tags_url: Option<&'a str>,
}

/// Where the search page goes, or None when the theme has no `search.html` or a page
/// of the site already has its URL.
pub fn page_url(site: &crate::site::Site, templates: &super::Templates) -> Option<&'static str> {
    let taken = site.pages.iter().any(|p| p.url == PAGE_URL)
        || site.published_sections().any(|(_, s)| s.url == PAGE_URL);
    (templates.contains("search.html") && !taken).then_some(PAGE_URL)
}

/// The sections language `lang`'s index lists after the pages: every published one of
/// that language but its home.
fn indexed_sections(
    site: &crate::site::Site,
    lang: crate::language::LangId,
) -> impl Iterator<Item = &crate::site::Section> {
    site.published_sections()
        .filter(move |(k, s)| *k != 0 && s.parent.is_some() && s.lang == lang && !s.meta.draft)
        .map(|(_, s)| s)
}

/// How many rows language `lang`'s index has: known from the model, before any page
/// renders, so that the route table can list every fragment.
pub fn row_count(site: &crate::site::Site, lang: crate::language::LangId) -> usize {
    (0..site.pages.len())
        .filter(|&i| site.is_listed(i) && site.pages[i].page.language == lang)
        .count()
        + indexed_sections(site, lang).count()
}

fn word_files(rows: usize) -> usize {
    rows.div_ceil(ROWS_PER_WORD_FILE).max(1)
}

fn page_files(rows: usize) -> usize {
    rows.div_ceil(ROWS_PER_PAGE_FILE)
}

/// The files of an index of `rows` rows, relative to its folder: what the route table
/// lists and [`index_files`] writes.
pub fn file_names(rows: usize) -> Vec<String> {
    let mut names = vec!["index.json".to_string(), "manifest.json".to_string()];
    names.extend((0..word_files(rows)).map(|n| format!("words/{n}.json")));
    names.extend((0..page_files(rows)).map(|n| format!("pages/{n}.json")));
    names
}

/// The whole index (`index.json`, version 1: see docs/templates.md), for other tools
/// and for themes whose script reads it whole.
fn whole_index(rows: &[Arc<Row>], mount: &crate::urls::Mount) -> String {
    // The vocabulary, most used first, so the commonest words get the shortest numbers.
    let mut uses: HashMap<&str, usize, crate::output::FastHash> = HashMap::default();
    for r in rows {
        for w in r.words.split(' ').filter(|w| !w.is_empty()) {
            *uses.entry(w).or_insert(0) += 1;
        }
    }
    let mut vocabulary: Vec<&str> = uses.keys().copied().collect();
    vocabulary.sort_by(|a, b| uses[b].cmp(&uses[a]).then(a.cmp(b)));
    let number: HashMap<&str, String, crate::output::FastHash> = vocabulary
        .iter()
        .enumerate()
        .map(|(n, w)| (*w, base36(n)))
        .collect();
    let pages = rows
        .par_iter()
        .map(|r| {
            let words: Vec<&str> = r
                .words
                .split(' ')
                .filter_map(|w| number.get(w).map(String::as_str))
                .collect();
            [
                Cow::Borrowed(&*r.title),
                mount.href(&r.url),
                Cow::Borrowed(r.kind),
                Cow::Borrowed(&*r.date),
                Cow::Borrowed(&*r.summary),
                Cow::Owned(words.join(" ")),
            ]
        })
        .collect();
    let index = Index {
        version: 1,
        fields: ["title", "url", "kind", "date", "summary", "words"],
        words: vocabulary,
        pages,
    };
    serde_json::to_string(&index).unwrap_or_else(|_| "{}".to_string())
}

/// The manifest: what the search page fetches first (a few KB at 10,000 pages).
#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    /// The index's identity ([`index_id`]): every fragment carries it, and
    /// the script asks for fragments with it, so a cached manifest never reads the
    /// fragments of another build as its own.
    v: &'a str,
    rows: usize,
    rows_per_page_file: usize,
    /// The first word of each file of words, in order (UTF-16 order, as the script
    /// compares strings): the words beginning with a query's word are in one file or a
    /// run of neighbouring files.
    word_files: Vec<&'a str>,
}

/// A file of words: each word and the rows that have it.
#[derive(Serialize)]
struct WordFile<'a> {
    v: &'a str,
    words: &'a [&'a str],
    /// Per word, its rows as base-36 numbers separated by spaces: each is twice the
    /// step from the row before (from 0), plus 1 when the word is in the row's title.
    postings: &'a [String],
}

/// A file of [`ROWS_PER_PAGE_FILE`] rows' details, read only for the results shown.
#[derive(Serialize)]
struct PageFile<'a> {
    v: &'a str,
    fields: [&'static str; 5],
    pages: Vec<[&'a str; 5]>,
}

/// Orders words as JavaScript compares strings (by UTF-16 code units), which the
/// script's search through `word_files` relies on. UTF-8 order differs only beyond
/// the Basic Multilingual Plane.
fn js_order(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        a.cmp(b)
    } else {
        a.encode_utf16().cmp(b.encode_utf16())
    }
}

fn push_base36(mut n: usize, out: &mut String) {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buf = [0u8; 16];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = DIGITS[n % 36];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[at..].iter().map(|&b| b as char));
}

/// The index's identity: a hash of its rows, which the files are made from. The rows'
/// URLs are hashed unmounted, so a site under a path differs only in its URLs.
fn index_id(rows: &[Arc<Row>]) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for r in rows {
        for field in [&*r.title, &*r.url, r.kind, &*r.date, &*r.summary, &*r.words] {
            h.update(field.as_bytes());
            h.update(&[0]);
        }
    }
    format!("{:016x}", h.digest())
}

/// Every file of one index, by name in its folder (as [`file_names`] lists them): the
/// whole index, the manifest, the files of words and the files of page details.
///
/// A row has a word when its title, its summary or its words have it, read as the
/// script reads a query ([`tokens`]); the script ranks with the same facts it read from
/// the whole index before: which rows have a word beginning with each word of the
/// query, which of them in the title, and which have the word itself.
///
/// Each file is handed to `write` as soon as it is made, and none is kept: at 100,000
/// pages the files of one index are over 100 MB.
pub fn index_files(
    rows: &[Arc<Row>],
    mount: &crate::urls::Mount,
    write: &mut dyn FnMut(&str, &str),
) {
    write("index.json", &whole_index(rows, mount));
    let id = index_id(rows);

    // Each row's title and summary words, read in parallel (the body's are already
    // words): each joined by spaces, one string rather than one per word.
    let joined = |text: &str| tokens(text).collect::<Vec<_>>().join(" ");
    let read: Vec<(String, String)> = rows
        .par_iter()
        .map(|r| (joined(&r.title), joined(&r.summary)))
        .collect();
    fn words_of(text: &str) -> impl Iterator<Item = &str> {
        text.split(' ').filter(|w| !w.is_empty())
    }
    // Per word, its rows in order, each `row * 2 + in_title` (an index has far fewer than
    // 2^31 rows: u32 halves the largest table of the step).
    let mut postings: HashMap<&str, Vec<u32>, crate::output::FastHash> = HashMap::default();
    for (n, (r, (title, summary))) in rows.iter().zip(&read).enumerate() {
        let n = n as u32;
        let words = words_of(title)
            .map(|w| (w, 1))
            .chain(words_of(summary).chain(words_of(&r.words)).map(|w| (w, 0)));
        for (w, in_title) in words {
            let list = postings.entry(w).or_default();
            match list.last_mut() {
                Some(last) if *last >> 1 == n => *last |= in_title,
                _ => list.push(n << 1 | in_title),
            }
        }
    }
    let mut words: Vec<&str> = postings.keys().copied().collect();
    words.par_sort_unstable_by(|a, b| js_order(a, b));
    let encoded: Vec<String> = words
        .par_iter()
        .map(|w| {
            let mut out = String::new();
            let mut before = 0;
            for &p in &postings[w] {
                if !out.is_empty() {
                    out.push(' ');
                }
                push_base36((((p >> 1) - before) << 1 | (p & 1)) as usize, &mut out);
                before = p >> 1;
            }
            out
        })
        .collect();

    // Files of about equal size, each a run of words in order.
    let count = word_files(rows.len());
    let cost: Vec<usize> = words
        .iter()
        .zip(&encoded)
        .map(|(w, p)| w.len() + p.len() + 6)
        .collect();
    let total: usize = cost.iter().sum();
    let mut starts = vec![0];
    let mut so_far = 0;
    for (i, c) in cost.iter().enumerate() {
        let file = starts.len();
        if file < count && i > *starts.last().unwrap_or(&0) && so_far >= total * file / count {
            starts.push(i);
        }
        so_far += c;
    }
    let manifest = Manifest {
        version: 2,
        v: &id,
        rows: rows.len(),
        rows_per_page_file: ROWS_PER_PAGE_FILE,
        word_files: starts
            .iter()
            .filter_map(|&i| words.get(i).copied())
            .collect(),
    };
    write(
        "manifest.json",
        &serde_json::to_string(&manifest).unwrap_or_default(),
    );
    for n in 0..count {
        let from = starts
            .get(n)
            .copied()
            .unwrap_or(words.len())
            .min(words.len());
        let to = starts.get(n + 1).copied().unwrap_or(words.len());
        let file = WordFile {
            v: &id,
            words: &words[from..to.max(from)],
            postings: &encoded[from..to.max(from)],
        };
        let json = serde_json::to_string(&file).unwrap_or_default();
        write(&format!("words/{n}.json"), &json);
    }

    let hrefs: Vec<Cow<'_, str>> = rows.iter().map(|r| mount.href(&r.url)).collect();
    for (n, chunk) in rows.chunks(ROWS_PER_PAGE_FILE).enumerate() {
        let at = n * ROWS_PER_PAGE_FILE;
        let file = PageFile {
            v: &id,
            fields: ["title", "url", "kind", "date", "summary"],
            pages: chunk
                .iter()
                .enumerate()
                .map(|(k, r)| [&*r.title, &*hrefs[at + k], r.kind, &*r.date, &*r.summary])
                .collect(),
        };
        let json = serde_json::to_string(&file).unwrap_or_default();
        write(&format!("pages/{n}.json"), &json);
    }
}

impl Renderer<'_> {
    /// Writes the search index of language `lang` (each language of a bilingual site
    /// has its own, `/cy/search/index.json`, of its own pages).
    pub(crate) fn write_search(
        &self,
        digests: &[Digest],
        rows: Option<RowMemo<'_>>,
        lang: crate::language::LangId,
    ) {
        let site = self.site;
        if self.common.search_url.is_none() && lang == crate::language::DEFAULT {
            let page = site
                .pages
                .iter()
                .find(|p| p.url == PAGE_URL)
                .map(|p| p.page.source.display.clone());
            let section = site
                .published_sections()
                .find(|(_, s)| s.url == PAGE_URL)
                .map(|(_, s)| std::path::PathBuf::from("content").join(&s.dir));
            if let Some(path) = page.or(section) {
                self.diags.push(
                    Diagnostic::warning(
                        path,
                        format!("this has the URL {PAGE_URL}, so the site has no search page"),
                    )
                    .with_hint(
                        "give it another `slug:` or folder name to get the search page back",
                    ),
                );
            } else if !self.templates.contains("search.html") {
                let theme = &site.config.theme;
                self.diags.push(
                    Diagnostic::error(
                        "templates/search.html",
                        "template `search.html` not found: the search page (/search/) needs it",
                    )
                    .with_hint(format!(
                        "add templates/search.html (or themes/{theme}/templates/search.html), \
                         e.g. a copy of the one in daylight's default theme"
                    )),
                );
            }
        }
        let rows = self.search_rows(digests, rows, lang);
        let folder = super::languages::in_language(site, lang, urls::SEARCH_FOLDER);
        self.write_index(&rows, &folder);
    }

    /// Page `i`'s row: kept from the last render when what it reads is unchanged.
    fn row_of(&self, i: usize, digests: &[Digest], memo: Option<&RowMemo<'_>>) -> Arc<Row> {
        let Some(memo) = memo else {
            return Arc::new(self.row(i, digests));
        };
        let rel = &self.site.pages[i].page.source.rel;
        let hash = memo.hashes[i];
        let row = match memo.old.get(rel) {
            Some((was, row)) if *was == hash => row.clone(),
            _ => Arc::new(self.row(i, digests)),
        };
        memo.next
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.clone(), (hash, row.clone()));
        row
    }

    /// Every row of language `lang`'s index, in its order: its listed pages by date,
    /// then its sections ([`row_count`] says how many before any page renders).
    fn search_rows(
        &self,
        digests: &[Digest],
        memo: Option<RowMemo<'_>>,
        lang: crate::language::LangId,
    ) -> Vec<Arc<Row>> {
        let site = self.site;
        let mut order: Vec<usize> = (0..site.pages.len())
            .filter(|&i| site.is_listed(i) && site.pages[i].page.language == lang)
            .collect();
        site.order.sort(&mut order, SortBy::Date);
        // Rows are independent of each other: made in parallel.
        let mut rows: Vec<Arc<Row>> = order
            .par_iter()
            .map(|&i| self.row_of(i, digests, memo.as_ref()))
            .collect();
        for s in indexed_sections(site, lang) {
            rows.push(Arc::new(Row {
                title: s.meta.title.clone(),
                url: s.url.clone(),
                kind: "section",
                date: String::new(),
                summary: s
                    .meta
                    .description
                    .as_deref()
                    .map(|d| plain_text(&crate::markdown::escape(d), SUMMARY_CHARS))
                    .unwrap_or_default(),
                words: String::new(),
            }));
        }
        rows
    }

    /// One index of `rows` in `folder` (`/search/`): the whole index, the manifest and
    /// the fragments ([`index_files`]). An index per language is one call per language,
    /// with that language's rows and folder.
    pub(crate) fn write_index(&self, rows: &[Arc<Row>], folder: &str) {
        index_files(rows, &self.site.config.mount(), &mut |name, text| {
            self.write_machine_file(&urls::search_file(folder, name), text.as_bytes());
        });
    }

    /// Page `i`'s row, its words not yet numbered.
    fn row(&self, i: usize, digests: &[Digest]) -> Row {
        let site = self.site;
        let p = &site.pages[i];
        let page = &p.page;
        let digest = digests.get(i);
        // plain_text reads HTML: a description is text, so it is escaped first.
        let summary = match &page.description {
            Some(d) => plain_text(&crate::markdown::escape(d), SUMMARY_CHARS),
            None => digest
                .and_then(|d| d.summary_html.as_deref())
                .map(|s| plain_text(s, SUMMARY_CHARS))
                .unwrap_or_default(),
        };
        // Tags, authors, series, week and services first: they say what the page is
        // about.
        let terms = &site.pages[i].terms;
        let mut named: Vec<&str> = terms.tags.iter().map(|t| t.name.as_str()).collect();
        named.extend(terms.series.as_ref().map(|t| t.name.as_str()));
        named.extend(page.week());
        named.extend(terms.authors.iter().map(|a| a.term.name.as_str()));
        named.extend(terms.services.iter().map(|t| t.name.as_str()));
        let mut seen: HashSet<Cow<'_, str>> = HashSet::new();
        let mut words: Vec<Cow<'_, str>> = Vec::new();
        let body = digest.map_or("", |d| &*d.search_words).split(' ');
        let all = named
            .iter()
            .flat_map(|n| tokens(n))
            .map(Cow::Owned)
            .chain(body.map(Cow::Borrowed));
        for w in all {
            if !w.is_empty() && seen.insert(w.clone()) {
                words.push(w);
            }
        }
        Row {
            title: page.title.clone(),
            url: p.link().to_string(),
            kind: page.kind().name(),
            date: page
                .date
                .as_ref()
                .map(|d| d.zoned.strftime("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            summary,
            words: words.join(" "),
        }
    }

    /// The search page of language `lang`, at `url`.
    pub(crate) fn render_search_page(&self, url: &str, lang: crate::language::LangId) {
        let site = self.site;
        let mut sections = Vec::new();
        let mut stack: Vec<(usize, usize)> = site.sections[site.home_of(lang)]
            .subsections
            .iter()
            .rev()
            .map(|&k| (k, 1))
            .collect();
        while let Some((k, depth)) = stack.pop() {
            let s = &site.sections[k];
            if s.meta.draft {
                continue;
            }
            sections.push(SearchSection {
                title: &s.meta.title,
                url: &s.url,
                description: s.meta.description.as_deref(),
                depth,
            });
            stack.extend(s.subsections.iter().rev().map(|&j| (j, depth + 1)));
        }
        let tax = (site.taxonomies.iter()).find(|t| t.kind == Taxonomy::Tags && t.lang == lang);
        let tags = tax.map_or_else(Vec::new, |t| {
            t.terms
                .iter()
                .map(|term| SearchTag {
                    name: &term.name,
                    url: &term.url,
                    count: term.pages.len(),
                })
                .collect()
        });
        let index_url = super::languages::in_language(site, lang, INDEX_URL);
        let ctx = SearchCtx {
            index_url: &index_url,
            manifest_url: urls::search_file(
                &super::languages::in_language(site, lang, urls::SEARCH_FOLDER),
                "manifest.json",
            ),
            welsh_script: (site.config.languages.get(lang))
                .filter(|l| l.code.eq_ignore_ascii_case("cy"))
                .map(|_| crate::urls::WELSH_SCRIPT),
            script_url: SCRIPT_URL,
            sections,
            tags,
            // A taxonomy with no terms has no page (see routes).
            tags_url: tax.filter(|t| !t.terms.is_empty()).map(|t| t.url.as_str()),
        };
        let words = self.templates.words.of(lang);
        let crumbs = vec![Crumb {
            title: super::words::word(words, "home").to_string(),
            url: site.sections[site.home_of(lang)].url.clone(),
        }];
        self.render_to_url(
            "search.html",
            url,
            super::words::word(words, "search"),
            crumbs,
            Path::new("the search page"),
            |c| {
                c.insert("search", &ctx);
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn words_are_the_most_used_without_markup_code_or_common_words() {
        let html = "<h2 id=\"x\">Payments</h2><p>The council&#39;s payments &amp; refunds: \
                    payments failed at 09:14 in 2024.</p><pre><code>secretcode</code></pre>\
                    <p>Residents' refunds.</p>";
        let words = page_words(html);
        assert_eq!(words, "payments refunds council failed 2024 residents");
    }

    #[test]
    fn ascii_and_other_words_are_normalised_alike() {
        let mut out = String::new();
        for (word, want) in [
            ("Council's", "council"),
            ("COUNCIL\u{2019}S", "council"),
            ("don't", "dont"),
            ("Don\u{2019}t", "dont"),
            ("'s", ""),
            ("o'neill's", "oneill"),
            ("Ca\u{301}fe's", "ca\u{301}fe"),
        ] {
            normalize_into(word, &mut out);
            assert_eq!(out, want, "{word}");
        }
    }

    #[test]
    fn tokens_match_the_search_script() {
        let t: Vec<String> = tokens("Don’t PANIC: council's Café-2024").collect();
        assert_eq!(t, ["dont", "panic", "council", "café", "2024"]);
    }

    fn row(title: &str, summary: &str, words: &str) -> Arc<Row> {
        Arc::new(Row {
            title: title.into(),
            url: format!("/{}/", title.to_lowercase().replace(' ', "-")),
            kind: "post",
            date: String::new(),
            summary: summary.into(),
            words: words.into(),
        })
    }

    #[test]
    fn fragments_are_the_files_the_route_table_lists_and_hold_each_rows_words() {
        let rows: Vec<Arc<Row>> = (0..100)
            .map(|n| {
                row(
                    &format!("Page {n}"),
                    "A short summary.",
                    &format!("word{n} common"),
                )
            })
            .chain([row("Payments down", "", "payment")])
            .collect();
        let mut files = Vec::new();
        index_files(
            &rows,
            &crate::urls::Mount::of("https://x.example"),
            &mut |n, t| files.push((n.to_string(), t.to_string())),
        );
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, file_names(rows.len()));
        // Every row's words, read back from the files of words: (word, row, in title).
        let mut found = Vec::new();
        for (name, text) in &files {
            if !name.starts_with("words/") {
                continue;
            }
            let file: serde_json::Value = serde_json::from_str(text).unwrap();
            for (w, p) in file["words"]
                .as_array()
                .unwrap()
                .iter()
                .zip(file["postings"].as_array().unwrap())
            {
                let mut at = 0;
                for n in p.as_str().unwrap().split(' ') {
                    let v = usize::from_str_radix(n, 36).unwrap();
                    at += v >> 1;
                    found.push((w.as_str().unwrap().to_string(), at, v & 1 == 1));
                }
            }
        }
        let has = |w: &str, at: usize, title: bool| found.contains(&(w.to_string(), at, title));
        assert!(has("page", 0, true) && has("page", 99, true));
        assert!(has("summary", 42, false) && has("word42", 42, false));
        assert!(has("common", 99, false) && has("payments", 100, true));
        assert!(has("payment", 100, false) && !has("page", 100, true));
        let manifest: serde_json::Value = serde_json::from_str(&files[1].1).unwrap();
        assert_eq!(manifest["rows"], 101);
        let firsts = manifest["word_files"].as_array().unwrap();
        assert!(
            firsts.len() > 1 && firsts.len() <= word_files(101),
            "{firsts:?}"
        );
    }

    #[test]
    fn base36_numbers() {
        assert_eq!(base36(0), "0");
        assert_eq!(base36(35), "z");
        assert_eq!(base36(36), "10");
    }
}
