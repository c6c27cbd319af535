//! [`CheckedLoader`]: every batch checked against the model's [`InputSpec`] (and its labels
//! against the head's classes) before it reaches a training or validation step, so that images
//! the model cannot take (other channels than the backbone's `in_channels`, an empty dimension,
//! feature maps over the size limit) or a label past the last class stop the run with an error
//! naming the dataloader, never a panic inside the forward or the loss.

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

/// Why a label of `batch` is not one of `classes` class indices, naming the dataloader `key`.
fn check_labels(batch: &ClsBatch, classes: usize, key: &str) -> Result<(), String> {
    let labels = batch.labels.clone().into_data();
    let labels = labels
        .iter::<i64>()
        .zip(&batch.indices)
        .find(|(label, _)| usize::try_from(*label).map_or(true, |label| label >= classes));
    match labels {
        None => Ok(()),
        Some((label, index)) => Err(format!(
            "{key}: sample {index} has label {label}, but the model's head has {classes} classes \
             (0..={})",
            classes.saturating_sub(1)
        )),
    }
}

/// A dataloader whose batches are checked against `spec` and `classes`.
#[derive(Clone)]
pub struct CheckedLoader {
    inner: Arc<dyn DataLoader<ClsBatch>>,
    spec: Arc<InputSpec>,
    classes: usize,
    key: Arc<str>,
}

impl CheckedLoader {
    /// Wraps `inner`, the dataloader of `key`, for a model of `spec` with `classes` classes.
    pub fn new(
        inner: Arc<dyn DataLoader<ClsBatch>>,
        spec: InputSpec,
        classes: usize,
        key: &str,
    ) -> Self {
        Self {
            inner,
            spec: Arc::new(spec),
            classes,
            key: key.into(),
        }
    }

    fn check(&self, batch: &ClsBatch) -> Result<(), String> {
        check_batch(&self.spec, batch, &self.key)?;
        check_labels(batch, self.classes, &self.key)
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
        Some(self.inner.next()?.and_then(|batch| {
            self.loader
                .check(&batch)
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
