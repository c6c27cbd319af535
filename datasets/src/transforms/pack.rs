//! `PackInputs` (mmpretrain): the image to CHW `inputs`, the chosen metadata kept.

use rand::rngs::StdRng;
use registry_core::{BuildContext, BuildError, Buildable, register_module};
use serde::Deserialize;

use crate::registries::TRANSFORMS;
use crate::sample::{Packed, Sample};
use crate::transform::Transform;

/// mmpretrain's `DEFAULT_META_KEYS`.
pub const DEFAULT_META_KEYS: [&str; 7] = [
    "sample_idx",
    "img_path",
    "ori_shape",
    "img_shape",
    "scale_factor",
    "flip",
    "flip_direction",
];

/// The config of `PackInputs`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct PackInputsConfig {
    /// The field packed as the input: only `img`.
    #[serde(default = "img")]
    pub input_key: String,
    /// Extra fields for the data sample (kept in the metadata when the sample has them).
    #[serde(default)]
    pub algorithm_keys: Vec<String>,
    /// Fields kept as metadata, when the sample has them.
    #[serde(default = "meta_keys")]
    pub meta_keys: Vec<String>,
}

fn img() -> String {
    "img".into()
}
fn meta_keys() -> Vec<String> {
    DEFAULT_META_KEYS.iter().map(|k| k.to_string()).collect()
}

/// Lays the image out as `C × H × W` (grey as one channel) in `inputs`; keeps `gt_label` and
/// the `meta_keys` the sample has.
#[register_module(TRANSFORMS)]
#[derive(Debug)]
pub struct PackInputs {
    keys: Vec<String>,
}

impl Buildable for PackInputs {
    type Config = PackInputsConfig;

    fn build(config: Self::Config, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        if config.input_key != "img" {
            return Err(ctx.invalid(
                "input_key",
                format!("only 'img' can be packed, got '{}'", config.input_key),
            ));
        }
        Ok(PackInputs {
            keys: config
                .algorithm_keys
                .into_iter()
                .chain(config.meta_keys)
                .collect(),
        })
    }
}

impl Transform for PackInputs {
    fn name(&self) -> &'static str {
        "PackInputs"
    }

    fn transform(&self, mut sample: Sample, _: &mut StdRng) -> Result<Sample, String> {
        let image = sample.image()?;
        sample.inputs = Some(Packed {
            shape: [image.channels, image.height, image.width],
            data: image.to_chw(),
        });
        for key in &self.keys {
            if let Some(value) = sample.meta(key) {
                sample.metainfo.insert(key.clone(), value);
            }
        }
        sample.img = None;
        Ok(sample)
    }
}
