use registry_core::burn;
use registry_core::burn::module::Module;
use registry_core::{BACKBONES, BuildContext, BuildError, Buildable, register_module};

/// Builds from a config, but is not a backbone.
#[register_module(BACKBONES)]
#[derive(Module, Debug)]
pub struct Scaler {
    factor: f64,
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
pub struct ScalerConfig {
    factor: f64,
}

impl Buildable for Scaler {
    type Config = ScalerConfig;
    fn build(config: ScalerConfig, _: &mut BuildContext) -> Result<Self, BuildError> {
        Ok(Scaler {
            factor: config.factor,
        })
    }
}

fn main() {}
