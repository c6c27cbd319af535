//! mmpretrain's per-value operations with a magnitude: `Posterize`, `Solarize` and
//! `SolarizeAdd` (never negated: mmpretrain fixes `random_negative_prob=0` for them).

use rand::rngs::StdRng;
use registry_core::{BuildContext, BuildError, Buildable, register_module};

use super::base::{Aug, aug_config, check_finite};
use crate::photometric::{posterize, solarize, solarize_add};
use crate::registries::TRANSFORMS;
use crate::sample::Sample;
use crate::transform::Transform;

aug_config! {
    /// The config of `Posterize`.
    pub struct PosterizeConfig {
        /// The bits kept per value (≤ 8, rounded up); `None` to draw them from `magnitude_range`.
        #[serde(default)]
        pub bits: Option<f64>,
    }
}

/// Keeps the top `ceil(bits)` bits of each value (mmcv's `posterize`), with probability `prob`.
#[register_module(TRANSFORMS)]
#[derive(Debug)]
pub struct Posterize(Aug);

impl Buildable for Posterize {
    type Config = PosterizeConfig;

    fn build(config: PosterizeConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        if let Some(bits) = config.bits.filter(|bits| bits.is_nan() || *bits > 8.0) {
            return Err(ctx.invalid("bits", format!("expected at most 8, got {bits}")));
        }
        config
            .aug_args()
            .with_magnitude(("bits", config.bits), 0.0, ctx)
            .map(Posterize)
    }
}

impl Transform for Posterize {
    fn name(&self) -> &'static str {
        "Posterize"
    }

    fn transform(&self, sample: Sample, rng: &mut StdRng) -> Result<Sample, String> {
        // `ceil` as mmpretrain (to align with timm), saturating far outside 0..=8.
        self.0.apply(sample, rng, |image, bits| {
            Ok(posterize(image, bits.ceil() as i64))
        })
    }
}

aug_config! {
    /// The config of `Solarize`.
    pub struct SolarizeConfig {
        /// Values at or above it are inverted; `None` to draw it from `magnitude_range`.
        #[serde(default)]
        pub thr: Option<f64>,
    }
}

/// Inverts the values at or above `thr` (mmcv's `solarize`), with probability `prob`.
#[register_module(TRANSFORMS)]
#[derive(Debug)]
pub struct Solarize(Aug);

impl Buildable for Solarize {
    type Config = SolarizeConfig;

    fn build(config: SolarizeConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        config
            .aug_args()
            .with_magnitude(("thr", config.thr), 0.0, ctx)
            .map(Solarize)
    }
}

impl Transform for Solarize {
    fn name(&self) -> &'static str {
        "Solarize"
    }

    fn transform(&self, sample: Sample, rng: &mut StdRng) -> Result<Sample, String> {
        self.0
            .apply(sample, rng, |image, thr| Ok(solarize(image, thr)))
    }
}

aug_config! {
    /// The config of `SolarizeAdd`.
    pub struct SolarizeAddConfig {
        /// Added to the values below `thr`; `None` to draw it from `magnitude_range`.
        #[serde(default)]
        pub magnitude: Option<f64>,
        /// The threshold.
        #[serde(default = "thr_128")]
        pub thr: f64,
    }
}

fn thr_128() -> f64 {
    128.0
}

/// Adds `magnitude` to the values below `thr`, capped at 255 (mmpretrain's `SolarizeAdd`),
/// with probability `prob`.
#[register_module(TRANSFORMS)]
#[derive(Debug)]
pub struct SolarizeAdd {
    aug: Aug,
    thr: f64,
}

impl Buildable for SolarizeAdd {
    type Config = SolarizeAddConfig;

    fn build(config: SolarizeAddConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        Ok(SolarizeAdd {
            thr: check_finite(config.thr, "thr", ctx)?,
            aug: config
                .aug_args()
                .with_magnitude(("magnitude", config.magnitude), 0.0, ctx)?,
        })
    }
}

impl Transform for SolarizeAdd {
    fn name(&self) -> &'static str {
        "SolarizeAdd"
    }

    fn transform(&self, sample: Sample, rng: &mut StdRng) -> Result<Sample, String> {
        self.aug.apply(sample, rng, |image, magnitude| {
            Ok(solarize_add(image, magnitude, self.thr))
        })
    }
}
