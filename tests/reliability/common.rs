//! Helpers shared by the reliability tests.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use registry_core::MODELS;
use serde_json::{Value, json};

/// A ResNet-18 classifier config with `backbone` and `head` keys overridden.
pub fn classifier(backbone: Value, head: Value) -> Value {
    let mut config = json!({
        "type": "ImageClassifier",
        "backbone": {"type": "ResNet", "depth": 18},
        "neck": {"type": "GlobalAveragePooling"},
        "head": {"type": "LinearClsHead", "num_classes": 10, "in_channels": 512},
    });
    for (part, extra) in [("backbone", backbone), ("head", head)] {
        for (key, value) in extra.as_object().cloned().unwrap_or_default() {
            config[part][key] = value;
        }
    }
    config
}

/// A folder for the files the fuzzers write, removed when the tests end.
pub fn scratch() -> &'static Path {
    static SCRATCH: OnceLock<tempfile::TempDir> = OnceLock::new();
    SCRATCH.get_or_init(|| tempfile::tempdir().unwrap()).path()
}

/// Builds `config` through `MODELS`, which must fail within `seconds`: the error's text.
pub fn build_error_within(config: &Value, seconds: u64) -> String {
    let started = Instant::now();
    let result = MODELS.build(config);
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_secs(seconds),
        "took {elapsed:?} to answer"
    );
    match result {
        Ok(_) => panic!("built: {}", abbreviate(&config.to_string())),
        Err(error) => error.to_string(),
    }
}

/// The build error of `config`, which must come within five seconds.
pub fn build_error(config: &Value) -> String {
    build_error_within(config, 5)
}

/// The first 200 characters of `text`, for assertion messages.
pub fn abbreviate(text: &str) -> String {
    text.chars().take(200).collect()
}

/// The names every registry knows and the config keys their schemas accept: the words the
/// fuzzers build configs from, so that they reach past "unknown type".
pub struct Vocabulary {
    /// Registered names and aliases, of every registry.
    pub names: Vec<String>,
    /// Keys of every entry's config schema, `type` included.
    pub keys: Vec<String>,
}

/// The [`Vocabulary`] of the registries linked into this binary.
pub fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        let mut names = BTreeSet::new();
        let mut keys = BTreeSet::from(["type".to_owned(), "_scope_".to_owned()]);
        for registry in registry_core::registries() {
            for entry in registry.entries() {
                names.insert(entry.name.to_string());
                names.extend(entry.aliases.iter().map(|alias| alias.to_string()));
                if let Some(schema) = registry.schema(&entry.name) {
                    collect_keys(schema.as_value(), &mut keys);
                }
            }
        }
        Vocabulary {
            names: names.into_iter().collect(),
            keys: keys.into_iter().collect(),
        }
    })
}

/// Every key under a `properties` of `schema`, recursively.
fn collect_keys(schema: &Value, keys: &mut BTreeSet<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get("properties") {
                keys.extend(properties.keys().cloned());
            }
            map.values().for_each(|value| collect_keys(value, keys));
        }
        Value::Array(items) => items.iter().for_each(|value| collect_keys(value, keys)),
        _ => {}
    }
}
