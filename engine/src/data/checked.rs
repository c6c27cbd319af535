//! [`CheckedLoader`]: every batch checked against the model's [`InputSpec`] before it reaches
//! a training or validation step, so that images the model cannot take (other channels than
//! the backbone's `in_channels`, an empty dimension, feature maps over the size limit) stop the
//! run with an error naming the dataloader, never a panic inside the forward.

use std::sync::Arc;

use burn::data::dataloader::{DataLoader, DataLoaderIterator, Progress};
use burn::data::dataset::DatasetError;
use burn::tensor::Device;
use registry_core::{InputSpec, SizeLimits};

use super::ClsBatch;

/// Why `batch` cannot go through a model of `spec`, naming the dataloader `key`.
pub fn check_batch(spec: &InputSpec, batch: &ClsBatch, key: &str) -> Result<(), String> {
    let dims = batch.images.dims();
    spec.check(dims, &SizeLimits::default()).map_err(|error| {
        format!("{key}: a batch of images {dims:?} does not fit the model: {error}")
    })
}

/// A dataloader whose batches are checked against `spec`.
#[derive(Clone)]
pub struct CheckedLoader {
    inner: Arc<dyn DataLoader<ClsBatch>>,
    spec: Arc<InputSpec>,
    key: Arc<str>,
}

impl CheckedLoader {
    /// Wraps `inner`, the dataloader of `key`, for a model of `spec`.
    pub fn new(inner: Arc<dyn DataLoader<ClsBatch>>, spec: InputSpec, key: &str) -> Self {
        Self {
            inner,
            spec: Arc::new(spec),
            key: key.into(),
        }
    }

    fn wrap(&self, inner: Arc<dyn DataLoader<ClsBatch>>) -> Arc<dyn DataLoader<ClsBatch>> {
        Arc::new(Self {
            inner,
            ..self.clone()
        })
    }
}

impl DataLoader<ClsBatch> for CheckedLoader {
    fn iter<'a>(&'a self) -> Box<dyn DataLoaderIterator<ClsBatch> + 'a> {
        Box::new(CheckedIter {
            inner: self.inner.iter(),
            loader: self,
        })
    }

    fn num_items(&self) -> usize {
        self.inner.num_items()
    }

    fn to_device(&self, device: &Device) -> Arc<dyn DataLoader<ClsBatch>> {
        self.wrap(self.inner.to_device(device))
    }

    fn slice(&self, start: usize, end: usize) -> Arc<dyn DataLoader<ClsBatch>> {
        self.wrap(self.inner.slice(start, end))
    }
}

struct CheckedIter<'a> {
    inner: Box<dyn DataLoaderIterator<ClsBatch> + 'a>,
    loader: &'a CheckedLoader,
}

impl Iterator for CheckedIter<'_> {
    type Item = Result<ClsBatch, DatasetError>;

    fn next(&mut self) -> Option<Self::Item> {
        let (spec, key) = (&self.loader.spec, &self.loader.key);
        Some(self.inner.next()?.and_then(|batch| {
            check_batch(spec, &batch, key)
                .map(|()| batch)
                .map_err(|message| DatasetError::new(std::io::Error::other(message)))
        }))
    }
}

impl DataLoaderIterator<ClsBatch> for CheckedIter<'_> {
    fn progress(&self) -> Progress {
        self.inner.progress()
    }
}
