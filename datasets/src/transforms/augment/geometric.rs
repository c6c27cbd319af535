//! mmpretrain's geometric operations, each a `cv2.warpAffine` as mmcv calls it: `Rotate`
//! (`imrotate`), `Shear` (`imshear`) and `Translate` (`imtranslate`).

use rand::rngs::StdRng;
use registry_core::{BuildContext, BuildError, Buildable, register_module};
use serde::Deserialize;

use super::base::{Aug, aug_config, check_finite, half};
use crate::image::Image;
use crate::registries::TRANSFORMS;
use crate::resize::Interpolation;
use crate::sample::Sample;
use crate::transform::Transform;
use crate::transforms::random_crop::PadValue;
use crate::warp_affine::{WarpInterpolation, warp_affine};

/// `'horizontal'` or `'vertical'`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Along the width.
    Horizontal,
    /// Along the height.
    Vertical,
}

fn horizontal() -> Direction {
    Direction::Horizontal
}
fn nearest() -> Interpolation {
    Interpolation::Nearest
}
fn bicubic() -> Interpolation {
    Interpolation::Bicubic
}
fn gray() -> PadValue {
    PadValue::One(128.0)
}

/// The warp of mmcv's `interpolation` name (`area` is bilinear in `cv2.warpAffine`).
fn warp_interpolation(
    interpolation: Interpolation,
    ctx: &BuildContext,
) -> Result<WarpInterpolation, BuildError> {
    match interpolation {
        Interpolation::Nearest => Ok(WarpInterpolation::Nearest),
        Interpolation::Bilinear | Interpolation::Area => Ok(WarpInterpolation::Bilinear),
        Interpolation::Bicubic => Ok(WarpInterpolation::Bicubic),
        other => Err(ctx.invalid(
            "interpolation",
            format!("{other:?} is not supported in a warp; expected 'nearest', 'bilinear', 'bicubic' or 'area'")
                .to_lowercase(),
        )),
    }
}

/// cv2's `saturate_cast<uchar>` of a border value.
fn saturate(v: f64) -> u8 {
    v.round_ties_even().clamp(0.0, 255.0) as u8
}

/// Checks `pad_val`: finite, at most 4 values (cv2's `Scalar`).
fn check_pad(pad_val: PadValue, ctx: &BuildContext) -> Result<PadValue, BuildError> {
    let values = match &pad_val {
        PadValue::One(v) => std::slice::from_ref(v),
        PadValue::PerChannel(values) => values.as_slice(),
    };
    if values.len() > 4 || !values.iter().all(|v| v.is_finite()) {
        return Err(ctx.invalid(
            "pad_val",
            format!("expected a number or up to 4 numbers, got {values:?}"),
        ));
    }
    Ok(pad_val)
}

/// The border `imshear`/`imtranslate` pass to cv2: one number for every channel, or exactly
/// one per channel (first 3 kept).
fn border_per_channel(pad_val: &PadValue, channels: usize) -> Result<[u8; 4], String> {
    let mut border = [0; 4];
    match pad_val {
        PadValue::One(v) => border
            .iter_mut()
            .take(channels.min(3))
            .for_each(|b| *b = saturate(*v)),
        PadValue::PerChannel(values) if values.len() == channels => border
            .iter_mut()
            .zip(values.iter().take(3))
            .for_each(|(b, v)| *b = saturate(*v)),
        PadValue::PerChannel(values) => {
            return Err(format!(
                "pad_val has {} values for an image of {channels} channels (mmcv asserts they match)",
                values.len()
            ));
        }
    }
    Ok(border)
}

/// The border `imrotate` passes to cv2 as given: a number is cv2's `Scalar(v)`, which fills
/// the first channel only (the others 0); a list fills channel by channel.
fn border_as_scalar(pad_val: &PadValue) -> [u8; 4] {
    let mut border = [0; 4];
    match pad_val {
        PadValue::One(v) => border[0] = saturate(*v),
        PadValue::PerChannel(values) => border
            .iter_mut()
            .zip(values)
            .for_each(|(b, v)| *b = saturate(*v)),
    }
    border
}

/// The image warped by `matrix`, with the border `border` gives for it.
fn warp(
    image: &Image,
    matrix: [f64; 6],
    interpolation: WarpInterpolation,
    border: impl FnOnce(&Image) -> Result<[u8; 4], String>,
) -> Result<Image, String> {
    if image.channels > 4 {
        return Err(format!(
            "cv2.warpAffine takes at most 4 channels, got {}",
            image.channels
        ));
    }
    Ok(warp_affine(image, matrix, interpolation, border(image)?))
}

aug_config! {
    /// The config of `Rotate`.
    pub struct RotateConfig {
        /// The angle in degrees, positive clockwise; `None` to draw it from `magnitude_range`.
        #[serde(default)]
        pub angle: Option<f64>,
        /// The centre `(x, y)` in the source; `None` for the image's centre.
        #[serde(default)]
        pub center: Option<[f64; 2]>,
        /// An isotropic scale.
        #[serde(default = "one")]
        pub scale: f64,
        /// The border: a number is cv2's `Scalar(v)` (first channel only, as mmcv passes it), a
        /// list one value per channel.
        #[serde(default = "gray")]
        pub pad_val: PadValue,
        /// The probability that the angle is negated.
        #[serde(default = "half")]
        pub random_negative_prob: f64,
        /// `nearest`, `bilinear`, `bicubic` or `area` (bilinear).
        #[serde(default = "nearest")]
        pub interpolation: Interpolation,
    }
}

fn one() -> f64 {
    1.0
}

/// Rotates the image about `center` (mmpretrain's `Rotate`: mmcv's `imrotate`,
/// `cv2.getRotationMatrix2D(center, -angle, scale)` then `cv2.warpAffine`).
#[register_module(TRANSFORMS)]
#[derive(Debug)]
pub struct Rotate {
    aug: Aug,
    center: Option<[f64; 2]>,
    scale: f64,
    pad_val: PadValue,
    interpolation: WarpInterpolation,
}

impl Buildable for Rotate {
    type Config = RotateConfig;

    fn build(config: RotateConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let aug = config.aug_args().with_magnitude(
            ("angle", config.angle),
            config.random_negative_prob,
            ctx,
        )?;
        if let Some(center) = config.center {
            center
                .iter()
                .try_for_each(|&v| check_finite(v, "center", ctx).map(drop))?;
        }
        Ok(Rotate {
            aug,
            center: config.center,
            scale: check_finite(config.scale, "scale", ctx)?,
            pad_val: check_pad(config.pad_val, ctx)?,
            interpolation: warp_interpolation(config.interpolation, ctx)?,
        })
    }
}

/// `cv2.getRotationMatrix2D(center, angle, scale)` (the centre as OpenCV's `Point2f`).
fn rotation_matrix([cx, cy]: [f64; 2], angle: f64, scale: f64) -> [f64; 6] {
    let (cx, cy) = (cx as f32 as f64, cy as f32 as f64);
    let radians = angle * std::f64::consts::PI / 180.0;
    let (alpha, beta) = (radians.cos() * scale, radians.sin() * scale);
    [
        alpha,
        beta,
        (1.0 - alpha) * cx - beta * cy,
        -beta,
        alpha,
        beta * cx + (1.0 - alpha) * cy,
    ]
}

impl Transform for Rotate {
    fn name(&self) -> &'static str {
        "Rotate"
    }

    fn transform(&self, sample: Sample, rng: &mut StdRng) -> Result<Sample, String> {
        self.aug.apply(sample, rng, |image, angle| {
            let (h, w) = image.shape();
            let center = self
                .center
                .unwrap_or([(w as f64 - 1.0) * 0.5, (h as f64 - 1.0) * 0.5]);
            let matrix = rotation_matrix(center, -angle, self.scale);
            warp(image, matrix, self.interpolation, |_| {
                Ok(border_as_scalar(&self.pad_val))
            })
        })
    }
}

aug_config! {
    /// The config of `Shear` and `Translate`.
    pub struct ShiftConfig {
        /// The magnitude (Shear: the shear factor; Translate: the offset as a fraction of the
        /// size); `None` to draw it from `magnitude_range`.
        #[serde(default)]
        pub magnitude: Option<f64>,
        /// The border: a number for every channel, or one per channel.
        #[serde(default = "gray")]
        pub pad_val: PadValue,
        /// `horizontal` or `vertical`.
        #[serde(default = "horizontal")]
        pub direction: Direction,
        /// The probability that the magnitude is negated.
        #[serde(default = "half")]
        pub random_negative_prob: f64,
        /// `nearest`, `bilinear`, `bicubic` or `area` (bilinear); by default `bicubic` for
        /// Shear, `nearest` for Translate (`None`: the default).
        #[serde(default)]
        pub interpolation: Option<Interpolation>,
    }
}

/// What `Shear` and `Translate` keep once built.
#[derive(Debug)]
struct Shift {
    aug: Aug,
    pad_val: PadValue,
    direction: Direction,
    interpolation: WarpInterpolation,
}

impl Shift {
    fn build(
        config: ShiftConfig,
        default: Interpolation,
        ctx: &BuildContext,
    ) -> Result<Self, BuildError> {
        Ok(Shift {
            aug: config.aug_args().with_magnitude(
                ("magnitude", config.magnitude),
                config.random_negative_prob,
                ctx,
            )?,
            interpolation: warp_interpolation(config.interpolation.unwrap_or(default), ctx)?,
            pad_val: check_pad(config.pad_val, ctx)?,
            direction: config.direction,
        })
    }

    /// Draws, then warps by the matrix `matrix(magnitude, (h, w))` gives.
    fn apply(
        &self,
        sample: Sample,
        rng: &mut StdRng,
        matrix: impl FnOnce(f64, (usize, usize)) -> [f64; 6],
    ) -> Result<Sample, String> {
        self.aug.apply(sample, rng, |image, magnitude| {
            let matrix = matrix(magnitude, image.shape());
            warp(image, matrix, self.interpolation, |image| {
                border_per_channel(&self.pad_val, image.channels)
            })
        })
    }
}

/// An affine matrix given as `np.float32`, as mmcv builds its shear and translation matrices.
fn float32(m: [f64; 6]) -> [f64; 6] {
    m.map(|v| v as f32 as f64)
}

/// Shears the image (mmpretrain's `Shear`: mmcv's `imshear`, the matrix `[[1, m, 0], [0, 1,
/// 0]]` (horizontal) or `[[1, 0, 0], [m, 1, 0]]` (vertical)).
#[register_module(TRANSFORMS)]
#[derive(Debug)]
pub struct Shear(Shift);

impl Buildable for Shear {
    type Config = ShiftConfig;

    fn build(config: ShiftConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        Shift::build(config, bicubic(), ctx).map(Shear)
    }
}

impl Transform for Shear {
    fn name(&self) -> &'static str {
        "Shear"
    }

    fn transform(&self, sample: Sample, rng: &mut StdRng) -> Result<Sample, String> {
        let direction = self.0.direction;
        self.0.apply(sample, rng, |m, _| match direction {
            Direction::Horizontal => float32([1.0, m, 0.0, 0.0, 1.0, 0.0]),
            Direction::Vertical => float32([1.0, 0.0, 0.0, m, 1.0, 0.0]),
        })
    }
}

/// Translates the image by `magnitude` × its width (horizontal) or height (vertical)
/// (mmpretrain's `Translate`: mmcv's `imtranslate`).
#[register_module(TRANSFORMS)]
#[derive(Debug)]
pub struct Translate(Shift);

impl Buildable for Translate {
    type Config = ShiftConfig;

    fn build(config: ShiftConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        Shift::build(config, nearest(), ctx).map(Translate)
    }
}

impl Transform for Translate {
    fn name(&self) -> &'static str {
        "Translate"
    }

    fn transform(&self, sample: Sample, rng: &mut StdRng) -> Result<Sample, String> {
        let direction = self.0.direction;
        self.0.apply(sample, rng, |m, (h, w)| match direction {
            Direction::Horizontal => float32([1.0, 0.0, m * w as f64, 0.0, 1.0, 0.0]),
            Direction::Vertical => float32([1.0, 0.0, 0.0, 0.0, 1.0, m * h as f64]),
        })
    }
}
