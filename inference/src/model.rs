//! The config's model, built as mmengine's runner builds it, with its weights.

use std::path::PathBuf;

use checkpoints::{Checkpoint, CheckpointCache, LoadOptions};
use mmconfig::{Config, KeyPath, Position};
use models::classifiers::{ClsDataPreprocessor, ImageClassifier, runner_model_config};
use registry_core::burn::module::Module;
use registry_core::burn::tensor::Device;
use registry_core::init::InitContext;
use registry_core::{BuildContext, BuildError, MODELS, Model};
use serde_json::Value;

use crate::error::InferenceError;

/// A classifier ready for inference (eval mode) and the data preprocessor it was built with.
pub struct LoadedModel {
    /// The model, in eval mode.
    pub model: Box<dyn Model>,
    /// `model.data_preprocessor`, or the config's top-level `data_preprocessor`.
    pub preprocessor: ClsDataPreprocessor,
    /// The head's number of classes.
    pub num_classes: usize,
}

/// Builds the config's `model` on `device` — with the top-level `data_preprocessor` as its
/// default, as mmengine's runner — and loads `checkpoint` strictly (a path or an `http(s)://`
/// URL through torch.hub's cache; torchvision's and mmpretrain's key names are mapped). Without
/// a checkpoint, the model's `init_cfg`s are applied.
pub fn load_model(
    config: &Config,
    checkpoint: Option<&str>,
    device: &Device,
) -> Result<LoadedModel, InferenceError> {
    let path = KeyPath::root().key("model");
    let Some(model_config) = runner_model_config(config.value()) else {
        return Err(InferenceError::Config(
            "the config has no `model` dict".into(),
        ));
    };
    let mut ctx = BuildContext::new(device.clone()).at(path);
    let mut model = MODELS
        .build_in(&model_config, &mut ctx)
        .map_err(|error| InferenceError::Config(describe_build_error(&error, config)))?;
    match checkpoint {
        Some(checkpoint) => load_checkpoint(&mut model, checkpoint)?,
        None => {
            let mut init = InitContext::new();
            model
                .init_weights(&mut init)
                .map_err(|error| InferenceError::Config(format!("model.init_cfg: {error}")))?;
        }
    }
    let model = model.valid();
    let Some(classifier) = model.as_any().downcast_ref::<ImageClassifier>() else {
        let kind = model_config
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("?");
        return Err(InferenceError::Config(format!(
            "model.type: `{kind}` is not an ImageClassifier; only image classifiers classify"
        )));
    };
    let Some(head) = &classifier.head else {
        return Err(InferenceError::Config(
            "model.head: the classifier has no head, so it cannot classify".into(),
        ));
    };
    Ok(LoadedModel {
        preprocessor: classifier.data_preprocessor.clone(),
        num_classes: head.num_classes(),
        model,
    })
}

/// Loads `checkpoint` (a path or URL) into `model`, strictly.
fn load_checkpoint(model: &mut Box<dyn Model>, checkpoint: &str) -> Result<(), InferenceError> {
    let file: PathBuf = CheckpointCache::torch_hub().resolve(checkpoint)?;
    let options = LoadOptions::new().key_maps(models::checkpoints::key_maps());
    Checkpoint::open(&file)?.load_into(model, &options)?;
    Ok(())
}

/// Where the value at `path` was written: a `model.data_preprocessor` taken from the top-level
/// `data_preprocessor` was written there.
fn written_at<'a>(config: &'a Config, path: &KeyPath) -> Option<&'a Position> {
    let inherited = KeyPath::root().key("model").key("data_preprocessor");
    if path.starts_with(&inherited) && config.get(&inherited).is_none() {
        let mut top_level = KeyPath::root();
        for segment in path.segments().iter().skip(1) {
            top_level.push(segment.clone());
        }
        return config.position(&top_level);
    }
    config.position(path)
}

/// Every error in `error`, one a line, each followed by where its value was written (a
/// `model.data_preprocessor` taken from the top level: where that was written).
pub fn describe_build_error(error: &BuildError, config: &Config) -> String {
    let errors = error.flatten();
    let mut lines = Vec::new();
    if errors.len() > 1 {
        lines.push(format!("{} errors in the config:", errors.len()));
    }
    for error in errors {
        match written_at(config, &error.path) {
            Some(location) => lines.push(format!("{error}\n    at {location}")),
            None => lines.push(error.to_string()),
        }
    }
    lines.join("\n")
}
