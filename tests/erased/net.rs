//! A small backbone registered for these tests, and a model that holds it erased.

use burn::module::Module;
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::{BatchNorm, BatchNormConfig, PaddingConfig2d};
use burn::tensor::{Device, Distribution, Tensor};
use registry_core::burn;
use registry_core::{BACKBONES, Backbone, BuildContext, BuildError, Buildable, register_module};
use serde::Deserialize;
use serde_json::json;

/// A conv, a BatchNorm and a ReLU.
#[register_module(BACKBONES)]
#[derive(Module, Debug)]
pub struct ConvBnBackbone {
    pub conv: Conv2d,
    pub norm: BatchNorm,
}

#[derive(Deserialize, schemars::JsonSchema)]
pub struct ConvBnBackboneConfig {
    pub channels: usize,
}

impl Buildable for ConvBnBackbone {
    type Config = ConvBnBackboneConfig;

    fn build(config: ConvBnBackboneConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        Ok(ConvBnBackbone {
            conv: Conv2dConfig::new([3, config.channels], [3, 3])
                .with_padding(PaddingConfig2d::Same)
                .init(ctx.device()),
            norm: BatchNormConfig::new(config.channels).init(ctx.device()),
        })
    }
}

impl Backbone for ConvBnBackbone {
    fn forward(&self, images: Tensor<4>) -> Vec<Tensor<4>> {
        vec![burn::tensor::activation::relu(
            self.norm.forward(self.conv.forward(images)),
        )]
    }

    fn out_channels(&self) -> Vec<usize> {
        vec![self.conv.weight.shape().dims::<4>()[0]]
    }
}

/// A model assembled from erased parts, with a derived `Module`.
#[derive(Module, Debug)]
pub struct Net {
    pub backbone: Box<dyn Backbone>,
    pub second: Box<dyn Backbone>,
}

impl Net {
    /// Builds the net with a 4-channel backbone on `device`.
    pub fn build(device: &Device) -> Net {
        let mut ctx = BuildContext::new(device.clone());
        let config = json!({"type": "ConvBnBackbone", "channels": 4});
        let mut build = || {
            BACKBONES
                .build_in(&config, &mut ctx)
                .expect("the test backbone builds")
        };
        Net {
            backbone: build(),
            second: build(),
        }
    }

    /// The mean of both backbones' features.
    pub fn forward(&self, images: Tensor<4>) -> Tensor<1> {
        let first = self.backbone.forward(images.clone()).remove(0).mean();
        first + self.second.forward(images).remove(0).mean()
    }
}

/// A random batch of two 3-channel 8×8 images.
pub fn images(device: &Device) -> Tensor<4> {
    Tensor::random([2, 3, 8, 8], Distribution::Normal(0.0, 1.0), device)
}

/// The values of a tensor.
pub fn values<const D: usize>(tensor: Tensor<D>) -> Vec<f32> {
    tensor
        .into_data()
        .try_to_vec::<f32>()
        .expect("float tensor")
}

/// The concrete first backbone inside the net.
pub fn concrete(net: &Net) -> &ConvBnBackbone {
    downcast(&*net.backbone)
}

/// The concrete module inside an erased backbone.
pub fn downcast(backbone: &dyn Backbone) -> &ConvBnBackbone {
    registry_core::erased::DynModule::as_any(backbone)
        .downcast_ref::<ConvBnBackbone>()
        .expect("the backbone is a ConvBnBackbone")
}
