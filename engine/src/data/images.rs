//! [`DatasetsData`]: the datasets crate as the runner's [`DataSource`]. A `*_dataloader` dict
//! is built by `datasets::ImageDataLoader` (DATASETS, TRANSFORMS, DATA_SAMPLERS, seeded by
//! `randomness.seed`) and its batches are mapped to [`ClsBatch`]; the explicit
//! `SyntheticTextures` dataset type goes to [`BuiltinData`].

use std::sync::Arc;

use anyhow::{anyhow, bail};
use burn::data::dataloader::{DataLoader, DataLoaderIterator, Progress};
use burn::data::dataset::DatasetError;
use burn::tensor::Device;
use datasets::{ImageBatch, ImageDataLoader};
use registry_core::{BuildContext, KeyPath};
use serde_json::Value;

use super::{BuiltinData, ClsBatch, DataContext, DataSource, Loader};

/// Every dataset of `datasets::DATASETS`, and `SyntheticTextures`.
#[derive(Debug, Default, Clone, Copy)]
pub struct DatasetsData;

impl DataSource for DatasetsData {
    fn dataloader(&self, key: &str, config: &Value, ctx: &DataContext) -> anyhow::Result<Loader> {
        let kind = config.pointer("/dataset/type").and_then(Value::as_str);
        if kind == Some("SyntheticTextures") {
            return BuiltinData.dataloader(key, config, ctx);
        }
        let path = KeyPath::root().key(key);
        if !config.is_object() {
            bail!("{path}: expected a dataloader dict, got {config}");
        }
        let mut build = BuildContext::new(ctx.device.clone()).at(path.clone());
        let loader = ImageDataLoader::from_config(config, ctx.seed, &ctx.device, &mut build)
            .map_err(|error| anyhow!("{error}"))?;
        let dataset = loader.dataset().clone();
        if dataset.is_empty() {
            bail!(
                "{}: the dataset has no samples",
                path.clone().key("dataset")
            );
        }
        let labelled = dataset
            .load(0)
            .map_err(|error| anyhow!("{}: {error}", path.clone().key("dataset")))?
            .gt_label
            .is_some();
        if !labelled {
            bail!(
                "{}: the dataset has no labels (e.g. with_label=False, or ImageNet's `test` \
                 split); training and testing need them",
                path.clone().key("dataset")
            );
        }
        loader.set_epoch(ctx.epoch);
        let num_samples = loader.num_items();
        let batch_size = config
            .get("batch_size")
            .and_then(Value::as_u64)
            .and_then(|size| usize::try_from(size).ok())
            .unwrap_or(1)
            .max(1);
        let inner: Arc<dyn DataLoader<ImageBatch>> = Arc::new(loader);
        Ok(Loader {
            loader: Arc::new(ClsLoader {
                inner,
                key: key.to_owned(),
            }),
            num_samples,
            num_batches: num_samples.div_ceil(batch_size),
        })
    }
}

/// An `ImageBatch` dataloader seen as [`ClsBatch`]es.
struct ClsLoader {
    inner: Arc<dyn DataLoader<ImageBatch>>,
    key: String,
}

impl DataLoader<ClsBatch> for ClsLoader {
    fn iter<'a>(&'a self) -> Box<dyn DataLoaderIterator<ClsBatch> + 'a> {
        Box::new(ClsIter {
            inner: self.inner.iter(),
            key: &self.key,
        })
    }

    fn num_items(&self) -> usize {
        self.inner.num_items()
    }

    fn to_device(&self, device: &Device) -> Arc<dyn DataLoader<ClsBatch>> {
        Arc::new(Self {
            inner: self.inner.to_device(device),
            key: self.key.clone(),
        })
    }

    fn slice(&self, start: usize, end: usize) -> Arc<dyn DataLoader<ClsBatch>> {
        Arc::new(Self {
            inner: self.inner.slice(start, end),
            key: self.key.clone(),
        })
    }
}

struct ClsIter<'a> {
    inner: Box<dyn DataLoaderIterator<ImageBatch> + 'a>,
    key: &'a str,
}

impl Iterator for ClsIter<'_> {
    type Item = Result<ClsBatch, DatasetError>;

    fn next(&mut self) -> Option<Self::Item> {
        Some(self.inner.next()?.and_then(|batch| to_cls(batch, self.key)))
    }
}

impl DataLoaderIterator<ClsBatch> for ClsIter<'_> {
    fn progress(&self) -> Progress {
        self.inner.progress()
    }
}

/// The batch with its labels (an error naming the dataset when it has none), indices and paths.
fn to_cls(batch: ImageBatch, key: &str) -> Result<ClsBatch, DatasetError> {
    let Some(labels) = batch.labels else {
        return Err(DatasetError::new(std::io::Error::other(format!(
            "{key}.dataset: a batch without labels; training and testing need them"
        ))));
    };
    let indices = batch
        .metas
        .iter()
        .map(|meta| {
            meta.get("sample_idx")
                .and_then(Value::as_u64)
                .map_or(usize::MAX, |i| i as usize)
        })
        .collect();
    let img_paths = batch
        .metas
        .iter()
        .map(|meta| {
            meta.get("img_path")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    Ok(ClsBatch {
        images: batch.images,
        labels,
        indices,
        img_paths,
    })
}
