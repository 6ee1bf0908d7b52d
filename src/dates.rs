//! Dates as authors write them, read in the site's time zone, and shown in plain words.
//!
//! Accepted: `2024-03-12`, `2024-03-12T09:30:00+01:00` (RFC 3339), `2024-03-12T09:30Z`,
//! the Jekyll form `2024-03-12 09:30:00 +0100`, and YAML 1.1 timestamps as Jekyll, Hugo
//! and Eleventy read them (`2015-03-17 14:00:00 -4`, `2016-03-23 9:00:00 -04:00`: one-digit
//! hours and short offsets). A date or time without an offset is read in the site's time
//! zone, never silently as UTC. jiff does the calendar work; this module only splits the
//! author's text into the pieces jiff takes and pads them to its forms, because jiff
//! (rightly) will not guess at the Jekyll form, a short offset or a missing offset.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

/// A point in time from front matter, remembering whether the author gave a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct When {
    pub zoned: Zoned,
    pub has_time: bool,
}

impl When {
    pub fn timestamp(&self) -> Timestamp {
        self.zoned.timestamp()
    }

    /// RFC 3339 with offset, in the site's time zone: `2024-03-12T09:30:00+00:00`.
    pub fn iso(&self) -> String {
        self.zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
    }

    /// "12 March 2024", or with a time "12 March 2024, 09:30 GMT".
    pub fn display(&self) -> String {
        if self.has_time {
            self.zoned.strftime("%-d %B %Y, %H:%M %Z").to_string()
        } else {
            self.display_date()
        }
    }

    pub fn display_date(&self) -> String {
        self.zoned.strftime("%-d %B %Y").to_string()
    }
}

pub const DATE_HINT: &str = "write a date as 2024-03-12, or a date and time with its offset as \
                             2024-03-12T09:30:00+00:00 (quotes are optional)";

/// Reads `text` as a date or date-time; times without offset are in `tz`.
pub fn parse(text: &str, tz: &TimeZone) -> Result<When, String> {
    let text = text.trim();
    let (date_part, rest) = match text.find(['T', 't', ' ', '\t']) {
        Some(i) => (&text[..i], text[i + 1..].trim()),
        None => (text, ""),
    };
    let date: Date = two_digit_fields(date_part, '-')
        .parse()
        .map_err(|_| format!("`{text}` is not a date in the form YYYY-MM-DD"))?;
    if rest.is_empty() {
        let zoned = date
            .to_zoned(tz.clone())
            .map_err(|e| format!("`{text}`: {e}"))?;
        return Ok(When {
            zoned,
            has_time: false,
        });
    }
    let (time_part, offset_part) = split_offset(rest);
    let time: Time = two_digit_fields(time_part.trim(), ':')
        .parse()
        .map_err(|_| format!("`{time_part}` in `{text}` is not a time in the form HH:MM[:SS]"))?;
    let civil = DateTime::from_parts(date, time);
    let zoned = match offset_part.map(str::trim).filter(|s| !s.is_empty()) {
        None => civil
            .to_zoned(tz.clone())
            .map_err(|e| format!("`{text}`: {e}"))?,
        Some(offset) => {
            let not_an_offset =
                || format!("`{offset}` in `{text}` is not an offset like +01:00 or Z");
            let canonical = canonical_offset(offset).ok_or_else(not_an_offset)?;
            let ts: Timestamp = format!("{civil}{canonical}")
                .parse()
                .map_err(|_| not_an_offset())?;
            ts.to_zoned(tz.clone())
        }
    };
    Ok(When {
        zoned,
        has_time: true,
    })
}

/// `2016-3-5` -> `2016-03-05`, `9:00:00` -> `09:00:00`. YAML 1.1 timestamps, which
/// Jekyll, Hugo and Eleventy read and so real content has by the hundred, allow one-digit
/// months, days and hours; jiff's ISO 8601 parser rightly does not. Only the padding is
/// done here: jiff still checks every field.
fn two_digit_fields(s: &str, separator: char) -> String {
    s.split(separator)
        .map(|field| {
            if field.len() == 1 && field.bytes().all(|b| b.is_ascii_digit()) {
                format!("0{field}")
            } else {
                field.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(&separator.to_string())
}

/// Splits "09:30:00+01:00" / "09:30:00 +0100" / "09:30 -4" / "09:30Z" into time and offset.
fn split_offset(s: &str) -> (&str, Option<&str>) {
    if let Some(stripped) = s.strip_suffix(['Z', 'z']) {
        return (stripped, Some("Z"));
    }
    match s.rfind(['+', '-']) {
        Some(i) => (&s[..i], Some(&s[i..])),
        None => match s.split_once(' ') {
            Some((t, o)) => (t, Some(o)),
            None => (s, None),
        },
    }
}

/// An offset as RFC 3339 writes it (`+01:00`, `Z`), from the forms YAML 1.1 and Jekyll
/// allow: `+1`, `-04`, `+0530`, `-4:00`, `+01:00`, `Z`, `UTC`. jiff then reads it and
/// checks its range.
fn canonical_offset(s: &str) -> Option<String> {
    if s.eq_ignore_ascii_case("z") || s.eq_ignore_ascii_case("utc") {
        return Some("Z".to_string());
    }
    let sign = s.get(..1).filter(|c| *c == "+" || *c == "-")?;
    let rest = &s[1..];
    let (hours, minutes) = match rest.split_once(':') {
        Some(parts) => parts,
        None if rest.len() == 4 => rest.split_at(2),
        None => (rest, "00"),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if !(1..=2).contains(&hours.len()) || minutes.len() != 2 || !digits(hours) || !digits(minutes) {
        return None;
    }
    Some(format!("{sign}{hours:0>2}:{minutes}"))
}

/// Time zone by IANA name, from the database built into the binary.
pub fn time_zone(name: &str) -> Option<TimeZone> {
    TimeZone::get(name).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn london() -> TimeZone {
        time_zone("Europe/London").unwrap()
    }

    #[test]
    fn date_only_is_midnight_in_site_time_zone_not_utc() {
        let w = parse("2024-07-01", &london()).unwrap();
        assert_eq!(w.iso(), "2024-07-01T00:00:00+01:00");
        assert!(!w.has_time);
        assert_eq!(w.display(), "1 July 2024");
    }

    #[test]
    fn rfc3339_keeps_the_instant() {
        let w = parse("2024-03-12T09:30:00Z", &london()).unwrap();
        assert_eq!(w.iso(), "2024-03-12T09:30:00+00:00");
        let w = parse("2024-04-02T09:30:00+01:00", &london()).unwrap();
        assert_eq!(w.timestamp().to_string(), "2024-04-02T08:30:00Z");
        assert_eq!(w.display(), "2 April 2024, 09:30 BST");
    }

    #[test]
    fn jekyll_form_and_no_offset_forms() {
        let w = parse("2019-05-04 10:15:00 +0100", &london()).unwrap();
        assert_eq!(w.timestamp().to_string(), "2019-05-04T09:15:00Z");
        let w = parse("2024-01-10T10:00", &london()).unwrap();
        assert_eq!(w.iso(), "2024-01-10T10:00:00+00:00");
        let w = parse("2024-01-10 10:00:00 -05:00", &london()).unwrap();
        assert_eq!(w.timestamp().to_string(), "2024-01-10T15:00:00Z");
    }

    #[test]
    fn yaml_1_1_timestamps_with_short_offsets_and_one_digit_hours() {
        for (text, utc) in [
            ("2015-03-17 14:00:00 -4", "2015-03-17T18:00:00Z"),
            ("2016-03-23 9:00:00 -04:00", "2016-03-23T13:00:00Z"),
            ("2016-03-23T8:00:00-00:00", "2016-03-23T08:00:00Z"),
            ("2016-03-23t8:00:00+1", "2016-03-23T07:00:00Z"),
            ("2001-12-14 21:59:43.10 -5", "2001-12-15T02:59:43.1Z"),
            ("2016-3-5 9:05:00 +0530", "2016-03-05T03:35:00Z"),
            ("2016-03-23 09:00:00 UTC", "2016-03-23T09:00:00Z"),
        ] {
            let w = parse(text, &london()).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(w.timestamp().to_string(), utc, "{text}");
            assert!(w.has_time);
        }
        let w = parse("2016-03-23 9:00", &london()).unwrap();
        assert_eq!(w.iso(), "2016-03-23T09:00:00+00:00");
    }

    #[test]
    fn wrong_forms_are_errors() {
        for bad in [
            "12/03/2024",
            "2024-13-01",
            "2024-03-12T25:00",
            "next tuesday",
            "2024-03-12T10:00+99",
            "2024-03-12T10:00 +123",
            "2024-03-12T10:00 -4:0",
            "2024-03-12T10:00 EST",
            "2024-03-12 900:00",
            "2024-3-12-1",
        ] {
            assert!(parse(bad, &london()).is_err(), "{bad}");
        }
    }
}
