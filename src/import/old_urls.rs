//! The URL a page had in the old generator, from its permalink pattern
//! (`/:categories/:year/:month/:day/:title.html`, `/:section/:slug/`) or its file path,
//! and how two URLs are compared (a folder and its `index.html` are the same page).
//!
//! Each generator's module says which pattern applies and what its tokens are; this
//! module only expands patterns and knows dates. It never reads or writes files.

use jiff::civil::Date;

/// A date's parts as they appear in URLs, read from the date as written (its own
/// calendar day, which is what the old generator put in the URL for a date written in
/// the site's own offset).
#[derive(Debug, Clone)]
pub struct DateParts {
    pub date: Date,
    pub hour: String,
    pub minute: String,
    pub second: String,
}

impl DateParts {
    /// `2015-07-08`, `2015-07-08 14:00:00 -0400`, `2015-07-08T14:00:00Z`…
    pub fn read(written: &str) -> Option<DateParts> {
        let written = written.trim();
        let (day, time) = match written.find(['T', 't', ' ']) {
            Some(i) => (&written[..i], written[i + 1..].trim()),
            None => (written, ""),
        };
        let mut ymd = day.split('-');
        let (y, m, d) = (ymd.next()?, ymd.next()?, ymd.next()?);
        let date = Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()?;
        let clock: String = time
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ':')
            .collect();
        let mut hms = clock.split(':').map(|p| format!("{:0>2}", p));
        Some(DateParts {
            date,
            hour: hms.next().unwrap_or_else(|| "00".into()),
            minute: hms.next().unwrap_or_else(|| "00".into()),
            second: hms.next().unwrap_or_else(|| "00".into()),
        })
    }

    /// The value of a date token shared by Jekyll and Hugo, if `token` is one.
    pub fn token(&self, token: &str) -> Option<String> {
        let d = self.date;
        Some(match token {
            "year" => format!("{:04}", d.year()),
            "short_year" => format!("{:02}", d.year() % 100),
            "month" => format!("{:02}", d.month()),
            "i_month" => d.month().to_string(),
            "short_month" => d.strftime("%b").to_string(),
            "long_month" | "monthname" => d.strftime("%B").to_string(),
            "day" => format!("{:02}", d.day()),
            "i_day" => d.day().to_string(),
            "y_day" => format!("{:03}", d.day_of_year()),
            "yearday" => d.day_of_year().to_string(),
            "hour" => self.hour.clone(),
            "minute" => self.minute.clone(),
            "second" => self.second.clone(),
            "week" => format!("{:02}", d.iso_week_date().week()),
            "short_day" => d.strftime("%a").to_string(),
            "long_day" | "weekdayname" => d.strftime("%A").to_string(),
            "weekday" => d.weekday().to_sunday_zero_offset().to_string(),
            _ => return None,
        })
    }
}

/// `pattern` with each `:token` replaced by `value(token)`; the first token it does not
/// know is the error. A token is a run of letters and `_` after `:`.
pub fn expand(pattern: &str, value: impl Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(i) = rest.find(':') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_alphabetic() || c == '_'))
            .unwrap_or(after.len());
        let token = &after[..len];
        if token.is_empty() {
            out.push(':');
        } else {
            out.push_str(&value(token).ok_or_else(|| token.to_string())?);
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    Ok(clean(&out))
}

/// A site path: one leading `/`, no `//`.
pub fn clean(url: &str) -> String {
    let mut out = String::from("/");
    for part in url.split('/').filter(|p| !p.is_empty()) {
        out.push_str(part);
        out.push('/');
    }
    if !url.ends_with('/') && out.len() > 1 {
        out.pop();
    }
    out
}

/// The same page: `/a/`, `/a` and `/a/index.html` are one; `/a.html` is another.
pub fn same(a: &str, b: &str) -> bool {
    key(a) == key(b)
}

/// What [`same`] compares.
pub fn key(url: &str) -> String {
    let url = url.split(['#', '?']).next().unwrap_or("");
    let url = url.strip_suffix("index.html").unwrap_or(url);
    clean(url).trim_end_matches('/').to_string()
}

/// How Hugo makes a path part: lower case, spaces as `-` (it keeps `_` and `.`).
pub fn hugo_path(part: &str) -> String {
    part.to_lowercase().replace(' ', "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_expand_and_unknown_tokens_are_named() {
        let d = DateParts::read("2015-07-08 09:05:00 -0400").unwrap();
        let v = |t: &str| match t {
            "title" => Some("moving-in".to_string()),
            "categories" => Some(String::new()),
            "output_ext" => Some(".html".to_string()),
            t => d.token(t),
        };
        assert_eq!(
            expand("/:categories/:year/:month/:day/:title:output_ext", v).unwrap(),
            "/2015/07/08/moving-in.html"
        );
        assert_eq!(
            expand("/:year/:i_month/:title/", v).unwrap(),
            "/2015/7/moving-in/"
        );
        assert_eq!(expand("/:hour:minute/", v).unwrap(), "/0905/");
        assert_eq!(expand("/:nope/", v).unwrap_err(), "nope");
        assert_eq!(
            DateParts::read("2016-03-23 9:00:00 -04:00").unwrap().hour,
            "09"
        );
    }

    #[test]
    fn urls_compare_as_pages() {
        assert!(same("/a/", "/a/index.html"));
        assert!(same("/a", "/a/"));
        assert!(!same("/a.html", "/a/"));
        assert!(same("a//b/", "/a/b/"));
        assert_eq!(clean("//x//y.html"), "/x/y.html");
    }
}
