//! Loading Tera templates: the theme's, then the site's own `templates/` over them, file
//! by file. Tera's errors are turned into diagnostics naming the template file and line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::{Diagnostic, did_you_mean};

/// Tera with every template, and where each came from.
pub struct Templates {
    pub tera: tera::Tera,
    /// The theme's words in each of the site's languages ([`super::words`]).
    pub words: super::words::Words,
    /// Template name -> (path for messages, source text).
    files: BTreeMap<String, (PathBuf, String)>,
}

fn collect(
    dir: &Path,
    root: &Path,
    into: &mut BTreeMap<String, (PathBuf, String)>,
    errors: &mut Vec<Diagnostic>,
) {
    if !dir.is_dir() {
        return;
    }
    // A template is published as it renders: one linked from outside the site (the
    // folder itself, a file or a folder in it, used as a page template or included)
    // would publish the build machine's file.
    let real_root = crate::inside::real_root(root);
    if let Err(d) = crate::inside::check(dir, root, &real_root) {
        errors.push(d);
        return;
    }
    let mut outside = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let out = crate::inside::leads_outside(e, Some(&real_root));
            if out {
                outside.push(crate::content::walk::outside_link_error(
                    crate::site_relative(root, e.path()),
                    e.path(),
                ));
            }
            !out
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                errors.push(Diagnostic::error(
                    crate::site_relative(root, &path),
                    format!("could not read: {e}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file()
            || crate::content::walk::is_ignored_name(&entry.file_name().to_string_lossy())
        {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let display = crate::site_relative(root, entry.path());
        match crate::content::walk::read_text(entry.path(), &display) {
            Ok(text) => {
                into.insert(name, (display, text));
            }
            Err(e) => errors.push(e),
        }
    }
    errors.append(&mut outside);
}

impl Templates {
    /// Loads the theme's templates and the site's overrides.
    pub fn load(config: &Config) -> Result<Templates, Vec<Diagnostic>> {
        let mut files = BTreeMap::new();
        let mut errors = Vec::new();
        match config.theme_dir() {
            Some(dir) => collect(
                &dir.join("templates"),
                &config.root,
                &mut files,
                &mut errors,
            ),
            None => {
                for (name, bytes) in crate::theme::builtin_files("templates") {
                    let text = String::from_utf8_lossy(bytes).into_owned();
                    files.insert(
                        name.clone(),
                        (crate::theme::builtin_display("templates", &name), text),
                    );
                }
            }
        }
        collect(
            &config.root.join("templates"),
            &config.root,
            &mut files,
            &mut errors,
        );
        if !errors.is_empty() {
            return Err(errors);
        }
        let words = super::words::Words::load(config)?;
        let mut tera = tera::Tera::new();
        tera.register_filter("long_date", long_date_filter);
        tera.register_filter("in_months", in_months_filter);
        tera.register_filter("count", count_filter);
        tera.autoescape_on([".html", ".htm", ".xml"]);
        tera.set_escape_fn(escape_html);
        let result = tera.add_raw_templates(
            files
                .iter()
                .map(|(name, (_, text))| (name.clone(), text.clone())),
        );
        let templates = Templates { tera, words, files };
        match result {
            Ok(()) => Ok(templates),
            Err(e) => Err(vec![templates.diagnostic(&e, None)]),
        }
    }

    /// A hash of every template's name, file and text.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.files.hash(&mut h);
        // The theme's words are drawn by every template: a changed word renders again.
        self.words.fingerprint().hash(&mut h);
        h.finish()
    }

    /// Each template under `folder` (`shortcodes/`): name, path for messages, text.
    pub fn sources_under<'s>(
        &'s self,
        folder: &'s str,
    ) -> impl Iterator<Item = (&'s str, &'s Path, &'s str)> {
        self.files
            .range(folder.to_string()..)
            .take_while(move |(name, _)| name.starts_with(folder))
            .map(|(name, (path, text))| (name.as_str(), path.as_path(), text.as_str()))
    }

    pub fn contains(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// A hint for a template that does not exist.
    pub fn missing_hint(&self, name: &str, theme: &str) -> String {
        match did_you_mean(name, self.names()) {
            Some(best) => format!(
                "did you mean `{best}`? Templates are looked for in templates/ and themes/{theme}/templates/"
            ),
            None => {
                format!("add templates/{name} to the site (or themes/{theme}/templates/{name})")
            }
        }
    }

    /// Turns a Tera error into a diagnostic at the template's file and line. `rendering`
    /// names what was being rendered, for errors without a template location.
    pub fn diagnostic(&self, err: &tera::Error, rendering: Option<&str>) -> Diagnostic {
        use tera::ErrorKind;
        let while_rendering = rendering
            .map(|r| format!(" (while rendering {r})"))
            .unwrap_or_default();
        match err.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                let span = report.span();
                let (path, text) = self.file(report.filename());
                let hint = template_hint(report.message());
                let d = Diagnostic::error(path, format!("{}{while_rendering}", report.message()));
                let d = match text {
                    Some(text) => d.at(text, span.start_line as u32, span.start_col as u32 + 1),
                    None => d,
                };
                match hint {
                    Some(h) => d.with_hint(h),
                    None => d,
                }
            }
            ErrorKind::CircularInclude { tpl, include_chain } => {
                let (path, _) = self.file(tpl);
                Diagnostic::error(
                    path,
                    format!(
                        "template `{tpl}` includes itself: {}",
                        include_chain.join(" -> ")
                    ),
                )
                .with_hint("remove the include that leads back to this template")
            }
            ErrorKind::CircularExtend {
                tpl,
                inheritance_chain,
            } => {
                let (path, _) = self.file(tpl);
                Diagnostic::error(
                    path,
                    format!(
                        "template `{tpl}` extends itself: {}",
                        inheritance_chain.join(" -> ")
                    ),
                )
                .with_hint("a template cannot extend one that extends it")
            }
            ErrorKind::MissingParent { current, parent } => {
                let (path, _) = self.file(current);
                Diagnostic::error(
                    path,
                    format!("template `{current}` extends `{parent}`, which does not exist"),
                )
                .with_hint(self.missing_hint(parent, "<theme>"))
            }
            ErrorKind::TemplateNotFound(name) => Diagnostic::error(
                format!("templates/{name}"),
                format!("template `{name}` not found{while_rendering}"),
            )
            .with_hint(self.missing_hint(name, "<theme>")),
            other => Diagnostic::error("templates", format!("{other}{while_rendering}")),
        }
    }

    fn file(&self, name: &str) -> (PathBuf, Option<&str>) {
        match self.files.get(name) {
            Some((path, text)) => (path.clone(), Some(text.as_str())),
            None => (PathBuf::from(format!("templates/{name}")), None),
        }
    }
}

fn template_hint(message: &str) -> Option<String> {
    if message.contains("not defined")
        || message.contains("not found in context")
        || message.contains("undefined")
    {
        return Some("the variable does not exist in this template's context: see docs/templates.md for what each template gets; test optional values with `{% if x %}`".to_string());
    }
    if message.contains("Unknown filter")
        || message.contains("Unknown function")
        || message.contains("Unknown test")
    {
        return Some(
            "see docs/templates.md for the filters and functions daylight templates have"
                .to_string(),
        );
    }
    None
}

/// Tera's HTML escaping, less the code points no HTML page may hold (a control
/// character or noncharacter in a title or tag, which YAML's escapes can carry): they
/// are dropped, not escaped, as no character reference can stand for them either.
/// `{{ page.date_iso | long_date(months=t.months) }}`: the date in the page's language
/// (`5 Ionawr 2026`); nothing for no date, the text as it is for one it cannot read.
fn long_date_filter(value: &tera::Value, kwargs: tera::Kwargs, _: &tera::State) -> String {
    let Some(iso) = value.as_str() else {
        return String::new();
    };
    let months: Vec<String> = kwargs.get("months").ok().flatten().unwrap_or_default();
    super::words::long_date(iso, &months).unwrap_or_else(|| iso.to_string())
}

/// `{{ incident.started_display | in_months(months=t.months) }}`: a date written by
/// daylight (`12 December 2026, 22:00 GMT`) with the month in the page's language.
fn in_months_filter(value: &tera::Value, kwargs: tera::Kwargs, _: &tera::State) -> String {
    let text = value.as_str().unwrap_or_default();
    let months: Vec<String> = kwargs.get("months").ok().flatten().unwrap_or_default();
    super::words::in_months(text, &months)
}

/// `{{ n | count(one=t.n_pages_one, other=t.n_pages_other) }}`: the number in the
/// words of its form, one or other (`{n}` in them is the number), as
/// [`super::words::Say::count`] does in Rust.
fn count_filter(value: &tera::Value, kwargs: tera::Kwargs, _: &tera::State) -> String {
    let n = value.as_i64().unwrap_or_default();
    let form = if n == 1 { "one" } else { "other" };
    let words: String = kwargs.get(form).ok().flatten().unwrap_or_default();
    words.replace("{n}", &n.to_string())
}

fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    if !input.chars().any(crate::escape::forbidden_in_html) {
        return tera::escape_html(input, out);
    }
    let kept: String = input
        .chars()
        .filter(|c| !crate::escape::forbidden_in_html(*c))
        .collect();
    tera::escape_html(&kept, out)
}
