//! `Resize` (mmcv): to a fixed size, by a factor, or within bounds keeping the ratio.

use rand::rngs::StdRng;
use registry_core::{BuildContext, BuildError, Buildable, register_module};
use serde::Deserialize;

use super::common::{IntOrPair, bilinear, check_resize, cv2, resize_sample};
use crate::registries::TRANSFORMS;
use crate::resize::{Backend, Interpolation, ResizeMethod};
use crate::sample::Sample;
use crate::transform::Transform;

/// A factor or a pair `(w, h)` of factors.
#[derive(Debug, Clone, Copy, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum FactorConfig {
    /// Both ways.
    One(f64),
    /// `(w, h)`.
    Two([f64; 2]),
}

/// The config of `Resize`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ResizeConfig {
    /// The size `(w, h)` (an `int` for a square); wins over `scale_factor`.
    #[serde(default)]
    pub scale: Option<IntOrPair>,
    /// Factors `(w, h)` (a float for both), used when `scale` is not set.
    #[serde(default)]
    pub scale_factor: Option<FactorConfig>,
    /// Keep the aspect ratio: the largest size within `scale` (long edge ≤ max, short ≤ min).
    #[serde(default)]
    pub keep_ratio: bool,
    /// For boxes; accepted, no effect on images.
    #[serde(default = "yes")]
    pub clip_object_border: bool,
    /// `cv2` (OpenCV's arithmetic) or `pillow` (Pillow's, antialiased).
    #[serde(default = "cv2")]
    pub backend: Backend,
    /// `nearest`, `bilinear`, `bicubic`, `lanczos` (`area` is refused); pillow also `box`, `hamming`.
    #[serde(default = "bilinear")]
    pub interpolation: Interpolation,
}

fn yes() -> bool {
    true
}

/// How the target size is found.
#[derive(Debug, Clone, Copy)]
enum Target {
    Size(usize, usize),
    Factor(f64, f64),
}

/// Resizes `img` to `scale` `(w, h)` or by `scale_factor`; with `keep_ratio`, as mmcv's
/// `imrescale`. Sets `scale_factor`.
#[register_module(TRANSFORMS)]
#[derive(Debug)]
pub struct Resize {
    target: Target,
    keep_ratio: bool,
    method: ResizeMethod,
}

impl Buildable for Resize {
    type Config = ResizeConfig;

    fn build(config: Self::Config, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let target = match (config.scale, config.scale_factor) {
            (Some(scale), _) => {
                let (w, h) = scale.positive("scale", ctx)?;
                Target::Size(w, h)
            }
            (None, Some(factor)) => {
                let (fw, fh) = match factor {
                    FactorConfig::One(f) => (f, f),
                    FactorConfig::Two([w, h]) => (w, h),
                };
                if !(fw > 0.0 && fh > 0.0 && fw <= 1024.0 && fh <= 1024.0) {
                    return Err(ctx.invalid(
                        "scale_factor",
                        format!("expected factors in (0, 1024], got ({fw}, {fh})"),
                    ));
                }
                Target::Factor(fw, fh)
            }
            (None, None) => {
                return Err(ctx.invalid_here("`scale` and `scale_factor` cannot both be None"));
            }
        };
        let method = check_resize(config.backend, config.interpolation, ctx)?;
        Ok(Resize {
            target,
            keep_ratio: config.keep_ratio,
            method,
        })
    }
}

/// mmcv's `_scale_size`: `int(x · f + 0.5)`.
fn scaled(x: usize, f: f64) -> usize {
    (x as f64 * f + 0.5) as usize
}

impl Resize {
    /// The `(width, height)` an `h` × `w` image is resized to.
    pub fn target(&self, h: usize, w: usize) -> (usize, usize) {
        let (sw, sh) = match self.target {
            Target::Size(sw, sh) => (sw, sh),
            Target::Factor(fw, fh) => (scaled(w, fw), scaled(h, fh)),
        };
        if !self.keep_ratio {
            return (sw, sh);
        }
        let (long, short) = (sw.max(sh) as f64, sw.min(sh) as f64);
        let factor = (long / h.max(w) as f64).min(short / h.min(w) as f64);
        (scaled(w, factor), scaled(h, factor))
    }
}

impl Transform for Resize {
    fn name(&self) -> &'static str {
        "Resize"
    }

    fn transform(&self, sample: Sample, _: &mut StdRng) -> Result<Sample, String> {
        let image = sample.image()?;
        let size = self.target(image.height, image.width);
        resize_sample(sample, size, self.method)
    }
}
