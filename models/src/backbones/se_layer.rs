//! [`SeLayer`]: squeeze-and-excitation (mmpretrain's `SELayer`).

use burn::module::Module;
use burn::nn::Sigmoid;
use burn::nn::activation::Relu;
use burn::tensor::Tensor;
use registry_core::{BuildContext, BuildError};

use super::conv::{ConvModule, ConvSpec};

/// Squeeze-and-excitation: global average pool, a 1×1 convolution to `squeeze` channels with
/// ReLU, a 1×1 convolution back with sigmoid, and the input scaled by the result.
///
/// Paths: `conv1.conv.{weight,bias}`, `conv2.conv.{weight,bias}` (mmpretrain's).
#[derive(Module, Debug)]
pub struct SeLayer {
    /// Squeeze: channels → squeeze channels, ReLU.
    pub conv1: ConvModule,
    /// Excite: squeeze channels → channels, sigmoid.
    pub conv2: ConvModule,
}

/// mmpretrain's `make_divisible`: `value` rounded to a multiple of `divisor`, at least
/// `divisor`, and not below 90 % of `value`.
pub(crate) fn make_divisible(value: usize, divisor: usize) -> usize {
    let rounded = ((value as f64 + divisor as f64 / 2.0) as usize / divisor * divisor).max(divisor);
    if (rounded as f64) < 0.9 * value as f64 {
        rounded + divisor
    } else {
        rounded
    }
}

impl SeLayer {
    /// The SE layer of `channels` channels with squeeze `make_divisible(channels / ratio, 8)`,
    /// as mmpretrain's `SELayer(channels, ratio=ratio)`; `ratio` is at least 1.
    pub(crate) fn build(
        channels: usize,
        ratio: usize,
        ctx: &mut BuildContext,
    ) -> Result<Self, BuildError> {
        let squeeze = make_divisible(channels / ratio, 8);
        Ok(SeLayer {
            conv1: ConvModule {
                conv: ConvSpec::new(channels, squeeze, 1).bias(true).init(ctx)?,
                bn: None,
                activate: Some(Box::new(Relu::new())),
            },
            conv2: ConvModule {
                conv: ConvSpec::new(squeeze, channels, 1).bias(true).init(ctx)?,
                bn: None,
                activate: Some(Box::new(Sigmoid::new())),
            },
        })
    }

    /// `x` scaled channel-wise by its excitation.
    pub fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let pooled = x.clone().mean_dim(3).mean_dim(2);
        let weight = self.conv2.forward(self.conv1.forward(pooled));
        x * weight
    }
}

#[cfg(test)]
mod tests {
    use super::make_divisible;

    #[test]
    fn make_divisible_matches_mmpretrain() {
        // SEResNet-50's stages: 256/16, 512/16, 1024/16, 2048/16.
        assert_eq!(make_divisible(16, 8), 16);
        assert_eq!(make_divisible(32, 8), 32);
        assert_eq!(make_divisible(4, 8), 8);
        assert_eq!(make_divisible(12, 8), 16);
        assert_eq!(make_divisible(11, 8), 16);
        assert_eq!(make_divisible(19, 8), 24);
    }
}
