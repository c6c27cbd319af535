//! `DefaultSampler` (mmengine): each epoch once through the dataset, shuffled by `seed + epoch`.

use registry_core::{BuildContext, BuildError, Buildable, register_module};
use serde::Deserialize;

use super::permutation;
use crate::registries::DATA_SAMPLERS;
use crate::sampler::DataSampler;

/// The config of `DefaultSampler`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct DefaultSamplerConfig {
    /// Shuffle every epoch.
    #[serde(default = "crate::dataset::yes")]
    pub shuffle: bool,
    /// The shuffling seed; `None`: the loader's seed (`randomness.seed`).
    #[serde(default)]
    pub seed: Option<u64>,
    /// Pad to a multiple of the number of processes; one process here, so no effect.
    #[serde(default = "crate::dataset::yes")]
    pub round_up: bool,
}

/// Every index once per epoch: in order, or shuffled by a generator seeded with `seed + epoch`.
#[register_module(DATA_SAMPLERS)]
#[derive(Debug)]
pub struct DefaultSampler {
    shuffle: bool,
    seed: Option<u64>,
}

impl Buildable for DefaultSampler {
    type Config = DefaultSamplerConfig;

    fn build(config: Self::Config, _: &mut BuildContext) -> Result<Self, BuildError> {
        Ok(DefaultSampler {
            shuffle: config.shuffle,
            seed: config.seed,
        })
    }
}

impl DataSampler for DefaultSampler {
    fn indices(&self, len: usize, epoch: u64, seed: u64) -> Box<dyn Iterator<Item = usize> + Send> {
        if !self.shuffle {
            return Box::new(0..len);
        }
        let seed = self.seed.unwrap_or(seed).wrapping_add(epoch);
        Box::new(permutation(len, seed).into_iter())
    }
}
