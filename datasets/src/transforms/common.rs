//! Config value forms the transforms share.

use registry_core::{BuildContext, BuildError};
use serde::Deserialize;

use crate::resize::{Backend, Interpolation, ResizeMethod, resize};
use crate::sample::Sample;

/// An `int` or a pair `(a, b)`, as mmcv's sizes are written.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum IntOrPair {
    /// One value for both.
    One(i64),
    /// Two values, in the order the transform documents.
    Two([i64; 2]),
}

impl IntOrPair {
    /// Both values, each checked positive; errors name `key`.
    pub fn positive(self, key: &str, ctx: &BuildContext) -> Result<(usize, usize), BuildError> {
        let (a, b) = match self {
            IntOrPair::One(a) => (a, a),
            IntOrPair::Two([a, b]) => (a, b),
        };
        if a <= 0 || b <= 0 || a > 1 << 20 || b > 1 << 20 {
            return Err(ctx.invalid(
                key,
                format!("expected sizes in 1..=1048576, got ({a}, {b})"),
            ));
        }
        Ok((a as usize, b as usize))
    }
}

/// The resize method of `backend` and `interpolation`; errors name the key at fault.
pub fn check_resize(
    backend: Backend,
    interpolation: Interpolation,
    ctx: &BuildContext,
) -> Result<ResizeMethod, BuildError> {
    ResizeMethod::new(backend, interpolation).map_err(|why| ctx.invalid("interpolation", why))
}

pub(crate) fn cv2() -> Backend {
    Backend::Cv2
}

pub(crate) fn bilinear() -> Interpolation {
    Interpolation::Bilinear
}

/// The sample's image resized to `width × height` by `method`, with mmcv's `scale_factor`
/// (new over old width and height) recorded: what `Resize` and `ResizeEdge` do once they know
/// the size.
pub(super) fn resize_sample(
    mut sample: Sample,
    (width, height): (usize, usize),
    method: ResizeMethod,
) -> Result<Sample, String> {
    let image = sample.image()?;
    let resized = resize(image, width, height, method)?;
    sample.scale_factor = Some((
        width as f64 / image.width as f64,
        height as f64 / image.height as f64,
    ));
    sample.set_image(resized);
    Ok(sample)
}
