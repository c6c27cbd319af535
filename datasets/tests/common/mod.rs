//! Helpers shared by the data tests.
#![allow(dead_code)]

use std::path::PathBuf;

use datasets::{Pipeline, Sample, TRANSFORMS, Transform};
use rand::SeedableRng;
use rand::rngs::StdRng;
use registry_core::{BuildContext, BuildError};
use serde_json::Value;

/// The fixture folder, `datasets/tests/data`.
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// A fixture path as a string.
pub fn data(path: &str) -> String {
    data_dir().join(path).display().to_string()
}

/// Builds one transform.
pub fn transform(config: Value) -> Result<Box<dyn Transform>, BuildError> {
    TRANSFORMS.build(&config)
}

/// Builds a pipeline from a JSON list.
pub fn pipeline(configs: Value) -> Result<Pipeline, BuildError> {
    let list = configs.as_array().expect("a list").clone();
    Pipeline::build(&list, &mut BuildContext::default())
}

/// A sample holding `path`, not yet loaded.
pub fn file_sample(path: &str) -> Sample {
    Sample {
        img_path: Some(data_dir().join(path)),
        ..Sample::default()
    }
}

/// A seeded generator.
pub fn rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}
