//! Fenced code highlighted at build time into CSS classes (no inline colours), and the
//! one stylesheet for light and dark that goes with them.
//!
//! The syntax and theme sets come from the dumps built into syntect and are loaded once,
//! on first use: a site without code never pays for them. A block highlighted once is
//! not highlighted again while the process runs ([`Cache`]): the same snippet on many
//! pages (a site's install instructions, an API call) costs one highlighting.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };
const LIGHT_THEME: &str = "InspiredGitHub";
const DARK_THEME: &str = "base16-ocean.dark";

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(|| {
        bound_backtracking();
        SyntaxSet::load_defaults_newlines()
    })
}

/// The most backtracking steps Oniguruma may take on one match attempt, and on one
/// search (every start position of a line together). Its defaults are ten million and
/// unlimited, and syntect's grammars have patterns that use them all: 64-byte lines of
/// `[a] [a] …` in a `markdown` block cost 70 ms each, one 128 KB line of `[[[…` 32 s.
/// With these, the same inputs highlight at 30 KB/s or more (ordinary code at 1-2 MB/s),
/// and highlighting 1,600 real files (Rust, Python, C, HTML, minified JavaScript and
/// CSS…) gives the same HTML as with the defaults. A search that runs out counts as no
/// match: at worst a token of a pathological line is left uncoloured.
const MATCH_STEPS: std::ffi::c_ulong = 100_000;
const SEARCH_STEPS: std::ffi::c_ulong = 1_000_000;

fn bound_backtracking() {
    // SAFETY: these two setters only store a number in Oniguruma's global settings. They
    // run once, inside `syntaxes()`'s initialisation, before any regex is searched (only
    // syntect uses Oniguruma, and only through the set made here).
    unsafe {
        onig_sys::onig_set_retry_limit_in_match(MATCH_STEPS);
        onig_sys::onig_set_retry_limit_in_search(SEARCH_STEPS);
    }
}

/// The first word of a fence's info string: "rust,ignore" and "rust title=x" -> "rust".
pub fn language_of(info: &str) -> &str {
    info.split([',', ' ', '{']).next().unwrap_or("").trim()
}

/// Lines longer than this are not highlighted (nor is the rest of their block): syntect
/// searches each line once per token, so a long line costs far more than its length,
/// and no reader needs colours on a line of 16 KB.
pub const MAX_LINE: usize = 16 * 1024;

/// Code highlighted on one page at most; later blocks are shown as plain text. Ordinary
/// code highlights at 1-2 MB/s, so this is a tenth of a second; the worst inputs known
/// (see [`MATCH_STEPS`]) take about 4 s.
pub const PAGE_BUDGET: usize = 128 * 1024;

/// What is left of one page's highlighting budget: a page starts with [`PAGE_BUDGET`].
#[derive(Debug)]
pub struct Budget {
    left: usize,
    /// True once a block has been left plain for want of budget (warned about once).
    exhausted: bool,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            left: PAGE_BUDGET,
            exhausted: false,
        }
    }
}

/// Why a block in a known language was shown as plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skipped {
    /// A line of the block is longer than [`MAX_LINE`]: the byte offset of that line in
    /// the code, and its length (without the line break).
    LongLine { offset: usize, bytes: usize },
    /// The page's [`PAGE_BUDGET`] is spent; only the first such block is reported.
    PageBudget { first: bool },
}

/// What became of one block.
#[derive(Debug)]
pub enum Highlighted {
    /// HTML for the inside of `<code>`.
    Html(String),
    /// No language, or one syntect does not know: the caller prints the code as plain,
    /// escaped text.
    Plain,
    /// Too much work: plain, escaped text too, and worth a warning.
    Skipped(Skipped),
}

/// Highlights `code` as `language`, spending `budget`.
pub fn highlight(code: &str, language: &str, budget: &mut Budget) -> Highlighted {
    if language.is_empty() {
        return Highlighted::Plain;
    }
    let set = syntaxes();
    let Some(syntax) = set
        .find_syntax_by_token(language)
        .or_else(|| set.find_syntax_by_token(&language.to_ascii_lowercase()))
    else {
        return Highlighted::Plain;
    };
    if let Some((offset, line)) = LinesWithEndings::from(code)
        .scan(0, |offset, line| {
            let at = *offset;
            *offset += line.len();
            Some((at, line))
        })
        .map(|(offset, line)| (offset, line.trim_end_matches(['\n', '\r']).len()))
        .find(|(_, bytes)| *bytes > MAX_LINE)
    {
        return Highlighted::Skipped(Skipped::LongLine {
            offset,
            bytes: line,
        });
    }
    if code.len() > budget.left {
        let first = !budget.exhausted;
        budget.exhausted = true;
        return Highlighted::Skipped(Skipped::PageBudget { first });
    }
    // A block from the cache spends the page's budget all the same: which blocks a page
    // highlights never depends on what other pages hold.
    budget.left -= code.len();
    let key = (syntax.name.clone(), code.to_string());
    if let Some(html) = Cache::get().lookup(&key) {
        return Highlighted::Html(html.to_string());
    }
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return Highlighted::Plain;
        }
    }
    let html = generator.finalize();
    Cache::get().keep(key, &html);
    Highlighted::Html(html)
}

/// Blocks already highlighted, by syntax name and code. Highlighting is a pure function
/// of the two, so what is kept is never stale, whichever build or rebuild asks; held to
/// [`Cache::MAX_BYTES`] of code and HTML, after which nothing more is kept.
struct Cache {
    /// The blocks, and the bytes they hold.
    blocks: Mutex<(Blocks, usize)>,
}

type Blocks = HashMap<(String, String), Arc<str>, crate::output::FastHash>;

impl Cache {
    const MAX_BYTES: usize = 64 * 1024 * 1024;

    fn get() -> &'static Cache {
        static CACHE: OnceLock<Cache> = OnceLock::new();
        CACHE.get_or_init(|| Cache {
            blocks: Mutex::new((HashMap::default(), 0)),
        })
    }

    fn lookup(&self, key: &(String, String)) -> Option<Arc<str>> {
        let blocks = self.blocks.lock().unwrap_or_else(|e| e.into_inner());
        blocks.0.get(key).cloned()
    }

    fn keep(&self, key: (String, String), html: &str) {
        let mut blocks = self.blocks.lock().unwrap_or_else(|e| e.into_inner());
        let bytes = key.0.len() + key.1.len() + html.len();
        if blocks.1 + bytes <= Self::MAX_BYTES {
            blocks.1 += bytes;
            blocks.0.insert(key, Arc::from(html));
        }
    }
}

/// The default theme's code background (`--surface` in daylight.css), light and dark:
/// every token colour is made to contrast with it by at least [`MIN_CONTRAST`].
const LIGHT_BACKGROUND: [u8; 3] = [0xf3, 0xf5, 0xf7];
const DARK_BACKGROUND: [u8; 3] = [0x1c, 0x21, 0x26];
/// WCAG 2.2 AA asks 4.5:1 of text; a little more, so rounding never drops below it.
const MIN_CONTRAST: f64 = 4.6;

/// The stylesheet for highlighted code: the light theme under `prefers-color-scheme:
/// light`, the dark one under `dark` (each only in its own scheme, so a light rule with a
/// longer selector never leaks into dark). Token colours are adjusted to meet WCAG AA
/// contrast on the theme's code background, and the themes' own backgrounds are left
/// out: the page's stylesheet owns them.
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let mut css = String::from("/* Generated by daylight from syntect's themes. */\n");
    for (name, scheme, background) in [
        (LIGHT_THEME, "light", LIGHT_BACKGROUND),
        (DARK_THEME, "dark", DARK_BACKGROUND),
    ] {
        if let Some(theme) = themes.themes.get(name)
            && let Ok(c) = css_for_theme_with_class_style(theme, CLASS_STYLE)
        {
            css.push_str(&format!("@media (prefers-color-scheme: {scheme}) {{\n"));
            css.push_str(&with_contrast(&c, background));
            css.push_str("}\n");
        }
    }
    css
}

/// `css` without `background-color` declarations, and with every `color: #rrggbb`
/// moved towards black (on a light background) or white (on a dark one) until it
/// contrasts with `background` by [`MIN_CONTRAST`].
fn with_contrast(css: &str, background: [u8; 3]) -> String {
    let mut out = String::with_capacity(css.len());
    for line in css.lines() {
        let t = line.trim();
        if t.starts_with("background-color:") {
            continue;
        }
        let colour = t
            .strip_prefix("color: #")
            .and_then(|r| r.strip_suffix(';'))
            .and_then(parse_hex);
        match colour {
            Some(c) => {
                let [r, g, b] = readable(c, background);
                out.push_str(&format!(" color: #{r:02x}{g:02x}{b:02x};\n"));
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// `rrggbb` or `rrggbbaa` (the alpha is ignored).
fn parse_hex(hex: &str) -> Option<[u8; 3]> {
    if !(hex.len() == 6 || hex.len() == 8) || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

fn luminance([r, g, b]: [u8; 3]) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// WCAG's contrast ratio of two colours.
fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `colour`, mixed towards black or white (whichever `background` is further from) in
/// small steps until it is readable on `background`.
fn readable(colour: [u8; 3], background: [u8; 3]) -> [u8; 3] {
    let target = if luminance(background) > 0.18 {
        0.0
    } else {
        255.0
    };
    let mut c = colour;
    for step in 1..=50 {
        if contrast(c, background) >= MIN_CONTRAST {
            break;
        }
        let t = f64::from(step) / 50.0;
        c = colour.map(|v| (f64::from(v) + (target - f64::from(v)) * t).round() as u8);
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(code: &str, language: &str) -> Option<String> {
        match highlight(code, language, &mut Budget::default()) {
            Highlighted::Html(h) => Some(h),
            _ => None,
        }
    }

    #[test]
    fn a_long_line_leaves_its_block_plain_and_says_where() {
        let short = "fn main() { println!(\"hello\"); }\n";
        let long = format!("let x = \"{}\";\n", "a".repeat(MAX_LINE));
        let code = format!("{short}{long}{short}");
        match highlight(&code, "rust", &mut Budget::default()) {
            Highlighted::Skipped(Skipped::LongLine { offset, bytes }) => {
                assert_eq!((offset, bytes), (short.len(), long.len() - 1));
            }
            other => panic!("{other:?}"),
        }
        // Exactly the limit is still highlighted.
        let at_limit = format!("{}\n", "a".repeat(MAX_LINE));
        assert!(html(&at_limit, "rust").is_some());
    }

    #[test]
    fn a_page_highlights_its_budget_then_plain_text_warned_once() {
        let block = "fn main() { println!(\"hello\"); }\n".repeat(1024);
        let mut budget = Budget::default();
        let mut outcomes = Vec::new();
        for _ in 0..(PAGE_BUDGET / block.len() + 3) {
            outcomes.push(match highlight(&block, "rust", &mut budget) {
                Highlighted::Html(_) => "html",
                Highlighted::Skipped(Skipped::PageBudget { first: true }) => "first skip",
                Highlighted::Skipped(Skipped::PageBudget { first: false }) => "skip",
                other => panic!("{other:?}"),
            });
        }
        let fit = PAGE_BUDGET / block.len();
        assert!(outcomes[..fit].iter().all(|o| *o == "html"), "{outcomes:?}");
        assert_eq!(outcomes[fit], "first skip", "{outcomes:?}");
        assert!(
            outcomes[fit + 1..].iter().all(|o| *o == "skip"),
            "{outcomes:?}"
        );
        // A small block still fits in what is left.
        assert!(matches!(
            highlight("fn x() {}\n", "rust", &mut budget),
            Highlighted::Html(_)
        ));
        // Unknown languages spend nothing.
        let mut budget = Budget::default();
        let huge = "x\n".repeat(PAGE_BUDGET);
        assert!(matches!(
            highlight(&huge, "cobol-85", &mut budget),
            Highlighted::Plain
        ));
        assert!(matches!(
            highlight(&block, "rust", &mut budget),
            Highlighted::Html(_)
        ));
    }

    /// The inputs that took syntect seconds to minutes: each is now bounded by the
    /// backtracking limits, not by a clock (no time is asserted), and still gives HTML.
    #[test]
    fn pathological_markdown_lines_are_highlighted_under_the_step_limits() {
        for code in [
            "[".repeat(MAX_LINE) + "\n",
            "[a] [a] [a] [a] [a] [a] [a] [a] [a] [a] [a] [a] [a] [a] [a]\n\n".repeat(8),
        ] {
            assert!(html(&code, "markdown").is_some());
        }
        // SAFETY: plain getters of the globals `bound_backtracking` set.
        let (search, one_match) = unsafe {
            (
                onig_sys::onig_get_retry_limit_in_search(),
                onig_sys::onig_get_retry_limit_in_match(),
            )
        };
        assert_eq!((search, one_match), (SEARCH_STEPS, MATCH_STEPS));
    }

    #[test]
    fn known_language_gets_classes_unknown_gets_none() {
        let h = html("fn main() {}\n", "rust").unwrap();
        assert!(h.contains("class=\"hl-"), "{h}");
        assert!(html("PERFORM X.\n", "cobol-85").is_none());
        assert!(html("x\n", "").is_none());
    }

    #[test]
    fn info_string_language() {
        assert_eq!(language_of("rust,ignore"), "rust");
        assert_eq!(language_of("python title=\"x\""), "python");
        assert_eq!(language_of(""), "");
    }

    #[test]
    fn stylesheet_has_light_and_dark() {
        let css = stylesheet();
        assert!(css.contains(".hl-"));
        assert!(css.contains("prefers-color-scheme: light"));
        assert!(css.contains("prefers-color-scheme: dark"));
        assert!(!css.contains("background-color"));
    }

    #[test]
    fn every_token_colour_meets_wcag_aa_on_the_code_background() {
        let css = stylesheet();
        let (light, dark) = css
            .split_once("@media (prefers-color-scheme: dark)")
            .unwrap();
        for (part, background) in [(light, LIGHT_BACKGROUND), (dark, DARK_BACKGROUND)] {
            let colours: Vec<[u8; 3]> = part
                .lines()
                .filter_map(|l| l.trim().strip_prefix("color: #")?.strip_suffix(';'))
                .filter_map(parse_hex)
                .collect();
            assert!(colours.len() > 20, "{part}");
            for c in colours {
                assert!(contrast(c, background) >= 4.5, "{c:?} on {background:?}");
            }
        }
        assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
    }
}
