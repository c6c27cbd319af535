//! Walking an image folder as mmpretrain's `find_folders` and `get_samples`.

use std::path::Path;

use crate::error::DataError;

/// The sub-folder names of `root`, sorted.
pub fn class_folders(root: &Path) -> Result<Vec<String>, DataError> {
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(root).map_err(|e| DataError::io(root, e))? {
        let entry = entry.map_err(|e| DataError::io(root, e))?;
        if entry.path().is_dir() {
            folders.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    folders.sort();
    Ok(folders)
}

/// Every file under `dir` (recursively) with one of `extensions` (lower-case, with the dot),
/// as `/`-separated paths relative to `dir`, sorted.
pub fn image_files(dir: &Path, extensions: &[String]) -> Result<Vec<String>, DataError> {
    let mut files = Vec::new();
    walk(dir, "", &mut files)?;
    files.retain(|f| {
        let lower = f.to_lowercase();
        extensions.iter().any(|e| lower.ends_with(e.as_str()))
    });
    files.sort();
    Ok(files)
}

fn walk(dir: &Path, prefix: &str, files: &mut Vec<String>) -> Result<(), DataError> {
    for entry in std::fs::read_dir(dir).map_err(|e| DataError::io(dir, e))? {
        let entry = entry.map_err(|e| DataError::io(dir, e))?;
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        if entry.path().is_dir() {
            walk(&entry.path(), &format!("{name}/"), files)?;
        } else {
            files.push(name);
        }
    }
    Ok(())
}
