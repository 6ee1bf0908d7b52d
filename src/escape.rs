//! Text from users' files (file names, front matter, snippets) on its way to a channel
//! that obeys control characters: a terminal, and the live-reload event stream.
//!
//! A file name holding `ESC [ 2 J` would clear the terminal and hide the warnings above
//! it; a lone CR in one would start a new line of the event stream and so a new event.
//! This module only rewrites text; it decides nothing about what is printed.
//! It also says which characters an HTML page cannot hold at all ([`forbidden_in_html`]).

use std::borrow::Cow;

/// True for what a terminal (or a reader's eye) takes as an instruction rather than a
/// character: the C0 and C1 control characters and DEL, and the bidirectional
/// formatting characters that reorder what is shown (the "Trojan Source" trick).
fn is_hidden_instruction(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// True for the code points HTML forbids in a document ("forbidden code point" in the
/// Nu HTML Checker): controls other than tab, line feed, form feed and carriage return,
/// and the noncharacters. Not even a character reference can carry one, so text on its
/// way into a page drops them, as feeds drop what XML forbids.
pub fn forbidden_in_html(c: char) -> bool {
    let n = u32::from(c);
    (c.is_control() && !matches!(c, '\t' | '\n' | '\u{c}' | '\r'))
        || (0xFDD0..=0xFDEF).contains(&n)
        || n & 0xFFFE == 0xFFFE
}

/// `text` with every control character (line breaks and tabs too) written as a visible
/// escape: `\r`, `\n`, `\t`, `\u{1b}`, `\u{202e}`. Everything else is left as it is.
pub fn controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden_instruction) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hidden_instruction(c) {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One server-sent event: `event: NAME`, then `data` as `data:` lines, then the blank
/// line that ends it. Every line break in `data` (LF, CR or CRLF: the stream's reader
/// obeys all three) starts a new `data:` line, which the reader joins back with `\n`, so
/// no text can end the event early or add a field to it. `event` is one of daylight's
/// own names; any line break in it is dropped all the same.
pub fn sse_event(event: &str, data: &str) -> String {
    let event: String = event
        .chars()
        .filter(|c| !matches!(c, '\r' | '\n'))
        .collect();
    let mut out = format!("event: {event}\n");
    let mut rest = data;
    loop {
        let end = rest.find(['\r', '\n']).unwrap_or(rest.len());
        out.push_str("data: ");
        out.push_str(&rest[..end]);
        out.push('\n');
        if end == rest.len() {
            break;
        }
        let after = if rest[end..].starts_with("\r\n") {
            2
        } else {
            1
        };
        rest = &rest[end + after..];
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_forbids_controls_and_noncharacters_but_not_whitespace() {
        for c in [
            '\0',
            '\u{7}',
            '\u{1b}',
            '\u{7f}',
            '\u{85}',
            '\u{9f}',
            '\u{fdd0}',
            '\u{fffe}',
            '\u{ffff}',
            '\u{10ffff}',
        ] {
            assert!(forbidden_in_html(c), "{c:?}");
        }
        for c in [
            '\t',
            '\n',
            '\u{c}',
            '\r',
            ' ',
            'a',
            '\u{a0}',
            '\u{202e}',
            '\u{feff}',
            '\u{fffd}',
            '\u{1f600}',
        ] {
            assert!(!forbidden_in_html(c), "{c:?}");
        }
    }

    #[test]
    fn control_characters_become_visible_escapes() {
        assert_eq!(controls("plain café"), "plain café");
        assert!(matches!(controls("plain"), Cow::Borrowed(_)));
        assert_eq!(
            controls("a\u{1b}[2Jb\rc\nd\te\u{7f}f\u{9b}g\u{202e}h"),
            "a\\u{1b}[2Jb\\rc\\nd\\te\\u{7f}f\\u{9b}g\\u{202e}h"
        );
        for c in (0u32..0x250).filter_map(char::from_u32) {
            let shown = controls(&c.to_string()).into_owned();
            assert!(
                !shown.chars().any(|c| c.is_control()),
                "{c:?} shown as {shown:?}"
            );
        }
    }

    /// Reads `stream` the way EventSource does (lines end at CRLF, LF or CR; a blank
    /// line dispatches): the events, as (name, data).
    fn parse(stream: &str) -> Vec<(String, String)> {
        let mut events = Vec::new();
        let (mut name, mut data): (String, Vec<String>) = (String::new(), Vec::new());
        let normalised = stream.replace("\r\n", "\n").replace('\r', "\n");
        for line in normalised.split('\n') {
            if line.is_empty() {
                if !data.is_empty() || !name.is_empty() {
                    events.push((std::mem::take(&mut name), data.join("\n")));
                    data.clear();
                }
            } else if let Some(v) = line.strip_prefix("event:") {
                name = v.trim_start_matches(' ').to_string();
            } else if let Some(v) = line.strip_prefix("data:") {
                data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
            }
        }
        events
    }

    #[test]
    fn no_data_can_split_an_event_or_add_a_field() {
        for data in [
            "",
            "one line",
            "two\nlines",
            "content/a\r\revent: reload\rdata: gotcha\r\r.md",
            "crlf\r\nand lf\nand cr\rend",
            "\n\n\n",
            "trailing\r",
        ] {
            let stream = sse_event("failed", data);
            let events = parse(&stream);
            assert_eq!(events.len(), 1, "{data:?} -> {stream:?}");
            assert_eq!(events[0].0, "failed", "{stream:?}");
            let expected = data.replace("\r\n", "\n").replace('\r', "\n");
            assert_eq!(events[0].1, expected, "{stream:?}");
        }
        assert_eq!(sse_event("reload", ""), "event: reload\ndata: \n\n");
        assert_eq!(parse(&sse_event("re\r\nload", "x"))[0].0, "reload");
    }
}
