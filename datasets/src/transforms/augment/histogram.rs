//! mmpretrain's operations without a magnitude: `AutoContrast`, `Equalize` and `Invert`.

use rand::rngs::StdRng;
use registry_core::{BuildContext, BuildError, Buildable, register_module};

use super::base::{Aug, PlainConfig};
use crate::photometric::{auto_contrast, equalize, invert};
use crate::registries::TRANSFORMS;
use crate::sample::Sample;
use crate::transform::Transform;

/// Stretches each channel to 0–255 (mmcv's `auto_contrast`, no cut-off), with probability
/// `prob`.
#[register_module(TRANSFORMS)]
#[derive(Debug)]
pub struct AutoContrast(Aug);

/// Equalises each channel's histogram (mmcv's `imequalize`), with probability `prob`.
#[register_module(TRANSFORMS)]
#[derive(Debug)]
pub struct Equalize(Aug);

/// Inverts the image (`255 - img`), with probability `prob`.
#[register_module(TRANSFORMS)]
#[derive(Debug)]
pub struct Invert(Aug);

impl Buildable for AutoContrast {
    type Config = PlainConfig;

    fn build(config: PlainConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        config.aug_args().plain(ctx).map(AutoContrast)
    }
}

impl Buildable for Equalize {
    type Config = PlainConfig;

    fn build(config: PlainConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        config.aug_args().plain(ctx).map(Equalize)
    }
}

impl Buildable for Invert {
    type Config = PlainConfig;

    fn build(config: PlainConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        config.aug_args().plain(ctx).map(Invert)
    }
}

impl Transform for AutoContrast {
    fn name(&self) -> &'static str {
        "AutoContrast"
    }

    fn transform(&self, sample: Sample, rng: &mut StdRng) -> Result<Sample, String> {
        self.0
            .apply(sample, rng, |image, _| Ok(auto_contrast(image)))
    }
}

impl Transform for Equalize {
    fn name(&self) -> &'static str {
        "Equalize"
    }

    fn transform(&self, sample: Sample, rng: &mut StdRng) -> Result<Sample, String> {
        self.0.apply(sample, rng, |image, _| Ok(equalize(image)))
    }
}

impl Transform for Invert {
    fn name(&self) -> &'static str {
        "Invert"
    }

    fn transform(&self, sample: Sample, rng: &mut StdRng) -> Result<Sample, String> {
        self.0.apply(sample, rng, |image, _| Ok(invert(image)))
    }
}
