//! [`GlobalAveragePooling`]: each feature map averaged over its pixels.

use burn::module::Module;
use burn::tensor::Tensor;
use registry_core::{BuildContext, BuildError, Buildable, NECKS, Neck, register_module};
use schemars::JsonSchema;
use serde::Deserialize;

/// The config of `GlobalAveragePooling`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct GapConfig {
    /// Spatial dimensions of each map; only 2 (maps `[N, C, H, W]`) is supported.
    #[serde(default = "default_dim")]
    pub dim: usize,
}

fn default_dim() -> usize {
    2
}

/// Global average pooling neck: `[N, C, H, W]` maps to `[N, C]` features, one per map
/// (mmpretrain's `GlobalAveragePooling`).
#[register_module(NECKS)]
#[derive(Module, Debug)]
pub struct GlobalAveragePooling {
    /// Spatial dimensions pooled (always 2).
    pub dim: usize,
}

impl Buildable for GlobalAveragePooling {
    type Config = GapConfig;

    fn build(config: GapConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        match config.dim {
            2 => Ok(GlobalAveragePooling { dim: 2 }),
            1 | 3 => Err(ctx.invalid(
                "dim",
                format!(
                    "dim={} is not supported: backbones here produce 2-D feature maps [N, C, H, W], \
                     pooled with dim=2",
                    config.dim
                ),
            )),
            other => Err(ctx.invalid("dim", format!("expected 1, 2 or 3, got {other}"))),
        }
    }
}

impl GlobalAveragePooling {
    /// The mean of each channel of `x` `[N, C, H, W]`: `[N, C]`, through an adaptive average
    /// pool to 1×1 as mmpretrain's `nn.AdaptiveAvgPool2d((1, 1))` (so that complexity counts
    /// see the same operation).
    pub fn pool(x: Tensor<4>) -> Tensor<2> {
        let [batch, channels, _, _] = x.dims();
        burn::tensor::module::adaptive_avg_pool2d(x, [1, 1]).reshape([batch, channels])
    }
}

impl Neck for GlobalAveragePooling {
    fn forward(&self, features: Vec<Tensor<4>>) -> Vec<Tensor<2>> {
        features.into_iter().map(Self::pool).collect()
    }

    fn out_channels(&self, in_channels: &[usize]) -> Vec<usize> {
        in_channels.to_vec()
    }
}
