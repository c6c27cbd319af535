//! The seam through which the runner gets its data: a [`DataSource`] builds the dataloader of a
//! config's `train_dataloader`/`val_dataloader`/`test_dataloader` as batches of [`ClsBatch`].
//!
//! [`DatasetsData`] serves every dataset of the datasets crate's `DATASETS` and the explicit
//! `SyntheticTextures` type; [`BuiltinData`] builds `SyntheticTextures` alone.

mod checked;
mod gate;
mod images;
mod synthetic;

use std::sync::Arc;

use anyhow::{Context, anyhow, bail};
use burn::data::dataloader::{DataLoader, DataLoaderBuilder};
use burn::tensor::{Device, Int, Tensor};
use registry_core::KeyPath;
use serde_json::Value;

pub use checked::{BatchCheck, CheckedLoader};
pub use gate::{IntervalLoader, IterationChunks};
pub use images::DatasetsData;
pub use synthetic::{ImageShape, SyntheticTextures, TextureBatcher, TextureItem, distinct_classes};

/// A batch of classification samples.
#[derive(Debug, Clone)]
pub struct ClsBatch {
    /// The images, `[N, C, H, W]`, on the 0–255 scale (the model's data preprocessor
    /// normalises them).
    pub images: Tensor<4>,
    /// The class of each image, `[N]`.
    pub labels: Tensor<1, Int>,
    /// Each sample's index in its dataset (for `--out`, in dataset order).
    pub indices: Vec<usize>,
    /// Each sample's image path (for `--out`'s `img_path`).
    pub img_paths: Vec<String>,
}

/// A built dataloader and its size.
#[derive(Clone)]
pub struct Loader {
    /// The batches.
    pub loader: Arc<dyn DataLoader<ClsBatch>>,
    /// Samples in the dataset.
    pub num_samples: usize,
    /// Batches per pass over the dataset (iterations per epoch on one device).
    pub num_batches: usize,
}

/// What a data source is told besides the dataloader's config.
#[derive(Debug, Clone)]
pub struct DataContext {
    /// The device batches are made on.
    pub device: Device,
    /// `randomness.seed` (0 if absent): shuffling and any random augmentation.
    pub seed: u64,
    /// The epoch (0-based) the loader's first pass is: a resumed run continues the sampler's
    /// order where it stopped.
    pub epoch: u64,
}

/// Builds the dataloader of a `*_dataloader` config.
pub trait DataSource: Send + Sync {
    /// The dataloader for `config` (the value of the top-level key `key`, e.g.
    /// `train_dataloader`); errors name the key path (`train_dataloader.dataset.type`).
    fn dataloader(&self, key: &str, config: &Value, ctx: &DataContext) -> anyhow::Result<Loader>;
}

/// `SyntheticTextures` when the config asks for it, an error for any other dataset type (use
/// [`DatasetsData`] for those).
#[derive(Debug, Default, Clone, Copy)]
pub struct BuiltinData;

impl DataSource for BuiltinData {
    fn dataloader(&self, key: &str, config: &Value, ctx: &DataContext) -> anyhow::Result<Loader> {
        let path = KeyPath::root().key(key);
        let dataset = config
            .get("dataset")
            .ok_or_else(|| anyhow!("{}: missing", path.clone().key("dataset")))?;
        let kind = dataset.get("type").and_then(Value::as_str).unwrap_or("");
        if kind != "SyntheticTextures" {
            bail!(
                "{}: dataset type {kind} is not SyntheticTextures (DatasetsData builds the others)",
                path.clone().key("dataset").key("type")
            );
        }
        // Loaded on the spot: workers change nothing, but a bad value is still an error.
        count(config, "num_workers", &path)?;
        let batch_size = count(config, "batch_size", &path)?.unwrap_or(1);
        if !(1..=1 << 20).contains(&batch_size) {
            bail!(
                "{}: expected 1 to 1048576, got {batch_size}",
                path.clone().key("batch_size")
            );
        }
        let shuffle = config
            .pointer("/sampler/shuffle")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let set = SyntheticTextures::from_config(dataset, &path.clone().key("dataset"), ctx.seed)?;
        let num_samples = set.len_items();
        let mut builder = DataLoaderBuilder::new(TextureBatcher::new(set.shape()))
            .batch_size(batch_size)
            .set_device(ctx.device.clone());
        if shuffle {
            builder = builder.shuffle(ctx.seed);
        }
        Ok(Loader {
            loader: builder.build(set),
            num_samples,
            num_batches: num_samples.div_ceil(batch_size),
        })
    }
}

/// The whole number at `key` of `config`, if present.
fn count(config: &Value, key: &str, path: &KeyPath) -> anyhow::Result<Option<usize>> {
    config
        .get(key)
        .filter(|value| !value.is_null())
        .map(|value| {
            value
                .as_u64()
                .and_then(|value| usize::try_from(value).ok())
                .with_context(|| {
                    format!(
                        "{}: expected a whole number, got {value}",
                        path.clone().key(key)
                    )
                })
        })
        .transpose()
}
