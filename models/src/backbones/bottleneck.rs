//! [`Bottleneck`]: the block of ResNet-50 and deeper, ResNeXt and SEResNet.

use burn::module::Module;
use burn::nn::conv::Conv2d;
use burn::tensor::Tensor;
use registry_core::{BuildContext, BuildError, NormLayer};

use super::arch::Style;
use super::block::{BlockSpec, ResBlock, identity};
use super::conv::ConvSpec;
use super::downsample::Downsample;
use super::drop_path::DropPath;
use super::fused::conv_norm;
use super::norm::Norms;
use super::se_layer::SeLayer;
use crate::fusion::fuse;

/// 1×1 (reduce), 3×3, 1×1 (expand) convolutions, each with a norm, and the identity added
/// before the last ReLU (mmpretrain's `Bottleneck`; torchvision's, v1.5, with `style=pytorch`).
///
/// One type serves the whole family: ResNeXt groups the 3×3 convolution and widens it to
/// `groups × width_per_group × mid / base_channels` channels, SEResNet adds `se_layer` after
/// the last norm.
#[derive(Module, Debug)]
pub struct Bottleneck {
    /// 1×1, `in → mid` (strides with `style=caffe`).
    pub conv1: Conv2d,
    /// Norm after `conv1`.
    pub bn1: Box<dyn NormLayer>,
    /// 3×3, `mid → mid`, grouped for ResNeXt (strides with `style=pytorch`; dilated).
    pub conv2: Conv2d,
    /// Norm after `conv2`.
    pub bn2: Box<dyn NormLayer>,
    /// 1×1, `mid → out`.
    pub conv3: Conv2d,
    /// Norm after `conv3`: the last norm, zeroed by `zero_init_residual`.
    pub bn3: Box<dyn NormLayer>,
    /// Squeeze-and-excitation (SEResNet).
    pub se_layer: Option<SeLayer>,
    /// The identity branch when the shape changes.
    pub downsample: Option<Downsample>,
    /// Stochastic depth (`drop_path_rate`).
    pub drop_path: Option<DropPath>,
}

impl Bottleneck {
    /// The middle channels: `out / expansion`, or ResNeXt's `groups × width_per_group × that /
    /// base_channels` when `groups != 1`.
    pub(crate) fn mid_channels(spec: &BlockSpec) -> usize {
        let mid = spec.out_channels / spec.expansion;
        if spec.groups != 1 {
            spec.groups * spec.width_per_group * mid / spec.base_channels
        } else {
            mid
        }
    }

    /// The block of `spec` (checked by the backbone).
    pub(crate) fn build(
        spec: &BlockSpec,
        downsample: Option<Downsample>,
        norms: &Norms,
        ctx: &mut BuildContext,
    ) -> Result<Self, BuildError> {
        let mid = Self::mid_channels(spec);
        let (stride1, stride2) = match spec.style {
            Style::Pytorch => (1, spec.stride),
            Style::Caffe => (spec.stride, 1),
        };
        Ok(Bottleneck {
            conv1: ConvSpec::new(spec.in_channels, mid, 1)
                .stride(stride1)
                .init(ctx)?,
            bn1: norms.build(mid, ctx)?,
            conv2: ConvSpec::new(mid, mid, 3)
                .stride(stride2)
                .padding(spec.dilation)
                .dilation(spec.dilation)
                .groups(spec.groups)
                .init(ctx)?,
            bn2: norms.build(mid, ctx)?,
            conv3: ConvSpec::new(mid, spec.out_channels, 1).init(ctx)?,
            bn3: spec.last_norm(norms.build(spec.out_channels, ctx)?),
            se_layer: match spec.se_ratio {
                Some(ratio) => Some(SeLayer::build(spec.out_channels, ratio, ctx)?),
                None => None,
            },
            downsample,
            drop_path: spec.drop_path(),
        })
    }
}

impl ResBlock for Bottleneck {
    fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let out = conv_norm(&self.conv1, &*self.bn1, x.clone(), None, true);
        let out = conv_norm(&self.conv2, &*self.bn2, out, None, true);
        let identity = identity(x, &self.downsample);
        let drop_path = self.drop_path.as_ref().filter(|drop| drop.is_active(&out));
        if self.se_layer.is_none() && drop_path.is_none() {
            return conv_norm(&self.conv3, &*self.bn3, out, Some(identity), true);
        }
        let mut out = conv_norm(&self.conv3, &*self.bn3, out, None, false);
        if let Some(se_layer) = &self.se_layer {
            out = se_layer.forward(out);
        }
        if let Some(drop_path) = drop_path {
            out = drop_path.forward(out);
        }
        burn::tensor::activation::relu(out + identity)
    }

    fn fuse_conv_bn(&self) -> Box<dyn ResBlock> {
        let (conv1, bn1) = fuse(&self.conv1, &*self.bn1);
        let (conv2, bn2) = fuse(&self.conv2, &*self.bn2);
        let (conv3, bn3) = fuse(&self.conv3, &*self.bn3);
        Box::new(Bottleneck {
            conv1,
            bn1,
            conv2,
            bn2,
            conv3,
            bn3,
            se_layer: self.se_layer.clone(),
            downsample: self.downsample.as_ref().map(Downsample::fuse_conv_bn),
            drop_path: self.drop_path.clone(),
        })
    }
}
