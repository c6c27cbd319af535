//! [`Downsample`]: the identity branch of a stage's first block when its shape changes.

use burn::module::Module;
use burn::nn::conv::Conv2d;
use burn::nn::pool::{AvgPool2d, AvgPool2dConfig};
use burn::tensor::Tensor;
use registry_core::{BuildContext, BuildError, NormLayer};

use super::conv::ConvSpec;
use super::fused::conv_norm;
use super::norm::Norms;

/// A 1×1 convolution and a norm (mmpretrain's `downsample` `Sequential`), preceded with
/// `avg_down` by an average pool that takes the stride instead of the convolution.
///
/// Paths: `conv.weight` and `bn.*` (torchvision's `downsample.0` and `downsample.1`).
#[derive(Module, Debug)]
pub struct Downsample {
    /// `avg_down`: a `stride`×`stride` average pool, `ceil_mode=True`,
    /// `count_include_pad=False`.
    pub pool: Option<AvgPool2d>,
    /// The 1×1 convolution.
    pub conv: Conv2d,
    /// The norm.
    pub bn: Box<dyn NormLayer>,
}

impl Downsample {
    /// The downsample from `in_channels` to `out_channels` with `stride`.
    pub(crate) fn build(
        in_channels: usize,
        out_channels: usize,
        stride: usize,
        avg_down: bool,
        norms: &Norms,
        ctx: &mut BuildContext,
    ) -> Result<Self, BuildError> {
        let (pool, conv_stride) = if avg_down && stride != 1 {
            let pool = AvgPool2dConfig::new([stride, stride])
                .with_strides([stride, stride])
                .with_ceil_mode(true)
                .with_count_include_pad(false)
                .init();
            (Some(pool), 1)
        } else {
            (None, stride)
        };
        Ok(Downsample {
            pool,
            conv: ConvSpec::new(in_channels, out_channels, 1)
                .stride(conv_stride)
                .init(ctx)?,
            bn: norms.build(out_channels, ctx)?,
        })
    }

    /// The downsampled identity.
    pub fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let x = match &self.pool {
            Some(pool) => pool.forward(x),
            None => x,
        };
        conv_norm(&self.conv, &*self.bn, x, None, false)
    }
}
