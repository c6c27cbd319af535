//! Annotation files: one sample per line, `path label` or just `path`.

use std::path::Path;

use crate::dataset::read_lines;
use crate::error::DataError;

/// The `(path, label)` lines of `file`; labels are checked by `label_ok` (errors name the line).
pub fn read_ann_file(
    file: &Path,
    with_label: bool,
    label_ok: impl Fn(i64) -> bool,
) -> Result<Vec<(String, Option<i64>)>, DataError> {
    let lines = read_lines(file)?;
    let mut samples = Vec::with_capacity(lines.len());
    for (n, line) in lines.iter().enumerate() {
        let line = line.trim();
        if !with_label {
            samples.push((line.to_owned(), None));
            continue;
        }
        let bad = |what: String| DataError::format(file, format!("line {}: {what}", n + 1));
        let (path, label) = line
            .rsplit_once(' ')
            .ok_or_else(|| bad(format!("expected `path label`, got `{line}`")))?;
        let label: i64 = label
            .trim()
            .parse()
            .map_err(|_| bad(format!("label `{label}` is not an integer")))?;
        if !label_ok(label) {
            return Err(bad(format!(
                "label {label} is not a valid class index (0 ≤ label < number of classes)"
            )));
        }
        samples.push((path.trim_end().to_owned(), Some(label)));
    }
    Ok(samples)
}
