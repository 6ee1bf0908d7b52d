//! The privacy check: warnings about personal data in published text, for `daylight check`.
//!
//! Incident reports and weeknotes are written in a hurry, and a resident's email address
//! or phone number pasted from a ticket is easy to miss. This module scans the whole source
//! (front matter and body) of every published page and section for:
//!
//! - **email addresses** (`name@domain.tld`; image names such as `logo@2x.png` are not),
//! - **UK phone numbers**: mobiles (`07…`) and landlines and non-geographic numbers
//!   (`01…`, `02…`, `03…`), 11 digits written with or without spaces, hyphens or brackets,
//!   nationally or as `+44`/`0044` (with or without `(0)`),
//! - **National Insurance numbers**: two capital letters (not the prefixes HMRC never
//!   issues), six digits and a final A–D, with or without spaces,
//! - **a full postcode beside a name**: a postcode such as `SW1A 1AA` on the same line as
//!   two capitalised words in a row (`Jane Smith`), not counting common address,
//!   organisation and sentence-opening words (`Town Hall`, `High Street`, `The`…). This is
//!   a deliberately simple heuristic: a postcode alone is usually an office address, and a
//!   name alone is usually a public author.
//!
//! Anything in site.yaml's `privacy.allow` (the council's own public contacts) is not
//! reported; entries are compared as the kind of thing they are (emails ignoring case,
//! phone numbers by their digits, `+44` or not; postcodes and NI numbers ignoring spaces;
//! a postcode's name may be allowed too).
//!
//! Matching is hand-written rather than by regular expressions: each matcher is a few
//! lines, runs in linear time on any input (a 50 MB page included), and the near misses
//! (dates, times, versions, prices, ISO weeks, URLs) are easier to rule out in code than
//! in patterns. This module only reports: it never changes a file and never fails a build
//! (every finding is a warning).

use std::collections::HashSet;

use crate::content::Source;
use crate::error::Diagnostic;
use crate::site::Site;

/// What kind of personal data a finding looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Email,
    Phone,
    NationalInsurance,
    PostcodeBesideName,
}

/// Something that looks like personal data, at a byte range of the text scanned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// For a postcode, the name seen on the same line.
    pub name: Option<String>,
}

impl Finding {
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.start..self.end]
    }
}

pub const HINT: &str = "remove it, or if it is the council's public contact add it to \
                        `privacy.allow` in site.yaml";

const NI_HINT: &str = "remove it: a National Insurance number is never public (if it is a \
                       made-up example, add it to `privacy.allow` in site.yaml)";

/// The council's public contacts from site.yaml `privacy.allow`, normalised for comparison.
#[derive(Debug, Default)]
pub struct Allowlist {
    /// Lowercased, `mailto:` removed: emails and names.
    lower: HashSet<String>,
    /// Letters and digits only, uppercased: postcodes and NI numbers.
    compact: HashSet<String>,
    /// National form, digits only (`01632960000`).
    phones: HashSet<String>,
}

impl Allowlist {
    pub fn new<S: AsRef<str>>(entries: &[S]) -> Allowlist {
        let mut list = Allowlist::default();
        for entry in entries {
            let e = entry.as_ref().trim();
            let lower = e.to_lowercase();
            let lower = lower.strip_prefix("mailto:").unwrap_or(&lower);
            list.lower.insert(words(lower));
            list.compact.insert(compact(e));
            if let Some(p) = phone_key(e) {
                list.phones.insert(p);
            }
        }
        list
    }

    /// Whether `finding` (in `text`) is one of the allowed contacts.
    pub fn allows(&self, text: &str, finding: &Finding) -> bool {
        let found = finding.text(text);
        match finding.kind {
            Kind::Email => self.lower.contains(&found.to_lowercase()),
            Kind::Phone => phone_key(found).is_some_and(|p| self.phones.contains(&p)),
            Kind::NationalInsurance => self.compact.contains(&compact(found)),
            Kind::PostcodeBesideName => {
                self.compact.contains(&compact(found))
                    || finding
                        .name
                        .as_ref()
                        .is_some_and(|n| self.lower.contains(&words(&n.to_lowercase())))
            }
        }
    }
}

fn compact(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Runs of white space as one space.
fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A UK phone number's national digits (`+44 (0)20 7946 0000` -> `02079460000`), if `s`
/// holds 10 or 11 of them.
fn phone_key(s: &str) -> Option<String> {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let trimmed = s.trim_start();
    let national = if trimmed.starts_with("+44") || trimmed.starts_with("0044") {
        let rest = digits.strip_prefix("0044").or(digits.strip_prefix("44"))?;
        if rest.starts_with('0') {
            rest.to_string()
        } else {
            format!("0{rest}")
        }
    } else {
        digits
    };
    (national.len() == 11 && national.starts_with('0')).then_some(national)
}

/// Everything in `text` that looks like personal data, in order.
pub fn find(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    find_emails(text, &mut out);
    find_phones(text, &mut out);
    find_ni_numbers(text, &mut out);
    find_postcodes_beside_names(text, &mut out);
    out.sort_by_key(|f| (f.start, f.end));
    out
}

/// Warnings for one source file.
pub fn check_source(source: &Source, allow: &Allowlist) -> Vec<Diagnostic> {
    // A body that cannot be read again was reported when the page was rendered.
    let Ok(source) = source.whole() else {
        return Vec::new();
    };
    let text = &source.text;
    find(text)
        .into_iter()
        .filter(|f| !allow.allows(text, f))
        .map(|f| {
            let found = f.text(text);
            let (message, hint) = match f.kind {
                Kind::Email => (format!("the email address `{found}`"), HINT),
                Kind::Phone => (format!("the phone number `{found}`"), HINT),
                Kind::NationalInsurance => {
                    (format!("the National Insurance number `{found}`"), NI_HINT)
                }
                Kind::PostcodeBesideName => (
                    format!(
                        "the postcode `{found}` beside a name (`{}`)",
                        f.name.as_deref().unwrap_or_default()
                    ),
                    HINT,
                ),
            };
            Diagnostic::warning(
                &source.display,
                format!("possible personal data: {message}"),
            )
            .at_offset(text, f.start)
            .with_hint(hint)
        })
        .collect()
}

/// Warnings for every published page and section of the site.
pub fn check_site(site: &Site) -> Vec<Diagnostic> {
    let allow = Allowlist::new(&site.config.privacy_allow);
    let sections = site
        .published_sections()
        .filter_map(|(_, s)| s.meta.source.as_ref());
    let pages = site.pages.iter().map(|p| &p.page.source);
    sections
        .chain(pages)
        .flat_map(|source| check_source(source, &allow))
        .collect()
}

// ---- email addresses ----

fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_domain_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-')
}

/// File types that look like top-level domains after an `@` (`logo@2x.png`).
const FILE_EXTENSIONS: [&str; 9] = [
    "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "bmp",
];

fn find_emails(text: &str, out: &mut Vec<Finding>) {
    for (at, _) in text.match_indices('@') {
        // The local part: at most 64 characters (RFC 5321), no leading or trailing dot.
        let mut start = at;
        let mut count = 0;
        for (i, c) in text[..at].char_indices().rev() {
            if !is_local_char(c) {
                break;
            }
            count += 1;
            if count > 64 {
                start = at;
                break;
            }
            start = i;
        }
        while text[start..at].starts_with('.') {
            start += 1;
        }
        let local = &text[start..at];
        if local.is_empty() || local.ends_with('.') || local.contains("..") {
            continue;
        }
        // The domain: dot-separated labels; the last is alphabetic and not a file type.
        let after = &text[at + 1..];
        let mut len = after
            .char_indices()
            .take_while(|(i, c)| *i < 255 && is_domain_char(*c))
            .map(|(i, c)| i + c.len_utf8())
            .last()
            .unwrap_or(0);
        while after[..len].ends_with(['.', '-']) {
            len -= 1;
        }
        let domain = &after[..len];
        let labels: Vec<&str> = domain.split('.').collect();
        let valid_labels = labels
            .iter()
            .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
        let tld = labels.last().copied().unwrap_or_default();
        if labels.len() < 2
            || !valid_labels
            || tld.chars().count() < 2
            || !tld.chars().all(char::is_alphabetic)
            || FILE_EXTENSIONS.contains(&tld.to_ascii_lowercase().as_str())
        {
            continue;
        }
        out.push(Finding {
            kind: Kind::Email,
            start,
            end: at + 1 + len,
            name: None,
        });
    }
}

// ---- phone numbers ----

/// A number does not start right after these (it is part of a word, URL, price or version).
fn blocks_number_start(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(
            c,
            '.' | '/'
                | '-'
                | '_'
                | '='
                | '#'
                | '?'
                | '&'
                | '+'
                | '@'
                | '%'
                | '£'
                | '$'
                | '€'
                | '\\'
        )
}

fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '(' | ')' | '\u{a0}' | '\u{202f}')
}

/// A UK number starting at byte `start` of `text`: its end and national digits.
fn phone_at(text: &str, start: usize) -> Option<(usize, String)> {
    let rest = &text[start..];
    let (mut digits, mut pos) = if let Some(after) = rest
        .strip_prefix("+44")
        .or_else(|| rest.strip_prefix("0044"))
    {
        // International form: `+44 7700…`, `+44 (0)20…`, `+447700…`.
        let mut pos = rest.len() - after.len();
        let skip_spaces = |pos: &mut usize| {
            while rest[*pos..].starts_with([' ', '\u{a0}']) {
                *pos += rest[*pos..].chars().next().map_or(1, char::len_utf8);
            }
        };
        skip_spaces(&mut pos);
        if rest[pos..].starts_with("(0)") {
            pos += 3;
            skip_spaces(&mut pos);
        }
        if !rest[pos..].starts_with(|c: char| c.is_ascii_digit() && c != '0') {
            return None;
        }
        ("0".to_string(), pos)
    } else if rest.starts_with('0') {
        (String::new(), 0)
    } else {
        return None;
    };
    let mut end = pos;
    let mut separators = 0;
    while digits.len() < 11 {
        let c = rest[pos..].chars().next()?;
        if c.is_ascii_digit() {
            digits.push(c);
            separators = 0;
            pos += 1;
            end = pos;
        } else if is_separator(c) && !digits.is_empty() && separators < 2 {
            separators += 1;
            pos += c.len_utf8();
        } else {
            return None;
        }
    }
    if !matches!(digits.as_bytes().get(1), Some(b'1' | b'2' | b'3' | b'7')) {
        return None;
    }
    // It must end here: not run on into more digits, letters, a decimal or an address.
    let mut after = rest[end..].chars();
    match after.next() {
        Some(c) if c.is_alphanumeric() || c == '@' => return None,
        Some('.' | ',' | '-' | '/') if after.next().is_some_and(|c| c.is_ascii_digit()) => {
            return None;
        }
        _ => {}
    }
    Some((start + end, digits))
}

fn find_phones(text: &str, out: &mut Vec<Finding>) {
    let mut skip_to = 0;
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let before = prev;
        prev = Some(c);
        if i < skip_to || !(c == '0' || c == '+') || before.is_some_and(blocks_number_start) {
            continue;
        }
        if let Some((end, _)) = phone_at(text, i) {
            // `(01632) 960000`: the bracket is part of the number.
            let start = if before == Some('(') { i - 1 } else { i };
            out.push(Finding {
                kind: Kind::Phone,
                start,
                end,
                name: None,
            });
            skip_to = end;
        }
    }
}

// ---- National Insurance numbers ----

/// Whether HMRC issues National Insurance numbers with this two-letter prefix.
fn is_ni_prefix(a: u8, b: u8) -> bool {
    !b"DFIQUV".contains(&a)
        && !b"DFIOQUV".contains(&b)
        && ![b"BG", b"GB", b"KN", b"NK", b"NT", b"TN", b"ZZ"].contains(&&[a, b])
}

/// The end of a National Insurance number starting at byte `start`, if one does.
fn ni_at(bytes: &[u8], start: usize) -> Option<usize> {
    let mut pos = start;
    let mut next = |want: fn(u8) -> bool, space_before: bool| -> Option<u8> {
        if space_before && bytes.get(pos) == Some(&b' ') {
            pos += 1;
        }
        let b = *bytes.get(pos)?;
        want(b).then(|| {
            pos += 1;
            b
        })
    };
    let upper = |b: u8| b.is_ascii_uppercase();
    let digit = |b: u8| b.is_ascii_digit();
    let a = next(upper, false)?;
    let b = next(upper, false)?;
    for space_before in [true, false, true, false, true, false] {
        next(digit, space_before)?;
    }
    let suffix = next(upper, true)?;
    if !is_ni_prefix(a, b) || !(b'A'..=b'D').contains(&suffix) {
        return None;
    }
    let boundary = bytes.get(pos).is_none_or(|b| !b.is_ascii_alphanumeric());
    boundary.then_some(pos)
}

fn find_ni_numbers(text: &str, out: &mut Vec<Finding>) {
    let bytes = text.as_bytes();
    for i in 0..bytes.len() {
        if bytes[i].is_ascii_uppercase()
            && !is_word_byte_before(text, i)
            && let Some(end) = ni_at(bytes, i)
        {
            out.push(Finding {
                kind: Kind::NationalInsurance,
                start: i,
                end,
                name: None,
            });
        }
    }
}

/// Whether the character before byte `i` (a character boundary) is a letter or digit.
fn is_word_byte_before(text: &str, i: usize) -> bool {
    text.is_char_boundary(i)
        && text[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
}

// ---- postcodes beside names ----

/// The end of a full UK postcode (`SW1A 1AA`, `M1 1AE`, `B338TH`) starting at byte `start`.
fn postcode_at(bytes: &[u8], start: usize) -> Option<usize> {
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let mut pos = start;
    // Outward code: A9, A99, A9A, AA9, AA99, AA9A.
    if !at(pos).is_ascii_uppercase() || b"QVX".contains(&at(pos)) {
        return None;
    }
    pos += 1;
    if at(pos).is_ascii_uppercase() {
        if b"IJZ".contains(&at(pos)) {
            return None;
        }
        pos += 1;
    }
    if !at(pos).is_ascii_digit() {
        return None;
    }
    pos += 1;
    let inward = |mut p: usize| -> Option<usize> {
        if at(p) == b' ' {
            p += 1;
        }
        let ok = at(p).is_ascii_digit()
            && [at(p + 1), at(p + 2)]
                .iter()
                .all(|b| b.is_ascii_uppercase() && !b"CIKMOV".contains(b))
            && !at(p + 3).is_ascii_alphanumeric();
        ok.then_some(p + 3)
    };
    // Try the longer outward code first (`SW1A 1AA`), then the shorter (`M11AE`).
    let longer = (at(pos).is_ascii_digit() || at(pos).is_ascii_uppercase())
        .then(|| inward(pos + 1))
        .flatten();
    longer.or_else(|| inward(pos))
}

/// Capitalised words that are not names: address and organisation words, and words that
/// open sentences. Kept short on purpose: the check warns, it does not judge.
const NOT_NAMES: [&str; 88] = [
    "A",
    "About",
    "Address",
    "An",
    "And",
    "At",
    "Avenue",
    "Borough",
    "Building",
    "Buildings",
    "By",
    "Call",
    "Centre",
    "Church",
    "City",
    "Close",
    "Contact",
    "Council",
    "County",
    "Court",
    "Crescent",
    "Dear",
    "Department",
    "Digital",
    "District",
    "Drive",
    "East",
    "Email",
    "Estate",
    "Find",
    "Floor",
    "For",
    "From",
    "Gardens",
    "Government",
    "Great",
    "Green",
    "Grove",
    "Hall",
    "Hill",
    "House",
    "If",
    "In",
    "Lane",
    "Library",
    "Limited",
    "Little",
    "Lower",
    "Ltd",
    "Market",
    "Mews",
    "New",
    "North",
    "Of",
    "Office",
    "Old",
    "On",
    "Or",
    "Our",
    "Park",
    "Phone",
    "Place",
    "Please",
    "Post",
    "Road",
    "Row",
    "School",
    "Send",
    "Service",
    "Services",
    "South",
    "Square",
    "Station",
    "Street",
    "Suite",
    "Team",
    "Terrace",
    "The",
    "This",
    "To",
    "Tower",
    "Town",
    "Unit",
    "Upper",
    "Visit",
    "Walk",
    "Way",
    "West",
];

/// Whether `w` could be part of a person's name: capitalised, with lower-case letters.
fn is_name_word(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase)
        && w.chars().any(char::is_lowercase)
        && w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'))
        && !NOT_NAMES.contains(&w)
}

/// The first two name words in a row on `line` (separated only by spaces).
fn name_on(line: &str) -> Option<&str> {
    let mut previous: Option<(usize, usize)> = None;
    for (start, word) in line_words(line) {
        let end = start + word.len();
        if is_name_word(word) {
            if let Some((p_start, p_end)) = previous
                && line[p_end..start].chars().all(|c| c == ' ')
            {
                return Some(&line[p_start..end]);
            }
            previous = Some((start, end));
        } else {
            previous = None;
        }
    }
    None
}

/// Words (letters, apostrophes, hyphens) with their byte offsets.
fn line_words(line: &str) -> impl Iterator<Item = (usize, &str)> {
    let is_word = |c: char| c.is_alphanumeric() || matches!(c, '\'' | '’' | '-');
    let mut rest = line;
    let mut offset = 0;
    std::iter::from_fn(move || {
        let skip = rest.find(is_word)?;
        let len = rest[skip..]
            .find(|c| !is_word(c))
            .unwrap_or(rest.len() - skip);
        let start = offset + skip;
        let word = &rest[skip..skip + len];
        rest = &rest[skip + len..];
        offset = start + len;
        Some((start, word))
    })
}

fn find_postcodes_beside_names(text: &str, out: &mut Vec<Finding>) {
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let bytes = line.as_bytes();
        let mut name = None;
        for i in 0..bytes.len() {
            if !bytes[i].is_ascii_uppercase() || (i > 0 && is_word_byte_before(line, i)) {
                continue;
            }
            if let Some(end) = postcode_at(bytes, i) {
                let Some(n) = *name.get_or_insert_with(|| name_on(line)) else {
                    break;
                };
                out.push(Finding {
                    kind: Kind::PostcodeBesideName,
                    start: line_start + i,
                    end: line_start + end,
                    name: Some(n.to_string()),
                });
            }
        }
        line_start += line.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(Kind, &str)> {
        find(text).iter().map(|f| (f.kind, f.text(text))).collect()
    }

    fn kinds(text: &str, kind: Kind) -> Vec<&str> {
        found(text)
            .into_iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, t)| t)
            .collect()
    }

    #[test]
    fn emails_are_found_with_their_exact_extent() {
        let text = "Write to jane.smith+council@mail.example.co.uk, or <mailto:J_Doe@Example.org>.";
        assert_eq!(
            kinds(text, Kind::Email),
            ["jane.smith+council@mail.example.co.uk", "J_Doe@Example.org"]
        );
        assert_eq!(
            kinds("(josé@correo.example)", Kind::Email),
            ["josé@correo.example"]
        );
    }

    #[test]
    fn email_near_misses_are_not_emails() {
        for text in [
            "follow us @northbridge or @Northbridge_Council",
            "https://mastodon.example/@northbridge and https://medium.com/@jane.smith/post",
            "logo@2x.png and icon@3x.svg",
            "npm install daylight@1.2.3",
            "a @ b, x@y, user@localhost, me@example.c",
            "an@-bad.example and no@tld.",
            "css: @media (min-width: 40em) { } and @import url(x.css);",
        ] {
            assert_eq!(kinds(text, Kind::Email), Vec::<&str>::new(), "{text}");
        }
    }

    #[test]
    fn uk_phone_numbers_in_their_usual_forms() {
        let text = "Ring 07700 900123, 07700900123, 0161 496 0000, 020 7946 0000, \
                    (01632) 960000, 0300 123 4567, 01632-960-000 or 03000123456.";
        assert_eq!(
            kinds(text, Kind::Phone),
            [
                "07700 900123",
                "07700900123",
                "0161 496 0000",
                "020 7946 0000",
                "(01632) 960000",
                "0300 123 4567",
                "01632-960-000",
                "03000123456"
            ]
        );
        let text = "Abroad: +44 7700 900123, +447700900123, +44 (0)20 7946 0000, 0044 161 496 0000; tel:01632960000";
        assert_eq!(
            kinds(text, Kind::Phone),
            [
                "+44 7700 900123",
                "+447700900123",
                "+44 (0)20 7946 0000",
                "0044 161 496 0000",
                "01632960000"
            ]
        );
    }

    #[test]
    fn phone_near_misses_are_not_phone_numbers() {
        for text in [
            "date: 2024-03-12T09:30:00+01:00 and 2024-03-12 09:30:00 +0100",
            "at 07:30, 09:15 and 10:05 on 01/02/2024 or 01.02.2024",
            "week 2024-W14, version 0.12.3, v0.1.0 and 0.5%",
            "it cost £0.99, £1,200 or £01234567890",
            "our freephone 0800 123 4567 and 0845 123 4567 are the switchboard",
            "reference INC0123456789 and id=07700900123 and /forms/07700900123",
            "a longer number 077009001234 and 0770090012 (ten digits)",
            "card 0123 4567 8901 2345",
            "decimal 01632960000.5 and +44 20 7946 00001",
            "+1 202 555 0100 is American",
        ] {
            assert_eq!(kinds(text, Kind::Phone), Vec::<&str>::new(), "{text}");
        }
        // A number followed by another number is still found once, whole.
        assert_eq!(
            kinds("call 07700 900123 2 times", Kind::Phone),
            ["07700 900123"]
        );
    }

    #[test]
    fn national_insurance_numbers() {
        let text = "NI: AB123456C, AB 12 34 56 C, (JG 10 37 92 D); ab123456c";
        assert_eq!(
            kinds(text, Kind::NationalInsurance),
            ["AB123456C", "AB 12 34 56 C", "JG 10 37 92 D"]
        );
        for text in [
            "QQ123456C is HMRC's example",
            "BG123456A GB123456A NK123456A TN123456A ZZ123456A",
            "DA123456A FA123456A AO123456A AV123456A",
            "AB123456E, AB12345C, AB1234567C, XAB123456C, AB123456CD",
            "AB  12 34 56 C",
        ] {
            assert_eq!(
                kinds(text, Kind::NationalInsurance),
                Vec::<&str>::new(),
                "{text}"
            );
        }
    }

    #[test]
    fn postcodes_count_only_beside_a_name() {
        assert_eq!(
            kinds(
                "Jane Smith, 4 Mill Lane, Northbridge NB1 1AA",
                Kind::PostcodeBesideName
            ),
            ["NB1 1AA"]
        );
        let f = find("Mrs O'Brien-Jones lives at SW1A1AA");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].name.as_deref(), Some("Mrs O'Brien-Jones"));
        for text in [
            "Northbridge Borough Council, Town Hall, High Street, NB1 1AA",
            "The office is at NB1 1AA.",
            "Jane Smith wrote this.\nOur office: NB1 1AA",
            "Jane Smith at SW1A, or NB1 1A",
            "Jane Smith: XB1 1AA QA1 1AA NB1 1CA",
        ] {
            assert_eq!(
                kinds(text, Kind::PostcodeBesideName),
                Vec::<&str>::new(),
                "{text}"
            );
        }
    }

    #[test]
    fn every_postcode_form() {
        for pc in [
            "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "W1A 0AX", "EC1A 1BB",
        ] {
            let line = format!("Jane Smith {pc}");
            assert_eq!(kinds(&line, Kind::PostcodeBesideName), [pc], "{pc}");
        }
    }

    #[test]
    fn the_allowlist_matches_each_kind_as_written_differently() {
        let allow = Allowlist::new(&[
            "Digital@Northbridge.example",
            "+44 1632 960000",
            "nb1 1aa",
            "Amara Okafor",
        ]);
        let text = "mailto:digital@northbridge.example 01632 960000 (01632) 960 000 \
                    Jane Smith NB11AA\nAmara Okafor SW1A 1AA\nother@northbridge.example 01632 960001";
        let left: Vec<&str> = find(text)
            .iter()
            .filter(|f| !allow.allows(text, f))
            .map(|f| f.text(text))
            .collect();
        assert_eq!(left, ["other@northbridge.example", "01632 960001"]);
    }

    #[test]
    fn phone_keys_are_national_digits() {
        assert_eq!(
            phone_key("+44 (0)20 7946 0000").as_deref(),
            Some("02079460000")
        );
        assert_eq!(
            phone_key("0044 20 7946 0000").as_deref(),
            Some("02079460000")
        );
        assert_eq!(phone_key("020-7946-0000").as_deref(), Some("02079460000"));
        assert_eq!(phone_key("12345"), None);
    }

    #[test]
    fn pathological_input_is_quick_and_safe() {
        let text = "a".repeat(100_000) + &"@".repeat(100_000) + &"0 ".repeat(50_000) + "é@";
        let start = std::time::Instant::now();
        let _ = find(&text);
        assert!(start.elapsed().as_secs() < 5);
    }
}
