//! mmpretrain's blends with a degenerate image, at factor `1 + magnitude`: `ColorTransform`
//! (with the grey image), `Contrast` (the grey mean), `Brightness` (black) and `Sharpness`
//! (a smoothed copy).

use rand::rngs::StdRng;
use registry_core::{BuildContext, BuildError, Buildable, register_module};

use super::base::{Aug, aug_config, half};
use crate::photometric::{adjust_brightness, adjust_color, adjust_contrast, adjust_sharpness};
use crate::registries::TRANSFORMS;
use crate::sample::Sample;
use crate::transform::Transform;

aug_config! {
    /// The config of `ColorTransform`, `Contrast`, `Brightness` and `Sharpness`.
    pub struct EnhanceConfig {
        /// The blend factor is `1 + magnitude` (0: the image unchanged); `None` to draw it from
        /// `magnitude_range`.
        #[serde(default)]
        pub magnitude: Option<f64>,
        /// The probability that the magnitude is negated.
        #[serde(default = "half")]
        pub random_negative_prob: f64,
    }
}

impl EnhanceConfig {
    fn build(self, ctx: &BuildContext) -> Result<Aug, BuildError> {
        self.aug_args().with_magnitude(
            ("magnitude", self.magnitude),
            self.random_negative_prob,
            ctx,
        )
    }
}

/// Blends the image with its grey version (mmcv's `adjust_color`), with probability `prob`.
#[register_module(TRANSFORMS)]
#[derive(Debug)]
pub struct ColorTransform(Aug);

/// Blends the image with its grey mean (mmcv's `adjust_contrast`), with probability `prob`.
#[register_module(TRANSFORMS)]
#[derive(Debug)]
pub struct Contrast(Aug);

/// Blends the image with black (mmcv's `adjust_brightness`), with probability `prob`.
#[register_module(TRANSFORMS)]
#[derive(Debug)]
pub struct Brightness(Aug);

/// Blends the image with a smoothed copy (mmcv's `adjust_sharpness`), with probability `prob`.
#[register_module(TRANSFORMS)]
#[derive(Debug)]
pub struct Sharpness(Aug);

impl Buildable for ColorTransform {
    type Config = EnhanceConfig;

    fn build(config: EnhanceConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        config.build(ctx).map(ColorTransform)
    }
}

impl Buildable for Contrast {
    type Config = EnhanceConfig;

    fn build(config: EnhanceConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        config.build(ctx).map(Contrast)
    }
}

impl Buildable for Brightness {
    type Config = EnhanceConfig;

    fn build(config: EnhanceConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        config.build(ctx).map(Brightness)
    }
}

impl Buildable for Sharpness {
    type Config = EnhanceConfig;

    fn build(config: EnhanceConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        config.build(ctx).map(Sharpness)
    }
}

impl Transform for ColorTransform {
    fn name(&self) -> &'static str {
        "ColorTransform"
    }

    fn transform(&self, sample: Sample, rng: &mut StdRng) -> Result<Sample, String> {
        self.0
            .apply(sample, rng, |image, m| adjust_color(image, 1.0 + m))
    }
}

impl Transform for Contrast {
    fn name(&self) -> &'static str {
        "Contrast"
    }

    fn transform(&self, sample: Sample, rng: &mut StdRng) -> Result<Sample, String> {
        self.0
            .apply(sample, rng, |image, m| adjust_contrast(image, 1.0 + m))
    }
}

impl Transform for Brightness {
    fn name(&self) -> &'static str {
        "Brightness"
    }

    fn transform(&self, sample: Sample, rng: &mut StdRng) -> Result<Sample, String> {
        self.0.apply(sample, rng, |image, m| {
            Ok(adjust_brightness(image, 1.0 + m))
        })
    }
}

impl Transform for Sharpness {
    fn name(&self) -> &'static str {
        "Sharpness"
    }

    fn transform(&self, sample: Sample, rng: &mut StdRng) -> Result<Sample, String> {
        self.0
            .apply(sample, rng, |image, m| Ok(adjust_sharpness(image, 1.0 + m)))
    }
}
