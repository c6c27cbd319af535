//! A config as the command line names it, and the model it describes.

use anyhow::bail;
use mmconfig::Config;
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
        .validate_in(model, &mut ctx)
        .map_err(|error| anyhow::anyhow!("{}", describe(&error, config)))
}

/// Checks the config's `model` dict, then builds it on `device`.
pub fn build_model(config: &Config, device: &Device) -> anyhow::Result<Box<dyn Model>> {
    validate_model(config, device)?;
    let (model, mut ctx) = model_config(config, device)?;
    MODELS
        .build_in(model, &mut ctx)
        .map_err(|error| anyhow::anyhow!("{}", describe(&error, config)))
}

/// The `model` dict, and a context placing errors under `model.`.
fn model_config<'a>(
    config: &'a Config,
    device: &Device,
) -> anyhow::Result<(&'a Value, BuildContext)> {
    let path = KeyPath::root().key("model");
    let Some(model) = config.get(&path) else {
        bail!("the config has no `model` dict");
    };
    Ok((model, BuildContext::new(device.clone()).at(path)))
}

/// Every error in `error`, one a line, each followed by where its value was written.
pub fn describe(error: &BuildError, config: &Config) -> String {
    let errors = error.flatten();
    let mut lines = Vec::new();
    if errors.len() > 1 {
        lines.push(format!("{} errors in the config:", errors.len()));
    }
    for error in errors {
        match config.position(&error.path) {
            Some(location) => lines.push(format!("{error}\n    at {location}")),
            None => lines.push(error.to_string()),
        }
    }
    lines.join("\n")
}
