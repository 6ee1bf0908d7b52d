//! Template code in page bodies: Hugo shortcodes (`{{< … >}}`, `{{% … %}}`) and Liquid or
//! Nunjucks tags and output (`{% … %}`, `{{ … }}`), converted where daylight has an
//! equivalent today and otherwise left exactly where they are, each noted with its line.
//!
//! Converted: links to other pages (`ref`, `relref`, `link`, `post_url`) become Markdown
//! links to the page's `.md` file, which daylight checks (or, outside a Markdown link,
//! the page's URL); URL filters (`relative_url`, `absolute_url`, `url`) and
//! `site.baseurl` become the plain path; `highlight` blocks become fenced code; `raw`
//! loses its tags (daylight does not read Liquid, so the text is already literal); a
//! Liquid comment becomes an HTML comment. Nothing inside Markdown code (fenced, indented
//! or inline) is touched or reported: it is shown as written.

use std::collections::HashMap;
use std::ops::Range;

use super::report::Note;

/// A page as it will be in daylight: its file under `content/` and its URL.
#[derive(Debug, Clone)]
pub struct Target {
    pub out: String,
    pub url: String,
}

/// Every imported page by its source path, to resolve links between them.
#[derive(Debug, Default)]
pub struct Links {
    /// Source path (relative to SRC, `/` separators) -> page.
    pub by_src: HashMap<String, Target>,
    /// Jekyll posts by file name without extension (`2015-07-08-title`) -> source paths.
    pub posts_by_name: HashMap<String, Vec<String>>,
    /// Static files copied, by source path -> their URL.
    pub statics: HashMap<String, String>,
    /// Where pages sit in SRC (`content/` for Hugo), for `ref` paths.
    pub content_root: String,
    /// Values the old site's templates filled in, by the expression that names them
    /// (`site.email`) -> (the text, the file it comes from).
    pub values: HashMap<String, (String, String)>,
}

impl Links {
    /// A Hugo `ref`/`relref` path, from the page at `from_src`: relative to the page's
    /// folder first, then to `content/`, then any page with that file name.
    fn hugo(&self, from_src: &str, path: &str) -> Option<&Target> {
        let dir = parent(from_src);
        let root = self.content_root.trim_end_matches('/');
        let mut bases = Vec::new();
        if let Some(abs) = path.strip_prefix('/') {
            bases.push(join(root, abs));
        } else {
            bases.push(join(dir, path));
            bases.push(join(root, path));
        }
        for base in &bases {
            let base = normalize(base);
            for suffix in ["", ".md", "/index.md", "/_index.md", ".markdown"] {
                if let Some(t) = self.by_src.get(&format!("{base}{suffix}")) {
                    return Some(t);
                }
            }
        }
        let name = path.trim_end_matches('/').rsplit('/').next()?;
        let mut found = self.by_src.iter().filter(|(src, _)| {
            let file = src.rsplit('/').next().unwrap_or(src);
            file == name || file.strip_suffix(".md") == Some(name)
        });
        let first = found.next()?;
        // Two pages with that name: which one Hugo meant is not ours to guess.
        found.next().is_none().then_some(first.1)
    }

    /// A Jekyll `{% link path %}`: a path from the site's root.
    fn jekyll_link(&self, path: &str) -> Option<Resolved<'_>> {
        let path = normalize(path.trim_start_matches('/'));
        if let Some(t) = self.by_src.get(&path) {
            return Some(Resolved::Page(t));
        }
        self.statics.get(&path).map(|u| Resolved::Url(u.clone()))
    }

    /// A Jekyll `{% post_url [folder/]2015-07-08-title %}`.
    fn post_url(&self, name: &str) -> Option<&Target> {
        let (folder, stem) = match name.rsplit_once('/') {
            Some((f, s)) => (Some(f), s),
            None => (None, name),
        };
        let candidates = self.posts_by_name.get(stem)?;
        let mut matching = candidates
            .iter()
            .filter(|src| folder.is_none_or(|f| src.contains(&format!("{f}/"))));
        let first = matching.next()?;
        if matching.next().is_some() {
            return None;
        }
        self.by_src.get(first)
    }
}

enum Resolved<'a> {
    Page(&'a Target),
    Url(String),
}

fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

fn join(dir: &str, path: &str) -> String {
    if dir.is_empty() {
        path.to_string()
    } else {
        format!("{dir}/{path}")
    }
}

/// `a/./b/../c` -> `a/c`.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// The path of `to` relative to the folder of `from`, both under `content/`.
pub fn relative(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = parent(from).split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<&str> = vec![".."; from_dir.len() - common];
    out.extend(&to_parts[common..]);
    out.join("/")
}

/// The page being converted.
pub struct Page<'a> {
    /// Source path, relative to SRC.
    pub src: &'a str,
    /// Path under `content/` in OUT.
    pub out: &'a str,
    /// The file line the body starts on, in the source and in the output.
    pub src_line: usize,
    pub out_line: usize,
    /// The page's title, for `{{ page.title }}`.
    pub title: Option<&'a str>,
    /// Parts of the body (byte ranges, in order) already carried over elsewhere, left
    /// out of the output: a cState issue's updates, which become `updates:`.
    pub skip: Vec<Range<usize>>,
}

/// A body with its template code converted, and a note for everything done or left.
pub struct Converted {
    pub text: String,
    pub notes: Vec<Note>,
}

/// Converts `body` of `page`; `links` resolves links to other pages.
pub fn convert(body: &str, page: &Page<'_>, links: &Links) -> Converted {
    let (body, stripped, removed) = strip_raw_in_code(body);
    // Where the skipped parts are once the raw tags in code are gone.
    let moved = |at: usize| {
        at - removed
            .iter()
            .filter(|r| r.end <= at)
            .map(|r| r.len())
            .sum::<usize>()
    };
    let skip = page
        .skip
        .iter()
        .map(|r| moved(r.start)..moved(r.end))
        .collect();
    let mut c = Converter {
        body: &body,
        page,
        links,
        out: String::with_capacity(body.len()),
        notes: Vec::new(),
        code: code_ranges(&body),
        html: html_ranges(&body),
        skip,
    };
    if let Some(first) = stripped {
        c.mapped(
            first,
            "`{% raw %}`/`{% endraw %}` inside code removed: Liquid removed them too, so the code shows the same".to_string(),
        );
    }
    c.run();
    Converted {
        text: c.out,
        notes: c.notes,
    }
}

/// `{% raw %}` and `{% endraw %}` inside Markdown code removed: Liquid runs before
/// Markdown, so Jekyll and Eleventy removed them there too, and a code block written to
/// show template code shows it without them. The offset (in the new text) of the first,
/// and the ranges removed (in `body`).
fn strip_raw_in_code(body: &str) -> (String, Option<usize>, Vec<Range<usize>>) {
    let code = code_ranges(body);
    let mut out = String::with_capacity(body.len());
    let mut first = None;
    let mut removed = Vec::new();
    let mut i = 0;
    while let Some(rel) = body[i..].find("{%") {
        let at = i + rel;
        let in_code = code.iter().any(|r| r.contains(&at));
        match tag_at(body, at) {
            Some(t)
                if in_code
                    && t.syntax == Syntax::LiquidTag
                    && matches!(t.inner.as_str(), "raw" | "endraw") =>
            {
                out.push_str(&body[i..at]);
                first.get_or_insert(out.len());
                removed.push(t.range.clone());
                i = t.range.end;
            }
            _ => {
                out.push_str(&body[i..at + 2]);
                i = at + 2;
            }
        }
    }
    out.push_str(&body[i..]);
    (out, first, removed)
}

/// Byte ranges of Markdown code (fenced, indented and inline) in `body`.
fn code_ranges(body: &str) -> Vec<Range<usize>> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let mut ranges = Vec::new();
    for (event, range) in Parser::new_ext(body, Options::all()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => ranges.push(range),
            _ => {}
        }
    }
    ranges
}

/// Byte ranges of raw HTML in `body`: HTML blocks (where Markdown, backticks included,
/// is not read) and inline HTML tags, each with whether it is a tag (inline HTML is).
fn html_ranges(body: &str) -> Vec<(Range<usize>, bool)> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let mut ranges = Vec::new();
    for (event, range) in Parser::new_ext(body, Options::all()).into_offset_iter() {
        match event {
            Event::Start(Tag::HtmlBlock) => ranges.push((range, false)),
            Event::InlineHtml(_) => ranges.push((range, true)),
            _ => {}
        }
    }
    ranges
}

/// Where template code sits, which decides how it can be shown as code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Markdown text: a code span (backticks).
    Markdown,
    /// The text of raw HTML, where backticks are not code: a raw `<code>` element, which
    /// daylight's template-code check counts as code.
    HtmlText,
    /// Inside an HTML tag (an attribute) or a link's destination: code cannot be there.
    NoCode,
}

/// `text` in a raw `<code>` element.
fn as_html_code(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!("<code>{escaped}</code>")
}

/// `text` as a Markdown code span: fenced with one more backtick than its longest run,
/// and spaced when it starts or ends with one.
fn as_code_span(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A template tag found in the body.
#[derive(Debug)]
struct TagAt {
    /// Hugo shortcode, Liquid tag (`{% %}`), or output (`{{ }}`).
    syntax: Syntax,
    /// The text between the delimiters, trimmed (and without `-` whitespace control).
    inner: String,
    range: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Shortcode,
    LiquidTag,
    Output,
    HugoComment,
}

impl Syntax {
    fn named(self) -> &'static str {
        match self {
            Syntax::Shortcode => "a Hugo shortcode",
            Syntax::LiquidTag => "a Liquid tag",
            Syntax::Output => "a template expression",
            Syntax::HugoComment => "a Hugo template comment",
        }
    }
}

/// The tag starting at `at` (which starts with `{{` or `{%`), if it is closed.
fn tag_at(body: &str, at: usize) -> Option<TagAt> {
    let rest = &body[at..];
    let (syntax, open, close) = if rest.starts_with("{{/*") {
        (Syntax::HugoComment, "{{/*", "*/}}")
    } else if rest.starts_with("{{<") {
        (Syntax::Shortcode, "{{<", ">}}")
    } else if rest.starts_with("{{%") {
        (Syntax::Shortcode, "{{%", "%}}")
    } else if rest.starts_with("{%") {
        (Syntax::LiquidTag, "{%", "%}")
    } else {
        (Syntax::Output, "{{", "}}")
    };
    let end = rest[open.len()..].find(close)? + open.len() + close.len();
    let inner = rest[open.len()..end - close.len()]
        .trim()
        .trim_start_matches('-')
        .trim_end_matches('-')
        .trim()
        .to_string();
    Some(TagAt {
        syntax,
        inner,
        range: at..at + end,
    })
}

/// The first word of a tag (its name) and the rest.
fn name_and_args(inner: &str) -> (&str, &str) {
    match inner.split_once(char::is_whitespace) {
        Some((n, rest)) => (n, rest.trim()),
        None => (inner, ""),
    }
}

/// The first quoted string in `args` (`"x"` or `'x'`), or a bare word, or `path="x"`.
fn first_string(args: &str) -> Option<String> {
    let args = args.trim();
    let args = args
        .strip_prefix("path=")
        .or_else(|| args.strip_prefix("path ="))
        .unwrap_or(args)
        .trim_start();
    let mut chars = args.chars();
    match chars.next()? {
        q @ ('"' | '\'') => {
            let rest = &args[1..];
            rest.find(q).map(|end| rest[..end].to_string())
        }
        _ => args.split_whitespace().next().map(str::to_string),
    }
}

struct Converter<'a> {
    body: &'a str,
    page: &'a Page<'a>,
    links: &'a Links,
    out: String,
    notes: Vec<Note>,
    code: Vec<Range<usize>>,
    html: Vec<(Range<usize>, bool)>,
    /// [`Page::skip`], in `body`'s offsets.
    skip: Vec<Range<usize>>,
}

impl Converter<'_> {
    /// Where the template code at `at` (in the body) sits; `self.out` holds what comes
    /// before it.
    fn place(&self, at: usize) -> Place {
        if ["](", "](<", "=\"", "='"]
            .iter()
            .any(|t| self.out.ends_with(t))
        {
            return Place::NoCode;
        }
        let Some((range, is_tag)) = self.html.iter().find(|(r, _)| r.contains(&at)) else {
            return Place::Markdown;
        };
        if *is_tag {
            return Place::NoCode;
        }
        // In an HTML block: inside a tag when a `<` opening one comes after the last `>`.
        let before = &self.body[range.start..at];
        let opened = before.rfind('<').filter(|&i| {
            before[i + 1..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '/')
        });
        match (opened, before.rfind('>')) {
            (Some(o), Some(c)) if o > c => Place::NoCode,
            (Some(_), None) => Place::NoCode,
            _ => Place::HtmlText,
        }
    }

    fn src_line(&self, at: usize) -> usize {
        self.page.src_line + self.body[..at].matches('\n').count()
    }

    fn out_line(&self) -> usize {
        self.page.out_line + self.out.matches('\n').count()
    }

    fn mapped(&mut self, at: usize, text: String) {
        let line = self.src_line(at);
        self.notes.push(Note::mapped(self.page.src, line, text));
    }

    /// Leaves the tag at `range` as written, and says so.
    fn leave(&mut self, range: Range<usize>, why: String) {
        let line = self.src_line(range.start);
        let place = self.place(range.start);
        let mut note = Note::person(self.page.src, line, why);
        note.now_at = Some((format!("content/{}", self.page.out), self.out_line()));
        // As code: published as the text it is (daylight refuses template code outside
        // code, rightly), plain to see until a person rewrites it. Not where code cannot
        // be (a link's destination, an HTML attribute): there the build names it.
        let text = &self.body[range];
        match place {
            Place::Markdown => self.out.push_str(&as_code_span(text)),
            Place::HtmlText => self.out.push_str(&as_html_code(text)),
            Place::NoCode => {
                note.text.push_str(
                    "; it is inside an HTML tag or a link's address, where it cannot be code: check will fail here",
                );
                note.fails_check = true;
                self.out.push_str(text);
            }
        }
        self.notes.push(note);
    }

    /// Converts the body but for its skipped parts.
    fn run(&mut self) {
        let mut i = 0;
        for skip in std::mem::take(&mut self.skip) {
            if skip.start >= i {
                i = self.run_part(i..skip.start);
            }
            i = i.max(skip.end);
        }
        self.run_part(i..self.body.len());
    }

    /// Converts `part` of the body; template code or Markdown code that starts in it is
    /// read to its end. Where it stopped.
    fn run_part(&mut self, part: Range<usize>) -> usize {
        let body = self.body;
        let end = part.end;
        let mut i = part.start;
        while i < end
            && let Some(rel) = body[i..end].find('{')
        {
            let at = i + rel;
            let rest = &body[at..];
            if !(rest.starts_with("{{") || rest.starts_with("{%")) {
                self.out.push_str(&body[i..at + 1]);
                i = at + 1;
                continue;
            }
            if let Some(code) = self.code.iter().find(|r| r.contains(&at)).cloned() {
                self.out.push_str(&body[i..code.end]);
                i = code.end;
                continue;
            }
            self.out.push_str(&body[i..at]);
            let Some(tag) = tag_at(body, at) else {
                self.leave(
                    at..at + 2,
                    format!(
                        "`{}` opens template code that is never closed: left as written; remove it or close it",
                        &body[at..at + 2]
                    ),
                );
                i = at + 2;
                continue;
            };
            i = self.tag(tag);
        }
        if i < end {
            self.out.push_str(&body[i..end]);
        }
        i.max(end)
    }

    /// Handles one tag; the offset to carry on from.
    fn tag(&mut self, tag: TagAt) -> usize {
        let (name, args) = name_and_args(&tag.inner);
        let (name, args) = (name.to_string(), args.to_string());
        let written = self.body[tag.range.clone()].to_string();
        match (tag.syntax, name.as_str()) {
            (Syntax::Shortcode, "ref" | "relref") => self.link_tag(&tag, &written, &args),
            (Syntax::LiquidTag, "link" | "post_url") => self.link_tag(&tag, &written, &args),
            (Syntax::LiquidTag, "raw") => return self.raw(&tag),
            (Syntax::LiquidTag, "comment") => return self.comment(&tag),
            (Syntax::LiquidTag, "highlight") => return self.highlight(&tag, &args, false),
            (Syntax::Shortcode, "highlight") => return self.highlight(&tag, &args, true),
            (Syntax::Shortcode, "figure" | "youtube") | (Syntax::LiquidTag, "include")
                if self.place(tag.range.start) == Place::Markdown =>
            {
                match inline_shortcode(tag.syntax, &name, &args) {
                    Some(Ok((text, what))) => {
                        self.mapped(tag.range.start, format!("`{written}` became {what}"));
                        self.out.push_str(&text);
                    }
                    Some(Err(why)) => self.leave(
                        tag.range.clone(),
                        format!("{} `{written}` left in place: {why}", tag.syntax.named()),
                    ),
                    None => self.no_equivalent(&tag, &written),
                }
            }
            (Syntax::Shortcode, "details" | "notice" | "admonition" | "alert")
                if self.place(tag.range.start) == Place::Markdown =>
            {
                return self.block_shortcode(&tag, &written, &name, &args);
            }
            (Syntax::Output, _) => self.output(&tag, &written),
            _ => self.no_equivalent(&tag, &written),
        }
        tag.range.end
    }

    /// Leaves a tag daylight has nothing like.
    fn no_equivalent(&mut self, tag: &TagAt, written: &str) {
        let why = format!(
            "{} `{written}` left in place: daylight has no equivalent; rewrite it in Markdown, HTML or one of daylight's shortcodes (docs/content.md)",
            tag.syntax.named(),
        );
        self.leave(tag.range.clone(), why);
    }

    /// A Hugo block shortcode daylight has a block for (`details`, and the themes'
    /// `notice`, `admonition` and `alert` as callouts): the opening and closing tags
    /// replaced, the body between converted as the rest of the page is.
    fn block_shortcode(&mut self, tag: &TagAt, written: &str, name: &str, args: &str) -> usize {
        let Some(end) = self.closing(tag.range.end, name, true) else {
            let why = format!(
                "{} `{written}` is never closed (no `/{name}`): left in place",
                tag.syntax.named()
            );
            self.leave(tag.range.clone(), why);
            return tag.range.end;
        };
        let opening = match block_opening(name, args) {
            Ok(o) => o,
            Err(why) => {
                self.leave(
                    tag.range.clone(),
                    format!("{} `{written}` left in place: {why}", tag.syntax.named()),
                );
                return tag.range.end;
            }
        };
        let closing = self.body[end.clone()].to_string();
        self.mapped(
            tag.range.start,
            format!("`{written}` … `{closing}` became `{opening}` … `{{% end %}}`"),
        );
        self.out.push_str(&opening);
        self.run_part(tag.range.end..end.start);
        self.out.push_str("{% end %}");
        end.end
    }

    /// `ref`, `relref`, `link`, `post_url`: a link to a page (or file) of the site.
    fn link_tag(&mut self, tag: &TagAt, written: &str, args: &str) {
        let Some(path) = first_string(args) else {
            self.leave(
                tag.range.clone(),
                format!(
                    "{} `{written}` names no page: left in place",
                    tag.syntax.named()
                ),
            );
            return;
        };
        let (path, anchor) = match path.split_once('#') {
            Some((p, a)) => (p.to_string(), format!("#{a}")),
            None => (path.clone(), String::new()),
        };
        let resolved = if tag.syntax == Syntax::Shortcode {
            if path.is_empty() {
                // `ref "#anchor"`: a link within the page itself.
                Some(Resolved::Url(String::new()))
            } else {
                self.links.hugo(self.page.src, &path).map(Resolved::Page)
            }
        } else if written.contains("post_url") {
            self.links.post_url(&path).map(Resolved::Page)
        } else {
            self.links.jekyll_link(&path)
        };
        let in_markdown_link = self.out.ends_with("](") || self.out.ends_with("](<");
        let replacement = match resolved {
            Some(Resolved::Page(t)) if in_markdown_link => {
                format!("{}{anchor}", relative(self.page.out, &t.out))
            }
            Some(Resolved::Page(t)) => format!("{}{anchor}", t.url),
            Some(Resolved::Url(u)) => format!("{u}{anchor}"),
            None => {
                self.leave(
                    tag.range.clone(),
                    format!(
                        "{} `{written}` links to `{path}`, which is not a page or file that was imported: left in place; link to the page's .md file instead",
                        tag.syntax.named()
                    ),
                );
                return;
            }
        };
        let how = if in_markdown_link {
            "a Markdown link to"
        } else {
            "the URL of"
        };
        self.mapped(
            tag.range.start,
            format!("`{written}` became `{replacement}` ({how} the page)"),
        );
        self.out.push_str(&replacement);
    }

    /// `{{ … }}`: a URL filter on a quoted path, or `site.baseurl`, become the path.
    fn output(&mut self, tag: &TagAt, written: &str) {
        let inner = tag.inner.as_str();
        let compact: String = inner.chars().filter(|c| !c.is_whitespace()).collect();
        if compact == "site.baseurl" || compact == "site.baseURL" {
            self.mapped(
                tag.range.start,
                format!(
                    "`{written}` removed: daylight puts the site's base URL in its links itself"
                ),
            );
            return;
        }
        let mut parts = inner.split('|').map(str::trim);
        let first = parts.next().unwrap_or("");
        let filters: Vec<&str> = parts.collect();
        let quoted = first.len() >= 2
            && ((first.starts_with('"') && first.ends_with('"'))
                || (first.starts_with('\'') && first.ends_with('\'')));
        let url_filter = |f: &&str| {
            let f: String = f.chars().filter(|c| !c.is_whitespace()).collect();
            matches!(
                f.as_str(),
                "url"
                    | "relative_url"
                    | "absolute_url"
                    | "prepend:site.baseurl"
                    | "prepend:site.url"
            )
        };
        if let Some((value, from)) = self.known_value(&compact) {
            self.mapped(
                tag.range.start,
                format!("`{written}` became `{value}` ({from})"),
            );
            self.out.push_str(&value);
            return;
        }
        if quoted && !filters.is_empty() && filters.iter().all(url_filter) {
            let path = first[1..first.len() - 1].to_string();
            self.mapped(tag.range.start, format!("`{written}` became `{path}`"));
            self.out.push_str(&path);
            return;
        }
        let why = format!(
            "{} `{written}` left in place: daylight does not run templates in content; write its result out",
            tag.syntax.named()
        );
        self.leave(tag.range.clone(), why);
    }

    /// What the old site's template filled in for `expr` (written without spaces): the
    /// page's title, or a plain text value of the site's config or data, with where it
    /// comes from. None for a value that would not read the same as Markdown or in HTML
    /// (markup, quotes, line breaks): that is left for a person.
    fn known_value(&self, expr: &str) -> Option<(String, String)> {
        let (value, from) = if expr == "page.title" {
            (self.page.title?.to_string(), "the page's title".to_string())
        } else {
            let (v, file) = self.links.values.get(expr)?;
            (v.clone(), format!("from `{file}`"))
        };
        let plain = !value.trim().is_empty()
            && !value.contains(['<', '>', '"', '`', '{', '}', '[', ']', '*', '\\', '\n']);
        plain.then_some((value, from))
    }

    /// The closing tag `{% end<name> %}` (Liquid) or `{{< /name >}}` (Hugo) after `from`.
    fn closing(&self, from: usize, name: &str, hugo: bool) -> Option<Range<usize>> {
        let mut i = from;
        while let Some(rel) = self.body[i..].find('{') {
            let at = i + rel;
            if let Some(t) = tag_at(self.body, at) {
                let (n, _) = name_and_args(&t.inner);
                let hit = if hugo {
                    t.syntax == Syntax::Shortcode && n == format!("/{name}")
                } else {
                    t.syntax == Syntax::LiquidTag && n == format!("end{name}")
                };
                if hit {
                    return Some(t.range);
                }
            }
            i = at + 1;
        }
        None
    }

    fn unclosed(&mut self, tag: &TagAt, name: &str) -> usize {
        let written = self.body[tag.range.clone()].to_string();
        self.leave(
            tag.range.clone(),
            format!(
                "{} `{written}` is never closed (no `end{name}`): left in place",
                tag.syntax.named()
            ),
        );
        tag.range.end
    }

    /// `{% raw %}…{% endraw %}`: the text between, as written.
    fn raw(&mut self, tag: &TagAt) -> usize {
        let Some(end) = self.closing(tag.range.end, "raw", false) else {
            return self.unclosed(tag, "raw");
        };
        let inner = &self.body[tag.range.end..end.start];
        self.mapped(
            tag.range.start,
            "`{% raw %}` and `{% endraw %}` removed: daylight does not run Liquid, so the text between is shown as written".to_string(),
        );
        // What was literal in Liquid is literal here too; template code in it outside
        // Markdown code would read as a shortcode once daylight has them.
        let inner_code = code_ranges(inner);
        let mut template_code = false;
        let mut from = 0;
        while let Some(rel) = inner[from..].find(['{']) {
            let at = from + rel;
            let r = &inner[at..];
            if (r.starts_with("{{") || r.starts_with("{%"))
                && !inner_code.iter().any(|c| c.contains(&at))
            {
                let abs = tag.range.end + at;
                let line = self.src_line(abs);
                let out_line = self.out_line() + inner[..at].matches('\n').count();
                let shown: String = r.lines().next().unwrap_or("").chars().take(40).collect();
                let mut note = Note::person(
                    self.page.src,
                    line,
                    format!(
                        "template code `{shown}` inside `{{% raw %}}` is kept as code (Liquid showed it as text); check it reads well, or write it out as a code block"
                    ),
                );
                note.now_at = Some((format!("content/{}", self.page.out), out_line));
                self.notes.push(note);
                template_code = true;
            }
            from = at + 1;
        }
        // Shown as written, as Liquid did: in code, the one place daylight shows template
        // code as text. A span cannot hold a blank line; such a block stays as it is, and
        // the build names each tag in it.
        if template_code && !inner.contains("\n\n") {
            match self.place(tag.range.start) {
                Place::HtmlText => self.out.push_str(&as_html_code(inner)),
                _ => self.out.push_str(&as_code_span(inner)),
            }
        } else {
            self.out.push_str(inner);
        }
        end.end
    }

    /// `{% comment %}…{% endcomment %}`: an HTML comment, so it is still not shown.
    fn comment(&mut self, tag: &TagAt) -> usize {
        let Some(end) = self.closing(tag.range.end, "comment", false) else {
            return self.unclosed(tag, "comment");
        };
        let inner = self.body[tag.range.end..end.start].replace("--", "- -");
        self.mapped(
            tag.range.start,
            "a Liquid comment became an HTML comment (not shown on the page)".to_string(),
        );
        self.out.push_str("<!--");
        self.out.push_str(&inner);
        self.out.push_str("-->");
        end.end
    }

    /// `{% highlight lang %}` / `{{< highlight lang >}}`: a fenced code block.
    fn highlight(&mut self, tag: &TagAt, args: &str, hugo: bool) -> usize {
        let Some(end) = self.closing(tag.range.end, "highlight", hugo) else {
            return self.unclosed(tag, "highlight");
        };
        let lang = args
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_matches(['"', '\''])
            .to_string();
        let code = self.body[tag.range.end..end.start].trim_matches('\n');
        let fence = if code.contains("```") { "~~~~" } else { "```" };
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        let dropped = if args.split_whitespace().count() > 1 {
            " (its options, such as line numbers, are dropped)"
        } else {
            ""
        };
        self.mapped(
            tag.range.start,
            format!("a `highlight {lang}` block became a fenced code block{dropped}"),
        );
        self.out
            .push_str(&format!("{fence}{lang}\n{code}\n{fence}"));
        if !self.body[end.end..].starts_with('\n') {
            self.out.push('\n');
        }
        end.end
    }
}

/// One argument of a Hugo shortcode or Liquid include: its name (None when given by
/// position), its value, and whether the value was quoted (a bare value in Liquid is a
/// variable, whose value the import does not know).
#[derive(Debug, PartialEq, Eq)]
struct Arg {
    key: Option<String>,
    value: String,
    quoted: bool,
}

/// `key="value" key='value' key=word "positional" word`, as Hugo and Liquid write them;
/// Liquid's `key: "value",` too. None when a quote is never closed.
fn parse_args(args: &str) -> Option<Vec<Arg>> {
    let mut out = Vec::new();
    let mut rest = args.trim_start();
    while !rest.is_empty() {
        let key_end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        let after = rest[key_end..].trim_start();
        let (key, value_at) = match after.strip_prefix('=').or_else(|| after.strip_prefix(':')) {
            Some(v) if key_end > 0 => (Some(rest[..key_end].to_string()), v.trim_start()),
            _ => (None, rest),
        };
        let (value, quoted, next) = match value_at.chars().next() {
            Some(q @ ('"' | '\'' | '`')) => {
                let close = value_at[1..].find(q)? + 1;
                (value_at[1..close].to_string(), true, &value_at[close + 1..])
            }
            _ => {
                let end = value_at
                    .find(|c: char| c.is_whitespace() || c == ',')
                    .unwrap_or(value_at.len());
                (value_at[..end].to_string(), false, &value_at[end..])
            }
        };
        out.push(Arg { key, value, quoted });
        rest = next.trim_start().trim_start_matches(',').trim_start();
    }
    Some(out)
}

/// A named argument's value.
fn arg<'a>(args: &'a [Arg], names: &[&str]) -> Option<&'a Arg> {
    args.iter()
        .find(|a| a.key.as_deref().is_some_and(|k| names.contains(&k)))
}

/// `text` as a daylight shortcode string.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// An inline Hugo shortcode or Liquid include as daylight Markdown, with what it became
/// (for the report); Err with the reason when it is one daylight has but cannot be
/// converted as written; None when daylight has nothing like it.
fn inline_shortcode(
    syntax: Syntax,
    name: &str,
    args: &str,
) -> Option<Result<(String, String), String>> {
    match (syntax, name) {
        (Syntax::Shortcode, "figure") => Some(figure(args, false)),
        (Syntax::Shortcode, "youtube") => Some(youtube(args)),
        (Syntax::LiquidTag, "include") => {
            let (file, rest) = name_and_args(args);
            let file = file.trim_matches(['"', '\'', ',']);
            matches!(file, "figure.html" | "figure" | "image.html" | "image")
                .then(|| figure(rest, true))
        }
        _ => None,
    }
}

/// A figure (Hugo's `figure`, a Jekyll theme's `include figure.html`) as daylight's.
/// Its alt text must be there: a picture without one would be published unexplained.
fn figure(args: &str, liquid: bool) -> Result<(String, String), String> {
    let args = parse_args(args).ok_or("a quote in it is never closed")?;
    if liquid && let Some(var) = args.iter().find(|a| !a.quoted) {
        return Err(format!(
            "`{}` is a Liquid variable, whose value the import does not know; write it out",
            var.value
        ));
    }
    let src = arg(&args, &["src", "image", "url", "file"])
        .ok_or("it names no picture (`src` or `image`)")?;
    let Some(alt) = arg(&args, &["alt"]).filter(|a| !a.value.trim().is_empty()) else {
        return Err(
            "it has no alt text; say what the picture shows with `{{ figure(src=…, alt=\"…\") }}`"
                .to_string(),
        );
    };
    let mut call = format!(
        "{{{{ figure(src={}, alt={}",
        quoted(&src.value),
        quoted(&alt.value)
    );
    let caption = arg(&args, &["caption"]).or_else(|| arg(&args, &["title"]));
    if let Some(c) = caption {
        call.push_str(&format!(", caption={}", quoted(&c.value)));
    }
    if let Some(c) = arg(&args, &["attr", "credit"]) {
        call.push_str(&format!(", credit={}", quoted(&c.value)));
    }
    call.push_str(") }}");
    let used = [
        "src", "image", "url", "file", "alt", "caption", "title", "attr", "credit",
    ];
    let dropped: Vec<&str> = args
        .iter()
        .filter_map(|a| a.key.as_deref())
        .filter(|k| !used.contains(k))
        .collect();
    let mut what = format!("`{call}`");
    if !dropped.is_empty() {
        what.push_str(&format!(
            " (dropped: `{}`, which daylight's figure does not take)",
            dropped.join("`, `")
        ));
    }
    Ok((call, what))
}

/// Hugo's `youtube`: a plain link to the video, which loads nothing from YouTube until a
/// reader follows it (daylight's `video` needs a poster picture the old site never had).
fn youtube(args: &str) -> Result<(String, String), String> {
    let args = parse_args(args).ok_or("a quote in it is never closed")?;
    let id = arg(&args, &["id"])
        .or_else(|| args.iter().find(|a| a.key.is_none()))
        .map(|a| a.value.as_str())
        .ok_or("it names no video")?;
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(format!("`{id}` is not a YouTube video id"));
    }
    let title = arg(&args, &["title"]).map_or("Watch the video on YouTube".to_string(), |t| {
        format!("Watch the video: {}", t.value.replace(['[', ']'], ""))
    });
    let link = format!("[{title}](https://www.youtube.com/watch?v={id})");
    let what = format!(
        "`{link}`, a link to the video (for its poster, write `{{{{ video(url=…, poster=…, title=…) }}}}`)"
    );
    Ok((link, what))
}

/// The daylight opening tag for a Hugo block shortcode: `details` as `details`, the
/// themes' notices as `callout`.
fn block_opening(name: &str, args: &str) -> Result<String, String> {
    let args = parse_args(args).ok_or("a quote in it is never closed")?;
    let positional: Vec<&str> = args
        .iter()
        .filter(|a| a.key.is_none())
        .map(|a| a.value.as_str())
        .collect();
    if name == "details" {
        let summary = arg(&args, &["summary"]).map_or("Details", |a| a.value.as_str());
        let open = arg(&args, &["open"]).is_some_and(|a| a.value == "true");
        let open = if open { ", open=true" } else { "" };
        return Ok(format!(
            "{{% details(summary={}{open}) %}}",
            quoted(summary)
        ));
    }
    // relearn's `notice style title`, LoveIt's `admonition type title`, docsy's
    // `alert title= color=`.
    let kind_word = arg(&args, &["style", "type", "color"])
        .map(|a| a.value.as_str())
        .or(positional.first().copied())
        .unwrap_or("note");
    let kind = match kind_word.to_ascii_lowercase().as_str() {
        "note" | "info" | "primary" | "secondary" | "abstract" | "summary" | "example"
        | "quote" => "note",
        "tip" | "success" | "hint" | "green" => "tip",
        "important" => "important",
        "warning" | "warn" | "orange" => "warning",
        "caution" | "danger" | "error" | "failure" | "bug" | "red" => "caution",
        other => {
            return Err(format!(
                "`{other}` is no kind of callout daylight has (note, tip, important, warning, caution)"
            ));
        }
    };
    let title = arg(&args, &["title"])
        .map(|a| a.value.as_str())
        .or(positional.get(1).copied());
    Ok(match title {
        Some(t) => format!("{{% callout(kind=\"{kind}\", title={}) %}}", quoted(t)),
        None => format!("{{% callout(kind=\"{kind}\") %}}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::report::Class;

    fn links() -> Links {
        let mut l = Links {
            content_root: "content/".to_string(),
            ..Links::default()
        };
        for (src, out, url) in [
            ("content/posts/other.md", "posts/other.md", "/posts/other/"),
            ("content/about/index.md", "about/index.md", "/about/"),
            (
                "_posts/2015-07-08-moving-in.md",
                "blog/2015-07-08-moving-in.md",
                "/blog/2015-07-08-moving-in/",
            ),
        ] {
            l.by_src.insert(
                src.to_string(),
                Target {
                    out: out.to_string(),
                    url: url.to_string(),
                },
            );
        }
        l.posts_by_name.insert(
            "2015-07-08-moving-in".to_string(),
            vec!["_posts/2015-07-08-moving-in.md".to_string()],
        );
        l.statics
            .insert("assets/a.pdf".to_string(), "/assets/a.pdf".to_string());
        l
    }

    fn run(body: &str, src: &str, out: &str) -> Converted {
        let page = Page {
            src,
            out,
            src_line: 5,
            out_line: 3,
            title: None,
            skip: Vec::new(),
        };
        convert(body, &page, &links())
    }

    #[test]
    fn links_become_md_paths_in_markdown_links_and_urls_elsewhere() {
        let c = run(
            "See [o]({{< ref \"other.md\" >}}) and [a]({{< relref \"/about\" >}}#team).\n<a href=\"{{< ref \"other\" >}}\">x</a>\n",
            "content/posts/x.md",
            "posts/x.md",
        );
        assert_eq!(
            c.text,
            "See [o](other.md) and [a](../about/index.md#team).\n<a href=\"/posts/other/\">x</a>\n"
        );
        assert!(c.notes.iter().all(|n| n.class == Class::Mapped));

        let c = run(
            "[m]({{ site.baseurl }}{% post_url 2015-07-08-moving-in %}) [p]({% link assets/a.pdf %}) {{ \"/x/\" | relative_url }} {{ '/y/' | url }}\n",
            "index.md",
            "_index.md",
        );
        assert_eq!(
            c.text,
            "[m](blog/2015-07-08-moving-in.md) [p](/assets/a.pdf) /x/ /y/\n"
        );
    }

    #[test]
    fn what_has_no_equivalent_is_left_with_its_lines_and_code_is_never_touched() {
        let body = "Intro\n\n{{< note >}}\nText\n{{< /note >}}\n\n`{{< ref \"x\" >}}` in code\n\n```\n{% include a.html %}\n```\n{% include figure.html %} {{ page.title }} [b]({{< ref \"missing.md\" >}})\n";
        let c = run(body, "content/posts/x.md", "posts/x.md");
        // Kept as code, except in a link's destination, where code cannot be.
        let kept = "Intro\n\n`{{< note >}}`\nText\n`{{< /note >}}`\n\n`{{< ref \"x\" >}}` in code\n\n```\n{% include a.html %}\n```\n`{% include figure.html %}` `{{ page.title }}` [b]({{< ref \"missing.md\" >}})\n";
        assert_eq!(c.text, kept);
        let left: Vec<(usize, usize)> = c
            .notes
            .iter()
            .filter(|n| n.class == Class::Person)
            .map(|n| (n.line, n.now_at.as_ref().unwrap().1))
            .collect();
        // Body line 1 is file line 5 in the source and line 3 in the output.
        assert_eq!(left, [(7, 5), (9, 7), (16, 14), (16, 14), (16, 14)]);
    }

    #[test]
    fn blocks_raw_highlight_and_comments() {
        let c = run(
            "A\n{% highlight ruby linenos %}\nputs 1\n{% endhighlight %}\nB {% raw %}{{ x }}{% endraw %} {% comment %}no -- way{% endcomment %}\n{{< highlight go >}}\nfmt.Println()\n{{< /highlight >}}\n",
            "_posts/a.md",
            "blog/a.md",
        );
        assert_eq!(
            c.text,
            "A\n```ruby\nputs 1\n```\nB `{{ x }}` <!--no - - way-->\n```go\nfmt.Println()\n```\n"
        );
        let person: Vec<usize> = c
            .notes
            .iter()
            .filter(|n| n.class == Class::Person)
            .map(|n| n.line)
            .collect();
        assert_eq!(
            person,
            [9],
            "the {{{{ x }}}} kept as text from raw is listed"
        );
    }

    #[test]
    fn figures_videos_details_and_notices_become_daylights_shortcodes() {
        let body = concat!(
            "{{< figure src=\"chart.png\" alt=\"Calls per day\" caption=`A \"busy\" May` attr=\"Ops\" link=\"/x\" >}}\n\n",
            "{{< youtube w7Ft2ymGmfc >}} {{< youtube id=\"abc_1\" title=\"Launch\" >}}\n\n",
            "{{< details summary=\"How we count\" >}}\nSee [o]({{< ref \"other.md\" >}}).\n{{< /details >}}\n\n",
            "{{% notice warning \"Back up\" %}}\nFirst.\n{{% /notice %}}\n",
            "{{< admonition type=tip >}}\nTip.\n{{< /admonition >}}\n",
        );
        let c = run(body, "content/posts/x.md", "posts/x.md");
        assert_eq!(
            c.text,
            concat!(
                "{{ figure(src=\"chart.png\", alt=\"Calls per day\", caption=\"A \\\"busy\\\" May\", credit=\"Ops\") }}\n\n",
                "[Watch the video on YouTube](https://www.youtube.com/watch?v=w7Ft2ymGmfc) [Watch the video: Launch](https://www.youtube.com/watch?v=abc_1)\n\n",
                "{% details(summary=\"How we count\") %}\nSee [o](other.md).\n{% end %}\n\n",
                "{% callout(kind=\"warning\", title=\"Back up\") %}\nFirst.\n{% end %}\n",
                "{% callout(kind=\"tip\") %}\nTip.\n{% end %}\n",
            )
        );
        assert!(
            c.notes.iter().all(|n| n.class == Class::Mapped),
            "{:?}",
            c.notes
        );
        assert!(
            c.notes.iter().any(|n| n.text.contains("(dropped: `link`")),
            "{:?}",
            c.notes
        );
    }

    #[test]
    fn jekyll_figure_includes_become_figures_when_their_values_are_known() {
        let body = concat!(
            "{% include figure.html image=\"/assets/a.png\" alt=\"The team\" caption=\"Us\" %}\n\n",
            "{% include figure.html image=\"/assets/a.png\" caption=\"No alt\" %}\n\n",
            "{% include figure.html image=page.image alt=\"x\" %}\n\n",
            "{% include footer.html %}\n\n",
            "{{< figure src=\"a.png\" alt=\"open quote >}}\n\n",
            "{{% notice purple %}}\nx\n{{% /notice %}}\n\n{{< details >}}\nnever closed\n",
        );
        let c = run(body, "_posts/a.md", "blog/a.md");
        assert!(
            c.text.starts_with(
                "{{ figure(src=\"/assets/a.png\", alt=\"The team\", caption=\"Us\") }}\n\n`{% include figure.html image=\"/assets/a.png\" caption=\"No alt\" %}`"
            ),
            "{}",
            c.text
        );
        let person: Vec<(usize, &str)> = c
            .notes
            .iter()
            .filter(|n| n.class == Class::Person)
            .map(|n| (n.line, n.text.as_str()))
            .collect();
        let lines: Vec<usize> = person.iter().map(|p| p.0).collect();
        // Body line 1 is file line 5: everything but the first is left, with its line.
        // The closing tag of a notice left in place is listed too (line 17).
        assert_eq!(lines, [7, 9, 11, 13, 15, 17, 19], "{person:?}");
        assert!(person[0].1.contains("has no alt text"), "{person:?}");
        assert!(
            person[1].1.contains("`page.image` is a Liquid variable"),
            "{person:?}"
        );
        assert!(person[2].1.contains("no equivalent"), "{person:?}");
        assert!(
            person[4].1.contains("`purple` is no kind of callout"),
            "{person:?}"
        );
        assert!(person[6].1.contains("never closed"), "{person:?}");
    }

    #[test]
    fn arguments_are_read_as_hugo_and_liquid_write_them() {
        let args = parse_args(r#"a="x y" b='z' c=w "pos" bare, d: "e","#).unwrap();
        let flat: Vec<(Option<&str>, &str, bool)> = args
            .iter()
            .map(|a| (a.key.as_deref(), a.value.as_str(), a.quoted))
            .collect();
        assert_eq!(
            flat,
            [
                (Some("a"), "x y", true),
                (Some("b"), "z", true),
                (Some("c"), "w", false),
                (None, "pos", true),
                (None, "bare", false),
                (Some("d"), "e", true),
            ]
        );
        assert_eq!(parse_args(r#"a="never closed"#), None);
    }

    #[test]
    fn relative_paths() {
        assert_eq!(relative("blog/a.md", "blog/b.md"), "b.md");
        assert_eq!(relative("blog/a.md", "about.md"), "../about.md");
        assert_eq!(relative("_index.md", "blog/b.md"), "blog/b.md");
        assert_eq!(relative("a/b/c.md", "a/d/e.md"), "../d/e.md");
    }
}
