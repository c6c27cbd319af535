//! The ResNet family of backbones, after mmpretrain's `resnet.py`, `resnet_cifar.py`,
//! `resnext.py`, `seresnet.py` and `seresnext.py`.
//!
//! One network, [`ResNet`], built by one builder from an architecture ([`Arch`]: depths, block,
//! stem, SE, groups) and the shared config keys ([`ResNetArgs`]). mmpretrain's subclasses are
//! thin registered wrappers around it that fix their defaults, as the Python subclasses do:
//! [`ResNetV1c`], [`ResNetV1d`], [`ResNetCifar`] (`ResNet_CIFAR`), [`ResNeXt`], [`SEResNet`],
//! [`SEResNeXt`]. Wide ResNets are `ResNet` with `base_channels`/`expansion`
//! (`wide-resnet50.py`: `base_channels=128, expansion=2`).
//!
//! # Weight paths
//!
//! Parameters keep torchvision's and mmpretrain's names wherever Burn allows; a block's norm
//! layers are Burn's own layers behind `Box<dyn NormLayer>`, which adds no path segment:
//!
//! | here | torchvision | mmpretrain (`backbone.` prefix) |
//! |---|---|---|
//! | `conv1.weight` | `conv1.weight` | `conv1.weight` |
//! | `bn1.{gamma,beta,running_mean,running_var}` | `bn1.{weight,bias,running_mean,running_var}` | same as torchvision (`gn1.` … for other norms) |
//! | `stem.{i}.conv.weight`, `stem.{i}.bn.*` (deep stem) | — | `stem.{i}.conv.weight`, `stem.{i}.bn.*` |
//! | `layer{s}.{b}.conv{1,2,3}.weight` | same | same |
//! | `layer{s}.{b}.bn{1,2,3}.*` | same (weight/bias) | same |
//! | `layer{s}.0.downsample.conv.weight` | `layer{s}.0.downsample.0.weight` | `downsample.0.weight` (`downsample.1.weight` with `avg_down`) |
//! | `layer{s}.0.downsample.bn.*` | `layer{s}.0.downsample.1.*` | `downsample.1.*` (`downsample.2.*` with `avg_down`) |
//! | `layer{s}.{b}.se_layer.conv{1,2}.conv.{weight,bias}` | — | same |
//!
//! Norm parameters are Burn's `gamma`/`beta` for PyTorch's `weight`/`bias` (burn-store's
//! PyTorch adapter renames them), and Linear weights are stored transposed (`[in, out]`).
//! BatchNorm's `num_batches_tracked` has no counterpart.
//!
//! # Initialisation
//!
//! As mmpretrain's default `init_cfg` and torchvision: convolutions Kaiming-normal (`fan_out`,
//! ReLU gain; PyTorch's fan for grouped convolutions), norm weights 1 and biases 0, and with
//! `zero_init_residual` (mmpretrain's default: `True`) the last norm weight of every block 0.
//! Parameters are lazy: nothing is allocated until a parameter is first used, so building and
//! counting even a ResNet-152 is instant. A backbone's `init_cfg` is applied by
//! [`Backbone::init_weights`](registry_core::Backbone::init_weights) (then `zero_init_residual`
//! again, unless a checkpoint is loaded), never when it is built.

mod arch;
mod args_check;
mod basic_block;
mod block;
mod bottleneck;
mod config;
mod conv;
mod downsample;
mod drop_path;
mod fused;
mod init;
mod max_pool;
mod modes;
mod norm;
mod resnet;
mod resnet_cifar;
mod resnext;
mod se_layer;
mod seresnet;
mod stem;
mod transparent;

pub use arch::{Arch, BlockKind, StemKind, Style};
pub use basic_block::BasicBlock;
pub use block::{ResBlock, ResBlockKind};
pub use bottleneck::Bottleneck;
pub use config::ResNetArgs;
pub use conv::ConvModule;
pub use downsample::Downsample;
pub use drop_path::DropPath;
pub use resnet::{ResNet, ResNetConfig, ResNetV1c, ResNetV1d, ResNetVariantConfig};
pub use resnet_cifar::{ResNetCifar, ResNetCifarConfig};
pub use resnext::{ResNeXt, ResNeXtConfig};
pub use se_layer::SeLayer;
pub use seresnet::{SEResNeXt, SEResNeXtConfig, SEResNet, SEResNetConfig};
