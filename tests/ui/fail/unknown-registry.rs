use registry_core::{BuildContext, BuildError, Buildable, register_module};

#[register_module(BACKBONS)]
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
