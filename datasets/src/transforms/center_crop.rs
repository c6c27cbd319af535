//! `CenterCrop` (mmcv): the central `crop_size` rectangle.

use rand::rngs::StdRng;
use registry_core::{BuildContext, BuildError, Buildable, register_module};
use serde::Deserialize;
use serde_json::Value;

use super::common::IntOrPair;
use crate::pad::{Padding, PaddingMode, pad};
use crate::registries::TRANSFORMS;
use crate::sample::Sample;
use crate::transform::Transform;

/// The config of `CenterCrop`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct CenterCropConfig {
    /// The crop: `int` for a square, or `(w, h)`.
    pub crop_size: IntOrPair,
    /// Pad images smaller than the crop (bottom and right, with zeros) instead of cropping less.
    #[serde(default)]
    pub auto_pad: bool,
    /// The padding transform for `auto_pad`: only mmcv's default `{type: 'Pad'}`.
    #[serde(default)]
    pub pad_cfg: Option<Value>,
    /// For boxes; accepted, no effect on images.
    #[serde(default = "yes")]
    pub clip_object_border: bool,
}

fn yes() -> bool {
    true
}

/// Crops the central `crop_size` `(w, h)`; offsets `round((size − crop) / 2)` (ties to even, as
/// Python's `round`). Without `auto_pad`, an image smaller than the crop is cropped less.
#[register_module(TRANSFORMS)]
#[derive(Debug)]
pub struct CenterCrop {
    width: usize,
    height: usize,
    auto_pad: bool,
}

impl Buildable for CenterCrop {
    type Config = CenterCropConfig;

    fn build(config: Self::Config, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let (width, height) = config.crop_size.positive("crop_size", ctx)?;
        match &config.pad_cfg {
            None | Some(Value::Null) => {}
            Some(v)
                if v.as_object().is_some_and(|m| {
                    m.len() == 1 && m.get("type") == Some(&Value::from("Pad"))
                }) => {}
            Some(v) => {
                return Err(ctx.invalid(
                    "pad_cfg",
                    format!("only {{type: 'Pad'}} (mmcv's default) is supported, got {v}"),
                ));
            }
        }
        Ok(CenterCrop {
            width,
            height,
            auto_pad: config.auto_pad,
        })
    }
}

impl CenterCrop {
    /// `(top, left, height, width)` of the crop in an `h` × `w` image.
    pub fn window(&self, h: usize, w: usize) -> (usize, usize, usize, usize) {
        let (ch, cw) = (self.height.min(h), self.width.min(w));
        let top = ((h - ch) as f64 / 2.0).round_ties_even() as usize;
        let left = ((w - cw) as f64 / 2.0).round_ties_even() as usize;
        (top, left, ch, cw)
    }
}

impl Transform for CenterCrop {
    fn name(&self) -> &'static str {
        "CenterCrop"
    }

    fn transform(&self, mut sample: Sample, _: &mut StdRng) -> Result<Sample, String> {
        let mut image = sample.image()?.clone();
        if self.auto_pad && (image.height < self.height || image.width < self.width) {
            let bottom = self.height.saturating_sub(image.height);
            let right = self.width.saturating_sub(image.width);
            image = pad(
                &image,
                Padding {
                    bottom,
                    right,
                    ..Padding::default()
                },
                PaddingMode::Constant,
                &[0],
            )?;
        }
        let (top, left, h, w) = self.window(image.height, image.width);
        sample.set_image(image.crop(top, left, h, w));
        Ok(sample)
    }
}
