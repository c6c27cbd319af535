//! [`ResBlock`]: a residual block behind a box, so that one `ResNet` holds either kind; and
//! what the blocks share (their spec, drop path, the residual sum).

use burn::tensor::Tensor;
use registry_core::NormLayer;
use registry_core::erased::DynModule;

use super::arch::Style;
use super::downsample::Downsample;
use super::drop_path::DropPath;

/// A residual block: [`BasicBlock`](super::BasicBlock) or [`Bottleneck`](super::Bottleneck).
///
/// A stage is a `Vec<Box<dyn ResBlock>>`; the box is a full Burn module that adds no path
/// segment, so weights read `layer1.0.conv1.weight` whichever the block.
pub trait ResBlock: DynModule<ResBlockKind> {
    /// The block's output.
    fn forward(&self, x: Tensor<4>) -> Tensor<4>;

    /// The block for inference, each BatchNorm folded into the convolution before it (see
    /// [`fusion`](crate::fusion)).
    fn fuse_conv_bn(&self) -> Box<dyn ResBlock>;
}

registry_core::erased_module!(dyn ResBlock, kind = ResBlockKind);

/// Everything a block is built from (mmpretrain's `ResLayer` passes it to each block).
#[derive(Debug, Clone, Copy)]
pub(crate) struct BlockSpec {
    pub in_channels: usize,
    pub out_channels: usize,
    pub expansion: usize,
    pub stride: usize,
    pub dilation: usize,
    pub style: Style,
    /// Groups of the Bottleneck's 3×3 convolution (ResNeXt).
    pub groups: usize,
    /// Channels per group (ResNeXt).
    pub width_per_group: usize,
    /// The backbone's `base_channels` (ResNeXt's width rule).
    pub base_channels: usize,
    /// SE ratio (SEResNet).
    pub se_ratio: Option<usize>,
    pub drop_path_rate: f64,
    /// Zero the weight of the block's last norm (`zero_init_residual`).
    pub zero_init_residual: bool,
}

/// mmpretrain's `eps` below which a block gets no drop path.
const DROP_PATH_EPS: f64 = 1.0e-5;

impl BlockSpec {
    /// The block's drop path, if its rate is not negligible.
    pub fn drop_path(&self) -> Option<DropPath> {
        (self.drop_path_rate > DROP_PATH_EPS).then(|| DropPath::new(self.drop_path_rate))
    }

    /// The block's last norm, its weight zeroed with `zero_init_residual` (mmengine's
    /// `constant_init(norm, 0)`; the bias is already 0).
    pub fn last_norm(&self, norm: Box<dyn NormLayer>) -> Box<dyn NormLayer> {
        if self.zero_init_residual {
            super::modes::zero_weight(norm)
        } else {
            norm
        }
    }
}

/// A block's identity branch: `x`, through the downsample when there is one.
pub(crate) fn identity(x: Tensor<4>, downsample: &Option<Downsample>) -> Tensor<4> {
    match downsample {
        Some(downsample) => downsample.forward(x),
        None => x,
    }
}
