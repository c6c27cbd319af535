//! Toy components registered for these tests.

use burn::module::{Module, Param};
use burn::tensor::Tensor;
use registry_core::burn;
use registry_core::{BACKBONES, Backbone, BuildContext, BuildError, Buildable, register_module};
use serde::Deserialize;

/// A backbone that scales its input by a learnable factor.
#[register_module(BACKBONES, aliases = ["Toy"])]
#[derive(Module, Debug)]
pub struct ToyBackbone {
    pub scale: Param<Tensor<1>>,
    pub channels: usize,
}

#[derive(Deserialize, schemars::JsonSchema)]
pub struct ToyBackboneConfig {
    #[serde(default = "three")]
    pub channels: usize,
}

fn three() -> usize {
    3
}

impl Buildable for ToyBackbone {
    type Config = ToyBackboneConfig;

    fn build(config: ToyBackboneConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        if config.channels == 0 {
            return Err(ctx.invalid("channels", "expected at least 1 channel, got 0"));
        }
        Ok(ToyBackbone {
            scale: Param::from_tensor(Tensor::ones([1], ctx.device())),
            channels: config.channels,
        })
    }
}

impl Backbone for ToyBackbone {
    fn forward(&self, images: Tensor<4>) -> Vec<Tensor<4>> {
        vec![images * self.scale.val().reshape([1, 1, 1, 1])]
    }

    fn out_channels(&self) -> Vec<usize> {
        vec![self.channels]
    }
}
