//! `RandomResizedCrop` (mmpretrain): a crop of random area and aspect ratio, resized.

use rand::RngExt;
use rand::rngs::StdRng;
use registry_core::{BuildContext, BuildError, Buildable, register_module};
use serde::Deserialize;

use super::common::{IntOrPair, bilinear, check_resize, cv2};
use crate::registries::TRANSFORMS;
use crate::resize::{Backend, Interpolation, ResizeMethod, resize};
use crate::sample::Sample;
use crate::transform::Transform;

/// The config of `RandomResizedCrop`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RandomResizedCropConfig {
    /// The output size: `int` for a square, or `(h, w)`.
    pub scale: IntOrPair,
    /// The crop's area as a fraction of the image's, `(min, max)`.
    #[serde(default = "crop_ratio")]
    pub crop_ratio_range: [f64; 2],
    /// The crop's width / height, `(min, max)`.
    #[serde(default = "aspect_ratio")]
    pub aspect_ratio_range: [f64; 2],
    /// Draws before falling back to a central crop.
    #[serde(default = "ten")]
    pub max_attempts: u32,
    /// `nearest`, `bilinear`, `bicubic`, `lanczos` (`area` is refused); pillow also `box`, `hamming`.
    #[serde(default = "bilinear")]
    pub interpolation: Interpolation,
    /// `cv2` (OpenCV's arithmetic) or `pillow` (Pillow's, antialiased).
    #[serde(default = "cv2")]
    pub backend: Backend,
}

fn crop_ratio() -> [f64; 2] {
    [0.08, 1.0]
}
fn aspect_ratio() -> [f64; 2] {
    [3.0 / 4.0, 4.0 / 3.0]
}
fn ten() -> u32 {
    10
}

/// Crops a random area (8–100 % by default) of random aspect ratio (3/4–4/3), then resizes it to
/// `scale`; after `max_attempts` failed draws, a central crop clamped to the ratio range.
#[register_module(TRANSFORMS)]
#[derive(Debug)]
pub struct RandomResizedCrop {
    height: usize,
    width: usize,
    area: [f64; 2],
    log_ratio: [f64; 2],
    ratio: [f64; 2],
    max_attempts: u32,
    method: ResizeMethod,
}

impl Buildable for RandomResizedCrop {
    type Config = RandomResizedCropConfig;

    fn build(config: Self::Config, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let (height, width) = config.scale.positive("scale", ctx)?;
        for (key, [a, b]) in [
            ("crop_ratio_range", config.crop_ratio_range),
            ("aspect_ratio_range", config.aspect_ratio_range),
        ] {
            if !(a.is_finite() && b.is_finite() && a > 0.0 && a <= b) {
                return Err(ctx.invalid(
                    key,
                    format!("expected a range (min, max) with 0 < min ≤ max, got ({a}, {b})"),
                ));
            }
        }
        let method = check_resize(config.backend, config.interpolation, ctx)?;
        let ratio = config.aspect_ratio_range;
        Ok(RandomResizedCrop {
            height,
            width,
            area: config.crop_ratio_range,
            log_ratio: [ratio[0].ln(), ratio[1].ln()],
            ratio,
            max_attempts: config.max_attempts,
            method,
        })
    }
}

impl RandomResizedCrop {
    /// `(top, left, height, width)` of the crop, as mmpretrain's `rand_crop_params`.
    pub fn crop_params(
        &self,
        h: usize,
        w: usize,
        rng: &mut StdRng,
    ) -> (usize, usize, usize, usize) {
        let uniform = |rng: &mut StdRng, [a, b]: [f64; 2]| a + (b - a) * rng.random::<f64>();
        let area = (h * w) as f64;
        for _ in 0..self.max_attempts {
            let target_area = uniform(rng, self.area) * area;
            let aspect = uniform(rng, self.log_ratio).exp();
            let tw = (target_area * aspect).sqrt().round_ties_even() as usize;
            let th = (target_area / aspect).sqrt().round_ties_even() as usize;
            if 0 < tw && tw <= w && 0 < th && th <= h {
                let top = rng.random_range(0..=h - th);
                let left = rng.random_range(0..=w - tw);
                return (top, left, th, tw);
            }
        }
        let in_ratio = w as f64 / h as f64;
        let (th, tw) = if in_ratio < self.ratio[0] {
            (((w as f64) / self.ratio[0]).round_ties_even() as usize, w)
        } else if in_ratio > self.ratio[1] {
            (h, ((h as f64) * self.ratio[1]).round_ties_even() as usize)
        } else {
            (h, w)
        };
        let (th, tw) = (th.clamp(1, h), tw.clamp(1, w));
        ((h - th) / 2, (w - tw) / 2, th, tw)
    }
}

impl Transform for RandomResizedCrop {
    fn name(&self) -> &'static str {
        "RandomResizedCrop"
    }

    fn transform(&self, mut sample: Sample, rng: &mut StdRng) -> Result<Sample, String> {
        let image = sample.image()?;
        if image.height == 0 || image.width == 0 {
            return Err("the image is empty".into());
        }
        let (top, left, th, tw) = self.crop_params(image.height, image.width, rng);
        let crop = image.crop(top, left, th, tw);
        sample.set_image(resize(&crop, self.width, self.height, self.method)?);
        Ok(sample)
    }
}
