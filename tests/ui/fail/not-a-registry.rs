use registry_core::{BuildContext, BuildError, Buildable, register_module};

static MODELS_LIST: [&str; 1] = ["ResNet"];

#[register_module(MODELS_LIST)]
pub struct Scaler;

#[derive(serde::Deserialize, schemars::JsonSchema)]
pub struct Empty {}

impl Buildable for Scaler {
    type Config = Empty;
    fn build(_: Empty, _: &mut BuildContext) -> Result<Self, BuildError> {
        Ok(Scaler)
    }
}

fn main() {}
