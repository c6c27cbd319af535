//! Where the test configs live, and small helpers.

use std::path::{Path, PathBuf};

use registry_core::KeyPath;
use serde_json::Value;

/// The workspace root, which holds the shipped config tree `configs/`.
fn workspace() -> PathBuf {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR"));
    tests.parent().unwrap_or(tests).to_path_buf()
}

/// The test data folder: `corpus/`, `errors/` and `expected/`.
fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("config/data")
}

/// A test file: `configs/…` is the shipped config tree at the workspace root, anything else
/// lies in the test data folder.
pub fn data(relative: &str) -> PathBuf {
    if relative == "configs" || relative.starts_with("configs/") {
        workspace().join(relative)
    } else {
        testdata().join(relative)
    }
}

/// `text` with the test data folder and the workspace root removed from the paths it mentions.
pub fn relative(text: &str) -> String {
    text.replace(&format!("{}/", testdata().display()), "")
        .replace(&format!("{}/", workspace().display()), "")
}

/// A JSON file's value.
pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The files directly in `dir` whose names end with one of `extensions`, sorted.
pub fn files(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.is_file()
                && path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| extensions.contains(&e))
        })
        .collect();
    found.sort();
    found
}

/// A key path from its text.
pub fn key(text: &str) -> KeyPath {
    KeyPath::parse(text).unwrap_or_else(|| panic!("bad key path {text}"))
}
