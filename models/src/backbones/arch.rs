//! What distinguishes the members of the ResNet family: depths, block, stem, SE and groups.

use schemars::JsonSchema;
use serde::Deserialize;

/// The residual block of an architecture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// Two 3×3 convolutions (ResNet-18/34); expansion 1.
    Basic,
    /// 1×1, 3×3 (grouped for ResNeXt), 1×1 convolutions (ResNet-50 and deeper); expansion 4.
    Bottleneck,
}

impl BlockKind {
    /// mmpretrain's default expansion of the block (`get_expansion`).
    pub fn default_expansion(self) -> usize {
        match self {
            BlockKind::Basic => 1,
            BlockKind::Bottleneck => 4,
        }
    }

    /// The block's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            BlockKind::Basic => "BasicBlock",
            BlockKind::Bottleneck => "Bottleneck",
        }
    }
}

/// The input stem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StemKind {
    /// A 7×7 stride-2 convolution, norm, ReLU, then a 3×3 stride-2 max-pool.
    Standard,
    /// Three 3×3 convolutions (`stem`), the first with stride 2, then the max-pool (`deep_stem`).
    Deep,
    /// A 3×3 stride-1 convolution, norm and ReLU, no max-pool (`ResNet_CIFAR`).
    Cifar,
}

/// Where a Bottleneck strides: `pytorch` in its 3×3 convolution, `caffe` in its first 1×1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    /// The 3×3 convolution strides (torchvision's ResNet v1.5).
    #[default]
    Pytorch,
    /// The first 1×1 convolution strides (the original ResNet).
    Caffe,
}

/// One member of the family, as its mmpretrain class defines it.
#[derive(Debug, Clone)]
pub struct Arch {
    /// The registered name, for messages.
    pub name: &'static str,
    /// `depth → (block, blocks per stage)` (mmpretrain's `arch_settings`).
    pub depths: &'static [(usize, BlockKind, [usize; 4])],
    /// The input stem.
    pub stem: StemKind,
    /// Downsample with an average pool and a stride-1 convolution (`avg_down`).
    pub avg_down: bool,
    /// Groups of each Bottleneck's 3×3 convolution (ResNeXt); 1 for ResNet.
    pub groups: usize,
    /// Channels per group of that convolution (ResNeXt).
    pub width_per_group: usize,
    /// Squeeze-and-excitation in every Bottleneck with this ratio (SEResNet).
    pub se_ratio: Option<usize>,
}

/// ResNet's `arch_settings`: depths 18 to 152.
pub(crate) const RESNET_DEPTHS: &[(usize, BlockKind, [usize; 4])] = &[
    (18, BlockKind::Basic, [2, 2, 2, 2]),
    (34, BlockKind::Basic, [3, 4, 6, 3]),
    (50, BlockKind::Bottleneck, [3, 4, 6, 3]),
    (101, BlockKind::Bottleneck, [3, 4, 23, 3]),
    (152, BlockKind::Bottleneck, [3, 8, 36, 3]),
];

/// ResNeXt's and SEResNet's `arch_settings`: Bottleneck depths only.
pub(crate) const BOTTLENECK_DEPTHS: &[(usize, BlockKind, [usize; 4])] = &[
    (50, BlockKind::Bottleneck, [3, 4, 6, 3]),
    (101, BlockKind::Bottleneck, [3, 4, 23, 3]),
    (152, BlockKind::Bottleneck, [3, 8, 36, 3]),
];

impl Arch {
    /// Plain ResNet (mmpretrain's `ResNet`, i.e. ResNet v1b).
    pub fn resnet(stem: StemKind, avg_down: bool) -> Self {
        Arch {
            name: "ResNet",
            depths: RESNET_DEPTHS,
            stem,
            avg_down,
            groups: 1,
            width_per_group: 64,
            se_ratio: None,
        }
    }
}
