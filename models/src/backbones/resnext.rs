//! [`ResNeXt`]: ResNet with grouped, wider 3×3 convolutions.

use registry_core::{BACKBONES, BuildContext, BuildError, Buildable, register_module};

use super::arch::{Arch, BOTTLENECK_DEPTHS, StemKind};
use super::config::resnet_config;
use super::resnet::{ResNet, build_resnet};
use super::transparent::transparent_resnet;

resnet_config! {
    /// The config of `ResNeXt`: the shared keys, `deep_stem`, `avg_down`, `groups` and
    /// `width_per_group` (`32x4d` is `groups=32, width_per_group=4`).
    pub struct ResNeXtConfig {
        /// Replace the 7×7 stem convolution with three 3×3 ones.
        #[serde(default)]
        pub deep_stem: bool,
        /// Downsample with an average pool and a stride-1 convolution.
        #[serde(default)]
        pub avg_down: bool,
        /// Groups of each Bottleneck's 3×3 convolution.
        #[serde(default = "default_groups")]
        pub groups: usize,
        /// Channels per group of that convolution in the first stage.
        #[serde(default = "default_width_per_group")]
        pub width_per_group: usize,
    }
}

pub(crate) fn default_groups() -> usize {
    32
}

pub(crate) fn default_width_per_group() -> usize {
    4
}

/// ResNeXt backbone, depths 50, 101, 152 (mmpretrain's `ResNeXt`).
#[register_module(BACKBONES)]
#[derive(Debug, Clone)]
pub struct ResNeXt(pub ResNet);

transparent_resnet!(ResNeXt);

impl Buildable for ResNeXt {
    type Config = ResNeXtConfig;

    fn build(config: ResNeXtConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let stem = if config.deep_stem {
            StemKind::Deep
        } else {
            StemKind::Standard
        };
        let arch = Arch {
            name: "ResNeXt",
            depths: BOTTLENECK_DEPTHS,
            groups: config.groups,
            width_per_group: config.width_per_group,
            ..Arch::resnet(stem, config.avg_down)
        };
        build_resnet(config.args(), &arch, ctx).map(ResNeXt)
    }
}
