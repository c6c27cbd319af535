//! `RandomCrop` (mmpretrain): optional padding, then a crop at a random place.

use rand::RngExt;
use rand::rngs::StdRng;
use registry_core::{BuildContext, BuildError, Buildable, register_module};
use serde::Deserialize;

use super::common::IntOrPair;
use crate::pad::{Padding, PaddingMode, pad};
use crate::registries::TRANSFORMS;
use crate::sample::Sample;
use crate::transform::Transform;

/// `pad_val`: one value, or one per channel.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum PadValue {
    /// The same for every channel.
    One(f64),
    /// Per channel.
    PerChannel(Vec<f64>),
}

/// `padding`: all sides, `(left/right, top/bottom)`, or `(left, top, right, bottom)`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum PaddingConfig {
    /// Every side.
    One(i64),
    /// Two or four values.
    Many(Vec<i64>),
}

/// The config of `RandomCrop`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RandomCropConfig {
    /// The crop: `int` for a square, or `(h, w)`.
    pub crop_size: IntOrPair,
    /// Constant padding added first (mmcv's `impad` with `pad_val`), or none.
    #[serde(default)]
    pub padding: Option<PaddingConfig>,
    /// Pad (per `padding_mode`) when the image is smaller than the crop.
    #[serde(default)]
    pub pad_if_needed: bool,
    /// The constant fill.
    #[serde(default = "zero")]
    pub pad_val: PadValue,
    /// `constant`, `edge`, `reflect` or `symmetric`, for `pad_if_needed`.
    #[serde(default = "constant")]
    pub padding_mode: PaddingMode,
}

fn zero() -> PadValue {
    PadValue::One(0.0)
}
fn constant() -> PaddingMode {
    PaddingMode::Constant
}

/// Pads by `padding` (constant), pads to the crop size if `pad_if_needed`, then crops
/// `crop_size` at a random place (the whole image where it is smaller than the crop).
#[register_module(TRANSFORMS)]
#[derive(Debug)]
pub struct RandomCrop {
    height: usize,
    width: usize,
    padding: Option<Padding>,
    pad_if_needed: bool,
    pad_val: Vec<u8>,
    padding_mode: PaddingMode,
}

impl Buildable for RandomCrop {
    type Config = RandomCropConfig;

    fn build(config: Self::Config, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let (height, width) = config.crop_size.positive("crop_size", ctx)?;
        let padding = config.padding.map(|p| padding(p, ctx)).transpose()?;
        Ok(RandomCrop {
            height,
            width,
            padding,
            pad_if_needed: config.pad_if_needed,
            pad_val: pad_values(config.pad_val, ctx)?,
            padding_mode: config.padding_mode,
        })
    }
}

/// mmcv's `impad` padding forms.
fn padding(config: PaddingConfig, ctx: &BuildContext) -> Result<Padding, BuildError> {
    let values = match config {
        PaddingConfig::One(p) => vec![p; 4],
        PaddingConfig::Many(v) if v.len() == 2 => vec![v[0], v[1], v[0], v[1]],
        PaddingConfig::Many(v) if v.len() == 4 => v,
        PaddingConfig::Many(v) => {
            return Err(ctx.invalid(
                "padding",
                format!("expected an int, 2 or 4 values, got {} values", v.len()),
            ));
        }
    };
    if values.iter().any(|&p| !(0..=1 << 16).contains(&p)) {
        return Err(ctx.invalid(
            "padding",
            format!("expected values in 0..=65536, got {values:?}"),
        ));
    }
    let v: Vec<usize> = values.into_iter().map(|p| p as usize).collect();
    Ok(Padding {
        left: v[0],
        top: v[1],
        right: v[2],
        bottom: v[3],
    })
}

/// Fill values as bytes; each must be in 0..=255.
pub(crate) fn pad_values(value: PadValue, ctx: &BuildContext) -> Result<Vec<u8>, BuildError> {
    let values = match value {
        PadValue::One(v) => vec![v],
        PadValue::PerChannel(v) if !v.is_empty() => v,
        PadValue::PerChannel(_) => {
            return Err(ctx.invalid("pad_val", "expected a value or a non-empty list"));
        }
    };
    values
        .into_iter()
        .map(|v| match (0.0..=255.0).contains(&v) {
            true => Ok(v as u8),
            false => Err(ctx.invalid(
                "pad_val",
                format!("expected values in 0..=255 for 8-bit images, got {v}"),
            )),
        })
        .collect()
}

impl Transform for RandomCrop {
    fn name(&self) -> &'static str {
        "RandomCrop"
    }

    fn transform(&self, mut sample: Sample, rng: &mut StdRng) -> Result<Sample, String> {
        let mut image = sample.image()?.clone();
        if let Some(padding) = self.padding {
            image = pad(&image, padding, PaddingMode::Constant, &self.pad_val)?;
        }
        if self.pad_if_needed {
            let h = self.height.saturating_sub(image.height).div_ceil(2);
            let w = self.width.saturating_sub(image.width).div_ceil(2);
            let padding = Padding {
                left: w,
                top: h,
                right: w,
                bottom: h,
            };
            image = pad(&image, padding, self.padding_mode, &self.pad_val)?;
        }
        let (th, tw) = (self.height.min(image.height), self.width.min(image.width));
        let top = rng.random_range(0..=image.height - th);
        let left = rng.random_range(0..=image.width - tw);
        sample.set_image(image.crop(top, left, th, tw));
        Ok(sample)
    }
}
