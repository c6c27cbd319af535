//! A config as the command line names it, and the model it describes.

use anyhow::bail;
use inference::describe_build_error;
use mmconfig::Config;
use models::classifiers::runner_model_config;
use registry_core::burn::tensor::Device;
use registry_core::{BuildContext, KeyPath, MODELS, Model};
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
        .map_err(|error| anyhow::anyhow!("{}", describe_build_error(&error, config)))
}

/// Checks the config's `model` dict, then builds it on `device`.
pub fn build_model(config: &Config, device: &Device) -> anyhow::Result<Box<dyn Model>> {
    validate_model(config, device)?;
    let (model, mut ctx) = model_config(config, device)?;
    MODELS
        .build_in(&model, &mut ctx)
        .map_err(|error| anyhow::anyhow!("{}", describe_build_error(&error, config)))
}

/// The `model` dict as mmengine's runner builds it — with the config's top-level
/// `data_preprocessor` as its default — and a context placing errors under `model.`.
fn model_config(config: &Config, device: &Device) -> anyhow::Result<(Value, BuildContext)> {
    let Some(model) = runner_model_config(config.value()) else {
        bail!("the config has no `model` dict");
    };
    let path = KeyPath::root().key("model");
    Ok((model, BuildContext::new(device.clone()).at(path)))
}
