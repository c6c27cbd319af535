//! `ResizeEdge` (mmpretrain): resizes so that one edge has a given length, keeping the ratio.

use rand::rngs::StdRng;
use registry_core::{BuildContext, BuildError, Buildable, register_module};
use serde::Deserialize;

use super::common::{bilinear, check_resize, cv2, resize_sample};
use crate::registries::TRANSFORMS;
use crate::resize::{Backend, Interpolation, ResizeMethod};
use crate::sample::Sample;
use crate::transform::Transform;

/// The config of `ResizeEdge`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ResizeEdgeConfig {
    /// The length of the chosen edge after resizing.
    pub scale: i64,
    /// `short`, `long`, `width` or `height`.
    #[serde(default = "short")]
    pub edge: String,
    /// `cv2` (OpenCV's arithmetic) or `pillow` (Pillow's, antialiased).
    #[serde(default = "cv2")]
    pub backend: Backend,
    /// `nearest`, `bilinear`, `bicubic`, `lanczos` (`area` is refused); pillow also `box`, `hamming`.
    #[serde(default = "bilinear")]
    pub interpolation: Interpolation,
}

fn short() -> String {
    "short".into()
}

/// Resizes so that `edge` measures `scale`; the other edge is `int(scale · other / edge)`
/// (truncated, as mmpretrain). Sets `scale` and `scale_factor`.
#[register_module(TRANSFORMS)]
#[derive(Debug)]
pub struct ResizeEdge {
    scale: usize,
    edge: &'static str,
    method: ResizeMethod,
}

impl Buildable for ResizeEdge {
    type Config = ResizeEdgeConfig;

    fn build(config: Self::Config, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        if !(1..=1 << 20).contains(&config.scale) {
            return Err(ctx.invalid(
                "scale",
                format!("expected a length in 1..=1048576, got {}", config.scale),
            ));
        }
        let edge = match config.edge.as_str() {
            "short" => "short",
            "long" => "long",
            "width" => "width",
            "height" => "height",
            other => {
                return Err(ctx.invalid(
                    "edge",
                    format!("expected 'short', 'long', 'width' or 'height', got '{other}'"),
                ));
            }
        };
        let method = check_resize(config.backend, config.interpolation, ctx)?;
        Ok(ResizeEdge {
            scale: config.scale as usize,
            edge,
            method,
        })
    }
}

impl ResizeEdge {
    /// The `(width, height)` an `h` × `w` image is resized to.
    pub fn target(&self, h: usize, w: usize) -> (usize, usize) {
        let s = self.scale;
        let by_width = match self.edge {
            "short" => w < h,
            "long" => w > h,
            "width" => true,
            _ => false,
        };
        if by_width {
            (s, (s as f64 * h as f64 / w as f64) as usize)
        } else {
            ((s as f64 * w as f64 / h as f64) as usize, s)
        }
    }
}

impl Transform for ResizeEdge {
    fn name(&self) -> &'static str {
        "ResizeEdge"
    }

    fn transform(&self, sample: Sample, _: &mut StdRng) -> Result<Sample, String> {
        let image = sample.image()?;
        let size = self.target(image.height, image.width);
        resize_sample(sample, size, self.method)
    }
}
