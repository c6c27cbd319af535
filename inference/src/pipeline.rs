//! The config's test pipeline: `test_dataloader.dataset.pipeline`, else `test_pipeline`.

use datasets::Pipeline;
use mmconfig::{Config, KeyPath};
use registry_core::BuildContext;
use registry_core::burn::tensor::Device;
use serde_json::{Value, json};

use crate::error::InferenceError;

/// Builds the config's test pipeline through `TRANSFORMS`. As mmpretrain's inferencer, images
/// are always loaded from their files: a pipeline that does not start with
/// `LoadImageFromFile` gets a default one first.
pub fn test_pipeline(config: &Config, device: &Device) -> Result<Pipeline, InferenceError> {
    let candidates = [
        KeyPath::root()
            .key("test_dataloader")
            .key("dataset")
            .key("pipeline"),
        KeyPath::root().key("test_pipeline"),
    ];
    let Some((path, steps)) = candidates
        .into_iter()
        .find_map(|path| config.get(&path).cloned().map(|steps| (path, steps)))
    else {
        return Err(InferenceError::Config(
            "the config has no test pipeline (`test_dataloader.dataset.pipeline` or \
             `test_pipeline`)"
                .into(),
        ));
    };
    let Value::Array(mut steps) = steps else {
        return Err(InferenceError::Config(format!(
            "{path}: expected a list of transforms"
        )));
    };
    let loads = steps
        .first()
        .and_then(|step| step.get("type"))
        .and_then(Value::as_str)
        .is_some_and(|kind| kind == "LoadImageFromFile");
    if !loads {
        steps.insert(0, json!({"type": "LoadImageFromFile"}));
    }
    let mut ctx = BuildContext::new(device.clone()).at(path.clone());
    Pipeline::build(&steps, &mut ctx).map_err(|error| {
        let at = config
            .position(&error.path)
            .map(|position| format!("\n    at {position}"))
            .unwrap_or_default();
        InferenceError::Config(format!("{error}{at}"))
    })
}
