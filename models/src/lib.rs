//! The ResNet family and classifier parts built from configs.

pub mod backbones;

pub use backbones::{ResNeXt, ResNet, ResNetCifar, ResNetV1c, ResNetV1d, SEResNeXt, SEResNet};
