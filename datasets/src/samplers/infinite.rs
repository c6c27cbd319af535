//! `InfiniteSampler` (mmengine): an endless stream of indices, for iteration-based loops.

use registry_core::{BuildContext, BuildError, Buildable, register_module};
use serde::Deserialize;

use super::permutation;
use crate::registries::DATA_SAMPLERS;
use crate::sampler::DataSampler;

/// The config of `InfiniteSampler`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct InfiniteSamplerConfig {
    /// Shuffle each pass.
    #[serde(default = "crate::dataset::yes")]
    pub shuffle: bool,
    /// The seed; `None`: the loader's seed (`randomness.seed`).
    #[serde(default)]
    pub seed: Option<u64>,
}

/// Passes over the dataset without end: each a new permutation from one generator seeded once
/// (the epoch is ignored, as mmengine's `set_epoch` is a no-op here), or `0..len` repeated.
#[register_module(DATA_SAMPLERS)]
#[derive(Debug)]
pub struct InfiniteSampler {
    shuffle: bool,
    seed: Option<u64>,
}

impl Buildable for InfiniteSampler {
    type Config = InfiniteSamplerConfig;

    fn build(config: Self::Config, _: &mut BuildContext) -> Result<Self, BuildError> {
        Ok(InfiniteSampler {
            shuffle: config.shuffle,
            seed: config.seed,
        })
    }
}

impl DataSampler for InfiniteSampler {
    fn indices(
        &self,
        len: usize,
        _epoch: u64,
        seed: u64,
    ) -> Box<dyn Iterator<Item = usize> + Send> {
        if len == 0 {
            return Box::new(std::iter::empty());
        }
        let (shuffle, seed) = (self.shuffle, self.seed.unwrap_or(seed));
        Box::new((0u64..).flat_map(move |pass| {
            if shuffle {
                permutation(
                    len,
                    seed.wrapping_add(pass.wrapping_mul(0x9E37_79B9_7F4A_7C15)),
                )
            } else {
                (0..len).collect()
            }
        }))
    }

    fn is_infinite(&self) -> bool {
        true
    }
}
