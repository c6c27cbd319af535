//! The keys of an mmengine `*_dataloader` dict.

use serde::Deserialize;
use serde_json::Value;

/// An mmengine dataloader dict: `batch_size`, `num_workers`, `dataset`, `sampler`, ….
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataLoaderConfig {
    /// Samples per batch.
    pub batch_size: usize,
    /// Threads decoding and transforming samples in parallel; 0: the calling thread.
    #[serde(default)]
    pub num_workers: usize,
    /// The dataset, built through `DATASETS`.
    pub dataset: Value,
    /// The sampler, built through `DATA_SAMPLERS` (required, as in mmengine).
    pub sampler: Option<Value>,
    /// Batches the workers load ahead of the one in use (with `num_workers` > 0).
    #[serde(default = "two")]
    pub prefetch_factor: usize,
    /// Accepted: the worker threads always persist across epochs.
    #[serde(default)]
    pub persistent_workers: bool,
    /// Drop the last, incomplete batch of an epoch.
    #[serde(default)]
    pub drop_last: bool,
    /// Accepted; no effect.
    #[serde(default)]
    pub pin_memory: bool,
    /// `default_collate` or `pseudo_collate` (both stack into one tensor here).
    #[serde(default)]
    pub collate_fn: Option<Value>,
    /// Not supported: `None` only.
    #[serde(default)]
    pub batch_sampler: Option<Value>,
}

fn two() -> usize {
    2
}
