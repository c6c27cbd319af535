//! A config as the command line names it, and the model it describes.

use anyhow::bail;
use mmconfig::{Config, Position};
use registry_core::burn::tensor::Device;
use registry_core::{BuildContext, BuildError, KeyPath, MODELS, Model};
use serde_json::Value;

use crate::cli::ConfigArgs;

/// The config file, with the `--cfg-options` merged over it.
pub fn load_config(args: &ConfigArgs) -> anyhow::Result<Config> {
    let mut config = Config::from_file(&args.config)?;
    config.merge_options(&args.cfg_options)?;
    Ok(config)
}

/// Checks the config's `model` dict completely. Errors name every problem with its key path
/// and the file, line and column it came from.
pub fn validate_model(config: &Config, device: &Device) -> anyhow::Result<()> {
    let (model, mut ctx) = model_config(config, device)?;
    MODELS
        .validate_in(&model, &mut ctx)
        .map_err(|error| anyhow::anyhow!("{}", describe(&error, config)))
}

/// Checks the config's `model` dict, then builds it on `device`.
pub fn build_model(config: &Config, device: &Device) -> anyhow::Result<Box<dyn Model>> {
    validate_model(config, device)?;
    let (model, mut ctx) = model_config(config, device)?;
    MODELS
        .build_in(&model, &mut ctx)
        .map_err(|error| anyhow::anyhow!("{}", describe(&error, config)))
}

/// The `model` dict as mmengine's runner builds it — with the config's top-level
/// `data_preprocessor` as its default — and a context placing errors under `model.`.
fn model_config(config: &Config, device: &Device) -> anyhow::Result<(Value, BuildContext)> {
    let path = KeyPath::root().key("model");
    let Some(model) = config.get(&path) else {
        bail!("the config has no `model` dict");
    };
    let mut model = model.clone();
    if let (Some(preprocessor), Some(map)) = (
        config.get(&KeyPath::root().key("data_preprocessor")),
        model.as_object_mut(),
    ) && !map.contains_key("data_preprocessor")
    {
        map.insert("data_preprocessor".to_owned(), preprocessor.clone());
    }
    Ok((model, BuildContext::new(device.clone()).at(path)))
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

/// Every error in `error`, one a line, each followed by where its value was written.
pub fn describe(error: &BuildError, config: &Config) -> String {
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
