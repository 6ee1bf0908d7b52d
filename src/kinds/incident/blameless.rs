//! The blameless-language check: `check` warns when an incident report's text names a
//! person beside blaming words ("Dave forgot to renew the certificate", "it was Sam's
//! mistake", "the on-call engineer failed to notice"), with a hint on writing about
//! systems and decisions instead.
//!
//! It is tuned to rarely cry wolf, because a warning people learn to ignore helps
//! nobody. Real reports say "failed to" of systems all the time ("the job failed to
//! start", "GOV.UK Notify failed to deliver"), name the people who helped ("Priya
//! spotted it"), and name products and teams in capitals. So blame counts only when:
//!
//! - a blaming verb ("failed to", "forgot", "neglected to", "should have", "ignored"…)
//!   has a person as its subject: a known first name or a full name, he or she, or a
//!   role ("the engineer", "a developer", "the on-call engineer"); or
//! - a blaming noun ("mistake", "fault", "error", "carelessness") belongs to a person
//!   ("Dave's mistake"), or "human error", "to blame", "at fault" or "negligence" share
//!   a sentence with a person;
//!
//! and not when the words are negated ("it was not Dave's fault", "nobody is to
//! blame"), quoted, or in code. Names of the site's services, action owners and
//! organisation never count as people. The check reads what the Markdown parser reads:
//! text in code blocks and inline code is left alone. It reads a report's prose in its
//! front matter too (title, description, summary, `impact`, updates and actions), where
//! blame is as easy to write and is published in the open data as well.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::content::Source;
use crate::error::Diagnostic;
use crate::site::Site;

/// Verbs that blame their subject.
const BLAMING_VERBS: [&str; 19] = [
    "failed to",
    "forgot to",
    "forgot",
    "forgotten to",
    "forgotten",
    "neglected to",
    "neglected",
    "ignored",
    "did not bother",
    "didn't bother",
    "should have",
    "should've",
    "messed up",
    "screwed up",
    "made a mistake",
    "made an error",
    "was careless",
    "was negligent",
    "was to blame",
];

/// Nouns that blame whoever they belong to ("Dave's mistake").
const BLAMING_NOUNS: [&str; 6] = [
    "mistake",
    "fault",
    "error",
    "carelessness",
    "negligence",
    "oversight",
];

/// Phrases that blame whoever shares their sentence.
const BLAMING_PHRASES: [&str; 8] = [
    "human error",
    "operator error",
    "user error",
    "to blame",
    "at fault",
    "negligence",
    "carelessness",
    "incompetence",
];

/// Words that, just before a blaming word, negate it.
const NEGATIONS: [&str; 7] = ["not", "no", "nobody", "never", "n't", "neither", "nor"];

/// A person named by their role.
const ROLES: [&str; 20] = [
    "engineer",
    "developer",
    "operator",
    "administrator",
    "admin",
    "sysadmin",
    "technician",
    "analyst",
    "manager",
    "colleague",
    "employee",
    "intern",
    "contractor",
    "officer",
    "tester",
    "architect",
    "person",
    "individual",
    "staff member",
    "member of staff",
];

/// Common first names (of people working in UK public services), for "Dave forgot to":
/// a single capitalised word is far more often a product, a place or a team than a
/// person, so only these count alone.
const FIRST_NAMES: &[&str] = &[
    "aaron",
    "adam",
    "adrian",
    "ahmed",
    "aisha",
    "alan",
    "alex",
    "alexander",
    "ali",
    "alice",
    "alison",
    "amanda",
    "amara",
    "amy",
    "andrew",
    "andy",
    "angela",
    "anna",
    "anne",
    "anthony",
    "ben",
    "benjamin",
    "beth",
    "bill",
    "bob",
    "callum",
    "carl",
    "caroline",
    "catherine",
    "charlie",
    "charlotte",
    "chris",
    "christine",
    "claire",
    "craig",
    "dan",
    "daniel",
    "darren",
    "dave",
    "david",
    "dean",
    "debbie",
    "deborah",
    "emily",
    "emma",
    "fatima",
    "fiona",
    "gareth",
    "gary",
    "george",
    "graham",
    "hannah",
    "harry",
    "helen",
    "ian",
    "jack",
    "jake",
    "james",
    "jamie",
    "jane",
    "jason",
    "jenny",
    "jessica",
    "jim",
    "jo",
    "joanne",
    "joe",
    "john",
    "jon",
    "jonathan",
    "joseph",
    "josh",
    "julie",
    "karen",
    "kate",
    "katie",
    "kevin",
    "kim",
    "laura",
    "lee",
    "liam",
    "lisa",
    "louise",
    "lucy",
    "luke",
    "marc",
    "mark",
    "martin",
    "mary",
    "matt",
    "matthew",
    "michael",
    "michelle",
    "mike",
    "mo",
    "mohammed",
    "muhammad",
    "natalie",
    "neil",
    "nick",
    "nicola",
    "oliver",
    "paul",
    "peter",
    "phil",
    "priya",
    "rachel",
    "rebecca",
    "richard",
    "rob",
    "robert",
    "ryan",
    "sam",
    "samuel",
    "sarah",
    "scott",
    "sean",
    "simon",
    "sophie",
    "stephen",
    "steve",
    "steven",
    "stuart",
    "sue",
    "susan",
    "tom",
    "thomas",
    "tony",
    "tracy",
    "victoria",
    "william",
    "zoe",
];

/// Capitalised words that are never a person's name, though they start sentences or
/// name things: kept short, because only a known first name or a full name counts.
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "we",
    "our",
    "this",
    "that",
    "it",
    "they",
    "on",
    "at",
    "in",
    "after",
    "before",
    "when",
    "while",
    "during",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "service",
    "services",
    "team",
    "council",
    "digital",
    "operations",
    "support",
    "desk",
    "centre",
    "center",
    "board",
    "platform",
    "cloud",
    "web",
    "data",
    "systems",
    "network",
    "infrastructure",
    "payments",
    "portal",
    "api",
    "notify",
    "pay",
    "teams",
];

/// One block of prose (a paragraph, a heading, a list item's text, a table cell), with
/// where each run of its text is in the body.
#[derive(Default)]
struct Block {
    text: String,
    /// (offset in `text`, offset in the body).
    map: Vec<(usize, usize)>,
}

impl Block {
    fn push(&mut self, text: &str, at: Option<usize>) {
        if let Some(at) = at {
            self.map.push((self.text.len(), at));
        }
        self.text.push_str(text);
    }

    /// The body offset of `offset` in the block's text.
    fn body_offset(&self, offset: usize) -> usize {
        match self.map.iter().rev().find(|(t, _)| *t <= offset) {
            Some((t, b)) => b + (offset - t),
            None => 0,
        }
    }
}

/// The prose blocks of a Markdown body; code is replaced by a placeholder that is never
/// a name, so a sentence around it still reads as one.
fn blocks(body: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current = Block::default();
    let mut in_code_block = false;
    let flush = |current: &mut Block, out: &mut Vec<Block>| {
        if !current.text.trim().is_empty() {
            out.push(std::mem::take(current));
        } else {
            *current = Block::default();
        }
    };
    for (event, range) in
        Parser::new_ext(body, pulldown_cmark::Options::ENABLE_TABLES).into_offset_iter()
    {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(_) if in_code_block => {}
            Event::Text(t) => {
                // The source's own text where it is the same, so offsets are exact.
                let source = body.get(range.clone()).filter(|s| *s == &*t);
                current.push(source.unwrap_or(&t), Some(range.start));
            }
            Event::Code(_) => current.push(" code ", None),
            Event::SoftBreak | Event::HardBreak => current.push(" ", None),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            )
            | Event::Start(Tag::Item | Tag::Paragraph) => flush(&mut current, &mut out),
            _ => {}
        }
    }
    flush(&mut current, &mut out);
    out
}

/// A word of a sentence and where it is in the block's text.
#[derive(Debug, Clone)]
struct Word<'a> {
    text: &'a str,
    at: usize,
}

/// The words of `text` (letters, digits, apostrophes and hyphens inside a word).
fn words(text: &str, from: usize) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let inside =
            c.is_alphanumeric() || (matches!(c, '\'' | '\u{2019}' | '-') && start.is_some());
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Word {
                    text: text[s..i].trim_end_matches(['\'', '\u{2019}', '-']),
                    at: from + s,
                });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Word {
            text: text[s..].trim_end_matches(['\'', '\u{2019}', '-']),
            at: from + s,
        });
    }
    out
}

/// Sentences of a block: (start offset, text).
fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '!' | '?' | ';')
            && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace())
        {
            out.push((start, &text[start..=i]));
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push((start, &text[start..]));
    }
    out
}

/// What the check knows of the site: names that are never people.
pub struct Known {
    /// Lower-case words of services, action owners, the organisation and the title.
    not_people: Vec<String>,
    /// Lower-case names of the site's authors (first names and full names).
    people: Vec<String>,
}

impl Known {
    pub fn of(site: &Site) -> Known {
        let mut not_people: Vec<String> = Vec::new();
        let mut add = |text: &str| {
            for w in text.split_whitespace() {
                let w = w
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase();
                if !w.is_empty() && !not_people.contains(&w) {
                    not_people.push(w);
                }
            }
        };
        add(&site.config.organisation);
        add(&site.config.title);
        for name in &site.config.incidents.services {
            add(name);
        }
        for p in &site.pages {
            if let Some(x) = p.page.incident() {
                for s in &x.services {
                    add(s);
                }
                for a in &x.actions {
                    if let Some(owner) = &a.owner {
                        add(owner);
                    }
                }
            }
        }
        let mut people = Vec::new();
        for a in site.config.authors.values() {
            let name = a.name.to_lowercase();
            if let Some(first) = name.split_whitespace().next() {
                people.push(first.to_string());
            }
            people.push(name);
        }
        // A known person is a person, even if a word of their name is also a team's.
        not_people.retain(|w| !people.contains(w));
        Known { not_people, people }
    }
}

/// Whether `w` starts with a capital and goes on in lower case ("Dave", "O'Neill").
fn capitalised(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
}

/// A first name the check knows (a common one, or a site author's), and not a word of
/// one of the site's own services, teams or organisation.
fn first_name(w: &str, known: &Known) -> bool {
    let lower = w.to_lowercase();
    capitalised(w)
        && (FIRST_NAMES.contains(&lower.as_str()) || known.people.contains(&lower))
        && !known.not_people.contains(&lower)
}

/// A surname after a first name: capitalised, and not a word that names things.
fn surname(w: &str, known: &Known) -> bool {
    let lower = w.to_lowercase();
    capitalised(w) && !NOT_NAMES.contains(&lower.as_str()) && !known.not_people.contains(&lower)
}

/// The words of a person that end at word `end` (exclusive): he or she; a role with its
/// determiner ("the on-call engineer", "a member of staff"); a known first name, with
/// its surname when it has one ("Dave", "Jane Smith").
fn person_before(words: &[Word<'_>], end: usize, known: &Known) -> Option<Range<usize>> {
    if end == 0 {
        return None;
    }
    let lower = |i: usize| words[i].text.to_lowercase();
    let last = lower(end - 1);
    if last == "he" || last == "she" {
        return Some(end - 1..end);
    }
    for role in ROLES {
        let n = role.split(' ').count();
        if end < n {
            continue;
        }
        let phrase: Vec<String> = (end - n..end).map(lower).collect();
        let phrase = phrase.join(" ");
        if phrase != role && phrase != format!("{role}s") {
            continue;
        }
        // A role is a person only with a determiner before it, up to two words away
        // ("the engineer", "an on-call engineer"), not in "engineer time".
        let from = end.saturating_sub(n + 3);
        if let Some(d) = (from..end - n).rev().find(|&i| {
            matches!(
                lower(i).as_str(),
                "the" | "a" | "an" | "our" | "one" | "another" | "their" | "his" | "her"
            )
        }) {
            return Some(d..end);
        }
    }
    if end >= 2 && first_name(words[end - 2].text, known) && surname(words[end - 1].text, known) {
        return Some(end - 2..end);
    }
    first_name(words[end - 1].text, known).then_some(end - 1..end)
}

/// The first person named anywhere in `words`, with their surname.
fn person_in(words: &[Word<'_>], known: &Known) -> Option<Range<usize>> {
    let found = (1..=words.len()).find_map(|end| person_before(words, end, known))?;
    match person_before(words, found.end + 1, known) {
        Some(longer) if found.end < words.len() && longer.start == found.start => Some(longer),
        _ => Some(found),
    }
}

/// Whether the words just before `at` negate what follows.
fn negated(words: &[Word<'_>], at: usize) -> bool {
    words[at.saturating_sub(4)..at].iter().any(|w| {
        let l = w.text.to_lowercase();
        NEGATIONS.contains(&l.as_str()) || l.ends_with("n't") || l == "no-one"
    })
}

/// Whether the sentence's byte `offset` is inside quotation marks.
fn quoted(sentence: &str, offset: usize) -> bool {
    let before = &sentence[..offset];
    let open = |c: char| before.matches(c).count();
    open('"') % 2 == 1 || open('\u{201C}') > open('\u{201D}')
}

/// A blaming sentence: where its blaming word is in the block's text, and what it says.
#[derive(Debug, PartialEq)]
pub struct Finding {
    pub at: usize,
    pub quote: String,
}

/// The blaming sentences of one block of text.
fn in_text(text: &str, known: &Known) -> Vec<Finding> {
    let mut out = Vec::new();
    for (start, sentence) in sentences(text) {
        let ws = words(sentence, 0);
        if let Some(words) = blame_in(sentence, &ws, known) {
            let (from, to) = (ws[words.start].at, {
                let last = &ws[words.end - 1];
                last.at + last.text.len()
            });
            out.push(Finding {
                at: start + from,
                quote: sentence[from..to]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            });
        }
    }
    out
}

/// The words of the first blame in a sentence: the person and the blaming words.
fn blame_in(sentence: &str, ws: &[Word<'_>], known: &Known) -> Option<Range<usize>> {
    let lower: Vec<String> = ws.iter().map(|w| w.text.to_lowercase()).collect();
    let phrase_at = |phrase: &str, i: usize| -> Option<usize> {
        let parts: Vec<&str> = phrase.split(' ').collect();
        (i + parts.len() <= lower.len()
            && parts.iter().enumerate().all(|(k, p)| lower[i + k] == *p))
        .then_some(parts.len())
    };
    let span = |a: &Range<usize>, b: &Range<usize>| a.start.min(b.start)..a.end.max(b.end);
    for i in 0..ws.len() {
        if negated(ws, i) || quoted(sentence, ws[i].at) {
            continue;
        }
        for verb in BLAMING_VERBS {
            let Some(n) = phrase_at(verb, i) else {
                continue;
            };
            // The subject, with an auxiliary or an adverb allowed between: "Dave had
            // simply forgotten to", "the engineer also failed to".
            let mut end = i;
            while end > 0
                && matches!(
                    lower[end - 1].as_str(),
                    "had"
                        | "has"
                        | "also"
                        | "then"
                        | "simply"
                        | "just"
                        | "again"
                        | "clearly"
                        | "obviously"
                        | "apparently"
                        | "really"
                )
            {
                end -= 1;
            }
            if let Some(person) = person_before(ws, end, known) {
                return Some(span(&person, &(i..i + n)));
            }
        }
        // "Dave's mistake", "Jane Smith's fault".
        let owner = lower[i]
            .strip_suffix("'s")
            .or_else(|| lower[i].strip_suffix("\u{2019}s"));
        if let Some(owner) = owner
            && lower
                .get(i + 1)
                .is_some_and(|n| BLAMING_NOUNS.contains(&n.as_str()))
        {
            let mut named: Vec<Word<'_>> = ws[..i].to_vec();
            named.push(Word {
                text: &ws[i].text[..owner.len()],
                at: ws[i].at,
            });
            if let Some(person) = person_before(&named, i + 1, known) {
                return Some(person.start..i + 2);
            }
        }
        for phrase in BLAMING_PHRASES {
            if let Some(n) = phrase_at(phrase, i)
                && let Some(person) = person_in(ws, known)
            {
                return Some(span(&person, &(i..i + n)));
            }
        }
    }
    None
}

/// Every blaming sentence of a body, as warnings at their file, line and column.
pub fn check_body(source: &Source, known: &Known) -> Vec<Diagnostic> {
    // A body that cannot be read again was reported when the page was rendered.
    let Ok(source) = source.whole() else {
        return Vec::new();
    };
    let body = source.body();
    let mut out = Vec::new();
    for block in blocks(body) {
        for f in in_text(&block.text, known) {
            let offset = source.body_offset + block.body_offset(f.at);
            out.push(
                Diagnostic::warning(
                    &source.display,
                    format!("this sentence blames a person: \"{}\"", f.quote),
                )
                .at_offset(&source.text, offset)
                .with_hint(HINT),
            );
        }
    }
    out
}

/// Every blaming sentence of a report's prose in its front matter (`title`,
/// `description`, `summary`, `impact`, each update's `text` and each action), as
/// warnings where the words are in the file. The YAML has been read, so each finding is
/// looked for again in the front matter's own text, its words with any space between
/// (a folded or wrapped value); when it cannot be found as written (an escape inside
/// it), the warning points at the field's key.
pub fn check_front_matter(page: &crate::content::Page, known: &Known) -> Vec<Diagnostic> {
    let source = &page.source;
    let Some(x) = page.incident() else {
        return Vec::new();
    };
    let mut prose: Vec<(&str, &str)> = vec![("title", page.title.as_str())];
    prose.extend(page.description.as_deref().map(|d| ("description", d)));
    prose.extend(page.summary.as_deref().map(|d| ("summary", d)));
    prose.extend(x.impact.as_deref().map(|d| ("impact", d)));
    prose.extend(x.updates.iter().map(|u| ("updates", u.text.as_str())));
    prose.extend(x.actions.iter().map(|a| ("actions", a.action.as_str())));
    let front = &source.text[..source.body_offset.min(source.text.len())];
    let mut from = 0;
    let mut out = Vec::new();
    for (key, text) in prose {
        for f in in_text(text, known) {
            let offset = match find_words(front, &f.quote, from) {
                Some(at) => {
                    from = at + 1;
                    at
                }
                None => key_offset(front, key),
            };
            out.push(
                Diagnostic::warning(
                    &source.display,
                    format!("this sentence blames a person: \"{}\"", f.quote),
                )
                .at_offset(&source.text, offset)
                .with_hint(HINT),
            );
        }
    }
    out
}

/// Where `quote`'s words are in `hay`, at or after `from`, with any whitespace between
/// them.
fn find_words(hay: &str, quote: &str, from: usize) -> Option<usize> {
    let words: Vec<&str> = quote.split_whitespace().collect();
    let first = *words.first()?;
    let mut start = from;
    while let Some(rel) = hay.get(start..)?.find(first) {
        let at = start + rel;
        let mut i = at + first.len();
        let follows = words[1..].iter().all(|w| {
            let rest = &hay[i..];
            let gap = rest.len() - rest.trim_start().len();
            if gap == 0 || !rest[gap..].starts_with(w) {
                return false;
            }
            i += gap + w.len();
            true
        });
        if follows {
            return Some(at);
        }
        start = at + first.len();
    }
    None
}

/// The offset of `key:` at the start of a line of the front matter, else of the front
/// matter's first line.
fn key_offset(front: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in front.split_inclusive('\n') {
        if line
            .strip_prefix(key)
            .is_some_and(|rest| rest.starts_with(':'))
        {
            return offset;
        }
        offset += line.len();
    }
    front.find('\n').map_or(0, |n| n + 1)
}

const HINT: &str = "a blameless report says what the system and the situation made likely, not who was at fault: describe what happened and why it made sense at the time (\"the renewal reminder went to a mailbox nobody watched\", not \"Dave forgot to renew the certificate\")";

/// The blameless-language warnings of every incident report of the site (`check` only):
/// its front matter's prose, then its body.
pub fn check(site: &Site) -> Vec<Diagnostic> {
    let known = Known::of(site);
    site.pages
        .iter()
        .filter(|p| p.page.incident().is_some())
        .flat_map(|p| {
            let mut found = check_front_matter(&p.page, &known);
            found.extend(check_body(&p.page.source, &known));
            found
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Known {
        Known {
            not_people: vec!["payments".into(), "service".into(), "operations".into()],
            people: vec!["gareth".into(), "gareth hughes".into()],
        }
    }

    fn blames(text: &str) -> Vec<String> {
        in_text(text, &known())
            .into_iter()
            .map(|f| f.quote)
            .collect()
    }

    #[test]
    fn a_person_beside_blaming_words_is_found() {
        for (text, quote) in [
            ("Dave forgot to renew the certificate.", "Dave forgot to"),
            (
                "The on-call engineer failed to notice the alert.",
                "The on-call engineer failed to",
            ),
            ("It was Sam's mistake.", "Sam's mistake"),
            (
                "Jane Smith should have checked the change.",
                "Jane Smith should have",
            ),
            ("He ignored the warning from the pipeline.", "He ignored"),
            (
                "The root cause was human error by Tom Evans.",
                "human error by Tom Evans",
            ),
            (
                "Gareth had simply forgotten to run it.",
                "Gareth had simply forgotten to",
            ),
        ] {
            assert_eq!(
                blames(text).first().map(String::as_str),
                Some(quote),
                "{text}"
            );
        }
    }

    #[test]
    fn systems_teams_products_and_thanks_are_not_blame() {
        for text in [
            "The deploy job failed to start because the runner was full.",
            "GOV.UK Notify failed to deliver 4% of emails.",
            "Azure failed to fail over to the second region.",
            "Service Operations should have been told sooner, and now will be.",
            "Priya spotted the problem and raised it within minutes.",
            "It was not Dave's fault: the runbook was out of date.",
            "Nobody is to blame; the alert was misconfigured.",
            "We failed to notice the queue growing, because nothing alerted on it.",
            "We avoid phrases like \"human error\" in our reports.",
            "The payment provider's mistake was in their certificate chain.",
            "Monitoring failed to page anyone overnight.",
            "The engineering time we needed was not planned.",
            "Microsoft Teams failed to connect calls for an hour.",
            "Azure's error rate rose to 4%.",
        ] {
            assert_eq!(blames(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn a_quote_is_found_again_across_folded_lines_and_not_in_a_longer_word() {
        let front = "impact: >\n  It was human\n    error by Tom.\nsummary: human errors by Tom.\n";
        assert_eq!(find_words(front, "human error by Tom", 0), Some(19));
        assert_eq!(find_words(front, "human error by Tom", 20), None);
        assert_eq!(key_offset(front, "summary"), front.find("summary").unwrap());
    }

    #[test]
    fn code_is_left_alone_and_positions_are_the_files() {
        let text = "Dave forgot to run `migrate`.\n\n```\nTom failed to deploy\n```\n";
        let b = blocks(text);
        assert_eq!(b.len(), 1, "the code block is not prose");
        let f = in_text(&b[0].text, &known());
        assert_eq!(f.len(), 1);
        assert_eq!(b[0].body_offset(f[0].at), 0);
    }
}
