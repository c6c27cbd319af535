//! [`BasicBlock`]: ResNet-18/34's block.

use burn::module::Module;
use burn::nn::conv::Conv2d;
use burn::tensor::Tensor;
use registry_core::{BuildContext, BuildError, NormLayer};

use super::block::{BlockSpec, ResBlock, identity};
use super::conv::ConvSpec;
use super::downsample::Downsample;
use super::drop_path::DropPath;
use super::fused::conv_norm;
use super::norm::Norms;
use crate::fusion::fuse;

/// Two 3×3 convolutions, each with a norm, and the identity added before the last ReLU
/// (mmpretrain's and torchvision's `BasicBlock`). The first convolution strides and dilates;
/// the second is plain (padding 1), as in mmpretrain.
#[derive(Module, Debug)]
pub struct BasicBlock {
    /// 3×3, `in → out`, the block's stride and dilation.
    pub conv1: Conv2d,
    /// Norm after `conv1`.
    pub bn1: Box<dyn NormLayer>,
    /// 3×3, `out → out`.
    pub conv2: Conv2d,
    /// Norm after `conv2`: the last norm, zeroed by `zero_init_residual`.
    pub bn2: Box<dyn NormLayer>,
    /// The identity branch when the shape changes.
    pub downsample: Option<Downsample>,
    /// Stochastic depth (`drop_path_rate`).
    pub drop_path: Option<DropPath>,
}

impl BasicBlock {
    /// The block of `spec`, whose expansion is 1 (checked by the backbone).
    pub(crate) fn build(
        spec: &BlockSpec,
        downsample: Option<Downsample>,
        norms: &Norms,
        ctx: &mut BuildContext,
    ) -> Result<Self, BuildError> {
        let mid = spec.out_channels / spec.expansion;
        Ok(BasicBlock {
            conv1: ConvSpec::new(spec.in_channels, mid, 3)
                .stride(spec.stride)
                .padding(spec.dilation)
                .dilation(spec.dilation)
                .init(ctx)?,
            bn1: norms.build(mid, ctx)?,
            conv2: ConvSpec::new(mid, spec.out_channels, 3)
                .padding(1)
                .init(ctx)?,
            bn2: spec.last_norm(norms.build(spec.out_channels, ctx)?),
            downsample,
            drop_path: spec.drop_path(),
        })
    }
}

impl ResBlock for BasicBlock {
    fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let out = conv_norm(&self.conv1, &*self.bn1, x.clone(), None, true);
        let identity = identity(x, &self.downsample);
        match self.drop_path.as_ref().filter(|drop| drop.is_active(&out)) {
            Some(drop_path) => {
                let out = drop_path.forward(conv_norm(&self.conv2, &*self.bn2, out, None, false));
                burn::tensor::activation::relu(out + identity)
            }
            None => conv_norm(&self.conv2, &*self.bn2, out, Some(identity), true),
        }
    }

    fn fuse_conv_bn(&self) -> Box<dyn ResBlock> {
        let (conv1, bn1) = fuse(&self.conv1, &*self.bn1);
        let (conv2, bn2) = fuse(&self.conv2, &*self.bn2);
        Box::new(BasicBlock {
            conv1,
            bn1,
            conv2,
            bn2,
            downsample: self.downsample.as_ref().map(Downsample::fuse_conv_bn),
            drop_path: self.drop_path.clone(),
        })
    }
}
