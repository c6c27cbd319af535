//! [`ResNetCifar`]: ResNet for small (CIFAR-sized) images.

use registry_core::{BACKBONES, BuildContext, BuildError, Buildable, register_module};

use super::arch::{Arch, StemKind};
use super::config::resnet_config;
use super::resnet::{ResNet, build_resnet};
use super::transparent::transparent_resnet;

resnet_config! {
    /// The config of `ResNet_CIFAR`: the shared keys, `deep_stem` (must stay `False`) and
    /// `avg_down`.
    pub struct ResNetCifarConfig {
        /// Not supported by this network's stem; `True` is an error, as in mmpretrain.
        #[serde(default)]
        pub deep_stem: bool,
        /// Downsample with an average pool and a stride-1 convolution.
        #[serde(default)]
        pub avg_down: bool,
    }
}

/// ResNet backbone for CIFAR: a 3×3 stride-1 stem convolution and no max-pool
/// (mmpretrain's `ResNet_CIFAR`).
#[register_module(BACKBONES, name = "ResNet_CIFAR")]
#[derive(Debug, Clone)]
pub struct ResNetCifar(pub ResNet);

transparent_resnet!(ResNetCifar);

impl Buildable for ResNetCifar {
    type Config = ResNetCifarConfig;

    fn build(config: ResNetCifarConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        if config.deep_stem {
            return Err(ctx.invalid("deep_stem", "ResNet_CIFAR does not support deep_stem"));
        }
        let arch = Arch {
            name: "ResNet_CIFAR",
            ..Arch::resnet(StemKind::Cifar, config.avg_down)
        };
        build_resnet(config.args(), &arch, ctx).map(ResNetCifar)
    }
}
