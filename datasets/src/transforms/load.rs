//! `LoadImageFromFile` (mmcv): reads `img_path` into `img`, BGR by default.

use rand::rngs::StdRng;
use registry_core::{BuildContext, BuildError, Buildable, register_module};
use serde::Deserialize;
use serde_json::Value;

use crate::decode::{ColorType, decode};
use crate::registries::TRANSFORMS;
use crate::sample::Sample;
use crate::transform::Transform;

/// The config of `LoadImageFromFile`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct LoadImageFromFileConfig {
    /// Convert to float32 (accepted; images stay 8-bit, packed to float later).
    #[serde(default)]
    pub to_float32: bool,
    /// `color` (BGR), `grayscale`, `unchanged`, or `…_ignore_orientation`.
    #[serde(default = "color")]
    pub color_type: String,
    /// `cv2` or `pillow` (both decoded by the `image` crate).
    #[serde(default = "cv2")]
    pub imdecode_backend: String,
    /// Only local files: `None` or `{backend: 'local'}`.
    #[serde(default)]
    pub file_client_args: Option<Value>,
    /// Skip missing files: not supported (`false` only).
    #[serde(default)]
    pub ignore_empty: bool,
    /// Only local files: `None` or `{backend: 'local'}`.
    #[serde(default)]
    pub backend_args: Option<Value>,
}

fn color() -> String {
    "color".into()
}

fn cv2() -> String {
    "cv2".into()
}

/// Loads the image at `img_path`; sets `img`, `img_shape` and `ori_shape`.
#[register_module(TRANSFORMS)]
#[derive(Debug)]
pub struct LoadImageFromFile {
    color: ColorType,
    orient: bool,
}

impl Buildable for LoadImageFromFile {
    type Config = LoadImageFromFileConfig;

    fn build(config: Self::Config, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        let (color, orient) = match config.color_type.as_str() {
            "color" => (ColorType::Color, true),
            "color_ignore_orientation" => (ColorType::Color, false),
            "grayscale" => (ColorType::Grayscale, true),
            "grayscale_ignore_orientation" => (ColorType::Grayscale, false),
            "unchanged" => (ColorType::Unchanged, false),
            other => return Err(ctx.invalid("color_type", format!(
                "expected one of 'color', 'grayscale', 'unchanged', 'color_ignore_orientation', 'grayscale_ignore_orientation', got '{other}'"))),
        };
        if !matches!(config.imdecode_backend.as_str(), "cv2" | "pillow") {
            return Err(ctx.invalid(
                "imdecode_backend",
                format!(
                    "expected 'cv2' or 'pillow', got '{}'",
                    config.imdecode_backend
                ),
            ));
        }
        if config.ignore_empty {
            return Err(ctx.invalid(
                "ignore_empty",
                "skipping missing files is not supported; a missing file is an error",
            ));
        }
        for (key, value) in [
            ("file_client_args", &config.file_client_args),
            ("backend_args", &config.backend_args),
        ] {
            check_local(key, value.as_ref(), ctx)?;
        }
        Ok(LoadImageFromFile { color, orient })
    }
}

/// Only local files are read.
fn check_local(key: &str, value: Option<&Value>, ctx: &BuildContext) -> Result<(), BuildError> {
    match value {
        None | Some(Value::Null) => Ok(()),
        Some(v) if v.get("backend").and_then(Value::as_str) == Some("local") => Ok(()),
        Some(v) => Err(ctx.invalid(
            key,
            format!("only local files are read (backend 'local'), got {v}"),
        )),
    }
}

impl Transform for LoadImageFromFile {
    fn name(&self) -> &'static str {
        "LoadImageFromFile"
    }

    fn transform(&self, mut sample: Sample, _: &mut StdRng) -> Result<Sample, String> {
        let path = sample
            .img_path
            .clone()
            .ok_or("the sample has no `img_path` to load")?;
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let image = decode(&bytes, &path, self.color, self.orient).map_err(|e| e.to_string())?;
        sample.ori_shape = Some(image.shape());
        sample.set_image(image);
        Ok(sample)
    }
}
