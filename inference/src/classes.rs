//! The class names of a config: its test dataset's `metainfo.classes` or `classes`, else the
//! names of the dataset's type (ImageNet's 1,000, CIFAR's 10 and 100, Fashion-MNIST's 10).

use mmconfig::{Config, KeyPath};
use serde_json::Value;

use crate::error::InferenceError;

/// The class names the config gives its test dataset (`test_dataloader.dataset`), in label
/// order, or `None` when it gives none: a list, or a text file with one name a line; else the
/// names of its `type` when that is a standard dataset. Never invented.
///
/// ```
/// let config = mmconfig::Config::from_value(serde_json::json!({
///     "test_dataloader": {"dataset": {"type": "CIFAR10", "data_root": "data/cifar10"}},
/// }))?;
/// let classes = inference::class_names(&config)?.unwrap();
/// assert_eq!(classes[3], "cat");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn class_names(config: &Config) -> Result<Option<Vec<String>>, InferenceError> {
    let dataset = KeyPath::root().key("test_dataloader").key("dataset");
    let metainfo = dataset.clone().key("metainfo").key("classes");
    for path in [metainfo, dataset.clone().key("classes")] {
        if let Some(value) = config.get(&path).filter(|value| !value.is_null()) {
            return names(value, &path).map(Some);
        }
    }
    let kind = config.get(&dataset.key("type")).and_then(Value::as_str);
    Ok(kind.and_then(datasets::datasets::categories))
}

/// The names in `value`: a list of strings, or a file of lines.
fn names(value: &Value, path: &KeyPath) -> Result<Vec<String>, InferenceError> {
    let invalid = |message: String| InferenceError::Config(format!("{path}: {message}"));
    match value {
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::String(name) => Ok(name.clone()),
                other => Err(invalid(format!("expected class names, found {other}"))),
            })
            .collect(),
        Value::String(file) => {
            let text = std::fs::read_to_string(file)
                .map_err(|error| invalid(format!("cannot read {file}: {error}")))?;
            Ok(text
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(str::to_owned)
                .collect())
        }
        other => Err(invalid(format!(
            "expected a list of class names or a file of them, found {other}"
        ))),
    }
}
