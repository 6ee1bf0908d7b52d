//! Smart punctuation for plain text from site.yaml (the site's title, description and
//! organisation), so it matches the bodies around it: "council's" becomes "council’s"
//! as it does in Markdown. pulldown-cmark does the work, as it does for bodies; this
//! module only keeps the text from being read as Markdown. It must not change text when
//! the site turns smart punctuation off.

use std::borrow::Cow;

use pulldown_cmark::{Event, Options, Parser};

/// `text` with curly quotes, dashes and ellipses where the site wants them.
pub fn text(text: &str, on: bool) -> Cow<'_, str> {
    if !on || !text.contains(['\'', '"', '-', '.']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.push_str(&line_text(line));
    }
    Cow::Owned(out)
}

/// One line: every Markdown mark escaped except those smart punctuation reads, and a
/// letter and a space in front so the line cannot start a list, heading or rule (the
/// space keeps a quote at the start an opening one); both are taken off again.
fn line_text(line: &str) -> String {
    let mut escaped = String::from("x ");
    for c in line.chars() {
        if c.is_ascii_punctuation() && !matches!(c, '\'' | '"' | '-' | '.') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    let mut out = String::with_capacity(escaped.len());
    for event in Parser::new_ext(&escaped, Options::ENABLE_SMART_PUNCTUATION) {
        if let Event::Text(t) = event {
            out.push_str(&t);
        }
    }
    match out.strip_prefix("x ") {
        Some(rest) => rest.to_string(),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn quotes_dashes_and_ellipses_are_curled() {
        assert_eq!(
            text("The council's \"digital\" team -- and more...", true),
            "The council’s “digital” team – and more…"
        );
        assert_eq!(text("'Quoted' first", true), "‘Quoted’ first");
    }

    #[test]
    fn markdown_marks_stay_as_written() {
        let written = "- *not* a list, <b>not</b> HTML & [not] a `link` # 1. _x_";
        assert_eq!(text(written, true), written.replace("--", "–"));
        assert_eq!(text("---", true), "—");
    }

    #[test]
    fn nothing_changes_when_the_site_turns_it_off() {
        assert_eq!(text("council's -- ...", false), "council's -- ...");
    }
}
