//! What an import did, note by note, each at a source file and line: what was mapped to
//! daylight's terms, and what needs a person. Written as `IMPORT-REPORT.md` beside
//! `site.yaml` (outside `content/` and `static/`, so never published), and summed up on
//! the terminal.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Whether a note is for the record or asks for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// Something a person must look at: left in place, left out, or guessed.
    Person,
    /// Converted to daylight's equivalent; nothing to do.
    Mapped,
}

/// One thing the import did or could not do.
#[derive(Debug, Clone)]
pub struct Note {
    pub class: Class,
    /// The source file, relative to SRC (or `""` for the site as a whole).
    pub file: String,
    /// The source line; 0 when the note is about the whole file.
    pub line: usize,
    /// Where it now is in OUT, with the line there, for what was left in place.
    pub now_at: Option<(String, usize)>,
    pub text: String,
    /// Left where `daylight check` refuses it (template code in an HTML tag or a link's
    /// destination, where it cannot be code): the site does not build until a person
    /// rewrites it.
    pub fails_check: bool,
}

impl Note {
    pub fn mapped(file: &str, line: usize, text: impl Into<String>) -> Note {
        Note {
            class: Class::Mapped,
            file: file.to_string(),
            line,
            now_at: None,
            text: text.into(),
            fails_check: false,
        }
    }

    pub fn person(file: &str, line: usize, text: impl Into<String>) -> Note {
        Note {
            class: Class::Person,
            file: file.to_string(),
            line,
            now_at: None,
            text: text.into(),
            fails_check: false,
        }
    }

    fn location(&self) -> String {
        match (self.file.is_empty(), self.line) {
            (true, _) => "the site".to_string(),
            (false, 0) => self.file.clone(),
            (false, n) => format!("{}:{n}", self.file),
        }
    }

    /// Where it now is, as the report writes it: ` (now `content/x.md:12`)`.
    fn now(&self) -> String {
        match &self.now_at {
            Some((path, line)) => format!(" (now `{path}:{line}`)"),
            None => String::new(),
        }
    }
}

/// Every note of one import, and its counts.
#[derive(Debug, Default)]
pub struct Report {
    pub notes: Vec<Note>,
    pub pages: usize,
    pub sections: usize,
    pub static_files: usize,
    pub data_files: usize,
}

impl Report {
    pub fn add(&mut self, note: Note) {
        self.notes.push(note);
    }

    pub fn extend(&mut self, notes: impl IntoIterator<Item = Note>) {
        self.notes.extend(notes);
    }

    /// The notes that ask for a person.
    pub fn for_a_person(&self) -> impl Iterator<Item = &Note> {
        self.notes.iter().filter(|n| n.class == Class::Person)
    }

    /// Source files (pages and others) with at least one note for a person.
    pub fn files_needing_a_person(&self) -> usize {
        let mut files: Vec<&str> = self.for_a_person().map(|n| n.file.as_str()).collect();
        files.sort_unstable();
        files.dedup();
        files.len()
    }

    /// The one-line summary printed at the end.
    pub fn summary(&self, from: &str) -> String {
        let person = self.for_a_person().count();
        format!(
            "imported {} pages and {} sections from {from} ({} static files, {} data files); {} files need a person ({person} notes): see IMPORT-REPORT.md",
            self.pages,
            self.sections,
            self.static_files,
            self.data_files,
            self.files_needing_a_person(),
        )
    }

    /// The report file's text.
    pub fn markdown(&self, from: &str, src: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# Import report: {from} site from `{src}`\n");
        let _ = writeln!(
            out,
            "{} pages and {} sections imported, {} static files and {} data files carried over.\n",
            self.pages, self.sections, self.static_files, self.data_files
        );
        let _ = writeln!(
            out,
            "This file is not published: daylight builds only `content/` and `static/`. Each line \
             names the source file and line; for what was left in place, also where it is now.\n"
        );
        let person: Vec<&Note> = self.for_a_person().collect();
        let _ = writeln!(out, "## Needs a person ({})\n", person.len());
        if person.is_empty() {
            let _ = writeln!(out, "Nothing.\n");
        }
        let failing: Vec<&Note> = person.iter().copied().filter(|n| n.fails_check).collect();
        if !failing.is_empty() {
            let places = match failing.len() {
                1 => "this place".to_string(),
                n => format!("these {n} places"),
            };
            let _ = writeln!(
                out,
                "`daylight check` (and `build`) will fail at {places} until the template code left there, where it cannot be code, is rewritten:\n"
            );
            for n in &failing {
                let _ = writeln!(out, "- `{}`{}", n.location(), n.now());
            }
            out.push('\n');
        }
        write_grouped(&mut out, &person);
        let mapped: Vec<&Note> = self
            .notes
            .iter()
            .filter(|n| n.class == Class::Mapped)
            .collect();
        let _ = writeln!(out, "## Mapped ({})\n", mapped.len());
        write_grouped(&mut out, &mapped);
        out
    }
}

/// Notes grouped by file (the site's own first), in line order within a file. Notes that
/// say the same about the same file, with nothing left in place, are one line with their
/// count and lines: ten `defaults:` setting `layout` are one thing to read, not ten.
fn write_grouped(out: &mut String, notes: &[&Note]) {
    let mut by_file: BTreeMap<&str, Vec<&Note>> = BTreeMap::new();
    for n in notes {
        by_file.entry(n.file.as_str()).or_default().push(n);
    }
    for (file, mut notes) in by_file {
        notes.sort_by_key(|n| n.line);
        let heading = if file.is_empty() { "The site" } else { file };
        let _ = writeln!(out, "### {heading}\n");
        let mut written: Vec<&str> = Vec::new();
        for n in &notes {
            let same: Vec<&&Note> = notes
                .iter()
                .filter(|o| o.now_at.is_none() && n.now_at.is_none() && o.text == n.text)
                .collect();
            if same.len() < 2 {
                let _ = writeln!(out, "- `{}`{}: {}", n.location(), n.now(), n.text);
                continue;
            }
            if written.contains(&n.text.as_str()) {
                continue;
            }
            written.push(&n.text);
            let mut lines: Vec<String> = same
                .iter()
                .filter(|o| o.line > 0)
                .map(|o| o.line.to_string())
                .collect();
            lines.dedup();
            let at = if lines.is_empty() || file.is_empty() {
                n.location()
            } else {
                format!("{file}:{}", lines.join(", "))
            };
            let _ = writeln!(out, "- `{at}` ({} times): {}", same.len(), n.text);
        }
        out.push('\n');
    }
}
