//! Pages made from data: a section's `data_pages:` names a data file (a list of records)
//! and makes one page per record, at its permalink pattern, drawn by its template with the
//! record as `record` (as Eleventy's pagination over data does).
//!
//! Made once, after the model and the data are read: each page's URL and title are
//! decided here, so the route table, the sitemap and the renderer all see the same. A
//! record that cannot be a page (no title, a URL another record has) is an error at the
//! `data_pages:` line. This module never reads files or renders.

use crate::data::Data;
use crate::error::{Diagnostic, Diagnostics};
use crate::site::Site;

/// One page made from one record.
#[derive(Debug, Clone)]
pub struct DataPage {
    /// The section whose `_index.md` asked for it.
    pub section: usize,
    pub url: String,
    pub title: String,
    pub template: String,
    pub record: serde_json::Value,
}

/// Every data page of the site's published sections; problems go to `diags`.
pub fn generate(site: &Site, data: &Data, diags: &Diagnostics) -> Vec<DataPage> {
    let mut out: Vec<DataPage> = Vec::new();
    for (k, section) in site.published_sections() {
        let (Some(spec), Some(source)) = (&section.meta.data_pages, &section.meta.source) else {
            continue;
        };
        let error = |message: String, hint: &str| {
            diags.push(source.error_at(&spec.at, message).with_hint(hint));
        };
        let records = match records(data, &spec.data) {
            Ok(records) => records,
            Err((message, hint)) => {
                error(message, hint);
                continue;
            }
        };
        for (n, record) in records.iter().enumerate() {
            let title = match record.get(&spec.title_key) {
                Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
                Some(serde_json::Value::Number(x)) => x.to_string(),
                _ => {
                    error(
                        format!(
                            "record {} of the data `{}` has no `{}` to be its page's title",
                            n + 1,
                            spec.data,
                            spec.title_key
                        ),
                        "give every record that key, or name another with `title:` under `data_pages`",
                    );
                    continue;
                }
            };
            let slug = slug::slugify(&title);
            let fields = crate::urls::PageFields {
                date: None,
                slug: &slug,
                section_url: &section.url,
                title: &title,
            };
            let Some(url) = spec.permalink.expand(&fields) else {
                error(
                    "a data page's permalink cannot use `:year`, `:month` or `:day`: records have no date".to_string(),
                    "use `:title`, `:slug` and `:section`",
                );
                break;
            };
            if let Some(other) = out.iter().find(|p| p.url == url) {
                error(
                    format!(
                        "record {} of the data `{}` (\"{title}\") would be published at {url}, as \"{}\" is",
                        n + 1,
                        spec.data,
                        other.title
                    ),
                    "give the records different titles, or a permalink that tells them apart",
                );
                continue;
            }
            out.push(DataPage {
                section: k,
                url,
                title,
                template: spec.template.clone(),
                record: record.clone(),
            });
        }
    }
    out
}

/// The records of the data `name` that a section makes pages of; else what is wrong.
fn records<'d>(
    data: &'d Data,
    name: &str,
) -> Result<&'d [serde_json::Value], (String, &'static str)> {
    let Some(records) = crate::data::at(&data.tree, name) else {
        return Err((
            format!("`data_pages` names the data `{name}`, which no data file gives"),
            "add data/NAME.yaml (or .json, .toml, .csv) holding a list of records",
        ));
    };
    match records.as_array() {
        Some(records) => Ok(records),
        None => Err((
            format!("the data `{name}` is not a list of records, so it cannot make pages"),
            "a CSV file, or a YAML/JSON/TOML list of mappings, makes one page per record",
        )),
    }
}

/// An error at a data page's section, for the route table and the renderer.
pub fn error_at(site: &Site, page: &DataPage, message: String) -> Diagnostic {
    let section = &site.sections[page.section];
    match (&section.meta.source, &section.meta.data_pages) {
        (Some(source), Some(spec)) => source.error_at(&spec.at, message),
        _ => Diagnostic::error(format!("content/{}", section.dir), message),
    }
}
