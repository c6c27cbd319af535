//! mmcv's and mmpretrain's image transforms, registered in `TRANSFORMS`.

mod augment;
mod center_crop;
mod common;
mod load;
mod pack;
mod rand_augment;
mod random_crop;
mod random_flip;
mod random_resized_crop;
mod resize;
mod resize_edge;

pub use augment::{
    AutoContrast, Brightness, ColorTransform, Contrast, Direction, EnhanceConfig, Equalize, Invert,
    MagnitudeStd, PlainConfig, Posterize, PosterizeConfig, Rotate, RotateConfig, Sharpness, Shear,
    ShiftConfig, Solarize, SolarizeAdd, SolarizeAddConfig, SolarizeConfig, Translate,
};
pub use center_crop::CenterCrop;
pub use common::IntOrPair;
pub use load::LoadImageFromFile;
pub use pack::PackInputs;
pub use rand_augment::{Policies, RandAugment, RandAugmentConfig};
pub use random_crop::{PadValue, RandomCrop};
pub use random_flip::RandomFlip;
pub use random_resized_crop::RandomResizedCrop;
pub use resize::Resize;
pub use resize_edge::ResizeEdge;
