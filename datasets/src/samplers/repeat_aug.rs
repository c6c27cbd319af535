//! `RepeatAugSampler` (mmpretrain, from DeiT): each chosen sample several times in a row, so that
//! its augmented versions land in one epoch.

use registry_core::{BuildContext, BuildError, Buildable, register_module};
use serde::Deserialize;

use super::permutation;
use crate::registries::DATA_SAMPLERS;
use crate::sampler::DataSampler;

/// The config of `RepeatAugSampler`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RepeatAugSamplerConfig {
    /// Shuffle every epoch (otherwise always the same first part of the dataset).
    #[serde(default = "crate::dataset::yes")]
    pub shuffle: bool,
    /// How many times each chosen sample repeats.
    #[serde(default = "three")]
    pub num_repeats: usize,
    /// The shuffling seed; `None`: the loader's seed (`randomness.seed`).
    #[serde(default)]
    pub seed: Option<u64>,
}

fn three() -> usize {
    3
}

/// On one process: the epoch's order (shuffled by `seed + epoch`) with each index repeated
/// `num_repeats` times, cut to the dataset's length.
#[register_module(DATA_SAMPLERS)]
#[derive(Debug)]
pub struct RepeatAugSampler {
    shuffle: bool,
    num_repeats: usize,
    seed: Option<u64>,
}

impl Buildable for RepeatAugSampler {
    type Config = RepeatAugSamplerConfig;

    fn build(config: Self::Config, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        if !(1..=1024).contains(&config.num_repeats) {
            let got = config.num_repeats;
            return Err(ctx.invalid("num_repeats", format!("expected 1 to 1024, got {got}")));
        }
        Ok(RepeatAugSampler {
            shuffle: config.shuffle,
            num_repeats: config.num_repeats,
            seed: config.seed,
        })
    }
}

impl DataSampler for RepeatAugSampler {
    fn indices(&self, len: usize, epoch: u64, seed: u64) -> Box<dyn Iterator<Item = usize> + Send> {
        let order = match self.shuffle {
            true => permutation(len, self.seed.unwrap_or(seed).wrapping_add(epoch)),
            false => (0..len).collect(),
        };
        let repeats = self.num_repeats;
        Box::new(
            order
                .into_iter()
                .flat_map(move |i| std::iter::repeat_n(i, repeats))
                .take(len),
        )
    }
}
