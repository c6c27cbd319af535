//! The input stems: standard (7×7), deep (three 3×3, ResNetV1c/d) and CIFAR (3×3).

use burn::nn::PaddingConfig2d;
use burn::nn::activation::Relu;
use burn::nn::conv::Conv2d;
use burn::nn::pool::{MaxPool2d, MaxPool2dConfig};
use registry_core::{BuildContext, BuildError, NormLayer};

use super::arch::StemKind;
use super::conv::{ConvModule, ConvSpec};
use super::norm::Norms;

/// The parts of a stem, as `ResNet`'s fields hold them.
pub(crate) struct StemParts {
    /// Standard and CIFAR stems: the convolution (`conv1`).
    pub conv1: Option<Conv2d>,
    /// Standard and CIFAR stems: its norm (`bn1`).
    pub bn1: Option<Box<dyn NormLayer>>,
    /// Deep stem: three `ConvModule`s (`stem.0`, `stem.1`, `stem.2`).
    pub stem: Vec<ConvModule>,
    /// Standard and deep stems: 3×3 stride-2 max-pool with padding 1.
    pub maxpool: Option<MaxPool2d>,
}

/// Builds the stem `kind` from `in_channels` to `stem_channels` (at least 2 for a deep stem,
/// checked by the backbone).
pub(crate) fn build_stem(
    kind: StemKind,
    in_channels: usize,
    stem_channels: usize,
    norms: &Norms,
    ctx: &mut BuildContext,
) -> Result<StemParts, BuildError> {
    let maxpool = || {
        MaxPool2dConfig::new([3, 3])
            .with_strides([2, 2])
            .with_padding(PaddingConfig2d::Explicit(1, 1, 1, 1))
            .init()
    };
    Ok(match kind {
        StemKind::Standard | StemKind::Cifar => {
            let (kernel, stride, padding) = match kind {
                StemKind::Standard => (7, 2, 3),
                _ => (3, 1, 1),
            };
            StemParts {
                conv1: Some(
                    ConvSpec::new(in_channels, stem_channels, kernel)
                        .stride(stride)
                        .padding(padding)
                        .init(ctx)?,
                ),
                bn1: Some(norms.build(stem_channels, ctx)?),
                stem: Vec::new(),
                maxpool: (kind == StemKind::Standard).then(maxpool),
            }
        }
        StemKind::Deep => {
            let half = stem_channels / 2;
            let shapes = [
                (in_channels, half, 2),
                (half, half, 1),
                (half, stem_channels, 1),
            ];
            let mut stem = Vec::with_capacity(3);
            for (input, output, stride) in shapes {
                stem.push(ConvModule {
                    conv: ConvSpec::new(input, output, 3)
                        .stride(stride)
                        .padding(1)
                        .init(ctx)?,
                    bn: Some(norms.build(output, ctx)?),
                    activate: Some(Box::new(Relu::new())),
                });
            }
            StemParts {
                conv1: None,
                bn1: None,
                stem,
                maxpool: Some(maxpool()),
            }
        }
    })
}
