//! daylight's shortcodes in a Markdown body, Zola's syntax: `{{ name(key="value", n=3) }}`
//! inline, and `{% name(key="value") %}…Markdown…{% end %}` around a body (nestable).
//!
//! This module reads the calls and checks them against each shortcode's [`Signature`]
//! (unknown names and arguments are errors at their line and column, with a did-you-mean;
//! arguments are typed). It knows nothing of templates: running a shortcode is the
//! [`Shortcodes`] the caller hands in (the render's Tera templates).
//!
//! How a call reaches the HTML without moving a byte of the body: before the body is
//! parsed, each call outside code is overwritten, byte for byte and newline for newline,
//! by a marker pulldown-cmark passes through untouched, so every other diagnostic keeps
//! its line and column. A call alone on its line that gives HTML (a figure, the opening
//! or end of a block) becomes an HTML comment (`<!--0007-->`), which pulldown-cmark
//! reads as a block of its own, never inside a paragraph; any other call becomes a run
//! of private-use characters and digits inside the text. The renderer swaps each marker
//! for the shortcode's output; a block's body is rendered with the rest of the page (one
//! set of heading ids, one set of footnotes) and handed to its shortcode as HTML.
//!
//! Code is never touched: calls in code spans and blocks (and raw `<code>`, `<pre>`) are
//! text, as written.

use std::ops::Range;

use serde::Serialize;

use super::template_syntax::{self, Syntax};
use crate::error::{Diagnostic, did_you_mean};

/// The type of one argument, as a shortcode's template declares it.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgType {
    Text,
    Integer,
    Number,
    Bool,
    /// A file or page: relative to the page (as a Markdown link is), `/` from the site,
    /// or an http(s) URL. The template gets the URL it is published at.
    Path,
    /// A path into the site's data (`services`, `team.people`): the template gets the
    /// data there.
    Data,
    /// One of these words.
    OneOf(Vec<String>),
}

impl ArgType {
    /// How the type is written in a template's header: `text`, `path`, `note|warning`.
    pub fn parse(written: &str) -> Option<ArgType> {
        Some(match written {
            "text" | "string" => ArgType::Text,
            "integer" => ArgType::Integer,
            "number" => ArgType::Number,
            "bool" => ArgType::Bool,
            "path" => ArgType::Path,
            "data" => ArgType::Data,
            w if w.contains('|') => ArgType::OneOf(
                w.split('|')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
            ),
            _ => return None,
        })
    }

    fn describe(&self) -> String {
        match self {
            ArgType::Text => "text in quotes".into(),
            ArgType::Integer => "a whole number".into(),
            ArgType::Number => "a number".into(),
            ArgType::Bool => "true or false".into(),
            ArgType::Path => "a path or URL in quotes".into(),
            ArgType::Data => "the name of a data file in quotes (`services`, `team.people`)".into(),
            ArgType::OneOf(words) => format!(
                "one of {}",
                words
                    .iter()
                    .map(|w| format!("\"{w}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// One declared argument.
#[derive(Debug, Clone, PartialEq)]
pub struct ArgSpec {
    pub name: String,
    pub ty: ArgType,
    pub required: bool,
}

/// What a shortcode takes and gives.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Signature {
    pub args: Vec<ArgSpec>,
    /// Called around a body (`{% name() %}…{% end %}`), not inline.
    pub body: bool,
    /// Its output is HTML (an `.html` template); otherwise it is text, escaped.
    pub html: bool,
}

/// An argument's value as written in the call.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Text(String),
    Integer(i64),
    Number(f64),
    Bool(bool),
    /// What a `data` argument names.
    Data(serde_json::Value),
}

/// Resolves a `path` argument written at a body offset: its URL, and its size in pixels
/// when it is one of the site's pictures; Err, why it cannot be used.
pub type ResolvePath<'a> = dyn FnMut(&str, usize) -> Result<Resolved, String> + 'a;

/// A `path` argument resolved: its site path, and for a picture of the site its size and
/// resized copies.
pub struct Resolved {
    pub url: String,
    pub size: Option<(u32, u32)>,
    pub srcset: Option<crate::resize::Srcset>,
}

/// A checked call, ready to run.
#[derive(Debug, Clone)]
pub struct Call {
    pub name: String,
    pub args: Vec<(String, Value)>,
    /// Where the call is, in the body.
    pub at: usize,
}

/// Runs shortcodes: the render's templates, or none.
pub trait Shortcodes: Sync {
    fn signature(&self, name: &str) -> Option<&Signature>;
    /// Every shortcode's name, for did-you-mean.
    fn names(&self) -> Vec<&str>;
    /// The site's data at a dotted path (`team.people`), if there is any.
    fn data(&self, path: &str) -> Option<serde_json::Value>;
    /// The output of `call` (with its block's body as HTML): HTML, or text when the
    /// signature says so (the caller escapes it). Err: why it failed, for the message.
    fn run(&self, call: &Call, body: Option<&str>) -> Result<String, String>;
}

/// No shortcodes at all: every call is unknown.
pub struct NoShortcodes;

impl Shortcodes for NoShortcodes {
    fn signature(&self, _: &str) -> Option<&Signature> {
        None
    }
    fn names(&self) -> Vec<&str> {
        Vec::new()
    }
    fn data(&self, _: &str) -> Option<serde_json::Value> {
        None
    }
    fn run(&self, _: &Call, _: Option<&str>) -> Result<String, String> {
        Err("no shortcodes".into())
    }
}

/// What a marker in the body stands for.
#[derive(Debug, Clone)]
pub enum Marker {
    /// An inline call's output, ready (None: the call was in error, nothing is shown).
    Output { html: Option<String>, block: bool },
    /// A block's opening (None: in error; its body is shown as it is).
    Open(Option<Call>),
    /// A block's end.
    End,
}

/// The body with its calls overwritten by markers, and what each marker stands for.
#[derive(Debug, Default)]
pub struct Expansion {
    /// The body with markers in place; None when it has no calls (the body is used).
    pub text: Option<String>,
    pub markers: Vec<Marker>,
    /// Where each marker starts in the body, and its index, in order.
    pub at: Vec<(usize, usize)>,
    /// Where each block-level marker (an HTML comment) is, in order.
    pub comment_at: Vec<Range<usize>>,
    pub diagnostics: Vec<Diagnostic>,
    /// The pictures the calls embed with resized copies.
    pub resized: Vec<crate::resize::Use>,
}

/// Opens a private-use marker in text; digits and [`TEXT_MARK_END`] follow.
pub const TEXT_MARK: char = '\u{E000}';
pub const TEXT_MARK_END: char = '\u{E001}';

/// One call as read from the body, before it is checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Call {
        name: String,
        /// Each argument: name, value, offset of the name in the piece.
        args: Vec<(String, Value, usize)>,
        block: bool,
    },
    End,
}

/// Why a piece could not be read, and where in it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadError {
    pub at: usize,
    pub message: String,
}

/// Reads one call (`{{ name(a="x") }}`, `{% name() %}` or `{% end %}`).
pub fn read_piece(piece: &str) -> Result<Piece, ReadError> {
    let block = piece.starts_with("{%");
    let inner_end = piece.len().saturating_sub(2);
    let mut r = Reader {
        s: piece,
        i: 2,
        end: inner_end,
    };
    r.skip_ws();
    let name_at = r.i;
    let name = r.ident();
    if name.is_empty() {
        return Err(r.error("expected a shortcode's name"));
    }
    r.skip_ws();
    if name == "end" && block && r.i == r.end {
        return Ok(Piece::End);
    }
    if !r.eat('(') {
        return Err(ReadError {
            at: name_at,
            message: format!("expected `(` after `{name}`"),
        });
    }
    let mut args = Vec::new();
    loop {
        r.skip_ws();
        if r.eat(')') {
            break;
        }
        if !args.is_empty() {
            if !r.eat(',') {
                return Err(r.error("expected `,` or `)` between arguments"));
            }
            r.skip_ws();
            // A trailing comma is allowed, as in Zola.
            if r.eat(')') {
                break;
            }
        }
        let at = r.i;
        let key = r.ident();
        if key.is_empty() {
            return Err(r.error("expected an argument's name"));
        }
        r.skip_ws();
        if !r.eat('=') {
            return Err(r.error(&format!("expected `=` after `{key}`")));
        }
        r.skip_ws();
        let value = r.value()?;
        if args.iter().any(|(k, _, _)| k == &key) {
            return Err(ReadError {
                at,
                message: format!("argument `{key}` is given twice"),
            });
        }
        args.push((key, value, at));
    }
    r.skip_ws();
    if r.i != r.end {
        return Err(r.error("unexpected text after the call's `)`"));
    }
    Ok(Piece::Call { name, args, block })
}

struct Reader<'s> {
    s: &'s str,
    i: usize,
    end: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.s[self.i..self.end].chars().next()
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.i += c.len_utf8();
            true
        } else {
            false
        }
    }
    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.i += self.peek().map_or(1, char::len_utf8);
        }
    }
    fn ident(&mut self) -> String {
        let start = self.i;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            self.i += 1;
        }
        let word = &self.s[start..self.i];
        if word.starts_with(|c: char| c.is_ascii_digit()) {
            self.i = start;
            return String::new();
        }
        word.to_string()
    }
    fn error(&self, message: &str) -> ReadError {
        ReadError {
            at: self.i,
            message: message.to_string(),
        }
    }
    fn value(&mut self) -> Result<Value, ReadError> {
        match self.peek() {
            Some(q @ ('"' | '\'' | '`')) => {
                let start = self.i;
                self.i += 1;
                let mut out = String::new();
                loop {
                    match self.peek() {
                        None => {
                            return Err(ReadError {
                                at: start,
                                message: "text not closed: a quote is missing".into(),
                            });
                        }
                        Some(c) if c == q => {
                            self.i += 1;
                            return Ok(Value::Text(out));
                        }
                        Some('\\') => {
                            self.i += 1;
                            if let Some(c) = self.peek() {
                                out.push(c);
                                self.i += c.len_utf8();
                            }
                        }
                        Some(c) => {
                            out.push(c);
                            self.i += c.len_utf8();
                        }
                    }
                }
            }
            _ => {
                let start = self.i;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
                {
                    self.i += 1;
                }
                let word = &self.s[start..self.i];
                if word.is_empty() {
                    return Err(self.error("expected a value after `=`"));
                }
                match word {
                    "true" => Ok(Value::Bool(true)),
                    "false" => Ok(Value::Bool(false)),
                    _ => {
                        if let Ok(n) = word.parse::<i64>() {
                            Ok(Value::Integer(n))
                        } else if let Ok(x) = word.parse::<f64>()
                            && x.is_finite()
                        {
                            Ok(Value::Number(x))
                        } else {
                            Err(ReadError {
                                at: start,
                                message: format!(
                                    "`{word}` is not a value: write text in quotes, a number, true or false"
                                ),
                            })
                        }
                    }
                }
            }
        }
    }
}

/// Checks a call's arguments against its signature; the first problem, at an offset
/// in the piece.
fn check_args(
    name: &str,
    sig: &Signature,
    args: Vec<(String, Value, usize)>,
    resolve_path: &mut ResolvePath<'_>,
    data: &dyn Fn(&str) -> Option<serde_json::Value>,
) -> Result<Vec<(String, Value)>, ReadError> {
    // A picture's size and copies, for its template: `src` gives `src_width`,
    // `src_height`, and with copies `src_srcset` and `src_sizes`.
    let mut sizes = Vec::new();
    let mut out = Vec::with_capacity(args.len());
    for (key, value, at) in args {
        let Some(spec) = sig.args.iter().find(|a| a.name == key) else {
            let names = sig.args.iter().map(|a| a.name.as_str());
            let hint = match did_you_mean(&key, names) {
                Some(best) => format!("; did you mean `{best}`?"),
                None if sig.args.is_empty() => format!("; `{name}` takes no arguments"),
                None => format!(
                    "; it takes {}",
                    sig.args
                        .iter()
                        .map(|a| format!("`{}`", a.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            return Err(ReadError {
                at,
                message: format!("`{name}` has no argument `{key}`{hint}"),
            });
        };
        let bad = || ReadError {
            at,
            message: format!("`{name}`'s argument `{key}` must be {}", spec.ty.describe()),
        };
        let value = match (&spec.ty, value) {
            (ArgType::Text, v @ Value::Text(_))
            | (ArgType::Integer, v @ Value::Integer(_))
            | (ArgType::Number, v @ (Value::Integer(_) | Value::Number(_)))
            | (ArgType::Bool, v @ Value::Bool(_)) => v,
            (ArgType::OneOf(words), Value::Text(t)) if words.contains(&t) => Value::Text(t),
            (ArgType::Data, Value::Text(t)) => match data(&t) {
                Some(found) => Value::Data(found),
                None => {
                    return Err(ReadError {
                        at,
                        message: format!(
                            "no data `{t}`: there is no data/{}.yaml (or .json, .toml, .csv)",
                            t.replace('.', "/")
                        ),
                    });
                }
            },
            (ArgType::Path, Value::Text(t)) if !t.trim().is_empty() => {
                let resolved = resolve_path(&t, at).map_err(|message| ReadError { at, message })?;
                if let Some((w, h)) = resolved.size {
                    sizes.push((format!("{key}_width"), Value::Integer(w.into())));
                    sizes.push((format!("{key}_height"), Value::Integer(h.into())));
                }
                if let Some(set) = resolved.srcset {
                    sizes.push((format!("{key}_srcset"), Value::Text(set.srcset)));
                    sizes.push((format!("{key}_sizes"), Value::Text(set.sizes)));
                }
                Value::Text(resolved.url)
            }
            _ => return Err(bad()),
        };
        out.push((key, value));
    }
    if let Some(missing) = sig
        .args
        .iter()
        .find(|a| a.required && !out.iter().any(|(k, _)| k == &a.name))
    {
        return Err(ReadError {
            at: 0,
            message: format!(
                "`{name}` needs the argument `{}` ({})",
                missing.name,
                missing.ty.describe()
            ),
        });
    }
    out.extend(sizes);
    Ok(out)
}

/// Where the body's calls are and what they are; the caller says which ranges are code.
pub struct Expander<'a> {
    pub body: &'a str,
    /// Problems found while checking calls.
    pub said: Vec<Diagnostic>,
    pub shortcodes: &'a dyn Shortcodes,
    /// `markdown.safe`: script is taken out of shortcodes' HTML.
    pub safe: bool,
    /// An error at a body offset.
    pub error_at: &'a dyn Fn(usize, String) -> Diagnostic,
    /// Resolves a `path` argument written at a body offset to its URL.
    pub resolve_path: &'a mut ResolvePath<'a>,
}

impl Expander<'_> {
    /// The calls among `found` (template code outside code) overwritten by markers.
    pub fn expand(mut self, found: &[template_syntax::Found]) -> Expansion {
        let body = self.body;
        let mut ex = Expansion::default();
        let calls: Vec<&template_syntax::Found> = found
            .iter()
            .filter(|f| f.syntax == Syntax::Shortcode)
            .collect();
        if calls.is_empty() {
            return ex;
        }
        let mut text = body.to_string();
        // Blocks open: (marker index, offset of the opening).
        let mut open: Vec<(usize, usize)> = Vec::new();
        for f in calls {
            let alone = alone_on_line(body, &f.range);
            let marker = self.marker_for(f, alone, ex.markers.len(), &mut open, &mut ex);
            self.place(f, marker, alone, &mut open, &mut text, &mut ex);
        }
        for (index, at) in open {
            ex.diagnostics.push(
                (self.error_at)(at, "shortcode block is never closed".into())
                    .with_hint("end it with `{% end %}` on a line of its own"),
            );
            ex.markers[index] = Marker::Output {
                html: None,
                block: true,
            };
        }
        ex.diagnostics.append(&mut self.said);
        ex.text = Some(text);
        ex
    }

    /// What the call `f` (marker number `index`, `alone` on its line) stands for: its
    /// output, a block's opening (pushed on `open`) or end, or nothing when it is
    /// wrong (said in `ex`).
    fn marker_for(
        &mut self,
        f: &template_syntax::Found,
        alone: bool,
        index: usize,
        open: &mut Vec<(usize, usize)>,
        ex: &mut Expansion,
    ) -> Marker {
        let range = f.range.clone();
        let nothing = Marker::Output {
            html: None,
            block: alone,
        };
        let body = self.body;
        match read_piece(&body[range.clone()]) {
            Err(e) => {
                ex.diagnostics.push((self.error_at)(
                    range.start + e.at,
                    format!("shortcode call `{}`: {}", f.shown, e.message),
                ));
                nothing
            }
            Ok(Piece::End) => match open.pop() {
                Some(_) => Marker::End,
                None => {
                    ex.diagnostics.push(
                        (self.error_at)(
                            range.start,
                            "`{% end %}` closes no shortcode block".into(),
                        )
                        .with_hint("remove it, or open the block before it"),
                    );
                    nothing
                }
            },
            Ok(Piece::Call { name, args, block }) => {
                let call = self.checked(&name, args, block, range.start);
                match (block, call) {
                    (true, call) => {
                        open.push((index, range.start));
                        Marker::Open(call)
                    }
                    (false, None) => nothing,
                    (false, Some(call)) => {
                        let html_out = self
                            .shortcodes
                            .signature(&call.name)
                            .is_some_and(|s| s.html);
                        Marker::Output {
                            html: self.run(&call, None),
                            block: alone && html_out,
                        }
                    }
                }
            }
        }
    }

    /// Records `marker` for the call `f` and overwrites the call in `text`: by an HTML
    /// comment where it stands for a block, by a same-length text marker inline, or by
    /// blanks when it cannot be placed (said in `ex`).
    fn place(
        &self,
        f: &template_syntax::Found,
        marker: Marker,
        alone: bool,
        open: &mut Vec<(usize, usize)>,
        text: &mut String,
        ex: &mut Expansion,
    ) {
        let range = f.range.clone();
        let piece = &self.body[range.clone()];
        let index = ex.markers.len();
        let comment = match &marker {
            Marker::Open(_) | Marker::End => true,
            Marker::Output { block, .. } => *block,
        };
        if comment && !alone {
            ex.diagnostics.push(
                (self.error_at)(
                    range.start,
                    format!("a block shortcode's `{}` must be on a line of its own", f.shown),
                )
                .with_hint("put the opening and the `{% end %}` each on their own line, the body between them"),
            );
            // It is shown as nothing: the body, if any, stays as it is.
            ex.markers.push(Marker::Output {
                html: None,
                block: false,
            });
            if matches!(marker, Marker::Open(_)) {
                open.pop();
            }
            blank(text, range);
            return;
        }
        // `{%` or `%}` broken by a line: the marker could not keep the lines.
        let split_edge = piece.get(..4).is_none_or(|p| p.contains('\n'))
            || piece
                .get(piece.len() - 3..)
                .is_none_or(|p| p.contains('\n'));
        let comment = comment && !split_edge;
        ex.markers.push(marker);
        if comment {
            write_comment_marker(text, range.clone());
            ex.comment_at.push(range.clone());
            ex.at.push((range.start, index));
        } else if range.len() < 8 || piece.contains('\n') {
            ex.diagnostics.push(
                (self.error_at)(
                    range.start,
                    format!("write the call `{}` on one line", f.shown),
                )
                .with_hint("an inline shortcode call may not break across lines"),
            );
            ex.markers[index] = Marker::Output {
                html: None,
                block: false,
            };
            // Left as text it would be read as template code: blank it out instead.
            blank(text, range);
        } else {
            write_text_marker(text, range.clone());
            ex.at.push((range.start, index));
        }
    }

    /// The call checked against its shortcode's signature; None (with the error said)
    /// when it is unknown or its arguments are wrong.
    fn checked(
        &mut self,
        name: &str,
        args: Vec<(String, Value, usize)>,
        block: bool,
        at: usize,
    ) -> Option<Call> {
        let Some(sig) = self.shortcodes.signature(name) else {
            let names = self.shortcodes.names();
            let hint = match did_you_mean(name, names.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!(
                    "the shortcodes are {}; add templates/shortcodes/{name}.html to make one",
                    names
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            self.diagnostics_push(
                (self.error_at)(at + 3, format!("unknown shortcode `{name}`")).with_hint(hint),
            );
            return None;
        };
        if sig.body != block {
            let message = if sig.body {
                format!(
                    "`{name}` takes a body: write `{{% {name}(…) %}}`, the body, then `{{% end %}}`"
                )
            } else {
                format!("`{name}` takes no body: write it inline as `{{{{ {name}(…) }}}}`")
            };
            self.diagnostics_push((self.error_at)(at, message));
            return None;
        }
        let sig = sig.clone();
        let resolve = &mut *self.resolve_path;
        let mut shifted = |p: &str, off: usize| resolve(p, at + off);
        let shortcodes = self.shortcodes;
        let data = |path: &str| shortcodes.data(path);
        match check_args(name, &sig, args, &mut shifted, &data) {
            Ok(args) => Some(Call {
                name: name.to_string(),
                args,
                at,
            }),
            Err(e) => {
                self.diagnostics_push((self.error_at)(at + e.at, e.message));
                None
            }
        }
    }

    fn diagnostics_push(&mut self, d: Diagnostic) {
        self.said.push(d);
    }

    /// Runs an inline call; an error (said) gives nothing.
    fn run(&mut self, call: &Call, body: Option<&str>) -> Option<String> {
        run_call(self.shortcodes, call, body, self.safe, self.error_at).map_or_else(
            |d| {
                self.diagnostics_push(d);
                None
            },
            Some,
        )
    }
}

/// Runs `call` and makes its output HTML: text output is escaped.
pub fn run_call(
    shortcodes: &dyn Shortcodes,
    call: &Call,
    body: Option<&str>,
    safe: bool,
    error_at: &dyn Fn(usize, String) -> Diagnostic,
) -> Result<String, Diagnostic> {
    let html = shortcodes.signature(&call.name).is_some_and(|s| s.html);
    match shortcodes.run(call, body) {
        Ok(out) if html && safe => Ok(strip_scripts(&out)),
        Ok(out) if html => Ok(out),
        Ok(out) => Ok(super::escape(&out)),
        Err(why) => Err(error_at(
            call.at,
            format!("shortcode `{}` failed: {why}", call.name),
        )),
    }
}

/// Elements whose content is script or could load some: safe mode drops them whole.
const UNSAFE_ELEMENTS: [&str; 7] = [
    "script", "style", "iframe", "object", "embed", "base", "form",
];

/// A shortcode's HTML with what could run script taken out, for `markdown.safe`: its
/// arguments are escaped by the template and its body is the safe Markdown's already, but
/// a template may pass an argument on unescaped (`| safe`). Script elements (and others
/// that load code) go whole; `on…` attributes go; a `javascript:` URL becomes `#`. Each
/// tag is rewritten from what was read of it, so what is kept is what was checked.
pub fn strip_scripts(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    // Inside a dropped element: its name, until its end tag.
    let mut dropping: Option<String> = None;
    while let Some(lt) = rest.find('<') {
        if dropping.is_none() {
            out.push_str(&rest[..lt]);
        }
        rest = &rest[lt..];
        let Some(tag) = super::checks::parse_tag(rest) else {
            if dropping.is_none() {
                // Not a tag (a comment, `a < b`): escaped, so it cannot become one.
                out.push_str("&lt;");
            }
            rest = &rest[1..];
            continue;
        };
        rest = &rest[tag.len..];
        if let Some(name) = &dropping {
            if tag.closing && &tag.name == name {
                dropping = None;
            }
            continue;
        }
        if UNSAFE_ELEMENTS.contains(&tag.name.as_str()) {
            if !tag.closing {
                dropping = Some(tag.name);
            }
            continue;
        }
        out.push('<');
        if tag.closing {
            out.push('/');
        }
        out.push_str(&tag.name);
        for a in &tag.attrs {
            if a.name.starts_with("on")
                || !a
                    .name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                continue;
            }
            let value = if super::links::is_script_url(&a.value)
                || a.value
                    .trim_start()
                    .to_ascii_lowercase()
                    .starts_with("data:text")
            {
                "#"
            } else {
                a.value.as_str()
            };
            out.push(' ');
            out.push_str(&a.name);
            out.push_str("=\"");
            out.push_str(&value.replace('"', "&quot;"));
            out.push('"');
        }
        out.push('>');
    }
    if dropping.is_none() {
        out.push_str(rest);
    }
    out
}

/// Whether only spaces and tabs share `range`'s first and last lines with it.
fn alone_on_line(body: &str, range: &Range<usize>) -> bool {
    let line_start = body[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = body[range.end..]
        .find('\n')
        .map_or(body.len(), |i| range.end + i);
    body[line_start..range.start]
        .chars()
        .all(|c| c == ' ' || c == '\t')
        && body[range.end..line_end].trim().is_empty()
}

/// `<!--00…0-->` over `range`, its newlines kept (so lines keep their numbers). A
/// call is at least `{% end %}`: 9 bytes, room for the 7 of `<!--` and `-->`.
fn write_comment_marker(text: &mut String, range: Range<usize>) {
    let inner: String = text[range.start + 4..range.end - 3]
        .chars()
        .flat_map(|c| {
            let n = if c == '\n' { 0 } else { c.len_utf8() };
            std::iter::repeat_n('0', n).chain((c == '\n').then_some('\n'))
        })
        .collect();
    text.replace_range(range, &format!("<!--{inner}-->"));
}

/// `\u{E000}00…0\u{E001}` over `range` (one line, at least 8 bytes).
fn write_text_marker(text: &mut String, range: Range<usize>) {
    let zeros = "0".repeat(range.len() - 2 * TEXT_MARK.len_utf8());
    text.replace_range(range, &format!("{TEXT_MARK}{zeros}{TEXT_MARK_END}"));
}

/// Spaces over `range`, newlines kept.
fn blank(text: &mut String, range: Range<usize>) {
    let spaces: String = text[range.clone()]
        .chars()
        .flat_map(|c| {
            let n = if c == '\n' { 0 } else { c.len_utf8() };
            std::iter::repeat_n(' ', n).chain((c == '\n').then_some('\n'))
        })
        .collect();
    text.replace_range(range, &spaces);
}

/// `text` (a text event) split at its markers: each marker as its offset in `text`.
pub fn split_text(text: &str) -> Vec<Result<&str, usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = text[from..].find(TEXT_MARK).map(|i| from + i) {
        let Some(end) = text[start..].find(TEXT_MARK_END).map(|i| start + i) else {
            break;
        };
        if start > from {
            out.push(Ok(&text[from..start]));
        }
        out.push(Err(start));
        from = end + TEXT_MARK_END.len_utf8();
    }
    if from < text.len() {
        out.push(Ok(&text[from..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_read_with_typed_values() {
        assert_eq!(
            read_piece("{{ figure(src=\"a.png\", n=3, x=1.5, ok=true, t='q\\'s',) }}"),
            Ok(Piece::Call {
                name: "figure".into(),
                args: vec![
                    ("src".into(), Value::Text("a.png".into()), 10),
                    ("n".into(), Value::Integer(3), 23),
                    ("x".into(), Value::Number(1.5), 28),
                    ("ok".into(), Value::Bool(true), 35),
                    ("t".into(), Value::Text("q's".into()), 44),
                ],
                block: false,
            })
        );
        assert_eq!(read_piece("{% end %}"), Ok(Piece::End));
        assert_eq!(read_piece("{%end%}"), Ok(Piece::End));
        assert!(matches!(
            read_piece("{% details() %}"),
            Ok(Piece::Call { block: true, .. })
        ));
        let e = read_piece("{{ a(b=c) }}").unwrap_err();
        assert_eq!(e.at, 7);
        let e = read_piece("{{ a(b=\"x\" c=1) }}").unwrap_err();
        assert!(e.message.contains("`,`"), "{e:?}");
        let e = read_piece("{{ a(b=1, b=2) }}").unwrap_err();
        assert_eq!((e.at, e.message.contains("twice")), (10, true));
    }

    #[test]
    fn markers_keep_every_byte_and_line() {
        let mut t = "a {% x(y=\"1\") %} b".to_string();
        let len = t.len();
        write_comment_marker(&mut t, 2..16);
        assert_eq!(t.len(), len);
        assert_eq!(&t[2..16], "<!--0000000-->");
        let mut t = "{{ x(\n y=1) }}".to_string();
        write_comment_marker(&mut t, 0..14);
        assert_eq!(t, "<!--0\n00000-->");
        let mut t = "ab {{ x() }} cd".to_string();
        write_text_marker(&mut t, 3..12);
        assert_eq!(t.len(), 15);
        assert_eq!(split_text(&t), [Ok("ab "), Err(3), Ok(" cd")], "{t:?}");
    }
}
