//! Data files: `data/**/*.{yaml,yml,json,toml,csv}`, read once per build into one tree that
//! templates and shortcodes see as `data` (`data/services.yaml` is `data.services`,
//! `data/team/people.csv` is `data.team.people`).
//!
//! A CSV file is a list of records, one per row after the header, each keyed by the
//! header's names (values are text). Every problem is an error at the file and, where the
//! parser says, its line; a file in error is left out and the build goes on to report the
//! rest. This module reads files and nothing else: what uses the data is the templates'.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{Diagnostic, Diagnostics};

/// The site's data, and a hash of every file it was read from (`serve` renders again
/// whatever the data can reach when it changes).
#[derive(Debug, Default)]
pub struct Data {
    pub tree: Value,
    pub fingerprint: u64,
    /// Each file read, relative to the site (for messages).
    pub files: Vec<PathBuf>,
}

/// The file kinds read, by extension.
const KINDS: [&str; 5] = ["yaml", "yml", "json", "toml", "csv"];

/// Reads every data file under `root/data`; problems go to `diags`.
pub fn load(root: &Path, diags: &Diagnostics) -> Data {
    let dir = root.join("data");
    let mut data = Data {
        tree: Value::Object(Map::new()),
        ..Data::default()
    };
    let mut f = crate::render::memo::Fingerprint::new("data files");
    if !dir.is_dir() {
        data.fingerprint = f.finish();
        return data;
    }
    let real_root = crate::inside::real_root(root);
    if let Err(d) = crate::inside::check(&dir, root, &real_root) {
        diags.push(d);
        data.fingerprint = f.finish();
        return data;
    }
    let walker = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !crate::content::walk::is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map_or_else(|| dir.clone(), Path::to_path_buf);
                diags.push(Diagnostic::error(
                    crate::site_relative(root, &path),
                    format!("could not read: {e}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
            continue;
        };
        let ext = ext.to_ascii_lowercase();
        if !entry.file_type().is_file() || !KINDS.contains(&ext.as_str()) {
            continue;
        }
        let display = crate::site_relative(root, path);
        let keys: Vec<String> = path
            .strip_prefix(&dir)
            .unwrap_or(path)
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let text = match crate::content::walk::read_text(path, &display) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        f.add(&display).add(&text);
        match parse(&text, &ext, &display) {
            Ok(value) => {
                if let Err(d) = insert(&mut data.tree, &keys, value, &display) {
                    diags.push(d);
                }
                data.files.push(display);
            }
            Err(d) => diags.push(d),
        }
    }
    data.fingerprint = f.finish();
    data
}

/// One file's value.
fn parse(text: &str, ext: &str, display: &Path) -> Result<Value, Diagnostic> {
    match ext {
        "yaml" | "yml" => crate::yaml::parse::<Value>(text, display, text, 1),
        "json" => serde_json::from_str(text).map_err(|e| {
            Diagnostic::error(display, format!("not valid JSON: {e}")).at(
                text,
                e.line() as u32,
                e.column() as u32,
            )
        }),
        "toml" => toml::from_str::<Value>(text).map_err(|e| {
            let d = Diagnostic::error(display, format!("not valid TOML: {}", e.message()));
            match e.span() {
                Some(span) => d.at_offset(text, span.start),
                None => d,
            }
        }),
        _ => csv_records(text, display),
    }
}

/// A CSV file as a list of records keyed by its header.
fn csv_records(text: &str, display: &Path) -> Result<Value, Diagnostic> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let error = |e: &csv::Error| {
        let d = Diagnostic::error(display, format!("not valid CSV: {e}"));
        match e.position() {
            Some(p) => d.at(text, p.line() as u32, 1),
            None => d,
        }
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| error(&e))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| error(&e))?;
        let row: Map<String, Value> = headers
            .iter()
            .zip(record.iter())
            .map(|(h, v)| (h.clone(), Value::String(v.to_string())))
            .collect();
        rows.push(Value::Object(row));
    }
    Ok(Value::Array(rows))
}

/// Puts `value` at `keys` in the tree; a name given twice (`team.yaml` and `team.json`,
/// or `team.yaml` and a folder `team/`) is an error.
fn insert(
    tree: &mut Value,
    keys: &[String],
    value: Value,
    display: &Path,
) -> Result<(), Diagnostic> {
    let clash = || {
        Diagnostic::error(
            display,
            format!(
                "`data.{}` is given by more than one data file",
                keys.join(".")
            ),
        )
        .with_hint("a name is one file or one folder under data/: rename one of them")
    };
    let Some((last, parents)) = keys.split_last() else {
        return Err(clash());
    };
    let mut node = tree;
    for key in parents {
        let Value::Object(map) = node else {
            return Err(clash());
        };
        node = map
            .entry(key.clone())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    let Value::Object(map) = node else {
        return Err(clash());
    };
    if map.contains_key(last) {
        return Err(clash());
    }
    map.insert(last.clone(), value);
    Ok(())
}

/// The value at a dotted path (`team.people`), for a shortcode's `data` argument.
pub fn at<'v>(tree: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.')
        .try_fold(tree, |node, key| node.as_object()?.get(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_parses_and_errors_name_their_line() {
        let p = Path::new("data/x");
        assert_eq!(
            parse("a: 1\nb: [x]\n", "yaml", p).unwrap(),
            serde_json::json!({"a": 1, "b": ["x"]})
        );
        assert_eq!(
            parse("[{\"a\": 1}]", "json", p).unwrap(),
            serde_json::json!([{"a": 1}])
        );
        assert_eq!(
            parse("a = \"x\"\n[t]\nn = 2\n", "toml", p).unwrap(),
            serde_json::json!({"a": "x", "t": {"n": 2}})
        );
        assert_eq!(
            parse("name, owner\nPortal,Ops\nPay,\"Fin, Team\"\n", "csv", p).unwrap(),
            serde_json::json!([{"name": "Portal", "owner": "Ops"}, {"name": "Pay", "owner": "Fin, Team"}])
        );
        for (text, ext, line) in [
            ("a: 1\nb: [x\n", "yaml", 2),
            ("{\n\"a\": 1,\n}", "json", 3),
            ("a = 1\nb = \n", "toml", 2),
            ("a,b\n1,2\n3,4,5\n", "csv", 3),
        ] {
            let d = parse(text, ext, p).unwrap_err();
            assert_eq!(d.line, Some(line), "{ext}: {d}");
        }
    }

    #[test]
    fn names_clash_and_paths_are_found() {
        let mut tree = Value::Object(Map::new());
        let p = Path::new("data/x");
        insert(
            &mut tree,
            &["team".into(), "people".into()],
            serde_json::json!([1]),
            p,
        )
        .unwrap();
        assert!(insert(&mut tree, &["team".into()], serde_json::json!(1), p).is_err());
        assert_eq!(at(&tree, "team.people"), Some(&serde_json::json!([1])));
        assert_eq!(at(&tree, "team.nobody"), None);
    }
}
