//! `ImageDataLoader`: a dataset, a sampler and worker threads, as a Burn `DataLoader`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use burn::data::dataloader::{DataLoader, DataLoaderIterator};
use burn::tensor::Device;
use registry_core::{BuildContext, BuildError};
use serde_json::Value;

use super::batch::ImageBatch;
use super::config::DataLoaderConfig;
use super::iter::BatchIter;
use crate::dataset::ImageDataset;
use crate::registries::{DATA_SAMPLERS, DATASETS};
use crate::sampler::DataSampler;

/// Batches of a dataset in its sampler's order, decoded and transformed by `num_workers`
/// threads, on `device`. Each call of [`DataLoader::iter`] is the next epoch.
#[derive(Clone)]
pub struct ImageDataLoader {
    pub(super) dataset: Arc<dyn ImageDataset>,
    pub(super) sampler: Arc<dyn DataSampler>,
    pub(super) batch_size: usize,
    pub(super) drop_last: bool,
    pub(super) seed: u64,
    pub(super) device: Device,
    pub(super) pool: Option<Arc<rayon::ThreadPool>>,
    /// Batches loaded ahead by the workers.
    pub(super) prefetch: usize,
    epoch: Arc<AtomicU64>,
    /// The window `[start, end)` of each epoch's order this loader covers (`slice`).
    pub(super) window: Option<(usize, usize)>,
}

impl ImageDataLoader {
    /// Builds from an mmengine dataloader dict; `seed` is `randomness.seed`. `ctx` is at the
    /// dict's key (`train_dataloader`), so errors read `train_dataloader.dataset.pipeline[1].type`.
    pub fn from_config(
        config: &Value,
        seed: u64,
        device: &Device,
        ctx: &mut BuildContext,
    ) -> Result<Self, BuildError> {
        let config: DataLoaderConfig = serde_path_to_error::deserialize(config).map_err(|e| {
            let (path, message) = (e.path().to_string(), e.into_inner().to_string());
            match path.as_str() {
                "." => ctx.invalid_here(message),
                _ => ctx.invalid(path, message),
            }
        })?;
        if config.batch_size == 0 || config.batch_size > 1 << 20 {
            return Err(ctx.invalid(
                "batch_size",
                format!("expected 1 to 1048576, got {}", config.batch_size),
            ));
        }
        if config.batch_sampler.as_ref().is_some_and(|v| !v.is_null()) {
            return Err(ctx.invalid(
                "batch_sampler",
                "batch samplers are not supported; use `sampler` and `batch_size`",
            ));
        }
        if let Some(collate) = config.collate_fn.as_ref().filter(|v| !v.is_null()) {
            let name = collate.get("type").and_then(Value::as_str).unwrap_or("");
            if !matches!(name, "default_collate" | "pseudo_collate") {
                return Err(ctx.invalid(
                    "collate_fn",
                    format!(
                        "expected dict(type='default_collate') or 'pseudo_collate', got {collate}"
                    ),
                ));
            }
        }
        let sampler = config.sampler.as_ref().filter(|v| !v.is_null()).ok_or_else(|| {
            ctx.invalid("sampler", "expected a sampler dict, e.g. dict(type='DefaultSampler', shuffle=True) (mmengine requires one)")
        })?;
        let dataset = ctx.build(&DATASETS, "dataset", &config.dataset)?;
        let sampler = ctx.build(&DATA_SAMPLERS, "sampler", sampler)?;
        let pool = Self::pool(config.num_workers).map_err(|e| ctx.invalid("num_workers", e))?;
        if !(1..=64).contains(&config.prefetch_factor) {
            let got = config.prefetch_factor;
            return Err(ctx.invalid("prefetch_factor", format!("expected 1 to 64, got {got}")));
        }
        Ok(ImageDataLoader {
            dataset: Arc::from(dataset),
            sampler: Arc::from(sampler),
            batch_size: config.batch_size,
            drop_last: config.drop_last,
            seed,
            device: device.clone(),
            pool,
            prefetch: config.prefetch_factor,
            epoch: Arc::new(AtomicU64::new(0)),
            window: None,
        })
    }

    /// A loader over an already built dataset and sampler.
    pub fn new(
        dataset: Arc<dyn ImageDataset>,
        sampler: Arc<dyn DataSampler>,
        batch_size: usize,
        num_workers: usize,
        drop_last: bool,
        seed: u64,
        device: &Device,
    ) -> Result<Self, String> {
        if batch_size == 0 {
            return Err("batch_size must be at least 1".into());
        }
        let pool = Self::pool(num_workers)?;
        let epoch = Arc::new(AtomicU64::new(0));
        Ok(ImageDataLoader {
            dataset,
            sampler,
            batch_size,
            drop_last,
            seed,
            device: device.clone(),
            pool,
            prefetch: 2,
            epoch,
            window: None,
        })
    }

    fn pool(num_workers: usize) -> Result<Option<Arc<rayon::ThreadPool>>, String> {
        if num_workers == 0 {
            return Ok(None);
        }
        if num_workers > 1024 {
            return Err(format!("expected at most 1024 workers, got {num_workers}"));
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(num_workers)
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Some(Arc::new(pool)))
    }

    /// The dataset.
    pub fn dataset(&self) -> &Arc<dyn ImageDataset> {
        &self.dataset
    }

    /// The epoch the next [`DataLoader::iter`] call will produce (mmengine's `set_epoch`, for resuming).
    pub fn set_epoch(&self, epoch: u64) {
        self.epoch.store(epoch, Ordering::SeqCst);
    }

    /// The epoch the next [`DataLoader::iter`] call will produce.
    pub fn next_epoch(&self) -> u64 {
        self.epoch.load(Ordering::SeqCst)
    }

    /// The batches of `epoch`, without advancing the epoch counter.
    pub fn epoch_iter(&self, epoch: u64) -> BatchIter<'_> {
        BatchIter::new(self, epoch)
    }

    /// The samples one epoch visits (after `drop_last`).
    pub fn epoch_items(&self) -> usize {
        let (start, end) = self.window.unwrap_or((0, self.dataset.len()));
        let n = end.saturating_sub(start);
        if self.drop_last {
            n - n % self.batch_size
        } else {
            n
        }
    }
}

impl DataLoader<ImageBatch> for ImageDataLoader {
    fn iter<'a>(&'a self) -> Box<dyn DataLoaderIterator<ImageBatch> + 'a> {
        let epoch = self.epoch.fetch_add(1, Ordering::SeqCst);
        Box::new(self.epoch_iter(epoch))
    }

    fn num_items(&self) -> usize {
        self.epoch_items()
    }

    fn to_device(&self, device: &Device) -> Arc<dyn DataLoader<ImageBatch>> {
        Arc::new(ImageDataLoader {
            device: device.clone(),
            ..self.clone()
        })
    }

    fn slice(&self, start: usize, end: usize) -> Arc<dyn DataLoader<ImageBatch>> {
        let (base, limit) = self.window.unwrap_or((0, self.dataset.len()));
        let window = ((base + start).min(limit), (base + end).min(limit));
        let epoch = Arc::new(AtomicU64::new(self.epoch.load(Ordering::SeqCst)));
        Arc::new(ImageDataLoader {
            window: Some(window),
            epoch,
            ..self.clone()
        })
    }
}
