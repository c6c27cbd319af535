//! [`SEResNet`] and [`SEResNeXt`]: ResNet and ResNeXt with squeeze-and-excitation.

use registry_core::{BACKBONES, BuildContext, BuildError, Buildable, register_module};

use super::arch::{Arch, BOTTLENECK_DEPTHS, StemKind};
use super::config::resnet_config;
use super::resnet::{ResNet, build_resnet};
use super::resnext::{default_groups, default_width_per_group};
use super::transparent::transparent_resnet;

resnet_config! {
    /// The config of `SEResNet`: the shared keys, `deep_stem`, `avg_down` and `se_ratio`.
    pub struct SEResNetConfig {
        /// Replace the 7×7 stem convolution with three 3×3 ones.
        #[serde(default)]
        pub deep_stem: bool,
        /// Downsample with an average pool and a stride-1 convolution.
        #[serde(default)]
        pub avg_down: bool,
        /// Squeeze ratio of the SE layers.
        #[serde(default = "default_se_ratio")]
        pub se_ratio: usize,
    }
}

resnet_config! {
    /// The config of `SEResNeXt`: [`SEResNetConfig`]'s keys, `groups` and `width_per_group`.
    pub struct SEResNeXtConfig {
        /// Replace the 7×7 stem convolution with three 3×3 ones.
        #[serde(default)]
        pub deep_stem: bool,
        /// Downsample with an average pool and a stride-1 convolution.
        #[serde(default)]
        pub avg_down: bool,
        /// Squeeze ratio of the SE layers.
        #[serde(default = "default_se_ratio")]
        pub se_ratio: usize,
        /// Groups of each Bottleneck's 3×3 convolution.
        #[serde(default = "default_groups")]
        pub groups: usize,
        /// Channels per group of that convolution in the first stage.
        #[serde(default = "default_width_per_group")]
        pub width_per_group: usize,
    }
}

fn default_se_ratio() -> usize {
    16
}

fn stem(deep_stem: bool) -> StemKind {
    if deep_stem {
        StemKind::Deep
    } else {
        StemKind::Standard
    }
}

/// SEResNet backbone, depths 50, 101, 152 (mmpretrain's `SEResNet`).
///
/// Unlike mmpretrain, whose `SEBottleneck` builds a drop path but never applies it,
/// `drop_path_rate` takes effect here as in every other member of the family.
#[register_module(BACKBONES)]
#[derive(Debug, Clone)]
pub struct SEResNet(pub ResNet);

transparent_resnet!(SEResNet);

impl Buildable for SEResNet {
    type Config = SEResNetConfig;

    fn build(config: SEResNetConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let arch = Arch {
            name: "SEResNet",
            depths: BOTTLENECK_DEPTHS,
            se_ratio: Some(config.se_ratio),
            ..Arch::resnet(stem(config.deep_stem), config.avg_down)
        };
        build_resnet(config.args(), &arch, ctx).map(SEResNet)
    }
}

/// SEResNeXt backbone, depths 50, 101, 152 (mmpretrain's `SEResNeXt`).
#[register_module(BACKBONES)]
#[derive(Debug, Clone)]
pub struct SEResNeXt(pub ResNet);

transparent_resnet!(SEResNeXt);

impl Buildable for SEResNeXt {
    type Config = SEResNeXtConfig;

    fn build(config: SEResNeXtConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let arch = Arch {
            name: "SEResNeXt",
            depths: BOTTLENECK_DEPTHS,
            se_ratio: Some(config.se_ratio),
            groups: config.groups,
            width_per_group: config.width_per_group,
            ..Arch::resnet(stem(config.deep_stem), config.avg_down)
        };
        build_resnet(config.args(), &arch, ctx).map(SEResNeXt)
    }
}
