//! The common case: a Burn module registered in a built-in registry, built from a config.

use registry_core::burn;
use registry_core::burn::module::{Module, Param};
use registry_core::burn::tensor::Tensor;
use registry_core::{BACKBONES, Backbone, BuildContext, BuildError, Buildable, register_module};

/// Scales images.
#[register_module(BACKBONES, name = "Scaler", aliases = ["Scale", "Mul"])]
#[derive(Module, Debug)]
pub struct Scaler {
    factor: Param<Tensor<1>>,
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
pub struct ScalerConfig {}

impl Buildable for Scaler {
    type Config = ScalerConfig;
    fn build(_: ScalerConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        Ok(Scaler {
            factor: Param::from_tensor(Tensor::ones([1], ctx.device())),
        })
    }
}

impl Backbone for Scaler {
    fn forward(&self, images: Tensor<4>) -> Vec<Tensor<4>> {
        vec![images * self.factor.val().reshape([1, 1, 1, 1])]
    }
    fn out_channels(&self) -> Vec<usize> {
        vec![3]
    }
}

fn main() {
    let built = BACKBONES
        .build(&serde_json::json!({"type": "Mul"}))
        .unwrap();
    assert_eq!(built.out_channels(), [3]);
    assert_eq!(BACKBONES.get("Scale").unwrap().doc, "Scales images.");
}
