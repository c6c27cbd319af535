//! Register your own backbone and build a whole classifier around it from a config, as
//! `@MODELS.register_module()` does in mmpretrain.
//!
//! ```sh
//! cargo run -p examples --example custom_backbone
//! ```

use registry_core::burn;
use registry_core::burn::module::Module;
use registry_core::burn::nn::conv::{Conv2d, Conv2dConfig};
use registry_core::burn::nn::{PaddingConfig2d, Relu};
use registry_core::burn::tensor::{Device, Tensor};
use registry_core::{BACKBONES, Backbone, BuildContext, BuildError, Buildable, MODELS};
use registry_core::{count_parameters, register_module};
use serde_json::json;

// The classifier, neck and head below come from `models`: name it once so that its
// registrations are linked into this program.
registry_core::link!(models);

/// Two 3×3 convolutions with ReLU: images to one feature map.
#[register_module(BACKBONES, aliases = ["Tiny"])]
#[derive(Module, Debug)]
pub struct TinyNet {
    conv1: Conv2d,
    conv2: Conv2d,
    relu: Relu,
    width: usize,
}

/// TinyNet's config: every key a `dict(type='TinyNet', …)` may hold besides `type`.
#[derive(serde::Deserialize, schemars::JsonSchema)]
pub struct TinyNetConfig {
    /// Input channels.
    #[serde(default = "three")]
    in_channels: usize,
    /// Channels of both convolutions.
    width: usize,
}

fn three() -> usize {
    3
}

impl Buildable for TinyNet {
    type Config = TinyNetConfig;

    fn build(config: TinyNetConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        if config.width == 0 {
            // Errors name their key: `model.backbone.width: …`.
            return Err(ctx.invalid("width", "expected at least one channel"));
        }
        let conv = |in_channels| {
            Conv2dConfig::new([in_channels, config.width], [3, 3])
                .with_padding(PaddingConfig2d::Same)
                .init(ctx.device())
        };
        Ok(TinyNet {
            conv1: conv(config.in_channels),
            conv2: conv(config.width),
            relu: Relu::new(),
            width: config.width,
        })
    }
}

impl Backbone for TinyNet {
    fn forward(&self, images: Tensor<4>) -> Vec<Tensor<4>> {
        let x = self.relu.forward(self.conv1.forward(images));
        vec![self.relu.forward(self.conv2.forward(x))]
    }

    fn out_channels(&self) -> Vec<usize> {
        vec![self.width]
    }
}

fn main() -> Result<(), BuildError> {
    // An mmpretrain-style model config naming our backbone by its alias.
    let config = json!({
        "type": "ImageClassifier",
        "backbone": {"type": "Tiny", "width": 16},
        "neck": {"type": "GlobalAveragePooling"},
        "head": {"type": "LinearClsHead", "num_classes": 10, "in_channels": 16},
    });
    let model = MODELS.build(&config)?;
    let images = Tensor::zeros([2, 3, 32, 32], &Device::flex());
    let logits = model.forward(images);
    assert_eq!(logits.dims(), [2, 10]);
    println!(
        "TinyNet classifier: {} parameters",
        count_parameters(&model)
    );

    // A mistake in the config is an error naming the key.
    let mut typo = config.clone();
    typo["backbone"]["width"] = json!(0);
    let error = MODELS.build(&typo).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("backbone.width: expected at least one channel")
    );
    println!("{error}");
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}
