//! A site in a temporary folder, for unit tests: the smallest valid site.yaml, and pages
//! written under its content/.

use std::path::PathBuf;

use crate::config::Config;

pub struct TestSite {
    /// Removed with the site.
    _dir: tempfile::TempDir,
    pub config: Config,
}

impl TestSite {
    pub fn new() -> TestSite {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::write(
            dir.path().join("site.yaml"),
            "title: T\nbase_url: https://t.example\n",
        )
        .expect("site.yaml");
        let config = Config::load(dir.path()).expect("a valid site.yaml");
        TestSite { _dir: dir, config }
    }

    /// Writes `text` at `rel` under content/, with the folders it needs; its path.
    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.config.content_dir().join(rel);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("folders");
        std::fs::write(&path, text).expect("a file");
        path
    }
}
