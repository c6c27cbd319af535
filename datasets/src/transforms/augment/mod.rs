//! mmpretrain's RandAugment operations (`mmpretrain/datasets/transforms/auto_augment.py`),
//! each registered in `TRANSFORMS` under its mmpretrain name.

mod base;
mod enhance;
mod geometric;
mod histogram;
mod pixel;

pub use base::{MagnitudeStd, PlainConfig};
pub use enhance::{Brightness, ColorTransform, Contrast, EnhanceConfig, Sharpness};
pub use geometric::{Direction, Rotate, RotateConfig, Shear, ShiftConfig, Translate};
pub use histogram::{AutoContrast, Equalize, Invert};
pub use pixel::{
    Posterize, PosterizeConfig, Solarize, SolarizeAdd, SolarizeAddConfig, SolarizeConfig,
};
